/* sw-yaml.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SW_YAML_MAX_ALIAS_VALUES:
 *
 * The most values that alias expansion may add to one document. Aliases are copied, so
 * without a bound a few lines of nested aliases ("billion laughs") would expand to gigabytes.
 */
#define SW_YAML_MAX_ALIAS_VALUES 100000

SwValue *sw_yaml_parse (const char     *data,
                        gssize          length,
                        guint          *error_line,
                        guint          *error_column,
                        GError        **error);

char    *sw_yaml_write (const SwValue  *value,
                        gsize          *length,
                        GError        **error);

G_END_DECLS
