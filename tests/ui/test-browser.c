/* test-browser.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The states browser: search filters, drag content is the fragment, activation asks for an
 * insert, the query language shapes the fragment; screenshots saved next to this program as
 * browser-light.png and browser-dark.png. */

#include <adwaita.h>

#include "sw-json.h"
#include "sw-states-browser.h"
#include "sw-states-catalog.h"
#include "sw-test-ui.h"

typedef struct
{
  GtkWidget       *window;
  SwStatesBrowser *browser;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 280, 900);
  fixture->browser = SW_STATES_BROWSER (sw_states_browser_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->browser));
  gtk_window_present (GTK_WINDOW (fixture->window));
  sw_test_ui_iterate (5);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  gpointer browser = fixture->browser;

  g_object_add_weak_pointer (G_OBJECT (browser), &browser);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  for (guint i = 0; browser != NULL && i < 100; i++)
    sw_test_ui_iterate (5);
  g_assert_null (browser);
}

static GtkWidget *
row (Fixture    *fixture,
     const char *id)
{
  GtkWidget *widget = sw_states_browser_get_row (fixture->browser, id);

  g_assert_nonnull (widget);
  return widget;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  guint n_entries;

  sw_states_catalog_get_entries (&n_entries);
  g_assert_cmpuint (sw_states_browser_get_n_visible (fixture->browser), ==, n_entries);

  sw_states_browser_set_search_text (fixture->browser, "sagemaker");
  sw_test_ui_iterate (5);
  g_assert_cmpuint (sw_states_browser_get_n_visible (fixture->browser), ==, 8);
  g_assert_true (gtk_widget_get_child_visible (row (fixture, "sagemaker-create-model")));
  g_assert_false (gtk_widget_get_child_visible (row (fixture, "flow-pass")));

  sw_states_browser_set_search_text (fixture->browser, "Lambda");
  sw_test_ui_iterate (5);
  /* Lambda Invoke and the retry pattern, which calls a function. */
  g_assert_cmpuint (sw_states_browser_get_n_visible (fixture->browser), ==, 1);
  g_assert_true (gtk_widget_get_child_visible (row (fixture, "lambda-invoke")));

  sw_states_browser_set_search_text (fixture->browser, "zzz nothing");
  sw_test_ui_iterate (5);
  g_assert_cmpuint (sw_states_browser_get_n_visible (fixture->browser), ==, 0);

  sw_states_browser_set_search_text (fixture->browser, "");
  sw_test_ui_iterate (5);
  g_assert_cmpuint (sw_states_browser_get_n_visible (fixture->browser), ==, n_entries);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (gdk_content_provider_write_mime_type_finish (GDK_CONTENT_PROVIDER (source),
                                                              result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Writes the content as a drop target would read it. */
static char *
content_text (GdkContentProvider *content,
              const char         *mime_type)
{
  g_autoptr (GdkContentFormats) formats = gdk_content_provider_ref_formats (content);
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  gboolean done = FALSE;
  gsize size;

  g_assert_true (gdk_content_formats_contain_mime_type (formats, mime_type));
  gdk_content_provider_write_mime_type_async (content, mime_type, stream, G_PRIORITY_DEFAULT,
                                              NULL, written_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), size);
}

static void
test_drag_content (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *id = "sagemaker-create-training-job";
  GtkWidget *training = row (fixture, id);
  GtkDragSource *source = NULL;
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (training);
  g_autoptr (GdkContentProvider) content = NULL;
  g_autofree char *json = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (SwValue) fragment = NULL;
  GValue value = G_VALUE_INIT;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        source = GTK_DRAG_SOURCE (controller);
    }
  g_assert_nonnull (source);

  /* What the drag source hands out when a drag starts. */
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
  g_assert_nonnull (content);

  expected = sw_states_catalog_dup_fragment_text (sw_states_catalog_lookup (id), "JSONPath", NULL,
                                                  NULL);
  json = content_text (content, SW_STATES_MIME_TYPE);
  plain = content_text (content, "text/plain;charset=utf-8");
  g_assert_cmpstr (json, ==, expected);
  g_assert_cmpstr (plain, ==, expected);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, expected);
  g_value_unset (&value);

  fragment = sw_json_parse (json, -1, NULL, NULL, NULL);
  g_assert_cmpstr (sw_value_object_get_key (fragment, 0), ==, "CreateTrainingJob");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_object_get_value (fragment,
                                                                                        0),
                                                             "Resource")), ==,
                   "arn:aws:states:::sagemaker:createTrainingJob.sync");
}

static void
insert_cb (SwStatesBrowser *browser,
           const char      *text,
           char           **out)
{
  g_free (*out);
  *out = g_strdup (text);
}

static void
test_activate_and_language (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *inserted = NULL;
  g_autoptr (SwValue) fragment = NULL;
  g_autoptr (GdkContentProvider) none = NULL;
  GtkWidget *sdk_row = sw_states_browser_get_row (fixture->browser, "aws-sdk");
  GtkWidget *entry = NULL;

  g_signal_connect (fixture->browser, "insert-requested", G_CALLBACK (insert_cb), &inserted);

  sw_states_browser_set_query_language (fixture->browser, "JSONata");
  g_signal_emit_by_name (gtk_widget_get_parent (sw_states_browser_get_row (fixture->browser,
                                                                           "lambda-invoke")),
                         "row-activated", sw_states_browser_get_row (fixture->browser,
                                                                     "lambda-invoke"));
  g_assert_nonnull (inserted);
  fragment = sw_json_parse (inserted, -1, NULL, NULL, NULL);
  g_assert_nonnull (sw_value_object_get (sw_value_object_get (fragment, "Lambda Invoke"),
                                         "Arguments"));
  g_assert_null (sw_value_object_get (sw_value_object_get (fragment, "Lambda Invoke"),
                                      "Parameters"));

  /* The SDK row needs service:action before it gives anything. */
  g_clear_pointer (&inserted, g_free);
  g_signal_emit_by_name (gtk_widget_get_parent (sdk_row), "row-activated", sdk_row);
  g_assert_null (inserted);
  none = sw_states_browser_create_content (fixture->browser, "aws-sdk");
  g_assert_null (none);

  for (GtkWidget *w = gtk_widget_get_first_child (sdk_row); w != NULL && entry == NULL; )
    {
      if (GTK_IS_ENTRY (w))
        entry = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == sdk_row ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "sagemaker:describeEndpoint");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_nonnull (inserted);
  g_clear_pointer (&fragment, sw_value_unref);
  fragment = sw_json_parse (inserted, -1, NULL, NULL, NULL);
  g_assert_cmpstr (sw_value_object_get_key (fragment, 0), ==, "Sagemaker DescribeEndpoint");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_object_get_value (fragment,
                                                                                        0),
                                                             "Resource")), ==,
                   "arn:aws:states:::aws-sdk:sagemaker:describeEndpoint");
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  sw_test_ui_iterate (5);
  sw_test_ui_save_screenshot (fixture->window, "browser-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  sw_states_browser_set_search_text (fixture->browser, "sagemaker");
  sw_test_ui_iterate (5);
  sw_test_ui_save_screenshot (fixture->window, "browser-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  sw_test_ui_iterate (5);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/browser/" path, Fixture, NULL, set_up, func, tear_down)

  ADD ("search", test_search);
  ADD ("drag-content", test_drag_content);
  ADD ("activate-and-language", test_activate_and_language);
  ADD ("screenshots", test_screenshots);

  return g_test_run ();
}
