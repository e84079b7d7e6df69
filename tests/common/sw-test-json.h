/* sw-test-json.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSON helpers for test programs (header only; needs json-glib). */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @text parsed as a JSON object, asserting that it is one. */
static inline JsonObject *
sw_test_parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

G_END_DECLS
