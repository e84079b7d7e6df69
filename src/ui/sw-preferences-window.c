/* sw-preferences-window.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-preferences-window.h"
#include "sw-run-preferences.h"

#define SW_SETTINGS_SCHEMA "io.github.stepwise.Stepwise"

/**
 * SwPreferencesWindow:
 *
 * Style, drafts and the query language of new workflows, bound to GSettings.
 */
struct _SwPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;

  AdwComboRow *style_row;
  AdwComboRow *language_row;
  GtkSpinButton *autosave_spin;
};

G_DEFINE_FINAL_TYPE (SwPreferencesWindow, sw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const languages[] = { "JSONPath", "JSONata" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_strcmp0 (nick, "light") == 0 ? 1
                         : g_strcmp0 (nick, "dark") == 0 ? 2 : 0);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  static const char *const nicks[] = { "default", "light", "dark" };
  guint index = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (index, 2)]);
}

static gboolean
language_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "JSONata") == 0);
  return TRUE;
}

static GVariant *
language_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  return g_variant_new_string (languages[MIN (g_value_get_uint (value), 1)]);
}

static void
sw_preferences_window_dispose (GObject *object)
{
  SwPreferencesWindow *self = SW_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_preferences_window_parent_class)->dispose (object);
}

static void
sw_preferences_window_class_init (SwPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sw_preferences_window_dispose;
}

static void
sw_preferences_window_init (SwPreferencesWindow *self)
{
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GtkWidget *row;
  const char *styles[] = { _("Follow System"), _("Light"), _("Dark"), NULL };

  self->settings = g_settings_new (SW_SETTINGS_SCHEMA);
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 460);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Appearance"));
  self->style_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->style_row), _("_Style"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->style_row), TRUE);
  adw_combo_row_set_model (self->style_row, G_LIST_MODEL (gtk_string_list_new (styles)));
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_get_mapping, style_set_mapping,
                                NULL, NULL);
  adw_preferences_group_add (group, GTK_WIDGET (self->style_row));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Editing"));

  self->language_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language_row),
                                 _("Default _Query Language"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->language_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->language_row),
                               _("The language of paths and expressions in new workflows"));
  adw_combo_row_set_model (self->language_row,
                           G_LIST_MODEL (gtk_string_list_new ((const char *const *) languages)));
  g_settings_bind_with_mapping (self->settings, "default-query-language", self->language_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, language_get_mapping,
                                language_set_mapping, NULL, NULL);
  adw_preferences_group_add (group, GTK_WIDGET (self->language_row));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Draft Interval"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Seconds between drafts of unsaved changes, restored after a "
                                 "crash; 0 turns drafts off"));
  self->autosave_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 3600, 5));
  gtk_widget_set_valign (GTK_WIDGET (self->autosave_spin), GTK_ALIGN_CENTER);
  g_settings_bind (self->settings, "autosave-interval", self->autosave_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->autosave_spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->autosave_spin));
  adw_preferences_group_add (group, row);
  adw_preferences_page_add (page, group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (sw_run_preferences_page_new (self->settings)));
}

/**
 * sw_preferences_window_new:
 *
 * Returns: (transfer none): a new preferences window
 */
GtkWidget *
sw_preferences_window_new (void)
{
  return g_object_new (SW_TYPE_PREFERENCES_WINDOW, NULL);
}
