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

#include "sw-dtoa.h"
#include "sw-value-private.h"

/* Objects with more members than this get a key index, so that a `States` object of
 * 10,000 states is looked up in constant time. */
#define INDEX_THRESHOLD 12

/* Each value is one allocation where it can be: a string's text, a number's lexeme and the
 * items of an array or object built whole (as the reader does) live right after the struct.
 * Keys are reference-counted strings, shared by copies of an object. */

G_DEFINE_BOXED_TYPE (SwValue, sw_value, sw_value_ref, sw_value_unref)

/* The public predicates may be interposed, so checks inside this file don't call them. */
#define IS_KIND(value, k) ((value) != NULL && (value)->kind == (k))

#define PAGE_BYTES ((gsize) 64 * 1024)
/* The page's count of live values, at its start; values follow, 8-aligned. */
#define PAGE_HEADER ((gsize) 16)
#define PAGE_OF(value) ((char *) ((guintptr) (value) & ~(guintptr) (PAGE_BYTES - 1)))

/* Whether dropping a reference leaves none. A count of one is the caller's own reference,
 * which nobody else can be taking or dropping: no atomic operation is needed to drop it. */
static inline gboolean
release_is_last (gint *count)
{
  return g_atomic_int_get (count) == 1 || g_atomic_int_dec_and_test (count);
}

static inline void
page_release (char *page)
{
  if (release_is_last ((gint *) page))
    g_aligned_free (page);
}

#define BLOCK_FIRST ((gsize) 1024)
#define BLOCK_MAX   ((gsize) G_MAXUINT16 * 8)
#define BLOCK_OF(value) ((char *) (value) - (gsize) (value)->block * 8)
G_STATIC_ASSERT (_SW_VALUE_BLOCK_HINT_MAX == BLOCK_MAX - PAGE_HEADER);

/* Drops the reader's hold on its last page. */
void
_sw_value_arena_finish (SwValueArena *arena)
{
  if (arena->page != NULL)
    {
      /* the values of a block are not shared before it is finished: no atomic operation */
      if (arena->blocks && *(gint *) arena->page > 1)
        (*(gint *) arena->page)--;
      else if (arena->blocks)
        g_free (arena->page);
      else
        page_release (arena->page);
    }
  arena->page = NULL;
  arena->used = 0;
}

static inline SwValue *
block_alloc (SwValueArena *arena,
             gsize         size)
{
  SwValue *self;

  if (arena->page == NULL || arena->used + size > arena->size)
    {
      gsize block_size;

      if (arena->page == NULL && arena->hint != 0 && arena->hint <= BLOCK_MAX - PAGE_HEADER)
        block_size = arena->hint + PAGE_HEADER;   /* exactly what the values take */
      else if (arena->page == NULL)
        block_size = BLOCK_FIRST;
      else
        block_size = MIN (arena->size * 2, BLOCK_MAX);

      if (size > BLOCK_MAX - PAGE_HEADER)
        return NULL;
      while (block_size < size + PAGE_HEADER)
        block_size *= 2;
      block_size = MIN (block_size, BLOCK_MAX);
      _sw_value_arena_finish (arena);
      arena->page = g_malloc (block_size);
      *(gint *) arena->page = 1;   /* the builder's hold */
      arena->used = PAGE_HEADER;
      arena->size = block_size;
    }
  self = (SwValue *) (arena->page + arena->used);
  memset (self, 0, sizeof (SwValue));
  self->flags = SW_VALUE_FLAG_BLOCK;
  self->block = (guint16) (arena->used / 8);
  arena->used += size;
  (*(gint *) arena->page)++;
  return self;
}

/* inlined: its callers make every value of a document */
G_ALWAYS_INLINE static inline SwValue *
value_alloc_in (SwValueArena *arena,
                SwValueKind   kind,
                gsize         extra)
{
  gsize size = _sw_value_block_size (extra);
  SwValue *self = NULL;

  if (arena != NULL && arena->blocks)
    self = block_alloc (arena, size);
  else if (arena != NULL && size <= PAGE_BYTES - PAGE_HEADER)
    {
      if (arena->page == NULL || arena->used + size > PAGE_BYTES)
        {
          _sw_value_arena_finish (arena);
          arena->page = g_aligned_alloc (1, PAGE_BYTES, PAGE_BYTES);
          *(gint *) arena->page = 1;   /* the reader's hold */
          arena->used = PAGE_HEADER;
        }
      self = (SwValue *) (arena->page + arena->used);
      arena->used += size;
      /* The document is not shared while it is read: no atomic operation yet. */
      (*(gint *) arena->page)++;
      memset (self, 0, sizeof (SwValue));
      self->flags = SW_VALUE_FLAG_PAGED;
    }
  if (self == NULL)
    {
      self = g_malloc (sizeof (SwValue) + extra);
      memset (self, 0, sizeof (SwValue));
    }

  self->ref_count = 1;    /* g_atomic_ref_count_init (), not shared yet */
  self->kind = kind;
  return self;
}

static inline SwValue *
value_alloc (SwValueKind kind,
             gsize       extra)
{
  return value_alloc_in (NULL, kind, extra);
}

static SwValue *
value_new (SwValueKind kind)
{
  return value_alloc (kind, 0);
}

SwValue *
_sw_value_new_literal (SwValueArena *arena,
                       SwValueKind   kind,
                       gboolean      value)
{
  SwValue *self = value_alloc_in (arena, kind, 0);

  if (kind == SW_VALUE_BOOLEAN)
    self->boolean = !!value;
  return self;
}

static void object_build_index (SwValue *object);

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

static SwValue *
text_value_new (SwValueArena *arena,
                SwValueKind   kind,
                const char   *text,
                gsize         length)
{
  SwValue *self = value_alloc_in (arena, kind, length + 1);

  self->flags |= SW_VALUE_FLAG_INLINE_TEXT;
  self->string.text = (char *) (self + 1);
  self->string.length = length;
  memcpy (self->string.text, text, length);
  self->string.text[length] = '\0';
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
  g_return_val_if_fail (lexeme != NULL && *lexeme != '\0', NULL);

  return text_value_new (NULL, SW_VALUE_NUMBER, lexeme, strlen (lexeme));
}

SwValue *
_sw_value_new_number_copy (SwValueArena *arena,
                           const char   *lexeme,
                           gsize         length)
{
  return text_value_new (arena, SW_VALUE_NUMBER, lexeme, length);
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
  char buf[SW_DTOA_BUFFER_SIZE];

  if (!isfinite (value))
    return sw_value_new_null ();

  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    return sw_value_new_int ((gint64) value);

  sw_dtoa_format_g (buf, value);
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

  return text_value_new (NULL, SW_VALUE_STRING, text, strlen (text));
}

SwValue *
_sw_value_new_string_copy (SwValueArena *arena,
                           const char   *text,
                           gsize         length)
{
  return text_value_new (arena, SW_VALUE_STRING, text, length);
}

SwValue *
_sw_value_new_string_source (SwValueArena *arena,
                             const char   *text,
                             gsize         length,
                             const char   *source,
                             gsize         source_length)
{
  SwValue *self = value_alloc_in (arena, SW_VALUE_STRING, length + source_length + 2);

  self->flags |= SW_VALUE_FLAG_INLINE_TEXT | SW_VALUE_FLAG_SOURCE;
  self->string.text = (char *) (self + 1);
  self->string.length = length;
  memcpy (self->string.text, text, length);
  self->string.text[length] = '\0';
  memcpy (self->string.text + length + 1, source, source_length);
  self->string.text[length + 1 + source_length] = '\0';
  return self;
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
  return value_new (SW_VALUE_ARRAY);
}

SwValue *
_sw_value_new_array_from (SwValueArena    *arena,
                          SwValue * const *items,
                          guint            n)
{
  SwValue *self = value_alloc_in (arena, SW_VALUE_ARRAY, n * sizeof (SwValue *));

  if (n == 0)
    return self;
  self->flags |= SW_VALUE_FLAG_INLINE_ITEMS;
  self->array.items = (SwValue **) (self + 1);
  self->array.len = self->array.cap = n;
  memcpy (self->array.items, items, n * sizeof (SwValue *));
  return self;
}

SwValue *
_sw_value_new_container (SwValueArena *arena,
                         SwValueKind   kind,
                         guint         n)
{
  gsize item_size = kind == SW_VALUE_ARRAY ? sizeof (SwValue *) : sizeof (SwMember);
  SwValue *self = value_alloc_in (arena, kind, n * item_size);

  if (n == 0)
    return self;
  self->flags |= SW_VALUE_FLAG_INLINE_ITEMS;
  if (kind == SW_VALUE_ARRAY)
    {
      self->array.items = (SwValue **) (self + 1);
      self->array.cap = n;
    }
  else
    {
      self->object.members = (SwMember *) (self + 1);
      self->object.cap = n;
    }
  return self;
}

void
_sw_value_object_filled (SwValue *object)
{
  if (object->object.len > INDEX_THRESHOLD)
    object_build_index (object);
}

SwValue *
sw_value_new_object (void)
{
  return value_new (SW_VALUE_OBJECT);
}

SwValue *
_sw_value_new_object_from (SwValueArena   *arena,
                           const SwMember *members,
                           guint           n)
{
  SwValue *self = value_alloc_in (arena, SW_VALUE_OBJECT, n * sizeof (SwMember));

  if (n == 0)
    return self;
  self->flags |= SW_VALUE_FLAG_INLINE_ITEMS;
  self->object.members = (SwMember *) (self + 1);
  self->object.len = self->object.cap = n;
  memcpy (self->object.members, members, n * sizeof (SwMember));
  if (n > INDEX_THRESHOLD)
    object_build_index (self);
  return self;
}

SwValue *
sw_value_ref (SwValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  g_atomic_ref_count_inc (&value->ref_count);
  return value;
}

/* The values freed in one page or block, counted off it at once: freeing a tree of values
 * from one block then takes one atomic operation rather than one per value. */
typedef struct
{
  char    *page;
  gboolean aligned;   /* a page (SW_VALUE_FLAG_PAGED), not a block */
  gint     count;
} Release;

static void
release_flush (Release *r)
{
  gint *live = (gint *) r->page;

  if (r->page == NULL)
    return;
  if (g_atomic_int_get (live) == r->count || g_atomic_int_add (live, -r->count) == r->count)
    {
      if (r->aligned)
        g_aligned_free (r->page);
      else
        g_free (r->page);
    }
  r->page = NULL;
  r->count = 0;
}

static void value_free (SwValue *value,
                        Release *r);

static inline void
child_unref (SwValue *value,
             Release *r)
{
  if (!release_is_last (&value->ref_count))
    return;
  /* a scalar holding nothing else, in the block at hand: only counted */
  if ((value->flags & SW_VALUE_FLAG_BLOCK) && BLOCK_OF (value) == r->page &&
      (value->kind <= SW_VALUE_BOOLEAN || (value->flags & SW_VALUE_FLAG_INLINE_TEXT)) &&
      value->kind <= SW_VALUE_STRING)
    r->count++;
  else
    value_free (value, r);
}

static void
value_free (SwValue *value,
            Release *r)
{
  switch (value->kind)
    {
    case SW_VALUE_NUMBER:
    case SW_VALUE_STRING:
      if (!(value->flags & SW_VALUE_FLAG_INLINE_TEXT))
        g_free (value->string.text);
      break;
    case SW_VALUE_ARRAY:
      for (guint i = 0; i < value->array.len; i++)
        child_unref (value->array.items[i], r);
      if (!(value->flags & SW_VALUE_FLAG_INLINE_ITEMS))
        g_free (value->array.items);
      break;
    case SW_VALUE_OBJECT:
      /* The index first: freeing its large arrays makes malloc tidy up the small blocks
       * freed before, which are few at this point. */
      g_clear_pointer (&value->object.index, g_hash_table_unref);
      for (guint i = 0; i < value->object.len; i++)
        {
          if (!(value->flags & SW_VALUE_FLAG_PERMANENT_KEYS))
            g_ref_string_release (value->object.members[i].key);
          child_unref (value->object.members[i].value, r);
        }
      if (!(value->flags & SW_VALUE_FLAG_INLINE_ITEMS))
        g_free (value->object.members);
      break;
    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    default:
      break;
    }
  if (value->flags & (SW_VALUE_FLAG_PAGED | SW_VALUE_FLAG_BLOCK))
    {
      gboolean aligned = (value->flags & SW_VALUE_FLAG_PAGED) != 0;
      char *page = aligned ? PAGE_OF (value) : BLOCK_OF (value);

      if (page != r->page)
        {
          release_flush (r);
          r->page = page;
          r->aligned = aligned;
        }
      r->count++;
    }
  else
    g_free (value);
}

void
sw_value_unref (SwValue *value)
{
  Release r = { NULL, FALSE, 0 };

  if (value == NULL || !release_is_last (&value->ref_count))
    return;
  value_free (value, &r);
  release_flush (&r);
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
    case SW_VALUE_STRING:
      if (value->flags & SW_VALUE_FLAG_SOURCE)
        {
          const char *source = _sw_value_source (value);

          copy = _sw_value_new_string_source (NULL, value->string.text, value->string.length,
                                              source, strlen (source));
        }
      else
        copy = text_value_new (NULL, value->kind, value->string.text, value->string.length);
      break;
    case SW_VALUE_ARRAY:
      {
        guint n = value->array.len;
        g_autofree SwValue **items = g_new (SwValue *, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          items[i] = sw_value_copy (value->array.items[i]);
        copy = _sw_value_new_array_from (NULL, items, n);
      }
      break;
    case SW_VALUE_OBJECT:
    default:
      {
        guint n = value->object.len;
        g_autofree SwMember *members = g_new (SwMember, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          {
            const SwMember *m = &value->object.members[i];

            members[i].key = g_ref_string_acquire (m->key);
            members[i].value = sw_value_copy (m->value);
            members[i].line = m->line;
            members[i].column = m->column;
          }
        copy = _sw_value_new_object_from (NULL, members, n);
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
  g_return_val_if_fail (IS_KIND (value, SW_VALUE_BOOLEAN), FALSE);

  return value->boolean;
}

const char *
sw_value_get_number_lexeme (const SwValue *value)
{
  g_return_val_if_fail (IS_KIND (value, SW_VALUE_NUMBER), NULL);

  return value->string.text;
}

double
sw_value_get_double (const SwValue *value)
{
  g_return_val_if_fail (IS_KIND (value, SW_VALUE_NUMBER), 0.0);

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

  if (!IS_KIND (value, SW_VALUE_NUMBER))
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
  g_return_val_if_fail (IS_KIND (value, SW_VALUE_STRING), NULL);

  return value->string.text;
}

gsize
sw_value_get_string_length (const SwValue *value)
{
  g_return_val_if_fail (IS_KIND (value, SW_VALUE_STRING), 0);

  return value->string.length;
}

guint
sw_value_array_get_length (const SwValue *array)
{
  g_return_val_if_fail (IS_KIND (array, SW_VALUE_ARRAY), 0);

  return array->array.len;
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
  g_return_val_if_fail (IS_KIND (array, SW_VALUE_ARRAY), NULL);
  g_return_val_if_fail (index < array->array.len, NULL);

  return array->array.items[index];
}

/* Makes room for one more item or member, leaving inline storage when it is full. */
static void
grow (SwValue *self,
      gsize    item_size)
{
  guint *len = self->kind == SW_VALUE_ARRAY ? &self->array.len : &self->object.len;
  guint *cap = self->kind == SW_VALUE_ARRAY ? &self->array.cap : &self->object.cap;
  gpointer *storage = self->kind == SW_VALUE_ARRAY ? (gpointer *) &self->array.items
                                                   : (gpointer *) &self->object.members;
  guint new_cap;

  if (*len < *cap)
    return;

  new_cap = MAX (4, *cap * 2);
  if (self->flags & SW_VALUE_FLAG_INLINE_ITEMS)
    {
      gpointer heap = g_malloc (new_cap * item_size);

      memcpy (heap, *storage, *len * item_size);
      *storage = heap;
      self->flags &= ~SW_VALUE_FLAG_INLINE_ITEMS;
    }
  else
    *storage = g_realloc (*storage, new_cap * item_size);
  *cap = new_cap;
}

/**
 * sw_value_array_append:
 * @item: (transfer full): the item
 */
void
sw_value_array_append (SwValue *array,
                       SwValue *item)
{
  g_return_if_fail (IS_KIND (array, SW_VALUE_ARRAY));
  g_return_if_fail (item != NULL);

  grow (array, sizeof (SwValue *));
  array->array.items[array->array.len++] = item;
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
  g_return_if_fail (IS_KIND (array, SW_VALUE_ARRAY));
  g_return_if_fail (item != NULL);
  g_return_if_fail (index <= array->array.len);

  grow (array, sizeof (SwValue *));
  memmove (&array->array.items[index + 1], &array->array.items[index],
           (array->array.len - index) * sizeof (SwValue *));
  array->array.items[index] = item;
  array->array.len++;
}

void
sw_value_array_remove (SwValue *array,
                       guint    index)
{
  SwValue *item;

  g_return_if_fail (IS_KIND (array, SW_VALUE_ARRAY));
  g_return_if_fail (index < array->array.len);

  item = array->array.items[index];
  memmove (&array->array.items[index], &array->array.items[index + 1],
           (array->array.len - index - 1) * sizeof (SwValue *));
  array->array.len--;
  sw_value_unref (item);
}

guint
sw_value_object_get_size (const SwValue *object)
{
  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), 0);

  return object->object.len;
}

static inline const SwMember *
member_at (const SwValue *object,
           guint          index)
{
  return &object->object.members[index];
}

const char *
sw_value_object_get_key (const SwValue *object,
                         guint          index)
{
  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), NULL);
  g_return_val_if_fail (index < object->object.len, NULL);

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
  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), NULL);
  g_return_val_if_fail (index < object->object.len, NULL);

  return member_at (object, index)->value;
}

guint
sw_value_object_get_key_line (const SwValue *object,
                              guint          index)
{
  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), 0);
  g_return_val_if_fail (index < object->object.len, 0);

  return member_at (object, index)->line;
}

guint
sw_value_object_get_key_column (const SwValue *object,
                                guint          index)
{
  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), 0);
  g_return_val_if_fail (index < object->object.len, 0);

  return member_at (object, index)->column;
}

/* The index maps a key to its first member's position + 1. It is kept up to date by every
 * mutation, never built by a lookup, so that readers in several threads (Parallel branches
 * sharing an input) need no lock. */
static void
object_build_index (SwValue *object)
{
  guint n = object->object.len;

  g_clear_pointer (&object->object.index, g_hash_table_unref);
  if (n <= INDEX_THRESHOLD)
    return;

  object->object.index = g_hash_table_new (g_str_hash, g_str_equal);
  /* Backwards, so the first member of a repeated key is the one that stays. */
  for (guint i = n; i > 0; i--)
    g_hash_table_insert (object->object.index, object->object.members[i - 1].key,
                         GUINT_TO_POINTER (i));
}

static gboolean
object_find (const SwValue *object,
             const char    *key,
             guint         *index)
{
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

  for (guint i = 0; i < object->object.len; i++)
    {
      const char *candidate = object->object.members[i].key;

      if (candidate[0] == key[0] && strcmp (candidate, key) == 0)
        {
          if (index)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
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
  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return object_find (object, key, index);
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

  if (!IS_KIND (object, SW_VALUE_OBJECT) || key == NULL)
    return NULL;
  if (!object_find (object, key, &index))
    return NULL;
  return member_at (object, index)->value;
}

gboolean
sw_value_object_has (const SwValue *object,
                     const char    *key)
{
  if (!IS_KIND (object, SW_VALUE_OBJECT))
    return FALSE;
  g_return_val_if_fail (key != NULL, FALSE);

  return object_find (object, key, NULL);
}

/* Before a change installs a key the object must release one day: takes a reference to each
 * permanent key, so that every key is then released alike. */
static void
own_keys (SwValue *object)
{
  if (!(object->flags & SW_VALUE_FLAG_PERMANENT_KEYS))
    return;
  for (guint i = 0; i < object->object.len; i++)
    g_ref_string_acquire (object->object.members[i].key);
  object->flags &= ~SW_VALUE_FLAG_PERMANENT_KEYS;
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
  SwMember member = { NULL, value, 0, 0 };

  g_return_if_fail (IS_KIND (object, SW_VALUE_OBJECT));
  g_return_if_fail (key != NULL && value != NULL);
  g_return_if_fail (index <= object->object.len);

  own_keys (object);
  member.key = g_ref_string_new (key);
  grow (object, sizeof (SwMember));
  memmove (&object->object.members[index + 1], &object->object.members[index],
           (object->object.len - index) * sizeof (SwMember));
  object->object.members[index] = member;
  object->object.len++;
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
  SwMember member = { NULL, value, key_line, key_column };

  g_return_if_fail (IS_KIND (object, SW_VALUE_OBJECT));
  g_return_if_fail (key != NULL && value != NULL);

  own_keys (object);
  member.key = g_ref_string_new (key);
  grow (object, sizeof (SwMember));
  object->object.members[object->object.len++] = member;
  if (object->object.index == NULL)
    {
      if (object->object.len > INDEX_THRESHOLD)
        object_build_index (object);
    }
  else if (!g_hash_table_contains (object->object.index, member.key))
    g_hash_table_insert (object->object.index, member.key,
                         GUINT_TO_POINTER (object->object.len));
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

  g_return_if_fail (IS_KIND (object, SW_VALUE_OBJECT));
  g_return_if_fail (key != NULL && value != NULL);

  if (sw_value_object_find (object, key, &index))
    {
      SwMember *m = &object->object.members[index];

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
  SwMember member;

  g_return_if_fail (IS_KIND (object, SW_VALUE_OBJECT));
  g_return_if_fail (index < object->object.len);

  member = object->object.members[index];
  memmove (&object->object.members[index], &object->object.members[index + 1],
           (object->object.len - index - 1) * sizeof (SwMember));
  object->object.len--;
  object_build_index (object);
  if (!(object->flags & SW_VALUE_FLAG_PERMANENT_KEYS))
    g_ref_string_release (member.key);
  sw_value_unref (member.value);
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

  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), FALSE);

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
  SwMember *m;
  char *old;

  g_return_val_if_fail (IS_KIND (object, SW_VALUE_OBJECT), FALSE);
  g_return_val_if_fail (new_key != NULL, FALSE);

  if (!sw_value_object_find (object, old_key, &index))
    return FALSE;
  own_keys (object);
  m = &object->object.members[index];
  old = m->key;
  m->key = g_ref_string_new (new_key);
  object_build_index (object);
  g_ref_string_release (old);
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
      if (a->array.len != b->array.len)
        return FALSE;
      for (guint i = 0; i < a->array.len; i++)
        if (!sw_value_equal (a->array.items[i], b->array.items[i]))
          return FALSE;
      return TRUE;
    case SW_VALUE_OBJECT:
    default:
      if (a->object.len != b->object.len)
        return FALSE;
      for (guint i = 0; i < a->object.len; i++)
        {
          const SwMember *m = member_at (a, i);
          SwValue *other;

          /* Duplicates pair up in order: the n-th "k" of a with the n-th "k" of b. */
          if (i < b->object.len && strcmp (member_at (b, i)->key, m->key) == 0)
            other = member_at (b, i)->value;
          else
            other = sw_value_object_get (b, m->key);
          if (other == NULL || !sw_value_equal (m->value, other))
            return FALSE;
        }
      return TRUE;
    }
}
