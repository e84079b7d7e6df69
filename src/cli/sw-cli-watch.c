/* sw-cli-watch.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli watch: print an execution's history events as they arrive, then exit with
 * the execution's status.
 *
 * The history is polled from the token of the last full page, so a long history is not
 * fetched again on every poll; events already printed are skipped by id. */

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sw-cli-aws.h"
#include "sw-cli.h"

static const char *const terminal_events[] = {
  "ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted", NULL,
};

/* The state or step an event is about, from whichever details member it has. */
static const char *
event_subject (JsonObject *event)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, event);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      JsonObject *details;

      if (!g_str_has_suffix (member, "EventDetails") || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      details = json_node_get_object (node);
      if (json_object_has_member (details, "name"))
        return json_object_get_string_member_with_default (details, "name", NULL);
      if (json_object_has_member (details, "error"))
        return json_object_get_string_member_with_default (details, "error", NULL);
      if (json_object_has_member (details, "resource"))
        return json_object_get_string_member_with_default (details, "resource", NULL);
    }
  return NULL;
}

static gboolean
print_event (JsonObject *event,
             gboolean    json)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *line = NULL;

  json_node_set_object (node, event);
  sw_cli_aws_convert_timestamps (node);
  if (json)
    {
      g_autofree char *text = sw_cli_aws_to_json (node, FALSE);

      line = g_strconcat (text, "\n", NULL);
    }
  else
    {
      const char *subject = event_subject (event);

      line = g_strdup_printf ("%4" G_GINT64_FORMAT "  %s  %s%s%s\n",
                              json_object_get_int_member_with_default (event, "id", 0),
                              json_object_get_string_member_with_default (event, "timestamp",
                                                                          ""),
                              json_object_get_string_member_with_default (event, "type", ""),
                              subject != NULL ? "  " : "", subject != NULL ? subject : "");
    }
  return sw_cli_write_stdout (line, strlen (line));
}

static void
wake_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
sleep_on_main_context (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add_once ((guint) (seconds * 1000.0), wake_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
sw_cli_watch (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SwCliAwsOptions) aws = { 0 };
  g_auto(GStrv) args = NULL;
  g_autofree char *interval_text = NULL;
  g_autofree char *token = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) described = NULL;
  g_autoptr(JsonObject) describe_input = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gboolean finished = FALSE;
  gint64 last_id = 0;
  int page_size = 100;
  double interval = 2.0;
  const char *execution_status;
  const GOptionEntry entries[] = {
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval_text,
      N_("Seconds between polls (default 2)"), N_("SECONDS") },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size,
      N_("Events per request, 1 to 1000 (default 100)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print each event as one line of JSON, then the DescribeExecution output"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("watch", _("EXECUTION_ARN"),
                                       _("Follow an execution: print its history events as "
                                         "they arrive, one line each (id, time, type, state), "
                                         "then its status, and exit with it."),
                                       entries);
  sw_cli_aws_add_options (context, &aws);
  sw_cli_aws_set_description (context);
  if (!sw_cli_parse_options (context, "watch", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (args == NULL || args[0] == NULL)
    return sw_cli_usage_error ("watch", _("No execution given"));
  if (args[1] != NULL)
    return sw_cli_usage_error ("watch", _("Unexpected argument “%s”"), args[1]);
  if (interval_text != NULL)
    {
      char *end = NULL;

      interval = g_ascii_strtod (interval_text, &end);
      if (end == interval_text || *end != '\0' || interval < 0 || interval > 3600)
        return sw_cli_usage_error ("watch", _("--interval takes seconds from 0 to 3600"));
    }
  if (page_size < 1 || page_size > 1000)
    return sw_cli_usage_error ("watch", _("--page-size takes 1 to 1000"));

  client = sw_cli_aws_client_new (&aws);
  if (client == NULL)
    return SW_CLI_EXIT_USAGE;

  while (!finished)
    {
      g_autofree char *page_token = g_strdup (token);

      for (;;)
        {
          g_autoptr(JsonObject) input = json_object_new ();
          g_autoptr(JsonObject) output = NULL;
          JsonArray *events;
          const char *next;

          json_object_set_string_member (input, "executionArn", args[0]);
          json_object_set_int_member (input, "maxResults", page_size);
          if (page_token != NULL)
            json_object_set_string_member (input, "nextToken", page_token);
          output = sw_cli_aws_call (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY, input,
                                    FALSE, &error);
          if (output == NULL)
            return sw_cli_aws_report_error (SW_SFN_OPERATION_GET_EXECUTION_HISTORY, error);

          events = json_object_get_array_member (output, "events");
          for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
            {
              JsonObject *event = json_array_get_object_element (events, i);
              gint64 id;

              if (event == NULL)
                continue;
              id = json_object_get_int_member_with_default (event, "id", 0);
              if (id <= last_id)
                continue;
              last_id = id;
              if (g_strv_contains (terminal_events,
                                   json_object_get_string_member_with_default (event, "type",
                                                                               "")))
                finished = TRUE;
              if (!print_event (event, json))
                return SW_CLI_EXIT_USAGE;
            }

          next = json_object_get_string_member_with_default (output, "nextToken", NULL);
          if (next == NULL || *next == '\0')
            break;
          /* Every page before this token is printed: later polls start here. */
          g_free (token);
          token = g_strdup (next);
          g_free (page_token);
          page_token = g_strdup (next);
        }
      if (!finished)
        sleep_on_main_context (interval);
    }

  describe_input = json_object_new ();
  json_object_set_string_member (describe_input, "executionArn", args[0]);
  described = sw_cli_aws_call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, describe_input,
                               FALSE, &error);
  if (described == NULL)
    return sw_cli_aws_report_error (SW_SFN_OPERATION_DESCRIBE_EXECUTION, error);

  execution_status = json_object_get_string_member_with_default (described, "status", "");
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      json_node_set_object (node, described);
      sw_cli_aws_convert_timestamps (node);
      text = sw_cli_aws_to_json (node, FALSE);
      line = g_strconcat (text, "\n", NULL);
      if (!sw_cli_write_stdout (line, strlen (line)))
        return SW_CLI_EXIT_USAGE;
    }
  else
    {
      const char *failure = json_object_get_string_member_with_default (described, "error",
                                                                        NULL);
      const char *cause = json_object_get_string_member_with_default (described, "cause",
                                                                      NULL);
      g_autofree char *line = NULL;

      if (failure != NULL || cause != NULL)
        line = g_strdup_printf ("%s  %s%s%s\n", execution_status, failure ? failure : "",
                                failure && cause ? ": " : "", cause ? cause : "");
      else
        line = g_strdup_printf ("%s\n", execution_status);
      if (!sw_cli_write_stdout (line, strlen (line)))
        return SW_CLI_EXIT_USAGE;
    }
  return sw_cli_aws_exit_for_status (execution_status);
}
