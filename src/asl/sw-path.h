/* sw-path.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SW_PATH_MAX_DEPTH:
 *
 * How deeply filter expressions may nest (parentheses, `!` and filters inside the paths of
 * filters, all counted together). Deeper input is rejected, so parsing and evaluation never
 * recurse without bound.
 */
#define SW_PATH_MAX_DEPTH 64

/**
 * SwPathFlags:
 * @SW_PATH_DEFAULT: any JSONPath Step Functions accepts, rooted at `$`
 * @SW_PATH_REFERENCE: only a Reference Path: a definite path of `.name`, `['name']` and
 *   `[index]` steps, as `ResultPath`, `InputPath`, `OutputPath` and a Choice rule's `Variable`
 *   require; wildcards, `..`, unions, slices and filters are rejected
 * @SW_PATH_ALLOW_CONTEXT: also accept paths rooted at the context object, `$$`
 * @SW_PATH_ALLOW_VARIABLES: also accept paths rooted at a workflow variable, `$name`
 *   (`$name.field`, `$name[0]`), as JSONPath states read what `Assign` set; `$states` is
 *   reserved for JSONata and always refused
 *
 * What sw_path_parse() accepts.
 */
typedef enum
{
  SW_PATH_DEFAULT         = 0,
  SW_PATH_REFERENCE       = 1 << 0,
  SW_PATH_ALLOW_CONTEXT   = 1 << 1,
  SW_PATH_ALLOW_VARIABLES = 1 << 2,
} SwPathFlags;

/**
 * SwPath:
 *
 * A parsed JSONPath as Step Functions accepts it: the roots `$` (the state's input), `$$`
 * (the context object) and `$name` (a workflow variable), `.name`, `['name']`, `[n]`
 * (negative counts from the end), `[*]`, `.*`, `..` (recursive descent), unions `[0,1]` and
 * `['a','b']`, slices `[start:end:step]` and filters `[?(@.price < 10 && @.isbn)]`.
 *
 * Selection follows RFC 9535 where Goessner's description leaves a gap: a filter tests the
 * items of an array or the member values of an object; a comparison with a missing value is
 * false; `<`, `<=`, `>` and `>=` compare two numbers or two strings and are otherwise false.
 *
 * A variable name starts with a letter or `_` and goes on with letters, digits and `_`;
 * variables are read from a table given to sw_path_select_full() and sw_path_get_full().
 * Filters may not name variables: `$` inside a filter is the input.
 *
 * Paths are immutable and reference counted.
 */
typedef struct _SwPath SwPath;

#define SW_TYPE_PATH (sw_path_get_type ())

GType        sw_path_get_type          (void) G_GNUC_CONST;

SwPath      *sw_path_parse             (const char    *text,
                                        SwPathFlags    flags,
                                        guint         *error_offset,
                                        GError       **error);

SwPath      *sw_path_ref               (SwPath        *path);
void         sw_path_unref             (SwPath        *path);

const char  *sw_path_get_text          (const SwPath  *path);
char        *sw_path_to_string         (const SwPath  *path);
gboolean     sw_path_is_definite       (const SwPath  *path);
gboolean     sw_path_has_context_root  (const SwPath  *path);
const char  *sw_path_get_variable_name (const SwPath  *path);
gboolean     sw_path_is_root           (const SwPath  *path);
guint        sw_path_get_n_steps       (const SwPath  *path);

GPtrArray   *sw_path_select            (const SwPath  *path,
                                        SwValue       *input,
                                        SwValue       *context);
SwValue     *sw_path_get               (const SwPath  *path,
                                        SwValue       *input,
                                        SwValue       *context,
                                        GError       **error);
GPtrArray   *sw_path_select_full       (const SwPath  *path,
                                        SwValue       *input,
                                        SwValue       *context,
                                        GHashTable    *variables);
SwValue     *sw_path_get_full          (const SwPath  *path,
                                        SwValue       *input,
                                        SwValue       *context,
                                        GHashTable    *variables,
                                        GError       **error);
gboolean     sw_path_set               (const SwPath  *reference,
                                        SwValue      **root,
                                        SwValue       *value,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwPath, sw_path_unref)

G_END_DECLS
