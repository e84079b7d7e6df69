/* sw-sagemaker-client.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A small SageMaker client over the layer's SigV4 signer and retry rules
 * (sw-aws-retry.c): the JSON protocol for the control plane and the runtime's
 * InvokeEndpoint. Only what the training monitor and "Try the model" use. */

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-aws-json-private.h"
#include "sw-aws-retry-private.h"
#include "sw-sagemaker-client.h"
#include "sw-sigv4.h"

#ifndef SW_VERSION
# define SW_VERSION "0"
#endif

#define SIGNING_NAME "sagemaker"
#define TARGET_PREFIX "SageMaker."
#define JSON_CONTENT_TYPE "application/x-amz-json-1.1"

struct _SwSageMakerClient
{
  GObject parent_instance;

  char *endpoint;
  char *runtime_endpoint;
  char *region;
  SwCredentialsProvider *credentials;
  SoupSession *session;
  guint max_attempts;
  guint retry_quota;
};

G_DEFINE_FINAL_TYPE (SwSageMakerClient, sw_sagemaker_client, G_TYPE_OBJECT)

typedef struct
{
  char *uri;
  char *target;
  char *content_type;
  GBytes *body;
  guint attempt;
  guint retry_cost;
  gboolean json;
  SoupMessage *message;
} Call;

static void start_attempt (GTask *task);

static void
call_free (Call *call)
{
  g_free (call->uri);
  g_free (call->target);
  g_free (call->content_type);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->message);
  g_free (call);
}

static void
sw_sagemaker_client_dispose (GObject *object)
{
  SwSageMakerClient *self = SW_SAGEMAKER_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (sw_sagemaker_client_parent_class)->dispose (object);
}

static void
sw_sagemaker_client_finalize (GObject *object)
{
  SwSageMakerClient *self = SW_SAGEMAKER_CLIENT (object);

  g_free (self->endpoint);
  g_free (self->runtime_endpoint);
  g_free (self->region);

  G_OBJECT_CLASS (sw_sagemaker_client_parent_class)->finalize (object);
}

static void
sw_sagemaker_client_class_init (SwSageMakerClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_sagemaker_client_dispose;
  object_class->finalize = sw_sagemaker_client_finalize;
}

static void
sw_sagemaker_client_init (SwSageMakerClient *self)
{
  self->max_attempts = SW_AWS_DEFAULT_MAX_ATTEMPTS;
  self->retry_quota = SW_AWS_RETRY_INITIAL_TOKENS;
  self->session = soup_session_new_with_options ("user-agent", "stepwise/" SW_VERSION,
                                                 "timeout", 60, NULL);
}

/**
 * sw_sagemaker_client_new:
 * @endpoint: the control plane URL (`https://api.sagemaker.REGION.amazonaws.com`)
 * @runtime_endpoint: (nullable): the runtime URL, @endpoint when %NULL (local endpoints)
 * @region: the region to sign for
 * @credentials: where credentials come from
 *
 * Returns: (transfer full): a new client, bound to the thread-default main context
 */
SwSageMakerClient *
sw_sagemaker_client_new (const char            *endpoint,
                         const char            *runtime_endpoint,
                         const char            *region,
                         SwCredentialsProvider *credentials)
{
  SwSageMakerClient *self;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (credentials), NULL);

  self = g_object_new (SW_TYPE_SAGEMAKER_CLIENT, NULL);
  self->endpoint = g_strdup (endpoint);
  self->runtime_endpoint = g_strdup (runtime_endpoint != NULL ? runtime_endpoint : endpoint);
  self->region = g_strdup (region);
  self->credentials = g_object_ref (credentials);
  return self;
}

/**
 * sw_sagemaker_client_new_for_config:
 *
 * Resolves region, endpoints and credentials from @config; an endpoint override serves
 * both the control plane and the runtime (as a local endpoint does).
 *
 * Returns: (transfer full) (nullable): a new client
 */
SwSageMakerClient *
sw_sagemaker_client_new_for_config (SwAwsConfig  *config,
                                    const char   *endpoint_override,
                                    const char   *region_override,
                                    GError      **error)
{
  g_autoptr(SwCredentialsProvider) credentials = NULL;
  g_autofree char *region = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *runtime = NULL;
  SwSageMakerClient *self;

  g_return_val_if_fail (config != NULL, NULL);

  region = sw_aws_config_dup_region (config, region_override, error);
  if (region == NULL)
    return NULL;
  if (endpoint_override != NULL)
    {
      endpoint = g_strdup (endpoint_override);
      runtime = g_strdup (endpoint_override);
    }
  else
    {
      endpoint = sw_aws_config_resolve_endpoint (config, NULL, "SageMaker", "api.sagemaker",
                                                 region, NULL, error);
      if (endpoint == NULL)
        return NULL;
      runtime = sw_aws_config_resolve_endpoint (config, NULL, "SageMaker Runtime",
                                                "runtime.sagemaker", region, NULL, error);
      if (runtime == NULL)
        return NULL;
    }
  credentials = sw_credentials_provider_new_for_config (config, error);
  if (credentials == NULL)
    return NULL;
  self = sw_sagemaker_client_new (endpoint, runtime, region, credentials);
  self->max_attempts = sw_aws_config_get_max_attempts (config);
  return self;
}

const char *
sw_sagemaker_client_get_endpoint (SwSageMakerClient *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER_CLIENT (self), NULL);
  return self->endpoint;
}

const char *
sw_sagemaker_client_get_runtime_endpoint (SwSageMakerClient *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER_CLIENT (self), NULL);
  return self->runtime_endpoint;
}

static void
set_service_error (SoupMessage  *message,
                   GBytes       *body,
                   GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *code = NULL;
  JsonObject *object = NULL;
  const char *text, *words = NULL;

  object = _sw_aws_error_body_object (parser, body);
  text = soup_message_headers_get_one (headers, "x-amzn-ErrorType");
  if (text == NULL || *text == '\0')
    text = _sw_aws_json_object_string (object, "__type");
  if (text == NULL)
    text = _sw_aws_json_object_string (object, "code");
  if (text != NULL)
    code = _sw_aws_short_error_code (text);
  else
    code = g_strdup_printf ("%u", soup_message_get_status (message));
  words = _sw_aws_json_object_string (object, "message");
  if (words == NULL)
    words = _sw_aws_json_object_string (object, "Message");
  if (words == NULL)
    words = soup_message_get_reason_phrase (message);
  sw_aws_error_set_service (error, SW_AWS_ERROR_SERVICE, soup_message_get_status (message),
                            code, words,
                            soup_message_headers_get_one (headers, "x-amzn-RequestId"));
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    start_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/* Takes @task when it returns TRUE. */
static gboolean
maybe_retry (GTask          *task,
             SwAwsRetryKind  kind)
{
  SwSageMakerClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint cost = 0;
  double delay;

  if (kind == SW_AWS_RETRY_NONE || kind == SW_AWS_RETRY_CLOCK_SKEW ||
      call->attempt >= self->max_attempts ||
      !_sw_aws_retry_quota_acquire (&self->retry_quota, kind, &cost))
    return FALSE;
  call->retry_cost = cost;
  delay = _sw_aws_retry_backoff (call->attempt, g_random_double ());
  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (delay * 1000.0 + 0.5), retry_cb, task,
                      g_object_unref);
  return TRUE;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwSageMakerClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = g_steal_pointer (&call->message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          maybe_retry (task, _sw_aws_retry_classify (0, NULL, error)))
        {
          g_steal_pointer (&task);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (message);
  if (status >= 200 && status < 300)
    {
      _sw_aws_retry_quota_release (&self->retry_quota, call->retry_cost);
      if (call->json)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          gsize length = 0;
          const char *data = g_bytes_get_data (body, &length);

          if (length == 0)
            {
              g_task_return_pointer (task, json_object_new (),
                                     (GDestroyNotify) json_object_unref);
              return;
            }
          if (!json_parser_load_from_data (parser, data, length, &error) ||
              !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              g_task_return_new_error (task, SW_AWS_ERROR, SW_AWS_ERROR_PROTOCOL,
                                       _("The service answered with invalid JSON"));
              return;
            }
          g_task_return_pointer (task,
                                 json_object_ref (json_node_get_object (
                                   json_parser_get_root (parser))),
                                 (GDestroyNotify) json_object_unref);
          return;
        }
      g_object_set_data_full (G_OBJECT (task), "content-type",
                              g_strdup (soup_message_headers_get_content_type (
                                soup_message_get_response_headers (message), NULL)),
                              g_free);
      g_task_return_pointer (task, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
      return;
    }
  set_service_error (message, body, &error);
  if (maybe_retry (task, _sw_aws_retry_classify (status, sw_aws_error_get_service_code (error),
                                                 NULL)))
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
  SwSageMakerClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SwCredentials) credentials = NULL;
  g_autoptr(SwSigv4Request) request = NULL;
  g_autoptr(SwSigv4Result) signature = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;
  GError *error = NULL;
  const char *path;

  credentials = sw_credentials_provider_get_finish (SW_CREDENTIALS_PROVIDER (object), result,
                                                    &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  uri = g_uri_parse (call->uri, G_URI_FLAGS_ENCODED_PATH, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (*g_uri_get_path (uri) == '\0')
    {
      /* An endpoint URL without a path posts to "/". */
      GUri *rooted = g_uri_build (G_URI_FLAGS_ENCODED_PATH, g_uri_get_scheme (uri), NULL,
                                  g_uri_get_host (uri), g_uri_get_port (uri), "/", NULL, NULL);

      g_uri_unref (uri);
      uri = rooted;
    }
  host = sw_sigv4_host_for_uri (uri);
  path = g_uri_get_path (uri);
  request = sw_sigv4_request_new ("POST", path, NULL);
  sw_sigv4_request_add_header (request, "Host", host);
  sw_sigv4_request_add_header (request, "Content-Type", call->content_type);
  if (call->target != NULL)
    sw_sigv4_request_add_header (request, "X-Amz-Target", call->target);
  sw_sigv4_request_set_body (request, call->body);
  signature = sw_sigv4_sign (request, credentials, self->region, SIGNING_NAME, now, 0,
                             SW_SIGV4_NORMALIZE_PATH);

  call->message = soup_message_new_from_uri ("POST", uri);
  headers = soup_message_get_request_headers (call->message);
  soup_message_headers_replace (headers, "Host", host);
  if (call->target != NULL)
    soup_message_headers_replace (headers, "X-Amz-Target", call->target);
  for (guint i = 0; signature->added_headers[i] != NULL; i += 2)
    soup_message_headers_replace (headers, signature->added_headers[i],
                                  signature->added_headers[i + 1]);
  soup_message_set_request_body_from_bytes (call->message, call->content_type, call->body);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    cancellable, sent_cb, g_steal_pointer (&task));
}

/* Takes @task. */
static void
start_attempt (GTask *task)
{
  SwSageMakerClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  call->attempt++;
  sw_credentials_provider_get_async (self->credentials, g_task_get_cancellable (task),
                                     credentials_cb, task);
}

static char *
join_path (const char *base,
           const char *path)
{
  return g_str_has_suffix (base, "/") ? g_strconcat (base, path + 1, NULL)
                                      : g_strconcat (base, path, NULL);
}

/**
 * sw_sagemaker_client_call_async:
 * @operation: an operation of the SageMaker API, such as `DescribeTrainingJob`
 * @input: its request members
 */
void
sw_sagemaker_client_call_async (SwSageMakerClient   *self,
                                const char          *operation,
                                JsonObject          *input,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  GTask *task;
  Call *call;
  gsize length = 0;
  char *data;

  g_return_if_fail (SW_IS_SAGEMAKER_CLIENT (self));
  g_return_if_fail (operation != NULL && input != NULL);

  json_node_set_object (root, input);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sagemaker_client_call_async);
  call = g_new0 (Call, 1);
  call->uri = g_strdup (self->endpoint);
  call->target = g_strconcat (TARGET_PREFIX, operation, NULL);
  call->content_type = g_strdup (JSON_CONTENT_TYPE);
  call->body = g_bytes_new_take (data, length);
  call->json = TRUE;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  start_attempt (task);
}

/**
 * sw_sagemaker_client_call_finish:
 *
 * Returns: (transfer full) (nullable): the output; errors as the Step Functions client's
 */
JsonObject *
sw_sagemaker_client_call_finish (SwSageMakerClient  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_sagemaker_client_invoke_endpoint_async:
 * @endpoint_name: the endpoint
 * @content_type: the body's type, such as `application/json`
 * @body: the request body
 *
 * POST /endpoints/NAME/invocations on the runtime endpoint.
 */
void
sw_sagemaker_client_invoke_endpoint_async (SwSageMakerClient   *self,
                                           const char          *endpoint_name,
                                           const char          *content_type,
                                           GBytes              *body,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;
  Call *call;

  g_return_if_fail (SW_IS_SAGEMAKER_CLIENT (self));
  g_return_if_fail (endpoint_name != NULL && content_type != NULL && body != NULL);

  escaped = g_uri_escape_string (endpoint_name, NULL, FALSE);
  path = g_strdup_printf ("/endpoints/%s/invocations", escaped);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sagemaker_client_invoke_endpoint_async);
  call = g_new0 (Call, 1);
  call->uri = join_path (self->runtime_endpoint, path);
  call->content_type = g_strdup (content_type);
  call->body = g_bytes_ref (body);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  start_attempt (task);
}

/**
 * sw_sagemaker_client_invoke_endpoint_finish:
 * @content_type: (out) (optional): the answer's content type
 *
 * Returns: (transfer full) (nullable): the answer's body
 */
GBytes *
sw_sagemaker_client_invoke_endpoint_finish (SwSageMakerClient  *self,
                                            GAsyncResult       *result,
                                            char              **content_type,
                                            GError            **error)
{
  GBytes *body;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body != NULL && content_type != NULL)
    *content_type = g_strdup (g_object_get_data (G_OBJECT (result), "content-type"));
  return body;
}
