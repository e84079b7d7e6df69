/* sw-window.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SW_TYPE_WINDOW (sw_window_get_type ())

G_DECLARE_FINAL_TYPE (SwWindow, sw_window, SW, WINDOW, AdwApplicationWindow)

SwWindow *sw_window_new         (GtkApplication *application);
GFile    *sw_window_get_file    (SwWindow       *self);
gboolean  sw_window_get_loading (SwWindow       *self);
void      sw_window_open        (SwWindow       *self,
                                 GFile          *file);

G_END_DECLS
