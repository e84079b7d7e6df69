/* sw-jsonata-lexer.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSONata tokenizer. It follows the reference implementation token for token, since the
 * language is defined by it: names run until white space or an operator character, a `/`
 * starts a regular expression unless an operand precedes it, and positions point just past
 * the token. */

#include <math.h>
#include <string.h>

#include "sw-jsonata-private.h"

static void
lex_error (JnLexer    *lexer,
           JnError    *error,
           const char *code,
           gsize       position,
           const char *token,
           gsize       token_len)
{
  memcpy (error->code, code, 5);
  error->code[5] = '\0';
  error->position = (int) position;
  error->token = token != NULL ? jn_arena_strndup (lexer->arena, token, token_len) : NULL;
}

gboolean
jn_is_operator_char (char c)
{
  switch (c)
    {
    case '.': case '[': case ']': case '{': case '}': case '(': case ')': case ',':
    case '@': case '#': case ';': case ':': case '?': case '+': case '-': case '*':
    case '/': case '%': case '|': case '=': case '<': case '>': case '^': case '&':
    case '!': case '~':
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

static void
append_code_point (GString *out,
                   gunichar cp)
{
  /* Lone surrogates are kept, encoded as their three bytes (WTF-8), so that functions
   * which reject them, such as $encodeUrl, can see them. */
  if (cp >= 0xD800 && cp <= 0xDFFF)
    {
      g_string_append_c (out, (char) (0xE0 | (cp >> 12)));
      g_string_append_c (out, (char) (0x80 | ((cp >> 6) & 0x3F)));
      g_string_append_c (out, (char) (0x80 | (cp & 0x3F)));
      return;
    }
  g_string_append_unichar (out, cp);
}

static gboolean
read_hex4 (const char *p,
           const char *end,
           gunichar   *out)
{
  gunichar v = 0;

  if (end - p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return FALSE;
      v = (v << 4) | (gunichar) d;
    }
  *out = v;
  return TRUE;
}

static gboolean
scan_string (JnLexer *lexer,
             JnToken *token,
             JnError *error)
{
  const char *src = lexer->src;
  char quote = src[lexer->pos];
  g_autoptr(GString) out = g_string_new (NULL);

  lexer->pos++;
  while (lexer->pos < lexer->len)
    {
      char c = src[lexer->pos];

      if (c == '\\')
        {
          lexer->pos++;
          c = lexer->pos < lexer->len ? src[lexer->pos] : '\0';
          switch (c)
            {
            case '"': g_string_append_c (out, '"'); break;
            case '\\': g_string_append_c (out, '\\'); break;
            case '/': g_string_append_c (out, '/'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'n': g_string_append_c (out, '\n'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'u':
              {
                gunichar cp;

                if (!read_hex4 (src + lexer->pos + 1, src + lexer->len, &cp))
                  {
                    lex_error (lexer, error, "S0104", lexer->pos, NULL, 0);
                    return FALSE;
                  }
                lexer->pos += 4;
                /* A surrogate pair written as two escapes is one character. */
                if (cp >= 0xD800 && cp <= 0xDBFF && lexer->pos + 2 < lexer->len
                    && src[lexer->pos + 1] == '\\' && src[lexer->pos + 2] == 'u')
                  {
                    gunichar lo;

                    if (read_hex4 (src + lexer->pos + 3, src + lexer->len, &lo)
                        && lo >= 0xDC00 && lo <= 0xDFFF)
                      {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        lexer->pos += 6;
                      }
                  }
                append_code_point (out, cp);
                break;
              }
            default:
              {
                gsize clen = 1;

                if ((guchar) c >= 0x80)
                  {
                    const char *next = g_utf8_find_next_char (src + lexer->pos,
                                                              src + lexer->len);
                    clen = next != NULL ? (gsize) (next - (src + lexer->pos))
                                        : lexer->len - lexer->pos;
                  }
                lex_error (lexer, error, "S0103", lexer->pos, src + lexer->pos,
                           lexer->pos < lexer->len ? clen : 0);
                return FALSE;
              }
            }
        }
      else if (c == quote)
        {
          lexer->pos++;
          token->type = JN_TOK_STRING;
          token->text = jn_arena_strndup (lexer->arena, out->str, out->len);
          token->len = out->len;
          return TRUE;
        }
      else
        {
          g_string_append_c (out, c);
        }
      lexer->pos++;
    }
  lex_error (lexer, error, "S0101", lexer->pos, NULL, 0);
  return FALSE;
}

static gboolean
scan_regex (JnLexer *lexer,
            JnToken *token,
            JnError *error)
{
  const char *src = lexer->src;
  gsize start = lexer->pos;
  int depth = 0;

  while (lexer->pos < lexer->len)
    {
      char c = src[lexer->pos];

      if (c == '/' && depth == 0)
        {
          gsize backslashes = 0;

          while (lexer->pos >= backslashes + 1 && src[lexer->pos - backslashes - 1] == '\\')
            backslashes++;
          if (backslashes % 2 == 0)
            {
              gsize pattern_len = lexer->pos - start;
              gsize flag_start;
              char flags[8] = { 0 };
              guint n_flags = 0;
              g_autoptr(GError) local = NULL;

              if (pattern_len == 0)
                {
                  lex_error (lexer, error, "S0301", lexer->pos, NULL, 0);
                  return FALSE;
                }
              lexer->pos++;
              flag_start = lexer->pos;
              while (lexer->pos < lexer->len
                     && (src[lexer->pos] == 'i' || src[lexer->pos] == 'm'))
                {
                  if (n_flags < sizeof flags - 1)
                    flags[n_flags++] = src[lexer->pos];
                  lexer->pos++;
                }
              token->type = JN_TOK_REGEX;
              token->text = jn_arena_strndup (lexer->arena, src + start, pattern_len);
              token->len = pattern_len;
              token->regex_has_flags = lexer->pos > flag_start;
              token->regex = jn_regex_compile (src + start, pattern_len, flags, &local);
              if (token->regex == NULL)
                {
                  /* JavaScript would reject the pattern when compiling the expression. */
                  lex_error (lexer, error, "S0303", lexer->pos, src + start, pattern_len);
                  return FALSE;
                }
              jn_arena_add_destroy (lexer->arena, (GDestroyNotify) jn_regex_free,
                                    token->regex);
              return TRUE;
            }
        }
      if ((c == '(' || c == '[' || c == '{') && (lexer->pos == 0 || src[lexer->pos - 1] != '\\'))
        depth++;
      if ((c == ')' || c == ']' || c == '}') && (lexer->pos == 0 || src[lexer->pos - 1] != '\\'))
        depth--;
      lexer->pos++;
    }
  lex_error (lexer, error, "S0302", lexer->pos, NULL, 0);
  return FALSE;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)? at the start of @p, the minus aside (an
 * operator always takes it first). Returns the length matched, 0 when none. */
static gsize
match_number (const char *p,
              const char *end)
{
  const char *q = p;

  if (q < end && *q == '0')
    q++;
  else if (q < end && *q >= '1' && *q <= '9')
    {
      while (q < end && g_ascii_isdigit (*q))
        q++;
    }
  else
    return 0;

  if (q + 1 < end && *q == '.' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (q < end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < end && (*q == 'e' || *q == 'E'))
    {
      const char *r = q + 1;

      if (r < end && (*r == '+' || *r == '-'))
        r++;
      if (r < end && g_ascii_isdigit (*r))
        {
          while (r < end && g_ascii_isdigit (*r))
            r++;
          q = r;
        }
    }
  return (gsize) (q - p);
}

static void
make_op (JnLexer    *lexer,
         JnToken    *token,
         const char *op,
         gsize       len)
{
  lexer->pos += len;
  token->type = JN_TOK_OPERATOR;
  token->text = op;
  token->len = len;
}

/* Reads the next token into @token; JN_TOK_END at the end. @infix is TRUE where an operand
 * precedes, so a `/` divides rather than starts a regular expression. */
gboolean
jn_lexer_next (JnLexer  *lexer,
               gboolean  infix,
               JnToken  *token,
               JnError  *error)
{
  const char *src = lexer->src;
  char c;

  memset (token, 0, sizeof *token);

  for (;;)
    {
      while (lexer->pos < lexer->len && is_space (src[lexer->pos]))
        lexer->pos++;
      if (lexer->pos + 1 < lexer->len && src[lexer->pos] == '/' && src[lexer->pos + 1] == '*')
        {
          gsize comment_start = lexer->pos;

          lexer->pos += 2;
          for (;;)
            {
              if (lexer->pos + 1 >= lexer->len)
                {
                  lex_error (lexer, error, "S0106", comment_start, NULL, 0);
                  return FALSE;
                }
              if (src[lexer->pos] == '*' && src[lexer->pos + 1] == '/')
                break;
              lexer->pos++;
            }
          lexer->pos += 2;
          continue;
        }
      break;
    }

  if (lexer->pos >= lexer->len)
    {
      token->type = JN_TOK_END;
      token->position = (int) lexer->len;
      return TRUE;
    }

  c = src[lexer->pos];

  if (!infix && c == '/')
    {
      lexer->pos++;
      if (!scan_regex (lexer, token, error))
        return FALSE;
      token->position = (int) lexer->pos;
      return TRUE;
    }

  {
    char d = lexer->pos + 1 < lexer->len ? src[lexer->pos + 1] : '\0';
    const char *two = NULL;

    if (c == '.' && d == '.')
      two = "..";
    else if (c == ':' && d == '=')
      two = ":=";
    else if (c == '!' && d == '=')
      two = "!=";
    else if (c == '>' && d == '=')
      two = ">=";
    else if (c == '<' && d == '=')
      two = "<=";
    else if (c == '*' && d == '*')
      two = "**";
    else if (c == '~' && d == '>')
      two = "~>";
    else if (c == '?' && d == ':')
      two = "?:";
    else if (c == '?' && d == '?')
      two = "??";

    if (two != NULL)
      {
        make_op (lexer, token, two, 2);
        token->position = (int) lexer->pos;
        return TRUE;
      }
  }

  if (jn_is_operator_char (c))
    {
      static const char ops[] = ".[]{}(),@#;:?+-*/%|=<>^&!~";
      static const char *const op_strings[] = {
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/",
        "%", "|", "=", "<", ">", "^", "&", "!", "~",
      };
      const char *op = strchr (ops, c);

      make_op (lexer, token, op_strings[op - ops], 1);
      token->position = (int) lexer->pos;
      return TRUE;
    }

  if (c == '"' || c == '\'')
    {
      if (!scan_string (lexer, token, error))
        return FALSE;
      token->position = (int) lexer->pos;
      return TRUE;
    }

  {
    gsize n = match_number (src + lexer->pos, src + lexer->len);

    if (n > 0)
      {
        g_autofree char *text = g_strndup (src + lexer->pos, n);
        double v = g_ascii_strtod (text, NULL);

        if (!isfinite (v))
          {
            lex_error (lexer, error, "S0102", lexer->pos, src + lexer->pos, n);
            return FALSE;
          }
        lexer->pos += n;
        token->type = JN_TOK_NUMBER;
        token->num = v;
        token->position = (int) lexer->pos;
        return TRUE;
      }
  }

  if (c == '`')
    {
      const char *end;

      lexer->pos++;
      end = memchr (src + lexer->pos, '`', lexer->len - lexer->pos);
      if (end != NULL)
        {
          gsize n = (gsize) (end - (src + lexer->pos));

          token->type = JN_TOK_NAME;
          token->text = jn_arena_strndup (lexer->arena, src + lexer->pos, n);
          token->len = n;
          lexer->pos += n + 1;
          token->position = (int) lexer->pos;
          return TRUE;
        }
      lexer->pos = lexer->len;
      lex_error (lexer, error, "S0105", lexer->pos, NULL, 0);
      return FALSE;
    }

  {
    gsize i = lexer->pos;
    gsize start = lexer->pos;

    while (i < lexer->len && !is_space (src[i]) && !jn_is_operator_char (src[i]))
      i++;

    if (src[start] == '$')
      {
        token->type = JN_TOK_VARIABLE;
        token->text = jn_arena_strndup (lexer->arena, src + start + 1, i - start - 1);
        token->len = i - start - 1;
        lexer->pos = i;
        token->position = (int) lexer->pos;
        return TRUE;
      }

    lexer->pos = i;
    token->position = (int) lexer->pos;
    if (i - start == 2 && strncmp (src + start, "or", 2) == 0)
      make_op (lexer, token, "or", 0);
    else if (i - start == 2 && strncmp (src + start, "in", 2) == 0)
      make_op (lexer, token, "in", 0);
    else if (i - start == 3 && strncmp (src + start, "and", 3) == 0)
      make_op (lexer, token, "and", 0);
    else if (i - start == 4 && strncmp (src + start, "true", 4) == 0)
      {
        token->type = JN_TOK_VALUE;
        token->literal = JN_LIT_TRUE;
      }
    else if (i - start == 5 && strncmp (src + start, "false", 5) == 0)
      {
        token->type = JN_TOK_VALUE;
        token->literal = JN_LIT_FALSE;
      }
    else if (i - start == 4 && strncmp (src + start, "null", 4) == 0)
      {
        token->type = JN_TOK_VALUE;
        token->literal = JN_LIT_NULL;
      }
    else if (i == start)
      {
        token->type = JN_TOK_END;
        token->position = (int) lexer->len;
      }
    else
      {
        token->type = JN_TOK_NAME;
        token->text = jn_arena_strndup (lexer->arena, src + start, i - start);
        token->len = i - start;
      }
    return TRUE;
  }
}
