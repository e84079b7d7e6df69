/* sw-validator.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-diagnostic.h"
#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SwValidatorRule:
 * @code: stable kebab-case code
 * @severity: the severity findings of this rule have
 * @summary: one line saying what the rule checks
 *
 * One rule of the validator, as listed by sw_validator_get_rules().
 */
typedef struct
{
  const char *code;
  SwSeverity severity;
  const char *summary;
} SwValidatorRule;

GPtrArray             *sw_validate              (const SwValue *definition);
const SwValidatorRule *sw_validator_get_rules   (guint         *n_rules);

G_END_DECLS
