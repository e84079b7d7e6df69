/* sw-task-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-task.h"

G_BEGIN_DECLS

/* Called on the execution's thread when a request is answered (or gets a heartbeat) after
 * its handler returned. */
typedef void (*SwTaskWakeFunc) (SwTaskRequest *request,
                                gpointer       user_data);

typedef struct
{
  const char *resource;
  const char *state_name;
  const char *execution_arn;
  SwValue *parameters;
  SwValue *payload;
  const char *function_name;
  const char *task_token;
  guint attempt;
} SwTaskRequestInit;

SwTaskRequest *_sw_task_request_new       (const SwTaskRequestInit *init,
                                           GMainContext            *context,
                                           SwTaskWakeFunc           wake,
                                           gpointer                 wake_data);
void           _sw_task_request_begin     (SwTaskRequest           *request);
gboolean       _sw_task_request_end       (SwTaskRequest           *request);
gboolean       _sw_task_request_take      (SwTaskRequest           *request,
                                           SwValue                **result,
                                           char                   **error,
                                           char                   **cause);
gboolean       _sw_task_request_take_heartbeat (SwTaskRequest      *request);
GPtrArray     *_sw_task_request_take_submitted (SwTaskRequest      *request);
void           _sw_task_request_cancel    (SwTaskRequest           *request);
void           _sw_task_request_detach    (SwTaskRequest           *request);

G_END_DECLS
