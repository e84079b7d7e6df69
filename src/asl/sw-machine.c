/* sw-machine.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
#include "sw-model-private.h"

/**
 * SwMachine:
 *
 * A view of a state machine object — the definition itself, a branch of a Parallel state or
 * the ItemProcessor (or Iterator) of a Map state — as a #GListModel of its #SwState in
 * authored order.
 *
 * The model never owns a copy of the definition: it borrows one #SwValue tree and every
 * edit is a change of that tree, so sw_json_write() of the root value is the document. The
 * tree may break any rule of the language; the model then shows what it can (a `States`
 * member that is not an object has no states, a state that is not an object is skipped) and
 * leaves the reporting to the validator.
 *
 * The root machine emits #SwMachine::changed once per edit with an #SwEdit that can be
 * undone with sw_machine_undo_edit().
 */
struct _SwMachine
{
  GObject parent_instance;

  SwValue *value;
  SwMachine *root;            /* self for the root, weak otherwise, NULL once detached */
  SwState *parent_state;      /* weak: the state owns its nested machines */
  GPtrArray *states;

  char *start_at;
  char *comment;
  const char *query_language; /* interned */

  GHashTable *names;          /* root only: name → SwState (borrowed), first one wins */
  guint frozen_serial;

  guint refreshing : 1;       /* root only: between the tree change and the last notification */
  guint pending : 1;
  guint pending_position;
  guint pending_removed;
  guint pending_added;
};

enum {
  PROP_0,
  PROP_START_AT,
  PROP_COMMENT,
  PROP_QUERY_LANGUAGE,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
sw_machine_get_item_type (GListModel *model)
{
  return SW_TYPE_STATE;
}

static guint
sw_machine_get_n_items (GListModel *model)
{
  return SW_MACHINE (model)->states->len;
}

static gpointer
sw_machine_get_item (GListModel *model,
                     guint       position)
{
  SwMachine *self = SW_MACHINE (model);

  if (position >= self->states->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->states, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sw_machine_get_item_type;
  iface->get_n_items = sw_machine_get_n_items;
  iface->get_item = sw_machine_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SwMachine, sw_machine, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

void
_sw_sync_init (SwSync *sync)
{
  static guint serial;

  sync->serial = ++serial;
  sync->frozen = g_ptr_array_new ();
  sync->lists = g_ptr_array_new ();
}

/* Queues a notification until the whole model is refreshed. Only objects that change are
 * frozen: a refresh of a large model touches every object. */
void
_sw_sync_notify (SwSync     *sync,
                 gpointer    object,
                 guint      *frozen_serial,
                 GParamSpec *pspec)
{
  if (*frozen_serial != sync->serial)
    {
      *frozen_serial = sync->serial;
      g_object_freeze_notify (object);
      g_ptr_array_add (sync->frozen, g_object_ref (object));
    }
  g_object_notify_by_pspec (object, pspec);
}

void
_sw_sync_queue (SwSync   *sync,
                gpointer  list)
{
  g_ptr_array_add (sync->lists, g_object_ref (list));
}

void
_sw_sync_finish (SwSync *sync)
{
  for (guint i = 0; i < sync->lists->len; i++)
    {
      gpointer list = g_ptr_array_index (sync->lists, i);

      if (SW_IS_MACHINE (list))
        _sw_machine_flush (list);
      else
        _sw_machine_list_flush (list);
    }
  for (guint i = 0; i < sync->frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (sync->frozen, i));

  g_ptr_array_foreach (sync->lists, (GFunc) (void (*) (void)) g_object_unref, NULL);
  g_ptr_array_foreach (sync->frozen, (GFunc) (void (*) (void)) g_object_unref, NULL);
  g_clear_pointer (&sync->lists, g_ptr_array_unref);
  g_clear_pointer (&sync->frozen, g_ptr_array_unref);
}

/* The one range that turns @old_items into @new_items, by identity: common prefix and
 * suffix are kept. */
gboolean
_sw_list_diff (GPtrArray *old_items,
               GPtrArray *new_items,
               guint     *position,
               guint     *removed,
               guint     *added)
{
  guint prefix = 0, suffix = 0;

  while (prefix < old_items->len && prefix < new_items->len &&
         g_ptr_array_index (old_items, prefix) == g_ptr_array_index (new_items, prefix))
    prefix++;
  if (prefix == old_items->len && prefix == new_items->len)
    return FALSE;
  while (suffix < old_items->len - prefix && suffix < new_items->len - prefix &&
         g_ptr_array_index (old_items, old_items->len - 1 - suffix) ==
         g_ptr_array_index (new_items, new_items->len - 1 - suffix))
    suffix++;

  *position = prefix;
  *removed = old_items->len - prefix - suffix;
  *added = new_items->len - prefix - suffix;
  return TRUE;
}

static void
sw_machine_dispose (GObject *object)
{
  SwMachine *self = SW_MACHINE (object);

  if (self->states != NULL)
    {
      for (guint i = 0; i < self->states->len; i++)
        _sw_state_detach (g_ptr_array_index (self->states, i));
      g_clear_pointer (&self->states, g_ptr_array_unref);
    }
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (sw_machine_parent_class)->dispose (object);
}

static void
sw_machine_finalize (GObject *object)
{
  SwMachine *self = SW_MACHINE (object);

  g_clear_pointer (&self->value, sw_value_unref);
  g_free (self->start_at);
  g_free (self->comment);

  G_OBJECT_CLASS (sw_machine_parent_class)->finalize (object);
}

static void
sw_machine_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SwMachine *self = SW_MACHINE (object);

  switch (prop_id)
    {
    case PROP_START_AT:
      g_value_set_string (value, self->start_at);
      break;
    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;
    case PROP_QUERY_LANGUAGE:
      g_value_set_string (value, self->query_language);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->states ? self->states->len : 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_machine_class_init (SwMachineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_machine_dispose;
  object_class->finalize = sw_machine_finalize;
  object_class->get_property = sw_machine_get_property;

  properties[PROP_START_AT] =
    g_param_spec_string ("start-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY_LANGUAGE] =
    g_param_spec_string ("query-language", NULL, NULL, "JSONPath",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwMachine::changed:
   * @self: the root machine
   * @edit: what changed
   *
   * Emitted by the root machine once per edit of the document, after the machines emitted
   * #GListModel::items-changed and the states notified their properties. Undo with
   * sw_machine_undo_edit().
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_EDIT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sw_machine_init (SwMachine *self)
{
  self->states = g_ptr_array_new_with_free_func (g_object_unref);
  self->query_language = g_intern_static_string ("JSONPath");
}

static void
add_names (GHashTable *names,
           SwMachine  *machine)
{
  for (guint i = 0; i < machine->states->len; i++)
    {
      SwState *state = g_ptr_array_index (machine->states, i);
      guint n_nested = _sw_state_get_n_nested (state);

      if (!g_hash_table_contains (names, sw_state_get_name (state)))
        g_hash_table_insert (names, (gpointer) sw_state_get_name (state), state);
      for (guint j = 0; j < n_nested; j++)
        add_names (names, _sw_state_get_nested (state, j));
    }
}

/* Refreshes the whole model from the tree, then notifies. */
static void
refresh (SwMachine *root)
{
  SwSync sync;

  g_assert (root->root == root);
  g_assert (!root->refreshing);

  root->refreshing = TRUE;
  _sw_sync_init (&sync);
  _sw_machine_sync (root, &sync);
  g_hash_table_remove_all (root->names);
  add_names (root->names, root);
  _sw_sync_finish (&sync);
  root->refreshing = FALSE;
}

/* An edit from an items-changed or notify handler would run in the middle of a refresh;
 * it has to wait for #SwMachine::changed (or an idle). */
gboolean
_sw_machine_check_editable (SwMachine  *root,
                            GError    **error)
{
  if (root->refreshing)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("The definition cannot be changed while it notifies a change"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sw_machine_new:
 * @definition: a state machine definition, usually from sw_json_parse()
 *
 * Creates the model of a definition. The model takes a reference on @definition and edits
 * it in place; nothing else should change the tree while the model lives.
 *
 * Returns: (transfer full): the root machine
 */
SwMachine *
sw_machine_new (SwValue *definition)
{
  SwMachine *self;

  g_return_val_if_fail (definition != NULL, NULL);

  self = g_object_new (SW_TYPE_MACHINE, NULL);
  self->value = sw_value_ref (definition);
  self->root = self;
  self->names = g_hash_table_new (g_str_hash, g_str_equal);
  refresh (self);
  return self;
}

SwMachine *
_sw_machine_new_nested (SwValue   *value,
                        SwState   *parent_state,
                        SwMachine *root)
{
  SwMachine *self = g_object_new (SW_TYPE_MACHINE, NULL);

  self->value = sw_value_ref (value);
  self->parent_state = parent_state;
  self->root = root;
  return self;
}

/* The machine is no longer part of the document (its state was removed or changed). */
void
_sw_machine_detach (SwMachine *self)
{
  self->root = NULL;
  for (guint i = 0; i < self->states->len; i++)
    {
      SwState *state = g_ptr_array_index (self->states, i);

      for (guint j = 0; j < _sw_state_get_n_nested (state); j++)
        _sw_machine_detach (_sw_state_get_nested (state, j));
    }
}

void
_sw_machine_clear_parent (SwMachine *self)
{
  _sw_machine_detach (self);
  self->parent_state = NULL;
}

static const char *
member_string (SwValue    *object,
               const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  return sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static gboolean
update_string (char       **field,
               const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
_sw_machine_sync (SwMachine *self,
                  SwSync    *sync)
{
  g_autoptr(GHashTable) by_value = NULL;
  const char *query_language;
  GPtrArray *states;
  SwValue *members;
  guint old_len = self->states->len;
  guint position, removed, added;

  if (update_string (&self->start_at, member_string (self->value, "StartAt")))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_START_AT]);
  if (update_string (&self->comment, member_string (self->value, "Comment")))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_COMMENT]);

  query_language = member_string (self->value, "QueryLanguage");
  if (query_language != NULL)
    query_language = g_intern_string (query_language);
  else if (self->parent_state != NULL)
    query_language = sw_state_get_query_language (self->parent_state);
  else
    query_language = g_intern_static_string ("JSONPath");
  if (query_language != self->query_language)
    {
      self->query_language = query_language;
      _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_QUERY_LANGUAGE]);
    }

  members = sw_value_object_get (self->value, "States");
  states = g_ptr_array_new_with_free_func (g_object_unref);
  if (sw_value_is_object (members))
    {
      for (guint i = 0; i < sw_value_object_get_size (members); i++)
        {
          SwValue *value = sw_value_object_get_value (members, i);
          SwState *state = NULL;
          guint n = states->len;

          if (!sw_value_is_object (value))
            continue;

          /* Most edits keep states in place: try the same position first. A value has one
           * parent, so a state matches at most one member. */
          if (n < self->states->len &&
              sw_state_get_value (g_ptr_array_index (self->states, n)) == value)
            state = g_ptr_array_index (self->states, n);
          else
            {
              if (by_value == NULL)
                {
                  by_value = g_hash_table_new (NULL, NULL);
                  for (guint j = 0; j < self->states->len; j++)
                    {
                      SwState *old = g_ptr_array_index (self->states, j);
                      g_hash_table_insert (by_value, sw_state_get_value (old), old);
                    }
                }
              state = g_hash_table_lookup (by_value, value);
            }
          state = state != NULL ? g_object_ref (state) : _sw_state_new (self, value);
          g_ptr_array_add (states, state);
          _sw_state_sync (state, sw_value_object_get_key (members, i), sync);
        }
    }

  g_assert (!self->pending);
  if (_sw_list_diff (self->states, states, &position, &removed, &added))
    {
      g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);

      /* States that left this machine can only be in the changed range. */
      for (guint i = position; i < position + added; i++)
        g_hash_table_add (kept, g_ptr_array_index (states, i));
      for (guint i = position; i < position + removed; i++)
        if (!g_hash_table_contains (kept, g_ptr_array_index (self->states, i)))
          _sw_state_detach (g_ptr_array_index (self->states, i));

      self->pending = TRUE;
      self->pending_position = position;
      self->pending_removed = removed;
      self->pending_added = added;
      _sw_sync_queue (sync, self);
    }
  g_ptr_array_unref (self->states);
  self->states = states;
  if (states->len != old_len)
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_N_ITEMS]);
}

void
_sw_machine_flush (SwMachine *self)
{
  if (!self->pending)
    return;
  self->pending = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), self->pending_position,
                              self->pending_removed, self->pending_added);
}

/* Applies nothing: @edit is already in the tree. Refreshes the views and tells. */
void
_sw_machine_commit (SwMachine *root,
                    SwEdit    *edit)
{
  G_GNUC_UNUSED g_autoptr(SwMachine) hold = g_object_ref (root);

  g_assert (root->root == root);

  refresh (root);
  if (edit != NULL)
    g_signal_emit (root, signals[CHANGED], 0, edit);
}

/* Whether the machine is nested, at any depth, in @state. */
gboolean
_sw_machine_is_inside (SwMachine *self,
                       SwState   *state)
{
  for (SwMachine *machine = self; machine != NULL && machine->parent_state != NULL;
       machine = sw_state_get_machine (machine->parent_state))
    {
      if (machine->parent_state == state)
        return TRUE;
    }
  return FALSE;
}

/**
 * sw_machine_get_value:
 *
 * Returns: (transfer none): the machine's object in the document
 */
SwValue *
sw_machine_get_value (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  return self->value;
}

/**
 * sw_machine_get_field:
 * @key: a field name
 *
 * Returns: (transfer none) (nullable): the value of the machine's first member named @key
 */
SwValue *
sw_machine_get_field (SwMachine  *self,
                      const char *key)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return sw_value_object_get (self->value, key);
}

/**
 * sw_machine_get_start_at:
 *
 * Returns: (nullable): the `StartAt` state's name
 */
const char *
sw_machine_get_start_at (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  return self->start_at;
}

/**
 * sw_machine_get_comment:
 *
 * Returns: (nullable): the machine's `Comment`
 */
const char *
sw_machine_get_comment (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  return self->comment;
}

/**
 * sw_machine_get_query_language:
 *
 * The machine's own `QueryLanguage`, or else the one its parent state uses, and so on up to
 * the top-level, where `JSONPath` is the default.
 *
 * Returns: the query language
 */
const char *
sw_machine_get_query_language (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  return self->query_language;
}

/**
 * sw_machine_get_parent_state:
 *
 * Returns: (transfer none) (nullable): the Parallel or Map state holding the machine; %NULL
 *   for the root
 */
SwState *
sw_machine_get_parent_state (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  return self->parent_state;
}

/**
 * sw_machine_get_root:
 *
 * Returns: (transfer none) (nullable): the root machine; %NULL if the machine was removed
 *   from the document
 */
SwMachine *
sw_machine_get_root (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  return self->root;
}

guint
sw_machine_get_n_states (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), 0);

  return self->states->len;
}

/**
 * sw_machine_get_state:
 *
 * Returns: (transfer none) (nullable): the state at @position
 */
SwState *
sw_machine_get_state (SwMachine *self,
                      guint      position)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  if (position >= self->states->len)
    return NULL;
  return g_ptr_array_index (self->states, position);
}

/**
 * sw_machine_get_start_state:
 *
 * Returns: (transfer none) (nullable): the state `StartAt` names, if it is in this machine
 */
SwState *
sw_machine_get_start_state (SwMachine *self)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  if (self->start_at == NULL)
    return NULL;
  for (guint i = 0; i < self->states->len; i++)
    {
      SwState *state = g_ptr_array_index (self->states, i);

      if (strcmp (sw_state_get_name (state), self->start_at) == 0)
        return state;
    }
  return NULL;
}

static SwState *
lookup_in (SwMachine  *machine,
           const char *name)
{
  for (guint i = 0; i < machine->states->len; i++)
    {
      SwState *state = g_ptr_array_index (machine->states, i);

      if (strcmp (sw_state_get_name (state), name) == 0)
        return state;
    }
  for (guint i = 0; i < machine->states->len; i++)
    {
      SwState *parent = g_ptr_array_index (machine->states, i);

      for (guint j = 0; j < _sw_state_get_n_nested (parent); j++)
        {
          SwState *state = lookup_in (_sw_state_get_nested (parent, j), name);

          if (state != NULL)
            return state;
        }
    }
  return NULL;
}

/**
 * sw_machine_lookup_state:
 * @name: a state name
 *
 * Finds a state by name in the machine and the machines nested in it (state names are
 * unique in a whole definition). On the root this is a hash lookup.
 *
 * Returns: (transfer none) (nullable): the state
 */
SwState *
sw_machine_lookup_state (SwMachine  *self,
                         const char *name)
{
  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->root == self)
    return g_hash_table_lookup (self->names, name);
  return lookup_in (self, name);
}

/**
 * sw_machine_dup_pointer:
 *
 * Returns: (transfer full) (nullable): the JSON Pointer of the machine's object in the
 *   document: "" for the root, `/States/Fan out/Branches/0`, `/States/Each/ItemProcessor`;
 *   %NULL once the machine was removed
 */
char *
sw_machine_dup_pointer (SwMachine *self)
{
  g_autofree char *state = NULL;
  SwValue *parent;
  SwValue *branches;

  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);

  if (self->root == self)
    return g_strdup ("");
  if (self->root == NULL || self->parent_state == NULL)
    return NULL;
  if ((state = sw_state_dup_pointer (self->parent_state)) == NULL)
    return NULL;

  parent = sw_state_get_value (self->parent_state);
  branches = sw_value_object_get (parent, "Branches");
  if (sw_value_is_array (branches))
    {
      for (guint i = 0; i < sw_value_array_get_length (branches); i++)
        if (sw_value_array_get (branches, i) == self->value)
          return g_strdup_printf ("%s/Branches/%u", state, i);
    }
  if (sw_value_object_get (parent, "ItemProcessor") == self->value)
    return g_strconcat (state, "/ItemProcessor", NULL);
  return g_strconcat (state, "/Iterator", NULL);
}

static SwMachine *
get_attached_root (SwMachine  *self,
                   GError    **error)
{
  if (self->root == NULL)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("The machine is no longer part of the definition"));
      return NULL;
    }
  if (!_sw_machine_check_editable (self->root, error))
    return NULL;
  return self->root;
}

/**
 * sw_machine_apply_edit:
 * @edit: an edit of this document, as emitted by #SwMachine::changed or made by
 *   sw_edit_invert()
 *
 * Applies @edit again: redo. Every change is checked against the tree first; if the tree is
 * not in the state the edit expects (edits were applied out of order), nothing changes.
 *
 * Returns: %TRUE on success; emits #SwMachine::changed with @edit
 */
gboolean
sw_machine_apply_edit (SwMachine  *self,
                       SwEdit     *edit,
                       GError    **error)
{
  SwMachine *root;

  g_return_val_if_fail (SW_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((root = get_attached_root (self, error)) == NULL)
    return FALSE;
  if (_sw_edit_get_root (edit) != root->value)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("The change belongs to another definition"));
      return FALSE;
    }
  if (!_sw_edit_apply (edit, error))
    return FALSE;
  _sw_machine_commit (root, edit);
  return TRUE;
}

/**
 * sw_machine_undo_edit:
 * @edit: the last edit applied to this document
 *
 * Applies the inverse of @edit; #SwMachine::changed carries that inverse.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_machine_undo_edit (SwMachine  *self,
                      SwEdit     *edit,
                      GError    **error)
{
  g_autoptr(SwEdit) inverse = NULL;

  g_return_val_if_fail (SW_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);

  inverse = sw_edit_invert (edit);
  return sw_machine_apply_edit (self, inverse, error);
}

/**
 * sw_machine_redo_edit:
 * @edit: an edit that sw_machine_undo_edit() undid last
 *
 * Returns: %TRUE on success
 */
gboolean
sw_machine_redo_edit (SwMachine  *self,
                      SwEdit     *edit,
                      GError    **error)
{
  return sw_machine_apply_edit (self, edit, error);
}
