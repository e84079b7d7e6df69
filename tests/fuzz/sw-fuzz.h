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

G_END_DECLS
