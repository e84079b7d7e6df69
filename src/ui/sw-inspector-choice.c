/* sw-inspector-choice.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Rules tab of a Choice state: a rule builder (variable, operator, value, nested
 * And/Or/Not, Next) and the Default; in JSONata, a Condition expression per rule. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-inspector-private.h"
#include "sw-json.h"

static const char * const operators[] = {
  "StringEquals", "StringEqualsPath", "StringLessThan", "StringLessThanPath",
  "StringGreaterThan", "StringGreaterThanPath", "StringLessThanEquals",
  "StringLessThanEqualsPath", "StringGreaterThanEquals", "StringGreaterThanEqualsPath",
  "StringMatches",
  "NumericEquals", "NumericEqualsPath", "NumericLessThan", "NumericLessThanPath",
  "NumericGreaterThan", "NumericGreaterThanPath", "NumericLessThanEquals",
  "NumericLessThanEqualsPath", "NumericGreaterThanEquals", "NumericGreaterThanEqualsPath",
  "BooleanEquals", "BooleanEqualsPath",
  "TimestampEquals", "TimestampEqualsPath", "TimestampLessThan", "TimestampLessThanPath",
  "TimestampGreaterThan", "TimestampGreaterThanPath", "TimestampLessThanEquals",
  "TimestampLessThanEqualsPath", "TimestampGreaterThanEquals",
  "TimestampGreaterThanEqualsPath",
  "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
  NULL
};

const char * const *
_sw_choice_get_operators (void)
{
  return operators;
}

SwValue *
_sw_choice_new_comparison (void)
{
  SwValue *rule = sw_value_new_object ();

  sw_value_object_set (rule, "Variable", sw_value_new_string ("$.value"));
  sw_value_object_set (rule, "StringEquals", sw_value_new_string (""));
  return rule;
}

static gboolean
is_operator (const char *key)
{
  return g_strv_contains (operators, key);
}

static gboolean
is_condition_key (const char *key)
{
  return is_operator (key) || strcmp (key, "Variable") == 0 || strcmp (key, "And") == 0 ||
         strcmp (key, "Or") == 0 || strcmp (key, "Not") == 0;
}

static const char *
find_operator (const SwValue *node,
               SwValue      **value)
{
  for (guint i = 0; node != NULL && sw_value_is_object (node) &&
                    i < sw_value_object_get_size (node); i++)
    if (is_operator (sw_value_object_get_key (node, i)))
      {
        if (value != NULL)
          *value = sw_value_object_get_value (node, i);
        return sw_value_object_get_key (node, i);
      }
  return NULL;
}

/* 's' string, 'n' number, 'b' boolean, 'p' path */
static char
operator_kind (const char *op)
{
  if (g_str_has_suffix (op, "Path"))
    return 'p';
  if (g_str_has_prefix (op, "Numeric"))
    return 'n';
  if (g_str_has_prefix (op, "Boolean") || g_str_has_prefix (op, "Is"))
    return 'b';
  return 's';
}

static SwValue *
parse_operand (const char  *op,
               const char  *text,
               GError     **error)
{
  g_autoptr (SwValue) value = NULL;

  switch (operator_kind (op))
    {
    case 'n':
      value = sw_json_parse (text, -1, NULL, NULL, NULL);
      if (value == NULL || !sw_value_is_number (value))
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Type a number"));
          return NULL;
        }
      return g_steal_pointer (&value);
    case 'b':
      if (strcmp (text, "true") == 0 || strcmp (text, "false") == 0)
        return sw_value_new_boolean (text[0] == 't');
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Type true or false"));
      return NULL;
    case 'p':
      if (text[0] != '$')
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s",
                       _("Type a path that starts with $"));
          return NULL;
        }
      return sw_value_new_string (text);
    case 's':
    default:
      return sw_value_new_string (text);
    }
}

static SwValue *
default_operand (const char *op)
{
  switch (operator_kind (op))
    {
    case 'n':
      return sw_value_new_int (0);
    case 'b':
      return sw_value_new_boolean (TRUE);
    case 'p':
      return sw_value_new_string ("$.other");
    case 's':
    default:
      if (g_str_has_prefix (op, "Timestamp"))
        return sw_value_new_string ("2026-01-01T00:00:00Z");
      return sw_value_new_string ("");
    }
}

static char *
operand_text (SwValue *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (sw_value_is_string (value))
    return g_strdup (sw_value_get_string (value));
  return sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
}

static char *
node_pointer (SwField *field)
{
  const char *hash = strchr (field->pointer, '#');

  return g_strndup (field->pointer, hash != NULL ? (gsize) (hash - field->pointer)
                                                 : strlen (field->pointer));
}

static SwValue *
node_of (SwField *field)
{
  g_autofree char *pointer = node_pointer (field);

  return _sw_inspector_lookup (field->inspector, pointer);
}

/* Operator ----------------------------------------------------------------------------------- */

static void
operator_display (SwField *field,
                  SwValue *current)
{
  const char *op = find_operator (node_of (field), NULL);
  guint index = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; op != NULL && operators[i] != NULL; i++)
    if (strcmp (operators[i], op) == 0)
      index = i;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget), index);
}

static gboolean
operator_commit (SwField  *field,
                 GError  **error)
{
  g_autofree char *pointer = node_pointer (field);
  SwValue *node = _sw_inspector_lookup (field->inspector, pointer);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->widget));
  SwValue *old_value = NULL;
  const char *old_op;
  const char *new_op;
  g_autoptr (SwValue) copy = NULL;
  g_autoptr (SwValue) operand = NULL;
  g_autofree char *text = NULL;

  if (node == NULL || selected >= g_strv_length ((GStrv) operators))
    return FALSE;
  new_op = operators[selected];
  old_op = find_operator (node, &old_value);
  if (g_strcmp0 (old_op, new_op) == 0)
    return TRUE;

  /* Keep the operand when it still makes sense for the new operator. */
  text = operand_text (old_value);
  operand = parse_operand (new_op, text, NULL);
  if (operand == NULL || (operator_kind (new_op) == 's' && old_value != NULL &&
                          !sw_value_is_string (old_value)))
    {
      g_clear_pointer (&operand, sw_value_unref);
      operand = default_operand (new_op);
    }

  copy = sw_value_new_object ();
  for (guint i = 0; i < sw_value_object_get_size (node); i++)
    {
      const char *key = sw_value_object_get_key (node, i);

      if (old_op != NULL && strcmp (key, old_op) == 0)
        sw_value_object_set (copy, new_op, g_steal_pointer (&operand));
      else
        sw_value_object_set (copy, key, sw_value_copy (sw_value_object_get_value (node, i)));
    }
  if (operand != NULL)
    sw_value_object_set (copy, new_op, g_steal_pointer (&operand));
  return _sw_inspector_set_at (field->inspector, pointer, g_steal_pointer (&copy), error);
}

/* Operand ------------------------------------------------------------------------------------ */

static void
operand_display (SwField *field,
                 SwValue *current)
{
  SwValue *value = NULL;
  g_autofree char *text = NULL;

  find_operator (node_of (field), &value);
  text = operand_text (value);
  if (!field->dirty && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field->widget)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (field->widget), text);
}

static gboolean
operand_commit (SwField  *field,
                GError  **error)
{
  g_autofree char *pointer = node_pointer (field);
  SwValue *node = _sw_inspector_lookup (field->inspector, pointer);
  const char *op = find_operator (node, NULL);
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;
  SwValue *operand;

  if (op == NULL)
    return FALSE;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->widget))));
  operand = parse_operand (op, text, error);
  if (operand == NULL)
    return FALSE;
  target = _sw_pointer_append (pointer, op);
  {
    SwValue *current = _sw_inspector_lookup (field->inspector, target);

    if (current != NULL && sw_value_equal (current, operand))
      {
        sw_value_unref (operand);
        return TRUE;
      }
  }
  return _sw_inspector_set_at (field->inspector, target, operand, error);
}

/* Kind: a comparison, And, Or or Not ---------------------------------------------------------- */

static const char * const kinds[] = { "comparison", "And", "Or", "Not", NULL };

static guint
kind_of (SwValue *node)
{
  if (node == NULL || !sw_value_is_object (node))
    return 0;
  for (guint i = 1; i < 4; i++)
    if (sw_value_object_has (node, kinds[i]))
      return i;
  return 0;
}

static void
kind_display (SwField *field,
              SwValue *current)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget), kind_of (node_of (field)));
}

/* The node's condition alone, without Next, Comment, Assign or Output. */
static SwValue *
condition_part (SwValue *node)
{
  SwValue *part = sw_value_new_object ();

  for (guint i = 0; i < sw_value_object_get_size (node); i++)
    if (is_condition_key (sw_value_object_get_key (node, i)))
      sw_value_object_set (part, sw_value_object_get_key (node, i),
                           sw_value_copy (sw_value_object_get_value (node, i)));
  return part;
}

static gboolean
kind_commit (SwField  *field,
             GError  **error)
{
  g_autofree char *pointer = node_pointer (field);
  SwValue *node = _sw_inspector_lookup (field->inspector, pointer);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->widget));
  guint current;
  g_autoptr (SwValue) condition = NULL;
  g_autoptr (SwValue) copy = NULL;

  if (node == NULL || selected >= 4)
    return FALSE;
  current = kind_of (node);
  if (current == selected)
    return TRUE;

  if (selected == 0)
    {
      /* Back to a comparison: the first comparison inside, else a new one. */
      SwValue *inner = sw_value_object_get (node, kinds[current]);
      SwValue *first = inner != NULL && sw_value_is_array (inner) &&
                       sw_value_array_get_length (inner) > 0
                       ? sw_value_array_get (inner, 0) : inner;

      if (first != NULL && kind_of (first) == 0 && find_operator (first, NULL) != NULL)
        condition = condition_part (first);
      else
        condition = _sw_choice_new_comparison ();
    }
  else
    {
      SwValue *operand;

      if ((current == 1 || current == 2) && selected != 3)
        operand = sw_value_copy (sw_value_object_get (node, kinds[current]));
      else if (selected == 3)
        operand = condition_part (node);
      else
        {
          operand = sw_value_new_array ();
          sw_value_array_append (operand, condition_part (node));
        }
      condition = sw_value_new_object ();
      sw_value_object_set (condition, kinds[selected], operand);
    }

  copy = sw_value_copy (condition);
  for (guint i = 0; i < sw_value_object_get_size (node); i++)
    if (!is_condition_key (sw_value_object_get_key (node, i)))
      sw_value_object_set (copy, sw_value_object_get_key (node, i),
                           sw_value_copy (sw_value_object_get_value (node, i)));
  return _sw_inspector_set_at (field->inspector, pointer, g_steal_pointer (&copy), error);
}

/* Building ------------------------------------------------------------------------------------ */

static SwField *
custom_field (SwInspector        *self,
              GtkWidget          *parent,
              const char         *node,
              const char         *suffix,
              const char         *label,
              const char * const *choices,
              const char * const *titles,
              SwFieldDisplayFunc  display,
              SwFieldCommitFunc   commit)
{
  g_autofree char *pointer = g_strconcat (node, suffix, NULL);
  SwField *field;

  if (choices != NULL)
    field = _sw_field_new_choice (self, pointer, label, choices, titles);
  else
    field = _sw_field_new (self, SW_FIELD_CUSTOM, pointer, label);
  field->display = display;
  field->commit = commit;
  _sw_field_refresh (field);
  gtk_box_append (GTK_BOX (parent), field->box);
  return field;
}

static void build_condition (SwInspector *self,
                             GtkWidget   *parent,
                             const char  *pointer,
                             SwValue     *node,
                             guint        depth);

static void
build_group (SwInspector *self,
             GtkWidget   *parent,
             const char  *pointer,
             SwValue     *list,
             guint        depth)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  guint n = sw_value_array_get_length (list);

  gtk_widget_add_css_class (group, "sw-condition-group");
  gtk_box_append (GTK_BOX (parent), group);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *child = _sw_pointer_append_index (pointer, i);
      g_autofree char *title = g_strdup_printf (_("Condition %u"), i + 1);
      GtkWidget *card = _sw_inspector_card (group, title, child, i, n);

      gtk_widget_add_css_class (card, "sw-condition");
      build_condition (self, card, child, sw_value_array_get (list, i), depth + 1);
    }
  _sw_inspector_add_button (group, _("Add Condition"), "inspector.add-condition",
                            g_variant_new_string (pointer));
}

static void
build_condition (SwInspector *self,
                 GtkWidget   *parent,
                 const char  *pointer,
                 SwValue     *node,
                 guint        depth)
{
  const char *kind_titles[] = {
    _("Compare a value"), _("All of (And)"), _("Any of (Or)"), _("Not"), NULL,
  };
  guint kind = kind_of (node);
  SwField *field;

  custom_field (self, parent, pointer, "#kind", _("Match"), kinds, kind_titles,
                kind_display, kind_commit);

  if (kind == 1 || kind == 2)
    {
      SwValue *list = sw_value_object_get (node, kinds[kind]);
      g_autofree char *list_pointer = _sw_pointer_append (pointer, kinds[kind]);

      if (list != NULL && sw_value_is_array (list) && depth < 16)
        build_group (self, parent, list_pointer, list, depth);
      return;
    }
  if (kind == 3)
    {
      SwValue *inner = sw_value_object_get (node, "Not");
      g_autofree char *inner_pointer = _sw_pointer_append (pointer, "Not");
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

      gtk_widget_add_css_class (group, "sw-condition-group");
      gtk_box_append (GTK_BOX (parent), group);
      if (inner != NULL && sw_value_is_object (inner) && depth < 16)
        build_condition (self, group, inner_pointer, inner, depth + 1);
      return;
    }

  {
    g_autofree char *variable = _sw_pointer_append (pointer, "Variable");

    field = _sw_field_new (self, SW_FIELD_TEXT, variable, _("Variable"));
    _sw_field_set_placeholder (field, "$.status");
    gtk_box_append (GTK_BOX (parent), field->box);
  }
  custom_field (self, parent, pointer, "#operator", _("Operator"), operators, NULL,
                operator_display, operator_commit);
  field = custom_field (self, parent, pointer, "#value", _("Value"), NULL, NULL,
                        operand_display, operand_commit);
  _sw_field_set_placeholder (field, _("Value, or a path for …Path operators"));
}

void
_sw_inspector_build_choice (SwInspector *self,
                            GtkWidget   *page)
{
  GtkWidget *section = _sw_inspector_section (page, _("Choice rules"),
                                              _("Rules are tried in order; the first that "
                                                "matches chooses the next state."));
  SwValue *rules = _sw_inspector_lookup (self, "/Choices");
  gboolean jsonata = _sw_inspector_is_jsonata (self);
  guint n = rules != NULL && sw_value_is_array (rules) ? sw_value_array_get_length (rules) : 0;
  SwField *field;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rule = _sw_pointer_append_index ("/Choices", i);
      g_autofree char *title = g_strdup_printf (_("Rule #%u"), i + 1);
      g_autofree char *next = _sw_pointer_append (rule, "Next");
      g_autofree char *comment = _sw_pointer_append (rule, "Comment");
      GtkWidget *card = _sw_inspector_card (section, title, rule, i, n);

      if (jsonata)
        {
          g_autofree char *condition = _sw_pointer_append (rule, "Condition");

          field = _sw_field_new (self, SW_FIELD_TEMPLATE, condition, _("Condition"));
          _sw_field_set_placeholder (field, "{% $states.input.ready %}");
          gtk_box_append (GTK_BOX (card), field->box);
        }
      else
        build_condition (self, card, rule, sw_value_array_get (rules, i), 0);

      field = _sw_field_new_state (self, next, _("Then go to"), NULL, FALSE);
      gtk_box_append (GTK_BOX (card), field->box);
      field = _sw_field_new (self, SW_FIELD_TEXT, comment, _("Comment"));
      _sw_field_set_placeholder (field, _("Shown on the diagram's edge"));
      gtk_box_append (GTK_BOX (card), field->box);
    }
  _sw_inspector_add_button (section, _("Add _Rule"), "inspector.add-item",
                            g_variant_new_string ("Choices"));

  section = _sw_inspector_section (page, _("Default"), NULL);
  field = _sw_field_new_state (self, "/Default", _("Otherwise go to"),
                               _("No default (fails with States.NoChoiceMatched)"), FALSE);
  gtk_box_append (GTK_BOX (section), field->box);
}
