/* test-idx.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <zlib.h>

#include "sw-dataset.h"
#include "sw-idx.h"
#include "sw-train-error.h"
#include "train-test-util.h"

/* An IDX image file of n images of rows × cols pixels, pixel (i, p) = (i * 7 + p) % 256. */
static GByteArray *
make_images (guint32 magic,
             guint32 n,
             guint32 rows,
             guint32 cols)
{
  GByteArray *b = g_byte_array_new ();
  guint32 header[4] = { GUINT32_TO_BE (magic), GUINT32_TO_BE (n), GUINT32_TO_BE (rows),
                        GUINT32_TO_BE (cols) };

  g_byte_array_append (b, (const guint8 *) header, sizeof header);
  for (gsize i = 0; i < (gsize) n * rows * cols; i++)
    {
      guint8 v = (i / (rows * cols) * 7 + i % (rows * cols)) % 256;

      g_byte_array_append (b, &v, 1);
    }
  return b;
}

static GByteArray *
make_labels (guint32 n,
             guint8  modulo)
{
  GByteArray *b = g_byte_array_new ();
  guint32 header[2] = { GUINT32_TO_BE (0x801), GUINT32_TO_BE (n) };

  g_byte_array_append (b, (const guint8 *) header, sizeof header);
  for (guint32 i = 0; i < n; i++)
    {
      guint8 v = i % modulo;

      g_byte_array_append (b, &v, 1);
    }
  return b;
}

static GByteArray *
gzip (const guint8 *data,
      gsize         length)
{
  GByteArray *out = g_byte_array_sized_new (length + 64);
  z_stream zs = { 0 };

  g_assert_cmpint (deflateInit2 (&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  g_byte_array_set_size (out, deflateBound (&zs, length) + 32);
  zs.next_in = (Bytef *) data;
  zs.avail_in = length;
  zs.next_out = out->data;
  zs.avail_out = out->len;
  g_assert_cmpint (deflate (&zs, Z_FINISH), ==, Z_STREAM_END);
  g_byte_array_set_size (out, zs.total_out);
  deflateEnd (&zs);
  return out;
}

static SwDataset *
decode (GByteArray  *images,
        GByteArray  *labels,
        GError     **error)
{
  return sw_dataset_new_from_idx (images->data, images->len, "imgs.idx3",
                                  labels->data, labels->len, "lbls.idx1", error);
}

static void
test_plain_and_gzip (void)
{
  g_autoptr(GByteArray) images = make_images (0x803, 3, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (3, 10);
  g_autoptr(GByteArray) gz_images = gzip (images->data, images->len);
  g_autoptr(GByteArray) gz_labels = gzip (labels->data, labels->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) plain = decode (images, labels, &error);
  g_autoptr(SwDataset) zipped = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (plain), ==, 3);
  g_assert_cmpuint (sw_dataset_get_label (plain, 2), ==, 2);
  g_assert_cmpuint (sw_dataset_get_image (plain, 1)[0], ==, 7);
  g_assert_cmpuint (sw_dataset_get_image (plain, 2)[5], ==, 19);

  zipped = decode (gz_images, gz_labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (zipped), ==, 3);
  g_assert_cmpmem (sw_dataset_get_images (zipped), 3 * 784, sw_dataset_get_images (plain),
                   3 * 784);
  g_assert_cmpmem (sw_dataset_get_labels (zipped), 3, sw_dataset_get_labels (plain), 3);
}

/* gzip files may hold several members one after another; gzip reads them all. */
static void
test_gzip_members (void)
{
  g_autoptr(GByteArray) images = make_images (0x803, 2, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (2, 10);
  g_autoptr(GByteArray) part1 = gzip (images->data, 100);
  g_autoptr(GByteArray) part2 = gzip (images->data + 100, images->len - 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) set = NULL;

  g_byte_array_append (part1, part2->data, part2->len);
  set = decode (part1, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (sw_dataset_get_images (set), 2 * 784, images->data + 16, 2 * 784);
}

static void
expect_error (GByteArray *images,
              GByteArray *labels,
              int         code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) set = decode (images, labels, &error);

  g_assert_null (set);
  g_assert_error (error, SW_TRAIN_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static void
test_bad_magic (void)
{
  g_autoptr(GByteArray) images = make_images (0x12345678, 1, 28, 28);
  g_autoptr(GByteArray) wrong_type = make_images (0x0D03, 1, 28, 28);
  g_autoptr(GByteArray) labels_as_images = make_labels (1, 10);
  g_autoptr(GByteArray) labels = make_labels (1, 10);
  g_autoptr(GByteArray) two_dims = make_images (0x802, 1, 28, 28);

  expect_error (images, labels, SW_TRAIN_ERROR_FORMAT,
                "imgs.idx3: not an IDX file (wrong magic number 0x12345678");
  expect_error (wrong_type, labels, SW_TRAIN_ERROR_FORMAT, "imgs.idx3: holds elements of type "
                "0x0D");
  expect_error (labels_as_images, labels, SW_TRAIN_ERROR_FORMAT,
                "imgs.idx3: holds data of 1 dimensions (magic number 0x00000801)");
  expect_error (two_dims, labels, SW_TRAIN_ERROR_FORMAT, "imgs.idx3: holds data of 2 dimensions");
}

static void
test_truncated (void)
{
  g_autoptr(GByteArray) images = make_images (0x803, 4, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (4, 10);
  g_autoptr(GByteArray) header_only = g_byte_array_new ();
  g_autoptr(GByteArray) gz = NULL;
  g_autoptr(GByteArray) gz_cut = NULL;
  g_autoptr(GByteArray) empty = g_byte_array_new ();

  g_byte_array_append (header_only, images->data, 10);
  expect_error (header_only, labels, SW_TRAIN_ERROR_TRUNCATED,
                "imgs.idx3: the file ends inside the IDX header");
  expect_error (empty, labels, SW_TRAIN_ERROR_EMPTY, "imgs.idx3: the file is empty");

  g_byte_array_set_size (images, images->len - 1);
  gz = gzip (images->data, images->len);
  expect_error (images, labels, SW_TRAIN_ERROR_TRUNCATED,
                "imgs.idx3: truncated: the header announces 4 images of 28×28 pixels (3136 "
                "bytes of data) but the file holds 3135");
  /* A gzip stream whose data is complete but too short, and one cut in the middle. */
  expect_error (gz, labels, SW_TRAIN_ERROR_TRUNCATED, "holds 3135");
  gz_cut = g_byte_array_new ();
  g_byte_array_append (gz_cut, gz->data, gz->len / 2);
  expect_error (gz_cut, labels, SW_TRAIN_ERROR_TRUNCATED,
                "imgs.idx3: the gzip data ends too early");
}

static void
test_corrupt_gzip_and_trailing (void)
{
  g_autoptr(GByteArray) images = make_images (0x803, 1, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (1, 10);
  g_autoptr(GByteArray) gz = gzip (images->data, images->len);

  gz->data[gz->len / 2] ^= 0xff;
  gz->data[gz->len / 2 + 1] ^= 0x55;
  expect_error (gz, labels, SW_TRAIN_ERROR_FORMAT, "imgs.idx3: the gzip data is corrupt");

  g_byte_array_append (images, (const guint8 *) "xx", 2);
  expect_error (images, labels, SW_TRAIN_ERROR_FORMAT,
                "imgs.idx3: the file holds more data than its header announces");
}

static void
test_wrong_size_count_label_empty (void)
{
  g_autoptr(GByteArray) small = make_images (0x803, 2, 32, 32);
  g_autoptr(GByteArray) images = make_images (0x803, 3, 28, 28);
  g_autoptr(GByteArray) none = make_images (0x803, 0, 28, 28);
  g_autoptr(GByteArray) labels2 = make_labels (2, 10);
  g_autoptr(GByteArray) labels3 = make_labels (3, 10);
  g_autoptr(GByteArray) labels0 = make_labels (0, 10);
  g_autoptr(GByteArray) bad_labels = make_labels (3, 13);

  bad_labels->data[8 + 2] = 12;
  expect_error (small, labels2, SW_TRAIN_ERROR_IMAGE_SIZE,
                "imgs.idx3: images are 32×32 pixels; the network takes 28×28");
  expect_error (images, labels2, SW_TRAIN_ERROR_MISMATCH,
                "imgs.idx3 holds 3 images but lbls.idx1 holds 2 labels");
  expect_error (images, bad_labels, SW_TRAIN_ERROR_LABEL,
                "lbls.idx1: label 12 of item 2 is out of range");
  expect_error (none, labels0, SW_TRAIN_ERROR_EMPTY, "imgs.idx3: the set holds no images");
  (void) labels3;
}

/* A header announcing 4 billion images costs nothing before the data is found missing. */
static void
test_lying_header (void)
{
  g_autoptr(GByteArray) images = make_images (0x803, 1, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (1, 10);
  g_autoptr(GByteArray) gz = NULL;
  guint32 count = GUINT32_TO_BE (1000000);

  memcpy (images->data + 4, &count, 4);
  gz = gzip (images->data, images->len);
  expect_error (images, labels, SW_TRAIN_ERROR_TRUNCATED, "announces 1000000 images");
  expect_error (gz, labels, SW_TRAIN_ERROR_TRUNCATED, "announces 1000000 images");

  count = GUINT32_TO_BE (0xffffffff);
  memcpy (images->data + 4, &count, 4);
  memcpy (images->data + 8, &count, 4);
  expect_error (images, labels, SW_TRAIN_ERROR_FORMAT, "the header announces more than 1024 MiB");
}

static void
write_bytes (const char *dir,
             const char *name,
             GByteArray *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) data->data, data->len, NULL));
}

static void
test_directory_layouts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-idx-XXXXXX", NULL);
  g_autoptr(GByteArray) images = make_images (0x803, 5, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (5, 10);
  g_autoptr(GByteArray) test_images = make_images (0x803, 2, 28, 28);
  g_autoptr(GByteArray) test_labels = make_labels (2, 10);
  g_autoptr(GByteArray) gz_test_images = gzip (test_images->data, test_images->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) train = NULL;
  g_autoptr(SwDataset) test = NULL;
  g_autofree char *fashion = g_build_filename (dir, "fashion", NULL);
  g_autofree char *missing_labels = g_build_filename (dir, "half", NULL);

  /* torchvision: MNIST/raw, plain training files, gzipped test images. */
  write_bytes (dir, "MNIST/raw/train-images-idx3-ubyte", images);
  write_bytes (dir, "MNIST/raw/train-labels-idx1-ubyte", labels);
  write_bytes (dir, "MNIST/raw/t10k-images-idx3-ubyte.gz", gz_test_images);
  write_bytes (dir, "MNIST/raw/t10k-labels-idx1-ubyte", test_labels);
  train = sw_dataset_load (dir, SW_DATASET_TRAIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (train), ==, 5);
  g_assert_true (g_str_has_suffix (sw_dataset_get_images_path (train),
                                   "MNIST/raw/train-images-idx3-ubyte"));
  test = sw_dataset_load (dir, SW_DATASET_TEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (test), ==, 2);

  /* The dotted names some mirrors use. */
  write_bytes (fashion, "train-images.idx3-ubyte", images);
  write_bytes (fashion, "train-labels.idx1-ubyte", labels);
  g_clear_pointer (&train, sw_dataset_unref);
  train = sw_dataset_load (fashion, SW_DATASET_TRAIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (train), ==, 5);

  write_bytes (missing_labels, "t10k-images-idx3-ubyte", images);
  g_assert_null (sw_dataset_load (missing_labels, SW_DATASET_TEST, &error));
  g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "t10k-labels-idx1-ubyte"));
  g_clear_error (&error);

  g_assert_null (sw_dataset_load (fashion, SW_DATASET_TEST, &error));
  g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "t10k-images-idx3-ubyte"));
  g_clear_error (&error);

  g_assert_null (sw_dataset_load ("/nonexistent/sw-idx", SW_DATASET_TEST, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  rm_rf (dir);
}

/* A gzipped file of several MiB read from disk, its mapped pages given back as it inflates,
 * gives the same set as the plain file. */
static void
test_large_gzip_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-idx-XXXXXX", NULL);
  g_autofree char *plain_dir = g_build_filename (dir, "plain", NULL);
  g_autoptr(GByteArray) images = make_images (0x803, 5000, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (5000, 10);
  g_autoptr(GByteArray) gz = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) from_gz = NULL;
  g_autoptr(SwDataset) from_plain = NULL;
  GRand *rand = g_rand_new_with_seed (7);

  /* Noise does not compress: the gzip file stays over 3 MiB. */
  for (guint i = 16; i < images->len; i++)
    images->data[i] = g_rand_int (rand) & 0xff;
  g_rand_free (rand);
  gz = gzip (images->data, images->len);
  g_assert_cmpuint (gz->len, >, 3 << 20);
  write_bytes (dir, "train-images-idx3-ubyte.gz", gz);
  write_bytes (dir, "train-labels-idx1-ubyte", labels);
  write_bytes (plain_dir, "train-images-idx3-ubyte", images);
  write_bytes (plain_dir, "train-labels-idx1-ubyte", labels);

  from_gz = sw_dataset_load (dir, SW_DATASET_TRAIN, &error);
  g_assert_no_error (error);
  from_plain = sw_dataset_load (plain_dir, SW_DATASET_TRAIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (from_gz), ==, 5000);
  g_assert_cmpmem (sw_dataset_get_images (from_gz), 5000 * 784, images->data + 16, 5000 * 784);
  g_assert_cmpmem (sw_dataset_get_images (from_plain), 5000 * 784, images->data + 16,
                   5000 * 784);
  rm_rf (dir);
}

static void
test_bad_file_names_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-idx-XXXXXX", NULL);
  g_autoptr(GByteArray) images = make_images (0x803, 5, 28, 28);
  g_autoptr(GByteArray) labels = make_labels (4, 10);
  g_autoptr(GError) error = NULL;

  write_bytes (dir, "train-images-idx3-ubyte", images);
  write_bytes (dir, "train-labels-idx1-ubyte", labels);
  g_assert_null (sw_dataset_load (dir, SW_DATASET_TRAIN, &error));
  g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "/train-images-idx3-ubyte holds 5 images but "));
  g_assert_nonnull (strstr (error->message, "/train-labels-idx1-ubyte holds 4 labels"));
  rm_rf (dir);
}

/* The real sample shipped with Stepwise (data/mnist), from the shared copy. */
static void
test_mnist_sample (void)
{
  const char *shared = g_getenv ("SW_SHARED_DATA");
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) train = NULL;
  g_autoptr(SwDataset) test = NULL;
  guint counts[10] = { 0 };

  if (shared == NULL)
    {
      g_test_skip ("SW_SHARED_DATA is not set");
      return;
    }
  dir = g_build_filename (shared, "mnist", NULL);
  train = sw_dataset_load (dir, SW_DATASET_TRAIN, &error);
  g_assert_no_error (error);
  test = sw_dataset_load (dir, SW_DATASET_TEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (train), ==, 7996);
  g_assert_cmpuint (sw_dataset_get_size (test), ==, 2004);
  for (guint i = 0; i < 2004; i++)
    counts[sw_dataset_get_label (test, i)]++;
  /* Every digit is there, about a tenth each. */
  for (guint d = 0; d < 10; d++)
    g_assert_cmpuint (counts[d], >, 150);
}

/* The copy installed with Stepwise, found through $STEPWISE_MNIST_DIR in the build tree. */
static void
test_default_directory (void)
{
  g_autofree char *dir = mnist_sample_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) test = NULL;

  g_setenv ("STEPWISE_MNIST_DIR", dir, TRUE);
  g_assert_cmpstr (sw_dataset_get_default_directory (), ==, dir);
  test = sw_dataset_load (sw_dataset_get_default_directory (), SW_DATASET_TEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (test), ==, 2004);
}

static void
test_new_from_memory (void)
{
  guint8 pixels[2 * 784] = { 0 };
  guint8 labels[2] = { 3, 10 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) set = NULL;

  g_assert_null (sw_dataset_new (pixels, labels, 2, &error));
  g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_LABEL);
  g_clear_error (&error);
  g_assert_null (sw_dataset_new (pixels, labels, 0, &error));
  g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_EMPTY);
  g_clear_error (&error);

  labels[1] = 9;
  pixels[784 + 3] = 200;
  set = sw_dataset_new (pixels, labels, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_image (set, 1)[3], ==, 200);
  g_assert_cmpuint (sw_dataset_get_label (set, 1), ==, 9);
  g_assert_null (sw_dataset_get_images_path (set));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/train/idx/plain-and-gzip", test_plain_and_gzip);
  g_test_add_func ("/train/idx/gzip-members", test_gzip_members);
  g_test_add_func ("/train/idx/bad-magic", test_bad_magic);
  g_test_add_func ("/train/idx/truncated", test_truncated);
  g_test_add_func ("/train/idx/corrupt-gzip-and-trailing", test_corrupt_gzip_and_trailing);
  g_test_add_func ("/train/idx/size-count-label-empty", test_wrong_size_count_label_empty);
  g_test_add_func ("/train/idx/lying-header", test_lying_header);
  g_test_add_func ("/train/idx/directory-layouts", test_directory_layouts);
  g_test_add_func ("/train/idx/large-gzip-file", test_large_gzip_file);
  g_test_add_func ("/train/idx/error-names-file", test_bad_file_names_file);
  g_test_add_func ("/train/idx/mnist-sample", test_mnist_sample);
  g_test_add_func ("/train/idx/default-directory", test_default_directory);
  g_test_add_func ("/train/idx/new-from-memory", test_new_from_memory);

  return g_test_run ();
}
