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

/* Binds the visible variables that @templates mention, inner scopes over outer ones. */
static void
bind_variables (SwLane                      *lane,
                SwValue                     *bindings,
                const SwPlanTemplate *const *templates,
                guint                        n_templates)
{
  SwScope *stack[16], **chain = stack;
  guint depth = 0, n = 0;

  /* Outer scopes first, so inner ones shadow them. */
  for (SwScope *scope = lane->scope; scope != NULL; scope = scope->parent)
    depth++;
  if (depth > G_N_ELEMENTS (stack))
    chain = g_new (SwScope *, depth);
  for (SwScope *scope = lane->scope; scope != NULL; scope = scope->parent)
    chain[depth - 1 - n++] = scope;
  for (guint i = 0; i < depth; i++)
    {
      SwScope *scope = chain[i];

      for (guint j = 0; j < sw_value_object_get_size (scope->variables); j++)
        {
          const char *name = sw_value_object_get_key (scope->variables, j);

          for (guint k = 0; k < n_templates; k++)
            if (templates[k] != NULL && _sw_plan_template_mentions (templates[k], name))
              {
                sw_value_object_set (bindings, name,
                                     sw_value_ref (sw_value_object_get_value (scope->variables,
                                                                              j)));
                break;
              }
        }
    }
  if (chain != stack)
    g_free (chain);
}

/**
 * _sw_lane_jsonata_bindings:
 * @templates: the fields that will be evaluated with the bindings
 * @result: (nullable): `$states.result`
 * @error_output: (nullable): `$states.errorOutput`
 *
 * Returns: (transfer full): the bindings for evaluating @templates in @lane's current state:
 *   `states` and the workflow variables, as they were when the state was entered
 */
SwValue *
_sw_lane_jsonata_bindings (SwLane                      *lane,
                           const SwPlanTemplate *const *templates,
                           guint                        n_templates,
                           SwValue                     *result,
                           SwValue                     *error_output)
{
  SwValue *bindings = sw_value_new_object ();
  SwValue *states;
  gboolean context = FALSE, uses_states = FALSE;

  for (guint i = 0; i < n_templates; i++)
    if (templates[i] != NULL)
      {
        context |= _sw_plan_template_uses_context (templates[i]);
        uses_states |= _sw_plan_template_uses_states (templates[i]);
      }

  bind_variables (lane, bindings, templates, n_templates);
  /* Most expressions of a loop read variables only. */
  if (!uses_states)
    return bindings;
  states = sw_value_new_object ();
  sw_value_object_set (states, "input", sw_value_ref (lane->input));
  if (result != NULL)
    sw_value_object_set (states, "result", sw_value_ref (result));
  if (error_output != NULL)
    sw_value_object_set (states, "errorOutput", sw_value_ref (error_output));
  if (context)
    sw_value_object_set (states, "context", sw_value_ref (_sw_lane_get_context (lane)));
  sw_value_object_set (bindings, "states", states);
  return bindings;
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
                       SwValue              *bindings,
                       gboolean              catchable,
                       SwValue             **out)
{
  g_autoptr(GError) error = NULL;

  *out = _sw_plan_template_eval (template, bindings, &limits, &error);
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
  g_autoptr(SwValue) bindings = _sw_lane_jsonata_bindings (lane, &template, 1, NULL, NULL);
  g_autoptr(GError) error = NULL;

  *out = _sw_plan_template_eval (template, bindings, &limits, &error);
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
  g_autoptr(SwValue) bindings = NULL;

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
