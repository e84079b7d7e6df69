/* sw-validator-states.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Pass 1 of the validator: the field tables, state machines (the root, Parallel branches,
 * Map processors), their states and each state type's own rules. It records every States
 * block as a scope with its states and transitions for pass 2 in sw-validator.c. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-validator-private.h"

#define MAX_STATE_NAME_LENGTH 80
#define MAX_LABEL_LENGTH 40

/* Field tables */

#define ALL SW_STATE_ALL
#define PASS SW_STATE_PASS
#define TASK SW_STATE_TASK
#define CHOICE SW_STATE_CHOICE
#define WAIT SW_STATE_WAIT
#define SUCCEED SW_STATE_SUCCEED
#define FAIL SW_STATE_FAIL
#define PARALLEL SW_STATE_PARALLEL
#define MAP SW_STATE_MAP
#define NEXT_OR_END (PASS | TASK | WAIT | PARALLEL | MAP)
#define JP SW_QL_JSONPATH
#define JA SW_QL_JSONATA
#define BOTH SW_QL_BOTH
#define MAX_SECONDS 99999999.0

static const char * const query_language_values[] = { "JSONPath", "JSONata", NULL };
static const char * const jitter_values[] = { "FULL", "NONE", NULL };
static const char * const mode_values[] = { "INLINE", "DISTRIBUTED", NULL };
static const char * const execution_type_values[] = { "STANDARD", "EXPRESS", NULL };

static const SwFieldSpec machine_fields[] = {
  { "Comment", 0, BOTH, SW_FIELD_STRING },
  { "StartAt", 0, BOTH, SW_FIELD_CUSTOM },
  { "States", 0, BOTH, SW_FIELD_CUSTOM },
  { "Version", 0, BOTH, SW_FIELD_STRING },
  { "TimeoutSeconds", 0, BOTH, SW_FIELD_INTEGER, 0, 1, MAX_SECONDS },
  { "QueryLanguage", 0, BOTH, SW_FIELD_ENUM, 0, 0, 0, query_language_values },
};

static const SwFieldSpec branch_fields[] = {
  { "Comment", 0, BOTH, SW_FIELD_STRING },
  { "StartAt", 0, BOTH, SW_FIELD_CUSTOM },
  { "States", 0, BOTH, SW_FIELD_CUSTOM },
};

static const SwFieldSpec processor_fields[] = {
  { "Comment", 0, BOTH, SW_FIELD_STRING },
  { "StartAt", 0, BOTH, SW_FIELD_CUSTOM },
  { "States", 0, BOTH, SW_FIELD_CUSTOM },
  { "ProcessorConfig", 0, BOTH, SW_FIELD_CUSTOM },
};

static const SwFieldSpec processor_config_fields[] = {
  { "Mode", 0, BOTH, SW_FIELD_ENUM, 0, 0, 0, mode_values },
  { "ExecutionType", 0, BOTH, SW_FIELD_ENUM, 0, 0, 0, execution_type_values },
};

static const SwFieldSpec state_fields[] = {
  { "Type", ALL, BOTH, SW_FIELD_CUSTOM },
  { "Comment", ALL, BOTH, SW_FIELD_STRING },
  { "QueryLanguage", ALL, BOTH, SW_FIELD_CUSTOM },
  { "Next", NEXT_OR_END, BOTH, SW_FIELD_CUSTOM },
  { "End", NEXT_OR_END, BOTH, SW_FIELD_BOOLEAN },
  { "InputPath", ALL & ~FAIL, JP, SW_FIELD_PATH, SW_FIELD_FLAG_NULLABLE },
  { "OutputPath", ALL & ~FAIL, JP, SW_FIELD_PATH, SW_FIELD_FLAG_NULLABLE },
  { "Parameters", PASS | TASK | PARALLEL | MAP, JP, SW_FIELD_TEMPLATE },
  { "ResultSelector", TASK | PARALLEL | MAP, JP, SW_FIELD_TEMPLATE },
  { "ResultPath", PASS | TASK | PARALLEL | MAP, JP, SW_FIELD_REFERENCE_PATH,
    SW_FIELD_FLAG_NULLABLE | SW_FIELD_FLAG_NO_CONTEXT },
  { "Result", PASS, JP, SW_FIELD_ANY },
  { "Arguments", TASK | PARALLEL, JA, SW_FIELD_TEMPLATE },
  { "Output", ALL & ~FAIL, JA, SW_FIELD_TEMPLATE },
  { "Assign", ALL & ~(SUCCEED | FAIL), BOTH, SW_FIELD_ASSIGN },
  { "Retry", TASK | PARALLEL | MAP, BOTH, SW_FIELD_CUSTOM },
  { "Catch", TASK | PARALLEL | MAP, BOTH, SW_FIELD_CUSTOM },
  { "Resource", TASK, BOTH, SW_FIELD_CUSTOM },
  { "TimeoutSeconds", TASK, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION, 1, MAX_SECONDS },
  { "TimeoutSecondsPath", TASK, JP, SW_FIELD_REFERENCE_PATH },
  { "HeartbeatSeconds", TASK, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION,
    1, MAX_SECONDS },
  { "HeartbeatSecondsPath", TASK, JP, SW_FIELD_REFERENCE_PATH },
  { "Credentials", TASK, BOTH, SW_FIELD_CUSTOM },
  { "Choices", CHOICE, BOTH, SW_FIELD_CUSTOM },
  { "Default", CHOICE, BOTH, SW_FIELD_CUSTOM },
  { "Seconds", WAIT, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION, 0, MAX_SECONDS },
  { "SecondsPath", WAIT, JP, SW_FIELD_REFERENCE_PATH },
  { "Timestamp", WAIT, BOTH, SW_FIELD_TIMESTAMP, SW_FIELD_FLAG_EXPRESSION },
  { "TimestampPath", WAIT, JP, SW_FIELD_REFERENCE_PATH },
  { "Error", FAIL, BOTH, SW_FIELD_STRING, SW_FIELD_FLAG_EXPRESSION },
  { "ErrorPath", FAIL, JP, SW_FIELD_PATH_OR_INTRINSIC },
  { "Cause", FAIL, BOTH, SW_FIELD_STRING, SW_FIELD_FLAG_EXPRESSION },
  { "CausePath", FAIL, JP, SW_FIELD_PATH_OR_INTRINSIC },
  { "Branches", PARALLEL, BOTH, SW_FIELD_CUSTOM },
  { "ItemProcessor", MAP, BOTH, SW_FIELD_CUSTOM },
  { "Iterator", MAP, BOTH, SW_FIELD_CUSTOM, SW_FIELD_FLAG_DEPRECATED },
  { "ItemsPath", MAP, JP, SW_FIELD_REFERENCE_PATH },
  { "Items", MAP, JA, SW_FIELD_ITEMS },
  { "ItemSelector", MAP, BOTH, SW_FIELD_TEMPLATE },
  { "MaxConcurrency", MAP, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION, 0, INFINITY },
  { "MaxConcurrencyPath", MAP, JP, SW_FIELD_REFERENCE_PATH },
  { "ItemReader", MAP, BOTH, SW_FIELD_CUSTOM },
  { "ItemBatcher", MAP, BOTH, SW_FIELD_CUSTOM },
  { "ResultWriter", MAP, BOTH, SW_FIELD_CUSTOM },
  { "ToleratedFailureCount", MAP, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION,
    0, INFINITY },
  { "ToleratedFailureCountPath", MAP, JP, SW_FIELD_REFERENCE_PATH },
  { "ToleratedFailurePercentage", MAP, BOTH, SW_FIELD_NUMBER, SW_FIELD_FLAG_EXPRESSION,
    0, 100 },
  { "ToleratedFailurePercentagePath", MAP, JP, SW_FIELD_REFERENCE_PATH },
  { "Label", MAP, BOTH, SW_FIELD_CUSTOM },
};

static const SwFieldSpec retrier_fields[] = {
  { "ErrorEquals", 0, BOTH, SW_FIELD_CUSTOM },
  { "IntervalSeconds", 0, BOTH, SW_FIELD_INTEGER, 0, 1, MAX_SECONDS },
  { "MaxAttempts", 0, BOTH, SW_FIELD_INTEGER, 0, 0, MAX_SECONDS },
  { "BackoffRate", 0, BOTH, SW_FIELD_NUMBER, 0, 1, INFINITY },
  { "MaxDelaySeconds", 0, BOTH, SW_FIELD_INTEGER, 0, 1, 31622400 },
  { "JitterStrategy", 0, BOTH, SW_FIELD_ENUM, 0, 0, 0, jitter_values },
  { "Comment", 0, BOTH, SW_FIELD_STRING },
};

static const SwFieldSpec catcher_fields[] = {
  { "ErrorEquals", 0, BOTH, SW_FIELD_CUSTOM },
  { "Next", 0, BOTH, SW_FIELD_CUSTOM },
  { "ResultPath", 0, JP, SW_FIELD_REFERENCE_PATH,
    SW_FIELD_FLAG_NULLABLE | SW_FIELD_FLAG_NO_CONTEXT },
  { "Output", 0, JA, SW_FIELD_TEMPLATE },
  { "Assign", 0, BOTH, SW_FIELD_ASSIGN },
  { "Comment", 0, BOTH, SW_FIELD_STRING },
};

static const SwFieldSpec item_reader_fields[] = {
  { "Resource", 0, BOTH, SW_FIELD_CUSTOM },
  { "Parameters", 0, JP, SW_FIELD_TEMPLATE },
  { "Arguments", 0, JA, SW_FIELD_TEMPLATE },
  { "ReaderConfig", 0, BOTH, SW_FIELD_CUSTOM },
};

/* Open: the service keeps adding reader options, so unknown ones are not reported. */
static const SwFieldSpec reader_config_fields[] = {
  { "MaxItems", 0, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION, 0, INFINITY },
  { "MaxItemsPath", 0, JP, SW_FIELD_REFERENCE_PATH },
};

static const SwFieldSpec item_batcher_fields[] = {
  { "MaxItemsPerBatch", 0, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION, 1, INFINITY },
  { "MaxItemsPerBatchPath", 0, JP, SW_FIELD_REFERENCE_PATH },
  { "MaxInputBytesPerBatch", 0, BOTH, SW_FIELD_INTEGER, SW_FIELD_FLAG_EXPRESSION,
    1, 262144 },
  { "MaxInputBytesPerBatchPath", 0, JP, SW_FIELD_REFERENCE_PATH },
  { "BatchInput", 0, BOTH, SW_FIELD_TEMPLATE },
};

static const SwFieldSpec result_writer_fields[] = {
  { "Resource", 0, BOTH, SW_FIELD_CUSTOM },
  { "Parameters", 0, JP, SW_FIELD_TEMPLATE },
  { "Arguments", 0, JA, SW_FIELD_TEMPLATE },
  { "WriterConfig", 0, BOTH, SW_FIELD_OBJECT },
};

static const struct
{
  const SwFieldSpec *specs;
  guint n_specs;
} field_tables[] = {
  { machine_fields, G_N_ELEMENTS (machine_fields) },
  { processor_fields, G_N_ELEMENTS (processor_fields) },
  { processor_config_fields, G_N_ELEMENTS (processor_config_fields) },
  { state_fields, G_N_ELEMENTS (state_fields) },
  { retrier_fields, G_N_ELEMENTS (retrier_fields) },
  { catcher_fields, G_N_ELEMENTS (catcher_fields) },
  { item_reader_fields, G_N_ELEMENTS (item_reader_fields) },
  { reader_config_fields, G_N_ELEMENTS (reader_config_fields) },
  { item_batcher_fields, G_N_ELEMENTS (item_batcher_fields) },
  { result_writer_fields, G_N_ELEMENTS (result_writer_fields) },
};

static const struct
{
  const char *name;
  SwStateMask mask;
} state_types[] = {
  { "Pass", PASS },
  { "Task", TASK },
  { "Choice", CHOICE },
  { "Wait", WAIT },
  { "Succeed", SUCCEED },
  { "Fail", FAIL },
  { "Parallel", PARALLEL },
  { "Map", MAP },
};

/* Error names the service defines (appendix A of the specification and the developer guide). */
static const char * const known_errors[] = {
  "States.ALL",
  "States.BranchFailed",
  "States.DataLimitExceeded",
  "States.ExceedToleratedFailureThreshold",
  "States.HeartbeatTimeout",
  "States.Http.Socket",
  "States.IntrinsicFailure",
  "States.ItemReaderFailed",
  "States.NoChoiceMatched",
  "States.ParameterPathFailure",
  "States.Permissions",
  "States.QueryEvaluationError",
  "States.ResultPathMatchFailure",
  "States.ResultWriterFailed",
  "States.Runtime",
  "States.TaskFailed",
  "States.Timeout",
};

gboolean
_sw_validator_is_known_field (const char *name)
{
  for (guint t = 0; t < G_N_ELEMENTS (field_tables); t++)
    for (guint i = 0; i < field_tables[t].n_specs; i++)
      if (strcmp (field_tables[t].specs[i].name, name) == 0)
        return TRUE;

  return _sw_validator_is_choice_field (name) || strcmp (name, "RoleArn") == 0;
}

/* Untranslated: reports translate it, so that valid states cost no lookup. */
static const char *
state_type_what (SwStateMask type)
{
  switch (type)
    {
    case SW_STATE_PASS:
      return N_("a Pass state");
    case SW_STATE_TASK:
      return N_("a Task state");
    case SW_STATE_CHOICE:
      return N_("a Choice state");
    case SW_STATE_WAIT:
      return N_("a Wait state");
    case SW_STATE_SUCCEED:
      return N_("a Succeed state");
    case SW_STATE_FAIL:
      return N_("a Fail state");
    case SW_STATE_PARALLEL:
      return N_("a Parallel state");
    case SW_STATE_MAP:
      return N_("a Map state");
    case SW_STATE_ALL:
    default:
      return N_("a state");
    }
}

/* Scopes, states and transitions */

static void
transition_free (gpointer data)
{
  SwTransition *transition = data;

  g_free (transition->text);
  g_free (transition);
}

void
_sw_scope_free (gpointer data)
{
  SwScope *scope = data;

  g_free (scope->pointer_text);
  g_ptr_array_unref (scope->states);
  g_free (scope->entries);
  g_free (scope->successors);
  g_hash_table_unref (scope->by_name);
  g_ptr_array_unref (scope->transitions);
  g_free (scope);
}

/* Makes @pointer outlive the stack it was built on: the steps below its last stored
 * ancestor are copied into @steps, which lives as long as the validator, or when there are
 * more of them, the pointer is written out into @text. */
static const SwPointer *
keep_pointer (const SwPointer  *pointer,
              SwPointer        *steps,
              guint             n_steps,
              char            **text)
{
  const SwPointer *p;
  const SwPointer *parent;
  guint n = 0;

  for (p = pointer; !p->stored; p = p->parent)
    n++;

  if (n > n_steps)
    {
      *text = _sw_pointer_to_string (pointer);
      steps[0] = *SW_POINTER_TEXT (*text);
      return &steps[0];
    }

  parent = p;
  p = pointer;
  for (guint i = 0; i < n; i++, p = p->parent)
    steps[i] = *p;
  for (guint i = n; i > 0; i--)
    {
      steps[i - 1].parent = parent;
      steps[i - 1].stored = TRUE;
      parent = &steps[i - 1];
    }
  return parent;
}

static void
add_transition (SwScope         *scope,
                SwStateEntry    *from,
                const SwValue   *target,
                const SwPointer *pointer)
{
  SwTransition *transition = g_new0 (SwTransition, 1);

  transition->from = from;
  transition->target = target;
  transition->pointer = keep_pointer (pointer, transition->steps,
                                      G_N_ELEMENTS (transition->steps), &transition->text);
  g_ptr_array_add (scope->transitions, transition);
}

void
_sw_validator_add_transition (SwValidator     *self,
                              SwStateEntry    *from,
                              const SwValue   *target,
                              const SwPointer *pointer)
{
  add_transition (from->scope, from, target, pointer);
}

/* Reads a field that names a state and records the transition. */
static void
check_transition_field (SwValidator     *self,
                        SwStateEntry    *from,
                        const SwValue   *object,
                        const char      *field,
                        const SwPointer *pointer)
{
  const SwValue *value = sw_value_object_get (object, field);
  const SwPointer *child = NULL;

  if (value == NULL)
    return;
  child = SW_POINTER_KEY (pointer, field);
  if (_sw_validator_check_type (self, value, SW_VALUE_STRING, field, child))
    add_transition (from->scope, from, value, child);
}

/* The objects that hold StartAt and States. */
typedef enum
{
  MACHINE_ROOT,
  MACHINE_BRANCH,
  MACHINE_PROCESSOR,
  MACHINE_ITERATOR,
} MachineKind;

static void validate_machine (SwValidator     *self,
                              const SwValue   *machine,
                              const SwPointer *pointer,
                              SwStateEntry    *owner,
                              MachineKind      kind,
                              gboolean         distributed,
                              gboolean         express,
                              SwQueryLanguage  query_language);

static gboolean
has_field (const SwValue *object,
           const char    *field)
{
  return sw_value_object_has (object, field);
}

static void
require_field (SwValidator     *self,
               const SwValue   *object,
               const SwPointer *pointer,
               const char      *field,
               const char      *what)
{
  if (!has_field (object, field))
    _sw_validator_report_object (self, SW_RULE_FIELD_REQUIRED, object, pointer,
                                 /* Translators: “A Task state needs “Resource”” */
                                 _("%s needs “%s”"), _(what), field);
}

/* Task resources */

static gboolean
matches_charset (const char *text,
                 const char *extra)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_partition (const char *text)
{
  /* aws, aws-cn, aws-us-gov, aws-iso-b, … */
  return g_str_has_prefix (text, "aws") &&
         (text[3] == '\0' || (text[3] == '-' && matches_charset (text + 4, "-")));
}

static gboolean
is_account (const char *text)
{
  if (strlen (text) != 12)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Returns why @arn can't be a Task resource, or %NULL. */
static char *
resource_problem (const char *arn)
{
  g_auto(GStrv) parts = g_strsplit (arn, ":", 6);
  const char *service, *region, *account, *resource;

  if (g_strv_length (parts) != 6 || strcmp (parts[0], "arn") != 0)
    return g_strdup (_("it is not an ARN of the form arn:partition:service:region:account:"
                       "resource"));
  if (!is_partition (parts[1]))
    return g_strdup_printf (_("“%s” is not an AWS partition"), parts[1]);

  service = parts[2];
  region = parts[3];
  account = parts[4];
  resource = parts[5];

  if (strcmp (service, "lambda") == 0)
    {
      g_auto(GStrv) function = g_strsplit (resource, ":", 0);
      guint n = g_strv_length (function);

      if (!matches_charset (region, "-") || !is_account (account))
        return g_strdup (_("a Lambda function ARN needs a region and a 12-digit account"));
      if (n < 2 || n > 3 || strcmp (function[0], "function") != 0 ||
          !matches_charset (function[1], "-_") || strlen (function[1]) > 64 ||
          (n == 3 && !matches_charset (function[2], "-_$")))
        return g_strdup (_("a Lambda function ARN ends in function:NAME or "
                           "function:NAME:QUALIFIER"));
      return NULL;
    }

  if (strcmp (service, "states") != 0)
    return g_strdup_printf (_("“%s” resources can't be run by a Task; use a Lambda function, "
                              "an activity or a service integration "
                              "(arn:aws:states:::service:action)"),
                            service);

  if (*region != '\0' || *account != '\0')
    {
      if (!matches_charset (region, "-") || !is_account (account))
        return g_strdup (_("an activity ARN needs a region and a 12-digit account"));
      if (!g_str_has_prefix (resource, "activity:") || resource[9] == '\0')
        return g_strdup (_("a states ARN with a region and account must name an activity "
                           "(activity:NAME)"));
      return NULL;
    }

  {
    g_auto(GStrv) integration = g_strsplit (resource, ":", 0);
    guint n = g_strv_length (integration);
    gboolean sdk = n > 0 && strcmp (integration[0], "aws-sdk") == 0;
    const char *action;
    const char *dot;
    g_autofree char *name = NULL;

    if ((sdk && n != 3) || (!sdk && (n < 2 || n > 3)) ||
        !matches_charset (integration[0], "-") || (sdk && !matches_charset (integration[1], "-")))
      return g_strdup (_("a service integration ends in :::service:action or "
                         ":::aws-sdk:service:action"));

    action = sdk ? integration[2] : integration[1];
    dot = strchr (action, '.');
    name = dot ? g_strndup (action, dot - action) : g_strdup (action);
    if (!matches_charset (name, ""))
      return g_strdup_printf (_("“%s” is not an API action name"), name);

    if (dot != NULL)
      {
        const char *pattern = dot + 1;

        if (strcmp (pattern, "waitForTaskToken") != 0 && strcmp (pattern, "sync") != 0)
          return g_strdup_printf (_("“.%s” is not an integration pattern; use “.sync” or "
                                    "“.waitForTaskToken”"),
                                  pattern);
        if (sdk && strcmp (pattern, "sync") == 0)
          return g_strdup (_("AWS SDK integrations don't support “.sync”"));
      }

    /* `.sync:2` (startExecution) is the only three-part form. */
    if (!sdk && n == 3 && (dot == NULL || strcmp (dot, ".sync") != 0 ||
                           !matches_charset (integration[2], "")))
      return g_strdup (_("only “.sync” takes a version suffix such as “.sync:2”"));
  }

  return NULL;
}

static void
check_resource (SwValidator     *self,
                const SwValue   *object,
                const SwPointer *pointer)
{
  const SwValue *value = sw_value_object_get (object, "Resource");
  const SwPointer *child = NULL;
  const char *problem = NULL;

  if (value == NULL)
    return;
  child = SW_POINTER_KEY (pointer, "Resource");
  if (!_sw_validator_check_type (self, value, SW_VALUE_STRING, "Resource", child) ||
      _sw_validator_is_cfn (value))
    return;

  /* Resources repeat (“arn:aws:states:::lambda:invoke”); each is judged once. */
  if (self->resources == NULL)
    self->resources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (!g_hash_table_lookup_extended (self->resources, _sw_value_text (value), NULL,
                                     (gpointer *) &problem))
    {
      char *computed = resource_problem (_sw_value_text (value));

      g_hash_table_insert (self->resources, (gpointer) _sw_value_text (value), computed);
      problem = computed;
    }
  if (problem != NULL)
    _sw_validator_report_value (self, SW_RULE_TASK_RESOURCE_INVALID, value, child,
                                _("“%s” is not a valid resource: %s"),
                                _sw_value_text (value), problem);
}

/* Express workflows only run request-response integrations. */
static gboolean
waits_for_completion (const char *resource)
{
  g_auto(GStrv) parts = g_strsplit (resource, ":", 6);

  if (g_strv_length (parts) != 6 || strcmp (parts[2], "states") != 0)
    return FALSE;
  return g_str_has_prefix (parts[5], "activity:") ||
         strstr (parts[5], ".sync") != NULL || strstr (parts[5], ".waitForTaskToken") != NULL;
}

static gboolean
mentions_task_token (const SwValue *value)
{
  switch (_sw_value_kind (value))
    {
    case SW_VALUE_STRING:
      return strstr (_sw_value_text (value), "Task.Token") != NULL;

    case SW_VALUE_ARRAY:
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        if (mentions_task_token (sw_value_array_get (value, i)))
          return TRUE;
      return FALSE;

    case SW_VALUE_OBJECT:
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        if (mentions_task_token (sw_value_object_get_value (value, i)))
          return TRUE;
      return FALSE;

    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_NUMBER:
    default:
      return FALSE;
    }
}

/* Errors and retriers */

/* HTTP Tasks raise States.Http.StatusCode.NNN. */
static gboolean
is_http_status_error (const char *name)
{
  const char *code;

  if (!g_str_has_prefix (name, "States.Http.StatusCode."))
    return FALSE;
  code = name + strlen ("States.Http.StatusCode.");
  return strlen (code) == 3 && g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[1]) &&
         g_ascii_isdigit (code[2]);
}

static gboolean
contains_string (const SwValue *array,
                 const char    *text)
{
  for (guint i = 0; i < sw_value_array_get_length (array); i++)
    {
      const SwValue *item = sw_value_array_get (array, i);

      if (_sw_value_is_string (item) && strcmp (_sw_value_text (item), text) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Checks ErrorEquals of one retrier or catcher; returns the array if it is usable. */
static const SwValue *
check_error_equals (SwValidator     *self,
                    const SwValue   *handler,
                    const SwPointer *pointer,
                    const char      *what)
{
  const SwValue *errors = sw_value_object_get (handler, "ErrorEquals");
  const SwPointer *child = NULL;
  guint n;

  if (errors == NULL)
    {
      require_field (self, handler, pointer, "ErrorEquals", what);
      return NULL;
    }

  child = SW_POINTER_KEY (pointer, "ErrorEquals");
  if (!_sw_validator_check_type (self, errors, SW_VALUE_ARRAY, "ErrorEquals", child))
    return NULL;

  n = sw_value_array_get_length (errors);
  if (n == 0)
    {
      _sw_validator_report_value (self, SW_RULE_ARRAY_EMPTY, errors, child,
                                  _("“ErrorEquals” must name at least one error"));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      const SwValue *item = sw_value_array_get (errors, i);
      const SwPointer *item_pointer = SW_POINTER_INDEX (child, i);
      const char *name;

      if (!_sw_value_is_string (item))
        {
          _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, item, item_pointer,
                                      _("Error names must be strings, not %s"),
                                      _sw_validator_type_name (item));
          continue;
        }

      name = _sw_value_text (item);
      if (g_str_has_prefix (name, "States.") &&
          !g_strv_contains (known_errors, name) && !is_http_status_error (name))
        {
          const char *suggestion = _sw_validator_suggest (name, known_errors,
                                                          G_N_ELEMENTS (known_errors));

          if (suggestion != NULL)
            _sw_validator_report_value (self, SW_RULE_ERROR_NAME_UNKNOWN, item, item_pointer,
                                        _("“%s” is not an error the service raises; did you "
                                          "mean “%s”?"),
                                        name, suggestion);
          else
            _sw_validator_report_value (self, SW_RULE_ERROR_NAME_UNKNOWN, item, item_pointer,
                                        _("“%s” is not an error the service raises"), name);
        }
    }

  if (n > 1)
    for (guint i = 0; i < n; i++)
      {
        const SwValue *item = sw_value_array_get (errors, i);
        const SwPointer *item_pointer = SW_POINTER_INDEX (child, i);

        if (_sw_value_is_string (item) && strcmp (_sw_value_text (item), "States.ALL") == 0)
          _sw_validator_report_value (self, SW_RULE_STATES_ALL_NOT_ALONE, item, item_pointer,
                                      _("“States.ALL” matches every error, so it must be the "
                                        "only name in “ErrorEquals”"));
      }

  return errors;
}

/* TRUE if an error list before the @i-th names @name. */
static gboolean
seen_before (GPtrArray  *error_lists,
             guint       i,
             const char *name)
{
  for (guint k = 0; k < i; k++)
    {
      const SwValue *errors = g_ptr_array_index (error_lists, k);

      if (errors != NULL && contains_string (errors, name))
        return TRUE;
    }
  return FALSE;
}

/* Checks the order of retriers or catchers: States.ALL last, nothing shadowed. */
static void
check_handler_order (SwValidator     *self,
                     const SwValue   *list,
                     const SwPointer *pointer,
                     GPtrArray       *error_lists)
{
  guint n = sw_value_array_get_length (list);
  /* Few handlers are usual; only long lists remember the names in a table. */
  g_autoptr(GHashTable) seen = n > 8 ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;
  gboolean all_seen = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const SwValue *handler = sw_value_array_get (list, i);
      const SwValue *errors = g_ptr_array_index (error_lists, i);
      const SwPointer *child = SW_POINTER_INDEX (pointer, i);
      gboolean shadowed = TRUE;
      guint n_errors;

      if (errors == NULL)
        continue;

      if (i + 1 < n)
        for (guint j = 0; j < sw_value_array_get_length (errors); j++)
          {
            const SwValue *item = sw_value_array_get (errors, j);
            const SwPointer *item_pointer = NULL;

            if (!_sw_value_is_string (item) ||
                strcmp (_sw_value_text (item), "States.ALL") != 0)
              continue;
            item_pointer = SW_POINTER_INDEX (SW_POINTER_KEY (child, "ErrorEquals"), j);
            _sw_validator_report_value (self, SW_RULE_STATES_ALL_NOT_LAST, item, item_pointer,
                                        _("“States.ALL” matches every error, so the ones "
                                          "after this one are never used; move it last"));
          }

      n_errors = sw_value_array_get_length (errors);
      for (guint j = 0; j < n_errors; j++)
        {
          const SwValue *item = sw_value_array_get (errors, j);

          if (!_sw_value_is_string (item) ||
              !(seen != NULL ? g_hash_table_contains (seen, _sw_value_text (item))
                             : seen_before (error_lists, i, _sw_value_text (item))))
            shadowed = FALSE;
        }

      if (shadowed && !all_seen)
        _sw_validator_report_value (self, SW_RULE_ERROR_SHADOWED, handler, child,
                                    _("Every error this one matches is matched by an earlier "
                                      "one, so it is never used"));

      for (guint j = 0; j < n_errors; j++)
        {
          const SwValue *item = sw_value_array_get (errors, j);

          if (seen != NULL && _sw_value_is_string (item))
            g_hash_table_add (seen, (gpointer) _sw_value_text (item));
        }
      all_seen |= contains_string (errors, "States.ALL");
    }
}

static void
check_retry (SwValidator     *self,
             const SwValue   *state,
             const SwPointer *pointer,
             SwQueryLanguage  query_language)
{
  const SwValue *retry = sw_value_object_get (state, "Retry");
  const SwPointer *child = NULL;
  g_autoptr(GPtrArray) error_lists = NULL;

  if (retry == NULL)
    return;
  child = SW_POINTER_KEY (pointer, "Retry");
  if (!_sw_validator_check_type (self, retry, SW_VALUE_ARRAY, "Retry", child))
    return;

  error_lists = g_ptr_array_new ();
  for (guint i = 0; i < sw_value_array_get_length (retry); i++)
    {
      const SwValue *retrier = sw_value_array_get (retry, i);
      const SwPointer *item = SW_POINTER_INDEX (child, i);

      if (!_sw_value_is_object (retrier))
        {
          _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, retrier, item,
                                      _("A retrier must be an object, not %s"),
                                      _sw_validator_type_name (retrier));
          g_ptr_array_add (error_lists, NULL);
          continue;
        }

      _sw_validator_check_fields (self, retrier, item, retrier_fields,
                                  G_N_ELEMENTS (retrier_fields), 0, query_language, FALSE,
                                  N_("a retrier"));
      g_ptr_array_add (error_lists,
                       (gpointer) check_error_equals (self, retrier, item, N_("A retrier")));
    }

  check_handler_order (self, retry, child, error_lists);
}

static void
check_catch (SwValidator     *self,
             SwStateEntry    *entry,
             const SwValue   *state,
             const SwPointer *pointer,
             SwQueryLanguage  query_language)
{
  const SwValue *catch = sw_value_object_get (state, "Catch");
  const SwPointer *child = NULL;
  g_autoptr(GPtrArray) error_lists = NULL;

  if (catch == NULL)
    return;
  child = SW_POINTER_KEY (pointer, "Catch");
  if (!_sw_validator_check_type (self, catch, SW_VALUE_ARRAY, "Catch", child))
    return;

  error_lists = g_ptr_array_new ();
  for (guint i = 0; i < sw_value_array_get_length (catch); i++)
    {
      const SwValue *catcher = sw_value_array_get (catch, i);
      const SwPointer *item = SW_POINTER_INDEX (child, i);

      if (!_sw_value_is_object (catcher))
        {
          _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, catcher, item,
                                      _("A catcher must be an object, not %s"),
                                      _sw_validator_type_name (catcher));
          g_ptr_array_add (error_lists, NULL);
          continue;
        }

      _sw_validator_check_fields (self, catcher, item, catcher_fields,
                                  G_N_ELEMENTS (catcher_fields), 0, query_language, FALSE,
                                  N_("a catcher"));
      g_ptr_array_add (error_lists,
                       (gpointer) check_error_equals (self, catcher, item, N_("A catcher")));
      require_field (self, catcher, item, "Next", N_("A catcher"));
      check_transition_field (self, entry, catcher, "Next", item);
    }

  check_handler_order (self, catch, child, error_lists);
}

/* State types */

static void
check_next_end (SwValidator     *self,
                SwStateEntry    *entry,
                const SwValue   *state,
                const SwPointer *pointer)
{
  guint next_index = 0, end_index = 0;
  gboolean has_next = sw_value_object_find (state, "Next", &next_index);
  gboolean has_end = sw_value_object_find (state, "End", &end_index);
  const SwValue *end = has_end ? sw_value_object_get_value (state, end_index) : NULL;
  gboolean end_true = end != NULL && _sw_value_is_boolean (end) && sw_value_get_boolean (end);

  check_transition_field (self, entry, state, "Next", pointer);
  /* An End of the wrong type is reported as such; taking it as terminal avoids a cascade. */
  entry->terminal = end_true || (end != NULL && !_sw_value_is_boolean (end));

  if (has_next && end_true)
    {
      guint later = MAX (next_index, end_index);
      const SwPointer *child = SW_POINTER_KEY (pointer,
                                                  sw_value_object_get_key (state, later));

      _sw_validator_report_key (self, SW_RULE_NEXT_AND_END, state, later, child,
                                _("A state can't have both “Next” and “End”"));
    }
  else if (!has_next && end != NULL && _sw_value_is_boolean (end) && !end_true)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "End");

      _sw_validator_report_value (self, SW_RULE_NEXT_OR_END_MISSING, end, child,
                                  _("“End” is false, so the state needs “Next”"));
    }
  else if (!has_next && !has_end)
    _sw_validator_report_object (self, SW_RULE_NEXT_OR_END_MISSING, state, pointer,
                                 _("The state needs “Next” or “End”: true"));

  /* Without a way on, the author most likely forgot “End”; don't cascade. */
  if (!has_next && !end_true)
    entry->terminal = TRUE;
}

static void
check_task (SwValidator     *self,
            SwStateEntry    *entry,
            const SwValue   *state,
            const SwPointer *pointer,
            SwQueryLanguage  query_language)
{
  const SwValue *timeout = sw_value_object_get (state, "TimeoutSeconds");
  const SwValue *heartbeat = sw_value_object_get (state, "HeartbeatSeconds");
  const SwValue *credentials = sw_value_object_get (state, "Credentials");
  const SwValue *resource = sw_value_object_get (state, "Resource");

  require_field (self, state, pointer, "Resource", N_("A Task state"));
  check_resource (self, state, pointer);

  _sw_validator_check_exclusive (self, state, pointer, "TimeoutSeconds", "TimeoutSecondsPath");
  _sw_validator_check_exclusive (self, state, pointer, "HeartbeatSeconds",
                                 "HeartbeatSecondsPath");

  if (timeout != NULL && heartbeat != NULL &&
      _sw_value_is_number (timeout) && _sw_value_is_number (heartbeat) &&
      sw_value_get_double (heartbeat) >= sw_value_get_double (timeout))
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "HeartbeatSeconds");

      _sw_validator_report_value (self, SW_RULE_TASK_HEARTBEAT_TOO_LONG, heartbeat, child,
                                  _("“HeartbeatSeconds” (%s) must be smaller than "
                                    "“TimeoutSeconds” (%s)"),
                                  sw_value_get_number_lexeme (heartbeat),
                                  sw_value_get_number_lexeme (timeout));
    }

  if (credentials != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Credentials");

      if (_sw_validator_check_type (self, credentials, SW_VALUE_OBJECT, "Credentials", child))
        {
          gboolean has_role = FALSE;

          for (guint i = 0; i < sw_value_object_get_size (credentials); i++)
            {
              const char *key = sw_value_object_get_key (credentials, i);
              const SwPointer *member = SW_POINTER_KEY (child, key);

              if (strcmp (key, "RoleArn") == 0 ||
                  (query_language == SW_QL_JSONPATH && strcmp (key, "RoleArn.$") == 0))
                has_role = TRUE;
              else if (strcmp (key, "RoleArn.$") != 0)
                _sw_validator_report_key (self, SW_RULE_FIELD_UNKNOWN, credentials, i, member,
                                          _("“%s” is not a field of “Credentials”; it takes "
                                            "“RoleArn”"),
                                          key);
            }
          if (!has_role)
            require_field (self, credentials, child, "RoleArn", "“Credentials”");
          _sw_validator_check_template (self, credentials, child, query_language);
        }
    }

  if (entry->scope->express && resource != NULL && _sw_value_is_string (resource) &&
      !_sw_validator_is_cfn (resource) && waits_for_completion (_sw_value_text (resource)))
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Resource");

      _sw_validator_report_value (self, SW_RULE_EXPRESS_UNSUPPORTED, resource, child,
                                  _("Express child workflows (a distributed Map state with "
                                    "“ExecutionType” “EXPRESS”) can't run activities or wait "
                                    "with “.sync” or “.waitForTaskToken”"));
    }

  if (resource != NULL && _sw_value_is_string (resource) &&
      g_str_has_suffix (_sw_value_text (resource), ".waitForTaskToken"))
    {
      const SwValue *payload = sw_value_object_get (state, query_language == SW_QL_JSONATA ?
                                                    "Arguments" : "Parameters");

      if (payload == NULL || !mentions_task_token (payload))
        {
          const SwPointer *child = SW_POINTER_KEY (pointer, "Resource");

          _sw_validator_report_value (self, SW_RULE_TASK_TOKEN_MISSING, resource, child,
                                      query_language == SW_QL_JSONATA ?
                                      _("The task waits for a task token, but its “Arguments” "
                                        "never pass $states.context.Task.Token, so nothing "
                                        "can complete it") :
                                      _("The task waits for a task token, but its "
                                        "“Parameters” never pass $$.Task.Token, so nothing "
                                        "can complete it"));
        }
    }

  check_retry (self, state, pointer, query_language);
  check_catch (self, entry, state, pointer, query_language);
}

static void
check_wait (SwValidator     *self,
            const SwValue   *state,
            const SwPointer *pointer,
            SwQueryLanguage  query_language)
{
  static const char * const durations[] = { "Seconds", "Timestamp", "SecondsPath",
                                            "TimestampPath" };
  guint first = G_MAXUINT;
  guint n_found = 0;

  for (guint i = 0; i < sw_value_object_get_size (state); i++)
    {
      const char *key = sw_value_object_get_key (state, i);

      if (!g_strv_contains (durations, key) || _sw_validator_is_repeated_key (state, i))
        continue;
      if (n_found++ == 0)
        {
          first = i;
          continue;
        }

      {
        const SwPointer *child = SW_POINTER_KEY (pointer, key);

        _sw_validator_report_key (self, SW_RULE_WAIT_DURATION, state, i, child,
                                  _("A Wait state takes one duration, but “%s” and “%s” are "
                                    "both set"),
                                  sw_value_object_get_key (state, first), key);
      }
    }

  if (n_found == 0)
    _sw_validator_report_object (self, SW_RULE_WAIT_DURATION, state, pointer,
                                 query_language == SW_QL_JSONATA ?
                                 _("A Wait state needs “Seconds” or “Timestamp”") :
                                 _("A Wait state needs one of “Seconds”, “Timestamp”, "
                                   "“SecondsPath” and “TimestampPath”"));
}

static void
check_parallel (SwValidator     *self,
                SwStateEntry    *entry,
                const SwValue   *state,
                const SwPointer *pointer,
                SwQueryLanguage  query_language)
{
  const SwValue *branches = sw_value_object_get (state, "Branches");

  require_field (self, state, pointer, "Branches", N_("A Parallel state"));
  if (branches != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Branches");

      if (_sw_validator_check_type (self, branches, SW_VALUE_ARRAY, "Branches", child))
        {
          guint n = sw_value_array_get_length (branches);

          if (n == 0)
            _sw_validator_report_value (self, SW_RULE_ARRAY_EMPTY, branches, child,
                                        _("“Branches” must hold at least one branch"));

          for (guint i = 0; i < n; i++)
            {
              const SwValue *branch = sw_value_array_get (branches, i);
              const SwPointer *item = SW_POINTER_INDEX (child, i);

              if (!_sw_value_is_object (branch))
                _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, branch, item,
                                            _("A branch must be an object with “StartAt” and "
                                              "“States”, not %s"),
                                            _sw_validator_type_name (branch));
              else
                validate_machine (self, branch, item, entry, MACHINE_BRANCH, FALSE, FALSE,
                                  query_language);
            }
        }
    }

  check_retry (self, state, pointer, query_language);
  check_catch (self, entry, state, pointer, query_language);
}

static gboolean
is_label_character (gunichar c)
{
  return !(g_unichar_isspace (c) || g_unichar_iscntrl (c) || (c >= 0x7f && c <= 0x9f) ||
           (c < 0x80 && strchr ("<>{}[]?*\"#%\\^|~`$&,;:/", (int) c) != NULL));
}

static void
check_label (SwValidator     *self,
             const SwValue   *state,
             const SwPointer *pointer)
{
  const SwValue *label = sw_value_object_get (state, "Label");
  const SwPointer *child = NULL;
  const char *text;

  if (label == NULL)
    return;
  child = SW_POINTER_KEY (pointer, "Label");
  if (!_sw_validator_check_type (self, label, SW_VALUE_STRING, "Label", child) ||
      _sw_validator_is_cfn (label))
    return;

  text = _sw_value_text (label);
  if (g_utf8_strlen (text, -1) > MAX_LABEL_LENGTH)
    {
      _sw_validator_report_value (self, SW_RULE_MAP_LABEL_INVALID, label, child,
                                  _("“Label” is longer than %u characters"), MAX_LABEL_LENGTH);
      return;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_label_character (c))
        {
          _sw_validator_report_value (self, SW_RULE_MAP_LABEL_INVALID, label, child,
                                      _("“Label” can't contain white space, brackets, "
                                        "wildcards or the characters \" # %% \\ ^ | ~ ` $ & , "
                                        "; : /"));
          return;
        }
    }
}

static void
check_map (SwValidator     *self,
           SwStateEntry    *entry,
           const SwValue   *state,
           const SwPointer *pointer,
           SwQueryLanguage  query_language)
{
  static const char * const distributed_only[] = {
    "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount",
    "ToleratedFailureCountPath", "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath", "Label", NULL
  };
  const SwValue *processor = sw_value_object_get (state, "ItemProcessor");
  const SwValue *iterator = sw_value_object_get (state, "Iterator");
  gboolean distributed = FALSE;
  gboolean express = FALSE;
  gboolean mode_known = TRUE;

  if (processor == NULL && iterator == NULL)
    require_field (self, state, pointer, "ItemProcessor", N_("A Map state"));
  _sw_validator_check_exclusive (self, state, pointer, "ItemProcessor", "Iterator");
  _sw_validator_check_exclusive (self, state, pointer, "ItemSelector", "Parameters");
  _sw_validator_check_exclusive (self, state, pointer, "MaxConcurrency", "MaxConcurrencyPath");
  _sw_validator_check_exclusive (self, state, pointer, "ToleratedFailureCount",
                                 "ToleratedFailureCountPath");
  _sw_validator_check_exclusive (self, state, pointer, "ToleratedFailurePercentage",
                                 "ToleratedFailurePercentagePath");

  if (query_language == SW_QL_JSONPATH && has_field (state, "Parameters"))
    {
      guint index = 0;
      const SwPointer *child = SW_POINTER_KEY (pointer, "Parameters");

      sw_value_object_find (state, "Parameters", &index);
      _sw_validator_report_key (self, SW_RULE_FIELD_DEPRECATED, state, index, child,
                                _("“Parameters” in a Map state is deprecated; use "
                                  "“ItemSelector”"));
    }

  if (processor != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "ItemProcessor");

      if (_sw_validator_check_type (self, processor, SW_VALUE_OBJECT, "ItemProcessor", child))
        {
          const SwValue *config = sw_value_object_get (processor, "ProcessorConfig");

          if (config != NULL)
            {
              const SwPointer *config_pointer = SW_POINTER_KEY (child, "ProcessorConfig");

              if (_sw_validator_check_type (self, config, SW_VALUE_OBJECT, "ProcessorConfig",
                                            config_pointer))
                {
                  const SwValue *mode = sw_value_object_get (config, "Mode");

                  _sw_validator_check_fields (self, config, config_pointer,
                                              processor_config_fields,
                                              G_N_ELEMENTS (processor_config_fields), 0,
                                              query_language, FALSE,
                                              N_("a processor configuration"));
                  if (mode != NULL)
                    {
                      mode_known = _sw_value_is_string (mode) &&
                                   g_strv_contains (mode_values, _sw_value_text (mode));
                      distributed = mode_known &&
                                    strcmp (_sw_value_text (mode), "DISTRIBUTED") == 0;
                    }
                  if (distributed)
                    {
                      const SwValue *type = sw_value_object_get (config, "ExecutionType");

                      require_field (self, config, config_pointer, "ExecutionType",
                                     N_("A distributed Map state's “ProcessorConfig”"));
                      express = type != NULL && _sw_value_is_string (type) &&
                                strcmp (_sw_value_text (type), "EXPRESS") == 0;
                    }
                  else if (mode_known && has_field (config, "ExecutionType"))
                    {
                      guint index = 0;
                      const SwPointer *member = SW_POINTER_KEY (config_pointer,
                                                                   "ExecutionType");

                      sw_value_object_find (config, "ExecutionType", &index);
                      _sw_validator_report_key (self, SW_RULE_MAP_DISTRIBUTED_ONLY, config,
                                                index, member,
                                                _("“ExecutionType” is only used when “Mode” "
                                                  "is “DISTRIBUTED”"));
                    }
                }
            }

          validate_machine (self, processor, child, entry, MACHINE_PROCESSOR, distributed,
                            express, query_language);
        }
    }
  else if (iterator != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Iterator");

      if (_sw_validator_check_type (self, iterator, SW_VALUE_OBJECT, "Iterator", child))
        validate_machine (self, iterator, child, entry, MACHINE_ITERATOR, FALSE, FALSE,
                          query_language);
    }

  if (!distributed && mode_known)
    {
      for (guint i = 0; i < sw_value_object_get_size (state); i++)
        {
          const char *key = sw_value_object_get_key (state, i);
          const SwPointer *child = NULL;

          if (!g_strv_contains (distributed_only, key))
            continue;
          child = SW_POINTER_KEY (pointer, key);
          _sw_validator_report_key (self, SW_RULE_MAP_DISTRIBUTED_ONLY, state, i, child,
                                    _("“%s” is only used by a distributed Map state (set "
                                      "“Mode” to “DISTRIBUTED” in “ProcessorConfig”)"),
                                    key);
        }
    }

  {
    const SwValue *reader = sw_value_object_get (state, "ItemReader");

    if (reader != NULL)
      {
        const SwPointer *child = SW_POINTER_KEY (pointer, "ItemReader");

        if (_sw_validator_check_type (self, reader, SW_VALUE_OBJECT, "ItemReader", child))
          {
            const SwValue *config = sw_value_object_get (reader, "ReaderConfig");

            _sw_validator_check_fields (self, reader, child, item_reader_fields,
                                        G_N_ELEMENTS (item_reader_fields), 0, query_language,
                                        FALSE, N_("an item reader"));
            require_field (self, reader, child, "Resource", N_("An item reader"));
            check_resource (self, reader, child);
            if (config != NULL)
              {
                const SwPointer *config_pointer = SW_POINTER_KEY (child, "ReaderConfig");

                if (_sw_validator_check_type (self, config, SW_VALUE_OBJECT, "ReaderConfig",
                                              config_pointer))
                  {
                    _sw_validator_check_fields (self, config, config_pointer,
                                                reader_config_fields,
                                                G_N_ELEMENTS (reader_config_fields), 0,
                                                query_language, TRUE,
                                                N_("a reader configuration"));
                    _sw_validator_check_exclusive (self, config, config_pointer, "MaxItems",
                                                   "MaxItemsPath");
                  }
              }
          }
      }
  }

  {
    const SwValue *batcher = sw_value_object_get (state, "ItemBatcher");

    if (batcher != NULL)
      {
        const SwPointer *child = SW_POINTER_KEY (pointer, "ItemBatcher");

        if (_sw_validator_check_type (self, batcher, SW_VALUE_OBJECT, "ItemBatcher", child))
          {
            _sw_validator_check_fields (self, batcher, child, item_batcher_fields,
                                        G_N_ELEMENTS (item_batcher_fields), 0, query_language,
                                        FALSE, N_("an item batcher"));
            _sw_validator_check_exclusive (self, batcher, child, "MaxItemsPerBatch",
                                           "MaxItemsPerBatchPath");
            _sw_validator_check_exclusive (self, batcher, child, "MaxInputBytesPerBatch",
                                           "MaxInputBytesPerBatchPath");
            if (!has_field (batcher, "MaxItemsPerBatch") &&
                !has_field (batcher, "MaxItemsPerBatchPath") &&
                !has_field (batcher, "MaxInputBytesPerBatch") &&
                !has_field (batcher, "MaxInputBytesPerBatchPath"))
              _sw_validator_report_object (self, SW_RULE_FIELD_REQUIRED, batcher, child,
                                           _("An item batcher needs “MaxItemsPerBatch” or "
                                             "“MaxInputBytesPerBatch”"));
          }
      }
  }

  {
    const SwValue *writer = sw_value_object_get (state, "ResultWriter");

    if (writer != NULL)
      {
        const SwPointer *child = SW_POINTER_KEY (pointer, "ResultWriter");

        if (_sw_validator_check_type (self, writer, SW_VALUE_OBJECT, "ResultWriter", child))
          {
            _sw_validator_check_fields (self, writer, child, result_writer_fields,
                                        G_N_ELEMENTS (result_writer_fields), 0, query_language,
                                        FALSE, N_("a result writer"));
            check_resource (self, writer, child);
          }
      }
  }

  check_label (self, state, pointer);
  check_retry (self, state, pointer, query_language);
  check_catch (self, entry, state, pointer, query_language);
}

/* Catches transitions of a state whose type is unknown, so that its targets don't show up
 * as unreachable on top of the real problem. */
static void
collect_loose_transitions (SwStateEntry    *entry,
                           const SwValue   *state,
                           const SwPointer *pointer)
{
  static const char * const lists[] = { "Choices", "Catch" };
  const SwValue *value;

  if ((value = sw_value_object_get (state, "Next")) && _sw_value_is_string (value))
    add_transition (entry->scope, entry, value, pointer);
  if ((value = sw_value_object_get (state, "Default")) && _sw_value_is_string (value))
    add_transition (entry->scope, entry, value, pointer);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      const SwValue *list = sw_value_object_get (state, lists[l]);

      if (list == NULL || !_sw_value_is_array (list))
        continue;
      for (guint i = 0; i < sw_value_array_get_length (list); i++)
        {
          const SwValue *item = sw_value_array_get (list, i);

          if (_sw_value_is_object (item) &&
              (value = sw_value_object_get (item, "Next")) && _sw_value_is_string (value))
            add_transition (entry->scope, entry, value, pointer);
        }
    }
  entry->terminal = TRUE;
}

static void
validate_state (SwValidator     *self,
                SwStateEntry    *entry,
                const SwValue   *state,
                const SwPointer *pointer,
                SwQueryLanguage  query_language)
{
  const SwValue *type_value;
  const SwValue *language;
  SwStateMask type = 0;

  if (!_sw_value_is_object (state))
    {
      if (!_sw_validator_is_cfn (state))
        _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, state, pointer,
                                    _("A state must be an object, not %s"),
                                    _sw_validator_type_name (state));
      entry->terminal = TRUE;
      return;
    }

  type_value = sw_value_object_get (state, "Type");
  if (type_value == NULL)
    require_field (self, state, pointer, "Type", N_("A state"));
  else
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Type");

      if (_sw_validator_check_type (self, type_value, SW_VALUE_STRING, "Type", child))
        {
          const char *name = _sw_value_text (type_value);
          const char *names[G_N_ELEMENTS (state_types)];

          for (guint i = 0; i < G_N_ELEMENTS (state_types); i++)
            {
              names[i] = state_types[i].name;
              if (strcmp (state_types[i].name, name) == 0)
                type = state_types[i].mask;
            }

          if (type == 0 && !_sw_validator_is_cfn (type_value))
            {
              const char *suggestion = _sw_validator_suggest (name, names, G_N_ELEMENTS (names));

              if (suggestion != NULL)
                _sw_validator_report_value (self, SW_RULE_STATE_TYPE_UNKNOWN, type_value, child,
                                            _("“%s” is not a state type; did you mean “%s”?"),
                                            name, suggestion);
              else
                _sw_validator_report_value (self, SW_RULE_STATE_TYPE_UNKNOWN, type_value, child,
                                            _("“%s” is not a state type; use Pass, Task, "
                                              "Choice, Wait, Succeed, Fail, Parallel or Map"),
                                            name);
            }
        }
    }

  language = sw_value_object_get (state, "QueryLanguage");
  if (language != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "QueryLanguage");

      if (_sw_validator_check_type (self, language, SW_VALUE_STRING, "QueryLanguage", child) &&
          !_sw_validator_is_cfn (language))
        {
          const char *text = _sw_value_text (language);

          if (strcmp (text, "JSONata") == 0)
            query_language = SW_QL_JSONATA;
          else if (strcmp (text, "JSONPath") == 0)
            {
              if (self->machine_query_language == SW_QL_JSONATA)
                _sw_validator_report_value (self, SW_RULE_QUERY_LANGUAGE_DOWNGRADE, language,
                                            child,
                                            _("The state machine uses JSONata, so a state "
                                              "can't use JSONPath"));
              query_language = SW_QL_JSONPATH;
            }
          else
            _sw_validator_report_value (self, SW_RULE_ENUM_INVALID, language, child,
                                        _("“%s” is not a valid value of “QueryLanguage”; use "
                                          "one of: JSONPath, JSONata"),
                                        text);
        }
    }

  entry->query_language = query_language;
  if (type == 0)
    {
      collect_loose_transitions (entry, state, pointer);
      return;
    }

  _sw_validator_check_fields (self, state, pointer, state_fields, G_N_ELEMENTS (state_fields),
                              type, query_language, FALSE, state_type_what (type));

  if (type & NEXT_OR_END)
    check_next_end (self, entry, state, pointer);

  switch (type)
    {
    case SW_STATE_TASK:
      check_task (self, entry, state, pointer, query_language);
      break;

    case SW_STATE_CHOICE:
      _sw_validator_check_choice (self, entry, state, pointer, query_language);
      break;

    case SW_STATE_WAIT:
      check_wait (self, state, pointer, query_language);
      break;

    case SW_STATE_SUCCEED:
      entry->terminal = TRUE;
      break;

    case SW_STATE_FAIL:
      entry->terminal = TRUE;
      _sw_validator_check_exclusive (self, state, pointer, "Error", "ErrorPath");
      _sw_validator_check_exclusive (self, state, pointer, "Cause", "CausePath");
      break;

    case SW_STATE_PARALLEL:
      check_parallel (self, entry, state, pointer, query_language);
      break;

    case SW_STATE_MAP:
      check_map (self, entry, state, pointer, query_language);
      break;

    case SW_STATE_PASS:
    case SW_STATE_ALL:
    default:
      break;
    }
}

static void
check_state_name (SwValidator     *self,
                  const SwValue   *states,
                  guint            index,
                  const SwPointer *pointer)
{
  const char *name = sw_value_object_get_key (states, index);
  glong length = g_utf8_strlen (name, -1);

  if (length == 0)
    {
      _sw_validator_report_key (self, SW_RULE_STATE_NAME_INVALID, states, index, pointer,
                                _("A state name can't be empty"));
      return;
    }

  if (length > MAX_STATE_NAME_LENGTH)
    _sw_validator_report_key (self, SW_RULE_STATE_NAME_TOO_LONG, states, index, pointer,
                              _("The state name is %ld characters long; the limit is %u"),
                              length, MAX_STATE_NAME_LENGTH);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        {
          _sw_validator_report_key (self, SW_RULE_STATE_NAME_INVALID, states, index, pointer,
                                    _("The state name contains the control character U+%04X"),
                                    c);
          return;
        }
    }
}

static void
validate_machine (SwValidator     *self,
                  const SwValue   *machine,
                  const SwPointer *pointer,
                  SwStateEntry    *owner,
                  MachineKind      kind,
                  gboolean         distributed,
                  gboolean         express,
                  SwQueryLanguage  query_language)
{
  SwScope *scope = g_new0 (SwScope, 1);
  SwScope *parent = owner != NULL ? owner->scope : NULL;
  const SwValue *start_at = sw_value_object_get (machine, "StartAt");
  const SwValue *states = sw_value_object_get (machine, "States");
  const SwFieldSpec *specs = branch_fields;
  guint n_specs = G_N_ELEMENTS (branch_fields);
  const char *what = NULL;
  const char *this_what = NULL;
  const char *subject = NULL;

  switch (kind)
    {
    case MACHINE_ROOT:
      specs = machine_fields;
      n_specs = G_N_ELEMENTS (machine_fields);
      what = N_("the state machine");
      this_what = N_("the state machine");
      subject = N_("The state machine");
      break;
    case MACHINE_BRANCH:
      what = N_("a branch");
      this_what = N_("this branch");
      subject = N_("A branch");
      break;
    case MACHINE_PROCESSOR:
      specs = processor_fields;
      n_specs = G_N_ELEMENTS (processor_fields);
      what = N_("an item processor");
      this_what = N_("this item processor");
      subject = N_("An item processor");
      break;
    case MACHINE_ITERATOR:
    default:
      what = N_("an iterator");
      this_what = N_("this iterator");
      subject = N_("An iterator");
      break;
    }

  scope->parent = parent;
  scope->owner = owner;
  scope->distributed = distributed;
  scope->express = express || (parent != NULL && parent->express);
  scope->pointer = keep_pointer (pointer, scope->pointer_steps,
                                 G_N_ELEMENTS (scope->pointer_steps), &scope->pointer_text);
  scope->what = what;
  scope->this_what = this_what;
  scope->states = g_ptr_array_new ();
  scope->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  scope->transitions = g_ptr_array_new_with_free_func (transition_free);
  g_ptr_array_add (self->scopes, scope);

  pointer = scope->pointer;
  _sw_validator_check_fields (self, machine, pointer, specs, n_specs, 0, query_language,
                              FALSE, what);

  require_field (self, machine, pointer, "StartAt", subject);
  require_field (self, machine, pointer, "States", subject);

  if (start_at != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "StartAt");

      if (_sw_validator_check_type (self, start_at, SW_VALUE_STRING, "StartAt", child))
        add_transition (scope, NULL, start_at, child);
    }

  if (states == NULL)
    return;

  scope->states_pointer = (SwPointer) { pointer, "States", 0, NULL, TRUE };
  if (!_sw_validator_check_type (self, states, SW_VALUE_OBJECT, "States",
                                 &scope->states_pointer))
    return;

  {
    guint index = 0;

    sw_value_object_find (machine, "States", &index);
    scope->has_states = TRUE;
    scope->states_key_line = sw_value_object_get_key_line (machine, index);
    scope->states_key_column = sw_value_object_get_key_column (machine, index);
  }

  scope->entries = g_new0 (SwStateEntry, MAX (sw_value_object_get_size (states), 1));
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      const char *name = sw_value_object_get_key (states, i);
      SwStateEntry *entry = &scope->entries[i];

      entry->name = name;
      entry->scope = scope;
      entry->state = sw_value_object_get_value (states, i);
      entry->key_line = sw_value_object_get_key_line (states, i);
      entry->key_column = sw_value_object_get_key_column (states, i);
      entry->pointer = (SwPointer) { &scope->states_pointer, name, 0, NULL, TRUE };
      entry->index = scope->states->len;
      g_ptr_array_add (scope->states, entry);

      if (g_hash_table_contains (scope->by_name, name))
        entry->duplicate = TRUE;
      else
        {
          SwStateEntry *first = g_hash_table_lookup (self->names, name);

          g_hash_table_insert (scope->by_name, (gpointer) entry->name, entry);
          if (first == NULL)
            {
              entry->last_same_name = entry;
              g_hash_table_insert (self->names, (gpointer) entry->name, entry);
            }
          else
            {
              first->last_same_name->same_name = entry;
              first->last_same_name = entry;
            }
        }

      check_state_name (self, states, i, &entry->pointer);
      validate_state (self, entry, entry->state, &entry->pointer, query_language);
    }
}

void
_sw_validator_validate_root (SwValidator   *self,
                             const SwValue *definition)
{
  const SwValue *language = sw_value_object_get (definition, "QueryLanguage");

  self->machine_query_language = SW_QL_JSONPATH;
  if (language != NULL && _sw_value_is_string (language) &&
      strcmp (_sw_value_text (language), "JSONata") == 0)
    self->machine_query_language = SW_QL_JSONATA;

  validate_machine (self, definition, &_sw_pointer_root, NULL, MACHINE_ROOT, FALSE, FALSE,
                    self->machine_query_language);
}

