/* fuzz-path.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "sw-intrinsic.h"
#include "sw-json.h"
#include "sw-path.h"
#include "sw-fuzz.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char document[] =
  "{\"store\": {\"book\": [{\"title\": \"a\", \"price\": 8.95, \"isbn\": \"x\"},"
  " {\"title\": \"b\", \"price\": 12}, [1, [2, [3]]], null, true, \"s\"],"
  " \"bicycle\": {\"color\": \"red\", \"price\": 19.95}}, \"expensive\": 10, \"a b\": {}}";

static const char context_json[] =
  "{\"Execution\": {\"Id\": \"arn:x\", \"Input\": {}}, \"Map\": {\"Item\": {\"Index\": 1}}}";

/* The canonical text of anything parsed must parse again to the same canonical text. */
static void
check_path_round_trip (const SwPath *path,
                       SwPathFlags   flags)
{
  g_autofree char *canonical = sw_path_to_string (path);
  g_autoptr(SwPath) again = NULL;
  g_autofree char *canonical2 = NULL;
  g_autoptr(GError) error = NULL;

  again = sw_path_parse (canonical, flags, NULL, &error);
  if (again == NULL)
    {
      g_printerr ("canonical path does not parse: %s: %s\n", canonical, error->message);
      abort ();
    }
  canonical2 = sw_path_to_string (again);
  if (strcmp (canonical, canonical2) != 0)
    {
      g_printerr ("canonical path changes: %s -> %s\n", canonical, canonical2);
      abort ();
    }
  if (sw_path_is_definite (path) != sw_path_is_definite (again))
    abort ();
}

static void
exercise_path (const SwPath *path,
               SwValue      *doc,
               SwValue      *context)
{
  g_autoptr(GPtrArray) found = sw_path_select (path, doc, context);
  g_autoptr(SwValue) value = sw_path_get (path, doc, context, NULL);

  if (sw_path_is_definite (path) && found->len > 1)
    abort ();
  if (sw_path_is_definite (path) && (value != NULL) != (found->len == 1))
    abort ();
  if (!sw_path_is_definite (path) &&
      (value == NULL || sw_value_array_get_length (value) != found->len))
    abort ();

  if (sw_path_is_definite (path) && !sw_path_has_context_root (path))
    {
      g_autoptr(SwValue) root = sw_value_copy (doc);
      g_autoptr(GPtrArray) after = NULL;

      if (sw_path_set (path, &root, sw_value_new_string ("set"), NULL))
        {
          /* What was set can be read back. */
          after = sw_path_select (path, root, NULL);
          if (after->len != 1 || !sw_value_is_string (g_ptr_array_index (after, 0)))
            abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const SwPathFlags all_flags[] = {
    SW_PATH_DEFAULT,
    SW_PATH_REFERENCE,
    SW_PATH_ALLOW_CONTEXT,
    SW_PATH_REFERENCE | SW_PATH_ALLOW_CONTEXT,
  };
  static SwValue *doc;
  static SwValue *context;
  g_autofree char *text = NULL;

  if (doc == NULL)
    {
      sw_fuzz_init ();
      doc = sw_json_parse (document, -1, NULL, NULL, NULL);
      context = sw_json_parse (context_json, -1, NULL, NULL, NULL);
      g_assert (doc != NULL && context != NULL);
    }

  text = g_malloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (all_flags); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwPath) path = NULL;
      guint offset = G_MAXUINT;

      path = sw_path_parse (text, all_flags[i], &offset, &error);
      if (path == NULL)
        {
          if (error == NULL || offset > g_utf8_strlen (text, -1))
            if (g_utf8_validate (text, -1, NULL))
              abort ();
          continue;
        }
      if ((all_flags[i] & SW_PATH_REFERENCE) && !sw_path_is_definite (path))
        abort ();
      check_path_round_trip (path, all_flags[i]);
      if (all_flags[i] == SW_PATH_ALLOW_CONTEXT)
        exercise_path (path, doc, context);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SwIntrinsic) call = NULL;
    guint offset = G_MAXUINT;

    call = sw_intrinsic_parse (text, &offset, &error);
    if (call != NULL)
      {
        g_autofree char *canonical = sw_intrinsic_to_string (call);
        g_autoptr(SwIntrinsic) again = NULL;
        g_autofree char *canonical2 = NULL;
        g_autoptr(GError) check_error = NULL;
        gboolean valid, valid2;

        valid = sw_intrinsic_check_full (call, &offset, &check_error);
        if (!valid && check_error == NULL)
          abort ();

        again = sw_intrinsic_parse (canonical, NULL, NULL);
        if (again == NULL)
          {
            g_printerr ("canonical call does not parse: %s\n", canonical);
            abort ();
          }
        canonical2 = sw_intrinsic_to_string (again);
        if (strcmp (canonical, canonical2) != 0)
          {
            g_printerr ("canonical call changes: %s -> %s\n", canonical, canonical2);
            abort ();
          }
        valid2 = sw_intrinsic_check (again, NULL);
        if (valid != valid2)
          abort ();
      }
    else if (error == NULL)
      abort ();
  }

  return 0;
}
