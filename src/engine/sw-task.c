/* sw-task.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-task-private.h"

struct _SwTaskRequest
{
  gatomicrefcount ref_count;
  char *resource;
  char *state_name;
  char *execution_arn;
  char *function_name;
  char *task_token;
  SwValue *parameters;
  SwValue *payload;
  guint attempt;
  GCancellable *cancellable;

  GMainContext *context;
  SwTaskWakeFunc wake;
  gpointer wake_data;

  GMutex lock;
  gboolean in_handler;
  gboolean answered;
  gboolean cancelled;
  gboolean wake_scheduled;
  gboolean heartbeat;
  GPtrArray *submitted;      /* SwValue*: outputs of submit calls not yet recorded */
  SwValue *result;
  char *error;
  char *cause;
};

G_DEFINE_BOXED_TYPE (SwTaskRequest, sw_task_request, sw_task_request_ref, sw_task_request_unref)

SwTaskRequest *
_sw_task_request_new (const SwTaskRequestInit *init,
                      GMainContext            *context,
                      SwTaskWakeFunc           wake,
                      gpointer                 wake_data)
{
  SwTaskRequest *self = g_new0 (SwTaskRequest, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->resource = g_strdup (init->resource);
  self->state_name = g_strdup (init->state_name);
  self->execution_arn = g_strdup (init->execution_arn);
  self->function_name = g_strdup (init->function_name);
  self->task_token = g_strdup (init->task_token);
  self->parameters = init->parameters ? sw_value_ref (init->parameters) : sw_value_new_null ();
  self->payload = init->payload ? sw_value_ref (init->payload) : sw_value_ref (self->parameters);
  self->attempt = init->attempt;
  self->cancellable = g_cancellable_new ();
  self->context = context ? g_main_context_ref (context) : NULL;
  self->wake = wake;
  self->wake_data = wake_data;
  return self;
}

SwTaskRequest *
sw_task_request_ref (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

void
sw_task_request_unref (SwTaskRequest *request)
{
  if (request == NULL)
    return;
  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;
  g_free (request->resource);
  g_free (request->state_name);
  g_free (request->execution_arn);
  g_free (request->function_name);
  g_free (request->task_token);
  g_clear_pointer (&request->parameters, sw_value_unref);
  g_clear_pointer (&request->payload, sw_value_unref);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->context, g_main_context_unref);
  g_clear_pointer (&request->result, sw_value_unref);
  g_clear_pointer (&request->submitted, g_ptr_array_unref);
  g_free (request->error);
  g_free (request->cause);
  g_mutex_clear (&request->lock);
  g_free (request);
}

const char *
sw_task_request_get_resource (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->resource;
}

const char *
sw_task_request_get_state_name (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->state_name;
}

const char *
sw_task_request_get_execution_arn (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->execution_arn;
}

/**
 * sw_task_request_get_parameters:
 *
 * Returns: (transfer none): the effective parameters (the state's input after InputPath and
 *   Parameters), as TaskScheduled shows them; do not change them
 */
SwValue *
sw_task_request_get_parameters (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->parameters;
}

/**
 * sw_task_request_get_payload:
 *
 * Returns: (transfer none): what a function receives as its event: `Payload` of a
 *   `lambda:invoke` call, the parameters otherwise
 */
SwValue *
sw_task_request_get_payload (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->payload;
}

/**
 * sw_task_request_get_function_name:
 *
 * Returns: (nullable): the `FunctionName` of a `lambda:invoke` call, or the function ARN of a
 *   Task whose resource is a Lambda function
 */
const char *
sw_task_request_get_function_name (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->function_name;
}

/**
 * sw_task_request_get_task_token:
 *
 * Returns: (nullable): the token of a `.waitForTaskToken` task
 */
const char *
sw_task_request_get_task_token (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->task_token;
}

/**
 * sw_task_request_get_attempt:
 *
 * Returns: 0 for the first try, then 1, 2 … for retries
 */
guint
sw_task_request_get_attempt (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);
  return request->attempt;
}

/**
 * sw_task_request_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the answer is no longer wanted
 */
GCancellable *
sw_task_request_get_cancellable (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->cancellable;
}

/**
 * sw_task_request_is_lambda_invoke:
 *
 * Returns: %TRUE for the optimized Lambda integration, `arn:aws:states:::lambda:invoke`,
 *   whose result wraps the function's output in an Invoke response
 */
gboolean
sw_task_request_is_lambda_invoke (SwTaskRequest *request)
{
  g_return_val_if_fail (request != NULL, FALSE);
  return g_str_has_prefix (request->resource, "arn:aws:states:::lambda:invoke");
}

static gboolean
wake_idle (gpointer data)
{
  SwTaskRequest *self = data;
  SwTaskWakeFunc wake;
  gpointer wake_data;

  g_mutex_lock (&self->lock);
  self->wake_scheduled = FALSE;
  wake = self->cancelled ? NULL : self->wake;
  wake_data = self->wake_data;
  g_mutex_unlock (&self->lock);

  if (wake != NULL)
    wake (self, wake_data);
  return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
static void
schedule_wake (SwTaskRequest *self)
{
  GSource *source;

  if (self->in_handler || self->cancelled || self->wake_scheduled || self->wake == NULL)
    return;
  self->wake_scheduled = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, wake_idle, sw_task_request_ref (self),
                         (GDestroyNotify) sw_task_request_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
answer (SwTaskRequest *self,
        SwValue       *result,
        const char    *error,
        const char    *cause)
{
  g_mutex_lock (&self->lock);
  if (self->answered)
    {
      g_mutex_unlock (&self->lock);
      if (result != NULL)
        sw_value_unref (result);
      g_critical ("The task of state “%s” was answered twice", self->state_name);
      return FALSE;
    }
  self->answered = TRUE;
  self->result = result;
  self->error = g_strdup (error);
  self->cause = g_strdup (cause);
  schedule_wake (self);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * sw_task_request_return_value:
 * @result: (transfer full): the task's result; it must not change afterwards
 *
 * Answers the request with a result. May be called from any thread.
 */
void
sw_task_request_return_value (SwTaskRequest *request,
                              SwValue       *result)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (result != NULL);

  answer (request, result, NULL, NULL);
}

/**
 * sw_task_request_return_error:
 * @error: the error name, such as `States.TaskFailed` or `Lambda.ServiceException`
 * @cause: (nullable): a description
 *
 * Answers the request with a failure. May be called from any thread.
 */
void
sw_task_request_return_error (SwTaskRequest *request,
                              const char    *error,
                              const char    *cause)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (error != NULL);

  answer (request, NULL, error, cause);
}

/**
 * sw_task_request_heartbeat:
 *
 * Tells the execution that the task is alive, which restarts its HeartbeatSeconds timer.
 * May be called from any thread.
 */
void
sw_task_request_heartbeat (SwTaskRequest *request)
{
  g_return_if_fail (request != NULL);

  g_mutex_lock (&request->lock);
  if (!request->answered && !request->cancelled)
    {
      request->heartbeat = TRUE;
      schedule_wake (request);
    }
  g_mutex_unlock (&request->lock);
}

/**
 * sw_task_request_submitted:
 * @output: (transfer none): the response of the call that submitted the work, such as
 *   CreateTrainingJob's `{"TrainingJobArn": …}`; it must not change afterwards
 *
 * Tells the execution that a `.sync` integration has submitted its work and now waits for it
 * to finish: the execution records a `TaskSubmitted` event whose `taskSubmittedEventDetails`
 * hold the resource type, the resource and @output, as the service records it between
 * `TaskStarted` and `TaskSucceeded`. The handler answers with the final result afterwards as
 * usual. May be called from any thread, before the request is answered.
 */
void
sw_task_request_submitted (SwTaskRequest *request,
                           SwValue       *output)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (output != NULL);

  g_mutex_lock (&request->lock);
  if (!request->answered && !request->cancelled)
    {
      if (request->submitted == NULL)
        request->submitted = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_value_unref);
      g_ptr_array_add (request->submitted, sw_value_ref (output));
      schedule_wake (request);
    }
  else if (request->answered)
    g_critical ("The task of state “%s” reported its submission after its answer",
                request->state_name);
  g_mutex_unlock (&request->lock);
}

/* Takes the submit outputs not yet recorded, or NULL. */
GPtrArray *
_sw_task_request_take_submitted (SwTaskRequest *request)
{
  GPtrArray *submitted;

  g_mutex_lock (&request->lock);
  submitted = g_steal_pointer (&request->submitted);
  g_mutex_unlock (&request->lock);
  return submitted;
}

void
_sw_task_request_begin (SwTaskRequest *request)
{
  g_mutex_lock (&request->lock);
  request->in_handler = TRUE;
  g_mutex_unlock (&request->lock);
}

/* Returns TRUE if the handler answered before returning. */
gboolean
_sw_task_request_end (SwTaskRequest *request)
{
  gboolean answered;

  g_mutex_lock (&request->lock);
  request->in_handler = FALSE;
  answered = request->answered;
  if (!answered && (request->heartbeat || request->submitted != NULL))
    schedule_wake (request);
  g_mutex_unlock (&request->lock);
  return answered;
}

/* Takes the answer. Returns FALSE if there is none yet. */
gboolean
_sw_task_request_take (SwTaskRequest  *request,
                       SwValue       **result,
                       char          **error,
                       char          **cause)
{
  gboolean answered;

  g_mutex_lock (&request->lock);
  answered = request->answered;
  if (answered)
    {
      *result = g_steal_pointer (&request->result);
      *error = g_steal_pointer (&request->error);
      *cause = g_steal_pointer (&request->cause);
    }
  g_mutex_unlock (&request->lock);
  return answered;
}

gboolean
_sw_task_request_take_heartbeat (SwTaskRequest *request)
{
  gboolean heartbeat;

  g_mutex_lock (&request->lock);
  heartbeat = request->heartbeat;
  request->heartbeat = FALSE;
  g_mutex_unlock (&request->lock);
  return heartbeat;
}

/* The execution no longer wants the answer: no wake-up after this returns. */
void
_sw_task_request_cancel (SwTaskRequest *request)
{
  g_mutex_lock (&request->lock);
  request->cancelled = TRUE;
  request->wake = NULL;
  g_mutex_unlock (&request->lock);
  g_cancellable_cancel (request->cancellable);
}

/* The answer was taken: no wake-up after this returns, and nothing cancelled. */
void
_sw_task_request_detach (SwTaskRequest *request)
{
  g_mutex_lock (&request->lock);
  request->wake = NULL;
  g_mutex_unlock (&request->lock);
}

/* Registry */

typedef struct
{
  char *pattern;
  GPatternSpec *spec;
  char *function;     /* the function name when the pattern names a Lambda function */
  SwTaskHandlerFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
} Handler;

struct _SwTaskRegistry
{
  GObject parent_instance;

  GMutex lock;
  GPtrArray *handlers;
};

G_DEFINE_FINAL_TYPE (SwTaskRegistry, sw_task_registry, G_TYPE_OBJECT)

static void
handler_free (Handler *handler)
{
  if (handler->destroy != NULL)
    handler->destroy (handler->user_data);
  g_free (handler->pattern);
  g_pattern_spec_free (handler->spec);
  g_free (handler->function);
  g_free (handler);
}

static void
sw_task_registry_finalize (GObject *object)
{
  SwTaskRegistry *self = SW_TASK_REGISTRY (object);

  g_clear_pointer (&self->handlers, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sw_task_registry_parent_class)->finalize (object);
}

static void
sw_task_registry_class_init (SwTaskRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_task_registry_finalize;
}

static void
sw_task_registry_init (SwTaskRegistry *self)
{
  g_mutex_init (&self->lock);
  self->handlers = g_ptr_array_new_with_free_func ((GDestroyNotify) handler_free);
}

SwTaskRegistry *
sw_task_registry_new (void)
{
  return g_object_new (SW_TYPE_TASK_REGISTRY, NULL);
}

/**
 * sw_task_lambda_function_name:
 * @arn_or_name: a function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`),
 *   a partial ARN or a function name
 *
 * Returns: (transfer full) (nullable): the function's name, without qualifier
 */
char *
sw_task_lambda_function_name (const char *arn_or_name)
{
  const char *p;

  g_return_val_if_fail (arn_or_name != NULL, NULL);

  p = strstr (arn_or_name, "function:");
  if (p != NULL)
    p += strlen ("function:");
  else if (g_str_has_prefix (arn_or_name, "arn:"))
    return NULL;
  else
    p = arn_or_name;
  if (*p == '\0')
    return NULL;
  return g_strndup (p, strcspn (p, ":"));
}

/**
 * sw_task_registry_add:
 * @pattern: a resource ARN, where `*` matches any run of characters and `?` one character;
 *   or a Lambda function ARN or name, which also serves `lambda:invoke` calls of it
 * @func: the handler
 * @destroy: (nullable): frees @user_data with the registry
 *
 * Registers a handler. A later registration wins over an earlier one that also matches.
 */
void
sw_task_registry_add (SwTaskRegistry    *self,
                      const char        *pattern,
                      SwTaskHandlerFunc  func,
                      gpointer           user_data,
                      GDestroyNotify     destroy)
{
  Handler *handler;

  g_return_if_fail (SW_IS_TASK_REGISTRY (self));
  g_return_if_fail (pattern != NULL);
  g_return_if_fail (func != NULL);

  handler = g_new0 (Handler, 1);
  handler->pattern = g_strdup (pattern);
  handler->spec = g_pattern_spec_new (pattern);
  if (strchr (pattern, '*') == NULL && strchr (pattern, '?') == NULL &&
      (strstr (pattern, ":lambda:") != NULL || strchr (pattern, ':') == NULL))
    handler->function = sw_task_lambda_function_name (pattern);
  handler->func = func;
  handler->user_data = user_data;
  handler->destroy = destroy;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->handlers, handler);
  g_mutex_unlock (&self->lock);
}

/**
 * sw_task_registry_lookup:
 * @resource: a Task state's Resource
 * @function_name: (nullable): the function a `lambda:invoke` call names
 * @func: (out): the handler
 * @user_data: (out): its data
 *
 * Returns: %TRUE if a handler serves @resource (or the function)
 */
gboolean
sw_task_registry_lookup (SwTaskRegistry    *self,
                         const char        *resource,
                         const char        *function_name,
                         SwTaskHandlerFunc *func,
                         gpointer          *user_data)
{
  g_autofree char *function = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (SW_IS_TASK_REGISTRY (self), FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);

  if (function_name != NULL)
    function = sw_task_lambda_function_name (function_name);

  g_mutex_lock (&self->lock);
  for (guint i = self->handlers->len; i > 0 && !found; i--)
    {
      Handler *handler = g_ptr_array_index (self->handlers, i - 1);

      if (function_name != NULL &&
          (g_pattern_spec_match_string (handler->spec, function_name) ||
           (function != NULL && handler->function != NULL &&
            strcmp (function, handler->function) == 0)))
        found = TRUE;
      else if (g_pattern_spec_match_string (handler->spec, resource))
        found = TRUE;

      if (found)
        {
          *func = handler->func;
          *user_data = handler->user_data;
        }
    }
  g_mutex_unlock (&self->lock);
  return found;
}

guint
sw_task_registry_get_n_handlers (SwTaskRegistry *self)
{
  guint n;

  g_return_val_if_fail (SW_IS_TASK_REGISTRY (self), 0);

  g_mutex_lock (&self->lock);
  n = self->handlers->len;
  g_mutex_unlock (&self->lock);
  return n;
}
