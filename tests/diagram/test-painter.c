/* test-painter.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The painter and export: an SVG loads back with librsvg at the expected size, a PNG shows
 * the palette's colours where the layout put the boxes (light and dark, at two scales), a
 * PDF is a PDF, the overlays land where they should, and every state-type icon is a valid
 * symbolic SVG that draws something. */

#include <cairo.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>

#include "sw-diagram-error.h"
#include "sw-diagram-export.h"
#include "sw-diagram-icons-private.h"
#include "sw-json.h"
#include "sw-layout.h"
#include "sw-painter.h"

static const char document[] =
  "{\"StartAt\": \"Prepare\", \"States\": {"
  " \"Prepare\": {\"Type\": \"Pass\", \"Next\": \"Train\"},"
  " \"Train\": {\"Type\": \"Task\","
  "   \"Resource\": \"arn:aws:states:::sagemaker:createTrainingJob.sync\", \"Next\": \"Good?\","
  "   \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Failed\"}]},"
  " \"Good?\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.accuracy\","
  "   \"NumericGreaterThanEquals\": 0.9, \"Next\": \"Fan out\"}], \"Default\": \"Failed\"},"
  " \"Fan out\": {\"Type\": \"Parallel\", \"Next\": \"Done\", \"Branches\": ["
  "   {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Wait\", \"Seconds\": 5,"
  "     \"End\": true}}},"
  "   {\"StartAt\": \"B\", \"States\": {\"B\": {\"Type\": \"Task\","
  "     \"Resource\": \"arn:aws:lambda:us-east-1:1:function:score\", \"Next\": \"Nowhere\"}}}]},"
  " \"Done\": {\"Type\": \"Succeed\"},"
  " \"Failed\": {\"Type\": \"Fail\"}}}";

static SwLayout *
make_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = sw_json_parse (document, -1, NULL, NULL, &error);
  g_autoptr(SwMachine) machine = NULL;

  g_assert_no_error (error);
  machine = sw_machine_new (root);
  return sw_layout_new (machine, NULL);
}

static const SwLayoutNode *
node_named (SwLayout   *layout,
            const char *name)
{
  int index = sw_layout_find_node (layout, name);

  g_assert_cmpint (index, >=, 0);
  return sw_layout_get_node (layout, (guint) index);
}

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize offset;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->offset + length > reader->length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *bytes)
{
  Reader reader = { g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0 };
  cairo_surface_t *surface = cairo_image_surface_create_from_png_stream (read_bytes, &reader);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* The colour of the pixel at (x, y) in diagram units, as 0xrrggbb (opaque images only). */
static guint32
pixel_at (cairo_surface_t *surface,
          double           scale,
          double           x,
          double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int px = (int) floor (x * scale), py = (int) floor (y * scale);
  guint32 argb;

  cairo_surface_flush (surface);
  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (surface));
  argb = *(const guint32 *) (data + py * stride + px * 4);
  g_assert_cmpuint (argb >> 24, ==, 0xff);
  return argb & 0xffffff;
}

static guint32
hex (const SwColor *color)
{
  return ((guint32) lround (color->red * 255) << 16) |
         ((guint32) lround (color->green * 255) << 8) |
         (guint32) lround (color->blue * 255);
}

static void
check_png (gboolean dark,
           double   scale)
{
  g_autoptr(SwLayout) layout = make_layout ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SwPaintOptions options;
  cairo_surface_t *surface;
  const SwPalette *palette;

  sw_paint_options_init (&options, dark);
  options.scale = scale;
  palette = options.palette;
  bytes = sw_diagram_export_bytes (layout, &options, SW_DIAGRAM_FORMAT_PNG, &error);
  g_assert_no_error (error);
  surface = decode_png (bytes);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==,
                   (int) ceil (sw_layout_get_width (layout) * scale));
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==,
                   (int) ceil (sw_layout_get_height (layout) * scale));

  /* the corner is background */
  g_assert_cmphex (pixel_at (surface, scale, 2, 2), ==, hex (&palette->background));

  for (guint i = 0; i < sw_layout_get_n_nodes (layout); i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (layout, i);
      const SwLayoutBox *box = &node->box;
      guint32 inside;

      if (node->kind == SW_LAYOUT_NODE_START || node->kind == SW_LAYOUT_NODE_END)
        {
          /* the marker pill, left of its text */
          inside = pixel_at (surface, scale, box->x + box->height / 2,
                             box->y + box->height / 2);
          g_assert_cmphex (inside, ==, hex (&palette->marker));
          continue;
        }
      if (node->container >= 0)
        {
          /* the container's fill, low in its left margin */
          inside = pixel_at (surface, scale, box->x + 5, box->y + box->height - 12);
          g_assert_cmphex (inside, ==, hex (&palette->container));
          continue;
        }
      /* inside the card, near its bottom-right corner, away from text and icon */
      inside = pixel_at (surface, scale, box->x + box->width - 6, box->y + box->height - 6);
      g_assert_cmphex (inside, ==, hex (&palette->card));
      /* the type's colour in the icon tile, in its top-left corner */
      if (node->kind == SW_LAYOUT_NODE_STATE)
        g_assert_cmphex (pixel_at (surface, scale, box->x + 15,
                                   box->y + (box->height - 28) / 2 + 3),
                         ==, hex (&palette->types[node->type]));
      /* just outside the box: background, or the container's branch */
      inside = pixel_at (surface, scale, box->x + box->width + 3, box->y + box->height / 2);
      g_assert_true (inside == hex (&palette->background) || inside == hex (&palette->branch));
    }
  cairo_surface_destroy (surface);
}

static void
test_png_light (void)
{
  check_png (FALSE, 1);
}

static void
test_png_dark_hidpi (void)
{
  check_png (TRUE, 2);
}

static void
test_svg (void)
{
  g_autoptr(SwLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GObject) handle_object = NULL;
  RsvgHandle *handle = NULL;
  SwPaintOptions options;
  double width, height;

  sw_paint_options_init (&options, FALSE);
  options.scale = 1.5;
  bytes = sw_diagram_export_bytes (layout, &options, SW_DIAGRAM_FORMAT_SVG, &error);
  g_assert_no_error (error);
  handle = rsvg_handle_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &error);
  g_assert_no_error (error);
  handle_object = G_OBJECT (handle);
  g_assert_true (rsvg_handle_get_intrinsic_size_in_pixels (handle, &width, &height));
  g_assert_cmpfloat (width, ==, ceil (sw_layout_get_width (layout) * 1.5));
  g_assert_cmpfloat (height, ==, ceil (sw_layout_get_height (layout) * 1.5));

  /* and it renders: the Start marker's colour where the layout put it */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width,
                                                           (int) height);
    cairo_t *cr = cairo_create (surface);
    RsvgRectangle viewport = { 0, 0, width, height };
    const SwLayoutBox *start = NULL;

    g_assert_true (rsvg_handle_render_document (handle, cr, &viewport, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < sw_layout_get_n_nodes (layout); i++)
      if (sw_layout_get_node (layout, i)->kind == SW_LAYOUT_NODE_START)
        start = &sw_layout_get_node (layout, i)->box;
    g_assert_nonnull (start);
    g_assert_cmphex (pixel_at (surface, 1.5, start->x + start->height / 2,
                               start->y + start->height / 2),
                     ==, hex (&sw_palette_get_light ()->marker));
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

static void
test_pdf_and_files (void)
{
  g_autoptr(SwLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sw_diagram_export_bytes (layout, NULL, SW_DIAGRAM_FORMAT_PDF,
                                                     &error);
  g_autofree char *dir = g_dir_make_tmp ("sw-painter-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "diagram.PNG", NULL);
  g_autofree char *bad = g_build_filename (dir, "diagram.gif", NULL);
  SwDiagramFormat format;

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);

  g_assert_true (sw_diagram_format_for_path ("a.Svg", &format));
  g_assert_cmpint (format, ==, SW_DIAGRAM_FORMAT_SVG);
  g_assert_false (sw_diagram_format_for_path ("a.svgz", NULL));

  g_assert_true (sw_diagram_export_file (layout, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (sw_diagram_export_file (layout, NULL, bad, &error));
  g_assert_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_FORMAT);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_overlays (void)
{
  g_autoptr(SwLayout) layout = make_layout ();
  g_autoptr(GHashTable) status = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) selection = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) badges = NULL;
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sw_diagnostic_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const SwPalette *palette = sw_palette_get_light ();
  const SwLayoutNode *train = node_named (layout, "Train");
  const SwLayoutNode *prepare = node_named (layout, "Prepare");
  const SwLayoutNode *b = node_named (layout, "B");
  const SwLayoutNode *done = node_named (layout, "Done");
  SwPaintOptions options;
  cairo_surface_t *surface;

  g_ptr_array_add (diagnostics, sw_diagnostic_new (SW_SEVERITY_ERROR, "next-state-missing", 1,
                                                   1, "/States/Fan out/Branches/1/States/B/Next",
                                                   "missing"));
  g_ptr_array_add (diagnostics, sw_diagnostic_new (SW_SEVERITY_WARNING, "w", 1, 1,
                                                   "/States/Train/Resource", "warning"));
  badges = sw_layout_badges_for_diagnostics (layout, diagnostics);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (badges, "B")), ==,
                   SW_SEVERITY_ERROR + 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (badges, "Train")), ==,
                   SW_SEVERITY_WARNING + 1);
  g_assert_cmpuint (g_hash_table_size (badges), ==, 2);
  g_assert_cmpint (node_named (layout, "Nowhere")->kind, ==, SW_LAYOUT_NODE_MISSING);

  g_hash_table_insert (status, (gpointer) "Prepare", GINT_TO_POINTER (SW_RUN_STATUS_SUCCEEDED));
  g_hash_table_insert (status, (gpointer) "Train", GINT_TO_POINTER (SW_RUN_STATUS_IN_PROGRESS));
  g_hash_table_insert (status, (gpointer) "Done", GINT_TO_POINTER (SW_RUN_STATUS_NOT_RUN));
  g_hash_table_add (selection, (gpointer) "Prepare");

  sw_paint_options_init (&options, FALSE);
  options.status = status;
  options.selection = selection;
  options.badges = badges;
  bytes = sw_diagram_export_bytes (layout, &options, SW_DIAGRAM_FORMAT_PNG, &error);
  g_assert_no_error (error);
  surface = decode_png (bytes);

  /* selection: a ring just outside the box */
  g_assert_cmphex (pixel_at (surface, 1, prepare->box.x + prepare->box.width / 2,
                             prepare->box.y - 2),
                   ==, hex (&palette->selection));
  /* status: the border takes the status colour, a glyph sits in the bottom-right corner */
  g_assert_cmphex (pixel_at (surface, 1, prepare->box.x + prepare->box.width / 2,
                             prepare->box.y + prepare->box.height - 1.5),
                   ==, hex (&palette->succeeded));
  g_assert_cmphex (pixel_at (surface, 1, train->box.x + train->box.width / 2,
                             train->box.y + 1.5),
                   ==, hex (&palette->running));
  /* badges in the top-right corner: an error disc on B */
  g_assert_cmphex (pixel_at (surface, 1, b->box.x + b->box.width - 4 - 5, b->box.y + 4),
                   ==, hex (&palette->error));
  /* not run: the state is veiled, drawn at 45 % over the background */
  {
    guint32 veiled = pixel_at (surface, 1, done->box.x + done->box.width - 6,
                               done->box.y + done->box.height - 6);
    guint32 card = hex (&palette->card), back = hex (&palette->background);

    for (int shift = 0; shift <= 16; shift += 8)
      {
        double expected = 0.45 * ((card >> shift) & 0xff) + 0.55 * ((back >> shift) & 0xff);

        g_assert_cmpfloat (fabs (((veiled >> shift) & 0xff) - expected), <=, 1.0);
      }
  }
  g_assert_cmphex (pixel_at (surface, 1, done->box.x + 15,
                             done->box.y + (done->box.height - 28) / 2 + 3),
                   !=, hex (&palette->types[SW_STATE_TYPE_SUCCEED]));
  cairo_surface_destroy (surface);

  /* painting a clip only touches what is in it */
  {
    cairo_surface_t *small = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
    cairo_t *cr = cairo_create (small);
    SwLayoutBox clip = { 0, 0, 1, 1 };

    options.clip = &clip;
    options.background = FALSE;
    sw_painter_paint (layout, cr, &options);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (small);
  }
}

/* Paints @layout at @scale into a new image, within @clip if given. */
static cairo_surface_t *
paint_image (SwLayout          *layout,
             double             scale,
             const SwLayoutBox *clip)
{
  int width = (int) ceil (sw_layout_get_width (layout) * scale);
  int height = (int) ceil (sw_layout_get_height (layout) * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  SwPaintOptions options;

  sw_paint_options_init (&options, FALSE);
  options.scale = scale;
  options.clip = clip;
  cairo_scale (cr, scale, scale);
  sw_painter_paint (layout, cr, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels of the two images in the box (diagram units) that differ by more than @tolerance
 * in a channel. */
static guint
count_differences (cairo_surface_t   *a,
                   cairo_surface_t   *b,
                   double             scale,
                   const SwLayoutBox *box,
                   int                tolerance)
{
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  for (int y = (int) ceil (box->y * scale); y < (int) floor ((box->y + box->height) * scale);
       y++)
    for (int x = (int) ceil (box->x * scale);
         x < (int) floor ((box->x + box->width) * scale); x++)
      for (int c = 0; c < 4; c++)
        if (ABS (pa[y * stride + 4 * x + c] - pb[y * stride + 4 * x + c]) > tolerance)
          {
            n++;
            break;
          }
  return n;
}

/* Painting within a clip gives the same pixels there as painting everything: dashed Catch
 * edges cut to the clip keep their dash phase, icons from the raster cache match. */
static void
test_clip (void)
{
  g_autoptr(SwLayout) layout = make_layout ();
  const SwLayoutEdge *catch_edge = NULL;
  cairo_surface_t *whole, *clipped, *again;
  SwLayoutBox clip, inner;
  double y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < sw_layout_get_n_edges (layout) && catch_edge == NULL; i++)
    if (sw_layout_get_edge (layout, i)->kind == SW_LAYOUT_EDGE_CATCH)
      catch_edge = sw_layout_get_edge (layout, i);
  g_assert_nonnull (catch_edge);
  for (guint k = 0; k < catch_edge->n_points; k++)
    {
      y0 = MIN (y0, catch_edge->points[2 * k + 1]);
      y1 = MAX (y1, catch_edge->points[2 * k + 1]);
    }
  g_assert_cmpfloat (y1 - y0, >, 60);

  /* a band across the middle of the Catch edge: it starts and ends outside */
  clip.x = 0;
  clip.width = sw_layout_get_width (layout);
  clip.y = y0 + (y1 - y0) / 4;
  clip.height = (y1 - y0) / 2;
  inner = clip;
  inner.y += 2;
  inner.height -= 4;

  for (int s = 0; s < 2; s++)
    {
      double scale = s == 0 ? 1.0 : 1.5;

      whole = paint_image (layout, scale, NULL);
      clipped = paint_image (layout, scale, &clip);
      g_assert_cmpuint (count_differences (whole, clipped, scale, &inner, 2), ==, 0);
      /* and the clip was honoured: nothing painted far outside it */
      {
        SwLayoutBox above = { 0, 0, clip.width, MAX (0, clip.y - 40) };

        if (above.height > 4)
          g_assert_cmpuint (count_differences (whole, clipped, scale, &above, 2), >, 0);
      }
      /* a second paint, with every icon from the cache, is the same */
      again = paint_image (layout, scale, NULL);
      g_assert_cmpuint (count_differences (whole, again, scale,
                                           &(SwLayoutBox) { 0, 0, sw_layout_get_width (layout),
                                                            sw_layout_get_height (layout) },
                                           0), ==, 0);
      cairo_surface_destroy (whole);
      cairo_surface_destroy (clipped);
      cairo_surface_destroy (again);
    }
}

static void
test_icons (void)
{
  for (SwLayoutIcon icon = SW_LAYOUT_ICON_TASK; icon <= SW_LAYOUT_ICON_UNKNOWN; icon++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) data = _sw_diagram_icon_get_data (icon, &error);
      g_autoptr(GObject) handle_object = NULL;
      RsvgHandle *handle = NULL;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 32, 32);
      cairo_t *cr = cairo_create (surface);
      SwColor red = { 1, 0, 0, 1 };
      const guint8 *pixels;
      guint inked = 0, other = 0;
      double width, height;

      g_assert_no_error (error);
      g_assert_nonnull (data);
      handle = rsvg_handle_new_from_data (g_bytes_get_data (data, NULL),
                                          g_bytes_get_size (data), &error);
      g_assert_no_error (error);
      /* 16 × 16, the size of GNOME symbolic icons */
      handle_object = G_OBJECT (handle);
      g_assert_true (rsvg_handle_get_intrinsic_size_in_pixels (handle, &width, &height));
      g_assert_cmpfloat (width, ==, 16);
      g_assert_cmpfloat (height, ==, 16);

      /* drawn at 2× in the colour asked for, and nothing else */
      g_assert_true (_sw_diagram_icon_paint (cr, icon, 0, 0, 32, &red));
      cairo_surface_flush (surface);
      pixels = cairo_image_surface_get_data (surface);
      for (int i = 0; i < 32 * 32; i++)
        {
          guint32 argb = ((const guint32 *) pixels)[i];
          guint a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff;

          if (a == 0)
            continue;
          if (a == 0xff)
            inked++;
          if (g != 0 || r != a)   /* premultiplied pure red */
            other++;
        }
      g_assert_cmpuint (inked, >, 40);
      g_assert_cmpuint (other, ==, 0);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  g_assert_null (_sw_diagram_icon_get_name (SW_LAYOUT_ICON_NONE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagram/painter/png-light", test_png_light);
  g_test_add_func ("/diagram/painter/png-dark-hidpi", test_png_dark_hidpi);
  g_test_add_func ("/diagram/painter/svg", test_svg);
  g_test_add_func ("/diagram/painter/pdf-and-files", test_pdf_and_files);
  g_test_add_func ("/diagram/painter/overlays", test_overlays);
  g_test_add_func ("/diagram/painter/icons", test_icons);
  g_test_add_func ("/diagram/painter/clip", test_clip);

  return g_test_run ();
}
