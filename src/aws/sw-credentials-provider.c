/* sw-credentials-provider.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The credential chain of the AWS CLI, minus the sources that need other AWS services
 * (assume-role, web identity, SSO, instance and container metadata):
 *
 *   environment (unless --profile was given) → role_arn / SSO / web identity: refused
 *   → shared credentials file → credential_process → config file.
 *
 * credential_process credentials expire: they are run again when less than the advisory
 * refresh time is left, and callers asking at the same time share one run. */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-aws-private.h"
#include "sw-credentials-provider.h"

/* credential_process output beyond this is refused. */
#define MAX_PROCESS_OUTPUT (64 * 1024)

typedef struct
{
  GTask *task;
  gulong cancelled_id;
} Waiter;

struct _SwCredentialsProvider
{
  GObject parent_instance;

  SwCredentialsSource source;
  SwCredentials *credentials;
  char *command;
  GStrv environment;

  GPtrArray *waiters;   /* Waiter*, while a credential_process runs */
  GCancellable *refresh_cancellable;
  GSubprocess *process;
  guint n_refreshes;

  SwAwsClockFunc clock_func;
  gpointer clock_data;
};

G_DEFINE_FINAL_TYPE (SwCredentialsProvider, sw_credentials_provider, G_TYPE_OBJECT)

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (waiter->task), waiter->cancelled_id);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
sw_credentials_provider_dispose (GObject *object)
{
  SwCredentialsProvider *self = SW_CREDENTIALS_PROVIDER (object);

  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->process);
  g_clear_object (&self->refresh_cancellable);

  G_OBJECT_CLASS (sw_credentials_provider_parent_class)->dispose (object);
}

static void
sw_credentials_provider_finalize (GObject *object)
{
  SwCredentialsProvider *self = SW_CREDENTIALS_PROVIDER (object);

  g_clear_pointer (&self->credentials, sw_credentials_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_free (self->command);
  g_strfreev (self->environment);

  G_OBJECT_CLASS (sw_credentials_provider_parent_class)->finalize (object);
}

static void
sw_credentials_provider_class_init (SwCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_credentials_provider_dispose;
  object_class->finalize = sw_credentials_provider_finalize;
}

static void
sw_credentials_provider_init (SwCredentialsProvider *self)
{
  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
}

/**
 * sw_credentials_provider_new_static:
 * @credentials: the credentials to hand out
 *
 * Returns: (transfer full): a provider that always gives @credentials
 */
SwCredentialsProvider *
sw_credentials_provider_new_static (SwCredentials *credentials)
{
  SwCredentialsProvider *self;

  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (SW_TYPE_CREDENTIALS_PROVIDER, NULL);
  self->source = SW_CREDENTIALS_SOURCE_STATIC;
  self->credentials = sw_credentials_ref (credentials);
  return self;
}

/**
 * sw_credentials_provider_new_process:
 * @command: a `credential_process` command line, split as a POSIX shell would (no shell
 *   runs it)
 * @environment: (nullable) (array zero-terminated=1): its environment, %NULL to inherit
 *
 * Returns: (transfer full): a provider that runs @command for credentials and runs it
 *   again before they expire
 */
SwCredentialsProvider *
sw_credentials_provider_new_process (const char        *command,
                                     const char *const *environment)
{
  SwCredentialsProvider *self;

  g_return_val_if_fail (command != NULL, NULL);

  self = g_object_new (SW_TYPE_CREDENTIALS_PROVIDER, NULL);
  self->source = SW_CREDENTIALS_SOURCE_PROCESS;
  self->command = g_strdup (command);
  self->environment = environment != NULL ? g_strdupv ((char **) environment) : NULL;
  return self;
}

static SwCredentialsProvider *
new_for_source (SwCredentialsSource  source,
                SwCredentials       *credentials)
{
  SwCredentialsProvider *self = sw_credentials_provider_new_static (credentials);

  self->source = source;
  return self;
}

/* Reads a key pair from one place; both halves or neither. */
static gboolean
read_pair (const char     *where,
           const char     *access_key_id,
           const char     *secret_access_key,
           const char     *session_token,
           SwCredentials **credentials,
           GError        **error)
{
  if (access_key_id == NULL && secret_access_key == NULL)
    return TRUE;
  if (access_key_id == NULL || secret_access_key == NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("Partial credentials found in %s: missing %s"), where,
                   access_key_id == NULL ? "aws_access_key_id" : "aws_secret_access_key");
      return FALSE;
    }
  *credentials = sw_credentials_new (access_key_id, secret_access_key, session_token, NULL);
  return TRUE;
}

/**
 * sw_credentials_provider_new_for_config:
 * @config: the configuration
 * @error: return location for an error
 *
 * Picks the first source of the chain that @config sets up.
 *
 * Returns: (transfer full) (nullable): the provider, %NULL with %SW_AWS_ERROR_NO_CREDENTIALS
 *   when no source is set up, %SW_AWS_ERROR_CREDENTIALS when one is but cannot be used
 */
SwCredentialsProvider *
sw_credentials_provider_new_for_config (SwAwsConfig  *config,
                                        GError      **error)
{
  g_autoptr(SwCredentials) credentials = NULL;
  static const char *const unsupported[] = {
    "role_arn", "web_identity_token_file", "sso_session", "sso_start_url",
  };
  const char *process;
  const char *profile;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  profile = sw_aws_config_get_profile_name (config);

  /* An explicit --profile wins over the environment, as in the AWS CLI. */
  if (!sw_aws_config_get_profile_explicit (config))
    {
      const char *key = sw_aws_config_getenv (config, "AWS_ACCESS_KEY_ID");
      const char *secret = sw_aws_config_getenv (config, "AWS_SECRET_ACCESS_KEY");
      const char *token = sw_aws_config_getenv (config, "AWS_SESSION_TOKEN");
      const char *expiration = sw_aws_config_getenv (config, "AWS_CREDENTIAL_EXPIRATION");

      if (token == NULL)
        token = sw_aws_config_getenv (config, "AWS_SECURITY_TOKEN");
      if (key != NULL || secret != NULL)
        {
          g_autoptr(GDateTime) expires = NULL;

          if (key == NULL || secret == NULL)
            {
              g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                           _("Partial credentials found in the environment: %s is not set"),
                           key == NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY");
              return NULL;
            }
          if (expiration != NULL &&
              (expires = g_date_time_new_from_iso8601 (expiration, NULL)) == NULL)
            {
              g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                           _("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: %s"),
                           expiration);
              return NULL;
            }
          credentials = sw_credentials_new (key, secret, token, expires);
          return new_for_source (SW_CREDENTIALS_SOURCE_ENVIRONMENT, credentials);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    if (sw_aws_config_get_value (config, unsupported[i]) != NULL)
      {
        g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                     _("Profile %s uses “%s”, a credential source Stepwise does not support; "
                       "use keys or credential_process (for example “aws configure "
                       "export-credentials --profile %s --format process”)"),
                     profile, unsupported[i], profile);
        return NULL;
      }

  if (!read_pair (sw_aws_config_get_credentials_path (config),
                  _sw_aws_config_get_file_value (config, TRUE, "aws_access_key_id"),
                  _sw_aws_config_get_file_value (config, TRUE, "aws_secret_access_key"),
                  _sw_aws_config_get_file_value (config, TRUE, "aws_session_token") ?:
                  _sw_aws_config_get_file_value (config, TRUE, "aws_security_token"),
                  &credentials, error))
    return NULL;
  if (credentials != NULL)
    return new_for_source (SW_CREDENTIALS_SOURCE_SHARED_CREDENTIALS_FILE, credentials);

  process = sw_aws_config_get_value (config, "credential_process");
  if (process != NULL)
    return sw_credentials_provider_new_process (process,
                                                sw_aws_config_get_environment (config));

  if (!read_pair (sw_aws_config_get_config_path (config),
                  _sw_aws_config_get_file_value (config, FALSE, "aws_access_key_id"),
                  _sw_aws_config_get_file_value (config, FALSE, "aws_secret_access_key"),
                  _sw_aws_config_get_file_value (config, FALSE, "aws_session_token") ?:
                  _sw_aws_config_get_file_value (config, FALSE, "aws_security_token"),
                  &credentials, error))
    return NULL;
  if (credentials != NULL)
    return new_for_source (SW_CREDENTIALS_SOURCE_CONFIG_FILE, credentials);

  g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_NO_CREDENTIALS,
               _("Unable to locate credentials for profile %s: set AWS_ACCESS_KEY_ID and "
                 "AWS_SECRET_ACCESS_KEY, or configure the profile in %s or %s"),
               profile, sw_aws_config_get_credentials_path (config),
               sw_aws_config_get_config_path (config));
  return NULL;
}

SwCredentialsSource
sw_credentials_provider_get_source (SwCredentialsProvider *self)
{
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (self), SW_CREDENTIALS_SOURCE_STATIC);
  return self->source;
}

/**
 * sw_credentials_source_to_string:
 *
 * Returns: a stable name for @source, as the AWS CLI names its providers (`env`,
 *   `shared-credentials-file`, `config-file`, `custom-process`, `static`)
 */
const char *
sw_credentials_source_to_string (SwCredentialsSource source)
{
  switch (source)
    {
    case SW_CREDENTIALS_SOURCE_ENVIRONMENT:
      return "env";
    case SW_CREDENTIALS_SOURCE_SHARED_CREDENTIALS_FILE:
      return "shared-credentials-file";
    case SW_CREDENTIALS_SOURCE_CONFIG_FILE:
      return "config-file";
    case SW_CREDENTIALS_SOURCE_PROCESS:
      return "custom-process";
    case SW_CREDENTIALS_SOURCE_STATIC:
    default:
      return "static";
    }
}

/**
 * sw_credentials_provider_can_refresh:
 *
 * Returns: whether asking again may give other credentials (credential_process)
 */
gboolean
sw_credentials_provider_can_refresh (SwCredentialsProvider *self)
{
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (self), FALSE);
  return self->command != NULL;
}

/**
 * sw_credentials_provider_invalidate:
 *
 * Drops cached credentials of a refreshable source, so the next request fetches new ones
 * (after the service said they expired).
 */
void
sw_credentials_provider_invalidate (SwCredentialsProvider *self)
{
  g_return_if_fail (SW_IS_CREDENTIALS_PROVIDER (self));

  if (self->command != NULL)
    g_clear_pointer (&self->credentials, sw_credentials_unref);
}

static GDateTime *
provider_now (SwCredentialsProvider *self)
{
  if (self->clock_func != NULL)
    return self->clock_func (self->clock_data);
  return g_date_time_new_now_utc ();
}

static gint64
seconds_left (SwCredentialsProvider *self,
              SwCredentials         *credentials)
{
  g_autoptr(GDateTime) now = provider_now (self);

  return sw_credentials_get_seconds_left (credentials, now);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static SwCredentials *
parse_process_output (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) expiration = NULL;
  JsonObject *object;
  JsonNode *version;
  const char *key, *secret, *token, *expires;

  /* A process that prints nothing gives no data at all, which json-glib refuses with a
   * critical; one that prints white space only gives no root. */
  if (data == NULL || length == 0 ||
      !json_parser_load_from_data (parser, data, length, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("credential_process did not print a JSON object"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  version = json_object_get_member (object, "Version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 1)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("credential_process printed an unsupported Version; only 1 is known"));
      return NULL;
    }

  key = member_string (object, "AccessKeyId");
  secret = member_string (object, "SecretAccessKey");
  token = member_string (object, "SessionToken");
  expires = member_string (object, "Expiration");
  if (key == NULL || *key == '\0' || secret == NULL || *secret == '\0')
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("credential_process printed no %s"),
                   key == NULL || *key == '\0' ? "AccessKeyId" : "SecretAccessKey");
      return NULL;
    }
  if (expires != NULL && (expiration = g_date_time_new_from_iso8601 (expires, NULL)) == NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("credential_process printed an Expiration that is not an ISO 8601 "
                     "time: %s"), expires);
      return NULL;
    }
  return sw_credentials_new (key, secret, token, expiration);
}

static void
complete_waiters (SwCredentialsProvider *self,
                  SwCredentials         *credentials,
                  const GError          *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (credentials != NULL)
        g_task_return_pointer (waiter->task, sw_credentials_ref (credentials),
                               (GDestroyNotify) sw_credentials_unref);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
    }
}

static void
process_done (SwCredentialsProvider *self,
              SwCredentials         *fresh,
              GError                *error)
{
  g_clear_object (&self->process);
  g_clear_object (&self->refresh_cancellable);

  if (fresh != NULL && seconds_left (self, fresh) <= 0)
    {
      g_clear_pointer (&fresh, sw_credentials_unref);
      g_set_error (&error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("credential_process printed credentials that have already expired"));
    }

  if (fresh != NULL)
    {
      g_clear_pointer (&self->credentials, sw_credentials_unref);
      self->credentials = fresh;
      self->n_refreshes++;
      g_debug ("credential_process gave credentials for %" G_GINT64_FORMAT " s",
               sw_credentials_get_expiration (fresh) ? seconds_left (self, fresh) : -1);
      complete_waiters (self, fresh, NULL);
      return;
    }

  /* Still good for a while: a failed advisory refresh is not fatal. */
  if (self->credentials != NULL &&
      seconds_left (self, self->credentials) > SW_CREDENTIALS_MANDATORY_REFRESH_SECONDS)
    {
      g_debug ("credential_process failed, keeping the current credentials: %s",
               error->message);
      complete_waiters (self, self->credentials, NULL);
    }
  else
    complete_waiters (self, NULL, error);
  g_error_free (error);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SwCredentialsProvider) self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  GError *error = NULL;
  SwCredentials *fresh = NULL;
  gsize length;
  const char *data;

  if (!g_subprocess_communicate_finish (process, result, &out, &err, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_subprocess_force_exit (process);
      process_done (self, NULL, error);
      return;
    }

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *message = NULL;

      data = err != NULL ? g_bytes_get_data (err, &length) : NULL;
      message = data != NULL ? g_utf8_make_valid (data, MIN (length, 1024)) : g_strdup ("");
      g_strstrip (message);
      g_set_error (&error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                   _("credential_process failed (%s): %s"),
                   g_subprocess_get_if_exited (process) ? _("non-zero exit status")
                                                        : _("killed by a signal"),
                   message);
      process_done (self, NULL, error);
      return;
    }

  data = out != NULL ? g_bytes_get_data (out, &length) : "";
  if (out == NULL)
    length = 0;
  if (length > MAX_PROCESS_OUTPUT)
    g_set_error (&error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS,
                 _("credential_process printed more than %u bytes"), MAX_PROCESS_OUTPUT);
  else
    fresh = parse_process_output (data, length, &error);
  process_done (self, fresh, error);
}

static void
start_process (SwCredentialsProvider *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;
  GError *error = NULL;

  if (!g_shell_parse_argv (self->command, NULL, &argv, &error))
    {
      g_prefix_error (&error, _("Cannot parse credential_process: "));
      process_done (self, NULL, error);
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  if (self->environment != NULL)
    g_subprocess_launcher_set_environ (launcher, self->environment);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
  if (self->process == NULL)
    {
      g_prefix_error (&error, _("Cannot run credential_process: "));
      process_done (self, NULL, error);
      return;
    }

  self->refresh_cancellable = g_cancellable_new ();
  g_subprocess_communicate_async (self->process, NULL, self->refresh_cancellable,
                                  communicate_cb, g_object_ref (self));
}

static gboolean
cancel_waiter_in_idle (gpointer user_data)
{
  GTask *task = user_data;
  SwCredentialsProvider *self = g_task_get_source_object (task);

  for (guint i = 0; i < self->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (self->waiters, i);

      if (waiter->task == task)
        {
          g_autoptr(GTask) keep = g_object_ref (task);

          g_ptr_array_remove_index (self->waiters, i);
          g_task_return_error_if_cancelled (keep);
          break;
        }
    }
  /* Nobody waits for the process any more. */
  if (self->waiters->len == 0 && self->refresh_cancellable != NULL)
    {
      g_cancellable_cancel (self->refresh_cancellable);
      if (self->process != NULL)
        g_subprocess_force_exit (self->process);
    }
  return G_SOURCE_REMOVE;
}

/* Runs from g_cancellable_cancel(), maybe on another thread: the waiter is dropped in its
 * task's context. */
static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancel_waiter_in_idle, g_object_ref (waiter->task),
                         g_object_unref);
  g_source_attach (source, g_task_get_context (waiter->task));
  g_source_unref (source);
}

/**
 * sw_credentials_provider_get_async:
 * @cancellable: (nullable): a cancellable
 * @callback: called with the credentials
 *
 * Gets credentials: cached ones while they have more than
 * %SW_CREDENTIALS_ADVISORY_REFRESH_SECONDS left, else fresh ones.
 */
void
sw_credentials_provider_get_async (SwCredentialsProvider *self,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (SW_IS_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_credentials_provider_get_async);

  if (self->credentials != NULL &&
      (self->command == NULL ||
       seconds_left (self, self->credentials) > SW_CREDENTIALS_ADVISORY_REFRESH_SECONDS))
    {
      g_task_return_pointer (task, sw_credentials_ref (self->credentials),
                             (GDestroyNotify) sw_credentials_unref);
      return;
    }
  if (self->command == NULL)
    {
      /* Only a static provider without credentials could get here. */
      g_task_return_new_error (task, SW_AWS_ERROR, SW_AWS_ERROR_NO_CREDENTIALS,
                               _("No credentials"));
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    waiter->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb),
                                                  waiter, NULL);
  g_ptr_array_add (self->waiters, waiter);
  if (self->process == NULL && (cancellable == NULL || !g_cancellable_is_cancelled (cancellable)))
    start_process (self);
}

/**
 * sw_credentials_provider_get_finish:
 *
 * Returns: (transfer full) (nullable): the credentials
 */
SwCredentials *
sw_credentials_provider_get_finish (SwCredentialsProvider  *self,
                                    GAsyncResult           *result,
                                    GError                **error)
{
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_sw_credentials_provider_set_clock (SwCredentialsProvider *self,
                                    SwAwsClockFunc         func,
                                    gpointer               user_data)
{
  g_return_if_fail (SW_IS_CREDENTIALS_PROVIDER (self));

  self->clock_func = func;
  self->clock_data = user_data;
}

guint
_sw_credentials_provider_get_n_refreshes (SwCredentialsProvider *self)
{
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (self), 0);
  return self->n_refreshes;
}
