/* sw-local-s3.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SW_LOCAL_S3_EXAMPLES_URI:
 *
 * Where a fresh local S3 root publishes the embedded MNIST sample (under `data/`).
 */
#define SW_LOCAL_S3_EXAMPLES_URI "s3://stepwise-examples/mnist/"

gboolean  sw_local_s3_parse_uri    (const char  *uri,
                                    char       **bucket,
                                    char       **key,
                                    GError     **error);
char     *sw_local_s3_path         (const char  *root,
                                    const char  *uri,
                                    GError     **error);
char     *sw_local_s3_default_root (void);
gboolean  sw_local_s3_seed         (const char  *root,
                                    GError     **error);

G_END_DECLS
