/* sw-aws-retry.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SDKs' retry modes. Standard: which failures are worth another attempt, how long to
 * wait (exponential backoff with full jitter, capped), and the retry quota that stops a
 * client from hammering a service that is down. Legacy, as botocore's _retry.json: fewer
 * retryable errors, an uncapped backoff, no quota. Adaptive: standard plus botocore's
 * client-side rate limiter (a token bucket whose rate follows CUBIC after throttles). */

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sw-aws-retry-private.h"

static const char *const throttling_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
  "TooManyRequestsException", "ProvisionedThroughputExceededException",
  "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
  "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
  "EC2ThrottledException",
};

static const char *const transient_codes[] = {
  "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
};

static const char *const clock_skew_codes[] = {
  "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException",
  "SignatureDoesNotMatch", "AuthFailure", "RequestInTheFuture",
};

static gboolean
in_list (const char        *code,
         const char *const *list,
         gsize              length)
{
  for (gsize i = 0; i < length; i++)
    if (strcmp (code, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * _sw_aws_retry_classify:
 * @http_status: the status of the answer, 0 when there was none
 * @error_code: (nullable): the service's error code
 * @transport_error: (nullable): why no answer came
 *
 * Returns: what kind of failure this is for the retry strategy
 */
SwAwsRetryKind
_sw_aws_retry_classify (guint         http_status,
                        const char   *error_code,
                        const GError *transport_error)
{
  if (transport_error != NULL)
    {
      if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          transport_error->domain == G_TLS_ERROR)
        return SW_AWS_RETRY_NONE;
      if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return SW_AWS_RETRY_TIMEOUT;
      return SW_AWS_RETRY_TRANSIENT;
    }

  if (error_code != NULL)
    {
      if (in_list (error_code, throttling_codes, G_N_ELEMENTS (throttling_codes)))
        return SW_AWS_RETRY_THROTTLING;
      if (in_list (error_code, transient_codes, G_N_ELEMENTS (transient_codes)))
        return SW_AWS_RETRY_TRANSIENT;
      if (in_list (error_code, clock_skew_codes, G_N_ELEMENTS (clock_skew_codes)))
        return SW_AWS_RETRY_CLOCK_SKEW;
    }

  /* Too Many Requests, as the JavaScript SDK's classifier reads it, even without a code. */
  if (http_status == 429)
    return SW_AWS_RETRY_THROTTLING;
  if (http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504)
    return SW_AWS_RETRY_TRANSIENT;
  return SW_AWS_RETRY_NONE;
}

static const char *const legacy_throttling_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
  "ProvisionedThroughputExceededException",
};

/**
 * _sw_aws_retry_classify_legacy:
 * @http_status: the status of the answer, 0 when there was none
 * @error_code: (nullable): the service's error code
 * @transport_error: (nullable): why no answer came
 *
 * What botocore's legacy mode retries (its `_retry.json` defaults): the throttling codes
 * it lists on a 400, 429, 500, 502, 503, 504 and 509, and connection errors. A refused
 * signature with a skewed clock stays %SW_AWS_RETRY_CLOCK_SKEW, as in every mode.
 *
 * Returns: what kind of failure this is for the retry strategy
 */
SwAwsRetryKind
_sw_aws_retry_classify_legacy (guint         http_status,
                               const char   *error_code,
                               const GError *transport_error)
{
  if (transport_error != NULL)
    return _sw_aws_retry_classify (0, NULL, transport_error);
  if (error_code != NULL)
    {
      if (http_status == 400 &&
          in_list (error_code, legacy_throttling_codes, G_N_ELEMENTS (legacy_throttling_codes)))
        return SW_AWS_RETRY_THROTTLING;
      if (in_list (error_code, clock_skew_codes, G_N_ELEMENTS (clock_skew_codes)))
        return SW_AWS_RETRY_CLOCK_SKEW;
    }
  if (http_status == 429)
    return SW_AWS_RETRY_THROTTLING;
  if (http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504 ||
      http_status == 509)
    return SW_AWS_RETRY_TRANSIENT;
  return SW_AWS_RETRY_NONE;
}

/**
 * _sw_aws_retry_backoff:
 * @attempt: the attempt that failed, from 1
 * @random: a random number in [0, 1)
 *
 * Returns: seconds to wait before the next attempt: `random × 2^(attempt − 1)`, at most
 *   %SW_AWS_RETRY_MAX_BACKOFF
 */
double
_sw_aws_retry_backoff (guint  attempt,
                       double random)
{
  double ceiling;

  g_return_val_if_fail (attempt >= 1, 0);

  ceiling = attempt > 16 ? SW_AWS_RETRY_MAX_BACKOFF : (double) (1u << (attempt - 1));
  return MIN (random * ceiling, SW_AWS_RETRY_MAX_BACKOFF);
}

/**
 * _sw_aws_retry_backoff_legacy:
 * @attempt: the attempt that failed, from 1
 * @random: a random number in [0, 1)
 *
 * Returns: seconds to wait in legacy mode: `random × 2^(attempt − 1)`, uncapped, as
 *   botocore's delay_exponential
 */
double
_sw_aws_retry_backoff_legacy (guint  attempt,
                              double random)
{
  g_return_val_if_fail (attempt >= 1, 0);

  return random * ldexp (1.0, (int) MIN (attempt - 1, 1000u));
}

/**
 * _sw_aws_retry_quota_acquire:
 * @quota: the client's retry tokens
 * @kind: the kind of failure
 * @cost: (out): the tokens taken, to give back with _sw_aws_retry_quota_release()
 *
 * Returns: whether the quota allows a retry
 */
gboolean
_sw_aws_retry_quota_acquire (guint          *quota,
                             SwAwsRetryKind  kind,
                             guint          *cost)
{
  guint needed = kind == SW_AWS_RETRY_TIMEOUT ? SW_AWS_RETRY_TIMEOUT_COST : SW_AWS_RETRY_COST;

  g_return_val_if_fail (quota != NULL, FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);

  if (*quota < needed)
    return FALSE;
  *quota -= needed;
  *cost = needed;
  return TRUE;
}

/**
 * _sw_aws_retry_quota_release:
 * @quota: the client's retry tokens
 * @cost: the tokens the last retry of a successful request took, 0 if it took none
 *
 * Gives tokens back after a success: the retry's cost, or
 * %SW_AWS_RETRY_NO_RETRY_INCREMENT after a first-attempt success.
 */
void
_sw_aws_retry_quota_release (guint *quota,
                             guint  cost)
{
  g_return_if_fail (quota != NULL);

  *quota = MIN (*quota + (cost > 0 ? cost : SW_AWS_RETRY_NO_RETRY_INCREMENT),
                SW_AWS_RETRY_INITIAL_TOKENS);
}

/* The rate limiter, step for step as botocore 1.x: CubicCalculator (scale 0.4, beta 0.7),
 * TokenBucket (minimum rate 0.5 per second), RateClocker (smoothing 0.8, half-second
 * buckets) and ClientRateLimiter (new rate at most twice the measured one). */

#define CUBIC_SCALE 0.4
#define CUBIC_BETA 0.7
#define BUCKET_MIN_RATE 0.5
#define CLOCKER_SMOOTHING 0.8
#define CLOCKER_BUCKET_SCALE 2.0
#define MAX_RATE_ADJUST_SCALE 2.0

static double
cubic_zero_point (const SwAwsRateLimiter *self)
{
  return pow (self->w_max * (1 - CUBIC_BETA) / CUBIC_SCALE, 1 / 3.0);
}

static void
bucket_refill (SwAwsRateLimiter *self,
               double            now)
{
  double fill = (now - self->last_timestamp) * self->fill_rate;

  self->current_capacity = MIN (self->max_capacity, self->current_capacity + fill);
  self->last_timestamp = now;
}

static void
bucket_set_max_rate (SwAwsRateLimiter *self,
                     double            rate,
                     double            now)
{
  bucket_refill (self, now);
  self->fill_rate = MAX (rate, BUCKET_MIN_RATE);
  self->max_capacity = rate >= 1 ? rate : 1;
  self->current_capacity = MIN (self->current_capacity, self->max_capacity);
}

/**
 * _sw_aws_rate_limiter_init:
 * @now: the time the client is made
 *
 * A limiter as a new botocore client has: no limit until the first throttle.
 */
void
_sw_aws_rate_limiter_init (SwAwsRateLimiter *self,
                           double            now)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
  self->w_max = 0;
  self->k = cubic_zero_point (self);
  self->last_fail = now;
  self->last_timestamp = now;
  bucket_set_max_rate (self, 1, now);
  self->last_bucket = floor (now);
}

/**
 * _sw_aws_rate_limiter_acquire:
 * @now: the time an attempt is about to be sent
 *
 * Takes a token for one attempt when the bucket has one.
 *
 * Returns: 0 when the attempt may go, else the seconds to wait before asking again
 */
double
_sw_aws_rate_limiter_acquire (SwAwsRateLimiter *self,
                              double            now)
{
  g_return_val_if_fail (self != NULL, 0);

  if (!self->enabled)
    return 0;
  bucket_refill (self, now);
  if (self->current_capacity >= 1)
    {
      self->current_capacity -= 1;
      return 0;
    }
  return (1 - self->current_capacity) / self->fill_rate;
}

static double
clocker_record (SwAwsRateLimiter *self,
                double            now)
{
  double bucket = floor (now * CLOCKER_BUCKET_SCALE) / CLOCKER_BUCKET_SCALE;

  self->count += 1;
  if (bucket > self->last_bucket)
    {
      double current_rate = self->count / (bucket - self->last_bucket);

      self->measured_rate = current_rate * CLOCKER_SMOOTHING +
                            self->measured_rate * (1 - CLOCKER_SMOOTHING);
      self->count = 0;
      self->last_bucket = bucket;
    }
  return self->measured_rate;
}

/**
 * _sw_aws_rate_limiter_update:
 * @now: the time an answer (or a connection error) came
 * @throttled: whether the answer was a throttling error
 *
 * Measures the send rate and moves the bucket's rate: down to 0.7 × the rate measured at a
 * throttle, then back up along the CUBIC curve on each success.
 *
 * Returns: the bucket's new fill rate, in attempts per second
 */
double
_sw_aws_rate_limiter_update (SwAwsRateLimiter *self,
                             double            now,
                             gboolean          throttled)
{
  double measured, new_rate;

  g_return_val_if_fail (self != NULL, 0);

  measured = clocker_record (self, now);
  if (!throttled)
    new_rate = CUBIC_SCALE * pow (now - self->last_fail - self->k, 3.0) + self->w_max;
  else
    {
      self->w_max = self->enabled ? MIN (measured, self->fill_rate) : measured;
      self->k = cubic_zero_point (self);
      self->last_fail = now;
      new_rate = self->w_max * CUBIC_BETA;
      self->enabled = TRUE;
    }
  bucket_set_max_rate (self, MIN (new_rate, MAX_RATE_ADJUST_SCALE * measured), now);
  return self->fill_rate;
}
