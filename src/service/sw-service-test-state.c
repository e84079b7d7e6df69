/* sw-service-test-state.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* TestState's newer request members (API reference, November 2025):
 *
 * - `mock`: a `result` (JSON) or an `errorOutput` ({error, cause}) that stands for what the
 *   state under test calls. Only Task, Map and Parallel states take one; Activity tasks, the
 *   `.sync` and `.waitForTaskToken` patterns, Map and Parallel need one. A Task's result is
 *   checked against its integration's response shape as `fieldValidationMode` says (STRICT,
 *   the default: required fields too; PRESENT: the types of the fields present; NONE). A Map's
 *   result is the array of its iterations' results (an object with a ResultWriter), a
 *   Parallel's the array of its branches' results.
 * - `context`: the Context object (`$$`, `$states.context`) of the state; only with a mock.
 * - `stateConfiguration`: `retrierRetryCount` (the retries already made by the Retrier that
 *   matches the error), `mapIterationFailureCount` (failed iterations, against the Map's
 *   ToleratedFailureCount/Percentage), `errorCausedByState` (the inner state a mocked Map or
 *   Parallel error comes from) and `mapItemReaderData` (what the ItemReader would read).
 *
 * A mocked Map or Parallel runs as a Task whose mocked response is the result (or error),
 * keeping the state's data flow, Retry and Catch; a Task's mock is a mock configuration
 * (Step Functions Local's format) for the state. Retriers with retrierRetryCount N keep
 * MaxAttempts - N attempts, and the backoff reported is IntervalSeconds × BackoffRate^N. */

#include <math.h>
#include <string.h>

#include "sw-json.h"
#include "sw-service-private.h"

#define MOCK_RESOURCE "arn:aws:states:::stepwise:test-state-mock"
#define THRESHOLD_ERROR "States.ExceedToleratedFailureThreshold"
#define THRESHOLD_CAUSE "The specified tolerated failure threshold was exceeded"

/* Response shapes of the request-response integrations whose mocked results are checked:
 * 's' string, 'n' number, 'b' boolean, 'o' object (of @members, or any), 'a' array (of
 * objects of @members, or anything), '*' anything. */

typedef struct Field Field;

struct Field
{
  const char *name;
  char kind;
  gboolean required;
  const Field *members;
};

static const Field lambda_invoke[] = {
  { "StatusCode", 'n' }, { "FunctionError", 's' }, { "LogResult", 's' },
  { "ExecutedVersion", 's' }, { "Payload", '*' }, { NULL }
};
static const Field sfn_start[] = {
  { "ExecutionArn", 's', TRUE }, { "StartDate", 's', TRUE }, { NULL }
};
static const Field event_entry[] = {
  { "EventId", 's' }, { "ErrorCode", 's' }, { "ErrorMessage", 's' }, { NULL }
};
static const Field events_put[] = {
  { "FailedEntryCount", 'n' }, { "Entries", 'a', FALSE, event_entry }, { NULL }
};
static const Field sqs_send[] = {
  { "MD5OfMessageBody", 's' }, { "MD5OfMessageAttributes", 's' },
  { "MD5OfMessageSystemAttributes", 's' }, { "MessageId", 's' }, { "SequenceNumber", 's' },
  { NULL }
};
static const Field sns_publish[] = {
  { "MessageId", 's' }, { "SequenceNumber", 's' }, { NULL }
};
static const Field capacity[] = {
  { "TableName", 's' }, { "CapacityUnits", 'n' }, { "ReadCapacityUnits", 'n' },
  { "WriteCapacityUnits", 'n' }, { "Table", 'o' }, { "LocalSecondaryIndexes", 'o' },
  { "GlobalSecondaryIndexes", 'o' }, { NULL }
};
static const Field dynamodb_get[] = {
  { "Item", 'o' }, { "ConsumedCapacity", 'o', FALSE, capacity }, { NULL }
};
static const Field dynamodb_write[] = {
  { "Attributes", 'o' }, { "ConsumedCapacity", 'o', FALSE, capacity },
  { "ItemCollectionMetrics", 'o' }, { NULL }
};

static const struct
{
  const char *resource;
  const Field *fields;
} shapes[] = {
  { "lambda:invoke", lambda_invoke },
  { "states:startExecution", sfn_start },
  { "events:putEvents", events_put },
  { "sqs:sendMessage", sqs_send },
  { "sns:publish", sns_publish },
  { "dynamodb:getItem", dynamodb_get },
  { "dynamodb:putItem", dynamodb_write },
  { "dynamodb:updateItem", dynamodb_write },
  { "dynamodb:deleteItem", dynamodb_write },
};

static const char *
kind_name (char kind)
{
  switch (kind)
    {
    case 's':
      return "a string";
    case 'n':
      return "a number";
    case 'b':
      return "a boolean";
    case 'a':
      return "an array";
    default:
      return "an object";
    }
}

static gboolean
has_kind (SwValue *value,
          char     kind)
{
  switch (kind)
    {
    case 's':
      return sw_value_is_string (value);
    case 'n':
      return sw_value_is_number (value);
    case 'b':
      return sw_value_is_boolean (value);
    case 'a':
      return sw_value_is_array (value);
    case 'o':
      return sw_value_is_object (value);
    default:
      return TRUE;
    }
}

#define INVALID "ValidationException"
#define SCHEMA_ERROR "Mock result schema validation error: "
#define CONTEXT_ERROR "Invalid Context object provided: "

/* Checks @object against @fields: types of the fields present, and with @strict the
 * required ones; fields the shape does not know are let through. */
static gboolean
check_fields (SwValue      *object,
              const Field  *fields,
              gboolean      strict,
              GError      **error)
{
  for (const Field *field = fields; field->name != NULL; field++)
    {
      SwValue *value = sw_value_object_get (object, field->name);

      if (value == NULL)
        {
          if (strict && field->required)
            return _sw_service_fail (error, 400, INVALID,
                                     SCHEMA_ERROR "Required field '%s' is missing", field->name);
          continue;
        }
      if (!has_kind (value, field->kind))
        return _sw_service_fail (error, 400, INVALID, SCHEMA_ERROR "Field '%s' must be %s",
                                 field->name, kind_name (field->kind));
      if (field->members == NULL)
        continue;
      if (field->kind == 'o' && !check_fields (value, field->members, strict, error))
        return FALSE;
      for (guint i = 0; field->kind == 'a' && i < sw_value_array_get_length (value); i++)
        {
          SwValue *item = sw_value_array_get (value, i);

          if (!sw_value_is_object (item))
            return _sw_service_fail (error, 400, INVALID,
                                     SCHEMA_ERROR "Field '%s' must be an array of objects",
                                     field->name);
          if (!check_fields (item, field->members, strict, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* @key of @object when it is a value of @kind. */
static SwValue *
member_of (SwValue    *object,
           const char *key,
           char        kind)
{
  SwValue *value = object != NULL && sw_value_is_object (object)
                     ? sw_value_object_get (object, key) : NULL;

  return value != NULL && has_kind (value, kind) ? value : NULL;
}

static const char *
get_member_string (SwValue    *object,
                   const char *key)
{
  SwValue *value = member_of (object, key, 's');

  return value != NULL ? sw_value_get_string (value) : NULL;
}

static gboolean
get_member_count (SwValue    *object,
                  const char *key,
                  gint64     *out)
{
  SwValue *value = member_of (object, key, 'n');

  return value != NULL && sw_value_get_int64 (value, out);
}

/* A Task whose result comes later than its call: an activity, `.sync` or a callback. */
static gboolean
is_deferred_task (const char *resource)
{
  return resource != NULL &&
         ((g_str_has_prefix (resource, "arn:aws:states:") &&
           strstr (resource, ":activity:") != NULL) ||
          g_str_has_suffix (resource, ".sync") || g_str_has_suffix (resource, ".sync:2") ||
          g_str_has_suffix (resource, ".waitForTaskToken"));
}

static gboolean
check_mock_result (SwServiceTestState  *test,
                   SwValue             *state,
                   const char          *type,
                   GError             **error)
{
  SwValue *result = test->mock_result;
  const char *resource;

  if (strcmp (type, "Map") == 0)
    {
      if (sw_value_object_has (state, "ResultWriter") && !sw_value_is_object (result))
        return _sw_service_fail (error, 400, "ValidationException",
                                 "Mocked result must be a JSON object.");
      if (!sw_value_object_has (state, "ResultWriter") && !sw_value_is_array (result))
        return _sw_service_fail (error, 400, "ValidationException",
                                 "Mocked result must be an array.");
      return TRUE;
    }
  if (strcmp (type, "Parallel") == 0)
    {
      SwValue *branches = sw_value_object_get (state, "Branches");

      if (!sw_value_is_array (result))
        return _sw_service_fail (error, 400, "ValidationException",
                                 "Mocked result must be an array.");
      if (branches != NULL && sw_value_is_array (branches) &&
          sw_value_array_get_length (branches) != sw_value_array_get_length (result))
        return _sw_service_fail (error, 400, "ValidationException",
                                 "Mocked result must contain the same number of items as "
                                 "number of Parallel branches.");
      return TRUE;
    }

  /* A Task: its integration's response shape, where we know it. */
  resource = get_member_string (state, "Resource");
  if (strcmp (test->validation_mode, "NONE") == 0 || resource == NULL ||
      !g_str_has_prefix (resource, "arn:aws:states:::"))
    return TRUE;
  resource += strlen ("arn:aws:states:::");
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (strcmp (shapes[i].resource, resource) == 0)
      {
        if (!sw_value_is_object (result))
          return _sw_service_fail (error, 400, INVALID,
                                   SCHEMA_ERROR "The mocked result must be a JSON object");
        return check_fields (result, shapes[i].fields,
                             strcmp (test->validation_mode, "STRICT") == 0, error);
      }
  return TRUE;
}

/* The Context object a mock may come with: Execution, State, StateMachine and (for a
 * deferred Task) Task, each with its documented fields. */

static const Field ctx_execution[] = {
  { "Id", 's' }, { "Input", '*' }, { "Name", 's' }, { "RoleArn", 's' }, { "StartTime", 's' },
  { "RedriveCount", 'n' }, { "RedriveTime", 's' }, { NULL }
};
static const Field ctx_state[] = {
  { "EnteredTime", 's' }, { "Name", 's' }, { "RetryCount", 'n' }, { NULL }
};
static const Field ctx_machine[] = { { "Id", 's' }, { "Name", 's' }, { NULL } };
static const Field ctx_task[] = { { "Token", 's' }, { NULL } };
static const Field ctx_sections[] = {
  { "Execution", 'o', FALSE, ctx_execution }, { "State", 'o', FALSE, ctx_state },
  { "StateMachine", 'o', FALSE, ctx_machine }, { "Task", 'o', FALSE, ctx_task }, { NULL }
};

static const Field *
find_field (const Field *fields,
            const char  *name)
{
  for (const Field *field = fields; field->name != NULL; field++)
    if (strcmp (field->name, name) == 0)
      return field;
  return NULL;
}

static gboolean
check_context (SwValue     *context,
               const char  *resource,
               GError     **error)
{
  for (guint i = 0; i < sw_value_object_get_size (context); i++)
    {
      const char *key = sw_value_object_get_key (context, i);
      SwValue *section = sw_value_object_get_value (context, i);
      const Field *field = find_field (ctx_sections, key);

      if (strcmp (key, "Map") == 0)
        return _sw_service_fail (error, 400, INVALID, CONTEXT_ERROR "'Map' field is not "
                                 "supported when mocking a Context object");
      if (field == NULL)
        return _sw_service_fail (error, 400, INVALID, CONTEXT_ERROR "Field '%s' is not allowed",
                                 key);
      if (!sw_value_is_object (section))
        return _sw_service_fail (error, 400, INVALID, CONTEXT_ERROR "%s must be an object", key);
      if (strcmp (key, "Task") == 0 && !is_deferred_task (resource))
        return _sw_service_fail (error, 400, INVALID, CONTEXT_ERROR "Context object contains "
                                 "'Task' when state is not a Task state with a '.sync' or "
                                 "'.waitForTaskToken' service integration pattern");
      for (guint j = 0; j < sw_value_object_get_size (section); j++)
        {
          const char *name = sw_value_object_get_key (section, j);
          const Field *member = find_field (field->members, name);

          if (member == NULL)
            return _sw_service_fail (error, 400, INVALID,
                                     CONTEXT_ERROR "Field '%s' is not allowed", name);
          if (!has_kind (sw_value_object_get_value (section, j), member->kind))
            return _sw_service_fail (error, 400, INVALID, CONTEXT_ERROR "%s.%s must be %s",
                                     key, name, kind_name (member->kind));
        }
    }
  return TRUE;
}

/* Whether @name is a state inside @state's branches or item processor, at any depth. */
static gboolean
has_inner_state (SwValue    *state,
                 const char *name)
{
  const char *holders[] = { "ItemProcessor", "Iterator" };
  SwValue *branches = sw_value_object_get (state, "Branches");
  GPtrArray *machines = g_ptr_array_new ();
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (holders); i++)
    if (sw_value_object_get (state, holders[i]) != NULL)
      g_ptr_array_add (machines, sw_value_object_get (state, holders[i]));
  for (guint i = 0; branches != NULL && sw_value_is_array (branches) &&
                    i < sw_value_array_get_length (branches); i++)
    g_ptr_array_add (machines, sw_value_array_get (branches, i));

  for (guint i = 0; i < machines->len && !found; i++)
    {
      SwValue *machine = g_ptr_array_index (machines, i);
      SwValue *states = sw_value_is_object (machine) ? sw_value_object_get (machine, "States")
                                                     : NULL;

      for (guint j = 0; states != NULL && sw_value_is_object (states) && !found &&
                        j < sw_value_object_get_size (states); j++)
        {
          SwValue *inner = sw_value_object_get_value (states, j);

          found = strcmp (sw_value_object_get_key (states, j), name) == 0 ||
                  (sw_value_is_object (inner) && has_inner_state (inner, name));
        }
    }
  g_ptr_array_unref (machines);
  return found;
}

static gboolean
get_count (SwValue     *object,
           const char  *key,
           gint64      *out,
           GError     **error)
{
  SwValue *value = sw_value_object_get (object, key);

  *out = -1;
  if (value == NULL || sw_value_is_null (value))
    return TRUE;
  if (!sw_value_is_number (value) || !sw_value_get_int64 (value, out) || *out > G_MAXINT32)
    return _sw_service_fail (error, 400, "SerializationException",
                             "Expected an integer for 'stateConfiguration.%s'", key);
  if (*out < 0)
    return _sw_service_fail (error, 400, "ValidationException",
                             "1 validation error detected: Value '%" G_GINT64_FORMAT "' at "
                             "'stateConfiguration.%s' failed to satisfy constraint: Member "
                             "must have value greater than or equal to 0", *out, key);
  return TRUE;
}

static SwValue *
get_object (SwValue     *request,
            const char  *key,
            GError     **error)
{
  SwValue *value = sw_value_object_get (request, key);

  if (value == NULL || sw_value_is_null (value))
    return NULL;
  if (!sw_value_is_object (value))
    {
      _sw_service_fail (error, 400, "SerializationException", "Expected an object for '%s'",
                        key);
      return NULL;
    }
  return value;
}

/**
 * _sw_service_test_state_parse:
 * @test: zeroed
 *
 * Reads `mock`, `context` and `stateConfiguration` of a TestState @request, with the
 * checks that need no definition.
 */
gboolean
_sw_service_test_state_parse (SwServiceTestState  *test,
                              SwValue             *request,
                              GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  SwValue *mock, *output, *config;
  const char *text = NULL, *mode = NULL, *state = NULL;

  test->retry_count = test->failure_count = -1;
  test->validation_mode = "STRICT";

  mock = get_object (request, "mock", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (mock != NULL)
    {
      test->mocked = TRUE;
      output = get_object (mock, "errorOutput", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!_sw_service_get_string (mock, "mock", "result", FALSE, SW_SERVICE_MAX_INPUT, &text,
                                   error) ||
          !_sw_service_get_string (mock, "mock", "fieldValidationMode", FALSE, 0, &mode, error))
        return FALSE;
      if (mode != NULL && strcmp (mode, "STRICT") != 0 && strcmp (mode, "PRESENT") != 0 &&
          strcmp (mode, "NONE") != 0)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "1 validation error detected: Value '%s' at "
                                 "'mock.fieldValidationMode' failed to satisfy constraint: "
                                 "Member must satisfy enum value set: [STRICT, PRESENT, NONE]",
                                 mode);
      if (mode != NULL)
        test->validation_mode = mode;
      if (text != NULL && output != NULL)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "A test mock should have only one of the following fields: "
                                 "[result, errorOutput].");
      if (text == NULL && output == NULL)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "A test mock should have one of the following fields: "
                                 "[result, errorOutput].");
      if (output != NULL)
        {
          if (!_sw_service_get_string (output, "mock.errorOutput", "error", FALSE, 256,
                                       &test->mock_error, error) ||
              !_sw_service_get_string (output, "mock.errorOutput", "cause", FALSE, 32768,
                                       &test->mock_cause, error))
            return FALSE;
          if (test->mock_error == NULL)
            return _sw_service_fail (error, 400, "ValidationException",
                                     "1 validation error detected: Value null at "
                                     "'mock.errorOutput.error' failed to satisfy constraint: "
                                     "Member must not be null");
        }
      if (text != NULL && (test->mock_result = sw_json_parse (text, -1, NULL, NULL,
                                                              NULL)) == NULL)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "Mocked result must be valid JSON");
    }

  if (!_sw_service_get_string (request, NULL, "context", FALSE, SW_SERVICE_MAX_INPUT, &text,
                               error))
    return FALSE;
  if (text != NULL)
    {
      test->context = sw_json_parse (text, -1, NULL, NULL, NULL);
      if (test->context == NULL || !sw_value_is_object (test->context))
        return _sw_service_fail (error, 400, INVALID,
                                 CONTEXT_ERROR "the context must be a JSON object");
    }

  config = get_object (request, "stateConfiguration", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (config == NULL)
    return TRUE;
  if (!get_count (config, "retrierRetryCount", &test->retry_count, error) ||
      !get_count (config, "mapIterationFailureCount", &test->failure_count, error) ||
      !_sw_service_get_string (config, "stateConfiguration", "errorCausedByState", FALSE, 80,
                               &state, error) ||
      !_sw_service_get_string (config, "stateConfiguration", "mapItemReaderData", FALSE,
                               SW_SERVICE_MAX_INPUT, &test->reader_data, error))
    return FALSE;
  if (state != NULL && *state == '\0')
    return _sw_service_fail (error, 400, "ValidationException",
                             "1 validation error detected: Value '' at "
                             "'stateConfiguration.errorCausedByState' failed to satisfy "
                             "constraint: Member must have length greater than or equal to 1");
  test->error_state = state;
  return TRUE;
}

/**
 * _sw_service_test_state_check:
 * @state: the state under test
 *
 * The rules between the members read by _sw_service_test_state_parse() and @state.
 */
gboolean
_sw_service_test_state_check (SwServiceTestState  *test,
                              SwValue             *state,
                              gboolean             reveal_secrets,
                              GError             **error)
{
  const char *type = get_member_string (state, "Type");
  const char *resource = get_member_string (state, "Resource");
  gboolean task = g_strcmp0 (type, "Task") == 0;
  gboolean map = g_strcmp0 (type, "Map") == 0;
  gboolean parallel = g_strcmp0 (type, "Parallel") == 0;
  SwValue *retriers = sw_value_object_get (state, "Retry");

  if (type == NULL)
    return TRUE;
  if (!test->mocked)
    {
      if (map || parallel)
        return _sw_service_fail (error, 400, "InvalidDefinition",
                                 "TestState API does not support Map or Parallel states. "
                                 "Supported state types include: [Task, Wait, Pass, Succeed, "
                                 "Fail, Choice]");
      if (task && is_deferred_task (resource))
        return _sw_service_fail (error, 400, "InvalidDefinition",
                                 "TestState API does not support Activity tasks or the .sync "
                                 "and .waitForTaskToken service integration patterns without a "
                                 "mock. Specify a mock to test this state.");
      if (test->context != NULL)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "The context may only be specified if a mock is specified.");
    }
  else
    {
      if (!task && !map && !parallel)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "State type '%s' is not supported when a mock is specified",
                                 type);
      if (reveal_secrets)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "TestState does not support RevealSecrets when a mock is "
                                 "specified.");
      if (test->mock_result != NULL && !check_mock_result (test, state, type, error))
        return FALSE;
      if (test->context != NULL && !check_context (test->context, task ? resource : NULL,
                                                   error))
        return FALSE;
    }

  if (test->retry_count >= 0 &&
      (retriers == NULL || !sw_value_is_array (retriers) ||
       sw_value_array_get_length (retriers) == 0))
    return _sw_service_fail (error, 400, "ValidationException",
                             "retrierRetryCount can only be specified for a state with a "
                             "Retry field");
  if (test->error_state != NULL)
    {
      if (!map && !parallel)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "errorCausedByState can only be specified for a Map or "
                                 "Parallel state");
      if (test->mock_error == NULL)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "errorCausedByState can only be specified with a mocked "
                                 "errorOutput");
      if (!has_inner_state (state, test->error_state))
        return _sw_service_fail (error, 400, "ValidationException",
                                 "errorCausedByState '%s' is not a state of the tested %s "
                                 "state", test->error_state, type);
    }
  if (test->failure_count >= 0 && !map)
    return _sw_service_fail (error, 400, "ValidationException",
                             "mapIterationFailureCount can only be specified for a Map state");
  if (test->reader_data != NULL)
    {
      SwValue *reader = sw_value_object_get (state, "ItemReader");
      const char *input_type = NULL;
      g_autoptr(SwValue) data = NULL;

      if (!map || reader == NULL || !sw_value_is_object (reader))
        return _sw_service_fail (error, 400, "ValidationException",
                                 "mapItemReaderData can only be specified for a Map state "
                                 "with an ItemReader");
      input_type = get_member_string (sw_value_object_get (reader, "ReaderConfig"),
                                      "InputType");
      if ((input_type == NULL || strcmp (input_type, "JSON") == 0) &&
          (data = sw_json_parse (test->reader_data, -1, NULL, NULL, NULL)) == NULL)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "mapItemReaderData must be valid JSON when the ItemReader "
                                 "reads JSON");
    }
  return TRUE;
}

/* Whether the failed iterations exceed the Map's tolerated failure threshold; a Map that
 * tolerates nothing set (no ToleratedFailure field) is not judged. */
static gboolean
exceeds_threshold (SwServiceTestState *test,
                   SwValue            *state)
{
  SwValue *percentage = sw_value_object_get (state, "ToleratedFailurePercentage");
  gint64 count;

  if (test->failure_count < 0)
    return FALSE;
  if (get_member_count (state, "ToleratedFailureCount", &count) && test->failure_count > count)
    return TRUE;
  if (percentage != NULL && sw_value_is_number (percentage))
    {
      guint total = test->mock_result != NULL && sw_value_is_array (test->mock_result)
                      ? sw_value_array_get_length (test->mock_result) : 0;

      return total > 0 ? test->failure_count * 100.0 / total > sw_value_get_double (percentage)
                       : test->failure_count > 0;
    }
  return FALSE;
}

/**
 * _sw_service_test_state_apply:
 * @state: the state under test (checked)
 * @state_name: its name in the test machine
 * @mock_config: (out) (transfer full) (nullable): the mock configuration to run with
 *
 * Returns: (transfer full): the state to run: a mocked Map or Parallel as a Task, Retriers
 *   less the retries already made
 */
SwValue *
_sw_service_test_state_apply (SwServiceTestState  *test,
                              SwValue             *state,
                              const char          *state_name,
                              SwValue            **mock_config)
{
  static const char *kept[] = {
    "Comment", "QueryLanguage", "InputPath", "OutputPath", "ResultPath", "ResultSelector",
    "Output", "Assign", "Retry", "Catch", "Next", "End"
  };
  const char *type = get_member_string (state, "Type");
  gboolean map = g_strcmp0 (type, "Map") == 0;
  gboolean parallel = g_strcmp0 (type, "Parallel") == 0;
  SwValue *run, *retriers, *config, *machines, *cases, *responses, *entry, *outcome;

  *mock_config = NULL;
  if (test->mocked && (map || parallel))
    {
      run = sw_value_new_object ();
      sw_value_object_set (run, "Type", sw_value_new_string ("Task"));
      sw_value_object_set (run, "Resource", sw_value_new_string (MOCK_RESOURCE));
      for (guint i = 0; i < sw_value_object_get_size (state); i++)
        {
          const char *key = sw_value_object_get_key (state, i);
          gboolean keep = parallel && (strcmp (key, "Parameters") == 0 ||
                                       strcmp (key, "Arguments") == 0);

          for (guint j = 0; j < G_N_ELEMENTS (kept) && !keep; j++)
            keep = strcmp (key, kept[j]) == 0;
          if (keep)
            sw_value_object_set (run, key, sw_value_copy (sw_value_object_get_value (state, i)));
        }
    }
  else
    run = sw_value_copy (state);

  retriers = sw_value_object_get (run, "Retry");
  for (guint i = 0; test->retry_count > 0 && retriers != NULL && sw_value_is_array (retriers) &&
                    i < sw_value_array_get_length (retriers); i++)
    {
      SwValue *retrier = sw_value_array_get (retriers, i);
      gint64 attempts = 3;

      if (!sw_value_is_object (retrier))
        continue;
      get_member_count (retrier, "MaxAttempts", &attempts);
      sw_value_object_set (retrier, "MaxAttempts",
                           sw_value_new_int (MAX (attempts - test->retry_count, 0)));
    }

  if (!test->mocked)
    return run;
  outcome = sw_value_new_object ();
  if (test->mock_error != NULL || (map && exceeds_threshold (test, state)))
    {
      SwValue *thrown = sw_value_new_object ();

      sw_value_object_set (thrown, "Error",
                           sw_value_new_string (test->mock_error ? test->mock_error
                                                                 : THRESHOLD_ERROR));
      if (test->mock_error == NULL || test->mock_cause != NULL)
        sw_value_object_set (thrown, "Cause",
                             sw_value_new_string (test->mock_error ? test->mock_cause
                                                                   : THRESHOLD_CAUSE));
      sw_value_object_set (outcome, "Throw", thrown);
    }
  else
    sw_value_object_set (outcome, "Return", sw_value_ref (test->mock_result));
  entry = sw_value_new_object ();
  sw_value_object_set (entry, "0", outcome);
  responses = sw_value_new_object ();
  sw_value_object_set (responses, "TestStateMock", entry);
  cases = sw_value_new_object ();
  sw_value_object_set (cases, state_name, sw_value_new_string ("TestStateMock"));
  entry = sw_value_new_object ();
  sw_value_object_set (entry, SW_SERVICE_TEST_CASE, cases);
  cases = sw_value_new_object ();
  sw_value_object_set (cases, "TestCases", entry);
  machines = sw_value_new_object ();
  sw_value_object_set (machines, SW_SERVICE_TEST_MACHINE, cases);
  config = sw_value_new_object ();
  sw_value_object_set (config, "StateMachines", machines);
  sw_value_object_set (config, "MockedResponses", responses);
  *mock_config = config;
  return run;
}

static gboolean
error_matches (SwValue    *names,
               const char *error)
{
  for (guint i = 0; names != NULL && sw_value_is_array (names) &&
                    i < sw_value_array_get_length (names); i++)
    {
      SwValue *name = sw_value_array_get (names, i);
      const char *text = sw_value_is_string (name) ? sw_value_get_string (name) : "";

      if (strcmp (text, error) == 0 || strcmp (text, "States.ALL") == 0 ||
          (strcmp (text, "States.TaskFailed") == 0 && strcmp (error, "States.Timeout") != 0))
        return TRUE;
    }
  return FALSE;
}

static SwValue *
own_inspection (SwValue *response)
{
  SwValue *data = sw_value_object_get (response, "inspectionData");

  if (data == NULL)
    return NULL;
  data = sw_value_copy (data);
  sw_value_object_set (response, "inspectionData", data);
  return data;
}

/**
 * _sw_service_test_state_finish:
 * @state: the state under test, as the request defined it
 * @response: the TestState response, completed in place
 *
 * What the run cannot know: the backoff of the retry after retrierRetryCount retries, the
 * Retrier that ran out, and a mocked Map's concurrency and tolerance.
 */
void
_sw_service_test_state_finish (SwServiceTestState *test,
                               SwValue            *state,
                               SwValue            *response)
{
  const char *status = get_member_string (response, "status");
  const char *error = get_member_string (response, "error");
  SwValue *retriers = sw_value_object_get (state, "Retry");
  SwValue *data = sw_value_object_get (response, "inspectionData");
  SwValue *details, *value;
  gint64 index;

  if (test->retry_count > 0 && data != NULL && g_strcmp0 (status, "RETRIABLE") == 0 &&
      (data = own_inspection (response)) != NULL &&
      (details = sw_value_object_get (data, "errorDetails")) != NULL &&
      get_member_count (details, "retryIndex", &index) &&
      index < sw_value_array_get_length (retriers))
    {
      SwValue *retrier = sw_value_array_get (retriers, (guint) index);
      double interval = 1, rate = 2, delay;
      gint64 max_delay = 0;

      if ((value = sw_value_object_get (retrier, "IntervalSeconds")) != NULL &&
          sw_value_is_number (value))
        interval = sw_value_get_double (value);
      if ((value = sw_value_object_get (retrier, "BackoffRate")) != NULL &&
          sw_value_is_number (value))
        rate = sw_value_get_double (value);
      delay = interval * pow (rate, (double) test->retry_count);
      if (get_member_count (retrier, "MaxDelaySeconds", &max_delay) && max_delay > 0)
        delay = MIN (delay, (double) max_delay);
      sw_value_object_set (details, "retryBackoffIntervalSeconds",
                           sw_value_new_int ((gint64) llround (MIN (delay, 1e15))));
    }
  else if (test->retry_count >= 0 && data != NULL && g_strcmp0 (status, "FAILED") == 0 &&
           error != NULL && !sw_value_object_has (data, "errorDetails"))
    {
      /* The Retrier that matched had no attempt left. */
      for (guint i = 0; i < sw_value_array_get_length (retriers); i++)
        {
          SwValue *retrier = sw_value_array_get (retriers, i);

          if (!sw_value_is_object (retrier) ||
              !error_matches (sw_value_object_get (retrier, "ErrorEquals"), error))
            continue;
          data = own_inspection (response);
          details = sw_value_new_object ();
          sw_value_object_set (details, "retryIndex", sw_value_new_int (i));
          sw_value_object_set (data, "errorDetails", details);
          break;
        }
    }

  data = sw_value_object_get (response, "inspectionData");
  if (test->mocked && data != NULL && g_strcmp0 (get_member_string (state, "Type"), "Map") == 0)
    {
      const char *fields[] = { "ToleratedFailureCount", "ToleratedFailurePercentage" };
      gint64 concurrency = 0;

      data = own_inspection (response);
      sw_value_object_remove (data, "result");
      get_member_count (state, "MaxConcurrency", &concurrency);
      sw_value_object_set (data, "maxConcurrency", sw_value_new_int (concurrency));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if ((value = sw_value_object_get (state, fields[i])) != NULL &&
            sw_value_is_number (value))
          {
            g_autofree char *key = g_strdup (fields[i]);

            key[0] = g_ascii_tolower (key[0]);
            sw_value_object_set (data, key, sw_value_copy (value));
          }
    }
}

void
_sw_service_test_state_clear (SwServiceTestState *test)
{
  g_clear_pointer (&test->mock_result, sw_value_unref);
  g_clear_pointer (&test->context, sw_value_unref);
}
