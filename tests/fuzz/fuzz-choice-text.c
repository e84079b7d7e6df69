/* fuzz-choice-text.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the two text readers of Choice rules and Wait states in src/engine,
 * which get strings from execution input: RFC 3339 timestamps (TimestampEquals…, Wait
 * Timestamp and TimestampPath) and StringMatches patterns. The first byte picks:
 *
 *   even  a timestamp: one that reads, written back to the millisecond by
 *         sw_execution_format_timestamp(), reads again as the same time to the millisecond;
 *         a time that reads later than another of the same form with a smaller year compares
 *         later (no wrap-around)
 *   odd   TEXT NUL PATTERN for StringMatches: a pattern of the text with `*` and `\` escaped
 *         matches it, `*` matches everything, a pattern matches the same as with every `*`
 *         doubled
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-execution.h"
#include "sw-plan-private.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

static void
check_timestamp (const char *text)
{
  gint64 ns = 0, again = 0, epoch = 0;
  g_autofree char *written = NULL;

  if (!_sw_plan_parse_timestamp (text, &ns))
    return;
  if (!_sw_plan_parse_timestamp ("1970-01-01T00:00:00Z", &epoch) || epoch != 0)
    sw_fuzz_fail ("the epoch does not read as 0", NULL);

  /* Every year from 0000 to 9999 is either side of 1970; a wrapped value is not. */
  if ((strncmp (text, "1970", 4) > 0 && ns < 0 && strncmp (text, "1970-01-02", 10) > 0) ||
      (strncmp (text, "1970", 4) < 0 && ns > 0 && strncmp (text, "1969-12-31", 10) < 0))
    sw_fuzz_fail ("a time reads on the wrong side of the epoch", text);

  if (ns < 0 || ns / G_GINT64_CONSTANT (1000000000) > G_GINT64_CONSTANT (253402300799))
    return;
  written = sw_execution_format_timestamp (ns / 1000000);
  if (!_sw_plan_parse_timestamp (written, &again))
    sw_fuzz_fail ("a timestamp we wrote does not read", written);
  if (again / 1000000 != ns / 1000000)
    sw_fuzz_fail ("a timestamp we wrote reads as another time", written);
}

static char *
escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '*' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
double_stars (const char *pattern)
{
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          g_string_append_c (out, *p++);
          g_string_append_c (out, *p);
          continue;
        }
      g_string_append_c (out, *p);
      if (*p == '*')
        g_string_append_c (out, '*');
    }
  return g_string_free (out, FALSE);
}

static void
check_matches (const char *text,
               const char *pattern)
{
  g_autofree char *escaped = escape (text);
  g_autofree char *doubled = double_stars (pattern);

  if (!_sw_plan_string_matches (text, escaped))
    sw_fuzz_fail ("a text does not match itself escaped", text);
  if (!_sw_plan_string_matches (text, "*"))
    sw_fuzz_fail ("* does not match", text);
  if (_sw_plan_string_matches (text, pattern) != _sw_plan_string_matches (text, doubled))
    sw_fuzz_fail ("** matches otherwise than *", pattern);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  if (size < 1 || size > 2048)
    return 0;
  text = g_strndup ((const char *) data + 1, size - 1);
  if (data[0] % 2 == 0)
    check_timestamp (text);
  else
    {
      const uint8_t *nul = memchr (data + 1, '\0', size - 1);
      const char *pattern = nul != NULL ? (const char *) nul + 1 : "";
      g_autofree char *pattern_copy = nul != NULL
        ? g_strndup (pattern, size - (nul + 1 - data)) : g_strdup ("");

      check_matches (text, pattern_copy);
    }
  return 0;
}
