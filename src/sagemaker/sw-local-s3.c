/* sw-local-s3.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The local stand-in for S3: s3://BUCKET/KEY is ROOT/BUCKET/KEY. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sw-dataset.h"
#include "sw-local-s3.h"

#define SETTINGS_SCHEMA "io.github.stepwise.Stepwise"
#define SETTINGS_KEY "local-s3-root"

static const char * const sample_files[] = {
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
};

/**
 * sw_local_s3_parse_uri:
 * @uri: an `s3://BUCKET/KEY` URI
 * @bucket: (out) (optional): the bucket
 * @key: (out) (optional): the key, possibly empty
 *
 * Returns: %TRUE if @uri is an S3 URI whose bucket and key stay inside a local root
 */
gboolean
sw_local_s3_parse_uri (const char  *uri,
                       char       **bucket,
                       char       **key,
                       GError     **error)
{
  const char *rest, *slash;
  g_autofree char *b = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  if (!g_str_has_prefix (uri, "s3://") && !g_str_has_prefix (uri, "S3://"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an S3 URI (s3://BUCKET/KEY)"), uri);
      return FALSE;
    }
  rest = uri + 5;
  slash = strchr (rest, '/');
  b = slash != NULL ? g_strndup (rest, slash - rest) : g_strdup (rest);
  if (*b == '\0' || strchr (b, '\\') != NULL || strcmp (b, ".") == 0 || strcmp (b, "..") == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” names no bucket"), uri);
      return FALSE;
    }
  parts = g_strsplit (slash != NULL ? slash + 1 : "", "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                     _("The S3 location %s leaves the local S3 root"), uri);
        return FALSE;
      }
  if (bucket != NULL)
    *bucket = g_steal_pointer (&b);
  if (key != NULL)
    *key = g_strdup (slash != NULL ? slash + 1 : "");
  return TRUE;
}

/**
 * sw_local_s3_path:
 * @root: the local S3 root
 * @uri: an `s3://BUCKET/KEY` URI
 *
 * Returns: (transfer full) (nullable): the file or directory standing for @uri
 */
char *
sw_local_s3_path (const char  *root,
                  const char  *uri,
                  GError     **error)
{
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  gsize n;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if (!sw_local_s3_parse_uri (uri, &bucket, &key, error))
    return NULL;
  path = g_build_filename (root, bucket, key, NULL);
  /* g_build_filename keeps a trailing slash of a prefix; paths are compared without it. */
  n = strlen (path);
  while (n > 1 && path[n - 1] == G_DIR_SEPARATOR)
    path[--n] = '\0';
  return g_steal_pointer (&path);
}

/**
 * sw_local_s3_default_root:
 *
 * Returns: (transfer full): the root set in the application's settings (key
 *   `local-s3-root`, when the schema is installed and the key is not empty), else
 *   `$XDG_DATA_HOME/stepwise/s3`
 */
char *
sw_local_s3_default_root (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, SETTINGS_KEY))
    {
      g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA);
      g_autofree char *root = g_settings_get_string (settings, SETTINGS_KEY);

      if (root != NULL && *root != '\0')
        {
          if (g_str_has_prefix (root, "~/"))
            return g_build_filename (g_get_home_dir (), root + 2, NULL);
          return g_steal_pointer (&root);
        }
    }
  return g_build_filename (g_get_user_data_dir (), "stepwise", "s3", NULL);
}

/**
 * sw_local_s3_seed:
 * @root: a local S3 root
 *
 * Publishes the embedded MNIST sample at `s3://stepwise-examples/mnist/data/` when the root
 * has no `stepwise-examples` bucket yet, so the example pipeline runs in a fresh root.
 *
 * Returns: %TRUE unless the sample could not be copied
 */
gboolean
sw_local_s3_seed (const char  *root,
                  GError     **error)
{
  g_autofree char *bucket = NULL;
  g_autofree char *data_dir = NULL;
  const char *sample;

  g_return_val_if_fail (root != NULL, FALSE);

  bucket = g_build_filename (root, "stepwise-examples", NULL);
  if (g_file_test (bucket, G_FILE_TEST_EXISTS))
    return TRUE;

  sample = sw_dataset_get_default_directory ();
  data_dir = g_build_filename (bucket, "mnist", "data", NULL);
  if (g_mkdir_with_parents (data_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), data_dir, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sample_files); i++)
    {
      g_autofree char *from = g_build_filename (sample, sample_files[i], NULL);
      g_autofree char *to = g_build_filename (data_dir, sample_files[i], NULL);
      g_autoptr(GFile) source = g_file_new_for_path (from);
      g_autoptr(GFile) target = g_file_new_for_path (to);
      g_autoptr(GError) local_error = NULL;

      if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL,
                        &local_error))
        {
          g_set_error (error, G_IO_ERROR, local_error->code,
                       _("Cannot publish the MNIST sample %s at %s: %s"), from, to,
                       local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
