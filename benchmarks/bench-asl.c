/* bench-asl.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Times read + validate + write of generated machines of 100, 1,000 and 10,000 states,
 * reports peak memory against file size, checks that time grows linearly, and compares
 * with asl-validator (npm) when ASL_VALIDATOR names its executable:
 *
 *     bench-asl --gen PATH/gen-machine --cli PATH/stepwise-cli [--runs N] [--sizes A,B,C]
 *
 * Each size is measured in a fresh process (this program run with --measure), so the peak
 * resident set size getrusage() reports belongs to that size alone. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-definition.h"
#include "sw-json.h"
#include "sw-validator.h"

/* Targets from the performance issue */
#define TARGET_SPEEDUP 20.0     /* ours < 1/20 of asl-validator's time at 10,000 states */
#define TARGET_MEMORY  20.0     /* peak RSS < 20 x file size */
#define LINEAR_SLACK   2.5      /* per-state time may grow at most this much from 1k to 10k */

typedef struct
{
  guint states;
  char *path;
  gsize file_size;
  double read_ms, validate_ms, write_ms, total_ms;
  guint n_diagnostics;
  guint n_errors;
  long peak_rss_kb;
  long base_rss_kb;
  double cli_ms;
  int cli_status;
  double asl_ms;
  int asl_status;
} Row;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* The child side: best-of-runs timings of one file, printed as one line of numbers. */
static int
measure (const char *path,
         guint       runs)
{
  double best_read = G_MAXDOUBLE, best_validate = G_MAXDOUBLE, best_write = G_MAXDOUBLE;
  double best_total = G_MAXDOUBLE;
  long base = peak_rss_kb ();
  guint n_diagnostics = 0, n_errors = 0;

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(SwDiagnostic) parse_error = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) root = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autofree char *text = NULL;
      double t0, t1, t2, t3;
      gsize length;

      t0 = now_ms ();
      root = sw_definition_load_file (path, &parse_error, &error);
      t1 = now_ms ();
      if (root == NULL)
        {
          g_printerr ("bench-asl: cannot read %s: %s\n", path,
                      error ? error->message : parse_error->message);
          return 2;
        }
      diagnostics = sw_validate (root);
      t2 = now_ms ();
      text = sw_json_write (root, SW_JSON_WRITE_DEFAULT, &length);
      t3 = now_ms ();

      best_read = MIN (best_read, t1 - t0);
      best_validate = MIN (best_validate, t2 - t1);
      best_write = MIN (best_write, t3 - t2);
      best_total = MIN (best_total, t3 - t0);
      n_diagnostics = diagnostics->len;
      n_errors = 0;
      for (guint i = 0; i < diagnostics->len; i++)
        if (((SwDiagnostic *) g_ptr_array_index (diagnostics, i))->severity ==
            SW_SEVERITY_ERROR)
          n_errors++;
      if (n_errors > 0 && run == 0)
        {
          for (guint i = 0; i < MIN (diagnostics->len, 5); i++)
            {
              g_autofree char *line = sw_diagnostic_format (g_ptr_array_index (diagnostics, i),
                                                            path);

              g_printerr ("%s\n", line);
            }
        }
    }

  g_print ("%.3f %.3f %.3f %.3f %u %u %ld %ld\n", best_read, best_validate, best_write,
          best_total, n_diagnostics, n_errors, peak_rss_kb (), base);
  return 0;
}

/* Runs argv best-of-runs times, discarding its output; returns the best wall time. */
static double
time_process (const char * const *argv,
              guint               runs,
              int                *status)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int wait_status = 0;
      double t0 = now_ms ();

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, &err, &wait_status, &error))
        {
          g_printerr ("bench-asl: cannot run %s: %s\n", argv[0], error->message);
          *status = -1;
          return -1;
        }
      best = MIN (best, now_ms () - t0);
      *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
    }
  return best;
}

/* 10000 -> "10,000" */
static char *
format_thousands (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* In plain ASCII, unlike g_format_size(), so the table survives any terminal. */
static char *
format_size (guint64 bytes)
{
  if (bytes < 1024 * 1024)
    return g_strdup_printf ("%.0f KiB", bytes / 1024.0);
  return g_strdup_printf ("%.1f MiB", bytes / (1024.0 * 1024.0));
}

static gboolean
generate (const char  *gen,
          guint        states,
          const char  *path,
          gsize       *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", states);
  g_autofree char *out = NULL;
  const char *argv[] = { gen, count, "42", NULL };
  int wait_status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &wait_status, &error) ||
      !g_spawn_check_wait_status (wait_status, &error) ||
      !g_file_set_contents (path, out, -1, &error))
    {
      g_printerr ("bench-asl: cannot generate %u states: %s\n", states, error->message);
      return FALSE;
    }
  *size = strlen (out);
  return TRUE;
}

static gboolean
run_measure_child (Row   *row,
                   guint  runs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *runs_str = g_strdup_printf ("%u", runs);
  g_autofree char *out = NULL;
  const char *argv[] = { self, "--measure", row->path, runs_str, NULL };
  int wait_status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDERR, NULL, NULL,
                     &out, NULL, &wait_status, &error) ||
      !g_spawn_check_wait_status (wait_status, &error))
    {
      g_printerr ("bench-asl: measuring %s failed: %s\n", row->path, error->message);
      return FALSE;
    }
  if (sscanf (out, "%lf %lf %lf %lf %u %u %ld %ld", &row->read_ms, &row->validate_ms,
              &row->write_ms, &row->total_ms, &row->n_diagnostics, &row->n_errors,
              &row->peak_rss_kb, &row->base_rss_kb) != 8)
    {
      g_printerr ("bench-asl: unexpected output from --measure: %s\n", out);
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *gen = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *sizes_arg = NULL;
  g_autofree char *tmpdir = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sizes = NULL;
  const char *asl_validator = g_getenv ("ASL_VALIDATOR");
  int runs = 5;
  guint n_rows;
  Row *rows;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "gen", 0, 0, G_OPTION_ARG_FILENAME, &gen, "The gen-machine program", "PATH" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "The stepwise-cli program", "PATH" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measurement (best is kept)", "N" },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "State counts, comma separated",
      "A,B,C" },
    { NULL }
  };

  if (argc == 4 && strcmp (argv[1], "--measure") == 0)
    return measure (argv[2], (guint) MAX (1, atoi (argv[3])));

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || gen == NULL || runs < 1)
    {
      g_printerr ("bench-asl: %s\n", error ? error->message : "--gen is required");
      return 2;
    }
  sizes = g_strsplit (sizes_arg ? sizes_arg : "100,1000,10000", ",", -1);
  n_rows = g_strv_length (sizes);
  rows = g_new0 (Row, n_rows);

  tmpdir = g_dir_make_tmp ("bench-asl-XXXXXX", &error);
  if (tmpdir == NULL)
    {
      g_printerr ("bench-asl: %s\n", error->message);
      return 2;
    }

  for (guint i = 0; i < n_rows; i++)
    {
      Row *row = &rows[i];

      row->states = (guint) atoi (sizes[i]);
      row->path = g_strdup_printf ("%s/machine-%u.asl.json", tmpdir, row->states);
      if (!generate (gen, row->states, row->path, &row->file_size) ||
          !run_measure_child (row, runs))
        return 2;
      if (cli != NULL)
        {
          const char *cli_argv[] = { cli, "validate", row->path, NULL };

          row->cli_ms = time_process (cli_argv, runs, &row->cli_status);
        }
      if (asl_validator != NULL && asl_validator[0] != '\0')
        {
          const char *asl_argv[] = { asl_validator, "--json-path", row->path, "--silent", NULL };

          /* node is slow enough that three runs settle the best time. */
          row->asl_ms = time_process (asl_argv, MIN (runs, 3), &row->asl_status);
        }
    }

  /* A Markdown table, to paste into a note as it is. */
  g_print ("Stepwise ASL benchmark: best of %d runs; read, validate and write in process, "
           "stepwise-cli and asl-validator as whole processes\n\n", runs);
  g_print ("| states | file | read ms | validate ms | write ms | total ms | peak RSS (x file) "
           "| stepwise-cli ms | asl-validator ms | ratio |\n");
  g_print ("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint i = 0; i < n_rows; i++)
    {
      Row *row = &rows[i];
      double x_file = row->peak_rss_kb * 1024.0 / row->file_size;
      g_autofree char *states = format_thousands (row->states);
      g_autofree char *size = format_size (row->file_size);
      g_autofree char *rss = format_size ((guint64) row->peak_rss_kb * 1024);
      g_autofree char *cli_ms = row->cli_ms > 0 ? g_strdup_printf ("%.1f", row->cli_ms)
                                                 : g_strdup ("-");
      g_autofree char *asl = NULL;
      g_autofree char *ratio = NULL;

      if (row->asl_ms > 0)
        {
          asl = g_strdup_printf ("%.1f", row->asl_ms);
          ratio = row->cli_ms > 0 ? g_strdup_printf ("%.1fx", row->asl_ms / row->cli_ms)
                                  : g_strdup_printf ("%.1fx", row->asl_ms / row->total_ms);
        }
      g_print ("| %s | %s | %.1f | %.1f | %.1f | %.1f | %s (%.1fx) | %s | %s | %s |\n",
               states, size, row->read_ms, row->validate_ms, row->write_ms, row->total_ms,
               rss, x_file, cli_ms, asl ? asl : "-", ratio ? ratio : "-");
    }
  g_print ("\nratio = asl-validator / stepwise-cli validate, both whole processes on the same "
           "file.\n");
  for (guint i = 0; i < n_rows; i++)
    {
      Row *row = &rows[i];

      g_print ("%u states: %.2f us per state in process, %u findings (%u errors), "
               "asl-validator exit status %s\n",
               row->states, row->total_ms * 1000.0 / row->states, row->n_diagnostics,
               row->n_errors, row->asl_ms > 0 ? (row->asl_status == 0 ? "0" : "non-zero") : "-");
    }
  if (asl_validator == NULL || asl_validator[0] == '\0')
    g_print ("asl-validator comparison skipped: set ASL_VALIDATOR to "
            "node_modules/.bin/asl-validator.\n");

  /* Checks, on the largest size */
  {
    Row *last = &rows[n_rows - 1];
    double x_file = last->peak_rss_kb * 1024.0 / last->file_size;

    g_print ("\n");
    if (n_rows >= 2)
      {
        Row *prev = &rows[n_rows - 2];
        double growth = (last->total_ms / last->states) / (prev->total_ms / prev->states);

        g_print ("linear growth: per-state time %u -> %u states changes by x%.2f "
                "(limit x%.1f): %s\n", prev->states, last->states, growth, LINEAR_SLACK,
                growth <= LINEAR_SLACK ? "ok" : "FAILED");
        ok &= growth <= LINEAR_SLACK;
      }
    g_print ("memory: peak RSS %.1f x file size at %u states (target < %.0f): %s\n",
            x_file, last->states, TARGET_MEMORY, x_file < TARGET_MEMORY ? "ok" : "FAILED");
    ok &= x_file < TARGET_MEMORY;
    if (last->asl_ms > 0 && last->cli_ms > 0)
      {
        double speedup = last->asl_ms / last->cli_ms;
        double speedup_inproc = last->asl_ms / (last->read_ms + last->validate_ms);

        g_print ("speed: asl-validator takes %.1f x the time of stepwise-cli validate at %u "
                "states (%.1f x our in-process read+validate) (target > %.0f): %s\n",
                speedup, last->states, speedup_inproc, TARGET_SPEEDUP,
                speedup > TARGET_SPEEDUP ? "ok" : "FAILED");
        ok &= speedup > TARGET_SPEEDUP;
      }
  }

  for (guint i = 0; i < n_rows; i++)
    {
      g_unlink (rows[i].path);
      g_free (rows[i].path);
    }
  g_rmdir (tmpdir);
  g_free (rows);
  return ok ? 0 : 1;
}
