/* sw-validator-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSONata expressions in the validator: each `{% … %}` string is compiled once (definitions
 * repeat the same expressions), its syntax error is placed where it is in the file, and the
 * workflow variables it reads are listed for the variable checks of sw-validator-variables.c.
 * Paths and intrinsic functions of JSONPath states are scanned for variables here too. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-jsonata-private.h"
#include "sw-validator-private.h"

/* Positions */

/* How many columns a character of a JSON string takes when written the shortest way, as
 * writers (ours, JSON.stringify) do: two for the short escapes, six for other control
 * characters, one for the rest (columns count characters). */
static guint
json_width (gunichar c)
{
  switch (c)
    {
    case '"':
    case '\\':
    case '\b':
    case '\f':
    case '\n':
    case '\r':
    case '\t':
      return 2;
    default:
      return c < 0x20 ? 6 : 1;
    }
}

static int
hex_value (const char *p,
           guint       n)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      v = v * 16 + g_ascii_xdigit_value (p[i]);
    }
  return v;
}

/* The character an escape of a double-quoted string stands for (JSON's escapes and YAML's),
 * and in @size how many bytes the escape takes; (gunichar) -1 for an escaped line break,
 * which stands for nothing. */
static gunichar
read_escape (const char *p,
             gsize      *size)
{
  int v;

  *size = 2;
  switch (p[1])
    {
    case '\0': *size = 1; return '\\';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case '0': return 0;
    case 'a': return 0x07;
    case 'e': return 0x1B;
    case 'N': return 0x85;
    case '_': return 0xA0;
    case 'L': return 0x2028;
    case 'P': return 0x2029;
    case '\n': return (gunichar) -1;
    case '\r':
      *size = p[2] == '\n' ? 3 : 2;
      return (gunichar) -1;
    case 'x':
      if ((v = hex_value (p + 2, 2)) < 0)
        return 0;
      *size = 4;
      return v;
    case 'U':
      if ((v = hex_value (p + 2, 8)) < 0)
        return 0;
      *size = 10;
      return v;
    case 'u':
      if ((v = hex_value (p + 2, 4)) < 0)
        return 0;
      *size = 6;
      if (v >= 0xD800 && v <= 0xDBFF && p[6] == '\\' && p[7] == 'u')
        {
          int low = hex_value (p + 8, 4);

          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              *size = 12;
              return 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
            }
        }
      return v;
    default:
      /* \" \\ \/ and YAML's escaped space and tab stand for themselves. */
      return (guchar) p[1];
    }
}

/* Places the character at @offset of a string written as @source, which starts at @line,
 * @column: the written characters are matched against the text one by one; what matches
 * nothing (quotes, escape syntax, indentation, block headers, the line breaks folding
 * dropped) is skipped, and a line break matches the space or line break folding made of it. */
static gboolean
locate_in_source (const SwValue *value,
                  const char    *source,
                  guint          offset,
                  guint         *line,
                  guint         *column)
{
  const char *text = _sw_value_text (value);
  const char *text_end = text + _sw_value_text_length (value);
  const char *p = source;
  gboolean quoted;
  guint l = sw_value_get_line (value), c = sw_value_get_column (value);

  /* A YAML tag or anchor before the scalar, then its opening quote or block header. */
  while (*p == '!' || *p == '&')
    {
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p = g_utf8_next_char (p), c++;
      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          if (*p == '\n')
            l++, c = 1;
          else if (*p != '\r')
            c++;
          p++;
        }
    }
  quoted = *p == '"';
  if (*p == '"' || *p == '\'')
    p++, c++;
  else if (*p == '|' || *p == '>')
    while (*p != '\0' && *p != '\n')
      p = g_utf8_next_char (p), c++;

  for (guint k = 0; text < text_end; k++, text = g_utf8_next_char (text))
    {
      gunichar want = g_utf8_get_char (text);

      for (;;)
        {
          gunichar have;
          gsize size;

          if (*p == '\0')
            return FALSE;
          if (quoted && *p == '\\')
            {
              have = read_escape (p, &size);
              if (have == (gunichar) -1)
                {
                  p += size, l++, c = 1;
                  continue;
                }
            }
          else if (*p == '\n' || *p == '\r')
            {
              size = p[0] == '\r' && p[1] == '\n' ? 2 : 1;
              have = want == ' ' || want == '\n' ? want : '\n';
            }
          else
            {
              have = g_utf8_get_char (p);
              size = g_utf8_skip[*(const guchar *) p];
            }

          if (have == want && k == offset)
            {
              *line = l;
              *column = c;
              return TRUE;
            }
          if (*p == '\n' || *p == '\r')
            l++, c = 1;
          else
            c += quoted && *p == '\\' ? size : 1;
          p += size;
          if (have == want)
            break;
        }
    }
  /* Just past the text: where the closing quote or the end is. */
  *line = l;
  *column = c;
  return offset >= g_utf8_strlen (_sw_value_text (value), _sw_value_text_length (value));
}

/**
 * _sw_validator_locate:
 * @value: a string value read from JSON or YAML
 * @offset: a character offset in its text
 *
 * Finds where the character at @offset of a string is in the file, in lines and columns
 * that count characters (Unicode code points, as SwValue positions and the code view do).
 * When the reader kept how the string is written (escapes writers don't use such as `\/`
 * or `\u00e9`, YAML scalars), that is matched against the text. Otherwise the string is
 * JSON on one line as writers write it: each character before @offset takes json_width()
 * columns after the opening quote.
 */
void
_sw_validator_locate (const SwValue *value,
                      guint          offset,
                      guint         *line,
                      guint         *column)
{
  const char *text = _sw_value_text (value);
  const char *end = text + _sw_value_text_length (value);
  const char *source = _sw_value_source (value);
  guint col = sw_value_get_column (value);

  *line = sw_value_get_line (value);
  if (col == 0)
    {
      *column = 0;
      return;
    }
  if (source != NULL && locate_in_source (value, source, offset, line, column))
    return;

  *line = sw_value_get_line (value);
  col++; /* the opening quote */
  for (const char *p = text; p < end && offset > 0; p = g_utf8_next_char (p), offset--)
    col += json_width (g_utf8_get_char (p));
  *column = col;
}

/* Compiling */

void
_sw_expression_info_free (gpointer data)
{
  SwExpressionInfo *info = data;

  g_free (info->problem);
  g_clear_pointer (&info->reads, g_array_unref);
  g_free (info);
}

/* Where the token an error is about starts, in characters of @expression: JSONata reports
 * the position just past it. */
static guint
error_start (const char *expression,
             int         position,
             const char *token)
{
  glong length = g_utf8_strlen (expression, -1);
  glong end = CLAMP (position, 0, length);

  if (token != NULL && *token != '\0')
    {
      glong n = g_utf8_strlen (token, -1);
      gsize bytes = strlen (token);

      if (n <= end &&
          strncmp (g_utf8_offset_to_pointer (expression, end - n), token, bytes) == 0)
        return end - n;

      /* A string token is reported without its quotes. */
      if (n + 2 <= end)
        {
          const char *quote = g_utf8_offset_to_pointer (expression, end - n - 2);

          if ((*quote == '"' || *quote == '\'') && strncmp (quote + 1, token, bytes) == 0)
            return end - n - 2;
        }
    }
  return end;
}

static gboolean
is_operand_end (const JnToken *token)
{
  switch (token->type)
    {
    case JN_TOK_NAME:
    case JN_TOK_VARIABLE:
    case JN_TOK_STRING:
    case JN_TOK_NUMBER:
    case JN_TOK_VALUE:
    case JN_TOK_REGEX:
      return TRUE;
    case JN_TOK_OPERATOR:
      return strcmp (token->text, ")") == 0 || strcmp (token->text, "]") == 0 ||
             strcmp (token->text, "}") == 0;
    case JN_TOK_END:
    default:
      return FALSE;
    }
}

static gboolean
is_op (const JnToken *token,
       const char    *op)
{
  return token->type == JN_TOK_OPERATOR && strcmp (token->text, op) == 0;
}

typedef struct
{
  JnToken token;
  gsize start;                /* byte offset of the token in the expression */
} Token;

/* The variables an expression that compiles reads from outside: every `$name` except the
 * ones it binds itself (`$x := …`, lambda parameters, `@$x`, `#$i`), `$`, `$$`,
 * `$states` and a variable only tested with `$exists($x)`. A name bound anywhere in the
 * expression counts as bound everywhere in it, so that no read is reported that isn't one. */
static GArray *
find_reads (SwValidator      *self,
            const char       *expression,
            guint             base,
            SwExpressionInfo *info)
{
  GArray *reads = g_array_new (FALSE, FALSE, sizeof (SwVariableRead));
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr(GHashTable) bound = g_hash_table_new (g_str_hash, g_str_equal);
  JnArena *arena = jn_arena_new ();
  JnLexer lexer = { arena, expression, strlen (expression), 0 };
  gboolean infix = FALSE;

  for (;;)
    {
      Token t = { 0 };
      JnError error = { 0 };

      if (!jn_lexer_next (&lexer, infix, &t.token, &error) || t.token.type == JN_TOK_END)
        break;
      if (t.token.type == JN_TOK_VARIABLE)
        t.start = t.token.position - t.token.len - 1;
      infix = is_operand_end (&t.token);
      g_array_append_val (tokens, t);
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      const JnToken *token = &g_array_index (tokens, Token, i).token;

      if (token->type == JN_TOK_VARIABLE)
        {
          if ((i + 1 < tokens->len && is_op (&g_array_index (tokens, Token, i + 1).token, ":=")) ||
              (i > 0 && (is_op (&g_array_index (tokens, Token, i - 1).token, "@") ||
                         is_op (&g_array_index (tokens, Token, i - 1).token, "#"))))
            g_hash_table_add (bound, (gpointer) token->text);
        }
      else if ((token->type == JN_TOK_NAME && (strcmp (token->text, "function") == 0 ||
                                               strcmp (token->text, "λ") == 0)) &&
               i + 1 < tokens->len && is_op (&g_array_index (tokens, Token, i + 1).token, "("))
        {
          for (guint j = i + 2; j < tokens->len; j++)
            {
              const JnToken *param = &g_array_index (tokens, Token, j).token;

              if (param->type == JN_TOK_VARIABLE)
                g_hash_table_add (bound, (gpointer) param->text);
              else if (!is_op (param, ","))
                break;
            }
        }
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      const Token *t = &g_array_index (tokens, Token, i);
      const JnToken *token = &t->token;
      SwVariableRead read;
      gboolean call;

      /* `$states.result` and `$states.errorOutput`, which only some fields can read. */
      if (token->type == JN_TOK_VARIABLE && strcmp (token->text, "states") == 0 &&
          !g_hash_table_contains (bound, token->text) && i + 2 < tokens->len &&
          is_op (&g_array_index (tokens, Token, i + 1).token, ".") &&
          g_array_index (tokens, Token, i + 2).token.type == JN_TOK_NAME)
        {
          const char *field = g_array_index (tokens, Token, i + 2).token.text;
          int offset = base + g_utf8_pointer_to_offset (expression, expression + t->start);

          if (strcmp (field, "result") == 0 && info->result_offset < 0)
            info->result_offset = offset;
          else if (strcmp (field, "errorOutput") == 0 && info->error_output_offset < 0)
            info->error_output_offset = offset;
        }

      if (token->type != JN_TOK_VARIABLE || token->len == 0 ||
          strcmp (token->text, "$") == 0 || strcmp (token->text, "states") == 0 ||
          g_hash_table_contains (bound, token->text))
        continue;

      /* $exists($x) is how an expression asks whether a variable is set. */
      if (i >= 2 && i + 1 < tokens->len &&
          is_op (&g_array_index (tokens, Token, i - 1).token, "(") &&
          is_op (&g_array_index (tokens, Token, i + 1).token, ")") &&
          g_array_index (tokens, Token, i - 2).token.type == JN_TOK_VARIABLE &&
          strcmp (g_array_index (tokens, Token, i - 2).token.text, "exists") == 0)
        continue;

      call = i + 1 < tokens->len && is_op (&g_array_index (tokens, Token, i + 1).token, "(");
      read.builtin = jn_builtin_lookup (token->text, 0) != NULL;
      if (read.builtin && call)
        continue;
      read.name = g_string_chunk_insert_const (self->names_chunk, token->text);
      read.offset = base + g_utf8_pointer_to_offset (expression, expression + t->start);
      g_array_append_val (reads, read);
    }

  jn_arena_free (arena);
  return reads;
}

/**
 * _sw_validator_expression_info:
 * @value: a string enclosed in `{%` and `%}`
 *
 * Compiles the expression of @value, once for each distinct text.
 *
 * Returns: (transfer none): what is known of it
 */
const SwExpressionInfo *
_sw_validator_expression_info (SwValidator   *self,
                               const SwValue *value)
{
  const char *text = _sw_value_text (value);
  SwExpressionInfo *info;

  if (self->expressions == NULL)
    self->expressions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               _sw_expression_info_free);
  if (self->names_chunk == NULL)
    self->names_chunk = g_string_chunk_new (256);

  info = g_hash_table_lookup (self->expressions, text);
  if (info == NULL)
    {
      gsize length = _sw_value_text_length (value);
      g_autofree char *expression = g_strndup (text + 2, length >= 4 ? length - 4 : 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(SwJsonata) compiled = NULL;

      info = g_new0 (SwExpressionInfo, 1);
      info->result_offset = -1;
      info->error_output_offset = -1;
      if (strlen (expression) != length - 4)
        {
          info->problem = g_strdup (_("the expression contains a NUL character"));
          info->offset = 2 + g_utf8_strlen (expression, -1);
        }
      else if ((compiled = sw_jsonata_compile (expression, &error)) == NULL)
        {
          info->problem = g_strdup (error->message);
          info->offset = 2 + error_start (expression, sw_jsonata_error_get_position (error),
                                          sw_jsonata_error_get_token (error));
        }
      else
        info->reads = find_reads (self, expression, 2, info);
      g_hash_table_insert (self->expressions, (gpointer) text, info);
    }

  return info;
}

/* Paths and intrinsic functions */

static gboolean
is_name_start (const char *p)
{
  return g_ascii_isalpha (*p) || *p == '_' || (guchar) *p >= 0x80;
}

/**
 * _sw_validator_scan_path_reads:
 * @text: a JSONPath or an intrinsic function call
 * @found: called for each variable, with its name (not NUL-terminated), and the character
 *   offset of its `$`
 *
 * Finds the workflow variables (`$name`) a path or an intrinsic function reads. `$`, `$$`
 * and text in quotes are not variables.
 */
void
_sw_validator_scan_path_reads (const char *text,
                               void      (*found) (const char *name,
                                                   gsize       length,
                                                   guint       offset,
                                                   gpointer    user_data),
                               gpointer    user_data)
{
  guint offset = 0;
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '\'')
        {
          /* A string argument of an intrinsic function; \' escapes a quote. */
          for (p++, offset++; *p != '\0' && *p != '\''; p = g_utf8_next_char (p), offset++)
            if (*p == '\\' && p[1] != '\0')
              p++, offset++;
          if (*p == '\'')
            p++, offset++;
          continue;
        }

      if (*p == '$' && is_name_start (p + 1) &&
          (p == text || strchr ("(, \t", p[-1]) != NULL))
        {
          const char *start = p + 1;
          const char *q = start;
          guint n = 0;

          while (*q != '\0' && (g_ascii_isalnum (*q) || *q == '_' || (guchar) *q >= 0x80))
            q = g_utf8_next_char (q), n++;
          /* $states is JSONata's; a path that reads it is reported as invalid. */
          if (q - start != 6 || strncmp (start, "states", 6) != 0)
            found (start, q - start, offset, user_data);
          p = q;
          offset += 1 + n;
          continue;
        }

      p = g_utf8_next_char (p);
      offset++;
    }
}
