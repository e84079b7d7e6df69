/* bench-open.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Opening a large workflow in the designer window, to its first frame:
 *
 *     bench-open --gen PATH/gen-machine [--states 2000] [--runs 5]
 *
 * Each run makes a fresh window (shown and idle first), then times sw_window_open() of a
 * generated N-state file until the window's frame clock emits "after-paint" for a frame
 * that drew the canvas with the new machine. Reports every run (with the main thread's CPU
 * time, which a machine loaded by other work changes less than the wall time), the median
 * and the worst. */

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "sw-window.h"

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("The first frame did not come within 60 seconds");
  return G_SOURCE_REMOVE;
}

/* CPU time of the calling (main) thread, in ms. */
static double
thread_cpu_ms (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double
open_once (GFile  *file,
           double *cpu_ms)
{
  SwWindow *window = sw_window_new (NULL);
  GtkWidget *canvas;
  GdkFrameClock *clock;
  gint64 start, end;
  gulong id;
  guint timeout;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  /* Let the empty window settle: mapped, laid out and painted once. */
  for (gint64 until = g_get_monotonic_time () + 300000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);

  canvas = sw_window_get_canvas (window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);
  timeout = g_timeout_add_seconds (60, timed_out, NULL);

  start = g_get_monotonic_time ();
  *cpu_ms = thread_cpu_ms ();
  sw_window_open (window, file);
  while (sw_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);

  /* The load replaced the machine; the next painted frame shows it. */
  painted = FALSE;
  gtk_widget_queue_draw (canvas);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  *cpu_ms = thread_cpu_ms () - *cpu_ms;

  g_signal_handler_disconnect (clock, id);
  g_source_remove (timeout);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);

  return (end - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *gen = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *count = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  int n_states = 2000;
  int runs = 5;
  int status = 0;
  GOptionEntry entries[] = {
    { "gen", 0, 0, G_OPTION_ARG_FILENAME, &gen, "The gen-machine program", "PATH" },
    { "states", 0, 0, G_OPTION_ARG_INT, &n_states, "States in the machine", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "How many times to open it", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || gen == NULL || runs < 1)
    {
      g_printerr ("bench-open: %s\n", error != NULL ? error->message : "--gen is required");
      return 2;
    }

  /* The window keeps its size and drafts in GSettings; a benchmark touches no real ones. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  count = g_strdup_printf ("%d", n_states);
  {
    const char *gen_argv[] = { gen, count, NULL };

    if (!g_spawn_sync (NULL, (char **) gen_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                       &status, &error) || !g_spawn_check_wait_status (status, &error))
      {
        g_printerr ("bench-open: %s\n", error->message);
        return 1;
      }
  }
  dir = g_dir_make_tmp ("bench-open-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "machine.asl.json", NULL);
  if (!g_file_set_contents (path, out, -1, &error))
    {
      g_printerr ("bench-open: %s\n", error->message);
      return 1;
    }
  file = g_file_new_for_path (path);

  g_print ("Opening a %d-state machine (%zu bytes) to the first frame, %d runs\n",
           n_states, strlen (out), runs);
  for (int i = 0; i < runs; i++)
    {
      double cpu_ms = 0;
      double ms = open_once (file, &cpu_ms);

      g_array_append_val (times, ms);
      g_print ("  run %d: %.1f ms (main thread CPU %.1f ms)\n", i + 1, ms, cpu_ms);
    }
  g_array_sort (times, compare_doubles);
  g_print ("open to first frame: median %.1f ms, worst %.1f ms (target < 1000 ms)\n",
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, times->len - 1));

  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
