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

  /* A canvas binding that an application accelerator also has never fires while the canvas
   * has the focus... except Ctrl+1 (zoom to 100 %), which shadows win.view::design only
   * where a canvas is focused; it is left out of the shortcuts window for that reason. */
  g_hash_table_iter_init (&iter, canvas_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (key, "<Control>1") != 0 && g_hash_table_contains (app_table, key))
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
  sw_test_ui_wait_ms (200);
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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/application/shortcuts", test_overlay_matches);
  g_test_add_func ("/ui/application/preferences", test_preferences_pages);

  return g_test_run ();
}
