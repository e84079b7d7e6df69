/* sw-diagram-icons.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The state-type icons are symbolic SVGs from data/icons/diagram/, compiled into the
 * library as a GResource (SW_DIAGRAM_ICON_DIR names a folder to load them from instead, to
 * try new drawings without a rebuild). They are drawn in `currentColor`, which a stylesheet
 * sets, and rendered as vectors by librsvg onto whatever cairo surface the painter draws
 * on, so they are sharp at every scale and stay vectors in SVG and PDF. */

#include <librsvg/rsvg.h>
#include <string.h>

#include "sw-diagram-icons-private.h"
#include "sw-diagram-resources.h"

#define RESOURCE_PATH "/io/github/stepwise/Stepwise/diagram/icons/"

static GMutex cache_lock;
static GHashTable *cache;   /* "name#rrggbb" → RsvgHandle */

const char *
_sw_diagram_icon_get_name (SwLayoutIcon icon)
{
  switch (icon)
    {
    case SW_LAYOUT_ICON_TASK: return "sw-task-symbolic";
    case SW_LAYOUT_ICON_LAMBDA: return "sw-lambda-symbolic";
    case SW_LAYOUT_ICON_SAGEMAKER: return "sw-sagemaker-symbolic";
    case SW_LAYOUT_ICON_CHOICE: return "sw-choice-symbolic";
    case SW_LAYOUT_ICON_PASS: return "sw-pass-symbolic";
    case SW_LAYOUT_ICON_WAIT: return "sw-wait-symbolic";
    case SW_LAYOUT_ICON_SUCCEED: return "sw-succeed-symbolic";
    case SW_LAYOUT_ICON_FAIL: return "sw-fail-symbolic";
    case SW_LAYOUT_ICON_PARALLEL: return "sw-parallel-symbolic";
    case SW_LAYOUT_ICON_MAP: return "sw-map-symbolic";
    case SW_LAYOUT_ICON_UNKNOWN: return "sw-unknown-symbolic";
    case SW_LAYOUT_ICON_NONE:
    default:
      return NULL;
    }
}

/* Returns: (transfer full) (nullable): the SVG text of @icon */
GBytes *
_sw_diagram_icon_get_data (SwLayoutIcon   icon,
                           GError       **error)
{
  const char *name = _sw_diagram_icon_get_name (icon);
  const char *dir = g_getenv ("SW_DIAGRAM_ICON_DIR");
  g_autofree char *file = NULL;

  if (name == NULL)
    return NULL;
  file = g_strconcat (name, ".svg", NULL);
  if (dir != NULL && dir[0] != '\0')
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);
      char *data;
      gsize length;

      if (!g_file_get_contents (path, &data, &length, error))
        return NULL;
      return g_bytes_new_take (data, length);
    }
  {
    g_autofree char *path = g_strconcat (RESOURCE_PATH, file, NULL);

    return g_resource_lookup_data (sw_diagram_get_resource (), path,
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  }
}

static RsvgHandle *
lookup_handle (SwLayoutIcon   icon,
               const SwColor *color)
{
  g_autofree char *key = NULL;
  g_autofree char *css = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  RsvgHandle *handle;
  guint r = (guint) CLAMP (color->red * 255 + 0.5, 0, 255);
  guint g = (guint) CLAMP (color->green * 255 + 0.5, 0, 255);
  guint b = (guint) CLAMP (color->blue * 255 + 0.5, 0, 255);

  key = g_strdup_printf ("%d#%02x%02x%02x", (int) icon, r, g, b);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  handle = g_hash_table_lookup (cache, key);
  if (handle != NULL)
    return handle;

  data = _sw_diagram_icon_get_data (icon, &error);
  if (data == NULL)
    {
      if (error != NULL)
        g_warning ("Cannot load the icon %s: %s", _sw_diagram_icon_get_name (icon),
                   error->message);
      return NULL;
    }
  handle = rsvg_handle_new_from_data (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                      &error);
  if (handle == NULL)
    {
      g_warning ("Cannot read the icon %s: %s", _sw_diagram_icon_get_name (icon),
                 error->message);
      return NULL;
    }
  css = g_strdup_printf ("svg { color: #%02x%02x%02x; }", r, g, b);
  if (!rsvg_handle_set_stylesheet (handle, (const guint8 *) css, strlen (css), &error))
    g_warning ("Cannot colour the icon %s: %s", _sw_diagram_icon_get_name (icon),
               error->message);
  g_hash_table_insert (cache, g_steal_pointer (&key), handle);
  return handle;
}

/* Draws @icon in a @size square at (@x, @y). Returns whether anything was drawn. */
gboolean
_sw_diagram_icon_paint (cairo_t       *cr,
                        SwLayoutIcon   icon,
                        double         x,
                        double         y,
                        double         size,
                        const SwColor *color)
{
  RsvgRectangle viewport = { x, y, size, size };
  g_autoptr(GError) error = NULL;
  gboolean ok;
  RsvgHandle *handle;

  if (icon == SW_LAYOUT_ICON_NONE)
    return FALSE;

  /* librsvg handles are not safe to share between threads that render at once. */
  g_mutex_lock (&cache_lock);
  handle = lookup_handle (icon, color);
  if (handle == NULL)
    {
      g_mutex_unlock (&cache_lock);
      return FALSE;
    }
  if (color->alpha < 1)
    cairo_push_group (cr);
  ok = rsvg_handle_render_document (handle, cr, &viewport, &error);
  if (color->alpha < 1)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, color->alpha);
    }
  g_mutex_unlock (&cache_lock);
  if (!ok)
    g_warning ("Cannot draw the icon %s: %s", _sw_diagram_icon_get_name (icon),
               error->message);
  return ok;
}
