/* sw-dataset.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SW_DATASET_IMAGE_SIZE:
 *
 * The side of the images the network takes, in pixels.
 */
#define SW_DATASET_IMAGE_SIZE 28

/**
 * SW_DATASET_N_CLASSES:
 *
 * The number of label classes (digits 0–9, or the ten Fashion-MNIST articles).
 */
#define SW_DATASET_N_CLASSES 10

/**
 * SwDatasetSplit:
 * @SW_DATASET_TRAIN: the training set (`train-*-idx?-ubyte`)
 * @SW_DATASET_TEST: the test set (`t10k-*-idx?-ubyte`)
 *
 * Which set of an MNIST-style directory to load.
 */
typedef enum
{
  SW_DATASET_TRAIN,
  SW_DATASET_TEST,
} SwDatasetSplit;

/**
 * SwDataset:
 *
 * An immutable set of 28×28 grey-scale images (one byte per pixel, row-major, 0 = background)
 * with a label 0–9 each, as MNIST's IDX files hold them. Reference counted and safe to share
 * between threads.
 */
typedef struct _SwDataset SwDataset;

#define SW_TYPE_DATASET (sw_dataset_get_type ())

GType         sw_dataset_get_type              (void) G_GNUC_CONST;

SwDataset    *sw_dataset_new                   (const guint8   *images,
                                                const guint8   *labels,
                                                guint           n_images,
                                                GError        **error);
SwDataset    *sw_dataset_new_from_idx          (const guint8   *images_data,
                                                gsize           images_length,
                                                const char     *images_name,
                                                const guint8   *labels_data,
                                                gsize           labels_length,
                                                const char     *labels_name,
                                                GError        **error);
SwDataset    *sw_dataset_new_from_files        (const char     *images_path,
                                                const char     *labels_path,
                                                GError        **error);
SwDataset    *sw_dataset_load                  (const char     *directory,
                                                SwDatasetSplit  split,
                                                GError        **error);

SwDataset    *sw_dataset_ref                   (SwDataset      *dataset);
void          sw_dataset_unref                 (SwDataset      *dataset);

guint         sw_dataset_get_size              (const SwDataset *dataset);
const guint8 *sw_dataset_get_images            (const SwDataset *dataset);
const guint8 *sw_dataset_get_image             (const SwDataset *dataset,
                                                guint           index);
const guint8 *sw_dataset_get_labels            (const SwDataset *dataset);
guint         sw_dataset_get_label             (const SwDataset *dataset,
                                                guint           index);
const char   *sw_dataset_get_images_path       (const SwDataset *dataset);

const char   *sw_dataset_get_default_directory (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwDataset, sw_dataset_unref)

G_END_DECLS
