/* fuzz-item-reader.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the readers of a distributed Map's ItemReader (src/engine), reached
 * the way a run reaches them: an execution of a one-state machine whose ItemReader reads an
 * object of a local S3 root that holds the input. The first byte picks the reader:
 *
 *   0  JSON (with an ItemsPointer picked by the second byte, or none)
 *   1  JSON Lines
 *   2  CSV, headers in the first row, the delimiter picked by the second byte
 *   3  CSV with given headers (picked by the second byte, some of them not strings)
 *   4  an S3 inventory manifest: the input up to a NUL byte is manifest.json, the rest is a
 *      data file written three ways: d.csv.gz (gzipped here), r.gz (as given: the gunzip of
 *      local objects gets arbitrary bytes) and p.csv (plain)
 *
 *   the execution ends; it succeeds with an array of items (never more than MaxItems) or
 *   fails with States.ItemReaderFailed; CSV items are objects whose members are strings, one
 *   per header.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>
#include <zlib.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-clock.h"
#include "sw-execution.h"
#include "sw-json.h"
#include "sw-fuzz.h"

#define MAX_ITEMS 16

static char *root;

static void
write_object (const char   *key,
              const guint8 *data,
              gsize         size)
{
  g_autofree char *path = g_build_filename (root, "b", key, NULL);

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    sw_fuzz_fail ("cannot write", path);
}

static void
write_gzipped (const char   *key,
               const guint8 *data,
               gsize         size)
{
  uLongf bound = compressBound (size) + 32;
  g_autofree guint8 *gz = g_malloc (bound);
  z_stream zs = { 0 };

  if (deflateInit2 (&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    sw_fuzz_fail ("deflateInit2", NULL);
  zs.next_in = (Bytef *) data;
  zs.avail_in = size;
  zs.next_out = gz;
  zs.avail_out = bound;
  if (deflate (&zs, Z_FINISH) != Z_STREAM_END)
    sw_fuzz_fail ("deflate", NULL);
  write_object (key, gz, zs.total_out);
  deflateEnd (&zs);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *bucket = NULL;

  sw_fuzz_init ();
  root = g_dir_make_tmp ("fuzz-item-reader-XXXXXX", NULL);
  if (root == NULL)
    sw_fuzz_fail ("no temporary directory", NULL);
  bucket = g_build_filename (root, "b", NULL);
  g_mkdir_with_parents (bucket, 0700);
  return 0;
}

static const char *
reader_config (guint8 mode,
               guint8 choice)
{
  static const char *pointers[] = { "", "/items", "/a/0", "/~1x~0", "/0" };
  static const char *delimiters[] = { "COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB" };
  /* The definition is outside input too: headers that are not strings must be refused. */
  static const char *headers[] = { "[\"a\", \"b\", \"c\"]", "[\"a\", 7, null]", "[]",
                                   "[\"a\", \"a\", \"\"]" };
  static char buffer[256];

  switch (mode)
    {
    case 0:
      if (choice % 6 == 5)
        return "\"InputType\": \"JSON\"";
      g_snprintf (buffer, sizeof buffer, "\"InputType\": \"JSON\", \"ItemsPointer\": \"%s\"",
                  pointers[choice % 5]);
      return buffer;
    case 1:
      return "\"InputType\": \"JSONL\"";
    case 2:
      g_snprintf (buffer, sizeof buffer, "\"InputType\": \"CSV\", \"CSVHeaderLocation\": "
                  "\"FIRST_ROW\", \"CSVDelimiter\": \"%s\"", delimiters[choice % 5]);
      return buffer;
    case 3:
      g_snprintf (buffer, sizeof buffer, "\"InputType\": \"CSV\", \"CSVHeaderLocation\": "
                  "\"GIVEN\", \"CSVHeaders\": %s", headers[choice % G_N_ELEMENTS (headers)]);
      return buffer;
    default:
      return "\"InputType\": \"MANIFEST\", \"ManifestType\": \"S3_INVENTORY\"";
    }
}

static void
check_csv_item (SwValue *item,
                guint8   mode)
{
  if (!sw_value_is_object (item))
    sw_fuzz_fail ("a CSV item is not an object", NULL);
  if (mode == 3 && sw_value_object_get_size (item) != 3 && sw_value_object_get_size (item) != 0)
    sw_fuzz_fail ("a CSV item does not have one member per given header", NULL);
  for (guint i = 0; i < sw_value_object_get_size (item); i++)
    if (!sw_value_is_string (sw_value_object_get_value (item, i)))
      sw_fuzz_fail ("a CSV field is not a string", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwValue) definition = NULL;
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(SwClock) clock = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SwExecutionStatus status;
  guint8 mode, choice;
  const char *key = "in";

  if (size < 2 || size > 8192)
    return 0;
  mode = data[0] % 5;
  choice = data[1];
  data += 2;
  size -= 2;

  if (mode == 4)
    {
      const guint8 *nul = memchr (data, '\0', size);
      gsize manifest_size = nul != NULL ? (gsize) (nul - data) : size;
      const guint8 *rest = nul != NULL ? nul + 1 : data + size;
      gsize rest_size = size - manifest_size - (nul != NULL);

      write_object ("manifest.json", data, manifest_size);
      write_gzipped ("d.csv.gz", rest, rest_size);
      write_object ("r.gz", rest, rest_size);
      write_object ("p.csv", rest, rest_size);
      key = "manifest.json";
    }
  else
    write_object ("in", data, size);

  text = g_strdup_printf (
    "{\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Map\", \"ItemReader\": {"
    "\"Resource\": \"arn:aws:states:::s3:getObject\", \"ReaderConfig\": {%s, "
    "\"MaxItems\": %d}, \"Parameters\": {\"Bucket\": \"b\", \"Key\": \"%s\"}}, "
    "\"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\"}, \"StartAt\": \"P\", "
    "\"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}}}",
    reader_config (mode, choice), MAX_ITEMS, key);
  definition = sw_json_parse (text, -1, NULL, NULL, NULL);
  if (definition == NULL)
    sw_fuzz_fail ("the definition does not parse", text);

  execution = sw_execution_new (definition, NULL, &error);
  if (execution == NULL)
    sw_fuzz_fail ("the execution cannot be made", error->message);
  clock = sw_clock_new_fake (G_GINT64_CONSTANT (1767225600000));
  sw_execution_set_clock (execution, clock);
  sw_execution_set_local_root (execution, root);
  status = sw_execution_run (execution, NULL, &error);
  if (error != NULL)
    sw_fuzz_fail ("the run reports an error", error->message);

  if (status == SW_EXECUTION_STATUS_SUCCEEDED)
    {
      SwValue *output = sw_execution_get_output (execution);

      if (output == NULL || !sw_value_is_array (output))
        sw_fuzz_fail ("a succeeded run has no array of items", NULL);
      if (sw_value_array_get_length (output) > MAX_ITEMS)
        sw_fuzz_fail ("MaxItems is not respected", NULL);
      if (mode >= 2)
        for (guint i = 0; i < sw_value_array_get_length (output); i++)
          check_csv_item (sw_value_array_get (output, i), mode);
    }
  else if (status == SW_EXECUTION_STATUS_FAILED)
    {
      const char *name = sw_execution_get_error (execution);

      if (name == NULL || strcmp (name, "States.ItemReaderFailed") != 0)
        sw_fuzz_fail ("the run fails with another error", name);
    }
  else
    sw_fuzz_fail ("the run neither succeeds nor fails", sw_execution_status_to_string (status));
  return 0;
}
