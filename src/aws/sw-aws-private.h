/* sw-aws-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Cross-file internals of the AWS layer, and the hooks tests use to replace time, sleep
 * and randomness. */

#pragma once

#include <libsoup/soup.h>

#include "sw-aws-config.h"
#include "sw-credentials-provider.h"
#include "sw-sfn-client.h"

G_BEGIN_DECLS

/* Returns the current time (transfer full). */
typedef GDateTime *(*SwAwsClockFunc)  (gpointer user_data);
/* Returns seconds on a steady clock (the adaptive rate limiter's). */
typedef double     (*SwAwsTimeFunc)   (gpointer user_data);
/* Told how long the client would sleep before a retry, or for a token of the adaptive
 * rate limiter; the request then goes on at once. */
typedef void       (*SwAwsSleepFunc)  (double   seconds,
                                       gpointer user_data);
/* Returns a number in [0, 1). */
typedef double     (*SwAwsRandomFunc) (gpointer user_data);

const char  *_sw_aws_config_get_file_value      (const SwAwsConfig     *config,
                                                 gboolean               credentials_file,
                                                 const char            *key);

void         _sw_credentials_provider_set_clock (SwCredentialsProvider *self,
                                                 SwAwsClockFunc         func,
                                                 gpointer               user_data);
guint        _sw_credentials_provider_get_n_refreshes (SwCredentialsProvider *self);

/* Kept for tests/ui/test-monitor.c: _sw_aws_transport_set_sleep_func() on the client's
 * transport (sw-aws-transport-private.h). */
void         _sw_sfn_client_set_sleep_func      (SwSfnClient           *self,
                                                 SwAwsSleepFunc         func,
                                                 gpointer               user_data);
char        *_sw_sfn_client_dup_operation_uri   (SwSfnClient           *self,
                                                 SwSfnOperation         operation);

G_END_DECLS
