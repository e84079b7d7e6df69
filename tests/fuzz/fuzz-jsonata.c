/* fuzz-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Compiles the input as a JSONata expression and, when it compiles, evaluates it against a
 * small document under tight limits. Every failure must be a JSONata error with a code. */

#include <stdlib.h>
#include <string.h>

#include "sw-json.h"
#include "sw-jsonata.h"
#include "sw-fuzz.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char document[] =
  "{\"Account\": {\"Name\": \"Firefly\", \"Order\": [{\"OrderID\": \"order103\", \"Product\": "
  "[{\"Name\": \"Bowler Hat\", \"Price\": 34.45, \"Quantity\": 2, \"Tags\": [\"a\", \"b\"]},"
  " {\"Name\": \"Trilby\", \"Price\": 21.67, \"Quantity\": 1}]}, {\"OrderID\": \"order104\","
  " \"Product\": [{\"Name\": \"Cloak\", \"Price\": 107.99, \"Quantity\": 1}]}]},"
  " \"n\": [1, 2, [3, [4]], null, true, \"s\", {\"k\": \"v\"}], \"date\": \"2018-02-01T09:42:13Z\"}";

static void
check_error (const GError *error)
{
  const char *code;

  if (error == NULL || error->domain != SW_JSONATA_ERROR)
    abort ();
  code = sw_jsonata_error_get_code (error);
  if (code == NULL || strlen (code) != 5 || strchr ("STDU", code[0]) == NULL)
    abort ();
}

/* Big numbers make ranges and padding allocate hundreds of megabytes legitimately; the engine
 * bounds them (D2014) but the fuzzer's memory limit would still trip, so they are left out.
 * Digits after a decimal point and negative exponents only make numbers smaller, so those
 * stay in: they reach the number formatter. */
static gboolean
has_big_number (const char *text)
{
  int digits = 0;
  gboolean fraction = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (!fraction && ++digits >= 5)
            return TRUE;
        }
      else if (*p == '.' && digits > 0 && g_ascii_isdigit (p[1]))
        fraction = TRUE;
      else if ((*p == 'e' || *p == 'E') && (digits > 0 || fraction))
        {
          if (p[1] != '-')
            return TRUE;
          digits = 0;
          fraction = FALSE;
          p++;
        }
      else
        {
          digits = 0;
          fraction = FALSE;
        }
    }
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static SwValue *doc;
  SwJsonataLimits limits = { 200, 200 };
  g_autofree char *text = NULL;
  g_autoptr(SwJsonata) compiled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) result = NULL;

  if (doc == NULL)
    {
      sw_fuzz_init ();
      doc = sw_json_parse (document, -1, NULL, NULL, NULL);
      g_assert (doc != NULL);
    }
  if (size > 4096)
    return 0;

  text = g_malloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';
  if (strlen (text) != size)
    return 0;

  compiled = sw_jsonata_compile (text, &error);
  if (compiled == NULL)
    {
      check_error (error);
      return 0;
    }
  if (has_big_number (text))
    return 0;

  result = sw_jsonata_evaluate_full (compiled, doc, NULL, &limits, &error);
  if (error != NULL)
    {
      check_error (error);
      if (result != NULL)
        abort ();
      return 0;
    }
  if (result != NULL)
    {
      /* whatever comes out is JSON that reads back */
      g_autofree char *json = sw_json_write (result, SW_JSON_WRITE_COMPACT, NULL);
      g_autoptr(SwValue) again = sw_json_parse (json, -1, NULL, NULL, NULL);

      if (again == NULL)
        abort ();
    }
  return 0;
}
