/* sw-edit.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SwEditKind:
 * @SW_EDIT_ADD_STATE: a state was added (and perhaps spliced into a transition)
 * @SW_EDIT_REMOVE_STATE: a state was removed and the transitions to it rewired
 * @SW_EDIT_RENAME_STATE: a state was renamed and every transition to it rewritten
 * @SW_EDIT_MOVE_STATE: a state was moved, within its machine or to another one
 * @SW_EDIT_SET_STATE_FIELD: a field of a state was set or cleared
 * @SW_EDIT_SET_MACHINE_FIELD: a field of a machine (`StartAt`, `Comment`, …) was set or cleared
 *
 * What one edit of the document did.
 */
typedef enum
{
  SW_EDIT_ADD_STATE,
  SW_EDIT_REMOVE_STATE,
  SW_EDIT_RENAME_STATE,
  SW_EDIT_MOVE_STATE,
  SW_EDIT_SET_STATE_FIELD,
  SW_EDIT_SET_MACHINE_FIELD,
} SwEditKind;

#define SW_TYPE_EDIT_KIND (sw_edit_kind_get_type ())
GType sw_edit_kind_get_type (void) G_GNUC_CONST;

/**
 * SwEditRewrite:
 * @state: (nullable): the state holding the transition, as named after the edit; %NULL for
 *   the machine's `StartAt`
 * @field: where the transition is, as a JSON Pointer relative to the state or machine:
 *   `/Next`, `/Default`, `/Choices/1/Next`, `/Catch/0/Next`, `/StartAt`
 * @old_target: (nullable): the state it named before; %NULL if the transition was created
 * @new_target: (nullable): the state it names after; %NULL if the transition was removed
 *   (a `Next` that became `"End": true`, a rule, catcher, `Default` or `StartAt` dropped)
 *
 * A transition an edit rewrote besides the state it was about.
 */
typedef struct
{
  char *state;
  char *field;
  char *old_target;
  char *new_target;
} SwEditRewrite;

/**
 * SwEdit:
 *
 * One change of a document, as carried by #SwMachine::changed: what changed, and every
 * change of the value tree it made, so that sw_edit_invert() gives the edit that undoes it
 * exactly. Edits are immutable and reference counted.
 */
typedef struct _SwEdit SwEdit;

#define SW_TYPE_EDIT (sw_edit_get_type ())
GType                sw_edit_get_type              (void) G_GNUC_CONST;

SwEdit              *sw_edit_ref                   (SwEdit     *self);
void                 sw_edit_unref                 (SwEdit     *self);

SwEditKind           sw_edit_get_kind              (SwEdit     *self);
const char          *sw_edit_get_name              (SwEdit     *self);
const char          *sw_edit_get_old_name          (SwEdit     *self);
const char          *sw_edit_get_machine_pointer   (SwEdit     *self);
const char          *sw_edit_get_old_machine_pointer (SwEdit   *self);
int                  sw_edit_get_position          (SwEdit     *self);
int                  sw_edit_get_old_position      (SwEdit     *self);
const char          *sw_edit_get_key               (SwEdit     *self);
SwValue             *sw_edit_get_value             (SwEdit     *self);
SwValue             *sw_edit_get_old_value         (SwEdit     *self);
guint                sw_edit_get_n_rewrites        (SwEdit     *self);
const SwEditRewrite *sw_edit_get_rewrite           (SwEdit     *self,
                                                    guint       index);
guint                sw_edit_get_n_changes         (SwEdit     *self);
char                *sw_edit_dup_label             (SwEdit     *self);
SwEdit              *sw_edit_invert                (SwEdit     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwEdit, sw_edit_unref)

G_END_DECLS
