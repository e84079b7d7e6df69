/* sw-layout-positions.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Manual positions live beside the definition, never inside it, so exported ASL stays clean:
 * `NAME.asl.json` (or `NAME.json`, `NAME.asl.yaml`, …) → `NAME.layout.json`:
 *
 *     {
 *       "version": 1,
 *       "states": {
 *         "Train": { "x": 120, "y": 40 }
 *       }
 *     }
 *
 * A position is the top-left corner of the state's box in the coordinates of the scope it
 * belongs to (see sw_layout_get_scope_origin()), so a pinned state inside a Parallel branch
 * moves with its container. States are keyed by name: names are unique in a document. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-diagram-error.h"
#include "sw-json.h"
#include "sw-layout-positions.h"

#define SIDECAR_VERSION 1

struct _SwLayoutPositions
{
  GObject parent_instance;

  GHashTable *positions;   /* name → double[2] */
};

G_DEFINE_FINAL_TYPE (SwLayoutPositions, sw_layout_positions, G_TYPE_OBJECT)

static void
sw_layout_positions_finalize (GObject *object)
{
  SwLayoutPositions *self = SW_LAYOUT_POSITIONS (object);

  g_clear_pointer (&self->positions, g_hash_table_unref);

  G_OBJECT_CLASS (sw_layout_positions_parent_class)->finalize (object);
}

static void
sw_layout_positions_class_init (SwLayoutPositionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_layout_positions_finalize;
}

static void
sw_layout_positions_init (SwLayoutPositions *self)
{
  self->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sw_layout_positions_new:
 *
 * Returns: (transfer full): an empty set of manual positions
 */
SwLayoutPositions *
sw_layout_positions_new (void)
{
  return g_object_new (SW_TYPE_LAYOUT_POSITIONS, NULL);
}

/**
 * sw_layout_positions_copy:
 *
 * A copy, for example to lay out in a thread while the original keeps changing.
 *
 * Returns: (transfer full): a new set holding the same positions
 */
SwLayoutPositions *
sw_layout_positions_copy (SwLayoutPositions *self)
{
  SwLayoutPositions *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), NULL);

  copy = sw_layout_positions_new ();
  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->positions, g_strdup (key),
                         g_memdup2 (value, 2 * sizeof (double)));
  return copy;
}

/**
 * sw_layout_positions_path_for_definition:
 * @definition_path: the path of an ASL file
 *
 * Returns: (transfer full): the sidecar's path: `pipeline.asl.json` → `pipeline.layout.json`
 */
char *
sw_layout_positions_path_for_definition (const char *definition_path)
{
  static const char *suffixes[] = {
    ".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml",
  };
  gsize len;

  g_return_val_if_fail (definition_path != NULL, NULL);

  len = strlen (definition_path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize slen = strlen (suffixes[i]);

      if (len > slen && g_ascii_strcasecmp (definition_path + len - slen, suffixes[i]) == 0)
        {
          g_autofree char *stem = g_strndup (definition_path, len - slen);

          return g_strconcat (stem, ".layout.json", NULL);
        }
    }
  return g_strconcat (definition_path, ".layout.json", NULL);
}

static gboolean
get_coordinate (SwValue    *object,
                const char *key,
                double     *out)
{
  SwValue *value = sw_value_object_get (object, key);

  if (!sw_value_is_number (value) || !isfinite (sw_value_get_double (value)))
    return FALSE;
  *out = sw_value_get_double (value);
  return TRUE;
}

/**
 * sw_layout_positions_parse:
 *
 * Returns: (transfer full) (nullable): the positions in @data, or %NULL with
 *   %SW_DIAGRAM_ERROR_POSITIONS
 */
SwLayoutPositions *
sw_layout_positions_parse (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(SwLayoutPositions) self = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autoptr(GError) local_error = NULL;
  SwValue *states;
  SwValue *version;
  guint line = 0, column = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = sw_json_parse (data, (gssize) length, &line, &column, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS,
                   /* Translators: a layout file is not JSON; %u:%u is line:column */
                   _("%u:%u: %s"), line, column, local_error->message);
      return NULL;
    }
  if (!sw_value_is_object (root))
    {
      g_set_error_literal (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS,
                           _("A layout file must hold a JSON object"));
      return NULL;
    }
  version = sw_value_object_get (root, "version");
  if (version != NULL && (!sw_value_is_number (version) ||
                          sw_value_get_double (version) > SIDECAR_VERSION))
    {
      g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS,
                   _("Unsupported layout file version; this version reads version %d"),
                   SIDECAR_VERSION);
      return NULL;
    }

  self = sw_layout_positions_new ();
  states = sw_value_object_get (root, "states");
  if (states == NULL)
    return g_steal_pointer (&self);
  if (!sw_value_is_object (states))
    {
      g_set_error_literal (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS,
                           _("“states” in a layout file must be an object"));
      return NULL;
    }
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      SwValue *position = sw_value_object_get_value (states, i);
      double x, y;

      if (!sw_value_is_object (position) || !get_coordinate (position, "x", &x) ||
          !get_coordinate (position, "y", &y))
        {
          g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS,
                       _("%u:%u: the position of “%s” needs numbers “x” and “y”"),
                       sw_value_object_get_key_line (states, i),
                       sw_value_object_get_key_column (states, i),
                       sw_value_object_get_key (states, i));
          return NULL;
        }
      sw_layout_positions_set (self, sw_value_object_get_key (states, i), x, y);
    }
  return g_steal_pointer (&self);
}

/**
 * sw_layout_positions_load:
 * @path: a `.layout.json` file
 *
 * Returns: (transfer full) (nullable): the positions, or %NULL with a #GFileError (the
 *   file cannot be read) or %SW_DIAGRAM_ERROR_POSITIONS
 */
SwLayoutPositions *
sw_layout_positions_load (const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  SwLayoutPositions *self;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  self = sw_layout_positions_parse (data, length, &local_error);
  if (self == NULL)
    {
      g_set_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS, "%s: %s",
                   path, local_error->message);
      return NULL;
    }
  return self;
}

/**
 * sw_layout_positions_load_for_definition:
 * @definition_path: the path of an ASL file
 *
 * Reads the sidecar of @definition_path; a missing sidecar gives empty positions.
 *
 * Returns: (transfer full) (nullable): the positions, or %NULL when the sidecar exists but
 *   cannot be read or is malformed
 */
SwLayoutPositions *
sw_layout_positions_load_for_definition (const char  *definition_path,
                                         GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (definition_path != NULL, NULL);

  path = sw_layout_positions_path_for_definition (definition_path);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return sw_layout_positions_new ();
  return sw_layout_positions_load (path, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * sw_layout_positions_to_data:
 *
 * Returns: (transfer full): the sidecar's text, states sorted by name so that a diff of two
 *   versions shows only what moved
 */
char *
sw_layout_positions_to_data (SwLayoutPositions *self,
                             gsize             *length)
{
  g_autoptr(SwValue) root = sw_value_new_object ();
  g_autofree const char **names = NULL;
  SwValue *states = sw_value_new_object ();
  guint n;

  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), NULL);

  names = (const char **) g_hash_table_get_keys_as_array (self->positions, &n);
  qsort (names, n, sizeof (char *), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      const double *xy = g_hash_table_lookup (self->positions, names[i]);
      SwValue *position = sw_value_new_object ();

      sw_value_object_set (position, "x", sw_value_new_double (xy[0]));
      sw_value_object_set (position, "y", sw_value_new_double (xy[1]));
      sw_value_object_set (states, names[i], position);
    }
  sw_value_object_set (root, "version", sw_value_new_int (SIDECAR_VERSION));
  sw_value_object_set (root, "states", states);
  return sw_json_write (root, SW_JSON_WRITE_DEFAULT, length);
}

/**
 * sw_layout_positions_save:
 *
 * Writes the sidecar atomically.
 */
gboolean
sw_layout_positions_save (SwLayoutPositions  *self,
                          const char         *path,
                          GError            **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = sw_layout_positions_to_data (self, &length);
  return g_file_set_contents (path, data, (gssize) length, error);
}

guint
sw_layout_positions_get_size (SwLayoutPositions *self)
{
  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), 0);

  return g_hash_table_size (self->positions);
}

/**
 * sw_layout_positions_lookup:
 * @x: (out) (optional): the left of the state's box in its scope
 * @y: (out) (optional): the top
 *
 * Returns: whether @name has a manual position
 */
gboolean
sw_layout_positions_lookup (SwLayoutPositions *self,
                            const char        *name,
                            double            *x,
                            double            *y)
{
  const double *xy;

  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  xy = g_hash_table_lookup (self->positions, name);
  if (xy == NULL)
    return FALSE;
  if (x != NULL)
    *x = xy[0];
  if (y != NULL)
    *y = xy[1];
  return TRUE;
}

void
sw_layout_positions_set (SwLayoutPositions *self,
                         const char        *name,
                         double             x,
                         double             y)
{
  double *xy;

  g_return_if_fail (SW_IS_LAYOUT_POSITIONS (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (isfinite (x) && isfinite (y));

  xy = g_new (double, 2);
  xy[0] = round (x);
  xy[1] = round (y);
  g_hash_table_replace (self->positions, g_strdup (name), xy);
}

gboolean
sw_layout_positions_remove (SwLayoutPositions *self,
                            const char        *name)
{
  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_remove (self->positions, name);
}

/**
 * sw_layout_positions_rename:
 *
 * Follows a state's rename, so that its manual position stays with it.
 *
 * Returns: whether @old_name had a position
 */
gboolean
sw_layout_positions_rename (SwLayoutPositions *self,
                            const char        *old_name,
                            const char        *new_name)
{
  double x, y;

  g_return_val_if_fail (SW_IS_LAYOUT_POSITIONS (self), FALSE);
  g_return_val_if_fail (old_name != NULL && new_name != NULL, FALSE);

  if (!sw_layout_positions_lookup (self, old_name, &x, &y))
    return FALSE;
  sw_layout_positions_remove (self, old_name);
  sw_layout_positions_set (self, new_name, x, y);
  return TRUE;
}
