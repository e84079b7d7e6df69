/* sw-aws-transport-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sw-aws-private.h"
#include "sw-aws-retry-private.h"
#include "sw-credentials-provider.h"
#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"

G_BEGIN_DECLS

/* The one request path of the layer's clients (Step Functions, SageMaker): sign with
 * SigV4, send over libsoup, and follow the SDKs' retry modes (standard, legacy, adaptive)
 * — retry quota, client-side rate limit,
 * exponential backoff with jitter, clock-skew correction from the service's Date header,
 * expired credentials fetched again — then read the service's error. */

#define SW_TYPE_AWS_TRANSPORT (_sw_aws_transport_get_type ())

G_DECLARE_FINAL_TYPE (SwAwsTransport, _sw_aws_transport, SW, AWS_TRANSPORT, GObject)

/* One request. @uri is the full URL to POST to; @target the `X-Amz-Target` header, if
 * any; @operation names the request in messages. */
typedef struct
{
  const char *operation;
  const char *uri;
  const char *target;
  const char *content_type;
  GBytes     *body;
} SwAwsTransportRequest;

SwAwsTransport        *_sw_aws_transport_new              (const char             *region,
                                                           const char             *signing_name,
                                                           SwCredentialsProvider  *credentials);
const char            *_sw_aws_transport_get_region       (SwAwsTransport         *self);
SwCredentialsProvider *_sw_aws_transport_get_credentials  (SwAwsTransport         *self);
SoupSession           *_sw_aws_transport_get_session      (SwAwsTransport         *self);
gboolean               _sw_aws_transport_on_context       (SwAwsTransport         *self);
guint                  _sw_aws_transport_get_max_attempts (SwAwsTransport         *self);
void                   _sw_aws_transport_set_max_attempts (SwAwsTransport         *self,
                                                           guint                   max_attempts);
SwAwsRetryMode         _sw_aws_transport_get_retry_mode   (SwAwsTransport         *self);
void                   _sw_aws_transport_set_retry_mode   (SwAwsTransport         *self,
                                                           SwAwsRetryMode          mode);
void                   _sw_aws_transport_set_time_func    (SwAwsTransport         *self,
                                                           SwAwsTimeFunc           func,
                                                           gpointer                user_data);
const SwAwsRateLimiter *_sw_aws_transport_get_rate_limiter (SwAwsTransport        *self);
void                   _sw_aws_transport_set_sleep_func   (SwAwsTransport         *self,
                                                           SwAwsSleepFunc          func,
                                                           gpointer                user_data);
void                   _sw_aws_transport_set_random_func  (SwAwsTransport         *self,
                                                           SwAwsRandomFunc         func,
                                                           gpointer                user_data);
guint                  _sw_aws_transport_get_retry_quota  (SwAwsTransport         *self);
gint64                 _sw_aws_transport_get_clock_skew   (SwAwsTransport         *self);

void                   _sw_aws_transport_send_async       (SwAwsTransport         *self,
                                                           const SwAwsTransportRequest *request,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
GBytes                *_sw_aws_transport_send_finish      (SwAwsTransport         *self,
                                                           GAsyncResult           *result,
                                                           char                  **content_type,
                                                           GError                **error);

GBytes                *_sw_aws_transport_serialize_json   (JsonObject             *input);
JsonObject            *_sw_aws_transport_parse_json       (GBytes                 *body,
                                                           GError                **error);
void                   _sw_aws_transport_json_cb          (GObject                *object,
                                                           GAsyncResult           *result,
                                                           gpointer                user_data);

SwAwsTransport        *_sw_sfn_client_get_transport       (SwSfnClient            *self);
SwAwsTransport        *_sw_sagemaker_client_get_transport (SwSageMakerClient      *self);

G_END_DECLS
