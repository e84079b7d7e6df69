/* sw-history-event.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-history-event.h"

struct _SwHistoryEvent
{
  gatomicrefcount ref_count;
  SwHistoryEventType type;
  gint64 id;
  gint64 previous_id;
  gint64 timestamp_ms;
  SwValue *details;   /* nullable */
};

G_DEFINE_BOXED_TYPE (SwHistoryEvent, sw_history_event, sw_history_event_ref,
                     sw_history_event_unref)

static const struct
{
  const char *name;
  const char *details_key;
} types[SW_HISTORY_EVENT_N_TYPES] = {
  [SW_HISTORY_EVENT_EXECUTION_STARTED] = { "ExecutionStarted", "executionStartedEventDetails" },
  [SW_HISTORY_EVENT_EXECUTION_SUCCEEDED] = { "ExecutionSucceeded",
                                             "executionSucceededEventDetails" },
  [SW_HISTORY_EVENT_EXECUTION_FAILED] = { "ExecutionFailed", "executionFailedEventDetails" },
  [SW_HISTORY_EVENT_EXECUTION_ABORTED] = { "ExecutionAborted", "executionAbortedEventDetails" },
  [SW_HISTORY_EVENT_EXECUTION_TIMED_OUT] = { "ExecutionTimedOut",
                                             "executionTimedOutEventDetails" },
  [SW_HISTORY_EVENT_PASS_STATE_ENTERED] = { "PassStateEntered", "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_PASS_STATE_EXITED] = { "PassStateExited", "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_TASK_STATE_ENTERED] = { "TaskStateEntered", "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_TASK_STATE_EXITED] = { "TaskStateExited", "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_TASK_STATE_ABORTED] = { "TaskStateAborted", NULL },
  [SW_HISTORY_EVENT_CHOICE_STATE_ENTERED] = { "ChoiceStateEntered", "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_CHOICE_STATE_EXITED] = { "ChoiceStateExited", "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_WAIT_STATE_ENTERED] = { "WaitStateEntered", "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_WAIT_STATE_EXITED] = { "WaitStateExited", "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_WAIT_STATE_ABORTED] = { "WaitStateAborted", NULL },
  [SW_HISTORY_EVENT_SUCCEED_STATE_ENTERED] = { "SucceedStateEntered",
                                               "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_SUCCEED_STATE_EXITED] = { "SucceedStateExited", "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_FAIL_STATE_ENTERED] = { "FailStateEntered", "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_PARALLEL_STATE_ENTERED] = { "ParallelStateEntered",
                                                "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_PARALLEL_STATE_EXITED] = { "ParallelStateExited",
                                               "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_PARALLEL_STATE_STARTED] = { "ParallelStateStarted", NULL },
  [SW_HISTORY_EVENT_PARALLEL_STATE_SUCCEEDED] = { "ParallelStateSucceeded", NULL },
  [SW_HISTORY_EVENT_PARALLEL_STATE_FAILED] = { "ParallelStateFailed", NULL },
  [SW_HISTORY_EVENT_PARALLEL_STATE_ABORTED] = { "ParallelStateAborted", NULL },
  [SW_HISTORY_EVENT_MAP_STATE_ENTERED] = { "MapStateEntered", "stateEnteredEventDetails" },
  [SW_HISTORY_EVENT_MAP_STATE_EXITED] = { "MapStateExited", "stateExitedEventDetails" },
  [SW_HISTORY_EVENT_MAP_STATE_STARTED] = { "MapStateStarted", "mapStateStartedEventDetails" },
  [SW_HISTORY_EVENT_MAP_STATE_SUCCEEDED] = { "MapStateSucceeded", NULL },
  [SW_HISTORY_EVENT_MAP_STATE_FAILED] = { "MapStateFailed", NULL },
  [SW_HISTORY_EVENT_MAP_STATE_ABORTED] = { "MapStateAborted", NULL },
  [SW_HISTORY_EVENT_MAP_ITERATION_STARTED] = { "MapIterationStarted",
                                               "mapIterationStartedEventDetails" },
  [SW_HISTORY_EVENT_MAP_ITERATION_SUCCEEDED] = { "MapIterationSucceeded",
                                                 "mapIterationSucceededEventDetails" },
  [SW_HISTORY_EVENT_MAP_ITERATION_FAILED] = { "MapIterationFailed",
                                              "mapIterationFailedEventDetails" },
  [SW_HISTORY_EVENT_MAP_ITERATION_ABORTED] = { "MapIterationAborted",
                                               "mapIterationAbortedEventDetails" },
  [SW_HISTORY_EVENT_MAP_RUN_STARTED] = { "MapRunStarted", "mapRunStartedEventDetails" },
  [SW_HISTORY_EVENT_MAP_RUN_SUCCEEDED] = { "MapRunSucceeded", NULL },
  [SW_HISTORY_EVENT_MAP_RUN_FAILED] = { "MapRunFailed", "mapRunFailedEventDetails" },
  [SW_HISTORY_EVENT_MAP_RUN_ABORTED] = { "MapRunAborted", NULL },
  [SW_HISTORY_EVENT_TASK_SCHEDULED] = { "TaskScheduled", "taskScheduledEventDetails" },
  [SW_HISTORY_EVENT_TASK_STARTED] = { "TaskStarted", "taskStartedEventDetails" },
  [SW_HISTORY_EVENT_TASK_SUBMITTED] = { "TaskSubmitted", "taskSubmittedEventDetails" },
  [SW_HISTORY_EVENT_TASK_SUCCEEDED] = { "TaskSucceeded", "taskSucceededEventDetails" },
  [SW_HISTORY_EVENT_TASK_FAILED] = { "TaskFailed", "taskFailedEventDetails" },
  [SW_HISTORY_EVENT_TASK_TIMED_OUT] = { "TaskTimedOut", "taskTimedOutEventDetails" },
  [SW_HISTORY_EVENT_LAMBDA_FUNCTION_SCHEDULED] = { "LambdaFunctionScheduled",
                                                   "lambdaFunctionScheduledEventDetails" },
  [SW_HISTORY_EVENT_LAMBDA_FUNCTION_STARTED] = { "LambdaFunctionStarted", NULL },
  [SW_HISTORY_EVENT_LAMBDA_FUNCTION_SUCCEEDED] = { "LambdaFunctionSucceeded",
                                                   "lambdaFunctionSucceededEventDetails" },
  [SW_HISTORY_EVENT_LAMBDA_FUNCTION_FAILED] = { "LambdaFunctionFailed",
                                                "lambdaFunctionFailedEventDetails" },
  [SW_HISTORY_EVENT_LAMBDA_FUNCTION_TIMED_OUT] = { "LambdaFunctionTimedOut",
                                                   "lambdaFunctionTimedOutEventDetails" },
  [SW_HISTORY_EVENT_ACTIVITY_SCHEDULED] = { "ActivityScheduled", "activityScheduledEventDetails" },
  [SW_HISTORY_EVENT_ACTIVITY_STARTED] = { "ActivityStarted", "activityStartedEventDetails" },
  [SW_HISTORY_EVENT_ACTIVITY_SUCCEEDED] = { "ActivitySucceeded",
                                            "activitySucceededEventDetails" },
  [SW_HISTORY_EVENT_ACTIVITY_FAILED] = { "ActivityFailed", "activityFailedEventDetails" },
  [SW_HISTORY_EVENT_ACTIVITY_TIMED_OUT] = { "ActivityTimedOut", "activityTimedOutEventDetails" },
  [SW_HISTORY_EVENT_EVALUATION_FAILED] = { "EvaluationFailed", "evaluationFailedEventDetails" },
  [SW_HISTORY_EVENT_EXECUTION_REDRIVEN] = { "ExecutionRedriven",
                                            "executionRedrivenEventDetails" },
};

/**
 * sw_history_event_type_to_string:
 *
 * Returns: the name `GetExecutionHistory` gives the type, such as `TaskStateEntered`
 */
const char *
sw_history_event_type_to_string (SwHistoryEventType type)
{
  g_return_val_if_fail (type < SW_HISTORY_EVENT_N_TYPES, NULL);
  return types[type].name;
}

/**
 * sw_history_event_type_details_key:
 *
 * Returns: (nullable): the member that holds the details of an event of this type, such as
 *   `stateEnteredEventDetails`; %NULL for types without details
 */
const char *
sw_history_event_type_details_key (SwHistoryEventType type)
{
  g_return_val_if_fail (type < SW_HISTORY_EVENT_N_TYPES, NULL);
  return types[type].details_key;
}

gboolean
sw_history_event_type_from_string (const char         *name,
                                   SwHistoryEventType *type)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < SW_HISTORY_EVENT_N_TYPES; i++)
    if (strcmp (types[i].name, name) == 0)
      {
        if (type != NULL)
          *type = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * sw_history_event_new:
 * @details: (transfer full) (nullable): the details object; it must not change afterwards
 *
 * Returns: (transfer full): a new event
 */
SwHistoryEvent *
sw_history_event_new (SwHistoryEventType  type,
                      gint64              id,
                      gint64              previous_id,
                      gint64              timestamp_ms,
                      SwValue            *details)
{
  SwHistoryEvent *self;

  g_return_val_if_fail (type < SW_HISTORY_EVENT_N_TYPES, NULL);
  g_return_val_if_fail (details == NULL || sw_value_is_object (details), NULL);

  self = g_new0 (SwHistoryEvent, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->type = type;
  self->id = id;
  self->previous_id = previous_id;
  self->timestamp_ms = timestamp_ms;
  self->details = details;
  return self;
}

/**
 * sw_history_event_new_from_value:
 * @value: an event as `GetExecutionHistory` returns it (sw_history_event_to_value())
 *
 * Returns: (transfer full) (nullable): the event, or %NULL if @value is not one
 */
SwHistoryEvent *
sw_history_event_new_from_value (SwValue *value)
{
  SwValue *member;
  SwHistoryEventType type;
  gint64 id = 0, previous = 0;
  double timestamp = 0;
  const char *key;
  SwValue *details = NULL;

  g_return_val_if_fail (value != NULL, NULL);

  if (!sw_value_is_object (value) || (member = sw_value_object_get (value, "type")) == NULL ||
      !sw_value_is_string (member) ||
      !sw_history_event_type_from_string (sw_value_get_string (member), &type))
    return NULL;
  if ((member = sw_value_object_get (value, "id")) == NULL || !sw_value_get_int64 (member, &id))
    return NULL;
  if ((member = sw_value_object_get (value, "previousEventId")) != NULL)
    sw_value_get_int64 (member, &previous);
  if ((member = sw_value_object_get (value, "timestamp")) != NULL &&
      sw_value_is_number (member))
    timestamp = sw_value_get_double (member);
  key = types[type].details_key;
  if (key != NULL && (member = sw_value_object_get (value, key)) != NULL &&
      sw_value_is_object (member))
    details = sw_value_ref (member);
  return sw_history_event_new (type, id, previous, (gint64) (timestamp * 1000 + 0.5), details);
}

SwHistoryEvent *
sw_history_event_ref (SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  g_atomic_ref_count_inc (&event->ref_count);
  return event;
}

void
sw_history_event_unref (SwHistoryEvent *event)
{
  if (event == NULL)
    return;
  if (g_atomic_ref_count_dec (&event->ref_count))
    {
      g_clear_pointer (&event->details, sw_value_unref);
      g_free (event);
    }
}

SwHistoryEventType
sw_history_event_get_event_type (const SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, 0);
  return event->type;
}

const char *
sw_history_event_get_type_name (const SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return types[event->type].name;
}

gint64
sw_history_event_get_id (const SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, 0);
  return event->id;
}

gint64
sw_history_event_get_previous_id (const SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, 0);
  return event->previous_id;
}

gint64
sw_history_event_get_timestamp_ms (const SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, 0);
  return event->timestamp_ms;
}

/**
 * sw_history_event_get_details:
 *
 * Returns: (transfer none) (nullable): the details object; do not change it
 */
SwValue *
sw_history_event_get_details (const SwHistoryEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->details;
}

/**
 * sw_history_event_get_state_name:
 *
 * Returns: (nullable): the state an entered or exited event is about, or the Map state of an
 *   iteration event
 */
const char *
sw_history_event_get_state_name (const SwHistoryEvent *event)
{
  SwValue *name;

  g_return_val_if_fail (event != NULL, NULL);

  if (event->details == NULL)
    return NULL;
  name = sw_value_object_get (event->details, "name");
  return name != NULL && sw_value_is_string (name) ? sw_value_get_string (name) : NULL;
}

/**
 * sw_history_event_to_value:
 *
 * Returns: (transfer full): the event as `GetExecutionHistory` returns it, with the timestamp
 *   in seconds since the Unix epoch as the JSON protocol sends it
 */
SwValue *
sw_history_event_to_value (const SwHistoryEvent *event)
{
  SwValue *object;

  g_return_val_if_fail (event != NULL, NULL);

  object = sw_value_new_object ();
  sw_value_object_set (object, "timestamp", sw_value_new_double (event->timestamp_ms / 1000.0));
  sw_value_object_set (object, "type", sw_value_new_string (types[event->type].name));
  sw_value_object_set (object, "id", sw_value_new_int (event->id));
  sw_value_object_set (object, "previousEventId", sw_value_new_int (event->previous_id));
  if (event->details != NULL && types[event->type].details_key != NULL)
    sw_value_object_set (object, types[event->type].details_key, sw_value_ref (event->details));
  return object;
}
