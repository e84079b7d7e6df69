/* train-test-util.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Helpers shared by the trainer's test programs (each includes this once). */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

#define PYTHON "/usr/bin/python3"

static inline void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

static inline char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("SW_SOURCE_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static inline char *
mnist_sample_dir (void)
{
  return source_path ("data", "mnist", NULL);
}

/* Whether /usr/bin/python3 imports torch; skips the test with a message when not. */
static inline gboolean
require_torch (void)
{
  static int available = -1;

  if (available < 0)
    {
      const char *argv[] = { PYTHON, "-c", "import torch", NULL };
      int status = 1;

      available = g_spawn_sync (NULL, (char **) argv, NULL,
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, NULL, NULL, &status, NULL)
                  && g_spawn_check_wait_status (status, NULL);
    }
  if (!available)
    g_test_skip ("python3-torch is not installed for " PYTHON " (.ci/run installs it)");
  return available;
}

/* Runs tests/train/SCRIPT with python3-torch, one thread, and returns its standard output. */
static inline char *
run_torch_script (const char  *script,
                  const char **args)
{
  g_autofree char *path = source_path ("tests", "train", script, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  env = g_environ_setenv (env, "OPENBLAS_NUM_THREADS", "1", TRUE);
  env = g_environ_setenv (env, "OMP_NUM_THREADS", "1", TRUE);
  g_ptr_array_add (argv, (gpointer) PYTHON);
  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s", script, err);
  return g_steal_pointer (&out);
}
