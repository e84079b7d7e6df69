/* sw-inflate.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Bounded zlib and gzip decompression: a few kilobytes of crafted input can inflate to
 * gigabytes, so every reader of compressed data users send says how much it accepts. */

#include <glib/gi18n-lib.h>

#include "sw-inflate.h"

/**
 * sw_inflate:
 * @compressed: the compressed stream
 * @format: %G_ZLIB_COMPRESSOR_FORMAT_GZIP, _ZLIB or _RAW
 * @limit: the most bytes the data may decompress to
 * @error: return location for an error
 *
 * Decompresses @compressed, stopping as soon as the output would pass @limit: then the
 * error is %G_IO_ERROR_NO_SPACE and no more than @limit plus one chunk was ever held. Corrupt
 * data gives the converter's error.
 *
 * Returns: (transfer full) (nullable): the decompressed bytes, or %NULL with @error set
 */
GBytes *
sw_inflate (GInputStream           *compressed,
            GZlibCompressorFormat   format,
            gsize                   limit,
            GError                **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 chunk[16384];

  g_return_val_if_fail (G_IS_INPUT_STREAM (compressed), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  decompressor = g_zlib_decompressor_new (format);
  stream = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if ((gsize) n > limit - out->len)
        {
          g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("The data decompresses to more than the limit of %s"), size);
          return NULL;
        }
      g_byte_array_append (out, chunk, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
