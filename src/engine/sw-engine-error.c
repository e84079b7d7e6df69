/* sw-engine-error.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-engine-error.h"

G_DEFINE_QUARK (sw-engine-error-quark, sw_engine_error)
