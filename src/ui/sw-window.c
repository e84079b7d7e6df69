/* sw-window.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-definition.h"
#include "sw-validator.h"
#include "sw-window.h"

#define SW_WINDOW_SCHEMA_ID "io.github.stepwise.Stepwise"
#define MAX_RECENT_FILES 10

struct _SwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GFile                *file;
  GCancellable         *cancellable;
  guint                 loading : 1;

  /* Template children */
  AdwWindowTitle       *window_title;
  GtkSpinner           *spinner;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *valid_page;
  GtkLabel             *problems_title;
  GtkLabel             *problems_description;
  GtkListBox           *problems_list;
};

G_DEFINE_FINAL_TYPE (SwWindow, sw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the worker thread hands back: the findings, and whether the text could be read as a
 * document at all (when not, the one finding is the reader's error).
 */
typedef struct
{
  GPtrArray *diagnostics;
  gboolean   readable;
} CheckResult;

static void
check_result_free (CheckResult *result)
{
  g_clear_pointer (&result->diagnostics, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckResult, check_result_free)

typedef struct
{
  GBytes             *bytes;
  SwDefinitionFormat  format;
} CheckInput;

static void
check_input_free (CheckInput *input)
{
  g_bytes_unref (input->bytes);
  g_free (input);
}

/* Runs in a worker thread: it touches only the input it was given. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckInput *input = task_data;
  g_autoptr (CheckResult) result = g_new0 (CheckResult, 1);
  g_autoptr (SwValue) root = NULL;
  g_autoptr (SwDiagnostic) parse_error = NULL;
  const char *data;
  gsize length;

  data = g_bytes_get_data (input->bytes, &length);
  root = sw_definition_parse (data, length, input->format, &parse_error);

  if (root == NULL)
    {
      result->readable = FALSE;
      result->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
      g_ptr_array_add (result->diagnostics, g_steal_pointer (&parse_error));
    }
  else
    {
      result->readable = TRUE;
      result->diagnostics = sw_validate (root);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) check_result_free);
}

static char *
dup_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);
  g_autofree char *basename = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);

  basename = g_file_get_basename (file);
  return g_filename_display_name (basename != NULL ? basename : "");
}

static char *
dup_display_folder (GFile *file)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autoptr (GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return NULL;

  if (g_file_equal (parent, home))
    return g_strdup ("~");

  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    {
      g_autofree char *display = g_filename_display_name (relative);

      return g_build_filename ("~", display, NULL);
    }

  return g_file_get_parse_name (parent);
}

static void
sw_window_set_loading (SwWindow *self,
                       gboolean  loading)
{
  loading = !!loading;

  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
sw_window_add_recent (SwWindow *self,
                      GFile    *file)
{
  g_auto (GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *uri = g_file_get_uri (file);
  g_auto (GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_FILES; i++)
    {
      if (g_strcmp0 (old[i], uri) != 0)
        {
          g_strv_builder_add (builder, old[i]);
          n++;
        }
    }

  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) recent);
}

static void
sw_window_set_file (SwWindow *self,
                    GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;

  if (!g_set_object (&self->file, file))
    return;

  name = dup_display_name (file);
  folder = dup_display_folder (file);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, folder);
  gtk_window_set_title (GTK_WINDOW (self), name);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

static GtkWidget *
create_diagnostic_row (const SwDiagnostic *diagnostic)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *subtitle = NULL;
  gboolean is_error = diagnostic->severity == SW_SEVERITY_ERROR;

  if (diagnostic->line > 0)
    /* Translators: the position of a problem in the file, then the code of the rule */
    subtitle = g_strdup_printf (_("line %u, column %u · %s"),
                                diagnostic->line, diagnostic->column, diagnostic->code);
  else
    subtitle = g_strdup (diagnostic->code);

  /* Messages quote the author's text, which must never be read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), diagnostic->message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);

  icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic"
                                                : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, is_error ? "error" : "warning");
  gtk_widget_set_tooltip_text (icon, is_error ? _("Error") : _("Warning"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_error ? _("Error") : _("Warning"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
sw_window_show_result (SwWindow          *self,
                       const CheckResult *result)
{
  GtkWidget *child;
  guint n_errors = 0;
  guint n_problems = result->diagnostics->len;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  if (n_problems == 0)
    {
      g_autofree char *name = dup_display_name (self->file);
      g_autofree char *description = NULL;

      /* Translators: the placeholder is a file name */
      description = g_strdup_printf (_("“%s” is a valid state machine"), name);
      adw_status_page_set_description (self->valid_page, description);
      gtk_stack_set_visible_child_name (self->stack, "valid");
      return;
    }

  for (guint i = 0; i < n_problems; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (result->diagnostics, i);

      if (diagnostic->severity == SW_SEVERITY_ERROR)
        n_errors++;
      gtk_list_box_append (self->problems_list, create_diagnostic_row (diagnostic));
    }

  title = g_strdup_printf (ngettext ("%u Problem", "%u Problems", n_problems), n_problems);
  gtk_label_set_label (self->problems_title, title);

  if (!result->readable)
    gtk_label_set_label (self->problems_description,
                         _("Stepwise could not read this file, so the state machine in it "
                           "was not checked."));
  else if (n_errors > 0)
    gtk_label_set_label (self->problems_description,
                         _("Step Functions would reject this definition."));
  else
    gtk_label_set_label (self->problems_description,
                         _("Step Functions would accept this definition, but some parts "
                           "deserve a look."));

  gtk_stack_set_visible_child_name (self->stack, "problems");
}

static void
sw_window_show_error (SwWindow     *self,
                      GFile        *file,
                      const GError *error)
{
  g_autofree char *name = dup_display_name (file);
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *uri = g_file_get_uri (file);

  /* GIO's own messages repeat the whole path; a toast has room for the file name only. */
  g_debug ("Could not load %s: %s", uri, error->message);

  /* Translators: the placeholder in each of these is a file name */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    message = g_strdup_printf (_("“%s” does not exist"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    message = g_strdup_printf (_("You may not read “%s”"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    message = g_strdup_printf (_("“%s” is a folder"), name);
  else
    message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

  markup = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static void
check_cb (GObject      *object,
          GAsyncResult *async_result,
          gpointer      user_data)
{
  SwWindow *self = SW_WINDOW (object);
  g_autoptr (GFile) file = user_data;
  g_autoptr (CheckResult) result = NULL;
  g_autoptr (GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (async_result), &error);

  /* A newer file is on its way, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (result == NULL)
    sw_window_show_error (self, file, error);
  else
    {
      sw_window_set_file (self, file);
      sw_window_add_recent (self, file);
      sw_window_show_result (self, result);
    }

  sw_window_set_loading (self, FALSE);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *async_result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = NULL;
  CheckInput *input;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), async_result, &contents, &length, NULL,
                                    &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_free (contents);
      return;
    }

  input = g_new0 (CheckInput, 1);
  input->bytes = g_bytes_new_take (contents, length);
  basename = g_file_get_basename (G_FILE (object));
  input->format = sw_definition_format_for_path (basename != NULL ? basename : "");
  g_task_set_task_data (task, input, (GDestroyNotify) check_input_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * sw_window_open:
 * @self: a #SwWindow
 * @file: the state machine to show
 *
 * Loads @file and checks it, without blocking; #SwWindow:loading is %TRUE meanwhile. The
 * window shows the findings when done, or keeps what it showed and tells about an error
 * reading the file. Opening another file cancels a load still running.
 */
void
sw_window_open (SwWindow *self,
                GFile    *file)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* One task covers reading and checking, so cancelling it stops whichever is running. */
  task = g_task_new (self, self->cancellable, check_cb, g_object_ref (file));
  g_task_set_source_tag (task, sw_window_open);

  sw_window_set_loading (self, TRUE);
  g_file_load_contents_async (file, self->cancellable, load_contents_cb, g_steal_pointer (&task));
}

/**
 * sw_window_get_file:
 * @self: a #SwWindow
 *
 * Returns: (transfer none) (nullable): the file shown, or %NULL
 */
GFile *
sw_window_get_file (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * sw_window_get_loading:
 * @self: a #SwWindow
 *
 * Returns: whether a file is being loaded and checked
 */
gboolean
sw_window_get_loading (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), FALSE);

  return self->loading;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SwWindow      *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  sw_window_open (self, g_value_get_object (value));
  return TRUE;
}

static gboolean
sw_window_close_request (GtkWindow *window)
{
  SwWindow *self = SW_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (sw_window_parent_class)->close_request (window);
}

static void
sw_window_dispose (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_WINDOW);

  G_OBJECT_CLASS (sw_window_parent_class)->dispose (object);
}

static void
sw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SwWindow *self = SW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_window_class_init (SwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sw_window_dispose;
  object_class->get_property = sw_window_get_property;

  window_class->close_request = sw_window_close_request;

  /**
   * SwWindow:file: (getter get_file)
   *
   * The state machine shown, or %NULL before one was opened.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SwWindow:loading: (getter get_loading)
   *
   * Whether a file is being loaded and checked.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stepwise/Stepwise/sw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, valid_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, problems_title);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, problems_description);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, problems_list);
}

static void
sw_window_init (SwWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SW_WINDOW_SCHEMA_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  drop_target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}

/**
 * sw_window_new:
 * @application: (nullable): the application the window belongs to
 *
 * Returns: (transfer none): a new, empty window, owned by GTK until it is destroyed
 */
SwWindow *
sw_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
