/* sw-target.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-aws-config.h"
#include "sw-aws-error.h"
#include "sw-target.h"

#ifdef SW_HAVE_SERVICE
# include "sw-service.h"
#endif
#ifdef SW_HAVE_SAGEMAKER
# include "sw-sagemaker.h"
#endif

#define APP_SCHEMA "io.github.stepwise.Stepwise"
#define LOCAL_REGION "us-east-1"

struct _SwTarget
{
  GObject parent_instance;

  SwTargetKind kind;
  char *id;
  char *label;
  char *profile;
  char *region;
  char *url;
  char *db_path;
  gboolean fixed_client;

  SwSfnClient *client;
  SwSageMakerClient *sagemaker_client;
  GError *error;
  GObject *service;
  GObject *sagemaker;
  char *local_url;
};

G_DEFINE_FINAL_TYPE (SwTarget, sw_target, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sw_target_dispose (GObject *object)
{
  SwTarget *self = SW_TARGET (object);

  sw_target_shutdown (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sw_target_parent_class)->dispose (object);
}

static void
sw_target_finalize (GObject *object)
{
  SwTarget *self = SW_TARGET (object);

  g_free (self->id);
  g_free (self->label);
  g_free (self->profile);
  g_free (self->region);
  g_free (self->url);
  g_free (self->db_path);
  g_free (self->local_url);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sw_target_parent_class)->finalize (object);
}

static void
sw_target_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SwTarget *self = SW_TARGET (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_target_class_init (SwTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_target_dispose;
  object_class->finalize = sw_target_finalize;
  object_class->get_property = sw_target_get_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_target_init (SwTarget *self)
{
}

/* Settings are optional: the schema may be missing (tests of the core, other apps). */
static GSettings *
app_settings_if_key (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_SCHEMA, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;
  return g_settings_new (APP_SCHEMA);
}

/**
 * sw_target_new_local:
 * @db_path: (nullable): where local runs persist; %NULL keeps them in memory
 *
 * Returns: (transfer full): "This computer (dry run)"
 */
SwTarget *
sw_target_new_local (const char *db_path)
{
  SwTarget *self = g_object_new (SW_TYPE_TARGET, NULL);

  self->kind = SW_TARGET_LOCAL;
  self->id = g_strdup ("local");
  self->label = g_strdup (_("This computer (dry run)"));
  self->region = g_strdup (LOCAL_REGION);
  self->db_path = g_strdup (db_path);
  return self;
}

/**
 * sw_target_new_aws:
 * @profile: (nullable): the profile, %NULL for the default chain
 * @region: (nullable): the region, %NULL for the profile's
 *
 * Returns: (transfer full): an AWS target
 */
SwTarget *
sw_target_new_aws (const char *profile,
                   const char *region)
{
  SwTarget *self = g_object_new (SW_TYPE_TARGET, NULL);

  self->kind = SW_TARGET_AWS;
  self->profile = g_strdup (profile != NULL && *profile != '\0' ? profile : NULL);
  self->region = g_strdup (region != NULL && *region != '\0' ? region : NULL);
  self->id = g_strdup_printf ("aws:%s:%s", self->profile ? self->profile : "",
                              self->region ? self->region : "");
  /* Translators: an AWS profile and region, "default · eu-west-1" */
  self->label = g_strdup_printf (_("AWS %s · %s"), self->profile ? self->profile : "default",
                                 self->region ? self->region : _("profile region"));
  return self;
}

/**
 * sw_target_new_endpoint:
 * @url: a Step Functions compatible endpoint
 *
 * Returns: (transfer full): a custom endpoint target; credentials come from the AWS config
 */
SwTarget *
sw_target_new_endpoint (const char *url)
{
  SwTarget *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (SW_TYPE_TARGET, NULL);
  self->kind = SW_TARGET_ENDPOINT;
  self->url = g_strdup (url);
  self->id = g_strconcat ("endpoint:", url, NULL);
  self->label = g_strdup (url);
  return self;
}

/**
 * sw_target_new_for_client:
 * @label: what the picker shows
 * @client: a ready client
 * @local: whether it is a local endpoint (a lost endpoint loses the run)
 *
 * Returns: (transfer full): a target over @client; its SageMaker client shares the
 *   endpoint, region and credentials
 */
SwTarget *
sw_target_new_for_client (const char  *label,
                          SwSfnClient *client,
                          gboolean     local)
{
  SwTarget *self;

  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (SW_IS_SFN_CLIENT (client), NULL);

  self = g_object_new (SW_TYPE_TARGET, NULL);
  self->kind = local ? SW_TARGET_LOCAL : SW_TARGET_ENDPOINT;
  self->id = g_strconcat ("client:", sw_sfn_client_get_endpoint (client), NULL);
  self->label = g_strdup (label);
  self->url = g_strdup (sw_sfn_client_get_endpoint (client));
  self->region = g_strdup (sw_sfn_client_get_region (client));
  self->client = g_object_ref (client);
  self->fixed_client = TRUE;
  return self;
}

char *
sw_target_dup_default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "stepwise", "local.db", NULL);
}

SwTargetKind
sw_target_get_kind (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), SW_TARGET_LOCAL);
  return self->kind;
}

const char *
sw_target_get_label (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), NULL);
  return self->label;
}

const char *
sw_target_get_id (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), NULL);
  return self->id;
}

const char *
sw_target_get_profile (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), NULL);
  return self->profile;
}

const char *
sw_target_get_region (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), NULL);
  return self->region;
}

gboolean
sw_target_is_local (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), FALSE);
  return self->kind == SW_TARGET_LOCAL;
}

gboolean
sw_target_needs_role (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), FALSE);
  return self->kind != SW_TARGET_LOCAL;
}

G_GNUC_UNUSED static SwCredentialsProvider *
local_credentials (void)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new ("stepwise-local",
                                                             "stepwise-local", NULL, NULL);

  return sw_credentials_provider_new_static (credentials);
}

static gboolean
start_local (SwTarget  *self,
             GError   **error)
{
#ifdef SW_HAVE_SERVICE
  g_autoptr(SwService) service = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SwCredentialsProvider) credentials = NULL;

  if (self->db_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->db_path);

      g_mkdir_with_parents (dir, 0700);
    }
  service = sw_service_new (self->db_path, error);
  if (service == NULL)
    return FALSE;
  if ((settings = app_settings_if_key ("wait-scale")) != NULL)
    sw_service_set_wait_scale (service, g_settings_get_double (settings, "wait-scale"));
# ifdef SW_HAVE_SAGEMAKER
  {
    g_autoptr(GSettings) s3 = app_settings_if_key ("local-s3-root");
    g_autofree char *root = s3 != NULL ? g_settings_get_string (s3, "local-s3-root") : NULL;
    g_autoptr(GSettings) threads = app_settings_if_key ("trainer-threads");
    SwSageMaker *sagemaker;

    if (root == NULL || *root == '\0')
      {
        g_free (root);
        root = g_build_filename (g_get_user_data_dir (), "stepwise", "s3", NULL);
      }
    sagemaker = sw_sagemaker_new (root);
    if (threads != NULL && g_settings_get_int (threads, "trainer-threads") > 0)
      sw_sagemaker_set_max_threads (sagemaker, g_settings_get_int (threads, "trainer-threads"));
    if (settings != NULL)
      sw_sagemaker_set_wait_scale (sagemaker, g_settings_get_double (settings, "wait-scale"));
    self->sagemaker = G_OBJECT (sagemaker);
    sw_service_set_sagemaker (service, sagemaker);
  }
# endif
  if (!sw_service_listen (service, "127.0.0.1", 0, error))
    return FALSE;
  self->local_url = sw_service_dup_url (service);
  self->service = G_OBJECT (g_steal_pointer (&service));
  credentials = local_credentials ();
  self->client = sw_sfn_client_new (self->local_url, LOCAL_REGION, credentials);
  g_debug ("local endpoint at %s", self->local_url);
  return TRUE;
#else
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("This build has no local endpoint; choose an AWS profile or an endpoint URL"));
  return FALSE;
#endif
}

static gboolean
make_client (SwTarget  *self,
             GError   **error)
{
  g_autoptr(SwAwsConfig) config = NULL;

  if (self->kind == SW_TARGET_LOCAL)
    return start_local (self, error);

  config = sw_aws_config_new (NULL, self->profile, error);
  if (config == NULL)
    return FALSE;
  self->client = sw_sfn_client_new_for_config (config, self->url, self->region, error);
  return self->client != NULL;
}

/**
 * sw_target_get_client:
 *
 * Makes the client on first use (starting the local endpoint for the local target).
 *
 * Returns: (transfer none) (nullable): the Step Functions client; %NULL when it cannot be
 *   made, with the reason in sw_target_get_error()
 */
SwSfnClient *
sw_target_get_client (SwTarget *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SW_IS_TARGET (self), NULL);

  if (self->client != NULL)
    return self->client;
  if (!make_client (self, &error))
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      return NULL;
    }
  g_clear_error (&self->error);
  return self->client;
}

/**
 * sw_target_get_sagemaker_client:
 *
 * Returns: (transfer none) (nullable): a SageMaker client on the same target
 */
SwSageMakerClient *
sw_target_get_sagemaker_client (SwTarget *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) config = NULL;
  SwSfnClient *client;

  g_return_val_if_fail (SW_IS_TARGET (self), NULL);

  if (self->sagemaker_client != NULL)
    return self->sagemaker_client;
  if ((client = sw_target_get_client (self)) == NULL)
    return NULL;
  if (self->kind == SW_TARGET_LOCAL || self->fixed_client)
    {
      self->sagemaker_client =
        sw_sagemaker_client_new (sw_sfn_client_get_endpoint (client), NULL,
                                 sw_sfn_client_get_region (client),
                                 sw_sfn_client_get_credentials_provider (client));
      return self->sagemaker_client;
    }
  config = sw_aws_config_new (NULL, self->profile, &error);
  if (config != NULL)
    self->sagemaker_client = sw_sagemaker_client_new_for_config (config, self->url,
                                                                 self->region, &error);
  if (self->sagemaker_client == NULL)
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }
  return self->sagemaker_client;
}

const GError *
sw_target_get_error (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), NULL);
  return self->error;
}

const char *
sw_target_get_local_url (SwTarget *self)
{
  g_return_val_if_fail (SW_IS_TARGET (self), NULL);
  return self->local_url;
}

void
sw_target_shutdown (SwTarget *self)
{
  g_return_if_fail (SW_IS_TARGET (self));

  g_clear_object (&self->sagemaker_client);
  if (!self->fixed_client)
    g_clear_object (&self->client);
  g_clear_object (&self->service);
  g_clear_object (&self->sagemaker);
  g_clear_pointer (&self->local_url, g_free);
}

/* The AWS profiles of the shared config and credentials files. */
/**
 * sw_target_list_available:
 * @local: (nullable): the local target to list first (kept so the endpoint stays up)
 *
 * Returns: (transfer full): a #GListModel of #SwTarget
 */
GListModel *
sw_target_list_available (SwTarget *local)
{
  GListStore *store = g_list_store_new (SW_TYPE_TARGET);
  g_autoptr(GSettings) settings = app_settings_if_key ("endpoint-url");
  g_autoptr(SwAwsConfig) config = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  if (local != NULL)
    g_list_store_append (store, local);
  else
    {
      g_autoptr(SwTarget) target = sw_target_new_local (NULL);

      g_list_store_append (store, target);
    }

  /* Every profile of ~/.aws/config and ~/.aws/credentials with its own region, whatever
   * AWS_PROFILE names ("default" is never refused). */
  config = sw_aws_config_new (NULL, "default", &error);
  if (config == NULL)
    g_debug ("No AWS profiles listed: %s", error->message);
  else
    profiles = sw_aws_config_list_profiles (config);
  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    {
      SwAwsProfile *profile = g_ptr_array_index (profiles, i);
      g_autoptr(SwTarget) target = sw_target_new_aws (profile->name, profile->region);

      g_list_store_append (store, target);
    }

  if (settings != NULL)
    endpoint = g_settings_get_string (settings, "endpoint-url");
  if (endpoint != NULL && *endpoint != '\0')
    {
      g_autoptr(SwTarget) target = sw_target_new_endpoint (endpoint);

      g_list_store_append (store, target);
    }
  return G_LIST_MODEL (store);
}
