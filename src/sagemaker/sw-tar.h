/* sw-tar.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SW_TAR_MAX_SIZE:
 *
 * The most a model.tar.gz may decompress to, all its members together: 256 MiB. The
 * models the local trainer makes take well under 1 MiB; the limit keeps a small crafted
 * archive (a "gzip bomb") from taking gigabytes of memory.
 */
#define SW_TAR_MAX_SIZE (256 * 1024 * 1024)

GBytes *sw_tar_gz_new       (const char  *member_name,
                             GBytes      *contents,
                             gint64       mtime);
GBytes *sw_tar_gz_extract   (GBytes      *archive,
                             const char  *member_name,
                             GError     **error);

G_END_DECLS
