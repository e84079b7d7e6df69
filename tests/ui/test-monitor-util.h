/* test-monitor-util.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Helpers shared by the monitor's UI tests (header-only: one test program each). */

#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sw-document.h"
#include "sw-painter.h"
#include "sw-test-ui.h"
#include "sw-target-picker.h"
#include "sw-window.h"

/* Runs the main loop until @condition holds or @seconds pass; returns whether it held. */
#define WAIT_FOR(condition, seconds) SW_TEST_UI_WAIT_FOR (condition, seconds)

static inline void
spin_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static inline GtkWidget *
present_in_window (GtkWidget *child,
                   int        width,
                   int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (child), 10);
  spin_ms (100);
  return window;
}

static inline void
set_dark (gboolean dark)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* every window restyled and drawn */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_mapped (window))
        sw_test_ui_wait_frames (window, 2);
    }
}

/* @widget's render node; right after a relayout there may be nothing to paint yet, so
 * frames are given until there is. */
static inline GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GskRenderNode *node = NULL;

  for (guint attempt = 0; attempt < 50 && node == NULL; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        spin_ms (40);
    }
  g_assert_nonnull (node);
  return node;
}

/* Renders @widget's window to <build>/tests/ui/screenshots/@name; returns the path. */
static inline char *
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GskRenderNode) node = NULL;
  const char *dir = g_getenv ("SW_SCREENSHOT_DIR");

  /* what changed before is laid out and drawn (if the window gets frames at all) */
  if (!sw_test_ui_wait_frames (root, 2))
    g_test_message ("%s: no frame drawn", name);
  node = snapshot_widget (root);
  sw_test_ui_save_node (root, node, name);
  return g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
}

/* The first widget at or below @widget that @match accepts (depth first), or NULL. */
static inline GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What the canvas was given by the monitor's "status-changed": the last table, and every
 * state ever seen in progress. */
typedef struct
{
  GHashTable *last;              /* pointer → GINT_TO_POINTER (SwRunStatus) */
  GHashTable *seen_in_progress;  /* pointers */
} StatusLog;

static inline void
status_log_init (StatusLog *log)
{
  log->last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  log->seen_in_progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static inline void
status_log_clear (StatusLog *log)
{
  g_clear_pointer (&log->last, g_hash_table_unref);
  g_clear_pointer (&log->seen_in_progress, g_hash_table_unref);
}

/* Records a "status-changed" table (nullable: no run shown). */
static inline void
status_log_record (StatusLog  *log,
                   GHashTable *status)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_remove_all (log->last);
  if (status == NULL)
    return;
  g_hash_table_iter_init (&iter, status);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_insert (log->last, g_strdup (key), value);
      if (GPOINTER_TO_INT (value) == SW_RUN_STATUS_IN_PROGRESS)
        g_hash_table_add (log->seen_in_progress, g_strdup (key));
    }
}

/* Sets the example pipeline's "epochs" hyperparameter to @epochs, as typed in the code view. */
static inline void
set_epochs (SwDocument *document,
            const char *epochs)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"epochs\": \"[0-9]+\"", 0, 0, NULL);
  g_autofree char *text = sw_document_serialize (document, SW_DEFINITION_FORMAT_JSON);
  g_autofree char *member = g_strdup_printf ("\"epochs\": \"%s\"", epochs);
  g_autofree char *edited = g_regex_replace_literal (regex, text, -1, 0, member, 0, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (edited, !=, text);
  g_assert_true (sw_document_set_text (document, edited, &error));
  g_assert_no_error (error);
}

/* Picks the target on this computer in @window's header bar and returns it. */
static inline SwTarget *
pick_local_target (SwWindow *window)
{
  GtkWidget *picker = gtk_widget_get_first_child (GTK_WIDGET (sw_window_get_run_slot (window)));
  GListModel *targets;
  SwTarget *local = NULL;

  g_assert_true (SW_IS_TARGET_PICKER (picker));
  targets = sw_target_picker_get_targets (SW_TARGET_PICKER (picker));
  for (guint i = 0; i < g_list_model_get_n_items (targets) && local == NULL; i++)
    {
      g_autoptr(SwTarget) target = g_list_model_get_item (targets, i);

      if (sw_target_is_local (target))
        local = target;
    }
  g_assert_nonnull (local);
  sw_target_picker_set_target (SW_TARGET_PICKER (picker), local);
  return local;
}

/* Deletes a scratch directory and everything in it. */
static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* A notification server on the private session bus: what a run that ends in an unfocused
 * window sends arrives here. */
typedef struct
{
  GDBusConnection *connection;
  GDBusNodeInfo *info;
  guint registration;
  guint owner;
  gboolean owned;
  GPtrArray *summaries;
  GPtrArray *bodies;
} Notifications;

static inline void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  Notifications *server = user_data;

  if (strcmp (method_name, "Notify") == 0)
    {
      const char *app_name, *icon, *summary, *body;
      guint32 replaces;

      g_variant_get (parameters, "(&su&s&s&s@as@a{sv}i)", &app_name, &replaces, &icon, &summary,
                     &body, NULL, NULL, NULL);
      g_ptr_array_add (server->summaries, g_strdup (summary));
      g_ptr_array_add (server->bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation,
                                            g_variant_new ("(u)", server->summaries->len));
    }
  else if (strcmp (method_name, "GetCapabilities") == 0)
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (strcmp (method_name, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test",
                                                                      "Stepwise", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static inline void
notifications_name_acquired_cb (GDBusConnection *connection,
                                const char      *name,
                                gpointer         user_data)
{
  ((Notifications *) user_data)->owned = TRUE;
}

static inline void
notifications_start (Notifications *server)
{
  static const char notifications_xml[] =
    "<node>"
    "  <interface name='org.freedesktop.Notifications'>"
    "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "    <method name='Notify'>"
    "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
    "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
    "      <arg type='u' direction='out'/>"
    "    </method>"
    "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
    "    <method name='GetServerInformation'>"
    "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
    "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
    "    </method>"
    "  </interface>"
    "</node>";
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (address);
  /* A connection of its own, as a notification daemon would have. */
  server->connection = g_dbus_connection_new_for_address_sync (
    address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  server->info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  server->registration = g_dbus_connection_register_object (
    server->connection, "/org/freedesktop/Notifications", server->info->interfaces[0],
    &vtable, server, NULL, &error);
  g_assert_no_error (error);
  server->summaries = g_ptr_array_new_with_free_func (g_free);
  server->bodies = g_ptr_array_new_with_free_func (g_free);
  server->owner = g_bus_own_name_on_connection (server->connection,
                                                "org.freedesktop.Notifications",
                                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                                notifications_name_acquired_cb, NULL, server,
                                                NULL);
  g_assert_true (WAIT_FOR (server->owned, 10));
}

static inline void
notifications_stop (Notifications *server)
{
  g_bus_unown_name (server->owner);
  g_dbus_connection_unregister_object (server->connection, server->registration);
  g_dbus_node_info_unref (server->info);
  g_dbus_connection_close_sync (server->connection, NULL, NULL);
  g_clear_object (&server->connection);
  g_ptr_array_unref (server->summaries);
  g_ptr_array_unref (server->bodies);
}

/* Runs @func as the test @path with a private session bus (GTestDBus) up before anything
 * connects to one, so that the application registers there; without dbus-daemon the test
 * is not added. */
static inline int
monitor_test_run_on_private_bus (int           *argc,
                                 char        ***argv,
                                 const char    *path,
                                 GTestFunc      func)
{
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  GTestDBus *bus = NULL;
  int status;

  if (daemon != NULL)
    {
      /* The bus comes up in a clean environment, without the display. */
      g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
      g_autofree char *runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));

      bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (bus);
      if (display != NULL)
        g_setenv ("DISPLAY", display, TRUE);
      if (runtime_dir != NULL)
        g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
    }
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  if (daemon != NULL)
    g_test_add_func (path, func);
  else
    g_test_message ("dbus-daemon is not installed (Debian: dbus-daemon): nothing to run");
  status = g_test_run ();
  /* Stopped, not taken down: GtkApplication keeps the bus connection to the end, which
   * g_test_dbus_down() (and the finalizer) would wait for. */
  if (bus != NULL)
    g_test_dbus_stop (bus);
  return status;
}
