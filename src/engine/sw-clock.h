/* sw-clock.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_CLOCK (sw_clock_get_type ())

G_DECLARE_FINAL_TYPE (SwClock, sw_clock, SW, CLOCK, GObject)

SwClock  *sw_clock_new               (void);
SwClock  *sw_clock_new_fake          (gint64   start_ms);

gboolean  sw_clock_is_fake           (SwClock *self);
gint64    sw_clock_get_now_ms        (SwClock *self);
gint64    sw_clock_get_monotonic_ms  (SwClock *self);
void      sw_clock_advance           (SwClock *self,
                                      gint64   ms);

G_END_DECLS
