/* test-run-cli.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli run` end to end: the built executable, spawned in a scratch directory, with
 * its output, --describe, --history, mocks, local commands and every exit status. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "sw-json.h"
#include "sw-test-cli.h"

/* Writes a scratch file; backquotes in @contents stand for double quotes. */
static void
write_file (const char *name,
            const char *contents)
{
  g_autofree char *text = g_strdup (contents);

  for (char *p = text; *p; p++)
    if (*p == '`')
      *p = '"';
  sw_test_cli_write (name, text, -1);
}

static SwValue *
parse_output (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static const char *
member_string (SwValue    *object,
               const char *key)
{
  SwValue *member = sw_value_object_get (object, key);

  g_assert_nonnull (member);
  return sw_value_get_string (member);
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if ((haystack) == NULL || strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” does not contain “%s”", (haystack), (needle)); \
  } G_STMT_END

static const char *hello =
  "{`StartAt`:`Hello`,`States`:{`Hello`:{`Type`:`Pass`,"
  "`Parameters`:{`greeting.$`:`States.Format('Hello, {}!', $.who)`,"
  "`machine.$`:`$$.StateMachine.Name`,`run.$`:`$$.Execution.Name`},`End`:true}}}";

static void
test_output (void)
{
  g_auto(SwTestRun) run = { 0, };

  write_file ("hello.json", hello);
  sw_test_cli_run (&run, "run", "hello.json", "--input", "{\"who\":\"world\"}", "--name", "first",
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "{\n  \"greeting\": \"Hello, world!\",\n"
                   "  \"machine\": \"hello\",\n  \"run\": \"first\"\n}\n");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_input_file_and_yaml (void)
{
  g_auto(SwTestRun) run = { 0, };

  write_file ("hello.yaml",
              "StartAt: Hello\nStates:\n  Hello:\n    Type: Pass\n    InputPath: $.deep\n"
              "    End: true\n");
  write_file ("input.json", "{`deep`:[1,2]}");
  sw_test_cli_run (&run, "run", "hello.yaml", "--input-file", "input.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[\n  1,\n  2\n]\n");
}

static void
test_describe (void)
{
  g_auto(SwTestRun) run = { 0, };
  g_autoptr(SwValue) description = NULL;

  write_file ("hello.json", hello);
  sw_test_cli_run (&run, "run", "hello.json", "--describe", "--input", "{\"who\":\"you\"}",
                   "--name", "d1", "--machine-name", "Greeter", NULL);
  g_assert_cmpint (run.status, ==, 0);
  description = parse_output (run.out);
  g_assert_cmpstr (member_string (description, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (member_string (description, "name"), ==, "d1");
  g_assert_cmpstr (member_string (description, "executionArn"), ==,
                   "arn:aws:states:us-east-1:123456789012:execution:Greeter:d1");
  g_assert_cmpstr (member_string (description, "stateMachineArn"), ==,
                   "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter");
  g_assert_cmpstr (member_string (description, "input"), ==, "{\"who\":\"you\"}");
  /* The output is JSON text, as DescribeExecution gives it. */
  g_assert_cmpstr (member_string (description, "output"), ==,
                   "{\"greeting\":\"Hello, you!\",\"machine\":\"Greeter\",\"run\":\"d1\"}");
  g_assert_true (sw_value_is_number (sw_value_object_get (description, "startDate")));
  g_assert_true (sw_value_is_number (sw_value_object_get (description, "stopDate")));
  g_assert_null (sw_value_object_get (description, "error"));
}

static void
test_history (void)
{
  g_auto(SwTestRun) run = { 0, };
  g_autoptr(SwValue) history = NULL;
  SwValue *events, *entered;
  const char *expected[] = {
    "ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered",
    "WaitStateExited", "ExecutionSucceeded",
  };

  write_file ("wait.json",
              "{`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,`Next`:`W`},"
              "`W`:{`Type`:`Wait`,`Seconds`:3600,`End`:true}}}");
  /* --wait-scale 0: an hour's Wait takes no time. */
  sw_test_cli_run (&run, "run", "wait.json", "--history", "--wait-scale", "0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  history = parse_output (run.out);
  events = sw_value_object_get (history, "events");
  g_assert_cmpuint (sw_value_array_get_length (events), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SwValue *event = sw_value_array_get (events, i);
      gint64 id;

      g_assert_cmpstr (member_string (event, "type"), ==, expected[i]);
      g_assert_true (sw_value_get_int64 (sw_value_object_get (event, "id"), &id));
      g_assert_cmpint (id, ==, i + 1);
      g_assert_true (sw_value_is_number (sw_value_object_get (event, "timestamp")));
    }
  entered = sw_value_object_get (sw_value_array_get (events, 1), "stateEnteredEventDetails");
  g_assert_cmpstr (member_string (entered, "name"), ==, "P");
  g_assert_cmpstr (member_string (entered, "input"), ==, "{}");
}

static void
test_describe_and_history (void)
{
  g_auto(SwTestRun) run = { 0, };
  g_autoptr(SwValue) both = NULL;

  write_file ("fail.json",
              "{`StartAt`:`F`,`States`:{`F`:{`Type`:`Fail`,`Error`:`Oops`,`Cause`:`why`}}}");
  sw_test_cli_run (&run, "run", "fail.json", "--describe", "--history", NULL);
  g_assert_cmpint (run.status, ==, 1);
  both = parse_output (run.out);
  g_assert_cmpstr (member_string (sw_value_object_get (both, "execution"), "status"), ==,
                   "FAILED");
  g_assert_cmpstr (member_string (sw_value_object_get (both, "execution"), "error"), ==, "Oops");
  g_assert_cmpstr (member_string (sw_value_object_get (both, "execution"), "cause"), ==, "why");
  g_assert_cmpuint (sw_value_array_get_length (sw_value_object_get (both, "events")), ==, 3);
}

static void
test_failed (void)
{
  g_auto(SwTestRun) run = { 0, };

  write_file ("fail.json",
              "{`StartAt`:`F`,`States`:{`F`:{`Type`:`Fail`,`Error`:`Oops`,`Cause`:`why`}}}");
  sw_test_cli_run (&run, "run", "fail.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  assert_contains (run.err, "The execution failed: Oops: why");
}

static void
test_invalid_definition (void)
{
  g_auto(SwTestRun) run = { 0, };

  write_file ("bad.json", "{`StartAt`:`Missing`,`States`:{`P`:{`Type`:`Pass`,`End`:true}}}");
  sw_test_cli_run (&run, "run", "bad.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.err, "bad.json:1:");
  assert_contains (run.err, "error:");

  sw_test_run_clear (&run);
  write_file ("broken.json", "{`StartAt`:");
  sw_test_cli_run (&run, "run", "broken.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.err, "broken.json:1:");
}

static void
test_usage_errors (void)
{
  static const char *cases[][4] = {
    { NULL },
    { "hello.json", "--input", "{nope", NULL },
    { "hello.json", "--input", "{}", "--input-file" },
    { "hello.json", "--mock-config", "mock.json", NULL },
    { "hello.json", "--wait-scale", "-1", NULL },
    { "missing.json", NULL },
    { "hello.json", "--input-file", "missing-input.json", NULL },
    { "hello.json", "--handlers", "missing-handlers.json", NULL },
  };

  write_file ("hello.json", hello);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0, };

      sw_test_cli_run (&run, "run", cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      if (run.status != 2)
        g_error ("Case %u exited with %d: %s", i, run.status, run.err);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, !=, "");
    }
}

static void
test_timed_out (void)
{
  g_auto(SwTestRun) run = { 0, };

  write_file ("slow.json",
              "{`TimeoutSeconds`:1,`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:30,"
              "`End`:true}}}");
  sw_test_cli_run (&run, "run", "slow.json", NULL);
  g_assert_cmpint (run.status, ==, 3);
  assert_contains (run.err, "timed out");
}

static void
test_aborted (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = sw_test_cli_environ ();
  g_autofree char *out = NULL;
  g_autoptr(SwValue) description = NULL;

  write_file ("long.json",
              "{`StartAt`:`W`,`States`:{`W`:{`Type`:`Wait`,`Seconds`:3600,`End`:true}}}");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, sw_test_cli_get_workdir ());
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawn (launcher, &error, sw_test_cli_get_path (), "run",
                                         "long.json", "--describe", NULL);
  g_assert_no_error (error);
  g_usleep (500000);
  /* Ctrl+C stops the execution cleanly, as StopExecution would. */
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 4);
  description = parse_output (out);
  g_assert_cmpstr (member_string (description, "status"), ==, "ABORTED");
}

static void
test_mock_config (void)
{
  g_auto(SwTestRun) run = { 0, };
  g_autoptr(SwValue) output = NULL;

  write_file ("lambda.json",
              "{`StartAt`:`Call`,`States`:{`Call`:{`Type`:`Task`,"
              "`Resource`:`arn:aws:states:::lambda:invoke`,`Parameters`:{`FunctionName`:`F`},"
              "`Retry`:[{`ErrorEquals`:[`Lambda.TooManyRequestsException`],`IntervalSeconds`:60}],"
              "`OutputPath`:`$.Payload`,`End`:true}}}");
  write_file ("mock.json",
              "{`StateMachines`:{`LambdaMachine`:{`TestCases`:{`Throttled`:{`Call`:`Busy`}}}},"
              "`MockedResponses`:{`Busy`:{`0-1`:{`Throw`:{"
              "`Error`:`Lambda.TooManyRequestsException`,"
              "`Cause`:`slow down`}},`2`:{`Return`:{`StatusCode`:200,`Payload`:{`done`:true}}}}}}");
  /* The mock file's only machine is the default; two retries at 60 and 120 s take no time. */
  sw_test_cli_run (&run, "run", "lambda.json", "--mock-config", "mock.json", "--test-case",
                   "Throttled", "--wait-scale", "0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  output = parse_output (run.out);
  g_assert_true (sw_value_get_boolean (sw_value_object_get (output, "done")));

  sw_test_run_clear (&run);
  sw_test_cli_run (&run, "run", "lambda.json", "--mock-config", "mock.json", "--test-case",
                   "Nope", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_contains (run.err, "no test case “Nope”");
}

static void
test_handlers (void)
{
  g_auto(SwTestRun) run = { 0, };
  g_autoptr(SwValue) output = NULL;

  write_file ("upper.py",
              "import json, sys\n"
              "event = json.load(sys.stdin)\n"
              "print(json.dumps({`text`: event[`text`].upper()}))\n");
  write_file ("handlers.json",
              "{`arn:aws:lambda:us-east-1:123456789012:function:Upper`:`python3 upper.py`}");
  write_file ("upper.json",
              "{`StartAt`:`U`,`States`:{`U`:{`Type`:`Task`,"
              "`Resource`:`arn:aws:lambda:us-east-1:123456789012:function:Upper`,`End`:true}}}");
  sw_test_cli_run (&run, "run", "upper.json", "--handlers", "handlers.json", "--input",
                   "{\"text\":\"shout\"}", NULL);
  g_assert_cmpint (run.status, ==, 0);
  output = parse_output (run.out);
  g_assert_cmpstr (member_string (output, "text"), ==, "SHOUT");
}

static void
test_unserved_task (void)
{
  g_auto(SwTestRun) run = { 0, };

  /* SageMaker's integrations are served locally; DynamoDB's are not. */
  write_file ("put.json",
              "{`StartAt`:`Put`,`States`:{`Put`:{`Type`:`Task`,"
              "`Resource`:`arn:aws:states:::dynamodb:putItem`,"
              "`Parameters`:{`TableName`:`x`},`End`:true}}}");
  sw_test_cli_run (&run, "run", "put.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.err, "States.TaskFailed");
  assert_contains (run.err, "arn:aws:states:::dynamodb:putItem");
  assert_contains (run.err, "--mock-config");
}

static void
test_help (void)
{
  g_auto(SwTestRun) run = { 0, };

  sw_test_cli_run (&run, "run", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "--mock-config");
  assert_contains (run.out, "--wait-scale");
  assert_contains (run.out, "3 it timed out, 4 it was aborted");
}

static void
test_jsonata (void)
{
  /* A JSONata machine end to end; its evaluation failure is an EvaluationFailed event and a
   * States.QueryEvaluationError. */
  g_auto(SwTestRun) run = { 0, };
  g_auto(SwTestRun) failed = { 0, };
  g_autoptr(SwValue) output = NULL;
  g_autoptr(SwValue) history = NULL;
  SwValue *events;
  gboolean found = FALSE;

  write_file ("jsonata.json",
              "{`QueryLanguage`:`JSONata`,`StartAt`:`Init`,`States`:{"
              "`Init`:{`Type`:`Pass`,`Assign`:{`count`:0},`Next`:`Inc`},"
              "`Inc`:{`Type`:`Pass`,`Assign`:{`count`:`{% $count + 1 %}`},`Next`:`Check`},"
              "`Check`:{`Type`:`Choice`,`Choices`:[{`Condition`:`{% $count < $states.input.n %}`,"
              "`Next`:`Inc`}],`Default`:`Done`},"
              "`Done`:{`Type`:`Succeed`,`Output`:{`count`:`{% $count %}`,"
              "`name`:`{% $states.context.Execution.Name %}`}}}}");
  write_file ("jsonata-bad.json",
              "{`QueryLanguage`:`JSONata`,`StartAt`:`P`,`States`:{`P`:{`Type`:`Pass`,"
              "`Output`:`{% $states.input.a.b %}`,`End`:true}}}");

  sw_test_cli_run (&run, "run", "jsonata.json", "--input", "{\"n\":3}", "--name", "loop", NULL);
  g_assert_cmpint (run.status, ==, 0);
  output = parse_output (run.out);
  g_assert_cmpint (sw_value_get_double (sw_value_object_get (output, "count")), ==, 3);
  g_assert_cmpstr (member_string (output, "name"), ==, "loop");

  sw_test_cli_run (&failed, "run", "jsonata-bad.json", "--history", NULL);
  g_assert_cmpint (failed.status, ==, 1);
  history = parse_output (failed.out);
  events = sw_value_object_get (history, "events");
  for (guint i = 0; i < sw_value_array_get_length (events); i++)
    {
      SwValue *event = sw_value_array_get (events, i);

      if (strcmp (member_string (event, "type"), "EvaluationFailed") == 0)
        {
          SwValue *details = sw_value_object_get (event, "evaluationFailedEventDetails");

          g_assert_cmpstr (member_string (details, "error"), ==, "States.QueryEvaluationError");
          assert_contains (member_string (details, "cause"), "returned nothing (undefined)");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_cli_init (&argc, &argv, "sw-test-run-cli");

  g_test_add_func ("/engine/run-cli/output", test_output);
  g_test_add_func ("/engine/run-cli/input-file-and-yaml", test_input_file_and_yaml);
  g_test_add_func ("/engine/run-cli/describe", test_describe);
  g_test_add_func ("/engine/run-cli/history", test_history);
  g_test_add_func ("/engine/run-cli/describe-and-history", test_describe_and_history);
  g_test_add_func ("/engine/run-cli/failed", test_failed);
  g_test_add_func ("/engine/run-cli/jsonata", test_jsonata);
  g_test_add_func ("/engine/run-cli/invalid-definition", test_invalid_definition);
  g_test_add_func ("/engine/run-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/engine/run-cli/timed-out", test_timed_out);
  g_test_add_func ("/engine/run-cli/aborted", test_aborted);
  g_test_add_func ("/engine/run-cli/mock-config", test_mock_config);
  g_test_add_func ("/engine/run-cli/handlers", test_handlers);
  g_test_add_func ("/engine/run-cli/unserved-task", test_unserved_task);
  g_test_add_func ("/engine/run-cli/help", test_help);

  return sw_test_cli_run_tests ();
}
