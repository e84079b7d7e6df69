/* sw-test-sfn-call.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-sfn-client.h"

G_BEGIN_DECLS

/* Waiting for SwSfnClient calls in tests and benchmarks: start a call with
 * sw_test_sfn_call_cb or sw_test_sfn_pages_cb and a zeroed SwTestSfnCall as user data,
 * then sw_test_sfn_call_wait. */

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

/* Iterates @context (NULL: the global default) until @call is done. */
static inline void
sw_test_sfn_call_wait (SwTestSfnCall *call,
                       GMainContext  *context)
{
  while (!call->done)
    g_main_context_iteration (context, TRUE);
}

G_END_DECLS
