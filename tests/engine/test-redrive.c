/* test-redrive.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Redriving executions (sw_execution_set_redrive()): the unsuccessful state runs again with
 * the input it had, the states that succeeded do not, the history continues, the variables
 * and the mocked responses already used carry over. */

#include <string.h>

#include "sw-engine-error.h"
#include "sw-mock-config.h"
#include "sw-test-engine.h"

/* A (Pass, assigns `seen`) → B (mocked Task) → C (Pass reading `seen` and the context). */
static const char machine[] =
  "{\"StartAt\":\"A\",\"States\":{"
  "\"A\":{\"Type\":\"Pass\",\"Result\":1,\"ResultPath\":\"$.a\","
  "\"Assign\":{\"seen.$\":\"$$.Execution.Input.start\"},\"Next\":\"B\"},"
  "\"B\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\","
  "\"ResultPath\":\"$.b\",\"Next\":\"C\"},"
  "\"C\":{\"Type\":\"Pass\",\"Parameters\":{\"a.$\":\"$.a\",\"b.$\":\"$.b\",\"seen.$\":\"$seen\","
  "\"redrives.$\":\"$$.Execution.RedriveCount\"},\"End\":true}}}";

/* An execution of @definition whose Task state @state gets the mocked @responses. */
static SwExecution *
mocked (const char *definition,
        const char *state,
        const char *responses,
        const char *input)
{
  g_autofree char *text = g_strdup_printf ("{\"StateMachines\":{\"TestMachine\":{\"TestCases\":"
                                           "{\"Flaky\":{\"%s\":\"R\"}}}},"
                                           "\"MockedResponses\":{\"R\":%s}}", state, responses);
  g_autoptr(SwValue) root = sw_test_parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwMockConfig) config = sw_mock_config_new_from_value (root, &error);
  SwExecution *execution;

  g_assert_no_error (error);
  execution = sw_test_execution_new (definition, input);
  g_assert_true (sw_execution_set_mock_config (execution, config, NULL, "Flaky", &error));
  g_assert_no_error (error);
  return execution;
}

static SwExecution *
mocked_execution (const char *responses)
{
  return mocked (machine, "B", responses, "{\"start\":\"here\"}");
}

/* @execution, set to redrive the execution whose events are @history; checks it may. */
static SwExecution *
redriving (SwExecution *execution,
           GPtrArray   *history)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_execution_set_redrive (execution, history, &error));
  g_assert_no_error (error);
  return execution;
}

static void
assert_output (SwExecution *execution,
               const char  *expected)
{
  g_autofree char *output = sw_test_output (execution);

  g_assert_cmpstr (output, ==, expected);
}

/* The whole history so far: @earlier's events, then @execution's. */
static GPtrArray *
joined_history (GPtrArray   *earlier,
                SwExecution *execution)
{
  GPtrArray *history = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_history_event_unref);
  GPtrArray *events = sw_execution_get_history (execution);

  for (guint i = 0; earlier != NULL && i < earlier->len; i++)
    g_ptr_array_add (history, sw_history_event_ref (g_ptr_array_index (earlier, i)));
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (history, sw_history_event_ref (g_ptr_array_index (events, i)));
  return history;
}

static void
test_from_failed_state (void)
{
  g_autoptr(SwExecution) first = NULL;
  g_autoptr(SwExecution) second = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(SwValue) redriven = NULL;
  g_autoptr(SwValue) entered = NULL;
  g_autoptr(SwValue) original_entered = NULL;
  g_autofree char *types = NULL;
  SwHistoryEvent *last;
  static const char responses[] =
    "{\"0\":{\"Throw\":{\"Error\":\"Flaky.Error\",\"Cause\":\"fails once\"}},"
    "\"1\":{\"Return\":{\"ok\":true}}}";

  first = mocked_execution (responses);
  g_assert_cmpint (sw_test_run (first), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (first), ==, "Flaky.Error");
  types = sw_test_event_types (first);
  g_assert_cmpstr (types, ==, "ExecutionStarted PassStateEntered PassStateExited "
                              "TaskStateEntered LambdaFunctionScheduled LambdaFunctionStarted "
                              "LambdaFunctionFailed "
                              "ExecutionFailed");
  g_clear_pointer (&types, g_free);
  g_assert_cmpuint (sw_execution_get_redrive_count (first), ==, 0);

  history = joined_history (NULL, first);
  second = redriving (mocked_execution (responses), history);
  g_assert_cmpuint (sw_execution_get_redrive_count (second), ==, 1);
  g_assert_cmpint (sw_test_run (second), ==, SW_EXECUTION_STATUS_SUCCEEDED);

  /* A is not run again: the redrive starts at B, and C sees what A did. */
  types = sw_test_event_types (second);
  g_assert_cmpstr (types, ==, "ExecutionRedriven TaskStateEntered LambdaFunctionScheduled "
                              "LambdaFunctionStarted LambdaFunctionSucceeded TaskStateExited "
                              "PassStateEntered PassStateExited ExecutionSucceeded");
  assert_output (second, "{\"a\":1,\"b\":{\"ok\":true},\"seen\":\"here\","
                                 "\"redrives\":1}");

  /* The history continues: ids after the earlier ones, the redrive event first. */
  last = g_ptr_array_index (history, history->len - 1);
  redriven = sw_test_event (second, 0);
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (redriven, "id")), ==,
                   sw_history_event_get_id (last) + 1);
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (redriven, "previousEventId")), ==,
                   sw_history_event_get_id (last));
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (
                     sw_value_object_get (redriven, "executionRedrivenEventDetails"),
                     "redriveCount")), ==, 1);
  entered = sw_test_event (second, 1);
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (entered, "previousEventId")), ==,
                   sw_history_event_get_id (last) + 1);
  /* B runs with the input it had the first time. */
  original_entered = sw_test_find_event (first, "TaskStateEntered", 0);
  g_assert_cmpstr (sw_test_detail (entered, "input"), ==,
                   sw_test_detail (original_entered, "input"));
  g_assert_cmpstr (sw_test_detail (entered, "input"), ==, "{\"start\":\"here\",\"a\":1}");
}

static void
test_twice (void)
{
  g_autoptr(SwExecution) first = NULL;
  g_autoptr(SwExecution) second = NULL;
  g_autoptr(SwExecution) third = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) longer = NULL;
  g_autoptr(SwValue) redriven = NULL;
  static const char responses[] =
    "{\"0-1\":{\"Throw\":{\"Error\":\"Flaky.Error\",\"Cause\":\"fails twice\"}},"
    "\"2\":{\"Return\":{\"ok\":2}}}";

  first = mocked_execution (responses);
  g_assert_cmpint (sw_test_run (first), ==, SW_EXECUTION_STATUS_FAILED);
  history = joined_history (NULL, first);
  second = redriving (mocked_execution (responses), history);
  g_assert_cmpint (sw_test_run (second), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_cause (second), ==, "fails twice");

  longer = joined_history (history, second);
  third = redriving (mocked_execution (responses), longer);
  g_assert_cmpuint (sw_execution_get_redrive_count (third), ==, 2);
  g_assert_cmpint (sw_test_run (third), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  assert_output (third, "{\"a\":1,\"b\":{\"ok\":2},\"seen\":\"here\",\"redrives\":2}");
  redriven = sw_test_event (third, 0);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (redriven, "type")), ==,
                   "ExecutionRedriven");
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (redriven, "id")), ==,
                   longer->len + 1);
}

static void
test_not_redrivable (void)
{
  g_autoptr(SwExecution) first = NULL;
  g_autoptr(SwExecution) second = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  first = mocked_execution ("{\"0\":{\"Return\":{\"ok\":true}}}");
  g_assert_cmpint (sw_test_run (first), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  history = joined_history (NULL, first);
  second = mocked_execution ("{\"0\":{\"Return\":{\"ok\":true}}}");
  g_assert_false (sw_execution_set_redrive (second, history, &error));
  g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE);
  g_assert_cmpuint (sw_execution_get_redrive_count (second), ==, 0);
}

/* Events read back from GetExecutionHistory's JSON redrive the same way. */
static void
test_from_values (void)
{
  g_autoptr(SwExecution) first = NULL;
  g_autoptr(SwExecution) second = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sw_history_event_unref);
  GPtrArray *events;
  static const char responses[] =
    "{\"0\":{\"Throw\":{\"Error\":\"E\",\"Cause\":\"C\"}},\"1\":{\"Return\":3}}";

  first = mocked_execution (responses);
  g_assert_cmpint (sw_test_run (first), ==, SW_EXECUTION_STATUS_FAILED);
  events = sw_execution_get_history (first);
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(SwValue) value = sw_history_event_to_value (g_ptr_array_index (events, i));
      g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
      g_autoptr(SwValue) parsed = sw_test_parse (text);
      SwHistoryEvent *event = sw_history_event_new_from_value (parsed);

      g_assert_nonnull (event);
      g_assert_cmpint (sw_history_event_get_id (event), ==,
                       sw_history_event_get_id (g_ptr_array_index (events, i)));
      g_assert_cmpint (sw_history_event_get_event_type (event), ==,
                       sw_history_event_get_event_type (g_ptr_array_index (events, i)));
      g_ptr_array_add (history, event);
    }
  second = redriving (mocked_execution (responses), history);
  g_assert_cmpint (sw_test_run (second), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  assert_output (second, "{\"a\":1,\"b\":3,\"seen\":\"here\",\"redrives\":1}");
}

/* Runs @definition with the mocked responses of state T, fails, redrives; returns the
 * redrive (with its events) after checking it succeeded. */
static SwExecution *
fail_then_redrive (const char *definition,
                   const char *responses,
                   const char *input)
{
  g_autoptr(SwExecution) first = mocked (definition, "T", responses, input);
  g_autoptr(GPtrArray) history = NULL;
  SwExecution *second;

  g_assert_cmpint (sw_test_run (first), ==, SW_EXECUTION_STATUS_FAILED);
  history = joined_history (NULL, first);
  second = redriving (mocked (definition, "T", responses, input), history);
  g_assert_cmpint (sw_test_run (second), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  return second;
}

static guint
count_events (SwExecution *execution,
              const char  *type)
{
  GPtrArray *history = sw_execution_get_history (execution);
  guint n = 0;

  for (guint i = 0; i < history->len; i++)
    if (strcmp (sw_history_event_get_type_name (g_ptr_array_index (history, i)), type) == 0)
      n++;
  return n;
}

/* Only the branch that failed runs again; the other's output is kept. */
static void
test_parallel_branch (void)
{
  g_autoptr(SwExecution) redrive = NULL;
  g_autofree char *types = NULL;

  redrive = fail_then_redrive (
    "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,"
    "\"Branches\":[{\"StartAt\":\"Fine\",\"States\":{\"Fine\":{\"Type\":\"Pass\","
    "\"Result\":\"fine\",\"End\":true}}},"
    "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
    "\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\",\"End\":true}}}]}}}",
    "{\"0\":{\"Throw\":{\"Error\":\"E\",\"Cause\":\"once\"}},\"1\":{\"Return\":\"late\"}}",
    "{}");
  types = sw_test_event_types (redrive);
  g_assert_cmpstr (types, ==, "ExecutionRedriven ParallelStateEntered ParallelStateStarted "
                              "TaskStateEntered LambdaFunctionScheduled LambdaFunctionStarted "
                              "LambdaFunctionSucceeded TaskStateExited ParallelStateSucceeded "
                              "ParallelStateExited ExecutionSucceeded");
  assert_output (redrive, "[\"fine\",\"late\"]");
}

/* Only the iterations that failed or were aborted run again. */
static void
test_map_iterations (void)
{
  g_autoptr(SwExecution) redrive = NULL;

  redrive = fail_then_redrive (
    "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
    "\"MaxConcurrency\":1,\"ItemProcessor\":{\"StartAt\":\"T\",\"States\":{"
    "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\","
    "\"ResultPath\":\"$.r\",\"End\":true}}}}}}",
    "{\"0\":{\"Return\":1},\"1\":{\"Throw\":{\"Error\":\"E\",\"Cause\":\"once\"}},"
    "\"2-3\":{\"Return\":1}}",
    "[{\"i\":0},{\"i\":1},{\"i\":2}]");
  /* Iteration 0 succeeded before; 1 failed and 2 never ran (MaxConcurrency 1). */
  g_assert_cmpuint (count_events (redrive, "MapIterationStarted"), ==, 2);
  g_assert_cmpuint (count_events (redrive, "LambdaFunctionScheduled"), ==, 2);
  assert_output (redrive, "[{\"i\":0,\"r\":1},{\"i\":1,\"r\":1},{\"i\":2,\"r\":1}]");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/redrive/from-failed-state", test_from_failed_state);
  g_test_add_func ("/engine/redrive/twice", test_twice);
  g_test_add_func ("/engine/redrive/not-redrivable", test_not_redrivable);
  g_test_add_func ("/engine/redrive/from-values", test_from_values);
  g_test_add_func ("/engine/redrive/parallel-branch", test_parallel_branch);
  g_test_add_func ("/engine/redrive/map-iterations", test_map_iterations);
  return g_test_run ();
}
