/* sw-validator.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The validator works on the raw SwValue tree, so it can judge any JSON however broken, and
 * it reports every finding rather than the first. The rules are those of the Amazon States
 * Language specification and of the Step Functions service (which is stricter: unknown
 * fields, unreachable states, quotas), each under a stable code.
 *
 * It runs in three passes: the first walks the document, checks every object against its
 * field table (compiling every JSONata expression) and collects the states and transitions
 * of each States block (a scope); the second resolves transitions across scopes and
 * analyses each scope's graph; the third traces workflow variables through the graphs
 * (sw-validator-variables.c). */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-validator-private.h"

#define E SW_SEVERITY_ERROR
#define W SW_SEVERITY_WARNING

static const SwValidatorRule rules[SW_N_RULES] = {
  [SW_RULE_ROOT_NOT_OBJECT] = { "root-not-object", E,
    N_("The definition is a JSON object") },
  [SW_RULE_DUPLICATE_KEY] = { "duplicate-key", E,
    N_("No object has the same key twice") },
  [SW_RULE_DEFINITION_TOO_LARGE] = { "definition-too-large", E,
    N_("The definition is at most 1 MiB, the service quota") },
  [SW_RULE_FIELD_REQUIRED] = { "field-required", E,
    N_("Required fields are present (StartAt, States, Type, Resource, Choices, Branches, "
       "ErrorEquals, Next in catchers and Choice rules, …)") },
  [SW_RULE_FIELD_UNKNOWN] = { "field-unknown", E,
    N_("Every field is one the language defines for that object") },
  [SW_RULE_FIELD_NOT_ALLOWED] = { "field-not-allowed", E,
    N_("A field appears only where it is allowed (no Next in a Succeed state, no Resource "
       "in a Pass state, no Next in a nested Choice rule, …)") },
  [SW_RULE_FIELD_TYPE] = { "field-type", E,
    N_("Every field has the JSON type the language requires (Comment a string, End a "
       "boolean, Retry an array, a state an object, …)") },
  [SW_RULE_FIELDS_EXCLUSIVE] = { "fields-exclusive", E,
    N_("At most one of two exclusive fields is set (TimeoutSeconds and TimeoutSecondsPath, "
       "Error and ErrorPath, ItemProcessor and Iterator, …)") },
  [SW_RULE_FIELD_DEPRECATED] = { "field-deprecated", W,
    N_("Legacy fields with a replacement are not used (Iterator and Parameters in a Map "
       "state)") },
  [SW_RULE_ARRAY_EMPTY] = { "array-empty", E,
    N_("Choices, Branches, ErrorEquals, And and Or are not empty") },
  [SW_RULE_ENUM_INVALID] = { "enum-invalid", E,
    N_("Enumerated fields hold one of their values (QueryLanguage, JitterStrategy, Mode, "
       "ExecutionType)") },
  [SW_RULE_NUMBER_NOT_INTEGER] = { "number-not-integer", E,
    N_("Integer fields hold integers (TimeoutSeconds, MaxAttempts, Seconds, …)") },
  [SW_RULE_NUMBER_OUT_OF_RANGE] = { "number-out-of-range", E,
    N_("Numbers are within their range (TimeoutSeconds 1–99999999, BackoffRate at least 1, "
       "ToleratedFailurePercentage 0–100, …)") },
  [SW_RULE_TIMESTAMP_INVALID] = { "timestamp-invalid", E,
    N_("Timestamps are RFC 3339 with an uppercase T and Z") },
  [SW_RULE_QUERY_LANGUAGE_FIELD] = { "query-language-field", E,
    N_("JSONPath fields are not used in JSONata states, nor JSONata fields in JSONPath "
       "states") },
  [SW_RULE_QUERY_LANGUAGE_DOWNGRADE] = { "query-language-downgrade", E,
    N_("No state uses JSONPath when the state machine uses JSONata") },
  [SW_RULE_JSONATA_DELIMITERS] = { "jsonata-delimiters", E,
    N_("JSONata expressions are enclosed in {% and %} and not empty") },
  [SW_RULE_JSONATA_IN_JSONPATH] = { "jsonata-in-jsonpath", E,
    N_("JSONPath states hold no {% … %} expressions, which they would take literally") },
  [SW_RULE_JSONPATH_KEY_IN_JSONATA] = { "jsonpath-key-in-jsonata", E,
    N_("No key ends in .$ in a JSONata state") },
  [SW_RULE_JSONATA_SYNTAX] = { "jsonata-syntax", E,
    N_("Every {% … %} expression of a JSONata state compiles; the error is reported where it "
       "is in the file, with its JSONata code (S0201, S0203, …)") },
  [SW_RULE_PAYLOAD_KEY_DUPLICATE] = { "payload-key-duplicate", E,
    N_("A payload template doesn't set a field both as “name” and as “name.$”") },
  [SW_RULE_PAYLOAD_VALUE_NOT_STRING] = { "payload-value-not-string", E,
    N_("A key ending in .$ has a string value") },
  [SW_RULE_PATH_INVALID] = { "path-invalid", E,
    N_("Paths are valid JSONPath, and reference paths where the field needs one (ResultPath, "
       "ItemsPath, Variable, …Path fields)") },
  [SW_RULE_INTRINSIC_INVALID] = { "intrinsic-invalid", E,
    N_("Intrinsic function calls are well formed, name a known function and pass it the "
       "right number of arguments") },
  [SW_RULE_VARIABLE_NAME_INVALID] = { "variable-name-invalid", E,
    N_("Assigned variable names are Unicode identifiers (ID_Start, then ID_Continue) of at "
       "most 80 characters, written without $, whole (not x.y) and not the reserved "
       "“states”") },
  [SW_RULE_VARIABLE_UNASSIGNED] = { "variable-unassigned", W,
    N_("Every variable a state reads ($name in a JSONata expression, a path or an intrinsic "
       "function) is assigned somewhere") },
  [SW_RULE_VARIABLE_BEFORE_ASSIGNMENT] = { "variable-used-before-assignment", W,
    N_("A state reads a variable only if some path from StartAt assigns it first (a state's "
       "own Assign takes effect after the state)") },
  [SW_RULE_VARIABLE_OUT_OF_SCOPE] = { "variable-out-of-scope", E,
    N_("Variables assigned inside a Parallel branch or a Map iteration are not read outside "
       "it, and a distributed Map's iterations don't read the outer workflow's variables") },
  [SW_RULE_ASSIGN_TOO_LARGE] = { "assign-too-large", E,
    N_("The values an Assign writes are at most 256 KiB, the service quota per state") },
  [SW_RULE_VARIABLE_SHADOWS_OUTER] = { "variable-shadows-outer", E,
    N_("A state inside a Parallel branch or a Map iteration doesn't assign a variable that "
       "an outer scope assigns") },
  [SW_RULE_STATES_FIELD_UNAVAILABLE] = { "states-field-unavailable", E,
    N_("$states.result is only read in the Output and Assign of Task, Parallel and Map "
       "states, $states.errorOutput only in those of a catcher") },
  [SW_RULE_STATE_TYPE_UNKNOWN] = { "state-type-unknown", E,
    N_("Every state's Type is Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map") },
  [SW_RULE_STATE_NAME_TOO_LONG] = { "state-name-too-long", E,
    N_("State names are at most 80 characters") },
  [SW_RULE_STATE_NAME_INVALID] = { "state-name-invalid", E,
    N_("State names are not empty and hold no control characters") },
  [SW_RULE_STATE_NAME_DUPLICATE] = { "state-name-duplicate", E,
    N_("State names are unique across the whole state machine, nested branches included") },
  [SW_RULE_TRANSITION_TARGET_MISSING] = { "transition-target-missing", E,
    N_("StartAt, Next and Default name an existing state") },
  [SW_RULE_TRANSITION_OUT_OF_SCOPE] = { "transition-out-of-scope", E,
    N_("Transitions stay within their States block: none enters or leaves a Parallel branch "
       "or a Map processor") },
  [SW_RULE_STATE_UNREACHABLE] = { "state-unreachable", E,
    N_("Every state can be reached from StartAt") },
  [SW_RULE_NO_TERMINAL_STATE] = { "no-terminal-state", E,
    N_("Every state machine, branch and processor has a terminal state (Succeed, Fail or "
       "End: true)") },
  [SW_RULE_INFINITE_LOOP] = { "infinite-loop", W,
    N_("No loop of states is without a way to a terminal state") },
  [SW_RULE_NEXT_AND_END] = { "next-and-end", E,
    N_("A state doesn't have both Next and End") },
  [SW_RULE_NEXT_OR_END_MISSING] = { "next-or-end-missing", E,
    N_("Pass, Task, Wait, Parallel and Map states have Next or End: true") },
  [SW_RULE_CHOICE_OPERATOR_MISSING] = { "choice-operator-missing", E,
    N_("Every Choice rule has a comparison operator, or And, Or or Not") },
  [SW_RULE_CHOICE_OPERATOR_MULTIPLE] = { "choice-operator-multiple", E,
    N_("A Choice rule has only one comparison operator (or one of And, Or, Not)") },
  [SW_RULE_CHOICE_VARIABLE_MISSING] = { "choice-variable-missing", E,
    N_("A Choice rule with a comparison operator has a Variable") },
  [SW_RULE_WAIT_DURATION] = { "wait-duration", E,
    N_("A Wait state has exactly one of Seconds, Timestamp, SecondsPath and TimestampPath") },
  [SW_RULE_TASK_RESOURCE_INVALID] = { "task-resource-invalid", E,
    N_("A Task's Resource is a Lambda function, activity or service integration ARN") },
  [SW_RULE_TASK_HEARTBEAT_TOO_LONG] = { "task-heartbeat-too-long", E,
    N_("HeartbeatSeconds is smaller than TimeoutSeconds") },
  [SW_RULE_TASK_TOKEN_MISSING] = { "task-token-missing", W,
    N_("A .waitForTaskToken task passes the task token ($$.Task.Token) to the service") },
  [SW_RULE_EXPRESS_UNSUPPORTED] = { "express-unsupported-integration", E,
    N_("Tasks of Express child workflows (distributed Map, ExecutionType EXPRESS) use no "
       "activities, .sync or .waitForTaskToken") },
  [SW_RULE_MAP_DISTRIBUTED_ONLY] = { "map-distributed-only", E,
    N_("ItemReader, ItemBatcher, ResultWriter, ToleratedFailure… and Label are only used in "
       "a distributed Map state") },
  [SW_RULE_MAP_LABEL_INVALID] = { "map-label-invalid", E,
    N_("A Map Label is at most 40 characters, without white space or special characters") },
  [SW_RULE_STATES_ALL_NOT_LAST] = { "states-all-not-last", E,
    N_("A retrier or catcher matching States.ALL is the last one") },
  [SW_RULE_STATES_ALL_NOT_ALONE] = { "states-all-not-alone", E,
    N_("States.ALL appears alone in its ErrorEquals") },
  [SW_RULE_ERROR_NAME_UNKNOWN] = { "error-name-unknown", W,
    N_("Error names starting with “States.” are ones the service defines") },
  [SW_RULE_ERROR_SHADOWED] = { "error-shadowed", W,
    N_("No retrier or catcher only matches errors an earlier one already matches") },
  [SW_RULE_CFN_SUBSTITUTION] = { "cfn-substitution", W,
    N_("CloudFormation or SAM ${…} substitutions are noted; their values are checked only "
       "after substitution") },
};

#undef E
#undef W

#define MAX_DEFINITION_SIZE SW_VALIDATOR_MAX_DEFINITION_SIZE

/* Reporting */

static void
report_valist (SwValidator     *self,
               SwRuleId         rule,
               guint            line,
               guint            column,
               const SwPointer *pointer,
               const char      *format,
               va_list          args) G_GNUC_PRINTF (6, 0);

static void
report_valist (SwValidator     *self,
               SwRuleId         rule,
               guint            line,
               guint            column,
               const SwPointer *pointer,
               const char      *format,
               va_list          args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  g_autofree char *text = _sw_pointer_to_string (pointer);

  g_assert (rule < SW_N_RULES);
  g_ptr_array_add (self->diagnostics,
                   sw_diagnostic_new (rules[rule].severity, rules[rule].code,
                                      line, column, text, message));
}

void
_sw_validator_report (SwValidator     *self,
                      SwRuleId         rule,
                      guint            line,
                      guint            column,
                      const SwPointer *pointer,
                      const char      *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  report_valist (self, rule, line, column, pointer, format, args);
  va_end (args);
}

void
_sw_validator_report_value (SwValidator     *self,
                            SwRuleId         rule,
                            const SwValue   *value,
                            const SwPointer *pointer,
                            const char      *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  report_valist (self, rule, sw_value_get_line (value), sw_value_get_column (value),
                 pointer, format, args);
  va_end (args);
}

static void
collect_key_positions (GHashTable    *positions,
                       const SwValue *value)
{
  if (_sw_value_is_object (value))
    for (guint i = 0, n = sw_value_object_get_size (value); i < n; i++)
      {
        const SwValue *member = sw_value_object_get_value (value, i);

        if (_sw_value_is_object (member) || _sw_value_is_array (member))
          {
            guint64 *position = g_new (guint64, 1);

            *position = ((guint64) sw_value_object_get_key_line (value, i) << 32) |
                        sw_value_object_get_key_column (value, i);
            g_hash_table_insert (positions, (gpointer) member, position);
            collect_key_positions (positions, member);
          }
      }
  else if (_sw_value_is_array (value))
    for (guint i = 0, n = sw_value_array_get_length (value); i < n; i++)
      collect_key_positions (positions, sw_value_array_get (value, i));
}

/* Findings about an object as a whole (a missing field) point at its key when it has one:
 * the state name rather than the brace after it. Where each container's key is, is only
 * worked out the first time it is needed; a valid definition never needs it. */
void
_sw_validator_report_object (SwValidator     *self,
                             SwRuleId         rule,
                             const SwValue   *object,
                             const SwPointer *pointer,
                             const char      *format,
                             ...)
{
  gpointer packed;
  guint line = sw_value_get_line (object);
  guint column = sw_value_get_column (object);
  va_list args;

  if (self->key_positions == NULL)
    {
      self->key_positions = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
      collect_key_positions (self->key_positions, self->definition);
    }
  if (g_hash_table_lookup_extended (self->key_positions, object, NULL, &packed))
    {
      guint64 position = *(guint64 *) packed;

      line = position >> 32;
      column = position & G_MAXUINT32;
    }

  va_start (args, format);
  report_valist (self, rule, line, column, pointer, format, args);
  va_end (args);
}

gboolean
_sw_validator_is_repeated_key (const SwValue *object,
                               guint          index)
{
  const char *key = sw_value_object_get_key (object, index);
  guint first = index;

  return sw_value_object_find (object, key, &first) && first < index;
}

void
_sw_validator_report_key (SwValidator     *self,
                          SwRuleId         rule,
                          const SwValue   *object,
                          guint            index,
                          const SwPointer *pointer,
                          const char      *format,
                          ...)
{
  va_list args;

  va_start (args, format);
  report_valist (self, rule, sw_value_object_get_key_line (object, index),
                 sw_value_object_get_key_column (object, index), pointer, format, args);
  va_end (args);
}

/* JSON Pointers (RFC 6901) */

const SwPointer _sw_pointer_root = { NULL, NULL, 0, "", TRUE };

static void
append_pointer (GString         *out,
                const SwPointer *pointer)
{
  if (pointer->text != NULL)
    {
      g_string_append (out, pointer->text);
      return;
    }
  if (pointer->parent != NULL)
    append_pointer (out, pointer->parent);

  g_string_append_c (out, '/');
  if (pointer->key == NULL)
    {
      g_string_append_printf (out, "%u", pointer->index);
      return;
    }
  for (const char *p = pointer->key; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (out, "~0");
      else if (*p == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, *p);
    }
}

char *
_sw_pointer_to_string (const SwPointer *pointer)
{
  GString *out = g_string_new (NULL);

  append_pointer (out, pointer);
  return g_string_free (out, FALSE);
}

/* Pass 1a: what can be seen without knowing ASL — duplicate keys and substitutions. */

/* Where the first member named like member @i is. Keys the reader made share their text,
 * so most comparisons end at the address. */
static guint
first_of_key (const SwValue *object,
              guint          i)
{
  const char *key = _sw_value_key (object, i);
  guint index = i;

  if (_sw_value_n_members (object) > 16)
    {
      /* The object's own index finds the first member with that key. */
      sw_value_object_find (object, key, &index);
      return index;
    }

  for (guint j = 0; j < i; j++)
    {
      const char *other = _sw_value_key (object, j);

      if (other == key ||
          (other[0] == key[0] &&
           (key[0] == '\0' || (other[1] == key[1] && strcmp (other + 1, key + 1) == 0))))
        return j;
    }
  return i;
}

static void
walk_document (SwValidator     *self,
               const SwValue   *value,
               const SwPointer *pointer)
{
  switch (_sw_value_kind (value))
    {
    case SW_VALUE_OBJECT:
      {
        guint n = _sw_value_n_members (value);

        for (guint i = 0; i < n; i++)
          {
            const char *key = _sw_value_key (value, i);
            const SwPointer *child = SW_POINTER_KEY (pointer, key);
            guint index = i > 0 ? first_of_key (value, i) : 0;

            if (index < i)
              _sw_validator_report_key (self, SW_RULE_DUPLICATE_KEY, value, i, child,
                                        _("The key “%s” already appears at line %u; the "
                                          "service rejects duplicate keys"),
                                        key, sw_value_object_get_key_line (value, index));

            walk_document (self, _sw_value_member (value, i), child);
          }
      }
      break;

    case SW_VALUE_ARRAY:
      for (guint i = 0, n = _sw_value_n_items (value); i < n; i++)
        {
          const SwPointer *child = SW_POINTER_INDEX (pointer, i);

          walk_document (self, _sw_value_item (value, i), child);
        }
      break;

    case SW_VALUE_STRING:
      if (_sw_validator_is_cfn (value))
        {
          const char *text = _sw_value_text (value);
          const char *start = strstr (text, "${");
          const char *end = start ? strchr (start, '}') : NULL;
          g_autofree char *token = end ? g_strndup (start, end - start + 1) : g_strdup (text);

          _sw_validator_report_value (self, SW_RULE_CFN_SUBSTITUTION, value, pointer,
                                      _("“%s” is a CloudFormation substitution; the value is "
                                        "only checked once it is substituted"),
                                      token);
        }
      break;

    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_NUMBER:
    default:
      break;
    }
}

/* Pass 2: names and transitions across scopes, then each scope's graph. */

static int
compare_entries_by_position (gconstpointer a,
                             gconstpointer b)
{
  const SwStateEntry *ea = *(const SwStateEntry * const *) a;
  const SwStateEntry *eb = *(const SwStateEntry * const *) b;

  if (ea->key_line != eb->key_line)
    return ea->key_line < eb->key_line ? -1 : 1;
  if (ea->key_column != eb->key_column)
    return ea->key_column < eb->key_column ? -1 : 1;
  return 0;
}

static void
check_duplicate_names (SwValidator *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(GPtrArray) same = NULL;
      SwStateEntry *first;

      if (((SwStateEntry *) value)->same_name == NULL)
        continue;

      same = g_ptr_array_new ();
      for (SwStateEntry *entry = value; entry != NULL; entry = entry->same_name)
        g_ptr_array_add (same, entry);
      g_ptr_array_sort (same, compare_entries_by_position);

      /* The earliest comes first from now on; transitions that leave a scope name it. */
      for (guint i = 0; i < same->len; i++)
        ((SwStateEntry *) g_ptr_array_index (same, i))->same_name =
          i + 1 < same->len ? g_ptr_array_index (same, i + 1) : NULL;
      first = g_ptr_array_index (same, 0);
      g_hash_table_iter_replace (&iter, first);

      for (guint i = 1; i < same->len; i++)
        {
          const SwStateEntry *entry = g_ptr_array_index (same, i);

          _sw_validator_report (self, SW_RULE_STATE_NAME_DUPLICATE,
                                entry->key_line, entry->key_column, &entry->pointer,
                                _("The state name “%s” is already used at line %u; state "
                                  "names must be unique in the whole state machine, branches "
                                  "included"),
                                entry->name, first->key_line);
        }
    }
}

/* TRUE if @inner is @outer or nested in it. */
static gboolean
scope_contains (const SwScope *outer,
                const SwScope *inner)
{
  for (; inner != NULL; inner = inner->parent)
    if (inner == outer)
      return TRUE;
  return FALSE;
}

static void
resolve_transitions (SwValidator *self,
                     SwScope     *scope,
                     SwStateEntry **start)
{
  g_autoptr(GArray) edges = NULL;

  *start = NULL;

  /* Without States there is nothing to resolve against; that is reported already. */
  if (!scope->has_states)
    return;

  edges = g_array_sized_new (FALSE, FALSE, sizeof (guint) * 2, scope->transitions->len);
  for (guint i = 0; i < scope->transitions->len; i++)
    {
      SwTransition *transition = g_ptr_array_index (scope->transitions, i);
      const char *target = _sw_value_text (transition->target);
      SwStateEntry *entry = g_hash_table_lookup (scope->by_name, target);
      const SwStateEntry *other;

      if (entry != NULL)
        {
          if (transition->from == NULL)
            *start = entry;
          else
            {
              guint edge[2] = { transition->from->index, entry->index };

              g_array_append_val (edges, edge);
            }
          continue;
        }

      if (_sw_validator_is_cfn (transition->target))
        {
          scope->substituted = TRUE;
          continue;
        }

      /* Where the author meant to go is unknown; don't add a missing terminal state or an
       * endless loop on top. */
      if (transition->from != NULL)
        transition->from->terminal = TRUE;

      other = g_hash_table_lookup (self->names, target);
      if (other != NULL)
        {
          if (scope_contains (scope, other->scope))
            _sw_validator_report_value (self, SW_RULE_TRANSITION_OUT_OF_SCOPE,
                                        transition->target, transition->pointer,
                                        _("“%s” (line %u) is inside %s; a transition can't "
                                          "enter a Parallel branch or a Map processor"),
                                        target, other->key_line, _(other->scope->what));
          else
            _sw_validator_report_value (self, SW_RULE_TRANSITION_OUT_OF_SCOPE,
                                        transition->target, transition->pointer,
                                        _("“%s” (line %u) is outside %s; a transition can't "
                                          "leave a Parallel branch or a Map processor"),
                                        target, other->key_line, _(scope->this_what));
          continue;
        }

      {
        g_autofree const char **names = g_new0 (const char *, scope->states->len + 1);
        const char *suggestion;

        for (guint j = 0; j < scope->states->len; j++)
          names[j] = ((SwStateEntry *) g_ptr_array_index (scope->states, j))->name;
        suggestion = _sw_validator_suggest (target, names, scope->states->len);

        if (suggestion != NULL)
          _sw_validator_report_value (self, SW_RULE_TRANSITION_TARGET_MISSING,
                                      transition->target, transition->pointer,
                                      _("There is no state named “%s”; did you mean “%s”?"),
                                      target, suggestion);
        else
          _sw_validator_report_value (self, SW_RULE_TRANSITION_TARGET_MISSING,
                                      transition->target, transition->pointer,
                                      _("There is no state named “%s”"), target);
      }
    }

  /* Each state's successors in a row, in the order of its transitions. */
  {
    guint n = scope->states->len;
    g_autofree guint *fill = g_new0 (guint, n + 1);

    for (guint i = 0; i < edges->len; i++)
      scope->entries[((guint *) edges->data)[2 * i]].n_successors++;
    for (guint i = 0, offset = 0; i < n; i++)
      {
        scope->entries[i].first_successor = offset;
        offset += scope->entries[i].n_successors;
      }
    scope->successors = g_new (guint, MAX (edges->len, 1));
    for (guint i = 0; i < edges->len; i++)
      {
        const guint *edge = &((guint *) edges->data)[2 * i];
        SwStateEntry *from = &scope->entries[edge[0]];

        scope->successors[from->first_successor + fill[edge[0]]++] = edge[1];
      }
  }
}

#define SUCCESSOR(entry, j) ((entry)->scope->successors[(entry)->first_successor + (j)])

static gboolean
has_self_loop (SwStateEntry *entry)
{
  for (guint i = 0; i < entry->n_successors; i++)
    if (SUCCESSOR (entry, i) == entry->index)
      return TRUE;
  return FALSE;
}

/* Marks the states from which a terminal state can be reached, walking transitions
 * backwards from the terminal states. */
static gboolean *
find_finishing_states (SwScope *scope)
{
  guint n = scope->states->len;
  gboolean *finishes = g_new0 (gboolean, n);
  g_autofree guint *offsets = g_new0 (guint, n + 1);
  g_autofree guint *predecessors = NULL;
  g_autofree guint *fill = g_new0 (guint, n);
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      SwStateEntry *entry = g_ptr_array_index (scope->states, i);

      for (guint j = 0; j < entry->n_successors; j++)
        offsets[SUCCESSOR (entry, j) + 1]++;
    }
  for (guint i = 0; i < n; i++)
    offsets[i + 1] += offsets[i];
  predecessors = g_new (guint, MAX (offsets[n], 1));
  for (guint i = 0; i < n; i++)
    {
      SwStateEntry *entry = g_ptr_array_index (scope->states, i);

      for (guint j = 0; j < entry->n_successors; j++)
        {
          guint w = SUCCESSOR (entry, j);

          predecessors[offsets[w] + fill[w]++] = i;
        }
    }

  for (guint i = 0; i < n; i++)
    if (((SwStateEntry *) g_ptr_array_index (scope->states, i))->terminal)
      {
        finishes[i] = TRUE;
        g_array_append_val (queue, i);
      }
  for (guint q = 0; q < queue->len; q++)
    {
      guint v = g_array_index (queue, guint, q);

      for (guint k = offsets[v]; k < offsets[v + 1]; k++)
        if (!finishes[predecessors[k]])
          {
            finishes[predecessors[k]] = TRUE;
            g_array_append_val (queue, predecessors[k]);
          }
    }

  return finishes;
}

typedef struct
{
  guint state;
  guint edge;
} Frame;

/* Tarjan's strongly connected components over the reachable states that can't finish,
 * without recursion (a scope may hold thousands of states). Each component with a cycle is
 * a loop without exit. */
static GPtrArray *
find_endless_loops (SwScope  *scope,
                    gboolean *reachable,
                    gboolean *finishes)
{
  guint n = scope->states->len;
  g_autofree guint *index = g_new0 (guint, n);
  g_autofree guint *lowlink = g_new0 (guint, n);
  g_autofree gboolean *on_stack = g_new0 (gboolean, n);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  GPtrArray *loops = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint counter = 0;

  for (guint root = 0; root < n; root++)
    {
      Frame start = { root, 0 };

      if (!reachable[root] || finishes[root] || index[root] != 0)
        continue;

      index[root] = lowlink[root] = ++counter;
      g_array_append_val (stack, root);
      on_stack[root] = TRUE;
      g_array_append_val (frames, start);

      while (frames->len > 0)
        {
          Frame *frame = &g_array_index (frames, Frame, frames->len - 1);
          guint v = frame->state;
          SwStateEntry *entry = g_ptr_array_index (scope->states, v);

          if (frame->edge < entry->n_successors)
            {
              guint w = SUCCESSOR (entry, frame->edge++);

              if (finishes[w])
                continue;
              if (index[w] == 0)
                {
                  Frame next = { w, 0 };

                  index[w] = lowlink[w] = ++counter;
                  g_array_append_val (stack, w);
                  on_stack[w] = TRUE;
                  g_array_append_val (frames, next);
                }
              else if (on_stack[w])
                lowlink[v] = MIN (lowlink[v], index[w]);
              continue;
            }

          g_array_set_size (frames, frames->len - 1);
          if (frames->len > 0)
            {
              guint parent = g_array_index (frames, Frame, frames->len - 1).state;

              lowlink[parent] = MIN (lowlink[parent], lowlink[v]);
            }

          if (lowlink[v] == index[v])
            {
              GArray *component = g_array_new (FALSE, FALSE, sizeof (guint));
              guint w;

              do
                {
                  w = g_array_index (stack, guint, stack->len - 1);
                  g_array_set_size (stack, stack->len - 1);
                  on_stack[w] = FALSE;
                  g_array_append_val (component, w);
                }
              while (w != v);

              if (component->len > 1 ||
                  has_self_loop (g_ptr_array_index (scope->states, v)))
                g_ptr_array_add (loops, component);
              else
                g_array_unref (component);
            }
        }
    }

  return loops;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
report_loops (SwValidator *self,
              SwScope     *scope,
              gboolean    *reachable)
{
  g_autofree gboolean *finishes = find_finishing_states (scope);
  g_autoptr(GPtrArray) loops = find_endless_loops (scope, reachable, finishes);

  for (guint i = 0; i < loops->len; i++)
    {
      GArray *component = g_ptr_array_index (loops, i);
      g_autoptr(GString) names = g_string_new (NULL);
      SwStateEntry *first;

      /* Named in authored order, reported at the first. */
      g_array_sort (component, compare_guint);
      first = g_ptr_array_index (scope->states, g_array_index (component, guint, 0));
      for (guint j = 0; j < component->len; j++)
        {
          SwStateEntry *entry = g_ptr_array_index (scope->states,
                                                   g_array_index (component, guint, j));

          if (j > 0)
            g_string_append (names, ", ");
          g_string_append_printf (names, "“%s”", entry->name);
        }

      _sw_validator_report (self, SW_RULE_INFINITE_LOOP, first->key_line, first->key_column,
                            &first->pointer,
                            _("The states %s form a loop with no way to a terminal state, so "
                              "an execution that enters it never ends"),
                            names->str);
    }
}

static void
analyse_scope (SwValidator *self,
               SwScope     *scope)
{
  SwStateEntry *start = NULL;
  guint n = scope->states->len;
  g_autofree gboolean *reachable = NULL;
  g_autoptr(GArray) queue = NULL;
  gboolean has_terminal = FALSE;

  resolve_transitions (self, scope, &start);

  if (!scope->has_states || n == 0)
    return;

  for (guint i = 0; i < n; i++)
    has_terminal |= ((SwStateEntry *) g_ptr_array_index (scope->states, i))->terminal;

  /* A substituted target may be any state, so the graph is not known. */
  if (scope->substituted)
    return;

  if (!has_terminal)
    _sw_validator_report (self, SW_RULE_NO_TERMINAL_STATE, scope->states_key_line,
                          scope->states_key_column, &scope->states_pointer,
                          _("No state ends %s: add a Succeed or Fail state, or “End”: "
                            "true"),
                          _(scope->this_what));

  if (start == NULL)
    return;

  reachable = g_new0 (gboolean, n);
  queue = g_array_new (FALSE, FALSE, sizeof (guint));
  reachable[start->index] = TRUE;
  g_array_append_val (queue, start->index);
  for (guint q = 0; q < queue->len; q++)
    {
      SwStateEntry *entry = g_ptr_array_index (scope->states, g_array_index (queue, guint, q));

      for (guint j = 0; j < entry->n_successors; j++)
        {
          guint next = SUCCESSOR (entry, j);

          if (!reachable[next])
            {
              reachable[next] = TRUE;
              g_array_append_val (queue, next);
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      SwStateEntry *entry = g_ptr_array_index (scope->states, i);

      if (!reachable[i] && !entry->duplicate)
        _sw_validator_report (self, SW_RULE_STATE_UNREACHABLE, entry->key_line,
                              entry->key_column, &entry->pointer,
                              _("No transition leads to the state “%s”; the service rejects "
                                "unreachable states"),
                              entry->name);
    }

  if (has_terminal)
    report_loops (self, scope, reachable);
}

/* Public API */

/**
 * sw_validate_full:
 * @definition: the parsed definition
 * @source_size: the size of the text it was read from, in bytes, or 0 if unknown
 *
 * Checks @definition against every rule of sw_validator_get_rules(). Knowing the size of
 * the source lets the validator apply the service's quota on the size of a definition.
 *
 * Returns: (transfer container) (element-type SwDiagnostic): the findings, sorted with
 *   sw_diagnostic_compare(); empty when the definition is valid
 */
GPtrArray *
sw_validate_full (const SwValue *definition,
                  gsize          source_size)
{
  SwValidator self = { 0 };
  const SwPointer *root = &_sw_pointer_root;

  g_return_val_if_fail (definition != NULL, NULL);

  self.diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
  self.scopes = g_ptr_array_new_with_free_func (_sw_scope_free);
  self.names = g_hash_table_new (g_str_hash, g_str_equal);
  self.definition = definition;

  walk_document (&self, definition, root);

  if (source_size > MAX_DEFINITION_SIZE)
    {
      /* The number is formatted first: a msgid holding G_GSIZE_FORMAT cannot be translated. */
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, source_size);

      _sw_validator_report_value (&self, SW_RULE_DEFINITION_TOO_LARGE, definition, root,
                                  _("The definition is %s bytes; the service accepts at most "
                                    "%u (1 MiB)"),
                                  size, MAX_DEFINITION_SIZE);
    }

  if (!_sw_value_is_object (definition))
    _sw_validator_report_value (&self, SW_RULE_ROOT_NOT_OBJECT, definition, root,
                                _("A state machine definition must be a JSON object, not %s"),
                                _sw_validator_type_name (definition));
  else
    _sw_validator_validate_root (&self, definition);

  check_duplicate_names (&self);
  for (guint i = 0; i < self.scopes->len; i++)
    analyse_scope (&self, g_ptr_array_index (self.scopes, i));
  _sw_validator_check_variables (&self);

  g_hash_table_unref (self.names);
  g_clear_pointer (&self.key_positions, g_hash_table_unref);
  g_clear_pointer (&self.intrinsics, g_hash_table_unref);
  g_clear_pointer (&self.resources, g_hash_table_unref);
  g_clear_pointer (&self.expressions, g_hash_table_unref);
  g_clear_pointer (&self.names_chunk, g_string_chunk_free);
  g_ptr_array_unref (self.scopes);

  g_ptr_array_sort (self.diagnostics, sw_diagnostic_compare);
  return self.diagnostics;
}

/**
 * sw_validate:
 * @definition: the parsed definition
 *
 * Like sw_validate_full() without the size quota.
 *
 * Returns: (transfer container) (element-type SwDiagnostic): the sorted findings
 */
GPtrArray *
sw_validate (const SwValue *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);

  return sw_validate_full (definition, 0);
}

/**
 * sw_validator_get_rules:
 * @n_rules: (out): the number of rules
 *
 * Lists every rule of the validator. Summaries are untranslated; see
 * sw_validator_rule_get_summary().
 *
 * Returns: (transfer none) (array length=n_rules): the rules
 */
const SwValidatorRule *
sw_validator_get_rules (guint *n_rules)
{
  g_return_val_if_fail (n_rules != NULL, NULL);

  *n_rules = SW_N_RULES;
  return rules;
}

/**
 * sw_validator_find_rule:
 * @code: a rule code such as `duplicate-key`
 *
 * Returns: (transfer none) (nullable): the rule with that code
 */
const SwValidatorRule *
sw_validator_find_rule (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < SW_N_RULES; i++)
    if (strcmp (rules[i].code, code) == 0)
      return &rules[i];
  return NULL;
}

/**
 * sw_validator_rule_get_summary:
 *
 * Returns: the rule's summary, translated
 */
const char *
sw_validator_rule_get_summary (const SwValidatorRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, rule->summary);
}
