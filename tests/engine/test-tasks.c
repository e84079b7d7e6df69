/* test-tasks.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who serves Task states: mock configurations in the Step Functions Local format, the
 * handler registry, and local commands. */

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw-command-handler.h"
#include "sw-engine-error.h"
#include "sw-inflate.h"
#include "sw-test-engine.h"

/* The example of the Step Functions Local documentation, with the definition it mocks. */
static const char *doc_mock_config =
  "{`StateMachines`:{`LambdaSQSIntegration`:{`TestCases`:{"
  "`HappyPath`:{`LambdaState`:`MockedLambdaSuccess`,`SQSState`:`MockedSQSSuccess`},"
  "`RetryPath`:{`LambdaState`:`MockedLambdaRetry`,`SQSState`:`MockedSQSSuccess`},"
  "`HybridPath`:{`LambdaState`:`MockedLambdaSuccess`}}}},"
  "`MockedResponses`:{"
  "`MockedLambdaSuccess`:{`0`:{`Return`:{`StatusCode`:200,`Payload`:{`StatusCode`:200,"
  "`body`:`Hello from Lambda!`}}}},"
  "`LambdaMockedResourceNotReady`:{`0`:{`Throw`:{`Error`:`Lambda.ResourceNotReadyException`,"
  "`Cause`:`Lambda resource is not ready.`}}},"
  "`MockedSQSSuccess`:{`0`:{`Return`:{`MD5OfMessageBody`:`3bcb6e8e-7h85-4375-b0bc-1a59812c6e51`,"
  "`MessageId`:`3bcb6e8e-8b51-4375-b0bc-1a59812c6e51`}}},"
  "`MockedLambdaRetry`:{`0`:{`Throw`:{`Error`:`Lambda.ResourceNotReadyException`,"
  "`Cause`:`Lambda resource is not ready.`}},"
  "`1-2`:{`Throw`:{`Error`:`Lambda.TimeoutException`,`Cause`:`Lambda timed out.`}},"
  "`3`:{`Return`:{`StatusCode`:200,`Payload`:{`StatusCode`:200,"
  "`body`:`Hello from Lambda!`}}}}}}";

static const char *doc_definition =
  "{`StartAt`:`LambdaState`,`States`:{"
  "`LambdaState`:{`Type`:`Task`,`Resource`:`arn:aws:states:::lambda:invoke`,"
  "`Parameters`:{`Payload.$`:`$`,`FunctionName`:`HelloWorldFunction`},"
  "`Retry`:[{`ErrorEquals`:[`States.ALL`],`IntervalSeconds`:2,`MaxAttempts`:3,"
  "`BackoffRate`:2}],`Next`:`SQSState`},"
  "`SQSState`:{`Type`:`Task`,`Resource`:`arn:aws:states:::sqs:sendMessage`,"
  "`Parameters`:{`QueueUrl`:`https://sqs.us-east-1.amazonaws.com/123456789012/myQueue`,"
  "`MessageBody.$`:`$`},`End`:true}}}";

static SwMockConfig *
mock_config (const char *json)
{
  g_autoptr(SwValue) value = sw_test_parse (json);
  g_autoptr(GError) error = NULL;
  SwMockConfig *config = sw_mock_config_new_from_value (value, &error);

  g_assert_no_error (error);
  return config;
}

static SwExecution *
mocked_execution (const char *definition,
                  const char *config_json,
                  const char *test_case)
{
  SwExecution *execution = sw_test_execution_new (definition, NULL);
  g_autoptr(SwMockConfig) config = mock_config (config_json);
  g_autoptr(GError) error = NULL;

  sw_execution_set_mock_config (execution, config, NULL, test_case, &error);
  g_assert_no_error (error);
  return execution;
}

static void
test_mock_happy_path (void)
{
  g_autoptr(SwExecution) execution = mocked_execution (doc_definition, doc_mock_config,
                                                       "HappyPath");
  g_autofree char *output = NULL;
  g_autofree char *types = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "{\"MD5OfMessageBody\":\"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51\","
                   "\"MessageId\":\"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51\"}");
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskSucceeded TaskStateExited TaskStateEntered TaskScheduled "
                              "TaskStarted TaskSucceeded TaskStateExited ExecutionSucceeded");
}

static void
test_mock_retry_path (void)
{
  g_autoptr(SwExecution) execution = mocked_execution (doc_definition, doc_mock_config,
                                                       "RetryPath");
  g_autoptr(SwValue) failed = NULL;
  g_autoptr(SwValue) succeeded = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  /* Invocations 0, 1 and 2 throw, 3 returns; the retries wait 2, 4 and 8 s. */
  failed = sw_test_find_event (execution, "TaskFailed", 2);
  g_assert_cmpstr (sw_test_detail (failed, "error"), ==, "Lambda.TimeoutException");
  g_assert_cmpstr (sw_test_detail (failed, "cause"), ==, "Lambda timed out.");
  g_assert_cmpint (sw_test_event_time (execution, "TaskScheduled", 3), ==, 14000);
  succeeded = sw_test_find_event (execution, "TaskSucceeded", 0);
  g_assert_cmpstr (sw_test_detail (succeeded, "output"), ==,
                   "{\"StatusCode\":200,\"Payload\":{\"StatusCode\":200,"
                   "\"body\":\"Hello from Lambda!\"}}");
}

static void
test_mock_hybrid_path (void)
{
  /* A state the test case does not mock goes to the handlers; with none, it fails. */
  g_autoptr(SwExecution) execution = mocked_execution (doc_definition, doc_mock_config,
                                                       "HybridPath");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.TaskFailed");
  sw_test_assert_contains (sw_execution_get_cause (execution), "'SQSState'");
}

static void
test_mock_exhausted (void)
{
  g_autoptr(SwExecution) execution = mocked_execution (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::lambda:invoke`,"
    "`Retry`:[{`ErrorEquals`:[`States.ALL`],`IntervalSeconds`:1}],`End`:true}}}",
    "{`StateMachines`:{`M`:{`TestCases`:{`Once`:{`T`:`Fails`}}}},`MockedResponses`:{"
    "`Fails`:{`0`:{`Throw`:{`Error`:`E`,`Cause`:`c`}}}}}", "Once");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Runtime");
  sw_test_assert_contains (sw_execution_get_cause (execution), "no entry for invocation 1");
}

static void
test_mock_map_iterations (void)
{
  /* Each invocation takes the next response, iterations included. */
  g_autoptr(SwValue) definition = sw_test_parse (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`MaxConcurrency`:1,`ItemProcessor`:{"
    "`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::dynamodb:getItem`,`End`:true}}},`End`:true}}}");
  g_autoptr(SwMockConfig) config = mock_config (
    "{`StateMachines`:{`M`:{`TestCases`:{`Items`:{`T`:`Items`}}}},`MockedResponses`:{"
    "`Items`:{`0`:{`Return`:`first`},`1-2`:{`Return`:`second`}}}}");
  g_autoptr(SwClock) clock = sw_clock_new_fake (SW_TEST_EPOCH_MS);
  g_autoptr(SwValue) input = sw_test_parse ("[1,2,3]");
  g_autoptr(SwExecution) execution = sw_execution_new (definition, input, NULL);
  g_autofree char *output = NULL;

  sw_execution_set_clock (execution, clock);
  g_assert_true (sw_execution_set_mock_config (execution, config, "M", "Items", NULL));
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "[\"first\",\"second\",\"second\"]");
}

static void
test_mock_config_errors (void)
{
  static const struct { const char *json; const char *fragment; } cases[] = {
    { "[]", "must be a JSON object" },
    { "{}", "no StateMachines" },
    { "{`StateMachines`:{`M`:{}}}", "no TestCases" },
    { "{`StateMachines`:{`M`:{`TestCases`:{`C`:{`S`:`R`}}}},`MockedResponses`:{}}",
      "does not define" },
    { "{`StateMachines`:{},`MockedResponses`:{`R`:{`zero`:{`Return`:1}}}}", "“zero”" },
    { "{`StateMachines`:{},`MockedResponses`:{`R`:{`2-1`:{`Return`:1}}}}", "“2-1”" },
    { "{`StateMachines`:{},`MockedResponses`:{`R`:{`0`:{`Return`:1,`Throw`:{}}}}}",
      "exactly one field" },
    { "{`StateMachines`:{},`MockedResponses`:{`R`:{`0`:{`Throw`:{`Cause`:`x`}}}}}",
      "needs an Error" },
    { "{`StateMachines`:{`M`:{`TestCases`:{`C`:{`S`:5}}}}}", "must name a mocked response" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwValue) value = sw_test_parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(SwMockConfig) config = sw_mock_config_new_from_value (value, &error);

      g_assert_null (config);
      g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK);
      sw_test_assert_contains (error->message, cases[i].fragment);
    }
}

static void
test_mock_selection (void)
{
  g_autoptr(SwMockConfig) two = mock_config (
    "{`StateMachines`:{`A`:{`TestCases`:{`T`:{}}},`B`:{`TestCases`:{`T`:{}}}}}");
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}}", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) machines = sw_mock_config_list_machines (two);

  g_assert_cmpuint (g_strv_length (machines), ==, 2);
  g_assert_false (sw_execution_set_mock_config (execution, two, NULL, "T", &error));
  g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK);
  sw_test_assert_contains (error->message, "name one");
  g_clear_error (&error);
  g_assert_false (sw_execution_set_mock_config (execution, two, "C", "T", &error));
  sw_test_assert_contains (error->message, "no state machine “C”");
  g_clear_error (&error);
  g_assert_false (sw_execution_set_mock_config (execution, two, "A", "U", &error));
  sw_test_assert_contains (error->message, "no test case “U”");
  g_clear_error (&error);
  g_assert_true (sw_execution_set_mock_config (execution, two, "B", "T", &error));
  g_assert_no_error (error);
}

/* The registry */

static void
tag_handler (SwTaskRequest *request,
             gpointer       data)
{
  sw_task_request_return_value (request, sw_value_new_string (data));
}

static void
test_registry_lookup (void)
{
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  SwTaskHandlerFunc func;
  gpointer data;

  sw_task_registry_add (registry, "arn:aws:states:::sagemaker:*", tag_handler, "sm", NULL);
  sw_task_registry_add (registry, "arn:aws:lambda:us-east-1:123456789012:function:Resize",
                        tag_handler, "resize", NULL);
  sw_task_registry_add (registry, "arn:aws:states:::sagemaker:createModel", tag_handler,
                        "model", NULL);

  g_assert_true (sw_task_registry_lookup (registry,
                                          "arn:aws:states:::sagemaker:createTrainingJob.sync",
                                          NULL, &func, &data));
  g_assert_cmpstr (data, ==, "sm");
  /* A later registration wins. */
  g_assert_true (sw_task_registry_lookup (registry, "arn:aws:states:::sagemaker:createModel",
                                          NULL, &func, &data));
  g_assert_cmpstr (data, ==, "model");
  /* A lambda:invoke call finds the function by name, ARN or qualified ARN. */
  g_assert_true (sw_task_registry_lookup (registry, "arn:aws:states:::lambda:invoke",
                                          "Resize", &func, &data));
  g_assert_cmpstr (data, ==, "resize");
  g_assert_true (sw_task_registry_lookup (registry, "arn:aws:states:::lambda:invoke",
                                          "arn:aws:lambda:eu-west-1:1:function:Resize:prod",
                                          &func, &data));
  g_assert_false (sw_task_registry_lookup (registry, "arn:aws:states:::lambda:invoke",
                                           "Crop", &func, &data));
  g_assert_false (sw_task_registry_lookup (registry, "arn:aws:states:::sqs:sendMessage", NULL,
                                           &func, &data));

  {
    char *name = sw_task_lambda_function_name ("arn:aws:lambda:us-east-1:1:function:F:$LATEST");

    g_assert_cmpstr (name, ==, "F");
    g_free (name);
    name = sw_task_lambda_function_name ("G");
    g_assert_cmpstr (name, ==, "G");
    g_free (name);
    g_assert_null (sw_task_lambda_function_name ("arn:aws:states:::sqs:sendMessage"));
  }
}

/* Local commands */

static char *workdir;

/* @name's path in the work directory, whose folders are made as needed. */
static char *
workdir_path (const char *name)
{
  char *path = g_build_filename (workdir, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return path;
}

static void
write_file (const char *name,
            const char *contents)
{
  g_autofree char *path = workdir_path (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = sw_test_quote (contents);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static SwExecution *
command_execution (const char *definition,
                   const char *input,
                   const char *handlers)
{
  SwExecution *execution = sw_test_execution_new (definition, input);
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwClock) clock = sw_clock_new ();
  g_autofree char *path = g_build_filename (workdir, "handlers.json", NULL);

  write_file ("handlers.json", handlers);
  sw_command_handler_load_file (registry, path, &error);
  g_assert_no_error (error);
  sw_execution_set_task_registry (execution, registry);
  /* Commands take real time. */
  sw_execution_set_clock (execution, clock);
  return execution;
}

static void
test_command_lambda_invoke (void)
{
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *output = NULL;

  write_file ("double.py",
              "import json, os, sys\n"
              "event = json.load(sys.stdin)\n"
              "json.dump({`doubled`: event[`n`] * 2, `state`: os.environ[`STEPWISE_STATE_NAME`],"
              " `dir`: os.path.basename(os.getcwd())}, sys.stdout)\n");
  {
    g_autofree char *sub = g_build_filename (workdir, "sub", NULL);

    g_mkdir (sub, 0755);
  }
  execution = command_execution (
    "{`StartAt`:`Double`,`States`:{`Double`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::lambda:invoke`,"
    "`Parameters`:{`FunctionName`:`arn:aws:lambda:us-east-1:123456789012:function:Double:$LATEST`,"
    "`Payload.$`:`$`},`ResultSelector`:{`out.$`:`$.Payload`,`code.$`:`$.StatusCode`},"
    "`End`:true}}}", "{`n`:21}",
    "{`arn:aws:lambda:us-east-1:123456789012:function:Double`:{"
    "`command`:[`python3`,`../double.py`],`cwd`:`sub`}}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "{\"out\":{\"doubled\":42,\"state\":\"Double\",\"dir\":\"sub\"},"
                   "\"code\":200}");
}

static void
test_command_failures (void)
{
  static const struct
  {
    const char *command;
    const char *error;
    const char *cause;
  } cases[] = {
    { "sh -c 'echo disk full >&2; exit 3'", "States.TaskFailed",
      "The command exited with status 3: disk full" },
    { "sh -c 'echo not json'", "States.TaskFailed", "output is not JSON" },
    { "sh lambda-error.sh", "ValueError", "\"errorMessage\":\"bad\"" },
    { "/nonexistent/program", "States.TaskFailed", "Cannot start the command" },
  };

  /* A Lambda-style error object names the error. */
  write_file ("lambda-error.sh",
              "echo '{`errorType`:`ValueError`,`errorMessage`:`bad`}'\nexit 1\n");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *handlers = g_strdup_printf ("{`Fn`:`%s`}", cases[i].command);
      g_autoptr(SwExecution) execution = command_execution (
        "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
        "`Resource`:`arn:aws:lambda:us-east-1:123456789012:function:Fn`,`End`:true}}}", NULL,
        handlers);

      g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
      g_assert_cmpstr (sw_execution_get_error (execution), ==, cases[i].error);
      sw_test_assert_contains (sw_execution_get_cause (execution), cases[i].cause);
    }
}

static void
test_command_timeout (void)
{
  g_autoptr(SwExecution) execution = command_execution (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,`Resource`:`arn:aws:states:::ecs:runTask.sync`,"
    "`TimeoutSeconds`:1,`End`:true}}}", NULL,
    "{`arn:aws:states:::ecs:*`:`sleep 30`}");
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Timeout");
  /* The command was killed at the timeout, not waited for. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1 * G_USEC_PER_SEC);
}

static void
test_command_config_errors (void)
{
  static const char *configs[] = {
    "[]", "{`X`:5}", "{`X`:[]}", "{`X`:[1]}", "{`X`:`unterminated 'quote`}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(SwValue) value = sw_test_parse (configs[i]);
      g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (sw_command_handler_load_value (registry, value, "/", &error));
      g_assert_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_HANDLER);
      g_assert_cmpuint (sw_task_registry_get_n_handlers (registry), ==, 0);
    }
}

/* Distributed Map over local files */

static SwExecution *
distributed_execution (const char *definition,
                       const char *input)
{
  SwExecution *execution = sw_test_execution_new (definition, input);

  sw_execution_set_local_root (execution, workdir);
  return execution;
}

static void
test_distributed_json (void)
{
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *output = NULL;
  g_autofree char *types = NULL;

  write_file ("bucket/in/items.json", "[{`n`:1},{`n`:2},{`n`:3},{`n`:4},{`n`:5}]");
  execution = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`JSON`},`Parameters`:{`Bucket`:`bucket`,`Key.$`:`$.key`}},"
    "`ItemSelector`:{`v.$`:`$$.Map.Item.Value.n`},"
    "`ItemBatcher`:{`MaxItemsPerBatch`:2,`BatchInput`:{`tag`:`b`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,`ExecutionType`:`STANDARD`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}",
    "{`key`:`in/items.json`}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "[{\"Items\":[{\"v\":1},{\"v\":2}],\"BatchInput\":{\"tag\":\"b\"}},"
                   "{\"Items\":[{\"v\":3},{\"v\":4}],\"BatchInput\":{\"tag\":\"b\"}},"
                   "{\"Items\":[{\"v\":5}],\"BatchInput\":{\"tag\":\"b\"}}]");
  /* The iterations are child executions, not events of this history. */
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted "
                              "MapRunSucceeded MapStateSucceeded MapStateExited "
                              "ExecutionSucceeded");
}

static void
test_distributed_csv_and_writer (void)
{
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *output = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(SwValue) result = NULL;
  const char *key;

  write_file ("data/rows.csv", "name,qty\npen,2\n\"ink, blue\",5\n");
  execution = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`CSV`,`CSVHeaderLocation`:`FIRST_ROW`},"
    "`Parameters`:{`Bucket`:`data`,`Key`:`rows.csv`}},"
    "`ResultWriter`:{`Resource`:`arn:aws:states:::s3:putObject`,"
    "`Parameters`:{`Bucket`:`results`,`Prefix`:`out`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  result = sw_value_ref (sw_execution_get_output (execution));
  g_assert_true (g_str_has_prefix (sw_value_get_string (sw_value_object_get (result, "MapRunArn")),
                                   "arn:aws:states:us-east-1:123456789012:mapRun:TestMachine/M:"));
  key = sw_value_get_string (sw_value_object_get (sw_value_object_get (result,
                                                                       "ResultWriterDetails"),
                                                  "Key"));
  g_assert_true (g_str_has_prefix (key, "out/"));
  g_assert_true (g_str_has_suffix (key, "/manifest.json"));

  {
    g_autofree char *dir = g_path_get_dirname (key);
    g_autofree char *path = g_build_filename (workdir, "results", dir, "SUCCEEDED_0.json", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    sw_test_assert_contains (text, "\"{\\\"name\\\":\\\"ink, blue\\\",\\\"qty\\\":\\\"5\\\"}\"");
    g_free (path);
    path = g_build_filename (workdir, "results", key, NULL);
    g_assert_true (g_file_get_contents (path, &manifest, NULL, NULL));
    sw_test_assert_contains (manifest, "\"DestinationBucket\": \"results\"");
  }
}

static void
test_distributed_tolerance (void)
{
#define TOLERANCE_DEFINITION(extra) \
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`," extra \
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`},`StartAt`:`C`,`States`:{" \
    "`C`:{`Type`:`Choice`,`Choices`:[{`Variable`:`$`,`NumericEquals`:3,`Next`:`F`}]," \
    "`Default`:`P`},`F`:{`Type`:`Fail`,`Error`:`Three`},`P`:{`Type`:`Pass`,`End`:true}}}," \
    "`End`:true}}}"
  const char *tolerant = TOLERANCE_DEFINITION ("`ToleratedFailureCount`:1,");
  const char *strict = TOLERANCE_DEFINITION ("");
  const char *percent = TOLERANCE_DEFINITION ("`ToleratedFailurePercentage`:10,");
  g_autoptr(SwExecution) a = distributed_execution (tolerant, "[1,2,3,4]");
  g_autoptr(SwExecution) b = distributed_execution (strict, "[1,2,3,4]");
  g_autoptr(SwExecution) c = distributed_execution (percent, "[1,2,3,4]");
  g_autofree char *output = NULL;

  g_assert_cmpint (sw_test_run (a), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (a);
  g_assert_cmpstr (output, ==, "[1,2,4]");
  g_assert_cmpint (sw_test_run (b), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (b), ==, "States.ExceedToleratedFailureThreshold");
  /* One of four is 25 %, over 10 %. */
  g_assert_cmpint (sw_test_run (c), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (c), ==, "States.ExceedToleratedFailureThreshold");
}

static void
test_distributed_reader_failure (void)
{
  g_autoptr(SwExecution) execution = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`Parameters`:{`Bucket`:`nobucket`,`Key`:`none.json`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},"
    "`Catch`:[{`ErrorEquals`:[`States.ItemReaderFailed`],`Next`:`Caught`}],`End`:true},"
    "`Caught`:{`Type`:`Pass`,`End`:true}}}", NULL);
  g_autofree char *output = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  sw_test_assert_contains (output, "\"Error\":\"States.ItemReaderFailed\"");
}

/* Found by fuzz-item-reader: CSVHeaders holding a number or null gave criticals, dropped
 * those columns and leaked their values; now the reader fails as the service does. */
static void
test_distributed_csv_headers_not_strings (void)
{
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *output = NULL;

  write_file ("headers/rows.csv", "1,2,3\n4,5,6\n");
  execution = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`CSV`,`CSVHeaderLocation`:`GIVEN`,"
    "`CSVHeaders`:[`a`,7,null]},`Parameters`:{`Bucket`:`headers`,`Key`:`rows.csv`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},"
    "`Catch`:[{`ErrorEquals`:[`States.ItemReaderFailed`],`Next`:`Caught`}],`End`:true},"
    "`Caught`:{`Type`:`Pass`,`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  sw_test_assert_contains (output, "\"Error\":\"States.ItemReaderFailed\"");
  sw_test_assert_contains (output, "CSVHeaders must hold strings, but item 1 is number");
}

/* `.sync` integrations: TaskSubmitted between TaskStarted and TaskSucceeded */

static const char *sync_definition =
  "{`StartAt`:`Train`,`States`:{`Train`:{`Type`:`Task`,"
  "`Resource`:`arn:aws:states:::sagemaker:createTrainingJob.sync`,"
  "`Parameters`:{`TrainingJobName`:`mnist`},`End`:true}}}";

static void
sync_handler (SwTaskRequest *request,
              gpointer       data)
{
  g_autoptr(SwValue) submitted = sw_test_parse ("{`TrainingJobArn`:`arn:aws:sagemaker:"
                                                "us-east-1:123456789012:training-job/mnist`}");

  sw_task_request_submitted (request, submitted);
  sw_task_request_return_value (request, sw_test_parse ("{`TrainingJobStatus`:`Completed`}"));
}

static gpointer
sync_thread (gpointer data)
{
  SwTaskRequest *request = data;
  g_autoptr(SwValue) submitted = sw_test_parse ("{`JobId`:`j-1`}");

  sw_task_request_submitted (request, submitted);
  g_usleep (20000);
  sw_task_request_return_value (request, sw_test_parse ("{`done`:true}"));
  sw_task_request_unref (request);
  return NULL;
}

static void
sync_async_handler (SwTaskRequest *request,
                    gpointer       data)
{
  g_thread_unref (g_thread_new ("sync", sync_thread, sw_task_request_ref (request)));
}

static void
assert_submitted (SwExecution *execution,
                  const char  *resource,
                  const char  *output)
{
  g_autoptr(SwValue) event = sw_test_find_event (execution, "TaskSubmitted", 0);
  SwValue *details;

  g_assert_nonnull (event);
  details = sw_value_object_get (event, "taskSubmittedEventDetails");
  g_assert_nonnull (details);
  g_assert_cmpstr (sw_test_detail (event, "resourceType"), ==, "sagemaker");
  g_assert_cmpstr (sw_test_detail (event, "resource"), ==, resource);
  g_assert_cmpstr (sw_test_detail (event, "output"), ==, output);
  g_assert_false (sw_value_get_boolean (sw_value_object_get (
    sw_value_object_get (details, "outputDetails"), "truncated")));
}

static void
test_sync_submitted (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (sync_definition, NULL);
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autofree char *types = NULL;
  g_autofree char *output = NULL;

  sw_task_registry_add (registry, "arn:aws:states:::sagemaker:*", sync_handler, NULL, NULL);
  sw_execution_set_task_registry (execution, registry);
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskSubmitted TaskSucceeded TaskStateExited ExecutionSucceeded");
  assert_submitted (execution, "createTrainingJob.sync",
                    "{\"TrainingJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
                    "training-job/mnist\"}");
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "{\"TrainingJobStatus\":\"Completed\"}");
}

static void
test_sync_submitted_async (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::sagemaker:createProcessingJob.sync`,`End`:true}}}", NULL);
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autofree char *types = NULL;
  g_autoptr(SwValue) submitted = NULL;
  g_autoptr(SwValue) succeeded = NULL;

  sw_task_registry_add (registry, "arn:aws:states:::sagemaker:*", sync_async_handler, NULL,
                        NULL);
  sw_execution_set_task_registry (execution, registry);
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskSubmitted TaskSucceeded TaskStateExited ExecutionSucceeded");
  assert_submitted (execution, "createProcessingJob.sync", "{\"JobId\":\"j-1\"}");
  /* Submitted while the job ran: recorded before, and not after, the job's end. */
  submitted = sw_test_find_event (execution, "TaskSubmitted", 0);
  succeeded = sw_test_find_event (execution, "TaskSucceeded", 0);
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (succeeded, "previousEventId")),
                   ==, sw_value_get_double (sw_value_object_get (submitted, "id")));
}

static void
test_sync_mocked (void)
{
  g_autoptr(SwExecution) execution = mocked_execution (
    sync_definition,
    "{`StateMachines`:{`M`:{`TestCases`:{`T`:{`Train`:`Done`}}}},"
    "`MockedResponses`:{`Done`:{`0`:{`Return`:{`TrainingJobStatus`:`Completed`}}}}}", "T");
  g_autoptr(SwExecution) plain = mocked_execution (
    doc_definition, doc_mock_config, "HappyPath");
  g_autofree char *types = NULL;

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  types = sw_test_event_types (execution);
  g_assert_cmpstr (types, ==, "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted "
                              "TaskSubmitted TaskSucceeded TaskStateExited ExecutionSucceeded");
  assert_submitted (execution, "createTrainingJob.sync",
                    "{\"TrainingJobStatus\":\"Completed\"}");
  /* Request-response integrations submit nothing. */
  g_assert_cmpint (sw_test_run (plain), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  g_free (types);
  types = sw_test_event_types (plain);
  g_assert_null (strstr (types, "TaskSubmitted"));
}

/* Inline Map concurrency: each task answers later, from an idle on the execution's context;
 * the peak of tasks running at once is recorded. */
static guint concurrency_running;
static guint concurrency_peak;

static gboolean
concurrency_answer (gpointer data)
{
  SwTaskRequest *request = data;

  concurrency_running--;
  sw_task_request_return_value (request, sw_value_new_null ());
  return G_SOURCE_REMOVE;
}

static void
concurrency_handler (SwTaskRequest *request,
                     gpointer       data)
{
  GSource *source = g_timeout_source_new (5);

  g_source_set_callback (source, concurrency_answer, sw_task_request_ref (request),
                         (GDestroyNotify) sw_task_request_unref);
  concurrency_running++;
  concurrency_peak = MAX (concurrency_peak, concurrency_running);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
write_gzip (const char *name,
            const char *contents)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory,
                                                                G_CONVERTER (compressor));
  g_autofree char *path = workdir_path (name);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, contents, strlen (contents), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (path,
                       g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                       g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)),
                       &error);
  g_assert_no_error (error);
}

static void
test_distributed_manifest (void)
{
  /* An S3 inventory: manifest.json lists gzipped CSV files in the destination bucket, whose
   * columns fileSchema names. */
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *output = NULL;

  write_file ("inventory/manifest.json",
              "{`sourceBucket`:`photos`,`destinationBucket`:`arn:aws:s3:::inventory`,"
              "`version`:`2016-11-30`,`fileFormat`:`CSV`,"
              "`fileSchema`:`Bucket, Key, Size`,"
              "`files`:[{`key`:`data/a.csv.gz`,`size`:40,`MD5checksum`:`x`},"
              "{`key`:`data/b.csv.gz`,`size`:20,`MD5checksum`:`y`}]}");
  write_gzip ("inventory/data/a.csv.gz", "\"photos\",\"cat.jpg\",\"120\"\n"
                                         "\"photos\",\"dog.jpg\",\"300\"\n");
  write_gzip ("inventory/data/b.csv.gz", "\"photos\",\"emu.jpg\",\"7\"\n");
  execution = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`MANIFEST`,`MaxItems`:2},"
    "`Parameters`:{`Bucket`:`inventory`,`Key`:`manifest.json`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,`ExecutionType`:`STANDARD`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "[{\"Bucket\":\"photos\",\"Key\":\"cat.jpg\",\"Size\":\"120\"},"
                               "{\"Bucket\":\"photos\",\"Key\":\"dog.jpg\",\"Size\":\"300\"}]");
}

static void
test_distributed_gzip_bomb (void)
{
  /* A .gz object of about 260 KB that inflates past SW_INFLATE_MAX_ITEM_READER (256 MiB)
   * fails the Map rather than taking gigabytes of memory. Generated here, not committed. */
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory,
                                                                G_CONVERTER (compressor));
  g_autofree char *dir = g_build_filename (workdir, "bombs", NULL);
  g_autofree char *path = g_build_filename (dir, "big.csv.gz", NULL);
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < SW_INFLATE_MAX_ITEM_READER / (1024 * 1024) + 1; i++)
    {
      g_output_stream_write_all (out, zeros, 1024 * 1024, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)), <,
                    1024 * 1024);
  g_mkdir_with_parents (dir, 0755);
  g_file_set_contents (path,
                       g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                       g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)),
                       &error);
  g_assert_no_error (error);
  execution = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`CSV`,`CSVHeaderLocation`:`FIRST_ROW`},"
    "`Parameters`:{`Bucket`:`bombs`,`Key`:`big.csv.gz`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,`ExecutionType`:`STANDARD`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.ItemReaderFailed");
  sw_test_assert_contains (sw_execution_get_cause (execution), "s3://bombs/big.csv.gz");
  sw_test_assert_contains (sw_execution_get_cause (execution), "more than the limit of 256");
}

static void
test_distributed_items_pointer (void)
{
  /* ItemsPointer finds the array inside a JSON object file; a JSONata Map reads with
   * Arguments and evaluates expressions in the ItemReader. */
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(SwExecution) missing = NULL;
  g_autofree char *output = NULL;

  write_file ("bucket/in/wrapped.json", "{`meta`:{},`data`:{`rows`:[{`n`:1},{`n`:2}]}}");
  execution = distributed_execution (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`JSON`,`ItemsPointer`:`/data/rows`},"
    "`Arguments`:{`Bucket`:`bucket`,`Key`:`{% 'in/' & $states.input.file %}`}},"
    "`ItemSelector`:`{% $states.context.Map.Item.Value.n * 10 %}`,"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,`ExecutionType`:`STANDARD`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}",
    "{`file`:`wrapped.json`}");
  missing = distributed_execution (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`ItemReader`:{`Resource`:`arn:aws:states:::s3:getObject`,"
    "`ReaderConfig`:{`InputType`:`JSON`,`ItemsPointer`:`/data/none`},"
    "`Parameters`:{`Bucket`:`bucket`,`Key`:`in/wrapped.json`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,`ExecutionType`:`STANDARD`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}},`End`:true}}}", NULL);

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, "[10,20]");
  g_assert_cmpint (sw_test_run (missing), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (missing), ==, "States.ItemReaderFailed");
  sw_test_assert_contains (sw_execution_get_cause (missing), "/data/none");
}

static void
test_inline_map_concurrency_cap (void)
{
  /* The service runs at most 40 iterations of an inline Map at once, whatever
   * MaxConcurrency says. */
  g_autoptr(GString) items = g_string_new ("[");
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (items, "%s%u", i > 0 ? "," : "", i);
  g_string_append (items, "]");
  execution = sw_test_execution_new (
    "{`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,`MaxConcurrency`:1000,"
    "`ItemProcessor`:{`StartAt`:`T`,`States`:{`T`:{`Type`:`Task`,"
    "`Resource`:`arn:aws:states:::lambda:invoke`,`End`:true}}},`End`:true}}}", items->str);
  sw_task_registry_add (registry, "*", concurrency_handler, NULL, NULL);
  sw_execution_set_task_registry (execution, registry);
  concurrency_running = concurrency_peak = 0;
  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  g_assert_cmpuint (concurrency_peak, ==, 40);
}

static void
test_distributed_jsonata_batcher_writer (void)
{
  /* In a JSONata Map, ItemBatcher, ResultWriter (with Arguments) and the tolerated failures
   * may hold expressions. */
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(SwValue) result = NULL;
  const char *key;

  execution = distributed_execution (
    "{`QueryLanguage`:`JSONata`,`StartAt`:`M`,`States`:{`M`:{`Type`:`Map`,"
    "`Items`:`{% $states.input.rows %}`,"
    "`ItemBatcher`:{`MaxItemsPerBatch`:`{% $states.input.per %}`,"
    "`BatchInput`:{`run`:`{% $states.input.run %}`}},"
    "`ToleratedFailureCount`:`{% 0 %}`,"
    "`ResultWriter`:{`Resource`:`arn:aws:states:::s3:putObject`,"
    "`Arguments`:{`Bucket`:`results`,`Prefix`:`{% 'jsonata-' & $states.input.run %}`}},"
    "`ItemProcessor`:{`ProcessorConfig`:{`Mode`:`DISTRIBUTED`,`ExecutionType`:`STANDARD`},"
    "`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
    "`Output`:`{% $count($states.input.Items) & '@' & $states.input.BatchInput.run %}`,"
    "`End`:true}}},"
    "`Output`:`{% $states.result.ResultWriterDetails %}`,`End`:true}}}",
    "{`rows`:[1,2,3,4,5],`per`:2,`run`:`r7`}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
  result = sw_value_ref (sw_execution_get_output (execution));
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (result, "Bucket")), ==, "results");
  key = sw_value_get_string (sw_value_object_get (result, "Key"));
  g_assert_true (g_str_has_prefix (key, "jsonata-r7/"));

  {
    g_autofree char *dir = g_path_get_dirname (key);
    g_autofree char *path = g_build_filename (workdir, "results", dir, "SUCCEEDED_0.json", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    /* Three batches: 2, 2 and 1 items. */
    sw_test_assert_contains (text, "\"Output\": \"\\\"2@r7\\\"\"");
    sw_test_assert_contains (text, "\"Output\": \"\\\"1@r7\\\"\"");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  workdir = g_dir_make_tmp ("sw-test-tasks-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/engine/tasks/mock-happy-path", test_mock_happy_path);
  g_test_add_func ("/engine/tasks/mock-retry-path", test_mock_retry_path);
  g_test_add_func ("/engine/tasks/mock-hybrid-path", test_mock_hybrid_path);
  g_test_add_func ("/engine/tasks/mock-exhausted", test_mock_exhausted);
  g_test_add_func ("/engine/tasks/mock-map-iterations", test_mock_map_iterations);
  g_test_add_func ("/engine/tasks/mock-config-errors", test_mock_config_errors);
  g_test_add_func ("/engine/tasks/mock-selection", test_mock_selection);
  g_test_add_func ("/engine/tasks/registry-lookup", test_registry_lookup);
  g_test_add_func ("/engine/tasks/sync-submitted", test_sync_submitted);
  g_test_add_func ("/engine/tasks/sync-submitted-async", test_sync_submitted_async);
  g_test_add_func ("/engine/tasks/sync-mocked", test_sync_mocked);
  g_test_add_func ("/engine/tasks/command-lambda-invoke", test_command_lambda_invoke);
  g_test_add_func ("/engine/tasks/command-failures", test_command_failures);
  g_test_add_func ("/engine/tasks/command-timeout", test_command_timeout);
  g_test_add_func ("/engine/tasks/command-config-errors", test_command_config_errors);
  g_test_add_func ("/engine/tasks/distributed-json", test_distributed_json);
  g_test_add_func ("/engine/tasks/distributed-csv-and-writer", test_distributed_csv_and_writer);
  g_test_add_func ("/engine/tasks/distributed-tolerance", test_distributed_tolerance);
  g_test_add_func ("/engine/tasks/distributed-reader-failure", test_distributed_reader_failure);
  g_test_add_func ("/engine/tasks/distributed-csv-headers-not-strings",
                   test_distributed_csv_headers_not_strings);
  g_test_add_func ("/engine/tasks/distributed-manifest", test_distributed_manifest);
  g_test_add_func ("/engine/tasks/distributed-gzip-bomb", test_distributed_gzip_bomb);
  g_test_add_func ("/engine/tasks/distributed-items-pointer", test_distributed_items_pointer);
  g_test_add_func ("/engine/tasks/distributed-jsonata-batcher-writer",
                   test_distributed_jsonata_batcher_writer);
  g_test_add_func ("/engine/tasks/inline-map-concurrency-cap", test_inline_map_concurrency_cap);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", workdir);

    if (system (command) != 0)
      g_warning ("Cannot remove %s", workdir);
  }
  g_free (workdir);
  return status;
}
