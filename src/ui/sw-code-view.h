/* sw-code-view.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-document.h"

G_BEGIN_DECLS

#define SW_TYPE_CODE_VIEW (sw_code_view_get_type ())
G_DECLARE_FINAL_TYPE (SwCodeView, sw_code_view, SW, CODE_VIEW, GtkWidget)

GtkWidget     *sw_code_view_new        (SwDocument  *document);
GtkTextBuffer *sw_code_view_get_buffer (SwCodeView  *self);
/* Applies an edit still waiting for its debounce now. */
void           sw_code_view_flush      (SwCodeView  *self);
/* The parse error shown ("Line 3, column 5: …"), or NULL. */
const char    *sw_code_view_get_error  (SwCodeView  *self);
/* How many diagnostics are underlined in the text. */
guint          sw_code_view_get_n_marks (SwCodeView *self);
/* Puts the cursor at a 1-based position and scrolls to it. */
void           sw_code_view_go_to      (SwCodeView  *self,
                                        guint        line,
                                        guint        column);
/* Puts the cursor where @pointer lands in the text shown, else at @line and @column. */
gboolean       sw_code_view_go_to_pointer (SwCodeView *self,
                                           const char *pointer,
                                           guint       line,
                                           guint       column);

G_END_DECLS
