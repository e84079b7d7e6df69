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
 * SW_VALIDATOR_MAX_DEFINITION_SIZE:
 *
 * The largest definition the service accepts, in bytes (1 MiB).
 */
#define SW_VALIDATOR_MAX_DEFINITION_SIZE (1024u * 1024u)

/**
 * SwValidatorRule:
 * @code: stable kebab-case code
 * @severity: the severity findings of this rule have
 * @summary: one line saying what the rule checks (untranslated; see
 *   sw_validator_rule_get_summary())
 *
 * One rule of the validator, as listed by sw_validator_get_rules().
 */
typedef struct
{
  const char *code;
  SwSeverity severity;
  const char *summary;
} SwValidatorRule;

GPtrArray             *sw_validate                   (const SwValue         *definition);
GPtrArray             *sw_validate_full              (const SwValue         *definition,
                                                      gsize                  source_size);
const SwValidatorRule *sw_validator_get_rules        (guint                 *n_rules);
const SwValidatorRule *sw_validator_find_rule        (const char            *code);
const char            *sw_validator_rule_get_summary (const SwValidatorRule *rule);

G_END_DECLS
