/* sw-aws-json-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON helpers shared by the awsJson clients (SageMaker, Step Functions). */

/* The string member @name of @object, or NULL when @object is NULL or the member is
 * missing or not a string. */
static inline const char *
_sw_aws_json_object_string (JsonObject *object,
                            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Cuts an error type such as `aws.protocol#ThrottlingException:http://...` to its short
 * name. */
static inline char *
_sw_aws_short_error_code (const char *code)
{
  const char *hash = strrchr (code, '#');
  const char *colon;

  if (hash != NULL)
    code = hash + 1;
  colon = strchr (code, ':');
  return colon != NULL ? g_strndup (code, colon - code) : g_strdup (code);
}

/* Loads the body of an error answer into @parser; returns its root object (owned by
 * @parser) or NULL when the body is empty or not a JSON object. */
static inline JsonObject *
_sw_aws_error_body_object (JsonParser *parser,
                           GBytes     *body)
{
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  /* Text of white space only loads without a root. */
  if (data != NULL && length > 0 && json_parser_load_from_data (parser, data, length, NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_node_get_object (json_parser_get_root (parser));
  return NULL;
}

G_END_DECLS
