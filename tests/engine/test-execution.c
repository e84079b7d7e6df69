/* test-execution.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The executor against what Step Functions documents: each state type, each stage of the
 * JSONPath pipeline, the context object, variables, Retry and Catch with exact timings on a
 * fake clock, timeouts, quotas, Parallel and Map, stopping, and the async API. */

#include <string.h>

#include "sw-engine-error.h"
#include "sw-test-engine.h"

/* Handlers */

static void
echo_handler (SwTaskRequest *request,
              gpointer       data)
{
  SwValue *result = sw_value_new_object ();

  sw_value_object_set (result, "got", sw_value_ref (sw_task_request_get_parameters (request)));
  sw_value_object_set (result, "attempt", sw_value_new_int (sw_task_request_get_attempt (request)));
  sw_task_request_return_value (request, result);
}

/* Fails with Custom.Error for the first GPOINTER_TO_UINT (data) attempts. */
static void
flaky_handler (SwTaskRequest *request,
               gpointer       data)
{
  guint failures = GPOINTER_TO_UINT (data);

  if (sw_task_request_get_attempt (request) < failures)
    {
      g_autofree char *cause = g_strdup_printf ("try %u", sw_task_request_get_attempt (request));

      sw_task_request_return_error (request, "Custom.Error", cause);
    }
  else
    sw_task_request_return_value (request, sw_test_parse ("{`ok`:true}"));
}

static GPtrArray *pending_requests;

static void
pending_handler (SwTaskRequest *request,
                 gpointer       data)
{
  g_ptr_array_add (pending_requests, sw_task_request_ref (request));
}

static gpointer
answer_later (gpointer data)
{
  SwTaskRequest *request = data;

  g_usleep (20000);
  sw_task_request_return_value (request, sw_test_parse ("{`from`:`thread`}"));
  sw_task_request_unref (request);
  return NULL;
}

static void
thread_handler (SwTaskRequest *request,
                gpointer       data)
{
  g_thread_unref (g_thread_new ("answer", answer_later, sw_task_request_ref (request)));
}

static SwClock *handler_clock;

/* Takes GPOINTER_TO_UINT (data) seconds of the fake clock, then answers. */
static void
slow_handler (SwTaskRequest *request,
              gpointer       data)
{
  sw_clock_advance (handler_clock, GPOINTER_TO_UINT (data) * 1000);
  sw_task_request_return_value (request, sw_test_parse ("{`slow`:true}"));
}

/* Pass and the pipeline */

static void
test_pass_result (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`Result`:{`x-datum`:0.381018,"
    "`y-datum`:622.2269926397355},`ResultPath`:`$.coords`,`End`:true}}}",
    "{`georefOf`:`Home`}");

  sw_test_expect_output (execution, "{`georefOf`:`Home`,`coords`:{`x-datum`:0.381018,"
                                    "`y-datum`:622.2269926397355}}");
}

static void
test_pass_default (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}}", "{`a`:[1,{`b`:null}]}");

  sw_test_expect_output (execution, "{`a`:[1,{`b`:null}]}");
}

/* The example of the developer guide's "InputPath, Parameters and ResultSelector" page,
 * through all five stages. */
static void
test_pipeline_order (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::test:echo`,"
    "`InputPath`:`$.library`,"
    "`Parameters`:{`shelf.$`:`$.shelves[1]`,`static`:`yes`},"
    "`ResultSelector`:{`selected.$`:`$.got.shelf`,`attempt.$`:`$.attempt`},"
    "`ResultPath`:`$.taskresult`,"
    "`OutputPath`:`$.taskresult`,`End`:true}}}",
    "{`library`:{`shelves`:[`a`,`b`,`c`]},`other`:1}",
    "arn:aws:states:::test:echo", echo_handler, NULL);
  g_autoptr(SwValue) scheduled = NULL;

  sw_test_expect_output (execution, "{`selected`:`b`,`attempt`:0}");
  scheduled = sw_test_find_event (execution, "TaskScheduled", 0);
  g_assert_cmpstr (sw_test_detail (scheduled, "parameters"), ==,
                   "{\"shelf\":\"b\",\"static\":\"yes\"}");
}

static void
test_result_path_into_input (void)
{
  /* ResultPath writes into the state's raw input, not the effective input. */
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:echo`,"
    "`InputPath`:`$.sub`,`Parameters`:{`v.$`:`$.v`},`ResultSelector`:{`r.$`:`$.got.v`},"
    "`ResultPath`:`$.deep.er.result`,`End`:true}}}",
    "{`sub`:{`v`:42},`deep`:{`keep`:true}}", "arn:x:echo", echo_handler, NULL);

  sw_test_expect_output (execution,
                         "{`sub`:{`v`:42},`deep`:{`keep`:true,`er`:{`result`:{`r`:42}}}}");
}

static void
test_null_paths (void)
{
  g_autoptr(SwExecution) a = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`InputPath`:null,`End`:true}}}",
    "{`x`:1}");
  g_autoptr(SwExecution) b = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`Result`:5,`ResultPath`:null,"
    "`End`:true}}}", "{`x`:1}");
  g_autoptr(SwExecution) c = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`OutputPath`:null,`End`:true}}}",
    "{`x`:1}");

  sw_test_expect_output (a, "{}");
  sw_test_expect_output (b, "{`x`:1}");
  sw_test_expect_output (c, "{}");
}

static void
test_result_path_failure (void)
{
  /* A ResultPath through a string cannot apply; it is an error Catch may handle. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Task`,`Resource`:`arn:x:echo`,"
    "`ResultPath`:`$.name.first`,`Catch`:[{`ErrorEquals`:[`States.ResultPathMatchFailure`],"
    "`ResultPath`:`$.error`,`Next`:`Done`}],`End`:true},`Done`:{`Type`:`Pass`,`End`:true}}}",
    "{`name`:`Ana`}");
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autofree char *output = NULL;

  sw_task_registry_add (registry, "arn:x:echo", echo_handler, NULL, NULL);
  sw_execution_set_task_registry (execution, registry);
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  sw_test_assert_contains (output, "\"Error\":\"States.ResultPathMatchFailure\"");
  sw_test_assert_contains (output, "Unable to apply ResultPath '$.name.first'");
}

static void
test_input_path_failure (void)
{
  /* States.Runtime is neither retried nor caught, even by States.ALL. */
  g_autoptr(SwExecution) caught = sw_test_execution_new (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x`,`InputPath`:`$.missing`,"
    "`Retry`:[{`ErrorEquals`:[`States.ALL`]}],"
    "`Catch`:[{`ErrorEquals`:[`States.ALL`],`Next`:`P`}],`End`:true},"
    "`P`:{`Type`:`Pass`,`End`:true}}}", "{`a`:1}");

  g_assert_cmpint (sw_test_run (caught), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (caught, "States.Runtime",
                         "An error occurred while executing the state 'T' (entered at the event id "
                         "#2). Invalid path '$.missing'");
}

static void
test_parameters_failure (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Next`:`Check Address`},"
    "`Check Address`:{`Type`:`Pass`,`Parameters`:{`address.$`:`$.application.address`},"
    "`End`:true}}}", "{`flagged`:false}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  /* The cause the service writes, word for word. */
  g_assert_cmpstr (sw_execution_get_cause (execution), ==,
                   "An error occurred while executing the state 'Check Address' (entered at "
                   "the event id #4). The JSONPath '$.application.address' specified for the "
                   "field 'address.$' could not be found in the input '{\"flagged\":false}'");
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Runtime");
}

static void
test_intrinsic_failure (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Parameters`:{`x.$`:`States.ArrayGetItem($.a, 5)`},"
    "`Catch`:[{`ErrorEquals`:[`States.IntrinsicFailure`],`Next`:`Caught`}],`End`:true},"
    "`Caught`:{`Type`:`Pass`,`End`:true}}}", "{`a`:[1]}");
  g_autofree char *output = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  sw_test_assert_contains (output, "{\"Error\":\"States.IntrinsicFailure\",\"Cause\":");
  sw_test_assert_contains (output, "out of bounds");
}

static void
test_context_object (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`First`,`States`:{`First`:{`Type`:`Pass`,`Next`:`Ctx`},"
    "`Ctx`:{`Type`:`Pass`,`Parameters`:{"
    "`name.$`:`$$.State.Name`,`entered.$`:`$$.State.EnteredTime`,`retries.$`:`$$.State.RetryCount`,"
    "`exec.$`:`$$.Execution.Name`,`id.$`:`$$.Execution.Id`,`input.$`:`$$.Execution.Input`,"
    "`start.$`:`$$.Execution.StartTime`,`machine.$`:`$$.StateMachine.Name`,"
    "`machineId.$`:`$$.StateMachine.Id`},`End`:true}}}", "{`k`:`v`}");

  sw_test_expect_output (execution,
                         "{`name`:`Ctx`,`entered`:`2026-01-01T00:00:00.000Z`,`retries`:0,"
                         "`exec`:`test-run`,"
                         "`id`:`arn:aws:states:us-east-1:123456789012:execution:"
                         "TestMachine:test-run`,"
                         "`input`:{`k`:`v`},`start`:`2026-01-01T00:00:00.000Z`,"
                         "`machine`:`TestMachine`,"
                         "`machineId`:`arn:aws:states:us-east-1:123456789012:stateMachine:"
                         "TestMachine`}");
}

static void
test_task_token (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::sqs:sendMessage.waitForTaskToken`,"
    "`Parameters`:{`MessageBody`:{`token.$`:`$$.Task.Token`}},`End`:true}}}", NULL,
    "arn:aws:states:::sqs:*", echo_handler, NULL);
  g_autofree char *output = NULL;
  g_autoptr(SwValue) scheduled = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  sw_test_assert_contains (output, "{\"got\":{\"MessageBody\":{\"token\":\"");
  scheduled = sw_test_find_event (execution, "TaskScheduled", 0);
  g_assert_cmpstr (sw_test_detail (scheduled, "resourceType"), ==, "sqs");
  g_assert_cmpstr (sw_test_detail (scheduled, "resource"), ==, "sendMessage.waitForTaskToken");
}

/* Task */

static void
test_task_unserved (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`Train`,`States`:{`Train`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::sagemaker:createTrainingJob.sync`,`End`:true}}}", NULL);
  g_autofree char *types = NULL;
  g_autoptr(SwValue) failed = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.TaskFailed",
                         "arn:aws:states:::sagemaker:createTrainingJob.sync");
  sw_test_assert_contains (sw_execution_get_cause (execution), "--mock-config");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskFailed ExecutionFailed");
  failed = sw_test_find_event (execution, "TaskFailed", 0);
  g_assert_cmpstr (sw_test_detail (failed, "resourceType"), ==, "sagemaker");
  g_assert_cmpstr (sw_test_detail (failed, "resource"), ==, "createTrainingJob.sync");
  g_assert_cmpstr (sw_test_detail (failed, "error"), ==, "States.TaskFailed");
}

static void
test_task_lambda_legacy (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`L`,`States`:{`L`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:lambda:us-east-1:123456789012:function:Hello`,`End`:true}}}",
    "{`who`:`me`}", "Hello", echo_handler, NULL);
  g_autofree char *types = NULL;
  g_autoptr(SwValue) scheduled = NULL;

  sw_test_expect_output (execution, "{`got`:{`who`:`me`},`attempt`:0}");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered LambdaFunctionScheduled "
                              "LambdaFunctionStarted LambdaFunctionSucceeded TaskStateExited "
                              "ExecutionSucceeded");
  scheduled = sw_test_find_event (execution, "LambdaFunctionScheduled", 0);
  g_assert_cmpstr (sw_test_detail (scheduled, "input"), ==, "{\"who\":\"me\"}");
}

static void
test_task_activity (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:us-east-1:123456789012:activity:Review`,`End`:true}}}",
    "{`doc`:1}", "arn:aws:states:*:activity:*", echo_handler, NULL);
  g_autofree char *types = NULL;
  g_autoptr(SwValue) started = NULL;

  sw_test_expect_output (execution, "{`got`:{`doc`:1},`attempt`:0}");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered ActivityScheduled "
                              "ActivityStarted ActivitySucceeded TaskStateExited "
                              "ExecutionSucceeded");
  started = sw_test_find_event (execution, "ActivityStarted", 0);
  g_assert_cmpstr (sw_test_detail (started, "workerName"), ==, "stepwise-local");
}

static void
test_task_async_answer (void)
{
  /* An answer from another thread, after the handler returned. */
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:thread`,"
    "`ResultPath`:`$.r`,`End`:true}}}", "{`in`:1}", "arn:x:thread", thread_handler, NULL);

  sw_test_expect_output (execution, "{`in`:1,`r`:{`from`:`thread`}}");
}

static void
test_task_timeout (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:never`,"
    "`TimeoutSeconds`:5,`End`:true}}}", NULL, "arn:x:never", pending_handler, NULL);
  g_autoptr(SwValue) timed_out = NULL;
  g_autofree char *types = NULL;

  pending_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_task_request_unref);
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.Timeout", NULL);
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskTimedOut ExecutionFailed");
  g_assert_cmpint (sw_test_event_time (execution, "TaskTimedOut", 0), ==, 5000);
  timed_out = sw_test_find_event (execution, "TaskScheduled", 0);
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (
                     sw_value_object_get (timed_out, "taskScheduledEventDetails"),
                     "timeoutInSeconds")), ==, 5);
  /* The handler learns that its answer is no longer wanted. */
  g_assert_cmpuint (pending_requests->len, ==, 1);
  g_assert_true (g_cancellable_is_cancelled (
    sw_task_request_get_cancellable (g_ptr_array_index (pending_requests, 0))));
  /* A late answer is ignored. */
  sw_task_request_return_value (g_ptr_array_index (pending_requests, 0), sw_value_new_null ());
  g_clear_pointer (&pending_requests, g_ptr_array_unref);
}

static void
test_task_timeout_path (void)
{
  g_autoptr(SwExecution) slow = NULL;
  g_autoptr(SwExecution) quick = NULL;
  const char *definition =
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:slow`,"
    "`TimeoutSecondsPath`:`$.limit`,`End`:true}}}";

  /* The handler takes 3 s of the fake clock. */
  slow = sw_test_execution_with (definition, "{`limit`:2}", "arn:x:slow", slow_handler,
                                 GUINT_TO_POINTER (3));
  handler_clock = sw_execution_get_clock (slow);
  g_assert_cmpint (sw_test_run (slow), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (slow, "States.Timeout", NULL);

  quick = sw_test_execution_with (definition, "{`limit`:4}", "arn:x:slow", slow_handler,
                                  GUINT_TO_POINTER (3));
  handler_clock = sw_execution_get_clock (quick);
  sw_test_expect_output (quick, "{`slow`:true}");
}

static void
test_task_heartbeat (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:never`,"
    "`TimeoutSeconds`:60,`HeartbeatSeconds`:2,`Catch`:[{`ErrorEquals`:[`States.Timeout`],"
    "`Next`:`Timeout`},{`ErrorEquals`:[`States.TaskFailed`],`Next`:`Other`}],`End`:true},"
    "`Timeout`:{`Type`:`Fail`,`Error`:`WrongCatcher`},"
    "`Other`:{`Type`:`Pass`,`End`:true}}}", NULL, "arn:x:never", pending_handler, NULL);
  g_autofree char *output = NULL;

  pending_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_task_request_unref);
  /* States.HeartbeatTimeout is not States.Timeout; States.TaskFailed matches it. */
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "{\"Error\":\"States.HeartbeatTimeout\",\"Cause\":\"\"}");
  g_assert_cmpint (sw_test_event_time (execution, "TaskTimedOut", 0), ==, 2000);
  g_clear_pointer (&pending_requests, g_ptr_array_unref);
}

/* Retry and Catch */

static void
test_retry_backoff (void)
{
  /* Fails three times; waits 2, 6 and 18 s between the tries. */
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:flaky`,"
    "`Retry`:[{`ErrorEquals`:[`Custom.Error`],`IntervalSeconds`:2,`BackoffRate`:3,"
    "`MaxAttempts`:3}],`End`:true}}}", NULL, "arn:x:flaky", flaky_handler,
    GUINT_TO_POINTER (3));

  sw_test_expect_output (execution, "{`ok`:true}");
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 0), ==, 0);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 1), ==, 2000);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 2), ==, 8000);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 3), ==, 26000);
  /* One Entered event for all the tries. */
  g_assert_cmpint (sw_execution_get_n_transitions (execution), ==, 1);
}

static void
test_retry_defaults_and_exhaustion (void)
{
  /* Defaults: 1 s, rate 2, 3 attempts; a fourth failure goes to Catch. */
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:flaky`,"
    "`Retry`:[{`ErrorEquals`:[`States.ALL`]}],"
    "`Catch`:[{`ErrorEquals`:[`Custom.Error`],`ResultPath`:`$.err`,`Next`:`C`}],`End`:true},"
    "`C`:{`Type`:`Pass`,`End`:true}}}", "{`in`:true}", "arn:x:flaky", flaky_handler,
    GUINT_TO_POINTER (10));

  sw_test_expect_output (execution, "{`in`:true,`err`:{`Error`:`Custom.Error`,`Cause`:`try 3`}}");
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 1), ==, 1000);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 2), ==, 3000);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 3), ==, 7000);
}

static void
test_retry_max_delay (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:flaky`,"
    "`Retry`:[{`ErrorEquals`:[`Custom.Error`],`IntervalSeconds`:10,`BackoffRate`:10,"
    "`MaxDelaySeconds`:15,`MaxAttempts`:3}],`End`:true}}}", NULL, "arn:x:flaky",
    flaky_handler, GUINT_TO_POINTER (3));

  sw_test_expect_output (execution, "{`ok`:true}");
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 1), ==, 10000);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 2), ==, 25000);
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 3), ==, 40000);
}

static void
test_retry_jitter (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:flaky`,"
    "`Retry`:[{`ErrorEquals`:[`Custom.Error`],`IntervalSeconds`:8,`MaxAttempts`:2,"
    "`JitterStrategy`:`FULL`}],`End`:true}}}", NULL, "arn:x:flaky", flaky_handler,
    GUINT_TO_POINTER (2));
  gint64 first, second;

  sw_test_expect_output (execution, "{`ok`:true}");
  first = sw_test_event_time (execution, "TaskScheduled", 1);
  second = sw_test_event_time (execution, "TaskScheduled", 2) - first;
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (first, <=, 8000);
  g_assert_cmpint (second, >=, 0);
  g_assert_cmpint (second, <=, 16000);
}

static void
test_retry_first_match_only (void)
{
  /* MaxAttempts 0 on the first matching retrier: no retry, even though a later retrier
   * would match too. */
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:flaky`,"
    "`Retry`:[{`ErrorEquals`:[`Other`]},{`ErrorEquals`:[`Custom.Error`],`MaxAttempts`:0},"
    "{`ErrorEquals`:[`States.ALL`],`MaxAttempts`:5}],`End`:true}}}", NULL, "arn:x:flaky",
    flaky_handler, GUINT_TO_POINTER (1));
  g_autofree char *types = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "Custom.Error", "try 0");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskFailed ExecutionFailed");
}

static void
test_retry_count_context (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:echo`,"
    "`Parameters`:{`n.$`:`$$.State.RetryCount`},`ResultPath`:`$.r`,`End`:true}}}", NULL,
    "arn:x:echo", echo_handler, NULL);

  sw_test_expect_output (execution, "{`r`:{`got`:{`n`:0},`attempt`:0}}");
}

static void
test_catch_order (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`F`,`States`:{`F`:{`Type`:`Parallel`,`Branches`:[{`StartAt`:`X`,`States`:{"
    "`X`:{`Type`:`Fail`,`Error`:`My.Error`,`Cause`:`bad`}}}],"
    "`Catch`:[{`ErrorEquals`:[`Other`],`Next`:`A`},{`ErrorEquals`:[`My.Error`,`X`],"
    "`Next`:`B`},{`ErrorEquals`:[`States.ALL`],`Next`:`A`}],`End`:true},"
    "`A`:{`Type`:`Fail`,`Error`:`Wrong`},`B`:{`Type`:`Pass`,`Result`:`b`,`ResultPath`:`$.b`,"
    "`End`:true}}}", "{`x`:1}");
  g_autofree char *types = NULL;

  /* The branch's error reaches the Parallel state unchanged; Catch's default ResultPath
   * replaces the input with the error output. */
  sw_test_expect_output (execution, "{`Error`:`My.Error`,`Cause`:`bad`,`b`:`b`}");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted ParallelStateEntered ParallelStateStarted "
                              "FailStateEntered ParallelStateFailed ParallelStateExited "
                              "PassStateEntered PassStateExited ExecutionSucceeded");
}

static void
test_catch_timeout_wildcard (void)
{
  /* States.TaskFailed does not match States.Timeout; States.ALL does. */
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:never`,`TimeoutSeconds`:1,"
    "`Catch`:[{`ErrorEquals`:[`States.TaskFailed`],`Next`:`Wrong`},"
    "{`ErrorEquals`:[`States.ALL`],`ResultPath`:null,`Next`:`Right`}],`End`:true},"
    "`Wrong`:{`Type`:`Fail`},`Right`:{`Type`:`Pass`,`Result`:`right`,`End`:true}}}",
    "{`keep`:1}", "arn:x:never", pending_handler, NULL);

  pending_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_task_request_unref);
  sw_test_expect_output (execution, "`right`");
  g_clear_pointer (&pending_requests, g_ptr_array_unref);
}

/* Other state types */

static void
test_wait_seconds (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:10,`Next`:`W2`},"
    "`W2`:{`Type`:`Wait`,`SecondsPath`:`$.s`,`End`:true}}}", "{`s`:5}");

  sw_test_expect_output (execution, "{`s`:5}");
  g_assert_cmpint (sw_test_event_time (execution, "WaitStateExited", 0), ==, 10000);
  g_assert_cmpint (sw_test_event_time (execution, "WaitStateExited", 1), ==, 15000);
  g_assert_cmpint (sw_execution_get_stop_ms (execution) - SW_TEST_EPOCH_MS, ==, 15000);
}

static void
test_wait_timestamp (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Timestamp`:`2026-01-01T00:01:00Z`,"
    "`Next`:`W2`},`W2`:{`Type`:`Wait`,`TimestampPath`:`$.t`,`Next`:`Past`},"
    "`Past`:{`Type`:`Wait`,`Timestamp`:`2020-01-01T00:00:00Z`,`End`:true}}}",
    "{`t`:`2026-01-01T02:00:00.500+01:00`}");

  sw_test_expect_output (execution, "{`t`:`2026-01-01T02:00:00.500+01:00`}");
  g_assert_cmpint (sw_test_event_time (execution, "WaitStateExited", 0), ==, 60000);
  g_assert_cmpint (sw_test_event_time (execution, "WaitStateExited", 1), ==, 3600500);
  /* A time in the past does not wait. */
  g_assert_cmpint (sw_test_event_time (execution, "WaitStateExited", 2), ==, 3600500);
}

static void
test_wait_scale (void)
{
  const char *definition =
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:100,`Next`:`T`},"
    "`T`:{`Type`:`Task`,`Resource`:`arn:x:flaky`,`Retry`:[{`ErrorEquals`:[`States.ALL`],"
    "`IntervalSeconds`:10}],`End`:true}}}";
  g_autoptr(SwExecution) none = sw_test_execution_with (definition, NULL, "arn:x:flaky",
                                                        flaky_handler, GUINT_TO_POINTER (1));
  g_autoptr(SwExecution) half = sw_test_execution_with (definition, NULL, "arn:x:flaky",
                                                        flaky_handler, GUINT_TO_POINTER (1));

  sw_execution_set_wait_scale (none, 0);
  sw_test_expect_output (none, "{`ok`:true}");
  g_assert_cmpint (sw_execution_get_stop_ms (none) - SW_TEST_EPOCH_MS, ==, 0);

  sw_execution_set_wait_scale (half, 0.5);
  sw_test_expect_output (half, "{`ok`:true}");
  g_assert_cmpint (sw_execution_get_stop_ms (half) - SW_TEST_EPOCH_MS, ==, 55000);
}

static void
test_wait_invalid (void)
{
  g_autoptr(SwExecution) negative = sw_test_execution_new (
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`SecondsPath`:`$.s`,`End`:true}}}",
    "{`s`:-1}");
  g_autoptr(SwExecution) bad_time = sw_test_execution_new (
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`TimestampPath`:`$.t`,`End`:true}}}",
    "{`t`:`2026-01-01 00:00:00`}");

  g_assert_cmpint (sw_test_run (negative), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (negative, "States.Runtime", "non-negative integer");
  g_assert_cmpint (sw_test_run (bad_time), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (bad_time, "States.Runtime", "RFC 3339");
}

static void
test_succeed (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`S`,`States`:{`S`:{`Type`:`Succeed`,`InputPath`:`$.a`,`OutputPath`:`$.b`}}}",
    "{`a`:{`b`:[true]}}");
  g_autofree char *types = NULL;

  sw_test_expect_output (execution, "[true]");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted SucceedStateEntered SucceedStateExited "
                              "ExecutionSucceeded");
}

static void
test_fail (void)
{
  g_autoptr(SwExecution) literal = sw_test_execution_new (
    "{`StartAt`:`F`,`States`:{`F`:{`Type`:`Fail`,`Error`:`ErrorA`,`Cause`:`Kaiju attack`}}}",
    NULL);
  g_autoptr(SwExecution) paths = sw_test_execution_new (
    "{`StartAt`:`F`,`States`:{`F`:{`Type`:`Fail`,`ErrorPath`:`$.e`,"
    "`CausePath`:`States.Format('This is a custom error message for {}, caused by {}.', "
    "$.Error, $.Cause)`}}}", "{`e`:`Err.X`,`Error`:`Foo`,`Cause`:`Bar`}");
  g_autofree char *types = NULL;
  g_autoptr(SwValue) failed = NULL;

  g_assert_cmpint (sw_test_run (literal), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (literal, "ErrorA", "Kaiju attack");
  types = sw_test_event_types (literal);
  g_assert_cmpstr (types, ==, "ExecutionStarted FailStateEntered ExecutionFailed");
  failed = sw_test_find_event (literal, "ExecutionFailed", 0);
  g_assert_cmpstr (sw_test_detail (failed, "error"), ==, "ErrorA");
  g_assert_cmpstr (sw_test_detail (failed, "cause"), ==, "Kaiju attack");

  g_assert_cmpint (sw_test_run (paths), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (paths), ==, "Err.X");
  g_assert_cmpstr (sw_execution_get_cause (paths), ==,
                   "This is a custom error message for Foo, caused by Bar.");
}

static void
test_no_choice_matched (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`C`,`States`:{`C`:{`Type`:`Choice`,`Choices`:[{`Variable`:`$.n`,"
    "`NumericEquals`:1,`Next`:`P`}]},`P`:{`Type`:`Pass`,`End`:true}}}", "{`n`:2}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.NoChoiceMatched", NULL);
}

/* Variables */

static void
test_variables (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Result`:{`price`:9},"
    "`Assign`:{`product`:`pen`,`price.$`:`$.price`,`count`:2},`Next`:`C`},"
    "`C`:{`Type`:`Choice`,`Choices`:[{`Variable`:`$price`,`NumericGreaterThan`:5,"
    "`Assign`:{`expensive`:true},`Next`:`B`}],`Default`:`B`},"
    "`B`:{`Type`:`Pass`,`Parameters`:{`p.$`:`$product`,`n.$`:`$price`,`e.$`:`$expensive`,"
    "`total.$`:`States.MathAdd($.price, 1)`},`End`:true}}}", NULL);
  g_autoptr(SwValue) exited = NULL;
  SwValue *assigned;

  sw_test_expect_output (execution, "{`p`:`pen`,`n`:9,`e`:true,`total`:10}");
  exited = sw_test_find_event (execution, "PassStateExited", 0);
  assigned = sw_value_object_get (sw_value_object_get (exited, "stateExitedEventDetails"),
                                  "assignedVariables");
  g_assert_nonnull (assigned);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (assigned, "product")), ==,
                   "\"pen\"");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (assigned, "price")), ==, "9");
}

static void
test_variables_scopes (void)
{
  /* Branches read outer variables; what they assign stays inside. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Assign`:{`outer`:1},`Next`:`P`},"
    "`P`:{`Type`:`Parallel`,`Branches`:[{`StartAt`:`B`,`States`:{`B`:{`Type`:`Pass`,"
    "`Assign`:{`inner`:2},`Next`:`B2`},`B2`:{`Type`:`Pass`,`Parameters`:{`o.$`:`$outer`,"
    "`i.$`:`$inner`},`End`:true}}}],`Next`:`After`},"
    "`After`:{`Type`:`Pass`,`Parameters`:{`i.$`:`$inner`},`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.Runtime", "$inner");
  g_assert_cmpuint (sw_execution_get_n_transitions (execution), ==, 5);
}

static void
test_jsonata_state (void)
{
  /* A JSONata state among JSONPath ones runs (test-jsonata.c covers the language). */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Next`:`J`},"
    "`J`:{`Type`:`Pass`,`QueryLanguage`:`JSONata`,`Output`:`{% $states.input.n * 2 %}`,"
    "`End`:true}}}", "{`n`:21}");

  sw_test_expect_output (execution, "42");
}

/* Parallel and Map */

static void
test_parallel (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Parallel`,`Parameters`:{`v.$`:`$.v`},"
    "`Branches`:["
    "{`StartAt`:`Slow`,`States`:{`Slow`:{`Type`:`Wait`,`Seconds`:5,`End`:true}}},"
    "{`StartAt`:`Fast`,`States`:{`Fast`:{`Type`:`Pass`,`Result`:`fast`,`End`:true}}},"
    "{`StartAt`:`Mid`,`States`:{`Mid`:{`Type`:`Wait`,`Seconds`:2,`Next`:`Mid2`},"
    "`Mid2`:{`Type`:`Pass`,`InputPath`:`$.v`,`End`:true}}}],"
    "`ResultSelector`:{`all.$`:`$`},`ResultPath`:`$.out`,`End`:true}}}",
    "{`v`:7,`keep`:true}");

  /* Results in branch order, whatever order the branches end in; the branches run at the
   * same time, so the state takes as long as the slowest. */
  sw_test_expect_output (execution, "{`v`:7,`keep`:true,`out`:{`all`:[{`v`:7},`fast`,7]}}");
  g_assert_cmpint (sw_execution_get_stop_ms (execution) - SW_TEST_EPOCH_MS, ==, 5000);
  g_assert_cmpint (sw_test_event_time (execution, "ParallelStateSucceeded", 0), ==, 5000);
}

static void
test_parallel_fail_without_error (void)
{
  /* A Fail state that names no error still fails its branch, and States.ALL catches it. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Parallel`,`Branches`:[{`StartAt`:`F`,`States`:{"
    "`F`:{`Type`:`Fail`}}}],`Catch`:[{`ErrorEquals`:[`States.ALL`],`Next`:`C`}],`End`:true},"
    "`C`:{`Type`:`Pass`,`End`:true}}}", NULL);

  sw_test_expect_output (execution, "{`Error`:``,`Cause`:``}");
}

static void
test_parallel_failure_aborts (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Parallel`,`Branches`:["
    "{`StartAt`:`Long`,`States`:{`Long`:{`Type`:`Wait`,`Seconds`:100,`End`:true}}},"
    "{`StartAt`:`Soon`,`States`:{`Soon`:{`Type`:`Wait`,`Seconds`:1,`Next`:`Boom`},"
    "`Boom`:{`Type`:`Fail`,`Error`:`Boom.Error`,`Cause`:`boom`}}}],`End`:true}}}", NULL);
  g_autofree char *types = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "Boom.Error", "boom");
  /* The sibling stops when the branch fails, not 100 s later. */
  g_assert_cmpint (sw_execution_get_stop_ms (execution) - SW_TEST_EPOCH_MS, ==, 1000);
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted ParallelStateEntered ParallelStateStarted "
                              "WaitStateEntered WaitStateEntered WaitStateExited "
                              "FailStateEntered WaitStateAborted ParallelStateFailed "
                              "ExecutionFailed");
}

static void
test_map_item_selector (void)
{
  /* The developer guide's ItemSelector example. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`ItemsPath`:`$.detail.shipped`,"
    "`ItemSelector`:{`parcel.$`:`$$.Map.Item.Value`,`courier.$`:`$.delivery-partner`,"
    "`index.$`:`$$.Map.Item.Index`},"
    "`ItemProcessor`:{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},"
    "`ResultPath`:`$.detail.shipped`,`End`:true}}}",
    "{`delivery-partner`:`UQS`,`detail`:{`shipped`:[{`prod`:`R31`},{`prod`:`S39`}]}}");

  sw_test_expect_output (execution,
                         "{`delivery-partner`:`UQS`,`detail`:{`shipped`:["
                         "{`parcel`:{`prod`:`R31`},`courier`:`UQS`,`index`:0},"
                         "{`parcel`:{`prod`:`S39`},`courier`:`UQS`,`index`:1}]}}");
}

static void
test_map_order_and_events (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`MaxConcurrency`:1,"
    "`Iterator`:{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}",
    "[`a`,`b`]");
  g_autofree char *types = NULL;
  g_autoptr(SwValue) started = NULL;
  g_autoptr(SwValue) iteration = NULL;
  SwValue *details;

  sw_test_expect_output (execution, "[`a`,`b`]");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted MapStateEntered MapStateStarted "
                              "MapIterationStarted PassStateEntered PassStateExited "
                              "MapIterationSucceeded MapIterationStarted PassStateEntered "
                              "PassStateExited MapIterationSucceeded MapStateSucceeded "
                              "MapStateExited ExecutionSucceeded");
  started = sw_test_find_event (execution, "MapStateStarted", 0);
  details = sw_value_object_get (started, "mapStateStartedEventDetails");
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (details, "length")), ==, 2);
  iteration = sw_test_find_event (execution, "MapIterationStarted", 1);
  /* Iteration 1 follows the last state event of iteration 0 (event 6), as the service's
   * histories show. */
  {
    gint64 id, previous;

    g_assert_true (sw_value_get_int64 (sw_value_object_get (iteration, "id"), &id));
    g_assert_true (sw_value_get_int64 (sw_value_object_get (iteration, "previousEventId"),
                                       &previous));
    g_assert_cmpint (id, ==, 8);
    g_assert_cmpint (previous, ==, 6);
  }
  details = sw_value_object_get (iteration, "mapIterationStartedEventDetails");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (details, "name")), ==, "M");
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (details, "index")), ==, 1);
}

static void
test_map_concurrency (void)
{
  const char *definition =
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`MaxConcurrencyPath`:`$.c`,`ItemsPath`:`$.w`,"
    "`ItemProcessor`:{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`SecondsPath`:`$`,"
    "`End`:true}}},`End`:true}}}";
  static const struct { const char *input; gint64 ms; } cases[] = {
    /* Waits of 4, 1, 1 and 4 s: one at a time 10 s; two at a time, the third starts at
     * 1 s, the fourth at 2 s and ends at 6 s; all at once, 4 s. */
    { "{`c`:1,`w`:[4,1,1,4]}", 10000 },
    { "{`c`:2,`w`:[4,1,1,4]}", 6000 },
    { "{`c`:0,`w`:[4,1,1,4]}", 4000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwExecution) execution = sw_test_execution_new (definition, cases[i].input);

      sw_test_expect_output (execution, "[4,1,1,4]");
      g_assert_cmpint (sw_execution_get_stop_ms (execution) - SW_TEST_EPOCH_MS, ==,
                       cases[i].ms);
    }
}

static void
test_map_failure (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`ItemProcessor`:{`StartAt`:`C`,`States`:{"
    "`C`:{`Type`:`Choice`,`Choices`:[{`Variable`:`$`,`NumericEquals`:2,`Next`:`F`}],"
    "`Default`:`W`},`W`:{`Type`:`Wait`,`Seconds`:10,`End`:true},"
    "`F`:{`Type`:`Fail`,`Error`:`Two`}}},"
    "`Catch`:[{`ErrorEquals`:[`Two`],`Next`:`Done`}],`End`:true},"
    "`Done`:{`Type`:`Pass`,`End`:true}}}", "[1,2,3]");
  g_autofree char *types = NULL;

  sw_test_expect_output (execution, "{`Error`:`Two`,`Cause`:``}");
  types = sw_test_event_types (execution);
  /* Iteration 0 waits, 1 fails, 2 has not begun its first state. */
  g_assert_cmpstr (types, ==, "ExecutionStarted MapStateEntered MapStateStarted "
                              "MapIterationStarted MapIterationStarted MapIterationStarted "
                              "ChoiceStateEntered ChoiceStateExited WaitStateEntered "
                              "ChoiceStateEntered ChoiceStateExited FailStateEntered "
                              "MapIterationFailed WaitStateAborted MapIterationAborted "
                              "MapIterationAborted MapStateFailed MapStateExited "
                              "PassStateEntered PassStateExited ExecutionSucceeded");
  g_assert_cmpint (sw_execution_get_stop_ms (execution) - SW_TEST_EPOCH_MS, ==, 0);
}

static void
test_map_not_array (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`ItemsPath`:`$.x`,`ItemProcessor`:{"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", "{`x`:{}}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.Runtime", "must select an array");
}

static void
test_map_empty_and_nested (void)
{
  g_autoptr(SwExecution) empty = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`ItemProcessor`:{"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", "[]");
  g_autoptr(SwExecution) nested = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`ItemProcessor`:{`StartAt`:`Inner`,`States`:{"
    "`Inner`:{`Type`:`Map`,`ItemSelector`:{`x.$`:`$$.Map.Item.Value`,`i.$`:`$$.Map.Item.Index`},"
    "`ItemProcessor`:{`StartAt`:`Q`,`States`:{`Q`:{`Type`:`Pass`,`End`:true}}},"
    "`End`:true}}},`End`:true}}}", "[[1,2],[3]]");

  sw_test_expect_output (empty, "[]");
  sw_test_expect_output (nested, "[[{`x`:1,`i`:0},{`x`:2,`i`:1}],[{`x`:3,`i`:0}]]");
}

/* Quotas */

static void
test_payload_quota (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`Grow`,`States`:{`Grow`:{`Type`:`Pass`,"
    "`Parameters`:{`a.$`:`$`,`b.$`:`$`},`Next`:`Grow`}}}",
    "{`x`:`0123456789012345678901234567890123456789`}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) big = sw_value_new_array ();
  g_autoptr(SwValue) definition = sw_test_parse (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}}");
  g_autoptr(SwExecution) too_big = NULL;

  /* The payload doubles each time, until it exceeds 256 KiB. */
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.DataLimitExceeded",
                         "The state/task 'Grow' returned a result with a size exceeding the "
                         "maximum number of bytes service limit.");
  g_assert_cmpuint (sw_execution_get_n_transitions (execution), ==, 13);

  for (guint i = 0; i < 30000; i++)
    sw_value_array_append (big, sw_value_new_string ("0123456789"));
  too_big = sw_execution_new (definition, big, &error);
  g_assert_null (too_big);
  g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INPUT);
}

static void
test_history_quota (void)
{
  /* An endless loop ends with the service's error at event 25,000. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Next`:`B`},`B`:{`Type`:`Pass`,"
    "`Next`:`A`}}}", NULL);
  GPtrArray *history;
  SwHistoryEvent *last;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (execution, "States.Runtime",
                         "The execution reached the maximum number of history events (25000).");
  history = sw_execution_get_history (execution);
  g_assert_cmpuint (history->len, ==, 25000);
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpint (sw_history_event_get_id (last), ==, 25000);
  g_assert_cmpint (sw_history_event_get_event_type (last), ==,
                   SW_HISTORY_EVENT_EXECUTION_FAILED);
}

static void
test_execution_timeout (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`TimeoutSeconds`:10,`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:100,"
    "`End`:true}}}", NULL);
  g_autofree char *types = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_TIMED_OUT);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Timeout");
  g_assert_cmpint (sw_execution_get_stop_ms (execution) - SW_TEST_EPOCH_MS, ==, 10000);
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted WaitStateEntered WaitStateAborted "
                              "ExecutionTimedOut");
}

/* History */

static void
test_history_shape (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Result`:[1,2],`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`End`:true}}}", "{`in`:`put`}");
  g_autoptr(SwValue) first = NULL;
  g_autoptr(SwValue) entered = NULL;
  g_autoptr(SwValue) last = NULL;
  g_autofree char *text = NULL;
  GPtrArray *history;

  sw_test_expect_output (execution, "[1,2]");
  history = sw_execution_get_history (execution);
  g_assert_cmpuint (history->len, ==, 6);
  for (guint i = 0; i < history->len; i++)
    g_assert_cmpint (sw_history_event_get_id (g_ptr_array_index (history, i)), ==, i + 1);

  first = sw_test_event (execution, 0);
  text = sw_test_compact (first);
  g_assert_cmpstr (text, ==, "{\"timestamp\":1767225600,\"type\":\"ExecutionStarted\","
                   "\"id\":1,\"previousEventId\":0,\"executionStartedEventDetails\":{"
                   "\"input\":\"{\\\"in\\\":\\\"put\\\"}\",\"inputDetails\":{\"truncated\":false},"
                   "\"roleArn\":\"arn:aws:iam::123456789012:role/StepwiseLocal\"}}");
  g_free (text);

  /* As the service does, the first state's event follows event 0. */
  entered = sw_test_event (execution, 1);
  text = sw_test_compact (entered);
  g_assert_cmpstr (text, ==, "{\"timestamp\":1767225600,\"type\":\"PassStateEntered\",\"id\":2,"
                   "\"previousEventId\":0,\"stateEnteredEventDetails\":{\"name\":\"A\","
                   "\"input\":\"{\\\"in\\\":\\\"put\\\"}\","
                   "\"inputDetails\":{\"truncated\":false}}}");
  g_free (text);

  last = sw_test_event (execution, 5);
  text = sw_test_compact (last);
  g_assert_cmpstr (text, ==, "{\"timestamp\":1767225600,\"type\":\"ExecutionSucceeded\",\"id\":6,"
                   "\"previousEventId\":5,\"executionSucceededEventDetails\":{\"output\":"
                   "\"[1,2]\",\"outputDetails\":{\"truncated\":false}}}");
}

static void
test_describe (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:3,`End`:true}}}", "{`a`:1}");
  g_autoptr(SwValue) description = NULL;
  g_autofree char *text = NULL;

  sw_test_expect_output (execution, "{`a`:1}");
  description = sw_execution_describe (execution);
  text = sw_test_compact (description);
  g_assert_cmpstr (text, ==,
                   "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:"
                   "TestMachine:test-run\",\"stateMachineArn\":\"arn:aws:states:us-east-1:"
                   "123456789012:stateMachine:TestMachine\",\"name\":\"test-run\","
                   "\"status\":\"SUCCEEDED\",\"startDate\":1767225600,"
                   "\"stopDate\":1767225603,\"input\":\"{\\\"a\\\":1}\","
                   "\"output\":\"{\\\"a\\\":1}\"}");
}

/* Running */

typedef struct
{
  GMainLoop *loop;
  GPtrArray *seen;
  SwExecutionStatus status;
  GError *error;
  SwExecution *to_stop;
  GCancellable *to_cancel;
  GThread *thread;
  guint stop_after;          /* how many waiting states to see before stopping */
} AsyncRun;

static void
on_event (SwExecution    *execution,
          SwHistoryEvent *event,
          AsyncRun       *run)
{
  /* Events arrive on the caller's thread, in order. */
  g_assert_true (run->thread == g_thread_self ());
  g_assert_cmpint (sw_history_event_get_id (event), ==, run->seen->len + 1);
  g_ptr_array_add (run->seen, g_strdup (sw_history_event_get_type_name (event)));

  /* The execution's thread is past an event when it arrives here; stopping once the last
   * expected Wait has begun makes the history certain. */
  if ((sw_history_event_get_event_type (event) == SW_HISTORY_EVENT_WAIT_STATE_ENTERED ||
       sw_history_event_get_event_type (event) == SW_HISTORY_EVENT_TASK_STARTED) &&
      --run->stop_after == 0)
    {
      if (run->to_stop != NULL)
        sw_execution_stop (g_steal_pointer (&run->to_stop), "Stopped.ByTest", "the test");
      if (run->to_cancel != NULL)
        g_cancellable_cancel (run->to_cancel);
    }
}

static void
on_finished (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  AsyncRun *run = data;

  run->status = sw_execution_run_finish (SW_EXECUTION (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static char *
run_async (SwExecution  *execution,
           gboolean      stop,
           GCancellable *cancellable,
           AsyncRun     *run)
{
  g_autoptr(GString) types = g_string_new (NULL);

  run->loop = g_main_loop_new (NULL, FALSE);
  run->seen = g_ptr_array_new_with_free_func (g_free);
  run->thread = g_thread_self ();
  run->to_stop = stop ? execution : NULL;
  run->to_cancel = cancellable;
  if (run->stop_after == 0)
    run->stop_after = 1;
  g_signal_connect (execution, "event", G_CALLBACK (on_event), run);
  sw_execution_run_async (execution, cancellable, on_finished, run);
  g_main_loop_run (run->loop);

  for (guint i = 0; i < run->seen->len; i++)
    g_string_append_printf (types, "%s%s", i ? " " : "", (char *) run->seen->pdata[i]);
  g_clear_pointer (&run->seen, g_ptr_array_unref);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  return g_string_free (g_steal_pointer (&types), FALSE);
}

static void
test_async_run (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`ItemProcessor`:{`StartAt`:`W`,`States`:{"
    "`W`:{`Type`:`Wait`,`Seconds`:1,`End`:true}}},`End`:true}}}", "[1,2]");
  AsyncRun run = { 0, };
  g_autofree char *types = NULL;
  g_autofree char *output = NULL;

  types = run_async (execution, FALSE, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.status, ==, SW_EXECUTION_STATUS_SUCCEEDED);
  g_assert_cmpstr (types, ==, "ExecutionStarted MapStateEntered MapStateStarted "
                              "MapIterationStarted MapIterationStarted WaitStateEntered "
                              "WaitStateEntered WaitStateExited MapIterationSucceeded "
                              "WaitStateExited MapIterationSucceeded MapStateSucceeded "
                              "MapStateExited ExecutionSucceeded");
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "[1,2]");
}

static void
test_stop_mid_wait (void)
{
  /* A real clock: the Wait would take an hour. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:3600,`End`:true}}}", NULL);
  g_autoptr(SwClock) clock = sw_clock_new ();
  AsyncRun run = { 0, };
  g_autofree char *types = NULL;
  g_autoptr(SwValue) aborted = NULL;
  gint64 start = g_get_monotonic_time ();

  sw_execution_set_clock (execution, clock);
  types = run_async (execution, TRUE, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.status, ==, SW_EXECUTION_STATUS_ABORTED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpstr (types, ==, "ExecutionStarted WaitStateEntered WaitStateAborted "
                              "ExecutionAborted");
  aborted = sw_test_find_event (execution, "ExecutionAborted", 0);
  g_assert_cmpstr (sw_test_detail (aborted, "error"), ==, "Stopped.ByTest");
  g_assert_cmpstr (sw_test_detail (aborted, "cause"), ==, "the test");
}

static void
test_cancel_mid_task (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_with (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:x:never`,`End`:true}}}",
    NULL, "arn:x:never", pending_handler, NULL);
  g_autoptr(SwClock) clock = sw_clock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { 0, };
  g_autofree char *types = NULL;

  pending_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_task_request_unref);
  sw_execution_set_clock (execution, clock);
  types = run_async (execution, FALSE, cancellable, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_cmpint (sw_execution_get_status (execution), ==, SW_EXECUTION_STATUS_ABORTED);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskStateAborted ExecutionAborted");
  g_assert_cmpuint (pending_requests->len, ==, 1);
  g_assert_true (g_cancellable_is_cancelled (
    sw_task_request_get_cancellable (g_ptr_array_index (pending_requests, 0))));
  g_clear_pointer (&pending_requests, g_ptr_array_unref);
}

static void
test_stop_mid_map (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`MaxConcurrency`:2,`ItemProcessor`:{"
    "`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:3600,`End`:true}}},`End`:true}}}",
    "[1,2,3]");
  g_autoptr(SwClock) clock = sw_clock_new ();
  AsyncRun run = { 0, };
  g_autofree char *types = NULL;

  sw_execution_set_clock (execution, clock);
  run.stop_after = 2;
  types = run_async (execution, TRUE, NULL, &run);
  g_assert_cmpint (run.status, ==, SW_EXECUTION_STATUS_ABORTED);
  g_assert_cmpstr (types, ==, "ExecutionStarted MapStateEntered MapStateStarted "
                              "MapIterationStarted MapIterationStarted WaitStateEntered "
                              "WaitStateEntered WaitStateAborted MapIterationAborted "
                              "WaitStateAborted MapIterationAborted MapStateAborted "
                              "ExecutionAborted");
}

static void
on_scheduled_send (SwExecution    *execution,
                   SwHistoryEvent *event,
                   gpointer        data)
{
  g_autoptr(SwValue) parameters = NULL;
  g_autoptr(SwValue) scheduled = NULL;
  g_autoptr(GError) error = NULL;
  const char *token;

  if (sw_history_event_get_event_type (event) != SW_HISTORY_EVENT_TASK_STARTED)
    return;
  scheduled = sw_test_find_event (execution, "TaskScheduled", 0);
  parameters = sw_json_parse (sw_test_detail (scheduled, "parameters"), -1, NULL, NULL, NULL);
  token = sw_value_get_string (sw_value_object_get (parameters, "token"));
  g_assert_false (sw_execution_send_task_success (execution, "wrong", parameters, &error));
  g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE);
  g_assert_true (sw_execution_send_task_heartbeat (execution, token, NULL));
  g_assert_true (sw_execution_send_task_success (execution, token, parameters, NULL));
}

static void
test_task_token_callback (void)
{
  /* No handler: with callbacks accepted, the task waits for SendTaskSuccess. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::sqs:sendMessage.waitForTaskToken`,"
    "`Parameters`:{`token.$`:`$$.Task.Token`,`n`:1},`ResultSelector`:{`n.$`:`$.n`},"
    "`HeartbeatSeconds`:60,`End`:true}}}", NULL);
  g_autoptr(SwExecution) unserved = sw_test_execution_new (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::sqs:sendMessage.waitForTaskToken`,`End`:true}}}", NULL);
  g_autoptr(SwClock) clock = sw_clock_new ();
  g_autofree char *output = NULL;

  sw_execution_set_clock (execution, clock);
  sw_execution_set_accept_callbacks (execution, TRUE);
  g_signal_connect (execution, "event", G_CALLBACK (on_scheduled_send), NULL);
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "{\"n\":1}");

  g_assert_cmpint (sw_test_run (unserved), ==, SW_EXECUTION_STATUS_FAILED);
  sw_test_assert_failed (unserved, "States.TaskFailed", "No local handler");
}

static void
test_run_once (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}}", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  sw_execution_run (execution, NULL, &error);
  g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE);
}

static void
test_invalid_definition (void)
{
  static const char *definitions[] = {
    "{`States`:{}}",
    "{`StartAt`:`Nope`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}}",
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`Next`:`Gone`}}}",
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Teleport`,`End`:true}}}",
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`Parameters`:{`a.$`:`$$$`},`End`:true}}}",
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/execution/pass-result", test_pass_result);
  g_test_add_func ("/engine/execution/pass-default", test_pass_default);
  g_test_add_func ("/engine/execution/pipeline-order", test_pipeline_order);
  g_test_add_func ("/engine/execution/result-path-into-input", test_result_path_into_input);
  g_test_add_func ("/engine/execution/null-paths", test_null_paths);
  g_test_add_func ("/engine/execution/result-path-failure", test_result_path_failure);
  g_test_add_func ("/engine/execution/input-path-failure", test_input_path_failure);
  g_test_add_func ("/engine/execution/parameters-failure", test_parameters_failure);
  g_test_add_func ("/engine/execution/intrinsic-failure", test_intrinsic_failure);
  g_test_add_func ("/engine/execution/context-object", test_context_object);
  g_test_add_func ("/engine/execution/task-token", test_task_token);
  g_test_add_func ("/engine/execution/task-unserved", test_task_unserved);
  g_test_add_func ("/engine/execution/task-lambda-legacy", test_task_lambda_legacy);
  g_test_add_func ("/engine/execution/task-activity", test_task_activity);
  g_test_add_func ("/engine/execution/task-async-answer", test_task_async_answer);
  g_test_add_func ("/engine/execution/task-timeout", test_task_timeout);
  g_test_add_func ("/engine/execution/task-timeout-path", test_task_timeout_path);
  g_test_add_func ("/engine/execution/task-heartbeat", test_task_heartbeat);
  g_test_add_func ("/engine/execution/retry-backoff", test_retry_backoff);
  g_test_add_func ("/engine/execution/retry-defaults", test_retry_defaults_and_exhaustion);
  g_test_add_func ("/engine/execution/retry-max-delay", test_retry_max_delay);
  g_test_add_func ("/engine/execution/retry-jitter", test_retry_jitter);
  g_test_add_func ("/engine/execution/retry-first-match", test_retry_first_match_only);
  g_test_add_func ("/engine/execution/retry-count-context", test_retry_count_context);
  g_test_add_func ("/engine/execution/catch-order", test_catch_order);
  g_test_add_func ("/engine/execution/catch-timeout-wildcard", test_catch_timeout_wildcard);
  g_test_add_func ("/engine/execution/wait-seconds", test_wait_seconds);
  g_test_add_func ("/engine/execution/wait-timestamp", test_wait_timestamp);
  g_test_add_func ("/engine/execution/wait-scale", test_wait_scale);
  g_test_add_func ("/engine/execution/wait-invalid", test_wait_invalid);
  g_test_add_func ("/engine/execution/succeed", test_succeed);
  g_test_add_func ("/engine/execution/fail", test_fail);
  g_test_add_func ("/engine/execution/no-choice-matched", test_no_choice_matched);
  g_test_add_func ("/engine/execution/variables", test_variables);
  g_test_add_func ("/engine/execution/variables-scopes", test_variables_scopes);
  g_test_add_func ("/engine/execution/jsonata-state", test_jsonata_state);
  g_test_add_func ("/engine/execution/parallel", test_parallel);
  g_test_add_func ("/engine/execution/parallel-fail-without-error",
                   test_parallel_fail_without_error);
  g_test_add_func ("/engine/execution/parallel-failure-aborts", test_parallel_failure_aborts);
  g_test_add_func ("/engine/execution/map-item-selector", test_map_item_selector);
  g_test_add_func ("/engine/execution/map-order-and-events", test_map_order_and_events);
  g_test_add_func ("/engine/execution/map-concurrency", test_map_concurrency);
  g_test_add_func ("/engine/execution/map-failure", test_map_failure);
  g_test_add_func ("/engine/execution/map-not-array", test_map_not_array);
  g_test_add_func ("/engine/execution/map-empty-and-nested", test_map_empty_and_nested);
  g_test_add_func ("/engine/execution/payload-quota", test_payload_quota);
  g_test_add_func ("/engine/execution/history-quota", test_history_quota);
  g_test_add_func ("/engine/execution/execution-timeout", test_execution_timeout);
  g_test_add_func ("/engine/execution/history-shape", test_history_shape);
  g_test_add_func ("/engine/execution/describe", test_describe);
  g_test_add_func ("/engine/execution/async-run", test_async_run);
  g_test_add_func ("/engine/execution/stop-mid-wait", test_stop_mid_wait);
  g_test_add_func ("/engine/execution/cancel-mid-task", test_cancel_mid_task);
  g_test_add_func ("/engine/execution/stop-mid-map", test_stop_mid_map);
  g_test_add_func ("/engine/execution/task-token-callback", test_task_token_callback);
  g_test_add_func ("/engine/execution/run-once", test_run_once);
  g_test_add_func ("/engine/execution/invalid-definition", test_invalid_definition);

  return g_test_run ();
}
