/* sw-aws-retry-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The constants of the SDKs' standard retry mode. */
#define SW_AWS_RETRY_INITIAL_TOKENS 500
#define SW_AWS_RETRY_COST 5
#define SW_AWS_RETRY_TIMEOUT_COST 10
#define SW_AWS_RETRY_NO_RETRY_INCREMENT 1
#define SW_AWS_RETRY_MAX_BACKOFF 20.0
/* A clock further off than this is corrected from the service's Date header. */
#define SW_AWS_CLOCK_SKEW_THRESHOLD_SECONDS 240

typedef enum
{
  SW_AWS_RETRY_NONE,
  SW_AWS_RETRY_THROTTLING,
  SW_AWS_RETRY_TRANSIENT,
  SW_AWS_RETRY_TIMEOUT,
  SW_AWS_RETRY_CLOCK_SKEW,
} SwAwsRetryKind;

SwAwsRetryKind _sw_aws_retry_classify      (guint          http_status,
                                            const char    *error_code,
                                            const GError  *transport_error);
double         _sw_aws_retry_backoff       (guint          attempt,
                                            double         random);
gboolean       _sw_aws_retry_quota_acquire (guint         *quota,
                                            SwAwsRetryKind kind,
                                            guint         *cost);
void           _sw_aws_retry_quota_release (guint         *quota,
                                            guint          cost);

G_END_DECLS
