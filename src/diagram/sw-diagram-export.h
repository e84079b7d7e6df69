/* sw-diagram-export.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sw-layout.h"
#include "sw-painter.h"

G_BEGIN_DECLS

/**
 * SwDiagramFormat:
 * @SW_DIAGRAM_FORMAT_SVG: Scalable Vector Graphics, sized in CSS pixels
 * @SW_DIAGRAM_FORMAT_PNG: a PNG image, one pixel per unit times the scale
 * @SW_DIAGRAM_FORMAT_PDF: a one-page PDF, one point per unit times the scale
 *
 * The files a diagram can be exported to.
 */
typedef enum
{
  SW_DIAGRAM_FORMAT_SVG,
  SW_DIAGRAM_FORMAT_PNG,
  SW_DIAGRAM_FORMAT_PDF,
} SwDiagramFormat;

gboolean  sw_diagram_format_for_path (const char           *path,
                                      SwDiagramFormat      *format);
GBytes   *sw_diagram_export_bytes    (SwLayout             *layout,
                                      const SwPaintOptions *options,
                                      SwDiagramFormat       format,
                                      GError              **error);
gboolean  sw_diagram_export_file     (SwLayout             *layout,
                                      const SwPaintOptions *options,
                                      const char           *path,
                                      GError              **error);

G_END_DECLS
