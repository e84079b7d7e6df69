/* sw-run-preferences.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The "Runs" page of the preferences: default target, execution role, state machine type,
 * and for runs on this computer the S3 folder, the wait scale and the trainer threads, each
 * bound to its key of @settings (the application's schema). */
GtkWidget *sw_run_preferences_page_new (GSettings *settings);

G_END_DECLS
