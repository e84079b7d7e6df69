/* test-window.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sw-application.h"
#include "sw-canvas.h"
#include "sw-code-view.h"
#include "sw-inspector-private.h"
#include "sw-layout.h"
#include "sw-preferences-window.h"
#include "sw-states-browser.h"
#include "sw-test-ui.h"
#include "sw-validation-panel.h"
#include "sw-window.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static char *tmp_root;

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("SW_SOURCE_DIR");
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

/* A copy of a source file in a fresh folder, so that saving does not touch the tree. */
static GFile *
copy_to_tmp (const char *source,
             const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_build_filename (tmp_root, "work-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  g_assert_nonnull (g_mkdtemp (dir));
  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("%s did not happen within 20 seconds", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_idle (SwWindow *window)
{
  guint timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "Loading or saving");

  while (sw_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static SwWindow *
create_window (void)
{
  SwWindow *window = sw_window_new (NULL);

  g_assert_true (SW_IS_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
destroy_window (SwWindow *window)
{
  gpointer weak = window;
  gpointer weak_document = sw_window_get_document (window);

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_object_add_weak_pointer (G_OBJECT (weak_document), &weak_document);
  gtk_window_destroy (GTK_WINDOW (window));

  for (guint i = 0; (weak != NULL || weak_document != NULL) && i < 1000; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_null (weak);
  g_assert_null (weak_document);
}

static char *
state_names (SwDocument *doc)
{
  SwMachine *machine = sw_document_get_machine (doc);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
    {
      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, sw_state_get_name (sw_machine_get_state (machine, i)));
    }
  return g_string_free (names, FALSE);
}

static const char *
window_title (SwWindow *window)
{
  return gtk_window_get_title (GTK_WINDOW (window));
}

/* The first widget (depth first) whose action is @action. */
static GtkWidget *
find_by_action (GtkWidget  *widget,
                const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_action (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_new_and_finalize (void)
{
  SwWindow *window = create_window ();
  SwDocument *doc = sw_window_get_document (window);
  GtkBox *run_slot = sw_window_get_run_slot (window);

  spin (50);
  g_assert_nonnull (doc);
  g_assert_null (sw_window_get_file (window));
  g_assert_cmpstr (window_title (window), ==, "Untitled workflow — Stepwise");
  g_assert_true (GTK_IS_BOX (run_slot));
  g_assert_cmpstr (gtk_buildable_get_buildable_id (GTK_BUILDABLE (run_slot)), ==, "run_slot");
  g_assert_cmpstr (sw_window_get_view (window), ==, "design");
  /* Nothing to undo yet. */
  g_assert_false (gtk_widget_get_sensitive (find_by_action (GTK_WIDGET (window), "win.undo")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_by_action (GTK_WIDGET (window), "win.undo")),
                   ==, "Undo (Ctrl+Z)");
  destroy_window (window);
}

static GtkTextBuffer *
code_buffer (SwWindow *window)
{
  return sw_code_view_get_buffer (SW_CODE_VIEW (sw_window_get_code_view (window)));
}

static void
test_open_edit_undo_save (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) file = copy_to_tmp (example, "mnist-pipeline.asl.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *names = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = g_file_get_path (file);
  SwWindow *window = create_window ();
  SwDocument *doc = sw_window_get_document (window);
  SwState *state;

  sw_window_open (window, file);
  g_assert_true (sw_window_get_loading (window));
  wait_idle (window);
  g_assert_true (g_file_equal (sw_window_get_file (window), file));
  g_assert_cmpstr (window_title (window), ==, "mnist-pipeline.asl.json — Stepwise");
  {
    /* The file is among the recent ones (GtkRecentManager adds it asynchronously). */
    g_autofree char *uri = g_file_get_uri (file);
    guint timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "The recent file");
    GtkRecentInfo *info;

    while ((info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (), uri,
                                                   NULL)) == NULL)
      g_main_context_iteration (NULL, TRUE);
    gtk_recent_info_unref (info);
    g_source_remove (timeout);
  }
  before = state_names (doc);
  /* The example grows; its pipeline starts with the four SageMaker steps. */
  g_assert_true (g_str_has_prefix (before, "CreateTrainingJob,CreateModel,CreateEndpointConfig,"
                                           "CreateEndpoint"));

  /* A rename through the model, as the inspector does it. */
  state = sw_document_lookup_state (doc, "/States/CreateModel");
  g_assert_nonnull (state);
  g_assert_true (sw_state_rename (state, "RegisterModel", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (window_title (window), ==, "• mnist-pipeline.asl.json — Stepwise");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_by_action (GTK_WIDGET (window), "win.undo")),
                   ==, "Undo Rename “CreateModel” to “RegisterModel” (Ctrl+Z)");
  g_assert_true (gtk_widget_get_sensitive (find_by_action (GTK_WIDGET (window), "win.undo")));

  /* Undo and redo through the window's actions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  names = state_names (doc);
  g_assert_cmpstr (names, ==, before);
  g_assert_cmpstr (window_title (window), ==, "mnist-pipeline.asl.json — Stepwise");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_by_action (GTK_WIDGET (window), "win.redo")),
                   ==, "Redo Rename “CreateModel” to “RegisterModel” (Shift+Ctrl+Z)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_true (g_str_has_prefix (names, "CreateTrainingJob,RegisterModel,"
                                          "CreateEndpointConfig,CreateEndpoint"));

  /* Switch views through the action the toggle buttons use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "code"));
  g_assert_cmpstr (sw_window_get_view (window), ==, "code");
  spin (50);
  {
    GtkTextBuffer *buffer = code_buffer (window);
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "\"Next\": \"RegisterModel\""));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "design"));
  g_assert_cmpstr (sw_window_get_view (window), ==, "design");

  /* Save: the canonical writer's bytes, atomically in place. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  wait_idle (window);
  g_assert_false (sw_document_get_modified (doc));
  g_assert_cmpstr (window_title (window), ==, "mnist-pipeline.asl.json — Stepwise");
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  expected = sw_document_serialize (doc, SW_DEFINITION_FORMAT_JSON);
  g_assert_cmpstr (saved, ==, expected);
  g_assert_nonnull (strstr (saved, "  \"States\": {\n    \"CreateTrainingJob\": {\n"));
  g_assert_nonnull (strstr (saved, "\"Next\": \"RegisterModel\""));
  g_assert_null (strstr (saved, "\"CreateModel\""));

  destroy_window (window);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_code_view_edit (void)
{
  SwWindow *window = create_window ();
  SwDocument *doc = sw_window_get_document (window);
  SwCodeView *code = SW_CODE_VIEW (sw_window_get_code_view (window));
  GtkTextBuffer *buffer;
  g_autofree char *names = NULL;
  g_autofree char *kept = NULL;
  g_autoptr (GError) error = NULL;
  const char *typed = "{\n  \"StartAt\": \"Fetch\",\n  \"States\": {\n"
                      "    \"Fetch\": { \"Type\": \"Pass\", \"Next\": \"Done\" },\n"
                      "    \"Done\": { \"Type\": \"Succeed\" }\n  }\n}\n";
  const char *broken = "{\n  \"StartAt\": \"Fetch\",\n  \"States\": {\n"
                       "    \"Fetch\": { \"Type\": \"Pass\", \"Next\": \"Done\" },,\n";
  guint timeout;

  sw_window_set_view (window, "code");
  spin (50);
  buffer = code_buffer (window);

  /* Typing reaches the model after the debounce, as one undoable step. */
  gtk_text_buffer_set_text (buffer, typed, -1);
  g_assert_cmpuint (sw_machine_get_n_states (sw_document_get_machine (doc)), ==, 1);
  timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "The code view edit");
  while (sw_machine_get_n_states (sw_document_get_machine (doc)) != 2)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "Fetch,Done");
  g_assert_true (sw_document_get_modified (doc));
  g_assert_null (sw_code_view_get_error (code));
  {
    g_autofree char *label = sw_document_dup_undo_label (doc);

    g_assert_cmpstr (label, ==, "Undo Edit Definition");
  }

  /* A parse error keeps the text exactly and shows where it breaks. */
  gtk_text_buffer_set_text (buffer, broken, -1);
  sw_code_view_flush (code);
  g_assert_nonnull (sw_code_view_get_error (code));
  g_assert_true (g_str_has_prefix (sw_code_view_get_error (code), "Line 4, column "));
  g_assert_cmpstr (sw_document_get_pending_text (doc), ==, broken);
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "Fetch,Done");
  spin (100);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "code-parse-error-light.png");

  /* An edit from another view does not replace text the user is fixing. */
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Done"), "Finish",
                                  &error));
  g_assert_no_error (error);
  spin (50);
  kept = buffer_text (buffer);
  g_assert_cmpstr (kept, ==, broken);

  /* Nor does leaving the view or a draft of it. */
  sw_window_set_view (window, "design");
  sw_window_set_view (window, "code");
  g_clear_pointer (&kept, g_free);
  kept = buffer_text (buffer);
  g_assert_cmpstr (kept, ==, broken);

  /* Fixed text applies, and then edits from elsewhere show again. */
  gtk_text_buffer_set_text (buffer, typed, -1);
  sw_code_view_flush (code);
  g_assert_null (sw_code_view_get_error (code));
  g_assert_null (sw_document_get_pending_text (doc));
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Fetch"), "Load",
                                  &error));
  g_clear_pointer (&kept, g_free);
  kept = buffer_text (buffer);
  g_assert_nonnull (strstr (kept, "\"StartAt\": \"Load\""));

  destroy_window (window);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of the first diagnostic at @prefix, once the panel lists what the document found
 * (the validator runs after edits settle). */
static guint
find_diagnostic (SwValidationPanel *panel,
                 SwDocument        *doc,
                 const char        *prefix)
{
  guint timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "Validation");

  for (;;)
    {
      GPtrArray *diagnostics = sw_document_get_diagnostics (doc);

      for (guint i = 0; i < diagnostics->len; i++)
        if (g_str_has_prefix (((SwDiagnostic *) g_ptr_array_index (diagnostics, i))->pointer,
                              prefix) &&
            sw_validation_panel_get_n_rows (panel) == diagnostics->len)
          {
            g_source_remove (timeout);
            return i;
          }
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
focus_in (SwWindow  *window,
          GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
test_diagnostics (void)
{
  g_autofree char *invalid = source_path ("tests", "ui", "data", "invalid.asl.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (invalid);
  g_autoptr (GError) error = NULL;
  SwWindow *window = create_window ();
  SwDocument *doc = sw_window_get_document (window);
  SwValidationPanel *panel = SW_VALIDATION_PANEL (sw_window_get_validation_panel (window));
  SwCodeView *code = SW_CODE_VIEW (sw_window_get_code_view (window));
  SwInspector *inspector = SW_INSPECTOR (find_descendant (GTK_WIDGET (window),
                                                          SW_TYPE_INSPECTOR));
  const char * const *selection;
  GtkTextBuffer *buffer;
  GtkTextIter cursor, end;
  g_autofree char *rest = NULL;

  sw_window_open (window, file);
  wait_idle (window);
  spin (100);

  /* StartAt names no state: the machine's "Start at" field takes the focus. */
  sw_document_select_one (doc, "/States/Done");
  sw_validation_panel_activate (panel, find_diagnostic (panel, doc, "/StartAt"));
  g_assert_cmpuint (sw_validation_panel_get_n_rows (panel), ==,
                    sw_document_get_diagnostics (doc)->len);
  g_assert_cmpuint (sw_validation_panel_get_n_rows (panel), >=, 1);
  g_assert_cmpstr (sw_window_get_view (window), ==, "design");
  g_assert_null (sw_document_get_selection (doc)[0]);
  g_assert_cmpstr (sw_inspector_get_visible_tab (inspector), ==, "machine");
  g_assert_true (focus_in (window, _sw_inspector_get_field_widget (inspector, "/StartAt")));

  /* A problem inside a state selects it, shows the design and focuses the field. */
  g_assert_true (sw_state_set_field (sw_document_lookup_state (doc, "/States/Done"), "Type",
                                     sw_value_new_string ("Wait"), &error));
  g_assert_no_error (error);
  g_assert_true (sw_state_set_field (sw_document_lookup_state (doc, "/States/Done"), "Seconds",
                                     sw_value_new_int (-5), &error));
  g_assert_no_error (error);
  sw_window_set_view (window, "run");
  spin (100);
  sw_validation_panel_activate (panel, find_diagnostic (panel, doc, "/States/Done/Seconds"));
  selection = sw_document_get_selection (doc);
  g_assert_cmpstr (selection[0], ==, "/States/Done");
  g_assert_null (selection[1]);
  g_assert_cmpstr (sw_window_get_view (window), ==, "design");
  g_assert_cmpstr (sw_inspector_get_visible_tab (inspector), ==, "type");
  g_assert_true (focus_in (window, _sw_inspector_get_field_widget (inspector, "/Seconds")));

  /* In the code view the cursor goes to the place in the text instead. */
  sw_window_set_view (window, "code");
  spin (100);
  g_assert_cmpuint (sw_code_view_get_n_marks (code), ==,
                    sw_document_get_diagnostics (doc)->len);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "code-diagnostics-light.png");
  sw_validation_panel_activate (panel, find_diagnostic (panel, doc, "/States/Done/Seconds"));
  g_assert_cmpstr (sw_window_get_view (window), ==, "code");
  g_assert_cmpstr (sw_document_get_selection (doc)[0], ==, "/States/Done");
  buffer = sw_code_view_get_buffer (code);
  g_assert_true (focus_in (window, GTK_WIDGET (code)));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_end_iter (buffer, &end);
  rest = gtk_text_buffer_get_text (buffer, &cursor, &end, FALSE);
  g_assert_true (g_str_has_prefix (rest, "\"Seconds\": -5"));

  g_clear_pointer (&rest, g_free);
  sw_validation_panel_activate (panel, find_diagnostic (panel, doc, "/StartAt"));
  g_assert_cmpstr (sw_window_get_view (window), ==, "code");
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  rest = gtk_text_buffer_get_text (buffer, &cursor, &end, FALSE);
  g_assert_true (g_str_has_prefix (rest, "\"StartAt\": \"Train\""));
  destroy_window (window);
}

static AdwMessageDialog *
find_dialog (SwWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
test_close_unsaved (void)
{
  SwWindow *window = create_window ();
  SwDocument *doc = sw_window_get_document (window);
  g_autoptr (GError) error = NULL;
  gpointer weak = window;
  AdwMessageDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);

  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Start"), "Begin",
                                  &error));
  g_assert_true (sw_document_get_modified (doc));

  /* Closing asks. */
  gtk_window_close (GTK_WINDOW (window));
  spin (50);
  g_assert_nonnull (weak);
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));

  /* Cancel keeps the window and the changes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_nonnull (weak);
  g_assert_true (sw_document_get_modified (doc));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Discard closes it. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  for (guint i = 0; weak != NULL && i < 1000; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);
}

static void
test_close_save (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) file = copy_to_tmp (example, "closing.asl.json");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *saved = NULL;
  g_autoptr (GError) error = NULL;
  SwWindow *window = create_window ();
  gpointer weak = window;
  AdwMessageDialog *dialog;
  guint timeout;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  sw_window_open (window, file);
  wait_idle (window);
  g_assert_true (sw_state_rename (sw_document_lookup_state (sw_window_get_document (window),
                                                            "/States/CreateModel"),
                                  "SaveOnClose", &error));
  g_assert_no_error (error);

  /* "Save" saves, then closes. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "Save and close");
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_nonnull (strstr (saved, "\"SaveOnClose\": {"));
}

static void
test_preferences (void)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  GtkWidget *preferences = sw_preferences_window_new ();
  gpointer weak = preferences;
  g_autoptr (GtkBuilder) builder = NULL;
  GObject *shortcuts;

  g_object_add_weak_pointer (G_OBJECT (preferences), &weak);
  gtk_window_present (GTK_WINDOW (preferences));
  spin (50);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (preferences)), ==, "Preferences");

  /* The rows are bound to the settings, both ways. */
  g_settings_set_string (settings, "color-scheme", "dark");
  g_settings_set_string (settings, "default-query-language", "JSONata");
  g_settings_set_uint (settings, "autosave-interval", 120);
  spin (50);
  {
    g_autoptr (SwDocument) doc = sw_document_new ();

    /* New workflows follow the default query language. */
    g_assert_cmpstr (sw_machine_get_query_language (sw_document_get_machine (doc)), ==,
                     "JSONata");
  }
  g_settings_reset (settings, "color-scheme");
  g_settings_reset (settings, "default-query-language");
  g_settings_reset (settings, "autosave-interval");
  gtk_window_destroy (GTK_WINDOW (preferences));
  for (guint i = 0; weak != NULL && i < 1000; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);

  /* The keyboard shortcuts window GtkApplication shows for win.show-help-overlay. */
  builder = gtk_builder_new_from_resource ("/io/github/stepwise/Stepwise/gtk/help-overlay.ui");
  shortcuts = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  gtk_window_destroy (GTK_WINDOW (shortcuts));
}

static void
test_drop_file (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (example);
  g_autoptr (GListModel) controllers = NULL;
  SwWindow *window = create_window ();
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  /* A file dropped on an untouched window opens in it. */
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  wait_idle (window);
  g_assert_true (g_file_equal (sw_window_get_file (window), file));

  g_clear_object (&controllers);
  destroy_window (window);
}

static void
test_close_unmodified (void)
{
  SwWindow *window = create_window ();
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  for (guint i = 0; weak != NULL && i < 1000; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);
}

static void
test_drafts (void)
{
  SwWindow *window = create_window ();
  SwWindow *restored;
  SwDocument *doc = sw_window_get_document (window);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = sw_window_get_drafts_dir ();
  g_autofree char *expected_dir = g_build_filename (tmp_root, "state", "stepwise", "drafts",
                                                    NULL);
  g_autofree char *path = NULL;
  g_autofree char *names = NULL;
  g_autoptr (GDir) handle = NULL;
  const char *name;
  AdwMessageDialog *dialog;

  g_assert_cmpstr (dir, ==, expected_dir);

  /* Nothing to keep while nothing changed. */
  g_assert_true (sw_window_write_draft (window, &error));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Start"), "Drafted",
                                  &error));
  g_assert_true (sw_window_write_draft (window, &error));
  g_assert_no_error (error);
  handle = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (handle);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_suffix (name, ".json"));
  path = g_build_filename (dir, name, NULL);
  g_assert_null (g_dir_read_name (handle));

  /* After a "crash", another window gets the changes back as unsaved ones. */
  restored = create_window ();
  g_assert_true (sw_window_restore_draft (restored, path, &error));
  g_assert_no_error (error);
  names = state_names (sw_window_get_document (restored));
  g_assert_cmpstr (names, ==, "Drafted");
  g_assert_true (sw_document_get_modified (sw_window_get_document (restored)));
  g_assert_cmpstr (window_title (restored), ==, "• Untitled workflow — Stepwise");

  /* Discarding on close removes the draft. */
  gtk_window_close (GTK_WINDOW (restored));
  dialog = find_dialog (restored);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  spin (50);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  destroy_window (window);
}

static void
test_export (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) file = copy_to_tmp (example, "pipeline.asl.json");
  g_autoptr (GFile) folder = g_file_get_parent (file);
  SwWindow *window = create_window ();
  static const struct {
    const char *kind;
    const char *name;
    const char *magic;
  } cases[] = {
    { "json", "out.asl.json", "{\n  \"Comment\"" },
    { "yaml", "out.asl.yaml", "Comment: " },
    { "svg", "out.svg", "<?xml" },
    { "png", "out.png", "\x89PNG" },
    { "pdf", "out.pdf", "%PDF" },
  };

  sw_window_open (window, file);
  wait_idle (window);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GFile) out = g_file_get_child (folder, cases[i].name);
      g_autoptr (GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (sw_window_export (window, out, cases[i].kind, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_load_contents (out, NULL, &contents, &length, NULL, &error));
      g_assert_cmpuint (length, >, 100);
      g_assert_cmpmem (contents, strlen (cases[i].magic), cases[i].magic,
                       strlen (cases[i].magic));
    }
  /* Exports do not change the document's file. */
  g_assert_true (g_file_equal (sw_window_get_file (window), file));
  destroy_window (window);
}

/* Without a session bus GtkApplication says so once; that is not what is tested. */
static gboolean
ignore_session_bus (const char     *log_domain,
                    GLogLevelFlags  log_level,
                    const char     *message,
                    gpointer        user_data)
{
  return strstr (message, "session bus") == NULL && strstr (message, "dbus") == NULL;
}

static void
test_application (void)
{
  g_autoptr (SwApplication) app = sw_application_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = sw_window_get_drafts_dir ();
  g_autofree char *draft = g_build_filename (dir, "crashed.json", NULL);
  g_auto (GStrv) undo = NULL;
  g_auto (GStrv) help = NULL;
  g_autoptr (GList) windows = NULL;
  guint n_windows;

  g_test_log_set_fatal_handler (ignore_session_bus, NULL);

  /* What a crashed session left. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (draft, "{\"file\": null, \"format\": \"json\", \"text\": "
                                      "\"{\\\"StartAt\\\": \\\"Rescued\\\", \\\"States\\\": "
                                      "{\\\"Rescued\\\": {\\\"Type\\\": \\\"Succeed\\\"}}}\"}",
                                      -1, &error));

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  undo = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.undo");
  g_assert_cmpstr (undo[0], ==, "<Control>z");
  help = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help, "F1"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "new-window"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  g_application_activate (G_APPLICATION (app));
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpuint (n_windows, ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  /* The draft is offered; restoring opens it as an unsaved change. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "restore-drafts", NULL);
  spin (50);
  {
    gboolean found = FALSE;

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
      {
        SwDocument *doc = sw_window_get_document (l->data);

        if (sw_document_lookup_state (doc, "/States/Rescued") != NULL)
          {
            g_assert_true (sw_document_get_modified (doc));
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  spin (50);
  g_unlink (draft);
  g_test_log_set_fatal_handler (NULL, NULL);
}

/* --- screenshots ---------------------------------------------------------------------- */

static GFile *
generated_machine (guint n)
{
  const char *gen = g_getenv ("SW_GEN_MACHINE");
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = g_strdup_printf ("machine-%u.asl.json", n);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autoptr (GError) error = NULL;
  const char *argv[] = { gen, count, NULL };
  int status = 0;

  g_assert_nonnull (gen);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  path = g_build_filename (tmp_root, name, NULL);
  g_assert_true (g_file_set_contents (path, out, -1, &error));
  return g_file_new_for_path (path);
}

static void
screenshot (GFile      *file,
            gboolean    dark,
            const char *view,
            double      zoom,
            const char *name)
{
  SwWindow *window = create_window ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  sw_window_open (window, file);
  wait_idle (window);
  sw_window_set_view (window, view);
  spin (400);
  if (zoom > 0)
    {
      GtkWidget *canvas = sw_window_get_canvas (window);

      SwLayout *layout = sw_canvas_get_layout (SW_CANVAS (canvas));
      double x, y;

      /* Actual size, the top of the diagram at the top of the view. */
      g_assert_nonnull (layout);
      sw_canvas_diagram_to_widget (SW_CANVAS (canvas), sw_layout_get_width (layout) / 2, 0,
                                   &x, &y);
      sw_canvas_set_zoom_at (SW_CANVAS (canvas), zoom, x, y);
      sw_canvas_pan (SW_CANVAS (canvas), gtk_widget_get_width (canvas) / 2.0 - x, 24 - y);
      spin (200);
    }
  spin (200);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), name);
  destroy_window (window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_screenshots (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) pipeline = g_file_new_for_path (example);
  g_autoptr (GFile) large = generated_machine (200);

  screenshot (pipeline, FALSE, "design", 0, "pipeline-light.png");
  screenshot (pipeline, TRUE, "design", 0, "pipeline-dark.png");
  screenshot (pipeline, FALSE, "code", 0, "pipeline-code-light.png");
  screenshot (pipeline, TRUE, "code", 0, "pipeline-code-dark.png");
  screenshot (pipeline, FALSE, "run", 0, "pipeline-runs-light.png");
  screenshot (pipeline, TRUE, "run", 0, "pipeline-runs-dark.png");
  screenshot (large, FALSE, "design", 0, "machine-200-light.png");
  screenshot (large, TRUE, "design", 0, "machine-200-dark.png");
  screenshot (large, FALSE, "design", 1.0, "machine-200-zoomed-light.png");
  screenshot (large, TRUE, "design", 1.0, "machine-200-zoomed-dark.png");
}

/* The browser inserts an activated row after the selected state; the Runs view hosts the
 * monitor for the document's machine, and its status colours both canvases. */
static void
test_browser_and_runs (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) pipeline = g_file_new_for_path (example);
  SwWindow *window = create_window ();
  SwDocument *document;
  SwMachine *machine;
  SwState *inserted;
  guint n_states;

  sw_window_open (window, pipeline);
  wait_idle (window);
  document = sw_window_get_document (window);
  machine = sw_document_get_machine (document);
  n_states = sw_machine_get_n_states (machine);
  sw_document_select_one (document, "/States/CreateModel");
  g_signal_emit_by_name (sw_window_get_states_browser (window), "insert-requested",
                         "{\"Check\": {\"Type\": \"Pass\", \"End\": true}}");
  machine = sw_document_get_machine (document);
  g_assert_cmpuint (sw_machine_get_n_states (machine), ==, n_states + 1);
  inserted = sw_machine_lookup_state (machine, "Check");
  g_assert_nonnull (inserted);
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "CreateModel")), ==,
                   "Check");
  g_assert_cmpstr (sw_state_get_next (inserted), ==, "CreateEndpointConfig");
  g_assert_true (sw_document_get_modified (document));

  /* A rejected fragment changes nothing. */
  g_signal_emit_by_name (sw_window_get_states_browser (window), "insert-requested", "[1]");
  g_assert_cmpuint (sw_machine_get_n_states (sw_document_get_machine (document)), ==,
                    n_states + 1);

  sw_window_set_view (window, "run");
  g_assert_cmpstr (sw_window_get_view (window), ==, "run");
  g_assert_true (gtk_widget_get_mapped (sw_window_get_run_monitor (window)));
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (sw_window_get_run_slot (window))));
  destroy_window (window);
}

/* --- a real drag from the browser onto the canvas --------------------------------------- */

/* The middle of the first segment of the edge @from → @to, in the window's surface. */
static void
edge_in_surface (SwWindow   *window,
                 const char *from,
                 const char *to,
                 double     *x,
                 double     *y)
{
  GtkWidget *canvas = sw_window_get_canvas (window);
  graphene_point_t point, out;
  double sx, sy;

  sw_test_ui_edge_point (SW_CANVAS (canvas), from, to, x, y);
  point = GRAPHENE_POINT_INIT (*x, *y);
  g_assert_true (gtk_widget_compute_point (canvas, GTK_WIDGET (window), &point, &out));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  *x = out.x + sx;
  *y = out.y + sy;
}

static gboolean
ignore_active_state (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  return strstr (message, "Broken accounting of active state") == NULL;
}

static void
xdotool_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Presses on the browser's Pass row, moves over the edge CreateTrainingJob → CreateModel and
 * releases, with real X pointer events (XTEST, through xdotool): GTK's own drag source,
 * XDND, the canvas's drop target and the asynchronous read of the dropped content. */
static void
test_drag_from_browser (void)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) pipeline = g_file_new_for_path (example);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr (GPtrArray) argv = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  SwWindow *window;
  SwDocument *document;
  GtkWidget *row;
  graphene_point_t middle, out;
  double sx, sy, x0, y0, x1, y1;
  guint n_states, timeout;
  gboolean done = FALSE;
  SwMachine *machine;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("Real pointer events are sent to an X11 display");
      return;
    }
  /* GTK 4 sometimes warns "Broken accounting of active state" when a pointer grab (the
   * drag's) ends; it is GTK's own bookkeeping, seen in many applications, not ours. */
  g_test_log_set_fatal_handler (ignore_active_state, NULL);
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  window = create_window ();
  sw_window_open (window, pipeline);
  wait_idle (window);
  spin (300);
  document = sw_window_get_document (window);
  n_states = sw_machine_get_n_states (sw_document_get_machine (document));

  row = sw_states_browser_get_row (SW_STATES_BROWSER (sw_window_get_states_browser (window)),
                                   "flow-pass");
  g_assert_true (gtk_widget_get_mapped (row));
  middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (row) / 2.0,
                                gtk_widget_get_height (row) / 2.0);
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (window), &middle, &out));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  x0 = out.x + sx;
  y0 = out.y + sy;
  edge_in_surface (window, "CreateTrainingJob", "CreateModel", &x1, &y1);

  /* Coordinates relative to the window's X surface; small steps, as a hand moves. */
  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (xdotool));
#define MOVE(X, Y) \
  g_ptr_array_add (argv, g_strdup ("mousemove")); \
  g_ptr_array_add (argv, g_strdup ("--window")); \
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid ( \
    gtk_native_get_surface (GTK_NATIVE (window))))); \
  g_ptr_array_add (argv, g_strdup_printf ("%d", (int) (X))); \
  g_ptr_array_add (argv, g_strdup_printf ("%d", (int) (Y))); \
  g_ptr_array_add (argv, g_strdup ("sleep")); \
  g_ptr_array_add (argv, g_strdup ("0.05"))
  MOVE (x0, y0);
  g_ptr_array_add (argv, g_strdup ("mousedown"));
  g_ptr_array_add (argv, g_strdup ("1"));
  for (guint i = 1; i <= 12; i++)
    {
      MOVE (x0 + (x1 - x0) * i / 12.0, y0 + (y1 - y0) * i / 12.0);
    }
  MOVE (x1, y1 + 1);
  MOVE (x1, y1);
  g_ptr_array_add (argv, g_strdup ("sleep"));
  g_ptr_array_add (argv, g_strdup ("0.3"));
  g_ptr_array_add (argv, g_strdup ("mouseup"));
  g_ptr_array_add (argv, g_strdup ("1"));
#undef MOVE
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, xdotool_done_cb, &done);
  timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "The drag");
  while (!done ||
         sw_machine_get_n_states (sw_document_get_machine (document)) == n_states)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  /* Inserted on that edge, selected, one undo step. */
  machine = sw_document_get_machine (document);
  g_assert_cmpuint (sw_machine_get_n_states (machine), ==, n_states + 1);
  g_assert_nonnull (sw_machine_lookup_state (machine, "Pass"));
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "CreateTrainingJob")),
                   ==, "Pass");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "Pass")), ==,
                   "CreateModel");
  g_assert_true (sw_document_is_selected (document, "/States/Pass"));
  g_assert_true (sw_document_undo (document, &error));
  g_assert_no_error (error);
  machine = sw_document_get_machine (document);
  g_assert_cmpuint (sw_machine_get_n_states (machine), ==, n_states);
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "CreateTrainingJob")),
                   ==, "CreateModel");
  g_assert_false (sw_document_can_undo (document));
  destroy_window (window);
  g_test_log_set_fatal_handler (NULL, NULL);
#else
  g_test_skip ("Real pointer events are sent to an X11 display");
#endif
}

/* --- keyboard ------------------------------------------------------------------------ */

/* Enter on the canvas ("win.focus-inspector") edits the selected state: its name. */
static void
test_focus_inspector (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) pipeline = g_file_new_for_path (example);
  SwWindow *window = create_window ();
  SwInspector *inspector = SW_INSPECTOR (find_descendant (GTK_WIDGET (window),
                                                          SW_TYPE_INSPECTOR));
  SwDocument *document;

  sw_window_open (window, pipeline);
  wait_idle (window);
  document = sw_window_get_document (window);
  sw_document_select_one (document, "/States/CreateModel");
  gtk_widget_grab_focus (sw_window_get_canvas (window));
  g_assert_true (gtk_widget_activate_action (sw_window_get_canvas (window),
                                             "win.focus-inspector", NULL));
  g_assert_cmpstr (sw_inspector_get_visible_tab (inspector), ==, "configuration");
  g_assert_true (focus_in (window, _sw_inspector_get_field_widget (inspector, "#name")));

  /* With nothing selected the machine is edited. */
  sw_document_set_selection (document, NULL);
  g_assert_true (gtk_widget_activate_action (sw_window_get_canvas (window),
                                             "win.focus-inspector", NULL));
  g_assert_cmpstr (sw_inspector_get_visible_tab (inspector), ==, "machine");
  g_assert_true (focus_in (window, _sw_inspector_get_field_widget (inspector, "/Comment")));
  destroy_window (window);
}

/* The shortcuts window lists the application's and the canvas's keys, and shows without a
 * warning (G_DEBUG=fatal-warnings): GTK 4.8 warns about gesture rows and about a section of
 * several pages, so there are none of either. */
static void
test_shortcuts_window (void)
{
  static const char *expected[] = {
    "<Control>n", "<Control>o", "<Control>s", "<Control><Shift>s", "<Control>w", "<Control>q",
    "<Control>z", "<Control><Shift>z", "<Control>y", "<Control>1", "<Control>2", "<Control>3",
    "<Control>comma", "F1", "<Control>a", "<Control>c", "<Control>x", "<Control>v",
    "<Control>d", "Delete", "<Control>plus", "<Control>minus", "<Control>0", "Return",
    "Escape", "Tab", "<Control>Return",
  };
  SwWindow *window;
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (GSList) objects = NULL;
  g_autoptr (GStrvBuilder) listed = g_strv_builder_new ();
  g_auto (GStrv) accels = NULL;
  GtkWidget *overlay;

  g_test_log_set_fatal_handler (ignore_session_bus, NULL);
  window = create_window ();   /* registers the resources */
  builder = gtk_builder_new_from_resource ("/io/github/stepwise/Stepwise/gtk/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accelerator = NULL;
        g_auto (GStrv) parts = NULL;

        g_object_get (l->data, "accelerator", &accelerator, NULL);
        g_assert_nonnull (accelerator);
        parts = g_strsplit (accelerator, " ", -1);
        for (guint i = 0; parts[i] != NULL; i++)
          {
            guint key;
            GdkModifierType mods;
            g_autofree char *name = NULL;

            g_assert_true (gtk_accelerator_parse (parts[i], &key, &mods));
            name = gtk_accelerator_name (key, mods);
            g_strv_builder_add (listed, name);
          }
      }
  accels = g_strv_builder_end (listed);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint key;
      GdkModifierType mods;
      g_autofree char *name = NULL;

      g_assert_true (gtk_accelerator_parse (expected[i], &key, &mods));
      name = gtk_accelerator_name (key, mods);
      if (!g_strv_contains ((const char * const *) accels, name))
        g_error ("The shortcuts window does not list %s", expected[i]);
    }

  gtk_window_set_transient_for (GTK_WINDOW (overlay), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (overlay));
  spin (300);
  gtk_window_destroy (GTK_WINDOW (overlay));
  destroy_window (window);
  g_test_log_set_fatal_handler (NULL, NULL);
}

/* --- translation ---------------------------------------------------------------------- */

static void
test_translation (void)
{
  const char *locale_dir = g_getenv ("SW_LOCALE_DIR");
  g_autofree char *mo = NULL;
  SwWindow *window;

  g_assert_nonnull (locale_dir);
  mo = g_build_filename (locale_dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The German catalogue is not built");
      return;
    }

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "de", TRUE);
  /* gettext ignores LANGUAGE in the C locale. */
  setlocale (LC_MESSAGES, "C.UTF-8");

  window = create_window ();
  g_assert_cmpstr (window_title (window), ==, "Unbenannter Arbeitsablauf — Stepwise");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_by_action (GTK_WIDGET (window), "win.open")),
                   ==, "Öffnen … (Strg+O)");
  destroy_window (window);

  g_unsetenv ("LANGUAGE");
}

/* --- resizing the states and the inspector -------------------------------------------- */

static void
collect_handles (GtkWidget *widget,
                 GPtrArray *handles)
{
  if (gtk_widget_has_css_class (widget, "sw-pane-handle"))
    g_ptr_array_add (handles, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_handles (child, handles);
}

/* Drags @handle by @dx through its own GtkGestureDrag (the handlers it runs on a pointer
 * drag: begin, update, end). */
static void
drag_handle (GtkWidget *handle,
             double     dx)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (handle);
  GtkGestureDrag *drag = NULL;

  for (guint i = 0; drag == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        drag = GTK_GESTURE_DRAG (controller);
    }
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", 2.0, 100.0);
  g_signal_emit_by_name (drag, "drag-update", dx / 2, 0.0);
  g_signal_emit_by_name (drag, "drag-update", dx, 3.0);
  g_signal_emit_by_name (drag, "drag-end", dx, 3.0);
}

static int
width_request (GtkWidget *widget)
{
  int width;

  gtk_widget_get_size_request (widget, &width, NULL);
  return width;
}

/* Unfolded, the separators beside the states and the inspector are handles: dragged, they
 * resize them within bounds (states 160–400 px, inspector 280 px–half the window), the
 * widths are kept for the next window; folded, a drag does nothing. */
static void
test_resize_panes (void)
{
  g_autofree char *example = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) pipeline = g_file_new_for_path (example);
  g_autoptr (GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  g_autoptr (GPtrArray) handles = g_ptr_array_new ();
  SwWindow *window = create_window ();
  GtkWidget *browser = gtk_widget_get_parent (sw_window_get_states_browser (window));
  GtkWidget *inspector = gtk_widget_get_parent (find_descendant (GTK_WIDGET (window),
                                                                 SW_TYPE_INSPECTOR));
  AdwFlap *browser_flap = ADW_FLAP (gtk_widget_get_ancestor (browser, ADW_TYPE_FLAP));
  AdwFlap *inspector_flap = ADW_FLAP (gtk_widget_get_ancestor (inspector, ADW_TYPE_FLAP));
  GtkWidget *browser_handle, *inspector_handle;
  int half;

  sw_window_open (window, pipeline);
  wait_idle (window);
  sw_window_set_view (window, "design");
  collect_handles (GTK_WIDGET (window), handles);
  g_assert_cmpuint (handles->len, ==, 2);
  browser_handle = adw_flap_get_separator (browser_flap);
  inspector_handle = adw_flap_get_separator (inspector_flap);
  g_assert_true (g_ptr_array_find (handles, browser_handle, NULL));
  g_assert_true (g_ptr_array_find (handles, inspector_handle, NULL));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (browser_handle)), ==,
                   "col-resize");
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_mapped (browser) &&
                                      gtk_widget_get_mapped (inspector) &&
                                      !adw_flap_get_folded (browser_flap) &&
                                      !adw_flap_get_folded (inspector_flap) &&
                                      gtk_widget_get_width (browser) == 200 &&
                                      gtk_widget_get_width (inspector) == 300, 5));

  /* The states: wider to the right, at most 400 px, at least 160 px. */
  drag_handle (browser_handle, 100);
  g_assert_cmpint (width_request (browser), ==, 300);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (browser) == 300, 5));
  drag_handle (browser_handle, 1000);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (browser) == 400, 5));
  drag_handle (browser_handle, -1000);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (browser) == 160, 5));
  g_assert_cmpint (g_settings_get_int (settings, "states-width"), ==, 160);

  /* The inspector: wider to the left, at most half the window, at least 280 px. */
  drag_handle (inspector_handle, -100);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (inspector) == 400, 5));
  half = gtk_widget_get_width (GTK_WIDGET (window)) / 2;
  drag_handle (inspector_handle, -2000);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (inspector) == half, 5));
  drag_handle (inspector_handle, 2000);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (inspector) == 280, 5));
  g_assert_cmpint (g_settings_get_int (settings, "inspector-width"), ==, 280);
  g_assert_false (adw_flap_get_folded (inspector_flap));

  drag_handle (browser_handle, 120);
  drag_handle (inspector_handle, -140);
  g_assert_true (SW_TEST_UI_WAIT_FOR (gtk_widget_get_width (browser) == 280 &&
                                      gtk_widget_get_width (inspector) == 420, 5));
  g_assert_true (sw_test_ui_wait_frames (GTK_WIDGET (window), 2));
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "design-resized-light.png");

  /* Narrower, the widths are bounded by the room the diagram leaves: a drag does not make
   * a flap fold. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  g_assert_true (SW_TEST_UI_WAIT_FOR (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - 1000)
                                      <= 16 && !adw_flap_get_folded (inspector_flap), 5));
  drag_handle (browser_handle, 1000);
  g_assert_cmpint (width_request (browser), <=, 400);
  spin (200);
  g_assert_false (adw_flap_get_folded (inspector_flap));
  g_assert_false (adw_flap_get_folded (browser_flap));
  g_assert_cmpint (width_request (browser), >, 280);

  /* Folded, a drag is ignored, even with the flap shown over the diagram. */
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  g_assert_true (SW_TEST_UI_WAIT_FOR (adw_flap_get_folded (inspector_flap), 5));
  drag_handle (inspector_handle, -100);
  g_assert_cmpint (width_request (inspector), ==, 420);
  adw_flap_set_reveal_flap (inspector_flap, TRUE);
  g_assert_true (SW_TEST_UI_WAIT_FOR (adw_flap_get_reveal_progress (inspector_flap) == 1.0, 5));
  drag_handle (inspector_handle, 100);
  g_assert_cmpint (width_request (inspector), ==, 420);
  g_assert_cmpint (g_settings_get_int (settings, "inspector-width"), ==, 420);
  destroy_window (window);

  /* A new window has the widths last dragged to. */
  g_settings_set_int (settings, "states-width", 240);
  window = create_window ();
  browser = gtk_widget_get_parent (sw_window_get_states_browser (window));
  inspector = gtk_widget_get_parent (find_descendant (GTK_WIDGET (window), SW_TYPE_INSPECTOR));
  g_assert_cmpint (width_request (browser), ==, 240);
  g_assert_cmpint (width_request (inspector), ==, 420);
  destroy_window (window);
  g_settings_reset (settings, "states-width");
  g_settings_reset (settings, "inspector-width");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;
  g_autofree char *data = NULL;
  int status;

  tmp_root = g_dir_make_tmp ("sw-test-window-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);
  /* Drafts and recent files go to a fresh place, read before GLib caches them. */
  state = g_build_filename (tmp_root, "state", NULL);
  data = g_build_filename (tmp_root, "data", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_unsetenv ("LANGUAGE");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    /* The application loads its style sheet; these windows have no application. */
    g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/io/github/stepwise/Stepwise/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/ui/window/new-and-finalize", test_new_and_finalize);
  g_test_add_func ("/ui/window/open-edit-undo-save", test_open_edit_undo_save);
  g_test_add_func ("/ui/window/code-view-edit", test_code_view_edit);
  g_test_add_func ("/ui/window/diagnostics", test_diagnostics);
  g_test_add_func ("/ui/window/close-unsaved", test_close_unsaved);
  g_test_add_func ("/ui/window/close-unmodified", test_close_unmodified);
  g_test_add_func ("/ui/window/drop-file", test_drop_file);
  g_test_add_func ("/ui/window/close-save", test_close_save);
  g_test_add_func ("/ui/window/preferences", test_preferences);
  g_test_add_func ("/ui/window/drafts", test_drafts);
  g_test_add_func ("/ui/window/export", test_export);
  g_test_add_func ("/ui/window/application", test_application);
  g_test_add_func ("/ui/window/screenshots", test_screenshots);
  g_test_add_func ("/ui/window/browser-and-runs", test_browser_and_runs);
  g_test_add_func ("/ui/window/drag-from-browser", test_drag_from_browser);
  g_test_add_func ("/ui/window/focus-inspector", test_focus_inspector);
  g_test_add_func ("/ui/window/resize-panes", test_resize_panes);
  g_test_add_func ("/ui/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/window/translation", test_translation);

  /* The temporary folder is left for inspection. */
  status = g_test_run ();
  g_free (tmp_root);
  return status;
}
