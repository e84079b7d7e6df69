/* sw-credentials-provider.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-aws-config.h"
#include "sw-credentials.h"

G_BEGIN_DECLS

/**
 * SwCredentialsSource:
 * @SW_CREDENTIALS_SOURCE_STATIC: credentials given to the provider
 * @SW_CREDENTIALS_SOURCE_ENVIRONMENT: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`
 * @SW_CREDENTIALS_SOURCE_SHARED_CREDENTIALS_FILE: keys in the shared credentials file
 * @SW_CREDENTIALS_SOURCE_CONFIG_FILE: keys in the shared config file
 * @SW_CREDENTIALS_SOURCE_PROCESS: the output of the profile's `credential_process`
 *
 * Where a provider takes its credentials from.
 */
typedef enum
{
  SW_CREDENTIALS_SOURCE_STATIC,
  SW_CREDENTIALS_SOURCE_ENVIRONMENT,
  SW_CREDENTIALS_SOURCE_SHARED_CREDENTIALS_FILE,
  SW_CREDENTIALS_SOURCE_CONFIG_FILE,
  SW_CREDENTIALS_SOURCE_PROCESS,
} SwCredentialsSource;

/**
 * SW_CREDENTIALS_ADVISORY_REFRESH_SECONDS:
 *
 * Credentials with less time left are refreshed before use; if the refresh fails, they are
 * still used while more than %SW_CREDENTIALS_MANDATORY_REFRESH_SECONDS are left.
 */
#define SW_CREDENTIALS_ADVISORY_REFRESH_SECONDS (15 * 60)
#define SW_CREDENTIALS_MANDATORY_REFRESH_SECONDS (10 * 60)

#define SW_TYPE_CREDENTIALS_PROVIDER (sw_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (SwCredentialsProvider, sw_credentials_provider,
                      SW, CREDENTIALS_PROVIDER, GObject)

SwCredentialsProvider *sw_credentials_provider_new_static     (SwCredentials          *credentials);
SwCredentialsProvider *sw_credentials_provider_new_process    (const char             *command,
                                                               const char *const      *environment);
SwCredentialsProvider *sw_credentials_provider_new_for_config (SwAwsConfig            *config,
                                                               GError                **error);
SwCredentialsSource    sw_credentials_provider_get_source     (SwCredentialsProvider  *self);
const char            *sw_credentials_source_to_string        (SwCredentialsSource     source);
void                   sw_credentials_provider_get_async      (SwCredentialsProvider  *self,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
SwCredentials         *sw_credentials_provider_get_finish     (SwCredentialsProvider  *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
gboolean               sw_credentials_provider_can_refresh    (SwCredentialsProvider  *self);
void                   sw_credentials_provider_invalidate     (SwCredentialsProvider  *self);

G_END_DECLS
