/* sw-asl-error.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-asl-error.h"

G_DEFINE_QUARK (sw-asl-error-quark, sw_asl_error)
