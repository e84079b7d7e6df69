/* fake-sfn.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fake-sfn.h"
#include "sw-aws-error.h"
#include "sw-sigv4.h"

#define ACCOUNT "123456789012"
#define REGION "us-east-1"
#define MAX_STEPS 200

typedef struct
{
  char *name;
  char *arn;
  char *definition;
  char *role_arn;
  char *type;
  double created;
  JsonNode *logging;
  JsonNode *tracing;
  guint revision;
} Machine;

typedef struct
{
  char *arn;
  char *machine_arn;
  char *name;
  char *input;
  JsonArray *script;
  guint revealed;
  double start;
  guint redrive_count;
} Execution;

typedef struct
{
  char *operation;
  guint status;
  char *type;
  char *message;
} Injected;

struct _FakeSfn
{
  SoupServer *server;
  guint port;
  GHashTable *credentials;
  GQueue injected;
  gint64 clock_offset;
  guint page_size;
  gboolean header_errors;
  GPtrArray *requests;
  guint n_rejected;
  GPtrArray *machines;
  GPtrArray *executions;
  guint delay_ms;
  GPtrArray *paused;   /* Paused*, answers held back by fake_sfn_set_delay() */
};

typedef struct
{
  FakeSfn *fake;
  SoupServerMessage *message;
  guint source_id;
} Paused;

/* What an operation answers when it fails. */
typedef struct
{
  const char *type;
  char *message;
} Failure;

/* libsoup 3.2's server side leaks: SoupListener never frees its local address, and
 * connections it accepted outlive the server. Only the server paths are suppressed; the
 * client under test stays checked. */
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
  return "leak:soup_server_listen_local\n"
         "leak:g_socket_accept\n";
}

static void
machine_free (Machine *machine)
{
  g_free (machine->name);
  g_free (machine->arn);
  g_free (machine->definition);
  g_free (machine->role_arn);
  g_free (machine->type);
  g_clear_pointer (&machine->logging, json_node_unref);
  g_clear_pointer (&machine->tracing, json_node_unref);
  g_free (machine);
}

static void
execution_free (Execution *execution)
{
  g_free (execution->arn);
  g_free (execution->machine_arn);
  g_free (execution->name);
  g_free (execution->input);
  g_clear_pointer (&execution->script, json_array_unref);
  g_free (execution);
}

static void
injected_free (Injected *injected)
{
  g_free (injected->operation);
  g_free (injected->type);
  g_free (injected->message);
  g_free (injected);
}

static void
request_free (FakeSfnRequest *request)
{
  g_free (request->operation);
  g_free (request->access_key_id);
  g_free (request->host);
  g_free (request->sdk_request);
  g_free (request->invocation_id);
  g_free (request->body);
  g_free (request);
}

static double
now_seconds (FakeSfn *self)
{
  return g_get_real_time () / 1e6 + (double) self->clock_offset;
}

static gboolean
fail (Failure    *failure,
      const char *type,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Failure    *failure,
      const char *type,
      const char *format,
      ...)
{
  va_list args;

  failure->type = type;
  va_start (args, format);
  failure->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The item of @items (Machine or Execution) whose `arn` member, at @arn_offset, is @arn. */
static gpointer
find_by_arn (GPtrArray  *items,
             gsize       arn_offset,
             const char *arn,
             const char *missing_type,
             const char *missing_what,
             Failure    *failure)
{
  if (arn == NULL || !g_str_has_prefix (arn, "arn:"))
    {
      fail (failure, "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: %s'",
            arn ? arn : "");
      return NULL;
    }
  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      if (strcmp (G_STRUCT_MEMBER (char *, item, arn_offset), arn) == 0)
        return item;
    }
  fail (failure, missing_type, "%s Does Not Exist: '%s'", missing_what, arn);
  return NULL;
}

static Machine *
find_machine (FakeSfn    *self,
              const char *arn,
              Failure    *failure)
{
  return find_by_arn (self->machines, G_STRUCT_OFFSET (Machine, arn), arn,
                      "StateMachineDoesNotExist", "State Machine", failure);
}

static Execution *
find_execution (FakeSfn    *self,
                const char *arn,
                Failure    *failure)
{
  return find_by_arn (self->executions, G_STRUCT_OFFSET (Execution, arn), arn,
                      "ExecutionDoesNotExist", "Execution", failure);
}

static gboolean
check_definition (const char *definition,
                  Failure    *failure)
{
  g_autoptr(JsonNode) root = parse_json (definition);
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (failure, "InvalidDefinition",
                 "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: the definition "
                 "is not a JSON object'");
  object = json_node_get_object (root);
  if (get_string (object, "StartAt") == NULL)
    return fail (failure, "InvalidDefinition",
                 "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field "
                 "\"StartAt\" is required at /'");
  if (!json_object_has_member (object, "States") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "States")) ||
      !json_object_has_member (json_object_get_object_member (object, "States"),
                               get_string (object, "StartAt")))
    return fail (failure, "InvalidDefinition",
                 "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing "
                 "'Next' target: %s at /StartAt'", get_string (object, "StartAt"));
  return TRUE;
}

static gboolean
valid_name (const char *name)
{
  gsize length = name != NULL ? strlen (name) : 0;

  if (length == 0 || length > 80)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* History scripts. */

static JsonObject *
details_with_name (const char *name,
                   const char *key,
                   const char *payload)
{
  JsonObject *details = json_object_new ();
  JsonObject *payload_details = json_object_new ();

  json_object_set_string_member (details, "name", name);
  json_object_set_string_member (details, key, payload);
  json_object_set_boolean_member (payload_details, "truncated", FALSE);
  json_object_set_object_member (details, strcmp (key, "input") == 0 ? "inputDetails"
                                                                     : "outputDetails",
                                 payload_details);
  return details;
}

static void
add_event (JsonArray   *events,
           double       start,
           const char  *type,
           const char  *details_key,
           JsonObject  *details)
{
  JsonObject *event = json_object_new ();
  guint id = json_array_get_length (events) + 1;

  json_object_set_double_member (event, "timestamp", start + (id - 1) * 0.25);
  json_object_set_string_member (event, "type", type);
  json_object_set_int_member (event, "id", id);
  json_object_set_int_member (event, "previousEventId", id - 1);
  if (details_key != NULL)
    json_object_set_object_member (event, details_key, details);
  json_array_add_object_element (events, event);
}

static void
add_failure_event (JsonArray  *events,
                   double      start,
                   const char *type,
                   const char *key,
                   const char *error,
                   const char *cause)
{
  JsonObject *details = json_object_new ();

  if (error != NULL)
    json_object_set_string_member (details, "error", error);
  if (cause != NULL)
    json_object_set_string_member (details, "cause", cause);
  add_event (events, start, type, key, details);
}

static JsonArray *
make_script (const char *definition,
             const char *input,
             const char *role_arn,
             double      start)
{
  g_autoptr(JsonNode) root = parse_json (definition);
  JsonArray *events = json_array_new ();
  JsonObject *object = json_node_get_object (root);
  JsonObject *states = json_object_get_object_member (object, "States");
  JsonObject *started = json_object_new ();
  JsonObject *input_details = json_object_new ();
  gint64 timeout = json_object_get_int_member_with_default (object, "TimeoutSeconds", 0);
  g_autofree char *data = g_strdup (input);
  const char *current = get_string (object, "StartAt");

  json_object_set_string_member (started, "input", input);
  json_object_set_boolean_member (input_details, "truncated", FALSE);
  json_object_set_object_member (started, "inputDetails", input_details);
  json_object_set_string_member (started, "roleArn", role_arn);
  add_event (events, start, "ExecutionStarted", "executionStartedEventDetails", started);

  for (guint step = 0; step < MAX_STEPS; step++)
    {
      JsonObject *state = current != NULL && json_object_has_member (states, current) ?
                          json_object_get_object_member (states, current) : NULL;
      const char *type = get_string (state, "Type");
      g_autofree char *entered = NULL;
      g_autofree char *exited = NULL;

      if (state == NULL || type == NULL)
        {
          add_failure_event (events, start, "ExecutionFailed", "executionFailedEventDetails",
                             "States.Runtime", "The next state does not exist");
          return events;
        }
      entered = g_strdup_printf ("%sStateEntered", type);
      exited = g_strdup_printf ("%sStateExited", type);
      add_event (events, start, entered, "stateEnteredEventDetails",
                 details_with_name (current, "input", data));

      if (strcmp (type, "Fail") == 0)
        {
          add_failure_event (events, start, "ExecutionFailed", "executionFailedEventDetails",
                             get_string (state, "Error"), get_string (state, "Cause"));
          return events;
        }
      if (strcmp (type, "Task") == 0)
        {
          JsonObject *scheduled = json_object_new ();

          json_object_set_string_member (scheduled, "resourceType", "lambda");
          json_object_set_string_member (scheduled, "resource", "invoke");
          json_object_set_string_member (scheduled, "region", REGION);
          json_object_set_string_member (scheduled, "parameters", data);
          add_event (events, start, "TaskScheduled", "taskScheduledEventDetails", scheduled);
          add_event (events, start, "TaskStarted", NULL, NULL);
          return events; /* runs until stopped */
        }
      if (strcmp (type, "Wait") == 0 && timeout > 0 &&
          json_object_get_int_member_with_default (state, "Seconds", 0) >= timeout)
        {
          add_failure_event (events, start, "ExecutionTimedOut",
                             "executionTimedOutEventDetails", "States.Timeout", NULL);
          return events;
        }
      if (strcmp (type, "Pass") == 0 && json_object_has_member (state, "Result"))
        {
          g_free (data);
          data = to_json (json_object_get_member (state, "Result"));
        }

      add_event (events, start, exited, "stateExitedEventDetails",
                 details_with_name (current, "output", data));

      if (strcmp (type, "Succeed") == 0 || json_object_get_boolean_member_with_default (state,
                                                                                        "End",
                                                                                        FALSE))
        {
          JsonObject *details = json_object_new ();
          JsonObject *output_details = json_object_new ();

          json_object_set_string_member (details, "output", data);
          json_object_set_boolean_member (output_details, "truncated", FALSE);
          json_object_set_object_member (details, "outputDetails", output_details);
          add_event (events, start, "ExecutionSucceeded", "executionSucceededEventDetails",
                     details);
          return events;
        }
      if (strcmp (type, "Choice") == 0)
        current = get_string (state, "Default");
      else
        current = get_string (state, "Next");
    }
  return events;
}

/* The status and results of what has been revealed so far. */
static const char *
execution_status (Execution   *execution,
                  const char **output,
                  const char **error,
                  const char **cause,
                  double      *stop)
{
  const char *status = "RUNNING";

  *output = *error = *cause = NULL;
  *stop = 0;
  for (guint i = 0; i < execution->revealed; i++)
    {
      JsonObject *event = json_array_get_object_element (execution->script, i);
      const char *type = get_string (event, "type");
      JsonObject *details = NULL;

      if (strcmp (type, "ExecutionSucceeded") == 0)
        {
          status = "SUCCEEDED";
          details = json_object_get_object_member (event, "executionSucceededEventDetails");
          *output = get_string (details, "output");
        }
      else if (strcmp (type, "ExecutionFailed") == 0)
        {
          status = "FAILED";
          details = json_object_get_object_member (event, "executionFailedEventDetails");
        }
      else if (strcmp (type, "ExecutionTimedOut") == 0)
        {
          status = "TIMED_OUT";
          details = json_object_get_object_member (event, "executionTimedOutEventDetails");
        }
      else if (strcmp (type, "ExecutionAborted") == 0)
        {
          status = "ABORTED";
          details = json_object_get_object_member (event, "executionAbortedEventDetails");
        }
      else if (strcmp (type, "ExecutionRedriven") == 0)
        {
          status = "RUNNING";
          *output = *error = *cause = NULL;
          *stop = 0;
          continue;
        }
      else
        continue;

      *stop = json_object_get_double_member (event, "timestamp");
      if (strcmp (status, "SUCCEEDED") != 0)
        {
          *error = get_string (details, "error");
          *cause = get_string (details, "cause");
        }
    }
  return status;
}

static void
reveal_one (Execution *execution)
{
  if (execution->revealed < json_array_get_length (execution->script))
    execution->revealed++;
}

static JsonObject *
describe_execution (Execution *execution,
                    gboolean   sync)
{
  JsonObject *out = json_object_new ();
  JsonObject *input_details = json_object_new ();
  const char *output, *error, *cause, *status;
  double stop;

  status = execution_status (execution, &output, &error, &cause, &stop);
  json_object_set_string_member (out, "executionArn", execution->arn);
  json_object_set_string_member (out, "stateMachineArn", execution->machine_arn);
  json_object_set_string_member (out, "name", execution->name);
  json_object_set_string_member (out, "status", status);
  json_object_set_double_member (out, "startDate", execution->start);
  if (stop > 0)
    json_object_set_double_member (out, "stopDate", stop);
  json_object_set_string_member (out, "input", execution->input);
  json_object_set_boolean_member (input_details, "included", TRUE);
  json_object_set_object_member (out, "inputDetails", input_details);
  if (output != NULL)
    {
      JsonObject *output_details = json_object_new ();

      json_object_set_string_member (out, "output", output);
      json_object_set_boolean_member (output_details, "included", TRUE);
      json_object_set_object_member (out, "outputDetails", output_details);
    }
  if (error != NULL)
    json_object_set_string_member (out, "error", error);
  if (cause != NULL)
    json_object_set_string_member (out, "cause", cause);
  if (!sync)
    {
      json_object_set_int_member (out, "redriveCount", execution->redrive_count);
      json_object_set_string_member (out, "redriveStatus",
                                     strcmp (status, "RUNNING") == 0 ||
                                     strcmp (status, "SUCCEEDED") == 0 ? "NOT_REDRIVABLE"
                                                                       : "REDRIVABLE");
    }
  return out;
}

/* Pages: tokens are opaque offsets. */

static char *
make_token (const char *kind,
            guint       offset)
{
  g_autofree char *plain = g_strdup_printf ("%s:%u", kind, offset);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

static gboolean
page_bounds (FakeSfn    *self,
             JsonObject *in,
             const char *kind,
             guint       total,
             guint      *first,
             guint      *count,
             Failure    *failure)
{
  const char *token = get_string (in, "nextToken");
  gint64 max = json_object_get_int_member_with_default (in, "maxResults", 0);

  *first = 0;
  if (max < 0 || max > 1000)
    return fail (failure, "ValidationException",
                 "1 validation error detected: Value '%" G_GINT64_FORMAT "' at 'maxResults' "
                 "failed to satisfy constraint: Member must have value less than or equal "
                 "to 1000", max);
  if (token != NULL)
    {
      gsize length = 0;
      g_autofree guchar *plain = g_base64_decode (token, &length);
      g_autofree char *text = g_strndup ((const char *) plain, length);
      g_autofree char *prefix = g_strdup_printf ("%s:", kind);

      if (!g_str_has_prefix (text, prefix))
        return fail (failure, "InvalidToken", "Invalid Token: '%s'", token);
      *first = (guint) g_ascii_strtoull (text + strlen (prefix), NULL, 10);
    }
  *count = max > 0 ? (guint) max : self->page_size;
  if (*first > total)
    *first = total;
  if (*first + *count > total)
    *count = total - *first;
  return TRUE;
}

/* The operations. */

typedef JsonObject *(*OperationFunc) (FakeSfn    *self,
                                      JsonObject *in,
                                      GHashTable *headers,
                                      Failure    *failure);

static JsonObject *
create_state_machine (FakeSfn    *self,
                      JsonObject *in,
                      GHashTable *headers,
                      Failure    *failure)
{
  const char *name = get_string (in, "name");
  const char *definition = get_string (in, "definition");
  const char *role = get_string (in, "roleArn");
  const char *type = get_string (in, "type");
  JsonObject *out;
  Machine *machine;

  if (name == NULL || definition == NULL || role == NULL)
    {
      fail (failure, "ValidationException", "name, definition and roleArn are required");
      return NULL;
    }
  if (!valid_name (name))
    {
      fail (failure, "InvalidName", "Invalid Name: '%s'", name);
      return NULL;
    }
  if (type == NULL)
    type = "STANDARD";
  if (strcmp (type, "STANDARD") != 0 && strcmp (type, "EXPRESS") != 0)
    {
      fail (failure, "ValidationException",
            "1 validation error detected: Value '%s' at 'type' failed to satisfy constraint: "
            "Member must satisfy enum value set: [EXPRESS, STANDARD]", type);
      return NULL;
    }
  if (!check_definition (definition, failure))
    return NULL;

  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *existing = g_ptr_array_index (self->machines, i);

      if (strcmp (existing->name, name) != 0)
        continue;
      if (strcmp (existing->definition, definition) != 0 ||
          strcmp (existing->role_arn, role) != 0)
        {
          fail (failure, "StateMachineAlreadyExists", "State Machine Already Exists: '%s'",
                existing->arn);
          return NULL;
        }
      machine = existing;
      goto answer;
    }

  machine = g_new0 (Machine, 1);
  machine->name = g_strdup (name);
  machine->arn = g_strdup_printf ("arn:aws:states:" REGION ":" ACCOUNT ":stateMachine:%s",
                                  name);
  machine->definition = g_strdup (definition);
  machine->role_arn = g_strdup (role);
  machine->type = g_strdup (type);
  machine->created = now_seconds (self);
  machine->revision = 1;
  if (json_object_has_member (in, "loggingConfiguration"))
    machine->logging = json_node_copy (json_object_get_member (in, "loggingConfiguration"));
  if (json_object_has_member (in, "tracingConfiguration"))
    machine->tracing = json_node_copy (json_object_get_member (in, "tracingConfiguration"));
  g_ptr_array_add (self->machines, machine);

answer:
  out = json_object_new ();
  json_object_set_string_member (out, "stateMachineArn", machine->arn);
  json_object_set_double_member (out, "creationDate", machine->created);
  return out;
}

static JsonObject *
update_state_machine (FakeSfn    *self,
                      JsonObject *in,
                      GHashTable *headers,
                      Failure    *failure)
{
  Machine *machine = find_machine (self, get_string (in, "stateMachineArn"), failure);
  const char *definition = get_string (in, "definition");
  const char *role = get_string (in, "roleArn");
  g_autofree char *revision = NULL;
  JsonObject *out;

  if (machine == NULL)
    return NULL;
  if (definition == NULL && role == NULL && !json_object_has_member (in, "loggingConfiguration")
      && !json_object_has_member (in, "tracingConfiguration"))
    {
      fail (failure, "MissingRequiredParameter",
            "Either the definition, the role ARN, the LoggingConfiguration, or the "
            "TracingConfiguration must be specified");
      return NULL;
    }
  if (definition != NULL && !check_definition (definition, failure))
    return NULL;

  if (definition != NULL)
    {
      g_free (machine->definition);
      machine->definition = g_strdup (definition);
    }
  if (role != NULL)
    {
      g_free (machine->role_arn);
      machine->role_arn = g_strdup (role);
    }
  if (json_object_has_member (in, "loggingConfiguration"))
    {
      g_clear_pointer (&machine->logging, json_node_unref);
      machine->logging = json_node_copy (json_object_get_member (in, "loggingConfiguration"));
    }
  if (json_object_has_member (in, "tracingConfiguration"))
    {
      g_clear_pointer (&machine->tracing, json_node_unref);
      machine->tracing = json_node_copy (json_object_get_member (in, "tracingConfiguration"));
    }
  machine->revision++;

  out = json_object_new ();
  revision = g_strdup_printf ("rev-%u", machine->revision);
  json_object_set_double_member (out, "updateDate", now_seconds (self));
  json_object_set_string_member (out, "revisionId", revision);
  return out;
}

static JsonObject *
describe_state_machine (FakeSfn    *self,
                        JsonObject *in,
                        GHashTable *headers,
                        Failure    *failure)
{
  Machine *machine = find_machine (self, get_string (in, "stateMachineArn"), failure);
  g_autofree char *revision = NULL;
  JsonObject *out;

  if (machine == NULL)
    return NULL;
  out = json_object_new ();
  revision = g_strdup_printf ("rev-%u", machine->revision);
  json_object_set_string_member (out, "stateMachineArn", machine->arn);
  json_object_set_string_member (out, "name", machine->name);
  json_object_set_string_member (out, "status", "ACTIVE");
  json_object_set_string_member (out, "definition", machine->definition);
  json_object_set_string_member (out, "roleArn", machine->role_arn);
  json_object_set_string_member (out, "type", machine->type);
  json_object_set_double_member (out, "creationDate", machine->created);
  if (machine->logging != NULL)
    json_object_set_member (out, "loggingConfiguration", json_node_copy (machine->logging));
  else
    {
      JsonObject *logging = json_object_new ();

      json_object_set_string_member (logging, "level", "OFF");
      json_object_set_boolean_member (logging, "includeExecutionData", FALSE);
      json_object_set_object_member (out, "loggingConfiguration", logging);
    }
  if (machine->tracing != NULL)
    json_object_set_member (out, "tracingConfiguration", json_node_copy (machine->tracing));
  json_object_set_string_member (out, "revisionId", revision);
  return out;
}

static JsonObject *
list_state_machines (FakeSfn    *self,
                     JsonObject *in,
                     GHashTable *headers,
                     Failure    *failure)
{
  JsonArray *items = json_array_new ();
  JsonObject *out = json_object_new ();
  guint first, count;

  if (!page_bounds (self, in, "sm", self->machines->len, &first, &count, failure))
    {
      json_array_unref (items);
      json_object_unref (out);
      return NULL;
    }
  for (guint i = first; i < first + count; i++)
    {
      Machine *machine = g_ptr_array_index (self->machines, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "stateMachineArn", machine->arn);
      json_object_set_string_member (item, "name", machine->name);
      json_object_set_string_member (item, "type", machine->type);
      json_object_set_double_member (item, "creationDate", machine->created);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (out, "stateMachines", items);
  if (first + count < self->machines->len)
    {
      g_autofree char *token = make_token ("sm", first + count);

      json_object_set_string_member (out, "nextToken", token);
    }
  return out;
}

static JsonObject *
delete_state_machine (FakeSfn    *self,
                      JsonObject *in,
                      GHashTable *headers,
                      Failure    *failure)
{
  Machine *machine = find_machine (self, get_string (in, "stateMachineArn"), failure);

  if (machine == NULL)
    return NULL;
  g_ptr_array_remove (self->machines, machine);
  return json_object_new ();
}

static JsonObject *
validate_definition (FakeSfn    *self,
                     JsonObject *in,
                     GHashTable *headers,
                     Failure    *failure)
{
  JsonObject *out = json_object_new ();
  JsonArray *diagnostics = json_array_new ();
  Failure problem = { 0 };

  if (!check_definition (get_string (in, "definition"), &problem))
    {
      JsonObject *diagnostic = json_object_new ();

      json_object_set_string_member (diagnostic, "severity", "ERROR");
      json_object_set_string_member (diagnostic, "code", "SCHEMA_VALIDATION_FAILED");
      json_object_set_string_member (diagnostic, "message", problem.message);
      json_object_set_string_member (diagnostic, "location", "/StartAt");
      json_array_add_object_element (diagnostics, diagnostic);
      g_free (problem.message);
    }
  json_object_set_string_member (out, "result",
                                 json_array_get_length (diagnostics) > 0 ? "FAIL" : "OK");
  json_object_set_array_member (out, "diagnostics", diagnostics);
  json_object_set_boolean_member (out, "truncated", FALSE);
  return out;
}

static Execution *
start (FakeSfn    *self,
       JsonObject *in,
       gboolean    sync,
       Failure    *failure)
{
  Machine *machine = find_machine (self, get_string (in, "stateMachineArn"), failure);
  const char *input = get_string (in, "input");
  const char *name = get_string (in, "name");
  g_autofree char *generated = g_uuid_string_random ();
  g_autoptr(JsonNode) parsed = NULL;
  Execution *execution;

  if (machine == NULL)
    return NULL;
  if (sync != (strcmp (machine->type, "EXPRESS") == 0))
    {
      fail (failure, "StateMachineTypeNotSupported",
            "This operation is not supported by this type of state machine");
      return NULL;
    }
  if (input == NULL)
    input = "{}";
  parsed = parse_json (input);
  if (parsed == NULL)
    {
      fail (failure, "InvalidExecutionInput",
            "Invalid execution input: the input is not valid JSON");
      return NULL;
    }
  if (name != NULL && !valid_name (name))
    {
      fail (failure, "InvalidName", "Invalid Name: '%s'", name);
      return NULL;
    }
  if (name == NULL)
    name = generated;

  for (guint i = 0; i < self->executions->len; i++)
    {
      Execution *existing = g_ptr_array_index (self->executions, i);

      if (strcmp (existing->machine_arn, machine->arn) == 0 &&
          strcmp (existing->name, name) == 0)
        {
          fail (failure, "ExecutionAlreadyExists", "Execution Already Exists: '%s'",
                existing->arn);
          return NULL;
        }
    }

  execution = g_new0 (Execution, 1);
  execution->name = g_strdup (name);
  execution->arn = sync ?
    g_strdup_printf ("arn:aws:states:" REGION ":" ACCOUNT ":express:%s:%s:%s", machine->name,
                     name, generated) :
    g_strdup_printf ("arn:aws:states:" REGION ":" ACCOUNT ":execution:%s:%s", machine->name,
                     name);
  execution->machine_arn = g_strdup (machine->arn);
  execution->input = g_strdup (input);
  execution->start = now_seconds (self);
  execution->script = make_script (machine->definition, input, machine->role_arn,
                                   execution->start);
  execution->revealed = sync ? json_array_get_length (execution->script) : 1;
  g_ptr_array_add (self->executions, execution);
  return execution;
}

static JsonObject *
start_execution (FakeSfn    *self,
                 JsonObject *in,
                 GHashTable *headers,
                 Failure    *failure)
{
  Execution *execution = start (self, in, FALSE, failure);
  JsonObject *out;

  if (execution == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "executionArn", execution->arn);
  json_object_set_double_member (out, "startDate", execution->start);
  return out;
}

static JsonObject *
start_sync_execution (FakeSfn    *self,
                      JsonObject *in,
                      GHashTable *headers,
                      Failure    *failure)
{
  Execution *execution = start (self, in, TRUE, failure);
  JsonObject *out, *billing;

  if (execution == NULL)
    return NULL;
  out = describe_execution (execution, TRUE);
  billing = json_object_new ();
  json_object_set_int_member (billing, "billedMemoryUsedInMB", 64);
  json_object_set_int_member (billing, "billedDurationInMilliseconds", 100);
  json_object_set_object_member (out, "billingDetails", billing);
  return out;
}

static JsonObject *
describe_execution_op (FakeSfn    *self,
                       JsonObject *in,
                       GHashTable *headers,
                       Failure    *failure)
{
  Execution *execution = find_execution (self, get_string (in, "executionArn"), failure);

  if (execution == NULL)
    return NULL;
  reveal_one (execution);
  return describe_execution (execution, FALSE);
}

static JsonObject *
list_executions (FakeSfn    *self,
                 JsonObject *in,
                 GHashTable *headers,
                 Failure    *failure)
{
  Machine *machine = find_machine (self, get_string (in, "stateMachineArn"), failure);
  const char *filter = get_string (in, "statusFilter");
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  JsonArray *items;
  JsonObject *out;
  guint first, count;

  if (machine == NULL)
    return NULL;
  for (guint i = 0; i < self->executions->len; i++)
    {
      Execution *execution = g_ptr_array_index (self->executions, i);
      const char *output, *error, *cause;
      double stop;

      if (strcmp (execution->machine_arn, machine->arn) != 0)
        continue;
      if (filter != NULL &&
          strcmp (execution_status (execution, &output, &error, &cause, &stop), filter) != 0)
        continue;
      g_ptr_array_add (matching, execution);
    }
  if (!page_bounds (self, in, "ex", matching->len, &first, &count, failure))
    return NULL;

  items = json_array_new ();
  for (guint i = first; i < first + count; i++)
    {
      Execution *execution = g_ptr_array_index (matching, i);
      JsonObject *item = json_object_new ();
      const char *output, *error, *cause;
      double stop;

      json_object_set_string_member (item, "executionArn", execution->arn);
      json_object_set_string_member (item, "stateMachineArn", execution->machine_arn);
      json_object_set_string_member (item, "name", execution->name);
      json_object_set_string_member (item, "status",
                                     execution_status (execution, &output, &error, &cause,
                                                       &stop));
      json_object_set_double_member (item, "startDate", execution->start);
      if (stop > 0)
        json_object_set_double_member (item, "stopDate", stop);
      json_array_add_object_element (items, item);
    }
  out = json_object_new ();
  json_object_set_array_member (out, "executions", items);
  if (first + count < matching->len)
    {
      g_autofree char *token = make_token ("ex", first + count);

      json_object_set_string_member (out, "nextToken", token);
    }
  return out;
}

static JsonObject *
get_execution_history (FakeSfn    *self,
                       JsonObject *in,
                       GHashTable *headers,
                       Failure    *failure)
{
  Execution *execution = find_execution (self, get_string (in, "executionArn"), failure);
  gboolean reverse = json_object_get_boolean_member_with_default (in, "reverseOrder", FALSE);
  JsonArray *events;
  JsonObject *out;
  guint first, count;

  if (execution == NULL)
    return NULL;
  reveal_one (execution);
  if (!page_bounds (self, in, "ev", execution->revealed, &first, &count, failure))
    return NULL;

  events = json_array_new ();
  for (guint i = first; i < first + count; i++)
    {
      guint index = reverse ? execution->revealed - 1 - i : i;

      json_array_add_element (events,
                              json_node_copy (json_array_get_element (execution->script,
                                                                      index)));
    }
  out = json_object_new ();
  json_object_set_array_member (out, "events", events);
  if (first + count < execution->revealed)
    {
      g_autofree char *token = make_token ("ev", first + count);

      json_object_set_string_member (out, "nextToken", token);
    }
  return out;
}

static JsonObject *
stop_execution (FakeSfn    *self,
                JsonObject *in,
                GHashTable *headers,
                Failure    *failure)
{
  Execution *execution = find_execution (self, get_string (in, "executionArn"), failure);
  const char *output, *error, *cause;
  double stop;
  JsonObject *out;

  if (execution == NULL)
    return NULL;
  if (strcmp (execution_status (execution, &output, &error, &cause, &stop), "RUNNING") == 0)
    {
      /* What was not revealed never happened. */
      while (json_array_get_length (execution->script) > execution->revealed)
        json_array_remove_element (execution->script,
                                   json_array_get_length (execution->script) - 1);
      add_failure_event (execution->script, execution->start, "ExecutionAborted",
                         "executionAbortedEventDetails", get_string (in, "error"),
                         get_string (in, "cause"));
      execution->revealed = json_array_get_length (execution->script);
      execution_status (execution, &output, &error, &cause, &stop);
    }
  out = json_object_new ();
  json_object_set_double_member (out, "stopDate", stop);
  return out;
}

static JsonObject *
redrive_execution (FakeSfn    *self,
                   JsonObject *in,
                   GHashTable *headers,
                   Failure    *failure)
{
  Execution *execution = find_execution (self, get_string (in, "executionArn"), failure);
  const char *output, *error, *cause, *status;
  double stop;
  JsonObject *out;
  JsonObject *details;

  if (execution == NULL)
    return NULL;
  status = execution_status (execution, &output, &error, &cause, &stop);
  if (strcmp (status, "RUNNING") == 0 || strcmp (status, "SUCCEEDED") == 0)
    {
      fail (failure, "ExecutionNotRedrivable", "Execution is %s and cannot be redriven: '%s'",
            status, execution->arn);
      return NULL;
    }
  execution->redrive_count++;
  details = json_object_new ();
  json_object_set_int_member (details, "redriveCount", execution->redrive_count);
  add_event (execution->script, execution->start, "ExecutionRedriven",
             "executionRedrivenEventDetails", details);
  execution->revealed = json_array_get_length (execution->script);

  out = json_object_new ();
  json_object_set_double_member (out, "redriveDate", now_seconds (self));
  return out;
}

static JsonObject *
test_state (FakeSfn    *self,
            JsonObject *in,
            GHashTable *headers,
            Failure    *failure)
{
  g_autoptr(JsonNode) state = parse_json (get_string (in, "definition"));
  const char *input = get_string (in, "input");
  JsonObject *object, *out;
  const char *type;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state) ||
      (type = get_string (json_node_get_object (state), "Type")) == NULL)
    {
      fail (failure, "InvalidDefinition",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field \"Type\" "
            "is required at /'");
      return NULL;
    }
  object = json_node_get_object (state);
  out = json_object_new ();
  if (strcmp (type, "Fail") == 0)
    {
      json_object_set_string_member (out, "status", "FAILED");
      json_object_set_string_member (out, "error", get_string (object, "Error"));
      json_object_set_string_member (out, "cause", get_string (object, "Cause"));
      return out;
    }
  if (strcmp (type, "Pass") == 0 && json_object_has_member (object, "Result"))
    {
      g_autofree char *result = to_json (json_object_get_member (object, "Result"));

      json_object_set_string_member (out, "output", result);
    }
  else
    json_object_set_string_member (out, "output", input != NULL ? input : "{}");
  json_object_set_string_member (out, "status", "SUCCEEDED");
  return out;
}

typedef struct
{
  const char *name;
  OperationFunc func;
} OperationEntry;

static const OperationEntry operation_table[] = {
  { "CreateStateMachine", create_state_machine },
  { "UpdateStateMachine", update_state_machine },
  { "DescribeStateMachine", describe_state_machine },
  { "ListStateMachines", list_state_machines },
  { "DeleteStateMachine", delete_state_machine },
  { "ValidateStateMachineDefinition", validate_definition },
  { "StartExecution", start_execution },
  { "StartSyncExecution", start_sync_execution },
  { "DescribeExecution", describe_execution_op },
  { "ListExecutions", list_executions },
  { "GetExecutionHistory", get_execution_history },
  { "StopExecution", stop_execution },
  { "RedriveExecution", redrive_execution },
  { "TestState", test_state },
};

/* SageMaker: the calls the monitor makes, enough to test the SageMaker client over the
 * same request path. */

static JsonObject *
describe_training_job (FakeSfn    *self,
                       JsonObject *input,
                       GHashTable *headers,
                       Failure    *failure)
{
  const char *name = get_string (input, "TrainingJobName");
  JsonObject *out;

  if (name == NULL || !valid_name (name))
    {
      fail (failure, "ValidationException", "1 validation error detected: Value at "
            "'trainingJobName' failed to satisfy constraint");
      return NULL;
    }
  if (strcmp (name, "missing") == 0)
    {
      fail (failure, "ResourceNotFound", "Requested resource not found.");
      return NULL;
    }
  out = json_object_new ();
  json_object_set_string_member (out, "TrainingJobName", name);
  json_object_set_string_member (out, "TrainingJobStatus", "Completed");
  return out;
}

static const OperationEntry sagemaker_table[] = {
  { "DescribeTrainingJob", describe_training_job },
};

/* HTTP. */

static void
respond_bytes (FakeSfn           *self,
               SoupServerMessage *message,
               guint              status,
               const char        *content_type,
               char              *body)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc ((gint64) now_seconds (self));
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  g_autofree char *request_id = g_uuid_string_random ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "Date", date);
  soup_message_headers_replace (headers, "x-amzn-RequestId", request_id);
  /* The server closes, not the client: libsoup 3.2 leaks server connections that the
   * client closes while idle (fixed in 3.3). */
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_TAKE, body,
                                    strlen (body));
}

static void
respond (FakeSfn           *self,
         SoupServerMessage *message,
         guint              status,
         JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  respond_bytes (self, message, status, "application/x-amz-json-1.0", to_json (node));
}

static void
respond_error (FakeSfn           *self,
               SoupServerMessage *message,
               guint              status,
               const char        *type,
               const char        *text)
{
  g_autoptr(JsonObject) object = json_object_new ();

  if (self->header_errors)
    {
      g_autofree char *header = g_strdup_printf ("%s:http://internal.amazon.com/coral/"
                                                 "com.amazonaws.swf.service.v2.model/", type);

      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "x-amzn-ErrorType", header);
    }
  else
    {
      g_autofree char *qualified = g_strdup_printf ("com.amazonaws.swf.service.v2.model#%s",
                                                    type);

      json_object_set_string_member (object, "__type", qualified);
    }
  if (text != NULL)
    json_object_set_string_member (object, "message", text);
  respond (self, message, status, object);
}

typedef struct
{
  SwSigv4Request *request;
  GHashTable *table;
} HeaderCollector;

static void
collect_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  HeaderCollector *collector = user_data;

  sw_sigv4_request_add_header (collector->request, name, value);
  g_hash_table_insert (collector->table, g_ascii_strdown (name, -1), g_strdup (value));
}

static SwCredentials *
lookup_credentials (const char *access_key_id,
                    gpointer    user_data)
{
  FakeSfn *self = user_data;
  SwCredentials *credentials = g_hash_table_lookup (self->credentials, access_key_id);

  return credentials != NULL ? sw_credentials_ref (credentials) : NULL;
}

static void
answer_request (FakeSfn           *self,
                SoupServerMessage *message)
{
  g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  g_autoptr(SwSigv4Request) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *body_text = NULL;
  HeaderCollector collector;
  FakeSfnRequest *record;
  GUri *uri = soup_server_message_get_uri (message);
  const char *target, *operation;
  gboolean sagemaker, invoke;
  const OperationEntry *table;
  gsize n_operations;
  Failure failure = { 0 };

  if (strcmp (soup_server_message_get_method (message), "POST") != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  body_text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  request = sw_sigv4_request_new ("POST", g_uri_get_path (uri), g_uri_get_query (uri));
  collector.request = request;
  collector.table = headers;
  soup_message_headers_foreach (soup_server_message_get_request_headers (message),
                                collect_header, &collector);
  sw_sigv4_request_set_body (request, body);

  target = g_hash_table_lookup (headers, "x-amz-target");
  invoke = g_str_has_prefix (g_uri_get_path (uri), "/endpoints/");
  sagemaker = invoke || (target != NULL && g_str_has_prefix (target, "SageMaker."));

  now = g_date_time_new_from_unix_utc ((gint64) now_seconds (self));
  if (!sw_sigv4_verify (request, NULL, sagemaker ? "sagemaker" : "states", lookup_credentials,
                        self, now, 300, &access_key, &error))
    {
      self->n_rejected++;
      respond_error (self, message, sw_aws_error_get_http_status (error),
                     sw_aws_error_get_service_code (error),
                     sw_aws_error_get_service_message (error));
      return;
    }

  if (invoke)
    operation = "InvokeEndpoint";
  else if (sagemaker)
    operation = target + strlen ("SageMaker.");
  else
    operation = target != NULL && g_str_has_prefix (target, "AWSStepFunctions.") ?
                target + strlen ("AWSStepFunctions.") : "";

  record = g_new0 (FakeSfnRequest, 1);
  record->operation = g_strdup (operation);
  record->access_key_id = g_strdup (access_key);
  record->host = g_strdup (g_hash_table_lookup (headers, "host"));
  record->sdk_request = g_strdup (g_hash_table_lookup (headers, "amz-sdk-request"));
  record->invocation_id = g_strdup (g_hash_table_lookup (headers, "amz-sdk-invocation-id"));
  record->body = g_strdup (body_text);
  record->monotonic_time = g_get_monotonic_time ();
  g_ptr_array_add (self->requests, record);

  if (!g_queue_is_empty (&self->injected))
    {
      Injected *next = g_queue_peek_head (&self->injected);

      if (next->operation == NULL || strcmp (next->operation, operation) == 0)
        {
          g_queue_pop_head (&self->injected);
          respond_error (self, message, next->status, next->type, next->message);
          injected_free (next);
          return;
        }
    }

  if (invoke)
    {
      /* The model echoes what it was sent. */
      respond_bytes (self, message, 200,
                     g_hash_table_lookup (headers, "content-type") ?: "application/json",
                     g_steal_pointer (&body_text));
      return;
    }
  if (g_strcmp0 (g_hash_table_lookup (headers, "content-type"),
                 sagemaker ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0") != 0)
    {
      respond_error (self, message, 400, "SerializationException",
                     "Content-Type must be application/x-amz-json-1.0 (1.1 for SageMaker)");
      return;
    }
  root = parse_json (body_text);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (self, message, 400, "SerializationException", "Malformed JSON body");
      return;
    }

  table = sagemaker ? sagemaker_table : operation_table;
  n_operations = sagemaker ? G_N_ELEMENTS (sagemaker_table) : G_N_ELEMENTS (operation_table);
  for (guint i = 0; i < n_operations; i++)
    if (strcmp (table[i].name, operation) == 0)
      {
        out = table[i].func (self, json_node_get_object (root), headers, &failure);
        if (out == NULL)
          {
            respond_error (self, message, 400, failure.type, failure.message);
            g_free (failure.message);
            return;
          }
        respond (self, message, 200, out);
        return;
      }
  respond_error (self, message, 400, "UnknownOperationException", NULL);
}

static void
paused_free (Paused *paused)
{
  if (paused->source_id != 0)
    g_source_remove (paused->source_id);
  g_object_unref (paused->message);
  g_free (paused);
}

static gboolean
unpause_cb (gpointer user_data)
{
  Paused *paused = user_data;

  paused->source_id = 0;
  soup_server_message_unpause (paused->message);
  g_ptr_array_remove_fast (paused->fake->paused, paused);
  return G_SOURCE_REMOVE;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeSfn *self = user_data;
  Paused *paused;

  answer_request (self, message);
  if (self->delay_ms == 0)
    return;
  /* The answer is ready; it leaves only after the delay. */
  paused = g_new0 (Paused, 1);
  paused->fake = self;
  paused->message = g_object_ref (message);
  soup_server_message_pause (message);
  paused->source_id = g_timeout_add (self->delay_ms, unpause_cb, paused);
  g_ptr_array_add (self->paused, paused);
}

FakeSfn *
fake_sfn_new (void)
{
  FakeSfn *self = g_new0 (FakeSfn, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->server = soup_server_new (NULL, NULL);
  self->credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) sw_credentials_unref);
  g_queue_init (&self->injected);
  self->page_size = 3;
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  self->machines = g_ptr_array_new_with_free_func ((GDestroyNotify) machine_free);
  self->executions = g_ptr_array_new_with_free_func ((GDestroyNotify) execution_free);
  self->paused = g_ptr_array_new_with_free_func ((GDestroyNotify) paused_free);

  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self;
}

void
fake_sfn_free (FakeSfn *self)
{
  if (self == NULL)
    return;
  /* Held answers go now, to connections that may be gone. */
  while (self->paused->len > 0)
    unpause_cb (g_ptr_array_index (self->paused, 0));
  g_ptr_array_unref (self->paused);
  /* Connections close over a few main loop turns. */
  soup_server_disconnect (self->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&self->server));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_hash_table_unref (self->credentials);
  g_queue_clear_full (&self->injected, (GDestroyNotify) injected_free);
  g_ptr_array_unref (self->requests);
  g_ptr_array_unref (self->machines);
  g_ptr_array_unref (self->executions);
  g_free (self);
}

char *
fake_sfn_dup_url (FakeSfn *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
fake_sfn_add_credentials (FakeSfn    *self,
                          const char *access_key_id,
                          const char *secret_access_key,
                          const char *session_token)
{
  g_hash_table_replace (self->credentials, g_strdup (access_key_id),
                        sw_credentials_new (access_key_id, secret_access_key, session_token,
                                            NULL));
}

/* Answers the next request for @operation (any when %NULL) with an error. */
void
fake_sfn_inject_error (FakeSfn    *self,
                       const char *operation,
                       guint       status,
                       const char *type,
                       const char *message)
{
  Injected *injected = g_new0 (Injected, 1);

  injected->operation = g_strdup (operation);
  injected->status = status;
  injected->type = g_strdup (type);
  injected->message = g_strdup (message);
  g_queue_push_tail (&self->injected, injected);
}

void
fake_sfn_set_clock_offset (FakeSfn *self,
                           gint64   seconds)
{
  self->clock_offset = seconds;
}

void
fake_sfn_set_page_size (FakeSfn *self,
                        guint    page_size)
{
  self->page_size = page_size;
}

/* Whether errors carry their type in X-Amzn-ErrorType rather than in __type. */
void
fake_sfn_set_error_style (FakeSfn  *self,
                          gboolean  header)
{
  self->header_errors = header;
}

GPtrArray *
fake_sfn_get_requests (FakeSfn *self)
{
  return self->requests;
}

guint
fake_sfn_count_requests (FakeSfn    *self,
                         const char *operation)
{
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      FakeSfnRequest *request = g_ptr_array_index (self->requests, i);

      if (operation == NULL || strcmp (request->operation, operation) == 0)
        count++;
    }
  return count;
}

guint
fake_sfn_get_n_rejected (FakeSfn *self)
{
  return self->n_rejected;
}

void
fake_sfn_clear_requests (FakeSfn *self)
{
  g_ptr_array_set_size (self->requests, 0);
  self->n_rejected = 0;
}

/* Holds every answer back for @delay_ms, so a test can cancel a request in flight. */
void
fake_sfn_set_delay (FakeSfn *self,
                    guint    delay_ms)
{
  self->delay_ms = delay_ms;
}
