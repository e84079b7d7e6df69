/* sw-json.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SW_JSON_MAX_SIZE:
 *
 * The largest text the reader accepts, in bytes (64 MiB). The service itself takes
 * definitions of at most 1 MiB; the validator reports that quota separately.
 */
#define SW_JSON_MAX_SIZE (64u * 1024u * 1024u)

/**
 * SW_JSON_MAX_DEPTH:
 *
 * The deepest nesting of arrays and objects the reader accepts.
 */
#define SW_JSON_MAX_DEPTH 512

/**
 * SwJsonWriteFlags:
 * @SW_JSON_WRITE_DEFAULT: canonical form: 2-space indentation, one member or item per line,
 *   `{}` and `[]` when empty, a final newline
 * @SW_JSON_WRITE_COMPACT: no white space at all and no final newline (payloads)
 */
typedef enum
{
  SW_JSON_WRITE_DEFAULT = 0,
  SW_JSON_WRITE_COMPACT = 1 << 0,
} SwJsonWriteFlags;

SwValue *sw_json_parse (const char  *data,
                        gssize       length,
                        guint       *error_line,
                        guint       *error_column,
                        GError     **error);

char    *sw_json_write (const SwValue    *value,
                        SwJsonWriteFlags  flags,
                        gsize            *length);

void     sw_json_append_string (GString    *out,
                                const char *text,
                                gsize       length);

G_END_DECLS
