/* sw-value-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-value.h"

G_BEGIN_DECLS

/* Takes @text, which may hold U+0000, so its length is given. */
SwValue *_sw_value_new_string_len (char *text,
                                   gsize length);

G_END_DECLS
