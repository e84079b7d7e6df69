/* sw-task.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SwTaskRequest:
 *
 * One invocation of a Task state's resource, handed to the handler that serves it. The
 * handler answers exactly once, from any thread, with sw_task_request_return_value() or
 * sw_task_request_return_error(); until then it may send heartbeats. When the execution no
 * longer wants the answer (the task timed out, a sibling branch failed, the execution was
 * stopped), the request's cancellable is cancelled and a late answer is ignored.
 */
typedef struct _SwTaskRequest SwTaskRequest;

#define SW_TYPE_TASK_REQUEST (sw_task_request_get_type ())

GType          sw_task_request_get_type          (void) G_GNUC_CONST;

SwTaskRequest *sw_task_request_ref               (SwTaskRequest *request);
void           sw_task_request_unref             (SwTaskRequest *request);

const char    *sw_task_request_get_resource      (SwTaskRequest *request);
const char    *sw_task_request_get_state_name    (SwTaskRequest *request);
const char    *sw_task_request_get_execution_arn (SwTaskRequest *request);
SwValue       *sw_task_request_get_parameters    (SwTaskRequest *request);
SwValue       *sw_task_request_get_payload       (SwTaskRequest *request);
const char    *sw_task_request_get_function_name (SwTaskRequest *request);
const char    *sw_task_request_get_task_token    (SwTaskRequest *request);
guint          sw_task_request_get_attempt       (SwTaskRequest *request);
GCancellable  *sw_task_request_get_cancellable   (SwTaskRequest *request);
gboolean       sw_task_request_is_lambda_invoke  (SwTaskRequest *request);

void           sw_task_request_return_value      (SwTaskRequest *request,
                                                  SwValue       *result);
void           sw_task_request_return_error      (SwTaskRequest *request,
                                                  const char    *error,
                                                  const char    *cause);
void           sw_task_request_heartbeat         (SwTaskRequest *request);
void           sw_task_request_submitted         (SwTaskRequest *request,
                                                  SwValue       *output);

/**
 * SwTaskHandlerFunc:
 * @request: the invocation to serve
 * @user_data: the data given at registration
 *
 * Serves a task. It is called on the execution's thread, whose thread-default main context
 * runs while the task is pending, so asynchronous I/O started here completes there.
 */
typedef void (*SwTaskHandlerFunc) (SwTaskRequest *request,
                                   gpointer       user_data);

#define SW_TYPE_TASK_REGISTRY (sw_task_registry_get_type ())

G_DECLARE_FINAL_TYPE (SwTaskRegistry, sw_task_registry, SW, TASK_REGISTRY, GObject)

SwTaskRegistry *sw_task_registry_new    (void);
void            sw_task_registry_add    (SwTaskRegistry     *self,
                                         const char         *pattern,
                                         SwTaskHandlerFunc   func,
                                         gpointer            user_data,
                                         GDestroyNotify      destroy);
gboolean        sw_task_registry_lookup (SwTaskRegistry     *self,
                                         const char         *resource,
                                         const char         *function_name,
                                         SwTaskHandlerFunc  *func,
                                         gpointer           *user_data);
guint           sw_task_registry_get_n_handlers (SwTaskRegistry *self);

char           *sw_task_lambda_function_name (const char   *arn_or_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTaskRequest, sw_task_request_unref)

G_END_DECLS
