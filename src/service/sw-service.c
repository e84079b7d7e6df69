/* sw-service.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The local endpoint: a SoupServer speaking the Step Functions awsJson1_0 protocol
 * (`POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`) over the local executor, and the
 * SageMaker calls a monitor needs when a SwSageMaker is set. Everything happens on the
 * thread-default main context sw_service_listen() was called on; executions run on threads
 * of their own and report their history events there, where they are stored. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-arn.h"
#include "sw-aws-error.h"
#include "sw-json.h"
#include "sw-service-private.h"
#include "sw-sigv4.h"
#if __has_include ("sw-sagemaker.h") && defined (SW_SERVICE_WITH_SAGEMAKER)
# include "sw-sagemaker.h"
# define HAVE_SAGEMAKER 1
#endif

#define SFN_TARGET_PREFIX "AWSStepFunctions."
#define SAGEMAKER_TARGET_PREFIX "SageMaker."
#define SFN_CONTENT_TYPE "application/x-amz-json-1.0"
#define SAGEMAKER_CONTENT_TYPE "application/x-amz-json-1.1"
#define CORAL_PREFIX "com.amazon.coral.service#"
#define SFN_ERROR_PREFIX "com.amazonaws.swf.service.v2.model#"

G_DEFINE_FINAL_TYPE (SwService, sw_service, G_TYPE_OBJECT)

double
_sw_service_now (void)
{
  /* Milliseconds, as the service's dates have. */
  return (double) (g_get_real_time () / 1000) / 1000.0;
}

/* Events arrive in bursts; they are committed together once the burst is over, and
 * always before the endpoint answers a request. */

static gboolean
flush_idle (gpointer data)
{
  SwService *self = data;

  self->flush_source = 0;
  _sw_service_store_flush (self->store);
  return G_SOURCE_REMOVE;
}

static void
service_begin_batch (SwService *self)
{
  _sw_service_store_begin_batch (self->store);
  if (self->flush_source == 0)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, flush_idle, self, NULL);
      g_source_set_static_name (source, "[sw-service] flush");
      self->flush_source = g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
}

static void
service_flush (SwService *self)
{
  g_clear_handle_id (&self->flush_source, g_source_remove);
  _sw_service_store_flush (self->store);
}

/* Errors */

/**
 * _sw_service_fail:
 * @status: the HTTP status
 * @type: the error type, as `__type` names it after its `#`
 *
 * Returns: %FALSE
 */
gboolean
_sw_service_fail (GError     **error,
                  guint        status,
                  const char  *type,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  sw_aws_error_set_service (error, SW_AWS_ERROR_SERVICE, status, type, message, NULL);
  return FALSE;
}

static gboolean
is_framework_error (const char *type)
{
  static const char *const types[] = {
    "UnknownOperationException", "SerializationException", "MissingAuthenticationTokenException",
    "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException",
    "RequestEntityTooLargeException", "InternalFailure",
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (strcmp (types[i], type) == 0)
      return TRUE;
  return FALSE;
}

static GBytes *
error_body_full (const GError *error,
                 gboolean      sagemaker,
                 guint        *status)
{
  g_autoptr(SwValue) object = sw_value_new_object ();
  const char *type = sw_aws_error_get_service_code (error);
  const char *message = sw_aws_error_get_service_message (error);
  char *text;
  gsize length;

  if (type == NULL)
    {
      /* Not an error of the protocol: a bug or a failing database. */
      type = "InternalFailure";
      message = error->message;
      *status = 500;
    }
  else
    *status = sw_aws_error_get_http_status (error) != 0 ? sw_aws_error_get_http_status (error)
                                                         : 400;
  /* SageMaker names its own errors without a namespace. */
  sw_value_object_set (object, "__type",
                       sw_value_new_string_take (g_strconcat (is_framework_error (type)
                                                                ? CORAL_PREFIX
                                                                : sagemaker ? ""
                                                                : SFN_ERROR_PREFIX,
                                                              type, NULL)));
  if (message != NULL)
    sw_value_object_set (object, "message", sw_value_new_string (message));
  text = sw_json_write (object, SW_JSON_WRITE_COMPACT, &length);
  return g_bytes_new_take (text, length);
}

static GBytes *
error_body (const GError *error,
            guint        *status)
{
  return error_body_full (error, FALSE, status);
}

#ifdef HAVE_SAGEMAKER
/* A SageMaker error as the service names it: ValidationException, ResourceNotFound, … */
static GBytes *
sagemaker_error_body (const GError *error,
                      guint        *status)
{
  g_autoptr(GError) wrapped = NULL;
  const char *type = error->domain == SW_SAGEMAKER_ERROR ? sw_sagemaker_error_type_name (error)
                                                         : NULL;
  guint http = error->domain == SW_SAGEMAKER_ERROR &&
               error->code == SW_SAGEMAKER_ERROR_INTERNAL ? 500 : 400;

  _sw_service_fail (&wrapped, http, type != NULL ? type : "ValidationException", "%s",
                    error->message);
  return error_body_full (wrapped, TRUE, status);
}
#endif

void
_sw_service_call_reply (SwServiceCall *call,
                        SwValue       *response,
                        const GError  *error)
{
  g_autoptr(GBytes) body = NULL;
  guint status = 200;

  /* What the answer tells is committed before it leaves. */
  service_flush (call->service);
  if (error != NULL)
    body = error_body (error, &status);
  else
    {
      gsize length;
      char *text = sw_json_write (response, SW_JSON_WRITE_COMPACT, &length);

      body = g_bytes_new_take (text, length);
    }
  call->reply (status, SFN_CONTENT_TYPE, body, call->user_data);
  g_free (call);
}

/* Runs */

static SwServiceRun *
run_ref (SwServiceRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
run_unref (SwServiceRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref))
    return;
  g_clear_object (&run->execution);
  g_free (run->arn);
  g_clear_pointer (&run->waiters, g_ptr_array_unref);
  g_free (run);
}

typedef struct
{
  SwServiceRunDone done;
  gpointer user_data;
} Waiter;

static const char *
terminal_status (const char *type)
{
  if (strcmp (type, "ExecutionSucceeded") == 0)
    return "SUCCEEDED";
  if (strcmp (type, "ExecutionFailed") == 0)
    return "FAILED";
  if (strcmp (type, "ExecutionAborted") == 0)
    return "ABORTED";
  if (strcmp (type, "ExecutionTimedOut") == 0)
    return "TIMED_OUT";
  return NULL;
}

static const char *
details_string (SwValue    *details,
                const char *key)
{
  SwValue *value = details != NULL ? sw_value_object_get (details, key) : NULL;

  return value != NULL && sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static void
on_event (SwExecution    *execution,
          SwHistoryEvent *event,
          SwServiceRun   *run)
{
  g_autoptr(SwValue) value = NULL;
  g_autofree char *json = NULL;
  const char *type = sw_history_event_get_type_name (event);
  const char *status;
  SwValue *details = sw_history_event_get_details (event);
  gint64 id = sw_history_event_get_id (event);

  if (run->service == NULL)
    return;

  status = terminal_status (type);
  if (status != NULL)
    run->ended = TRUE;
  /* Express executions have no history to read back, only an outcome StartSyncExecution
   * returns. */
  if (run->express)
    {
      if (status != NULL)
        _sw_service_store_finish_execution (run->service->store, run->seq, status,
                                            details_string (details, "output"),
                                            details_string (details, "error"),
                                            details_string (details, "cause"),
                                            sw_history_event_get_timestamp_ms (event) / 1000.0);
      return;
    }

  /* A redrive's events continue the ids of the earlier attempts (the executor numbers
   * them so). */
  value = sw_history_event_to_value (event);
  json = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
  service_begin_batch (run->service);
  _sw_service_store_add_event (run->service->store, run->seq, id, type,
                               sw_history_event_get_timestamp_ms (event) / 1000.0, json, status,
                               details_string (details, "output"),
                               details_string (details, "error"),
                               details_string (details, "cause"));
}

static void
on_run_finished (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  SwServiceRun *run = data;
  SwExecution *execution = SW_EXECUTION (source);
  SwService *self = run->service;
  g_autoptr(GError) error = NULL;
  SwExecutionStatus status;

  status = sw_execution_run_finish (execution, result, &error);
  if (self != NULL)
    {
      if (!run->ended)
        {
          g_autofree char *output = NULL;

          if (sw_execution_get_output (execution) != NULL)
            output = sw_json_write (sw_execution_get_output (execution), SW_JSON_WRITE_COMPACT,
                                    NULL);
          if (status == SW_EXECUTION_STATUS_RUNNING || status == SW_EXECUTION_STATUS_PENDING)
            status = SW_EXECUTION_STATUS_FAILED;
          _sw_service_store_finish_execution (self->store, run->seq,
                                              sw_execution_status_to_string (status), output,
                                              sw_execution_get_error (execution),
                                              sw_execution_get_cause (execution),
                                              sw_execution_get_stop_ms (execution) / 1000.0);
        }
      g_hash_table_remove (self->runs, run->arn);
    }

  for (guint i = 0; i < run->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (run->waiters, i);

      waiter->done (run, waiter->user_data);
    }
  g_ptr_array_set_size (run->waiters, 0);
  run_unref (run);
}

/**
 * _sw_service_run_start:
 * @execution: a prepared execution, not started
 * @seq: its row in the store
 * @express: whether it is an execution of an EXPRESS machine, whose history is not kept
 *
 * Starts @execution, storing its events as they come.
 *
 * Returns: (transfer none): the run
 */
SwServiceRun *
_sw_service_run_start (SwService   *self,
                       SwExecution *execution,
                       gint64       seq,
                       const char  *arn,
                       gboolean     express)
{
  SwServiceRun *run = g_new0 (SwServiceRun, 1);

  g_atomic_ref_count_init (&run->ref);
  run->service = self;
  run->execution = g_object_ref (execution);
  run->seq = seq;
  run->arn = g_strdup (arn);
  run->waiters = g_ptr_array_new_with_free_func (g_free);
  run->express = express;

  sw_execution_set_wait_scale (execution, self->wait_scale);
  sw_execution_set_task_registry (execution, self->registry);
  if (self->local_root != NULL)
    sw_execution_set_local_root (execution, self->local_root);
  sw_execution_set_accept_callbacks (execution, TRUE);
  sw_execution_set_region (execution, self->region);
  sw_execution_set_account (execution, self->account);
  /* The store keeps the history; the execution need not. */
  sw_execution_set_record_history (execution, FALSE);
  g_signal_connect (execution, "event", G_CALLBACK (on_event), run);

  g_hash_table_replace (self->runs, run->arn, run);
  sw_execution_run_async (execution, NULL, on_run_finished, run_ref (run));
  return run;
}

void
_sw_service_run_add_waiter (SwServiceRun     *run,
                            SwServiceRunDone  done,
                            gpointer          user_data)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->done = done;
  waiter->user_data = user_data;
  g_ptr_array_add (run->waiters, waiter);
}

/* Object */

static void
detach_run (gpointer key,
            gpointer value,
            gpointer user_data)
{
  SwServiceRun *run = value;

  /* The store and the service go away; the execution ends on its own thread and what it
   * reports later is dropped. Its row stays RUNNING, so the next endpoint on this
   * database marks it failed. */
  run->service = NULL;
  sw_execution_stop (run->execution, SW_SERVICE_INTERRUPTED_ERROR, SW_SERVICE_INTERRUPTED_CAUSE);
}

static void
sw_service_dispose (GObject *object)
{
  SwService *self = SW_SERVICE (object);

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  if (self->runs != NULL)
    g_hash_table_foreach (self->runs, detach_run, NULL);
  if (self->store != NULL)
    service_flush (self);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->http);
  g_clear_object (&self->mock_config);
#ifdef HAVE_SAGEMAKER
  g_clear_object (&self->sagemaker);
#endif
  G_OBJECT_CLASS (sw_service_parent_class)->dispose (object);
}

static void
sw_service_finalize (GObject *object)
{
  SwService *self = SW_SERVICE (object);

  g_clear_pointer (&self->tests, g_ptr_array_unref);
  g_clear_pointer (&self->store, _sw_service_store_free);
  g_clear_pointer (&self->credentials, sw_credentials_unref);
  g_free (self->host);
  g_free (self->local_root);
  g_free (self->region);
  g_free (self->account);
  G_OBJECT_CLASS (sw_service_parent_class)->finalize (object);
}

static void
sw_service_class_init (SwServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_service_dispose;
  object_class->finalize = sw_service_finalize;
}

static void
sw_service_init (SwService *self)
{
  self->wait_scale = 1.0;
  self->region = g_strdup (SW_ARN_DEFAULT_REGION);
  self->account = g_strdup (SW_ARN_DEFAULT_ACCOUNT);
  self->registry = sw_task_registry_new ();
  self->http = sw_http_task_new ();
  sw_http_task_register (self->http, self->registry);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) run_unref);
  self->tests = g_ptr_array_new ();
}

/**
 * sw_service_new:
 * @db_path: (nullable): the SQLite database to keep state machines, executions and
 *   histories in, created if missing; %NULL keeps them in memory
 * @error: return location for a %G_IO_ERROR if the database cannot be opened
 *
 * Opens the local endpoint's store. Executions a previous endpoint left running on the
 * same database are marked FAILED (sw_service_get_n_recovered()). Call
 * sw_service_listen() to serve.
 *
 * Returns: (transfer full) (nullable): the service
 */
SwService *
sw_service_new (const char  *db_path,
                GError     **error)
{
  g_autoptr(SwService) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SW_TYPE_SERVICE, NULL);
  self->store = _sw_service_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;
  self->n_recovered = _sw_service_store_recover (self->store, _sw_service_now ());
  if (self->n_recovered > 0)
    g_debug ("Marked %u execution(s) left running by a previous endpoint as failed",
               self->n_recovered);
  return g_steal_pointer (&self);
}

/**
 * sw_service_get_n_recovered:
 *
 * Returns: how many executions left running by an earlier endpoint were marked failed
 */
guint
sw_service_get_n_recovered (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), 0);
  return self->n_recovered;
}

/**
 * sw_service_set_wait_scale:
 * @scale: how much of their time Wait states and retry intervals take in the executions
 *   started from now on: 0 none, 1 all (the default)
 */
void
sw_service_set_wait_scale (SwService *self,
                           double     scale)
{
  g_return_if_fail (SW_IS_SERVICE (self));
  g_return_if_fail (scale >= 0);
  self->wait_scale = scale;
#ifdef HAVE_SAGEMAKER
  if (self->sagemaker != NULL)
    sw_sagemaker_set_wait_scale (self->sagemaker, scale);
#endif
}

double
sw_service_get_wait_scale (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), 1.0);
  return self->wait_scale;
}

/**
 * sw_service_set_credentials:
 * @credentials: (nullable): the only credentials requests may be signed with; %NULL (the
 *   default) serves unsigned requests too, as Step Functions Local does
 *
 * With credentials set, every request must carry a valid SigV4 signature made with them,
 * or it gets the service's authentication error.
 */
void
sw_service_set_credentials (SwService     *self,
                            SwCredentials *credentials)
{
  g_return_if_fail (SW_IS_SERVICE (self));

  if (credentials != NULL)
    sw_credentials_ref (credentials);
  g_clear_pointer (&self->credentials, sw_credentials_unref);
  self->credentials = credentials;
}

/**
 * sw_service_set_local_root:
 * @directory: (nullable): the directory `s3://bucket/key` maps to for the executions
 */
void
sw_service_set_local_root (SwService  *self,
                           const char *directory)
{
  g_return_if_fail (SW_IS_SERVICE (self));
  g_free (self->local_root);
  self->local_root = g_strdup (directory);
}

/**
 * sw_service_set_mock_config:
 * @config: (nullable): mocked Task responses in the Step Functions Local `MockConfigFile`
 *   format; an execution started on `STATE_MACHINE_ARN#TEST_CASE` gets that test case's
 *   responses, as with Step Functions Local
 */
void
sw_service_set_mock_config (SwService    *self,
                            SwMockConfig *config)
{
  g_return_if_fail (SW_IS_SERVICE (self));
  g_return_if_fail (config == NULL || SW_IS_MOCK_CONFIG (config));
  g_set_object (&self->mock_config, config);
}

/**
 * sw_service_set_region:
 * @region: the region of the ARNs the endpoint makes (state machines, executions,
 *   `$$.Execution.Id`); %SW_ARN_DEFAULT_REGION by default, as Step Functions Local
 *
 * State machines already stored keep the ARNs they were created with.
 */
void
sw_service_set_region (SwService  *self,
                       const char *region)
{
  g_return_if_fail (SW_IS_SERVICE (self));
  g_return_if_fail (region != NULL && *region != '\0');
  g_free (self->region);
  self->region = g_strdup (region);
#ifdef HAVE_SAGEMAKER
  if (self->sagemaker != NULL)
    sw_sagemaker_set_region (self->sagemaker, region);
#endif
}

const char *
sw_service_get_region (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), NULL);
  return self->region;
}

/**
 * sw_service_set_account_id:
 * @account: the account ID of the ARNs the endpoint makes; %SW_ARN_DEFAULT_ACCOUNT by
 *   default, as Step Functions Local
 */
void
sw_service_set_account_id (SwService  *self,
                           const char *account)
{
  g_return_if_fail (SW_IS_SERVICE (self));
  g_return_if_fail (account != NULL && *account != '\0');
  g_free (self->account);
  self->account = g_strdup (account);
#ifdef HAVE_SAGEMAKER
  if (self->sagemaker != NULL)
    sw_sagemaker_set_account_id (self->sagemaker, account);
#endif
}

const char *
sw_service_get_account_id (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), NULL);
  return self->account;
}

/**
 * sw_service_get_task_registry:
 *
 * Returns: (transfer none): the handlers that serve the executions' Task states
 */
SwTaskRegistry *
sw_service_get_task_registry (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), NULL);
  return self->registry;
}

/**
 * sw_service_get_http_task:
 *
 * Returns: (transfer none): the HTTP Task handler the executions use, to give it connections
 */
SwHttpTask *
sw_service_get_http_task (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), NULL);
  return self->http;
}

/**
 * sw_service_set_sagemaker:
 * @sagemaker: (nullable): the local SageMaker whose calls the endpoint serves and whose
 *   task handlers the executions use
 */
void
sw_service_set_sagemaker (SwService   *self,
                          SwSageMaker *sagemaker)
{
  g_return_if_fail (SW_IS_SERVICE (self));

#ifdef HAVE_SAGEMAKER
  /* The registry keeps the handlers; the service keeps the object they serve. */
  if (sagemaker != NULL)
    g_object_ref (sagemaker);
  g_clear_object (&self->sagemaker);
  self->sagemaker = sagemaker;
  if (sagemaker != NULL)
    {
      guint n_jobs;

      sw_sagemaker_set_wait_scale (sagemaker, self->wait_scale);
      /* Its ARNs name the endpoint's region and account, as the executions' do. */
      sw_sagemaker_set_region (sagemaker, self->region);
      sw_sagemaker_set_account_id (sagemaker, self->account);
      sw_sagemaker_register (sagemaker, self->registry);
      /* As with executions: jobs an earlier endpoint left running are marked failed. */
      n_jobs = sw_sagemaker_recover_jobs (sagemaker);
      if (n_jobs > 0)
        g_debug ("Marked %u SageMaker job(s) left running by an earlier endpoint as Failed",
                 n_jobs);
    }
#else
  if (sagemaker != NULL)
    g_warning ("This build of the local endpoint has no SageMaker support");
#endif
}

guint
_sw_service_get_n_running (SwService *self)
{
  return g_hash_table_size (self->runs) + self->tests->len;
}

/* Dispatch */

static void
reply_error (SwServiceReplyFunc  reply,
             gpointer            user_data,
             const GError       *error)
{
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = error_body (error, &status);
  reply (status, SFN_CONTENT_TYPE, body, user_data);
}

static gboolean
content_type_is_json (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;
  return g_str_has_prefix (content_type, "application/x-amz-json-1.0") ||
         g_str_has_prefix (content_type, "application/x-amz-json-1.1") ||
         g_str_has_prefix (content_type, "application/json");
}

/**
 * _sw_service_dispatch:
 * @target: (nullable): the `X-Amz-Target` header
 * @content_type: (nullable): the `Content-Type` header
 * @body: the request body
 *
 * Serves one request of the JSON protocols, as the HTTP handler does after checking the
 * signature.
 */
void
_sw_service_dispatch (SwService          *self,
                      const char         *target,
                      const char         *content_type,
                      GBytes             *body,
                      SwServiceReplyFunc  reply,
                      gpointer            user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) request = NULL;
  g_autoptr(SwValue) response = NULL;
  SwServiceCall *call;
  const char *operation;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  service_flush (self);
  if (target == NULL)
    {
      _sw_service_fail (&error, 400, "UnknownOperationException", "Missing X-Amz-Target");
      reply_error (reply, user_data, error);
      return;
    }
  if (size > SW_SERVICE_MAX_BODY)
    {
      _sw_service_fail (&error, 413, "RequestEntityTooLargeException",
                        "Request body of %" G_GSIZE_FORMAT " bytes is larger than %d bytes",
                        size, SW_SERVICE_MAX_BODY);
      reply_error (reply, user_data, error);
      return;
    }

  if (g_str_has_prefix (target, SAGEMAKER_TARGET_PREFIX))
    {
#ifdef HAVE_SAGEMAKER
      if (self->sagemaker != NULL)
        {
          g_autoptr(GError) call_error = NULL;
          g_autoptr(SwValue) result = NULL;
          g_autoptr(GBytes) out = NULL;
          char *text;
          gsize length;

          request = size > 0 ? sw_json_parse (data, size, NULL, NULL, NULL)
                             : sw_value_new_object ();
          if (request == NULL || !sw_value_is_object (request))
            {
              _sw_service_fail (&error, 400, "SerializationException",
                                "The request body is not a JSON object");
              reply_error (reply, user_data, error);
              return;
            }
          result = sw_sagemaker_call (self->sagemaker,
                                      target + strlen (SAGEMAKER_TARGET_PREFIX), request,
                                      &call_error);
          if (result == NULL)
            {
              g_autoptr(GBytes) failure = NULL;
              guint status;

              failure = sagemaker_error_body (call_error, &status);
              reply (status, SAGEMAKER_CONTENT_TYPE, failure, user_data);
              return;
            }
          text = sw_json_write (result, SW_JSON_WRITE_COMPACT, &length);
          out = g_bytes_new_take (text, length);
          reply (200, SAGEMAKER_CONTENT_TYPE, out, user_data);
          return;
        }
#endif
      _sw_service_fail (&error, 400, "UnknownOperationException",
                        "The local endpoint serves SageMaker calls only when it runs "
                        "pipelines offline with SageMaker emulation");
      reply_error (reply, user_data, error);
      return;
    }

  if (!g_str_has_prefix (target, SFN_TARGET_PREFIX))
    {
      _sw_service_fail (&error, 400, "UnknownOperationException", NULL);
      reply_error (reply, user_data, error);
      return;
    }
  operation = target + strlen (SFN_TARGET_PREFIX);

  if (!content_type_is_json (content_type))
    {
      _sw_service_fail (&error, 400, "SerializationException",
                        "Content-Type must be application/x-amz-json-1.0");
      reply_error (reply, user_data, error);
      return;
    }
  if (size == 0)
    request = sw_value_new_object ();
  else
    request = sw_json_parse (data, size, NULL, NULL, NULL);
  if (request == NULL || !sw_value_is_object (request))
    {
      _sw_service_fail (&error, 400, "SerializationException",
                        "Start of structure or map found where not expected");
      reply_error (reply, user_data, error);
      return;
    }

  call = g_new0 (SwServiceCall, 1);
  call->service = self;
  call->reply = reply;
  call->user_data = user_data;
  response = _sw_service_sfn_call (self, operation, request, call, &error);
  if (response != NULL || error != NULL)
    _sw_service_call_reply (call, response, error);
}

/* HTTP */

typedef struct
{
  SoupServerMessage *message;
} Pending;

static void
reply_http (guint        status,
            const char  *content_type,
            GBytes      *body,
            gpointer     user_data)
{
  Pending *pending = user_data;
  SoupServerMessage *message = pending->message;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autofree char *request_id = g_uuid_string_random ();
  gsize size;
  gconstpointer data = g_bytes_get_data (body, &size);

  soup_message_headers_replace (headers, "x-amzn-RequestId", request_id);
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, data, size);
  soup_server_message_unpause (message);
  g_object_unref (message);
  g_free (pending);
}

static void
collect_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  sw_sigv4_request_add_header (user_data, name, value);
}

static SwCredentials *
lookup_credentials (const char *access_key_id,
                    gpointer    user_data)
{
  SwService *self = user_data;

  if (self->credentials != NULL &&
      strcmp (access_key_id, sw_credentials_get_access_key_id (self->credentials)) == 0)
    return sw_credentials_ref (self->credentials);
  return NULL;
}

static gboolean
check_signature (SwService          *self,
                 SoupServerMessage  *message,
                 GBytes             *body,
                 GError            **error)
{
  g_autoptr(SwSigv4Request) request = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GUri *uri = soup_server_message_get_uri (message);

  request = sw_sigv4_request_new (soup_server_message_get_method (message),
                                  g_uri_get_path (uri), g_uri_get_query (uri));
  soup_message_headers_foreach (soup_server_message_get_request_headers (message),
                                collect_header, request);
  sw_sigv4_request_set_body (request, body);
  /* Any region and signing name: clients of the local endpoint pick their own. */
  return sw_sigv4_verify (request, NULL, NULL, lookup_credentials, self, now, 300, NULL, error);
}

#ifdef HAVE_SAGEMAKER
static void
invoke_endpoint (SwService         *self,
                 SoupServerMessage *message,
                 const char        *name,
                 GBytes            *body)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  gconstpointer data;
  gsize size;

  soup_message_headers_replace (headers, "x-amzn-RequestId", request_id);
  out = sw_sagemaker_invoke_endpoint (self->sagemaker, name,
                                      soup_message_headers_get_content_type (request_headers,
                                                                             NULL),
                                      body, &content_type, &error);
  if (out == NULL)
    {
      g_autoptr(GBytes) failure = NULL;
      guint status;

      failure = sagemaker_error_body (error, &status);
      data = g_bytes_get_data (failure, &size);
      soup_server_message_set_status (message, status, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, data,
                                        size);
      return;
    }
  data = g_bytes_get_data (out, &size);
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, content_type != NULL ? content_type
                                                                  : "application/json",
                                    SOUP_MEMORY_COPY, data, size);
}
#endif

static void
handle_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SwService *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *method = soup_server_message_get_method (message);
  Pending *pending;

  if (soup_server_message_get_status (message) != 0)
    return;   /* refused while reading the headers */

  /* The server closes, not the client: libsoup 3.2 leaks server connections that clients
   * close while idle. */
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");
  if (strcmp (method, "GET") == 0 && strcmp (path, "/") == 0)
    {
      static const char text[] = "Stepwise local endpoint: healthy\n";

      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, text,
                                        strlen (text));
      return;
    }
  if (strcmp (method, "POST") != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  pending = g_new0 (Pending, 1);
  pending->message = g_object_ref (message);
  soup_server_message_pause (message);

  if (self->credentials != NULL && !check_signature (self, message, body, &error))
    {
      /* The message names no signature or secret. */
      g_debug ("Refused a request: %s", sw_aws_error_get_service_code (error));
      reply_error (reply_http, pending, error);
      return;
    }

  if (g_str_has_prefix (path, "/endpoints/") && g_str_has_suffix (path, "/invocations"))
    {
#ifdef HAVE_SAGEMAKER
      if (self->sagemaker != NULL)
        {
          g_autofree char *name = g_strndup (path + strlen ("/endpoints/"),
                                             strlen (path) - strlen ("/endpoints/") -
                                             strlen ("/invocations"));

          invoke_endpoint (self, message, name, body);
          soup_server_message_unpause (message);
          g_object_unref (pending->message);
          g_free (pending);
          return;
        }
#endif
      _sw_service_fail (&error, 400, "UnknownOperationException", NULL);
      reply_error (reply_http, pending, error);
      return;
    }

  _sw_service_dispatch (self, soup_message_headers_get_one (headers, "X-Amz-Target"),
                        soup_message_headers_get_one (headers, "Content-Type"), body,
                        reply_http, pending);
}

static void
on_got_headers (SoupServerMessage *message,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  goffset length = soup_message_headers_get_content_length (headers);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > SW_SERVICE_MAX_BODY)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = NULL;
      guint status;
      gsize size;
      gconstpointer data;

      _sw_service_fail (&error, 413, "RequestEntityTooLargeException",
                        "Request body of %" G_GOFFSET_FORMAT " bytes is larger than %d bytes",
                        length, SW_SERVICE_MAX_BODY);
      body = error_body (error, &status);
      data = g_bytes_get_data (body, &size);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Connection", "close");
      soup_server_message_set_status (message, status, NULL);
      soup_server_message_set_response (message, SFN_CONTENT_TYPE, SOUP_MEMORY_COPY, data,
                                        size);
    }
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers), NULL);
}

/**
 * sw_service_listen:
 * @host: (nullable): the address to listen on, `127.0.0.1` when %NULL
 * @port: the port, 0 for any free one (see sw_service_get_port())
 * @error: return location for a %G_IO_ERROR
 *
 * Starts serving on the thread-default main context.
 *
 * Returns: whether the endpoint listens
 */
gboolean
sw_service_listen (SwService   *self,
                   const char  *host,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (SW_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (host == NULL)
    host = "127.0.0.1";
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), host);
      return FALSE;
    }
  if (self->server == NULL)
    {
      self->server = soup_server_new ("server-header", "Stepwise", NULL);
      soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
      g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), self);
    }
  address = g_inet_socket_address_new (inet, port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* Many clients connect at once (each answer closes its connection): a short backlog
   * would drop their SYNs, and the kernel retries them only a second later. */
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->server, socket, 0, error))
    return FALSE;

  /* Not soup_server_get_uris(): libsoup 3.2 leaks the addresses it asks the listener. */
  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_free (self->host);
  self->host = g_strdup (host);
  return TRUE;
}

/**
 * sw_service_get_port:
 *
 * Returns: the port the endpoint listens on, 0 before sw_service_listen()
 */
guint
sw_service_get_port (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), 0);
  return self->port;
}

/**
 * sw_service_dup_url:
 *
 * Returns: (transfer full) (nullable): the endpoint URL, `http://127.0.0.1:PORT`
 */
char *
sw_service_dup_url (SwService *self)
{
  g_return_val_if_fail (SW_IS_SERVICE (self), NULL);

  if (self->port == 0)
    return NULL;
  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u", self->host, self->port);
  return g_strdup_printf ("http://%s:%u", self->host, self->port);
}
