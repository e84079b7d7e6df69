/* sw-painter.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One painter for the canvas and for export: it draws a #SwLayout on any cairo_t, in
 * diagram units (the caller scales the context), so the screen, PNG, SVG and PDF all show
 * the same picture. Order: container backgrounds, edges, edge labels, then nodes and their
 * overlays, so that lines never cover a state. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "sw-diagram-icons-private.h"
#include "sw-painter.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                   ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, a) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                       ((hex) & 0xff) / 255.0, (a) }

#define FONT_FAMILY   "Cantarell, Inter, DejaVu Sans, Sans"
#define NAME_SIZE     13
#define SUMMARY_SIZE  11
#define LABEL_SIZE    11
#define NODE_RADIUS   8
#define TILE_SIZE     28
#define ICON_SIZE     16
#define EDGE_WIDTH    1.5
#define ARROW_LENGTH  8
#define ARROW_WIDTH   7
#define CORNER_RADIUS 6

/* The GNOME palette: Blue 3 #3584e4, Green 4 #2ec27e, Yellow 5 #e5a50a, Orange 3 #ff7800,
 * Red 3 #e01b24, Purple 3 #9141ac, Brown 3 #986a44, Light 1–5, Dark 1–5. */
static const SwPalette light_palette = {
  .background = RGB (0xfafafa),
  .card = RGB (0xffffff),
  .card_border = RGB (0xc0bfbc),
  .container = RGB (0xf6f5f4),
  .container_border = RGB (0xc0bfbc),
  .branch = RGB (0xfafafa),
  .text = RGB (0x241f31),
  .dim_text = RGB (0x5e5c64),
  .edge = RGB (0x77767b),
  .catch_edge = RGB (0xc01c28),
  .label = RGB (0xffffff),
  .marker = RGB (0x5e5c64),
  .marker_text = RGB (0xffffff),
  .selection = RGB (0x3584e4),
  .error = RGB (0xe01b24),
  .warning = RGB (0xe5a50a),
  .succeeded = RGB (0x2ec27e),
  .running = RGB (0x3584e4),
  .caught = RGB (0xe66100),
  .cancelled = RGB (0x9a9996),
  .icon = RGB (0xffffff),
  .types = {
    [SW_STATE_TYPE_PASS] = RGB (0x77767b),
    [SW_STATE_TYPE_TASK] = RGB (0x3584e4),
    [SW_STATE_TYPE_CHOICE] = RGB (0xff7800),
    [SW_STATE_TYPE_WAIT] = RGB (0xe5a50a),
    [SW_STATE_TYPE_SUCCEED] = RGB (0x2ec27e),
    [SW_STATE_TYPE_FAIL] = RGB (0xe01b24),
    [SW_STATE_TYPE_PARALLEL] = RGB (0x9141ac),
    [SW_STATE_TYPE_MAP] = RGB (0x986a44),
    [SW_STATE_TYPE_UNKNOWN] = RGB (0x9a9996),
  },
};

static const SwPalette dark_palette = {
  .background = RGB (0x242424),
  .card = RGB (0x383838),
  .card_border = RGB (0x5e5c64),
  .container = RGB (0x2e2e2e),
  .container_border = RGB (0x5e5c64),
  .branch = RGB (0x262626),
  .text = RGB (0xffffff),
  .dim_text = RGB (0xc0bfbc),
  .edge = RGB (0x9a9996),
  .catch_edge = RGB (0xf66151),
  .label = RGB (0x303030),
  .marker = RGB (0xc0bfbc),
  .marker_text = RGB (0x241f31),
  .selection = RGB (0x78aeed),
  .error = RGB (0xff7b63),
  .warning = RGB (0xf8e45c),
  .succeeded = RGB (0x57e389),
  .running = RGB (0x62a0ea),
  .caught = RGB (0xffa348),
  .cancelled = RGB (0x9a9996),
  .icon = RGB (0xffffff),
  .types = {
    [SW_STATE_TYPE_PASS] = RGB (0x77767b),
    [SW_STATE_TYPE_TASK] = RGB (0x3584e4),
    [SW_STATE_TYPE_CHOICE] = RGB (0xe66100),
    [SW_STATE_TYPE_WAIT] = RGB (0xc88800),
    [SW_STATE_TYPE_SUCCEED] = RGB (0x26a269),
    [SW_STATE_TYPE_FAIL] = RGB (0xc01c28),
    [SW_STATE_TYPE_PARALLEL] = RGB (0x9141ac),
    [SW_STATE_TYPE_MAP] = RGB (0x986a44),
    [SW_STATE_TYPE_UNKNOWN] = RGB (0x77767b),
  },
};

/**
 * sw_palette_get_light:
 *
 * Returns: (transfer none): the colours for light styles
 */
const SwPalette *
sw_palette_get_light (void)
{
  return &light_palette;
}

/**
 * sw_palette_get_dark:
 *
 * Returns: (transfer none): the colours for dark styles
 */
const SwPalette *
sw_palette_get_dark (void)
{
  return &dark_palette;
}

/**
 * sw_paint_options_init:
 * @dark: whether to use the dark palette
 *
 * Sets @options to paint the layout alone, at scale 1, on the palette's background.
 */
void
sw_paint_options_init (SwPaintOptions *options,
                       gboolean        dark)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->palette = dark ? &dark_palette : &light_palette;
  options->scale = 1;
  options->background = TRUE;
}

typedef struct
{
  cairo_t *cr;
  const SwPaintOptions *options;
  const SwPalette *palette;
  PangoLayout *layout;
  PangoFontDescription *name_font;
  PangoFontDescription *summary_font;
  PangoFontDescription *label_font;
  PangoFontDescription *label_italic_font;
  PangoFontDescription *marker_font;
  double device_scale;      /* device pixels per diagram unit, from the context's matrix */
  gboolean raster;          /* drawing on an image: icons come from the raster cache */
  SwLayoutBox clip;         /* what to paint, grown by a margin; all of it without a clip */
  gboolean has_clip;
  const PangoFontDescription *measured[5];  /* text_height() of these fonts, once a paint */
  double heights[5];
} Painter;

/* Level of detail: text whose letters would be smaller than this many device pixels is
 * unreadable and drawn as a bar of its colour (as maps and design tools do); icons smaller
 * than ICON_MIN_PIXELS leave their coloured tile plain. */
#define TEXT_MIN_PIXELS 3.5
#define ICON_MIN_PIXELS 4.0

static void
set_color (cairo_t       *cr,
           const SwColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
rounded_rectangle (cairo_t           *cr,
                   const SwLayoutBox *box,
                   double             inset,
                   double             radius)
{
  double x = box->x + inset, y = box->y + inset;
  double w = box->width - 2 * inset, h = box->height - 2 * inset;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static gboolean
visible (const Painter     *p,
         const SwLayoutBox *box,
         double             margin)
{
  const SwLayoutBox *clip = p->options->clip;

  return clip == NULL ||
         (box->x - margin < clip->x + clip->width && box->x + box->width + margin > clip->x &&
          box->y - margin < clip->y + clip->height && box->y + box->height + margin > clip->y);
}

/* Draws one line of text with its top-left at (x, y), at most @width wide; align is the
 * PangoAlignment within that width. */
static void
draw_text (Painter                    *p,
           const char                 *text,
           const PangoFontDescription *font,
           const SwColor              *color,
           double                      x,
           double                      y,
           double                      width,
           PangoAlignment              align)
{
  if (text == NULL || width <= 0)
    return;
  if (p->raster &&
      pango_font_description_get_size (font) / (double) PANGO_SCALE * p->device_scale <
      TEXT_MIN_PIXELS)
    {
      /* Greeked: a bar where the line of text is, about as long as the text would be. */
      double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;
      double length = MIN (width, g_utf8_strlen (text, -1) * size * 0.6);
      double left = align == PANGO_ALIGN_CENTER ? x + (width - length) / 2 : x;
      SwColor faint = *color;

      faint.alpha *= 0.3;
      set_color (p->cr, &faint);
      cairo_rectangle (p->cr, left, y + size * 0.3, length, size * 0.6);
      cairo_fill (p->cr);
      return;
    }
  pango_layout_set_font_description (p->layout, font);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_set_width (p->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (p->layout, align);
  set_color (p->cr, color);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, p->layout);
}

static double
text_height (Painter                    *p,
             const PangoFontDescription *font)
{
  int height;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (p->measured) && p->measured[i] != NULL; i++)
    if (p->measured[i] == font)
      return p->heights[i];
  pango_layout_set_font_description (p->layout, font);
  pango_layout_set_text (p->layout, "Ag", -1);
  pango_layout_get_pixel_size (p->layout, NULL, &height);
  if (i < G_N_ELEMENTS (p->measured))
    {
      p->measured[i] = font;
      p->heights[i] = height;
    }
  return height;
}

static SwRunStatus
status_of (const Painter      *p,
           const SwLayoutNode *node)
{
  if (p->options->status == NULL || node->name == NULL)
    return SW_RUN_STATUS_NONE;
  return (SwRunStatus) GPOINTER_TO_INT (g_hash_table_lookup (p->options->status, node->name));
}

static const SwColor *
status_color (const Painter *p,
              SwRunStatus    status)
{
  switch (status)
    {
    case SW_RUN_STATUS_IN_PROGRESS: return &p->palette->running;
    case SW_RUN_STATUS_SUCCEEDED: return &p->palette->succeeded;
    case SW_RUN_STATUS_FAILED: return &p->palette->error;
    case SW_RUN_STATUS_CAUGHT: return &p->palette->caught;
    case SW_RUN_STATUS_CANCELLED: return &p->palette->cancelled;
    case SW_RUN_STATUS_NONE:
    case SW_RUN_STATUS_NOT_RUN:
    default:
      return NULL;
    }
}

/* A small disc with a glyph for the status, centred at (cx, cy). */
static void
draw_status_glyph (Painter     *p,
                   SwRunStatus  status,
                   double       cx,
                   double       cy)
{
  cairo_t *cr = p->cr;
  const SwColor *color = status_color (p, status);
  double r = 8;

  if (color == NULL)
    return;
  cairo_save (cr);
  cairo_arc (cr, cx, cy, r + 1.5, 0, 2 * G_PI);
  set_color (cr, &p->palette->card);
  cairo_fill (cr);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  set_color (cr, color);
  cairo_fill (cr);

  set_color (cr, &p->palette->icon);
  cairo_set_line_width (cr, 1.8);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  switch (status)
    {
    case SW_RUN_STATUS_SUCCEEDED:
      cairo_move_to (cr, cx - 3.5, cy + 0.2);
      cairo_line_to (cr, cx - 1, cy + 2.8);
      cairo_line_to (cr, cx + 3.6, cy - 2.6);
      cairo_stroke (cr);
      break;
    case SW_RUN_STATUS_FAILED:
      cairo_move_to (cr, cx - 3, cy - 3);
      cairo_line_to (cr, cx + 3, cy + 3);
      cairo_move_to (cr, cx + 3, cy - 3);
      cairo_line_to (cr, cx - 3, cy + 3);
      cairo_stroke (cr);
      break;
    case SW_RUN_STATUS_CAUGHT:
      /* a curved arrow: the error was caught and the run went on */
      cairo_arc (cr, cx, cy, 3.6, G_PI * 0.9, G_PI * 2.2);
      cairo_stroke (cr);
      cairo_move_to (cr, cx + 4.9, cy + 3.2);
      cairo_line_to (cr, cx + 3.1, cy + 1.3);
      cairo_line_to (cr, cx + 1.6, cy + 3.8);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    case SW_RUN_STATUS_CANCELLED:
      cairo_rectangle (cr, cx - 3, cy - 3, 6, 6);
      cairo_fill (cr);
      break;
    case SW_RUN_STATUS_IN_PROGRESS:
    default:
      /* three quarters of a ring: a spinner caught mid-turn */
      cairo_arc (cr, cx, cy, 3.8, -G_PI / 2, G_PI);
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

static void
draw_badge (Painter      *p,
            SwSeverity    severity,
            double        cx,
            double        cy)
{
  cairo_t *cr = p->cr;
  const SwColor *color = severity == SW_SEVERITY_ERROR ? &p->palette->error
                                                       : &p->palette->warning;

  cairo_save (cr);
  cairo_arc (cr, cx, cy, 9.5, 0, 2 * G_PI);
  set_color (cr, &p->palette->background);
  cairo_fill (cr);
  if (severity == SW_SEVERITY_ERROR)
    cairo_arc (cr, cx, cy, 8, 0, 2 * G_PI);
  else
    {
      /* a warning is a triangle, so it differs from an error by shape as well as colour */
      cairo_move_to (cr, cx, cy - 8.5);
      cairo_line_to (cr, cx + 8.5, cy + 6.5);
      cairo_line_to (cr, cx - 8.5, cy + 6.5);
      cairo_close_path (cr);
    }
  set_color (cr, color);
  cairo_fill (cr);
  set_color (cr, severity == SW_SEVERITY_ERROR ? &p->palette->icon : &light_palette.text);
  cairo_set_line_width (cr, 2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx, cy - 3.8);
  cairo_line_to (cr, cx, cy + 0.8);
  cairo_stroke (cr);
  cairo_arc (cr, cx, cy + 3.8, 1.2, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_selection (Painter           *p,
                const SwLayoutBox *box,
                double             radius)
{
  cairo_t *cr = p->cr;
  SwColor halo = p->palette->selection;

  cairo_save (cr);
  halo.alpha = 0.25;
  rounded_rectangle (cr, box, -5, radius + 5);
  set_color (cr, &halo);
  cairo_set_line_width (cr, 4);
  cairo_stroke (cr);
  rounded_rectangle (cr, box, -2, radius + 2);
  set_color (cr, &p->palette->selection);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Icons drawn on images come from a cache of rasters, one per icon, colour and size in device
 * pixels, so librsvg renders each once rather than at every paint; they are put on whole
 * device pixels, sharp. Vector targets (SVG and PDF export) get the vectors. */
#define ICON_CACHE_MAX 512
static GMutex icon_lock;
static GHashTable *icon_rasters;   /* "icon:rrggbbaa@pixels" → cairo_surface_t */

static void
paint_icon (Painter       *p,
            SwLayoutIcon   icon,
            double         x,
            double         y,
            double         size,
            const SwColor *color)
{
  cairo_t *cr = p->cr;
  double pixels = size * p->device_scale;
  g_autofree char *key = NULL;
  cairo_surface_t *raster;
  int n;

  if (icon == SW_LAYOUT_ICON_NONE)
    return;
  if (!p->raster || pixels > 256)
    {
      _sw_diagram_icon_paint (cr, icon, x, y, size, color);
      return;
    }
  if (pixels < ICON_MIN_PIXELS)
    return;
  n = (int) round (pixels);
  key = g_strdup_printf ("%d:%02x%02x%02x%02x@%d", icon, (int) round (color->red * 255),
                         (int) round (color->green * 255), (int) round (color->blue * 255),
                         (int) round (color->alpha * 255), n);
  g_mutex_lock (&icon_lock);
  if (icon_rasters == NULL || g_hash_table_size (icon_rasters) >= ICON_CACHE_MAX)
    {
      g_clear_pointer (&icon_rasters, g_hash_table_unref);
      icon_rasters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) cairo_surface_destroy);
    }
  raster = g_hash_table_lookup (icon_rasters, key);
  if (raster == NULL)
    {
      cairo_t *icr;

      raster = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, n, n);
      icr = cairo_create (raster);
      _sw_diagram_icon_paint (icr, icon, 0, 0, n, color);
      cairo_destroy (icr);
      g_hash_table_insert (icon_rasters, g_steal_pointer (&key), raster);
    }
  cairo_surface_reference (raster);
  g_mutex_unlock (&icon_lock);

  /* the icon's centre, on the device grid */
  x += size / 2;
  y += size / 2;
  cairo_user_to_device (cr, &x, &y);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_source_surface (cr, raster, round (x - n / 2.0), round (y - n / 2.0));
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (raster);
}

static void
draw_tile (Painter            *p,
           const SwLayoutNode *node,
           double              x,
           double              y,
           double              size)
{
  SwLayoutBox tile = { x, y, size, size };
  const SwColor *color = &p->palette->types[MIN (node->type, SW_STATE_TYPE_UNKNOWN)];
  double icon = size >= TILE_SIZE ? ICON_SIZE : ICON_SIZE - 2;

  if (node->kind == SW_LAYOUT_NODE_MISSING)
    color = &p->palette->cancelled;
  rounded_rectangle (p->cr, &tile, 0, 6);
  set_color (p->cr, color);
  cairo_fill (p->cr);
  paint_icon (p, node->icon, x + (size - icon) / 2, y + (size - icon) / 2, icon,
              &p->palette->icon);
}

/* The overlays every state has: run status, validation badge, selection. */
static void
draw_overlays (Painter            *p,
               const SwLayoutNode *node,
               double              radius)
{
  const SwLayoutBox *box = &node->box;
  SwRunStatus status = status_of (p, node);
  const SwColor *color = status_color (p, status);

  if (color != NULL)
    {
      cairo_save (p->cr);
      rounded_rectangle (p->cr, box, 1, radius - 1);
      set_color (p->cr, color);
      cairo_set_line_width (p->cr, 2);
      cairo_stroke (p->cr);
      cairo_restore (p->cr);
      draw_status_glyph (p, status, box->x + box->width - 4, box->y + box->height - 4);
    }
  if (p->options->badges != NULL && node->name != NULL)
    {
      int badge = GPOINTER_TO_INT (g_hash_table_lookup (p->options->badges, node->name));

      if (badge > 0)
        draw_badge (p, (SwSeverity) (badge - 1), box->x + box->width - 4, box->y + 4);
    }
  if (p->options->selection != NULL && node->name != NULL &&
      g_hash_table_contains (p->options->selection, node->name))
    draw_selection (p, box, radius);
}

static void
draw_marker (Painter            *p,
             const SwLayoutNode *node)
{
  const SwLayoutBox *box = &node->box;
  double th = text_height (p, p->marker_font);

  rounded_rectangle (p->cr, box, 0, box->height / 2);
  set_color (p->cr, &p->palette->marker);
  cairo_fill (p->cr);
  draw_text (p,
             /* Translators: the marker at the top of a diagram */
             node->kind == SW_LAYOUT_NODE_START ? C_("diagram", "Start")
             /* Translators: the marker at the bottom of a diagram */
             : C_("diagram", "End"),
             p->marker_font, &p->palette->marker_text, box->x,
             box->y + (box->height - th) / 2, box->width, PANGO_ALIGN_CENTER);
}

static void
draw_state (Painter            *p,
            const SwLayoutNode *node)
{
  cairo_t *cr = p->cr;
  const SwLayoutBox *box = &node->box;
  SwRunStatus status = status_of (p, node);
  double text_x = box->x + 12 + TILE_SIZE + 10;
  double text_w = box->x + box->width - 12 - text_x;
  double name_h = text_height (p, p->name_font);
  double summary_h = text_height (p, p->summary_font);
  double top = box->y + (box->height - name_h - summary_h - 1) / 2;

  if (status == SW_RUN_STATUS_NOT_RUN)
    cairo_push_group (cr);

  rounded_rectangle (cr, box, 0, NODE_RADIUS);
  set_color (cr, &p->palette->card);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  if (node->kind == SW_LAYOUT_NODE_MISSING)
    {
      static const double dashes[] = { 5, 3 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      set_color (cr, &p->palette->error);
    }
  else
    set_color (cr, &p->palette->card_border);
  cairo_new_path (cr);
  rounded_rectangle (cr, box, 0.5, NODE_RADIUS - 0.5);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  draw_tile (p, node, box->x + 12, box->y + (box->height - TILE_SIZE) / 2, TILE_SIZE);
  draw_text (p, node->name, p->name_font, &p->palette->text, text_x, top, text_w,
             PANGO_ALIGN_LEFT);
  draw_text (p, node->summary, p->summary_font,
             node->kind == SW_LAYOUT_NODE_MISSING ? &p->palette->error : &p->palette->dim_text,
             text_x, top + name_h + 1, text_w, PANGO_ALIGN_LEFT);

  if (status == SW_RUN_STATUS_NOT_RUN)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, 0.45);
    }
  draw_overlays (p, node, NODE_RADIUS);
}

static void
draw_container (Painter                 *p,
                const SwLayoutNode      *node,
                const SwLayoutContainer *container)
{
  cairo_t *cr = p->cr;
  const SwLayoutBox *box = &node->box;
  double name_h = text_height (p, p->name_font);
  double text_x = box->x + 12 + 24 + 10;
  double text_w = box->x + box->width - 12 - text_x;
  static const double dashes[] = { 4, 3 };

  rounded_rectangle (cr, box, 0, NODE_RADIUS + 2);
  set_color (cr, &p->palette->container);
  cairo_fill (cr);
  rounded_rectangle (cr, box, 0.5, NODE_RADIUS + 1.5);
  set_color (cr, &p->palette->container_border);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  draw_tile (p, node, box->x + 12, box->y + 10, 24);
  draw_text (p, node->name, p->name_font, &p->palette->text, text_x, box->y + 8, text_w,
             PANGO_ALIGN_LEFT);
  draw_text (p, node->summary, p->summary_font, &p->palette->dim_text, text_x,
             box->y + 8 + name_h, text_w, PANGO_ALIGN_LEFT);

  for (guint b = 0; b < container->n_branches; b++)
    {
      const SwLayoutBox *area = &container->branches[b];

      rounded_rectangle (cr, area, 0, NODE_RADIUS);
      set_color (cr, &p->palette->branch);
      cairo_fill (cr);
      rounded_rectangle (cr, area, 0.5, NODE_RADIUS - 0.5);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      set_color (cr, &p->palette->container_border);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
edge_bounds (const SwLayoutEdge *edge,
             SwLayoutBox        *box)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint k = 0; k < edge->n_points; k++)
    {
      x0 = MIN (x0, edge->points[2 * k]);
      x1 = MAX (x1, edge->points[2 * k]);
      y0 = MIN (y0, edge->points[2 * k + 1]);
      y1 = MAX (y1, edge->points[2 * k + 1]);
    }
  box->x = x0;
  box->y = y0;
  box->width = x1 - x0;
  box->height = y1 - y0;
}

/* Cuts the segment to the clip (Liang–Barsky), moving the dash @phase along with its start.
 * Returns FALSE when nothing of it is in the clip. */
static gboolean
clip_segment (const Painter *p,
              double        *x0,
              double        *y0,
              double        *x1,
              double        *y1,
              double        *phase)
{
  double dx = *x1 - *x0, dy = *y1 - *y0;
  double t0 = 0, t1 = 1, length = hypot (dx, dy);
  double edges[4][2] = {
    { -dx, *x0 - p->clip.x }, { dx, p->clip.x + p->clip.width - *x0 },
    { -dy, *y0 - p->clip.y }, { dy, p->clip.y + p->clip.height - *y0 },
  };

  if (!p->has_clip)
    return TRUE;
  for (guint i = 0; i < 4; i++)
    {
      double q = edges[i][0], r = edges[i][1];

      if (q == 0)
        {
          if (r < 0)
            return FALSE;
          continue;
        }
      if (q < 0)
        t0 = MAX (t0, r / q);
      else
        t1 = MIN (t1, r / q);
    }
  if (t0 > t1)
    return FALSE;
  *phase += t0 * length;
  *x1 = *x0 + t1 * dx;
  *y1 = *y0 + t1 * dy;
  *x0 += t0 * dx;
  *y0 += t0 * dy;
  return TRUE;
}

/* The polyline with its corners rounded, stopping short of the arrow head. */
static void
draw_edge (Painter            *p,
           const SwLayoutEdge *edge)
{
  cairo_t *cr = p->cr;
  const double *pt = edge->points;
  guint n = edge->n_points;
  gboolean is_catch = edge->kind == SW_LAYOUT_EDGE_CATCH;
  const SwColor *color = is_catch ? &p->palette->catch_edge : &p->palette->edge;
  double ex = pt[2 * n - 2], ey = pt[2 * n - 1];
  double dx = ex - pt[2 * n - 4], dy = ey - pt[2 * n - 3];
  double len = hypot (dx, dy);
  double ux, uy, stop = ARROW_LENGTH - 1;
  static const double dashes[] = { 5, 4 };

  if (n < 2 || len == 0)
    return;
  ux = dx / len;
  uy = dy / len;

  cairo_save (cr);
  set_color (cr, color);
  cairo_set_line_width (cr, EDGE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (is_catch)
    {
      /* Dashed edges that share a trunk are drawn on top of each other: each segment gets
       * the dash phase of where it starts, so that the dashes of all of them coincide. */
      for (guint k = 1; k < n; k++)
        {
          double x0 = pt[2 * k - 2], y0 = pt[2 * k - 1];
          double x1 = pt[2 * k], y1 = pt[2 * k + 1];
          double period = dashes[0] + dashes[1];
          double phase;

          if (k + 1 == n)
            {
              double l = hypot (x1 - x0, y1 - y0);
              double cut = MIN (stop, l);

              if (l > 0)
                {
                  x1 -= (x1 - x0) / l * cut;
                  y1 -= (y1 - y0) / l * cut;
                }
            }
          phase = fmod (fabs (x0) + fabs (y0), period);
          /* Only the part in the clip: cairo would dash all of a line thousands of units
           * long. The dashes keep their phase. */
          if (!clip_segment (p, &x0, &y0, &x1, &y1, &phase))
            continue;
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), fmod (phase, period));
          cairo_move_to (cr, x0, y0);
          cairo_line_to (cr, x1, y1);
          cairo_stroke (cr);
        }
      cairo_set_dash (cr, NULL, 0, 0);
      goto arrow;
    }

  cairo_move_to (cr, pt[0], pt[1]);
  for (guint k = 1; k + 1 < n; k++)
    {
      double px = pt[2 * k - 2], py = pt[2 * k - 1];
      double cx = pt[2 * k], cy = pt[2 * k + 1];
      double nx = pt[2 * k + 2], ny = pt[2 * k + 3];
      double l1 = hypot (cx - px, cy - py), l2 = hypot (nx - cx, ny - cy);
      double r = MIN (CORNER_RADIUS, MIN (l1, l2) / 2);

      if (l1 == 0 || l2 == 0)
        continue;
      cairo_line_to (cr, cx - (cx - px) / l1 * r, cy - (cy - py) / l1 * r);
      cairo_curve_to (cr, cx, cy, cx, cy, cx + (nx - cx) / l2 * r, cy + (ny - cy) / l2 * r);
    }
  stop = MIN (stop, len);
  cairo_line_to (cr, ex - ux * stop, ey - uy * stop);
  cairo_stroke (cr);

arrow:
  /* arrow head */
  cairo_move_to (cr, ex, ey);
  cairo_line_to (cr, ex - ux * ARROW_LENGTH - uy * ARROW_WIDTH / 2,
                 ey - uy * ARROW_LENGTH + ux * ARROW_WIDTH / 2);
  cairo_line_to (cr, ex - ux * ARROW_LENGTH + uy * ARROW_WIDTH / 2,
                 ey - uy * ARROW_LENGTH - ux * ARROW_WIDTH / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_edge_label (Painter            *p,
                 const SwLayoutEdge *edge)
{
  cairo_t *cr = p->cr;
  const SwLayoutBox *box = &edge->label_box;
  gboolean is_catch = edge->kind == SW_LAYOUT_EDGE_CATCH;
  gboolean is_default = edge->kind == SW_LAYOUT_EDGE_DEFAULT;
  const PangoFontDescription *font = is_default ? p->label_italic_font : p->label_font;
  double th = text_height (p, font);

  rounded_rectangle (cr, box, 0, box->height / 2);
  set_color (cr, &p->palette->label);
  cairo_fill (cr);
  rounded_rectangle (cr, box, 0.5, box->height / 2 - 0.5);
  set_color (cr, is_catch ? &p->palette->catch_edge : &p->palette->edge);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  draw_text (p, edge->label, font,
             is_catch ? &p->palette->catch_edge : &p->palette->text,
             box->x + 5, box->y + (box->height - th) / 2, box->width - 10,
             PANGO_ALIGN_CENTER);
}

static PangoFontDescription *
make_font (int         pixels,
           PangoWeight weight,
           PangoStyle  style)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, style);
  return font;
}

/**
 * sw_painter_paint:
 * @layout: what to paint
 * @cr: where, in diagram units: scale the context first for HiDPI or zoom
 * @options: (nullable): palette, overlays and clip; %NULL for the light palette alone
 *
 * Paints the diagram: containers, edges with their labels and arrows, states with their
 * icons, names, summaries, validation badges, run status and selection.
 */
void
sw_painter_paint (SwLayout             *layout,
                  cairo_t              *cr,
                  const SwPaintOptions *options)
{
  SwPaintOptions defaults;
  Painter painter = { 0 }, *p = &painter;
  cairo_font_options_t *font_options;
  PangoContext *context;
  guint n_nodes, n_edges;

  g_return_if_fail (SW_IS_LAYOUT (layout));
  g_return_if_fail (cr != NULL);

  if (options == NULL)
    {
      sw_paint_options_init (&defaults, FALSE);
      options = &defaults;
    }
  p->cr = cr;
  p->options = options;
  p->palette = options->palette ? options->palette : &light_palette;
  {
    double ux = 1, uy = 0;

    cairo_user_to_device_distance (cr, &ux, &uy);
    p->device_scale = hypot (ux, uy);
  }
  p->raster = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  if (options->clip != NULL)
    {
      /* lines a little past the clip, so that their caps and joins are whole */
      p->clip = *options->clip;
      p->clip.x -= 2 * ARROW_LENGTH;
      p->clip.y -= 2 * ARROW_LENGTH;
      p->clip.width += 4 * ARROW_LENGTH;
      p->clip.height += 4 * ARROW_LENGTH;
      p->has_clip = TRUE;
    }

  cairo_save (cr);
  p->layout = pango_cairo_create_layout (cr);
  context = pango_layout_get_context (p->layout);
  /* Unhinted metrics: text takes the same room at every scale and in every format. */
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);
  pango_layout_context_changed (p->layout);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (p->layout, TRUE);
  p->name_font = make_font (NAME_SIZE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);
  p->summary_font = make_font (SUMMARY_SIZE, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  p->label_font = make_font (LABEL_SIZE, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  p->label_italic_font = make_font (LABEL_SIZE, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC);
  p->marker_font = make_font (LABEL_SIZE + 1, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);

  if (options->background)
    {
      set_color (cr, &p->palette->background);
      cairo_rectangle (cr, 0, 0, sw_layout_get_width (layout), sw_layout_get_height (layout));
      cairo_fill (cr);
    }

  n_nodes = sw_layout_get_n_nodes (layout);
  n_edges = sw_layout_get_n_edges (layout);

  /* Containers first, outer before inner (they come in that order). */
  for (guint i = 0; i < n_nodes; i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (layout, i);

      if (node->container >= 0 && visible (p, &node->box, 0))
        draw_container (p, node, sw_layout_get_container (layout, (guint) node->container));
    }

  for (guint i = 0; i < n_edges; i++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, i);
      SwLayoutBox bounds;

      edge_bounds (edge, &bounds);
      if (edge->n_points >= 2 && visible (p, &bounds, ARROW_LENGTH))
        draw_edge (p, edge);
    }
  for (guint i = 0; i < n_edges; i++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, i);

      if (edge->label != NULL && edge->label_box.width > 0 && visible (p, &edge->label_box, 0))
        draw_edge_label (p, edge);
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (layout, i);

      if (!visible (p, &node->box, 12))
        continue;
      if (node->container >= 0)
        {
          SwRunStatus status = status_of (p, node);

          draw_overlays (p, node, NODE_RADIUS + 2);
          if (status == SW_RUN_STATUS_NOT_RUN)
            {
              /* veil the header, the branches show their own states */
              SwLayoutBox header = sw_layout_get_container (layout,
                                                            (guint) node->container)->header;
              SwColor veil = p->palette->container;

              header.x = node->box.x;
              header.y = node->box.y;
              veil.alpha = 0.55;
              rounded_rectangle (cr, &header, 1, NODE_RADIUS);
              set_color (cr, &veil);
              cairo_fill (cr);
            }
        }
      else if (node->kind == SW_LAYOUT_NODE_START || node->kind == SW_LAYOUT_NODE_END)
        draw_marker (p, node);
      else
        draw_state (p, node);
    }

  pango_font_description_free (p->name_font);
  pango_font_description_free (p->summary_font);
  pango_font_description_free (p->label_font);
  pango_font_description_free (p->label_italic_font);
  pango_font_description_free (p->marker_font);
  g_object_unref (p->layout);
  cairo_restore (cr);
}
