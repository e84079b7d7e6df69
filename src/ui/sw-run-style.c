/* sw-run-style.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "sw-painter.h"
#include "sw-run-style.h"

static GtkCssProvider *provider;

static void
append_color (GString       *css,
              const SwColor *color)
{
  g_string_append_printf (css, "rgba(%d,%d,%d,%.3f)", (int) (color->red * 255 + 0.5),
                          (int) (color->green * 255 + 0.5), (int) (color->blue * 255 + 0.5),
                          color->alpha);
}

/* Dark text on light badges, white on dark ones. */
static void
append_badge (GString       *css,
              const char    *selector,
              const SwColor *color)
{
  double luminance = 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;

  g_string_append_printf (css, "%s { background-color: ", selector);
  append_color (css, color);
  g_string_append_printf (css, "; color: %s; }\n", luminance > 0.6 ? "rgba(0,0,0,0.8)" : "white");
}

static void
reload (void)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const SwPalette *palette = dark ? sw_palette_get_dark () : sw_palette_get_light ();
  g_autoptr(GString) css = g_string_new (NULL);

  g_string_append (css,
                   ".sw-run-status { border-radius: 999px; padding: 2px 10px; "
                   "font-weight: bold; font-size: 0.9em; "
                   "background-color: alpha(currentColor, 0.12); }\n"
                   "label.sw-json { padding: 6px 10px; }\n"
                   "label.sw-json.error { color: @error_color; }\n"
                   ".sw-run-error { border-radius: 8px; padding: 8px 12px; "
                   "background-color: alpha(@error_color, 0.1); }\n"
                   ".sw-run-message { border-radius: 8px; padding: 6px 12px; "
                   "background-color: alpha(@warning_color, 0.15); }\n"
                   "sw-training-plot.card { padding: 0; }\n");
  append_badge (css, ".sw-run-status.sw-status-running", &palette->running);
  append_badge (css, ".sw-run-status.sw-status-succeeded", &palette->succeeded);
  append_badge (css, ".sw-run-status.sw-status-failed, .sw-run-status.sw-status-timed-out, "
                     ".sw-run-status.sw-status-lost", &palette->error);
  append_badge (css, ".sw-run-status.sw-status-aborted, .sw-run-status.sw-status-pending-redrive",
                &palette->cancelled);
  append_badge (css, ".sw-run-status.sw-status-caught", &palette->caught);
  /* The canvas legend: one dot per status, in the painter's overlay colours. */
  {
    const struct { const char *name; const SwColor *color; } dots[] = {
      { "running", &palette->running }, { "succeeded", &palette->succeeded },
      { "failed", &palette->error }, { "caught", &palette->caught },
      { "cancelled", &palette->cancelled },
    };

    for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
      {
        g_string_append_printf (css, ".sw-legend-dot.sw-status-%s { color: ", dots[i].name);
        append_color (css, dots[i].color);
        g_string_append (css, "; }\n");
      }
    g_string_append (css, ".sw-legend-dot { font-size: 1.2em; }\n");
  }
  g_string_append (css, "progressbar.sw-predicted > trough > progress { background-color: ");
  append_color (css, &palette->succeeded);
  g_string_append (css, "; }\n");
  gtk_css_provider_load_from_data (provider, css->str, (gssize) css->len);
}

void
sw_run_style_ensure (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (provider != NULL || display == NULL)
    return;
  provider = gtk_css_provider_new ();
  reload ();
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_signal_connect (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (reload), NULL);
}
