/* sw-cli-describe.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli describe: DescribeStateMachine or DescribeExecution, chosen by the ARN. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-cli-aws.h"
#include "sw-cli.h"

static gboolean
is_execution_arn (const char *arn)
{
  return strstr (arn, ":execution:") != NULL || strstr (arn, ":express:") != NULL;
}

int
sw_cli_describe (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) args = NULL;
  g_autofree char *arn = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  SwSfnOperation operation;
  int status = SW_CLI_EXIT_USAGE;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("describe", _("ARN|NAME"),
                                       _("Describe a state machine (by ARN or name) or an "
                                         "execution (by ARN), as DescribeStateMachine and "
                                         "DescribeExecution answer."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "describe", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (args == NULL || args[0] == NULL)
    return sw_cli_usage_error ("describe", _("No ARN or name given"));
  if (args[1] != NULL)
    return sw_cli_usage_error ("describe", _("Unexpected argument “%s”"), args[1]);

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;

  input = json_object_new ();
  if (is_execution_arn (args[0]))
    {
      operation = SW_SFN_OPERATION_DESCRIBE_EXECUTION;
      json_object_set_string_member (input, "executionArn", args[0]);
    }
  else
    {
      arn = sw_cli_aws_resolve_state_machine (client, args[0], &status);
      if (arn == NULL)
        return status;
      operation = SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE;
      json_object_set_string_member (input, "stateMachineArn", arn);
    }

  output = sw_cli_aws_call (client, operation, input, FALSE, &error);
  if (output == NULL)
    return sw_cli_aws_report_error (operation, error);
  return sw_cli_aws_print_object (output) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
