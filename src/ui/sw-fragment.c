/* sw-fragment.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* States as ASL fragments: parsing the text the browser and the clipboard carry, copying a
 * selection out, and inserting a fragment on an edge, into an empty branch or after a state
 * through the editing API of the model (several edits: the caller groups them into one undo
 * step). A failed insertion undoes the edits it made. */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
#include "sw-fragment.h"
#include "sw-json.h"

typedef void (*TransitionFunc) (SwValue    *holder,
                                const char *key,
                                gpointer    user_data);

/* Calls @func for every transition of @state: Next, Default, and the Next of each rule of
 * Choices and each catcher of Catch. */
static void
foreach_transition (SwValue        *state,
                    TransitionFunc  func,
                    gpointer        user_data)
{
  static const char * const arrays[] = { "Choices", "Catch" };

  if (sw_value_is_string (sw_value_object_get (state, "Next")))
    func (state, "Next", user_data);
  if (sw_value_is_string (sw_value_object_get (state, "Default")))
    func (state, "Default", user_data);
  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    {
      SwValue *array = sw_value_object_get (state, arrays[a]);

      if (!sw_value_is_array (array))
        continue;
      for (guint i = 0; i < sw_value_array_get_length (array); i++)
        {
          SwValue *item = sw_value_array_get (array, i);

          if (sw_value_is_string (sw_value_object_get (item, "Next")))
            func (item, "Next", user_data);
        }
    }
}

static const char *
member_string (SwValue    *object,
               const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  return sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static SwStateType
value_state_type (SwValue *state)
{
  return sw_state_type_from_string (member_string (state, "Type"));
}

static void
count_transition (SwValue    *holder,
                  const char *key,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static guint
n_transitions (SwValue *state)
{
  guint n = 0;

  foreach_transition (state, count_transition, &n);
  return n;
}

/* Names: collecting and renaming, in a machine and the machines nested in its states. */

typedef void (*MachineFunc) (SwValue  *machine,
                             gpointer  user_data);

static void
foreach_nested_machine (SwValue     *state,
                        MachineFunc  func,
                        gpointer     user_data)
{
  SwValue *branches = sw_value_object_get (state, "Branches");

  if (sw_value_is_array (branches))
    for (guint i = 0; i < sw_value_array_get_length (branches); i++)
      if (sw_value_is_object (sw_value_array_get (branches, i)))
        func (sw_value_array_get (branches, i), user_data);
  if (sw_value_is_object (sw_value_object_get (state, "ItemProcessor")))
    func (sw_value_object_get (state, "ItemProcessor"), user_data);
  if (sw_value_is_object (sw_value_object_get (state, "Iterator")))
    func (sw_value_object_get (state, "Iterator"), user_data);
}

static void collect_machine_names (SwValue  *machine,
                                   gpointer  user_data);

/* Adds the keys of a `States` object, and the names nested in its states, to a list. */
static void
collect_states_names (SwValue   *states,
                      GPtrArray *names)
{
  if (!sw_value_is_object (states))
    return;
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      g_ptr_array_add (names, (gpointer) sw_value_object_get_key (states, i));
      foreach_nested_machine (sw_value_object_get_value (states, i), collect_machine_names,
                              names);
    }
}

static void
collect_machine_names (SwValue  *machine,
                       gpointer  user_data)
{
  collect_states_names (sw_value_object_get (machine, "States"), user_data);
}

static void
rename_transition (SwValue    *holder,
                   const char *key,
                   gpointer    user_data)
{
  const char *renamed = g_hash_table_lookup (user_data, member_string (holder, key));

  if (renamed != NULL)
    sw_value_object_set (holder, key, sw_value_new_string (renamed));
}

static void rename_in_machine (SwValue  *machine,
                               gpointer  user_data);

static void
rename_in_states (SwValue    *states,
                  GHashTable *renames)
{
  guint n;
  g_autofree char **keys = NULL;

  if (!sw_value_is_object (states))
    return;
  n = sw_value_object_get_size (states);
  keys = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      SwValue *state = sw_value_object_get_value (states, i);

      keys[i] = (char *) sw_value_object_get_key (states, i);
      if (!sw_value_is_object (state))
        continue;
      foreach_transition (state, rename_transition, renames);
      foreach_nested_machine (state, rename_in_machine, renames);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *old = g_strdup (sw_value_object_get_key (states, i));
      const char *renamed = g_hash_table_lookup (renames, old);

      if (renamed != NULL)
        sw_value_object_rename (states, old, renamed);
    }
}

static void
rename_in_machine (SwValue  *machine,
                   gpointer  user_data)
{
  const char *start_at = member_string (machine, "StartAt");
  const char *renamed = start_at ? g_hash_table_lookup (user_data, start_at) : NULL;

  if (renamed != NULL)
    sw_value_object_set (machine, "StartAt", sw_value_new_string (renamed));
  rename_in_states (sw_value_object_get (machine, "States"), user_data);
}

/* "Train" → "Train 2", "Train 2" → "Train 3", … unused in @taken and at most
 * SW_STATE_NAME_MAX_LENGTH characters. */
static char *
unique_name (const char *name,
             GHashTable *taken)
{
  const char *space = strrchr (name, ' ');
  g_autofree char *base = NULL;
  guint n = 2;

  if (space != NULL && space[1] != '\0' && strspn (space + 1, "0123456789") == strlen (space + 1)
      && strlen (space + 1) < 9)
    {
      base = g_strndup (name, space - name);
      n = (guint) g_ascii_strtoull (space + 1, NULL, 10) + 1;
    }
  else
    base = g_strdup (name);

  for (;; n++)
    {
      g_autofree char *suffix = g_strdup_printf (" %u", n);
      glong room = SW_STATE_NAME_MAX_LENGTH - (glong) strlen (suffix);
      g_autofree char *candidate = NULL;

      if (g_utf8_strlen (base, -1) > room)
        *g_utf8_offset_to_pointer (base, MAX (room, 1)) = '\0';
      candidate = g_strconcat (base, suffix, NULL);
      if (!g_hash_table_contains (taken, candidate))
        return g_steal_pointer (&candidate);
    }
}

/* A copy of @fragment whose names (nested ones too) are unused in @root's definition. */
static SwValue *
prepare (SwValue   *fragment,
         SwMachine *root)
{
  g_autoptr(SwValue) copy = sw_value_copy (fragment);
  g_autoptr(GPtrArray) used = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) renames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) clashing = g_ptr_array_new ();

  collect_machine_names (sw_machine_get_value (root), used);
  for (guint i = 0; i < used->len; i++)
    g_hash_table_add (taken, g_strdup (used->pdata[i]));

  collect_states_names (copy, names);
  /* Names that are free keep them; the others are renamed around all of those. */
  for (guint i = 0; i < names->len; i++)
    {
      if (g_hash_table_contains (taken, names->pdata[i]))
        g_ptr_array_add (clashing, names->pdata[i]);
      else
        g_hash_table_add (taken, g_strdup (names->pdata[i]));
    }
  for (guint i = 0; i < clashing->len; i++)
    {
      char *renamed = unique_name (clashing->pdata[i], taken);

      g_hash_table_add (taken, g_strdup (renamed));
      g_hash_table_replace (renames, g_strdup (clashing->pdata[i]), renamed);
    }
  if (g_hash_table_size (renames) > 0)
    rename_in_states (copy, renames);
  return g_steal_pointer (&copy);
}

/* Parsing. */

typedef struct
{
  SwValue *fragment;
  const char *state;
  char *missing;
} TargetCheck;

static void
check_target (SwValue    *holder,
              const char *key,
              gpointer    user_data)
{
  TargetCheck *check = user_data;
  const char *target = member_string (holder, key);

  if (check->missing == NULL && !sw_value_object_has (check->fragment, target))
    check->missing = g_strdup (target);
}

/**
 * sw_fragment_parse:
 * @text: the fragment: `{"Name": {"Type": …}, …}`
 * @length: its length, or -1 when NUL-terminated
 * @error: return location for a #GError
 *
 * Parses and checks a fragment: a JSON object of one or more states, each an object with a
 * `Type`, with distinct names, whose transitions stay inside the fragment. A whole state
 * machine definition is taken as its `States`, the `StartAt` state first.
 *
 * Returns: (transfer full) (nullable): the fragment, %NULL with @error set
 *   (%SW_ASL_ERROR_SYNTAX for text that is not JSON, %SW_ASL_ERROR_INVALID otherwise)
 */
SwValue *
sw_fragment_parse (const char  *text,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(SwValue) fragment = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  guint line = 0, column = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fragment = sw_json_parse (text, length, &line, &column, &local_error);
  if (fragment == NULL)
    {
      g_set_error (error, SW_ASL_ERROR, local_error->code,
                   _("The states are not valid JSON: line %u, column %u: %s"),
                   line, column, local_error->message);
      return NULL;
    }
  if (!sw_value_is_object (fragment))
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("States must be a JSON object of state names and states"));
      return NULL;
    }
  /* A whole definition (copied from a file or the console): its states, StartAt first. */
  if (sw_value_is_object (sw_value_object_get (fragment, "States")) &&
      sw_value_is_string (sw_value_object_get (fragment, "StartAt")))
    {
      SwValue *states = sw_value_object_get (fragment, "States");
      const char *start_at = member_string (fragment, "StartAt");
      g_autoptr(SwValue) ordered = sw_value_new_object ();
      guint index;

      if (sw_value_object_find (states, start_at, &index))
        sw_value_object_append (ordered, start_at, 0, 0,
                                sw_value_ref (sw_value_object_get_value (states, index)));
      for (guint i = 0; i < sw_value_object_get_size (states); i++)
        if (strcmp (sw_value_object_get_key (states, i), start_at) != 0)
          sw_value_object_append (ordered, sw_value_object_get_key (states, i), 0, 0,
                                  sw_value_ref (sw_value_object_get_value (states, i)));
      g_clear_pointer (&fragment, sw_value_unref);
      fragment = g_steal_pointer (&ordered);
    }
  if (sw_value_object_get_size (fragment) == 0)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("The fragment holds no states"));
      return NULL;
    }
  for (guint i = 0; i < sw_value_object_get_size (fragment); i++)
    {
      const char *name = sw_value_object_get_key (fragment, i);
      SwValue *state = sw_value_object_get_value (fragment, i);

      if (*name == '\0' || g_utf8_strlen (name, -1) > SW_STATE_NAME_MAX_LENGTH)
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("“%s” is not a valid state name"), name);
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) name))
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("The state “%s” appears twice"), name);
          return NULL;
        }
      if (!sw_value_is_object (state))
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("The state “%s” is not a JSON object"), name);
          return NULL;
        }
      if (member_string (state, "Type") == NULL)
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("The state “%s” has no Type"), name);
          return NULL;
        }
    }
  for (guint i = 0; i < sw_value_object_get_size (fragment); i++)
    {
      TargetCheck check = { fragment, sw_value_object_get_key (fragment, i), NULL };

      foreach_transition (sw_value_object_get_value (fragment, i), check_target, &check);
      if (check.missing != NULL)
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("The state “%s” goes to “%s”, which is not in the fragment"),
                       check.state, check.missing);
          g_free (check.missing);
          return NULL;
        }
    }
  return g_steal_pointer (&fragment);
}

/**
 * sw_fragment_to_text:
 *
 * Returns: (transfer full): the fragment as canonical JSON text
 */
char *
sw_fragment_to_text (SwValue *fragment)
{
  g_return_val_if_fail (sw_value_is_object (fragment), NULL);

  return sw_json_write (fragment, SW_JSON_WRITE_DEFAULT, NULL);
}

/* Copying out. */

static char *
unescape_token (const char *token,
                gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (token[i] == '~' && i + 1 < length && (token[i + 1] == '0' || token[i + 1] == '1'))
        {
          g_string_append_c (out, token[i + 1] == '0' ? '~' : '/');
          i++;
        }
      else
        g_string_append_c (out, token[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * sw_fragment_lookup_state:
 * @root: the document's machine
 * @pointer: a state's JSON Pointer such as `/States/Fan/Branches/0/States/A`
 *
 * Returns: (transfer none) (nullable): the state at @pointer
 */
SwState *
sw_fragment_lookup_state (SwMachine  *root,
                          const char *pointer)
{
  const char *last;
  g_autofree char *name = NULL;
  g_autofree char *found = NULL;
  SwState *state;

  g_return_val_if_fail (SW_IS_MACHINE (root), NULL);

  if (pointer == NULL || (last = g_strrstr (pointer, "/States/")) == NULL)
    return NULL;
  last += strlen ("/States/");
  if (strchr (last, '/') != NULL)
    return NULL;
  name = unescape_token (last, strlen (last));
  state = sw_machine_lookup_state (root, name);
  if (state == NULL || (found = sw_state_dup_pointer (state)) == NULL ||
      strcmp (found, pointer) != 0)
    return NULL;
  return state;
}

static void
prune_outside (SwValue    *state,
               GHashTable *inside)
{
  static const char * const arrays[] = { "Choices", "Catch" };
  const char *target;
  guint index;

  if ((target = member_string (state, "Next")) != NULL && !g_hash_table_contains (inside, target))
    {
      sw_value_object_find (state, "Next", &index);
      sw_value_object_remove_index (state, index);
      sw_value_object_insert (state, index, "End", sw_value_new_boolean (TRUE));
    }
  if ((target = member_string (state, "Default")) != NULL &&
      !g_hash_table_contains (inside, target))
    sw_value_object_remove (state, "Default");
  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    {
      SwValue *array = sw_value_object_get (state, arrays[a]);

      if (!sw_value_is_array (array))
        continue;
      for (guint i = sw_value_array_get_length (array); i > 0; i--)
        {
          target = member_string (sw_value_array_get (array, i - 1), "Next");
          if (target != NULL && !g_hash_table_contains (inside, target))
            sw_value_array_remove (array, i - 1);
        }
      if (a == 1 && sw_value_array_get_length (array) == 0)
        sw_value_object_remove (state, arrays[a]);
    }
}

/**
 * sw_fragment_copy_states:
 * @root: the document's machine
 * @pointers: (array zero-terminated=1): the selected states
 * @error: return location for a #GError
 *
 * Copies the selected states of one machine (the machine of the first state found; others
 * are left out) as a fragment, in the machine's order. Transitions to states outside the
 * selection are cut: a `Next` becomes `"End": true`, a `Default`, rule or catcher is dropped.
 *
 * Returns: (transfer full) (nullable): the fragment, %NULL with @error set
 */
SwValue *
sw_fragment_copy_states (SwMachine          *root,
                         const char * const *pointers,
                         GError            **error)
{
  g_autoptr(GHashTable) selected = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) inside = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SwValue) fragment = sw_value_new_object ();
  SwMachine *machine = NULL;
  guint n;

  g_return_val_if_fail (SW_IS_MACHINE (root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; pointers != NULL && pointers[i] != NULL; i++)
    {
      SwState *state = sw_fragment_lookup_state (root, pointers[i]);

      if (state == NULL)
        continue;
      if (machine == NULL)
        machine = sw_state_get_machine (state);
      if (sw_state_get_machine (state) == machine)
        {
          g_hash_table_add (selected, state);
          g_hash_table_add (inside, (gpointer) sw_state_get_name (state));
        }
    }
  if (machine == NULL)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("No state is selected"));
      return NULL;
    }

  n = sw_machine_get_n_states (machine);
  for (guint i = 0; i < n; i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      SwValue *copy;

      if (!g_hash_table_contains (selected, state))
        continue;
      copy = sw_value_copy (sw_state_get_value (state));
      prune_outside (copy, inside);
      sw_value_object_append (fragment, sw_state_get_name (state), 0, 0, copy);
    }
  return g_steal_pointer (&fragment);
}

/* Inserting. */

typedef struct
{
  SwMachine *root;
  GPtrArray *edits;
  gulong handler;
} Recorder;

static void
on_root_changed (SwMachine *root,
                 SwEdit    *edit,
                 Recorder  *recorder)
{
  g_ptr_array_add (recorder->edits, sw_edit_ref (edit));
}

static void
recorder_start (Recorder  *recorder,
                SwMachine *root)
{
  recorder->root = root;
  recorder->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_edit_unref);
  recorder->handler = g_signal_connect (root, "changed", G_CALLBACK (on_root_changed),
                                        recorder);
}

/* Stops recording; on failure undoes what was recorded, last first. */
static void
recorder_finish (Recorder *recorder,
                 gboolean  success)
{
  g_signal_handler_disconnect (recorder->root, recorder->handler);
  if (!success)
    for (guint i = recorder->edits->len; i > 0; i--)
      {
        g_autoptr(GError) error = NULL;

        if (!sw_machine_undo_edit (recorder->root, recorder->edits->pdata[i - 1], &error))
          g_warning ("Cannot undo a failed insertion: %s", error->message);
      }
  g_ptr_array_unref (recorder->edits);
}

static void
point_to_self (SwValue    *holder,
               const char *key,
               gpointer    user_data)
{
  sw_value_object_set (holder, key, sw_value_new_string (user_data));
}

static int
position_of (SwMachine *machine,
             SwState   *state)
{
  guint n = sw_machine_get_n_states (machine);

  for (guint i = 0; i < n; i++)
    if (sw_machine_get_state (machine, i) == state)
      return (int) i;
  return -1;
}

/* The target of @source's transition @kind/@index (NULL when it ends), in @holder_out the
 * object holding it. FALSE when there is no such transition. */
static gboolean
transition_target (SwValue          *source,
                   SwTransitionKind  kind,
                   int               index,
                   const char      **target)
{
  SwValue *array;
  SwStateType type = value_state_type (source);

  *target = NULL;
  switch (kind)
    {
    case SW_TRANSITION_NEXT:
      *target = member_string (source, "Next");
      return *target != NULL ||
             (type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_SUCCEED &&
              type != SW_STATE_TYPE_FAIL);
    case SW_TRANSITION_DEFAULT:
      *target = member_string (source, "Default");
      return type == SW_STATE_TYPE_CHOICE;
    case SW_TRANSITION_CHOICE:
    case SW_TRANSITION_CATCH:
    default:
      array = sw_value_object_get (source, kind == SW_TRANSITION_CHOICE ? "Choices" : "Catch");
      if (!sw_value_is_array (array) || index < 0 ||
          (guint) index >= sw_value_array_get_length (array))
        return FALSE;
      *target = member_string (sw_value_array_get (array, index), "Next");
      return *target != NULL;
    }
}

static gboolean
relink_source (SwState           *source,
               SwTransitionKind   kind,
               int                index,
               const char        *entry,
               GError           **error)
{
  g_autoptr(SwValue) array = NULL;
  const char *key;

  switch (kind)
    {
    case SW_TRANSITION_NEXT:
      return sw_state_set_field (source, "Next", sw_value_new_string (entry), error);
    case SW_TRANSITION_DEFAULT:
      return sw_state_set_field (source, "Default", sw_value_new_string (entry), error);
    case SW_TRANSITION_CHOICE:
    case SW_TRANSITION_CATCH:
    default:
      key = kind == SW_TRANSITION_CHOICE ? "Choices" : "Catch";
      array = sw_value_copy (sw_state_get_field (source, key));
      sw_value_object_set (sw_value_array_get (array, index), "Next",
                           sw_value_new_string (entry));
      return sw_state_set_field (source, key, g_steal_pointer (&array), error);
    }
}

/* Adds the fragment's states to @machine from list @position (-1: the end) and, when
 * @source_name is set, splits its transition @kind/@index: source → entry, and the states
 * ending the fragment → the old target. */
static char **
insert_fragment (SwValue          *fragment,
                 SwMachine        *machine,
                 int               position,
                 const char       *source_name,
                 SwTransitionKind  kind,
                 int               index,
                 gboolean          at_start,
                 GError          **error)
{
  SwMachine *root = sw_machine_get_root (machine);
  g_autoptr(SwValue) states = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree char *target = NULL;
  Recorder recorder;
  SwState *source = NULL;
  gboolean ok = TRUE;
  guint n;

  g_return_val_if_fail (sw_value_is_object (fragment), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sw_value_object_get_size (fragment) == 0)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("The fragment holds no states"));
      return NULL;
    }
  if (source_name != NULL)
    {
      const char *old_target;

      source = sw_machine_lookup_state (root, source_name);
      if (source == NULL ||
          !transition_target (sw_state_get_value (source), kind, index, &old_target))
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("The state “%s” has no such transition"), source_name);
          return NULL;
        }
      target = g_strdup (old_target);
      position = position_of (machine, source) + 1;
    }
  else if (at_start)
    {
      target = g_strdup (sw_machine_get_start_at (machine));
      position = 0;
    }

  states = prepare (fragment, root);
  n = sw_value_object_get_size (states);
  recorder_start (&recorder, root);

  if (n == 1 && !at_start && n_transitions (sw_value_object_get_value (states, 0)) == 0 &&
      (source == NULL || target != NULL || kind == SW_TRANSITION_NEXT))
    {
      /* One state: one edit. */
      const char *name = sw_value_object_get_key (states, 0);
      SwValue *value = sw_value_copy (sw_value_object_get_value (states, 0));

      if (source != NULL && target != NULL)
        ok = sw_state_insert_on_transition (source, kind, index, name, value, error) != NULL;
      else if (source != NULL)
        ok = sw_machine_add_state (machine, name, value, -1, source_name, error) != NULL;
      else
        ok = sw_machine_add_state (machine, name, value, position, NULL, error) != NULL;
      g_strv_builder_add (names, name);
      recorder_finish (&recorder, ok);
      return ok ? g_strv_builder_end (names) : NULL;
    }

  /* First every state with its transitions pointing to itself (always valid), then the real
   * transitions once all of them exist, then the split. */
  for (guint i = 0; ok && i < n; i++)
    {
      const char *name = sw_value_object_get_key (states, i);
      SwValue *value = sw_value_copy (sw_value_object_get_value (states, i));

      foreach_transition (value, point_to_self, (gpointer) name);
      ok = sw_machine_add_state (machine, name, value, position < 0 ? -1 : position + (int) i,
                                 NULL, error) != NULL;
      g_strv_builder_add (names, name);
    }
  for (guint i = 0; ok && i < n; i++)
    {
      const char *name = sw_value_object_get_key (states, i);
      SwValue *value = sw_value_object_get_value (states, i);
      SwState *state = sw_machine_lookup_state (root, name);
      SwStateType type = value_state_type (value);
      static const char * const keys[] = { "Default", "Choices", "Catch" };
      SwValue *end = sw_value_object_get (value, "End");

      if (member_string (value, "Next") != NULL)
        ok = sw_state_set_field (state, "Next", sw_value_new_string (member_string (value, "Next")),
                                 error);
      else if (target != NULL && sw_value_is_boolean (end) && sw_value_get_boolean (end) &&
               type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_SUCCEED &&
               type != SW_STATE_TYPE_FAIL)
        ok = sw_state_set_field (state, "Next", sw_value_new_string (target), error);
      for (guint k = 0; ok && k < G_N_ELEMENTS (keys); k++)
        if (sw_value_object_has (value, keys[k]))
          ok = sw_state_set_field (state, keys[k],
                                   sw_value_copy (sw_value_object_get (value, keys[k])), error);
    }
  if (ok && source != NULL)
    {
      source = sw_machine_lookup_state (root, source_name);
      ok = relink_source (source, kind, index, sw_value_object_get_key (states, 0), error);
    }
  if (ok && at_start && target != NULL)
    ok = sw_machine_set_field (machine, "StartAt",
                               sw_value_new_string (sw_value_object_get_key (states, 0)), error);
  recorder_finish (&recorder, ok);
  return ok ? g_strv_builder_end (names) : NULL;
}

/**
 * sw_fragment_insert_on_transition:
 * @fragment: a fragment from sw_fragment_parse() or sw_fragment_copy_states()
 * @source: the state the edge leaves
 * @kind: which of its transitions
 * @index: the rule or catcher for %SW_TRANSITION_CHOICE and %SW_TRANSITION_CATCH, else -1
 * @error: return location for a #GError
 *
 * Drops the fragment on an edge: @source → Y becomes @source → entry, and the fragment's
 * `"End": true` states go on to Y (they stay ends when @source ended the machine). The
 * states go right after @source in the list; names already used are renamed "Name 2".
 * Several edits: group them into one undo step. Nothing changes on failure.
 *
 * Returns: (transfer full) (nullable): the names the fragment's states got, entry first
 */
char **
sw_fragment_insert_on_transition (SwValue           *fragment,
                                  SwState           *source,
                                  SwTransitionKind   kind,
                                  int                index,
                                  GError           **error)
{
  g_return_val_if_fail (SW_IS_STATE (source), NULL);

  return insert_fragment (fragment, sw_state_get_machine (source), -1,
                          sw_state_get_name (source), kind, index, FALSE, error);
}

/**
 * sw_fragment_insert_into:
 * @fragment: a fragment
 * @machine: a branch, a processor or the root
 * @error: return location for a #GError
 *
 * Adds the fragment to the end of @machine. Into an empty machine (a new branch) the entry
 * becomes `StartAt`; otherwise nothing leads to the new states yet.
 *
 * Returns: (transfer full) (nullable): the names the fragment's states got, entry first
 */
char **
sw_fragment_insert_into (SwValue    *fragment,
                         SwMachine  *machine,
                         GError    **error)
{
  g_return_val_if_fail (SW_IS_MACHINE (machine), NULL);

  return insert_fragment (fragment, machine, -1, NULL, SW_TRANSITION_NEXT, -1, FALSE, error);
}

/**
 * sw_fragment_insert_after:
 * @fragment: a fragment
 * @state: the state to insert after (paste)
 * @error: return location for a #GError
 *
 * Inserts on @state's main way out: its `Next`, a Choice's `Default`, or its `End` (the
 * fragment then ends the machine). After a Succeed, a Fail or a Choice without `Default`
 * the states are only placed after @state in the list.
 *
 * Returns: (transfer full) (nullable): the names the fragment's states got, entry first
 */
char **
sw_fragment_insert_after (SwValue  *fragment,
                          SwState  *state,
                          GError  **error)
{
  SwValue *value;
  SwStateType type;
  SwMachine *machine;

  g_return_val_if_fail (SW_IS_STATE (state), NULL);

  value = sw_state_get_value (state);
  type = value_state_type (value);
  machine = sw_state_get_machine (state);
  if (member_string (value, "Next") != NULL ||
      (type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_SUCCEED &&
       type != SW_STATE_TYPE_FAIL))
    return insert_fragment (fragment, machine, -1, sw_state_get_name (state),
                            SW_TRANSITION_NEXT, -1, FALSE, error);
  if (type == SW_STATE_TYPE_CHOICE && member_string (value, "Default") != NULL)
    return insert_fragment (fragment, machine, -1, sw_state_get_name (state),
                            SW_TRANSITION_DEFAULT, -1, FALSE, error);
  return insert_fragment (fragment, machine, position_of (machine, state) + 1, NULL,
                          SW_TRANSITION_NEXT, -1, FALSE, error);
}

/**
 * sw_fragment_insert_at_start:
 * @fragment: a fragment
 * @machine: the machine whose start it goes before (the Start marker's edge)
 * @error: return location for a #GError
 *
 * Puts the fragment first: `StartAt` names its entry and its ends go on to the old start.
 *
 * Returns: (transfer full) (nullable): the names the fragment's states got, entry first
 */
char **
sw_fragment_insert_at_start (SwValue    *fragment,
                             SwMachine  *machine,
                             GError    **error)
{
  g_return_val_if_fail (SW_IS_MACHINE (machine), NULL);

  return insert_fragment (fragment, machine, 0, NULL, SW_TRANSITION_NEXT, -1, TRUE, error);
}
