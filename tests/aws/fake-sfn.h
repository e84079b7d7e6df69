/* fake-sfn.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A Step Functions endpoint for tests: a SoupServer on 127.0.0.1 in the test process that
 * checks every request's SigV4 signature and answers with the service's JSON shapes and
 * error types. Executions walk their definition (Pass, Succeed, Fail, Wait, Task) one
 * history event per DescribeExecution or GetExecutionHistory call, so a watcher sees
 * events arrive. It also answers SageMaker's DescribeTrainingJob (awsJson1_1) and
 * InvokeEndpoint (an echo), signed under `sagemaker`, for the SageMaker client. */

typedef struct _FakeSfn FakeSfn;

typedef struct
{
  char *operation;
  char *access_key_id;
  char *host;
  char *sdk_request;
  char *invocation_id;
  char *body;
  gint64 monotonic_time;
} FakeSfnRequest;

FakeSfn     *fake_sfn_new                (void);
void         fake_sfn_free               (FakeSfn    *fake);
char        *fake_sfn_dup_url            (FakeSfn    *fake);
void         fake_sfn_add_credentials    (FakeSfn    *fake,
                                          const char *access_key_id,
                                          const char *secret_access_key,
                                          const char *session_token);
void         fake_sfn_inject_error       (FakeSfn    *fake,
                                          const char *operation,
                                          guint       status,
                                          const char *type,
                                          const char *message);
void         fake_sfn_set_clock_offset   (FakeSfn    *fake,
                                          gint64      seconds);
void         fake_sfn_set_page_size      (FakeSfn    *fake,
                                          guint       page_size);
void         fake_sfn_set_error_style    (FakeSfn    *fake,
                                          gboolean    header);
void         fake_sfn_set_delay          (FakeSfn    *fake,
                                          guint       delay_ms);
GPtrArray   *fake_sfn_get_requests       (FakeSfn    *fake);
guint        fake_sfn_count_requests     (FakeSfn    *fake,
                                          const char *operation);
guint        fake_sfn_get_n_rejected     (FakeSfn    *fake);
void         fake_sfn_clear_requests     (FakeSfn    *fake);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeSfn, fake_sfn_free)

G_END_DECLS
