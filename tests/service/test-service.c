/* test-service.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The local endpoint on a real loopback port: our client against it (deploy, start,
 * describe, history, stop, error paths, SigV4 checks), its store across restarts, and the
 * independent peers Debian ships, the AWS CLI and boto3, as judges of the protocol. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/wait.h>

#include "sw-aws-error.h"
#include "sw-json.h"
#include "sw-service-private.h"
#include "sw-service.h"
#include "sw-sfn-client.h"
#include "../common/sw-test-json.h"
#include "../common/sw-test-sfn-call.h"
#if __has_include ("sw-sagemaker.h")
# include "sw-sagemaker.h"
# define HAVE_SAGEMAKER 1
#endif

static char *cli_path;

/* libsoup 3.2's server side leaks the connections it accepted (they outlive the server);
 * only that path is suppressed, the endpoint's own allocations stay checked. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* GLib is built without frame pointers: unwind slowly so the frames above can match. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_socket_accept\n";
}

#define KEY "AKIDSTEPWISETEST"
#define SECRET "stepwise-test-secret-key"
#define ARN_PREFIX "arn:aws:states:us-east-1:123456789012:"

static const char pass_definition[] =
  "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":{\"x\":1},"
  "\"ResultPath\":\"$.r\",\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}";
static const char wait_definition[] =
  "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":1000,\"End\":true}}}";
static const char fail_definition[] =
  "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"Oops\","
  "\"Cause\":\"on purpose\"}}}";

/* Helpers */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static SwSfnClient *
client_new (SwService  *service,
            const char *key,
            const char *secret)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new (key, secret, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autofree char *url = sw_service_dup_url (service);
  SwSfnClient *client = sw_sfn_client_new (url, "us-east-1", provider);

  sw_sfn_client_set_max_attempts (client, 1);
  return client;
}

static SwService *
service_new (const char *db)
{
  g_autoptr(GError) error = NULL;
  SwService *service = sw_service_new (db, &error);

  g_assert_no_error (error);
  g_assert_true (sw_service_listen (service, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_service_get_port (service), >, 0);
  sw_service_set_wait_scale (service, 0);
  return service;
}

/* Calls @operation with the JSON object @input (printf format) and waits for the answer. */
static JsonObject *
call (SwSfnClient     *client,
      SwSfnOperation   operation,
      GError         **error,
      const char      *format,
      ...) G_GNUC_PRINTF (4, 5);

static JsonObject *
call (SwSfnClient     *client,
      SwSfnOperation   operation,
      GError         **error,
      const char      *format,
      ...)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  SwTestSfnCall wait = { 0 };
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  node = json_from_string (text, NULL);
  g_assert_nonnull (node);
  sw_sfn_client_call_async (client, operation, json_node_get_object (node), NULL,
                            sw_test_sfn_call_cb, &wait);
  sw_test_sfn_call_wait (&wait, NULL);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.output;
}

static JsonObject *
call_all (SwSfnClient    *client,
          SwSfnOperation  operation,
          const char     *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  SwTestSfnCall wait = { 0 };

  sw_sfn_client_call_all_pages_async (client, operation, json_node_get_object (node), NULL,
                                      sw_test_sfn_pages_cb, &wait);
  sw_test_sfn_call_wait (&wait, NULL);
  g_assert_no_error (wait.error);
  return wait.output;
}

static void
assert_service_error (GError     *error,
                      const char *type)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == SW_AWS_ERROR);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, type);
}

/* Calls @operation with the JSON object @format, which must fail with the service's error
 * @type. */
static void
assert_call_fails (SwSfnClient    *client,
                   SwSfnOperation  operation,
                   const char     *type,
                   const char     *format,
                   ...) G_GNUC_PRINTF (4, 5);

/* The same with the request @text, and a message that contains @message (unless NULL). */
static void
assert_call_fails_with (SwSfnClient    *client,
                        SwSfnOperation  operation,
                        const char     *type,
                        const char     *message,
                        const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = call (client, operation, &error, "%s", text);

  g_assert_null (out);
  assert_service_error (error, type);
  if (message != NULL && strstr (sw_aws_error_get_service_message (error), message) == NULL)
    g_error ("“%s” lacks “%s”", sw_aws_error_get_service_message (error), message);
}

static void
assert_call_fails (SwSfnClient    *client,
                   SwSfnOperation  operation,
                   const char     *type,
                   const char     *format,
                   ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  assert_call_fails_with (client, operation, type, NULL, text);
}

static char *
json_quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

static void
create_machine (SwSfnClient *client,
                const char  *name,
                const char  *definition,
                const char  *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *quoted = json_quote (definition);
  g_autofree char *arn = g_strconcat (ARN_PREFIX "stateMachine:", name, NULL);

  out = call (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, &error,
              "{\"name\":\"%s\",\"definition\":%s,\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
              "\"type\":\"%s\"}", name, quoted, type);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "stateMachineArn"), ==, arn);
  g_assert_true (JSON_NODE_TYPE (json_object_get_member (out, "creationDate")) ==
                 JSON_NODE_VALUE);
}

/* Polls DescribeExecution until the execution leaves RUNNING. */
static JsonObject *
wait_for_end (SwSfnClient *client,
              const char  *arn)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonObject *out = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, &error,
                              "{\"executionArn\":\"%s\"}", arn);

      g_assert_no_error (error);
      if (g_strcmp0 (json_object_get_string_member (out, "status"), "RUNNING") != 0)
        return out;
      json_object_unref (out);
      g_usleep (10000);
    }
  g_assert_not_reached ();
}

/* Starts an execution with @request (a StartExecution JSON object), checks that its ARN is
 * @arn and returns DescribeExecution's answer once it has ended. */
static JsonObject *
start_to_end (SwSfnClient *client,
              const char  *request,
              const char  *arn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
                                    "%s", request);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "executionArn"), ==, arn);
  return wait_for_end (client, arn);
}

/* Redrives @arn and returns DescribeExecution's answer once the redrive has ended. */
static JsonObject *
redrive_to_end (SwSfnClient *client,
                const char  *arn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_REDRIVE_EXECUTION, &error,
                                    "{\"executionArn\":\"%s\"}", arn);

  g_assert_no_error (error);
  g_assert_true (json_object_has_member (out, "redriveDate"));
  return wait_for_end (client, arn);
}

static void
drain (void)
{
  /* Let the executions' last deliveries run out. */
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* Our client */

static void
test_client_round_trip (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) described = NULL;
  g_autoptr(JsonObject) history = NULL;
  g_autoptr(JsonObject) stopped = NULL;
  g_autoptr(JsonObject) machine = NULL;
  g_autoptr(JsonObject) list = NULL;
  JsonArray *events;
  JsonObject *last;

  create_machine (client, "Pipeline", pass_definition, "STANDARD");
  machine = call (client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, &error,
                  "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Pipeline\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (machine, "definition"), ==, pass_definition);
  g_assert_cmpstr (json_object_get_string_member (machine, "status"), ==, "ACTIVE");
  g_assert_cmpstr (json_object_get_string_member (machine, "type"), ==, "STANDARD");
  g_assert_cmpstr (json_object_get_string_member (machine, "roleArn"), ==,
                   "arn:aws:iam::123456789012:role/r");

  started = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
                  "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Pipeline\","
                  "\"name\":\"run-1\",\"input\":\"{\\\"a\\\": 7}\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (started, "executionArn"), ==,
                   ARN_PREFIX "execution:Pipeline:run-1");
  g_assert_cmpfloat (json_object_get_double_member (started, "startDate"), >, 1.7e9);

  described = wait_for_end (client, ARN_PREFIX "execution:Pipeline:run-1");
  g_assert_cmpstr (json_object_get_string_member (described, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (described, "input"), ==, "{\"a\": 7}");
  g_assert_cmpstr (json_object_get_string_member (described, "output"), ==,
                   "{\"a\":7,\"r\":{\"x\":1}}");
  g_assert_cmpstr (json_object_get_string_member (described, "name"), ==, "run-1");
  g_assert_cmpfloat (json_object_get_double_member (described, "stopDate"), >=,
                     json_object_get_double_member (described, "startDate"));

  history = call_all (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY,
                      "{\"executionArn\":\"" ARN_PREFIX "execution:Pipeline:run-1\","
                      "\"maxResults\":2}");
  events = json_object_get_array_member (history, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "type"), ==, "ExecutionStarted");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1),
                                                  "type"), ==, "PassStateEntered");
  /* As in the GetExecutionHistory reference's example: the first state follows event 0. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (events, 1),
                                               "previousEventId"), ==, 0);
  last = json_array_get_object_element (events, 5);
  g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "ExecutionSucceeded");
  g_assert_cmpint (json_object_get_int_member (last, "id"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (last, "executionSucceededEventDetails"),
                     "output"), ==, "{\"a\":7,\"r\":{\"x\":1}}");

  /* A run that waits, stopped: the answer comes once the abort is recorded. */
  create_machine (client, "Waiter", wait_definition, "STANDARD");
  sw_service_set_wait_scale (service, 1);
  g_clear_pointer (&started, json_object_unref);
  started = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
                  "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Waiter\",\"name\":\"w\"}");
  g_assert_no_error (error);
  stopped = call (client, SW_SFN_OPERATION_STOP_EXECUTION, &error,
                  "{\"executionArn\":\"" ARN_PREFIX "execution:Waiter:w\",\"error\":\"Halt\","
                  "\"cause\":\"test\"}");
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (stopped, "stopDate"));
  g_clear_pointer (&described, json_object_unref);
  described = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, &error,
                    "{\"executionArn\":\"" ARN_PREFIX "execution:Waiter:w\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (described, "status"), ==, "ABORTED");
  g_assert_cmpstr (json_object_get_string_member (described, "error"), ==, "Halt");
  g_assert_cmpstr (json_object_get_string_member (described, "cause"), ==, "test");
  g_assert_cmpstr (json_object_get_string_member (described, "redriveStatus"), ==,
                   "REDRIVABLE");
  g_clear_pointer (&history, json_object_unref);
  history = call (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY, &error,
                  "{\"executionArn\":\"" ARN_PREFIX "execution:Waiter:w\","
                  "\"reverseOrder\":true,\"maxResults\":1}");
  g_assert_no_error (error);
  events = json_object_get_array_member (history, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "type"), ==, "ExecutionAborted");
  g_assert_true (json_object_has_member (history, "nextToken"));

  list = call (client, SW_SFN_OPERATION_LIST_EXECUTIONS, &error,
               "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Waiter\","
               "\"statusFilter\":\"ABORTED\"}");
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "executions")),
                    ==, 1);
  drain ();
}

static void
test_client_errors (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *quoted = json_quote ("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":"
                                        "\"Pass\",\"Next\":\"Nowhere\"}}}");

  out = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, &error,
              "{\"executionArn\":\"" ARN_PREFIX "execution:Nope:x\"}");
  assert_service_error (error, "ExecutionDoesNotExist");
  g_assert_cmpstr (sw_aws_error_get_service_message (error), ==,
                   "Execution Does Not Exist: '" ARN_PREFIX "execution:Nope:x'");
  g_clear_error (&error);

  out = call (client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, &error,
              "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Nope\"}");
  assert_service_error (error, "StateMachineDoesNotExist");
  g_assert_cmpuint (sw_aws_error_get_http_status (error), ==, 400);
  g_clear_error (&error);

  assert_call_fails (client, SW_SFN_OPERATION_START_EXECUTION, "InvalidArn",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "execution:Nope:x\"}");

  assert_call_fails (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, "InvalidArn",
                     "{\"executionArn\":\"not-an-arn\"}");

  out = call (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, &error,
              "{\"name\":\"Bad\",\"definition\":%s,\"roleArn\":\"arn:aws:iam::1:role/r\"}",
              quoted);
  assert_service_error (error, "InvalidDefinition");
  g_assert_true (g_str_has_prefix (sw_aws_error_get_service_message (error),
                                   "Invalid State Machine Definition: '"));
  g_assert_nonnull (strstr (sw_aws_error_get_service_message (error), "/States/A/Next"));
  g_clear_error (&error);

  out = call (client, SW_SFN_OPERATION_VALIDATE_STATE_MACHINE_DEFINITION, &error,
              "{\"definition\":%s}", quoted);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "result"), ==, "FAIL");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out, "diagnostics")),
                    >=, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (out,
                                                                                 "diagnostics"),
                                                    0), "severity"), ==, "ERROR");
  g_clear_pointer (&out, json_object_unref);

  assert_call_fails (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, "InvalidName",
                     "{\"name\":\"bad name\",\"definition\":\"{}\","
                     "\"roleArn\":\"arn:aws:iam::1:role/r\"}");

  /* StartExecution names follow the rule `stepwise-cli run --name` checks too
   * (sw_arn_is_valid_name): 1–80 characters, none of white space, brackets, wildcards, the
   * special characters and control characters. */
  {
    const char *bad_names[] = {
      "", "a b/c", "a\\tb", "x[1]", "what?", "50%", "a:b", "back`quote", "\\u0001",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
      {
        assert_call_fails (client, SW_SFN_OPERATION_START_EXECUTION, "InvalidName",
                           "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Nope\","
                           "\"name\":\"%s\"}", bad_names[i]);
      }
  }

  /* Idempotent create; a different definition under the same name is refused. */
  create_machine (client, "Twice", pass_definition, "STANDARD");
  create_machine (client, "Twice", pass_definition, "STANDARD");
  g_clear_pointer (&quoted, g_free);
  quoted = json_quote (fail_definition);
  assert_call_fails (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, "StateMachineAlreadyExists",
                     "{\"name\":\"Twice\",\"definition\":%s,"
                     "\"roleArn\":\"arn:aws:iam::123456789012:role/r\"}", quoted);

  /* Idempotent start while running with the same input; refused once it ended. */
  create_machine (client, "Slow", wait_definition, "STANDARD");
  sw_service_set_wait_scale (service, 1);
  out = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
              "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Slow\",\"name\":\"same\"}");
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);
  out = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
              "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Slow\",\"name\":\"same\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "executionArn"), ==,
                   ARN_PREFIX "execution:Slow:same");
  g_clear_pointer (&out, json_object_unref);
  assert_call_fails (client, SW_SFN_OPERATION_START_EXECUTION, "ExecutionAlreadyExists",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Slow\",\"name\":\"same\","
                     "\"input\":\"{\\\"other\\\":1}\"}");

  assert_call_fails (client, SW_SFN_OPERATION_START_EXECUTION, "InvalidExecutionInput",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Slow\","
                     "\"input\":\"{not json\"}");

  assert_call_fails (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, "ValidationException",
                     "{\"maxResults\":1001}");

  assert_call_fails (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, "InvalidToken",
                     "{\"nextToken\":\"bm9wZQ==\"}");

  assert_call_fails (client, SW_SFN_OPERATION_START_SYNC_EXECUTION, "StateMachineTypeNotSupported",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Slow\"}");
  drain ();
}

static void
test_client_paging (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) all = NULL;
  JsonArray *machines;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("M%u", i);

      create_machine (client, name, pass_definition, "STANDARD");
    }
  page = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, &error, "{\"maxResults\":2}");
  g_assert_no_error (error);
  machines = json_object_get_array_member (page, "stateMachines");
  g_assert_cmpuint (json_array_get_length (machines), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (machines, 0),
                                                  "name"), ==, "M0");
  g_assert_true (json_object_has_member (page, "nextToken"));

  all = call_all (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, "{\"maxResults\":2}");
  machines = json_object_get_array_member (all, "stateMachines");
  g_assert_cmpuint (json_array_get_length (machines), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (machines, 4),
                                                  "name"), ==, "M4");

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) started = NULL;

      started = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
                      "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:M1\",\"name\":\"e%u\"}",
                      i);
      g_assert_no_error (error);
    }
  g_clear_pointer (&all, json_object_unref);
  all = call_all (client, SW_SFN_OPERATION_LIST_EXECUTIONS,
                  "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:M1\",\"maxResults\":2}");
  machines = json_object_get_array_member (all, "executions");
  g_assert_cmpuint (json_array_get_length (machines), ==, 5);
  /* Newest first, as the service lists them. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (machines, 0),
                                                  "name"), ==, "e4");
  drain ();
}

static void
test_client_sync_and_test_state (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;

  out = call (client, SW_SFN_OPERATION_TEST_STATE, &error,
              "{\"definition\":\"{\\\"Type\\\":\\\"Pass\\\",\\\"Result\\\":1,"
              "\\\"Next\\\":\\\"After\\\"}\",\"roleArn\":\"arn:aws:iam::1:role/r\","
              "\"input\":\"{}\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (out, "nextState"), ==, "After");
  g_clear_pointer (&out, json_object_unref);

  out = call (client, SW_SFN_OPERATION_TEST_STATE, &error,
              "{\"definition\":\"{\\\"Type\\\":\\\"Fail\\\",\\\"Error\\\":\\\"E\\\","
              "\\\"Cause\\\":\\\"C\\\"}\",\"roleArn\":\"arn:aws:iam::1:role/r\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "E");
  g_assert_cmpstr (json_object_get_string_member (out, "cause"), ==, "C");
  drain ();
}

typedef struct
{
  gboolean done;
  guint status;
  char *body;
} Reply;

static void
on_reply (guint        status,
          const char  *content_type,
          GBytes      *body,
          gpointer     user_data)
{
  Reply *reply = user_data;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  reply->status = status;
  reply->body = g_strndup (data, size);
  reply->done = TRUE;
}

#define SFN_JSON "application/x-amz-json-1.0"
#define SAGEMAKER_JSON "application/x-amz-json-1.1"

/* Dispatches @body to @target as the endpoint does, checks the reply's @status and returns
 * the reply's body. */
static char *
dispatch (SwService  *service,
          const char *target,
          const char *content_type,
          const char *body,
          guint       status)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  Reply reply = { 0 };

  _sw_service_dispatch (service, target, content_type, bytes, on_reply, &reply);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (reply.status, ==, status);
  return reply.body;
}

static void
test_dispatch_sync_redrive (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *big = NULL;
  g_autofree char *request = NULL;
  g_autofree char *reply = NULL;

  /* The client sends StartSyncExecution to the endpoint itself, without the "sync-" host
   * prefix, since the host is an IP address. */
  create_machine (client, "Express", pass_definition, "EXPRESS");
  out = call (client, SW_SFN_OPERATION_START_SYNC_EXECUTION, &error,
              "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Express\",\"name\":\"x\","
              "\"input\":\"{}\"}");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "{\"r\":{\"x\":1}}");
  /* Express executions have ARNs of their own kind: express:MACHINE:NAME:ID. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (out, "executionArn"),
                                   ARN_PREFIX "express:Express:x:"));
  g_assert_true (json_object_has_member (json_object_get_object_member (out,
                                                                        "billingDetails"),
                                         "billedDurationInMilliseconds"));
  g_clear_pointer (&out, json_object_unref);

  reply = dispatch (service, "AWSStepFunctions.NoSuchThing", SFN_JSON, "{}", 400);
  g_assert_nonnull (strstr (reply, "#UnknownOperationException"));
  g_clear_pointer (&reply, g_free);

  reply = dispatch (service, "AWSStepFunctions.ListStateMachines", SFN_JSON, "[1,2", 400);
  g_assert_nonnull (strstr (reply, "#SerializationException"));
  g_clear_pointer (&reply, g_free);

  /* The service's quota on inputs: 256 KiB. */
  big = g_strnfill (SW_SERVICE_MAX_INPUT + 1, 'x');
  request = g_strdup_printf ("{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Express\","
                             "\"input\":\"\\\"%s\\\"\"}", big);
  reply = dispatch (service, "AWSStepFunctions.StartSyncExecution", SFN_JSON, request, 400);
  g_assert_nonnull (strstr (reply, "#ValidationException"));
  g_assert_nonnull (strstr (reply, "262144"));
  g_clear_pointer (&reply, g_free);

  /* A failed run redriven: it runs again and its events follow the earlier ones. */
  create_machine (client, "Failing", fail_definition, "STANDARD");
  out = start_to_end (client,
                      "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Failing\",\"name\":\"f\"}",
                      ARN_PREFIX "execution:Failing:f");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "Oops");
  g_clear_pointer (&out, json_object_unref);
  out = redrive_to_end (client, ARN_PREFIX "execution:Failing:f");
  g_assert_cmpint (json_object_get_int_member (out, "redriveCount"), ==, 1);
  g_clear_pointer (&out, json_object_unref);
  reply = dispatch (service, "AWSStepFunctions.GetExecutionHistory", SFN_JSON,
                    "{\"executionArn\":\"" ARN_PREFIX "execution:Failing:f\"}", 200);
  g_assert_nonnull (strstr (reply, "\"type\":\"ExecutionRedriven\",\"id\":4,"
                                   "\"previousEventId\":3"));
  g_assert_nonnull (strstr (reply, "\"type\":\"FailStateEntered\",\"id\":5,"
                                   "\"previousEventId\":4"));
  drain ();
}

/* Redrive: from the state that failed, as RedriveExecution documents it. */

static const char flaky_definition[] =
  "{\"StartAt\":\"Prepare\",\"States\":{"
  "\"Prepare\":{\"Type\":\"Pass\",\"Result\":\"prepared\",\"ResultPath\":\"$.p\","
  "\"Next\":\"Call\"},"
  "\"Call\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
  "\"Parameters\":{\"FunctionName\":\"flaky\",\"Payload.$\":\"$\"},"
  "\"ResultSelector\":{\"v.$\":\"$.Payload\"},\"ResultPath\":\"$.c\",\"End\":true}}}";

/* The event types of an execution's history, space-separated, from event @from (1-based). */
static char *
history_types (SwService  *service,
               const char *arn,
               gint64      from,
               gint64     *first_previous)
{
  g_autofree char *request = g_strdup_printf ("{\"executionArn\":\"%s\"}", arn);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) types = g_string_new (NULL);
  g_autofree char *reply = dispatch (service, "AWSStepFunctions.GetExecutionHistory", SFN_JSON,
                                     request, 200);
  JsonArray *events;

  object = sw_test_parse_object (reply);
  events = json_object_get_array_member (object, "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_assert_cmpint (json_object_get_int_member (event, "id"), ==, i + 1);
      if (i + 1 < from)
        continue;
      if (i + 1 == from && first_previous != NULL)
        *first_previous = json_object_get_int_member (event, "previousEventId");
      if (types->len > 0)
        g_string_append_c (types, ' ');
      g_string_append (types, json_object_get_string_member (event, "type"));
    }
  return g_strdup (types->str);
}

static guint
count_listed (SwSfnClient *client,
              const char  *members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_LIST_EXECUTIONS, &error,
                                    "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Flaky\""
                                    "%s}", members);

  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (out, "executions"));
}

static void
test_redrive_from_failed_state (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwMockConfig) config = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *types = NULL;
  g_autofree char *quoted = NULL;
  gint64 previous = -1;
  static const char mock[] =
    "{\"StateMachines\":{\"Flaky\":{\"TestCases\":{\"Once\":{\"Call\":\"R\"}}}},"
    "\"MockedResponses\":{\"R\":{\"0\":{\"Throw\":{\"Error\":\"Lambda.ServiceException\","
    "\"Cause\":\"fails once\"}},\"1\":{\"Return\":{\"Payload\":{\"ok\":1}}}}}}";

  root = sw_json_parse (mock, -1, NULL, NULL, &error);
  config = sw_mock_config_new_from_value (root, &error);
  g_assert_no_error (error);
  sw_service_set_mock_config (service, config);
  create_machine (client, "Flaky", flaky_definition, "STANDARD");

  out = start_to_end (client,
                      "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Flaky#Once\","
                      "\"name\":\"r1\",\"input\":\"{\\\"n\\\":7}\"}",
                      ARN_PREFIX "execution:Flaky:r1");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "Lambda.ServiceException");
  g_assert_cmpstr (json_object_get_string_member (out, "redriveStatus"), ==, "REDRIVABLE");
  g_assert_false (json_object_has_member (out, "redriveStatusReason"));
  g_clear_pointer (&out, json_object_unref);
  g_assert_cmpuint (count_listed (client, ",\"redriveFilter\":\"REDRIVEN\""), ==, 0);
  g_assert_cmpuint (count_listed (client, ",\"redriveFilter\":\"NOT_REDRIVEN\""), ==, 1);

  /* An update after the failure does not change what the redrive runs. */
  quoted = json_quote ("{\"StartAt\":\"Other\",\"States\":{\"Other\":{\"Type\":\"Fail\"}}}");
  out = call (client, SW_SFN_OPERATION_UPDATE_STATE_MACHINE, &error,
              "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Flaky\",\"definition\":%s}",
              quoted);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);

  out = redrive_to_end (client, ARN_PREFIX "execution:Flaky:r1");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpint (json_object_get_int_member (out, "redriveCount"), ==, 1);
  g_assert_true (json_object_has_member (out, "redriveDate"));
  /* Prepare's result is kept, Call's comes from the second mocked response. */
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==,
                   "{\"n\":7,\"p\":\"prepared\",\"c\":{\"v\":{\"ok\":1}}}");
  g_assert_cmpstr (json_object_get_string_member (out, "redriveStatus"), ==, "NOT_REDRIVABLE");
  g_assert_cmpstr (json_object_get_string_member (out, "redriveStatusReason"), ==,
                   "Execution is SUCCEEDED and cannot be redriven");
  g_clear_pointer (&out, json_object_unref);

  /* The first attempt's 8 events, then the redrive's: Prepare is not entered again. */
  types = history_types (service, ARN_PREFIX "execution:Flaky:r1", 1, NULL);
  g_assert_cmpstr (types, ==, "ExecutionStarted PassStateEntered PassStateExited "
                              "TaskStateEntered TaskScheduled TaskStarted TaskFailed "
                              "ExecutionFailed ExecutionRedriven TaskStateEntered TaskScheduled "
                              "TaskStarted TaskSucceeded TaskStateExited ExecutionSucceeded");
  g_clear_pointer (&types, g_free);
  types = history_types (service, ARN_PREFIX "execution:Flaky:r1", 9, &previous);
  g_assert_cmpint (previous, ==, 8);
  g_assert_cmpuint (count_listed (client, ",\"redriveFilter\":\"REDRIVEN\""), ==, 1);
  g_assert_cmpuint (count_listed (client, ",\"redriveFilter\":\"NOT_REDRIVEN\""), ==, 0);

  /* A SUCCEEDED execution is not redrivable. */
  out = call (client, SW_SFN_OPERATION_REDRIVE_EXECUTION, &error,
              "{\"executionArn\":\"" ARN_PREFIX "execution:Flaky:r1\"}");
  assert_service_error (error, "ExecutionNotRedrivable");
  g_assert_nonnull (strstr (sw_aws_error_get_service_message (error),
                            "Execution is SUCCEEDED and cannot be redriven"));
  g_clear_error (&error);
  assert_call_fails (client, SW_SFN_OPERATION_LIST_EXECUTIONS, "ValidationException",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Flaky\","
                     "\"redriveFilter\":\"SOMETIMES\"}");
  drain ();
}

/* EXPRESS: StartSyncExecution only for them; their executions are not recorded. */
static void
test_express_not_recorded (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;
  static const SwSfnOperation by_arn[] = {
    SW_SFN_OPERATION_DESCRIBE_EXECUTION, SW_SFN_OPERATION_GET_EXECUTION_HISTORY,
    SW_SFN_OPERATION_STOP_EXECUTION, SW_SFN_OPERATION_REDRIVE_EXECUTION,
  };

  create_machine (client, "Quick", pass_definition, "EXPRESS");
  create_machine (client, "Slow", pass_definition, "STANDARD");

  assert_call_fails (client, SW_SFN_OPERATION_START_SYNC_EXECUTION, "StateMachineTypeNotSupported",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Slow\"}");

  /* StartExecution starts an EXPRESS machine too (asynchronously). */
  out = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
              "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Quick\",\"name\":\"q\"}");
  g_assert_no_error (error);
  arn = g_strdup (json_object_get_string_member (out, "executionArn"));
  g_assert_true (g_str_has_prefix (arn, ARN_PREFIX "express:Quick:q:"));
  g_clear_pointer (&out, json_object_unref);
  drain ();

  for (guint i = 0; i < G_N_ELEMENTS (by_arn); i++)
    {
      out = call (client, by_arn[i], &error, "{\"executionArn\":\"%s\"}", arn);
      assert_service_error (error, "InvalidArn");
      g_assert_nonnull (strstr (sw_aws_error_get_service_message (error), "express"));
      g_clear_error (&error);
    }
  assert_call_fails (client, SW_SFN_OPERATION_LIST_EXECUTIONS, "StateMachineTypeNotSupported",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Quick\"}");

  /* Nor is an express history kept in the store. */
  {
    g_autoptr(SwStoredExecution) stored = _sw_service_store_get_execution (service->store, arn);

    g_assert_nonnull (stored);
    g_assert_cmpstr (stored->status, ==, "SUCCEEDED");
    g_assert_cmpint (stored->n_events, ==, 0);
  }
  drain ();
}

/* Region and account come from the endpoint's configuration, into every ARN. */
static void
return_execution_arn (SwTaskRequest *request,
                      gpointer       user_data)
{
  SwValue *result = sw_value_new_object ();

  sw_value_object_set (result, "arn",
                       sw_value_new_string (sw_task_request_get_execution_arn (request)));
  sw_task_request_return_value (request, result);
}

static void
test_region_account (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { cli_path, "serve", "--region", "Mars", "--port", "0", NULL };
  int status = 0;
#define EU "arn:aws:states:eu-west-3:210987654321:"

  g_assert_cmpstr (sw_service_get_region (service), ==, "us-east-1");
  g_assert_cmpstr (sw_service_get_account_id (service), ==, "123456789012");
  sw_service_set_region (service, "eu-west-3");
  sw_service_set_account_id (service, "210987654321");
  sw_task_registry_add (sw_service_get_task_registry (service), "arn:aws:states:::stepwise:whoami",
                        return_execution_arn, NULL, NULL);

  quoted = json_quote ("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                       "\"Resource\":\"arn:aws:states:::stepwise:whoami\",\"ResultSelector\":{"
                       "\"task.$\":\"$.arn\",\"id.$\":\"$$.Execution.Id\","
                       "\"machine.$\":\"$$.StateMachine.Id\",\"role.$\":\"$$.Execution.RoleArn\"},"
                       "\"End\":true}}}");
  out = call (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, &error,
              "{\"name\":\"Euro\",\"definition\":%s,\"roleArn\":\"arn:aws:iam::1:role/r\"}",
              quoted);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "stateMachineArn"), ==,
                   EU "stateMachine:Euro");
  g_clear_pointer (&out, json_object_unref);

  /* The default region's ARN names no machine of this endpoint. */
  assert_call_fails (client, SW_SFN_OPERATION_START_EXECUTION, "StateMachineDoesNotExist",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Euro\"}");

  out = start_to_end (client,
                      "{\"stateMachineArn\":\"" EU "stateMachine:Euro\",\"name\":\"e\"}",
                      EU "execution:Euro:e");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "stateMachineArn"), ==,
                   EU "stateMachine:Euro");
  expected = g_strdup_printf ("{\"task\":\"%s\",\"id\":\"%s\",\"machine\":\"%s\","
                              "\"role\":\"arn:aws:iam::210987654321:role/StepwiseLocal\"}",
                              EU "execution:Euro:e", EU "execution:Euro:e",
                              EU "stateMachine:Euro");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, expected);
  g_clear_pointer (&out, json_object_unref);

  /* The command line refuses what is not a region or an account. */
  if (cli_path != NULL)
    {
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                   G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                   &error));
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      argv[2] = "--account-id";
      argv[3] = "12345";
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                   G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                   &error));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    }
#undef EU
  drain ();
}

/* TestState's inspection levels and statuses. */

static void
fail_boom (SwTaskRequest *request,
           gpointer       user_data)
{
  sw_task_request_return_error (request, "Boom", "it broke");
}

static void
return_pair (SwTaskRequest *request,
             gpointer       user_data)
{
  sw_task_request_return_value (request, sw_json_parse ("{\"a\":1,\"b\":2}", -1, NULL, NULL,
                                                        NULL));
}

static JsonObject *
test_state_call (SwSfnClient *client,
                 const char  *definition,
                 const char  *members)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = json_quote (definition);
  JsonObject *out = call (client, SW_SFN_OPERATION_TEST_STATE, &error,
                          "{\"definition\":%s,\"roleArn\":\"arn:aws:iam::1:role/r\"%s}",
                          quoted, members);

  g_assert_no_error (error);
  return out;
}

static const char *
inspected (JsonObject *out,
           const char *key)
{
  JsonObject *data = json_object_get_object_member (out, "inspectionData");

  g_assert_nonnull (data);
  return json_object_has_member (data, key) ? json_object_get_string_member (data, key) : NULL;
}

static void
test_test_state_inspection (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *details;
  static const char pass[] =
    "{\"Type\":\"Pass\",\"InputPath\":\"$.in\",\"Parameters\":{\"p.$\":\"$.x\"},"
    "\"ResultPath\":\"$.r\",\"Next\":\"After\"}";
  static const char task[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::stepwise:boom\",\"Parameters\":{\"q\":1},"
    "\"Retry\":[{\"ErrorEquals\":[\"Other\"]},{\"ErrorEquals\":[\"Boom\"],"
    "\"IntervalSeconds\":3,\"MaxAttempts\":2}],\"End\":true}";
  static const char caught[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::stepwise:boom\","
    "\"Catch\":[{\"ErrorEquals\":[\"Other\"],\"Next\":\"No\"},"
    "{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.e\",\"Next\":\"Handle\"}],"
    "\"End\":true}";
  static const char jsonata[] =
    "{\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"Output\":\"{% $v + 1 %}\","
    "\"Assign\":{\"w\":\"{% $v * 2 %}\"},\"End\":true}";

  sw_task_registry_add (sw_service_get_task_registry (service), "arn:aws:states:::stepwise:boom",
                        fail_boom, NULL, NULL);
  sw_task_registry_add (sw_service_get_task_registry (service), "arn:aws:states:::stepwise:pair",
                        return_pair, NULL, NULL);

  /* DEBUG: every step of the JSONPath data flow. */
  out = test_state_call (client, pass, ",\"input\":\"{\\\"in\\\":{\\\"x\\\":5}}\","
                                       "\"inspectionLevel\":\"DEBUG\"");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "nextState"), ==, "After");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==,
                   "{\"in\":{\"x\":5},\"r\":{\"p\":5}}");
  g_assert_cmpstr (inspected (out, "input"), ==, "{\"in\":{\"x\":5}}");
  g_assert_cmpstr (inspected (out, "afterInputPath"), ==, "{\"x\":5}");
  g_assert_cmpstr (inspected (out, "afterParameters"), ==, "{\"p\":5}");
  g_assert_cmpstr (inspected (out, "result"), ==, "{\"p\":5}");
  g_assert_cmpstr (inspected (out, "afterResultSelector"), ==, "{\"p\":5}");
  g_assert_cmpstr (inspected (out, "afterResultPath"), ==, "{\"in\":{\"x\":5},\"r\":{\"p\":5}}");
  g_clear_pointer (&out, json_object_unref);

  /* A task's result through ResultSelector, with the default ResultPath. */
  out = test_state_call (client, "{\"Type\":\"Task\","
                                 "\"Resource\":\"arn:aws:states:::stepwise:pair\","
                                 "\"ResultSelector\":{\"x.$\":\"$.a\"},\"End\":true}",
                         ",\"inspectionLevel\":\"DEBUG\"");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "{\"x\":1}");
  g_assert_cmpstr (inspected (out, "result"), ==, "{\"a\":1,\"b\":2}");
  g_assert_cmpstr (inspected (out, "afterResultSelector"), ==, "{\"x\":1}");
  g_assert_cmpstr (inspected (out, "afterResultPath"), ==, "{\"x\":1}");
  g_assert_false (json_object_has_member (out, "nextState"));
  g_clear_pointer (&out, json_object_unref);

  /* INFO (the default): the output only. */
  out = test_state_call (client, pass, ",\"input\":\"{\\\"in\\\":{\\\"x\\\":5}}\"");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_false (json_object_has_member (out, "inspectionData"));
  g_clear_pointer (&out, json_object_unref);

  /* A Retrier matches: RETRIABLE, naming the retrier and its backoff. */
  out = test_state_call (client, task, ",\"inspectionLevel\":\"TRACE\"");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "RETRIABLE");
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "Boom");
  g_assert_cmpstr (json_object_get_string_member (out, "cause"), ==, "it broke");
  g_assert_false (json_object_has_member (out, "nextState"));
  g_assert_cmpstr (inspected (out, "afterParameters"), ==, "{\"q\":1}");
  details = json_object_get_object_member (json_object_get_object_member (out,
                                                                          "inspectionData"),
                                           "errorDetails");
  g_assert_cmpint (json_object_get_int_member (details, "retryIndex"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (details, "retryBackoffIntervalSeconds"), ==, 3);
  g_clear_pointer (&out, json_object_unref);

  /* A Catcher matches: CAUGHT_ERROR, with the catcher's next state. */
  out = test_state_call (client, caught, ",\"inspectionLevel\":\"DEBUG\"");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "CAUGHT_ERROR");
  g_assert_cmpstr (json_object_get_string_member (out, "nextState"), ==, "Handle");
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "Boom");
  g_assert_cmpstr (json_object_get_string_member (out, "cause"), ==, "it broke");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==,
                   "{\"e\":{\"Error\":\"Boom\",\"Cause\":\"it broke\"}}");
  details = json_object_get_object_member (json_object_get_object_member (out,
                                                                          "inspectionData"),
                                           "errorDetails");
  g_assert_cmpint (json_object_get_int_member (details, "catchIndex"), ==, 1);
  g_clear_pointer (&out, json_object_unref);

  /* JSONata, with variables set by the request. */
  out = test_state_call (client, jsonata, ",\"variables\":\"{\\\"v\\\":2}\","
                                          "\"inspectionLevel\":\"DEBUG\"");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "3");
  g_assert_cmpstr (inspected (out, "variables"), ==, "{\"v\":2,\"w\":4}");
  g_assert_null (inspected (out, "afterInputPath"));
  g_clear_pointer (&out, json_object_unref);

  /* stateName picks a state out of a whole machine. */
  out = test_state_call (client, pass_definition, ",\"stateName\":\"A\","
                                                  "\"inspectionLevel\":\"DEBUG\"");
  g_assert_cmpstr (json_object_get_string_member (out, "nextState"), ==, "B");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "{\"r\":{\"x\":1}}");
  g_clear_pointer (&out, json_object_unref);

  assert_call_fails (client, SW_SFN_OPERATION_TEST_STATE, "ValidationException",
                     "{\"definition\":\"{\\\"Type\\\":\\\"Succeed\\\"}\","
                     "\"inspectionLevel\":\"LOUD\"}");
  drain ();
}

/* TestState's mock, context and stateConfiguration members. Requests are printf formats
 * whose %s take JSON texts quoted by q(), which keeps them until drop_quoted(). */

static GPtrArray *quoted;

static const char *
q (const char *text)
{
  if (quoted == NULL)
    quoted = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (quoted, json_quote (text));
  return g_ptr_array_index (quoted, quoted->len - 1);
}

static void
drop_quoted (void)
{
  g_clear_pointer (&quoted, g_ptr_array_unref);
}

/* The call must fail with the service's error @type and a message containing @message. */
static void
ts_fails (SwSfnClient *client,
          const char  *type,
          const char  *message,
          const char  *format,
          ...) G_GNUC_PRINTF (4, 5);

static void
ts_fails (SwSfnClient *client,
          const char  *type,
          const char  *message,
          const char  *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  assert_call_fails_with (client, SW_SFN_OPERATION_TEST_STATE, type, message, text);
}

static const char *
member (JsonObject *out,
        const char *key)
{
  return json_object_has_member (out, key) ? json_object_get_string_member (out, key) : NULL;
}

/* Runs a TestState request, which must answer @status with @next_state and @output (NULL:
 * absent); returns the answer. */
static JsonObject *
expect (SwSfnClient *client,
        const char  *status,
        const char  *next_state,
        const char  *output,
        const char  *format,
        ...) G_GNUC_PRINTF (5, 6);

static JsonObject *
expect (SwSfnClient *client,
        const char  *status,
        const char  *next_state,
        const char  *output,
        const char  *format,
        ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *out;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  out = call (client, SW_SFN_OPERATION_TEST_STATE, &error, "%s", text);
  g_assert_no_error (error);
  g_assert_cmpstr (member (out, "status"), ==, status);
  g_assert_cmpstr (member (out, "nextState"), ==, next_state);
  g_assert_cmpstr (member (out, "output"), ==, output);
  return out;
}

static gint64
error_detail (JsonObject *out,
              const char *key)
{
  JsonObject *data = json_object_get_object_member (out, "inspectionData");
  JsonObject *details = json_object_get_object_member (data, "errorDetails");

  g_assert_nonnull (details);
  return json_object_has_member (details, key) ? json_object_get_int_member (details, key) : -1;
}

static const char lambda_task[] =
  "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
  "\"Parameters\":{\"FunctionName\":\"f\",\"Payload.$\":\"$\"},"
  "\"ResultSelector\":{\"p.$\":\"$.Payload\"},\"Next\":\"After\"}";
static const char retry_task[] =
  "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
  "\"Parameters\":{\"FunctionName\":\"f\"},\"Retry\":[{\"ErrorEquals\":[\"Other\"]},"
  "{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":1,\"MaxAttempts\":5,\"BackoffRate\":2}],"
  "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.err\",\"Next\":\"Handle\"}],"
  "\"End\":true}";
static const char mock_e[] = "\"mock\":{\"errorOutput\":{\"error\":\"E\",\"cause\":\"C\"}}";

static void
test_test_state_mock_task (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  static const char activity[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:123456789012:activity:act\","
    "\"End\":true}";
  static const char callback[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\","
    "\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},"
    "\"End\":true}";
  static const char start[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution\","
    "\"Parameters\":{\"StateMachineArn\":\"arn:aws:states:us-east-1:123456789012:"
    "stateMachine:x\"},\"End\":true}";
  static const char put_events[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::events:putEvents\","
    "\"Parameters\":{\"Entries\":[]},\"End\":true}";

  /* A mocked result stands for the integration's response: no Lambda is called. */
  out = expect (client, "SUCCEEDED", "After", "{\"p\":{\"x\":1}}",
                "{\"definition\":%s,\"input\":%s,\"mock\":{\"result\":%s}}", q (lambda_task),
                q ("{\"in\":1}"), q ("{\"StatusCode\":200,\"Payload\":{\"x\":1}}"));
  g_clear_pointer (&out, json_object_unref);

  /* A mocked error fails the state, or is caught. */
  out = expect (client, "FAILED", NULL, NULL,
                "{\"definition\":%s,%s}", q (lambda_task), mock_e);
  g_assert_cmpstr (member (out, "error"), ==, "E");
  g_assert_cmpstr (member (out, "cause"), ==, "C");
  g_clear_pointer (&out, json_object_unref);

  /* Activities and callbacks need a mock, and take one. */
  ts_fails (client, "InvalidDefinition", "without a mock", "{\"definition\":%s}", q (activity));
  ts_fails (client, "InvalidDefinition", "without a mock", "{\"definition\":%s}", q (callback));
  out = expect (client, "SUCCEEDED", NULL, "{\"done\":true}",
                "{\"definition\":%s,\"mock\":{\"result\":%s}}", q (activity),
                q ("{\"done\":true}"));
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "SUCCEEDED", NULL, "[7]",
                "{\"definition\":%s,\"mock\":{\"result\":%s}}", q (callback), q ("[7]"));
  g_clear_pointer (&out, json_object_unref);

  /* fieldValidationMode: STRICT wants the required fields, PRESENT checks the types of
   * those present, NONE nothing; the result is JSON whatever the mode. */
  ts_fails (client, "ValidationException",
            "Mock result schema validation error: Required field 'StartDate' is missing",
            "{\"definition\":%s,\"mock\":{\"result\":%s}}", q (start),
            q ("{\"ExecutionArn\":\"a\"}"));
  out = expect (client, "SUCCEEDED", NULL, "{\"ExecutionArn\":\"a\"}",
                "{\"definition\":%s,\"mock\":{\"result\":%s,\"fieldValidationMode\":\"PRESENT\"}}",
                q (start), q ("{\"ExecutionArn\":\"a\"}"));
  g_clear_pointer (&out, json_object_unref);
  ts_fails (client, "ValidationException",
            "Mock result schema validation error: Field 'ExecutionArn' must be a string",
            "{\"definition\":%s,\"mock\":{\"result\":%s,\"fieldValidationMode\":\"PRESENT\"}}",
            q (start), q ("{\"ExecutionArn\":1}"));
  out = expect (client, "SUCCEEDED", NULL, "{\"ExecutionArn\":1}",
                "{\"definition\":%s,\"mock\":{\"result\":%s,\"fieldValidationMode\":\"NONE\"}}",
                q (start), q ("{\"ExecutionArn\":1}"));
  g_clear_pointer (&out, json_object_unref);
  ts_fails (client, "ValidationException", "Field 'EventId' must be a string",
            "{\"definition\":%s,\"mock\":{\"result\":%s}}", q (put_events),
            q ("{\"Entries\":[{\"EventId\":\"a\"},{\"EventId\":2}]}"));
  out = expect (client, "SUCCEEDED", NULL, "{\"random\":\"json\"}",
                "{\"definition\":%s,\"mock\":{\"result\":%s}}", q (put_events),
                q ("{\"random\":\"json\"}"));
  g_clear_pointer (&out, json_object_unref);
  ts_fails (client, "ValidationException", "The mocked result must be a JSON object",
            "{\"definition\":%s,\"mock\":{\"result\":\"[1]\"}}", q (lambda_task));
  ts_fails (client, "ValidationException", "Mocked result must be valid JSON",
            "{\"definition\":%s,\"mock\":{\"result\":\"not JSON\","
            "\"fieldValidationMode\":\"NONE\"}}", q (lambda_task));
  drop_quoted ();
  drain ();
}

static void
test_test_state_mock_errors (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);

  ts_fails (client, "ValidationException",
            "A test mock should have only one of the following fields: [result, errorOutput].",
            "{\"definition\":%s,\"mock\":{\"result\":\"{}\",\"errorOutput\":{\"error\":\"E\"}}}",
            q (lambda_task));
  ts_fails (client, "ValidationException", "should have one of the following fields",
            "{\"definition\":%s,\"mock\":{}}", q (lambda_task));
  ts_fails (client, "ValidationException",
            "State type 'Pass' is not supported when a mock is specified",
            "{\"definition\":%s,\"mock\":{\"result\":\"{}\"}}", q ("{\"Type\":\"Pass\","
                                                                  "\"End\":true}"));
  ts_fails (client, "ValidationException",
            "State type 'Choice' is not supported when a mock is specified",
            "{\"definition\":%s,%s}", q ("{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
                                         "\"$.a\",\"IsPresent\":true,\"Next\":\"X\"}]}"),
            mock_e);
  ts_fails (client, "ValidationException",
            "TestState does not support RevealSecrets when a mock is specified.",
            "{\"definition\":%s,\"revealSecrets\":true,%s}", q (lambda_task), mock_e);
  ts_fails (client, "ValidationException", "'mock.fieldValidationMode' failed to satisfy",
            "{\"definition\":%s,\"mock\":{\"result\":\"{}\",\"fieldValidationMode\":\"LOOSE\"}}",
            q (lambda_task));
  ts_fails (client, "ValidationException", "Value null at 'mock.errorOutput.error'",
            "{\"definition\":%s,\"mock\":{\"errorOutput\":{\"cause\":\"c\"}}}", q (lambda_task));
  ts_fails (client, "SerializationException", "'mock'", "{\"definition\":%s,\"mock\":\"x\"}",
            q (lambda_task));
  ts_fails (client, "SerializationException", "'stateConfiguration'",
            "{\"definition\":%s,\"stateConfiguration\":[]}", q (lambda_task));
  drop_quoted ();
  drain ();
}

static void
test_test_state_retrier_count (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  static const char capped[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
    "\"Parameters\":{\"FunctionName\":\"f\"},\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],"
    "\"IntervalSeconds\":3,\"MaxAttempts\":9,\"MaxDelaySeconds\":20}],\"End\":true}";
  static const char uncaught[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
    "\"Parameters\":{\"FunctionName\":\"f\"},\"Retry\":[{\"ErrorEquals\":[\"E\"],"
    "\"MaxAttempts\":2}],\"End\":true}";

  /* No retry made yet: the matching Retrier (index 1) waits IntervalSeconds. */
  out = expect (client, "RETRIABLE", NULL, NULL,
                "{\"definition\":%s,\"inspectionLevel\":\"DEBUG\",%s}", q (retry_task), mock_e);
  g_assert_cmpint (error_detail (out, "retryIndex"), ==, 1);
  g_assert_cmpint (error_detail (out, "retryBackoffIntervalSeconds"), ==, 1);
  g_clear_pointer (&out, json_object_unref);

  /* Four made of five: still RETRIABLE, after 1 × 2^4 seconds. */
  out = expect (client, "RETRIABLE", NULL, NULL,
                "{\"definition\":%s,\"inspectionLevel\":\"DEBUG\",%s,"
                "\"stateConfiguration\":{\"retrierRetryCount\":4}}", q (retry_task), mock_e);
  g_assert_cmpstr (member (out, "error"), ==, "E");
  g_assert_cmpint (error_detail (out, "retryIndex"), ==, 1);
  g_assert_cmpint (error_detail (out, "retryBackoffIntervalSeconds"), ==, 16);
  g_clear_pointer (&out, json_object_unref);

  /* Five of five: the Retrier is spent and the Catcher takes the error. */
  out = expect (client, "CAUGHT_ERROR", "Handle", "{\"err\":{\"Error\":\"E\",\"Cause\":\"C\"}}",
                "{\"definition\":%s,\"inspectionLevel\":\"DEBUG\",%s,"
                "\"stateConfiguration\":{\"retrierRetryCount\":5}}", q (retry_task), mock_e);
  g_assert_cmpint (error_detail (out, "catchIndex"), ==, 0);
  g_clear_pointer (&out, json_object_unref);

  /* Without a Catcher it fails, naming the spent Retrier. */
  out = expect (client, "FAILED", NULL, NULL,
                "{\"definition\":%s,\"inspectionLevel\":\"DEBUG\",%s,"
                "\"stateConfiguration\":{\"retrierRetryCount\":2}}", q (uncaught), mock_e);
  g_assert_cmpint (error_detail (out, "retryIndex"), ==, 0);
  g_assert_cmpint (error_detail (out, "retryBackoffIntervalSeconds"), ==, -1);
  g_clear_pointer (&out, json_object_unref);

  /* MaxDelaySeconds caps the backoff: 3 × 2^3 = 24 > 20. */
  out = expect (client, "RETRIABLE", NULL, NULL,
                "{\"definition\":%s,\"inspectionLevel\":\"TRACE\",%s,"
                "\"stateConfiguration\":{\"retrierRetryCount\":3}}", q (capped), mock_e);
  g_assert_cmpint (error_detail (out, "retryBackoffIntervalSeconds"), ==, 20);
  g_clear_pointer (&out, json_object_unref);

  ts_fails (client, "ValidationException", "retrierRetryCount can only be specified",
            "{\"definition\":%s,%s,\"stateConfiguration\":{\"retrierRetryCount\":1}}",
            q (lambda_task), mock_e);
  ts_fails (client, "ValidationException",
            "Value '-1' at 'stateConfiguration.retrierRetryCount' failed to satisfy",
            "{\"definition\":%s,%s,\"stateConfiguration\":{\"retrierRetryCount\":-1}}",
            q (retry_task), mock_e);
  ts_fails (client, "SerializationException", "'stateConfiguration.retrierRetryCount'",
            "{\"definition\":%s,%s,\"stateConfiguration\":{\"retrierRetryCount\":\"1\"}}",
            q (retry_task), mock_e);
  drop_quoted ();
  drain ();
}

static const char map_state[] =
  "{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":2,\"ToleratedFailureCount\":1,"
  "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"Inner\","
  "\"States\":{\"Inner\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
  "\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}},\"ResultPath\":\"$.out\","
  "\"Retry\":[{\"ErrorEquals\":[\"Retried\"]}],"
  "\"Catch\":[{\"ErrorEquals\":[\"States.ExceedToleratedFailureThreshold\"],"
  "\"Next\":\"Threshold\"},{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Other\"}],"
  "\"Next\":\"After\"}";
static const char map_input[] = "{\\\"items\\\":[1,2,3]}";

static void
test_test_state_mock_map (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  JsonObject *data;
  static const char plain[] =
    "{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"I\",\"States\":{\"I\":"
    "{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}";
  static const char percentage[] =
    "{\"Type\":\"Map\",\"ToleratedFailurePercentage\":50,\"ItemProcessor\":{\"StartAt\":\"I\","
    "\"States\":{\"I\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}";
  static const char writer[] =
    "{\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
    "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"I\",\"States\":{\"I\":{\"Type\":\"Pass\","
    "\"End\":true}}},\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
    "\"Parameters\":{\"Bucket\":\"b\",\"Prefix\":\"p\"}},\"End\":true}";
  static const char reader[] =
    "{\"Type\":\"Map\",\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
    "\"ReaderConfig\":{\"InputType\":\"JSON\"},\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"k\"}},"
    "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":"
    "\"STANDARD\"},\"StartAt\":\"H\",\"States\":{\"H\":{\"Type\":\"Pass\",\"End\":true}}},"
    "\"End\":true}";
  static const char machine[] =
    "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
    "\"Items\":\"{% $states.input.v %}\",\"ItemProcessor\":{\"StartAt\":\"I\",\"States\":"
    "{\"I\":{\"Type\":\"Pass\",\"End\":true}}},\"Output\":\"{% $count($states.result) %}\","
    "\"Next\":\"Done\"},\"Done\":{\"Type\":\"Succeed\"}}}";

  ts_fails (client, "InvalidDefinition", "TestState API does not support Map or Parallel "
            "states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]",
            "{\"definition\":%s}", q (map_state));
  ts_fails (client, "ValidationException", "Mocked result must be an array.",
            "{\"definition\":%s,\"mock\":{\"result\":\"{}\"}}", q (map_state));
  ts_fails (client, "ValidationException", "Mocked result must be a JSON object.",
            "{\"definition\":%s,\"mock\":{\"result\":\"[]\"}}", q (writer));

  /* The mock is the iterations' results; the Map's own data flow and inspection stay. */
  out = expect (client, "SUCCEEDED", "After", "{\"items\":[1,2,3],\"out\":[1,2,3]}",
                "{\"definition\":%s,\"input\":\"%s\",\"inspectionLevel\":\"DEBUG\","
                "\"mock\":{\"result\":\"[1,2,3]\"}}", q (map_state), map_input);
  data = json_object_get_object_member (out, "inspectionData");
  g_assert_cmpint (json_object_get_int_member (data, "maxConcurrency"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (data, "toleratedFailureCount"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (data, "input"), ==,
                   "{\"items\":[1,2,3]}");
  g_assert_false (json_object_has_member (data, "result"));
  g_clear_pointer (&out, json_object_unref);

  /* mapIterationFailureCount against ToleratedFailureCount 1. */
  out = expect (client, "SUCCEEDED", "After", "{\"items\":[1,2,3],\"out\":[1,2,3]}",
                "{\"definition\":%s,\"input\":\"%s\",\"mock\":{\"result\":\"[1,2,3]\"},"
                "\"stateConfiguration\":{\"mapIterationFailureCount\":1}}", q (map_state),
                map_input);
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "CAUGHT_ERROR", "Threshold",
                "{\"Error\":\"States.ExceedToleratedFailureThreshold\","
                "\"Cause\":\"The specified tolerated failure threshold was exceeded\"}",
                "{\"definition\":%s,\"input\":\"%s\",\"mock\":{\"result\":\"[1,2,3]\"},"
                "\"stateConfiguration\":{\"mapIterationFailureCount\":2}}", q (map_state),
                map_input);
  g_assert_cmpstr (member (out, "error"), ==, "States.ExceedToleratedFailureThreshold");
  g_assert_cmpstr (member (out, "cause"), ==,
                   "The specified tolerated failure threshold was exceeded");
  g_clear_pointer (&out, json_object_unref);

  /* A Map that sets no threshold is not judged; a percentage counts the mocked results. */
  out = expect (client, "SUCCEEDED", NULL, "[1]",
                "{\"definition\":%s,\"mock\":{\"result\":\"[1]\"},"
                "\"stateConfiguration\":{\"mapIterationFailureCount\":3}}", q (plain));
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "SUCCEEDED", NULL, "[1,2,3,4]",
                "{\"definition\":%s,\"mock\":{\"result\":\"[1,2,3,4]\"},"
                "\"stateConfiguration\":{\"mapIterationFailureCount\":2}}", q (percentage));
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "FAILED", NULL, NULL,
                "{\"definition\":%s,\"mock\":{\"result\":\"[1,2,3,4]\"},"
                "\"stateConfiguration\":{\"mapIterationFailureCount\":3}}", q (percentage));
  g_assert_cmpstr (member (out, "error"), ==, "States.ExceedToleratedFailureThreshold");
  g_clear_pointer (&out, json_object_unref);

  /* A mocked error from an inner state: the Map's Retry and Catch handle it. */
  out = expect (client, "RETRIABLE", NULL, NULL,
                "{\"definition\":%s,\"mock\":{\"errorOutput\":{\"error\":\"Retried\"}},"
                "\"stateConfiguration\":{\"errorCausedByState\":\"Inner\"}}", q (map_state));
  g_assert_cmpstr (member (out, "error"), ==, "Retried");
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "CAUGHT_ERROR", "Other", "{\"Error\":\"Boom\",\"Cause\":\"c\"}",
                "{\"definition\":%s,\"mock\":{\"errorOutput\":{\"error\":\"Boom\","
                "\"cause\":\"c\"}},\"stateConfiguration\":{\"errorCausedByState\":\"Inner\"}}",
                q (map_state));
  g_assert_cmpstr (member (out, "cause"), ==, "c");
  g_clear_pointer (&out, json_object_unref);
  ts_fails (client, "ValidationException", "errorCausedByState 'Nope' is not a state",
            "{\"definition\":%s,\"mock\":{\"errorOutput\":{\"error\":\"Boom\"}},"
            "\"stateConfiguration\":{\"errorCausedByState\":\"Nope\"}}", q (map_state));
  ts_fails (client, "ValidationException", "with a mocked errorOutput",
            "{\"definition\":%s,\"mock\":{\"result\":\"[]\"},"
            "\"stateConfiguration\":{\"errorCausedByState\":\"Inner\"}}", q (map_state));

  /* mapItemReaderData: for a Map with an ItemReader, JSON when it reads JSON. */
  out = expect (client, "SUCCEEDED", NULL, "[1,4,9]",
                "{\"definition\":%s,\"input\":%s,\"mock\":{\"result\":\"[1,4,9]\"},"
                "\"stateConfiguration\":{\"mapItemReaderData\":\"[1,2,3]\"}}", q (reader),
                q ("{\"Bucket\":\"b\"}"));
  g_clear_pointer (&out, json_object_unref);
  ts_fails (client, "ValidationException", "mapItemReaderData must be valid JSON",
            "{\"definition\":%s,\"mock\":{\"result\":\"[]\"},"
            "\"stateConfiguration\":{\"mapItemReaderData\":\"[1,\"}}", q (reader));
  ts_fails (client, "ValidationException", "for a Map state with an ItemReader",
            "{\"definition\":%s,\"mock\":{\"result\":\"[]\"},"
            "\"stateConfiguration\":{\"mapItemReaderData\":\"[1]\"}}", q (map_state));

  /* stateName: a Map of a whole JSONata machine. */
  out = expect (client, "SUCCEEDED", "Done", "2",
                "{\"definition\":%s,\"stateName\":\"M\",\"input\":%s,"
                "\"mock\":{\"result\":\"[\\\"a\\\",\\\"b\\\"]\"}}", q (machine),
                q ("{\"v\":[1,2]}"));
  g_clear_pointer (&out, json_object_unref);
  drop_quoted ();
  drain ();
}

static void
test_test_state_mock_parallel (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  static const char parallel[] =
    "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":"
    "{\"Type\":\"Pass\",\"End\":true}}},{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Task\","
    "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\"},"
    "\"End\":true}}}],\"ResultSelector\":{\"first.$\":\"$[0]\"},"
    "\"Catch\":[{\"ErrorEquals\":[\"Boom\"],\"Next\":\"Caught\"}],\"End\":true}";

  ts_fails (client, "InvalidDefinition", "does not support Map or Parallel states",
            "{\"definition\":%s}", q (parallel));
  ts_fails (client, "ValidationException", "Mocked result must contain the same number of "
            "items as number of Parallel branches.",
            "{\"definition\":%s,\"mock\":{\"result\":\"[1]\"}}", q (parallel));
  ts_fails (client, "ValidationException", "Mocked result must be an array.",
            "{\"definition\":%s,\"mock\":{\"result\":\"{}\"}}", q (parallel));

  out = expect (client, "SUCCEEDED", NULL, "{\"first\":{\"x\":1}}",
                "{\"definition\":%s,\"mock\":{\"result\":%s}}", q (parallel), q ("[{\"x\":1},2]"));
  g_clear_pointer (&out, json_object_unref);

  out = expect (client, "CAUGHT_ERROR", "Caught", "{\"Error\":\"Boom\",\"Cause\":\"\"}",
                "{\"definition\":%s,\"mock\":{\"errorOutput\":{\"error\":\"Boom\"}},"
                "\"stateConfiguration\":{\"errorCausedByState\":\"B\"}}", q (parallel));
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "FAILED", NULL, NULL,
                "{\"definition\":%s,\"mock\":{\"errorOutput\":{\"error\":\"Other\","
                "\"cause\":\"why\"}},\"stateConfiguration\":{\"errorCausedByState\":\"B\"}}",
                q (parallel));
  g_assert_cmpstr (member (out, "error"), ==, "Other");
  g_assert_cmpstr (member (out, "cause"), ==, "why");
  g_clear_pointer (&out, json_object_unref);

  ts_fails (client, "ValidationException", "mapIterationFailureCount can only be specified",
            "{\"definition\":%s,\"mock\":{\"result\":\"[1,2]\"},"
            "\"stateConfiguration\":{\"mapIterationFailureCount\":1}}", q (parallel));
  ts_fails (client, "ValidationException", "errorCausedByState can only be specified for a Map "
            "or Parallel state", "{\"definition\":%s,%s,"
            "\"stateConfiguration\":{\"errorCausedByState\":\"B\"}}", q (lambda_task), mock_e);
  drop_quoted ();
  drain ();
}

static void
test_test_state_context (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  static const char context_task[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
    "\"Parameters\":{\"FunctionName\":\"f\",\"ctx.$\":\"$$\"},\"End\":true}";
  static const char jsonata_task[] =
    "{\"Type\":\"Task\",\"QueryLanguage\":\"JSONata\","
    "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Arguments\":{\"FunctionName\":\"f\"},"
    "\"Output\":\"{% $states.context.Execution.Name & '/' & $states.result.v %}\","
    "\"End\":true}";
  static const char callback[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\","
    "\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody.$\":\"$$.Task.Token\"},\"End\":true}";
  static const char context[] =
    "{\"Execution\":{\"Name\":\"exec-1\",\"Input\":{\"a\":1}},"
    "\"State\":{\"Name\":\"S\",\"RetryCount\":2}}";

  /* $$ is the context given, exactly. */
  out = expect (client, "SUCCEEDED", NULL, "{}",
                "{\"definition\":%s,\"context\":%s,\"inspectionLevel\":\"DEBUG\","
                "\"mock\":{\"result\":\"{}\"}}", q (context_task), q (context));
  g_assert_cmpstr (inspected (out, "afterParameters"), ==,
                   "{\"FunctionName\":\"f\",\"ctx\":{\"Execution\":{\"Name\":\"exec-1\","
                   "\"Input\":{\"a\":1}},\"State\":{\"Name\":\"S\",\"RetryCount\":2}}}");
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "SUCCEEDED", NULL, "{}",
                "{\"definition\":%s,\"context\":\"{}\",\"inspectionLevel\":\"DEBUG\","
                "\"mock\":{\"result\":\"{}\"}}", q (context_task));
  g_assert_cmpstr (inspected (out, "afterParameters"), ==, "{\"FunctionName\":\"f\",\"ctx\":{}}");
  g_clear_pointer (&out, json_object_unref);

  /* $states.context in JSONata. */
  out = expect (client, "SUCCEEDED", NULL, "\"run-9/ok\"",
                "{\"definition\":%s,\"context\":%s,\"mock\":{\"result\":%s}}", q (jsonata_task),
                q ("{\"Execution\":{\"Name\":\"run-9\"}}"), q ("{\"v\":\"ok\"}"));
  g_clear_pointer (&out, json_object_unref);

  /* A callback task's context may hold its token. */
  out = expect (client, "SUCCEEDED", NULL, "{}",
                "{\"definition\":%s,\"context\":%s,\"inspectionLevel\":\"DEBUG\","
                "\"mock\":{\"result\":\"{}\",\"fieldValidationMode\":\"NONE\"}}", q (callback),
                q ("{\"Task\":{\"Token\":\"tok-1\"}}"));
  g_assert_cmpstr (inspected (out, "afterParameters"), ==,
                   "{\"QueueUrl\":\"q\",\"MessageBody\":\"tok-1\"}");
  g_clear_pointer (&out, json_object_unref);

  ts_fails (client, "ValidationException", "The context may only be specified if a mock is "
            "specified.", "{\"definition\":%s,\"context\":\"{}\"}",
            q ("{\"Type\":\"Pass\",\"End\":true}"));
  ts_fails (client, "ValidationException", "Invalid Context object provided: 'Map' field is "
            "not supported when mocking a Context object",
            "{\"definition\":%s,\"context\":%s,%s}", q (context_task), q ("{\"Map\":{}}"),
            mock_e);
  ts_fails (client, "ValidationException",
            "Invalid Context object provided: Field 'Pokedex' is not allowed",
            "{\"definition\":%s,\"context\":%s,%s}", q (context_task), q ("{\"Pokedex\":{}}"),
            mock_e);
  ts_fails (client, "ValidationException",
            "Invalid Context object provided: Field 'pokemon' is not allowed",
            "{\"definition\":%s,\"context\":%s,%s}", q (context_task),
            q ("{\"Execution\":{\"pokemon\":\"x\"}}"), mock_e);
  ts_fails (client, "ValidationException",
            "Invalid Context object provided: Execution.Id must be a string",
            "{\"definition\":%s,\"context\":%s,%s}", q (context_task),
            q ("{\"Execution\":{\"Id\":1}}"), mock_e);
  ts_fails (client, "ValidationException",
            "Context object contains 'Task' when state is not a Task state with a '.sync' or "
            "'.waitForTaskToken' service integration pattern",
            "{\"definition\":%s,\"context\":%s,%s}", q (context_task),
            q ("{\"Task\":{\"Token\":\"t\"}}"), mock_e);
  ts_fails (client, "ValidationException", "the context must be a JSON object",
            "{\"definition\":%s,\"context\":\"[1]\",%s}", q (context_task), mock_e);
  drop_quoted ();
  drain ();
}

/* A state whose target is itself (Next, a Choice rule, a Catcher) is run once, and the
 * response names it as the next state, as for any other target. */
static void
test_test_state_self_target (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(JsonObject) out = NULL;
  static const char machine[] =
    "{\"StartAt\":\"Loop\",\"States\":{\"Loop\":{\"Type\":\"Choice\","
    "\"Choices\":[{\"Variable\":\"$.a\",\"NumericEquals\":1,\"Next\":\"Loop\"}],"
    "\"Default\":\"Next1\"},\"Next1\":{\"Type\":\"Succeed\"}}}";
  static const char task[] =
    "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
    "\"Parameters\":{\"FunctionName\":\"f\"},\"Next\":\"Next1\","
    "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"TestState\"}]}";

  out = expect (client, "SUCCEEDED", "TestState", "{\"x\":1}",
                "{\"definition\":%s,\"input\":%s}",
                q ("{\"Type\":\"Pass\",\"Next\":\"TestState\"}"), q ("{\"x\":1}"));
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "SUCCEEDED", "Loop", "{\"a\":1}",
                "{\"definition\":%s,\"stateName\":\"Loop\",\"input\":%s}", q (machine),
                q ("{\"a\":1}"));
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "SUCCEEDED", "Next1", "{\"a\":2}",
                "{\"definition\":%s,\"stateName\":\"Loop\",\"input\":%s}", q (machine),
                q ("{\"a\":2}"));
  g_clear_pointer (&out, json_object_unref);
  /* The stub standing for the state itself is not its other target, Next1. */
  out = expect (client, "CAUGHT_ERROR", "TestState", "{\"Error\":\"E\",\"Cause\":\"C\"}",
                "{\"definition\":%s,%s}", q (task), mock_e);
  g_assert_cmpstr (member (out, "error"), ==, "E");
  g_clear_pointer (&out, json_object_unref);
  out = expect (client, "SUCCEEDED", "Next1", "{}",
                "{\"definition\":%s,\"mock\":{\"result\":\"{}\"}}", q (task));
  g_clear_pointer (&out, json_object_unref);
  drop_quoted ();
  drain ();
}

/* TestState runs a state the validator has not bounded: a MaxAttempts beyond any integer
 * (found by fuzz-service-request; undefined behaviour under UBSan before) still answers. */
static void
test_test_state_huge_max_attempts (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autofree char *reply = NULL;

  reply = dispatch (service, "AWSStepFunctions.TestState", SFN_JSON,
                    "{\"definition\":\"{\\\"Type\\\":\\\"Task\\\",\\\"Resource\\\":"
                    "\\\"arn:aws:states:::lambda:invoke\\\",\\\"Retry\\\":[{\\\"ErrorEquals\\\":"
                    "[\\\"States.ALL\\\"],\\\"MaxAttempts\\\":3.8e41}],\\\"End\\\":true}\","
                    "\"mock\":{\"errorOutput\":{\"error\":\"E\",\"cause\":\"C\"}}}", 200);
  g_assert_nonnull (strstr (reply, "\"status\":\"RETRIABLE\""));
  drain ();
}

/* SageMaker: the calls the monitor needs, and the executions' task handlers. */

static void
test_sagemaker_routing (void)
{
#ifdef HAVE_SAGEMAKER
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autofree char *root = g_dir_make_tmp ("sw-service-s3-XXXXXX", NULL);
  g_autoptr(SwSageMaker) sagemaker = sw_sagemaker_new (root);
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *reply = NULL;

  sw_service_set_sagemaker (service, sagemaker);
  reply = dispatch (service, "SageMaker.DescribeTrainingJob", SAGEMAKER_JSON,
                    "{\"TrainingJobName\":\"none\"}", 400);
  g_assert_nonnull (strstr (reply, "\"__type\":\"ResourceNotFound\""));
  g_clear_pointer (&reply, g_free);

  reply = dispatch (service, "SageMaker.ListTrainingJobs", SAGEMAKER_JSON, "{}", 200);
  g_assert_cmpstr (reply, ==, "{\"TrainingJobSummaries\":[]}");

  /* An execution's SageMaker task is served by it. */
  create_machine (client, "UsesSageMaker",
                  "{\"StartAt\":\"L\",\"States\":{\"L\":{\"Type\":\"Task\","
                  "\"Resource\":\"arn:aws:states:::aws-sdk:sagemaker:listTrainingJobs\","
                  "\"Parameters\":{},\"End\":true}}}", "STANDARD");
  out = start_to_end (client,
                      "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:UsesSageMaker\","
                      "\"name\":\"s\"}",
                      ARN_PREFIX "execution:UsesSageMaker:s");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_nonnull (strstr (json_object_get_string_member (out, "output"),
                            "TrainingJobSummaries"));
  drain ();
  remove_tree (root);
#else
  g_test_skip ("Built without src/sagemaker");
#endif
}

/* A training job a killed endpoint left InProgress is Failed when the next one starts. */
static void
test_sagemaker_interrupted_job (void)
{
#ifdef HAVE_SAGEMAKER
  g_autoptr(SwService) service = service_new (NULL);
  g_autofree char *root = g_dir_make_tmp ("sw-service-s3-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, ".stepwise", "sagemaker", "training-jobs",
                                           NULL);
  g_autofree char *path = g_build_filename (dir, "orphan.json", NULL);
  g_autofree char *done_path = g_build_filename (dir, "done.json", NULL);
  g_autoptr(SwSageMaker) sagemaker = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *reply = NULL;
  JsonArray *transitions;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "{\"TrainingJobName\":\"orphan\","
                                      "\"TrainingJobStatus\":\"InProgress\","
                                      "\"SecondaryStatus\":\"Training\","
                                      "\"SecondaryStatusTransitions\":[{\"Status\":\"Training\","
                                      "\"StartTime\":1}]}", -1, NULL));
  g_assert_true (g_file_set_contents (done_path, "{\"TrainingJobName\":\"done\","
                                      "\"TrainingJobStatus\":\"Completed\"}", -1, NULL));
  sagemaker = sw_sagemaker_new (root);
  sw_service_set_sagemaker (service, sagemaker);

  reply = dispatch (service, "SageMaker.DescribeTrainingJob", SAGEMAKER_JSON,
                    "{\"TrainingJobName\":\"orphan\"}", 200);
  object = sw_test_parse_object (reply);
  g_clear_pointer (&reply, g_free);
  g_assert_cmpstr (json_object_get_string_member (object, "TrainingJobStatus"), ==, "Failed");
  g_assert_cmpstr (json_object_get_string_member (object, "SecondaryStatus"), ==, "Failed");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "FailureReason"),
                            "stopped while this job was running"));
  transitions = json_object_get_array_member (object, "SecondaryStatusTransitions");
  g_assert_cmpuint (json_array_get_length (transitions), ==, 2);
  g_assert_true (json_object_has_member (json_array_get_object_element (transitions, 0),
                                         "EndTime"));
  g_clear_pointer (&object, json_object_unref);

  /* A finished job is left as it was. */
  reply = dispatch (service, "SageMaker.DescribeTrainingJob", SAGEMAKER_JSON,
                    "{\"TrainingJobName\":\"done\"}", 200);
  object = sw_test_parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "TrainingJobStatus"), ==,
                   "Completed");
  g_assert_false (json_object_has_member (object, "FailureReason"));
  remove_tree (root);
#else
  g_test_skip ("Built without src/sagemaker");
#endif
}

/* Mocked responses, as Step Functions Local takes them */

static void
test_mock_config (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwMockConfig) config = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  static const char mock[] =
    "{\"StateMachines\":{\"Mocked\":{\"TestCases\":{\"Happy\":{\"Call\":\"R\"}}}},"
    "\"MockedResponses\":{\"R\":{\"0\":{\"Return\":{\"answer\":42}}}}}";

  root = sw_json_parse (mock, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  config = sw_mock_config_new_from_value (root, &error);
  g_assert_no_error (error);
  sw_service_set_mock_config (service, config);
  create_machine (client, "Mocked",
                  "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\","
                  "\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\","
                  "\"End\":true}}}", "STANDARD");

  out = start_to_end (client,
                      "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Mocked#Happy\","
                      "\"name\":\"happy\"}",
                      ARN_PREFIX "execution:Mocked:happy");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "{\"answer\":42}");
  g_clear_pointer (&out, json_object_unref);

  assert_call_fails (client, SW_SFN_OPERATION_START_EXECUTION, "ValidationException",
                     "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Mocked#Sad\"}");

  /* Without a test case the task has no handler and fails, as an unserved task does. */
  out = start_to_end (client,
                      "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Mocked\","
                      "\"name\":\"real\"}",
                      ARN_PREFIX "execution:Mocked:real");
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "FAILED");
  drain ();
}

/* Signatures */

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_require_auth (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autoptr(SwCredentials) credentials = sw_credentials_new (KEY, SECRET, NULL, NULL);
  g_autoptr(SwSfnClient) good = NULL;
  g_autoptr(SwSfnClient) wrong_secret = NULL;
  g_autoptr(SwSfnClient) wrong_key = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *url = sw_service_dup_url (service);
  g_autofree char *text = NULL;
  GAsyncResult *result = NULL;

  sw_service_set_credentials (service, credentials);
  good = client_new (service, KEY, SECRET);
  wrong_secret = client_new (service, KEY, "not-the-secret");
  wrong_key = client_new (service, "AKIDSOMEONEELSE", SECRET);

  out = call (wrong_secret, SW_SFN_OPERATION_LIST_STATE_MACHINES, &error, "{}");
  assert_service_error (error, "InvalidSignatureException");
  g_assert_cmpuint (sw_aws_error_get_http_status (error), ==, 400);
  /* No secret and no signature in what the client was told. */
  g_assert_null (strstr (error->message, SECRET));
  g_clear_error (&error);

  out = call (wrong_key, SW_SFN_OPERATION_LIST_STATE_MACHINES, &error, "{}");
  assert_service_error (error, "UnrecognizedClientException");
  g_clear_error (&error);

  out = call (good, SW_SFN_OPERATION_LIST_STATE_MACHINES, &error, "{}");
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_array_member (out, "stateMachines"));

  /* Unsigned */
  message = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Amz-Target",
                                "AWSStepFunctions.ListStateMachines");
  body = g_bytes_new_static ("{}", 2);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.0", body);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_sent,
                                    &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = soup_session_send_and_read_finish (session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 400);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  g_assert_nonnull (strstr (text, "MissingAuthenticationTokenException"));
}

/* Persistence */

static void
test_persistence_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-service-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "endpoint.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) history = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  JsonArray *events;
  JsonObject *last;

  {
    g_autoptr(SwService) service = service_new (db);
    g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);

    g_assert_cmpuint (sw_service_get_n_recovered (service), ==, 0);
    create_machine (client, "Kept", pass_definition, "STANDARD");
    create_machine (client, "Long", wait_definition, "STANDARD");
    out = start_to_end (client,
                        "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Kept\","
                        "\"name\":\"done\"}",
                        ARN_PREFIX "execution:Kept:done");
    g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
    g_clear_pointer (&out, json_object_unref);
    before = call_all (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY,
                       "{\"executionArn\":\"" ARN_PREFIX "execution:Kept:done\"}");

    sw_service_set_wait_scale (service, 1);
    out = call (client, SW_SFN_OPERATION_START_EXECUTION, &error,
                "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Long\",\"name\":\"cut\"}");
    g_assert_no_error (error);
    g_clear_pointer (&out, json_object_unref);
    /* Let its first events be stored, then stop the endpoint under it. */
    for (guint i = 0; i < 500; i++)
      {
        g_autoptr(JsonObject) page = NULL;

        page = call (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY, &error,
                     "{\"executionArn\":\"" ARN_PREFIX "execution:Long:cut\"}");
        g_assert_no_error (error);
        if (json_array_get_length (json_object_get_array_member (page, "events")) >= 2)
          break;
        g_usleep (5000);
      }
  }
  drain ();

  {
    g_autoptr(SwService) service = service_new (db);
    g_autoptr(SwSfnClient) client = client_new (service, KEY, SECRET);
    g_autoptr(JsonNode) before_node = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonNode) after_node = json_node_new (JSON_NODE_OBJECT);

    g_assert_cmpuint (sw_service_get_n_recovered (service), ==, 1);
    out = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, &error,
                "{\"executionArn\":\"" ARN_PREFIX "execution:Long:cut\"}");
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "FAILED");
    g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "States.Runtime");
    g_assert_cmpstr (json_object_get_string_member (out, "cause"), ==,
                     SW_SERVICE_INTERRUPTED_CAUSE);
    g_assert_true (json_object_has_member (out, "stopDate"));
    history = call_all (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY,
                        "{\"executionArn\":\"" ARN_PREFIX "execution:Long:cut\"}");
    events = json_object_get_array_member (history, "events");
    g_assert_cmpuint (json_array_get_length (events), >=, 2);
    last = json_array_get_object_element (events, json_array_get_length (events) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "ExecutionFailed");
    g_assert_cmpint (json_object_get_int_member (last, "id"), ==,
                     (gint64) json_array_get_length (events));

    /* The finished one is intact, event for event. */
    g_clear_pointer (&out, json_object_unref);
    out = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, &error,
                "{\"executionArn\":\"" ARN_PREFIX "execution:Kept:done\"}");
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
    after = call_all (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY,
                      "{\"executionArn\":\"" ARN_PREFIX "execution:Kept:done\"}");
    json_node_set_object (before_node, before);
    json_node_set_object (after_node, after);
    before_text = json_to_string (before_node, FALSE);
    after_text = json_to_string (after_node, FALSE);
    g_assert_cmpstr (before_text, ==, after_text);

    /* The machines are kept too. */
    g_clear_pointer (&out, json_object_unref);
    out = call (client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, &error,
                "{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Long\"}");
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (out, "definition"), ==, wait_definition);

    /* The interrupted one is redriven from the state it was in. */
    g_clear_pointer (&out, json_object_unref);
    out = redrive_to_end (client, ARN_PREFIX "execution:Long:cut");
    g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
    g_assert_cmpint (json_object_get_int_member (out, "redriveCount"), ==, 1);
    {
      g_autofree char *types = history_types (service, ARN_PREFIX "execution:Long:cut", 1, NULL);

      g_assert_cmpstr (types, ==, "ExecutionStarted WaitStateEntered ExecutionFailed "
                                  "ExecutionRedriven WaitStateEntered WaitStateExited "
                                  "ExecutionSucceeded");
    }
  }
  drain ();

  {
    /* A third start recovers nothing more. */
    g_autoptr(SwService) service = service_new (db);

    g_assert_cmpuint (sw_service_get_n_recovered (service), ==, 0);
  }
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (db);
    g_rmdir (dir);
  }
}

/* Real peers */

typedef struct
{
  gboolean done;
  char *out;
  char *err;
  int status;
} Spawned;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Spawned *spawned = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &spawned->out,
                                        &spawned->err, &error);
  g_assert_no_error (error);
  spawned->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  spawned->done = TRUE;
}

/* Runs a peer while serving the endpoint on this thread. */
static void
run_peer (SwService          *service,
          const char *const  *argv,
          Spawned            *spawned)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = sw_service_dup_url (service);
  g_autofree char *home = g_dir_make_tmp ("sw-peer-home-XXXXXX", NULL);

  memset (spawned, 0, sizeof *spawned);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Dummy credentials; no shared files of the user. */
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", SECRET, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", "us-east-1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/nonexistent", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_PAGER", "", TRUE);
  /* TestState and StartSyncExecution go to a "sync-" host on AWS; not on loopback. */
  g_subprocess_launcher_setenv (launcher, "AWS_DISABLE_HOST_PREFIX_INJECTION", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "SW_ENDPOINT", url, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PYTHONPATH");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, spawned);
  while (!spawned->done)
    g_main_context_iteration (NULL, TRUE);
  remove_tree (home);
}

static char *
aws (SwService  *service,
     const char *first,
     ...) G_GNUC_NULL_TERMINATED;

/* `BINARY stepfunctions ARGS… --endpoint-url URL --output json`; asserts success. */
static char *
aws_valist (SwService  *service,
            const char *binary,
            const char *first,
            va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *url = sw_service_dup_url (service);
  Spawned spawned;

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "stepfunctions");
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, (gpointer) "--endpoint-url");
  g_ptr_array_add (argv, url);
  g_ptr_array_add (argv, (gpointer) "--output");
  g_ptr_array_add (argv, (gpointer) "json");
  g_ptr_array_add (argv, NULL);
  run_peer (service, (const char *const *) argv->pdata, &spawned);
  if (spawned.status != 0)
    g_test_message ("aws failed: %s", spawned.err);
  g_assert_cmpint (spawned.status, ==, 0);
  g_free (spawned.err);
  return spawned.out;
}

/* Debian's `aws stepfunctions ARGS…`. */
static char *
aws (SwService  *service,
     const char *first,
     ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = aws_valist (service, "/usr/bin/aws", first, args);
  va_end (args);
  return out;
}

static char *
aws_with (SwService  *service,
          const char *binary,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static char *
aws_with (SwService  *service,
          const char *binary,
          const char *first,
          ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = aws_valist (service, binary, first, args);
  va_end (args);
  return out;
}

/* An AWS CLI whose service model knows `stepfunctions OPERATION`: Debian's (2.9) predates
 * TestState and RedriveExecution; the one beside the python3 on PATH may be newer. */
static char *
find_aws_for (const char *operation)
{
  const char *python_argv[] = { "python3", "-c", "import os, sys; print(os.path.join("
                                "os.path.dirname(os.path.realpath(sys.executable)), 'aws'))",
                                NULL };
  g_autofree char *beside_python = NULL;
  const char *candidates[2] = { "/usr/bin/aws", NULL };

  if (g_spawn_sync (NULL, (char **) python_argv, NULL, G_SPAWN_SEARCH_PATH |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &beside_python, NULL, NULL, NULL))
    candidates[1] = g_strstrip (beside_python);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      const char *argv[] = { candidates[i], "stepfunctions", operation, NULL };
      g_autofree char *err = NULL;

      if (candidates[i] == NULL || !g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
        continue;
      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                        NULL, &err, NULL, NULL) &&
          err != NULL && strstr (err, "Invalid choice") == NULL)
        return g_strdup (candidates[i]);
    }
  return NULL;
}

static void
test_peer_awscli (void)
{
  g_autoptr(SwService) service = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *definition_path = NULL;
  g_autofree char *definition_arg = NULL;
  JsonArray *events;

  if (!g_file_test ("/usr/bin/aws", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("Debian's awscli (/usr/bin/aws) is not installed");
      return;
    }
  service = service_new (NULL);
  dir = g_dir_make_tmp ("sw-awscli-XXXXXX", NULL);
  definition_path = g_build_filename (dir, "machine.json", NULL);
  g_assert_true (g_file_set_contents (definition_path, pass_definition, -1, NULL));
  definition_arg = g_strconcat ("file://", definition_path, NULL);

  text = aws (service, "create-state-machine", "--name", "CliMachine", "--definition",
              definition_arg, "--role-arn", "arn:aws:iam::123456789012:role/r", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "stateMachineArn"), ==,
                   ARN_PREFIX "stateMachine:CliMachine");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  text = aws (service, "start-execution", "--state-machine-arn",
              ARN_PREFIX "stateMachine:CliMachine", "--name", "cli-run", "--input",
              "{\"from\":\"awscli\"}", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "executionArn"), ==,
                   ARN_PREFIX "execution:CliMachine:cli-run");
  /* The CLI parsed our epoch-seconds date into its ISO 8601 form. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "startDate"), "20"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  drain ();
  text = aws (service, "describe-execution", "--execution-arn",
              ARN_PREFIX "execution:CliMachine:cli-run", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (object, "output"), ==,
                   "{\"from\":\"awscli\",\"r\":{\"x\":1}}");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* --page-size 2 makes the CLI follow our nextToken over three pages. */
  text = aws (service, "get-execution-history", "--execution-arn",
              ARN_PREFIX "execution:CliMachine:cli-run", "--page-size", "2", NULL);
  object = sw_test_parse_object (text);
  events = json_object_get_array_member (object, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (events, i),
                                                 "id"), ==, i + 1);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* --max-items 4 with pages of 3: the CLI stops mid-page and hands out its own token. */
  text = aws (service, "get-execution-history", "--execution-arn",
              ARN_PREFIX "execution:CliMachine:cli-run", "--page-size", "3", "--max-items",
              "4", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "events")),
                    ==, 4);
  g_assert_true (json_object_has_member (object, "NextToken"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* Another, long one, stopped. */
  g_assert_true (g_file_set_contents (definition_path, wait_definition, -1, NULL));
  text = aws (service, "create-state-machine", "--name", "CliWait", "--definition",
              definition_arg, "--role-arn", "arn:aws:iam::123456789012:role/r", NULL);
  g_clear_pointer (&text, g_free);
  sw_service_set_wait_scale (service, 1);
  text = aws (service, "start-execution", "--state-machine-arn",
              ARN_PREFIX "stateMachine:CliWait", "--name", "to-stop", NULL);
  g_clear_pointer (&text, g_free);
  text = aws (service, "stop-execution", "--execution-arn",
              ARN_PREFIX "execution:CliWait:to-stop", "--error", "User", "--cause", "by the CLI",
              NULL);
  object = sw_test_parse_object (text);
  g_assert_true (json_object_has_member (object, "stopDate"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);
  text = aws (service, "describe-execution", "--execution-arn",
              ARN_PREFIX "execution:CliWait:to-stop", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ABORTED");
  g_assert_cmpstr (json_object_get_string_member (object, "cause"), ==, "by the CLI");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  text = aws (service, "list-executions", "--state-machine-arn",
              ARN_PREFIX "stateMachine:CliWait", "--status-filter", "ABORTED", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                         "executions")), ==, 1);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  text = aws (service, "list-state-machines", "--page-size", "1", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                         "stateMachines")),
                    ==, 2);

  g_unlink (definition_path);
  g_rmdir (dir);
  drain ();
}

/* TestState and RedriveExecution as an AWS CLI whose model has them sends and reads them. */
static void
test_peer_awscli_test_state (void)
{
  g_autoptr(SwService) service = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *binary = find_aws_for ("test-state");
  g_autofree char *text = NULL;
  JsonObject *data;

  if (binary == NULL)
    {
      g_test_skip ("No AWS CLI with TestState (Debian's awscli 2.9 predates it)");
      return;
    }
  g_test_message ("Using %s", binary);
  service = service_new (NULL);

  text = aws_with (service, binary, "test-state", "--definition",
                   "{\"Type\":\"Pass\",\"InputPath\":\"$.in\",\"Parameters\":{\"p.$\":\"$.x\"},"
                   "\"ResultPath\":\"$.r\",\"Next\":\"After\"}",
                   "--role-arn", "arn:aws:iam::123456789012:role/r",
                   "--input", "{\"in\":{\"x\":5}}", "--inspection-level", "DEBUG", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (object, "nextState"), ==, "After");
  g_assert_cmpstr (json_object_get_string_member (object, "output"), ==,
                   "{\"in\":{\"x\":5},\"r\":{\"p\":5}}");
  data = json_object_get_object_member (object, "inspectionData");
  g_assert_cmpstr (json_object_get_string_member (data, "input"), ==, "{\"in\":{\"x\":5}}");
  g_assert_cmpstr (json_object_get_string_member (data, "afterInputPath"), ==, "{\"x\":5}");
  g_assert_cmpstr (json_object_get_string_member (data, "afterParameters"), ==, "{\"p\":5}");
  g_assert_cmpstr (json_object_get_string_member (data, "result"), ==, "{\"p\":5}");
  g_assert_cmpstr (json_object_get_string_member (data, "afterResultSelector"), ==,
                   "{\"p\":5}");
  g_assert_cmpstr (json_object_get_string_member (data, "afterResultPath"), ==,
                   "{\"in\":{\"x\":5},\"r\":{\"p\":5}}");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* Retry shapes: RETRIABLE with errorDetails as the CLI's model types them. */
  text = aws_with (service, binary, "test-state", "--definition",
                   "{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"C\"}",
                   "--role-arn", "arn:aws:iam::123456789012:role/r", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "E");
  g_assert_false (json_object_has_member (object, "inspectionData"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* The November 2025 members as the CLI's model serializes them: --mock with
   * --state-configuration, a Map answered by its mock, and --context. */
  text = aws_with (service, binary, "test-state", "--definition", retry_task, "--mock",
                   "{\"errorOutput\":{\"error\":\"E\",\"cause\":\"C\"}}",
                   "--state-configuration", "{\"retrierRetryCount\":4}",
                   "--inspection-level", "DEBUG", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "RETRIABLE");
  data = json_object_get_object_member (json_object_get_object_member (object,
                                                                       "inspectionData"),
                                        "errorDetails");
  g_assert_cmpint (json_object_get_int_member (data, "retryIndex"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (data, "retryBackoffIntervalSeconds"), ==, 16);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  text = aws_with (service, binary, "test-state", "--definition", map_state, "--input",
                   "{\"items\":[1,2,3]}", "--mock", "{\"result\":\"[1,2,3]\"}",
                   "--state-configuration", "{\"mapIterationFailureCount\":2}", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "CAUGHT_ERROR");
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==,
                   "States.ExceedToleratedFailureThreshold");
  g_assert_cmpstr (json_object_get_string_member (object, "nextState"), ==, "Threshold");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  text = aws_with (service, binary, "test-state", "--definition",
                   "{\"Type\":\"Task\",\"QueryLanguage\":\"JSONata\","
                   "\"Resource\":\"arn:aws:states:::lambda:invoke\","
                   "\"Arguments\":{\"FunctionName\":\"f\"},"
                   "\"Output\":\"{% $states.context.Execution.Name %}\",\"End\":true}",
                   "--context", "{\"Execution\":{\"Name\":\"from-cli\"}}",
                   "--mock", "{\"result\":\"{}\"}", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (object, "output"), ==, "\"from-cli\"");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* A misuse: the CLI reports our ValidationException and its message. */
  {
    g_autofree char *url = sw_service_dup_url (service);
    const char *argv[] = { binary, "stepfunctions", "test-state", "--definition",
                           "{\"Type\":\"Pass\",\"End\":true}", "--mock",
                           "{\"result\":\"{}\"}", "--endpoint-url", url, NULL };
    Spawned spawned;

    run_peer (service, argv, &spawned);
    g_assert_cmpint (spawned.status, !=, 0);
    g_assert_nonnull (strstr (spawned.err, "(ValidationException)"));
    g_assert_nonnull (strstr (spawned.err, "State type 'Pass' is not supported when a mock is "
                                           "specified"));
    g_free (spawned.out);
    g_free (spawned.err);
  }

  /* A failed run redriven by the CLI, and listed with --redrive-filter. */
  text = aws_with (service, binary, "create-state-machine", "--name", "CliFail", "--definition",
                   fail_definition, "--role-arn", "arn:aws:iam::123456789012:role/r", NULL);
  g_clear_pointer (&text, g_free);
  text = aws_with (service, binary, "start-execution", "--state-machine-arn",
                   ARN_PREFIX "stateMachine:CliFail", "--name", "f", NULL);
  g_clear_pointer (&text, g_free);
  drain ();
  text = aws_with (service, binary, "redrive-execution", "--execution-arn",
                   ARN_PREFIX "execution:CliFail:f", NULL);
  object = sw_test_parse_object (text);
  g_assert_true (json_object_has_member (object, "redriveDate"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);
  drain ();
  text = aws_with (service, binary, "list-executions", "--state-machine-arn",
                   ARN_PREFIX "stateMachine:CliFail", "--redrive-filter", "REDRIVEN", NULL);
  object = sw_test_parse_object (text);
  data = json_array_get_object_element (json_object_get_array_member (object, "executions"), 0);
  g_assert_cmpint (json_object_get_int_member (data, "redriveCount"), ==, 1);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);
  text = aws_with (service, binary, "describe-execution", "--execution-arn",
                   ARN_PREFIX "execution:CliFail:f", NULL);
  object = sw_test_parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (object, "redriveStatus"), ==, "REDRIVABLE");
  drain ();
}

/* Our own verbs: the same code path as for AWS, pointed at the local endpoint. */
static void
test_cli_verbs (void)
{
  g_autoptr(SwService) service = service_new (NULL);
  g_autofree char *url = sw_service_dup_url (service);
  g_autofree char *dir = g_dir_make_tmp ("sw-service-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "machine.json", NULL);
  Spawned spawned;

  g_assert_true (g_file_set_contents (path, fail_definition, -1, NULL));
  {
    const char *argv[] = { cli_path, "deploy", path, "--name", "Verbs", "--role-arn",
                           "arn:aws:iam::123456789012:role/r", "--endpoint-url", url, NULL };

    run_peer (service, argv, &spawned);
    g_assert_cmpint (spawned.status, ==, 0);
    g_assert_nonnull (strstr (spawned.out, ARN_PREFIX "stateMachine:Verbs"));
    g_free (spawned.out);
    g_free (spawned.err);
  }
  {
    const char *argv[] = { cli_path, "start", "Verbs", "--name", "v1", "--endpoint-url", url,
                           NULL };

    run_peer (service, argv, &spawned);
    g_assert_cmpint (spawned.status, ==, 0);
    g_free (spawned.out);
    g_free (spawned.err);
  }
  {
    const char *argv[] = { cli_path, "watch", ARN_PREFIX "execution:Verbs:v1",
                           "--endpoint-url", url, NULL };

    /* The run fails on purpose: watch follows it and exits 1, the FAILED status. */
    run_peer (service, argv, &spawned);
    g_assert_cmpint (spawned.status, ==, 1);
    g_assert_nonnull (strstr (spawned.out, "FailStateEntered"));
    g_assert_nonnull (strstr (spawned.out, "ExecutionFailed"));
    g_free (spawned.out);
    g_free (spawned.err);
  }
  g_unlink (path);
  g_rmdir (dir);
  drain ();
}

static void
test_peer_boto3 (void)
{
  g_autoptr(SwService) service = NULL;
  g_autofree char *script = NULL;
  const char *argv[4] = { "/usr/bin/python3", NULL, NULL, NULL };
  Spawned spawned;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ||
      !g_file_test ("/usr/lib/python3/dist-packages/boto3", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Debian's python3-boto3 is not installed");
      return;
    }
  service = service_new (NULL);
  /* Real time, so that the Wait run is still running when boto3 stops it. */
  sw_service_set_wait_scale (service, 1);
  script = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "tests", "service", "peer-boto3.py",
                             NULL);
  argv[1] = script;
  run_peer (service, argv, &spawned);
  if (spawned.status != 0)
    g_test_message ("boto3 peer: %s\n%s", spawned.out, spawned.err);
  g_assert_cmpint (spawned.status, ==, 0);
  g_assert_nonnull (strstr (spawned.out, "boto3 peer: ok"));
  g_free (spawned.out);
  g_free (spawned.err);
  drain ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--cli="))
      cli_path = g_strdup (argv[i] + strlen ("--cli="));

  g_test_add_func ("/service/client/round-trip", test_client_round_trip);
  g_test_add_func ("/service/client/errors", test_client_errors);
  g_test_add_func ("/service/client/paging", test_client_paging);
  g_test_add_func ("/service/client/test-state", test_client_sync_and_test_state);
  g_test_add_func ("/service/dispatch/sync-limits-redrive", test_dispatch_sync_redrive);
  g_test_add_func ("/service/redrive/from-failed-state", test_redrive_from_failed_state);
  g_test_add_func ("/service/express/not-recorded", test_express_not_recorded);
  g_test_add_func ("/service/arn/region-account", test_region_account);
  g_test_add_func ("/service/test-state/inspection", test_test_state_inspection);
  g_test_add_func ("/service/test-state/mock-task", test_test_state_mock_task);
  g_test_add_func ("/service/test-state/mock-errors", test_test_state_mock_errors);
  g_test_add_func ("/service/test-state/retrier-retry-count", test_test_state_retrier_count);
  g_test_add_func ("/service/test-state/mock-map", test_test_state_mock_map);
  g_test_add_func ("/service/test-state/mock-parallel", test_test_state_mock_parallel);
  g_test_add_func ("/service/test-state/context", test_test_state_context);
  g_test_add_func ("/service/test-state/self-target", test_test_state_self_target);
  g_test_add_func ("/service/test-state/huge-max-attempts", test_test_state_huge_max_attempts);
  g_test_add_func ("/service/auth/require-auth", test_require_auth);
  g_test_add_func ("/service/mock/test-case", test_mock_config);
  g_test_add_func ("/service/sagemaker/routing", test_sagemaker_routing);
  g_test_add_func ("/service/sagemaker/interrupted-job", test_sagemaker_interrupted_job);
  g_test_add_func ("/service/store/restart", test_persistence_restart);
  if (cli_path != NULL)
    g_test_add_func ("/service/cli/deploy-start-watch", test_cli_verbs);
  g_test_add_func ("/service/peers/awscli", test_peer_awscli);
  g_test_add_func ("/service/peers/awscli-test-state", test_peer_awscli_test_state);
  g_test_add_func ("/service/peers/boto3", test_peer_boto3);
  return g_test_run ();
}
