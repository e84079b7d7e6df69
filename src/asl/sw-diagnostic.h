/* sw-diagnostic.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SW_SEVERITY_ERROR,
  SW_SEVERITY_WARNING,
} SwSeverity;

/**
 * SwDiagnostic:
 * @severity: error or warning
 * @code: the rule's stable code, in kebab-case (`next-state-missing`)
 * @message: a translated sentence for the user
 * @line: 1-based line, 0 when unknown
 * @column: 1-based column in characters, 0 when unknown
 * @pointer: a JSON Pointer (RFC 6901) to the value concerned, `""` for the whole document
 *
 * One finding of the reader or the validator.
 */
typedef struct
{
  SwSeverity severity;
  char *code;
  char *message;
  guint line;
  guint column;
  char *pointer;
} SwDiagnostic;

#define SW_TYPE_DIAGNOSTIC (sw_diagnostic_get_type ())

GType         sw_diagnostic_get_type     (void) G_GNUC_CONST;
SwDiagnostic *sw_diagnostic_new          (SwSeverity          severity,
                                          const char         *code,
                                          guint               line,
                                          guint               column,
                                          const char         *pointer,
                                          const char         *message);
SwDiagnostic *sw_diagnostic_copy         (const SwDiagnostic *diagnostic);
void          sw_diagnostic_free         (SwDiagnostic       *diagnostic);
const char   *sw_severity_to_string      (SwSeverity          severity);
char         *sw_diagnostic_format       (const SwDiagnostic *diagnostic,
                                          const char         *filename);
int           sw_diagnostic_compare      (gconstpointer       a,
                                          gconstpointer       b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwDiagnostic, sw_diagnostic_free)

G_END_DECLS
