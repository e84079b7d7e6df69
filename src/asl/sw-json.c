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

/* Member names repeat endlessly in a definition ("Type", "Next", "Resource", …); each
 * distinct name is made once per document and shared by reference count. */
typedef struct
{
  char **slots;       /* GRefString*, open addressing */
  guint32 *hashes;
  guint n_slots;      /* a power of two */
  guint n_used;
} KeyCache;

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
  GString *scratch;     /* strings with escapes */
  /* Items and members of the containers being read, innermost last; each container takes
   * its own from the top when it closes, so they are allocated once at their final size. */
  SwValue **items;
  guint n_items;
  guint items_cap;
  SwMember *members;
  guint n_members;
  guint members_cap;
  KeyCache keys;
  SwValueArena arena;
  SwValueArena *values;   /* &arena for large documents, NULL for small ones */
} Parser;

/* Below this, a document's values are allocated one by one: a page of the arena would be
 * mostly empty. */
#define ARENA_THRESHOLD (64 * 1024)

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

static inline void
skip_space (Parser *self)
{
  const guchar *p = self->p;

  for (;;)
    {
      const guchar *run = p;

      /* Indentation comes in runs; lines are counted one by one. */
      while (p < self->end && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
      self->column += p - run;
      if (p < self->end && *p == '\n')
        {
          self->line++;
          self->column = 1;
          p++;
          continue;
        }
      break;
    }
  self->p = p;
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

/* The rest of a string token that has escapes, from self->p on, appended to self->scratch
 * (which holds what came before). */
static gboolean
read_string_escaped (Parser      *self,
                     const char **text,
                     gsize       *length)
{
  GString *out = self->scratch;

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
          *text = out->str;
          *length = out->len;
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

/* Reads a string token; the opening quote is at self->p. Without escapes the text is the
 * input itself; otherwise it is in self->scratch. Either way it is valid until the next
 * string is read. */
static gboolean
read_string (Parser      *self,
             const char **text,
             gsize       *length)
{
  const guchar *start;

  self->p++;
  self->column++;
  start = self->p;

  for (;;)
    {
      const guchar *run = self->p;

      while (self->p < self->end && *self->p >= 0x20 && *self->p < 0x80 &&
             *self->p != '"' && *self->p != '\\')
        self->p++;
      self->column += self->p - run;

      if (self->p >= self->end)
        {
          fail (self, SW_ASL_ERROR_SYNTAX, _("Unterminated string"));
          return FALSE;
        }

      if (*self->p == '"')
        {
          *text = (const char *) start;
          *length = self->p - start;
          self->p++;
          self->column++;
          return TRUE;
        }

      if (*self->p == '\\')
        {
          g_string_truncate (self->scratch, 0);
          g_string_append_len (self->scratch, (const char *) start, self->p - start);
          return read_string_escaped (self, text, length);
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

        if (ch == (gunichar) -1 || ch == (gunichar) -2)
          {
            fail (self, SW_ASL_ERROR_ENCODING, _("The text is not valid UTF-8"));
            return FALSE;
          }
        self->p += g_utf8_skip[*self->p];
        self->column++;
      }
    }
}

/* FNV-1a */
static inline guint32
hash_bytes (const char *text,
            gsize       length)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < length; i++)
    h = (h ^ (guchar) text[i]) * 16777619u;
  return h;
}

static void
key_cache_clear (KeyCache *cache)
{
  for (guint i = 0; i < cache->n_slots; i++)
    if (cache->slots[i] != NULL)
      g_ref_string_release (cache->slots[i]);
  g_free (cache->slots);
  g_free (cache->hashes);
}

static void
key_cache_grow (KeyCache *cache)
{
  guint n_slots = cache->n_slots ? cache->n_slots * 2 : 256;
  char **slots = g_new0 (char *, n_slots);
  guint32 *hashes = g_new (guint32, n_slots);

  for (guint i = 0; i < cache->n_slots; i++)
    {
      guint j;

      if (cache->slots[i] == NULL)
        continue;
      for (j = cache->hashes[i] & (n_slots - 1); slots[j] != NULL; j = (j + 1) & (n_slots - 1))
        ;
      slots[j] = cache->slots[i];
      hashes[j] = cache->hashes[i];
    }
  g_free (cache->slots);
  g_free (cache->hashes);
  cache->slots = slots;
  cache->hashes = hashes;
  cache->n_slots = n_slots;
}

/* Returns a new reference to the shared copy of @text, which holds no U+0000. */
static char *
key_cache_get (KeyCache   *cache,
               const char *text,
               gsize       length)
{
  guint32 hash = hash_bytes (text, length);
  guint i;

  if ((cache->n_used + 1) * 2 > cache->n_slots)
    key_cache_grow (cache);

  for (i = hash & (cache->n_slots - 1); cache->slots[i] != NULL; i = (i + 1) & (cache->n_slots - 1))
    {
      const char *key = cache->slots[i];

      if (cache->hashes[i] == hash && g_ref_string_length ((char *) key) == length &&
          memcmp (key, text, length) == 0)
        return g_ref_string_acquire ((char *) key);
    }

  cache->slots[i] = g_ref_string_new_len (text, length);
  cache->hashes[i] = hash;
  cache->n_used++;
  return g_ref_string_acquire (cache->slots[i]);
}

static SwValue *
parse_number (Parser *self)
{
  const guchar *start = self->p;
  const guchar *p = self->p;
  SwValue *value;

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

  value = _sw_value_new_number_copy (self->values, (const char *) start, p - start);
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

static void
push_member (Parser   *self,
             char     *key,
             guint     line,
             guint     column,
             SwValue  *value)
{
  SwMember *m;

  if (self->n_members == self->members_cap)
    {
      self->members_cap = MAX (64, self->members_cap * 2);
      self->members = g_renew (SwMember, self->members, self->members_cap);
    }
  m = &self->members[self->n_members++];
  m->key = key;
  m->value = value;
  m->line = line;
  m->column = column;
}

static void
push_item (Parser  *self,
           SwValue *item)
{
  if (self->n_items == self->items_cap)
    {
      self->items_cap = MAX (64, self->items_cap * 2);
      self->items = g_renew (SwValue *, self->items, self->items_cap);
    }
  self->items[self->n_items++] = item;
}

/* On failure the members and items read so far stay on the stacks; sw_json_parse() drops
 * them. */
static SwValue *
parse_object (Parser *self)
{
  guint base = self->n_members;
  SwValue *object;

  self->p++;
  self->column++;
  skip_space (self);
  if (self->p < self->end && *self->p == '}')
    {
      self->p++;
      self->column++;
      return _sw_value_new_object_from (self->values, NULL, 0);
    }

  for (;;)
    {
      const char *text;
      gsize length;
      guint key_line, key_column;
      char *key;
      SwValue *member;

      skip_space (self);
      if (self->p >= self->end || *self->p != '"')
        {
          fail_unexpected (self, _("a member name in double quotes"));
          return NULL;
        }
      key_line = self->line;
      key_column = self->column;
      if (!read_string (self, &text, &length))
        return NULL;
      if (memchr (text, '\0', length) != NULL)
        {
          self->line = key_line;
          self->column = key_column;
          fail (self, SW_ASL_ERROR_ENCODING, _("Member names may not contain U+0000"));
          return NULL;
        }
      key = key_cache_get (&self->keys, text, length);

      skip_space (self);
      if (self->p >= self->end || *self->p != ':')
        {
          g_ref_string_release (key);
          fail_unexpected (self, _("“:” after the member name"));
          return NULL;
        }
      self->p++;
      self->column++;
      skip_space (self);

      member = parse_value (self);
      if (member == NULL)
        {
          g_ref_string_release (key);
          return NULL;
        }
      push_member (self, key, key_line, key_column, member);

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
          object = _sw_value_new_object_from (self->values, &self->members[base],
                                              self->n_members - base);
          self->n_members = base;
          return object;
        }
      fail_unexpected (self, _("“,” or “}”"));
      return NULL;
    }
}

static SwValue *
parse_array (Parser *self)
{
  guint base = self->n_items;
  SwValue *array;

  self->p++;
  self->column++;
  skip_space (self);
  if (self->p < self->end && *self->p == ']')
    {
      self->p++;
      self->column++;
      return _sw_value_new_array_from (self->values, NULL, 0);
    }

  for (;;)
    {
      SwValue *item;

      skip_space (self);
      item = parse_value (self);
      if (item == NULL)
        return NULL;
      push_item (self, item);

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
          array = _sw_value_new_array_from (self->values, &self->items[base],
                                            self->n_items - base);
          self->n_items = base;
          return array;
        }
      fail_unexpected (self, _("“,” or “]”"));
      return NULL;
    }
}

/* Whether the string token from @start to @end has a `\/` or a `\u` escape. */
static gboolean
has_long_escape (const guchar *start,
                 const guchar *end)
{
  for (const guchar *p = start; p + 1 < end; p++)
    if (*p == '\\')
      {
        if (p[1] == '/' || p[1] == 'u')
          return TRUE;
        p++;
      }
  return FALSE;
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
      {
        const guchar *start = self->p;
        const char *text;
        gsize length;

        if (read_string (self, &text, &length))
          {
            /* Escapes writers don't use (`\/`, `\u00e9`) make the written string longer
             * than its text says; the validator places characters from what was written. */
            if (text == self->scratch->str && has_long_escape (start, self->p))
              value = _sw_value_new_string_source (self->values, text, length,
                                                   (const char *) start, self->p - start);
            else
              value = _sw_value_new_string_copy (self->values, text, length);
          }
      }
      break;
    case 't':
      if (match_literal (self, "true"))
        value = _sw_value_new_literal (self->values, SW_VALUE_BOOLEAN, TRUE);
      break;
    case 'f':
      if (match_literal (self, "false"))
        value = _sw_value_new_literal (self->values, SW_VALUE_BOOLEAN, FALSE);
      break;
    case 'n':
      if (match_literal (self, "null"))
        value = _sw_value_new_literal (self->values, SW_VALUE_NULL, FALSE);
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

  value->line = line;
  value->column = column;
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
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize) length);

      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE,
                   _("The input is %s bytes; the limit is %u MiB"),
                   size, SW_JSON_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  self.p = (const guchar *) data;
  self.end = self.p + length;
  self.line = 1;
  self.column = 1;
  self.scratch = g_string_new (NULL);
  self.values = (gsize) length >= ARENA_THRESHOLD ? &self.arena : NULL;

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
  for (guint i = 0; i < self.n_members; i++)
    {
      g_ref_string_release (self.members[i].key);
      sw_value_unref (self.members[i].value);
    }
  for (guint i = 0; i < self.n_items; i++)
    sw_value_unref (self.items[i]);
  g_free (self.members);
  g_free (self.items);
  key_cache_clear (&self.keys);
  _sw_value_arena_finish (&self.arena);

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

/* The writer appends to a plain buffer: a definition of 10,000 states is millions of small
 * pieces, and each GString call would check and measure its argument again. */
typedef struct
{
  char *data;
  gsize len;
  gsize cap;
} Buffer;

static void
buffer_grow (Buffer *out,
             gsize   more)
{
  gsize cap = MAX (out->cap * 2, out->len + more + 1);

  out->data = g_realloc (out->data, cap);
  out->cap = cap;
}

static inline void
buffer_reserve (Buffer *out,
                gsize   more)
{
  if (G_UNLIKELY (out->len + more >= out->cap))
    buffer_grow (out, more);
}

static inline void
buffer_append (Buffer     *out,
               const char *text,
               gsize       length)
{
  buffer_reserve (out, length);
  memcpy (out->data + out->len, text, length);
  out->len += length;
}

static inline void
buffer_append_c (Buffer *out,
                 char    c)
{
  buffer_reserve (out, 1);
  out->data[out->len++] = c;
}

/* Bytes a JSON string must escape. */
static inline gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\';
}

static void
buffer_append_string (Buffer     *out,
                      const char *text,
                      gsize       length)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  /* Room for the quotes and the text as it is; escapes reserve more as they come. */
  buffer_reserve (out, length + 2);
  out->data[out->len++] = '"';
  while (p < end)
    {
      const guchar *run = p;

      while (p < end && !needs_escape (*p))
        p++;
      buffer_append (out, (const char *) run, p - run);
      if (p >= end)
        break;

      switch (*p)
        {
        case '"': buffer_append (out, "\\\"", 2); break;
        case '\\': buffer_append (out, "\\\\", 2); break;
        case '\b': buffer_append (out, "\\b", 2); break;
        case '\f': buffer_append (out, "\\f", 2); break;
        case '\n': buffer_append (out, "\\n", 2); break;
        case '\r': buffer_append (out, "\\r", 2); break;
        case '\t': buffer_append (out, "\\t", 2); break;
        default:
          {
            char escape[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xf] };

            buffer_append (out, escape, sizeof escape);
          }
          break;
        }
      p++;
    }
  buffer_append_c (out, '"');
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
  Buffer buffer = { NULL, 0, 0 };

  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL || length == 0);

  buffer_append_string (&buffer, text, length);
  g_string_append_len (out, buffer.data, buffer.len);
  g_free (buffer.data);
}

static void
newline (Buffer *out,
         guint   depth)
{
  static const char spaces[] = "                                                                ";
  gsize n = depth * 2;

  buffer_reserve (out, n + 1);
  out->data[out->len++] = '\n';
  while (n > 0)
    {
      gsize chunk = MIN (n, sizeof spaces - 1);

      memcpy (out->data + out->len, spaces, chunk);
      out->len += chunk;
      n -= chunk;
    }
}

static void
write_value (Buffer        *out,
             const SwValue *value,
             gboolean       compact,
             guint          depth)
{
  switch (value->kind)
    {
    case SW_VALUE_NULL:
      buffer_append (out, "null", 4);
      break;
    case SW_VALUE_BOOLEAN:
      if (value->boolean)
        buffer_append (out, "true", 4);
      else
        buffer_append (out, "false", 5);
      break;
    case SW_VALUE_NUMBER:
      buffer_append (out, value->string.text, value->string.length);
      break;
    case SW_VALUE_STRING:
      buffer_append_string (out, value->string.text, value->string.length);
      break;
    case SW_VALUE_ARRAY:
      {
        guint n = value->array.len;

        buffer_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              buffer_append_c (out, ',');
            if (!compact)
              newline (out, depth + 1);
            write_value (out, value->array.items[i], compact, depth + 1);
          }
        if (n > 0 && !compact)
          newline (out, depth);
        buffer_append_c (out, ']');
      }
      break;
    case SW_VALUE_OBJECT:
    default:
      {
        guint n = value->object.len;

        buffer_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            const SwMember *m = &value->object.members[i];

            if (i > 0)
              buffer_append_c (out, ',');
            if (!compact)
              newline (out, depth + 1);
            buffer_append_string (out, m->key, g_ref_string_length (m->key));
            if (compact)
              buffer_append_c (out, ':');
            else
              buffer_append (out, ": ", 2);
            write_value (out, m->value, compact, depth + 1);
          }
        if (n > 0 && !compact)
          newline (out, depth);
        buffer_append_c (out, '}');
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
  Buffer out = { NULL, 0, 0 };
  gboolean compact = (flags & SW_JSON_WRITE_COMPACT) != 0;

  g_return_val_if_fail (value != NULL, NULL);

  buffer_grow (&out, 4096);
  write_value (&out, value, compact, 0);
  if (!compact)
    buffer_append_c (&out, '\n');
  out.data[out.len] = '\0';

  if (length)
    *length = out.len;
  return out.data;
}
