/* bench-engine.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Times the local executor on three machines and, when the peer is installed, runs
 * aws-local-stepfunctions (npm) on the same definitions and inputs, side by side:
 *
 *   counter   a loop of 100,000 transitions: Pass + Choice + States.MathAdd
 *   map       a Map over 10,000 items
 *   parallel  a Parallel of 10 branches of 100 Pass states each
 *
 *     bench-engine [--runs N] [--peer DIR] [--node PATH] [--events]
 *
 * DIR is the aws-local-stepfunctions package (or SW_BENCH_PEER). Each scenario runs in a
 * fresh process (this program with --measure), so the peak resident set size getrusage()
 * reports belongs to it alone; both sides run one warm-up execution first. Events are
 * counted but not built unless --events asks for them (the peer keeps no history either). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-execution.h"
#include "sw-json.h"
#include "sw-bench-peer.h"

/* Targets of issue 3: 50 times the peer's transitions per second, a fifth of its memory. */
#define TARGET_SPEEDUP 50.0
#define TARGET_MEMORY  5.0

#define COUNTER_LIMIT 50000
#define MAP_ITEMS 10000
#define BRANCHES 10
#define BRANCH_STATES 100

typedef struct
{
  const char *name;
  char *definition;
  char *input;
  guint64 transitions;
} Scenario;

static void
make_scenarios (Scenario *scenarios)
{
  GString *text;

  scenarios[0].name = "counter";
  scenarios[0].definition = g_strdup_printf (
    "{\"StartAt\":\"Init\",\"States\":{"
    "\"Init\":{\"Type\":\"Pass\",\"Result\":{\"count\":0},\"Next\":\"Check\"},"
    "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.count\","
    "\"NumericLessThan\":%d,\"Next\":\"Increment\"}],\"Default\":\"Done\"},"
    "\"Increment\":{\"Type\":\"Pass\",\"Parameters\":{\"count.$\":"
    "\"States.MathAdd($.count, 1)\"},\"Next\":\"Check\"},"
    "\"Done\":{\"Type\":\"Succeed\"}}}", COUNTER_LIMIT);
  scenarios[0].input = g_strdup ("{}");
  /* Init, then Check and Increment per step, then the last Check and Done. */
  scenarios[0].transitions = 1 + 2 * COUNTER_LIMIT + 2;

  scenarios[1].name = "map";
  scenarios[1].definition = g_strdup (
    "{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
    "\"ItemProcessor\":{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Pass\","
    "\"Parameters\":{\"id.$\":\"$.id\",\"done\":true},\"End\":true}}},\"End\":true}}}");
  text = g_string_new ("{\"items\":[");
  for (guint i = 0; i < MAP_ITEMS; i++)
    g_string_append_printf (text, "%s{\"id\":%u}", i ? "," : "", i);
  g_string_append (text, "]}");
  scenarios[1].input = g_string_free (text, FALSE);
  scenarios[1].transitions = 1 + MAP_ITEMS;

  scenarios[2].name = "parallel";
  text = g_string_new ("{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Parallel\","
                       "\"Branches\":[");
  for (guint b = 0; b < BRANCHES; b++)
    {
      g_string_append_printf (text, "%s{\"StartAt\":\"B%u-0\",\"States\":{", b ? "," : "", b);
      for (guint s = 0; s < BRANCH_STATES; s++)
        {
          if (s + 1 < BRANCH_STATES)
            g_string_append_printf (text, "%s\"B%u-%u\":{\"Type\":\"Pass\",\"Next\":\"B%u-%u\"}",
                                    s ? "," : "", b, s, b, s + 1);
          else
            g_string_append_printf (text, ",\"B%u-%u\":{\"Type\":\"Pass\",\"End\":true}", b, s);
        }
      g_string_append (text, "}}");
    }
  g_string_append (text, "],\"End\":true}}}");
  scenarios[2].definition = g_string_free (text, FALSE);
  scenarios[2].input = g_strdup ("{\"seed\":1}");
  scenarios[2].transitions = 1 + BRANCHES * BRANCH_STATES;
}

/* Runs one scenario in this process and prints "ms-median transitions peak-kB". */
static int
measure (Scenario *scenario,
         guint     runs,
         gboolean  events)
{
  g_autoptr(SwValue) definition = sw_json_parse (scenario->definition, -1, NULL, NULL, NULL);
  g_autoptr(SwValue) input = sw_json_parse (scenario->input, -1, NULL, NULL, NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 transitions = 0;

  for (guint i = 0; i <= runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwExecution) execution = sw_execution_new (definition, input, &error);
      double start;

      if (execution == NULL)
        {
          g_printerr ("%s: %s\n", scenario->name, error->message);
          return 1;
        }
      sw_execution_set_history_limit (execution, 0);
      sw_execution_set_record_history (execution, events);
      start = sw_bench_now_ms ();
      if (sw_execution_run (execution, NULL, &error) != SW_EXECUTION_STATUS_SUCCEEDED)
        {
          g_printerr ("%s: %s %s\n", scenario->name, sw_execution_get_error (execution),
                      sw_execution_get_cause (execution));
          return 1;
        }
      if (i > 0)
        {
          double ms = sw_bench_now_ms () - start;

          g_array_append_val (times, ms);
        }
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
      g_printerr ("%s: %s\n", argv[0], error->message);
      return result;
    }
  if (!g_spawn_check_wait_status (status, NULL) ||
      sscanf (out, "%lf %" G_GUINT64_FORMAT " %ld", &result.ms, &result.transitions,
              &result.rss_kb) != 3)
    {
      g_printerr ("%s failed: %s%s\n", argv[0], out ? out : "", err ? err : "");
      return result;
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
  g_autofree char *self = NULL;
  g_autofree char *script = NULL;
  g_autofree char *tmpdir = NULL;
  int runs = 5;
  gboolean events = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    SW_BENCH_PEER_ENTRIES (measure_name, runs, peer, node, script),
    { "events", 0, 0, G_OPTION_ARG_NONE, &events, "Build and keep every history event", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  Scenario scenarios[3] = { { 0, } };
  gboolean all_met = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);
  make_scenarios (scenarios);

  if (measure_name != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
        if (strcmp (scenarios[i].name, measure_name) == 0)
          return measure (&scenarios[i], runs, events);
      g_printerr ("No scenario %s\n", measure_name);
      return 2;
    }

  sw_bench_find_peer (&peer, &node);
  if (script == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);

      script = g_build_filename (g_getenv ("SW_BENCH_SCRIPT_DIR") ? g_getenv ("SW_BENCH_SCRIPT_DIR")
                                                                 : dir,
                                 "peer-aws-local-stepfunctions.mjs", NULL);
    }
  self = g_canonicalize_filename (argv[0], NULL);
  tmpdir = g_dir_make_tmp ("sw-bench-engine-XXXXXX", &error);
  g_assert_no_error (error);

  {
    g_autofree char *load = NULL;

    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      printf ("Load average: %s", load);
  }
  printf ("%-9s %12s %14s %10s | %12s %14s %10s | %8s %8s\n", "scenario", "ms", "transitions/s",
          "peak MiB", "peer ms", "peer trans/s", "peer MiB", "speedup", "memory");

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      Scenario *scenario = &scenarios[i];
      g_autofree char *runs_text = g_strdup_printf ("%d", runs);
      char *ours_argv[] = { self, (char *) "--measure", (char *) scenario->name,
                            (char *) "--runs", runs_text, events ? (char *) "--events" : NULL,
                            NULL };
      Result ours = spawn_measure (ours_argv);
      Result theirs = { 0, };
      double rate, peer_rate = 0;

      if (!ours.ok)
        return 1;
      if (ours.transitions != scenario->transitions)
        g_printerr ("%s: %" G_GUINT64_FORMAT " transitions, expected %" G_GUINT64_FORMAT "\n",
                    scenario->name, ours.transitions, scenario->transitions);
      rate = ours.transitions / (ours.ms / 1000.0);

      if (peer != NULL && node != NULL && g_file_test (script, G_FILE_TEST_EXISTS))
        {
          g_autofree char *definition = g_build_filename (tmpdir, "definition.json", NULL);
          g_autofree char *input = g_build_filename (tmpdir, "input.json", NULL);
          g_autofree char *transitions = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                          scenario->transitions);
          char *peer_argv[] = { node, script, peer, definition, input, runs_text, transitions,
                                NULL };

          g_file_set_contents (definition, scenario->definition, -1, NULL);
          g_file_set_contents (input, scenario->input, -1, NULL);
          theirs = spawn_measure (peer_argv);
          if (theirs.ok)
            peer_rate = theirs.transitions / (theirs.ms / 1000.0);
        }

      if (theirs.ok)
        {
          double speedup = rate / peer_rate;
          double memory = (double) theirs.rss_kb / ours.rss_kb;

          printf ("%-9s %12.2f %14.0f %10.1f | %12.2f %14.0f %10.1f | %7.1fx %7.1fx\n",
                  scenario->name, ours.ms, rate, ours.rss_kb / 1024.0, theirs.ms, peer_rate,
                  theirs.rss_kb / 1024.0, speedup, memory);
          if (speedup < TARGET_SPEEDUP || memory < TARGET_MEMORY)
            all_met = FALSE;
        }
      else
        printf ("%-9s %12.2f %14.0f %10.1f | %12s %14s %10s |\n", scenario->name, ours.ms, rate,
                ours.rss_kb / 1024.0, "-", "-", "-");
    }

  printf ("Targets: %.0fx the peer's transitions per second, peak memory below 1/%.0f of "
          "its.%s\n", TARGET_SPEEDUP, TARGET_MEMORY,
          peer == NULL ? " (No peer: set SW_BENCH_PEER to the aws-local-stepfunctions "
                         "package.)" : all_met ? " Met." : " NOT met in every scenario.");

  {
    g_autofree char *a = g_build_filename (tmpdir, "definition.json", NULL);
    g_autofree char *b = g_build_filename (tmpdir, "input.json", NULL);

    g_unlink (a);
    g_unlink (b);
    g_rmdir (tmpdir);
  }
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_free (scenarios[i].definition);
      g_free (scenarios[i].input);
    }
  return 0;
}
