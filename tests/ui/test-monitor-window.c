/* test-monitor-window.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Run button end to end, in a real SwWindow of a registered SwApplication: open the
 * example pipeline, pick "This computer", press Run, answer the prefilled input dialog,
 * watch every state turn green on the canvas, the training monitor fill and the run list
 * show the run; a second run is stopped. The application sits on a private session bus
 * (GTestDBus) where this test owns org.freedesktop.Notifications, so the desktop
 * notification sent when a run ends in an unfocused window is received and checked. */

#include <adwaita.h>
#include <string.h>

#include "sw-application.h"
#include "sw-canvas.h"
#include "sw-document.h"
#include "sw-layout.h"
#include "sw-painter.h"
#include "sw-run-dialogs.h"
#include "sw-run-header.h"
#include "sw-run-list.h"
#include "sw-run-monitor.h"
#include "sw-target-picker.h"
#include "sw-training-monitor.h"
#include "sw-window.h"
#include "test-monitor-util.h"

/* --- helpers ---------------------------------------------------------------------------- */

typedef struct
{
  StatusLog log;  /* what the canvas got */
  char *finished;
} Watcher;

static void
status_changed_cb (SwRunMonitor *monitor,
                   GHashTable   *status,
                   Watcher      *watcher)
{
  status_log_record (&watcher->log, status);
}

static void
run_finished_cb (SwRunMonitor *monitor,
                 const char   *status,
                 Watcher      *watcher)
{
  g_free (watcher->finished);
  watcher->finished = g_strdup (status);
}

/* The mapped SwCanvas: the Runs view's. */
static gboolean
is_mapped_canvas (GtkWidget     *widget,
                  gconstpointer  data)
{
  return SW_IS_CANVAS (widget) && gtk_widget_get_mapped (widget);
}

/* Renders @widget and returns its pixels (BGRA, premultiplied) and stride. */
static GBytes *
render_widget (GtkWidget *widget,
               gsize     *stride)
{
  g_autoptr(GskRenderNode) node = snapshot_widget (widget);
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  guchar *data;

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  *stride = width * 4;
  data = g_malloc (*stride * height);
  gdk_texture_download (texture, data, *stride);
  return g_bytes_new_take (data, *stride * height);
}

/* Every state's status disc on the canvas is drawn in the succeeded colour of the
 * painter's palette (GNOME green 4, light: #2ec27e; dark: #57e389). */
static guint
count_green_states (SwCanvas *canvas,
                    gboolean  dark,
                    guint    *n_states)
{
  SwLayout *layout = sw_canvas_get_layout (canvas);
  gsize stride;
  g_autoptr(GBytes) pixels = render_widget (GTK_WIDGET (canvas), &stride);
  const guchar *data = g_bytes_get_data (pixels, NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (canvas));
  const guchar want[3] = { dark ? 0x57 : 0x2e, dark ? 0xe3 : 0xc2, dark ? 0x89 : 0x7e };
  guint green = 0;

  *n_states = 0;
  for (guint i = 0; i < sw_layout_get_n_nodes (layout); i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (layout, i);
      double cx, cy, x, y;
      const guchar *pixel;

      if (node->kind != SW_LAYOUT_NODE_STATE)
        continue;
      (*n_states)++;
      /* Inside the disc (radius 8 around the bottom-right corner), off the check mark. */
      cx = node->box.x + node->box.width - 4;
      cy = node->box.y + node->box.height - 4;
      sw_canvas_diagram_to_widget (canvas, cx - 4, cy - 4, &x, &y);
      g_assert_true (x >= 0 && y >= 0 && x < width && y < height);
      pixel = data + (gsize) y * stride + (gsize) x * 4;
      g_test_message ("%s: status disc at (%d, %d) is #%02x%02x%02x", node->name, (int) x,
                      (int) y, pixel[2], pixel[1], pixel[0]);
      if (ABS (pixel[2] - want[0]) <= 24 && ABS (pixel[1] - want[1]) <= 24 &&
          ABS (pixel[0] - want[2]) <= 24)
        green++;
    }
  return green;
}

static GtkWidget *
wait_for_dialog (SwRunController *controller)
{
  GtkWidget *dialog = NULL;

  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (controller)) != NULL &&
                           gtk_widget_get_mapped (dialog), 30));
  return dialog;
}

static char *
read_example (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                            name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* --- the test ------------------------------------------------------------------------- */

static void
test_run_button (void)
{
  g_autoptr(SwApplication) app = sw_application_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  g_autofree char *s3 = g_dir_make_tmp ("sw-monitor-window-s3-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                            "mnist-pipeline.asl.json", NULL);
  g_autofree char *example_input = read_example ("mnist-pipeline.input.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefilled = NULL;
  g_autofree char *first_arn = NULL;
  Notifications server = { 0 };
  Watcher watcher = { 0 };
  SwWindow *window;
  SwDocument *document;
  SwRunMonitor *monitor;
  SwRunController *controller;
  SwTrainingMonitor *training;
  SwRunList *runs;
  GtkWidget *picker, *run_button, *dialog, *canvas;
  SwTarget *local;
  guint n_states = 0;
  gint64 start;

  g_settings_set_string (settings, "local-s3-root", s3);
  g_settings_set_double (settings, "wait-scale", 0.01);
  notifications_start (&server);

  /* A registered application: the notification goes out on its bus connection. */
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==,
                   "io.github.stepwise.Stepwise");
  g_assert_nonnull (g_application_get_dbus_connection (G_APPLICATION (app)));
  g_assert_true (g_application_get_default () == G_APPLICATION (app));

  window = sw_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  sw_window_open (window, file);
  document = sw_window_get_document (window);
  g_assert_true (WAIT_FOR (!sw_window_get_loading (window) &&
                           sw_document_lookup_state (document, "/States/CreateModel") != NULL,
                           20));

  /* Two epochs instead of five, typed as in the code view: the run takes seconds. */
  set_epochs (document, "2");

  /* The header bar: the target picker, then Run. Pick "This computer". */
  picker = gtk_widget_get_first_child (GTK_WIDGET (sw_window_get_run_slot (window)));
  local = pick_local_target (window);
  g_assert_cmpstr (sw_target_get_label (local), ==, "This computer (dry run)");
  monitor = SW_RUN_MONITOR (sw_window_get_run_monitor (window));
  g_assert_true (sw_run_monitor_get_target (monitor) == local);
  controller = sw_run_monitor_get_controller (monitor);
  training = SW_TRAINING_MONITOR (sw_run_monitor_get_training (monitor));
  sw_training_monitor_set_interval (training, 200);
  runs = SW_RUN_LIST (sw_run_monitor_get_run_list (monitor));

  status_log_init (&watcher.log);
  /* After the window's own handler: the canvas has the table when this one runs. */
  g_signal_connect (monitor, "status-changed", G_CALLBACK (status_changed_cb), &watcher);
  g_signal_connect (monitor, "run-finished", G_CALLBACK (run_finished_cb), &watcher);

  /* Before any run the Runs view's canvas has no status discs. */
  sw_window_set_view (window, "run");
  g_assert_true (WAIT_FOR ((canvas = find_widget (GTK_WIDGET (window), is_mapped_canvas,
                                                  NULL)) != NULL, 10));
  sw_canvas_zoom_to_fit (SW_CANVAS (canvas));
  sw_test_ui_wait_frames (canvas, 2);
  g_assert_cmpuint (count_green_states (SW_CANVAS (canvas), FALSE, &n_states), ==, 0);
  g_assert_cmpuint (n_states, ==, 4);
  sw_window_set_view (window, "design");

  /* Press Run. */
  run_button = gtk_widget_get_next_sibling (picker);
  g_assert_true (GTK_IS_BUTTON (run_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (run_button)), ==, "win.run");
  g_assert_true (gtk_widget_is_sensitive (run_button));
  start = g_get_monotonic_time ();
  /* As a click or Enter does (the button shows pressed for a moment, then clicks). */
  g_assert_true (gtk_widget_activate (run_button));
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_window_get_view (window), "run") == 0, 5));

  /* On this computer no name or role is asked: straight to the input, prefilled from the
   * example's mnist-pipeline.input.json beside the definition. */
  dialog = wait_for_dialog (controller);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "start"));
  g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "deploy"));
  prefilled = sw_run_dialogs_dup_field (dialog, "input");
  g_assert_cmpstr (prefilled, ==, example_input);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "start"));
  sw_run_dialogs_set_field (dialog, "execution-name", "window-run");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");

  /* Live: the training state runs, then everything turns green. */
  g_assert_true (WAIT_FOR (g_hash_table_contains (watcher.log.seen_in_progress,
                                                  "/States/CreateTrainingJob") ||
                           watcher.finished != NULL, 60));
  g_assert_true (WAIT_FOR (watcher.finished != NULL, 120));
  g_test_message ("Run pressed to run finished: %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpstr (watcher.finished, ==, "SUCCEEDED");
  g_assert_cmpstr (sw_run_header_get_status_text (SW_RUN_HEADER (
                     sw_run_monitor_get_header (monitor))), ==, "Succeeded");
  g_assert_true (g_hash_table_contains (watcher.log.seen_in_progress, "/States/CreateTrainingJob"));
  g_assert_cmpuint (g_hash_table_size (watcher.log.last), ==, 4);
  {
    const char *states[] = { "CreateTrainingJob", "CreateModel", "CreateEndpointConfig",
                             "CreateEndpoint" };

    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        g_autofree char *pointer = g_strconcat ("/States/", states[i], NULL);

        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (watcher.log.last, pointer)),
                         ==, SW_RUN_STATUS_SUCCEEDED);
      }
  }
  /* The canvas beside the monitor draws them green, light and dark. */
  canvas = find_widget (GTK_WIDGET (window), is_mapped_canvas, NULL);
  g_assert_nonnull (canvas);
  sw_canvas_zoom_to_fit (SW_CANVAS (canvas));
  set_dark (FALSE);
  sw_test_ui_wait_frames (canvas, 2);
  g_assert_true (WAIT_FOR (count_green_states (SW_CANVAS (canvas), FALSE, &n_states) == 4, 10));
  g_assert_cmpuint (n_states, ==, 4);
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-finished-light.png"));
  set_dark (TRUE);
  g_assert_cmpuint (count_green_states (SW_CANVAS (canvas), TRUE, &n_states), ==, 4);
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-finished-dark.png"));
  set_dark (FALSE);

  /* The training monitor got metrics, by epoch. */
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_training_monitor_get_status (training),
                                      "Completed") == 0, 30));
  g_assert_cmpuint (sw_training_monitor_get_n_points (training, "train:loss"), >=, 1);
  g_assert_cmpuint (sw_training_monitor_get_n_points (training, "test:accuracy"), >=, 1);
  g_assert_cmpfloat (sw_training_monitor_get_progress (training), ==, 1.0);
  g_assert_nonnull (sw_training_monitor_get_artifact (training));
  sw_run_monitor_set_page (monitor, "training");
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-training-light.png"));

  /* The run list shows this run. */
  g_assert_true (WAIT_FOR (sw_run_list_get_n_runs (runs) >= 1, 20));
  first_arn = g_strdup (sw_run_watch_get_arn (sw_run_monitor_get_watch (monitor)));
  g_assert_true (g_str_has_suffix (first_arn, ":window-run"));
  g_assert_cmpstr (sw_run_list_get_arn (runs, 0), ==, first_arn);

  /* The window is not focused under Xvfb (no window manager gives it focus): the end of
   * the run went out as a desktop notification. */
  g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));
  g_assert_true (WAIT_FOR (server.summaries->len >= 1, 10));
  g_assert_cmpuint (server.summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (server.summaries, 0), ==, "Run succeeded");
  g_assert_cmpstr (g_ptr_array_index (server.bodies, 0), ==, "window-run");

  /* A second run through the window's action, of an edited definition (more epochs, so it
   * is caught training): the input comes from the last run; stopped while it trains, it
   * ends cancelled and says so. */
  set_epochs (document, "50");
  g_hash_table_remove_all (watcher.log.seen_in_progress);
  g_clear_pointer (&watcher.finished, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  dialog = wait_for_dialog (controller);
  g_free (prefilled);
  prefilled = sw_run_dialogs_dup_field (dialog, "input");
  {
    g_autoptr(JsonParser) a = json_parser_new ();
    g_autoptr(JsonParser) b = json_parser_new ();

    /* The same JSON, pretty-printed. */
    g_assert_true (json_parser_load_from_data (a, prefilled, -1, NULL));
    g_assert_true (json_parser_load_from_data (b, example_input, -1, NULL));
    g_assert_true (json_node_equal (json_parser_get_root (a), json_parser_get_root (b)));
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_assert_true (WAIT_FOR (sw_run_monitor_get_watch (monitor) != NULL &&
                           g_strcmp0 (sw_run_watch_get_arn (sw_run_monitor_get_watch (monitor)),
                                      first_arn) != 0, 30));
  sw_run_watch_set_interval (sw_run_monitor_get_watch (monitor), 30);
  g_assert_true (WAIT_FOR (g_hash_table_contains (watcher.log.seen_in_progress,
                                                  "/States/CreateTrainingJob") ||
                           watcher.finished != NULL, 60));
  g_assert_null (watcher.finished);
  /* In progress: the training state is coloured running; the monitor shows the epochs. */
  sw_run_monitor_set_page (monitor, "training");
  set_dark (FALSE);
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-in-progress-light.png"));
  set_dark (TRUE);
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-in-progress-dark.png"));
  set_dark (FALSE);
  g_assert_null (watcher.finished);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (watcher.log.last,
                                                         "/States/CreateTrainingJob")), ==,
                   SW_RUN_STATUS_IN_PROGRESS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (monitor), "run.stop", NULL));
  g_assert_true (WAIT_FOR (watcher.finished != NULL, 60));
  g_assert_cmpstr (watcher.finished, ==, "ABORTED");
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (watcher.log.last,
                                                         "/States/CreateTrainingJob")), ==,
                   SW_RUN_STATUS_CANCELLED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (watcher.log.last,
                                                         "/States/CreateEndpoint")), ==,
                   SW_RUN_STATUS_NOT_RUN);
  g_assert_true (WAIT_FOR (server.summaries->len >= 2, 10));
  g_assert_cmpstr (g_ptr_array_index (server.summaries, 1), ==, "Run stopped");
  /* Stopping the execution stopped its training job, as Step Functions does. */
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_training_monitor_get_status (training),
                                      "Stopped") == 0, 30));
  g_assert_true (WAIT_FOR (sw_run_list_get_n_runs (runs) >= 2, 20));
  sw_run_monitor_set_page (monitor, "events");
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-stopped-light.png"));

  g_signal_handlers_disconnect_by_data (monitor, &watcher);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (100);
  status_log_clear (&watcher.log);
  g_free (watcher.finished);
  notifications_stop (&server);
  g_settings_reset (settings, "local-s3-root");
  g_settings_reset (settings, "wait-scale");
  remove_tree (s3);
}

int
main (int   argc,
      char *argv[])
{
  return monitor_test_run_on_private_bus (&argc, &argv, "/ui/monitor-window/run-button",
                                          test_run_button);
}
