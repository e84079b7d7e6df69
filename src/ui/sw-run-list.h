/* sw-run-list.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-sfn-client.h"

G_BEGIN_DECLS

#define SW_TYPE_RUN_LIST (sw_run_list_get_type ())
G_DECLARE_FINAL_TYPE (SwRunList, sw_run_list, SW, RUN_LIST, GtkWidget)

/* The runs of one state machine on the current target (ListExecutions, newest first).
 * Signals: "run-activated" (const char *execution ARN), "error" (const GError *). */
GtkWidget *sw_run_list_new        (void);
void       sw_run_list_load       (SwRunList   *self,
                                   SwSfnClient *client,
                                   const char  *state_machine_arn);
void       sw_run_list_reload     (SwRunList   *self);
guint      sw_run_list_get_n_runs (SwRunList   *self);
/* The execution ARN of the @index-th row (newest first), or NULL. */
const char *sw_run_list_get_arn   (SwRunList   *self,
                                   guint        index);
/* Activates the @index-th row as a click would. */
void       sw_run_list_activate   (SwRunList   *self,
                                   guint        index);

G_END_DECLS
