/* sw-layout-positions.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_LAYOUT_POSITIONS (sw_layout_positions_get_type ())
G_DECLARE_FINAL_TYPE (SwLayoutPositions, sw_layout_positions, SW, LAYOUT_POSITIONS, GObject)

SwLayoutPositions *sw_layout_positions_new            (void);
SwLayoutPositions *sw_layout_positions_copy           (SwLayoutPositions  *self);
SwLayoutPositions *sw_layout_positions_load           (const char         *path,
                                                       GError            **error);
SwLayoutPositions *sw_layout_positions_load_for_definition (const char    *definition_path,
                                                            GError       **error);
char              *sw_layout_positions_path_for_definition (const char    *definition_path);
SwLayoutPositions *sw_layout_positions_parse          (const char         *data,
                                                       gsize               length,
                                                       GError            **error);
char              *sw_layout_positions_to_data        (SwLayoutPositions  *self,
                                                       gsize              *length);
gboolean           sw_layout_positions_save           (SwLayoutPositions  *self,
                                                       const char         *path,
                                                       GError            **error);

guint              sw_layout_positions_get_size       (SwLayoutPositions  *self);
gboolean           sw_layout_positions_lookup         (SwLayoutPositions  *self,
                                                       const char         *name,
                                                       double             *x,
                                                       double             *y);
void               sw_layout_positions_set            (SwLayoutPositions  *self,
                                                       const char         *name,
                                                       double              x,
                                                       double              y);
gboolean           sw_layout_positions_remove         (SwLayoutPositions  *self,
                                                       const char         *name);
gboolean           sw_layout_positions_rename         (SwLayoutPositions  *self,
                                                       const char         *old_name,
                                                       const char         *new_name);

G_END_DECLS
