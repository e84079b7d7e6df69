/* test-trainer.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "sw-pth.h"
#include "sw-train-error.h"
#include "sw-train-step-private.h"
#include "sw-trainer.h"
#include "train-test-util.h"

static SwDataset *train_set;
static SwDataset *test_set;

static SwTrainer *
trainer_new (guint64 seed,
             guint   epochs,
             guint   threads)
{
  SwTrainer *trainer = sw_trainer_new ();

  sw_trainer_set_train_set (trainer, train_set);
  sw_trainer_set_test_set (trainer, test_set);
  sw_trainer_set_seed (trainer, seed);
  sw_trainer_set_epochs (trainer, epochs);
  sw_trainer_set_threads (trainer, threads);
  return trainer;
}

static SwNet *
train (guint64    seed,
       guint      epochs,
       guint      threads)
{
  g_autoptr(SwTrainer) trainer = trainer_new (seed, epochs, threads);
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_trainer_train (trainer, NULL, &error));
  g_assert_no_error (error);
  return sw_trainer_dup_net (trainer);
}

static void
assert_same_params (const SwNet *a,
                    const SwNet *b)
{
  g_assert_cmpmem (sw_net_get_params (a), SW_NET_N_PARAMS * sizeof (float),
                   sw_net_get_params (b), SW_NET_N_PARAMS * sizeof (float));
}

static void
test_defaults (void)
{
  g_autoptr(SwTrainer) trainer = sw_trainer_new ();
  guint epochs, batch, test_batch, interval, threads;
  double lr, momentum;
  guint64 seed;

  g_object_get (trainer, "epochs", &epochs, "batch-size", &batch, "test-batch-size",
                &test_batch, "lr", &lr, "momentum", &momentum, "seed", &seed,
                "log-interval", &interval, "threads", &threads, NULL);
  g_assert_cmpuint (epochs, ==, 10);
  g_assert_cmpuint (batch, ==, 64);
  g_assert_cmpuint (test_batch, ==, 1000);
  g_assert_cmpfloat (lr, ==, 0.01);
  g_assert_cmpfloat (momentum, ==, 0.5);
  g_assert_cmpuint (seed, ==, 1);
  g_assert_cmpuint (interval, ==, 100);
  g_assert_cmpuint (threads, ==, 0);
  g_assert_null (sw_trainer_dup_net (trainer));
  g_assert_false (sw_trainer_get_running (trainer));
  g_assert_nonnull (sw_trainer_get_kernels_name ());
}

/* The same seed and threads give the same bits; here even other thread counts do. */
static void
test_determinism (void)
{
  g_autoptr(SwNet) a = train (3, 1, 1);
  g_autoptr(SwNet) b = train (3, 1, 1);
  g_autoptr(SwNet) c = train (3, 1, 2);
  g_autoptr(SwNet) d = train (3, 1, 3);
  g_autoptr(SwNet) e = train (4, 1, 2);

  assert_same_params (a, b);
  assert_same_params (a, c);
  assert_same_params (a, d);
  /* Past 64 chunks a batch shares gradient buffers between chunks; still the same bits. */
  {
    g_autoptr(SwTrainer) one = trainer_new (3, 1, 1);
    g_autoptr(SwTrainer) three = trainer_new (3, 1, 3);
    g_autoptr(SwNet) x = NULL;
    g_autoptr(SwNet) y = NULL;

    sw_trainer_set_batch_size (one, 1100);
    sw_trainer_set_batch_size (three, 1100);
    g_assert_true (sw_trainer_train (one, NULL, NULL));
    g_assert_true (sw_trainer_train (three, NULL, NULL));
    x = sw_trainer_dup_net (one);
    y = sw_trainer_dup_net (three);
    assert_same_params (x, y);
  }
  g_assert_true (memcmp (sw_net_get_params (a), sw_net_get_params (e),
                         SW_NET_N_PARAMS * sizeof (float)) != 0);
}

typedef struct
{
  GPtrArray *lines;
  guint batches;
  guint epochs;
  SwTrainProgress last;
  GThread *thread;
  GCancellable *cancel_at_batch_1;
} Log;

static void
on_progress (SwTrainer             *trainer,
             const SwTrainProgress *progress,
             gpointer               user_data)
{
  Log *log = user_data;

  g_assert_true (log->thread == g_thread_self ());
  g_ptr_array_add (log->lines, sw_train_progress_format (progress));
  if (progress->kind == SW_TRAIN_PROGRESS_BATCH)
    log->batches++;
  else
    log->epochs++;
  log->last = *progress;
  if (log->cancel_at_batch_1 != NULL && progress->batch == 1)
    g_cancellable_cancel (log->cancel_at_batch_1);
}

/* The example's log lines: every log-interval batches and after each epoch. */
static void
test_log_lines (void)
{
  g_autoptr(SwTrainer) trainer = trainer_new (1, 2, 0);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) train_re = NULL;
  g_autoptr(GRegex) test_re = NULL;
  g_autoptr(GError) error = NULL;
  Log log = { lines, 0, 0, { 0 }, g_thread_self (), NULL };
  double first_loss;

  train_re = g_regex_new ("^Train Epoch: [12] \\[[0-9]+/7996 \\([0-9]+%\\)\\]\tLoss: "
                          "[0-9]+\\.[0-9]{6}$", 0, 0, NULL);
  test_re = g_regex_new ("^Test set: Average loss: ([0-9]+\\.[0-9]{4}), Accuracy: "
                         "([0-9]+)/2004 \\([0-9]+%\\)$", 0, 0, NULL);
  sw_trainer_set_log_interval (trainer, 40);
  sw_trainer_set_progress_func (trainer, on_progress, &log, NULL);
  g_assert_true (sw_trainer_train (trainer, NULL, &error));
  g_assert_no_error (error);

  /* 125 batches an epoch: 0, 40, 80 and 120 are logged. */
  g_assert_cmpuint (log.batches, ==, 8);
  g_assert_cmpuint (log.epochs, ==, 2);
  g_assert_cmpuint (lines->len, ==, 10);
  g_assert_true (g_str_has_prefix (lines->pdata[0], "Train Epoch: 1 [0/7996 (0%)]\tLoss: "));
  g_assert_true (g_str_has_prefix (lines->pdata[1], "Train Epoch: 1 [2560/7996 (32%)]\tLoss: "));
  g_assert_true (g_str_has_prefix (lines->pdata[3], "Train Epoch: 1 [7680/7996 (96%)]\tLoss: "));
  g_assert_true (g_str_has_prefix (lines->pdata[5], "Train Epoch: 2 [0/7996 (0%)]\tLoss: "));
  for (guint i = 0; i < lines->len; i++)
    g_assert_true (g_regex_match (i % 5 == 4 ? test_re : train_re, lines->pdata[i], 0, NULL));
  /* python3-torch prints 2.395057 for the first batch of seed 1. */
  first_loss = g_ascii_strtod (strrchr (lines->pdata[0], ' ') + 1, NULL);
  g_assert_cmpfloat (fabs (first_loss - 2.395057), <, 2e-6);

  g_assert_cmpuint (log.last.epoch, ==, 2);
  g_assert_cmpuint (log.last.test_total, ==, 2004);
  g_assert_cmpfloat (log.last.test_accuracy, ==, log.last.test_correct / 2004.0);
  g_assert_cmpfloat (log.last.test_accuracy, >, 0.8);
  g_assert_cmpfloat (log.last.train_loss, <, 2.0);
  g_assert_cmpfloat (log.last.train_images_per_second, >, 0);
  g_assert_cmpfloat (log.last.test_images_per_second, >, 0);
  g_assert_cmpfloat (log.last.seconds, >, 0);
  g_assert_cmpfloat (log.last.elapsed, >=, log.last.seconds);
}

static void
test_diverge (void)
{
  g_autoptr(SwTrainer) trainer = trainer_new (1, 1, 0);
  g_autoptr(GError) error = NULL;

  sw_trainer_set_lr (trainer, 1e4);
  sw_trainer_set_momentum (trainer, 0.9);
  g_assert_false (sw_trainer_train (trainer, NULL, &error));
  g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_DIVERGED);
  g_assert_true (g_str_has_prefix (error->message, "Training diverged in epoch 1, batch "));
  g_test_message ("%s", error->message);
}

static void
test_cancel (void)
{
  g_autoptr(SwTrainer) trainer = trainer_new (1, 3, 0);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Log log = { lines, 0, 0, { 0 }, g_thread_self (), cancellable };

  sw_trainer_set_log_interval (trainer, 1);
  sw_trainer_set_progress_func (trainer, on_progress, &log, NULL);
  g_assert_false (sw_trainer_train (trainer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.batches, ==, 2);
  g_assert_cmpuint (log.epochs, ==, 0);
}

typedef struct
{
  GAsyncResult *result;
  gboolean running_at_callback;
  guint notifies;
} AsyncState;

static void
on_trained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->running_at_callback = sw_trainer_get_running (SW_TRAINER (source));
  state->result = g_object_ref (result);
}

static void
on_notify_running (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  ((AsyncState *) user_data)->notifies++;
}

/* Progress arrives on the caller's main context; the result is that of a blocking run. */
static void
test_async (void)
{
  g_autoptr(SwTrainer) trainer = trainer_new (6, 1, 2);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwNet) blocking = train (6, 1, 2);
  g_autoptr(SwNet) net = NULL;
  Log log = { lines, 0, 0, { 0 }, g_thread_self (), NULL };
  AsyncState state = { 0 };

  sw_trainer_set_progress_func (trainer, on_progress, &log, NULL);
  g_signal_connect (trainer, "notify::running", G_CALLBACK (on_notify_running), &state);
  sw_trainer_train_async (trainer, NULL, on_trained, &state);
  g_assert_true (sw_trainer_get_running (trainer));
  g_assert_false (sw_trainer_train (trainer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  while (state.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sw_trainer_train_finish (trainer, state.result, &error));
  g_assert_no_error (error);
  g_assert_false (state.running_at_callback);
  g_assert_cmpuint (state.notifies, ==, 2);
  g_assert_cmpuint (log.epochs, ==, 1);
  g_assert_cmpuint (log.batches, ==, 2);

  net = sw_trainer_dup_net (trainer);
  assert_same_params (net, blocking);
  g_object_unref (state.result);
}

static void
test_output_dir (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-trainer-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out", "nested", NULL);
  g_autofree char *model_path = g_build_filename (out, "model.pth", NULL);
  g_autofree char *checkpoint_path = g_build_filename (out, "checkpoint.pth", NULL);
  g_autoptr(SwTrainer) trainer = trainer_new (2, 1, 0);
  g_autoptr(SwNet) net = NULL;
  g_autoptr(SwNet) model = NULL;
  g_autoptr(SwNet) checkpoint = NULL;
  g_autoptr(GError) error = NULL;

  sw_trainer_set_output_dir (trainer, out);
  g_assert_true (sw_trainer_train (trainer, NULL, &error));
  g_assert_no_error (error);
  net = sw_trainer_dup_net (trainer);
  model = sw_pth_load (model_path, &error);
  g_assert_no_error (error);
  checkpoint = sw_pth_load (checkpoint_path, &error);
  g_assert_no_error (error);
  assert_same_params (net, model);
  assert_same_params (net, checkpoint);
  rm_rf (dir);
}

/* Starting from given weights; no epochs leaves them as they are. */
static void
test_initial_net (void)
{
  g_autoptr(SwTrainer) trainer = trainer_new (2, 0, 1);
  g_autoptr(SwNet) start = sw_net_new (99);
  g_autoptr(SwNet) same = NULL;
  g_autoptr(SwNet) trained = NULL;
  g_autoptr(SwNet) from_scratch = train (2, 1, 1);

  sw_trainer_set_initial_net (trainer, start);
  g_assert_true (sw_trainer_train (trainer, NULL, NULL));
  same = sw_trainer_dup_net (trainer);
  assert_same_params (same, start);

  sw_trainer_set_epochs (trainer, 1);
  g_assert_true (sw_trainer_train (trainer, NULL, NULL));
  trained = sw_trainer_dup_net (trainer);
  g_assert_true (memcmp (sw_net_get_params (trained), sw_net_get_params (start),
                         SW_NET_N_PARAMS * sizeof (float)) != 0);
  g_assert_true (memcmp (sw_net_get_params (trained), sw_net_get_params (from_scratch),
                         SW_NET_N_PARAMS * sizeof (float)) != 0);
}

static double
max_abs_diff (const SwNet *a,
              const SwNet *b)
{
  double m = 0.0;

  for (guint i = 0; i < SW_NET_N_PARAMS; i++)
    m = MAX (m, fabs ((double) sw_net_get_params (a)[i] - sw_net_get_params (b)[i]));
  return m;
}

/* Weights saved by python3-torch, SGD steps (momentum included) on the same batches with the
 * same dropout masks in both: losses and weights agree within 1e-5. 1040 samples make 65
 * chunks, past the point where chunks share gradient buffers. */
typedef struct
{
  const char *batch;
  guint n;
  guint steps;
} StepCase;

static void
test_torch_step (gconstpointer case_data)
{
  const StepCase *sc = case_data;
  g_autofree char *dir = NULL;
  g_autofree char *data = mnist_sample_dir ();
  g_autofree char *in = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) losses = NULL;
  g_autoptr(SwNet) start = NULL;
  g_autoptr(SwNet) theirs = NULL;
  g_autoptr(SwNet) ours = NULL;
  g_autoptr(SwTrainStep) step = NULL;
  g_autoptr(GError) error = NULL;
  const char *init_args[] = { "init", NULL, "7", NULL };
  g_autofree char *steps = g_strdup_printf ("%u", sc->steps);
  const char *step_args[] = { "step", NULL, NULL, NULL, "11", "0.01", "0.5", sc->batch, steps,
                              NULL };
  float *params;
  SwMt19937 mt;
  double diff;

  if (!require_torch ())
    return;
  dir = g_dir_make_tmp ("sw-trainer-XXXXXX", NULL);
  in = g_build_filename (dir, "init-7.pth", NULL);
  after = g_build_filename (dir, "after.pth", NULL);
  init_args[1] = dir;
  g_free (run_torch_script ("sw_torch.py", init_args));
  step_args[1] = in;
  step_args[2] = data;
  step_args[3] = after;
  out = run_torch_script ("sw_torch.py", step_args);
  losses = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (losses), ==, sc->steps);

  start = sw_pth_load (in, &error);
  g_assert_no_error (error);
  theirs = sw_pth_load (after, &error);
  g_assert_no_error (error);

  ours = sw_net_copy (start);
  params = (float *) sw_net_get_params (ours);
  /* The next batch's masks drawn ahead, as the trainer does. */
  step = _sw_train_step_new (2, sc->n);
  _sw_mt19937_seed (&mt, 11);
  for (guint s = 0; s < sc->steps; s++)
    {
      double loss = _sw_train_step_compute (step, params, sw_dataset_get_images (train_set),
                                            sw_dataset_get_labels (train_set), NULL,
                                            s * sc->n, sc->n, &mt,
                                            s + 1 < sc->steps ? sc->n : 0);

      g_assert_cmpfloat (fabs (loss - g_ascii_strtod (losses[s], NULL)), <, 1e-5);
      _sw_train_step_apply (step, params, 0.01f, 0.5f);
    }
  diff = max_abs_diff (ours, theirs);
  g_test_message ("largest difference from torch after %u steps of %u: %g (weights moved %g)",
                  sc->steps, sc->n, diff, max_abs_diff (start, theirs));
  g_assert_cmpfloat (diff, <, 1e-5);
  /* Far more than the tolerance: the steps did move the weights. */
  g_assert_cmpfloat (max_abs_diff (start, theirs), >, 1e-4);
  rm_rf (dir);
}

/* Two epochs of the example in python3-torch and here, from the same seed: the same shuffles,
 * masks and initial weights, so the results agree up to float rounding. */
static void
test_torch_trajectory (void)
{
  g_autofree char *data = mnist_sample_dir ();
  g_autoptr(SwTrainer) trainer = trainer_new (1, 2, 0);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_auto(GStrv) epochs = NULL;
  Log log = { lines, 0, 0, { 0 }, g_thread_self (), NULL };
  const char *args[] = { "train", NULL, "1", "2", NULL };

  if (!require_torch ())
    return;
  args[1] = data;
  out = run_torch_script ("sw_torch.py", args);
  epochs = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (epochs), ==, 2);

  sw_trainer_set_progress_func (trainer, on_progress, &log, NULL);
  g_assert_true (sw_trainer_train (trainer, NULL, NULL));
  {
    g_auto(GStrv) fields = g_strsplit (epochs[1], " ", -1);
    double torch_loss = g_ascii_strtod (fields[0], NULL);
    guint torch_correct = atoi (fields[1]);

    g_test_message ("torch: loss %.5f, %u correct; Stepwise: loss %.5f, %u correct",
                    torch_loss, torch_correct, log.last.test_loss, log.last.test_correct);
    g_assert_cmpfloat (fabs (torch_loss - log.last.test_loss), <, 0.01);
    g_assert_cmpuint (ABS ((int) torch_correct - (int) log.last.test_correct), <=, 20);
  }
}

/* torch loads the model.pth we write and finds the accuracy we found. */
static void
test_torch_loads_ours (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = mnist_sample_dir ();
  g_autofree char *model = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(SwTrainer) trainer = trainer_new (8, 2, 0);
  g_autoptr(SwNet) net = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "evaluate", NULL, NULL, NULL };
  SwEvaluation ev;

  if (!require_torch ())
    return;
  dir = g_dir_make_tmp ("sw-trainer-XXXXXX", NULL);
  model = g_build_filename (dir, "model.pth", NULL);
  sw_trainer_set_output_dir (trainer, dir);
  g_assert_true (sw_trainer_train (trainer, NULL, &error));
  g_assert_no_error (error);
  net = sw_trainer_dup_net (trainer);
  g_assert_true (sw_net_evaluate (net, test_set, 0, &ev, NULL, NULL));

  args[1] = model;
  args[2] = data;
  out = run_torch_script ("sw_torch.py", args);
  fields = g_strsplit (g_strstrip (out), " ", -1);
  g_test_message ("torch: loss %s, %s correct; Stepwise: loss %.7f, %u correct", fields[0],
                  fields[1], ev.loss, ev.correct);
  g_assert_cmpuint (atoi (fields[1]), ==, ev.correct);
  g_assert_cmpuint (atoi (fields[2]), ==, 2004);
  g_assert_cmpfloat (fabs (g_ascii_strtod (fields[0], NULL) - ev.loss), <, 1e-5);
  rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  static const StepCase step_64 = { "64", 64, 3 };
  static const StepCase step_1040 = { "1040", 1040, 2 };
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = mnist_sample_dir ();
  train_set = sw_dataset_load (dir, SW_DATASET_TRAIN, &error);
  g_assert_no_error (error);
  test_set = sw_dataset_load (dir, SW_DATASET_TEST, &error);
  g_assert_no_error (error);

  g_test_add_func ("/train/trainer/defaults", test_defaults);
  g_test_add_func ("/train/trainer/determinism", test_determinism);
  g_test_add_func ("/train/trainer/log-lines", test_log_lines);
  g_test_add_func ("/train/trainer/diverge", test_diverge);
  g_test_add_func ("/train/trainer/cancel", test_cancel);
  g_test_add_func ("/train/trainer/async", test_async);
  g_test_add_func ("/train/trainer/output-dir", test_output_dir);
  g_test_add_func ("/train/trainer/initial-net", test_initial_net);
  g_test_add_data_func ("/train/trainer/torch-step", &step_64, test_torch_step);
  g_test_add_data_func ("/train/trainer/torch-step-large-batch", &step_1040, test_torch_step);
  g_test_add_func ("/train/trainer/torch-trajectory", test_torch_trajectory);
  g_test_add_func ("/train/trainer/torch-loads-ours", test_torch_loads_ours);

  status = g_test_run ();
  sw_dataset_unref (train_set);
  sw_dataset_unref (test_set);
  return status;
}
