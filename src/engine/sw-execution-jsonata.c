/* sw-execution-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Evaluating the fields of JSONata states for a lane: the `$states` variable
 * (`input`, `result`, `errorOutput`, `context`) and the workflow variables the lane can see
 * are bound, every expression is bounded in depth and time, and a failure becomes the
 * service's States.QueryEvaluationError, recorded with an EvaluationFailed event. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-execution-private.h"
#include "sw-json.h"

static const SwJsonataLimits limits = {
  .max_depth = SW_EXECUTION_JSONATA_MAX_DEPTH,
  .timeout_ms = SW_EXECUTION_JSONATA_TIMEOUT_MS,
};

/* What a state's expressions are evaluated with: the variables they mention and the members
 * of `$states`, as the SwValues they were when the state was entered. Small values are
 * converted for each evaluation, from an object of them that the lane keeps and updates; large
 * ones (`$states.input`, most often) go into a document converted once
 * (sw_jsonata_document_new ()), kept for as long as they stay the same: the fields of one
 * state share it, and so do the states that follow while their input and the variables they
 * read are unchanged. Values are never changed in place, and the lane holds a reference to
 * each value it keeps, so the same pointer is the same value. */

/* The size from which a value is converted once rather than for each evaluation. */
#define LARGE_BINDING 2048

typedef struct
{
  const char *name;     /* a variable's, or `states/input` … for a member of `$states`; the
                         * plan's, which outlives the lane */
  SwValue *value;       /* held by the part's object, or referenced for its document */
} Bound;

/* The values of one part of the bindings, and that part made ready: kept while states that
 * bind nothing of this part come between. */
typedef struct
{
  GArray *bound;        /* Bound */
  gboolean large;       /* made a document rather than an object */
  guint uses;           /* large: how many expressions have been evaluated with them */
  SwLaneBound ready;
} Part;

struct _SwLaneBindings
{
  Part parts[2];        /* the small values, as an object; the large ones, as a document */
  GArray *lists[2];     /* Bound, borrowed: those of the latest call */
  SwLaneBound current;  /* what the latest call binds */
};

static void
part_clear (Part *part)
{
  if (part->large)
    for (guint i = 0; i < part->bound->len; i++)
      sw_value_unref (g_array_index (part->bound, Bound, i).value);
  g_clear_pointer (&part->ready.document, sw_jsonata_document_unref);
  g_clear_pointer (&part->ready.variables, sw_value_unref);
  g_array_set_size (part->bound, 0);
}

void
_sw_lane_bindings_free (SwLaneBindings *bindings)
{
  if (bindings == NULL)
    return;
  for (guint i = 0; i < 2; i++)
    {
      part_clear (&bindings->parts[i]);
      g_array_unref (bindings->parts[i].bound);
      g_array_unref (bindings->lists[i]);
    }
  g_free (bindings);
}

static gboolean
bound_has (GArray     *bound,
           const char *name)
{
  for (guint i = 0; i < bound->len; i++)
    if (strcmp (g_array_index (bound, Bound, i).name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Whether @a and @b bind the same names, in the same order, and how many values differ. */
static gboolean
bound_same_names (GArray *a,
                  GArray *b,
                  guint  *n_changed)
{
  *n_changed = 0;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      Bound *x = &g_array_index (a, Bound, i), *y = &g_array_index (b, Bound, i);

      if (x->name != y->name && strcmp (x->name, y->name) != 0)
        return FALSE;
      *n_changed += x->value != y->value;
    }
  return TRUE;
}

static SwValue *
object_of (SwValue    *object,
           const char *name)
{
  return g_str_has_prefix (name, "states/") ? sw_value_object_get (object, "states") : object;
}

static const char *
member_of (const char *name)
{
  return g_str_has_prefix (name, "states/") ? name + strlen ("states/") : name;
}

/* The bindings in @bound as an object: `states` with its members, the variables beside it. */
static SwValue *
bound_to_object (GArray *bound)
{
  SwValue *object = sw_value_new_object ();
  SwValue *states = NULL;

  for (guint i = 0; i < bound->len; i++)
    {
      Bound *b = &g_array_index (bound, Bound, i);

      if (g_str_has_prefix (b->name, "states/"))
        {
          if (states == NULL)
            states = sw_value_new_object ();
          sw_value_object_set (states, member_of (b->name), sw_value_ref (b->value));
        }
      else
        sw_value_object_set (object, b->name, sw_value_ref (b->value));
    }
  if (states != NULL)
    sw_value_object_set (object, "states", states);
  return object;
}

/* Makes the small part hold @bound (not empty) as an object, unless it already does. */
static void
small_update (Part   *part,
              GArray *bound)
{
  guint n_changed;

  if (bound_same_names (part->bound, bound, &n_changed))
    {
      /* Small values change from state to state (a counter): the object, which only this
       * holds, takes the new ones. */
      for (guint i = 0; n_changed > 0 && i < bound->len; i++)
        {
          Bound *old = &g_array_index (part->bound, Bound, i);
          Bound *b = &g_array_index (bound, Bound, i);

          if (old->value == b->value)
            continue;
          old->value = b->value;
          sw_value_object_set (object_of (part->ready.variables, b->name),
                               member_of (b->name), sw_value_ref (b->value));
        }
      return;
    }
  part_clear (part);
  g_array_append_vals (part->bound, bound->data, bound->len);
  part->ready.variables = bound_to_object (bound);
}

/* Converting large values into a document costs about as much as converting them for this
 * many evaluations: they are converted for each evaluation until that many have used them
 * (or are about to, in the fields of one state), and into a document from then on. Values
 * read once, such as a large input read with each item's context by an ItemSelector, cost no
 * more than they did; those read again and again (the states of a loop over an unchanged
 * input) are converted once. */
#define DOCUMENT_COST 5

/* Makes the large part hold @bound (not empty), and a document of it when that pays, for
 * @n_expressions evaluations more.
 * Returns: whether the document is ready */
static gboolean
large_update (Part   *part,
              GArray *bound,
              guint   n_expressions)
{
  guint n_changed;

  if (!bound_same_names (part->bound, bound, &n_changed) || n_changed > 0)
    {
      part_clear (part);
      part->uses = 0;
      for (guint i = 0; i < bound->len; i++)
        {
          Bound b = g_array_index (bound, Bound, i);

          sw_value_ref (b.value);
          g_array_append_val (part->bound, b);
        }
    }
  part->uses = MIN (part->uses + n_expressions, DOCUMENT_COST);
  if (part->ready.document == NULL && part->uses < DOCUMENT_COST)
    return FALSE;
  if (part->ready.document == NULL)
    {
      g_autoptr(SwValue) object = bound_to_object (bound);

      part->ready.document = sw_jsonata_document_new (object);
    }
  return TRUE;
}

static gboolean
is_large (SwValue *value)
{
  return (sw_value_is_object (value) || sw_value_is_array (value)) &&
         sw_eval_json_size (value, LARGE_BINDING + 1) > LARGE_BINDING;
}

/**
 * _sw_lane_jsonata_bindings:
 * @templates: the fields that will be evaluated with the bindings
 * @result: (nullable): `$states.result`
 * @error_output: (nullable): `$states.errorOutput`
 *
 * Returns: (transfer none): the bindings for evaluating @templates in @lane's current state,
 *   `states` and the workflow variables as they were when the state was entered, valid until
 *   the lane's next call
 */
SwLaneBound *
_sw_lane_jsonata_bindings (SwLane                      *lane,
                           const SwPlanTemplate *const *templates,
                           guint                        n_templates,
                           SwValue                     *result,
                           SwValue                     *error_output)
{
  static const char *const states_names[] = {
    "states/input", "states/result", "states/errorOutput", "states/context",
  };
  SwLaneBindings *cache = lane->bindings;
  SwValue *states[4] = { NULL, };
  gboolean context = FALSE, uses_states = FALSE, states_large = FALSE;
  guint n_expressions = 0;
  GArray *small, *large;

  if (cache == NULL)
    {
      cache = lane->bindings = g_new0 (SwLaneBindings, 1);
      for (guint i = 0; i < 2; i++)
        {
          cache->parts[i].bound = g_array_new (FALSE, FALSE, sizeof (Bound));
          cache->lists[i] = g_array_new (FALSE, FALSE, sizeof (Bound));
        }
      cache->parts[1].large = TRUE;
    }
  small = cache->lists[0];
  large = cache->lists[1];
  g_array_set_size (small, 0);
  g_array_set_size (large, 0);

  /* The variables the expressions mention, each as the innermost scope has it. */
  for (guint i = 0; i < n_templates; i++)
    if (templates[i] != NULL)
      {
        guint n_names;
        const char *const *names = _sw_plan_template_get_names (templates[i], &n_names);

        context |= _sw_plan_template_uses_context (templates[i]);
        uses_states |= _sw_plan_template_uses_states (templates[i]);
        n_expressions += _sw_plan_template_n_expressions (templates[i]);
        for (guint j = 0; j < n_names; j++)
          {
            Bound b = { names[j], NULL };

            /* `$states` is the service's, never a variable's */
            if (strcmp (b.name, "states") == 0 || bound_has (small, b.name) ||
                bound_has (large, b.name))
              continue;
            b.value = _sw_lane_get_variable (b.name, lane);
            if (b.value != NULL)
              g_array_append_val (is_large (b.value) ? large : small, b);
          }
      }
  /* Most expressions of a loop read variables only. */
  if (uses_states)
    {
      states[0] = lane->input;
      states[1] = result;
      states[2] = error_output;
      states[3] = context ? _sw_lane_get_context (lane) : NULL;
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        states_large |= states[i] != NULL && is_large (states[i]);
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        if (states[i] != NULL)
          {
            Bound b = { states_names[i], states[i] };

            g_array_append_val (states_large ? large : small, b);
          }
    }

  cache->current.variables = NULL;
  cache->current.document = NULL;
  if (large->len > 0)
    {
      if (large_update (&cache->parts[1], large, n_expressions))
        cache->current.document = cache->parts[1].ready.document;
      else
        g_array_append_vals (small, large->data, large->len);
    }
  if (small->len > 0)
    {
      small_update (&cache->parts[0], small);
      cache->current.variables = cache->parts[0].ready.variables;
    }
  return &cache->current;
}

/**
 * _sw_lane_jsonata_failed:
 * @cause: what went wrong, in the service's words
 * @location: (nullable): the field
 * @catchable: whether Retry and Catch may handle the failure
 *
 * Fails the current state with States.QueryEvaluationError, recording an EvaluationFailed
 * event first.
 */
void
_sw_lane_jsonata_failed (SwLane     *lane,
                         const char *cause,
                         const char *location,
                         gboolean    catchable)
{
  SwExecution *exec = lane->exec;
  g_autofree char *full = NULL;
  SwValue *details = NULL;

  full = g_strdup_printf ("An error occurred while executing the state '%s' (entered at the "
                          "event id #%" G_GINT64_FORMAT "). %s", lane->state->name,
                          lane->entered_event, cause);
  if (_sw_execution_want_events (exec) && !lane->silent)
    {
      details = sw_value_new_object ();
      sw_value_object_set (details, "state", sw_value_new_string (lane->state->name));
      sw_value_object_set (details, "error", sw_value_new_string ("States.QueryEvaluationError"));
      sw_value_object_set (details, "cause", sw_value_new_string (full));
      if (location != NULL)
        sw_value_object_set (details, "location", sw_value_new_string (location));
    }
  _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_EVALUATION_FAILED, details);
  if (catchable)
    _sw_lane_state_failed (lane, "States.QueryEvaluationError", full);
  else
    _sw_lane_fail (lane, "States.QueryEvaluationError", full);
}

/**
 * _sw_lane_jsonata_eval:
 * @template: a field of the current state
 * @bindings: from _sw_lane_jsonata_bindings()
 * @out: (out) (transfer full): the value
 *
 * Returns: %TRUE on success; on failure the state has failed (see _sw_lane_jsonata_failed())
 */
gboolean
_sw_lane_jsonata_eval (SwLane               *lane,
                       const SwPlanTemplate *template,
                       SwLaneBound          *bindings,
                       gboolean              catchable,
                       SwValue             **out)
{
  g_autoptr(GError) error = NULL;

  *out = _sw_plan_template_eval (template, bindings ? bindings->variables : NULL,
                                 bindings ? bindings->document : NULL, &limits, &error);
  if (*out != NULL)
    return TRUE;
  _sw_lane_jsonata_failed (lane, error->message, _sw_plan_template_field (template), catchable);
  return FALSE;
}

/**
 * _sw_lane_jsonata_try:
 * @out: (out) (transfer full): the value
 * @cause: (out) (transfer full): on failure, the cause of the States.QueryEvaluationError
 *
 * Evaluates @template without failing the state: for callers that fail it otherwise.
 *
 * Returns: %TRUE on success
 */
gboolean
_sw_lane_jsonata_try (SwLane               *lane,
                      const SwPlanTemplate *template,
                      SwValue             **out,
                      char                **cause)
{
  SwLaneBound *bindings = _sw_lane_jsonata_bindings (lane, &template, 1, NULL, NULL);
  g_autoptr(GError) error = NULL;

  *out = _sw_plan_template_eval (template, bindings->variables, bindings->document, &limits,
                                 &error);
  if (*out != NULL)
    return TRUE;
  *cause = g_strdup_printf ("An error occurred while executing the state '%s' (entered at the "
                            "event id #%" G_GINT64_FORMAT "). %s", lane->state->name,
                            lane->entered_event, error->message);
  return FALSE;
}

/**
 * _sw_lane_jsonata_eval_one:
 *
 * Evaluates one field with bindings of its own; with @template %NULL, @fallback is the value.
 */
gboolean
_sw_lane_jsonata_eval_one (SwLane               *lane,
                           const SwPlanTemplate *template,
                           SwValue              *result,
                           SwValue              *fallback,
                           SwValue             **out)
{
  SwLaneBound *bindings;

  if (template == NULL)
    {
      *out = sw_value_ref (fallback);
      return TRUE;
    }
  if (_sw_plan_template_is_constant (template))
    return _sw_lane_jsonata_eval (lane, template, NULL, TRUE, out);
  bindings = _sw_lane_jsonata_bindings (lane, &template, 1, result, NULL);
  return _sw_lane_jsonata_eval (lane, template, bindings, TRUE, out);
}

/**
 * _sw_lane_jsonata_field:
 * @field: a literal or expression field of a JSONata state (Seconds, TimeoutSeconds, Error …)
 * @out: (out) (transfer full): its value
 *
 * Returns: %TRUE on success; on failure the state has failed
 */
gboolean
_sw_lane_jsonata_field (SwLane      *lane,
                        SwPlanField *field,
                        SwValue    **out)
{
  if (field->value != NULL)
    {
      *out = sw_value_ref (field->value);
      return TRUE;
    }
  return _sw_lane_jsonata_eval_one (lane, field->expr, NULL, NULL, out);
}

/* The guide (“Passing data between states with variables”, Limits): a variable is at most
 * 256 KiB, so are all the variables one Assign field sets together, and the variables stored
 * in an execution are at most 10 MiB together. Sizes are those of the values as compact JSON.
 * The guide names no error for going over; this takes the one the service raises for data
 * over a quota, States.DataLimitExceeded. */
#define MAX_VARIABLE_SIZE (256u * 1024u)
#define MAX_ASSIGN_SIZE (256u * 1024u)
#define MAX_VARIABLES_SIZE (10u * 1024u * 1024u)

static void
assign_too_large (SwLane     *lane,
                  gboolean    catchable,
                  const char *cause)
{
  if (catchable)
    _sw_lane_state_failed (lane, "States.DataLimitExceeded", cause);
  else
    _sw_lane_fail (lane, "States.DataLimitExceeded", cause);
}

/**
 * _sw_lane_check_assign_size:
 * @values: the object an Assign field evaluated to
 * @catchable: whether Retry and Catch may handle the failure (not for a catcher's Assign)
 *
 * Fails the state with States.DataLimitExceeded if assigning @values would go over the
 * service's limits on variables.
 *
 * Returns: %TRUE if @values may be assigned
 */
gboolean
_sw_lane_check_assign_size (SwLane   *lane,
                            SwValue  *values,
                            gboolean  catchable)
{
  g_autofree char *cause = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gsize total = 0;
  guint n_visible = 0;

  for (guint i = 0; i < sw_value_object_get_size (values); i++)
    {
      gsize size = sw_eval_json_size (sw_value_object_get_value (values, i),
                                      MAX_ASSIGN_SIZE + 1);

      if (size > MAX_VARIABLE_SIZE)
        {
          cause = g_strdup_printf ("The value assigned to the variable '%s' is larger than "
                                   "the maximum variable size of %u bytes.",
                                   sw_value_object_get_key (values, i), MAX_VARIABLE_SIZE);
          assign_too_large (lane, catchable, cause);
          return FALSE;
        }
      total += size;
      if (total > MAX_ASSIGN_SIZE)
        {
          cause = g_strdup_printf ("The variables assigned by the field 'Assign' are larger "
                                   "than the maximum of %u bytes for one Assign.",
                                   MAX_ASSIGN_SIZE);
          assign_too_large (lane, catchable, cause);
          return FALSE;
        }
    }

  /* With every variable at most 256 KiB, 10 MiB takes more than 40 of them: only then are
   * the stored ones counted (those this lane can see, each name once). */
  for (SwScope *scope = lane->scope; scope != NULL; scope = scope->parent)
    n_visible += sw_value_object_get_size (scope->variables);
  if ((gsize) n_visible + sw_value_object_get_size (values) <=
      MAX_VARIABLES_SIZE / MAX_VARIABLE_SIZE)
    return TRUE;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < sw_value_object_get_size (values); i++)
    g_hash_table_add (seen, (gpointer) sw_value_object_get_key (values, i));
  for (SwScope *scope = lane->scope; scope != NULL; scope = scope->parent)
    for (guint i = 0; i < sw_value_object_get_size (scope->variables); i++)
      {
        const char *name = sw_value_object_get_key (scope->variables, i);

        if (!g_hash_table_add (seen, (gpointer) name))
          continue;
        total += sw_eval_json_size (sw_value_object_get_value (scope->variables, i),
                                    MAX_VARIABLES_SIZE + 1);
        if (total > MAX_VARIABLES_SIZE)
          {
            cause = g_strdup_printf ("The variables stored in the execution would be larger "
                                     "than the maximum of %u bytes.", MAX_VARIABLES_SIZE);
            assign_too_large (lane, catchable, cause);
            return FALSE;
          }
      }
  return TRUE;
}
