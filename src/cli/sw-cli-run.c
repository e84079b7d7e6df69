/* sw-cli-run.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli run: one execution of a definition with the local executor. */

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sw-arn.h"
#include "sw-cli.h"
#include "sw-command-handler.h"
#include "sw-definition.h"
#include "sw-engine-error.h"
#include "sw-execution.h"
#include "sw-http-task.h"
#include "sw-json.h"
#include "sw-sagemaker.h"
#include "sw-validator.h"

typedef struct
{
  GMainLoop *loop;
  SwExecutionStatus status;
  GError *error;
} RunData;

static void
on_finished (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  RunData *run = data;

  run->status = sw_execution_run_finish (SW_EXECUTION (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_signal (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

/* The SageMaker integrations' training log and the states' progress go to standard error
 * while a pipeline that trains runs, so a long run shows what it is doing. */
static void
print_training_log (const char *line,
                    gpointer    user_data)
{
  g_printerr ("  [training] %s\n", line);
}

static void
print_progress (SwExecution    *execution,
                SwHistoryEvent *event,
                gpointer        user_data)
{
  const char *type = sw_history_event_get_type_name (event);
  const char *state = sw_history_event_get_state_name (event);

  if (g_str_has_suffix (type, "StateEntered") || g_str_has_suffix (type, "StateExited") ||
      g_str_has_prefix (type, "Task") || g_str_has_prefix (type, "Execution"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *clock = g_date_time_format (now, "%H:%M:%S");

      g_printerr ("%s %s%s%s\n", clock, type, state != NULL ? " " : "",
                  state != NULL ? state : "");
    }
}

static char *
default_machine_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (strcmp (path, "-") == 0)
    return g_strdup ("StateMachine");
  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static gboolean
write_value (SwValue *value)
{
  gsize length;
  g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_DEFAULT, &length);

  return sw_cli_write_stdout (text, length);
}

int
sw_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *input_text = NULL;
  g_autofree char *input_file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *mock_file = NULL;
  g_autofree char *test_case = NULL;
  g_autofree char *machine_name = NULL;
  g_autofree char *wait_scale_text = NULL;
  g_autofree char *local_s3 = NULL;
  g_autofree char *handlers_file = NULL;
  g_autofree char *connections_file = NULL;
  gboolean history = FALSE, describe = FALSE;
  const GOptionEntry entries[] = {
    { "input", 0, 0, G_OPTION_ARG_STRING, &input_text,
      N_("The execution input, as JSON text (default {})"), N_("JSON") },
    { "input-file", 0, 0, G_OPTION_ARG_FILENAME, &input_file,
      N_("Read the execution input from a file (“-”: standard input)"), N_("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("The execution name (default: a random UUID)"), N_("NAME") },
    { "mock-config", 0, 0, G_OPTION_ARG_FILENAME, &mock_file,
      N_("Mocked Task responses in the Step Functions Local MockConfigFile format"),
      N_("FILE") },
    { "test-case", 0, 0, G_OPTION_ARG_STRING, &test_case,
      N_("The test case of the mock configuration to use"), N_("NAME") },
    { "machine-name", 0, 0, G_OPTION_ARG_STRING, &machine_name,
      N_("The state machine's name (default: the mock file's only machine, else the "
         "definition file's base name)"), N_("NAME") },
    { "handlers", 0, 0, G_OPTION_ARG_FILENAME, &handlers_file,
      N_("A JSON file mapping Task resources to local commands"), N_("FILE") },
    { "connections", 0, 0, G_OPTION_ARG_FILENAME, &connections_file,
      N_("A JSON file mapping the ConnectionArn of HTTP Tasks to connections "
         "(AuthorizationType, AuthParameters)"), N_("FILE") },
    { "wait-scale", 0, 0, G_OPTION_ARG_STRING, &wait_scale_text,
      N_("How much of their time Wait states and retry intervals take: 0 none, 1 all "
         "(default 1)"), N_("X") },
    { "local-s3", 0, 0, G_OPTION_ARG_FILENAME, &local_s3,
      N_("A directory standing for S3: s3://BUCKET/KEY is DIR/BUCKET/KEY (default: "
         "Stepwise’s local-s3-root setting, else ~/.local/share/stepwise/s3)"), N_("DIR") },
    { "history", 0, 0, G_OPTION_ARG_NONE, &history,
      N_("Print the history, shaped like GetExecutionHistory"), NULL },
    { "describe", 0, 0, G_OPTION_ARG_NONE, &describe,
      N_("Print the execution, shaped like DescribeExecution"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) definition = NULL;
  g_autoptr(SwValue) input = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(SwMockConfig) mock = NULL;
  g_autoptr(SwTaskRegistry) registry = NULL;
  g_autoptr(SwSageMaker) sagemaker = NULL;
  g_autoptr(SwHttpTask) http = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *default_name = NULL;
  double wait_scale = 1.0;
  gboolean invalid = FALSE;
  guint sigint, sigterm;
  RunData run = { 0, };
  const char *path;

  context = sw_cli_option_context_new ("run", _("FILE"),
                                       _("Run a state machine offline with the local executor "
                                         "and print its output.\n"
                                         "Task states are served by mocked responses "
                                         "(--mock-config) or local commands (--handlers); "
                                         "SageMaker's integrations train and serve models "
                                         "locally, over a local S3 root (--local-s3).\n"
                                         "With both --describe and --history, one object "
                                         "holds both: {\"execution\": …, \"events\": […]}."),
                                       entries);
  g_option_context_set_description (context,
                                    _("Exit status: 0 the execution succeeded, 1 it failed or "
                                      "the definition is invalid, 2 usage or I/O error, "
                                      "3 it timed out, 4 it was aborted."));
  if (!sw_cli_parse_options (context, "run", &argc, &argv))
    return SW_CLI_EXIT_USAGE;

  if (files == NULL || files[0] == NULL)
    return sw_cli_usage_error ("run", _("No definition file given"));
  if (files[1] != NULL)
    return sw_cli_usage_error ("run", _("Give one definition file"));
  if (input_text != NULL && input_file != NULL)
    return sw_cli_usage_error ("run", _("Give --input or --input-file, not both"));
  if (mock_file != NULL && test_case == NULL)
    return sw_cli_usage_error ("run", _("--mock-config needs --test-case"));
  if (test_case != NULL && mock_file == NULL)
    return sw_cli_usage_error ("run", _("--test-case needs --mock-config"));
  if (name != NULL && !sw_arn_is_valid_name (name))
    return sw_cli_usage_error ("run", _("--name takes 1 to 80 characters without white space, "
                                        "brackets, wildcards, control characters or any of "
                                        "\" # %% \\ ^ | ~ ` $ & , ; : /, not “%s”"), name);
  if ((g_strcmp0 (files[0], "-") == 0) + (g_strcmp0 (input_file, "-") == 0) +
      (g_strcmp0 (mock_file, "-") == 0) + (g_strcmp0 (handlers_file, "-") == 0) > 1)
    return sw_cli_usage_error ("run", _("Only one of FILE, --input-file, --mock-config and "
                                        "--handlers can read standard input (“-”)"));
  if (wait_scale_text != NULL)
    {
      char *end = NULL;

      wait_scale = g_ascii_strtod (wait_scale_text, &end);
      if (end == wait_scale_text || *end != '\0' || !isfinite (wait_scale) || wait_scale < 0)
        return sw_cli_usage_error ("run", _("--wait-scale takes a number of at least 0, not "
                                            "“%s”"), wait_scale_text);
    }

  path = files[0];
  definition = sw_definition_load_file (path, &parse_error, &error);
  if (definition == NULL && error != NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  if (definition == NULL)
    {
      sw_cli_print_diagnostic (stderr, parse_error, path);
      return SW_CLI_EXIT_FAILED;
    }

  diagnostics = sw_validate (definition);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->severity == SW_SEVERITY_ERROR)
        {
          sw_cli_print_diagnostic (stderr, diagnostic, path);
          invalid = TRUE;
        }
    }
  if (invalid)
    return SW_CLI_EXIT_FAILED;

  input = sw_cli_read_json_input (input_text, input_file, NULL, &error);
  if (input == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }

  execution = sw_execution_new (definition, input, &error);
  if (execution == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return error->code == SW_ENGINE_ERROR_INVALID ? SW_CLI_EXIT_FAILED : SW_CLI_EXIT_USAGE;
    }
  if (name != NULL)
    sw_execution_set_name (execution, name);
  sw_execution_set_wait_scale (execution, wait_scale);
  sw_execution_set_record_history (execution, history);

  if (mock_file != NULL)
    {
      g_auto(GStrv) machines = NULL;

      mock = sw_mock_config_new_from_file (mock_file, &error);
      if (mock == NULL)
        {
          sw_cli_print_error ("%s", error->message);
          return SW_CLI_EXIT_USAGE;
        }
      machines = sw_mock_config_list_machines (mock);
      if (machine_name == NULL && g_strv_length (machines) == 1)
        machine_name = g_strdup (machines[0]);
      if (machine_name == NULL)
        machine_name = default_machine_name (path);
      if (!sw_execution_set_mock_config (execution, mock, machine_name, test_case, &error))
        {
          sw_cli_print_error ("%s: %s", mock_file, error->message);
          return SW_CLI_EXIT_USAGE;
        }
    }
  if (machine_name == NULL)
    machine_name = default_machine_name (path);
  sw_execution_set_state_machine_name (execution, machine_name);

  /* SageMaker's integrations are served locally, over the local S3 root; --handlers
   * registered after them win. */
  registry = sw_task_registry_new ();
  sagemaker = sw_sagemaker_new (local_s3);
  /* One root for all: distributed Maps read S3 where SageMaker's jobs write it. */
  sw_execution_set_local_root (execution, sw_sagemaker_get_local_s3_root (sagemaker));
  sw_sagemaker_set_wait_scale (sagemaker, wait_scale);
  sw_sagemaker_register (sagemaker, registry);
  /* HTTP Tasks (arn:aws:states:::http:invoke) call out with libsoup. */
  http = sw_http_task_new ();
  if (connections_file != NULL &&
      !sw_http_task_load_connections (http, connections_file, &error))
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  sw_http_task_register (http, registry);
  sw_execution_set_task_registry (execution, registry);
  if (sw_sagemaker_definition_uses (definition))
    {
      sw_sagemaker_set_log_func (sagemaker, print_training_log, NULL, NULL);
      g_signal_connect (execution, "event", G_CALLBACK (print_progress), NULL);
      g_printerr (_("Local S3 root: %s\n"), sw_sagemaker_get_local_s3_root (sagemaker));
    }

  if (handlers_file != NULL)
    {
      if (!sw_command_handler_load_file (registry, handlers_file, &error))
        {
          sw_cli_print_error ("%s", error->message);
          return SW_CLI_EXIT_USAGE;
        }
      sw_execution_set_task_registry (execution, registry);
    }

  /* Ctrl+C aborts the execution cleanly, as StopExecution would. */
  cancellable = g_cancellable_new ();
  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  run.loop = loop;
  sw_execution_run_async (execution, cancellable, on_finished, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_error (&run.error);
  run.status = sw_execution_get_status (execution);

  if (describe || history)
    {
      g_autoptr(SwValue) printed = NULL;

      if (describe && history)
        {
          g_autoptr(SwValue) events = sw_execution_history_to_value (execution);

          printed = sw_value_new_object ();
          sw_value_object_set (printed, "execution", sw_execution_describe (execution));
          sw_value_object_set (printed, "events",
                               sw_value_ref (sw_value_object_get (events, "events")));
        }
      else if (describe)
        printed = sw_execution_describe (execution);
      else
        printed = sw_execution_history_to_value (execution);
      if (!write_value (printed))
        return SW_CLI_EXIT_USAGE;
    }
  else if (run.status == SW_EXECUTION_STATUS_SUCCEEDED)
    {
      if (!write_value (sw_execution_get_output (execution)))
        return SW_CLI_EXIT_USAGE;
    }

  switch (run.status)
    {
    case SW_EXECUTION_STATUS_SUCCEEDED:
      return SW_CLI_EXIT_OK;
    case SW_EXECUTION_STATUS_TIMED_OUT:
      if (!describe && !history)
        sw_cli_print_error (_("The execution timed out: %s"),
                            sw_execution_get_cause (execution));
      return SW_CLI_EXIT_TIMED_OUT;
    case SW_EXECUTION_STATUS_ABORTED:
      if (!describe && !history)
        sw_cli_print_error (_("The execution was aborted"));
      return SW_CLI_EXIT_ABORTED;
    case SW_EXECUTION_STATUS_FAILED:
    default:
      if (!describe && !history)
        sw_cli_print_error (_("The execution failed: %s: %s"),
                            sw_execution_get_error (execution)
                              ? sw_execution_get_error (execution) : "",
                            sw_execution_get_cause (execution)
                              ? sw_execution_get_cause (execution) : "");
      return SW_CLI_EXIT_FAILED;
    }
}
