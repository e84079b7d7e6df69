/* sw-train-error.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-train-error.h"

G_DEFINE_QUARK (sw-train-error-quark, sw_train_error)
