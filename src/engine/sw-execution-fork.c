/* sw-execution-fork.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Parallel and Map states: a fork starts child lanes (up to MaxConcurrency at a time),
 * collects their outputs in order and, when one fails, aborts the others and fails the
 * state, as the service does. A distributed Map reads its items with an ItemReader from the
 * local S3 root, may batch them, tolerates a number of failures, and may write its results
 * with a ResultWriter; its iterations are child executions whose events stay out of the
 * parent's history. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sw-arn.h"
#include "sw-execution-private.h"
#include "sw-inflate.h"
#include "sw-json.h"

/* The service runs at most 40 iterations of an inline Map at once. */
#define INLINE_MAP_CONCURRENCY 40
#define DISTRIBUTED_MAP_CONCURRENCY 1000

void
_sw_fork_free (SwFork *fork)
{
  if (fork == NULL)
    return;
  for (guint i = 0; fork->children != NULL && i < fork->children->len; i++)
    _sw_lane_free (g_ptr_array_index (fork->children, i));
  g_clear_pointer (&fork->children, g_ptr_array_unref);
  for (guint i = 0; fork->results != NULL && i < fork->n_children; i++)
    g_clear_pointer (&fork->results[i], sw_value_unref);
  g_free (fork->results);
  g_clear_pointer (&fork->effective, sw_value_unref);
  g_clear_pointer (&fork->items, sw_value_unref);
  g_clear_pointer (&fork->failed_items, g_ptr_array_unref);
  g_clear_pointer (&fork->writer, sw_value_unref);
  g_free (fork->map_run_arn);
  g_free (fork);
}

static SwValue *
iteration_details (SwFork *fork,
                   guint   index)
{
  SwValue *details;

  if (!_sw_execution_want_events (fork->parent->exec))
    return NULL;
  details = sw_value_new_object ();
  sw_value_object_set (details, "name", sw_value_new_string (fork->state->name));
  sw_value_object_set (details, "index", sw_value_new_int (index));
  return details;
}

static SwValue *
error_output (const char *error,
              const char *cause)
{
  SwValue *object = sw_value_new_object ();

  sw_value_object_set (object, "Error", sw_value_new_string (error ? error : ""));
  sw_value_object_set (object, "Cause", sw_value_new_string (cause ? cause : ""));
  return object;
}

/* Fails the state: the other children end, the failure goes to the parent lane. */
static void
fork_fail (SwFork     *fork,
           const char *error,
           const char *cause)
{
  SwLane *parent = fork->parent;
  SwExecution *exec = parent->exec;

  fork->finished = TRUE;
  _sw_fork_abort (fork);

  if (fork->distributed)
    {
      SwValue *details = NULL;

      if (_sw_execution_want_events (exec))
        {
          details = sw_value_new_object ();
          sw_value_object_set (details, "error", sw_value_new_string (error ? error : ""));
          sw_value_object_set (details, "cause", sw_value_new_string (cause ? cause : ""));
        }
      _sw_execution_emit (exec, parent, SW_HISTORY_EVENT_MAP_RUN_FAILED, details);
    }
  _sw_execution_emit (exec, parent, fork->is_map ? SW_HISTORY_EVENT_MAP_STATE_FAILED
                                                 : SW_HISTORY_EVENT_PARALLEL_STATE_FAILED,
                      NULL);

  parent->failed = TRUE;
  g_free (parent->error);
  parent->error = g_strdup (error);
  g_free (parent->cause);
  parent->cause = g_strdup (cause);
  parent->step = SW_STEP_FORK_DONE;
  _sw_execution_ready (exec, parent);
}

/* Local S3 */

static char *
local_object_path (SwExecution  *exec,
                   const char   *bucket,
                   const char   *key,
                   GError      **error)
{
  const char *root = _sw_execution_local_root (exec);

  if (root == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No local S3 root is set (stepwise-cli run --local-s3 DIR) to read "
                   "s3://%s/%s from", bucket, key ? key : "");
      return NULL;
    }
  if (strstr (bucket, "..") != NULL || (key != NULL && strstr (key, "..") != NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   "The S3 location s3://%s/%s leaves the local S3 root", bucket,
                   key ? key : "");
      return NULL;
    }
  return g_build_filename (root, bucket, key, NULL);
}

static const char *
param_string (SwValue    *params,
              const char *key)
{
  SwValue *member = params != NULL && sw_value_is_object (params)
                      ? sw_value_object_get (params, key) : NULL;

  return member != NULL && sw_value_is_string (member) ? sw_value_get_string (member) : NULL;
}

static gboolean
csv_split_line (const char  *line,
                char         delimiter,
                GPtrArray   *fields)
{
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            {
              g_string_free (field, TRUE);
              return FALSE;
            }
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"')
        quoted = TRUE;
      else if (*p == delimiter || *p == '\0')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          if (*p == '\0')
            return TRUE;
          field = g_string_new (NULL);
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }
}

static SwValue *
read_csv (const char  *text,
          SwValue     *config,
          GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  const char *location = param_string (config, "CSVHeaderLocation");
  const char *delimiter_name = param_string (config, "CSVDelimiter");
  char delimiter = ',';
  SwValue *items = sw_value_new_array ();
  guint first = 0;

  if (delimiter_name != NULL)
    {
      if (strcmp (delimiter_name, "PIPE") == 0)
        delimiter = '|';
      else if (strcmp (delimiter_name, "SEMICOLON") == 0)
        delimiter = ';';
      else if (strcmp (delimiter_name, "SPACE") == 0)
        delimiter = ' ';
      else if (strcmp (delimiter_name, "TAB") == 0)
        delimiter = '\t';
    }

  if (location != NULL && strcmp (location, "GIVEN") == 0)
    {
      SwValue *given = sw_value_object_get (config, "CSVHeaders");

      for (guint i = 0; given != NULL && sw_value_is_array (given) &&
                        i < sw_value_array_get_length (given); i++)
        {
          SwValue *header = sw_value_array_get (given, i);

          if (!sw_value_is_string (header))
            {
              sw_value_unref (items);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "CSVHeaders must hold strings, but item %u is %s", i,
                           sw_value_kind_to_string (sw_value_get_kind (header)));
              return NULL;
            }
          g_ptr_array_add (headers, g_strdup (sw_value_get_string (header)));
        }
    }
  else if (lines[0] != NULL)
    {
      csv_split_line (lines[0], delimiter, headers);
      first = 1;
    }

  for (guint i = first; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      SwValue *item;

      if (lines[i][0] == '\0' || strcmp (lines[i], "\r") == 0)
        continue;
      if (!csv_split_line (lines[i], delimiter, fields))
        {
          sw_value_unref (items);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Line %u of the CSV file has an unterminated quote", i + 1);
          return NULL;
        }
      item = sw_value_new_object ();
      for (guint j = 0; j < headers->len; j++)
        sw_value_object_append (item, g_ptr_array_index (headers, j), 0, 0,
                                sw_value_new_string (j < fields->len
                                                       ? g_ptr_array_index (fields, j) : ""));
      sw_value_array_append (items, item);
    }
  return items;
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static SwValue *
list_objects (const char  *directory,
              const char  *prefix,
              GError     **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  SwValue *items = sw_value_new_array ();

  g_ptr_array_add (stack, g_strdup (""));
  while (stack->len > 0)
    {
      g_autofree char *relative = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autofree char *path = g_build_filename (directory, relative, NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          char *key = *relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
          g_autofree char *full = g_build_filename (directory, key, NULL);

          if (g_file_test (full, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (stack, key);
          else if (prefix == NULL || g_str_has_prefix (key, prefix))
            g_ptr_array_add (keys, key);
          else
            g_free (key);
        }
    }
  g_ptr_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *full = g_build_filename (directory, key, NULL);
      GStatBuf st;
      SwValue *item = sw_value_new_object ();
      g_autofree char *modified = NULL;

      if (g_stat (full, &st) != 0)
        st.st_size = 0, st.st_mtime = 0;
      modified = sw_execution_format_timestamp ((gint64) st.st_mtime * 1000);
      sw_value_object_set (item, "Etag",
                           sw_value_new_string_take (g_strdup_printf ("\"%08x\"",
                                                                      g_str_hash (key))));
      sw_value_object_set (item, "Key", sw_value_new_string (key));
      sw_value_object_set (item, "LastModified", sw_value_new_string (modified));
      sw_value_object_set (item, "Size", sw_value_new_int (st.st_size));
      sw_value_object_set (item, "StorageClass", sw_value_new_string ("STANDARD"));
      sw_value_array_append (items, item);
    }
  return items;
}

/* Reads an object of the local S3 root; a key ending in `.gz` is gunzipped, as S3 inventory
 * data files are, to at most SW_INFLATE_MAX_ITEM_READER bytes. */
static char *
read_object (SwExecution  *exec,
             const char   *bucket,
             const char   *key,
             GError      **error)
{
  g_autofree char *path = local_object_path (exec, bucket, key, error);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  char *text;

  if (path == NULL)
    return NULL;
  if (!g_str_has_suffix (key, ".gz"))
    return g_file_get_contents (path, &text, NULL, error) ? text : NULL;

  file = g_file_new_for_path (path);
  raw = G_INPUT_STREAM (g_file_read (file, NULL, error));
  if (raw == NULL)
    return NULL;
  /* Bounded: a small crafted .gz must not inflate to gigabytes in memory. */
  bytes = sw_inflate (raw, G_ZLIB_COMPRESSOR_FORMAT_GZIP, SW_INFLATE_MAX_ITEM_READER,
                      &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "s3://%s/%s: %s", bucket,
                   key, local_error->message);
      return NULL;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return text;
}

/* The value @pointer (RFC 6901, `/a/0/b`) names in @root, or NULL. */
static SwValue *
json_pointer_get (SwValue    *root,
                  const char *pointer)
{
  g_auto(GStrv) tokens = NULL;
  SwValue *node = root;

  if (*pointer == '\0')
    return root;
  if (*pointer != '/')
    return NULL;
  tokens = g_strsplit (pointer + 1, "/", -1);
  for (guint i = 0; tokens[i] != NULL && node != NULL; i++)
    {
      GString *token = g_string_new (NULL);

      for (const char *p = tokens[i]; *p != '\0'; p++)
        {
          if (p[0] == '~' && p[1] == '0')
            g_string_append_c (token, '~'), p++;
          else if (p[0] == '~' && p[1] == '1')
            g_string_append_c (token, '/'), p++;
          else
            g_string_append_c (token, *p);
        }
      if (sw_value_is_object (node))
        node = sw_value_object_get (node, token->str);
      else if (sw_value_is_array (node))
        {
          char *end;
          guint64 index = g_ascii_strtoull (token->str, &end, 10);

          node = token->len > 0 && *end == '\0' && index < sw_value_array_get_length (node)
                   ? sw_value_array_get (node, index) : NULL;
        }
      else
        node = NULL;
      g_string_free (token, TRUE);
    }
  return node;
}

/* An S3 inventory: a manifest.json listing CSV data files (gzipped), whose columns its
 * fileSchema names. Every row is an item. */
static SwValue *
read_manifest (SwExecution  *exec,
               const char   *bucket,
               const char   *key,
               const char   *text,
               GError      **error)
{
  g_autoptr(SwValue) manifest = sw_json_parse (text, -1, NULL, NULL, error);
  g_autoptr(SwValue) items = NULL;
  g_autoptr(SwValue) config = NULL;
  g_auto(GStrv) columns = NULL;
  SwValue *files, *headers;
  const char *format, *schema, *destination, *data_bucket = bucket;

  if (manifest == NULL)
    return NULL;
  files = sw_value_is_object (manifest) ? sw_value_object_get (manifest, "files") : NULL;
  schema = param_string (manifest, "fileSchema");
  if (files == NULL || !sw_value_is_array (files) || schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "s3://%s/%s is not an S3 inventory manifest (it needs files and "
                   "fileSchema)", bucket, key);
      return NULL;
    }
  format = param_string (manifest, "fileFormat");
  if (format != NULL && strcmp (format, "CSV") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The S3 inventory of s3://%s/%s is in %s; only CSV inventories can be read "
                   "locally", bucket, key, format);
      return NULL;
    }
  /* Data files live in the inventory's destination bucket. */
  destination = param_string (manifest, "destinationBucket");
  if (destination != NULL && g_str_has_prefix (destination, "arn:aws:s3:::"))
    data_bucket = destination + strlen ("arn:aws:s3:::");

  config = sw_value_new_object ();
  sw_value_object_set (config, "CSVHeaderLocation", sw_value_new_string ("GIVEN"));
  headers = sw_value_new_array ();
  columns = g_strsplit (schema, ",", -1);
  for (guint i = 0; columns[i] != NULL; i++)
    sw_value_array_append (headers, sw_value_new_string (g_strstrip (columns[i])));
  sw_value_object_set (config, "CSVHeaders", headers);

  items = sw_value_new_array ();
  for (guint i = 0; i < sw_value_array_get_length (files); i++)
    {
      const char *file_key = param_string (sw_value_array_get (files, i), "key");
      g_autofree char *data = NULL;
      g_autoptr(SwValue) rows = NULL;

      if (file_key == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "File %u of the S3 inventory manifest s3://%s/%s has no key", i + 1,
                       bucket, key);
          return NULL;
        }
      data = read_object (exec, data_bucket, file_key, error);
      if (data == NULL)
        return NULL;
      rows = read_csv (data, config, error);
      if (rows == NULL)
        return NULL;
      for (guint j = 0; j < sw_value_array_get_length (rows); j++)
        sw_value_array_append (items, sw_value_ref (sw_value_array_get (rows, j)));
    }
  return g_steal_pointer (&items);
}

/* Reads the items of a distributed Map from the local S3 root. */
static SwValue *
read_items (SwLane   *lane,
            SwValue  *reader,
            GError  **error)
{
  SwPlanState *state = lane->state;
  SwExecution *exec = lane->exec;
  const char *resource = param_string (reader, "Resource");
  SwValue *template = state->jsonata ? NULL : sw_value_object_get (reader, "Parameters");
  SwValue *config = sw_value_object_get (reader, "ReaderConfig");
  g_autoptr(SwValue) params = NULL;
  g_autoptr(SwValue) items = NULL;
  const char *bucket, *key, *type;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  SwValue *max;

  if (resource == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The ItemReader has no "
                   "Resource");
      return NULL;
    }
  if (template != NULL)
    {
      g_autoptr(SwPayload) payload = sw_payload_compile (template, error);
      SwEvalScope scope;

      if (payload == NULL)
        return NULL;
      _sw_lane_scope (lane, &scope, lane->effective);
      params = sw_payload_expand (payload, &scope, error);
      if (params == NULL)
        return NULL;
    }
  else if (state->jsonata && sw_value_object_get (reader, "Arguments") != NULL)
    params = sw_value_ref (sw_value_object_get (reader, "Arguments"));

  bucket = param_string (params, "Bucket");
  if (bucket == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ItemReader's Parameters have no Bucket");
      return NULL;
    }

  if (g_str_has_suffix (resource, "s3:listObjectsV2"))
    {
      path = local_object_path (exec, bucket, NULL, error);
      if (path == NULL)
        return NULL;
      items = list_objects (path, param_string (params, "Prefix"), error);
    }
  else if (g_str_has_suffix (resource, "s3:getObject"))
    {
      key = param_string (params, "Key");
      if (key == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The ItemReader's Parameters have no Key");
          return NULL;
        }
      text = read_object (exec, bucket, key, error);
      if (text == NULL)
        return NULL;
      type = param_string (config, "InputType");
      if (type == NULL || strcmp (type, "JSON") == 0)
        {
          const char *pointer = param_string (config, "ItemsPointer");

          items = sw_json_parse (text, -1, NULL, NULL, error);
          if (items == NULL)
            return NULL;
          /* ItemsPointer (a JSON Pointer) finds the array inside an object. */
          if (pointer != NULL)
            {
              SwValue *found = json_pointer_get (items, pointer);

              if (found == NULL)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The ItemsPointer “%s” names nothing in s3://%s/%s", pointer,
                               bucket, key);
                  return NULL;
                }
              sw_value_ref (found);
              sw_value_unref (items);
              items = found;
            }
          if (!sw_value_is_array (items) && pointer != NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The ItemsPointer “%s” of s3://%s/%s does not name a JSON array",
                           pointer, bucket, key);
              return NULL;
            }
          if (!sw_value_is_array (items))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "s3://%s/%s does not hold a JSON array", bucket, key);
              return NULL;
            }
        }
      else if (strcmp (type, "MANIFEST") == 0)
        {
          const char *manifest_type = param_string (config, "ManifestType");

          if (manifest_type != NULL && strcmp (manifest_type, "S3_INVENTORY") != 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The ItemReader ManifestType “%s” is not supported locally",
                           manifest_type);
              return NULL;
            }
          items = read_manifest (exec, bucket, key, text, error);
          if (items == NULL)
            return NULL;
        }
      else if (strcmp (type, "JSONL") == 0)
        {
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          items = sw_value_new_array ();
          for (guint i = 0; lines[i] != NULL; i++)
            {
              SwValue *item;

              if (*g_strstrip (lines[i]) == '\0')
                continue;
              item = sw_json_parse (lines[i], -1, NULL, NULL, error);
              if (item == NULL)
                return NULL;
              sw_value_array_append (items, item);
            }
        }
      else if (strcmp (type, "CSV") == 0)
        {
          items = read_csv (text, config, error);
          if (items == NULL)
            return NULL;
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "The ItemReader InputType “%s” is not supported locally", type);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The ItemReader resource “%s” is not supported locally", resource);
      return NULL;
    }

  max = config != NULL ? sw_value_object_get (config, "MaxItems") : NULL;
  if (max != NULL && sw_value_is_number (max) && sw_value_get_double (max) > 0)
    while (sw_value_array_get_length (items) > (guint) sw_value_get_double (max))
      sw_value_array_remove (items, sw_value_array_get_length (items) - 1);
  return g_steal_pointer (&items);
}

static SwValue *
batch_items (SwLane   *lane,
             SwValue  *batcher,
             SwValue  *items,
             GError  **error)
{
  SwValue *max_items = sw_value_object_get (batcher, "MaxItemsPerBatch");
  SwValue *max_bytes = sw_value_object_get (batcher, "MaxInputBytesPerBatch");
  SwValue *batch_input = sw_value_object_get (batcher, "BatchInput");
  guint per_batch = max_items != NULL && sw_value_is_number (max_items)
                      ? (guint) MAX (1, sw_value_get_double (max_items)) : G_MAXUINT;
  gsize bytes = max_bytes != NULL && sw_value_is_number (max_bytes)
                  ? (gsize) sw_value_get_double (max_bytes) : 256 * 1024;
  SwValue *batches = sw_value_new_array ();
  SwValue *current = NULL;
  gsize current_bytes = 0;

  for (guint i = 0; i < sw_value_array_get_length (items); i++)
    {
      SwValue *item = sw_value_array_get (items, i);
      gsize size = sw_eval_json_size (item, G_MAXSIZE) + 1;

      if (current == NULL || sw_value_array_get_length (current) >= per_batch ||
          (sw_value_array_get_length (current) > 0 && current_bytes + size > bytes))
        {
          SwValue *batch = sw_value_new_object ();

          current = sw_value_new_array ();
          sw_value_object_set (batch, "Items", current);
          if (batch_input != NULL)
            sw_value_object_set (batch, "BatchInput", sw_value_ref (batch_input));
          sw_value_array_append (batches, batch);
          current_bytes = 0;
        }
      sw_value_array_append (current, sw_value_ref (item));
      current_bytes += size;
    }
  return batches;
}

static gboolean
integer_field (SwLane      *lane,
               SwPlanField *field,
               double      *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) value = NULL;
  SwEvalScope scope;

  if (!field->set)
    return TRUE;
  if (field->value != NULL)
    value = sw_value_ref (field->value);
  else if (field->expr != NULL)
    {
      if (!_sw_lane_jsonata_field (lane, field, &value))
        return FALSE;
    }
  else
    {
      _sw_lane_scope (lane, &scope, lane->effective);
      value = sw_eval_path_get (field->path, &scope, &error);
      if (value == NULL)
        {
          _sw_lane_runtime_error (lane, "%s", error->message);
          return FALSE;
        }
    }
  /* In JSONata states a value of the wrong type or out of range is a query evaluation
   * error (the guide, “Handling expression errors”). */
  if (field->expr != NULL)
    {
      SwPlanState *state = lane->state;
      const char *name = field == &state->max_concurrency ? "MaxConcurrency"
                         : field == &state->tolerated_count ? "ToleratedFailureCount"
                         : "ToleratedFailurePercentage";
      double max = field == &state->tolerated_percentage ? 100 : G_MAXINT32;

      if (!sw_value_is_number (value) || sw_value_get_double (value) < 0 ||
          sw_value_get_double (value) > max ||
          (field != &state->tolerated_percentage &&
           sw_value_get_double (value) != floor (sw_value_get_double (value))))
        {
          g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
          g_autofree char *cause = NULL;

          cause = g_strdup_printf ("The field '%s' must be %s, but it is %s.", name,
                                   max == 100 ? "a number from 0 to 100"
                                              : "a non-negative integer", text);
          _sw_lane_jsonata_failed (lane, cause, name, TRUE);
          return FALSE;
        }
    }
  if (!sw_value_is_number (value) || sw_value_get_double (value) < 0)
    {
      _sw_lane_runtime_error (lane, "The Map state's MaxConcurrency and tolerated failures "
                              "must be non-negative numbers");
      return FALSE;
    }
  *out = sw_value_get_double (value);
  return TRUE;
}

/* Results of a distributed Map written as the service's ResultWriter does: a manifest and
 * files of succeeded and failed child executions. */
static SwValue *
write_results (SwFork   *fork,
               SwValue  *results,
               GError  **error)
{
  SwLane *lane = fork->parent;
  SwExecution *exec = lane->exec;
  SwValue *template = sw_value_object_get (fork->writer,
                                           fork->state->jsonata ? "Arguments" : "Parameters");
  g_autoptr(SwValue) params = NULL;
  g_autoptr(SwPayload) payload = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *manifest_key = NULL;
  const char *bucket;
  SwValue *succeeded, *failed, *manifest, *details, *result, *files;
  SwEvalScope scope;

  if (template == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ResultWriter has no %s",
                   fork->state->jsonata ? "Arguments" : "Parameters");
      return NULL;
    }
  if (fork->state->jsonata)
    params = sw_value_ref (template);
  else
    {
      payload = sw_payload_compile (template, error);
      if (payload == NULL)
        return NULL;
      _sw_lane_scope (lane, &scope, lane->effective);
      params = sw_payload_expand (payload, &scope, error);
      if (params == NULL)
        return NULL;
    }
  bucket = param_string (params, "Bucket");
  if (bucket == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ResultWriter's Parameters have no Bucket");
      return NULL;
    }

  run_id = g_strdup (strrchr (fork->map_run_arn, ':') + 1);
  prefix = param_string (params, "Prefix") != NULL
             ? g_strdup_printf ("%s/%s", param_string (params, "Prefix"), run_id)
             : g_strdup (run_id);
  directory = local_object_path (exec, bucket, prefix, error);
  if (directory == NULL)
    return NULL;
  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create %s: %s", directory, g_strerror (errno));
      return NULL;
    }

  succeeded = sw_value_new_array ();
  for (guint i = 0; i < sw_value_array_get_length (results); i++)
    {
      SwValue *entry = sw_value_new_object ();

      sw_value_object_set (entry, "Output",
                           _sw_payload_string (sw_value_array_get (results, i)));
      sw_value_object_set (entry, "Status", sw_value_new_string ("SUCCEEDED"));
      sw_value_array_append (succeeded, entry);
    }
  failed = sw_value_new_array ();
  for (guint i = 0; fork->failed_items != NULL && i < fork->failed_items->len; i++)
    sw_value_array_append (failed, sw_value_ref (g_ptr_array_index (fork->failed_items, i)));

  files = sw_value_new_array ();
  for (guint k = 0; k < 2; k++)
    {
      SwValue *list = k == 0 ? succeeded : failed;
      const char *name = k == 0 ? "SUCCEEDED_0.json" : "FAILED_0.json";
      g_autofree char *file = g_build_filename (directory, name, NULL);
      g_autofree char *text = sw_json_write (list, SW_JSON_WRITE_DEFAULT, NULL);
      SwValue *entry;

      if (!g_file_set_contents (file, text, -1, error))
        {
          sw_value_unref (succeeded);
          sw_value_unref (failed);
          sw_value_unref (files);
          return NULL;
        }
      entry = sw_value_new_object ();
      sw_value_object_set (entry, "Key", sw_value_new_string_take (g_strdup_printf ("%s/%s",
                                                                                    prefix,
                                                                                    name)));
      sw_value_object_set (entry, "Size", sw_value_new_int (strlen (text)));
      sw_value_array_append (files, entry);
    }
  sw_value_unref (succeeded);
  sw_value_unref (failed);

  manifest = sw_value_new_object ();
  sw_value_object_set (manifest, "DestinationBucket", sw_value_new_string (bucket));
  sw_value_object_set (manifest, "MapRunArn", sw_value_new_string (fork->map_run_arn));
  sw_value_object_set (manifest, "ResultFiles", files);
  manifest_key = g_strdup_printf ("%s/manifest.json", prefix);
  {
    g_autofree char *file = g_build_filename (directory, "manifest.json", NULL);
    g_autofree char *text = sw_json_write (manifest, SW_JSON_WRITE_DEFAULT, NULL);

    sw_value_unref (manifest);
    if (!g_file_set_contents (file, text, -1, error))
      return NULL;
  }

  result = sw_value_new_object ();
  sw_value_object_set (result, "MapRunArn", sw_value_new_string (fork->map_run_arn));
  details = sw_value_new_object ();
  sw_value_object_set (details, "Bucket", sw_value_new_string (bucket));
  sw_value_object_set (details, "Key", sw_value_new_string (manifest_key));
  sw_value_object_set (result, "ResultWriterDetails", details);
  return result;
}

static void
fork_succeed (SwFork *fork)
{
  SwLane *parent = fork->parent;
  SwExecution *exec = parent->exec;
  SwValue *results = sw_value_new_array ();

  fork->finished = TRUE;
  for (guint i = 0; i < fork->n_children; i++)
    if (fork->results[i] != NULL)
      sw_value_array_append (results, g_steal_pointer (&fork->results[i]));

  if (fork->distributed)
    {
      if (fork->writer != NULL)
        {
          g_autoptr(GError) error = NULL;
          SwValue *written = write_results (fork, results, &error);

          sw_value_unref (results);
          if (written == NULL)
            {
              fork->finished = FALSE;
              fork_fail (fork, "States.ResultWriterFailed", error->message);
              return;
            }
          results = written;
        }
      _sw_execution_emit (exec, parent, SW_HISTORY_EVENT_MAP_RUN_SUCCEEDED, NULL);
    }

  _sw_execution_emit (exec, parent, fork->is_map ? SW_HISTORY_EVENT_MAP_STATE_SUCCEEDED
                                                 : SW_HISTORY_EVENT_PARALLEL_STATE_SUCCEEDED,
                      NULL);
  parent->fork_result = results;
  parent->step = SW_STEP_FORK_DONE;
  _sw_execution_ready (exec, parent);
}

static void
fork_pump (SwFork *fork)
{
  SwLane *parent = fork->parent;
  SwExecution *exec = parent->exec;
  SwPlanState *state = fork->state;

  while (!fork->finished && fork->next_index < fork->n_children &&
         (fork->max_concurrency == 0 || fork->running < fork->max_concurrency))
    {
      guint index = fork->next_index++;
      g_autoptr(SwValue) input = NULL;
      SwPlanMachine *machine;
      SwLane *child;
      gint64 started;
      SwValue *kept;

      /* A redrive runs again only the branches and iterations that did not succeed. */
      if (parent->fork == NULL &&
          (kept = _sw_execution_redrive_result (exec, state, index)) != NULL)
        {
          fork->results[index] = kept;
          fork->completed++;
          continue;
        }

      if (fork->is_map)
        {
          SwValue *item = sw_value_array_get (fork->items, index);

          machine = state->processor;
          if (state->ja_item_selector != NULL && !fork->distributed)
            {
              g_autofree char *cause = NULL;
              gboolean ok;

              parent->map_item = sw_value_new_object ();
              sw_value_object_set (parent->map_item, "Index", sw_value_new_int (index));
              sw_value_object_set (parent->map_item, "Value", sw_value_ref (item));
              g_clear_pointer (&parent->context, sw_value_unref);
              ok = _sw_lane_jsonata_try (parent, state->ja_item_selector, &input, &cause);
              g_clear_pointer (&parent->map_item, sw_value_unref);
              g_clear_pointer (&parent->context, sw_value_unref);
              if (!ok)
                {
                  fork_fail (fork, "States.QueryEvaluationError", cause);
                  return;
                }
            }
          else if (state->item_selector != NULL && !fork->distributed)
            {
              g_autoptr(GError) error = NULL;
              SwEvalScope scope;

              parent->map_item = sw_value_new_object ();
              sw_value_object_set (parent->map_item, "Index", sw_value_new_int (index));
              sw_value_object_set (parent->map_item, "Value", sw_value_ref (item));
              g_clear_pointer (&parent->context, sw_value_unref);
              _sw_lane_scope (parent, &scope, fork->effective);
              input = sw_payload_expand (state->item_selector, &scope, &error);
              g_clear_pointer (&parent->map_item, sw_value_unref);
              g_clear_pointer (&parent->context, sw_value_unref);
              if (input == NULL)
                {
                  fork_fail (fork, g_error_matches (error, SW_EVAL_ERROR,
                                                    SW_EVAL_ERROR_INTRINSIC)
                                     ? "States.IntrinsicFailure" : "States.Runtime",
                             error->message);
                  return;
                }
            }
          else
            input = sw_value_ref (item);

          started = fork->distributed
                      ? fork->started_event
                      : _sw_execution_emit (exec, parent, SW_HISTORY_EVENT_MAP_ITERATION_STARTED,
                                            iteration_details (fork, index));
        }
      else
        {
          machine = g_ptr_array_index (state->branches, index);
          input = sw_value_ref (fork->effective);
          started = fork->started_event;
        }
      if (_sw_execution_is_finished (exec))
        return;

      /* A distributed Map's iterations are executions of their own: they see no outer
       * variables. */
      child = _sw_lane_new (exec, fork, index, machine, input,
                            fork->distributed ? NULL : parent->scope, started);
      child->silent = fork->distributed || parent->silent;
      g_ptr_array_index (fork->children, index) = child;
      fork->running++;
      _sw_execution_ready (exec, child);
    }
}

void
_sw_fork_start (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;
  SwFork *fork = g_new0 (SwFork, 1);

  fork->parent = lane;
  fork->state = state;
  fork->is_map = state->type == SW_PLAN_MAP;
  fork->distributed = fork->is_map && state->distributed;
  fork->effective = sw_value_ref (lane->effective);
  fork->tolerated_count = G_MAXUINT;

  if (!fork->is_map)
    {
      fork->n_children = state->branches->len;
      fork->started_event = _sw_execution_emit (exec, lane,
                                                SW_HISTORY_EVENT_PARALLEL_STATE_STARTED, NULL);
    }
  else
    {
      double concurrency = 0, count = -1, percentage = -1;
      g_autoptr(SwValue) items = NULL;
      g_autoptr(SwValue) reader = NULL;
      g_autoptr(SwValue) batcher = NULL;

      /* The ItemReader, ItemBatcher and ResultWriter of a JSONata state may hold
       * expressions. */
      if (state->jsonata)
        {
          if ((state->ja_item_reader != NULL &&
               !_sw_lane_jsonata_eval_one (lane, state->ja_item_reader, NULL, NULL, &reader)) ||
              (state->ja_item_batcher != NULL &&
               !_sw_lane_jsonata_eval_one (lane, state->ja_item_batcher, NULL, NULL,
                                           &batcher)) ||
              (state->ja_result_writer != NULL &&
               !_sw_lane_jsonata_eval_one (lane, state->ja_result_writer, NULL, NULL,
                                           &fork->writer)))
            {
              _sw_fork_free (fork);
              return;
            }
        }
      else
        {
          reader = state->item_reader != NULL ? sw_value_ref (state->item_reader) : NULL;
          batcher = state->item_batcher != NULL ? sw_value_ref (state->item_batcher) : NULL;
          fork->writer = state->result_writer != NULL ? sw_value_ref (state->result_writer)
                                                      : NULL;
        }

      if (fork->distributed && reader != NULL)
        {
          g_autoptr(GError) error = NULL;

          items = read_items (lane, reader, &error);
          if (items == NULL)
            {
              _sw_fork_free (fork);
              if (error != NULL)
                _sw_lane_state_failed (lane, "States.ItemReaderFailed", error->message);
              return;
            }
        }
      else if (state->jsonata)
        {
          /* Items: an array, or an expression; by default the state's input. */
          if (!_sw_lane_jsonata_eval_one (lane, state->ja_items, NULL, lane->input, &items))
            {
              _sw_fork_free (fork);
              return;
            }
          if (!sw_value_is_array (items))
            {
              g_autofree char *text = sw_json_write (items, SW_JSON_WRITE_COMPACT, NULL);
              g_autofree char *cause = g_strdup_printf ("The field 'Items' must be an array, "
                                                        "but it is %s.", text);

              _sw_fork_free (fork);
              _sw_lane_jsonata_failed (lane, cause, "Items", TRUE);
              return;
            }
        }
      else if (state->items_path != NULL)
        {
          g_autoptr(GError) error = NULL;
          SwEvalScope scope;

          _sw_lane_scope (lane, &scope, lane->effective);
          items = sw_eval_path_get (state->items_path, &scope, &error);
          if (items == NULL)
            {
              _sw_fork_free (fork);
              _sw_lane_runtime_error (lane, "Invalid path '%s' : No results for path: %s",
                                      sw_eval_path_get_text (state->items_path),
                                      sw_eval_path_get_text (state->items_path));
              return;
            }
        }
      else
        items = sw_value_ref (lane->effective);

      if (!sw_value_is_array (items))
        {
          g_autofree char *text = sw_json_write (items, SW_JSON_WRITE_COMPACT, NULL);

          _sw_fork_free (fork);
          _sw_lane_runtime_error (lane, "The ItemsPath of the Map state must select an array, "
                                  "but it selects %s", text);
          return;
        }

      if (!integer_field (lane, &state->max_concurrency, &concurrency) ||
          !integer_field (lane, &state->tolerated_count, &count) ||
          !integer_field (lane, &state->tolerated_percentage, &percentage))
        {
          _sw_fork_free (fork);
          return;
        }

      if (fork->distributed && state->ja_item_selector != NULL)
        {
          SwValue *selected = sw_value_new_array ();

          for (guint i = 0; i < sw_value_array_get_length (items); i++)
            {
              g_autofree char *cause = NULL;
              SwValue *input = NULL;
              gboolean ok;

              lane->map_item = sw_value_new_object ();
              sw_value_object_set (lane->map_item, "Index", sw_value_new_int (i));
              sw_value_object_set (lane->map_item, "Value",
                                   sw_value_ref (sw_value_array_get (items, i)));
              g_clear_pointer (&lane->context, sw_value_unref);
              ok = _sw_lane_jsonata_try (lane, state->ja_item_selector, &input, &cause);
              g_clear_pointer (&lane->map_item, sw_value_unref);
              g_clear_pointer (&lane->context, sw_value_unref);
              if (!ok)
                {
                  sw_value_unref (selected);
                  _sw_fork_free (fork);
                  _sw_lane_state_failed (lane, "States.QueryEvaluationError", cause);
                  return;
                }
              sw_value_array_append (selected, input);
            }
          sw_value_unref (items);
          items = selected;
        }
      else if (fork->distributed && state->item_selector != NULL)
        {
          /* A distributed Map selects each item before batching. */
          SwValue *selected = sw_value_new_array ();

          for (guint i = 0; i < sw_value_array_get_length (items); i++)
            {
              g_autoptr(GError) error = NULL;
              SwEvalScope scope;
              SwValue *input;

              lane->map_item = sw_value_new_object ();
              sw_value_object_set (lane->map_item, "Index", sw_value_new_int (i));
              sw_value_object_set (lane->map_item, "Value",
                                   sw_value_ref (sw_value_array_get (items, i)));
              g_clear_pointer (&lane->context, sw_value_unref);
              _sw_lane_scope (lane, &scope, lane->effective);
              input = sw_payload_expand (state->item_selector, &scope, &error);
              g_clear_pointer (&lane->map_item, sw_value_unref);
              g_clear_pointer (&lane->context, sw_value_unref);
              if (input == NULL)
                {
                  sw_value_unref (selected);
                  _sw_fork_free (fork);
                  _sw_lane_state_failed (lane, "States.Runtime", error->message);
                  return;
                }
              sw_value_array_append (selected, input);
            }
          sw_value_unref (items);
          items = selected;
        }
      if (fork->distributed && batcher != NULL)
        {
          SwValue *batches = batch_items (lane, batcher, items, NULL);

          sw_value_unref (items);
          items = batches;
        }

      fork->items = g_steal_pointer (&items);
      fork->n_children = sw_value_array_get_length (fork->items);
      {
        guint limit = fork->distributed ? DISTRIBUTED_MAP_CONCURRENCY : INLINE_MAP_CONCURRENCY;

        fork->max_concurrency = concurrency < 1 ? limit : (guint) MIN (concurrency, limit);
      }
      if (count >= 0)
        fork->tolerated_count = (guint) count;
      fork->tolerated_percentage = percentage;

      if (_sw_execution_want_events (exec))
        {
          SwValue *details = sw_value_new_object ();

          sw_value_object_set (details, "length", sw_value_new_int (fork->n_children));
          fork->started_event = _sw_execution_emit (exec, lane,
                                                    SW_HISTORY_EVENT_MAP_STATE_STARTED, details);
        }
      else
        fork->started_event = _sw_execution_emit (exec, lane,
                                                  SW_HISTORY_EVENT_MAP_STATE_STARTED, NULL);

      if (fork->distributed)
        {
          g_autofree char *uuid = g_uuid_string_random ();
          SwValue *details = NULL;

          fork->map_run_arn = sw_arn_build ("states", _sw_execution_region (exec),
                                            _sw_execution_account (exec), "mapRun:%s/%s:%s",
                                            sw_execution_get_state_machine_name (exec),
                                            state->label ? state->label : state->name, uuid);
          if (_sw_execution_want_events (exec))
            {
              details = sw_value_new_object ();
              sw_value_object_set (details, "mapRunArn", sw_value_new_string (fork->map_run_arn));
            }
          _sw_execution_emit (exec, lane, SW_HISTORY_EVENT_MAP_RUN_STARTED, details);
        }
    }

  if (_sw_execution_is_finished (exec))
    {
      _sw_fork_free (fork);
      return;
    }

  fork->children = g_ptr_array_new ();
  g_ptr_array_set_size (fork->children, fork->n_children);
  fork->results = g_new0 (SwValue *, MAX (1, fork->n_children));
  lane->child_fork = fork;
  lane->step = SW_STEP_BLOCKED;

  if (fork->n_children == 0)
    {
      fork_succeed (fork);
      return;
    }
  fork_pump (fork);
  /* A redrive may have found every branch done already. */
  if (fork->completed == fork->n_children && !fork->finished)
    fork_succeed (fork);
}

void
_sw_fork_child_done (SwLane *child)
{
  SwFork *fork = child->fork;
  SwLane *parent = fork->parent;
  SwExecution *exec = parent->exec;
  /* As the service chains them, the next iteration follows the last state event of this
   * one, not its MapIterationSucceeded. */
  gint64 last_event = child->last_event;

  fork->running--;
  if (fork->finished)
    return;

  if (child->failed)
    {
      if (fork->is_map && !fork->distributed)
        _sw_execution_emit (exec, child, SW_HISTORY_EVENT_MAP_ITERATION_FAILED,
                            iteration_details (fork, child->index));

      if (fork->distributed)
        {
          SwValue *entry = error_output (child->error, child->cause);

          sw_value_object_set (entry, "Input",
                               _sw_payload_string (sw_value_array_get (fork->items,
                                                                       child->index)));
          sw_value_object_set (entry, "Status", sw_value_new_string ("FAILED"));
          if (fork->failed_items == NULL)
            fork->failed_items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 sw_value_unref);
          g_ptr_array_add (fork->failed_items, entry);
          fork->failures++;

          if ((fork->tolerated_count == G_MAXUINT && fork->tolerated_percentage < 0) ||
              (fork->tolerated_count != G_MAXUINT && fork->failures > fork->tolerated_count) ||
              (fork->tolerated_percentage >= 0 &&
               fork->failures * 100.0 / fork->n_children > fork->tolerated_percentage))
            {
              fork_fail (fork, "States.ExceedToleratedFailureThreshold",
                         "The specified tolerated failure threshold was exceeded");
              return;
            }
        }
      else
        {
          fork_fail (fork, child->error, child->cause);
          return;
        }
    }
  else
    {
      fork->results[child->index] = g_steal_pointer (&child->output);
      if (fork->is_map && !fork->distributed)
        _sw_execution_emit (exec, child, SW_HISTORY_EVENT_MAP_ITERATION_SUCCEEDED,
                            iteration_details (fork, child->index));
    }

  fork->completed++;
  if (!child->silent)
    parent->last_event = last_event;

  fork_pump (fork);
  if (fork->completed == fork->n_children && !fork->finished)
    fork_succeed (fork);
}

/* Ends the children still running. */
void
_sw_fork_abort (SwFork *fork)
{
  SwLane *parent = fork->parent;

  fork->finished = TRUE;
  for (guint i = 0; fork->children != NULL && i < fork->next_index; i++)
    {
      SwLane *child = g_ptr_array_index (fork->children, i);

      if (child == NULL || child->step == SW_STEP_DONE)
        continue;
      _sw_lane_abort (child);
      if (fork->is_map && !fork->distributed)
        _sw_execution_emit (parent->exec, child, SW_HISTORY_EVENT_MAP_ITERATION_ABORTED,
                            iteration_details (fork, i));
    }
  fork->running = 0;
}
