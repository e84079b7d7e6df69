/* sw-cli-validate.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-json.h"
#include "sw-validator.h"

typedef struct
{
  char *path;
  gboolean valid;
  char *io_error;         /* set when the file could not be read */
  GPtrArray *diagnostics; /* SwDiagnostic* */
} FileResult;

static void
file_result_free (FileResult *result)
{
  g_free (result->path);
  g_free (result->io_error);
  g_clear_pointer (&result->diagnostics, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileResult, file_result_free)

static FileResult *
check_file (const char *path,
            int        *status)
{
  g_autoptr(FileResult) result = g_new0 (FileResult, 1);
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SwValue) root = NULL;
  SwDefinitionFormat format;
  const char *data;
  gsize length;

  result->path = g_strdup (path);
  result->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);

  /* Read, then parse, rather than sw_definition_load_file(): the validator wants the size
   * of the text to apply the service's 1 MiB quota. */
  bytes = sw_definition_read_file (path, &error);
  if (bytes == NULL && g_error_matches (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE))
    {
      g_ptr_array_add (result->diagnostics,
                       sw_diagnostic_new (SW_SEVERITY_ERROR, "too-large", 0, 0, "",
                                          error->message));
      *status = MAX (*status, SW_CLI_EXIT_FAILED);
      return g_steal_pointer (&result);
    }
  if (bytes == NULL)
    {
      result->io_error = g_strdup (error->message);
      *status = MAX (*status, SW_CLI_EXIT_USAGE);
      return g_steal_pointer (&result);
    }

  data = g_bytes_get_data (bytes, &length);
  format = sw_definition_format_detect (path, data, length);
  root = sw_definition_parse (data, length, format, &parse_error);
  if (root == NULL)
    {
      g_ptr_array_add (result->diagnostics, g_steal_pointer (&parse_error));
      *status = MAX (*status, SW_CLI_EXIT_FAILED);
      return g_steal_pointer (&result);
    }

  /* The quota applies to the JSON the service receives, whatever the file is written in. */
  if (format != SW_DEFINITION_FORMAT_JSON)
    g_free (sw_json_write (root, SW_JSON_WRITE_COMPACT, &length));

  g_clear_pointer (&result->diagnostics, g_ptr_array_unref);
  result->diagnostics = sw_validate_full (root, length);
  result->valid = TRUE;
  for (guint i = 0; i < result->diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (result->diagnostics, i);

      if (diagnostic->severity == SW_SEVERITY_ERROR)
        result->valid = FALSE;
    }

  if (!result->valid)
    *status = MAX (*status, SW_CLI_EXIT_FAILED);
  return g_steal_pointer (&result);
}

static void
print_text (const FileResult *result)
{
  if (result->io_error != NULL)
    {
      sw_cli_print_error ("%s", result->io_error);
      return;
    }
  for (guint i = 0; i < result->diagnostics->len; i++)
    sw_cli_print_diagnostic (stdout, g_ptr_array_index (result->diagnostics, i), result->path);
}

static void
add_result_json (JsonBuilder      *builder,
                 const FileResult *result)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, sw_cli_display_path (result->path));
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, result->valid);
  if (result->io_error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, result->io_error);
    }
  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (result->diagnostics, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, sw_severity_to_string (diagnostic->severity));
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, diagnostic->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, diagnostic->message);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, diagnostic->line);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, diagnostic->column);
      json_builder_set_member_name (builder, "pointer");
      json_builder_add_string_value (builder, diagnostic->pointer);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
sw_cli_validate (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *format = NULL;
  gboolean json;
  int status = SW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Output format: text (default) or json"), N_("FORMAT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("validate", _("FILE…"),
                                       _("Check Amazon States Language definitions (JSON, or "
                                         "YAML for .yaml and .yml files; “-” reads standard "
                                         "input) and print one line per finding:\n"
                                         "  FILE:LINE:COLUMN: error|warning: MESSAGE [CODE]\n"
                                         "“stepwise-cli rules” lists the codes. Warnings "
                                         "alone do not make a definition invalid."),
                                       entries);
  if (!sw_cli_parse_options (context, "validate", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (format == NULL || strcmp (format, "text") == 0)
    json = FALSE;
  else if (strcmp (format, "json") == 0)
    json = TRUE;
  else
    return sw_cli_usage_error ("validate", _("Unknown format “%s”; use text or json"), format);

  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("validate", _("No file given"));

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) file_result_free);
  for (guint i = 0; files[i] != NULL; i++)
    {
      FileResult *result = check_file (files[i], &status);

      g_ptr_array_add (results, result);
      if (!json)
        print_text (result);
      else if (result->io_error != NULL)
        sw_cli_print_error ("%s", result->io_error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      gsize length;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "files");
      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len; i++)
        add_result_json (builder, g_ptr_array_index (results, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      text = json_generator_to_data (generator, &length);
      if (!sw_cli_write_stdout (text, length) || !sw_cli_write_stdout ("\n", 1))
        return SW_CLI_EXIT_USAGE;
    }

  return status;
}
