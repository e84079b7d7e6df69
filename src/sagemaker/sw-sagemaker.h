/* sw-sagemaker.h
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

/**
 * SW_SAGEMAKER_ERROR:
 *
 * Errors of the local SageMaker, one code per exception type the service answers with
 * (sw_sagemaker_error_type_name() gives its `__type`).
 */
#define SW_SAGEMAKER_ERROR (sw_sagemaker_error_quark ())

/**
 * SwSageMakerError:
 * @SW_SAGEMAKER_ERROR_VALIDATION: `ValidationException` (the runtime: `ValidationError`)
 * @SW_SAGEMAKER_ERROR_RESOURCE_NOT_FOUND: `ResourceNotFound`
 * @SW_SAGEMAKER_ERROR_RESOURCE_IN_USE: `ResourceInUse`
 * @SW_SAGEMAKER_ERROR_RESOURCE_LIMIT_EXCEEDED: `ResourceLimitExceeded`
 * @SW_SAGEMAKER_ERROR_UNKNOWN_OPERATION: `UnknownOperationException`
 * @SW_SAGEMAKER_ERROR_MODEL: `ModelError`, the runtime's answer when the model fails
 * @SW_SAGEMAKER_ERROR_INTERNAL: `InternalFailure` (local I/O failed)
 */
typedef enum
{
  SW_SAGEMAKER_ERROR_VALIDATION = 1,
  SW_SAGEMAKER_ERROR_RESOURCE_NOT_FOUND,
  SW_SAGEMAKER_ERROR_RESOURCE_IN_USE,
  SW_SAGEMAKER_ERROR_RESOURCE_LIMIT_EXCEEDED,
  SW_SAGEMAKER_ERROR_UNKNOWN_OPERATION,
  SW_SAGEMAKER_ERROR_MODEL,
  SW_SAGEMAKER_ERROR_INTERNAL,
} SwSageMakerError;

GQuark      sw_sagemaker_error_quark     (void);
const char *sw_sagemaker_error_type_name (const GError *error);

/**
 * SwSageMakerLogFunc:
 * @line: a line of a training job's log (the PyTorch example's), without newline
 * @user_data: the data given with the function
 *
 * Receives training log lines, on the thread that trains.
 */
typedef void (*SwSageMakerLogFunc) (const char *line,
                                    gpointer    user_data);

#define SW_TYPE_SAGEMAKER (sw_sagemaker_get_type ())

G_DECLARE_FINAL_TYPE (SwSageMaker, sw_sagemaker, SW, SAGEMAKER, GObject)

SwSageMaker *sw_sagemaker_new                  (const char          *local_s3_root);
const char  *sw_sagemaker_get_local_s3_root    (SwSageMaker         *self);
void         sw_sagemaker_set_wait_scale       (SwSageMaker         *self,
                                                double               scale);
double       sw_sagemaker_get_wait_scale       (SwSageMaker         *self);
void         sw_sagemaker_set_region           (SwSageMaker         *self,
                                                const char          *region);
const char  *sw_sagemaker_get_region           (SwSageMaker         *self);
void         sw_sagemaker_set_account_id       (SwSageMaker         *self,
                                                const char          *account);
const char  *sw_sagemaker_get_account_id       (SwSageMaker         *self);
void         sw_sagemaker_set_endpoint_delay   (SwSageMaker         *self,
                                                double               seconds);
void         sw_sagemaker_set_max_threads      (SwSageMaker         *self,
                                                guint                threads);
guint        sw_sagemaker_get_max_threads      (SwSageMaker         *self);
void         sw_sagemaker_set_log_func         (SwSageMaker         *self,
                                                SwSageMakerLogFunc   func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);

void         sw_sagemaker_register             (SwSageMaker         *self,
                                                SwTaskRegistry      *registry);
SwValue     *sw_sagemaker_call                 (SwSageMaker         *self,
                                                const char          *operation,
                                                SwValue             *request,
                                                GError             **error);
GBytes      *sw_sagemaker_invoke_endpoint      (SwSageMaker         *self,
                                                const char          *endpoint,
                                                const char          *content_type,
                                                GBytes              *body,
                                                char               **response_content_type,
                                                GError             **error);
gboolean     sw_sagemaker_wait_training_job    (SwSageMaker         *self,
                                                const char          *name,
                                                GCancellable        *cancellable);
guint        sw_sagemaker_recover_jobs         (SwSageMaker         *self);

gboolean     sw_sagemaker_definition_uses      (SwValue             *definition);

G_END_DECLS
