/* sw-sagemaker-inference.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a local endpoint reads and answers. Requests are one or more 28×28 digits:
 *
 * - application/json: an image as nested arrays ([[…28 numbers]…28 rows]) or 784 numbers, a
 *   list of images, or {"instances": …} (also "inputs" or "data") holding either. Values are
 *   0–255 grey levels, or 0–1 (as torchvision's ToTensor gives) when none exceeds 1. MNIST
 *   digits are light strokes on a dark ground (0 = background).
 * - image/png: a grey, grey+alpha, RGB, RGBA or palette PNG of 8 or 16 bits, not interlaced,
 *   of any size (averaged down or sampled to 28×28). A dark digit on a light ground is
 *   inverted; a transparent ground reads the alpha channel as ink.
 * - application/x-idx: an IDX file of images (as t10k-images-idx3-ubyte), gzipped or not.
 *
 * The answer is {"predictions": [{"probabilities": [10 numbers], "predicted_label": D}, …]};
 * batch transform writes one such prediction per line. */

#include <math.h>
#include <string.h>

#include "sw-dataset.h"
#include "sw-idx.h"
#include "sw-inflate.h"
#include "sw-json.h"
#include "sw-sagemaker-private.h"

#define PIXELS (SW_DATASET_IMAGE_SIZE * SW_DATASET_IMAGE_SIZE)

static gboolean
collect_numbers (SwValue  *value,
                 GArray   *numbers,
                 GError  **error)
{
  if (sw_value_is_number (value))
    {
      double x = sw_value_get_double (value);

      g_array_append_val (numbers, x);
      return TRUE;
    }
  if (sw_value_is_array (value))
    {
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        if (!collect_numbers (sw_value_array_get (value, i), numbers, error))
          return FALSE;
      return TRUE;
    }
  g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
               "The JSON body holds a %s where pixel values (numbers) were expected",
               sw_value_kind_to_string (sw_value_get_kind (value)));
  return FALSE;
}

static guint8 *
decode_json (GBytes   *body,
             guint    *n_images,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (double));
  SwValue *data;
  gboolean scaled = TRUE;
  guint8 *images;
  guint line = 0, column = 0;
  gsize length;
  const char *text = g_bytes_get_data (body, &length);

  root = sw_json_parse (text, length, &line, &column, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "The body is not JSON (line %u, column %u): %s", line, column,
                   local_error->message);
      return NULL;
    }
  data = root;
  if (sw_value_is_object (root))
    {
      static const char *keys[] = { "instances", "inputs", "data", NULL };

      data = NULL;
      for (guint i = 0; keys[i] != NULL && data == NULL; i++)
        data = sw_value_object_get (root, keys[i]);
      if (data == NULL)
        {
          g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                               "The JSON body is an object without \"instances\": send a "
                               "28×28 image as nested arrays, a list of them, or "
                               "{\"instances\": [...]}");
          return NULL;
        }
    }
  if (!collect_numbers (data, numbers, error))
    return NULL;
  if (numbers->len == 0 || numbers->len % PIXELS != 0)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "The JSON body holds %u pixel values, not a multiple of 784 (28×28 images)",
                   numbers->len);
      return NULL;
    }
  for (guint i = 0; i < numbers->len; i++)
    {
      double x = g_array_index (numbers, double, i);

      if (!isfinite (x) || x < 0 || x > 255)
        {
          g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                       "Pixel value %g is outside 0–255", x);
          return NULL;
        }
      if (x > 1)
        scaled = FALSE;
    }
  images = g_malloc (numbers->len);
  for (guint i = 0; i < numbers->len; i++)
    {
      double x = g_array_index (numbers, double, i);

      images[i] = (guint8) CLAMP (lround (scaled ? x * 255 : x), 0, 255);
    }
  *n_images = numbers->len / PIXELS;
  return images;
}

/* PNG */

/* The most pixels an image/png body may have: 4 megapixels (2048 × 2048). InvokeEndpoint
 * bodies are at most 6 MB, and the decoder holds the rows (up to 8 bytes a pixel) and two
 * planes of doubles, so this bounds an image to about 130 MiB of memory. */
#define MAX_PNG_PIXELS (4 * 1024 * 1024)

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint8
paeth (int a,
       int b,
       int c)
{
  int p = a + b - c;
  int pa = abs (p - a), pb = abs (p - b), pc = abs (p - c);

  if (pa <= pb && pa <= pc)
    return (guint8) a;
  return (guint8) (pb <= pc ? b : c);
}

static guint8 *
decode_png (GBytes   *body,
            guint    *n_images,
            GError  **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autofree double *ink = NULL;
  g_autofree double *alpha = NULL;
  guint8 palette[256 * 3] = { 0 };
  guint32 width = 0, height = 0;
  guint depth = 0, color = 0, interlace = 0, channels, bpp;
  gsize stride, offset = 8;
  const guint8 *pixels;
  guint8 *image;
  double mean = 0, transparent = 0;
  gboolean has_alpha;

  if (length < 8 || memcmp (data, signature, 8) != 0)
    {
      g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           "The body is not a PNG image");
      return NULL;
    }
  while (offset + 12 <= length)
    {
      guint32 size = be32 (data + offset);
      const guint8 *type = data + offset + 4;
      const guint8 *chunk = data + offset + 8;

      if (size > length - offset - 12)
        break;
      if (memcmp (type, "IHDR", 4) == 0 && size >= 13)
        {
          width = be32 (chunk);
          height = be32 (chunk + 4);
          depth = chunk[8];
          color = chunk[9];
          interlace = chunk[12];
        }
      else if (memcmp (type, "PLTE", 4) == 0)
        memcpy (palette, chunk, MIN (size, sizeof palette));
      else if (memcmp (type, "IDAT", 4) == 0)
        g_byte_array_append (idat, chunk, size);
      else if (memcmp (type, "IEND", 4) == 0)
        break;
      offset += 12 + size;
    }
  channels = color == 0 ? 1 : color == 2 ? 3 : color == 3 ? 1 : color == 4 ? 2 : 4;
  if (width == 0 || height == 0 || width > 4096 || height > 4096 ||
      (guint64) width * height > MAX_PNG_PIXELS || interlace != 0 ||
      (color != 0 && color != 2 && color != 3 && color != 4 && color != 6) ||
      (depth != 8 && depth != 16) || (color == 3 && depth != 8) || idat->len == 0)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "The PNG image (%u×%u, %u bits, colour type %u%s) is not one the endpoint "
                   "reads: send an 8- or 16-bit, non-interlaced image of at most 4096 pixels "
                   "a side and 4 megapixels", width, height, depth,
                   color, interlace ? ", interlaced" : "");
      return NULL;
    }
  bpp = channels * depth / 8;
  stride = (gsize) width * bpp;

  {
    g_autoptr(GInputStream) memory = NULL;
    g_autoptr(GError) inflate_error = NULL;

    /* The rows take (stride + 1) × height bytes (at most 32 MiB here): a stream that
     * inflates to more is refused before it takes more memory. */
    compressed = g_bytes_new (idat->data, idat->len);
    memory = g_memory_input_stream_new_from_bytes (compressed);
    raw = sw_inflate (memory, G_ZLIB_COMPRESSOR_FORMAT_ZLIB, (stride + 1) * height,
                      &inflate_error);
    if (raw == NULL)
      {
        g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                             g_error_matches (inflate_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                               ? "The PNG image's data is longer than its size"
                               : "The PNG image's data is corrupt");
        return NULL;
      }
  }
  if (g_bytes_get_size (raw) < (stride + 1) * height)
    {
      g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           "The PNG image's data is shorter than its size");
      return NULL;
    }

  /* Undo the filters in place in a copy. */
  {
    guint8 *rows = g_memdup2 (g_bytes_get_data (raw, NULL), (stride + 1) * height);

    for (guint32 y = 0; y < height; y++)
      {
        guint8 *row = rows + y * (stride + 1);
        guint8 filter = row[0];
        guint8 *cur = row + 1;
        guint8 *prev = y > 0 ? rows + (y - 1) * (stride + 1) + 1 : NULL;

        for (gsize x = 0; x < stride; x++)
          {
            int a = x >= bpp ? cur[x - bpp] : 0;
            int b = prev != NULL ? prev[x] : 0;
            int c = prev != NULL && x >= bpp ? prev[x - bpp] : 0;

            switch (filter)
              {
              case 1: cur[x] = (guint8) (cur[x] + a); break;
              case 2: cur[x] = (guint8) (cur[x] + b); break;
              case 3: cur[x] = (guint8) (cur[x] + (a + b) / 2); break;
              case 4: cur[x] = (guint8) (cur[x] + paeth (a, b, c)); break;
              default: break;
              }
          }
      }
    g_bytes_unref (raw);
    raw = g_bytes_new_take (rows, (stride + 1) * height);
  }
  pixels = g_bytes_get_data (raw, NULL);
  has_alpha = color == 4 || color == 6;

  /* Grey level (luma) and alpha of each pixel, 0–1. */
  ink = g_new (double, (gsize) width * height);
  alpha = g_new (double, (gsize) width * height);
  for (guint32 y = 0; y < height; y++)
    for (guint32 x = 0; x < width; x++)
      {
        const guint8 *p = pixels + y * (stride + 1) + 1 + (gsize) x * bpp;
        double v[4];
        gsize i = (gsize) y * width + x;

        for (guint c = 0; c < channels; c++)
          v[c] = depth == 16 ? ((p[2 * c] << 8) | p[2 * c + 1]) / 65535.0 : p[c] / 255.0;
        if (color == 3)
          {
            const guint8 *rgb = palette + 3 * p[0];

            ink[i] = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255.0;
          }
        else if (channels >= 3)
          ink[i] = 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2];
        else
          ink[i] = v[0];
        alpha[i] = has_alpha ? v[channels - 1] : 1.0;
        if (alpha[i] < 0.5)
          transparent++;
      }
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      if (has_alpha && transparent > width * height / 2.0)
        ink[i] = alpha[i];   /* strokes drawn on a transparent ground */
      else
        ink[i] = ink[i] * alpha[i] + (1 - alpha[i]);   /* over white */
      mean += ink[i];
    }
  mean /= (double) width * height;

  image = g_malloc (PIXELS);
  for (guint y = 0; y < SW_DATASET_IMAGE_SIZE; y++)
    for (guint x = 0; x < SW_DATASET_IMAGE_SIZE; x++)
      {
        guint32 x0 = x * width / SW_DATASET_IMAGE_SIZE;
        guint32 x1 = MAX (x0 + 1, (x + 1) * width / SW_DATASET_IMAGE_SIZE);
        guint32 y0 = y * height / SW_DATASET_IMAGE_SIZE;
        guint32 y1 = MAX (y0 + 1, (y + 1) * height / SW_DATASET_IMAGE_SIZE);
        double sum = 0;

        for (guint32 yy = y0; yy < y1; yy++)
          for (guint32 xx = x0; xx < x1; xx++)
            sum += ink[(gsize) yy * width + xx];
        sum /= (double) (x1 - x0) * (y1 - y0);
        if (mean > 0.5)
          sum = 1 - sum;   /* a dark digit on a light ground */
        image[y * SW_DATASET_IMAGE_SIZE + x] = (guint8) CLAMP (lround (sum * 255), 0, 255);
      }
  *n_images = 1;
  return image;
}

static guint8 *
decode_idx (GBytes   *body,
            guint    *n_images,
            GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) images = NULL;
  guint32 dims[SW_IDX_MAX_DIMS];
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);

  images = sw_idx_decode (data, length, "body", 3, dims, &local_error);
  if (images == NULL || dims[1] != SW_DATASET_IMAGE_SIZE || dims[2] != SW_DATASET_IMAGE_SIZE ||
      dims[0] == 0)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "The body is not an IDX file of 28×28 images%s%s",
                   local_error != NULL ? ": " : "",
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }
  *n_images = dims[0];
  return g_memdup2 (g_bytes_get_data (images, NULL), g_bytes_get_size (images));
}

guint8 *
_sw_sagemaker_decode_images (const char  *content_type,
                             GBytes      *body,
                             guint       *n_images,
                             GError     **error)
{
  g_autofree char *type = NULL;

  if (content_type == NULL || *content_type == '\0')
    content_type = "application/json";
  type = g_ascii_strdown (content_type, strcspn (content_type, ";"));
  g_strstrip (type);
  if (g_bytes_get_size (body) == 0)
    {
      g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           "The request body is empty");
      return NULL;
    }
  if (strcmp (type, "application/json") == 0 || strcmp (type, "application/jsonlines") == 0 ||
      strcmp (type, "text/json") == 0)
    return decode_json (body, n_images, error);
  if (strcmp (type, "image/png") == 0)
    return decode_png (body, n_images, error);
  if (strcmp (type, "application/x-idx") == 0 || strcmp (type, "application/octet-stream") == 0)
    return decode_idx (body, n_images, error);
  g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
               "The endpoint does not read %s: send application/json, image/png or "
               "application/x-idx", content_type);
  return NULL;
}

static void
append_prediction (GString     *out,
                   const float *log_probs,
                   guint8       label)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, "{\"probabilities\": [");
  for (guint c = 0; c < SW_DATASET_N_CLASSES; c++)
    {
      g_ascii_formatd (buffer, sizeof buffer, "%.7g", exp (log_probs[c]));
      g_string_append_printf (out, "%s%s", c > 0 ? ", " : "", buffer);
    }
  g_string_append_printf (out, "], \"predicted_label\": %u}", label);
}

/* The predictions as the endpoint answers them, or one per line for batch transform. */
char *
_sw_sagemaker_predictions_json (SwNet        *net,
                                const guint8 *images,
                                guint         n_images,
                                guint         threads,
                                gboolean      lines)
{
  g_autofree guint8 *labels = g_new (guint8, MAX (n_images, 1));
  g_autofree float *log_probs = g_new (float, (gsize) MAX (n_images, 1) * SW_DATASET_N_CLASSES);
  GString *out = g_string_new (lines ? NULL : "{\"predictions\": [");

  sw_net_predict (net, images, n_images, threads, labels, log_probs);
  for (guint i = 0; i < n_images; i++)
    {
      if (!lines && i > 0)
        g_string_append (out, ", ");
      append_prediction (out, log_probs + (gsize) i * SW_DATASET_N_CLASSES, labels[i]);
      if (lines)
        g_string_append_c (out, '\n');
    }
  if (!lines)
    g_string_append (out, "]}\n");
  return g_string_free (out, FALSE);
}
