/* sw-training-plot.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SW_TYPE_TRAINING_PLOT (sw_training_plot_get_type ())
G_DECLARE_FINAL_TYPE (SwTrainingPlot, sw_training_plot, SW, TRAINING_PLOT, GtkWidget)

/* Line plots drawn with cairo: axes with "nice" ticks, a grid, a legend, colours from the
 * theme (foreground) and the GNOME palette (series). */
GtkWidget *sw_training_plot_new         (const char     *title,
                                         const char     *x_label);
/* Adds a series; returns its index. */
guint      sw_training_plot_add_series  (SwTrainingPlot *self,
                                         const char     *name);
void       sw_training_plot_add_point   (SwTrainingPlot *self,
                                         guint           series,
                                         double          x,
                                         double          y);
guint      sw_training_plot_get_n_points (SwTrainingPlot *self,
                                          guint           series);
void       sw_training_plot_set_x_label (SwTrainingPlot *self,
                                         const char     *x_label);
const char *sw_training_plot_get_x_label (SwTrainingPlot *self);
/* Drawn upright along the y axis. */
void       sw_training_plot_set_y_label (SwTrainingPlot *self,
                                         const char     *y_label);
double     sw_training_plot_get_point_x (SwTrainingPlot *self,
                                         guint           series,
                                         guint           index);
/* The x range shown at least (NAN: from the data). */
void       sw_training_plot_set_x_range (SwTrainingPlot *self,
                                         double          min,
                                         double          max);
void       sw_training_plot_clear       (SwTrainingPlot *self);
/* Tick positions for a range, 1/2/5 × 10^k apart (exported for tests). */
GArray    *sw_training_plot_nice_ticks  (double          min,
                                         double          max,
                                         guint           max_ticks);

G_END_DECLS
