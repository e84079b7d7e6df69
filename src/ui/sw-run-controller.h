/* sw-run-controller.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-target.h"

G_BEGIN_DECLS

#define SW_TYPE_RUN_CONTROLLER (sw_run_controller_get_type ())
G_DECLARE_FINAL_TYPE (SwRunController, sw_run_controller, SW, RUN_CONTROLLER, GObject)

/* Deploy (create or update by name) and start, through the target's client: one code
 * path for every target. GTK-free; the dialogs are in sw-run-dialogs.c. Property:
 * "target". */
SwRunController *sw_run_controller_new                 (SwTarget            *target);
SwTarget        *sw_run_controller_get_target          (SwRunController     *self);
void             sw_run_controller_set_target          (SwRunController     *self,
                                                        SwTarget            *target);

/* Validates on the service (ValidateStateMachineDefinition when it has it), then updates
 * the state machine named @name or creates it. @role_arn may be NULL on a local target.
 * @type: "STANDARD" or "EXPRESS" (NULL: STANDARD). */
void             sw_run_controller_deploy_async        (SwRunController     *self,
                                                        const char          *name,
                                                        const char          *definition,
                                                        const char          *role_arn,
                                                        const char          *type,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Returns the state machine ARN. On an invalid definition: G_IO_ERROR_INVALID_DATA and
 * @diagnostics (SwDiagnostic *, with JSON pointers from the service's locations) for the
 * canvas. */
char            *sw_run_controller_deploy_finish       (SwRunController     *self,
                                                        GAsyncResult        *result,
                                                        GPtrArray          **diagnostics,
                                                        GError             **error);
/* StartExecution of the last deployed state machine (or @state_machine_arn). */
void             sw_run_controller_start_async         (SwRunController     *self,
                                                        const char          *state_machine_arn,
                                                        const char          *input,
                                                        const char          *execution_name,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Returns the execution ARN. */
char            *sw_run_controller_start_finish        (SwRunController     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

const char      *sw_run_controller_get_state_machine_arn (SwRunController   *self);
/* The input of the last run started, or NULL. */
const char      *sw_run_controller_get_last_input      (SwRunController     *self);
/* The input to offer: the last run's, else data/examples/NAME.input.json beside
 * @definition_path (nullable), else "{}". */
char            *sw_run_controller_dup_default_input   (SwRunController     *self,
                                                        const char          *definition_path);

G_END_DECLS
