/* sw-run-header.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-run-event.h"
#include "sw-run-header.h"
#include "sw-run-style.h"
#include "sw-run-util.h"

struct _SwRunHeader
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *status;
  GtkWidget *spinner;
  GtkWidget *name;
  GtkWidget *stop;
  GtkWidget *started;
  GtkWidget *stopped;
  GtkWidget *duration;
  GtkWidget *arn;
  GtkWidget *error_box;
  GtkWidget *error;
  GtkWidget *cause;
  GtkWidget *input;
  GtkWidget *output;
  GtkWidget *output_expander;
  char *status_class;
};

G_DEFINE_FINAL_TYPE (SwRunHeader, sw_run_header, GTK_TYPE_WIDGET)

static void
sw_run_header_dispose (GObject *object)
{
  SwRunHeader *self = SW_RUN_HEADER (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (sw_run_header_parent_class)->dispose (object);
}

static void
sw_run_header_finalize (GObject *object)
{
  g_free (SW_RUN_HEADER (object)->status_class);
  G_OBJECT_CLASS (sw_run_header_parent_class)->finalize (object);
}

static void
sw_run_header_class_init (SwRunHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_run_header_dispose;
  object_class->finalize = sw_run_header_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-run-header");
}

static GtkWidget *
value_label (void)
{
  GtkWidget *label = gtk_label_new ("—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable, but no caret in the first one when the view opens. */
  gtk_widget_set_focusable (label, FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  return label;
}

static void
add_field (GtkGrid    *grid,
           int         column,
           int         row,
           const char *title,
           GtkWidget  *value)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  gtk_grid_attach (grid, value, column + 1, row, 1, 1);
}

static GtkWidget *
json_expander (const char  *title,
               GtkWidget  **label_out)
{
  GtkWidget *expander = gtk_expander_new (title);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "card");
  gtk_widget_add_css_class (label, "sw-json");
  gtk_expander_set_child (GTK_EXPANDER (expander), label);
  *label_out = label;
  return expander;
}

/* The canvas colours, explained: the painter's status overlay, one dot per status. */
static GtkWidget *
legend_new (void)
{
  const struct { const char *klass; const char *words; } items[] = {
    { "running", N_("In progress") }, { "succeeded", N_("Succeeded") },
    { "failed", N_("Failed") }, { "caught", N_("Caught error") },
    { "cancelled", N_("Cancelled") }, { NULL, N_("Not run") },
  };
  GtkWidget *legend = gtk_flow_box_new ();

  /* A flow box: the legend wraps onto more lines in a narrow pane instead of widening it. */
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (legend), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (legend), G_N_ELEMENTS (items));
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (legend), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (legend), 2);
  gtk_widget_set_can_focus (legend, FALSE);
  gtk_widget_add_css_class (legend, "sw-legend");
  gtk_widget_set_tooltip_text (legend, _("The state colours on the canvas"));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *dot = gtk_label_new (items[i].klass != NULL ? "●" : "○");
      GtkWidget *words = gtk_label_new (_(items[i].words));

      gtk_widget_add_css_class (dot, "sw-legend-dot");
      if (items[i].klass != NULL)
        {
          g_autofree char *klass = g_strconcat ("sw-status-", items[i].klass, NULL);

          gtk_widget_add_css_class (dot, klass);
        }
      else
        gtk_widget_add_css_class (dot, "dim-label");
      gtk_widget_add_css_class (words, "dim-label");
      gtk_widget_add_css_class (words, "caption");
      gtk_box_append (GTK_BOX (item), dot);
      gtk_box_append (GTK_BOX (item), words);
      gtk_flow_box_append (GTK_FLOW_BOX (legend), item);
      gtk_widget_set_can_focus (gtk_widget_get_parent (item), FALSE);
    }
  return legend;
}

static void
sw_run_header_init (SwRunHeader *self)
{
  GtkWidget *top, *grid, *payloads;

  sw_run_style_ensure ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->status = gtk_label_new (_("No run"));
  gtk_widget_add_css_class (self->status, "sw-run-status");
  self->spinner = gtk_spinner_new ();
  self->name = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->name, "title-3");
  gtk_label_set_ellipsize (GTK_LABEL (self->name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->name), 0);
  gtk_widget_set_hexpand (self->name, TRUE);
  self->stop = gtk_button_new_with_mnemonic (_("_Stop"));
  gtk_widget_add_css_class (self->stop, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->stop), "run.stop");
  gtk_widget_set_tooltip_text (self->stop, _("Stop the execution (StopExecution)"));
  gtk_box_append (GTK_BOX (top), self->status);
  gtk_box_append (GTK_BOX (top), self->spinner);
  gtk_box_append (GTK_BOX (top), self->name);
  gtk_box_append (GTK_BOX (top), self->stop);
  gtk_box_append (GTK_BOX (self->box), top);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  self->started = value_label ();
  self->stopped = value_label ();
  self->duration = value_label ();
  self->arn = value_label ();
  gtk_widget_set_hexpand (self->arn, TRUE);
  add_field (GTK_GRID (grid), 0, 0, _("Started"), self->started);
  add_field (GTK_GRID (grid), 2, 0, _("Duration"), self->duration);
  add_field (GTK_GRID (grid), 0, 1, _("Stopped"), self->stopped);
  add_field (GTK_GRID (grid), 2, 1, _("Execution"), self->arn);
  gtk_box_append (GTK_BOX (self->box), grid);
  gtk_box_append (GTK_BOX (self->box), legend_new ());

  self->error_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (self->error_box, "sw-run-error");
  self->error = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error, "error");
  gtk_widget_add_css_class (self->error, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->error), 0);
  gtk_label_set_selectable (GTK_LABEL (self->error), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->error), TRUE);
  self->cause = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->cause), 0);
  gtk_label_set_selectable (GTK_LABEL (self->cause), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->cause), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->cause), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (self->error_box), self->error);
  gtk_box_append (GTK_BOX (self->error_box), self->cause);
  gtk_widget_set_visible (self->error_box, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->error_box);

  payloads = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (payloads), TRUE);
  gtk_box_append (GTK_BOX (payloads), json_expander (_("Input"), &self->input));
  self->output_expander = json_expander (_("Output"), &self->output);
  gtk_box_append (GTK_BOX (payloads), self->output_expander);
  gtk_box_append (GTK_BOX (self->box), payloads);
  gtk_widget_set_visible (self->stop, FALSE);
}

GtkWidget *
sw_run_header_new (void)
{
  return g_object_new (SW_TYPE_RUN_HEADER, NULL);
}

static const char *
status_label (const char *status)
{
  if (status == NULL)
    return _("No run");
  if (strcmp (status, "RUNNING") == 0)
    return _("Running");
  if (strcmp (status, "SUCCEEDED") == 0)
    return _("Succeeded");
  if (strcmp (status, "FAILED") == 0)
    return _("Failed");
  if (strcmp (status, "TIMED_OUT") == 0)
    return _("Timed out");
  if (strcmp (status, "ABORTED") == 0)
    return _("Aborted");
  if (strcmp (status, "PENDING_REDRIVE") == 0)
    return _("Pending redrive");
  if (strcmp (status, SW_RUN_STATUS_LOST_NAME) == 0)
    return _("Lost");
  return status;
}

/**
 * sw_run_header_update:
 * @watch: (nullable): the run shown
 */
void
sw_run_header_update (SwRunHeader *self,
                      SwRunWatch  *watch)
{
  JsonObject *description;
  const char *status, *error, *cause, *output, *name;
  g_autofree char *started = NULL;
  g_autofree char *stopped = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *input = NULL;
  g_autofree char *klass = NULL;
  double start, stop;
  gboolean running;

  g_return_if_fail (SW_IS_RUN_HEADER (self));

  description = watch != NULL ? sw_run_watch_get_description (watch) : NULL;
  status = watch != NULL ? sw_run_watch_get_status (watch) : NULL;
  running = g_strcmp0 (status, "RUNNING") == 0;

  gtk_label_set_text (GTK_LABEL (self->status), status_label (status));
  klass = g_strdup_printf ("sw-status-%s", status ? status : "none");
  for (char *p = klass; *p; p++)
    *p = *p == '_' ? '-' : g_ascii_tolower (*p);
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (self->status, self->status_class);
  gtk_widget_add_css_class (self->status, klass);
  g_free (self->status_class);
  self->status_class = g_steal_pointer (&klass);

  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), running);
  gtk_widget_set_visible (self->spinner, running);
  /* Only a live run can be stopped; a finished one shows no Stop at all. */
  gtk_widget_set_visible (self->stop, running && watch != NULL &&
                                      sw_run_watch_get_client (watch) != NULL);

  name = description ? sw_run_json_get_string (description, "name") : NULL;
  gtk_label_set_text (GTK_LABEL (self->name), name ? name : "");
  /* The name is shortened in a narrow pane: whole in the tooltip. */
  gtk_widget_set_tooltip_text (self->name, name != NULL && *name != '\0' ? name : NULL);
  gtk_label_set_text (GTK_LABEL (self->arn), watch ? sw_run_watch_get_arn (watch) : "");
  start = sw_run_json_get_time (description, "startDate");
  stop = sw_run_json_get_time (description, "stopDate");
  started = sw_run_format_time (start);
  stopped = running ? g_strdup ("—") : sw_run_format_time (stop);
  if (stop <= 0 && !running && watch != NULL)
    {
      /* A finished run without stopDate (a saved history): its last event. */
      GListModel *events = sw_run_watch_get_events (watch);
      guint n = g_list_model_get_n_items (events);

      if (n > 0)
        {
          g_autoptr(SwRunEvent) last = g_list_model_get_item (events, n - 1);

          stop = sw_run_event_get_timestamp (last);
          g_free (stopped);
          stopped = sw_run_format_time (stop);
        }
    }
  if (start > 0)
    duration = sw_run_format_duration ((stop > 0 ? stop : g_get_real_time () / 1e6) - start);
  else
    duration = g_strdup ("—");
  gtk_label_set_text (GTK_LABEL (self->started), started);
  gtk_label_set_text (GTK_LABEL (self->stopped), stopped);
  gtk_label_set_text (GTK_LABEL (self->duration), duration);

  error = sw_run_json_get_string (description, "error");
  cause = sw_run_json_get_string (description, "cause");
  if (watch != NULL && sw_run_watch_get_lost_reason (watch) != NULL)
    {
      error = _("The run was lost");
      cause = sw_run_watch_get_lost_reason (watch);
    }
  gtk_widget_set_visible (self->error_box, error != NULL || cause != NULL);
  gtk_label_set_text (GTK_LABEL (self->error), error ? error : "");
  gtk_label_set_text (GTK_LABEL (self->cause), cause ? cause : "");
  gtk_widget_set_visible (self->cause, cause != NULL && *cause != '\0');

  input = sw_run_pretty_json (sw_run_json_get_string (description, "input"));
  gtk_label_set_text (GTK_LABEL (self->input), input);
  output = sw_run_json_get_string (description, "output");
  gtk_widget_set_visible (self->output_expander, output != NULL);
  if (output != NULL)
    {
      g_autofree char *pretty = sw_run_pretty_json (output);

      gtk_label_set_text (GTK_LABEL (self->output), pretty);
    }
}

const char *
sw_run_header_get_status_text (SwRunHeader *self)
{
  g_return_val_if_fail (SW_IS_RUN_HEADER (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status));
}

const char *
sw_run_header_get_error_text (SwRunHeader *self)
{
  g_return_val_if_fail (SW_IS_RUN_HEADER (self), NULL);
  return gtk_widget_get_visible (self->error_box) ? gtk_label_get_text (GTK_LABEL (self->error))
                                                  : NULL;
}
