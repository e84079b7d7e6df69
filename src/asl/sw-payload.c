/* sw-payload.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Payload templates and the paths of JSONPath-mode states, evaluated against data.
 *
 * Templates are compiled once per state and expanded for every visit, so the parsing of paths
 * and intrinsic calls is paid once. Expansion builds new containers only where a `.$` member
 * sits beneath; constant parts are shared, never copied. That is safe because an execution
 * never changes a payload once built. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-intrinsic-eval.h"
#include "sw-json.h"
#include "sw-payload-private.h"

G_DEFINE_QUARK (sw-eval-error-quark, sw_eval_error)

/**
 * sw_eval_scope_get_context:
 * @scope: a scope
 *
 * Returns: (transfer none) (nullable): the context object, built on first use
 */
SwValue *
sw_eval_scope_get_context (SwEvalScope *scope)
{
  g_return_val_if_fail (scope != NULL, NULL);

  if (scope->context == NULL && scope->get_context != NULL)
    scope->context = scope->get_context (scope->user_data);
  return scope->context;
}

/* Paths */

/* Fast paths */

struct _SwFastPath
{
  gboolean context;
  guint n_steps;
  char **names;     /* NULL for an index step */
  gint64 *indexes;
};

void
_sw_fast_path_free (SwFastPath *path)
{
  if (path == NULL)
    return;
  for (guint i = 0; i < path->n_steps; i++)
    g_free (path->names[i]);
  g_free (path->names);
  g_free (path->indexes);
  g_free (path);
}

/* Reads the canonical text sw_path_to_string() prints for a definite path: `$` or `$$`, then
 * `.name`, `['quoted']` and `[n]` steps. */
SwFastPath *
_sw_fast_path_new (const SwPath *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) indexes = NULL;
  SwFastPath *fast;
  const char *p;

  if (!sw_path_is_definite (path))
    return NULL;

  text = sw_path_to_string (path);
  names = g_ptr_array_new_with_free_func (g_free);
  indexes = g_array_new (FALSE, TRUE, sizeof (gint64));
  p = text + (g_str_has_prefix (text, "$$") ? 2 : 1);
  while (*p != '\0')
    {
      gint64 index = 0;

      if (*p == '.')
        {
          const char *start = ++p;

          while (*p != '\0' && *p != '.' && *p != '[')
            p++;
          g_ptr_array_add (names, g_strndup (start, p - start));
        }
      else if (p[0] == '[' && p[1] == '\'')
        {
          GString *name = g_string_new (NULL);

          p += 2;
          while (*p != '\0' && *p != '\'')
            {
              if (*p == '\\' && p[1] != '\0')
                {
                  p++;
                  switch (*p)
                    {
                    case 'b': g_string_append_c (name, '\b'); break;
                    case 'f': g_string_append_c (name, '\f'); break;
                    case 'n': g_string_append_c (name, '\n'); break;
                    case 'r': g_string_append_c (name, '\r'); break;
                    case 't': g_string_append_c (name, '\t'); break;
                    case 'u':
                      {
                        char hex[5] = { 0, };

                        memcpy (hex, p + 1, MIN (4, strlen (p + 1)));
                        g_string_append_unichar (name, g_ascii_strtoull (hex, NULL, 16));
                        p += strlen (hex);
                      }
                      break;
                    default: g_string_append_c (name, *p); break;
                    }
                  p++;
                }
              else
                g_string_append_c (name, *p++);
            }
          if (*p == '\0')
            {
              g_string_free (name, TRUE);
              return NULL;
            }
          p += 2;
          g_ptr_array_add (names, g_string_free (name, FALSE));
        }
      else if (*p == '[')
        {
          char *end;

          index = g_ascii_strtoll (p + 1, &end, 10);
          if (end == p + 1 || *end != ']')
            return NULL;
          p = end + 1;
          g_ptr_array_add (names, NULL);
        }
      else
        return NULL;
      g_array_set_size (indexes, names->len);
      g_array_index (indexes, gint64, names->len - 1) = index;
    }

  fast = g_new0 (SwFastPath, 1);
  fast->context = g_str_has_prefix (text, "$$");
  fast->n_steps = names->len;
  g_ptr_array_set_free_func (names, NULL);
  fast->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  fast->indexes = (gint64 *) (void *) g_array_free (g_steal_pointer (&indexes), FALSE);
  return fast;
}

gboolean
_sw_fast_path_is_context (const SwFastPath *path)
{
  return path->context;
}

/* Returns (transfer none) the value the path names in @root, or NULL. */
SwValue *
_sw_fast_path_walk (const SwFastPath *path,
                    SwValue          *root)
{
  SwValue *node = root;

  for (guint i = 0; i < path->n_steps && node != NULL; i++)
    {
      if (path->names[i] != NULL)
        node = sw_value_is_object (node) ? sw_value_object_get (node, path->names[i]) : NULL;
      else if (sw_value_is_array (node))
        {
          gint64 index = path->indexes[i];
          guint length = sw_value_array_get_length (node);

          if (index < 0)
            index += length;
          node = index >= 0 && index < length ? sw_value_array_get (node, index) : NULL;
        }
      else
        node = NULL;
    }
  return node;
}

/* Paths */

struct _SwEvalPath
{
  char *text;
  char *variable;   /* NULL unless the path starts at a workflow variable */
  SwPath *path;     /* for a variable, the steps after it, rooted at `$` */
  SwFastPath *fast; /* for a definite path */
};

static gboolean
is_name_char (char ch)
{
  return g_ascii_isalnum (ch) || ch == '_' || (guchar) ch >= 0x80;
}

/**
 * sw_eval_path_parse:
 * @text: a path such as `$.a.b`, `$$.Execution.Id` or `$myVar.items[0]`
 * @flags: what sw_path_parse() accepts
 * @error: return location for a %SW_ASL_ERROR_PATH error
 *
 * Returns: (transfer full) (nullable): the path
 */
SwEvalPath *
sw_eval_path_parse (const char   *text,
                    SwPathFlags   flags,
                    GError      **error)
{
  g_autoptr(SwEvalPath) self = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SwEvalPath, 1);
  self->text = g_strdup (text);

  if (text[0] == '$' && is_name_char (text[1]) && !g_ascii_isdigit (text[1]))
    {
      g_autofree char *rest = NULL;
      gsize n = 1;

      while (is_name_char (text[n]))
        n++;
      self->variable = g_strndup (text + 1, n - 1);
      rest = g_strconcat ("$", text + n, NULL);
      self->path = sw_path_parse (rest, flags & ~SW_PATH_ALLOW_CONTEXT, NULL, error);
    }
  else
    self->path = sw_path_parse (text, flags, NULL, error);

  if (self->path == NULL)
    return NULL;
  self->fast = _sw_fast_path_new (self->path);
  return g_steal_pointer (&self);
}

void
sw_eval_path_free (SwEvalPath *path)
{
  if (path == NULL)
    return;
  g_free (path->text);
  g_free (path->variable);
  g_clear_pointer (&path->path, sw_path_unref);
  g_clear_pointer (&path->fast, _sw_fast_path_free);
  g_free (path);
}

const char *
sw_eval_path_get_text (const SwEvalPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return path->text;
}

/**
 * sw_eval_path_get_variable:
 *
 * Returns: (nullable): the variable the path starts at, without `$`
 */
const char *
sw_eval_path_get_variable (const SwEvalPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return path->variable;
}

const SwPath *
sw_eval_path_get_path (const SwEvalPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return path->path;
}

/**
 * sw_eval_path_is_root:
 *
 * Returns: %TRUE for `$` alone, the path that selects the whole input
 */
gboolean
sw_eval_path_is_root (const SwEvalPath *path)
{
  g_return_val_if_fail (path != NULL, FALSE);
  return path->variable == NULL && !sw_path_has_context_root (path->path) &&
         sw_path_is_root (path->path);
}

static gboolean
resolve_root (const SwEvalPath  *path,
              SwEvalScope       *scope,
              SwValue          **input,
              SwValue          **context)
{
  *input = NULL;
  *context = NULL;
  if (path->variable != NULL)
    {
      *input = scope->get_variable ? scope->get_variable (path->variable, scope->user_data)
                                   : NULL;
      return *input != NULL;
    }
  if (sw_path_has_context_root (path->path))
    {
      *context = sw_eval_scope_get_context (scope);
      return *context != NULL;
    }
  *input = scope->input;
  return *input != NULL;
}

/**
 * sw_eval_path_lookup:
 * @path: a definite path
 * @scope: what it reads
 *
 * Returns: (transfer none) (nullable): the value @path names, %NULL if there is none
 */
SwValue *
sw_eval_path_lookup (const SwEvalPath *path,
                     SwEvalScope      *scope)
{
  g_autoptr(GPtrArray) found = NULL;
  SwValue *input, *context;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);

  if (!resolve_root (path, scope, &input, &context))
    return NULL;
  if (path->fast != NULL)
    return _sw_fast_path_walk (path->fast, input != NULL ? input : context);

  found = sw_path_select (path->path, input, context);
  /* The value lives on in the tree it was found in. */
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/**
 * sw_eval_path_get:
 * @path: a path
 * @scope: what it reads
 * @error: return location for a %SW_EVAL_ERROR_PATH error
 *
 * Applies @path as Step Functions does: a definite path yields the value it names or fails,
 * any other path yields the array of its matches.
 *
 * Returns: (transfer full) (nullable): the value, shared with @scope's data
 */
SwValue *
sw_eval_path_get (const SwEvalPath  *path,
                  SwEvalScope       *scope,
                  GError           **error)
{
  g_autoptr(GPtrArray) found = NULL;
  SwValue *input, *context;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!resolve_root (path, scope, &input, &context))
    {
      if (path->variable != NULL)
        g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                     _("The variable “$%s” has not been assigned"), path->variable);
      else
        g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                     _("The JSONPath “%s” has nothing to apply to"), path->text);
      return NULL;
    }

  if (path->fast != NULL)
    {
      SwValue *value = _sw_fast_path_walk (path->fast, input != NULL ? input : context);

      if (value == NULL)
        {
          g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                       _("The JSONPath “%s” matches nothing"), path->text);
          return NULL;
        }
      return sw_value_ref (value);
    }

  found = sw_path_select (path->path, input, context);
  if (!sw_path_is_definite (path->path))
    {
      SwValue *array = sw_value_new_array ();

      for (guint i = 0; i < found->len; i++)
        sw_value_array_append (array, sw_value_ref (g_ptr_array_index (found, i)));
      return array;
    }
  if (found->len == 0)
    {
      g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                   _("The JSONPath “%s” matches nothing"), path->text);
      return NULL;
    }
  return sw_value_ref (g_ptr_array_index (found, 0));
}

/* Templates */

typedef enum
{
  NODE_CONST,
  NODE_OBJECT,
  NODE_ARRAY,
  NODE_PATH,
  NODE_CALL,
} NodeKind;

typedef struct _Node Node;

struct _Node
{
  NodeKind kind;
  char *key;          /* the member name it produces, in an object */
  char *field;        /* the key as written, `name.$` */
  SwValue *value;     /* NODE_CONST */
  SwEvalPath *path;   /* NODE_PATH */
  SwIntrinsic *call;  /* NODE_CALL */
  SwIntrinsicProgram *program;
  char *text;         /* the path or call as written */
  GPtrArray *children;
};

struct _SwPayload
{
  gatomicrefcount ref_count;
  Node *root;
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
  g_clear_pointer (&node->path, sw_eval_path_free);
  g_clear_pointer (&node->program, _sw_intrinsic_program_free);
  g_clear_pointer (&node->call, sw_intrinsic_free);
  g_free (node->text);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

static gboolean
call_uses_context (const SwIntrinsic *call)
{
  for (guint i = 0; i < call->args->len; i++)
    {
      const SwIntrinsicArg *arg = g_ptr_array_index (call->args, i);

      if (arg->kind == SW_INTRINSIC_ARG_PATH && sw_path_has_context_root (arg->path))
        return TRUE;
      if (arg->kind == SW_INTRINSIC_ARG_CALL && call_uses_context (arg->call))
        return TRUE;
    }
  return FALSE;
}

static Node *
compile_dynamic (const char  *key,
                 SwValue     *value,
                 SwPayload   *payload,
                 GError     **error)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  g_autoptr(GError) local_error = NULL;
  const char *text;

  node->field = g_strdup (key);
  node->key = g_strndup (key, strlen (key) - 2);
  if (!sw_value_is_string (value))
    {
      g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID,
                   _("The value of the field “%s” must be a string holding a path or an "
                     "intrinsic function"), key);
      return NULL;
    }

  text = sw_value_get_string (value);
  node->text = g_strdup (text);
  if (sw_intrinsic_looks_like_call (text))
    {
      node->kind = NODE_CALL;
      node->call = sw_intrinsic_parse (text, NULL, &local_error);
      if (node->call != NULL)
        sw_intrinsic_check (node->call, &local_error);
      if (local_error == NULL && call_uses_context (node->call))
        payload->uses_context = TRUE;
      if (local_error == NULL)
        node->program = _sw_intrinsic_program_new (node->call);
    }
  else
    {
      node->kind = NODE_PATH;
      node->path = sw_eval_path_parse (text, SW_PATH_ALLOW_CONTEXT, &local_error);
      if (node->path != NULL && sw_path_has_context_root (sw_eval_path_get_path (node->path)) &&
          node->path->variable == NULL)
        payload->uses_context = TRUE;
    }

  if (local_error != NULL)
    {
      g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID,
                   _("The value of the field “%s” is invalid: %s"), key, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&node);
}

static Node *
compile_node (SwValue    *value,
              SwPayload  *payload,
              GError    **error)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  gboolean constant = TRUE;

  if (sw_value_is_object (value))
    {
      node->kind = NODE_OBJECT;
      node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          const char *key = sw_value_object_get_key (value, i);
          SwValue *member = sw_value_object_get_value (value, i);
          Node *child;

          if (g_str_has_suffix (key, ".$"))
            child = compile_dynamic (key, member, payload, error);
          else
            {
              child = compile_node (member, payload, error);
              if (child != NULL)
                child->key = g_strdup (key);
            }
          if (child == NULL)
            return NULL;
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
          Node *child = compile_node (sw_value_array_get (value, i), payload, error);

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

/**
 * sw_payload_compile:
 * @template: the template, typically an object
 * @error: return location for a %SW_EVAL_ERROR_INVALID error
 *
 * Compiles @template, which is kept (not copied) and must not change afterwards.
 *
 * Returns: (transfer full) (nullable): the compiled template
 */
SwPayload *
sw_payload_compile (SwValue  *template,
                    GError  **error)
{
  SwPayload *self;
  Node *root;

  g_return_val_if_fail (template != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SwPayload, 1);
  g_atomic_ref_count_init (&self->ref_count);
  root = compile_node (template, self, error);
  if (root == NULL)
    {
      g_free (self);
      return NULL;
    }
  self->root = root;
  return self;
}

SwPayload *
sw_payload_ref (SwPayload *payload)
{
  g_return_val_if_fail (payload != NULL, NULL);
  g_atomic_ref_count_inc (&payload->ref_count);
  return payload;
}

void
sw_payload_unref (SwPayload *payload)
{
  if (payload == NULL)
    return;
  if (g_atomic_ref_count_dec (&payload->ref_count))
    {
      node_free (payload->root);
      g_free (payload);
    }
}

/**
 * sw_payload_is_constant:
 *
 * Returns: %TRUE if the template has no `.$` member, so every expansion is the same value
 */
gboolean
sw_payload_is_constant (const SwPayload *payload)
{
  g_return_val_if_fail (payload != NULL, FALSE);
  return payload->root->kind == NODE_CONST;
}

/**
 * sw_payload_uses_context:
 *
 * Returns: %TRUE if a path of the template reads the context object
 */
gboolean
sw_payload_uses_context (const SwPayload *payload)
{
  g_return_val_if_fail (payload != NULL, FALSE);
  return payload->uses_context;
}

static char *
describe_input (SwValue *value)
{
  return value != NULL ? sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL) : g_strdup ("null");
}

static SwValue *
expand_node (const Node   *node,
             SwEvalScope  *scope,
             GError      **error)
{
  switch (node->kind)
    {
    case NODE_CONST:
      return sw_value_ref (node->value);

    case NODE_OBJECT:
      {
        g_autoptr(SwValue) object = sw_value_new_object ();

        for (guint i = 0; i < node->children->len; i++)
          {
            const Node *child = g_ptr_array_index (node->children, i);
            SwValue *value = expand_node (child, scope, error);

            if (value == NULL)
              return NULL;
            /* A later `a.$` replaces an earlier `a`, as the service keeps the last. */
            sw_value_object_set (object, child->key, value);
          }
        return g_steal_pointer (&object);
      }

    case NODE_ARRAY:
      {
        g_autoptr(SwValue) array = sw_value_new_array ();

        for (guint i = 0; i < node->children->len; i++)
          {
            SwValue *value = expand_node (g_ptr_array_index (node->children, i), scope, error);

            if (value == NULL)
              return NULL;
            sw_value_array_append (array, value);
          }
        return g_steal_pointer (&array);
      }

    case NODE_PATH:
      {
        g_autoptr(GError) local_error = NULL;
        SwValue *value = sw_eval_path_get (node->path, scope, &local_error);

        if (value == NULL)
          {
            const char *variable = sw_eval_path_get_variable (node->path);
            const SwPath *path = sw_eval_path_get_path (node->path);
            g_autofree char *where = NULL;

            if (variable != NULL)
              where = describe_input (scope->get_variable
                                        ? scope->get_variable (variable, scope->user_data)
                                        : NULL);
            else if (sw_path_has_context_root (path))
              where = describe_input (sw_eval_scope_get_context (scope));
            else
              where = describe_input (scope->input);

            /* The service's wording, so people can search for it. */
            if (variable != NULL && scope->get_variable != NULL &&
                scope->get_variable (variable, scope->user_data) == NULL)
              g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                           _("The variable '$%s' specified for the field '%s' is not "
                             "assigned"), variable, node->field);
            else
              g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                           _("The JSONPath '%s' specified for the field '%s' could not be "
                             "found in the %s '%s'"),
                           node->text, node->field,
                           variable != NULL ? _("variable")
                           : sw_path_has_context_root (path) ? _("context object")
                                                             : _("input"),
                           where);
          }
        return value;
      }

    case NODE_CALL:
    default:
      {
        g_autoptr(GError) local_error = NULL;
        SwValue *value = _sw_intrinsic_program_run (node->program, scope, &local_error);

        if (value == NULL)
          g_set_error (error, SW_EVAL_ERROR, local_error->code,
                       _("The field '%s' could not be evaluated: %s"), node->field,
                       local_error->message);
        return value;
      }
    }
}

/**
 * sw_payload_expand:
 * @payload: a compiled template
 * @scope: what its paths read
 * @error: return location for a %SW_EVAL_ERROR error
 *
 * Expands the template: each `name.$` member becomes `name` with the value of its path or
 * intrinsic function call. A path that matches nothing is a %SW_EVAL_ERROR_PATH error whose
 * message has the service's wording; an intrinsic function that fails is a
 * %SW_EVAL_ERROR_INTRINSIC error.
 *
 * Returns: (transfer full) (nullable): the expanded value, sharing constant parts with the
 *   template and selected parts with @scope's data
 */
SwValue *
sw_payload_expand (const SwPayload  *payload,
                   SwEvalScope      *scope,
                   GError          **error)
{
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return expand_node (payload->root, scope, error);
}

/* Values */

/**
 * sw_eval_json_number:
 * @number: a number
 *
 * Reads a number as a double, quickly for the plain integers most payloads hold.
 *
 * Returns: its value
 */
double
sw_eval_json_number (const SwValue *number)
{
  const char *p = sw_value_get_number_lexeme (number);
  gboolean negative = *p == '-';
  gint64 n = 0;
  guint digits = 0;

  if (negative)
    p++;
  for (; *p >= '0' && *p <= '9'; p++, digits++)
    n = n * 10 + (*p - '0');
  if (*p == '\0' && digits > 0 && digits <= 15)
    return negative ? -(double) n : (double) n;
  return sw_value_get_double (number);
}

/**
 * sw_eval_json_equal:
 *
 * JSON equality as the service compares data: numbers by value (`1` equals `1.0`), strings by
 * text, arrays item by item, objects by their members in any order.
 *
 * Returns: %TRUE if @a equals @b
 */
gboolean
sw_eval_json_equal (const SwValue *a,
                    const SwValue *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (sw_value_get_kind (a) != sw_value_get_kind (b))
    return FALSE;

  switch (sw_value_get_kind (a))
    {
    case SW_VALUE_NULL:
      return TRUE;
    case SW_VALUE_BOOLEAN:
      return sw_value_get_boolean (a) == sw_value_get_boolean (b);
    case SW_VALUE_NUMBER:
      return strcmp (sw_value_get_number_lexeme (a), sw_value_get_number_lexeme (b)) == 0 ||
             sw_eval_json_number (a) == sw_eval_json_number (b);
    case SW_VALUE_STRING:
      return sw_value_get_string_length (a) == sw_value_get_string_length (b) &&
             memcmp (sw_value_get_string (a), sw_value_get_string (b),
                     sw_value_get_string_length (a)) == 0;
    case SW_VALUE_ARRAY:
      if (sw_value_array_get_length (a) != sw_value_array_get_length (b))
        return FALSE;
      for (guint i = 0; i < sw_value_array_get_length (a); i++)
        if (!sw_eval_json_equal (sw_value_array_get (a, i), sw_value_array_get (b, i)))
          return FALSE;
      return TRUE;
    case SW_VALUE_OBJECT:
    default:
      if (sw_value_object_get_size (a) != sw_value_object_get_size (b))
        return FALSE;
      for (guint i = 0; i < sw_value_object_get_size (a); i++)
        {
          SwValue *other = sw_value_object_get (b, sw_value_object_get_key (a, i));

          if (other == NULL || !sw_eval_json_equal (sw_value_object_get_value (a, i), other))
            return FALSE;
        }
      return TRUE;
    }
}

static gsize
string_size (const char *text,
             gsize       length)
{
  gsize n = 2;

  for (gsize i = 0; i < length; i++)
    {
      guchar ch = text[i];

      if (ch == '"' || ch == '\\' || ch == '\b' || ch == '\f' || ch == '\n' || ch == '\r' ||
          ch == '\t')
        n += 2;
      else if (ch < 0x20)
        n += 6;
      else
        n++;
    }
  return n;
}

static gsize
json_size (const SwValue *value,
           gsize          so_far,
           gsize          limit)
{
  gsize n = 0;

  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_NULL:
      return 4;
    case SW_VALUE_BOOLEAN:
      return sw_value_get_boolean (value) ? 4 : 5;
    case SW_VALUE_NUMBER:
      return strlen (sw_value_get_number_lexeme (value));
    case SW_VALUE_STRING:
      return string_size (sw_value_get_string (value), sw_value_get_string_length (value));
    case SW_VALUE_ARRAY:
      n = 2;
      for (guint i = 0; i < sw_value_array_get_length (value) && so_far + n <= limit; i++)
        n += (i > 0) + json_size (sw_value_array_get (value, i), so_far + n, limit);
      return n;
    case SW_VALUE_OBJECT:
    default:
      n = 2;
      for (guint i = 0; i < sw_value_object_get_size (value) && so_far + n <= limit; i++)
        {
          const char *key = sw_value_object_get_key (value, i);

          n += (i > 0) + string_size (key, strlen (key)) + 1 +
               json_size (sw_value_object_get_value (value, i), so_far + n, limit);
        }
      return n;
    }
}

/**
 * sw_eval_json_size:
 * @value: a value
 * @limit: stop counting past this many bytes; %G_MAXSIZE to count all
 *
 * Measures @value as compact JSON in UTF-8, the size the service's payload quota applies
 * to, without writing it out.
 *
 * Returns: the size in bytes, or some number greater than @limit
 */
gsize
sw_eval_json_size (const SwValue *value,
                   gsize          limit)
{
  g_return_val_if_fail (value != NULL, 0);

  return json_size (value, 0, limit);
}
