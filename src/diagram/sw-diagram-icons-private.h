/* sw-diagram-icons-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sw-layout.h"
#include "sw-painter.h"

G_BEGIN_DECLS

const char *_sw_diagram_icon_get_name (SwLayoutIcon   icon);
GBytes     *_sw_diagram_icon_get_data (SwLayoutIcon   icon,
                                       GError       **error);
gboolean    _sw_diagram_icon_paint    (cairo_t       *cr,
                                       SwLayoutIcon   icon,
                                       double         x,
                                       double         y,
                                       double         size,
                                       const SwColor *color);

G_END_DECLS
