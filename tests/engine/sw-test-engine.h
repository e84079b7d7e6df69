/* sw-test-engine.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-execution.h"
#include "sw-json.h"

G_BEGIN_DECLS

/* 2026-01-01T00:00:00Z, where fake clocks start. */
#define SW_TEST_EPOCH_MS G_GINT64_CONSTANT (1767225600000)

SwValue     *sw_test_parse          (const char   *json);
char        *sw_test_quote          (const char   *text);
SwExecution *sw_test_execution_new  (const char   *definition,
                                     const char   *input);
SwExecutionStatus sw_test_run       (SwExecution  *execution);
char        *sw_test_output         (SwExecution  *execution);
SwExecution *sw_test_execution_with (const char        *definition,
                                     const char        *input,
                                     const char        *pattern,
                                     SwTaskHandlerFunc  func,
                                     gpointer           data);
void         sw_test_expect_output  (SwExecution  *execution,
                                     const char   *expected);
void         sw_test_assert_failed  (SwExecution  *execution,
                                     const char   *error,
                                     const char   *cause_fragment);
char        *sw_test_event_types    (SwExecution  *execution);
SwValue     *sw_test_event          (SwExecution  *execution,
                                     guint         index);
SwValue     *sw_test_find_event     (SwExecution  *execution,
                                     const char   *type,
                                     guint         nth);
gint64       sw_test_event_time     (SwExecution  *execution,
                                     const char   *type,
                                     guint         nth);
const char  *sw_test_detail         (SwValue      *event,
                                     const char   *key);
char        *sw_test_compact        (SwValue      *value);
gboolean     sw_test_contains       (const char   *haystack,
                                     const char   *needle);

#define sw_test_assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *_h = (haystack); \
    if (_h == NULL || strstr (_h, (needle)) == NULL) \
      g_error ("“%s” does not contain “%s”", _h ? _h : "(null)", (needle)); \
  } G_STMT_END

G_END_DECLS
