/* sw-crossings.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SwPolyline:
 * @points: x, y pairs
 * @n_points: how many points (not doubles) @points holds
 * @from: the node the line leaves, or -1
 * @to: the node the line reaches, or -1
 *
 * One drawn edge, as sw_crossings_count() sees it.
 */
typedef struct
{
  const double *points;
  guint n_points;
  int from;
  int to;
} SwPolyline;

guint64 sw_crossings_count (const SwPolyline *lines,
                            guint             n_lines);

G_END_DECLS
