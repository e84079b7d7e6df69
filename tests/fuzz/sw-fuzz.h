/* sw-fuzz.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the libFuzzer targets share: the entry points, stopping on criticals, and reporting a
 * broken promise. */

#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static inline void
sw_fuzz_log (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  g_log_default_handler (domain, level, message, user_data);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

/* A critical from g_return_if_fail() is a bug the fuzzer should stop on. It aborts: a fatal
 * log message alone stops with SIGTRAP, which libFuzzer does not catch, so the input that
 * caused it would not be saved. */
static inline void
sw_fuzz_init (void)
{
  g_log_set_default_handler (sw_fuzz_log, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* UndefinedBehaviorSanitizer reports and goes on by default, so libFuzzer would neither stop
 * nor save the input: stop at the first report (UBSAN_OPTIONS still overrides). One target is
 * one source file including this header. */
const char *__ubsan_default_options (void);

const char *
__ubsan_default_options (void)
{
  return "halt_on_error=1:print_stacktrace=1";
}

/* LLVMFuzzerInitialize() for targets with nothing else to set up. */
#define SW_FUZZ_DEFINE_INITIALIZE() \
  int \
  LLVMFuzzerInitialize (int    *argc, \
                        char ***argv) \
  { \
    sw_fuzz_init (); \
    return 0; \
  }

/* Says which promise broke and aborts, which libFuzzer reports as a crash with the input
 * saved. */
#define sw_fuzz_fail(what, detail) sw_fuzz_fail_at (G_STRLOC, (what), (detail))

static inline G_NORETURN void
sw_fuzz_fail_at (const char *where,
                 const char *what,
                 const char *detail)
{
  fprintf (stderr, "%s: %s: %s\n", where, what, detail != NULL ? detail : "");
  abort ();
}

/* The line at *@p (up to `\n` or @end), carriage returns made spaces; *@p moves past it. */
static inline char *
sw_fuzz_next_line (const char **p,
                   const char  *end)
{
  const char *newline = memchr (*p, '\n', end - *p);
  char *line = g_strndup (*p, (newline != NULL ? newline : end) - *p);

  *p = newline != NULL ? newline + 1 : end;
  g_strdelimit (line, "\r", ' ');
  return line;
}

static inline gboolean
sw_fuzz_is_http_token (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Reads lines `NAME: VALUE` from *@p up to an empty line or @end into @headers, as name,
 * value, name, value…: lines whose name is not an HTTP token are skipped, values are
 * stripped. *@p is left after the empty line: what follows is the body. */
static inline void
sw_fuzz_read_headers (const char **p,
                      const char  *end,
                      GPtrArray   *headers)
{
  while (*p < end)
    {
      g_autofree char *line = sw_fuzz_next_line (p, end);
      char *colon = strchr (line, ':');

      if (*line == '\0')
        break;
      if (colon == NULL)
        continue;
      *colon = '\0';
      if (!sw_fuzz_is_http_token (line))
        continue;
      g_ptr_array_add (headers, g_strdup (line));
      g_ptr_array_add (headers, g_strdup (g_strstrip (colon + 1)));
    }
}

#if __has_include ("sw-definition.h")
#include "sw-definition.h"

/* For targets that read definition-like files: the input after the first byte, which picks
 * the format (odd: YAML, even: JSON), parsed; %NULL when it does not parse. */
static inline SwValue *
sw_fuzz_parse_definition (const uint8_t *data,
                          size_t         size)
{
  g_autoptr(SwDiagnostic) parse_error = NULL;

  if (size < 1)
    return NULL;
  return sw_definition_parse ((const char *) data + 1, size - 1,
                              data[0] % 2 ? SW_DEFINITION_FORMAT_YAML
                                          : SW_DEFINITION_FORMAT_JSON, &parse_error);
}
#endif

G_END_DECLS
