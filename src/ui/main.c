/* main.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <locale.h>

#include "sw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (SwApplication) app = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Stepwise"));

  /* Without its settings schema GSettings would abort; say what to do instead. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            SW_APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("Stepwise cannot start: the settings schema %s is not installed.\n"
                    "Install Stepwise, or run it from a build directory with "
                    "“meson devenv -C BUILDDIR stepwise”.\n"), SW_APPLICATION_ID);
      return 1;
    }

  app = sw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
