/* sw-idx.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SW_IDX_MAX_SIZE:
 *
 * The largest decoded IDX file accepted, in bytes (header included). Fashion-MNIST's training
 * images take 47 MB.
 */
#define SW_IDX_MAX_SIZE ((gsize) 1 << 30)

/**
 * SW_IDX_MAX_DIMS:
 *
 * The most dimensions an IDX file of the MNIST family has (images: count, rows, columns).
 */
#define SW_IDX_MAX_DIMS 3

GBytes *sw_idx_decode (const guint8  *data,
                       gsize          length,
                       const char    *name,
                       guint          n_dims,
                       guint32       *dims,
                       GError       **error);

G_END_DECLS
