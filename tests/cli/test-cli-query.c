/* test-cli-query.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli query` as users run it: the built executable (--cli=PATH or SW_CLI) in a
 * scratch directory, checking standard output, standard error and the exit status. */

#include <string.h>

#include "sw-test-cli.h"

#define run_cli(run, ...) sw_test_cli_run (run, "query", __VA_ARGS__)
#define write_scratch(name, contents) sw_test_cli_write (name, contents, -1)

static const char order[] =
  "{\"Order\": {\"Id\": \"o-1\", \"Items\": [{\"Sku\": \"a\", \"Price\": 2.5, \"Qty\": 2},"
  " {\"Sku\": \"b\", \"Price\": 10, \"Qty\": 1}]}}";

/* The result as canonical JSON: two-space indentation and a final newline. */
static void
test_result (void)
{
  g_auto(SwTestRun) run = { 0 };

  write_scratch ("order.json", order);
  run_cli (&run, "Order.Items[Price > 5].Sku", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "\"b\"\n");
  g_assert_cmpstr (run.err, ==, "");

  run_cli (&run, "{'total': $sum(Order.Items.(Price * Qty)), 'skus': Order.Items.Sku}",
           "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "{\n  \"total\": 15,\n  \"skus\": [\n    \"a\",\n    \"b\"\n"
                                "  ]\n}\n");
}

static void
test_undefined (void)
{
  g_auto(SwTestRun) run = { 0 };

  write_scratch ("order.json", order);
  run_cli (&run, "Order.Missing", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_bindings (void)
{
  g_auto(SwTestRun) run = { 0 };

  write_scratch ("bindings.json", "{\"rate\": 0.5, \"name\": \"x\"}");
  run_cli (&run, "[$rate * 4, $name]", "--bindings", "bindings.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[\n  2,\n  \"x\"\n]\n");

  write_scratch ("not-object.json", "[1]");
  run_cli (&run, "$x", "--bindings", "not-object.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "must be a JSON object"));
}

/* Errors print their JSONata code and position and exit with 1. */
static void
test_errors (void)
{
  g_auto(SwTestRun) run = { 0 };

  run_cli (&run, "1 + 'a'", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "T2002 at position 3: "));

  run_cli (&run, "Order.(Id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "S0203 at position 9: "));

  run_cli (&run, "$error('stop here')", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "D3137 at position 7: stop here"));
}

static void
test_jsonpath (void)
{
  g_auto(SwTestRun) run = { 0 };

  write_scratch ("order.json", order);
  run_cli (&run, "--jsonpath", "$.Order.Items[?(@.Qty > 1)].Sku", "--input", "order.json",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[\n  \"a\"\n]\n");

  run_cli (&run, "--jsonpath", "$.Order.Nothing", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "matches nothing"));

  run_cli (&run, "--jsonpath", "$.Order[", "--input", "order.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  /* The offset once, as the path's message gives it. */
  g_assert_cmpstr (run.err, ==, "stepwise-cli: error: The bracket is not closed at offset 7\n");
}

static void
test_usage (void)
{
  g_auto(SwTestRun) run = { 0 };

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "No expression given"));

  run_cli (&run, "a", "b", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "a", "--input", "missing.json", NULL);
  g_assert_cmpint (run.status, ==, 2);

  write_scratch ("broken.json", "{\"a\": ");
  run_cli (&run, "a", "--input", "broken.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "broken.json:1:"));
}

int
main (int    argc,
      char **argv)
{
  sw_test_cli_init (&argc, &argv, "test-cli-query");

  g_test_add_func ("/cli/query/result", test_result);
  g_test_add_func ("/cli/query/undefined", test_undefined);
  g_test_add_func ("/cli/query/bindings", test_bindings);
  g_test_add_func ("/cli/query/errors", test_errors);
  g_test_add_func ("/cli/query/jsonpath", test_jsonpath);
  g_test_add_func ("/cli/query/usage", test_usage);

  return sw_test_cli_run_tests ();
}
