/* sw-train-error.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_TRAIN_ERROR (sw_train_error_quark ())

/**
 * SwTrainError:
 * @SW_TRAIN_ERROR_FORMAT: a file is not what it should be: not IDX (wrong magic number, wrong
 *   element type or number of dimensions), not gzip, or not a PyTorch model
 * @SW_TRAIN_ERROR_TRUNCATED: a file ends before the data its header announces
 * @SW_TRAIN_ERROR_MISMATCH: images and labels of a set have different counts
 * @SW_TRAIN_ERROR_IMAGE_SIZE: the images are not 28×28
 * @SW_TRAIN_ERROR_LABEL: a label is above 9
 * @SW_TRAIN_ERROR_EMPTY: a set holds no images
 * @SW_TRAIN_ERROR_DIVERGED: the loss or a weight became NaN, infinite or exploded
 * @SW_TRAIN_ERROR_MODEL: a model file lacks a tensor of the network or has one of the wrong shape
 * @SW_TRAIN_ERROR_INVALID: a hyperparameter is out of range
 * @SW_TRAIN_ERROR_NOT_FOUND: a directory holds no IDX files of the expected names
 *
 * Errors of the trainer.
 */
typedef enum
{
  SW_TRAIN_ERROR_FORMAT = 1,
  SW_TRAIN_ERROR_TRUNCATED,
  SW_TRAIN_ERROR_MISMATCH,
  SW_TRAIN_ERROR_IMAGE_SIZE,
  SW_TRAIN_ERROR_LABEL,
  SW_TRAIN_ERROR_EMPTY,
  SW_TRAIN_ERROR_DIVERGED,
  SW_TRAIN_ERROR_MODEL,
  SW_TRAIN_ERROR_INVALID,
  SW_TRAIN_ERROR_NOT_FOUND,
} SwTrainError;

GQuark sw_train_error_quark (void);

G_END_DECLS
