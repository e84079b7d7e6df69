/* sw-cli-start.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli start: start an execution of a state machine named by ARN or by name. */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "sw-cli-aws.h"
#include "sw-cli.h"

int
sw_cli_start (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) args = NULL;
  g_autofree char *input_text = NULL;
  g_autofree char *input_file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sync = FALSE;
  SwSfnOperation operation;
  int status = SW_CLI_EXIT_USAGE;
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_STRING, &input_text,
      N_("The execution's input, a JSON text"), N_("JSON") },
    { "input-file", 0, 0, G_OPTION_ARG_FILENAME, &input_file,
      N_("Read the input from a file (“-” for standard input)"), N_("FILE") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("The execution's name (default: a random UUID)"), N_("NAME") },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &sync,
      N_("Run an EXPRESS state machine synchronously (StartSyncExecution) and exit with "
         "its status"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("start", _("STATE_MACHINE"),
                                       _("Start an execution of a state machine, given by "
                                         "ARN or by name, and print the response as JSON "
                                         "(its executionArn and startDate; with --sync, the "
                                         "whole execution)."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "start", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (args == NULL || args[0] == NULL)
    return sw_cli_usage_error ("start", _("No state machine given"));
  if (args[1] != NULL)
    return sw_cli_usage_error ("start", _("Unexpected argument “%s”"), args[1]);
  if (input_text != NULL && input_file != NULL)
    return sw_cli_usage_error ("start", _("--input and --input-file cannot be used together"));

  if (input_text != NULL || input_file != NULL)
    {
      /* As run does: a bounded regular file or standard input, and errors at LINE:COLUMN. */
      g_autoptr(SwValue) value = sw_cli_read_json_input (input_text, input_file, &contents,
                                                         &error);

      if (value == NULL)
        {
          sw_cli_print_error ("%s", error->message);
          return SW_CLI_EXIT_USAGE;
        }
      g_free (input_text);
      input_text = g_steal_pointer (&contents);
    }

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;
  arn = sw_cli_aws_resolve_state_machine (client, args[0], &status);
  if (arn == NULL)
    return status;

  input = json_object_new ();
  json_object_set_string_member (input, "stateMachineArn", arn);
  if (name != NULL)
    json_object_set_string_member (input, "name", name);
  if (input_text != NULL)
    json_object_set_string_member (input, "input", input_text);

  operation = sync ? SW_SFN_OPERATION_START_SYNC_EXECUTION : SW_SFN_OPERATION_START_EXECUTION;
  output = sw_cli_aws_call (client, operation, input, FALSE, &error);
  if (output == NULL)
    return sw_cli_aws_report_error (operation, error);

  status = sync ? sw_cli_aws_exit_for_status (json_object_get_string_member_with_default (
                                                output, "status", NULL))
                : SW_CLI_EXIT_OK;
  if (!sw_cli_aws_print_object (output))
    return SW_CLI_EXIT_USAGE;
  return status;
}
