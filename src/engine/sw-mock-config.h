/* sw-mock-config.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-value.h"

G_BEGIN_DECLS

#define SW_TYPE_MOCK_CONFIG (sw_mock_config_get_type ())

G_DECLARE_FINAL_TYPE (SwMockConfig, sw_mock_config, SW, MOCK_CONFIG, GObject)

SwMockConfig  *sw_mock_config_new_from_file      (const char    *path,
                                                  GError       **error);
SwMockConfig  *sw_mock_config_new_from_value     (SwValue       *root,
                                                  GError       **error);

char         **sw_mock_config_list_machines      (SwMockConfig  *self);
gboolean       sw_mock_config_has_test_case      (SwMockConfig  *self,
                                                  const char    *machine,
                                                  const char    *test_case);
const char    *sw_mock_config_get_response_name  (SwMockConfig  *self,
                                                  const char    *machine,
                                                  const char    *test_case,
                                                  const char    *state);
gboolean       sw_mock_config_get_response       (SwMockConfig  *self,
                                                  const char    *response,
                                                  guint          invocation,
                                                  SwValue      **result,
                                                  char         **error,
                                                  char         **cause);

G_END_DECLS
