/* sw-asl-error.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_ASL_ERROR (sw_asl_error_quark ())

/**
 * SwAslError:
 * @SW_ASL_ERROR_SYNTAX: the text is not valid JSON or YAML
 * @SW_ASL_ERROR_ENCODING: the text is not valid UTF-8, or holds a NUL byte
 * @SW_ASL_ERROR_DEPTH: values nest deeper than %SW_JSON_MAX_DEPTH
 * @SW_ASL_ERROR_TOO_LARGE: the input is larger than %SW_JSON_MAX_SIZE
 * @SW_ASL_ERROR_EMPTY: the input holds no value
 * @SW_ASL_ERROR_INVALID: the definition breaks a rule of the language
 * @SW_ASL_ERROR_PATH: a reference path, JSONPath or intrinsic function is malformed
 *
 * Errors of the ASL layer.
 */
typedef enum
{
  SW_ASL_ERROR_SYNTAX = 1,
  SW_ASL_ERROR_ENCODING,
  SW_ASL_ERROR_DEPTH,
  SW_ASL_ERROR_TOO_LARGE,
  SW_ASL_ERROR_EMPTY,
  SW_ASL_ERROR_INVALID,
  SW_ASL_ERROR_PATH,
} SwAslError;

GQuark sw_asl_error_quark (void);

G_END_DECLS
