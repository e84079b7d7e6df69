/* sw-value.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sw-value-private.h"

/* Objects with more members than this get a key index, so that a `States` object of
 * 10,000 states is looked up in constant time. */
#define INDEX_THRESHOLD 12

typedef struct
{
  char *key;
  SwValue *value;
  guint line;
  guint column;
} Member;

struct _SwValue
{
  gatomicrefcount ref_count;
  SwValueKind kind;
  guint line;
  guint column;
  union
  {
    gboolean boolean;
    struct
    {
      char *text;
      gsize length;
    } string;
    GPtrArray *array;
    struct
    {
      GArray *members;
      GHashTable *index;
    } object;
  };
};

G_DEFINE_BOXED_TYPE (SwValue, sw_value, sw_value_ref, sw_value_unref)

static SwValue *
value_new (SwValueKind kind)
{
  SwValue *self = g_new0 (SwValue, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  return self;
}

static void
member_clear (gpointer data)
{
  Member *member = data;

  g_free (member->key);
  sw_value_unref (member->value);
}

SwValue *
sw_value_new_null (void)
{
  return value_new (SW_VALUE_NULL);
}

SwValue *
sw_value_new_boolean (gboolean value)
{
  SwValue *self = value_new (SW_VALUE_BOOLEAN);

  self->boolean = !!value;
  return self;
}

/**
 * sw_value_new_number:
 * @lexeme: a JSON number as written (`1.0`, `1e3`, `-0`)
 *
 * The lexeme is kept verbatim; the caller guarantees it is valid JSON number syntax.
 *
 * Returns: (transfer full): a new number
 */
SwValue *
sw_value_new_number (const char *lexeme)
{
  SwValue *self;

  g_return_val_if_fail (lexeme != NULL && *lexeme != '\0', NULL);

  self = value_new (SW_VALUE_NUMBER);
  self->string.length = strlen (lexeme);
  self->string.text = g_strndup (lexeme, self->string.length);
  return self;
}

SwValue *
sw_value_new_int (gint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return sw_value_new_number (buf);
}

/* The shortest lexeme that reads back as the same double, as JavaScript prints numbers;
 * integers print without a fraction. Non-finite values have no JSON form and become null. */
SwValue *
sw_value_new_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return sw_value_new_null ();

  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    return sw_value_new_int ((gint64) value);

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  /* C writes 1e-07 where JSON writers write 1e-7. */
  {
    char *e = strchr (buf, 'e');

    if (e != NULL && (e[1] == '-' || e[1] == '+') && e[2] == '0' && e[3] != '\0')
      memmove (e + 2, e + 3, strlen (e + 3) + 1);
  }
  return sw_value_new_number (buf);
}

/**
 * sw_value_new_string:
 * @text: UTF-8 text
 *
 * Returns: (transfer full): a new string value
 */
SwValue *
sw_value_new_string (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return sw_value_new_string_take (g_strdup (text));
}

/**
 * sw_value_new_string_take:
 * @text: (transfer full): UTF-8 text
 *
 * Returns: (transfer full): a new string value owning @text
 */
SwValue *
sw_value_new_string_take (char *text)
{
  SwValue *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = value_new (SW_VALUE_STRING);
  self->string.text = text;
  self->string.length = strlen (text);
  return self;
}

SwValue *
_sw_value_new_string_len (char *text,
                          gsize length)
{
  SwValue *self = value_new (SW_VALUE_STRING);

  self->string.text = text;
  self->string.length = length;
  return self;
}

SwValue *
sw_value_new_array (void)
{
  SwValue *self = value_new (SW_VALUE_ARRAY);

  self->array = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_value_unref);
  return self;
}

SwValue *
sw_value_new_object (void)
{
  SwValue *self = value_new (SW_VALUE_OBJECT);

  self->object.members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_array_set_clear_func (self->object.members, member_clear);
  return self;
}

SwValue *
sw_value_ref (SwValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  g_atomic_ref_count_inc (&value->ref_count);
  return value;
}

void
sw_value_unref (SwValue *value)
{
  if (value == NULL || !g_atomic_ref_count_dec (&value->ref_count))
    return;

  switch (value->kind)
    {
    case SW_VALUE_NUMBER:
    case SW_VALUE_STRING:
      g_free (value->string.text);
      break;
    case SW_VALUE_ARRAY:
      g_ptr_array_unref (value->array);
      break;
    case SW_VALUE_OBJECT:
      g_array_unref (value->object.members);
      g_clear_pointer (&value->object.index, g_hash_table_unref);
      break;
    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    default:
      break;
    }
  g_free (value);
}

/**
 * sw_value_copy:
 *
 * Copies the value deeply, positions included.
 *
 * Returns: (transfer full): the copy
 */
SwValue *
sw_value_copy (const SwValue *value)
{
  SwValue *copy;

  g_return_val_if_fail (value != NULL, NULL);

  switch (value->kind)
    {
    case SW_VALUE_NULL:
      copy = sw_value_new_null ();
      break;
    case SW_VALUE_BOOLEAN:
      copy = sw_value_new_boolean (value->boolean);
      break;
    case SW_VALUE_NUMBER:
      copy = sw_value_new_number (value->string.text);
      break;
    case SW_VALUE_STRING:
      copy = _sw_value_new_string_len (g_memdup2 (value->string.text, value->string.length + 1),
                                       value->string.length);
      break;
    case SW_VALUE_ARRAY:
      copy = sw_value_new_array ();
      for (guint i = 0; i < value->array->len; i++)
        g_ptr_array_add (copy->array, sw_value_copy (g_ptr_array_index (value->array, i)));
      break;
    case SW_VALUE_OBJECT:
    default:
      copy = sw_value_new_object ();
      for (guint i = 0; i < value->object.members->len; i++)
        {
          const Member *m = &g_array_index (value->object.members, Member, i);
          sw_value_object_append (copy, m->key, m->line, m->column, sw_value_copy (m->value));
        }
      break;
    }
  copy->line = value->line;
  copy->column = value->column;
  return copy;
}

SwValueKind
sw_value_get_kind (const SwValue *value)
{
  g_return_val_if_fail (value != NULL, SW_VALUE_NULL);

  return value->kind;
}

const char *
sw_value_kind_to_string (SwValueKind kind)
{
  static const char * const names[] = { "null", "boolean", "number", "string", "array", "object" };

  g_return_val_if_fail (kind <= SW_VALUE_OBJECT, "null");

  return names[kind];
}

guint
sw_value_get_line (const SwValue *value)
{
  g_return_val_if_fail (value != NULL, 0);

  return value->line;
}

guint
sw_value_get_column (const SwValue *value)
{
  g_return_val_if_fail (value != NULL, 0);

  return value->column;
}

void
sw_value_set_position (SwValue *value,
                       guint    line,
                       guint    column)
{
  g_return_if_fail (value != NULL);

  value->line = line;
  value->column = column;
}

gboolean
sw_value_is_null (const SwValue *value)
{
  return value != NULL && value->kind == SW_VALUE_NULL;
}

gboolean
sw_value_is_boolean (const SwValue *value)
{
  return value != NULL && value->kind == SW_VALUE_BOOLEAN;
}

gboolean
sw_value_is_number (const SwValue *value)
{
  return value != NULL && value->kind == SW_VALUE_NUMBER;
}

gboolean
sw_value_is_string (const SwValue *value)
{
  return value != NULL && value->kind == SW_VALUE_STRING;
}

gboolean
sw_value_is_array (const SwValue *value)
{
  return value != NULL && value->kind == SW_VALUE_ARRAY;
}

gboolean
sw_value_is_object (const SwValue *value)
{
  return value != NULL && value->kind == SW_VALUE_OBJECT;
}

gboolean
sw_value_get_boolean (const SwValue *value)
{
  g_return_val_if_fail (sw_value_is_boolean (value), FALSE);

  return value->boolean;
}

const char *
sw_value_get_number_lexeme (const SwValue *value)
{
  g_return_val_if_fail (sw_value_is_number (value), NULL);

  return value->string.text;
}

double
sw_value_get_double (const SwValue *value)
{
  g_return_val_if_fail (sw_value_is_number (value), 0.0);

  return g_ascii_strtod (value->string.text, NULL);
}

/**
 * sw_value_is_integer:
 *
 * Returns: %TRUE if the value is a number with an integral value (`3`, `3.0`, `3e2`)
 */
gboolean
sw_value_is_integer (const SwValue *value)
{
  double d;

  if (!sw_value_is_number (value))
    return FALSE;
  d = g_ascii_strtod (value->string.text, NULL);
  return isfinite (d) && d == floor (d);
}

/**
 * sw_value_get_int64:
 * @out: (out): the integer
 *
 * Returns: %TRUE if the value is an integral number that fits a #gint64
 */
gboolean
sw_value_get_int64 (const SwValue *value,
                    gint64        *out)
{
  double d;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!sw_value_is_integer (value))
    return FALSE;

  if (strpbrk (value->string.text, ".eE") == NULL)
    {
      char *end = NULL;
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (value->string.text, &end, 10);
      if (errno != 0 || *end != '\0')
        return FALSE;
      *out = v;
      return TRUE;
    }

  d = g_ascii_strtod (value->string.text, NULL);
  if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
    return FALSE;
  *out = (gint64) d;
  return TRUE;
}

const char *
sw_value_get_string (const SwValue *value)
{
  g_return_val_if_fail (sw_value_is_string (value), NULL);

  return value->string.text;
}

gsize
sw_value_get_string_length (const SwValue *value)
{
  g_return_val_if_fail (sw_value_is_string (value), 0);

  return value->string.length;
}

guint
sw_value_array_get_length (const SwValue *array)
{
  g_return_val_if_fail (sw_value_is_array (array), 0);

  return array->array->len;
}

/**
 * sw_value_array_get:
 *
 * Returns: (transfer none): the item at @index
 */
SwValue *
sw_value_array_get (const SwValue *array,
                    guint          index)
{
  g_return_val_if_fail (sw_value_is_array (array), NULL);
  g_return_val_if_fail (index < array->array->len, NULL);

  return g_ptr_array_index (array->array, index);
}

/**
 * sw_value_array_append:
 * @item: (transfer full): the item
 */
void
sw_value_array_append (SwValue *array,
                       SwValue *item)
{
  g_return_if_fail (sw_value_is_array (array));
  g_return_if_fail (item != NULL);

  g_ptr_array_add (array->array, item);
}

/**
 * sw_value_array_insert:
 * @item: (transfer full): the item
 */
void
sw_value_array_insert (SwValue *array,
                       guint    index,
                       SwValue *item)
{
  g_return_if_fail (sw_value_is_array (array));
  g_return_if_fail (item != NULL);
  g_return_if_fail (index <= array->array->len);

  g_ptr_array_insert (array->array, index, item);
}

void
sw_value_array_remove (SwValue *array,
                       guint    index)
{
  g_return_if_fail (sw_value_is_array (array));
  g_return_if_fail (index < array->array->len);

  g_ptr_array_remove_index (array->array, index);
}

guint
sw_value_object_get_size (const SwValue *object)
{
  g_return_val_if_fail (sw_value_is_object (object), 0);

  return object->object.members->len;
}

static inline const Member *
member_at (const SwValue *object,
           guint          index)
{
  return &g_array_index (object->object.members, Member, index);
}

const char *
sw_value_object_get_key (const SwValue *object,
                         guint          index)
{
  g_return_val_if_fail (sw_value_is_object (object), NULL);
  g_return_val_if_fail (index < object->object.members->len, NULL);

  return member_at (object, index)->key;
}

/**
 * sw_value_object_get_value:
 *
 * Returns: (transfer none): the value of the member at @index
 */
SwValue *
sw_value_object_get_value (const SwValue *object,
                           guint          index)
{
  g_return_val_if_fail (sw_value_is_object (object), NULL);
  g_return_val_if_fail (index < object->object.members->len, NULL);

  return member_at (object, index)->value;
}

guint
sw_value_object_get_key_line (const SwValue *object,
                              guint          index)
{
  g_return_val_if_fail (sw_value_is_object (object), 0);
  g_return_val_if_fail (index < object->object.members->len, 0);

  return member_at (object, index)->line;
}

guint
sw_value_object_get_key_column (const SwValue *object,
                                guint          index)
{
  g_return_val_if_fail (sw_value_is_object (object), 0);
  g_return_val_if_fail (index < object->object.members->len, 0);

  return member_at (object, index)->column;
}

/* The index maps a key to its first member's position + 1. It is kept up to date by every
 * mutation, never built by a lookup, so that readers in several threads (Parallel branches
 * sharing an input) need no lock. */
static void
object_build_index (SwValue *object)
{
  GArray *members = object->object.members;

  g_clear_pointer (&object->object.index, g_hash_table_unref);
  if (members->len <= INDEX_THRESHOLD)
    return;

  object->object.index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < members->len; i++)
    {
      const Member *m = &g_array_index (members, Member, i);

      if (!g_hash_table_contains (object->object.index, m->key))
        g_hash_table_insert (object->object.index, m->key, GUINT_TO_POINTER (i + 1));
    }
}

/**
 * sw_value_object_find:
 * @index: (out) (optional): position of the first member named @key
 *
 * Returns: %TRUE if the object has a member named @key
 */
gboolean
sw_value_object_find (const SwValue *object,
                      const char    *key,
                      guint         *index)
{
  GArray *members;

  g_return_val_if_fail (sw_value_is_object (object), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  members = object->object.members;
  if (object->object.index != NULL)
    {
      gpointer found;

      found = g_hash_table_lookup (object->object.index, key);
      if (found == NULL)
        return FALSE;
      if (index)
        *index = GPOINTER_TO_UINT (found) - 1;
      return TRUE;
    }

  for (guint i = 0; i < members->len; i++)
    {
      if (strcmp (g_array_index (members, Member, i).key, key) == 0)
        {
          if (index)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * sw_value_object_get:
 *
 * Returns: (transfer none) (nullable): the value of the first member named @key
 */
SwValue *
sw_value_object_get (const SwValue *object,
                     const char    *key)
{
  guint index;

  if (!sw_value_is_object (object) || key == NULL)
    return NULL;
  if (!sw_value_object_find (object, key, &index))
    return NULL;
  return member_at (object, index)->value;
}

gboolean
sw_value_object_has (const SwValue *object,
                     const char    *key)
{
  return sw_value_is_object (object) && sw_value_object_find (object, key, NULL);
}

/**
 * sw_value_object_insert:
 * @value: (transfer full): the member's value
 *
 * Inserts a member at @index, even if one with the same key exists.
 */
void
sw_value_object_insert (SwValue    *object,
                        guint       index,
                        const char *key,
                        SwValue    *value)
{
  Member member = { g_strdup (key), value, 0, 0 };

  g_return_if_fail (sw_value_is_object (object));
  g_return_if_fail (key != NULL && value != NULL);
  g_return_if_fail (index <= object->object.members->len);

  g_array_insert_val (object->object.members, index, member);
  object_build_index (object);
}

/**
 * sw_value_object_append:
 * @value: (transfer full): the member's value
 *
 * Appends a member, even if one with the same key exists (the reader keeps duplicates so
 * that the validator can report them).
 */
void
sw_value_object_append (SwValue    *object,
                        const char *key,
                        guint       key_line,
                        guint       key_column,
                        SwValue    *value)
{
  Member member = { g_strdup (key), value, key_line, key_column };

  g_return_if_fail (sw_value_is_object (object));
  g_return_if_fail (key != NULL && value != NULL);

  g_array_append_val (object->object.members, member);
  if (object->object.index == NULL)
    {
      if (object->object.members->len > INDEX_THRESHOLD)
        object_build_index (object);
    }
  else if (!g_hash_table_contains (object->object.index, member.key))
    g_hash_table_insert (object->object.index, member.key,
                         GUINT_TO_POINTER (object->object.members->len));
}

/**
 * sw_value_object_set:
 * @value: (transfer full): the member's value
 *
 * Replaces the value of the first member named @key in place, or appends a member.
 */
void
sw_value_object_set (SwValue    *object,
                     const char *key,
                     SwValue    *value)
{
  guint index;

  g_return_if_fail (sw_value_is_object (object));
  g_return_if_fail (key != NULL && value != NULL);

  if (sw_value_object_find (object, key, &index))
    {
      Member *m = &g_array_index (object->object.members, Member, index);

      sw_value_unref (m->value);
      m->value = value;
      return;
    }
  sw_value_object_append (object, key, 0, 0, value);
}

void
sw_value_object_remove_index (SwValue *object,
                              guint    index)
{
  g_return_if_fail (sw_value_is_object (object));
  g_return_if_fail (index < object->object.members->len);

  g_array_remove_index (object->object.members, index);
  object_build_index (object);
}

/**
 * sw_value_object_remove:
 *
 * Removes the first member named @key.
 *
 * Returns: %TRUE if there was one
 */
gboolean
sw_value_object_remove (SwValue    *object,
                        const char *key)
{
  guint index;

  g_return_val_if_fail (sw_value_is_object (object), FALSE);

  if (!sw_value_object_find (object, key, &index))
    return FALSE;
  sw_value_object_remove_index (object, index);
  return TRUE;
}

/**
 * sw_value_object_rename:
 *
 * Renames the first member named @old_key, keeping its place.
 *
 * Returns: %TRUE if there was one
 */
gboolean
sw_value_object_rename (SwValue    *object,
                        const char *old_key,
                        const char *new_key)
{
  guint index;
  Member *m;

  g_return_val_if_fail (sw_value_is_object (object), FALSE);
  g_return_val_if_fail (new_key != NULL, FALSE);

  if (!sw_value_object_find (object, old_key, &index))
    return FALSE;
  m = &g_array_index (object->object.members, Member, index);
  g_free (m->key);
  m->key = g_strdup (new_key);
  object_build_index (object);
  return TRUE;
}

/**
 * sw_value_equal:
 *
 * JSON equality as the author wrote it: numbers compare by lexeme, strings by their exact
 * text, arrays item by item, objects by their members whatever their order.
 *
 * Returns: %TRUE if @a and @b are equal
 */
gboolean
sw_value_equal (const SwValue *a,
                const SwValue *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case SW_VALUE_NULL:
      return TRUE;
    case SW_VALUE_BOOLEAN:
      return a->boolean == b->boolean;
    case SW_VALUE_NUMBER:
    case SW_VALUE_STRING:
      return a->string.length == b->string.length &&
             memcmp (a->string.text, b->string.text, a->string.length) == 0;
    case SW_VALUE_ARRAY:
      if (a->array->len != b->array->len)
        return FALSE;
      for (guint i = 0; i < a->array->len; i++)
        if (!sw_value_equal (g_ptr_array_index (a->array, i), g_ptr_array_index (b->array, i)))
          return FALSE;
      return TRUE;
    case SW_VALUE_OBJECT:
    default:
      if (a->object.members->len != b->object.members->len)
        return FALSE;
      for (guint i = 0; i < a->object.members->len; i++)
        {
          const Member *m = member_at (a, i);
          SwValue *other;

          /* Duplicates pair up in order: the n-th "k" of a with the n-th "k" of b. */
          if (i < b->object.members->len && strcmp (member_at (b, i)->key, m->key) == 0)
            other = member_at (b, i)->value;
          else
            other = sw_value_object_get (b, m->key);
          if (other == NULL || !sw_value_equal (m->value, other))
            return FALSE;
        }
      return TRUE;
    }
}
