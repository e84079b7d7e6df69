/* sw-run-header.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-run-watch.h"

G_BEGIN_DECLS

#define SW_TYPE_RUN_HEADER (sw_run_header_get_type ())
G_DECLARE_FINAL_TYPE (SwRunHeader, sw_run_header, SW, RUN_HEADER, GtkWidget)

/* The execution header: status, name, start and stop time, duration, error and cause,
 * input and output, and Stop (the "run.stop" action of an ancestor). */
GtkWidget  *sw_run_header_new         (void);
void        sw_run_header_update      (SwRunHeader *self,
                                       SwRunWatch  *watch);
/* The status as shown ("Running", "Succeeded", …). */
const char *sw_run_header_get_status_text (SwRunHeader *self);
const char *sw_run_header_get_error_text  (SwRunHeader *self);

G_END_DECLS
