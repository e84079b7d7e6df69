/* sw-machine.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-edit.h"
#include "sw-state.h"
#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SW_STATE_NAME_MAX_LENGTH:
 *
 * The longest state name, in characters, that the service accepts.
 */
#define SW_STATE_NAME_MAX_LENGTH 80

#define SW_TYPE_MACHINE (sw_machine_get_type ())
G_DECLARE_FINAL_TYPE (SwMachine, sw_machine, SW, MACHINE, GObject)

SwMachine   *sw_machine_new                (SwValue     *definition);

SwValue     *sw_machine_get_value          (SwMachine   *self);
SwValue     *sw_machine_get_field          (SwMachine   *self,
                                            const char  *key);
const char  *sw_machine_get_start_at       (SwMachine   *self);
const char  *sw_machine_get_comment        (SwMachine   *self);
const char  *sw_machine_get_query_language (SwMachine   *self);
SwState     *sw_machine_get_parent_state   (SwMachine   *self);
SwMachine   *sw_machine_get_root           (SwMachine   *self);
guint        sw_machine_get_n_states       (SwMachine   *self);
SwState     *sw_machine_get_state          (SwMachine   *self,
                                            guint        position);
SwState     *sw_machine_get_start_state    (SwMachine   *self);
SwState     *sw_machine_lookup_state       (SwMachine   *self,
                                            const char  *name);
char        *sw_machine_dup_pointer        (SwMachine   *self);

/* Editing: each call is one change of the document; the root emits one #SwMachine::changed. */
SwState     *sw_machine_add_state          (SwMachine   *self,
                                            const char  *name,
                                            SwValue     *value,
                                            int          position,
                                            const char  *after,
                                            GError     **error);
SwState     *sw_machine_move_state         (SwMachine   *self,
                                            SwState     *state,
                                            int          position,
                                            const char  *after,
                                            GError     **error);
gboolean     sw_machine_set_field          (SwMachine   *self,
                                            const char  *key,
                                            SwValue     *value,
                                            GError     **error);

gboolean     sw_machine_apply_edit         (SwMachine   *self,
                                            SwEdit      *edit,
                                            GError     **error);
gboolean     sw_machine_undo_edit          (SwMachine   *self,
                                            SwEdit      *edit,
                                            GError     **error);
gboolean     sw_machine_redo_edit          (SwMachine   *self,
                                            SwEdit      *edit,
                                            GError     **error);

G_END_DECLS
