/* sw-run-state-view.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-run-event.h"
#include "sw-run-pipeline.h"
#include "sw-run-state-view.h"
#include "sw-run-util.h"

struct _SwRunStateView
{
  GtkWidget parent_instance;

  GtkWidget *scrolled;
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *visits;
  GtkWidget *content;

  SwRunWatch *watch;
  SwState *state;
  char *state_name;
  GPtrArray *entered;  /* SwRunEvent * of each visit */
  GHashTable *texts;   /* part → text shown */
  guint visit;
};

G_DEFINE_FINAL_TYPE (SwRunStateView, sw_run_state_view, GTK_TYPE_WIDGET)

static void
sw_run_state_view_dispose (GObject *object)
{
  SwRunStateView *self = SW_RUN_STATE_VIEW (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->watch);
  g_clear_object (&self->state);
  G_OBJECT_CLASS (sw_run_state_view_parent_class)->dispose (object);
}

static void
sw_run_state_view_finalize (GObject *object)
{
  SwRunStateView *self = SW_RUN_STATE_VIEW (object);

  g_free (self->state_name);
  g_clear_pointer (&self->entered, g_ptr_array_unref);
  g_hash_table_unref (self->texts);
  G_OBJECT_CLASS (sw_run_state_view_parent_class)->finalize (object);
}

static void
sw_run_state_view_class_init (SwRunStateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_run_state_view_dispose;
  object_class->finalize = sw_run_state_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-run-state-view");
}

static void render (SwRunStateView *self);

static void
visit_changed_cb (SwRunStateView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->visits));

  if (selected != GTK_INVALID_LIST_POSITION && selected != self->visit)
    {
      self->visit = selected;
      render (self);
    }
}

static void
sw_run_state_view_init (SwRunStateView *self)
{
  GtkWidget *header;

  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->box);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->title = gtk_label_new (_("Select a state on the canvas or in the events"));
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_widget_add_css_class (self->title, "title-4");
  self->visits = gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (NULL)), NULL);
  gtk_widget_set_tooltip_text (self->visits, _("Visit or iteration"));
  gtk_widget_set_visible (self->visits, FALSE);
  g_signal_connect_swapped (self->visits, "notify::selected", G_CALLBACK (visit_changed_cb),
                            self);
  gtk_box_append (GTK_BOX (header), self->title);
  gtk_box_append (GTK_BOX (header), self->visits);
  gtk_box_append (GTK_BOX (self->box), header);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (self->box), self->content);
}

GtkWidget *
sw_run_state_view_new (void)
{
  return g_object_new (SW_TYPE_RUN_STATE_VIEW, NULL);
}

static void
add_section (SwRunStateView *self,
             const char     *part,
             const char     *heading,
             const char     *subtitle,
             const char     *text,
             gboolean        is_error)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *body;

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (title), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_widget_add_css_class (sub, "monospace");
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_widget_set_hexpand (sub, TRUE);
      gtk_box_append (GTK_BOX (title), sub);
    }
  gtk_box_append (GTK_BOX (section), title);

  body = gtk_label_new (text);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_widget_add_css_class (body, "monospace");
  gtk_widget_add_css_class (body, "card");
  gtk_widget_add_css_class (body, "sw-json");
  if (is_error)
    gtk_widget_add_css_class (body, "error");
  g_object_set (body, "margin-start", 0, NULL);
  gtk_box_append (GTK_BOX (section), body);
  gtk_box_append (GTK_BOX (self->content), section);
  g_hash_table_replace (self->texts, g_strdup (part), g_strdup (text));
}

static void
clear_content (SwRunStateView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
  g_hash_table_remove_all (self->texts);
}

static char *
build_context (SwRunWatch *watch,
               const char *state_name,
               SwRunEvent *entered)
{
  JsonObject *description = sw_run_watch_get_description (watch);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *input = sw_run_json_get_string (description, "input");
  g_autoptr(GDateTime) entered_time = NULL;
  g_autofree char *entered_text = NULL;

  entered_time = g_date_time_new_from_unix_utc ((gint64) sw_run_event_get_timestamp (entered));
  entered_text = entered_time != NULL ? g_date_time_format_iso8601 (entered_time) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Execution");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Id");
  json_builder_add_string_value (builder, sw_run_watch_get_arn (watch));
  json_builder_set_member_name (builder, "Name");
  json_builder_add_string_value (builder, sw_run_json_get_string (description, "name"));
  json_builder_set_member_name (builder, "Input");
  if (input != NULL && json_parser_load_from_data (parser, input, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "State");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Name");
  json_builder_add_string_value (builder, state_name);
  json_builder_set_member_name (builder, "EnteredTime");
  json_builder_add_string_value (builder, entered_text);
  json_builder_set_member_name (builder, "RetryCount");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "StateMachine");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Id");
  json_builder_add_string_value (builder, sw_run_json_get_string (description,
                                                                  "stateMachineArn"));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
render (SwRunStateView *self)
{
  GListModel *events;
  SwRunEvent *entered;
  const char *input = NULL, *output = NULL, *result = NULL;
  const char *error = NULL, *cause = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *pretty = NULL;
  guint n, position = 0;
  int iteration;

  clear_content (self);
  if (self->entered == NULL || self->entered->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s was not reached in this run"),
                                               self->state_name);

      gtk_label_set_text (GTK_LABEL (self->title), text);
      return;
    }
  entered = g_ptr_array_index (self->entered, MIN (self->visit, self->entered->len - 1));
  iteration = sw_run_event_get_iteration (entered);
  input = sw_run_event_get_detail (entered, "input");

  events = sw_run_watch_get_events (self->watch);
  n = g_list_model_get_n_items (events);
  /* Events are in id order: start the scan at the entered event. */
  position = (guint) MIN ((gint64) n - 1, MAX (0, sw_run_event_get_id (entered) - 1));
  while (position > 0)
    {
      g_autoptr(SwRunEvent) at = g_list_model_get_item (events, position);

      if (sw_run_event_get_id (at) <= sw_run_event_get_id (entered))
        break;
      position--;
    }
  for (guint i = position; i < n; i++)
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (events, i);
      const char *type = sw_run_event_get_event_type (event);

      if (sw_run_event_get_id (event) <= sw_run_event_get_id (entered) ||
          g_strcmp0 (sw_run_event_get_state (event), self->state_name) != 0 ||
          (!g_str_has_prefix (type, "MapIteration") &&
           sw_run_event_get_iteration (event) != iteration))
        continue;
      if (g_str_has_suffix (type, "StateEntered"))
        break;
      if (g_str_has_suffix (type, "Failed") || g_str_has_suffix (type, "TimedOut"))
        {
          error = sw_run_event_get_detail (event, "error");
          cause = sw_run_event_get_detail (event, "cause");
        }
      else if (g_str_has_prefix (type, "Task") && g_str_has_suffix (type, "Succeeded"))
        result = sw_run_event_get_detail (event, "output");
      else if (g_str_has_suffix (type, "StateExited"))
        {
          output = sw_run_event_get_detail (event, "output");
          break;
        }
    }
  if (error == NULL && g_str_has_prefix (sw_run_event_get_event_type (entered), "Fail"))
    {
      SwValue *field = self->state ? sw_state_get_field (self->state, "Error") : NULL;
      SwValue *cause_field = self->state ? sw_state_get_field (self->state, "Cause") : NULL;

      error = field && sw_value_get_kind (field) == SW_VALUE_STRING ?
              sw_value_get_string (field) : "";
      cause = cause_field && sw_value_get_kind (cause_field) == SW_VALUE_STRING ?
              sw_value_get_string (cause_field) : NULL;
    }

  status_text = g_strdup_printf ("%s — %s", self->state_name,
                                 error != NULL ? (output != NULL ? _("caught error")
                                                                 : _("failed")) :
                                 output != NULL ? _("succeeded") : _("in progress"));
  gtk_label_set_text (GTK_LABEL (self->title), status_text);

  if (error != NULL)
    add_section (self, "error", _("Error"), NULL, error, TRUE);
  if (cause != NULL)
    {
      g_autofree char *text = sw_run_pretty_json (cause);

      add_section (self, "cause", _("Cause"), NULL, text, TRUE);
    }
  pretty = sw_run_pretty_json (input);
  add_section (self, "input", _("Input"), NULL, pretty, FALSE);
  if (output != NULL)
    {
      g_autofree char *text = sw_run_pretty_json (output);

      add_section (self, "output", _("Output"), NULL, text, FALSE);
    }

  if (self->state != NULL && input != NULL)
    {
      g_autofree char *context = build_context (self->watch, self->state_name, entered);
      g_autoptr(GPtrArray) steps = sw_run_pipeline_compute (self->state, input, result,
                                                            context);

      if (steps != NULL)
        {
          GtkWidget *heading = gtk_label_new (_("Input and output processing"));

          gtk_widget_add_css_class (heading, "title-4");
          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_box_append (GTK_BOX (self->content), heading);
          for (guint i = 0; i < steps->len; i++)
            {
              SwRunPipelineStep *step = g_ptr_array_index (steps, i);

              add_section (self, step->step, step->step, step->expression,
                           step->json != NULL ? step->json : step->error,
                           step->json == NULL);
            }
        }
    }
}

void
sw_run_state_view_show (SwRunStateView *self,
                        SwRunWatch     *watch,
                        SwState        *state,
                        const char     *state_name)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *events;
  guint n;

  g_return_if_fail (SW_IS_RUN_STATE_VIEW (self));
  g_return_if_fail (watch == NULL || SW_IS_RUN_WATCH (watch));
  g_return_if_fail (state == NULL || SW_IS_STATE (state));

  g_set_object (&self->watch, watch);
  g_set_object (&self->state, state);
  g_free (self->state_name);
  self->state_name = g_strdup (state_name);
  g_clear_pointer (&self->entered, g_ptr_array_unref);
  self->visit = 0;
  if (watch == NULL || state_name == NULL)
    {
      clear_content (self);
      gtk_label_set_text (GTK_LABEL (self->title),
                          _("Select a state on the canvas or in the events"));
      gtk_widget_set_visible (self->visits, FALSE);
      return;
    }

  self->entered = g_ptr_array_new_with_free_func (g_object_unref);
  events = sw_run_watch_get_events (watch);
  n = g_list_model_get_n_items (events);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (events, i);

      if (g_str_has_suffix (sw_run_event_get_event_type (event), "StateEntered") &&
          g_strcmp0 (sw_run_event_get_state (event), state_name) == 0)
        {
          g_autofree char *label = NULL;

          if (sw_run_event_get_iteration (event) >= 0)
            label = g_strdup_printf (_("Iteration %d"), sw_run_event_get_iteration (event));
          else
            label = g_strdup_printf (_("Visit %u"), self->entered->len + 1);
          gtk_string_list_append (names, label);
          g_ptr_array_add (self->entered, g_object_ref (event));
        }
    }
  g_signal_handlers_block_by_func (self->visits, visit_changed_cb, self);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->visits), G_LIST_MODEL (names));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->visits), 0);
  g_signal_handlers_unblock_by_func (self->visits, visit_changed_cb, self);
  gtk_widget_set_visible (self->visits, self->entered->len > 1);
  render (self);
}

guint
sw_run_state_view_get_n_visits (SwRunStateView *self)
{
  g_return_val_if_fail (SW_IS_RUN_STATE_VIEW (self), 0);
  return self->entered != NULL ? self->entered->len : 0;
}

void
sw_run_state_view_set_visit (SwRunStateView *self,
                             guint           visit)
{
  g_return_if_fail (SW_IS_RUN_STATE_VIEW (self));

  if (self->entered == NULL || visit >= self->entered->len)
    return;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->visits), visit);
}

const char *
sw_run_state_view_get_text (SwRunStateView *self,
                            const char     *part)
{
  g_return_val_if_fail (SW_IS_RUN_STATE_VIEW (self), NULL);
  return g_hash_table_lookup (self->texts, part);
}
