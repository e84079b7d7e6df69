/* sw-history-event.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SwHistoryEventType:
 *
 * The types of history events, named as `GetExecutionHistory` names them
 * (sw_history_event_type_to_string()).
 */
typedef enum
{
  SW_HISTORY_EVENT_EXECUTION_STARTED,
  SW_HISTORY_EVENT_EXECUTION_SUCCEEDED,
  SW_HISTORY_EVENT_EXECUTION_FAILED,
  SW_HISTORY_EVENT_EXECUTION_ABORTED,
  SW_HISTORY_EVENT_EXECUTION_TIMED_OUT,
  SW_HISTORY_EVENT_PASS_STATE_ENTERED,
  SW_HISTORY_EVENT_PASS_STATE_EXITED,
  SW_HISTORY_EVENT_TASK_STATE_ENTERED,
  SW_HISTORY_EVENT_TASK_STATE_EXITED,
  SW_HISTORY_EVENT_TASK_STATE_ABORTED,
  SW_HISTORY_EVENT_CHOICE_STATE_ENTERED,
  SW_HISTORY_EVENT_CHOICE_STATE_EXITED,
  SW_HISTORY_EVENT_WAIT_STATE_ENTERED,
  SW_HISTORY_EVENT_WAIT_STATE_EXITED,
  SW_HISTORY_EVENT_WAIT_STATE_ABORTED,
  SW_HISTORY_EVENT_SUCCEED_STATE_ENTERED,
  SW_HISTORY_EVENT_SUCCEED_STATE_EXITED,
  SW_HISTORY_EVENT_FAIL_STATE_ENTERED,
  SW_HISTORY_EVENT_PARALLEL_STATE_ENTERED,
  SW_HISTORY_EVENT_PARALLEL_STATE_EXITED,
  SW_HISTORY_EVENT_PARALLEL_STATE_STARTED,
  SW_HISTORY_EVENT_PARALLEL_STATE_SUCCEEDED,
  SW_HISTORY_EVENT_PARALLEL_STATE_FAILED,
  SW_HISTORY_EVENT_PARALLEL_STATE_ABORTED,
  SW_HISTORY_EVENT_MAP_STATE_ENTERED,
  SW_HISTORY_EVENT_MAP_STATE_EXITED,
  SW_HISTORY_EVENT_MAP_STATE_STARTED,
  SW_HISTORY_EVENT_MAP_STATE_SUCCEEDED,
  SW_HISTORY_EVENT_MAP_STATE_FAILED,
  SW_HISTORY_EVENT_MAP_STATE_ABORTED,
  SW_HISTORY_EVENT_MAP_ITERATION_STARTED,
  SW_HISTORY_EVENT_MAP_ITERATION_SUCCEEDED,
  SW_HISTORY_EVENT_MAP_ITERATION_FAILED,
  SW_HISTORY_EVENT_MAP_ITERATION_ABORTED,
  SW_HISTORY_EVENT_MAP_RUN_STARTED,
  SW_HISTORY_EVENT_MAP_RUN_SUCCEEDED,
  SW_HISTORY_EVENT_MAP_RUN_FAILED,
  SW_HISTORY_EVENT_MAP_RUN_ABORTED,
  SW_HISTORY_EVENT_TASK_SCHEDULED,
  SW_HISTORY_EVENT_TASK_STARTED,
  SW_HISTORY_EVENT_TASK_SUBMITTED,
  SW_HISTORY_EVENT_TASK_SUCCEEDED,
  SW_HISTORY_EVENT_TASK_FAILED,
  SW_HISTORY_EVENT_TASK_TIMED_OUT,
  SW_HISTORY_EVENT_LAMBDA_FUNCTION_SCHEDULED,
  SW_HISTORY_EVENT_LAMBDA_FUNCTION_STARTED,
  SW_HISTORY_EVENT_LAMBDA_FUNCTION_SUCCEEDED,
  SW_HISTORY_EVENT_LAMBDA_FUNCTION_FAILED,
  SW_HISTORY_EVENT_LAMBDA_FUNCTION_TIMED_OUT,
  SW_HISTORY_EVENT_ACTIVITY_SCHEDULED,
  SW_HISTORY_EVENT_ACTIVITY_STARTED,
  SW_HISTORY_EVENT_ACTIVITY_SUCCEEDED,
  SW_HISTORY_EVENT_ACTIVITY_FAILED,
  SW_HISTORY_EVENT_ACTIVITY_TIMED_OUT,
  SW_HISTORY_EVENT_EVALUATION_FAILED,
  SW_HISTORY_EVENT_EXECUTION_REDRIVEN,
  SW_HISTORY_EVENT_N_TYPES
} SwHistoryEventType;

/**
 * SwHistoryEvent:
 *
 * One event of an execution's history, as `GetExecutionHistory` returns it: an id counting
 * from 1, the id of the event it follows, a timestamp, a type and the details object of that
 * type (`stateEnteredEventDetails`, `taskFailedEventDetails`, …) in which payloads are JSON
 * text. Events are immutable and may be passed between threads.
 */
typedef struct _SwHistoryEvent SwHistoryEvent;

#define SW_TYPE_HISTORY_EVENT (sw_history_event_get_type ())

GType               sw_history_event_get_type          (void) G_GNUC_CONST;

SwHistoryEvent     *sw_history_event_new               (SwHistoryEventType  type,
                                                        gint64              id,
                                                        gint64              previous_id,
                                                        gint64              timestamp_ms,
                                                        SwValue            *details);
SwHistoryEvent     *sw_history_event_new_from_value    (SwValue            *value);
SwHistoryEvent     *sw_history_event_ref               (SwHistoryEvent     *event);
void                sw_history_event_unref             (SwHistoryEvent     *event);

SwHistoryEventType  sw_history_event_get_event_type    (const SwHistoryEvent *event);
const char         *sw_history_event_get_type_name     (const SwHistoryEvent *event);
gint64              sw_history_event_get_id            (const SwHistoryEvent *event);
gint64              sw_history_event_get_previous_id   (const SwHistoryEvent *event);
gint64              sw_history_event_get_timestamp_ms  (const SwHistoryEvent *event);
SwValue            *sw_history_event_get_details       (const SwHistoryEvent *event);
const char         *sw_history_event_get_state_name    (const SwHistoryEvent *event);
SwValue            *sw_history_event_to_value          (const SwHistoryEvent *event);

const char         *sw_history_event_type_to_string    (SwHistoryEventType  type);
const char         *sw_history_event_type_details_key  (SwHistoryEventType  type);
gboolean            sw_history_event_type_from_string  (const char         *name,
                                                        SwHistoryEventType *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwHistoryEvent, sw_history_event_unref)

G_END_DECLS
