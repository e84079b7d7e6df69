/* sw-machine-list.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-model-private.h"

/* A list of machines whose content changes first and whose items-changed comes later, when
 * the whole model is up to date (see SwSync). GListStore would emit at once. */
struct _SwMachineList
{
  GObject parent_instance;

  GPtrArray *items;
  guint pending : 1;
  guint pending_position;
  guint pending_removed;
  guint pending_added;
};

static GType
sw_machine_list_get_item_type (GListModel *model)
{
  return SW_TYPE_MACHINE;
}

static guint
sw_machine_list_get_n_items (GListModel *model)
{
  return SW_MACHINE_LIST (model)->items->len;
}

static gpointer
sw_machine_list_get_item (GListModel *model,
                          guint       position)
{
  SwMachineList *self = SW_MACHINE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sw_machine_list_get_item_type;
  iface->get_n_items = sw_machine_list_get_n_items;
  iface->get_item = sw_machine_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SwMachineList, sw_machine_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
sw_machine_list_finalize (GObject *object)
{
  SwMachineList *self = SW_MACHINE_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_machine_list_parent_class)->finalize (object);
}

static void
sw_machine_list_class_init (SwMachineListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_machine_list_finalize;
}

static void
sw_machine_list_init (SwMachineList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

SwMachineList *
_sw_machine_list_new (void)
{
  return g_object_new (SW_TYPE_MACHINE_LIST, NULL);
}

GPtrArray *
_sw_machine_list_get_items (SwMachineList *self)
{
  return self->items;
}

/* Takes @items; a change is emitted by _sw_machine_list_flush(). */
void
_sw_machine_list_replace (SwMachineList *self,
                          GPtrArray     *items,
                          SwSync        *sync)
{
  guint position, removed, added;

  g_assert (!self->pending);

  if (_sw_list_diff (self->items, items, &position, &removed, &added))
    {
      self->pending = TRUE;
      self->pending_position = position;
      self->pending_removed = removed;
      self->pending_added = added;
      _sw_sync_queue (sync, self);
    }
  g_ptr_array_unref (self->items);
  self->items = items;
}

void
_sw_machine_list_flush (SwMachineList *self)
{
  if (!self->pending)
    return;
  self->pending = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), self->pending_position,
                              self->pending_removed, self->pending_added);
}
