/* sw-intrinsic-eval.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sw-intrinsic.h"
#include "sw-payload.h"

G_BEGIN_DECLS

SwValue *sw_intrinsic_eval      (const SwIntrinsic  *call,
                                 SwEvalScope        *scope,
                                 GError            **error);

SwValue *sw_intrinsic_eval_text (const char         *text,
                                 SwEvalScope        *scope,
                                 GError            **error);

G_END_DECLS
