/* sw-cli-history.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli history: an execution's whole history, every page, as one object. */

#include <glib/gi18n-lib.h>

#include "sw-cli-aws.h"
#include "sw-cli.h"

int
sw_cli_history (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) args = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reverse = FALSE;
  gboolean no_data = FALSE;
  const GOptionEntry entries[] = {
    { "reverse-order", 0, 0, G_OPTION_ARG_NONE, &reverse, N_("Newest events first"), NULL },
    { "no-execution-data", 0, 0, G_OPTION_ARG_NONE, &no_data,
      N_("Leave out inputs and outputs"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("history", _("EXECUTION_ARN"),
                                       _("Print an execution's history events, all pages, "
                                         "as GetExecutionHistory answers."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "history", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (args == NULL || args[0] == NULL)
    return sw_cli_usage_error ("history", _("No execution given"));
  if (args[1] != NULL)
    return sw_cli_usage_error ("history", _("Unexpected argument “%s”"), args[1]);

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;

  input = json_object_new ();
  json_object_set_string_member (input, "executionArn", args[0]);
  if (reverse)
    json_object_set_boolean_member (input, "reverseOrder", TRUE);
  if (no_data)
    json_object_set_boolean_member (input, "includeExecutionData", FALSE);
  output = sw_cli_aws_call (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY, input, TRUE,
                            &error);
  if (output == NULL)
    return sw_cli_aws_report_error (SW_SFN_OPERATION_GET_EXECUTION_HISTORY, error);
  return sw_cli_aws_print_object (output) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
