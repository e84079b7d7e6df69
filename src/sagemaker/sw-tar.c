/* sw-tar.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* model.tar.gz as SageMaker writes it: a gzip-compressed POSIX ustar archive, which Python's
 * tarfile, GNU tar and the SageMaker inference containers read. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-inflate.h"
#include "sw-tar.h"

#define BLOCK 512

static void
put_octal (char   *field,
           gsize   width,
           guint64 value)
{
  /* width - 1 digits, then NUL, as ustar writers do */
  g_snprintf (field, width, "%0*" G_GINT64_MODIFIER "o", (int) (width - 1), value);
}

static GBytes *
gzip_bytes (const guint8 *data,
            gsize         length)
{
  g_autoptr(GZlibCompressor) compressor =
    g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream =
    g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL) ||
      !g_output_stream_close (stream, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/**
 * sw_tar_gz_new:
 * @member_name: the file's name in the archive (`model.pth`)
 * @contents: its bytes
 * @mtime: its modification time, seconds since the epoch
 *
 * Returns: (transfer full): a gzip-compressed ustar archive holding one regular file
 */
GBytes *
sw_tar_gz_new (const char *member_name,
               GBytes     *contents,
               gint64      mtime)
{
  gsize size = g_bytes_get_size (contents);
  gsize padded = (size + BLOCK - 1) / BLOCK * BLOCK;
  gsize total = BLOCK + padded + 2 * BLOCK;
  g_autofree guint8 *tar = g_malloc0 (total);
  char *header = (char *) tar;
  guint sum = 0;

  g_return_val_if_fail (member_name != NULL && strlen (member_name) < 100, NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  memcpy (header, member_name, strlen (member_name));
  put_octal (header + 100, 8, 0644);
  put_octal (header + 108, 8, 0);
  put_octal (header + 116, 8, 0);
  put_octal (header + 124, 12, size);
  put_octal (header + 136, 12, (guint64) MAX (mtime, 0));
  memset (header + 148, ' ', 8);
  header[156] = '0';
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);
  memcpy (header + 265, "root", 4);
  memcpy (header + 297, "root", 4);
  for (guint i = 0; i < BLOCK; i++)
    sum += (guint8) header[i];
  g_snprintf (header + 148, 8, "%06o", sum);
  header[155] = ' ';

  /* An empty GBytes may hold no data pointer at all, which memcpy() must not get. */
  if (size > 0)
    memcpy (tar + BLOCK, g_bytes_get_data (contents, NULL), size);
  return gzip_bytes (tar, total);
}

static guint64
parse_octal (const char *field,
             gsize       width)
{
  guint64 value = 0;

  for (gsize i = 0; i < width && field[i] != '\0'; i++)
    if (field[i] >= '0' && field[i] <= '7')
      value = value * 8 + (guint64) (field[i] - '0');
  return value;
}

/**
 * sw_tar_gz_extract:
 * @archive: a tar archive, gzip-compressed or not
 * @member_name: the file to find, with or without a leading `./`
 *
 * A compressed archive is refused (%G_IO_ERROR_NO_SPACE) when it decompresses to more than
 * %SW_TAR_MAX_SIZE, all members together.
 *
 * Returns: (transfer full) (nullable): the file's bytes
 */
GBytes *
sw_tar_gz_extract (GBytes      *archive,
                   const char  *member_name,
                   GError     **error)
{
  g_autoptr(GBytes) plain = NULL;
  const guint8 *data;
  gsize length, offset = 0;

  g_return_val_if_fail (archive != NULL, NULL);
  g_return_val_if_fail (member_name != NULL, NULL);

  data = g_bytes_get_data (archive, &length);
  if (length >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_bytes (archive);

      plain = sw_inflate (memory, G_ZLIB_COMPRESSOR_FORMAT_GZIP, SW_TAR_MAX_SIZE, error);
      if (plain == NULL)
        return NULL;
    }
  else
    plain = g_bytes_ref (archive);

  data = g_bytes_get_data (plain, &length);
  while (offset + BLOCK <= length)
    {
      const char *header = (const char *) data + offset;
      char name[256];
      guint64 size;
      const char *base;

      if (header[0] == '\0')
        break;
      size = parse_octal (header + 124, 12);
      if (memcmp (header + 257, "ustar", 5) == 0 && header[345] != '\0')
        g_snprintf (name, sizeof name, "%.155s/%.100s", header + 345, header);
      else
        g_snprintf (name, sizeof name, "%.100s", header);
      base = g_str_has_prefix (name, "./") ? name + 2 : name;
      offset += BLOCK;
      if (size > length - offset)
        break;
      if ((header[156] == '0' || header[156] == '\0') && strcmp (base, member_name) == 0)
        return g_bytes_new_from_bytes (plain, offset, size);
      offset += (size + BLOCK - 1) / BLOCK * BLOCK;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The archive holds no file named %s"), member_name);
  return NULL;
}
