/* sw-http-task.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP Task (`arn:aws:states:::http:invoke`), served by libsoup.
 *
 * The task's Parameters (or Arguments) give ApiEndpoint, Method, Headers, QueryParameters,
 * RequestBody, Transform (RequestBodyEncoding URL_ENCODED with RequestEncodingOptions
 * ArrayFormat INDICES, REPEAT, COMMAS or BRACKETS) and Authentication.ConnectionArn. The
 * result is {Headers, ResponseBody, StatusCode, StatusText}: header names in lower case, each
 * with the array of its values; the body parsed when its media type is JSON. A status outside
 * 2xx fails the task with `States.Http.StatusCode.<code>` and the result, as JSON, as cause; a
 * request that gets no answer fails it with `States.Http.Socket`.
 *
 * Hardening: redirects are not followed (a 3xx fails the task like any status outside 2xx),
 * so a connection's credentials only ever go to the ApiEndpoint; Headers may not set the
 * reserved headers (Host, Content-Length, Connection, Date, …, x-amz-*, x-amzn-*,
 * x-forwarded-*), nor the header carrying the connection's credentials (`States.Runtime`); a
 * response body over 256 KiB fails the task with `States.DataLimitExceeded`, reading no
 * further than the limit; an OAuth token is kept per connection until 60 s before its
 * expires_in (dropped when the API answers 401, or the connections change).
 *
 * Step Functions calls HTTPS only. Locally, https is allowed anywhere and http to loopback
 * hosts only (for tests and local services); other schemes are refused (`States.Runtime`).
 *
 * Connections stand in for EventBridge connections: a JSON object mapping each ConnectionArn
 * to the CreateConnection shape, {AuthorizationType: API_KEY | BASIC |
 * OAUTH_CLIENT_CREDENTIALS, AuthParameters: {ApiKeyAuthParameters | BasicAuthParameters |
 * OAuthParameters, InvocationHttpParameters}}. When no connections are configured, a
 * ConnectionArn adds nothing; when some are, an unknown one fails the task.
 *
 * TestState's TRACE level shows the request and response: sw_http_task_trace_begin() asks for
 * the HTTP exchanges of one execution, sw_http_task_trace_end() gives the last one, with the
 * values a connection added redacted unless secrets are revealed.
 *
 * The handler runs on the execution's thread, whose thread-default main context runs while
 * the task is pending: each call has its own SoupSession there, so nothing blocks. */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sw-asl-error.h"
#include "sw-http-task.h"
#include "sw-json.h"

#define REDACTED "******"
#define ERROR_RUNTIME "States.Runtime"
#define ERROR_SOCKET "States.Http.Socket"
#define ERROR_DATA_LIMIT "States.DataLimitExceeded"
/* Step Functions' payload quota: a larger response body fails the task, read no further. */
#define MAX_RESPONSE_BODY (256 * 1024)
#define READ_CHUNK (64 * 1024)
/* An OAuth token is reused until this many seconds before its expires_in. */
#define TOKEN_MARGIN 60

struct _SwHttpTask
{
  GObject parent_instance;

  GMutex lock;
  SwValue *connections;      /* ConnectionArn → connection; NULL when none configured */
  GHashTable *traces;        /* execution ARN → SwValue {request, redacted, response} */
  GHashTable *tokens;        /* ConnectionArn → Token, OAuth access tokens still valid */
};

typedef struct
{
  char *value;
  gint64 expires;            /* monotonic time, µs */
} Token;

G_DEFINE_FINAL_TYPE (SwHttpTask, sw_http_task, G_TYPE_OBJECT)

typedef struct
{
  char *name;
  char *value;
} Header;

typedef struct
{
  SwHttpTask *task;
  SwTaskRequest *request;
  SoupSession *session;
  SoupMessage *message;
  char *method;
  char *scheme;
  GString *url;
  SwValue *body;             /* RequestBody, connection body parameters merged in */
  gboolean url_encoded;
  const char *array_format;
  GPtrArray *headers;        /* Header*, in the order sent */
  GPtrArray *secrets;        /* values a connection added, redacted in traces */
  SwValue *connection;
  char *arn;                 /* the ConnectionArn */
  gboolean cached_token;     /* Authorization came from the token cache */
  char *body_text;
  GInputStream *stream;      /* the response body being read */
  GByteArray *received;
} Call;

static void
token_free (Token *token)
{
  g_free (token->value);
  g_free (token);
}

static void
header_free (Header *header)
{
  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

static void
call_free (Call *call)
{
  g_object_unref (call->task);
  sw_task_request_unref (call->request);
  g_clear_object (&call->session);
  g_clear_object (&call->message);
  g_free (call->method);
  g_free (call->scheme);
  g_string_free (call->url, TRUE);
  g_clear_pointer (&call->body, sw_value_unref);
  g_ptr_array_unref (call->headers);
  g_ptr_array_unref (call->secrets);
  g_clear_pointer (&call->connection, sw_value_unref);
  g_free (call->arn);
  g_free (call->body_text);
  g_clear_object (&call->stream);
  if (call->received != NULL)
    g_byte_array_unref (call->received);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void
sw_http_task_finalize (GObject *object)
{
  SwHttpTask *self = SW_HTTP_TASK (object);

  g_clear_pointer (&self->connections, sw_value_unref);
  g_hash_table_unref (self->traces);
  g_hash_table_unref (self->tokens);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sw_http_task_parent_class)->finalize (object);
}

static void
sw_http_task_class_init (SwHttpTaskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_http_task_finalize;
}

static void
sw_http_task_init (SwHttpTask *self)
{
  g_mutex_init (&self->lock);
  self->traces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) sw_value_unref);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) token_free);
}

/**
 * sw_http_task_new:
 *
 * Returns: (transfer full): the HTTP Task handler, with no connections
 */
SwHttpTask *
sw_http_task_new (void)
{
  return g_object_new (SW_TYPE_HTTP_TASK, NULL);
}

/**
 * sw_http_task_set_connections:
 * @connections: a JSON object mapping ConnectionArn to {AuthorizationType, AuthParameters}
 * @error: return location for a %SW_ASL_ERROR_INVALID error
 *
 * Returns: whether @connections has the expected shape (when not, nothing changes)
 */
gboolean
sw_http_task_set_connections (SwHttpTask  *self,
                              SwValue     *connections,
                              GError     **error)
{
  g_return_val_if_fail (SW_IS_HTTP_TASK (self), FALSE);
  g_return_val_if_fail (connections != NULL, FALSE);

  if (!sw_value_is_object (connections))
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                   _("The connections must be a JSON object mapping each ConnectionArn to a "
                     "connection"));
      return FALSE;
    }
  for (guint i = 0; i < sw_value_object_get_size (connections); i++)
    {
      SwValue *connection = sw_value_object_get_value (connections, i);
      SwValue *type = sw_value_is_object (connection)
                        ? sw_value_object_get (connection, "AuthorizationType") : NULL;
      const char *name = type != NULL && sw_value_is_string (type)
                           ? sw_value_get_string (type) : "";

      if (strcmp (name, "API_KEY") != 0 && strcmp (name, "BASIC") != 0 &&
          strcmp (name, "OAUTH_CLIENT_CREDENTIALS") != 0)
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("Connection “%s”: AuthorizationType must be API_KEY, BASIC or "
                         "OAUTH_CLIENT_CREDENTIALS"), sw_value_object_get_key (connections, i));
          return FALSE;
        }
    }
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->connections, sw_value_unref);
  self->connections = sw_value_ref (connections);
  g_hash_table_remove_all (self->tokens);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * sw_http_task_load_connections:
 * @path: a JSON file of connections (see sw_http_task_set_connections())
 * @error: return location for a %G_FILE_ERROR or %SW_ASL_ERROR
 *
 * Returns: whether the file was read and has the expected shape
 */
gboolean
sw_http_task_load_connections (SwHttpTask  *self,
                               const char  *path,
                               GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(SwValue) connections = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (SW_IS_HTTP_TASK (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  connections = sw_json_parse (text, length, NULL, NULL, &local_error);
  if (connections == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }
  if (!sw_http_task_set_connections (self, connections, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Request building */

static const char *
member_string (SwValue    *object,
               const char *key)
{
  SwValue *value = object != NULL && sw_value_is_object (object)
                     ? sw_value_object_get (object, key) : NULL;

  return value != NULL && sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static SwValue *
member_object (SwValue    *object,
               const char *key)
{
  SwValue *value = object != NULL && sw_value_is_object (object)
                     ? sw_value_object_get (object, key) : NULL;

  return value != NULL && sw_value_is_object (value) ? value : NULL;
}

/* A scalar as text; containers as compact JSON. */
static char *
value_text (SwValue *value)
{
  if (sw_value_is_string (value))
    return g_strdup (sw_value_get_string (value));
  if (sw_value_is_number (value))
    return g_strdup (sw_value_get_number_lexeme (value));
  if (sw_value_is_boolean (value))
    return g_strdup (sw_value_get_boolean (value) ? "true" : "false");
  if (sw_value_is_null (value))
    return g_strdup ("null");
  return sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
}

static void
form_pair (GString    *out,
           const char *key,
           const char *text)
{
  g_autofree char *escaped_key = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *escaped_text = g_uri_escape_string (text, NULL, FALSE);

  if (out->len > 0)
    g_string_append_c (out, '&');
  g_string_append_printf (out, "%s=%s", escaped_key, escaped_text);
}

/* application/x-www-form-urlencoded: objects nest as key[member], arrays as @format says. */
static void
form_add (GString    *out,
          const char *key,
          SwValue    *value,
          const char *format)
{
  if (sw_value_is_object (value))
    {
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          const char *name = sw_value_object_get_key (value, i);
          g_autofree char *nested = key != NULL ? g_strdup_printf ("%s[%s]", key, name)
                                                : g_strdup (name);

          form_add (out, nested, sw_value_object_get_value (value, i), format);
        }
    }
  else if (sw_value_is_array (value) && strcmp (format, "COMMAS") == 0)
    {
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        {
          g_autofree char *text = value_text (sw_value_array_get (value, i));

          if (i > 0)
            g_string_append_c (joined, ',');
          g_string_append (joined, text);
        }
      form_pair (out, key, joined->str);
    }
  else if (sw_value_is_array (value))
    {
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        {
          g_autofree char *item_key = NULL;

          if (strcmp (format, "REPEAT") == 0)
            item_key = g_strdup (key);
          else if (strcmp (format, "BRACKETS") == 0)
            item_key = g_strdup_printf ("%s[]", key);
          else
            item_key = g_strdup_printf ("%s[%u]", key, i);
          form_add (out, item_key, sw_value_array_get (value, i), format);
        }
    }
  else if (key != NULL)
    {
      g_autofree char *text = value_text (value);

      form_pair (out, key, text);
    }
}

static void
add_header (Call       *call,
            const char *name,
            const char *value,
            gboolean    secret)
{
  Header *header = g_new0 (Header, 1);

  header->name = g_strdup (name);
  header->value = g_strdup (value);
  g_ptr_array_add (call->headers, header);
  if (secret && value[0] != '\0')
    g_ptr_array_add (call->secrets, g_strdup (value));
}

static gboolean
has_header (Call       *call,
            const char *name)
{
  for (guint i = 0; i < call->headers->len; i++)
    if (g_ascii_strcasecmp (((Header *) g_ptr_array_index (call->headers, i))->name,
                            name) == 0)
      return TRUE;
  return FALSE;
}

static void
add_query (Call       *call,
           const char *key,
           SwValue    *value,
           gboolean    secret)
{
  g_autoptr(GString) pairs = g_string_new (NULL);

  form_add (pairs, key, value, "REPEAT");
  if (pairs->len == 0)
    return;
  g_string_append_c (call->url, strchr (call->url->str, '?') != NULL ? '&' : '?');
  g_string_append (call->url, pairs->str);
  if (secret && sw_value_is_string (value) && sw_value_get_string_length (value) > 0)
    {
      g_ptr_array_add (call->secrets, g_strdup (sw_value_get_string (value)));
      g_ptr_array_add (call->secrets, g_uri_escape_string (sw_value_get_string (value),
                                                           NULL, FALSE));
    }
}

/* A connection's InvocationHttpParameters or OAuthHttpParameters: lists of {Key, Value,
 * IsValueSecret}. */
static void
apply_parameters (Call    *call,
                  SwValue *parameters,
                  SwValue *body)
{
  static const char *const lists[] = {
    "HeaderParameters", "QueryStringParameters", "BodyParameters"
  };

  for (guint l = 0; parameters != NULL && l < G_N_ELEMENTS (lists); l++)
    {
      SwValue *list = sw_value_object_get (parameters, lists[l]);

      for (guint i = 0; list != NULL && sw_value_is_array (list) &&
                        i < sw_value_array_get_length (list); i++)
        {
          SwValue *item = sw_value_array_get (list, i);
          SwValue *secret = sw_value_is_object (item)
                              ? sw_value_object_get (item, "IsValueSecret") : NULL;
          const char *key = member_string (item, "Key");
          const char *value = member_string (item, "Value");
          gboolean is_secret = secret != NULL && sw_value_is_boolean (secret) &&
                               sw_value_get_boolean (secret);

          if (key == NULL || value == NULL)
            continue;
          if (l == 0)
            add_header (call, key, value, is_secret);
          else if (l == 1)
            {
              g_autoptr(SwValue) text = sw_value_new_string (value);

              add_query (call, key, text, is_secret);
            }
          else if (body != NULL)
            {
              sw_value_object_set (body, key, sw_value_new_string (value));
              if (is_secret && value[0] != '\0')
                g_ptr_array_add (call->secrets, g_strdup (value));
            }
        }
    }
}

static char *
basic_credentials (const char *user,
                   const char *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user != NULL ? user : "",
                                           password != NULL ? password : "");
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  return g_strdup_printf ("Basic %s", encoded);
}

/* Traces */

static char *
redact (Call       *call,
        const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < call->secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (call->secrets, i), REDACTED, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_headers (GPtrArray *names,
                GPtrArray *values)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s: %s", i > 0 ? ", " : "",
                            (char *) g_ptr_array_index (names, i),
                            (char *) g_ptr_array_index (values, i));
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static SwValue *
trace_request (Call     *call,
               gboolean  redacted)
{
  SwValue *request = sw_value_new_object ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *headers = NULL;

  for (guint i = 0; i < call->headers->len; i++)
    {
      Header *header = g_ptr_array_index (call->headers, i);

      g_ptr_array_add (names, header->name);
      g_ptr_array_add (values, redacted ? redact (call, header->value)
                                        : g_strdup (header->value));
    }
  headers = format_headers (names, values);
  sw_value_object_set (request, "protocol", sw_value_new_string (call->scheme));
  sw_value_object_set (request, "method", sw_value_new_string (call->method));
  sw_value_object_set (request, "url",
                       redacted ? sw_value_new_string_take (redact (call, call->url->str))
                                : sw_value_new_string (call->url->str));
  sw_value_object_set (request, "headers", sw_value_new_string (headers));
  sw_value_object_set (request, "body",
                       sw_value_new_string_take (call->body_text == NULL ? g_strdup ("")
                                                 : redacted ? redact (call, call->body_text)
                                                 : g_strdup (call->body_text)));
  return request;
}

static void
record_trace (Call       *call,
              guint       status,
              const char *reason,
              GPtrArray  *names,
              GPtrArray  *values,
              const char *body)
{
  const char *arn = sw_task_request_get_execution_arn (call->request);
  SwValue *trace;

  if (arn == NULL)
    return;
  g_mutex_lock (&call->task->lock);
  if (g_hash_table_contains (call->task->traces, arn))
    {
      trace = sw_value_new_object ();
      sw_value_object_set (trace, "request", trace_request (call, FALSE));
      sw_value_object_set (trace, "redacted", trace_request (call, TRUE));
      if (names != NULL)
        {
          SwValue *response = sw_value_new_object ();

          sw_value_object_set (response, "protocol", sw_value_new_string (call->scheme));
          sw_value_object_set (response, "statusCode",
                               sw_value_new_string_take (g_strdup_printf ("%u", status)));
          sw_value_object_set (response, "statusMessage",
                               sw_value_new_string (reason != NULL ? reason : ""));
          sw_value_object_set (response, "headers",
                               sw_value_new_string_take (format_headers (names, values)));
          sw_value_object_set (response, "body", sw_value_new_string (body));
          sw_value_object_set (trace, "response", response);
        }
      g_hash_table_replace (call->task->traces, g_strdup (arn), trace);
    }
  g_mutex_unlock (&call->task->lock);
}

/**
 * sw_http_task_trace_begin:
 * @execution_arn: the execution whose HTTP exchanges to keep
 *
 * Keeps the HTTP exchanges of the execution from now on, until sw_http_task_trace_end().
 */
void
sw_http_task_trace_begin (SwHttpTask *self,
                          const char *execution_arn)
{
  g_return_if_fail (SW_IS_HTTP_TASK (self));
  g_return_if_fail (execution_arn != NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->traces, g_strdup (execution_arn), sw_value_new_null ());
  g_mutex_unlock (&self->lock);
}

/**
 * sw_http_task_trace_end:
 * @execution_arn: the execution given to sw_http_task_trace_begin()
 * @reveal_secrets: whether to show the values a connection added
 *
 * Stops keeping the execution's HTTP exchanges.
 *
 * Returns: (transfer full) (nullable): the last exchange as {request, response}, shaped like
 *   TestState's inspectionData.request and .response (response missing when none came), or
 *   %NULL when the execution made no HTTP call
 */
SwValue *
sw_http_task_trace_end (SwHttpTask *self,
                        const char *execution_arn,
                        gboolean    reveal_secrets)
{
  SwValue *trace, *result = NULL;

  g_return_val_if_fail (SW_IS_HTTP_TASK (self), NULL);
  g_return_val_if_fail (execution_arn != NULL, NULL);

  g_mutex_lock (&self->lock);
  trace = g_hash_table_lookup (self->traces, execution_arn);
  if (trace != NULL && sw_value_is_object (trace))
    {
      SwValue *response = sw_value_object_get (trace, "response");

      result = sw_value_new_object ();
      sw_value_object_set (result, "request",
                           sw_value_ref (sw_value_object_get (trace, reveal_secrets
                                                                     ? "request"
                                                                     : "redacted")));
      if (response != NULL)
        sw_value_object_set (result, "response", sw_value_ref (response));
    }
  g_hash_table_remove (self->traces, execution_arn);
  g_mutex_unlock (&self->lock);
  return result;
}

/* Sending */

static gboolean
is_json_media_type (const char *content_type)
{
  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "application/json") == 0 ||
          g_str_has_suffix (content_type, "+json"));
}

/* The response, its body read in full: the result, or the error for a status outside 2xx. */
static void
finish_response (Call   *call_data,
                 GBytes *bytes_data)
{
  g_autoptr(Call) call = call_data;
  g_autoptr(GBytes) bytes = bytes_data;
  g_autoptr(SwValue) output = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *text = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  SwValue *header_object, *body = NULL;
  const char *name, *value, *reason;
  gconstpointer data;
  guint status;
  gsize size;

  status = soup_message_get_status (call->message);
  if (status == SOUP_STATUS_UNAUTHORIZED && call->cached_token)
    {
      /* The cached token was refused: the next call fetches a new one. */
      g_mutex_lock (&call->task->lock);
      g_hash_table_remove (call->task->tokens, call->arn);
      g_mutex_unlock (&call->task->lock);
    }
  reason = soup_message_get_reason_phrase (call->message);
  headers = soup_message_get_response_headers (call->message);
  names = g_ptr_array_new_with_free_func (g_free);
  values = g_ptr_array_new_with_free_func (g_free);
  output = sw_value_new_object ();
  header_object = sw_value_new_object ();
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      SwValue *list = sw_value_object_get (header_object, lower);

      if (list == NULL)
        {
          list = sw_value_new_array ();
          sw_value_object_set (header_object, lower, list);
        }
      sw_value_array_append (list, sw_value_new_string (value));
      g_ptr_array_add (names, g_steal_pointer (&lower));
      g_ptr_array_add (values, g_strdup (value));
    }

  data = g_bytes_get_data (bytes, &size);
  /* An empty GByteArray gives bytes whose data is NULL. */
  text = data != NULL ? g_utf8_make_valid (data, size) : g_strdup ("");
  if (size > 0 &&
      is_json_media_type (soup_message_headers_get_content_type (headers, NULL)))
    body = sw_json_parse (text, -1, NULL, NULL, NULL);
  if (body == NULL && size > 0)
    body = sw_value_new_string (text);

  sw_value_object_set (output, "Headers", header_object);
  if (body != NULL)
    sw_value_object_set (output, "ResponseBody", body);
  sw_value_object_set (output, "StatusCode", sw_value_new_int (status));
  sw_value_object_set (output, "StatusText", sw_value_new_string (reason != NULL ? reason : ""));
  record_trace (call, status, reason, names, values, text);

  if (status >= 200 && status < 300)
    sw_task_request_return_value (call->request, g_steal_pointer (&output));
  else
    {
      g_autofree char *error_name = g_strdup_printf ("States.Http.StatusCode.%u", status);
      g_autofree char *cause = sw_json_write (output, SW_JSON_WRITE_COMPACT, NULL);

      sw_task_request_return_error (call->request, error_name, cause);
    }
}

/* Fails the call (and frees it): no answer, or one too large. */
static void
fail_response (Call       *call,
               const char *error_name,
               const char *cause)
{
  record_trace (call, 0, NULL, NULL, NULL, NULL);
  sw_task_request_return_error (call->request, error_name, cause);
  call_free (call);
}

static void
fail_too_large (Call *call)
{
  g_autofree char *cause = NULL;

  cause = g_strdup_printf (_("The response body of %s is larger than the %d bytes a state "
                             "can return"), call->url->str, MAX_RESPONSE_BODY);
  /* Dropping the stream closes the connection rather than reading the rest. */
  g_clear_object (&call->stream);
  fail_response (call, ERROR_DATA_LIMIT, cause);
}

static void read_next (Call *call);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Call *call = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL)
    {
      fail_response (call, ERROR_SOCKET, error->message);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      GByteArray *received = g_steal_pointer (&call->received);

      g_input_stream_close (call->stream, NULL, NULL);
      finish_response (call, g_byte_array_free_to_bytes (received));
      return;
    }
  if (call->received->len + g_bytes_get_size (chunk) > MAX_RESPONSE_BODY)
    {
      fail_too_large (call);
      return;
    }
  g_byte_array_append (call->received, g_bytes_get_data (chunk, NULL),
                       g_bytes_get_size (chunk));
  read_next (call);
}

static void
read_next (Call *call)
{
  /* One byte past the limit is enough to know the body is too large. */
  gsize room = MAX_RESPONSE_BODY + 1 - call->received->len;

  g_input_stream_read_bytes_async (call->stream, MIN (room, READ_CHUNK), G_PRIORITY_DEFAULT,
                                   sw_task_request_get_cancellable (call->request), on_read,
                                   call);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Call *call = data;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      fail_response (call, ERROR_SOCKET, error->message);
      return;
    }
  headers = soup_message_get_response_headers (call->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_RESPONSE_BODY)
    {
      fail_too_large (call);
      return;
    }
  call->received = g_byte_array_new ();
  read_next (call);
}

static void
send_request (Call *call)
{
  SoupMessageHeaders *headers;
  GCancellable *cancellable = sw_task_request_get_cancellable (call->request);

  if (call->body != NULL)
    {
      if (sw_value_is_string (call->body))
        call->body_text = g_strdup (sw_value_get_string (call->body));
      else if (call->url_encoded && sw_value_is_object (call->body))
        {
          GString *form = g_string_new (NULL);

          form_add (form, NULL, call->body, call->array_format);
          call->body_text = g_string_free (form, FALSE);
        }
      else
        call->body_text = sw_json_write (call->body, SW_JSON_WRITE_COMPACT, NULL);
      if (!has_header (call, "Content-Type"))
        add_header (call, "Content-Type",
                    call->url_encoded ? "application/x-www-form-urlencoded"
                                      : "application/json; charset=UTF-8", FALSE);
    }

  call->message = soup_message_new (call->method, call->url->str);
  if (call->message == NULL)
    {
      g_autofree char *cause = g_strdup_printf (_("The URL “%s” is not valid"), call->url->str);

      sw_task_request_return_error (call->request, ERROR_RUNTIME, cause);
      call_free (call);
      return;
    }
  headers = soup_message_get_request_headers (call->message);
  for (guint i = 0; i < call->headers->len; i++)
    {
      Header *header = g_ptr_array_index (call->headers, i);

      soup_message_headers_replace (headers, header->name, header->value);
    }
  if (call->body_text != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (call->body_text, strlen (call->body_text));

      soup_message_set_request_body_from_bytes (call->message, NULL, bytes);
    }
  /* Redirects are not followed: a 3xx is the answer (an error), so a connection's credentials
   * never go to another URL. */
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (call->session, call->message, G_PRIORITY_DEFAULT, cancellable,
                           on_sent, call);
}

/* OAUTH_CLIENT_CREDENTIALS: the token first, from the authorization endpoint. */
static void
on_token (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Call *call = data;
  g_autoptr(SoupMessage) message = g_steal_pointer (&call->message);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  g_autoptr(SwValue) parsed = NULL;
  g_autofree char *authorization = NULL;
  SwValue *expires_in;
  const char *token;

  if (bytes != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    parsed = sw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                            NULL, NULL);
  token = member_string (parsed, "access_token");
  if (token == NULL)
    {
      g_autofree char *cause = NULL;

      cause = g_strdup_printf (_("The OAuth token request failed: %s"),
                               error != NULL ? error->message
                                             : soup_message_get_reason_phrase (message));
      sw_task_request_return_error (call->request, ERROR_SOCKET, cause);
      call_free (call);
      return;
    }
  authorization = g_strdup_printf ("Bearer %s", token);
  expires_in = sw_value_is_object (parsed) ? sw_value_object_get (parsed, "expires_in") : NULL;
  /* Kept until TOKEN_MARGIN seconds before it expires; without expires_in, not kept. */
  if (expires_in != NULL && sw_value_is_number (expires_in) &&
      sw_value_get_double (expires_in) > TOKEN_MARGIN)
    {
      Token *cached = g_new0 (Token, 1);

      cached->value = g_strdup (authorization);
      cached->expires = g_get_monotonic_time () +
                        (gint64) ((sw_value_get_double (expires_in) - TOKEN_MARGIN) *
                                  G_USEC_PER_SEC);
      g_mutex_lock (&call->task->lock);
      g_hash_table_replace (call->task->tokens, g_strdup (call->arn), cached);
      g_mutex_unlock (&call->task->lock);
    }
  add_header (call, "Authorization", authorization, TRUE);
  send_request (call);
}

static gboolean
request_token (Call    *call,
               SwValue *oauth)
{
  static const char *const lists[] = {
    "HeaderParameters", "QueryStringParameters", "BodyParameters"
  };
  SwValue *client = member_object (oauth, "ClientParameters");
  SwValue *parameters = member_object (oauth, "OAuthHttpParameters");
  const char *endpoint = member_string (oauth, "AuthorizationEndpoint");
  const char *method = member_string (oauth, "HttpMethod");
  g_autoptr(GString) url = NULL;
  g_autoptr(GString) form = g_string_new ("grant_type=client_credentials");
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) header_free);
  g_autofree char *basic = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;

  if (endpoint == NULL)
    return FALSE;
  url = g_string_new (endpoint);
  for (guint l = 0; parameters != NULL && l < G_N_ELEMENTS (lists); l++)
    {
      SwValue *list = sw_value_object_get (parameters, lists[l]);

      for (guint i = 0; list != NULL && sw_value_is_array (list) &&
                        i < sw_value_array_get_length (list); i++)
        {
          SwValue *item = sw_value_array_get (list, i);
          const char *key = member_string (item, "Key");
          const char *value = member_string (item, "Value");

          if (key == NULL || value == NULL)
            continue;
          if (l == 0)
            {
              Header *header = g_new0 (Header, 1);

              header->name = g_strdup (key);
              header->value = g_strdup (value);
              g_ptr_array_add (extra, header);
            }
          else if (l == 1)
            {
              g_autoptr(GString) pair = g_string_new (NULL);

              form_pair (pair, key, value);
              g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
              g_string_append (url, pair->str);
            }
          else
            form_pair (form, key, value);
        }
    }

  call->message = soup_message_new (method != NULL ? method : "POST", url->str);
  if (call->message == NULL)
    return FALSE;
  headers = soup_message_get_request_headers (call->message);
  for (guint i = 0; i < extra->len; i++)
    {
      Header *header = g_ptr_array_index (extra, i);

      soup_message_headers_replace (headers, header->name, header->value);
    }
  basic = basic_credentials (member_string (client, "ClientID"),
                             member_string (client, "ClientSecret"));
  soup_message_headers_replace (headers, "Authorization", basic);
  bytes = g_bytes_new (form->str, form->len);
  soup_message_set_request_body_from_bytes (call->message, "application/x-www-form-urlencoded",
                                            bytes);
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (call->session, call->message, G_PRIORITY_DEFAULT,
                                    sw_task_request_get_cancellable (call->request),
                                    on_token, call);
  return TRUE;
}

static SwValue *
lookup_connection (SwHttpTask *self,
                   const char *arn,
                   gboolean   *configured)
{
  SwValue *connection = NULL;

  g_mutex_lock (&self->lock);
  *configured = self->connections != NULL;
  if (self->connections != NULL && arn != NULL)
    connection = sw_value_object_get (self->connections, arn);
  if (connection != NULL)
    sw_value_ref (connection);
  g_mutex_unlock (&self->lock);
  return connection;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
fail (SwTaskRequest *request,
      const char    *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (SwTaskRequest *request,
      const char    *format,
      ...)
{
  g_autofree char *cause = NULL;
  va_list args;

  va_start (args, format);
  cause = g_strdup_vprintf (format, args);
  va_end (args);
  sw_task_request_return_error (request, ERROR_RUNTIME, cause);
}

/* Headers a task may not set: those the service reserves (the Headers list of "Call HTTPS
 * APIs in Step Functions workflows", with its x-forwarded-, x-amz- and x-amzn- prefixes),
 * those of the transport, which libsoup computes (Content-Length, Keep-Alive, …), and the one
 * carrying a connection's credentials. Returns the reason @name is refused, or NULL. */
static const char *
refused_header (const char *name,
                const char *type,
                SwValue    *auth)
{
  static const char *const reserved[] = {
    "a-im", "accept-charset", "accept-datetime", "accept-encoding", "cache-control",
    "connection", "content-encoding", "content-length", "content-md5", "date", "expect",
    "forwarded", "from", "host", "http2-settings", "if-match", "if-modified-since",
    "if-none-match", "if-range", "if-unmodified-since", "keep-alive", "max-forwards", "origin",
    "pragma", "proxy-authorization", "proxy-connection", "referer", "server", "te", "trailer",
    "transfer-encoding", "upgrade", "via", "warning", NULL
  };
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *key_name = member_string (member_object (auth, "ApiKeyAuthParameters"),
                                        "ApiKeyName");

  if (g_strv_contains (reserved, lower))
    return _("it is reserved to the service and the HTTP client");
  if (g_str_has_prefix (lower, "x-amz-") || g_str_has_prefix (lower, "x-amzn-") ||
      g_str_has_prefix (lower, "x-forwarded-"))
    return _("the x-amz-, x-amzn- and x-forwarded- prefixes are reserved");
  if ((g_strcmp0 (type, "BASIC") == 0 || g_strcmp0 (type, "OAUTH_CLIENT_CREDENTIALS") == 0) &&
      strcmp (lower, "authorization") == 0)
    return _("the connection supplies it");
  if (g_strcmp0 (type, "API_KEY") == 0 && key_name != NULL &&
      g_ascii_strcasecmp (key_name, name) == 0)
    return _("the connection supplies it");
  return NULL;
}

static void
serve_task (SwTaskRequest *request,
            gpointer       user_data)
{
  static const char *const methods[] = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", NULL
  };
  static const char *const formats[] = { "INDICES", "REPEAT", "COMMAS", "BRACKETS", NULL };
  SwHttpTask *self = user_data;
  SwValue *parameters = sw_task_request_get_parameters (request);
  const char *endpoint = member_string (parameters, "ApiEndpoint");
  const char *method = member_string (parameters, "Method");
  SwValue *user_headers = member_object (parameters, "Headers");
  SwValue *query = member_object (parameters, "QueryParameters");
  SwValue *transform = member_object (parameters, "Transform");
  SwValue *body = parameters != NULL && sw_value_is_object (parameters)
                    ? sw_value_object_get (parameters, "RequestBody") : NULL;
  const char *arn = member_string (member_object (parameters, "Authentication"),
                                   "ConnectionArn");
  const char *encoding = member_string (transform, "RequestBodyEncoding");
  const char *format = member_string (member_object (transform, "RequestEncodingOptions"),
                                      "ArrayFormat");
  g_autoptr(GUri) uri = NULL;
  g_autoptr(Call) call = NULL;
  SwValue *auth = NULL;
  gboolean configured;
  const char *scheme, *type = NULL;

  if (endpoint == NULL || method == NULL)
    {
      fail (request, _("An HTTP Task needs the strings ApiEndpoint and Method"));
      return;
    }
  if (!g_strv_contains (methods, method))
    {
      fail (request, _("The Method “%s” is not one of GET, POST, PUT, DELETE, PATCH, OPTIONS "
                       "and HEAD"), method);
      return;
    }
  if (encoding != NULL && strcmp (encoding, "NONE") != 0 && strcmp (encoding, "URL_ENCODED") != 0)
    {
      fail (request, _("The RequestBodyEncoding “%s” is not NONE or URL_ENCODED"), encoding);
      return;
    }
  if (format != NULL && !g_strv_contains (formats, format))
    {
      fail (request, _("The ArrayFormat “%s” is not one of INDICES, REPEAT, COMMAS and "
                       "BRACKETS"), format);
      return;
    }
  uri = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      fail (request, _("The ApiEndpoint “%s” is not an absolute URL"), endpoint);
      return;
    }
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      (g_ascii_strcasecmp (scheme, "http") != 0 || !is_loopback (g_uri_get_host (uri))))
    {
      fail (request, _("The ApiEndpoint “%s” is refused: an HTTP Task calls https URLs (and "
                       "locally http to a loopback host only)"), endpoint);
      return;
    }

  call = g_new0 (Call, 1);
  call->task = g_object_ref (self);
  call->request = sw_task_request_ref (request);
  call->method = g_strdup (method);
  call->scheme = g_ascii_strdown (scheme, -1);
  call->url = g_string_new (endpoint);
  call->url_encoded = g_strcmp0 (encoding, "URL_ENCODED") == 0;
  call->array_format = format != NULL ? format : "INDICES";
  call->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) header_free);
  call->secrets = g_ptr_array_new_with_free_func (g_free);
  if (body != NULL)
    call->body = sw_value_copy (body);

  for (guint i = 0; user_headers != NULL && i < sw_value_object_get_size (user_headers); i++)
    {
      const char *name = sw_value_object_get_key (user_headers, i);
      g_autofree char *text = value_text (sw_value_object_get_value (user_headers, i));

      if (*name == '\0' || strpbrk (name, " \t\r\n:") != NULL || strpbrk (text, "\r\n") != NULL)
        {
          fail (request, _("The header “%s” is not a valid HTTP header"), name);
          return;
        }
      add_header (call, name, text, FALSE);
    }
  for (guint i = 0; query != NULL && i < sw_value_object_get_size (query); i++)
    add_query (call, sw_value_object_get_key (query, i), sw_value_object_get_value (query, i),
               FALSE);

  call->connection = lookup_connection (self, arn, &configured);
  call->arn = g_strdup (arn);
  if (arn != NULL && call->connection == NULL && configured)
    {
      fail (request, _("The connection “%s” is not among the configured connections"), arn);
      return;
    }
  if (call->connection != NULL)
    {
      auth = member_object (call->connection, "AuthParameters");
      type = member_string (call->connection, "AuthorizationType");
    }
  for (guint i = 0; user_headers != NULL && i < sw_value_object_get_size (user_headers); i++)
    {
      const char *name = sw_value_object_get_key (user_headers, i);
      const char *reason = refused_header (name, type, auth);

      if (reason != NULL)
        {
          fail (request, _("The header “%s” cannot be set in Headers: %s"), name, reason);
          return;
        }
    }
  if (call->connection != NULL)
    {
      if (call->body == NULL && member_object (auth, "InvocationHttpParameters") != NULL &&
          sw_value_object_has (member_object (auth, "InvocationHttpParameters"),
                               "BodyParameters"))
        call->body = sw_value_new_object ();
      apply_parameters (call, member_object (auth, "InvocationHttpParameters"),
                        call->body != NULL && sw_value_is_object (call->body) ? call->body
                                                                               : NULL);
      if (g_strcmp0 (type, "API_KEY") == 0)
        {
          SwValue *key = member_object (auth, "ApiKeyAuthParameters");
          const char *name = member_string (key, "ApiKeyName");

          if (name != NULL)
            add_header (call, name, member_string (key, "ApiKeyValue") != NULL
                                      ? member_string (key, "ApiKeyValue") : "", TRUE);
        }
      else if (g_strcmp0 (type, "BASIC") == 0)
        {
          SwValue *basic = member_object (auth, "BasicAuthParameters");
          g_autofree char *value = basic_credentials (member_string (basic, "Username"),
                                                      member_string (basic, "Password"));

          add_header (call, "Authorization", value, TRUE);
        }
    }

  /* The session lives in the execution's thread-default context, where it completes. */
  call->session = soup_session_new_with_options ("timeout", 60, NULL);
  if (call->connection != NULL &&
      g_strcmp0 (member_string (call->connection, "AuthorizationType"),
                 "OAUTH_CLIENT_CREDENTIALS") == 0)
    {
      Token *cached;
      g_autofree char *authorization = NULL;

      g_mutex_lock (&self->lock);
      cached = g_hash_table_lookup (self->tokens, arn);
      if (cached != NULL && cached->expires > g_get_monotonic_time ())
        authorization = g_strdup (cached->value);
      else if (cached != NULL)
        g_hash_table_remove (self->tokens, arn);
      g_mutex_unlock (&self->lock);
      if (authorization != NULL)
        {
          call->cached_token = TRUE;
          add_header (call, "Authorization", authorization, TRUE);
          send_request (g_steal_pointer (&call));
          return;
        }
      if (!request_token (call, member_object (auth, "OAuthParameters")))
        {
          fail (request, _("The connection “%s” has no valid OAuthParameters "
                           "AuthorizationEndpoint"), arn);
          return;
        }
      g_steal_pointer (&call);
      return;
    }
  send_request (g_steal_pointer (&call));
}

/**
 * sw_http_task_register:
 * @registry: the registry to serve `arn:aws:states:::http:invoke` from
 */
void
sw_http_task_register (SwHttpTask     *self,
                       SwTaskRegistry *registry)
{
  g_return_if_fail (SW_IS_HTTP_TASK (self));
  g_return_if_fail (SW_IS_TASK_REGISTRY (registry));

  sw_task_registry_add (registry, SW_HTTP_TASK_RESOURCE, serve_task, g_object_ref (self),
                        g_object_unref);
}
