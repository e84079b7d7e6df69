/* sw-execution.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-clock.h"
#include "sw-history-event.h"
#include "sw-mock-config.h"
#include "sw-task.h"
#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SwExecutionStatus:
 * @SW_EXECUTION_STATUS_PENDING: not started yet
 * @SW_EXECUTION_STATUS_RUNNING: running
 * @SW_EXECUTION_STATUS_SUCCEEDED: ended in a Succeed state or after a terminal state
 * @SW_EXECUTION_STATUS_FAILED: ended with an error nothing caught
 * @SW_EXECUTION_STATUS_TIMED_OUT: ran longer than the definition's TimeoutSeconds
 * @SW_EXECUTION_STATUS_ABORTED: stopped by sw_execution_stop() or its cancellable
 *
 * The status of an execution, as `DescribeExecution` names it
 * (sw_execution_status_to_string()).
 */
typedef enum
{
  SW_EXECUTION_STATUS_PENDING,
  SW_EXECUTION_STATUS_RUNNING,
  SW_EXECUTION_STATUS_SUCCEEDED,
  SW_EXECUTION_STATUS_FAILED,
  SW_EXECUTION_STATUS_TIMED_OUT,
  SW_EXECUTION_STATUS_ABORTED,
} SwExecutionStatus;

/**
 * SW_EXECUTION_MAX_PAYLOAD:
 *
 * The largest state input, output or task result, in bytes of JSON (256 KiB).
 */
#define SW_EXECUTION_MAX_PAYLOAD (256 * 1024)

/**
 * SW_EXECUTION_MAX_EVENTS:
 *
 * How many history events an execution may have (25,000), the service's quota.
 */
#define SW_EXECUTION_MAX_EVENTS 25000

#define SW_TYPE_EXECUTION (sw_execution_get_type ())

G_DECLARE_FINAL_TYPE (SwExecution, sw_execution, SW, EXECUTION, GObject)

const char        *sw_execution_status_to_string        (SwExecutionStatus    status);

SwExecution       *sw_execution_new                     (SwValue             *definition,
                                                         SwValue             *input,
                                                         GError             **error);

void               sw_execution_set_name                (SwExecution         *self,
                                                         const char          *name);
const char        *sw_execution_get_name                (SwExecution         *self);
void               sw_execution_set_state_machine_name  (SwExecution         *self,
                                                         const char          *name);
const char        *sw_execution_get_state_machine_name  (SwExecution         *self);
char              *sw_execution_dup_arn                 (SwExecution         *self);
char              *sw_execution_dup_state_machine_arn   (SwExecution         *self);
void               sw_execution_set_clock               (SwExecution         *self,
                                                         SwClock             *clock);
SwClock           *sw_execution_get_clock               (SwExecution         *self);
void               sw_execution_set_wait_scale          (SwExecution         *self,
                                                         double               scale);
double             sw_execution_get_wait_scale          (SwExecution         *self);
void               sw_execution_set_task_registry       (SwExecution         *self,
                                                         SwTaskRegistry      *registry);
gboolean           sw_execution_set_mock_config         (SwExecution         *self,
                                                         SwMockConfig        *config,
                                                         const char          *machine,
                                                         const char          *test_case,
                                                         GError             **error);
void               sw_execution_set_history_limit       (SwExecution         *self,
                                                         guint                limit);
void               sw_execution_set_record_history      (SwExecution         *self,
                                                         gboolean             record);
void               sw_execution_set_local_root          (SwExecution         *self,
                                                         const char          *directory);
void               sw_execution_set_accept_callbacks    (SwExecution         *self,
                                                         gboolean             accept);
void               sw_execution_set_region              (SwExecution         *self,
                                                         const char          *region);
void               sw_execution_set_account             (SwExecution         *self,
                                                         const char          *account);
gboolean           sw_execution_set_redrive             (SwExecution         *self,
                                                         GPtrArray           *history,
                                                         GError             **error);
guint              sw_execution_get_redrive_count       (SwExecution         *self);
void               sw_execution_set_variables           (SwExecution         *self,
                                                         SwValue             *variables);
void               sw_execution_set_test_context        (SwExecution         *self,
                                                         SwValue             *context);
void               sw_execution_set_inspect             (SwExecution         *self,
                                                         gboolean             inspect);
SwValue           *sw_execution_get_inspection          (SwExecution         *self);

gboolean           sw_execution_send_task_success       (SwExecution         *self,
                                                         const char          *token,
                                                         SwValue             *output,
                                                         GError             **error);
gboolean           sw_execution_send_task_failure       (SwExecution         *self,
                                                         const char          *token,
                                                         const char          *task_error,
                                                         const char          *cause,
                                                         GError             **error);
gboolean           sw_execution_send_task_heartbeat     (SwExecution         *self,
                                                         const char          *token,
                                                         GError             **error);

SwExecutionStatus  sw_execution_run                     (SwExecution         *self,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
void               sw_execution_run_async               (SwExecution         *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
SwExecutionStatus  sw_execution_run_finish              (SwExecution         *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void               sw_execution_stop                    (SwExecution         *self,
                                                         const char          *error,
                                                         const char          *cause);

SwExecutionStatus  sw_execution_get_status              (SwExecution         *self);
SwValue           *sw_execution_get_input               (SwExecution         *self);
SwValue           *sw_execution_get_output              (SwExecution         *self);
const char        *sw_execution_get_error               (SwExecution         *self);
const char        *sw_execution_get_cause               (SwExecution         *self);
gint64             sw_execution_get_start_ms            (SwExecution         *self);
gint64             sw_execution_get_stop_ms             (SwExecution         *self);
guint64            sw_execution_get_n_events            (SwExecution         *self);
guint64            sw_execution_get_n_transitions       (SwExecution         *self);
GPtrArray         *sw_execution_get_history             (SwExecution         *self);
SwValue           *sw_execution_describe                (SwExecution         *self);
SwValue           *sw_execution_history_to_value        (SwExecution         *self);

char              *sw_execution_format_timestamp        (gint64               ms);

G_END_DECLS
