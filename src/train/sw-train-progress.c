/* sw-train-progress.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-train-progress.h"

G_DEFINE_BOXED_TYPE (SwTrainProgress, sw_train_progress, sw_train_progress_copy,
                     sw_train_progress_free)

SwTrainProgress *
sw_train_progress_copy (const SwTrainProgress *progress)
{
  g_return_val_if_fail (progress != NULL, NULL);

  return g_memdup2 (progress, sizeof *progress);
}

void
sw_train_progress_free (SwTrainProgress *progress)
{
  g_free (progress);
}

/**
 * sw_train_progress_format:
 * @progress: a #SwTrainProgress
 *
 * The log line the PyTorch MNIST example prints for this event, so that the metric
 * definitions people give SageMaker (`Test set: Average loss: ([0-9\.]+)` …) match:
 * `Train Epoch: 1 [640/60000 (1%)]\tLoss: 0.123456` or
 * `Test set: Average loss: 0.1234, Accuracy: 9876/10000 (99%)`. The format is not
 * translated: programs read it.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
sw_train_progress_format (const SwTrainProgress *progress)
{
  /* g_ascii_formatd: a point, not the locale's decimal comma. */
  char a[G_ASCII_DTOSTR_BUF_SIZE];
  char b[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (progress != NULL, NULL);

  if (progress->kind == SW_TRAIN_PROGRESS_BATCH)
    {
      g_ascii_formatd (a, sizeof a, "%.0f",
                       progress->n_batches > 0
                         ? 100.0 * progress->batch / progress->n_batches : 0.0);
      g_ascii_formatd (b, sizeof b, "%.6f", progress->loss);
      return g_strdup_printf ("Train Epoch: %u [%u/%u (%s%%)]\tLoss: %s", progress->epoch,
                              progress->samples, progress->n_samples, a, b);
    }

  g_ascii_formatd (a, sizeof a, "%.4f", progress->test_loss);
  g_ascii_formatd (b, sizeof b, "%.0f",
                   progress->test_total > 0
                     ? 100.0 * progress->test_correct / progress->test_total : 0.0);
  return g_strdup_printf ("Test set: Average loss: %s, Accuracy: %u/%u (%s%%)", a,
                          progress->test_correct, progress->test_total, b);
}
