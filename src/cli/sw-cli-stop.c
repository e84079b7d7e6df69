/* sw-cli-stop.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli stop: stop a running execution. */

#include <glib/gi18n-lib.h>

#include "sw-cli-aws.h"
#include "sw-cli.h"

int
sw_cli_stop (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) args = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *cause = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "error", 'e', 0, G_OPTION_ARG_STRING, &failure,
      N_("The error code to record"), N_("ERROR") },
    { "cause", 'c', 0, G_OPTION_ARG_STRING, &cause,
      N_("A longer explanation to record"), N_("CAUSE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("stop", _("EXECUTION_ARN"),
                                       _("Stop a running execution (it ends ABORTED)."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "stop", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (args == NULL || args[0] == NULL)
    return sw_cli_usage_error ("stop", _("No execution given"));
  if (args[1] != NULL)
    return sw_cli_usage_error ("stop", _("Unexpected argument “%s”"), args[1]);

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;

  input = json_object_new ();
  json_object_set_string_member (input, "executionArn", args[0]);
  if (failure != NULL)
    json_object_set_string_member (input, "error", failure);
  if (cause != NULL)
    json_object_set_string_member (input, "cause", cause);
  output = sw_cli_aws_call (client, SW_SFN_OPERATION_STOP_EXECUTION, input, FALSE, &error);
  if (output == NULL)
    return sw_cli_aws_report_error (SW_SFN_OPERATION_STOP_EXECUTION, error);
  return sw_cli_aws_print_object (output) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
