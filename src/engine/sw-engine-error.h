/* sw-engine-error.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_ENGINE_ERROR (sw_engine_error_quark ())

/**
 * SwEngineError:
 * @SW_ENGINE_ERROR_INVALID: the definition cannot be run (a field is missing or malformed)
 * @SW_ENGINE_ERROR_INPUT: the execution input is not acceptable (not JSON, or too large)
 * @SW_ENGINE_ERROR_MOCK: a mock configuration is malformed or names an unknown test case
 * @SW_ENGINE_ERROR_HANDLER: a task handler configuration is malformed
 * @SW_ENGINE_ERROR_STATE: the call is not allowed in the execution's current state
 *
 * Errors of the local executor. Failures of the execution itself are not errors of the API:
 * they are the execution's status, error and cause.
 */
typedef enum
{
  SW_ENGINE_ERROR_INVALID = 1,
  SW_ENGINE_ERROR_INPUT,
  SW_ENGINE_ERROR_MOCK,
  SW_ENGINE_ERROR_HANDLER,
  SW_ENGINE_ERROR_STATE,
} SwEngineError;

GQuark sw_engine_error_quark (void);

G_END_DECLS
