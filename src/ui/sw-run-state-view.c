/* sw-run-state-view.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-painter.h"
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
  guint branch;        /* the Parallel branch browsed */
  GArray *branch_status; /* SwRunStatus of each branch of the visit shown */
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
  g_array_unref (self->branch_status);
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
  self->branch_status = g_array_new (FALSE, TRUE, sizeof (SwRunStatus));
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
  /* Wraps in a narrow pane rather than widening the monitor. */
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->title), PANGO_WRAP_WORD_CHAR);
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

/* The position of the first event after @entered (events are in id order). */
static guint
position_after (GListModel *events,
                SwRunEvent *entered)
{
  guint n = g_list_model_get_n_items (events);
  guint position = (guint) MIN ((gint64) n - 1, MAX (0, sw_run_event_get_id (entered) - 1));

  while (position > 0)
    {
      g_autoptr(SwRunEvent) at = g_list_model_get_item (events, position);

      if (sw_run_event_get_id (at) <= sw_run_event_get_id (entered))
        break;
      position--;
    }
  return position;
}

/* Follows one visit of a state from its StateEntered event: the task's result, the
 * output, the error. Returns the id of the event that ended the visit (StateExited, or a
 * failure the state did not survive), or 0 while it runs. */
static gint64
scan_visit (SwRunWatch  *watch,
            SwRunEvent  *entered,
            const char **result,
            const char **output,
            const char **error,
            const char **cause)
{
  GListModel *events = sw_run_watch_get_events (watch);
  guint n = g_list_model_get_n_items (events);
  const char *state_name = sw_run_event_get_state (entered);
  int iteration = sw_run_event_get_iteration (entered);
  gint64 failed_at = 0;

  *result = *output = *error = *cause = NULL;
  for (guint i = position_after (events, entered); i < n; i++)
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (events, i);
      const char *type = sw_run_event_get_event_type (event);

      if (sw_run_event_get_id (event) <= sw_run_event_get_id (entered) ||
          g_strcmp0 (sw_run_event_get_state (event), state_name) != 0 ||
          (!g_str_has_prefix (type, "MapIteration") &&
           sw_run_event_get_iteration (event) != iteration))
        continue;
      if (g_str_has_suffix (type, "StateEntered"))
        break;
      if (g_str_has_suffix (type, "Failed") || g_str_has_suffix (type, "TimedOut"))
        {
          *error = sw_run_event_get_detail (event, "error");
          *cause = sw_run_event_get_detail (event, "cause");
          if (!g_str_has_prefix (type, "MapIteration"))
            failed_at = sw_run_event_get_id (event);
        }
      else if (g_str_has_prefix (type, "Task") && g_str_has_suffix (type, "Succeeded"))
        *result = sw_run_event_get_detail (event, "output");
      else if (g_str_has_suffix (type, "StateExited"))
        {
          *output = sw_run_event_get_detail (event, "output");
          return sw_run_event_get_id (event);
        }
    }
  return failed_at;
}

static const char *
status_words (SwRunStatus status)
{
  switch (status)
    {
    case SW_RUN_STATUS_IN_PROGRESS: return _("in progress");
    case SW_RUN_STATUS_SUCCEEDED: return _("succeeded");
    case SW_RUN_STATUS_FAILED: return _("failed");
    case SW_RUN_STATUS_CAUGHT: return _("caught error");
    case SW_RUN_STATUS_CANCELLED: return _("cancelled");
    case SW_RUN_STATUS_NONE:
    case SW_RUN_STATUS_NOT_RUN:
    default:
      return _("not run");
    }
}

static const char *
status_class (SwRunStatus status)
{
  switch (status)
    {
    case SW_RUN_STATUS_IN_PROGRESS: return "sw-status-running";
    case SW_RUN_STATUS_SUCCEEDED: return "sw-status-succeeded";
    case SW_RUN_STATUS_FAILED: return "sw-status-failed";
    case SW_RUN_STATUS_CAUGHT:
    case SW_RUN_STATUS_CANCELLED: return "sw-status-aborted";
    case SW_RUN_STATUS_NONE:
    case SW_RUN_STATUS_NOT_RUN:
    default:
      return NULL;
    }
}

/* Polled to its end, or a history of a run that ended. */
static gboolean
run_is_over (SwRunWatch *watch)
{
  return sw_run_watch_is_finished (watch) ||
         g_strcmp0 (sw_run_watch_get_status (watch), "RUNNING") != 0;
}

/* A branch state's visit inside the Parallel visit (@after_id, @before_id): the last
 * StateEntered of @name there, in the Parallel's iteration. */
static SwRunEvent *
find_branch_visit (SwRunWatch *watch,
                   const char *name,
                   int         iteration,
                   gint64      after_id,
                   gint64      before_id)
{
  GListModel *events = sw_run_watch_get_events (watch);
  guint n = g_list_model_get_n_items (events);
  SwRunEvent *found = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (events, i);
      gint64 id = sw_run_event_get_id (event);

      if (id <= after_id)
        continue;
      if (before_id > 0 && id >= before_id)
        break;
      if (g_str_has_suffix (sw_run_event_get_event_type (event), "StateEntered") &&
          g_strcmp0 (sw_run_event_get_state (event), name) == 0 &&
          sw_run_event_get_iteration (event) == iteration)
        g_set_object (&found, event);
    }
  return found;
}

/* A visit's status: @visit (nullable) is its StateEntered event; @parallel_ended says the
 * enclosing Parallel visit is over (a branch state still open there was cancelled). */
static SwRunStatus
visit_status (SwRunStateView *self,
                     SwRunEvent     *visit,
                     gboolean        parallel_ended)
{
  const char *result, *output, *error, *cause;
  gint64 exit_id;

  if (visit == NULL)
    return SW_RUN_STATUS_NOT_RUN;
  if (strcmp (sw_run_event_get_event_type (visit), "FailStateEntered") == 0)
    return SW_RUN_STATUS_FAILED;
  exit_id = scan_visit (self->watch, visit, &result, &output, &error, &cause);
  if (output != NULL)
    return error != NULL ? SW_RUN_STATUS_CAUGHT : SW_RUN_STATUS_SUCCEEDED;
  if (exit_id > 0 || (error != NULL && parallel_ended))
    return SW_RUN_STATUS_FAILED;
  if (parallel_ended || run_is_over (self->watch))
    return SW_RUN_STATUS_CANCELLED;
  return SW_RUN_STATUS_IN_PROGRESS;
}

static gboolean
render_idle_cb (gpointer user_data)
{
  SwRunStateView *self = user_data;

  if (self->watch != NULL)
    render (self);
  return G_SOURCE_REMOVE;
}

static void
branch_selected_cb (GtkListBox     *list,
                    GtkListBoxRow  *row,
                    SwRunStateView *self)
{
  if (row == NULL || (guint) gtk_list_box_row_get_index (row) == self->branch)
    return;
  self->branch = (guint) gtk_list_box_row_get_index (row);
  /* Not from inside the list's own signal: rendering replaces the list. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, render_idle_cb, g_object_ref (self),
                   g_object_unref);
}

/* A Parallel or Map fails without words of its own (ParallelStateFailed has no details):
 * the error is the first one raised inside the visit, before @exit_id. */
static void
find_inner_error (SwRunWatch  *watch,
                  SwRunEvent  *entered,
                  gint64       exit_id,
                  const char **error,
                  const char **cause)
{
  GListModel *events = sw_run_watch_get_events (watch);
  guint n = g_list_model_get_n_items (events);

  for (guint i = position_after (events, entered); i < n; i++)
    {
      g_autoptr(SwRunEvent) event = g_list_model_get_item (events, i);
      const char *type = sw_run_event_get_event_type (event);

      if (sw_run_event_get_id (event) >= exit_id)
        break;
      if (sw_run_event_get_id (event) > sw_run_event_get_id (entered) &&
          (g_str_has_suffix (type, "Failed") || g_str_has_suffix (type, "TimedOut")) &&
          sw_run_event_get_detail (event, "error") != NULL)
        {
          *error = sw_run_event_get_detail (event, "error");
          *cause = sw_run_event_get_detail (event, "cause");
          return;
        }
    }
}

/* A Parallel's result, which the history does not record: the array of each branch's
 * output (its last state to exit within the Parallel visit), as the service builds it. NULL
 * for other states or when a branch has no output. */
static char *
dup_parallel_result (SwRunStateView *self,
                     SwRunEvent     *entered,
                     gint64          exit_id)
{
  GListModel *branches;
  GListModel *events = sw_run_watch_get_events (self->watch);
  guint n_branches, n = g_list_model_get_n_items (events);
  int iteration = sw_run_event_get_iteration (entered);
  g_autoptr(GString) json = NULL;

  if (self->state == NULL || sw_state_get_state_type (self->state) != SW_STATE_TYPE_PARALLEL ||
      (branches = sw_state_get_branches (self->state)) == NULL ||
      (n_branches = g_list_model_get_n_items (branches)) == 0 || exit_id <= 0)
    return NULL;
  json = g_string_new ("[");
  for (guint b = 0; b < n_branches; b++)
    {
      g_autoptr(SwMachine) branch = g_list_model_get_item (branches, b);
      const char *output = NULL;

      for (guint i = position_after (events, entered); i < n; i++)
        {
          g_autoptr(SwRunEvent) event = g_list_model_get_item (events, i);
          const char *state = sw_run_event_get_state (event);

          if (sw_run_event_get_id (event) >= exit_id)
            break;
          if (state != NULL && sw_run_event_get_iteration (event) == iteration &&
              g_str_has_suffix (sw_run_event_get_event_type (event), "StateExited") &&
              sw_machine_lookup_state (branch, state) != NULL &&
              sw_state_get_machine (sw_machine_lookup_state (branch, state)) == branch)
            output = sw_run_event_get_detail (event, "output");
        }
      if (output == NULL)
        return NULL;
      g_string_append_printf (json, "%s%s", b > 0 ? ", " : "", output);
    }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* Parallel: each branch with its status, as the console lists them; the chosen one's
 * states with their input and output. */
static void
add_branches (SwRunStateView *self,
              SwRunEvent     *entered,
              gint64          exit_id)
{
  GListModel *branches;
  GtkWidget *heading, *list;
  guint n_branches;
  int iteration = sw_run_event_get_iteration (entered);
  gboolean ended = exit_id > 0 || run_is_over (self->watch);

  g_array_set_size (self->branch_status, 0);
  if (self->state == NULL || sw_state_get_state_type (self->state) != SW_STATE_TYPE_PARALLEL ||
      (branches = sw_state_get_branches (self->state)) == NULL ||
      (n_branches = g_list_model_get_n_items (branches)) == 0)
    return;

  heading = gtk_label_new (_("Branches"));
  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->content), heading);
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
  gtk_box_append (GTK_BOX (self->content), list);
  self->branch = MIN (self->branch, n_branches - 1);

  for (guint b = 0; b < n_branches; b++)
    {
      g_autoptr(SwMachine) branch = g_list_model_get_item (branches, b);
      guint n_states = sw_machine_get_n_states (branch);
      SwRunStatus status = SW_RUN_STATUS_NOT_RUN;
      gboolean any_run = FALSE, all_done = TRUE;
      GtkWidget *row, *title, *badge;
      g_autofree char *title_text = NULL;
      const char *klass;

      for (guint i = 0; i < n_states; i++)
        {
          SwState *state = sw_machine_get_state (branch, i);
          g_autoptr(SwRunEvent) visit =
            find_branch_visit (self->watch, sw_state_get_name (state), iteration,
                               sw_run_event_get_id (entered), exit_id);
          SwRunStatus state_status = visit_status (self, visit, ended);

          if (state_status == SW_RUN_STATUS_NOT_RUN)
            continue;
          any_run = TRUE;
          if (state_status == SW_RUN_STATUS_FAILED)
            status = SW_RUN_STATUS_FAILED;
          else if (state_status == SW_RUN_STATUS_CANCELLED && status != SW_RUN_STATUS_FAILED)
            status = SW_RUN_STATUS_CANCELLED;
          else if (state_status == SW_RUN_STATUS_IN_PROGRESS)
            all_done = FALSE;
        }
      if (any_run && status == SW_RUN_STATUS_NOT_RUN)
        status = all_done && ended ? SW_RUN_STATUS_SUCCEEDED : SW_RUN_STATUS_IN_PROGRESS;
      g_array_append_val (self->branch_status, status);

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_set_margin_start (row, 10);
      gtk_widget_set_margin_end (row, 10);
      gtk_widget_set_margin_top (row, 8);
      gtk_widget_set_margin_bottom (row, 8);
      title_text = g_strdup_printf (_("Branch %u · %s"), b + 1,
                                    sw_machine_get_start_at (branch) ?
                                    sw_machine_get_start_at (branch) : "");
      title = gtk_label_new (title_text);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (title, TRUE);
      badge = gtk_label_new (status_words (status));
      klass = status_class (status);
      if (klass != NULL)
        {
          gtk_widget_add_css_class (badge, "sw-run-status");
          gtk_widget_add_css_class (badge, klass);
        }
      else
        gtk_widget_add_css_class (badge, "dim-label");
      gtk_box_append (GTK_BOX (row), title);
      gtk_box_append (GTK_BOX (row), badge);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_list_box_select_row (GTK_LIST_BOX (list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (list),
                                                          (int) self->branch));
  g_signal_connect (list, "row-selected", G_CALLBACK (branch_selected_cb), self);

  /* The chosen branch's states, in the definition's order. */
  {
    g_autoptr(SwMachine) branch = g_list_model_get_item (branches, self->branch);
    g_autofree char *branch_heading = g_strdup_printf (_("Branch %u"), self->branch + 1);
    GtkWidget *label = gtk_label_new (branch_heading);

    gtk_widget_add_css_class (label, "heading");
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_box_append (GTK_BOX (self->content), label);
    for (guint i = 0; i < sw_machine_get_n_states (branch); i++)
      {
        SwState *state = sw_machine_get_state (branch, i);
        const char *name = sw_state_get_name (state);
        g_autoptr(SwRunEvent) visit =
          find_branch_visit (self->watch, name, iteration, sw_run_event_get_id (entered),
                             exit_id);
        SwRunStatus state_status = visit_status (self, visit, ended);
        const char *result, *output = NULL, *error = NULL, *cause;
        g_autofree char *subtitle = NULL;
        g_autofree char *part = NULL;
        g_autofree char *status_part = g_strdup_printf ("branch:%s:status", name);

        g_hash_table_replace (self->texts, g_steal_pointer (&status_part),
                              g_strdup (status_words (state_status)));
        GtkWidget *state_label;

        subtitle = g_strdup_printf ("%s — %s", name, status_words (state_status));
        state_label = gtk_label_new (subtitle);
        gtk_label_set_xalign (GTK_LABEL (state_label), 0);
        gtk_widget_add_css_class (state_label, visit != NULL ? "heading" : "dim-label");
        gtk_widget_set_margin_top (state_label, 6);
        gtk_box_append (GTK_BOX (self->content), state_label);
        if (visit == NULL)
          continue;
        scan_visit (self->watch, visit, &result, &output, &error, &cause);
        if (error != NULL)
          {
            part = g_strdup_printf ("branch:%s:error", name);
            add_section (self, part, _("Error"), NULL, error, TRUE);
          }
        {
          g_autofree char *input = sw_run_pretty_json (sw_run_event_get_detail (visit, "input"));

          g_free (part);
          part = g_strdup_printf ("branch:%s:input", name);
          add_section (self, part, _("Input"), NULL, input, FALSE);
        }
        if (output != NULL)
          {
            g_autofree char *text = sw_run_pretty_json (output);

            g_free (part);
            part = g_strdup_printf ("branch:%s:output", name);
            add_section (self, part, _("Output"), NULL, text, FALSE);
          }
      }
  }
}

static void
render (SwRunStateView *self)
{
  SwRunEvent *entered;
  const char *input = NULL, *output = NULL, *result = NULL;
  const char *error = NULL, *cause = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *parallel_result = NULL;
  SwRunStatus status;
  gint64 exit_id;

  clear_content (self);
  if (self->entered == NULL || self->entered->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s was not reached in this run"),
                                               self->state_name);

      gtk_label_set_text (GTK_LABEL (self->title), text);
      return;
    }
  entered = g_ptr_array_index (self->entered, MIN (self->visit, self->entered->len - 1));
  input = sw_run_event_get_detail (entered, "input");

  exit_id = scan_visit (self->watch, entered, &result, &output, &error, &cause);
  if (result == NULL && output != NULL)
    parallel_result = dup_parallel_result (self, entered, exit_id);
  if (parallel_result != NULL)
    result = parallel_result;
  if (error == NULL && output == NULL && exit_id > 0)
    find_inner_error (self->watch, entered, exit_id, &error, &cause);
  if (error == NULL && g_str_has_prefix (sw_run_event_get_event_type (entered), "Fail"))
    {
      SwValue *field = self->state ? sw_state_get_field (self->state, "Error") : NULL;
      SwValue *cause_field = self->state ? sw_state_get_field (self->state, "Cause") : NULL;

      error = field && sw_value_get_kind (field) == SW_VALUE_STRING ?
              sw_value_get_string (field) : "";
      cause = cause_field && sw_value_get_kind (cause_field) == SW_VALUE_STRING ?
              sw_value_get_string (cause_field) : NULL;
    }

  status = visit_status (self, entered, FALSE);
  status_text = g_strdup_printf ("%s — %s", self->state_name, status_words (status));
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

              /* The pipeline stops at a missing result: say why for a visit that ended. */
              if (result == NULL && step->json == NULL && i == steps->len - 1 &&
                  status != SW_RUN_STATUS_IN_PROGRESS)
                {
                  g_free (step->error);
                  step->error = g_strdup (status == SW_RUN_STATUS_SUCCEEDED ?
                                          _("The history does not record this state's "
                                            "result; its output is above") :
                                          _("No result: the state did not complete"));
                }
              add_section (self, step->step, step->step, step->expression,
                           step->json != NULL ? step->json : step->error,
                           step->json == NULL);
            }
        }
    }
  add_branches (self, entered, exit_id);
}

void
sw_run_state_view_show (SwRunStateView *self,
                        SwRunWatch     *watch,
                        SwState        *state,
                        const char     *state_name)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *events;
  gboolean same_state;
  guint n;

  g_return_if_fail (SW_IS_RUN_STATE_VIEW (self));
  g_return_if_fail (watch == NULL || SW_IS_RUN_WATCH (watch));
  g_return_if_fail (state == NULL || SW_IS_STATE (state));

  /* Live updates of the same state keep the branch being read. */
  same_state = g_strcmp0 (state_name, self->state_name) == 0;
  g_set_object (&self->watch, watch);
  g_set_object (&self->state, state);
  g_free (self->state_name);
  self->state_name = g_strdup (state_name);
  g_clear_pointer (&self->entered, g_ptr_array_unref);
  self->visit = 0;
  if (!same_state)
    self->branch = 0;
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

guint
sw_run_state_view_get_n_branches (SwRunStateView *self)
{
  g_return_val_if_fail (SW_IS_RUN_STATE_VIEW (self), 0);
  return self->branch_status->len;
}

/**
 * sw_run_state_view_get_branch_status:
 *
 * Returns: the status of the @branch-th branch of the Parallel visit shown
 */
SwRunStatus
sw_run_state_view_get_branch_status (SwRunStateView *self,
                                     guint           branch)
{
  g_return_val_if_fail (SW_IS_RUN_STATE_VIEW (self), SW_RUN_STATUS_NONE);
  g_return_val_if_fail (branch < self->branch_status->len, SW_RUN_STATUS_NONE);
  return g_array_index (self->branch_status, SwRunStatus, branch);
}

guint
sw_run_state_view_get_branch (SwRunStateView *self)
{
  g_return_val_if_fail (SW_IS_RUN_STATE_VIEW (self), 0);
  return self->branch;
}

/* Shows the states of the @branch-th branch, as picking its row does. */
void
sw_run_state_view_set_branch (SwRunStateView *self,
                              guint           branch)
{
  g_return_if_fail (SW_IS_RUN_STATE_VIEW (self));

  if (branch >= self->branch_status->len)
    return;
  self->branch = branch;
  render (self);
}
