/* sw-idx-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-idx.h"

G_BEGIN_DECLS

GBytes *_sw_idx_decode_full (const guint8  *data,
                             gsize          length,
                             GBytes        *owner,
                             const char    *name,
                             guint          n_dims,
                             guint32       *dims,
                             GError       **error);

G_END_DECLS
