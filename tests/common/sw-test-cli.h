/* sw-test-cli.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Tests of stepwise-cli run the built executable as users do: one process per case, in a
 * scratch directory, with untranslated messages whatever the tester's locale. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;  /* the exit status */
  char *out;
  char *err;
} SwTestRun;

void        sw_test_run_clear        (SwTestRun          *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwTestRun, sw_test_run_clear)

/* g_test_init(), then finds stepwise-cli (--cli=PATH, else $SW_CLI; exits 1 when missing) and
 * makes a scratch directory named after @name. */
void        sw_test_cli_init         (int                *argc,
                                      char             ***argv,
                                      const char         *name);
/* g_test_run(), then removes the scratch directory. */
int         sw_test_cli_run_tests    (void);

const char *sw_test_cli_get_path     (void);
const char *sw_test_cli_get_workdir  (void);
char       *sw_test_cli_scratch_path (const char         *name);
void        sw_test_cli_write        (const char         *name,
                                      const char         *contents,
                                      gssize              length);
char       *sw_test_cli_read         (const char         *name);

/* The environment the CLI runs with: ours, LC_ALL=C.UTF-8, no LANGUAGE. */
char      **sw_test_cli_environ      (void);
/* Runs stepwise-cli with the arguments (NULL-terminated) in the scratch directory. */
void        sw_test_cli_run          (SwTestRun          *run,
                                      const char         *first,
                                      ...) G_GNUC_NULL_TERMINATED;
/* The same with an argument vector (without the program) and an environment (NULL: the
 * default one). */
void        sw_test_cli_runv         (SwTestRun          *run,
                                      const char * const *envp,
                                      const char * const *args);

G_END_DECLS
