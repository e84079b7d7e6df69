/* sw-aws-error.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_AWS_ERROR (sw_aws_error_quark ())

/**
 * SwAwsError:
 * @SW_AWS_ERROR_CONFIG: a shared config or credentials file is malformed
 * @SW_AWS_ERROR_PROFILE_NOT_FOUND: the named profile is in neither file
 * @SW_AWS_ERROR_NO_REGION: no region is configured
 * @SW_AWS_ERROR_INVALID_ENDPOINT: the region or endpoint URL cannot make an endpoint
 * @SW_AWS_ERROR_NO_CREDENTIALS: no source of credentials is configured
 * @SW_AWS_ERROR_CREDENTIALS: a credential source is configured but failed or is not
 *   supported (`credential_process` failed, half of a key pair, `role_arn` …)
 * @SW_AWS_ERROR_INVALID_PARAMETER: a request misses a required member (checked before
 *   sending, as the SDKs do)
 * @SW_AWS_ERROR_SERVICE: the service answered with an error; see
 *   sw_aws_error_get_service_code()
 * @SW_AWS_ERROR_PROTOCOL: the answer does not follow the protocol (not JSON …)
 * @SW_AWS_ERROR_SIGNATURE: a request's signature did not verify (sw_sigv4_verify());
 *   sw_aws_error_get_service_code() gives the error the service answers with
 *
 * Errors of the AWS layer. Errors of the service keep its error code (the `__type` after
 * its `#`), message, HTTP status and request id as private data of the #GError.
 */
typedef enum
{
  SW_AWS_ERROR_CONFIG = 1,
  SW_AWS_ERROR_PROFILE_NOT_FOUND,
  SW_AWS_ERROR_NO_REGION,
  SW_AWS_ERROR_INVALID_ENDPOINT,
  SW_AWS_ERROR_NO_CREDENTIALS,
  SW_AWS_ERROR_CREDENTIALS,
  SW_AWS_ERROR_INVALID_PARAMETER,
  SW_AWS_ERROR_SERVICE,
  SW_AWS_ERROR_PROTOCOL,
  SW_AWS_ERROR_SIGNATURE,
} SwAwsError;

GQuark      sw_aws_error_quark               (void);

void        sw_aws_error_set_service         (GError     **error,
                                              SwAwsError   code,
                                              guint        http_status,
                                              const char  *service_code,
                                              const char  *service_message,
                                              const char  *request_id);
const char *sw_aws_error_get_service_code    (const GError *error);
const char *sw_aws_error_get_service_message (const GError *error);
guint       sw_aws_error_get_http_status     (const GError *error);
const char *sw_aws_error_get_request_id      (const GError *error);

G_END_DECLS
