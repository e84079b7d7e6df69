/* fuzz-yaml.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the YAML reader and writer:
 *
 *   parse YAML → write YAML → parse again: the trees must be equal and writing the second
 *   must give the same bytes; the tree must also survive the canonical JSON writer (so every
 *   number the YAML reader makes is a JSON lexeme). Refusals must carry a message and a
 *   position inside the input.
 *
 * Any mismatch aborts, which libFuzzer reports as a crash with the input saved. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-yaml.h"
#include "sw-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sw_fuzz_init ();
  return 0;
}

static void
mismatch (const char *what,
          const char *first,
          const char *second)
{
  fprintf (stderr, "fuzz-yaml: %s\n--- first\n%s\n--- second\n%s\n", what,
           first ? first : "(null)", second ? second : "(null)");
  abort ();
}

static guint
count_lines (const uint8_t *data,
             size_t         size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    if (data[i] == '\n' || data[i] == '\r')
      lines++;
  return lines;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwValue) again = NULL;
  g_autoptr(SwValue) from_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *json = NULL;
  gsize length = 0, length_again = 0, json_length = 0;
  guint line = 0, column = 0;

  root = sw_yaml_parse ((const char *) data, size, &line, &column, &error);
  if (root == NULL)
    {
      if (error == NULL || error->domain != SW_ASL_ERROR || error->message == NULL ||
          error->message[0] == '\0')
        abort ();
      if (line > count_lines (data, size) + 1 || (line == 0 && column != 0))
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();

  text = sw_yaml_write (root, &length, &error);
  if (text == NULL)
    mismatch (error->message, NULL, NULL);
  if (length == 0 || text[length - 1] != '\n' || memchr (text, '\0', length) != NULL)
    mismatch ("the YAML text is not one NUL-free text with a final newline", text, NULL);

  again = sw_yaml_parse (text, length, &line, &column, &error);
  if (again == NULL)
    {
      g_autofree char *where = g_strdup_printf ("%u:%u: %s", line, column, error->message);

      mismatch ("the YAML we wrote does not read back", text, where);
    }
  if (!sw_value_equal (root, again))
    mismatch ("re-reading the YAML gives another value", text, NULL);

  text_again = sw_yaml_write (again, &length_again, NULL);
  if (text_again == NULL || length != length_again || memcmp (text, text_again, length) != 0)
    mismatch ("the YAML writer is not idempotent", text, text_again);

  json = sw_json_write (root, SW_JSON_WRITE_DEFAULT, &json_length);
  from_json = sw_json_parse (json, json_length, NULL, NULL, &error);
  if (from_json == NULL)
    mismatch ("the tree read from YAML is not valid JSON", json, error->message);
  if (!sw_value_equal (root, from_json))
    mismatch ("the tree read from YAML changes through JSON", json, NULL);

  return 0;
}
