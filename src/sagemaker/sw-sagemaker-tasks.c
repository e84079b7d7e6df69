/* sw-sagemaker-tasks.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Task handlers: Step Functions' SageMaker integrations over the local SageMaker.
 *
 * Errors are named as Step Functions names them. The optimized integrations
 * (arn:aws:states:::sagemaker:…) fail with `SageMaker.AmazonSageMakerException` and the AWS
 * Java SDK's message as cause; the AWS SDK integrations (arn:aws:states:::aws-sdk:sagemaker:…)
 * with `SageMaker.<exception>`, the suffix Exception always added
 * (`SageMaker.ResourceNotFoundException`). A `.sync` job that ends Failed or Stopped fails the
 * task with `States.TaskFailed` and the job's description as cause.
 *
 * Times: the optimized integrations give milliseconds since the epoch, the AWS SDK ones ISO
 * 8601 strings. */

#include <string.h>

#include "sw-json.h"
#include "sw-sagemaker-private.h"

#define OPTIMIZED_PREFIX "arn:aws:states:::sagemaker:"
#define SDK_PREFIX "arn:aws:states:::aws-sdk:sagemaker:"
#define RUNTIME_PREFIX "arn:aws:states:::aws-sdk:sagemakerruntime:"

static void
return_error (SwTaskRequest *request,
              const GError  *error,
              const char    *service,
              gboolean       optimized)
{
  const char *type = sw_sagemaker_error_type_name (error);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autofree char *cause = NULL;

  if (error->domain != SW_SAGEMAKER_ERROR)
    type = "InternalFailure";
  if (optimized)
    {
      name = g_strdup ("SageMaker.AmazonSageMakerException");
      cause = g_strdup_printf ("%s (Service: AmazonSageMaker; Status Code: 400; Error Code: "
                               "%s; Request ID: %s; Proxy: null)", error->message, type, uuid);
    }
  else
    {
      /* The runtime names its validation failures ValidationError. */
      if (strcmp (service, "SageMakerRuntime") == 0 && strcmp (type, "ValidationException") == 0)
        type = "ValidationError";
      name = g_str_has_suffix (type, "Exception")
               ? g_strdup_printf ("%s.%s", service, type)
               : g_strdup_printf ("%s.%sException", service, type);
      cause = g_strdup_printf ("%s (Service: %s, Status Code: 400, Request ID: %s)",
                               error->message, service, uuid);
    }
  sw_task_request_return_error (request, name, cause);
}

/* .sync: the job's end answers the task. */

typedef struct
{
  gatomicrefcount ref_count;
  GMutex lock;
  SwSageMaker *self;
  SwTaskRequest *request;
  GCancellable *cancellable;
  gulong handler;
  SwJobKind kind;
  char *name;
} Sync;

static void
sync_unref (Sync *sync)
{
  if (!g_atomic_ref_count_dec (&sync->ref_count))
    return;
  g_object_unref (sync->self);
  sw_task_request_unref (sync->request);
  g_clear_object (&sync->cancellable);
  g_free (sync->name);
  g_mutex_clear (&sync->lock);
  g_free (sync);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  Sync *sync = data;

  /* Step Functions stops the job when the execution no longer waits for it. */
  _sw_sagemaker_cancel_job (sync->self, sync->kind, sync->name);
}

static void
on_job_done (SwJob    *job,
             SwValue  *description,
             gpointer  data)
{
  Sync *sync = data;
  const char *key = sync->kind == SW_JOB_TRAINING ? "TrainingJobStatus" : "TransformJobStatus";
  SwValue *status = sw_value_object_get (description, key);
  g_autoptr(SwValue) rendered = _sw_sagemaker_render (description, SW_TIME_MILLIS);
  gulong handler;

  g_mutex_lock (&sync->lock);
  handler = sync->handler;
  sync->handler = 0;
  g_mutex_unlock (&sync->lock);
  if (handler != 0)
    g_cancellable_disconnect (sync->cancellable, handler);

  if (status != NULL && g_strcmp0 (sw_value_get_string (status), "Completed") == 0)
    sw_task_request_return_value (sync->request, g_steal_pointer (&rendered));
  else
    {
      g_autofree char *cause = sw_json_write (rendered, SW_JSON_WRITE_COMPACT, NULL);

      g_strchomp (cause);
      sw_task_request_return_error (sync->request, "States.TaskFailed", cause);
    }
  sync_unref (sync);
}

static void
serve_job (SwSageMaker   *self,
           SwTaskRequest *request,
           SwJobKind      kind,
           SwValue       *parameters,
           gboolean       wait,
           gboolean       optimized)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) response = NULL;
  Sync *sync;
  SwValue *name;

  if (!wait)
    {
      response = kind == SW_JOB_TRAINING
                   ? _sw_sagemaker_create_training_job (self, parameters, NULL, NULL, &error)
                   : _sw_sagemaker_create_transform_job (self, parameters, NULL, NULL, &error);
      if (response == NULL)
        return_error (request, error, "SageMaker", optimized);
      else
        sw_task_request_return_value (request, g_steal_pointer (&response));
      return;
    }

  name = sw_value_object_get (parameters, kind == SW_JOB_TRAINING ? "TrainingJobName"
                                                                  : "TransformJobName");
  sync = g_new0 (Sync, 1);
  g_atomic_ref_count_init (&sync->ref_count);
  g_atomic_ref_count_inc (&sync->ref_count);   /* one for the job's waiter */
  g_mutex_init (&sync->lock);
  sync->self = g_object_ref (self);
  sync->request = sw_task_request_ref (request);
  sync->cancellable = g_object_ref (sw_task_request_get_cancellable (request));
  sync->kind = kind;
  sync->name = g_strdup (name != NULL && sw_value_is_string (name) ? sw_value_get_string (name)
                                                                    : "");

  g_mutex_lock (&sync->lock);
  response = kind == SW_JOB_TRAINING
               ? _sw_sagemaker_create_training_job (self, parameters, on_job_done, sync, &error)
               : _sw_sagemaker_create_transform_job (self, parameters, on_job_done, sync,
                                                     &error);
  if (response == NULL)
    {
      g_mutex_unlock (&sync->lock);
      return_error (request, error, "SageMaker", optimized);
      sync_unref (sync);
      sync_unref (sync);
      return;
    }
  sw_task_request_submitted (request, response);
  sync->handler = g_cancellable_connect (sync->cancellable, G_CALLBACK (on_cancelled), sync,
                                         NULL);
  g_mutex_unlock (&sync->lock);
  sync_unref (sync);
}

static void
serve_invoke_endpoint (SwSageMaker   *self,
                       SwTaskRequest *request,
                       SwValue       *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(SwValue) result = NULL;
  g_autofree char *text = NULL;
  g_autofree char *content_type = NULL;
  SwValue *endpoint = sw_value_object_get (parameters, "EndpointName");
  SwValue *value = sw_value_object_get (parameters, "Body");
  SwValue *type = sw_value_object_get (parameters, "ContentType");

  if (endpoint == NULL || !sw_value_is_string (endpoint) || value == NULL)
    {
      g_set_error_literal (&error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           endpoint == NULL ? "1 validation error detected: Value null at "
                                              "'endpointName' failed to satisfy constraint: "
                                              "Member must not be null"
                                            : "1 validation error detected: Value null at "
                                              "'body' failed to satisfy constraint: Member "
                                              "must not be null");
      return_error (request, error, "SageMakerRuntime", FALSE);
      return;
    }
  /* Body is a string; a JSON value written in the definition is sent as its text. */
  if (sw_value_is_string (value))
    body = g_bytes_new (sw_value_get_string (value), sw_value_get_string_length (value));
  else
    {
      gsize length;

      text = sw_json_write (value, SW_JSON_WRITE_COMPACT, &length);
      body = g_bytes_new (text, length);
    }
  answer = sw_sagemaker_invoke_endpoint (self, sw_value_get_string (endpoint),
                                         type != NULL && sw_value_is_string (type)
                                           ? sw_value_get_string (type) : NULL,
                                         body, &content_type, &error);
  if (answer == NULL)
    {
      return_error (request, error, "SageMakerRuntime", FALSE);
      return;
    }
  result = sw_value_new_object ();
  sw_value_object_set (result, "Body",
                       sw_value_new_string_take (g_strchomp (g_strndup (
                         g_bytes_get_data (answer, NULL), g_bytes_get_size (answer)))));
  sw_value_object_set (result, "ContentType", sw_value_new_string (content_type));
  sw_value_object_set (result, "InvokedProductionVariant", sw_value_new_string ("AllTraffic"));
  sw_task_request_return_value (request, g_steal_pointer (&result));
}

void
_sw_sagemaker_serve_task (SwTaskRequest *request,
                          gpointer       user_data)
{
  SwSageMaker *self = SW_SAGEMAKER (user_data);
  const char *resource = sw_task_request_get_resource (request);
  SwValue *parameters = sw_task_request_get_parameters (request);
  g_autoptr(SwValue) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) response = NULL;
  g_autofree char *action = NULL;
  gboolean optimized, wait = FALSE;

  /* The parameters belong to the execution: work on a copy of our own. */
  copy = parameters != NULL && sw_value_is_object (parameters) ? sw_value_copy (parameters)
                                                                 : sw_value_new_object ();

  if (g_str_has_prefix (resource, RUNTIME_PREFIX))
    {
      if (strcmp (resource + strlen (RUNTIME_PREFIX), "invokeEndpoint") == 0)
        serve_invoke_endpoint (self, request, copy);
      else
        sw_task_request_return_error (request, "States.TaskFailed",
                                      "The local SageMaker runtime serves invokeEndpoint only.");
      return;
    }

  optimized = g_str_has_prefix (resource, OPTIMIZED_PREFIX);
  action = g_strdup (resource + strlen (optimized ? OPTIMIZED_PREFIX : SDK_PREFIX));
  if (g_str_has_suffix (action, ".sync"))
    {
      action[strlen (action) - 5] = '\0';
      wait = TRUE;
    }
  if (strchr (action, '.') != NULL)
    {
      g_autofree char *cause =
        g_strdup_printf ("The integration pattern of %s is not supported: SageMaker supports "
                         "Request Response, and .sync for jobs.", resource);

      sw_task_request_return_error (request, "States.Runtime", cause);
      return;
    }

  if (strcmp (action, "createTrainingJob") == 0 && (optimized || !wait))
    {
      serve_job (self, request, SW_JOB_TRAINING, copy, wait, optimized);
      return;
    }
  if (strcmp (action, "createTransformJob") == 0 && (optimized || !wait))
    {
      serve_job (self, request, SW_JOB_TRANSFORM, copy, wait, optimized);
      return;
    }
  if (wait)
    {
      g_autofree char *cause =
        g_strdup_printf ("The resource %s does not support the .sync integration pattern.",
                         resource);

      sw_task_request_return_error (request, "States.Runtime", cause);
      return;
    }

  response = sw_sagemaker_call (self, action, copy, &error);
  if (response == NULL)
    {
      return_error (request, error, "SageMaker", optimized);
      return;
    }
  {
    g_autoptr(SwValue) rendered = _sw_sagemaker_render (response, optimized ? SW_TIME_MILLIS
                                                                           : SW_TIME_ISO);

    sw_task_request_return_value (request, g_steal_pointer (&rendered));
  }
}
