/* sw-diagram-error.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-diagram-error.h"

G_DEFINE_QUARK (sw-diagram-error-quark, sw_diagram_error)
