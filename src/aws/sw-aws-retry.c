/* sw-aws-retry.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SDKs' standard retry mode: which failures are worth another attempt, how long to
 * wait (exponential backoff with full jitter, capped), and the retry quota that stops a
 * client from hammering a service that is down. */

#include <gio/gio.h>
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
