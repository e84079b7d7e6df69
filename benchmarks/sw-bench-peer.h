/* sw-bench-peer.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the executor benchmarks that run beside aws-local-stepfunctions share: their options,
 * finding the peer, and the line a --measure child prints. Header only. */

#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib.h>

/* --measure (hidden), --runs, --peer, --node and --script, into the variables named. */
#define SW_BENCH_PEER_ENTRIES(measure_name, runs, peer, node, script) \
  { "measure", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &(measure_name), NULL, NULL }, \
  { "runs", 0, 0, G_OPTION_ARG_INT, &(runs), "Timed runs per scenario (5)", "N" }, \
  { "peer", 0, 0, G_OPTION_ARG_FILENAME, &(peer), "The aws-local-stepfunctions package", \
    "DIR" }, \
  { "node", 0, 0, G_OPTION_ARG_FILENAME, &(node), "The node executable", "PATH" }, \
  { "script", 0, 0, G_OPTION_ARG_FILENAME, &(script), "peer-aws-local-stepfunctions.mjs", \
    "PATH" }

static inline double
sw_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The peer's package from --peer or SW_BENCH_PEER (NULL when not a directory), and node
 * from PATH unless --node named it. */
static inline void
sw_bench_find_peer (char **peer,
                    char **node)
{
  if (*peer == NULL && g_getenv ("SW_BENCH_PEER") != NULL)
    *peer = g_strdup (g_getenv ("SW_BENCH_PEER"));
  if (*peer != NULL && !g_file_test (*peer, G_FILE_TEST_IS_DIR))
    g_clear_pointer (peer, g_free);
  if (*node == NULL)
    *node = g_find_program_in_path ("node");
}

static inline int
sw_bench_compare_doubles (const void *a,
                          const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Prints "median-ms transitions peak-kB", what a --measure child reports; sorts TIMES. */
static inline void
sw_bench_print_measurement (GArray  *times,
                            guint64  transitions)
{
  struct rusage usage;

  qsort (times->data, times->len, sizeof (double), sw_bench_compare_doubles);
  getrusage (RUSAGE_SELF, &usage);
  printf ("%.3f %" G_GUINT64_FORMAT " %ld\n", g_array_index (times, double, times->len / 2),
          transitions, usage.ru_maxrss);
}
