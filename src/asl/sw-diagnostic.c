/* sw-diagnostic.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-diagnostic.h"

G_DEFINE_BOXED_TYPE (SwDiagnostic, sw_diagnostic, sw_diagnostic_copy, sw_diagnostic_free)

/**
 * sw_diagnostic_new:
 * @pointer: (nullable): JSON Pointer of the value concerned
 *
 * Returns: (transfer full): a new diagnostic
 */
SwDiagnostic *
sw_diagnostic_new (SwSeverity  severity,
                   const char *code,
                   guint       line,
                   guint       column,
                   const char *pointer,
                   const char *message)
{
  SwDiagnostic *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_new0 (SwDiagnostic, 1);
  self->severity = severity;
  self->code = g_strdup (code);
  self->message = g_strdup (message);
  self->line = line;
  self->column = column;
  self->pointer = g_strdup (pointer ? pointer : "");
  return self;
}

SwDiagnostic *
sw_diagnostic_copy (const SwDiagnostic *diagnostic)
{
  g_return_val_if_fail (diagnostic != NULL, NULL);

  return sw_diagnostic_new (diagnostic->severity, diagnostic->code, diagnostic->line,
                            diagnostic->column, diagnostic->pointer, diagnostic->message);
}

void
sw_diagnostic_free (SwDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;

  g_free (diagnostic->code);
  g_free (diagnostic->message);
  g_free (diagnostic->pointer);
  g_free (diagnostic);
}

const char *
sw_severity_to_string (SwSeverity severity)
{
  return severity == SW_SEVERITY_ERROR ? "error" : "warning";
}

/**
 * sw_diagnostic_format:
 * @filename: (nullable): the file the diagnostic is about
 *
 * Formats the diagnostic as `FILE:LINE:COL: error|warning: MESSAGE [CODE]`, or as
 * `FILE: error|warning: MESSAGE [CODE]` when it concerns the whole file (line 0).
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
sw_diagnostic_format (const SwDiagnostic *diagnostic,
                      const char         *filename)
{
  g_return_val_if_fail (diagnostic != NULL, NULL);

  if (diagnostic->line == 0)
    return g_strdup_printf ("%s: %s: %s [%s]",
                            filename ? filename : "<stdin>",
                            sw_severity_to_string (diagnostic->severity),
                            diagnostic->message, diagnostic->code);

  return g_strdup_printf ("%s:%u:%u: %s: %s [%s]",
                          filename ? filename : "<stdin>",
                          diagnostic->line, diagnostic->column,
                          sw_severity_to_string (diagnostic->severity),
                          diagnostic->message, diagnostic->code);
}

/* Orders by position, then errors before warnings, then code, so output is deterministic. */
int
sw_diagnostic_compare (gconstpointer a,
                       gconstpointer b)
{
  const SwDiagnostic *da = *(const SwDiagnostic * const *) a;
  const SwDiagnostic *db = *(const SwDiagnostic * const *) b;

  if (da->line != db->line)
    return da->line < db->line ? -1 : 1;
  if (da->column != db->column)
    return da->column < db->column ? -1 : 1;
  if (da->severity != db->severity)
    return da->severity < db->severity ? -1 : 1;
  return g_strcmp0 (da->code, db->code);
}
