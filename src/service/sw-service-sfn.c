/* sw-service-sfn.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Step Functions operations of the local endpoint, with the request checks, response
 * shapes and error types of the AWS API reference (API version 2016-11-23). Dates are
 * seconds since the epoch as JSON numbers, as the service's JSON protocol sends them. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-arn.h"
#include "sw-aws-error.h"
#include "sw-diagnostic.h"
#include "sw-engine-error.h"
#include "sw-json.h"
#include "sw-service-private.h"
#include "sw-validator.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE 1000
/* RedriveExecution's conditions (API reference): within 14 days of the end, less than a
 * year since the start, and room for ExecutionRedriven and one more event. */
#define REDRIVABLE_SECONDS (14 * 24 * 3600.0)
#define MAX_OPEN_SECONDS (365 * 24 * 3600.0)
#define MAX_REDRIVE_EVENTS 24999

typedef SwValue *(*OperationFunc) (SwService      *self,
                                   SwValue        *request,
                                   SwServiceCall  *call,
                                   GError        **error);

/* Request members */

/**
 * _sw_service_get_string:
 * @object: the request, or an object member of it
 * @path: (nullable): where @object is in the request (`mock.errorOutput`), for messages
 * @key: the member
 * @max_length: the longest value allowed, 0 for no limit
 *
 * Reads a string member as the service checks it: %NULL when absent and not @required.
 */
gboolean
_sw_service_get_string (SwValue     *object,
                        const char  *path,
                        const char  *key,
                        gboolean     required,
                        gsize        max_length,
                        const char **out,
                        GError     **error)
{
  SwValue *value = sw_value_object_get (object, key);
  g_autofree char *name = path != NULL ? g_strconcat (path, ".", key, NULL) : g_strdup (key);

  *out = NULL;
  if (value == NULL || sw_value_is_null (value))
    {
      if (required)
        return _sw_service_fail (error, 400, "ValidationException",
                                 "1 validation error detected: Value null at '%s' failed to "
                                 "satisfy constraint: Member must not be null", name);
      return TRUE;
    }
  if (!sw_value_is_string (value))
    return _sw_service_fail (error, 400, "SerializationException",
                             "Expected a string for '%s'", name);
  if (max_length > 0 && sw_value_get_string_length (value) > max_length)
    return _sw_service_fail (error, 400, "ValidationException",
                             "1 validation error detected: Value at '%s' failed to satisfy "
                             "constraint: Member must have length less than or equal to %"
                             G_GSIZE_FORMAT, name, max_length);
  if (required && sw_value_get_string_length (value) == 0)
    return _sw_service_fail (error, 400, "ValidationException",
                             "1 validation error detected: Value '' at '%s' failed to satisfy "
                             "constraint: Member must have length greater than or equal to 1",
                             name);
  *out = sw_value_get_string (value);
  return TRUE;
}

static gboolean
get_string (SwValue     *request,
            const char  *key,
            gboolean     required,
            gsize        max_length,
            const char **out,
            GError     **error)
{
  return _sw_service_get_string (request, NULL, key, required, max_length, out, error);
}

static gboolean
get_boolean (SwValue     *request,
             const char  *key,
             gboolean     fallback,
             gboolean    *out,
             GError     **error)
{
  SwValue *value = sw_value_object_get (request, key);

  *out = fallback;
  if (value == NULL || sw_value_is_null (value))
    return TRUE;
  if (!sw_value_is_boolean (value))
    return _sw_service_fail (error, 400, "SerializationException",
                             "Expected a boolean for '%s'", key);
  *out = sw_value_get_boolean (value);
  return TRUE;
}

static gboolean
get_max_results (SwValue  *request,
                 guint    *out,
                 GError  **error)
{
  SwValue *value = sw_value_object_get (request, "maxResults");
  gint64 number = 0;

  *out = DEFAULT_PAGE;
  if (value == NULL || sw_value_is_null (value))
    return TRUE;
  if (!sw_value_is_number (value) || !sw_value_get_int64 (value, &number))
    return _sw_service_fail (error, 400, "SerializationException",
                             "Expected an integer for 'maxResults'");
  if (number < 0)
    return _sw_service_fail (error, 400, "ValidationException",
                             "1 validation error detected: Value '%" G_GINT64_FORMAT "' at "
                             "'maxResults' failed to satisfy constraint: Member must have "
                             "value greater than or equal to 0", number);
  if (number > MAX_PAGE)
    return _sw_service_fail (error, 400, "ValidationException",
                             "1 validation error detected: Value '%" G_GINT64_FORMAT "' at "
                             "'maxResults' failed to satisfy constraint: Member must have "
                             "value less than or equal to %d", number, MAX_PAGE);
  if (number > 0)
    *out = (guint) number;
  return TRUE;
}

/* Page tokens: opaque to clients, `KIND:VALUE…` in base64. */

static char *
make_token (const char *kind,
            const char *value)
{
  g_autofree char *plain = g_strdup_printf ("%s:%s", kind, value);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

static gboolean
parse_token (SwValue     *request,
             const char  *kind,
             char       **value,
             GError     **error)
{
  const char *token;
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  *value = NULL;
  if (!get_string (request, "nextToken", FALSE, 1024, &token, error))
    return FALSE;
  if (token == NULL || *token == '\0')
    return TRUE;
  plain = g_base64_decode (token, &length);
  text = g_strndup ((const char *) plain, length);
  if (length == 0 || !g_str_has_prefix (text, kind) || text[strlen (kind)] != ':' ||
      !g_utf8_validate (text, -1, NULL))
    return _sw_service_fail (error, 400, "InvalidToken", "Invalid Token: '%s'", token);
  *value = g_strdup (text + strlen (kind) + 1);
  return TRUE;
}

/* Names and ARNs */

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (sw_arn_is_valid_name (name))
    return TRUE;
  return _sw_service_fail (error, 400, "InvalidName", "Invalid Name: '%s'", name);
}

static char *
machine_arn (SwService  *self,
             const char *name)
{
  return sw_arn_build ("states", self->region, self->account, "stateMachine:%s", name);
}

/* Splits `arn:PARTITION:states:REGION:ACCOUNT:TYPE:A[:B]`; @b may be NULL on return. */
static gboolean
parse_arn (const char  *arn,
           const char  *type,
           char       **a,
           char       **b,
           GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (arn, ":", 9);
  guint n = g_strv_length (parts);

  if (n < 7 || strcmp (parts[0], "arn") != 0 || strcmp (parts[2], "states") != 0 ||
      *parts[6] == '\0' || n > 8)
    return _sw_service_fail (error, 400, "InvalidArn", "Invalid Arn: 'Unable to parse Arn: %s'",
                             arn);
  if (strcmp (parts[5], type) != 0)
    return _sw_service_fail (error, 400, "InvalidArn",
                             "Invalid Arn: 'Resource type not valid in this context: %s'",
                             parts[5]);
  *a = g_strdup (parts[6]);
  *b = n == 8 ? g_strdup (parts[7]) : NULL;
  return TRUE;
}

/* Whether @arn is in the endpoint's region and account. */
static gboolean
is_local_arn (SwService  *self,
              const char *arn)
{
  g_autofree char *prefix = sw_arn_build ("states", self->region, self->account, "%s", "");

  return g_str_has_prefix (arn, prefix);
}

/* Finds the machine an ARN names, or a published version of it. */
static SwStoredMachine *
find_machine (SwService   *self,
              const char  *arn,
              GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *qualifier = NULL;
  SwStoredMachine *machine = NULL;
  gint64 version = 0;

  if (!parse_arn (arn, "stateMachine", &name, &qualifier, error))
    return NULL;
  if (qualifier != NULL)
    {
      char *end = NULL;

      version = g_ascii_strtoll (qualifier, &end, 10);
      if (*qualifier == '\0' || *end != '\0' || version <= 0)
        version = -1;   /* an alias: the endpoint has none */
    }
  if (is_local_arn (self, arn) && version >= 0)
    machine = _sw_service_store_get_machine (self->store, name, version);
  if (machine == NULL)
    _sw_service_fail (error, 400, "StateMachineDoesNotExist",
                      "State Machine Does Not Exist: '%s'", arn);
  return machine;
}

static SwStoredExecution *
find_execution (SwService   *self,
                const char  *arn,
                GError     **error)
{
  g_autofree char *machine = NULL;
  g_autofree char *name = NULL;
  SwStoredExecution *execution = NULL;

  if (!parse_arn (arn, "execution", &machine, &name, error))
    return NULL;
  if (name == NULL)
    {
      _sw_service_fail (error, 400, "InvalidArn", "Invalid Arn: 'Unable to parse Arn: %s'",
                        arn);
      return NULL;
    }
  execution = _sw_service_store_get_execution (self->store, arn);
  if (execution == NULL)
    _sw_service_fail (error, 400, "ExecutionDoesNotExist", "Execution Does Not Exist: '%s'",
                      arn);
  return execution;
}

/* Definitions */

static char *
upper_snake (const char *code)
{
  char *text = g_ascii_strup (code, -1);

  for (char *p = text; *p != '\0'; p++)
    if (*p == '-')
      *p = '_';
  return text;
}

/* Parses and checks a definition as CreateStateMachine does. */
static SwValue *
check_definition (const char  *text,
                  GError     **error)
{
  g_autoptr(SwValue) definition = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(SwExecution) probe = NULL;
  g_autoptr(GString) message = NULL;

  definition = sw_json_parse (text, -1, NULL, NULL, &parse_error);
  if (definition == NULL)
    {
      _sw_service_fail (error, 400, "InvalidDefinition",
                        "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: %s'",
                        parse_error->message);
      return NULL;
    }
  diagnostics = sw_validate (definition);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      g_autofree char *code = NULL;

      if (diagnostic->severity != SW_SEVERITY_ERROR)
        continue;
      code = upper_snake (diagnostic->code);
      if (message == NULL)
        message = g_string_new (NULL);
      else
        g_string_append (message, ", ");
      g_string_append_printf (message, "%s: %s at %s", code, diagnostic->message,
                              *diagnostic->pointer != '\0' ? diagnostic->pointer : "/");
    }
  if (message != NULL)
    {
      _sw_service_fail (error, 400, "InvalidDefinition", "Invalid State Machine Definition: '%s'",
                        message->str);
      return NULL;
    }
  /* What the validator accepts the executor must be able to run. */
  probe = sw_execution_new (definition, NULL, &parse_error);
  if (probe == NULL)
    {
      _sw_service_fail (error, 400, "InvalidDefinition",
                        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: %s'",
                        parse_error->message);
      return NULL;
    }
  return g_steal_pointer (&definition);
}

static gboolean
check_type (const char  *type,
            GError     **error)
{
  if (strcmp (type, "STANDARD") == 0 || strcmp (type, "EXPRESS") == 0)
    return TRUE;
  return _sw_service_fail (error, 400, "ValidationException",
                           "1 validation error detected: Value '%s' at 'type' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
                           type);
}

static char *
logging_text (SwValue  *request,
              GError  **error)
{
  SwValue *logging = sw_value_object_get (request, "loggingConfiguration");
  SwValue *level;

  if (logging == NULL || sw_value_is_null (logging))
    return NULL;
  if (!sw_value_is_object (logging))
    {
      _sw_service_fail (error, 400, "SerializationException",
                        "Expected an object for 'loggingConfiguration'");
      return NULL;
    }
  level = sw_value_object_get (logging, "level");
  if (level != NULL && (!sw_value_is_string (level) ||
                        (strcmp (sw_value_get_string (level), "OFF") != 0 &&
                         strcmp (sw_value_get_string (level), "ALL") != 0 &&
                         strcmp (sw_value_get_string (level), "ERROR") != 0 &&
                         strcmp (sw_value_get_string (level), "FATAL") != 0)))
    {
      _sw_service_fail (error, 400, "InvalidLoggingConfiguration",
                        "Invalid Logging Configuration: level must be ALL, ERROR, FATAL or "
                        "OFF");
      return NULL;
    }
  return sw_json_write (logging, SW_JSON_WRITE_COMPACT, NULL);
}

static gboolean
tracing_enabled (SwValue  *request,
                 gboolean  fallback,
                 gboolean *out,
                 GError  **error)
{
  SwValue *tracing = sw_value_object_get (request, "tracingConfiguration");

  *out = fallback;
  if (tracing == NULL || sw_value_is_null (tracing))
    return TRUE;
  if (!sw_value_is_object (tracing))
    return _sw_service_fail (error, 400, "SerializationException",
                             "Expected an object for 'tracingConfiguration'");
  return get_boolean (tracing, "enabled", FALSE, out, error);
}

/* State machines */

/* Reads loggingConfiguration into @logging (NULL when absent). */
static gboolean
get_logging (SwValue  *request,
             char    **logging,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  *logging = logging_text (request, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Adds stateMachineVersionArn when a version was published. */
static void
set_version_arn (SwValue    *response,
                 const char *arn,
                 gint64      version)
{
  if (version > 0)
    sw_value_object_set (response, "stateMachineVersionArn",
                         sw_value_new_string_take (g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                                                                    arn, version)));
}

static SwValue *
create_state_machine (SwService      *self,
                      SwValue        *request,
                      SwServiceCall  *call,
                      GError        **error)
{
  g_autoptr(SwStoredMachine) existing = NULL;
  g_autoptr(SwStoredMachine) machine = NULL;
  g_autoptr(SwValue) definition = NULL;
  g_autofree char *logging = NULL;
  const char *name, *text, *role_arn, *type, *description;
  gboolean tracing, publish;
  gint64 version = 0;
  SwValue *response;

  if (!get_string (request, "name", TRUE, 0, &name, error) ||
      !get_string (request, "definition", TRUE, SW_SERVICE_MAX_DEFINITION, &text, error) ||
      !get_string (request, "roleArn", TRUE, 256, &role_arn, error) ||
      !get_string (request, "type", FALSE, 0, &type, error) ||
      !get_string (request, "versionDescription", FALSE, 256, &description, error) ||
      !get_boolean (request, "publish", FALSE, &publish, error) ||
      !tracing_enabled (request, FALSE, &tracing, error))
    return NULL;
  if (type == NULL)
    type = "STANDARD";
  if (!check_name (name, error) || !check_type (type, error))
    return NULL;
  if (!get_logging (request, &logging, error))
    return NULL;
  definition = check_definition (text, error);
  if (definition == NULL)
    return NULL;

  existing = _sw_service_store_get_machine (self->store, name, 0);
  if (existing != NULL)
    {
      /* Idempotent: the same request again gets the same machine. */
      if (strcmp (existing->definition, text) == 0 &&
          strcmp (existing->role_arn, role_arn) == 0 && strcmp (existing->type, type) == 0 &&
          g_strcmp0 (existing->logging, logging) == 0 && existing->tracing == tracing &&
          !publish)
        {
          response = sw_value_new_object ();
          sw_value_object_set (response, "stateMachineArn", sw_value_new_string (existing->arn));
          sw_value_object_set (response, "creationDate", sw_value_new_double (existing->created));
          return response;
        }
      _sw_service_fail (error, 400, "StateMachineAlreadyExists",
                        "State Machine Already Exists: '%s'", existing->arn);
      return NULL;
    }

  machine = g_new0 (SwStoredMachine, 1);
  machine->name = g_strdup (name);
  machine->arn = machine_arn (self, name);
  machine->type = g_strdup (type);
  machine->role_arn = g_strdup (role_arn);
  machine->definition = g_strdup (text);
  machine->revision_id = g_uuid_string_random ();
  machine->logging = g_steal_pointer (&logging);
  machine->tracing = tracing;
  machine->created = machine->updated = _sw_service_now ();
  if (!_sw_service_store_add_machine (self->store, machine, publish, description, &version,
                                      error))
    return NULL;

  response = sw_value_new_object ();
  sw_value_object_set (response, "stateMachineArn", sw_value_new_string (machine->arn));
  sw_value_object_set (response, "creationDate", sw_value_new_double (machine->created));
  set_version_arn (response, machine->arn, version);
  return response;
}

static SwValue *
update_state_machine (SwService      *self,
                      SwValue        *request,
                      SwServiceCall  *call,
                      GError        **error)
{
  g_autoptr(SwStoredMachine) machine = NULL;
  g_autoptr(SwValue) definition = NULL;
  g_autofree char *logging = NULL;
  const char *arn, *text, *role_arn, *description;
  gboolean publish, tracing;
  gint64 version = 0;
  SwValue *response;

  if (!get_string (request, "stateMachineArn", TRUE, 256, &arn, error) ||
      !get_string (request, "definition", FALSE, SW_SERVICE_MAX_DEFINITION, &text, error) ||
      !get_string (request, "roleArn", FALSE, 256, &role_arn, error) ||
      !get_string (request, "versionDescription", FALSE, 256, &description, error) ||
      !get_boolean (request, "publish", FALSE, &publish, error))
    return NULL;
  if (!get_logging (request, &logging, error))
    return NULL;
  if (text == NULL && role_arn == NULL && logging == NULL &&
      !sw_value_object_has (request, "tracingConfiguration"))
    {
      _sw_service_fail (error, 400, "MissingRequiredParameter",
                        "Either the definition, the roleArn, the loggingConfiguration or the "
                        "tracingConfiguration must be specified");
      return NULL;
    }
  machine = find_machine (self, arn, error);
  if (machine == NULL)
    return NULL;
  if (machine->version != 0)
    {
      _sw_service_fail (error, 400, "ValidationException",
                        "Cannot update a state machine version: '%s'", arn);
      return NULL;
    }
  if (!tracing_enabled (request, machine->tracing, &tracing, error))
    return NULL;
  if (text != NULL)
    {
      definition = check_definition (text, error);
      if (definition == NULL)
        return NULL;
      g_free (machine->definition);
      machine->definition = g_strdup (text);
    }
  if (role_arn != NULL)
    {
      g_free (machine->role_arn);
      machine->role_arn = g_strdup (role_arn);
    }
  if (logging != NULL)
    {
      g_free (machine->logging);
      machine->logging = g_steal_pointer (&logging);
    }
  machine->tracing = tracing;
  g_free (machine->revision_id);
  machine->revision_id = g_uuid_string_random ();
  machine->updated = _sw_service_now ();
  if (!_sw_service_store_update_machine (self->store, machine, publish, description, &version,
                                         error))
    return NULL;

  response = sw_value_new_object ();
  sw_value_object_set (response, "updateDate", sw_value_new_double (machine->updated));
  sw_value_object_set (response, "revisionId", sw_value_new_string (machine->revision_id));
  set_version_arn (response, machine->arn, version);
  return response;
}

static SwValue *
describe_state_machine (SwService      *self,
                        SwValue        *request,
                        SwServiceCall  *call,
                        GError        **error)
{
  g_autoptr(SwStoredMachine) machine = NULL;
  SwValue *response, *logging = NULL, *tracing;
  const char *arn;

  if (!get_string (request, "stateMachineArn", TRUE, 256, &arn, error))
    return NULL;
  machine = find_machine (self, arn, error);
  if (machine == NULL)
    return NULL;

  response = sw_value_new_object ();
  sw_value_object_set (response, "stateMachineArn", sw_value_new_string (machine->arn));
  sw_value_object_set (response, "name", sw_value_new_string (machine->name));
  sw_value_object_set (response, "status", sw_value_new_string ("ACTIVE"));
  sw_value_object_set (response, "definition", sw_value_new_string (machine->definition));
  sw_value_object_set (response, "roleArn", sw_value_new_string (machine->role_arn));
  sw_value_object_set (response, "type", sw_value_new_string (machine->type));
  sw_value_object_set (response, "creationDate", sw_value_new_double (machine->created));
  if (machine->logging != NULL)
    logging = sw_json_parse (machine->logging, -1, NULL, NULL, NULL);
  if (logging == NULL)
    {
      logging = sw_value_new_object ();
      sw_value_object_set (logging, "level", sw_value_new_string ("OFF"));
      sw_value_object_set (logging, "includeExecutionData", sw_value_new_boolean (FALSE));
    }
  sw_value_object_set (response, "loggingConfiguration", logging);
  tracing = sw_value_new_object ();
  sw_value_object_set (tracing, "enabled", sw_value_new_boolean (machine->tracing));
  sw_value_object_set (response, "tracingConfiguration", tracing);
  sw_value_object_set (response, "revisionId", sw_value_new_string (machine->revision_id));
  if (machine->description != NULL)
    sw_value_object_set (response, "description", sw_value_new_string (machine->description));
  return response;
}

static SwValue *
list_state_machines (SwService      *self,
                     SwValue        *request,
                     SwServiceCall  *call,
                     GError        **error)
{
  g_autoptr(GPtrArray) machines = NULL;
  g_autofree char *after = NULL;
  SwValue *response, *items;
  guint limit;

  if (!get_max_results (request, &limit, error) ||
      !parse_token (request, "machines", &after, error))
    return NULL;
  machines = _sw_service_store_list_machines (self->store, after, limit + 1);

  response = sw_value_new_object ();
  items = sw_value_new_array ();
  for (guint i = 0; i < MIN (machines->len, limit); i++)
    {
      SwStoredMachine *machine = g_ptr_array_index (machines, i);
      SwValue *item = sw_value_new_object ();

      sw_value_object_set (item, "stateMachineArn", sw_value_new_string (machine->arn));
      sw_value_object_set (item, "name", sw_value_new_string (machine->name));
      sw_value_object_set (item, "type", sw_value_new_string (machine->type));
      sw_value_object_set (item, "creationDate", sw_value_new_double (machine->created));
      sw_value_array_append (items, item);
    }
  sw_value_object_set (response, "stateMachines", items);
  if (machines->len > limit)
    {
      SwStoredMachine *last = g_ptr_array_index (machines, limit - 1);

      sw_value_object_set (response, "nextToken",
                           sw_value_new_string_take (make_token ("machines", last->name)));
    }
  return response;
}

static SwValue *
delete_state_machine (SwService      *self,
                      SwValue        *request,
                      SwServiceCall  *call,
                      GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *qualifier = NULL;
  const char *arn;

  if (!get_string (request, "stateMachineArn", TRUE, 256, &arn, error) ||
      !parse_arn (arn, "stateMachine", &name, &qualifier, error))
    return NULL;
  if (qualifier != NULL)
    {
      _sw_service_fail (error, 400, "ValidationException",
                        "Cannot delete a qualified state machine ARN: '%s'", arn);
      return NULL;
    }
  /* Deleting what does not exist succeeds, as the service's does. */
  if (is_local_arn (self, arn) && !_sw_service_store_delete_machine (self->store, name, error))
    return NULL;
  return sw_value_new_object ();
}

static SwValue *
validate_definition (SwService      *self,
                     SwValue        *request,
                     SwServiceCall  *call,
                     GError        **error)
{
  g_autoptr(SwValue) definition = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *text, *type, *severity;
  SwValue *response, *items;
  gboolean warnings, failed = FALSE;
  guint limit, count = 0, line = 0, column = 0;

  if (!get_string (request, "definition", TRUE, SW_SERVICE_MAX_DEFINITION, &text, error) ||
      !get_string (request, "type", FALSE, 0, &type, error) ||
      !get_string (request, "severity", FALSE, 0, &severity, error) ||
      !get_max_results (request, &limit, error))
    return NULL;
  if (type != NULL && !check_type (type, error))
    return NULL;
  if (severity != NULL && strcmp (severity, "ERROR") != 0 && strcmp (severity, "WARNING") != 0)
    {
      _sw_service_fail (error, 400, "ValidationException",
                        "1 validation error detected: Value '%s' at 'severity' failed to "
                        "satisfy constraint: Member must satisfy enum value set: "
                        "[ERROR, WARNING]", severity);
      return NULL;
    }
  warnings = severity != NULL && strcmp (severity, "WARNING") == 0;

  response = sw_value_new_object ();
  items = sw_value_new_array ();
  definition = sw_json_parse (text, -1, &line, &column, &parse_error);
  if (definition == NULL)
    {
      SwValue *item = sw_value_new_object ();

      sw_value_object_set (item, "severity", sw_value_new_string ("ERROR"));
      sw_value_object_set (item, "code", sw_value_new_string ("INVALID_JSON_DESCRIPTION"));
      sw_value_object_set (item, "message", sw_value_new_string (parse_error->message));
      sw_value_object_set (item, "location",
                           sw_value_new_string_take (g_strdup_printf ("line %u, column %u",
                                                                      line, column)));
      sw_value_array_append (items, item);
      failed = TRUE;
    }
  else
    {
      diagnostics = sw_validate (definition);
      for (guint i = 0; i < diagnostics->len; i++)
        {
          SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
          SwValue *item;

          if (diagnostic->severity == SW_SEVERITY_ERROR)
            failed = TRUE;
          else if (!warnings)
            continue;
          if (count++ >= limit)
            continue;
          item = sw_value_new_object ();
          sw_value_object_set (item, "severity",
                               sw_value_new_string (diagnostic->severity == SW_SEVERITY_ERROR
                                                      ? "ERROR" : "WARNING"));
          sw_value_object_set (item, "code",
                               sw_value_new_string_take (upper_snake (diagnostic->code)));
          sw_value_object_set (item, "message", sw_value_new_string (diagnostic->message));
          sw_value_object_set (item, "location",
                               sw_value_new_string (*diagnostic->pointer != '\0'
                                                      ? diagnostic->pointer : "/"));
          sw_value_array_append (items, item);
        }
    }
  sw_value_object_set (response, "result", sw_value_new_string (failed ? "FAIL" : "OK"));
  sw_value_object_set (response, "diagnostics", items);
  sw_value_object_set (response, "truncated", sw_value_new_boolean (count > limit));
  return response;
}

/* Executions */

/* Whether RedriveExecution may redrive @execution now; if not, @reason says why in the
 * words redriveStatusReason uses. */
static gboolean
is_redrivable (SwStoredExecution  *execution,
               double              now,
               const char        **reason)
{
  *reason = NULL;
  if (strcmp (execution->status, "RUNNING") == 0)
    *reason = "Execution is RUNNING and cannot be redriven";
  else if (strcmp (execution->status, "SUCCEEDED") == 0)
    *reason = "Execution is SUCCEEDED and cannot be redriven";
  else if (execution->stop > 0 && now - execution->stop > REDRIVABLE_SECONDS)
    *reason = "Execution redrivable period exceeded";
  else if (now - execution->start > MAX_OPEN_SECONDS)
    *reason = "Execution has exceeded the max execution time";
  else if (execution->n_events >= MAX_REDRIVE_EVENTS)
    *reason = "Execution history event limit exceeded";
  return *reason == NULL;
}

static SwValue *
describe (SwStoredExecution *execution,
          gboolean           full)
{
  SwValue *object = sw_value_new_object ();

  sw_value_object_set (object, "executionArn", sw_value_new_string (execution->arn));
  sw_value_object_set (object, "stateMachineArn", sw_value_new_string (execution->machine_arn));
  sw_value_object_set (object, "name", sw_value_new_string (execution->name));
  sw_value_object_set (object, "status", sw_value_new_string (execution->status));
  sw_value_object_set (object, "startDate", sw_value_new_double (execution->start));
  if (execution->stop > 0)
    sw_value_object_set (object, "stopDate", sw_value_new_double (execution->stop));
  if (execution->version_arn != NULL)
    sw_value_object_set (object, "stateMachineVersionArn",
                         sw_value_new_string (execution->version_arn));
  if (full)
    {
      SwValue *details = sw_value_new_object ();

      sw_value_object_set (object, "input", sw_value_new_string (execution->input));
      sw_value_object_set (details, "included", sw_value_new_boolean (TRUE));
      sw_value_object_set (object, "inputDetails", details);
      if (execution->output != NULL)
        {
          details = sw_value_new_object ();
          sw_value_object_set (object, "output", sw_value_new_string (execution->output));
          sw_value_object_set (details, "included", sw_value_new_boolean (TRUE));
          sw_value_object_set (object, "outputDetails", details);
        }
      if (execution->error != NULL)
        sw_value_object_set (object, "error", sw_value_new_string (execution->error));
      if (execution->cause != NULL)
        sw_value_object_set (object, "cause", sw_value_new_string (execution->cause));
    }
  sw_value_object_set (object, "redriveCount", sw_value_new_int (execution->redrive_count));
  if (execution->redrive_date > 0)
    sw_value_object_set (object, "redriveDate", sw_value_new_double (execution->redrive_date));
  if (full)
    {
      const char *reason;
      gboolean redrivable = is_redrivable (execution, _sw_service_now (), &reason);

      sw_value_object_set (object, "redriveStatus",
                           sw_value_new_string (redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE"));
      if (!redrivable)
        sw_value_object_set (object, "redriveStatusReason", sw_value_new_string (reason));
    }
  return object;
}

/* An execution of @machine; @text, when given, is the definition to run instead of the
 * machine's current one (a redrive runs the revision its first attempt ran). */
static SwExecution *
prepare_execution (SwService        *self,
                   SwStoredMachine  *machine,
                   const char       *text,
                   const char       *name,
                   SwValue          *input,
                   GError          **error)
{
  g_autoptr(SwValue) definition = NULL;
  g_autoptr(GError) local_error = NULL;
  SwExecution *execution;

  definition = sw_json_parse (text != NULL ? text : machine->definition, -1, NULL, NULL,
                              &local_error);
  if (definition == NULL)
    {
      _sw_service_fail (error, 400, "InvalidDefinition", "Invalid State Machine Definition: "
                        "'INVALID_JSON_DESCRIPTION: %s'", local_error->message);
      return NULL;
    }
  execution = sw_execution_new (definition, input, &local_error);
  if (execution == NULL)
    {
      if (g_error_matches (local_error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INPUT))
        _sw_service_fail (error, 400, "InvalidExecutionInput", "Invalid Execution Input: '%s'",
                          local_error->message);
      else
        _sw_service_fail (error, 400, "InvalidDefinition",
                          "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: %s'",
                          local_error->message);
      return NULL;
    }
  sw_execution_set_name (execution, name);
  sw_execution_set_state_machine_name (execution, machine->name);
  return execution;
}

/* Starts an execution as StartExecution and StartSyncExecution do. */
static SwServiceRun *
start (SwService      *self,
       SwValue        *request,
       gboolean        sync,
       SwValue       **response,
       GError        **error)
{
  g_autoptr(SwStoredMachine) machine = NULL;
  g_autoptr(SwStoredExecution) existing = NULL;
  g_autoptr(SwStoredExecution) stored = NULL;
  g_autoptr(SwValue) input = NULL;
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *input_text = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *test_case = NULL;
  g_autofree char *base_text = NULL;
  const char *machine_arn_text, *name, *input_member, *hash;
  gboolean express;

  *response = NULL;
  if (!get_string (request, "stateMachineArn", TRUE, 256, &machine_arn_text, error) ||
      !get_string (request, "name", FALSE, 0, &name, error) ||
      !get_string (request, "input", FALSE, SW_SERVICE_MAX_INPUT, &input_member, error))
    return NULL;
  if (name != NULL && !check_name (name, error))
    return NULL;
  /* `ARN#TEST_CASE` runs with a test case's mocked responses, as Step Functions Local
   * does. */
  if ((hash = strchr (machine_arn_text, '#')) != NULL)
    {
      test_case = g_strdup (hash + 1);
      machine_arn_text = base_text = g_strndup (machine_arn_text, hash - machine_arn_text);
      if (self->mock_config == NULL)
        {
          _sw_service_fail (error, 400, "ValidationException",
                            "Test case '%s' given but no mock configuration is loaded (start "
                            "the endpoint with --mock-config)", test_case);
          return NULL;
        }
    }
  machine = find_machine (self, machine_arn_text, error);
  if (machine == NULL)
    return NULL;
  express = strcmp (machine->type, "EXPRESS") == 0;
  /* StartExecution starts both types (an EXPRESS one asynchronously); StartSyncExecution
   * is not available for STANDARD workflows. */
  if (sync && !express)
    {
      _sw_service_fail (error, 400, "StateMachineTypeNotSupported",
                        "This operation is only supported by EXPRESS state machines");
      return NULL;
    }
  if (input_member == NULL)
    input_member = "{}";
  input = sw_json_parse (input_member, -1, NULL, NULL, &parse_error);
  if (input == NULL)
    {
      _sw_service_fail (error, 400, "InvalidExecutionInput", "Invalid Execution Input: '%s'",
                        parse_error->message);
      return NULL;
    }
  input_text = sw_json_write (input, SW_JSON_WRITE_COMPACT, NULL);
  if (name == NULL)
    name = generated = g_uuid_string_random ();
  if (express)
    {
      g_autofree char *id = g_uuid_string_random ();

      /* Express executions have ARNs of their own type, which DescribeExecution,
       * GetExecutionHistory and StopExecution do not take. */
      arn = sw_arn_build ("states", self->region, self->account, "express:%s:%s:%s",
                          machine->name, name, id);
    }
  else
    arn = sw_arn_build ("states", self->region, self->account, "execution:%s:%s",
                        machine->name, name);

  existing = _sw_service_store_get_execution (self->store, arn);
  if (existing != NULL)
    {
      /* Idempotent while it runs with the same input, as the service's STANDARD
       * executions are. */
      if (!sync && strcmp (existing->status, "RUNNING") == 0 &&
          strcmp (existing->input, input_text) == 0)
        {
          *response = sw_value_new_object ();
          sw_value_object_set (*response, "executionArn", sw_value_new_string (existing->arn));
          sw_value_object_set (*response, "startDate", sw_value_new_double (existing->start));
          return NULL;
        }
      _sw_service_fail (error, 400, "ExecutionAlreadyExists", "Execution Already Exists: '%s'",
                        arn);
      return NULL;
    }

  execution = prepare_execution (self, machine, NULL, name, input, error);
  if (execution == NULL)
    return NULL;
  if (test_case != NULL)
    {
      g_autoptr(GError) mock_error = NULL;

      if (!sw_execution_set_mock_config (execution, self->mock_config, machine->name, test_case,
                                         &mock_error))
        {
          _sw_service_fail (error, 400, "ValidationException", "%s", mock_error->message);
          return NULL;
        }
    }

  stored = g_new0 (SwStoredExecution, 1);
  stored->arn = g_strdup (arn);
  stored->name = g_strdup (name);
  stored->machine_name = g_strdup (machine->name);
  stored->machine_arn = machine_arn (self, machine->name);
  if (machine->version != 0)
    stored->version_arn = g_strdup (machine->arn);
  stored->type = g_strdup (machine->type);
  stored->status = g_strdup ("RUNNING");
  stored->input = g_strdup (input_member);
  stored->start = _sw_service_now ();
  stored->revision_id = g_strdup (machine->revision_id);
  stored->test_case = g_strdup (test_case);
  if (!_sw_service_store_add_execution (self->store, stored, error))
    return NULL;

  *response = sw_value_new_object ();
  sw_value_object_set (*response, "executionArn", sw_value_new_string (arn));
  sw_value_object_set (*response, "startDate", sw_value_new_double (stored->start));
  return _sw_service_run_start (self, execution, stored->seq, arn, express);
}

static SwValue *
start_execution (SwService      *self,
                 SwValue        *request,
                 SwServiceCall  *call,
                 GError        **error)
{
  SwValue *response = NULL;

  start (self, request, FALSE, &response, error);
  return response;
}

static void
reply_sync (SwServiceRun *run,
            gpointer      user_data)
{
  SwServiceCall *call = user_data;
  g_autoptr(SwStoredExecution) execution = NULL;
  g_autoptr(SwValue) response = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *billing;

  if (run->service == NULL)
    {
      _sw_service_fail (&error, 500, "InternalFailure", "The local endpoint stopped");
      _sw_service_call_reply (call, NULL, error);
      return;
    }
  execution = _sw_service_store_get_execution (run->service->store, run->arn);
  if (execution == NULL)
    {
      _sw_service_fail (&error, 500, "InternalFailure", "The execution was not recorded");
      _sw_service_call_reply (call, NULL, error);
      return;
    }
  response = describe (execution, TRUE);
  sw_value_object_remove (response, "redriveCount");
  sw_value_object_remove (response, "redriveStatus");
  sw_value_object_remove (response, "redriveStatusReason");
  billing = sw_value_new_object ();
  sw_value_object_set (billing, "billedMemoryUsedInMB", sw_value_new_int (64));
  sw_value_object_set (billing, "billedDurationInMilliseconds",
                       sw_value_new_int ((gint64) ((execution->stop - execution->start) * 1000
                                                   + 0.5)));
  sw_value_object_set (response, "billingDetails", billing);
  _sw_service_call_reply (call, response, NULL);
}

static SwValue *
start_sync_execution (SwService      *self,
                      SwValue        *request,
                      SwServiceCall  *call,
                      GError        **error)
{
  g_autoptr(SwValue) response = NULL;
  SwServiceRun *run;

  run = start (self, request, TRUE, &response, error);
  if (run == NULL)
    return NULL;
  _sw_service_run_add_waiter (run, reply_sync, call);
  return NULL;
}

static SwValue *
describe_execution (SwService      *self,
                    SwValue        *request,
                    SwServiceCall  *call,
                    GError        **error)
{
  g_autoptr(SwStoredExecution) execution = NULL;
  const char *arn;

  if (!get_string (request, "executionArn", TRUE, 256, &arn, error))
    return NULL;
  execution = find_execution (self, arn, error);
  if (execution == NULL)
    return NULL;
  return describe (execution, TRUE);
}

static SwValue *
list_executions (SwService      *self,
                 SwValue        *request,
                 SwServiceCall  *call,
                 GError        **error)
{
  g_autoptr(SwStoredMachine) machine = NULL;
  g_autoptr(GPtrArray) executions = NULL;
  g_autofree char *token = NULL;
  g_autofree char *base_arn = NULL;
  const char *arn, *status, *map_run, *redrive_filter;
  SwValue *response, *items;
  gint64 before = 0;
  guint limit;
  int redriven = -1;

  if (!get_string (request, "stateMachineArn", FALSE, 256, &arn, error) ||
      !get_string (request, "statusFilter", FALSE, 0, &status, error) ||
      !get_string (request, "redriveFilter", FALSE, 0, &redrive_filter, error) ||
      !get_string (request, "mapRunArn", FALSE, 0, &map_run, error) ||
      !get_max_results (request, &limit, error) ||
      !parse_token (request, "executions", &token, error))
    return NULL;
  if (arn == NULL && map_run == NULL)
    {
      _sw_service_fail (error, 400, "ValidationException",
                        "Must provide a StateMachine ARN or MapRun ARN");
      return NULL;
    }
  if (map_run != NULL)
    {
      /* The executor runs Map states inline, never as map runs. */
      _sw_service_fail (error, 400, "ResourceNotFound", "Resource not found: '%s'", map_run);
      return NULL;
    }
  if (status != NULL && strcmp (status, "RUNNING") != 0 && strcmp (status, "SUCCEEDED") != 0 &&
      strcmp (status, "FAILED") != 0 && strcmp (status, "TIMED_OUT") != 0 &&
      strcmp (status, "ABORTED") != 0 && strcmp (status, "PENDING_REDRIVE") != 0)
    {
      _sw_service_fail (error, 400, "ValidationException",
                        "1 validation error detected: Value '%s' at 'statusFilter' failed to "
                        "satisfy constraint: Member must satisfy enum value set: [RUNNING, "
                        "SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]", status);
      return NULL;
    }
  if (redrive_filter != NULL)
    {
      if (strcmp (redrive_filter, "REDRIVEN") != 0 && strcmp (redrive_filter, "NOT_REDRIVEN") != 0)
        {
          _sw_service_fail (error, 400, "ValidationException",
                            "1 validation error detected: Value '%s' at 'redriveFilter' failed "
                            "to satisfy constraint: Member must satisfy enum value set: "
                            "[REDRIVEN, NOT_REDRIVEN]", redrive_filter);
          return NULL;
        }
      redriven = strcmp (redrive_filter, "REDRIVEN") == 0;
    }
  machine = find_machine (self, arn, error);
  if (machine == NULL)
    return NULL;
  if (strcmp (machine->type, "EXPRESS") == 0)
    {
      _sw_service_fail (error, 400, "StateMachineTypeNotSupported",
                        "This operation is only supported by STANDARD state machines");
      return NULL;
    }
  if (token != NULL)
    {
      char *end = NULL;

      before = g_ascii_strtoll (token, &end, 10);
      if (end == token || *end != '\0' || before <= 0)
        {
          _sw_service_fail (error, 400, "InvalidToken", "Invalid Token: '%s'", token);
          return NULL;
        }
    }

  base_arn = machine_arn (self, machine->name);
  executions = _sw_service_store_list_executions (self->store, base_arn, status, redriven,
                                                  before, limit + 1);
  response = sw_value_new_object ();
  items = sw_value_new_array ();
  for (guint i = 0; i < MIN (executions->len, limit); i++)
    sw_value_array_append (items, describe (g_ptr_array_index (executions, i), FALSE));
  sw_value_object_set (response, "executions", items);
  if (executions->len > limit)
    {
      SwStoredExecution *last = g_ptr_array_index (executions, limit - 1);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, last->seq);

      sw_value_object_set (response, "nextToken",
                           sw_value_new_string_take (make_token ("executions", seq)));
    }
  return response;
}

static void
drop_execution_data (SwValue *event)
{
  for (guint i = 0; i < sw_value_object_get_size (event); i++)
    {
      SwValue *details = sw_value_object_get_value (event, i);

      if (!sw_value_is_object (details))
        continue;
      sw_value_object_remove (details, "input");
      sw_value_object_remove (details, "output");
      sw_value_object_remove (details, "inputDetails");
      sw_value_object_remove (details, "outputDetails");
    }
}

static SwValue *
get_execution_history (SwService      *self,
                       SwValue        *request,
                       SwServiceCall  *call,
                       GError        **error)
{
  g_autoptr(SwStoredExecution) execution = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *token = NULL;
  const char *arn;
  gboolean reverse, include;
  SwValue *response, *items;
  gint64 from = 0;
  guint limit;

  if (!get_string (request, "executionArn", TRUE, 256, &arn, error) ||
      !get_boolean (request, "reverseOrder", FALSE, &reverse, error) ||
      !get_boolean (request, "includeExecutionData", TRUE, &include, error) ||
      !get_max_results (request, &limit, error) ||
      !parse_token (request, "events", &token, error))
    return NULL;
  execution = find_execution (self, arn, error);
  if (execution == NULL)
    return NULL;
  if (token != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (token, ":", 3);
      char *end = NULL;

      /* The token belongs to this execution and this order. */
      if (g_strv_length (parts) != 3 ||
          g_ascii_strtoll (parts[0], &end, 10) != execution->seq || *end != '\0' ||
          strcmp (parts[1], reverse ? "r" : "f") != 0 ||
          (from = g_ascii_strtoll (parts[2], &end, 10)) <= 0 || *end != '\0')
        {
          _sw_service_fail (error, 400, "InvalidToken", "Invalid Token: '%s'",
                            sw_value_get_string (sw_value_object_get (request, "nextToken")));
          return NULL;
        }
    }

  events = _sw_service_store_list_events (self->store, execution->seq, from, reverse,
                                          limit + 1);
  response = sw_value_new_object ();
  items = sw_value_new_array ();
  for (guint i = 0; i < MIN (events->len, limit); i++)
    {
      SwValue *event = sw_json_parse (g_ptr_array_index (events, i), -1, NULL, NULL, NULL);

      if (event == NULL)
        continue;
      if (!include)
        drop_execution_data (event);
      sw_value_array_append (items, event);
    }
  sw_value_object_set (response, "events", items);
  if (events->len > limit)
    {
      g_autoptr(SwValue) next = sw_json_parse (g_ptr_array_index (events, limit), -1, NULL,
                                               NULL, NULL);
      gint64 id = 0;
      g_autofree char *value = NULL;

      if (next != NULL)
        sw_value_get_int64 (sw_value_object_get (next, "id"), &id);
      value = g_strdup_printf ("%" G_GINT64_FORMAT ":%s:%" G_GINT64_FORMAT, execution->seq,
                               reverse ? "r" : "f", id);
      sw_value_object_set (response, "nextToken",
                           sw_value_new_string_take (make_token ("events", value)));
    }
  return response;
}

static void
reply_stopped (SwServiceRun *run,
               gpointer      user_data)
{
  SwServiceCall *call = user_data;
  g_autoptr(SwStoredExecution) execution = NULL;
  g_autoptr(SwValue) response = sw_value_new_object ();
  g_autoptr(GError) error = NULL;

  if (run->service == NULL)
    {
      _sw_service_fail (&error, 500, "InternalFailure", "The local endpoint stopped");
      _sw_service_call_reply (call, NULL, error);
      return;
    }
  execution = _sw_service_store_get_execution (run->service->store, run->arn);
  sw_value_object_set (response, "stopDate",
                       sw_value_new_double (execution != NULL && execution->stop > 0
                                              ? execution->stop : _sw_service_now ()));
  _sw_service_call_reply (call, response, NULL);
}

static SwValue *
stop_execution (SwService      *self,
                SwValue        *request,
                SwServiceCall  *call,
                GError        **error)
{
  g_autoptr(SwStoredExecution) execution = NULL;
  const char *arn, *stop_error, *cause;
  SwServiceRun *run;
  SwValue *response;

  if (!get_string (request, "executionArn", TRUE, 256, &arn, error) ||
      !get_string (request, "error", FALSE, 256, &stop_error, error) ||
      !get_string (request, "cause", FALSE, 32768, &cause, error))
    return NULL;
  execution = find_execution (self, arn, error);
  if (execution == NULL)
    return NULL;
  if (strcmp (execution->type, "EXPRESS") == 0)
    {
      _sw_service_fail (error, 400, "StateMachineTypeNotSupported",
                        "This operation is only supported by STANDARD state machines");
      return NULL;
    }

  run = g_hash_table_lookup (self->runs, arn);
  if (run != NULL)
    {
      /* Answer once the abort is recorded, so a describe right after sees it. */
      _sw_service_run_add_waiter (run, reply_stopped, call);
      sw_execution_stop (run->execution, stop_error, cause);
      return NULL;
    }
  /* Already ended: the service answers with when it stopped. */
  response = sw_value_new_object ();
  sw_value_object_set (response, "stopDate",
                       sw_value_new_double (execution->stop > 0 ? execution->stop
                                                                : _sw_service_now ()));
  return response;
}

/* The stored history of an execution, as executor events. */
static GPtrArray *
load_history (SwService *self,
              gint64     seq)
{
  g_autoptr(GPtrArray) texts = _sw_service_store_list_events (self->store, seq, 0, FALSE,
                                                              G_MAXUINT);
  GPtrArray *history = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_history_event_unref);

  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(SwValue) value = sw_json_parse (g_ptr_array_index (texts, i), -1, NULL, NULL,
                                                NULL);
      SwHistoryEvent *event = value != NULL ? sw_history_event_new_from_value (value) : NULL;

      if (event != NULL)
        g_ptr_array_add (history, event);
    }
  return history;
}

static SwValue *
redrive_execution (SwService      *self,
                   SwValue        *request,
                   SwServiceCall  *call,
                   GError        **error)
{
  g_autoptr(SwStoredExecution) execution = NULL;
  g_autoptr(SwStoredMachine) machine = NULL;
  g_autoptr(SwExecution) run = NULL;
  g_autoptr(SwValue) input = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *definition = NULL;
  const char *execution_arn, *token, *reason;
  SwValue *response;
  double now = _sw_service_now ();

  if (!get_string (request, "executionArn", TRUE, 256, &execution_arn, error) ||
      !get_string (request, "clientToken", FALSE, 64, &token, error))
    return NULL;
  execution = find_execution (self, execution_arn, error);
  if (execution == NULL)
    return NULL;
  if (strcmp (execution->type, "EXPRESS") == 0)
    {
      _sw_service_fail (error, 400, "ExecutionNotRedrivable",
                        "This operation is not supported by EXPRESS state machines: '%s'",
                        execution_arn);
      return NULL;
    }
  if (!is_redrivable (execution, now, &reason))
    {
      _sw_service_fail (error, 400, "ExecutionNotRedrivable", "%s: '%s'", reason,
                        execution_arn);
      return NULL;
    }
  arn = machine_arn (self, execution->machine_name);
  machine = find_machine (self, execution->version_arn != NULL ? execution->version_arn : arn,
                          NULL);
  if (machine == NULL)
    {
      _sw_service_fail (error, 400, "ExecutionNotRedrivable",
                        "State machine is in DELETING status: '%s'", execution_arn);
      return NULL;
    }
  /* A redrive runs the definition its first attempt ran, even if the machine changed. */
  if (execution->revision_id != NULL)
    definition = _sw_service_store_get_revision (self->store, machine->name,
                                                 execution->revision_id);
  input = sw_json_parse (execution->input, -1, NULL, NULL, NULL);
  run = prepare_execution (self, machine, definition, execution->name, input, error);
  if (run == NULL)
    return NULL;
  if (execution->test_case != NULL && self->mock_config != NULL &&
      !sw_execution_set_mock_config (run, self->mock_config, machine->name,
                                     execution->test_case, &local_error))
    {
      _sw_service_fail (error, 400, "ExecutionNotRedrivable", "%s", local_error->message);
      return NULL;
    }
  history = load_history (self, execution->seq);
  if (!sw_execution_set_redrive (run, history, &local_error))
    {
      _sw_service_fail (error, 400, "ExecutionNotRedrivable", "%s: '%s'",
                        local_error->message, execution_arn);
      return NULL;
    }

  /* The executor emits ExecutionRedriven and numbers its events after the earlier ones. */
  if (!_sw_service_store_redrive (self->store, execution->seq, now))
    {
      _sw_service_fail (error, 500, "InternalFailure", "The redrive could not be recorded");
      return NULL;
    }
  _sw_service_run_start (self, run, execution->seq, execution->arn, FALSE);

  response = sw_value_new_object ();
  sw_value_object_set (response, "redriveDate", sw_value_new_double (now));
  return response;
}

/* TestState: the state alone in a machine, its successors stubbed by Succeed states. */

typedef struct
{
  SwService *service;
  SwServiceCall *call;
  char *state_name;
  gboolean inspect;          /* DEBUG or TRACE: the response has inspectionData */
  char *trace_arn;           /* TRACE: the execution whose HTTP exchange to show */
  gboolean reveal_secrets;
  SwValue *request;          /* what test.options point into */
  SwValue *state;            /* the state under test, as the request defined it */
  char *self_stub;           /* the stub standing for the state under test as its own target */
  SwServiceTestState options;
} TestRun;

static void
add_stub (SwValue    *states,
          const char *name)
{
  SwValue *stub = sw_value_new_object ();

  sw_value_object_set (stub, "Type", sw_value_new_string ("Succeed"));
  sw_value_object_set (states, name, stub);
}

/* Stubs the target @key of @holder; with @self, only a target that is @self (the state under
 * test going to itself), which then goes to a stub of another name (@self_stub), so that the
 * run stops there as at any other next state instead of looping. */
static void
stub_target (SwValue     *states,
             SwValue     *holder,
             const char  *key,
             const char  *self,
             char       **self_stub)
{
  SwValue *target = holder != NULL && sw_value_is_object (holder)
                      ? sw_value_object_get (holder, key) : NULL;

  if (target == NULL || !sw_value_is_string (target))
    return;
  if (self == NULL)
    {
      if (!sw_value_object_has (states, sw_value_get_string (target)))
        add_stub (states, sw_value_get_string (target));
      return;
    }
  if (strcmp (sw_value_get_string (target), self) != 0)
    return;
  for (guint n = 1; *self_stub == NULL; n++)
    {
      g_autofree char *name = g_strdup_printf ("Next%u", n);

      if (!sw_value_object_has (states, name))
        {
          add_stub (states, name);
          *self_stub = g_steal_pointer (&name);
        }
    }
  sw_value_object_set (holder, key, sw_value_new_string (*self_stub));
}

/* The targets of @run (its Next, Default, and its Choices' and Catchers' Next) stubbed by
 * Succeed states, or with @self, its targets that are @self. */
static void
stub_targets (SwValue     *states,
              SwValue     *run,
              const char  *self,
              char       **self_stub)
{
  const char *lists[] = { "Choices", "Catch" };

  stub_target (states, run, "Next", self, self_stub);
  stub_target (states, run, "Default", self, self_stub);
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    {
      SwValue *list = sw_value_object_get (run, lists[k]);

      for (guint i = 0; list != NULL && sw_value_is_array (list) &&
                        i < sw_value_array_get_length (list); i++)
        stub_target (states, sw_value_array_get (list, i), "Next", self, self_stub);
    }
}

static void
set_string (SwValue    *object,
            const char *key,
            const char *value)
{
  if (value != NULL)
    sw_value_object_set (object, key, sw_value_new_string (value));
}

static void
on_test_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  TestRun *test = data;
  SwExecution *execution = SW_EXECUTION (source);
  g_autoptr(SwValue) response = sw_value_new_object ();
  GPtrArray *history = sw_execution_get_history (execution);
  SwExecutionStatus status = sw_execution_run_finish (execution, result, NULL);
  SwValue *inspection = sw_execution_get_inspection (execution);
  SwValue *handled = inspection != NULL ? sw_value_object_get (inspection, "errorDetails") : NULL;
  const char *next = NULL;
  const char *caught_error = NULL;
  const char *caught_cause = NULL;

  for (guint i = 0; i < history->len && next == NULL; i++)
    {
      SwHistoryEvent *event = g_ptr_array_index (history, i);
      const char *type = sw_history_event_get_type_name (event);
      const char *state = sw_history_event_get_state_name (event);
      SwValue *details = sw_history_event_get_details (event);
      SwValue *value;

      if (g_str_has_suffix (type, "StateEntered") && state != NULL &&
          strcmp (state, test->state_name) != 0)
        next = state;
      /* The error a Catch handled: the last one the tested state met. */
      else if (details != NULL && (value = sw_value_object_get (details, "error")) != NULL &&
               sw_value_is_string (value))
        {
          caught_error = sw_value_get_string (value);
          value = sw_value_object_get (details, "cause");
          caught_cause = value != NULL && sw_value_is_string (value) ? sw_value_get_string (value)
                                                                      : NULL;
        }
    }

  if (next != NULL && g_strcmp0 (next, test->self_stub) == 0)
    next = test->state_name;
  if (handled != NULL && sw_value_object_has (handled, "retryIndex"))
    {
      /* A Retrier would run the state again: TestState stops there. */
      set_string (response, "error", sw_execution_get_error (execution));
      set_string (response, "cause", sw_execution_get_cause (execution));
      sw_value_object_set (response, "status", sw_value_new_string ("RETRIABLE"));
    }
  else if (status == SW_EXECUTION_STATUS_SUCCEEDED)
    {
      SwValue *output = sw_execution_get_output (execution);
      gboolean caught = handled != NULL && sw_value_object_has (handled, "catchIndex");

      if (output != NULL)
        sw_value_object_set (response, "output",
                             sw_value_new_string_take (sw_json_write (output,
                                                                      SW_JSON_WRITE_COMPACT,
                                                                      NULL)));
      if (caught)
        {
          set_string (response, "error", caught_error);
          set_string (response, "cause", caught_cause);
        }
      set_string (response, "nextState", next);
      sw_value_object_set (response, "status",
                           sw_value_new_string (caught ? "CAUGHT_ERROR" : "SUCCEEDED"));
    }
  else
    {
      set_string (response, "error", sw_execution_get_error (execution));
      set_string (response, "cause", sw_execution_get_cause (execution));
      sw_value_object_set (response, "status", sw_value_new_string ("FAILED"));
    }
  if (test->inspect && inspection != NULL)
    sw_value_object_set (response, "inspectionData", sw_value_ref (inspection));
  if (test->trace_arn != NULL)
    {
      /* TRACE: an HTTP Task's request and response join the inspection data. */
      g_autoptr(SwValue) trace = sw_http_task_trace_end (test->service->http, test->trace_arn,
                                                         test->reveal_secrets);

      for (guint i = 0; trace != NULL && i < sw_value_object_get_size (trace); i++)
        {
          SwValue *details = sw_value_object_get (response, "inspectionData");

          if (details == NULL)
            {
              details = sw_value_new_object ();
              sw_value_object_set (response, "inspectionData", details);
            }
          else if (details == inspection)
            {
              details = sw_value_copy (inspection);
              sw_value_object_set (response, "inspectionData", details);
            }
          sw_value_object_set (details, sw_value_object_get_key (trace, i),
                               sw_value_ref (sw_value_object_get_value (trace, i)));
        }
      g_free (test->trace_arn);
    }

  _sw_service_test_state_finish (&test->options, test->state, response);

  g_ptr_array_remove (test->service->tests, test);
  _sw_service_call_reply (test->call, response, NULL);
  g_object_unref (test->service);
  g_free (test->state_name);
  g_free (test->self_stub);
  _sw_service_test_state_clear (&test->options);
  sw_value_unref (test->state);
  sw_value_unref (test->request);
  g_free (test);
}

/* With stateName, the definition is a whole machine: the state is taken out of its top
 * level, with the machine's QueryLanguage. */
static SwValue *
test_state_definition (const char  *text,
                       const char  *state_name,
                       GError     **error)
{
  g_autoptr(SwValue) parsed = sw_json_parse (text, -1, NULL, NULL, NULL);
  SwValue *states, *state, *language, *type;

  if (parsed != NULL && state_name != NULL && sw_value_is_object (parsed))
    {
      states = sw_value_object_get (parsed, "States");
      state = states != NULL && sw_value_is_object (states)
                ? sw_value_object_get (states, state_name) : NULL;
      if (state == NULL || !sw_value_is_object (state))
        {
          _sw_service_fail (error, 400, "ValidationException",
                            "State '%s' is not a top-level state of the definition",
                            state_name);
          return NULL;
        }
      language = sw_value_object_get (parsed, "QueryLanguage");
      state = sw_value_copy (state);
      if (language != NULL && !sw_value_object_has (state, "QueryLanguage"))
        sw_value_object_set (state, "QueryLanguage", sw_value_ref (language));
      g_clear_pointer (&parsed, sw_value_unref);
      parsed = state;
    }
  if (parsed == NULL || !sw_value_is_object (parsed) ||
      (type = sw_value_object_get (parsed, "Type")) == NULL || !sw_value_is_string (type))
    {
      _sw_service_fail (error, 400, "InvalidDefinition",
                        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The "
                        "definition must be a state object with a Type'");
      return NULL;
    }
  return g_steal_pointer (&parsed);
}

static SwValue *
test_state (SwService      *self,
            SwValue        *request,
            SwServiceCall  *call,
            GError        **error)
{
  g_autoptr(SwValue) state = NULL;
  g_autoptr(SwValue) run = NULL;
  g_autoptr(SwValue) mock = NULL;
  g_autoptr(SwMockConfig) mock_config = NULL;
  g_auto(SwServiceTestState) options = { 0, };
  g_autoptr(SwValue) machine = NULL;
  g_autoptr(SwValue) input = NULL;
  g_autoptr(SwValue) variables = NULL;
  g_autoptr(SwExecution) execution = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text, *role_arn, *input_text, *level, *variables_text, *state_name;
  g_autofree char *self_stub = NULL;
  SwValue *states;
  gboolean reveal_secrets;
  TestRun *test;

  if (!get_string (request, "definition", TRUE, SW_SERVICE_MAX_DEFINITION, &text, error) ||
      !get_string (request, "roleArn", FALSE, 256, &role_arn, error) ||
      !get_string (request, "input", FALSE, SW_SERVICE_MAX_INPUT, &input_text, error) ||
      !get_string (request, "inspectionLevel", FALSE, 0, &level, error) ||
      !get_string (request, "variables", FALSE, SW_SERVICE_MAX_INPUT, &variables_text, error) ||
      !get_string (request, "stateName", FALSE, 80, &state_name, error) ||
      !get_boolean (request, "revealSecrets", FALSE, &reveal_secrets, error))
    return NULL;
  if (level == NULL)
    level = "INFO";
  if (strcmp (level, "INFO") != 0 && strcmp (level, "DEBUG") != 0 &&
      strcmp (level, "TRACE") != 0)
    {
      _sw_service_fail (error, 400, "ValidationException",
                        "1 validation error detected: Value '%s' at 'inspectionLevel' failed "
                        "to satisfy constraint: Member must satisfy enum value set: [INFO, "
                        "DEBUG, TRACE]", level);
      return NULL;
    }
  if (!_sw_service_test_state_parse (&options, request, error))
    return NULL;
  state = test_state_definition (text, state_name, error);
  if (state == NULL || !_sw_service_test_state_check (&options, state, reveal_secrets, error))
    return NULL;
  input = sw_json_parse (input_text != NULL ? input_text : "{}", -1, NULL, NULL, &local_error);
  if (input == NULL)
    {
      _sw_service_fail (error, 400, "InvalidExecutionInput", "Invalid Execution Input: '%s'",
                        local_error->message);
      return NULL;
    }
  if (variables_text != NULL)
    {
      variables = sw_json_parse (variables_text, -1, NULL, NULL, NULL);
      if (variables == NULL || !sw_value_is_object (variables))
        {
          _sw_service_fail (error, 400, "ValidationException",
                            "The variables must be a JSON object");
          return NULL;
        }
    }

  /* The state alone in a machine, its successors stubbed by Succeed states; it keeps its
   * name, which JSONata's $states and error messages show. */
  if (state_name == NULL)
    state_name = "TestState";
  /* A mock stands for what the state calls: a mocked Map or Parallel runs as a Task. */
  run = _sw_service_test_state_apply (&options, state, state_name, &mock);
  if (mock != NULL &&
      (mock_config = sw_mock_config_new_from_value (mock, &local_error)) == NULL)
    {
      _sw_service_fail (error, 500, "InternalFailure", "%s", local_error->message);
      return NULL;
    }
  machine = sw_value_new_object ();
  states = sw_value_new_object ();
  sw_value_object_set (machine, "StartAt", sw_value_new_string (state_name));
  sw_value_object_set (states, state_name, sw_value_ref (run));
  sw_value_object_set (machine, "States", states);
  stub_targets (states, run, NULL, NULL);
  stub_targets (states, run, state_name, &self_stub);

  execution = sw_execution_new (machine, input, &local_error);
  if (execution == NULL)
    {
      _sw_service_fail (error, 400, "InvalidDefinition",
                        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: %s'",
                        local_error->message);
      return NULL;
    }
  sw_execution_set_state_machine_name (execution, SW_SERVICE_TEST_MACHINE);
  if (mock_config != NULL &&
      !sw_execution_set_mock_config (execution, mock_config, SW_SERVICE_TEST_MACHINE,
                                     SW_SERVICE_TEST_CASE, &local_error))
    {
      _sw_service_fail (error, 500, "InternalFailure", "%s", local_error->message);
      return NULL;
    }
  if (options.context != NULL)
    sw_execution_set_test_context (execution, options.context);
  sw_execution_set_wait_scale (execution, self->wait_scale);
  sw_execution_set_task_registry (execution, self->registry);
  sw_execution_set_region (execution, self->region);
  sw_execution_set_account (execution, self->account);
  if (self->local_root != NULL)
    sw_execution_set_local_root (execution, self->local_root);
  if (variables != NULL)
    sw_execution_set_variables (execution, variables);
  /* Always: a matching Retrier ends the test (RETRIABLE) whatever the level. */
  sw_execution_set_inspect (execution, TRUE);

  test = g_new0 (TestRun, 1);
  test->service = g_object_ref (self);
  test->call = call;
  test->state_name = g_strdup (state_name);
  test->inspect = strcmp (level, "INFO") != 0;
  test->request = sw_value_ref (request);
  test->state = g_steal_pointer (&state);
  test->self_stub = g_steal_pointer (&self_stub);
  test->options = options;
  memset (&options, 0, sizeof options);
  if (strcmp (level, "TRACE") == 0)
    {
      test->trace_arn = sw_execution_dup_arn (execution);
      test->reveal_secrets = reveal_secrets;
      sw_http_task_trace_begin (self->http, test->trace_arn);
    }
  g_ptr_array_add (self->tests, test);
  sw_execution_run_async (execution, NULL, on_test_finished, test);
  return NULL;
}

/* Task callbacks */

static SwValue *
send_task (SwService      *self,
           SwValue        *request,
           SwServiceCall  *call,
           int             kind,
           GError        **error)
{
  GHashTableIter iter;
  gpointer value;
  const char *token, *output = NULL, *task_error = NULL, *cause = NULL;
  g_autoptr(SwValue) parsed = NULL;

  if (!get_string (request, "taskToken", TRUE, 2048, &token, error))
    return NULL;
  if (kind == 0)
    {
      if (!get_string (request, "output", TRUE, SW_SERVICE_MAX_INPUT, &output, error))
        return NULL;
      parsed = sw_json_parse (output, -1, NULL, NULL, NULL);
      if (parsed == NULL)
        {
          _sw_service_fail (error, 400, "InvalidOutput", "Invalid Output: '%s'", output);
          return NULL;
        }
    }
  else if (kind == 1)
    {
      if (!get_string (request, "error", FALSE, 256, &task_error, error) ||
          !get_string (request, "cause", FALSE, 32768, &cause, error))
        return NULL;
    }

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SwServiceRun *run = value;
      gboolean done;

      if (kind == 0)
        done = sw_execution_send_task_success (run->execution, token, parsed, NULL);
      else if (kind == 1)
        done = sw_execution_send_task_failure (run->execution, token,
                                               task_error != NULL ? task_error : "", cause,
                                               NULL);
      else
        done = sw_execution_send_task_heartbeat (run->execution, token, NULL);
      if (done)
        return sw_value_new_object ();
    }
  _sw_service_fail (error, 400, "TaskDoesNotExist", "Task Does Not Exist: '%s'", token);
  return NULL;
}

static SwValue *
send_task_success (SwService *self, SwValue *request, SwServiceCall *call, GError **error)
{
  return send_task (self, request, call, 0, error);
}

static SwValue *
send_task_failure (SwService *self, SwValue *request, SwServiceCall *call, GError **error)
{
  return send_task (self, request, call, 1, error);
}

static SwValue *
send_task_heartbeat (SwService *self, SwValue *request, SwServiceCall *call, GError **error)
{
  return send_task (self, request, call, 2, error);
}

static const struct
{
  const char *name;
  OperationFunc func;
} operations[] = {
  { "CreateStateMachine", create_state_machine },
  { "UpdateStateMachine", update_state_machine },
  { "DescribeStateMachine", describe_state_machine },
  { "ListStateMachines", list_state_machines },
  { "DeleteStateMachine", delete_state_machine },
  { "ValidateStateMachineDefinition", validate_definition },
  { "StartExecution", start_execution },
  { "StartSyncExecution", start_sync_execution },
  { "DescribeExecution", describe_execution },
  { "ListExecutions", list_executions },
  { "GetExecutionHistory", get_execution_history },
  { "StopExecution", stop_execution },
  { "RedriveExecution", redrive_execution },
  { "TestState", test_state },
  { "SendTaskSuccess", send_task_success },
  { "SendTaskFailure", send_task_failure },
  { "SendTaskHeartbeat", send_task_heartbeat },
};

/**
 * _sw_service_sfn_call:
 * @operation: the operation, as `X-Amz-Target` names it after `AWSStepFunctions.`
 *
 * Returns: (transfer full) (nullable): the response; %NULL with @error set on failure,
 *   %NULL without when @call will be answered later
 */
SwValue *
_sw_service_sfn_call (SwService      *self,
                      const char     *operation,
                      SwValue        *request,
                      SwServiceCall  *call,
                      GError        **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (strcmp (operations[i].name, operation) == 0)
      return operations[i].func (self, request, call, error);
  _sw_service_fail (error, 400, "UnknownOperationException", NULL);
  return NULL;
}
