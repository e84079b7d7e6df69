/* sw-cli-aws.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the commands that talk to Step Functions share: --profile, --region and
 * --endpoint-url, a client resolved as the AWS CLI resolves one, calls run to completion
 * on the main context, errors worded as the AWS CLI words them, and output as the AWS CLI
 * prints it (JSON indented by four spaces, timestamps in ISO 8601 in local time). */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-cli-aws.h"
#include "sw-cli.h"
#include "sw-dtoa.h"

/* Members of Step Functions shapes that are timestamps (epoch seconds on the wire). */
static const char *const timestamp_members[] = {
  "creationDate", "updateDate", "startDate", "stopDate", "timestamp", "redriveDate",
};

void
sw_cli_aws_options_clear (SwCliAwsOptions *options)
{
  g_clear_pointer (&options->profile, g_free);
  g_clear_pointer (&options->region, g_free);
  g_clear_pointer (&options->endpoint_url, g_free);
}

void
sw_cli_aws_add_options (GOptionContext  *context,
                        SwCliAwsOptions *options)
{
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options->profile,
      N_("Use this profile of the shared config and credentials files"), N_("PROFILE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options->region,
      N_("The AWS region, such as eu-west-1"), N_("REGION") },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &options->endpoint_url,
      N_("Send requests to this URL, such as a local endpoint"), N_("URL") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
sw_cli_aws_set_description (GOptionContext *context)
{
  g_option_context_set_description (context,
                                    _("The target is resolved as the AWS CLI resolves it: "
                                      "--profile or AWS_PROFILE, --region or AWS_REGION, "
                                      "--endpoint-url or AWS_ENDPOINT_URL_SFN or "
                                      "AWS_ENDPOINT_URL or the profile's endpoint_url.\n\n"
                                      "Exit status: 0 success, 1 the execution failed or "
                                      "the definition is invalid, 2 usage, configuration, "
                                      "network or service error, 3 the execution timed out, "
                                      "4 it was aborted."));
}

/**
 * sw_cli_aws_client_new:
 *
 * Returns: (transfer full) (nullable): a client, or %NULL after printing why not
 */
SwSfnClient *
sw_cli_aws_client_new (const SwCliAwsOptions *options)
{
  g_autoptr(SwAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  SwSfnClient *client;

  config = sw_aws_config_new (NULL, options->profile, &error);
  if (config == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return NULL;
    }
  client = sw_sfn_client_new_for_config (config, options->endpoint_url, options->region,
                                         &error);
  if (client == NULL)
    sw_cli_print_error ("%s", error->message);
  return client;
}

typedef struct
{
  JsonObject *output;
  GError *error;
  gboolean done;
} CallData;

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CallData *data = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == sw_sfn_client_call_all_pages_async)
    data->output = sw_sfn_client_call_all_pages_finish (SW_SFN_CLIENT (object), result,
                                                        &data->error);
  else
    data->output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &data->error);
  data->done = TRUE;
}

/**
 * sw_cli_aws_call:
 * @all_pages: follow nextToken to the end (list operations)
 *
 * Runs one operation to completion on the default main context.
 *
 * Returns: (transfer full) (nullable): the output
 */
JsonObject *
sw_cli_aws_call (SwSfnClient     *client,
                 SwSfnOperation   operation,
                 JsonObject      *input,
                 gboolean         all_pages,
                 GError         **error)
{
  CallData data = { 0 };

  if (all_pages)
    sw_sfn_client_call_all_pages_async (client, operation, input, NULL, call_cb, &data);
  else
    sw_sfn_client_call_async (client, operation, input, NULL, call_cb, &data);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  if (data.error != NULL)
    g_propagate_error (error, data.error);
  return data.output;
}

/**
 * sw_cli_aws_report_error:
 *
 * Prints @error as the AWS CLI would.
 *
 * Returns: the exit status: 1 for an invalid definition, else 2
 */
int
sw_cli_aws_report_error (SwSfnOperation  operation,
                         const GError   *error)
{
  const char *code = sw_aws_error_get_service_code (error);

  if (code != NULL && g_error_matches (error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE))
    {
      /* Translators: the first %s is an error code, the second an operation name */
      sw_cli_print_error (_("An error occurred (%s) when calling the %s operation: %s"), code,
                          sw_sfn_operation_get_name (operation),
                          sw_aws_error_get_service_message (error));
      return strcmp (code, "InvalidDefinition") == 0 ? SW_CLI_EXIT_FAILED : SW_CLI_EXIT_USAGE;
    }
  sw_cli_print_error ("%s", error->message);
  return SW_CLI_EXIT_USAGE;
}

/**
 * sw_cli_aws_resolve_state_machine:
 * @name_or_arn: a state machine ARN, or the name of one
 * @status: (out): the exit status when it cannot be resolved
 *
 * Returns: (transfer full) (nullable): the ARN; a name is looked up with
 *   ListStateMachines
 */
char *
sw_cli_aws_resolve_state_machine (SwSfnClient *client,
                                  const char  *name_or_arn,
                                  int         *status)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *machines;

  if (g_str_has_prefix (name_or_arn, "arn:"))
    return g_strdup (name_or_arn);

  output = sw_cli_aws_call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, input, TRUE, &error);
  if (output == NULL)
    {
      *status = sw_cli_aws_report_error (SW_SFN_OPERATION_LIST_STATE_MACHINES, error);
      return NULL;
    }
  machines = json_object_get_array_member (output, "stateMachines");
  for (guint i = 0; machines != NULL && i < json_array_get_length (machines); i++)
    {
      JsonObject *machine = json_array_get_object_element (machines, i);

      if (machine != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (machine, "name", NULL),
                     name_or_arn) == 0)
        return g_strdup (json_object_get_string_member (machine, "stateMachineArn"));
    }
  sw_cli_print_error (_("No state machine is named “%s”"), name_or_arn);
  *status = SW_CLI_EXIT_USAGE;
  return NULL;
}

/**
 * sw_cli_aws_exit_for_status:
 * @status: an execution status
 *
 * Returns: 0 for SUCCEEDED, 1 FAILED, 3 TIMED_OUT, 4 ABORTED, 0 otherwise (RUNNING …)
 */
int
sw_cli_aws_exit_for_status (const char *status)
{
  if (g_strcmp0 (status, "FAILED") == 0)
    return SW_CLI_EXIT_FAILED;
  if (g_strcmp0 (status, "TIMED_OUT") == 0)
    return SW_CLI_EXIT_TIMED_OUT;
  if (g_strcmp0 (status, "ABORTED") == 0)
    return SW_CLI_EXIT_ABORTED;
  return SW_CLI_EXIT_OK;
}

/**
 * sw_cli_aws_format_timestamp:
 * @seconds: seconds since the epoch
 *
 * Returns: (transfer full): the time in local time as Python's isoformat() writes it, as
 *   the AWS CLI prints timestamps: `2026-05-17T14:00:00.250000+02:00`, without the
 *   fraction when it is zero
 */
char *
sw_cli_aws_format_timestamp (double seconds)
{
  gint64 usec = (gint64) llround (seconds * 1e6);
  gint64 whole = usec >= 0 ? usec / G_USEC_PER_SEC : -((-usec + G_USEC_PER_SEC - 1) /
                                                       G_USEC_PER_SEC);
  gint64 fraction = usec - whole * G_USEC_PER_SEC;
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (whole);
  g_autofree char *base = NULL;
  g_autofree char *offset = NULL;

  if (time == NULL)
    return g_strdup_printf ("%.6f", seconds);
  base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  offset = g_date_time_format (time, "%:z");
  if (fraction == 0)
    return g_strdup_printf ("%s%s", base, offset);
  return g_strdup_printf ("%s.%06" G_GINT64_FORMAT "%s", base, fraction, offset);
}

static gboolean
is_timestamp_member (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (timestamp_members); i++)
    if (strcmp (name, timestamp_members[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * sw_cli_aws_convert_timestamps:
 *
 * Replaces the numbers of timestamp members, at any depth, by ISO 8601 strings.
 */
void
sw_cli_aws_convert_timestamps (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        sw_cli_aws_convert_timestamps (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (is_timestamp_member (name) && JSON_NODE_HOLDS_VALUE (member) &&
              (json_node_get_value_type (member) == G_TYPE_DOUBLE ||
               json_node_get_value_type (member) == G_TYPE_INT64))
            {
              g_autofree char *text =
                sw_cli_aws_format_timestamp (json_node_get_double (member));

              json_node_set_string (member, text);
            }
          else
            sw_cli_aws_convert_timestamps (member);
        }
    }
}

/* Python's repr() of a float, which json.dumps() writes: the shortest digits that read
 * back the same, in fixed notation from 1e-4 to 1e16, else with an exponent. */
static void
append_python_float (GString *out,
                     double   value)
{
  char digits[SW_DTOA_DIGITS_SIZE] = "0";
  int exponent = 0, n_digits = 1;

  if (!isfinite (value))
    {
      g_string_append (out, isnan (value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
      return;
    }
  if (value != 0)
    n_digits = sw_dtoa_shortest (value, digits, &exponent);
  if (value < 0 || (value == 0 && signbit (value)))
    g_string_append_c (out, '-');

  if (exponent >= -4 && exponent < 16)
    {
      if (exponent >= n_digits - 1)
        {
          g_string_append (out, digits);
          for (int i = n_digits - 1; i < exponent; i++)
            g_string_append_c (out, '0');
          g_string_append (out, ".0");
        }
      else if (exponent >= 0)
        {
          g_string_append_len (out, digits, exponent + 1);
          g_string_append_c (out, '.');
          g_string_append (out, digits + exponent + 1);
        }
      else
        {
          g_string_append (out, "0.");
          for (int i = 0; i < -exponent - 1; i++)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
      return;
    }

  g_string_append_c (out, digits[0]);
  if (n_digits > 1)
    {
      g_string_append_c (out, '.');
      g_string_append (out, digits + 1);
    }
  g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+', ABS (exponent));
}

/* json.dumps(ensure_ascii=False): only quotes, backslashes and control characters are
 * escaped. */
static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_indent (GString  *out,
               gboolean  pretty,
               guint     depth)
{
  if (!pretty)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "    ");
}

static void
append_node (GString  *out,
             JsonNode *node,
             gboolean  pretty,
             guint     depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        if (json_object_get_size (object) == 0)
          {
            g_string_append (out, "{}");
            return;
          }
        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append (out, pretty ? "," : ", ");
            first = FALSE;
            append_indent (out, pretty, depth + 1);
            append_string (out, name);
            g_string_append (out, ": ");
            append_node (out, member, pretty, depth + 1);
          }
        append_indent (out, pretty, depth);
        g_string_append_c (out, '}');
        return;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        if (json_array_get_length (array) == 0)
          {
            g_string_append (out, "[]");
            return;
          }
        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, pretty ? "," : ", ");
            append_indent (out, pretty, depth + 1);
            append_node (out, json_array_get_element (array, i), pretty, depth + 1);
          }
        append_indent (out, pretty, depth);
        g_string_append_c (out, ']');
        return;
      }

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return;

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          return;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          return;
        case G_TYPE_DOUBLE:
          append_python_float (out, json_node_get_double (node));
          return;
        case G_TYPE_INT64:
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return;
        }
    }
}

/**
 * sw_cli_aws_to_json:
 * @pretty: indent by four spaces, one member per line (else one line)
 *
 * Returns: (transfer full): @node as the AWS CLI prints JSON, without a final newline
 */
char *
sw_cli_aws_to_json (JsonNode *node,
                    gboolean  pretty)
{
  GString *out = g_string_new (NULL);

  append_node (out, node, pretty, 0);
  return g_string_free (out, FALSE);
}

/**
 * sw_cli_aws_print_object:
 *
 * Prints an operation's output with timestamps converted, as the AWS CLI does.
 *
 * Returns: whether standard output took it
 */
gboolean
sw_cli_aws_print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  json_node_set_object (node, object);
  sw_cli_aws_convert_timestamps (node);
  text = sw_cli_aws_to_json (node, TRUE);
  line = g_strconcat (text, "\n", NULL);
  return sw_cli_write_stdout (line, strlen (line));
}
