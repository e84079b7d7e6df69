/* sw-training-monitor.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* DescribeTrainingJob carries only the latest value of each metric (FinalMetricDataList,
 * with a Timestamp): the curves are what this monitor accumulated while polling. The
 * x axis is the epoch, as the console's and SageMaker's metrics read: fractional for the
 * per-batch training loss ("Epoch 1/2, batch 300/938", as the local trainer writes it),
 * whole for the test metrics measured at each epoch's end. A job whose messages tell no
 * epoch (a cloud job's own script) is plotted against minutes since training began.
 * Time is a readout beside the plots: training time and time per epoch. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sw-run-style.h"
#include "sw-run-util.h"
#include "sw-training-monitor.h"
#include "sw-training-plot.h"

#define DEFAULT_INTERVAL_MS 1000

typedef struct
{
  const char *metric;
  gboolean loss;
  guint series;
} MetricInfo;

struct _SwTrainingMonitor
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *status;
  GtkWidget *progress;
  GtkWidget *message;
  GtkWidget *time;
  GtkWidget *loss_plot;
  GtkWidget *accuracy_plot;
  GtkWidget *metrics;
  GtkWidget *artifact;
  GtkWidget *failure;

  SwSageMakerClient *client;
  GCancellable *cancellable;
  char *job_name;
  char *job_status;
  char *artifact_uri;
  guint timeout_id;
  guint interval_ms;
  gboolean busy;
  double progress_value;
  double first_seen;
  double epoch_x;
  guint n_epochs;
  gboolean have_epochs;
  GHashTable *last_stamp;  /* metric → double* */
  MetricInfo infos[3];
};

G_DEFINE_FINAL_TYPE (SwTrainingMonitor, sw_training_monitor, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void poll_now (SwTrainingMonitor *self);

static void
sw_training_monitor_dispose (GObject *object)
{
  SwTrainingMonitor *self = SW_TRAINING_MONITOR (object);

  sw_training_monitor_stop (self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (sw_training_monitor_parent_class)->dispose (object);
}

static void
sw_training_monitor_finalize (GObject *object)
{
  SwTrainingMonitor *self = SW_TRAINING_MONITOR (object);

  g_free (self->job_name);
  g_free (self->job_status);
  g_free (self->artifact_uri);
  g_hash_table_unref (self->last_stamp);
  G_OBJECT_CLASS (sw_training_monitor_parent_class)->finalize (object);
}

static void
sw_training_monitor_class_init (SwTrainingMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_training_monitor_dispose;
  object_class->finalize = sw_training_monitor_finalize;
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-training-monitor");
}

static void
sw_training_monitor_init (SwTrainingMonitor *self)
{
  GtkWidget *top, *plots, *scrolled;

  sw_run_style_ensure ();
  self->interval_ms = DEFAULT_INTERVAL_MS;
  self->last_stamp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  self->box = scrolled;
  gtk_widget_set_parent (scrolled, GTK_WIDGET (self));
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);

    gtk_widget_set_margin_start (box, 12);
    gtk_widget_set_margin_end (box, 12);
    gtk_widget_set_margin_top (box, 12);
    gtk_widget_set_margin_bottom (box, 12);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);

    top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    self->title = gtk_label_new (_("No training job"));
    gtk_widget_add_css_class (self->title, "title-4");
    gtk_label_set_xalign (GTK_LABEL (self->title), 0);
    gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (self->title, TRUE);
    self->status = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->status, "sw-run-status");
    gtk_box_append (GTK_BOX (top), self->title);
    gtk_box_append (GTK_BOX (top), self->status);
    gtk_box_append (GTK_BOX (box), top);

    self->progress = gtk_progress_bar_new ();
    gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
    /* Epoch and ETA shorten rather than widen a narrow pane. */
    gtk_progress_bar_set_ellipsize (GTK_PROGRESS_BAR (self->progress), PANGO_ELLIPSIZE_END);
    gtk_box_append (GTK_BOX (box), self->progress);
    self->message = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->message, "dim-label");
    gtk_label_set_xalign (GTK_LABEL (self->message), 0);
    gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
    gtk_box_append (GTK_BOX (box), self->message);
    self->time = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->time, "numeric");
    gtk_widget_add_css_class (self->time, "dim-label");
    gtk_label_set_xalign (GTK_LABEL (self->time), 0);
    gtk_label_set_wrap (GTK_LABEL (self->time), TRUE);
    gtk_box_append (GTK_BOX (box), self->time);
    self->failure = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->failure, "error");
    gtk_label_set_xalign (GTK_LABEL (self->failure), 0);
    gtk_label_set_wrap (GTK_LABEL (self->failure), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->failure), TRUE);
    gtk_widget_set_visible (self->failure, FALSE);
    gtk_box_append (GTK_BOX (box), self->failure);

    /* Side by side when there is room for both, else one above the other. */
    plots = gtk_flow_box_new ();
    gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (plots), TRUE);
    gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (plots), GTK_SELECTION_NONE);
    gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (plots), 1);
    gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (plots), 2);
    gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (plots), 12);
    gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (plots), 12);
    gtk_widget_set_can_focus (plots, FALSE);
    self->loss_plot = sw_training_plot_new (_("Loss per epoch"), _("Epoch"));
    self->accuracy_plot = sw_training_plot_new (_("Test accuracy per epoch"), _("Epoch"));
    sw_training_plot_set_y_label (SW_TRAINING_PLOT (self->loss_plot), _("Loss"));
    sw_training_plot_set_y_label (SW_TRAINING_PLOT (self->accuracy_plot), _("Accuracy (%)"));
    gtk_widget_set_hexpand (self->loss_plot, TRUE);
    gtk_widget_set_hexpand (self->accuracy_plot, TRUE);
    gtk_widget_add_css_class (self->loss_plot, "card");
    gtk_widget_add_css_class (self->accuracy_plot, "card");
    gtk_flow_box_append (GTK_FLOW_BOX (plots), self->loss_plot);
    gtk_flow_box_append (GTK_FLOW_BOX (plots), self->accuracy_plot);
    gtk_widget_set_can_focus (gtk_widget_get_parent (self->loss_plot), FALSE);
    gtk_widget_set_can_focus (gtk_widget_get_parent (self->accuracy_plot), FALSE);
    gtk_box_append (GTK_BOX (box), plots);

    /* Name and value pairs, three a line when there is room, fewer in a narrow pane. */
    self->metrics = gtk_flow_box_new ();
    gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->metrics), GTK_SELECTION_NONE);
    gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->metrics), 3);
    gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->metrics), 18);
    gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->metrics), 4);
    gtk_widget_set_can_focus (self->metrics, FALSE);
    gtk_box_append (GTK_BOX (box), self->metrics);
    self->artifact = gtk_link_button_new_with_label ("about:blank", "");
    gtk_widget_set_halign (self->artifact, GTK_ALIGN_FILL);
    gtk_widget_set_visible (self->artifact, FALSE);
    gtk_box_append (GTK_BOX (box), self->artifact);
  }

  self->infos[0] = (MetricInfo) { "train:loss", TRUE, 0 };
  self->infos[1] = (MetricInfo) { "test:loss", TRUE, 0 };
  self->infos[2] = (MetricInfo) { "test:accuracy", FALSE, 0 };
  self->infos[0].series = sw_training_plot_add_series (SW_TRAINING_PLOT (self->loss_plot),
                                                       _("train loss"));
  self->infos[1].series = sw_training_plot_add_series (SW_TRAINING_PLOT (self->loss_plot),
                                                       _("test loss"));
  self->infos[2].series = sw_training_plot_add_series (SW_TRAINING_PLOT (self->accuracy_plot),
                                                       _("test accuracy"));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Waiting for the job"));
}

GtkWidget *
sw_training_monitor_new (void)
{
  return g_object_new (SW_TYPE_TRAINING_MONITOR, NULL);
}

static gboolean
is_terminal (const char *status)
{
  return g_strcmp0 (status, "Completed") == 0 || g_strcmp0 (status, "Failed") == 0 ||
         g_strcmp0 (status, "Stopped") == 0;
}

static void
reset (SwTrainingMonitor *self)
{
  GtkWidget *child;

  sw_training_plot_clear (SW_TRAINING_PLOT (self->loss_plot));
  sw_training_plot_clear (SW_TRAINING_PLOT (self->accuracy_plot));
  g_hash_table_remove_all (self->last_stamp);
  g_clear_pointer (&self->job_status, g_free);
  g_clear_pointer (&self->artifact_uri, g_free);
  self->progress_value = 0;
  self->first_seen = 0;
  self->epoch_x = 0;
  self->n_epochs = 0;
  self->have_epochs = FALSE;
  while ((child = gtk_widget_get_first_child (self->metrics)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->metrics), child);
  gtk_widget_set_visible (self->artifact, FALSE);
  gtk_widget_set_visible (self->failure, FALSE);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Waiting for the job"));
  gtk_label_set_text (GTK_LABEL (self->message), "");
  gtk_label_set_text (GTK_LABEL (self->time), "");
  gtk_label_set_text (GTK_LABEL (self->status), "");
}

/* "Epoch 1/2, batch 300/938" or "Epoch 1/2 done: …" → progress and fractional epoch. */
static gboolean
parse_message (const char *message,
               double     *epoch_x,
               double     *fraction,
               guint      *epoch,
               guint      *epochs)
{
  const char *at = message != NULL ? strstr (message, "Epoch ") : NULL;
  const char *batch_at;
  guint e = 0, n = 0, b = 0, nb = 0;

  if (at == NULL || sscanf (at, "Epoch %u/%u", &e, &n) != 2 || n == 0 || e == 0)
    return FALSE;
  *epoch = e;
  *epochs = n;
  batch_at = strstr (at, "batch ");
  if (batch_at != NULL && sscanf (batch_at, "batch %u/%u", &b, &nb) == 2 && nb > 0)
    *epoch_x = (e - 1) + (double) b / nb;
  else
    *epoch_x = e;
  *fraction = CLAMP (*epoch_x / n, 0, 1);
  return TRUE;
}

static const char *
last_status_message (JsonObject *description)
{
  JsonNode *node = json_object_get_member (description, "SecondaryStatusTransitions");
  JsonArray *transitions;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  transitions = json_node_get_array (node);
  n = json_array_get_length (transitions);
  if (n == 0 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (transitions, n - 1)))
    return NULL;
  return sw_run_json_get_string (json_array_get_object_element (transitions, n - 1),
                                 "StatusMessage");
}

static void
show_metrics (SwTrainingMonitor *self,
              JsonArray         *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->metrics)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->metrics), child);
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);
      JsonNode *value = item ? json_object_get_member (item, "Value") : NULL;
      g_autofree char *text = NULL;
      GtkWidget *pair, *name, *number;

      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      text = g_strdup_printf ("%.4f", json_node_get_double (value));
      name = gtk_label_new (sw_run_json_get_string (item, "MetricName"));
      gtk_widget_add_css_class (name, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      number = gtk_label_new (text);
      gtk_widget_add_css_class (number, "numeric");
      gtk_label_set_xalign (GTK_LABEL (number), 1);
      gtk_widget_set_hexpand (number, TRUE);
      pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_box_append (GTK_BOX (pair), name);
      gtk_box_append (GTK_BOX (pair), number);
      gtk_flow_box_append (GTK_FLOW_BOX (self->metrics), pair);
      gtk_widget_set_can_focus (gtk_widget_get_parent (pair), FALSE);
    }
}

/* The time readout: how long the job has trained and, by epoch, how long one takes. */
static void
show_time (SwTrainingMonitor *self,
           JsonObject        *description,
           double             now,
           double             start)
{
  double end = sw_run_json_get_time (description, "TrainingEndTime");
  double elapsed = (end > 0 ? end : now) - start;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  if (elapsed < 0 || start <= 0)
    {
      gtk_label_set_text (GTK_LABEL (self->time), "");
      return;
    }
  total = sw_run_format_duration (elapsed);
  if (self->have_epochs && self->epoch_x > 0.05)
    {
      g_autofree char *per_epoch = sw_run_format_duration (elapsed / self->epoch_x);

      text = g_strdup_printf (_("Training time %s · %s per epoch"), total, per_epoch);
    }
  else
    text = g_strdup_printf (_("Training time %s"), total);
  gtk_label_set_text (GTK_LABEL (self->time), text);
}

void
sw_training_monitor_feed (SwTrainingMonitor *self,
                          JsonObject        *description)
{
  const char *status, *secondary, *message, *name, *failure;
  JsonNode *metrics_node;
  JsonArray *metrics = NULL;
  JsonObject *artifacts;
  double now, start, x, fraction = 0, epoch_x = 0;
  guint epoch = 0, epochs = 0;
  gboolean parsed;
  g_autofree char *bar_text = NULL;
  g_autofree char *status_klass = NULL;

  g_return_if_fail (SW_IS_TRAINING_MONITOR (self));
  g_return_if_fail (description != NULL);

  name = sw_run_json_get_string (description, "TrainingJobName");
  if (name != NULL && g_strcmp0 (name, self->job_name) != 0)
    {
      g_free (self->job_name);
      self->job_name = g_strdup (name);
    }
  gtk_label_set_text (GTK_LABEL (self->title), self->job_name ? self->job_name : "");
  status = sw_run_json_get_string (description, "TrainingJobStatus");
  secondary = sw_run_json_get_string (description, "SecondaryStatus");
  message = last_status_message (description);
  g_free (self->job_status);
  self->job_status = g_strdup (status);

  if (self->job_status != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), self->job_status);
      gtk_widget_remove_css_class (self->status, "sw-status-running");
      gtk_widget_remove_css_class (self->status, "sw-status-succeeded");
      gtk_widget_remove_css_class (self->status, "sw-status-failed");
      gtk_widget_remove_css_class (self->status, "sw-status-aborted");
      status_klass = g_strdup (g_strcmp0 (status, "Completed") == 0 ? "sw-status-succeeded" :
                               g_strcmp0 (status, "Failed") == 0 ? "sw-status-failed" :
                               g_strcmp0 (status, "Stopped") == 0 ? "sw-status-aborted"
                                                                  : "sw-status-running");
      gtk_widget_add_css_class (self->status, status_klass);
    }
  {
    g_autofree char *line = g_strdup_printf ("%s%s%s", secondary ? secondary : "",
                                             secondary && message ? " — " : "",
                                             message ? message : "");

    gtk_label_set_text (GTK_LABEL (self->message), line);
  }

  now = sw_run_json_get_time (description, "LastModifiedTime");
  if (now <= 0)
    now = g_get_real_time () / 1e6;
  start = sw_run_json_get_time (description, "TrainingStartTime");
  if (self->first_seen == 0)
    self->first_seen = start > 0 ? start : now;
  if (start <= 0)
    start = self->first_seen;

  parsed = parse_message (message, &epoch_x, &fraction, &epoch, &epochs);
  if (parsed)
    {
      self->have_epochs = TRUE;
      self->epoch_x = epoch_x;
      self->n_epochs = epochs;
      self->progress_value = fraction;
    }
  if (g_strcmp0 (status, "Completed") == 0)
    {
      /* The last metrics belong to the end of the last epoch, whatever the message. */
      self->progress_value = 1;
      if (self->have_epochs)
        self->epoch_x = self->n_epochs;
    }
  x = self->have_epochs ? self->epoch_x : (now - start) / 60.0;
  if (parsed)
    {
      /* The whole job's width from the start: the curves grow into it. */
      sw_training_plot_set_x_range (SW_TRAINING_PLOT (self->loss_plot), 0, epochs);
      sw_training_plot_set_x_range (SW_TRAINING_PLOT (self->accuracy_plot), 0, epochs);
    }
  sw_training_plot_set_x_label (SW_TRAINING_PLOT (self->loss_plot),
                                self->have_epochs ? _("Epoch") : _("Minutes of training"));
  sw_training_plot_set_x_label (SW_TRAINING_PLOT (self->accuracy_plot),
                                self->have_epochs ? _("Epoch") : _("Minutes of training"));
  show_time (self, description, now, start);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), self->progress_value);
  if (g_strcmp0 (status, "Completed") == 0)
    bar_text = g_strdup (_("Training complete"));
  else if (parsed && self->progress_value > 0.001)
    {
      double elapsed = now - start;
      double left = elapsed / self->progress_value * (1 - self->progress_value);
      g_autofree char *eta = left < 60 ? g_strdup_printf (_("%.0f s"), ceil (left))
                                       : sw_run_format_duration (left);

      bar_text = g_strdup_printf (_("Epoch %u of %u · %.0f %% · about %s left"), epoch, epochs,
                                  100 * self->progress_value, eta);
    }
  else if (status != NULL)
    bar_text = g_strdup (secondary ? secondary : status);
  if (bar_text != NULL)
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), bar_text);

  metrics_node = json_object_get_member (description, "FinalMetricDataList");
  if (metrics_node != NULL && JSON_NODE_HOLDS_ARRAY (metrics_node))
    metrics = json_node_get_array (metrics_node);
  for (guint i = 0; metrics != NULL && i < json_array_get_length (metrics); i++)
    {
      JsonObject *item = json_array_get_object_element (metrics, i);
      const char *metric = sw_run_json_get_string (item, "MetricName");
      JsonNode *value = item ? json_object_get_member (item, "Value") : NULL;
      double stamp = sw_run_json_get_time (item, "Timestamp");
      double *last;

      if (metric == NULL || value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      last = g_hash_table_lookup (self->last_stamp, metric);
      if (last != NULL && *last == stamp)
        continue;
      if (last == NULL)
        {
          last = g_new (double, 1);
          g_hash_table_insert (self->last_stamp, g_strdup (metric), last);
        }
      *last = stamp;
      for (guint m = 0; m < G_N_ELEMENTS (self->infos); m++)
        if (strcmp (self->infos[m].metric, metric) == 0)
          {
            /* Test metrics are measured at the end of an epoch: by the time a poll sees
             * them the next epoch may have begun. */
            double at = self->have_epochs && !g_str_has_prefix (metric, "train:") ?
                        MAX (1, floor (x + 1e-6)) : x;

            sw_training_plot_add_point (SW_TRAINING_PLOT (self->infos[m].loss ?
                                                          self->loss_plot :
                                                          self->accuracy_plot),
                                        self->infos[m].series, at,
                                        json_node_get_double (value));
          }
    }
  show_metrics (self, metrics);

  artifacts = sw_run_json_get_object (description, "ModelArtifacts");
  /* The model is there once the job completed (a local job names it from the start). */
  if (sw_run_json_get_string (artifacts, "S3ModelArtifacts") != NULL &&
      g_strcmp0 (status, "Completed") == 0)
    {
      g_autofree char *label = NULL;

      g_free (self->artifact_uri);
      self->artifact_uri = g_strdup (sw_run_json_get_string (artifacts, "S3ModelArtifacts"));
      label = g_strdup_printf (_("Model artifact: %s"), self->artifact_uri);
      gtk_link_button_set_uri (GTK_LINK_BUTTON (self->artifact), self->artifact_uri);
      gtk_button_set_label (GTK_BUTTON (self->artifact), label);
      /* A long S3 URI must not widen the pane: shortened in the middle, whole in the
       * tooltip. */
      if (GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (self->artifact))))
        gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->artifact))),
                                 PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_tooltip_text (self->artifact, self->artifact_uri);
      gtk_widget_set_visible (self->artifact, TRUE);
    }
  failure = sw_run_json_get_string (description, "FailureReason");
  gtk_widget_set_visible (self->failure, failure != NULL);
  if (failure != NULL)
    gtk_label_set_text (GTK_LABEL (self->failure), failure);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  SwTrainingMonitor *self = user_data;

  self->timeout_id = 0;
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
described_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SwTrainingMonitor) self = user_data;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;

  output = sw_sagemaker_client_call_finish (SW_SAGEMAKER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (output == NULL)
    {
      /* The job may not exist yet: the Task is scheduled before CreateTrainingJob runs. */
      g_autofree char *words = sw_run_format_error (error);

      g_debug ("DescribeTrainingJob %s: %s", self->job_name, words);
      gtk_label_set_text (GTK_LABEL (self->message), words);
    }
  else
    {
      sw_training_monitor_feed (self, output);
      if (is_terminal (self->job_status))
        {
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
          return;
        }
    }
  if (self->client != NULL)
    self->timeout_id = g_timeout_add (self->interval_ms, poll_timeout_cb, self);
}

static void
poll_now (SwTrainingMonitor *self)
{
  g_autoptr(JsonObject) input = NULL;

  if (self->busy || self->client == NULL || self->job_name == NULL)
    return;
  self->busy = TRUE;
  input = json_object_new ();
  json_object_set_string_member (input, "TrainingJobName", self->job_name);
  sw_sagemaker_client_call_async (self->client, "DescribeTrainingJob", input,
                                  self->cancellable, described_cb, g_object_ref (self));
}

/**
 * sw_training_monitor_watch:
 * @client: the target's SageMaker client
 * @job_name: the training job
 */
void
sw_training_monitor_watch (SwTrainingMonitor *self,
                           SwSageMakerClient *client,
                           const char        *job_name)
{
  g_return_if_fail (SW_IS_TRAINING_MONITOR (self));
  g_return_if_fail (SW_IS_SAGEMAKER_CLIENT (client));
  g_return_if_fail (job_name != NULL);

  if (g_strcmp0 (job_name, self->job_name) == 0 && self->client == client &&
      (self->busy || self->timeout_id != 0))
    return;
  sw_training_monitor_stop (self);
  reset (self);
  g_set_object (&self->client, client);
  g_free (self->job_name);
  self->job_name = g_strdup (job_name);
  gtk_label_set_text (GTK_LABEL (self->title), job_name);
  self->cancellable = g_cancellable_new ();
  poll_now (self);
}

void
sw_training_monitor_stop (SwTrainingMonitor *self)
{
  g_return_if_fail (SW_IS_TRAINING_MONITOR (self));

  sw_run_poll_stop (&self->timeout_id, &self->cancellable);
  self->busy = FALSE;
}

void
sw_training_monitor_set_interval (SwTrainingMonitor *self,
                                  guint              milliseconds)
{
  g_return_if_fail (SW_IS_TRAINING_MONITOR (self));
  self->interval_ms = MAX (milliseconds, 10);
}

const char *
sw_training_monitor_get_job_name (SwTrainingMonitor *self)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), NULL);
  return self->job_name;
}

const char *
sw_training_monitor_get_status (SwTrainingMonitor *self)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), NULL);
  return self->job_status;
}

double
sw_training_monitor_get_progress (SwTrainingMonitor *self)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), 0);
  return self->progress_value;
}

guint
sw_training_monitor_get_n_points (SwTrainingMonitor *self,
                                  const char        *metric)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), 0);

  for (guint m = 0; m < G_N_ELEMENTS (self->infos); m++)
    if (g_strcmp0 (self->infos[m].metric, metric) == 0)
      return sw_training_plot_get_n_points (SW_TRAINING_PLOT (self->infos[m].loss ?
                                                              self->loss_plot :
                                                              self->accuracy_plot),
                                            self->infos[m].series);
  return 0;
}

const char *
sw_training_monitor_get_artifact (SwTrainingMonitor *self)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), NULL);
  return self->artifact_uri;
}

/* The time readout ("Training time 1 min 20 s · 40.00 s per epoch"), or "". */
const char *
sw_training_monitor_get_time_text (SwTrainingMonitor *self)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->time));
}

/**
 * sw_training_monitor_get_plot:
 * @loss: the loss plot, else the accuracy one
 *
 * Returns: (transfer none): one of the two plots
 */
GtkWidget *
sw_training_monitor_get_plot (SwTrainingMonitor *self,
                              gboolean           loss)
{
  g_return_val_if_fail (SW_IS_TRAINING_MONITOR (self), NULL);
  return loss ? self->loss_plot : self->accuracy_plot;
}
