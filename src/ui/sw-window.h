/* sw-window.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-document.h"

G_BEGIN_DECLS

#define SW_TYPE_WINDOW (sw_window_get_type ())

G_DECLARE_FINAL_TYPE (SwWindow, sw_window, SW, WINDOW, AdwApplicationWindow)

SwWindow   *sw_window_new                  (GtkApplication     *application);
GFile      *sw_window_get_file             (SwWindow           *self);
gboolean    sw_window_get_loading          (SwWindow           *self);
SwDocument *sw_window_get_document         (SwWindow           *self);
void        sw_window_open                 (SwWindow           *self,
                                            GFile              *file);
SwWindow   *sw_window_open_anywhere        (SwWindow           *self,
                                            GFile              *file);
void        sw_window_save                 (SwWindow           *self,
                                            GFile              *file,
                                            SwDefinitionFormat  format);
gboolean    sw_window_export               (SwWindow           *self,
                                            GFile              *file,
                                            const char         *kind,
                                            GError            **error);

/* "design" or "code" */
void        sw_window_set_view             (SwWindow           *self,
                                            const char         *view);
const char *sw_window_get_view             (SwWindow           *self);

/* The box at the end of the header bar for the Run button (the monitor fills it). */
GtkBox     *sw_window_get_run_slot         (SwWindow           *self);
GtkWidget  *sw_window_get_code_view        (SwWindow           *self);
GtkWidget  *sw_window_get_validation_panel (SwWindow           *self);
GtkWidget  *sw_window_get_canvas           (SwWindow           *self);
GtkWidget  *sw_window_get_states_browser   (SwWindow           *self);
GtkWidget  *sw_window_get_run_monitor      (SwWindow           *self);
void        sw_window_add_toast            (SwWindow           *self,
                                            AdwToast           *toast);

/* Crash recovery: drafts in $XDG_STATE_HOME/stepwise/drafts. */
char       *sw_window_get_drafts_dir       (void);
gboolean    sw_window_write_draft          (SwWindow           *self,
                                            GError            **error);
gboolean    sw_window_restore_draft        (SwWindow           *self,
                                            const char         *path,
                                            GError            **error);

G_END_DECLS
