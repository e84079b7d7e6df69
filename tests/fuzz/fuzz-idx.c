/* fuzz-idx.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the IDX reader of src/train. The first byte picks what the rest is:
 *
 *   0  an image file (3 dimensions), as given: plain, or gzip when it starts 1f 8b
 *   1  a label file (1 dimension), as given
 *   2  an image file, gzipped here first, so the fuzzer explores IDX behind valid gzip
 *   3  an image file and a label file for a whole data set, split at the offset in the next
 *      two bytes
 *
 * A decoded file must hold exactly the elements its header announces; decoding the header and
 * the elements written back must give the same. A set must hold 28×28 images and labels 0–9.
 * A failure must come with a message. Anything else aborts. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <glib.h>

#include "sw-dataset.h"
#include "sw-idx.h"
#include "sw-train-error.h"
#include "sw-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sw_fuzz_init ();
  return 0;
}

static void
fail (const char *what)
{
  fprintf (stderr, "fuzz-idx: %s\n", what);
  abort ();
}

static void
check_error (GError *error)
{
  if (error == NULL || error->message == NULL || error->message[0] == '\0')
    fail ("a failure without a message");
  if (error->domain != SW_TRAIN_ERROR)
    fail ("a failure outside SW_TRAIN_ERROR");
  if (strstr (error->message, "fuzz.idx") == NULL)
    fail ("a message that does not name the file");
}

static void
decode (const guint8 *data,
        gsize         size,
        guint         n_dims)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) elements = NULL;
  guint32 dims[3] = { 0 };
  gsize expected = 1;

  elements = sw_idx_decode (data, size, "fuzz.idx", n_dims, dims, &error);
  if (elements == NULL)
    {
      check_error (error);
      return;
    }
  for (guint i = 0; i < n_dims; i++)
    expected *= dims[i];
  if (g_bytes_get_size (elements) != expected)
    fail ("the elements do not match the header");

  /* Written back as plain IDX, the file must read the same. */
  {
    g_autoptr(GByteArray) again = g_byte_array_new ();
    g_autoptr(GBytes) elements2 = NULL;
    guint8 magic[4] = { 0, 0, 8, n_dims };
    guint32 dims2[3] = { 0 };

    g_byte_array_append (again, magic, 4);
    for (guint i = 0; i < n_dims; i++)
      {
        guint32 be = GUINT32_TO_BE (dims[i]);

        g_byte_array_append (again, (const guint8 *) &be, 4);
      }
    g_byte_array_append (again, g_bytes_get_data (elements, NULL), expected);
    elements2 = sw_idx_decode (again->data, again->len, "fuzz.idx", n_dims, dims2, NULL);
    if (elements2 == NULL || !g_bytes_equal (elements, elements2)
        || memcmp (dims, dims2, sizeof dims) != 0)
      fail ("a decoded file does not read back the same");
  }
}

static void
decode_gzipped (const guint8 *data,
                gsize         size)
{
  uLongf bound = compressBound (size) + 32;
  g_autofree guint8 *gz = g_malloc (bound);
  z_stream zs = { 0 };

  if (deflateInit2 (&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    fail ("deflateInit2");
  zs.next_in = (Bytef *) data;
  zs.avail_in = size;
  zs.next_out = gz;
  zs.avail_out = bound;
  if (deflate (&zs, Z_FINISH) != Z_STREAM_END)
    fail ("deflate");
  decode (gz, zs.total_out, 3);
  deflateEnd (&zs);
}

static void
load_set (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) set = NULL;
  gsize split;

  if (size < 2)
    return;
  split = MIN ((gsize) (data[0] << 8 | data[1]), size - 2);
  set = sw_dataset_new_from_idx (data + 2, split, "images-fuzz.idx",
                                 data + 2 + split, size - 2 - split, "labels-fuzz.idx", &error);
  if (set == NULL)
    {
      check_error (error);
      return;
    }
  if (sw_dataset_get_size (set) == 0)
    fail ("an empty set was accepted");
  for (guint i = 0; i < sw_dataset_get_size (set); i++)
    if (sw_dataset_get_label (set, i) > 9)
      fail ("a label above 9 was accepted");
  /* Every pixel can be read (AddressSanitizer watches). */
  {
    const guint8 *last = sw_dataset_get_image (set, sw_dataset_get_size (set) - 1);
    guint sum = 0;

    for (guint p = 0; p < SW_DATASET_IMAGE_SIZE * SW_DATASET_IMAGE_SIZE; p++)
      sum += last[p];
    if (sum > 255u * SW_DATASET_IMAGE_SIZE * SW_DATASET_IMAGE_SIZE)
      fail ("impossible pixel sum");
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size < 1)
    return 0;

  switch (data[0] % 4)
    {
    case 0:
      decode (data + 1, size - 1, 3);
      break;
    case 1:
      decode (data + 1, size - 1, 1);
      break;
    case 2:
      decode_gzipped (data + 1, size - 1);
      break;
    default:
      load_set (data + 1, size - 1);
      break;
    }
  return 0;
}
