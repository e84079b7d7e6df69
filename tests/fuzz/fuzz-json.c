/* fuzz-json.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the reader, the canonical writer and the validator:
 *
 *   parse → write → parse again: the two trees must be equal, and writing the second must
 *   give the same bytes (fmt is idempotent); the compact form must read back equal too;
 *   then the validator must get through whatever the reader accepted.
 *
 * Any mismatch aborts, which libFuzzer reports as a crash with the input saved. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sw-definition.h"
#include "sw-diagnostic.h"
#include "sw-json.h"
#include "sw-validator.h"
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
  g_printerr ("fuzz-json: %s\n--- first\n%s\n--- second\n%s\n", what,
              first ? first : "(null)", second ? second : "(null)");
  abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwValue) again = NULL;
  g_autoptr(SwValue) compact_again = NULL;
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *compact = NULL;
  gsize length, length_again, compact_length;

  root = sw_definition_parse ((const char *) data, size, SW_DEFINITION_FORMAT_JSON,
                              &parse_error);
  if (root == NULL)
    {
      /* Every refusal carries a code and a position inside the input. */
      if (parse_error == NULL || parse_error->code == NULL || parse_error->message == NULL)
        abort ();
      if (parse_error->line > size + 1)
        abort ();
      return 0;
    }
  if (parse_error != NULL)
    abort ();

  text = sw_json_write (root, SW_JSON_WRITE_DEFAULT, &length);
  if (memchr (text, '\0', length) != NULL)
    mismatch ("the canonical text holds a NUL byte", text, NULL);

  again = sw_json_parse (text, length, NULL, NULL, &error);
  if (again == NULL)
    mismatch (error->message, text, NULL);
  if (!sw_value_equal (root, again))
    mismatch ("re-reading the canonical text gives another value", text, NULL);

  text_again = sw_json_write (again, SW_JSON_WRITE_DEFAULT, &length_again);
  if (length != length_again || memcmp (text, text_again, length) != 0)
    mismatch ("the canonical writer is not idempotent", text, text_again);

  compact = sw_json_write (root, SW_JSON_WRITE_COMPACT, &compact_length);
  compact_again = sw_json_parse (compact, compact_length, NULL, NULL, NULL);
  if (compact_again == NULL || !sw_value_equal (root, compact_again))
    mismatch ("the compact text does not read back equal", compact, NULL);

  diagnostics = sw_validate (root);
  if (diagnostics == NULL)
    abort ();
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->code == NULL || diagnostic->message == NULL ||
          diagnostic->pointer == NULL)
        abort ();
      if (i > 0 && sw_diagnostic_compare (&diagnostics->pdata[i - 1], &diagnostics->pdata[i]) > 0)
        mismatch ("diagnostics are not sorted", diagnostics->pdata[i - 1] ?
                  ((SwDiagnostic *) diagnostics->pdata[i - 1])->code : NULL, diagnostic->code);
    }

  return 0;
}
