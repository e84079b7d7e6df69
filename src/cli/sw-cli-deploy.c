/* sw-cli-deploy.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli deploy: create a state machine, or update the one of that name. The
 * definition is checked locally first, so a typo costs no round trip; JSON is sent as
 * written, YAML as canonical JSON. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-cli-aws.h"
#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-json.h"
#include "sw-validator.h"

static const char *const logging_levels[] = { "ALL", "ERROR", "FATAL", "OFF" };

/* Reads, parses and checks the definition; returns the text to send. */
static char *
load_definition (const char *path,
                 gboolean    validate,
                 int        *status)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(SwValue) root = NULL;
  SwDefinitionFormat format;
  const char *data;
  gsize length;
  gboolean valid = TRUE;

  bytes = sw_definition_read_file (path, &error);
  if (bytes == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      *status = g_error_matches (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE) ?
                SW_CLI_EXIT_FAILED : SW_CLI_EXIT_USAGE;
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  format = sw_definition_format_detect (path, data, length);
  root = sw_definition_parse (data, length, format, &parse_error);
  if (root == NULL)
    {
      sw_cli_print_diagnostic (stderr, parse_error, path);
      *status = SW_CLI_EXIT_FAILED;
      return NULL;
    }

  if (validate)
    {
      g_autoptr(GPtrArray) diagnostics = sw_validate_full (root, length);

      for (guint i = 0; i < diagnostics->len; i++)
        {
          const SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

          sw_cli_print_diagnostic (stderr, diagnostic, path);
          if (diagnostic->severity == SW_SEVERITY_ERROR)
            valid = FALSE;
        }
      if (!valid)
        {
          sw_cli_print_error (_("%s is not a valid definition; nothing was deployed"),
                              sw_cli_display_path (path));
          *status = SW_CLI_EXIT_FAILED;
          return NULL;
        }
    }

  if (format == SW_DEFINITION_FORMAT_JSON)
    return g_strndup (data, length);
  return sw_json_write (root, SW_JSON_WRITE_DEFAULT, NULL);
}

/* Finds the state machine named @name; sets *arn and *type when there is one. */
static gboolean
find_by_name (SwSfnClient  *client,
              const char   *name,
              char        **arn,
              char        **type,
              int          *status)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *machines;

  output = sw_cli_aws_call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, input, TRUE, &error);
  if (output == NULL)
    {
      *status = sw_cli_aws_report_error (SW_SFN_OPERATION_LIST_STATE_MACHINES, error);
      return FALSE;
    }
  machines = json_object_get_array_member (output, "stateMachines");
  for (guint i = 0; machines != NULL && i < json_array_get_length (machines); i++)
    {
      JsonObject *machine = json_array_get_object_element (machines, i);

      if (machine != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (machine, "name", NULL),
                     name) == 0)
        {
          *arn = g_strdup (json_object_get_string_member_with_default (machine,
                                                                       "stateMachineArn",
                                                                       NULL));
          *type = g_strdup (json_object_get_string_member_with_default (machine, "type",
                                                                        NULL));
          break;
        }
    }
  return TRUE;
}

int
sw_cli_deploy (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) files = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role_arn = NULL;
  g_autofree char *type = NULL;
  g_autofree char *logging_level = NULL;
  g_autofree char *log_group_arn = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *existing_arn = NULL;
  g_autofree char *existing_type = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  gboolean include_data = FALSE;
  gboolean tracing = FALSE;
  gboolean no_validate = FALSE;
  SwSfnOperation operation;
  int status = SW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("The state machine's name (required)"), N_("NAME") },
    { "role-arn", 'r', 0, G_OPTION_ARG_STRING, &role_arn,
      N_("The IAM role the state machine runs as (required)"), N_("ARN") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type,
      N_("STANDARD (default) or EXPRESS; only when creating"), N_("TYPE") },
    { "log-level", 0, 0, G_OPTION_ARG_STRING, &logging_level,
      N_("Execution logging: ALL, ERROR, FATAL or OFF"), N_("LEVEL") },
    { "log-destination", 0, 0, G_OPTION_ARG_STRING, &log_group_arn,
      N_("The CloudWatch Logs log group to log to"), N_("ARN") },
    /* The names of session 1, kept working. */
    { "logging-level", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &logging_level,
      NULL, NULL },
    { "log-group-arn", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &log_group_arn,
      NULL, NULL },
    { "include-execution-data", 0, 0, G_OPTION_ARG_NONE, &include_data,
      N_("Log input and output of states too"), NULL },
    { "tracing", 0, 0, G_OPTION_ARG_NONE, &tracing, N_("Turn on AWS X-Ray tracing"), NULL },
    { "no-validate", 0, 0, G_OPTION_ARG_NONE, &no_validate,
      N_("Do not check the definition before sending it"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("deploy", _("FILE"),
                                       _("Create a state machine from a definition file, or "
                                         "update the state machine of that name, and print "
                                         "the service's answer."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "deploy", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("deploy", _("No file given"));
  if (files[1] != NULL)
    return sw_cli_usage_error ("deploy", _("Deploy one file at a time"));
  if (name == NULL)
    return sw_cli_usage_error ("deploy", _("--name is required"));
  if (role_arn == NULL)
    return sw_cli_usage_error ("deploy", _("--role-arn is required"));
  if (type != NULL)
    {
      char *upper = g_ascii_strup (type, -1);

      g_free (type);
      type = upper;
      if (strcmp (type, "STANDARD") != 0 && strcmp (type, "EXPRESS") != 0)
        return sw_cli_usage_error ("deploy", _("--type is STANDARD or EXPRESS, not “%s”"),
                                   type);
    }
  if (logging_level != NULL)
    {
      char *upper = g_ascii_strup (logging_level, -1);

      g_free (logging_level);
      logging_level = upper;
      if (!g_strv_contains (logging_levels, logging_level))
        return sw_cli_usage_error ("deploy", _("--log-level is ALL, ERROR, FATAL or OFF, "
                                               "not “%s”"), logging_level);
    }
  if ((log_group_arn != NULL || include_data) && logging_level == NULL)
    return sw_cli_usage_error ("deploy", _("--log-destination and --include-execution-data "
                                           "need --log-level"));

  definition = load_definition (files[0], !no_validate, &status);
  if (definition == NULL)
    return status;

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;
  if (!find_by_name (client, name, &existing_arn, &existing_type, &status))
    return status;

  input = json_object_new ();
  if (existing_arn != NULL)
    {
      if (type != NULL && g_strcmp0 (type, existing_type) != 0)
        {
          sw_cli_print_error (_("State machine %s is %s; its type cannot change to %s "
                                "(delete it first)"), name, existing_type, type);
          return SW_CLI_EXIT_USAGE;
        }
      operation = SW_SFN_OPERATION_UPDATE_STATE_MACHINE;
      json_object_set_string_member (input, "stateMachineArn", existing_arn);
    }
  else
    {
      operation = SW_SFN_OPERATION_CREATE_STATE_MACHINE;
      json_object_set_string_member (input, "name", name);
    }
  json_object_set_string_member (input, "definition", definition);
  json_object_set_string_member (input, "roleArn", role_arn);
  if (operation == SW_SFN_OPERATION_CREATE_STATE_MACHINE)
    json_object_set_string_member (input, "type", type != NULL ? type : "STANDARD");
  if (logging_level != NULL)
    {
      JsonObject *logging = json_object_new ();

      json_object_set_string_member (logging, "level", logging_level);
      json_object_set_boolean_member (logging, "includeExecutionData", include_data);
      if (log_group_arn != NULL)
        {
          JsonArray *destinations = json_array_new ();
          JsonObject *destination = json_object_new ();
          JsonObject *group = json_object_new ();

          json_object_set_string_member (group, "logGroupArn", log_group_arn);
          json_object_set_object_member (destination, "cloudWatchLogsLogGroup", group);
          json_array_add_object_element (destinations, destination);
          json_object_set_array_member (logging, "destinations", destinations);
        }
      json_object_set_object_member (input, "loggingConfiguration", logging);
    }
  if (tracing)
    {
      JsonObject *tracing_configuration = json_object_new ();

      json_object_set_boolean_member (tracing_configuration, "enabled", TRUE);
      json_object_set_object_member (input, "tracingConfiguration", tracing_configuration);
    }

  output = sw_cli_aws_call (client, operation, input, FALSE, &error);
  if (output == NULL)
    return sw_cli_aws_report_error (operation, error);

  if (operation == SW_SFN_OPERATION_UPDATE_STATE_MACHINE)
    {
      /* UpdateStateMachine does not say which machine: put its ARN first. */
      g_autoptr(JsonObject) shown = json_object_new ();
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_set_string_member (shown, "stateMachineArn", existing_arn);
      json_object_iter_init_ordered (&iter, output);
      while (json_object_iter_next_ordered (&iter, &member, &node))
        json_object_set_member (shown, member, json_node_copy (node));
      return sw_cli_aws_print_object (shown) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
    }
  return sw_cli_aws_print_object (output) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
