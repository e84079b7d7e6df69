/* sw-sagemaker-jobs.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Training and transform jobs. Each runs on a thread of its own and keeps its
 * DescribeTrainingJob (or DescribeTransformJob) shape up to date under the SageMaker's lock,
 * saved to the store at each change of status and every second while training, so a monitor
 * polling DescribeTrainingJob follows the epochs, batches and metrics. */

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sw-dataset.h"
#include "sw-idx.h"
#include "sw-json.h"
#include "sw-local-s3.h"
#include "sw-pth.h"
#include "sw-sagemaker-private.h"
#include "sw-tar.h"
#include "sw-trainer.h"

typedef struct
{
  SwJobDoneFunc func;
  gpointer data;
} Waiter;

struct _SwJob
{
  gatomicrefcount ref_count;
  SwSageMaker *owner;
  SwJobKind kind;
  char *name;
  char *key;
  SwValue *description;        /* under owner->lock */
  GCancellable *cancellable;
  gboolean finished;           /* under owner->lock */
  gboolean training_done;      /* under owner->lock */
  gboolean max_runtime_hit;    /* under owner->lock */
  GArray *waiters;             /* under owner->lock */
  gint64 last_save_us;

  /* training */
  char *train_uri;
  char *train_dir;
  char *test_uri;
  char *test_dir;
  SwValue *hyperparameters;
  guint threads;
  gint64 max_runtime;
  char *artifact_uri;

  /* transform */
  char *model_name;
  char *input_uri;
  char *output_uri;
  gboolean json_lines;
};

static const char *
kind_dir (SwJobKind kind)
{
  return kind == SW_JOB_TRAINING ? "training-jobs" : "transform-jobs";
}

static char *
job_key (SwJobKind   kind,
         const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_strconcat (kind_dir (kind), "/", lower, NULL);
}

SwJob *
_sw_job_ref (SwJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

void
_sw_job_unref (SwJob *job)
{
  if (job == NULL || !g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_free (job->name);
  g_free (job->key);
  g_clear_pointer (&job->description, sw_value_unref);
  g_clear_object (&job->cancellable);
  g_array_unref (job->waiters);
  g_free (job->train_uri);
  g_free (job->train_dir);
  g_free (job->test_uri);
  g_free (job->test_dir);
  g_clear_pointer (&job->hyperparameters, sw_value_unref);
  g_free (job->artifact_uri);
  g_free (job->model_name);
  g_free (job->input_uri);
  g_free (job->output_uri);
  g_free (job);
}

static SwJob *
job_new (SwSageMaker *owner,
         SwJobKind    kind,
         const char  *name)
{
  SwJob *job = g_new0 (SwJob, 1);

  g_atomic_ref_count_init (&job->ref_count);
  job->owner = owner;
  job->kind = kind;
  job->name = g_strdup (name);
  job->key = job_key (kind, name);
  job->cancellable = g_cancellable_new ();
  job->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  return job;
}

static void
append_copy (SwValue    *to,
             SwValue    *from,
             const char *key)
{
  SwValue *value = sw_value_object_get (from, key);

  if (value != NULL)
    sw_value_object_set (to, key, sw_value_copy (value));
}

/* Saves the description; the caller holds the lock. */
static void
save_locked (SwJob *job)
{
  g_autoptr(GError) error = NULL;

  job->last_save_us = g_get_monotonic_time ();
  if (!_sw_sagemaker_save (job->owner, kind_dir (job->kind), job->name, job->description,
                           &error))
    g_warning ("%s", error->message);
}

/* SecondaryStatusTransitions: the previous one ends, a new one starts. */
static void
transition (SwJob      *job,
            const char *status,
            const char *message)
{
  SwSageMaker *self = job->owner;
  SwValue *transitions, *item;
  double now = _sw_sagemaker_now ();
  guint n;

  g_mutex_lock (&self->lock);
  transitions = sw_value_object_get (job->description, "SecondaryStatusTransitions");
  n = sw_value_array_get_length (transitions);
  if (n > 0)
    {
      SwValue *last = sw_value_array_get (transitions, n - 1);

      if (!sw_value_object_has (last, "EndTime"))
        _sw_set_number (last, "EndTime", now);
    }
  item = sw_value_new_object ();
  _sw_set_string (item, "Status", status);
  _sw_set_number (item, "StartTime", now);
  _sw_set_string (item, "StatusMessage", message);
  sw_value_array_append (transitions, item);
  _sw_set_string (job->description, "SecondaryStatus", status);
  _sw_set_number (job->description, "LastModifiedTime", now);
  save_locked (job);
  g_mutex_unlock (&self->lock);
}

static void
set_status_message (SwJob      *job,
                    const char *message)
{
  SwValue *transitions = sw_value_object_get (job->description, "SecondaryStatusTransitions");
  guint n = sw_value_array_get_length (transitions);

  if (n > 0)
    _sw_set_string (sw_value_array_get (transitions, n - 1), "StatusMessage", message);
}

static void
set_metric (SwJob      *job,
            const char *metric,
            double      value)
{
  SwValue *list = sw_value_object_get (job->description, "FinalMetricDataList");
  SwValue *item = NULL;

  for (guint i = 0; i < sw_value_array_get_length (list) && item == NULL; i++)
    if (g_strcmp0 (_sw_string_member (sw_value_array_get (list, i), "MetricName"), metric) == 0)
      item = sw_value_array_get (list, i);
  if (item == NULL)
    {
      item = sw_value_new_object ();
      _sw_set_string (item, "MetricName", metric);
      sw_value_array_append (list, item);
    }
  _sw_set_number (item, "Value", value);
  _sw_set_number (item, "Timestamp", _sw_sagemaker_now ());
}

/* Ends the job: final status, times, waiters told (without the lock held). */
static void
finish (SwJob      *job,
        const char *status,
        const char *secondary,
        const char *message,
        const char *failure)
{
  SwSageMaker *self = job->owner;
  gboolean training = job->kind == SW_JOB_TRAINING;
  g_autoptr(GArray) waiters = NULL;
  g_autoptr(SwValue) snapshot = NULL;
  double now;

  if (training)
    transition (job, secondary, message);

  g_mutex_lock (&self->lock);
  now = _sw_sagemaker_now ();
  _sw_set_string (job->description, training ? "TrainingJobStatus" : "TransformJobStatus", status);
  if (failure != NULL)
    _sw_set_string (job->description, "FailureReason", failure);
  if (training)
    {
      SwValue *transitions = sw_value_object_get (job->description,
                                                  "SecondaryStatusTransitions");
      SwValue *start = sw_value_object_get (job->description, "TrainingStartTime");
      double seconds = start != NULL ? now - sw_value_get_double (start) : 0;
      guint n = sw_value_array_get_length (transitions);

      if (n > 0)
        _sw_set_number (sw_value_array_get (transitions, n - 1), "EndTime", now);
      if (start == NULL)
        _sw_set_number (job->description, "TrainingStartTime", now);
      _sw_set_number (job->description, "TrainingEndTime", now);
      sw_value_object_set (job->description, "TrainingTimeInSeconds",
                           sw_value_new_int (MAX (1, (gint64) ceil (seconds))));
      sw_value_object_set (job->description, "BillableTimeInSeconds",
                           sw_value_new_int (MAX (1, (gint64) ceil (seconds))));
    }
  else
    {
      if (!sw_value_object_has (job->description, "TransformStartTime"))
        _sw_set_number (job->description, "TransformStartTime", now);
      _sw_set_number (job->description, "TransformEndTime", now);
    }
  _sw_set_number (job->description, "LastModifiedTime", now);
  save_locked (job);
  job->finished = TRUE;
  waiters = g_steal_pointer (&job->waiters);
  job->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  snapshot = sw_value_copy (job->description);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (waiters, Waiter, i);

      waiter->func (job, snapshot, waiter->data);
    }
}

/* Hyperparameters, read as the PyTorch example's argparse reads its arguments. */

static gboolean
hp_int (SwValue     *hp,
        const char  *name,
        gint64       min,
        gint64      *value,
        GString     *problems)
{
  const char *text = _sw_string_member (hp, name);
  char *end = NULL;
  gint64 n;

  if (text == NULL)
    return TRUE;
  n = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || end == text || *end != '\0')
    {
      g_string_append_printf (problems, "argument --%s: invalid int value: '%s'", name, text);
      return FALSE;
    }
  if (n < min)
    {
      g_string_append_printf (problems, "argument --%s: must be at least %" G_GINT64_FORMAT
                              ", not %s", name, min, text);
      return FALSE;
    }
  *value = n;
  return TRUE;
}

static gboolean
hp_float (SwValue     *hp,
          const char  *name,
          double       min,
          double       max,
          double      *value,
          GString     *problems)
{
  const char *text = _sw_string_member (hp, name);
  char *end = NULL;
  double x;

  if (text == NULL)
    return TRUE;
  x = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == text || *end != '\0' || !isfinite (x))
    {
      g_string_append_printf (problems, "argument --%s: invalid float value: '%s'", name, text);
      return FALSE;
    }
  if (x < min || x > max)
    {
      g_string_append_printf (problems, "argument --%s: %s is out of range", name, text);
      return FALSE;
    }
  *value = x;
  return TRUE;
}

typedef struct
{
  SwJob *job;
  guint n_batches;
  guint epochs;
} Progress;

static void
on_progress (SwTrainer             *trainer,
             const SwTrainProgress *p,
             gpointer               user_data)
{
  Progress *progress = user_data;
  SwJob *job = progress->job;
  SwSageMaker *self = job->owner;
  g_autofree char *line = sw_train_progress_format (p);
  g_autofree char *message = NULL;

  _sw_sagemaker_log (self, "%s", line);

  g_mutex_lock (&self->lock);
  if (p->kind == SW_TRAIN_PROGRESS_BATCH)
    {
      message = g_strdup_printf ("Epoch %u/%u, batch %u/%u", p->epoch, p->epochs, p->batch + 1,
                                 p->n_batches);
      set_metric (job, "train:loss", p->loss);
    }
  else
    {
      message = g_strdup_printf ("Epoch %u/%u done: test loss %.4f, accuracy %u/%u",
                                 p->epoch, p->epochs, p->test_loss, p->test_correct,
                                 p->test_total);
      set_metric (job, "train:loss", p->train_loss);
      set_metric (job, "test:loss", p->test_loss);
      set_metric (job, "test:accuracy", 100.0 * p->test_accuracy);
    }
  set_status_message (job, message);
  _sw_set_number (job->description, "LastModifiedTime", _sw_sagemaker_now ());
  if (p->kind == SW_TRAIN_PROGRESS_EPOCH ||
      g_get_monotonic_time () - job->last_save_us > G_USEC_PER_SEC)
    save_locked (job);
  g_mutex_unlock (&self->lock);
}

static gpointer
watchdog (gpointer data)
{
  SwJob *job = data;
  SwSageMaker *self = job->owner;
  gint64 deadline = g_get_monotonic_time () + job->max_runtime * G_USEC_PER_SEC;

  g_mutex_lock (&self->lock);
  while (!job->training_done && g_get_monotonic_time () < deadline)
    g_cond_wait_until (&self->cond, &self->lock, deadline);
  if (!job->training_done)
    {
      job->max_runtime_hit = TRUE;
      g_cancellable_cancel (job->cancellable);
    }
  g_mutex_unlock (&self->lock);
  g_object_unref (self);
  _sw_job_unref (job);
  return NULL;
}

static char *
missing_data_reason (SwJob      *job,
                     const char *uri,
                     const char *dir,
                     const char *detail)
{
  return g_strdup_printf ("ClientError: No S3 objects found under S3 URL \"%s\" given in input "
                          "data source. Stepwise looked for the local copy in %s (%s). Copy "
                          "the MNIST IDX files (train-images-idx3-ubyte.gz, "
                          "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                          "t10k-labels-idx1-ubyte.gz) there, or run with --local-s3 DIR "
                          "naming a root that holds %s.",
                          uri, dir, detail, uri);
}

static gboolean
write_artifact (SwJob   *job,
                SwNet   *net,
                GError **error)
{
  g_autoptr(GBytes) pth = sw_pth_save_to_bytes (net);
  g_autoptr(GBytes) archive = sw_tar_gz_new ("model.pth", pth, g_get_real_time () / 1000000);
  g_autofree char *path = sw_local_s3_path (job->owner->root, job->artifact_uri, error);
  g_autofree char *dir = NULL;

  if (path == NULL)
    return FALSE;
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", dir);
      return FALSE;
    }
  return g_file_set_contents (path, g_bytes_get_data (archive, NULL),
                              g_bytes_get_size (archive), error);
}

static gpointer
train_thread (gpointer data)
{
  SwJob *job = data;
  SwSageMaker *self = job->owner;
  g_autoptr(SwDataset) train_set = NULL;
  g_autoptr(SwDataset) test_set = NULL;
  g_autoptr(SwTrainer) trainer = NULL;
  g_autoptr(SwNet) net = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  gint64 epochs = 10, batch_size = 64, test_batch_size = 1000, log_interval = 10, seed = 1;
  double lr = 0.01, momentum = 0.5;
  gboolean ok, stopped_by_runtime;
  Progress progress = { job, 0, 0 };

  transition (job, "Downloading", "Downloading input data");
  train_set = sw_dataset_load (job->train_dir, SW_DATASET_TRAIN, &error);
  if (train_set == NULL)
    {
      g_autofree char *reason = missing_data_reason (job, job->train_uri, job->train_dir,
                                                     error->message);

      _sw_sagemaker_log (self, "%s", reason);
      finish (job, "Failed", "Failed", reason, reason);
      goto out;
    }
  test_set = sw_dataset_load (job->test_dir, SW_DATASET_TEST, &error);
  if (test_set == NULL)
    {
      g_autofree char *reason = missing_data_reason (job, job->test_uri, job->test_dir,
                                                     error->message);

      _sw_sagemaker_log (self, "%s", reason);
      finish (job, "Failed", "Failed", reason, reason);
      goto out;
    }

  transition (job, "Training", "Training image download completed. Training in progress.");
  if (!hp_int (job->hyperparameters, "epochs", 0, &epochs, problems) ||
      !hp_int (job->hyperparameters, "batch-size", 1, &batch_size, problems) ||
      !hp_int (job->hyperparameters, "test-batch-size", 1, &test_batch_size, problems) ||
      !hp_int (job->hyperparameters, "log-interval", 1, &log_interval, problems) ||
      !hp_int (job->hyperparameters, "seed", 0, &seed, problems) ||
      !hp_float (job->hyperparameters, "lr", 0, G_MAXDOUBLE, &lr, problems) ||
      !hp_float (job->hyperparameters, "momentum", 0, 1, &momentum, problems))
    {
      g_autofree char *reason =
        g_strdup_printf ("AlgorithmError: ExecuteUserScriptError:\nExitCode 2\nErrorMessage "
                         "\"mnist.py: error: %s\"", problems->str);

      _sw_sagemaker_log (self, "mnist.py: error: %s", problems->str);
      finish (job, "Failed", "Failed", reason, reason);
      goto out;
    }
  batch_size = MIN (batch_size, 65536);

  _sw_sagemaker_log (self, "Training %s: %u training and %u test images, %" G_GINT64_FORMAT
                     " epochs, batch size %" G_GINT64_FORMAT ", lr %g, momentum %g, %u threads",
                     job->name, sw_dataset_get_size (train_set), sw_dataset_get_size (test_set),
                     epochs, batch_size, lr, momentum, job->threads);
  trainer = sw_trainer_new ();
  g_object_set (trainer,
                "train-set", train_set,
                "test-set", test_set,
                "epochs", (guint) epochs,
                "batch-size", (guint) batch_size,
                "test-batch-size", (guint) test_batch_size,
                "lr", lr,
                "momentum", momentum,
                "seed", (guint64) seed,
                "log-interval", (guint) log_interval,
                "threads", job->threads,
                NULL);
  sw_trainer_set_progress_func (trainer, on_progress, &progress, NULL);
  g_object_ref (self);
  g_thread_unref (g_thread_new ("sw-sagemaker-watchdog", watchdog, _sw_job_ref (job)));
  ok = epochs == 0 || sw_trainer_train (trainer, job->cancellable, &error);

  g_mutex_lock (&self->lock);
  job->training_done = TRUE;
  stopped_by_runtime = job->max_runtime_hit;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  net = sw_trainer_dup_net (trainer);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *reason = g_strdup_printf ("AlgorithmError: %s", error->message);

      _sw_sagemaker_log (self, "%s", error->message);
      finish (job, "Failed", "Failed", reason, reason);
      goto out;
    }

  /* SageMaker uploads what /opt/ml/model holds even when the job is stopped. */
  transition (job, "Uploading", "Uploading generated training model");
  g_clear_error (&error);
  if (net != NULL && !write_artifact (job, net, &error))
    {
      g_autofree char *reason = g_strdup_printf ("ClientError: Cannot upload the model "
                                                 "artifact to %s: %s", job->artifact_uri,
                                                 error->message);

      finish (job, "Failed", "Failed", reason, reason);
      goto out;
    }
  if (ok)
    {
      _sw_sagemaker_log (self, "Model artifact written to %s", job->artifact_uri);
      finish (job, "Completed", "Completed", "Training job completed", NULL);
    }
  else if (stopped_by_runtime)
    {
      _sw_sagemaker_log (self, "Training stopped: MaxRuntimeInSeconds (%" G_GINT64_FORMAT
                         " s) exceeded", job->max_runtime);
      finish (job, "Stopped", "MaxRuntimeExceeded",
              "Training job runtime exceeded MaxRuntimeInSeconds provided",
              "Training job runtime exceeded MaxRuntimeInSeconds provided");
    }
  else
    finish (job, "Stopped", "Stopped", "Training job stopped", NULL);

out:
  g_mutex_lock (&self->lock);
  job->training_done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_object_unref (self);
  _sw_job_unref (job);
  return NULL;
}

static SwValue *
find_channel (SwValue     *channels,
              const char **names)
{
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < sw_value_array_get_length (channels); i++)
      {
        SwValue *channel = sw_value_array_get (channels, i);

        if (g_strcmp0 (_sw_string_member (channel, "ChannelName"), names[n]) == 0)
          return channel;
      }
  return NULL;
}

static const char *
channel_uri (SwValue *channel)
{
  SwValue *source = channel != NULL ? sw_value_object_get (channel, "DataSource") : NULL;

  return _sw_string_member (source != NULL ? sw_value_object_get (source, "S3DataSource") : NULL,
                            "S3Uri");
}

/* The validation the service does before it accepts a training job. */
static gboolean
check_training_request (SwValue  *request,
                        GError  **error)
{
  static const char *input_modes[] = { "Pipe", "File", "FastFile", NULL };
  static const char *data_types[] = { "ManifestFile", "S3Prefix", "AugmentedManifestFile",
                                      NULL };
  static const char *distributions[] = { "FullyReplicated", "ShardedByS3Key", NULL };
  SwCheck check;
  SwValue *algorithm, *channels, *output, *resources, *stopping, *hp;

  _sw_check_init (&check);
  _sw_check_string (&check, request, "TrainingJobName", "trainingJobName", TRUE,
                    SW_NAME_PATTERN, 63);
  hp = sw_value_object_get (request, "HyperParameters");
  if (hp != NULL && !sw_value_is_null (hp))
    {
      if (!sw_value_is_object (hp))
        _sw_check_add (&check, hp, "hyperParameters", "Member must be a map");
      else
        {
          if (sw_value_object_get_size (hp) > 100)
            _sw_check_add (&check, hp, "hyperParameters",
                           "Member must have length less than or equal to 100");
          for (guint i = 0; i < sw_value_object_get_size (hp); i++)
            {
              SwValue *value = sw_value_object_get_value (hp, i);

              if (!sw_value_is_string (value))
                {
                  g_autofree char *constraint =
                    g_strdup_printf ("Map value must satisfy constraint: [Member must be a "
                                     "string (the value of '%s')]",
                                     sw_value_object_get_key (hp, i));

                  _sw_check_add (&check, hp, "hyperParameters", constraint);
                }
              else if (g_utf8_strlen (sw_value_get_string (value), -1) > 2500)
                _sw_check_add (&check, hp, "hyperParameters",
                               "Map value must satisfy constraint: [Member must have length "
                               "less than or equal to 2500]");
            }
        }
    }
  algorithm = _sw_check_object (&check, request, "AlgorithmSpecification",
                                "algorithmSpecification", TRUE);
  if (algorithm != NULL)
    {
      _sw_check_string (&check, algorithm, "TrainingImage",
                        "algorithmSpecification.trainingImage", FALSE, NULL, 255);
      _sw_check_enum (&check, algorithm, "TrainingInputMode",
                      "algorithmSpecification.trainingInputMode", TRUE, input_modes);
    }
  _sw_check_string (&check, request, "RoleArn", "roleArn", TRUE, SW_ROLE_PATTERN, 2048);
  channels = _sw_check_array (&check, request, "InputDataConfig", "inputDataConfig", FALSE,
                              1, 20);
  for (guint i = 0; channels != NULL && i < sw_value_array_get_length (channels); i++)
    {
      SwValue *channel = sw_value_array_get (channels, i);
      g_autofree char *base = g_strdup_printf ("inputDataConfig.%u.member", i + 1);
      g_autofree char *p_name = g_strconcat (base, ".channelName", NULL);
      g_autofree char *p_source = g_strconcat (base, ".dataSource", NULL);
      g_autofree char *p_s3 = g_strconcat (base, ".dataSource.s3DataSource", NULL);
      g_autofree char *p_uri = g_strconcat (p_s3, ".s3Uri", NULL);
      g_autofree char *p_type = g_strconcat (p_s3, ".s3DataType", NULL);
      g_autofree char *p_dist = g_strconcat (p_s3, ".s3DataDistributionType", NULL);
      SwValue *source, *s3;

      _sw_check_string (&check, channel, "ChannelName", p_name, TRUE, "[A-Za-z0-9\\.\\-_]+",
                        64);
      source = _sw_check_object (&check, channel, "DataSource", p_source, TRUE);
      s3 = source != NULL ? _sw_check_object (&check, source, "S3DataSource", p_s3, FALSE)
                          : NULL;
      if (s3 != NULL)
        {
          _sw_check_string (&check, s3, "S3Uri", p_uri, TRUE, SW_S3_PATTERN, 1024);
          _sw_check_enum (&check, s3, "S3DataType", p_type, TRUE, data_types);
          _sw_check_enum (&check, s3, "S3DataDistributionType", p_dist, FALSE, distributions);
        }
    }
  output = _sw_check_object (&check, request, "OutputDataConfig", "outputDataConfig", TRUE);
  if (output != NULL)
    _sw_check_string (&check, output, "S3OutputPath", "outputDataConfig.s3OutputPath", TRUE,
                      SW_S3_PATTERN, 1024);
  resources = _sw_check_object (&check, request, "ResourceConfig", "resourceConfig", TRUE);
  if (resources != NULL)
    {
      _sw_check_string (&check, resources, "InstanceType", "resourceConfig.instanceType", FALSE,
                        "^ml\\.[a-z0-9]+\\.[a-z0-9]+$", 64);
      _sw_check_int (&check, resources, "InstanceCount", "resourceConfig.instanceCount", FALSE,
                     1, G_MAXINT32, NULL);
      _sw_check_int (&check, resources, "VolumeSizeInGB", "resourceConfig.volumeSizeInGB",
                     TRUE, 1, G_MAXINT32, NULL);
    }
  stopping = _sw_check_object (&check, request, "StoppingCondition", "stoppingCondition", TRUE);
  if (stopping != NULL)
    _sw_check_int (&check, stopping, "MaxRuntimeInSeconds",
                   "stoppingCondition.maxRuntimeInSeconds", FALSE, 1, G_MAXINT32, NULL);
  if (!_sw_check_finish (&check, error))
    return FALSE;
  if (_sw_string_member (algorithm, "TrainingImage") == NULL &&
      _sw_string_member (algorithm, "AlgorithmName") == NULL)
    {
      g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           "Either AlgorithmName or TrainingImage must be specified.");
      return FALSE;
    }
  return TRUE;
}

static SwValue *
copy_channels (SwValue *channels)
{
  SwValue *copy = sw_value_new_array ();

  for (guint i = 0; channels != NULL && i < sw_value_array_get_length (channels); i++)
    {
      SwValue *channel = sw_value_copy (sw_value_array_get (channels, i));

      if (!sw_value_object_has (channel, "CompressionType"))
        _sw_set_string (channel, "CompressionType", "None");
      if (!sw_value_object_has (channel, "RecordWrapperType"))
        _sw_set_string (channel, "RecordWrapperType", "None");
      sw_value_array_append (copy, channel);
    }
  return copy;
}

static void
add_waiter (SwJob         *job,
            SwJobDoneFunc  done,
            gpointer       data)
{
  Waiter waiter = { done, data };

  if (done != NULL)
    g_array_append_val (job->waiters, waiter);
}

#define INTERRUPTED_REASON \
  "InternalServerError: The local SageMaker stopped while this job was running (the process " \
  "was shut down or killed); the job cannot be resumed. Start it again."

/**
 * sw_sagemaker_recover_jobs:
 *
 * Ends the training and transform jobs an earlier process left InProgress or Stopping
 * under the local S3 root: each becomes Failed with a FailureReason that says so, as a
 * job whose instance died does. Call it once at start-up, before any job runs, from the
 * only process that uses the root (the local endpoint does).
 *
 * Returns: how many jobs were ended
 */
guint
sw_sagemaker_recover_jobs (SwSageMaker *self)
{
  static const SwJobKind kinds[] = { SW_JOB_TRAINING, SW_JOB_TRANSFORM };
  guint n = 0;

  g_return_val_if_fail (SW_IS_SAGEMAKER (self), 0);

  g_mutex_lock (&self->lock);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      gboolean training = kinds[k] == SW_JOB_TRAINING;
      const char *status_key = training ? "TrainingJobStatus" : "TransformJobStatus";
      g_autoptr(GPtrArray) names = _sw_sagemaker_list_names (self, kind_dir (kinds[k]));

      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          g_autofree char *key = job_key (kinds[k], name);
          g_autoptr(SwValue) record = NULL;
          const char *status;
          double now = _sw_sagemaker_now ();

          if (g_hash_table_contains (self->jobs, key))
            continue;
          record = _sw_sagemaker_load (self, kind_dir (kinds[k]), name);
          status = record != NULL ? _sw_string_member (record, status_key) : NULL;
          if (g_strcmp0 (status, "InProgress") != 0 && g_strcmp0 (status, "Stopping") != 0)
            continue;
          _sw_set_string (record, status_key, "Failed");
          _sw_set_string (record, "FailureReason", INTERRUPTED_REASON);
          if (training)
            {
              SwValue *transitions = sw_value_object_get (record, "SecondaryStatusTransitions");
              SwValue *item = sw_value_new_object ();
              guint count = transitions != NULL && sw_value_is_array (transitions)
                              ? sw_value_array_get_length (transitions) : 0;

              if (count > 0)
                _sw_set_number (sw_value_array_get (transitions, count - 1), "EndTime", now);
              _sw_set_string (item, "Status", "Failed");
              _sw_set_number (item, "StartTime", now);
              _sw_set_number (item, "EndTime", now);
              _sw_set_string (item, "StatusMessage", INTERRUPTED_REASON);
              if (transitions != NULL && sw_value_is_array (transitions))
                sw_value_array_append (transitions, item);
              else
                sw_value_unref (item);
              _sw_set_string (record, "SecondaryStatus", "Failed");
              _sw_set_number (record, "TrainingEndTime", now);
            }
          else
            _sw_set_number (record, "TransformEndTime", now);
          _sw_set_number (record, "LastModifiedTime", now);
          if (_sw_sagemaker_save (self, kind_dir (kinds[k]), name, record, NULL))
            n++;
        }
    }
  g_mutex_unlock (&self->lock);
  return n;
}

static gboolean
name_in_use (SwSageMaker *self,
             SwJobKind    kind,
             const char  *name)
{
  g_autofree char *key = job_key (kind, name);
  g_autoptr(SwValue) record = NULL;

  if (g_hash_table_contains (self->jobs, key))
    return TRUE;
  record = _sw_sagemaker_load (self, kind_dir (kind), name);
  return record != NULL;
}

SwValue *
_sw_sagemaker_create_training_job (SwSageMaker    *self,
                                   SwValue        *request,
                                   SwJobDoneFunc   done,
                                   gpointer        done_data,
                                   GError        **error)
{
  static const char *train_names[] = { "train", "training", NULL };
  static const char *test_names[] = { "test", "testing", "validation", NULL };
  const char *name, *output_path;
  SwValue *channels, *train, *test, *resources, *stopping, *description, *transitions;
  SwValue *hp;
  g_autofree char *arn = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) local_error = NULL;
  SwJob *job;
  SwValue *response;
  gint64 count = 1, max_runtime = 86400;
  double now = _sw_sagemaker_now ();

  if (!check_training_request (request, error))
    return NULL;
  name = _sw_string_member (request, "TrainingJobName");
  arn = _sw_sagemaker_arn (self, "training-job", name);
  channels = sw_value_object_get (request, "InputDataConfig");
  if (channels == NULL || !sw_value_is_array (channels) ||
      sw_value_array_get_length (channels) == 0)
    {
      g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           "The local trainer needs an InputDataConfig channel (\"training\" or "
                           "\"train\") whose S3Uri holds the MNIST IDX files.");
      return NULL;
    }
  train = find_channel (channels, train_names);
  if (train == NULL)
    train = sw_value_array_get (channels, 0);
  test = find_channel (channels, test_names);
  if (test == NULL)
    test = train;
  resources = sw_value_object_get (request, "ResourceConfig");
  stopping = sw_value_object_get (request, "StoppingCondition");
  if (sw_value_object_get (resources, "InstanceCount") != NULL)
    sw_value_get_int64 (sw_value_object_get (resources, "InstanceCount"), &count);
  if (sw_value_object_get (stopping, "MaxRuntimeInSeconds") != NULL)
    sw_value_get_int64 (sw_value_object_get (stopping, "MaxRuntimeInSeconds"), &max_runtime);
  output_path = _sw_string_member (sw_value_object_get (request, "OutputDataConfig"),
                                   "S3OutputPath");

  g_mutex_lock (&self->lock);
  _sw_sagemaker_ensure_seeded (self);
  if (name_in_use (self, SW_JOB_TRAINING, name))
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_RESOURCE_IN_USE,
                   "Training job names must be unique within an AWS account and region, and a "
                   "training job with this name already exists (%s)", arn);
      return NULL;
    }

  job = job_new (self, SW_JOB_TRAINING, name);
  job->train_uri = g_strdup (channel_uri (train));
  job->test_uri = g_strdup (channel_uri (test));
  job->train_dir = job->train_uri != NULL
                     ? sw_local_s3_path (self->root, job->train_uri, &local_error) : NULL;
  job->test_dir = job->test_uri != NULL
                    ? sw_local_s3_path (self->root, job->test_uri, NULL) : NULL;
  if (job->train_dir == NULL || job->test_dir == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "The input channel's S3Uri cannot be read from the local S3 root: %s",
                   local_error != NULL ? local_error->message : "no S3Uri");
      _sw_job_unref (job);
      return NULL;
    }
  hp = sw_value_object_get (request, "HyperParameters");
  job->hyperparameters = hp != NULL && sw_value_is_object (hp) ? sw_value_copy (hp)
                                                                : sw_value_new_object ();
  job->threads = _sw_sagemaker_threads_for (self, _sw_string_member (resources, "InstanceType"),
                                            count);
  job->max_runtime = max_runtime;
  base = g_str_has_suffix (output_path, "/") ? g_strndup (output_path, strlen (output_path) - 1)
                                              : g_strdup (output_path);
  job->artifact_uri = g_strdup_printf ("%s/%s/output/model.tar.gz", base, name);

  description = sw_value_new_object ();
  _sw_set_string (description, "TrainingJobName", name);
  _sw_set_string (description, "TrainingJobArn", arn);
  {
    SwValue *artifacts = sw_value_new_object ();

    _sw_set_string (artifacts, "S3ModelArtifacts", job->artifact_uri);
    sw_value_object_set (description, "ModelArtifacts", artifacts);
  }
  _sw_set_string (description, "TrainingJobStatus", "InProgress");
  _sw_set_string (description, "SecondaryStatus", "Starting");
  sw_value_object_set (description, "HyperParameters", sw_value_copy (job->hyperparameters));
  {
    SwValue *algorithm = sw_value_copy (sw_value_object_get (request,
                                                             "AlgorithmSpecification"));

    if (!sw_value_object_has (algorithm, "EnableSageMakerMetricsTimeSeries"))
      sw_value_object_set (algorithm, "EnableSageMakerMetricsTimeSeries",
                           sw_value_new_boolean (FALSE));
    sw_value_object_set (description, "AlgorithmSpecification", algorithm);
  }
  append_copy (description, request, "RoleArn");
  sw_value_object_set (description, "InputDataConfig", copy_channels (channels));
  {
    SwValue *output = sw_value_copy (sw_value_object_get (request, "OutputDataConfig"));

    if (!sw_value_object_has (output, "KmsKeyId"))
      sw_value_object_insert (output, 0, "KmsKeyId", sw_value_new_string (""));
    sw_value_object_set (description, "OutputDataConfig", output);
  }
  {
    SwValue *resource_config = sw_value_copy (resources);

    if (!sw_value_object_has (resource_config, "InstanceCount"))
      sw_value_object_set (resource_config, "InstanceCount", sw_value_new_int (1));
    sw_value_object_set (description, "ResourceConfig", resource_config);
  }
  append_copy (description, request, "VpcConfig");
  {
    SwValue *condition = sw_value_copy (stopping);

    if (!sw_value_object_has (condition, "MaxRuntimeInSeconds"))
      sw_value_object_set (condition, "MaxRuntimeInSeconds", sw_value_new_int (max_runtime));
    sw_value_object_set (description, "StoppingCondition", condition);
  }
  _sw_set_number (description, "CreationTime", now);
  _sw_set_number (description, "TrainingStartTime", now);
  _sw_set_number (description, "LastModifiedTime", now);
  transitions = sw_value_new_array ();
  {
    SwValue *item = sw_value_new_object ();

    _sw_set_string (item, "Status", "Starting");
    _sw_set_number (item, "StartTime", now);
    _sw_set_string (item, "StatusMessage", "Preparing the instances for training");
    sw_value_array_append (transitions, item);
  }
  sw_value_object_set (description, "SecondaryStatusTransitions", transitions);
  sw_value_object_set (description, "FinalMetricDataList", sw_value_new_array ());
  sw_value_object_set (description, "EnableNetworkIsolation", sw_value_new_boolean (FALSE));
  sw_value_object_set (description, "EnableInterContainerTrafficEncryption",
                          sw_value_new_boolean (FALSE));
  sw_value_object_set (description, "EnableManagedSpotTraining",
                          sw_value_new_boolean (FALSE));
  job->description = description;
  save_locked (job);
  add_waiter (job, done, done_data);
  g_hash_table_replace (self->jobs, g_strdup (job->key), _sw_job_ref (job));
  g_mutex_unlock (&self->lock);

  _sw_sagemaker_log (self, "Training job %s created (%s)", name, arn);
  g_object_ref (self);
  g_thread_unref (g_thread_new ("sw-sagemaker-training", train_thread, job));

  response = sw_value_new_object ();
  _sw_set_string (response, "TrainingJobArn", arn);
  return response;
}

/* Transform jobs */

static GPtrArray *
transform_inputs (const char  *path,
                  GError     **error)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_ptr_array_add (files, g_strdup (path));
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (strstr (entry, "idx3-ubyte") != NULL)
          g_ptr_array_add (files, g_build_filename (path, entry, NULL));
      g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
    }
  else
    {
      /* An S3 prefix: the files of the parent directory whose names start with it. */
      g_autofree char *dir_path = g_path_get_dirname (path);
      g_autofree char *prefix = g_path_get_basename (path);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (entry, prefix))
          g_ptr_array_add (files, g_build_filename (dir_path, entry, NULL));
    }
  if (files->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no IDX image file (…-idx3-ubyte[.gz]) at %s", path);
      g_ptr_array_unref (files);
      return NULL;
    }
  return files;
}

static gpointer
transform_thread (gpointer data)
{
  SwJob *job = data;
  SwSageMaker *self = job->owner;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(SwNet) net = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *output_dir = NULL;

  g_mutex_lock (&self->lock);
  net = _sw_sagemaker_load_model (self, job->model_name, &error);
  g_mutex_unlock (&self->lock);
  if (net == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("ClientError: %s", error->message);

      finish (job, "Failed", NULL, NULL, reason);
      goto out;
    }
  input_path = sw_local_s3_path (self->root, job->input_uri, &error);
  if (input_path != NULL)
    inputs = transform_inputs (input_path, &error);
  if (inputs == NULL)
    {
      g_autofree char *reason =
        g_strdup_printf ("ClientError: No S3 objects found under S3 URL \"%s\". Stepwise "
                         "looked for the local copy in %s: %s. Copy the IDX image files there "
                         "or run with --local-s3 DIR naming a root that holds them.",
                         job->input_uri, input_path != NULL ? input_path : "(none)",
                         error->message);

      finish (job, "Failed", NULL, NULL, reason);
      goto out;
    }
  output_dir = sw_local_s3_path (self->root, job->output_uri, &error);
  if (output_dir == NULL || g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      g_autofree char *reason = g_strdup_printf ("ClientError: Cannot write to %s",
                                                 job->output_uri);

      finish (job, "Failed", NULL, NULL, reason);
      goto out;
    }
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *file = g_ptr_array_index (inputs, i);
      g_autofree char *contents = NULL;
      g_autofree char *base = g_path_get_basename (file);
      g_autofree char *out_name = g_strconcat (base, ".out", NULL);
      g_autofree char *out_path = g_build_filename (output_dir, out_name, NULL);
      g_autofree char *json = NULL;
      g_autoptr(GBytes) images = NULL;
      guint32 dims[SW_IDX_MAX_DIMS];
      gsize length;

      if (!g_file_get_contents (file, &contents, &length, &error) ||
          (images = sw_idx_decode ((const guint8 *) contents, length, base, 3, dims,
                                   &error)) == NULL)
        {
          g_autofree char *reason = g_strdup_printf ("ClientError: %s", error->message);

          finish (job, "Failed", NULL, NULL, reason);
          goto out;
        }
      if (dims[1] != SW_DATASET_IMAGE_SIZE || dims[2] != SW_DATASET_IMAGE_SIZE)
        {
          g_autofree char *reason =
            g_strdup_printf ("ClientError: %s holds %u×%u images; the model takes 28×28", base,
                             dims[1], dims[2]);

          finish (job, "Failed", NULL, NULL, reason);
          goto out;
        }
      json = _sw_sagemaker_predictions_json (net, g_bytes_get_data (images, NULL), dims[0],
                                             job->threads, TRUE);
      if (!g_file_set_contents (out_path, json, -1, &error))
        {
          g_autofree char *reason = g_strdup_printf ("ClientError: %s", error->message);

          finish (job, "Failed", NULL, NULL, reason);
          goto out;
        }
      _sw_sagemaker_log (self, "Transform job %s: %u predictions written to %s/%s", job->name,
                         dims[0], job->output_uri, out_name);
    }
  finish (job, "Completed", NULL, NULL, NULL);

out:
  g_object_unref (self);
  _sw_job_unref (job);
  return NULL;
}

SwValue *
_sw_sagemaker_create_transform_job (SwSageMaker    *self,
                                    SwValue        *request,
                                    SwJobDoneFunc   done,
                                    gpointer        done_data,
                                    GError        **error)
{
  static const char *data_types[] = { "ManifestFile", "S3Prefix", "AugmentedManifestFile",
                                      NULL };
  SwCheck check;
  const char *name, *model, *input_uri, *output_uri;
  SwValue *input, *source, *s3, *output, *resources, *description;
  g_autoptr(SwValue) model_record = NULL;
  g_autofree char *arn = NULL;
  SwValue *response;
  SwJob *job;
  gint64 count = 1;
  double now = _sw_sagemaker_now ();

  _sw_check_init (&check);
  name = _sw_check_string (&check, request, "TransformJobName", "transformJobName", TRUE,
                           SW_NAME_PATTERN, 63);
  model = _sw_check_string (&check, request, "ModelName", "modelName", TRUE, SW_NAME_PATTERN,
                            63);
  input = _sw_check_object (&check, request, "TransformInput", "transformInput", TRUE);
  source = input != NULL ? _sw_check_object (&check, input, "DataSource",
                                             "transformInput.dataSource", TRUE) : NULL;
  s3 = source != NULL ? _sw_check_object (&check, source, "S3DataSource",
                                          "transformInput.dataSource.s3DataSource", TRUE)
                      : NULL;
  input_uri = s3 != NULL ? _sw_check_string (&check, s3, "S3Uri",
                                             "transformInput.dataSource.s3DataSource.s3Uri",
                                             TRUE, SW_S3_PATTERN, 1024) : NULL;
  if (s3 != NULL)
    _sw_check_enum (&check, s3, "S3DataType", "transformInput.dataSource.s3DataSource.s3DataType",
                    TRUE, data_types);
  output = _sw_check_object (&check, request, "TransformOutput", "transformOutput", TRUE);
  output_uri = output != NULL ? _sw_check_string (&check, output, "S3OutputPath",
                                                  "transformOutput.s3OutputPath", TRUE,
                                                  SW_S3_PATTERN, 1024) : NULL;
  resources = _sw_check_object (&check, request, "TransformResources", "transformResources",
                                TRUE);
  if (resources != NULL)
    {
      _sw_check_string (&check, resources, "InstanceType", "transformResources.instanceType",
                        TRUE, "^ml\\.[a-z0-9]+\\.[a-z0-9]+$", 64);
      _sw_check_int (&check, resources, "InstanceCount", "transformResources.instanceCount",
                     TRUE, 1, G_MAXINT32, &count);
    }
  if (!_sw_check_finish (&check, error))
    return NULL;

  arn = _sw_sagemaker_arn (self, "transform-job", name);
  g_mutex_lock (&self->lock);
  _sw_sagemaker_ensure_seeded (self);
  if (name_in_use (self, SW_JOB_TRANSFORM, name))
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_RESOURCE_IN_USE,
                   "Job name must be unique within an AWS account and region, and a job with "
                   "this name already exists (%s)", arn);
      return NULL;
    }
  model_record = _sw_sagemaker_load (self, "models", model);
  if (model_record == NULL)
    {
      g_autofree char *model_arn = _sw_sagemaker_arn (self, "model", model);

      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Could not find model \"%s\".", model_arn);
      return NULL;
    }

  job = job_new (self, SW_JOB_TRANSFORM, name);
  job->model_name = g_strdup (model);
  job->input_uri = g_strdup (input_uri);
  job->output_uri = g_strdup (output_uri);
  job->threads = _sw_sagemaker_threads_for (self, _sw_string_member (resources, "InstanceType"),
                                            count);
  description = sw_value_new_object ();
  _sw_set_string (description, "TransformJobName", name);
  _sw_set_string (description, "TransformJobArn", arn);
  _sw_set_string (description, "TransformJobStatus", "InProgress");
  _sw_set_string (description, "ModelName", model);
  append_copy (description, request, "MaxConcurrentTransforms");
  append_copy (description, request, "MaxPayloadInMB");
  append_copy (description, request, "BatchStrategy");
  append_copy (description, request, "Environment");
  append_copy (description, request, "TransformInput");
  append_copy (description, request, "TransformOutput");
  append_copy (description, request, "TransformResources");
  _sw_set_number (description, "CreationTime", now);
  _sw_set_number (description, "TransformStartTime", now);
  append_copy (description, request, "DataProcessing");
  job->description = description;
  save_locked (job);
  add_waiter (job, done, done_data);
  g_hash_table_replace (self->jobs, g_strdup (job->key), _sw_job_ref (job));
  g_mutex_unlock (&self->lock);

  g_object_ref (self);
  g_thread_unref (g_thread_new ("sw-sagemaker-transform", transform_thread, job));

  response = sw_value_new_object ();
  _sw_set_string (response, "TransformJobArn", arn);
  return response;
}

SwValue *
_sw_sagemaker_describe_job (SwSageMaker  *self,
                            SwJobKind     kind,
                            const char   *name,
                            GError      **error)
{
  g_autofree char *key = job_key (kind, name);
  SwJob *job;
  SwValue *result;

  g_mutex_lock (&self->lock);
  job = g_hash_table_lookup (self->jobs, key);
  if (job != NULL)
    result = sw_value_copy (job->description);
  else
    result = _sw_sagemaker_load (self, kind_dir (kind), name);
  g_mutex_unlock (&self->lock);
  if (result == NULL)
    g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_RESOURCE_NOT_FOUND,
                         "Requested resource not found.");
  return result;
}

gboolean
_sw_sagemaker_stop_job (SwSageMaker  *self,
                        SwJobKind     kind,
                        const char   *name,
                        GError      **error)
{
  g_autofree char *key = job_key (kind, name);
  SwJob *job;
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  job = g_hash_table_lookup (self->jobs, key);
  if (job == NULL)
    {
      g_autoptr(SwValue) record = _sw_sagemaker_load (self, kind_dir (kind), name);

      ok = FALSE;
      if (record == NULL)
        g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_RESOURCE_NOT_FOUND,
                             "Requested resource not found.");
      else
        g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                     "The job %s is not running in this process and cannot be stopped.", name);
    }
  else if (job->finished)
    {
      ok = FALSE;
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "The request was rejected because the %s job is in status %s.",
                   kind == SW_JOB_TRAINING ? "training" : "transform",
                   _sw_string_member (job->description, kind == SW_JOB_TRAINING
                                                          ? "TrainingJobStatus"
                                                          : "TransformJobStatus"));
    }
  else
    {
      _sw_set_string (job->description, kind == SW_JOB_TRAINING ? "TrainingJobStatus"
                                                                 : "TransformJobStatus",
                      "Stopping");
      g_cancellable_cancel (job->cancellable);
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

void
_sw_sagemaker_cancel_job (SwSageMaker *self,
                          SwJobKind    kind,
                          const char  *name)
{
  _sw_sagemaker_stop_job (self, kind, name, NULL);
}

/**
 * sw_sagemaker_wait_training_job:
 * @name: a training job this process runs
 * @cancellable: (nullable): stops waiting
 *
 * Blocks until the job has ended (tests and command-line tools).
 *
 * Returns: %TRUE if the job ended, %FALSE if it is unknown or waiting was cancelled
 */
gboolean
sw_sagemaker_wait_training_job (SwSageMaker  *self,
                                const char   *name,
                                GCancellable *cancellable)
{
  g_autofree char *key = NULL;
  SwJob *job;
  gboolean finished = FALSE;

  g_return_val_if_fail (SW_IS_SAGEMAKER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  key = job_key (SW_JOB_TRAINING, name);
  g_mutex_lock (&self->lock);
  job = g_hash_table_lookup (self->jobs, key);
  while (job != NULL && !job->finished && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + G_USEC_PER_SEC / 10);
  finished = job != NULL && job->finished;
  g_mutex_unlock (&self->lock);
  return finished;
}
