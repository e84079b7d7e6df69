/* sw-test-jsonata-suite.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "sw-value.h"

G_BEGIN_DECLS

/* Walking the JSONata test suite (SW_SHARED_DATA/jsonata-suite) in the tests and the
 * benchmark: groups/<group>/<case>.json, each file one case or an array of them, in name
 * order. Header only. */

/* Called for every case: @base is the file name less ".json", @index the case's place in a
 * file holding an array (-1 for a file of one case), @tc the case. */
typedef void (*SwTestSuiteCaseFunc) (const char *group,
                                     const char *base,
                                     const char *path,
                                     int         index,
                                     SwValue    *tc,
                                     gpointer    user_data);

static inline int
sw_test_compare_names (gconstpointer a,
                       gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in directory @path, sorted. */
static inline GPtrArray *
sw_test_sorted_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return names;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, sw_test_compare_names);
  return names;
}

/* Calls @func for every case of the suite in @suite_dir, reading each file with @load (which
 * returns NULL for a file to pass over). Returns the number of cases. */
static inline guint
sw_test_jsonata_suite_foreach (const char           *suite_dir,
                               SwValue *           (*load) (const char *path),
                               SwTestSuiteCaseFunc   func,
                               gpointer              user_data)
{
  g_autofree char *groups_dir = g_build_filename (suite_dir, "groups", NULL);
  g_autoptr(GPtrArray) groups = sw_test_sorted_entries (groups_dir);
  guint count = 0;

  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = g_ptr_array_index (groups, g);
      g_autofree char *group_dir = g_build_filename (groups_dir, group, NULL);
      g_autoptr(GPtrArray) files = sw_test_sorted_entries (group_dir);

      for (guint f = 0; f < files->len; f++)
        {
          const char *name = g_ptr_array_index (files, f);
          g_autofree char *path = NULL;
          g_autofree char *base = NULL;
          g_autoptr(SwValue) content = NULL;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          path = g_build_filename (group_dir, name, NULL);
          base = g_strndup (name, strlen (name) - 5);
          if ((content = load (path)) == NULL)
            continue;
          if (sw_value_is_array (content))
            for (guint i = 0; i < sw_value_array_get_length (content); i++, count++)
              func (group, base, path, (int) i, sw_value_array_get (content, i), user_data);
          else
            {
              func (group, base, path, -1, content, user_data);
              count++;
            }
        }
    }
  return count;
}

G_END_DECLS
