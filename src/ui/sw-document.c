/* sw-document.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
#include "sw-document.h"
#include "sw-json.h"
#include "sw-json-editor.h"
#include "sw-validator.h"

#define SW_SETTINGS_SCHEMA "io.github.stepwise.Stepwise"

/*
 * One undo step is a group of items. An item is either one SwEdit of the current machine
 * (undone with sw_machine_undo_edit), a replacement of the whole machine (the code view,
 * undone by putting the old SwMachine object back: the edits recorded before it belong to
 * that object's tree, so they stay valid) or a change of one state's manual position in the
 * layout sidecar (by state name; renames and removals before it are undone first).
 */
typedef struct
{
  SwEdit *edit;               /* an edit, or NULL for a replacement or a position */
  SwMachine *old_machine;
  SwMachine *new_machine;
  char *name;                 /* a position of the state of this name, else NULL */
  gboolean had_old, has_new;  /* whether a manual position was set before and after */
  double old_x, old_y, new_x, new_y;
} Item;

typedef struct
{
  char *label;                /* NULL: derived from the single edit */
  GPtrArray *items;           /* Item * */
  guint serial;
} Group;

struct _SwDocument
{
  GObject parent_instance;

  SwMachine *machine;
  gulong changed_id;
  GFile *file;
  SwDefinitionFormat format;
  SwLayoutPositions *positions;
  char *title;
  char *pending_text;

  GPtrArray *undo_stack;      /* Group *, oldest first */
  GPtrArray *redo_stack;      /* Group *, next redo last */
  Group *open_group;
  guint group_depth;
  guint next_serial;
  guint saved_serial;         /* serial of the top undo group when last saved; 0: empty */
  gboolean applying;          /* undoing or redoing: SwMachine::changed is not recorded */

  gboolean modified;
  gboolean can_undo;
  gboolean can_redo;

  GStrv selection;

  GPtrArray *diagnostics;
  gboolean diagnostics_dirty;
  guint diagnostics_idle;
  GPtrArray *external;        /* SwDiagnostic * from outside (a deploy), or NULL */
  char *external_source;
  GPtrArray *merged;          /* diagnostics + external, when there are external ones */
};

enum {
  PROP_0,
  PROP_MACHINE,
  PROP_FILE,
  PROP_FORMAT,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_TITLE,
  PROP_PENDING_TEXT,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  DIAGNOSTICS_CHANGED,
  POSITIONS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwDocument, sw_document, G_TYPE_OBJECT)

static void
item_free (Item *item)
{
  g_clear_pointer (&item->edit, sw_edit_unref);
  g_clear_object (&item->old_machine);
  g_clear_object (&item->new_machine);
  g_free (item->name);
  g_free (item);
}

static Group *
group_new (const char *label)
{
  Group *group = g_new0 (Group, 1);

  group->label = g_strdup (label);
  group->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  return group;
}

static void
group_free (Group *group)
{
  g_free (group->label);
  g_ptr_array_unref (group->items);
  g_free (group);
}

static char *
group_dup_label (Group *group)
{
  Item *first;

  if (group->label != NULL)
    return g_strdup (group->label);
  if (group->items->len == 0)
    return g_strdup (_("Change"));
  first = g_ptr_array_index (group->items, 0);
  if (first->edit != NULL)
    return sw_edit_dup_label (first->edit);
  if (first->name != NULL)
    return g_strdup (_("Move State"));
  return g_strdup (_("Edit Definition"));
}

static void machine_changed_cb (SwMachine  *machine,
                                SwEdit     *edit,
                                SwDocument *self);

/* --- state notifications -------------------------------------------------------------- */

static void
update_title (SwDocument *self)
{
  g_autofree char *title = NULL;

  if (self->file != NULL)
    title = g_file_get_basename (self->file);
  else
    title = g_strdup (_("Untitled workflow"));

  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

static guint
top_serial (SwDocument *self)
{
  if (self->undo_stack->len == 0)
    return 0;
  return ((Group *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->serial;
}

static void
update_state (SwDocument *self)
{
  gboolean modified = top_serial (self) != self->saved_serial || self->pending_text != NULL;
  gboolean can_undo = self->undo_stack->len > 0;
  gboolean can_redo = self->redo_stack->len > 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_pending_text (SwDocument *self,
                  const char *text)
{
  if (g_strcmp0 (text, self->pending_text) == 0)
    return;
  g_free (self->pending_text);
  self->pending_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_TEXT]);
}

/* --- diagnostics ---------------------------------------------------------------------- */

static void
merge_diagnostics (SwDocument *self)
{
  g_clear_pointer (&self->merged, g_ptr_array_unref);
  if (self->external == NULL || self->external->len == 0)
    return;
  self->merged = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
  for (guint i = 0; self->diagnostics != NULL && i < self->diagnostics->len; i++)
    g_ptr_array_add (self->merged, sw_diagnostic_copy (self->diagnostics->pdata[i]));
  for (guint i = 0; i < self->external->len; i++)
    g_ptr_array_add (self->merged, sw_diagnostic_copy (self->external->pdata[i]));
  g_ptr_array_sort (self->merged, sw_diagnostic_compare);
}

static void
compute_diagnostics (SwDocument *self)
{
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = sw_validate (sw_machine_get_value (self->machine));
  self->diagnostics_dirty = FALSE;
  merge_diagnostics (self);
}

static gboolean
diagnostics_idle_cb (gpointer user_data)
{
  SwDocument *self = user_data;

  self->diagnostics_idle = 0;
  if (self->diagnostics_dirty)
    compute_diagnostics (self);
  g_signal_emit (self, signals[DIAGNOSTICS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
queue_diagnostics_changed (SwDocument *self)
{
  if (self->diagnostics_idle == 0)
    self->diagnostics_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, diagnostics_idle_cb,
                                              self, NULL);
}

static void
queue_diagnostics (SwDocument *self)
{
  self->diagnostics_dirty = TRUE;
  if (self->diagnostics_idle == 0)
    self->diagnostics_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, diagnostics_idle_cb,
                                              self, NULL);
}

/* Forgets the external diagnostics (the definition changed since they were given). */
static void
clear_external (SwDocument *self)
{
  if (self->external == NULL)
    return;
  g_clear_pointer (&self->external, g_ptr_array_unref);
  g_clear_pointer (&self->external_source, g_free);
  merge_diagnostics (self);
  queue_diagnostics_changed (self);
}

/* --- selection ------------------------------------------------------------------------ */

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  guint na = a != NULL ? g_strv_length ((GStrv) a) : 0;
  guint nb = b != NULL ? g_strv_length ((GStrv) b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
take_selection (SwDocument *self,
                GStrv       selection)
{
  if (strv_equal0 ((const char * const *) selection,
                   (const char * const *) self->selection))
    {
      g_strfreev (selection);
      return;
    }
  g_strfreev (self->selection);
  self->selection = selection;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
append_token (GString    *pointer,
              const char *token)
{
  g_string_append_c (pointer, '/');
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (pointer, "~0");
      else if (*p == '/')
        g_string_append (pointer, "~1");
      else
        g_string_append_c (pointer, *p);
    }
}

static char *
state_pointer (const char *machine_pointer,
               const char *name)
{
  GString *pointer = g_string_new (machine_pointer);

  append_token (pointer, "States");
  append_token (pointer, name);
  return g_string_free (pointer, FALSE);
}

/* After an edit: follow renamed states (the state and anything inside it) and drop the
 * pointers that no longer name a state. */
static void
refresh_selection (SwDocument *self,
                   SwEdit     *edit)
{
  g_autoptr (GPtrArray) kept = NULL;
  g_autofree char *old_prefix = NULL;
  g_autofree char *new_prefix = NULL;

  if (self->selection == NULL || self->selection[0] == NULL)
    return;

  if (edit != NULL && sw_edit_get_kind (edit) == SW_EDIT_RENAME_STATE &&
      sw_edit_get_old_name (edit) != NULL && sw_edit_get_name (edit) != NULL)
    {
      const char *machine = sw_edit_get_machine_pointer (edit);

      old_prefix = state_pointer (machine != NULL ? machine : "", sw_edit_get_old_name (edit));
      new_prefix = state_pointer (machine != NULL ? machine : "", sw_edit_get_name (edit));
    }

  kept = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; self->selection[i] != NULL; i++)
    {
      const char *pointer = self->selection[i];
      g_autofree char *moved = NULL;
      gsize n = old_prefix != NULL ? strlen (old_prefix) : 0;

      if (old_prefix != NULL && g_str_has_prefix (pointer, old_prefix) &&
          (pointer[n] == '\0' || pointer[n] == '/'))
        {
          moved = g_strconcat (new_prefix, pointer + n, NULL);
          pointer = moved;
        }
      if (sw_document_lookup_state (self, pointer) == NULL)
        continue;
      if (!g_ptr_array_find_with_equal_func (kept, pointer, g_str_equal, NULL))
        g_ptr_array_add (kept, g_strdup (pointer));
    }
  g_ptr_array_add (kept, NULL);
  take_selection (self, (GStrv) g_ptr_array_steal (kept, NULL));
}

/* --- the machine ---------------------------------------------------------------------- */

static void
set_machine (SwDocument *self,
             SwMachine  *machine)
{
  if (self->machine == machine)
    return;
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_set_object (&self->machine, machine);
  self->changed_id = g_signal_connect (machine, "changed", G_CALLBACK (machine_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
  refresh_selection (self, NULL);
  queue_diagnostics (self);
}

static void
clear_history (SwDocument *self)
{
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  g_clear_pointer (&self->open_group, group_free);
  self->group_depth = 0;
  self->saved_serial = 0;
}

static void
record (SwDocument *self,
        Item       *item)
{
  g_ptr_array_set_size (self->redo_stack, 0);
  /* a changed definition is no longer what the service judged; a moved state still is */
  if (item->name == NULL)
    clear_external (self);

  if (self->open_group != NULL)
    {
      g_ptr_array_add (self->open_group->items, item);
    }
  else
    {
      Group *group = group_new (NULL);

      group->serial = ++self->next_serial;
      g_ptr_array_add (group->items, item);
      g_ptr_array_add (self->undo_stack, group);
    }
  update_state (self);
}

/* The names of the states nested in @state (a Parallel's branches, a Map's processor), at
 * any depth. */
static void
collect_nested_names (SwValue   *state,
                      GPtrArray *names)
{
  static const char *processors[] = { "ItemProcessor", "Iterator" };
  SwValue *branches, *machine;
  g_autoptr (GPtrArray) machines = g_ptr_array_new ();

  if (state == NULL || !sw_value_is_object (state))
    return;
  branches = sw_value_object_get (state, "Branches");
  for (guint i = 0; branches != NULL && sw_value_is_array (branches) &&
                    i < sw_value_array_get_length (branches); i++)
    g_ptr_array_add (machines, sw_value_array_get (branches, i));
  for (guint i = 0; i < G_N_ELEMENTS (processors); i++)
    if ((machine = sw_value_object_get (state, processors[i])) != NULL)
      g_ptr_array_add (machines, machine);

  for (guint i = 0; i < machines->len; i++)
    {
      SwValue *states = sw_value_is_object (machines->pdata[i])
                        ? sw_value_object_get (machines->pdata[i], "States") : NULL;

      for (guint j = 0; states != NULL && sw_value_is_object (states) &&
                        j < sw_value_object_get_size (states); j++)
        {
          g_ptr_array_add (names, (gpointer) sw_value_object_get_key (states, j));
          collect_nested_names (sw_value_object_get_value (states, j), names);
        }
    }
}

/* A removed state takes its manual position, and those of the states inside it, along: as
 * items of the removal's step, so that undoing the removal brings them back. */
static GPtrArray *
remove_positions (SwDocument *self,
                  SwEdit     *edit)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

  g_ptr_array_add (names, (gpointer) sw_edit_get_old_name (edit));
  collect_nested_names (sw_edit_get_old_value (edit), names);
  for (guint i = 0; i < names->len; i++)
    {
      Item *item = g_new0 (Item, 1);

      item->name = g_strdup (names->pdata[i]);
      item->had_old = sw_layout_positions_lookup (self->positions, item->name,
                                                  &item->old_x, &item->old_y);
      if (item->had_old && sw_layout_positions_remove (self->positions, item->name))
        g_ptr_array_add (items, item);
      else
        item_free (item);
    }
  return items;
}

static void
machine_changed_cb (SwMachine  *machine,
                    SwEdit     *edit,
                    SwDocument *self)
{
  g_autoptr (GPtrArray) removed = NULL;

  /* Positions are kept by state name. */
  if (sw_edit_get_kind (edit) == SW_EDIT_RENAME_STATE)
    sw_layout_positions_rename (self->positions, sw_edit_get_old_name (edit),
                                sw_edit_get_name (edit));
  else if (sw_edit_get_kind (edit) == SW_EDIT_REMOVE_STATE && sw_edit_get_old_name (edit))
    removed = remove_positions (self, edit);

  if (!self->applying)
    {
      Item *item = g_new0 (Item, 1);
      gboolean wrap = removed != NULL && removed->len > 0 && self->open_group == NULL;

      item->edit = sw_edit_ref (edit);
      if (wrap)
        sw_document_begin_group (self, NULL);
      record (self, item);
      /* (undone before the removal: positions are by name, the state need not exist) */
      while (removed != NULL && removed->len > 0)
        record (self, g_ptr_array_steal_index (removed, 0));
      if (wrap)
        sw_document_end_group (self);
    }
  refresh_selection (self, edit);
  queue_diagnostics (self);
}

static SwValue *
new_skeleton (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autofree char *language = NULL;
  SwValue *root = sw_value_new_object ();
  SwValue *states = sw_value_new_object ();
  SwValue *state = sw_value_new_object ();

  if (source != NULL &&
      (schema = g_settings_schema_source_lookup (source, SW_SETTINGS_SCHEMA, TRUE)) != NULL &&
      g_settings_schema_has_key (schema, "default-query-language"))
    {
      g_autoptr (GSettings) settings = g_settings_new (SW_SETTINGS_SCHEMA);

      language = g_settings_get_string (settings, "default-query-language");
    }

  sw_value_object_set (root, "Comment", sw_value_new_string (_("A new workflow")));
  if (g_strcmp0 (language, "JSONata") == 0)
    sw_value_object_set (root, "QueryLanguage", sw_value_new_string ("JSONata"));
  sw_value_object_set (root, "StartAt", sw_value_new_string ("Start"));
  sw_value_object_set (state, "Type", sw_value_new_string ("Pass"));
  sw_value_object_set (state, "End", sw_value_new_boolean (TRUE));
  sw_value_object_set (states, "Start", state);
  sw_value_object_set (root, "States", states);
  return root;
}

/* --- GObject -------------------------------------------------------------------------- */

static void
sw_document_dispose (GObject *object)
{
  SwDocument *self = SW_DOCUMENT (object);

  g_clear_handle_id (&self->diagnostics_idle, g_source_remove);
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_clear_object (&self->machine);
  if (self->undo_stack != NULL)
    clear_history (self);

  G_OBJECT_CLASS (sw_document_parent_class)->dispose (object);
}

static void
sw_document_finalize (GObject *object)
{
  SwDocument *self = SW_DOCUMENT (object);

  g_clear_object (&self->file);
  g_clear_object (&self->positions);
  g_free (self->title);
  g_free (self->pending_text);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_strfreev (self->selection);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->external, g_ptr_array_unref);
  g_free (self->external_source);
  g_clear_pointer (&self->merged, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_document_parent_class)->finalize (object);
}

static void
sw_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwDocument *self = SW_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      g_value_set_object (value, self->machine);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PENDING_TEXT:
      g_value_set_string (value, self->pending_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_document_class_init (SwDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_document_dispose;
  object_class->finalize = sw_document_finalize;
  object_class->get_property = sw_document_get_property;

  properties[PROP_MACHINE] =
    g_param_spec_object ("machine", NULL, NULL, SW_TYPE_MACHINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_int ("format", NULL, NULL,
                      SW_DEFINITION_FORMAT_JSON, SW_DEFINITION_FORMAT_YAML,
                      SW_DEFINITION_FORMAT_JSON,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_TEXT] =
    g_param_spec_string ("pending-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwDocument::selection-changed:
   *
   * The list of selected state pointers changed.
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SwDocument::diagnostics-changed:
   *
   * The diagnostics were recomputed after a change (in an idle).
   */
  signals[DIAGNOSTICS_CHANGED] =
    g_signal_new ("diagnostics-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SwDocument::positions-changed:
   *
   * A manual position of the layout sidecar changed (placed, undone, redone) or the
   * sidecar was replaced by a load.
   */
  signals[POSITIONS_CHANGED] =
    g_signal_new ("positions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sw_document_init (SwDocument *self)
{
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->selection = g_new0 (char *, 1);
  self->format = SW_DEFINITION_FORMAT_JSON;
  self->positions = sw_layout_positions_new ();
  self->title = g_strdup (_("Untitled workflow"));
}

/* --- public API ----------------------------------------------------------------------- */

/**
 * sw_document_new:
 *
 * Returns: (transfer full): an untitled workflow with one Pass state, in the query language
 *   of the `default-query-language` setting when the schema is installed
 */
SwDocument *
sw_document_new (void)
{
  g_autoptr (SwValue) skeleton = new_skeleton ();

  return sw_document_new_for_value (skeleton);
}

/**
 * sw_document_new_for_value:
 * @definition: a parsed definition; it is copied
 *
 * Returns: (transfer full): an untitled, unmodified document over a copy of @definition
 */
SwDocument *
sw_document_new_for_value (SwValue *definition)
{
  SwDocument *self;
  g_autoptr (SwValue) copy = NULL;
  g_autoptr (SwMachine) machine = NULL;

  g_return_val_if_fail (definition != NULL, NULL);

  self = g_object_new (SW_TYPE_DOCUMENT, NULL);
  copy = sw_value_copy (definition);
  machine = sw_machine_new (copy);
  set_machine (self, machine);
  return self;
}

SwMachine *
sw_document_get_machine (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return self->machine;
}

GFile *
sw_document_get_file (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return self->file;
}

SwDefinitionFormat
sw_document_get_format (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), SW_DEFINITION_FORMAT_JSON);

  return self->format;
}

gboolean
sw_document_get_modified (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);

  return self->modified;
}

const char *
sw_document_get_title (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return self->title;
}

static void
set_file (SwDocument         *self,
          GFile              *file,
          SwDefinitionFormat  format)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (file != self->file &&
      (file == NULL || self->file == NULL || !g_file_equal (file, self->file)))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  if (format != self->format)
    {
      self->format = format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
    }
  update_title (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static GError *
error_from_diagnostic (GFile        *file,
                       SwDiagnostic *diagnostic)
{
  g_autofree char *name = file != NULL ? g_file_get_parse_name (file) : NULL;

  if (diagnostic == NULL)
    return g_error_new_literal (SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX,
                                _("The definition could not be read"));
  if (name != NULL)
    /* Translators: file name, line, column and the parser's message */
    return g_error_new (SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX, _("%s:%u:%u: %s"),
                        name, diagnostic->line, diagnostic->column, diagnostic->message);
  /* Translators: line, column and the parser's message */
  return g_error_new (SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX, _("Line %u, column %u: %s"),
                      diagnostic->line, diagnostic->column, diagnostic->message);
}

/* Loading: the file is read, parsed and its sidecar loaded in a thread (one read of the
 * whole file, no main-loop round per chunk); the result is applied on the main thread. */
typedef struct
{
  GFile *file;
  SwDefinitionFormat format;
  SwValue *value;
  SwLayoutPositions *positions;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->value, sw_value_unref);
  g_clear_object (&data->positions);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SwDiagnostic) diagnostic = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *local = NULL;
  g_autoptr (GError) sidecar_error = NULL;
  gsize length = 0;

  if (!g_file_load_contents (data->file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  basename = g_file_get_basename (data->file);
  data->format = sw_definition_format_detect (basename, contents, length);
  data->value = sw_definition_parse (contents, length, data->format, &diagnostic);
  if (data->value == NULL)
    {
      g_task_return_error (task, error_from_diagnostic (data->file, diagnostic));
      return;
    }

  /* The sidecar of a local file; a broken one is left alone (and not overwritten). */
  local = g_file_get_path (data->file);
  if (local != NULL)
    data->positions = sw_layout_positions_load_for_definition (local, &sidecar_error);
  if (sidecar_error != NULL)
    g_warning ("Ignoring the layout of %s: %s", local, sidecar_error->message);
  if (data->positions == NULL)
    data->positions = sw_layout_positions_new ();

  g_task_return_boolean (task, TRUE);
}

static void
load_applied_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SwDocument *self = SW_DOCUMENT (source);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (SwMachine) machine = NULL;
  GError *error = NULL;

  /* Cancelled after the thread finished: the document is left as it was. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_task_return_error_if_cancelled (task))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  g_set_object (&self->positions, data->positions);
  clear_history (self);
  clear_external (self);
  set_pending_text (self, NULL);
  machine = sw_machine_new (data->value);
  set_machine (self, machine);
  set_file (self, data->file, data->format);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);

  g_task_return_boolean (task, TRUE);
}

/**
 * sw_document_load_async:
 *
 * Reads @file (JSON or YAML, detected from the name and the content), replaces the machine
 * and forgets the undo history. Reading and parsing happen in a thread; a cancelled load
 * leaves the document as it was.
 */
void
sw_document_load_async (SwDocument          *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  g_autoptr (GTask) worker = NULL;
  LoadData *data;

  g_return_if_fail (SW_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_document_load_async);

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  worker = g_task_new (self, cancellable, load_applied_cb, task);
  g_task_set_source_tag (worker, load_thread);
  g_task_set_task_data (worker, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (worker, load_thread);
}

gboolean
sw_document_load_finish (SwDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GFile *file;
  SwDefinitionFormat format;
  guint serial;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static void
replace_contents_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SwDocument *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The layout sidecar goes beside the file when there are manual positions. */
  if (sw_layout_positions_get_size (self->positions) > 0)
    {
      g_autofree char *local = g_file_get_path (data->file);
      g_autofree char *sidecar = local != NULL
                                 ? sw_layout_positions_path_for_definition (local) : NULL;

      if (sidecar != NULL && !sw_layout_positions_save (self->positions, sidecar, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  self->saved_serial = data->serial;
  set_file (self, data->file, data->format);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_boolean (task, TRUE);
}

/**
 * sw_document_save_async:
 * @file: (nullable): where to save; %NULL for the document's file
 * @format: the notation to write
 *
 * Writes the canonical form atomically. On success the document's file and format become
 * @file and @format and "modified" is cleared — unless it changed again meanwhile.
 */
void
sw_document_save_async (SwDocument          *self,
                        GFile               *file,
                        SwDefinitionFormat   format,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  SaveData *data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *text;
  gsize length = 0;

  g_return_if_fail (SW_IS_DOCUMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_document_save_async);

  if (file == NULL)
    file = self->file;
  if (file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The workflow has no file yet"));
      g_object_unref (task);
      return;
    }

  text = sw_definition_write (sw_machine_get_value (self->machine), format, &length, &error);
  if (text == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  bytes = g_bytes_new_take (text, length);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->format = format;
  data->serial = top_serial (self);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, task);
}

gboolean
sw_document_save_finish (SwDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sw_document_serialize:
 *
 * Returns: (transfer full): the canonical text of the definition in @format
 */
char *
sw_document_serialize (SwDocument         *self,
                       SwDefinitionFormat  format)
{
  g_autoptr (GError) error = NULL;
  char *text;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  text = sw_definition_write (sw_machine_get_value (self->machine), format, NULL, &error);
  if (text == NULL)
    {
      g_warning ("Cannot write the definition: %s", error->message);
      return g_strdup ("");
    }
  return text;
}

/**
 * sw_document_set_text:
 * @text: a whole definition in the document's format
 *
 * Returns: %TRUE if @text parsed (a text equal to the model changes nothing)
 */
gboolean
sw_document_set_text (SwDocument  *self,
                      const char  *text,
                      GError     **error)
{
  g_autoptr (SwDiagnostic) diagnostic = NULL;
  g_autoptr (SwValue) value = NULL;
  g_autoptr (SwMachine) machine = NULL;
  Item *item;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  value = sw_definition_parse (text, strlen (text), self->format, &diagnostic);
  if (value == NULL)
    {
      set_pending_text (self, text);
      update_state (self);
      g_propagate_error (error, error_from_diagnostic (NULL, diagnostic));
      return FALSE;
    }

  set_pending_text (self, NULL);
  if (sw_value_equal (value, sw_machine_get_value (self->machine)))
    {
      update_state (self);
      return TRUE;
    }

  machine = sw_machine_new (value);
  item = g_new0 (Item, 1);
  item->old_machine = g_object_ref (self->machine);
  item->new_machine = g_object_ref (machine);
  set_machine (self, machine);
  record (self, item);
  return TRUE;
}

const char *
sw_document_get_pending_text (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return self->pending_text;
}

void
sw_document_begin_group (SwDocument *self,
                         const char *label)
{
  g_return_if_fail (SW_IS_DOCUMENT (self));

  if (self->group_depth++ == 0)
    self->open_group = group_new (label);
}

void
sw_document_end_group (SwDocument *self)
{
  Group *group;

  g_return_if_fail (SW_IS_DOCUMENT (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;

  group = g_steal_pointer (&self->open_group);
  if (group->items->len == 0)
    {
      group_free (group);
      return;
    }
  group->serial = ++self->next_serial;
  g_ptr_array_add (self->undo_stack, group);
  update_state (self);
}

gboolean
sw_document_can_undo (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);

  return self->undo_stack->len > 0;
}

gboolean
sw_document_can_redo (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);

  return self->redo_stack->len > 0;
}

char *
sw_document_dup_undo_label (SwDocument *self)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  if (self->undo_stack->len == 0)
    return NULL;
  label = group_dup_label (g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1));
  /* Translators: %s is what the step did, such as Rename “Train” to “Fit” */
  return g_strdup_printf (_("Undo %s"), label);
}

char *
sw_document_dup_redo_label (SwDocument *self)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  if (self->redo_stack->len == 0)
    return NULL;
  label = group_dup_label (g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1));
  /* Translators: %s is what the step did, such as Rename “Train” to “Fit” */
  return g_strdup_printf (_("Redo %s"), label);
}

static gboolean
apply_item (SwDocument  *self,
            Item        *item,
            gboolean     undo,
            GError     **error)
{
  if (item->name != NULL)
    {
      gboolean set = undo ? item->had_old : item->has_new;

      if (set)
        sw_layout_positions_set (self->positions, item->name,
                                 undo ? item->old_x : item->new_x,
                                 undo ? item->old_y : item->new_y);
      else
        sw_layout_positions_remove (self->positions, item->name);
      g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
      return TRUE;
    }
  if (item->edit == NULL)
    {
      set_machine (self, undo ? item->old_machine : item->new_machine);
      return TRUE;
    }
  if (undo)
    return sw_machine_undo_edit (self->machine, item->edit, error);
  return sw_machine_redo_edit (self->machine, item->edit, error);
}

/* Undoes (or redoes) every item of @group; on failure puts back what it changed. */
static gboolean
apply_group (SwDocument  *self,
             Group       *group,
             gboolean     undo,
             GError     **error)
{
  guint n = group->items->len;
  guint done;

  self->applying = TRUE;
  for (done = 0; done < n; done++)
    {
      Item *item = g_ptr_array_index (group->items, undo ? n - 1 - done : done);

      if (!apply_item (self, item, undo, error))
        break;
    }
  if (done < n)
    {
      while (done-- > 0)
        {
          Item *item = g_ptr_array_index (group->items, undo ? n - 1 - done : done);

          if (!apply_item (self, item, !undo, NULL))
            break;
        }
    }
  self->applying = FALSE;
  return done == n;
}

gboolean
sw_document_undo (SwDocument  *self,
                  GError     **error)
{
  Group *group;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->group_depth > 0 || self->undo_stack->len == 0)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, _("Nothing to undo"));
      return FALSE;
    }

  group = g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1);
  if (!apply_group (self, group, TRUE, error))
    return FALSE;
  g_ptr_array_add (self->redo_stack, g_ptr_array_steal_index (self->undo_stack,
                                                              self->undo_stack->len - 1));
  clear_external (self);
  set_pending_text (self, NULL);
  update_state (self);
  return TRUE;
}

gboolean
sw_document_redo (SwDocument  *self,
                  GError     **error)
{
  Group *group;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->group_depth > 0 || self->redo_stack->len == 0)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, _("Nothing to redo"));
      return FALSE;
    }

  group = g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1);
  if (!apply_group (self, group, FALSE, error))
    return FALSE;
  g_ptr_array_add (self->undo_stack, g_ptr_array_steal_index (self->redo_stack,
                                                              self->redo_stack->len - 1));
  clear_external (self);
  set_pending_text (self, NULL);
  update_state (self);
  return TRUE;
}

void
sw_document_set_selection (SwDocument         *self,
                           const char * const *pointers)
{
  g_autoptr (GPtrArray) kept = NULL;

  g_return_if_fail (SW_IS_DOCUMENT (self));

  kept = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; pointers != NULL && pointers[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (kept, pointers[i], g_str_equal, NULL))
      g_ptr_array_add (kept, g_strdup (pointers[i]));
  g_ptr_array_add (kept, NULL);
  take_selection (self, (GStrv) g_ptr_array_steal (kept, NULL));
}

void
sw_document_select_one (SwDocument *self,
                        const char *pointer)
{
  const char *pointers[] = { pointer, NULL };

  g_return_if_fail (SW_IS_DOCUMENT (self));

  sw_document_set_selection (self, pointers);
}

const char * const *
sw_document_get_selection (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return (const char * const *) self->selection;
}

gboolean
sw_document_is_selected (SwDocument *self,
                         const char *pointer)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);

  if (pointer == NULL)
    return FALSE;
  return g_strv_contains ((const char * const *) self->selection, pointer);
}

SwState *
sw_document_get_selected_state (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  if (self->selection[0] == NULL || self->selection[1] != NULL)
    return NULL;
  return sw_document_lookup_state (self, self->selection[0]);
}

/* Unescapes one JSON Pointer token in place. */
static void
unescape_token (char *token)
{
  char *out = token;

  for (const char *p = token; *p != '\0'; p++)
    {
      if (p[0] == '~' && p[1] == '1')
        *out++ = '/', p++;
      else if (p[0] == '~' && p[1] == '0')
        *out++ = '~', p++;
      else
        *out++ = *p;
    }
  *out = '\0';
}

static SwState *
find_in_machine (SwMachine  *machine,
                 const char *name)
{
  SwState *state = sw_machine_lookup_state (machine, name);
  guint n;

  /* The root's index also names nested states. */
  if (state != NULL && sw_state_get_machine (state) == machine)
    return state;
  n = sw_machine_get_n_states (machine);
  for (guint i = 0; i < n; i++)
    {
      state = sw_machine_get_state (machine, i);
      if (g_strcmp0 (sw_state_get_name (state), name) == 0)
        return state;
    }
  return NULL;
}

/**
 * sw_document_lookup_state:
 * @pointer: `/States/A`, `/States/P/Branches/0/States/B`, `/States/M/ItemProcessor/States/C`
 *
 * Returns: (transfer none) (nullable): the state, or %NULL
 */
SwState *
sw_document_lookup_state (SwDocument *self,
                          const char *pointer)
{
  g_auto (GStrv) tokens = NULL;
  SwMachine *machine;
  SwState *state = NULL;
  guint i = 1;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  if (pointer == NULL || pointer[0] != '/' || self->machine == NULL)
    return NULL;

  tokens = g_strsplit (pointer, "/", -1);
  machine = self->machine;
  for (;;)
    {
      if (tokens[i] == NULL || strcmp (tokens[i], "States") != 0 || tokens[i + 1] == NULL)
        return NULL;
      unescape_token (tokens[i + 1]);
      state = find_in_machine (machine, tokens[i + 1]);
      if (state == NULL)
        return NULL;
      i += 2;
      if (tokens[i] == NULL)
        return state;

      if (strcmp (tokens[i], "Branches") == 0 && tokens[i + 1] != NULL)
        {
          GListModel *branches = sw_state_get_branches (state);
          g_autoptr (SwMachine) branch = NULL;
          char *end = NULL;
          guint64 index = g_ascii_strtoull (tokens[i + 1], &end, 10);

          if (branches == NULL || end == tokens[i + 1] || *end != '\0' ||
              index >= g_list_model_get_n_items (branches))
            return NULL;
          /* The state keeps its branches alive. */
          branch = g_list_model_get_item (branches, index);
          machine = branch;
          i += 2;
        }
      else if (strcmp (tokens[i], "ItemProcessor") == 0 || strcmp (tokens[i], "Iterator") == 0)
        {
          machine = sw_state_get_processor (state);
          if (machine == NULL)
            return NULL;
          i += 1;
        }
      else
        return NULL;
    }
}

/**
 * sw_document_dup_state_pointer_for:
 * @pointer: a JSON Pointer into the definition
 *
 * Returns: (transfer full) (nullable): the pointer of the innermost state holding @pointer
 */
char *
sw_document_dup_state_pointer_for (SwDocument *self,
                                   const char *pointer)
{
  g_auto (GStrv) tokens = NULL;
  char *best = NULL;
  GString *prefix;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  if (pointer == NULL || pointer[0] != '/')
    return NULL;

  tokens = g_strsplit (pointer + 1, "/", -1);
  prefix = g_string_new (NULL);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_string_append_c (prefix, '/');
      g_string_append (prefix, tokens[i]);
      if (i > 0 && strcmp (tokens[i - 1], "States") == 0 &&
          sw_document_lookup_state (self, prefix->str) != NULL)
        {
          g_free (best);
          best = g_strdup (prefix->str);
        }
    }
  g_string_free (prefix, TRUE);
  return best;
}

/**
 * sw_document_restore_draft:
 *
 * Shows a draft saved before a crash as an unsaved change.
 */
void
sw_document_restore_draft (SwDocument         *self,
                           GFile              *file,
                           SwDefinitionFormat  format,
                           const char         *text)
{
  g_autoptr (SwDiagnostic) diagnostic = NULL;
  g_autoptr (SwValue) value = NULL;

  g_return_if_fail (SW_IS_DOCUMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));
  g_return_if_fail (text != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  clear_history (self);
  clear_external (self);
  set_file (self, file, format);
  value = sw_definition_parse (text, strlen (text), format, &diagnostic);
  if (value != NULL)
    {
      g_autoptr (SwMachine) machine = sw_machine_new (value);

      set_pending_text (self, NULL);
      set_machine (self, machine);
    }
  else
    set_pending_text (self, text);
  /* No step of the history is the saved one. */
  self->saved_serial = G_MAXUINT;
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sw_document_get_positions:
 *
 * Returns: (transfer none): the manual positions of the layout sidecar
 */
SwLayoutPositions *
sw_document_get_positions (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return self->positions;
}

/**
 * sw_document_get_diagnostics:
 *
 * Returns: (transfer none) (element-type SwDiagnostic): the diagnostics of the current
 *   definition; computed now if a change is not yet reflected
 */
GPtrArray *
sw_document_get_diagnostics (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  if (self->diagnostics_dirty || self->diagnostics == NULL)
    compute_diagnostics (self);
  return self->merged != NULL ? self->merged : self->diagnostics;
}

/**
 * sw_document_set_position:
 * @name: a state's name
 * @x: its manual position in the layout sidecar (diagram units, relative to its scope)
 * @y: the same, down
 *
 * Places a state by hand: one undoable step (or an item of the open group, so that a drag
 * of several states is one step) that marks the document modified. Emits
 * "positions-changed".
 *
 * Returns: whether the position changed
 */
gboolean
sw_document_set_position (SwDocument *self,
                          const char *name,
                          double      x,
                          double      y)
{
  Item *item;

  g_return_val_if_fail (SW_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  item = g_new0 (Item, 1);
  item->name = g_strdup (name);
  item->had_old = sw_layout_positions_lookup (self->positions, name, &item->old_x,
                                              &item->old_y);
  sw_layout_positions_set (self->positions, name, x, y);
  item->has_new = sw_layout_positions_lookup (self->positions, name, &item->new_x,
                                              &item->new_y);
  if (item->had_old == item->has_new && item->old_x == item->new_x &&
      item->old_y == item->new_y)
    {
      item_free (item);
      return FALSE;
    }
  record (self, item);
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
  return TRUE;
}

/* "… SCHEMA_VALIDATION_FAILED: Value is not valid at /States/X/Type'" → "/States/X/Type" */
static char *
pointer_from_message (const char *message)
{
  const char *at = message != NULL ? g_strrstr (message, " at /") : NULL;
  gsize n;

  if (at == NULL)
    return NULL;
  at += 4;
  n = strcspn (at, " '\"\n");
  while (n > 1 && (at[n - 1] == '.' || at[n - 1] == ','))
    n--;
  return g_strndup (at, n);
}

/**
 * sw_document_set_external_diagnostics:
 * @source: (nullable): who judged the definition, shown before each message ("AWS")
 * @diagnostics: (nullable) (element-type SwDiagnostic): copied; %NULL or empty clears
 *
 * Adds problems found outside (such as the service's validation errors when a deploy
 * failed) to sw_document_get_diagnostics(), so that the validation panel and the canvas
 * badges show them like local ones, until the next edit of the definition, a load or a
 * call with %NULL. A diagnostic without a pointer gets one from a message that ends in
 * "at /States/X/…", and a line and column from where that value is in the definition.
 * Emits "diagnostics-changed".
 */
void
sw_document_set_external_diagnostics (SwDocument *self,
                                      const char *source,
                                      GPtrArray  *diagnostics)
{
  SwValue *root;

  g_return_if_fail (SW_IS_DOCUMENT (self));

  g_clear_pointer (&self->external, g_ptr_array_unref);
  g_clear_pointer (&self->external_source, g_free);
  root = sw_machine_get_value (self->machine);
  if (diagnostics != NULL && diagnostics->len > 0)
    {
      self->external = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
      self->external_source = g_strdup (source);
    }
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const SwDiagnostic *given = diagnostics->pdata[i];
      g_autofree char *pointer = NULL;
      g_autofree char *message = NULL;
      guint line = given->line, column = given->column;

      if (given->pointer != NULL && given->pointer[0] == '/')
        pointer = g_strdup (given->pointer);
      else
        pointer = pointer_from_message (given->message);
      /* where it is in the definition, as far as the pointer leads */
      if (line == 0 && pointer != NULL && root != NULL)
        sw_json_locate_pointer (root, pointer, &line, &column);
      if (source != NULL)
        /* Translators: who found the problem (such as AWS) and its message */
        message = g_strdup_printf (_("%s: %s"), source, given->message);
      else
        message = g_strdup (given->message);
      g_ptr_array_add (self->external,
                       sw_diagnostic_new (given->severity,
                                          given->code != NULL ? given->code : "external",
                                          line, column, pointer != NULL ? pointer : "",
                                          message));
    }
  if (self->diagnostics_dirty || self->diagnostics == NULL)
    compute_diagnostics (self);
  else
    merge_diagnostics (self);
  g_clear_handle_id (&self->diagnostics_idle, g_source_remove);
  g_signal_emit (self, signals[DIAGNOSTICS_CHANGED], 0);
}

/**
 * sw_document_get_external_source:
 *
 * Returns: (nullable): the source given with the external diagnostics shown, or %NULL
 */
const char *
sw_document_get_external_source (SwDocument *self)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (self), NULL);

  return self->external_source;
}
