/* sw-path.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-path-private.h"

/* Indexes and slice bounds are limited to the integers a double holds exactly, as I-JSON
 * and RFC 9535 do; this also keeps slice arithmetic far from overflow. */
#define MAX_INDEX G_GINT64_CONSTANT (9007199254740991)

/* Unions and descendants multiply matches from step to step (`$[0,0][0,0]…` doubles each
 * time); past this many, a step keeps the first ones rather than exhaust memory. */
#define MAX_MATCHES (1u << 20)

typedef struct _PathExpr PathExpr;

typedef enum
{
  ROOT_INPUT,
  ROOT_CONTEXT,
  ROOT_CURRENT,
  ROOT_VARIABLE,
} RootKind;

typedef enum
{
  SEL_NAME,
  SEL_INDEX,
  SEL_WILDCARD,
  SEL_SLICE,
  SEL_FILTER,
} SelectorKind;

typedef struct
{
  SelectorKind kind;
  gsize pos;
  char *name;
  gint64 index;
  gint64 start;
  gint64 end;
  gint64 step;
  guint has_start : 1;
  guint has_end : 1;
  guint has_step : 1;
  PathExpr *filter;
} Selector;

typedef struct
{
  gboolean descendant;
  gsize pos;
  GPtrArray *selectors;
} Segment;

typedef struct
{
  RootKind root;
  gsize pos;
  char *variable;   /* the name after `$` for ROOT_VARIABLE */
  GPtrArray *segments;
} Query;

typedef enum
{
  EXPR_OR,
  EXPR_AND,
  EXPR_NOT,
  EXPR_EXISTS,
  EXPR_COMPARE,
} ExprKind;

typedef enum
{
  CMP_EQ,
  CMP_NE,
  CMP_LT,
  CMP_LE,
  CMP_GT,
  CMP_GE,
} CompareOp;

static const char * const compare_op_text[] = { "==", "!=", "<", "<=", ">", ">=" };

typedef struct
{
  Query *query;
  SwValue *literal;
} Operand;

struct _PathExpr
{
  ExprKind kind;
  GPtrArray *children;
  Query *query;
  CompareOp op;
  Operand left;
  Operand right;
};

struct _SwPath
{
  gatomicrefcount ref_count;
  char *text;
  Query *query;
  gboolean definite;
};

G_DEFINE_BOXED_TYPE (SwPath, sw_path, sw_path_ref, sw_path_unref)

/* AST lifetime */

static void query_free (Query *query);

static void
operand_clear (Operand *operand)
{
  g_clear_pointer (&operand->query, query_free);
  g_clear_pointer (&operand->literal, sw_value_unref);
}

static void
expr_free (PathExpr *expr)
{
  if (expr == NULL)
    return;
  g_clear_pointer (&expr->children, g_ptr_array_unref);
  g_clear_pointer (&expr->query, query_free);
  operand_clear (&expr->left);
  operand_clear (&expr->right);
  g_free (expr);
}

static PathExpr *
expr_new (ExprKind kind)
{
  PathExpr *expr = g_new0 (PathExpr, 1);

  expr->kind = kind;
  if (kind == EXPR_OR || kind == EXPR_AND || kind == EXPR_NOT)
    expr->children = g_ptr_array_new_with_free_func ((GDestroyNotify) expr_free);
  return expr;
}

static void
selector_free (Selector *selector)
{
  g_free (selector->name);
  expr_free (selector->filter);
  g_free (selector);
}

static void
segment_free (Segment *segment)
{
  g_ptr_array_unref (segment->selectors);
  g_free (segment);
}

static Segment *
segment_new (gboolean descendant,
             gsize    pos)
{
  Segment *segment = g_new0 (Segment, 1);

  segment->descendant = descendant;
  segment->pos = pos;
  segment->selectors = g_ptr_array_new_with_free_func ((GDestroyNotify) selector_free);
  return segment;
}

static Selector *
selector_new (SelectorKind kind,
              gsize        pos)
{
  Selector *selector = g_new0 (Selector, 1);

  selector->kind = kind;
  selector->pos = pos;
  return selector;
}

static void
query_free (Query *query)
{
  if (query == NULL)
    return;
  g_ptr_array_unref (query->segments);
  g_free (query->variable);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PathExpr, expr_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Segment, segment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Selector, selector_free)

static gboolean
query_is_definite (const Query *query)
{
  for (guint i = 0; i < query->segments->len; i++)
    {
      const Segment *segment = g_ptr_array_index (query->segments, i);
      const Selector *selector;

      if (segment->descendant || segment->selectors->len != 1)
        return FALSE;
      selector = g_ptr_array_index (segment->selectors, 0);
      if (selector->kind != SEL_NAME && selector->kind != SEL_INDEX)
        return FALSE;
    }
  return TRUE;
}

/* Lexing */

/* Bytes that may appear in a name written with dot notation. Jayway (the library behind
 * Step Functions) ends such a name only at `.`, `[` or a space; we also end it at the
 * characters of the filter and intrinsic grammars, so `@.a==1` and `States.Format($.a)`
 * read as people mean them. Anything else needs brackets: `['a b']`. */
static inline gboolean
is_name_byte (char c)
{
  guchar u = (guchar) c;

  if (u >= 0x80)
    return TRUE;
  if (u <= 0x20 || u == 0x7f)
    return FALSE;
  switch (c)
    {
    case '.': case '[': case ']': case '(': case ')': case '\'': case '"': case ',':
    case '*': case '?': case '@': case ':': case '!': case '=': case '<': case '>':
    case '&': case '|': case '\\':
      return FALSE;
    default:
      return TRUE;
    }
}

static gboolean
name_is_dot_safe (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!is_name_byte (*p))
      return FALSE;
  return TRUE;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Variable names as Assign accepts them: a letter or `_`, then letters, digits and `_`. */
static gboolean
is_variable_char (const char *c,
                  gboolean    first)
{
  gunichar ch;

  if ((guchar) *c < 0x80)
    return g_ascii_isalpha (*c) || *c == '_' || (!first && g_ascii_isdigit (*c));

  ch = g_utf8_get_char_validated (c, -1);
  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    return FALSE;
  return first ? g_unichar_isalpha (ch) : g_unichar_isalnum (ch);
}

typedef struct
{
  const char *text;
  gsize pos;
  SwPathFlags flags;
  guint depth;
  SwSyntaxError syntax;
} Parser;

#define fail(p, ...) _sw_syntax_fail (&(p)->syntax, __VA_ARGS__)

gboolean
_sw_syntax_fail (SwSyntaxError *syntax,
                 gsize          pos,
                 const char    *format,
                 ...)
{
  va_list args;

  if (syntax->message != NULL)
    return FALSE;

  va_start (args, format);
  syntax->message = g_strdup_vprintf (format, args);
  va_end (args);
  syntax->pos = pos;
  return FALSE;
}

static inline char
peek (const Parser *p)
{
  return p->text[p->pos];
}

/* The byte after the current one, never reading past the terminating NUL. */
static inline char
peek2 (const Parser *p)
{
  return p->text[p->pos] != '\0' ? p->text[p->pos + 1] : '\0';
}

static void
skip_space (Parser *p)
{
  while (is_space (peek (p)))
    p->pos++;
}

/* Describes the character at @pos for a message: the character itself, or "the end". */
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

static gboolean
parse_hex4 (Parser  *p,
            guint   *out)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    {
      char c = peek (p);
      int digit = g_ascii_xdigit_value (c);

      if (digit < 0)
        return fail (p, p->pos, _("Expected four hexadecimal digits after “\\u”"));
      value = value * 16 + (guint) digit;
      p->pos++;
    }
  *out = value;
  return TRUE;
}

/* A quoted string, `'…'` or `"…"`, with JSON's escapes plus `\'`. */
static char *
parse_string (Parser *p)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize start = p->pos;
  char quote = peek (p);

  g_assert (quote == '\'' || quote == '"');
  p->pos++;

  for (;;)
    {
      char c = peek (p);

      if (c == '\0')
        {
          fail (p, start, _("The string is not closed"));
          return NULL;
        }
      if (c == quote)
        {
          p->pos++;
          break;
        }
      if ((guchar) c < 0x20)
        {
          fail (p, p->pos, _("Control characters in a string must be escaped"));
          return NULL;
        }
      if (c != '\\')
        {
          g_string_append_c (out, c);
          p->pos++;
          continue;
        }

      p->pos++;
      c = peek (p);
      switch (c)
        {
        case '\\': case '/': case '\'': case '"':
          g_string_append_c (out, c);
          p->pos++;
          break;
        case 'b': g_string_append_c (out, '\b'); p->pos++; break;
        case 'f': g_string_append_c (out, '\f'); p->pos++; break;
        case 'n': g_string_append_c (out, '\n'); p->pos++; break;
        case 'r': g_string_append_c (out, '\r'); p->pos++; break;
        case 't': g_string_append_c (out, '\t'); p->pos++; break;
        case 'u':
          {
            gsize escape = p->pos - 1;
            guint unit;
            gunichar ch;

            p->pos++;
            if (!parse_hex4 (p, &unit))
              return NULL;
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                guint low;

                if (peek (p) != '\\' || peek2 (p) != 'u')
                  {
                    fail (p, escape, _("A high surrogate must be followed by a low surrogate"));
                    return NULL;
                  }
                p->pos += 2;
                if (!parse_hex4 (p, &low))
                  return NULL;
                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    fail (p, escape, _("A high surrogate must be followed by a low surrogate"));
                    return NULL;
                  }
                ch = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (unit >= 0xDC00 && unit <= 0xDFFF)
              {
                fail (p, escape, _("A low surrogate must follow a high surrogate"));
                return NULL;
              }
            else if (unit == 0)
              {
                fail (p, escape, _("Names and strings in paths cannot hold U+0000"));
                return NULL;
              }
            else
              ch = unit;
            g_string_append_unichar (out, ch);
          }
          break;
        default:
          {
            g_autofree char *what = describe_char (p, p->pos);

            fail (p, p->pos - 1, _("Unknown escape sequence: “\\” followed by %s"), what);
            return NULL;
          }
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse_int (Parser *p,
           gint64 *out)
{
  gsize start = p->pos;
  gboolean negative = FALSE;
  gint64 value = 0;

  if (peek (p) == '-')
    {
      negative = TRUE;
      p->pos++;
    }
  if (!is_digit (peek (p)))
    return fail (p, p->pos, _("Expected a digit"));

  while (is_digit (peek (p)))
    {
      value = value * 10 + (peek (p) - '0');
      if (value > MAX_INDEX)
        return fail (p, start, _("The number is too large for an index"));
      p->pos++;
    }

  *out = negative ? -value : value;
  return TRUE;
}

/* Parsing */

static Query    *parse_query (Parser *p, gboolean allow_current);
static PathExpr *parse_or    (Parser *p);

static char *
parse_dot_name (Parser *p)
{
  gsize start = p->pos;

  while (is_name_byte (peek (p)))
    p->pos++;
  g_assert (p->pos > start);
  return g_strndup (p->text + start, p->pos - start);
}

/* A JSON number lexeme. */
static SwValue *
parse_number (Parser *p)
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
    {
      fail (p, p->pos, _("Expected a digit"));
      return NULL;
    }
  if (peek (p) == '.')
    {
      p->pos++;
      if (!is_digit (peek (p)))
        {
          fail (p, p->pos, _("Expected a digit after the decimal point"));
          return NULL;
        }
      while (is_digit (peek (p)))
        p->pos++;
    }
  if (peek (p) == 'e' || peek (p) == 'E')
    {
      p->pos++;
      if (peek (p) == '+' || peek (p) == '-')
        p->pos++;
      if (!is_digit (peek (p)))
        {
          fail (p, p->pos, _("Expected a digit in the exponent"));
          return NULL;
        }
      while (is_digit (peek (p)))
        p->pos++;
    }
  if (is_digit (peek (p)))
    {
      fail (p, start, _("Numbers cannot start with a zero"));
      return NULL;
    }

  lexeme = g_strndup (p->text + start, p->pos - start);
  return sw_value_new_number (lexeme);
}

static gboolean
parse_operand (Parser  *p,
               Operand *operand)
{
  gsize start = p->pos;
  char c = peek (p);

  if (c == '@' || c == '$')
    {
      operand->query = parse_query (p, TRUE);
      return operand->query != NULL;
    }
  if (c == '\'' || c == '"')
    {
      char *text = parse_string (p);

      if (text == NULL)
        return FALSE;
      operand->literal = sw_value_new_string_take (text);
      return TRUE;
    }
  if (c == '-' || is_digit (c))
    {
      operand->literal = parse_number (p);
      return operand->literal != NULL;
    }
  if (g_ascii_isalpha (c))
    {
      g_autofree char *word = NULL;

      while (g_ascii_isalnum (peek (p)) || peek (p) == '_')
        p->pos++;
      word = g_strndup (p->text + start, p->pos - start);
      if (strcmp (word, "true") == 0)
        operand->literal = sw_value_new_boolean (TRUE);
      else if (strcmp (word, "false") == 0)
        operand->literal = sw_value_new_boolean (FALSE);
      else if (strcmp (word, "null") == 0)
        operand->literal = sw_value_new_null ();
      else
        return fail (p, start, _("Unknown word “%s”; write strings in quotes"), word);
      return TRUE;
    }

  {
    g_autofree char *what = describe_char (p, start);

    return fail (p, start, _("Expected a path, a string, a number, true, false or null, "
                             "but found %s"), what);
  }
}

/* Returns the operator, -1 when there is none, or -2 after reporting a bad one. */
static int
parse_compare_op (Parser *p)
{
  gsize start = p->pos;
  char c = peek (p);
  char d = peek2 (p);

  if (c == '=' && d == '=')
    {
      p->pos += 2;
      return CMP_EQ;
    }
  if (c == '!' && d == '=')
    {
      p->pos += 2;
      return CMP_NE;
    }
  if (c == '<' || c == '>')
    {
      p->pos += (d == '=') ? 2 : 1;
      if (c == '<')
        return d == '=' ? CMP_LE : CMP_LT;
      return d == '=' ? CMP_GE : CMP_GT;
    }
  if (c == '=' && d == '~')
    {
      fail (p, start, _("Regular expression matches (“=~”) are not supported"));
      return -2;
    }
  if (c == '=')
    {
      fail (p, start, _("Use “==” to compare values"));
      return -2;
    }
  if (g_ascii_isalpha (c))
    {
      g_autofree char *word = NULL;

      while (g_ascii_isalpha (p->text[p->pos]))
        p->pos++;
      word = g_strndup (p->text + start, p->pos - start);
      fail (p, start, _("The operator “%s” is not supported; use ==, !=, <, <=, > or >="), word);
      return -2;
    }
  return -1;
}

static gboolean
check_comparable (Parser        *p,
                  const Operand *operand,
                  gsize          pos)
{
  if (operand->query != NULL && !query_is_definite (operand->query))
    return fail (p, pos, _("Only a definite path (no wildcards, “..”, unions, slices or "
                           "filters) can be compared"));
  return TRUE;
}

static PathExpr *
parse_comparison (Parser *p)
{
  g_autoptr(PathExpr) expr = expr_new (EXPR_COMPARE);
  gsize left_pos = p->pos;
  gsize right_pos;
  int op;

  if (!parse_operand (p, &expr->left))
    return NULL;
  skip_space (p);

  op = parse_compare_op (p);
  if (op == -2)
    return NULL;
  if (op == -1)
    {
      if (expr->left.query == NULL)
        {
          fail (p, left_pos, _("A value alone is not a test; compare it with ==, !=, <, <=, > "
                               "or >="));
          return NULL;
        }
      expr->kind = EXPR_EXISTS;
      expr->query = g_steal_pointer (&expr->left.query);
      return g_steal_pointer (&expr);
    }

  expr->op = op;
  skip_space (p);
  right_pos = p->pos;
  if (!parse_operand (p, &expr->right))
    return NULL;
  if (!check_comparable (p, &expr->left, left_pos) ||
      !check_comparable (p, &expr->right, right_pos))
    return NULL;
  return g_steal_pointer (&expr);
}

static PathExpr *
parse_unary (Parser *p)
{
  skip_space (p);

  if (peek (p) == '!' && peek2 (p) != '=')
    {
      g_autoptr(PathExpr) expr = expr_new (EXPR_NOT);
      PathExpr *child;

      p->pos++;
      if (++p->depth > SW_PATH_MAX_DEPTH)
        {
          fail (p, p->pos - 1, _("The filter expression nests too deeply"));
          return NULL;
        }
      child = parse_unary (p);
      p->depth--;
      if (child == NULL)
        return NULL;
      g_ptr_array_add (expr->children, child);
      return g_steal_pointer (&expr);
    }

  if (peek (p) == '(')
    {
      gsize open = p->pos;
      g_autoptr(PathExpr) expr = NULL;

      p->pos++;
      expr = parse_or (p);
      if (expr == NULL)
        return NULL;
      skip_space (p);
      if (peek (p) != ')')
        {
          g_autofree char *what = describe_char (p, p->pos);

          if (peek (p) == '\0')
            fail (p, open, _("The parenthesis is not closed"));
          else
            fail (p, p->pos, _("Expected “)”, “&&” or “||” but found %s"), what);
          return NULL;
        }
      p->pos++;
      return g_steal_pointer (&expr);
    }

  return parse_comparison (p);
}

/* `&&` binds tighter than `||`. Chains are kept flat (n-ary) so a long chain does not make a
 * deep tree. */
static PathExpr *
parse_chain (Parser   *p,
             ExprKind  kind)
{
  char sym = kind == EXPR_OR ? '|' : '&';
  g_autoptr(PathExpr) first = NULL;
  g_autoptr(PathExpr) chain = NULL;

  first = kind == EXPR_OR ? parse_chain (p, EXPR_AND) : parse_unary (p);
  if (first == NULL)
    return NULL;

  for (;;)
    {
      PathExpr *next;

      skip_space (p);
      if (peek (p) != sym)
        break;
      if (peek2 (p) != sym)
        {
          fail (p, p->pos, kind == EXPR_OR ? _("Use “||” for “or”") : _("Use “&&” for “and”"));
          return NULL;
        }
      p->pos += 2;
      next = kind == EXPR_OR ? parse_chain (p, EXPR_AND) : parse_unary (p);
      if (next == NULL)
        return NULL;
      if (chain == NULL)
        {
          chain = expr_new (kind);
          g_ptr_array_add (chain->children, g_steal_pointer (&first));
        }
      g_ptr_array_add (chain->children, next);
    }

  return chain != NULL ? g_steal_pointer (&chain) : g_steal_pointer (&first);
}

static PathExpr *
parse_or (Parser *p)
{
  PathExpr *expr;

  if (++p->depth > SW_PATH_MAX_DEPTH)
    {
      fail (p, p->pos, _("The filter expression nests too deeply"));
      return NULL;
    }
  expr = parse_chain (p, EXPR_OR);
  p->depth--;
  return expr;
}

static Selector *
parse_selector (Parser *p)
{
  gsize start = p->pos;
  char c = peek (p);

  if (c == '\'' || c == '"')
    {
      g_autoptr(Selector) selector = selector_new (SEL_NAME, start);

      selector->name = parse_string (p);
      if (selector->name == NULL)
        return NULL;
      return g_steal_pointer (&selector);
    }

  if (c == '*')
    {
      p->pos++;
      return selector_new (SEL_WILDCARD, start);
    }

  if (c == '?')
    {
      g_autoptr(Selector) selector = selector_new (SEL_FILTER, start);

      p->pos++;
      selector->filter = parse_or (p);
      if (selector->filter == NULL)
        return NULL;
      return g_steal_pointer (&selector);
    }

  if (c == '-' || is_digit (c) || c == ':')
    {
      g_autoptr(Selector) selector = selector_new (SEL_INDEX, start);

      if (c != ':')
        {
          if (!parse_int (p, &selector->start))
            return NULL;
          selector->has_start = TRUE;
          skip_space (p);
        }
      if (peek (p) != ':')
        {
          selector->index = selector->start;
          selector->has_start = FALSE;
          selector->start = 0;
          return g_steal_pointer (&selector);
        }

      selector->kind = SEL_SLICE;
      p->pos++;
      skip_space (p);
      if (peek (p) == '-' || is_digit (peek (p)))
        {
          if (!parse_int (p, &selector->end))
            return NULL;
          selector->has_end = TRUE;
          skip_space (p);
        }
      if (peek (p) == ':')
        {
          p->pos++;
          skip_space (p);
          if (peek (p) == '-' || is_digit (peek (p)))
            {
              if (!parse_int (p, &selector->step))
                return NULL;
              selector->has_step = TRUE;
            }
        }
      return g_steal_pointer (&selector);
    }

  {
    g_autofree char *what = describe_char (p, start);

    fail (p, start, _("Expected a quoted name, an index, a slice, “*” or a filter “?(…)” "
                      "but found %s"), what);
  }
  return NULL;
}

static gboolean
parse_bracket (Parser  *p,
               Segment *segment)
{
  gsize open = p->pos;

  g_assert (peek (p) == '[');
  p->pos++;
  skip_space (p);

  for (;;)
    {
      Selector *selector;
      char c;

      if (peek (p) == '\0')
        return fail (p, open, _("The bracket is not closed"));
      selector = parse_selector (p);
      if (selector == NULL)
        return FALSE;
      g_ptr_array_add (segment->selectors, selector);

      skip_space (p);
      c = peek (p);
      if (c == ',')
        {
          p->pos++;
          skip_space (p);
          continue;
        }
      if (c == ']')
        {
          p->pos++;
          return TRUE;
        }
      if (c == '\0')
        return fail (p, open, _("The bracket is not closed"));

      {
        g_autofree char *what = describe_char (p, p->pos);

        return fail (p, p->pos, _("Expected “,” or “]” but found %s"), what);
      }
    }
}

static Query *
parse_query (Parser   *p,
             gboolean  allow_current)
{
  g_autoptr(Query) query = g_new0 (Query, 1);

  query->pos = p->pos;
  query->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);

  if (peek (p) == '$' && peek2 (p) == '$')
    {
      if (!(p->flags & SW_PATH_ALLOW_CONTEXT))
        {
          fail (p, p->pos, _("The context object “$$” cannot be used here"));
          return NULL;
        }
      query->root = ROOT_CONTEXT;
      p->pos += 2;
    }
  else if (peek (p) == '$' && is_variable_char (p->text + p->pos + 1, TRUE))
    {
      gsize start = p->pos;
      gsize name_start = ++p->pos;

      while (is_variable_char (p->text + p->pos, FALSE))
        p->pos = g_utf8_next_char (p->text + p->pos) - p->text;
      query->variable = g_strndup (p->text + name_start, p->pos - name_start);
      query->root = ROOT_VARIABLE;

      if (strcmp (query->variable, "states") == 0)
        {
          fail (p, start, _("“$states” is reserved for JSONata; JSONPath cannot read it"));
          return NULL;
        }
      if (allow_current)
        {
          fail (p, start, _("Filters cannot read the variable “$%s”"), query->variable);
          return NULL;
        }
      if (!(p->flags & SW_PATH_ALLOW_VARIABLES))
        {
          fail (p, start, _("The variable “$%s” cannot be used here"), query->variable);
          return NULL;
        }
    }
  else if (peek (p) == '$')
    {
      query->root = ROOT_INPUT;
      p->pos++;
    }
  else if (peek (p) == '@' && allow_current)
    {
      query->root = ROOT_CURRENT;
      p->pos++;
    }
  else
    {
      fail (p, p->pos, _("A path must start with “$”"));
      return NULL;
    }

  for (;;)
    {
      gsize seg_pos = p->pos;
      g_autoptr(Segment) segment = NULL;
      char c = peek (p);

      if (c == '.' && peek2 (p) == '.')
        {
          segment = segment_new (TRUE, seg_pos);
          p->pos += 2;
          c = peek (p);
          if (c == '[')
            {
              if (!parse_bracket (p, segment))
                return NULL;
            }
          else if (c == '*')
            {
              g_ptr_array_add (segment->selectors, selector_new (SEL_WILDCARD, p->pos));
              p->pos++;
            }
          else if (is_name_byte (c))
            {
              Selector *selector = selector_new (SEL_NAME, p->pos);

              selector->name = parse_dot_name (p);
              g_ptr_array_add (segment->selectors, selector);
            }
          else
            {
              g_autofree char *what = describe_char (p, p->pos);

              fail (p, p->pos, _("Expected a name, “*” or “[” after “..” but found %s"), what);
              return NULL;
            }
        }
      else if (c == '.')
        {
          segment = segment_new (FALSE, seg_pos);
          p->pos++;
          c = peek (p);
          if (c == '*')
            {
              g_ptr_array_add (segment->selectors, selector_new (SEL_WILDCARD, p->pos));
              p->pos++;
            }
          else if (is_name_byte (c))
            {
              Selector *selector = selector_new (SEL_NAME, p->pos);

              selector->name = parse_dot_name (p);
              g_ptr_array_add (segment->selectors, selector);
            }
          else
            {
              g_autofree char *what = describe_char (p, p->pos);

              if (c == '[')
                fail (p, seg_pos, _("Write “[” directly after the name, without a “.”"));
              else
                fail (p, p->pos, _("Expected a name or “*” after “.” but found %s"), what);
              return NULL;
            }
        }
      else if (c == '[')
        {
          segment = segment_new (FALSE, seg_pos);
          if (!parse_bracket (p, segment))
            return NULL;
        }
      else
        break;

      g_ptr_array_add (query->segments, g_steal_pointer (&segment));
    }

  return g_steal_pointer (&query);
}

static gboolean
check_reference (Parser      *p,
                 const Query *query)
{
  for (guint i = 0; i < query->segments->len; i++)
    {
      const Segment *segment = g_ptr_array_index (query->segments, i);

      if (segment->descendant)
        return fail (p, segment->pos, _("A reference path cannot use recursive descent “..”"));
      if (segment->selectors->len > 1)
        {
          const Selector *second = g_ptr_array_index (segment->selectors, 1);

          return fail (p, second->pos, _("A reference path cannot select several names or "
                                         "indexes at once"));
        }
      for (guint j = 0; j < segment->selectors->len; j++)
        {
          const Selector *selector = g_ptr_array_index (segment->selectors, j);

          switch (selector->kind)
            {
            case SEL_WILDCARD:
              return fail (p, selector->pos, _("A reference path cannot use the wildcard “*”"));
            case SEL_SLICE:
              return fail (p, selector->pos, _("A reference path cannot use slices"));
            case SEL_FILTER:
              return fail (p, selector->pos, _("A reference path cannot use filter "
                                               "expressions"));
            case SEL_NAME:
            case SEL_INDEX:
            default:
              break;
            }
        }
    }
  return TRUE;
}

static SwPath *
path_new (const char *text,
          gsize       length,
          Query      *query)
{
  SwPath *self = g_new0 (SwPath, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strndup (text, length);
  self->query = query;
  self->definite = query_is_definite (query);
  return self;
}

static SwPath *
parse_path (const char   *text,
            SwPathFlags   flags,
            gboolean      whole,
            gsize        *consumed,
            gsize        *error_pos,
            char        **error_detail)
{
  Parser p = { text, 0, flags, 0, { 0, NULL } };
  g_autoptr(Query) query = NULL;

  query = parse_query (&p, FALSE);
  if (query != NULL && whole && peek (&p) != '\0')
    {
      g_autofree char *what = describe_char (&p, p.pos);

      if (is_space (peek (&p)))
        fail (&p, p.pos, _("Unexpected white space; write a name that holds spaces in "
                           "brackets, as in ['first name']"));
      else
        fail (&p, p.pos, _("Expected “.” or “[” but found %s"), what);
      g_clear_pointer (&query, query_free);
    }
  if (query != NULL && (flags & SW_PATH_REFERENCE) && !check_reference (&p, query))
    g_clear_pointer (&query, query_free);

  if (query == NULL)
    {
      g_assert (p.syntax.message != NULL);
      *error_pos = p.syntax.pos;
      *error_detail = p.syntax.message;
      return NULL;
    }

  g_assert (p.syntax.message == NULL);
  *consumed = p.pos;
  return path_new (text, p.pos, g_steal_pointer (&query));
}

gboolean
_sw_path_is_simple (const char  *text,
                    SwPathFlags  flags)
{
  const char *p = text;

  if (*p++ != '$')
    return FALSE;

  if (*p == '$')
    {
      if (!(flags & SW_PATH_ALLOW_CONTEXT))
        return FALSE;
      p++;
    }
  else if (g_ascii_isalpha (*p) || *p == '_')
    {
      const char *name = p;

      if (!(flags & SW_PATH_ALLOW_VARIABLES))
        return FALSE;
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      if (p - name == 6 && memcmp (name, "states", 6) == 0)
        return FALSE;
    }

  for (;;)
    {
      if (*p == '\0')
        return TRUE;

      if (*p == '.')
        {
          const char *name = ++p;

          while (is_name_byte (*p) && (guchar) *p < 0x80)
            p++;
          if (p == name)
            return FALSE;
        }
      else if (*p == '[')
        {
          const char *digits = ++p;

          while (is_digit (*p))
            p++;
          /* Far below the largest index. */
          if (p == digits || p - digits > 15 || *p != ']')
            return FALSE;
          p++;
        }
      else
        return FALSE;
    }
}

SwPath *
_sw_path_parse_prefix (const char   *text,
                       SwPathFlags   flags,
                       gsize        *consumed,
                       gsize        *error_pos,
                       char        **error_detail)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (consumed != NULL && error_pos != NULL && error_detail != NULL, NULL);

  return parse_path (text, flags, FALSE, consumed, error_pos, error_detail);
}

/**
 * sw_path_parse:
 * @text: the path, UTF-8
 * @flags: what to accept
 * @error_offset: (out) (optional): where the error is, in characters from the start of @text
 * @error: return location for an error in %SW_ASL_ERROR (%SW_ASL_ERROR_PATH or
 *   %SW_ASL_ERROR_ENCODING)
 *
 * Parses a JSONPath or, with %SW_PATH_REFERENCE, a Reference Path.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 */
SwPath *
sw_path_parse (const char   *text,
               SwPathFlags   flags,
               guint        *error_offset,
               GError      **error)
{
  const char *invalid = NULL;
  g_autofree char *detail = NULL;
  gsize consumed = 0;
  gsize error_pos = 0;
  SwPath *path;
  guint offset;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, &invalid))
    {
      offset = (guint) g_utf8_pointer_to_offset (text, invalid);
      if (error_offset)
        *error_offset = offset;
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING,
                   _("The path is not valid UTF-8 at offset %u"), offset);
      return NULL;
    }

  path = parse_path (text, flags, TRUE, &consumed, &error_pos, &detail);
  if (path != NULL)
    return path;

  offset = (guint) g_utf8_pointer_to_offset (text, text + error_pos);
  if (error_offset)
    *error_offset = offset;
  g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
               /* Translators: the first %s is a sentence describing the problem */
               _("%s at offset %u"), detail, offset);
  return NULL;
}

SwPath *
sw_path_ref (SwPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  g_atomic_ref_count_inc (&path->ref_count);
  return path;
}

void
sw_path_unref (SwPath *path)
{
  g_return_if_fail (path != NULL);

  if (g_atomic_ref_count_dec (&path->ref_count))
    {
      query_free (path->query);
      g_free (path->text);
      g_free (path);
    }
}

/**
 * sw_path_get_text:
 *
 * Returns: the path as written
 */
const char *
sw_path_get_text (const SwPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return path->text;
}

/**
 * sw_path_is_definite:
 *
 * Returns: %TRUE if the path can match at most one value: it uses only names and indexes,
 *   one at a time (a Reference Path)
 */
gboolean
sw_path_is_definite (const SwPath *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return path->definite;
}

/**
 * sw_path_has_context_root:
 *
 * Returns: %TRUE if the path starts at the context object, `$$`
 */
gboolean
sw_path_has_context_root (const SwPath *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return path->query->root == ROOT_CONTEXT;
}

/**
 * sw_path_get_variable_name:
 *
 * Returns: (nullable): the variable the path starts at, without `$`, or %NULL if it starts
 *   at the input or the context object
 */
const char *
sw_path_get_variable_name (const SwPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return path->query->variable;
}

/**
 * sw_path_is_root:
 *
 * Returns: %TRUE if the path is a root alone: `$`, `$$` or `$name`
 */
gboolean
sw_path_is_root (const SwPath *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return path->query->segments->len == 0;
}

/**
 * sw_path_get_n_steps:
 *
 * Returns: how many steps (`.name`, `[…]`, `..x`) follow the root
 */
guint
sw_path_get_n_steps (const SwPath *path)
{
  g_return_val_if_fail (path != NULL, 0);

  return path->query->segments->len;
}

/* Printing */

void
_sw_path_append_quoted (GString    *out,
                        const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *c = text; *c; c++)
    {
      switch (*c)
        {
        case '\'': g_string_append (out, "\\'"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *c < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *c);
          else
            g_string_append_c (out, *c);
        }
    }
  g_string_append_c (out, '\'');
}

static void append_query (GString *out, const Query *query, guint n_segments);
static void append_expr  (GString *out, const PathExpr *expr);

static void
append_literal (GString       *out,
                const SwValue *value)
{
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case SW_VALUE_BOOLEAN:
      g_string_append (out, sw_value_get_boolean (value) ? "true" : "false");
      break;
    case SW_VALUE_NUMBER:
      g_string_append (out, sw_value_get_number_lexeme (value));
      break;
    case SW_VALUE_STRING:
      _sw_path_append_quoted (out, sw_value_get_string (value));
      break;
    case SW_VALUE_ARRAY:
    case SW_VALUE_OBJECT:
    default:
      g_assert_not_reached ();
    }
}

static void
append_operand (GString       *out,
                const Operand *operand)
{
  if (operand->query != NULL)
    append_query (out, operand->query, operand->query->segments->len);
  else
    append_literal (out, operand->literal);
}

/* Parentheses go where the tree needs them to read back the same: around a chain inside a
 * chain, and around anything but a test or a negation after `!`. */
static void
append_child_expr (GString        *out,
                   const PathExpr *child,
                   gboolean        parenthesize)
{
  if (parenthesize)
    g_string_append_c (out, '(');
  append_expr (out, child);
  if (parenthesize)
    g_string_append_c (out, ')');
}

static void
append_expr (GString        *out,
             const PathExpr *expr)
{
  switch (expr->kind)
    {
    case EXPR_OR:
    case EXPR_AND:
      for (guint i = 0; i < expr->children->len; i++)
        {
          const PathExpr *child = g_ptr_array_index (expr->children, i);
          gboolean parens = child->kind == EXPR_OR ||
                            (expr->kind == EXPR_AND && child->kind == EXPR_AND);

          if (i > 0)
            g_string_append (out, expr->kind == EXPR_OR ? " || " : " && ");
          append_child_expr (out, child, parens);
        }
      break;
    case EXPR_NOT:
      {
        const PathExpr *child = g_ptr_array_index (expr->children, 0);

        g_string_append_c (out, '!');
        append_child_expr (out, child, child->kind != EXPR_EXISTS && child->kind != EXPR_NOT);
      }
      break;
    case EXPR_EXISTS:
      append_query (out, expr->query, expr->query->segments->len);
      break;
    case EXPR_COMPARE:
    default:
      append_operand (out, &expr->left);
      g_string_append_printf (out, " %s ", compare_op_text[expr->op]);
      append_operand (out, &expr->right);
      break;
    }
}

static void
append_selector (GString        *out,
                 const Selector *selector)
{
  switch (selector->kind)
    {
    case SEL_NAME:
      _sw_path_append_quoted (out, selector->name);
      break;
    case SEL_INDEX:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, selector->index);
      break;
    case SEL_WILDCARD:
      g_string_append_c (out, '*');
      break;
    case SEL_SLICE:
      if (selector->has_start)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, selector->start);
      g_string_append_c (out, ':');
      if (selector->has_end)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, selector->end);
      if (selector->has_step)
        g_string_append_printf (out, ":%" G_GINT64_FORMAT, selector->step);
      break;
    case SEL_FILTER:
    default:
      g_string_append (out, "?(");
      append_expr (out, selector->filter);
      g_string_append_c (out, ')');
      break;
    }
}

static void
append_segment (GString       *out,
                const Segment *segment)
{
  const Selector *only = NULL;

  if (segment->selectors->len == 1)
    only = g_ptr_array_index (segment->selectors, 0);

  if (segment->descendant)
    g_string_append (out, "..");

  if (only != NULL && only->kind == SEL_NAME && name_is_dot_safe (only->name))
    {
      if (!segment->descendant)
        g_string_append_c (out, '.');
      g_string_append (out, only->name);
      return;
    }
  if (only != NULL && only->kind == SEL_WILDCARD && segment->descendant)
    {
      g_string_append_c (out, '*');
      return;
    }

  g_string_append_c (out, '[');
  for (guint i = 0; i < segment->selectors->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_selector (out, g_ptr_array_index (segment->selectors, i));
    }
  g_string_append_c (out, ']');
}

static void
append_query (GString     *out,
              const Query *query,
              guint        n_segments)
{
  switch (query->root)
    {
    case ROOT_INPUT: g_string_append_c (out, '$'); break;
    case ROOT_CONTEXT: g_string_append (out, "$$"); break;
    case ROOT_VARIABLE:
      g_string_append_c (out, '$');
      g_string_append (out, query->variable);
      break;
    case ROOT_CURRENT: default: g_string_append_c (out, '@'); break;
    }
  for (guint i = 0; i < n_segments && i < query->segments->len; i++)
    append_segment (out, g_ptr_array_index (query->segments, i));
}

/**
 * sw_path_to_string:
 *
 * Prints the path in canonical form: `.name` where the name allows it and `['name']`
 * otherwise, `[*]`, `..name`, `[0,1]`, `[1:3]`, `[?(@.price < 10)]` with single spaces
 * around operators. Parsing the result gives the same path.
 *
 * Returns: (transfer full): the canonical text
 */
char *
sw_path_to_string (const SwPath *path)
{
  GString *out;

  g_return_val_if_fail (path != NULL, NULL);

  out = g_string_new (NULL);
  append_query (out, path->query, path->query->segments->len);
  return g_string_free (out, FALSE);
}

/* Evaluation. Matches are collected as borrowed pointers into the documents, which outlive
 * the evaluation; the public functions add references at the end. */

typedef struct
{
  SwValue *input;
  SwValue *context;
  GHashTable *variables;
} Env;

static void     query_select (const Query *query, SwValue *current, const Env *env,
                              GPtrArray *out);
static gboolean expr_test    (const PathExpr *expr, SwValue *current, const Env *env);

static gboolean
values_equal (const SwValue *a,
              const SwValue *b)
{
  SwValueKind kind = sw_value_get_kind (a);

  if (kind != sw_value_get_kind (b))
    return FALSE;
  switch (kind)
    {
    case SW_VALUE_NUMBER:
      return sw_value_get_double (a) == sw_value_get_double (b);
    case SW_VALUE_STRING:
      return sw_value_get_string_length (a) == sw_value_get_string_length (b) &&
             memcmp (sw_value_get_string (a), sw_value_get_string (b),
                     sw_value_get_string_length (a)) == 0;
    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_ARRAY:
    case SW_VALUE_OBJECT:
    default:
      return sw_value_equal (a, b);
    }
}

/* Returns <0, 0, >0, or G_MININT when the two cannot be ordered. */
static int
values_order (const SwValue *a,
              const SwValue *b)
{
  SwValueKind kind = sw_value_get_kind (a);

  if (kind != sw_value_get_kind (b))
    return G_MININT;
  if (kind == SW_VALUE_NUMBER)
    {
      double x = sw_value_get_double (a);
      double y = sw_value_get_double (b);

      if (x < y)
        return -1;
      if (x > y)
        return 1;
      return x == y ? 0 : G_MININT;
    }
  if (kind == SW_VALUE_STRING)
    {
      gsize la = sw_value_get_string_length (a);
      gsize lb = sw_value_get_string_length (b);
      int cmp = memcmp (sw_value_get_string (a), sw_value_get_string (b), MIN (la, lb));

      /* Byte order of UTF-8 is code point order. */
      if (cmp != 0)
        return cmp < 0 ? -1 : 1;
      return la < lb ? -1 : (la > lb ? 1 : 0);
    }
  return G_MININT;
}

static SwValue *
operand_value (const Operand *operand,
               SwValue       *current,
               const Env     *env)
{
  g_autoptr(GPtrArray) found = NULL;

  if (operand->literal != NULL)
    return operand->literal;

  found = g_ptr_array_new ();
  query_select (operand->query, current, env, found);
  return found->len == 1 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
compare (CompareOp      op,
         const SwValue *a,
         const SwValue *b)
{
  int order;

  if (a == NULL || b == NULL)
    return FALSE;

  switch (op)
    {
    case CMP_EQ:
      return values_equal (a, b);
    case CMP_NE:
      return !values_equal (a, b);
    case CMP_LT:
    case CMP_LE:
    case CMP_GT:
    case CMP_GE:
    default:
      order = values_order (a, b);
      if (order == G_MININT)
        return FALSE;
      if (op == CMP_LT)
        return order < 0;
      if (op == CMP_LE)
        return order <= 0;
      if (op == CMP_GT)
        return order > 0;
      return order >= 0;
    }
}

static gboolean
expr_test (const PathExpr *expr,
           SwValue        *current,
           const Env      *env)
{
  switch (expr->kind)
    {
    case EXPR_OR:
      for (guint i = 0; i < expr->children->len; i++)
        if (expr_test (g_ptr_array_index (expr->children, i), current, env))
          return TRUE;
      return FALSE;
    case EXPR_AND:
      for (guint i = 0; i < expr->children->len; i++)
        if (!expr_test (g_ptr_array_index (expr->children, i), current, env))
          return FALSE;
      return TRUE;
    case EXPR_NOT:
      return !expr_test (g_ptr_array_index (expr->children, 0), current, env);
    case EXPR_EXISTS:
      {
        g_autoptr(GPtrArray) found = g_ptr_array_new ();

        query_select (expr->query, current, env, found);
        return found->len > 0;
      }
    case EXPR_COMPARE:
    default:
      return compare (expr->op,
                      operand_value (&expr->left, current, env),
                      operand_value (&expr->right, current, env));
    }
}

static void
select_slice (const Selector *selector,
              SwValue        *array,
              GPtrArray      *out)
{
  gint64 len = sw_value_array_get_length (array);
  gint64 step = selector->has_step ? selector->step : 1;
  gint64 start, end;

  if (step == 0)
    return;

  if (selector->has_start)
    start = selector->start >= 0 ? selector->start : len + selector->start;
  else
    start = step > 0 ? 0 : len - 1;
  if (selector->has_end)
    end = selector->end >= 0 ? selector->end : len + selector->end;
  else
    end = step > 0 ? len : -len - 1;

  if (step > 0)
    {
      gint64 lower = CLAMP (start, 0, len);
      gint64 upper = CLAMP (end, 0, len);

      for (gint64 i = lower; i < upper; i += step)
        g_ptr_array_add (out, sw_value_array_get (array, (guint) i));
    }
  else
    {
      gint64 upper = CLAMP (start, -1, len - 1);
      gint64 lower = CLAMP (end, -1, len - 1);

      for (gint64 i = upper; lower < i; i += step)
        g_ptr_array_add (out, sw_value_array_get (array, (guint) i));
    }
}

static void
select_children (SwValue   *node,
                 GPtrArray *out)
{
  if (sw_value_is_array (node))
    for (guint i = 0, n = sw_value_array_get_length (node); i < n; i++)
      g_ptr_array_add (out, sw_value_array_get (node, i));
  else if (sw_value_is_object (node))
    for (guint i = 0, n = sw_value_object_get_size (node); i < n; i++)
      g_ptr_array_add (out, sw_value_object_get_value (node, i));
}

static void
apply_selector (const Selector *selector,
                SwValue        *node,
                const Env      *env,
                GPtrArray      *out)
{
  switch (selector->kind)
    {
    case SEL_NAME:
      if (sw_value_is_object (node))
        {
          SwValue *child = sw_value_object_get (node, selector->name);

          if (child != NULL)
            g_ptr_array_add (out, child);
        }
      break;
    case SEL_INDEX:
      if (sw_value_is_array (node))
        {
          gint64 len = sw_value_array_get_length (node);
          gint64 i = selector->index >= 0 ? selector->index : len + selector->index;

          if (i >= 0 && i < len)
            g_ptr_array_add (out, sw_value_array_get (node, (guint) i));
        }
      break;
    case SEL_WILDCARD:
      select_children (node, out);
      break;
    case SEL_SLICE:
      if (sw_value_is_array (node))
        select_slice (selector, node, out);
      break;
    case SEL_FILTER:
    default:
      {
        g_autoptr(GPtrArray) children = g_ptr_array_new ();

        select_children (node, children);
        for (guint i = 0; i < children->len; i++)
          if (expr_test (selector->filter, g_ptr_array_index (children, i), env))
            g_ptr_array_add (out, g_ptr_array_index (children, i));
      }
      break;
    }
}

static void
apply_segment (const Segment *segment,
               SwValue       *node,
               const Env     *env,
               GPtrArray     *out)
{
  g_autoptr(GPtrArray) stack = NULL;

  if (!segment->descendant)
    {
      for (guint i = 0; i < segment->selectors->len; i++)
        apply_selector (g_ptr_array_index (segment->selectors, i), node, env, out);
      return;
    }

  /* Pre-order walk with an explicit stack: documents may nest deeper than the C stack
   * allows recursion. */
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      SwValue *visit = g_ptr_array_steal_index (stack, stack->len - 1);

      for (guint i = 0; i < segment->selectors->len; i++)
        apply_selector (g_ptr_array_index (segment->selectors, i), visit, env, out);

      if (sw_value_is_array (visit))
        for (guint i = sw_value_array_get_length (visit); i > 0; i--)
          g_ptr_array_add (stack, sw_value_array_get (visit, i - 1));
      else if (sw_value_is_object (visit))
        for (guint i = sw_value_object_get_size (visit); i > 0; i--)
          g_ptr_array_add (stack, sw_value_object_get_value (visit, i - 1));
    }
}

static void
query_select (const Query *query,
              SwValue     *current,
              const Env   *env,
              GPtrArray   *out)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  SwValue *start;

  switch (query->root)
    {
    case ROOT_INPUT: start = env->input; break;
    case ROOT_CONTEXT: start = env->context; break;
    case ROOT_VARIABLE:
      start = env->variables != NULL ? g_hash_table_lookup (env->variables, query->variable)
                                     : NULL;
      break;
    case ROOT_CURRENT: default: start = current; break;
    }
  if (start == NULL)
    return;

  g_ptr_array_add (nodes, start);
  for (guint i = 0; i < query->segments->len && nodes->len > 0; i++)
    {
      const Segment *segment = g_ptr_array_index (query->segments, i);
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      for (guint j = 0; j < nodes->len && next->len < MAX_MATCHES; j++)
        apply_segment (segment, g_ptr_array_index (nodes, j), env, next);
      if (next->len > MAX_MATCHES)
        g_ptr_array_set_size (next, MAX_MATCHES);
      g_ptr_array_unref (nodes);
      nodes = g_steal_pointer (&next);
    }

  g_ptr_array_extend (out, nodes, NULL, NULL);
}

/**
 * sw_path_select:
 * @path: a path
 * @input: (nullable): the document `$` refers to
 * @context: (nullable): the context object `$$` refers to
 *
 * Finds the values @path matches, in document order as the path visits them. A missing root
 * matches nothing; so does a path rooted at a variable, which needs sw_path_select_full().
 *
 * Returns: (transfer full) (element-type SwValue): the matched values themselves (not
 *   copies), each with a new reference that the array drops when freed
 */
GPtrArray *
sw_path_select (const SwPath *path,
                SwValue      *input,
                SwValue      *context)
{
  g_return_val_if_fail (path != NULL, NULL);

  return sw_path_select_full (path, input, context, NULL);
}

/**
 * sw_path_select_full:
 * @path: a path
 * @input: (nullable): the document `$` refers to
 * @context: (nullable): the context object `$$` refers to
 * @variables: (nullable) (element-type utf8 SwValue): the workflow variables `$name` refers
 *   to, by name without `$`
 *
 * Like sw_path_select(), with variables. A variable missing from @variables matches nothing.
 *
 * Returns: (transfer full) (element-type SwValue): the matched values themselves (not
 *   copies), each with a new reference that the array drops when freed
 */
GPtrArray *
sw_path_select_full (const SwPath *path,
                     SwValue      *input,
                     SwValue      *context,
                     GHashTable   *variables)
{
  Env env = { input, context, variables };
  GPtrArray *found;

  g_return_val_if_fail (path != NULL, NULL);

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_value_unref);
  query_select (path->query, NULL, &env, found);
  for (guint i = 0; i < found->len; i++)
    sw_value_ref (g_ptr_array_index (found, i));
  return found;
}

/**
 * sw_path_get:
 * @path: a path
 * @input: (nullable): the document `$` refers to
 * @context: (nullable): the context object `$$` refers to
 * @error: return location for a %SW_ASL_ERROR_PATH error
 *
 * Applies @path as Step Functions does: a definite path yields the one value it names, or
 * fails if there is none; any other path yields an array of every match, possibly empty.
 * A path rooted at a variable needs sw_path_get_full().
 *
 * Returns: (transfer full) (nullable): a copy of the value, free to insert anywhere
 */
SwValue *
sw_path_get (const SwPath  *path,
             SwValue       *input,
             SwValue       *context,
             GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sw_path_get_full (path, input, context, NULL, error);
}

/**
 * sw_path_get_full:
 * @path: a path
 * @input: (nullable): the document `$` refers to
 * @context: (nullable): the context object `$$` refers to
 * @variables: (nullable) (element-type utf8 SwValue): the workflow variables `$name` refers
 *   to, by name without `$`
 * @error: return location for a %SW_ASL_ERROR_PATH error
 *
 * Like sw_path_get(), with variables. A definite path rooted at a variable that @variables
 * lacks fails: the variable has not been assigned.
 *
 * Returns: (transfer full) (nullable): a copy of the value, free to insert anywhere
 */
SwValue *
sw_path_get_full (const SwPath  *path,
                  SwValue       *input,
                  SwValue       *context,
                  GHashTable    *variables,
                  GError       **error)
{
  Env env = { input, context, variables };
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  found = g_ptr_array_new ();
  query_select (path->query, NULL, &env, found);

  if (path->definite)
    {
      if (found->len == 0)
        {
          const char *variable = path->query->variable;

          if (path->query->root == ROOT_CONTEXT)
            g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                         _("The path “%s” matches nothing in the context object"), path->text);
          else if (variable != NULL &&
                   (variables == NULL || !g_hash_table_contains (variables, variable)))
            g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                         _("The variable “$%s” has not been assigned"), variable);
          else if (variable != NULL)
            g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                         _("The path “%s” matches nothing in the variable “$%s”"),
                         path->text, variable);
          else
            g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                         _("The path “%s” matches nothing in the input"), path->text);
          return NULL;
        }
      return sw_value_copy (g_ptr_array_index (found, 0));
    }
  else
    {
      SwValue *array = sw_value_new_array ();

      for (guint i = 0; i < found->len; i++)
        sw_value_array_append (array, sw_value_copy (g_ptr_array_index (found, i)));
      return array;
    }
}

static char *
prefix_text (const Query *query,
             guint        n_segments)
{
  GString *out = g_string_new (NULL);

  append_query (out, query, n_segments);
  return g_string_free (out, FALSE);
}

static gboolean
set_fail (const SwPath  *path,
          guint          n_segments,
          SwValue       *at,
          GError       **error)
{
  g_autofree char *prefix = prefix_text (path->query, n_segments);

  if (at == NULL)
    g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                 _("Cannot apply the path “%s”: “%s” does not exist"), path->text, prefix);
  else
    g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                 _("Cannot apply the path “%s”: “%s” is of type %s"),
                 path->text, prefix, sw_value_kind_to_string (sw_value_get_kind (at)));
  return FALSE;
}

static gboolean
resolve_index (SwValue        *array,
               const Selector *selector,
               guint          *out)
{
  gint64 len = sw_value_array_get_length (array);
  gint64 i = selector->index >= 0 ? selector->index : len + selector->index;

  if (i < 0 || i >= len)
    return FALSE;
  *out = (guint) i;
  return TRUE;
}

/**
 * sw_path_set:
 * @reference: a definite path rooted at `$`
 * @root: (inout) (transfer full): the document to change; `$` replaces it
 * @value: (transfer full): the value to place
 * @error: return location for a %SW_ASL_ERROR_PATH error
 *
 * Places @value where @reference points, as `ResultPath` does: missing objects along the way
 * are created, an existing member is replaced, `[n]` replaces an existing array item. It fails,
 * leaving @root unchanged, where a step meets a value of the wrong kind (Step Functions reports
 * this as `States.ResultPathMatchFailure`) or an index outside its array. @value is consumed
 * either way.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_path_set (const SwPath  *reference,
             SwValue      **root,
             SwValue       *value,
             GError       **error)
{
  g_autoptr(SwValue) owned = value;
  const GPtrArray *segments;
  SwValue *node;
  guint n, i;

  g_return_val_if_fail (reference != NULL, FALSE);
  g_return_val_if_fail (root != NULL && *root != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!reference->definite)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                   _("Cannot assign to “%s”: only a reference path names one place"),
                   reference->text);
      return FALSE;
    }
  if (reference->query->root == ROOT_VARIABLE)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                   _("Cannot assign to “%s”: variables are set with “Assign”"),
                   reference->text);
      return FALSE;
    }
  if (reference->query->root != ROOT_INPUT)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH,
                   _("Cannot assign to “%s”: the context object is read-only"),
                   reference->text);
      return FALSE;
    }

  segments = reference->query->segments;
  n = segments->len;
  if (n == 0)
    {
      sw_value_unref (*root);
      *root = g_steal_pointer (&owned);
      return TRUE;
    }

  /* A document cannot contain itself. */
  g_return_val_if_fail (value != *root, FALSE);

  /* Walk what exists without changing anything, so a failure leaves @root intact. */
  node = *root;
  for (i = 0; i + 1 < n; i++)
    {
      const Segment *segment = g_ptr_array_index (segments, i);
      const Selector *selector = g_ptr_array_index (segment->selectors, 0);
      SwValue *child;

      if (selector->kind == SEL_NAME)
        {
          if (!sw_value_is_object (node))
            return set_fail (reference, i, node, error);
          child = sw_value_object_get (node, selector->name);
          if (child == NULL)
            break;
        }
      else
        {
          guint index;

          if (!sw_value_is_array (node) || !resolve_index (node, selector, &index))
            return set_fail (reference, i + (sw_value_is_array (node) ? 1 : 0),
                             sw_value_is_array (node) ? NULL : node, error);
          child = sw_value_array_get (node, index);
        }
      node = child;
    }

  /* Steps from @i on name places that do not exist yet; only objects can be created. */
  for (guint j = i + 1; j < n; j++)
    {
      const Segment *segment = g_ptr_array_index (segments, j);
      const Selector *selector = g_ptr_array_index (segment->selectors, 0);

      if (selector->kind != SEL_NAME)
        return set_fail (reference, j, NULL, error);
    }

  {
    const Segment *segment = g_ptr_array_index (segments, i);
    const Selector *selector = g_ptr_array_index (segment->selectors, 0);

    if (selector->kind == SEL_NAME && !sw_value_is_object (node))
      return set_fail (reference, i, node, error);
    if (selector->kind == SEL_INDEX)
      {
        guint index;

        if (!sw_value_is_array (node))
          return set_fail (reference, i, node, error);
        if (!resolve_index (node, selector, &index))
          return set_fail (reference, i + 1, NULL, error);
        sw_value_array_remove (node, index);
        sw_value_array_insert (node, index, g_steal_pointer (&owned));
        return TRUE;
      }
  }

  for (; i + 1 < n; i++)
    {
      const Segment *segment = g_ptr_array_index (segments, i);
      const Selector *selector = g_ptr_array_index (segment->selectors, 0);
      SwValue *object = sw_value_new_object ();

      sw_value_object_set (node, selector->name, object);
      node = object;
    }

  {
    const Segment *segment = g_ptr_array_index (segments, n - 1);
    const Selector *selector = g_ptr_array_index (segment->selectors, 0);

    sw_value_object_set (node, selector->name, g_steal_pointer (&owned));
  }
  return TRUE;
}
