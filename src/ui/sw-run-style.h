/* sw-run-style.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs the monitor's CSS (status badges in the diagram painter's run colours, JSON
 * cards) on the default display, following the light or dark style. Idempotent. */
void sw_run_style_ensure (void);

G_END_DECLS
