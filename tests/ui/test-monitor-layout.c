/* test-monitor-layout.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Runs view fits the window (issues #9, #6): in a real SwWindow, a local run of the
 * example pipeline is watched and stopped; at 960×680, 1280×800, 800×600, 600×700, 360×700
 * (GNOME's phone width) and 360×480, running and then stopped, the Stop button, the run name,
 * the legend, the event type filter and the events table (every column) lie inside the
 * window and inside every ancestor that clips them, and so do the status bar and the views'
 * switcher at the bottom (the run's header scrolls rather than push them out). From 681 px
 * the diagram sits beside the monitor; narrower, the window's AdwFlap folds it away and the
 * header bar's sidebar button or F9 (win.show-diagram) slides it over the monitor, fitted
 * to its width unless the user zoomed, and back. The Design and Code views keep the window's
 * width at each size: the inspector folds below 742 px and the states below 500 px, each
 * sliding over the diagram from its header bar button. Screenshots at each size are saved
 * next to the other monitor screenshots. */

#include <adwaita.h>
#include <string.h>

#include "sw-application.h"
#include "sw-canvas.h"
#include "sw-document.h"
#include "sw-events-view.h"
#include "sw-inspector.h"
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
      /* Inside a viewport, the bounds are where the widget is scrolled to: it is seen whole
       * when they lie inside the viewport (the events table's rows are checked by
       * assert_table_fits, not here). */
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

/* The window's switcher bar, not the monitor's (@data) for its pages. */
static gboolean
is_switcher_bar (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_VIEW_SWITCHER_BAR (widget) && !gtk_widget_is_ancestor (widget, (GtkWidget *) data);
}

/* The window's own bars lie whole inside it: the status bar ("No problems") always, and the
 * views' switcher at the bottom when the header bar has no room for it (@narrow), once it has
 * slid in. What is above them must shrink or scroll for that when the window is short. */
static void
assert_bars_inside (SwWindow *window,
                    gboolean  narrow)
{
  GtkWidget *status = sw_window_get_validation_panel (window);
  GtkWidget *bar = find_widget (GTK_WIDGET (window), is_switcher_bar,
                                sw_window_get_run_monitor (window));
  GtkWidget *revealer;

  g_assert_nonnull (bar);
  revealer = find_widget (bar, is_widget_type, GSIZE_TO_POINTER (GTK_TYPE_REVEALER));
  g_assert_nonnull (revealer);
  if (narrow)
    g_assert_true (WAIT_FOR (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)) &&
                             gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)), 5));
  assert_fully_inside (status, "status bar");
  if (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)))
    {
      int natural = 0;

      g_assert_true (WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)), 5));
      assert_fully_inside (bar, "view switcher bar");
      /* given all the height it asks for, not squeezed below it */
      gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (bar), NULL,
                          &natural, NULL, NULL);
      g_assert_cmpint (natural, >, 30);
      g_assert_cmpint (gtk_widget_get_height (bar), >=, natural);
    }
}

/* The whole diagram lies inside the canvas (it was fitted to the width it was given). */
static void
assert_diagram_whole (SwCanvas *canvas)
{
  SwLayout *layout = sw_canvas_get_layout (canvas);
  double x0, y0, x1, y1;

  g_assert_nonnull (layout);
  sw_canvas_diagram_to_widget (canvas, 0, 0, &x0, &y0);
  sw_canvas_diagram_to_widget (canvas, sw_layout_get_width (layout),
                               sw_layout_get_height (layout), &x1, &y1);
  g_test_message ("diagram %.0f..%.0f × %.0f..%.0f in a canvas %d×%d", x0, x1, y0, y1,
                  gtk_widget_get_width (GTK_WIDGET (canvas)),
                  gtk_widget_get_height (GTK_WIDGET (canvas)));
  g_assert_cmpfloat (x0, >=, -0.5);
  g_assert_cmpfloat (y0, >=, -0.5);
  g_assert_cmpfloat (x1, <=, gtk_widget_get_width (GTK_WIDGET (canvas)) + 0.5);
  g_assert_cmpfloat (y1, <=, gtk_widget_get_height (GTK_WIDGET (canvas)) + 0.5);
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
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "sidebar-show-symbolic") == 0 &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "win.show-diagram") == 0;
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
  gboolean zoomed = width == 600 && g_str_equal (when, "stopped");
  SwCanvas *canvas;
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
  assert_bars_inside (shown->window, narrow);
  if (g_getenv ("SW_DUMP_WIDTHS") != NULL)
    dump_sizes (GTK_WIDGET (shown->window), 0);
  g_free (save_screenshot (GTK_WIDGET (shown->window), shot));
  assert_bars_inside (shown->window, narrow);
  if (!narrow)
    {
      /* side by side, the diagram stays */
      gtk_widget_activate_action (GTK_WIDGET (shown->window), "win.show-diagram", NULL);
      spin_ms (100);
      g_assert_true (adw_flap_get_reveal_flap (flap));
      return;
    }

  /* Folded: the diagram comes over the monitor, whole, and goes again; F9 (win.show-diagram)
   * does what the sidebar button does. */
  assert_fully_inside (toggle, "sidebar button");
  g_assert_false (gtk_widget_get_mapped (adw_flap_get_flap (flap)));
  canvas = SW_CANVAS (find_widget (adw_flap_get_flap (flap), is_widget_type,
                                   GSIZE_TO_POINTER (SW_TYPE_CANVAS)));
  g_assert_nonnull (canvas);
  if (zoomed)
    {
      /* the user's zoom is kept */
      sw_canvas_set_zoom_at (canvas, 2.0, 10, 10);
      g_assert_true (sw_canvas_get_view_moved (canvas));
    }
  gtk_widget_activate (toggle);
  g_assert_true (WAIT_FOR (adw_flap_get_reveal_progress (flap) == 1.0, 5));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  assert_fully_inside (adw_flap_get_flap (flap), "diagram");
  if (zoomed)
    g_assert_cmpfloat (sw_canvas_get_zoom (canvas), ==, 2.0);
  else
    assert_diagram_whole (canvas);
  g_free (shot);
  shot = g_strdup_printf ("window-run-layout-%s-%dx%d-diagram.png", when, width, height);
  g_free (save_screenshot (GTK_WIDGET (shown->window), shot));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shown->window), "win.show-diagram",
                                             NULL));
  g_assert_true (WAIT_FOR (adw_flap_get_reveal_progress (flap) == 0.0, 5));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  if (zoomed)
    sw_canvas_zoom_to_fit (canvas);
}

static gboolean
is_toggle_with_tooltip (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* A folded sidebar of the Design view (@tooltip: its header bar button's) slides over the
 * diagram, whole, and away again. */
static void
check_design_sidebar (SwWindow   *window,
                      GtkWidget  *slot,
                      const char *tooltip,
                      gboolean    folded,
                      const char *what)
{
  AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (slot, ADW_TYPE_FLAP));
  GtkWidget *toggle = find_widget (GTK_WIDGET (window), is_toggle_with_tooltip, tooltip);

  g_assert_nonnull (toggle);
  g_assert_true (WAIT_FOR (adw_flap_get_folded (flap) == folded &&
                           gtk_widget_get_visible (toggle) == folded &&
                           adw_flap_get_reveal_progress (flap) == (folded ? 0.0 : 1.0), 5));
  if (!folded)
    {
      assert_fully_inside (slot, what);
      return;
    }
  assert_fully_inside (toggle, "sidebar button");
  gtk_widget_activate (toggle);
  g_assert_true (WAIT_FOR (adw_flap_get_reveal_progress (flap) == 1.0, 5));
  assert_fully_inside (slot, what);
  gtk_widget_activate (toggle);
  g_assert_true (WAIT_FOR (adw_flap_get_reveal_progress (flap) == 0.0, 5));
}

/* The Design and Code views fit the window too (issue #4): it keeps its size, the bars at
 * its bottom are whole, the inspector folds below 742 px and the states below 500 px. */
static void
check_other_views (SwWindow *window,
                   int       width,
                   int       height)
{
  static const char *views[] = { "design", "code" };
  gboolean narrow = width < 681;
  int run_width = gtk_widget_get_width (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *shot = g_strdup_printf ("window-%s-layout-%dx%d.png", views[i], width,
                                               height);

      sw_window_set_view (window, views[i]);
      spin_ms (200);
      g_test_message ("%s view: window %d×%d for %d×%d", views[i],
                      gtk_widget_get_width (GTK_WIDGET (window)),
                      gtk_widget_get_height (GTK_WIDGET (window)), width, height);
      if (g_getenv ("SW_DUMP_WIDTHS") != NULL)
        dump_sizes (GTK_WIDGET (window), 0);
      /* as wide as in the Runs view: the view does not widen the window */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, run_width);
      g_assert_cmpint (ABS (gtk_widget_get_height (GTK_WIDGET (window)) - height), <=, 16);
      assert_bars_inside (window, narrow);
      if (i == 0)
        {
          GtkWidget *inspector = find_widget (GTK_WIDGET (window), is_widget_type,
                                              GSIZE_TO_POINTER (SW_TYPE_INSPECTOR));
          GtkWidget *browser = gtk_widget_get_parent (sw_window_get_states_browser (window));

          inspector = gtk_widget_get_parent (inspector);
          assert_fully_inside (sw_window_get_canvas (window), "design canvas");
          check_design_sidebar (window, inspector, "Show the Inspector", width < 742,
                                "inspector");
          check_design_sidebar (window, browser, "Show the States", width < 500,
                                "states");
        }
      else
        assert_fully_inside (sw_window_get_code_view (window), "code view");
      g_free (save_screenshot (GTK_WIDGET (window), shot));
    }
  sw_window_set_view (window, "run");
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
                           { 360, 480 }, { 1280, 800 } };

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
    {
      check_size (&shown, sizes[i][0], sizes[i][1], "stopped");
      check_other_views (window, sizes[i][0], sizes[i][1]);
    }
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
