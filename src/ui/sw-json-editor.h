/* sw-json-editor.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-value.h"

G_BEGIN_DECLS

/*
 * SwJsonEditor: a small GtkSourceView for one JSON field (Parameters, ItemSelector, …). It
 * checks the text as it is typed — JSON syntax, and the `{% %}` JSONata expressions inside
 * strings — and shows the first error under the text with its line and column, underlining
 * the place. It emits "committed" when the person is done (focus leaves, or Ctrl+Enter) and
 * the text is valid and differs from the value last set.
 */

#define SW_TYPE_JSON_EDITOR (sw_json_editor_get_type ())
G_DECLARE_FINAL_TYPE (SwJsonEditor, sw_json_editor, SW, JSON_EDITOR, GtkWidget)

GtkWidget  *sw_json_editor_new           (void);
/* Shows @value (NULL: empty text) without emitting "committed". */
void        sw_json_editor_set_value     (SwJsonEditor  *self,
                                          const SwValue *value);
char       *sw_json_editor_dup_text      (SwJsonEditor  *self);
void        sw_json_editor_set_text      (SwJsonEditor  *self,
                                          const char    *text);
/* The parsed text; NULL with no error for an empty text. */
SwValue    *sw_json_editor_dup_value     (SwJsonEditor  *self,
                                          GError       **error);
/* The message shown under the text, or NULL when the text is valid. */
const char *sw_json_editor_get_error     (SwJsonEditor  *self);
/* Whether the text has been edited since the last set_value or commit. */
gboolean    sw_json_editor_get_modified  (SwJsonEditor  *self);
/* Emits "committed" when valid and modified; returns FALSE when the text has an error. */
gboolean    sw_json_editor_commit        (SwJsonEditor  *self);
/* Grabs the focus with the cursor on what @pointer (relative to the edited value, "" for the
 * whole) names, or on the nearest enclosing member; FALSE when only an enclosing one exists. */
gboolean    sw_json_editor_focus_pointer (SwJsonEditor  *self,
                                          const char    *pointer);
/* The text view inside, which holds the focus while editing. */
GtkWidget  *sw_json_editor_get_view      (SwJsonEditor  *self);

/* Where @pointer lands in @root (parsed with positions): the key of the last member, or the
 * element. On failure @line and @column hold the nearest enclosing place that was found. */
gboolean    sw_json_locate_pointer       (SwValue       *root,
                                          const char    *pointer,
                                          guint         *line,
                                          guint         *column);

/* Checks every `{% … %}` string of @value as JSONata; on error sets @line and @column (1-based)
 * of the bad place and returns FALSE. */
gboolean    sw_json_check_jsonata        (const SwValue *value,
                                          guint         *line,
                                          guint         *column,
                                          GError       **error);
/* Checks one field text: a `{% … %}` expression (when it is one); @offset gets the 0-based
 * character offset of the error in @text. */
gboolean    sw_jsonata_check_template    (const char    *text,
                                          int           *offset,
                                          GError       **error);

G_END_DECLS
