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

static gboolean
has_suffix_nocase (const char *path,
                   const char *suffix)
{
  gsize len = strlen (path);
  gsize slen = strlen (suffix);

  return len >= slen && g_ascii_strcasecmp (path + len - slen, suffix) == 0;
}

#define SUPPORTED_FORMATS ".json, .yaml, .yml"

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
  SwDefinitionFormat format;
  gsize length;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write; its extension chooses the format"), N_("OUT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("export", _("FILE -o OUT"),
                                       _("Write a definition in another format, chosen by the "
                                         "extension of OUT: .json for canonical JSON, .yaml "
                                         "or .yml for YAML. Diagrams (.svg, .png, .pdf) are "
                                         "not supported yet."),
                                       entries);
  if (!sw_cli_parse_options (context, "export", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("export", _("No file given"));
  if (files[1] != NULL)
    return sw_cli_usage_error ("export", _("Give one file to export, not several"));
  if (output == NULL || output[0] == '\0')
    return sw_cli_usage_error ("export", _("No output file given; use -o OUT"));

  if (has_suffix_nocase (output, ".json"))
    format = SW_DEFINITION_FORMAT_JSON;
  else if (has_suffix_nocase (output, ".yaml") || has_suffix_nocase (output, ".yml"))
    format = SW_DEFINITION_FORMAT_YAML;
  else if (has_suffix_nocase (output, ".svg") || has_suffix_nocase (output, ".png") ||
           has_suffix_nocase (output, ".pdf"))
    return sw_cli_usage_error ("export",
                               _("Exporting diagrams (SVG, PNG, PDF) is not supported yet; "
                                 "supported output formats: %s"), SUPPORTED_FORMATS);
  else
    return sw_cli_usage_error ("export",
                               _("Cannot tell the format of “%s” from its extension; "
                                 "supported output formats: %s"),
                               output, SUPPORTED_FORMATS);

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
