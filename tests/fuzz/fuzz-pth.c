/* fuzz-pth.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the model.pth reader of src/train (a zip holding a pickle and raw
 * tensors): files users download, train elsewhere or take from an S3 object.
 *
 *   a file is read into a network or refused with an SW_TRAIN_ERROR whose message names
 *   the file, never both or neither; a network read writes out as model.pth and reads back
 *   with the same parameters, bit for bit.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-net.h"
#include "sw-pth.h"
#include "sw-train-error.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  SwNet *net;

  net = sw_pth_load_from_data (data, size, "fuzz.pth", &error);
  if ((net == NULL) == (error == NULL))
    sw_fuzz_fail ("a network and an error, or neither", NULL);
  if (net == NULL)
    {
      if (error->domain != SW_TRAIN_ERROR || error->message == NULL ||
          strstr (error->message, "fuzz.pth") == NULL)
        sw_fuzz_fail ("a refusal outside SW_TRAIN_ERROR or that does not name the file", NULL);
      return 0;
    }

  {
    g_autoptr(GBytes) saved = sw_pth_save_to_bytes (net);
    gsize length;
    const guint8 *bytes = g_bytes_get_data (saved, &length);
    SwNet *again = sw_pth_load_from_data (bytes, length, "again.pth", NULL);

    if (again == NULL)
      sw_fuzz_fail ("a network we wrote does not read back", NULL);
    if (memcmp (sw_net_get_params (net), sw_net_get_params (again),
                SW_NET_N_PARAMS * sizeof (float)) != 0)
      sw_fuzz_fail ("a network we wrote reads back different", NULL);
    sw_net_unref (again);
  }
  sw_net_unref (net);
  return 0;
}
