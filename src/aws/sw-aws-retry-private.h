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
SwAwsRetryKind _sw_aws_retry_classify_legacy (guint        http_status,
                                              const char  *error_code,
                                              const GError *transport_error);
double         _sw_aws_retry_backoff       (guint          attempt,
                                            double         random);
double         _sw_aws_retry_backoff_legacy (guint         attempt,
                                             double        random);
gboolean       _sw_aws_retry_quota_acquire (guint         *quota,
                                            SwAwsRetryKind kind,
                                            guint         *cost);
void           _sw_aws_retry_quota_release (guint         *quota,
                                            guint          cost);

/* The adaptive mode's client-side rate limiter, as botocore's ClientRateLimiter
 * (retries/adaptive.py) with its TokenBucket (bucket.py), RateClocker and CubicCalculator
 * (throttling.py). Times are seconds on any steady clock. */
typedef struct
{
  /* CubicCalculator */
  double w_max;
  double k;
  double last_fail;
  /* TokenBucket */
  double fill_rate;
  double max_capacity;
  double current_capacity;
  double last_timestamp;
  /* RateClocker */
  double measured_rate;
  double last_bucket;
  double count;
  /* Whether a throttle has been seen: the bucket only limits from then on. */
  gboolean enabled;
} SwAwsRateLimiter;

void           _sw_aws_rate_limiter_init    (SwAwsRateLimiter *limiter,
                                             double            now);
double         _sw_aws_rate_limiter_acquire (SwAwsRateLimiter *limiter,
                                             double            now);
double         _sw_aws_rate_limiter_update  (SwAwsRateLimiter *limiter,
                                             double            now,
                                             gboolean          throttled);

G_END_DECLS
