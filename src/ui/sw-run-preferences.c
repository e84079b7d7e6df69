/* sw-run-preferences.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-run-preferences.h"

/* Combo rows store the position; the keys hold a nick or a choice. */
static const char * const target_nicks[] = { "local", "aws", "endpoint", NULL };
static const char * const machine_types[] = { "STANDARD", "EXPRESS", NULL };

static gboolean
nick_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_strcmp0 (nicks[i], nick) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
nick_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[position]);
}

static GtkWidget *
combo_row (GSettings          *settings,
           const char         *key,
           const char         *title,
           const char         *subtitle,
           const char * const *labels,
           const char * const *nicks)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (gtk_string_list_new (labels)));
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_get_mapping, nick_set_mapping, (gpointer) nicks, NULL);
  gtk_widget_set_name (row, key);
  return row;
}

static GtkWidget *
entry_row (GSettings  *settings,
           const char *key,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_name (row, key);
  return row;
}

static GtkWidget *
spin_row (GSettings  *settings,
          const char *key,
          const char *title,
          const char *subtitle,
          double      min,
          double      max,
          double      step,
          guint       digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_widget_set_name (spin, key);
  return row;
}

/**
 * sw_run_preferences_page_new:
 * @settings: the application's settings
 *
 * Returns: (transfer floating): an #AdwPreferencesPage for an #AdwPreferencesWindow
 */
GtkWidget *
sw_run_preferences_page_new (GSettings *settings)
{
  const char *targets[] = { _("This computer (dry run)"), _("AWS"), _("Custom endpoint"), NULL };
  const char *types[] = { _("Standard"), _("Express"), NULL };
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Runs"));
  adw_preferences_page_set_icon_name (page, "media-playback-start-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Deploy and Run"));
  adw_preferences_group_add (group, combo_row (settings, "default-target", _("Default _Target"),
                                               _("Where Run goes in a new window"), targets,
                                               target_nicks));
  adw_preferences_group_add (group, entry_row (settings, "role-arn",
                                               _("Execution _Role ARN")));
  adw_preferences_group_add (group, combo_row (settings, "machine-type",
                                               _("State Machine T_ype"),
                                               _("The type of state machines Deploy creates"),
                                               types, machine_types));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("This Computer"));
  adw_preferences_group_set_description (group, _("Runs on the built-in local endpoint"));
  adw_preferences_group_add (group, entry_row (settings, "local-s3-root",
                                               _("Local _S3 Folder")));
  adw_preferences_group_add (group, spin_row (settings, "wait-scale", _("_Wait Scale"),
                                              _("Wait states last this fraction of their "
                                                "time"), 0, 1, 0.01, 2));
  adw_preferences_group_add (group, spin_row (settings, "trainer-threads",
                                              _("Trainer T_hreads"),
                                              _("Threads of local training jobs; 0: one per "
                                                "processor"), 0, 256, 1, 0));
  adw_preferences_page_add (page, group);
  return GTK_WIDGET (page);
}
