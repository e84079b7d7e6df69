/* sw-test-ui.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-canvas.h"

G_BEGIN_DECLS

/* Helpers shared by the UI test programs (they run under a display, xvfb-run -a). */

/* Runs every pending main-context event, @times rounds over. */
void     sw_test_ui_iterate     (guint       times);
/* A GSourceFunc for timeouts: sets the gboolean at @user_data to TRUE, runs once. */
gboolean sw_test_ui_set_flag    (gpointer    user_data);
/* Runs the main loop for @ms milliseconds (lets the frame clock lay out and draw). */
void     sw_test_ui_wait_ms     (guint       ms);

/* Runs the main loop until @condition holds or @seconds pass; evaluates to whether it held
 * (assert on that: waits on what a test checks, never a fixed time). */
#define SW_TEST_UI_WAIT_FOR(condition, seconds)                                           \
  ({                                                                                      \
    gboolean expired_ = FALSE;                                                            \
    guint timeout_ = g_timeout_add_seconds ((seconds), sw_test_ui_set_flag, &expired_);   \
    while (!(condition) && !expired_)                                                     \
      g_main_context_iteration (NULL, TRUE);                                              \
    if (!expired_)                                                                        \
      g_source_remove (timeout_);                                                         \
    (condition);                                                                          \
  })
/* Runs the main loop until @widget's window has laid out and drawn @frames more frames (one
 * is asked for): what was changed before is on screen. Returns FALSE if they did not come
 * within 2 s (a window taller than Xvfb's screen gets none). */
gboolean sw_test_ui_wait_frames (GtkWidget   *widget,
                                 guint        frames);
/* Renders @node with @widget's renderer at @widget's size and saves it as @name (PNG) next
 * to the test program. */
void     sw_test_ui_save_node   (GtkWidget     *widget,
                                 GskRenderNode *node,
                                 const char    *name);
/* Renders @widget (its window, usually) after 300 ms and saves it as @name next to the
 * test program. */
void     sw_test_ui_save_screenshot (GtkWidget  *widget,
                                     const char *name);

/* The middle of the first segment of the edge @from → @to in @canvas's coordinates; NULL
 * @from is the Start marker, NULL @to the End marker. Fails the test when there is none. */
void     sw_test_ui_edge_point  (SwCanvas    *canvas,
                                 const char  *from,
                                 const char  *to,
                                 double      *x,
                                 double      *y);

G_END_DECLS
