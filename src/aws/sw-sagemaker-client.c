/* sw-sagemaker-client.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A small SageMaker client over the layer's one request path (sw-aws-transport.c: SigV4,
 * the standard retry mode, clock-skew correction, refreshed credentials): the JSON
 * protocol for the control plane and the runtime's InvokeEndpoint. Only what the training
 * monitor and "Try the model" use. */

#include "sw-aws-transport-private.h"
#include "sw-sagemaker-client.h"

#define SIGNING_NAME "sagemaker"
#define TARGET_PREFIX "SageMaker."
#define JSON_CONTENT_TYPE "application/x-amz-json-1.1"

struct _SwSageMakerClient
{
  GObject parent_instance;

  char *endpoint;
  char *runtime_endpoint;
  SwAwsTransport *transport;
};

G_DEFINE_FINAL_TYPE (SwSageMakerClient, sw_sagemaker_client, G_TYPE_OBJECT)

static void
sw_sagemaker_client_dispose (GObject *object)
{
  SwSageMakerClient *self = SW_SAGEMAKER_CLIENT (object);

  g_clear_object (&self->transport);

  G_OBJECT_CLASS (sw_sagemaker_client_parent_class)->dispose (object);
}

static void
sw_sagemaker_client_finalize (GObject *object)
{
  SwSageMakerClient *self = SW_SAGEMAKER_CLIENT (object);

  g_free (self->endpoint);
  g_free (self->runtime_endpoint);

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
  self->transport = _sw_aws_transport_new (region, SIGNING_NAME, credentials);
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
  SwAwsRetryMode retry_mode;
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
  if (!sw_aws_config_get_retry_mode (config, &retry_mode, error))
    return NULL;
  credentials = sw_credentials_provider_new_for_config (config, error);
  if (credentials == NULL)
    return NULL;
  self = sw_sagemaker_client_new (endpoint, runtime, region, credentials);
  _sw_aws_transport_set_retry_mode (self->transport, retry_mode);
  _sw_aws_transport_set_max_attempts (self->transport, sw_aws_config_get_max_attempts (config));
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

/**
 * _sw_sagemaker_client_get_transport:
 *
 * Returns: (transfer none): the client's request path
 */
SwAwsTransport *
_sw_sagemaker_client_get_transport (SwSageMakerClient *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER_CLIENT (self), NULL);
  return self->transport;
}

static void
invoke_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *content_type = NULL;
  GError *error = NULL;
  GBytes *body;

  body = _sw_aws_transport_send_finish (SW_AWS_TRANSPORT (object), result, &content_type,
                                        &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "content-type", g_steal_pointer (&content_type),
                          g_free);
  g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
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
  g_autoptr(GBytes) body = NULL;
  g_autofree char *target = NULL;
  SwAwsTransportRequest request = { 0 };
  GTask *task;

  g_return_if_fail (SW_IS_SAGEMAKER_CLIENT (self));
  g_return_if_fail (operation != NULL && input != NULL);

  body = _sw_aws_transport_serialize_json (input);
  target = g_strconcat (TARGET_PREFIX, operation, NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sagemaker_client_call_async);
  request.operation = operation;
  request.uri = self->endpoint;
  request.target = target;
  request.content_type = JSON_CONTENT_TYPE;
  request.body = body;
  _sw_aws_transport_send_async (self->transport, &request, cancellable,
                                _sw_aws_transport_json_cb, task);
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
  g_autofree char *uri = NULL;
  SwAwsTransportRequest request = { 0 };
  GTask *task;

  g_return_if_fail (SW_IS_SAGEMAKER_CLIENT (self));
  g_return_if_fail (endpoint_name != NULL && content_type != NULL && body != NULL);

  escaped = g_uri_escape_string (endpoint_name, NULL, FALSE);
  path = g_strdup_printf ("/endpoints/%s/invocations", escaped);
  uri = join_path (self->runtime_endpoint, path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sagemaker_client_invoke_endpoint_async);
  request.operation = "InvokeEndpoint";
  request.uri = uri;
  request.content_type = content_type;
  request.body = body;
  _sw_aws_transport_send_async (self->transport, &request, cancellable, invoke_sent_cb, task);
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
