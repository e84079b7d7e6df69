/* sw-application.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-application.h"
#include "sw-preferences-window.h"
#include "sw-window.h"

struct _SwApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  gboolean drafts_offered;
  GPtrArray *drafts;          /* the drafts found at start-up, before any window wrote one */
};

G_DEFINE_FINAL_TYPE (SwApplication, sw_application, ADW_TYPE_APPLICATION)

/* A window that shows an untouched new workflow is used before a new one is made, so that
 * opening a file on start-up does not leave an empty window behind.
 */
static SwWindow *
sw_application_get_empty_window (SwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SW_IS_WINDOW (window) &&
      sw_window_get_file (SW_WINDOW (window)) == NULL &&
      !sw_document_get_modified (sw_window_get_document (SW_WINDOW (window))) &&
      !sw_document_can_undo (sw_window_get_document (SW_WINDOW (window))) &&
      !sw_window_get_loading (SW_WINDOW (window)))
    return SW_WINDOW (window);

  return NULL;
}

/* Drafts left behind: the application ended without closing its windows (a crash). */
static GPtrArray *
list_drafts (void)
{
  g_autofree char *dir = sw_window_get_drafts_dir ();
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  return paths;
}

static void
offer_drafts (SwApplication *self,
              GtkWindow     *window)
{
  g_autoptr (GPtrArray) drafts = NULL;
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (self->drafts_offered)
    return;
  self->drafts_offered = TRUE;

  drafts = list_drafts ();
  if (drafts->len == 0 || !SW_IS_WINDOW (window))
    return;
  g_clear_pointer (&self->drafts, g_ptr_array_unref);
  self->drafts = g_ptr_array_ref (drafts);

  title = g_strdup_printf (ngettext ("Unsaved changes from %u workflow were kept after Stepwise "
                                     "stopped",
                                     "Unsaved changes from %u workflows were kept after "
                                     "Stepwise stopped", drafts->len), drafts->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Restore"));
  adw_toast_set_action_name (toast, "app.restore-drafts");
  adw_toast_set_timeout (toast, 0);
  sw_window_add_toast (SW_WINDOW (window), toast);
}

static void
sw_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sw_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
  offer_drafts (SW_APPLICATION (application), window);
}

static void
sw_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SwApplication *self = SW_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      SwWindow *window = sw_application_get_empty_window (self);

      if (window == NULL)
        window = sw_window_new (GTK_APPLICATION (self));

      sw_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
  offer_drafts (self, gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  SwApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (sw_window_new (GTK_APPLICATION (self))));
}

static void
restore_drafts_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SwApplication *self = user_data;
  g_autoptr (GPtrArray) drafts = g_steal_pointer (&self->drafts);

  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      const char *path = g_ptr_array_index (drafts, i);
      SwWindow *window = sw_application_get_empty_window (self);
      g_autoptr (GError) error = NULL;

      if (window == NULL)
        window = sw_window_new (GTK_APPLICATION (self));
      if (!sw_window_restore_draft (window, path, &error))
        {
          g_warning ("Could not restore %s: %s", path, error->message);
          continue;
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences = sw_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SwApplication *self = user_data;
  static const char *developers[] = { "The Stepwise Authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Stepwise"),
                         "application-icon", SW_APPLICATION_ID,
                         "developer-name", _("The Stepwise Authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Design, check and run AWS Step Functions workflows"),
                         "website", "https://github.com/stepwise/stepwise",
                         "issue-url", "https://github.com/stepwise/stepwise/issues",
                         "copyright", "© 2026 The Stepwise Authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SwApplication *self = user_data;
  g_autoptr (GList) windows = NULL;

  /* Closing, rather than quitting outright, lets each window save its state; the
   * application ends with its last window.
   */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { .name = "new-window", .activate = new_window_action },
  { .name = "restore-drafts", .activate = restore_drafts_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
color_scheme_changed_cb (GSettings  *settings,
                         const char *key,
                         gpointer    user_data)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  int scheme = g_settings_get_enum (settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[CLAMP (scheme, 0, 2)]);
}

static void
sw_application_startup (GApplication *application)
{
  SwApplication *self = SW_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-window", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.view::design", { "<Control>1", NULL } },
    { "win.view::code", { "<Control>2", NULL } },
    { "win.view::run", { "<Control>3", NULL } },
    { "win.run", { "<Control>r", NULL } },
    { "win.show-diagram", { "F9", NULL } },
    { "win.show-help-overlay", { "F1", "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (sw_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (SW_APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (SW_APPLICATION_ID);
  g_signal_connect (self->settings, "changed::color-scheme",
                    G_CALLBACK (color_scheme_changed_cb), self);
  color_scheme_changed_cb (self->settings, "color-scheme", self);
}

static void
sw_application_dispose (GObject *object)
{
  SwApplication *self = SW_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->drafts, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_application_parent_class)->dispose (object);
}

static void
sw_application_class_init (SwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sw_application_dispose;

  app_class->startup = sw_application_startup;
  app_class->activate = sw_application_activate;
  app_class->open = sw_application_open;
}

static void
sw_application_init (SwApplication *self)
{
}

/**
 * sw_application_new:
 *
 * Returns: (transfer full): the application
 */
SwApplication *
sw_application_new (void)
{
  return g_object_new (SW_TYPE_APPLICATION,
                       "application-id", SW_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/stepwise/Stepwise",
                       NULL);
}
