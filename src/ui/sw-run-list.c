/* sw-run-list.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-run-list.h"
#include "sw-run-util.h"

#define PAGE_SIZE 100

struct _SwRunList
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *list;
  GtkWidget *placeholder;
  SwSfnClient *client;
  char *machine_arn;
  GCancellable *cancellable;
  GPtrArray *arns;
};

G_DEFINE_FINAL_TYPE (SwRunList, sw_run_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RUN_ACTIVATED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sw_run_list_dispose (GObject *object)
{
  SwRunList *self = SW_RUN_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sw_run_list_parent_class)->dispose (object);
}

static void
sw_run_list_finalize (GObject *object)
{
  SwRunList *self = SW_RUN_LIST (object);

  g_free (self->machine_arn);
  g_ptr_array_unref (self->arns);
  G_OBJECT_CLASS (sw_run_list_parent_class)->finalize (object);
}

static void
sw_run_list_class_init (SwRunListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_run_list_dispose;
  object_class->finalize = sw_run_list_finalize;

  signals[SIGNAL_RUN_ACTIVATED] =
    g_signal_new ("run-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
row_activated_cb (SwRunList     *self,
                  GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->arns->len)
    g_signal_emit (self, signals[SIGNAL_RUN_ACTIVATED], 0,
                   g_ptr_array_index (self->arns, index));
}

static void
sw_run_list_init (SwRunList *self)
{
  GtkWidget *scrolled;

  self->arns = g_ptr_array_new_with_free_func (g_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  self->placeholder = gtk_label_new (_("No runs yet: deploy and run the state machine"));
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_widget_set_margin_top (self->placeholder, 24);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), self->placeholder);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_box_append (GTK_BOX (self->box), scrolled);
}

GtkWidget *
sw_run_list_new (void)
{
  return g_object_new (SW_TYPE_RUN_LIST, NULL);
}

static GtkWidget *
make_row (JsonObject *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *status = gtk_label_new (sw_run_json_get_string (item, "status"));
  GtkWidget *name = gtk_label_new (sw_run_json_get_string (item, "name"));
  g_autofree char *when = sw_run_format_time (sw_run_json_get_time (item, "startDate"));
  GtkWidget *started = gtk_label_new (when);
  g_autofree char *klass = g_strdup_printf ("sw-status-%s",
                                            sw_run_json_get_string (item, "status") ?: "none");

  for (char *p = klass; *p; p++)
    *p = *p == '_' ? '-' : g_ascii_tolower (*p);
  gtk_widget_add_css_class (status, "sw-run-status");
  gtk_widget_add_css_class (status, klass);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (started, "dim-label");
  gtk_widget_add_css_class (started, "numeric");
  gtk_box_append (GTK_BOX (row), status);
  gtk_box_append (GTK_BOX (row), name);
  gtk_box_append (GTK_BOX (row), started);
  return row;
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SwRunList) self = user_data;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  GtkWidget *child;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
      return;
    }
  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->arns, 0);
  items = json_object_get_array_member (output, "executions");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_ptr_array_add (self->arns, g_strdup (sw_run_json_get_string (item, "executionArn")));
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (item));
    }
}

void
sw_run_list_reload (SwRunList *self)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (SW_IS_RUN_LIST (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client == NULL || self->machine_arn == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  input = json_object_new ();
  json_object_set_string_member (input, "stateMachineArn", self->machine_arn);
  json_object_set_int_member (input, "maxResults", PAGE_SIZE);
  sw_sfn_client_call_async (self->client, SW_SFN_OPERATION_LIST_EXECUTIONS, input,
                            self->cancellable, listed_cb, g_object_ref (self));
}

/**
 * sw_run_list_load:
 * @client: (nullable): the target's client
 * @state_machine_arn: (nullable): the state machine
 */
void
sw_run_list_load (SwRunList   *self,
                  SwSfnClient *client,
                  const char  *state_machine_arn)
{
  g_return_if_fail (SW_IS_RUN_LIST (self));

  g_set_object (&self->client, client);
  g_free (self->machine_arn);
  self->machine_arn = g_strdup (state_machine_arn);
  sw_run_list_reload (self);
}

guint
sw_run_list_get_n_runs (SwRunList *self)
{
  g_return_val_if_fail (SW_IS_RUN_LIST (self), 0);
  return self->arns->len;
}

const char *
sw_run_list_get_arn (SwRunList *self,
                     guint      index)
{
  g_return_val_if_fail (SW_IS_RUN_LIST (self), NULL);
  return index < self->arns->len ? g_ptr_array_index (self->arns, index) : NULL;
}

void
sw_run_list_activate (SwRunList *self,
                      guint      index)
{
  GtkListBoxRow *row;

  g_return_if_fail (SW_IS_RUN_LIST (self));

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), (int) index);
  if (row != NULL)
    row_activated_cb (self, row);
}
