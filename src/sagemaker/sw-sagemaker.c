/* sw-sagemaker.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The local SageMaker: the resources a pipeline creates (training jobs, models, endpoint
 * configurations, endpoints, transform jobs) kept as JSON under ROOT/.stepwise/sagemaker/ so
 * that other processes (stepwise-cli invoke-endpoint, serve) see them, and the operations of
 * the SageMaker JSON protocol over them. Training itself lives in sw-sagemaker-jobs.c. */

#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-arn.h"
#include "sw-json.h"
#include "sw-local-s3.h"
#include "sw-pth.h"
#include "sw-sagemaker-private.h"
#include "sw-tar.h"

G_DEFINE_QUARK (sw-sagemaker-error-quark, sw_sagemaker_error)

G_DEFINE_FINAL_TYPE (SwSageMaker, sw_sagemaker, G_TYPE_OBJECT)

static const char * const time_keys[] = {
  "CreationTime", "LastModifiedTime", "TrainingStartTime", "TrainingEndTime", "StartTime",
  "EndTime", "Timestamp", "TransformStartTime", "TransformEndTime", NULL
};

/**
 * sw_sagemaker_error_type_name:
 * @error: a #SW_SAGEMAKER_ERROR error
 *
 * Returns: the service's exception type (`__type`) for @error
 */
const char *
sw_sagemaker_error_type_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SW_SAGEMAKER_ERROR)
    return "InternalFailure";
  switch ((SwSageMakerError) error->code)
    {
    case SW_SAGEMAKER_ERROR_VALIDATION:
      return "ValidationException";
    case SW_SAGEMAKER_ERROR_RESOURCE_NOT_FOUND:
      return "ResourceNotFound";
    case SW_SAGEMAKER_ERROR_RESOURCE_IN_USE:
      return "ResourceInUse";
    case SW_SAGEMAKER_ERROR_RESOURCE_LIMIT_EXCEEDED:
      return "ResourceLimitExceeded";
    case SW_SAGEMAKER_ERROR_UNKNOWN_OPERATION:
      return "UnknownOperationException";
    case SW_SAGEMAKER_ERROR_MODEL:
      return "ModelError";
    case SW_SAGEMAKER_ERROR_INTERNAL:
    default:
      return "InternalFailure";
    }
}

static void
sw_sagemaker_finalize (GObject *object)
{
  SwSageMaker *self = SW_SAGEMAKER (object);

  if (self->log_destroy != NULL)
    self->log_destroy (self->log_data);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->nets, g_hash_table_unref);
  g_free (self->root);
  g_free (self->meta_dir);
  g_free (self->region);
  g_free (self->account);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (sw_sagemaker_parent_class)->finalize (object);
}

static void
sw_sagemaker_class_init (SwSageMakerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_sagemaker_finalize;
}

static void
sw_sagemaker_init (SwSageMaker *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->wait_scale = 1.0;
  self->endpoint_delay = 3.0;
  self->region = g_strdup (SW_ARN_DEFAULT_REGION);
  self->account = g_strdup (SW_ARN_DEFAULT_ACCOUNT);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) _sw_job_unref);
  self->nets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) sw_net_unref);
}

/**
 * sw_sagemaker_new:
 * @local_s3_root: (nullable): the directory standing for S3 (`s3://BUCKET/KEY` is
 *   `ROOT/BUCKET/KEY`); %NULL for the default (sw_local_s3_default_root())
 *
 * A fresh root gets the embedded MNIST sample at `s3://stepwise-examples/mnist/data/` the
 * first time a job or a call needs S3.
 *
 * Returns: (transfer full): a new local SageMaker
 */
SwSageMaker *
sw_sagemaker_new (const char *local_s3_root)
{
  SwSageMaker *self = g_object_new (SW_TYPE_SAGEMAKER, NULL);

  if (local_s3_root != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (local_s3_root);

      self->root = g_file_get_path (file);
    }
  if (self->root == NULL)
    self->root = sw_local_s3_default_root ();
  self->meta_dir = g_build_filename (self->root, ".stepwise", "sagemaker", NULL);
  return self;
}

const char *
sw_sagemaker_get_local_s3_root (SwSageMaker *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER (self), NULL);
  return self->root;
}

/**
 * sw_sagemaker_set_wait_scale:
 * @scale: how much of their time simulated delays take (endpoint creation): 0 none, 1 all
 */
void
sw_sagemaker_set_wait_scale (SwSageMaker *self,
                             double       scale)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));
  g_return_if_fail (scale >= 0 && isfinite (scale));
  self->wait_scale = scale;
}

/**
 * sw_sagemaker_set_region:
 * @region: the region of the ARNs made from now on (jobs, models, endpoints);
 *   %SW_ARN_DEFAULT_REGION by default, as the local executor and endpoint
 *
 * Set it before the jobs run: records already written keep their ARNs.
 */
void
sw_sagemaker_set_region (SwSageMaker *self,
                         const char  *region)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));
  g_return_if_fail (region != NULL && *region != '\0');
  g_free (self->region);
  self->region = g_strdup (region);
}

const char *
sw_sagemaker_get_region (SwSageMaker *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER (self), NULL);
  return self->region;
}

/**
 * sw_sagemaker_set_account_id:
 * @account: the account ID of the ARNs made from now on; %SW_ARN_DEFAULT_ACCOUNT by default
 *
 * Set it before the jobs run, as sw_sagemaker_set_region().
 */
void
sw_sagemaker_set_account_id (SwSageMaker *self,
                             const char  *account)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));
  g_return_if_fail (account != NULL && *account != '\0');
  g_free (self->account);
  self->account = g_strdup (account);
}

const char *
sw_sagemaker_get_account_id (SwSageMaker *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER (self), NULL);
  return self->account;
}

double
sw_sagemaker_get_wait_scale (SwSageMaker *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER (self), 1.0);
  return self->wait_scale;
}

/**
 * sw_sagemaker_set_endpoint_delay:
 * @seconds: how long an endpoint stays Creating or Updating before the wait scale applies
 *   (default 3)
 */
void
sw_sagemaker_set_endpoint_delay (SwSageMaker *self,
                                 double       seconds)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));
  g_return_if_fail (seconds >= 0 && isfinite (seconds));
  self->endpoint_delay = seconds;
}

/**
 * sw_sagemaker_set_max_threads:
 * @threads: the most threads one job trains or predicts with; 0 (the default): one per
 *   processor. A job uses its instances' vCPUs (InstanceCount × vCPUs of InstanceType),
 *   within this bound.
 */
void
sw_sagemaker_set_max_threads (SwSageMaker *self,
                              guint        threads)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));
  self->max_threads = threads;
}

guint
sw_sagemaker_get_max_threads (SwSageMaker *self)
{
  g_return_val_if_fail (SW_IS_SAGEMAKER (self), 0);
  return self->max_threads;
}

/**
 * sw_sagemaker_set_log_func:
 * @func: (nullable): receives the training log lines
 *
 * Where training jobs write their log (CloudWatch's `/aws/sagemaker/TrainingJobs` stream).
 * Set it before starting jobs.
 */
void
sw_sagemaker_set_log_func (SwSageMaker        *self,
                           SwSageMakerLogFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));

  if (self->log_destroy != NULL)
    self->log_destroy (self->log_data);
  self->log_func = func;
  self->log_data = user_data;
  self->log_destroy = destroy;
}

void
_sw_sagemaker_log (SwSageMaker *self,
                   const char  *format,
                   ...)
{
  g_autofree char *line = NULL;
  va_list args;

  if (self->log_func == NULL)
    return;
  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  self->log_func (line, self->log_data);
}

void
_sw_sagemaker_ensure_seeded (SwSageMaker *self)
{
  g_autoptr(GError) error = NULL;

  if (self->seeded)
    return;
  self->seeded = TRUE;
  if (!sw_local_s3_seed (self->root, &error))
    g_warning ("%s", error->message);
}

double
_sw_sagemaker_now (void)
{
  /* The service keeps milliseconds. */
  return floor (g_get_real_time () / 1000.0) / 1000.0;
}

char *
_sw_sagemaker_arn (SwSageMaker *self,
                   const char  *type,
                   const char  *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return sw_arn_build ("sagemaker", self->region, self->account, "%s/%s", type, lower);
}

static gboolean
is_time_key (const char *key)
{
  for (guint i = 0; time_keys[i] != NULL; i++)
    if (strcmp (time_keys[i], key) == 0)
      return TRUE;
  return FALSE;
}

static SwValue *
render_time (SwValue      *value,
             SwTimeFormat  format)
{
  double seconds;

  if (!sw_value_is_number (value))
    return sw_value_ref (value);
  seconds = sw_value_get_double (value);
  switch (format)
    {
    case SW_TIME_MILLIS:
      return sw_value_new_int ((gint64) llround (seconds * 1000));
    case SW_TIME_ISO:
      {
        gint64 ms = (gint64) llround (seconds * 1000);
        g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
        g_autofree char *base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

        return sw_value_new_string_take (g_strdup_printf ("%s.%03dZ", base,
                                                          (int) (ms % 1000)));
      }
    case SW_TIME_SECONDS:
    default:
      return sw_value_ref (value);
    }
}

/* A copy of @value with the times written as @format wants. */
SwValue *
_sw_sagemaker_render (SwValue      *value,
                      SwTimeFormat  format)
{
  SwValue *copy;

  if (sw_value_is_array (value))
    {
      copy = sw_value_new_array ();
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        sw_value_array_append (copy, _sw_sagemaker_render (sw_value_array_get (value, i),
                                                           format));
      return copy;
    }
  if (sw_value_is_object (value))
    {
      copy = sw_value_new_object ();
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          const char *key = sw_value_object_get_key (value, i);
          SwValue *member = sw_value_object_get_value (value, i);

          sw_value_object_set (copy, key,
                                  is_time_key (key) ? render_time (member, format)
                                                    : _sw_sagemaker_render (member, format));
        }
      return copy;
    }
  return sw_value_copy (value);
}

/* Store */

static char *
record_path (SwSageMaker *self,
             const char  *kind,
             const char  *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *file = g_strconcat (lower, ".json", NULL);

  return g_build_filename (self->meta_dir, kind, file, NULL);
}

static gboolean
valid_name (const char *name)
{
  return name != NULL && *name != '\0' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL && strcmp (name, ".") != 0 && strcmp (name, "..") != 0;
}

SwValue *
_sw_sagemaker_load (SwSageMaker *self,
                    const char  *kind,
                    const char  *name)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!valid_name (name))
    return NULL;
  path = record_path (self, kind, name);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return sw_json_parse (contents, length, NULL, NULL, NULL);
}

gboolean
_sw_sagemaker_save (SwSageMaker  *self,
                    const char   *kind,
                    const char   *name,
                    SwValue      *record,
                    GError      **error)
{
  g_autofree char *path = record_path (self, kind, name);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_INTERNAL,
                   _("Cannot create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  text = sw_json_write (record, SW_JSON_WRITE_DEFAULT, &length);
  if (!g_file_set_contents (path, text, length, error))
    {
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = SW_SAGEMAKER_ERROR;
          (*error)->code = SW_SAGEMAKER_ERROR_INTERNAL;
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
delete_record (SwSageMaker *self,
               const char  *kind,
               const char  *name)
{
  g_autofree char *path = record_path (self, kind, name);

  return g_remove (path) == 0;
}

GPtrArray *
_sw_sagemaker_list_names (SwSageMaker *self,
                          const char  *kind)
{
  g_autofree char *dir = g_build_filename (self->meta_dir, kind, NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (handle == NULL)
    return names;
  while ((entry = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - 5));
  return names;
}

/* Threads for a job on @instance_count instances of @instance_type: their vCPUs, within
 * this machine's processors and the configured maximum. */
guint
_sw_sagemaker_threads_for (SwSageMaker *self,
                           const char  *instance_type,
                           gint64       instance_count)
{
  guint vcpus = 2;
  guint limit = g_get_num_processors ();
  const char *size = instance_type != NULL ? strrchr (instance_type, '.') : NULL;
  gint64 threads;

  if (size != NULL)
    {
      size++;
      if (strcmp (size, "medium") == 0 || strcmp (size, "large") == 0)
        vcpus = 2;
      else if (strcmp (size, "xlarge") == 0)
        vcpus = 4;
      else if (g_str_has_suffix (size, "xlarge"))
        vcpus = 4 * MAX (1, (guint) g_ascii_strtoull (size, NULL, 10));
      else if (strcmp (size, "metal") == 0)
        vcpus = 96;
    }
  if (self->max_threads > 0)
    limit = MIN (limit, self->max_threads);
  threads = MAX (instance_count, 1) * (gint64) vcpus;
  return (guint) CLAMP (threads, 1, (gint64) limit);
}

/* Models */

/* KEY of OBJECT when OBJECT is an object and KEY a string in it, else NULL. */
const char *
_sw_string_member (SwValue    *object,
                   const char *key)
{
  SwValue *value = object != NULL && sw_value_is_object (object)
                     ? sw_value_object_get (object, key) : NULL;

  return value != NULL && sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

void
_sw_set_number (SwValue    *object,
                const char *key,
                double      value)
{
  sw_value_object_set (object, key, sw_value_new_double (value));
}

void
_sw_set_string (SwValue    *object,
                const char *key,
                const char *value)
{
  sw_value_object_set (object, key, sw_value_new_string (value));
}

static SwValue *
copy_member (SwValue    *object,
             const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  return value != NULL ? sw_value_copy (value) : NULL;
}

static void
append_copy (SwValue    *to,
             SwValue    *from,
             const char *key)
{
  SwValue *value = copy_member (from, key);

  if (value != NULL)
    sw_value_object_set (to, key, value);
}

static SwValue *
create_model (SwSageMaker  *self,
              SwValue      *request,
              GError      **error)
{
  SwCheck check;
  const char *name;
  SwValue *container, *containers;
  g_autoptr(SwValue) existing = NULL;
  g_autoptr(SwValue) description = NULL;
  g_autoptr(SwValue) response = NULL;
  g_autofree char *arn = NULL;

  _sw_check_init (&check);
  name = _sw_check_string (&check, request, "ModelName", "modelName", TRUE,
                           SW_NAME_PATTERN, 63);
  _sw_check_string (&check, request, "ExecutionRoleArn", "executionRoleArn", FALSE,
                    SW_ROLE_PATTERN, 2048);
  container = _sw_check_object (&check, request, "PrimaryContainer", "primaryContainer", FALSE);
  containers = _sw_check_array (&check, request, "Containers", "containers", FALSE, 0, 15);
  if (container != NULL)
    _sw_check_string (&check, container, "ModelDataUrl", "primaryContainer.modelDataUrl",
                      FALSE, "^(https|s3)://([^/]+)/?(.*)$", 1024);
  if (!_sw_check_finish (&check, error))
    return NULL;
  if (container == NULL && (containers == NULL || sw_value_array_get_length (containers) == 0))
    {
      g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                           "Either PrimaryContainer or Containers must be specified");
      return NULL;
    }

  arn = _sw_sagemaker_arn (self, "model", name);
  existing = _sw_sagemaker_load (self, "models", name);
  if (existing != NULL)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Cannot create already existing model \"%s\".", arn);
      return NULL;
    }

  description = sw_value_new_object ();
  _sw_set_string (description, "ModelName", name);
  append_copy (description, request, "PrimaryContainer");
  append_copy (description, request, "Containers");
  append_copy (description, request, "ExecutionRoleArn");
  append_copy (description, request, "VpcConfig");
  _sw_set_number (description, "CreationTime", _sw_sagemaker_now ());
  _sw_set_string (description, "ModelArn", arn);
  sw_value_object_set (description, "EnableNetworkIsolation",
                       sw_value_new_boolean (FALSE));
  if (!_sw_sagemaker_save (self, "models", name, description, error))
    return NULL;

  response = sw_value_new_object ();
  _sw_set_string (response, "ModelArn", arn);
  return g_steal_pointer (&response);
}

static SwValue *
not_found (SwSageMaker  *self,
           GError      **error,
           const char   *what,
           const char   *arn_type,
           const char   *name)
{
  g_autofree char *arn = _sw_sagemaker_arn (self, arn_type, name != NULL ? name : "");

  g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
               "Could not find %s \"%s\".", what, arn);
  return NULL;
}

static const char *
required_name (SwValue     *request,
               const char  *key,
               const char  *path,
               GError     **error)
{
  SwCheck check;
  const char *name;

  _sw_check_init (&check);
  name = _sw_check_string (&check, request, key, path, TRUE, SW_NAME_PATTERN, 63);
  if (!_sw_check_finish (&check, error))
    return NULL;
  return name;
}

/* Endpoint configurations */

static SwValue *
create_endpoint_config (SwSageMaker  *self,
                        SwValue      *request,
                        GError      **error)
{
  SwCheck check;
  const char *name;
  SwValue *variants;
  g_autoptr(SwValue) existing = NULL;
  g_autoptr(SwValue) description = NULL;
  g_autoptr(SwValue) response = NULL;
  g_autofree char *arn = NULL;

  _sw_check_init (&check);
  name = _sw_check_string (&check, request, "EndpointConfigName", "endpointConfigName", TRUE,
                           SW_NAME_PATTERN, 63);
  variants = _sw_check_array (&check, request, "ProductionVariants", "productionVariants",
                              TRUE, 1, 10);
  for (guint i = 0; variants != NULL && i < sw_value_array_get_length (variants); i++)
    {
      SwValue *variant = sw_value_array_get (variants, i);
      g_autofree char *p1 = g_strdup_printf ("productionVariants.%u.member.variantName", i + 1);
      g_autofree char *p2 = g_strdup_printf ("productionVariants.%u.member.modelName", i + 1);
      g_autofree char *p3 =
        g_strdup_printf ("productionVariants.%u.member.initialInstanceCount", i + 1);

      _sw_check_string (&check, variant, "VariantName", p1, TRUE, SW_NAME_PATTERN, 63);
      _sw_check_string (&check, variant, "ModelName", p2, TRUE, SW_NAME_PATTERN, 63);
      _sw_check_int (&check, variant, "InitialInstanceCount", p3, FALSE, 1, G_MAXINT32, NULL);
    }
  if (!_sw_check_finish (&check, error))
    return NULL;

  arn = _sw_sagemaker_arn (self, "endpoint-config", name);
  existing = _sw_sagemaker_load (self, "endpoint-configs", name);
  if (existing != NULL)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Cannot create already existing endpoint configuration \"%s\".", arn);
      return NULL;
    }
  for (guint i = 0; i < sw_value_array_get_length (variants); i++)
    {
      const char *model = _sw_string_member (sw_value_array_get (variants, i), "ModelName");
      g_autoptr(SwValue) found = _sw_sagemaker_load (self, "models", model);

      if (found == NULL)
        return not_found (self, error, "model", "model", model);
    }

  description = sw_value_new_object ();
  _sw_set_string (description, "EndpointConfigName", name);
  _sw_set_string (description, "EndpointConfigArn", arn);
  append_copy (description, request, "ProductionVariants");
  append_copy (description, request, "DataCaptureConfig");
  append_copy (description, request, "KmsKeyId");
  _sw_set_number (description, "CreationTime", _sw_sagemaker_now ());
  if (!_sw_sagemaker_save (self, "endpoint-configs", name, description, error))
    return NULL;

  response = sw_value_new_object ();
  _sw_set_string (response, "EndpointConfigArn", arn);
  return g_steal_pointer (&response);
}

/* Endpoints: a record {"Description": DescribeEndpoint, "ReadyTime": seconds} — the status
 * turns from Creating (or Updating) to InService once ReadyTime has passed. */

static double
endpoint_delay (SwSageMaker *self)
{
  return self->endpoint_delay * self->wait_scale;
}

static SwValue *
endpoint_variants (SwSageMaker  *self,
                   const char   *config_name,
                   GError      **error)
{
  g_autoptr(SwValue) config = _sw_sagemaker_load (self, "endpoint-configs", config_name);
  SwValue *variants;
  SwValue *result;

  if (config == NULL)
    return not_found (self, error, "endpoint configuration", "endpoint-config", config_name);
  variants = sw_value_object_get (config, "ProductionVariants");
  result = sw_value_new_array ();
  for (guint i = 0; variants != NULL && i < sw_value_array_get_length (variants); i++)
    {
      SwValue *variant = sw_value_array_get (variants, i);
      SwValue *summary = sw_value_new_object ();
      SwValue *images = sw_value_new_array ();
      g_autoptr(SwValue) model = _sw_sagemaker_load (self, "models",
                                                     _sw_string_member (variant, "ModelName"));
      SwValue *container = model != NULL ? sw_value_object_get (model, "PrimaryContainer")
                                         : NULL;
      SwValue *count = sw_value_object_get (variant, "InitialInstanceCount");
      SwValue *weight = sw_value_object_get (variant, "InitialVariantWeight");

      _sw_set_string (summary, "VariantName", _sw_string_member (variant, "VariantName"));
      if (_sw_string_member (container, "Image") != NULL)
        {
          SwValue *image = sw_value_new_object ();

          _sw_set_string (image, "SpecifiedImage", _sw_string_member (container, "Image"));
          _sw_set_string (image, "ResolvedImage", _sw_string_member (container, "Image"));
          sw_value_array_append (images, image);
        }
      sw_value_object_set (summary, "DeployedImages", images);
      sw_value_object_set (summary, "CurrentWeight",
                           weight != NULL ? sw_value_copy (weight) : sw_value_new_int (1));
      sw_value_object_set (summary, "DesiredWeight",
                           weight != NULL ? sw_value_copy (weight) : sw_value_new_int (1));
      sw_value_object_set (summary, "CurrentInstanceCount",
                           count != NULL ? sw_value_copy (count) : sw_value_new_int (1));
      sw_value_object_set (summary, "DesiredInstanceCount",
                           count != NULL ? sw_value_copy (count) : sw_value_new_int (1));
      sw_value_array_append (result, summary);
    }
  return result;
}

/* Brings a loaded endpoint record up to date; returns TRUE if it changed. */
static gboolean
refresh_endpoint (SwValue *record)
{
  SwValue *description = sw_value_object_get (record, "Description");
  SwValue *ready = sw_value_object_get (record, "ReadyTime");
  const char *status = _sw_string_member (description, "EndpointStatus");

  if (ready == NULL || status == NULL)
    return FALSE;
  if ((strcmp (status, "Creating") == 0 || strcmp (status, "Updating") == 0) &&
      _sw_sagemaker_now () >= sw_value_get_double (ready))
    {
      _sw_set_string (description, "EndpointStatus", "InService");
      _sw_set_number (description, "LastModifiedTime", sw_value_get_double (ready));
      return TRUE;
    }
  return FALSE;
}

static SwValue *
load_endpoint (SwSageMaker *self,
               const char  *name)
{
  SwValue *record = _sw_sagemaker_load (self, "endpoints", name);

  if (record != NULL && refresh_endpoint (record))
    _sw_sagemaker_save (self, "endpoints", name, record, NULL);
  return record;
}

static SwValue *
create_or_update_endpoint (SwSageMaker  *self,
                           SwValue      *request,
                           gboolean      update,
                           GError      **error)
{
  SwCheck check;
  const char *name, *config_name;
  g_autoptr(SwValue) record = NULL;
  g_autoptr(SwValue) variants = NULL;
  g_autoptr(SwValue) response = NULL;
  g_autofree char *arn = NULL;
  SwValue *description;
  double now = _sw_sagemaker_now ();

  _sw_check_init (&check);
  name = _sw_check_string (&check, request, "EndpointName", "endpointName", TRUE,
                           SW_NAME_PATTERN, 63);
  config_name = _sw_check_string (&check, request, "EndpointConfigName", "endpointConfigName",
                                  TRUE, SW_NAME_PATTERN, 63);
  if (!_sw_check_finish (&check, error))
    return NULL;

  arn = _sw_sagemaker_arn (self, "endpoint", name);
  record = load_endpoint (self, name);
  if (!update && record != NULL)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Cannot create already existing endpoint \"%s\".", arn);
      return NULL;
    }
  if (update && record == NULL)
    return not_found (self, error, "endpoint", "endpoint", name);
  if (update &&
      g_strcmp0 (_sw_string_member (sw_value_object_get (record, "Description"), "EndpointStatus"),
                 "InService") != 0)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Cannot update in-progress endpoint \"%s\".", arn);
      return NULL;
    }
  variants = endpoint_variants (self, config_name, error);
  if (variants == NULL)
    return NULL;

  if (record == NULL)
    {
      record = sw_value_new_object ();
      description = sw_value_new_object ();
      _sw_set_string (description, "EndpointName", name);
      _sw_set_string (description, "EndpointArn", arn);
      _sw_set_string (description, "EndpointConfigName", config_name);
      sw_value_object_set (description, "ProductionVariants", g_steal_pointer (&variants));
      _sw_set_string (description, "EndpointStatus", "Creating");
      _sw_set_number (description, "CreationTime", now);
      _sw_set_number (description, "LastModifiedTime", now);
      sw_value_object_set (record, "Description", description);
    }
  else
    {
      description = sw_value_object_get (record, "Description");
      _sw_set_string (description, "EndpointConfigName", config_name);
      sw_value_object_set (description, "ProductionVariants", g_steal_pointer (&variants));
      _sw_set_string (description, "EndpointStatus", "Updating");
      _sw_set_number (description, "LastModifiedTime", now);
    }
  _sw_set_number (record, "ReadyTime", now + endpoint_delay (self));
  if (!_sw_sagemaker_save (self, "endpoints", name, record, error))
    return NULL;

  response = sw_value_new_object ();
  _sw_set_string (response, "EndpointArn", arn);
  return g_steal_pointer (&response);
}

/* Lists: {"<Things>": [summary…]} newest first, as the service sorts by CreationTime. */

static gint
compare_creation (gconstpointer a,
                  gconstpointer b)
{
  SwValue *x = *(SwValue **) a, *y = *(SwValue **) b;
  SwValue *tx = sw_value_object_get (x, "CreationTime");
  SwValue *ty = sw_value_object_get (y, "CreationTime");
  double dx = tx != NULL ? sw_value_get_double (tx) : 0;
  double dy = ty != NULL ? sw_value_get_double (ty) : 0;

  return dx < dy ? 1 : dx > dy ? -1 : 0;
}

static SwValue *
list_resources (SwSageMaker *self,
                const char  *kind,
                const char  *list_key,
                const char **summary_keys,
                SwValue     *request)
{
  g_autoptr(GPtrArray) names = _sw_sagemaker_list_names (self, kind);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_value_unref);
  const char *contains = _sw_string_member (request, "NameContains");
  const char *status = _sw_string_member (request, "StatusEquals");
  SwValue *max = request != NULL ? sw_value_object_get (request, "MaxResults") : NULL;
  gint64 max_results = 100;
  SwValue *list = sw_value_new_array ();
  SwValue *response = sw_value_new_object ();

  if (max != NULL && sw_value_is_number (max))
    sw_value_get_int64 (max, &max_results);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(SwValue) record = NULL;
      SwValue *description;
      SwValue *summary;

      if (strcmp (kind, "endpoints") == 0)
        record = load_endpoint (self, g_ptr_array_index (names, i));
      else
        record = _sw_sagemaker_load (self, kind, g_ptr_array_index (names, i));
      if (record == NULL)
        continue;
      description = sw_value_object_has (record, "Description")
                      ? sw_value_object_get (record, "Description") : record;
      if (contains != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (contains, -1);
          g_autofree char *name = g_ascii_strdown (_sw_string_member (description,
                                                                      summary_keys[0]), -1);

          if (strstr (name, lower) == NULL)
            continue;
        }
      summary = sw_value_new_object ();
      for (guint k = 0; summary_keys[k] != NULL; k++)
        append_copy (summary, description, summary_keys[k]);
      if (status != NULL)
        {
          const char *actual = NULL;

          for (guint k = 0; summary_keys[k] != NULL; k++)
            if (g_str_has_suffix (summary_keys[k], "Status"))
              actual = _sw_string_member (summary, summary_keys[k]);
          if (g_strcmp0 (actual, status) != 0)
            {
              sw_value_unref (summary);
              continue;
            }
        }
      g_ptr_array_add (items, summary);
    }
  g_ptr_array_sort (items, compare_creation);
  for (guint i = 0; i < items->len && i < (guint) MAX (max_results, 0); i++)
    sw_value_array_append (list, sw_value_ref (g_ptr_array_index (items, i)));
  sw_value_object_set (response, list_key, list);
  return response;
}

static const char *training_summary_keys[] = {
  "TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingEndTime", "LastModifiedTime",
  "TrainingJobStatus", "SecondaryStatus", NULL
};
static const char *transform_summary_keys[] = {
  "TransformJobName", "TransformJobArn", "CreationTime", "TransformEndTime",
  "LastModifiedTime", "TransformJobStatus", "FailureReason", NULL
};
static const char *model_summary_keys[] = {
  "ModelName", "ModelArn", "CreationTime", NULL
};
static const char *config_summary_keys[] = {
  "EndpointConfigName", "EndpointConfigArn", "CreationTime", NULL
};
static const char *endpoint_summary_keys[] = {
  "EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus", NULL
};

static SwValue *
describe_simple (SwSageMaker  *self,
                 SwValue      *request,
                 const char   *kind,
                 const char   *key,
                 const char   *path,
                 const char   *what,
                 const char   *arn_type,
                 GError      **error)
{
  const char *name = required_name (request, key, path, error);
  g_autoptr(SwValue) record = NULL;

  if (name == NULL)
    return NULL;
  if (strcmp (kind, "endpoints") == 0)
    record = load_endpoint (self, name);
  else
    record = _sw_sagemaker_load (self, kind, name);
  if (record == NULL)
    return not_found (self, error, what, arn_type, name);
  if (sw_value_object_has (record, "Description"))
    return sw_value_copy (sw_value_object_get (record, "Description"));
  return sw_value_copy (record);
}

static SwValue *
delete_simple (SwSageMaker  *self,
               SwValue      *request,
               const char   *kind,
               const char   *key,
               const char   *path,
               const char   *what,
               const char   *arn_type,
               GError      **error)
{
  const char *name = required_name (request, key, path, error);

  if (name == NULL)
    return NULL;
  if (!delete_record (self, kind, name))
    return not_found (self, error, what, arn_type, name);
  return sw_value_new_object ();
}

/**
 * sw_sagemaker_call:
 * @operation: a SageMaker API action, `DescribeTrainingJob` (or `describeTrainingJob`)
 * @request: (nullable): its request, shaped as the SageMaker API reference documents it
 *
 * Runs one operation of the SageMaker JSON protocol. Times in the response are seconds since
 * the epoch, as the protocol writes them. Training and transform jobs run in the background;
 * describe them to follow them.
 *
 * Returns: (transfer full) (nullable): the response, or %NULL with a #SW_SAGEMAKER_ERROR
 *   whose sw_sagemaker_error_type_name() is the service's `__type`
 */
SwValue *
sw_sagemaker_call (SwSageMaker  *self,
                   const char   *operation,
                   SwValue      *request,
                   GError      **error)
{
  g_autoptr(SwValue) empty = NULL;
  g_autofree char *op = NULL;
  SwValue *result = NULL;

  g_return_val_if_fail (SW_IS_SAGEMAKER (self), NULL);
  g_return_val_if_fail (operation != NULL && *operation != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (request == NULL || !sw_value_is_object (request))
    request = empty = sw_value_new_object ();
  op = g_strdup (operation);
  op[0] = g_ascii_toupper (op[0]);

  /* Jobs lock for themselves: they run on other threads. */
  if (strcmp (op, "CreateTrainingJob") == 0)
    return _sw_sagemaker_create_training_job (self, request, NULL, NULL, error);
  if (strcmp (op, "CreateTransformJob") == 0)
    return _sw_sagemaker_create_transform_job (self, request, NULL, NULL, error);
  if (strcmp (op, "DescribeTrainingJob") == 0 || strcmp (op, "DescribeTransformJob") == 0)
    {
      gboolean training = strcmp (op, "DescribeTrainingJob") == 0;
      const char *name = required_name (request, training ? "TrainingJobName"
                                                          : "TransformJobName",
                                        training ? "trainingJobName" : "transformJobName",
                                        error);

      if (name == NULL)
        return NULL;
      return _sw_sagemaker_describe_job (self, training ? SW_JOB_TRAINING : SW_JOB_TRANSFORM,
                                         name, error);
    }
  if (strcmp (op, "StopTrainingJob") == 0 || strcmp (op, "StopTransformJob") == 0)
    {
      gboolean training = strcmp (op, "StopTrainingJob") == 0;
      const char *name = required_name (request, training ? "TrainingJobName"
                                                          : "TransformJobName",
                                        training ? "trainingJobName" : "transformJobName",
                                        error);

      if (name == NULL ||
          !_sw_sagemaker_stop_job (self, training ? SW_JOB_TRAINING : SW_JOB_TRANSFORM, name,
                                   error))
        return NULL;
      return sw_value_new_object ();
    }

  g_mutex_lock (&self->lock);
  _sw_sagemaker_ensure_seeded (self);
  if (strcmp (op, "ListTrainingJobs") == 0)
    result = list_resources (self, "training-jobs", "TrainingJobSummaries",
                             training_summary_keys, request);
  else if (strcmp (op, "ListTransformJobs") == 0)
    result = list_resources (self, "transform-jobs", "TransformJobSummaries",
                             transform_summary_keys, request);
  else if (strcmp (op, "CreateModel") == 0)
    result = create_model (self, request, error);
  else if (strcmp (op, "DescribeModel") == 0)
    result = describe_simple (self, request, "models", "ModelName", "modelName", "model",
                              "model", error);
  else if (strcmp (op, "DeleteModel") == 0)
    result = delete_simple (self, request, "models", "ModelName", "modelName", "model",
                            "model", error);
  else if (strcmp (op, "ListModels") == 0)
    result = list_resources (self, "models", "Models", model_summary_keys, request);
  else if (strcmp (op, "CreateEndpointConfig") == 0)
    result = create_endpoint_config (self, request, error);
  else if (strcmp (op, "DescribeEndpointConfig") == 0)
    result = describe_simple (self, request, "endpoint-configs", "EndpointConfigName",
                              "endpointConfigName", "endpoint configuration",
                              "endpoint-config", error);
  else if (strcmp (op, "DeleteEndpointConfig") == 0)
    result = delete_simple (self, request, "endpoint-configs", "EndpointConfigName",
                            "endpointConfigName", "endpoint configuration", "endpoint-config",
                            error);
  else if (strcmp (op, "ListEndpointConfigs") == 0)
    result = list_resources (self, "endpoint-configs", "EndpointConfigs", config_summary_keys,
                             request);
  else if (strcmp (op, "CreateEndpoint") == 0)
    result = create_or_update_endpoint (self, request, FALSE, error);
  else if (strcmp (op, "UpdateEndpoint") == 0)
    result = create_or_update_endpoint (self, request, TRUE, error);
  else if (strcmp (op, "DescribeEndpoint") == 0)
    result = describe_simple (self, request, "endpoints", "EndpointName", "endpointName",
                              "endpoint", "endpoint", error);
  else if (strcmp (op, "DeleteEndpoint") == 0)
    result = delete_simple (self, request, "endpoints", "EndpointName", "endpointName",
                            "endpoint", "endpoint", error);
  else if (strcmp (op, "ListEndpoints") == 0)
    result = list_resources (self, "endpoints", "Endpoints", endpoint_summary_keys, request);
  else
    g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_UNKNOWN_OPERATION,
                 _("The local SageMaker does not implement the operation %s"), op);
  g_mutex_unlock (&self->lock);
  return result;
}

/* Inference */

SwNet *
_sw_sagemaker_load_model (SwSageMaker  *self,
                          const char   *model_name,
                          GError      **error)
{
  g_autoptr(SwValue) model = _sw_sagemaker_load (self, "models", model_name);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) pth = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *contents = NULL;
  const char *url;
  SwNet *net;
  gsize length;
  GStatBuf info;

  if (model == NULL)
    {
      not_found (self, error, "model", "model", model_name);
      return NULL;
    }
  url = _sw_string_member (sw_value_object_get (model, "PrimaryContainer"), "ModelDataUrl");
  if (url == NULL)
    {
      SwValue *containers = sw_value_object_get (model, "Containers");

      if (containers != NULL && sw_value_is_array (containers) &&
          sw_value_array_get_length (containers) > 0)
        url = _sw_string_member (sw_value_array_get (containers, 0), "ModelDataUrl");
    }
  if (url == NULL)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_MODEL,
                   "The model %s has no ModelDataUrl: the local endpoint serves the weights of "
                   "a model.tar.gz holding model.pth", model_name);
      return NULL;
    }
  path = sw_local_s3_path (self->root, url, &local_error);
  if (path == NULL || g_stat (path, &info) != 0)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_MODEL,
                   "The model data %s of model %s is not in the local S3 root: Stepwise looked "
                   "for %s", url, model_name,
                   path != NULL ? path : local_error->message);
      return NULL;
    }
  key = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, path,
                         (gint64) info.st_mtime, (gint64) info.st_size);
  net = g_hash_table_lookup (self->nets, key);
  if (net != NULL)
    return sw_net_ref (net);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_MODEL, "%s",
                   local_error->message);
      return NULL;
    }
  archive = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (g_str_has_suffix (path, ".pth") || g_str_has_suffix (path, ".pt"))
    pth = g_bytes_ref (archive);
  else
    pth = sw_tar_gz_extract (archive, "model.pth", &local_error);
  if (pth != NULL)
    net = sw_pth_load_from_data (g_bytes_get_data (pth, NULL), g_bytes_get_size (pth),
                                 "model.pth", &local_error);
  if (net == NULL)
    {
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_MODEL,
                   "The model data %s (%s) cannot be served: %s", url, path,
                   local_error->message);
      return NULL;
    }
  g_hash_table_replace (self->nets, g_steal_pointer (&key), sw_net_ref (net));
  return net;
}

/**
 * sw_sagemaker_invoke_endpoint:
 * @endpoint: the endpoint's name
 * @content_type: (nullable): the body's type: `application/json` (the default) or
 *   `image/png`; see src/sagemaker/README.md for the bodies it reads
 * @body: the request body
 * @response_content_type: (out) (optional): the response's type, `application/json`
 *
 * The SageMaker runtime's `InvokeEndpoint`: classifies the digits of @body with the model
 * the endpoint serves.
 *
 * Returns: (transfer full) (nullable): `{"predictions": [{"probabilities": […10],
 *   "predicted_label": D}, …]}` as JSON text
 */
GBytes *
sw_sagemaker_invoke_endpoint (SwSageMaker  *self,
                              const char   *endpoint,
                              const char   *content_type,
                              GBytes       *body,
                              char        **response_content_type,
                              GError      **error)
{
  g_autoptr(SwValue) record = NULL;
  g_autoptr(SwValue) config = NULL;
  g_autoptr(SwNet) net = NULL;
  g_autofree guint8 *images = NULL;
  g_autofree char *json = NULL;
  SwValue *description, *variants;
  const char *status, *config_name, *model_name = NULL;
  guint n_images = 0;
  guint threads = 1;

  g_return_val_if_fail (SW_IS_SAGEMAKER (self), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  g_mutex_lock (&self->lock);
  record = load_endpoint (self, endpoint);
  description = record != NULL ? sw_value_object_get (record, "Description") : NULL;
  status = _sw_string_member (description, "EndpointStatus");
  if (description == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Endpoint %s of account %s not found.", endpoint, self->account);
      return NULL;
    }
  if (g_strcmp0 (status, "InService") != 0 && g_strcmp0 (status, "Updating") != 0)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION,
                   "Endpoint %s of account %s is not in service (EndpointStatus %s).",
                   endpoint, self->account, status != NULL ? status : "unknown");
      return NULL;
    }
  config_name = _sw_string_member (description, "EndpointConfigName");
  config = _sw_sagemaker_load (self, "endpoint-configs", config_name);
  variants = config != NULL ? sw_value_object_get (config, "ProductionVariants") : NULL;
  if (variants != NULL && sw_value_is_array (variants) &&
      sw_value_array_get_length (variants) > 0)
    {
      SwValue *variant = sw_value_array_get (variants, 0);
      SwValue *count = sw_value_object_get (variant, "InitialInstanceCount");
      gint64 instances = 1;

      if (count != NULL && sw_value_is_number (count))
        sw_value_get_int64 (count, &instances);
      model_name = _sw_string_member (variant, "ModelName");
      threads = _sw_sagemaker_threads_for (self, _sw_string_member (variant, "InstanceType"),
                                           instances);
    }
  if (model_name == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_MODEL,
                   "The endpoint configuration %s of endpoint %s names no model",
                   config_name, endpoint);
      return NULL;
    }
  net = _sw_sagemaker_load_model (self, model_name, error);
  g_mutex_unlock (&self->lock);
  if (net == NULL)
    return NULL;

  images = _sw_sagemaker_decode_images (content_type, body, &n_images, error);
  if (images == NULL)
    return NULL;
  json = _sw_sagemaker_predictions_json (net, images, n_images, threads, FALSE);
  if (response_content_type != NULL)
    *response_content_type = g_strdup ("application/json");
  return g_bytes_new_take (g_steal_pointer (&json), strlen (json));
}

/* Registration */

static const char * const resources[] = {
  "arn:aws:states:::sagemaker:createTrainingJob",
  "arn:aws:states:::sagemaker:createTrainingJob.sync",
  "arn:aws:states:::sagemaker:createTransformJob",
  "arn:aws:states:::sagemaker:createTransformJob.sync",
  "arn:aws:states:::sagemaker:createModel",
  "arn:aws:states:::sagemaker:createEndpointConfig",
  "arn:aws:states:::sagemaker:createEndpoint",
  "arn:aws:states:::sagemaker:updateEndpoint",
  "arn:aws:states:::aws-sdk:sagemaker:*",
  "arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint",
};

/**
 * sw_sagemaker_register:
 * @registry: where the executor looks up Task resources
 *
 * Serves the SageMaker integrations of Step Functions: the optimized ones
 * (`arn:aws:states:::sagemaker:createTrainingJob[.sync]`, `createTransformJob[.sync]`,
 * `createModel`, `createEndpointConfig`, `createEndpoint`, `updateEndpoint`) and the AWS SDK
 * ones (`arn:aws:states:::aws-sdk:sagemaker:ACTION`,
 * `arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint`).
 */
void
sw_sagemaker_register (SwSageMaker    *self,
                       SwTaskRegistry *registry)
{
  g_return_if_fail (SW_IS_SAGEMAKER (self));
  g_return_if_fail (SW_IS_TASK_REGISTRY (registry));

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    sw_task_registry_add (registry, resources[i], _sw_sagemaker_serve_task,
                          g_object_ref (self), g_object_unref);
}

static gboolean
uses (SwValue *value)
{
  if (sw_value_is_array (value))
    {
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        if (uses (sw_value_array_get (value, i)))
          return TRUE;
    }
  else if (sw_value_is_object (value))
    {
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          SwValue *member = sw_value_object_get_value (value, i);

          if (strcmp (sw_value_object_get_key (value, i), "Resource") == 0 &&
              sw_value_is_string (member) &&
              (g_str_has_prefix (sw_value_get_string (member), "arn:aws:states:::sagemaker:") ||
               g_str_has_prefix (sw_value_get_string (member),
                                 "arn:aws:states:::aws-sdk:sagemaker")))
            return TRUE;
          if (uses (member))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * sw_sagemaker_definition_uses:
 * @definition: a state machine definition
 *
 * Returns: %TRUE if a Task state of @definition calls SageMaker
 */
gboolean
sw_sagemaker_definition_uses (SwValue *definition)
{
  g_return_val_if_fail (definition != NULL, FALSE);
  return uses (definition);
}
