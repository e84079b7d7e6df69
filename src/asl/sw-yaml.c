/* sw-yaml.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* YAML import and export of definitions, as the AWS Toolkit and SAM (`*.asl.yaml`) write
 * them. The reader builds the same SwValue tree as the JSON reader, positions included, so
 * the validator does not care which notation a definition came in.
 *
 * Reading follows the YAML 1.2 core schema for plain scalars:
 *   null, Null, NULL, ~ and the empty scalar are null; true/false (any of three cases) are
 *   booleans; decimal, 0o octal and 0x hexadecimal integers and decimal floats are numbers.
 *   Quoted scalars are always strings. Number lexemes that are valid JSON are kept exactly;
 *   other numbers are normalised to the JSON lexeme of the same value (`+1` → `1`, `007` →
 *   `7`, `.5` → `0.5`, `1.` → `1.0`, `0x1F` → `31`, `0o17` → `15`). `.inf` and `.nan` are
 *   refused, since JSON has no such numbers. YAML 1.1 forms that the core schema does not
 *   know (`yes`, `on`, `1_000`, `0b101`, `1:30`) are strings, as YAML 1.2 says.
 *   Mapping keys are the text of their scalar, whatever it resolves to (`1: x` has the key
 *   "1"); keys that are sequences or mappings are refused. Duplicate keys are kept for the
 *   validator to report. Merge keys (`<<`) have no special meaning.
 *   Anchors and aliases are expanded by copying, up to SW_YAML_MAX_ALIAS_VALUES values.
 *   The tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq and `!` are understood;
 *   CloudFormation's short forms (!Ref, !GetAtt, !Sub, !Join, …) become their long JSON forms
 *   ({"Ref": …}, {"Fn::GetAtt": […]}, {"Fn::Sub": …}) as in a SAM template.
 *
 * Writing produces block style with 2-space indentation, members in order, `{}` and `[]`
 * for empty containers, and a final newline. A string is written plain unless a YAML 1.1 or
 * 1.2 reader (PyYAML, js-yaml, libyaml-based tools) could read it back as something else;
 * then it is double-quoted, with escapes for line breaks and non-printable characters.
 * Numbers are written as their lexemes; a lexeme with an exponent that YAML 1.1 readers do
 * not take for a float (`1e3`, `2E5`, `1.5e10`) is tagged `!!float`.
 */

#include <glib/gi18n-lib.h>
#include <string.h>
#include <yaml.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-value-private.h"
#include "sw-yaml.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

/* Implicit keys longer than this (in characters, as written) are written as explicit `? `
 * keys: YAML readers give up on implicit keys past 1024 characters. */
#define MAX_IMPLICIT_KEY 1000

typedef struct
{
  SwValue *value;
  guint height;
  gsize values;
  gsize bytes;
} Anchor;

typedef struct
{
  SwValue *container;
  char *anchor;
  char *tag;             /* a CloudFormation tag name to wrap the container in, or NULL */
  char *key;             /* for mappings: the key waiting for its value */
  guint key_line;
  guint key_column;
  gboolean has_key;
  guint height;          /* the greatest height of a child so far */
  gsize values;
  gsize bytes;
} Frame;

typedef struct
{
  GArray *stack;         /* of Frame */
  GHashTable *anchors;   /* name → Anchor* */
  SwValue *root;
  guint documents;
  gsize alias_values;
  gsize alias_bytes;
  GError *error;
  guint error_line;
  guint error_column;
  const char *data;      /* the text, for keeping how scalars are written */
  const char *data_end;
  const char *cursor;    /* a character of data and its index, where the last scalar ended */
  gsize cursor_index;
} Parser;

static void
anchor_free (gpointer data)
{
  Anchor *anchor = data;

  sw_value_unref (anchor->value);
  g_free (anchor);
}

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->container, sw_value_unref);
  g_clear_pointer (&frame->anchor, g_free);
  g_clear_pointer (&frame->tag, g_free);
  g_clear_pointer (&frame->key, g_free);
}

G_GNUC_PRINTF (4, 5)
static void
fail (Parser            *self,
      gint               code,
      const yaml_mark_t *mark,
      const char        *format,
      ...)
{
  va_list args;

  if (self->error != NULL)
    return;

  va_start (args, format);
  self->error = g_error_new_valist (SW_ASL_ERROR, code, format, args);
  va_end (args);
  if (mark != NULL)
    {
      self->error_line = mark->line + 1;
      self->error_column = mark->column + 1;
    }
}

static gboolean
is_digit_run (const char *p,
              const char *end,
              const char *digits)
{
  if (p >= end)
    return FALSE;
  for (; p < end; p++)
    if (strchr (digits, *p) == NULL || *p == '\0')
      return FALSE;
  return TRUE;
}

static gboolean
is_null_word (const char *text,
              gsize       length)
{
  return length == 0 ||
         (length == 1 && text[0] == '~') ||
         (length == 4 && (memcmp (text, "null", 4) == 0 || memcmp (text, "Null", 4) == 0 ||
                          memcmp (text, "NULL", 4) == 0));
}

/* Returns 1 for true, 0 for false, -1 for neither. */
static int
bool_word (const char *text,
           gsize       length)
{
  if (length == 4 && (memcmp (text, "true", 4) == 0 || memcmp (text, "True", 4) == 0 ||
                      memcmp (text, "TRUE", 4) == 0))
    return 1;
  if (length == 5 && (memcmp (text, "false", 5) == 0 || memcmp (text, "False", 5) == 0 ||
                      memcmp (text, "FALSE", 5) == 0))
    return 0;
  return -1;
}

static gboolean
is_special_float (const char *text,
                  gsize       length)
{
  const char *p = text;

  if (length > 0 && (*p == '-' || *p == '+'))
    {
      p++;
      length--;
      return length == 4 && (memcmp (p, ".inf", 4) == 0 || memcmp (p, ".Inf", 4) == 0 ||
                             memcmp (p, ".INF", 4) == 0);
    }
  return length == 4 && (memcmp (p, ".inf", 4) == 0 || memcmp (p, ".Inf", 4) == 0 ||
                         memcmp (p, ".INF", 4) == 0 || memcmp (p, ".nan", 4) == 0 ||
                         memcmp (p, ".NaN", 4) == 0 || memcmp (p, ".NAN", 4) == 0);
}

/* A valid JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? */
static gboolean
is_json_number (const char *text,
                gsize       length)
{
  const char *p = text;
  const char *end = text + length;

  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  return p == end;
}

/* A YAML 1.2 core schema decimal number:
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 * Returns its JSON lexeme, or NULL when @text is not one. */
static char *
normalise_decimal (const char *text,
                   gsize       length)
{
  const char *p = text;
  const char *end = text + length;
  const char *int_start, *int_end, *frac_start = NULL, *frac_end = NULL, *exp_start = NULL;
  gboolean negative = FALSE;
  GString *out;

  if (p < end && (*p == '-' || *p == '+'))
    {
      negative = *p == '-';
      p++;
    }
  int_start = p;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  int_end = p;
  if (p < end && *p == '.')
    {
      p++;
      frac_start = p;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      frac_end = p;
    }
  if (int_start == int_end && (frac_start == NULL || frac_start == frac_end))
    return NULL;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      exp_start = p;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p != end)
    return NULL;

  if (is_json_number (text, length))
    return g_strndup (text, length);

  out = g_string_new (negative ? "-" : NULL);
  while (int_start + 1 < int_end && *int_start == '0')
    int_start++;
  if (int_start == int_end)
    g_string_append_c (out, '0');
  else
    g_string_append_len (out, int_start, int_end - int_start);
  if (frac_start != NULL)
    {
      g_string_append_c (out, '.');
      if (frac_start == frac_end)
        g_string_append_c (out, '0');
      else
        g_string_append_len (out, frac_start, frac_end - frac_start);
    }
  if (exp_start != NULL)
    g_string_append_len (out, exp_start, end - exp_start);
  return g_string_free (out, FALSE);
}

/* 0x… and 0o… integers of the core schema, as decimal lexemes. Returns NULL when @text is
 * not one; sets @too_large when it is one but does not fit 64 bits. */
static char *
normalise_radix (const char *text,
                 gsize       length,
                 gboolean   *too_large)
{
  guint base;
  const char *digits;
  guint64 value = 0;

  *too_large = FALSE;
  if (length < 3 || text[0] != '0')
    return NULL;
  if (text[1] == 'x')
    {
      base = 16;
      digits = "0123456789abcdefABCDEF";
    }
  else if (text[1] == 'o')
    {
      base = 8;
      digits = "01234567";
    }
  else
    return NULL;
  if (!is_digit_run (text + 2, text + length, digits))
    return NULL;

  for (gsize i = 2; i < length; i++)
    {
      guint digit = g_ascii_xdigit_value (text[i]);

      if (value > (G_MAXUINT64 - digit) / base)
        {
          *too_large = TRUE;
          return NULL;
        }
      value = value * base + digit;
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/* Resolves @text as a core schema number (integers only when @integer_only). Returns NULL
 * when it is not one, and NULL with the parser's error set when it is a number JSON cannot
 * hold. */
static SwValue *
resolve_number (Parser            *self,
                const char        *text,
                gsize              length,
                gboolean           integer_only,
                const yaml_mark_t *mark)
{
  g_autofree char *lexeme = NULL;
  gboolean too_large = FALSE;

  if (is_special_float (text, length))
    {
      fail (self, SW_ASL_ERROR_SYNTAX, mark,
            _("“%.*s” is not a number JSON can hold (JSON has no infinity or NaN)"),
            (int) MIN (length, 64), text);
      return NULL;
    }

  lexeme = normalise_radix (text, length, &too_large);
  if (lexeme == NULL && too_large)
    {
      fail (self, SW_ASL_ERROR_SYNTAX, mark,
            _("The number “%.*s” is too large"), (int) MIN (length, 64), text);
      return NULL;
    }
  if (lexeme == NULL)
    {
      lexeme = normalise_decimal (text, length);
      if (lexeme != NULL && integer_only &&
          (strchr (lexeme, '.') != NULL || strchr (lexeme, 'e') != NULL ||
           strchr (lexeme, 'E') != NULL))
        g_clear_pointer (&lexeme, g_free);
    }
  if (lexeme == NULL)
    return NULL;
  return sw_value_new_number (lexeme);
}

static SwValue *
new_string (const char *text,
            gsize       length)
{
  char *copy = g_malloc (length + 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return _sw_value_new_string_len (copy, length);
}

/* A CloudFormation short-form tag: `!Name` with an ASCII identifier. */
static const char *
cfn_tag_name (const char *tag)
{
  if (tag == NULL || tag[0] != '!' || !g_ascii_isalpha (tag[1]))
    return NULL;
  for (const char *p = tag + 1; *p; p++)
    if (!g_ascii_isalnum (*p))
      return NULL;
  return tag + 1;
}

static SwValue *
wrap_cfn (const char *name,
          SwValue    *value)
{
  SwValue *object = sw_value_new_object ();
  guint line = sw_value_get_line (value);
  guint column = sw_value_get_column (value);

  sw_value_set_position (object, line, column);

  if (strcmp (name, "Ref") == 0 || strcmp (name, "Condition") == 0)
    {
      sw_value_object_append (object, name, line, column, value);
    }
  else if (strcmp (name, "GetAtt") == 0 && sw_value_is_string (value) &&
           strchr (sw_value_get_string (value), '.') != NULL)
    {
      const char *text = sw_value_get_string (value);
      const char *dot = strchr (text, '.');
      SwValue *array = sw_value_new_array ();
      SwValue *resource = sw_value_new_string_take (g_strndup (text, dot - text));
      SwValue *attribute = sw_value_new_string (dot + 1);

      sw_value_set_position (array, line, column);
      sw_value_set_position (resource, line, column);
      sw_value_set_position (attribute, line, column);
      sw_value_array_append (array, resource);
      sw_value_array_append (array, attribute);
      sw_value_object_append (object, "Fn::GetAtt", line, column, array);
      sw_value_unref (value);
    }
  else
    {
      g_autofree char *key = g_strconcat ("Fn::", name, NULL);

      sw_value_object_append (object, key, line, column, value);
    }
  return object;
}

static gboolean
tag_is (const char *tag,
        const char *name)
{
  return tag != NULL && g_str_has_prefix (tag, YAML_TAG_PREFIX) &&
         strcmp (tag + strlen (YAML_TAG_PREFIX), name) == 0;
}

static SwValue *
resolve_scalar (Parser            *self,
                const yaml_event_t *event)
{
  const char *text = (const char *) event->data.scalar.value;
  gsize length = event->data.scalar.length;
  const char *tag = (const char *) event->data.scalar.tag;
  const yaml_mark_t *mark = &event->start_mark;
  gboolean plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  SwValue *value = NULL;
  int b;

  if (tag == NULL && !plain)
    return new_string (text, length);

  if (tag == NULL)
    {
      if (is_null_word (text, length))
        return sw_value_new_null ();
      if ((b = bool_word (text, length)) >= 0)
        return sw_value_new_boolean (b);
      if (length > 0 && (g_ascii_isdigit (text[0]) || strchr ("-+.", text[0]) != NULL))
        {
          value = resolve_number (self, text, length, FALSE, mark);
          if (value != NULL || self->error != NULL)
            return value;
        }
      return new_string (text, length);
    }

  if (strcmp (tag, "!") == 0 || tag_is (tag, "str"))
    return new_string (text, length);

  if (tag_is (tag, "null"))
    {
      if (is_null_word (text, length))
        return sw_value_new_null ();
    }
  else if (tag_is (tag, "bool"))
    {
      if ((b = bool_word (text, length)) >= 0)
        return sw_value_new_boolean (b);
    }
  else if (tag_is (tag, "int") || tag_is (tag, "float"))
    {
      value = resolve_number (self, text, length, tag_is (tag, "int"), mark);
      if (value != NULL || self->error != NULL)
        return value;
    }
  else if (cfn_tag_name (tag) != NULL)
    {
      value = new_string (text, length);
      sw_value_set_position (value, mark->line + 1, mark->column + 1);
      return wrap_cfn (cfn_tag_name (tag), value);
    }
  else
    {
      fail (self, SW_ASL_ERROR_SYNTAX, mark,
            _("The YAML tag “%s” is not supported"), tag);
      return NULL;
    }

  fail (self, SW_ASL_ERROR_SYNTAX, mark,
        _("“%.*s” is not a valid value for the tag “%s”"),
        (int) MIN (length, 64), text, tag);
  return NULL;
}

static Frame *
top (Parser *self)
{
  if (self->stack->len == 0)
    return NULL;
  return &g_array_index (self->stack, Frame, self->stack->len - 1);
}

/* Adds a finished value (transfer full) to its parent, or makes it the root. */
static void
add_value (Parser            *self,
           SwValue           *value,
           guint              height,
           gsize              values,
           gsize              bytes,
           const char        *anchor_name,
           const yaml_mark_t *mark)
{
  Frame *frame = top (self);

  if (self->stack->len + height > SW_JSON_MAX_DEPTH)
    {
      fail (self, SW_ASL_ERROR_DEPTH, mark,
            _("Values nest deeper than %u levels"), (guint) SW_JSON_MAX_DEPTH);
      sw_value_unref (value);
      return;
    }

  if (anchor_name != NULL)
    {
      Anchor *anchor = g_new0 (Anchor, 1);

      anchor->value = sw_value_ref (value);
      anchor->height = height;
      anchor->values = values;
      anchor->bytes = bytes;
      g_hash_table_replace (self->anchors, g_strdup (anchor_name), anchor);
    }

  if (frame == NULL)
    {
      g_clear_pointer (&self->root, sw_value_unref);
      self->root = value;
      return;
    }

  frame->height = MAX (frame->height, height);
  frame->values += values;
  frame->bytes += bytes;

  if (sw_value_is_array (frame->container))
    {
      sw_value_array_append (frame->container, value);
    }
  else
    {
      g_assert (frame->has_key);
      sw_value_object_append (frame->container, frame->key, frame->key_line,
                              frame->key_column, value);
      g_clear_pointer (&frame->key, g_free);
      frame->has_key = FALSE;
    }
}

static gboolean
expects_key (Parser *self)
{
  Frame *frame = top (self);

  return frame != NULL && sw_value_is_object (frame->container) && !frame->has_key;
}

static void
set_key (Parser            *self,
         const char        *text,
         gsize              length,
         const yaml_mark_t *mark)
{
  Frame *frame = top (self);

  if (memchr (text, '\0', length) != NULL)
    {
      fail (self, SW_ASL_ERROR_SYNTAX, mark, _("Mapping keys may not hold U+0000"));
      return;
    }
  frame->key = g_strndup (text, length);
  frame->key_line = mark->line + 1;
  frame->key_column = mark->column + 1;
  frame->has_key = TRUE;
}

static gboolean
anchor_is_open (Parser     *self,
                const char *name)
{
  for (guint i = 0; i < self->stack->len; i++)
    {
      const Frame *frame = &g_array_index (self->stack, Frame, i);

      if (frame->anchor != NULL && strcmp (frame->anchor, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
handle_alias (Parser            *self,
              const yaml_event_t *event)
{
  const char *name = (const char *) event->data.alias.anchor;
  const yaml_mark_t *mark = &event->start_mark;
  Anchor *anchor = g_hash_table_lookup (self->anchors, name);
  SwValue *copy;

  if (anchor == NULL)
    {
      if (anchor_is_open (self, name))
        fail (self, SW_ASL_ERROR_SYNTAX, mark,
              _("The alias “*%s” refers to a value that contains it"), name);
      else
        fail (self, SW_ASL_ERROR_SYNTAX, mark,
              _("The alias “*%s” has no anchor before it"), name);
      return;
    }

  if (expects_key (self))
    {
      if (!sw_value_is_string (anchor->value))
        {
          fail (self, SW_ASL_ERROR_SYNTAX, mark,
                _("Mapping keys must be strings, but the alias “*%s” is not one"), name);
          return;
        }
      set_key (self, sw_value_get_string (anchor->value),
               sw_value_get_string_length (anchor->value), mark);
      return;
    }

  self->alias_values += anchor->values;
  self->alias_bytes += anchor->bytes;
  if (self->alias_values > SW_YAML_MAX_ALIAS_VALUES || self->alias_bytes > SW_JSON_MAX_SIZE)
    {
      fail (self, SW_ASL_ERROR_TOO_LARGE, mark,
            _("Aliases expand to more than %u values or %u MiB; this looks like an "
              "alias bomb"),
            (guint) SW_YAML_MAX_ALIAS_VALUES, SW_JSON_MAX_SIZE / (1024 * 1024));
      return;
    }

  copy = sw_value_copy (anchor->value);
  sw_value_set_position (copy, mark->line + 1, mark->column + 1);
  add_value (self, copy, anchor->height, anchor->values, anchor->bytes, NULL, mark);
}

static void
start_container (Parser            *self,
                 const yaml_event_t *event,
                 gboolean           mapping)
{
  const yaml_mark_t *mark = &event->start_mark;
  const char *anchor = (const char *) (mapping ? event->data.mapping_start.anchor
                                               : event->data.sequence_start.anchor);
  const char *tag = (const char *) (mapping ? event->data.mapping_start.tag
                                            : event->data.sequence_start.tag);
  Frame frame = { 0 };

  if (expects_key (self))
    {
      fail (self, SW_ASL_ERROR_SYNTAX, mark,
            mapping ? _("Mapping keys must be strings, not mappings")
                    : _("Mapping keys must be strings, not sequences"));
      return;
    }

  if (tag != NULL && strcmp (tag, "!") != 0 && !tag_is (tag, mapping ? "map" : "seq"))
    {
      if (cfn_tag_name (tag) == NULL)
        {
          fail (self, SW_ASL_ERROR_SYNTAX, mark,
                _("The YAML tag “%s” is not supported here"), tag);
          return;
        }
      frame.tag = g_strdup (cfn_tag_name (tag));
    }

  if (self->stack->len + 1 + (frame.tag != NULL) > SW_JSON_MAX_DEPTH)
    {
      g_free (frame.tag);
      fail (self, SW_ASL_ERROR_DEPTH, mark,
            _("Values nest deeper than %u levels"), (guint) SW_JSON_MAX_DEPTH);
      return;
    }

  frame.container = mapping ? sw_value_new_object () : sw_value_new_array ();
  sw_value_set_position (frame.container, mark->line + 1, mark->column + 1);
  frame.anchor = g_strdup (anchor);
  g_array_append_val (self->stack, frame);
}

static void
end_container (Parser            *self,
               const yaml_event_t *event)
{
  Frame *last = top (self);
  Frame frame = *last;
  SwValue *value = g_steal_pointer (&frame.container);
  guint height = frame.height + 1;

  /* The frame's pointers now belong to @frame; clear them so the array's clear function
   * does not free them too. */
  memset (last, 0, sizeof *last);
  g_array_set_size (self->stack, self->stack->len - 1);
  g_free (frame.key);

  if (frame.tag != NULL)
    {
      value = wrap_cfn (frame.tag, value);
      height++;
    }
  add_value (self, value, height, frame.values + 1, frame.bytes, frame.anchor,
             &event->start_mark);
  g_free (frame.anchor);
  g_free (frame.tag);
}

/* Where the character of index @index (libyaml counts characters) is in the text. Scalars
 * come in the order of the text, so the walk goes on from the last one. */
static const char *
char_at (Parser *self,
         gsize   index)
{
  if (index < self->cursor_index)
    {
      self->cursor = self->data;
      self->cursor_index = 0;
    }
  while (self->cursor_index < index && self->cursor < self->data_end)
    {
      self->cursor = g_utf8_next_char (self->cursor);
      self->cursor_index++;
    }
  return MIN (self->cursor, self->data_end);
}

/* A string that may hold JSONata expressions, paths or intrinsic functions (a `$` or `{%`)
 * keeps how it is written, so that the validator can place its characters in the file:
 * quotes, escapes, folded lines and block indentation all move them. */
static SwValue *
keep_source (Parser             *self,
             const yaml_event_t *event,
             SwValue            *value)
{
  const char *text, *start, *end;
  gsize length;
  SwValue *kept;

  if (self->data == NULL || !sw_value_is_string (value))
    return value;
  text = sw_value_get_string (value);
  length = sw_value_get_string_length (value);
  if (memchr (text, '$', length) == NULL && !g_str_has_prefix (text, "{%"))
    return value;
  start = char_at (self, event->start_mark.index);
  end = char_at (self, event->end_mark.index);
  if (end <= start || memchr (start, '\0', end - start) != NULL)
    return value;
  kept = _sw_value_new_string_source (NULL, text, length, start, end - start);
  sw_value_unref (value);
  return kept;
}

static void
handle_scalar (Parser            *self,
               const yaml_event_t *event)
{
  const yaml_mark_t *mark = &event->start_mark;
  const char *anchor = (const char *) event->data.scalar.anchor;
  SwValue *value;
  guint height = 0;

  if (expects_key (self))
    {
      const char *text = (const char *) event->data.scalar.value;
      gsize length = event->data.scalar.length;

      set_key (self, text, length, mark);
      if (anchor != NULL && self->error == NULL)
        {
          Anchor *entry = g_new0 (Anchor, 1);

          entry->value = new_string (text, length);
          entry->values = 1;
          entry->bytes = length;
          g_hash_table_replace (self->anchors, g_strdup (anchor), entry);
        }
      return;
    }

  value = resolve_scalar (self, event);
  if (value == NULL)
    return;
  value = keep_source (self, event, value);
  if (sw_value_is_object (value))
    height = 1 + sw_value_is_array (sw_value_object_get_value (value, 0));
  sw_value_set_position (value, mark->line + 1, mark->column + 1);
  add_value (self, value, height, 1 + height, event->data.scalar.length, anchor, mark);
}

/* libyaml reports reader errors as a byte offset; turn it into a line and a column counted
 * in characters, as everywhere else. */
static void
offset_to_position (const char *data,
                    gsize       offset,
                    guint      *line,
                    guint      *column)
{
  const char *p = data;
  const char *end = data + offset;

  *line = 1;
  *column = 1;
  while (p < end)
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
          p++;
        }
      else
        {
          (*column)++;
          p = g_utf8_next_char (p);
        }
    }
}

static void
fail_from_libyaml (Parser              *self,
                   const yaml_parser_t *parser,
                   const char          *data)
{
  const char *problem = parser->problem ? parser->problem : "unknown error";

  if (parser->error == YAML_READER_ERROR)
    {
      guint line, column;

      offset_to_position (data, parser->problem_offset, &line, &column);
      fail (self, SW_ASL_ERROR_SYNTAX, NULL, _("Invalid YAML: %s"), problem);
      self->error_line = line;
      self->error_column = column;
      return;
    }

  if (parser->error == YAML_MEMORY_ERROR)
    {
      fail (self, SW_ASL_ERROR_TOO_LARGE, NULL, _("Out of memory while reading YAML"));
      return;
    }

  if (parser->context != NULL)
    fail (self, SW_ASL_ERROR_SYNTAX, &parser->problem_mark,
          _("Invalid YAML: %s %s (line %u)"), problem, parser->context,
          (guint) parser->context_mark.line + 1);
  else
    fail (self, SW_ASL_ERROR_SYNTAX, &parser->problem_mark,
          _("Invalid YAML: %s"), problem);
}

static gboolean
check_encoding (Parser     *self,
                const char *data,
                gsize       length)
{
  const char *end = NULL;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  if (*end == '\0')
    fail (self, SW_ASL_ERROR_ENCODING, NULL,
          _("The input holds a NUL byte (is this a binary file?)"));
  else
    fail (self, SW_ASL_ERROR_ENCODING, NULL,
          _("The input is not valid UTF-8 (is this a binary file?)"));
  offset_to_position (data, end - data, &self->error_line, &self->error_column);
  return FALSE;
}

/**
 * sw_yaml_parse:
 * @data: the text, in UTF-8
 * @length: its length in bytes, or -1 if NUL-terminated
 * @error_line: (out) (optional): where the error is, 1-based
 * @error_column: (out) (optional): where the error is, 1-based, in characters
 * @error: return location for a #GError in %SW_ASL_ERROR
 *
 * Reads one YAML document into the tree the JSON reader would build for the same data,
 * with the line and column of every value and key. See the top of sw-yaml.c for how
 * scalars resolve. A stream of several documents is refused, as are keys that are not
 * scalars, values nested deeper than %SW_JSON_MAX_DEPTH, input larger than
 * %SW_JSON_MAX_SIZE, input that is not UTF-8, and aliases that expand past
 * %SW_YAML_MAX_ALIAS_VALUES values.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
SwValue *
sw_yaml_parse (const char  *data,
               gssize       length,
               guint       *error_line,
               guint       *error_column,
               GError     **error)
{
  Parser self = { 0 };
  yaml_parser_t parser;
  gboolean done = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
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

  /* libyaml only skips a byte order mark when it detects the encoding itself. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!check_encoding (&self, data, length))
    goto out;

  self.stack = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (self.stack, frame_clear);
  self.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, anchor_free);

  if (!yaml_parser_initialize (&parser))
    {
      fail (&self, SW_ASL_ERROR_TOO_LARGE, NULL, _("Out of memory while reading YAML"));
      goto out;
    }
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);
  self.data = self.cursor = data;
  self.data_end = data + length;
  yaml_parser_set_encoding (&parser, YAML_UTF8_ENCODING);

  while (!done && self.error == NULL)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (&parser, &event))
        {
          fail_from_libyaml (&self, &parser, data);
          break;
        }

      switch (event.type)
        {
        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;
        case YAML_DOCUMENT_START_EVENT:
          if (++self.documents > 1)
            fail (&self, SW_ASL_ERROR_SYNTAX, &event.start_mark,
                  _("The input holds more than one YAML document; a definition is one "
                    "document"));
          break;
        case YAML_SCALAR_EVENT:
          handle_scalar (&self, &event);
          break;
        case YAML_SEQUENCE_START_EVENT:
          start_container (&self, &event, FALSE);
          break;
        case YAML_MAPPING_START_EVENT:
          start_container (&self, &event, TRUE);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          end_container (&self, &event);
          break;
        case YAML_ALIAS_EVENT:
          handle_alias (&self, &event);
          break;
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_NO_EVENT:
        default:
          break;
        }
      yaml_event_delete (&event);
    }
  yaml_parser_delete (&parser);

  if (self.error == NULL && self.root == NULL)
    fail (&self, SW_ASL_ERROR_EMPTY, NULL, _("The input is empty"));

out:
  if (self.stack != NULL)
    g_array_unref (self.stack);
  if (self.anchors != NULL)
    g_hash_table_unref (self.anchors);

  if (self.error != NULL)
    {
      g_clear_pointer (&self.root, sw_value_unref);
      if (error_line)
        *error_line = self.error_line;
      if (error_column)
        *error_column = self.error_column;
      g_propagate_error (error, self.error);
      return NULL;
    }
  return self.root;
}

/* Writing */

static GRegex *
special_plain_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      /* Everything a YAML 1.1 (PyYAML) or 1.2 core reader resolves to something other than a
       * string: null, booleans (1.1 has yes/no/on/off/y/n), integers and floats in every
       * base and with `_` or base-60 `:`, infinities, NaN, timestamps, and the merge (`<<`)
       * and value (`=`) keys. Erring on the side of quoting costs two characters. */
      GRegex *compiled = g_regex_new (
        "^(?:~|null|Null|NULL"
        "|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
        "|on|On|ON|off|Off|OFF|<<|="
        "|[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)"
        "(?:[eE][-+]?[0-9]+)?"
        "|[-+]?0[bB][01_]+|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO][0-7_]+"
        "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
        "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        "(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
        "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
        ")$",
        G_REGEX_OPTIMIZE, 0, NULL);

      g_assert (compiled != NULL);
      g_once_init_leave (&regex, compiled);
    }
  return regex;
}

/* Characters that must be escaped inside a double-quoted scalar and so forbid plain style:
 * C0 and C1 controls, DEL, the YAML 1.1 line breaks NEL, LS and PS, the byte order mark and
 * the non-characters U+FFFE and U+FFFF. */
static gboolean
needs_escape (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
         c == 0xfeff || c == 0xfffe || c == 0xffff;
}

static gboolean
needs_quotes (const char *text,
              gsize       length)
{
  const char *end = text + length;

  if (length == 0)
    return TRUE;
  if (strchr ("-?:,[]{}#&*!|>'\"%@` \t", text[0]) != NULL)
    return TRUE;
  if (text[length - 1] == ' ' || text[length - 1] == ':')
    return TRUE;
  if (length >= 3 && memcmp (text, "...", 3) == 0)
    return TRUE;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (needs_escape (c))
        return TRUE;
      if (c == ':' && p + 1 < end && p[1] == ' ')
        return TRUE;
      if (c == ' ' && p + 1 < end && p[1] == '#')
        return TRUE;
    }

  return g_regex_match_full (special_plain_regex (), text, length, 0, 0, NULL, NULL);
}

static void
append_quoted (GString    *out,
               const char *text,
               gsize       length)
{
  const char *end = text + length;

  g_string_append_c (out, '"');
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case 0: g_string_append (out, "\\0"); break;
        case 0x07: g_string_append (out, "\\a"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case 0x0b: g_string_append (out, "\\v"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case 0x1b: g_string_append (out, "\\e"); break;
        case 0x85: g_string_append (out, "\\N"); break;
        case 0x2028: g_string_append (out, "\\L"); break;
        case 0x2029: g_string_append (out, "\\P"); break;
        default:
          if (c <= 0xff && needs_escape (c))
            g_string_append_printf (out, "\\x%02X", c);
          else if (needs_escape (c))
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_string (GString    *out,
               const char *text,
               gsize       length)
{
  if (needs_quotes (text, length))
    append_quoted (out, text, length);
  else
    g_string_append_len (out, text, length);
}

/* YAML 1.1 readers (PyYAML) only take a lexeme with an exponent for a float when it has a
 * fraction and a signed exponent; anything else would come back as a string. */
static void
append_number (GString    *out,
               const char *lexeme)
{
  const char *e = strpbrk (lexeme, "eE");

  if (e != NULL && (strchr (lexeme, '.') == NULL || (e[1] != '+' && e[1] != '-')))
    g_string_append (out, "!!float ");
  g_string_append (out, lexeme);
}

static gboolean
is_empty_or_scalar (const SwValue *value)
{
  if (sw_value_is_object (value))
    return sw_value_object_get_size (value) == 0;
  if (sw_value_is_array (value))
    return sw_value_array_get_length (value) == 0;
  return TRUE;
}

static void
append_scalar (GString       *out,
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
      append_number (out, sw_value_get_number_lexeme (value));
      break;
    case SW_VALUE_STRING:
      append_string (out, sw_value_get_string (value), sw_value_get_string_length (value));
      break;
    case SW_VALUE_ARRAY:
      g_string_append (out, "[]");
      break;
    case SW_VALUE_OBJECT:
    default:
      g_string_append (out, "{}");
      break;
    }
}

static void
indent (GString *out,
        guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

static void write_sequence (GString *out, const SwValue *array, guint level, gboolean inline_first);
static void write_mapping (GString *out, const SwValue *object, guint level, gboolean inline_first);

/* What follows a key's `:` or a `- `: a scalar on the same line, or a nested block. */
static void
write_member_value (GString       *out,
                    const SwValue *value,
                    guint          level)
{
  if (is_empty_or_scalar (value))
    {
      g_string_append_c (out, ' ');
      append_scalar (out, value);
      g_string_append_c (out, '\n');
    }
  else
    {
      g_string_append_c (out, '\n');
      if (sw_value_is_object (value))
        write_mapping (out, value, level + 2, FALSE);
      else
        write_sequence (out, value, level + 2, FALSE);
    }
}

static void
write_mapping (GString       *out,
               const SwValue *object,
               guint          level,
               gboolean       inline_first)
{
  guint n = sw_value_object_get_size (object);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *name = sw_value_object_get_key (object, i);

      if (i > 0 || !inline_first)
        indent (out, level);

      g_string_truncate (key, 0);
      append_string (key, name, strlen (name));
      if (g_utf8_strlen (key->str, key->len) > MAX_IMPLICIT_KEY)
        {
          g_string_append (out, "? ");
          g_string_append_len (out, key->str, key->len);
          g_string_append_c (out, '\n');
          indent (out, level);
        }
      else
        g_string_append_len (out, key->str, key->len);
      g_string_append_c (out, ':');
      write_member_value (out, sw_value_object_get_value (object, i), level);
    }
}

static void
write_sequence (GString       *out,
                const SwValue *array,
                guint          level,
                gboolean       inline_first)
{
  guint n = sw_value_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      const SwValue *item = sw_value_array_get (array, i);

      if (i > 0 || !inline_first)
        indent (out, level);
      g_string_append_c (out, '-');
      if (is_empty_or_scalar (item))
        {
          g_string_append_c (out, ' ');
          append_scalar (out, item);
          g_string_append_c (out, '\n');
        }
      else
        {
          g_string_append_c (out, ' ');
          if (sw_value_is_object (item))
            write_mapping (out, item, level + 2, TRUE);
          else
            write_sequence (out, item, level + 2, TRUE);
        }
    }
}

/* Valid UTF-8, where U+0000 is allowed (it is written as \0). */
static gboolean
is_utf8_with_nul (const char *text,
                  gsize       length)
{
  const char *end = text + length;

  while (text < end)
    {
      const char *nul = memchr (text, '\0', end - text);
      const char *stop = nul ? nul : end;

      if (!g_utf8_validate_len (text, stop - text, NULL))
        return FALSE;
      text = nul ? nul + 1 : end;
    }
  return TRUE;
}

static gboolean
check_strings (const SwValue *value)
{
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_STRING:
      return is_utf8_with_nul (sw_value_get_string (value),
                               sw_value_get_string_length (value));
    case SW_VALUE_ARRAY:
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        if (!check_strings (sw_value_array_get (value, i)))
          return FALSE;
      return TRUE;
    case SW_VALUE_OBJECT:
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        if (!g_utf8_validate (sw_value_object_get_key (value, i), -1, NULL) ||
            !check_strings (sw_value_object_get_value (value, i)))
          return FALSE;
      return TRUE;
    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_NUMBER:
    default:
      return TRUE;
    }
}

/**
 * sw_yaml_write:
 * @value: the document
 * @length: (out) (optional): the length of the result in bytes
 * @error: return location for a #GError
 *
 * Writes @value as one YAML document in block style: 2-space indentation, members in their
 * order, `{}` and `[]` for empty containers, strings quoted exactly when a YAML reader could
 * take them for something else, numbers as their lexemes, and a final newline. Reading the
 * result with sw_yaml_parse() gives a tree equal to @value.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set when a string
 *   of @value is not valid UTF-8
 */
char *
sw_yaml_write (const SwValue  *value,
               gsize          *length,
               GError        **error)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_strings (value))
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING,
                   _("The definition holds text that is not valid UTF-8"));
      return NULL;
    }

  out = g_string_sized_new (256);
  if (is_empty_or_scalar (value))
    {
      append_scalar (out, value);
      g_string_append_c (out, '\n');
    }
  else if (sw_value_is_object (value))
    write_mapping (out, value, 0, FALSE);
  else
    write_sequence (out, value, 0, FALSE);

  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}
