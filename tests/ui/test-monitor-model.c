/* test-monitor-model.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The monitor's models and views without a Step Functions endpoint: a synthetic
 * 25,000-event history (fill and filter times), the processing pipeline, Map iterations,
 * the training monitor fed by a test SageMaker server, and "Try the model". */

#include <adwaita.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "sw-digit-pad.h"
#include "sw-events-view.h"
#include "sw-json.h"
#include "sw-machine.h"
#include "sw-painter.h"
#include "sw-run-monitor.h"
#include "sw-run-pipeline.h"
#include "sw-run-preferences.h"
#include "sw-run-state-view.h"
#include "sw-run-watch.h"
#include "sw-training-monitor.h"
#include "sw-training-plot.h"
#include "test-monitor-util.h"

#define N_EVENTS 25000

/* Histories start a few minutes ago, so running ones show sensible durations. */
static double base_time;

/* History builder. */

typedef struct
{
  JsonArray *events;
  double start;
} History;

static void
history_init (History *history)
{
  history->events = json_array_new ();
  history->start = base_time;
}

static gint64
history_add (History    *history,
             gint64      previous,
             const char *type,
             const char *details_key,
             JsonObject *details)
{
  JsonObject *event = json_object_new ();
  gint64 id = json_array_get_length (history->events) + 1;

  json_object_set_int_member (event, "id", id);
  json_object_set_int_member (event, "previousEventId", previous);
  json_object_set_string_member (event, "type", type);
  json_object_set_double_member (event, "timestamp", history->start + id * 0.01);
  if (details_key != NULL)
    json_object_set_object_member (event, details_key, details);
  json_array_add_object_element (history->events, event);
  return id;
}

static JsonObject *
details (const char *first_key,
         ...)
{
  JsonObject *object = json_object_new ();
  const char *key;
  va_list args;

  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (strcmp (key, "index") == 0)
        json_object_set_int_member (object, key, g_ascii_strtoll (value, NULL, 10));
      else
        json_object_set_string_member (object, key, value);
    }
  va_end (args);
  return object;
}

/* Starts @history: ExecutionStarted with @input, then the first state, @name, entered (an
 * event of @type) with the same input. Returns the entered event's id. */
static gint64
history_begin (History    *history,
               const char *input,
               const char *type,
               const char *name)
{
  gint64 started;

  history_init (history);
  started = history_add (history, 0, "ExecutionStarted", "executionStartedEventDetails",
                         details ("input", input, NULL));
  return history_add (history, started, type, "stateEnteredEventDetails",
                      details ("name", name, "input", input, NULL));
}

static JsonObject *
description (const char *status,
             const char *input)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "executionArn",
                                 "arn:aws:states:us-east-1:123456789012:execution:m:run-1");
  json_object_set_string_member (object, "stateMachineArn",
                                 "arn:aws:states:us-east-1:123456789012:stateMachine:m");
  json_object_set_string_member (object, "name", "run-1");
  json_object_set_string_member (object, "status", status);
  json_object_set_double_member (object, "startDate", base_time);
  json_object_set_string_member (object, "input", input);
  return object;
}

/* A Map over many items, one in fifty failing and caught by a retry. */
static JsonArray *
big_history (guint  n_events,
             guint *n_failed)
{
  History history;
  gint64 last, map;
  guint i = 0;

  history_init (&history);
  last = history_add (&history, 0, "ExecutionStarted", "executionStartedEventDetails",
                      details ("input", "{}", NULL));
  map = history_add (&history, last, "MapStateEntered", "stateEnteredEventDetails",
                     details ("name", "Fan", "input", "[]", NULL));
  map = history_add (&history, map, "MapStateStarted", "mapStateStartedEventDetails",
                     details ("length", "0", NULL));
  *n_failed = 0;
  while (json_array_get_length (history.events) + 8 + 4 <= n_events)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      g_autofree char *input = g_strdup_printf ("{\"item\": %u}", i);

      last = history_add (&history, map, "MapIterationStarted",
                          "mapIterationStartedEventDetails",
                          details ("name", "Fan", "index", index, NULL));
      last = history_add (&history, last, "TaskStateEntered", "stateEnteredEventDetails",
                          details ("name", "Work", "input", input, NULL));
      last = history_add (&history, last, "TaskScheduled", "taskScheduledEventDetails",
                          details ("resourceType", "lambda", "resource", "invoke", NULL));
      if (i % 50 == 49 && ++*n_failed)
        last = history_add (&history, last, "TaskFailed", "taskFailedEventDetails",
                            details ("error", "Lambda.TooManyRequestsException",
                                     "cause", "Rate exceeded", NULL));
      last = history_add (&history, last, "TaskSucceeded", "taskSucceededEventDetails",
                          details ("output", input, NULL));
      last = history_add (&history, last, "TaskStateExited", "stateExitedEventDetails",
                          details ("name", "Work", "output", input, NULL));
      last = history_add (&history, last, "MapIterationSucceeded",
                          "mapIterationSucceededEventDetails",
                          details ("name", "Fan", "index", index, NULL));
      i++;
    }
  while (json_array_get_length (history.events) < n_events - 3)
    last = history_add (&history, last, "MapStateSucceeded", NULL, NULL);
  last = history_add (&history, last, "MapStateExited", "stateExitedEventDetails",
                      details ("name", "Fan", "output", "[]", NULL));
  last = history_add (&history, last, "PassStateEntered", "stateEnteredEventDetails",
                      details ("name", "Report", "input", "[]", NULL));
  history_add (&history, last, "ExecutionSucceeded", "executionSucceededEventDetails",
               details ("output", "[]", NULL));
  return history.events;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* This thread's CPU time in seconds: the work itself, without the waits for a CPU that a
 * loaded machine adds to the wall clock (a 0.1 s scroll took 1.3 s at load 17 on 2 cores). */
static double
thread_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

static void
record_measurement (const char *name,
                    double      seconds)
{
  const char *dir = g_getenv ("SW_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : g_get_tmp_dir (),
                                            "monitor-measurements.txt", NULL);
  g_autofree char *line = g_strdup_printf ("%s: %.1f ms\n", name, seconds * 1000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;

  g_test_message ("%s", line);
  g_mkdir_with_parents (dir ? dir : g_get_tmp_dir (), 0755);
  out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, NULL);
  if (out != NULL)
    g_output_stream_write_all (G_OUTPUT_STREAM (out), line, strlen (line), NULL, NULL, NULL);
}

static void
test_many_events (void)
{
  guint n_failed = 0;
  g_autoptr(JsonArray) events = big_history (N_EVENTS, &n_failed);
  g_autoptr(SwRunWatch) watch = sw_run_watch_new (NULL, "arn:aws:states:::execution:m:big");
  g_autoptr(JsonObject) done = description ("SUCCEEDED", "{}");
  GtkWidget *view = sw_events_view_new ();
  GtkWidget *window;
  GListModel *filtered;
  GHashTable *status;
  gint64 start;
  double fill, show, filter_text, filter_kind, clear;
  double fill_cpu, filter_text_cpu, filter_kind_cpu;

  g_assert_cmpuint (json_array_get_length (events), ==, N_EVENTS);
  window = present_in_window (view, 1000, 700);

  /* Fill: the watch reads the events (states, iterations, statuses) into its store. */
  start = g_get_monotonic_time ();
  fill_cpu = thread_cpu_seconds ();
  sw_run_watch_set_description (watch, done);
  sw_run_watch_append_events (watch, events);
  fill = seconds_since (start);
  fill_cpu = thread_cpu_seconds () - fill_cpu;
  g_assert_cmpuint (g_list_model_get_n_items (sw_run_watch_get_events (watch)), ==, N_EVENTS);

  start = g_get_monotonic_time ();
  sw_events_view_set_model (SW_EVENTS_VIEW (view), sw_run_watch_get_events (watch));
  spin_ms (1);
  gtk_widget_queue_draw (view);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  show = seconds_since (start);
  filtered = sw_events_view_get_filtered (SW_EVENTS_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (filtered), ==, N_EVENTS);

  start = g_get_monotonic_time ();
  filter_text_cpu = thread_cpu_seconds ();
  sw_events_view_set_filter_text (SW_EVENTS_VIEW (view), "toomanyrequests");
  filter_text = seconds_since (start);
  filter_text_cpu = thread_cpu_seconds () - filter_text_cpu;
  /* One in fifty of the iterations failed once. */
  g_assert_cmpuint (n_failed, >, 60);
  g_assert_cmpuint (g_list_model_get_n_items (filtered), ==, n_failed);

  start = g_get_monotonic_time ();
  filter_kind_cpu = thread_cpu_seconds ();
  sw_events_view_set_filter_text (SW_EVENTS_VIEW (view), NULL);
  sw_events_view_set_filter_kind (SW_EVENTS_VIEW (view), SW_RUN_EVENT_KIND_ITERATION);
  filter_kind = seconds_since (start);
  filter_kind_cpu = thread_cpu_seconds () - filter_kind_cpu;
  {
    guint n = g_list_model_get_n_items (filtered);
    g_autoptr(SwRunEvent) first = g_list_model_get_item (filtered, 0);

    g_assert_cmpuint (n, >, N_EVENTS / 4);
    g_assert_true (g_str_has_prefix (sw_run_event_get_event_type (first), "Map"));
  }

  start = g_get_monotonic_time ();
  sw_events_view_set_filter_kind (SW_EVENTS_VIEW (view), SW_RUN_EVENT_KIND_ALL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  clear = seconds_since (start);
  g_assert_cmpuint (g_list_model_get_n_items (filtered), ==, N_EVENTS);

  /* Scrolling to the end renders only the rows in view. */
  {
    GtkWidget *scrolled = gtk_widget_get_parent (
      GTK_WIDGET (sw_events_view_get_column_view (SW_EVENTS_VIEW (view))));
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    double scroll, scroll_cpu;

    spin_ms (50);
    start = g_get_monotonic_time ();
    scroll_cpu = thread_cpu_seconds ();
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    gtk_widget_queue_draw (view);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    scroll = seconds_since (start);
    scroll_cpu = thread_cpu_seconds () - scroll_cpu;
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
    record_measurement ("25000 events: scroll to the end", scroll);
    g_assert_cmpfloat (scroll_cpu, <, 1.0);
  }

  record_measurement ("25000 events: watch fill (parse, attribute, status)", fill);
  record_measurement ("25000 events: column view shown", show);
  record_measurement ("25000 events: text filter", filter_text);
  record_measurement ("25000 events: type filter", filter_kind);
  record_measurement ("25000 events: filter cleared and redrawn", clear);
  /* Generous bounds (sanitizers), on CPU time: a loaded machine stretched 0.14 s of type
   * filter to 3.9 s of wall clock. */
  g_assert_cmpfloat (fill_cpu, <, 3.0);
  g_assert_cmpfloat (filter_text_cpu, <, 2.0);
  g_assert_cmpfloat (filter_kind_cpu, <, 2.0);

  /* Statuses and iterations survive the volume. */
  status = sw_run_watch_get_state_status (watch);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (status, "Fan")), ==,
                   SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (status, "Work")), ==,
                   SW_RUN_STATUS_SUCCEEDED);
  {
    g_autoptr(SwRunEvent) event = g_list_model_get_item (sw_run_watch_get_events (watch), 3 + 7);

    g_assert_cmpstr (sw_run_event_get_event_type (event), ==, "TaskStateEntered");
    g_assert_cmpint (sw_run_event_get_iteration (event), ==, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The processing pipeline. */

static const char *pipeline_definition =
  "{\"StartAt\": \"Train\", \"States\": {\"Train\": {\"Type\": \"Task\","
  " \"Resource\": \"arn:aws:states:::lambda:invoke\","
  " \"InputPath\": \"$.job\","
  " \"Parameters\": {\"epochs.$\": \"$.epochs\", \"run.$\": \"$$.Execution.Name\"},"
  " \"ResultSelector\": {\"loss.$\": \"$.Payload.loss\"},"
  " \"ResultPath\": \"$.result\", \"OutputPath\": \"$.result\", \"End\": true}}}";

static SwMachine *
parse_machine (const char *text)
{
  g_autoptr(SwValue) value = sw_json_parse (text, -1, NULL, NULL, NULL);

  g_assert_nonnull (value);
  return sw_machine_new (value);
}

static void
assert_json (const char *actual,
             const char *expected)
{
  g_autoptr(SwValue) a = sw_json_parse (actual, -1, NULL, NULL, NULL);
  g_autoptr(SwValue) b = sw_json_parse (expected, -1, NULL, NULL, NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  ca = sw_json_write (a, SW_JSON_WRITE_COMPACT, NULL);
  cb = sw_json_write (b, SW_JSON_WRITE_COMPACT, NULL);
  g_assert_cmpstr (ca, ==, cb);
}

static void
test_pipeline (void)
{
  g_autoptr(SwMachine) machine = parse_machine (pipeline_definition);
  g_autoptr(SwRunWatch) watch = sw_run_watch_new (NULL, "arn:aws:states:::execution:m:run-1");
  const char *input = "{\"job\": {\"epochs\": 2}, \"other\": 1}";
  g_autoptr(JsonObject) done = description ("SUCCEEDED", input);
  GtkWidget *monitor = sw_run_monitor_new ();
  GtkWidget *window;
  SwRunStateView *view;
  History history;
  gint64 last;
  g_autoptr(GPtrArray) steps = NULL;

  last = history_begin (&history, input, "TaskStateEntered", "Train");
  last = history_add (&history, last, "TaskScheduled", "taskScheduledEventDetails",
                      details ("resourceType", "lambda", "resource", "invoke", NULL));
  last = history_add (&history, last, "TaskSucceeded", "taskSucceededEventDetails",
                      details ("output", "{\"Payload\": {\"loss\": 0.25, \"acc\": 0.9}}", NULL));
  last = history_add (&history, last, "TaskStateExited", "stateExitedEventDetails",
                      details ("name", "Train", "output", "{\"loss\": 0.25}", NULL));
  history_add (&history, last, "ExecutionSucceeded", "executionSucceededEventDetails",
               details ("output", "{\"loss\": 0.25}", NULL));
  sw_run_watch_set_description (watch, done);
  sw_run_watch_append_events (watch, history.events);
  json_array_unref (history.events);

  /* The library computation alone. */
  steps = sw_run_pipeline_compute (sw_machine_lookup_state (machine, "Train"), input,
                                   "{\"Payload\": {\"loss\": 0.25}}",
                                   "{\"Execution\": {\"Name\": \"run-1\"}}");
  g_assert_nonnull (steps);
  g_assert_cmpuint (steps->len, ==, 8);

  window = present_in_window (monitor, 960, 900);
  sw_run_monitor_set_machine (SW_RUN_MONITOR (monitor), machine);
  sw_run_monitor_show_watch (SW_RUN_MONITOR (monitor), watch);
  sw_run_monitor_select_state (SW_RUN_MONITOR (monitor), "/States/Train");
  view = SW_RUN_STATE_VIEW (sw_run_monitor_get_state_view (SW_RUN_MONITOR (monitor)));
  assert_json (sw_run_state_view_get_text (view, "InputPath"), "{\"epochs\": 2}");
  assert_json (sw_run_state_view_get_text (view, "Parameters"),
               "{\"epochs\": 2, \"run\": \"run-1\"}");
  assert_json (sw_run_state_view_get_text (view, "Task result"),
               "{\"Payload\": {\"loss\": 0.25, \"acc\": 0.9}}");
  assert_json (sw_run_state_view_get_text (view, "ResultSelector"), "{\"loss\": 0.25}");
  assert_json (sw_run_state_view_get_text (view, "ResultPath"),
               "{\"job\": {\"epochs\": 2}, \"other\": 1, \"result\": {\"loss\": 0.25}}");
  assert_json (sw_run_state_view_get_text (view, "OutputPath"), "{\"loss\": 0.25}");
  assert_json (sw_run_state_view_get_text (view, "output"), "{\"loss\": 0.25}");

  sw_run_monitor_set_page (SW_RUN_MONITOR (monitor), "state");
  set_dark (FALSE);
  g_free (save_screenshot (monitor, "monitor-pipeline-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (monitor, "monitor-pipeline-dark.png"));
  set_dark (FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_pipeline_errors (void)
{
  g_autoptr(SwMachine) machine = parse_machine (pipeline_definition);
  g_autoptr(GPtrArray) steps = NULL;
  SwRunPipelineStep *last;

  /* InputPath matching nothing fails as the service says it. */
  steps = sw_run_pipeline_compute (sw_machine_lookup_state (machine, "Train"),
                                   "{\"other\": 1}", NULL, NULL);
  g_assert_nonnull (steps);
  last = g_ptr_array_index (steps, steps->len - 1);
  g_assert_cmpstr (last->step, ==, "InputPath");
  g_assert_null (last->json);
  g_assert_nonnull (last->error);
}

static void
test_map_iterations (void)
{
  g_autoptr(SwMachine) machine = parse_machine (
    "{\"StartAt\": \"Fan\", \"States\": {\"Fan\": {\"Type\": \"Map\", \"End\": true,"
    " \"ItemProcessor\": {\"StartAt\": \"Work\", \"States\": {\"Work\": {\"Type\": \"Pass\","
    " \"End\": true}}}}}}");
  g_autoptr(SwRunWatch) watch = sw_run_watch_new (NULL, "arn:aws:states:::execution:m:map");
  g_autoptr(JsonObject) running = description ("RUNNING", "[1, 2, 3]");
  GtkWidget *view = sw_run_state_view_new ();
  GtkWidget *window;
  History history;
  gint64 map;

  map = history_begin (&history, "[1, 2, 3]", "MapStateEntered", "Fan");
  map = history_add (&history, map, "MapStateStarted", NULL, NULL);
  /* Iterations interleave, as they do when they run concurrently. */
  {
    gint64 it[3], entered[3];

    for (int i = 0; i < 3; i++)
      {
        g_autofree char *index = g_strdup_printf ("%d", i);

        it[i] = history_add (&history, map, "MapIterationStarted",
                             "mapIterationStartedEventDetails",
                             details ("name", "Fan", "index", index, NULL));
      }
    for (int i = 0; i < 3; i++)
      {
        g_autofree char *input = g_strdup_printf ("%d", i + 1);

        entered[i] = history_add (&history, it[i], "PassStateEntered",
                                  "stateEnteredEventDetails",
                                  details ("name", "Work", "input", input, NULL));
      }
    for (int i = 0; i < 2; i++)
      {
        g_autofree char *output = g_strdup_printf ("%d", 10 * (i + 1));

        history_add (&history, entered[i], "PassStateExited", "stateExitedEventDetails",
                     details ("name", "Work", "output", output, NULL));
      }
  }
  sw_run_watch_set_description (watch, running);
  sw_run_watch_append_events (watch, history.events);
  json_array_unref (history.events);

  window = present_in_window (view, 700, 500);
  sw_run_state_view_show (SW_RUN_STATE_VIEW (view), watch,
                          sw_machine_lookup_state (machine, "Fan") ? NULL : NULL, "Work");
  g_assert_cmpuint (sw_run_state_view_get_n_visits (SW_RUN_STATE_VIEW (view)), ==, 3);
  g_assert_cmpstr (sw_run_state_view_get_text (SW_RUN_STATE_VIEW (view), "input"), ==, "1");
  g_assert_cmpstr (sw_run_state_view_get_text (SW_RUN_STATE_VIEW (view), "output"), ==, "10");
  sw_run_state_view_set_visit (SW_RUN_STATE_VIEW (view), 1);
  g_assert_cmpstr (sw_run_state_view_get_text (SW_RUN_STATE_VIEW (view), "input"), ==, "2");
  g_assert_cmpstr (sw_run_state_view_get_text (SW_RUN_STATE_VIEW (view), "output"), ==, "20");
  sw_run_state_view_set_visit (SW_RUN_STATE_VIEW (view), 2);
  g_assert_cmpstr (sw_run_state_view_get_text (SW_RUN_STATE_VIEW (view), "input"), ==, "3");
  g_assert_null (sw_run_state_view_get_text (SW_RUN_STATE_VIEW (view), "output"));
  /* The third iteration is still in progress. */
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (sw_run_watch_get_state_status (watch),
                                                         "Work")), ==,
                   SW_RUN_STATUS_IN_PROGRESS);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A Parallel of three branches: the first succeeds (two states), the second fails, the
 * third is cancelled when the second fails; each branch listed with its status, each
 * browsed to its states' input and output, as in the console. */
static void
test_parallel_branches (void)
{
  g_autoptr(SwMachine) machine = parse_machine (
    "{\"StartAt\": \"Both\", \"States\": {\"Both\": {\"Type\": \"Parallel\", \"End\": true,"
    " \"Branches\": ["
    "  {\"StartAt\": \"Resize\", \"States\": {"
    "    \"Resize\": {\"Type\": \"Pass\", \"Next\": \"Store\"},"
    "    \"Store\": {\"Type\": \"Pass\", \"End\": true}}},"
    "  {\"StartAt\": \"Classify\", \"States\": {\"Classify\": {\"Type\": \"Task\","
    "    \"Resource\": \"arn:aws:states:::lambda:invoke\", \"End\": true}}},"
    "  {\"StartAt\": \"Audit\", \"States\": {\"Audit\": {\"Type\": \"Wait\", \"Seconds\": 60,"
    "    \"End\": true}}}]}}}");
  g_autoptr(SwRunWatch) watch = sw_run_watch_new (NULL, "arn:aws:states:::execution:m:par");
  g_autoptr(JsonObject) failed = description ("FAILED", "{\"image\": 7}");
  SwRunStateView *view = SW_RUN_STATE_VIEW (sw_run_state_view_new ());
  SwState *both = sw_machine_lookup_state (machine, "Both");
  GHashTable *status;
  GtkWidget *window;
  History history;
  gint64 last, started, resize, classify, audit;

  last = history_begin (&history, "{\"image\": 7}", "ParallelStateEntered", "Both");
  started = history_add (&history, last, "ParallelStateStarted", NULL, NULL);
  /* The branches interleave. */
  resize = history_add (&history, started, "PassStateEntered", "stateEnteredEventDetails",
                        details ("name", "Resize", "input", "{\"image\": 7}", NULL));
  classify = history_add (&history, started, "TaskStateEntered", "stateEnteredEventDetails",
                          details ("name", "Classify", "input", "{\"image\": 7}", NULL));
  audit = history_add (&history, started, "WaitStateEntered", "stateEnteredEventDetails",
                       details ("name", "Audit", "input", "{\"image\": 7}", NULL));
  resize = history_add (&history, resize, "PassStateExited", "stateExitedEventDetails",
                        details ("name", "Resize", "output", "{\"size\": 28}", NULL));
  resize = history_add (&history, resize, "PassStateEntered", "stateEnteredEventDetails",
                        details ("name", "Store", "input", "{\"size\": 28}", NULL));
  history_add (&history, resize, "PassStateExited", "stateExitedEventDetails",
               details ("name", "Store", "output", "{\"stored\": true}", NULL));
  classify = history_add (&history, classify, "TaskScheduled", "taskScheduledEventDetails",
                          details ("resourceType", "lambda", "resource", "invoke", NULL));
  classify = history_add (&history, classify, "TaskFailed", "taskFailedEventDetails",
                          details ("error", "Model.NotFound", "cause", "no model", NULL));
  last = history_add (&history, classify, "ParallelStateFailed", NULL, NULL);
  history_add (&history, last, "ExecutionFailed", "executionFailedEventDetails",
               details ("error", "Model.NotFound", "cause", "no model", NULL));
  (void) audit;
  sw_run_watch_set_description (watch, failed);
  sw_run_watch_append_events (watch, history.events);
  json_array_unref (history.events);

  /* On the canvas: the Parallel failed with its failing branch state; the one waiting was
   * cancelled; the succeeded branch stays green. */
  status = sw_run_watch_get_state_status (watch);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (status, "Both")), ==,
                   SW_RUN_STATUS_FAILED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (status, "Classify")), ==,
                   SW_RUN_STATUS_FAILED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (status, "Audit")), ==,
                   SW_RUN_STATUS_CANCELLED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (status, "Store")), ==,
                   SW_RUN_STATUS_SUCCEEDED);
  {
    /* The Parallel's failure event is the Parallel's, not the failing branch state's. */
    GListModel *events = sw_run_watch_get_events (watch);
    g_autoptr(SwRunEvent) event = g_list_model_get_item (events, 11);

    g_assert_cmpstr (sw_run_event_get_event_type (event), ==, "ParallelStateFailed");
    g_assert_cmpstr (sw_run_event_get_state (event), ==, "Both");
  }

  g_object_ref_sink (view);
  window = present_in_window (GTK_WIDGET (view), 700, 900);
  sw_run_state_view_show (view, watch, both, "Both");
  g_assert_cmpuint (sw_run_state_view_get_n_branches (view), ==, 3);
  g_assert_cmpint (sw_run_state_view_get_branch_status (view, 0), ==, SW_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (sw_run_state_view_get_branch_status (view, 1), ==, SW_RUN_STATUS_FAILED);
  g_assert_cmpint (sw_run_state_view_get_branch_status (view, 2), ==, SW_RUN_STATUS_CANCELLED);
  g_assert_null (sw_run_state_view_get_text (view, "output"));
  /* ParallelStateFailed has no words: the error raised in the failing branch shows. */
  g_assert_cmpstr (sw_run_state_view_get_text (view, "error"), ==, "Model.NotFound");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "cause"), ==, "no model");

  /* The first branch is shown: both its states, in and out. */
  g_assert_cmpuint (sw_run_state_view_get_branch (view), ==, 0);
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Resize:input"), ==,
                   "{\n  \"image\": 7\n}");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Resize:output"), ==,
                   "{\n  \"size\": 28\n}");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Store:output"), ==,
                   "{\n  \"stored\": true\n}");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Store:status"), ==, "succeeded");
  g_assert_null (sw_run_state_view_get_text (view, "branch:Classify:input"));
  set_dark (FALSE);
  g_free (save_screenshot (GTK_WIDGET (view), "monitor-parallel-branches-light.png"));

  /* The second: the failing task, its error. */
  sw_run_state_view_set_branch (view, 1);
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Classify:status"), ==, "failed");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Classify:error"), ==,
                   "Model.NotFound");
  g_assert_null (sw_run_state_view_get_text (view, "branch:Classify:output"));
  g_assert_null (sw_run_state_view_get_text (view, "branch:Resize:input"));
  set_dark (TRUE);
  g_free (save_screenshot (GTK_WIDGET (view), "monitor-parallel-branches-dark.png"));
  set_dark (FALSE);

  /* The third was stopped while it waited. */
  sw_run_state_view_set_branch (view, 2);
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Audit:status"), ==, "cancelled");
  g_assert_cmpstr (sw_run_state_view_get_text (view, "branch:Audit:input"), ==,
                   "{\n  \"image\": 7\n}");

  /* A live update of the same state keeps the branch being read. */
  sw_run_state_view_show (view, watch, both, "Both");
  g_assert_cmpuint (sw_run_state_view_get_branch (view), ==, 2);
  /* Another state: no branches. */
  sw_run_state_view_show (view, watch, sw_machine_lookup_state (machine, "Store"), "Store");
  g_assert_cmpuint (sw_run_state_view_get_n_branches (view), ==, 0);

  /* A Parallel that succeeded: its result, which no event records, is the array of the
   * branches' outputs, and goes through ResultPath like any result. */
  {
    g_autoptr(SwMachine) done_machine = parse_machine (
      "{\"StartAt\": \"Both\", \"States\": {\"Both\": {\"Type\": \"Parallel\","
      " \"ResultPath\": \"$.both\", \"End\": true, \"Branches\": ["
      "  {\"StartAt\": \"Left\", \"States\": {\"Left\": {\"Type\": \"Pass\","
      "    \"Result\": 1, \"End\": true}}},"
      "  {\"StartAt\": \"Right\", \"States\": {\"Right\": {\"Type\": \"Pass\","
      "    \"Result\": 2, \"End\": true}}}]}}}");
    g_autoptr(SwRunWatch) done = sw_run_watch_new (NULL, "arn:aws:states:::execution:m:ok");
    g_autoptr(JsonObject) succeeded = description ("SUCCEEDED", "{}");
    gint64 left, right;

    last = history_begin (&history, "{}", "ParallelStateEntered", "Both");
    started = history_add (&history, last, "ParallelStateStarted", NULL, NULL);
    left = history_add (&history, started, "PassStateEntered", "stateEnteredEventDetails",
                        details ("name", "Left", "input", "{}", NULL));
    right = history_add (&history, started, "PassStateEntered", "stateEnteredEventDetails",
                         details ("name", "Right", "input", "{}", NULL));
    right = history_add (&history, right, "PassStateExited", "stateExitedEventDetails",
                         details ("name", "Right", "output", "2", NULL));
    left = history_add (&history, left, "PassStateExited", "stateExitedEventDetails",
                        details ("name", "Left", "output", "1", NULL));
    last = history_add (&history, left, "ParallelStateSucceeded", NULL, NULL);
    last = history_add (&history, last, "ParallelStateExited", "stateExitedEventDetails",
                        details ("name", "Both", "output", "{\"both\": [1, 2]}", NULL));
    history_add (&history, last, "ExecutionSucceeded", "executionSucceededEventDetails",
                 details ("output", "{\"both\": [1, 2]}", NULL));
    sw_run_watch_set_description (done, succeeded);
    sw_run_watch_append_events (done, history.events);
    json_array_unref (history.events);

    sw_run_state_view_show (view, done, sw_machine_lookup_state (done_machine, "Both"), "Both");
    g_assert_cmpint (sw_run_state_view_get_branch_status (view, 0), ==,
                     SW_RUN_STATUS_SUCCEEDED);
    g_assert_cmpint (sw_run_state_view_get_branch_status (view, 1), ==,
                     SW_RUN_STATUS_SUCCEEDED);
    g_assert_cmpstr (sw_run_state_view_get_text (view, "Result"), ==, "[\n  1,\n  2\n]");
    g_assert_cmpstr (sw_run_state_view_get_text (view, "ResultPath"), ==,
                     "{\n  \"both\": [\n    1,\n    2\n  ]\n}");
    /* The succeeded event is the Parallel's, not the last branch state's. */
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (sw_run_watch_get_state_status (done),
                                                           "Both")), ==,
                     SW_RUN_STATUS_SUCCEEDED);
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (sw_run_watch_get_events (done), 7);

      g_assert_cmpstr (sw_run_event_get_event_type (event), ==, "ParallelStateSucceeded");
      g_assert_cmpstr (sw_run_event_get_state (event), ==, "Both");
    }
  }
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  return find_widget (widget, has_name, name);
}

/* The preferences of runs: each row shows and writes its key. */
static void
test_run_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = sw_run_preferences_page_new (settings);
  GtkWidget *target, *type, *role, *wait, *threads;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (page), 10));
  target = find_named (page, "default-target");
  type = find_named (page, "machine-type");
  role = find_named (page, "role-arn");
  wait = find_named (page, "wait-scale");
  threads = find_named (page, "trainer-threads");
  g_assert_true (ADW_IS_COMBO_ROW (target) && ADW_IS_COMBO_ROW (type));
  g_assert_true (ADW_IS_ENTRY_ROW (role) && ADW_IS_ENTRY_ROW (find_named (page,
                                                                          "local-s3-root")));
  g_assert_true (GTK_IS_SPIN_BUTTON (wait) && GTK_IS_SPIN_BUTTON (threads));

  /* Defaults shown. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (target)), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (type)), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (wait)), ==, 1.0);
  /* Rows write the keys... */
  adw_combo_row_set_selected (ADW_COMBO_ROW (target), 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (type), 1);
  gtk_editable_set_text (GTK_EDITABLE (role), "arn:aws:iam::123456789012:role/Runs");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (wait), 0.25);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threads), 3);
  {
    g_autofree char *role_arn = g_settings_get_string (settings, "role-arn");
    g_autofree char *machine_type = g_settings_get_string (settings, "machine-type");

    g_assert_cmpint (g_settings_get_enum (settings, "default-target"), ==, 2);
    g_assert_cmpstr (machine_type, ==, "EXPRESS");
    g_assert_cmpstr (role_arn, ==, "arn:aws:iam::123456789012:role/Runs");
    g_assert_cmpfloat (g_settings_get_double (settings, "wait-scale"), ==, 0.25);
    g_assert_cmpint (g_settings_get_int (settings, "trainer-threads"), ==, 3);
  }
  /* ...and follow them. */
  g_settings_set_string (settings, "default-target", "aws");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (target)), ==, 1);
  set_dark (FALSE);
  g_free (save_screenshot (page, "preferences-runs-light.png"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "default-target");
  g_settings_reset (settings, "machine-type");
  g_settings_reset (settings, "role-arn");
  g_settings_reset (settings, "wait-scale");
  g_settings_reset (settings, "trainer-threads");
}

/* A SageMaker endpoint for the training monitor: DescribeTrainingJob walks a script of
 * snapshots, InvokeEndpoint answers a fixed prediction. */

typedef struct
{
  SoupServer *server;
  char *url;
  guint describe_calls;
  guint invoke_calls;
  char *last_invoke_body;
} FakeSageMaker;

static JsonObject *
training_snapshot (guint call)
{
  /* 2 epochs of 8 batches: one snapshot per batch, then the epoch's test metrics. */
  JsonObject *out = json_object_new ();
  JsonArray *transitions = json_array_new ();
  JsonObject *transition = json_object_new ();
  JsonArray *metrics = json_array_new ();
  guint step = MIN (call, 18);
  guint epoch = step < 9 ? 1 : 2;
  guint batch = step < 9 ? step : step - 9;
  gboolean done = step == 18;
  double t = 1780000000.0 + step * 5;
  g_autofree char *message = NULL;

  json_object_set_string_member (out, "TrainingJobName", "mnist-run-1");
  json_object_set_string_member (out, "TrainingJobStatus", done ? "Completed" : "InProgress");
  json_object_set_string_member (out, "SecondaryStatus", done ? "Completed" : "Training");
  json_object_set_double_member (out, "TrainingStartTime", 1780000000.0);
  json_object_set_double_member (out, "LastModifiedTime", t);
  if (batch == 8 || done)
    message = g_strdup_printf ("Epoch %u/2 done: test loss %.4f, accuracy %u/10000", epoch,
                               epoch == 1 ? 0.21 : 0.12, epoch == 1 ? 9400 : 9650);
  else
    message = g_strdup_printf ("Epoch %u/2, batch %u/8", epoch, batch + 1);
  json_object_set_string_member (transition, "Status", "Training");
  json_object_set_string_member (transition, "StatusMessage", message);
  json_array_add_object_element (transitions, transition);
  json_object_set_array_member (out, "SecondaryStatusTransitions", transitions);

#define METRIC(name, value, stamp)                                           \
  G_STMT_START {                                                             \
    JsonObject *m = json_object_new ();                                      \
    json_object_set_string_member (m, "MetricName", name);                   \
    json_object_set_double_member (m, "Value", value);                       \
    json_object_set_double_member (m, "Timestamp", stamp);                   \
    json_array_add_object_element (metrics, m);                              \
  } G_STMT_END
  METRIC ("train:loss", 2.3 * exp (-0.35 * step) + 0.05, t);
  if (step >= 8)
    {
      METRIC ("test:loss", 0.21, 1780000040.0);
      METRIC ("test:accuracy", 94.0, 1780000040.0);
    }
  if (step >= 17)
    {
      METRIC ("test:loss", 0.12, 1780000085.0);
      METRIC ("test:accuracy", 96.5, 1780000085.0);
    }
#undef METRIC
  /* One entry per metric name, the latest, as the service gives them. */
  if (step >= 17)
    {
      json_array_remove_element (metrics, 1);
      json_array_remove_element (metrics, 1);
    }
  json_object_set_array_member (out, "FinalMetricDataList", metrics);
  if (done)
    {
      JsonObject *artifacts = json_object_new ();

      json_object_set_string_member (artifacts, "S3ModelArtifacts",
                                     "s3://stepwise-examples/mnist/output/mnist-run-1/output/"
                                     "model.tar.gz");
      json_object_set_object_member (out, "ModelArtifacts", artifacts);
    }
  return out;
}

static void
sagemaker_handler (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  FakeSageMaker *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *target = soup_message_headers_get_one (headers, "X-Amz-Target");
  SoupMessageBody *request = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request);
  g_autofree char *text = NULL;

  if (soup_message_headers_get_one (headers, "Authorization") == NULL)
    {
      soup_server_message_set_status (message, 403, NULL);
      return;
    }
  if (g_strcmp0 (path, "/endpoints/mnist/invocations") == 0)
    {
      const char *answer = "{\"predictions\": [{\"probabilities\": [0.01, 0.01, 0.02, 0.85,"
                           " 0.01, 0.05, 0.01, 0.02, 0.01, 0.01], \"predicted_label\": 3}]}";

      fake->invoke_calls++;
      g_free (fake->last_invoke_body);
      fake->last_invoke_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, answer,
                                        strlen (answer));
      return;
    }
  if (g_strcmp0 (target, "SageMaker.DescribeTrainingJob") == 0)
    {
      g_autoptr(JsonObject) out = training_snapshot (fake->describe_calls++);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (root, out);
      text = json_to_string (root, FALSE);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/x-amz-json-1.1",
                                        SOUP_MEMORY_COPY, text, strlen (text));
      return;
    }
  text = g_strdup ("{\"__type\": \"UnknownOperationException\", \"message\": \"no\"}");
  soup_server_message_set_status (message, 400, NULL);
  soup_server_message_set_response (message, "application/x-amz-json-1.1", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static FakeSageMaker *
fake_sagemaker_new (void)
{
  FakeSageMaker *fake = g_new0 (FakeSageMaker, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, sagemaker_handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_sagemaker_free (FakeSageMaker *fake)
{
  soup_server_disconnect (fake->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (fake->server);
  g_free (fake->url);
  g_free (fake->last_invoke_body);
  g_free (fake);
}

static SwSageMakerClient *
sagemaker_client (FakeSageMaker *fake)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new ("AKID", "SECRET", NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);

  return sw_sagemaker_client_new (fake->url, NULL, "us-east-1", provider);
}

static void
test_training_monitor (void)
{
  FakeSageMaker *fake = fake_sagemaker_new ();
  g_autoptr(SwSageMakerClient) client = sagemaker_client (fake);
  GtkWidget *training = sw_training_monitor_new ();
  SwTrainingMonitor *monitor = SW_TRAINING_MONITOR (training);
  GtkWidget *window = present_in_window (training, 960, 560);
  gboolean shot = FALSE;

  sw_training_monitor_set_interval (monitor, 15);
  sw_training_monitor_watch (monitor, client, "mnist-run-1");
  g_assert_cmpstr (sw_training_monitor_get_job_name (monitor), ==, "mnist-run-1");
  /* Mid-training: progress and ETA from the status message. */
  g_assert_true (WAIT_FOR (fake->describe_calls >= 12, 20));
  g_assert_cmpstr (sw_training_monitor_get_status (monitor), ==, "InProgress");
  g_assert_cmpfloat (sw_training_monitor_get_progress (monitor), >, 0.5);
  g_assert_cmpfloat (sw_training_monitor_get_progress (monitor), <, 1.0);
  sw_training_monitor_stop (monitor);
  set_dark (FALSE);
  g_free (save_screenshot (training, "training-in-progress-light.png"));
  sw_training_monitor_watch (monitor, client, "mnist-run-1");
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_training_monitor_get_status (monitor),
                                      "Completed") == 0, 20));
  shot = TRUE;
  g_assert_cmpfloat (sw_training_monitor_get_progress (monitor), ==, 1.0);
  /* The second watch restarted from a fresh job view and saw the rest of it. */
  g_assert_cmpuint (sw_training_monitor_get_n_points (monitor, "train:loss"), >=, 5);
  /* Epoch 1 (still the latest when it came back) and epoch 2. */
  g_assert_cmpuint (sw_training_monitor_get_n_points (monitor, "test:accuracy"), ==, 2);
  g_assert_cmpstr (sw_training_monitor_get_artifact (monitor), ==,
                   "s3://stepwise-examples/mnist/output/mnist-run-1/output/model.tar.gz");
  g_assert_true (shot);
  gtk_window_destroy (GTK_WINDOW (window));
  fake_sagemaker_free (fake);
}

static void
test_training_curves (void)
{
  GtkWidget *training = sw_training_monitor_new ();
  SwTrainingMonitor *monitor = SW_TRAINING_MONITOR (training);
  GtkWidget *window = present_in_window (training, 1000, 560);

  /* The whole job fed by hand: every snapshot adds the new metric values. */
  for (guint call = 0; call <= 18; call++)
    {
      g_autoptr(JsonObject) snapshot = training_snapshot (call);

      sw_training_monitor_feed (monitor, snapshot);
      if (call == 12)
        {
          /* Epoch 2, batch 4 of 8: one and a half epochs in a minute. */
          g_assert_cmpstr (sw_training_monitor_get_time_text (monitor), ==,
                           "Training time 1 min 00 s · 40.00 s per epoch");
          set_dark (FALSE);
          g_free (save_screenshot (training, "training-live-light.png"));
        }
    }
  g_assert_cmpuint (sw_training_monitor_get_n_points (monitor, "train:loss"), ==, 19);
  g_assert_cmpuint (sw_training_monitor_get_n_points (monitor, "test:loss"), ==, 2);
  g_assert_cmpuint (sw_training_monitor_get_n_points (monitor, "test:accuracy"), ==, 2);
  g_assert_cmpstr (sw_training_monitor_get_status (monitor), ==, "Completed");
  /* x is the epoch: fractional per batch for the training loss, whole for the test
   * metrics taken at each epoch's end (the first seen after epoch 2 had begun). */
  {
    SwTrainingPlot *loss = SW_TRAINING_PLOT (sw_training_monitor_get_plot (monitor, TRUE));
    SwTrainingPlot *accuracy = SW_TRAINING_PLOT (sw_training_monitor_get_plot (monitor, FALSE));

    g_assert_cmpstr (sw_training_plot_get_x_label (loss), ==, "Epoch");
    g_assert_cmpstr (sw_training_plot_get_x_label (accuracy), ==, "Epoch");
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (loss, 0, 0), 0.125, 1e-9);
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (loss, 0, 4), 0.625, 1e-9);
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (loss, 0, 18), 2.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (loss, 1, 0), 1.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (accuracy, 0, 0), 1.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (accuracy, 0, 1), 2.0, 1e-9);
  }
  /* Time stays as a readout: 90 s for two epochs. */
  g_assert_cmpstr (sw_training_monitor_get_time_text (monitor), ==,
                   "Training time 1 min 30 s · 45.00 s per epoch");
  set_dark (FALSE);
  g_free (save_screenshot (training, "training-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (training, "training-dark.png"));
  set_dark (FALSE);

  /* A job whose messages tell no epoch (a cloud script's own): minutes of training. */
  {
    g_autoptr(JsonObject) plain = training_snapshot (3);
    JsonArray *transitions = json_object_get_array_member (plain, "SecondaryStatusTransitions");

    json_object_set_string_member (json_array_get_object_element (transitions, 0),
                                   "StatusMessage", "Downloading the training image");
    json_object_set_string_member (plain, "TrainingJobName", "cloud-job");
    training = sw_training_monitor_new ();
    gtk_window_set_child (GTK_WINDOW (window), training);
    monitor = SW_TRAINING_MONITOR (training);
    sw_training_monitor_feed (monitor, plain);
    g_assert_cmpstr (sw_training_plot_get_x_label (SW_TRAINING_PLOT (
                       sw_training_monitor_get_plot (monitor, TRUE))), ==, "Minutes of training");
    g_assert_cmpfloat_with_epsilon (sw_training_plot_get_point_x (SW_TRAINING_PLOT (
                                      sw_training_monitor_get_plot (monitor, TRUE)), 0, 0),
                                    0.25, 1e-9);
    g_assert_cmpstr (sw_training_monitor_get_time_text (monitor), ==, "Training time 15.00 s");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_plot_ticks (void)
{
  g_autoptr(GArray) ticks = sw_training_plot_nice_ticks (0, 2.3, 6);
  g_autoptr(GArray) accuracy = sw_training_plot_nice_ticks (94, 96.5, 5);

  g_assert_cmpuint (ticks->len, ==, 5);
  g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, 1), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, 4), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (accuracy, double, 0), 94.0, 1e-9);
  g_assert_cmpuint (accuracy->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (accuracy, double, 1), 95.0, 1e-9);
}

static void
test_digit_pad (void)
{
  FakeSageMaker *fake = fake_sagemaker_new ();
  g_autoptr(SwSageMakerClient) client = sagemaker_client (fake);
  GtkWidget *pad = sw_digit_pad_new ();
  GtkWidget *window = present_in_window (pad, 720, 420);
  const float *pixels;
  guint inked = 0;
  double sum = 0;

  /* A "7": a bar and a diagonal. */
  for (double x = 6; x <= 21; x += 0.5)
    sw_digit_pad_stroke (SW_DIGIT_PAD (pad), x, 6);
  for (double t = 0; t <= 1; t += 0.05)
    sw_digit_pad_stroke (SW_DIGIT_PAD (pad), 21 - 9 * t, 6 + 16 * t);
  pixels = sw_digit_pad_get_pixels (SW_DIGIT_PAD (pad));
  for (guint i = 0; i < SW_DIGIT_PAD_SIZE * SW_DIGIT_PAD_SIZE; i++)
    inked += pixels[i] > 0.5;
  g_assert_cmpuint (inked, >, 40);
  g_assert_cmpuint (inked, <, 250);
  g_assert_cmpfloat (pixels[6 * 28 + 10], ==, 1.0f);
  g_assert_cmpfloat (pixels[27 * 28 + 0], ==, 0.0f);

  sw_digit_pad_set_endpoint (SW_DIGIT_PAD (pad), client, "mnist");
  sw_digit_pad_predict (SW_DIGIT_PAD (pad));
  g_assert_true (WAIT_FOR (sw_digit_pad_get_prediction (SW_DIGIT_PAD (pad)) >= 0, 10));
  g_assert_cmpint (sw_digit_pad_get_prediction (SW_DIGIT_PAD (pad)), ==, 3);
  g_assert_cmpuint (fake->invoke_calls, ==, 1);
  g_assert_true (g_str_has_prefix (fake->last_invoke_body, "{\"instances\": [["));
  for (guint d = 0; d < 10; d++)
    sum += sw_digit_pad_get_probability (SW_DIGIT_PAD (pad), d);
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (sw_digit_pad_get_probability (SW_DIGIT_PAD (pad), 3), 0.85,
                                  1e-6);
  set_dark (FALSE);
  g_free (save_screenshot (pad, "try-the-model-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (pad, "try-the-model-dark.png"));
  set_dark (FALSE);

  /* Log-probabilities (log_softmax) and bare arrays read too. */
  g_assert_true (sw_digit_pad_set_answer (SW_DIGIT_PAD (pad),
                                          "[[-9, -9, -9, -9, -9, -9, -9, -0.01, -9, -9]]"));
  g_assert_cmpint (sw_digit_pad_get_prediction (SW_DIGIT_PAD (pad)), ==, 7);
  g_assert_false (sw_digit_pad_set_answer (SW_DIGIT_PAD (pad), "{\"nothing\": 1}"));
  sw_digit_pad_clear (SW_DIGIT_PAD (pad));
  g_assert_cmpfloat (sw_digit_pad_get_pixels (SW_DIGIT_PAD (pad))[6 * 28 + 10], ==, 0.0f);
  gtk_window_destroy (GTK_WINDOW (window));
  fake_sagemaker_free (fake);
}

/* A run with a SageMaker training step opens the training monitor on the same target. */
static void
test_monitor_finds_training (void)
{
  FakeSageMaker *fake = fake_sagemaker_new ();
  g_autoptr(SwCredentials) credentials = sw_credentials_new ("AKID", "SECRET", NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autoptr(SwSfnClient) client = sw_sfn_client_new (fake->url, "us-east-1", provider);
  g_autoptr(SwTarget) target = sw_target_new_for_client ("test", client, TRUE);
  g_autoptr(SwRunWatch) watch = sw_run_watch_new (NULL, "arn:aws:states:::execution:m:run-1");
  g_autoptr(JsonObject) running = description ("RUNNING", "{}");
  GtkWidget *monitor = sw_run_monitor_new ();
  GtkWidget *window = present_in_window (monitor, 1000, 720);
  SwTrainingMonitor *training = SW_TRAINING_MONITOR (
    sw_run_monitor_get_training (SW_RUN_MONITOR (monitor)));
  History history;
  gint64 last;

  last = history_begin (&history, "{}", "TaskStateEntered", "CreateTrainingJob");
  history_add (&history, last, "TaskScheduled", "taskScheduledEventDetails",
               details ("resourceType", "sagemaker", "resource", "createTrainingJob.sync",
                        "region", "us-east-1",
                        "parameters", "{\"TrainingJobName\": \"mnist-run-1\"}", NULL));
  sw_run_watch_set_description (watch, running);
  sw_run_watch_append_events (watch, history.events);
  json_array_unref (history.events);

  sw_run_monitor_set_target (SW_RUN_MONITOR (monitor), target);
  sw_training_monitor_set_interval (training, 15);
  sw_run_monitor_show_watch (SW_RUN_MONITOR (monitor), watch);
  g_assert_cmpstr (sw_training_monitor_get_job_name (training), ==, "mnist-run-1");
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_training_monitor_get_status (training),
                                      "Completed") == 0, 20));
  sw_run_monitor_set_page (SW_RUN_MONITOR (monitor), "training");
  set_dark (FALSE);
  g_free (save_screenshot (monitor, "monitor-training-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (monitor, "monitor-training-dark.png"));
  set_dark (FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  fake_sagemaker_free (fake);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  base_time = floor (g_get_real_time () / 1e6) - 240;

  g_test_add_func ("/ui/monitor-model/events/25000", test_many_events);
  g_test_add_func ("/ui/monitor-model/pipeline/steps", test_pipeline);
  g_test_add_func ("/ui/monitor-model/pipeline/errors", test_pipeline_errors);
  g_test_add_func ("/ui/monitor-model/map/iterations", test_map_iterations);
  g_test_add_func ("/ui/monitor-model/parallel/branches", test_parallel_branches);
  g_test_add_func ("/ui/monitor-model/preferences", test_run_preferences);
  g_test_add_func ("/ui/monitor-model/training/poll", test_training_monitor);
  g_test_add_func ("/ui/monitor-model/training/curves", test_training_curves);
  g_test_add_func ("/ui/monitor-model/training/ticks", test_plot_ticks);
  g_test_add_func ("/ui/monitor-model/training/from-run", test_monitor_finds_training);
  g_test_add_func ("/ui/monitor-model/try/digit-pad", test_digit_pad);
  return g_test_run ();
}
