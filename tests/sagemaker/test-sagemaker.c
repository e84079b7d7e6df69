/* test-sagemaker.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The local SageMaker: pipelines run by the executor end to end on a small MNIST set built
 * from $SW_SHARED_DATA/mnist, the shapes Step Functions gives, the errors Retry and Catch see,
 * the artifact read by python3-torch, the endpoint against the trainer. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "sw-dataset.h"
#include "sw-execution.h"
#include "sw-inflate.h"
#include "sw-json.h"
#include "sw-local-s3.h"
#include "sw-net.h"
#include "sw-pth.h"
#include "sw-sagemaker.h"
#include "sw-sagemaker-private.h"
#include "sw-tar.h"

#define PYTHON "/usr/bin/python3"
#define N_TRAIN 1200
#define N_TEST 400
#define ROLE "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole"

static char *cli_path;

/* Whether the test was given stepwise-cli (--cli=PATH); skips the test when it was not. */
static gboolean
have_cli (void)
{
  if (cli_path == NULL)
    g_test_skip ("--cli=PATH not given");
  return cli_path != NULL;
}

/* Helpers */

static SwValue *
parse (const char *json)
{
  g_autofree char *text = g_strdup (json);
  g_autoptr(GError) error = NULL;
  SwValue *value;

  for (char *p = text; *p; p++)
    if (*p == '`')
      *p = '"';
  value = sw_json_parse (text, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  return value;
}

/* sw_sagemaker_call() with a request written as test JSON */
static SwValue *
call (SwSageMaker  *sagemaker,
      const char   *operation,
      const char   *json,
      GError      **error)
{
  g_autoptr(SwValue) request = parse (json);

  return sw_sagemaker_call (sagemaker, operation, request, error);
}

static char *
compact (SwValue *value)
{
  char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

  return g_strchomp (text);
}

static SwValue *
get (SwValue    *value,
     const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && value != NULL; i++)
    {
      if (g_ascii_isdigit (parts[i][0]) && sw_value_is_array (value))
        value = sw_value_array_get (value, (guint) g_ascii_strtoull (parts[i], NULL, 10));
      else if (sw_value_is_object (value))
        value = sw_value_object_get (value, parts[i]);
      else
        value = NULL;
    }
  return value;
}

static const char *
get_string (SwValue    *value,
            const char *path)
{
  SwValue *member = get (value, path);

  if (member == NULL || !sw_value_is_string (member))
    {
      g_autofree char *text = compact (value);

      g_error ("No string at %s in %s", path, text);
    }
  return sw_value_get_string (member);
}

/* Writes the first @n images of a gzipped IDX set as a plain IDX file. */
static void
write_subset (const char *from_dir,
              const char *images_name,
              const char *labels_name,
              const char *to_dir,
              guint       n)
{
  g_autofree char *images_path = g_build_filename (from_dir, images_name, NULL);
  g_autofree char *labels_path = g_build_filename (from_dir, labels_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) set = sw_dataset_new_from_files (images_path, labels_path, &error);
  g_autoptr(GByteArray) images = g_byte_array_new ();
  g_autoptr(GByteArray) labels = g_byte_array_new ();
  guint8 header[16];
  g_autofree char *out_images = NULL;
  g_autofree char *out_labels = NULL;
  g_autofree char *base_images = g_strndup (images_name, strlen (images_name) - 3);
  g_autofree char *base_labels = g_strndup (labels_name, strlen (labels_name) - 3);

  g_assert_no_error (error);
  g_assert_cmpuint (sw_dataset_get_size (set), >=, n);
  header[0] = header[1] = 0; header[2] = 8; header[3] = 3;
  header[4] = n >> 24; header[5] = (n >> 16) & 0xff; header[6] = (n >> 8) & 0xff;
  header[7] = n & 0xff;
  header[8] = header[9] = header[10] = 0; header[11] = 28;
  header[12] = header[13] = header[14] = 0; header[15] = 28;
  g_byte_array_append (images, header, 16);
  g_byte_array_append (images, sw_dataset_get_images (set), n * 784);
  header[3] = 1;
  g_byte_array_append (labels, header, 8);
  g_byte_array_append (labels, sw_dataset_get_labels (set), n);

  g_assert_cmpint (g_mkdir_with_parents (to_dir, 0755), ==, 0);
  out_images = g_build_filename (to_dir, base_images, NULL);
  out_labels = g_build_filename (to_dir, base_labels, NULL);
  g_file_set_contents (out_images, (char *) images->data, images->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (out_labels, (char *) labels->data, labels->len, &error);
  g_assert_no_error (error);
}

/* A fresh local S3 root with a small MNIST set at s3://data/mnist-small/. */
static char *
new_root (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("sw-sagemaker-XXXXXX", &error);
  g_autofree char *shared = g_build_filename (g_getenv ("SW_SHARED_DATA"), "mnist", NULL);
  g_autofree char *small = g_build_filename (root, "data", "mnist-small", NULL);

  g_assert_no_error (error);
  write_subset (shared, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", small,
                N_TRAIN);
  write_subset (shared, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", small, N_TEST);
  return root;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static const char *training_params =
  "`TrainingJobName.$`: `$.name`,"
  "`RoleArn`: `" ROLE "`,"
  "`AlgorithmSpecification`: {`TrainingImage`: `763104351884.dkr.ecr.us-east-1.amazonaws.com/"
  "pytorch-training:2.1.0-cpu-py310`, `TrainingInputMode`: `File`},"
  "`HyperParameters.$`: `$.hp`,"
  "`InputDataConfig`: [{`ChannelName`: `training`, `DataSource`: {`S3DataSource`: {"
  "`S3DataType`: `S3Prefix`, `S3Uri.$`: `$.data`, `S3DataDistributionType`: "
  "`FullyReplicated`}}}],"
  "`OutputDataConfig`: {`S3OutputPath`: `s3://out/models`},"
  "`ResourceConfig`: {`InstanceCount`: 1, `InstanceType`: `ml.m5.xlarge`, `VolumeSizeInGB`: 10},"
  "`StoppingCondition`: {`MaxRuntimeInSeconds.$`: `$.max`}";

typedef struct
{
  SwExecution *execution;
  SwExecutionStatus status;
} Run;

static SwExecutionStatus
run_machine (SwSageMaker  *sagemaker,
             const char   *definition,
             const char   *input,
             double        wait_scale,
             SwExecution **out)
{
  g_autoptr(SwValue) tree = parse (definition);
  g_autoptr(SwValue) data = parse (input);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autoptr(SwExecution) execution = sw_execution_new (tree, data, &error);
  SwExecutionStatus status;

  g_assert_no_error (error);
  sw_sagemaker_register (sagemaker, registry);
  sw_execution_set_task_registry (execution, registry);
  sw_execution_set_wait_scale (execution, wait_scale);
  sw_execution_set_name (execution, "test-run");
  status = sw_execution_run (execution, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&execution);
  return status;
}

static char *
training_machine (const char *extra_state_fields)
{
  return g_strdup_printf ("{`StartAt`: `Train`, `States`: {`Train`: {`Type`: `Task`, "
                          "`Resource`: `arn:aws:states:::sagemaker:createTrainingJob.sync`, "
                          "`Parameters`: {%s}%s}%s}}", training_params,
                          extra_state_fields != NULL ? extra_state_fields : ", `End`: true",
                          extra_state_fields != NULL
                            ? ", `Caught`: {`Type`: `Pass`, `End`: true}" : "");
}

static SwHistoryEvent *
find_event (SwExecution *execution,
            const char  *type,
            guint        nth)
{
  GPtrArray *history = sw_execution_get_history (execution);

  for (guint i = 0; i < history->len; i++)
    {
      SwHistoryEvent *event = g_ptr_array_index (history, i);

      if (strcmp (sw_history_event_get_type_name (event), type) == 0 && nth-- == 0)
        return event;
    }
  return NULL;
}

static guint
count_events (SwExecution *execution,
              const char  *type)
{
  guint n = 0;

  while (find_event (execution, type, n) != NULL)
    n++;
  return n;
}

/* One successful training job shared by several cases: root, .sync output, artifact. */
static struct
{
  char *root;
  SwSageMaker *sagemaker;
  SwValue *output;
  SwValue *submitted;
  char *artifact;
  double seconds;
} trained;

static void
ensure_trained (void)
{
  g_autofree char *machine = NULL;
  g_autoptr(SwExecution) execution = NULL;
  SwHistoryEvent *event;
  gint64 start;

  if (trained.root != NULL)
    return;
  trained.root = new_root ();
  trained.sagemaker = sw_sagemaker_new (trained.root);
  machine = training_machine (NULL);
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_machine (trained.sagemaker, machine,
                                "{`name`: `mnist-small-1`, `data`: `s3://data/mnist-small/`,"
                                " `max`: 600, `hp`: {`epochs`: `2`, `batch-size`: `32`, "
                                "`lr`: `0.05`, `seed`: `3`, `sagemaker_program`: `mnist.py`}}",
                                1.0, &execution),
                   ==, SW_EXECUTION_STATUS_SUCCEEDED);
  trained.seconds = (g_get_monotonic_time () - start) / 1e6;
  trained.output = sw_value_ref (sw_execution_get_output (execution));
  event = find_event (execution, "TaskSubmitted", 0);
  g_assert_nonnull (event);
  trained.submitted = sw_history_event_to_value (event);
  trained.artifact = g_build_filename (trained.root, "out", "models", "mnist-small-1", "output",
                                       "model.tar.gz", NULL);
}

/* Cases */

static void
test_tar_roundtrip (void)
{
  g_autoptr(SwNet) net = sw_net_new (7);
  g_autoptr(GBytes) pth = sw_pth_save_to_bytes (net);
  g_autoptr(GBytes) archive = sw_tar_gz_new ("model.pth", pth, 1767225600);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data = g_bytes_get_data (archive, NULL);

  g_assert_cmpuint (data[0], ==, 0x1f);
  g_assert_cmpuint (data[1], ==, 0x8b);
  back = sw_tar_gz_extract (archive, "model.pth", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, pth));
  g_assert_null (sw_tar_gz_extract (archive, "code/inference.py", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* @n zero bytes, deflated in a stream (zlib, or gzip when @gzip): a "bomb" of about n / 1000
 * bytes, generated here rather than committed. */
static GBytes *
deflate_zeros (gsize    n,
               gboolean gzip)
{
  static const guint8 zeros[65536] = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[65536];
  z_stream z = { 0 };

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, gzip ? 15 + 16 : 15, 9,
                                 Z_DEFAULT_STRATEGY), ==, Z_OK);
  for (gsize done = 0; ; )
    {
      gsize chunk = MIN (sizeof zeros, n - done);
      int flush = done + chunk == n ? Z_FINISH : Z_NO_FLUSH;
      int status;

      z.next_in = (Bytef *) zeros;
      z.avail_in = chunk;
      do
        {
          z.next_out = buffer;
          z.avail_out = sizeof buffer;
          status = deflate (&z, flush);
          g_assert_cmpint (status, !=, Z_STREAM_ERROR);
          g_byte_array_append (out, buffer, sizeof buffer - z.avail_out);
        }
      while (z.avail_out == 0);
      done += chunk;
      if (flush == Z_FINISH)
        break;
    }
  deflateEnd (&z);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The bounded inflater under the tar, PNG and ItemReader (.gz) readers. */
static void
test_inflate_limit (void)
{
  g_autoptr(GBytes) gz = deflate_zeros (2 * 1024 * 1024, TRUE);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (gz);
  g_autoptr(GInputStream) again = g_memory_input_stream_new_from_bytes (gz);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (gz), <, 16 * 1024);
  g_assert_null (sw_inflate (in, G_ZLIB_COMPRESSOR_FORMAT_GZIP, 2 * 1024 * 1024 - 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "more than the limit of"));
  g_clear_error (&error);
  plain = sw_inflate (again, G_ZLIB_COMPRESSOR_FORMAT_GZIP, 2 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (plain), ==, 2 * 1024 * 1024);
}

/* A model.tar.gz of a few hundred kilobytes that inflates past SW_TAR_MAX_SIZE is refused
 * before it takes more memory. */
static void
test_tar_gzip_bomb (void)
{
  g_autoptr(GBytes) bomb = deflate_zeros (SW_TAR_MAX_SIZE + 1024 * 1024, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 1024 * 1024);
  g_assert_null (sw_tar_gz_extract (bomb, "model.pth", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "256"));
}

static GBytes *
png_new (guint32  width,
         guint32  height,
         GBytes  *idat)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13] = { width >> 24, width >> 16, width >> 8, width,
                      height >> 24, height >> 16, height >> 8, height, 8, 0, 0, 0, 0 };
  const struct { const char *type; const guint8 *data; guint32 length; } chunks[] = {
    { "IHDR", ihdr, 13 },
    { "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat) },
    { "IEND", NULL, 0 },
  };

  g_byte_array_append (png, signature, 8);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      guint8 be[4] = { chunks[i].length >> 24, chunks[i].length >> 16, chunks[i].length >> 8,
                       chunks[i].length };
      uLong crc = crc32 (0, (const Bytef *) chunks[i].type, 4);

      if (chunks[i].length > 0)
        crc = crc32 (crc, chunks[i].data, chunks[i].length);
      g_byte_array_append (png, be, 4);
      g_byte_array_append (png, (const guint8 *) chunks[i].type, 4);
      if (chunks[i].length > 0)
        g_byte_array_append (png, chunks[i].data, chunks[i].length);
      be[0] = crc >> 24; be[1] = crc >> 16; be[2] = crc >> 8; be[3] = crc;
      g_byte_array_append (png, be, 4);
    }
  return g_byte_array_free_to_bytes (png);
}

/* image/png bodies: at most 4 megapixels, and IDAT data may not inflate past the rows. */
static void
test_png_bomb (void)
{
  g_autoptr(GBytes) exact = deflate_zeros ((64 + 1) * 64, FALSE);
  g_autoptr(GBytes) huge = deflate_zeros (64 * 1024 * 1024, FALSE);
  g_autoptr(GBytes) ok = png_new (64, 64, exact);
  g_autoptr(GBytes) bomb = png_new (64, 64, huge);
  g_autoptr(GBytes) too_big = png_new (4096, 4096, exact);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *images = NULL;
  guint n = 0;

  images = _sw_sagemaker_decode_images ("image/png", ok, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 128 * 1024);
  g_assert_null (_sw_sagemaker_decode_images ("image/png", bomb, &n, &error));
  g_assert_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "The PNG image's data is longer than its size");
  g_clear_error (&error);

  g_assert_null (_sw_sagemaker_decode_images ("image/png", too_big, &n, &error));
  g_assert_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "4096×4096"));
  g_assert_nonnull (strstr (error->message, "4 megapixels"));
}

/* Found by fuzz-tar: an empty member (whose GBytes holds no data pointer) was copied with
 * memcpy (dst, NULL, 0), undefined behaviour that UBSan reports. */
static void
test_tar_empty_member (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) archive = sw_tar_gz_new ("model.pth", empty, 0);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (archive);
  back = sw_tar_gz_extract (archive, "model.pth", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (g_bytes_get_size (back), ==, 0);
}

static void
test_local_s3 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sw_local_s3_path ("/r", "s3://bucket/a/b/", &error);
  g_autofree char *root = g_dir_make_tmp ("sw-s3-XXXXXX", NULL);
  g_autofree char *sample = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/r/bucket/a/b");
  g_assert_null (sw_local_s3_path ("/r", "s3://bucket/../etc/passwd", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);
  g_assert_null (sw_local_s3_path ("/r", "https://example.com/x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The default root: the settings key when set, else under the user's data directory */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema =
      source != NULL ? g_settings_schema_source_lookup (source, "io.github.stepwise.Stepwise",
                                                        TRUE) : NULL;
    g_autofree char *fallback = g_build_filename (g_get_user_data_dir (), "stepwise", "s3",
                                                  NULL);
    g_autofree char *chosen = NULL;
    g_autofree char *unset = NULL;

    if (schema != NULL && g_settings_schema_has_key (schema, "local-s3-root"))
      {
        g_autoptr(GSettings) settings = g_settings_new ("io.github.stepwise.Stepwise");

        unset = sw_local_s3_default_root ();
        g_assert_cmpstr (unset, ==, fallback);
        g_settings_set_string (settings, "local-s3-root", "/srv/s3");
        chosen = sw_local_s3_default_root ();
        g_assert_cmpstr (chosen, ==, "/srv/s3");
        g_settings_reset (settings, "local-s3-root");
      }
    else
      {
        unset = sw_local_s3_default_root ();
        g_assert_cmpstr (unset, ==, fallback);
      }
  }

  g_assert_true (sw_local_s3_seed (root, &error));
  g_assert_no_error (error);
  sample = g_build_filename (root, "stepwise-examples", "mnist", "data",
                             "train-images-idx3-ubyte.gz", NULL);
  g_assert_true (g_file_test (sample, G_FILE_TEST_IS_REGULAR));
  remove_tree (root);
}

static void
test_validation_messages (void)
{
  g_autofree char *root = g_dir_make_tmp ("sw-sm-XXXXXX", NULL);
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwValue) request = parse ("{`TrainingJobName`: `bad_name`, `RoleArn`: `x`, "
                                      "`AlgorithmSpecification`: {`TrainingImage`: `i`, "
                                      "`TrainingInputMode`: `File`}, `OutputDataConfig`: {"
                                      "`S3OutputPath`: `s3://o/p`}, `ResourceConfig`: {"
                                      "`InstanceCount`: 0, `InstanceType`: `ml.m5.large`, "
                                      "`VolumeSizeInGB`: 1}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) response = sw_sagemaker_call (sagemaker, "CreateTrainingJob", request,
                                                   &error);

  g_assert_null (response);
  g_assert_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION);
  g_assert_cmpstr (sw_sagemaker_error_type_name (error), ==, "ValidationException");
  g_assert_cmpstr (error->message, ==,
                   "4 validation errors detected: Value 'bad_name' at 'trainingJobName' failed "
                   "to satisfy constraint: Member must satisfy regular expression pattern: "
                   "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; Value 'x' at 'roleArn' failed to "
                   "satisfy constraint: Member must satisfy regular expression pattern: "
                   "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$; Value '0' at "
                   "'resourceConfig.instanceCount' failed to satisfy constraint: Member must "
                   "have value greater than or equal to 1; Value null at 'stoppingCondition' "
                   "failed to satisfy constraint: Member must not be null");
  g_clear_error (&error);

  response = call (sagemaker, "DescribeTrainingJob", "{`TrainingJobName`: `nope`}", &error);
  g_assert_null (response);
  g_assert_cmpstr (sw_sagemaker_error_type_name (error), ==, "ResourceNotFound");
  g_assert_cmpstr (error->message, ==, "Requested resource not found.");
  g_clear_error (&error);
  response = sw_sagemaker_call (sagemaker, "ListEndpoints", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_value_array_get_length (get (response, "Endpoints")), ==, 0);
  remove_tree (root);
}

/* The .sync output, field by field against DescribeTrainingJob in the SageMaker API
 * reference: every member the reference marks required, the ones the request set (echoed
 * back unchanged), the status enums, the ARN pattern, times as Step Functions writes them
 * (epoch milliseconds). */
static void
test_sync_shape (void)
{
  static const char *required[] = {
    "TrainingJobName", "TrainingJobArn", "ModelArtifacts", "TrainingJobStatus",
    "SecondaryStatus", "AlgorithmSpecification", "ResourceConfig", "StoppingCondition",
    "CreationTime", NULL
  };
  static const char *times[] = {
    "CreationTime", "TrainingStartTime", "TrainingEndTime", "LastModifiedTime", NULL
  };
  static const char *expected_transitions[] = {
    "Starting", "Downloading", "Training", "Uploading", "Completed", NULL
  };
  SwValue *out, *transitions, *metrics;
  g_autoptr(GRegex) arn = g_regex_new ("^arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:"
                                       "training-job/.*$", 0, 0, NULL);
  g_autofree char *hp = NULL;
  gint64 created, ended;
  guint n;

  ensure_trained ();
  out = trained.output;
  for (guint i = 0; required[i] != NULL; i++)
    g_assert_nonnull (get (out, required[i]));
  g_assert_cmpstr (get_string (out, "TrainingJobName"), ==, "mnist-small-1");
  g_assert_true (g_regex_match (arn, get_string (out, "TrainingJobArn"), 0, NULL));
  g_assert_cmpstr (get_string (out, "TrainingJobArn"), ==,
                   "arn:aws:sagemaker:us-east-1:123456789012:training-job/mnist-small-1");
  g_assert_cmpstr (get_string (out, "TrainingJobStatus"), ==, "Completed");
  g_assert_cmpstr (get_string (out, "SecondaryStatus"), ==, "Completed");
  g_assert_cmpstr (get_string (out, "ModelArtifacts.S3ModelArtifacts"), ==,
                   "s3://out/models/mnist-small-1/output/model.tar.gz");
  g_assert_cmpstr (get_string (out, "RoleArn"), ==, ROLE);
  g_assert_cmpstr (get_string (out, "AlgorithmSpecification.TrainingInputMode"), ==, "File");
  g_assert_cmpstr (get_string (out, "InputDataConfig.0.ChannelName"), ==, "training");
  g_assert_cmpstr (get_string (out, "InputDataConfig.0.DataSource.S3DataSource.S3Uri"), ==,
                   "s3://data/mnist-small/");
  g_assert_cmpstr (get_string (out, "OutputDataConfig.S3OutputPath"), ==, "s3://out/models");
  g_assert_cmpstr (get_string (out, "ResourceConfig.InstanceType"), ==, "ml.m5.xlarge");
  g_assert_cmpint (sw_value_get_double (get (out, "ResourceConfig.InstanceCount")), ==, 1);
  g_assert_cmpint (sw_value_get_double (get (out, "ResourceConfig.VolumeSizeInGB")), ==, 10);
  g_assert_cmpint (sw_value_get_double (get (out, "StoppingCondition.MaxRuntimeInSeconds")), ==,
                   600);
  hp = compact (get (out, "HyperParameters"));
  g_assert_cmpstr (hp, ==, "{\"epochs\":\"2\",\"batch-size\":\"32\",\"lr\":\"0.05\","
                           "\"seed\":\"3\",\"sagemaker_program\":\"mnist.py\"}");
  g_assert_false (sw_value_object_has (out, "FailureReason"));

  for (guint i = 0; times[i] != NULL; i++)
    {
      SwValue *time = get (out, times[i]);

      g_assert_nonnull (time);
      g_assert_true (sw_value_is_integer (time));
      g_assert_cmpfloat (sw_value_get_double (time), >, 1.7e12);   /* milliseconds */
    }
  created = (gint64) sw_value_get_double (get (out, "CreationTime"));
  ended = (gint64) sw_value_get_double (get (out, "TrainingEndTime"));
  g_assert_cmpint (ended, >=, created);
  g_assert_cmpint (sw_value_get_double (get (out, "TrainingTimeInSeconds")), >=, 1);

  transitions = get (out, "SecondaryStatusTransitions");
  n = sw_value_array_get_length (transitions);
  g_assert_cmpuint (n, ==, g_strv_length ((char **) expected_transitions));
  for (guint i = 0; i < n; i++)
    {
      SwValue *t = sw_value_array_get (transitions, i);

      g_assert_cmpstr (get_string (t, "Status"), ==, expected_transitions[i]);
      g_assert_true (sw_value_is_integer (get (t, "StartTime")));
      g_assert_true (sw_value_is_integer (get (t, "EndTime")));
      g_assert_nonnull (get_string (t, "StatusMessage"));
    }
  g_assert_cmpstr (get_string (transitions, "4.StatusMessage"), ==, "Training job completed");

  metrics = get (out, "FinalMetricDataList");
  g_assert_cmpuint (sw_value_array_get_length (metrics), ==, 3);
  g_assert_cmpstr (get_string (metrics, "0.MetricName"), ==, "train:loss");
  g_assert_cmpstr (get_string (metrics, "1.MetricName"), ==, "test:loss");
  g_assert_cmpstr (get_string (metrics, "2.MetricName"), ==, "test:accuracy");
  g_assert_cmpfloat (sw_value_get_double (get (metrics, "2.Value")), >, 60.0);
  g_assert_cmpfloat (sw_value_get_double (get (metrics, "2.Value")), <=, 100.0);
  g_assert_true (sw_value_is_integer (get (metrics, "2.Timestamp")));

  /* TaskSubmitted carries CreateTrainingJob's response. */
  {
    g_autofree char *text = compact (trained.submitted);

    g_assert_nonnull (strstr (text, "\"resourceType\":\"sagemaker\""));
    g_assert_nonnull (strstr (text, "\"resource\":\"createTrainingJob.sync\""));
    g_assert_nonnull (strstr (text, "training-job/mnist-small-1"));
  }
  g_test_message ("training 2 epochs on %u images took %.2f s", N_TRAIN, trained.seconds);
}

static char *
endpoint_labels (SwSageMaker *sagemaker,
                 const char  *endpoint,
                 const char  *images_path,
                 guint       *correct,
                 SwDataset   *labels)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(SwValue) response = NULL;
  g_autofree char *type = NULL;
  SwValue *predictions;
  GString *out = g_string_new (NULL);

  g_file_get_contents (images_path, &contents, &length, &error);
  g_assert_no_error (error);
  body = g_bytes_new (contents, length);
  answer = sw_sagemaker_invoke_endpoint (sagemaker, endpoint, "application/x-idx", body, &type,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "application/json");
  response = sw_json_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL,
                            NULL, &error);
  g_assert_no_error (error);
  predictions = get (response, "predictions");
  *correct = 0;
  for (guint i = 0; i < sw_value_array_get_length (predictions); i++)
    {
      SwValue *p = sw_value_array_get (predictions, i);
      guint label = (guint) sw_value_get_double (get (p, "predicted_label"));
      SwValue *probabilities = get (p, "probabilities");
      double sum = 0, best = -1;
      guint argmax = 0;

      g_assert_cmpuint (sw_value_array_get_length (probabilities), ==, 10);
      for (guint c = 0; c < 10; c++)
        {
          double x = sw_value_get_double (sw_value_array_get (probabilities, c));

          sum += x;
          if (x > best)
            {
              best = x;
              argmax = c;
            }
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-4);
      g_assert_cmpuint (argmax, ==, label);
      g_string_append_printf (out, "%u", label);
      if (labels != NULL && label == sw_dataset_get_label (labels, i))
        (*correct)++;
    }
  return g_string_free (out, FALSE);
}

static const char *deploy_states =
  "`CreateModel`: {`Type`: `Task`, `Resource`: `arn:aws:states:::sagemaker:createModel`, "
  "  `Parameters`: {`ModelName`: `m1`, `ExecutionRoleArn`: `" ROLE "`, `PrimaryContainer`: {"
  "  `Image`: `pytorch-inference:2.1.0-cpu-py310`, `ModelDataUrl.$`: `$.artifact`}},"
  "  `ResultPath`: `$.model`, `Next`: `CreateEndpointConfig`},"
  "`CreateEndpointConfig`: {`Type`: `Task`, "
  "  `Resource`: `arn:aws:states:::sagemaker:createEndpointConfig`, `Parameters`: {"
  "  `EndpointConfigName`: `c1`, `ProductionVariants`: [{`VariantName`: `AllTraffic`, "
  "  `ModelName`: `m1`, `InitialInstanceCount`: 1, `InstanceType`: `ml.m5.large`}]},"
  "  `ResultPath`: `$.config`, `Next`: `CreateEndpoint`},"
  "`CreateEndpoint`: {`Type`: `Task`, `Resource`: `arn:aws:states:::sagemaker:createEndpoint`,"
  "  `Parameters`: {`EndpointName`: `e1`, `EndpointConfigName`: `c1`}, `ResultPath`: "
  "  `$.endpoint`, `Next`: `Invoke`},";

/* The endpoint is still Creating when the pipeline first calls it: the runtime's
 * ValidationError, retried until the endpoint is InService. */
static void
test_retry_endpoint (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(SwNet) net = sw_net_new (11);
  g_autoptr(GBytes) pth = sw_pth_save_to_bytes (net);
  g_autoptr(GBytes) archive = sw_tar_gz_new ("model.pth", pth, 0);
  g_autofree char *dir = g_build_filename (root, "models", NULL);
  g_autofree char *path = g_build_filename (dir, "model.tar.gz", NULL);
  g_autofree char *machine = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  SwHistoryEvent *failed;

  g_mkdir_with_parents (dir, 0755);
  g_file_set_contents (path, g_bytes_get_data (archive, NULL), g_bytes_get_size (archive),
                       &error);
  g_assert_no_error (error);
  sw_sagemaker_set_endpoint_delay (sagemaker, 2.0);
  machine = g_strdup_printf (
    "{`StartAt`: `CreateModel`, `States`: {%s"
    "`Invoke`: {`Type`: `Task`, "
    "  `Resource`: `arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint`, "
    "  `Parameters`: {`EndpointName`: `e1`, `ContentType`: `application/json`, "
    "  `Body.$`: `States.JsonToString($.image)`}, "
    "  `ResultSelector`: {`Prediction.$`: `States.StringToJson($.Body)`},"
    "  `Retry`: [{`ErrorEquals`: [`SageMakerRuntime.ValidationErrorException`], "
    "  `IntervalSeconds`: 1, `MaxAttempts`: 8, `BackoffRate`: 1}], `End`: true}}}",
    deploy_states);
  {
    g_autofree char *zeros = NULL;
    GString *image = g_string_new ("[");
    g_autofree char *input = NULL;

    for (guint i = 0; i < 784; i++)
      g_string_append (image, i > 0 ? ",0" : "0");
    g_string_append (image, "]");
    zeros = g_string_free (image, FALSE);
    input = g_strdup_printf ("{`artifact`: `s3://models/model.tar.gz`, `image`: %s}", zeros);
    g_assert_cmpint (run_machine (sagemaker, machine, input, 1.0, &execution), ==,
                     SW_EXECUTION_STATUS_SUCCEEDED);
  }
  failed = find_event (execution, "TaskFailed", 0);
  g_assert_nonnull (failed);
  {
    g_autoptr(SwValue) event = sw_history_event_to_value (failed);
    g_autofree char *text = compact (event);

    g_assert_nonnull (strstr (text, "\"error\":\"SageMakerRuntime.ValidationErrorException\""));
    g_assert_nonnull (strstr (text, "Endpoint e1 of account 123456789012 is not in service "
                                    "(EndpointStatus Creating)."));
    g_assert_nonnull (strstr (text, "(Service: SageMakerRuntime, Status Code: 400, Request ID:"));
  }
  g_assert_cmpuint (count_events (execution, "TaskSucceeded"), ==, 4);
  output = compact (get (sw_execution_get_output (execution), "Prediction.predictions.0"));
  g_assert_nonnull (strstr (output, "\"predicted_label\":"));
  remove_tree (root);
}

static void
test_bad_hyperparameters (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *machine =
    training_machine (", `Catch`: [{`ErrorEquals`: [`SageMaker.AmazonSageMakerException`], "
                      "`ResultPath`: `$.error`, `Next`: `Caught`}], `End`: true");
  const char *cause;
  g_autofree char *job = NULL;

  g_assert_cmpint (run_machine (sagemaker, machine,
                                "{`name`: `bad-hp`, `data`: `s3://data/mnist-small/`, "
                                "`max`: 60, `hp`: {`epochs`: 2, `lr`: `0.01`}}", 0, &execution),
                   ==, SW_EXECUTION_STATUS_SUCCEEDED);
  g_assert_cmpstr (get_string (sw_execution_get_output (execution), "error.Error"), ==,
                   "SageMaker.AmazonSageMakerException");
  cause = get_string (sw_execution_get_output (execution), "error.Cause");
  g_assert_true (g_str_has_prefix (cause, "1 validation error detected: Value '{epochs=2, "
                                          "lr=0.01}' at 'hyperParameters' failed to satisfy "
                                          "constraint: Map value must satisfy constraint: "
                                          "[Member must be a string (the value of 'epochs')] "
                                          "(Service: AmazonSageMaker; Status Code: 400; Error "
                                          "Code: ValidationException; Request ID: "));
  /* The service never created the job. */
  job = g_build_filename (root, ".stepwise", "sagemaker", "training-jobs", "bad-hp.json", NULL);
  g_assert_false (g_file_test (job, G_FILE_TEST_EXISTS));
  remove_tree (root);
}

static void
test_max_runtime (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *machine = training_machine (NULL);
  g_autoptr(SwValue) cause = NULL;
  g_autofree char *artifact = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  g_assert_cmpint (run_machine (sagemaker, machine,
                                "{`name`: `too-long`, `data`: `s3://data/mnist-small/`, "
                                "`max`: 1, `hp`: {`epochs`: `100000`}}", 0, &execution),
                   ==, SW_EXECUTION_STATUS_FAILED);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpfloat (seconds, <, 10);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.TaskFailed");
  cause = sw_json_parse (sw_execution_get_cause (execution), -1, NULL, NULL, NULL);
  g_assert_nonnull (cause);
  g_assert_cmpstr (get_string (cause, "TrainingJobStatus"), ==, "Stopped");
  g_assert_cmpstr (get_string (cause, "SecondaryStatus"), ==, "MaxRuntimeExceeded");
  g_assert_cmpstr (get_string (cause, "FailureReason"), ==,
                   "Training job runtime exceeded MaxRuntimeInSeconds provided");
  /* What the job had learnt is uploaded, as SageMaker does when it stops a job. */
  artifact = g_build_filename (root, "out", "models", "too-long", "output", "model.tar.gz",
                               NULL);
  g_assert_true (g_file_test (artifact, G_FILE_TEST_IS_REGULAR));
  remove_tree (root);
}

static void
test_missing_data (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *machine = training_machine (NULL);
  g_autoptr(SwValue) cause = NULL;
  g_autofree char *looked = g_build_filename (root, "nowhere", "mnist", NULL);
  const char *reason;

  g_assert_cmpint (run_machine (sagemaker, machine,
                                "{`name`: `no-data`, `data`: `s3://nowhere/mnist/`, "
                                "`max`: 60, `hp`: {}}", 0, &execution),
                   ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.TaskFailed");
  cause = sw_json_parse (sw_execution_get_cause (execution), -1, NULL, NULL, NULL);
  g_assert_cmpstr (get_string (cause, "TrainingJobStatus"), ==, "Failed");
  reason = get_string (cause, "FailureReason");
  g_assert_true (g_str_has_prefix (reason, "ClientError: No S3 objects found under S3 URL "
                                           "\"s3://nowhere/mnist/\" given in input data source."));
  g_assert_nonnull (strstr (reason, looked));
  g_assert_nonnull (strstr (reason, "--local-s3 DIR"));
  remove_tree (root);
}

static void
test_sdk_errors (void)
{
  g_autofree char *root = g_dir_make_tmp ("sw-sm-XXXXXX", NULL);
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwExecution) execution = NULL;
  const char *machine =
    "{`StartAt`: `D1`, `States`: {"
    "`D1`: {`Type`: `Task`, `Resource`: `arn:aws:states:::aws-sdk:sagemaker:describeEndpoint`,"
    "  `Parameters`: {`EndpointName`: `missing`}, `Catch`: [{`ErrorEquals`: ["
    "  `SageMaker.ValidationException`], `ResultPath`: `$.e1`, `Next`: `D2`}], `End`: true},"
    "`D2`: {`Type`: `Task`, "
    "  `Resource`: `arn:aws:states:::aws-sdk:sagemaker:describeTrainingJob`,"
    "  `Parameters`: {`TrainingJobName`: `missing`}, `Catch`: [{`ErrorEquals`: ["
    "  `SageMaker.ResourceNotFoundException`], `ResultPath`: `$.e2`, `Next`: `L`}], "
    "  `End`: true},"
    "`L`: {`Type`: `Task`, `Resource`: `arn:aws:states:::aws-sdk:sagemaker:listTrainingJobs`,"
    "  `Parameters`: {}, `ResultPath`: `$.list`, `End`: true}}}";
  SwValue *output;

  g_assert_cmpint (run_machine (sagemaker, machine, "{}", 0, &execution), ==,
                   SW_EXECUTION_STATUS_SUCCEEDED);
  output = sw_execution_get_output (execution);
  g_assert_true (g_str_has_prefix (get_string (output, "e1.Cause"),
                                   "Could not find endpoint \"arn:aws:sagemaker:us-east-1:"
                                   "123456789012:endpoint/missing\". (Service: SageMaker, "
                                   "Status Code: 400, Request ID: "));
  g_assert_true (g_str_has_prefix (get_string (output, "e2.Cause"),
                                   "Requested resource not found. (Service: SageMaker"));
  g_assert_cmpuint (sw_value_array_get_length (get (output, "list.TrainingJobSummaries")), ==, 0);
  remove_tree (root);
}

/* Deploys the shared model; returns the endpoint's name. */
static void
deploy_trained (void)
{
  static gboolean deployed;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) r1 = NULL;
  g_autoptr(SwValue) r2 = NULL;
  g_autoptr(SwValue) r3 = NULL;
  g_autoptr(SwValue) d = NULL;
  g_autofree char *request = NULL;

  ensure_trained ();
  if (deployed)
    return;
  deployed = TRUE;
  sw_sagemaker_set_wait_scale (trained.sagemaker, 0);
  request = g_strdup_printf ("{`ModelName`: `small`, `ExecutionRoleArn`: `" ROLE "`, "
                             "`PrimaryContainer`: {`Image`: `x`, `ModelDataUrl`: `%s`}}",
                             get_string (trained.output, "ModelArtifacts.S3ModelArtifacts"));
  r1 = call (trained.sagemaker, "CreateModel", (request), &error);
  g_assert_no_error (error);
  r2 = call (trained.sagemaker, "createEndpointConfig",
                          ("{`EndpointConfigName`: `small`, `ProductionVariants`: [{"
                                 "`VariantName`: `AllTraffic`, `ModelName`: `small`, "
                                 "`InstanceType`: `ml.m5.large`, `InitialInstanceCount`: 1}]}"),
                          &error);
  g_assert_no_error (error);
  r3 = call (trained.sagemaker, "CreateEndpoint",
                          ("{`EndpointName`: `small`, `EndpointConfigName`: `small`}"),
                          &error);
  g_assert_no_error (error);
  d = call (trained.sagemaker, "DescribeEndpoint",
                         ("{`EndpointName`: `small`}"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (d, "EndpointStatus"), ==, "InService");
  g_assert_cmpstr (get_string (d, "ProductionVariants.0.VariantName"), ==, "AllTraffic");
}

static gboolean
have_torch (void)
{
  g_autofree char *out = NULL;
  int status = 1;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_spawn_command_line_sync (PYTHON " -c 'import torch'", &out, NULL, &status, NULL);
  return g_spawn_check_wait_status (status, NULL);
}

/* python3-torch opens the artifact with tarfile, loads model.pth into the example's Net and
 * classifies the test images as the endpoint does. */
static void
test_artifact_in_torch (void)
{
  g_autofree char *script = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "tests", "sagemaker",
                                              "sw_sagemaker_torch.py", NULL);
  g_autofree char *images = NULL;
  g_autofree char *torch_out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ours = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { PYTHON, script, "predict", NULL, NULL, NULL };
  guint correct, mismatches = 0;
  int status;

  deploy_trained ();
  g_assert_true (g_file_test (trained.artifact, G_FILE_TEST_IS_REGULAR));
  if (!have_torch ())
    {
      g_test_skip ("python3-torch is not installed");
      return;
    }
  images = g_build_filename (trained.root, "data", "mnist-small", "t10k-images-idx3-ubyte",
                             NULL);
  argv[3] = trained.artifact;
  argv[4] = images;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &torch_out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", script, err);
  g_strstrip (torch_out);
  ours = endpoint_labels (trained.sagemaker, "small", images, &correct, NULL);
  g_assert_cmpuint (strlen (torch_out), ==, N_TEST);
  g_assert_cmpuint (strlen (ours), ==, N_TEST);
  for (guint i = 0; i < N_TEST; i++)
    mismatches += torch_out[i] != ours[i];
  g_test_message ("torch and the endpoint disagree on %u of %u images", mismatches, N_TEST);
  g_assert_cmpuint (mismatches, <=, N_TEST / 200);
}

/* The endpoint's accuracy on the test set is `stepwise-cli train --epochs 0`'s evaluation of
 * the same model.pth, and the training job's last test:accuracy. */
static void
test_endpoint_matches_trainer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDataset) test_set = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) pth = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pth_path = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(SwValue) line = NULL;
  const char *argv[] = { NULL, "train", "--epochs", "0", "--model", NULL, "--data", NULL,
                         "--format", "json", NULL };
  guint correct;
  gsize length;
  int status;
  double accuracy;

  if (!have_cli ())
    return;
  deploy_trained ();
  data_dir = g_build_filename (trained.root, "data", "mnist-small", NULL);
  images = g_build_filename (data_dir, "t10k-images-idx3-ubyte", NULL);
  test_set = sw_dataset_load (data_dir, SW_DATASET_TEST, &error);
  g_assert_no_error (error);
  labels = endpoint_labels (trained.sagemaker, "small", images, &correct, test_set);

  g_file_get_contents (trained.artifact, &contents, &length, &error);
  g_assert_no_error (error);
  archive = g_bytes_new (contents, length);
  pth = sw_tar_gz_extract (archive, "model.pth", &error);
  g_assert_no_error (error);
  pth_path = g_build_filename (trained.root, "model.pth", NULL);
  g_file_set_contents (pth_path, g_bytes_get_data (pth, NULL), g_bytes_get_size (pth), &error);
  g_assert_no_error (error);

  argv[0] = cli_path;
  argv[5] = pth_path;
  argv[7] = data_dir;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("stepwise-cli train failed: %s", err);
  /* One JSON object per line: the evaluation, then a summary */
  line = sw_json_parse (out, strcspn (out, "\n"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (line, "type"), ==, "evaluation");
  g_assert_cmpuint ((guint) sw_value_get_double (get (line, "test_correct")), ==, correct);
  g_assert_cmpuint ((guint) sw_value_get_double (get (line, "test_total")), ==, N_TEST);

  accuracy = sw_value_get_double (get (trained.output, "FinalMetricDataList.2.Value"));
  g_assert_cmpfloat_with_epsilon (accuracy, 100.0 * correct / N_TEST, 1e-6);
  g_test_message ("endpoint: %u/%u correct (%.1f %%), as the trainer evaluates it", correct,
                  N_TEST, 100.0 * correct / N_TEST);
}

/* Batch transform writes one prediction per line, the endpoint's, under S3OutputPath. */
static void
test_transform (void)
{
  g_autoptr(SwExecution) execution = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint correct;
  const char *machine =
    "{`StartAt`: `T`, `States`: {`T`: {`Type`: `Task`, "
    "`Resource`: `arn:aws:states:::sagemaker:createTransformJob.sync`, `Parameters`: {"
    "`TransformJobName`: `batch-1`, `ModelName`: `small`, `TransformInput`: {`DataSource`: {"
    "`S3DataSource`: {`S3DataType`: `S3Prefix`, `S3Uri`: "
    "`s3://data/mnist-small/t10k-images-idx3-ubyte`}}}, `TransformOutput`: {`S3OutputPath`: "
    "`s3://out/batch`}, `TransformResources`: {`InstanceType`: `ml.m5.large`, "
    "`InstanceCount`: 1}}, `End`: true}}}";

  deploy_trained ();
  g_assert_cmpint (run_machine (trained.sagemaker, machine, "{}", 0, &execution), ==,
                   SW_EXECUTION_STATUS_SUCCEEDED);
  g_assert_cmpstr (get_string (sw_execution_get_output (execution), "TransformJobStatus"), ==,
                   "Completed");
  out_path = g_build_filename (trained.root, "out", "batch", "t10k-images-idx3-ubyte.out",
                               NULL);
  g_file_get_contents (out_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_TEST);
  images = g_build_filename (trained.root, "data", "mnist-small", "t10k-images-idx3-ubyte",
                             NULL);
  labels = endpoint_labels (trained.sagemaker, "small", images, &correct, NULL);
  for (guint i = 0; i < N_TEST; i++)
    {
      g_autoptr(SwValue) line = sw_json_parse (lines[i], -1, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint ((guint) sw_value_get_double (get (line, "predicted_label")), ==,
                        (guint) (labels[i] - '0'));
    }
}

/* PNG and JSON bodies of the same digit get the same answer. */
static void
test_png_body (void)
{
  g_autoptr(SwDataset) test_set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GBytes) json_body = NULL;
  g_autoptr(GBytes) idat = NULL;
  g_autoptr(GBytes) png_body = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree guint8 *deflated = NULL;
  GString *json = g_string_new ("{\"instances\": [[");
  const guint8 *image;
  uLongf deflated_length;

  deploy_trained ();
  data_dir = g_build_filename (trained.root, "data", "mnist-small", NULL);
  test_set = sw_dataset_load (data_dir, SW_DATASET_TEST, &error);
  g_assert_no_error (error);
  image = sw_dataset_get_image (test_set, 5);

  /* JSON: 0–1 values, as ToTensor gives them */
  for (guint y = 0; y < 28; y++)
    {
      g_string_append (json, y > 0 ? "], [" : "[");
      for (guint x = 0; x < 28; x++)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (buffer, sizeof buffer, "%.17g", image[y * 28 + x] / 255.0);
          g_string_append_printf (json, "%s%s", x > 0 ? ", " : "", buffer);
        }
    }
  g_string_append (json, "]]]}");
  json_body = g_string_free_to_bytes (json);

  /* PNG: 56×56 grey, a dark digit on white (inverted by the endpoint), rows filter 0 */
  for (guint y = 0; y < 56; y++)
    {
      guint8 zero = 0;

      g_byte_array_append (raw, &zero, 1);
      for (guint x = 0; x < 56; x++)
        {
          guint8 v = 255 - image[(y / 2) * 28 + x / 2];

          g_byte_array_append (raw, &v, 1);
        }
    }
  deflated_length = compressBound (raw->len);
  deflated = g_malloc (deflated_length);
  g_assert_cmpint (compress (deflated, &deflated_length, raw->data, raw->len), ==, Z_OK);
  idat = g_bytes_new (deflated, deflated_length);
  png_body = png_new (56, 56, idat);

  a = sw_sagemaker_invoke_endpoint (trained.sagemaker, "small", "application/json", json_body,
                                    NULL, &error);
  g_assert_no_error (error);
  b = sw_sagemaker_invoke_endpoint (trained.sagemaker, "small", "image/png", png_body, NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                   g_bytes_get_data (b, NULL), g_bytes_get_size (b));

  g_assert_null (sw_sagemaker_invoke_endpoint (trained.sagemaker, "small", "text/csv",
                                               png_body, NULL, &error));
  g_assert_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION);
}

/* Runs data/examples/STEM.asl.json on STEM.input.json with stepwise-cli in a fresh local S3
 * root, as a user runs it; returns the output and gives the root, the input's path and the
 * standard error. */
static SwValue *
run_cli_example (const char  *stem,
                 const char  *name,
                 const char  *wait_scale,
                 char       **root_out,
                 char       **input_out,
                 char       **err_out)
{
  g_autofree char *asl_name = g_strconcat (stem, ".asl.json", NULL);
  g_autofree char *input_name = g_strconcat (stem, ".input.json", NULL);
  char *root = g_dir_make_tmp ("sw-cli-s3-XXXXXX", NULL);
  g_autofree char *asl = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                           asl_name, NULL);
  char *input = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples", input_name,
                                  NULL);
  g_autofree char *out = NULL;
  char *err = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *output;
  const char *argv[] = { cli_path, "run", asl, "--input-file", input, "--local-s3", root,
                         "--name", name, "--wait-scale", wait_scale, NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("stepwise-cli run failed:\n%s", err);
  output = sw_json_parse (out, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  *root_out = root;
  *input_out = input;
  *err_out = err;
  return output;
}

/* The README's pipeline, run by stepwise-cli as a user runs it, in a fresh local S3 root:
 * it trains (the log on standard error), registers the model and creates the endpoint. */
static void
test_cli_main_example (void)
{
  g_autofree char *root = NULL;
  g_autofree char *input = NULL;
  g_autofree char *err = NULL;
  g_autofree char *artifact = NULL;
  g_autoptr(SwValue) output = NULL;

  if (!have_cli ())
    return;
  output = run_cli_example ("mnist-pipeline", "main", "0", &root, &input, &err);
  g_assert_cmpstr (get_string (output, "training.TrainingJobStatus"), ==, "Completed");
  g_assert_cmpstr (get_string (output, "training.TrainingJobName"), ==, "mnist-main");
  g_assert_cmpstr (get_string (output, "model.ModelArn"), ==,
                   "arn:aws:sagemaker:us-east-1:123456789012:model/model-main");
  g_assert_cmpstr (get_string (output, "endpoint.EndpointArn"), ==,
                   "arn:aws:sagemaker:us-east-1:123456789012:endpoint/endpoint-main");
  g_assert_cmpfloat (sw_value_get_double (get (output, "training.FinalMetricDataList.2.Value")),
                     >, 90.0);
  artifact = g_build_filename (root, "stepwise-examples", "mnist", "output", "mnist-main",
                               "output", "model.tar.gz", NULL);
  g_assert_true (g_file_test (artifact, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (err, "Train Epoch: 5 ["));
  g_assert_nonnull (strstr (err, "TaskSucceeded"));
  remove_tree (root);
}

/* The pipeline that also waits for the endpoint and asks it about a digit; then a later
 * process (stepwise-cli invoke-endpoint) finds the endpoint the run created. */
static void
test_cli_example (void)
{
  g_autofree char *root = NULL;
  g_autofree char *input = NULL;
  g_autofree char *err = NULL;
  g_autofree char *artifact = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) output = NULL;
  int status;

  if (!have_cli ())
    return;
  output = run_cli_example ("mnist-pipeline-endpoint", "cli-run", "0.2", &root, &input, &err);
  g_assert_cmpstr (get_string (output, "TrainingJobStatus"), ==, "Completed");
  g_assert_cmpstr (get_string (output, "ModelArtifacts"), ==,
                   "s3://stepwise-examples/mnist/output/mnist-cli-run/output/model.tar.gz");
  g_assert_cmpint (sw_value_get_double (get (output, "PredictedLabel")), ==, 7);
  artifact = g_build_filename (root, "stepwise-examples", "mnist", "output", "mnist-cli-run",
                               "output", "model.tar.gz", NULL);
  g_assert_true (g_file_test (artifact, G_FILE_TEST_IS_REGULAR));
  /* The training log and the states' progress stream to standard error. */
  g_assert_nonnull (strstr (err, "Test set: Average loss: "));
  g_assert_nonnull (strstr (err, "TaskStateEntered CreateTrainingJob"));
  g_assert_nonnull (strstr (err, "ChoiceStateEntered EndpointInService?"));

  /* A later process finds the endpoint the run created. */
  {
    g_autofree char *body = g_build_filename (root, "digit.json", NULL);
    g_autofree char *answer = NULL;
    g_autofree char *name = g_strdup ("endpoint-cli-run");
    const char *invoke[] = { cli_path, "invoke-endpoint", name, "--body", body, "--local-s3",
                             root, NULL };
    g_autoptr(SwValue) in = NULL;
    g_autofree char *contents = NULL;
    g_autofree char *image = NULL;

    g_file_get_contents (input, &contents, NULL, &error);
    g_assert_no_error (error);
    in = sw_json_parse (contents, -1, NULL, NULL, &error);
    g_assert_no_error (error);
    image = compact (get (in, "TestImage"));
    g_file_set_contents (body, image, -1, &error);
    g_assert_no_error (error);
    g_clear_pointer (&err, g_free);
    g_spawn_sync (NULL, (char **) invoke, NULL, G_SPAWN_DEFAULT, NULL, NULL, &answer, &err,
                  &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("stepwise-cli invoke-endpoint failed:\n%s", err);
    g_assert_nonnull (strstr (answer, "\"predicted_label\": 7}]}"));
  }
  remove_tree (root);
}

/* Without .sync the job trains in the background; DescribeTrainingJob follows it live (the
 * training monitor's contract) and StopTrainingJob stops it. */
static void
test_describe_live (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) created = NULL;
  g_autoptr(SwValue) stopped = NULL;
  g_autoptr(SwValue) last = NULL;
  g_autoptr(GRegex) message = g_regex_new ("^Epoch 1/500, batch [0-9]+/38$", 0, 0, NULL);
  g_autoptr(SwValue) request = parse (
    "{`TrainingJobName`: `live`, `RoleArn`: `" ROLE "`, `AlgorithmSpecification`: {"
    "`TrainingImage`: `img`, `TrainingInputMode`: `File`}, `HyperParameters`: {`epochs`: "
    "`500`, `batch-size`: `32`, `log-interval`: `1`}, `InputDataConfig`: [{`ChannelName`: "
    "`train`, `DataSource`: {`S3DataSource`: {`S3DataType`: `S3Prefix`, `S3Uri`: "
    "`s3://data/mnist-small`}}}], `OutputDataConfig`: {`S3OutputPath`: `s3://out/`}, "
    "`ResourceConfig`: {`InstanceCount`: 1, `InstanceType`: `ml.m5.large`, `VolumeSizeInGB`: "
    "5}, `StoppingCondition`: {`MaxRuntimeInSeconds`: 300}}");
  gboolean seen_training = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  created = sw_sagemaker_call (sagemaker, "CreateTrainingJob", request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (created, "TrainingJobArn"), ==,
                   "arn:aws:sagemaker:us-east-1:123456789012:training-job/live");
  g_assert_null (sw_sagemaker_call (sagemaker, "CreateTrainingJob", request, &error));
  g_assert_cmpstr (sw_sagemaker_error_type_name (error), ==, "ResourceInUse");
  g_clear_error (&error);

  while (!seen_training && g_get_monotonic_time () < deadline)
    {
      g_autoptr(SwValue) d = call (sagemaker, "DescribeTrainingJob",
                                   "{`TrainingJobName`: `live`}", &error);
      SwValue *transitions;

      g_assert_no_error (error);
      transitions = get (d, "SecondaryStatusTransitions");
      if (g_strcmp0 (get_string (d, "SecondaryStatus"), "Training") == 0 &&
          sw_value_array_get_length (get (d, "FinalMetricDataList")) > 0)
        {
          const char *status_message =
            get_string (sw_value_array_get (transitions,
                                            sw_value_array_get_length (transitions) - 1),
                        "StatusMessage");

          if (g_regex_match (message, status_message, 0, NULL))
            {
              seen_training = TRUE;
              g_assert_cmpstr (get_string (d, "FinalMetricDataList.0.MetricName"), ==,
                               "train:loss");
              /* The JSON protocol's times: seconds since the epoch */
              g_assert_cmpfloat (sw_value_get_double (get (d, "CreationTime")), <, 1e11);
            }
        }
      g_usleep (G_USEC_PER_SEC / 100);
    }
  g_assert_true (seen_training);

  stopped = call (sagemaker, "StopTrainingJob", "{`TrainingJobName`: `live`}", &error);
  g_assert_no_error (error);
  g_assert_true (sw_sagemaker_wait_training_job (sagemaker, "live", NULL));
  last = call (sagemaker, "DescribeTrainingJob", "{`TrainingJobName`: `live`}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (last, "TrainingJobStatus"), ==, "Stopped");
  g_assert_cmpstr (get_string (last, "SecondaryStatus"), ==, "Stopped");
  remove_tree (root);
}

/* ARNs name the region and account set, as the local executor's do. */
static void
test_arn_scope (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(GBytes) body = g_bytes_new_static ("[]", 2);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sw_sagemaker_get_region (sagemaker), ==, "us-east-1");
  g_assert_cmpstr (sw_sagemaker_get_account_id (sagemaker), ==, "123456789012");
  sw_sagemaker_set_region (sagemaker, "ap-southeast-2");
  sw_sagemaker_set_account_id (sagemaker, "444455556666");
  g_assert_null (call (sagemaker, "DescribeEndpoint", "{`EndpointName`: `Nowhere`}", &error));
  g_assert_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message,
                            "arn:aws:sagemaker:ap-southeast-2:444455556666:endpoint/nowhere"));
  g_clear_error (&error);
  g_assert_null (sw_sagemaker_invoke_endpoint (sagemaker, "gone", NULL, body, NULL, &error));
  g_assert_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Endpoint gone of account 444455556666 not found.");
  g_clear_error (&error);
  remove_tree (root);
}

static SwValue *
post_sagemaker (SoupSession *session,
                const char  *url,
                const char  *operation,
                const char  *json)
{
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autofree char *target = g_strconcat ("SageMaker.", operation, NULL);
  g_autofree char *text = g_strdup (json);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *value;

  for (char *p = text; *p; p++)
    if (*p == '`')
      *p = '"';
  body = g_bytes_new_take (g_steal_pointer (&text), strlen (json));
  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Amz-Target",
                                target);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", body);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  value = sw_json_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL,
                         NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (message) != 200)
    {
      g_autofree char *shown = compact (value);

      g_error ("%s answered %u: %s", operation, soup_message_get_status (message), shown);
    }
  return value;
}

/* `serve --region --account-id`: the SageMaker calls the endpoint serves make ARNs with
 * them, as its executions do. */
static void
test_serve_arns (void)
{
  g_autofree char *root = NULL;
  g_autofree char *db = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SwValue) created = NULL;
  g_autoptr(SwValue) described = NULL;
  g_autoptr(SwValue) stopped = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_cli ())
    return;
  root = new_root ();
  db = g_build_filename (root, "service.db", NULL);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, cli_path, "serve", "--port", "0", "--db", db, "--local-s3",
                             root, "--region", "eu-west-1", "--account-id", "111122223333",
                             NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);

  created = post_sagemaker (session, url, "CreateTrainingJob",
    "{`TrainingJobName`: `Euro-Job`, `RoleArn`: `" ROLE "`, `AlgorithmSpecification`: {"
    "`TrainingImage`: `img`, `TrainingInputMode`: `File`}, `HyperParameters`: {`epochs`: "
    "`1`}, `InputDataConfig`: [{`ChannelName`: `train`, `DataSource`: {`S3DataSource`: {"
    "`S3DataType`: `S3Prefix`, `S3Uri`: `s3://data/mnist-small`}}}], `OutputDataConfig`: {"
    "`S3OutputPath`: `s3://out/`}, `ResourceConfig`: {`InstanceCount`: 1, `InstanceType`: "
    "`ml.m5.large`, `VolumeSizeInGB`: 5}, `StoppingCondition`: {`MaxRuntimeInSeconds`: 300}}");
  g_assert_cmpstr (get_string (created, "TrainingJobArn"), ==,
                   "arn:aws:sagemaker:eu-west-1:111122223333:training-job/euro-job");
  described = post_sagemaker (session, url, "DescribeTrainingJob",
                              "{`TrainingJobName`: `Euro-Job`}");
  g_assert_cmpstr (get_string (described, "TrainingJobArn"), ==,
                   "arn:aws:sagemaker:eu-west-1:111122223333:training-job/euro-job");
  stopped = post_sagemaker (session, url, "StopTrainingJob", "{`TrainingJobName`: `Euro-Job`}");

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  remove_tree (root);
}

/* A .sync task that times out stops its job, as Step Functions does. */
static void
test_timeout_stops_job (void)
{
  g_autofree char *root = new_root ();
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) d = NULL;
  g_autofree char *machine = training_machine (", `TimeoutSeconds`: 1, `End`: true");

  g_assert_cmpint (run_machine (sagemaker, machine,
                                "{`name`: `timed-out`, `data`: `s3://data/mnist-small/`, "
                                "`max`: 600, `hp`: {`epochs`: `100000`}}", 1, &execution),
                   ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Timeout");
  g_assert_true (sw_sagemaker_wait_training_job (sagemaker, "timed-out", NULL));
  d = call (sagemaker, "DescribeTrainingJob", "{`TrainingJobName`: `timed-out`}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (d, "TrainingJobStatus"), ==, "Stopped");
  remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--cli="))
      cli_path = g_strdup (argv[i] + strlen ("--cli="));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sagemaker/tar/roundtrip", test_tar_roundtrip);
  g_test_add_func ("/sagemaker/tar/empty-member", test_tar_empty_member);
  g_test_add_func ("/sagemaker/tar/gzip-bomb", test_tar_gzip_bomb);
  g_test_add_func ("/sagemaker/inflate/limit", test_inflate_limit);
  g_test_add_func ("/sagemaker/png/bomb", test_png_bomb);
  g_test_add_func ("/sagemaker/local-s3/paths-and-seed", test_local_s3);
  g_test_add_func ("/sagemaker/api/validation-messages", test_validation_messages);
  g_test_add_func ("/sagemaker/pipeline/sync-shape", test_sync_shape);
  g_test_add_func ("/sagemaker/pipeline/artifact-in-torch", test_artifact_in_torch);
  g_test_add_func ("/sagemaker/pipeline/endpoint-matches-trainer",
                   test_endpoint_matches_trainer);
  g_test_add_func ("/sagemaker/pipeline/transform", test_transform);
  g_test_add_func ("/sagemaker/pipeline/png-body", test_png_body);
  g_test_add_func ("/sagemaker/pipeline/bad-hyperparameters", test_bad_hyperparameters);
  g_test_add_func ("/sagemaker/pipeline/max-runtime", test_max_runtime);
  g_test_add_func ("/sagemaker/pipeline/missing-data", test_missing_data);
  g_test_add_func ("/sagemaker/pipeline/retry-endpoint", test_retry_endpoint);
  g_test_add_func ("/sagemaker/pipeline/sdk-errors", test_sdk_errors);
  g_test_add_func ("/sagemaker/api/describe-live", test_describe_live);
  g_test_add_func ("/sagemaker/api/arn-scope", test_arn_scope);
  g_test_add_func ("/sagemaker/cli/serve-arns", test_serve_arns);
  g_test_add_func ("/sagemaker/pipeline/timeout-stops-job", test_timeout_stops_job);
  g_test_add_func ("/sagemaker/cli/main-example", test_cli_main_example);
  g_test_add_func ("/sagemaker/cli/endpoint-example", test_cli_example);

  status = g_test_run ();
  if (trained.root != NULL)
    remove_tree (trained.root);
  g_clear_pointer (&trained.root, g_free);
  g_clear_object (&trained.sagemaker);
  g_clear_pointer (&trained.output, sw_value_unref);
  g_clear_pointer (&trained.submitted, sw_value_unref);
  g_clear_pointer (&trained.artifact, g_free);
  g_free (cli_path);
  return status;
}
