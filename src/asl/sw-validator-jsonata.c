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

/**
 * _sw_validator_locate:
 * @value: a string value read from JSON
 * @offset: a character offset in its text
 *
 * Finds where the character at @offset of a string is in the file. The reader keeps where
 * the value starts, its opening quote; a JSON string is on one line, and each character
 * before @offset takes json_width() columns. Optional escapes (`\/`, `\u00e9` for `é`) are
 * not known from the value alone and would shift the column by their extra length.
 */
void
_sw_validator_locate (const SwValue *value,
                      guint          offset,
                      guint         *line,
                      guint         *column)
{
  const char *text = _sw_value_text (value);
  const char *end = text + _sw_value_text_length (value);
  guint col = sw_value_get_column (value);

  *line = sw_value_get_line (value);
  if (col == 0)
    {
      *column = 0;
      return;
    }

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
find_reads (SwValidator *self,
            const char  *expression,
            guint        base)
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
        info->reads = find_reads (self, expression, 2);
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
