/* test-window.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "sw-window.h"

static GFile *
source_file (const char *first,
             ...)
{
  const char *root = g_getenv ("SW_SOURCE_DIR");
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  const char *part;
  va_list args;

  g_assert_nonnull (root);

  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  path = g_build_filenamev ((char **) parts->pdata);
  return g_file_new_for_path (path);
}

static gboolean
load_timed_out (gpointer user_data)
{
  g_error ("Loading did not finish within 20 seconds");
  return G_SOURCE_REMOVE;
}

static void
wait_for_load (SwWindow *window)
{
  guint timeout = g_timeout_add_seconds (20, load_timed_out, NULL);

  while (sw_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

static SwWindow *
create_window (void)
{
  SwWindow *window = sw_window_new (NULL);

  g_assert_true (SW_IS_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
destroy_window (SwWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));

  for (guint i = 0; weak != NULL && i < 1000; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_null (weak);
}

static gpointer
template_child (SwWindow   *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), SW_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
visible_page (SwWindow *window)
{
  return gtk_stack_get_visible_child_name (template_child (window, "stack"));
}

static GPtrArray *
problem_rows (SwWindow *window)
{
  GtkWidget *list = template_child (window, "problems_list");
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_assert_true (ADW_IS_ACTION_ROW (child));
      g_ptr_array_add (rows, child);
    }

  return rows;
}

/* The severity icon is the row's only prefix image. */
static gboolean
row_has_icon (GtkWidget  *row,
              const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), icon_name) == 0)
        return TRUE;
      if (row_has_icon (child, icon_name))
        return TRUE;
    }

  return FALSE;
}

static void
test_window_empty (void)
{
  SwWindow *window = create_window ();
  AdwStatusPage *empty_page = template_child (window, "empty_page");
  AdwWindowTitle *title = template_child (window, "window_title");

  g_assert_null (sw_window_get_file (window));
  g_assert_false (sw_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "Open a State Machine");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Stepwise");

  destroy_window (window);
}

static void
test_window_valid (void)
{
  SwWindow *window = create_window ();
  g_autoptr (GFile) file = source_file ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GPtrArray) rows = NULL;
  AdwStatusPage *valid_page = template_child (window, "valid_page");
  AdwWindowTitle *title = template_child (window, "window_title");

  sw_window_open (window, file);
  /* Loading is asynchronous: nothing is shown until the main loop runs. */
  g_assert_true (sw_window_get_loading (window));
  g_assert_null (sw_window_get_file (window));
  g_assert_cmpstr (visible_page (window), ==, "empty");

  wait_for_load (window);

  g_assert_true (g_file_equal (sw_window_get_file (window), file));
  g_assert_cmpstr (visible_page (window), ==, "valid");
  g_assert_cmpstr (adw_status_page_get_title (valid_page), ==, "No Problems Found");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "mnist-pipeline.asl.json");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "mnist-pipeline.asl.json");
  rows = problem_rows (window);
  g_assert_cmpuint (rows->len, ==, 0);

  destroy_window (window);
}

static void
test_window_syntax_error (void)
{
  SwWindow *window = create_window ();
  g_autoptr (GFile) file = source_file ("tests", "ui", "data", "broken.asl.json", NULL);
  g_autoptr (GPtrArray) rows = NULL;
  GtkLabel *problems_title = template_child (window, "problems_title");
  AdwActionRow *row;

  sw_window_open (window, file);
  wait_for_load (window);

  g_assert_true (g_file_equal (sw_window_get_file (window), file));
  g_assert_cmpstr (visible_page (window), ==, "problems");
  g_assert_cmpstr (gtk_label_get_label (problems_title), ==, "1 Problem");
  g_assert_cmpstr (gtk_label_get_label (template_child (window, "problems_description")), ==,
                   "Stepwise could not read this file, so the state machine in it was not "
                   "checked.");

  rows = problem_rows (window);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "A trailing comma is not allowed in JSON");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "line 6, column 3 · json-syntax");
  g_assert_true (row_has_icon (GTK_WIDGET (row), "dialog-error-symbolic"));

  destroy_window (window);
}

static void
test_window_invalid (void)
{
  SwWindow *window = create_window ();
  g_autoptr (GFile) file = source_file ("tests", "ui", "data", "invalid.asl.json", NULL);
  g_autoptr (GPtrArray) rows = NULL;
  gboolean found = FALSE;

  sw_window_open (window, file);
  wait_for_load (window);

  g_assert_cmpstr (visible_page (window), ==, "problems");
  g_assert_cmpstr (gtk_label_get_label (template_child (window, "problems_description")), ==,
                   "Step Functions would reject this definition.");
  rows = problem_rows (window);
  g_assert_cmpuint (rows->len, >=, 1);

  /* StartAt names a state that is not there: the finding points at its value. */
  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_action_row_get_subtitle (row),
                     "line 3, column 14 · transition-target-missing") == 0)
        {
          g_assert_true (row_has_icon (GTK_WIDGET (row), "dialog-error-symbolic"));
          found = TRUE;
        }
    }
  g_assert_true (found);

  destroy_window (window);
}

static void
test_window_io_error (void)
{
  SwWindow *window = create_window ();
  g_autoptr (GFile) file = source_file ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) missing = source_file ("tests", "ui", "data", "no-such-file.json", NULL);

  sw_window_open (window, file);
  wait_for_load (window);
  g_assert_cmpstr (visible_page (window), ==, "valid");

  /* A file that cannot be read leaves the window showing what it showed. */
  sw_window_open (window, missing);
  g_assert_true (sw_window_get_loading (window));
  wait_for_load (window);

  g_assert_true (g_file_equal (sw_window_get_file (window), file));
  g_assert_cmpstr (visible_page (window), ==, "valid");

  destroy_window (window);
}

static void
test_window_reopen (void)
{
  SwWindow *window = create_window ();
  g_autoptr (GFile) first = source_file ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) second = source_file ("tests", "ui", "data", "broken.asl.json", NULL);
  g_autoptr (GPtrArray) rows = NULL;

  /* The second open cancels the first: only the second file is ever shown. */
  sw_window_open (window, first);
  sw_window_open (window, second);
  wait_for_load (window);

  g_assert_true (g_file_equal (sw_window_get_file (window), second));
  g_assert_cmpstr (visible_page (window), ==, "problems");
  rows = problem_rows (window);
  g_assert_cmpuint (rows->len, ==, 1);

  /* Opening again replaces the rows rather than adding to them. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  sw_window_open (window, second);
  wait_for_load (window);
  rows = problem_rows (window);
  g_assert_cmpuint (rows->len, ==, 1);

  destroy_window (window);
}

static void
test_window_recent_files (void)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  g_autoptr (GFile) first = source_file ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr (GFile) second = source_file ("tests", "ui", "data", "broken.asl.json", NULL);
  g_autofree char *first_uri = g_file_get_uri (first);
  g_autofree char *second_uri = g_file_get_uri (second);
  g_auto (GStrv) recent = NULL;
  SwWindow *window;

  g_settings_reset (settings, "recent-files");

  window = create_window ();
  sw_window_open (window, first);
  wait_for_load (window);
  sw_window_open (window, second);
  wait_for_load (window);
  sw_window_open (window, first);
  wait_for_load (window);
  destroy_window (window);

  /* Newest first, each file once. */
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, first_uri);
  g_assert_cmpstr (recent[1], ==, second_uri);
}

static void
test_window_saves_size (void)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");
  SwWindow *window;
  gpointer weak;
  int width;
  int height;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);

  window = create_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);

  /* Closing, as the user does, stores the size; it also destroys the window. */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  for (guint i = 0; weak != NULL && i < 1000; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/window/empty", test_window_empty);
  g_test_add_func ("/ui/window/valid", test_window_valid);
  g_test_add_func ("/ui/window/syntax-error", test_window_syntax_error);
  g_test_add_func ("/ui/window/invalid", test_window_invalid);
  g_test_add_func ("/ui/window/io-error", test_window_io_error);
  g_test_add_func ("/ui/window/reopen", test_window_reopen);
  g_test_add_func ("/ui/window/recent-files", test_window_recent_files);
  g_test_add_func ("/ui/window/saves-size", test_window_saves_size);

  return g_test_run ();
}
