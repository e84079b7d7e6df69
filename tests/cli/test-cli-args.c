/* test-cli-args.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a new user gets wrong on the command line: input files that are pipes or directories,
 * JSON errors and their positions, execution names, host names and the help of start and
 * serve. Each case runs the built stepwise-cli. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "sw-test-cli.h"

static const char *pass_machine =
  "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";

/* `start --input-file FIFO` is refused at once (it used to block until a writer came). The
 * state machine is never looked up: the input is checked first. */
static void
test_start_input_fifo (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autofree char *fifo = sw_test_cli_scratch_path ("input.fifo");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  sw_test_cli_run (&run, "start", "Machine", "--input-file", fifo, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "stepwise-cli: error: “"));
  g_assert_true (g_str_has_suffix (run.err, "input.fifo” is not a regular file\n"));
  g_unlink (fifo);
}

/* The JSON error of --input and --input-file says LINE:COLUMN of the fault, as run does. */
static void
test_start_input_position (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_auto(SwTestRun) file = { 0 };

  sw_test_cli_run (&run, "start", "Machine", "--input", "{bad", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err,
                                   "stepwise-cli: error: The input is not JSON (--input:1:2): "));

  sw_test_cli_write ("bad-input.json", "{\n  \"a\": 1,\n  \"b\": ]\n}\n", -1);
  sw_test_cli_run (&file, "start", "Machine", "--input-file", "bad-input.json", NULL);
  g_assert_cmpint (file.status, ==, 2);
  g_assert_true (g_str_has_prefix (file.err, "stepwise-cli: error: The input is not JSON "
                                   "(bad-input.json:3:8): "));
}

/* Directories given as input are named as such, whatever the command. */
static void
test_input_directory (void)
{
  const char *const cases[][6] = {
    { "run", "machine.json", "--input-file", "adir", NULL },
    { "start", "Machine", "--input-file", "adir", NULL },
    { "query", "$", "--input", "adir", NULL },
    { "invoke-endpoint", "endpoint", "--body", "adir", NULL },
  };
  g_autofree char *dir = sw_test_cli_scratch_path ("adir");

  sw_test_cli_write ("machine.json", pass_machine, -1);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };

      sw_test_cli_runv (&run, NULL, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, ==, "stepwise-cli: error: “adir” is a directory, not a file\n");
    }
  g_rmdir (dir);
}

/* `start --help` says what is printed: the JSON response, as the AWS CLI does. */
static void
test_start_help (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "start", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "print its ARN"));
  g_assert_nonnull (strstr (run.out, "print the response as JSON"));
}

/* `run --name` follows the StartExecution rule (sw_arn_is_valid_name), as the local endpoint
 * does. */
static void
test_run_name (void)
{
  const char *const bad[] = {
    "", "a b/c", "tab\there", "x[1]", "what?", "50%", "a:b", "back`quote", "\x01",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1",
  };
  const char *const good[] = {
    "a", "run-1_ok.2", "įėų",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1",
  };

  g_assert_cmpuint (strlen (bad[G_N_ELEMENTS (bad) - 1]), ==, 81);
  g_assert_cmpuint (strlen (good[G_N_ELEMENTS (good) - 1]), ==, 80);
  sw_test_cli_write ("machine.json", pass_machine, -1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(SwTestRun) run = { 0 };

      sw_test_cli_run (&run, "run", "machine.json", "--name", bad[i], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "stepwise-cli run: --name takes 1 to 80 "
                                       "characters without white space"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_auto(SwTestRun) run = { 0 };

      sw_test_cli_run (&run, "run", "machine.json", "--name", good[i], "--describe", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, good[i]));
    }
}

/* `serve --host localhost` listens on the loopback address, without the warning that the
 * endpoint is reachable from other computers; SIGTERM ends it with status 0. */
static void
test_serve_localhost (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  g_auto(GStrv) envp = sw_test_cli_environ ();
  g_autofree char *line = NULL;
  g_autofree char *err_text = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  g_subprocess_launcher_set_cwd (launcher, sw_test_cli_get_workdir ());
  process = g_subprocess_launcher_spawn (launcher, &error, sw_test_cli_get_path (), "serve",
                                         "--host", "localhost", "--port", "0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:") ||
                 g_str_has_prefix (line, "http://[::1]:"));

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_communicate (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  err_text = g_bytes_get_size (err) > 0
               ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err))
               : g_strdup ("");
  g_assert_null (strstr (err_text, "warning"));
  g_assert_null (strstr (err_text, "not an IP address"));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* A name that does not resolve is an error before any warning. */
static void
test_serve_bad_host (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "serve", "--host", "no-such-host.invalid", "--port", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "stepwise-cli: error: Cannot listen on "
                                   "no-such-host.invalid port 0: "));
  g_assert_null (strstr (run.err, "warning"));
}

static void
test_serve_help (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "serve", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\nExit status: 0 stopped by SIGINT or SIGTERM, 2 usage "
                            "error, or the database or address cannot be used.\n"));
  g_assert_null (strstr (run.out, "a definition is invalid"));
}

int
main (int    argc,
      char **argv)
{
  sw_test_cli_init (&argc, &argv, "test-cli-args");

  g_test_add_func ("/cli/args/start-input-fifo", test_start_input_fifo);
  g_test_add_func ("/cli/args/start-input-position", test_start_input_position);
  g_test_add_func ("/cli/args/input-directory", test_input_directory);
  g_test_add_func ("/cli/args/start-help", test_start_help);
  g_test_add_func ("/cli/args/run-name", test_run_name);
  g_test_add_func ("/cli/args/serve-localhost", test_serve_localhost);
  g_test_add_func ("/cli/args/serve-bad-host", test_serve_bad_host);
  g_test_add_func ("/cli/args/serve-help", test_serve_help);

  return sw_test_cli_run_tests ();
}
