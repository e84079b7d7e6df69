/* sw-validator-choice.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Choice states: rules in JSONPath (a comparison, or And/Or/Not around nested rules) and in
 * JSONata (a Condition). */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-validator-private.h"

typedef enum
{
  OPERAND_STRING,
  OPERAND_NUMBER,
  OPERAND_BOOLEAN,
  OPERAND_TIMESTAMP,
  OPERAND_PATH,
  OPERAND_TYPE_TEST,
} OperandKind;

static const struct
{
  const char *name;
  OperandKind kind;
} operators[] = {
  { "StringEquals", OPERAND_STRING },
  { "StringEqualsPath", OPERAND_PATH },
  { "StringLessThan", OPERAND_STRING },
  { "StringLessThanPath", OPERAND_PATH },
  { "StringGreaterThan", OPERAND_STRING },
  { "StringGreaterThanPath", OPERAND_PATH },
  { "StringLessThanEquals", OPERAND_STRING },
  { "StringLessThanEqualsPath", OPERAND_PATH },
  { "StringGreaterThanEquals", OPERAND_STRING },
  { "StringGreaterThanEqualsPath", OPERAND_PATH },
  { "StringMatches", OPERAND_STRING },
  { "NumericEquals", OPERAND_NUMBER },
  { "NumericEqualsPath", OPERAND_PATH },
  { "NumericLessThan", OPERAND_NUMBER },
  { "NumericLessThanPath", OPERAND_PATH },
  { "NumericGreaterThan", OPERAND_NUMBER },
  { "NumericGreaterThanPath", OPERAND_PATH },
  { "NumericLessThanEquals", OPERAND_NUMBER },
  { "NumericLessThanEqualsPath", OPERAND_PATH },
  { "NumericGreaterThanEquals", OPERAND_NUMBER },
  { "NumericGreaterThanEqualsPath", OPERAND_PATH },
  { "BooleanEquals", OPERAND_BOOLEAN },
  { "BooleanEqualsPath", OPERAND_PATH },
  { "TimestampEquals", OPERAND_TIMESTAMP },
  { "TimestampEqualsPath", OPERAND_PATH },
  { "TimestampLessThan", OPERAND_TIMESTAMP },
  { "TimestampLessThanPath", OPERAND_PATH },
  { "TimestampGreaterThan", OPERAND_TIMESTAMP },
  { "TimestampGreaterThanPath", OPERAND_PATH },
  { "TimestampLessThanEquals", OPERAND_TIMESTAMP },
  { "TimestampLessThanEqualsPath", OPERAND_PATH },
  { "TimestampGreaterThanEquals", OPERAND_TIMESTAMP },
  { "TimestampGreaterThanEqualsPath", OPERAND_PATH },
  { "IsNull", OPERAND_TYPE_TEST },
  { "IsPresent", OPERAND_TYPE_TEST },
  { "IsNumeric", OPERAND_TYPE_TEST },
  { "IsString", OPERAND_TYPE_TEST },
  { "IsBoolean", OPERAND_TYPE_TEST },
  { "IsTimestamp", OPERAND_TYPE_TEST },
};

/* Fields of JSONPath rules besides the operators. */
static const char * const jsonpath_rule_fields[] = { "Variable", "And", "Or", "Not", NULL };

static int
find_operator (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    if (operators[i].name[0] == name[0] && strcmp (operators[i].name, name) == 0)
      return (int) i;
  return -1;
}

gboolean
_sw_validator_is_choice_field (const char *name)
{
  return find_operator (name) >= 0 ||
         g_strv_contains (jsonpath_rule_fields, name) ||
         strcmp (name, "Condition") == 0;
}

static void
report_unknown_rule_field (SwValidator     *self,
                           const SwValue   *rule,
                           guint            index,
                           const SwPointer *pointer,
                           SwQueryLanguage  query_language,
                           gboolean         top)
{
  const char *key = sw_value_object_get_key (rule, index);
  const char *candidates[G_N_ELEMENTS (operators) + 8];
  guint n = 0;
  const char *suggestion;

  if (_sw_validator_is_known_field (key))
    {
      _sw_validator_report_key (self, SW_RULE_FIELD_NOT_ALLOWED, rule, index, pointer,
                                top ? _("“%s” is not allowed in a Choice rule") :
                                _("“%s” is not allowed in a nested Choice rule"),
                                key);
      return;
    }

  candidates[n++] = "Comment";
  if (top)
    {
      candidates[n++] = "Next";
      candidates[n++] = "Assign";
    }
  if (query_language == SW_QL_JSONATA)
    {
      candidates[n++] = "Condition";
      candidates[n++] = "Output";
    }
  else
    {
      for (guint i = 0; jsonpath_rule_fields[i] != NULL; i++)
        candidates[n++] = jsonpath_rule_fields[i];
      for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
        candidates[n++] = operators[i].name;
    }

  suggestion = _sw_validator_suggest (key, candidates, n);
  if (suggestion != NULL)
    _sw_validator_report_key (self, SW_RULE_FIELD_UNKNOWN, rule, index, pointer,
                              _("“%s” is not a field of a Choice rule; did you mean “%s”?"),
                              key, suggestion);
  else
    _sw_validator_report_key (self, SW_RULE_FIELD_UNKNOWN, rule, index, pointer,
                              _("“%s” is not a field of a Choice rule"), key);
}

static void
check_operand (SwValidator     *self,
               OperandKind      kind,
               const char      *name,
               const SwValue   *value,
               const SwPointer *pointer)
{
  switch (kind)
    {
    case OPERAND_STRING:
      _sw_validator_check_type (self, value, SW_VALUE_STRING, name, pointer);
      break;

    case OPERAND_NUMBER:
      _sw_validator_check_type (self, value, SW_VALUE_NUMBER, name, pointer);
      break;

    case OPERAND_BOOLEAN:
    case OPERAND_TYPE_TEST:
      _sw_validator_check_type (self, value, SW_VALUE_BOOLEAN, name, pointer);
      break;

    case OPERAND_TIMESTAMP:
      if (_sw_validator_check_type (self, value, SW_VALUE_STRING, name, pointer) &&
          !_sw_validator_is_cfn (value) &&
          !_sw_timestamp_is_valid (_sw_value_text (value)))
        _sw_validator_report_value (self, SW_RULE_TIMESTAMP_INVALID, value, pointer,
                                    _("“%s” is not an RFC 3339 timestamp such as "
                                      "“2026-01-31T23:59:59Z”"),
                                    _sw_value_text (value));
      break;

    case OPERAND_PATH:
      if (_sw_validator_check_type (self, value, SW_VALUE_STRING, name, pointer))
        _sw_validator_check_path (self, value, pointer, name, TRUE, TRUE, FALSE);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void check_jsonpath_rule (SwValidator     *self,
                                 SwStateEntry    *entry,
                                 const SwValue   *rule,
                                 const SwPointer *pointer,
                                 gboolean         top);

static void
check_nested_list (SwValidator     *self,
                   SwStateEntry    *entry,
                   const SwValue   *list,
                   const char      *name,
                   const SwPointer *pointer)
{
  guint n;

  if (!_sw_validator_check_type (self, list, SW_VALUE_ARRAY, name, pointer))
    return;

  n = sw_value_array_get_length (list);
  if (n == 0)
    _sw_validator_report_value (self, SW_RULE_ARRAY_EMPTY, list, pointer,
                                _("“%s” must hold at least one Choice rule"), name);

  for (guint i = 0; i < n; i++)
    {
      const SwValue *nested = sw_value_array_get (list, i);
      const SwPointer *child = SW_POINTER_INDEX (pointer, i);

      if (!_sw_value_is_object (nested))
        _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, nested, child,
                                    _("A Choice rule must be an object, not %s"),
                                    _sw_validator_type_name (nested));
      else
        check_jsonpath_rule (self, entry, nested, child, FALSE);
    }
}

static void
check_jsonpath_rule (SwValidator     *self,
                     SwStateEntry    *entry,
                     const SwValue   *rule,
                     const SwPointer *pointer,
                     gboolean         top)
{
  guint n = sw_value_object_get_size (rule);
  guint n_operators = 0;
  guint first_operator = 0;
  gboolean comparison = FALSE;
  gboolean has_variable = FALSE;
  gboolean jsonata_test = FALSE;
  guint variable_index = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *key = sw_value_object_get_key (rule, i);
      const SwValue *value = sw_value_object_get_value (rule, i);
      const SwPointer *child = SW_POINTER_KEY (pointer, key);
      gboolean is_operator = FALSE;
      int op;

      if (_sw_validator_is_repeated_key (rule, i))
        continue; /* reported as duplicate-key */

      if (strcmp (key, "Comment") == 0)
        _sw_validator_check_type (self, value, SW_VALUE_STRING, key, child);
      else if (strcmp (key, "Next") == 0 && top)
        {
          if (_sw_validator_check_type (self, value, SW_VALUE_STRING, key, child))
            _sw_validator_add_transition (self, entry, value, child);
        }
      else if (strcmp (key, "Assign") == 0 && top)
        _sw_validator_check_assign (self, value, child, SW_QL_JSONPATH);
      else if (strcmp (key, "Variable") == 0)
        {
          has_variable = TRUE;
          variable_index = i;
          if (_sw_validator_check_type (self, value, SW_VALUE_STRING, key, child))
            _sw_validator_check_path (self, value, child, key, TRUE, TRUE, FALSE);
        }
      else if (strcmp (key, "And") == 0 || strcmp (key, "Or") == 0)
        {
          is_operator = TRUE;
          check_nested_list (self, entry, value, key, child);
        }
      else if (strcmp (key, "Not") == 0)
        {
          is_operator = TRUE;
          if (_sw_validator_check_type (self, value, SW_VALUE_OBJECT, key, child))
            check_jsonpath_rule (self, entry, value, child, FALSE);
        }
      else if ((op = find_operator (key)) >= 0)
        {
          is_operator = TRUE;
          comparison = TRUE;
          check_operand (self, operators[op].kind, key, value, child);
        }
      else if (strcmp (key, "Condition") == 0 || (strcmp (key, "Output") == 0 && top))
        {
          jsonata_test |= strcmp (key, "Condition") == 0;
          _sw_validator_report_key (self, SW_RULE_QUERY_LANGUAGE_FIELD, rule, i, child,
                                    _("“%s” is a JSONata field, but this state uses JSONPath; "
                                      "set “QueryLanguage” to “JSONata” to use it"),
                                    key);
        }
      else
        report_unknown_rule_field (self, rule, i, child, SW_QL_JSONPATH, top);

      if (!is_operator)
        continue;

      if (n_operators++ == 0)
        first_operator = i;
      else
        _sw_validator_report_key (self, SW_RULE_CHOICE_OPERATOR_MULTIPLE, rule, i, child,
                                  _("A Choice rule takes one comparison, or one of “And”, "
                                    "“Or” and “Not”, but “%s” and “%s” are both set"),
                                  sw_value_object_get_key (rule, first_operator), key);
    }

  /* A JSONata Condition in its place is reported as such. */
  if (n_operators == 0 && !jsonata_test)
    _sw_validator_report_object (self, SW_RULE_CHOICE_OPERATOR_MISSING, rule, pointer,
                                 _("The Choice rule has no comparison (such as "
                                   "“StringEquals”) and no “And”, “Or” or “Not”"));
  else if (comparison && !has_variable)
    _sw_validator_report_object (self, SW_RULE_CHOICE_VARIABLE_MISSING, rule, pointer,
                                 _("The Choice rule compares, but has no “Variable” to "
                                   "compare"));
  else if (!comparison && has_variable && n_operators == 1)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Variable");

      _sw_validator_report_key (self, SW_RULE_FIELD_NOT_ALLOWED, rule, variable_index, child,
                                _("“Variable” is not allowed beside “%s”; put it in the "
                                  "nested rules"),
                                sw_value_object_get_key (rule, first_operator));
    }

  if (top && !sw_value_object_has (rule, "Next"))
    _sw_validator_report_object (self, SW_RULE_FIELD_REQUIRED, rule, pointer,
                                 _("A Choice rule needs “Next”"));
}

static void
check_jsonata_rule (SwValidator     *self,
                    SwStateEntry    *entry,
                    const SwValue   *rule,
                    const SwPointer *pointer)
{
  guint n = sw_value_object_get_size (rule);
  gboolean jsonpath_test = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *key = sw_value_object_get_key (rule, i);
      const SwValue *value = sw_value_object_get_value (rule, i);
      const SwPointer *child = SW_POINTER_KEY (pointer, key);

      if (_sw_validator_is_repeated_key (rule, i))
        continue; /* reported as duplicate-key */

      if (strcmp (key, "Comment") == 0)
        _sw_validator_check_type (self, value, SW_VALUE_STRING, key, child);
      else if (strcmp (key, "Next") == 0)
        {
          if (_sw_validator_check_type (self, value, SW_VALUE_STRING, key, child))
            _sw_validator_add_transition (self, entry, value, child);
        }
      else if (strcmp (key, "Assign") == 0)
        _sw_validator_check_assign (self, value, child, SW_QL_JSONATA);
      else if (strcmp (key, "Output") == 0)
        _sw_validator_check_template (self, value, child, SW_QL_JSONATA);
      else if (strcmp (key, "Condition") == 0)
        {
          if (_sw_value_is_boolean (value))
            continue;
          if (!_sw_validator_check_type (self, value, SW_VALUE_STRING, key, child))
            continue;
          if (!g_str_has_prefix (_sw_value_text (value), "{%") &&
              !g_str_has_suffix (_sw_value_text (value), "%}"))
            _sw_validator_report_value (self, SW_RULE_JSONATA_DELIMITERS, value, child,
                                        _("“Condition” must be a JSONata expression enclosed "
                                          "in “{%% … %%}”"));
          else
            _sw_validator_check_jsonata_string (self, value, child);
        }
      else if (_sw_validator_is_choice_field (key))
        {
          jsonpath_test = TRUE;
          _sw_validator_report_key (self, SW_RULE_QUERY_LANGUAGE_FIELD, rule, i, child,
                                    _("“%s” is a JSONPath field, but this state uses JSONata; "
                                      "write the test as a “Condition”"),
                                    key);
        }
      else
        report_unknown_rule_field (self, rule, i, child, SW_QL_JSONATA, TRUE);
    }

  /* A JSONPath test in its place is reported as such. */
  if (!sw_value_object_has (rule, "Condition") && !jsonpath_test)
    _sw_validator_report_object (self, SW_RULE_FIELD_REQUIRED, rule, pointer,
                                 _("A Choice rule needs “Condition”"));
  if (!sw_value_object_has (rule, "Next"))
    _sw_validator_report_object (self, SW_RULE_FIELD_REQUIRED, rule, pointer,
                                 _("A Choice rule needs “Next”"));
}

void
_sw_validator_check_choice (SwValidator     *self,
                            SwStateEntry    *entry,
                            const SwValue   *state,
                            const SwPointer *pointer,
                            SwQueryLanguage  query_language)
{
  const SwValue *choices = sw_value_object_get (state, "Choices");
  const SwValue *fallback = sw_value_object_get (state, "Default");

  if (choices == NULL)
    _sw_validator_report_object (self, SW_RULE_FIELD_REQUIRED, state, pointer,
                                 _("A Choice state needs “Choices”"));
  else
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Choices");

      if (_sw_validator_check_type (self, choices, SW_VALUE_ARRAY, "Choices", child))
        {
          guint n = sw_value_array_get_length (choices);

          if (n == 0)
            _sw_validator_report_value (self, SW_RULE_ARRAY_EMPTY, choices, child,
                                        _("“Choices” must hold at least one Choice rule"));

          for (guint i = 0; i < n; i++)
            {
              const SwValue *rule = sw_value_array_get (choices, i);
              const SwPointer *item = SW_POINTER_INDEX (child, i);

              if (!_sw_value_is_object (rule))
                _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, rule, item,
                                            _("A Choice rule must be an object, not %s"),
                                            _sw_validator_type_name (rule));
              else if (query_language == SW_QL_JSONATA)
                check_jsonata_rule (self, entry, rule, item);
              else
                check_jsonpath_rule (self, entry, rule, item, TRUE);
            }
        }
    }

  if (fallback != NULL)
    {
      const SwPointer *child = SW_POINTER_KEY (pointer, "Default");

      if (_sw_validator_check_type (self, fallback, SW_VALUE_STRING, "Default", child))
        _sw_validator_add_transition (self, entry, fallback, child);
    }
}
