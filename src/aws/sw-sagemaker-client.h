/* sw-sagemaker-client.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sw-aws-config.h"
#include "sw-credentials-provider.h"

G_BEGIN_DECLS

#define SW_TYPE_SAGEMAKER_CLIENT (sw_sagemaker_client_get_type ())

G_DECLARE_FINAL_TYPE (SwSageMakerClient, sw_sagemaker_client, SW, SAGEMAKER_CLIENT, GObject)

/* The few SageMaker operations the monitor needs: the JSON protocol (awsJson1_1,
 * `X-Amz-Target: SageMaker.<Operation>`) for DescribeTrainingJob, ListTrainingJobs and
 * DescribeEndpoint, and the runtime's REST InvokeEndpoint; SigV4 under the signing name
 * `sagemaker`, over the Step Functions client's request path (retries, clock skew,
 * refreshed credentials). */
SwSageMakerClient *sw_sagemaker_client_new            (const char             *endpoint,
                                                       const char             *runtime_endpoint,
                                                       const char             *region,
                                                       SwCredentialsProvider  *credentials);
SwSageMakerClient *sw_sagemaker_client_new_for_config (SwAwsConfig            *config,
                                                       const char             *endpoint_override,
                                                       const char             *region_override,
                                                       GError                **error);
const char        *sw_sagemaker_client_get_endpoint   (SwSageMakerClient      *self);
const char        *sw_sagemaker_client_get_runtime_endpoint (SwSageMakerClient *self);

/* Any JSON operation by name ("DescribeTrainingJob"). */
void        sw_sagemaker_client_call_async            (SwSageMakerClient      *self,
                                                       const char             *operation,
                                                       JsonObject             *input,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
JsonObject *sw_sagemaker_client_call_finish           (SwSageMakerClient      *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);
void        sw_sagemaker_client_invoke_endpoint_async (SwSageMakerClient      *self,
                                                       const char             *endpoint_name,
                                                       const char             *content_type,
                                                       GBytes                 *body,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
GBytes     *sw_sagemaker_client_invoke_endpoint_finish (SwSageMakerClient     *self,
                                                        GAsyncResult          *result,
                                                        char                 **content_type,
                                                        GError               **error);

G_END_DECLS
