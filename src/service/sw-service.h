/* sw-service.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-credentials.h"
#include "sw-http-task.h"
#include "sw-mock-config.h"
#include "sw-task.h"

G_BEGIN_DECLS

/**
 * SW_SERVICE_DEFAULT_PORT:
 *
 * The port the local endpoint listens on by default, the one Step Functions Local uses.
 */
#define SW_SERVICE_DEFAULT_PORT 8083

typedef struct _SwSageMaker SwSageMaker;

#define SW_TYPE_SERVICE (sw_service_get_type ())

G_DECLARE_FINAL_TYPE (SwService, sw_service, SW, SERVICE, GObject)

SwService      *sw_service_new                (const char      *db_path,
                                               GError         **error);
gboolean        sw_service_listen             (SwService       *self,
                                               const char      *host,
                                               guint            port,
                                               GError         **error);
guint           sw_service_get_port           (SwService       *self);
char           *sw_service_dup_url            (SwService       *self);
void            sw_service_set_wait_scale     (SwService       *self,
                                               double           scale);
double          sw_service_get_wait_scale     (SwService       *self);
void            sw_service_set_credentials    (SwService       *self,
                                               SwCredentials   *credentials);
void            sw_service_set_local_root     (SwService       *self,
                                               const char      *directory);
void            sw_service_set_mock_config    (SwService       *self,
                                               SwMockConfig    *config);
void            sw_service_set_sagemaker      (SwService       *self,
                                               SwSageMaker     *sagemaker);
void            sw_service_set_region         (SwService       *self,
                                               const char      *region);
const char     *sw_service_get_region         (SwService       *self);
void            sw_service_set_account_id     (SwService       *self,
                                               const char      *account);
const char     *sw_service_get_account_id     (SwService       *self);
SwTaskRegistry *sw_service_get_task_registry  (SwService       *self);
SwHttpTask     *sw_service_get_http_task      (SwService       *self);
guint           sw_service_get_n_recovered    (SwService       *self);

G_END_DECLS
