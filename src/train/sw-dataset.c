/* sw-dataset.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sw-dataset.h"
#include "sw-idx-private.h"
#include "sw-train-error.h"

#define PIXELS (SW_DATASET_IMAGE_SIZE * SW_DATASET_IMAGE_SIZE)

struct _SwDataset
{
  gatomicrefcount ref_count;
  guint n_images;
  GBytes *images;
  GBytes *labels;
  char *images_path;
};

G_DEFINE_BOXED_TYPE (SwDataset, sw_dataset, sw_dataset_ref, sw_dataset_unref)

static SwDataset *
dataset_new_take (GBytes *images,
                  GBytes *labels,
                  guint   n_images)
{
  SwDataset *self = g_new0 (SwDataset, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->images = images;
  self->labels = labels;
  self->n_images = n_images;
  return self;
}

static gboolean
check_labels (const guint8  *labels,
              guint          n,
              const char    *name,
              GError       **error)
{
  for (guint i = 0; i < n; i++)
    if (labels[i] >= SW_DATASET_N_CLASSES)
      {
        g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_LABEL,
                     _("%s: label %u of item %u is out of range (classes are 0–9)"),
                     name, labels[i], i);
        return FALSE;
      }
  return TRUE;
}

/**
 * sw_dataset_new:
 * @images: (array): @n_images × 784 pixels
 * @labels: (array length=n_images): one label 0–9 per image
 * @n_images: the number of images, at least 1
 * @error: return location for a #GError
 *
 * Makes a set from images and labels in memory, copying them.
 *
 * Returns: (transfer full) (nullable): the set, or %NULL when it is empty or a label is out
 *   of range
 */
SwDataset *
sw_dataset_new (const guint8  *images,
                const guint8  *labels,
                guint          n_images,
                GError       **error)
{
  g_return_val_if_fail (images != NULL || n_images == 0, NULL);
  g_return_val_if_fail (labels != NULL || n_images == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_images == 0)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_EMPTY, _("The set holds no images"));
      return NULL;
    }
  if (!check_labels (labels, n_images, _("labels"), error))
    return NULL;

  return dataset_new_take (g_bytes_new (images, (gsize) n_images * PIXELS),
                           g_bytes_new (labels, n_images), n_images);
}

static SwDataset *
new_from_idx_full (const guint8  *images_data,
                   gsize          images_length,
                   GBytes        *images_owner,
                   const char    *images_name,
                   const guint8  *labels_data,
                   gsize          labels_length,
                   GBytes        *labels_owner,
                   const char    *labels_name,
                   GError       **error)
{
  g_autoptr(GBytes) images = NULL;
  g_autoptr(GBytes) labels = NULL;
  guint32 image_dims[3];
  guint32 label_dims[3];

  images = _sw_idx_decode_full (images_data, images_length, images_owner, images_name, 3,
                                image_dims, error);
  if (images == NULL)
    return NULL;
  if (image_dims[1] != SW_DATASET_IMAGE_SIZE || image_dims[2] != SW_DATASET_IMAGE_SIZE)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_IMAGE_SIZE,
                   _("%s: images are %u×%u pixels; the network takes 28×28"),
                   images_name, image_dims[1], image_dims[2]);
      return NULL;
    }
  if (image_dims[0] == 0)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_EMPTY,
                   _("%s: the set holds no images"), images_name);
      return NULL;
    }

  labels = _sw_idx_decode_full (labels_data, labels_length, labels_owner, labels_name, 1,
                                label_dims, error);
  if (labels == NULL)
    return NULL;
  if (label_dims[0] != image_dims[0])
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MISMATCH,
                   _("%s holds %u images but %s holds %u labels"),
                   images_name, image_dims[0], labels_name, label_dims[0]);
      return NULL;
    }
  if (!check_labels (g_bytes_get_data (labels, NULL), label_dims[0], labels_name, error))
    return NULL;

  return dataset_new_take (g_steal_pointer (&images), g_steal_pointer (&labels),
                           image_dims[0]);
}

/**
 * sw_dataset_new_from_idx:
 * @images_data: (array length=images_length): an IDX image file (plain or gzip)
 * @images_length: its size in bytes
 * @images_name: its name, for messages
 * @labels_data: (array length=labels_length): the matching IDX label file
 * @labels_length: its size in bytes
 * @labels_name: its name, for messages
 * @error: return location for a #GError
 *
 * Decodes a set from the contents of its two IDX files. Besides what sw_idx_decode()
 * rejects, images other than 28×28, an empty set, counts that differ between the two files
 * and labels above 9 fail with a #SW_TRAIN_ERROR naming the file.
 *
 * Returns: (transfer full) (nullable): the set, or %NULL with @error set
 */
SwDataset *
sw_dataset_new_from_idx (const guint8  *images_data,
                         gsize          images_length,
                         const char    *images_name,
                         const guint8  *labels_data,
                         gsize          labels_length,
                         const char    *labels_name,
                         GError       **error)
{
  g_return_val_if_fail (images_name != NULL && labels_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_idx_full (images_data, images_length, NULL, images_name,
                            labels_data, labels_length, NULL, labels_name, error);
}

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *display = g_filename_display_name (path);
  int fd;

  /* Mapped rather than read: the compressed file costs no memory once it is decoded. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot open %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  mapped = g_mapped_file_new_from_fd (fd, FALSE, NULL);
  if (mapped == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);
  return g_mapped_file_get_bytes (mapped);
}

/**
 * sw_dataset_new_from_files:
 * @images_path: (type filename): an IDX image file, plain or gzip
 * @labels_path: (type filename): the matching IDX label file
 * @error: return location for a #GError
 *
 * Reads a set from its two IDX files; see sw_dataset_new_from_idx() for what is checked.
 *
 * Returns: (transfer full) (nullable): the set, or %NULL with @error set
 */
SwDataset *
sw_dataset_new_from_files (const char  *images_path,
                           const char  *labels_path,
                           GError     **error)
{
  g_autoptr(GBytes) images = NULL;
  g_autoptr(GBytes) labels = NULL;
  g_autofree char *images_name = NULL;
  g_autofree char *labels_name = NULL;
  SwDataset *self;

  g_return_val_if_fail (images_path != NULL, NULL);
  g_return_val_if_fail (labels_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  images = read_file (images_path, error);
  if (images == NULL)
    return NULL;
  labels = read_file (labels_path, error);
  if (labels == NULL)
    return NULL;

  images_name = g_filename_display_name (images_path);
  labels_name = g_filename_display_name (labels_path);
  self = new_from_idx_full (g_bytes_get_data (images, NULL), g_bytes_get_size (images), images,
                            images_name,
                            g_bytes_get_data (labels, NULL), g_bytes_get_size (labels), labels,
                            labels_name, error);
  if (self != NULL)
    self->images_path = g_strdup (images_path);
  return self;
}

/* The layouts of the original distribution and of torchvision (MNIST/raw, FashionMNIST/raw),
 * with the dot some mirrors put before "idx". Plain files win over gzipped ones. */
static char *
find_idx_file (const char *directory,
               const char *prefix,
               const char *kind,
               const char *dims)
{
  static const char *const subdirs[] = { "", "raw", "MNIST/raw", "FashionMNIST/raw" };
  static const char *const suffixes[] = { "", ".gz" };
  static const char *const separators[] = { "-", "." };

  for (guint d = 0; d < G_N_ELEMENTS (subdirs); d++)
    for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
      for (guint z = 0; z < G_N_ELEMENTS (suffixes); z++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%s%sidx%s-ubyte%s", prefix, kind,
                                                   separators[s], dims, suffixes[z]);
          g_autofree char *path = g_build_filename (directory, subdirs[d], name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&path);
        }
  return NULL;
}

/**
 * sw_dataset_load:
 * @directory: (type filename): a directory in the layout of the MNIST distribution
 *   (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`, `t10k-…`) or of
 *   torchvision (the same files under `MNIST/raw/` or `FashionMNIST/raw/`)
 * @split: which set to load
 * @error: return location for a #GError
 *
 * Finds and reads one set of an MNIST-style directory.
 *
 * Returns: (transfer full) (nullable): the set, or %NULL with @error set
 */
SwDataset *
sw_dataset_load (const char      *directory,
                 SwDatasetSplit   split,
                 GError         **error)
{
  const char *prefix = split == SW_DATASET_TRAIN ? "train" : "t10k";
  g_autofree char *images_path = NULL;
  g_autofree char *labels_path = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (directory);
  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s is not a directory"), display);
      return NULL;
    }

  images_path = find_idx_file (directory, prefix, "images", "3");
  labels_path = find_idx_file (directory, prefix, "labels", "1");
  if (images_path == NULL || labels_path == NULL)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_NOT_FOUND,
                   _("%s holds no %s-%s-idx%s-ubyte or %s-%s-idx%s-ubyte.gz (the layout of the "
                     "MNIST distribution or of torchvision)"), display,
                   prefix, images_path == NULL ? "images" : "labels",
                   images_path == NULL ? "3" : "1",
                   prefix, images_path == NULL ? "images" : "labels",
                   images_path == NULL ? "3" : "1");
      return NULL;
    }

  return sw_dataset_new_from_files (images_path, labels_path, error);
}

SwDataset *
sw_dataset_ref (SwDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  g_atomic_ref_count_inc (&dataset->ref_count);
  return dataset;
}

void
sw_dataset_unref (SwDataset *dataset)
{
  g_return_if_fail (dataset != NULL);

  if (g_atomic_ref_count_dec (&dataset->ref_count))
    {
      g_bytes_unref (dataset->images);
      g_bytes_unref (dataset->labels);
      g_free (dataset->images_path);
      g_free (dataset);
    }
}

guint
sw_dataset_get_size (const SwDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, 0);

  return dataset->n_images;
}

/**
 * sw_dataset_get_images:
 * @dataset: a #SwDataset
 *
 * Returns: (transfer none): the pixels of all images, 784 bytes an image
 */
const guint8 *
sw_dataset_get_images (const SwDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return g_bytes_get_data (dataset->images, NULL);
}

/**
 * sw_dataset_get_image:
 * @dataset: a #SwDataset
 * @index: an image index
 *
 * Returns: (transfer none): the 784 pixels of image @index, row by row
 */
const guint8 *
sw_dataset_get_image (const SwDataset *dataset,
                      guint            index)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (index < dataset->n_images, NULL);

  return (const guint8 *) g_bytes_get_data (dataset->images, NULL) + (gsize) index * PIXELS;
}

/**
 * sw_dataset_get_labels:
 * @dataset: a #SwDataset
 *
 * Returns: (transfer none): the labels, one byte each
 */
const guint8 *
sw_dataset_get_labels (const SwDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return g_bytes_get_data (dataset->labels, NULL);
}

guint
sw_dataset_get_label (const SwDataset *dataset,
                      guint            index)
{
  g_return_val_if_fail (dataset != NULL, 0);
  g_return_val_if_fail (index < dataset->n_images, 0);

  return ((const guint8 *) g_bytes_get_data (dataset->labels, NULL))[index];
}

/**
 * sw_dataset_get_images_path:
 * @dataset: a #SwDataset
 *
 * Returns: (nullable) (type filename): the image file the set was read from, if any
 */
const char *
sw_dataset_get_images_path (const SwDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return dataset->images_path;
}

/**
 * sw_dataset_get_default_directory:
 *
 * The embedded sample of real MNIST digits that `stepwise-cli train` uses without `--data`:
 * `$STEPWISE_MNIST_DIR` when set (tests point it at the source tree), else the installed copy,
 * else the source tree's copy when running uninstalled.
 *
 * Returns: (type filename): the directory
 */
const char *
sw_dataset_get_default_directory (void)
{
  const char *env = g_getenv ("STEPWISE_MNIST_DIR");

  if (env != NULL && env[0] != '\0')
    return env;
  if (!g_file_test (SW_TRAIN_MNIST_DIR, G_FILE_TEST_IS_DIR)
      && g_file_test (SW_TRAIN_SOURCE_MNIST_DIR, G_FILE_TEST_IS_DIR))
    return SW_TRAIN_SOURCE_MNIST_DIR;
  return SW_TRAIN_MNIST_DIR;
}
