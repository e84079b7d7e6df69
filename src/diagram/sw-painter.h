/* sw-painter.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "sw-layout.h"

G_BEGIN_DECLS

/**
 * SwRunStatus:
 * @SW_RUN_STATUS_NONE: no run is shown
 * @SW_RUN_STATUS_NOT_RUN: a run is shown and did not reach the state
 * @SW_RUN_STATUS_IN_PROGRESS: the state is running
 * @SW_RUN_STATUS_SUCCEEDED: the state succeeded
 * @SW_RUN_STATUS_FAILED: the state failed
 * @SW_RUN_STATUS_CAUGHT: the state failed and a Catch handled the error
 * @SW_RUN_STATUS_CANCELLED: the run was stopped while the state ran
 *
 * What a run did with a state, as the overlay shows it.
 */
typedef enum
{
  SW_RUN_STATUS_NONE,
  SW_RUN_STATUS_NOT_RUN,
  SW_RUN_STATUS_IN_PROGRESS,
  SW_RUN_STATUS_SUCCEEDED,
  SW_RUN_STATUS_FAILED,
  SW_RUN_STATUS_CAUGHT,
  SW_RUN_STATUS_CANCELLED,
} SwRunStatus;

/**
 * SwColor:
 *
 * A colour with straight (not premultiplied) alpha, each channel from 0 to 1.
 */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} SwColor;

/**
 * SwPalette:
 *
 * The colours of a diagram, from the GNOME palette: one for light and one for dark styles.
 */
typedef struct
{
  SwColor background;
  SwColor card;             /* fill of a state */
  SwColor card_border;
  SwColor container;        /* fill of a Parallel or Map */
  SwColor container_border;
  SwColor branch;           /* fill of a branch area */
  SwColor text;
  SwColor dim_text;
  SwColor edge;
  SwColor catch_edge;
  SwColor label;            /* fill of an edge label */
  SwColor marker;           /* fill of the Start and End markers */
  SwColor marker_text;
  SwColor selection;
  SwColor error;
  SwColor warning;
  SwColor succeeded;
  SwColor running;
  SwColor caught;
  SwColor cancelled;
  SwColor icon;             /* the icon drawn on a type colour */
  SwColor types[SW_STATE_TYPE_UNKNOWN + 1];
} SwPalette;

const SwPalette *sw_palette_get_light (void);
const SwPalette *sw_palette_get_dark  (void);

/**
 * SwPaintOptions:
 * @palette: the colours
 * @scale: device pixels per diagram unit; export sizes its surface and scales the context
 *   by it, the painter itself draws in diagram units (icons stay vectors at any scale)
 * @background: whether to fill the whole diagram with the background colour first
 * @status: (nullable): state name → #SwRunStatus, as `GINT_TO_POINTER`
 * @selection: (nullable): the names of the selected states (a set)
 * @badges: (nullable): state name → `GINT_TO_POINTER (severity + 1)`, see
 *   sw_layout_badges_for_diagnostics()
 * @clip: (nullable): paint only what meets this box (in diagram units)
 *
 * What to paint besides the layout itself.
 */
typedef struct
{
  const SwPalette *palette;
  double scale;
  gboolean background;
  GHashTable *status;
  GHashTable *selection;
  GHashTable *badges;
  const SwLayoutBox *clip;
} SwPaintOptions;

void sw_paint_options_init (SwPaintOptions *options,
                            gboolean        dark);
void sw_painter_paint      (SwLayout             *layout,
                            cairo_t              *cr,
                            const SwPaintOptions *options);

G_END_DECLS
