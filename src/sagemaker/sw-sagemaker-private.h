/* sw-sagemaker-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-net.h"
#include "sw-sagemaker.h"

G_BEGIN_DECLS

/* How times are written: the JSON protocol's epoch seconds, Step Functions' optimized
 * integrations' epoch milliseconds, or the AWS SDK integrations' ISO 8601 strings. */
typedef enum
{
  SW_TIME_SECONDS,
  SW_TIME_MILLIS,
  SW_TIME_ISO,
} SwTimeFormat;

typedef enum
{
  SW_JOB_TRAINING,
  SW_JOB_TRANSFORM,
} SwJobKind;

typedef struct _SwJob SwJob;
typedef void (*SwJobDoneFunc) (SwJob *job, SwValue *description, gpointer user_data);

struct _SwSageMaker
{
  GObject parent_instance;

  char *root;
  char *meta_dir;
  double wait_scale;
  double endpoint_delay;
  char *region;            /* of the ARNs, sw_sagemaker_set_region() */
  char *account;           /* of the ARNs, sw_sagemaker_set_account_id() */
  guint max_threads;
  SwSageMakerLogFunc log_func;
  gpointer log_data;
  GDestroyNotify log_destroy;

  GMutex lock;
  GCond cond;
  gboolean seeded;
  GHashTable *jobs;        /* "kind/key" → SwJob, jobs this process runs */
  GHashTable *nets;        /* model.tar.gz path → SwNet */
};

/* JSON members (sw-sagemaker.c) */
const char *_sw_string_member           (SwValue      *object,
                                         const char   *key);
void        _sw_set_number              (SwValue      *object,
                                         const char   *key,
                                         double        value);
void        _sw_set_string              (SwValue      *object,
                                         const char   *key,
                                         const char   *value);

/* Store (sw-sagemaker.c); the caller holds self->lock for all of these */
SwValue    *_sw_sagemaker_load          (SwSageMaker  *self,
                                         const char   *kind,
                                         const char   *name);
gboolean    _sw_sagemaker_save          (SwSageMaker  *self,
                                         const char   *kind,
                                         const char   *name,
                                         SwValue      *record,
                                         GError      **error);
GPtrArray  *_sw_sagemaker_list_names    (SwSageMaker  *self,
                                         const char   *kind);
char       *_sw_sagemaker_arn           (SwSageMaker  *self,
                                         const char   *type,
                                         const char   *name);
double      _sw_sagemaker_now           (void);
SwValue    *_sw_sagemaker_render        (SwValue      *value,
                                         SwTimeFormat  format);
void        _sw_sagemaker_ensure_seeded (SwSageMaker  *self);
void        _sw_sagemaker_log           (SwSageMaker  *self,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (2, 3);
guint       _sw_sagemaker_threads_for   (SwSageMaker  *self,
                                         const char   *instance_type,
                                         gint64        instance_count);
SwNet      *_sw_sagemaker_load_model    (SwSageMaker  *self,
                                         const char   *model_name,
                                         GError      **error);

/* Validation (sw-sagemaker-validate.c) */
typedef struct
{
  GPtrArray *messages;
} SwCheck;

void        _sw_check_init              (SwCheck      *check);
gboolean    _sw_check_finish            (SwCheck      *check,
                                         GError      **error);
void        _sw_check_add               (SwCheck      *check,
                                         SwValue      *value,
                                         const char   *path,
                                         const char   *constraint);
const char *_sw_check_string            (SwCheck      *check,
                                         SwValue      *object,
                                         const char   *key,
                                         const char   *path,
                                         gboolean      required,
                                         const char   *pattern,
                                         guint         max_length);
SwValue    *_sw_check_object            (SwCheck      *check,
                                         SwValue      *object,
                                         const char   *key,
                                         const char   *path,
                                         gboolean      required);
SwValue    *_sw_check_array             (SwCheck      *check,
                                         SwValue      *object,
                                         const char   *key,
                                         const char   *path,
                                         gboolean      required,
                                         guint         min_length,
                                         guint         max_length);
gboolean    _sw_check_int               (SwCheck      *check,
                                         SwValue      *object,
                                         const char   *key,
                                         const char   *path,
                                         gboolean      required,
                                         gint64        min,
                                         gint64        max,
                                         gint64       *out);
const char *_sw_check_enum              (SwCheck      *check,
                                         SwValue      *object,
                                         const char   *key,
                                         const char   *path,
                                         gboolean      required,
                                         const char  **values);

#define SW_NAME_PATTERN "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
#define SW_ROLE_PATTERN "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$"
#define SW_S3_PATTERN "^(https|s3)://([^/]+)/?(.*)$"

/* Jobs (sw-sagemaker-jobs.c) */
SwValue    *_sw_sagemaker_create_training_job (SwSageMaker   *self,
                                               SwValue       *request,
                                               SwJobDoneFunc  done,
                                               gpointer       done_data,
                                               GError       **error);
SwValue    *_sw_sagemaker_create_transform_job (SwSageMaker  *self,
                                                SwValue      *request,
                                                SwJobDoneFunc done,
                                                gpointer      done_data,
                                                GError      **error);
SwValue    *_sw_sagemaker_describe_job   (SwSageMaker  *self,
                                          SwJobKind     kind,
                                          const char   *name,
                                          GError      **error);
gboolean    _sw_sagemaker_stop_job       (SwSageMaker  *self,
                                          SwJobKind     kind,
                                          const char   *name,
                                          GError      **error);
void        _sw_sagemaker_cancel_job     (SwSageMaker  *self,
                                          SwJobKind     kind,
                                          const char   *name);
SwJob      *_sw_job_ref                  (SwJob        *job);
void        _sw_job_unref                (SwJob        *job);

/* Inference (sw-sagemaker-inference.c) */
guint8     *_sw_sagemaker_decode_images  (const char   *content_type,
                                          GBytes       *body,
                                          guint        *n_images,
                                          GError      **error);
char       *_sw_sagemaker_predictions_json (SwNet      *net,
                                            const guint8 *images,
                                            guint       n_images,
                                            guint       threads,
                                            gboolean    lines);

/* Task handlers (sw-sagemaker-tasks.c) */
void        _sw_sagemaker_serve_task     (SwTaskRequest *request,
                                          gpointer       user_data);

G_END_DECLS
