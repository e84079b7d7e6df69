/* sw-sfn-client.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The AWS Step Functions client: the awsJson1_0 protocol (POST / with
 * `X-Amz-Target: AWSStepFunctions.<Operation>` and a JSON body), signed with SigV4 under
 * the signing name `states`, over libsoup on the main context the client was made on.
 *
 * Every call follows the SDKs' standard retry mode: throttling errors, 5xx answers and
 * broken connections are tried again, up to three attempts in all, after a random wait
 * below 2^(attempt − 1) s (at most 20 s), while the client's retry quota lasts. A signature
 * refused because the local clock is off is signed again with the clock corrected from
 * the service's Date header; an expired token from credential_process is refreshed once. */

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-aws-json-private.h"
#include "sw-aws-private.h"
#include "sw-aws-retry-private.h"
#include "sw-sfn-client.h"
#include "sw-sigv4.h"

#ifndef SW_VERSION
# define SW_VERSION "0"
#endif

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
  SoupSession *session;
  GMainContext *context;

  guint max_attempts;
  guint retry_quota;
  gint64 clock_skew;

  SwAwsSleepFunc sleep_func;
  gpointer sleep_data;
  SwAwsRandomFunc random_func;
  gpointer random_data;
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
  GBytes *body;
  char *invocation_id;
  guint attempt;
  guint retry_cost;
  gboolean credentials_refreshed;
  SoupMessage *message;
} Call;

typedef struct
{
  SwSfnOperation operation;
  JsonObject *input;
  JsonArray *items;
  GHashTable *tokens;
} Pages;

static void start_attempt (GTask *task);

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

  self->context = g_main_context_ref_thread_default ();
  self->session = soup_session_new_with_options ("user-agent", "stepwise/" SW_VERSION,
                                                 "timeout", 60,
                                                 NULL);

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
}

static void
sw_sfn_client_dispose (GObject *object)
{
  SwSfnClient *self = SW_SFN_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
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
  g_clear_pointer (&self->context, g_main_context_unref);

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
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 20, SW_AWS_DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_sfn_client_init (SwSfnClient *self)
{
  self->max_attempts = SW_AWS_DEFAULT_MAX_ATTEMPTS;
  self->retry_quota = SW_AWS_RETRY_INITIAL_TOKENS;
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
 * Resolves region, endpoint, credentials and max attempts from @config as the AWS CLI
 * does.
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
  credentials = sw_credentials_provider_new_for_config (config, error);
  if (credentials == NULL)
    return NULL;

  self = sw_sfn_client_new (endpoint, region, credentials);
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
  g_return_if_fail (max_attempts >= 1 && max_attempts <= 20);

  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

/* libsoup sessions belong to the main context they were made on. */
static gboolean
on_client_context (SwSfnClient *self)
{
  GMainContext *context = g_main_context_get_thread_default ();

  return (context != NULL ? context : g_main_context_default ()) == self->context;
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
call_free (Call *call)
{
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->invocation_id);
  g_clear_object (&call->message);
  g_free (call);
}

static void
pages_free (Pages *pages)
{
  g_clear_pointer (&pages->input, json_object_unref);
  g_clear_pointer (&pages->items, json_array_unref);
  g_clear_pointer (&pages->tokens, g_hash_table_unref);
  g_free (pages);
}

static GBytes *
serialize (JsonObject *input)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_node_set_object (root, input);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
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

static GDateTime *
signing_time (SwSfnClient *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_seconds (now, (double) self->clock_skew);
}

static SoupMessage *
build_message (SwSfnClient   *self,
               Call          *call,
               SwCredentials *credentials)
{
  const OperationInfo *info = &operations[call->operation];
  g_autofree char *uri_string = _sw_sfn_client_dup_operation_uri (self, call->operation);
  g_autoptr(GUri) uri = g_uri_parse (uri_string, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = sw_sigv4_host_for_uri (uri);
  g_autofree char *target = g_strconcat (TARGET_PREFIX, info->name, NULL);
  g_autofree char *attempt = NULL;
  g_autoptr(SwSigv4Request) request = NULL;
  g_autoptr(SwSigv4Result) signature = NULL;
  g_autoptr(GDateTime) time = signing_time (self);
  SoupMessageHeaders *headers;
  SoupMessage *message;
  const char *path;

  path = g_uri_get_path (uri);
  request = sw_sigv4_request_new ("POST", *path != '\0' ? path : "/", NULL);
  sw_sigv4_request_add_header (request, "Host", host);
  sw_sigv4_request_add_header (request, "Content-Type", CONTENT_TYPE);
  sw_sigv4_request_add_header (request, "X-Amz-Target", target);
  sw_sigv4_request_set_body (request, call->body);
  signature = sw_sigv4_sign (request, credentials, self->region, SIGNING_NAME, time, 0,
                             SW_SIGV4_NORMALIZE_PATH);

  message = soup_message_new_from_uri ("POST", uri);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Host", host);
  soup_message_headers_replace (headers, "X-Amz-Target", target);
  for (guint i = 0; signature->added_headers[i] != NULL; i += 2)
    soup_message_headers_replace (headers, signature->added_headers[i],
                                  signature->added_headers[i + 1]);
  attempt = g_strdup_printf ("attempt=%u; max=%u", call->attempt, self->max_attempts);
  soup_message_headers_replace (headers, "amz-sdk-invocation-id", call->invocation_id);
  soup_message_headers_replace (headers, "amz-sdk-request", attempt);
  soup_message_set_request_body_from_bytes (message, CONTENT_TYPE, call->body);
  return message;
}

static double
next_random (SwSfnClient *self)
{
  if (self->random_func != NULL)
    return self->random_func (self->random_data);
  return g_random_double ();
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  start_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
sleep_then_retry (GTask    *task,
                  gboolean  backoff,
                  double    seconds)
{
  SwSfnClient *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  if (backoff && self->sleep_func != NULL)
    {
      self->sleep_func (seconds, self->sleep_data);
      seconds = 0;
    }

  source = g_timeout_source_new ((guint) (seconds * 1000.0 + 0.5));
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[stepwise] retry backoff");
  g_source_set_callback (source, sleep_done_cb, task, g_object_unref);
  if (cancellable != NULL)
    {
      /* Wakes the sleep up when the call is cancelled. */
      GSource *cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (source, cancel_source);
      g_source_unref (cancel_source);
    }
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* Takes @task; returns FALSE, keeping @task with the caller, when no retry is due. */
static gboolean
maybe_retry (GTask          *task,
             SwAwsRetryKind  kind,
             gboolean        at_once,
             const GError   *error)
{
  SwSfnClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  double delay = 0;
  guint cost = 0;

  if (kind == SW_AWS_RETRY_NONE)
    return FALSE;
  if (call->attempt >= self->max_attempts)
    {
      g_debug ("%s: giving up after %u attempts", operations[call->operation].name,
               call->attempt);
      return FALSE;
    }
  if (!_sw_aws_retry_quota_acquire (&self->retry_quota, kind, &cost))
    {
      g_debug ("%s: retry quota exhausted", operations[call->operation].name);
      return FALSE;
    }
  call->retry_cost = cost;

  /* A corrected clock or refreshed credentials fix the cause: no need to wait. */
  at_once = at_once || kind == SW_AWS_RETRY_CLOCK_SKEW;
  if (!at_once)
    delay = _sw_aws_retry_backoff (call->attempt, next_random (self));
  g_debug ("%s: attempt %u of %u failed (%s), retrying in %.3f s",
           operations[call->operation].name, call->attempt, self->max_attempts,
           error->message, delay);
  sleep_then_retry (task, !at_once, delay);
  return TRUE;
}

/* Reads the error of a non-2xx answer as the awsJson1_0 protocol defines it: the
 * X-Amzn-ErrorType header, else `code` or `__type` in the body, each cut to the short
 * name; the status itself when there is nothing to read. */
static void
set_service_error (SoupMessage  *message,
                   GBytes       *body,
                   GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *code = NULL;
  JsonObject *object = NULL;
  const char *header, *text, *request_id;
  const char *error_message = NULL;
  guint status = soup_message_get_status (message);

  object = _sw_aws_error_body_object (parser, body);

  header = soup_message_headers_get_one (headers, "x-amzn-ErrorType");
  if (header != NULL && *header != '\0')
    code = _sw_aws_short_error_code (header);
  else if ((text = _sw_aws_json_object_string (object, "code")) != NULL ||
           (text = _sw_aws_json_object_string (object, "__type")) != NULL)
    code = _sw_aws_short_error_code (text);

  error_message = _sw_aws_json_object_string (object, "message");
  if (error_message == NULL)
    error_message = _sw_aws_json_object_string (object, "Message");
  if (error_message == NULL)
    error_message = _sw_aws_json_object_string (object, "errorMessage");

  if (code == NULL || *code == '\0')
    {
      g_free (code);
      code = g_strdup_printf ("%u", status);
      if (error_message == NULL)
        error_message = soup_message_get_reason_phrase (message);
    }

  request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  if (request_id == NULL)
    request_id = soup_message_headers_get_one (headers, "x-amz-request-id");
  sw_aws_error_set_service (error, SW_AWS_ERROR_SERVICE, status, code, error_message,
                            request_id);
}

static JsonObject *
parse_output (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  if (length == 0)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROTOCOL,
                   _("The service answered with invalid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROTOCOL,
                   _("The service answered with JSON that is not an object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Corrects the clock from the Date header when a signature was refused for its time. */
static gboolean
correct_clock_skew (SwSfnClient *self,
                    SoupMessage *message)
{
  const char *date = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                   "Date");
  g_autoptr(GDateTime) server = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 skew;

  if (date == NULL || (server = soup_date_time_new_from_http_string (date)) == NULL)
    return FALSE;
  local = g_date_time_new_now_utc ();
  skew = g_date_time_difference (server, local) / G_TIME_SPAN_SECOND;
  if (ABS (skew - self->clock_skew) <= SW_AWS_CLOCK_SKEW_THRESHOLD_SECONDS)
    return FALSE;
  g_debug ("correcting the clock by %" G_GINT64_FORMAT " s from the service's Date", skew);
  self->clock_skew = skew;
  return TRUE;
}

static gboolean
is_expired_token (const char *code)
{
  return code != NULL &&
         (strcmp (code, "ExpiredToken") == 0 || strcmp (code, "ExpiredTokenException") == 0);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwSfnClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = g_steal_pointer (&call->message);
  SwAwsRetryKind kind;
  gboolean at_once = FALSE;
  const char *code;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_prefix_error (&error, _("Could not connect to the endpoint URL “%s”: "),
                      self->endpoint);
      if (maybe_retry (task, _sw_aws_retry_classify (0, NULL, error), FALSE, error))
        {
          g_steal_pointer (&task);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (message);
  g_debug ("%s: attempt %u → HTTP %u", operations[call->operation].name, call->attempt,
           status);
  if (status >= 200 && status < 300)
    {
      JsonObject *output = parse_output (body, &error);

      if (output == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      _sw_aws_retry_quota_release (&self->retry_quota, call->retry_cost);
      g_task_return_pointer (task, output, (GDestroyNotify) json_object_unref);
      return;
    }

  set_service_error (message, body, &error);
  code = sw_aws_error_get_service_code (error);
  kind = _sw_aws_retry_classify (status, code, NULL);
  if (kind == SW_AWS_RETRY_CLOCK_SKEW && !correct_clock_skew (self, message))
    kind = SW_AWS_RETRY_NONE;
  if (is_expired_token (code) && !call->credentials_refreshed &&
      sw_credentials_provider_can_refresh (self->credentials))
    {
      call->credentials_refreshed = TRUE;
      sw_credentials_provider_invalidate (self->credentials);
      kind = SW_AWS_RETRY_TRANSIENT;
      at_once = TRUE;
    }
  if (maybe_retry (task, kind, at_once, error))
    {
      g_steal_pointer (&task);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
credentials_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwSfnClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SwCredentials) credentials = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  credentials = sw_credentials_provider_get_finish (SW_CREDENTIALS_PROVIDER (object), result,
                                                    &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  call->message = build_message (self, call, credentials);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    cancellable, sent_cb, g_steal_pointer (&task));
}

/* Takes @task. */
static void
start_attempt (GTask *task)
{
  SwSfnClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  call->attempt++;
  sw_credentials_provider_get_async (self->credentials, g_task_get_cancellable (task),
                                     credentials_cb, task);
}

/**
 * sw_sfn_client_call_async:
 * @operation: the operation
 * @input: the operation's request members, as the API reference names them
 * @cancellable: (nullable): a cancellable
 * @callback: called with the answer
 *
 * Sends one request, retried as the standard retry mode says. Members the operation
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
  GError *error = NULL;
  Call *call;

  g_return_if_fail (SW_IS_SFN_CLIENT (self));
  g_return_if_fail (operation < SW_SFN_N_OPERATIONS);
  g_return_if_fail (input != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (on_client_context (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sfn_client_call_async);
  g_task_set_name (task, operations[operation].name);

  if (!check_input (operation, input, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  call = g_new0 (Call, 1);
  call->operation = operation;
  call->body = serialize (input);
  call->invocation_id = g_uuid_string_random ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  start_attempt (g_steal_pointer (&task));
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

void
_sw_sfn_client_set_sleep_func (SwSfnClient    *self,
                               SwAwsSleepFunc  func,
                               gpointer        user_data)
{
  g_return_if_fail (SW_IS_SFN_CLIENT (self));

  self->sleep_func = func;
  self->sleep_data = user_data;
}

void
_sw_sfn_client_set_random_func (SwSfnClient     *self,
                                SwAwsRandomFunc  func,
                                gpointer         user_data)
{
  g_return_if_fail (SW_IS_SFN_CLIENT (self));

  self->random_func = func;
  self->random_data = user_data;
}

guint
_sw_sfn_client_get_retry_quota (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), 0);
  return self->retry_quota;
}

gint64
_sw_sfn_client_get_clock_skew (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), 0);
  return self->clock_skew;
}

SoupSession *
_sw_sfn_client_get_session (SwSfnClient *self)
{
  g_return_val_if_fail (SW_IS_SFN_CLIENT (self), NULL);
  return self->session;
}
