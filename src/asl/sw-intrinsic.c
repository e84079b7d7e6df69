/* sw-intrinsic.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-intrinsic.h"
#include "sw-path-private.h"

/* The service's limits on the inputs of the encoding and hashing functions. */
#define MAX_ENCODE_INPUT 10000
#define MAX_RANGE_ITEMS 1000

#define ANY SW_INTRINSIC_TYPE_ANY
#define STR SW_INTRINSIC_TYPE_STRING
#define NUM SW_INTRINSIC_TYPE_NUMBER
#define INT SW_INTRINSIC_TYPE_INTEGER
#define BOOL SW_INTRINSIC_TYPE_BOOLEAN
#define ARR SW_INTRINSIC_TYPE_ARRAY
#define OBJ SW_INTRINSIC_TYPE_OBJECT
#define MANY G_MAXUINT

static const SwIntrinsicFunction functions[] = {
  { "States.Format",         1, MANY, STR,  { STR, ANY, ANY }, ANY },
  { "States.StringToJson",   1, 1,    ANY,  { STR, ANY, ANY }, ANY },
  { "States.JsonToString",   1, 1,    STR,  { ANY, ANY, ANY }, ANY },
  { "States.Array",          0, MANY, ARR,  { ANY, ANY, ANY }, ANY },
  { "States.ArrayPartition", 2, 2,    ARR,  { ARR, INT, ANY }, ANY },
  { "States.ArrayContains",  2, 2,    BOOL, { ARR, ANY, ANY }, ANY },
  { "States.ArrayRange",     3, 3,    ARR,  { INT, INT, INT }, ANY },
  { "States.ArrayGetItem",   2, 2,    ANY,  { ARR, INT, ANY }, ANY },
  { "States.ArrayLength",    1, 1,    INT,  { ARR, ANY, ANY }, ANY },
  { "States.ArrayUnique",    1, 1,    ARR,  { ARR, ANY, ANY }, ANY },
  { "States.Base64Encode",   1, 1,    STR,  { STR, ANY, ANY }, ANY },
  { "States.Base64Decode",   1, 1,    STR,  { STR, ANY, ANY }, ANY },
  { "States.Hash",           2, 2,    STR,  { STR, STR, ANY }, ANY },
  { "States.JsonMerge",      3, 3,    OBJ,  { OBJ, OBJ, BOOL }, ANY },
  { "States.MathRandom",     2, 3,    INT,  { INT, INT, INT }, ANY },
  { "States.MathAdd",        2, 2,    INT,  { INT, INT, ANY }, ANY },
  { "States.StringSplit",    2, 2,    ARR,  { STR, STR, ANY }, ANY },
  { "States.UUID",           0, 0,    STR,  { ANY, ANY, ANY }, ANY },
};

static const char * const hash_algorithms[] = {
  "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512",
};

/**
 * sw_intrinsic_get_functions:
 * @n_functions: (out): the number of functions
 *
 * Returns: (array length=n_functions) (transfer none): the intrinsic functions Step Functions
 *   defines
 */
const SwIntrinsicFunction *
sw_intrinsic_get_functions (guint *n_functions)
{
  g_return_val_if_fail (n_functions != NULL, NULL);

  *n_functions = G_N_ELEMENTS (functions);
  return functions;
}

/**
 * sw_intrinsic_lookup:
 * @name: a name such as `States.Format`; case matters
 *
 * Returns: (nullable) (transfer none): the function, or %NULL if there is none of that name
 */
const SwIntrinsicFunction *
sw_intrinsic_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, name) == 0)
      return &functions[i];
  return NULL;
}

/**
 * sw_intrinsic_arg_type:
 *
 * Returns: the type @function expects for its argument at @index
 */
SwIntrinsicType
sw_intrinsic_arg_type (const SwIntrinsicFunction *function,
                       guint                      index)
{
  g_return_val_if_fail (function != NULL, SW_INTRINSIC_TYPE_ANY);

  if (index < G_N_ELEMENTS (function->params))
    return function->params[index];
  return function->rest;
}

/**
 * sw_intrinsic_type_to_string:
 *
 * Returns: a phrase for messages, such as “a string”
 */
const char *
sw_intrinsic_type_to_string (SwIntrinsicType type)
{
  switch (type)
    {
    case SW_INTRINSIC_TYPE_STRING: return _("a string");
    case SW_INTRINSIC_TYPE_NUMBER: return _("a number");
    case SW_INTRINSIC_TYPE_INTEGER: return _("an integer");
    case SW_INTRINSIC_TYPE_BOOLEAN: return _("a boolean");
    case SW_INTRINSIC_TYPE_ARRAY: return _("an array");
    case SW_INTRINSIC_TYPE_OBJECT: return _("an object");
    case SW_INTRINSIC_TYPE_ANY:
    default:
      return _("any value");
    }
}

/**
 * sw_intrinsic_looks_like_call:
 * @text: the value of a `"key.$"` field
 *
 * Tells an intrinsic function call from a path, as the service does: by its prefix.
 *
 * Returns: %TRUE if @text starts with `States.`
 */
gboolean
sw_intrinsic_looks_like_call (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return g_str_has_prefix (text, "States.");
}

/* AST lifetime */

static void
arg_free (SwIntrinsicArg *arg)
{
  g_clear_pointer (&arg->literal, sw_value_unref);
  g_clear_pointer (&arg->placeholders, g_array_unref);
  g_clear_pointer (&arg->path, sw_path_unref);
  g_clear_pointer (&arg->call, sw_intrinsic_free);
  g_free (arg);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwIntrinsicArg, arg_free)

void
sw_intrinsic_free (SwIntrinsic *call)
{
  if (call == NULL)
    return;
  g_ptr_array_unref (call->args);
  g_free (call->name);
  g_free (call);
}

/* Parsing */

typedef struct
{
  const char *text;
  gsize pos;
  guint depth;
  SwSyntaxError syntax;
  /* Byte ↔ character offsets, remembered so that converting stays linear overall. */
  gsize cache_byte;
  guint cache_char;
} Parser;

#define fail(p, ...) _sw_syntax_fail (&(p)->syntax, __VA_ARGS__)

static guint
char_offset (Parser *p,
             gsize   byte)
{
  if (byte < p->cache_byte)
    {
      p->cache_byte = 0;
      p->cache_char = 0;
    }
  p->cache_char += (guint) g_utf8_pointer_to_offset (p->text + p->cache_byte, p->text + byte);
  p->cache_byte = byte;
  return p->cache_char;
}

static inline char
peek (const Parser *p)
{
  return p->text[p->pos];
}

static inline char
peek2 (const Parser *p)
{
  return p->text[p->pos] != '\0' ? p->text[p->pos + 1] : '\0';
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.';
}

static void
skip_space (Parser *p)
{
  while (is_space (peek (p)))
    p->pos++;
}

static char *
describe_char (const Parser *p,
               gsize         pos)
{
  const char *c = p->text + pos;

  if (*c == '\0')
    return g_strdup (_("the end of the text"));
  if (is_space (*c))
    return g_strdup (_("white space"));
  if ((guchar) *c < 0x20)
    return g_strdup_printf ("U+%04X", (guint) (guchar) *c);
  return g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (c) - c), c);
}

static SwIntrinsic *parse_call (Parser *p);

/* `'…'` with the escapes the service defines: `\'`, `\{`, `\}` and `\\`. */
static gboolean
parse_string (Parser         *p,
              SwIntrinsicArg *arg)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) placeholders = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize start = p->pos;

  g_assert (peek (p) == '\'');
  p->pos++;

  for (;;)
    {
      char c = peek (p);

      if (c == '\0')
        return fail (p, start, _("The string is not closed"));
      if (c == '\'')
        {
          p->pos++;
          break;
        }
      if (c == '{' && peek2 (p) == '}')
        {
          guint at = (guint) out->len;

          g_array_append_val (placeholders, at);
          g_string_append (out, "{}");
          p->pos += 2;
          continue;
        }
      if (c != '\\')
        {
          g_string_append_c (out, c);
          p->pos++;
          continue;
        }

      c = peek2 (p);
      if (c == '\'' || c == '{' || c == '}' || c == '\\')
        {
          g_string_append_c (out, c);
          p->pos += 2;
          continue;
        }

      {
        g_autofree char *what = describe_char (p, p->pos + 1);

        return fail (p, p->pos, _("Unknown escape sequence: “\\” followed by %s; only \\', "
                                  "\\{, \\} and \\\\ are allowed"), what);
      }
    }

  arg->kind = SW_INTRINSIC_ARG_LITERAL;
  arg->placeholders = g_steal_pointer (&placeholders);
  arg->literal = sw_value_new_string_take (g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

static gboolean
parse_number (Parser         *p,
              SwIntrinsicArg *arg)
{
  gsize start = p->pos;
  g_autofree char *lexeme = NULL;

  if (peek (p) == '-')
    p->pos++;
  if (peek (p) == '0')
    p->pos++;
  else if (is_digit (peek (p)))
    while (is_digit (peek (p)))
      p->pos++;
  else
    return fail (p, p->pos, _("Expected a digit"));
  if (peek (p) == '.')
    {
      p->pos++;
      if (!is_digit (peek (p)))
        return fail (p, p->pos, _("Expected a digit after the decimal point"));
      while (is_digit (peek (p)))
        p->pos++;
    }
  if (peek (p) == 'e' || peek (p) == 'E')
    {
      p->pos++;
      if (peek (p) == '+' || peek (p) == '-')
        p->pos++;
      if (!is_digit (peek (p)))
        return fail (p, p->pos, _("Expected a digit in the exponent"));
      while (is_digit (peek (p)))
        p->pos++;
    }
  if (is_digit (peek (p)))
    return fail (p, start, _("Numbers cannot start with a zero"));

  lexeme = g_strndup (p->text + start, p->pos - start);
  arg->kind = SW_INTRINSIC_ARG_LITERAL;
  arg->literal = sw_value_new_number (lexeme);
  return TRUE;
}

static gboolean
parse_path_arg (Parser         *p,
                SwIntrinsicArg *arg)
{
  gsize consumed = 0;
  gsize error_pos = 0;
  char *detail = NULL;

  arg->path = _sw_path_parse_prefix (p->text + p->pos,
                                     SW_PATH_ALLOW_CONTEXT | SW_PATH_ALLOW_VARIABLES,
                                     &consumed, &error_pos, &detail);
  if (arg->path == NULL)
    {
      if (p->syntax.message == NULL)
        {
          p->syntax.message = detail;
          p->syntax.pos = p->pos + error_pos;
        }
      else
        g_free (detail);
      return FALSE;
    }
  arg->kind = SW_INTRINSIC_ARG_PATH;
  p->pos += consumed;
  return TRUE;
}

static SwIntrinsicArg *
parse_arg (Parser *p)
{
  g_autoptr(SwIntrinsicArg) arg = g_new0 (SwIntrinsicArg, 1);
  gsize start = p->pos;
  char c = peek (p);
  gboolean ok;

  arg->offset = char_offset (p, start);

  if (c == '\'')
    ok = parse_string (p, arg);
  else if (c == '$')
    ok = parse_path_arg (p, arg);
  else if (c == '-' || is_digit (c))
    ok = parse_number (p, arg);
  else if (g_ascii_isalpha (c))
    {
      g_autofree char *word = NULL;

      while (is_word_byte (peek (p)))
        p->pos++;
      word = g_strndup (p->text + start, p->pos - start);

      if (peek (p) == '(')
        {
          p->pos = start;
          arg->kind = SW_INTRINSIC_ARG_CALL;
          arg->call = parse_call (p);
          ok = arg->call != NULL;
        }
      else if (strcmp (word, "true") == 0 || strcmp (word, "false") == 0)
        {
          arg->kind = SW_INTRINSIC_ARG_LITERAL;
          arg->literal = sw_value_new_boolean (word[0] == 't');
          ok = TRUE;
        }
      else if (strcmp (word, "null") == 0)
        {
          arg->kind = SW_INTRINSIC_ARG_LITERAL;
          arg->literal = sw_value_new_null ();
          ok = TRUE;
        }
      else
        ok = fail (p, start, _("Unknown word “%s”; write strings in single quotes and "
                               "paths with “$”"), word);
    }
  else if (c == '"')
    ok = fail (p, start, _("Write strings in single quotes"));
  else
    {
      g_autofree char *what = describe_char (p, start);

      ok = fail (p, start, _("Expected an argument (a string, a number, true, false, null, "
                             "a path or a function call) but found %s"), what);
    }

  if (!ok)
    return NULL;

  arg->length = char_offset (p, p->pos) - arg->offset;
  return g_steal_pointer (&arg);
}

static SwIntrinsic *
parse_call_inner (Parser *p)
{
  g_autoptr(SwIntrinsic) call = g_new0 (SwIntrinsic, 1);
  gsize start = p->pos;
  gsize open;

  call->args = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_free);

  while (is_word_byte (peek (p)))
    p->pos++;
  call->name = g_strndup (p->text + start, p->pos - start);
  call->offset = char_offset (p, start);

  if (!g_ascii_isalpha (call->name[0]) || strstr (call->name, "..") != NULL ||
      g_str_has_suffix (call->name, "."))
    {
      fail (p, start, _("Expected a function name such as “States.Format”"));
      return NULL;
    }
  if (peek (p) != '(')
    {
      g_autofree char *what = describe_char (p, p->pos);

      fail (p, p->pos, _("Expected “(” after “%s” but found %s"), call->name, what);
      return NULL;
    }

  open = p->pos;
  p->pos++;
  skip_space (p);
  if (peek (p) == ')')
    {
      call->close_offset = char_offset (p, p->pos);
      p->pos++;
      return g_steal_pointer (&call);
    }

  for (;;)
    {
      SwIntrinsicArg *arg = parse_arg (p);
      char c;

      if (arg == NULL)
        return NULL;
      g_ptr_array_add (call->args, arg);

      skip_space (p);
      c = peek (p);
      if (c == ',')
        {
          p->pos++;
          skip_space (p);
          continue;
        }
      if (c == ')')
        {
          call->close_offset = char_offset (p, p->pos);
          p->pos++;
          return g_steal_pointer (&call);
        }
      if (c == '\0')
        {
          fail (p, open, _("The parenthesis is not closed"));
          return NULL;
        }

      {
        g_autofree char *what = describe_char (p, p->pos);

        fail (p, p->pos, _("Expected “,” or “)” but found %s"), what);
        return NULL;
      }
    }
}

static SwIntrinsic *
parse_call (Parser *p)
{
  SwIntrinsic *call;

  if (++p->depth > SW_INTRINSIC_MAX_DEPTH)
    {
      fail (p, p->pos, _("Intrinsic functions nest too deeply"));
      return NULL;
    }
  call = parse_call_inner (p);
  p->depth--;
  return call;
}

/**
 * sw_intrinsic_parse:
 * @text: the value of a `"key.$"` field, such as `States.Format('Hello {}', $.name)`
 * @error_offset: (out) (optional): where the error is, in characters from the start of @text
 * @error: return location for an error in %SW_ASL_ERROR (%SW_ASL_ERROR_PATH or
 *   %SW_ASL_ERROR_ENCODING)
 *
 * Parses an intrinsic function call: a name, then in parentheses arguments that are string
 * literals in single quotes, numbers, `true`, `false`, `null`, JSONPaths (`$` or `$$`
 * rooted) or nested calls. Names and argument counts are not checked here; see
 * sw_intrinsic_check().
 *
 * Returns: (transfer full) (nullable): the call, or %NULL with @error set
 */
SwIntrinsic *
sw_intrinsic_parse (const char  *text,
                    guint       *error_offset,
                    GError     **error)
{
  Parser p = { 0, };
  const char *invalid = NULL;
  g_autoptr(SwIntrinsic) call = NULL;
  guint offset;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, &invalid))
    {
      offset = (guint) g_utf8_pointer_to_offset (text, invalid);
      if (error_offset)
        *error_offset = offset;
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING,
                   _("The text is not valid UTF-8 at offset %u"), offset);
      return NULL;
    }

  p.text = text;
  if (g_ascii_isalpha (peek (&p)))
    call = parse_call (&p);
  else
    fail (&p, 0, _("An intrinsic function call starts with a name such as “States.Format”"));

  if (call != NULL && peek (&p) != '\0')
    {
      g_autofree char *what = describe_char (&p, p.pos);

      fail (&p, p.pos, _("Unexpected %s after the function call"), what);
      g_clear_pointer (&call, sw_intrinsic_free);
    }

  if (call == NULL)
    {
      g_autofree char *detail = g_steal_pointer (&p.syntax.message);

      g_assert (detail != NULL);
      offset = (guint) g_utf8_pointer_to_offset (text, text + p.syntax.pos);
      if (error_offset)
        *error_offset = offset;
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                   /* Translators: the first %s is a sentence describing the problem */
                   _("%s at offset %u"), detail, offset);
      return NULL;
    }

  return g_steal_pointer (&call);
}

/* Printing */

static void append_call (GString *out, const SwIntrinsic *call);

static void
append_string_literal (GString        *out,
                       const SwIntrinsicArg *arg)
{
  const char *text = sw_value_get_string (arg->literal);
  gsize length = sw_value_get_string_length (arg->literal);
  guint next = 0;

  g_string_append_c (out, '\'');
  for (gsize i = 0; i < length; i++)
    {
      if (arg->placeholders != NULL && next < arg->placeholders->len &&
          g_array_index (arg->placeholders, guint, next) == i)
        {
          g_string_append (out, "{}");
          next++;
          i++;
          continue;
        }
      switch (text[i])
        {
        case '\'': g_string_append (out, "\\'"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '{': g_string_append (out, "\\{"); break;
        case '}': g_string_append (out, "\\}"); break;
        default: g_string_append_c (out, text[i]); break;
        }
    }
  g_string_append_c (out, '\'');
}

static void
append_arg (GString              *out,
            const SwIntrinsicArg *arg)
{
  switch (arg->kind)
    {
    case SW_INTRINSIC_ARG_LITERAL:
      switch (sw_value_get_kind (arg->literal))
        {
        case SW_VALUE_STRING:
          append_string_literal (out, arg);
          break;
        case SW_VALUE_NUMBER:
          g_string_append (out, sw_value_get_number_lexeme (arg->literal));
          break;
        case SW_VALUE_BOOLEAN:
          g_string_append (out, sw_value_get_boolean (arg->literal) ? "true" : "false");
          break;
        case SW_VALUE_NULL:
        case SW_VALUE_ARRAY:
        case SW_VALUE_OBJECT:
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    case SW_INTRINSIC_ARG_PATH:
      {
        g_autofree char *path = sw_path_to_string (arg->path);

        g_string_append (out, path);
      }
      break;
    case SW_INTRINSIC_ARG_CALL:
    default:
      append_call (out, arg->call);
      break;
    }
}

static void
append_call (GString           *out,
             const SwIntrinsic *call)
{
  g_string_append (out, call->name);
  g_string_append_c (out, '(');
  for (guint i = 0; i < call->args->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_arg (out, g_ptr_array_index (call->args, i));
    }
  g_string_append_c (out, ')');
}

/**
 * sw_intrinsic_to_string:
 *
 * Prints the call in canonical form: `, ` between arguments, paths in canonical form,
 * strings in single quotes with `'`, `\`, and any brace that is not a `{}` placeholder
 * escaped. Parsing the result gives the same call.
 *
 * Returns: (transfer full): the text
 */
char *
sw_intrinsic_to_string (const SwIntrinsic *call)
{
  GString *out;

  g_return_val_if_fail (call != NULL, NULL);

  out = g_string_new (NULL);
  append_call (out, call);
  return g_string_free (out, FALSE);
}

/* Checking */

typedef struct
{
  guint n_calls;
  guint error_offset;
  GError *error;
} Checker;

static gboolean check_fail (Checker    *c,
                            guint       offset,
                            const char *format,
                            ...) G_GNUC_PRINTF (3, 4);

static gboolean
check_fail (Checker    *c,
            guint       offset,
            const char *format,
            ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  c->error_offset = offset;
  c->error = g_error_new (SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                          /* Translators: the first %s is a sentence describing the problem */
                          _("%s at offset %u"), detail, offset);
  return FALSE;
}

static gboolean
types_compatible (SwIntrinsicType expected,
                  SwIntrinsicType actual)
{
  if (expected == ANY || actual == ANY || expected == actual)
    return TRUE;
  /* A number result may well be integral, and an integer is a number. */
  return (expected == INT && actual == NUM) || (expected == NUM && actual == INT);
}

static gboolean
literal_has_type (const SwValue   *value,
                  SwIntrinsicType  type)
{
  switch (type)
    {
    case SW_INTRINSIC_TYPE_STRING: return sw_value_is_string (value);
    case SW_INTRINSIC_TYPE_NUMBER: return sw_value_is_number (value);
    case SW_INTRINSIC_TYPE_INTEGER: return sw_value_is_integer (value);
    case SW_INTRINSIC_TYPE_BOOLEAN: return sw_value_is_boolean (value);
    case SW_INTRINSIC_TYPE_ARRAY: return sw_value_is_array (value);
    case SW_INTRINSIC_TYPE_OBJECT: return sw_value_is_object (value);
    case SW_INTRINSIC_TYPE_ANY:
    default:
      return TRUE;
    }
}

static const SwIntrinsicArg *
literal_arg (const SwIntrinsic *call,
             guint              index)
{
  const SwIntrinsicArg *arg;

  if (index >= call->args->len)
    return NULL;
  arg = g_ptr_array_index (call->args, index);
  return arg->kind == SW_INTRINSIC_ARG_LITERAL ? arg : NULL;
}

static gboolean
literal_int (const SwIntrinsic *call,
             guint              index,
             gint64            *out)
{
  const SwIntrinsicArg *arg = literal_arg (call, index);

  return arg != NULL && sw_value_get_int64 (arg->literal, out);
}

/* Rules the service fixes for literal arguments beyond their type. */
static gboolean
check_literals (Checker           *c,
                const SwIntrinsic *call)
{
  const SwIntrinsicArg *arg;
  gint64 n;

  if (strcmp (call->name, "States.Format") == 0)
    {
      arg = literal_arg (call, 0);
      if (arg != NULL && arg->placeholders != NULL &&
          arg->placeholders->len != call->args->len - 1)
        return check_fail (c, arg->offset,
                           _("The template of States.Format has %u placeholders “{}”, "
                             "but %u values follow it"),
                           arg->placeholders->len, call->args->len - 1);
    }
  else if (strcmp (call->name, "States.Hash") == 0)
    {
      arg = literal_arg (call, 1);
      if (arg != NULL && sw_value_is_string (arg->literal))
        {
          const char *algorithm = sw_value_get_string (arg->literal);
          gboolean known = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (hash_algorithms); i++)
            known |= strcmp (algorithm, hash_algorithms[i]) == 0;
          if (!known)
            return check_fail (c, arg->offset,
                               _("States.Hash does not know the algorithm “%s”; use MD5, "
                                 "SHA-1, SHA-256, SHA-384 or SHA-512"), algorithm);
        }
    }
  else if (strcmp (call->name, "States.JsonMerge") == 0)
    {
      arg = literal_arg (call, 2);
      if (arg != NULL && sw_value_is_boolean (arg->literal) &&
          sw_value_get_boolean (arg->literal))
        return check_fail (c, arg->offset,
                           _("States.JsonMerge only does shallow merges; its third argument "
                             "must be false"));
    }
  else if (strcmp (call->name, "States.ArrayPartition") == 0)
    {
      if (literal_int (call, 1, &n) && n <= 0)
        return check_fail (c, ((SwIntrinsicArg *) g_ptr_array_index (call->args, 1))->offset,
                           _("The chunk size of States.ArrayPartition must be positive"));
    }
  else if (strcmp (call->name, "States.ArrayGetItem") == 0)
    {
      if (literal_int (call, 1, &n) && n < 0)
        return check_fail (c, ((SwIntrinsicArg *) g_ptr_array_index (call->args, 1))->offset,
                           _("The index of States.ArrayGetItem cannot be negative"));
    }
  else if (strcmp (call->name, "States.ArrayRange") == 0)
    {
      gint64 first, last, step;

      if (literal_int (call, 2, &step) && step == 0)
        return check_fail (c, ((SwIntrinsicArg *) g_ptr_array_index (call->args, 2))->offset,
                           _("The step of States.ArrayRange cannot be 0"));
      if (literal_int (call, 0, &first) && literal_int (call, 1, &last) &&
          literal_int (call, 2, &step))
        {
          double count = 0;

          if ((step > 0 && last >= first) || (step < 0 && last <= first))
            count = floor (((double) last - (double) first) / (double) step) + 1;
          if (count > MAX_RANGE_ITEMS)
            return check_fail (c, call->offset,
                               _("States.ArrayRange can make at most %u items, but this range "
                                 "has %.0f"), MAX_RANGE_ITEMS, count);
        }
    }

  if (strcmp (call->name, "States.Base64Encode") == 0 ||
      strcmp (call->name, "States.Base64Decode") == 0 ||
      strcmp (call->name, "States.Hash") == 0)
    {
      arg = literal_arg (call, 0);
      if (arg != NULL && sw_value_is_string (arg->literal) &&
          g_utf8_strlen (sw_value_get_string (arg->literal), -1) > MAX_ENCODE_INPUT)
        return check_fail (c, arg->offset,
                           _("The input of %s can hold at most %u characters"),
                           call->name, MAX_ENCODE_INPUT);
    }

  return TRUE;
}

static gboolean
check_call (Checker           *c,
            const SwIntrinsic *call)
{
  const SwIntrinsicFunction *function;
  guint n = call->args->len;

  if (++c->n_calls > SW_INTRINSIC_MAX_CALLS)
    return check_fail (c, call->offset,
                       _("A field can use at most %u intrinsic functions"),
                       SW_INTRINSIC_MAX_CALLS);

  function = sw_intrinsic_lookup (call->name);
  if (function == NULL)
    return check_fail (c, call->offset, _("Unknown intrinsic function “%s”"), call->name);

  if (n < function->min_args)
    {
      if (function->min_args == function->max_args)
        return check_fail (c, call->close_offset,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s takes %u argument but has %u",
                                        "%s takes %u arguments but has %u",
                                        function->min_args),
                           function->name, function->min_args, n);
      return check_fail (c, call->close_offset,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%s takes at least %u argument but has %u",
                                      "%s takes at least %u arguments but has %u",
                                      function->min_args),
                         function->name, function->min_args, n);
    }
  if (n > function->max_args)
    {
      const SwIntrinsicArg *extra = g_ptr_array_index (call->args, function->max_args);

      if (function->max_args == 0)
        return check_fail (c, extra->offset, _("%s takes no arguments"), function->name);
      if (function->min_args == function->max_args)
        return check_fail (c, extra->offset,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s takes %u argument but has %u",
                                        "%s takes %u arguments but has %u",
                                        function->max_args),
                           function->name, function->max_args, n);
      return check_fail (c, extra->offset,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%s takes at most %u argument but has %u",
                                      "%s takes at most %u arguments but has %u",
                                      function->max_args),
                         function->name, function->max_args, n);
    }

  for (guint i = 0; i < n; i++)
    {
      const SwIntrinsicArg *arg = g_ptr_array_index (call->args, i);
      SwIntrinsicType expected = sw_intrinsic_arg_type (function, i);

      if (arg->kind == SW_INTRINSIC_ARG_CALL)
        {
          const SwIntrinsicFunction *inner;

          if (!check_call (c, arg->call))
            return FALSE;
          inner = sw_intrinsic_lookup (arg->call->name);
          if (!types_compatible (expected, inner->result))
            return check_fail (c, arg->offset,
                               _("Argument %u of %s must be %s, but %s returns %s"),
                               i + 1, function->name, sw_intrinsic_type_to_string (expected),
                               inner->name, sw_intrinsic_type_to_string (inner->result));
        }
      else if (arg->kind == SW_INTRINSIC_ARG_LITERAL &&
               !literal_has_type (arg->literal, expected))
        {
          if (expected == ARR || expected == OBJ)
            return check_fail (c, arg->offset,
                               _("Argument %u of %s must be %s; pass a path or a function "
                                 "call"),
                               i + 1, function->name, sw_intrinsic_type_to_string (expected));
          return check_fail (c, arg->offset, _("Argument %u of %s must be %s"),
                             i + 1, function->name, sw_intrinsic_type_to_string (expected));
        }
    }

  return check_literals (c, call);
}

/**
 * sw_intrinsic_check_full:
 * @call: a parsed call
 * @error_offset: (out) (optional): where the problem is, in characters from the start of the
 *   parsed text
 * @error: return location for a %SW_ASL_ERROR_PATH error
 *
 * Checks @call and its nested calls against what Step Functions defines: known names, the
 * number of arguments, the types of literal arguments and nested results, at most
 * %SW_INTRINSIC_MAX_CALLS calls in all, and the fixed values of some arguments (the hash
 * algorithm, the placeholders of a literal `States.Format` template, the shallow-merge flag).
 * Paths are not resolved; their values are checked when the call runs.
 *
 * Returns: %TRUE if the call is valid
 */
gboolean
sw_intrinsic_check_full (const SwIntrinsic  *call,
                         guint              *error_offset,
                         GError            **error)
{
  Checker c = { 0, };

  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (check_call (&c, call))
    return TRUE;

  if (error_offset)
    *error_offset = c.error_offset;
  g_propagate_error (error, c.error);
  return FALSE;
}

/**
 * sw_intrinsic_check:
 * @call: a parsed call
 * @error: return location for a %SW_ASL_ERROR_PATH error, whose message names the offset
 *
 * As sw_intrinsic_check_full() without the offset.
 *
 * Returns: %TRUE if the call is valid
 */
gboolean
sw_intrinsic_check (const SwIntrinsic  *call,
                    GError            **error)
{
  return sw_intrinsic_check_full (call, NULL, error);
}
