/* sw-cli-train.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli train`: the PyTorch MNIST example's training, with its options and its log
 * lines on standard output (so the metric regexes given to SageMaker match them), or with
 * --format json one object per line. Other messages go to standard error. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sys/resource.h>

#include "sw-cli.h"
#include "sw-dataset.h"
#include "sw-definition.h"
#include "sw-pth.h"
#include "sw-train-error.h"
#include "sw-trainer.h"

typedef struct
{
  gboolean json;
  gboolean ok;
} Output;

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
on_progress (SwTrainer             *trainer,
             const SwTrainProgress *p,
             gpointer               user_data)
{
  Output *output = user_data;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!output->json)
    {
      g_autofree char *line = sw_train_progress_format (p);

      g_print ("%s\n", line);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (p->kind == SW_TRAIN_PROGRESS_BATCH)
    {
      add_string (builder, "type", "batch");
      add_int (builder, "epoch", p->epoch);
      add_int (builder, "batch", p->batch);
      add_int (builder, "batches", p->n_batches);
      add_int (builder, "samples", p->samples);
      add_int (builder, "total", p->n_samples);
      add_double (builder, "loss", p->loss);
    }
  else
    {
      add_string (builder, "type", "epoch");
      add_int (builder, "epoch", p->epoch);
      add_int (builder, "epochs", p->epochs);
      add_double (builder, "train_loss", p->train_loss);
      add_double (builder, "test_loss", p->test_loss);
      add_double (builder, "test_accuracy", p->test_accuracy);
      add_int (builder, "test_correct", p->test_correct);
      add_int (builder, "test_total", p->test_total);
      add_double (builder, "train_images_per_second", p->train_images_per_second);
      add_double (builder, "test_images_per_second", p->test_images_per_second);
      add_double (builder, "seconds", p->seconds);
      add_double (builder, "elapsed", p->elapsed);
    }
  json_builder_end_object (builder);
  print_json (builder);
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0.0;
  return usage.ru_maxrss / 1024.0;   /* Linux counts kibibytes */
}

/* A model.pth by name, or "-": read as definitions are (directories, devices and pipes
 * refused, the size checked first), so a FIFO given by mistake cannot block mapping it. */
static SwNet *
load_model (const char  *path,
            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) io_error = NULL;
  g_autofree char *display = g_filename_display_name (sw_cli_display_path (path));
  gsize length;
  const guint8 *data;

  bytes = sw_definition_read_file (path, &io_error);
  if (bytes == NULL)
    {
      if (g_error_matches (io_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                     _("“%s” is a directory, not a model file"), display);
      else
        g_propagate_error (error, g_steal_pointer (&io_error));
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  return sw_pth_load_from_data (data, length, display, error);
}

/* Exit status for a failure: bad input is a usage or I/O error, a diverging run a failure. */
static int
status_for (const GError *error)
{
  if (g_error_matches (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_DIVERGED))
    return SW_CLI_EXIT_FAILED;
  return SW_CLI_EXIT_USAGE;
}

int
sw_cli_train (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *data = NULL;
  g_autofree char *output_dir = NULL;
  g_autofree char *model = NULL;
  g_autofree char *format = NULL;
  g_autoptr(SwDataset) train_set = NULL;
  g_autoptr(SwDataset) test_set = NULL;
  g_autoptr(SwTrainer) trainer = NULL;
  g_autoptr(SwNet) initial = NULL;
  g_autoptr(SwNet) net = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_path = NULL;
  gint epochs = 10;
  gint batch_size = 64;
  gint test_batch_size = 1000;
  gint log_interval = 100;
  gint threads = 0;
  gint64 seed = 1;
  double lr = 0.01;
  double momentum = 0.5;
  gint64 start;
  Output output = { FALSE, TRUE };
  const GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data,
      N_("Directory of IDX files (train-images-idx3-ubyte[.gz] …, or torchvision’s "
         "MNIST/raw); default: the embedded sample of 10,000 MNIST digits"), N_("DIR") },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs,
      N_("Number of epochs (default 10; 0 only evaluates)"), N_("N") },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size,
      N_("Training batch size (default 64)"), N_("N") },
    { "test-batch-size", 0, 0, G_OPTION_ARG_INT, &test_batch_size,
      N_("Evaluation batch size (default 1000)"), N_("N") },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, N_("Learning rate (default 0.01)"), N_("LR") },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum,
      N_("SGD momentum (default 0.5)"), N_("M") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Random seed, as torch.manual_seed takes it (default 1)"), N_("N") },
    { "log-interval", 0, 0, G_OPTION_ARG_INT, &log_interval,
      N_("Batches between training log lines (default 100)"), N_("N") },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &threads,
      N_("Threads (default: one per processor)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir,
      N_("Write checkpoint.pth after each epoch and model.pth at the end (PyTorch’s format) "
         "to this directory"), N_("DIR") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model,
      N_("Start from the weights of this model.pth"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output format: text (the PyTorch example’s log lines, the default) or json (one "
         "object per line)"), N_("FORMAT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("train", NULL,
                                       _("Train the network of the PyTorch MNIST example (two "
                                         "convolutions, two fully connected layers) with SGD "
                                         "and momentum, as a SageMaker training job would, "
                                         "and evaluate it on the test set after each epoch."),
                                       entries);
  g_option_context_set_description (context,
                                    _("Exit status: 0 success, 1 training diverged, 2 usage "
                                      "error or unreadable data."));
  if (!sw_cli_parse_options (context, "train", &argc, &argv))
    return SW_CLI_EXIT_USAGE;
  if (rest != NULL && rest[0] != NULL)
    return sw_cli_usage_error ("train", _("Unexpected argument “%s”"), rest[0]);
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    return sw_cli_usage_error ("train", _("Unknown format “%s” (use text or json)"), format);
  output.json = g_strcmp0 (format, "json") == 0;
  if (epochs < 0)
    return sw_cli_usage_error ("train", _("--epochs must not be negative"));
  if (batch_size < 1 || batch_size > 65536)
    return sw_cli_usage_error ("train", _("--batch-size must be between 1 and 65536"));
  if (test_batch_size < 1)
    return sw_cli_usage_error ("train", _("--test-batch-size must be at least 1"));
  if (log_interval < 1)
    return sw_cli_usage_error ("train", _("--log-interval must be at least 1"));
  if (threads < 0 || threads > 256)
    return sw_cli_usage_error ("train", _("--threads must be between 0 and 256"));
  if (seed < 0)
    return sw_cli_usage_error ("train", _("--seed must not be negative"));
  if (!(lr >= 0.0) || !(lr < G_MAXDOUBLE))
    return sw_cli_usage_error ("train", _("--lr must be a non-negative number"));
  if (!(momentum >= 0.0 && momentum <= 1.0))
    return sw_cli_usage_error ("train", _("--momentum must be between 0 and 1"));

  /* The model first: it is quicker to read than the data. */
  if (model != NULL)
    {
      initial = load_model (model, &error);
      if (initial == NULL)
        {
          sw_cli_print_error ("%s", error->message);
          return status_for (error);
        }
    }
  if (data == NULL)
    data = g_strdup (sw_dataset_get_default_directory ());
  test_set = sw_dataset_load (data, SW_DATASET_TEST, &error);
  if (test_set != NULL && epochs > 0)
    train_set = sw_dataset_load (data, SW_DATASET_TRAIN, &error);
  if (error != NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return status_for (error);
    }

  start = g_get_monotonic_time ();
  if (epochs == 0)
    {
      SwEvaluation ev;
      SwTrainProgress p = { 0 };

      net = initial != NULL ? sw_net_ref (initial) : sw_net_new (seed);
      sw_net_evaluate (net, test_set, threads, &ev, NULL, NULL);
      p.kind = SW_TRAIN_PROGRESS_EPOCH;
      p.test_loss = ev.loss;
      p.test_correct = ev.correct;
      p.test_total = ev.total;
      p.test_accuracy = (double) ev.correct / ev.total;
      p.test_images_per_second = ev.total / MAX (ev.seconds, 1e-9);
      p.seconds = p.elapsed = ev.seconds;
      if (output.json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          add_string (builder, "type", "evaluation");
          add_double (builder, "test_loss", p.test_loss);
          add_double (builder, "test_accuracy", p.test_accuracy);
          add_int (builder, "test_correct", p.test_correct);
          add_int (builder, "test_total", p.test_total);
          add_double (builder, "test_images_per_second", p.test_images_per_second);
          add_double (builder, "seconds", p.seconds);
          json_builder_end_object (builder);
          print_json (builder);
        }
      else
        on_progress (NULL, &p, &output);
      if (output_dir != NULL)
        {
          model_path = g_build_filename (output_dir, "model.pth", NULL);
          if (g_mkdir_with_parents (output_dir, 0755) != 0
              || !sw_pth_save (net, model_path, &error))
            {
              sw_cli_print_error (_("Cannot write %s: %s"), model_path,
                                  error != NULL ? error->message : g_strerror (errno));
              return SW_CLI_EXIT_USAGE;
            }
        }
    }
  else
    {
      trainer = sw_trainer_new ();
      g_object_set (trainer,
                    "train-set", train_set,
                    "test-set", test_set,
                    "epochs", (guint) epochs,
                    "batch-size", (guint) batch_size,
                    "test-batch-size", (guint) test_batch_size,
                    "lr", lr,
                    "momentum", momentum,
                    "seed", (guint64) seed,
                    "log-interval", (guint) log_interval,
                    "threads", (guint) threads,
                    "output-dir", output_dir,
                    NULL);
      sw_trainer_set_initial_net (trainer, initial);
      sw_trainer_set_progress_func (trainer, on_progress, &output, NULL);
      if (!sw_trainer_train (trainer, NULL, &error))
        {
          sw_cli_print_error ("%s", error->message);
          return status_for (error);
        }
      if (output_dir != NULL)
        model_path = g_build_filename (output_dir, "model.pth", NULL);
    }

  if (output.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "type", "done");
      add_int (builder, "epochs", epochs);
      add_double (builder, "seconds", (g_get_monotonic_time () - start) / 1e6);
      add_int (builder, "threads", threads > 0 ? threads : (gint) g_get_num_processors ());
      add_string (builder, "kernels", sw_trainer_get_kernels_name ());
      add_string (builder, "model", model_path);
      add_double (builder, "peak_rss_mib", peak_rss_mib ());
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (model_path != NULL)
    g_printerr (_("Model written to %s\n"), model_path);

  return SW_CLI_EXIT_OK;
}
