/* fuzz-invoke-body.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the decoder of InvokeEndpoint and batch transform request bodies of
 * the local SageMaker endpoint (src/sagemaker): JSON pixel arrays, PNG images and IDX
 * files, turned into 28×28 grey images for the network. The first byte picks the content
 * type; the body that follows is, for PNG, also wrapped here in a valid PNG signature,
 * IHDR and IDAT (zlib) so the fuzzer reaches the filters and the scaling.
 *
 *   a body decodes to at least one image of 784 bytes (AddressSanitizer watches reading
 *   them all) or is refused with SW_SAGEMAKER_ERROR_VALIDATION and a message, never both
 *   or neither.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>
#include <zlib.h>

#include <glib.h>

#include "sw-sagemaker-private.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

static void
decode (const char   *content_type,
        const guint8 *data,
        gsize         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *images = NULL;
  guint n_images = 0;

  images = _sw_sagemaker_decode_images (content_type, body, &n_images, &error);
  if ((images == NULL) == (error == NULL))
    sw_fuzz_fail ("images and an error, or neither", NULL);
  if (images == NULL)
    {
      if (error->domain != SW_SAGEMAKER_ERROR || error->code != SW_SAGEMAKER_ERROR_VALIDATION ||
          error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal that is not SW_SAGEMAKER_ERROR_VALIDATION with a message", NULL);
      return;
    }
  if (n_images == 0)
    sw_fuzz_fail ("no images decoded", NULL);
  {
    guint sum = 0;

    for (gsize i = 0; i < (gsize) n_images * 784; i++)
      sum += images[i];
    (void) sum;
  }
}

static void
put32 (GByteArray *out,
       guint32     v)
{
  guint8 be[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, be, 4);
}

static void
chunk (GByteArray   *out,
       const char   *type,
       const guint8 *data,
       gsize         size)
{
  guint32 crc;

  put32 (out, size);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, size);
  crc = crc32 (crc32 (0, (const Bytef *) type, 4), data, size);
  put32 (out, crc);
}

/* A PNG around @data: bytes 0-5 give width (1-64), height (1-64), depth, colour type, then
 * a palette of 6 bytes; the rest, compressed, is the image data. */
static void
decode_wrapped_png (const guint8 *data,
                    gsize         size)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 colors[] = { 0, 2, 3, 4, 6 };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  uLongf bound;
  g_autofree guint8 *z = NULL;

  if (size < 10)
    return;
  ihdr[3] = 1 + data[0] % 64;
  ihdr[7] = 1 + data[1] % 64;
  ihdr[8] = data[2] % 2 ? 16 : 8;
  ihdr[9] = colors[data[3] % G_N_ELEMENTS (colors)];
  if (ihdr[9] == 3)
    ihdr[8] = 8;
  g_byte_array_append (png, signature, 8);
  chunk (png, "IHDR", ihdr, 13);
  chunk (png, "PLTE", data + 4, 6);
  bound = compressBound (size - 10);
  z = g_malloc (bound);
  if (compress (z, &bound, data + 10, size - 10) != Z_OK)
    sw_fuzz_fail ("compress", NULL);
  chunk (png, "IDAT", z, bound);
  chunk (png, "IEND", NULL, 0);
  decode ("image/png", png->data, png->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *types[] = {
    "application/json", "application/jsonlines; charset=utf-8", "image/png",
    "application/x-idx", "Text/JSON", "",
  };

  if (size < 1 || size > 65536)
    return 0;
  if (data[0] % 7 == 6)
    decode_wrapped_png (data + 1, size - 1);
  else
    decode (types[data[0] % 7 % G_N_ELEMENTS (types)], data + 1, size - 1);
  return 0;
}
