/* sw-aws-error.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An extended error domain: callers branch on the service's error code (ThrottlingException,
 * StateMachineDoesNotExist …), which a GError code enum cannot list, so it rides along as
 * private data. */

#include "sw-aws-error.h"

typedef struct
{
  char *service_code;
  char *service_message;
  char *request_id;
  guint http_status;
} SwAwsErrorPrivate;

static void
sw_aws_error_private_init (SwAwsErrorPrivate *priv)
{
}

static void
sw_aws_error_private_copy (const SwAwsErrorPrivate *src,
                           SwAwsErrorPrivate       *dest)
{
  dest->service_code = g_strdup (src->service_code);
  dest->service_message = g_strdup (src->service_message);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
}

static void
sw_aws_error_private_clear (SwAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->service_code, g_free);
  g_clear_pointer (&priv->service_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (SwAwsError, sw_aws_error)

/**
 * sw_aws_error_set_service:
 * @error: (out) (optional): the error to set
 * @code: %SW_AWS_ERROR_SERVICE, or %SW_AWS_ERROR_SIGNATURE for a refused signature
 * @http_status: the HTTP status of the answer (0 when there is none)
 * @service_code: the service's short error code, such as `StateMachineDoesNotExist`
 * @service_message: (nullable): the service's message
 * @request_id: (nullable): the `x-amzn-RequestId` of the answer
 *
 * Sets @error to a service error whose message reads `CODE: MESSAGE`.
 */
void
sw_aws_error_set_service (GError     **error,
                          SwAwsError   code,
                          guint        http_status,
                          const char  *service_code,
                          const char  *service_message,
                          const char  *request_id)
{
  SwAwsErrorPrivate *priv;
  GError *new_error;

  g_return_if_fail (service_code != NULL);

  if (error == NULL)
    return;

  if (service_message != NULL && *service_message != '\0')
    new_error = g_error_new (SW_AWS_ERROR, code, "%s: %s", service_code, service_message);
  else
    new_error = g_error_new_literal (SW_AWS_ERROR, code, service_code);

  priv = sw_aws_error_get_private (new_error);
  priv->service_code = g_strdup (service_code);
  priv->service_message = g_strdup (service_message ? service_message : "");
  priv->request_id = g_strdup (request_id);
  priv->http_status = http_status;
  g_propagate_error (error, new_error);
}

/**
 * sw_aws_error_get_service_code:
 * @error: an error
 *
 * Returns: (nullable): the service's error code (the part of `__type` after `#`), or
 *   %NULL when @error does not come from the service
 */
const char *
sw_aws_error_get_service_code (const GError *error)
{
  const SwAwsErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SW_AWS_ERROR)
    return NULL;
  priv = sw_aws_error_get_private (error);
  return priv != NULL ? priv->service_code : NULL;
}

/**
 * sw_aws_error_get_service_message:
 * @error: an error
 *
 * Returns: (nullable): the service's message alone, without the code
 */
const char *
sw_aws_error_get_service_message (const GError *error)
{
  const SwAwsErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SW_AWS_ERROR)
    return NULL;
  priv = sw_aws_error_get_private (error);
  return priv != NULL ? priv->service_message : NULL;
}

/**
 * sw_aws_error_get_http_status:
 * @error: an error
 *
 * Returns: the HTTP status the service answered with, 0 if none
 */
guint
sw_aws_error_get_http_status (const GError *error)
{
  const SwAwsErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != SW_AWS_ERROR)
    return 0;
  priv = sw_aws_error_get_private (error);
  return priv != NULL ? priv->http_status : 0;
}

/**
 * sw_aws_error_get_request_id:
 * @error: an error
 *
 * Returns: (nullable): the request id of the failed request
 */
const char *
sw_aws_error_get_request_id (const GError *error)
{
  const SwAwsErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SW_AWS_ERROR)
    return NULL;
  priv = sw_aws_error_get_private (error);
  return priv != NULL ? priv->request_id : NULL;
}
