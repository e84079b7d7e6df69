/* sw-target-picker.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-target.h"

G_BEGIN_DECLS

#define SW_TYPE_TARGET_PICKER (sw_target_picker_get_type ())
G_DECLARE_FINAL_TYPE (SwTargetPicker, sw_target_picker, SW, TARGET_PICKER, GtkWidget)

/* The header bar's target menu: this computer, each AWS profile/region, a custom
 * endpoint URL. The choice is remembered in GSettings (default-target, aws-profile,
 * aws-region, endpoint-url). Property "target" (SwTarget, notify on change). */
GtkWidget  *sw_target_picker_new          (void);
SwTarget   *sw_target_picker_get_target   (SwTargetPicker *self);
void        sw_target_picker_set_target   (SwTargetPicker *self,
                                           SwTarget       *target);
/* SwTarget items offered. */
GListModel *sw_target_picker_get_targets  (SwTargetPicker *self);
/* Adds (or finds) the endpoint URL target and selects it. */
SwTarget   *sw_target_picker_add_endpoint (SwTargetPicker *self,
                                           const char     *url);

G_END_DECLS
