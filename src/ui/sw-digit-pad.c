/* sw-digit-pad.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-digit-pad.h"
#include "sw-run-style.h"
#include "sw-run-util.h"

#define PIXELS (SW_DIGIT_PAD_SIZE * SW_DIGIT_PAD_SIZE)
#define CELL 10
#define BRUSH_RADIUS 1.6
#define N_CLASSES 10

struct _SwDigitPad
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *canvas;
  GtkWidget *predict;
  GtkWidget *result;
  GtkWidget *bars[N_CLASSES];
  GtkWidget *percent[N_CLASSES];
  GtkWidget *endpoint_label;

  float pixels[PIXELS];
  double probabilities[N_CLASSES];
  int prediction;
  double last_x, last_y;

  SwSageMakerClient *client;
  char *endpoint;
  GCancellable *cancellable;
  GBytes *test_images;  /* raw 28×28 bytes, n × 784 */
};

G_DEFINE_FINAL_TYPE (SwDigitPad, sw_digit_pad, GTK_TYPE_WIDGET)

static void
sw_digit_pad_dispose (GObject *object)
{
  SwDigitPad *self = SW_DIGIT_PAD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (sw_digit_pad_parent_class)->dispose (object);
}

static void
sw_digit_pad_finalize (GObject *object)
{
  SwDigitPad *self = SW_DIGIT_PAD (object);

  g_free (self->endpoint);
  g_clear_pointer (&self->test_images, g_bytes_unref);
  G_OBJECT_CLASS (sw_digit_pad_parent_class)->finalize (object);
}

static void
sw_digit_pad_class_init (SwDigitPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_digit_pad_dispose;
  object_class->finalize = sw_digit_pad_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-digit-pad");
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  SwDigitPad *self = user_data;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  /* MNIST's look: light ink on a dark ground, whatever the theme. */
  cairo_set_source_rgb (cr, 0.08, 0.08, 0.1);
  cairo_rectangle (cr, 0, 0, SW_DIGIT_PAD_SIZE * CELL, SW_DIGIT_PAD_SIZE * CELL);
  cairo_fill (cr);
  for (int y = 0; y < SW_DIGIT_PAD_SIZE; y++)
    for (int x = 0; x < SW_DIGIT_PAD_SIZE; x++)
      {
        float v = self->pixels[y * SW_DIGIT_PAD_SIZE + x];

        if (v <= 0)
          continue;
        cairo_set_source_rgba (cr, 1, 1, 1, v);
        cairo_rectangle (cr, x * CELL, y * CELL, CELL, CELL);
        cairo_fill (cr);
      }
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.06);
  for (int i = 1; i < SW_DIGIT_PAD_SIZE; i++)
    {
      cairo_move_to (cr, i * CELL + 0.5, 0);
      cairo_line_to (cr, i * CELL + 0.5, SW_DIGIT_PAD_SIZE * CELL);
      cairo_move_to (cr, 0, i * CELL + 0.5);
      cairo_line_to (cr, SW_DIGIT_PAD_SIZE * CELL, i * CELL + 0.5);
    }
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
  cairo_rectangle (cr, 0.5, 0.5, SW_DIGIT_PAD_SIZE * CELL - 1, SW_DIGIT_PAD_SIZE * CELL - 1);
  cairo_stroke (cr);
}

void
sw_digit_pad_stroke (SwDigitPad *self,
                     double      x,
                     double      y)
{
  g_return_if_fail (SW_IS_DIGIT_PAD (self));

  for (int cy = (int) floor (y - BRUSH_RADIUS); cy <= (int) ceil (y + BRUSH_RADIUS); cy++)
    for (int cx = (int) floor (x - BRUSH_RADIUS); cx <= (int) ceil (x + BRUSH_RADIUS); cx++)
      {
        double d;
        float v;

        if (cx < 0 || cy < 0 || cx >= SW_DIGIT_PAD_SIZE || cy >= SW_DIGIT_PAD_SIZE)
          continue;
        d = hypot (cx + 0.5 - x, cy + 0.5 - y);
        v = (float) CLAMP ((BRUSH_RADIUS - d) / 1.0, 0, 1);
        if (v > self->pixels[cy * SW_DIGIT_PAD_SIZE + cx])
          self->pixels[cy * SW_DIGIT_PAD_SIZE + cx] = v;
      }
  gtk_widget_queue_draw (self->canvas);
}

static void
stroke_line (SwDigitPad *self,
             double      x0,
             double      y0,
             double      x1,
             double      y1)
{
  double length = hypot (x1 - x0, y1 - y0);
  guint steps = MAX (1, (guint) ceil (length / 0.4));

  for (guint i = 0; i <= steps; i++)
    sw_digit_pad_stroke (self, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SwDigitPad     *self)
{
  self->last_x = x / CELL;
  self->last_y = y / CELL;
  sw_digit_pad_stroke (self, self->last_x, self->last_y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SwDigitPad     *self)
{
  double sx, sy, x, y;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  x = (sx + dx) / CELL;
  y = (sy + dy) / CELL;
  stroke_line (self, self->last_x, self->last_y, x, y);
  self->last_x = x;
  self->last_y = y;
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SwDigitPad     *self)
{
  if (self->client != NULL && self->endpoint != NULL)
    sw_digit_pad_predict (self);
}

static void
show_probabilities (SwDigitPad *self)
{
  for (guint i = 0; i < N_CLASSES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%.1f %%", 100 * self->probabilities[i]);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->bars[i]), self->probabilities[i]);
      gtk_label_set_text (GTK_LABEL (self->percent[i]), text);
      if ((int) i == self->prediction)
        gtk_widget_add_css_class (self->bars[i], "sw-predicted");
      else
        gtk_widget_remove_css_class (self->bars[i], "sw-predicted");
    }
  if (self->prediction >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%d", self->prediction);

      gtk_label_set_text (GTK_LABEL (self->result), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->result), "?");
}

void
sw_digit_pad_clear (SwDigitPad *self)
{
  g_return_if_fail (SW_IS_DIGIT_PAD (self));

  memset (self->pixels, 0, sizeof self->pixels);
  memset (self->probabilities, 0, sizeof self->probabilities);
  self->prediction = -1;
  show_probabilities (self);
  gtk_widget_queue_draw (self->canvas);
}

/* Test images: t10k of the MNIST sample, read once in a thread. */
static char *
find_test_images (void)
{
  const char *env = g_getenv ("SW_MNIST_DIR");
  const char *source = g_getenv ("SW_SOURCE_DIR");
  const char * const *dirs = g_get_system_data_dirs ();
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  if (env != NULL)
    g_ptr_array_add (candidates, g_build_filename (env, "t10k-images-idx3-ubyte.gz", NULL));
  if (source != NULL)
    g_ptr_array_add (candidates, g_build_filename (source, "data", "mnist",
                                                   "t10k-images-idx3-ubyte.gz", NULL));
  for (guint i = 0; dirs[i] != NULL; i++)
    g_ptr_array_add (candidates, g_build_filename (dirs[i], "stepwise", "mnist",
                                                   "t10k-images-idx3-ubyte.gz", NULL));
  for (guint i = 0; i < candidates->len; i++)
    if (g_file_test (g_ptr_array_index (candidates, i), G_FILE_TEST_EXISTS))
      return g_strdup (g_ptr_array_index (candidates, i));
  return NULL;
}

static void
load_images_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autofree char *path = find_test_images ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  GError *error = NULL;
  guint8 buffer[65536];
  gssize n;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The MNIST test images are not installed"));
      return;
    }
  file = g_file_new_for_path (path);
  raw = G_INPUT_STREAM (g_file_read (file, cancellable, &error));
  if (raw == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  stream = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &error)) > 0)
    g_byte_array_append (data, buffer, (guint) n);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  /* IDX: magic 0x00000803, count, rows, columns (big-endian), then the bytes. */
  if (data->len < 16 || data->data[2] != 0x08 || data->data[3] != 0x03 ||
      data->data[11] != SW_DIGIT_PAD_SIZE || data->data[15] != SW_DIGIT_PAD_SIZE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("“%s” is not an IDX file of 28×28 images"), path);
      return;
    }
  g_task_return_pointer (task, g_bytes_new (data->data + 16, data->len - 16),
                         (GDestroyNotify) g_bytes_unref);
}

static void
pick_random (SwDigitPad *self)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->test_images, &size);
  guint count = (guint) (size / PIXELS), index;

  if (count == 0)
    return;
  index = (guint) g_random_int_range (0, (gint32) count);
  for (guint i = 0; i < PIXELS; i++)
    self->pixels[i] = data[(gsize) index * PIXELS + i] / 255.0f;
  gtk_widget_queue_draw (self->canvas);
  if (self->client != NULL && self->endpoint != NULL)
    sw_digit_pad_predict (self);
}

static void
images_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SwDigitPad) self = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *images = g_task_propagate_pointer (G_TASK (result), &error);

  if (images == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->endpoint_label), error->message);
      return;
    }
  g_clear_pointer (&self->test_images, g_bytes_unref);
  self->test_images = images;
  pick_random (self);
}

static void
test_image_cb (SwDigitPad *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->test_images != NULL)
    {
      pick_random (self);
      return;
    }
  task = g_task_new (NULL, NULL, images_loaded_cb, g_object_ref (self));
  g_task_run_in_thread (task, load_images_thread);
}

static void
sw_digit_pad_init (SwDigitPad *self)
{
  GtkWidget *left, *right, *buttons, *clear, *test, *grid;
  GtkGesture *drag;

  sw_run_style_ensure ();
  self->prediction = -1;
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  self->canvas = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->canvas), SW_DIGIT_PAD_SIZE * CELL);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->canvas),
                                       SW_DIGIT_PAD_SIZE * CELL);
  gtk_widget_set_halign (self->canvas, GTK_ALIGN_START);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_cb, self, NULL);
  gtk_widget_set_cursor_from_name (self->canvas, "crosshair");
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (drag));
  gtk_box_append (GTK_BOX (left), self->canvas);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  clear = gtk_button_new_with_mnemonic (_("_Clear"));
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (sw_digit_pad_clear), self);
  test = gtk_button_new_with_mnemonic (_("_Test Image"));
  gtk_widget_set_tooltip_text (test, _("Pick a digit from the MNIST test set"));
  g_signal_connect_swapped (test, "clicked", G_CALLBACK (test_image_cb), self);
  self->predict = gtk_button_new_with_mnemonic (_("_Predict"));
  gtk_widget_add_css_class (self->predict, "suggested-action");
  g_signal_connect_swapped (self->predict, "clicked", G_CALLBACK (sw_digit_pad_predict), self);
  gtk_widget_set_sensitive (self->predict, FALSE);
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (buttons), test);
  gtk_box_append (GTK_BOX (buttons), self->predict);
  gtk_box_append (GTK_BOX (left), buttons);
  self->endpoint_label = gtk_label_new (_("No endpoint yet: run the pipeline to deploy one"));
  gtk_widget_add_css_class (self->endpoint_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->endpoint_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->endpoint_label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (self->endpoint_label), 36);
  gtk_box_append (GTK_BOX (left), self->endpoint_label);
  gtk_box_append (GTK_BOX (self->box), left);

  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_hexpand (right, TRUE);
  self->result = gtk_label_new ("?");
  gtk_widget_add_css_class (self->result, "title-1");
  gtk_widget_set_tooltip_text (self->result, _("Prediction"));
  gtk_box_append (GTK_BOX (right), self->result);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint i = 0; i < N_CLASSES; i++)
    {
      g_autofree char *digit = g_strdup_printf ("%u", i);
      GtkWidget *label = gtk_label_new (digit);

      gtk_widget_add_css_class (label, "numeric");
      self->bars[i] = gtk_progress_bar_new ();
      gtk_widget_set_hexpand (self->bars[i], TRUE);
      gtk_widget_set_valign (self->bars[i], GTK_ALIGN_CENTER);
      self->percent[i] = gtk_label_new ("0.0 %");
      gtk_widget_add_css_class (self->percent[i], "numeric");
      gtk_label_set_xalign (GTK_LABEL (self->percent[i]), 1);
      gtk_label_set_width_chars (GTK_LABEL (self->percent[i]), 7);
      gtk_grid_attach (GTK_GRID (grid), label, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), self->bars[i], 1, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), self->percent[i], 2, (int) i, 1, 1);
    }
  gtk_box_append (GTK_BOX (right), grid);
  gtk_box_append (GTK_BOX (self->box), right);
}

GtkWidget *
sw_digit_pad_new (void)
{
  return g_object_new (SW_TYPE_DIGIT_PAD, NULL);
}

/**
 * sw_digit_pad_set_endpoint:
 * @client: (nullable): the target's SageMaker client
 * @endpoint_name: (nullable): the endpoint to invoke
 */
void
sw_digit_pad_set_endpoint (SwDigitPad        *self,
                           SwSageMakerClient *client,
                           const char        *endpoint_name)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SW_IS_DIGIT_PAD (self));

  g_set_object (&self->client, client);
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint_name);
  gtk_widget_set_sensitive (self->predict, client != NULL && endpoint_name != NULL);
  if (endpoint_name != NULL)
    text = g_strdup_printf (_("Endpoint %s: draw a digit, or pick a test image"),
                            endpoint_name);
  gtk_label_set_text (GTK_LABEL (self->endpoint_label),
                      text ? text : _("No endpoint yet: run the pipeline to deploy one"));
}

const float *
sw_digit_pad_get_pixels (SwDigitPad *self)
{
  g_return_val_if_fail (SW_IS_DIGIT_PAD (self), NULL);
  return self->pixels;
}

void
sw_digit_pad_set_pixels (SwDigitPad  *self,
                         const float *pixels)
{
  g_return_if_fail (SW_IS_DIGIT_PAD (self));
  g_return_if_fail (pixels != NULL);

  memcpy (self->pixels, pixels, sizeof self->pixels);
  gtk_widget_queue_draw (self->canvas);
}

static gboolean
read_probabilities (JsonNode *node,
                    double   *out)
{
  JsonArray *array;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      static const char * const keys[] = { "predictions", "probabilities", "outputs", NULL };

      for (guint i = 0; keys[i] != NULL; i++)
        if (json_object_has_member (object, keys[i]) &&
            read_probabilities (json_object_get_member (object, keys[i]), out))
          return TRUE;
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (array, 0)))
    return read_probabilities (json_array_get_element (array, 0), out);
  if (json_array_get_length (array) != N_CLASSES)
    return FALSE;
  for (guint i = 0; i < N_CLASSES; i++)
    out[i] = json_array_get_double_element (array, i);
  return TRUE;
}

gboolean
sw_digit_pad_set_answer (SwDigitPad *self,
                         const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  double values[N_CLASSES] = { 0 };
  double sum = 0, lowest = 0;

  g_return_val_if_fail (SW_IS_DIGIT_PAD (self), FALSE);

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !read_probabilities (json_parser_get_root (parser), values))
    {
      gtk_label_set_text (GTK_LABEL (self->endpoint_label),
                          _("The endpoint's answer has no probabilities"));
      return FALSE;
    }
  /* Log-probabilities (the network's log_softmax) come out negative. */
  for (guint i = 0; i < N_CLASSES; i++)
    lowest = MIN (lowest, values[i]);
  if (lowest < 0)
    for (guint i = 0; i < N_CLASSES; i++)
      values[i] = exp (values[i]);
  for (guint i = 0; i < N_CLASSES; i++)
    sum += values[i];
  self->prediction = 0;
  for (guint i = 0; i < N_CLASSES; i++)
    {
      self->probabilities[i] = sum > 0 ? values[i] / sum : 0;
      if (values[i] > values[self->prediction])
        self->prediction = (int) i;
    }
  show_probabilities (self);
  return TRUE;
}

static void
invoked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SwDigitPad) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;

  body = sw_sagemaker_client_invoke_endpoint_finish (SW_SAGEMAKER_CLIENT (object), result, NULL,
                                                     &error);
  if (body == NULL)
    {
      g_autofree char *words = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      words = sw_run_format_error (error);
      gtk_label_set_text (GTK_LABEL (self->endpoint_label), words);
      return;
    }
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  sw_digit_pad_set_answer (self, text);
}

void
sw_digit_pad_predict (SwDigitPad *self)
{
  g_autoptr(GString) json = g_string_new ("{\"instances\": [[");
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (SW_IS_DIGIT_PAD (self));

  if (self->client == NULL || self->endpoint == NULL)
    return;
  for (guint i = 0; i < PIXELS; i++)
    g_string_append_printf (json, "%s%.3g", i > 0 ? "," : "", self->pixels[i]);
  g_string_append (json, "]]}");
  body = g_bytes_new (json->str, json->len);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sw_sagemaker_client_invoke_endpoint_async (self->client, self->endpoint, "application/json",
                                             body, self->cancellable, invoked_cb,
                                             g_object_ref (self));
}

int
sw_digit_pad_get_prediction (SwDigitPad *self)
{
  g_return_val_if_fail (SW_IS_DIGIT_PAD (self), -1);
  return self->prediction;
}

double
sw_digit_pad_get_probability (SwDigitPad *self,
                              guint       digit)
{
  g_return_val_if_fail (SW_IS_DIGIT_PAD (self), 0);
  g_return_val_if_fail (digit < N_CLASSES, 0);
  return self->probabilities[digit];
}
