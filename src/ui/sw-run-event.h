/* sw-run-event.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SwRunEventKind:
 *
 * The filter groups of the events table.
 */
typedef enum
{
  SW_RUN_EVENT_KIND_ALL,
  SW_RUN_EVENT_KIND_EXECUTION,
  SW_RUN_EVENT_KIND_STATE,
  SW_RUN_EVENT_KIND_TASK,
  SW_RUN_EVENT_KIND_ITERATION,
  SW_RUN_EVENT_KIND_ERROR,
} SwRunEventKind;

#define SW_TYPE_RUN_EVENT (sw_run_event_get_type ())
G_DECLARE_FINAL_TYPE (SwRunEvent, sw_run_event, SW, RUN_EVENT, GObject)

/* One history event of GetExecutionHistory. @state (nullable) is the state the event
 * belongs to, @iteration the Map/Parallel iteration (-1 outside). */
SwRunEvent     *sw_run_event_new           (JsonObject *event,
                                            const char *state,
                                            int         iteration,
                                            double      elapsed);
JsonObject     *sw_run_event_find_details  (JsonObject *event);
gint64          sw_run_event_get_id        (SwRunEvent *self);
gint64          sw_run_event_get_previous_id (SwRunEvent *self);
const char     *sw_run_event_get_event_type (SwRunEvent *self);
const char     *sw_run_event_get_state     (SwRunEvent *self);
int             sw_run_event_get_iteration (SwRunEvent *self);
double          sw_run_event_get_timestamp (SwRunEvent *self);
double          sw_run_event_get_elapsed   (SwRunEvent *self);
JsonObject     *sw_run_event_get_json      (SwRunEvent *self);
/* The event's `…EventDetails` member, or NULL. */
JsonObject     *sw_run_event_get_details   (SwRunEvent *self);
/* Input, output, error and cause from the details (nullable, borrowed). */
const char     *sw_run_event_get_detail    (SwRunEvent *self,
                                            const char *member);
gboolean        sw_run_event_is_kind       (SwRunEvent *self,
                                            SwRunEventKind kind);
/* Lower-cased "id type state details" for the text filter. */
const char     *sw_run_event_get_search_text (SwRunEvent *self);

G_END_DECLS
