/* test-cli-http.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* HTTP Tasks through `stepwise-cli run`, against a loopback libsoup server: the result
 * printed, a connection's API key sent (--connections), a status error failing the run, and
 * a malformed connections file refused. */

#include <json-glib/json-glib.h>
#include <string.h>

#include "sw-test-cli.h"
#include "sw-test-http-server.h"
#include "sw-test-json.h"

#define CONNECTION "arn:aws:events:us-east-1:123456789012:connection/api/1"

static SwTestHttpServer *server;

static void
write_definition (const char *name,
                  const char *path)
{
  g_autofree char *text = g_strdup_printf (
    "{\"StartAt\": \"Call\", \"States\": {\"Call\": {\"Type\": \"Task\","
    " \"Resource\": \"arn:aws:states:::http:invoke\", \"End\": true,"
    " \"Parameters\": {\"ApiEndpoint\": \"%s%s\", \"Method\": \"POST\","
    "  \"RequestBody\": {\"n.$\": \"$.n\"},"
    "  \"Authentication\": {\"ConnectionArn\": \"" CONNECTION "\"}}}}}",
    sw_test_http_server_get_url (server), path);

  sw_test_cli_write (name, text, -1);
}

static void
test_result (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autoptr(JsonObject) out = NULL;
  JsonObject *body;

  write_definition ("call.json", "/echo");
  sw_test_cli_write ("connections.json",
                     "{\"" CONNECTION "\": {\"AuthorizationType\": \"API_KEY\","
                     " \"AuthParameters\": {\"ApiKeyAuthParameters\":"
                     " {\"ApiKeyName\": \"x-api-key\", \"ApiKeyValue\": \"k-cli\"}}}}", -1);
  sw_test_cli_run (&run, "run", "call.json", "--input", "{\"n\": 7}", "--connections",
                   "connections.json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  out = sw_test_parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (out, "StatusCode"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (out, "StatusText"), ==, "OK");
  body = json_object_get_object_member (out, "ResponseBody");
  g_assert_cmpstr (json_object_get_string_member (body, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (body, "apiKey"), ==, "k-cli");
  g_assert_cmpstr (json_object_get_string_member (body, "body"), ==, "{\"n\":7}");
}

static void
test_status_error (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autoptr(JsonObject) out = NULL;

  write_definition ("missing.json", "/missing");
  /* No connections configured: the ConnectionArn adds nothing. */
  sw_test_cli_run (&run, "run", "missing.json", "--input", "{\"n\": 1}", "--describe", NULL);
  g_assert_cmpint (run.status, ==, 1);
  out = sw_test_parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==,
                   "States.Http.StatusCode.404");
  g_assert_nonnull (strstr (json_object_get_string_member (out, "cause"), "no such thing"));
}

static void
test_bad_connections (void)
{
  g_auto(SwTestRun) run = { 0 };

  write_definition ("call.json", "/echo");
  sw_test_cli_write ("bad-connections.json",
                     "{\"" CONNECTION "\": {\"AuthorizationType\": \"DIGEST\"}}", -1);
  sw_test_cli_run (&run, "run", "call.json", "--connections", "bad-connections.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "AuthorizationType must be API_KEY, BASIC or "
                                     "OAUTH_CLIENT_CREDENTIALS"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  sw_test_cli_init (&argc, &argv, "test-cli-http");
  server = sw_test_http_server_start ();

  g_test_add_func ("/cli/http/result", test_result);
  g_test_add_func ("/cli/http/status-error", test_status_error);
  g_test_add_func ("/cli/http/bad-connections", test_bad_connections);

  status = sw_test_cli_run_tests ();
  sw_test_http_server_stop (server);
  return status;
}
