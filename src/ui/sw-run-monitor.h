/* sw-run-monitor.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-document.h"
#include "sw-machine.h"
#include "sw-run-controller.h"
#include "sw-run-watch.h"
#include "sw-target.h"

G_BEGIN_DECLS

#define SW_TYPE_RUN_MONITOR (sw_run_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SwRunMonitor, sw_run_monitor, SW, RUN_MONITOR, GtkWidget)

/* The execution view, as the Step Functions console's: header, events table, state detail,
 * run list, training monitor and "Try the model". Actions: run.stop, run.retry,
 * run.refresh.
 *
 * Signals:
 * - "status-changed" (GHashTable *: state pointer → GINT_TO_POINTER (SwRunStatus), every
 *   state of the machine set with SW_RUN_STATUS_NOT_RUN for those not reached; NULL when
 *   no run is shown) — pass it to sw_canvas_set_run_status();
 * - "run-finished" (const char *status) — also sends a desktop notification when the
 *   window is not focused;
 * - "state-selected" (const char *state pointer) — the user picked a state's event;
 * - "deploy-failed" (GPtrArray *diagnostics, nullable; const char *message) — the service
 *   refused the definition (SwDiagnostic with JSON pointers, for the canvas and the
 *   validation panel) or the deploy failed; the message is also shown as a toast.
 *
 * Property "target" (SwTarget): bind the target picker's "target" to it. */
GtkWidget  *sw_run_monitor_new               (void);
void        sw_run_monitor_set_target        (SwRunMonitor *self,
                                              SwTarget     *target);
SwTarget   *sw_run_monitor_get_target        (SwRunMonitor *self);
/* The machine shown on the canvas: maps state names to pointers, lists states not run,
 * and gives the fields for the processing pipeline. */
void        sw_run_monitor_set_machine       (SwRunMonitor *self,
                                              SwMachine    *machine);
/* Lists the runs of this state machine (ListExecutions) on the target. */
void        sw_run_monitor_set_state_machine (SwRunMonitor *self,
                                              const char   *state_machine_arn);
/* Watches an execution on the current target, live while it runs. */
void        sw_run_monitor_watch             (SwRunMonitor *self,
                                              const char   *execution_arn);
/* Shows a history without a client (saved or synthetic runs). */
void        sw_run_monitor_show_watch        (SwRunMonitor *self,
                                              SwRunWatch   *watch);
void        sw_run_monitor_clear             (SwRunMonitor *self);
/* Shows a state's input, output and processing (canvas selection → detail); by pointer
 * or name. */
void        sw_run_monitor_select_state      (SwRunMonitor *self,
                                              const char   *state_pointer_or_name);
/* Deploy and Run for the window's "run.deploy-and-run" action: asks (once per target) for
 * name and role, deploys @document's definition, asks for the input (last run's or the
 * example's NAME.input.json), starts, lists the machine's runs and watches the new one. */
void        sw_run_monitor_run_document      (SwRunMonitor *self,
                                              GtkWindow    *parent,
                                              SwDocument   *document);
SwRunController *sw_run_monitor_get_controller (SwRunMonitor *self);
/* Abandons the deploy and start in flight (its open dialog is closed, nothing reaches the
 * window afterwards) and stops watching: for a window going away. */
void        sw_run_monitor_cancel            (SwRunMonitor *self);
/* Switches the visible page: "events", "state", "runs", "training", "try". */
void        sw_run_monitor_set_page          (SwRunMonitor *self,
                                              const char   *page);

SwRunWatch *sw_run_monitor_get_watch         (SwRunMonitor *self);
/* (transfer full) (nullable): state pointer → SwRunStatus, as "status-changed" gives. */
GHashTable *sw_run_monitor_dup_status        (SwRunMonitor *self);
/* The last error shown (toast and inline bar), or NULL. */
const char *sw_run_monitor_get_message       (SwRunMonitor *self);
GtkWidget  *sw_run_monitor_get_header        (SwRunMonitor *self);
GtkWidget  *sw_run_monitor_get_events_view   (SwRunMonitor *self);
GtkWidget  *sw_run_monitor_get_state_view    (SwRunMonitor *self);
GtkWidget  *sw_run_monitor_get_run_list      (SwRunMonitor *self);
GtkWidget  *sw_run_monitor_get_training      (SwRunMonitor *self);
GtkWidget  *sw_run_monitor_get_digit_pad     (SwRunMonitor *self);

G_END_DECLS
