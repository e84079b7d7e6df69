/* sw-cli-layout.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli layout FILE [--stats]`: the diagram's geometry as JSON, or numbers about it;
 * and the loading both it and `export` to a diagram share. */

#include <glib/gi18n-lib.h>

#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-layout.h"
#include "sw-validator.h"

/**
 * sw_cli_load_layout:
 * @path: the definition
 * @use_positions: whether to honour the layout sidecar next to @path
 * @diagnostics: (out) (transfer full): the validator's findings
 * @milliseconds: (out) (optional): how long the layout took
 * @status: (out): the exit status when %NULL is returned
 *
 * Reads, validates and lays out @path. Findings are printed on standard error; a readable
 * but invalid definition is still laid out, so its problems can be seen on the diagram.
 *
 * Returns: (transfer full) (nullable): the layout
 */
SwLayout *
sw_cli_load_layout (const char  *path,
                    gboolean     use_positions,
                    GPtrArray  **diagnostics,
                    double      *milliseconds,
                    int         *status)
{
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwMachine) machine = NULL;
  g_autoptr(SwLayoutPositions) positions = NULL;
  const char *data;
  gsize length;
  gint64 start;
  SwLayout *layout;

  *diagnostics = NULL;
  bytes = sw_definition_read_file (path, &error);
  if (bytes == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      *status = SW_CLI_EXIT_USAGE;
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  root = sw_definition_parse (data, length, sw_definition_format_detect (path, data, length),
                              &parse_error);
  if (root == NULL)
    {
      sw_cli_print_diagnostic (stderr, parse_error, path);
      *status = SW_CLI_EXIT_FAILED;
      return NULL;
    }

  *diagnostics = sw_validate_full (root, length);
  for (guint i = 0; i < (*diagnostics)->len; i++)
    sw_cli_print_diagnostic (stderr, g_ptr_array_index (*diagnostics, i), path);
  if (!sw_value_is_object (root))
    {
      *status = SW_CLI_EXIT_FAILED;
      return NULL;
    }

  if (use_positions && g_strcmp0 (path, "-") != 0)
    {
      positions = sw_layout_positions_load_for_definition (path, &error);
      if (positions == NULL)
        {
          /* Translators: the layout sidecar is broken; the diagram is laid out without it */
          g_printerr (_("stepwise-cli: warning: %s; manual positions are ignored\n"),
                      error->message);
          g_clear_error (&error);
        }
    }

  machine = sw_machine_new (root);
  start = g_get_monotonic_time ();
  layout = sw_layout_new (machine, positions);
  if (milliseconds != NULL)
    *milliseconds = (g_get_monotonic_time () - start) / 1000.0;
  *status = SW_CLI_EXIT_OK;
  return layout;
}

int
sw_cli_layout (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SwLayout) layout = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *text = NULL;
  gboolean stats = FALSE;
  gboolean no_positions = FALSE;
  double milliseconds = 0;
  int status;
  gsize length;
  const GOptionEntry entries[] = {
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats,
      N_("Print numbers about the layout instead: nodes, edges, crossings, bends, size and "
         "the time it took"), NULL },
    { "no-positions", 0, 0, G_OPTION_ARG_NONE, &no_positions,
      N_("Ignore manual positions in the NAME.layout.json file next to FILE"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("layout", _("FILE"),
                                       _("Lay out the diagram of a definition and print it as "
                                         "JSON: nodes, markers, containers and edges with "
                                         "the polylines drawn for them."),
                                       entries);
  if (!sw_cli_parse_options (context, "layout", &argc, &argv))
    return SW_CLI_EXIT_USAGE;
  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("layout", _("No file given"));
  if (files[1] != NULL)
    return sw_cli_usage_error ("layout", _("Give one file to lay out, not several"));

  layout = sw_cli_load_layout (files[0], !no_positions, &diagnostics, &milliseconds, &status);
  if (layout == NULL)
    return status;

  if (stats)
    {
      SwLayoutStats s;

      sw_layout_get_stats (layout, &s);
      text = g_strdup_printf ("{\n"
                              "  \"nodes\": %u,\n"
                              "  \"edges\": %u,\n"
                              "  \"crossings\": %" G_GUINT64_FORMAT ",\n"
                              "  \"bends\": %u,\n"
                              "  \"width\": %.0f,\n"
                              "  \"height\": %.0f,\n"
                              "  \"milliseconds\": %.3f\n"
                              "}\n",
                              s.n_nodes, s.n_edges, s.crossings, s.bends, s.width, s.height,
                              milliseconds);
      length = strlen (text);
    }
  else
    text = sw_layout_to_json (layout, &length);

  return sw_cli_write_stdout (text, length) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
