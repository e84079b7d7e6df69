/* sw-validation-panel.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-document.h"

G_BEGIN_DECLS

#define SW_TYPE_VALIDATION_PANEL (sw_validation_panel_get_type ())
G_DECLARE_FINAL_TYPE (SwValidationPanel, sw_validation_panel, SW, VALIDATION_PANEL, GtkWidget)

/* Signal "diagnostic-activated" (const SwDiagnostic *diagnostic): a row was activated. */
GtkWidget *sw_validation_panel_new      (SwDocument        *document);
guint      sw_validation_panel_get_n_rows (SwValidationPanel *self);
void       sw_validation_panel_activate (SwValidationPanel *self,
                                         guint              index);

G_END_DECLS
