/* sw-intrinsic.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sw-path.h"
#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SW_INTRINSIC_MAX_DEPTH:
 *
 * How deeply calls may nest in the text sw_intrinsic_parse() accepts. This only protects the
 * parser; sw_intrinsic_check() applies the service's much lower limit,
 * %SW_INTRINSIC_MAX_CALLS.
 */
#define SW_INTRINSIC_MAX_DEPTH 64

/**
 * SW_INTRINSIC_MAX_CALLS:
 *
 * How many intrinsic functions one field may use, nested calls included (Step Functions
 * allows up to 10).
 */
#define SW_INTRINSIC_MAX_CALLS 10

/**
 * SwIntrinsicArgKind:
 * @SW_INTRINSIC_ARG_LITERAL: a string, number, `true`, `false` or `null`
 * @SW_INTRINSIC_ARG_PATH: a JSONPath such as `$.name`, `$$.Execution.Id` or, reading a
 *   workflow variable, `$name.field`
 * @SW_INTRINSIC_ARG_CALL: a nested intrinsic function call
 *
 * What an argument is.
 */
typedef enum
{
  SW_INTRINSIC_ARG_LITERAL,
  SW_INTRINSIC_ARG_PATH,
  SW_INTRINSIC_ARG_CALL,
} SwIntrinsicArgKind;

/**
 * SwIntrinsicType:
 * @SW_INTRINSIC_TYPE_ANY: any JSON value
 * @SW_INTRINSIC_TYPE_STRING: a string
 * @SW_INTRINSIC_TYPE_NUMBER: a number
 * @SW_INTRINSIC_TYPE_INTEGER: a number with an integral value
 * @SW_INTRINSIC_TYPE_BOOLEAN: `true` or `false`
 * @SW_INTRINSIC_TYPE_ARRAY: an array
 * @SW_INTRINSIC_TYPE_OBJECT: an object
 *
 * The type a function takes or returns.
 */
typedef enum
{
  SW_INTRINSIC_TYPE_ANY,
  SW_INTRINSIC_TYPE_STRING,
  SW_INTRINSIC_TYPE_NUMBER,
  SW_INTRINSIC_TYPE_INTEGER,
  SW_INTRINSIC_TYPE_BOOLEAN,
  SW_INTRINSIC_TYPE_ARRAY,
  SW_INTRINSIC_TYPE_OBJECT,
} SwIntrinsicType;

typedef struct _SwIntrinsic SwIntrinsic;
typedef struct _SwIntrinsicArg SwIntrinsicArg;

/**
 * SwIntrinsicArg:
 * @kind: what the argument is
 * @offset: where it starts, in characters from the start of the parsed text
 * @length: its length in characters
 * @literal: the value of a %SW_INTRINSIC_ARG_LITERAL, escapes resolved
 * @placeholders: (element-type guint) (nullable): for a string literal, the byte offsets in
 *   the literal's text of each unescaped `{}`, which `States.Format` replaces (an escaped
 *   `\{\}` stays text); %NULL for other arguments
 * @path: the path of a %SW_INTRINSIC_ARG_PATH
 * @call: the call of a %SW_INTRINSIC_ARG_CALL
 *
 * One argument of a call.
 */
struct _SwIntrinsicArg
{
  SwIntrinsicArgKind kind;
  guint offset;
  guint length;
  SwValue *literal;
  GArray *placeholders;
  SwPath *path;
  SwIntrinsic *call;
};

/**
 * SwIntrinsic:
 * @name: the function's name as written, such as `States.Format`
 * @offset: where the name starts, in characters from the start of the parsed text
 * @close_offset: where the closing parenthesis is
 * @args: (element-type SwIntrinsicArg): the arguments
 *
 * A parsed intrinsic function call, the value of a `"key.$"` field such as
 * `States.Format('Hello {}', $.name)`.
 */
struct _SwIntrinsic
{
  char *name;
  guint offset;
  guint close_offset;
  GPtrArray *args;
};

/**
 * SwIntrinsicFunction:
 * @name: the name, such as `States.Hash`
 * @min_args: the fewest arguments it takes
 * @max_args: the most arguments it takes, %G_MAXUINT for no limit
 * @result: the type it returns
 * @params: the types of its first three arguments
 * @rest: the type of any later argument
 *
 * What Step Functions defines about one intrinsic function.
 */
typedef struct
{
  const char *name;
  guint min_args;
  guint max_args;
  SwIntrinsicType result;
  SwIntrinsicType params[3];
  SwIntrinsicType rest;
} SwIntrinsicFunction;

SwIntrinsic               *sw_intrinsic_parse            (const char          *text,
                                                          guint               *error_offset,
                                                          GError             **error);
void                       sw_intrinsic_free             (SwIntrinsic         *call);
char                      *sw_intrinsic_to_string        (const SwIntrinsic   *call);

gboolean                   sw_intrinsic_check            (const SwIntrinsic   *call,
                                                          GError             **error);
gboolean                   sw_intrinsic_check_full       (const SwIntrinsic   *call,
                                                          guint               *error_offset,
                                                          GError             **error);

gboolean                   sw_intrinsic_looks_like_call  (const char          *text);

const SwIntrinsicFunction *sw_intrinsic_lookup           (const char          *name);
const SwIntrinsicFunction *sw_intrinsic_get_functions    (guint               *n_functions);
SwIntrinsicType            sw_intrinsic_arg_type         (const SwIntrinsicFunction *function,
                                                          guint                      index);
const char                *sw_intrinsic_type_to_string   (SwIntrinsicType      type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwIntrinsic, sw_intrinsic_free)

G_END_DECLS
