/* sw-inflate.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SW_INFLATE_MAX_ITEM_READER:
 *
 * The most a gzip-compressed ItemReader object (an S3 inventory data file, a CSV or JSON
 * list) may decompress to: 256 MiB. Distributed Map reads item sources up to 10 GB on AWS,
 * but the local executor holds them in memory.
 */
#define SW_INFLATE_MAX_ITEM_READER (256 * 1024 * 1024)

GBytes *sw_inflate (GInputStream           *compressed,
                    GZlibCompressorFormat   format,
                    gsize                   limit,
                    GError                **error);

G_END_DECLS
