/* fuzz-local-s3.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the S3 URIs of src/sagemaker's local S3 root (S3Uri, ModelDataUrl,
 * S3OutputPath… in task parameters, that is in execution input): s3://BUCKET/KEY stands
 * for ROOT/BUCKET/KEY.
 *
 *   a URI is taken or refused with a message, never both or neither; a URI taken maps to
 *   a path that, once `.` and `..` are resolved, stays inside the root; its bucket is not
 *   empty and holds no `/`.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <gio/gio.h>

#include "sw-local-s3.h"
#include "sw-fuzz.h"

#define ROOT "/srv/s3-root"

SW_FUZZ_DEFINE_INITIALIZE ()

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *uri = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  gboolean taken;

  if (size > 1024)
    return 0;
  taken = sw_local_s3_parse_uri (uri, &bucket, &key, &error);
  if (taken == (error != NULL))
    sw_fuzz_fail ("taken with an error, or refused without one", uri);
  if (!taken)
    {
      if (error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal without a message", uri);
      return 0;
    }
  if (bucket == NULL || *bucket == '\0' || strchr (bucket, '/') != NULL || key == NULL)
    sw_fuzz_fail ("a URI taken with a bad bucket or no key", uri);

  path = sw_local_s3_path (ROOT, uri, NULL);
  if (path == NULL)
    sw_fuzz_fail ("a URI parse_uri takes has no path", uri);
  {
    g_autofree char *canonical = g_canonicalize_filename (path, "/");

    if (!g_str_has_prefix (canonical, ROOT "/") || strlen (canonical) <= strlen (ROOT "/"))
      sw_fuzz_fail ("a URI leaves the root or names the root itself", canonical);
  }
  return 0;
}
