/* sw-training-plot.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <math.h>

#include "sw-training-plot.h"

#define MARGIN_LEFT 68.0
#define MARGIN_RIGHT 22.0
#define MARGIN_TOP 30.0
#define MARGIN_BOTTOM 46.0

typedef struct
{
  char *name;
  GArray *points; /* double pairs */
} Series;

struct _SwTrainingPlot
{
  GtkWidget parent_instance;

  char *title;
  char *x_label;
  char *y_label;
  GPtrArray *series;
  double x_min;
  double x_max;
};

G_DEFINE_FINAL_TYPE (SwTrainingPlot, sw_training_plot, GTK_TYPE_WIDGET)

static void
series_free (Series *series)
{
  g_free (series->name);
  g_array_unref (series->points);
  g_free (series);
}

/* Blue 3, orange 3, green 4, purple 3 of the GNOME palette; lighter ones in the dark. */
static void
series_color (guint    index,
              gboolean dark,
              GdkRGBA *color)
{
  static const char * const light[] = { "#1c71d8", "#e66100", "#26a269", "#813d9c" };
  static const char * const dark_colors[] = { "#62a0ea", "#ffa348", "#57e389", "#c061cb" };

  gdk_rgba_parse (color, (dark ? dark_colors : light)[index % G_N_ELEMENTS (light)]);
}

GArray *
sw_training_plot_nice_ticks (double min,
                             double max,
                             guint  max_ticks)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double span = max - min, raw, magnitude, step, residual;

  if (!(span > 0) || max_ticks < 2)
    {
      g_array_append_val (ticks, min);
      return ticks;
    }
  raw = span / (max_ticks - 1);
  magnitude = pow (10, floor (log10 (raw)));
  residual = raw / magnitude;
  step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  for (double v = ceil (min / step - 1e-9) * step; v <= max + step * 1e-9; v += step)
    {
      double tick = fabs (v) < step * 1e-9 ? 0 : v;

      g_array_append_val (ticks, tick);
    }
  return ticks;
}

static void
get_range (SwTrainingPlot *self,
           double         *x0,
           double         *x1,
           double         *y0,
           double         *y1)
{
  gboolean any = FALSE;

  *x0 = *y0 = 0;
  *x1 = *y1 = 1;
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->points->len / 2; i++)
        {
          double x = g_array_index (series->points, double, 2 * i);
          double y = g_array_index (series->points, double, 2 * i + 1);

          if (!any)
            {
              *x0 = *x1 = x;
              *y0 = *y1 = y;
              any = TRUE;
            }
          *x0 = MIN (*x0, x);
          *x1 = MAX (*x1, x);
          *y0 = MIN (*y0, y);
          *y1 = MAX (*y1, y);
        }
    }
  if (!isnan (self->x_min))
    *x0 = any ? MIN (*x0, self->x_min) : self->x_min;
  if (!isnan (self->x_max))
    *x1 = any ? MAX (*x1, self->x_max) : self->x_max;
  if (*x1 - *x0 < 1e-9)
    *x1 = *x0 + 1;
  if (*y1 - *y0 < 1e-9)
    {
      *y0 -= 0.5;
      *y1 += 0.5;
    }
  /* Loss and accuracy read better from zero. */
  if (*y0 > 0 && *y0 < (*y1 - *y0))
    *y0 = 0;
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width, y - yalign * height);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_tick (double value,
             double step)
{
  int decimals = step >= 1 ? 0 : (int) MIN (6, ceil (-log10 (step) - 1e-9));

  return g_strdup_printf ("%.*f", decimals, value);
}

static void
draw (SwTrainingPlot *self,
      cairo_t        *cr,
      int             width,
      int             height)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autoptr(GArray) xticks = NULL;
  g_autoptr(GArray) yticks = NULL;
  double x0, x1, y0, y1, pw, ph, legend_x;
  GdkRGBA fg;

  gtk_style_context_get_color (style, &fg);
  get_range (self, &x0, &x1, &y0, &y1);
  xticks = sw_training_plot_nice_ticks (x0, x1, MAX (2, (guint) (width / 60)));
  yticks = sw_training_plot_nice_ticks (y0, y1, MAX (2, (guint) (height / 45)));
  /* Axes end on ticks. */
  if (xticks->len > 1)
    {
      x0 = MIN (x0, g_array_index (xticks, double, 0));
      x1 = MAX (x1, g_array_index (xticks, double, xticks->len - 1));
    }
  if (yticks->len > 1)
    {
      double step = g_array_index (yticks, double, 1) - g_array_index (yticks, double, 0);

      y0 = MIN (y0, g_array_index (yticks, double, 0));
      if (y1 > g_array_index (yticks, double, yticks->len - 1) + 1e-9)
        {
          double top = g_array_index (yticks, double, yticks->len - 1) + step;

          g_array_append_val (yticks, top);
        }
      y1 = g_array_index (yticks, double, yticks->len - 1);
    }
  pw = width - MARGIN_LEFT - MARGIN_RIGHT;
  ph = height - MARGIN_TOP - MARGIN_BOTTOM;
  if (pw < 10 || ph < 10)
    return;

#define PX(x) (MARGIN_LEFT + ((x) - x0) / (x1 - x0) * pw)
#define PY(y) (MARGIN_TOP + ph - ((y) - y0) / (y1 - y0) * ph)

  /* Title. */
  {
    PangoFontDescription *bold = pango_font_description_new ();

    pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description (layout, bold);
    gdk_cairo_set_source_rgba (cr, &fg);
    draw_text (cr, layout, self->title, 12, 6, 0, 0);
    pango_layout_set_font_description (layout, NULL);
    pango_font_description_free (bold);
  }

  /* Grid and ticks. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < yticks->len; i++)
    {
      double v = g_array_index (yticks, double, i);
      double step = yticks->len > 1 ? g_array_index (yticks, double, 1) -
                                      g_array_index (yticks, double, 0) : 1;
      g_autofree char *text = format_tick (v, step);
      double y = round (PY (v)) + 0.5;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.10);
      cairo_move_to (cr, MARGIN_LEFT, y);
      cairo_line_to (cr, MARGIN_LEFT + pw, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (cr, layout, text, MARGIN_LEFT - 6, y, 1, 0.5);
    }
  for (guint i = 0; i < xticks->len; i++)
    {
      double v = g_array_index (xticks, double, i);
      double step = xticks->len > 1 ? g_array_index (xticks, double, 1) -
                                      g_array_index (xticks, double, 0) : 1;
      g_autofree char *text = format_tick (v, step);
      double x = round (PX (v)) + 0.5;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.10);
      cairo_move_to (cr, x, MARGIN_TOP);
      cairo_line_to (cr, x, MARGIN_TOP + ph);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      cairo_move_to (cr, x, MARGIN_TOP + ph);
      cairo_line_to (cr, x, MARGIN_TOP + ph + 4);
      cairo_stroke (cr);
      draw_text (cr, layout, text, x, MARGIN_TOP + ph + 5, 0.5, 0);
    }
  /* Axis labels: the x one centred under the ticks, the y one upright along the axis. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  if (self->x_label != NULL)
    draw_text (cr, layout, self->x_label, MARGIN_LEFT + pw / 2, height - 3, 0.5, 1);
  if (self->y_label != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, 4, MARGIN_TOP + ph / 2);
      cairo_rotate (cr, -G_PI / 2);
      draw_text (cr, layout, self->y_label, 0, 0, 0.5, 0);
      cairo_restore (cr);
    }

  /* Axes. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
  cairo_move_to (cr, MARGIN_LEFT + 0.5, MARGIN_TOP);
  cairo_line_to (cr, MARGIN_LEFT + 0.5, MARGIN_TOP + ph + 0.5);
  cairo_line_to (cr, MARGIN_LEFT + pw, MARGIN_TOP + ph + 0.5);
  cairo_stroke (cr);

  /* Series. */
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN_LEFT, MARGIN_TOP - 2, pw + 2, ph + 4);
  cairo_clip (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      guint n = series->points->len / 2;
      GdkRGBA color;

      series_color (s, dark, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      for (guint i = 0; i < n; i++)
        {
          double x = PX (g_array_index (series->points, double, 2 * i));
          double y = PY (g_array_index (series->points, double, 2 * i + 1));

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      if (n > 0 && n < 40)
        for (guint i = 0; i < n; i++)
          {
            cairo_arc (cr, PX (g_array_index (series->points, double, 2 * i)),
                       PY (g_array_index (series->points, double, 2 * i + 1)), 2.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
    }
  cairo_restore (cr);

  /* Legend, top right. */
  legend_x = MARGIN_LEFT + pw;
  for (int s = (int) self->series->len - 1; s >= 0; s--)
    {
      Series *series = g_ptr_array_index (self->series, s);
      GdkRGBA color;
      int tw, th;

      pango_layout_set_text (layout, series->name, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      legend_x -= tw;
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
      cairo_move_to (cr, legend_x, 6);
      pango_cairo_show_layout (cr, layout);
      series_color (s, dark, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 3);
      cairo_move_to (cr, legend_x - 20, 6 + th / 2.0);
      cairo_line_to (cr, legend_x - 6, 6 + th / 2.0);
      cairo_stroke (cr);
      legend_x -= 32;
    }
#undef PX
#undef PY
}

static void
sw_training_plot_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                           &GRAPHENE_RECT_INIT (0, 0, width, height));

  draw (SW_TRAINING_PLOT (widget), cr, width, height);
  cairo_destroy (cr);
}

static void
sw_training_plot_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* The training monitor sets two side by side when both fit at their natural width. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : 220;
}

static void
sw_training_plot_finalize (GObject *object)
{
  SwTrainingPlot *self = SW_TRAINING_PLOT (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_ptr_array_unref (self->series);
  G_OBJECT_CLASS (sw_training_plot_parent_class)->finalize (object);
}

static void
sw_training_plot_class_init (SwTrainingPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sw_training_plot_finalize;
  widget_class->snapshot = sw_training_plot_snapshot;
  widget_class->measure = sw_training_plot_measure;
  gtk_widget_class_set_css_name (widget_class, "sw-training-plot");
}

static void
sw_training_plot_init (SwTrainingPlot *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->x_min = NAN;
  self->x_max = NAN;
}

static void
dark_changed_cb (SwTrainingPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
sw_training_plot_new (const char *title,
                      const char *x_label)
{
  SwTrainingPlot *self = g_object_new (SW_TYPE_TRAINING_PLOT, NULL);

  self->title = g_strdup (title);
  self->x_label = g_strdup (x_label);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

guint
sw_training_plot_add_series (SwTrainingPlot *self,
                             const char     *name)
{
  Series *series;

  g_return_val_if_fail (SW_IS_TRAINING_PLOT (self), 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->points = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (self->series, series);
  return self->series->len - 1;
}

void
sw_training_plot_add_point (SwTrainingPlot *self,
                            guint           series,
                            double          x,
                            double          y)
{
  Series *s;

  g_return_if_fail (SW_IS_TRAINING_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  g_array_append_val (s->points, x);
  g_array_append_val (s->points, y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sw_training_plot_get_n_points (SwTrainingPlot *self,
                               guint           series)
{
  g_return_val_if_fail (SW_IS_TRAINING_PLOT (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return ((Series *) g_ptr_array_index (self->series, series))->points->len / 2;
}

void
sw_training_plot_clear (SwTrainingPlot *self)
{
  g_return_if_fail (SW_IS_TRAINING_PLOT (self));

  for (guint s = 0; s < self->series->len; s++)
    g_array_set_size (((Series *) g_ptr_array_index (self->series, s))->points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sw_training_plot_set_x_label (SwTrainingPlot *self,
                              const char     *x_label)
{
  g_return_if_fail (SW_IS_TRAINING_PLOT (self));

  if (g_strcmp0 (self->x_label, x_label) == 0)
    return;
  g_free (self->x_label);
  self->x_label = g_strdup (x_label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sw_training_plot_set_x_range (SwTrainingPlot *self,
                              double          min,
                              double          max)
{
  g_return_if_fail (SW_IS_TRAINING_PLOT (self));

  self->x_min = min;
  self->x_max = max;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sw_training_plot_set_y_label (SwTrainingPlot *self,
                              const char     *y_label)
{
  g_return_if_fail (SW_IS_TRAINING_PLOT (self));

  if (g_strcmp0 (self->y_label, y_label) == 0)
    return;
  g_free (self->y_label);
  self->y_label = g_strdup (y_label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
sw_training_plot_get_x_label (SwTrainingPlot *self)
{
  g_return_val_if_fail (SW_IS_TRAINING_PLOT (self), NULL);
  return self->x_label;
}

/* The x of the @index-th point of @series (tests check where points land). */
double
sw_training_plot_get_point_x (SwTrainingPlot *self,
                              guint           series,
                              guint           index)
{
  Series *s;

  g_return_val_if_fail (SW_IS_TRAINING_PLOT (self), NAN);
  g_return_val_if_fail (series < self->series->len, NAN);

  s = g_ptr_array_index (self->series, series);
  g_return_val_if_fail (index < s->points->len / 2, NAN);
  return g_array_index (s->points, double, 2 * index);
}
