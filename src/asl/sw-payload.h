/* sw-payload.h
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

#define SW_EVAL_ERROR (sw_eval_error_quark ())

/**
 * SwEvalError:
 * @SW_EVAL_ERROR_PATH: a path matched nothing where a value is required; Step Functions
 *   reports this as `States.Runtime`
 * @SW_EVAL_ERROR_INTRINSIC: an intrinsic function failed at run time (`States.IntrinsicFailure`)
 * @SW_EVAL_ERROR_INVALID: a path, template or call is malformed
 *
 * Errors of evaluating paths, intrinsic functions and payload templates against data.
 */
typedef enum
{
  SW_EVAL_ERROR_PATH = 1,
  SW_EVAL_ERROR_INTRINSIC,
  SW_EVAL_ERROR_INVALID,
} SwEvalError;

GQuark sw_eval_error_quark (void);

/**
 * SwEvalContextFunc:
 * @user_data: the scope's user data
 *
 * Builds the context object on first use, so a state that never reads `$$` never pays for it.
 *
 * Returns: (transfer none) (nullable): the context object
 */
typedef SwValue *(*SwEvalContextFunc)  (gpointer    user_data);

/**
 * SwEvalVariableFunc:
 * @name: a variable name, without the `$`
 * @user_data: the scope's user data
 *
 * Returns: (transfer none) (nullable): the variable's value, %NULL if it is not assigned
 */
typedef SwValue *(*SwEvalVariableFunc) (const char *name,
                                        gpointer    user_data);

/**
 * SwEvalScope:
 * @input: (nullable): what `$` names
 * @context: (nullable): what `$$` names; built with @get_context when %NULL
 * @get_context: (nullable): builds the context object on demand
 * @get_variable: (nullable): looks up workflow variables (`$name`)
 * @user_data: passed to the functions
 *
 * What paths are evaluated against. Values reached through a scope are shared, not copied:
 * the payloads of an execution are immutable once built.
 */
typedef struct
{
  SwValue *input;
  SwValue *context;
  SwEvalContextFunc get_context;
  SwEvalVariableFunc get_variable;
  gpointer user_data;
} SwEvalScope;

SwValue     *sw_eval_scope_get_context   (SwEvalScope       *scope);

/**
 * SwEvalPath:
 *
 * A JSONPath as a field of a JSONPath-mode state holds it: rooted at `$` (the input), `$$`
 * (the context object) or `$name` (the workflow variable `name`, followed by any steps).
 */
typedef struct _SwEvalPath SwEvalPath;

SwEvalPath  *sw_eval_path_parse          (const char        *text,
                                          SwPathFlags        flags,
                                          GError           **error);
void         sw_eval_path_free           (SwEvalPath        *path);
const char  *sw_eval_path_get_text       (const SwEvalPath  *path);
const char  *sw_eval_path_get_variable   (const SwEvalPath  *path);
const SwPath *sw_eval_path_get_path      (const SwEvalPath  *path);
gboolean     sw_eval_path_is_root        (const SwEvalPath  *path);
SwValue     *sw_eval_path_get            (const SwEvalPath  *path,
                                          SwEvalScope       *scope,
                                          GError           **error);
SwValue     *sw_eval_path_lookup         (const SwEvalPath  *path,
                                          SwEvalScope       *scope);

/**
 * SwPayload:
 *
 * A compiled payload template: the value of `Parameters`, `ResultSelector`, `ItemSelector`
 * or `Assign`, where each member whose key ends in `.$` holds a path or an intrinsic function
 * call whose value replaces it (under the key without `.$`). Parts without such members are
 * kept as they are and shared by every expansion.
 */
typedef struct _SwPayload SwPayload;

SwPayload   *sw_payload_compile          (SwValue           *template,
                                          GError           **error);
SwPayload   *sw_payload_ref              (SwPayload         *payload);
void         sw_payload_unref            (SwPayload         *payload);
gboolean     sw_payload_is_constant      (const SwPayload   *payload);
gboolean     sw_payload_uses_context     (const SwPayload   *payload);
SwValue     *sw_payload_expand           (const SwPayload   *payload,
                                          SwEvalScope       *scope,
                                          GError           **error);

double       sw_eval_json_number         (const SwValue     *number);
gboolean     sw_eval_json_equal          (const SwValue     *a,
                                          const SwValue     *b);
gsize        sw_eval_json_size           (const SwValue     *value,
                                          gsize              limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwEvalPath, sw_eval_path_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwPayload, sw_payload_unref)

G_END_DECLS
