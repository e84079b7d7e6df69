/* sw-state.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-value.h"

G_BEGIN_DECLS

typedef struct _SwMachine SwMachine;

/**
 * SwStateType:
 * @SW_STATE_TYPE_PASS: `"Pass"`
 * @SW_STATE_TYPE_TASK: `"Task"`
 * @SW_STATE_TYPE_CHOICE: `"Choice"`
 * @SW_STATE_TYPE_WAIT: `"Wait"`
 * @SW_STATE_TYPE_SUCCEED: `"Succeed"`
 * @SW_STATE_TYPE_FAIL: `"Fail"`
 * @SW_STATE_TYPE_PARALLEL: `"Parallel"`
 * @SW_STATE_TYPE_MAP: `"Map"`
 * @SW_STATE_TYPE_UNKNOWN: a missing, misspelt or non-string `Type`
 *
 * The type of a state, from its `Type` field.
 */
typedef enum
{
  SW_STATE_TYPE_PASS,
  SW_STATE_TYPE_TASK,
  SW_STATE_TYPE_CHOICE,
  SW_STATE_TYPE_WAIT,
  SW_STATE_TYPE_SUCCEED,
  SW_STATE_TYPE_FAIL,
  SW_STATE_TYPE_PARALLEL,
  SW_STATE_TYPE_MAP,
  SW_STATE_TYPE_UNKNOWN,
} SwStateType;

#define SW_TYPE_STATE_TYPE (sw_state_type_get_type ())
GType        sw_state_type_get_type        (void) G_GNUC_CONST;
SwStateType  sw_state_type_from_string     (const char  *type_name);
const char  *sw_state_type_to_string       (SwStateType  type);

/**
 * SwTransitionKind:
 * @SW_TRANSITION_NEXT: the state's `Next`
 * @SW_TRANSITION_CHOICE: the `Next` of a rule in `Choices`
 * @SW_TRANSITION_DEFAULT: a Choice state's `Default`
 * @SW_TRANSITION_CATCH: the `Next` of a catcher in `Catch`
 *
 * Where a state names the state that may run after it.
 */
typedef enum
{
  SW_TRANSITION_NEXT,
  SW_TRANSITION_CHOICE,
  SW_TRANSITION_DEFAULT,
  SW_TRANSITION_CATCH,
} SwTransitionKind;

#define SW_TYPE_TRANSITION_KIND (sw_transition_kind_get_type ())
GType sw_transition_kind_get_type (void) G_GNUC_CONST;

/**
 * SwTransition:
 * @kind: where the transition is written
 * @index: the rule's index in `Choices` or the catcher's in `Catch`; -1 otherwise
 * @target: the name of the state it leads to
 * @label: (nullable): a short text for the diagram's edge: the rule's `Comment` or
 *   "Rule #N", "Default", the catcher's `ErrorEquals`; %NULL for `Next`
 *
 * One transition of a state, as listed by sw_state_list_transitions().
 */
typedef struct
{
  SwTransitionKind kind;
  int index;
  char *target;
  char *label;
} SwTransition;

#define SW_TYPE_TRANSITION (sw_transition_get_type ())
GType         sw_transition_get_type (void) G_GNUC_CONST;
SwTransition *sw_transition_copy     (const SwTransition *transition);
void          sw_transition_free     (SwTransition       *transition);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTransition, sw_transition_free)

#define SW_TYPE_STATE (sw_state_get_type ())
G_DECLARE_FINAL_TYPE (SwState, sw_state, SW, STATE, GObject)

const char  *sw_state_get_name             (SwState     *self);
SwStateType  sw_state_get_state_type       (SwState     *self);
const char  *sw_state_get_type_name        (SwState     *self);
SwValue     *sw_state_get_value            (SwState     *self);
SwValue     *sw_state_get_field            (SwState     *self,
                                            const char  *key);
const char  *sw_state_get_comment          (SwState     *self);
const char  *sw_state_get_next             (SwState     *self);
gboolean     sw_state_get_end              (SwState     *self);
const char  *sw_state_get_resource         (SwState     *self);
const char  *sw_state_get_default          (SwState     *self);
const char  *sw_state_get_query_language   (SwState     *self);
gboolean     sw_state_is_terminal          (SwState     *self);
GListModel  *sw_state_get_branches         (SwState     *self);
SwMachine   *sw_state_get_processor        (SwState     *self);
SwMachine   *sw_state_get_machine          (SwState     *self);
char        *sw_state_dup_pointer          (SwState     *self);
GPtrArray   *sw_state_list_transitions     (SwState     *self);

/* Editing: each call is one change of the document, see sw-machine.h. */
gboolean     sw_state_rename               (SwState     *self,
                                            const char  *new_name,
                                            GError     **error);
gboolean     sw_state_remove               (SwState     *self,
                                            GError     **error);
gboolean     sw_state_set_field            (SwState     *self,
                                            const char  *key,
                                            SwValue     *value,
                                            GError     **error);
SwState     *sw_state_insert_on_transition (SwState     *self,
                                            SwTransitionKind kind,
                                            int          index,
                                            const char  *name,
                                            SwValue     *value,
                                            GError     **error);

G_END_DECLS
