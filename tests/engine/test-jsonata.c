/* test-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSONata states as the Step Functions developer guide documents them: QueryLanguage at the
 * machine and state level, `{% … %}` in every field that takes it, the `$states` variable,
 * workflow variables, the order of Arguments, Output and Assign, Catch with
 * `$states.errorOutput`, variable visibility in Parallel and Map, the Step Functions
 * functions, States.QueryEvaluationError and the limits on evaluation. */

#include <string.h>

#include "sw-engine-error.h"
#include "sw-test-engine.h"

static SwExecution *
with_handler (const char        *definition,
              const char        *input,
              SwTaskHandlerFunc  func)
{
  return sw_test_execution_with (definition, input, "*", func, NULL);
}

/* Answers with what it was sent, under `got`. */
static void
echo_handler (SwTaskRequest *request,
              gpointer       data)
{
  SwValue *result = sw_value_new_object ();

  sw_value_object_set (result, "got", sw_value_ref (sw_task_request_get_parameters (request)));
  sw_task_request_return_value (request, result);
}

static void
failing_handler (SwTaskRequest *request,
                 gpointer       data)
{
  sw_task_request_return_error (request, "Custom.Broken", "the disk is full");
}

/* Query language */

static void
test_machine_level (void)
{
  /* The counter loop: Assign with $count, a Choice Condition, Output with $states.input. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`Init`,`States`:{"
    "`Init`:{`Type`:`Pass`,`Assign`:{`count`:0,`limit`:`{% $states.input.limit %}`},"
    "`Next`:`Inc`},"
    "`Inc`:{`Type`:`Pass`,`Assign`:{`count`:`{% $count + 1 %}`},`Next`:`Check`},"
    "`Check`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $count < $limit %}`,`Next`:`Inc`}],"
    "`Default`:`Done`},"
    "`Done`:{`Type`:`Succeed`,`Output`:{`count`:`{% $count %}`,"
    "`input`:`{% $states.input %}`,`literal`:`$count`}}}}", "{`limit`:4}");

  sw_test_expect_output (execution, "{`count`:4,`input`:{`limit`:4},`literal`:`$count`}");
  /* Init, 4 × (Inc, Check), Done. */
  g_assert_cmpuint (sw_execution_get_n_transitions (execution), ==, 10);
}

static void
test_state_level (void)
{
  /* One JSONata state in a JSONPath machine; JSONPath reads what it assigned, and a JSONata
   * state can be JSONPath again inside a JSONata machine. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`QueryLanguage`:`JSONata`,`Assign`:{`total`:"
    "`{% $sum($states.input.items.price) %}`},`Output`:`{% $states.input.items[0] %}`,"
    "`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Parameters`:{`first.$`:`$.price`,`total.$`:`$total`,"
    "`doubled.$`:`States.MathAdd($total, $total)`},`End`:true}}}",
    "{`items`:[{`price`:3},{`price`:4}]}");
  g_autoptr(SwExecution) back = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`QueryLanguage`:`JSONPath`,`Parameters`:{`v.$`:`$.v`},`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Output`:`{% $states.input.v * 2 %}`,`End`:true}}}", "{`v`:21}");

  sw_test_expect_output (execution, "{`first`:3,`total`:7,`doubled`:14}");
  sw_test_expect_output (back, "42");
}

static void
test_jsonpath_fields_rejected (void)
{
  static const char *definitions[] = {
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`InputPath`:`$.a`,`End`:true}}}",
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`QueryLanguage`:`JSONata`,"
    "`Parameters`:{`a`:1},`End`:true}}}",
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Output`:`{% $states.input. %}`,`End`:true}}}",
    "{`QueryLanguage`:`JSONata`,`StartAt`:`C`,`States`:{`C`:{`Type`:`Choice`,"
    "`Choices`:[{`Condition`:`true`,`Next`:`P`}]},`P`:{`Type`:`Pass`,`End`:true}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      g_autoptr(SwValue) tree = sw_test_parse (definitions[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SwExecution) execution = sw_execution_new (tree, NULL, &error);

      g_assert_null (execution);
      g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INVALID);
    }
}

/* Evaluation order */

static void
test_output_and_assign_see_old_values (void)
{
  /* The guide: Assign and Output are evaluated together, with the variables as they were
   * when the state was entered; new values are visible from the next state. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`x`:1,`y`:2},`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Assign`:{`x`:`{% $y %}`,`y`:`{% $x %}`},"
    "`Output`:{`x`:`{% $x %}`,`y`:`{% $y %}`},`Next`:`C`},"
    "`C`:{`Type`:`Pass`,`Output`:{`before`:`{% $states.input %}`,`x`:`{% $x %}`,"
    "`y`:`{% $y %}`},`End`:true}}}", NULL);
  g_autoptr(SwValue) exited = NULL;
  SwValue *assigned;

  sw_test_expect_output (execution, "{`before`:{`x`:1,`y`:2},`x`:2,`y`:1}");
  exited = sw_test_find_event (execution, "PassStateExited", 1);
  assigned = sw_value_object_get (sw_value_object_get (exited, "stateExitedEventDetails"),
                                  "assignedVariables");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (assigned, "x")), ==, "2");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (assigned, "y")), ==, "1");
}

static void
test_task_arguments_result (void)
{
  /* Arguments → task → Output and Assign, which read $states.result. */
  g_autoptr(SwExecution) execution = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`T`,`States`:{"
    "`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::lambda:invoke`,"
    "`Arguments`:{`FunctionName`:`f`,`Payload`:{`n`:`{% $states.input.n + 1 %}`,"
    "`name`:`{% $states.context.State.Name %}`}},"
    "`Assign`:{`last`:`{% $states.result.got.Payload.n %}`},"
    "`Output`:{`result`:`{% $states.result.got.Payload %}`,`input`:`{% $states.input %}`},"
    "`Next`:`After`},"
    "`After`:{`Type`:`Pass`,`Output`:`{% $last %}`,`End`:true}}}",
    "{`n`:1}", echo_handler);
  g_autoptr(SwValue) scheduled = NULL;
  g_autoptr(SwValue) exited = NULL;

  sw_test_expect_output (execution, "2");
  scheduled = sw_test_find_event (execution, "TaskScheduled", 0);
  g_assert_cmpstr (sw_test_detail (scheduled, "parameters"), ==,
                   "{\"FunctionName\":\"f\",\"Payload\":{\"n\":2,\"name\":\"T\"}}");
  exited = sw_test_find_event (execution, "TaskStateExited", 0);
  g_assert_cmpstr (sw_test_detail (exited, "output"), ==,
                   "{\"result\":{\"n\":2,\"name\":\"T\"},\"input\":{\"n\":1}}");
}

static void
test_task_default_output_and_timeout (void)
{
  /* Without Output the state's output is the result; TimeoutSeconds may be an expression. */
  g_autoptr(SwExecution) execution = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`T`,`States`:{"
    "`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`TimeoutSeconds`:`{% $states.input.t * 10 %}`,`End`:true}}}",
    "{`t`:3}", echo_handler);
  g_autoptr(SwValue) scheduled = NULL;
  SwValue *timeout;

  sw_test_expect_output (execution, "{`got`:{`t`:3}}");
  scheduled = sw_test_find_event (execution, "TaskScheduled", 0);
  timeout = sw_value_object_get (sw_value_object_get (scheduled, "taskScheduledEventDetails"),
                                 "timeoutInSeconds");
  g_assert_cmpfloat (sw_value_get_double (timeout), ==, 30);
}

/* Errors */

static void
test_catch_error_output (void)
{
  g_autoptr(SwExecution) execution = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`T`,`States`:{"
    "`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Catch`:[{`ErrorEquals`:[`States.ALL`],`Next`:`Handle`,"
    "`Assign`:{`why`:`{% $states.errorOutput.Cause %}`},"
    "`Output`:{`err`:`{% $states.errorOutput.Error %}`,`in`:`{% $states.input.id %}`}}],"
    "`End`:true},"
    "`Handle`:{`Type`:`Pass`,`Output`:{`caught`:`{% $states.input %}`,`why`:`{% $why %}`},"
    "`End`:true}}}", "{`id`:7}", failing_handler);

  sw_test_expect_output (execution, "{`caught`:{`err`:`Custom.Broken`,`in`:7},"
                                    "`why`:`the disk is full`}");
}

static void
test_catch_default_output (void)
{
  g_autoptr(SwExecution) execution = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`T`,`States`:{"
    "`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Catch`:[{`ErrorEquals`:[`Custom.Broken`],`Next`:`Handle`}],`End`:true},"
    "`Handle`:{`Type`:`Pass`,`End`:true}}}", NULL, failing_handler);

  sw_test_expect_output (execution, "{`Error`:`Custom.Broken`,`Cause`:`the disk is full`}");
}

static void
test_undefined_is_error (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Output`:{`a`:`{% $states.input.missing %}`},`End`:true}}}", "{`b`:1}");
  g_autoptr(SwValue) event = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.QueryEvaluationError",
                         "An error occurred while executing the state 'P' (entered at the event id "
                         "#2). The JSONata expression '$states.input.missing' specified for the "
                         "field 'Output/a' returned nothing (undefined).");
  event = sw_test_find_event (execution, "EvaluationFailed", 0);
  g_assert_cmpstr (sw_test_detail (event, "state"), ==, "P");
  g_assert_cmpstr (sw_test_detail (event, "error"), ==, "States.QueryEvaluationError");
  g_assert_cmpstr (sw_test_detail (event, "location"), ==, "Output");
}

static void
test_evaluation_error_caught (void)
{
  /* A type error is a QueryEvaluationError, which Retry and Catch handle like any error. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{"
    "`P`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Arguments`:{`n`:`{% $states.input.s + 1 %}`},"
    "`Retry`:[{`ErrorEquals`:[`States.QueryEvaluationError`],`MaxAttempts`:1,"
    "`IntervalSeconds`:1}],"
    "`Catch`:[{`ErrorEquals`:[`States.QueryEvaluationError`],`Next`:`H`}],`End`:true},"
    "`H`:{`Type`:`Pass`,`Output`:`{% $states.input.Error %}`,`End`:true}}}", "{`s`:`x`}");
  g_autoptr(SwValue) exited = NULL;

  sw_test_expect_output (execution, "`States.QueryEvaluationError`");
  exited = sw_test_find_event (execution, "EvaluationFailed", 1);
  sw_test_assert_contains (sw_test_detail (exited, "cause"), "T2001");
  sw_test_assert_contains (sw_test_detail (exited, "cause"),
                           "The JSONata expression '$states.input.s + 1' specified for the "
                           "field 'Arguments/n' threw an error during evaluation.");
}

static void
test_runaway_bounded (void)
{
  /* Endless recursion ends with the depth limit, not a crash. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Output`:`{% ($f := function($n) { $f($n + 1) + 1 }; $f(0)) %}`,`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.QueryEvaluationError", "D1011");
}

static void
test_fail_and_wait_fields (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`W`,`States`:{"
    "`W`:{`Type`:`Wait`,`Seconds`:`{% $states.input.delay %}`,`Next`:`F`},"
    "`F`:{`Type`:`Fail`,`Error`:`{% 'Order.' & $states.input.kind %}`,"
    "`Cause`:`{% $string($states.input.delay) & ' seconds' %}`}}}",
    "{`delay`:5,`kind`:`Late`}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "Order.Late", NULL);
  g_assert_cmpstr (sw_execution_get_cause (execution), ==, "5 seconds");
  g_assert_cmpint (sw_test_event_time (execution, "WaitStateExited", 0), ==, 5000);
}

/* Choice */

static void
test_choice_rules (void)
{
  static const struct
  {
    const char *input;
    const char *output;
  } cases[] = {
    { "{`type`:`Private`,`value`:22}", "{`rule`:1,`v`:22,`picked`:`private`}" },
    { "{`type`:`Public`,`value`:5}", "{`default`:{`type`:`Public`,`value`:5},"
                                     "`picked`:`default`}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwExecution) execution = sw_test_execution_new (
        "{`QueryLanguage`:`JSONata`,`StartAt`:`C`,`States`:{"
        "`C`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $states.input.type = 'Private' %}`,"
        "`Output`:{`rule`:1,`v`:`{% $states.input.value %}`},"
        "`Assign`:{`picked`:`private`},`Next`:`P`}],"
        "`Default`:`P`,`Output`:{`default`:`{% $states.input %}`},"
        "`Assign`:{`picked`:`{% $exists($picked) ? $picked : 'default' %}`}},"
        "`P`:{`Type`:`Pass`,`Output`:`{% $merge([$states.input, {'picked': $picked}]) %}`,"
        "`End`:true}}}", cases[i].input);

      sw_test_expect_output (execution, cases[i].output);
    }
}

static void
test_choice_not_boolean (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`C`,`States`:{"
    "`C`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $states.input.n %}`,`Next`:`P`}]},"
    "`P`:{`Type`:`Pass`,`End`:true}}}", "{`n`:1}");
  g_autoptr(SwExecution) none = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`C`,`States`:{"
    "`C`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $states.input.n > 5 %}`,`Next`:`P`}]},"
    "`P`:{`Type`:`Pass`,`End`:true}}}", "{`n`:1}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.QueryEvaluationError",
                         "must evaluate to true or false");
  g_assert_cmpint (sw_test_run (none), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (none, "States.NoChoiceMatched", NULL);
}

/* Parallel and Map */

static void
test_parallel_scopes (void)
{
  /* Branches read outer variables and the Arguments; what they assign stays inside; the
   * Parallel's Output and Assign read $states.result. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`outer`:10},`Next`:`P`},"
    "`P`:{`Type`:`Parallel`,`Arguments`:{`k`:`{% $states.input.k %}`},`Branches`:["
    "{`StartAt`:`B1`,`States`:{`B1`:{`Type`:`Pass`,`Assign`:{`inner`:1},`Next`:`B2`},"
    "`B2`:{`Type`:`Pass`,`Output`:`{% $outer + $inner + $states.input.k %}`,`End`:true}}},"
    "{`StartAt`:`C1`,`States`:{`C1`:{`Type`:`Pass`,`Output`:`{% $exists($inner) %}`,"
    "`End`:true}}}],"
    "`Assign`:{`sum`:`{% $states.result[0] %}`},"
    "`Output`:{`results`:`{% $states.result %}`},`Next`:`After`},"
    "`After`:{`Type`:`Pass`,`Output`:{`r`:`{% $states.input.results %}`,`sum`:`{% $sum %}`,"
    "`inner`:`{% $exists($inner) %}`},`End`:true}}}", "{`k`:100}");

  sw_test_expect_output (execution, "{`r`:[111,false],`sum`:111,`inner`:false}");
}

static void
test_map_items_and_selector (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`rate`:2},`Next`:`M`},"
    "`M`:{`Type`:`Map`,`Items`:`{% $states.input.orders[price > 1] %}`,"
    "`MaxConcurrency`:`{% $count($states.input.orders) %}`,"
    "`ItemSelector`:{`i`:`{% $states.context.Map.Item.Index %}`,"
    "`v`:`{% $states.context.Map.Item.Value.price %}`,`c`:`{% $states.input.currency %}`},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`INLINE`},`StartAt`:`I`,`States`:{"
    "`I`:{`Type`:`Pass`,`Output`:`{% $states.input.c & $string($states.input.v * $rate) "
    "& '#' & $string($states.input.i) %}`,`End`:true}}},"
    "`End`:true}}}",
    "{`currency`:`EUR`,`orders`:[{`price`:5},{`price`:1},{`price`:3}]}");

  sw_test_expect_output (execution, "[`EUR10#0`,`EUR6#1`]");
}

static void
test_map_items_literal_and_errors (void)
{
  g_autoptr(SwExecution) literal = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`M`,`States`:{"
    "`M`:{`Type`:`Map`,`Items`:[1,`{% $states.input.x %}`],`ItemProcessor`:{`StartAt`:`I`,"
    "`States`:{`I`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", "{`x`:2}");
  g_autoptr(SwExecution) not_array = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`M`,`States`:{"
    "`M`:{`Type`:`Map`,`Items`:`{% $states.input.x %}`,`ItemProcessor`:{`StartAt`:`I`,"
    "`States`:{`I`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", "{`x`:2}");
  g_autoptr(SwExecution) selector = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`M`,`States`:{"
    "`M`:{`Type`:`Map`,`ItemSelector`:`{% $states.context.Map.Item.Value.y %}`,"
    "`ItemProcessor`:{`StartAt`:`I`,`States`:{`I`:{`Type`:`Pass`,`End`:true}}},"
    "`End`:true}}}", "[{`y`:1},{`z`:2}]");

  sw_test_expect_output (literal, "[1,2]");
  g_assert_cmpint (sw_test_run (not_array), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (not_array, "States.QueryEvaluationError", "'Items' must be an array");
  g_assert_cmpint (sw_test_run (selector), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (selector, "States.QueryEvaluationError",
                         "'ItemSelector' returned nothing");
}

static void
test_distributed_map_no_outer_variables (void)
{
  /* The guide: a distributed Map's child workflows cannot read outer variables. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`outer`:1},`Next`:`M`},"
    "`M`:{`Type`:`Map`,`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,"
    "`ExecutionType`:`STANDARD`},`StartAt`:`I`,`States`:{`I`:{`Type`:`Pass`,"
    "`Output`:`{% $exists($outer) %}`,`End`:true}}},`Next`:`Inline`},"
    "`Inline`:{`Type`:`Map`,`Items`:[1],`ItemProcessor`:{`StartAt`:`J`,`States`:{"
    "`J`:{`Type`:`Pass`,`Output`:`{% $exists($outer) %}`,`End`:true}}},"
    "`Output`:`{% $append($states.input, $states.result) %}`,`End`:true}}}", "[1,2]");

  sw_test_expect_output (execution, "[false,false,true]");
}

/* The guide, “Handling expression errors”: a value of the wrong type or out of range for
 * the field is a States.QueryEvaluationError, which Catch handles. */
static void
test_seconds_type_errors (void)
{
  static const char *values[] = { "'ten'", "-1", "1.5", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *definition = g_strdup_printf (
        "{`QueryLanguage`:`JSONata`,`StartAt`:`T`,`States`:{"
        "`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
        "`%s`:`{%% %s %%}`,"
        "`Catch`:[{`ErrorEquals`:[`States.QueryEvaluationError`],`Next`:`H`,"
        "`Output`:`{%% $states.errorOutput.Error %%}`}],`End`:true},"
        "`H`:{`Type`:`Pass`,`End`:true}}}",
        i % 2 == 0 ? "TimeoutSeconds" : "HeartbeatSeconds", values[i]);
      g_autoptr(SwExecution) execution = with_handler (definition, NULL, echo_handler);
      g_autoptr(SwValue) event = NULL;

      sw_test_expect_output (execution, "`States.QueryEvaluationError`");
      event = sw_test_find_event (execution, "EvaluationFailed", 0);
      sw_test_assert_contains (sw_test_detail (event, "cause"),
                               i % 2 == 0 ? "'TimeoutSeconds' must be a positive integer"
                                          : "'HeartbeatSeconds' must be a positive integer");
    }
}

/* The same for the Map state's numeric fields. */
static void
test_map_field_errors (void)
{
  static const struct
  {
    const char *field;
    const char *value;
    gboolean distributed;
  } cases[] = {
    { "MaxConcurrency", "-1", FALSE },
    { "MaxConcurrency", "'two'", FALSE },
    { "MaxConcurrency", "1.5", FALSE },
    { "ToleratedFailurePercentage", "200", TRUE },
    { "ToleratedFailureCount", "-3", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *definition = g_strdup_printf (
        "{`QueryLanguage`:`JSONata`,`StartAt`:`M`,`States`:{"
        "`M`:{`Type`:`Map`,`Items`:[1,2],`%s`:`{%% %s %%}`,`ItemProcessor`:{%s"
        "`StartAt`:`I`,`States`:{`I`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}",
        cases[i].field, cases[i].value,
        cases[i].distributed ? "`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,"
                               "`ExecutionType`:`STANDARD`}," : "");
      g_autofree char *fragment = g_strdup_printf ("The field '%s' must be", cases[i].field);
      g_autoptr(SwExecution) execution = sw_test_execution_new (definition, NULL);

      g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
      sw_test_assert_failed (execution, "States.QueryEvaluationError", fragment);
    }
}

/* The guide, “Evaluation order in an assign field”: reading a variable no state assigned is
 * undefined, so the Assign fails. */
static void
test_assign_unassigned_variable (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Assign`:{`x`:`{% $a %}`,`nextX`:`{% $x %}`},`End`:true}}}", NULL);
  g_autoptr(SwValue) event = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.QueryEvaluationError", "returned nothing");
  event = sw_test_find_event (execution, "EvaluationFailed", 0);
  g_assert_cmpstr (sw_test_detail (event, "location"), ==, "Assign");
}

/* The guide, “Variable scope”: a catcher's Assign sets variables in the scope of the state
 * it catches for, and a caught state's own Assign and Output are not applied. */
static void
test_catch_assign_outer_scope (void)
{
  g_autoptr(SwExecution) execution = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{"
    "`P`:{`Type`:`Parallel`,`Branches`:[{`StartAt`:`B`,`States`:{"
    "`B`:{`Type`:`Pass`,`Assign`:{`inner`:1},`Next`:`T`},"
    "`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Assign`:{`never`:1},`End`:true}}}],"
    "`Assign`:{`parallel`:`{% $states.result %}`},"
    "`Catch`:[{`ErrorEquals`:[`States.ALL`],`Next`:`After`,"
    "`Assign`:{`why`:`{% $states.errorOutput.Error %}`}}],`End`:true},"
    "`After`:{`Type`:`Pass`,`Output`:{`why`:`{% $why %}`,"
    "`parallel`:`{% $exists($parallel) %}`,`inner`:`{% $exists($inner) %}`,"
    "`never`:`{% $exists($never) %}`},`End`:true}}}", NULL, failing_handler);

  sw_test_expect_output (execution, "{`why`:`Custom.Broken`,`parallel`:false,`inner`:false,"
                                    "`never`:false}");
}

/* The guide: Map iterations read outer variables but not each other's, and nothing they
 * assign is seen after the Map; the Map's Output and Assign read $states.result. */
static void
test_map_iterations_isolated (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`base`:10},`Next`:`M`},"
    "`M`:{`Type`:`Map`,`Items`:`{% $states.input %}`,`MaxConcurrency`:1,"
    "`ItemProcessor`:{`StartAt`:`I`,`States`:{"
    "`I`:{`Type`:`Pass`,`Output`:`{% [$exists($seen), $base + $states.input] %}`,"
    "`Assign`:{`seen`:true},`Next`:`J`},"
    "`J`:{`Type`:`Pass`,`Output`:`{% $append($states.input, $seen) %}`,`End`:true}}},"
    "`Assign`:{`n`:`{% $count($states.result) %}`},"
    "`Output`:`{% $states.result %}`,`Next`:`After`},"
    "`After`:{`Type`:`Pass`,`Output`:{`r`:`{% $states.input %}`,`n`:`{% $n %}`,"
    "`seen`:`{% $exists($seen) %}`},`End`:true}}}", "[1,2]");

  sw_test_expect_output (execution, "{`r`:[[false,11,true],[false,12,true]],`n`:2,"
                                    "`seen`:false}");
}

/* The guide, “Limits”: a variable is at most 256 KiB, so are the variables of one Assign
 * together, and the stored variables of an execution at most 10 MiB. */
static void
test_assign_size_limits (void)
{
  g_autoptr(SwExecution) one = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Assign`:{`big`:`{% $join([1..262143].('x')) %}`},`End`:true}}}", NULL);
  g_autoptr(SwExecution) fits = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Assign`:{`big`:`{% $join([1..262142].('x')) %}`},`Next`:`Q`},"
    "`Q`:{`Type`:`Pass`,`Output`:`{% $length($big) %}`,`End`:true}}}", NULL);
  g_autoptr(SwExecution) together = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Assign`:{`a`:`{% $join([1..140000].('x')) %}`,`b`:`{% $join([1..140000].('y')) %}`},"
    "`Catch`:[{`ErrorEquals`:[`States.DataLimitExceeded`],`Next`:`H`,"
    "`Output`:`{% $states.errorOutput.Error %}`}],`End`:true},"
    "`H`:{`Type`:`Pass`,`End`:true}}}", NULL, echo_handler);
  g_autofree char *padding = g_strnfill (200000, 'x');
  g_autofree char *input = g_strdup_printf ("`%s`", padding);
  g_autoptr(SwExecution) jsonpath = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Assign`:{`a.$`:`$`,`b.$`:`$`},`End`:true}}}", input);
  g_autoptr(GString) many = g_string_new ("{`QueryLanguage`:`JSONata`,`StartAt`:`S0`,"
                                          "`States`:{");
  g_autoptr(SwExecution) total = NULL;
  g_autoptr(SwValue) last = NULL;
  g_autofree char *events = NULL;

  g_assert_cmpint (sw_test_run (one), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (one, "States.DataLimitExceeded", "variable 'big'");
  sw_test_expect_output (fits, "262142");
  sw_test_expect_output (together, "`States.DataLimitExceeded`");
  g_assert_cmpint (sw_test_run (jsonpath), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (jsonpath, "States.DataLimitExceeded", "for one Assign");

  /* 40 variables of 260,002 bytes fit in 10 MiB; the 41st doesn't. */
  for (guint i = 0; i < 41; i++)
    g_string_append_printf (many, "`S%u`:{`Type`:`Pass`,"
                            "`Assign`:{`v%u`:`{%% $join([1..260000].('x')) %%}`},`Next`:`S%u`},",
                            i, i, i + 1);
  g_string_append (many, "`S41`:{`Type`:`Succeed`}}}");
  total = sw_test_execution_new (many->str, NULL);
  g_assert_cmpint (sw_test_run (total), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (total, "States.DataLimitExceeded", "maximum of 10485760 bytes");
  last = sw_test_find_event (total, "PassStateEntered", 40);
  g_assert_cmpstr (sw_test_detail (last, "name"), ==, "S40");
  events = sw_test_event_types (total);
  g_assert_null (strstr (events, "PassStateExited PassStateEntered PassStateExited "
                                 "ExecutionFailed"));
}

/* Bindings kept from state to state: small values are converted for each evaluation, large
 * ones (over 2 KiB) once when five expressions or more read them, and both are kept while they
 * stay the same. These cases change them under the cache, on both sides of each limit. */

/* A JSON object of about 3 kB with @members (`"n":1,` …) in front. */
static char *
large_json (const char *members)
{
  g_autofree char *pad = g_strnfill (3000, 'x');

  return g_strdup_printf ("{%s`pad`:`%s`}", members, pad);
}

static void
test_bindings_follow_changes (void)
{
  /* Each Step reads a new large input and changes a small and a large variable; Output and
   * Assign read the values the state was entered with; Check reads the new ones. */
  g_autofree char *input = large_json ("`n`:0,");
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`Init`,`States`:{"
    "`Init`:{`Type`:`Pass`,`Assign`:{`sum`:0,`big`:`{% [$states.input.pad] %}`},"
    "`Next`:`Step`},"
    "`Step`:{`Type`:`Pass`,"
    "`Output`:`{% $merge([$states.input, {'n': $states.input.n + 1, 'seen': $count($big)}]) %}`,"
    "`Assign`:{`sum`:`{% $sum + $states.input.n %}`,`big`:`{% $append($big, $states.input.n) %}`,"
    "`twice`:`{% $states.input.n * 2 %}`,`size`:`{% $count($big) %}`},`Next`:`Check`},"
    "`Check`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $states.input.n < 3 and $sum < 100 "
    "and $count($big) < 100 %}`,`Next`:`Step`}],`Default`:`Done`},"
    "`Done`:{`Type`:`Pass`,`Output`:{`n`:`{% $states.input.n %}`,`seen`:`{% $states.input.seen %}`,"
    "`sum`:`{% $sum %}`,`big`:`{% $big[[1..9]] %}`,`len`:`{% $count($big) %}`,"
    "`twice`:`{% $twice %}`,`size`:`{% $size %}`},`End`:true}}}", input);

  sw_test_expect_output (execution, "{`n`:3,`seen`:3,`sum`:3,`big`:[0,1,2],`len`:4,`twice`:4,"
                                    "`size`:3}");
}

static void
test_small_variables_loop (void)
{
  /* Inc and Check read the same variables, which change at every Inc. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`Init`,`States`:{"
    "`Init`:{`Type`:`Pass`,`Assign`:{`c`:0,`log`:[]},`Next`:`Inc`},"
    "`Inc`:{`Type`:`Pass`,`Assign`:{`c`:`{% $c + 1 %}`,`log`:`{% $append($log, $c) %}`},"
    "`Next`:`Check`},"
    "`Check`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $c < 4 and $count($log) < 10 %}`,"
    "`Next`:`Inc`}],`Default`:`Done`},"
    "`Done`:{`Type`:`Pass`,`Output`:{`c`:`{% $c %}`,`log`:`{% $log %}`},`End`:true}}}", NULL);

  sw_test_expect_output (execution, "{`c`:4,`log`:[0,1,2,3]}");
}

/* Echoes the Arguments under `got`, or fails when they say `fail`. */
static void
echo_or_fail_handler (SwTaskRequest *request,
                      gpointer       data)
{
  SwValue *parameters = sw_task_request_get_parameters (request);
  SwValue *fail = sw_value_object_get (parameters, "fail");

  if (fail != NULL && sw_value_get_boolean (fail))
    failing_handler (request, data);
  else
    echo_handler (request, data);
}

static void
test_large_result_and_error_output (void)
{
  /* With a large input, `$states.result` is bound for Output and Assign only, and
   * `$states.errorOutput` for a catcher only, each with the state's own input. */
  g_autofree char *input = large_json ("`n`:5,");
  g_autoptr(SwExecution) execution = with_handler (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`T1`,`States`:{"
    "`T1`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Arguments`:{`fail`:false,`hadResult`:`{% $exists($states.result) %}`,"
    "`hadError`:`{% $exists($states.errorOutput) %}`,`n`:`{% $states.input.n %}`,"
    "`len`:`{% $length($states.input.pad) %}`,`name`:`{% $states.context.State.Name %}`},"
    "`Output`:`{% $merge([$states.input, {'args': $states.result.got}]) %}`,"
    "`Assign`:{`r`:`{% $states.result.got.n %}`,`e`:`{% $exists($states.errorOutput) %}`,"
    "`i`:`{% $states.input.n %}`,`l`:`{% $length($states.input.pad) %}`},`Next`:`T2`},"
    "`T2`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
    "`Arguments`:{`fail`:true,`n`:`{% $states.input.n %}`},"
    "`Catch`:[{`ErrorEquals`:[`States.ALL`],`Next`:`End`,"
    "`Output`:{`err`:`{% $states.errorOutput.Error %}`,`result`:`{% $exists($states.result) %}`,"
    "`n`:`{% $states.input.n %}`,`args`:`{% $states.input.args %}`,`r`:`{% $r %}`,"
    "`e`:`{% $e %}`,`il`:`{% [$i, $l] %}`}}],`End`:true},"
    "`End`:{`Type`:`Succeed`}}}", input, echo_or_fail_handler);

  sw_test_expect_output (execution, "{`err`:`Custom.Broken`,`result`:false,`n`:5,"
                                    "`args`:{`fail`:false,`hadResult`:false,`hadError`:false,"
                                    "`n`:5,`len`:3000,`name`:`T1`},`r`:5,`e`:false,"
                                    "`il`:[5,3000]}");
}

static void
test_large_variable_in_map (void)
{
  /* Iterations run together, each with bindings of its own: what one assigns stays its own,
   * and all read the large variable of the outer scope. */
  g_autofree char *input = large_json ("");
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`big`:`{% [$states.input.pad, 1] %}`},`Next`:`M`},"
    "`M`:{`Type`:`Map`,`Items`:`{% [1, 2, 3] %}`,"
    "`ItemProcessor`:{`StartAt`:`I`,`States`:{"
    "`I`:{`Type`:`Pass`,`Assign`:{`mine`:`{% $states.input * 10 %}`},"
    "`Output`:`{% $states.input + $big[1] %}`,`Next`:`J`},"
    "`J`:{`Type`:`Pass`,`Output`:`{% [$states.input, $mine, $count($big)] %}`,`Next`:`K`},"
    "`K`:{`Type`:`Pass`,`Output`:`{% $states.input %}`,`Assign`:{`a`:`{% $big[1] %}`,"
    "`b`:`{% $count($big) %}`,`c`:`{% $mine %}`,`d`:`{% $length($big[0]) %}`},`Next`:`L`},"
    "`L`:{`Type`:`Pass`,`Output`:`{% $append($states.input, [$a, $b, $c, $d]) %}`,"
    "`End`:true}}},"
    "`Output`:`{% $states.result %}`,`Next`:`After`},"
    "`After`:{`Type`:`Pass`,`Output`:{`r`:`{% $states.input %}`,`mine`:`{% $exists($mine) %}`},"
    "`End`:true}}}", input);

  sw_test_expect_output (execution, "{`r`:[[2,10,2,1,2,10,3000],[3,20,2,1,2,20,3000],"
                                    "[4,30,2,1,2,30,3000]],`mine`:false}");
}

static void
test_large_input_numbers (void)
{
  /* Numbers keep how they were written, whether they come from a large input converted once
   * or from a small variable, in the same expression. */
  g_autofree char *input = large_json ("`price`:1.50,`big`:1E2,");
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`A`,`States`:{"
    "`A`:{`Type`:`Pass`,`Assign`:{`v`:2.0},`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Output`:{`p`:`{% $states.input.price %}`,`b`:`{% $states.input.big %}`,"
    "`v`:`{% $v %}`,`both`:`{% [$states.input.price, $v] %}`,`d`:`{% $states.input.price * 2 %}`},"
    "`End`:true}}}", input);
  g_autofree char *output = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_json_write (sw_execution_get_output (execution), SW_JSON_WRITE_COMPACT, NULL);
  g_assert_cmpstr (output, ==, "{\"p\":1.50,\"b\":1E2,\"v\":2.0,\"both\":[1.50,2.0],\"d\":3}");
}

/* Step Functions functions */

static void
test_step_functions_functions (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`Output`:{"
    "`partition`:`{% $partition([1,2,3,4,5], 2) %}`,"
    "`range`:`{% $range(0, 10, 3) %}`,"
    "`hash`:`{% $hash('abc', 'SHA-256') %}`,"
    "`random`:`{% $random(7) = $random(7) and $random() < 1 %}`,"
    "`uuid`:`{% $length($uuid()) %}`,"
    "`parse`:`{% $parse($states.input.text).a %}`}, `End`:true}}}",
    "{`text`:`{\\`a\\`:[1,2]}`}");

  sw_test_expect_output (execution,
                         "{`partition`:[[1,2],[3,4],[5]],`range`:[0,3,6,9],"
                         "`hash`:"
                         "`ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad`,"
                         "`random`:true,`uuid`:36,`parse`:[1,2]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/jsonata/machine-level", test_machine_level);
  g_test_add_func ("/engine/jsonata/state-level", test_state_level);
  g_test_add_func ("/engine/jsonata/jsonpath-fields-rejected", test_jsonpath_fields_rejected);
  g_test_add_func ("/engine/jsonata/output-assign-old-values",
                   test_output_and_assign_see_old_values);
  g_test_add_func ("/engine/jsonata/task-arguments-result", test_task_arguments_result);
  g_test_add_func ("/engine/jsonata/task-default-output-timeout",
                   test_task_default_output_and_timeout);
  g_test_add_func ("/engine/jsonata/catch-error-output", test_catch_error_output);
  g_test_add_func ("/engine/jsonata/catch-default-output", test_catch_default_output);
  g_test_add_func ("/engine/jsonata/undefined-is-error", test_undefined_is_error);
  g_test_add_func ("/engine/jsonata/evaluation-error-caught", test_evaluation_error_caught);
  g_test_add_func ("/engine/jsonata/runaway-bounded", test_runaway_bounded);
  g_test_add_func ("/engine/jsonata/fail-and-wait-fields", test_fail_and_wait_fields);
  g_test_add_func ("/engine/jsonata/choice-rules", test_choice_rules);
  g_test_add_func ("/engine/jsonata/choice-not-boolean", test_choice_not_boolean);
  g_test_add_func ("/engine/jsonata/parallel-scopes", test_parallel_scopes);
  g_test_add_func ("/engine/jsonata/map-items-selector", test_map_items_and_selector);
  g_test_add_func ("/engine/jsonata/map-items-literal-errors",
                   test_map_items_literal_and_errors);
  g_test_add_func ("/engine/jsonata/distributed-map-scope",
                   test_distributed_map_no_outer_variables);
  g_test_add_func ("/engine/jsonata/seconds-type-errors", test_seconds_type_errors);
  g_test_add_func ("/engine/jsonata/map-field-errors", test_map_field_errors);
  g_test_add_func ("/engine/jsonata/assign-unassigned-variable",
                   test_assign_unassigned_variable);
  g_test_add_func ("/engine/jsonata/catch-assign-outer-scope", test_catch_assign_outer_scope);
  g_test_add_func ("/engine/jsonata/map-iterations-isolated", test_map_iterations_isolated);
  g_test_add_func ("/engine/jsonata/assign-size-limits", test_assign_size_limits);
  g_test_add_func ("/engine/jsonata/step-functions-functions", test_step_functions_functions);
  g_test_add_func ("/engine/jsonata/bindings-follow-changes", test_bindings_follow_changes);
  g_test_add_func ("/engine/jsonata/small-variables-loop", test_small_variables_loop);
  g_test_add_func ("/engine/jsonata/large-result-and-error-output",
                   test_large_result_and_error_output);
  g_test_add_func ("/engine/jsonata/large-variable-in-map", test_large_variable_in_map);
  g_test_add_func ("/engine/jsonata/large-input-numbers", test_large_input_numbers);

  return g_test_run ();
}
