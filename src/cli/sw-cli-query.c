/* sw-cli-query.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli query`: evaluates a JSONata expression, or a JSONPath with --jsonpath,
 * against a JSON document, the way people try expressions with jq. An undefined result prints
 * nothing and succeeds; an error prints its code and position and exits with 1. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-json.h"
#include "sw-jsonata.h"
#include "sw-path.h"

static SwValue *
read_json (const char *path,
           const char *what,
           int        *status)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *value;
  const char *data;
  gsize length;
  guint line = 0, column = 0;

  bytes = sw_definition_read_file (path, &error);
  if (bytes == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      *status = SW_CLI_EXIT_USAGE;
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  value = sw_json_parse (data, (gssize) length, &line, &column, &error);
  if (value == NULL)
    {
      /* Translators: the first placeholder is "input" or "bindings" */
      sw_cli_print_error (_("%s: %s:%u:%u: %s"), what, sw_cli_display_path (path), line,
                          column, error->message);
      *status = SW_CLI_EXIT_USAGE;
      return NULL;
    }
  return value;
}

static int
print_result (SwValue *result)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (result == NULL)
    return SW_CLI_EXIT_OK;
  text = sw_json_write (result, SW_JSON_WRITE_DEFAULT, &length);
  return sw_cli_write_stdout (text, length) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}

static int
query_jsonata (const char *expression,
               SwValue    *input,
               SwValue    *bindings)
{
  g_autoptr(SwJsonata) compiled = NULL;
  g_autoptr(SwValue) result = NULL;
  g_autoptr(GError) error = NULL;

  compiled = sw_jsonata_compile (expression, &error);
  if (compiled != NULL)
    result = sw_jsonata_evaluate (compiled, input, bindings, &error);
  if (error != NULL)
    {
      int position = sw_jsonata_error_get_position (error);
      const char *code = sw_jsonata_error_get_code (error);
      const char *text = error->message;

      /* the message starts with the code, "T2002: …" */
      if (code != NULL && g_str_has_prefix (text, code) && text[strlen (code)] == ':')
        text += strlen (code) + 2;
      if (position >= 0)
        /* Translators: a JSONata error code, a character offset in the expression, a message */
        sw_cli_print_error (_("%s at position %d: %s"), code, position, text);
      else
        sw_cli_print_error ("%s: %s", code, text);
      return SW_CLI_EXIT_FAILED;
    }
  return print_result (result);
}

static int
query_jsonpath (const char *text,
                SwValue    *input,
                SwValue    *bindings)
{
  g_autoptr(SwPath) path = NULL;
  g_autoptr(SwValue) result = NULL;
  g_autoptr(GHashTable) variables = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) empty = NULL;
  guint offset = 0;

  path = sw_path_parse (text, SW_PATH_ALLOW_CONTEXT | SW_PATH_ALLOW_VARIABLES, &offset, &error);
  if (path == NULL)
    {
      /* The message ends with "at offset N" already. */
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_FAILED;
    }
  if (bindings != NULL)
    {
      variables = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < sw_value_object_get_size (bindings); i++)
        g_hash_table_insert (variables, (gpointer) sw_value_object_get_key (bindings, i),
                             sw_value_object_get_value (bindings, i));
    }
  if (input == NULL)
    input = empty = sw_value_new_null ();
  result = sw_path_get_full (path, input, NULL, variables, &error);
  if (result == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_FAILED;
    }
  return print_result (result);
}

int
sw_cli_query (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *bindings_path = NULL;
  g_autoptr(SwValue) input = NULL;
  g_autoptr(SwValue) bindings = NULL;
  gboolean jsonpath = FALSE;
  int status = SW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input_path,
      N_("The JSON document to query (“-” for standard input); without it the input is "
         "undefined"), N_("FILE") },
    { "bindings", 'b', 0, G_OPTION_ARG_FILENAME, &bindings_path,
      N_("A JSON object whose members are bound as variables ($name)"), N_("FILE") },
    { "jsonpath", 'p', 0, G_OPTION_ARG_NONE, &jsonpath,
      N_("Evaluate a JSONPath rather than a JSONata expression"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("query", _("EXPRESSION"),
                                       _("Evaluate a JSONata expression (or a JSONPath with "
                                         "--jsonpath) against a JSON document and print the "
                                         "result as canonical JSON. An undefined result prints "
                                         "nothing. An error prints its JSONata code and "
                                         "position."),
                                       entries);
  g_option_context_set_description (context,
                                    _("Exit status: 0 success (undefined included), 1 the "
                                      "expression failed to compile or evaluate, 2 usage or "
                                      "I/O error."));
  if (!sw_cli_parse_options (context, "query", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (rest == NULL || rest[0] == NULL)
    return sw_cli_usage_error ("query", _("No expression given"));
  if (rest[1] != NULL)
    return sw_cli_usage_error ("query", _("Give one expression; quote it for the shell"));
  if (input_path != NULL && bindings_path != NULL && strcmp (input_path, "-") == 0
      && strcmp (bindings_path, "-") == 0)
    return sw_cli_usage_error ("query", _("The input and the bindings cannot both be read "
                                          "from standard input"));

  if (input_path != NULL)
    {
      input = read_json (input_path, _("input"), &status);
      if (input == NULL)
        return status;
    }
  if (bindings_path != NULL)
    {
      bindings = read_json (bindings_path, _("bindings"), &status);
      if (bindings == NULL)
        return status;
      if (!sw_value_is_object (bindings))
        {
          sw_cli_print_error (_("bindings: %s: the bindings must be a JSON object"),
                              sw_cli_display_path (bindings_path));
          return SW_CLI_EXIT_USAGE;
        }
    }

  if (jsonpath)
    return query_jsonpath (rest[0], input, bindings);
  return query_jsonata (rest[0], input, bindings);
}
