/* sw-cli-export.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-diagram-export.h"

static gboolean
has_suffix_nocase (const char *path,
                   const char *suffix)
{
  gsize len = strlen (path);
  gsize slen = strlen (suffix);

  return len >= slen && g_ascii_strcasecmp (path + len - slen, suffix) == 0;
}

#define SUPPORTED_FORMATS ".json, .yaml, .yml, .svg, .png, .pdf"

/* Refuses an output that cannot be written before any work is done, naming it rather than
 * the temporary file next to it that the atomic write would fail to create or rename. */
static gboolean
check_output (const char *output)
{
  g_autofree char *display = g_filename_display_name (output);
  g_autofree char *dir = g_path_get_dirname (output);

  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      sw_cli_print_error (_("Cannot write “%s”: it is a directory"), display);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      sw_cli_print_error (_("Cannot write “%s”: there is no directory “%s”"), display,
                          dir_display);
      return FALSE;
    }
  return TRUE;
}

/* The diagram, drawn by the same painter as the canvas, with the validator's findings
 * badged on the states they are about. */
static int
export_diagram (const char *path,
                const char *output,
                double      scale,
                gboolean    dark,
                gboolean    use_positions)
{
  g_autoptr(SwLayout) layout = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) badges = NULL;
  g_autoptr(GError) error = NULL;
  SwPaintOptions options;
  int status;

  layout = sw_cli_load_layout (path, use_positions, &diagnostics, NULL, &status);
  if (layout == NULL)
    return status;

  badges = sw_layout_badges_for_diagnostics (layout, diagnostics);
  sw_paint_options_init (&options, dark);
  options.scale = scale;
  options.badges = badges;
  if (!sw_diagram_export_file (layout, &options, output, &error))
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  return SW_CLI_EXIT_OK;
}

int
sw_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autofree char *scale_text = NULL;
  gboolean dark = FALSE;
  gboolean no_positions = FALSE;
  double scale = 1;
  SwDefinitionFormat format;
  gsize length;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write; its extension chooses the format"), N_("OUT") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      N_("Diagrams: pixels (or points) per unit, for HiDPI pictures; default 1"), N_("N") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark,
      N_("Diagrams: use the dark palette"), NULL },
    { "no-positions", 0, 0, G_OPTION_ARG_NONE, &no_positions,
      N_("Diagrams: ignore manual positions in the NAME.layout.json file next to FILE"),
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("export", _("FILE -o OUT"),
                                       _("Write a definition in another format, chosen by the "
                                         "extension of OUT: .json for canonical JSON, .yaml "
                                         "or .yml for YAML, or draw its diagram: .svg, .png "
                                         "or .pdf."),
                                       entries);
  if (!sw_cli_parse_options (context, "export", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("export", _("No file given"));
  if (files[1] != NULL)
    return sw_cli_usage_error ("export", _("Give one file to export, not several"));
  if (output == NULL || output[0] == '\0')
    return sw_cli_usage_error ("export", _("No output file given; use -o OUT"));

  if (scale_text != NULL)
    {
      char *end = NULL;

      scale = g_ascii_strtod (scale_text, &end);
      if (end == scale_text || *end != '\0' || !(scale > 0 && scale <= 16))
        return sw_cli_usage_error ("export",
                                   _("--scale needs a number above 0 and at most 16, not "
                                     "“%s”"), scale_text);
    }

  if (sw_diagram_format_for_path (output, NULL))
    {
      if (!check_output (output))
        return SW_CLI_EXIT_USAGE;
      return export_diagram (files[0], output, scale, dark, !no_positions);
    }
  if (scale_text != NULL || dark)
    return sw_cli_usage_error ("export", _("--scale and --dark apply to diagrams only "
                                           "(.svg, .png, .pdf)"));

  if (has_suffix_nocase (output, ".json"))
    format = SW_DEFINITION_FORMAT_JSON;
  else if (has_suffix_nocase (output, ".yaml") || has_suffix_nocase (output, ".yml"))
    format = SW_DEFINITION_FORMAT_YAML;
  else
    return sw_cli_usage_error ("export",
                               _("Cannot tell the format of “%s” from its extension; "
                                 "supported output formats: %s"),
                               output, SUPPORTED_FORMATS);
  if (!check_output (output))
    return SW_CLI_EXIT_USAGE;

  root = sw_definition_load_file (files[0], &parse_error, &error);
  if (error != NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  if (root == NULL)
    {
      sw_cli_print_diagnostic (stderr, parse_error, files[0]);
      return SW_CLI_EXIT_FAILED;
    }

  text = sw_definition_write (root, format, &length, &error);
  if (text == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  if (!g_file_set_contents (output, text, length, &error))
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }

  return SW_CLI_EXIT_OK;
}
