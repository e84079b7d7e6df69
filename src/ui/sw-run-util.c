/* sw-run-util.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-json.h"
#include "sw-run-util.h"

#define APP_SCHEMA "io.github.stepwise.Stepwise"

double
sw_run_json_get_time (JsonObject *object,
                      const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_node_get_string (node),
                                                                NULL);

      return time != NULL ? g_date_time_to_unix (time) + g_date_time_get_microsecond (time) / 1e6
                          : 0;
    }
  return json_node_get_double (node);
}

const char *
sw_run_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
sw_run_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

char *
sw_run_pretty_json (const char *text)
{
  g_autoptr(SwValue) value = NULL;
  char *pretty;
  gsize length = 0;

  if (text == NULL)
    return g_strdup ("");
  /* The ASL library's writer: members in the service's order, as the code view shows. */
  value = sw_json_parse (text, -1, NULL, NULL, NULL);
  if (value == NULL)
    return g_strdup (text);
  pretty = sw_json_write (value, SW_JSON_WRITE_DEFAULT, &length);
  if (length > 0 && pretty[length - 1] == '\n')
    pretty[length - 1] = '\0';
  return pretty;
}

char *
sw_run_format_time (double seconds)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *base = NULL;

  if (seconds <= 0)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc ((gint64) seconds);
  local = g_date_time_to_local (utc);
  base = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  return g_strdup_printf ("%s.%03d", base,
                          (int) ((seconds - (gint64) seconds) * 1000.0 + 0.5) % 1000);
}

char *
sw_run_format_duration (double seconds)
{
  if (seconds < 0)
    return g_strdup ("—");
  if (seconds * 1000 < 999.5)
    return g_strdup_printf (_("%.0f ms"), seconds * 1000);
  if (seconds < 60)
    return g_strdup_printf (_("%.2f s"), seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min %02d s"), (int) seconds / 60, (int) seconds % 60);
  return g_strdup_printf (_("%d h %02d min"), (int) seconds / 3600,
                          ((int) seconds % 3600) / 60);
}

char *
sw_run_format_error (const GError *error)
{
  const char *code, *message;

  if (error == NULL)
    return g_strdup ("");
  if (error->domain == SW_AWS_ERROR && error->code == SW_AWS_ERROR_SERVICE)
    {
      code = sw_aws_error_get_service_code (error);
      message = sw_aws_error_get_service_message (error);
      if (code != NULL && message != NULL && *message != '\0')
        return g_strdup_printf ("%s: %s", code, message);
      if (code != NULL)
        return g_strdup (code);
    }
  return g_strdup (error->message);
}

static gboolean
service_code_in (const GError       *error,
                 const char * const *codes)
{
  const char *code;

  if (error == NULL || error->domain != SW_AWS_ERROR || error->code != SW_AWS_ERROR_SERVICE)
    return FALSE;
  code = sw_aws_error_get_service_code (error);
  return code != NULL && g_strv_contains (codes, code);
}

gboolean
sw_run_error_is_throttling (const GError *error)
{
  static const char * const codes[] = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", NULL,
  };

  return service_code_in (error, codes);
}

gboolean
sw_run_error_is_credentials (const GError *error)
{
  static const char * const codes[] = {
    "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException",
    "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
    "AccessDeniedException", "MissingAuthenticationToken", NULL,
  };

  if (error != NULL && error->domain == SW_AWS_ERROR &&
      (error->code == SW_AWS_ERROR_NO_CREDENTIALS || error->code == SW_AWS_ERROR_CREDENTIALS ||
       error->code == SW_AWS_ERROR_SIGNATURE))
    return TRUE;
  return service_code_in (error, codes);
}

gboolean
sw_run_error_is_unreachable (const GError *error)
{
  if (error == NULL)
    return FALSE;
  return error->domain == G_IO_ERROR && (error->code == G_IO_ERROR_CONNECTION_REFUSED ||
                                         error->code == G_IO_ERROR_HOST_NOT_FOUND ||
                                         error->code == G_IO_ERROR_HOST_UNREACHABLE ||
                                         error->code == G_IO_ERROR_NETWORK_UNREACHABLE ||
                                         error->code == G_IO_ERROR_CONNECTION_CLOSED ||
                                         error->code == G_IO_ERROR_BROKEN_PIPE ||
                                         error->code == G_IO_ERROR_TIMED_OUT);
}

gboolean
sw_run_error_is_gone (const GError *error)
{
  static const char * const codes[] = {
    "ExecutionDoesNotExist", "StateMachineDoesNotExist", "ResourceNotFound",
    "ResourceNotFoundException", NULL,
  };

  return service_code_in (error, codes);
}

void
sw_run_poll_stop (guint         *timeout_id,
                  GCancellable **cancellable)
{
  g_return_if_fail (timeout_id != NULL);
  g_return_if_fail (cancellable != NULL);

  g_clear_handle_id (timeout_id, g_source_remove);
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

GSettings *
sw_run_app_settings_with (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  schema = source ? g_settings_schema_source_lookup (source, APP_SCHEMA, TRUE) : NULL;
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;
  return g_settings_new (APP_SCHEMA);
}
