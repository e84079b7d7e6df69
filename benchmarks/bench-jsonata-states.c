/* bench-jsonata-states.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Times the local executor on JSONata states: a counter loop of 100,000 transitions kept in
 * a workflow variable (Pass with `Assign: {"count": "{% $count + 1 %}"}`, Choice with
 * `Condition: "{% $count < N %}"`), beside the same loop in JSONPath (Assign with
 * States.MathAdd($count, 1), Choice on `$count`), and a loop over an input of 250 kB (near the
 * service's quota of 256 KiB) whose Pass state assigns six variables, five of them read from
 * `$states.input`. When the peer is installed, it runs aws-local-stepfunctions (npm) on the
 * JSONata loop too, and reports what happens:
 *
 *     bench-jsonata-states [--runs N] [--peer DIR] [--node PATH] [--script PATH]
 *
 * Each measurement runs in a fresh process (this program with --measure) so its peak
 * resident set size is its own; every side runs one warm-up execution first. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-execution.h"
#include "sw-json.h"
#include "sw-bench-peer.h"

/* Init, then Inc and Check per step, then Done: 2 × STEPS + 2 = 100,000 transitions. */
#define STEPS 49999
/* The loop over a large input: Init, then Work and Check per step, then Done. */
#define LARGE_STEPS 100
#define LARGE_ITEMS 2250

typedef struct
{
  const char *name;
  char *definition;
  char *input;
  char *expected;       /* in the output */
  guint64 transitions;
} Scenario;

/* 251,549 bytes of JSON: items with numbers, strings and arrays. */
static char *
large_input (void)
{
  GString *json = g_string_new ("{\"meta\":{\"source\":\"bench\",\"count\":");

  g_string_append_printf (json, "%d},\"items\":[", LARGE_ITEMS);
  for (int i = 0; i < LARGE_ITEMS; i++)
    g_string_append_printf (json, "%s{\"id\":%d,\"name\":\"item-%d\",\"price\":%d.25,"
                            "\"tags\":[\"red\",\"green\",\"blue\"],\"owner\":{\"team\":"
                            "\"t%d\",\"active\":%s}}", i > 0 ? "," : "", i, i, i % 1000, i % 17,
                            i % 2 ? "true" : "false");
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static void
make_scenarios (Scenario *scenarios)
{
  scenarios[0].name = "jsonata";
  scenarios[0].definition = g_strdup_printf (
    "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Init\",\"States\":{"
    "\"Init\":{\"Type\":\"Pass\",\"Assign\":{\"count\":0},\"Next\":\"Inc\"},"
    "\"Inc\":{\"Type\":\"Pass\",\"Assign\":{\"count\":\"{%% $count + 1 %%}\"},"
    "\"Next\":\"Check\"},"
    "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{%% $count < %d %%}\","
    "\"Next\":\"Inc\"}],\"Default\":\"Done\"},"
    "\"Done\":{\"Type\":\"Succeed\",\"Output\":{\"count\":\"{%% $count %%}\"}}}}", STEPS);
  scenarios[0].transitions = 2 * STEPS + 2;
  scenarios[0].expected = g_strdup_printf ("{\"count\":%d}", STEPS);

  scenarios[1].name = "jsonpath";
  scenarios[1].definition = g_strdup_printf (
    "{\"StartAt\":\"Init\",\"States\":{"
    "\"Init\":{\"Type\":\"Pass\",\"Assign\":{\"count\":0},\"Next\":\"Inc\"},"
    "\"Inc\":{\"Type\":\"Pass\",\"Assign\":{\"count.$\":\"States.MathAdd($count, 1)\"},"
    "\"Next\":\"Check\"},"
    "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$count\","
    "\"NumericLessThan\":%d,\"Next\":\"Inc\"}],\"Default\":\"Done\"},"
    "\"Done\":{\"Type\":\"Pass\",\"Parameters\":{\"count.$\":\"$count\"},\"End\":true}}}",
    STEPS);
  scenarios[1].transitions = 2 * STEPS + 2;
  scenarios[1].expected = g_strdup_printf ("{\"count\":%d}", STEPS);

  scenarios[2].name = "jsonata-250kb";
  scenarios[2].definition = g_strdup_printf (
    "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Init\",\"States\":{"
    "\"Init\":{\"Type\":\"Pass\",\"Assign\":{\"i\":0},\"Next\":\"Work\"},"
    "\"Work\":{\"Type\":\"Pass\",\"Assign\":{\"i\":\"{%% $i + 1 %%}\","
    "\"first\":\"{%% $states.input.items[0].name %%}\","
    "\"last\":\"{%% $states.input.items[-1].owner %%}\","
    "\"total\":\"{%% $states.input.meta.count %%}\","
    "\"source\":\"{%% $states.input.meta.source %%}\","
    "\"tags\":\"{%% $states.input.items[$i].tags %%}\"},\"Next\":\"Check\"},"
    "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{%% $i < %d %%}\","
    "\"Next\":\"Work\"}],\"Default\":\"Done\"},"
    "\"Done\":{\"Type\":\"Succeed\",\"Output\":{\"i\":\"{%% $i %%}\","
    "\"first\":\"{%% $first %%}\",\"total\":\"{%% $total %%}\"}}}}", LARGE_STEPS);
  scenarios[2].input = large_input ();
  scenarios[2].transitions = 2 * LARGE_STEPS + 2;
  scenarios[2].expected = g_strdup_printf ("{\"i\":%d,\"first\":\"item-0\",\"total\":%d}",
                                           LARGE_STEPS, LARGE_ITEMS);
}

/* Runs one scenario here; prints "median-ms transitions peak-kB". */
static int
measure (Scenario *scenario,
         guint     runs)
{
  g_autoptr(SwValue) definition = sw_json_parse (scenario->definition, -1, NULL, NULL, NULL);
  g_autoptr(SwValue) input = sw_json_parse (scenario->input ? scenario->input : "{}", -1, NULL,
                                            NULL, NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 transitions = 0;

  for (guint i = 0; i <= runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwExecution) execution = sw_execution_new (definition, input, &error);
      g_autofree char *output = NULL;
      double start, ms;

      if (execution == NULL)
        {
          g_printerr ("%s: %s\n", scenario->name, error->message);
          return 1;
        }
      sw_execution_set_history_limit (execution, 0);
      sw_execution_set_record_history (execution, FALSE);
      start = sw_bench_now_ms ();
      if (sw_execution_run (execution, NULL, &error) != SW_EXECUTION_STATUS_SUCCEEDED)
        {
          g_printerr ("%s: %s %s\n", scenario->name, sw_execution_get_error (execution),
                      sw_execution_get_cause (execution));
          return 1;
        }
      ms = sw_bench_now_ms () - start;
      output = sw_json_write (sw_execution_get_output (execution), SW_JSON_WRITE_COMPACT, NULL);
      if (strstr (output, scenario->expected) == NULL)
        {
          g_printerr ("%s: unexpected output %s\n", scenario->name, output);
          return 1;
        }
      if (i > 0)
        g_array_append_val (times, ms);
      transitions = sw_execution_get_n_transitions (execution);
    }
  sw_bench_print_measurement (times, transitions);
  return 0;
}

typedef struct
{
  double ms;
  guint64 transitions;
  long rss_kb;
  gboolean ok;
  char *failure;
  char *output;       /* the peer's second line: the execution's output */
} Result;

static Result
spawn_measure (char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0, };
  int status = 0;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                     &error))
    {
      result.failure = g_strdup (error->message);
      return result;
    }
  if (!g_spawn_check_wait_status (status, NULL) ||
      sscanf (out, "%lf %" G_GUINT64_FORMAT " %ld", &result.ms, &result.transitions,
              &result.rss_kb) != 3)
    {
      /* The first line of what it said is enough to tell why. */
      g_autofree char *text = g_strconcat (out ? out : "", err ? err : "", NULL);
      char *newline;

      g_strstrip (text);
      for (char *p = text; (newline = strchr (p, '\n')) != NULL; p = newline + 1)
        if (strstr (p, "Error") != NULL || strstr (p, "error") != NULL)
          {
            text = memmove (text, p, strlen (p) + 1);
            break;
          }
      if ((newline = strchr (text, '\n')) != NULL)
        *newline = '\0';
      result.failure = g_strdup (text);
      return result;
    }
  {
    const char *second = strchr (out, '\n');

    if (second != NULL && second[1] != '\0')
      result.output = g_strstrip (g_strdup (second + 1));
  }
  result.ok = TRUE;
  return result;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *measure_name = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *node = NULL;
  g_autofree char *script = NULL;
  g_autofree char *self = NULL;
  g_autofree char *tmpdir = NULL;
  int runs = 5;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    SW_BENCH_PEER_ENTRIES (measure_name, runs, peer, node, script),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  Scenario scenarios[3] = { { 0, } };
  g_autofree char *runs_text = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);
  runs_text = g_strdup_printf ("%d", runs);
  make_scenarios (scenarios);

  if (measure_name != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
        if (strcmp (scenarios[i].name, measure_name) == 0)
          return measure (&scenarios[i], runs);
      g_printerr ("No scenario %s\n", measure_name);
      return 2;
    }

  sw_bench_find_peer (&peer, &node);
  self = g_canonicalize_filename (argv[0], NULL);
  tmpdir = g_dir_make_tmp ("sw-bench-jsonata-states-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("A counter loop of %u transitions (jsonata-250kb: %u on a 250 kB input), "
          "median of %d warm runs, no history kept\n", 2 * STEPS + 2, 2 * LARGE_STEPS + 2, runs);
  printf ("%-22s %12s %14s %10s\n", "", "ms", "transitions/s", "peak MiB");
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      Scenario *scenario = &scenarios[i];
      char *ours_argv[] = { self, (char *) "--measure", (char *) scenario->name,
                            (char *) "--runs", runs_text, NULL };
      Result ours = spawn_measure (ours_argv);
      g_autofree char *label = g_strdup_printf ("stepwise %s", scenario->name);

      if (!ours.ok)
        {
          g_printerr ("%s: %s\n", label, ours.failure);
          return 1;
        }
      printf ("%-22s %12.2f %14.0f %10.1f\n", label, ours.ms,
              ours.transitions / (ours.ms / 1000.0), ours.rss_kb / 1024.0);
    }

  if (peer != NULL && node != NULL && script != NULL && g_file_test (script, G_FILE_TEST_EXISTS))
    {
      g_autofree char *definition = g_build_filename (tmpdir, "definition.json", NULL);
      g_autofree char *input = g_build_filename (tmpdir, "input.json", NULL);
      g_autofree char *transitions = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                      scenarios[0].transitions);
      char *peer_argv[] = { node, script, peer, definition, input, runs_text, transitions,
                            NULL };
      Result theirs;

      g_autofree char *expected = g_strdup_printf ("{\"count\":%d}", STEPS);

      g_file_set_contents (definition, scenarios[0].definition, -1, NULL);
      g_file_set_contents (input, "{}", -1, NULL);
      g_setenv ("SW_BENCH_PRINT_OUTPUT", "1", TRUE);
      theirs = spawn_measure (peer_argv);
      /* A run that ends at once with the wrong output did not run the loop. */
      if (theirs.ok && g_strcmp0 (theirs.output, expected) != 0)
        printf ("peer jsonata: aws-local-stepfunctions does not run JSONata: it ended after "
                "%.3f ms with the output %s instead of %s (it ignores QueryLanguage, "
                "Condition, Assign and Output)\n", theirs.ms,
                theirs.output ? theirs.output : "(none)", expected);
      else if (theirs.ok)
        printf ("%-22s %12.2f %14.0f %10.1f\n", "peer jsonata", theirs.ms,
                theirs.transitions / (theirs.ms / 1000.0), theirs.rss_kb / 1024.0);
      else
        printf ("peer jsonata: aws-local-stepfunctions cannot run the JSONata loop: %s\n",
                theirs.failure);
      g_free (theirs.failure);
      g_free (theirs.output);

      /* For scale: the peer on the classic counter, which keeps the count in the state's
       * input (it has no workflow variables either), 100,001 transitions. */
      {
        g_autofree char *classic = g_strdup_printf (
          "{\"StartAt\":\"Init\",\"States\":{"
          "\"Init\":{\"Type\":\"Pass\",\"Result\":{\"count\":0},\"Next\":\"Check\"},"
          "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.count\","
          "\"NumericLessThan\":%d,\"Next\":\"Increment\"}],\"Default\":\"Done\"},"
          "\"Increment\":{\"Type\":\"Pass\",\"Parameters\":{\"count.$\":"
          "\"States.MathAdd($.count, 1)\"},\"Next\":\"Check\"},"
          "\"Done\":{\"Type\":\"Succeed\"}}}", STEPS);
        g_autofree char *classic_transitions = g_strdup_printf ("%d", 2 * STEPS + 3);
        char *classic_argv[] = { node, script, peer, definition, input, runs_text,
                                 classic_transitions, NULL };
        Result classic_result;

        g_file_set_contents (definition, classic, -1, NULL);
        classic_result = spawn_measure (classic_argv);
        if (classic_result.ok)
          printf ("%-22s %12.2f %14.0f %10.1f\n", "peer classic jsonpath", classic_result.ms,
                  classic_result.transitions / (classic_result.ms / 1000.0),
                  classic_result.rss_kb / 1024.0);
        g_free (classic_result.failure);
        g_free (classic_result.output);
      }
      g_unlink (definition);
      g_unlink (input);
    }
  else
    printf ("peer: not run (set SW_BENCH_PEER to the aws-local-stepfunctions package and "
            "--script to peer-aws-local-stepfunctions.mjs)\n");

  g_rmdir (tmpdir);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_free (scenarios[i].definition);
      g_free (scenarios[i].input);
      g_free (scenarios[i].expected);
    }
  return 0;
}
