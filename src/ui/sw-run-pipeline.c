/* sw-run-pipeline.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-json.h"
#include "sw-machine.h"
#include "sw-payload.h"
#include "sw-run-pipeline.h"

void
sw_run_pipeline_step_free (SwRunPipelineStep *step)
{
  if (step == NULL)
    return;
  g_free (step->step);
  g_free (step->expression);
  g_free (step->json);
  g_free (step->error);
  g_free (step);
}

static SwRunPipelineStep *
add_step (GPtrArray  *steps,
          const char *name,
          SwValue    *field,
          SwValue    *value)
{
  SwRunPipelineStep *step = g_new0 (SwRunPipelineStep, 1);

  step->step = g_strdup (name);
  if (field != NULL)
    step->expression = sw_json_write (field, SW_JSON_WRITE_COMPACT, NULL);
  if (value != NULL)
    {
      gsize length = 0;

      step->json = sw_json_write (value, SW_JSON_WRITE_DEFAULT, &length);
      if (length > 0 && step->json[length - 1] == '\n')
        step->json[length - 1] = '\0';
    }
  g_ptr_array_add (steps, step);
  return step;
}

static SwValue *
parse (const char *text)
{
  if (text == NULL)
    return NULL;
  return sw_json_parse (text, -1, NULL, NULL, NULL);
}

static SwValue *
apply_path (SwValue     *field,
            SwValue     *input,
            SwValue     *context,
            GError     **error)
{
  g_autoptr(SwEvalPath) path = NULL;
  SwEvalScope scope = { 0 };

  if (sw_value_get_kind (field) == SW_VALUE_NULL)
    return sw_value_new_object ();
  path = sw_eval_path_parse (sw_value_get_string (field),
                             SW_PATH_ALLOW_CONTEXT | SW_PATH_ALLOW_VARIABLES, error);
  if (path == NULL)
    return NULL;
  scope.input = input;
  scope.context = context;
  return sw_eval_path_get (path, &scope, error);
}

static SwValue *
apply_template (SwValue  *field,
                SwValue  *input,
                SwValue  *context,
                GError  **error)
{
  g_autoptr(SwPayload) payload = sw_payload_compile (field, error);
  SwEvalScope scope = { 0 };

  if (payload == NULL)
    return NULL;
  scope.input = input;
  scope.context = context;
  return sw_payload_expand (payload, &scope, error);
}

static const char *
query_language (SwState *state)
{
  const char *language = sw_state_get_query_language (state);
  SwMachine *machine = sw_state_get_machine (state);

  if (language == NULL && machine != NULL)
    language = sw_machine_get_query_language (sw_machine_get_root (machine));
  return language;
}

/**
 * sw_run_pipeline_compute:
 *
 * Returns: (transfer full) (nullable): the steps
 */
GPtrArray *
sw_run_pipeline_compute (SwState    *state,
                         const char *input_json,
                         const char *result_json,
                         const char *context_json)
{
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(SwValue) input = NULL;
  g_autoptr(SwValue) context = NULL;
  g_autoptr(SwValue) effective = NULL;
  g_autoptr(SwValue) parameters = NULL;
  g_autoptr(SwValue) result = NULL;
  g_autoptr(SwValue) selected = NULL;
  g_autoptr(SwValue) combined = NULL;
  g_autoptr(SwValue) output = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *field;
  SwStateType type;

  g_return_val_if_fail (SW_IS_STATE (state), NULL);

  /* JSONata states have no such pipeline; a Fail state has no output at all. */
  if (g_strcmp0 (query_language (state), "JSONata") == 0 ||
      sw_state_get_state_type (state) == SW_STATE_TYPE_FAIL)
    return NULL;
  steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_run_pipeline_step_free);
  type = sw_state_get_state_type (state);
  input = parse (input_json);
  if (input == NULL)
    {
      add_step (steps, _("Input"), NULL, NULL)->error = g_strdup (_("The input is unknown"));
      return g_steal_pointer (&steps);
    }
  context = parse (context_json);
  add_step (steps, _("State input"), NULL, input);

#define FAIL_STEP(s) G_STMT_START { (s)->error = g_strdup (error->message); \
                                    return g_steal_pointer (&steps); } G_STMT_END

  field = sw_state_get_field (state, "InputPath");
  if (field != NULL)
    {
      effective = apply_path (field, input, context, &error);
      if (effective == NULL)
        FAIL_STEP (add_step (steps, "InputPath", field, NULL));
      add_step (steps, "InputPath", field, effective);
    }
  else
    effective = sw_value_ref (input);

  field = sw_state_get_field (state, "Parameters");
  if (field != NULL && type != SW_STATE_TYPE_MAP)
    {
      parameters = apply_template (field, effective, context, &error);
      if (parameters == NULL)
        FAIL_STEP (add_step (steps, "Parameters", field, NULL));
      add_step (steps, "Parameters", field, parameters);
    }
  else
    parameters = sw_value_ref (effective);

  if (type == SW_STATE_TYPE_CHOICE || type == SW_STATE_TYPE_WAIT ||
      type == SW_STATE_TYPE_SUCCEED || type == SW_STATE_TYPE_FAIL)
    result = sw_value_ref (effective);
  else if (result_json != NULL)
    {
      result = parse (result_json);
      add_step (steps, type == SW_STATE_TYPE_TASK ? _("Task result") : _("Result"), NULL,
                result);
    }
  else if (type == SW_STATE_TYPE_PASS && (field = sw_state_get_field (state, "Result")))
    {
      result = sw_value_ref (field);
      add_step (steps, "Result", field, result);
    }
  else if (type == SW_STATE_TYPE_PASS)
    result = sw_value_ref (parameters);
  if (result == NULL)
    {
      add_step (steps, _("Result"), NULL, NULL)->error =
        g_strdup (_("No result yet: the state has not finished"));
      return g_steal_pointer (&steps);
    }

  field = sw_state_get_field (state, "ResultSelector");
  if (field != NULL)
    {
      selected = apply_template (field, result, context, &error);
      if (selected == NULL)
        FAIL_STEP (add_step (steps, "ResultSelector", field, NULL));
      add_step (steps, "ResultSelector", field, selected);
    }
  else
    selected = sw_value_ref (result);

  field = sw_state_get_field (state, "ResultPath");
  if (type == SW_STATE_TYPE_CHOICE || type == SW_STATE_TYPE_WAIT ||
      type == SW_STATE_TYPE_SUCCEED || type == SW_STATE_TYPE_FAIL)
    combined = sw_value_ref (effective);
  else if (field == NULL)
    combined = sw_value_ref (selected);
  else if (sw_value_get_kind (field) == SW_VALUE_NULL)
    {
      combined = sw_value_ref (input);
      add_step (steps, "ResultPath", field, combined);
    }
  else
    {
      g_autoptr(SwPath) reference = sw_path_parse (sw_value_get_string (field),
                                                   SW_PATH_REFERENCE, NULL, &error);

      if (reference == NULL)
        FAIL_STEP (add_step (steps, "ResultPath", field, NULL));
      combined = sw_value_copy (input);
      if (!sw_path_set (reference, &combined, sw_value_ref (selected), &error))
        FAIL_STEP (add_step (steps, "ResultPath", field, NULL));
      add_step (steps, "ResultPath", field, combined);
    }

  field = sw_state_get_field (state, "OutputPath");
  if (field != NULL)
    {
      output = apply_path (field, combined, context, &error);
      if (output == NULL)
        FAIL_STEP (add_step (steps, "OutputPath", field, NULL));
      add_step (steps, "OutputPath", field, output);
    }
  else
    output = sw_value_ref (combined);
  add_step (steps, _("State output"), NULL, output);
#undef FAIL_STEP
  return g_steal_pointer (&steps);
}
