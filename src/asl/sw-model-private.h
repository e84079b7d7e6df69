/* sw-model-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-edit.h"
#include "sw-machine.h"
#include "sw-state.h"

G_BEGIN_DECLS

/* The views are refreshed from the value tree after every change in two phases: first every
 * machine and state is brought up to date silently (notifications frozen, list changes kept
 * as pending ranges), then the pending items-changed and notifications are emitted, so that a
 * handler always sees a model that matches the whole tree. */
typedef struct
{
  guint serial;        /* tells objects already frozen by this refresh */
  GPtrArray *frozen;   /* GObject, thawed at the end */
  GPtrArray *lists;    /* SwMachine or SwMachineList with a pending items-changed */
} SwSync;

void       _sw_sync_init              (SwSync     *sync);
void       _sw_sync_notify            (SwSync     *sync,
                                       gpointer    object,
                                       guint      *frozen_serial,
                                       GParamSpec *pspec);
void       _sw_sync_queue             (SwSync     *sync,
                                       gpointer    list);
void       _sw_sync_finish            (SwSync     *sync);

gboolean   _sw_list_diff              (GPtrArray  *old_items,
                                       GPtrArray  *new_items,
                                       guint      *position,
                                       guint      *removed,
                                       guint      *added);

/* SwMachine */
SwMachine *_sw_machine_new_nested     (SwValue    *value,
                                       SwState    *parent_state,
                                       SwMachine  *root);
void       _sw_machine_sync           (SwMachine  *self,
                                       SwSync     *sync);
void       _sw_machine_flush          (SwMachine  *self);
void       _sw_machine_detach         (SwMachine  *self);
void       _sw_machine_clear_parent   (SwMachine  *self);
void       _sw_machine_commit         (SwMachine  *root,
                                       SwEdit     *edit);
gboolean   _sw_machine_check_editable (SwMachine  *root,
                                       GError    **error);
gboolean   _sw_machine_is_inside      (SwMachine  *self,
                                       SwState    *state);

/* SwState */
SwState   *_sw_state_new              (SwMachine  *machine,
                                       SwValue    *value);
void       _sw_state_sync             (SwState    *self,
                                       const char *name,
                                       SwSync     *sync);
void       _sw_state_detach           (SwState    *self);
guint      _sw_state_get_n_nested     (SwState    *self);
SwMachine *_sw_state_get_nested       (SwState    *self,
                                       guint       index);

/* The rules the model and the editing code share, on plain values. */
typedef struct
{
  SwTransitionKind kind;
  int index;
  SwValue *holder;       /* the object holding the `Next` or `Default` member */
  const char *key;       /* "Next" or "Default" */
  const char *target;
} SwTransitionRef;

void       _sw_state_value_get_transitions (SwValue   *state,
                                            GArray    *refs);
void       _sw_state_value_get_nested      (SwValue   *state,
                                            GPtrArray *machines);

/* SwMachineList: the GListModel of a Parallel state's branches. */
#define SW_TYPE_MACHINE_LIST (sw_machine_list_get_type ())
G_DECLARE_FINAL_TYPE (SwMachineList, sw_machine_list, SW, MACHINE_LIST, GObject)

SwMachineList *_sw_machine_list_new       (void);
GPtrArray     *_sw_machine_list_get_items (SwMachineList *self);
void           _sw_machine_list_replace   (SwMachineList *self,
                                           GPtrArray     *items,
                                           SwSync        *sync);
void           _sw_machine_list_flush     (SwMachineList *self);

/* SwEdit: recording. Each call changes the tree at once and remembers how to undo it. */
SwEdit    *_sw_edit_new               (SwEditKind  kind,
                                       SwValue    *root);
SwValue   *_sw_edit_get_root          (SwEdit     *self);
gboolean   _sw_edit_is_empty          (SwEdit     *self);
void       _sw_edit_set_names         (SwEdit     *self,
                                       const char *old_name,
                                       const char *name);
void       _sw_edit_set_machines      (SwEdit     *self,
                                       const char *old_pointer,
                                       const char *pointer);
void       _sw_edit_set_positions     (SwEdit     *self,
                                       int         old_position,
                                       int         position);
void       _sw_edit_set_field         (SwEdit     *self,
                                       const char *key,
                                       SwValue    *old_value,
                                       SwValue    *value);
void       _sw_edit_add_rewrite       (SwEdit     *self,
                                       const char *state,
                                       const char *field,
                                       const char *old_target,
                                       const char *new_target);
void       _sw_edit_insert_member     (SwEdit     *self,
                                       SwValue    *object,
                                       guint       index,
                                       const char *key,
                                       SwValue    *value);
void       _sw_edit_remove_member     (SwEdit     *self,
                                       SwValue    *object,
                                       guint       index);
void       _sw_edit_replace_member    (SwEdit     *self,
                                       SwValue    *object,
                                       guint       index,
                                       SwValue    *value);
void       _sw_edit_rename_member     (SwEdit     *self,
                                       SwValue    *object,
                                       guint       index,
                                       const char *key);
void       _sw_edit_insert_item       (SwEdit     *self,
                                       SwValue    *array,
                                       guint       index,
                                       SwValue    *item);
void       _sw_edit_remove_item       (SwEdit     *self,
                                       SwValue    *array,
                                       guint       index);
gboolean   _sw_edit_apply             (SwEdit     *self,
                                       GError    **error);
void       _sw_edit_rollback          (SwEdit     *self);

G_END_DECLS
