/* sw-trainer.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-dataset.h"
#include "sw-net.h"
#include "sw-train-progress.h"

G_BEGIN_DECLS

/**
 * SW_TRAINER_MAX_LOSS:
 *
 * A batch loss above this (chance level is ln 10 ≈ 2.3) stops training as diverged.
 */
#define SW_TRAINER_MAX_LOSS 1000.0

#define SW_TYPE_TRAINER (sw_trainer_get_type ())

G_DECLARE_FINAL_TYPE (SwTrainer, sw_trainer, SW, TRAINER, GObject)

/**
 * SwTrainProgressFunc:
 * @trainer: the #SwTrainer
 * @progress: what happened
 * @user_data: the data given with the function
 *
 * Receives progress and metrics. During sw_trainer_train() it runs in the calling thread;
 * during sw_trainer_train_async() on the thread-default main context of the caller.
 */
typedef void (*SwTrainProgressFunc) (SwTrainer             *trainer,
                                     const SwTrainProgress *progress,
                                     gpointer               user_data);

SwTrainer  *sw_trainer_new                  (void);

guint       sw_trainer_get_epochs           (SwTrainer            *self);
void        sw_trainer_set_epochs           (SwTrainer            *self,
                                             guint                 epochs);
guint       sw_trainer_get_batch_size       (SwTrainer            *self);
void        sw_trainer_set_batch_size       (SwTrainer            *self,
                                             guint                 batch_size);
guint       sw_trainer_get_test_batch_size  (SwTrainer            *self);
void        sw_trainer_set_test_batch_size  (SwTrainer            *self,
                                             guint                 test_batch_size);
double      sw_trainer_get_lr               (SwTrainer            *self);
void        sw_trainer_set_lr               (SwTrainer            *self,
                                             double                lr);
double      sw_trainer_get_momentum         (SwTrainer            *self);
void        sw_trainer_set_momentum         (SwTrainer            *self,
                                             double                momentum);
guint64     sw_trainer_get_seed             (SwTrainer            *self);
void        sw_trainer_set_seed             (SwTrainer            *self,
                                             guint64               seed);
guint       sw_trainer_get_log_interval     (SwTrainer            *self);
void        sw_trainer_set_log_interval     (SwTrainer            *self,
                                             guint                 log_interval);
guint       sw_trainer_get_threads          (SwTrainer            *self);
void        sw_trainer_set_threads          (SwTrainer            *self,
                                             guint                 threads);
const char *sw_trainer_get_output_dir       (SwTrainer            *self);
void        sw_trainer_set_output_dir       (SwTrainer            *self,
                                             const char           *output_dir);
SwDataset  *sw_trainer_get_train_set        (SwTrainer            *self);
void        sw_trainer_set_train_set        (SwTrainer            *self,
                                             SwDataset            *train_set);
SwDataset  *sw_trainer_get_test_set         (SwTrainer            *self);
void        sw_trainer_set_test_set         (SwTrainer            *self,
                                             SwDataset            *test_set);
void        sw_trainer_set_initial_net      (SwTrainer            *self,
                                             SwNet                *net);
gboolean    sw_trainer_get_running          (SwTrainer            *self);

void        sw_trainer_set_progress_func    (SwTrainer            *self,
                                             SwTrainProgressFunc   func,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy);

SwNet      *sw_trainer_dup_net              (SwTrainer            *self);
const char *sw_trainer_get_kernels_name     (void);

gboolean    sw_trainer_train                (SwTrainer            *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
void        sw_trainer_train_async          (SwTrainer            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    sw_trainer_train_finish         (SwTrainer            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
