/* sw-trainer.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The training loop of the PyTorch MNIST example, drawing from the random generator exactly
 * as the example does with python3-torch 1.13: torch.manual_seed (seed); Net() (the initial
 * weights); then per epoch the DataLoader's base seed, the RandomSampler's seed (whose
 * generator shuffles with randperm), per batch the Dropout2d masks (batch × 20) and the
 * dropout masks (batch × 50); and the test DataLoader's base seed. So a seed gives the same
 * shuffles and masks as torch, and results can be compared step by step. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sw-net-private.h"
#include "sw-pth.h"
#include "sw-train-error.h"
#include "sw-train-step-private.h"
#include "sw-trainer.h"

struct _SwTrainer
{
  GObject parent_instance;

  guint epochs;
  guint batch_size;
  guint test_batch_size;
  double lr;
  double momentum;
  guint64 seed;
  guint log_interval;
  guint threads;
  char *output_dir;
  SwDataset *train_set;
  SwDataset *test_set;
  SwNet *initial_net;
  gboolean running;

  SwTrainProgressFunc progress_func;
  gpointer progress_data;
  GDestroyNotify progress_destroy;

  /* The network being trained; its parameters change under the mutex. */
  GMutex mutex;
  SwNet *net;
};

G_DEFINE_FINAL_TYPE (SwTrainer, sw_trainer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EPOCHS,
  PROP_BATCH_SIZE,
  PROP_TEST_BATCH_SIZE,
  PROP_LR,
  PROP_MOMENTUM,
  PROP_SEED,
  PROP_LOG_INTERVAL,
  PROP_THREADS,
  PROP_OUTPUT_DIR,
  PROP_TRAIN_SET,
  PROP_TEST_SET,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Everything a run needs, copied when it starts: the trainer may change meanwhile. */
typedef struct
{
  guint epochs;
  guint batch_size;
  guint test_batch_size;
  double lr;
  double momentum;
  guint64 seed;
  guint log_interval;
  guint threads;
  char *output_dir;
  SwDataset *train_set;
  SwDataset *test_set;
  SwNet *initial_net;
  SwTrainProgressFunc progress_func;
  gpointer progress_data;
  GMainContext *context;   /* where progress goes; NULL: call directly */
} RunConfig;

static void
run_config_free (RunConfig *config)
{
  g_free (config->output_dir);
  g_clear_pointer (&config->train_set, sw_dataset_unref);
  g_clear_pointer (&config->test_set, sw_dataset_unref);
  g_clear_pointer (&config->initial_net, sw_net_unref);
  g_clear_pointer (&config->context, g_main_context_unref);
  g_free (config);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunConfig, run_config_free)

static RunConfig *
run_config_new (SwTrainer *self)
{
  RunConfig *config = g_new0 (RunConfig, 1);

  config->epochs = self->epochs;
  config->batch_size = self->batch_size;
  config->test_batch_size = self->test_batch_size;
  config->lr = self->lr;
  config->momentum = self->momentum;
  config->seed = self->seed;
  config->log_interval = self->log_interval;
  config->threads = self->threads;
  config->output_dir = g_strdup (self->output_dir);
  config->train_set = self->train_set != NULL ? sw_dataset_ref (self->train_set) : NULL;
  config->test_set = self->test_set != NULL ? sw_dataset_ref (self->test_set) : NULL;
  config->initial_net = self->initial_net != NULL ? sw_net_ref (self->initial_net) : NULL;
  config->progress_func = self->progress_func;
  config->progress_data = self->progress_data;
  return config;
}

typedef struct
{
  SwTrainer *trainer;
  SwTrainProgressFunc func;
  gpointer data;
  SwTrainProgress progress;
} ProgressCall;

static gboolean
progress_call_dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->func (call->trainer, &call->progress, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_object_unref (call->trainer);
  g_free (call);
}

static void
emit_progress (SwTrainer             *self,
               const RunConfig       *config,
               const SwTrainProgress *progress)
{
  ProgressCall *call;

  if (config->progress_func == NULL)
    return;
  if (config->context == NULL)
    {
      config->progress_func (self, progress, config->progress_data);
      return;
    }

  call = g_new0 (ProgressCall, 1);
  call->trainer = g_object_ref (self);
  call->func = config->progress_func;
  call->data = config->progress_data;
  call->progress = *progress;
  g_main_context_invoke_full (config->context, G_PRIORITY_DEFAULT, progress_call_dispatch,
                              call, progress_call_free);
}

static gboolean
write_model (SwTrainer   *self,
             const char  *directory,
             const char  *file,
             GError     **error)
{
  g_autofree char *path = g_build_filename (directory, file, NULL);
  g_autoptr(SwNet) snapshot = sw_trainer_dup_net (self);

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (directory);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create %s: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  return sw_pth_save (snapshot, path, error);
}

static gboolean
diverged (GError      **error,
          guint         epoch,
          guint         batch,
          const char   *why)
{
  g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_DIVERGED,
               _("Training diverged in epoch %u, batch %u: %s. Try a smaller learning rate."),
               epoch, batch, why);
  return FALSE;
}

static gboolean
run (SwTrainer     *self,
     RunConfig     *config,
     GCancellable  *cancellable,
     GError       **error)
{
  g_autoptr(SwTrainStep) step = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree float *initial = NULL;
  const guint8 *images, *labels;
  SwMt19937 mt;
  float *params;
  guint n_train;
  guint n_batches;
  gint64 start_time = g_get_monotonic_time ();

  if (config->train_set == NULL)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_INVALID, _("No training set"));
      return FALSE;
    }

  /* torch.manual_seed (seed); model = Net (): the weights are drawn even when a model is
   * loaded over them, as the example does with --load. */
  _sw_mt19937_seed (&mt, config->seed);
  initial = g_new (float, SW_N_PARAMS);
  _sw_net_init_params (initial, &mt);
  if (config->initial_net != NULL)
    memcpy (initial, sw_net_get_params (config->initial_net), sizeof (float) * SW_N_PARAMS);
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->net, sw_net_unref);
  self->net = sw_net_new_from_params (initial);
  /* The pool reads these while only this thread writes them, under the mutex, between
   * batches; sw_trainer_dup_net() copies them under the mutex. */
  params = _sw_net_get_params_mutable (self->net);
  g_mutex_unlock (&self->mutex);

  n_train = sw_dataset_get_size (config->train_set);
  n_batches = (n_train + config->batch_size - 1) / config->batch_size;
  images = sw_dataset_get_images (config->train_set);
  labels = sw_dataset_get_labels (config->train_set);
  order = g_new (guint32, n_train);
  step = _sw_train_step_new (config->threads, MIN (config->batch_size, n_train));

  g_debug ("Training with %s kernels on %u threads", sw_trainer_get_kernels_name (),
           _sw_train_pool_get_n_threads (_sw_train_step_get_pool (step)));

  for (guint epoch = 1; epoch <= config->epochs; epoch++)
    {
      SwTrainProgress progress = { 0 };
      gint64 epoch_start = g_get_monotonic_time ();
      gint64 train_end;
      double loss_sum = 0.0;

      /* The DataLoader iterator's base seed, then the RandomSampler's. */
      (void) _sw_mt19937_random_int64 (&mt);
      _sw_mt19937_randperm (_sw_mt19937_random_int64 (&mt), order, n_train);

      for (guint batch = 0; batch < n_batches; batch++)
        {
          guint nb = MIN (config->batch_size, n_train - batch * config->batch_size);
          guint next_nb;
          double loss;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;

          /* The next batch's masks are drawn meanwhile, within the epoch only: between
           * epochs the generator also gives the test loader's and the sampler's seeds. */
          next_nb = batch + 1 < n_batches
                    ? MIN (config->batch_size, n_train - (batch + 1) * config->batch_size) : 0;
          loss = _sw_train_step_compute (step, params, images, labels, order,
                                         (gsize) batch * config->batch_size, nb, &mt, next_nb);
          if (!isfinite (loss) || loss > SW_TRAINER_MAX_LOSS)
            {
              char value[G_ASCII_DTOSTR_BUF_SIZE];
              g_autofree char *why = NULL;

              g_ascii_formatd (value, sizeof value, "%g", loss);
              why = g_strdup_printf (_("the loss is %s"), value);
              return diverged (error, epoch, batch, why);
            }
          loss_sum += loss * nb;

          g_mutex_lock (&self->mutex);
          _sw_train_step_apply (step, params, (float) config->lr, (float) config->momentum);
          g_mutex_unlock (&self->mutex);
          if (!sw_net_is_finite (self->net))
            return diverged (error, epoch, batch, _("a weight became NaN or infinite"));

          if (batch % config->log_interval == 0)
            {
              SwTrainProgress bp = { 0 };

              bp.kind = SW_TRAIN_PROGRESS_BATCH;
              bp.epoch = epoch;
              bp.epochs = config->epochs;
              bp.batch = batch;
              bp.n_batches = n_batches;
              bp.samples = batch * nb;
              bp.n_samples = n_train;
              bp.loss = loss;
              bp.elapsed = (g_get_monotonic_time () - start_time) / 1e6;
              emit_progress (self, config, &bp);
            }
        }
      train_end = g_get_monotonic_time ();

      progress.kind = SW_TRAIN_PROGRESS_EPOCH;
      progress.epoch = epoch;
      progress.epochs = config->epochs;
      progress.n_batches = n_batches;
      progress.n_samples = n_train;
      progress.train_loss = loss_sum / n_train;
      progress.train_images_per_second = n_train / MAX ((train_end - epoch_start) / 1e6, 1e-9);

      if (config->test_set != NULL)
        {
          SwEvaluation evaluation;

          /* The test DataLoader iterator's base seed. */
          (void) _sw_mt19937_random_int64 (&mt);
          if (!_sw_net_evaluate_with_pool (self->net, config->test_set,
                                           _sw_train_step_get_pool (step),
                                           _sw_train_step_get_workspaces (step),
                                           config->test_batch_size, &evaluation, cancellable,
                                           error))
            return FALSE;
          progress.test_loss = evaluation.loss;
          progress.test_correct = evaluation.correct;
          progress.test_total = evaluation.total;
          progress.test_accuracy = (double) evaluation.correct / evaluation.total;
          progress.test_images_per_second = evaluation.total / MAX (evaluation.seconds, 1e-9);
        }
      progress.seconds = (g_get_monotonic_time () - epoch_start) / 1e6;
      progress.elapsed = (g_get_monotonic_time () - start_time) / 1e6;

      if (config->output_dir != NULL
          && !write_model (self, config->output_dir, "checkpoint.pth", error))
        return FALSE;
      emit_progress (self, config, &progress);
    }

  if (config->output_dir != NULL)
    return write_model (self, config->output_dir, "model.pth", error);
  return TRUE;
}

static void
set_running (SwTrainer *self,
             gboolean   running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static gboolean
check_idle (SwTrainer  *self,
            GError    **error)
{
  if (self->running)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The trainer is already training"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sw_trainer_train:
 * @self: a #SwTrainer
 * @cancellable: (nullable): a #GCancellable, checked between batches
 * @error: return location for a #GError
 *
 * Trains in the calling thread (blocking it) with the trainer's hyperparameters, calling the
 * progress function every log-interval batches and after each epoch. When an output
 * directory is set, checkpoint.pth is written there after each epoch and model.pth at the
 * end, each atomically. A NaN, infinite or exploding loss stops training with
 * %SW_TRAIN_ERROR_DIVERGED.
 *
 * Returns: whether training ran to the end
 */
gboolean
sw_trainer_train (SwTrainer     *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(RunConfig) config = NULL;
  gboolean ok;

  g_return_val_if_fail (SW_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_idle (self, error))
    return FALSE;
  config = run_config_new (self);
  set_running (self, TRUE);
  ok = run (self, config, cancellable, error);
  set_running (self, FALSE);
  return ok;
}

static gboolean
finish_running (gpointer data)
{
  set_running (SW_TRAINER (data), FALSE);
  return G_SOURCE_REMOVE;
}

static void
train_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SwTrainer *self = source_object;
  RunConfig *config = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = run (self, config, cancellable, &error);

  /* Queued before the task's callback, so "running" is FALSE when it runs. */
  g_main_context_invoke_full (config->context, G_PRIORITY_DEFAULT, finish_running,
                              g_object_ref (self), g_object_unref);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sw_trainer_train_async:
 * @self: a #SwTrainer
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when training ends
 * @user_data: data for @callback
 *
 * Trains in a worker thread; see sw_trainer_train(). Progress and @callback arrive on the
 * thread-default main context of the caller. Changing the trainer meanwhile affects only
 * later runs.
 */
void
sw_trainer_train_async (SwTrainer           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  RunConfig *config;

  g_return_if_fail (SW_IS_TRAINER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_trainer_train_async);
  if (!check_idle (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  config = run_config_new (self);
  config->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, config, (GDestroyNotify) run_config_free);
  set_running (self, TRUE);
  g_task_run_in_thread (task, train_thread);
}

/**
 * sw_trainer_train_finish:
 * @self: a #SwTrainer
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether training ran to the end
 */
gboolean
sw_trainer_train_finish (SwTrainer     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sw_trainer_dup_net:
 * @self: a #SwTrainer
 *
 * A snapshot of the network: during training, its weights after the last batch; after, the
 * trained network; before, %NULL.
 *
 * Returns: (transfer full) (nullable): a copy of the network
 */
SwNet *
sw_trainer_dup_net (SwTrainer *self)
{
  SwNet *copy = NULL;

  g_return_val_if_fail (SW_IS_TRAINER (self), NULL);

  g_mutex_lock (&self->mutex);
  if (self->net != NULL)
    copy = sw_net_copy (self->net);
  g_mutex_unlock (&self->mutex);
  return copy;
}

/**
 * sw_trainer_get_kernels_name:
 *
 * Returns: the instruction set the layers run with: "avx512", "avx2" or "generic"
 */
const char *
sw_trainer_get_kernels_name (void)
{
  return _sw_train_kernels_get ()->name;
}

/**
 * sw_trainer_set_progress_func:
 * @self: a #SwTrainer
 * @func: (nullable): the function, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets what receives progress and metrics of later runs; not while a run is going on.
 */
void
sw_trainer_set_progress_func (SwTrainer           *self,
                              SwTrainProgressFunc  func,
                              gpointer             user_data,
                              GDestroyNotify       destroy)
{
  g_return_if_fail (SW_IS_TRAINER (self));
  /* A running training still calls the old function. */
  g_return_if_fail (!self->running);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * sw_trainer_set_initial_net:
 * @self: a #SwTrainer
 * @net: (nullable): weights to start from, or %NULL for PyTorch's initialisation
 *
 * Starts later runs from a copy of @net, as the example does after load_state_dict().
 */
void
sw_trainer_set_initial_net (SwTrainer *self,
                            SwNet     *net)
{
  g_return_if_fail (SW_IS_TRAINER (self));

  if (net != NULL)
    net = sw_net_copy (net);
  g_clear_pointer (&self->initial_net, sw_net_unref);
  self->initial_net = net;
}

#define DEFINE_UINT_PROPERTY(name, field, PROP)                                \
  guint                                                                        \
  sw_trainer_get_##name (SwTrainer *self)                                      \
  {                                                                            \
    g_return_val_if_fail (SW_IS_TRAINER (self), 0);                            \
    return self->field;                                                        \
  }                                                                            \
  void                                                                         \
  sw_trainer_set_##name (SwTrainer *self,                                      \
                         guint      value)                                     \
  {                                                                            \
    g_return_if_fail (SW_IS_TRAINER (self));                                   \
    g_return_if_fail (value >= G_PARAM_SPEC_UINT (properties[PROP])->minimum); \
    g_return_if_fail (value <= G_PARAM_SPEC_UINT (properties[PROP])->maximum); \
    if (self->field == value)                                                  \
      return;                                                                  \
    self->field = value;                                                       \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);              \
  }

DEFINE_UINT_PROPERTY (epochs, epochs, PROP_EPOCHS)
DEFINE_UINT_PROPERTY (batch_size, batch_size, PROP_BATCH_SIZE)
DEFINE_UINT_PROPERTY (test_batch_size, test_batch_size, PROP_TEST_BATCH_SIZE)
DEFINE_UINT_PROPERTY (log_interval, log_interval, PROP_LOG_INTERVAL)
DEFINE_UINT_PROPERTY (threads, threads, PROP_THREADS)

double
sw_trainer_get_lr (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), 0.0);
  return self->lr;
}

void
sw_trainer_set_lr (SwTrainer *self,
                   double     lr)
{
  g_return_if_fail (SW_IS_TRAINER (self));
  g_return_if_fail (lr >= 0.0 && isfinite (lr));

  if (self->lr == lr)
    return;
  self->lr = lr;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LR]);
}

double
sw_trainer_get_momentum (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), 0.0);
  return self->momentum;
}

void
sw_trainer_set_momentum (SwTrainer *self,
                         double     momentum)
{
  g_return_if_fail (SW_IS_TRAINER (self));
  g_return_if_fail (momentum >= 0.0 && momentum <= 1.0);

  if (self->momentum == momentum)
    return;
  self->momentum = momentum;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOMENTUM]);
}

guint64
sw_trainer_get_seed (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), 0);
  return self->seed;
}

void
sw_trainer_set_seed (SwTrainer *self,
                     guint64    seed)
{
  g_return_if_fail (SW_IS_TRAINER (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

/**
 * sw_trainer_get_output_dir:
 * @self: a #SwTrainer
 *
 * Returns: (nullable) (type filename): where checkpoint.pth and model.pth go
 */
const char *
sw_trainer_get_output_dir (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), NULL);
  return self->output_dir;
}

void
sw_trainer_set_output_dir (SwTrainer  *self,
                           const char *output_dir)
{
  g_return_if_fail (SW_IS_TRAINER (self));

  if (g_strcmp0 (self->output_dir, output_dir) == 0)
    return;
  g_free (self->output_dir);
  self->output_dir = g_strdup (output_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_DIR]);
}

/**
 * sw_trainer_get_train_set:
 * @self: a #SwTrainer
 *
 * Returns: (nullable) (transfer none): the training set
 */
SwDataset *
sw_trainer_get_train_set (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), NULL);
  return self->train_set;
}

void
sw_trainer_set_train_set (SwTrainer *self,
                          SwDataset *train_set)
{
  g_return_if_fail (SW_IS_TRAINER (self));

  if (self->train_set == train_set)
    return;
  if (train_set != NULL)
    sw_dataset_ref (train_set);
  g_clear_pointer (&self->train_set, sw_dataset_unref);
  self->train_set = train_set;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAIN_SET]);
}

/**
 * sw_trainer_get_test_set:
 * @self: a #SwTrainer
 *
 * Returns: (nullable) (transfer none): the test set evaluated after each epoch
 */
SwDataset *
sw_trainer_get_test_set (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), NULL);
  return self->test_set;
}

void
sw_trainer_set_test_set (SwTrainer *self,
                         SwDataset *test_set)
{
  g_return_if_fail (SW_IS_TRAINER (self));

  if (self->test_set == test_set)
    return;
  if (test_set != NULL)
    sw_dataset_ref (test_set);
  g_clear_pointer (&self->test_set, sw_dataset_unref);
  self->test_set = test_set;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_SET]);
}

gboolean
sw_trainer_get_running (SwTrainer *self)
{
  g_return_val_if_fail (SW_IS_TRAINER (self), FALSE);
  return self->running;
}

SwTrainer *
sw_trainer_new (void)
{
  return g_object_new (SW_TYPE_TRAINER, NULL);
}

static void
sw_trainer_finalize (GObject *object)
{
  SwTrainer *self = SW_TRAINER (object);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_free (self->output_dir);
  g_clear_pointer (&self->train_set, sw_dataset_unref);
  g_clear_pointer (&self->test_set, sw_dataset_unref);
  g_clear_pointer (&self->initial_net, sw_net_unref);
  g_clear_pointer (&self->net, sw_net_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sw_trainer_parent_class)->finalize (object);
}

static void
sw_trainer_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SwTrainer *self = SW_TRAINER (object);

  switch (prop_id)
    {
    case PROP_EPOCHS:
      g_value_set_uint (value, self->epochs);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_TEST_BATCH_SIZE:
      g_value_set_uint (value, self->test_batch_size);
      break;
    case PROP_LR:
      g_value_set_double (value, self->lr);
      break;
    case PROP_MOMENTUM:
      g_value_set_double (value, self->momentum);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_LOG_INTERVAL:
      g_value_set_uint (value, self->log_interval);
      break;
    case PROP_THREADS:
      g_value_set_uint (value, self->threads);
      break;
    case PROP_OUTPUT_DIR:
      g_value_set_string (value, self->output_dir);
      break;
    case PROP_TRAIN_SET:
      g_value_set_boxed (value, self->train_set);
      break;
    case PROP_TEST_SET:
      g_value_set_boxed (value, self->test_set);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_trainer_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SwTrainer *self = SW_TRAINER (object);

  switch (prop_id)
    {
    case PROP_EPOCHS:
      sw_trainer_set_epochs (self, g_value_get_uint (value));
      break;
    case PROP_BATCH_SIZE:
      sw_trainer_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_TEST_BATCH_SIZE:
      sw_trainer_set_test_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_LR:
      sw_trainer_set_lr (self, g_value_get_double (value));
      break;
    case PROP_MOMENTUM:
      sw_trainer_set_momentum (self, g_value_get_double (value));
      break;
    case PROP_SEED:
      sw_trainer_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_LOG_INTERVAL:
      sw_trainer_set_log_interval (self, g_value_get_uint (value));
      break;
    case PROP_THREADS:
      sw_trainer_set_threads (self, g_value_get_uint (value));
      break;
    case PROP_OUTPUT_DIR:
      sw_trainer_set_output_dir (self, g_value_get_string (value));
      break;
    case PROP_TRAIN_SET:
      sw_trainer_set_train_set (self, g_value_get_boxed (value));
      break;
    case PROP_TEST_SET:
      sw_trainer_set_test_set (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_trainer_class_init (SwTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sw_trainer_finalize;
  object_class->get_property = sw_trainer_get_property;
  object_class->set_property = sw_trainer_set_property;

  /* Defaults of the example script. */
  properties[PROP_EPOCHS] =
    g_param_spec_uint ("epochs", NULL, NULL, 0, 100000, 10, flags);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 65536, 64, flags);
  properties[PROP_TEST_BATCH_SIZE] =
    g_param_spec_uint ("test-batch-size", NULL, NULL, 1, G_MAXINT, 1000, flags);
  properties[PROP_LR] =
    g_param_spec_double ("lr", NULL, NULL, 0.0, G_MAXDOUBLE, 0.01, flags);
  properties[PROP_MOMENTUM] =
    g_param_spec_double ("momentum", NULL, NULL, 0.0, 1.0, 0.5, flags);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1, flags);
  properties[PROP_LOG_INTERVAL] =
    g_param_spec_uint ("log-interval", NULL, NULL, 1, G_MAXUINT, 100, flags);
  /* 0: one per processor. */
  properties[PROP_THREADS] =
    g_param_spec_uint ("threads", NULL, NULL, 0, 256, 0, flags);
  properties[PROP_OUTPUT_DIR] =
    g_param_spec_string ("output-dir", NULL, NULL, NULL, flags);
  properties[PROP_TRAIN_SET] =
    g_param_spec_boxed ("train-set", NULL, NULL, SW_TYPE_DATASET, flags);
  properties[PROP_TEST_SET] =
    g_param_spec_boxed ("test-set", NULL, NULL, SW_TYPE_DATASET, flags);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_trainer_init (SwTrainer *self)
{
  self->epochs = 10;
  self->batch_size = 64;
  self->test_batch_size = 1000;
  self->lr = 0.01;
  self->momentum = 0.5;
  self->seed = 1;
  self->log_interval = 100;
  self->threads = 0;
  g_mutex_init (&self->mutex);
}
