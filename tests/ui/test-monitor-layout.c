/* test-monitor-layout.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Runs view fits the window (issues #9, #6): in a real SwWindow, a local run of the
 * example pipeline is watched and stopped; at 960×680, 1280×800, 800×600, 600×700 and
 * 360×700 (GNOME's phone width), running and then stopped, the Stop button, the run name,
 * the legend, the event type filter and the events table (every column) lie inside the
 * window and inside every ancestor that clips them. From 681 px the diagram sits beside the
 * monitor; narrower, the window's AdwFlap folds it away and the header bar's sidebar button
 * slides it over the monitor and back. Screenshots at each size are saved next to the other
 * monitor screenshots. */

#include <adwaita.h>
#include <string.h>

#include "sw-application.h"
#include "sw-document.h"
#include "sw-events-view.h"
#include "sw-run-dialogs.h"
#include "sw-run-header.h"
#include "sw-run-monitor.h"
#include "sw-target-picker.h"
#include "sw-window.h"
#include "test-monitor-util.h"

#define RUN_NAME "layout-check-with-a-rather-long-execution-name-0123456789"

static gboolean
is_stop_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "run.stop") == 0;
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
is_widget_type (GtkWidget     *widget,
                gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* Whether @widget is drawn whole: mapped, its bounds inside the window and inside each
 * ancestor on the way there (an ancestor smaller than its child clips it, as the Runs pane
 * did). @log tells every bound checked. */
static gboolean
is_fully_inside (GtkWidget  *widget,
                 const char *what,
                 gboolean    log)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));

  if (!gtk_widget_get_mapped (widget))
    {
      if (log)
        g_test_message ("%s is not mapped", what);
      return FALSE;
    }
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t bounds;
      int width = gtk_widget_get_width (ancestor), height = gtk_widget_get_height (ancestor);

      if (!gtk_widget_compute_bounds (widget, ancestor, &bounds))
        return FALSE;
      if (log)
        g_test_message ("%s in %s: x %.0f..%.0f of %d, y %.0f..%.0f of %d", what,
                        G_OBJECT_TYPE_NAME (ancestor), bounds.origin.x,
                        bounds.origin.x + bounds.size.width, width, bounds.origin.y,
                        bounds.origin.y + bounds.size.height, height);
      if (GTK_IS_VIEWPORT (ancestor) || GTK_IS_SCROLLED_WINDOW (ancestor))
        break;  /* scrolling is not clipping */
      if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
          bounds.origin.x + bounds.size.width > width + 0.5 ||
          bounds.origin.y + bounds.size.height > height + 0.5)
        return FALSE;
      if (ancestor == root)
        break;
    }
  return TRUE;
}

/* @widget is drawn whole once the layout has settled (a resize or a fold animates). */
static void
assert_fully_inside (GtkWidget  *widget,
                     const char *what)
{
  g_assert_nonnull (widget);
  WAIT_FOR (is_fully_inside (widget, what, FALSE), 5);
  if (!is_fully_inside (widget, what, TRUE))
    g_error ("%s is clipped", what);
}

/* The events table shows all its columns without scrolling sideways. */
static void
assert_table_fits (SwRunMonitor *monitor)
{
  SwEventsView *events = SW_EVENTS_VIEW (sw_run_monitor_get_events_view (monitor));
  GtkWidget *table = GTK_WIDGET (sw_events_view_get_column_view (events));
  GtkWidget *scrolled = gtk_widget_get_ancestor (table, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

  assert_fully_inside (scrolled, "events table");
  g_test_message ("events table %d wide in %d", gtk_widget_get_width (table),
                  gtk_widget_get_width (scrolled));
  g_assert_cmpint (gtk_widget_get_width (table), <=, gtk_widget_get_width (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
}

/* SW_DUMP_WIDTHS=1: the window's widgets with their minimum and natural widths, and their
 * minimum and natural heights for the width they have, to find what widens or heightens the
 * window. */
static void
dump_sizes (GtkWidget *widget,
            int        depth)
{
  int min = 0, nat = 0, min_h = 0, nat_h = 0;

  if (depth > 16 || !gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, MAX (gtk_widget_get_width (widget), min),
                      &min_h, &nat_h, NULL, NULL);
  g_test_message ("%*s%s width min %d nat %d, height min %d nat %d (%d×%d)", depth * 2, "",
                  G_OBJECT_TYPE_NAME (widget), min, nat, min_h, nat_h,
                  gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dump_sizes (child, depth + 1);
}

/* The Runs view's split: the diagram beside the monitor, or folded away. */
static AdwFlap *
run_flap (SwRunMonitor *monitor)
{
  GtkWidget *flap = gtk_widget_get_ancestor (GTK_WIDGET (monitor), ADW_TYPE_FLAP);

  g_assert_nonnull (flap);
  return ADW_FLAP (flap);
}

static gboolean
is_sidebar_toggle (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "sidebar-show-symbolic") == 0;
}

static void
resize (GtkWidget *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  /* The window's own size; the default size counts its frame too. */
  WAIT_FOR (ABS (gtk_widget_get_width (window) - width) <= 16 &&
            ABS (gtk_widget_get_height (window) - height) <= 16, 5);
  g_test_message ("window %d×%d for %d×%d", gtk_widget_get_width (window),
                  gtk_widget_get_height (window), width, height);
  if (g_getenv ("SW_DUMP_WIDTHS") != NULL)
    dump_sizes (window, 0);
  g_assert_cmpint (ABS (gtk_widget_get_width (window) - width), <=, 16);
  g_assert_cmpint (ABS (gtk_widget_get_height (window) - height), <=, 16);
}

typedef struct
{
  SwWindow *window;
  SwRunMonitor *monitor;
  GtkWidget *stop;     /* NULL once the run is over */
  GtkWidget *name;
  GtkWidget *legend;
  GtkWidget *kind;
  char *decoration_layout;  /* GTK's, restored */
} Shown;

/* At @width×@height: the diagram beside the monitor from 681 px wide, folded away below;
 * Stop, the run name, the legend, the filter and the table inside the window; folded, the
 * sidebar button slides the diagram in, whole, and out again. */
static void
check_size (Shown      *shown,
            int         width,
            int         height,
            const char *when)
{
  AdwFlap *flap = run_flap (shown->monitor);
  gboolean narrow = width < 681;
  GtkWidget *toggle = find_widget (GTK_WIDGET (shown->window), is_sidebar_toggle, NULL);
  g_autofree char *shot = g_strdup_printf ("window-run-layout-%s-%dx%d.png", when, width, height);

  g_assert_nonnull (toggle);
  /* As narrow as a phone, the window's buttons are GNOME's (and Phosh's): close only
   * (org.gnome.desktop.wm.preferences button-layout 'appmenu:close'); Xvfb has no settings
   * daemon, and GTK's fallback adds minimize and maximize. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout",
                width < 400 ? "appmenu:close" : shown->decoration_layout, NULL);
  resize (GTK_WIDGET (shown->window), width, height);
  g_assert_true (WAIT_FOR (adw_flap_get_folded (flap) == narrow &&
                           adw_flap_get_reveal_progress (flap) == (narrow ? 0.0 : 1.0) &&
                           gtk_widget_get_visible (toggle) == narrow, 5));
  if (shown->stop != NULL)
    assert_fully_inside (shown->stop, "Stop");
  assert_fully_inside (shown->name, "run name");
  assert_fully_inside (shown->legend, "legend");
  assert_fully_inside (shown->kind, "event type filter");
  assert_table_fits (shown->monitor);
  if (g_getenv ("SW_DUMP_WIDTHS") != NULL)
    {
      int mh, nh;
      spin_ms (500);
      gtk_widget_measure (GTK_WIDGET (shown->window), GTK_ORIENTATION_VERTICAL, -1, &mh, &nh, NULL, NULL);
      g_test_message ("WINDOW min height at -1: %d %d", mh, nh);
      dump_sizes (GTK_WIDGET (shown->window), 0);
    }
  g_free (save_screenshot (GTK_WIDGET (shown->window), shot));
  if (!narrow)
    return;

  /* Folded: the diagram comes over the monitor, whole, and goes again. */
  assert_fully_inside (toggle, "sidebar button");
  g_assert_false (gtk_widget_get_mapped (adw_flap_get_flap (flap)));
  gtk_widget_activate (toggle);
  g_assert_true (WAIT_FOR (adw_flap_get_reveal_progress (flap) == 1.0, 5));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  assert_fully_inside (adw_flap_get_flap (flap), "diagram");
  g_free (shot);
  shot = g_strdup_printf ("window-run-layout-%s-%dx%d-diagram.png", when, width, height);
  g_free (save_screenshot (GTK_WIDGET (shown->window), shot));
  gtk_widget_activate (toggle);
  g_assert_true (WAIT_FOR (adw_flap_get_reveal_progress (flap) == 0.0, 5));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
}

static void
test_fits (void)
{
  g_autoptr(SwApplication) app = sw_application_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  g_autofree char *s3 = g_dir_make_tmp ("sw-monitor-layout-s3-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                            "mnist-pipeline.asl.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SwWindow *window;
  SwRunMonitor *monitor;
  SwRunController *controller;
  GtkWidget *dialog = NULL, *header, *stop;
  Notifications server = { 0 };
  Shown shown = { 0 };
  const int sizes[][2] = { { 960, 680 }, { 800, 600 }, { 600, 700 }, { 360, 700 },
                           { 1280, 800 } };

  notifications_start (&server);
  g_settings_set_string (settings, "local-s3-root", s3);
  g_settings_set_double (settings, "wait-scale", 0.01);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* The default size of a new window. */
  window = sw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)) &&
                           ABS (gtk_widget_get_width (GTK_WIDGET (window)) - 960) <= 16, 10));
  g_test_message ("new window %d×%d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - 960), <=, 16);
  g_assert_cmpint (ABS (gtk_widget_get_height (GTK_WIDGET (window)) - 680), <=, 16);
  sw_window_open (window, file);
  g_assert_true (WAIT_FOR (!sw_window_get_loading (window) &&
                           sw_document_lookup_state (sw_window_get_document (window),
                                                     "/States/CreateModel") != NULL, 20));
  /* Five hundred epochs: the run is caught training, with Stop shown, at every size. */
  set_epochs (sw_window_get_document (window), "500");
  pick_local_target (window);
  monitor = SW_RUN_MONITOR (sw_window_get_run_monitor (window));
  controller = sw_run_monitor_get_controller (monitor);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (WAIT_FOR ((dialog = sw_run_dialogs_get_open_dialog (controller)) != NULL &&
                           gtk_widget_get_mapped (dialog), 30));
  sw_run_dialogs_set_field (dialog, "execution-name", RUN_NAME);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_assert_true (WAIT_FOR (g_strcmp0 (sw_window_get_view (window), "run") == 0 &&
                           sw_run_monitor_get_watch (monitor) != NULL, 30));
  header = sw_run_monitor_get_header (monitor);
  g_assert_true (WAIT_FOR ((stop = find_widget (header, is_stop_button, NULL)) != NULL &&
                           gtk_widget_get_visible (stop), 60));

  shown.window = window;
  shown.monitor = monitor;
  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &shown.decoration_layout,
                NULL);
  shown.stop = stop;
  g_assert_true (WAIT_FOR ((shown.name = find_widget (header, is_label_with_text, RUN_NAME)) !=
                           NULL, 10));
  /* The whole name is a hover away when the label shortens it. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (shown.name), ==, RUN_NAME);
  shown.legend = find_widget (header, is_label_with_text, "Cancelled");
  shown.kind = find_widget (sw_run_monitor_get_events_view (monitor), is_widget_type,
                            GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN));

  /* Running: Stop, the run name, the legend and the table at every size. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    check_size (&shown, sizes[i][0], sizes[i][1], "running");
  g_assert_false (sw_run_watch_is_finished (sw_run_monitor_get_watch (monitor)));
  resize (GTK_WIDGET (window), 960, 680);
  sw_run_monitor_set_page (monitor, "training");
  g_free (save_screenshot (GTK_WIDGET (window), "window-run-layout-training-960x680.png"));
  sw_run_monitor_set_page (monitor, "events");

  /* Stopped: a finished run, shown at each size. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (monitor), "run.stop", NULL));
  g_assert_true (WAIT_FOR (sw_run_watch_is_finished (sw_run_monitor_get_watch (monitor)), 60));
  g_assert_true (WAIT_FOR (!gtk_widget_get_visible (stop), 10));
  shown.stop = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    check_size (&shown, sizes[i][0], sizes[i][1], "stopped");
  g_free (shown.decoration_layout);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (100);
  g_settings_reset (settings, "local-s3-root");
  g_settings_reset (settings, "wait-scale");
  notifications_stop (&server);
  remove_tree (s3);
}

int
main (int   argc,
      char *argv[])
{
  return monitor_test_run_on_private_bus (&argc, &argv, "/ui/monitor-layout/fits", test_fits);
}
