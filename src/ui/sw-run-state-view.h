/* sw-run-state-view.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-painter.h"
#include "sw-run-watch.h"
#include "sw-state.h"

G_BEGIN_DECLS

#define SW_TYPE_RUN_STATE_VIEW (sw_run_state_view_get_type ())
G_DECLARE_FINAL_TYPE (SwRunStateView, sw_run_state_view, SW, RUN_STATE_VIEW, GtkWidget)

/* A state of the run: its input and output from StateEntered/StateExited, the error if it
 * failed, and for JSONPath states the processing step by step; every visit (Map
 * iteration, loop) can be browsed. */
GtkWidget *sw_run_state_view_new          (void);
/* @state (nullable) gives the fields for the pipeline; @state_name picks the events. */
void       sw_run_state_view_show         (SwRunStateView *self,
                                           SwRunWatch     *watch,
                                           SwState        *state,
                                           const char     *state_name);
guint      sw_run_state_view_get_n_visits (SwRunStateView *self);
void       sw_run_state_view_set_visit    (SwRunStateView *self,
                                           guint           visit);
/* What is shown, for tests: "input", "output", "error", "cause", a step name, or for the
 * Parallel branch browsed "branch:STATE:input", ":output", ":error" and ":status". */
const char *sw_run_state_view_get_text    (SwRunStateView *self,
                                           const char     *part);
/* Parallel: the branches of the visit shown, each with its status; one is browsed. */
guint       sw_run_state_view_get_n_branches    (SwRunStateView *self);
SwRunStatus sw_run_state_view_get_branch_status (SwRunStateView *self,
                                                 guint           branch);
guint       sw_run_state_view_get_branch        (SwRunStateView *self);
void        sw_run_state_view_set_branch        (SwRunStateView *self,
                                                 guint           branch);

G_END_DECLS
