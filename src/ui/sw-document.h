/* sw-document.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-definition.h"
#include "sw-layout-positions.h"
#include "sw-machine.h"

G_BEGIN_DECLS

/*
 * SwDocument: one workflow open in a window — the model, its file, the undo history, the
 * selection and the diagnostics. Every view (canvas, inspector, code view, validation panel)
 * edits the model through the SwMachine/SwState editing API and listens to the document;
 * the document records each SwMachine::changed edit on its undo stack.
 *
 * Selection is a list of state pointers (JSON Pointers such as "/States/Train" or
 * "/States/Fan/Branches/0/States/A", as sw_state_dup_pointer() and SwLayoutNode.pointer give).
 */

#define SW_TYPE_DOCUMENT (sw_document_get_type ())
G_DECLARE_FINAL_TYPE (SwDocument, sw_document, SW, DOCUMENT, GObject)

/* A new untitled workflow (a one-state skeleton in the default query language). */
SwDocument         *sw_document_new                (void);
/* A document over a parsed definition (transfer none: the value is copied). */
SwDocument         *sw_document_new_for_value      (SwValue             *definition);

/* Properties: "machine" (replaced when a file loads or the code view replaces the text),
 * "file", "format", "modified", "can-undo", "can-redo", "title". */
SwMachine          *sw_document_get_machine        (SwDocument          *self);
GFile              *sw_document_get_file           (SwDocument          *self);
SwDefinitionFormat  sw_document_get_format         (SwDocument          *self);
gboolean            sw_document_get_modified       (SwDocument          *self);
/* "name.asl.json" or "Untitled workflow", without the modified mark. */
const char         *sw_document_get_title          (SwDocument          *self);

/* Loading and saving. Saves are atomic (g_file_replace_contents) and write the canonical
 * form (sw_definition_write) in the document's format; a successful save clears "modified". */
void                sw_document_load_async         (SwDocument          *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean            sw_document_load_finish        (SwDocument          *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void                sw_document_save_async         (SwDocument          *self,
                                                    GFile               *file,
                                                    SwDefinitionFormat   format,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean            sw_document_save_finish        (SwDocument          *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The canonical text of the definition in @format. */
char               *sw_document_serialize          (SwDocument          *self,
                                                    SwDefinitionFormat   format);

/* The code view: replace the whole definition with @text (JSON or YAML per the format).
 * On success this is one undoable step and "machine" is notified. On a parse error the model
 * is left as it was, the text is kept as the document's pending text (so it is never lost,
 * autosaved with the draft) and @error carries the line and column. */
gboolean            sw_document_set_text           (SwDocument          *self,
                                                    const char          *text,
                                                    GError             **error);
/* The text as last typed in the code view when it does not parse, else NULL. */
const char         *sw_document_get_pending_text   (SwDocument          *self);

/* Undo history: one step per gesture. Edits made between begin_group and end_group (which
 * nest) form one step labelled @label; an edit outside a group is a step of its own. */
void                sw_document_begin_group        (SwDocument          *self,
                                                    const char          *label);
void                sw_document_end_group          (SwDocument          *self);
gboolean            sw_document_can_undo           (SwDocument          *self);
gboolean            sw_document_can_redo           (SwDocument          *self);
/* Translated labels such as "Undo Rename State", or NULL when there is nothing. */
char               *sw_document_dup_undo_label     (SwDocument          *self);
char               *sw_document_dup_redo_label     (SwDocument          *self);
gboolean            sw_document_undo               (SwDocument          *self,
                                                    GError             **error);
gboolean            sw_document_redo               (SwDocument          *self,
                                                    GError             **error);

/* Selection, by state pointer. Emits "selection-changed" when it changes. */
void                sw_document_set_selection      (SwDocument          *self,
                                                    const char * const  *pointers);
void                sw_document_select_one         (SwDocument          *self,
                                                    const char          *pointer);
/* NULL-terminated; owned by the document. */
const char * const *sw_document_get_selection      (SwDocument          *self);
gboolean            sw_document_is_selected        (SwDocument          *self,
                                                    const char          *pointer);
/* The single selected state, or NULL when none or several are selected. */
SwState            *sw_document_get_selected_state (SwDocument          *self);
/* The state at @pointer in the current machine, or NULL. */
SwState            *sw_document_lookup_state       (SwDocument          *self,
                                                    const char          *pointer);

/* The pointer of the innermost state that @pointer (a diagnostic's pointer, say
 * "/States/Train/Retry/0/MaxAttempts") lies in, or NULL when it is outside every state. */
char               *sw_document_dup_state_pointer_for (SwDocument       *self,
                                                       const char       *pointer);

/* The layout sidecar (NAME.layout.json next to the file): manual positions of states by name,
 * loaded with the file and saved beside it when it holds any; renames and removals of states
 * follow. Never NULL; owned by the document (replaced by a load). */
SwLayoutPositions  *sw_document_get_positions      (SwDocument          *self);

/* Places the state @name by hand at @x, @y (diagram units, relative to its scope) in the
 * layout sidecar: an undoable step (wrap a drag of several states in begin/end_group) that
 * sets "modified". Emits "positions-changed" here and when undo/redo or a load change the
 * positions. Returns whether the position changed. */
gboolean            sw_document_set_position       (SwDocument          *self,
                                                    const char          *name,
                                                    double               x,
                                                    double               y);

/* Crash recovery: makes the document show @text (a draft) as an unsaved change of @file
 * (NULL: untitled) in @format; "modified" stays set until a save. Text that does not parse
 * becomes the pending text and the model stays as it was. The history is cleared. */
void                sw_document_restore_draft      (SwDocument          *self,
                                                    GFile               *file,
                                                    SwDefinitionFormat   format,
                                                    const char          *text);

/* Diagnostics of the current definition (SwDiagnostic *, sorted), recomputed after each change
 * (coalesced in an idle); emits "diagnostics-changed". */
GPtrArray          *sw_document_get_diagnostics    (SwDocument          *self);

/* Problems found outside (the service's validation errors when a deploy failed), shown with
 * the local ones by sw_document_get_diagnostics() — the validation panel and the canvas
 * badges — until the next edit of the definition, undo/redo, a load, or a call with NULL.
 * @diagnostics (SwDiagnostic *) is copied; one without a pointer gets it from a message
 * ending "… at /States/X/Type", and a line and column from the definition. @source
 * (nullable, such as "AWS") prefixes each message. Emits "diagnostics-changed" at once. */
void                sw_document_set_external_diagnostics (SwDocument    *self,
                                                          const char    *source,
                                                          GPtrArray     *diagnostics);
const char         *sw_document_get_external_source (SwDocument         *self);

G_END_DECLS
