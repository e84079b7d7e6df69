/* sw-states-browser.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * SwStatesBrowser: the left-hand list of what can be added — Flow, Actions (SageMaker first)
 * and Patterns — with a search field. Each row can be dragged (content: the ASL fragment as
 * application/x-stepwise-states+json and text/plain) or activated, which emits
 * "insert-requested" with the fragment text so that the window inserts it after the
 * selection. Fragments are written in the "query-language" (JSONPath or JSONata).
 */

#define SW_STATES_MIME_TYPE "application/x-stepwise-states+json"

#define SW_TYPE_STATES_BROWSER (sw_states_browser_get_type ())
G_DECLARE_FINAL_TYPE (SwStatesBrowser, sw_states_browser, SW, STATES_BROWSER, GtkWidget)

GtkWidget          *sw_states_browser_new                (void);
const char         *sw_states_browser_get_query_language (SwStatesBrowser *self);
void                sw_states_browser_set_query_language (SwStatesBrowser *self,
                                                          const char      *query_language);
void                sw_states_browser_set_search_text    (SwStatesBrowser *self,
                                                          const char      *text);
/* The rows shown for the current search. */
guint               sw_states_browser_get_n_visible      (SwStatesBrowser *self);
/* The row of a catalog entry (see sw-states-catalog.h), or NULL. */
GtkWidget          *sw_states_browser_get_row            (SwStatesBrowser *self,
                                                          const char      *id);
/* The drag content of a row, or NULL when it cannot give a fragment (an SDK row whose
 * service:action is not filled in). */
GdkContentProvider *sw_states_browser_create_content     (SwStatesBrowser *self,
                                                          const char      *id);

G_END_DECLS
