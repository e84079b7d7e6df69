/* sw-validator-values.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Checks of single values shared by every part of the validator: field tables, JSON types,
 * numbers, timestamps, paths, intrinsic functions, payload templates, JSONata strings. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-intrinsic.h"
#include "sw-json.h"
#include "sw-path-private.h"
#include "sw-validator-private.h"

#define MAX_ASSIGN_SIZE (256u * 1024u)

const char *
_sw_validator_type_name (const SwValue *value)
{
  switch (_sw_value_kind (value))
    {
    case SW_VALUE_NULL:
      return _("null");
    case SW_VALUE_BOOLEAN:
      return _("a boolean");
    case SW_VALUE_NUMBER:
      return _("a number");
    case SW_VALUE_STRING:
      return _("a string");
    case SW_VALUE_ARRAY:
      return _("an array");
    case SW_VALUE_OBJECT:
    default:
      return _("an object");
    }
}

static const char *
kind_name (SwValueKind kind)
{
  switch (kind)
    {
    case SW_VALUE_NULL:
      return _("null");
    case SW_VALUE_BOOLEAN:
      return _("a boolean");
    case SW_VALUE_NUMBER:
      return _("a number");
    case SW_VALUE_STRING:
      return _("a string");
    case SW_VALUE_ARRAY:
      return _("an array");
    case SW_VALUE_OBJECT:
    default:
      return _("an object");
    }
}

/* CloudFormation and SAM substitute `${Name}` (DefinitionSubstitutions, Fn::Sub) before the
 * service sees the definition, so such a value can't be judged here. */
static gboolean
text_has_cfn (const char *text)
{
  for (const char *p = strchr (text, '$'); p != NULL; p = strchr (p + 1, '$'))
    {
      const char *q = p + 2;

      if (p[1] != '{')
        continue;

      while (*q != '\0' && (g_ascii_isalnum (*q) || strchr ("_:.-", *q) != NULL))
        q++;
      if (*q == '}' && q > p + 2)
        return TRUE;
    }

  return FALSE;
}

gboolean
_sw_validator_is_cfn (const SwValue *value)
{
  return _sw_value_is (value, SW_VALUE_STRING) &&
         memchr (_sw_value_text (value), '$', _sw_value_text_length (value)) != NULL &&
         text_has_cfn (_sw_value_text (value));
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* TRUE if @text is written as a JSONata expression: `{%` … `%}`. */
gboolean
_sw_validator_is_expression (const char *text)
{
  gsize length = strlen (text);

  return length >= 4 && g_str_has_prefix (text, "{%") && g_str_has_suffix (text, "%}");
}

/* In JSONata states a string is an expression when it is enclosed in `{%` `%}`; anything
 * else is a literal. Half-delimited strings are almost certainly mistakes. */
void
_sw_validator_check_jsonata_string (SwValidator     *self,
                                    const SwValue   *value,
                                    const SwPointer *pointer)
{
  const char *text = _sw_value_text (value);
  gsize length = sw_value_get_string_length (value);
  gboolean opens = g_str_has_prefix (text, "{%");
  gboolean closes = length >= 2 && memcmp (text + length - 2, "%}", 2) == 0;
  g_autofree char *stripped = NULL;

  if (opens && closes && length >= 4)
    {
      const SwExpressionInfo *info;

      if (is_blank (text + 2, length - 4))
        {
          _sw_validator_report_value (self, SW_RULE_JSONATA_DELIMITERS, value, pointer,
                                      _("The JSONata expression is empty"));
          return;
        }

      info = _sw_validator_expression_info (self, value);
      if (info->problem != NULL)
        {
          guint line, column;

          _sw_validator_locate (value, info->offset, &line, &column);
          _sw_validator_report (self, SW_RULE_JSONATA_SYNTAX, line, column, pointer,
                                _("The JSONata expression doesn't compile: %s"),
                                info->problem);
        }
      return;
    }
  if (opens)
    {
      _sw_validator_report_value (self, SW_RULE_JSONATA_DELIMITERS, value, pointer,
                                  _("The string starts with “{%%” but doesn't end with “%%}”, "
                                    "so it is not a JSONata expression"));
      return;
    }
  if (closes)
    {
      _sw_validator_report_value (self, SW_RULE_JSONATA_DELIMITERS, value, pointer,
                                  _("The string ends with “%%}” but doesn't start with “{%%”, "
                                    "so it is not a JSONata expression"));
      return;
    }

  stripped = g_strstrip (g_strdup (text));
  if (_sw_validator_is_expression (stripped))
    _sw_validator_report_value (self, SW_RULE_JSONATA_DELIMITERS, value, pointer,
                                _("White space around “{%% … %%}” makes the expression a "
                                  "literal string"));
}

gboolean
_sw_validator_check_type (SwValidator     *self,
                          const SwValue   *value,
                          SwValueKind      kind,
                          const char      *field,
                          const SwPointer *pointer)
{
  if (_sw_value_kind (value) == kind)
    return TRUE;

  /* A substituted value becomes whatever CloudFormation puts there. */
  if (_sw_validator_is_cfn (value))
    return FALSE;

  _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, value, pointer,
                              /* Translators: “Comment” must be a string, not a number */
                              _("“%s” must be %s, not %s"),
                              field, kind_name (kind), _sw_validator_type_name (value));
  return FALSE;
}

static char *
format_number (double d)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", d));
}

/* Reads the usual lexemes, small integers, without strtod(): exactly, as a double holds
 * every integer of 15 digits. */
static gboolean
read_small_integer (const SwValue *value,
                    double        *out)
{
  const char *p = _sw_value_text (value);
  gsize length = _sw_value_text_length (value);
  gboolean negative = p[0] == '-';
  gint64 n = 0;

  if (negative)
    p++, length--;
  if (length == 0 || length > 15)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      n = n * 10 + (p[i] - '0');
    }
  *out = negative ? -(double) n : (double) n;
  return TRUE;
}

static void
check_number (SwValidator       *self,
              const SwFieldSpec *spec,
              const SwValue     *value,
              const SwPointer   *pointer)
{
  double d;

  if (!_sw_validator_check_type (self, value, SW_VALUE_NUMBER, spec->name, pointer))
    return;

  if (!read_small_integer (value, &d))
    {
      if (spec->kind == SW_FIELD_INTEGER && !sw_value_is_integer (value))
        {
          _sw_validator_report_value (self, SW_RULE_NUMBER_NOT_INTEGER, value, pointer,
                                      _("“%s” must be an integer, not %s"),
                                      spec->name, sw_value_get_number_lexeme (value));
          return;
        }
      d = sw_value_get_double (value);
    }

  if (!isfinite (d) || d < spec->min || d > spec->max)
    {
      g_autofree char *min = format_number (spec->min);
      g_autofree char *max = format_number (spec->max);

      if (isinf (spec->max))
        _sw_validator_report_value (self, SW_RULE_NUMBER_OUT_OF_RANGE, value, pointer,
                                    _("“%s” must be at least %s, not %s"),
                                    spec->name, min, sw_value_get_number_lexeme (value));
      else
        _sw_validator_report_value (self, SW_RULE_NUMBER_OUT_OF_RANGE, value, pointer,
                                    _("“%s” must be between %s and %s, not %s"),
                                    spec->name, min, max, sw_value_get_number_lexeme (value));
    }
}

/* Timestamps as the service accepts them: RFC 3339 with an uppercase `T` and, without an
 * offset, an uppercase `Z`. */
gboolean
_sw_timestamp_is_valid (const char *text)
{
  static const guint8 days_in_month[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  static const char shape[] = "dddd-dd-ddTdd:dd:dd";
  int year, month, day, hour, minute, second;
  const char *p;

  for (guint i = 0; i < sizeof shape - 1; i++)
    {
      if (shape[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != shape[i])
        return FALSE;
    }

#define DIGITS2(s) (((s)[0] - '0') * 10 + ((s)[1] - '0'))
  year = DIGITS2 (text) * 100 + DIGITS2 (text + 2);
  month = DIGITS2 (text + 5);
  day = DIGITS2 (text + 8);
  hour = DIGITS2 (text + 11);
  minute = DIGITS2 (text + 14);
  second = DIGITS2 (text + 17);

  if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1])
    return FALSE;
  if (month == 2 && day == 29 &&
      !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return FALSE;
  if (hour > 23 || minute > 59 || second > 60)
    return FALSE;

  p = text + sizeof shape - 1;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z')
    return p[1] == '\0';
  if (*p != '+' && *p != '-')
    return FALSE;
  if (!g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || p[3] != ':' ||
      !g_ascii_isdigit (p[4]) || !g_ascii_isdigit (p[5]) || p[6] != '\0')
    return FALSE;
  return DIGITS2 (p + 1) <= 23 && DIGITS2 (p + 4) <= 59;
#undef DIGITS2
}

static void
check_timestamp (SwValidator     *self,
                 const SwValue   *value,
                 const char      *field,
                 const SwPointer *pointer)
{
  if (!_sw_validator_check_type (self, value, SW_VALUE_STRING, field, pointer))
    return;
  if (_sw_validator_is_cfn (value))
    return;
  if (!_sw_timestamp_is_valid (_sw_value_text (value)))
    _sw_validator_report_value (self, SW_RULE_TIMESTAMP_INVALID, value, pointer,
                                _("“%s” is not an RFC 3339 timestamp such as "
                                  "“2026-01-31T23:59:59Z”"),
                                _sw_value_text (value));
}

/* Definitions repeat the same calls (“States.Format('{}', $.id)”) many times, so each
 * distinct text is judged once: the table maps it to why it is wrong, or to NULL. */
static void
check_intrinsic (SwValidator     *self,
                 const SwValue   *value,
                 const SwPointer *pointer)
{
  const char *text = _sw_value_text (value);
  gpointer problem = NULL;

  if (self->intrinsics == NULL)
    self->intrinsics = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (!g_hash_table_lookup_extended (self->intrinsics, text, NULL, &problem))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwIntrinsic) call = sw_intrinsic_parse (text, NULL, &error);

      if (call == NULL || !sw_intrinsic_check (call, &error))
        problem = g_strdup (error->message);
      g_hash_table_insert (self->intrinsics, (gpointer) text, problem);
    }

  if (problem != NULL)
    _sw_validator_report_value (self, SW_RULE_INTRINSIC_INVALID, value, pointer,
                                _("“%s” is not a valid intrinsic function call: %s"),
                                text, (const char *) problem);
}

void
_sw_validator_check_path (SwValidator     *self,
                          const SwValue   *value,
                          const SwPointer *pointer,
                          const char      *field,
                          gboolean         reference,
                          gboolean         allow_context,
                          gboolean         allow_intrinsic)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPath) path = NULL;
  const char *text;
  SwPathFlags flags = SW_PATH_DEFAULT;
  guint offset = 0;

  if (_sw_validator_is_cfn (value))
    return;

  text = _sw_value_text (value);
  if (allow_intrinsic && sw_intrinsic_looks_like_call (text))
    {
      check_intrinsic (self, value, pointer);
      return;
    }

  if (reference)
    flags |= SW_PATH_REFERENCE;
  /* Where the context object may be read, so may variables (all but ResultPath). */
  if (allow_context)
    flags |= SW_PATH_ALLOW_CONTEXT | SW_PATH_ALLOW_VARIABLES;

  if (_sw_path_is_simple (text, flags))
    return;

  path = sw_path_parse (text, flags, &offset, &error);
  if (path != NULL)
    return;

  if (allow_intrinsic)
    _sw_validator_report_value (self, SW_RULE_PATH_INVALID, value, pointer,
                                _("“%s” of “%s” is neither a valid path nor an intrinsic "
                                  "function: %s"),
                                _sw_value_text (value), field, error->message);
  else if (reference)
    _sw_validator_report_value (self, SW_RULE_PATH_INVALID, value, pointer,
                                _("“%s” of “%s” is not a valid reference path: %s"),
                                _sw_value_text (value), field, error->message);
  else
    _sw_validator_report_value (self, SW_RULE_PATH_INVALID, value, pointer,
                                _("“%s” of “%s” is not a valid JSONPath: %s"),
                                _sw_value_text (value), field, error->message);
}

static gboolean
looks_like_jsonata (const SwValue *value)
{
  g_autofree char *stripped = NULL;

  if (!_sw_value_is_string (value))
    return FALSE;
  stripped = g_strstrip (g_strdup (_sw_value_text (value)));
  return _sw_validator_is_expression (stripped);
}

/* In a JSONPath state a `{% … %}` string is taken literally; it was most likely meant for
 * a JSONata state. */
static void
warn_jsonata_literals (SwValidator     *self,
                       const SwValue   *value,
                       const SwPointer *pointer)
{
  switch (_sw_value_kind (value))
    {
    case SW_VALUE_STRING:
      if (looks_like_jsonata (value))
        _sw_validator_report_value (self, SW_RULE_JSONATA_IN_JSONPATH, value, pointer,
                                    _("This state uses JSONPath, so the JSONata expression "
                                      "would be taken as a literal string; set "
                                      "“QueryLanguage” to “JSONata” to evaluate it"));
      break;

    case SW_VALUE_ARRAY:
      for (guint i = 0; i < _sw_value_n_items (value); i++)
        {
          const SwPointer *child = SW_POINTER_INDEX (pointer, i);

          warn_jsonata_literals (self, _sw_value_item (value, i), child);
        }
      break;

    case SW_VALUE_OBJECT:
      for (guint i = 0; i < _sw_value_n_members (value); i++)
        {
          const SwPointer *child = SW_POINTER_KEY (pointer,
                                                      _sw_value_key (value, i));

          warn_jsonata_literals (self, _sw_value_member (value, i), child);
        }
      break;

    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_NUMBER:
    default:
      break;
    }
}

static void
check_jsonpath_template (SwValidator     *self,
                         const SwValue   *value,
                         const SwPointer *pointer)
{
  if (_sw_value_is_array (value))
    {
      for (guint i = 0; i < _sw_value_n_items (value); i++)
        {
          const SwPointer *child = SW_POINTER_INDEX (pointer, i);

          check_jsonpath_template (self, _sw_value_item (value, i), child);
        }
      return;
    }

  if (!_sw_value_is_object (value))
    {
      warn_jsonata_literals (self, value, pointer);
      return;
    }

  {
    guint n = _sw_value_n_members (value);
    gsize small_lengths[32];
    g_autoptr(GHashTable) seen = NULL;

    /* Field names: keys without “.$”. Small templates compare them pairwise; large ones
     * remember the first key of each name. */
    if (n > G_N_ELEMENTS (small_lengths))
      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < n; i++)
      {
        const char *key = _sw_value_key (value, i);
        const SwValue *member = _sw_value_member (value, i);
        const SwPointer *child = SW_POINTER_KEY (pointer, key);
        gsize length = strlen (key);
        gboolean dollar = length >= 2 && key[length - 2] == '.' && key[length - 1] == '$';
        gsize name_length = dollar ? length - 2 : length;
        const char *other = NULL;

        if (seen != NULL)
          {
            g_autofree char *name = g_strndup (key, name_length);

            other = g_hash_table_lookup (seen, name);
            if (other == NULL)
              g_hash_table_insert (seen, g_steal_pointer (&name), (gpointer) key);
          }
        else
          {
            small_lengths[i] = name_length;
            for (guint j = 0; j < i && other == NULL; j++)
              {
                const char *candidate = _sw_value_key (value, j);

                if (small_lengths[j] == name_length && memcmp (candidate, key, name_length) == 0)
                  other = candidate;
              }
          }

        /* The same key twice is reported as duplicate-key; here only `a` beside `a.$`. */
        if (other != NULL && strcmp (other, key) != 0)
          {
            g_autofree char *name = g_strndup (key, name_length);

            _sw_validator_report_key (self, SW_RULE_PAYLOAD_KEY_DUPLICATE, value, i, child,
                                      _("“%s” and “%s” both set the field “%s”"),
                                      other, key, name);
          }

        if (!dollar)
          {
            check_jsonpath_template (self, member, child);
            continue;
          }

        if (!_sw_value_is_string (member))
          {
            _sw_validator_report_value (self, SW_RULE_PAYLOAD_VALUE_NOT_STRING, member, child,
                                        _("“%s” ends in “.$”, so its value must be a path "
                                          "or an intrinsic function as a string, not %s"),
                                        key, _sw_validator_type_name (member));
            continue;
          }

        _sw_validator_check_path (self, member, child, key, FALSE, TRUE, TRUE);
      }
  }
}

static void
check_jsonata_template (SwValidator     *self,
                        const SwValue   *value,
                        const SwPointer *pointer)
{
  switch (_sw_value_kind (value))
    {
    case SW_VALUE_STRING:
      _sw_validator_check_jsonata_string (self, value, pointer);
      break;

    case SW_VALUE_ARRAY:
      for (guint i = 0; i < _sw_value_n_items (value); i++)
        {
          const SwPointer *child = SW_POINTER_INDEX (pointer, i);

          check_jsonata_template (self, _sw_value_item (value, i), child);
        }
      break;

    case SW_VALUE_OBJECT:
      for (guint i = 0; i < _sw_value_n_members (value); i++)
        {
          const char *key = _sw_value_key (value, i);
          const SwPointer *child = SW_POINTER_KEY (pointer, key);

          if (g_str_has_suffix (key, ".$"))
            _sw_validator_report_key (self, SW_RULE_JSONPATH_KEY_IN_JSONATA, value, i, child,
                                      _("“%s” ends in “.$”, which only JSONPath states use; "
                                        "in JSONata write the field without it and give a "
                                        "“{%% … %%}” expression"),
                                      key);
          check_jsonata_template (self, _sw_value_member (value, i), child);
        }
      break;

    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_NUMBER:
    default:
      break;
    }
}

void
_sw_validator_check_template (SwValidator     *self,
                              const SwValue   *value,
                              const SwPointer *pointer,
                              SwQueryLanguage  query_language)
{
  if (query_language == SW_QL_JSONATA)
    check_jsonata_template (self, value, pointer);
  else
    check_jsonpath_template (self, value, pointer);
}

void
_sw_validator_check_assign (SwValidator     *self,
                            const SwValue   *value,
                            const SwPointer *pointer,
                            SwQueryLanguage  query_language)
{
  if (!_sw_validator_check_type (self, value, SW_VALUE_OBJECT, "Assign", pointer))
    return;

  /* The values are at most 256 KiB; expressions can only be judged when they run, but what
   * is written literally already counts. */
  if (_sw_value_n_members (value) > 0)
    {
      gsize size = 0;
      g_autofree char *text = NULL;

      text = sw_json_write (value, SW_JSON_WRITE_COMPACT, &size);
      if (size > MAX_ASSIGN_SIZE)
        {
          g_autofree char *n_bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

          _sw_validator_report_object (self, SW_RULE_ASSIGN_TOO_LARGE, value, pointer,
                                       _("“Assign” writes %s bytes of values; the service "
                                         "accepts at most %u (256 KiB) per state"),
                                       n_bytes, MAX_ASSIGN_SIZE);
        }
    }

  for (guint i = 0; i < sw_value_object_get_size (value); i++)
    {
      const char *key = sw_value_object_get_key (value, i);
      const SwPointer *child = SW_POINTER_KEY (pointer, key);
      g_autofree char *name = NULL;

      if (query_language == SW_QL_JSONPATH && g_str_has_suffix (key, ".$"))
        name = g_strndup (key, strlen (key) - 2);
      else if (query_language == SW_QL_JSONATA && g_str_has_suffix (key, ".$"))
        continue; /* reported by the template check */
      else
        name = g_strdup (key);

      _sw_validator_check_variable_name (self, value, i, child, name);
    }

  _sw_validator_check_template (self, value, pointer, query_language);
}

void
_sw_validator_check_exclusive (SwValidator     *self,
                               const SwValue   *object,
                               const SwPointer *pointer,
                               const char      *a,
                               const char      *b)
{
  guint ia, ib, later;
  const SwPointer *child = NULL;

  if (!sw_value_object_find (object, a, &ia) || !sw_value_object_find (object, b, &ib))
    return;

  later = MAX (ia, ib);
  child = SW_POINTER_KEY (pointer, sw_value_object_get_key (object, later));
  _sw_validator_report_key (self, SW_RULE_FIELDS_EXCLUSIVE, object, later, child,
                            _("“%s” and “%s” can't both be set"),
                            sw_value_object_get_key (object, MIN (ia, ib)),
                            sw_value_object_get_key (object, later));
}

/* Optimal string alignment distance, ignoring case: a transposition (“Taks”) counts as one
 * edit, as people make them. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *d = NULL;

  if (la > 64 || lb > 64)
    return G_MAXUINT;

#define D(i, j) d[(i) * (lb + 1) + (j)]
  d = g_new (guint, (la + 1) * (lb + 1));
  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;

  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        char ca = g_ascii_tolower (a[i - 1]);
        char cb = g_ascii_tolower (b[j - 1]);
        guint best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        best = MIN (best, D (i - 1, j - 1) + (ca == cb ? 0 : 1));
        if (i > 1 && j > 1 && ca == g_ascii_tolower (b[j - 2]) &&
            g_ascii_tolower (a[i - 2]) == cb)
          best = MIN (best, D (i - 2, j - 2) + 1);
        D (i, j) = best;
      }

  return D (la, lb);
#undef D
}

/* The candidate closest to @name (ignoring case), if it is close enough to be a typo. */
const char *
_sw_validator_suggest (const char         *name,
                       const char * const *candidates,
                       guint               n_candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit = MIN (2, strlen (name) / 3 + 1);

  for (guint i = 0; i < n_candidates; i++)
    {
      guint distance = edit_distance (name, candidates[i]);

      if (distance < best_distance)
        {
          best = candidates[i];
          best_distance = distance;
        }
    }

  return best_distance <= limit ? best : NULL;
}

static void
check_value (SwValidator       *self,
             const SwFieldSpec *spec,
             const SwValue     *value,
             const SwPointer   *pointer,
             SwQueryLanguage    query_language)
{
  gboolean expression_ok = query_language == SW_QL_JSONATA &&
                           (spec->flags & SW_FIELD_FLAG_EXPRESSION) != 0;

  switch (spec->kind)
    {
    case SW_FIELD_CUSTOM:
      break;

    case SW_FIELD_ANY:
      if (query_language == SW_QL_JSONPATH)
        warn_jsonata_literals (self, value, pointer);
      break;

    case SW_FIELD_STRING:
      if (_sw_validator_check_type (self, value, SW_VALUE_STRING, spec->name, pointer) &&
          expression_ok)
        _sw_validator_check_jsonata_string (self, value, pointer);
      break;

    case SW_FIELD_BOOLEAN:
      _sw_validator_check_type (self, value, SW_VALUE_BOOLEAN, spec->name, pointer);
      break;

    case SW_FIELD_OBJECT:
      _sw_validator_check_type (self, value, SW_VALUE_OBJECT, spec->name, pointer);
      break;

    case SW_FIELD_INTEGER:
    case SW_FIELD_NUMBER:
      if (expression_ok && _sw_value_is_string (value) && !_sw_validator_is_cfn (value))
        {
          if (g_str_has_prefix (_sw_value_text (value), "{%"))
            _sw_validator_check_jsonata_string (self, value, pointer);
          else
            _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, value, pointer,
                                        spec->kind == SW_FIELD_INTEGER ?
                                        _("“%s” must be an integer or a JSONata expression") :
                                        _("“%s” must be a number or a JSONata expression"),
                                        spec->name);
          break;
        }
      check_number (self, spec, value, pointer);
      break;

    case SW_FIELD_TIMESTAMP:
      if (expression_ok && _sw_value_is_string (value) &&
          g_str_has_prefix (_sw_value_text (value), "{%"))
        _sw_validator_check_jsonata_string (self, value, pointer);
      else
        check_timestamp (self, value, spec->name, pointer);
      break;

    case SW_FIELD_ENUM:
      if (!_sw_validator_check_type (self, value, SW_VALUE_STRING, spec->name, pointer) ||
          _sw_validator_is_cfn (value))
        break;
      if (!g_strv_contains ((const char * const *) spec->values, _sw_value_text (value)))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) spec->values);

          _sw_validator_report_value (self, SW_RULE_ENUM_INVALID, value, pointer,
                                      _("“%s” is not a valid value of “%s”; use one of: %s"),
                                      _sw_value_text (value), spec->name, list);
        }
      break;

    case SW_FIELD_PATH:
    case SW_FIELD_REFERENCE_PATH:
    case SW_FIELD_PATH_OR_INTRINSIC:
      if ((spec->flags & SW_FIELD_FLAG_NULLABLE) && _sw_value_is_null (value))
        break;
      if (!_sw_value_is_string (value) && (spec->flags & SW_FIELD_FLAG_NULLABLE))
        {
          if (!_sw_validator_is_cfn (value))
            _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, value, pointer,
                                        _("“%s” must be a string or null, not %s"),
                                        spec->name, _sw_validator_type_name (value));
          break;
        }
      if (!_sw_validator_check_type (self, value, SW_VALUE_STRING, spec->name, pointer))
        break;
      _sw_validator_check_path (self, value, pointer, spec->name,
                                spec->kind != SW_FIELD_PATH,
                                (spec->flags & SW_FIELD_FLAG_NO_CONTEXT) == 0,
                                spec->kind == SW_FIELD_PATH_OR_INTRINSIC);
      break;

    case SW_FIELD_TEMPLATE:
      _sw_validator_check_template (self, value, pointer, query_language);
      break;

    case SW_FIELD_ASSIGN:
      _sw_validator_check_assign (self, value, pointer, query_language);
      break;

    case SW_FIELD_ITEMS:
      if (_sw_value_is_array (value))
        {
          check_jsonata_template (self, value, pointer);
          break;
        }
      if (_sw_value_is_string (value) && !_sw_validator_is_cfn (value))
        {
          if (!g_str_has_prefix (_sw_value_text (value), "{%") &&
              !g_str_has_suffix (_sw_value_text (value), "%}"))
            _sw_validator_report_value (self, SW_RULE_JSONATA_DELIMITERS, value, pointer,
                                        _("“%s” must be an array or a JSONata expression "
                                          "enclosed in “{%% … %%}”"),
                                        spec->name);
          else
            _sw_validator_check_jsonata_string (self, value, pointer);
          break;
        }
      if (!_sw_validator_is_cfn (value))
        _sw_validator_report_value (self, SW_RULE_FIELD_TYPE, value, pointer,
                                    _("“%s” must be an array or a JSONata expression, not %s"),
                                    spec->name, _sw_validator_type_name (value));
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_sw_validator_check_fields (SwValidator       *self,
                            const SwValue     *object,
                            const SwPointer   *pointer,
                            const SwFieldSpec *specs,
                            guint              n_specs,
                            guint              state_type,
                            SwQueryLanguage    query_language,
                            gboolean           open,
                            const char        *what)
{
  guint n = _sw_value_n_members (object);

  for (guint i = 0; i < n; i++)
    {
      const char *key = _sw_value_key (object, i);
      const SwValue *value = _sw_value_member (object, i);
      const SwFieldSpec *spec = NULL;
      const SwPointer *child = SW_POINTER_KEY (pointer, key);

      for (guint j = 0; j < n_specs; j++)
        if (specs[j].name[0] == key[0] && strcmp (specs[j].name, key) == 0)
          {
            spec = &specs[j];
            break;
          }

      if (spec == NULL)
        {
          g_autofree const char **candidates = g_new0 (const char *, n_specs + 1);
          guint n_candidates = 0;
          const char *suggestion;

          if (open)
            continue;

          if (_sw_validator_is_known_field (key))
            {
              _sw_validator_report_key (self, SW_RULE_FIELD_NOT_ALLOWED, object, i, child,
                                        _("“%s” is not allowed in %s"), key, _(what));
              continue;
            }

          for (guint j = 0; j < n_specs; j++)
            if ((state_type == 0 || (specs[j].states & state_type)) &&
                (specs[j].query_languages & query_language))
              candidates[n_candidates++] = specs[j].name;
          suggestion = _sw_validator_suggest (key, candidates, n_candidates);

          if (suggestion != NULL)
            _sw_validator_report_key (self, SW_RULE_FIELD_UNKNOWN, object, i, child,
                                      _("“%s” is not a field of %s; did you mean “%s”?"),
                                      key, _(what), suggestion);
          else
            _sw_validator_report_key (self, SW_RULE_FIELD_UNKNOWN, object, i, child,
                                      _("“%s” is not a field of %s"), key, _(what));
          continue;
        }

      if (state_type != 0 && (spec->states & state_type) == 0)
        {
          _sw_validator_report_key (self, SW_RULE_FIELD_NOT_ALLOWED, object, i, child,
                                    _("“%s” is not allowed in %s"), key, _(what));
          continue;
        }

      if ((spec->query_languages & query_language) == 0)
        {
          if (query_language == SW_QL_JSONATA)
            _sw_validator_report_key (self, SW_RULE_QUERY_LANGUAGE_FIELD, object, i, child,
                                      _("“%s” is a JSONPath field, but this state uses "
                                        "JSONata"),
                                      key);
          else
            _sw_validator_report_key (self, SW_RULE_QUERY_LANGUAGE_FIELD, object, i, child,
                                      _("“%s” is a JSONata field, but this state uses "
                                        "JSONPath; set “QueryLanguage” to “JSONata” to use it"),
                                      key);
          continue;
        }

      if (spec->flags & SW_FIELD_FLAG_DEPRECATED)
        _sw_validator_report_key (self, SW_RULE_FIELD_DEPRECATED, object, i, child,
                                  _("“%s” is deprecated"), key);

      check_value (self, spec, value, child, query_language);
    }
}
