/* sw-inspector-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-inspector.h"

G_BEGIN_DECLS

/*
 * Fields address a value inside the edited thing (the selected state, or the machine) by a
 * JSON Pointer relative to it: "/Comment", "/Retry/0/IntervalSeconds", "/Choices/1/And/0".
 * Committing a nested pointer sets the whole top-level field once (one undo step).
 */

typedef enum
{
  SW_FIELD_TEXT,          /* string; empty removes the field */
  SW_FIELD_TEMPLATE,      /* number, or string (a {% %} one is checked as JSONata) */
  SW_FIELD_NUMBER,        /* any JSON number; empty removes */
  SW_FIELD_INTEGER,       /* an integer; empty removes */
  SW_FIELD_PATH_OR_NULL,  /* ResultPath: a path, or "null" for JSON null */
  SW_FIELD_STRING_LIST,   /* ErrorEquals: "A, B" */
  SW_FIELD_BOOLEAN,       /* a switch; off removes */
  SW_FIELD_CHOICE,        /* a dropdown of fixed strings; the first, "", removes */
  SW_FIELD_STATE,         /* a dropdown of the machine's state names */
  SW_FIELD_JSON,          /* a SwJsonEditor */
  SW_FIELD_CUSTOM,        /* an entry or dropdown with display/commit functions */
} SwFieldKind;

typedef struct _SwField SwField;

typedef void     (*SwFieldDisplayFunc) (SwField  *field,
                                        SwValue  *current);
typedef gboolean (*SwFieldCommitFunc)  (SwField  *field,
                                        GError  **error);

struct _SwField
{
  SwInspector        *inspector;    /* NULL once its page was rebuilt */
  SwFieldKind         kind;
  char               *pointer;
  char               *label;
  GtkWidget          *box;
  GtkWidget          *widget;       /* GtkEntry, GtkDropDown, GtkSwitch or SwJsonEditor */
  GtkWidget          *error_label;
  GStrv               choices;      /* CHOICE and STATE items; STATE: "" is End/none */
  SwFieldDisplayFunc  display;
  SwFieldCommitFunc   commit;
  gpointer            data;
  char               *shown;        /* the text last shown from the model */
  guint               updating : 1;
  guint               dirty : 1;
  guint               dropdown : 1;
  guint               end_item : 1; /* STATE: the first item means "End" */
};

/* sw-inspector.c */
SwDocument  *_sw_inspector_get_document        (SwInspector  *self);
SwState     *_sw_inspector_get_state           (SwInspector  *self);
SwValue     *_sw_inspector_get_target          (SwInspector  *self);
SwValue     *_sw_inspector_lookup              (SwInspector  *self,
                                                const char   *pointer);
gboolean     _sw_inspector_set_at              (SwInspector  *self,
                                                const char   *pointer,
                                                SwValue      *value,
                                                GError      **error);
gboolean     _sw_inspector_is_jsonata          (SwInspector  *self);
GStrv        _sw_inspector_dup_state_names     (SwInspector  *self);
void         _sw_inspector_add_field           (SwInspector  *self,
                                                SwField      *field);
GtkWidget   *_sw_inspector_get_field_widget    (SwInspector  *self,
                                                const char   *pointer);
SwField     *_sw_inspector_get_field           (SwInspector  *self,
                                                const char   *pointer);
void         _sw_inspector_queue_refresh       (SwInspector  *self);
guint        _sw_inspector_get_n_problems      (SwInspector  *self);
const char  *_sw_inspector_get_visible_page    (SwInspector  *self);
void         _sw_inspector_set_visible_page    (SwInspector  *self,
                                                const char   *name);

/* sw-inspector-fields.c */
SwField     *_sw_field_new                     (SwInspector  *self,
                                                SwFieldKind   kind,
                                                const char   *pointer,
                                                const char   *label);
SwField     *_sw_field_new_choice              (SwInspector  *self,
                                                const char   *pointer,
                                                const char   *label,
                                                const char * const *choices,
                                                const char * const *titles);
SwField     *_sw_field_new_state               (SwInspector  *self,
                                                const char   *pointer,
                                                const char   *label,
                                                const char   *none_title,
                                                gboolean      end_item);
void         _sw_field_refresh                 (SwField      *field);
gboolean     _sw_field_commit                  (SwField      *field);
void         _sw_field_show_error              (SwField      *field,
                                                const char   *message);
void         _sw_field_set_placeholder         (SwField      *field,
                                                const char   *text);
void         _sw_field_set_help                (SwField      *field,
                                                const char   *text);
void         _sw_field_free                    (SwField      *field);
char        *_sw_pointer_append                (const char   *pointer,
                                                const char   *token);
char        *_sw_pointer_append_index          (const char   *pointer,
                                                guint         index);
GtkWidget   *_sw_inspector_section             (GtkWidget    *page,
                                                const char   *title,
                                                const char   *description);
GtkWidget   *_sw_inspector_card                (GtkWidget    *parent,
                                                const char   *title,
                                                const char   *pointer,
                                                guint         index,
                                                guint         n_items);
GtkWidget   *_sw_inspector_add_button          (GtkWidget    *parent,
                                                const char   *label,
                                                const char   *action,
                                                GVariant     *target);

/* One builder per tab, each in its own file. */
void         _sw_inspector_build_config        (SwInspector  *self,
                                                GtkWidget    *page);
void         _sw_inspector_build_io            (SwInspector  *self,
                                                GtkWidget    *page);
void         _sw_inspector_build_errors        (SwInspector  *self,
                                                GtkWidget    *page);
void         _sw_inspector_build_choice        (SwInspector  *self,
                                                GtkWidget    *page);
void         _sw_inspector_build_settings      (SwInspector  *self,
                                                GtkWidget    *page);
void         _sw_inspector_build_machine       (SwInspector  *self,
                                                GtkWidget    *page);

/* sw-inspector-choice.c: the operator list and the default rule for a new item. */
const char * const *_sw_choice_get_operators   (void);
SwValue     *_sw_choice_new_comparison         (void);

G_END_DECLS
