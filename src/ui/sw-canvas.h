/* sw-canvas.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-document.h"
#include "sw-layout.h"

G_BEGIN_DECLS

/*
 * SwCanvas: the designer's diagram. Draws the document's machine with the diagram painter,
 * edits it (select, move, delete, duplicate, copy/paste, drop from the states browser) and
 * shows validation badges and a run's status.
 *
 * Actions (group "canvas"): delete, duplicate, copy, cut, paste, select-all, zoom-in,
 * zoom-out, zoom-reset, zoom-fit. Keys: Delete, Ctrl+D, Ctrl+C/X/V, Ctrl+A, Ctrl+plus/minus,
 * Ctrl+0 (original size, 100 %), F (fit to window); arrows follow transitions (Up/Down) and
 * siblings (Left/Right), Tab cycles, Enter activates "win.focus-inspector", Escape clears.
 *
 * Coordinates in the functions below are widget coordinates unless said otherwise.
 */

#define SW_TYPE_CANVAS (sw_canvas_get_type ())
G_DECLARE_FINAL_TYPE (SwCanvas, sw_canvas, SW, CANVAS, GtkWidget)

GtkWidget  *sw_canvas_new                (SwDocument      *doc);
SwDocument *sw_canvas_get_document       (SwCanvas        *self);

/* state pointer (char *) → SwRunStatus (GINT_TO_POINTER); NULL clears. A reference is kept. */
void        sw_canvas_set_run_status     (SwCanvas        *self,
                                          GHashTable      *status);

/* The view. */
void        sw_canvas_zoom_to_fit        (SwCanvas        *self);
void        sw_canvas_set_keep_fit       (SwCanvas        *self,
                                          gboolean         keep_fit);
gboolean    sw_canvas_get_view_moved     (SwCanvas        *self);
double      sw_canvas_get_zoom           (SwCanvas        *self);
void        sw_canvas_set_zoom_at        (SwCanvas        *self,
                                          double           zoom,
                                          double           x,
                                          double           y);
void        sw_canvas_pan                (SwCanvas        *self,
                                          double           dx,
                                          double           dy);
void        sw_canvas_diagram_to_widget  (SwCanvas        *self,
                                          double           diagram_x,
                                          double           diagram_y,
                                          double          *x,
                                          double          *y);

/* The layout drawn (laid out now if an edit is pending); NULL without states. */
SwLayout   *sw_canvas_get_layout         (SwCanvas        *self);

/* What pointer gestures do, for tests, scripting and the drop target. */
void        sw_canvas_click_at           (SwCanvas        *self,
                                          double           x,
                                          double           y,
                                          GdkModifierType  modifiers);
void        sw_canvas_select_in_rect     (SwCanvas        *self,
                                          double           x,
                                          double           y,
                                          double           width,
                                          double           height,
                                          gboolean         extend);
gboolean    sw_canvas_move_selection_to  (SwCanvas        *self,
                                          double           x,
                                          double           y,
                                          GError         **error);
gboolean    sw_canvas_place_selection    (SwCanvas        *self,
                                          double           dx,
                                          double           dy);
gboolean    sw_canvas_drop_fragment_at   (SwCanvas        *self,
                                          const char      *fragment,
                                          double           x,
                                          double           y,
                                          GError         **error);
gboolean    sw_canvas_paste_text         (SwCanvas        *self,
                                          const char      *fragment,
                                          GError         **error);

G_END_DECLS
