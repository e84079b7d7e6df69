/* sw-plan.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Compiles a definition (the SwValue tree as read) into a plan the executor walks without
 * looking anything up by name or parsing anything twice. The validator has normally checked
 * the definition already; this code still refuses what it cannot run, with the state named,
 * rather than trust it. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-engine-error.h"
#include "sw-plan-private.h"

/* g_strv_builder_unref_to_strv() is newer than GLib 2.74. */
static char **
sw_strv_builder_finish (GStrvBuilder *builder)
{
  char **strv = g_strv_builder_end (builder);

  g_strv_builder_unref (builder);
  return strv;
}

typedef struct
{
  SwPlan *plan;
  GError **error;
} Compiler;

static SwPlanMachine *compile_machine (Compiler      *c,
                                       SwValue       *object,
                                       SwPlanMachine *parent,
                                       SwPlanState   *owner,
                                       gboolean       jsonata);

static gboolean invalid (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL && *error == NULL)
    *error = g_error_new_valist (SW_ENGINE_ERROR, SW_ENGINE_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* Reference paths for ResultPath */

void
_sw_plan_ref_path_free (SwPlanRefPath *path)
{
  if (path == NULL)
    return;
  g_free (path->text);
  for (guint i = 0; i < path->n_steps; i++)
    g_free (path->names[i]);
  g_free (path->names);
  g_free (path->indexes);
  g_free (path);
}

/* Reads the canonical text sw_path_to_string() prints for a reference path: `$`, then
 * `.name`, `['quoted']` and `[n]` steps. */
SwPlanRefPath *
_sw_plan_ref_path_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(SwPath) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) indexes = NULL;
  SwPlanRefPath *path;
  const char *p;

  parsed = sw_path_parse (text, SW_PATH_REFERENCE, NULL, &local_error);
  if (parsed == NULL)
    {
      invalid (error, _("“%s” is not a reference path: %s"), text, local_error->message);
      return NULL;
    }

  canonical = sw_path_to_string (parsed);
  names = g_ptr_array_new ();
  indexes = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_assert (canonical[0] == '$');
  p = canonical + 1;
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

                        strncpy (hex, p + 1, 4);
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
          p += 2; /* '] */
          g_ptr_array_add (names, g_string_free (name, FALSE));
        }
      else if (*p == '[')
        {
          char *end;

          index = g_ascii_strtoll (p + 1, &end, 10);
          p = end + 1;
          g_ptr_array_add (names, NULL);
        }
      else
        {
          for (guint i = 0; i < names->len; i++)
            g_free (g_ptr_array_index (names, i));
          invalid (error, _("“%s” is not a reference path"), text);
          return NULL;
        }
      g_array_set_size (indexes, names->len);
      g_array_index (indexes, gint64, names->len - 1) = index;
    }

  path = g_new0 (SwPlanRefPath, 1);
  path->text = g_strdup (text);
  path->n_steps = names->len;
  path->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  path->indexes = (gint64 *) (void *) g_array_free (g_steal_pointer (&indexes), FALSE);
  return path;
}

static SwValue *
shallow_copy (SwValue *node)
{
  SwValue *copy;

  if (sw_value_is_object (node))
    {
      copy = sw_value_new_object ();
      for (guint i = 0; i < sw_value_object_get_size (node); i++)
        sw_value_object_append (copy, sw_value_object_get_key (node, i), 0, 0,
                                sw_value_ref (sw_value_object_get_value (node, i)));
    }
  else
    {
      copy = sw_value_new_array ();
      for (guint i = 0; i < sw_value_array_get_length (node); i++)
        sw_value_array_append (copy, sw_value_ref (sw_value_array_get (node, i)));
    }
  return copy;
}

static SwValue *
apply_step (const SwPlanRefPath *path,
            guint                step,
            SwValue             *node,
            SwValue             *value)
{
  SwValue *copy;

  if (step == path->n_steps)
    return sw_value_ref (value);

  if (path->names[step] != NULL)
    {
      SwValue *child, *replaced;

      if (node != NULL && !sw_value_is_object (node))
        return NULL;
      child = node != NULL ? sw_value_object_get (node, path->names[step]) : NULL;
      replaced = apply_step (path, step + 1, child, value);
      if (replaced == NULL)
        return NULL;
      copy = node != NULL ? shallow_copy (node) : sw_value_new_object ();
      sw_value_object_set (copy, path->names[step], replaced);
      return copy;
    }
  else
    {
      gint64 index = path->indexes[step];
      guint length;
      SwValue *replaced;

      if (node == NULL || !sw_value_is_array (node))
        return NULL;
      length = sw_value_array_get_length (node);
      if (index < 0)
        index += length;
      if (index < 0 || index >= length)
        return NULL;
      replaced = apply_step (path, step + 1, sw_value_array_get (node, index), value);
      if (replaced == NULL)
        return NULL;
      copy = shallow_copy (node);
      sw_value_array_remove (copy, index);
      sw_value_array_insert (copy, index, replaced);
      return copy;
    }
}

/* Places @value at @path in @input without changing @input: the nodes along the path are
 * copied shallowly and everything else is shared. Objects are created where the path leads
 * nowhere yet; a step through a value that is not an object (or an index beyond an array)
 * is States.ResultPathMatchFailure. */
SwValue *
_sw_plan_ref_path_apply (const SwPlanRefPath  *path,
                         SwValue              *input,
                         SwValue              *value,
                         GError              **error)
{
  SwValue *result = apply_step (path, 0, input, value);

  if (result == NULL)
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INVALID,
                   "Unable to apply ResultPath '%s' to the input: it does not lead through "
                   "objects", path->text);
    }
  return result;
}

/* Timestamps and patterns for Choice rules */

static gboolean
read_digits (const char **p,
             guint        n,
             gint        *out)
{
  gint value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = value;
  return TRUE;
}

static gint64
days_from_civil (gint64 y,
                 gint   m,
                 gint   d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The timestamps the service accepts: RFC 3339 with an upper-case T, seconds, an optional
 * fraction, and Z or a numeric offset. */
gboolean
_sw_plan_parse_timestamp (const char *text,
                          gint64     *ns)
{
  static const guint8 month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  const char *p = text;
  gint year, month, day, hour, minute, second, off_h = 0, off_m = 0, sign = 0;
  gint64 fraction_ns = 0, total;

  if (!read_digits (&p, 4, &year) || *p++ != '-' || !read_digits (&p, 2, &month) ||
      *p++ != '-' || !read_digits (&p, 2, &day) || *p++ != 'T' ||
      !read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute) ||
      *p++ != ':' || !read_digits (&p, 2, &second))
    return FALSE;

  if (*p == '.')
    {
      gint64 scale = 100000000;

      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        {
          fraction_ns += (*p - '0') * scale;
          scale /= 10;
          p++;
        }
    }

  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      sign = *p == '+' ? 1 : -1;
      p++;
      if (!read_digits (&p, 2, &off_h) || *p++ != ':' || !read_digits (&p, 2, &off_m))
        return FALSE;
    }
  else
    return FALSE;
  if (*p != '\0')
    return FALSE;

  if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1] || hour > 23 ||
      minute > 59 || second > 60 || off_h > 23 || off_m > 59)
    return FALSE;
  if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return FALSE;

  total = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  total -= sign * (off_h * 3600 + off_m * 60);
  /* 64 bits of nanoseconds reach from 1677 to 2262 only. Times beyond (9999-12-31T23:59:59Z
   * is a common "never") read as the ends of that range: they stay later (earlier) than
   * every time inside it instead of wrapping around through a signed overflow. */
  if (ns != NULL && total > G_MAXINT64 / G_GINT64_CONSTANT (1000000000) - 1)
    *ns = G_MAXINT64;
  else if (ns != NULL && total < G_MININT64 / G_GINT64_CONSTANT (1000000000) + 1)
    *ns = G_MININT64;
  else if (ns != NULL)
    *ns = total * G_GINT64_CONSTANT (1000000000) + fraction_ns;
  return TRUE;
}

/* `*` matches any run of characters, `\*` a star, `\\` a backslash. */
gboolean
_sw_plan_string_matches (const char *text,
                         const char *pattern)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (gint));
  gsize t = 0, star_t = 0;
  guint k = 0, star_k = G_MAXUINT;
  gsize n = strlen (text);

  for (const char *p = pattern; *p != '\0'; p++)
    {
      gint token;

      if (*p == '\\' && p[1] != '\0')
        token = (guchar) *++p;
      else if (*p == '*')
        token = -1;
      else
        token = (guchar) *p;
      g_array_append_val (tokens, token);
    }

  while (t < n)
    {
      if (k < tokens->len && g_array_index (tokens, gint, k) == -1)
        {
          star_k = k++;
          star_t = t;
        }
      else if (k < tokens->len && g_array_index (tokens, gint, k) == (guchar) text[t])
        {
          k++;
          t++;
        }
      else if (star_k != G_MAXUINT)
        {
          k = star_k + 1;
          t = ++star_t;
        }
      else
        return FALSE;
    }
  while (k < tokens->len && g_array_index (tokens, gint, k) == -1)
    k++;
  return k == tokens->len;
}

/* Choice rules */

static const struct
{
  const char *name;
  SwCompareOp op;
} operators[] = {
  { "StringEquals", SW_CMP_STRING_EQUALS },
  { "StringLessThan", SW_CMP_STRING_LESS_THAN },
  { "StringGreaterThan", SW_CMP_STRING_GREATER_THAN },
  { "StringLessThanEquals", SW_CMP_STRING_LESS_THAN_EQUALS },
  { "StringGreaterThanEquals", SW_CMP_STRING_GREATER_THAN_EQUALS },
  { "StringMatches", SW_CMP_STRING_MATCHES },
  { "NumericEquals", SW_CMP_NUMERIC_EQUALS },
  { "NumericLessThan", SW_CMP_NUMERIC_LESS_THAN },
  { "NumericGreaterThan", SW_CMP_NUMERIC_GREATER_THAN },
  { "NumericLessThanEquals", SW_CMP_NUMERIC_LESS_THAN_EQUALS },
  { "NumericGreaterThanEquals", SW_CMP_NUMERIC_GREATER_THAN_EQUALS },
  { "BooleanEquals", SW_CMP_BOOLEAN_EQUALS },
  { "TimestampEquals", SW_CMP_TIMESTAMP_EQUALS },
  { "TimestampLessThan", SW_CMP_TIMESTAMP_LESS_THAN },
  { "TimestampGreaterThan", SW_CMP_TIMESTAMP_GREATER_THAN },
  { "TimestampLessThanEquals", SW_CMP_TIMESTAMP_LESS_THAN_EQUALS },
  { "TimestampGreaterThanEquals", SW_CMP_TIMESTAMP_GREATER_THAN_EQUALS },
  { "IsNull", SW_CMP_IS_NULL },
  { "IsPresent", SW_CMP_IS_PRESENT },
  { "IsNumeric", SW_CMP_IS_NUMERIC },
  { "IsString", SW_CMP_IS_STRING },
  { "IsBoolean", SW_CMP_IS_BOOLEAN },
  { "IsTimestamp", SW_CMP_IS_TIMESTAMP },
};

static gboolean
op_is_string (SwCompareOp op)
{
  return op <= SW_CMP_STRING_MATCHES;
}

static gboolean
op_is_numeric (SwCompareOp op)
{
  return op >= SW_CMP_NUMERIC_EQUALS && op <= SW_CMP_NUMERIC_GREATER_THAN_EQUALS;
}

static gboolean
op_is_timestamp (SwCompareOp op)
{
  return op >= SW_CMP_TIMESTAMP_EQUALS && op <= SW_CMP_TIMESTAMP_GREATER_THAN_EQUALS;
}

void
_sw_plan_rule_free (SwPlanRule *rule)
{
  if (rule == NULL)
    return;
  g_clear_pointer (&rule->children, g_ptr_array_unref);
  g_clear_pointer (&rule->variable, sw_eval_path_free);
  g_clear_pointer (&rule->operand, sw_value_unref);
  g_clear_pointer (&rule->operand_path, sw_eval_path_free);
  g_free (rule->next_name);
  g_clear_pointer (&rule->assign, sw_payload_unref);
  g_clear_pointer (&rule->ja_condition, _sw_plan_template_free);
  g_clear_pointer (&rule->ja_output, _sw_plan_template_free);
  g_clear_pointer (&rule->ja_assign, _sw_plan_template_free);
  g_free (rule);
}

SwPlanRule *
_sw_plan_rule_compile (SwValue   *object,
                       gboolean   top_level,
                       gboolean   jsonata,
                       GError   **error)
{
  g_autoptr(SwPlanRule) rule = g_new0 (SwPlanRule, 1);
  g_autoptr(GError) local_error = NULL;
  SwValue *member;

  if (!sw_value_is_object (object))
    {
      invalid (error, _("A Choice rule must be an object"));
      return NULL;
    }

  if (top_level)
    {
      member = sw_value_object_get (object, "Next");
      if (member == NULL || !sw_value_is_string (member))
        {
          invalid (error, _("A Choice rule has no Next"));
          return NULL;
        }
      rule->next_name = g_strdup (sw_value_get_string (member));
      member = sw_value_object_get (object, "Assign");
      if (member != NULL && !jsonata)
        {
          rule->assign = sw_payload_compile (member, &local_error);
          if (rule->assign == NULL)
            {
              invalid (error, "%s", local_error->message);
              return NULL;
            }
        }
    }

  if (jsonata)
    {
      /* A rule of a JSONata Choice: a Condition, and the Output and Assign it takes. */
      rule->kind = SW_RULE_TEST;
      member = sw_value_object_get (object, "Condition");
      if (member == NULL ||
          (!sw_value_is_boolean (member) &&
           (!sw_value_is_string (member) ||
            _sw_plan_jsonata_expression (sw_value_get_string (member), &(gsize) { 0 }) == NULL)))
        {
          invalid (error, _("A Choice rule of a JSONata state needs a Condition written "
                            "“{%% … %%}”"));
          return NULL;
        }
      rule->ja_condition = _sw_plan_template_compile (member, "Condition", error);
      if (rule->ja_condition == NULL)
        return NULL;
      if (top_level && (member = sw_value_object_get (object, "Output")) != NULL &&
          (rule->ja_output = _sw_plan_template_compile (member, "Output", error)) == NULL)
        return NULL;
      if (top_level && (member = sw_value_object_get (object, "Assign")) != NULL &&
          (rule->ja_assign = _sw_plan_template_compile (member, "Assign", error)) == NULL)
        return NULL;
      return g_steal_pointer (&rule);
    }

  if ((member = sw_value_object_get (object, "And")) != NULL ||
      (member = sw_value_object_get (object, "Or")) != NULL)
    {
      rule->kind = sw_value_object_has (object, "And") ? SW_RULE_AND : SW_RULE_OR;
      if (!sw_value_is_array (member) || sw_value_array_get_length (member) == 0)
        {
          invalid (error, _("And and Or need a non-empty array of rules"));
          return NULL;
        }
      rule->children = g_ptr_array_new_with_free_func ((GDestroyNotify) _sw_plan_rule_free);
      for (guint i = 0; i < sw_value_array_get_length (member); i++)
        {
          SwPlanRule *child = _sw_plan_rule_compile (sw_value_array_get (member, i), FALSE,
                                                     FALSE, error);
          if (child == NULL)
            return NULL;
          g_ptr_array_add (rule->children, child);
        }
      return g_steal_pointer (&rule);
    }

  if ((member = sw_value_object_get (object, "Not")) != NULL)
    {
      SwPlanRule *child = _sw_plan_rule_compile (member, FALSE, FALSE, error);

      if (child == NULL)
        return NULL;
      rule->kind = SW_RULE_NOT;
      rule->children = g_ptr_array_new_with_free_func ((GDestroyNotify) _sw_plan_rule_free);
      g_ptr_array_add (rule->children, child);
      return g_steal_pointer (&rule);
    }

  rule->kind = SW_RULE_TEST;
  member = sw_value_object_get (object, "Variable");
  if (member == NULL || !sw_value_is_string (member))
    {
      invalid (error, _("A Choice rule has no Variable"));
      return NULL;
    }
  rule->variable = sw_eval_path_parse (sw_value_get_string (member), SW_PATH_ALLOW_CONTEXT,
                                       &local_error);
  if (rule->variable == NULL)
    {
      invalid (error, _("The Variable “%s” is not a path: %s"), sw_value_get_string (member),
               local_error->message);
      return NULL;
    }

  for (guint i = 0; i < sw_value_object_get_size (object); i++)
    {
      const char *key = sw_value_object_get_key (object, i);
      SwValue *operand = sw_value_object_get_value (object, i);

      for (guint j = 0; j < G_N_ELEMENTS (operators); j++)
        {
          gsize len = strlen (operators[j].name);
          gboolean path_form;

          if (strncmp (key, operators[j].name, len) != 0)
            continue;
          if (key[len] == '\0')
            path_form = FALSE;
          else if (strcmp (key + len, "Path") == 0 && operators[j].op < SW_CMP_IS_NULL &&
                   operators[j].op != SW_CMP_STRING_MATCHES)
            path_form = TRUE;
          else
            continue;

          if (rule->op_name != NULL)
            {
              invalid (error, _("A Choice rule has two comparisons: %s and %s"),
                       rule->op_name, key);
              return NULL;
            }
          rule->op = operators[j].op;
          rule->op_name = sw_value_object_get_key (object, i);

          if (path_form)
            {
              if (!sw_value_is_string (operand))
                {
                  invalid (error, _("The operand of %s must be a path"), key);
                  return NULL;
                }
              rule->operand_path = sw_eval_path_parse (sw_value_get_string (operand),
                                                       SW_PATH_ALLOW_CONTEXT, &local_error);
              if (rule->operand_path == NULL)
                {
                  invalid (error, _("The operand of %s is not a path: %s"), key,
                           local_error->message);
                  return NULL;
                }
              continue;
            }

          if ((op_is_string (rule->op) || op_is_timestamp (rule->op)) &&
              !sw_value_is_string (operand))
            return invalid (error, _("The operand of %s must be a string"), key), NULL;
          if (op_is_numeric (rule->op) && !sw_value_is_number (operand))
            return invalid (error, _("The operand of %s must be a number"), key), NULL;
          if ((rule->op == SW_CMP_BOOLEAN_EQUALS || rule->op >= SW_CMP_IS_NULL) &&
              !sw_value_is_boolean (operand))
            return invalid (error, _("The operand of %s must be true or false"), key), NULL;
          if (op_is_timestamp (rule->op) &&
              !_sw_plan_parse_timestamp (sw_value_get_string (operand), &rule->timestamp_ns))
            return invalid (error, _("The operand of %s is not a timestamp: “%s”"), key,
                            sw_value_get_string (operand)), NULL;
          if (op_is_numeric (rule->op))
            rule->number = sw_value_get_double (operand);
          rule->operand = sw_value_ref (operand);
        }
    }

  if (rule->op_name == NULL)
    {
      invalid (error, _("A Choice rule has no comparison operator"));
      return NULL;
    }
  return g_steal_pointer (&rule);
}

static gboolean
rule_runtime_error (GError     **error,
                    const char  *path,
                    const char  *what)
{
  g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
               "Invalid path '%s': The choice state's condition path references an invalid "
               "value%s", path, what);
  return FALSE;
}

static int
compare_numbers (double a,
                 double b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static gboolean
ordering_holds (SwCompareOp op,
                int         cmp)
{
  switch (op)
    {
    case SW_CMP_STRING_EQUALS:
    case SW_CMP_NUMERIC_EQUALS:
    case SW_CMP_TIMESTAMP_EQUALS:
      return cmp == 0;
    case SW_CMP_STRING_LESS_THAN:
    case SW_CMP_NUMERIC_LESS_THAN:
    case SW_CMP_TIMESTAMP_LESS_THAN:
      return cmp < 0;
    case SW_CMP_STRING_GREATER_THAN:
    case SW_CMP_NUMERIC_GREATER_THAN:
    case SW_CMP_TIMESTAMP_GREATER_THAN:
      return cmp > 0;
    case SW_CMP_STRING_LESS_THAN_EQUALS:
    case SW_CMP_NUMERIC_LESS_THAN_EQUALS:
    case SW_CMP_TIMESTAMP_LESS_THAN_EQUALS:
      return cmp <= 0;
    case SW_CMP_STRING_GREATER_THAN_EQUALS:
    case SW_CMP_NUMERIC_GREATER_THAN_EQUALS:
    case SW_CMP_TIMESTAMP_GREATER_THAN_EQUALS:
      return cmp >= 0;
    default:
      return FALSE;
    }
}

static gboolean
is_timestamp (const SwValue *value,
              gint64        *ns)
{
  return sw_value_is_string (value) && _sw_plan_parse_timestamp (sw_value_get_string (value), ns);
}

gboolean
_sw_plan_rule_eval (const SwPlanRule  *rule,
                    SwEvalScope       *scope,
                    gboolean          *matched,
                    GError           **error)
{
  SwValue *value, *operand;
  gint64 a_ns, b_ns;

  switch (rule->kind)
    {
    case SW_RULE_AND:
    case SW_RULE_OR:
      for (guint i = 0; i < rule->children->len; i++)
        {
          gboolean child;

          if (!_sw_plan_rule_eval (g_ptr_array_index (rule->children, i), scope, &child, error))
            return FALSE;
          if (rule->kind == SW_RULE_AND && !child)
            {
              *matched = FALSE;
              return TRUE;
            }
          if (rule->kind == SW_RULE_OR && child)
            {
              *matched = TRUE;
              return TRUE;
            }
        }
      *matched = rule->kind == SW_RULE_AND;
      return TRUE;

    case SW_RULE_NOT:
      if (!_sw_plan_rule_eval (g_ptr_array_index (rule->children, 0), scope, matched, error))
        return FALSE;
      *matched = !*matched;
      return TRUE;

    case SW_RULE_TEST:
    default:
      break;
    }

  value = sw_eval_path_lookup (rule->variable, scope);
  if (rule->op == SW_CMP_IS_PRESENT)
    {
      *matched = (value != NULL) == sw_value_get_boolean (rule->operand);
      return TRUE;
    }
  if (value == NULL)
    return rule_runtime_error (error, sw_eval_path_get_text (rule->variable), "");

  operand = rule->operand;
  if (rule->operand_path != NULL)
    {
      operand = sw_eval_path_lookup (rule->operand_path, scope);
      if (operand == NULL)
        return rule_runtime_error (error, sw_eval_path_get_text (rule->operand_path), "");
    }

  /* A value of the wrong type does not match; it is not an error. */
  *matched = FALSE;
  switch (rule->op)
    {
    case SW_CMP_IS_NULL:
      *matched = sw_value_is_null (value) == sw_value_get_boolean (operand);
      break;
    case SW_CMP_IS_NUMERIC:
      *matched = sw_value_is_number (value) == sw_value_get_boolean (operand);
      break;
    case SW_CMP_IS_STRING:
      *matched = sw_value_is_string (value) == sw_value_get_boolean (operand);
      break;
    case SW_CMP_IS_BOOLEAN:
      *matched = sw_value_is_boolean (value) == sw_value_get_boolean (operand);
      break;
    case SW_CMP_IS_TIMESTAMP:
      *matched = is_timestamp (value, NULL) == sw_value_get_boolean (operand);
      break;
    case SW_CMP_BOOLEAN_EQUALS:
      *matched = sw_value_is_boolean (value) && sw_value_is_boolean (operand) &&
                 sw_value_get_boolean (value) == sw_value_get_boolean (operand);
      break;
    case SW_CMP_STRING_MATCHES:
      *matched = sw_value_is_string (value) &&
                 _sw_plan_string_matches (sw_value_get_string (value),
                                          sw_value_get_string (operand));
      break;
    default:
      if (op_is_string (rule->op))
        {
          if (sw_value_is_string (value) && sw_value_is_string (operand))
            *matched = ordering_holds (rule->op, strcmp (sw_value_get_string (value),
                                                         sw_value_get_string (operand)));
        }
      else if (op_is_numeric (rule->op))
        {
          if (sw_value_is_number (value) && sw_value_is_number (operand))
            *matched = ordering_holds (rule->op,
                                       compare_numbers (sw_eval_json_number (value),
                                                        rule->operand_path != NULL
                                                          ? sw_eval_json_number (operand)
                                                          : rule->number));
        }
      else if (op_is_timestamp (rule->op))
        {
          if (is_timestamp (value, &a_ns) &&
              (rule->operand_path == NULL ? (b_ns = rule->timestamp_ns, TRUE)
                                          : is_timestamp (operand, &b_ns)))
            *matched = ordering_holds (rule->op, a_ns < b_ns ? -1 : a_ns > b_ns ? 1 : 0);
        }
      break;
    }
  return TRUE;
}

/* States */

static void
field_clear (SwPlanField *field)
{
  g_clear_pointer (&field->value, sw_value_unref);
  g_clear_pointer (&field->path, sw_eval_path_free);
  g_clear_pointer (&field->call, sw_intrinsic_free);
  g_clear_pointer (&field->expr, _sw_plan_template_free);
}

static void
retrier_free (SwPlanRetrier *retrier)
{
  g_strfreev (retrier->errors);
  g_free (retrier);
}

static void
catcher_free (SwPlanCatcher *catcher)
{
  g_strfreev (catcher->errors);
  g_free (catcher->next_name);
  g_clear_pointer (&catcher->result_path, _sw_plan_ref_path_free);
  g_clear_pointer (&catcher->assign, sw_payload_unref);
  g_clear_pointer (&catcher->ja_output, _sw_plan_template_free);
  g_clear_pointer (&catcher->ja_assign, _sw_plan_template_free);
  g_free (catcher);
}

static void machine_free (SwPlanMachine *machine);

static void
state_free (SwPlanState *state)
{
  g_free (state->name);
  g_clear_pointer (&state->definition, sw_value_unref);
  g_free (state->next_name);
  g_clear_pointer (&state->input_path, sw_eval_path_free);
  g_clear_pointer (&state->output_path, sw_eval_path_free);
  g_clear_pointer (&state->result_path, _sw_plan_ref_path_free);
  g_clear_pointer (&state->parameters, sw_payload_unref);
  g_clear_pointer (&state->result_selector, sw_payload_unref);
  g_clear_pointer (&state->result, sw_value_unref);
  g_clear_pointer (&state->assign, sw_payload_unref);
  g_clear_pointer (&state->retriers, g_ptr_array_unref);
  g_clear_pointer (&state->catchers, g_ptr_array_unref);
  g_free (state->resource);
  field_clear (&state->timeout_seconds);
  field_clear (&state->heartbeat_seconds);
  g_clear_pointer (&state->choices, g_ptr_array_unref);
  g_free (state->default_name);
  field_clear (&state->seconds);
  field_clear (&state->timestamp);
  field_clear (&state->error);
  field_clear (&state->cause);
  g_clear_pointer (&state->branches, g_ptr_array_unref);
  g_clear_pointer (&state->processor, machine_free);
  g_clear_pointer (&state->items_path, sw_eval_path_free);
  g_clear_pointer (&state->item_selector, sw_payload_unref);
  field_clear (&state->max_concurrency);
  g_clear_pointer (&state->item_reader, sw_value_unref);
  g_clear_pointer (&state->item_batcher, sw_value_unref);
  g_clear_pointer (&state->result_writer, sw_value_unref);
  field_clear (&state->tolerated_count);
  field_clear (&state->tolerated_percentage);
  g_free (state->label);
  g_clear_pointer (&state->ja_arguments, _sw_plan_template_free);
  g_clear_pointer (&state->ja_output, _sw_plan_template_free);
  g_clear_pointer (&state->ja_assign, _sw_plan_template_free);
  g_clear_pointer (&state->ja_items, _sw_plan_template_free);
  g_clear_pointer (&state->ja_item_selector, _sw_plan_template_free);
  g_clear_pointer (&state->ja_item_reader, _sw_plan_template_free);
  g_clear_pointer (&state->ja_item_batcher, _sw_plan_template_free);
  g_clear_pointer (&state->ja_result_writer, _sw_plan_template_free);
  g_free (state);
}

static void
machine_free (SwPlanMachine *machine)
{
  if (machine == NULL)
    return;
  g_free (machine->start_name);
  g_clear_pointer (&machine->by_name, g_hash_table_unref);
  g_clear_pointer (&machine->states, g_ptr_array_unref);
  g_free (machine);
}

static const char *
get_string (SwValue    *object,
            const char *key)
{
  SwValue *member = sw_value_object_get (object, key);

  return member != NULL && sw_value_is_string (member) ? sw_value_get_string (member) : NULL;
}

static gboolean
compile_path (Compiler     *c,
              SwPlanState  *state,
              const char   *key,
              gboolean      may_discard,
              SwEvalPath  **out,
              gboolean     *discard)
{
  g_autoptr(GError) local_error = NULL;
  SwValue *member = sw_value_object_get (state->definition, key);

  if (member == NULL)
    return TRUE;
  if (sw_value_is_null (member) && may_discard)
    {
      *discard = TRUE;
      return TRUE;
    }
  if (!sw_value_is_string (member))
    return invalid (c->error, _("The %s of state “%s” must be a path"), key, state->name);
  *out = sw_eval_path_parse (sw_value_get_string (member), SW_PATH_ALLOW_CONTEXT, &local_error);
  if (*out == NULL)
    return invalid (c->error, _("The %s of state “%s” is invalid: %s"), key, state->name,
                    local_error->message);
  return TRUE;
}

static gboolean
compile_payload (Compiler     *c,
                 SwPlanState  *state,
                 SwValue      *object,
                 const char   *key,
                 SwPayload   **out)
{
  g_autoptr(GError) local_error = NULL;
  SwValue *member = sw_value_object_get (object, key);

  if (member == NULL)
    return TRUE;
  *out = sw_payload_compile (member, &local_error);
  if (*out == NULL)
    return invalid (c->error, _("The %s of state “%s” is invalid: %s"), key, state->name,
                    local_error->message);
  return TRUE;
}

/* A field that is a literal under @key or a path (or call) under @key + "Path". */
static gboolean
compile_field (Compiler     *c,
               SwPlanState  *state,
               const char   *key,
               SwPlanField  *field,
               gboolean      allow_call)
{
  g_autofree char *path_key = g_strconcat (key, "Path", NULL);
  SwValue *literal = sw_value_object_get (state->definition, key);
  SwValue *path = sw_value_object_get (state->definition, path_key);
  g_autoptr(GError) local_error = NULL;

  if (literal != NULL)
    {
      field->set = TRUE;
      field->value = sw_value_ref (literal);
    }
  if (path != NULL)
    {
      const char *text;

      if (!sw_value_is_string (path))
        return invalid (c->error, _("The %s of state “%s” must be a string"), path_key,
                        state->name);
      text = sw_value_get_string (path);
      field->set = TRUE;
      if (allow_call && sw_intrinsic_looks_like_call (text))
        {
          field->call = sw_intrinsic_parse (text, NULL, &local_error);
          if (field->call != NULL)
            sw_intrinsic_check (field->call, &local_error);
        }
      else
        field->path = sw_eval_path_parse (text, SW_PATH_ALLOW_CONTEXT, &local_error);
      if (local_error != NULL)
        return invalid (c->error, _("The %s of state “%s” is invalid: %s"), path_key,
                        state->name, local_error->message);
    }
  return TRUE;
}

static char **
compile_errors (Compiler    *c,
                SwPlanState *state,
                SwValue     *object,
                const char  *what)
{
  SwValue *list = sw_value_object_get (object, "ErrorEquals");
  GStrvBuilder *builder;

  if (list == NULL || !sw_value_is_array (list) || sw_value_array_get_length (list) == 0)
    {
      invalid (c->error, _("A %s of state “%s” has no ErrorEquals"), what, state->name);
      return NULL;
    }
  builder = g_strv_builder_new ();
  for (guint i = 0; i < sw_value_array_get_length (list); i++)
    {
      SwValue *item = sw_value_array_get (list, i);

      if (!sw_value_is_string (item))
        {
          g_strv_builder_unref (builder);
          invalid (c->error, _("The ErrorEquals of state “%s” must hold strings"), state->name);
          return NULL;
        }
      g_strv_builder_add (builder, sw_value_get_string (item));
    }
  return sw_strv_builder_finish (builder);
}

static double
number_or (SwValue    *object,
           const char *key,
           double      fallback)
{
  SwValue *member = sw_value_object_get (object, key);

  return member != NULL && sw_value_is_number (member) ? sw_value_get_double (member) : fallback;
}

static gboolean
compile_retry_catch (Compiler    *c,
                     SwPlanState *state)
{
  SwValue *retry = sw_value_object_get (state->definition, "Retry");
  SwValue *catch = sw_value_object_get (state->definition, "Catch");

  state->retriers = g_ptr_array_new_with_free_func ((GDestroyNotify) retrier_free);
  state->catchers = g_ptr_array_new_with_free_func ((GDestroyNotify) catcher_free);

  if (retry != NULL && sw_value_is_array (retry))
    for (guint i = 0; i < sw_value_array_get_length (retry); i++)
      {
        SwValue *object = sw_value_array_get (retry, i);
        SwPlanRetrier *retrier = g_new0 (SwPlanRetrier, 1);
        const char *jitter;
        double max_attempts;

        g_ptr_array_add (state->retriers, retrier);
        retrier->errors = compile_errors (c, state, object, "Retrier");
        if (retrier->errors == NULL)
          return FALSE;
        retrier->interval_seconds = number_or (object, "IntervalSeconds", 1);
        /* The validator bounds MaxAttempts (0..99999999); TestState runs unvalidated states */
        max_attempts = number_or (object, "MaxAttempts", 3);
        retrier->max_attempts = max_attempts >= 0 ? (guint) MIN (max_attempts, 99999999) : 0;
        retrier->backoff_rate = number_or (object, "BackoffRate", 2.0);
        retrier->max_delay_seconds = number_or (object, "MaxDelaySeconds", 0);
        jitter = get_string (object, "JitterStrategy");
        retrier->jitter_full = jitter != NULL && strcmp (jitter, "FULL") == 0;
      }

  if (catch != NULL && sw_value_is_array (catch))
    for (guint i = 0; i < sw_value_array_get_length (catch); i++)
      {
        SwValue *object = sw_value_array_get (catch, i);
        SwPlanCatcher *catcher = g_new0 (SwPlanCatcher, 1);
        SwValue *result_path;
        const char *next;

        g_ptr_array_add (state->catchers, catcher);
        catcher->errors = compile_errors (c, state, object, "Catcher");
        if (catcher->errors == NULL)
          return FALSE;
        next = get_string (object, "Next");
        if (next == NULL)
          return invalid (c->error, _("A Catcher of state “%s” has no Next"), state->name);
        catcher->next_name = g_strdup (next);
        result_path = sw_value_object_get (object, "ResultPath");
        if (result_path != NULL && sw_value_is_null (result_path))
          catcher->result_discard = TRUE;
        else if (result_path != NULL)
          {
            if (!sw_value_is_string (result_path))
              return invalid (c->error, _("The ResultPath of a Catcher of state “%s” must be a "
                                          "path"), state->name);
            catcher->result_path = _sw_plan_ref_path_parse (sw_value_get_string (result_path),
                                                            c->error);
            if (catcher->result_path == NULL)
              return FALSE;
          }
        if (state->jsonata)
          {
            SwValue *member;

            if (result_path != NULL)
              return invalid (c->error, _("A Catcher of the JSONata state “%s” has a "
                                          "ResultPath; JSONata catchers use Output"),
                              state->name);
            if ((member = sw_value_object_get (object, "Output")) != NULL &&
                (catcher->ja_output = _sw_plan_template_compile (member, "Output",
                                                                 c->error)) == NULL)
              return FALSE;
            if ((member = sw_value_object_get (object, "Assign")) != NULL &&
                (catcher->ja_assign = _sw_plan_template_compile (member, "Assign",
                                                                 c->error)) == NULL)
              return FALSE;
          }
        else if (!compile_payload (c, state, object, "Assign", &catcher->assign))
          return FALSE;
      }
  return TRUE;
}

static gboolean
mentions (SwValue    *value,
          const char *needle)
{
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_STRING:
      return strstr (sw_value_get_string (value), needle) != NULL;
    case SW_VALUE_ARRAY:
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        if (mentions (sw_value_array_get (value, i), needle))
          return TRUE;
      return FALSE;
    case SW_VALUE_OBJECT:
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        if (mentions (sw_value_object_get_value (value, i), needle))
          return TRUE;
      return FALSE;
    default:
      return FALSE;
    }
}

static const struct
{
  const char *name;
  SwPlanStateType type;
} state_types[] = {
  { "Pass", SW_PLAN_PASS },
  { "Task", SW_PLAN_TASK },
  { "Choice", SW_PLAN_CHOICE },
  { "Wait", SW_PLAN_WAIT },
  { "Succeed", SW_PLAN_SUCCEED },
  { "Fail", SW_PLAN_FAIL },
  { "Parallel", SW_PLAN_PARALLEL },
  { "Map", SW_PLAN_MAP },
};

/* JSONata states */

static const char *const jsonpath_only_fields[] = {
  "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "ItemsPath",
  "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath",
  "CausePath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
  "ToleratedFailurePercentagePath", "Result",
};

static gboolean
compile_template (Compiler        *c,
                  SwPlanState     *state,
                  SwValue         *object,
                  const char      *key,
                  SwPlanTemplate **out)
{
  SwValue *member = sw_value_object_get (object, key);
  g_autoptr(GError) local_error = NULL;

  if (member == NULL)
    return TRUE;
  *out = _sw_plan_template_compile (member, key, &local_error);
  if (*out == NULL)
    return invalid (c->error, _("State “%s”: %s"), state->name, local_error->message);
  return TRUE;
}

/* A field of a JSONata state that holds a literal or a `{% … %}` expression. */
static gboolean
compile_jsonata_field (Compiler     *c,
                       SwPlanState  *state,
                       const char   *key,
                       SwPlanField  *field)
{
  SwValue *member = sw_value_object_get (state->definition, key);
  gsize length;

  if (member == NULL)
    return TRUE;
  field->set = TRUE;
  if (sw_value_is_string (member) &&
      _sw_plan_jsonata_expression (sw_value_get_string (member), &length) != NULL)
    return compile_template (c, state, state->definition, key, &field->expr);
  field->value = sw_value_ref (member);
  return TRUE;
}

/* What a Map state keeps as written, in either query language. */
static void
keep_map_members (SwPlanState *state,
                  SwValue     *object)
{
  SwValue *member;

  if ((member = sw_value_object_get (object, "ItemReader")) != NULL)
    state->item_reader = sw_value_ref (member);
  if ((member = sw_value_object_get (object, "ItemBatcher")) != NULL)
    state->item_batcher = sw_value_ref (member);
  if ((member = sw_value_object_get (object, "ResultWriter")) != NULL)
    state->result_writer = sw_value_ref (member);
  state->label = g_strdup (get_string (object, "Label"));
}

static void
compile_jsonata_state (Compiler      *c,
                       SwPlanMachine *machine,
                       SwPlanState   *state)
{
  SwValue *object = state->definition;
  SwValue *member;

  for (guint i = 0; i < G_N_ELEMENTS (jsonpath_only_fields); i++)
    if (sw_value_object_has (object, jsonpath_only_fields[i]))
      {
        invalid (c->error, _("State “%s” uses the JSONata query language, which has no %s; "
                             "use Arguments, Output and Assign"), state->name,
                 jsonpath_only_fields[i]);
        return;
      }

  if (!compile_template (c, state, object, "Output", &state->ja_output) ||
      !compile_template (c, state, object, "Assign", &state->ja_assign))
    return;
  if ((state->type == SW_PLAN_TASK || state->type == SW_PLAN_PARALLEL) &&
      !compile_template (c, state, object, "Arguments", &state->ja_arguments))
    return;

  switch (state->type)
    {
    case SW_PLAN_PASS:
    case SW_PLAN_SUCCEED:
      break;

    case SW_PLAN_TASK:
      {
        const char *resource = get_string (object, "Resource");

        if (resource == NULL)
          {
            invalid (c->error, _("Task state “%s” has no Resource"), state->name);
            return;
          }
        state->resource = g_strdup (resource);
        if (!compile_jsonata_field (c, state, "TimeoutSeconds", &state->timeout_seconds) ||
            !compile_jsonata_field (c, state, "HeartbeatSeconds", &state->heartbeat_seconds))
          return;
      }
      break;

    case SW_PLAN_CHOICE:
      member = sw_value_object_get (object, "Choices");
      if (member == NULL || !sw_value_is_array (member) || sw_value_array_get_length (member) == 0)
        {
          invalid (c->error, _("Choice state “%s” has no Choices"), state->name);
          return;
        }
      state->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) _sw_plan_rule_free);
      for (guint i = 0; i < sw_value_array_get_length (member); i++)
        {
          g_autoptr(GError) local_error = NULL;
          SwPlanRule *rule = _sw_plan_rule_compile (sw_value_array_get (member, i), TRUE, TRUE,
                                                    &local_error);

          if (rule == NULL)
            {
              invalid (c->error, _("Choice rule %u of state “%s” is invalid: %s"), i + 1,
                       state->name, local_error->message);
              return;
            }
          g_ptr_array_add (state->choices, rule);
        }
      state->default_name = g_strdup (get_string (object, "Default"));
      break;

    case SW_PLAN_WAIT:
      if (!compile_jsonata_field (c, state, "Seconds", &state->seconds) ||
          !compile_jsonata_field (c, state, "Timestamp", &state->timestamp))
        return;
      if (state->seconds.set == state->timestamp.set)
        invalid (c->error, _("Wait state “%s” needs exactly one of Seconds and Timestamp"),
                 state->name);
      break;

    case SW_PLAN_FAIL:
      if (compile_jsonata_field (c, state, "Error", &state->error))
        compile_jsonata_field (c, state, "Cause", &state->cause);
      break;

    case SW_PLAN_PARALLEL:
      member = sw_value_object_get (object, "Branches");
      if (member == NULL || !sw_value_is_array (member) || sw_value_array_get_length (member) == 0)
        {
          invalid (c->error, _("Parallel state “%s” has no Branches"), state->name);
          return;
        }
      state->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) machine_free);
      for (guint i = 0; i < sw_value_array_get_length (member); i++)
        {
          SwPlanMachine *branch = compile_machine (c, sw_value_array_get (member, i), machine,
                                                   state, TRUE);
          if (branch == NULL)
            return;
          g_ptr_array_add (state->branches, branch);
        }
      break;

    case SW_PLAN_MAP:
      {
        SwValue *processor = sw_value_object_get (object, "ItemProcessor");
        SwValue *config;
        const char *mode;

        if (processor == NULL)
          {
            invalid (c->error, _("Map state “%s” has no ItemProcessor"), state->name);
            return;
          }
        config = sw_value_is_object (processor)
                   ? sw_value_object_get (processor, "ProcessorConfig") : NULL;
        mode = config != NULL && sw_value_is_object (config) ? get_string (config, "Mode")
                                                               : NULL;
        state->distributed = mode != NULL && strcmp (mode, "DISTRIBUTED") == 0;
        state->processor = compile_machine (c, processor, machine, state, TRUE);
        if (state->processor == NULL)
          return;
        if (!compile_template (c, state, object, "Items", &state->ja_items) ||
            !compile_template (c, state, object, "ItemSelector", &state->ja_item_selector) ||
            !compile_template (c, state, object, "ItemReader", &state->ja_item_reader) ||
            !compile_template (c, state, object, "ItemBatcher", &state->ja_item_batcher) ||
            !compile_template (c, state, object, "ResultWriter", &state->ja_result_writer) ||
            !compile_jsonata_field (c, state, "MaxConcurrency", &state->max_concurrency) ||
            !compile_jsonata_field (c, state, "ToleratedFailureCount",
                                    &state->tolerated_count) ||
            !compile_jsonata_field (c, state, "ToleratedFailurePercentage",
                                    &state->tolerated_percentage))
          return;
        keep_map_members (state, object);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static SwPlanState *
compile_state (Compiler      *c,
               SwPlanMachine *machine,
               const char    *name,
               SwValue       *object)
{
  SwPlanState *state = g_new0 (SwPlanState, 1);
  const char *type, *language, *next;
  SwValue *member;
  gboolean found = FALSE;

  state->name = g_strdup (name);
  state->owner = machine;
  state->definition = sw_value_ref (object);
  state->jsonata = machine->jsonata;
  /* Only a state that reads the context object needs the time it was entered. */
  state->uses_context = mentions (object, "$$");

  if (!sw_value_is_object (object))
    {
      invalid (c->error, _("State “%s” must be an object"), name);
      return state;
    }

  type = get_string (object, "Type");
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (state_types); i++)
    if (strcmp (type, state_types[i].name) == 0)
      {
        state->type = state_types[i].type;
        state->type_name = state_types[i].name;
        found = TRUE;
      }
  if (!found)
    {
      invalid (c->error, _("State “%s” has no valid Type"), name);
      return state;
    }

  language = get_string (object, "QueryLanguage");
  if (language != NULL)
    state->jsonata = strcmp (language, "JSONata") == 0;

  next = get_string (object, "Next");
  state->next_name = g_strdup (next);
  member = sw_value_object_get (object, "End");
  state->end = member != NULL && sw_value_is_boolean (member) && sw_value_get_boolean (member);
  if (state->type != SW_PLAN_CHOICE && state->type != SW_PLAN_SUCCEED &&
      state->type != SW_PLAN_FAIL && next == NULL && !state->end)
    {
      invalid (c->error, _("State “%s” has neither Next nor End"), name);
      return state;
    }

  if (!compile_retry_catch (c, state))
    return state;

  if (state->jsonata)
    {
      compile_jsonata_state (c, machine, state);
      return state;
    }

  if (!compile_path (c, state, "InputPath", TRUE, &state->input_path, &state->input_discard) ||
      !compile_path (c, state, "OutputPath", TRUE, &state->output_path,
                     &state->output_discard) ||
      !compile_payload (c, state, object, "Assign", &state->assign))
    return state;

  member = sw_value_object_get (object, "ResultPath");
  if (member != NULL && sw_value_is_null (member))
    state->result_discard = TRUE;
  else if (member != NULL)
    {
      if (!sw_value_is_string (member))
        {
          invalid (c->error, _("The ResultPath of state “%s” must be a path"), name);
          return state;
        }
      state->result_path = _sw_plan_ref_path_parse (sw_value_get_string (member), c->error);
      if (state->result_path == NULL)
        return state;
      /* `$` is the default, and the fast path. */
      if (state->result_path->n_steps == 0)
        g_clear_pointer (&state->result_path, _sw_plan_ref_path_free);
    }

  if (!compile_payload (c, state, object, "Parameters", &state->parameters) ||
      !compile_payload (c, state, object, "ResultSelector", &state->result_selector))
    return state;

  switch (state->type)
    {
    case SW_PLAN_PASS:
      member = sw_value_object_get (object, "Result");
      if (member != NULL)
        state->result = sw_value_ref (member);
      break;

    case SW_PLAN_TASK:
      {
        const char *resource = get_string (object, "Resource");

        if (resource == NULL)
          {
            invalid (c->error, _("Task state “%s” has no Resource"), name);
            return state;
          }
        state->resource = g_strdup (resource);
        if (!compile_field (c, state, "TimeoutSeconds", &state->timeout_seconds, FALSE) ||
            !compile_field (c, state, "HeartbeatSeconds", &state->heartbeat_seconds, FALSE))
          return state;
      }
      break;

    case SW_PLAN_CHOICE:
      member = sw_value_object_get (object, "Choices");
      if (member == NULL || !sw_value_is_array (member) || sw_value_array_get_length (member) == 0)
        {
          invalid (c->error, _("Choice state “%s” has no Choices"), name);
          return state;
        }
      state->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) _sw_plan_rule_free);
      for (guint i = 0; i < sw_value_array_get_length (member); i++)
        {
          g_autoptr(GError) local_error = NULL;
          SwPlanRule *rule = _sw_plan_rule_compile (sw_value_array_get (member, i), TRUE, FALSE,
                                                    &local_error);

          if (rule == NULL)
            {
              invalid (c->error, _("Choice rule %u of state “%s” is invalid: %s"), i + 1,
                       name, local_error->message);
              return state;
            }
          g_ptr_array_add (state->choices, rule);
        }
      state->default_name = g_strdup (get_string (object, "Default"));
      break;

    case SW_PLAN_WAIT:
      if (!compile_field (c, state, "Seconds", &state->seconds, FALSE) ||
          !compile_field (c, state, "Timestamp", &state->timestamp, FALSE))
        return state;
      if (state->seconds.set == state->timestamp.set)
        {
          invalid (c->error, _("Wait state “%s” needs exactly one of Seconds, SecondsPath, "
                               "Timestamp and TimestampPath"), name);
          return state;
        }
      break;

    case SW_PLAN_FAIL:
      if (!compile_field (c, state, "Error", &state->error, TRUE) ||
          !compile_field (c, state, "Cause", &state->cause, TRUE))
        return state;
      break;

    case SW_PLAN_SUCCEED:
      break;

    case SW_PLAN_PARALLEL:
      member = sw_value_object_get (object, "Branches");
      if (member == NULL || !sw_value_is_array (member) || sw_value_array_get_length (member) == 0)
        {
          invalid (c->error, _("Parallel state “%s” has no Branches"), name);
          return state;
        }
      state->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) machine_free);
      for (guint i = 0; i < sw_value_array_get_length (member); i++)
        {
          SwPlanMachine *branch = compile_machine (c, sw_value_array_get (member, i), machine,
                                                   state, state->jsonata);
          if (branch == NULL)
            return state;
          g_ptr_array_add (state->branches, branch);
        }
      break;

    case SW_PLAN_MAP:
      {
        SwValue *processor = sw_value_object_get (object, "ItemProcessor");
        SwValue *config;
        const char *mode;

        if (processor == NULL)
          processor = sw_value_object_get (object, "Iterator");
        if (processor == NULL)
          {
            invalid (c->error, _("Map state “%s” has no ItemProcessor"), name);
            return state;
          }
        config = sw_value_is_object (processor)
                   ? sw_value_object_get (processor, "ProcessorConfig") : NULL;
        mode = config != NULL && sw_value_is_object (config) ? get_string (config, "Mode")
                                                               : NULL;
        state->distributed = mode != NULL && strcmp (mode, "DISTRIBUTED") == 0;
        state->processor = compile_machine (c, processor, machine, state, state->jsonata);
        if (state->processor == NULL)
          return state;

        if (!compile_path (c, state, "ItemsPath", FALSE, &state->items_path, NULL) ||
            !compile_payload (c, state, object, "ItemSelector", &state->item_selector) ||
            !compile_field (c, state, "MaxConcurrency", &state->max_concurrency, FALSE) ||
            !compile_field (c, state, "ToleratedFailureCount", &state->tolerated_count, FALSE) ||
            !compile_field (c, state, "ToleratedFailurePercentage",
                            &state->tolerated_percentage, FALSE))
          return state;
        /* Parameters is the older name of ItemSelector. */
        if (state->item_selector == NULL && state->parameters != NULL)
          state->item_selector = g_steal_pointer (&state->parameters);
        g_clear_pointer (&state->parameters, sw_payload_unref);

        keep_map_members (state, object);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return state;
}

static gboolean
resolve (Compiler       *c,
         SwPlanMachine  *machine,
         const char     *from,
         const char     *name,
         SwPlanState   **out)
{
  SwPlanState *state;

  if (name == NULL)
    return TRUE;
  state = g_hash_table_lookup (machine->by_name, name);
  if (state == NULL)
    return invalid (c->error, _("State “%s” goes to “%s”, which is not a state of its "
                                "machine"), from, name);
  *out = state;
  return TRUE;
}

static SwPlanMachine *
compile_machine (Compiler      *c,
                 SwValue       *object,
                 SwPlanMachine *parent,
                 SwPlanState   *owner,
                 gboolean       jsonata)
{
  SwPlanMachine *machine;
  SwValue *states;
  const char *start, *language;

  if (!sw_value_is_object (object))
    {
      invalid (c->error, _("A state machine must be an object"));
      return NULL;
    }

  machine = g_new0 (SwPlanMachine, 1);
  machine->parent = parent;
  machine->owner = owner;
  machine->states = g_ptr_array_new_with_free_func ((GDestroyNotify) state_free);
  machine->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  machine->jsonata = jsonata;
  language = get_string (object, "QueryLanguage");
  if (language != NULL)
    machine->jsonata = strcmp (language, "JSONata") == 0;

  start = get_string (object, "StartAt");
  states = sw_value_object_get (object, "States");
  if (start == NULL || states == NULL || !sw_value_is_object (states))
    {
      invalid (c->error, owner != NULL
                           ? _("A branch or item processor of state “%s” has no StartAt or "
                               "States")
                           : _("The definition has no StartAt or States%s"),
               owner != NULL ? owner->name : "");
      machine_free (machine);
      return NULL;
    }
  machine->start_name = g_strdup (start);

  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      const char *name = sw_value_object_get_key (states, i);
      SwPlanState *state;

      if (g_hash_table_contains (c->plan->all_states, name))
        {
          invalid (c->error, _("The state name “%s” is used twice"), name);
          machine_free (machine);
          return NULL;
        }
      state = compile_state (c, machine, name, sw_value_object_get_value (states, i));
      g_ptr_array_add (machine->states, state);
      g_hash_table_insert (machine->by_name, state->name, state);
      g_hash_table_insert (c->plan->all_states, state->name, state);
      if (*c->error != NULL)
        {
          machine_free (machine);
          return NULL;
        }
    }

  machine->start = g_hash_table_lookup (machine->by_name, start);
  if (machine->start == NULL)
    {
      invalid (c->error, _("StartAt names “%s”, which is not a state"), start);
      machine_free (machine);
      return NULL;
    }

  for (guint i = 0; i < machine->states->len; i++)
    {
      SwPlanState *state = g_ptr_array_index (machine->states, i);

      if (!resolve (c, machine, state->name, state->next_name, &state->next) ||
          !resolve (c, machine, state->name, state->default_name, &state->default_state))
        goto fail;
      for (guint j = 0; state->catchers != NULL && j < state->catchers->len; j++)
        {
          SwPlanCatcher *catcher = g_ptr_array_index (state->catchers, j);

          if (!resolve (c, machine, state->name, catcher->next_name, &catcher->next))
            goto fail;
        }
      for (guint j = 0; state->choices != NULL && j < state->choices->len; j++)
        {
          SwPlanRule *rule = g_ptr_array_index (state->choices, j);

          if (!resolve (c, machine, state->name, rule->next_name, &rule->next))
            goto fail;
        }
    }
  return machine;

fail:
  machine_free (machine);
  return NULL;
}

/* Large objects index their keys on first lookup, which writes to them. An execution may
 * read the definition on its own thread while the caller reads it too, so build every such
 * index now, on the caller's thread. */
static void
freeze (SwValue *value)
{
  if (sw_value_is_object (value))
    {
      sw_value_object_find (value, "", NULL);
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        freeze (sw_value_object_get_value (value, i));
    }
  else if (sw_value_is_array (value))
    for (guint i = 0; i < sw_value_array_get_length (value); i++)
      freeze (sw_value_array_get (value, i));
}

/**
 * _sw_plan_compile:
 * @definition: a definition as read
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with a %SW_ENGINE_ERROR_INVALID
 *   error naming what cannot run
 */
SwPlan *
_sw_plan_compile (SwValue  *definition,
                  GError  **error)
{
  g_autoptr(SwPlan) plan = g_new0 (SwPlan, 1);
  g_autoptr(GError) local_error = NULL;
  Compiler c = { plan, &local_error };
  const char *language;

  g_atomic_ref_count_init (&plan->ref_count);
  plan->definition = sw_value_ref (definition);
  plan->all_states = g_hash_table_new (g_str_hash, g_str_equal);

  if (!sw_value_is_object (definition))
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INVALID,
                   _("A definition must be a JSON object"));
      return NULL;
    }
  freeze (definition);
  language = get_string (definition, "QueryLanguage");
  plan->root = compile_machine (&c, definition, NULL, NULL,
                                language != NULL && strcmp (language, "JSONata") == 0);
  if (plan->root == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  plan->timeout_seconds = number_or (definition, "TimeoutSeconds", 0);
  return g_steal_pointer (&plan);
}

SwPlan *
_sw_plan_ref (SwPlan *plan)
{
  g_atomic_ref_count_inc (&plan->ref_count);
  return plan;
}

void
_sw_plan_unref (SwPlan *plan)
{
  if (plan == NULL)
    return;
  if (g_atomic_ref_count_dec (&plan->ref_count))
    {
      g_clear_pointer (&plan->root, machine_free);
      g_clear_pointer (&plan->all_states, g_hash_table_unref);
      g_clear_pointer (&plan->definition, sw_value_unref);
      g_free (plan);
    }
}
