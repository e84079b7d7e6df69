/* sw-crossings.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Counts edge crossings geometrically, the same way for any drawing (ours, or Graphviz's
 * splines sampled into polylines), so that the two can be compared:
 *
 *  - a crossing is a point where a segment of one edge meets a segment of another; each
 *    pair of edges counts once per point where they cross;
 *  - edges that share an end node never count (they meet there by design);
 *  - a point where one line touches another without passing is not a crossing; segments
 *    are taken half-open so a crossing at a bend is counted once;
 *  - segments drawn on top of each other (a shared trunk) do not cross; an edge crossing a
 *    trunk shared by k edges crosses k edges, and counts k.
 *
 * Segments are bucketed in a uniform grid and a crossing is counted in the cell that holds
 * it, so the work is near linear in the size of the drawing. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sw-crossings.h"

typedef struct
{
  double x1, y1, x2, y2;
  guint line;
} Segment;

static inline double
orient (double ax, double ay, double bx, double by, double cx, double cy)
{
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Where segments a and b cross, with a's parameter in (0, 1] and b's in (0, 1]. */
static gboolean
segments_cross (const Segment *a,
                const Segment *b,
                double        *px,
                double        *py)
{
  double rx = a->x2 - a->x1, ry = a->y2 - a->y1;
  double sx = b->x2 - b->x1, sy = b->y2 - b->y1;
  double denom = rx * sy - ry * sx;
  double qx = b->x1 - a->x1, qy = b->y1 - a->y1;
  double t, u;
  double eps = 1e-9;

  if (fabs (denom) < eps)
    return FALSE;   /* parallel or collinear: lines on top of each other do not cross */
  t = (qx * sy - qy * sx) / denom;
  u = (qx * ry - qy * rx) / denom;
  if (t <= eps || t > 1 + eps || u <= eps || u > 1 + eps)
    return FALSE;

  /* A touch at a bend is no crossing: at an end of a segment, the neighbour segment of that
   * line must continue on the other side. Handled by the caller through half-open
   * parameters; here only proper intersections and end-point hits remain. */
  *px = a->x1 + t * rx;
  *py = a->y1 + t * ry;
  return TRUE;
}

static gboolean
share_end (const SwPolyline *a,
           const SwPolyline *b)
{
  return (a->from >= 0 && (a->from == b->from || a->from == b->to)) ||
         (a->to >= 0 && (a->to == b->from || a->to == b->to));
}

/**
 * sw_crossings_count:
 * @lines: (array length=n_lines): the drawn edges
 *
 * Returns: the number of crossings between edges that share no end node
 */
guint64
sw_crossings_count (const SwPolyline *lines,
                    guint             n_lines)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double total_length = 0, cell;
  guint columns, rows;
  g_autofree guint *cell_first = NULL;
  g_autofree guint *cell_items = NULL;
  g_autofree guint *fill = NULL;
  guint64 crossings = 0;
  guint n_items = 0;

  g_return_val_if_fail (lines != NULL || n_lines == 0, 0);

  for (guint i = 0; i < n_lines; i++)
    for (guint k = 1; k < lines[i].n_points; k++)
      {
        Segment s = {
          lines[i].points[2 * k - 2], lines[i].points[2 * k - 1],
          lines[i].points[2 * k], lines[i].points[2 * k + 1], i,
        };

        if (s.x1 == s.x2 && s.y1 == s.y2)
          continue;
        g_array_append_val (segments, s);
        min_x = MIN (min_x, MIN (s.x1, s.x2));
        max_x = MAX (max_x, MAX (s.x1, s.x2));
        min_y = MIN (min_y, MIN (s.y1, s.y2));
        max_y = MAX (max_y, MAX (s.y1, s.y2));
        total_length += hypot (s.x2 - s.x1, s.y2 - s.y1);
      }
  if (segments->len < 2)
    return 0;

  cell = MAX (16.0, 2.0 * total_length / segments->len);
  columns = (guint) MIN (4096.0, floor ((max_x - min_x) / cell) + 1);
  rows = (guint) MIN (65536.0, floor ((max_y - min_y) / cell) + 1);
  cell = MAX (cell, MAX ((max_x - min_x) / columns, (max_y - min_y) / rows) * 1.0001);

  cell_first = g_new0 (guint, (gsize) columns * rows + 1);
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          for (gsize c = 0; c < (gsize) columns * rows; c++)
            cell_first[c + 1] += cell_first[c];
          n_items = cell_first[(gsize) columns * rows];
          cell_items = g_new (guint, MAX (n_items, 1));
          fill = g_new0 (guint, (gsize) columns * rows);
        }
      for (guint k = 0; k < segments->len; k++)
        {
          const Segment *s = &g_array_index (segments, Segment, k);
          guint c0 = (guint) ((MIN (s->x1, s->x2) - min_x) / cell);
          guint c1 = (guint) ((MAX (s->x1, s->x2) - min_x) / cell);
          guint r0 = (guint) ((MIN (s->y1, s->y2) - min_y) / cell);
          guint r1 = (guint) ((MAX (s->y1, s->y2) - min_y) / cell);

          c1 = MIN (c1, columns - 1);
          r1 = MIN (r1, rows - 1);
          for (guint r = r0; r <= r1; r++)
            for (guint c = c0; c <= c1; c++)
              {
                gsize index = (gsize) r * columns + c;

                if (pass == 0)
                  cell_first[index + 1]++;
                else
                  cell_items[cell_first[index] + fill[index]++] = k;
              }
        }
    }

  for (gsize index = 0; index < (gsize) columns * rows; index++)
    {
      guint first = cell_first[index], last = cell_first[index + 1];
      guint r = (guint) (index / columns), c = (guint) (index % columns);

      for (guint a = first; a < last; a++)
        {
          const Segment *sa = &g_array_index (segments, Segment, cell_items[a]);

          for (guint b = a + 1; b < last; b++)
            {
              const Segment *sb = &g_array_index (segments, Segment, cell_items[b]);
              double px, py;

              if (sa->line == sb->line || share_end (&lines[sa->line], &lines[sb->line]))
                continue;
              if (!segments_cross (sa, sb, &px, &py))
                continue;
              if ((guint) MIN ((px - min_x) / cell, columns - 1) != c ||
                  (guint) MIN ((py - min_y) / cell, rows - 1) != r)
                continue;
              crossings++;
            }
        }
    }
  return crossings;
}
