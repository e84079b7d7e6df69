/* test-cli-train.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli train` as users run it: the built executable (--cli=PATH or SW_CLI), on the
 * embedded MNIST sample, in a scratch directory. */

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "sw-test-cli.h"

#define run_cli(run, ...) sw_test_cli_run (run, "train", __VA_ARGS__)

/* The example's log lines on standard output, nothing else. */
static void
test_text (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) train_re = g_regex_new ("^Train Epoch: 1 \\[[0-9]+/7996 \\([0-9]+%\\)\\]\t"
                                            "Loss: [0-9]\\.[0-9]{6}$", 0, 0, NULL);
  g_autoptr(GRegex) test_re = g_regex_new ("^Test set: Average loss: [0-9]\\.[0-9]{4}, "
                                           "Accuracy: [0-9]+/2004 \\([0-9]+%\\)$", 0, 0, NULL);

  run_cli (&run, "--epochs", "1", "--log-interval", "50", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "Train Epoch: 1 [0/7996 (0%)]\tLoss: 2.39505"));
  g_assert_true (g_str_has_prefix (lines[1], "Train Epoch: 1 [3200/7996 (40%)]\tLoss: "));
  g_assert_true (g_str_has_prefix (lines[2], "Train Epoch: 1 [6400/7996 (80%)]\tLoss: "));
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_regex_match (train_re, lines[i], 0, NULL));
  g_assert_true (g_regex_match (test_re, lines[3], 0, NULL));
  g_assert_cmpstr (lines[4], ==, "");
}

static JsonObject *
parse_object (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* One JSON object per line, with the fields the training monitor and benchmarks read. */
static void
test_json (void)
{
  static const char *const epoch_fields[] = {
    "epoch", "train_loss", "test_loss", "test_accuracy", "train_images_per_second",
    "test_images_per_second", "seconds",
  };
  g_auto(SwTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint epochs = 0, batches = 0;

  run_cli (&run, "--epochs", "2", "--format", "json", "--threads", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strstrip (run.out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonObject) o = parse_object (lines[i]);
      const char *type = json_object_get_string_member (o, "type");

      if (g_str_equal (type, "batch"))
        {
          batches++;
          g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 7996);
        }
      else if (g_str_equal (type, "epoch"))
        {
          epochs++;
          for (guint f = 0; f < G_N_ELEMENTS (epoch_fields); f++)
            g_assert_true (json_object_has_member (o, epoch_fields[f]));
          g_assert_cmpint (json_object_get_int_member (o, "epoch"), ==, epochs);
          g_assert_cmpfloat (json_object_get_double_member (o, "test_accuracy"), ==,
                             json_object_get_int_member (o, "test_correct") / 2004.0);
          g_assert_cmpfloat (json_object_get_double_member (o, "train_images_per_second"), >,
                             0);
        }
      else
        {
          g_assert_cmpstr (type, ==, "done");
          g_assert_null (lines[i + 1]);
          g_assert_cmpint (json_object_get_int_member (o, "threads"), ==, 2);
          g_assert_cmpfloat (json_object_get_double_member (o, "peak_rss_mib"), >, 1);
        }
    }
  g_assert_cmpuint (epochs, ==, 2);
  g_assert_cmpuint (batches, ==, 4);
}

/* The model written, read back to evaluate, identical from run to run and across threads. */
static void
test_model (void)
{
  g_autofree char *a = g_build_filename (sw_test_cli_get_workdir (), "a", NULL);
  g_autofree char *b = g_build_filename (sw_test_cli_get_workdir (), "b", NULL);
  g_autofree char *model_a = g_build_filename (a, "model.pth", NULL);
  g_autofree char *model_b = g_build_filename (b, "model.pth", NULL);
  g_autofree char *checkpoint = NULL;
  g_autofree char *bytes_a = NULL;
  g_autofree char *bytes_b = NULL;
  gsize length_a, length_b;
  g_auto(SwTestRun) first = { 0 };
  g_auto(SwTestRun) second = { 0 };
  g_auto(SwTestRun) evaluation = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *last_test = NULL;

  run_cli (&first, "--epochs", "1", "--seed", "5", "--threads", "1", "-o", a, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_true (g_str_has_suffix (first.err, "/a/model.pth\n"));
  run_cli (&second, "--epochs", "1", "--seed", "5", "--threads", "2", "-o", b, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_true (g_file_get_contents (model_a, &bytes_a, &length_a, NULL));
  g_assert_true (g_file_get_contents (model_b, &bytes_b, &length_b, NULL));
  g_assert_cmpmem (bytes_a, length_a, bytes_b, length_b);
  checkpoint = g_build_filename (a, "checkpoint.pth", NULL);
  g_assert_true (g_file_test (checkpoint, G_FILE_TEST_IS_REGULAR));

  lines = g_strsplit (g_strstrip (first.out), "\n", -1);
  last_test = g_strdup (lines[g_strv_length (lines) - 1]);
  run_cli (&evaluation, "--epochs", "0", "--model", model_a, NULL);
  g_assert_cmpint (evaluation.status, ==, 0);
  g_assert_cmpstr (g_strstrip (evaluation.out), ==, last_test);
}

static void
write_file (const char   *path,
            const guint8 *data,
            gsize         length)
{
  g_assert_true (g_file_set_contents (path, (const char *) data, length, NULL));
}

static void
test_bad_data (void)
{
  g_autofree char *dir = g_build_filename (sw_test_cli_get_workdir (), "bad", NULL);
  g_autofree char *images = g_build_filename (dir, "t10k-images-idx3-ubyte", NULL);
  g_autofree char *labels = g_build_filename (dir, "t10k-labels-idx1-ubyte", NULL);
  guint8 header[16] = { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28 };
  guint8 label_file[10] = { 0, 0, 8, 1, 0, 0, 0, 2, 1, 2 };
  g_auto(SwTestRun) truncated = { 0 };
  g_auto(SwTestRun) model = { 0 };
  g_auto(SwTestRun) missing = { 0 };

  g_mkdir_with_parents (dir, 0755);
  write_file (images, header, sizeof header);
  write_file (labels, label_file, sizeof label_file);
  run_cli (&truncated, "--data", dir, "--epochs", "0", NULL);
  g_assert_cmpint (truncated.status, ==, 2);
  g_assert_nonnull (strstr (truncated.err, "t10k-images-idx3-ubyte: truncated"));

  run_cli (&model, "--epochs", "0", "--model", labels, NULL);
  g_assert_cmpint (model.status, ==, 2);
  g_assert_nonnull (strstr (model.err, "not a PyTorch model file"));

  run_cli (&missing, "--data", sw_test_cli_get_workdir (), NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "holds no t10k-images-idx3-ubyte"));
}

/* --model names something that is not a file: refused at once with exit 2, a FIFO
 * included (mapping it used to block for ever), before the data are read. */
static void
test_model_not_a_file (void)
{
  g_autofree char *fifo = sw_test_cli_scratch_path ("model.fifo");
  const char *const cases[][2] = {
    { "model.fifo", "“model.fifo” is not a regular file" },
    { ".", "“.” is a directory, not a model file" },
    { "missing.pth", "Cannot read “missing.pth”: No such file or directory" },
  };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };
      g_autofree char *expected = g_strdup_printf ("stepwise-cli: error: %s\n", cases[i][1]);

      /* A missing --data shows the model is checked first. */
      run_cli (&run, "--epochs", "0", "--data", "no-data", "--model", cases[i][0], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, ==, expected);
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_usage (void)
{
  const char *const cases[][3] = {
    { "--format", "xml", "Unknown format “xml”" },
    { "--batch-size", "0", "--batch-size must be between 1 and 65536" },
    { "--momentum", "2", "--momentum must be between 0 and 1" },
    { "--epochs", "-1", "--epochs must not be negative" },
    { "extra", NULL, "Unexpected argument “extra”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };

      run_cli (&run, cases[i][0], cases[i][1], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, cases[i][2]));
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_diverge (void)
{
  g_auto(SwTestRun) run = { 0 };

  run_cli (&run, "--epochs", "1", "--lr", "1000", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Training diverged in epoch 1"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *sample = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "mnist",
                                              NULL);

  /* The sample in the source tree stands for the installed one. */
  g_setenv ("STEPWISE_MNIST_DIR", sample, TRUE);
  sw_test_cli_init (&argc, &argv, "test-cli-train");

  g_test_add_func ("/cli/train/text", test_text);
  g_test_add_func ("/cli/train/json", test_json);
  g_test_add_func ("/cli/train/model", test_model);
  g_test_add_func ("/cli/train/bad-data", test_bad_data);
  g_test_add_func ("/cli/train/model-not-a-file", test_model_not_a_file);
  g_test_add_func ("/cli/train/usage", test_usage);
  g_test_add_func ("/cli/train/diverge", test_diverge);

  return sw_test_cli_run_tests ();
}
