/* sw-http-task.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-task.h"
#include "sw-value.h"

G_BEGIN_DECLS

#define SW_HTTP_TASK_RESOURCE "arn:aws:states:::http:invoke"

#define SW_TYPE_HTTP_TASK (sw_http_task_get_type ())

G_DECLARE_FINAL_TYPE (SwHttpTask, sw_http_task, SW, HTTP_TASK, GObject)

SwHttpTask *sw_http_task_new                (void);
gboolean    sw_http_task_set_connections    (SwHttpTask      *self,
                                             SwValue         *connections,
                                             GError         **error);
gboolean    sw_http_task_load_connections   (SwHttpTask      *self,
                                             const char      *path,
                                             GError         **error);
void        sw_http_task_register           (SwHttpTask      *self,
                                             SwTaskRegistry  *registry);
void        sw_http_task_trace_begin        (SwHttpTask      *self,
                                             const char      *execution_arn);
SwValue    *sw_http_task_trace_end          (SwHttpTask      *self,
                                             const char      *execution_arn,
                                             gboolean         reveal_secrets);

G_END_DECLS
