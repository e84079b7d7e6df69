/* sw-pth.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sw-net.h"

G_BEGIN_DECLS

GBytes  *sw_pth_save_to_bytes  (const SwNet   *net);
gboolean sw_pth_save           (const SwNet   *net,
                                const char    *path,
                                GError       **error);
SwNet   *sw_pth_load_from_data (const guint8  *data,
                                gsize          length,
                                const char    *name,
                                GError       **error);
SwNet   *sw_pth_load           (const char    *path,
                                GError       **error);

G_END_DECLS
