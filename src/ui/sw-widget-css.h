/* sw-widget-css.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Installs @css once per display of @widget (remembered under @key, a static string), so a
 * widget's own look travels with it: tests and other windows have no app CSS. Call from the
 * widget's realize. */
void sw_widget_css_install (GtkWidget  *widget,
                            const char *key,
                            const char *css);

G_END_DECLS
