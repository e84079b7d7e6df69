/* sw-train-progress.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SwTrainProgressKind:
 * @SW_TRAIN_PROGRESS_BATCH: a training batch was done (every log-interval batches, as the
 *   example logs); @batch, @n_batches, @samples, @n_samples and @loss are set
 * @SW_TRAIN_PROGRESS_EPOCH: an epoch and its evaluation on the test set were done; the
 *   epoch fields are set
 *
 * What a #SwTrainProgress reports.
 */
typedef enum
{
  SW_TRAIN_PROGRESS_BATCH,
  SW_TRAIN_PROGRESS_EPOCH,
} SwTrainProgressKind;

/**
 * SwTrainProgress:
 * @kind: what happened
 * @epoch: the epoch, from 1
 * @epochs: the number of epochs
 * @batch: the batch index within the epoch, from 0
 * @n_batches: batches per epoch
 * @samples: samples before this batch in the epoch (batch × batch size, as the example
 *   prints)
 * @n_samples: samples in the training set
 * @loss: the mean loss of the batch
 * @train_loss: the mean loss over the epoch's batches
 * @test_loss: the mean loss on the test set
 * @test_correct: test images classified right
 * @test_total: test images
 * @test_accuracy: @test_correct / @test_total
 * @train_images_per_second: training throughput of the epoch
 * @test_images_per_second: evaluation throughput
 * @seconds: wall-clock seconds of the epoch (training and evaluation)
 * @elapsed: seconds since training started
 *
 * Progress and metrics of a training run.
 */
typedef struct
{
  SwTrainProgressKind kind;
  guint epoch;
  guint epochs;

  guint batch;
  guint n_batches;
  guint samples;
  guint n_samples;
  double loss;

  double train_loss;
  double test_loss;
  guint test_correct;
  guint test_total;
  double test_accuracy;
  double train_images_per_second;
  double test_images_per_second;
  double seconds;
  double elapsed;
} SwTrainProgress;

#define SW_TYPE_TRAIN_PROGRESS (sw_train_progress_get_type ())

GType            sw_train_progress_get_type (void) G_GNUC_CONST;
SwTrainProgress *sw_train_progress_copy     (const SwTrainProgress *progress);
void             sw_train_progress_free     (SwTrainProgress       *progress);
char            *sw_train_progress_format   (const SwTrainProgress *progress);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTrainProgress, sw_train_progress_free)

G_END_DECLS
