/* sw-value-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-value.h"

G_BEGIN_DECLS

/* The layout is shared with the reader and writer (sw-json.c), which build and walk whole
 * documents and so are worth sparing a function call per node. Everything else uses the
 * public API. */

typedef struct
{
  char *key;          /* a GRefString, so copies and readers can share it */
  SwValue *value;
  guint line;
  guint column;
} SwMember;

enum
{
  SW_VALUE_FLAG_INLINE_TEXT  = 1 << 0,  /* string.text is stored after the struct */
  SW_VALUE_FLAG_INLINE_ITEMS = 1 << 1,  /* items or members are stored after the struct */
  SW_VALUE_FLAG_PAGED        = 1 << 2,  /* allocated in a page of an SwValueArena */
  SW_VALUE_FLAG_SOURCE       = 1 << 3,  /* a string's text as written follows its text */
  /* an object whose keys are all GRefStrings that live as long as the program: it holds no
   * reference to them, so freeing it releases none (set by its builder, cleared by the
   * first change that installs another key) */
  SW_VALUE_FLAG_PERMANENT_KEYS = 1 << 4,
  SW_VALUE_FLAG_BLOCK        = 1 << 5,  /* allocated in a block of an SwValueArena */
};

/* Where the reader allocates the values of a large document: pages of 64 KiB, each freed
 * when the last value in it is. A document of a million values is then a few hundred
 * allocations rather than a million, and freeing it gives malloc nothing to sort out. A
 * zeroed arena is ready; NULL instead of an arena allocates each value with malloc. */
typedef struct
{
  char *page;
  gsize used;
  /* Blocks rather than pages, for small documents: unaligned, from 1 KiB, each twice the
   * one before, so that a small result is one or two allocations; set before the first. */
  gboolean blocks;
  gsize size;         /* the current block's */
  /* With blocks: what the values to be built take (the sum of _sw_value_block_size () of
   * each), when the builder knows it; the first block is then made that size, exactly
   * filled, rather than 1 KiB. 0 or more than _SW_VALUE_BLOCK_HINT_MAX: not known. */
  gsize hint;
} SwValueArena;

/* The largest hint one block can hold */
#define _SW_VALUE_BLOCK_HINT_MAX ((gsize) G_MAXUINT16 * 8 - 16)

void     _sw_value_arena_finish    (SwValueArena     *arena);

struct _SwValue
{
  gatomicrefcount ref_count;
  guint8 kind;
  guint8 flags;
  guint16 block;      /* SW_VALUE_FLAG_BLOCK: offset from its block's start, in 8 bytes */
  guint line;
  guint column;
  union
  {
    gboolean boolean;
    struct
    {
      char *text;     /* strings and number lexemes, NUL-terminated */
      gsize length;
    } string;
    struct
    {
      SwValue **items;
      guint len;
      guint cap;
    } array;
    struct
    {
      SwMember *members;
      guint len;
      guint cap;
      GHashTable *index;  /* key -> index + 1 of its first member, for large objects */
    } object;
  };
};

/* The bytes a value with @extra bytes stored after it (inline text, items or members) takes
 * in a block or page */
static inline gsize
_sw_value_block_size (gsize extra)
{
  return (sizeof (SwValue) + extra + 7) & ~(gsize) 7;
}

/* Unchecked accessors for code that walks whole documents (the validator); the caller has
 * checked the kind. */
static inline SwValueKind
_sw_value_kind (const SwValue *value)
{
  return (SwValueKind) value->kind;
}

static inline gboolean
_sw_value_is (const SwValue *value,
              SwValueKind    kind)
{
  return value != NULL && value->kind == kind;
}

#define _sw_value_is_string(v) _sw_value_is ((v), SW_VALUE_STRING)
#define _sw_value_is_object(v) _sw_value_is ((v), SW_VALUE_OBJECT)
#define _sw_value_is_array(v)  _sw_value_is ((v), SW_VALUE_ARRAY)
#define _sw_value_is_null(v)   _sw_value_is ((v), SW_VALUE_NULL)
#define _sw_value_is_boolean(v) _sw_value_is ((v), SW_VALUE_BOOLEAN)
#define _sw_value_is_number(v) _sw_value_is ((v), SW_VALUE_NUMBER)

static inline guint
_sw_value_n_members (const SwValue *object)
{
  return object->object.len;
}

static inline const char *
_sw_value_key (const SwValue *object,
               guint          index)
{
  return object->object.members[index].key;
}

static inline SwValue *
_sw_value_member (const SwValue *object,
                  guint          index)
{
  return object->object.members[index].value;
}

static inline guint
_sw_value_n_items (const SwValue *array)
{
  return array->array.len;
}

static inline SwValue *
_sw_value_item (const SwValue *array,
                guint          index)
{
  return array->array.items[index];
}

static inline const char *
_sw_value_text (const SwValue *string)
{
  return string->string.text;
}

static inline gsize
_sw_value_text_length (const SwValue *string)
{
  return string->string.length;
}

/* The string as it is written in the file, from its first character (an opening quote, a
 * block indicator or the first character of a plain scalar) to its last, when the reader
 * kept it: only for strings whose characters can't be placed from the text alone (escapes
 * JSON writers don't use, YAML scalars that may hold expressions). NULL otherwise. */
static inline const char *
_sw_value_source (const SwValue *string)
{
  if (!(string->flags & SW_VALUE_FLAG_SOURCE))
    return NULL;
  return string->string.text + string->string.length + 1;
}

/* Copies @length bytes of @text and the NUL-free @source into the value itself. */
SwValue *_sw_value_new_string_source (SwValueArena     *arena,
                                      const char       *text,
                                      gsize             length,
                                      const char       *source,
                                      gsize             source_length);

/* Takes @text, which may hold U+0000, so its length is given. */
SwValue *_sw_value_new_string_len  (char             *text,
                                    gsize             length);
/* null or a boolean */
SwValue *_sw_value_new_literal     (SwValueArena     *arena,
                                    SwValueKind       kind,
                                    gboolean          value);
/* Copies @length bytes of @text into the value itself (one allocation). */
SwValue *_sw_value_new_string_copy (SwValueArena     *arena,
                                    const char       *text,
                                    gsize             length);
/* Copies a number lexeme the caller has checked into the value itself. */
SwValue *_sw_value_new_number_copy (SwValueArena     *arena,
                                    const char       *lexeme,
                                    gsize             length);
/* An array of @n items, taking ownership of each; @items itself is copied. */
SwValue *_sw_value_new_array_from  (SwValueArena     *arena,
                                    SwValue * const  *items,
                                    guint             n);
/* An array or object with room for @n items or members stored inline, and none yet: the
 * caller stores them (array.items[array.len++], object.members[object.len++]), then calls
 * _sw_value_object_filled () on an object. */
SwValue *_sw_value_new_container  (SwValueArena     *arena,
                                   SwValueKind       kind,
                                   guint             n);
void     _sw_value_object_filled  (SwValue          *object);
/* An object of @n members, taking ownership of each key (a GRefString) and value;
 * @members itself is copied. */
SwValue *_sw_value_new_object_from (SwValueArena     *arena,
                                    const SwMember   *members,
                                    guint             n);

G_END_DECLS
