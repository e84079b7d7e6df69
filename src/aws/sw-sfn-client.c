/* sw-sfn-client.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The AWS Step Functions client: the awsJson1_0 protocol (POST / with
 * `X-Amz-Target: AWSStepFunctions.<Operation>` and a JSON body), signed with SigV4 under
 * the signing name `states`, over the layer's one request path (sw-aws-transport.c): the
 * SDKs' standard retry mode, clock-skew correction and refreshed credentials. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-aws-json-private.h"
#include "sw-aws-private.h"
#include "sw-aws-transport-private.h"
#include "sw-sfn-client.h"

#define SIGNING_NAME "states"
#define SERVICE_ID "SFN"
#define TARGET_PREFIX "AWSStepFunctions."
#define CONTENT_TYPE "application/x-amz-json-1.0"
#define MAX_PAGES 100000

typedef struct
{
  const char *name;
  const char *host_prefix;
  const char *list_member;
  const char *required[4];
} OperationInfo;

static const OperationInfo operations[SW_SFN_N_OPERATIONS] = {
  [SW_SFN_OPERATION_CREATE_STATE_MACHINE] =
    { "CreateStateMachine", NULL, NULL, { "name", "definition", "roleArn" } },
  [SW_SFN_OPERATION_UPDATE_STATE_MACHINE] =
    { "UpdateStateMachine", NULL, NULL, { "stateMachineArn" } },
  [SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE] =
    { "DescribeStateMachine", NULL, NULL, { "stateMachineArn" } },
  [SW_SFN_OPERATION_LIST_STATE_MACHINES] =
    { "ListStateMachines", NULL, "stateMachines", { NULL } },
  [SW_SFN_OPERATION_DELETE_STATE_MACHINE] =
    { "DeleteStateMachine", NULL, NULL, { "stateMachineArn" } },
  [SW_SFN_OPERATION_VALIDATE_STATE_MACHINE_DEFINITION] =
    { "ValidateStateMachineDefinition", NULL, NULL, { "definition" } },
  [SW_SFN_OPERATION_START_EXECUTION] =
    { "StartExecution", NULL, NULL, { "stateMachineArn" } },
  [SW_SFN_OPERATION_START_SYNC_EXECUTION] =
    { "StartSyncExecution", "sync-", NULL, { "stateMachineArn" } },
  [SW_SFN_OPERATION_DESCRIBE_EXECUTION] =
    { "DescribeExecution", NULL, NULL, { "executionArn" } },
  [SW_SFN_OPERATION_LIST_EXECUTIONS] =
    { "ListExecutions", NULL, "executions", { NULL } },
  [SW_SFN_OPERATION_GET_EXECUTION_HISTORY] =
    { "GetExecutionHistory", NULL, "events", { "executionArn" } },
  [SW_SFN_OPERATION_STOP_EXECUTION] =
    { "StopExecution", NULL, NULL, { "executionArn" } },
  [SW_SFN_OPERATION_REDRIVE_EXECUTION] =
    { "RedriveExecution", NULL, NULL, { "executionArn" } },
  [SW_SFN_OPERATION_TEST_STATE] =
    { "TestState", NULL, NULL, { "definition" } },
};

struct _SwSfnClient
{
  GObject parent_instance;

  char *endpoint;
  GUri *endpoint_uri;
  char *region;
  SwCredentialsProvider *credentials;
  SwAwsTransport *transport;
  guint max_attempts;
};

G_DEFINE_FINAL_TYPE (SwSfnClient, sw_sfn_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_CREDENTIALS_PROVIDER,
  PROP_MAX_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SwSfnOperation operation;
  JsonObject *input;
  JsonArray *items;
  GHashTable *tokens;
} Pages;

/**
 * sw_sfn_operation_get_name:
 *
 * Returns: the operation's name, such as `StartExecution`
 */
const char *
sw_sfn_operation_get_name (SwSfnOperation operation)
{
  g_return_val_if_fail (operation < SW_SFN_N_OPERATIONS, NULL);
  return operations[operation].name;
}

/**
 * sw_sfn_operation_from_name:
 * @name: an operation name, such as `StartExecution`
 * @operation: (out): the operation
 *
 * Returns: whether @name is an operation the client knows
 */
gboolean
sw_sfn_operation_from_name (const char     *name,
                            SwSfnOperation *operation)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (operation != NULL, FALSE);

  for (guint i = 0; i < SW_SFN_N_OPERATIONS; i++)
    if (strcmp (operations[i].name, name) == 0)
      {
        *operation = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * sw_sfn_operation_get_list_member:
 *
 * Returns: (nullable): the member holding the items of a paginated operation (`events`,
 *   `executions`, `stateMachines`), %NULL for other operations
 */
const char *
sw_sfn_operation_get_list_member (SwSfnOperation operation)
{
  g_return_val_if_fail (operation < SW_SFN_N_OPERATIONS, NULL);
  return operations[operation].list_member;
}

static void
sw_sfn_client_constructed (GObject *object)
{
  SwSfnClient *self = SW_SFN_CLIENT (object);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  G_OBJECT_CLASS (sw_sfn_client_parent_class)->constructed (object);

  g_assert (self->endpoint != NULL);
  uri = g_uri_parse (self->endpoint, G_URI_FLAGS_NONE, &error);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_critical ("Invalid endpoint URL “%s”", self->endpoint);
      uri = g_uri_parse ("https://invalid.invalid/", G_URI_FLAGS_NONE, NULL);
    }
  /* The Host header is signed: keep one spelling of the host from here on. */
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  self->endpoint_uri = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, host,
                                    g_uri_get_port (uri),
                                    *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/",
                                    NULL, NULL);
  self->transport = _sw_aws_transport_new (self->region, SIGNING_NAME, self->credentials);
  _sw_aws_transport_set_max_attempts (self->transport, self->max_attempts);
}

static void
sw_sfn_client_dispose (GObject *object)
{
  SwSfnClient *self = SW_SFN_CLIENT (object);

  g_clear_object (&self->transport);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (sw_sfn_client_parent_class)->dispose (object);
}

static void
sw_sfn_client_finalize (GObject *object)
{
  SwSfnClient *self = SW_SFN_CLIENT (object);

  g_free (self->endpoint);
  g_clear_pointer (&self->endpoint_uri, g_uri_unref);
  g_free (self->region);

  G_OBJECT_CLASS (sw_sfn_client_parent_class)->finalize (object);
}

static void
sw_sfn_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SwSfnClient *self = SW_SFN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_CREDENTIALS_PROVIDER:
      g_value_set_object (value, self->credentials);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sfn_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SwSfnClient *self = SW_SFN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_CREDENTIALS_PROVIDER:
      self->credentials = g_value_dup_object (value);
      break;
    case PROP_MAX_ATTEMPTS:
      sw_sfn_client_set_max_attempts (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sfn_client_class_init (SwSfnClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_sfn_client_constructed;
  object_class->dispose = sw_sfn_client_dispose;
  object_class->finalize = sw_sfn_client_finalize;
  object_class->get_property = sw_sfn_client_get_property;
  object_class->set_property = sw_sfn_client_set_property;

  /**
   * SwSfnClient:endpoint:
   *
   * The endpoint URL, such as `https://states.eu-west-1.amazonaws.com`.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SwSfnClient:region:
   *
   * The region requests are signed for.
   */
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SwSfnClient:credentials-provider:
   *
   * Where the credentials come from.
   */
  properties[PROP_CREDENTIALS_PROVIDER] =
    g_param_spec_object ("credentials-provider", NULL, NULL, SW_TYPE_CREDENTIALS_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SwSfnClient:max-attempts:
   *
   * Attempts per request, the first included.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, SW_AWS_MAX_MAX_ATTEMPTS,
                       SW_AWS_DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_sfn_client_init (SwSfnClient *self)
{
  self->max_attempts = SW_AWS_DEFAULT_MAX_ATTEMPTS;
}

/**
 * sw_sfn_client_new:
 * @endpoint: the endpoint URL
 * @region: the region to sign for
 * @credentials: where credentials come from
 *
 * Makes a client bound to the thread-default main context: call it from there.
 *
 * Returns: (transfer full): a new client
 */
SwSfnClient *
sw_sfn_client_new (const char            *endpoint,
                   const char            *region,
                   SwCredentialsProvider *credentials)
{
  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (region != NULL && sw_aws_region_is_valid (region), NULL);
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (credentials), NULL);

  return g_object_new (SW_TYPE_SFN_CLIENT,
                       "endpoint", endpoint,
                       "region", region,
                       "credentials-provider", credentials,
                       NULL);
}

/**
 * sw_sfn_client_new_for_config:
 * @config: the configuration
 * @endpoint_override: (nullable): an endpoint URL chosen by the user
 * @region_override: (nullable): a region chosen by the user
 * @error: return location for an error
 *
 * Resolves region, endpoint, credentials, retry mode and max attempts from @config as the
 * AWS CLI does.
 *
 * Returns: (transfer full) (nullable): a new client
 */
SwSfnClient *
sw_sfn_client_new_for_config (SwAwsConfig  *config,
                              const char   *endpoint_override,
                              const char   *region_override,
                              GError      **error)
{
  g_autoptr(SwCredentialsProvider) credentials = NULL;
  g_autofree char *region = NULL;
  g_autofree char *endpoint = NULL;
  SwAwsRetryMode retry_mode;
  SwSfnClient *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  region = sw_aws_config_dup_region (config, region_override, error);
  if (region == NULL)
    return NULL;
  endpoint = sw_aws_config_resolve_endpoint (config, endpoint_override, SERVICE_ID,
                                             SIGNING_NAME, region, NULL, error);
  if (endpoint == NULL)
    return NULL;
  if (!sw_aws_config_get_retry_mode (config, &retry_mode, error))
    return NULL;
  credentials = sw_credentials_provider_new_for_config (config, error);
  if (credentials == NULL)
    return NULL;

  self = sw_sfn_client_new (endpoint, region, credentials);
  sw_sfn_client_set_retry_mode (self, retry_mode);
  sw_sfn_client_set_max_attempts (self, sw_aws_config_get_max_attempts (config));
  g_debug ("Step Functions at %s (%s), credentials from %s", endpoint, region,
           sw_credentials_source_to_string (sw_credentials_provider_get_source (credentials)));
  return self;
}

const char *
sw_sfn_client_get_endpoint (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  return self->endpoint;
}

const char *
sw_sfn_client_get_region (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  return self->region;
}

/**
 * sw_sfn_client_get_credentials_provider:
 *
 * Returns: (transfer none): the credentials provider
 */
SwCredentialsProvider *
sw_sfn_client_get_credentials_provider (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  return self->credentials;
}

guint
sw_sfn_client_get_max_attempts (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), 0);
  return self->max_attempts;
}

void
sw_sfn_client_set_max_attempts (SwSfnClient *self,
                                guint        max_attempts)
{
  g_return_if_fail (SW_IS_SFN_CLIENT (self));
  g_return_if_fail (max_attempts >= 1 && max_attempts <= SW_AWS_MAX_MAX_ATTEMPTS);

  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  if (self->transport != NULL)
    _sw_aws_transport_set_max_attempts (self->transport, max_attempts);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

SwAwsRetryMode
sw_sfn_client_get_retry_mode (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), SW_AWS_RETRY_MODE_STANDARD);
  return _sw_aws_transport_get_retry_mode (self->transport);
}

/**
 * sw_sfn_client_set_retry_mode:
 * @mode: how to retry; standard by default
 *
 * Max attempts stay as they are: sw_sfn_client_new_for_config() takes both from the
 * config, with legacy mode's own default of %SW_AWS_LEGACY_MAX_ATTEMPTS.
 */
void
sw_sfn_client_set_retry_mode (SwSfnClient    *self,
                              SwAwsRetryMode  mode)
{
  g_return_if_fail (SW_IS_SFN_CLIENT (self));
  _sw_aws_transport_set_retry_mode (self->transport, mode);
}

static gboolean
host_takes_prefix (const char *host)
{
  /* Local endpoints (Step Functions Local, ours) answer every operation on one host. */
  return !g_hostname_is_ip_address (host) && g_ascii_strcasecmp (host, "localhost") != 0;
}

/**
 * _sw_sfn_client_dup_operation_uri:
 *
 * Returns: (transfer full): the URI an operation is sent to: the endpoint, with the
 *   operation's host prefix (`sync-` for StartSyncExecution) unless the host is an IP
 *   address or `localhost`
 */
char *
_sw_sfn_client_dup_operation_uri (SwSfnClient    *self,
                                  SwSfnOperation  operation)
{
  const OperationInfo *info;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  g_return_val_if_fail (operation < SW_SFN_N_OPERATIONS, NULL);

  info = &operations[operation];
  if (info->host_prefix == NULL || !host_takes_prefix (g_uri_get_host (self->endpoint_uri)))
    return g_uri_to_string (self->endpoint_uri);

  host = g_strconcat (info->host_prefix, g_uri_get_host (self->endpoint_uri), NULL);
  uri = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (self->endpoint_uri), NULL, host,
                     g_uri_get_port (self->endpoint_uri), g_uri_get_path (self->endpoint_uri),
                     NULL, NULL);
  return g_uri_to_string (uri);
}

static void
pages_free (Pages *pages)
{
  g_clear_pointer (&pages->input, json_object_unref);
  g_clear_pointer (&pages->items, json_array_unref);
  g_clear_pointer (&pages->tokens, g_hash_table_unref);
  g_free (pages);
}

static gboolean
check_input (SwSfnOperation   operation,
             JsonObject      *input,
             GError         **error)
{
  const OperationInfo *info = &operations[operation];

  for (guint i = 0; i < G_N_ELEMENTS (info->required) && info->required[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (input, info->required[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_PARAMETER,
                       _("Missing required parameter in input of %s: “%s”"), info->name,
                       info->required[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * sw_sfn_client_call_async:
 * @operation: the operation
 * @input: the operation's request members, as the API reference names them
 * @cancellable: (nullable): a cancellable
 * @callback: called with the answer
 *
 * Sends one request, retried as the client's retry mode says. Members the operation
 * requires are checked first.
 */
void
sw_sfn_client_call_async (SwSfnClient         *self,
                          SwSfnOperation       operation,
                          JsonObject          *input,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *target = NULL;
  SwAwsTransportRequest request = { 0 };
  GError *error = NULL;

  g_return_if_fail (SW_IS_SFN_CLIENT (self));
  g_return_if_fail (operation < SW_SFN_N_OPERATIONS);
  g_return_if_fail (input != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (_sw_aws_transport_on_context (self->transport));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sfn_client_call_async);
  g_task_set_name (task, operations[operation].name);

  if (!check_input (operation, input, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  body = _sw_aws_transport_serialize_json (input);
  uri = _sw_sfn_client_dup_operation_uri (self, operation);
  target = g_strconcat (TARGET_PREFIX, operations[operation].name, NULL);
  request.operation = operations[operation].name;
  request.uri = uri;
  request.target = target;
  request.content_type = CONTENT_TYPE;
  request.body = body;
  _sw_aws_transport_send_async (self->transport, &request, cancellable,
                                _sw_aws_transport_json_cb, g_steal_pointer (&task));
}

/**
 * sw_sfn_client_call_finish:
 *
 * Returns: (transfer full) (nullable): the operation's output; on failure @error holds the
 *   service's error (%SW_AWS_ERROR_SERVICE, see sw_aws_error_get_service_code()), an I/O
 *   error, or another %SW_AWS_ERROR
 */
JsonObject *
sw_sfn_client_call_finish (SwSfnClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_sfn_client_call_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void send_page (GTask *task);

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pages *pages = g_task_get_task_data (task);
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;
  const char *member = operations[pages->operation].list_member;
  const char *token;
  JsonNode *items;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  items = json_object_get_member (output, member);
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *array = json_node_get_array (items);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (pages->items,
                                json_node_copy (json_array_get_element (array, i)));
    }

  token = _sw_aws_json_object_string (output, "nextToken");
  if (token != NULL && *token != '\0')
    {
      if (g_hash_table_contains (pages->tokens, token) ||
          g_hash_table_size (pages->tokens) >= MAX_PAGES)
        {
          g_task_return_new_error (task, SW_AWS_ERROR, SW_AWS_ERROR_PROTOCOL,
                                   _("The service keeps answering %s with more pages"),
                                   operations[pages->operation].name);
          return;
        }
      g_hash_table_add (pages->tokens, g_strdup (token));
      json_object_set_string_member (pages->input, "nextToken", token);
      send_page (g_steal_pointer (&task));
      return;
    }

  {
    JsonObject *all = json_object_new ();

    json_object_set_array_member (all, member, json_array_ref (pages->items));
    g_task_return_pointer (task, all, (GDestroyNotify) json_object_unref);
  }
}

static void
copy_member (JsonObject  *object,
             const char  *name,
             JsonNode    *node,
             gpointer     user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

/* Takes @task. */
static void
send_page (GTask *task)
{
  Pages *pages = g_task_get_task_data (task);

  sw_sfn_client_call_async (g_task_get_source_object (task), pages->operation, pages->input,
                            g_task_get_cancellable (task), page_cb, task);
}

/**
 * sw_sfn_client_call_all_pages_async:
 * @operation: a paginated operation (ListStateMachines, ListExecutions,
 *   GetExecutionHistory)
 * @input: the request members
 * @cancellable: (nullable): a cancellable
 * @callback: called with the answer
 *
 * Follows `nextToken` to the last page; the output holds the items of all pages under the
 * operation's list member (sw_sfn_operation_get_list_member()).
 */
void
sw_sfn_client_call_all_pages_async (SwSfnClient         *self,
                                    SwSfnOperation       operation,
                                    JsonObject          *input,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Pages *pages;

  g_return_if_fail (SW_IS_SFN_CLIENT (self));
  g_return_if_fail (operation < SW_SFN_N_OPERATIONS);
  g_return_if_fail (operations[operation].list_member != NULL);
  g_return_if_fail (input != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sfn_client_call_all_pages_async);

  pages = g_new0 (Pages, 1);
  pages->operation = operation;
  /* The pages change nextToken in a copy: json_node_copy() would share the object. */
  pages->input = json_object_new ();
  json_object_foreach_member (input, copy_member, pages->input);
  pages->items = json_array_new ();
  pages->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, pages, (GDestroyNotify) pages_free);
  send_page (g_steal_pointer (&task));
}

/**
 * sw_sfn_client_call_all_pages_finish:
 *
 * Returns: (transfer full) (nullable): an object with the list member only
 */
JsonObject *
sw_sfn_client_call_all_pages_finish (SwSfnClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sw_sfn_client_call_all_pages_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The operations one by one. The list operations follow every page. */

static JsonObject *
finish_any (SwSfnClient   *self,
            GAsyncResult  *result,
            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (g_task_get_source_tag (G_TASK (result)) == sw_sfn_client_call_all_pages_async)
    return sw_sfn_client_call_all_pages_finish (self, result, error);
  return sw_sfn_client_call_finish (self, result, error);
}

#define DEFINE_OPERATION(func, OPERATION, call)                                            \
void                                                                                       \
sw_sfn_client_##func##_async (SwSfnClient         *self,                                   \
                              JsonObject          *input,                                  \
                              GCancellable        *cancellable,                            \
                              GAsyncReadyCallback  callback,                               \
                              gpointer             user_data)                              \
{                                                                                          \
  call (self, SW_SFN_OPERATION_##OPERATION, input, cancellable, callback, user_data);      \
}                                                                                          \
                                                                                           \
JsonObject *                                                                               \
sw_sfn_client_##func##_finish (SwSfnClient   *self,                                        \
                               GAsyncResult  *result,                                      \
                               GError       **error)                                       \
{                                                                                          \
  return finish_any (self, result, error);                                                 \
}

DEFINE_OPERATION (create_state_machine, CREATE_STATE_MACHINE, sw_sfn_client_call_async)
DEFINE_OPERATION (update_state_machine, UPDATE_STATE_MACHINE, sw_sfn_client_call_async)
DEFINE_OPERATION (describe_state_machine, DESCRIBE_STATE_MACHINE, sw_sfn_client_call_async)
DEFINE_OPERATION (list_state_machines, LIST_STATE_MACHINES, sw_sfn_client_call_all_pages_async)
DEFINE_OPERATION (delete_state_machine, DELETE_STATE_MACHINE, sw_sfn_client_call_async)
DEFINE_OPERATION (validate_state_machine_definition, VALIDATE_STATE_MACHINE_DEFINITION,
                  sw_sfn_client_call_async)
DEFINE_OPERATION (start_execution, START_EXECUTION, sw_sfn_client_call_async)
DEFINE_OPERATION (start_sync_execution, START_SYNC_EXECUTION, sw_sfn_client_call_async)
DEFINE_OPERATION (describe_execution, DESCRIBE_EXECUTION, sw_sfn_client_call_async)
DEFINE_OPERATION (list_executions, LIST_EXECUTIONS, sw_sfn_client_call_all_pages_async)
DEFINE_OPERATION (get_execution_history, GET_EXECUTION_HISTORY,
                  sw_sfn_client_call_all_pages_async)
DEFINE_OPERATION (stop_execution, STOP_EXECUTION, sw_sfn_client_call_async)
DEFINE_OPERATION (redrive_execution, REDRIVE_EXECUTION, sw_sfn_client_call_async)
DEFINE_OPERATION (test_state, TEST_STATE, sw_sfn_client_call_async)

/**
 * _sw_sfn_client_get_transport:
 *
 * Returns: (transfer none): the client's request path, for tests to replace time and
 *   randomness and to read the retry quota and clock skew
 */
SwAwsTransport *
_sw_sfn_client_get_transport (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  return self->transport;
}

void
_sw_sfn_client_set_sleep_func (SwSfnClient    *self,
                               SwAwsSleepFunc  func,
                               gpointer        user_data)
{
  g_return_if_fail (SW_IS_SFN_CLIENT (self));
  _sw_aws_transport_set_sleep_func (self->transport, func, user_data);
}
