/* sw-cli-fmt.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Formatting is not validation: a definition that parses is formatted even when it breaks
 * rules of the language, so that `fmt` can tidy a work in progress. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "sw-asl-error.h"
#include "sw-cli.h"
#include "sw-definition.h"

typedef enum
{
  MODE_PRINT,
  MODE_CHECK,
  MODE_WRITE,
} Mode;

/* Writes through a symbolic link to its target and keeps the file's permissions. */
static gboolean
rewrite_file (const char  *path,
              const char  *contents,
              gsize        length,
              GError     **error)
{
  g_autofree char *target = realpath (path, NULL);
  GStatBuf st;
  int mode = 0644;

  if (target == NULL)
    target = g_strdup (path);
  if (g_stat (target, &st) == 0)
    mode = st.st_mode & 07777;

  return g_file_set_contents_full (target, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, mode, error);
}

/* Whether YAML text holds a comment, which the YAML writer does not keep: a "#" between the
 * tokens libyaml scans (a "#" inside a scalar, block scalars included, is part of a token).
 * Marks count characters from after a byte order mark. */
static gboolean
yaml_has_comment (const char *data,
                  gsize       length)
{
  const char *end = data + length;
  const char *p = data;
  gsize index = 0;
  yaml_parser_t parser;
  gboolean found = FALSE;
  gboolean done = FALSE;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  if (!yaml_parser_initialize (&parser))
    return FALSE;
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);
  while (!found && !done)
    {
      yaml_token_t token;

      if (!yaml_parser_scan (&parser, &token))
        break;
      for (; p < end && index < token.start_mark.index; p = g_utf8_next_char (p), index++)
        found = found || *p == '#';
      for (; p < end && index < token.end_mark.index; p = g_utf8_next_char (p), index++)
        ;
      done = token.type == YAML_STREAM_END_TOKEN;
      yaml_token_delete (&token);
    }
  yaml_parser_delete (&parser);
  return found;
}

static int
format_file (const char *path,
             Mode        mode)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autofree char *canonical = NULL;
  SwDefinitionFormat format;
  const char *data;
  gsize length;
  gsize canonical_length;
  gboolean lossy;

  bytes = sw_definition_read_file (path, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE))
        {
          g_autoptr(SwDiagnostic) diagnostic =
            sw_diagnostic_new (SW_SEVERITY_ERROR, "too-large", 0, 0, "", error->message);

          sw_cli_print_diagnostic (stderr, diagnostic, path);
          return SW_CLI_EXIT_FAILED;
        }
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }

  data = g_bytes_get_data (bytes, &length);
  format = sw_definition_format_detect (path, data, length);
  root = sw_definition_parse (data, length, format, &parse_error);
  if (root == NULL)
    {
      sw_cli_print_diagnostic (stderr, parse_error, path);
      return SW_CLI_EXIT_FAILED;
    }

  canonical = sw_definition_write (root, format, &canonical_length, &error);
  if (canonical == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }

  lossy = format == SW_DEFINITION_FORMAT_YAML && yaml_has_comment (data, length);
  switch (mode)
    {
    case MODE_PRINT:
      if (lossy)
        g_printerr (_("%s: warning: the comments are not kept\n"), sw_cli_display_path (path));
      if (!sw_cli_write_stdout (canonical, canonical_length))
        return SW_CLI_EXIT_USAGE;
      return SW_CLI_EXIT_OK;

    case MODE_CHECK:
      if (canonical_length == length && memcmp (canonical, data, length) == 0)
        return SW_CLI_EXIT_OK;
      g_print ("%s\n", sw_cli_display_path (path));
      return SW_CLI_EXIT_FAILED;

    case MODE_WRITE:
    default:
      if (canonical_length == length && memcmp (canonical, data, length) == 0)
        return SW_CLI_EXIT_OK;
      if (lossy)
        {
          sw_cli_print_error (_("“%s” holds YAML comments, which fmt cannot keep; it is left "
                                "unchanged"), path);
          return SW_CLI_EXIT_USAGE;
        }
      if (!rewrite_file (path, canonical, canonical_length, &error))
        {
          sw_cli_print_error ("%s", error->message);
          return SW_CLI_EXIT_USAGE;
        }
      return SW_CLI_EXIT_OK;
    }
}

int
sw_cli_fmt (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) files = NULL;
  gboolean check = FALSE;
  gboolean rewrite = FALSE;
  int status = SW_CLI_EXIT_OK;
  Mode mode;
  const GOptionEntry entries[] = {
    { "check", 'c', 0, G_OPTION_ARG_NONE, &check,
      N_("Print nothing but the names of files that are not in canonical form; exit with 1 "
         "if there are any"), NULL },
    { "write", 'w', 0, G_OPTION_ARG_NONE, &rewrite,
      N_("Rewrite files that are not in canonical form in place"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("fmt", _("FILE…"),
                                       _("Print definitions in canonical form: members in "
                                         "their authored order, two-space indentation, "
                                         "numbers as written. JSON stays JSON, YAML stays "
                                         "YAML. A definition that does not parse is refused; "
                                         "one that breaks rules of the language is formatted "
                                         "(use “stepwise-cli validate” to check it)."),
                                       entries);
  g_option_context_set_description (context,
                                    _("Exit status: 0 success, 1 a definition does not parse "
                                      "or, with --check, is not in canonical form, 2 usage "
                                      "or I/O error."));
  if (!sw_cli_parse_options (context, "fmt", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (check && rewrite)
    return sw_cli_usage_error ("fmt", _("--check and --write cannot be used together"));
  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("fmt", _("No file given"));
  mode = check ? MODE_CHECK : rewrite ? MODE_WRITE : MODE_PRINT;

  for (guint i = 0; files[i] != NULL; i++)
    if (mode == MODE_WRITE && strcmp (files[i], "-") == 0)
      return sw_cli_usage_error ("fmt", _("--write needs files; standard input cannot be "
                                          "rewritten"));

  for (guint i = 0; files[i] != NULL; i++)
    {
      int file_status = format_file (files[i], mode);

      status = MAX (status, file_status);
    }

  return status;
}
