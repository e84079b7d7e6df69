/* sw-run-monitor.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-digit-pad.h"
#include "sw-events-view.h"
#include "sw-painter.h"
#include "sw-run-event.h"
#include "sw-run-header.h"
#include "sw-run-dialogs.h"
#include "sw-run-list.h"
#include "sw-run-monitor.h"
#include "sw-run-state-view.h"
#include "sw-run-style.h"
#include "sw-run-util.h"
#include "sw-state.h"
#include "sw-training-monitor.h"

struct _SwRunMonitor
{
  GtkWidget parent_instance;

  GtkWidget *toasts;
  GtkWidget *header;
  GtkWidget *message_bar;
  GtkWidget *message;
  GtkWidget *stack;
  GtkWidget *events;
  GtkWidget *state_view;
  GtkWidget *run_list;
  GtkWidget *training;
  GtkWidget *digit_pad;
  AdwViewStackPage *training_page;
  AdwViewStackPage *try_page;

  SwTarget *target;
  SwRunController *controller;
  GCancellable *deploy_cancellable;
  SwMachine *machine;
  SwRunWatch *watch;
  GHashTable *pointers;  /* state name → pointer */
  char *machine_arn;
  char *message_text;
  char *selected_state;
  guint scanned;
  guint detail_events;   /* events the state detail was built from */
  char *training_job;
  char *endpoint_name;
};

G_DEFINE_FINAL_TYPE (SwRunMonitor, sw_run_monitor, GTK_TYPE_WIDGET)

enum {
  SIGNAL_STATUS_CHANGED,
  SIGNAL_RUN_FINISHED,
  SIGNAL_STATE_SELECTED,
  SIGNAL_DEPLOY_FAILED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint signals[N_SIGNALS];

static void disconnect_watch (SwRunMonitor *self);

static void
sw_run_monitor_dispose (GObject *object)
{
  SwRunMonitor *self = SW_RUN_MONITOR (object);

  if (self->controller != NULL)
    sw_run_monitor_cancel (self);
  if (self->toasts != NULL)
    {
      /* A reload in flight holds the run list past this monitor: cancel it, and let no
       * child's signal reach the monitor once it is gone. */
      sw_run_list_load (SW_RUN_LIST (self->run_list), NULL, NULL);
      g_signal_handlers_disconnect_by_data (self->run_list, self);
      g_signal_handlers_disconnect_by_data (self->events, self);
    }
  g_clear_pointer (&self->toasts, gtk_widget_unparent);
  g_clear_object (&self->controller);
  g_clear_object (&self->target);
  g_clear_object (&self->machine);
  G_OBJECT_CLASS (sw_run_monitor_parent_class)->dispose (object);
}

static void
sw_run_monitor_finalize (GObject *object)
{
  SwRunMonitor *self = SW_RUN_MONITOR (object);

  g_hash_table_unref (self->pointers);
  g_free (self->machine_arn);
  g_free (self->message_text);
  g_free (self->selected_state);
  g_free (self->training_job);
  g_free (self->endpoint_name);
  G_OBJECT_CLASS (sw_run_monitor_parent_class)->finalize (object);
}

/* Messages: a toast with Retry, and the same words inline until polling goes on. */
static void
show_message (SwRunMonitor *self,
              const char   *text,
              gboolean      retry)
{
  AdwToast *toast;

  g_free (self->message_text);
  self->message_text = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->message), text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->message_bar), TRUE);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  if (retry)
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, "run.retry");
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), toast);
}

static void
hide_message (SwRunMonitor *self)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->message_bar), FALSE);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwRunMonitor *self = SW_RUN_MONITOR (widget);

  if (self->watch != NULL && sw_run_watch_get_client (self->watch) != NULL &&
      !sw_run_watch_is_finished (self->watch))
    sw_run_watch_stop_execution (self->watch, "Stepwise.Stopped",
                                 _("Stopped from the Stepwise window"));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwRunMonitor *self = SW_RUN_MONITOR (widget);

  hide_message (self);
  if (self->watch != NULL)
    sw_run_watch_retry (self->watch);
  sw_run_list_reload (SW_RUN_LIST (self->run_list));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SwRunMonitor *self = SW_RUN_MONITOR (widget);

  sw_run_list_reload (SW_RUN_LIST (self->run_list));
}

static void
sw_run_monitor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwRunMonitor *self = SW_RUN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_run_monitor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwRunMonitor *self = SW_RUN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      sw_run_monitor_set_target (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_run_monitor_class_init (SwRunMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_run_monitor_dispose;
  object_class->finalize = sw_run_monitor_finalize;
  object_class->get_property = sw_run_monitor_get_property;
  object_class->set_property = sw_run_monitor_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, SW_TYPE_TARGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_HASH_TABLE);
  signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_STATE_SELECTED] =
    g_signal_new ("state-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DEPLOY_FAILED] =
    g_signal_new ("deploy-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_PTR_ARRAY, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "run.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "run.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "run.refresh", NULL, refresh_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-run-monitor");
}

static const char *
pointer_for (SwRunMonitor *self,
             const char   *name)
{
  return g_hash_table_lookup (self->pointers, name);
}

static void
event_selected_cb (SwRunMonitor *self,
                   SwRunEvent   *event)
{
  const char *state = event != NULL ? sw_run_event_get_state (event) : NULL;

  if (state == NULL)
    return;
  sw_run_monitor_select_state (self, state);
  if (pointer_for (self, state) != NULL)
    g_signal_emit (self, signals[SIGNAL_STATE_SELECTED], 0, pointer_for (self, state));
}

static void
run_activated_cb (SwRunMonitor *self,
                  const char   *arn)
{
  sw_run_monitor_watch (self, arn);
  sw_run_monitor_set_page (self, "events");
}

static void
run_list_error_cb (SwRunMonitor *self,
                   const GError *error)
{
  g_autofree char *words = sw_run_format_error (error);

  show_message (self, words, TRUE);
}

/* The top of the monitor (the run's header and the message bar) in a scrolled window: as
 * short as the window needs, as tall as its lines for the width it is given. GTK 4.8's
 * scrolled window asks its child for a natural height without the width, which is the height
 * of the narrowest layout: the top would take the room of the pages below. */
static GtkSizeRequestMode
top_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
top_measure (GtkWidget      *widget,
             GtkOrientation  orientation,
             int             for_size,
             int            *minimum,
             int            *natural,
             int            *minimum_baseline,
             int            *natural_baseline)
{
  GtkWidget *scrolled = gtk_widget_get_first_child (widget);
  GtkWidget *content = g_object_get_data (G_OBJECT (widget), "sw-content");
  int content_natural = 0;

  gtk_widget_measure (scrolled, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      gtk_widget_measure (content, orientation, for_size, NULL, &content_natural, NULL, NULL);
      *natural = MAX (*minimum, content_natural);
    }
}

static void
top_allocate (GtkWidget *widget,
              int        width,
              int        height,
              int        baseline)
{
  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
}

static GtkWidget *
top_new (GtkWidget *content)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_box_append (GTK_BOX (top), scrolled);
  gtk_widget_set_layout_manager (top, gtk_custom_layout_new (top_request_mode, top_measure,
                                                             top_allocate));
  g_object_set_data (G_OBJECT (top), "sw-content", content);
  /* the pages below take the room left */
  gtk_widget_set_vexpand (top, FALSE);
  return top;
}

static void
sw_run_monitor_init (SwRunMonitor *self)
{
  GtkWidget *box, *switcher, *bar_box, *retry, *scrolled, *top, *top_box;

  sw_run_style_ensure ();
  self->controller = sw_run_controller_new (NULL);
  self->pointers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_parent (self->toasts, GTK_WIDGET (self));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), box);

  /* The run's header and the message bar scroll when the window is short: their wrapped
   * lines (a long error, the legend in a narrow pane) would otherwise set the window's
   * minimum height, and push the bars at its bottom out of it. */
  top_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  top = top_new (top_box);
  gtk_box_append (GTK_BOX (box), top);
  self->header = sw_run_header_new ();
  gtk_box_append (GTK_BOX (top_box), self->header);

  self->message_bar = gtk_revealer_new ();
  bar_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (bar_box, "sw-run-message");
  gtk_widget_set_margin_start (bar_box, 12);
  gtk_widget_set_margin_end (bar_box, 12);
  gtk_widget_set_margin_bottom (bar_box, 6);
  self->message = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->message, "warning");
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_label_set_selectable (GTK_LABEL (self->message), TRUE);
  gtk_widget_set_hexpand (self->message, TRUE);
  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "run.retry");
  gtk_box_append (GTK_BOX (bar_box), self->message);
  gtk_box_append (GTK_BOX (bar_box), retry);
  gtk_revealer_set_child (GTK_REVEALER (self->message_bar), bar_box);
  gtk_box_append (GTK_BOX (top_box), self->message_bar);

  self->stack = adw_view_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  switcher = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher),
                                   ADW_VIEW_STACK (self->stack));
  adw_view_switcher_bar_set_reveal (ADW_VIEW_SWITCHER_BAR (switcher), TRUE);

  self->events = sw_events_view_new ();
  g_signal_connect_swapped (self->events, "event-selected", G_CALLBACK (event_selected_cb),
                            self);
  adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (self->stack), self->events, "events",
                                       _("Events"), "view-list-symbolic");
  self->state_view = sw_run_state_view_new ();
  adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (self->stack), self->state_view,
                                       "state", _("State"), "document-properties-symbolic");
  self->run_list = sw_run_list_new ();
  g_signal_connect_swapped (self->run_list, "run-activated", G_CALLBACK (run_activated_cb),
                            self);
  g_signal_connect_swapped (self->run_list, "error", G_CALLBACK (run_list_error_cb), self);
  adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (self->stack), self->run_list, "runs",
                                       _("Runs"), "document-open-recent-symbolic");
  self->training = sw_training_monitor_new ();
  self->training_page =
    adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (self->stack), self->training,
                                         "training", _("Training"),
                                         "x-office-presentation-symbolic");
  adw_view_stack_page_set_visible (self->training_page, FALSE);
  self->digit_pad = sw_digit_pad_new ();
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->digit_pad);
  self->try_page =
    adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (self->stack), scrolled, "try",
                                         _("Try the Model"), "input-tablet-symbolic");
  adw_view_stack_page_set_visible (self->try_page, FALSE);

  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), self->stack);
  /* The switcher sits above the pages, where the console has its tabs. */
  gtk_box_reorder_child_after (GTK_BOX (box), switcher, top);

  sw_run_header_update (SW_RUN_HEADER (self->header), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.stop", FALSE);
}

GtkWidget *
sw_run_monitor_new (void)
{
  return g_object_new (SW_TYPE_RUN_MONITOR, NULL);
}

void
sw_run_monitor_set_target (SwRunMonitor *self,
                           SwTarget     *target)
{
  g_return_if_fail (SW_IS_RUN_MONITOR (self));
  g_return_if_fail (target == NULL || SW_IS_TARGET (target));

  if (!g_set_object (&self->target, target))
    return;
  sw_run_controller_set_target (self->controller, target);
  sw_run_monitor_clear (self);
  sw_run_list_load (SW_RUN_LIST (self->run_list), NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * sw_run_monitor_get_target:
 *
 * Returns: (transfer none) (nullable): the target
 */
SwTarget *
sw_run_monitor_get_target (SwRunMonitor *self)
{
  g_return_val_if_fail (SW_IS_RUN_MONITOR (self), NULL);
  return self->target;
}

static void
collect_pointers (SwRunMonitor *self,
                  SwMachine    *machine)
{
  guint n = sw_machine_get_n_states (machine);

  for (guint i = 0; i < n; i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      GListModel *branches = sw_state_get_branches (state);
      SwMachine *processor = sw_state_get_processor (state);

      g_hash_table_replace (self->pointers, g_strdup (sw_state_get_name (state)),
                            sw_state_dup_pointer (state));
      for (guint b = 0; branches != NULL && b < g_list_model_get_n_items (branches); b++)
        {
          g_autoptr(SwMachine) branch = g_list_model_get_item (branches, b);

          collect_pointers (self, branch);
        }
      if (processor != NULL)
        collect_pointers (self, processor);
    }
}

static SwState *
find_state (SwMachine  *machine,
            const char *name)
{
  guint n = sw_machine_get_n_states (machine);

  for (guint i = 0; i < n; i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      GListModel *branches = sw_state_get_branches (state);
      SwMachine *processor = sw_state_get_processor (state);
      SwState *found;

      if (g_strcmp0 (sw_state_get_name (state), name) == 0)
        return state;
      for (guint b = 0; branches != NULL && b < g_list_model_get_n_items (branches); b++)
        {
          g_autoptr(SwMachine) branch = g_list_model_get_item (branches, b);

          if ((found = find_state (branch, name)) != NULL)
            return found;
        }
      if (processor != NULL && (found = find_state (processor, name)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * sw_run_monitor_set_machine:
 * @machine: (nullable): the machine on the canvas
 */
void
sw_run_monitor_set_machine (SwRunMonitor *self,
                            SwMachine    *machine)
{
  g_return_if_fail (SW_IS_RUN_MONITOR (self));
  g_return_if_fail (machine == NULL || SW_IS_MACHINE (machine));

  g_set_object (&self->machine, machine);
  g_hash_table_remove_all (self->pointers);
  if (machine != NULL)
    collect_pointers (self, machine);
  if (self->watch != NULL)
    {
      g_autoptr(GHashTable) status = sw_run_monitor_dup_status (self);

      g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0, status);
    }
}

void
sw_run_monitor_set_state_machine (SwRunMonitor *self,
                                  const char   *state_machine_arn)
{
  g_return_if_fail (SW_IS_RUN_MONITOR (self));

  g_free (self->machine_arn);
  self->machine_arn = g_strdup (state_machine_arn);
  sw_run_list_load (SW_RUN_LIST (self->run_list),
                    self->target ? sw_target_get_client (self->target) : NULL,
                    state_machine_arn);
}

/**
 * sw_run_monitor_dup_status:
 *
 * Returns: (transfer full) (nullable): state pointer → SwRunStatus; %NULL without a run
 */
GHashTable *
sw_run_monitor_dup_status (SwRunMonitor *self)
{
  GHashTable *table, *by_name;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SW_IS_RUN_MONITOR (self), NULL);

  if (self->watch == NULL)
    return NULL;
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  by_name = sw_run_watch_get_state_status (self->watch);
  g_hash_table_iter_init (&iter, self->pointers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer status = g_hash_table_lookup (by_name, key);

      g_hash_table_insert (table, g_strdup (value),
                           status != NULL ? status : GINT_TO_POINTER (SW_RUN_STATUS_NOT_RUN));
    }
  /* States the machine does not know (an older definition): top-level pointers. */
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->pointers, key))
      {
        g_autoptr(GString) pointer = g_string_new ("/States/");

        for (const char *p = key; *p != '\0'; p++)
          if (*p == '~')
            g_string_append (pointer, "~0");
          else if (*p == '/')
            g_string_append (pointer, "~1");
          else
            g_string_append_c (pointer, *p);
        g_hash_table_insert (table, g_string_free (g_steal_pointer (&pointer), FALSE), value);
      }
  return table;
}

static void
emit_status (SwRunMonitor *self)
{
  g_autoptr(GHashTable) status = sw_run_monitor_dup_status (self);

  g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0, status);
}

static void
scan_for_sagemaker (SwRunMonitor *self)
{
  GListModel *events = sw_run_watch_get_events (self->watch);
  guint n = g_list_model_get_n_items (events);

  for (; self->scanned < n; self->scanned++)
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (events, self->scanned);
      const char *resource, *parameters;
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *object;

      if (g_strcmp0 (sw_run_event_get_event_type (event), "TaskScheduled") != 0 ||
          g_strcmp0 (sw_run_event_get_detail (event, "resourceType"), "sagemaker") != 0)
        continue;
      resource = sw_run_event_get_detail (event, "resource");
      parameters = sw_run_event_get_detail (event, "parameters");
      parser = json_parser_new ();
      if (resource == NULL || parameters == NULL ||
          !json_parser_load_from_data (parser, parameters, -1, NULL) ||
          json_parser_get_root (parser) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_str_has_prefix (resource, "createTrainingJob") &&
          sw_run_json_get_string (object, "TrainingJobName") != NULL)
        {
          SwSageMakerClient *client = self->target ?
                                      sw_target_get_sagemaker_client (self->target) : NULL;

          g_free (self->training_job);
          self->training_job = g_strdup (sw_run_json_get_string (object, "TrainingJobName"));
          adw_view_stack_page_set_visible (self->training_page, TRUE);
          if (client != NULL)
            sw_training_monitor_watch (SW_TRAINING_MONITOR (self->training), client,
                                       self->training_job);
        }
      else if (g_str_has_prefix (resource, "createEndpoint") &&
               !g_str_has_prefix (resource, "createEndpointConfig") &&
               sw_run_json_get_string (object, "EndpointName") != NULL)
        {
          SwSageMakerClient *client = self->target ?
                                      sw_target_get_sagemaker_client (self->target) : NULL;

          g_free (self->endpoint_name);
          self->endpoint_name = g_strdup (sw_run_json_get_string (object, "EndpointName"));
          adw_view_stack_page_set_visible (self->try_page, TRUE);
          sw_digit_pad_set_endpoint (SW_DIGIT_PAD (self->digit_pad), client,
                                     self->endpoint_name);
        }
    }
}

static void
watch_updated_cb (SwRunMonitor *self)
{
  sw_run_header_update (SW_RUN_HEADER (self->header), self->watch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.stop",
                                 !sw_run_watch_is_finished (self->watch) &&
                                 sw_run_watch_get_client (self->watch) != NULL);
  if (sw_run_watch_get_error (self->watch) == NULL)
    hide_message (self);
  scan_for_sagemaker (self);
  /* Rebuilt only when events arrived: polls without news keep the reader's scroll. */
  if (self->selected_state != NULL && gtk_widget_get_mapped (self->state_view) &&
      self->detail_events != g_list_model_get_n_items (sw_run_watch_get_events (self->watch)))
    {
      self->detail_events = g_list_model_get_n_items (sw_run_watch_get_events (self->watch));
      sw_run_state_view_show (SW_RUN_STATE_VIEW (self->state_view), self->watch,
                              self->machine ? find_state (self->machine, self->selected_state)
                                            : NULL,
                              self->selected_state);
    }
}

static void
watch_status_cb (SwRunMonitor *self)
{
  emit_status (self);
}

static void
notify_if_unfocused (SwRunMonitor *self,
                     const char   *status)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GApplication *application = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  JsonObject *description = sw_run_watch_get_description (self->watch);
  const char *name = sw_run_json_get_string (description, "name");
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (application == NULL || !g_application_get_is_registered (application) ||
      g_application_get_dbus_connection (application) == NULL ||
      (GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root))))
    return;
  if (g_strcmp0 (status, "SUCCEEDED") == 0)
    title = g_strdup (_("Run succeeded"));
  else if (g_strcmp0 (status, "ABORTED") == 0)
    title = g_strdup (_("Run stopped"));
  else if (g_strcmp0 (status, SW_RUN_STATUS_LOST_NAME) == 0)
    title = g_strdup (_("Run lost"));
  else
    title = g_strdup (_("Run failed"));
  body = sw_run_json_get_string (description, "error") != NULL ?
         g_strdup_printf ("%s — %s", name ? name : "",
                          sw_run_json_get_string (description, "error")) :
         g_strdup (name ? name : sw_run_watch_get_arn (self->watch));
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (application, "stepwise-run-finished", notification);
}

static void
watch_finished_cb (SwRunMonitor *self)
{
  const char *status = sw_run_watch_get_status (self->watch);

  sw_run_header_update (SW_RUN_HEADER (self->header), self->watch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.stop", FALSE);
  notify_if_unfocused (self, status);
  sw_run_list_reload (SW_RUN_LIST (self->run_list));
  g_signal_emit (self, signals[SIGNAL_RUN_FINISHED], 0, status);
}

static void
watch_error_cb (SwRunMonitor *self,
                const GError *error)
{
  g_autofree char *words = sw_run_format_error (error);
  g_autofree char *text = NULL;

  if (sw_run_watch_get_lost_reason (self->watch) != NULL)
    text = g_strdup (sw_run_watch_get_lost_reason (self->watch));
  else if (sw_run_error_is_throttling (error))
    text = g_strdup_printf (_("The service is throttling requests: %s"), words);
  else if (sw_run_error_is_credentials (error))
    text = g_strdup_printf (_("The credentials were refused or have expired: %s"), words);
  else if (sw_run_error_is_unreachable (error))
    text = g_strdup_printf (_("The endpoint cannot be reached: %s"), words);
  else
    text = g_strdup (words);
  show_message (self, text, sw_run_watch_get_lost_reason (self->watch) == NULL);
}

static void
disconnect_watch (SwRunMonitor *self)
{
  if (self->watch == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->watch, self);
  sw_run_watch_cancel (self->watch);
  g_clear_object (&self->watch);
}

/**
 * sw_run_monitor_show_watch:
 * @watch: a watch, polling or fed by hand
 */
void
sw_run_monitor_show_watch (SwRunMonitor *self,
                           SwRunWatch   *watch)
{
  g_return_if_fail (SW_IS_RUN_MONITOR (self));
  g_return_if_fail (SW_IS_RUN_WATCH (watch));

  disconnect_watch (self);
  self->watch = g_object_ref (watch);
  self->scanned = 0;
  hide_message (self);
  adw_view_stack_page_set_visible (self->training_page, FALSE);
  adw_view_stack_page_set_visible (self->try_page, FALSE);
  sw_training_monitor_stop (SW_TRAINING_MONITOR (self->training));
  g_signal_connect_object (watch, "updated", G_CALLBACK (watch_updated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (watch, "status-changed", G_CALLBACK (watch_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (watch, "finished", G_CALLBACK (watch_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (watch, "error", G_CALLBACK (watch_error_cb), self,
                           G_CONNECT_SWAPPED);
  sw_events_view_set_model (SW_EVENTS_VIEW (self->events), sw_run_watch_get_events (watch));
  sw_run_state_view_show (SW_RUN_STATE_VIEW (self->state_view), NULL, NULL, NULL);
  watch_updated_cb (self);
  emit_status (self);
}

void
sw_run_monitor_watch (SwRunMonitor *self,
                      const char   *execution_arn)
{
  g_autoptr(SwRunWatch) watch = NULL;
  SwSfnClient *client;

  g_return_if_fail (SW_IS_RUN_MONITOR (self));
  g_return_if_fail (execution_arn != NULL);

  client = self->target != NULL ? sw_target_get_client (self->target) : NULL;
  if (client == NULL)
    {
      g_autofree char *words = self->target && sw_target_get_error (self->target) ?
        sw_run_format_error (sw_target_get_error (self->target)) :
        g_strdup (_("No target is chosen"));

      show_message (self, words, FALSE);
      return;
    }
  watch = sw_run_watch_new (client, execution_arn);
  sw_run_watch_set_local (watch, sw_target_is_local (self->target));
  sw_run_monitor_show_watch (self, watch);
  sw_run_watch_start (watch);
}

void
sw_run_monitor_clear (SwRunMonitor *self)
{
  g_return_if_fail (SW_IS_RUN_MONITOR (self));

  disconnect_watch (self);
  sw_events_view_set_model (SW_EVENTS_VIEW (self->events), NULL);
  sw_run_state_view_show (SW_RUN_STATE_VIEW (self->state_view), NULL, NULL, NULL);
  sw_run_header_update (SW_RUN_HEADER (self->header), NULL);
  sw_training_monitor_stop (SW_TRAINING_MONITOR (self->training));
  adw_view_stack_page_set_visible (self->training_page, FALSE);
  adw_view_stack_page_set_visible (self->try_page, FALSE);
  hide_message (self);
  g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0, NULL);
}

void
sw_run_monitor_select_state (SwRunMonitor *self,
                             const char   *state_pointer_or_name)
{
  const char *name = state_pointer_or_name;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (SW_IS_RUN_MONITOR (self));

  if (name != NULL && name[0] == '/')
    {
      g_hash_table_iter_init (&iter, self->pointers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (strcmp (value, state_pointer_or_name) == 0)
          name = key;
    }
  g_free (self->selected_state);
  self->selected_state = g_strdup (name);
  self->detail_events =
    self->watch ? g_list_model_get_n_items (sw_run_watch_get_events (self->watch)) : 0;
  sw_run_state_view_show (SW_RUN_STATE_VIEW (self->state_view), self->watch,
                          self->machine && name ? find_state (self->machine, name) : NULL,
                          name);
}

void
sw_run_monitor_set_page (SwRunMonitor *self,
                         const char   *page)
{
  g_return_if_fail (SW_IS_RUN_MONITOR (self));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->stack), page);
}

/**
 * sw_run_monitor_get_watch:
 *
 * Returns: (transfer none) (nullable): the run shown
 */
SwRunWatch *
sw_run_monitor_get_watch (SwRunMonitor *self)
{
  g_return_val_if_fail (SW_IS_RUN_MONITOR (self), NULL);
  return self->watch;
}

const char *
sw_run_monitor_get_message (SwRunMonitor *self)
{
  g_return_val_if_fail (SW_IS_RUN_MONITOR (self), NULL);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->message_bar)) ? self->message_text
                                                                          : NULL;
}

#define GETTER(func, member)                                   \
GtkWidget *                                                    \
sw_run_monitor_get_##func (SwRunMonitor *self)                 \
{                                                              \
  g_return_val_if_fail (SW_IS_RUN_MONITOR (self), NULL);       \
  return self->member;                                         \
}

GETTER (header, header)
GETTER (events_view, events)
GETTER (state_view, state_view)
GETTER (run_list, run_list)
GETTER (training, training)
GETTER (digit_pad, digit_pad)

static void
document_run_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SwRunMonitor) self = user_data;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;

  arn = sw_run_dialogs_deploy_and_run_finish (SW_RUN_CONTROLLER (object), result, &diagnostics,
                                              &error);
  /* (disposed meanwhile: its children are gone) */
  if (self->toasts == NULL)
    return;
  if (arn == NULL)
    {
      g_autofree char *words = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      words = sw_run_format_error (error);
      show_message (self, words, FALSE);
      g_signal_emit (self, signals[SIGNAL_DEPLOY_FAILED], 0, diagnostics, words);
      return;
    }
  sw_run_monitor_set_state_machine (self,
                                    sw_run_controller_get_state_machine_arn (self->controller));
  sw_run_monitor_watch (self, arn);
  sw_run_monitor_set_page (self, "events");
}

void
sw_run_monitor_run_document (SwRunMonitor *self,
                             GtkWindow    *parent,
                             SwDocument   *document)
{
  g_autofree char *definition = NULL;
  g_autofree char *path = NULL;
  GFile *file;

  g_return_if_fail (SW_IS_RUN_MONITOR (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SW_IS_DOCUMENT (document));

  if (self->target == NULL)
    {
      show_message (self, _("Choose where to run first"), FALSE);
      return;
    }
  sw_run_monitor_set_machine (self, sw_document_get_machine (document));
  definition = sw_document_serialize (document, SW_DEFINITION_FORMAT_JSON);
  file = sw_document_get_file (document);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (self->deploy_cancellable != NULL)
    g_cancellable_cancel (self->deploy_cancellable);
  g_clear_object (&self->deploy_cancellable);
  self->deploy_cancellable = g_cancellable_new ();
  sw_run_dialogs_deploy_and_run (self->controller, parent, sw_document_get_title (document),
                                 definition, path, self->deploy_cancellable, document_run_cb,
                                 g_object_ref (self));
}

void
sw_run_monitor_cancel (SwRunMonitor *self)
{
  GtkWidget *dialog;

  g_return_if_fail (SW_IS_RUN_MONITOR (self));

  if (self->deploy_cancellable != NULL)
    g_cancellable_cancel (self->deploy_cancellable);
  g_clear_object (&self->deploy_cancellable);
  /* A dialog waiting for an answer would start the run for no window: its close response
   * is Cancel, which ends the deploy and run. */
  dialog = sw_run_dialogs_get_open_dialog (self->controller);
  if (dialog != NULL)
    gtk_window_close (GTK_WINDOW (dialog));
  disconnect_watch (self);
}

/**
 * sw_run_monitor_get_controller:
 *
 * Returns: (transfer none): the deploy and run controller, on the monitor's target
 */
SwRunController *
sw_run_monitor_get_controller (SwRunMonitor *self)
{
  g_return_val_if_fail (SW_IS_RUN_MONITOR (self), NULL);
  return self->controller;
}
