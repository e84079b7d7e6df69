/* sw-cli.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

#include "sw-diagnostic.h"
#include "sw-value.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command (DESIGN.md, "Command-line contract"). */
typedef enum
{
  SW_CLI_EXIT_OK = 0,
  SW_CLI_EXIT_FAILED = 1,
  SW_CLI_EXIT_USAGE = 2,
  SW_CLI_EXIT_TIMED_OUT = 3,
  SW_CLI_EXIT_ABORTED = 4,
} SwCliExit;

/* A command gets its own name and the arguments after it (argv[0] is the command name). */
typedef int (*SwCliCommandFunc) (int    argc,
                                 char **argv);

typedef struct
{
  const char *name;
  const char *summary;   /* untranslated; pass through _() when printing */
  SwCliCommandFunc run;
} SwCliCommand;

const SwCliCommand *sw_cli_get_commands       (guint               *n_commands);
const SwCliCommand *sw_cli_find_command       (const char          *name);
int                 sw_cli_main               (int                  argc,
                                               char               **argv);

int                 sw_cli_validate           (int                  argc,
                                               char               **argv);
int                 sw_cli_fmt                (int                  argc,
                                               char               **argv);
int                 sw_cli_export             (int                  argc,
                                               char               **argv);
int                 sw_cli_rules              (int                  argc,
                                               char               **argv);
int                 sw_cli_layout             (int                  argc,
                                               char               **argv);
int                 sw_cli_run                (int                  argc,
                                               char               **argv);
int                 sw_cli_train              (int                  argc,
                                               char               **argv);
int                 sw_cli_invoke_endpoint    (int                  argc,
                                               char               **argv);
int                 sw_cli_deploy             (int                  argc,
                                               char               **argv);
int                 sw_cli_start              (int                  argc,
                                               char               **argv);
int                 sw_cli_watch              (int                  argc,
                                               char               **argv);
int                 sw_cli_describe           (int                  argc,
                                               char               **argv);
int                 sw_cli_history            (int                  argc,
                                               char               **argv);
int                 sw_cli_list               (int                  argc,
                                               char               **argv);
int                 sw_cli_stop               (int                  argc,
                                               char               **argv);
int                 sw_cli_serve              (int                  argc,
                                               char               **argv);
int                 sw_cli_query              (int                  argc,
                                               char               **argv);

/* Helpers for the commands */
typedef struct _SwLayout SwLayout;
SwLayout           *sw_cli_load_layout        (const char          *path,
                                               gboolean             use_positions,
                                               GPtrArray          **diagnostics,
                                               double              *milliseconds,
                                               int                 *status);
GOptionContext     *sw_cli_option_context_new (const char          *command,
                                               const char          *parameter_string,
                                               const char          *summary,
                                               const GOptionEntry  *entries);
gboolean            sw_cli_parse_options      (GOptionContext      *context,
                                               const char          *command,
                                               int                 *argc,
                                               char              ***argv);
int                 sw_cli_usage_error        (const char          *command,
                                               const char          *format,
                                               ...) G_GNUC_PRINTF (2, 3);
void                sw_cli_print_error        (const char          *format,
                                               ...) G_GNUC_PRINTF (1, 2);
void                sw_cli_print_diagnostic   (FILE                *stream,
                                               const SwDiagnostic  *diagnostic,
                                               const char          *path);
gboolean            sw_cli_write_stdout       (const char          *data,
                                               gsize                length);
const char         *sw_cli_display_path       (const char          *path);
SwValue            *sw_cli_read_json_input    (const char          *text,
                                               const char          *file,
                                               char               **out_text,
                                               GError             **error);

G_END_DECLS
