/* fuzz-intrinsic-eval.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the evaluation of intrinsic functions (States.Format,
 * States.StringToJson, States.Base64Decode, …), whose arguments come from execution input.
 * fuzz-path covers parsing the call; this one runs it. The input up to the first NUL byte is
 * the call; what follows, when it is JSON, is the state input `$` (else a fixed document).
 *
 *   evaluation gives a value or an SW_EVAL_ERROR with a message, never both or neither;
 *   a call the parser and checker accept never fails as SW_EVAL_ERROR_INVALID; the value
 *   written as JSON reads back equal; a call without random parts evaluates the same twice.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-intrinsic-eval.h"
#include "sw-json.h"
#include "sw-fuzz.h"

static const char document[] =
  "{\"name\": \"Ada\", \"n\": 3, \"list\": [1, \"two\", [3], {\"four\": 4}, null, true],"
  " \"json\": \"{\\\"a\\\": [1, 2]}\", \"b64\": \"aGVsbG8=\", \"s\": \"a,b;c\", \"big\": 1e300}";

static const char context_json[] =
  "{\"Execution\": {\"Id\": \"arn:x\", \"Input\": {}}, \"State\": {\"Name\": \"S\"}}";

static SwValue *context;

static SwValue *
get_context (gpointer user_data)
{
  return context;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sw_fuzz_init ();
  context = sw_json_parse (context_json, -1, NULL, NULL, NULL);
  if (context == NULL)
    sw_fuzz_fail ("the context does not parse", context_json);
  return 0;
}

static SwValue *
evaluate (const char  *text,
          SwValue     *input,
          gboolean    *invalid)
{
  g_autoptr(GError) error = NULL;
  SwEvalScope scope = { input, NULL, get_context, NULL, NULL };
  SwValue *result = sw_intrinsic_eval_text (text, &scope, &error);

  if ((result == NULL) == (error == NULL))
    sw_fuzz_fail ("a value and an error, or neither", text);
  if (error != NULL)
    {
      if (error->domain != SW_EVAL_ERROR || error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("an error outside SW_EVAL_ERROR or without a message", text);
      *invalid = error->code == SW_EVAL_ERROR_INVALID;
      return NULL;
    }
  *invalid = FALSE;
  return result;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwValue) input = NULL;
  g_autoptr(SwValue) result = NULL;
  g_autoptr(SwIntrinsic) call = NULL;
  g_autofree char *text = NULL;
  const uint8_t *nul;
  gboolean invalid = FALSE;

  if (size > 4096)
    return 0;
  nul = memchr (data, '\0', size);
  text = g_strndup ((const char *) data, nul != NULL ? (gsize) (nul - data) : size);
  if (nul != NULL)
    input = sw_json_parse ((const char *) nul + 1, size - (nul + 1 - data), NULL, NULL, NULL);
  if (input == NULL)
    input = sw_json_parse (document, -1, NULL, NULL, NULL);

  result = evaluate (text, input, &invalid);
  call = sw_intrinsic_parse (text, NULL, NULL);
  if (invalid && call != NULL && sw_intrinsic_check (call, NULL))
    sw_fuzz_fail ("a call that parses and checks is invalid at run time", text);
  if (result == NULL)
    return 0;

  {
    g_autofree char *json = NULL;
    g_autoptr(SwValue) again = NULL;
    gsize length;

    json = sw_json_write (result, SW_JSON_WRITE_COMPACT, &length);
    again = sw_json_parse (json, length, NULL, NULL, NULL);
    if (again == NULL || !sw_value_equal (result, again))
      sw_fuzz_fail ("the value does not read back equal", json);
  }

  if (strstr (text, "UUID") == NULL && strstr (text, "MathRandom") == NULL)
    {
      g_autoptr(SwValue) second = evaluate (text, input, &invalid);

      if (second == NULL || !sw_value_equal (result, second))
        sw_fuzz_fail ("the same call gives another value", text);
    }
  return 0;
}
