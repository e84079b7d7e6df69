/* sw-diagram-error.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_DIAGRAM_ERROR (sw_diagram_error_quark ())

/**
 * SwDiagramError:
 * @SW_DIAGRAM_ERROR_FORMAT: the output format is not one the diagram can be written in
 * @SW_DIAGRAM_ERROR_RENDER: cairo could not draw or encode the picture
 * @SW_DIAGRAM_ERROR_POSITIONS: a layout sidecar file is not what it should be
 *
 * Errors of the diagram layer.
 */
typedef enum
{
  SW_DIAGRAM_ERROR_FORMAT = 1,
  SW_DIAGRAM_ERROR_RENDER,
  SW_DIAGRAM_ERROR_POSITIONS,
} SwDiagramError;

GQuark sw_diagram_error_quark (void);

G_END_DECLS
