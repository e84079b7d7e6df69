/* test-sfn-client.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Step Functions client against a real HTTP server in this process (fake-sfn.c), which
 * checks every request's signature with the same signer and the same secret: all
 * operations, errors with their __type, retries and backoff (with the sleep replaced by a
 * recorder), the retry quota, clock-skew correction, credentials refreshed before and
 * after they expire, and cancellation. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fake-sfn.h"
#include "sw-aws-error.h"
#include "sw-aws-json-private.h"
#include "sw-aws-private.h"
#include "sw-aws-retry-private.h"
#include "sw-aws-transport-private.h"
#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"
#include "../common/sw-test-sfn-call.h"

#define KEY "AKIDTESTCLIENT"
#define SECRET "test/secret+key"
#define DEFINITION "{\"StartAt\": \"Hello\", \"States\": {\"Hello\": {\"Type\": \"Pass\", " \
                   "\"Result\": {\"greeting\": \"hi\"}, \"Next\": \"Done\"}, " \
                   "\"Done\": {\"Type\": \"Succeed\"}}}"
#define TASK_DEFINITION "{\"StartAt\": \"Work\", \"States\": {\"Work\": {\"Type\": \"Task\", " \
                        "\"Resource\": \"arn:aws:states:::lambda:invoke\", \"End\": true}}}"
#define FAIL_DEFINITION "{\"StartAt\": \"Oops\", \"States\": {\"Oops\": {\"Type\": \"Fail\", " \
                        "\"Error\": \"Custom.Error\", \"Cause\": \"it broke\"}}}"
#define ROLE "arn:aws:iam::123456789012:role/StepFunctions"

typedef struct
{
  FakeSfn *fake;
  SwSfnClient *client;
  GArray *sleeps;
  double random_value;
} Fixture;

static SwAwsTransport *
transport_of (SwSfnClient *client)
{
  return _sw_sfn_client_get_transport (client);
}

static void
record_sleep (double   seconds,
              gpointer user_data)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->sleeps, seconds);
}

static double
fixed_random (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->random_value;
}

static SwSfnClient *
client_for (Fixture    *fixture,
            const char *key,
            const char *secret)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new (key, secret, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  SwSfnClient *client = sw_sfn_client_new (url, "us-east-1", provider);

  _sw_aws_transport_set_sleep_func (transport_of (client), record_sleep, fixture);
  _sw_aws_transport_set_random_func (transport_of (client), fixed_random, fixture);
  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->fake = fake_sfn_new ();
  fake_sfn_add_credentials (fixture->fake, KEY, SECRET, NULL);
  fixture->sleeps = g_array_new (FALSE, FALSE, sizeof (double));
  fixture->random_value = 0.5;
  fixture->client = client_for (fixture, KEY, SECRET);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_array_unref (fixture->sleeps);
  fake_sfn_free (fixture->fake);
}

static JsonObject *
wait_for (SwTestSfnCall  *result,
          GError     **error)
{
  sw_test_sfn_call_wait (result, NULL);
  /* Without @error, the error stays in @result for the caller to check. */
  if (result->error != NULL && error != NULL)
    g_propagate_error (error, g_steal_pointer (&result->error));
  return result->output;
}

static JsonObject *
call (SwSfnClient     *client,
      SwSfnOperation   operation,
      JsonObject      *input,
      GError         **error)
{
  SwTestSfnCall result = { 0 };

  sw_sfn_client_call_async (client, operation, input, NULL, sw_test_sfn_call_cb, &result);
  return wait_for (&result, error);
}

static JsonObject *
call_all (SwSfnClient     *client,
          SwSfnOperation   operation,
          JsonObject      *input,
          GError         **error)
{
  SwTestSfnCall result = { 0 };

  sw_sfn_client_call_all_pages_async (client, operation, input, NULL, sw_test_sfn_pages_cb,
                                      &result);
  return wait_for (&result, error);
}

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
input_with (const char *first_name,
            ...)
{
  JsonObject *input = json_object_new ();
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    json_object_set_string_member (input, name, va_arg (args, const char *));
  va_end (args);
  return input;
}

static char *
create_machine (SwSfnClient *client,
                const char  *name,
                const char  *definition,
                const char  *type)
{
  g_autoptr(JsonObject) input = input_with ("name", name, "definition", definition,
                                            "roleArn", ROLE, "type", type, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) output = call (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, input,
                                       &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (output, "stateMachineArn"));
}

/* Typed wrappers, one per operation. */

static void
wrapper_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SwTestSfnCall *out = user_data;

  /* Every wrapper's _finish takes any of the client's results. */
  out->output = sw_sfn_client_describe_execution_finish (SW_SFN_CLIENT (object), result,
                                                         &out->error);
  out->done = TRUE;
}

static void
test_operations (Fixture       *fixture,
                 gconstpointer  data)
{
  SwSfnClient *client = fixture->client;
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *task_arn = NULL;
  g_autofree char *fail_arn = NULL;
  g_autofree char *express_arn = NULL;
  g_autofree char *execution = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) in = NULL;
  JsonArray *array;
  SwTestSfnCall result = { 0 };

  fake_sfn_set_page_size (fixture->fake, 2);

  /* CreateStateMachine with logging and tracing. */
  in = object_from ("{\"name\": \"Hello\", \"definition\": \"" "{\\\"StartAt\\\": \\\"A\\\", "
                    "\\\"States\\\": {\\\"A\\\": {\\\"Type\\\": \\\"Succeed\\\"}}}\", "
                    "\"roleArn\": \"" ROLE "\", \"type\": \"STANDARD\", "
                    "\"loggingConfiguration\": {\"level\": \"ALL\", "
                    "\"includeExecutionData\": true}, "
                    "\"tracingConfiguration\": {\"enabled\": true}}");
  sw_sfn_client_create_state_machine_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  arn = g_strdup (json_object_get_string_member (out, "stateMachineArn"));
  g_assert_cmpstr (arn, ==, "arn:aws:states:us-east-1:123456789012:stateMachine:Hello");
  g_assert_true (json_object_get_double_member (out, "creationDate") > 1.6e9);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* UpdateStateMachine, then DescribeStateMachine shows it. */
  in = input_with ("stateMachineArn", arn, "definition", DEFINITION, NULL);
  out = call (client, SW_SFN_OPERATION_UPDATE_STATE_MACHINE, in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "revisionId"), ==, "rev-2");
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  in = input_with ("stateMachineArn", arn, NULL);
  out = call (client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "definition"), ==, DEFINITION);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "ACTIVE");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                   out, "tracingConfiguration"), "enabled"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     out, "loggingConfiguration"), "level"), ==, "ALL");
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* More machines, then ListStateMachines over all its pages (two per page). */
  task_arn = create_machine (client, "Worker", TASK_DEFINITION, "STANDARD");
  fail_arn = create_machine (client, "Broken", FAIL_DEFINITION, "STANDARD");
  express_arn = create_machine (client, "Quick", DEFINITION, "EXPRESS");
  g_free (create_machine (client, "Extra", DEFINITION, "STANDARD"));
  fake_sfn_clear_requests (fixture->fake);
  in = json_object_new ();
  out = call_all (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (out, "stateMachines");
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 4),
                                                  "name"), ==, "Extra");
  g_assert_false (json_object_has_member (out, "nextToken"));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "ListStateMachines"), ==, 3);
  /* The caller's input is left alone. */
  g_assert_false (json_object_has_member (in, "nextToken"));
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* ValidateStateMachineDefinition, good and bad. */
  in = input_with ("definition", DEFINITION, NULL);
  out = call (client, SW_SFN_OPERATION_VALIDATE_STATE_MACHINE_DEFINITION, in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "result"), ==, "OK");
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);
  in = input_with ("definition", "{\"States\": {}}", NULL);
  out = call (client, SW_SFN_OPERATION_VALIDATE_STATE_MACHINE_DEFINITION, in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "result"), ==, "FAIL");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out, "diagnostics")),
                    ==, 1);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* StartExecution, DescribeExecution until it ends, GetExecutionHistory over pages. */
  in = input_with ("stateMachineArn", arn, "name", "run-1", "input", "{\"x\": 1}", NULL);
  out = call (client, SW_SFN_OPERATION_START_EXECUTION, in, &error);
  g_assert_no_error (error);
  execution = g_strdup (json_object_get_string_member (out, "executionArn"));
  g_assert_cmpstr (execution, ==, "arn:aws:states:us-east-1:123456789012:execution:Hello:run-1");
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  in = input_with ("executionArn", execution, NULL);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(JsonObject) described = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, in,
                                              &error);

      g_assert_no_error (error);
      if (strcmp (json_object_get_string_member (described, "status"), "RUNNING") != 0)
        {
          g_assert_cmpstr (json_object_get_string_member (described, "status"), ==,
                           "SUCCEEDED");
          g_assert_cmpstr (json_object_get_string_member (described, "output"), ==,
                           "{\"greeting\":\"hi\"}");
          break;
        }
      g_assert_cmpuint (i, <, 9);
    }
  fake_sfn_clear_requests (fixture->fake);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_get_execution_history_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (out, "events");
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, i), "id"),
                     ==, i + 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 5),
                                                  "type"), ==, "ExecutionSucceeded");
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, "GetExecutionHistory"), ==, 3);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* ListExecutions with a status filter. */
  in = input_with ("stateMachineArn", arn, "statusFilter", "SUCCEEDED", NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_list_executions_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (out, "executions");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "name"), ==, "run-1");
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* StopExecution of a Task that never ends. */
  {
    g_autofree char *running = NULL;

    in = input_with ("stateMachineArn", task_arn, NULL);
    out = call (client, SW_SFN_OPERATION_START_EXECUTION, in, &error);
    g_assert_no_error (error);
    running = g_strdup (json_object_get_string_member (out, "executionArn"));
    g_clear_pointer (&out, json_object_unref);
    g_clear_pointer (&in, json_object_unref);

    in = input_with ("executionArn", running, "error", "Operator", "cause", "tests", NULL);
    result = (SwTestSfnCall) { 0 };
    sw_sfn_client_stop_execution_async (client, in, NULL, wrapper_cb, &result);
    out = wait_for (&result, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_has_member (out, "stopDate"));
    g_clear_pointer (&out, json_object_unref);
    g_clear_pointer (&in, json_object_unref);

    in = input_with ("executionArn", running, NULL);
    out = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, in, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "ABORTED");
    g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "Operator");
    g_clear_pointer (&out, json_object_unref);

    /* RedriveExecution of the aborted run. */
    result = (SwTestSfnCall) { 0 };
    sw_sfn_client_redrive_execution_async (client, in, NULL, wrapper_cb, &result);
    out = wait_for (&result, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_has_member (out, "redriveDate"));
    g_clear_pointer (&out, json_object_unref);
    g_clear_pointer (&in, json_object_unref);
  }

  /* StartSyncExecution of an EXPRESS machine: the whole run in one answer. */
  in = input_with ("stateMachineArn", express_arn, "input", "{}", NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_start_sync_execution_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (out, "executionArn"),
                                   "arn:aws:states:us-east-1:123456789012:express:Quick:"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     out, "billingDetails"), "billedDurationInMilliseconds"), ==, 100);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* TestState of one state. */
  in = input_with ("definition", "{\"Type\": \"Pass\", \"Result\": [1, 2], \"End\": true}",
                   "roleArn", ROLE, "input", "{}", NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_test_state_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (json_object_get_string_member (out, "output"), ==, "[1,2]");
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* DeleteStateMachine, and it is gone. */
  in = input_with ("stateMachineArn", fail_arn, NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_delete_state_machine_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (out), ==, 0);
  g_clear_pointer (&out, json_object_unref);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_describe_state_machine_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "StateMachineDoesNotExist");
  g_clear_error (&error);
  g_clear_pointer (&in, json_object_unref);

  /* The remaining typed wrappers reach their operations. */
  in = json_object_new ();
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_list_state_machines_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out,
                                                                         "stateMachines")),
                    ==, 4);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);
  in = input_with ("definition", DEFINITION, NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_validate_state_machine_definition_async (client, in, NULL, wrapper_cb,
                                                         &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);
  in = input_with ("stateMachineArn", arn, "roleArn", ROLE, NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_update_state_machine_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);
  in = input_with ("stateMachineArn", arn, NULL);
  result = (SwTestSfnCall) { 0 };
  sw_sfn_client_start_execution_async (client, in, NULL, wrapper_cb, &result);
  out = wait_for (&result, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);
  g_clear_pointer (&in, json_object_unref);

  /* Every request carried the protocol's headers and a valid signature. */
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
}

static void
test_operation_names (void)
{
  SwSfnOperation operation;

  g_assert_cmpstr (sw_sfn_operation_get_name (SW_SFN_OPERATION_START_SYNC_EXECUTION), ==,
                   "StartSyncExecution");
  g_assert_true (sw_sfn_operation_from_name ("GetExecutionHistory", &operation));
  g_assert_cmpint (operation, ==, SW_SFN_OPERATION_GET_EXECUTION_HISTORY);
  g_assert_false (sw_sfn_operation_from_name ("ListActivities", &operation));
  g_assert_cmpstr (sw_sfn_operation_get_list_member (SW_SFN_OPERATION_LIST_EXECUTIONS), ==,
                   "executions");
  g_assert_null (sw_sfn_operation_get_list_member (SW_SFN_OPERATION_STOP_EXECUTION));
}

static void
test_service_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *missing = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope";
  g_autoptr(JsonObject) in = input_with ("stateMachineArn", missing, NULL);
  g_autoptr(JsonObject) bad = input_with ("stateMachineArn", "not-an-arn", NULL);
  g_autoptr(JsonObject) invalid = input_with ("name", "Bad", "definition", "{\"States\": {}}",
                                              "roleArn", ROLE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;

  out = call (fixture->client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, in, &error);
  g_assert_null (out);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "StateMachineDoesNotExist");
  g_assert_cmpstr (sw_aws_error_get_service_message (error), ==,
                   "State Machine Does Not Exist: "
                   "'arn:aws:states:us-east-1:123456789012:stateMachine:Nope'");
  g_assert_cmpstr (error->message, ==,
                   "StateMachineDoesNotExist: State Machine Does Not Exist: "
                   "'arn:aws:states:us-east-1:123456789012:stateMachine:Nope'");
  g_assert_cmpuint (sw_aws_error_get_http_status (error), ==, 400);
  g_assert_nonnull (sw_aws_error_get_request_id (error));
  g_clear_error (&error);

  /* The same error type given in the X-Amzn-ErrorType header. */
  fake_sfn_set_error_style (fixture->fake, TRUE);
  out = call (fixture->client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, bad, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "InvalidArn");
  g_clear_error (&error);
  fake_sfn_set_error_style (fixture->fake, FALSE);

  out = call (fixture->client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, invalid, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "InvalidDefinition");
  g_clear_error (&error);

  /* Errors of the caller are not retried. */
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 3);
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
}

static void
test_missing_parameter (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) in = input_with ("name", "NoRole", "definition", DEFINITION, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = call (fixture->client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, in,
                                    &error);

  g_assert_null (out);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "roleArn"));
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 0);
}

static void
test_throttling_retried (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);
  FakeSfnRequest *first, *last;

  fake_sfn_inject_error (fixture->fake, "ListStateMachines", 400, "ThrottlingException",
                         "Rate exceeded");
  fake_sfn_inject_error (fixture->fake, "ListStateMachines", 400, "ThrottlingException",
                         "Rate exceeded");
  out = call (fixture->client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);

  /* Three attempts of one invocation, each signed anew, waits of r × 2^(n − 1) s. */
  g_assert_cmpuint (requests->len, ==, 3);
  first = g_ptr_array_index (requests, 0);
  last = g_ptr_array_index (requests, 2);
  g_assert_cmpstr (first->sdk_request, ==, "attempt=1; max=3");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 1))->sdk_request, ==,
                   "attempt=2; max=3");
  g_assert_cmpstr (last->sdk_request, ==, "attempt=3; max=3");
  g_assert_cmpstr (first->invocation_id, ==, last->invocation_id);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
  g_assert_cmpuint (fixture->sleeps->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (fixture->sleeps, double, 0), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (fixture->sleeps, double, 1), 1.0, 1e-9);

  /* Two retries took 2 × 5 tokens; the success gives the last retry's 5 back. */
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (transport_of (fixture->client)), ==, 495);
}

static void
test_server_errors_exhausted (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) in = input_with ("executionArn",
                                         "arn:aws:states:us-east-1:123456789012:execution:a:b",
                                         NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;

  fixture->random_value = 0.999;
  for (guint i = 0; i < 4; i++)
    fake_sfn_inject_error (fixture->fake, NULL, i == 1 ? 503 : 500, "InternalFailure",
                           "Internal service error");
  out = call (fixture->client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, in, &error);
  g_assert_null (out);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "InternalFailure");
  g_assert_cmpuint (sw_aws_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 3);
  g_assert_cmpuint (fixture->sleeps->len, ==, 2);
  g_assert_cmpfloat (g_array_index (fixture->sleeps, double, 0), <, 1.0);
  g_assert_cmpfloat (g_array_index (fixture->sleeps, double, 1), >, 1.9);
  g_assert_cmpfloat (g_array_index (fixture->sleeps, double, 1), <, 2.0);
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (transport_of (fixture->client)), ==, 490);

  /* A 5xx without a JSON body still has a code: its status. */
  g_clear_error (&error);
}

static void
test_max_attempts (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;

  sw_sfn_client_set_max_attempts (fixture->client, 1);
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
  out = call (fixture->client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "ThrottlingException");
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
}

static void
test_retry_quota (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) in = json_object_new ();

  /* Each call that fails three times spends two retries of 5 tokens: 500 tokens last 50
   * such calls. The 51st fails once and is not retried: had it been, its second attempt
   * would have succeeded, as no more errors are queued. */
  for (guint i = 0; i <= 50; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) out = NULL;
      guint before = fake_sfn_count_requests (fixture->fake, NULL);
      guint failures = i < 50 ? 3 : 1;

      for (guint j = 0; j < failures; j++)
        fake_sfn_inject_error (fixture->fake, NULL, 503, "ServiceUnavailable", "Slow down");
      out = call (fixture->client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
      g_assert_null (out);
      g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "ServiceUnavailable");
      g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL) - before, ==, failures);
    }
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (transport_of (fixture->client)), ==, 0);

  /* Successes fill the quota again, one token each. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) out = call (fixture->client, SW_SFN_OPERATION_LIST_STATE_MACHINES,
                                        in, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (transport_of (fixture->client)), ==, 5);
}

static void
test_backoff (void)
{
  guint quota = SW_AWS_RETRY_INITIAL_TOKENS;
  guint cost = 0;

  g_assert_cmpfloat (_sw_aws_retry_backoff (1, 0.0), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (_sw_aws_retry_backoff (1, 0.75), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (_sw_aws_retry_backoff (3, 0.75), 3.0, 1e-12);
  /* Capped at 20 s however many attempts. */
  g_assert_cmpfloat_with_epsilon (_sw_aws_retry_backoff (6, 0.99), 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (_sw_aws_retry_backoff (40, 0.5), 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (_sw_aws_retry_backoff (40, 0.999), 19.98, 1e-9);

  g_assert_cmpint (_sw_aws_retry_classify (400, "ThrottlingException", NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify (400, "TooManyRequestsException", NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify (502, "Whatever", NULL), ==, SW_AWS_RETRY_TRANSIENT);
  g_assert_cmpint (_sw_aws_retry_classify (400, "RequestTimeout", NULL), ==,
                   SW_AWS_RETRY_TRANSIENT);
  g_assert_cmpint (_sw_aws_retry_classify (400, "StateMachineDoesNotExist", NULL), ==,
                   SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify (501, "NotImplemented", NULL), ==,
                   SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify (429, "429", NULL), ==, SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify (400, "PriorRequestNotComplete", NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify (400, "RequestTimeTooSkewed", NULL), ==,
                   SW_AWS_RETRY_CLOCK_SKEW);
  g_assert_cmpint (_sw_aws_retry_classify (403, "SignatureDoesNotMatch", NULL), ==,
                   SW_AWS_RETRY_CLOCK_SKEW);
  g_assert_cmpint (_sw_aws_retry_classify (400, "ValidationException", NULL), ==,
                   SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify (400, "InvalidSignatureException", NULL), ==,
                   SW_AWS_RETRY_CLOCK_SKEW);
  {
    g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                     "refused");
    g_autoptr(GError) timeout = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "slow");
    g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "no");

    g_assert_cmpint (_sw_aws_retry_classify (0, NULL, refused), ==, SW_AWS_RETRY_TRANSIENT);
    g_assert_cmpint (_sw_aws_retry_classify (0, NULL, timeout), ==, SW_AWS_RETRY_TIMEOUT);
    g_assert_cmpint (_sw_aws_retry_classify (0, NULL, cancelled), ==, SW_AWS_RETRY_NONE);
  }

  /* A timeout costs 10 tokens, other retries 5; a success gives back what it took. */
  g_assert_true (_sw_aws_retry_quota_acquire (&quota, SW_AWS_RETRY_TIMEOUT, &cost));
  g_assert_cmpuint (cost, ==, 10);
  g_assert_cmpuint (quota, ==, 490);
  g_assert_true (_sw_aws_retry_quota_acquire (&quota, SW_AWS_RETRY_THROTTLING, &cost));
  g_assert_cmpuint (cost, ==, 5);
  _sw_aws_retry_quota_release (&quota, cost);
  g_assert_cmpuint (quota, ==, 490);
  _sw_aws_retry_quota_release (&quota, 0);
  g_assert_cmpuint (quota, ==, 491);
  quota = 4;
  g_assert_false (_sw_aws_retry_quota_acquire (&quota, SW_AWS_RETRY_TRANSIENT, &cost));
  g_assert_cmpuint (quota, ==, 4);
  quota = SW_AWS_RETRY_INITIAL_TOKENS;
  _sw_aws_retry_quota_release (&quota, 5);
  g_assert_cmpuint (quota, ==, SW_AWS_RETRY_INITIAL_TOKENS);
}

static void
test_clock_skew (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) again = NULL;
  gint64 skew;

  /* The service's clock is an hour ahead: the first signature is refused as expired. */
  fake_sfn_set_clock_offset (fixture->fake, 3600);
  out = call (fixture->client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 1);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);
  skew = _sw_aws_transport_get_clock_skew (transport_of (fixture->client));
  g_assert_cmpint (skew, >=, 3595);
  g_assert_cmpint (skew, <=, 3605);
  /* No backoff for a clock correction. */
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);

  /* The correction stays. */
  again = call (fixture->client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 1);
}

static void
test_wrong_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SwSfnClient) client = client_for (fixture, KEY, "not-the-secret");
  g_autoptr(SwSfnClient) stranger = client_for (fixture, "AKIDUNKNOWN", SECRET);
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;

  /* A bad signature with a good clock is not a skew: no retry. */
  out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "InvalidSignatureException");
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 1);
  g_assert_cmpint (_sw_aws_transport_get_clock_skew (transport_of (client)), ==, 0);
  g_clear_error (&error);

  out = call (stranger, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "UnrecognizedClientException");
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 2);
}

static const char process_script[] =
  "#!/bin/sh\n"
  "dir=\"$1\"\n"
  "n=$(cat \"$dir/count\" 2>/dev/null || echo 0)\n"
  "n=$((n + 1))\n"
  "echo $n > \"$dir/count\"\n"
  "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC%d\", \"SecretAccessKey\": "
  "\"secret-%d\", \"SessionToken\": \"token-%d\", \"Expiration\": "
  "\"2030-01-01T%02d:00:00Z\"}\\n' $n $n $n $n\n";

static GDateTime *
provider_clock (gpointer user_data)
{
  GDateTime **now = user_data;

  return g_date_time_ref (*now);
}

/* A credential_process provider running process_script in a scratch directory, where the
 * script counts its runs; its clock is @now. Keys AKIDPROC1… up to @n_keys are known to
 * the fake. */
typedef struct
{
  char *dir;
  char *script;
  char *count;
  GDateTime *now;
  SwCredentialsProvider *provider;
} ProcessCredentials;

static void
process_credentials_init (ProcessCredentials *process,
                          Fixture            *fixture,
                          guint               n_keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *path_pair = g_strdup_printf ("PATH=%s", g_getenv ("PATH"));
  const char *env[] = { path_pair, NULL };

  process->dir = g_dir_make_tmp ("stepwise-sfn-client-XXXXXX", &error);
  g_assert_no_error (error);
  process->script = g_build_filename (process->dir, "creds.sh", NULL);
  process->count = g_build_filename (process->dir, "count", NULL);
  g_file_set_contents (process->script, process_script, -1, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n_keys; i++)
    {
      g_autofree char *key = g_strdup_printf ("AKIDPROC%u", i);
      g_autofree char *secret = g_strdup_printf ("secret-%u", i);
      g_autofree char *token = g_strdup_printf ("token-%u", i);

      fake_sfn_add_credentials (fixture->fake, key, secret, token);
    }
  command = g_strdup_printf ("/bin/sh '%s' '%s'", process->script, process->dir);
  process->now = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  process->provider = sw_credentials_provider_new_process (command, env);
  _sw_credentials_provider_set_clock (process->provider, provider_clock, &process->now);
}

static void
process_credentials_set_time (ProcessCredentials *process,
                              int                 minute)
{
  g_date_time_unref (process->now);
  process->now = g_date_time_new_utc (2030, 1, 1, 0, minute, 0);
}

/* How often the script ran, as it counted itself. */
static guint
process_credentials_get_runs (ProcessCredentials *process)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runs = NULL;

  g_file_get_contents (process->count, &runs, NULL, &error);
  g_assert_no_error (error);
  return (guint) g_ascii_strtoull (runs, NULL, 10);
}

static void
process_credentials_clear (ProcessCredentials *process)
{
  g_clear_object (&process->provider);
  g_clear_pointer (&process->now, g_date_time_unref);
  g_unlink (process->script);
  g_unlink (process->count);
  g_rmdir (process->dir);
  g_clear_pointer (&process->script, g_free);
  g_clear_pointer (&process->count, g_free);
  g_clear_pointer (&process->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProcessCredentials, process_credentials_clear)

static void
test_credentials_refreshed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  g_auto(ProcessCredentials) process = { 0 };
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) in = json_object_new ();
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);

  process_credentials_init (&process, fixture, 4);
  client = sw_sfn_client_new (url, "us-east-1", process.provider);
  _sw_aws_transport_set_sleep_func (transport_of (client), record_sleep, fixture);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in,
                                        &error);

      g_assert_no_error (error);
    }
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 0))->access_key_id, ==,
                   "AKIDPROC1");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 1))->access_key_id, ==,
                   "AKIDPROC1");

  /* 10 minutes before they expire, the next request runs the process again first. */
  process_credentials_set_time (&process, 50);
  {
    g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 2))->access_key_id, ==,
                   "AKIDPROC2");

  /* The service says the token expired: fetched again, and the request retried at once. */
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ExpiredTokenException",
                         "The security token included in the request is expired");
  {
    g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpuint (requests->len, ==, 5);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 3))->access_key_id, ==,
                   "AKIDPROC2");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 4))->access_key_id, ==,
                   "AKIDPROC3");
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
  g_assert_cmpuint (_sw_credentials_provider_get_n_refreshes (process.provider), ==, 3);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);

  /* Only once per call: a second expiry in a row is the caller's to see. */
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ExpiredTokenException", "expired");
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ExpiredTokenException", "expired");
  {
    g_autoptr(JsonObject) out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);

    g_assert_null (out);
    g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "ExpiredTokenException");
    g_clear_error (&error);
  }
  g_assert_cmpuint (requests->len, ==, 7);
  /* The script counted its own runs: once at first, once before expiry, once per expired
   * token answer (the second in a row is not fetched again). */
  g_assert_cmpuint (process_credentials_get_runs (&process), ==, 4);
  g_assert_cmpuint (_sw_credentials_provider_get_n_refreshes (process.provider), ==, 4);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new (KEY, SECRET, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  g_autoptr(SwSfnClient) client = sw_sfn_client_new (url, "us-east-1", provider);
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SwTestSfnCall result = { 0 };
  gint64 start;

  /* Cancelled before the answer. */
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, cancellable,
                            sw_test_sfn_call_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (wait_for (&result, NULL));
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);

  /* Cancelled during a real backoff wait (random 1.0: one second). */
  _sw_aws_transport_set_random_func (transport_of (client), fixed_random, fixture);
  fixture->random_value = 0.999;
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  fake_sfn_clear_requests (fixture->fake);
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
  result = (SwTestSfnCall) { 0 };
  start = g_get_monotonic_time ();
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, cancellable,
                            sw_test_sfn_call_cb, &result);
  g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  wait_for (&result, NULL);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 800 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(SwCredentials) credentials = sw_credentials_new (KEY, SECRET, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and has nobody listening. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = sw_sfn_client_new (url, "us-east-1", provider);
  _sw_aws_transport_set_sleep_func (transport_of (client), record_sleep, fixture);

  out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, url));
  /* Broken connections are retried like 5xx. */
  g_assert_cmpuint (fixture->sleeps->len, ==, 2);
}

/* Found by fuzz-aws-response: a body of white space only loads without a root, and reading
 * it as an object gave a critical. It reads as an empty body. */
static void
test_white_space_bodies (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static (" \n\t", 3);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;

  output = _sw_aws_transport_parse_json (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_assert_cmpuint (json_object_get_size (output), ==, 0);
  g_assert_null (_sw_aws_error_body_object (parser, body));
}

static void
test_host_prefix (void)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new (KEY, SECRET, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autoptr(SwSfnClient) aws = sw_sfn_client_new ("https://states.us-east-1.amazonaws.com",
                                                  "us-east-1", provider);
  g_autoptr(SwSfnClient) local = sw_sfn_client_new ("http://127.0.0.1:8083", "us-east-1",
                                                    provider);
  g_autoptr(SwSfnClient) localhost = sw_sfn_client_new ("http://LocalHost:8083", "us-east-1",
                                                        provider);
  g_autofree char *sync_uri = _sw_sfn_client_dup_operation_uri (
    aws, SW_SFN_OPERATION_START_SYNC_EXECUTION);
  g_autofree char *start_uri = _sw_sfn_client_dup_operation_uri (
    aws, SW_SFN_OPERATION_START_EXECUTION);
  g_autofree char *local_uri = _sw_sfn_client_dup_operation_uri (
    local, SW_SFN_OPERATION_START_SYNC_EXECUTION);
  g_autofree char *localhost_uri = _sw_sfn_client_dup_operation_uri (
    localhost, SW_SFN_OPERATION_START_SYNC_EXECUTION);

  g_assert_cmpstr (sync_uri, ==, "https://sync-states.us-east-1.amazonaws.com/");
  g_assert_cmpstr (start_uri, ==, "https://states.us-east-1.amazonaws.com/");
  g_assert_cmpstr (local_uri, ==, "http://127.0.0.1:8083/");
  g_assert_cmpstr (localhost_uri, ==, "http://localhost:8083/");
}

/* StartSyncExecution through an HTTP proxy that is the fake: the request really goes to
 * sync-states.…, signed for that host. */
static void
test_host_prefix_on_the_wire (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new (KEY, SECRET, NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);
  g_autoptr(SwSfnClient) client = sw_sfn_client_new ("http://states.us-east-1.amazonaws.com",
                                                     "us-east-1", provider);
  g_autofree char *proxy = fake_sfn_dup_url (fixture->fake);
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (proxy, NULL);
  g_autofree char *arn = create_machine (fixture->client, "Quick", DEFINITION, "EXPRESS");
  g_autoptr(JsonObject) in = input_with ("stateMachineArn", arn, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);

  soup_session_set_proxy_resolver (_sw_aws_transport_get_session (transport_of (client)),
                                   resolver);
  out = call (client, SW_SFN_OPERATION_START_SYNC_EXECUTION, in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "status"), ==, "SUCCEEDED");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, requests->len - 1))->host,
                   ==, "sync-states.us-east-1.amazonaws.com");
  g_clear_pointer (&out, json_object_unref);

  out = call (client, SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE, in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, requests->len - 1))->host,
                   ==, "states.us-east-1.amazonaws.com");
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
}

static void
test_from_config (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  g_autofree char *endpoint = g_strdup_printf ("AWS_ENDPOINT_URL_SFN=%s", url);
  const char *env[] = {
    "AWS_CONFIG_FILE=/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/creds",
    "AWS_ACCESS_KEY_ID=" KEY, "AWS_SECRET_ACCESS_KEY=" SECRET, "AWS_REGION=eu-west-1",
    "AWS_MAX_ATTEMPTS=2", endpoint, NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) config = sw_aws_config_new (env, NULL, &error);
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(JsonObject) out = NULL;

  g_assert_no_error (error);
  client = sw_sfn_client_new_for_config (config, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_sfn_client_get_endpoint (client), ==, url);
  g_assert_cmpstr (sw_sfn_client_get_region (client), ==, "eu-west-1");
  g_assert_cmpuint (sw_sfn_client_get_max_attempts (client), ==, 2);
  _sw_aws_transport_set_sleep_func (transport_of (client), record_sleep, fixture);

  out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);

  fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
  out = call (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, &error);
  g_assert_null (out);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "ThrottlingException");
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 3);
}

/* Cancelled while the server holds the answer: the call ends at once with
 * G_IO_ERROR_CANCELLED, and nothing keeps the client or its request path alive. */
static void
test_cancel_in_flight (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) in = json_object_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SwSfnClient *client = client_for (fixture, KEY, SECRET);
  SwAwsTransport *transport = transport_of (client);
  SwTestSfnCall result = { 0 };
  gint64 start;

  g_object_add_weak_pointer (G_OBJECT (transport), (gpointer *) &transport);
  fake_sfn_set_delay (fixture->fake, 5000);
  start = g_get_monotonic_time ();
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, cancellable,
                            sw_test_sfn_call_cb, &result);
  /* Cancel once the request has reached the server. */
  while (fake_sfn_count_requests (fixture->fake, NULL) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  g_assert_null (wait_for (&result, NULL));
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_TIME_SPAN_SECOND);
  /* Not retried. */
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);

  g_assert_finalize_object (client);
  g_assert_null (transport);
}

/* The SageMaker client shares the request path: signing under `sagemaker`, errors with
 * their __type, retries, clock skew, refreshed credentials and cancellation. */

typedef struct
{
  GBytes *body;
  char *content_type;
  GError *error;
  gboolean done;
} InvokeCall;

static void
sagemaker_invoke_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  InvokeCall *out = user_data;

  out->body = sw_sagemaker_client_invoke_endpoint_finish (SW_SAGEMAKER_CLIENT (object), result,
                                                          &out->content_type, &out->error);
  out->done = TRUE;
}

/* DescribeTrainingJob of @job; the answer stays in @call. */
static void
describe_job (SwSageMakerClient *client,
              const char        *job,
              GCancellable      *cancellable,
              SwTestSfnCall     *call)
{
  g_autoptr(JsonObject) in = input_with ("TrainingJobName", job, NULL);

  sw_test_sfn_call_clear (call);
  sw_sagemaker_client_call_async (client, "DescribeTrainingJob", in, cancellable,
                                  sw_test_sagemaker_call_cb, call);
  sw_test_sfn_call_wait (call, NULL);
}

static SwSageMakerClient *
sagemaker_for (Fixture               *fixture,
               SwCredentialsProvider *provider)
{
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  SwSageMakerClient *client = sw_sagemaker_client_new (url, NULL, "us-east-1", provider);
  SwAwsTransport *transport = _sw_sagemaker_client_get_transport (client);

  _sw_aws_transport_set_sleep_func (transport, record_sleep, fixture);
  _sw_aws_transport_set_random_func (transport, fixed_random, fixture);
  return client;
}

static void
test_sagemaker_calls (Fixture       *fixture,
                      gconstpointer  data)
{
  SwCredentialsProvider *provider = sw_sfn_client_get_credentials_provider (fixture->client);
  g_autoptr(SwSageMakerClient) client = sagemaker_for (fixture, provider);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"pixels\": [0, 1]}", 18);
  g_auto(SwTestSfnCall) call = { 0 };
  InvokeCall invoke = { 0 };
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);
  FakeSfnRequest *request;

  describe_job (client, "mnist-1", NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (json_object_get_string_member (call.output, "TrainingJobStatus"), ==,
                   "Completed");
  request = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (request->operation, ==, "DescribeTrainingJob");
  g_assert_cmpstr (request->access_key_id, ==, KEY);
  g_assert_cmpstr (request->sdk_request, ==, "attempt=1; max=3");
  g_assert_nonnull (request->invocation_id);
  g_assert_cmpstr (request->body, ==, "{\"TrainingJobName\":\"mnist-1\"}");

  /* The service's error, with its __type and message, not retried. */
  describe_job (client, "missing", NULL, &call);
  g_assert_null (call.output);
  g_assert_error (call.error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE);
  g_assert_cmpstr (sw_aws_error_get_service_code (call.error), ==, "ResourceNotFound");
  g_assert_cmpstr (sw_aws_error_get_service_message (call.error), ==,
                   "Requested resource not found.");
  g_assert_cmpuint (sw_aws_error_get_http_status (call.error), ==, 400);
  g_assert_cmpuint (requests->len, ==, 2);

  /* InvokeEndpoint on the runtime: the body goes and comes back as is. */
  sw_sagemaker_client_invoke_endpoint_async (client, "digits-ep", "application/json", body,
                                             NULL, sagemaker_invoke_cb, &invoke);
  while (!invoke.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (invoke.error);
  g_assert_true (g_bytes_equal (invoke.body, body));
  g_assert_cmpstr (invoke.content_type, ==, "application/json");
  g_bytes_unref (invoke.body);
  g_free (invoke.content_type);
  request = g_ptr_array_index (requests, 2);
  g_assert_cmpstr (request->operation, ==, "InvokeEndpoint");
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 0);
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
}

static void
test_sagemaker_retries (Fixture       *fixture,
                        gconstpointer  data)
{
  SwCredentialsProvider *provider = sw_sfn_client_get_credentials_provider (fixture->client);
  g_autoptr(SwSageMakerClient) client = sagemaker_for (fixture, provider);
  SwAwsTransport *transport = _sw_sagemaker_client_get_transport (client);
  g_auto(SwTestSfnCall) call = { 0 };
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);
  gint64 skew;

  /* Throttling (by code, then by status 429 alone) and a 5xx: retried with backoff. */
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
  fake_sfn_inject_error (fixture->fake, NULL, 503, "ServiceUnavailable", "Try later");
  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 2))->sdk_request, ==,
                   "attempt=3; max=3");
  g_assert_cmpuint (fixture->sleeps->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (fixture->sleeps, double, 0), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (fixture->sleeps, double, 1), 1.0, 1e-9);
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (transport), ==, 495);

  fake_sfn_inject_error (fixture->fake, NULL, 429, "", NULL);
  fake_sfn_inject_error (fixture->fake, NULL, 429, "", NULL);
  fake_sfn_inject_error (fixture->fake, NULL, 429, "", NULL);
  describe_job (client, "job", NULL, &call);
  g_assert_null (call.output);
  g_assert_cmpuint (sw_aws_error_get_http_status (call.error), ==, 429);
  g_assert_cmpuint (requests->len, ==, 6);
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (transport), ==, 485);

  /* The service's clock is an hour ahead: corrected from its Date and signed again. */
  fake_sfn_clear_requests (fixture->fake);
  g_array_set_size (fixture->sleeps, 0);
  fake_sfn_set_clock_offset (fixture->fake, 3600);
  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 1);
  skew = _sw_aws_transport_get_clock_skew (transport);
  g_assert_cmpint (skew, >=, 3595);
  g_assert_cmpint (skew, <=, 3605);
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (fake_sfn_get_n_rejected (fixture->fake), ==, 1);
}

static void
test_sagemaker_credentials (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(ProcessCredentials) process = { 0 };
  g_autoptr(SwSageMakerClient) client = NULL;
  g_auto(SwTestSfnCall) call = { 0 };
  GPtrArray *requests = fake_sfn_get_requests (fixture->fake);

  process_credentials_init (&process, fixture, 3);
  client = sagemaker_for (fixture, process.provider);

  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);
  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);

  /* Ten minutes before they expire (01:00), they are fetched again before the request. */
  process_credentials_set_time (&process, 50);
  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);

  /* The service says the token expired: fetched again, retried at once. */
  fake_sfn_inject_error (fixture->fake, NULL, 400, "ExpiredTokenException",
                         "The security token included in the request is expired");
  describe_job (client, "job", NULL, &call);
  g_assert_no_error (call.error);

  g_assert_cmpuint (requests->len, ==, 5);
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 1))->access_key_id, ==,
                   "AKIDPROC1");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 2))->access_key_id, ==,
                   "AKIDPROC2");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 3))->access_key_id, ==,
                   "AKIDPROC2");
  g_assert_cmpstr (((FakeSfnRequest *) g_ptr_array_index (requests, 4))->access_key_id, ==,
                   "AKIDPROC3");
  g_assert_cmpuint (fixture->sleeps->len, ==, 0);
  g_assert_cmpuint (process_credentials_get_runs (&process), ==, 3);
}

static void
test_sagemaker_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  SwCredentialsProvider *provider = sw_sfn_client_get_credentials_provider (fixture->client);
  SwSageMakerClient *client = sagemaker_for (fixture, provider);
  SwAwsTransport *transport = _sw_sagemaker_client_get_transport (client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonObject) in = input_with ("TrainingJobName", "job", NULL);
  g_auto(SwTestSfnCall) call = { 0 };

  g_object_add_weak_pointer (G_OBJECT (transport), (gpointer *) &transport);
  fake_sfn_set_delay (fixture->fake, 5000);
  sw_sagemaker_client_call_async (client, "DescribeTrainingJob", in, cancellable,
                                  sw_test_sagemaker_call_cb, &call);
  while (fake_sfn_count_requests (fixture->fake, NULL) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);

  g_assert_finalize_object (client);
  g_assert_null (transport);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/aws/sfn-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("operations", test_operations);
  g_test_add_func ("/aws/sfn-client/operation-names", test_operation_names);
  ADD ("service-errors", test_service_errors);
  ADD ("missing-parameter", test_missing_parameter);
  ADD ("throttling-retried", test_throttling_retried);
  ADD ("server-errors-exhausted", test_server_errors_exhausted);
  ADD ("max-attempts", test_max_attempts);
  ADD ("retry-quota", test_retry_quota);
  g_test_add_func ("/aws/sfn-client/backoff", test_backoff);
  ADD ("clock-skew", test_clock_skew);
  ADD ("wrong-secret", test_wrong_secret);
  ADD ("credentials-refreshed", test_credentials_refreshed);
  ADD ("cancel", test_cancel);
  ADD ("cancel-in-flight", test_cancel_in_flight);
  ADD ("connection-refused", test_connection_refused);
  g_test_add_func ("/aws/sfn-client/host-prefix", test_host_prefix);
  g_test_add_func ("/aws/sfn-client/white-space-bodies", test_white_space_bodies);
  ADD ("host-prefix-on-the-wire", test_host_prefix_on_the_wire);
  ADD ("from-config", test_from_config);

#undef ADD
#define ADD(path, func) \
  g_test_add ("/aws/sagemaker-client/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("calls", test_sagemaker_calls);
  ADD ("retries-and-clock-skew", test_sagemaker_retries);
  ADD ("credentials-refreshed", test_sagemaker_credentials);
  ADD ("cancel-in-flight", test_sagemaker_cancel);

  return g_test_run ();
}
