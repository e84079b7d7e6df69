/* bench-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSONata evaluation throughput against the jsonata npm package (the reference
 * implementation) on the same expressions and data, and the validation time of a large
 * JSONata state machine:
 *
 *     bench-jsonata [--seconds S] [--peer DIR] [--node PATH] [--script PATH] [--states N]
 *
 * Each expression is compiled once, evaluated once to warm up, then as often as fits in S
 * seconds (1 by default); the result is operations per second, and both results are
 * compared. DIR is the jsonata package (or SW_BENCH_JSONATA, by default
 * BUILD/npm/node_modules/jsonata: npm install --prefix BUILD/npm jsonata); without it or
 * without node, ours are measured alone. Then a generated JSONata machine of N states
 * (10,000) with variables, expressions in every field, Parallel branches and Map iterations
 * is read and validated; it must validate clean. */

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-json.h"
#include "sw-jsonata.h"
#include "sw-validator.h"

typedef struct
{
  const char *name;
  const char *expression;
  const char *input;          /* "big" or "small" */
} Case;

static const Case cases[] = {
  { "path (10k items)", "items.nested.a.b", "big" },
  { "predicate", "items[price > 50 and category = 'tools'].name", "big" },
  { "$sum", "$sum(items.price)", "big" },
  { "$map", "$map(items, function($v) { $v.price * 2 })", "big" },
  { "$filter", "$filter(items, function($v) { $v.category = 'tools' }).id", "big" },
  { "strings", "$join(items[[0..999]].$uppercase($substring(name, 0, 6)), ',')", "big" },
  { "sort", "(items^(>price, id)).id", "big" },
  { "group", "items{category: $sum(price)}", "big" },
  { "state I/O (small)",
    "{'id': order.id, 'total': $sum(order.lines.(qty * price)), "
    "'who': $uppercase(customer.name), 'skus': order.lines.sku}", "small" },
  { "string ops (small)",
    "$replace(customer.email, /@.*/, '') & '-' & $string(order.id) & '-' & "
    "$join($split(customer.name, ' ').$substring($, 0, 1))", "small" },
};

static const char * const categories[] = { "tools", "books", "garden", "toys", "food" };

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static char *
make_inputs (void)
{
  GString *out = g_string_new ("{\"big\": {\"items\": [");

  for (guint i = 0; i < 10000; i++)
    {
      guint cents = (i * 7919u) % 10000u;

      g_string_append_printf (out,
                              "%s{\"id\": %u, \"name\": \"item-%05u\", \"price\": %u.%02u, "
                              "\"category\": \"%s\", \"tags\": [\"t%u\", \"t%u\"], "
                              "\"nested\": {\"a\": {\"b\": %u}}}",
                              i > 0 ? ", " : "", i, i, cents / 100, cents % 100,
                              categories[i % G_N_ELEMENTS (categories)], i % 7, i % 11, i);
    }
  g_string_append (out, "]}, \"small\": {\"order\": {\"id\": 4711, \"lines\": ["
                   "{\"sku\": \"A-1\", \"qty\": 2, \"price\": 9.5}, "
                   "{\"sku\": \"B-2\", \"qty\": 1, \"price\": 20}, "
                   "{\"sku\": \"C-3\", \"qty\": 5, \"price\": 1.25}]}, "
                   "\"customer\": {\"name\": \"Ada King Lovelace\", "
                   "\"email\": \"ada@example.org\"}}}");
  return g_string_free (out, FALSE);
}

/* Results are compared by value: numbers as numbers (the lexemes may differ). */
static gboolean
values_match (const SwValue *a,
              const SwValue *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || sw_value_get_kind (a) == SW_VALUE_NULL) &&
           (b == NULL || sw_value_get_kind (b) == SW_VALUE_NULL);
  if (sw_value_get_kind (a) != sw_value_get_kind (b))
    return FALSE;

  switch (sw_value_get_kind (a))
    {
    case SW_VALUE_NULL:
      return TRUE;
    case SW_VALUE_BOOLEAN:
      return sw_value_get_boolean (a) == sw_value_get_boolean (b);
    case SW_VALUE_NUMBER:
      {
        double x = sw_value_get_double (a), y = sw_value_get_double (b);

        return fabs (x - y) <= 1e-9 * MAX (1.0, MAX (fabs (x), fabs (y)));
      }
    case SW_VALUE_STRING:
      return strcmp (sw_value_get_string (a), sw_value_get_string (b)) == 0;
    case SW_VALUE_ARRAY:
      if (sw_value_array_get_length (a) != sw_value_array_get_length (b))
        return FALSE;
      for (guint i = 0; i < sw_value_array_get_length (a); i++)
        if (!values_match (sw_value_array_get (a, i), sw_value_array_get (b, i)))
          return FALSE;
      return TRUE;
    case SW_VALUE_OBJECT:
      if (sw_value_object_get_size (a) != sw_value_object_get_size (b))
        return FALSE;
      for (guint i = 0; i < sw_value_object_get_size (a); i++)
        {
          const SwValue *other = sw_value_object_get (b, sw_value_object_get_key (a, i));

          if (other == NULL || !values_match (sw_value_object_get_value (a, i), other))
            return FALSE;
        }
      return TRUE;
    default:
      return FALSE;
    }
}

typedef struct
{
  double ops_per_s;
  SwValue *result;
  gboolean ok;
} Measure;

static Measure
measure_ours (const Case    *test,
              const SwValue *input,
              double         budget)
{
  Measure m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SwJsonata) compiled = sw_jsonata_compile (test->expression, &error);
  guint64 ops = 0;
  double start, elapsed;

  if (compiled == NULL)
    {
      g_printerr ("%s: %s\n", test->name, error->message);
      return m;
    }
  m.result = sw_jsonata_evaluate (compiled, input, NULL, &error);
  if (error != NULL)
    {
      g_printerr ("%s: %s\n", test->name, error->message);
      return m;
    }

  start = now_s ();
  do
    {
      SwValue *result = sw_jsonata_evaluate (compiled, input, NULL, NULL);

      if (result != NULL)
        sw_value_unref (result);
      ops++;
      elapsed = now_s () - start;
    }
  while (elapsed < budget);

  m.ops_per_s = ops / elapsed;
  m.ok = TRUE;
  return m;
}

/* A JSONata machine of exactly @n states (nested ones included): a chain of Pass states
 * assigning variables, Tasks with Arguments, Output, Assign and a catcher, Choices with a
 * Condition, Waits with an expression, Parallel states of two branches and Map states over
 * an expression, each reading variables assigned before it. */
static char *
make_machine (guint n)
{
  GString *out = g_string_new (NULL);
  guint remaining = n - 2; /* Done and Failed */
  guint i = 0;
  guint assigned = 0;         /* variables v0 … v(assigned - 1) exist */

  g_string_append (out, "{\n  \"Comment\": \"Generated by bench-jsonata\",\n"
                   "  \"QueryLanguage\": \"JSONata\",\n  \"StartAt\": \"S0\",\n"
                   "  \"States\": {\n");

  while (remaining > 0)
    {
      guint kind = i % 10;
      g_autofree char *next = NULL;
      guint last = assigned > 0 ? assigned - 1 : 0;

      if ((kind == 7 && remaining < 5) || (kind == 9 && remaining < 4) || assigned == 0)
        kind = 0;
      remaining -= kind == 7 ? 5 : kind == 9 ? 4 : 1;
      next = remaining > 0 ? g_strdup_printf ("S%u", i + 1) : g_strdup ("Done");

      g_string_append_printf (out, "    \"S%u\": {\n", i);
      switch (kind)
        {
        case 0:
        case 5:
          g_string_append_printf (out,
                                  "      \"Type\": \"Pass\",\n"
                                  "      \"Assign\": {\"v%u\": \"{%% $states.input.n ? "
                                  "$states.input.n + %u : %u %%}\"},\n"
                                  "      \"Output\": {\"step\": %u, \"label\": "
                                  "\"{%% 'step-' & $string(%u) %%}\"},\n",
                                  assigned, i, i, i, i);
          assigned++;
          break;

        case 1:
        case 4:
        case 8:
          g_string_append_printf (out,
                                  "      \"Type\": \"Task\",\n"
                                  "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
                                  "      \"Arguments\": {\"FunctionName\": \"step-%u\", "
                                  "\"Payload\": {\"value\": \"{%% $v%u * 2 %%}\", "
                                  "\"input\": \"{%% $states.input %%}\"}},\n"
                                  "      \"TimeoutSeconds\": \"{%% 60 + $v%u %% 60 %%}\",\n"
                                  "      \"Output\": \"{%% $states.result.Payload %%}\",\n"
                                  "      \"Assign\": {\"r%u\": \"{%% $states.result.Payload"
                                  ".score %%}\"},\n"
                                  "      \"Retry\": [{\"ErrorEquals\": [\"States.TaskFailed\"], "
                                  "\"MaxAttempts\": 2}],\n"
                                  "      \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], "
                                  "\"Assign\": {\"failedAt\": \"S%u\"}, "
                                  "\"Output\": \"{%% $states.errorOutput %%}\", "
                                  "\"Next\": \"Failed\"}],\n",
                                  i, last, last, i, i);
          break;

        case 2:
        case 6:
          g_string_append_printf (out,
                                  "      \"Type\": \"Choice\",\n"
                                  "      \"Choices\": [{\"Condition\": \"{%% $v%u > %u and "
                                  "$exists($states.input) %%}\", \"Next\": \"%s\", "
                                  "\"Assign\": {\"c%u\": true}}],\n"
                                  "      \"Default\": \"%s\"\n    },\n",
                                  last, i, next, i, next);
          i++;
          continue;

        case 3:
          g_string_append_printf (out,
                                  "      \"Type\": \"Wait\",\n"
                                  "      \"Seconds\": \"{%% $min([$v%u, 5]) %%}\",\n",
                                  last);
          break;

        case 7:
          g_string_append (out, "      \"Type\": \"Parallel\",\n      \"Branches\": [\n");
          for (guint b = 0; b < 2; b++)
            g_string_append_printf (out,
                                    "        {\"StartAt\": \"S%uB%uA\", \"States\": {\n"
                                    "          \"S%uB%uA\": {\"Type\": \"Pass\", \"Assign\": "
                                    "{\"local\": \"{%% $v%u + %u %%}\"}, \"Next\": "
                                    "\"S%uB%uB\"},\n"
                                    "          \"S%uB%uB\": {\"Type\": \"Pass\", \"Output\": "
                                    "\"{%% $local * $v%u %%}\", \"End\": true}}}%s\n",
                                    i, b, i, b, last, b, i, b, i, b, last, b == 0 ? "," : "");
          g_string_append (out, "      ],\n"
                           "      \"Output\": \"{% $sum($states.result) %}\",\n");
          break;

        case 9:
        default:
          g_string_append_printf (out,
                                  "      \"Type\": \"Map\",\n"
                                  "      \"Items\": \"{%% [1..3].($ * $v%u) %%}\",\n"
                                  "      \"ItemSelector\": {\"item\": \"{%% $states.context.Map"
                                  ".Item.Value %%}\", \"base\": \"{%% $v%u %%}\"},\n"
                                  "      \"MaxConcurrency\": 2,\n"
                                  "      \"ItemProcessor\": {\"StartAt\": \"S%uM1\", "
                                  "\"States\": {\n"
                                  "        \"S%uM1\": {\"Type\": \"Pass\", \"Assign\": {\"x\": "
                                  "\"{%% $states.input.item %%}\"}, \"Next\": \"S%uM2\"},\n"
                                  "        \"S%uM2\": {\"Type\": \"Pass\", \"Output\": "
                                  "\"{%% $x + $v%u %%}\", \"Next\": \"S%uM3\"},\n"
                                  "        \"S%uM3\": {\"Type\": \"Succeed\"}}},\n"
                                  "      \"Output\": \"{%% $states.result %%}\",\n",
                                  last, last, i, i, i, i, last, i, i);
          break;
        }
      g_string_append_printf (out, "      \"Next\": \"%s\"\n    },\n", next);
      i++;
    }

  g_string_append (out,
                   "    \"Failed\": {\"Type\": \"Fail\", \"Error\": \"StepFailed\", "
                   "\"Cause\": \"{% 'failed at ' & $failedAt %}\"},\n"
                   "    \"Done\": {\"Type\": \"Succeed\", \"Output\": "
                   "\"{% {'last': $v0} %}\"}\n  }\n}\n");
  return g_string_free (out, FALSE);
}

static guint
count_states (const SwValue *machine)
{
  const SwValue *states = sw_value_object_get (machine, "States");
  guint n = 0;

  if (states == NULL)
    return 0;
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      const SwValue *state = sw_value_object_get_value (states, i);
      const SwValue *branches = sw_value_object_get (state, "Branches");
      const SwValue *processor = sw_value_object_get (state, "ItemProcessor");

      n++;
      if (branches != NULL)
        for (guint b = 0; b < sw_value_array_get_length (branches); b++)
          n += count_states (sw_value_array_get (branches, b));
      if (processor != NULL)
        n += count_states (processor);
    }
  return n;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench_validation (guint n_states)
{
  g_autofree char *text = make_machine (n_states);
  gsize length = strlen (text);
  double parse[5], validate[5];
  guint n_states_found = 0, n_findings = 0;

  for (guint run = 0; run < G_N_ELEMENTS (parse); run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) root = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      double t0 = now_s (), t1;

      root = sw_json_parse (text, length, NULL, NULL, &error);
      g_assert_no_error (error);
      t1 = now_s ();
      diagnostics = sw_validate (root); /* over the 1 MiB quota, like real 10k-state machines */
      validate[run] = (now_s () - t1) * 1000.0;
      parse[run] = (t1 - t0) * 1000.0;

      if (run == 0)
        {
          n_states_found = count_states (root);
          n_findings = diagnostics->len;
          for (guint i = 0; i < MIN (diagnostics->len, 5); i++)
            {
              g_autofree char *line = sw_diagnostic_format (g_ptr_array_index (diagnostics, i),
                                                            "generated");

              g_printerr ("%s\n", line);
            }
        }
    }

  qsort (parse, G_N_ELEMENTS (parse), sizeof (double), compare_double);
  qsort (validate, G_N_ELEMENTS (validate), sizeof (double), compare_double);
  printf ("\nValidation of a generated JSONata machine: %u states, %" G_GSIZE_FORMAT " bytes, "
          "%u findings\n", n_states_found, length, n_findings);
  printf ("  read %.1f ms, validate %.1f ms (every expression compiled, variables traced), "
          "total %.1f ms (median of %u)\n",
          parse[2], validate[2], parse[2] + validate[2], (guint) G_N_ELEMENTS (parse));
}

static SwValue *
run_peer (const char *node,
          const char *script,
          const char *peer,
          const char *inputs_path,
          const char *expressions_path,
          double      seconds)
{
  g_autofree char *seconds_text = g_strdup_printf ("%g", seconds);
  char *argv[] = { (char *) node, (char *) script, (char *) peer, (char *) inputs_path,
                   (char *) expressions_path, seconds_text, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  SwValue *report;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                     &error))
    {
      g_printerr ("%s: %s\n", node, error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, NULL) ||
      (report = sw_json_parse (out, -1, NULL, NULL, NULL)) == NULL)
    {
      g_printerr ("The peer failed: %s%s\n", out ? out : "", err ? err : "");
      return NULL;
    }
  return report;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *peer = NULL;
  g_autofree char *node = NULL;
  g_autofree char *script = NULL;
  double seconds = 1.0;
  int n_states = 10000;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Time per expression (1)", "S" },
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &peer, "The jsonata package", "DIR" },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &node, "The node executable", "PATH" },
    { "script", 0, 0, G_OPTION_ARG_FILENAME, &script, "bench-jsonata-peer.mjs", "PATH" },
    { "states", 0, 0, G_OPTION_ARG_INT, &n_states, "States of the machine validated (10000)",
      "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *inputs_text = make_inputs ();
  g_autoptr(SwValue) inputs = NULL;
  g_autoptr(SwValue) report = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *inputs_path = NULL;
  g_autofree char *expressions_path = NULL;
  const SwValue *peer_results = NULL;
  Measure ours[G_N_ELEMENTS (cases)];
  long our_rss;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (peer == NULL && g_getenv ("SW_BENCH_JSONATA") != NULL)
    peer = g_strdup (g_getenv ("SW_BENCH_JSONATA"));
  if (peer != NULL && !g_file_test (peer, G_FILE_TEST_IS_DIR))
    g_clear_pointer (&peer, g_free);
  if (node == NULL)
    node = g_find_program_in_path ("node");
  if (n_states < 10)
    n_states = 10;

  inputs = sw_json_parse (inputs_text, -1, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    ours[i] = measure_ours (&cases[i], sw_value_object_get (inputs, cases[i].input), seconds);
  our_rss = peak_rss_kb ();

  if (peer != NULL && node != NULL && script != NULL && g_file_test (script, G_FILE_TEST_EXISTS))
    {
      GString *list = g_string_new ("[");

      tmpdir = g_dir_make_tmp ("bench-jsonata-XXXXXX", NULL);
      inputs_path = g_build_filename (tmpdir, "inputs.json", NULL);
      expressions_path = g_build_filename (tmpdir, "expressions.json", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr(SwValue) item = sw_value_new_object ();
          g_autofree char *text = NULL;

          sw_value_object_set (item, "expression", sw_value_new_string (cases[i].expression));
          sw_value_object_set (item, "input", sw_value_new_string (cases[i].input));
          text = sw_json_write (item, SW_JSON_WRITE_COMPACT, NULL);
          g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", text);
        }
      g_string_append (list, "]");
      g_file_set_contents (inputs_path, inputs_text, -1, NULL);
      g_file_set_contents (expressions_path, list->str, -1, NULL);
      g_string_free (list, TRUE);

      report = run_peer (node, script, peer, inputs_path, expressions_path, seconds);
      if (report != NULL)
        peer_results = sw_value_object_get (report, "results");
    }

  printf ("JSONata evaluations per second, each expression compiled once (%.1f s each)\n",
          seconds);
  printf ("%-20s %14s %14s %9s  %s\n", "expression", "Stepwise", "jsonata (npm)", "speedup",
          "same result");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SwValue *theirs = peer_results != NULL &&
                              i < sw_value_array_get_length (peer_results) ?
                              sw_value_array_get (peer_results, i) : NULL;

      if (!ours[i].ok)
        {
          printf ("%-20s %14s\n", cases[i].name, "failed");
          continue;
        }
      if (theirs != NULL)
        {
          double ops = sw_value_get_double (sw_value_object_get (theirs, "ops")) /
                       sw_value_get_double (sw_value_object_get (theirs, "seconds"));

          printf ("%-20s %14.0f %14.0f %8.1fx  %s\n", cases[i].name, ours[i].ops_per_s, ops,
                  ours[i].ops_per_s / ops,
                  values_match (ours[i].result, sw_value_object_get (theirs, "result")) ?
                  "yes" : "NO");
        }
      else
        printf ("%-20s %14.0f %14s %9s\n", cases[i].name, ours[i].ops_per_s, "-", "-");
    }

  if (report != NULL)
    printf ("Peak memory: Stepwise %.1f MiB, node + jsonata %.1f MiB\n", our_rss / 1024.0,
            sw_value_get_double (sw_value_object_get (report, "maxRSS")) / 1024.0);
  else
    printf ("Peak memory: Stepwise %.1f MiB (no peer: set SW_BENCH_JSONATA to the jsonata "
            "package and have node in PATH)\n", our_rss / 1024.0);

  bench_validation (n_states);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (ours[i].result != NULL)
      sw_value_unref (ours[i].result);
  if (tmpdir != NULL)
    {
      g_unlink (inputs_path);
      g_unlink (expressions_path);
      g_rmdir (tmpdir);
    }
  return 0;
}
