/* sw-inspector.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-document.h"

G_BEGIN_DECLS

/*
 * SwInspector: the right-hand panel. It edits the document's single selected state (tabs
 * Configuration, Input/Output, Error handling and a type-specific one: Choice rules, Wait,
 * Map or Parallel) or, with nothing selected, the machine. Every edit is one call of the
 * model's editing API, so one undo step; a text field commits when activated or left, and
 * invalid input is shown under the field without touching the model.
 *
 * Actions (group "inspector"): add-item (s: "Retry", "Catch", "Choices"), remove-item
 * (s: pointer such as "/Retry/1"), move-item ((si): pointer, +1/-1), add-condition (s: pointer
 * of an And/Or rule), add-branch.
 */

#define SW_TYPE_INSPECTOR (sw_inspector_get_type ())
G_DECLARE_FINAL_TYPE (SwInspector, sw_inspector, SW, INSPECTOR, GtkWidget)

GtkWidget  *sw_inspector_new           (SwDocument  *document);
SwDocument *sw_inspector_get_document  (SwInspector *self);
/* Selects the state @json_pointer (a diagnostic's, from the definition's root) lies in, shows
 * the tab of the field editing it (or the nearest enclosing one), scrolls to it and focuses
 * it; in a JSON editor the cursor goes to the member. FALSE when no field edits it. */
gboolean    sw_inspector_focus_pointer (SwInspector *self,
                                        const char  *json_pointer);
/* The tab shown: "configuration", "input-output", "error-handling", "type", or "machine"
 * when the machine is edited. */
const char *sw_inspector_get_visible_tab (SwInspector *self);

G_END_DECLS
