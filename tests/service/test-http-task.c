/* test-http-task.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP Task (arn:aws:states:::http:invoke) against a loopback libsoup server: query
 * parameters, JSON and URL-encoded bodies in every ArrayFormat, status errors a Catch
 * handles, connections (API key, basic, OAuth client credentials), refused URLs, and
 * TestState's TRACE level through the local endpoint, secrets redacted unless revealed; and
 * the hardening: redirects not followed, reserved headers refused, response bodies over
 * 256 KiB refused, OAuth tokens reused. */

#include <json-glib/json-glib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-execution.h"
#include "sw-http-task.h"
#include "sw-json.h"
#include "sw-service.h"
#include "sw-sfn-client.h"
#include "../common/sw-test-http-server.h"
#include "../common/sw-test-sfn-call.h"

#define CONNECTION "arn:aws:events:us-east-1:123456789012:connection/api/1"

static SwTestHttpServer *server;

/* @text with ' for " and @URL@ for the test server's URL. */
static char *
expand (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "'", "\"", 0);
  g_string_replace (out, "@URL@", sw_test_http_server_get_url (server), 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static SwValue *
parse (const char *text)
{
  g_autofree char *expanded = expand (text);
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (expanded, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

/* Runs one HTTP Task with @parameters; a Catch of States.ALL makes its error the output, and
 * so does a failure. */
static SwValue *
run_task (SwHttpTask *http,
          const char *parameters)
{
  g_autofree char *text = g_strdup_printf (
    "{'StartAt': 'Call', 'States': {"
    "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', 'Parameters': %s,"
    " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Caught'}], 'End': true},"
    "'Caught': {'Type': 'Pass', 'End': true}}}", parameters);
  g_autoptr(SwValue) definition = parse (text);
  g_autoptr(SwValue) input = sw_value_new_object ();
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  SwExecutionStatus status;

  execution = sw_execution_new (definition, input, &error);
  g_assert_no_error (error);
  sw_http_task_register (http, registry);
  sw_execution_set_task_registry (execution, registry);
  sw_execution_set_wait_scale (execution, 0);
  status = sw_execution_run (execution, NULL, &error);
  g_assert_no_error (error);
  /* States.Runtime, which no Catch handles, fails the execution. */
  if (status == SW_EXECUTION_STATUS_FAILED)
    {
      SwValue *failure = sw_value_new_object ();

      sw_value_object_set (failure, "Error",
                           sw_value_new_string (sw_execution_get_error (execution)));
      sw_value_object_set (failure, "Cause",
                           sw_value_new_string (sw_execution_get_cause (execution)));
      return failure;
    }
  g_assert_cmpint (status, ==, SW_EXECUTION_STATUS_SUCCEEDED);
  return sw_value_ref (sw_execution_get_output (execution));
}

static const char *
string_at (SwValue    *value,
           const char *first,
           ...)
{
  const char *key = first;
  va_list args;

  va_start (args, first);
  while (key != NULL && value != NULL)
    {
      value = sw_value_is_object (value) ? sw_value_object_get (value, key) : NULL;
      key = va_arg (args, const char *);
    }
  va_end (args);
  g_assert_nonnull (value);
  return sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static void
test_get_query (void)
{
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwValue) out = run_task (http,
    "{'ApiEndpoint': '@URL@/items', 'Method': 'GET',"
    " 'QueryParameters': {'q': 'a b&c', 'n': 2, 'tags': ['x', 'y']}}");
  SwValue *code = sw_value_object_get (out, "StatusCode");
  SwValue *header = sw_value_object_get (sw_value_object_get (out, "Headers"), "x-test");
  gint64 number = 0;

  g_assert_nonnull (code);
  g_assert_true (sw_value_get_int64 (code, &number));
  g_assert_cmpint (number, ==, 200);
  g_assert_cmpstr (string_at (out, "StatusText", NULL), ==, "OK");
  g_assert_cmpstr (string_at (out, "ResponseBody", "method", NULL), ==, "GET");
  g_assert_cmpstr (string_at (out, "ResponseBody", "path", NULL), ==, "/items");
  g_assert_cmpstr (string_at (out, "ResponseBody", "query", NULL), ==,
                   "q=a%20b%26c&n=2&tags=x&tags=y");
  g_assert_true (sw_value_is_null (sw_value_object_get (sw_value_object_get (out,
                                                                             "ResponseBody"),
                                                        "body")));
  g_assert_nonnull (header);
  g_assert_cmpuint (sw_value_array_get_length (header), ==, 1);
  g_assert_cmpstr (sw_value_get_string (sw_value_array_get (header, 0)), ==, "yes");
}

static void
test_post_json (void)
{
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwValue) out = run_task (http,
    "{'ApiEndpoint': '@URL@/things?x=1', 'Method': 'POST', 'Headers': {'X-Custom': 'v'},"
    " 'QueryParameters': {'y': true}, 'RequestBody': {'a': 1, 'b': [true, null, 'z']}}");

  g_assert_cmpstr (string_at (out, "ResponseBody", "method", NULL), ==, "POST");
  g_assert_cmpstr (string_at (out, "ResponseBody", "query", NULL), ==, "x=1&y=true");
  g_assert_cmpstr (string_at (out, "ResponseBody", "body", NULL), ==,
                   "{\"a\":1,\"b\":[true,null,\"z\"]}");
  g_assert_cmpstr (string_at (out, "ResponseBody", "contentType", NULL), ==,
                   "application/json; charset=UTF-8");
}

static void
test_text_response (void)
{
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwValue) out = run_task (http, "{'ApiEndpoint': '@URL@/text', 'Method': 'GET'}");

  g_assert_cmpstr (string_at (out, "ResponseBody", NULL), ==, "plain words");
}

static void
test_url_encoded (void)
{
  static const struct { const char *format, *body; } cases[] = {
    { "INDICES", "list%5B0%5D=a&list%5B1%5D=b%20c&obj%5Bk%5D=v&n=1" },
    { "REPEAT", "list=a&list=b%20c&obj%5Bk%5D=v&n=1" },
    { "COMMAS", "list=a%2Cb%20c&obj%5Bk%5D=v&n=1" },
    { "BRACKETS", "list%5B%5D=a&list%5B%5D=b%20c&obj%5Bk%5D=v&n=1" },
  };
  g_autoptr(SwHttpTask) http = sw_http_task_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parameters = g_strdup_printf (
        "{'ApiEndpoint': '@URL@/form', 'Method': 'PUT',"
        " 'RequestBody': {'list': ['a', 'b c'], 'obj': {'k': 'v'}, 'n': 1},"
        " 'Transform': {'RequestBodyEncoding': 'URL_ENCODED',"
        "               'RequestEncodingOptions': {'ArrayFormat': '%s'}}}", cases[i].format);
      g_autoptr(SwValue) out = run_task (http, parameters);

      g_test_message ("ArrayFormat %s", cases[i].format);
      g_assert_cmpstr (string_at (out, "ResponseBody", "method", NULL), ==, "PUT");
      g_assert_cmpstr (string_at (out, "ResponseBody", "body", NULL), ==, cases[i].body);
      g_assert_cmpstr (string_at (out, "ResponseBody", "contentType", NULL), ==,
                       "application/x-www-form-urlencoded");
    }
}

static void
test_status_caught (void)
{
  g_autoptr(SwValue) definition = parse (
    "{'StartAt': 'Call', 'States': {"
    "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',"
    " 'Parameters': {'ApiEndpoint': '@URL@/missing', 'Method': 'DELETE'},"
    " 'Catch': [{'ErrorEquals': ['States.Http.StatusCode.500'], 'Next': 'Wrong'},"
    "           {'ErrorEquals': ['States.Http.StatusCode.404'], 'Next': 'Gone'}], 'End': true},"
    "'Wrong': {'Type': 'Fail', 'Error': 'Wrong'},"
    "'Gone': {'Type': 'Pass', 'End': true}}}");
  g_autoptr(SwValue) input = sw_value_new_object ();
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwExecution) execution = sw_execution_new (definition, input, NULL);
  g_autoptr(SwValue) cause = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *out;

  sw_http_task_register (http, registry);
  sw_execution_set_task_registry (execution, registry);
  g_assert_cmpint (sw_execution_run (execution, NULL, &error), ==,
                   SW_EXECUTION_STATUS_SUCCEEDED);
  g_assert_no_error (error);
  out = sw_execution_get_output (execution);
  g_assert_cmpstr (string_at (out, "Error", NULL), ==, "States.Http.StatusCode.404");
  cause = sw_json_parse (string_at (out, "Cause", NULL), -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (string_at (cause, "StatusText", NULL), ==, "Not Found");
  g_assert_cmpstr (string_at (cause, "ResponseBody", "message", NULL), ==, "no such thing");
}

static void
set_connections (SwHttpTask *http,
                 const char *text)
{
  g_autoptr(SwValue) connections = parse (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_http_task_set_connections (http, connections, &error));
  g_assert_no_error (error);
}

static void
test_connections (void)
{
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwValue) api_key = NULL;
  g_autoptr(SwValue) basic = NULL;
  g_autoptr(SwValue) oauth = NULL;
  g_autoptr(SwValue) unknown = NULL;
  g_autoptr(SwValue) bad = parse ("{'" CONNECTION "': {'AuthorizationType': 'KERBEROS'}}");
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_http_task_set_connections (http, bad, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);

  set_connections (http,
    "{'" CONNECTION "': {'AuthorizationType': 'API_KEY', 'AuthParameters': {"
    "  'ApiKeyAuthParameters': {'ApiKeyName': 'x-api-key', 'ApiKeyValue': 'k-secret'},"
    "  'InvocationHttpParameters': {"
    "    'QueryStringParameters': [{'Key': 'tenant', 'Value': 't1', 'IsValueSecret': false}],"
    "    'BodyParameters': [{'Key': 'extra', 'Value': 'e', 'IsValueSecret': true}]}}},"
    " 'arn:basic': {'AuthorizationType': 'BASIC', 'AuthParameters': {"
    "  'BasicAuthParameters': {'Username': 'user', 'Password': 'pass'}}},"
    " 'arn:oauth': {'AuthorizationType': 'OAUTH_CLIENT_CREDENTIALS', 'AuthParameters': {"
    "  'OAuthParameters': {'AuthorizationEndpoint': '@URL@/oauth/token', 'HttpMethod': 'POST',"
    "   'ClientParameters': {'ClientID': 'id', 'ClientSecret': 'shh'}}}}}");

  api_key = run_task (http,
    "{'ApiEndpoint': '@URL@/k', 'Method': 'POST', 'RequestBody': {'a': 1},"
    " 'Authentication': {'ConnectionArn': '" CONNECTION "'}}");
  g_assert_cmpstr (string_at (api_key, "ResponseBody", "apiKey", NULL), ==, "k-secret");
  g_assert_cmpstr (string_at (api_key, "ResponseBody", "query", NULL), ==, "tenant=t1");
  g_assert_cmpstr (string_at (api_key, "ResponseBody", "body", NULL), ==,
                   "{\"a\":1,\"extra\":\"e\"}");

  basic = run_task (http,
    "{'ApiEndpoint': '@URL@/b', 'Method': 'GET',"
    " 'Authentication': {'ConnectionArn': 'arn:basic'}}");
  /* base64 ("user:pass") */
  g_assert_cmpstr (string_at (basic, "ResponseBody", "authorization", NULL), ==,
                   "Basic dXNlcjpwYXNz");

  oauth = run_task (http,
    "{'ApiEndpoint': '@URL@/o', 'Method': 'GET',"
    " 'Authentication': {'ConnectionArn': 'arn:oauth'}}");
  g_assert_cmpstr (string_at (oauth, "ResponseBody", "authorization", NULL), ==,
                   "Bearer tok-123");

  unknown = run_task (http,
    "{'ApiEndpoint': '@URL@/u', 'Method': 'GET',"
    " 'Authentication': {'ConnectionArn': 'arn:nope'}}");
  g_assert_cmpstr (string_at (unknown, "Error", NULL), ==, "States.Runtime");
  g_assert_nonnull (strstr (string_at (unknown, "Cause", NULL), "arn:nope"));
}

static void
test_refused (void)
{
  static const struct { const char *parameters, *error, *cause; } cases[] = {
    { "{'ApiEndpoint': 'http://example.com/', 'Method': 'GET'}", "States.Runtime", "https" },
    { "{'ApiEndpoint': 'ftp://127.0.0.1/x', 'Method': 'GET'}", "States.Runtime", "https" },
    { "{'ApiEndpoint': 'items', 'Method': 'GET'}", "States.Runtime", "absolute" },
    { "{'ApiEndpoint': '@URL@/', 'Method': 'TRACE'}", "States.Runtime", "TRACE" },
    { "{'ApiEndpoint': '@URL@/', 'Method': 'GET', 'Headers': {'X-Bad': 'a\\r\\nInjected: 1'}}",
      "States.Runtime", "X-Bad" },
    { "{'ApiEndpoint': '@URL@/', 'Method': 'POST', 'RequestBody': {},"
      " 'Transform': {'RequestBodyEncoding': 'URL_ENCODED',"
      "  'RequestEncodingOptions': {'ArrayFormat': 'SEMICOLONS'}}}", "States.Runtime",
      "SEMICOLONS" },
    /* Nothing listens on port 1 of the loopback. */
    { "{'ApiEndpoint': 'http://127.0.0.1:1/', 'Method': 'GET'}", "States.Http.Socket", "" },
  };
  g_autoptr(SwHttpTask) http = sw_http_task_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwValue) out = run_task (http, cases[i].parameters);

      g_test_message ("case %u", i);
      g_assert_cmpstr (string_at (out, "Error", NULL), ==, cases[i].error);
      g_assert_nonnull (strstr (string_at (out, "Cause", NULL), cases[i].cause));
    }
}

#define CONNECTIONS \
  "{'" CONNECTION "': {'AuthorizationType': 'API_KEY', 'AuthParameters': {" \
  "  'ApiKeyAuthParameters': {'ApiKeyName': 'x-api-key', 'ApiKeyValue': 'k-secret'}}}," \
  " 'arn:basic': {'AuthorizationType': 'BASIC', 'AuthParameters': {" \
  "  'BasicAuthParameters': {'Username': 'user', 'Password': 'pass'}}}," \
  " 'arn:oauth': {'AuthorizationType': 'OAUTH_CLIENT_CREDENTIALS', 'AuthParameters': {" \
  "  'OAuthParameters': {'AuthorizationEndpoint': '@URL@/oauth/token', 'HttpMethod': 'POST'," \
  "   'ClientParameters': {'ClientID': 'id', 'ClientSecret': 'shh'}}}}}"

/* A redirect is not followed: the 3xx fails the task, and the connection's credentials never
 * reach the other server. */
static void
test_redirect (void)
{
  static const char *const arns[] = { CONNECTION, "arn:basic", "arn:oauth" };
  SwTestHttpServer *other = sw_test_http_server_start ();
  g_autoptr(SwHttpTask) http = sw_http_task_new ();

  set_connections (http, CONNECTIONS);
  for (guint i = 0; i < G_N_ELEMENTS (arns); i++)
    {
      g_autofree char *parameters = g_strdup_printf (
        "{'ApiEndpoint': '@URL@/redirect?to=%s/stolen', 'Method': 'GET',"
        " 'Authentication': {'ConnectionArn': '%s'}}",
        sw_test_http_server_get_url (other), arns[i]);
      g_autoptr(SwValue) out = run_task (http, parameters);
      const char *cause = string_at (out, "Cause", NULL);

      g_test_message ("connection %s", arns[i]);
      g_assert_cmpstr (string_at (out, "Error", NULL), ==, "States.Http.StatusCode.302");
      g_assert_nonnull (strstr (cause, "\"StatusCode\":302"));
      g_assert_nonnull (strstr (cause, "/stolen"));
      g_assert_null (strstr (cause, "k-secret"));
    }
  g_assert_cmpuint (sw_test_http_server_get_requests (other), ==, 0);
  sw_test_http_server_stop (other);
}

/* Headers that cannot be set fail the task before any request is sent. */
static void
test_refused_headers (void)
{
  static const struct { const char *header, *arn, *cause; } cases[] = {
    { "Host", NULL, "HTTP client" },
    { "content-length", NULL, "HTTP client" },
    { "Connection", NULL, "HTTP client" },
    { "Transfer-Encoding", NULL, "HTTP client" },
    { "Accept-Encoding", NULL, "reserved" },
    { "X-Forwarded-For", NULL, "reserved" },
    { "X-Amz-Date", NULL, "reserved" },
    { "x-amzn-trace-id", NULL, "reserved" },
    { "Authorization", "arn:basic", "connection" },
    { "authorization", "arn:oauth", "connection" },
    { "X-Api-Key", CONNECTION, "connection" },
  };
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwValue) allowed = NULL;
  guint requests = sw_test_http_server_get_requests (server);

  set_connections (http, CONNECTIONS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parameters = g_strdup_printf (
        "{'ApiEndpoint': '@URL@/h', 'Method': 'GET', 'Headers': {'%s': 'v'}%s%s%s}",
        cases[i].header, cases[i].arn != NULL ? ", 'Authentication': {'ConnectionArn': '" : "",
        cases[i].arn != NULL ? cases[i].arn : "", cases[i].arn != NULL ? "'}" : "");
      g_autoptr(SwValue) out = run_task (http, parameters);

      g_test_message ("header %s", cases[i].header);
      g_assert_cmpstr (string_at (out, "Error", NULL), ==, "States.Runtime");
      g_assert_nonnull (strstr (string_at (out, "Cause", NULL), cases[i].header));
      g_assert_nonnull (strstr (string_at (out, "Cause", NULL), cases[i].cause));
    }
  g_assert_cmpuint (sw_test_http_server_get_requests (server), ==, requests);

  /* Without a connection supplying it, Authorization is the task's to set. */
  allowed = run_task (http,
    "{'ApiEndpoint': '@URL@/h', 'Method': 'GET', 'Headers': {'Authorization': 'Token t'}}");
  g_assert_cmpstr (string_at (allowed, "ResponseBody", "authorization", NULL), ==, "Token t");
}

/* A body over 256 KiB fails the task, with or without Content-Length. */
static void
test_large_response (void)
{
  static const char *const paths[] = { "/big", "/big?chunked=1" };
  g_autoptr(SwHttpTask) http = sw_http_task_new ();

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *parameters = g_strdup_printf (
        "{'ApiEndpoint': '@URL@%s', 'Method': 'GET'}", paths[i]);
      g_autoptr(SwValue) out = run_task (http, parameters);

      g_test_message ("path %s", paths[i]);
      g_assert_cmpstr (string_at (out, "Error", NULL), ==, "States.DataLimitExceeded");
      g_assert_nonnull (strstr (string_at (out, "Cause", NULL), "262144"));
    }
}

/* An OAuth token serves every call until it expires; new connections drop it. */
static void
test_oauth_cache (void)
{
  g_autoptr(SwHttpTask) http = sw_http_task_new ();
  g_autoptr(SwValue) again = NULL;
  guint tokens = sw_test_http_server_get_token_requests (server);
  const char *call = "{'ApiEndpoint': '@URL@/o', 'Method': 'GET',"
                     " 'Authentication': {'ConnectionArn': 'arn:oauth'}}";

  set_connections (http, CONNECTIONS);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SwValue) out = run_task (http, call);

      g_assert_cmpstr (string_at (out, "ResponseBody", "authorization", NULL), ==,
                       "Bearer tok-123");
    }
  g_assert_cmpuint (sw_test_http_server_get_token_requests (server), ==, tokens + 1);

  set_connections (http, CONNECTIONS);
  again = run_task (http, call);
  g_assert_cmpstr (string_at (again, "ResponseBody", "authorization", NULL), ==,
                   "Bearer tok-123");
  g_assert_cmpuint (sw_test_http_server_get_token_requests (server), ==, tokens + 2);
}

/* TestState TRACE through the local endpoint. */
static JsonObject *
test_state (SwSfnClient *client,
            const char  *members)
{
  g_autofree char *text = expand (members);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  SwTestSfnCall wait = { 0 };

  g_assert_nonnull (node);
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_TEST_STATE, json_node_get_object (node),
                            NULL, sw_test_sfn_call_cb, &wait);
  sw_test_sfn_call_wait (&wait, NULL);
  g_assert_no_error (wait.error);
  return wait.output;
}

static void
test_trace (void)
{
  static const char definition[] =
    "{'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', 'End': true,"
    " 'Parameters': {'ApiEndpoint': '@URL@/traced', 'Method': 'GET',"
    "  'Authentication': {'ConnectionArn': '" CONNECTION "'}}}";
  g_autoptr(SwService) service = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(SwCredentials) credentials = sw_credentials_new ("AKID", "secret", NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *members = NULL;
  g_autofree char *revealed_members = NULL;
  g_autofree char *info_members = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) revealed = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *expanded = expand (definition);
  JsonObject *data, *request, *response;
  const char *headers;

  service = sw_service_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_service_listen (service, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  set_connections (sw_service_get_http_task (service),
    "{'" CONNECTION "': {'AuthorizationType': 'API_KEY', 'AuthParameters': {"
    "  'ApiKeyAuthParameters': {'ApiKeyName': 'x-api-key', 'ApiKeyValue': 'k-secret'}}}}");
  url = sw_service_dup_url (service);
  client = sw_sfn_client_new (url, "us-east-1", provider);
  sw_sfn_client_set_max_attempts (client, 1);

  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

    json_node_set_string (node, expanded);
    quoted = json_to_string (node, FALSE);
  }
  members = g_strdup_printf ("{\"definition\": %s, \"roleArn\": \"arn:aws:iam::1:role/r\","
                             " \"inspectionLevel\": \"TRACE\"}", quoted);
  revealed_members = g_strdup_printf ("{\"definition\": %s, \"roleArn\": \"arn:aws:iam::1:role/r\","
                                      " \"inspectionLevel\": \"TRACE\", \"revealSecrets\": true}",
                                      quoted);
  info_members = g_strdup_printf ("{\"definition\": %s, \"roleArn\": \"arn:aws:iam::1:role/r\"}",
                                  quoted);

  out = test_state (client, members);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  data = json_object_get_object_member (out, "inspectionData");
  g_assert_nonnull (data);
  request = json_object_get_object_member (data, "request");
  response = json_object_get_object_member (data, "response");
  g_assert_nonnull (request);
  g_assert_nonnull (response);
  g_assert_cmpstr (json_object_get_string_member (request, "protocol"), ==, "http");
  g_assert_cmpstr (json_object_get_string_member (request, "method"), ==, "GET");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (request, "url"), "/traced"));
  headers = json_object_get_string_member (request, "headers");
  g_assert_nonnull (strstr (headers, "x-api-key: ******"));
  g_assert_null (strstr (headers, "k-secret"));
  g_assert_cmpstr (json_object_get_string_member (response, "statusCode"), ==, "200");
  g_assert_cmpstr (json_object_get_string_member (response, "statusMessage"), ==, "OK");
  g_assert_nonnull (strstr (json_object_get_string_member (response, "headers"), "x-test: yes"));
  g_assert_nonnull (strstr (json_object_get_string_member (response, "body"),
                            "\"path\":\"/traced\""));

  revealed = test_state (client, revealed_members);
  data = json_object_get_object_member (revealed, "inspectionData");
  request = json_object_get_object_member (data, "request");
  g_assert_nonnull (strstr (json_object_get_string_member (request, "headers"),
                            "x-api-key: k-secret"));

  /* INFO: no inspection data at all. */
  info = test_state (client, info_members);
  g_assert_cmpstr (json_object_get_string_member (info, "status"), ==, "SUCCEEDED");
  g_assert_false (json_object_has_member (info, "inspectionData"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sw_test_http_server_start ();
  g_test_add_func ("/service/http-task/get-query", test_get_query);
  g_test_add_func ("/service/http-task/post-json", test_post_json);
  g_test_add_func ("/service/http-task/text-response", test_text_response);
  g_test_add_func ("/service/http-task/url-encoded", test_url_encoded);
  g_test_add_func ("/service/http-task/status-caught", test_status_caught);
  g_test_add_func ("/service/http-task/connections", test_connections);
  g_test_add_func ("/service/http-task/refused", test_refused);
  g_test_add_func ("/service/http-task/trace", test_trace);
  g_test_add_func ("/service/http-task/redirect", test_redirect);
  g_test_add_func ("/service/http-task/refused-headers", test_refused_headers);
  g_test_add_func ("/service/http-task/large-response", test_large_response);
  g_test_add_func ("/service/http-task/oauth-cache", test_oauth_cache);
  status = g_test_run ();
  sw_test_http_server_stop (server);
  return status;
}
