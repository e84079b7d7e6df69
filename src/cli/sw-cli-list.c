/* sw-cli-list.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli list: the state machines, or the executions of one. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-cli-aws.h"
#include "sw-cli.h"

static const char *const statuses[] = {
  "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE", NULL,
};

int
sw_cli_list (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) args = NULL;
  g_autofree char *status_filter = NULL;
  g_autofree char *arn = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  SwSfnOperation operation;
  int status = SW_CLI_EXIT_USAGE;
  const GOptionEntry entries[] = {
    { "status-filter", 's', 0, G_OPTION_ARG_STRING, &status_filter,
      N_("Only executions with this status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, "
         "PENDING_REDRIVE)"), N_("STATUS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("list", _("[STATE_MACHINE]"),
                                       _("List the state machines, or with a state machine "
                                         "(ARN or name) its executions, all pages."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "list", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (args != NULL && args[0] != NULL && args[1] != NULL)
    return sw_cli_usage_error ("list", _("Unexpected argument “%s”"), args[1]);
  if (status_filter != NULL && (args == NULL || args[0] == NULL))
    return sw_cli_usage_error ("list", _("--status-filter needs a state machine"));
  if (status_filter != NULL)
    {
      char *upper = g_ascii_strup (status_filter, -1);

      g_free (status_filter);
      status_filter = upper;
      if (!g_strv_contains (statuses, status_filter))
        return sw_cli_usage_error ("list", _("Unknown status “%s”"), status_filter);
    }

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;

  input = json_object_new ();
  if (args != NULL && args[0] != NULL)
    {
      arn = sw_cli_aws_resolve_state_machine (client, args[0], &status);
      if (arn == NULL)
        return status;
      operation = SW_SFN_OPERATION_LIST_EXECUTIONS;
      json_object_set_string_member (input, "stateMachineArn", arn);
      if (status_filter != NULL)
        json_object_set_string_member (input, "statusFilter", status_filter);
    }
  else
    operation = SW_SFN_OPERATION_LIST_STATE_MACHINES;

  output = sw_cli_aws_call (client, operation, input, TRUE, &error);
  if (output == NULL)
    return sw_cli_aws_report_error (operation, error);
  return sw_cli_aws_print_object (output) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
