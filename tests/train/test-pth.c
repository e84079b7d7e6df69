/* test-pth.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <zlib.h>

#include "sw-pth.h"
#include "sw-train-error.h"
#include "train-test-util.h"

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
get16 (const guint8 *p)
{
  return p[0] | p[1] << 8;
}

static void
assert_same_params (const SwNet *a,
                    const SwNet *b)
{
  g_assert_cmpmem (sw_net_get_params (a), SW_NET_N_PARAMS * sizeof (float),
                   sw_net_get_params (b), SW_NET_N_PARAMS * sizeof (float));
}

static void
test_roundtrip (void)
{
  g_autoptr(SwNet) net = sw_net_new (11);
  g_autoptr(GBytes) bytes = sw_pth_save_to_bytes (net);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwNet) back = sw_pth_load_from_data (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), "x.pth", &error);

  g_assert_no_error (error);
  assert_same_params (net, back);
}

/* The zip as caffe2's writer lays it out: entries in order, data 64-byte aligned behind an
 * "FB" padding field, sizes in data descriptors, CRCs right, zip64 end records. */
static void
test_layout (void)
{
  static const char *const names[] = {
    "archive/data.pkl", "archive/data/0", "archive/data/1", "archive/data/2", "archive/data/3",
    "archive/data/4", "archive/data/5", "archive/data/6", "archive/data/7", "archive/version",
  };
  static const guint sizes[] = { 0, 1000, 40, 20000, 80, 64000, 200, 2000, 40, 2 };
  g_autoptr(SwNet) net = sw_net_new (2);
  g_autoptr(GBytes) bytes = sw_pth_save_to_bytes (net);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  const guint8 *eocd = data + length - 22;
  const guint8 *cd;
  /* data.pkl is the first entry. */
  const guint8 *pkl = data + 30 + get16 (data + 26) + get16 (data + 28);

  g_assert_cmpuint (get32 (eocd), ==, 0x06054b50);
  g_assert_cmpuint (get16 (eocd + 10), ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (get32 (eocd - 20), ==, 0x07064b50);
  cd = data + get32 (eocd + 16);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint16 name_length = get16 (cd + 28);
      guint32 size = get32 (cd + 24);
      const guint8 *local = data + get32 (cd + 42);
      const guint8 *content;

      g_assert_cmpuint (get32 (cd), ==, 0x02014b50);
      g_assert_cmpuint (get16 (cd + 8), ==, 0x0808);
      g_assert_cmpuint (get16 (cd + 10), ==, 0);    /* stored */
      g_assert_cmpmem (cd + 46, name_length, names[i], strlen (names[i]));
      g_assert_cmpuint (get32 (local), ==, 0x04034b50);
      g_assert_cmpmem (local + 30 + name_length, 2, "FB", 2);
      content = local + 30 + name_length + get16 (local + 28);
      g_assert_cmpuint ((content - data) % 64, ==, 0);
      g_assert_cmpuint (get32 (cd + 16), ==, crc32 (0, content, size));
      if (sizes[i] != 0)
        g_assert_cmpuint (size, ==, sizes[i]);
      if (i == 0)
        g_assert_true (content == pkl);
      if (i == 1)
        g_assert_cmpmem (content, 1000, sw_net_get_params (net), 1000);
      if (i == 9)
        g_assert_cmpmem (content, 2, "3\n", 2);
      cd += 46 + name_length + get16 (cd + 30) + get16 (cd + 32);
    }

  /* Protocol 2, an OrderedDict rebuilt from _rebuild_tensor_v2. */
  g_assert_cmpmem (pkl, 27, "\x80\x02" "ccollections\nOrderedDict\n", 27);
  g_assert_nonnull (memmem (pkl, 400, "ctorch._utils\n_rebuild_tensor_v2\n", 33));
  g_assert_nonnull (memmem (pkl, 400, "ctorch\nFloatStorage\n", 20));
}

static SwNet *
load_fixture (const char  *name,
              GError     **error)
{
  g_autofree char *path = source_path ("tests", "train", "data", name, NULL);

  return sw_pth_load (path, error);
}

/* Files torch.save wrote (tests/train/data/README.md): a state dict with _metadata under
 * "model/", and a checkpoint nesting one with "module." keys in pickle protocol 4. */
static void
test_torch_files (void)
{
  g_autoptr(SwNet) expected = sw_net_new (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwNet) model = load_fixture ("model.pth", &error);
  g_autoptr(SwNet) checkpoint = NULL;

  g_assert_no_error (error);
  assert_same_params (model, expected);
  checkpoint = load_fixture ("checkpoint.pth", &error);
  g_assert_no_error (error);
  assert_same_params (checkpoint, expected);
}

/* Replaces the first occurrence of from by to (same length) anywhere in the file. */
static GBytes *
patched (GBytes     *bytes,
         const char *from,
         const char *to,
         gsize       length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint8 *copy = g_memdup2 (data, size);
  guint8 *hit = memmem (copy, size, from, length);

  g_assert_nonnull (hit);
  memcpy (hit, to, length);
  return g_bytes_new_take (copy, size);
}

static void
expect_load_error (GBytes     *bytes,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwNet) net = sw_pth_load_from_data (g_bytes_get_data (bytes, NULL),
                                                g_bytes_get_size (bytes), "bad.pth", &error);

  g_assert_null (net);
  g_assert_error (error, SW_TRAIN_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static void
test_bad_files (void)
{
  g_autoptr(SwNet) net = sw_net_new (2);
  g_autoptr(GBytes) good = sw_pth_save_to_bytes (net);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello, world", 12);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
  g_autoptr(GBytes) renamed = patched (good, "fc2.bias", "fc3.bias", 8);
  g_autoptr(GBytes) reshaped = patched (good, "K\x0a\x85", "K\x0b\x85", 3);
  g_autoptr(GBytes) doubled = patched (good, "FloatStorage", "FloatStorag3", 12);
  g_autoptr(GBytes) lost_data = NULL;
  g_autoptr(GBytes) bad_opcode = patched (good, "\x80\x02" "c", "\x80\x02" "\xff", 3);
  GBytes *tmp;

  expect_load_error (text, SW_TRAIN_ERROR_FORMAT, "bad.pth: not a PyTorch model file");
  expect_load_error (cut, SW_TRAIN_ERROR_FORMAT, "bad.pth: not a PyTorch model file");
  expect_load_error (renamed, SW_TRAIN_ERROR_MODEL,
                     "bad.pth: holds a tensor fc3.bias the network does not have");
  expect_load_error (reshaped, SW_TRAIN_ERROR_MODEL,
                     "bad.pth: conv1.bias has shape [11]; the network needs [10]");
  expect_load_error (doubled, SW_TRAIN_ERROR_MODEL,
                     "bad.pth: conv1.weight is a torch.FloatStorag3; Stepwise reads float32");
  expect_load_error (bad_opcode, SW_TRAIN_ERROR_FORMAT,
                     "bad.pth: the pickled state dict is unreadable (unsupported opcode 0xff)");

  /* The storage of fc2.bias renamed in both the local header and the directory. */
  tmp = patched (good, "archive/data/7", "archive/data/x", 14);
  lost_data = patched (tmp, "archive/data/7", "archive/data/x", 14);
  g_bytes_unref (tmp);
  expect_load_error (lost_data, SW_TRAIN_ERROR_TRUNCATED,
                     "bad.pth: the data of fc2.bias is missing or short");
}

/* Every prefix of a file fails cleanly (no crash, an error). */
static void
test_truncations (void)
{
  g_autoptr(SwNet) net = sw_net_new (2);
  g_autoptr(GBytes) good = sw_pth_save_to_bytes (net);
  gsize size = g_bytes_get_size (good);

  for (gsize cut = 0; cut < size; cut += 97)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwNet) back = sw_pth_load_from_data (g_bytes_get_data (good, NULL), cut,
                                                     "cut.pth", &error);

      g_assert_null (back);
      g_assert_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT);
    }
}

static void
test_save_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-pth-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.pth", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "model.pth", NULL);
  g_autoptr(SwNet) first = sw_net_new (1);
  g_autoptr(SwNet) second = sw_net_new (2);
  g_autoptr(SwNet) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_true (sw_pth_save (first, path, &error));
  g_assert_no_error (error);
  g_assert_true (sw_pth_save (second, path, &error));
  back = sw_pth_load (path, &error);
  g_assert_no_error (error);
  assert_same_params (back, second);

  /* Written through a temporary file renamed over the old one: nothing else is left. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_false (sw_pth_save (first, nowhere, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (sw_pth_load (nowhere, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  rm_rf (dir);
}

/* Byte for byte what torch.save (OrderedDict of the tensors, buffer) writes. */
static void
test_torch_identical (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *out = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize a_length, b_length;
  g_autoptr(SwNet) net = sw_net_new (77);
  const char *args[] = { "save-buffer", NULL, NULL, NULL };

  if (!require_torch ())
    return;
  dir = g_dir_make_tmp ("sw-pth-XXXXXX", NULL);
  ours = g_build_filename (dir, "ours.pth", NULL);
  theirs = g_build_filename (dir, "theirs.pth", NULL);
  g_assert_true (sw_pth_save (net, ours, NULL));
  args[1] = theirs;
  args[2] = ours;
  out = run_torch_script ("sw_torch.py", args);

  g_assert_true (g_file_get_contents (ours, &a, &a_length, NULL));
  g_assert_true (g_file_get_contents (theirs, &b, &b_length, NULL));
  g_assert_cmpmem (a, a_length, b, b_length);
  rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/train/pth/roundtrip", test_roundtrip);
  g_test_add_func ("/train/pth/layout", test_layout);
  g_test_add_func ("/train/pth/torch-files", test_torch_files);
  g_test_add_func ("/train/pth/bad-files", test_bad_files);
  g_test_add_func ("/train/pth/truncations", test_truncations);
  g_test_add_func ("/train/pth/save-file", test_save_file);
  g_test_add_func ("/train/pth/torch-identical", test_torch_identical);

  return g_test_run ();
}
