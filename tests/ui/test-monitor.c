/* test-monitor.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The run monitor against a Step Functions endpoint: the fake-sfn test double (signed
 * requests, history revealed one event per call, failure injection) and, when this build
 * has it, the local endpoint in-process. */

#include <adwaita.h>
#include <string.h>

#include "../aws/fake-sfn.h"
#include "sw-aws-error.h"
#include "sw-aws-private.h"
#include "sw-canvas.h"
#include "sw-document.h"
#include "sw-events-view.h"
#include "sw-json.h"
#include "sw-machine.h"
#include "sw-painter.h"
#include "sw-run-controller.h"
#include "sw-run-dialogs.h"
#include "sw-run-header.h"
#include "sw-run-list.h"
#include "sw-run-monitor.h"
#include "sw-run-state-view.h"
#include "sw-target-picker.h"
#include "sw-window.h"
#include "test-monitor-util.h"

#define KEY_ID "AKIDMONITORTEST"
#define SECRET "monitor-test-secret"

static const char *passes_definition =
  "{\"StartAt\": \"Prepare\", \"States\": {"
  "\"Prepare\": {\"Type\": \"Pass\", \"Result\": {\"epochs\": 1}, \"Next\": \"Check\"},"
  "\"Check\": {\"Type\": \"Pass\", \"Next\": \"Done\"},"
  "\"Done\": {\"Type\": \"Succeed\"}}}";

static const char *failing_definition =
  "{\"StartAt\": \"Prepare\", \"States\": {"
  "\"Prepare\": {\"Type\": \"Pass\", \"Next\": \"Explode\"},"
  "\"Explode\": {\"Type\": \"Fail\", \"Error\": \"Model.TooLarge\","
  " \"Cause\": \"The model does not fit in 10 GB\"},"
  "\"Unused\": {\"Type\": \"Succeed\"}}}";

static const char *task_definition =
  "{\"StartAt\": \"Prepare\", \"States\": {"
  "\"Prepare\": {\"Type\": \"Pass\", \"Next\": \"Train\"},"
  "\"Train\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\","
  " \"Next\": \"Done\"},"
  "\"Done\": {\"Type\": \"Succeed\"}}}";

typedef struct
{
  FakeSfn *fake;
  SwSfnClient *client;
  SwTarget *target;
  SwRunController *controller;
  GtkWidget *monitor;
  GtkWidget *window;
  GtkWidget *paned;
  GtkWidget *canvas;
  StatusLog log;
  guint n_status_signals;
  char *finished_status;
} Fixture;

static void
no_sleep (double   seconds,
          gpointer user_data)
{
}

static void
status_changed_cb (GtkWidget  *monitor,
                   GHashTable *status,
                   Fixture    *fixture)
{
  fixture->n_status_signals++;
  /* What the window does: the canvas colours the states. */
  if (fixture->canvas != NULL)
    sw_canvas_set_run_status (SW_CANVAS (fixture->canvas), status);
  status_log_record (&fixture->log, status);
}

static void
run_finished_cb (GtkWidget  *monitor,
                 const char *status,
                 Fixture    *fixture)
{
  g_free (fixture->finished_status);
  fixture->finished_status = g_strdup (status);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new (KEY_ID, SECRET, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autofree char *url = NULL;

  fixture->fake = fake_sfn_new ();
  fake_sfn_add_credentials (fixture->fake, KEY_ID, SECRET, NULL);
  fake_sfn_set_page_size (fixture->fake, 2);
  url = fake_sfn_dup_url (fixture->fake);
  fixture->client = sw_sfn_client_new (url, "us-east-1", provider);
  _sw_sfn_client_set_sleep_func (fixture->client, no_sleep, NULL);
  fixture->target = sw_target_new_for_client ("fake-sfn", fixture->client, FALSE);
  fixture->controller = sw_run_controller_new (fixture->target);
  status_log_init (&fixture->log);

  fixture->monitor = sw_run_monitor_new ();
  g_object_ref_sink (fixture->monitor);
  sw_run_monitor_set_target (SW_RUN_MONITOR (fixture->monitor), fixture->target);
  g_signal_connect (fixture->monitor, "status-changed", G_CALLBACK (status_changed_cb), fixture);
  g_signal_connect (fixture->monitor, "run-finished", G_CALLBACK (run_finished_cb), fixture);
  fixture->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_end_child (GTK_PANED (fixture->paned), fixture->monitor);
  gtk_paned_set_position (GTK_PANED (fixture->paned), 420);
  gtk_paned_set_shrink_start_child (GTK_PANED (fixture->paned), FALSE);
  fixture->window = present_in_window (fixture->paned, 1380, 760);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* (a picture painted in a thread, a request in flight may hold it a moment) */
  g_assert_true (WAIT_FOR (G_OBJECT (fixture->monitor)->ref_count == 1, 10));
  g_signal_handlers_disconnect_by_data (fixture->monitor, fixture);
  g_assert_finalize_object (fixture->monitor);
  g_clear_object (&fixture->controller);
  g_clear_object (&fixture->target);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, fake_sfn_free);
  status_log_clear (&fixture->log);
  g_free (fixture->finished_status);
}

static void
deployed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **arn = user_data;
  g_autoptr(GError) error = NULL;

  *arn = sw_run_controller_deploy_finish (SW_RUN_CONTROLLER (object), result, NULL, &error);
  g_assert_no_error (error);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  char **arn = user_data;
  g_autoptr(GError) error = NULL;

  *arn = sw_run_controller_start_finish (SW_RUN_CONTROLLER (object), result, &error);
  g_assert_no_error (error);
}

/* Deploy, start and watch @definition; returns the execution ARN. */
static char *
deploy_and_start (Fixture    *fixture,
                  const char *name,
                  const char *definition)
{
  g_autoptr(SwValue) value = sw_json_parse (definition, -1, NULL, NULL, NULL);
  g_autoptr(SwMachine) machine = NULL;
  g_autofree char *machine_arn = NULL;
  char *execution_arn = NULL;

  g_assert_nonnull (value);
  {
    g_autoptr(SwDocument) document = sw_document_new_for_value (value);

    fixture->canvas = sw_canvas_new (document);
    gtk_paned_set_start_child (GTK_PANED (fixture->paned), fixture->canvas);
    machine = g_object_ref (sw_document_get_machine (document));
    g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fixture->canvas) &&
                             gtk_widget_get_width (fixture->canvas) > 0, 10));
    sw_canvas_zoom_to_fit (SW_CANVAS (fixture->canvas));
  }
  sw_run_monitor_set_machine (SW_RUN_MONITOR (fixture->monitor), machine);
  sw_run_controller_deploy_async (fixture->controller, name, definition,
                                  "arn:aws:iam::123456789012:role/test", NULL, NULL,
                                  deployed_cb, &machine_arn);
  g_assert_true (WAIT_FOR (machine_arn != NULL, 10));
  g_assert_true (g_str_has_prefix (machine_arn, "arn:aws:states:"));
  g_assert_cmpstr (machine_arn, ==,
                   sw_run_controller_get_state_machine_arn (fixture->controller));
  sw_run_monitor_set_state_machine (SW_RUN_MONITOR (fixture->monitor), machine_arn);
  sw_run_controller_start_async (fixture->controller, NULL, "{\"dataset\": \"mnist\"}", NULL,
                                 NULL, started_cb, &execution_arn);
  g_assert_true (WAIT_FOR (execution_arn != NULL, 10));
  sw_run_monitor_watch (SW_RUN_MONITOR (fixture->monitor), execution_arn);
  sw_run_watch_set_interval (sw_run_monitor_get_watch (SW_RUN_MONITOR (fixture->monitor)), 30);
  return execution_arn;
}

static SwRunStatus
status_of (Fixture    *fixture,
           const char *pointer)
{
  gpointer value;

  g_assert_true (g_hash_table_lookup_extended (fixture->log.last, pointer, NULL, &value));
  return GPOINTER_TO_INT (value);
}

static const char *
header_status (Fixture *fixture)
{
  return sw_run_header_get_status_text (
    SW_RUN_HEADER (sw_run_monitor_get_header (SW_RUN_MONITOR (fixture->monitor))));
}

static void
test_succeeded_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *arn = deploy_and_start (fixture, "passes", passes_definition);
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  SwRunWatch *watch = sw_run_monitor_get_watch (monitor);
  GListModel *events;
  SwRunList *runs = SW_RUN_LIST (sw_run_monitor_get_run_list (monitor));

  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "SUCCEEDED");
  g_assert_cmpstr (header_status (fixture), ==, "Succeeded");
  /* Every state turned green; updates came in several steps (the fake reveals one event
   * per call, so a state can enter and exit between two polls). */
  g_assert_cmpint (status_of (fixture, "/States/Prepare"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (status_of (fixture, "/States/Check"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (status_of (fixture, "/States/Done"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (fixture->n_status_signals, >=, 4);

  /* ExecutionStarted, 3 × (Entered, Exited), ExecutionSucceeded; polled with nextToken. */
  events = sw_run_watch_get_events (watch);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 8);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "GetExecutionHistory"), >=, 3);
  g_assert_null (sw_run_monitor_get_message (monitor));
  g_assert_false (sw_run_watch_is_polling (watch));

  /* The output and the state detail. */
  sw_run_monitor_select_state (monitor, "/States/Prepare");
  {
    SwRunStateView *view = SW_RUN_STATE_VIEW (sw_run_monitor_get_state_view (monitor));

    g_assert_cmpuint (sw_run_state_view_get_n_visits (view), ==, 1);
    g_assert_nonnull (strstr (sw_run_state_view_get_text (view, "input"), "mnist"));
    g_assert_nonnull (strstr (sw_run_state_view_get_text (view, "output"), "\"epochs\": 1"));
    g_assert_nonnull (strstr (sw_run_state_view_get_text (view, "Result"), "\"epochs\": 1"));
  }

  /* The run list shows it and opens it again. */
  g_assert_true (WAIT_FOR (sw_run_list_get_n_runs (runs) == 1, 10));
  g_free (fixture->finished_status);
  fixture->finished_status = NULL;
  sw_run_list_activate (runs, 0);
  g_assert_cmpstr (sw_run_watch_get_arn (sw_run_monitor_get_watch (monitor)), ==, arn);
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "SUCCEEDED");
}

static void
test_failed_run (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *arn = deploy_and_start (fixture, "failing", failing_definition);
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  SwRunStateView *view = SW_RUN_STATE_VIEW (sw_run_monitor_get_state_view (monitor));
  SwRunHeader *header = SW_RUN_HEADER (sw_run_monitor_get_header (monitor));
  g_autofree char *shot = NULL;

  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "FAILED");
  g_assert_cmpstr (sw_run_header_get_status_text (header), ==, "Failed");
  g_assert_cmpstr (sw_run_header_get_error_text (header), ==, "Model.TooLarge");
  g_assert_cmpint (status_of (fixture, "/States/Prepare"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (status_of (fixture, "/States/Explode"), ==, SW_RUN_STATUS_FAILED);
  g_assert_cmpint (status_of (fixture, "/States/Unused"), ==, SW_RUN_STATUS_NOT_RUN);

  /* Picking the Fail state's event: its JSON below the table, the state in the detail. */
  {
    SwEventsView *events = SW_EVENTS_VIEW (sw_run_monitor_get_events_view (monitor));

    g_assert_null (sw_events_view_get_details_text (events));
    sw_events_view_select (events, 3);
    g_assert_nonnull (strstr (sw_events_view_get_details_text (events),
                              "\"type\": \"FailStateEntered\""));
    g_assert_cmpstr (sw_run_state_view_get_text (view, "error"), ==, "Model.TooLarge");
  }
  sw_run_monitor_select_state (monitor, "Explode");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "error"), ==, "Model.TooLarge");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "cause"), ==,
                   "The model does not fit in 10 GB");

  sw_run_monitor_set_page (monitor, "state");
  set_dark (FALSE);
  g_free (save_screenshot (fixture->monitor, "monitor-failed-state-light.png"));
  sw_run_monitor_set_page (monitor, "events");
  shot = save_screenshot (fixture->monitor, "monitor-failed-light.png");
  set_dark (TRUE);
  g_free (save_screenshot (fixture->monitor, "monitor-failed-dark.png"));
  set_dark (FALSE);
}

static void
test_stopped_run (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *arn = deploy_and_start (fixture, "stopped", task_definition);

  /* The Task runs until stopped. */
  g_assert_true (WAIT_FOR (g_hash_table_contains (fixture->log.seen_in_progress, "/States/Train"),
                           20));
  g_assert_true (WAIT_FOR (g_strcmp0 (header_status (fixture), "Running") == 0, 10));
  g_assert_cmpint (status_of (fixture, "/States/Train"), ==, SW_RUN_STATUS_IN_PROGRESS);
  g_assert_null (fixture->finished_status);

  set_dark (FALSE);
  g_free (save_screenshot (fixture->monitor, "monitor-running-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (fixture->monitor, "monitor-running-dark.png"));
  set_dark (FALSE);

  g_assert_true (gtk_widget_activate_action (fixture->monitor, "run.stop", NULL));
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "ABORTED");
  g_assert_cmpstr (header_status (fixture), ==, "Aborted");
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "StopExecution"), ==, 1);
  g_assert_cmpint (status_of (fixture, "/States/Prepare"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (status_of (fixture, "/States/Train"), ==, SW_RUN_STATUS_CANCELLED);
  g_assert_cmpint (status_of (fixture, "/States/Done"), ==, SW_RUN_STATUS_NOT_RUN);
}

static void
test_throttling_retried (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *arn = NULL;

  /* One throttled answer: the client's standard retry absorbs it. */
  fake_sfn_inject_error (fixture->fake, "GetExecutionHistory", 400, "ThrottlingException",
                         "Rate exceeded");
  arn = deploy_and_start (fixture, "throttled-once", passes_definition);
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "SUCCEEDED");
  g_assert_null (sw_run_monitor_get_message (SW_RUN_MONITOR (fixture->monitor)));
}

static void
test_throttling_toast (Fixture       *fixture,
                       gconstpointer  data)
{
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  g_autofree char *arn = deploy_and_start (fixture, "throttled", passes_definition);
  SwRunWatch *watch = sw_run_monitor_get_watch (monitor);
  const char *message;

  /* More throttling than the retries: polling stops on an inline message with Retry. */
  for (guint i = 0; i < 3; i++)
    fake_sfn_inject_error (fixture->fake, "DescribeExecution", 400, "ThrottlingException",
                           "Rate exceeded");
  g_assert_true (WAIT_FOR (sw_run_monitor_get_message (monitor) != NULL, 20));
  message = sw_run_monitor_get_message (monitor);
  g_assert_nonnull (strstr (message, "ThrottlingException: Rate exceeded"));
  g_assert_nonnull (sw_run_watch_get_error (watch));
  g_assert_false (sw_run_watch_is_finished (watch));
  g_assert_cmpstr (header_status (fixture), ==, "Running");

  g_assert_true (gtk_widget_activate_action (fixture->monitor, "run.retry", NULL));
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "SUCCEEDED");
  g_assert_null (sw_run_monitor_get_message (monitor));
}

static void
test_service_error (Fixture       *fixture,
                    gconstpointer  data)
{
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  g_autofree char *arn = deploy_and_start (fixture, "expired", passes_definition);

  fake_sfn_inject_error (fixture->fake, "DescribeExecution", 400, "ExpiredTokenException",
                         "The security token included in the request is expired");
  g_assert_true (WAIT_FOR (sw_run_monitor_get_message (monitor) != NULL, 20));
  g_assert_nonnull (strstr (sw_run_monitor_get_message (monitor),
                            "ExpiredTokenException: The security token included in the "
                            "request is expired"));
  g_assert_nonnull (strstr (sw_run_monitor_get_message (monitor), "credentials"));
  g_assert_true (gtk_widget_activate_action (fixture->monitor, "run.retry", NULL));
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "SUCCEEDED");
}

static void
test_lost_run (Fixture       *fixture,
               gconstpointer  data)
{
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  g_autoptr(SwRunWatch) watch = NULL;

  /* An execution the endpoint does not know: lost, never "running". */
  watch = sw_run_watch_new (fixture->client,
                            "arn:aws:states:us-east-1:123456789012:execution:gone:gone");
  sw_run_monitor_show_watch (monitor, watch);
  sw_run_watch_start (watch);
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, SW_RUN_STATUS_LOST_NAME);
  g_assert_cmpstr (header_status (fixture), ==, "Lost");
  g_assert_nonnull (strstr (sw_run_monitor_get_message (monitor), "ExecutionDoesNotExist"));
}

static void
test_local_endpoint_gone (Fixture       *fixture,
                          gconstpointer  data)
{
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  g_autofree char *arn = deploy_and_start (fixture, "gone", task_definition);
  g_autoptr(SwRunWatch) watch = NULL;

  g_assert_true (WAIT_FOR (g_hash_table_contains (fixture->log.seen_in_progress, "/States/Train"),
                           20));
  /* A local run whose endpoint goes away mid-run. */
  watch = sw_run_watch_new (fixture->client, arn);
  sw_run_watch_set_local (watch, TRUE);
  sw_run_watch_set_interval (watch, 30);
  g_clear_pointer (&fixture->finished_status, g_free);
  sw_run_monitor_show_watch (monitor, watch);
  sw_run_watch_start (watch);
  g_assert_true (WAIT_FOR (sw_run_watch_get_events (watch) != NULL &&
                           g_list_model_get_n_items (sw_run_watch_get_events (watch)) > 3, 20));
  /* fake_sfn_free() runs the main loop until it is idle: no spinner animating meanwhile. */
  gtk_widget_set_visible (fixture->window, FALSE);
  g_clear_pointer (&fixture->fake, fake_sfn_free);
  gtk_widget_set_visible (fixture->window, TRUE);
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 30));
  g_assert_cmpstr (fixture->finished_status, ==, SW_RUN_STATUS_LOST_NAME);
  g_assert_cmpstr (header_status (fixture), ==, "Lost");
  g_assert_nonnull (strstr (sw_run_watch_get_lost_reason (watch), "local endpoint is gone"));
  g_assert_cmpint (status_of (fixture, "/States/Train"), ==, SW_RUN_STATUS_CANCELLED);
}

static void
invalid_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray **diagnostics = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;

  arn = sw_run_controller_deploy_finish (SW_RUN_CONTROLLER (object), result, diagnostics,
                                         &error);
  g_assert_null (arn);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_deploy_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  GPtrArray *diagnostics = NULL;
  SwDiagnostic *diagnostic;

  sw_run_controller_deploy_async (fixture->controller, "broken",
                                  "{\"StartAt\": \"Missing\", \"States\": {}}",
                                  "arn:aws:iam::123456789012:role/test", NULL, NULL, invalid_cb,
                                  &diagnostics);
  g_assert_true (WAIT_FOR (diagnostics != NULL, 10));
  g_assert_cmpuint (diagnostics->len, ==, 1);
  diagnostic = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpstr (diagnostic->code, ==, "SCHEMA_VALIDATION_FAILED");
  g_assert_cmpstr (diagnostic->pointer, ==, "/StartAt");
  g_assert_nonnull (strstr (diagnostic->message, "MISSING_TRANSITION_TARGET"));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "CreateStateMachine"), ==, 0);
  g_ptr_array_unref (diagnostics);
}

static void
test_deploy_updates (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  sw_run_controller_deploy_async (fixture->controller, "twice", passes_definition,
                                  "arn:aws:iam::123456789012:role/test", NULL, NULL,
                                  deployed_cb, &first);
  g_assert_true (WAIT_FOR (first != NULL, 10));
  sw_run_controller_deploy_async (fixture->controller, "twice", failing_definition, NULL, NULL,
                                  NULL, deployed_cb, &second);
  g_assert_true (WAIT_FOR (second != NULL, 10));
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "CreateStateMachine"), ==, 1);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "UpdateStateMachine"), ==, 1);
}

/* A monitor gone while its run list still loads: the list's call holds the list, never the
 * monitor, and its failure must not reach the monitor (it crashed a loaded CI once). */
static void
test_list_outlives_monitor (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *machine_arn = NULL;
  GtkWidget *monitor = g_object_ref_sink (sw_run_monitor_new ());
  g_autoptr(GtkWidget) list = g_object_ref (sw_run_monitor_get_run_list (
                                              SW_RUN_MONITOR (monitor)));

  sw_run_controller_deploy_async (fixture->controller, "listed", passes_definition,
                                  "arn:aws:iam::123456789012:role/test", NULL, NULL,
                                  deployed_cb, &machine_arn);
  g_assert_true (WAIT_FOR (machine_arn != NULL, 10));
  sw_run_monitor_set_target (SW_RUN_MONITOR (monitor), fixture->target);
  fake_sfn_inject_error (fixture->fake, "ListExecutions", 400, "AccessDeniedException",
                         "Not allowed");
  fake_sfn_set_delay (fixture->fake, 100);
  sw_run_monitor_set_state_machine (SW_RUN_MONITOR (monitor), machine_arn);
  g_assert_finalize_object (monitor);
  spin_ms (400);
  fake_sfn_set_delay (fixture->fake, 0);
  g_assert_cmpuint (sw_run_list_get_n_runs (SW_RUN_LIST (list)), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
flow_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **arn = user_data;
  g_autoptr(GError) error = NULL;

  *arn = sw_run_dialogs_deploy_and_run_finish (SW_RUN_CONTROLLER (object), result, NULL, &error);
  g_assert_no_error (error);
}

static void
test_dialogs (Fixture       *fixture,
              gconstpointer  data)
{
  char *arn = NULL;
  GtkWidget *dialog;

  /* A custom endpoint asks for the name and role once, then for the input. */
  sw_run_dialogs_deploy_and_run (fixture->controller, GTK_WINDOW (fixture->window),
                                 "mnist-pipeline.asl.json", passes_definition, NULL, NULL,
                                 flow_cb, &arn);
  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (fixture->controller)), 5));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "deploy"));
  sw_run_dialogs_set_field (dialog, "role", "arn:aws:iam::123456789012:role/StepwiseTest");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          "deploy"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "deploy");

  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (fixture->controller)), 10));
  sw_run_dialogs_set_field (dialog, "input", "{not json");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "start"));
  sw_run_dialogs_set_field (dialog, "input", "{\"epochs\": 1}");
  sw_run_dialogs_set_field (dialog, "execution-name", "first-run");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_assert_true (WAIT_FOR (arn != NULL, 10));
  g_assert_true (g_str_has_suffix (arn, ":mnist-pipeline:first-run"));
  g_assert_cmpstr (sw_run_controller_get_last_input (fixture->controller), ==,
                   "{\"epochs\": 1}");
  g_clear_pointer (&arn, g_free);

  /* The second time: no deploy question, the input prefilled from the last run. */
  sw_run_dialogs_deploy_and_run (fixture->controller, GTK_WINDOW (fixture->window),
                                 "mnist-pipeline.asl.json", passes_definition, NULL, NULL,
                                 flow_cb, &arn);
  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (fixture->controller)), 10));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "start"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_assert_true (WAIT_FOR (arn != NULL, 10));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "UpdateStateMachine"), ==, 1);
  g_free (arn);
}

static void
deploy_failed_cb (GtkWidget  *monitor,
                  GPtrArray  *diagnostics,
                  const char *message,
                  GPtrArray **out)
{
  g_assert_nonnull (diagnostics);
  g_assert_nonnull (message);
  *out = g_ptr_array_ref (diagnostics);
}

/* What the window does: one call from its "run" action. */
static void
test_run_document (Fixture       *fixture,
                   gconstpointer  data)
{
  SwRunMonitor *monitor = SW_RUN_MONITOR (fixture->monitor);
  SwRunController *controller = sw_run_monitor_get_controller (monitor);
  g_autoptr(SwValue) good = sw_json_parse (passes_definition, -1, NULL, NULL, NULL);
  g_autoptr(SwValue) bad = sw_json_parse ("{\"StartAt\": \"Nowhere\", \"States\": "
                                          "{\"A\": {\"Type\": \"Succeed\"}}}", -1, NULL,
                                          NULL, NULL);
  g_autoptr(SwDocument) document = sw_document_new_for_value (good);
  g_autoptr(SwDocument) broken = sw_document_new_for_value (bad);
  GPtrArray *diagnostics = NULL;
  GtkWidget *dialog;

  g_assert_true (sw_run_controller_get_target (controller) == fixture->target);
  sw_run_monitor_run_document (monitor, GTK_WINDOW (fixture->window), document);
  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (controller)), 5));
  sw_run_dialogs_set_field (dialog, "role", "arn:aws:iam::123456789012:role/StepwiseTest");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "deploy");
  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (controller)), 10));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_assert_true (WAIT_FOR (fixture->finished_status != NULL, 20));
  g_assert_cmpstr (fixture->finished_status, ==, "SUCCEEDED");
  g_assert_cmpint (status_of (fixture, "/States/Check"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_true (WAIT_FOR (sw_run_list_get_n_runs (SW_RUN_LIST (sw_run_monitor_get_run_list (
                             monitor))) == 1, 10));

  /* The service refuses a broken definition: diagnostics for the canvas. */
  g_signal_connect (fixture->monitor, "deploy-failed", G_CALLBACK (deploy_failed_cb),
                    &diagnostics);
  sw_run_monitor_run_document (monitor, GTK_WINDOW (fixture->window), broken);
  g_assert_true (WAIT_FOR (diagnostics != NULL, 10));
  g_assert_cmpuint (diagnostics->len, ==, 1);
  g_assert_cmpstr (((SwDiagnostic *) g_ptr_array_index (diagnostics, 0))->pointer, ==,
                   "/StartAt");
  g_assert_nonnull (sw_run_monitor_get_message (monitor));
  g_ptr_array_unref (diagnostics);
}

/* Closing the window while its Run is in flight: with every answer of the endpoint held
 * back a second, the window is closed during the deploy (@data "deploy"), with the Start
 * dialog open ("input") or during StartExecution ("start"). The run is abandoned, its dialog
 * closed; the window and its monitor are finalized; the late answers reach neither (a
 * handler on the freed window crashed, G_DEBUG=fatal-warnings fails on any warning). */
static void
test_window_closed_in_flight (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *step = data;
  SwWindow *window = sw_window_new (NULL);
  GtkWidget *picker = gtk_widget_get_first_child (GTK_WIDGET (sw_window_get_run_slot (window)));
  SwRunMonitor *monitor = SW_RUN_MONITOR (sw_window_get_run_monitor (window));
  g_autoptr(SwRunController) controller = g_object_ref (sw_run_monitor_get_controller (monitor));
  g_autoptr(GError) error = NULL;
  gpointer weak_window = window, weak_monitor = monitor;
  GtkWidget *dialog;
  guint requests;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_object_add_weak_pointer (G_OBJECT (monitor), &weak_monitor);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sw_document_set_text (sw_window_get_document (window), passes_definition,
                                       &error));
  g_assert_no_error (error);
  sw_target_picker_set_target (SW_TARGET_PICKER (picker), fixture->target);
  g_assert_true (sw_run_monitor_get_target (monitor) == fixture->target);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (controller)) != NULL, 10));
  sw_run_dialogs_set_field (dialog, "role", "arn:aws:iam::123456789012:role/StepwiseTest");
  if (strcmp (step, "deploy") == 0)
    fake_sfn_set_delay (fixture->fake, 1000);
  requests = fake_sfn_count_requests (fixture->fake, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "deploy");
  if (strcmp (step, "deploy") != 0)
    {
      g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (controller)) != NULL,
                               10));
      g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "CreateStateMachine"), ==, 1);
    }
  if (strcmp (step, "start") == 0)
    {
      fake_sfn_set_delay (fixture->fake, 1000);
      requests = fake_sfn_count_requests (fixture->fake, NULL);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
    }
  /* The request is on its way: its answer is held back. */
  if (strcmp (step, "input") != 0)
    g_assert_true (WAIT_FOR (fake_sfn_count_requests (fixture->fake, NULL) > requests, 10));

  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_FOR (weak_window == NULL && weak_monitor == NULL, 10);
  if (weak_window != NULL || weak_monitor != NULL)
    g_error ("still there: window %u refs, monitor %u refs, dialog %p",
             weak_window ? G_OBJECT (weak_window)->ref_count : 0,
             weak_monitor ? G_OBJECT (weak_monitor)->ref_count : 0,
             sw_run_dialogs_get_open_dialog (controller));
  g_assert_null (sw_run_dialogs_get_open_dialog (controller));
  /* Past the held answers: no run was started by the deploy's, nothing was watched. */
  spin_ms (1500);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "StartExecution"), ==,
                    strcmp (step, "start") == 0 ? 1 : 0);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "DescribeExecution"), ==, 0);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "GetExecutionHistory"), ==, 0);
  g_assert_null (sw_run_dialogs_get_open_dialog (controller));
  fake_sfn_set_delay (fixture->fake, 0);
}

static void
test_targets (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-monitor-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials = g_build_filename (dir, "credentials", NULL);
  g_autoptr(GListModel) targets = NULL;
  g_autoptr(SwTarget) second = NULL;
  GtkWidget *picker;

  g_assert_true (g_file_set_contents (config,
                                      "[default]\nregion = eu-west-1\n"
                                      "[profile research]\nregion = us-west-2\n", -1, NULL));
  g_assert_true (g_file_set_contents (credentials,
                                      "[default]\naws_access_key_id = A\n"
                                      "aws_secret_access_key = B\n"
                                      "[ci]\naws_access_key_id = C\naws_secret_access_key = D\n",
                                      -1, NULL));
  g_setenv ("AWS_CONFIG_FILE", config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials, TRUE);

  targets = sw_target_list_available (NULL);
  g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 4);
  {
    g_autoptr(SwTarget) local = g_list_model_get_item (targets, 0);
    /* The profiles of both files, each once, by name. */
    g_autoptr(SwTarget) ci = g_list_model_get_item (targets, 1);
    g_autoptr(SwTarget) fallback = g_list_model_get_item (targets, 2);
    g_autoptr(SwTarget) research = g_list_model_get_item (targets, 3);

    g_assert_true (sw_target_is_local (local));
    g_assert_false (sw_target_needs_role (local));
    g_assert_cmpstr (sw_target_get_id (local), ==, "local");
    g_assert_cmpint (sw_target_get_kind (research), ==, SW_TARGET_AWS);
    g_assert_cmpstr (sw_target_get_profile (research), ==, "research");
    g_assert_cmpstr (sw_target_get_region (research), ==, "us-west-2");
    g_assert_cmpstr (sw_target_get_label (research), ==, "AWS research · us-west-2");
    g_assert_true (sw_target_needs_role (research));
    g_assert_cmpstr (sw_target_get_profile (ci), ==, "ci");
    g_assert_cmpstr (sw_target_get_profile (fallback), ==, "default");
    g_assert_cmpstr (sw_target_get_region (fallback), ==, "eu-west-1");
    /* A profile without credentials says so (a chosen profile ignores the environment's
     * keys, as the AWS CLI does); one with keys gets its client. */
    g_assert_null (sw_target_get_client (research));
    g_assert_error (sw_target_get_error (research), SW_AWS_ERROR, SW_AWS_ERROR_NO_CREDENTIALS);
    g_assert_nonnull (sw_target_get_client (ci));
    g_assert_cmpstr (sw_sfn_client_get_region (sw_target_get_client (ci)), ==, "us-east-1");
    g_assert_true (g_str_has_prefix (sw_sfn_client_get_endpoint (sw_target_get_client (ci)),
                                     "https://states.us-east-1.amazonaws.com"));
  }

  picker = sw_target_picker_new ();
  g_object_ref_sink (picker);
  g_assert_cmpuint (g_list_model_get_n_items (sw_target_picker_get_targets (
                      SW_TARGET_PICKER (picker))), ==, 4);
  g_assert_true (sw_target_is_local (sw_target_picker_get_target (SW_TARGET_PICKER (picker))));
  second = g_object_ref (sw_target_picker_add_endpoint (SW_TARGET_PICKER (picker),
                                                        "http://127.0.0.1:9/"));
  g_assert_true (sw_target_picker_get_target (SW_TARGET_PICKER (picker)) == second);
  g_assert_cmpint (sw_target_get_kind (second), ==, SW_TARGET_ENDPOINT);
  g_assert_cmpuint (g_list_model_get_n_items (sw_target_picker_get_targets (
                      SW_TARGET_PICKER (picker))), ==, 5);
  g_assert_finalize_object (picker);

  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
  g_remove (config);
  g_remove (credentials);
  g_rmdir (dir);
}

#ifdef SW_HAVE_SERVICE
/* The local endpoint, in-process on loopback, through the same code path. */

typedef struct
{
  SwTarget *target;
  SwRunController *controller;
  GtkWidget *monitor;
  GtkWidget *window;
  char *finished;
} Local;

static void
local_finished_cb (GtkWidget  *monitor,
                   const char *status,
                   Local      *local)
{
  g_free (local->finished);
  local->finished = g_strdup (status);
}

static void
local_set_up (Local      *local,
              const char *db_path)
{
  local->target = sw_target_new_local (db_path);
  g_assert_nonnull (sw_target_get_client (local->target));
  g_assert_true (g_str_has_prefix (sw_target_get_local_url (local->target), "http://127.0.0.1:"));
  local->controller = sw_run_controller_new (local->target);
  local->monitor = g_object_ref_sink (sw_run_monitor_new ());
  sw_run_monitor_set_target (SW_RUN_MONITOR (local->monitor), local->target);
  g_signal_connect (local->monitor, "run-finished", G_CALLBACK (local_finished_cb), local);
  local->window = present_in_window (local->monitor, 1000, 760);
}

static void
local_tear_down (Local *local)
{
  gtk_window_destroy (GTK_WINDOW (local->window));
  g_assert_true (WAIT_FOR (G_OBJECT (local->monitor)->ref_count == 1, 10));
  g_signal_handlers_disconnect_by_data (local->monitor, local);
  g_assert_finalize_object (local->monitor);
  g_clear_object (&local->controller);
  sw_target_shutdown (local->target);
  g_clear_object (&local->target);
  g_free (local->finished);
}

static char *
local_start (Local      *local,
             const char *name,
             const char *definition,
             const char *input)
{
  g_autoptr(SwValue) value = sw_json_parse (definition, -1, NULL, NULL, NULL);
  g_autoptr(SwMachine) machine = sw_machine_new (value);
  g_autofree char *machine_arn = NULL;
  char *arn = NULL;

  sw_run_monitor_set_machine (SW_RUN_MONITOR (local->monitor), machine);
  sw_run_controller_deploy_async (local->controller, name, definition, NULL, NULL, NULL,
                                  deployed_cb, &machine_arn);
  g_assert_true (WAIT_FOR (machine_arn != NULL, 20));
  sw_run_monitor_set_state_machine (SW_RUN_MONITOR (local->monitor), machine_arn);
  sw_run_controller_start_async (local->controller, NULL, input, NULL, NULL, started_cb, &arn);
  g_assert_true (WAIT_FOR (arn != NULL, 20));
  g_clear_pointer (&local->finished, g_free);
  sw_run_monitor_watch (SW_RUN_MONITOR (local->monitor), arn);
  sw_run_watch_set_interval (sw_run_monitor_get_watch (SW_RUN_MONITOR (local->monitor)), 50);
  return arn;
}

static SwRunStatus
local_status (Local      *local,
              const char *pointer)
{
  g_autoptr(GHashTable) status = sw_run_monitor_dup_status (SW_RUN_MONITOR (local->monitor));

  return GPOINTER_TO_INT (g_hash_table_lookup (status, pointer));
}

static void
test_local_runs (void)
{
  Local local = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_autofree char *dir = g_dir_make_tmp ("sw-monitor-db-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "local.db", NULL);
  g_autofree char *machine_arn = NULL;

  local_set_up (&local, db);
  first = local_start (&local, "local-passes", passes_definition, "{\"n\": 1}");
  g_assert_true (WAIT_FOR (local.finished != NULL, 30));
  g_assert_cmpstr (local.finished, ==, "SUCCEEDED");
  g_assert_cmpint (local_status (&local, "/States/Prepare"), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (local_status (&local, "/States/Done"), ==, SW_RUN_STATUS_SUCCEEDED);

  /* A long Wait, stopped: cancelled. */
  second = local_start (&local, "local-wait",
                        "{\"StartAt\": \"Sleep\", \"States\": {\"Sleep\": {\"Type\": \"Wait\","
                        " \"Seconds\": 600, \"Next\": \"Done\"},"
                        " \"Done\": {\"Type\": \"Succeed\"}}}",
                        "{}");
  g_assert_true (WAIT_FOR (local_status (&local, "/States/Sleep") == SW_RUN_STATUS_IN_PROGRESS,
                           30));
  g_assert_true (gtk_widget_activate_action (local.monitor, "run.stop", NULL));
  g_assert_true (WAIT_FOR (local.finished != NULL, 30));
  g_assert_cmpstr (local.finished, ==, "ABORTED");
  g_assert_cmpint (local_status (&local, "/States/Sleep"), ==, SW_RUN_STATUS_CANCELLED);
  g_assert_cmpint (local_status (&local, "/States/Done"), ==, SW_RUN_STATUS_NOT_RUN);
  machine_arn = g_strdup (sw_run_controller_get_state_machine_arn (local.controller));
  local_tear_down (&local);

  /* Local runs persist: a new endpoint on the same database lists and opens them. */
  memset (&local, 0, sizeof local);
  local_set_up (&local, db);
  {
    SwRunMonitor *monitor = SW_RUN_MONITOR (local.monitor);
    SwRunList *runs = SW_RUN_LIST (sw_run_monitor_get_run_list (monitor));

    sw_run_monitor_set_state_machine (monitor, machine_arn);
    g_assert_true (WAIT_FOR (sw_run_list_get_n_runs (runs) == 1, 20));
    sw_run_list_activate (runs, 0);
    g_assert_cmpstr (sw_run_watch_get_arn (sw_run_monitor_get_watch (monitor)), ==, second);
    g_assert_true (WAIT_FOR (local.finished != NULL, 20));
    g_assert_cmpstr (local.finished, ==, "ABORTED");
  }
  local_tear_down (&local);
  remove_tree (dir);
}

#ifdef SW_HAVE_SAGEMAKER
#include "sw-digit-pad.h"
#include "sw-training-monitor.h"

/* The example pipeline, one epoch, on this computer: every state turns green and the
 * training monitor sees metrics arrive. */
static void
test_local_pipeline (void)
{
  Local local = { 0 };
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                            "mnist-pipeline.asl.json", NULL);
  g_autofree char *input_path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data",
                                                  "examples", "mnist-pipeline.input.json", NULL);
  g_autofree char *definition = NULL;
  g_autofree char *input = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *s3 = g_dir_make_tmp ("sw-monitor-s3-XXXXXX", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  SwTrainingMonitor *training;
  g_autoptr(GHashTable) status = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 start;

  g_assert_true (g_file_get_contents (path, &definition, NULL, NULL));
  g_assert_true (g_file_get_contents (input_path, &input, NULL, NULL));
  {
    g_autoptr(GRegex) epochs = g_regex_new ("\"epochs\": \"[0-9]+\"", 0, 0, NULL);
    char *one_epoch = g_regex_replace_literal (epochs, definition, -1, 0, "\"epochs\": \"1\"",
                                               0, NULL);

    g_assert_cmpstr (one_epoch, !=, definition);
    g_free (definition);
    definition = one_epoch;
  }
  g_settings_set_string (settings, "local-s3-root", s3);
  g_settings_set_double (settings, "wait-scale", 0.01);

  local_set_up (&local, NULL);
  training = SW_TRAINING_MONITOR (sw_run_monitor_get_training (SW_RUN_MONITOR (local.monitor)));
  sw_training_monitor_set_interval (training, 200);
  start = g_get_monotonic_time ();
  arn = local_start (&local, "mnist-pipeline", definition, input);
  /* Metrics arrive (the sample is small: the job may end between two polls). */
  g_assert_true (WAIT_FOR (sw_training_monitor_get_n_points (training, "train:loss") >= 2 ||
                           g_strcmp0 (sw_training_monitor_get_status (training),
                                      "Completed") == 0, 120));
  g_assert_cmpuint (sw_training_monitor_get_n_points (training, "train:loss"), >=, 1);
  sw_run_monitor_set_page (SW_RUN_MONITOR (local.monitor), "training");
  set_dark (FALSE);
  g_free (save_screenshot (local.monitor, "local-pipeline-training-light.png"));
  g_assert_true (WAIT_FOR (local.finished != NULL, 120));
  g_test_message ("example pipeline, 1 epoch, on this computer: %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpstr (local.finished, ==, "SUCCEEDED");
  /* The training monitor polls on its own clock: it sees the end a moment later. */
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_training_monitor_get_status (training),
                                      "Completed") == 0, 30));
  g_assert_cmpuint (sw_training_monitor_get_n_points (training, "test:accuracy"), >=, 1);
  g_assert_nonnull (sw_training_monitor_get_artifact (training));
  status = sw_run_monitor_dup_status (SW_RUN_MONITOR (local.monitor));
  g_hash_table_iter_init (&iter, status);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("%s: %d", (const char *) key, GPOINTER_TO_INT (value));
      g_assert_cmpint (GPOINTER_TO_INT (value), ==, SW_RUN_STATUS_SUCCEEDED);
    }
  g_free (save_screenshot (local.monitor, "local-pipeline-finished-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (local.monitor, "local-pipeline-finished-dark.png"));
  set_dark (FALSE);

  /* Try the model: the example's test digit (a 7) through InvokeEndpoint. */
  {
    SwDigitPad *pad = SW_DIGIT_PAD (sw_run_monitor_get_digit_pad (SW_RUN_MONITOR (local.monitor)));
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *rows;
    float pixels[SW_DIGIT_PAD_SIZE * SW_DIGIT_PAD_SIZE];
    double sum = 0;

    g_assert_true (json_parser_load_from_data (parser, input, -1, NULL));
    rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "TestImage");
    for (guint y = 0; y < SW_DIGIT_PAD_SIZE; y++)
      for (guint x = 0; x < SW_DIGIT_PAD_SIZE; x++)
        pixels[y * SW_DIGIT_PAD_SIZE + x] =
          json_array_get_int_element (json_array_get_array_element (rows, y), x) / 255.0f;
    sw_digit_pad_set_pixels (pad, pixels);
    sw_digit_pad_predict (pad);
    g_assert_true (WAIT_FOR (sw_digit_pad_get_prediction (pad) >= 0, 30));
    for (guint d = 0; d < 10; d++)
      sum += sw_digit_pad_get_probability (pad, d);
    g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
    g_test_message ("the one-epoch model reads the test 7 as %d (%.0f %%)",
                    sw_digit_pad_get_prediction (pad),
                    100 * sw_digit_pad_get_probability (pad, sw_digit_pad_get_prediction (pad)));
    sw_run_monitor_set_page (SW_RUN_MONITOR (local.monitor), "try");
    g_free (save_screenshot (local.monitor, "local-try-the-model-light.png"));
  }
  local_tear_down (&local);
  g_settings_reset (settings, "local-s3-root");
  g_settings_reset (settings, "wait-scale");
  remove_tree (s3);
}
#endif
#endif

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* No user AWS files: the endpoint target signs with these. */
  g_setenv ("AWS_ACCESS_KEY_ID", KEY_ID, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", SECRET, TRUE);
  g_setenv ("AWS_REGION", "us-east-1", TRUE);

  g_test_add_func ("/ui/monitor/targets", test_targets);
#define ADD(path, func) \
  g_test_add ("/ui/monitor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("run/succeeded", test_succeeded_run);
  ADD ("run/failed", test_failed_run);
  ADD ("run/stopped", test_stopped_run);
  ADD ("errors/throttling-retried", test_throttling_retried);
  ADD ("errors/throttling-message", test_throttling_toast);
  ADD ("errors/expired-credentials", test_service_error);
  ADD ("errors/lost-run", test_lost_run);
  ADD ("errors/local-endpoint-gone", test_local_endpoint_gone);
  ADD ("errors/list-outlives-monitor", test_list_outlives_monitor);
  ADD ("deploy/invalid", test_deploy_invalid);
  ADD ("deploy/update", test_deploy_updates);
  ADD ("deploy/dialogs", test_dialogs);
  ADD ("deploy/run-document", test_run_document);
#undef ADD
#define ADD(step) \
  g_test_add ("/ui/monitor/window/closed-during-" step, Fixture, step, fixture_set_up, \
              test_window_closed_in_flight, fixture_tear_down)
  ADD ("deploy");
  ADD ("input");
  ADD ("start");
#undef ADD
#ifdef SW_HAVE_SERVICE
  g_test_add_func ("/ui/monitor/local/runs", test_local_runs);
#ifdef SW_HAVE_SAGEMAKER
  g_test_add_func ("/ui/monitor/local/example-pipeline", test_local_pipeline);
#endif
#endif
  return g_test_run ();
}
