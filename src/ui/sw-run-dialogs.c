/* sw-run-dialogs.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-run-dialogs.h"
#include "sw-run-util.h"

#define OPEN_DIALOG_KEY "sw-run-open-dialog"

typedef struct
{
  GtkWindow *parent;  /* weak: a run in flight does not keep its window */
  char *name;
  char *definition;
  char *definition_path;
  char *role;
  GPtrArray *diagnostics;
} Flow;

static void
flow_free (Flow *flow)
{
  g_clear_weak_pointer (&flow->parent);
  g_free (flow->name);
  g_free (flow->definition);
  g_free (flow->definition_path);
  g_free (flow->role);
  g_clear_pointer (&flow->diagnostics, g_ptr_array_unref);
  g_free (flow);
}

static char *
setting (const char *key)
{
  g_autoptr(GSettings) settings = sw_run_app_settings_with (key);

  return settings != NULL ? g_settings_get_string (settings, key) : NULL;
}

static void
store_setting (const char *key,
               const char *value)
{
  g_autoptr(GSettings) settings = sw_run_app_settings_with (key);

  if (settings != NULL)
    g_settings_set_string (settings, key, value);
}

/* A state machine name: letters, digits, - and _. */
static char *
sanitize_name (const char *hint)
{
  GString *name = g_string_new (NULL);

  for (const char *p = hint ? hint : ""; *p != '\0' && name->len < 80; p++)
    {
      if (g_str_has_prefix (p, ".asl."))
        break;
      g_string_append_c (name, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '-');
    }
  if (name->len == 0)
    g_string_append (name, "stepwise-workflow");
  return g_string_free (name, FALSE);
}

static GtkWidget *
labelled (GtkWidget  *box,
          const char *title,
          GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return field;
}

static void
set_open_dialog (SwRunController *controller,
                 GtkWidget       *dialog)
{
  g_object_set_data (G_OBJECT (controller), OPEN_DIALOG_KEY, dialog);
}

/* Puts @box in @dialog with a Cancel response (also the close response) and the suggested
 * response @id labelled @label. */
static void
set_body_and_responses (GtkWidget  *dialog,
                        GtkWidget  *box,
                        const char *id,
                        const char *label)
{
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), id, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), id,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
}

static void start_input (GTask *task);

static void
deployed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Flow *flow = g_task_get_task_data (task);
  g_autofree char *arn = NULL;
  GError *error = NULL;

  arn = sw_run_controller_deploy_finish (SW_RUN_CONTROLLER (object), result,
                                         &flow->diagnostics, &error);
  if (arn == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* (abandoned meanwhile: no dialog for a window that is gone) */
  if (g_task_return_error_if_cancelled (task))
    return;
  start_input (g_steal_pointer (&task));
}

static void
deploy (GTask *task)
{
  SwRunController *controller = g_task_get_source_object (task);
  Flow *flow = g_task_get_task_data (task);
  g_autofree char *type = setting ("machine-type");

  sw_run_controller_deploy_async (controller, flow->name, flow->definition, flow->role,
                                  type != NULL && *type != '\0' ? type : "STANDARD",
                                  g_task_get_cancellable (task), deployed_cb, task);
}

static void
deploy_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;
  SwRunController *controller = g_task_get_source_object (task);
  Flow *flow = g_task_get_task_data (task);
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *role = g_object_get_data (G_OBJECT (dialog), "role");
  SwTarget *target = sw_run_controller_get_target (controller);

  set_open_dialog (controller, NULL);
  if (g_strcmp0 (response, "deploy") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }
  g_free (flow->name);
  flow->name = g_strdup (gtk_editable_get_text (name));
  g_free (flow->role);
  flow->role = g_strdup (gtk_editable_get_text (role));
  store_setting ("role-arn", flow->role);
  /* Asked once per target. */
  if (target != NULL)
    {
      g_object_set_data_full (G_OBJECT (target), "sw-deploy-name", g_strdup (flow->name), g_free);
      g_object_set_data_full (G_OBJECT (target), "sw-deploy-role", g_strdup (flow->role), g_free);
    }
  deploy (g_steal_pointer (&task));
}

static void
validate_deploy_fields (AdwMessageDialog *dialog)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *role = g_object_get_data (G_OBJECT (dialog), "role");
  const char *text = gtk_editable_get_text (name);
  gboolean ok = *text != '\0' && strlen (text) <= 80 &&
                g_str_has_prefix (gtk_editable_get_text (role), "arn:");

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      ok = FALSE;
  adw_message_dialog_set_response_enabled (dialog, "deploy", ok);
}

static void
ask_deploy (GTask *task)
{
  SwRunController *controller = g_task_get_source_object (task);
  Flow *flow = g_task_get_task_data (task);
  SwTarget *target = sw_run_controller_get_target (controller);
  g_autofree char *role_default = setting ("role-arn");
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *name, *role;

  body = g_strdup_printf (_("Create or update the state machine on %s."),
                          sw_target_get_label (target));
  dialog = adw_message_dialog_new (flow->parent, _("Deploy State Machine"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  name = labelled (box, _("_Name"), gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (name), flow->name);
  role = labelled (box, _("Execution _role ARN"), gtk_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (role), "arn:aws:iam::123456789012:role/…");
  gtk_editable_set_text (GTK_EDITABLE (role), role_default ? role_default : "");
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "role", role);
  set_body_and_responses (dialog, box, "deploy", _("_Deploy"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "deploy");
  g_signal_connect_swapped (name, "changed", G_CALLBACK (validate_deploy_fields), dialog);
  g_signal_connect_swapped (role, "changed", G_CALLBACK (validate_deploy_fields), dialog);
  validate_deploy_fields (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (deploy_response_cb), task);
  set_open_dialog (controller, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *arn = sw_run_controller_start_finish (SW_RUN_CONTROLLER (object), result, &error);

  if (arn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, arn, g_free);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
input_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;
  SwRunController *controller = g_task_get_source_object (task);
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "input");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "execution-name");
  g_autofree char *input = buffer_text (buffer);
  GCancellable *cancellable = g_task_get_cancellable (task);

  set_open_dialog (controller, NULL);
  if (g_strcmp0 (response, "start") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }
  sw_run_controller_start_async (controller, NULL, input, gtk_editable_get_text (name),
                                 cancellable, started_cb, g_steal_pointer (&task));
}

static void
validate_input (AdwMessageDialog *dialog)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "input");
  GtkWidget *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autofree char *text = buffer_text (buffer);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok = json_parser_load_from_data (parser, text, -1, &error);

  gtk_label_set_text (GTK_LABEL (problem), ok ? "" : error->message);
  gtk_widget_set_visible (problem, !ok);
  adw_message_dialog_set_response_enabled (dialog, "start", ok);
}

static void
start_input (GTask *task)
{
  SwRunController *controller = g_task_get_source_object (task);
  Flow *flow = g_task_get_task_data (task);
  g_autofree char *input = sw_run_controller_dup_default_input (controller,
                                                                flow->definition_path);
  GtkWidget *dialog, *box, *scrolled, *view, *name, *problem;

  dialog = adw_message_dialog_new (flow->parent, _("Start Execution"),
                                   _("The execution's input, as JSON."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), input, -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 180);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_widget_add_css_class (scrolled, "card");
  labelled (box, _("_Input"), scrolled);
  gtk_label_set_mnemonic_widget (GTK_LABEL (gtk_widget_get_prev_sibling (scrolled)), view);
  problem = gtk_label_new (NULL);
  gtk_widget_add_css_class (problem, "error");
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_box_append (GTK_BOX (box), problem);
  name = labelled (box, _("Execution _name (optional)"), gtk_entry_new ());
  g_object_set_data (G_OBJECT (dialog), "input", gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_object_set_data (G_OBJECT (dialog), "execution-name", name);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  set_body_and_responses (dialog, box, "start", _("_Start"));
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (validate_input), dialog);
  validate_input (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (input_response_cb), task);
  set_open_dialog (controller, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sw_run_dialogs_deploy_and_run (SwRunController     *controller,
                               GtkWindow           *parent,
                               const char          *name_hint,
                               const char          *definition,
                               const char          *definition_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Flow *flow;
  SwTarget *target;

  g_return_if_fail (SW_IS_RUN_CONTROLLER (controller));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (definition != NULL);

  task = g_task_new (controller, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_run_dialogs_deploy_and_run);
  flow = g_new0 (Flow, 1);
  g_set_weak_pointer (&flow->parent, parent);
  flow->definition = g_strdup (definition);
  flow->definition_path = g_strdup (definition_path);
  target = sw_run_controller_get_target (controller);
  if (target != NULL && g_object_get_data (G_OBJECT (target), "sw-deploy-name") != NULL)
    {
      flow->name = g_strdup (g_object_get_data (G_OBJECT (target), "sw-deploy-name"));
      flow->role = g_strdup (g_object_get_data (G_OBJECT (target), "sw-deploy-role"));
    }
  else
    flow->name = sanitize_name (name_hint);
  g_task_set_task_data (task, flow, (GDestroyNotify) flow_free);

  if (target != NULL && sw_target_needs_role (target) &&
      g_object_get_data (G_OBJECT (target), "sw-deploy-name") == NULL)
    ask_deploy (task);
  else
    deploy (task);
}

/**
 * sw_run_dialogs_deploy_and_run_finish:
 * @diagnostics: (out) (optional) (transfer full): the service's diagnostics
 *
 * Returns: (transfer full) (nullable): the execution ARN
 */
char *
sw_run_dialogs_deploy_and_run_finish (SwRunController  *controller,
                                      GAsyncResult     *result,
                                      GPtrArray       **diagnostics,
                                      GError          **error)
{
  Flow *flow;

  g_return_val_if_fail (g_task_is_valid (result, controller), NULL);

  flow = g_task_get_task_data (G_TASK (result));
  if (diagnostics != NULL)
    *diagnostics = flow->diagnostics != NULL ? g_ptr_array_ref (flow->diagnostics) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_run_dialogs_get_open_dialog:
 *
 * Returns: (transfer none) (nullable): the dialog waiting for an answer
 */
GtkWidget *
sw_run_dialogs_get_open_dialog (SwRunController *controller)
{
  g_return_val_if_fail (SW_IS_RUN_CONTROLLER (controller), NULL);
  return g_object_get_data (G_OBJECT (controller), OPEN_DIALOG_KEY);
}

void
sw_run_dialogs_set_field (GtkWidget  *dialog,
                          const char *field,
                          const char *text)
{
  gpointer widget;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  widget = g_object_get_data (G_OBJECT (dialog), field);
  if (GTK_IS_TEXT_BUFFER (widget))
    gtk_text_buffer_set_text (widget, text, -1);
  else if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_text (widget, text);
}

/**
 * sw_run_dialogs_dup_field:
 * @field: "name", "role", "input" or "execution-name"
 *
 * Returns: (transfer full) (nullable): the field's text, or %NULL if the dialog has no such
 *   field
 */
char *
sw_run_dialogs_dup_field (GtkWidget  *dialog,
                          const char *field)
{
  gpointer widget;

  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);

  widget = g_object_get_data (G_OBJECT (dialog), field);
  if (GTK_IS_TEXT_BUFFER (widget))
    return buffer_text (widget);
  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (widget));
  return NULL;
}
