/* sw-plan-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fields of JSONata states: JSON values in which every string written `{% … %}` is a
 * JSONata expression, compiled once with the plan and evaluated for every visit with the
 * `$states` variable and the workflow variables bound. Constant parts are shared, never
 * copied. Failures are worded as the service words its States.QueryEvaluationError causes:
 * the expression, the field it sits in, and what went wrong. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-engine-error.h"
#include "sw-plan-private.h"

typedef enum
{
  NODE_CONST,
  NODE_EXPR,
  NODE_OBJECT,
  NODE_ARRAY,
} NodeKind;

typedef struct _Node Node;

struct _Node
{
  NodeKind kind;
  char *key;            /* the member it produces, in an object */
  char *field;          /* where it sits, `Arguments/Payload/id`, for messages */
  SwValue *value;       /* NODE_CONST */
  SwJsonata *expr;      /* NODE_EXPR */
  GPtrArray *children;  /* NODE_OBJECT, NODE_ARRAY */
};

struct _SwPlanTemplate
{
  Node *root;
  GPtrArray *names;     /* every `$name` its expressions mention: the variables to bind */
  guint n_expressions;
  gboolean uses_states;
  gboolean uses_context;
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->key);
  g_free (node->field);
  g_clear_pointer (&node->value, sw_value_unref);
  g_clear_pointer (&node->expr, sw_jsonata_unref);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

/**
 * _sw_plan_jsonata_expression:
 * @text: a string of a JSONata state
 * @length: (out): the length of the expression
 *
 * Returns: (nullable): where the expression inside `{% … %}` starts, or %NULL if @text is not
 *   an expression
 */
const char *
_sw_plan_jsonata_expression (const char *text,
                             gsize      *length)
{
  gsize n = strlen (text);

  if (n < 4 || !g_str_has_prefix (text, "{%") || !g_str_has_suffix (text, "%}"))
    return NULL;
  *length = n - 4;
  return text + 2;
}

static Node *
compile_node (SwValue         *value,
              const char      *field,
              SwPlanTemplate  *template,
              GString         *sources,
              GError         **error)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  gboolean constant = TRUE;

  node->field = g_strdup (field);
  if (sw_value_is_string (value))
    {
      gsize length;
      const char *start = _sw_plan_jsonata_expression (sw_value_get_string (value), &length);
      g_autofree char *source = NULL;
      g_autoptr(GError) local_error = NULL;

      if (start != NULL)
        {
          source = g_strndup (start, length);
          node->expr = sw_jsonata_compile (source, &local_error);
          if (node->expr == NULL)
            {
              g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INVALID,
                           _("The JSONata expression “%s” of the field “%s” is invalid: %s"),
                           g_strstrip (source), field, local_error->message);
              return NULL;
            }
          node->kind = NODE_EXPR;
          template->n_expressions++;
          g_string_append (sources, source);
          g_string_append_c (sources, '\n');
          template->uses_states |= strstr (source, "$states") != NULL;
          template->uses_context |= strstr (source, "context") != NULL;
          return g_steal_pointer (&node);
        }
    }
  else if (sw_value_is_object (value))
    {
      node->kind = NODE_OBJECT;
      node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          const char *key = sw_value_object_get_key (value, i);
          g_autofree char *child_field = g_strconcat (field, "/", key, NULL);
          Node *child = compile_node (sw_value_object_get_value (value, i), child_field,
                                      template, sources, error);

          if (child == NULL)
            return NULL;
          child->key = g_strdup (key);
          constant &= child->kind == NODE_CONST;
          g_ptr_array_add (node->children, child);
        }
    }
  else if (sw_value_is_array (value))
    {
      node->kind = NODE_ARRAY;
      node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        {
          g_autofree char *child_field = g_strdup_printf ("%s[%u]", field, i);
          Node *child = compile_node (sw_value_array_get (value, i), child_field, template,
                                      sources, error);

          if (child == NULL)
            return NULL;
          constant &= child->kind == NODE_CONST;
          g_ptr_array_add (node->children, child);
        }
    }

  if (constant)
    {
      g_clear_pointer (&node->children, g_ptr_array_unref);
      node->kind = NODE_CONST;
      node->value = sw_value_ref (value);
    }
  return g_steal_pointer (&node);
}

/* The names written `$name` in @sources, each once: those of variables and functions alike,
 * and of `$name` inside string literals too, so that every variable read is among them. */
static GPtrArray *
mentioned_names (const char *sources)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = strchr (sources, '$'); p != NULL; p = strchr (p, '$'))
    {
      const char *end = ++p;
      g_autofree char *name = NULL;

      while (g_ascii_isalnum (*end) || *end == '_' || (guchar) *end >= 0x80)
        end++;
      if (end == p)
        continue;
      name = g_strndup (p, (gsize) (end - p));
      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_steal_pointer (&name));
      p = end;
    }
  return names;
}

/**
 * _sw_plan_template_compile:
 * @value: the value of a field of a JSONata state
 * @field: the field's name, for messages
 * @error: return location for a %SW_ENGINE_ERROR_INVALID error
 *
 * Returns: (transfer full) (nullable): the compiled field
 */
SwPlanTemplate *
_sw_plan_template_compile (SwValue     *value,
                           const char  *field,
                           GError     **error)
{
  g_autoptr(GString) sources = g_string_new (NULL);
  SwPlanTemplate *template = g_new0 (SwPlanTemplate, 1);

  template->root = compile_node (value, field, template, sources, error);
  if (template->root == NULL)
    {
      g_free (template);
      return NULL;
    }
  template->names = mentioned_names (sources->str);
  return template;
}

void
_sw_plan_template_free (SwPlanTemplate *template)
{
  if (template == NULL)
    return;
  node_free (template->root);
  g_ptr_array_unref (template->names);
  g_free (template);
}

gboolean
_sw_plan_template_is_constant (const SwPlanTemplate *template)
{
  return template->root->kind == NODE_CONST;
}

gboolean
_sw_plan_template_uses_states (const SwPlanTemplate *template)
{
  return template->uses_states;
}

gboolean
_sw_plan_template_uses_context (const SwPlanTemplate *template)
{
  return template->uses_context;
}

/* How many expressions evaluating @template evaluates. */
guint
_sw_plan_template_n_expressions (const SwPlanTemplate *template)
{
  return template->n_expressions;
}

/**
 * _sw_plan_template_get_names:
 * @n_names: (out): how many
 *
 * Returns: (array length=n_names): the names the expressions of @template write `$name`: the
 *   workflow variables among them are those they may read
 */
const char *const *
_sw_plan_template_get_names (const SwPlanTemplate *template,
                             guint                *n_names)
{
  *n_names = template->names->len;
  return (const char *const *) template->names->pdata;
}

static char *
describe_source (const Node *node)
{
  return g_strstrip (g_strdup (sw_jsonata_get_source (node->expr)));
}

static SwValue *
eval_node (const Node            *node,
           const SwValue         *bindings,
           SwJsonataDocument     *scope,
           const SwJsonataLimits *limits,
           GError               **error)
{
  switch (node->kind)
    {
    case NODE_CONST:
      return sw_value_ref (node->value);

    case NODE_EXPR:
      {
        g_autoptr(GError) local_error = NULL;
        SwValue *value = sw_jsonata_evaluate_scope (node->expr, NULL, bindings, scope, limits,
                                                    &local_error);

        if (value == NULL)
          {
            g_autofree char *source = describe_source (node);

            if (local_error == NULL)
              g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                           "The JSONata expression '%s' specified for the field '%s' "
                           "returned nothing (undefined).", source, node->field);
            else
              g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                           "The JSONata expression '%s' specified for the field '%s' threw "
                           "an error during evaluation. %s: %s", source, node->field,
                           sw_jsonata_error_get_code (local_error), local_error->message);
          }
        return value;
      }

    case NODE_OBJECT:
      {
        g_autoptr(SwValue) object = sw_value_new_object ();

        for (guint i = 0; i < node->children->len; i++)
          {
            const Node *child = g_ptr_array_index (node->children, i);
            SwValue *value = eval_node (child, bindings, scope, limits, error);

            if (value == NULL)
              return NULL;
            sw_value_object_set (object, child->key, value);
          }
        return g_steal_pointer (&object);
      }

    case NODE_ARRAY:
    default:
      {
        g_autoptr(SwValue) array = sw_value_new_array ();

        for (guint i = 0; i < node->children->len; i++)
          {
            SwValue *value = eval_node (g_ptr_array_index (node->children, i), bindings, scope,
                                        limits, error);

            if (value == NULL)
              return NULL;
            sw_value_array_append (array, value);
          }
        return g_steal_pointer (&array);
      }
    }
}

/**
 * _sw_plan_template_eval:
 * @template: a compiled field
 * @bindings: (nullable): an object of variables to bind: `states` and workflow variables
 * @scope: (nullable): more of them, prepared with sw_jsonata_document_new()
 * @limits: bounds on each expression's evaluation
 * @error: return location for an error whose message is the cause to report
 *
 * Evaluates every expression of @template. An expression that fails, or whose result is
 * undefined, fails the whole field.
 *
 * Returns: (transfer full) (nullable): the value of the field
 */
SwValue *
_sw_plan_template_eval (const SwPlanTemplate  *template,
                        const SwValue         *bindings,
                        SwJsonataDocument     *scope,
                        const SwJsonataLimits *limits,
                        GError               **error)
{
  return eval_node (template->root, bindings, scope, limits, error);
}

/**
 * _sw_plan_template_field:
 *
 * Returns: the name of the field @template was compiled from
 */
const char *
_sw_plan_template_field (const SwPlanTemplate *template)
{
  return template->root->field;
}
