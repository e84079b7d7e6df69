/* sw-execution-task.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Task states: who serves the resource (a mocked response of the test case, else a
 * registered handler, else nobody, which is a task failure that says how to mock it), the
 * events the service records for each kind of resource, TimeoutSeconds and
 * HeartbeatSeconds. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-execution-private.h"
#include "sw-json.h"


void
_sw_task_call_free (SwTaskCall *call)
{
  if (call == NULL)
    return;
  g_assert (call->timeout == NULL && call->heartbeat == NULL);
  if (call->token != NULL)
    _sw_execution_unregister_token (call->exec, call->token);
  g_free (call->token);
  if (call->request != NULL)
    _sw_task_request_detach (call->request);
  g_clear_pointer (&call->request, sw_task_request_unref);
  g_free (call->resource_type);
  g_free (call->resource);
  g_clear_pointer (&call->result, sw_value_unref);
  g_free (call->error);
  g_free (call->cause);
  g_free (call);
}

static void
remove_timers (SwLane     *lane,
               SwTaskCall *call)
{
  _sw_execution_remove_timer (lane->exec, g_steal_pointer (&call->timeout));
  _sw_execution_remove_timer (lane->exec, g_steal_pointer (&call->heartbeat));
}

/* `arn:aws:states:::lambda:invoke.waitForTaskToken` is resource type `lambda`, resource
 * `invoke.waitForTaskToken`; `arn:aws:states:::aws-sdk:s3:getObject` is `aws-sdk:s3` and
 * `getObject`, as the history names them. */
static void
split_resource (SwTaskCall *call,
                const char *arn)
{
  const char *rest;

  if (g_str_has_prefix (arn, "arn:aws:states:::"))
    {
      const char *colon;

      rest = arn + strlen ("arn:aws:states:::");
      colon = strchr (rest, ':');
      if (g_str_has_prefix (rest, "aws-sdk:") && colon != NULL)
        colon = strchr (colon + 1, ':');
      if (colon != NULL)
        {
          call->resource_type = g_strndup (rest, colon - rest);
          call->resource = g_strdup (colon + 1);
          return;
        }
    }
  if (strstr (arn, ":lambda:") != NULL && strstr (arn, ":function:") != NULL)
    call->lambda_legacy = TRUE;
  if (g_str_has_prefix (arn, "arn:aws:states:") && strstr (arn, ":activity:") != NULL)
    call->activity = TRUE;
  call->resource_type = g_strdup (call->activity ? "activity" : "");
  call->resource = g_strdup (arn);
}

static SwValue *
with_truncated (SwValue    *details,
                const char *key)
{
  SwValue *flag = sw_value_new_object ();

  sw_value_object_set (flag, "truncated", sw_value_new_boolean (FALSE));
  sw_value_object_set (details, key, flag);
  return details;
}

static SwValue *
resource_details (SwTaskCall *call)
{
  SwValue *details = sw_value_new_object ();

  sw_value_object_set (details, "resourceType", sw_value_new_string (call->resource_type));
  sw_value_object_set (details, "resource", sw_value_new_string (call->resource));
  return details;
}

static gboolean
seconds_field (SwLane      *lane,
               SwPlanField *field,
               const char  *name,
               double      *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) value = NULL;
  SwEvalScope scope;

  *out = 0;
  if (!field->set)
    return TRUE;
  if (field->value != NULL)
    value = sw_value_ref (field->value);
  else if (field->expr != NULL)
    {
      if (!_sw_lane_jsonata_field (lane, field, &value))
        return FALSE;
    }
  else
    {
      _sw_lane_scope (lane, &scope, lane->input);
      value = sw_eval_path_get (field->path, &scope, &error);
      if (value == NULL)
        {
          _sw_lane_runtime_error (lane, "The %sPath of the Task state matches nothing: %s",
                                  name, error->message);
          return FALSE;
        }
    }
  /* In JSONata states a value of the wrong type or out of range is a query evaluation
   * error (the guide, “Handling expression errors”). */
  if (field->expr != NULL &&
      (!sw_value_is_number (value) || sw_value_get_double (value) <= 0 ||
       sw_value_get_double (value) != floor (sw_value_get_double (value))))
    {
      g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
      g_autofree char *cause = g_strdup_printf ("The field '%s' must be a positive integer, "
                                                "but it is %s.", name, text);

      _sw_lane_jsonata_failed (lane, cause, name, TRUE);
      return FALSE;
    }
  if (!sw_value_is_number (value) || sw_value_get_double (value) <= 0)
    {
      _sw_lane_runtime_error (lane, "The %s of the Task state must be a positive integer",
                              name);
      return FALSE;
    }
  *out = sw_value_get_double (value);
  return TRUE;
}

/* Records the TaskSubmitted events of a `.sync` integration's submit calls. */
static void
emit_submitted_output (SwLane     *lane,
                       SwTaskCall *call,
                       SwValue    *output)
{
  SwValue *details = NULL;

  if (_sw_execution_want_events (lane->exec))
    {
      details = resource_details (call);
      sw_value_object_set (details, "output", _sw_payload_string (output));
      with_truncated (details, "outputDetails");
    }
  _sw_execution_emit (lane->exec, lane, SW_HISTORY_EVENT_TASK_SUBMITTED, details);
}

static void
emit_submitted (SwLane     *lane,
                SwTaskCall *call)
{
  g_autoptr(GPtrArray) submitted = NULL;

  if (call->request == NULL)
    return;
  submitted = _sw_task_request_take_submitted (call->request);
  for (guint i = 0; submitted != NULL && i < submitted->len; i++)
    emit_submitted_output (lane, call, g_ptr_array_index (submitted, i));
}

static gboolean
is_sync_resource (const char *resource)
{
  return g_str_has_suffix (resource, ".sync") || g_str_has_suffix (resource, ".sync:2");
}

static void
task_wake (SwTaskRequest *request,
           gpointer       data)
{
  SwLane *lane = data;
  SwTaskCall *call = lane->task;
  SwValue *result = NULL;
  char *error = NULL, *cause = NULL;

  g_assert (call != NULL && call->request == request);

  emit_submitted (lane, call);
  if (_sw_task_request_take_heartbeat (request) && call->heartbeat != NULL)
    {
      _sw_execution_remove_timer (lane->exec, call->heartbeat);
      call->heartbeat = _sw_execution_add_timer (lane->exec, lane, SW_TIMER_HEARTBEAT,
                                                 (gint64) (call->heartbeat_seconds * 1000));
    }

  if (_sw_task_request_take (request, &result, &error, &cause))
    {
      call->result = result;
      call->error = error;
      call->cause = cause;
      lane->step = SW_STEP_TASK_DONE;
      _sw_execution_ready (lane->exec, lane);
    }
}

static char *
new_task_token (void)
{
  guchar bytes[48];

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = g_random_int_range (0, 256);
  return g_base64_encode (bytes, sizeof bytes);
}

/* The events the service records when the work is handed out. */
static void
emit_started (SwLane     *lane,
              SwTaskCall *call,
              double      timeout,
              double      heartbeat)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;
  gboolean want = _sw_execution_want_events (exec);

  if (call->lambda_legacy || call->activity)
    {
      SwValue *details = NULL;

      if (want)
        {
          details = sw_value_new_object ();
          sw_value_object_set (details, "resource", sw_value_new_string (state->resource));
          sw_value_object_set (details, "input", _sw_payload_string (lane->effective));
          with_truncated (details, "inputDetails");
          if (timeout > 0)
            sw_value_object_set (details, "timeoutInSeconds", sw_value_new_double (timeout));
          if (heartbeat > 0 && call->activity)
            sw_value_object_set (details, "heartbeatInSeconds", sw_value_new_double (heartbeat));
        }
      if (call->activity)
        {
          SwValue *worker = NULL;

          _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_ACTIVITY_SCHEDULED, details);
          if (want)
            {
              worker = sw_value_new_object ();
              sw_value_object_set (worker, "workerName", sw_value_new_string ("stepwise-local"));
            }
          _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_ACTIVITY_STARTED, worker);
          return;
        }
      _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_LAMBDA_FUNCTION_SCHEDULED, details);
      _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_LAMBDA_FUNCTION_STARTED, NULL);
    }
  else
    {
      SwValue *details = NULL;

      if (want)
        {
          details = resource_details (call);
          sw_value_object_set (details, "region",
                               sw_value_new_string (_sw_execution_region (exec)));
          sw_value_object_set (details, "parameters", _sw_payload_string (lane->effective));
          if (timeout > 0)
            sw_value_object_set (details, "timeoutInSeconds", sw_value_new_double (timeout));
          if (heartbeat > 0)
            sw_value_object_set (details, "heartbeatInSeconds", sw_value_new_double (heartbeat));
        }
      _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_TASK_SCHEDULED, details);
      _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_TASK_STARTED,
                          want ? resource_details (call) : NULL);
    }
}

/* Called before Parameters are expanded, so they can read `$$.Task.Token`. */
static void
prepare_token (SwLane *lane)
{
  if (g_str_has_suffix (lane->state->resource, ".waitForTaskToken") && lane->task_token == NULL)
    {
      lane->task_token = new_task_token ();
      g_clear_pointer (&lane->context, sw_value_unref);
    }
}

void
_sw_task_start (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;
  SwTaskCall *call;
  double timeout = 0, heartbeat = 0;
  const char *function_name = NULL;
  SwValue *payload = NULL;
  const char *mock_machine, *mock_case, *response = NULL;
  SwMockConfig *mock;
  SwTaskHandlerFunc func = NULL;
  gpointer func_data = NULL;
  gboolean invoke;

  if (!seconds_field (lane, &state->timeout_seconds, "TimeoutSeconds", &timeout) ||
      !seconds_field (lane, &state->heartbeat_seconds, "HeartbeatSeconds", &heartbeat))
    return;

  call = g_new0 (SwTaskCall, 1);
  call->exec = exec;
  split_resource (call, state->resource);
  call->heartbeat_seconds = heartbeat;
  lane->task = call;

  invoke = g_str_has_prefix (state->resource, "arn:aws:states:::lambda:invoke");
  if (invoke && sw_value_is_object (lane->effective))
    {
      SwValue *name = sw_value_object_get (lane->effective, "FunctionName");

      function_name = name != NULL && sw_value_is_string (name) ? sw_value_get_string (name)
                                                                 : NULL;
      payload = sw_value_object_get (lane->effective, "Payload");
    }
  else if (call->lambda_legacy)
    function_name = state->resource;

  /* A mocked response of the test case comes first, as in Step Functions Local. */
  mock = _sw_execution_mock (exec, &mock_machine, &mock_case);
  if (mock != NULL)
    response = sw_mock_config_get_response_name (mock, mock_machine, mock_case, state->name);
  if (response != NULL)
    {
      guint invocation = _sw_execution_next_mock_invocation (exec, state->name);

      emit_started (lane, call, timeout, heartbeat);
      if (!sw_mock_config_get_response (mock, response, invocation, &call->result, &call->error,
                                        &call->cause))
        {
          g_clear_pointer (&lane->task, _sw_task_call_free);
          _sw_lane_runtime_error (lane, "The mocked response '%s' of test case '%s' has no "
                                  "entry for invocation %u of the state (counting from 0).",
                                  response, mock_case, invocation);
          return;
        }
      /* A `.sync` integration submits its work before it waits for the outcome; a mocked
       * Return is what it ends with, and stands for the submit response too. */
      if (call->error == NULL && call->result != NULL && is_sync_resource (state->resource))
        emit_submitted_output (lane, call, call->result);
      _sw_task_finish (lane);
      return;
    }

  if ((_sw_execution_registry (exec) != NULL &&
       sw_task_registry_lookup (_sw_execution_registry (exec), state->resource, function_name,
                                &func, &func_data)) ||
      (lane->task_token != NULL && _sw_execution_accepts_callbacks (exec)))
    {
      SwTaskRequestInit init = {
        .resource = state->resource,
        .state_name = state->name,
        .execution_arn = _sw_execution_arn (exec),
        .parameters = lane->effective,
        .payload = payload,
        .function_name = function_name,
        .task_token = lane->task_token,
        .attempt = lane->retry_total,
      };
      gint64 started = sw_clock_get_monotonic_ms (_sw_execution_clock (exec));
      g_autoptr(SwValue) empty = NULL;

      /* A lambda:invoke call without Payload sends the function an empty event. */
      if (init.payload == NULL && invoke)
        init.payload = empty = sw_value_new_object ();
      else if (init.payload == NULL)
        init.payload = lane->effective;

      call->request = _sw_task_request_new (&init, _sw_execution_context (exec), task_wake,
                                            lane);
      /* SendTaskSuccess and its kin may answer a task with a token, whoever serves it. */
      if (lane->task_token != NULL)
        {
          call->token = g_strdup (lane->task_token);
          _sw_execution_register_token (exec, call->token, call->request);
        }
      emit_started (lane, call, timeout, heartbeat);
      if (_sw_execution_is_finished (exec))
        return;
      _sw_task_request_begin (call->request);
      if (func != NULL)
        func (call->request, func_data);
      if (_sw_task_request_end (call->request))
        {
          _sw_task_request_take (call->request, &call->result, &call->error, &call->cause);
          /* A handler that took longer than allowed (on a fake clock, say) timed out. */
          if (timeout > 0 &&
              sw_clock_get_monotonic_ms (_sw_execution_clock (exec)) - started >
                timeout * 1000)
            {
              g_clear_pointer (&call->result, sw_value_unref);
              g_free (call->error);
              g_free (call->cause);
              call->error = g_strdup ("States.Timeout");
              call->cause = g_strdup ("");
              call->timed_out = TRUE;
            }
          _sw_task_finish (lane);
          return;
        }

      call->pending = TRUE;
      _sw_execution_external (exec, 1);
      if (timeout > 0)
        call->timeout = _sw_execution_add_timer (exec, lane, SW_TIMER_TASK_TIMEOUT,
                                                 (gint64) llround (timeout * 1000));
      if (heartbeat > 0)
        call->heartbeat = _sw_execution_add_timer (exec, lane, SW_TIMER_HEARTBEAT,
                                                   (gint64) llround (heartbeat * 1000));
      lane->step = SW_STEP_BLOCKED;
      return;
    }

  emit_started (lane, call, timeout, heartbeat);
  call->error = g_strdup ("States.TaskFailed");
  if (function_name != NULL)
    call->cause = g_strdup_printf ("No local handler serves the Lambda function '%s' of state "
                                   "'%s'. Mock the state with --mock-config (the Step Functions "
                                   "Local MockConfigFile format) or map the function to a local "
                                   "command with --handlers.", function_name, state->name);
  else
    call->cause = g_strdup_printf ("No local handler serves the resource '%s' of state '%s'. "
                                   "Mock the state with --mock-config (the Step Functions Local "
                                   "MockConfigFile format) or map the resource to a local "
                                   "command with --handlers.", state->resource, state->name);
  _sw_task_finish (lane);
}

/* The task has answered (or timed out); record it and go on. */
void
_sw_task_finish (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwTaskCall *call = lane->task;
  gboolean want = _sw_execution_want_events (exec);
  g_autoptr(SwValue) result = NULL;
  g_autofree char *error = NULL;
  g_autofree char *cause = NULL;

  g_assert (call != NULL);
  remove_timers (lane, call);
  emit_submitted (lane, call);
  if (call->pending)
    {
      call->pending = FALSE;
      _sw_execution_external (exec, -1);
    }

  result = g_steal_pointer (&call->result);
  error = g_steal_pointer (&call->error);
  cause = g_steal_pointer (&call->cause);

  if (error == NULL && result != NULL &&
      sw_eval_json_size (result, SW_EXECUTION_MAX_PAYLOAD) > SW_EXECUTION_MAX_PAYLOAD)
    {
      g_clear_pointer (&result, sw_value_unref);
      error = g_strdup ("States.DataLimitExceeded");
      cause = g_strdup_printf ("The state/task '%s' returned a result with a size exceeding "
                               "the maximum number of bytes service limit.",
                               call->lambda_legacy ? call->resource : call->resource_type);
    }
  if (error == NULL && result == NULL)
    result = sw_value_new_null ();

  if (error != NULL)
    {
      SwValue *details = NULL;
      SwHistoryEventType type;

      if (want)
        {
          details = call->lambda_legacy || call->activity ? sw_value_new_object ()
                                                          : resource_details (call);
          sw_value_object_set (details, "error", sw_value_new_string (error));
          sw_value_object_set (details, "cause", sw_value_new_string (cause ? cause : ""));
        }
      if (call->activity)
        type = call->timed_out ? SW_HISTORY_EVENT_ACTIVITY_TIMED_OUT
                               : SW_HISTORY_EVENT_ACTIVITY_FAILED;
      else if (call->timed_out)
        type = call->lambda_legacy ? SW_HISTORY_EVENT_LAMBDA_FUNCTION_TIMED_OUT
                                   : SW_HISTORY_EVENT_TASK_TIMED_OUT;
      else
        type = call->lambda_legacy ? SW_HISTORY_EVENT_LAMBDA_FUNCTION_FAILED
                                   : SW_HISTORY_EVENT_TASK_FAILED;
      _sw_execution_emit (exec, lane, type, details);
      g_clear_pointer (&lane->task, _sw_task_call_free);
      _sw_lane_state_failed (lane, error, cause ? cause : "");
      return;
    }

  if (want)
    {
      SwValue *details = call->lambda_legacy || call->activity ? sw_value_new_object ()
                                                               : resource_details (call);

      sw_value_object_set (details, "output", _sw_payload_string (result));
      with_truncated (details, "outputDetails");
      _sw_execution_emit (exec, lane, call->activity ? SW_HISTORY_EVENT_ACTIVITY_SUCCEEDED
                                      : call->lambda_legacy
                                        ? SW_HISTORY_EVENT_LAMBDA_FUNCTION_SUCCEEDED
                                        : SW_HISTORY_EVENT_TASK_SUCCEEDED, details);
    }
  else
    _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_TASK_SUCCEEDED, NULL);

  g_clear_pointer (&lane->task, _sw_task_call_free);
  _sw_lane_result (lane, g_steal_pointer (&result));
}

void
_sw_task_timer_fired (SwLane  *lane,
                      SwTimer *timer)
{
  SwTaskCall *call = lane->task;
  gboolean heartbeat;

  g_assert (call != NULL);
  heartbeat = timer == call->heartbeat;
  remove_timers (lane, call);

  _sw_task_request_cancel (call->request);
  g_clear_pointer (&call->result, sw_value_unref);
  g_free (call->error);
  g_free (call->cause);
  call->timed_out = TRUE;
  call->error = g_strdup (heartbeat ? "States.HeartbeatTimeout" : "States.Timeout");
  call->cause = g_strdup ("");
  lane->step = SW_STEP_TASK_DONE;
  _sw_execution_ready (lane->exec, lane);
}

void
_sw_task_abort (SwLane *lane)
{
  SwTaskCall *call = lane->task;

  remove_timers (lane, call);
  if (call->request != NULL)
    _sw_task_request_cancel (call->request);
  if (call->pending)
    _sw_execution_external (lane->exec, -1);
  g_clear_pointer (&lane->task, _sw_task_call_free);
}

/* A Task's token must exist before its Parameters are expanded. */
void
_sw_task_prepare (SwLane *lane)
{
  prepare_token (lane);
}
