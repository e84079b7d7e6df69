/* sw-application.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-application.h"
#include "sw-window.h"

struct _SwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SwApplication, sw_application, ADW_TYPE_APPLICATION)

/* A window that shows nothing yet is used before a new one is made, so that opening a file
 * from the welcome page, or on start-up, does not leave an empty window behind.
 */
static SwWindow *
sw_application_get_empty_window (SwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SW_IS_WINDOW (window) &&
      sw_window_get_file (SW_WINDOW (window)) == NULL &&
      !sw_window_get_loading (SW_WINDOW (window)))
    return SW_WINDOW (window);

  return NULL;
}

static void
sw_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sw_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
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
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr (SwApplication) self = user_data;
  g_autoptr (GFile) file = NULL;
  GtkWindow *window;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  /* The file replaces what the window that asked for it shows. */
  window = gtk_native_dialog_get_transient_for (dialog);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL)
    return;

  if (!SW_IS_WINDOW (window))
    window = GTK_WINDOW (sw_window_new (GTK_APPLICATION (self)));

  sw_window_open (SW_WINDOW (window), file);
  gtk_window_present (window);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr (GtkFileFilter) machines = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open State Machine"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (machines, _("State Machines"));
  gtk_file_filter_add_mime_type (machines, "application/json");
  gtk_file_filter_add_mime_type (machines, "application/yaml");
  gtk_file_filter_add_suffix (machines, "json");
  gtk_file_filter_add_suffix (machines, "yaml");
  gtk_file_filter_add_suffix (machines, "yml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), machines);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  if (SW_IS_WINDOW (parent) && sw_window_get_file (SW_WINDOW (parent)) != NULL)
    {
      g_autoptr (GFile) folder = g_file_get_parent (sw_window_get_file (SW_WINDOW (parent)));

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
  { .name = "open", .activate = open_action },
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
sw_application_startup (GApplication *application)
{
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (sw_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (SW_APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.open",
                                         open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close",
                                         close_accels);
}

static void
sw_application_class_init (SwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

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
