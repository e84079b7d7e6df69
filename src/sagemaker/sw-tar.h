/* sw-tar.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *sw_tar_gz_new       (const char  *member_name,
                             GBytes      *contents,
                             gint64       mtime);
GBytes *sw_tar_gz_extract   (GBytes      *archive,
                             const char  *member_name,
                             GError     **error);

G_END_DECLS
