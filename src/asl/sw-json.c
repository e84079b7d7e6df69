/* sw-json.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Our own JSON reader rather than json-glib's: ASL needs what JsonParser drops — the
 * position of every value and key, duplicate keys (the service rejects them, so we must see
 * them), and number lexemes as written so that `fmt` changes no byte of meaning. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-value-private.h"

typedef struct
{
  const guchar *p;
  const guchar *end;
  guint line;
  guint column;
  guint depth;
  guint error_line;
  guint error_column;
  GError *error;
  GString *scratch;
} Parser;

static SwValue *parse_value (Parser *self);

G_GNUC_PRINTF (3, 4)
static void
fail (Parser     *self,
      gint        code,
      const char *format,
      ...)
{
  va_list args;

  if (self->error != NULL)
    return;

  va_start (args, format);
  self->error = g_error_new_valist (SW_ASL_ERROR, code, format, args);
  va_end (args);
  self->error_line = self->line;
  self->error_column = self->column;
}

static void
skip_space (Parser *self)
{
  while (self->p < self->end)
    {
      switch (*self->p)
        {
        case ' ':
        case '\t':
        case '\r':
          self->column++;
          self->p++;
          break;
        case '\n':
          self->line++;
          self->column = 1;
          self->p++;
          break;
        default:
          return;
        }
    }
}

static char *
describe_byte (Parser *self)
{
  guchar c;

  if (self->p >= self->end)
    return g_strdup (_("the end of the input"));

  c = *self->p;
  if (c == 0)
    return g_strdup (_("a NUL byte (is this a binary file?)"));
  if (c < 0x20 || c == 0x7f)
    return g_strdup_printf (_("the control character U+%04X"), c);
  if (c >= 0x80)
    {
      gunichar ch = g_utf8_get_char_validated ((const char *) self->p, self->end - self->p);

      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        return g_strdup (_("a byte that is not UTF-8 (is this a binary file?)"));
      return g_strdup_printf ("“%.*s”", (int) g_utf8_skip[c], (const char *) self->p);
    }
  return g_strdup_printf ("“%c”", c);
}

static void
fail_unexpected (Parser     *self,
                 const char *expected)
{
  g_autofree char *found = describe_byte (self);

  if (self->p < self->end &&
      (*self->p == 0 ||
       (*self->p >= 0x80 &&
        g_utf8_get_char_validated ((const char *) self->p,
                                   self->end - self->p) >= (gunichar) -2)))
    fail (self, SW_ASL_ERROR_ENCODING, _("Expected %s but found %s"), expected, found);
  else
    fail (self, SW_ASL_ERROR_SYNTAX, _("Expected %s but found %s"), expected, found);
}

static gboolean
match_literal (Parser     *self,
               const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (self->end - self->p) < len || memcmp (self->p, word, len) != 0)
    return FALSE;
  self->p += len;
  self->column += len;
  return TRUE;
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser  *self,
           guint32 *out)
{
  guint32 v = 0;

  if (self->end - self->p < 4)
    {
      self->p = self->end;
      fail (self, SW_ASL_ERROR_SYNTAX, _("Unfinished \\u escape"));
      return FALSE;
    }
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (self->p[i]);

      if (h < 0)
        {
          fail (self, SW_ASL_ERROR_SYNTAX, _("A \\u escape needs four hexadecimal digits"));
          return FALSE;
        }
      v = (v << 4) | (guint32) h;
    }
  self->p += 4;
  self->column += 4;
  *out = v;
  return TRUE;
}

/* Reads a string token into self->scratch; the opening quote is at self->p. */
static gboolean
read_string (Parser *self)
{
  GString *out = self->scratch;

  g_string_truncate (out, 0);
  self->p++;
  self->column++;

  for (;;)
    {
      const guchar *run = self->p;

      /* Fast path: plain ASCII. */
      while (self->p < self->end && *self->p >= 0x20 && *self->p < 0x80 &&
             *self->p != '"' && *self->p != '\\')
        self->p++;
      self->column += self->p - run;
      g_string_append_len (out, (const char *) run, self->p - run);

      if (self->p >= self->end)
        {
          fail (self, SW_ASL_ERROR_SYNTAX, _("Unterminated string"));
          return FALSE;
        }

      if (*self->p == '"')
        {
          self->p++;
          self->column++;
          return TRUE;
        }

      if (*self->p == '\\')
        {
          guchar c;

          if (self->p + 1 >= self->end)
            {
              self->p = self->end;
              fail (self, SW_ASL_ERROR_SYNTAX, _("Unterminated string"));
              return FALSE;
            }
          c = self->p[1];
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
                guint32 cp, low;

                self->p += 2;
                self->column += 2;
                if (!read_hex4 (self, &cp))
                  return FALSE;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                  {
                    fail (self, SW_ASL_ERROR_ENCODING,
                          _("A low surrogate \\u%04X without a high surrogate before it"), cp);
                    return FALSE;
                  }
                if (cp >= 0xD800 && cp <= 0xDBFF)
                  {
                    if (self->end - self->p < 2 || self->p[0] != '\\' || self->p[1] != 'u')
                      {
                        fail (self, SW_ASL_ERROR_ENCODING,
                              _("A high surrogate \\u%04X without a low surrogate after it"), cp);
                        return FALSE;
                      }
                    self->p += 2;
                    self->column += 2;
                    if (!read_hex4 (self, &low))
                      return FALSE;
                    if (low < 0xDC00 || low > 0xDFFF)
                      {
                        fail (self, SW_ASL_ERROR_ENCODING,
                              _("A high surrogate \\u%04X without a low surrogate after it"), cp);
                        return FALSE;
                      }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                  }
                g_string_append_unichar (out, cp);
                continue;
              }
            default:
              fail (self, SW_ASL_ERROR_SYNTAX, _("Invalid escape “\\%c” in a string"),
                    g_ascii_isprint (c) ? c : '?');
              return FALSE;
            }
          self->p += 2;
          self->column += 2;
          continue;
        }

      if (*self->p < 0x20)
        {
          g_autofree char *found = describe_byte (self);

          fail (self, *self->p == 0 ? SW_ASL_ERROR_ENCODING : SW_ASL_ERROR_SYNTAX,
                _("Strings may not contain %s; write it as an escape"), found);
          return FALSE;
        }

      /* Multi-byte UTF-8: validate one character. */
      {
        gunichar ch = g_utf8_get_char_validated ((const char *) self->p, self->end - self->p);
        int skip;

        if (ch == (gunichar) -1 || ch == (gunichar) -2)
          {
            fail (self, SW_ASL_ERROR_ENCODING, _("The text is not valid UTF-8"));
            return FALSE;
          }
        skip = g_utf8_skip[*self->p];
        g_string_append_len (out, (const char *) self->p, skip);
        self->p += skip;
        self->column++;
      }
    }
}

static SwValue *
parse_number (Parser *self)
{
  const guchar *start = self->p;
  const guchar *p = self->p;
  SwValue *value;
  char *lexeme;

  if (p < self->end && *p == '-')
    p++;
  if (p >= self->end || !g_ascii_isdigit (*p))
    goto bad;
  if (*p == '0')
    {
      p++;
      if (p < self->end && g_ascii_isdigit (*p))
        {
          self->column += p - start;
          self->p = p;
          fail (self, SW_ASL_ERROR_SYNTAX, _("Numbers may not have leading zeros"));
          return NULL;
        }
    }
  else
    while (p < self->end && g_ascii_isdigit (*p))
      p++;
  if (p < self->end && *p == '.')
    {
      p++;
      if (p >= self->end || !g_ascii_isdigit (*p))
        goto bad_at_p;
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < self->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < self->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= self->end || !g_ascii_isdigit (*p))
        goto bad_at_p;
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
    }

  lexeme = g_strndup ((const char *) start, p - start);
  value = sw_value_new_number (lexeme);
  g_free (lexeme);
  self->column += p - start;
  self->p = p;
  return value;

bad_at_p:
  self->column += p - start;
  self->p = p;
  fail_unexpected (self, _("a digit"));
  return NULL;

bad:
  fail_unexpected (self, _("a value"));
  return NULL;
}

static SwValue *
parse_object (Parser *self)
{
  g_autoptr(SwValue) object = sw_value_new_object ();

  self->p++;
  self->column++;
  skip_space (self);
  if (self->p < self->end && *self->p == '}')
    {
      self->p++;
      self->column++;
      return g_steal_pointer (&object);
    }

  for (;;)
    {
      g_autofree char *key = NULL;
      guint key_line, key_column;
      SwValue *member;

      skip_space (self);
      if (self->p >= self->end || *self->p != '"')
        {
          fail_unexpected (self, _("a member name in double quotes"));
          return NULL;
        }
      key_line = self->line;
      key_column = self->column;
      if (!read_string (self))
        return NULL;
      if (memchr (self->scratch->str, '\0', self->scratch->len) != NULL)
        {
          self->line = key_line;
          self->column = key_column;
          fail (self, SW_ASL_ERROR_ENCODING, _("Member names may not contain U+0000"));
          return NULL;
        }
      key = g_strndup (self->scratch->str, self->scratch->len);

      skip_space (self);
      if (self->p >= self->end || *self->p != ':')
        {
          fail_unexpected (self, _("“:” after the member name"));
          return NULL;
        }
      self->p++;
      self->column++;
      skip_space (self);

      member = parse_value (self);
      if (member == NULL)
        return NULL;
      sw_value_object_append (object, key, key_line, key_column, member);

      skip_space (self);
      if (self->p < self->end && *self->p == ',')
        {
          self->p++;
          self->column++;
          skip_space (self);
          if (self->p < self->end && *self->p == '}')
            {
              fail (self, SW_ASL_ERROR_SYNTAX, _("A trailing comma is not allowed in JSON"));
              return NULL;
            }
          continue;
        }
      if (self->p < self->end && *self->p == '}')
        {
          self->p++;
          self->column++;
          return g_steal_pointer (&object);
        }
      fail_unexpected (self, _("“,” or “}”"));
      return NULL;
    }
}

static SwValue *
parse_array (Parser *self)
{
  g_autoptr(SwValue) array = sw_value_new_array ();

  self->p++;
  self->column++;
  skip_space (self);
  if (self->p < self->end && *self->p == ']')
    {
      self->p++;
      self->column++;
      return g_steal_pointer (&array);
    }

  for (;;)
    {
      SwValue *item;

      skip_space (self);
      item = parse_value (self);
      if (item == NULL)
        return NULL;
      sw_value_array_append (array, item);

      skip_space (self);
      if (self->p < self->end && *self->p == ',')
        {
          self->p++;
          self->column++;
          skip_space (self);
          if (self->p < self->end && *self->p == ']')
            {
              fail (self, SW_ASL_ERROR_SYNTAX, _("A trailing comma is not allowed in JSON"));
              return NULL;
            }
          continue;
        }
      if (self->p < self->end && *self->p == ']')
        {
          self->p++;
          self->column++;
          return g_steal_pointer (&array);
        }
      fail_unexpected (self, _("“,” or “]”"));
      return NULL;
    }
}

static SwValue *
parse_value (Parser *self)
{
  guint line = self->line;
  guint column = self->column;
  SwValue *value = NULL;

  if (self->p >= self->end)
    {
      fail_unexpected (self, _("a value"));
      return NULL;
    }

  switch (*self->p)
    {
    case '{':
    case '[':
      if (++self->depth > SW_JSON_MAX_DEPTH)
        {
          fail (self, SW_ASL_ERROR_DEPTH,
                _("Values nest deeper than %u levels"), (guint) SW_JSON_MAX_DEPTH);
          return NULL;
        }
      value = *self->p == '{' ? parse_object (self) : parse_array (self);
      self->depth--;
      break;
    case '"':
      if (read_string (self))
        value = _sw_value_new_string_len (g_memdup2 (self->scratch->str, self->scratch->len + 1),
                                          self->scratch->len);
      break;
    case 't':
      if (match_literal (self, "true"))
        value = sw_value_new_boolean (TRUE);
      break;
    case 'f':
      if (match_literal (self, "false"))
        value = sw_value_new_boolean (FALSE);
      break;
    case 'n':
      if (match_literal (self, "null"))
        value = sw_value_new_null ();
      break;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      value = parse_number (self);
      break;
    default:
      break;
    }

  if (value == NULL)
    {
      fail_unexpected (self, _("a value"));
      return NULL;
    }

  sw_value_set_position (value, line, column);
  return value;
}

/**
 * sw_json_parse:
 * @data: the text
 * @length: its length in bytes, or -1 if NUL-terminated
 * @error_line: (out) (optional): where the error is, 1-based
 * @error_column: (out) (optional): where the error is, 1-based, in characters
 * @error: return location for a #GError in %SW_ASL_ERROR
 *
 * Reads one JSON value. A UTF-8 byte order mark is skipped. Duplicate keys are kept for
 * the validator to report.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
SwValue *
sw_json_parse (const char  *data,
               gssize       length,
               guint       *error_line,
               guint       *error_column,
               GError     **error)
{
  Parser self = { 0 };
  SwValue *value;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (error_line)
    *error_line = 0;
  if (error_column)
    *error_column = 0;

  if ((gsize) length > SW_JSON_MAX_SIZE)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE,
                   _("The input is %" G_GSIZE_FORMAT " bytes; the limit is %u MiB"),
                   (gsize) length, SW_JSON_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  self.p = (const guchar *) data;
  self.end = self.p + length;
  self.line = 1;
  self.column = 1;
  self.scratch = g_string_new (NULL);

  if (self.end - self.p >= 3 && memcmp (self.p, "\xEF\xBB\xBF", 3) == 0)
    self.p += 3;

  skip_space (&self);
  if (self.p >= self.end)
    {
      fail (&self, SW_ASL_ERROR_EMPTY, _("The input is empty"));
      value = NULL;
    }
  else
    {
      value = parse_value (&self);
      if (value != NULL)
        {
          skip_space (&self);
          if (self.p < self.end)
            {
              fail_unexpected (&self, _("the end of the input after the value"));
              g_clear_pointer (&value, sw_value_unref);
            }
        }
    }

  g_string_free (self.scratch, TRUE);

  if (value == NULL)
    {
      if (error_line)
        *error_line = self.error_line;
      if (error_column)
        *error_column = self.error_column;
      g_propagate_error (error, self.error);
      return NULL;
    }
  return value;
}

/**
 * sw_json_append_string:
 * @text: UTF-8 text
 * @length: its length in bytes
 *
 * Appends @text as a JSON string literal, escaping only what JSON requires.
 */
void
sw_json_append_string (GString    *out,
                       const char *text,
                       gsize       length)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  g_string_append_c (out, '"');
  while (p < end)
    {
      const guchar *run = p;

      while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, (const char *) run, p - run);
      if (p >= end)
        break;

      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
          break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

static void
newline (GString *out,
         guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_value (GString       *out,
             const SwValue *value,
             gboolean       compact,
             guint          depth)
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
      sw_json_append_string (out, sw_value_get_string (value),
                             sw_value_get_string_length (value));
      break;
    case SW_VALUE_ARRAY:
      {
        guint n = sw_value_array_get_length (value);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!compact)
              newline (out, depth + 1);
            write_value (out, sw_value_array_get (value, i), compact, depth + 1);
          }
        if (n > 0 && !compact)
          newline (out, depth);
        g_string_append_c (out, ']');
      }
      break;
    case SW_VALUE_OBJECT:
    default:
      {
        guint n = sw_value_object_get_size (value);

        g_string_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            const char *key = sw_value_object_get_key (value, i);

            if (i > 0)
              g_string_append_c (out, ',');
            if (!compact)
              newline (out, depth + 1);
            sw_json_append_string (out, key, strlen (key));
            g_string_append (out, compact ? ":" : ": ");
            write_value (out, sw_value_object_get_value (value, i), compact, depth + 1);
          }
        if (n > 0 && !compact)
          newline (out, depth);
        g_string_append_c (out, '}');
      }
      break;
    }
}

/**
 * sw_json_write:
 * @length: (out) (optional): the length of the result in bytes
 *
 * Writes the value deterministically: members in their order, numbers as their lexemes,
 * UTF-8 unescaped, only the escapes JSON requires.
 *
 * Returns: (transfer full): the text
 */
char *
sw_json_write (const SwValue    *value,
               SwJsonWriteFlags  flags,
               gsize            *length)
{
  GString *out;
  gboolean compact = (flags & SW_JSON_WRITE_COMPACT) != 0;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (256);
  write_value (out, value, compact, 0);
  if (!compact)
    g_string_append_c (out, '\n');

  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}
