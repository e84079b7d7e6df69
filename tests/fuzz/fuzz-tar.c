/* fuzz-tar.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the reader of model.tar.gz (src/sagemaker): archives that training
 * jobs, S3 objects of the local S3 root and users hand to the endpoint. The input is the
 * archive, gzip-compressed or not, searched for model.pth and for ./model.pth.
 *
 *   a member found lies inside the decompressed archive (AddressSanitizer watches reading
 *   it); a miss is an error with a message, never both or neither; an archive written by
 *   sw_tar_gz_new() around the input gives the input back.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <gio/gio.h>

#include "sw-tar.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

static void
extract (GBytes     *archive,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) member = sw_tar_gz_extract (archive, name, &error);

  if ((member == NULL) == (error == NULL))
    sw_fuzz_fail ("a member and an error, or neither", NULL);
  if (error != NULL && (error->message == NULL || *error->message == '\0'))
    sw_fuzz_fail ("an error without a message", NULL);
  if (member != NULL)
    {
      gsize size;
      const guint8 *bytes = g_bytes_get_data (member, &size);
      guint sum = 0;

      for (gsize i = 0; i < size; i++)
        sum += bytes[i];
      (void) sum;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) back = NULL;

  extract (input, "model.pth");
  extract (input, "dir/model.pth");

  archive = sw_tar_gz_new ("model.pth", input, 1767225600);
  back = sw_tar_gz_extract (archive, "model.pth", NULL);
  if (back == NULL || !g_bytes_equal (back, input))
    sw_fuzz_fail ("an archive we wrote does not give its member back", NULL);
  return 0;
}
