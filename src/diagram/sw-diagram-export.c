/* sw-diagram-export.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Export paints with the same painter as the canvas onto a cairo surface of the chosen
 * kind, written to memory first so that a failure leaves no half-written file behind. */

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-diagram-error.h"
#include "sw-diagram-export.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define MAX_PIXELS 32767

/**
 * sw_diagram_format_for_path:
 * @format: (out): the format the extension of @path names
 *
 * Returns: whether @path ends in `.svg`, `.png` or `.pdf` (in any case)
 */
gboolean
sw_diagram_format_for_path (const char      *path,
                            SwDiagramFormat *format)
{
  static const struct { const char *suffix; SwDiagramFormat format; } known[] = {
    { ".svg", SW_DIAGRAM_FORMAT_SVG },
    { ".png", SW_DIAGRAM_FORMAT_PNG },
    { ".pdf", SW_DIAGRAM_FORMAT_PDF },
  };
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);

  len = strlen (path);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (len >= 4 && g_ascii_strcasecmp (path + len - 4, known[i].suffix) == 0)
      {
        if (format != NULL)
          *format = known[i].format;
        return TRUE;
      }
  return FALSE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_RENDER,
               _("Cannot draw the diagram: %s"), cairo_status_to_string (status));
  return FALSE;
}

/**
 * sw_diagram_export_bytes:
 * @options: (nullable): palette, scale and overlays; %NULL for light at scale 1
 *
 * Returns: (transfer full) (nullable): the file's contents, or %NULL with an error
 */
GBytes *
sw_diagram_export_bytes (SwLayout             *layout,
                         const SwPaintOptions *options,
                         SwDiagramFormat       format,
                         GError              **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  SwPaintOptions defaults;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double scale, width, height;

  g_return_val_if_fail (SW_IS_LAYOUT (layout), NULL);

  if (options == NULL)
    {
      sw_paint_options_init (&defaults, FALSE);
      options = &defaults;
    }
  scale = options->scale > 0 ? options->scale : 1;
  width = ceil (sw_layout_get_width (layout) * scale);
  height = ceil (sw_layout_get_height (layout) * scale);

  switch (format)
    {
    case SW_DIAGRAM_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case SW_DIAGRAM_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Stepwise");
      break;
    case SW_DIAGRAM_FORMAT_PNG:
      if (width > MAX_PIXELS || height > MAX_PIXELS)
        {
          g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_RENDER,
                       _("The diagram is too large for a PNG image (%.0f × %.0f pixels; "
                         "at most %d a side); use a smaller scale, SVG or PDF"),
                       width, height, MAX_PIXELS);
          return NULL;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
      break;
    default:
      g_set_error_literal (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_FORMAT,
                           _("Unknown diagram format"));
      return NULL;
    }
  if (!check_status (cairo_surface_status (surface), error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  sw_painter_paint (layout, cr, options);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == SW_DIAGRAM_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * sw_diagram_export_file:
 * @options: (nullable): palette, scale and overlays; %NULL for light at scale 1
 * @path: where to write; its extension chooses the format
 *
 * Returns: whether the file was written
 */
gboolean
sw_diagram_export_file (SwLayout             *layout,
                        const SwPaintOptions *options,
                        const char           *path,
                        GError              **error)
{
  g_autoptr(GBytes) bytes = NULL;
  SwDiagramFormat format;

  g_return_val_if_fail (SW_IS_LAYOUT (layout), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!sw_diagram_format_for_path (path, &format))
    {
      g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_FORMAT,
                   _("Cannot tell the diagram format of “%s”; use .svg, .png or .pdf"), path);
      return FALSE;
    }
  bytes = sw_diagram_export_bytes (layout, options, format, error);
  if (bytes == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                              (gssize) g_bytes_get_size (bytes), error);
}
