/* sw-test-cli.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "sw-test-cli.h"

static char *cli_path;
static char *workdir;

void
sw_test_run_clear (SwTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
sw_test_cli_init (int          *argc,
                  char       ***argv,
                  const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", name);

  for (int i = 1; i < *argc; i++)
    if (g_str_has_prefix ((*argv)[i], "--cli="))
      cli_path = g_canonicalize_filename ((*argv)[i] + strlen ("--cli="), NULL);
  if (cli_path == NULL && g_getenv ("SW_CLI") != NULL)
    cli_path = g_canonicalize_filename (g_getenv ("SW_CLI"), NULL);

  g_test_init (argc, argv, NULL);
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("%s: stepwise-cli not found: pass --cli=PATH or set SW_CLI\n", name);
      exit (1);
    }
  workdir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

int
sw_test_cli_run_tests (void)
{
  int status = g_test_run ();

  remove_tree (workdir);
  g_clear_pointer (&workdir, g_free);
  g_clear_pointer (&cli_path, g_free);
  return status;
}

const char *
sw_test_cli_get_path (void)
{
  return cli_path;
}

const char *
sw_test_cli_get_workdir (void)
{
  return workdir;
}

char *
sw_test_cli_scratch_path (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

void
sw_test_cli_write (const char *name,
                   const char *contents,
                   gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sw_test_cli_scratch_path (name);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

char *
sw_test_cli_read (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sw_test_cli_scratch_path (name);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

char **
sw_test_cli_environ (void)
{
  char **envp = g_get_environ ();

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  return g_environ_unsetenv (envp, "LANGUAGE");
}

void
sw_test_cli_runv (SwTestRun          *run,
                  const char * const *envp,
                  const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) default_envp = NULL;
  int wait_status = 0;

  if (envp == NULL)
    envp = (const char * const *) (default_envp = sw_test_cli_environ ());
  g_ptr_array_add (argv, cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  sw_test_run_clear (run);
  g_spawn_sync (workdir, (char **) argv->pdata, (char **) envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

void
sw_test_cli_run (SwTestRun  *run,
                 const char *first,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  sw_test_cli_runv (run, NULL, (const char * const *) args->pdata);
}
