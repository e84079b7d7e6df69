/* bench-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSONata evaluation time per evaluation against the jsonata npm package (the reference
 * implementation), in the same run, on the cases of the JSONata test suite with their datasets
 * and on Step Functions sized payloads (arrays of 10,000 items); then the validation time of
 * a large JSONata state machine:
 *
 *     bench-jsonata [--suite DIR] [--budget-ms MS] [--warm-ms MS] [--passes P] [--peer DIR]
 *                   [--node PATH] [--script PATH] [--states N] [--filter TEXT] [--verbose]
 *
 * Every suite case expected to give a result (or undefined) is taken, with its data, dataset or
 * no input and its bindings (its depth and time limits are left out: the peer's evaluate()
 * has none). Each expression is compiled once, evaluated for MS / 2 milliseconds (at least 3
 * times) to warm up, then timed in 5 rounds of MS / 5 milliseconds (at least 2 evaluations
 * each), the fastest round counting; bench-jsonata-peer.mjs does the same with the jsonata
 * package in node. Ours then theirs run P times (2), each case's fastest counting. Reported:
 * the ratio of their time to ours per case, its geometric mean and median, the 10 worst
 * cases, and the peak resident memory (VmHWM) of both processes, whole and above what each held before its
 * first evaluation. DIR is the jsonata package (or SW_BENCH_JSONATA, by default
 * BUILD/npm/node_modules/jsonata: npm install --prefix BUILD/npm jsonata); without it or
 * without node, ours are measured alone. Then a generated JSONata machine of N states
 * (10,000; 0 skips it) is read and validated; it must validate clean. */

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-json.h"
#include "sw-jsonata.h"
#include "sw-validator.h"

#include "../tests/common/sw-test-jsonata-suite.h"

/* Step Functions payloads: a state input holding 10,000 items, and a small one. */
static const struct
{
  const char *name;
  const char *expression;
  const char *input;          /* "big" or "small" */
} payload_cases[] = {
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

/* Timed rounds per case: the fastest counts. */
#define ROUNDS 5

static const char * const categories[] = { "tools", "books", "garden", "toys", "food" };

typedef struct
{
  char     *name;         /* group/case[/index], or the payload case's name */
  char     *expr;
  SwValue  *input;        /* NULL: undefined */
  char     *input_path;   /* the file the peer reads the input from; NULL: inline data */
  SwValue  *bindings;
  SwValue  *expected;     /* NULL: undefined */
  gboolean  payload;
  gboolean  ok;           /* ours evaluated without error */
  gboolean  same;         /* … and gave the expected result */
  double    ours_ns;
  double    convert_ns;   /* payloads: ours, converting the SwValue at each evaluation */
  double    theirs_ns;    /* 0: not measured */
} BenchCase;

static void
bench_case_free (gpointer data)
{
  BenchCase *bc = data;

  g_free (bc->name);
  g_free (bc->expr);
  g_clear_pointer (&bc->input, sw_value_unref);
  g_free (bc->input_path);
  g_clear_pointer (&bc->bindings, sw_value_unref);
  g_clear_pointer (&bc->expected, sw_value_unref);
  g_free (bc);
}

static double
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double
now_s (void)
{
  return now_ns () / 1e9;
}

/* The peak resident set of this process so far, in KiB. */
static long
hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return strtol (line + 6, NULL, 10);
}

static char *
make_big_input (void)
{
  GString *out = g_string_new ("{\"items\": [");

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
  g_string_append (out, "]}\n");
  return g_string_free (out, FALSE);
}

static const char small_input[] =
  "{\"order\": {\"id\": 4711, \"lines\": ["
  "{\"sku\": \"A-1\", \"qty\": 2, \"price\": 9.5}, "
  "{\"sku\": \"B-2\", \"qty\": 1, \"price\": 20}, "
  "{\"sku\": \"C-3\", \"qty\": 5, \"price\": 1.25}]}, "
  "\"customer\": {\"name\": \"Ada King Lovelace\", \"email\": \"ada@example.org\"}}\n";

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

static SwValue *
load_json (const char *path)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return NULL;
  /* two cases hold a lone surrogate (\ud800), which our JSON reader refuses: left out */
  return sw_json_parse (text, (gssize) len, NULL, NULL, NULL);
}

typedef struct
{
  GPtrArray  *cases;
  GHashTable *datasets;     /* path -> SwValue */
  const char *suite_dir;
} SuiteLoad;

/* One suite case into the list, unless it expects an error. */
static void
add_suite_case (const char *group,
                const char *base,
                const char *path,
                int         index,
                SwValue    *tc,
                gpointer    user_data)
{
  SuiteLoad *load = user_data;
  const SwValue *v;
  BenchCase *bc;

  if (sw_value_object_has (tc, "code") || sw_value_object_has (tc, "error"))
    return;

  bc = g_new0 (BenchCase, 1);
  bc->name = index >= 0 ? g_strdup_printf ("%s/%s/%d", group, base, index)
                        : g_strdup_printf ("%s/%s", group, base);
  if ((v = sw_value_object_get (tc, "expr")) != NULL && sw_value_is_string (v))
    bc->expr = g_strdup (sw_value_get_string (v));
  else if ((v = sw_value_object_get (tc, "expr-file")) != NULL && sw_value_is_string (v))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *file = g_build_filename (dir, sw_value_get_string (v), NULL);

      if (!g_file_get_contents (file, &bc->expr, NULL, NULL))
        bc->expr = NULL;
    }
  if (bc->expr == NULL)
    {
      bench_case_free (bc);
      return;
    }

  if ((v = sw_value_object_get (tc, "data")) != NULL)
    bc->input = sw_value_ref ((SwValue *) v);
  else if ((v = sw_value_object_get (tc, "dataset")) != NULL && sw_value_is_string (v))
    {
      g_autofree char *file = g_strdup_printf ("%s.json", sw_value_get_string (v));
      char *dataset_path = g_build_filename (load->suite_dir, "datasets", file, NULL);
      SwValue *dataset = g_hash_table_lookup (load->datasets, dataset_path);

      if (dataset == NULL && (dataset = load_json (dataset_path)) != NULL)
        g_hash_table_insert (load->datasets, g_strdup (dataset_path), dataset);
      if (dataset == NULL)
        {
          g_free (dataset_path);
          bench_case_free (bc);
          return;
        }
      bc->input = sw_value_ref (dataset);
      bc->input_path = dataset_path;
    }
  if ((v = sw_value_object_get (tc, "bindings")) != NULL && sw_value_is_object (v))
    bc->bindings = sw_value_ref ((SwValue *) v);
  if ((v = sw_value_object_get (tc, "result")) != NULL)
    bc->expected = sw_value_ref ((SwValue *) v);
  g_ptr_array_add (load->cases, bc);
}

static void
load_suite (GPtrArray  *cases,
            const char *suite_dir)
{
  g_autoptr(GHashTable) datasets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) sw_value_unref);
  SuiteLoad load = { cases, datasets, suite_dir };

  sw_test_jsonata_suite_foreach (suite_dir, load_json, add_suite_case, &load);
}

/* One evaluation: against the input prepared once (@document), as the peer evaluates
 * against an object it parsed once, or converting the SwValue each time. */
static SwValue *
evaluate (SwJsonata         *compiled,
          BenchCase         *bc,
          SwJsonataDocument *document,
          GError           **error)
{
  if (document != NULL || bc->input == NULL)
    return sw_jsonata_evaluate_document (compiled, document, bc->bindings, NULL, error);
  return sw_jsonata_evaluate (compiled, bc->input, bc->bindings, error);
}

/* Warms up for @warm_ms (3 evaluations at least), then times evaluations for @budget_ms in
 * ROUNDS rounds (2 evaluations each at least): the time of one, in nanoseconds, in the fastest
 * round, which other work on the machine disturbs least. The clock is read after batches of
 * evaluations lasting about 20 µs, so that reading it costs little beside them. */
static double
time_evaluations (SwJsonata         *compiled,
                  BenchCase         *bc,
                  SwJsonataDocument *document,
                  double             budget_ms,
                  double             warm_ms)
{
  guint64 ops = 0, batch;
  double start, elapsed, best = G_MAXDOUBLE;

  start = now_ns ();
  do
    {
      SwValue *result = evaluate (compiled, bc, document, NULL);

      if (result != NULL)
        sw_value_unref (result);
      ops++;
      elapsed = now_ns () - start;
    }
  while (ops < 3 || elapsed < warm_ms * 1e6);
  batch = MAX (1, (guint64) (20e3 / (elapsed / ops)));

  for (guint round = 0; round < ROUNDS; round++)
    {
      ops = 0;
      start = now_ns ();
      do
        {
          for (guint64 i = 0; i < batch; i++)
            {
              SwValue *result = evaluate (compiled, bc, document, NULL);

              if (result != NULL)
                sw_value_unref (result);
            }
          ops += batch;
          elapsed = now_ns () - start;
        }
      while (ops < 2 || elapsed < budget_ms * 1e6 / ROUNDS);
      best = MIN (best, elapsed / ops);
    }
  return best;
}

/* Compiles once and times evaluations against the input prepared once; payloads also
 * converting the input each time. The first result is checked against the expected one, the
 * last against the first (evaluation must leave a prepared input as it was). */
static void
measure_ours (BenchCase *bc,
              double     budget_ms,
              double     warm_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwJsonata) compiled = sw_jsonata_compile (bc->expr, &error);
  g_autoptr(SwJsonataDocument) document = NULL;
  g_autoptr(SwValue) first = NULL;
  g_autoptr(SwValue) last = NULL;

  if (compiled == NULL)
    return;
  if (bc->input != NULL)
    document = sw_jsonata_document_new (bc->input);
  first = evaluate (compiled, bc, document, &error);
  if (error != NULL)
    return;
  bc->ok = TRUE;
  bc->same = bc->payload || (first == NULL ? bc->expected == NULL
                                           : values_match (first, bc->expected));

  bc->ours_ns = time_evaluations (compiled, bc, document, budget_ms, warm_ms);
  if (bc->payload && document != NULL)
    bc->convert_ns = time_evaluations (compiled, bc, NULL, budget_ms, warm_ms);

  last = evaluate (compiled, bc, document, NULL);
  if ((first == NULL) != (last == NULL) ||
      (first != NULL && !sw_value_equal (first, last)))
    bc->same = FALSE;
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
          const char *cases_path,
          double      budget_ms,
          double      warm_ms)
{
  g_autofree char *budget_text = g_strdup_printf ("%g", budget_ms);
  g_autofree char *warm_text = g_strdup_printf ("%g", warm_ms);
  char *argv[] = { (char *) node, (char *) script, (char *) peer, (char *) cases_path,
                   budget_text, warm_text, NULL };
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
      (report = sw_json_parse (out, -1, NULL, NULL, NULL)) == NULL ||
      !sw_value_is_array (sw_value_object_get (report, "results")))
    {
      g_printerr ("The peer failed: %s%s\n", out ? out : "", err ? err : "");
      return NULL;
    }
  return report;
}

/* The case list the peer reads: expression, input (a file or inline) and bindings. */
static char *
write_case_list (GPtrArray  *cases,
                 const char *path)
{
  g_autoptr(SwValue) list = sw_value_new_array ();
  char *text;

  for (guint i = 0; i < cases->len; i++)
    {
      BenchCase *bc = g_ptr_array_index (cases, i);
      SwValue *item = sw_value_new_object ();

      sw_value_object_set (item, "expr", sw_value_new_string (bc->expr));
      if (bc->input_path != NULL)
        sw_value_object_set (item, "input", sw_value_new_string (bc->input_path));
      else if (bc->input != NULL)
        sw_value_object_set (item, "data", sw_value_ref (bc->input));
      if (bc->bindings != NULL)
        sw_value_object_set (item, "bindings", sw_value_ref (bc->bindings));
      sw_value_array_append (list, item);
    }
  text = sw_json_write (list, SW_JSON_WRITE_COMPACT, NULL);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_clear_pointer (&text, g_free);
  return text;
}

static int
compare_ratio (gconstpointer a,
               gconstpointer b)
{
  const BenchCase *x = *(BenchCase *const *) a, *y = *(BenchCase *const *) b;
  double rx = x->theirs_ns / x->ours_ns, ry = y->theirs_ns / y->ours_ns;

  return rx < ry ? -1 : rx > ry;
}

/* Geometric mean, median and minimum of their time over ours, among the measured cases for
 * which @payload is as asked (-1: all). */
static void
print_summary (GPtrArray  *cases,
               int         payload,
               const char *label)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  double log_sum = 0;
  guint below = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      BenchCase *bc = g_ptr_array_index (cases, i);
      double ratio;

      if (!bc->ok || bc->theirs_ns <= 0 || (payload >= 0 && bc->payload != payload))
        continue;
      ratio = bc->theirs_ns / bc->ours_ns;
      g_array_append_val (ratios, ratio);
      log_sum += log (ratio);
      below += ratio < 5.0;
    }
  if (ratios->len == 0)
    return;
  g_array_sort (ratios, compare_double);
  printf ("%-28s %6u %9.1fx %9.1fx %9.2fx %9u\n", label, ratios->len,
          exp (log_sum / ratios->len), g_array_index (ratios, double, ratios->len / 2),
          g_array_index (ratios, double, 0), below);
}

static void
print_case (const BenchCase *bc)
{
  g_autofree char *expr = g_strndup (bc->expr, 60);

  for (char *p = expr; *p != '\0'; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  if (bc->theirs_ns > 0)
    printf ("  %-34s %10.0f %10.0f %8.1fx%s  %s\n", bc->name, bc->ours_ns, bc->theirs_ns,
            bc->theirs_ns / bc->ours_ns, bc->same ? "" : " *", expr);
  else
    printf ("  %-34s %10.0f %10s %9s%s  %s\n", bc->name, bc->ours_ns, "-", "-",
            bc->same ? "" : " *", expr);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *peer = NULL;
  g_autofree char *node = NULL;
  g_autofree char *script = NULL;
  g_autofree char *suite_dir = NULL;
  g_autofree char *filter = NULL;
  double budget_ms = 20, warm_ms = -1;
  int n_states = 10000;
  int passes = 2;
  gboolean verbose = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "suite", 0, 0, G_OPTION_ARG_FILENAME, &suite_dir,
      "The JSONata test suite (SW_SHARED_DATA/jsonata-suite)", "DIR" },
    { "budget-ms", 0, 0, G_OPTION_ARG_DOUBLE, &budget_ms, "Timed per case (20)", "MS" },
    { "warm-ms", 0, 0, G_OPTION_ARG_DOUBLE, &warm_ms, "Warm-up per case (half the budget)",
      "MS" },
    { "passes", 0, 0, G_OPTION_ARG_INT, &passes,
      "Passes of ours then theirs, the fastest counting (2)", "N" },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter, "Only cases whose name holds TEXT",
      "TEXT" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Every case, not the worst 10", NULL },
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &peer, "The jsonata package", "DIR" },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &node, "The node executable", "PATH" },
    { "script", 0, 0, G_OPTION_ARG_FILENAME, &script, "bench-jsonata-peer.mjs", "PATH" },
    { "states", 0, 0, G_OPTION_ARG_INT, &n_states,
      "States of the machine validated (10000; 0: none)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (bench_case_free);
  g_autoptr(GPtrArray) measured = g_ptr_array_new ();
  g_autoptr(SwValue) report = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *big_path = NULL;
  g_autofree char *small_path = NULL;
  g_autofree char *cases_path = NULL;
  g_autofree char *big_text = make_big_input ();
  g_autoptr(SwValue) big = NULL;
  g_autoptr(SwValue) small = NULL;
  const SwValue *peer_results = NULL;
  long our_base, our_peak = 0;
  double peer_base = 0, peer_peak = 0;
  guint n_failed = 0, n_differ = 0, n_suite = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (warm_ms < 0)
    warm_ms = budget_ms / 2;
  passes = MAX (passes, 1);
  if (peer == NULL && g_getenv ("SW_BENCH_JSONATA") != NULL)
    peer = g_strdup (g_getenv ("SW_BENCH_JSONATA"));
  if (peer != NULL && !g_file_test (peer, G_FILE_TEST_IS_DIR))
    g_clear_pointer (&peer, g_free);
  if (peer != NULL)
    {
      char *absolute = g_canonicalize_filename (peer, NULL);  /* node's require wants it */

      g_free (peer);
      peer = absolute;
    }
  if (node == NULL)
    node = g_find_program_in_path ("node");
  if (suite_dir == NULL && g_getenv ("SW_SHARED_DATA") != NULL)
    suite_dir = g_build_filename (g_getenv ("SW_SHARED_DATA"), "jsonata-suite", NULL);

  tmpdir = g_dir_make_tmp ("bench-jsonata-XXXXXX", NULL);
  big_path = g_build_filename (tmpdir, "big.json", NULL);
  small_path = g_build_filename (tmpdir, "small.json", NULL);
  cases_path = g_build_filename (tmpdir, "cases.json", NULL);
  g_file_set_contents (big_path, big_text, -1, NULL);
  g_file_set_contents (small_path, small_input, -1, NULL);
  big = sw_json_parse (big_text, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  small = sw_json_parse (small_input, -1, NULL, NULL, &error);
  g_assert_no_error (error);

  if (suite_dir != NULL)
    load_suite (cases, suite_dir);
  else
    g_printerr ("No suite: set SW_SHARED_DATA or --suite; payload cases only\n");
  for (guint i = 0; i < G_N_ELEMENTS (payload_cases); i++)
    {
      BenchCase *bc = g_new0 (BenchCase, 1);
      gboolean is_big = strcmp (payload_cases[i].input, "big") == 0;

      bc->name = g_strdup_printf ("payload/%s", payload_cases[i].name);
      bc->expr = g_strdup (payload_cases[i].expression);
      bc->input = sw_value_ref (is_big ? big : small);
      bc->input_path = g_strdup (is_big ? big_path : small_path);
      bc->payload = TRUE;
      g_ptr_array_add (cases, bc);
    }
  if (filter != NULL)
    for (guint i = cases->len; i-- > 0;)
      if (strstr (((BenchCase *) g_ptr_array_index (cases, i))->name, filter) == NULL)
        g_ptr_array_remove_index (cases, i);
  n_suite = 0;
  for (guint i = 0; i < cases->len; i++)
    n_suite += !((BenchCase *) g_ptr_array_index (cases, i))->payload;

  /* passes of ours then theirs, each case's fastest counting: a burst of other work on the
   * machine seldom falls on the same case in both */
  our_base = hwm_kb ();
  for (int pass = 0; pass < passes; pass++)
    {
      for (guint i = 0; i < cases->len; i++)
        {
          BenchCase *bc = g_ptr_array_index (cases, i);
          BenchCase before = *bc;

          measure_ours (bc, budget_ms, warm_ms);
          if (pass == 0)
            {
              n_failed += !bc->ok;
              n_differ += bc->ok && !bc->same;
              continue;
            }
          bc->same = bc->same && before.same;
          bc->ours_ns = MIN (bc->ours_ns, before.ours_ns);
          bc->convert_ns = MIN (bc->convert_ns, before.convert_ns);
        }
      our_peak = hwm_kb ();

      if (peer != NULL && node != NULL && script != NULL &&
          g_file_test (script, G_FILE_TEST_EXISTS))
        {
          g_autofree char *text = pass == 0 ? write_case_list (cases, cases_path) : NULL;
          SwValue *pass_report = NULL;

          if (pass == 0 && text == NULL)
            continue;
          pass_report = run_peer (node, script, peer, cases_path, budget_ms, warm_ms);
          if (pass_report == NULL)
            continue;
          peer_results = sw_value_object_get (pass_report, "results");
          for (guint i = 0; i < cases->len && i < sw_value_array_get_length (peer_results); i++)
            {
              BenchCase *bc = g_ptr_array_index (cases, i);
              const SwValue *ns = sw_value_object_get (sw_value_array_get (peer_results, i),
                                                       "ns");

              if (ns != NULL && sw_value_is_number (ns) &&
                  (bc->theirs_ns <= 0 || sw_value_get_double (ns) < bc->theirs_ns))
                bc->theirs_ns = sw_value_get_double (ns);
            }
          peer_peak = MAX (peer_peak, sw_value_get_double (sw_value_object_get (pass_report,
                                                                                "peakKB")));
          if (report == NULL)
            {
              peer_base = sw_value_get_double (sw_value_object_get (pass_report, "baseKB"));
              report = pass_report;
            }
          else
            sw_value_unref (pass_report);
        }
    }

  for (guint i = 0; i < cases->len; i++)
    {
      BenchCase *bc = g_ptr_array_index (cases, i);

      if (bc->ok)
        g_ptr_array_add (measured, bc);
    }

  printf ("JSONata, time per evaluation (ns), each expression compiled once, %.0f ms timed "
          "(fastest of %d rounds) after %.0f ms of warm-up, fastest of %d passes\n", budget_ms,
          ROUNDS, warm_ms, passes);
  if (report != NULL)
    printf ("Peer: jsonata %s (npm) on node %s, in the same run\n",
            sw_value_get_string (sw_value_object_get (report, "version")),
            sw_value_get_string (sw_value_object_get (report, "node")));
  else
    printf ("Peer missing: set SW_BENCH_JSONATA (or --peer) to the jsonata package "
            "(npm install --prefix BUILD/npm jsonata) and have node in PATH; ours alone\n");
  printf ("Cases: %u suite cases with a result (%u failed in ours, %u gave another result "
          "than expected, marked *), %u payload cases\n", n_suite, n_failed, n_differ,
          (guint) (cases->len - n_suite));

  if (report != NULL)
    {
      printf ("\n%-28s %6s %10s %10s %10s %9s\n", "speedup (their time / ours)", "cases",
              "geo-mean", "median", "worst", "below 5x");
      print_summary (cases, -1, "all");
      print_summary (cases, FALSE, "suite");
      print_summary (cases, TRUE, "payloads");

      g_ptr_array_sort (measured, compare_ratio);
      printf ("\n%s\n  %-34s %10s %10s %9s  %s\n", verbose ? "Every case" : "Worst 10",
              "case", "Stepwise", "jsonata", "speedup", "expression");
      for (guint i = 0, shown = 0; i < measured->len && (verbose || shown < 10); i++)
        {
          BenchCase *bc = g_ptr_array_index (measured, i);

          if (bc->theirs_ns > 0)
            {
              print_case (bc);
              shown++;
            }
        }
    }
  else if (verbose)
    for (guint i = 0; i < measured->len; i++)
      print_case (g_ptr_array_index (measured, i));

  printf ("\nPayloads (and ours converting the SwValue input at every evaluation)\n"
          "  %-34s %10s %10s %9s  %s\n", "case", "Stepwise", "jsonata", "speedup",
          "converting, speedup");
  for (guint i = 0; i < cases->len; i++)
    {
      BenchCase *bc = g_ptr_array_index (cases, i);

      if (!bc->payload || !bc->ok)
        continue;
      if (bc->theirs_ns > 0)
        printf ("  %-34s %10.0f %10.0f %8.1fx  %10.0f %8.1fx\n", bc->name + strlen ("payload/"),
                bc->ours_ns, bc->theirs_ns, bc->theirs_ns / bc->ours_ns, bc->convert_ns,
                bc->theirs_ns / bc->convert_ns);
      else
        printf ("  %-34s %10.0f %10s %9s  %10.0f\n", bc->name + strlen ("payload/"),
                bc->ours_ns, "-", "-", bc->convert_ns);
    }

  printf ("\nPeak memory (VmHWM), whole process and above what it held before evaluating:\n"
          "  Stepwise          %7.1f MiB  (+%.1f MiB)\n", our_peak / 1024.0,
          (our_peak - our_base) / 1024.0);
  if (report != NULL)
    {
      printf ("  node + jsonata    %7.1f MiB  (+%.1f MiB)\n", peer_peak / 1024.0,
              (peer_peak - peer_base) / 1024.0);
    }

  if (n_states > 0)
    bench_validation (MAX (n_states, 10));

  g_unlink (big_path);
  g_unlink (small_path);
  g_unlink (cases_path);
  g_rmdir (tmpdir);
  return 0;
}
