/* sw-test-sfn-call.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-credentials-provider.h"
#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"

G_BEGIN_DECLS

/* Waiting for SwSfnClient calls in tests and benchmarks: start a call with
 * sw_test_sfn_call_cb or sw_test_sfn_pages_cb (SwSageMakerClient calls:
 * sw_test_sagemaker_call_cb) and a zeroed SwTestSfnCall as user data, then
 * sw_test_sfn_call_wait. */

typedef struct
{
  JsonObject *output;
  GError *error;
  gboolean done;
} SwTestSfnCall;

static inline void
sw_test_sfn_call_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SwTestSfnCall *out = user_data;

  out->output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &out->error);
  out->done = TRUE;
}

static inline void
sw_test_sfn_pages_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SwTestSfnCall *out = user_data;

  out->output = sw_sfn_client_call_all_pages_finish (SW_SFN_CLIENT (object), result,
                                                     &out->error);
  out->done = TRUE;
}

static inline void
sw_test_sagemaker_call_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  SwTestSfnCall *out = user_data;

  out->output = sw_sagemaker_client_call_finish (SW_SAGEMAKER_CLIENT (object), result,
                                                 &out->error);
  out->done = TRUE;
}

/* Frees what @call holds and makes it ready for another call. */
static inline void
sw_test_sfn_call_clear (SwTestSfnCall *call)
{
  g_clear_pointer (&call->output, json_object_unref);
  g_clear_error (&call->error);
  call->done = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwTestSfnCall, sw_test_sfn_call_clear)

/* Iterates @context (NULL: the global default) until @call is done. */
static inline void
sw_test_sfn_call_wait (SwTestSfnCall *call,
                       GMainContext  *context)
{
  while (!call->done)
    g_main_context_iteration (context, TRUE);
}

/* sw_credentials_provider_get_async() with sw_test_credentials_cb and a zeroed
 * SwTestCredentialsCall as user data. */
typedef struct
{
  SwCredentials *credentials;
  GError *error;
  gboolean done;
} SwTestCredentialsCall;

static inline void
sw_test_credentials_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  SwTestCredentialsCall *out = user_data;

  out->credentials = sw_credentials_provider_get_finish (SW_CREDENTIALS_PROVIDER (object),
                                                         result, &out->error);
  out->done = TRUE;
}

G_END_DECLS
