/* sw-run-watch.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sw-sfn-client.h"

G_BEGIN_DECLS

#define SW_RUN_WATCH_DEFAULT_INTERVAL_MS 500

/* "LOST": the endpoint or the execution is gone; never shown as running. */
#define SW_RUN_STATUS_LOST_NAME "LOST"

#define SW_TYPE_RUN_WATCH (sw_run_watch_get_type ())
G_DECLARE_FINAL_TYPE (SwRunWatch, sw_run_watch, SW, RUN_WATCH, GObject)

/* Follows one execution: DescribeExecution and GetExecutionHistory every interval while it
 * runs (the whole history once, then newest first until a known event, so each poll of a
 * long run costs one small page), on the main context, cancellable. No GTK.
 *
 * Signals: "updated" (description or events changed), "status-changed" (GHashTable
 * state name → SwRunStatus, borrowed), "finished" (the run ended or was lost), "error"
 * (const GError *: a failure polling stopped on; sw_run_watch_retry() goes on). */
SwRunWatch   *sw_run_watch_new               (SwSfnClient  *client,
                                              const char   *execution_arn);
/* A local endpoint: an unreachable endpoint means the run is lost. */
void          sw_run_watch_set_local         (SwRunWatch   *self,
                                              gboolean      local);
void          sw_run_watch_set_interval      (SwRunWatch   *self,
                                              guint         milliseconds);
void          sw_run_watch_start             (SwRunWatch   *self);
void          sw_run_watch_cancel            (SwRunWatch   *self);
void          sw_run_watch_retry             (SwRunWatch   *self);
void          sw_run_watch_stop_execution    (SwRunWatch   *self,
                                              const char   *error,
                                              const char   *cause);

/* Offline use (a saved or synthetic history): feed the description and events. */
void          sw_run_watch_set_description   (SwRunWatch   *self,
                                              JsonObject   *description);
void          sw_run_watch_append_events     (SwRunWatch   *self,
                                              JsonArray    *events);

SwSfnClient  *sw_run_watch_get_client        (SwRunWatch   *self);
const char   *sw_run_watch_get_arn           (SwRunWatch   *self);
/* SwRunEvent items in id order. */
GListModel   *sw_run_watch_get_events        (SwRunWatch   *self);
JsonObject   *sw_run_watch_get_description   (SwRunWatch   *self);
/* RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE, or LOST. */
const char   *sw_run_watch_get_status        (SwRunWatch   *self);
gboolean      sw_run_watch_is_finished       (SwRunWatch   *self);
gboolean      sw_run_watch_is_polling        (SwRunWatch   *self);
const GError *sw_run_watch_get_error         (SwRunWatch   *self);
/* Why the run is lost, or NULL. */
const char   *sw_run_watch_get_lost_reason   (SwRunWatch   *self);
/* state name → GINT_TO_POINTER (SwRunStatus) */
GHashTable   *sw_run_watch_get_state_status  (SwRunWatch   *self);
guint         sw_run_watch_get_n_requests    (SwRunWatch   *self);

G_END_DECLS
