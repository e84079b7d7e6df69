/* test-application.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Application-wide pieces: the keyboard shortcuts window against the accelerators that
 * really exist (every one it lists is an application accelerator, a canvas binding or a key
 * the canvas handles itself, and every application accelerator is listed), and the
 * preferences window's pages. */

#include <string.h>

#include <adwaita.h>

#include "sw-application.h"
#include "sw-canvas.h"
#include "sw-document.h"
#include "sw-preferences-window.h"
#include "sw-test-ui.h"
#include "sw-validation-panel.h"
#include "sw-window.h"

#define OVERLAY_RESOURCE "/io/github/stepwise/Stepwise/gtk/help-overlay.ui"

/* Keys the canvas's key controller handles by hand (navigation), and the JSON editor's
 * Apply binding (a GtkSourceView subclass, tested in test-inspector). */
static const char *handled_keys[] = {
  "Down", "Up", "Right", "Left", "Tab", "<Shift>Tab", "Return", "Escape", "<Control>Return",
  NULL
};

static char *
canonical (const char *accel)
{
  guint keyval = 0;
  GdkModifierType mods = 0;

  if (!gtk_accelerator_parse (accel, &keyval, &mods))
    return NULL;
  return gtk_accelerator_name (keyval, mods);
}

static gboolean
ignore_session_bus (const char     *domain,
                    GLogLevelFlags  level,
                    const char     *message,
                    gpointer        user_data)
{
  return strstr (message, "session bus") == NULL && strstr (message, "dbus") == NULL;
}

/* accelerator → what binds it ("win.run", "canvas.copy") */
static GHashTable *
app_accels (GtkApplication *app)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (app);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          char *name = canonical (accels[j]);

          g_assert_nonnull (name);
          /* no accelerator is given to two actions */
          if (g_hash_table_contains (table, name))
            g_error ("%s is bound to %s and %s", name,
                     (char *) g_hash_table_lookup (table, name), actions[i]);
          g_hash_table_insert (table, name, g_strdup (actions[i]));
        }
    }
  return table;
}

static GHashTable *
widget_bindings (GtkWidget *widget)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller),
                                                                    j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          g_hash_table_insert (table,
                               gtk_accelerator_name (
                                 gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                 gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
                               gtk_shortcut_action_to_string (action));
        }
    }
  return table;
}

static void
test_overlay_matches (void)
{
  g_autoptr (SwApplication) app = sw_application_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (GHashTable) app_table = NULL;
  g_autoptr (GHashTable) canvas_table = NULL;
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (SwDocument) doc = sw_document_new ();
  g_autoptr (GSList) objects = NULL;
  GtkWidget *canvas;
  GHashTableIter iter;
  gpointer key, value;
  guint n_listed = 0;

  g_test_log_set_fatal_handler (ignore_session_bus, NULL);
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  app_table = app_accels (GTK_APPLICATION (app));
  g_assert_cmpstr (g_hash_table_lookup (app_table, "<Control>r"), ==, "win.run");

  canvas = g_object_ref_sink (sw_canvas_new (doc));
  canvas_table = widget_bindings (canvas);
  g_assert_cmpstr (g_hash_table_lookup (canvas_table, "<Control>c"), ==, "action(canvas.copy)");

  /* The zoom keys follow GNOME's image and document viewers: Ctrl+0 original size, F fit. */
  g_assert_cmpstr (g_hash_table_lookup (canvas_table, "<Control>0"), ==,
                   "action(canvas.zoom-reset)");
  g_assert_cmpstr (g_hash_table_lookup (canvas_table, "f"), ==, "action(canvas.zoom-fit)");
  g_assert_cmpstr (g_hash_table_lookup (app_table, "<Control>1"), ==, "win.view::design");
  /* GNOME's key for a sidebar: the diagram over the runs of a narrow window */
  g_assert_cmpstr (g_hash_table_lookup (app_table, "F9"), ==, "win.show-diagram");

  /* A canvas binding that an application accelerator also has would shadow it while the
   * canvas has the focus: there must be none. */
  g_hash_table_iter_init (&iter, canvas_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (app_table, key))
      g_error ("%s: %s and %s", (char *) key, (char *) value,
               (char *) g_hash_table_lookup (app_table, key));

  builder = gtk_builder_new_from_resource (OVERLAY_RESOURCE);
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto (GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      g_assert_nonnull (accelerator);
      accels = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        {
          char *name = canonical (accels[i]);

          if (name == NULL)
            g_error ("“%s” lists an accelerator that does not parse: %s", title, accels[i]);
          if (!g_hash_table_contains (app_table, name) &&
              !g_hash_table_contains (canvas_table, name) &&
              !g_strv_contains (handled_keys, accels[i]))
            g_error ("“%s” lists %s, which nothing binds", title, name);
          g_hash_table_add (listed, name);
          n_listed++;
        }
    }
  g_assert_cmpuint (n_listed, >, 20);
  g_assert_true (g_hash_table_contains (listed, "<Control>r"));

  g_hash_table_iter_init (&iter, app_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      g_error ("%s (%s) is not in the shortcuts window", (char *) key, (char *) value);

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_object_unref (canvas);
}

static void
collect_pages (GtkWidget *widget,
               GPtrArray *pages)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *title = ADW_IS_PREFERENCES_PAGE (child)
                          ? adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (child)) : NULL;

      /* (the window's own search results page has no title) */
      if (title != NULL && title[0] != '\0')
        g_ptr_array_add (pages, child);
      else if (ADW_IS_PREFERENCES_PAGE (child))
        continue;
      else
        collect_pages (child, pages);
    }
}

/* General and the monitor's Runs page. */
static void
test_preferences_pages (void)
{
  GtkWidget *window = sw_preferences_window_new ();
  AdwPreferencesWindow *preferences = ADW_PREFERENCES_WINDOW (window);
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_mapped (window), 10));
  collect_pages (window, pages);
  g_assert_cmpuint (pages->len, ==, 2);
  g_assert_cmpstr (adw_preferences_page_get_title (pages->pdata[0]), ==, "General");
  g_assert_cmpstr (adw_preferences_page_get_title (pages->pdata[1]), ==, "Runs");
  g_assert_true (adw_preferences_window_get_visible_page (preferences) == pages->pdata[0]);
  sw_test_ui_save_screenshot (window, "preferences-general.png");

  adw_preferences_window_set_visible_page (preferences, pages->pdata[1]);
  g_assert_true (adw_preferences_window_get_visible_page (preferences) == pages->pdata[1]);
  sw_test_ui_save_screenshot (window, "preferences-runs.png");

  gtk_window_destroy (GTK_WINDOW (window));
  sw_test_ui_iterate (20);
  g_assert_null (weak);
}

/* Prepare → Train → Done, as one line */
static const char *pipeline =
  "{\"StartAt\": \"Prepare\", \"States\": {"
  "\"Prepare\": {\"Type\": \"Pass\", \"Next\": \"Train\"}, "
  "\"Train\": {\"Type\": \"Pass\", \"Next\": \"Done\"}, "
  "\"Done\": {\"Type\": \"Succeed\"}}}";

/* The window: the service's validation errors of a failed deploy reach the validation panel
 * and the canvas; a hand placement on the canvas is one undoable step. */
static void
test_window_wiring (void)
{
  SwWindow *window = sw_window_new (NULL);
  SwDocument *doc = sw_window_get_document (window);
  SwCanvas *canvas = SW_CANVAS (sw_window_get_canvas (window));
  SwValidationPanel *panel = SW_VALIDATION_PANEL (sw_window_get_validation_panel (window));
  g_autoptr (GPtrArray) service = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  guint rows;
  double x, y;
  gboolean badge = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sw_document_set_text (doc, pipeline, &error));
  g_assert_no_error (error);
  /* (validation runs in an idle; the panel shows what it found) */
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)) &&
                                      sw_validation_panel_get_n_rows (panel) ==
                                      sw_document_get_diagnostics (doc)->len, 10));
  rows = sw_validation_panel_get_n_rows (panel);

  service = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
  g_ptr_array_add (service, sw_diagnostic_new (SW_SEVERITY_ERROR, "service-validation", 0, 0,
                                               "/States/Train/Type",
                                               "Invalid State Machine Definition: "
                                               "'SCHEMA_VALIDATION_FAILED: Value is not valid "
                                               "at /States/Train/Type'"));
  sw_window_set_view (window, "run");
  g_signal_emit_by_name (sw_window_get_run_monitor (window), "deploy-failed", service,
                         "Invalid State Machine Definition");
  g_assert_cmpstr (sw_window_get_view (window), ==, "design");
  g_assert_true (SW_TEST_UI_WAIT_FOR (sw_validation_panel_get_n_rows (panel) == rows + 1, 10));
  g_assert_cmpstr (sw_document_get_external_source (doc), ==, "AWS");
  {
    g_autoptr (GHashTable) badges = sw_layout_badges_for_diagnostics (
                                      sw_canvas_get_layout (canvas),
                                      sw_document_get_diagnostics (doc));

    /* state name → severity + 1 */
    badge = g_hash_table_lookup (badges, "Train") == GINT_TO_POINTER (SW_SEVERITY_ERROR + 1);
  }
  g_assert_true (badge);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "deploy-diagnostics.png");

  /* Drag Train by hand: one step, modified; undo puts it back in the automatic layout. */
  sw_document_select_one (doc, "/States/Train");
  g_assert_true (sw_canvas_place_selection (canvas, 80, 40));
  g_assert_true (sw_document_get_modified (doc));
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Move State");
  g_assert_true (sw_layout_positions_lookup (sw_document_get_positions (doc), "Train", &x, &y));
  /* moving a state keeps the service's word on the definition */
  g_assert_cmpstr (sw_document_get_external_source (doc), ==, "AWS");
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_false (sw_layout_positions_lookup (sw_document_get_positions (doc), "Train", NULL,
                                              NULL));
  g_assert_true (sw_document_redo (doc, &error));
  g_assert_true (sw_layout_positions_lookup (sw_document_get_positions (doc), "Train", &x, NULL));

  /* an edit of the definition clears them */
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Done"), "Finish",
                                  &error));
  g_assert_true (SW_TEST_UI_WAIT_FOR (sw_document_get_external_source (doc) == NULL &&
                                      sw_validation_panel_get_n_rows (panel) == rows, 10));

  gtk_window_destroy (GTK_WINDOW (window));
  sw_test_ui_iterate (20);
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* At the default size (960 px wide) the header bar leaves the file's name whole, in every
 * view: the target picker shows in the Runs view only, the file's buttons in the others. */
static void
test_title_fits (void)
{
  static const char *views[] = { "design", "code", "run" };
  SwWindow *window = sw_window_new (NULL);
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                            "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *picker;
  int width = 0, height = 0;

  /* (GTK 4.8 wants both) */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 960);
  gtk_window_present (GTK_WINDOW (window));
  sw_window_open (window, file);
  g_assert_true (SW_TEST_UI_WAIT_FOR (!sw_window_get_loading (window) &&
                                      gtk_widget_get_mapped (GTK_WIDGET (window)), 20));
  picker = gtk_widget_get_first_child (GTK_WIDGET (sw_window_get_run_slot (window)));

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkLabel *title;

      sw_window_set_view (window, views[i]);
      g_assert_true (sw_test_ui_wait_frames (GTK_WIDGET (window), 2));
      /* (less the client-side decoration's margins) */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 960);
      title = find_label (GTK_WIDGET (window), "mnist-pipeline.asl.json");
      g_assert_nonnull (title);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (title)));
      if (pango_layout_is_ellipsized (gtk_label_get_layout (title)))
        g_error ("The title is cut in the %s view", views[i]);
      g_assert_true (gtk_widget_get_visible (picker) == (i == 2));
    }
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-default-size-runs.png");
  sw_window_set_view (window, "design");
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-default-size.png");

  gtk_window_destroy (GTK_WINDOW (window));
  sw_test_ui_iterate (20);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/application/shortcuts", test_overlay_matches);
  g_test_add_func ("/ui/application/preferences", test_preferences_pages);
  g_test_add_func ("/ui/application/window-wiring", test_window_wiring);
  g_test_add_func ("/ui/application/title-fits", test_title_fits);

  return g_test_run ();
}
