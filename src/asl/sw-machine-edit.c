/* sw-machine-edit.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The editing commands of the model. Each one checks everything first, then changes the
 * value tree through the recording functions of SwEdit (so that the edit can be undone
 * exactly), then refreshes the views and emits one SwMachine::changed. No command leaves a
 * transition naming a state that does not exist. */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-model-private.h"

/* Where new members go, following the order Workflow Studio exports: what the state is,
 * what it runs, its type's own fields, data flow, error handling, and where it goes next.
 * Fields that are not listed go where "*" is. Existing members never move. */
static const char * const state_order[] = {
  "Type", "Comment", "QueryLanguage",
  "Resource", "Credentials", "Parameters", "Arguments",
  "Choices",
  "Seconds", "SecondsPath", "Timestamp", "TimestampPath",
  "Error", "ErrorPath", "Cause", "CausePath",
  "Items", "ItemsPath", "ItemReader", "ItemSelector", "ItemBatcher",
  "MaxConcurrency", "MaxConcurrencyPath",
  "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
  "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
  "ItemProcessor", "Iterator", "ResultWriter", "Branches",
  "InputPath", "Result", "ResultSelector", "ResultPath", "OutputPath", "Output", "Assign",
  "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
  "*",
  "Retry", "Catch",
  "Default", "Next", "End",
  NULL
};

static const char * const machine_order[] = {
  "ProcessorConfig", "Comment", "QueryLanguage", "StartAt", "States",
  "TimeoutSeconds", "Version",
  "*",
  NULL
};

static int
rank_of (const char         *key,
         const char * const *order)
{
  int wildcard = 0;

  for (int i = 0; order[i] != NULL; i++)
    {
      if (strcmp (order[i], key) == 0)
        return i;
      if (strcmp (order[i], "*") == 0)
        wildcard = i;
    }
  return wildcard;
}

/* After the last member that comes before @key in @order. */
static guint
canonical_index (SwValue            *object,
                 const char         *key,
                 const char * const *order)
{
  int rank = rank_of (key, order);
  guint index = 0;

  for (guint i = 0; i < sw_value_object_get_size (object); i++)
    if (rank_of (sw_value_object_get_key (object, i), order) <= rank)
      index = i + 1;
  return index;
}

static const char *
member_string (SwValue    *object,
               const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  return sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static SwValue *
machine_states (SwValue *machine)
{
  SwValue *states = sw_value_object_get (machine, "States");

  return sw_value_is_object (states) ? states : NULL;
}

/* The state object named @name among @states, skipping members that are not objects. */
static SwValue *
state_named (SwValue    *states,
             const char *name)
{
  SwValue *value;

  if (states == NULL)
    return NULL;
  value = sw_value_object_get (states, name);
  if (sw_value_is_object (value))
    return value;
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    if (strcmp (sw_value_object_get_key (states, i), name) == 0 &&
        sw_value_is_object (sw_value_object_get_value (states, i)))
      return sw_value_object_get_value (states, i);
  return NULL;
}

static gboolean
find_member (SwValue    *object,
             const char *key,
             SwValue    *value,
             guint      *index)
{
  if (sw_value_object_find (object, key, index) &&
      sw_value_object_get_value (object, *index) == value)
    return TRUE;
  for (guint i = 0; i < sw_value_object_get_size (object); i++)
    {
      if (sw_value_object_get_value (object, i) == value)
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

static guint
count_states (SwValue *states)
{
  guint n = 0;

  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    if (sw_value_is_object (sw_value_object_get_value (states, i)))
      n++;
  return n;
}

/* The list position of the member at @index (states that are not objects do not count). */
static int
position_of_member (SwValue *states,
                    guint    index)
{
  int position = 0;

  for (guint i = 0; i < index; i++)
    if (sw_value_is_object (sw_value_object_get_value (states, i)))
      position++;
  return position;
}

/* The member index where a state lands at list @position; -1 or past the end appends. */
static guint
member_for_position (SwValue *states,
                     int      position)
{
  int n = 0;

  if (position < 0)
    return sw_value_object_get_size (states);
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      if (!sw_value_is_object (sw_value_object_get_value (states, i)))
        continue;
      if (n == position)
        return i;
      n++;
    }
  return sw_value_object_get_size (states);
}

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SW_ASL_ERROR, SW_ASL_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static SwMachine *
attached_root (SwMachine  *machine,
               GError    **error)
{
  SwMachine *root = machine ? sw_machine_get_root (machine) : NULL;

  if (root == NULL)
    fail (error, "%s", _("The state or machine is no longer part of the definition"));
  else if (!_sw_machine_check_editable (root, error))
    return NULL;
  return root;
}

/* Whether @state is in @machine or in a machine nested in it. */
static gboolean
machine_contains (SwMachine *machine,
                  SwState   *state)
{
  for (SwMachine *m = sw_state_get_machine (state); m != NULL;)
    {
      SwState *parent;

      if (m == machine)
        return TRUE;
      parent = sw_machine_get_parent_state (m);
      m = parent ? sw_state_get_machine (parent) : NULL;
    }
  return FALSE;
}

static void collect_machine_names (SwValue   *machine,
                                   GPtrArray *names);

/* The names of @state's nested machines' states, at any depth. */
static void
collect_nested_names (SwValue   *state,
                      GPtrArray *names)
{
  g_autoptr(GPtrArray) nested = g_ptr_array_new ();

  _sw_state_value_get_nested (state, nested);
  for (guint i = 0; i < nested->len; i++)
    collect_machine_names (g_ptr_array_index (nested, i), names);
}

static void
collect_states_names (SwValue   *states,
                      GPtrArray *names)
{
  if (!sw_value_is_object (states))
    return;
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      SwValue *state = sw_value_object_get_value (states, i);

      if (!sw_value_is_object (state))
        continue;
      g_ptr_array_add (names, (gpointer) sw_value_object_get_key (states, i));
      collect_nested_names (state, names);
    }
}

static void
collect_machine_names (SwValue   *machine,
                       GPtrArray *names)
{
  collect_states_names (machine_states (machine), names);
}

static gboolean
check_name (SwMachine   *root,
            const char  *name,
            SwState     *self,
            GError     **error)
{
  SwState *found;

  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    return fail (error, "%s", _("A state name cannot be empty"));
  if (g_utf8_strlen (name, -1) > SW_STATE_NAME_MAX_LENGTH)
    return fail (error, _("State names are at most %d characters long"),
                 SW_STATE_NAME_MAX_LENGTH);
  found = sw_machine_lookup_state (root, name);
  if (found != NULL && found != self)
    return fail (error, _("There is already a state named “%s”"), name);
  return TRUE;
}

/* The names a change brings in must be free in the whole definition, except for the states
 * it replaces: those in @replaced_state's nested machines or in @replaced_machine. */
static gboolean
check_new_names (SwMachine   *root,
                 GPtrArray   *names,
                 const char  *own_name,
                 SwState     *replaced_state,
                 SwMachine   *replaced_machine,
                 GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (own_name != NULL)
    g_hash_table_add (seen, (gpointer) own_name);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      SwState *found;

      if (!g_hash_table_add (seen, (gpointer) name))
        return fail (error, _("There is already a state named “%s”"), name);
      found = sw_machine_lookup_state (root, name);
      if (found == NULL)
        continue;
      if (replaced_state != NULL && sw_state_get_machine (found) != NULL &&
          _sw_machine_is_inside (sw_state_get_machine (found), replaced_state))
        continue;
      if (replaced_machine != NULL && machine_contains (replaced_machine, found))
        continue;
      return fail (error, _("There is already a state named “%s”"), name);
    }
  return TRUE;
}

static gboolean
check_target (SwValue     *states,
              const char  *target,
              const char  *own_name,
              GError     **error)
{
  if (own_name != NULL && strcmp (target, own_name) == 0)
    return TRUE;
  if (state_named (states, target) == NULL)
    return fail (error, _("There is no state named “%s” in this machine"), target);
  return TRUE;
}

/* Every transition @state names must lead to a state of @states (or to itself). */
static gboolean
check_targets (SwValue     *states,
               SwValue     *state,
               const char  *own_name,
               GError     **error)
{
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (SwTransitionRef));

  _sw_state_value_get_transitions (state, refs);
  for (guint i = 0; i < refs->len; i++)
    if (!check_target (states, g_array_index (refs, SwTransitionRef, i).target, own_name, error))
      return FALSE;
  return TRUE;
}

static char *
ref_field (const SwTransitionRef *ref)
{
  switch (ref->kind)
    {
    case SW_TRANSITION_CHOICE:
      return g_strdup_printf ("/Choices/%d/Next", ref->index);
    case SW_TRANSITION_CATCH:
      return g_strdup_printf ("/Catch/%d/Next", ref->index);
    case SW_TRANSITION_DEFAULT:
      return g_strdup ("/Default");
    case SW_TRANSITION_NEXT:
    default:
      return g_strdup ("/Next");
    }
}

/* Sets @key of @object to a string, in place if it exists, else where @order puts it. */
static void
set_string (SwEdit             *edit,
            SwValue            *object,
            const char         *key,
            const char         *text,
            const char * const *order)
{
  guint index;

  if (sw_value_object_find (object, key, &index))
    _sw_edit_replace_member (edit, object, index, sw_value_new_string (text));
  else
    _sw_edit_insert_member (edit, object, canonical_index (object, key, order), key,
                            sw_value_new_string (text));
}

/* `Next` takes the place of `End` when there is one. */
static void
set_next (SwEdit     *edit,
          SwValue    *state,
          const char *target)
{
  guint index;

  if (!sw_value_object_has (state, "Next") && sw_value_object_find (state, "End", &index))
    {
      _sw_edit_remove_member (edit, state, index);
      _sw_edit_insert_member (edit, state, index, "Next", sw_value_new_string (target));
      return;
    }
  set_string (edit, state, "Next", target, state_order);
}

/* Drops a transition whose target goes away: `Next` becomes `"End": true`, `Default`, a rule
 * or a catcher is removed. Returns whether a catcher was removed. */
static gboolean
drop_ref (SwEdit                *edit,
          const char            *state_name,
          SwValue               *state,
          const SwTransitionRef *ref)
{
  g_autofree char *field = ref_field (ref);
  guint index;

  _sw_edit_add_rewrite (edit, state_name, field, ref->target, NULL);
  switch (ref->kind)
    {
    case SW_TRANSITION_NEXT:
      sw_value_object_find (state, "Next", &index);
      _sw_edit_remove_member (edit, state, index);
      if (!sw_value_object_has (state, "End"))
        _sw_edit_insert_member (edit, state, index, "End", sw_value_new_boolean (TRUE));
      return FALSE;
    case SW_TRANSITION_DEFAULT:
      sw_value_object_find (state, "Default", &index);
      _sw_edit_remove_member (edit, state, index);
      return FALSE;
    case SW_TRANSITION_CHOICE:
      _sw_edit_remove_item (edit, sw_value_object_get (state, "Choices"), ref->index);
      return FALSE;
    case SW_TRANSITION_CATCH:
    default:
      _sw_edit_remove_item (edit, sw_value_object_get (state, "Catch"), ref->index);
      return TRUE;
    }
}

/* A `Catch` emptied by dropping its catchers goes away too. */
static void
drop_empty_catch (SwEdit  *edit,
                  SwValue *state)
{
  SwValue *catch = sw_value_object_get (state, "Catch");
  guint index;

  if (sw_value_is_array (catch) && sw_value_array_get_length (catch) == 0 &&
      sw_value_object_find (state, "Catch", &index))
    _sw_edit_remove_member (edit, state, index);
}

/* Points every transition of @state naming @target to @successor, or drops them. @refs is
 * scratch space, reused across the states of a machine. */
static void
rewire_state (SwEdit     *edit,
              GArray     *refs,
              const char *state_name,
              SwValue    *state,
              const char *target,
              const char *successor)
{
  gboolean dropped_catcher = FALSE;

  g_array_set_size (refs, 0);
  _sw_state_value_get_transitions (state, refs);
  /* Last first, so that removing a rule or catcher leaves the indices still to visit. */
  for (guint i = refs->len; i > 0; i--)
    {
      const SwTransitionRef *ref = &g_array_index (refs, SwTransitionRef, i - 1);

      if (strcmp (ref->target, target) != 0)
        continue;
      if (successor != NULL)
        {
          g_autofree char *field = ref_field (ref);
          guint index;

          _sw_edit_add_rewrite (edit, state_name, field, target, successor);
          sw_value_object_find (ref->holder, ref->key, &index);
          _sw_edit_replace_member (edit, ref->holder, index, sw_value_new_string (successor));
        }
      else
        dropped_catcher |= drop_ref (edit, state_name, state, ref);
    }
  if (dropped_catcher)
    drop_empty_catch (edit, state);
}

/* The remove rules: takes the state at @index out of @machine's @states and rewires the
 * transitions that named it to its `Next`, or drops them when it had none. `StartAt` moves
 * to the successor or the first remaining state. */
static void
detach_state (SwEdit  *edit,
              SwValue *machine,
              SwValue *states,
              guint    index)
{
  g_autofree char *name = g_strdup (sw_value_object_get_key (states, index));
  SwValue *value = sw_value_object_get_value (states, index);
  g_autofree char *successor = g_strdup (member_string (value, "Next"));
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (SwTransitionRef));
  const char *start_at;

  if (successor != NULL && (strcmp (successor, name) == 0 || !state_named (states, successor)))
    g_clear_pointer (&successor, g_free);

  _sw_edit_remove_member (edit, states, index);

  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      SwValue *state = sw_value_object_get_value (states, i);

      if (sw_value_is_object (state))
        rewire_state (edit, refs, sw_value_object_get_key (states, i), state, name, successor);
    }

  start_at = member_string (machine, "StartAt");
  if (start_at != NULL && strcmp (start_at, name) == 0)
    {
      const char *replacement = successor;
      guint start_index;

      for (guint i = 0; replacement == NULL && i < sw_value_object_get_size (states); i++)
        if (sw_value_is_object (sw_value_object_get_value (states, i)))
          replacement = sw_value_object_get_key (states, i);

      _sw_edit_add_rewrite (edit, NULL, "/StartAt", name, replacement);
      sw_value_object_find (machine, "StartAt", &start_index);
      if (replacement != NULL)
        _sw_edit_replace_member (edit, machine, start_index, sw_value_new_string (replacement));
      else
        _sw_edit_remove_member (edit, machine, start_index);
    }
}

/* The transition "insert after X" splits: X's Next (or its End), a Choice's Default. */
static gboolean
primary_transition (SwValue          *state,
                    SwTransitionKind *kind)
{
  SwStateType type = sw_state_type_from_string (member_string (state, "Type"));

  if (member_string (state, "Next") != NULL)
    {
      *kind = SW_TRANSITION_NEXT;
      return TRUE;
    }
  if (type == SW_STATE_TYPE_CHOICE)
    {
      *kind = SW_TRANSITION_DEFAULT;
      return member_string (state, "Default") != NULL;
    }
  if (type == SW_STATE_TYPE_SUCCEED || type == SW_STATE_TYPE_FAIL)
    return FALSE;
  *kind = SW_TRANSITION_NEXT;
  return TRUE;
}

/* The object holding the transition of @source of @kind and @index, or NULL. */
static SwValue *
transition_holder (SwValue          *source,
                   SwTransitionKind  kind,
                   int               index)
{
  SwValue *array;

  switch (kind)
    {
    case SW_TRANSITION_NEXT:
    case SW_TRANSITION_DEFAULT:
      return source;
    case SW_TRANSITION_CHOICE:
    case SW_TRANSITION_CATCH:
    default:
      array = sw_value_object_get (source, kind == SW_TRANSITION_CHOICE ? "Choices" : "Catch");
      if (!sw_value_is_array (array) || index < 0 ||
          (guint) index >= sw_value_array_get_length (array))
        return NULL;
      return sw_value_array_get (array, index);
    }
}

/* X→Y becomes X→new→Y: the transition of @source now names @name, and the new state goes
 * on to Y (a Choice through its Default). When X ended the machine, the new state does. */
static void
splice (SwEdit           *edit,
        const char       *source_name,
        SwValue          *source,
        SwTransitionKind  kind,
        int               index,
        const char       *name,
        SwValue          *value)
{
  SwValue *holder = transition_holder (source, kind, index);
  const char *key = kind == SW_TRANSITION_DEFAULT ? "Default" : "Next";
  g_autofree char *target = g_strdup (member_string (holder, key));
  SwTransitionRef ref = { kind, index, holder, key, target };
  g_autofree char *field = ref_field (&ref);
  SwStateType type = sw_state_type_from_string (member_string (value, "Type"));

  _sw_edit_add_rewrite (edit, source_name, field, target, name);
  if (kind == SW_TRANSITION_NEXT)
    set_next (edit, source, name);
  else
    set_string (edit, holder, key, name, state_order);

  if (target != NULL)
    {
      if (type == SW_STATE_TYPE_CHOICE)
        {
          if (!sw_value_object_has (value, "Default"))
            set_string (edit, value, "Default", target, state_order);
        }
      else if (type != SW_STATE_TYPE_SUCCEED && type != SW_STATE_TYPE_FAIL)
        set_next (edit, value, target);
    }
  else if (type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_SUCCEED &&
           type != SW_STATE_TYPE_FAIL &&
           !sw_value_object_has (value, "Next") && !sw_value_object_has (value, "End"))
    {
      _sw_edit_insert_member (edit, value, canonical_index (value, "End", state_order), "End",
                              sw_value_new_boolean (TRUE));
    }
}

typedef struct
{
  const char *name;      /* the source state, NULL for none */
  SwValue *value;
  gboolean linked;       /* whether a transition of the source is split */
  SwTransitionKind kind;
  int index;
} Source;

/* Finds the state a new one goes after, and the transition to split. */
static gboolean
find_source (SwValue     *states,
             const char  *name,
             gboolean     explicit_transition,
             Source      *source,
             GError     **error)
{
  source->name = name;
  source->value = state_named (states, name);
  if (source->value == NULL)
    return fail (error, _("There is no state named “%s” in this machine"), name);

  if (!explicit_transition)
    {
      source->linked = primary_transition (source->value, &source->kind);
      source->index = -1;
      return TRUE;
    }

  source->linked = TRUE;
  if (member_string (transition_holder (source->value, source->kind, source->index),
                     source->kind == SW_TRANSITION_DEFAULT ? "Default" : "Next") == NULL)
    return fail (error, _("The state “%s” has no such transition"), name);
  return TRUE;
}

/* The add rules: puts @value as @name into @machine, at list @position or right after the
 * source, splitting the source's transition; into an empty machine it becomes StartAt. */
static guint
attach_state (SwEdit       *edit,
              SwValue      *machine,
              const char   *name,
              SwValue      *value,
              int           position,
              const Source *source)
{
  SwValue *states = machine_states (machine);
  gboolean was_empty;
  guint index;

  if (states == NULL)
    {
      states = sw_value_new_object ();
      _sw_edit_insert_member (edit, machine, canonical_index (machine, "States", machine_order),
                              "States", states);
    }
  was_empty = count_states (states) == 0;

  if (source != NULL && source->name != NULL)
    {
      find_member (states, source->name, source->value, &index);
      index++;
    }
  else
    index = member_for_position (states, position);
  _sw_edit_insert_member (edit, states, index, name, sw_value_ref (value));

  if (source != NULL && source->name != NULL && source->linked)
    splice (edit, source->name, source->value, source->kind, source->index, name, value);

  if (was_empty)
    {
      _sw_edit_add_rewrite (edit, NULL, "/StartAt", member_string (machine, "StartAt"), name);
      set_string (edit, machine, "StartAt", name, machine_order);
    }
  return index;
}

static gboolean
check_machine (SwValue  *machine,
               GError  **error)
{
  if (!sw_value_is_object (machine))
    return fail (error, "%s", _("The machine is not a JSON object"));
  if (sw_value_object_has (machine, "States") && machine_states (machine) == NULL)
    return fail (error, "%s", _("The machine’s States is not a JSON object"));
  return TRUE;
}

static SwState *
insert_state (SwMachine   *root,
              SwMachine   *machine,
              const char  *name,
              SwValue     *value,
              int          position,
              Source      *source,
              gboolean     explicit_transition,
              GError     **error)
{
  g_autoptr(SwEdit) edit = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *pointer = NULL;
  SwValue *machine_value = sw_machine_get_value (machine);
  guint index;

  if (!sw_value_is_object (value))
    {
      fail (error, "%s", _("A state must be a JSON object"));
      return NULL;
    }
  if (!check_name (root, name, NULL, error))
    return NULL;
  collect_nested_names (value, names);
  if (!check_new_names (root, names, name, NULL, NULL, error) ||
      !check_machine (machine_value, error) ||
      !check_targets (machine_states (machine_value), value, name, error))
    return NULL;
  if (source->name != NULL &&
      !find_source (machine_states (machine_value), source->name, explicit_transition, source,
                    error))
    return NULL;

  pointer = sw_machine_dup_pointer (machine);
  edit = _sw_edit_new (SW_EDIT_ADD_STATE, sw_machine_get_value (root));
  index = attach_state (edit, machine_value, name, value, position, source);
  _sw_edit_set_names (edit, NULL, name);
  _sw_edit_set_machines (edit, NULL, pointer);
  _sw_edit_set_positions (edit, -1, position_of_member (machine_states (machine_value), index));
  _sw_edit_set_field (edit, NULL, NULL, value);

  _sw_machine_commit (root, edit);
  return sw_machine_lookup_state (root, name);
}

/**
 * sw_machine_add_state:
 * @self: the machine to add to: the root, a branch or a processor
 * @name: the new state's name, unique in the whole definition
 * @value: (transfer full): the state's object, `{"Type": "Pass", …}`
 * @position: where in the machine's list, -1 for the end; ignored with @after
 * @after: (nullable): a state of the machine to insert after, as when a state is dropped on
 *   that state's outgoing edge: X→Y becomes X→new→Y (through X's `Next`, or its `End`, or a
 *   Choice's `Default`)
 * @error: return location for a #GError
 *
 * Adds a state. Into a machine without states, it becomes `StartAt`. The transitions @value
 * names must lead to states of @self.
 *
 * Returns: (transfer none) (nullable): the new state, %NULL with @error set
 */
SwState *
sw_machine_add_state (SwMachine   *self,
                      const char  *name,
                      SwValue     *value,
                      int          position,
                      const char  *after,
                      GError     **error)
{
  G_GNUC_UNUSED g_autoptr(SwValue) owned = value;
  Source source = { after, NULL, FALSE, SW_TRANSITION_NEXT, -1 };
  SwMachine *root;

  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((root = attached_root (self, error)) == NULL)
    return NULL;
  return insert_state (root, self, name, value, position, &source, FALSE, error);
}

/**
 * sw_state_insert_on_transition:
 * @self: the state the transition leaves
 * @kind: which transition
 * @index: the rule or catcher index for %SW_TRANSITION_CHOICE and %SW_TRANSITION_CATCH
 * @name: the new state's name
 * @value: (transfer full): the new state's object
 * @error: return location for a #GError
 *
 * Drops a new state on an edge of the diagram: the transition @self→Y becomes
 * @self→new→Y. The new state is placed right after @self in `States`.
 *
 * Returns: (transfer none) (nullable): the new state
 */
SwState *
sw_state_insert_on_transition (SwState          *self,
                               SwTransitionKind  kind,
                               int               index,
                               const char       *name,
                               SwValue          *value,
                               GError          **error)
{
  G_GNUC_UNUSED g_autoptr(SwValue) owned = value;
  Source source = { NULL, NULL, TRUE, kind, index };
  SwMachine *root;

  g_return_val_if_fail (SW_IS_STATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((root = attached_root (sw_state_get_machine (self), error)) == NULL)
    return NULL;
  source.name = sw_state_get_name (self);
  return insert_state (root, sw_state_get_machine (self), name, value, -1, &source, TRUE, error);
}

/**
 * sw_state_remove:
 * @error: return location for a #GError
 *
 * Removes the state. Transitions that led to it now lead to its `Next`; if it had none, a
 * `Next` becomes `"End": true` and a rule, `Default` or catcher naming it is removed.
 * `StartAt` moves to its successor or to the first remaining state.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_state_remove (SwState  *self,
                 GError  **error)
{
  g_autoptr(SwEdit) edit = NULL;
  g_autofree char *pointer = NULL;
  g_autofree char *name = NULL;
  SwMachine *machine, *root;
  SwValue *states;
  guint index;

  g_return_val_if_fail (SW_IS_STATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  machine = sw_state_get_machine (self);
  if ((root = attached_root (machine, error)) == NULL)
    return FALSE;
  states = machine_states (sw_machine_get_value (machine));
  name = g_strdup (sw_state_get_name (self));
  if (states == NULL || !find_member (states, name, sw_state_get_value (self), &index))
    return fail (error, "%s", _("The state is no longer part of the definition"));

  pointer = sw_machine_dup_pointer (machine);
  edit = _sw_edit_new (SW_EDIT_REMOVE_STATE, sw_machine_get_value (root));
  _sw_edit_set_names (edit, name, NULL);
  _sw_edit_set_machines (edit, pointer, NULL);
  _sw_edit_set_positions (edit, position_of_member (states, index), -1);
  _sw_edit_set_field (edit, NULL, sw_state_get_value (self), NULL);
  detach_state (edit, sw_machine_get_value (machine), states, index);

  _sw_machine_commit (root, edit);
  return TRUE;
}

/**
 * sw_state_rename:
 * @new_name: the new name: not empty, at most %SW_STATE_NAME_MAX_LENGTH characters, unused in
 *   the whole definition
 * @error: return location for a #GError
 *
 * Renames the state in place in `States` and rewrites every `StartAt`, `Next`, `Default`,
 * rule and catcher of its machine that named it.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_state_rename (SwState     *self,
                 const char  *new_name,
                 GError     **error)
{
  g_autoptr(SwEdit) edit = NULL;
  g_autofree char *pointer = NULL;
  g_autofree char *old_name = NULL;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (SwTransitionRef));
  SwMachine *machine, *root;
  SwValue *machine_value, *states;
  const char *start_at;
  guint index;

  g_return_val_if_fail (SW_IS_STATE (self), FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  machine = sw_state_get_machine (self);
  if ((root = attached_root (machine, error)) == NULL)
    return FALSE;
  old_name = g_strdup (sw_state_get_name (self));
  if (strcmp (old_name, new_name) == 0)
    return TRUE;
  if (!check_name (root, new_name, self, error))
    return FALSE;
  machine_value = sw_machine_get_value (machine);
  states = machine_states (machine_value);
  if (states == NULL || !find_member (states, old_name, sw_state_get_value (self), &index))
    return fail (error, "%s", _("The state is no longer part of the definition"));

  pointer = sw_machine_dup_pointer (machine);
  edit = _sw_edit_new (SW_EDIT_RENAME_STATE, sw_machine_get_value (root));
  _sw_edit_set_names (edit, old_name, new_name);
  _sw_edit_set_machines (edit, pointer, pointer);
  _sw_edit_set_positions (edit, position_of_member (states, index),
                          position_of_member (states, index));

  _sw_edit_rename_member (edit, states, index, new_name);
  start_at = member_string (machine_value, "StartAt");
  if (start_at != NULL && strcmp (start_at, old_name) == 0)
    {
      _sw_edit_add_rewrite (edit, NULL, "/StartAt", old_name, new_name);
      set_string (edit, machine_value, "StartAt", new_name, machine_order);
    }
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      SwValue *state = sw_value_object_get_value (states, i);

      if (sw_value_is_object (state))
        rewire_state (edit, refs, sw_value_object_get_key (states, i), state, old_name,
                      new_name);
    }

  _sw_machine_commit (root, edit);
  return TRUE;
}

/* Before a state enters another machine, the transitions that would lead nowhere there are
 * dropped by the remove rules. */
static void
strip_transitions (SwEdit     *edit,
                   const char *name,
                   SwValue    *state,
                   SwValue    *states)
{
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (SwTransitionRef));
  gboolean dropped_catcher = FALSE;

  _sw_state_value_get_transitions (state, refs);
  for (guint i = refs->len; i > 0; i--)
    {
      const SwTransitionRef *ref = &g_array_index (refs, SwTransitionRef, i - 1);

      if (strcmp (ref->target, name) == 0 || state_named (states, ref->target) != NULL)
        continue;
      dropped_catcher |= drop_ref (edit, name, state, ref);
    }
  if (dropped_catcher)
    drop_empty_catch (edit, state);
}

/**
 * sw_machine_move_state:
 * @self: the machine to move to (the state's own one to reorder)
 * @state: the state to move
 * @position: where in @self's list, -1 for the end; ignored with @after
 * @after: (nullable): a state of @self to insert after, splitting its outgoing edge as
 *   sw_machine_add_state() does
 * @error: return location for a #GError
 *
 * Moves a state, into or out of a Parallel branch or a Map processor, or within its machine.
 * Leaving its machine follows the rules of sw_state_remove(); its own transitions to states
 * that are not in @self are dropped the same way; entering @self follows the rules of
 * sw_machine_add_state(). A state cannot move into its own branches or processor.
 *
 * Returns: (transfer none) (nullable): the state, a new #SwState when it changed machine
 */
SwState *
sw_machine_move_state (SwMachine   *self,
                       SwState     *state,
                       int          position,
                       const char  *after,
                       GError     **error)
{
  g_autoptr(SwEdit) edit = NULL;
  g_autofree char *name = NULL;
  g_autofree char *old_pointer = NULL;
  g_autofree char *pointer = NULL;
  SwMachine *root, *source_machine;
  SwValue *value, *source_states, *target_value;
  Source source = { after, NULL, FALSE, SW_TRANSITION_NEXT, -1 };
  guint index, new_index;
  int old_position;

  g_return_val_if_fail (SW_IS_MACHINE (self), NULL);
  g_return_val_if_fail (SW_IS_STATE (state), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source_machine = sw_state_get_machine (state);
  if ((root = attached_root (self, error)) == NULL)
    return NULL;
  if (source_machine == NULL || sw_machine_get_root (source_machine) != root)
    {
      fail (error, "%s", _("The state is not part of this definition"));
      return NULL;
    }
  if (_sw_machine_is_inside (self, state))
    {
      fail (error, "%s", _("A state cannot be moved into its own branches"));
      return NULL;
    }

  name = g_strdup (sw_state_get_name (state));
  value = sw_state_get_value (state);
  target_value = sw_machine_get_value (self);
  source_states = machine_states (sw_machine_get_value (source_machine));
  if (source_states == NULL || !find_member (source_states, name, value, &index))
    {
      fail (error, "%s", _("The state is no longer part of the definition"));
      return NULL;
    }
  if (!check_machine (target_value, error))
    return NULL;
  if (after != NULL && strcmp (after, name) == 0)
    {
      fail (error, "%s", _("A state cannot be inserted after itself"));
      return NULL;
    }
  if (after != NULL && state_named (machine_states (target_value), after) == NULL)
    {
      fail (error, _("There is no state named “%s” in this machine"), after);
      return NULL;
    }

  old_position = position_of_member (source_states, index);
  old_pointer = sw_machine_dup_pointer (source_machine);
  pointer = sw_machine_dup_pointer (self);
  edit = _sw_edit_new (SW_EDIT_MOVE_STATE, sw_machine_get_value (root));
  _sw_edit_set_names (edit, name, name);
  _sw_edit_set_machines (edit, old_pointer, pointer);

  if (source_machine == self && after == NULL)
    {
      /* Reordering changes no transition. */
      _sw_edit_remove_member (edit, source_states, index);
      new_index = member_for_position (source_states, position);
      _sw_edit_insert_member (edit, source_states, new_index, name, sw_value_ref (value));
      if (new_index == index)
        {
          _sw_edit_rollback (edit);
          return state;
        }
    }
  else
    {
      detach_state (edit, sw_machine_get_value (source_machine), source_states, index);
      strip_transitions (edit, name, value, machine_states (target_value));
      if (after != NULL)
        find_source (machine_states (target_value), after, FALSE, &source, NULL);
      new_index = attach_state (edit, target_value, name, value, position, &source);
    }
  _sw_edit_set_positions (edit, old_position,
                          position_of_member (machine_states (target_value), new_index));

  _sw_machine_commit (root, edit);
  return sw_machine_lookup_state (root, name);
}

static gboolean
same_json (SwValue *a,
           SwValue *b)
{
  g_autofree char *ta = sw_json_write (a, SW_JSON_WRITE_COMPACT, NULL);
  g_autofree char *tb = sw_json_write (b, SW_JSON_WRITE_COMPACT, NULL);

  return strcmp (ta, tb) == 0;
}

/* Sets or clears (@value %NULL) a member: in place if it exists, else where @order puts it.
 * Returns FALSE when it already had that value. */
static gboolean
set_member (SwEdit             *edit,
            SwValue            *object,
            const char         *key,
            SwValue            *value,
            const char * const *order)
{
  guint index;
  gboolean exists = sw_value_object_find (object, key, &index);

  if (value == NULL)
    {
      if (!exists)
        return FALSE;
      _sw_edit_remove_member (edit, object, index);
    }
  else if (exists)
    {
      if (same_json (sw_value_object_get_value (object, index), value))
        return FALSE;
      _sw_edit_replace_member (edit, object, index, sw_value_ref (value));
    }
  else
    _sw_edit_insert_member (edit, object, canonical_index (object, key, order), key,
                            sw_value_ref (value));
  return TRUE;
}

static gboolean
check_rules (SwValue     *states,
             SwValue     *array,
             const char  *own_name,
             GError     **error)
{
  if (!sw_value_is_array (array))
    return TRUE;
  for (guint i = 0; i < sw_value_array_get_length (array); i++)
    {
      const char *target = member_string (sw_value_array_get (array, i), "Next");

      if (target != NULL && !check_target (states, target, own_name, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_state_field (SwMachine   *root,
                   SwState     *self,
                   const char  *key,
                   SwValue     *value,
                   GError     **error)
{
  SwValue *states = machine_states (sw_machine_get_value (sw_state_get_machine (self)));
  const char *name = sw_state_get_name (self);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (value == NULL)
    return TRUE;

  if (strcmp (key, "Next") == 0 || strcmp (key, "Default") == 0)
    {
      if (!sw_value_is_string (value))
        return fail (error, _("%s must name a state"), key);
      return check_target (states, sw_value_get_string (value), name, error);
    }
  if (strcmp (key, "Choices") == 0 || strcmp (key, "Catch") == 0)
    return check_rules (states, value, name, error);

  if (strcmp (key, "Branches") == 0 && sw_value_is_array (value))
    {
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        collect_machine_names (sw_value_array_get (value, i), names);
    }
  else if (strcmp (key, "ItemProcessor") == 0 || strcmp (key, "Iterator") == 0)
    collect_machine_names (value, names);
  return check_new_names (root, names, NULL, self, NULL, error);
}

/**
 * sw_state_set_field:
 * @key: the field
 * @value: (transfer full) (nullable): the new value, %NULL to remove the field
 * @error: return location for a #GError
 *
 * Sets or clears one field of the state. An existing field keeps its place; a new one goes
 * where Workflow Studio would write it. `Next` and `Default`, and the `Next` of each rule of
 * `Choices` and catcher of `Catch`, must name a state of the machine, or nothing changes and
 * %SW_ASL_ERROR_INVALID is returned. Setting `Next` removes `End`; setting `"End": true`
 * removes `Next`. Setting `Branches`, `ItemProcessor` or `Iterator` rebuilds the nested
 * machines; their state names must be unused elsewhere.
 *
 * Returns: %TRUE on success, including when the field already had that value
 */
gboolean
sw_state_set_field (SwState     *self,
                    const char  *key,
                    SwValue     *value,
                    GError     **error)
{
  G_GNUC_UNUSED g_autoptr(SwValue) owned = value;
  g_autoptr(SwEdit) edit = NULL;
  g_autofree char *pointer = NULL;
  SwMachine *machine, *root;
  SwValue *object, *states;
  const char *name;
  guint index;
  int position;

  g_return_val_if_fail (SW_IS_STATE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  machine = sw_state_get_machine (self);
  if ((root = attached_root (machine, error)) == NULL)
    return FALSE;
  if (!check_state_field (root, self, key, value, error))
    return FALSE;

  object = sw_state_get_value (self);
  name = sw_state_get_name (self);
  states = machine_states (sw_machine_get_value (machine));
  position = states && find_member (states, name, object, &index)
             ? position_of_member (states, index) : -1;
  pointer = sw_machine_dup_pointer (machine);
  edit = _sw_edit_new (SW_EDIT_SET_STATE_FIELD, sw_machine_get_value (root));
  _sw_edit_set_names (edit, name, name);
  _sw_edit_set_machines (edit, pointer, pointer);
  _sw_edit_set_positions (edit, position, position);
  _sw_edit_set_field (edit, key, sw_value_object_get (object, key), value);

  if (!set_member (edit, object, key, value, state_order))
    return TRUE;

  /* A state goes on or ends, not both. */
  if (value != NULL && strcmp (key, "Next") == 0 && sw_value_object_find (object, "End", &index))
    _sw_edit_remove_member (edit, object, index);
  else if (value != NULL && strcmp (key, "End") == 0 && sw_value_is_boolean (value) &&
           sw_value_get_boolean (value) && sw_value_object_find (object, "Next", &index))
    _sw_edit_remove_member (edit, object, index);

  _sw_machine_commit (root, edit);
  return TRUE;
}

static gboolean
check_machine_field (SwMachine   *root,
                     SwMachine   *self,
                     const char  *key,
                     SwValue     *value,
                     GError     **error)
{
  SwValue *machine = sw_machine_get_value (self);
  const char *start_at = member_string (machine, "StartAt");

  if (!sw_value_is_object (machine))
    return fail (error, "%s", _("The machine is not a JSON object"));

  if (strcmp (key, "StartAt") == 0 && value != NULL)
    {
      if (!sw_value_is_string (value))
        return fail (error, _("%s must name a state"), key);
      return check_target (machine_states (machine), sw_value_get_string (value), NULL, error);
    }
  if (strcmp (key, "States") == 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      if (value != NULL && !sw_value_is_object (value))
        return fail (error, "%s", _("States must be a JSON object"));
      if (start_at != NULL && (value == NULL || state_named (value, start_at) == NULL))
        return fail (error, _("There is no state named “%s” in this machine"), start_at);
      collect_states_names (value, names);
      return check_new_names (root, names, NULL, NULL, self, error);
    }
  return TRUE;
}

/**
 * sw_machine_set_field:
 * @key: the field: `StartAt`, `Comment`, `QueryLanguage`, `TimeoutSeconds`, …
 * @value: (transfer full) (nullable): the new value, %NULL to remove the field
 * @error: return location for a #GError
 *
 * Sets or clears one field of the machine, in place or at its canonical position. `StartAt`
 * must name a state of the machine; a new `States` must hold the state `StartAt` names and
 * no name used elsewhere in the definition.
 *
 * Returns: %TRUE on success, including when the field already had that value
 */
gboolean
sw_machine_set_field (SwMachine   *self,
                      const char  *key,
                      SwValue     *value,
                      GError     **error)
{
  G_GNUC_UNUSED g_autoptr(SwValue) owned = value;
  g_autoptr(SwEdit) edit = NULL;
  g_autofree char *pointer = NULL;
  SwMachine *root;
  SwValue *object;

  g_return_val_if_fail (SW_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((root = attached_root (self, error)) == NULL)
    return FALSE;
  if (!check_machine_field (root, self, key, value, error))
    return FALSE;

  object = sw_machine_get_value (self);
  pointer = sw_machine_dup_pointer (self);
  edit = _sw_edit_new (SW_EDIT_SET_MACHINE_FIELD, sw_machine_get_value (root));
  _sw_edit_set_machines (edit, pointer, pointer);
  _sw_edit_set_field (edit, key, sw_value_object_get (object, key), value);
  if (strcmp (key, "StartAt") == 0)
    _sw_edit_add_rewrite (edit, NULL, "/StartAt", member_string (object, "StartAt"),
                          value ? sw_value_get_string (value) : NULL);

  if (!set_member (edit, object, key, value, machine_order))
    return TRUE;

  _sw_machine_commit (root, edit);
  return TRUE;
}
