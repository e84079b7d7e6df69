/* sw-arn.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SW_ARN_DEFAULT_REGION:
 *
 * The region of the ARNs the local executor and endpoint make unless told otherwise, the one
 * Step Functions Local uses.
 */
#define SW_ARN_DEFAULT_REGION "us-east-1"

/**
 * SW_ARN_DEFAULT_ACCOUNT:
 *
 * The account of the ARNs the local executor and endpoint make unless told otherwise, the one
 * Step Functions Local uses.
 */
#define SW_ARN_DEFAULT_ACCOUNT "123456789012"

char     *sw_arn_build       (const char *service,
                              const char *region,
                              const char *account,
                              const char *format,
                              ...) G_GNUC_PRINTF (4, 5);
gboolean  sw_arn_is_valid_region  (const char *region);
gboolean  sw_arn_is_valid_account (const char *account);
gboolean  sw_arn_is_valid_name    (const char *name);

G_END_DECLS
