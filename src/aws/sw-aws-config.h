/* sw-aws-config.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_AWS_CONFIG (sw_aws_config_get_type ())

/**
 * SW_AWS_DEFAULT_MAX_ATTEMPTS:
 *
 * Attempts per request in the SDKs' standard retry mode: the first and two retries.
 */
#define SW_AWS_DEFAULT_MAX_ATTEMPTS 3

/**
 * SW_AWS_LEGACY_MAX_ATTEMPTS:
 *
 * Attempts per request in botocore's legacy retry mode (its `_retry.json`).
 */
#define SW_AWS_LEGACY_MAX_ATTEMPTS 5

/**
 * SW_AWS_MAX_MAX_ATTEMPTS:
 *
 * The largest `max_attempts` taken: any number greater than 0, as the SDKs.
 */
#define SW_AWS_MAX_MAX_ATTEMPTS G_MAXINT

/**
 * SwAwsRetryMode:
 * @SW_AWS_RETRY_MODE_STANDARD: the SDKs' standard mode: 3 attempts, backoff capped at 20 s,
 *   a retry quota (the default, as in AWS CLI v2)
 * @SW_AWS_RETRY_MODE_LEGACY: botocore's legacy mode: 5 attempts, the errors of its
 *   `_retry.json`, an uncapped backoff, no quota
 * @SW_AWS_RETRY_MODE_ADAPTIVE: standard plus botocore's client-side rate limiter
 *
 * How a client retries, as `retry_mode` / `AWS_RETRY_MODE` choose.
 */
typedef enum
{
  SW_AWS_RETRY_MODE_STANDARD,
  SW_AWS_RETRY_MODE_LEGACY,
  SW_AWS_RETRY_MODE_ADAPTIVE,
} SwAwsRetryMode;

typedef struct _SwAwsConfig SwAwsConfig;

/**
 * SwAwsProfile:
 * @name: the profile's name, as `--profile` takes it
 * @region: (nullable): the profile's own `region`, %NULL when it sets none
 *
 * A profile of the shared config or credentials file.
 */
typedef struct
{
  char *name;
  char *region;
} SwAwsProfile;

GType        sw_aws_config_get_type             (void) G_GNUC_CONST;
SwAwsConfig *sw_aws_config_new                  (const char *const  *environment,
                                                 const char         *profile,
                                                 GError            **error);
SwAwsConfig *sw_aws_config_ref                  (SwAwsConfig        *config);
void         sw_aws_config_unref                (SwAwsConfig        *config);

const char  *sw_aws_config_get_profile_name     (const SwAwsConfig  *config);
gboolean     sw_aws_config_get_profile_explicit (const SwAwsConfig  *config);
const char  *sw_aws_config_get_config_path      (const SwAwsConfig  *config);
const char  *sw_aws_config_get_credentials_path (const SwAwsConfig  *config);
const char *const *sw_aws_config_get_environment (const SwAwsConfig *config);
const char  *sw_aws_config_getenv               (const SwAwsConfig  *config,
                                                 const char         *name);
const char  *sw_aws_config_get_value            (const SwAwsConfig  *config,
                                                 const char         *key);
const char  *sw_aws_config_get_service_value    (const SwAwsConfig  *config,
                                                 const char         *service_key,
                                                 const char         *key);
gboolean     sw_aws_config_get_boolean          (const SwAwsConfig  *config,
                                                 const char         *env_name,
                                                 const char         *key);
guint        sw_aws_config_get_max_attempts     (const SwAwsConfig  *config);
gboolean     sw_aws_config_get_retry_mode       (const SwAwsConfig  *config,
                                                 SwAwsRetryMode     *mode,
                                                 GError            **error);
const char  *sw_aws_retry_mode_to_string        (SwAwsRetryMode      mode);

char        *sw_aws_config_dup_region           (const SwAwsConfig  *config,
                                                 const char         *override,
                                                 GError            **error);
char        *sw_aws_config_resolve_endpoint     (const SwAwsConfig  *config,
                                                 const char         *override,
                                                 const char         *service_id,
                                                 const char         *endpoint_prefix,
                                                 const char         *region,
                                                 gboolean           *is_custom,
                                                 GError            **error);

const char  *sw_aws_partition_for_region        (const char         *region);
char        *sw_aws_endpoint_for_region         (const char         *endpoint_prefix,
                                                 const char         *region,
                                                 gboolean            fips,
                                                 gboolean            dualstack,
                                                 GError            **error);
gboolean     sw_aws_region_is_valid             (const char         *region);

GPtrArray   *sw_aws_config_list_profiles        (const SwAwsConfig  *config);
void         sw_aws_profile_free                (SwAwsProfile       *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwAwsConfig, sw_aws_config_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwAwsProfile, sw_aws_profile_free)

G_END_DECLS
