/* sw-path-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-path.h"

G_BEGIN_DECLS

/* The first syntax error of a hand-written parser (paths, intrinsic functions). */
typedef struct
{
  gsize pos;      /* byte offset in the parsed text */
  char *message;  /* translated sentence without position, or NULL */
} SwSyntaxError;

/* Records the error unless one is already recorded; returns FALSE for `return fail (…)`. */
gboolean _sw_syntax_fail (SwSyntaxError *syntax,
                          gsize          pos,
                          const char    *format,
                          ...) G_GNUC_PRINTF (3, 4);

/* Parses the longest path at the start of @text (valid UTF-8) and stops at the first byte
 * that cannot continue it, so a caller can embed paths in a larger grammar (intrinsic
 * function arguments). On failure returns %NULL, sets @error_pos to the byte offset in @text
 * and @error_detail to a translated sentence without position. */
SwPath *_sw_path_parse_prefix (const char   *text,
                               SwPathFlags   flags,
                               gsize        *consumed,
                               gsize        *error_pos,
                               char        **error_detail);

/* TRUE if @text is certainly a path sw_path_parse() accepts with @flags, found without
 * building it: a root followed by `.name` and `[index]` steps in ASCII. FALSE means only
 * that the full parser must judge. */
gboolean _sw_path_is_simple   (const char  *text,
                               SwPathFlags  flags);

/* Appends @text as a single-quoted literal, escaping `'`, `\` and control characters. */
void    _sw_path_append_quoted (GString    *out,
                                const char *text);

G_END_DECLS
