/* test-cli-aws.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The verbs that talk to Step Functions (deploy, start, watch, describe, history, list,
 * stop), run as users run them: the built stepwise-cli, spawned against the fake endpoint
 * this program serves on 127.0.0.1 (fake-sfn.c), which checks every signature. */

#include <gio/gio.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fake-sfn.h"
#include "sw-cli-aws.h"

#define KEY "AKIDCLITEST"
#define SECRET "cli/secret+key"
#define ROLE "arn:aws:iam::123456789012:role/StepFunctions"
#define HELLO "{\n  \"StartAt\": \"Hello\",\n  \"States\": {\n    \"Hello\": {\n" \
              "      \"Type\": \"Pass\",\n      \"Result\": {\"greeting\": \"hi\"},\n" \
              "      \"Next\": \"Done\"\n    },\n    \"Done\": {\"Type\": \"Succeed\"}\n  }\n}\n"
#define FAILING "{\"StartAt\": \"Oops\", \"States\": {\"Oops\": {\"Type\": \"Fail\", " \
                "\"Error\": \"Custom.Error\", \"Cause\": \"it broke\"}}}"
#define SLOW "{\"StartAt\": \"Nap\", \"TimeoutSeconds\": 5, \"States\": {\"Nap\": " \
             "{\"Type\": \"Wait\", \"Seconds\": 60, \"End\": true}}}"
#define WORKER "{\"StartAt\": \"Work\", \"States\": {\"Work\": {\"Type\": \"Task\", " \
               "\"Resource\": \"arn:aws:states:::lambda:invoke\", \"End\": true}}}"

static char *cli_path;

typedef struct
{
  FakeSfn *fake;
  char *url;
  char *dir;
  GStrv env;
} Fixture;

typedef struct
{
  int status;
  char *out;
  char *err;
  gboolean done;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  char *path = fixture_path (fixture, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *credentials = NULL;
  char **env;

  fixture->fake = fake_sfn_new ();
  fake_sfn_add_credentials (fixture->fake, KEY, SECRET, NULL);
  fake_sfn_set_page_size (fixture->fake, 2);
  fixture->url = fake_sfn_dup_url (fixture->fake);
  fixture->dir = g_dir_make_tmp ("stepwise-cli-aws-XXXXXX", &error);
  g_assert_no_error (error);
  config = write_file (fixture, "config", "[default]\nregion = us-east-1\n");
  credentials = write_file (fixture, "credentials",
                            "[default]\naws_access_key_id = " KEY "\n"
                            "aws_secret_access_key = " SECRET "\n");

  /* Nothing of the tester's own AWS setup leaks in. */
  env = g_get_environ ();
  for (char **p = env; *p != NULL; p++)
    if (g_str_has_prefix (*p, "AWS_"))
      {
        g_autofree char *name = g_strndup (*p, strchr (*p, '=') - *p);

        env = g_environ_unsetenv (env, name);
        p = env - 1;
      }
  env = g_environ_setenv (env, "HOME", fixture->dir, TRUE);
  env = g_environ_setenv (env, "AWS_CONFIG_FILE", config, TRUE);
  env = g_environ_setenv (env, "AWS_SHARED_CREDENTIALS_FILE", credentials, TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "TZ", "UTC", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  fixture->env = env;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = fixture_path (fixture, name);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_strfreev (fixture->env);
  fake_sfn_free (fixture->fake);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Runs a program while this process serves the fake endpoint. */
static void
run_argv (Fixture           *fixture,
          Run               *run,
          const char *const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, fixture->env);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  run_clear (run);
  run->done = FALSE;
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_printerr ("%s %s → %d\n--- out\n%s--- err\n%s", argv[0], argv[1], run->status,
                run->out, run->err);
}

/* Runs stepwise-cli with the arguments (NULL-terminated). */
static void
run_cli (Fixture    *fixture,
         Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, cli_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  run_argv (fixture, run, (const char *const *) argv->pdata);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_iso_timestamp (const char *text)
{
  /* As the AWS CLI prints them: local time (UTC here), microseconds when there are any. */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
                                       "(\\.\\d{6})?\\+00:00$", text, 0, 0));
}

/* Deploys @definition as @name and returns the ARN. */
static char *
deploy (Fixture    *fixture,
        const char *name,
        const char *definition,
        const char *type)
{
  g_autofree char *file_name = g_strdup_printf ("%s.asl.json", name);
  g_autofree char *path = write_file (fixture, file_name, definition);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;

  run_cli (fixture, &run, "deploy", path, "--name", name, "--role-arn", ROLE, "--type", type,
           "--endpoint-url", fixture->url, "--region", "us-east-1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  return g_strdup (json_object_get_string_member (out, "stateMachineArn"));
}

static void
test_deploy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "hello.asl.json", HELLO);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);
  FakeSfnRequest *last;

  /* Created… */
  run_cli (fixture, &run, "deploy", path, "--name", "Hello", "--role-arn", ROLE,
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "{\n    \"stateMachineArn\": \"arn:aws:states:"
                                            "us-east-1:123456789012:stateMachine:Hello\",\n"
                                            "    \"creationDate\": \""));
  out = parse_object (run.out);
  assert_iso_timestamp (json_object_get_string_member (out, "creationDate"));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "ListStateMachines"), ==, 1);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "CreateStateMachine"), ==, 1);
  last = g_ptr_array_index (requests, requests->len - 1);
  /* The definition goes as written. */
  g_assert_nonnull (strstr (last->body, "\"definition\":\"{\\n  \\\"StartAt\\\""));
  g_assert_nonnull (strstr (last->body, "\"type\":\"STANDARD\""));
  g_clear_pointer (&out, json_object_unref);

  /* …then updated, by name, with logging and tracing. */
  run_cli (fixture, &run, "deploy", path, "--name", "Hello", "--role-arn", ROLE,
           "--log-level", "all", "--log-destination",
           "arn:aws:logs:us-east-1:123456789012:log-group:sfn:*", "--include-execution-data",
           "--tracing", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "stateMachineArn"), ==,
                   "arn:aws:states:us-east-1:123456789012:stateMachine:Hello");
  g_assert_cmpstr (json_object_get_string_member (out, "revisionId"), ==, "rev-2");
  assert_iso_timestamp (json_object_get_string_member (out, "updateDate"));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "UpdateStateMachine"), ==, 1);
  last = g_ptr_array_index (requests, requests->len - 1);
  g_assert_nonnull (strstr (last->body, "\"loggingConfiguration\":{\"level\":\"ALL\","
                                        "\"includeExecutionData\":true,\"destinations\":"));
  g_assert_nonnull (strstr (last->body, "\"tracingConfiguration\":{\"enabled\":true}"));

  /* The type of an existing machine cannot change. */
  run_cli (fixture, &run, "deploy", path, "--name", "Hello", "--role-arn", ROLE, "--type",
           "EXPRESS", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "cannot change"));

  /* YAML goes as canonical JSON. */
  {
    g_autofree char *yaml = write_file (fixture, "yaml.asl.yaml",
                                        "StartAt: A\nStates:\n  A:\n    Type: Succeed\n");
    g_autoptr(JsonObject) sent = NULL;

    run_cli (fixture, &run, "deploy", yaml, "--name", "FromYaml", "--role-arn", ROLE,
             "--type", "express", "--endpoint-url", fixture->url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    last = g_ptr_array_index (requests, requests->len - 1);
    sent = parse_object (last->body);
    g_assert_cmpstr (json_object_get_string_member (sent, "definition"), ==,
                     "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n"
                     "      \"Type\": \"Succeed\"\n    }\n  }\n}\n");
    g_assert_cmpstr (json_object_get_string_member (sent, "type"), ==, "EXPRESS");
  }
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
}

static void
test_deploy_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *bad = write_file (fixture, "bad.asl.json",
                                     "{\"StartAt\": \"Missing\", \"States\": "
                                     "{\"A\": {\"Type\": \"Succeed\"}}}");
  g_autofree char *broken = write_file (fixture, "broken.asl.json", "{\"StartAt\": ");
  g_auto(Run) run = { 0 };

  /* Checked locally: nothing is sent. */
  run_cli (fixture, &run, "deploy", bad, "--name", "Bad", "--role-arn", ROLE,
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, bad));
  g_assert_nonnull (strstr (run.err, ": error: "));
  g_assert_cmpstr (run.out, ==, "");
  run_cli (fixture, &run, "deploy", broken, "--name", "Bad", "--role-arn", ROLE,
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 0);

  /* Unchecked, the service refuses it, with its error and exit status 1. */
  run_cli (fixture, &run, "deploy", bad, "--name", "Bad", "--role-arn", ROLE, "--no-validate",
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "An error occurred (InvalidDefinition) when calling the "
                                     "CreateStateMachine operation: Invalid State Machine "
                                     "Definition: "));

  /* Usage errors. */
  run_cli (fixture, &run, "deploy", bad, "--role-arn", ROLE, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--name"));
  run_cli (fixture, &run, "deploy", bad, "--name", "X", "--role-arn", ROLE, "--type", "FAST",
           NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (fixture, &run, "deploy", bad, "--name", "X", "--role-arn", ROLE, "--log-level",
           "DEBUG", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--log-level is ALL, ERROR, FATAL or OFF"));
  /* The option's first name still works. */
  run_cli (fixture, &run, "deploy", bad, "--name", "X", "--role-arn", ROLE, "--logging-level",
           "DEBUG", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not “DEBUG”"));
  run_cli (fixture, &run, "deploy", bad, "--name", "X", "--role-arn", ROLE,
           "--log-destination", "arn:aws:logs:us-east-1:1:log-group:g:*", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "need --log-level"));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 2);
}

static GStrv
output_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_strv_builder_add (builder, lines[i]);
  return g_strv_builder_end (builder);
}

static void
test_start_watch_history (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *arn = deploy (fixture, "Hello", HELLO, "STANDARD");
  g_autofree char *execution = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;
  JsonArray *events;
  const char *expected[] = {
    "ExecutionStarted", "PassStateEntered  Hello", "PassStateExited  Hello",
    "SucceedStateEntered  Done", "SucceedStateExited  Done", "ExecutionSucceeded",
  };

  /* Started by name. */
  run_cli (fixture, &run, "start", "Hello", "--input", "{\"x\": 1}", "--name", "run-1",
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  execution = g_strdup (json_object_get_string_member (out, "executionArn"));
  g_assert_cmpstr (execution, ==, "arn:aws:states:us-east-1:123456789012:execution:Hello:run-1");
  assert_iso_timestamp (json_object_get_string_member (out, "startDate"));
  g_clear_pointer (&out, json_object_unref);

  /* Watched: every event once, in order, then the status. */
  fake_sfn_clear_requests (fixture->fake);
  run_cli (fixture, &run, "watch", execution, "--interval", "0.01", "--page-size", "2",
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = output_lines (run.out);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%4u  ", i + 1);

      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_true (g_str_has_suffix (lines[i], expected[i]));
    }
  g_assert_cmpstr (lines[6], ==, "SUCCEEDED");
  /* The events arrived over several polls, as the run went on. */
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "GetExecutionHistory"), >=, 5);

  /* The whole history, every page. */
  run_cli (fixture, &run, "history", execution, "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  events = json_object_get_array_member (out, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 6);
  assert_iso_timestamp (json_object_get_string_member (json_array_get_object_element (events,
                                                                                      0),
                                                       "timestamp"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 5),
                                                  "type"), ==, "ExecutionSucceeded");
  g_clear_pointer (&out, json_object_unref);
  run_cli (fixture, &run, "history", execution, "--reverse-order", "--endpoint-url",
           fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  events = json_object_get_array_member (out, "events");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (events, 0), "id"),
                   ==, 6);
  g_clear_pointer (&out, json_object_unref);

  /* Described, as the execution and as its state machine (by name). */
  run_cli (fixture, &run, "describe", execution, "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "{\"greeting\":\"hi\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "input"), ==, "{\"x\": 1}");
  assert_iso_timestamp (json_object_get_string_member (out, "stopDate"));
  g_clear_pointer (&out, json_object_unref);
  run_cli (fixture, &run, "describe", "Hello", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "stateMachineArn"), ==, arn);
  g_assert_cmpstr (json_object_get_string_member (out, "definition"), ==, HELLO);
  g_clear_pointer (&out, json_object_unref);

  /* JSON lines. */
  run_cli (fixture, &run, "watch", execution, "--json", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&lines, g_strfreev);
  lines = output_lines (run.out);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(JsonObject) line = parse_object (lines[i]);

      if (i < 6)
        g_assert_cmpint (json_object_get_int_member (line, "id"), ==, i + 1);
      else
        g_assert_cmpstr (json_object_get_string_member (line, "status"), ==, "SUCCEEDED");
    }
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
}

static char *
start_execution (Fixture    *fixture,
                 const char *machine)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;

  run_cli (fixture, &run, "start", machine, "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  return g_strdup (json_object_get_string_member (out, "executionArn"));
}

static void
test_watch_exit_statuses (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *failing = deploy (fixture, "Failing", FAILING, "STANDARD");
  g_autofree char *slow = deploy (fixture, "Slow", SLOW, "STANDARD");
  g_autofree char *worker = deploy (fixture, "Worker", WORKER, "STANDARD");
  g_autofree char *failed_run = start_execution (fixture, failing);
  g_autofree char *slow_run = start_execution (fixture, "Slow");
  g_autofree char *worker_run = start_execution (fixture, worker);
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;

  run_cli (fixture, &run, "watch", failed_run, "--interval", "0", "--endpoint-url",
           fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  lines = output_lines (run.out);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "FAILED  Custom.Error: it broke");
  g_clear_pointer (&lines, g_strfreev);

  run_cli (fixture, &run, "watch", slow_run, "--interval", "0", "--endpoint-url", fixture->url,
           NULL);
  g_assert_cmpint (run.status, ==, 3);
  lines = output_lines (run.out);
  g_assert_true (g_str_has_prefix (lines[g_strv_length (lines) - 1], "TIMED_OUT"));
  g_clear_pointer (&lines, g_strfreev);

  /* A task that never ends, stopped. */
  run_cli (fixture, &run, "stop", worker_run, "--error", "Operator", "--cause", "enough",
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  assert_iso_timestamp (json_object_get_string_member (out, "stopDate"));
  run_cli (fixture, &run, "watch", worker_run, "--interval", "0", "--endpoint-url",
           fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 4);
  lines = output_lines (run.out);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "ABORTED  Operator: enough");
  g_assert_true (g_str_has_suffix (lines[g_strv_length (lines) - 2],
                                   "ExecutionAborted  Operator"));
}

static void
test_start_sync (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *quick = deploy (fixture, "Quick", HELLO, "EXPRESS");
  g_autofree char *failing = deploy (fixture, "QuickFail", FAILING, "EXPRESS");
  g_autofree char *input_file = write_file (fixture, "input.json", "{\"from\": \"file\"}");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;

  run_cli (fixture, &run, "start", "Quick", "--sync", "--input-file", input_file,
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "input"), ==, "{\"from\": \"file\"}");
  g_clear_pointer (&out, json_object_unref);

  run_cli (fixture, &run, "start", failing, "--sync", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "Custom.Error");

  run_cli (fixture, &run, "start", "Quick", "--input", "{not json", "--endpoint-url",
           fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not JSON"));
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *a = deploy (fixture, "Alpha", HELLO, "STANDARD");
  g_autofree char *b = deploy (fixture, "Beta", FAILING, "STANDARD");
  g_autofree char *c = deploy (fixture, "Gamma", WORKER, "STANDARD");
  g_autofree char *r1 = start_execution (fixture, "Alpha");
  g_autofree char *r2 = start_execution (fixture, "Alpha");
  g_autofree char *r3 = start_execution (fixture, "Alpha");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;
  JsonArray *items;

  /* Three machines over two pages. */
  fake_sfn_clear_requests (fixture->fake);
  run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  items = json_object_get_array_member (out, "stateMachines");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2),
                                                  "name"), ==, "Gamma");
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "ListStateMachines"), ==, 2);
  g_clear_pointer (&out, json_object_unref);

  run_cli (fixture, &run, "list", "Alpha", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  items = json_object_get_array_member (out, "executions");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "status"), ==, "RUNNING");
  g_clear_pointer (&out, json_object_unref);

  run_cli (fixture, &run, "list", a, "--status-filter", "succeeded", "--endpoint-url",
           fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out, "executions")),
                    ==, 0);

  run_cli (fixture, &run, "list", "--status-filter", "RUNNING", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  const char *missing = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope";
  g_autofree char *hello = deploy (fixture, "Hello", HELLO, "STANDARD");
  g_autofree char *expected = g_strdup_printf ("An error occurred (StateMachineDoesNotExist) "
                                               "when calling the DescribeStateMachine "
                                               "operation: State Machine Does Not Exist: "
                                               "'%s'\n", missing);
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "describe", missing, "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_suffix (run.err, expected));
  g_assert_cmpstr (run.out, ==, "");

  run_cli (fixture, &run, "watch", "arn:aws:states:us-east-1:123456789012:execution:Hello:x",
           "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "(ExecutionDoesNotExist)"));

  run_cli (fixture, &run, "start", "NoSuchMachine", "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "No state machine is named “NoSuchMachine”"));

  /* Throttling is retried, and the command succeeds. */
  fake_sfn_clear_requests (fixture->fake);
  fake_sfn_inject_error (fixture->fake, "DescribeStateMachine", 400, "ThrottlingException",
                         "Rate exceeded");
  run_cli (fixture, &run, "describe", hello, "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "DescribeStateMachine"), ==, 2);

  /* max_attempts from the config file, AWS_MAX_ATTEMPTS over it; an unknown retry mode is
   * refused before any request. */
  {
    g_autofree char *config = write_file (fixture, "config",
                                          "[default]\nregion = us-east-1\nmax_attempts = 4\n");

    fake_sfn_clear_requests (fixture->fake);
    for (guint i = 0; i < 4; i++)
      fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
    run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "(ThrottlingException)"));
    g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 4);

    fake_sfn_clear_requests (fixture->fake);
    fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
    fixture->env = g_environ_setenv (fixture->env, "AWS_MAX_ATTEMPTS", "1", TRUE);
    run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);
    fixture->env = g_environ_unsetenv (fixture->env, "AWS_MAX_ATTEMPTS");

    fake_sfn_clear_requests (fixture->fake);
    fixture->env = g_environ_setenv (fixture->env, "AWS_RETRY_MODE", "turbo", TRUE);
    run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "retry mode: turbo"));
    g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 0);
    fixture->env = g_environ_unsetenv (fixture->env, "AWS_RETRY_MODE");
    g_free (write_file (fixture, "config", "[default]\nregion = us-east-1\n"));
  }

  /* A wrong secret is the service's error. */
  {
    g_autofree char *wrong = write_file (fixture, "wrong-credentials",
                                         "[default]\naws_access_key_id = " KEY "\n"
                                         "aws_secret_access_key = not-it\n");
    g_autofree char *saved = g_strdup (g_environ_getenv (fixture->env,
                                                         "AWS_SHARED_CREDENTIALS_FILE"));

    fixture->env = g_environ_setenv (fixture->env, "AWS_SHARED_CREDENTIALS_FILE", wrong, TRUE);
    run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "(InvalidSignatureException)"));
    /* Neither secret shows. */
    g_assert_null (strstr (run.err, "not-it"));
    g_assert_null (strstr (run.err, SECRET));
    fixture->env = g_environ_setenv (fixture->env, "AWS_SHARED_CREDENTIALS_FILE", saved, TRUE);
  }

  /* Configuration errors. */
  run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, "--profile", "absent", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "absent"));
  run_cli (fixture, &run, "list", "--endpoint-url", "ftp://example.com", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Invalid endpoint URL"));
  run_cli (fixture, &run, "list", "--endpoint-url", fixture->url, "--region", "a/b", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Invalid region"));
  run_cli (fixture, &run, "watch", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (fixture, &run, "watch", "x", "--interval", "soon", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_profiles (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = fixture_path (fixture, "config");
  g_autofree char *credentials = fixture_path (fixture, "credentials");
  g_autofree char *config_text = NULL;
  g_autofree char *script = write_file (fixture, "creds.sh",
                                        "#!/bin/sh\n"
                                        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\","
                                        " \"SecretAccessKey\": \"process-secret\", "
                                        "\"SessionToken\": \"process-token\", "
                                        "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
  g_auto(Run) run = { 0 };
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);

  config_text = g_strdup_printf ("[default]\nregion = us-east-1\n"
                                 "[profile dev]\nregion = eu-west-1\nservices = local\n"
                                 "[profile tool]\nregion = eu-west-2\n"
                                 "endpoint_url = %s\n"
                                 "credential_process = /bin/sh '%s'\n"
                                 "[services local]\nsfn =\n  endpoint_url = %s\n",
                                 fixture->url, script, fixture->url);
  g_file_set_contents (config, config_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (credentials,
                       "[default]\naws_access_key_id = " KEY "\n"
                       "aws_secret_access_key = " SECRET "\n"
                       "[dev]\naws_access_key_id = AKIDDEV\n"
                       "aws_secret_access_key = dev-secret\n", -1, &error);
  g_assert_no_error (error);
  fake_sfn_add_credentials (fixture->fake, "AKIDDEV", "dev-secret", NULL);
  fake_sfn_add_credentials (fixture->fake, "AKIDPROCESS", "process-secret", "process-token");

  /* The endpoint from the profile's [services] section, its keys from the credentials. */
  run_cli (fixture, &run, "list", "--profile", "dev", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 0))->access_key_id, ==,
                   "AKIDDEV");

  /* AWS_PROFILE; endpoint_url and credential_process of the profile. */
  fixture->env = g_environ_setenv (fixture->env, "AWS_PROFILE", "tool", TRUE);
  run_cli (fixture, &run, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 1))->access_key_id, ==,
                   "AKIDPROCESS");

  /* The environment's keys win over the profile unless --profile is given. */
  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", KEY, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", SECRET, TRUE);
  run_cli (fixture, &run, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 2))->access_key_id, ==,
                   KEY);
  run_cli (fixture, &run, "list", "--profile", "tool", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 3))->access_key_id, ==,
                   "AKIDPROCESS");

  /* AWS_ENDPOINT_URL_SFN beats the profile's endpoint_url. */
  fixture->env = g_environ_setenv (fixture->env, "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:1",
                                   TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_MAX_ATTEMPTS", "1", TRUE);
  run_cli (fixture, &run, "list", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "http://127.0.0.1:1"));
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
}

/* Our verbs against our own endpoint (`stepwise-cli serve`, SigV4 required): deploy with
 * type, logging and tracing → start → watch → history, and the error paths. */

typedef struct
{
  GSubprocess *process;
  char *url;
} Server;

static void
server_start (Fixture *fixture,
              Server  *server)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli_path, "serve", "--port", "0", "--require-auth", "--wait-scale",
                         "0", NULL };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_environ (launcher, fixture->env);
  server->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  /* Its first line is its URL. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->url = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (server->url, "http://127.0.0.1:"));
}

static void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

static void
test_local_endpoint (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *hello = write_file (fixture, "hello.asl.json", HELLO);
  g_autofree char *failing = write_file (fixture, "failing.asl.json", FAILING);
  g_autofree char *invalid = write_file (fixture, "invalid.asl.json",
                                         "{\"StartAt\": \"Missing\", \"States\": "
                                         "{\"A\": {\"Type\": \"Succeed\"}}}");
  g_autofree char *execution = NULL;
  g_autofree char *machine = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) out = NULL;
  JsonObject *logging, *destination;
  JsonArray *events;
  Server server = { 0 };
  const char *log_group = "arn:aws:logs:us-east-1:123456789012:log-group:sfn-logs:*";

  server_start (fixture, &server);

  /* deploy: a STANDARD machine with logging and tracing… */
  run_cli (fixture, &run, "deploy", hello, "--name", "Hello", "--role-arn", ROLE,
           "--log-level", "error", "--log-destination", log_group,
           "--include-execution-data", "--tracing", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  machine = g_strdup (json_object_get_string_member (out, "stateMachineArn"));
  g_assert_true (g_str_has_suffix (machine, ":stateMachine:Hello"));
  g_clear_pointer (&out, json_object_unref);

  /* …which the endpoint keeps as sent. */
  run_cli (fixture, &run, "describe", "Hello", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "type"), ==, "STANDARD");
  g_assert_cmpstr (json_object_get_string_member (out, "roleArn"), ==, ROLE);
  logging = object_member (out, "loggingConfiguration");
  g_assert_cmpstr (json_object_get_string_member (logging, "level"), ==, "ERROR");
  g_assert_true (json_object_get_boolean_member (logging, "includeExecutionData"));
  destination = json_array_get_object_element (json_object_get_array_member (logging,
                                                                             "destinations"),
                                               0);
  g_assert_cmpstr (json_object_get_string_member (object_member (destination,
                                                                 "cloudWatchLogsLogGroup"),
                                                  "logGroupArn"), ==, log_group);
  g_assert_true (json_object_get_boolean_member (object_member (out, "tracingConfiguration"),
                                                 "enabled"));
  g_clear_pointer (&out, json_object_unref);

  /* Deployed again by name: updated, logging turned OFF. */
  run_cli (fixture, &run, "deploy", hello, "--name", "Hello", "--role-arn", ROLE,
           "--log-level", "OFF", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "stateMachineArn"), ==, machine);
  g_assert_true (json_object_has_member (out, "updateDate"));
  g_clear_pointer (&out, json_object_unref);
  run_cli (fixture, &run, "describe", machine, "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (object_member (out, "loggingConfiguration"),
                                                  "level"), ==, "OFF");
  g_clear_pointer (&out, json_object_unref);

  /* An EXPRESS machine. */
  run_cli (fixture, &run, "deploy", hello, "--name", "Quick", "--role-arn", ROLE, "--type",
           "EXPRESS", "--log-level", "FATAL", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (fixture, &run, "describe", "Quick", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "type"), ==, "EXPRESS");
  g_assert_cmpstr (json_object_get_string_member (object_member (out, "loggingConfiguration"),
                                                  "level"), ==, "FATAL");
  g_clear_pointer (&out, json_object_unref);

  /* start → watch (exit 0, every event, SUCCEEDED) → history. */
  run_cli (fixture, &run, "start", "Hello", "--name", "r1", "--input", "{\"x\": 1}",
           "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  execution = g_strdup (json_object_get_string_member (out, "executionArn"));
  g_assert_true (g_str_has_suffix (execution, ":execution:Hello:r1"));
  g_clear_pointer (&out, json_object_unref);
  run_cli (fixture, &run, "watch", execution, "--interval", "0.05", "--endpoint-url",
           server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = output_lines (run.out);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_true (g_str_has_suffix (lines[0], "ExecutionStarted"));
  g_assert_true (g_str_has_suffix (lines[5], "ExecutionSucceeded"));
  g_assert_cmpstr (lines[6], ==, "SUCCEEDED");
  g_clear_pointer (&lines, g_strfreev);
  run_cli (fixture, &run, "history", execution, "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  events = json_object_get_array_member (out, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 5),
                                                  "type"), ==, "ExecutionSucceeded");
  g_assert_cmpstr (json_object_get_string_member (
                     object_member (json_array_get_object_element (events, 5),
                                    "executionSucceededEventDetails"), "output"), ==,
                   "{\"greeting\":\"hi\"}");
  g_clear_pointer (&out, json_object_unref);

  /* watch exits with the run's status: FAILED is 1. */
  run_cli (fixture, &run, "deploy", failing, "--name", "Failing", "--role-arn", ROLE,
           "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (fixture, &run, "start", "Failing", "--name", "f1", "--endpoint-url", server.url,
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_free (execution);
  execution = g_strdup (json_object_get_string_member (out, "executionArn"));
  g_clear_pointer (&out, json_object_unref);
  run_cli (fixture, &run, "watch", execution, "--interval", "0.05", "--endpoint-url",
           server.url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  lines = output_lines (run.out);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "FAILED  Custom.Error: it broke");
  g_clear_pointer (&lines, g_strfreev);

  /* list: the machines, and the runs of one. */
  run_cli (fixture, &run, "list", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out,
                                                                         "stateMachines")),
                    ==, 3);
  g_clear_pointer (&out, json_object_unref);
  run_cli (fixture, &run, "list", "Hello", "--status-filter", "SUCCEEDED", "--endpoint-url",
           server.url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_object (run.out);
  events = json_object_get_array_member (out, "executions");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "name"), ==, "r1");
  g_clear_pointer (&out, json_object_unref);

  /* Error paths: an unknown ARN, an invalid definition, a wrong secret, credentials that
   * have expired. */
  run_cli (fixture, &run, "describe", "arn:aws:states:us-east-1:123456789012:execution:No:x",
           "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "An error occurred (ExecutionDoesNotExist) when calling "
                                     "the DescribeExecution operation: "));
  run_cli (fixture, &run, "deploy", invalid, "--name", "Invalid", "--role-arn", ROLE,
           "--no-validate", "--endpoint-url", server.url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "(InvalidDefinition) when calling the "
                                     "CreateStateMachine operation"));
  {
    g_auto(GStrv) saved = g_strdupv (fixture->env);
    g_autofree char *script = write_file (fixture, "expired.sh",
                                          "#!/bin/sh\n"
                                          "echo '{\"Version\": 1, \"AccessKeyId\": \"" KEY "\","
                                          " \"SecretAccessKey\": \"" SECRET "\", "
                                          "\"SessionToken\": \"t\", "
                                          "\"Expiration\": \"2001-01-01T00:00:00Z\"}'\n");
    g_autofree char *config = g_strdup_printf ("[default]\nregion = us-east-1\n"
                                               "[profile old]\nregion = us-east-1\n"
                                               "credential_process = /bin/sh '%s'\n", script);
    g_autofree char *config_path = write_file (fixture, "config-expired", config);

    fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", "not-it", TRUE);
    fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", KEY, TRUE);
    run_cli (fixture, &run, "list", "--endpoint-url", server.url, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "(InvalidSignatureException)"));
    g_assert_null (strstr (run.err, "not-it"));
    g_strfreev (fixture->env);
    fixture->env = g_strdupv (saved);

    fixture->env = g_environ_setenv (fixture->env, "AWS_CONFIG_FILE", config_path, TRUE);
    run_cli (fixture, &run, "list", "--profile", "old", "--endpoint-url", server.url, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "already expired"));
    g_strfreev (fixture->env);
    fixture->env = g_steal_pointer (&saved);
  }

  server_stop (&server);
}

/* Debian's AWS CLI against the same endpoint: its signatures pass our verifier, and it
 * reads the answers; our output has its shape. */
static void
test_awscli_peer (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *aws = "/usr/bin/aws";
  g_autofree char *arn = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autoptr(JsonObject) ours = NULL;
  g_auto(Run) run = { 0 };
  const char *argv[] = {
    aws, "stepfunctions", "describe-state-machine", "--state-machine-arn", NULL,
    "--endpoint-url", fixture->url, "--region", "us-east-1", "--output", "json", NULL,
  };
  const char *list_argv[] = {
    aws, "stepfunctions", "list-state-machines", "--endpoint-url", fixture->url,
    "--region", "us-east-1", "--output", "json", NULL,
  };

  if (!g_file_test (aws, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the AWS CLI (Debian's awscli) is not installed");
      return;
    }
  arn = deploy (fixture, "Hello", HELLO, "STANDARD");
  g_free (deploy (fixture, "Other", HELLO, "EXPRESS"));
  g_free (deploy (fixture, "Third", HELLO, "STANDARD"));
  argv[4] = arn;
  fixture->env = g_environ_setenv (fixture->env, "AWS_PAGER", "", TRUE);

  run_argv (fixture, &run, argv);
  g_assert_cmpint (run.status, ==, 0);
  theirs = parse_object (run.out);
  run_cli (fixture, &run, "describe", arn, "--endpoint-url", fixture->url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  ours = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (theirs, "definition"), ==, HELLO);
  g_assert_cmpstr (json_object_get_string_member (theirs, "stateMachineArn"), ==, arn);
  /* Every member it prints, we print alike, timestamps included (its model of 2023 does
   * not know revisionId yet). */
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *node;

    json_object_iter_init_ordered (&iter, theirs);
    while (json_object_iter_next_ordered (&iter, &name, &node))
      {
        g_autofree char *a = sw_cli_aws_to_json (node, TRUE);
        g_autofree char *b = NULL;

        g_assert_true (json_object_has_member (ours, name));
        b = sw_cli_aws_to_json (json_object_get_member (ours, name), TRUE);
        g_assert_cmpstr (a, ==, b);
      }
    g_assert_cmpuint (json_object_get_size (theirs), ==, 8);
  }
  g_clear_pointer (&theirs, json_object_unref);

  /* It follows the fake's pages too (two machines per page). */
  run_argv (fixture, &run, list_argv);
  g_assert_cmpint (run.status, ==, 0);
  theirs = parse_object (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (theirs,
                                                                         "stateMachines")),
                    ==, 3);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
}

/* The output helpers themselves, against what Python's json.dumps() prints. */
static void
test_json_output (void)
{
  const char *text = "[1.5, 100.0, 1e16, 1e-05, 0.0001, 123456789.123, 1.7e9, -0.0, 2.5e-7, "
                     "1234567890123456.7, 0.1, 0.3333333333333333, 42]";
  const char *nested = "{\"a\": \"é\\u0001\\\"\\\\\\n\", \"b\": [], \"c\": {}, "
                       "\"d\": [1, {\"e\": null}]}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *compact = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *fraction = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  compact = sw_cli_aws_to_json (json_parser_get_root (parser), FALSE);
  g_assert_cmpstr (compact, ==, "[1.5, 100.0, 1e+16, 1e-05, 0.0001, 123456789.123, "
                                "1700000000.0, -0.0, 2.5e-07, 1234567890123456.8, 0.1, "
                                "0.3333333333333333, 42]");

  g_assert_true (json_parser_load_from_data (parser, nested, -1, NULL));
  pretty = sw_cli_aws_to_json (json_parser_get_root (parser), TRUE);
  g_assert_cmpstr (pretty, ==, "{\n    \"a\": \"é\\u0001\\\"\\\\\\n\",\n    \"b\": [],\n"
                               "    \"c\": {},\n    \"d\": [\n        1,\n        {\n"
                               "            \"e\": null\n        }\n    ]\n}");

  whole = sw_cli_aws_format_timestamp (1700000000.0);
  fraction = sw_cli_aws_format_timestamp (1700000000.25);
  g_assert_true (g_regex_match_simple ("^2023-11-1[45]T\\d\\d:\\d\\d:20[+-]\\d\\d:\\d\\d$",
                                       whole, 0, 0));
  g_assert_true (g_regex_match_simple ("^2023-11-1[45]T\\d\\d:\\d\\d:20\\.250000"
                                       "[+-]\\d\\d:\\d\\d$", fraction, 0, 0));
  g_assert_cmpint (sw_cli_aws_exit_for_status ("SUCCEEDED"), ==, 0);
  g_assert_cmpint (sw_cli_aws_exit_for_status ("FAILED"), ==, 1);
  g_assert_cmpint (sw_cli_aws_exit_for_status ("TIMED_OUT"), ==, 3);
  g_assert_cmpint (sw_cli_aws_exit_for_status ("ABORTED"), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--cli="))
      cli_path = g_strdup (argv[i] + strlen ("--cli="));
  if (cli_path == NULL)
    cli_path = g_strdup (g_getenv ("SW_CLI"));

  g_test_init (&argc, &argv, NULL);

  if (cli_path != NULL)
    {
      /* The CLI runs in a scratch directory. */
      char *absolute = g_canonicalize_filename (cli_path, NULL);

      g_free (cli_path);
      cli_path = absolute;
    }
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("test-cli-aws: give the stepwise-cli path with --cli=PATH or SW_CLI\n");
      return 77;
    }

#define ADD(path, func) \
  g_test_add ("/aws/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/aws/cli/json-output", test_json_output);
  ADD ("deploy", test_deploy);
  ADD ("deploy-invalid", test_deploy_invalid);
  ADD ("start-watch-history", test_start_watch_history);
  ADD ("watch-exit-statuses", test_watch_exit_statuses);
  ADD ("start-sync", test_start_sync);
  ADD ("list", test_list);
  ADD ("errors", test_errors);
  ADD ("profiles", test_profiles);
  ADD ("awscli-peer", test_awscli_peer);
  ADD ("local-endpoint", test_local_endpoint);

  return g_test_run ();
}
