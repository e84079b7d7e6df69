/* sw-idx.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The IDX format (http://yann.lecun.com/exdb/mnist/): a big-endian magic number whose two
 * low bytes give the element type (0x08 = unsigned byte) and the number of dimensions, one
 * big-endian 32-bit size per dimension, then the elements in row-major order. The files are
 * distributed gzipped; both forms are read. */

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "sw-idx-private.h"
#include "sw-train-error.h"

#define IDX_TYPE_UBYTE 0x08

/* Inflates a gzip stream (several members are read one after another, as gzip does) into a
 * buffer that grows as data arrives, so a header that lies about the size costs nothing. At
 * most @limit bytes are produced; *@more tells whether the stream held more than that. */
static guint8 *
gunzip (const guint8  *data,
        gsize          length,
        gboolean       mapped,
        const char    *name,
        gsize          limit,
        gsize         *out_length,
        gboolean      *more,
        GError       **error)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  const guint8 *released = data;
  g_autofree guint8 *out = NULL;
  gsize capacity = MIN (limit + 1, (gsize) 1 << 20);
  gsize produced = 0;
  z_stream zs = { 0 };
  int status;

  *more = FALSE;
  if (inflateInit2 (&zs, 15 + 16) != Z_OK)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                   _("%s: cannot start the gzip decoder"), name);
      return NULL;
    }

  out = g_malloc (capacity);
  zs.next_in = (Bytef *) data;
  for (;;)
    {
      gsize chunk;

      if (produced == capacity)
        {
          if (capacity > limit)
            {
              *more = TRUE;
              break;
            }
          capacity = MIN (capacity * 2, limit + 1);
          out = g_realloc (out, capacity);
        }

      /* A mapped file's pages are given back as soon as they are inflated, so the compressed
       * file never counts in full in the process's memory. */
      if (mapped && (gsize) (zs.next_in - released) >= ((gsize) 1 << 20) + page)
        {
          const guint8 *start = (const guint8 *) (((guintptr) released + page - 1)
                                                  & ~(guintptr) (page - 1));
          const guint8 *end = (const guint8 *) ((guintptr) zs.next_in & ~(guintptr) (page - 1));

          if (end > start)
            madvise ((void *) start, end - start, MADV_DONTNEED);
          released = end;
        }

      /* Fed in slices of 1 MiB (zlib counts in uInt, and mapped pages go back by slices). */
      chunk = MIN (length - (gsize) (zs.next_in - data), (gsize) 1 << 20);
      zs.avail_in = chunk;
      zs.next_out = out + produced;
      zs.avail_out = MIN (capacity - produced, (gsize) 1 << 30);
      status = inflate (&zs, Z_NO_FLUSH);
      produced = (gsize) (zs.next_out - out);

      if (status == Z_STREAM_END)
        {
          gsize rest = length - (gsize) (zs.next_in - data);

          /* Another member follows; anything else after the stream is ignored as gzip does. */
          if (rest >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b)
            {
              inflateReset (&zs);
              continue;
            }
          break;
        }
      if (status == Z_BUF_ERROR && zs.avail_in == 0 && zs.avail_out != 0)
        {
          inflateEnd (&zs);
          g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_TRUNCATED,
                       _("%s: the gzip data ends too early (the file is truncated)"), name);
          return NULL;
        }
      if (status != Z_OK && status != Z_BUF_ERROR)
        {
          inflateEnd (&zs);
          g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                       _("%s: the gzip data is corrupt (%s)"), name,
                       zs.msg != NULL ? zs.msg : "inflate");
          return NULL;
        }
    }
  inflateEnd (&zs);

  if (produced > limit)
    {
      produced = limit;
      *more = TRUE;
    }
  *out_length = produced;
  return g_steal_pointer (&out);
}

static const char *
kind_for_dims (guint n_dims)
{
  return n_dims == 3 ? _("an image file") : n_dims == 1 ? _("a label file") : _("this file");
}

/**
 * sw_idx_decode:
 * @data: (array length=length): the file's bytes, plain IDX or gzip
 * @length: the number of bytes
 * @name: the file name to use in messages
 * @n_dims: the number of dimensions expected (3 for images, 1 for labels), at most
 *   %SW_IDX_MAX_DIMS
 * @dims: (out caller-allocates) (array fixed-size=3): the sizes read from the header
 * @error: return location for a #GError
 *
 * Checks an IDX file of unsigned bytes with @n_dims dimensions and returns its elements.
 * A file that is not IDX, holds another element type or number of dimensions, ends early or
 * holds bytes after its data fails with a #SW_TRAIN_ERROR naming @name.
 *
 * Returns: (transfer full): the elements, or %NULL with @error set
 */
GBytes *
sw_idx_decode (const guint8  *data,
               gsize          length,
               const char    *name,
               guint          n_dims,
               guint32       *dims,
               GError       **error)
{
  return _sw_idx_decode_full (data, length, NULL, name, n_dims, dims, error);
}

/* As sw_idx_decode(), for data that lies in owner, the bytes of a read-only mapped file (or
 * NULL): plain elements are returned as a slice of it rather than copied, so they are not
 * held twice; gzipped ones are inflated while the pages read are given back. */
GBytes *
_sw_idx_decode_full (const guint8  *data,
                     gsize          length,
                     GBytes        *owner,
                     const char    *name,
                     guint          n_dims,
                     guint32       *dims,
                     GError       **error)
{
  g_autofree guint8 *inflated = NULL;
  const guint8 *bytes = data;
  gsize n_bytes = length;
  gsize header = 4 + 4 * (gsize) n_dims;
  gsize expected = 1;
  gboolean more = FALSE;
  gboolean gzipped;
  guint32 magic;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (n_dims >= 1 && n_dims <= SW_IDX_MAX_DIMS, NULL);
  g_return_val_if_fail (dims != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gzipped = length >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (gzipped)
    {
      /* First the header alone, to learn how much data to expect. */
      inflated = gunzip (data, length, FALSE, name, header, &n_bytes, &more, error);
      if (inflated == NULL)
        return NULL;
      bytes = inflated;
    }

  if (n_bytes < 4)
    {
      g_set_error (error, SW_TRAIN_ERROR, n_bytes == 0 ? SW_TRAIN_ERROR_EMPTY
                                                       : SW_TRAIN_ERROR_TRUNCATED,
                   n_bytes == 0 ? _("%s: the file is empty")
                                : _("%s: the file ends inside the IDX header"), name);
      return NULL;
    }

  magic = (guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8 | bytes[3];
  if (bytes[0] != 0 || bytes[1] != 0)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                   _("%s: not an IDX file (wrong magic number 0x%08X; %s starts with "
                     "0x%08X)"), name, magic, kind_for_dims (n_dims), 0x800u + n_dims);
      return NULL;
    }
  if (bytes[2] != IDX_TYPE_UBYTE)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                   _("%s: holds elements of type 0x%02X (magic number 0x%08X); MNIST files "
                     "hold unsigned bytes (0x08)"), name, bytes[2], magic);
      return NULL;
    }
  if (bytes[3] != n_dims)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                   _("%s: holds data of %u dimensions (magic number 0x%08X) but %s has %u "
                     "(magic number 0x%08X)"),
                   name, bytes[3], magic, kind_for_dims (n_dims), n_dims, 0x800u + n_dims);
      return NULL;
    }
  if (n_bytes < header)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_TRUNCATED,
                   _("%s: the file ends inside the IDX header"), name);
      return NULL;
    }

  for (guint i = 0; i < n_dims; i++)
    {
      const guint8 *p = bytes + 4 + 4 * i;

      dims[i] = (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
      if (dims[i] != 0 && expected > (SW_IDX_MAX_SIZE - header) / dims[i])
        {
          g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                       _("%s: the header announces more than %u MiB of data"), name,
                       (guint) (SW_IDX_MAX_SIZE >> 20));
          return NULL;
        }
      expected *= dims[i];
    }

  if (gzipped)
    {
      g_clear_pointer (&inflated, g_free);
      inflated = gunzip (data, length, owner != NULL, name, header + expected, &n_bytes, &more,
                         error);
      if (inflated == NULL)
        return NULL;
      bytes = inflated;
    }
  else
    more = n_bytes > header + expected;

  if (n_bytes < header + expected)
    {
      /* Sizes are formatted first: a msgid holding G_GSIZE_FORMAT cannot be translated. */
      g_autofree char *announced = g_strdup_printf ("%" G_GSIZE_FORMAT, expected);
      g_autofree char *held = g_strdup_printf ("%" G_GSIZE_FORMAT, n_bytes - header);

      if (n_dims == 3)
        g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_TRUNCATED,
                     _("%s: truncated: the header announces %u images of %u×%u pixels "
                       "(%s bytes of data) but the file holds %s"),
                     name, dims[0], dims[1], dims[2], announced, held);
      else
        g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_TRUNCATED,
                     _("%s: truncated: the header announces %s bytes of data but the file "
                       "holds %s"), name, announced, held);
      return NULL;
    }
  if (more)
    {
      g_autofree char *announced = g_strdup_printf ("%" G_GSIZE_FORMAT, expected);

      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                   _("%s: the file holds more data than its header announces (%s bytes)"),
                   name, announced);
      return NULL;
    }

  if (inflated != NULL)
    {
      /* Move the elements to the front rather than copy them: peak memory matters for
       * Fashion-MNIST. */
      memmove (inflated, inflated + header, expected);
      return g_bytes_new_take (g_realloc (g_steal_pointer (&inflated), MAX (expected, 1)),
                               expected);
    }
  if (owner != NULL)
    return g_bytes_new_from_bytes (owner, (bytes + header) - (const guint8 *)
                                          g_bytes_get_data (owner, NULL), expected);
  return g_bytes_new (bytes + header, expected);
}
