/* sw-application.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SW_APPLICATION_ID "io.github.stepwise.Stepwise"

#define SW_TYPE_APPLICATION (sw_application_get_type ())

G_DECLARE_FINAL_TYPE (SwApplication, sw_application, SW, APPLICATION, AdwApplication)

SwApplication *sw_application_new (void);

G_END_DECLS
