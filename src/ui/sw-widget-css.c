/* sw-widget-css.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-widget-css.h"

void
sw_widget_css_install (GtkWidget  *widget,
                       const char *key,
                       const char *css)
{
  GQuark quark;
  GdkDisplay *display;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (key != NULL);
  g_return_if_fail (css != NULL);

  quark = g_quark_from_static_string (key);
  display = gtk_widget_get_display (widget);
  if (g_object_get_qdata (G_OBJECT (display), quark) == NULL)
    {
      GtkCssProvider *provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider, css, -1);
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_object_set_qdata_full (G_OBJECT (display), quark, provider, g_object_unref);
    }
}
