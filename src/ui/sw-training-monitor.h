/* sw-training-monitor.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "sw-sagemaker-client.h"

G_BEGIN_DECLS

#define SW_TYPE_TRAINING_MONITOR (sw_training_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SwTrainingMonitor, sw_training_monitor, SW, TRAINING_MONITOR, GtkWidget)

/* A SageMaker training job, live: DescribeTrainingJob every second while it trains (the
 * same for the local endpoint and AWS), a progress bar with epoch and ETA from the status
 * message ("Epoch 1/2, batch 300/938"), loss and accuracy curves accumulated from
 * FinalMetricDataList, the final metrics and the model artifact. Signal "finished". */
GtkWidget  *sw_training_monitor_new            (void);
void        sw_training_monitor_watch          (SwTrainingMonitor *self,
                                                SwSageMakerClient *client,
                                                const char        *job_name);
void        sw_training_monitor_stop           (SwTrainingMonitor *self);
/* Takes one DescribeTrainingJob answer (what polling does; tests feed their own). */
void        sw_training_monitor_feed           (SwTrainingMonitor *self,
                                                JsonObject        *description);
void        sw_training_monitor_set_interval   (SwTrainingMonitor *self,
                                                guint              milliseconds);
const char *sw_training_monitor_get_job_name   (SwTrainingMonitor *self);
const char *sw_training_monitor_get_status     (SwTrainingMonitor *self);
/* 0…1 */
double      sw_training_monitor_get_progress   (SwTrainingMonitor *self);
guint       sw_training_monitor_get_n_points   (SwTrainingMonitor *self,
                                                const char        *metric);
const char *sw_training_monitor_get_artifact   (SwTrainingMonitor *self);
const char *sw_training_monitor_get_time_text  (SwTrainingMonitor *self);
/* The loss plot (series: train loss, test loss) or the accuracy one (test accuracy). */
GtkWidget  *sw_training_monitor_get_plot       (SwTrainingMonitor *self,
                                                gboolean           loss);

G_END_DECLS
