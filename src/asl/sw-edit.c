/* sw-edit.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-model-private.h"

/* One change of the value tree. Containers are held by reference: an edit is only ever
 * applied when the tree is as it left it (undo stack order), so the same objects are there. */
typedef enum
{
  OP_INSERT_MEMBER,
  OP_REMOVE_MEMBER,
  OP_REPLACE_MEMBER,
  OP_RENAME_MEMBER,
  OP_INSERT_ITEM,
  OP_REMOVE_ITEM,
} OpKind;

typedef struct
{
  OpKind kind;
  SwValue *container;
  guint index;
  char *key;           /* members: the key; rename: the old key */
  char *new_key;       /* rename: the new key */
  SwValue *value;      /* insert/remove: the value; replace: the old value */
  SwValue *new_value;  /* replace: the new value */
} Op;

struct _SwEdit
{
  gatomicrefcount ref_count;

  SwEditKind kind;
  SwValue *root;

  char *name;
  char *old_name;
  char *machine;
  char *old_machine;
  int position;
  int old_position;
  char *key;
  SwValue *value;
  SwValue *old_value;

  GArray *ops;          /* Op, in the order they were applied */
  GPtrArray *rewrites;  /* SwEditRewrite */
};

G_DEFINE_BOXED_TYPE (SwEdit, sw_edit, sw_edit_ref, sw_edit_unref)

G_DEFINE_ENUM_TYPE (SwEditKind, sw_edit_kind,
  G_DEFINE_ENUM_VALUE (SW_EDIT_ADD_STATE, "add-state"),
  G_DEFINE_ENUM_VALUE (SW_EDIT_REMOVE_STATE, "remove-state"),
  G_DEFINE_ENUM_VALUE (SW_EDIT_RENAME_STATE, "rename-state"),
  G_DEFINE_ENUM_VALUE (SW_EDIT_MOVE_STATE, "move-state"),
  G_DEFINE_ENUM_VALUE (SW_EDIT_SET_STATE_FIELD, "set-state-field"),
  G_DEFINE_ENUM_VALUE (SW_EDIT_SET_MACHINE_FIELD, "set-machine-field"))

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_pointer (&op->container, sw_value_unref);
  g_clear_pointer (&op->key, g_free);
  g_clear_pointer (&op->new_key, g_free);
  g_clear_pointer (&op->value, sw_value_unref);
  g_clear_pointer (&op->new_value, sw_value_unref);
}

static void
rewrite_free (gpointer data)
{
  SwEditRewrite *rewrite = data;

  g_free (rewrite->state);
  g_free (rewrite->field);
  g_free (rewrite->old_target);
  g_free (rewrite->new_target);
  g_free (rewrite);
}

SwEdit *
_sw_edit_new (SwEditKind  kind,
              SwValue    *root)
{
  SwEdit *self = g_new0 (SwEdit, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->root = sw_value_ref (root);
  self->position = -1;
  self->old_position = -1;
  self->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (self->ops, op_clear);
  self->rewrites = g_ptr_array_new_with_free_func (rewrite_free);
  return self;
}

SwEdit *
sw_edit_ref (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sw_edit_unref (SwEdit *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  sw_value_unref (self->root);
  g_free (self->name);
  g_free (self->old_name);
  g_free (self->machine);
  g_free (self->old_machine);
  g_free (self->key);
  g_clear_pointer (&self->value, sw_value_unref);
  g_clear_pointer (&self->old_value, sw_value_unref);
  g_array_unref (self->ops);
  g_ptr_array_unref (self->rewrites);
  g_free (self);
}

SwValue *
_sw_edit_get_root (SwEdit *self)
{
  return self->root;
}

gboolean
_sw_edit_is_empty (SwEdit *self)
{
  return self->ops->len == 0;
}

void
_sw_edit_set_names (SwEdit     *self,
                    const char *old_name,
                    const char *name)
{
  g_free (self->old_name);
  g_free (self->name);
  self->old_name = g_strdup (old_name);
  self->name = g_strdup (name);
}

void
_sw_edit_set_machines (SwEdit     *self,
                       const char *old_pointer,
                       const char *pointer)
{
  g_free (self->old_machine);
  g_free (self->machine);
  self->old_machine = g_strdup (old_pointer);
  self->machine = g_strdup (pointer);
}

void
_sw_edit_set_positions (SwEdit *self,
                        int     old_position,
                        int     position)
{
  self->old_position = old_position;
  self->position = position;
}

void
_sw_edit_set_field (SwEdit     *self,
                    const char *key,
                    SwValue    *old_value,
                    SwValue    *value)
{
  g_free (self->key);
  self->key = g_strdup (key);
  g_clear_pointer (&self->old_value, sw_value_unref);
  g_clear_pointer (&self->value, sw_value_unref);
  self->old_value = old_value ? sw_value_ref (old_value) : NULL;
  self->value = value ? sw_value_ref (value) : NULL;
}

void
_sw_edit_add_rewrite (SwEdit     *self,
                      const char *state,
                      const char *field,
                      const char *old_target,
                      const char *new_target)
{
  SwEditRewrite *rewrite = g_new0 (SwEditRewrite, 1);

  rewrite->state = g_strdup (state);
  rewrite->field = g_strdup (field);
  rewrite->old_target = g_strdup (old_target);
  rewrite->new_target = g_strdup (new_target);
  g_ptr_array_add (self->rewrites, rewrite);
}

/* Replaces the value of the member at @index, keeping the key's recorded position when it
 * is the first member of that name. */
static void
object_replace (SwValue    *object,
                guint       index,
                const char *key,
                SwValue    *value)
{
  guint first;

  if (sw_value_object_find (object, key, &first) && first == index)
    sw_value_object_set (object, key, value);
  else
    {
      sw_value_object_remove_index (object, index);
      sw_value_object_insert (object, index, key, value);
    }
}

static void
object_rename (SwValue    *object,
               guint       index,
               const char *old_key,
               const char *new_key)
{
  guint first;

  if (sw_value_object_find (object, old_key, &first) && first == index)
    sw_value_object_rename (object, old_key, new_key);
  else
    {
      SwValue *value = sw_value_ref (sw_value_object_get_value (object, index));

      sw_value_object_remove_index (object, index);
      sw_value_object_insert (object, index, new_key, value);
    }
}

/* Whether @op can be applied (@forward) or reverted to the tree as it is now. */
static gboolean
op_check (const Op *op,
          gboolean  forward)
{
  SwValue *c = op->container;
  gboolean insert;

  switch (op->kind)
    {
    case OP_INSERT_MEMBER:
    case OP_REMOVE_MEMBER:
      insert = (op->kind == OP_INSERT_MEMBER) == forward;
      if (!sw_value_is_object (c))
        return FALSE;
      if (insert)
        return op->index <= sw_value_object_get_size (c);
      return op->index < sw_value_object_get_size (c) &&
             strcmp (sw_value_object_get_key (c, op->index), op->key) == 0 &&
             sw_value_object_get_value (c, op->index) == op->value;

    case OP_REPLACE_MEMBER:
      return sw_value_is_object (c) && op->index < sw_value_object_get_size (c) &&
             strcmp (sw_value_object_get_key (c, op->index), op->key) == 0 &&
             sw_value_object_get_value (c, op->index) == (forward ? op->value : op->new_value);

    case OP_RENAME_MEMBER:
      return sw_value_is_object (c) && op->index < sw_value_object_get_size (c) &&
             strcmp (sw_value_object_get_key (c, op->index),
                     forward ? op->key : op->new_key) == 0;

    case OP_INSERT_ITEM:
    case OP_REMOVE_ITEM:
    default:
      insert = (op->kind == OP_INSERT_ITEM) == forward;
      if (!sw_value_is_array (c))
        return FALSE;
      if (insert)
        return op->index <= sw_value_array_get_length (c);
      return op->index < sw_value_array_get_length (c) &&
             sw_value_array_get (c, op->index) == op->value;
    }
}

static void
op_run (const Op *op,
        gboolean  forward)
{
  SwValue *c = op->container;

  switch (op->kind)
    {
    case OP_INSERT_MEMBER:
    case OP_REMOVE_MEMBER:
      if ((op->kind == OP_INSERT_MEMBER) == forward)
        sw_value_object_insert (c, op->index, op->key, sw_value_ref (op->value));
      else
        sw_value_object_remove_index (c, op->index);
      break;

    case OP_REPLACE_MEMBER:
      object_replace (c, op->index, op->key,
                      sw_value_ref (forward ? op->new_value : op->value));
      break;

    case OP_RENAME_MEMBER:
      if (forward)
        object_rename (c, op->index, op->key, op->new_key);
      else
        object_rename (c, op->index, op->new_key, op->key);
      break;

    case OP_INSERT_ITEM:
    case OP_REMOVE_ITEM:
    default:
      if ((op->kind == OP_INSERT_ITEM) == forward)
        sw_value_array_insert (c, op->index, sw_value_ref (op->value));
      else
        sw_value_array_remove (c, op->index);
      break;
    }
}

static void
record (SwEdit  *self,
        Op      *op)
{
  g_assert (op_check (op, TRUE));
  op_run (op, TRUE);
  g_array_append_vals (self->ops, op, 1);
}

/* @value: (transfer full) */
void
_sw_edit_insert_member (SwEdit     *self,
                        SwValue    *object,
                        guint       index,
                        const char *key,
                        SwValue    *value)
{
  Op op = { OP_INSERT_MEMBER, sw_value_ref (object), index, g_strdup (key), NULL, value, NULL };

  record (self, &op);
}

void
_sw_edit_remove_member (SwEdit  *self,
                        SwValue *object,
                        guint    index)
{
  Op op = { OP_REMOVE_MEMBER, sw_value_ref (object), index,
            g_strdup (sw_value_object_get_key (object, index)), NULL,
            sw_value_ref (sw_value_object_get_value (object, index)), NULL };

  record (self, &op);
}

/* @value: (transfer full) */
void
_sw_edit_replace_member (SwEdit  *self,
                         SwValue *object,
                         guint    index,
                         SwValue *value)
{
  Op op = { OP_REPLACE_MEMBER, sw_value_ref (object), index,
            g_strdup (sw_value_object_get_key (object, index)), NULL,
            sw_value_ref (sw_value_object_get_value (object, index)), value };

  record (self, &op);
}

void
_sw_edit_rename_member (SwEdit     *self,
                        SwValue    *object,
                        guint       index,
                        const char *key)
{
  Op op = { OP_RENAME_MEMBER, sw_value_ref (object), index,
            g_strdup (sw_value_object_get_key (object, index)), g_strdup (key), NULL, NULL };

  record (self, &op);
}

/* @item: (transfer full) */
void
_sw_edit_insert_item (SwEdit  *self,
                      SwValue *array,
                      guint    index,
                      SwValue *item)
{
  Op op = { OP_INSERT_ITEM, sw_value_ref (array), index, NULL, NULL, item, NULL };

  record (self, &op);
}

void
_sw_edit_remove_item (SwEdit  *self,
                      SwValue *array,
                      guint    index)
{
  Op op = { OP_REMOVE_ITEM, sw_value_ref (array), index, NULL, NULL,
            sw_value_ref (sw_value_array_get (array, index)), NULL };

  record (self, &op);
}

/* Reverts every recorded change, last first: the tree is as before the edit. */
void
_sw_edit_rollback (SwEdit *self)
{
  for (guint i = self->ops->len; i > 0; i--)
    {
      const Op *op = &g_array_index (self->ops, Op, i - 1);

      g_assert (op_check (op, FALSE));
      op_run (op, FALSE);
    }
}

/* Applies the changes again, checking each against the tree first; on a mismatch the
 * changes made so far are reverted and nothing changed. */
gboolean
_sw_edit_apply (SwEdit  *self,
                GError **error)
{
  for (guint i = 0; i < self->ops->len; i++)
    {
      const Op *op = &g_array_index (self->ops, Op, i);

      if (!op_check (op, TRUE))
        {
          for (guint j = i; j > 0; j--)
            op_run (&g_array_index (self->ops, Op, j - 1), FALSE);
          g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                               _("The definition changed since; this change cannot be "
                                 "applied"));
          return FALSE;
        }
      op_run (op, TRUE);
    }
  return TRUE;
}

/**
 * sw_edit_invert:
 *
 * Makes the edit that undoes @self: its changes reverted in reverse order, with the old and
 * new names, positions, machines, values and targets swapped, an addition turned into a
 * removal and back.
 *
 * Returns: (transfer full): the inverse edit
 */
SwEdit *
sw_edit_invert (SwEdit *self)
{
  SwEdit *inverse;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case SW_EDIT_ADD_STATE:
      inverse = _sw_edit_new (SW_EDIT_REMOVE_STATE, self->root);
      break;
    case SW_EDIT_REMOVE_STATE:
      inverse = _sw_edit_new (SW_EDIT_ADD_STATE, self->root);
      break;
    case SW_EDIT_RENAME_STATE:
    case SW_EDIT_MOVE_STATE:
    case SW_EDIT_SET_STATE_FIELD:
    case SW_EDIT_SET_MACHINE_FIELD:
    default:
      inverse = _sw_edit_new (self->kind, self->root);
      break;
    }

  _sw_edit_set_names (inverse, self->name, self->old_name);
  _sw_edit_set_machines (inverse, self->machine, self->old_machine);
  _sw_edit_set_positions (inverse, self->position, self->old_position);
  _sw_edit_set_field (inverse, self->key, self->value, self->old_value);

  for (guint i = self->ops->len; i > 0; i--)
    {
      const Op *op = &g_array_index (self->ops, Op, i - 1);
      Op inv = { op->kind, sw_value_ref (op->container), op->index, g_strdup (op->key),
                 g_strdup (op->new_key), op->value ? sw_value_ref (op->value) : NULL,
                 op->new_value ? sw_value_ref (op->new_value) : NULL };

      switch (op->kind)
        {
        case OP_INSERT_MEMBER:
          inv.kind = OP_REMOVE_MEMBER;
          break;
        case OP_REMOVE_MEMBER:
          inv.kind = OP_INSERT_MEMBER;
          break;
        case OP_REPLACE_MEMBER:
          {
            SwValue *tmp = inv.value;
            inv.value = inv.new_value;
            inv.new_value = tmp;
          }
          break;
        case OP_RENAME_MEMBER:
          {
            char *tmp = inv.key;
            inv.key = inv.new_key;
            inv.new_key = tmp;
          }
          break;
        case OP_INSERT_ITEM:
          inv.kind = OP_REMOVE_ITEM;
          break;
        case OP_REMOVE_ITEM:
        default:
          inv.kind = OP_INSERT_ITEM;
          break;
        }
      g_array_append_vals (inverse->ops, &inv, 1);
    }

  for (guint i = 0; i < self->rewrites->len; i++)
    {
      const SwEditRewrite *r = g_ptr_array_index (self->rewrites, i);
      const char *state = r->state;

      /* The state holding the transition is named as after the inverse edit. */
      if (self->kind == SW_EDIT_RENAME_STATE && g_strcmp0 (state, self->name) == 0)
        state = self->old_name;
      _sw_edit_add_rewrite (inverse, state, r->field, r->new_target, r->old_target);
    }

  return inverse;
}

SwEditKind
sw_edit_get_kind (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, SW_EDIT_SET_MACHINE_FIELD);

  return self->kind;
}

/**
 * sw_edit_get_name:
 *
 * Returns: (nullable): the state's name after the edit; %NULL when the edit removed it or
 *   was about a machine
 */
const char *
sw_edit_get_name (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * sw_edit_get_old_name:
 *
 * Returns: (nullable): the state's name before the edit; %NULL when the edit added it or was
 *   about a machine
 */
const char *
sw_edit_get_old_name (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->old_name;
}

/**
 * sw_edit_get_machine_pointer:
 *
 * Returns: (nullable): the JSON Pointer of the machine holding the state after the edit
 *   (`""` for the top level), or of the machine whose field was set
 */
const char *
sw_edit_get_machine_pointer (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->machine;
}

/**
 * sw_edit_get_old_machine_pointer:
 *
 * Returns: (nullable): the JSON Pointer of the machine holding the state before the edit
 */
const char *
sw_edit_get_old_machine_pointer (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->old_machine;
}

/**
 * sw_edit_get_position:
 *
 * Returns: the state's position in its machine's list after the edit, -1 if none
 */
int
sw_edit_get_position (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->position;
}

/**
 * sw_edit_get_old_position:
 *
 * Returns: the state's position in its machine's list before the edit, -1 if none
 */
int
sw_edit_get_old_position (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->old_position;
}

/**
 * sw_edit_get_key:
 *
 * Returns: (nullable): the field a set-field edit changed
 */
const char *
sw_edit_get_key (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

/**
 * sw_edit_get_value:
 *
 * Returns: (transfer none) (nullable): the field's value after a set-field edit (%NULL if
 *   it was cleared); the state's object after an add
 */
SwValue *
sw_edit_get_value (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->value;
}

/**
 * sw_edit_get_old_value:
 *
 * Returns: (transfer none) (nullable): the field's value before a set-field edit (%NULL if
 *   it was missing); the removed state's object after a remove
 */
SwValue *
sw_edit_get_old_value (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->old_value;
}

guint
sw_edit_get_n_rewrites (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rewrites->len;
}

/**
 * sw_edit_get_rewrite:
 *
 * Returns: (transfer none): the @index-th transition the edit rewrote
 */
const SwEditRewrite *
sw_edit_get_rewrite (SwEdit *self,
                     guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rewrites->len, NULL);

  return g_ptr_array_index (self->rewrites, index);
}

/**
 * sw_edit_get_n_changes:
 *
 * Returns: how many elementary changes of the value tree the edit made
 */
guint
sw_edit_get_n_changes (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ops->len;
}

/**
 * sw_edit_dup_label:
 *
 * Returns: (transfer full): a short description for an Undo or Redo menu item
 */
char *
sw_edit_dup_label (SwEdit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case SW_EDIT_ADD_STATE:
      return g_strdup_printf (_("Add “%s”"), self->name);
    case SW_EDIT_REMOVE_STATE:
      return g_strdup_printf (_("Remove “%s”"), self->old_name);
    case SW_EDIT_RENAME_STATE:
      return g_strdup_printf (_("Rename “%s” to “%s”"), self->old_name, self->name);
    case SW_EDIT_MOVE_STATE:
      return g_strdup_printf (_("Move “%s”"), self->name);
    case SW_EDIT_SET_STATE_FIELD:
      /* Translators: the first is a field such as Next, the second a state name */
      return g_strdup_printf (_("Change %s of “%s”"), self->key, self->name);
    case SW_EDIT_SET_MACHINE_FIELD:
    default:
      return g_strdup_printf (_("Change %s"), self->key);
    }
}
