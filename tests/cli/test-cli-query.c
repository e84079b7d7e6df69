/* test-cli-query.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli query` as users run it: the built executable (--cli=PATH or SW_CLI) in a
 * scratch directory, checking standard output, standard error and the exit status. */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

static char *cli_path;
static char *workdir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status = 0;
  va_list args;

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_ptr_array_add (argv, cli_path);
  g_ptr_array_add (argv, (char *) "query");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (workdir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
write_scratch (const char *name,
               const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (workdir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

static const char order[] =
  "{\"Order\": {\"Id\": \"o-1\", \"Items\": [{\"Sku\": \"a\", \"Price\": 2.5, \"Qty\": 2},"
  " {\"Sku\": \"b\", \"Price\": 10, \"Qty\": 1}]}}";

/* The result as canonical JSON: two-space indentation and a final newline. */
static void
test_result (void)
{
  g_auto(Run) run = { 0 };

  write_scratch ("order.json", order);
  run_cli (&run, "Order.Items[Price > 5].Sku", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "\"b\"\n");
  g_assert_cmpstr (run.err, ==, "");

  run_clear (&run);
  run_cli (&run, "{'total': $sum(Order.Items.(Price * Qty)), 'skus': Order.Items.Sku}",
           "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "{\n  \"total\": 15,\n  \"skus\": [\n    \"a\",\n    \"b\"\n"
                                "  ]\n}\n");
}

static void
test_undefined (void)
{
  g_auto(Run) run = { 0 };

  write_scratch ("order.json", order);
  run_cli (&run, "Order.Missing", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_bindings (void)
{
  g_auto(Run) run = { 0 };

  write_scratch ("bindings.json", "{\"rate\": 0.5, \"name\": \"x\"}");
  run_cli (&run, "[$rate * 4, $name]", "--bindings", "bindings.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[\n  2,\n  \"x\"\n]\n");

  run_clear (&run);
  write_scratch ("not-object.json", "[1]");
  run_cli (&run, "$x", "--bindings", "not-object.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "must be a JSON object"));
}

/* Errors print their JSONata code and position and exit with 1. */
static void
test_errors (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "1 + 'a'", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "T2002 at position 3: "));

  run_clear (&run);
  run_cli (&run, "Order.(Id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "S0203 at position 9: "));

  run_clear (&run);
  run_cli (&run, "$error('stop here')", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "D3137 at position 7: stop here"));
}

static void
test_jsonpath (void)
{
  g_auto(Run) run = { 0 };

  write_scratch ("order.json", order);
  run_cli (&run, "--jsonpath", "$.Order.Items[?(@.Qty > 1)].Sku", "--input", "order.json",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[\n  \"a\"\n]\n");

  run_clear (&run);
  run_cli (&run, "--jsonpath", "$.Order.Nothing", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "matches nothing"));

  run_clear (&run);
  run_cli (&run, "--jsonpath", "$.Order[", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
}

static void
test_usage (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "No expression given"));

  run_clear (&run);
  run_cli (&run, "a", "b", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_clear (&run);
  run_cli (&run, "a", "--input", "missing.json", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_clear (&run);
  write_scratch ("broken.json", "{\"a\": ");
  run_cli (&run, "a", "--input", "broken.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "broken.json:1:"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--cli="))
      cli_path = g_canonicalize_filename (argv[i] + strlen ("--cli="), NULL);
  if (cli_path == NULL && g_getenv ("SW_CLI") != NULL)
    cli_path = g_canonicalize_filename (g_getenv ("SW_CLI"), NULL);

  g_test_init (&argc, &argv, NULL);
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("test-cli-query: stepwise-cli not found: pass --cli=PATH or set SW_CLI\n");
      return 1;
    }
  workdir = g_dir_make_tmp ("test-cli-query-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/query/result", test_result);
  g_test_add_func ("/cli/query/undefined", test_undefined);
  g_test_add_func ("/cli/query/bindings", test_bindings);
  g_test_add_func ("/cli/query/errors", test_errors);
  g_test_add_func ("/cli/query/jsonpath", test_jsonpath);
  g_test_add_func ("/cli/query/usage", test_usage);

  status = g_test_run ();
  remove_tree (workdir);
  g_free (workdir);
  g_free (cli_path);
  return status;
}
