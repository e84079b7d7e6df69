/* sw-aws-transport.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The request path both awsJson clients share, over libsoup on the main context the
 * transport was made on.
 *
 * Every request follows the SDKs' retry mode the client is set to. Standard (the default):
 * throttling errors, 5xx answers and broken connections are tried again, up to max attempts
 * in all (3 by default), after a random wait below 2^(attempt − 1) s (at most 20 s), while
 * the retry quota lasts. Legacy, as botocore's: the errors of its _retry.json, an uncapped
 * wait, no quota (5 attempts by default, set by the config). Adaptive: standard, and each
 * attempt first takes a token from botocore's client-side rate limiter, whose rate drops
 * at throttles and climbs back along a CUBIC curve (sw-aws-retry.c). In every mode, a
 * signature refused because the local clock is off is signed again at once with the clock
 * corrected from the service's Date header; an expired token from a refreshable source
 * (credential_process) is fetched again once per request. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-aws-json-private.h"
#include "sw-aws-retry-private.h"
#include "sw-aws-transport-private.h"
#include "sw-sigv4.h"

#ifndef SW_VERSION
# define SW_VERSION "0"
#endif

struct _SwAwsTransport
{
  GObject parent_instance;

  char *region;
  char *signing_name;
  SwCredentialsProvider *credentials;
  SoupSession *session;
  GMainContext *context;

  guint max_attempts;
  SwAwsRetryMode retry_mode;
  guint retry_quota;
  gint64 clock_skew;
  SwAwsRateLimiter limiter;

  SwAwsTimeFunc time_func;
  gpointer time_data;
  SwAwsSleepFunc sleep_func;
  gpointer sleep_data;
  SwAwsRandomFunc random_func;
  gpointer random_data;
};

G_DEFINE_FINAL_TYPE (SwAwsTransport, _sw_aws_transport, G_TYPE_OBJECT)

typedef struct
{
  char *operation;
  char *uri;
  char *target;
  char *content_type;
  GBytes *body;
  char *invocation_id;
  guint attempt;
  guint retry_cost;
  gboolean credentials_refreshed;
  SoupMessage *message;
} Call;

static void start_attempt (GTask *task);
static void send_attempt (GTask *task);

static void
call_free (Call *call)
{
  g_free (call->operation);
  g_free (call->uri);
  g_free (call->target);
  g_free (call->content_type);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->invocation_id);
  g_clear_object (&call->message);
  g_free (call);
}

static void
_sw_aws_transport_dispose (GObject *object)
{
  SwAwsTransport *self = SW_AWS_TRANSPORT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (_sw_aws_transport_parent_class)->dispose (object);
}

static void
_sw_aws_transport_finalize (GObject *object)
{
  SwAwsTransport *self = SW_AWS_TRANSPORT (object);

  g_free (self->region);
  g_free (self->signing_name);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (_sw_aws_transport_parent_class)->finalize (object);
}

static void
_sw_aws_transport_class_init (SwAwsTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = _sw_aws_transport_dispose;
  object_class->finalize = _sw_aws_transport_finalize;
}

static void
_sw_aws_transport_init (SwAwsTransport *self)
{
  self->max_attempts = SW_AWS_DEFAULT_MAX_ATTEMPTS;
  self->retry_mode = SW_AWS_RETRY_MODE_STANDARD;
  self->retry_quota = SW_AWS_RETRY_INITIAL_TOKENS;
  self->context = g_main_context_ref_thread_default ();
  self->session = soup_session_new_with_options ("user-agent", "stepwise/" SW_VERSION,
                                                 "timeout", 60,
                                                 NULL);
}

/**
 * _sw_aws_transport_new:
 * @region: the region to sign for
 * @signing_name: the service's signing name (`states`, `sagemaker`)
 * @credentials: where credentials come from
 *
 * Returns: (transfer full): a transport bound to the thread-default main context
 */
SwAwsTransport *
_sw_aws_transport_new (const char            *region,
                       const char            *signing_name,
                       SwCredentialsProvider *credentials)
{
  SwAwsTransport *self;

  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (signing_name != NULL, NULL);
  g_return_val_if_fail (SW_IS_CREDENTIALS_PROVIDER (credentials), NULL);

  self = g_object_new (SW_TYPE_AWS_TRANSPORT, NULL);
  self->region = g_strdup (region);
  self->signing_name = g_strdup (signing_name);
  self->credentials = g_object_ref (credentials);
  return self;
}

const char *
_sw_aws_transport_get_region (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), NULL);
  return self->region;
}

SwCredentialsProvider *
_sw_aws_transport_get_credentials (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), NULL);
  return self->credentials;
}

SoupSession *
_sw_aws_transport_get_session (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), NULL);
  return self->session;
}

/* libsoup sessions belong to the main context they were made on. */
gboolean
_sw_aws_transport_on_context (SwAwsTransport *self)
{
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), FALSE);
  return (context != NULL ? context : g_main_context_default ()) == self->context;
}

guint
_sw_aws_transport_get_max_attempts (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), 0);
  return self->max_attempts;
}

void
_sw_aws_transport_set_max_attempts (SwAwsTransport *self,
                                    guint           max_attempts)
{
  g_return_if_fail (SW_IS_AWS_TRANSPORT (self));
  g_return_if_fail (max_attempts >= 1 && max_attempts <= SW_AWS_MAX_MAX_ATTEMPTS);

  self->max_attempts = max_attempts;
}

static double
now_seconds (SwAwsTransport *self)
{
  if (self->time_func != NULL)
    return self->time_func (self->time_data);
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

SwAwsRetryMode
_sw_aws_transport_get_retry_mode (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), SW_AWS_RETRY_MODE_STANDARD);
  return self->retry_mode;
}

/* Switching to adaptive starts a rate limiter afresh, as a new botocore client has. */
void
_sw_aws_transport_set_retry_mode (SwAwsTransport *self,
                                  SwAwsRetryMode  mode)
{
  g_return_if_fail (SW_IS_AWS_TRANSPORT (self));
  g_return_if_fail (mode <= SW_AWS_RETRY_MODE_ADAPTIVE);

  if (mode == SW_AWS_RETRY_MODE_ADAPTIVE && self->retry_mode != mode)
    _sw_aws_rate_limiter_init (&self->limiter, now_seconds (self));
  self->retry_mode = mode;
}

/* The clock of the rate limiter (monotonic seconds by default), which starts afresh. */
void
_sw_aws_transport_set_time_func (SwAwsTransport *self,
                                 SwAwsTimeFunc   func,
                                 gpointer        user_data)
{
  g_return_if_fail (SW_IS_AWS_TRANSPORT (self));

  self->time_func = func;
  self->time_data = user_data;
  _sw_aws_rate_limiter_init (&self->limiter, now_seconds (self));
}

const SwAwsRateLimiter *
_sw_aws_transport_get_rate_limiter (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), NULL);
  return &self->limiter;
}

void
_sw_aws_transport_set_sleep_func (SwAwsTransport *self,
                                  SwAwsSleepFunc  func,
                                  gpointer        user_data)
{
  g_return_if_fail (SW_IS_AWS_TRANSPORT (self));

  self->sleep_func = func;
  self->sleep_data = user_data;
}

void
_sw_aws_transport_set_random_func (SwAwsTransport  *self,
                                   SwAwsRandomFunc  func,
                                   gpointer         user_data)
{
  g_return_if_fail (SW_IS_AWS_TRANSPORT (self));

  self->random_func = func;
  self->random_data = user_data;
}

guint
_sw_aws_transport_get_retry_quota (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), 0);
  return self->retry_quota;
}

gint64
_sw_aws_transport_get_clock_skew (SwAwsTransport *self)
{
  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), 0);
  return self->clock_skew;
}

static GDateTime *
signing_time (SwAwsTransport *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_seconds (now, (double) self->clock_skew);
}

static SoupMessage *
build_message (SwAwsTransport  *self,
               Call            *call,
               SwCredentials   *credentials,
               GError         **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *attempt = NULL;
  g_autoptr(SwSigv4Request) request = NULL;
  g_autoptr(SwSigv4Result) signature = NULL;
  g_autoptr(GDateTime) time = signing_time (self);
  SoupMessageHeaders *headers;
  SoupMessage *message;

  uri = g_uri_parse (call->uri, G_URI_FLAGS_ENCODED_PATH, error);
  if (uri == NULL)
    return NULL;
  if (*g_uri_get_path (uri) == '\0')
    {
      /* An endpoint URL without a path posts to "/". */
      GUri *rooted = g_uri_build (G_URI_FLAGS_ENCODED_PATH, g_uri_get_scheme (uri), NULL,
                                  g_uri_get_host (uri), g_uri_get_port (uri), "/", NULL, NULL);

      g_uri_unref (uri);
      uri = rooted;
    }
  host = sw_sigv4_host_for_uri (uri);

  request = sw_sigv4_request_new ("POST", g_uri_get_path (uri), NULL);
  sw_sigv4_request_add_header (request, "Host", host);
  sw_sigv4_request_add_header (request, "Content-Type", call->content_type);
  if (call->target != NULL)
    sw_sigv4_request_add_header (request, "X-Amz-Target", call->target);
  sw_sigv4_request_set_body (request, call->body);
  signature = sw_sigv4_sign (request, credentials, self->region, self->signing_name, time, 0,
                             SW_SIGV4_NORMALIZE_PATH);

  message = soup_message_new_from_uri ("POST", uri);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Host", host);
  if (call->target != NULL)
    soup_message_headers_replace (headers, "X-Amz-Target", call->target);
  for (guint i = 0; signature->added_headers[i] != NULL; i += 2)
    soup_message_headers_replace (headers, signature->added_headers[i],
                                  signature->added_headers[i + 1]);
  attempt = g_strdup_printf ("attempt=%u; max=%u", call->attempt, self->max_attempts);
  soup_message_headers_replace (headers, "amz-sdk-invocation-id", call->invocation_id);
  soup_message_headers_replace (headers, "amz-sdk-request", attempt);
  soup_message_set_request_body_from_bytes (message, call->content_type, call->body);
  return message;
}

static double
next_random (SwAwsTransport *self)
{
  if (self->random_func != NULL)
    return self->random_func (self->random_data);
  return g_random_double ();
}

static gboolean
backoff_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  start_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static gboolean
token_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  send_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/* Takes @task: waits @seconds (through the sleep hook when @hooked and one is set), then
 * calls @func with it. */
static void
sleep_then (GTask       *task,
            gboolean     hooked,
            double       seconds,
            GSourceFunc  func)
{
  SwAwsTransport *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  if (hooked && self->sleep_func != NULL)
    {
      self->sleep_func (seconds, self->sleep_data);
      seconds = 0;
    }

  source = g_timeout_source_new ((guint) ceil (seconds * 1000.0));
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[stepwise] retry wait");
  g_source_set_callback (source, func, task, g_object_unref);
  if (cancellable != NULL)
    {
      /* Wakes the sleep up when the call is cancelled. */
      GSource *cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (source, cancel_source);
      g_source_unref (cancel_source);
    }
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* Takes @task when it returns TRUE; returns FALSE, @task staying with the caller, when no
 * retry is due. */
static gboolean
maybe_retry (GTask          *task,
             SwAwsRetryKind  kind,
             gboolean        at_once,
             const GError   *error)
{
  SwAwsTransport *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  double delay = 0;
  guint cost = 0;

  if (kind == SW_AWS_RETRY_NONE)
    return FALSE;
  if (call->attempt >= self->max_attempts)
    {
      g_debug ("%s: giving up after %u attempts", call->operation, call->attempt);
      return FALSE;
    }
  /* Legacy mode has no retry quota. */
  if (self->retry_mode != SW_AWS_RETRY_MODE_LEGACY &&
      !_sw_aws_retry_quota_acquire (&self->retry_quota, kind, &cost))
    {
      g_debug ("%s: retry quota exhausted", call->operation);
      return FALSE;
    }
  call->retry_cost = cost;

  /* A corrected clock or fetched credentials fix the cause: no need to wait. */
  at_once = at_once || kind == SW_AWS_RETRY_CLOCK_SKEW;
  if (!at_once && self->retry_mode == SW_AWS_RETRY_MODE_LEGACY)
    delay = _sw_aws_retry_backoff_legacy (call->attempt, next_random (self));
  else if (!at_once)
    delay = _sw_aws_retry_backoff (call->attempt, next_random (self));
  g_debug ("%s: attempt %u of %u failed (%s), retrying in %.3f s", call->operation,
           call->attempt, self->max_attempts, error->message, delay);
  sleep_then (task, !at_once, delay, backoff_done_cb);
  return TRUE;
}

/* Reads the error of a non-2xx answer as the awsJson protocols define it: the
 * X-Amzn-ErrorType header, else `code` or `__type` in the body, each cut to the short
 * name; the status itself when there is nothing to read. */
static void
set_service_error (SoupMessage  *message,
                   GBytes       *body,
                   GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *code = NULL;
  JsonObject *object = NULL;
  const char *header, *text, *request_id;
  const char *error_message = NULL;
  guint status = soup_message_get_status (message);

  object = _sw_aws_error_body_object (parser, body);

  header = soup_message_headers_get_one (headers, "x-amzn-ErrorType");
  if (header != NULL && *header != '\0')
    code = _sw_aws_short_error_code (header);
  else if ((text = _sw_aws_json_object_string (object, "code")) != NULL ||
           (text = _sw_aws_json_object_string (object, "__type")) != NULL)
    code = _sw_aws_short_error_code (text);

  error_message = _sw_aws_json_object_string (object, "message");
  if (error_message == NULL)
    error_message = _sw_aws_json_object_string (object, "Message");
  if (error_message == NULL)
    error_message = _sw_aws_json_object_string (object, "errorMessage");

  if (code == NULL || *code == '\0')
    {
      g_free (code);
      code = g_strdup_printf ("%u", status);
      if (error_message == NULL)
        error_message = soup_message_get_reason_phrase (message);
    }

  request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  if (request_id == NULL)
    request_id = soup_message_headers_get_one (headers, "x-amz-request-id");
  sw_aws_error_set_service (error, SW_AWS_ERROR_SERVICE, status, code, error_message,
                            request_id);
}

/**
 * _sw_aws_transport_serialize_json:
 * @input: a request's members
 *
 * Returns: (transfer full): @input as a compact JSON body
 */
GBytes *
_sw_aws_transport_serialize_json (JsonObject *input)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  g_return_val_if_fail (input != NULL, NULL);

  json_node_set_object (root, input);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

/**
 * _sw_aws_transport_parse_json:
 * @body: a successful answer's body
 *
 * Returns: (transfer full) (nullable): the answer's JSON object, an empty one for an empty
 *   body; %NULL with %SW_AWS_ERROR_PROTOCOL when it is not a JSON object
 */
JsonObject *
_sw_aws_transport_parse_json (GBytes  *body,
                              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROTOCOL,
                   _("The service answered with invalid JSON: %s"), local_error->message);
      return NULL;
    }
  /* White space only loads without a root: nothing, as an empty body. */
  if (json_parser_get_root (parser) == NULL)
    return json_object_new ();
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROTOCOL,
                   _("The service answered with JSON that is not an object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Corrects the clock from the Date header when a signature was refused for its time. */
static gboolean
correct_clock_skew (SwAwsTransport *self,
                    SoupMessage    *message)
{
  const char *date = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                   "Date");
  g_autoptr(GDateTime) server = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 skew;

  if (date == NULL || (server = soup_date_time_new_from_http_string (date)) == NULL)
    return FALSE;
  local = g_date_time_new_now_utc ();
  skew = g_date_time_difference (server, local) / G_TIME_SPAN_SECOND;
  if (ABS (skew - self->clock_skew) <= SW_AWS_CLOCK_SKEW_THRESHOLD_SECONDS)
    return FALSE;
  g_debug ("correcting the clock by %" G_GINT64_FORMAT " s from the service's Date", skew);
  self->clock_skew = skew;
  return TRUE;
}

static SwAwsRetryKind
classify (SwAwsTransport *self,
          guint           status,
          const char     *code,
          const GError   *transport_error)
{
  SwAwsRetryKind kind;

  if (self->retry_mode == SW_AWS_RETRY_MODE_LEGACY)
    kind = _sw_aws_retry_classify_legacy (status, code, transport_error);
  else
    kind = _sw_aws_retry_classify (status, code, transport_error);

  /* Every answer, and every connection error, moves the adaptive rate: down at a throttle,
   * up otherwise, as botocore's needs-retry handler. */
  if (self->retry_mode == SW_AWS_RETRY_MODE_ADAPTIVE)
    {
      double rate = _sw_aws_rate_limiter_update (&self->limiter, now_seconds (self),
                                                 kind == SW_AWS_RETRY_THROTTLING);

      if (kind == SW_AWS_RETRY_THROTTLING)
        g_debug ("throttled: send rate now %.3f/s (measured %.3f/s)", rate,
                 self->limiter.measured_rate);
    }
  return kind;
}

static gboolean
is_expired_token (const char *code)
{
  return code != NULL &&
         (strcmp (code, "ExpiredToken") == 0 || strcmp (code, "ExpiredTokenException") == 0);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwAwsTransport *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = g_steal_pointer (&call->message);
  SwAwsRetryKind kind;
  gboolean at_once = FALSE;
  const char *code;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_prefix_error (&error, _("Could not connect to the endpoint URL “%s”: "), call->uri);
      if (maybe_retry (task, classify (self, 0, NULL, error), FALSE, error))
        {
          g_steal_pointer (&task);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (message);
  g_debug ("%s: attempt %u → HTTP %u", call->operation, call->attempt, status);
  if (status >= 200 && status < 300)
    {
      classify (self, status, NULL, NULL);
      _sw_aws_retry_quota_release (&self->retry_quota, call->retry_cost);
      g_object_set_data_full (G_OBJECT (task), "content-type",
                              g_strdup (soup_message_headers_get_content_type (
                                soup_message_get_response_headers (message), NULL)),
                              g_free);
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  set_service_error (message, body, &error);
  code = sw_aws_error_get_service_code (error);
  kind = classify (self, status, code, NULL);
  if (kind == SW_AWS_RETRY_CLOCK_SKEW && !correct_clock_skew (self, message))
    kind = SW_AWS_RETRY_NONE;
  if (is_expired_token (code) && !call->credentials_refreshed &&
      sw_credentials_provider_can_refresh (self->credentials))
    {
      call->credentials_refreshed = TRUE;
      sw_credentials_provider_invalidate (self->credentials);
      kind = SW_AWS_RETRY_TRANSIENT;
      at_once = TRUE;
    }
  if (maybe_retry (task, kind, at_once, error))
    {
      g_steal_pointer (&task);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
credentials_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwAwsTransport *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SwCredentials) credentials = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  credentials = sw_credentials_provider_get_finish (SW_CREDENTIALS_PROVIDER (object), result,
                                                    &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  call->message = build_message (self, call, credentials, &error);
  if (call->message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    cancellable, sent_cb, g_steal_pointer (&task));
}

/* Takes @task. In adaptive mode, waits for a token of the rate limiter first. */
static void
send_attempt (GTask *task)
{
  SwAwsTransport *self = g_task_get_source_object (task);

  if (self->retry_mode == SW_AWS_RETRY_MODE_ADAPTIVE)
    {
      double wait = _sw_aws_rate_limiter_acquire (&self->limiter, now_seconds (self));

      if (wait > 0)
        {
          g_debug ("%s: rate limited, waiting %.3f s", g_task_get_name (task), wait);
          sleep_then (task, TRUE, wait, token_wait_done_cb);
          return;
        }
    }
  sw_credentials_provider_get_async (self->credentials, g_task_get_cancellable (task),
                                     credentials_cb, task);
}

/* Takes @task. */
static void
start_attempt (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  call->attempt++;
  send_attempt (task);
}

/**
 * _sw_aws_transport_send_async:
 * @request: the request, copied
 * @cancellable: (nullable): a cancellable
 * @callback: called with the answer
 *
 * Sends @request, retried as the transport's retry mode says.
 */
void
_sw_aws_transport_send_async (SwAwsTransport              *self,
                              const SwAwsTransportRequest *request,
                              GCancellable                *cancellable,
                              GAsyncReadyCallback          callback,
                              gpointer                     user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (SW_IS_AWS_TRANSPORT (self));
  g_return_if_fail (request != NULL && request->uri != NULL && request->body != NULL);
  g_return_if_fail (request->content_type != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (_sw_aws_transport_on_context (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sw_aws_transport_send_async);
  g_task_set_name (task, request->operation);

  call = g_new0 (Call, 1);
  call->operation = g_strdup (request->operation != NULL ? request->operation : "request");
  call->uri = g_strdup (request->uri);
  call->target = g_strdup (request->target);
  call->content_type = g_strdup (request->content_type);
  call->body = g_bytes_ref (request->body);
  call->invocation_id = g_uuid_string_random ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  start_attempt (task);
}

/**
 * _sw_aws_transport_json_cb:
 * @user_data: (transfer full): the caller's #GTask
 *
 * A #GAsyncReadyCallback for _sw_aws_transport_send_async() that returns the answer's
 * JSON object (or the error) through the caller's task, so a client's call needs no
 * callback of its own.
 */
void
_sw_aws_transport_json_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  JsonObject *output;

  body = _sw_aws_transport_send_finish (SW_AWS_TRANSPORT (object), result, NULL, &error);
  output = body != NULL ? _sw_aws_transport_parse_json (body, &error) : NULL;
  if (output == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, (GDestroyNotify) json_object_unref);
}

/**
 * _sw_aws_transport_send_finish:
 * @content_type: (out) (optional): the answer's content type
 *
 * Returns: (transfer full) (nullable): the body of the successful answer; on failure
 *   @error holds the service's error (%SW_AWS_ERROR_SERVICE), an I/O error (cancelled,
 *   could not connect) or another %SW_AWS_ERROR
 */
GBytes *
_sw_aws_transport_send_finish (SwAwsTransport  *self,
                               GAsyncResult    *result,
                               char           **content_type,
                               GError         **error)
{
  GBytes *body;

  g_return_val_if_fail (SW_IS_AWS_TRANSPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body != NULL && content_type != NULL)
    *content_type = g_strdup (g_object_get_data (G_OBJECT (result), "content-type"));
  return body;
}
