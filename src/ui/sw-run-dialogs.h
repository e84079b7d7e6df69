/* sw-run-dialogs.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-run-controller.h"

G_BEGIN_DECLS

/* Deploy, then Run: asks once per target for the state machine's name and role (on AWS
 * and custom endpoints; defaults from the role-arn and machine-type settings), deploys,
 * then asks for the input (prefilled from the last run or NAME.input.json beside the
 * definition) and an optional execution name, and starts. Returns the execution ARN; on
 * an invalid definition G_IO_ERROR_INVALID_DATA with the service's diagnostics for the
 * canvas; G_IO_ERROR_CANCELLED when the user cancels. */
void       sw_run_dialogs_deploy_and_run        (SwRunController     *controller,
                                                 GtkWindow           *parent,
                                                 const char          *name_hint,
                                                 const char          *definition,
                                                 const char          *definition_path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char      *sw_run_dialogs_deploy_and_run_finish (SwRunController     *controller,
                                                 GAsyncResult        *result,
                                                 GPtrArray          **diagnostics,
                                                 GError             **error);
/* The dialog waiting for an answer, if any (tests answer it). */
GtkWidget *sw_run_dialogs_get_open_dialog       (SwRunController     *controller);
/* Fills a field of the open dialog: "name", "role", "input", "execution-name". */
void       sw_run_dialogs_set_field             (GtkWidget           *dialog,
                                                 const char          *field,
                                                 const char          *text);
/* What a field of the open dialog holds (tests check what is prefilled). */
char      *sw_run_dialogs_dup_field             (GtkWidget           *dialog,
                                                 const char          *field);

G_END_DECLS
