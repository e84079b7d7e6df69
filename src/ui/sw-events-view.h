/* sw-events-view.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-run-event.h"

G_BEGIN_DECLS

#define SW_TYPE_EVENTS_VIEW (sw_events_view_get_type ())
G_DECLARE_FINAL_TYPE (SwEventsView, sw_events_view, SW, EVENTS_VIEW, GtkWidget)

/* The events table: a virtualised GtkColumnView (id, type, state, timestamp, elapsed)
 * over a GtkFilterListModel filtered by text and kind. Signal "event-selected"
 * (SwRunEvent *, nullable). */
GtkWidget   *sw_events_view_new                (void);
void         sw_events_view_set_model          (SwEventsView   *self,
                                                GListModel     *events);
void         sw_events_view_set_filter_text    (SwEventsView   *self,
                                                const char     *text);
void         sw_events_view_set_filter_kind    (SwEventsView   *self,
                                                SwRunEventKind  kind);
/* The rows shown (after filtering). */
GListModel  *sw_events_view_get_filtered       (SwEventsView   *self);
GtkColumnView *sw_events_view_get_column_view  (SwEventsView   *self);
/* Selects the @position-th row shown (GTK_INVALID_LIST_POSITION: none); the event's JSON
 * opens below the table. */
void         sw_events_view_select             (SwEventsView   *self,
                                                guint           position);
/* The JSON shown for the selected event, or NULL. */
const char  *sw_events_view_get_details_text   (SwEventsView   *self);

G_END_DECLS
