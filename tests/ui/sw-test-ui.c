/* sw-test-ui.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-layout.h"
#include "sw-test-ui.h"

void
sw_test_ui_iterate (guint times)
{
  for (guint i = 0; i < times; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

gboolean
sw_test_ui_set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sw_test_ui_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, sw_test_ui_set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
sw_test_ui_wait_frames (GtkWidget *widget,
                        guint      frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 start;

  g_assert_nonnull (clock);
  start = gdk_frame_clock_get_frame_counter (clock);
  gtk_widget_queue_draw (widget);
  return SW_TEST_UI_WAIT_FOR (gdk_frame_clock_get_frame_counter (clock) >= start + frames, 2);
}

void
sw_test_ui_save_node (GtkWidget     *widget,
                      GskRenderNode *node,
                      const char    *name)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GdkTexture) texture = NULL;
  const char *dir = g_getenv ("SW_SCREENSHOT_DIR");
  g_autofree char *fallback = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *path = NULL;

  /* Every suite's screenshots go to one folder: <build>/tests/ui/screenshots. */
  if (dir == NULL)
    dir = fallback;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

void
sw_test_ui_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;

  sw_test_ui_wait_ms (300);
  /* A loaded machine may not have drawn a frame yet: frames are given until there is one. */
  for (guint attempt = 0; attempt < 100 && node == NULL; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        sw_test_ui_wait_ms (40);
    }
  sw_test_ui_save_node (widget, node, name);
}

void
sw_test_ui_edge_point (SwCanvas   *canvas,
                       const char *from,
                       const char *to,
                       double     *x,
                       double     *y)
{
  SwLayout *layout = sw_canvas_get_layout (canvas);
  int a = from != NULL ? sw_layout_find_node (layout, from) : -1;
  int b = to != NULL ? sw_layout_find_node (layout, to) : -1;

  for (guint i = 0; i < sw_layout_get_n_edges (layout); i++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, i);
      const double *p = edge->points;

      if ((from == NULL || edge->from == a) && (to == NULL || edge->to == b) &&
          (from != NULL || edge->kind == SW_LAYOUT_EDGE_START) &&
          (to != NULL || edge->kind == SW_LAYOUT_EDGE_END))
        {
          sw_canvas_diagram_to_widget (canvas, (p[0] + p[2]) / 2, (p[1] + p[3]) / 2, x, y);
          return;
        }
    }
  g_error ("No edge %s → %s", from, to);
}
