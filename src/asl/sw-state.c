/* sw-state.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-model-private.h"

/**
 * SwState:
 *
 * A view of one state of a definition: its member in the `States` object of a #SwMachine.
 * The state's object value is borrowed from the document, never copied; the properties
 * follow the value and notify when an edit changes them.
 */
struct _SwState
{
  GObject parent_instance;

  SwValue *value;
  SwMachine *machine;           /* weak: the machine owns its states */

  char *name;
  char *type_name;
  SwStateType state_type;
  char *comment;
  char *next;
  gboolean end;
  char *resource;
  const char *query_language;   /* interned */

  SwMachineList *branches;
  SwMachine *processor;

  guint frozen_serial;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE_TYPE,
  PROP_TYPE_NAME,
  PROP_COMMENT,
  PROP_NEXT,
  PROP_END,
  PROP_RESOURCE,
  PROP_QUERY_LANGUAGE,
  PROP_PROCESSOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SwState, sw_state, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SwStateType, sw_state_type,
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_PASS, "pass"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_TASK, "task"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_CHOICE, "choice"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_WAIT, "wait"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_SUCCEED, "succeed"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_FAIL, "fail"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_PARALLEL, "parallel"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_MAP, "map"),
  G_DEFINE_ENUM_VALUE (SW_STATE_TYPE_UNKNOWN, "unknown"))

G_DEFINE_ENUM_TYPE (SwTransitionKind, sw_transition_kind,
  G_DEFINE_ENUM_VALUE (SW_TRANSITION_NEXT, "next"),
  G_DEFINE_ENUM_VALUE (SW_TRANSITION_CHOICE, "choice"),
  G_DEFINE_ENUM_VALUE (SW_TRANSITION_DEFAULT, "default"),
  G_DEFINE_ENUM_VALUE (SW_TRANSITION_CATCH, "catch"))

G_DEFINE_BOXED_TYPE (SwTransition, sw_transition, sw_transition_copy, sw_transition_free)

static const char * const type_names[] = {
  [SW_STATE_TYPE_PASS] = "Pass",
  [SW_STATE_TYPE_TASK] = "Task",
  [SW_STATE_TYPE_CHOICE] = "Choice",
  [SW_STATE_TYPE_WAIT] = "Wait",
  [SW_STATE_TYPE_SUCCEED] = "Succeed",
  [SW_STATE_TYPE_FAIL] = "Fail",
  [SW_STATE_TYPE_PARALLEL] = "Parallel",
  [SW_STATE_TYPE_MAP] = "Map",
};

/**
 * sw_state_type_from_string:
 * @type_name: (nullable): the value of a `Type` field
 *
 * Returns: the type; %SW_STATE_TYPE_UNKNOWN for %NULL or a name that is not a state type
 */
SwStateType
sw_state_type_from_string (const char *type_name)
{
  if (type_name == NULL)
    return SW_STATE_TYPE_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (type_names[i], type_name) == 0)
      return i;
  return SW_STATE_TYPE_UNKNOWN;
}

/**
 * sw_state_type_to_string:
 *
 * Returns: (nullable): the `Type` value of @type, %NULL for %SW_STATE_TYPE_UNKNOWN
 */
const char *
sw_state_type_to_string (SwStateType type)
{
  if (type >= G_N_ELEMENTS (type_names))
    return NULL;
  return type_names[type];
}

SwTransition *
sw_transition_copy (const SwTransition *transition)
{
  SwTransition *copy;

  g_return_val_if_fail (transition != NULL, NULL);

  copy = g_new0 (SwTransition, 1);
  copy->kind = transition->kind;
  copy->index = transition->index;
  copy->target = g_strdup (transition->target);
  copy->label = g_strdup (transition->label);
  return copy;
}

void
sw_transition_free (SwTransition *transition)
{
  if (transition == NULL)
    return;
  g_free (transition->target);
  g_free (transition->label);
  g_free (transition);
}

static const char *
member_string (SwValue    *object,
               const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  return sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

/* Every transition the state's value names, in the order Next, Choices, Default, Catch;
 * members of the wrong kind are skipped, the validator reports them. */
void
_sw_state_value_get_transitions (SwValue *state,
                                 GArray  *refs)
{
  static const struct { const char *array; SwTransitionKind kind; } lists[] = {
    { "Choices", SW_TRANSITION_CHOICE },
    { "Catch", SW_TRANSITION_CATCH },
  };
  const char *target;

  if (!sw_value_is_object (state))
    return;

  if ((target = member_string (state, "Next")) != NULL)
    {
      SwTransitionRef ref = { SW_TRANSITION_NEXT, -1, state, "Next", target };
      g_array_append_val (refs, ref);
    }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      SwValue *array = sw_value_object_get (state, lists[l].array);

      if (lists[l].kind == SW_TRANSITION_CATCH &&
          (target = member_string (state, "Default")) != NULL)
        {
          SwTransitionRef ref = { SW_TRANSITION_DEFAULT, -1, state, "Default", target };
          g_array_append_val (refs, ref);
        }

      if (!sw_value_is_array (array))
        continue;
      for (guint i = 0; i < sw_value_array_get_length (array); i++)
        {
          SwValue *item = sw_value_array_get (array, i);

          if ((target = member_string (item, "Next")) != NULL)
            {
              SwTransitionRef ref = { lists[l].kind, (int) i, item, "Next", target };
              g_array_append_val (refs, ref);
            }
        }
    }
}

/* The machines nested in a state: each object in a Parallel's Branches, a Map's
 * ItemProcessor or else its legacy Iterator. Anything else is not a machine of the model. */
void
_sw_state_value_get_nested (SwValue   *state,
                            GPtrArray *machines)
{
  SwStateType type = sw_state_type_from_string (member_string (state, "Type"));

  if (type == SW_STATE_TYPE_PARALLEL)
    {
      SwValue *branches = sw_value_object_get (state, "Branches");

      if (!sw_value_is_array (branches))
        return;
      for (guint i = 0; i < sw_value_array_get_length (branches); i++)
        {
          SwValue *branch = sw_value_array_get (branches, i);

          if (sw_value_is_object (branch))
            g_ptr_array_add (machines, branch);
        }
    }
  else if (type == SW_STATE_TYPE_MAP)
    {
      SwValue *processor = sw_value_object_get (state, "ItemProcessor");

      if (!sw_value_is_object (processor))
        processor = sw_value_object_get (state, "Iterator");
      if (sw_value_is_object (processor))
        g_ptr_array_add (machines, processor);
    }
}

static void
sw_state_dispose (GObject *object)
{
  SwState *self = SW_STATE (object);

  _sw_state_detach (self);
  if (self->branches != NULL)
    {
      GPtrArray *items = _sw_machine_list_get_items (self->branches);

      for (guint i = 0; i < items->len; i++)
        _sw_machine_clear_parent (g_ptr_array_index (items, i));
    }
  if (self->processor != NULL)
    _sw_machine_clear_parent (self->processor);
  g_clear_object (&self->branches);
  g_clear_object (&self->processor);

  G_OBJECT_CLASS (sw_state_parent_class)->dispose (object);
}

static void
sw_state_finalize (GObject *object)
{
  SwState *self = SW_STATE (object);

  g_clear_pointer (&self->value, sw_value_unref);
  g_free (self->name);
  g_free (self->type_name);
  g_free (self->comment);
  g_free (self->next);
  g_free (self->resource);

  G_OBJECT_CLASS (sw_state_parent_class)->finalize (object);
}

static void
sw_state_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SwState *self = SW_STATE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE_TYPE:
      g_value_set_enum (value, self->state_type);
      break;
    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;
    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;
    case PROP_NEXT:
      g_value_set_string (value, self->next);
      break;
    case PROP_END:
      g_value_set_boolean (value, self->end);
      break;
    case PROP_RESOURCE:
      g_value_set_string (value, self->resource);
      break;
    case PROP_QUERY_LANGUAGE:
      g_value_set_string (value, sw_state_get_query_language (self));
      break;
    case PROP_PROCESSOR:
      g_value_set_object (value, self->processor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_state_class_init (SwStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_state_dispose;
  object_class->finalize = sw_state_finalize;
  object_class->get_property = sw_state_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_TYPE] =
    g_param_spec_enum ("state-type", NULL, NULL,
                       SW_TYPE_STATE_TYPE, SW_STATE_TYPE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT] =
    g_param_spec_string ("next", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_END] =
    g_param_spec_boolean ("end", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE] =
    g_param_spec_string ("resource", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY_LANGUAGE] =
    g_param_spec_string ("query-language", NULL, NULL, "JSONPath",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESSOR] =
    g_param_spec_object ("processor", NULL, NULL, SW_TYPE_MACHINE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_state_init (SwState *self)
{
  self->state_type = SW_STATE_TYPE_UNKNOWN;
  self->query_language = g_intern_static_string ("JSONPath");
  self->branches = _sw_machine_list_new ();
}

SwState *
_sw_state_new (SwMachine *machine,
               SwValue   *value)
{
  SwState *self = g_object_new (SW_TYPE_STATE, NULL);

  self->machine = machine;
  self->value = sw_value_ref (value);
  return self;
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

/* The state and the nested machines lose their place in the document. */
void
_sw_state_detach (SwState *self)
{
  self->machine = NULL;
  if (self->branches != NULL)
    {
      GPtrArray *items = _sw_machine_list_get_items (self->branches);

      for (guint i = 0; i < items->len; i++)
        _sw_machine_detach (g_ptr_array_index (items, i));
    }
  if (self->processor != NULL)
    _sw_machine_detach (self->processor);
}

static void
sync_nested (SwState *self,
             SwSync  *sync)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree gboolean *used = NULL;
  GPtrArray *current = _sw_machine_list_get_items (self->branches);
  GPtrArray *items;
  SwMachine *root = self->machine ? sw_machine_get_root (self->machine) : NULL;
  SwValue *processor_value = NULL;

  _sw_state_value_get_nested (self->value, values);
  if (self->state_type == SW_STATE_TYPE_MAP && values->len > 0)
    {
      processor_value = g_ptr_array_index (values, 0);
      g_ptr_array_set_size (values, 0);
    }

  /* Branches: a machine is kept while its object stays in the tree. */
  used = g_new0 (gboolean, current->len + 1);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < values->len; i++)
    {
      SwValue *value = g_ptr_array_index (values, i);
      SwMachine *machine = NULL;

      for (guint j = 0; j < current->len && machine == NULL; j++)
        {
          if (!used[j] && sw_machine_get_value (g_ptr_array_index (current, j)) == value)
            {
              used[j] = TRUE;
              machine = g_object_ref (g_ptr_array_index (current, j));
            }
        }
      if (machine == NULL)
        machine = _sw_machine_new_nested (value, self, root);
      g_ptr_array_add (items, machine);
      _sw_machine_sync (machine, sync);
    }
  for (guint j = 0; j < current->len; j++)
    if (!used[j])
      _sw_machine_detach (g_ptr_array_index (current, j));
  _sw_machine_list_replace (self->branches, items, sync);

  /* Processor */
  if (self->processor != NULL && sw_machine_get_value (self->processor) != processor_value)
    {
      _sw_machine_detach (self->processor);
      g_clear_object (&self->processor);
      _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_PROCESSOR]);
    }
  if (self->processor == NULL && processor_value != NULL)
    {
      self->processor = _sw_machine_new_nested (processor_value, self, root);
      _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_PROCESSOR]);
    }
  if (self->processor != NULL)
    _sw_machine_sync (self->processor, sync);
}

/* Brings the cached fields and nested machines up to date with the value; called by the
 * owning machine, top down, with notifications frozen until the whole model is done. */
void
_sw_state_sync (SwState    *self,
                const char *name,
                SwSync     *sync)
{
  SwValue *end;
  const char *query_language;
  SwStateType state_type;
  gboolean is_end;

  if (update_string (&self->name, name))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_NAME]);
  if (update_string (&self->type_name, member_string (self->value, "Type")))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_TYPE_NAME]);
  state_type = sw_state_type_from_string (self->type_name);
  if (state_type != self->state_type)
    {
      self->state_type = state_type;
      _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_STATE_TYPE]);
    }
  if (update_string (&self->comment, member_string (self->value, "Comment")))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_COMMENT]);
  if (update_string (&self->next, member_string (self->value, "Next")))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_NEXT]);
  if (update_string (&self->resource, member_string (self->value, "Resource")))
    _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_RESOURCE]);

  end = sw_value_object_get (self->value, "End");
  is_end = sw_value_is_boolean (end) && sw_value_get_boolean (end);
  if (is_end != self->end)
    {
      self->end = is_end;
      _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_END]);
    }

  query_language = member_string (self->value, "QueryLanguage");
  if (query_language != NULL)
    query_language = g_intern_string (query_language);
  else if (self->machine != NULL)
    query_language = sw_machine_get_query_language (self->machine);
  else
    query_language = g_intern_static_string ("JSONPath");
  if (query_language != self->query_language)
    {
      self->query_language = query_language;
      _sw_sync_notify (sync, self, &self->frozen_serial, properties[PROP_QUERY_LANGUAGE]);
    }

  sync_nested (self, sync);
}

/* The machines nested in the state: the branches, then the processor. */
guint
_sw_state_get_n_nested (SwState *self)
{
  return _sw_machine_list_get_items (self->branches)->len + (self->processor != NULL);
}

SwMachine *
_sw_state_get_nested (SwState *self,
                      guint    index)
{
  GPtrArray *items = _sw_machine_list_get_items (self->branches);

  if (index < items->len)
    return g_ptr_array_index (items, index);
  g_assert (index == items->len && self->processor != NULL);
  return self->processor;
}

/**
 * sw_state_get_name:
 *
 * Returns: the state's name, its key in `States`
 */
const char *
sw_state_get_name (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->name;
}

SwStateType
sw_state_get_state_type (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), SW_STATE_TYPE_UNKNOWN);

  return self->state_type;
}

/**
 * sw_state_get_type_name:
 *
 * Returns: (nullable): the `Type` as written, %NULL when it is missing or not a string
 */
const char *
sw_state_get_type_name (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->type_name;
}

/**
 * sw_state_get_value:
 *
 * Returns: (transfer none): the state's object in the document
 */
SwValue *
sw_state_get_value (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->value;
}

/**
 * sw_state_get_field:
 * @key: a field name
 *
 * Returns: (transfer none) (nullable): the value of the first member named @key
 */
SwValue *
sw_state_get_field (SwState    *self,
                    const char *key)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return sw_value_object_get (self->value, key);
}

/**
 * sw_state_get_comment:
 *
 * Returns: (nullable): the `Comment`
 */
const char *
sw_state_get_comment (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->comment;
}

/**
 * sw_state_get_next:
 *
 * Returns: (nullable): the `Next` state's name
 */
const char *
sw_state_get_next (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->next;
}

/**
 * sw_state_get_end:
 *
 * Returns: %TRUE if the state has `"End": true`
 */
gboolean
sw_state_get_end (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), FALSE);

  return self->end;
}

/**
 * sw_state_get_resource:
 *
 * Returns: (nullable): a Task's `Resource`
 */
const char *
sw_state_get_resource (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->resource;
}

/**
 * sw_state_get_default:
 *
 * Returns: (nullable): a Choice state's `Default`
 */
const char *
sw_state_get_default (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return member_string (self->value, "Default");
}

/**
 * sw_state_get_query_language:
 *
 * The state's `QueryLanguage`, or else its machine's, inherited down from the top-level.
 *
 * Returns: `JSONPath` or `JSONata` (or whatever the author wrote)
 */
const char *
sw_state_get_query_language (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->query_language;
}

/**
 * sw_state_is_terminal:
 *
 * Returns: %TRUE for Succeed and Fail states and states with `"End": true`
 */
gboolean
sw_state_is_terminal (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), FALSE);

  return self->end || self->state_type == SW_STATE_TYPE_SUCCEED ||
         self->state_type == SW_STATE_TYPE_FAIL;
}

/**
 * sw_state_get_branches:
 *
 * Returns: (transfer none): a #GListModel of #SwMachine, a Parallel state's branches (empty
 *   for other states)
 */
GListModel *
sw_state_get_branches (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return G_LIST_MODEL (self->branches);
}

/**
 * sw_state_get_processor:
 *
 * Returns: (transfer none) (nullable): a Map state's `ItemProcessor`, or its legacy
 *   `Iterator`
 */
SwMachine *
sw_state_get_processor (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->processor;
}

/**
 * sw_state_get_machine:
 *
 * Returns: (transfer none) (nullable): the machine the state belongs to; %NULL once the
 *   state was removed from the document
 */
SwMachine *
sw_state_get_machine (SwState *self)
{
  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  return self->machine;
}

static void
append_pointer_token (GString    *pointer,
                      const char *token)
{
  g_string_append_c (pointer, '/');
  for (const char *p = token; *p; p++)
    {
      if (*p == '~')
        g_string_append (pointer, "~0");
      else if (*p == '/')
        g_string_append (pointer, "~1");
      else
        g_string_append_c (pointer, *p);
    }
}

/**
 * sw_state_dup_pointer:
 *
 * Returns: (transfer full) (nullable): the JSON Pointer of the state's object in the document
 *   (`/States/Train`), %NULL once it was removed
 */
char *
sw_state_dup_pointer (SwState *self)
{
  g_autofree char *machine = NULL;
  GString *pointer;

  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  if (self->machine == NULL || (machine = sw_machine_dup_pointer (self->machine)) == NULL)
    return NULL;
  pointer = g_string_new (machine);
  append_pointer_token (pointer, "States");
  append_pointer_token (pointer, self->name);
  return g_string_free (pointer, FALSE);
}

static char *
catch_label (SwValue *catcher,
             int      index)
{
  SwValue *errors = sw_value_object_get (catcher, "ErrorEquals");
  GString *label;

  if (!sw_value_is_array (errors) || sw_value_array_get_length (errors) == 0)
    /* Translators: an edge of the diagram, taken when a Catch clause applies */
    return g_strdup_printf (_("Catch #%d"), index + 1);

  label = g_string_new (NULL);
  for (guint i = 0; i < sw_value_array_get_length (errors); i++)
    {
      SwValue *error = sw_value_array_get (errors, i);

      if (!sw_value_is_string (error))
        continue;
      if (label->len > 0)
        g_string_append (label, ", ");
      g_string_append (label, sw_value_get_string (error));
    }
  return g_string_free (label, FALSE);
}

/**
 * sw_state_list_transitions:
 *
 * Lists every transition the state names, whether or not its target exists: `Next`, the
 * rules of `Choices`, `Default`, then the catchers of `Catch`.
 *
 * Returns: (transfer full) (element-type SwTransition): the transitions
 */
GPtrArray *
sw_state_list_transitions (SwState *self)
{
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (SwTransitionRef));
  GPtrArray *transitions;

  g_return_val_if_fail (SW_IS_STATE (self), NULL);

  _sw_state_value_get_transitions (self->value, refs);
  transitions = g_ptr_array_new_full (refs->len, (GDestroyNotify) sw_transition_free);
  for (guint i = 0; i < refs->len; i++)
    {
      const SwTransitionRef *ref = &g_array_index (refs, SwTransitionRef, i);
      SwTransition *transition = g_new0 (SwTransition, 1);

      transition->kind = ref->kind;
      transition->index = ref->index;
      transition->target = g_strdup (ref->target);
      switch (ref->kind)
        {
        case SW_TRANSITION_CHOICE:
          transition->label = g_strdup (member_string (ref->holder, "Comment"));
          if (transition->label == NULL)
            /* Translators: an edge of the diagram, taken when a Choice rule matches */
            transition->label = g_strdup_printf (_("Rule #%d"), ref->index + 1);
          break;
        case SW_TRANSITION_DEFAULT:
          /* Translators: the edge of a Choice state taken when no rule matches */
          transition->label = g_strdup (_("Default"));
          break;
        case SW_TRANSITION_CATCH:
          transition->label = catch_label (ref->holder, ref->index);
          break;
        case SW_TRANSITION_NEXT:
        default:
          break;
        }
      g_ptr_array_add (transitions, transition);
    }
  return transitions;
}
