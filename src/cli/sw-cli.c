/* sw-cli.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The command table of stepwise-cli and what every command shares: option parsing with one
 * GOptionContext per command, and the shapes of errors, so all commands speak alike. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-json.h"

#ifndef SW_VERSION
# define SW_VERSION "0"
#endif

static const SwCliCommand commands[] = {
  { "validate", N_("Check definitions against the States Language rules"), sw_cli_validate },
  { "fmt", N_("Print or rewrite definitions in canonical form"), sw_cli_fmt },
  { "export", N_("Convert a definition to JSON or YAML, or draw it as SVG, PNG or PDF"),
    sw_cli_export },
  { "layout", N_("Print the geometry of a definition’s diagram as JSON"), sw_cli_layout },
  { "rules", N_("List the validator’s rules and their codes"), sw_cli_rules },
  { "run", N_("Run a state machine offline with the local executor"), sw_cli_run },
  { "train", N_("Train the PyTorch MNIST example network, offline"), sw_cli_train },
  { "invoke-endpoint", N_("Ask a local SageMaker endpoint to classify digits"),
    sw_cli_invoke_endpoint },
  { "deploy", N_("Create or update a state machine on AWS or another endpoint"),
    sw_cli_deploy },
  { "start", N_("Start an execution of a deployed state machine"), sw_cli_start },
  { "watch", N_("Follow an execution event by event; exit with its status"), sw_cli_watch },
  { "describe", N_("Describe a deployed state machine or an execution"), sw_cli_describe },
  { "history", N_("Print an execution’s history events"), sw_cli_history },
  { "list", N_("List deployed state machines, or the executions of one"), sw_cli_list },
  { "stop", N_("Stop a running execution"), sw_cli_stop },
  { "serve", N_("Serve the Step Functions API on this computer (the local endpoint)"),
    sw_cli_serve },
  { "query", N_("Evaluate a JSONata expression or a JSONPath against a JSON document"),
    sw_cli_query },
};

const SwCliCommand *
sw_cli_get_commands (guint *n_commands)
{
  if (n_commands)
    *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

const SwCliCommand *
sw_cli_find_command (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/**
 * sw_cli_display_path:
 * @path: a file argument
 *
 * Returns: the name diagnostics use for @path: `<stdin>` for `-`, else @path
 */
const char *
sw_cli_display_path (const char *path)
{
  return path == NULL || strcmp (path, "-") == 0 ? "<stdin>" : path;
}

/**
 * sw_cli_read_json_input:
 * @text: (nullable): the input given as text (`--input`)
 * @file: (nullable): the file to read it from (`--input-file`; `-` for standard input)
 * @out_text: (out) (optional) (transfer full): the text read, %NULL when neither is given
 * @error: return location for an error
 *
 * Reads an execution input the way every command does: a file with
 * sw_definition_read_file() (no directories, pipes or devices by name, bounded size) and
 * the text with sw_json_parse(), so an error says `FILE:LINE:COLUMN` (or `--input:…`).
 *
 * Returns: (transfer full) (nullable): the input, `{}` when neither @text nor @file is
 *   given, or %NULL with @error set
 */
SwValue *
sw_cli_read_json_input (const char  *text,
                        const char  *file,
                        char       **out_text,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  guint line = 0, column = 0;
  gsize length;
  SwValue *value;

  if (out_text != NULL)
    *out_text = NULL;
  if (text == NULL && file == NULL)
    return sw_value_new_object ();

  if (file != NULL)
    {
      g_autoptr(GBytes) bytes = sw_definition_read_file (file, error);

      if (bytes == NULL)
        return NULL;
      contents = g_strndup (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
      text = contents;
    }
  else
    length = strlen (text);

  value = sw_json_parse (text, length, &line, &column, &local_error);
  if (value == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The input is not JSON (%s:%u:%u): %s"),
                 file != NULL ? sw_cli_display_path (file) : "--input", line, column,
                 local_error->message);
  else if (out_text != NULL)
    *out_text = contents != NULL ? g_steal_pointer (&contents) : g_strdup (text);
  return value;
}

void
sw_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the prefix of an error message that is not about a place in a file */
  g_printerr (_("stepwise-cli: error: %s\n"), message);
}

/**
 * sw_cli_usage_error:
 * @command: (nullable): the command, %NULL for the tool itself
 *
 * Prints the message and where to find the usage.
 *
 * Returns: %SW_CLI_EXIT_USAGE
 */
int
sw_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    {
      g_printerr ("stepwise-cli %s: %s\n", command, message);
      g_printerr (_("Run “stepwise-cli %s --help” for usage.\n"), command);
    }
  else
    {
      g_printerr ("stepwise-cli: %s\n", message);
      g_printerr (_("Run “stepwise-cli --help” for usage.\n"));
    }
  return SW_CLI_EXIT_USAGE;
}

void
sw_cli_print_diagnostic (FILE               *stream,
                         const SwDiagnostic *diagnostic,
                         const char         *path)
{
  g_autofree char *line = sw_diagnostic_format (diagnostic, sw_cli_display_path (path));

  if (stream == stdout)
    g_print ("%s\n", line);
  else
    g_printerr ("%s\n", line);
}

/* Bytes as they are: g_print() would convert to the locale's character set. */
gboolean
sw_cli_write_stdout (const char *data,
                     gsize       length)
{
  if (length > 0 && fwrite (data, 1, length, stdout) != length)
    {
      sw_cli_print_error (_("Cannot write to standard output: %s"), g_strerror (errno));
      return FALSE;
    }
  if (fflush (stdout) != 0)
    {
      sw_cli_print_error (_("Cannot write to standard output: %s"), g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * sw_cli_option_context_new:
 * @command: the command name, used in the usage line
 * @entries: (nullable): the command's options
 *
 * Returns: (transfer full): a context whose `--help` describes the command
 */
GOptionContext *
sw_cli_option_context_new (const char         *command,
                           const char         *parameter_string,
                           const char         *summary,
                           const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter_string);
  g_autofree char *prgname = g_strdup_printf ("stepwise-cli %s", command);

  /* GOptionContext writes the program name in its usage line. */
  g_set_prgname (prgname);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
                                    _("Exit status: 0 success, 1 a definition is invalid, "
                                      "2 usage or I/O error."));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
sw_cli_parse_options (GOptionContext   *context,
                      const char       *command,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sw_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_usage (gboolean to_stderr)
{
  guint n_commands;
  const SwCliCommand *cmds = sw_cli_get_commands (&n_commands);
  g_autoptr(GString) out = g_string_new (NULL);
  int width = 0;

  for (guint i = 0; i < n_commands; i++)
    width = MAX (width, (int) strlen (cmds[i].name));

  g_string_append_printf (out, "%s\n  stepwise-cli %s\n\n", _("Usage:"),
                          _("COMMAND [OPTION…] [ARGUMENT…]"));
  g_string_append_printf (out, "%s\n\n",
                          _("Check, format, draw and run Amazon States Language "
                            "definitions, locally or on AWS."));
  g_string_append_printf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < n_commands; i++)
    g_string_append_printf (out, "  %-*s  %s\n", width, cmds[i].name, _(cmds[i].summary));
  g_string_append_printf (out, "\n%s\n", _("Options:"));
  g_string_append_printf (out, "  %-*s  %s\n", width, "-h, --help", _("Show this help"));
  g_string_append_printf (out, "  %-*s  %s\n\n", width, "--version", _("Show the version"));
  g_string_append_printf (out, "%s\n", _("Exit status: 0 success, 1 failure (an invalid "
                                         "definition, a failed execution),\n2 usage or I/O "
                                         "error, 3 an execution timed out, 4 it was aborted."));
  g_string_append_printf (out, "%s\n",
                          _("Run “stepwise-cli COMMAND --help” for a command’s options."));
  if (to_stderr)
    g_printerr ("%s", out->str);
  else
    g_print ("%s", out->str);
}

/**
 * sw_cli_main:
 *
 * Runs stepwise-cli: finds the command named by the first argument and hands it the rest.
 *
 * Returns: the exit status
 */
int
sw_cli_main (int    argc,
             char **argv)
{
  const SwCliCommand *command;
  const char *name;

  g_set_prgname ("stepwise-cli");

  if (argc < 2)
    {
      print_usage (TRUE);
      return SW_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "-?") == 0)
    {
      print_usage (FALSE);
      return SW_CLI_EXIT_OK;
    }
  if (strcmp (name, "--version") == 0)
    {
      g_print ("stepwise-cli %s\n", SW_VERSION);
      return SW_CLI_EXIT_OK;
    }
  if (strcmp (name, "help") == 0)
    {
      char *help_argv[] = { NULL, (char *) "--help", NULL };

      if (argc < 3)
        {
          print_usage (FALSE);
          return SW_CLI_EXIT_OK;
        }
      command = sw_cli_find_command (argv[2]);
      if (command == NULL)
        return sw_cli_usage_error (NULL, _("Unknown command “%s”"), argv[2]);
      help_argv[0] = argv[2];
      return command->run (2, help_argv);
    }
  if (name[0] == '-')
    return sw_cli_usage_error (NULL, _("Unknown option %s"), name);

  command = sw_cli_find_command (name);
  if (command == NULL)
    return sw_cli_usage_error (NULL, _("Unknown command “%s”"), name);

  return command->run (argc - 1, argv + 1);
}
