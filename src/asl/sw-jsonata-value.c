/* sw-jsonata-value.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator's values: an arena allocator, JSON values plus functions, sequences and
 * tuples, and the value semantics JSONata takes from JavaScript (number printing, property
 * order, deep equality, JSON.stringify). */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-dtoa.h"
#include "sw-jsonata-private.h"

/* ---- Arena */

/* Values built by evaluation can nest deeper than any input; recursion over them stops
 * here, well within the stack. */
#define VALUE_RECURSION_LIMIT 5000

#define CHUNK_SIZE (64 * 1024)
#define BIG_SIZE   (8 * 1024)

typedef struct _Big Big;
struct _Big
{
  Big   *prev;
  Big   *next;
  gsize  size;
  /* the block follows, 16-byte aligned */
  char   pad[8];
};

typedef struct _Chunk Chunk;
struct _Chunk
{
  Chunk *next;
  gsize  used;
  gsize  size;
  char   pad[8];
};

typedef struct
{
  GDestroyNotify destroy;
  gpointer       data;
} Destroy;

struct _JnArena
{
  Chunk  *chunks;
  Big    *bigs;
  GArray *destroys;
  Chunk  *spare;        /* chunks kept by jn_arena_reset () for the next evaluation */
  guint   n_spare;
};

/* What an arena keeps between evaluations: enough that a large evaluation reuses its memory
 * rather than giving it back and faulting it in again. */
#define SPARE_CHUNKS 64

JnArena *
jn_arena_new (void)
{
  return g_new0 (JnArena, 1);
}

void
jn_arena_free (JnArena *arena)
{
  if (arena == NULL)
    return;
  if (arena->destroys != NULL)
    {
      for (guint i = arena->destroys->len; i > 0; i--)
        {
          Destroy *d = &g_array_index (arena->destroys, Destroy, i - 1);

          d->destroy (d->data);
        }
      g_array_unref (arena->destroys);
    }
  while (arena->chunks != NULL)
    {
      Chunk *next = arena->chunks->next;

      g_free (arena->chunks);
      arena->chunks = next;
    }
  while (arena->spare != NULL)
    {
      Chunk *next = arena->spare->next;

      g_free (arena->spare);
      arena->spare = next;
    }
  while (arena->bigs != NULL)
    {
      Big *next = arena->bigs->next;

      g_free (arena->bigs);
      arena->bigs = next;
    }
  g_free (arena);
}

/* Empties @arena for another evaluation, keeping up to SPARE_CHUNKS chunks. */
void
jn_arena_reset (JnArena *arena)
{

  if (arena->destroys != NULL)
    {
      for (guint i = arena->destroys->len; i > 0; i--)
        {
          Destroy *d = &g_array_index (arena->destroys, Destroy, i - 1);

          d->destroy (d->data);
        }
      g_array_set_size (arena->destroys, 0);
    }
  while (arena->chunks != NULL)
    {
      Chunk *next = arena->chunks->next;

      if (arena->n_spare < SPARE_CHUNKS)
        {
          arena->chunks->used = 0;
          arena->chunks->next = arena->spare;
          arena->spare = arena->chunks;
          arena->n_spare++;
        }
      else
        g_free (arena->chunks);
      arena->chunks = next;
    }
  while (arena->bigs != NULL)
    {
      Big *next = arena->bigs->next;

      g_free (arena->bigs);
      arena->bigs = next;
    }
}

static gpointer
big_alloc (JnArena *arena,
           gsize    size)
{
  Big *big = g_malloc (sizeof (Big) + size);

  big->size = size;
  big->prev = NULL;
  big->next = arena->bigs;
  if (arena->bigs != NULL)
    arena->bigs->prev = big;
  arena->bigs = big;
  return (char *) big + sizeof (Big);
}

gpointer
jn_arena_alloc (JnArena *arena,
                gsize    size)
{
  Chunk *chunk = arena->chunks;
  gpointer mem;

  size = (size + 15) & ~(gsize) 15;
  if (size == 0)
    size = 16;
  if (size >= BIG_SIZE)
    return big_alloc (arena, size);
  if (chunk == NULL || chunk->used + size > chunk->size)
    {
      if (arena->spare != NULL)
        {
          chunk = arena->spare;
          arena->spare = chunk->next;
          arena->n_spare--;
        }
      else
        {
          chunk = g_malloc (sizeof (Chunk) + CHUNK_SIZE);
          chunk->used = 0;
          chunk->size = CHUNK_SIZE;
        }
      chunk->next = arena->chunks;
      arena->chunks = chunk;
    }
  mem = (char *) chunk + sizeof (Chunk) + chunk->used;
  chunk->used += size;
  return mem;
}

gpointer
jn_arena_alloc0 (JnArena *arena,
                 gsize    size)
{
  gpointer mem = jn_arena_alloc (arena, size);

  memset (mem, 0, size);
  return mem;
}

gpointer
jn_arena_realloc (JnArena *arena,
                  gpointer mem,
                  gsize    old_size,
                  gsize    new_size)
{
  gsize old_rounded = (old_size + 15) & ~(gsize) 15;
  gpointer fresh;

  if (mem != NULL && old_rounded >= BIG_SIZE)
    {
      Big *big = (Big *) ((char *) mem - sizeof (Big));
      Big *moved;

      moved = g_realloc (big, sizeof (Big) + new_size);
      moved->size = new_size;
      if (moved->prev != NULL)
        moved->prev->next = moved;
      else
        arena->bigs = moved;
      if (moved->next != NULL)
        moved->next->prev = moved;
      return (char *) moved + sizeof (Big);
    }
  fresh = jn_arena_alloc (arena, new_size);
  if (mem != NULL && old_size > 0)
    memcpy (fresh, mem, MIN (old_size, new_size));
  return fresh;
}

char *
jn_arena_strndup (JnArena    *arena,
                  const char *text,
                  gsize       length)
{
  char *s = jn_arena_alloc (arena, length + 1);

  if (length > 0)
    memcpy (s, text, length);
  s[length] = '\0';
  return s;
}

static JnArena *static_arena;

/* An arena for what lives as long as the process: the signatures of the built-in functions. */
JnArena *
jn_arena_static (void)
{
  if (g_once_init_enter (&static_arena))
    g_once_init_leave (&static_arena, jn_arena_new ());
  return static_arena;
}

void
jn_arena_add_destroy (JnArena       *arena,
                      GDestroyNotify destroy,
                      gpointer       data)
{
  Destroy d = { destroy, data };

  if (arena->destroys == NULL)
    arena->destroys = g_array_new (FALSE, FALSE, sizeof (Destroy));
  g_array_append_val (arena->destroys, d);
}

/* ---- Scalars and strings */

JnVal
jn_null (void)
{
  return (JnVal) { .type = JN_NULL };
}

JnVal
jn_bool (gboolean b)
{
  return (JnVal) { .type = JN_BOOL, .b = b ? 1 : 0 };
}

JnVal
jn_num (double n)
{
  return (JnVal) { .type = JN_NUMBER, .u.n = n };
}

JnVal
jn_str_static (const char *text,
               gsize       length)
{
  return (JnVal) { .type = JN_STRING, .aux = (guint32) length, .u.s = text };
}

JnVal
jn_str (JnCtx      *ctx,
        const char *text,
        gssize      length)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;

  return jn_str_static (jn_arena_strndup (ctx->arena, text, len), len);
}

JnVal
jn_str_take_gstring (JnCtx   *ctx,
                     GString *string)
{
  JnVal v = jn_str (ctx, string->str, (gssize) string->len);

  g_string_free (string, TRUE);
  return v;
}

guint32
jn_hash (const char *text,
         gsize       length)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < length; i++)
    {
      h ^= (guchar) text[i];
      h *= 16777619u;
    }
  return h;
}

gsize
jn_utf8_length (const char *s,
                gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    if (((guchar) s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

/* ---- Arrays */

JnVal
jn_arr_new (JnCtx *ctx,
            guint  reserve)
{
  JnArr *a = jn_arena_alloc (ctx->arena, sizeof (JnArr));

  a->len = 0;
  a->flags = 0;
  a->cap = reserve;
  a->items = reserve > 0 ? jn_arena_alloc (ctx->arena, reserve * sizeof (JnVal)) : NULL;
  return (JnVal) { .type = JN_ARRAY, .u.a = a };
}

JnVal
jn_seq_new (JnCtx *ctx)
{
  JnVal v = jn_arr_new (ctx, 0);

  v.u.a->flags = JN_ARR_SEQUENCE;
  return v;
}

JnVal
jn_seq_of (JnCtx *ctx,
           JnVal  item)
{
  JnVal v = jn_seq_new (ctx);

  jn_arr_push (ctx, v.u.a, item);
  return v;
}

void
jn_arr_push (JnCtx *ctx,
             JnArr *arr,
             JnVal  item)
{
  if (arr->len == arr->cap)
    {
      guint cap = arr->cap < 4 ? 4 : arr->cap * 2;

      arr->items = jn_arena_realloc (ctx->arena, arr->items, arr->cap * sizeof (JnVal),
                                     cap * sizeof (JnVal));
      arr->cap = cap;
    }
  arr->items[arr->len++] = item;
}

/* ---- Objects. Keys keep insertion order, except that array-index keys ("0", "17") come
 * first in ascending order, as JavaScript orders the properties of an object. */

static gboolean
key_is_index (const char *key,
              gsize       klen,
              guint32    *out)
{
  guint64 v = 0;

  if (klen == 0 || klen > 10 || (klen > 1 && key[0] == '0'))
    return FALSE;
  for (gsize i = 0; i < klen; i++)
    {
      if (!g_ascii_isdigit (key[i]))
        return FALSE;
      v = v * 10 + (guint64) (key[i] - '0');
    }
  if (v >= 4294967295u)
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

JnVal
jn_obj_new (JnCtx *ctx)
{
  JnObj *o = jn_arena_alloc0 (ctx->arena, sizeof (JnObj));

  return (JnVal) { .type = JN_OBJECT, .u.o = o };
}

static void
obj_index_build (JnObj *obj)
{
  guint size = 16;

  while (size < obj->len * 2)
    size *= 2;
  /* the table lives in the same arena as the object; it is allocated by the caller */
  memset (obj->table, 0xff, size * sizeof (guint32));
  obj->table_size = size;
  for (guint i = 0; i < obj->len; i++)
    {
      guint slot = obj->m[i].hash & (size - 1);

      while (obj->table[slot] != G_MAXUINT32)
        slot = (slot + 1) & (size - 1);
      obj->table[slot] = i;
    }
}

/* The member of @obj named @key; @hash is its jn_hash () when @have_hash, which spares a
 * small object's scan comparing bytes. */
static inline JnVal *
obj_find (const JnObj *obj,
          const char  *key,
          gsize        klen,
          guint32      hash,
          gboolean     have_hash)
{
  if (obj->table != NULL)
    {
      guint slot;

      if (!have_hash)
        hash = jn_hash (key, klen);
      slot = hash & (obj->table_size - 1);
      while (obj->table[slot] != G_MAXUINT32)
        {
          JnMember *m = &obj->m[obj->table[slot]];

          if (m->hash == hash && m->klen == klen && memcmp (m->key, key, klen) == 0)
            return &m->val;
          slot = (slot + 1) & (obj->table_size - 1);
        }
      return NULL;
    }
  for (guint i = 0; i < obj->len; i++)
    {
      JnMember *m = &obj->m[i];

      if (m->klen == klen && (have_hash ? m->hash == hash : klen == 0 || m->key[0] == key[0]) &&
          memcmp (m->key, key, klen) == 0)
        return &m->val;
    }
  return NULL;
}

JnVal *
jn_obj_get (const JnObj *obj,
            const char  *key,
            gsize        klen)
{
  return obj_find (obj, key, klen, 0, FALSE);
}

void
jn_obj_set (JnCtx      *ctx,
            JnObj      *obj,
            const char *key,
            gsize       klen,
            JnVal       val)
{
  guint32 hash = jn_hash (key, klen);
  JnVal *existing = obj_find (obj, key, klen, hash, TRUE);
  guint32 index_value;
  guint at;

  if (existing != NULL)
    {
      *existing = val;
      return;
    }
  if (obj->len == obj->cap)
    {
      guint cap = obj->cap < 4 ? 4 : obj->cap * 2;

      obj->m = jn_arena_realloc (ctx->arena, obj->m, obj->cap * sizeof (JnMember),
                                 cap * sizeof (JnMember));
      obj->cap = cap;
    }
  at = obj->len;
  if (key_is_index (key, klen, &index_value))
    {
      at = 0;
      while (at < obj->n_index_keys)
        {
          guint32 other = 0;

          key_is_index (obj->m[at].key, obj->m[at].klen, &other);
          if (other > index_value)
            break;
          at++;
        }
      memmove (&obj->m[at + 1], &obj->m[at], (obj->len - at) * sizeof (JnMember));
      obj->n_index_keys++;
    }
  obj->m[at].key = key;
  obj->m[at].klen = (guint32) klen;
  obj->m[at].hash = hash;
  obj->m[at].val = val;
  obj->len++;

  if (obj->len > 8)
    {
      if (obj->table == NULL || obj->len * 2 > obj->table_size || at != obj->len - 1)
        {
          guint size = 16;

          while (size < obj->len * 2)
            size *= 2;
          if (obj->table == NULL || size > obj->table_size)
            obj->table = jn_arena_alloc (ctx->arena, size * sizeof (guint32));
          obj_index_build (obj);
        }
      else
        {
          guint slot = obj->m[at].hash & (obj->table_size - 1);

          while (obj->table[slot] != G_MAXUINT32)
            slot = (slot + 1) & (obj->table_size - 1);
          obj->table[slot] = at;
        }
    }
}

/* An object of one member, a copy of @member (its hash included) */
JnVal
jn_obj_new_member (JnCtx          *ctx,
                   const JnMember *member)
{
  JnVal r = jn_obj_new (ctx);
  guint32 dummy;

  r.u.o->m = jn_arena_alloc (ctx->arena, sizeof (JnMember));
  r.u.o->m[0] = *member;
  r.u.o->len = r.u.o->cap = 1;
  r.u.o->n_index_keys = key_is_index (member->key, member->klen, &dummy) ? 1 : 0;
  return r;
}

gboolean
jn_obj_remove (JnObj      *obj,
               const char *key,
               gsize       klen)
{
  guint32 dummy;

  for (guint i = 0; i < obj->len; i++)
    {
      if (obj->m[i].klen == klen && memcmp (obj->m[i].key, key, klen) == 0)
        {
          if (key_is_index (key, klen, &dummy))
            obj->n_index_keys--;
          memmove (&obj->m[i], &obj->m[i + 1], (obj->len - i - 1) * sizeof (JnMember));
          obj->len--;
          if (obj->table != NULL)
            obj_index_build (obj);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- Frames and tuples */

JnFrame *
jn_frame_new (JnCtx   *ctx,
              JnFrame *parent)
{
  JnFrame *f = jn_arena_alloc (ctx->arena, sizeof (JnFrame));

  f->parent = parent;
  f->b = NULL;
  f->len = f->cap = 0;
  return f;
}

void
jn_frame_bind (JnCtx      *ctx,
               JnFrame    *frame,
               const char *name,
               guint32     hash,
               JnVal       val)
{
  for (guint i = 0; i < frame->len; i++)
    if (frame->b[i].hash == hash && strcmp (frame->b[i].name, name) == 0)
      {
        frame->b[i].val = val;
        return;
      }
  if (frame->len == frame->cap)
    {
      guint cap = frame->cap < 2 ? 2 : frame->cap * 2;

      frame->b = jn_arena_realloc (ctx->arena, frame->b, frame->cap * sizeof (JnBinding),
                                   cap * sizeof (JnBinding));
      frame->cap = cap;
    }
  frame->b[frame->len].name = name;
  frame->b[frame->len].hash = hash;
  frame->b[frame->len].val = val;
  frame->len++;
}

gboolean
jn_frame_lookup (JnFrame    *frame,
                 const char *name,
                 guint32     hash,
                 JnVal      *out)
{
  for (; frame != NULL; frame = frame->parent)
    for (guint i = 0; i < frame->len; i++)
      if (frame->b[i].hash == hash && strcmp (frame->b[i].name, name) == 0)
        {
          *out = frame->b[i].val;
          return TRUE;
        }
  return FALSE;
}

JnTuple *
jn_tuple_new (JnCtx *ctx,
              JnVal  at)
{
  JnTuple *t = jn_arena_alloc (ctx->arena, sizeof (JnTuple));

  t->cap = 4;
  t->b = jn_arena_alloc (ctx->arena, t->cap * sizeof (JnBinding));
  t->b[0].name = "@";
  t->b[0].hash = jn_hash ("@", 1);
  t->b[0].val = at;
  t->len = 1;
  return t;
}

JnTuple *
jn_tuple_copy (JnCtx         *ctx,
               const JnTuple *tuple)
{
  JnTuple *t = jn_arena_alloc (ctx->arena, sizeof (JnTuple));

  t->cap = tuple->len + 2;
  t->b = jn_arena_alloc (ctx->arena, t->cap * sizeof (JnBinding));
  memcpy (t->b, tuple->b, tuple->len * sizeof (JnBinding));
  t->len = tuple->len;
  return t;
}

void
jn_tuple_set (JnCtx      *ctx,
              JnTuple    *tuple,
              const char *name,
              JnVal       val)
{
  guint32 hash = jn_hash (name, strlen (name));

  for (guint i = 0; i < tuple->len; i++)
    if (tuple->b[i].hash == hash && strcmp (tuple->b[i].name, name) == 0)
      {
        tuple->b[i].val = val;
        return;
      }
  if (tuple->len == tuple->cap)
    {
      guint cap = tuple->cap * 2;

      tuple->b = jn_arena_realloc (ctx->arena, tuple->b, tuple->cap * sizeof (JnBinding),
                                   cap * sizeof (JnBinding));
      tuple->cap = cap;
    }
  tuple->b[tuple->len].name = name;
  tuple->b[tuple->len].hash = hash;
  tuple->b[tuple->len].val = val;
  tuple->len++;
}

JnVal
jn_tuple_get (const JnTuple *tuple,
              const char    *name)
{
  for (guint i = 0; i < tuple->len; i++)
    if (strcmp (tuple->b[i].name, name) == 0)
      return tuple->b[i].val;
  return JN_UNDEF_VAL;
}

/* ---- Predicates */

gboolean
jn_is_function (JnVal v)
{
  return v.type == JN_FUNC;
}

gboolean
jn_is_numeric (JnCtx *ctx,
               JnVal  v)
{
  if (v.type != JN_NUMBER || isnan (v.u.n))
    return FALSE;
  if (!isfinite (v.u.n))
    {
      jn_error (ctx, "D1001", -1, NULL);
      jn_error_value (ctx, v);
      return FALSE;
    }
  return TRUE;
}

gboolean
jn_is_array_of_numbers (JnCtx *ctx,
                        JnVal  v)
{
  if (v.type != JN_ARRAY)
    return FALSE;
  for (guint i = 0; i < v.u.a->len; i++)
    {
      if (!jn_is_numeric (ctx, v.u.a->items[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
jn_is_array_of_strings (JnVal v)
{
  if (v.type != JN_ARRAY)
    return FALSE;
  for (guint i = 0; i < v.u.a->len; i++)
    if (v.u.a->items[i].type != JN_STRING)
      return FALSE;
  return TRUE;
}

/* === in JavaScript: scalars by value, containers and functions by identity */
gboolean
jn_strict_equal (JnVal a,
                 JnVal b)
{
  if (a.type != b.type)
    return FALSE;
  switch (a.type)
    {
    case JN_UNDEF:
    case JN_NULL:
      return TRUE;
    case JN_BOOL:
      return a.b == b.b;
    case JN_NUMBER:
      return a.u.n == b.u.n;
    case JN_STRING:
      return a.aux == b.aux && memcmp (a.u.s, b.u.s, a.aux) == 0;
    case JN_ARRAY:
      return a.u.a == b.u.a;
    case JN_OBJECT:
      return a.u.o == b.u.o;
    case JN_FUNC:
      return a.u.f == b.u.f;
    case JN_TUPLE:
      return a.u.t == b.u.t;
    default:
      return FALSE;
    }
}

static gboolean
deep_equal (JnVal a,
            JnVal b,
            int   level)
{
  if (jn_strict_equal (a, b))
    return TRUE;
  if (level > VALUE_RECURSION_LIMIT)
    return FALSE;
  if (a.type == JN_ARRAY && b.type == JN_ARRAY)
    {
      if (a.u.a->len != b.u.a->len)
        return FALSE;
      for (guint i = 0; i < a.u.a->len; i++)
        if (!deep_equal (a.u.a->items[i], b.u.a->items[i], level + 1))
          return FALSE;
      return TRUE;
    }
  if (a.type == JN_OBJECT && b.type == JN_OBJECT)
    {
      if (a.u.o->len != b.u.o->len)
        return FALSE;
      for (guint i = 0; i < a.u.o->len; i++)
        {
          JnMember *m = &a.u.o->m[i];
          JnVal *other = jn_obj_get (b.u.o, m->key, m->klen);

          if (other == NULL || !deep_equal (m->val, *other, level + 1))
            return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

gboolean
jn_deep_equal (JnVal a,
               JnVal b)
{
  return deep_equal (a, b, 0);
}

/* The effective boolean value; undefined for undefined. */
static JnVal
boolean_at (JnCtx *ctx,
            JnVal  v,
            int    level)
{
  if (level > VALUE_RECURSION_LIMIT)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return JN_UNDEF_VAL;
    }
  switch (v.type)
    {
    case JN_UNDEF:
      return JN_UNDEF_VAL;
    case JN_ARRAY:
      if (v.u.a->len == 1)
        return boolean_at (ctx, v.u.a->items[0], level + 1);
      for (guint i = 0; i < v.u.a->len; i++)
        {
          JnVal b = boolean_at (ctx, v.u.a->items[i], level + 1);

          if (b.type == JN_BOOL && b.b)
            return jn_bool (TRUE);
        }
      return jn_bool (FALSE);
    case JN_STRING:
      return jn_bool (v.aux > 0);
    case JN_NUMBER:
      if (!jn_is_numeric (ctx, v))
        return jn_bool (FALSE);
      return jn_bool (v.u.n != 0);
    case JN_OBJECT:
      return jn_bool (v.u.o->len > 0);
    case JN_BOOL:
      return v;
    default:
      return jn_bool (FALSE);
    }
}

JnVal
jn_boolean (JnCtx *ctx,
            JnVal  v)
{
  return boolean_at (ctx, v, 0);
}

gboolean
jn_truthy (JnCtx *ctx,
           JnVal  v)
{
  JnVal b = jn_boolean (ctx, v);

  return b.type == JN_BOOL && b.b;
}

/* $append: a new plain array (JavaScript's concat keeps no sequence flag). */
JnVal
jn_append (JnCtx *ctx,
           JnVal  a,
           JnVal  b)
{
  JnVal result;
  guint na, nb;

  if (a.type == JN_UNDEF)
    return b;
  if (b.type == JN_UNDEF)
    return a;
  na = a.type == JN_ARRAY ? a.u.a->len : 1;
  nb = b.type == JN_ARRAY ? b.u.a->len : 1;
  result = jn_arr_new (ctx, na + nb);
  if (a.type != JN_ARRAY)
    result.u.a->items[0] = a;
  else if (na > 0)
    memcpy (result.u.a->items, a.u.a->items, na * sizeof (JnVal));
  if (b.type != JN_ARRAY)
    result.u.a->items[na] = b;
  else if (nb > 0)
    memcpy (result.u.a->items + na, b.u.a->items, nb * sizeof (JnVal));
  result.u.a->len = na + nb;
  return result;
}

static JnVal
lookup_at (JnCtx      *ctx,
           JnVal       input,
           const char *key,
           gsize       klen,
           guint32     hash,
           int         level)
{
  if (level > VALUE_RECURSION_LIMIT)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return JN_UNDEF_VAL;
    }
  if (input.type == JN_ARRAY)
    {
      JnVal result = jn_seq_new (ctx);

      for (guint i = 0; i < input.u.a->len; i++)
        {
          JnVal res = lookup_at (ctx, input.u.a->items[i], key, klen, hash, level + 1);

          if (res.type == JN_ARRAY)
            {
              for (guint j = 0; j < res.u.a->len; j++)
                jn_arr_push (ctx, result.u.a, res.u.a->items[j]);
            }
          else if (res.type != JN_UNDEF)
            {
              jn_arr_push (ctx, result.u.a, res);
            }
        }
      return result;
    }
  if (input.type == JN_OBJECT)
    {
      JnVal *v = obj_find (input.u.o, key, klen, hash, TRUE);

      return v != NULL ? *v : JN_UNDEF_VAL;
    }
  return JN_UNDEF_VAL;
}

JnVal
jn_lookup (JnCtx      *ctx,
           JnVal       input,
           const char *key,
           gsize       klen)
{
  return lookup_at (ctx, input, key, klen, jn_hash (key, klen), 0);
}

guint
jn_function_arity (JnVal v)
{
  JnFunc *f;

  if (v.type != JN_FUNC)
    return 0;
  f = v.u.f;
  switch (f->kind)
    {
    case JN_FN_BUILTIN:
      return f->builtin->arity;
    case JN_FN_LAMBDA:
    case JN_FN_NATIVE_PARTIAL:
      return f->n_params;
    case JN_FN_REGEX:
      return 2;
    case JN_FN_MATCH_NEXT:
      return 0;
    case JN_FN_TRANSFORM:
      return 1;
    case JN_FN_CHAIN:
      return 1;
    default:
      return 0;
    }
}

char
jn_type_symbol (JnVal v)
{
  switch (v.type)
    {
    case JN_FUNC: return 'f';
    case JN_STRING: return 's';
    case JN_NUMBER: return 'n';
    case JN_BOOL: return 'b';
    case JN_NULL: return 'l';
    case JN_ARRAY: return 'a';
    case JN_OBJECT: case JN_TUPLE: return 'o';
    default: return 'm';
    }
}

/* ---- Numbers as JavaScript prints them (Number.prototype.toString) */

static int
format_digits (char   *out,
               guint64 value)
{
  char reversed[24];
  int n = 0;

  do
    {
      reversed[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  for (int i = 0; i < n; i++)
    out[i] = reversed[n - 1 - i];
  out[n] = '\0';
  return n;
}

/* The shortest digits that read back as @magnitude (positive and finite), written without
 * exponent ("1234", "0.05", "24.68") into @out (40 bytes), when @magnitude is an integer
 * below 2^53 or a fraction of at least @min_fraction and below 1e15. Returns the length,
 * 0 for other numbers. */
int
jn_format_shortest_fixed (char   *out,
                          double  magnitude,
                          double  min_fraction)
{
  if (magnitude == floor (magnitude))
    return magnitude < 9007199254740992.0 ? format_digits (out, (guint64) magnitude) : 0;
  if (magnitude < min_fraction || magnitude >= 1e15)
    return 0;
  /* from 1e-6 to 1e21 JavaScript writes no exponent */
  if (magnitude >= 1e-6)
    return (int) sw_dtoa_format_js (out, magnitude);
  return 0;
}

void
jn_format_number (GString *out,
                  double   value)
{
  char buf[SW_DTOA_BUFFER_SIZE];
  gsize n;

  /* integers, the most common, without the general algorithm */
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      char *p = buf;

      if (value < 0)
        *p++ = '-';
      n = (gsize) format_digits (p, (guint64) fabs (value)) + (gsize) (p - buf);
    }
  else
    n = sw_dtoa_format_js (buf, value);
  g_string_append_len (out, buf, n);
}

/* ---- JSON.stringify, with the replacer of $string: non-integers to 15 significant digits,
 * functions as "" */

static void
stringify_string (GString    *out,
                  const char *s,
                  gsize       len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else if (c == 0xED && i + 2 < len && ((guchar) s[i + 1] & 0xE0) == 0xA0)
            {
              /* a lone surrogate (WTF-8), escaped as JSON.stringify does */
              guint cp = ((c & 0x0F) << 12) | (((guchar) s[i + 1] & 0x3F) << 6)
                         | ((guchar) s[i + 2] & 0x3F);

              g_string_append_printf (out, "\\u%04x", cp);
              i += 2;
            }
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The significant digits of a number lexeme (leading zeros aside, trailing ones counted). */
static guint
lexeme_digits (const JnLexeme *lexeme)
{
  guint digits = 0;
  gboolean started = FALSE;

  for (gsize i = 0; i < lexeme->length; i++)
    {
      char c = lexeme->text[i];

      if (c == 'e' || c == 'E')
        break;
      if (!g_ascii_isdigit (c) || (!started && c == '0'))
        continue;
      started = TRUE;
      digits++;
    }
  return digits;
}

static double
precision15 (double n)
{
  if (n == floor (n))
    return n;
  return sw_dtoa_to_precision (n, 15);
}

static void
indent (GString *out,
        int      level)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static gboolean
stringify (JnCtx   *ctx,
           GString *out,
           JnVal    v,
           gboolean pretty,
           int      level)
{
  if (level > VALUE_RECURSION_LIMIT)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return FALSE;
    }
  switch (v.type)
    {
    case JN_NULL:
    case JN_UNDEF:
      g_string_append (out, "null");
      return TRUE;
    case JN_BOOL:
      g_string_append (out, v.b ? "true" : "false");
      return TRUE;
    case JN_NUMBER:
      if (!isfinite (v.u.n))
        {
          if (isnan (v.u.n))
            {
              g_string_append (out, "null");
              return TRUE;
            }
          jn_error (ctx, "D1001", -1, NULL);
          jn_error_value (ctx, v);
          return FALSE;
        }
      jn_format_number (out, precision15 (v.u.n));
      return TRUE;
    case JN_STRING:
      stringify_string (out, v.u.s, v.aux);
      return TRUE;
    case JN_FUNC:
      g_string_append (out, "\"\"");
      return TRUE;
    case JN_ARRAY:
      if (v.u.a->len == 0)
        {
          g_string_append (out, "[]");
          return TRUE;
        }
      g_string_append_c (out, '[');
      for (guint i = 0; i < v.u.a->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (pretty)
            indent (out, level + 1);
          if (!stringify (ctx, out, v.u.a->items[i], pretty, level + 1))
            return FALSE;
        }
      if (pretty)
        indent (out, level);
      g_string_append_c (out, ']');
      return TRUE;
    case JN_OBJECT:
      {
        gboolean first = TRUE;

        for (guint i = 0; i < v.u.o->len; i++)
          {
            JnMember *m = &v.u.o->m[i];

            if (m->val.type == JN_UNDEF)
              continue;
            g_string_append_c (out, first ? '{' : ',');
            first = FALSE;
            if (pretty)
              indent (out, level + 1);
            stringify_string (out, m->key, m->klen);
            g_string_append (out, pretty ? ": " : ":");
            if (!stringify (ctx, out, m->val, pretty, level + 1))
              return FALSE;
          }
        if (first)
          {
            g_string_append (out, "{}");
            return TRUE;
          }
        if (pretty)
          indent (out, level);
        g_string_append_c (out, '}');
        return TRUE;
      }
    default:
      g_string_append (out, "null");
      return TRUE;
    }
}

/* $string */
JnVal
jn_string (JnCtx   *ctx,
           JnVal    v,
           gboolean prettify)
{
  GString *out;

  switch (v.type)
    {
    case JN_UNDEF:
      return JN_UNDEF_VAL;
    case JN_STRING:
      return v;
    case JN_FUNC:
      return jn_str_static ("", 0);
    case JN_NUMBER:
      if (!isfinite (v.u.n))
        {
          jn_error (ctx, "D3001", -1, NULL);
          jn_error_value (ctx, v);
          return JN_UNDEF_VAL;
        }
      break;
    case JN_ARRAY:
      if ((v.u.a->flags & JN_ARR_OUTER_WRAPPER) && v.u.a->len > 0)
        v = v.u.a->items[0];
      break;
    default:
      break;
    }
  out = g_string_new (NULL);
  if (!stringify (ctx, out, v, prettify, 0))
    {
      g_string_free (out, TRUE);
      return JN_UNDEF_VAL;
    }
  return jn_str_take_gstring (ctx, out);
}

/* $clone: JSON.parse ($string (v)), done directly */
static JnVal
clone_value (JnCtx *ctx,
             JnVal  v,
             int    level)
{
  if (level > VALUE_RECURSION_LIMIT)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return JN_UNDEF_VAL;
    }
  switch (v.type)
    {
    case JN_NUMBER:
      if (!isfinite (v.u.n))
        {
          if (isnan (v.u.n))
            return jn_null ();
          jn_error (ctx, "D1001", -1, NULL);
          jn_error_value (ctx, v);
          return JN_UNDEF_VAL;
        }
      {
        const JnLexeme *lexeme = jn_lexeme_of (ctx, v);
        double n;

        /* a number read from at most 15 digits reads back the same from 15 */
        if (lexeme != NULL && lexeme->value == v.u.n && lexeme_digits (lexeme) <= 15)
          return v;
        n = precision15 (v.u.n);
        return n == v.u.n ? v : jn_num (n);
      }
    case JN_FUNC:
      return jn_str_static ("", 0);
    case JN_UNDEF:
      return jn_null ();
    case JN_ARRAY:
      {
        JnVal r = jn_arr_new (ctx, v.u.a->len);

        for (guint i = 0; i < v.u.a->len; i++)
          {
            r.u.a->items[i] = clone_value (ctx, v.u.a->items[i], level + 1);
            JN_TRY (ctx);
          }
        r.u.a->len = v.u.a->len;
        return r;
      }
    case JN_OBJECT:
      {
        /* the members are copied as they are (unique keys, in order, hashed) */
        JnVal r = jn_obj_new (ctx);
        JnObj *o = r.u.o;
        guint32 dummy;

        o->m = jn_arena_alloc (ctx->arena, MAX (v.u.o->len, 1) * sizeof (JnMember));
        o->cap = MAX (v.u.o->len, 1);
        o->n_index_keys = v.u.o->n_index_keys;
        for (guint i = 0; i < v.u.o->len; i++)
          {
            JnMember *m = &v.u.o->m[i];

            if (m->val.type == JN_UNDEF)
              {
                if (key_is_index (m->key, m->klen, &dummy))
                  o->n_index_keys--;
                continue;
              }
            o->m[o->len] = *m;
            o->m[o->len].val = clone_value (ctx, m->val, level + 1);
            JN_TRY (ctx);
            o->len++;
          }
        if (o->len > 8)
          {
            guint size = 16;

            while (size < o->len * 2)
              size *= 2;
            o->table = jn_arena_alloc (ctx->arena, size * sizeof (guint32));
            obj_index_build (o);
          }
        return r;
      }
    default:
      return v;
    }
}

JnVal
jn_clone (JnCtx *ctx,
          JnVal  v)
{
  if (v.type == JN_UNDEF)
    return v;
  if (v.type == JN_ARRAY && (v.u.a->flags & JN_ARR_OUTER_WRAPPER) && v.u.a->len > 0)
    v = v.u.a->items[0];
  if (v.type == JN_FUNC)
    {
      /* JSON.parse ("") fails in the reference; an empty string is the closest value */
      return jn_str_static ("", 0);
    }
  return clone_value (ctx, v, 0);
}

/* ---- Errors */

JnError *
jn_error_new (JnCtx      *ctx,
              const char *code)
{
  JnError *e = jn_arena_alloc0 (ctx->arena, sizeof (JnError));

  memcpy (e->code, code, 5);
  e->code[5] = '\0';
  e->position = -1;
  return e;
}

void
jn_error (JnCtx      *ctx,
          const char *code,
          int         position,
          const char *token)
{
  if (ctx->error != NULL)
    return;
  ctx->error = jn_error_new (ctx, code);
  ctx->error->position = position;
  if (token != NULL)
    ctx->error->token = jn_arena_strndup (ctx->arena, token, strlen (token));
}

void
jn_error_value (JnCtx *ctx,
                JnVal  value)
{
  if (ctx->error != NULL && !ctx->error->have_value)
    {
      ctx->error->value = value;
      ctx->error->have_value = TRUE;
    }
}

static const struct
{
  const char *code;
  const char *message;
} error_messages[] = {
  { "S0101", N_("String literal must be terminated by a matching quote") },
  { "S0102", N_("Number out of range: {{token}}") },
  { "S0103", N_("Unsupported escape sequence: \\{{token}}") },
  { "S0104", N_("The escape sequence \\u must be followed by 4 hex digits") },
  { "S0105", N_("Quoted property name must be terminated with a backquote (`)") },
  { "S0106", N_("Comment has no closing tag") },
  { "S0201", N_("Syntax error: {{token}}") },
  { "S0202", N_("Expected {{value}}, got {{token}}") },
  { "S0203", N_("Expected {{value}} before end of expression") },
  { "S0204", N_("Unknown operator: {{token}}") },
  { "S0205", N_("Unexpected token: {{token}}") },
  { "S0206", N_("Unknown expression type: {{token}}") },
  { "S0207", N_("Unexpected end of expression") },
  { "S0208",
    N_("Parameter {{value}} of function definition must be a variable name (start with $)") },
  { "S0209", N_("A predicate cannot follow a grouping expression in a step") },
  { "S0210", N_("Each step can only have one grouping expression") },
  { "S0211", N_("The symbol {{token}} cannot be used as a unary operator") },
  { "S0212", N_("The left side of := must be a variable name (start with $)") },
  { "S0213", N_("The literal value {{value}} cannot be used as a step within a path expression") },
  { "S0214", N_("The right side of {{token}} must be a variable name (start with $)") },
  { "S0215", N_("A context variable binding must precede any predicates on a step") },
  { "S0216", N_("A context variable binding must precede the 'order-by' clause on a step") },
  { "S0217", N_("The object representing the 'parent' cannot be derived from this expression") },
  { "S0301", N_("Empty regular expressions are not allowed") },
  { "S0302", N_("No terminating / in regular expression") },
  { "S0303", N_("Invalid regular expression: {{token}}") },
  { "S0402", N_("Choice groups containing parameterized types are not supported") },
  { "S0299", N_("The expression nests too deeply") },
  { "S0401", N_("Type parameters can only be applied to functions and arrays") },
  { "S0500", N_("Attempted to evaluate an expression containing syntax error(s)") },
  { "T0410", N_("Argument {{index}} of function {{token}} does not match function signature") },
  { "T0411",
    N_("Context value is not a compatible type with argument {{index}} of function {{token}}") },
  { "T0412", N_("Argument {{index}} of function {{token}} must be an array of {{type}}") },
  { "D1001", N_("Number out of range: {{value}}") },
  { "D1002", N_("Cannot negate a non-numeric value: {{value}}") },
  { "T1003", N_("Key in object structure must evaluate to a string; got: {{value}}") },
  { "D1004", N_("Regular expression matches zero length string") },
  { "T1005", N_("Attempted to invoke a non-function. Did you mean ${{{token}}}?") },
  { "T1006", N_("Attempted to invoke a non-function") },
  { "T1007", N_("Attempted to partially apply a non-function. Did you mean ${{{token}}}?") },
  { "T1008", N_("Attempted to partially apply a non-function") },
  { "D1009", N_("Multiple key definitions evaluate to same key: {{value}}") },
  { "T1010",
    N_("The matcher function argument passed to function {{token}} does not return the "
       "correct object structure") },
  { "D1011",
    N_("Stack overflow. Check for non-terminating recursive function.  Consider rewriting as "
       "tail-recursive") },
  { "D1012", N_("Evaluation timeout after {{value}} milliseconds. Check for infinite loop") },
  { "D1013",
    N_("Object property names starting with _jsonata_ are reserved for internal use: "
       "{{value}}") },
  { "T2001", N_("The left side of the {{token}} operator must evaluate to a number") },
  { "T2002", N_("The right side of the {{token}} operator must evaluate to a number") },
  { "T2003", N_("The left side of the range operator (..) must evaluate to an integer") },
  { "T2004", N_("The right side of the range operator (..) must evaluate to an integer") },
  { "T2006", N_("The right side of the function application operator ~> must be a function") },
  { "T2007",
    N_("Type mismatch when comparing values {{value}} and {{value2}} in order-by clause") },
  { "T2008",
    N_("The expressions within an order-by clause must evaluate to numeric or string values") },
  { "T2009",
    N_("The values {{value}} and {{value2}} either side of operator {{token}} must be of the "
       "same data type") },
  { "T2010",
    N_("The expressions either side of operator {{token}} must evaluate to numeric or string "
       "values") },
  { "T2011",
    N_("The insert/update clause of the transform expression must evaluate to an object: "
       "{{value}}") },
  { "T2012",
    N_("The delete clause of the transform expression must evaluate to a string or array of "
       "strings: {{value}}") },
  { "T2013",
    N_("The transform expression clones the input object using the $clone() function.  This "
       "has been overridden in the current scope by a non-function.") },
  { "D2014",
    N_("The size of the sequence allocated by the range operator (..) must not exceed 1e7.  "
       "Attempted to allocate {{value}}.") },
  { "D3001", N_("Attempting to invoke string function on Infinity or NaN") },
  { "D3010", N_("Second argument of replace function cannot be an empty string") },
  { "D3011", N_("Fourth argument of replace function must evaluate to a positive number") },
  { "D3012", N_("Attempted to replace a matched string with a non-string value") },
  { "D3020", N_("Third argument of split function must evaluate to a positive number") },
  { "D3030", N_("Unable to cast value to a number: {{value}}") },
  { "D3040", N_("Third argument of match function must evaluate to a positive number") },
  { "D3050",
    N_("The second argument of reduce function must be a function with at least two "
       "arguments") },
  { "D3060", N_("The sqrt function cannot be applied to a negative number: {{value}}") },
  { "D3061",
    N_("The power function has resulted in a value that cannot be represented as a JSON "
       "number: base={{value}}, exponent={{exp}}") },
  { "D3070",
    N_("The single argument form of the sort function can only be applied to an array of "
       "strings or an array of numbers.  Use the second argument to specify a comparison "
       "function") },
  { "D3080", N_("The picture string must only contain a maximum of two sub-pictures") },
  { "D3081",
    N_("The sub-picture must not contain more than one instance of the 'decimal-separator' "
       "character") },
  { "D3082",
    N_("The sub-picture must not contain more than one instance of the 'percent' character") },
  { "D3083",
    N_("The sub-picture must not contain more than one instance of the 'per-mille' character") },
  { "D3084", N_("The sub-picture must not contain both a 'percent' and a 'per-mille' character") },
  { "D3085",
    N_("The mantissa part of a sub-picture must contain at least one character that is "
       "either an 'optional digit character' or a member of the 'decimal digit family'") },
  { "D3086",
    N_("The sub-picture must not contain a passive character that is preceded by an active "
       "character and that is followed by another active character") },
  { "D3087",
    N_("The sub-picture must not contain a 'grouping-separator' character that appears "
       "adjacent to a 'decimal-separator' character") },
  { "D3088",
    N_("The sub-picture must not contain a 'grouping-separator' at the end of the integer "
       "part") },
  { "D3089",
    N_("The sub-picture must not contain two adjacent instances of the 'grouping-separator' "
       "character") },
  { "D3090",
    N_("The integer part of the sub-picture must not contain a member of the 'decimal digit "
       "family' that is followed by an instance of the 'optional digit character'") },
  { "D3091",
    N_("The fractional part of the sub-picture must not contain an instance of the 'optional "
       "digit character' that is followed by a member of the 'decimal digit family'") },
  { "D3092",
    N_("A sub-picture that contains a 'percent' or 'per-mille' character must not contain a "
       "character treated as an 'exponent-separator'") },
  { "D3093",
    N_("The exponent part of the sub-picture must comprise only of one or more characters "
       "that are members of the 'decimal digit family'") },
  { "D3100",
    N_("The radix of the formatBase function must be between 2 and 36.  It was given "
       "{{value}}") },
  { "D3110",
    N_("The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given "
       "{{value}}") },
  { "D3120", N_("Syntax error in expression passed to function eval: {{value}}") },
  { "D3121", N_("Dynamic error evaluating the expression passed to function eval: {{value}}") },
  { "D3130",
    N_("Formatting or parsing an integer as a sequence starting with {{value}} is not "
       "supported by this implementation") },
  { "D3131", N_("In a decimal digit pattern, all digits must be from the same decimal group") },
  { "D3132", N_("Unknown component specifier {{value}} in date/time picture string") },
  { "D3133",
    N_("The 'name' modifier can only be applied to months and days in the date/time picture "
       "string, not {{value}}") },
  { "D3134", N_("The timezone integer format specifier cannot have more than four digits") },
  { "D3135", N_("No matching closing bracket ']' in date/time picture string") },
  { "D3136",
    N_("The date/time picture string is missing specifiers required to parse the timestamp") },
  { "D3137", N_("{{{message}}}") },
  { "D3138",
    N_("The $single() function expected exactly 1 matching result.  Instead it matched more.") },
  { "D3139",
    N_("The $single() function expected exactly 1 matching result.  Instead it matched 0.") },
  { "D3140", N_("Malformed URL passed to ${{{functionName}}}(): {{value}}") },
  { "D3141", N_("{{{message}}}") },
  { "D3150", N_("The argument of the $parse function is not valid JSON: {{value}}") },
  { "D3151",
    N_("The algorithm of the $hash function must be one of MD5, SHA-1, SHA-256, SHA-384 or "
       "SHA-512: {{value}}") },
  { "D3152",
    N_("The size given to the $partition function must be a positive integer: {{value}}") },
  { "D3153", N_("The step given to the $range function must not be zero") },
};

static void
append_json_quoted (GString    *out,
                    const char *text)
{
  stringify_string (out, text, strlen (text));
}

/* The message of @error, its inserts filled in: {{x}} as JSON, {{{x}}} as they are. */
char *
jn_error_format (const JnError *error,
                 const char    *source)
{
  const char *template = NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (error_messages); i++)
    if (strcmp (error_messages[i].code, error->code) == 0)
      {
        template = _(error_messages[i].message);
        break;
      }
  if (template == NULL)
    template = error->message != NULL ? "{{{message}}}" : _("Error");

  for (const char *p = template; *p != '\0'; p++)
    {
      gboolean triple = g_str_has_prefix (p, "{{{");
      gboolean dbl = !triple && g_str_has_prefix (p, "{{");

      if (triple || dbl)
        {
          const char *start = p + (triple ? 3 : 2);
          const char *end = strstr (start, triple ? "}}}" : "}}");
          g_autofree char *field = NULL;

          if (end == NULL)
            {
              g_string_append (out, p);
              break;
            }
          field = g_strndup (start, (gsize) (end - start));
          p = end + (triple ? 2 : 1);

          if (strcmp (field, "token") == 0)
            {
              if (error->token == NULL)
                g_string_append (out, triple ? "undefined" : "");
              else if (triple)
                g_string_append (out, error->token);
              else
                append_json_quoted (out, error->token);
            }
          else if (strcmp (field, "message") == 0)
            g_string_append (out, error->message != NULL ? error->message : "");
          else if (strcmp (field, "functionName") == 0 || strcmp (field, "exp") == 0)
            g_string_append (out, error->detail != NULL ? error->detail : "");
          else if (strcmp (field, "index") == 0)
            g_string_append_printf (out, "%d", error->index);
          else if (strcmp (field, "type") == 0)
            g_string_append (out, error->detail != NULL ? error->detail : "");
          else if (strcmp (field, "value") == 0 || strcmp (field, "value2") == 0)
            {
              gboolean second = field[5] == '2';
              JnVal v = second ? error->value2 : error->value;
              gboolean have = second ? error->have_value2 : error->have_value;

              if (!have && !second && error->detail != NULL)
                append_json_quoted (out, error->detail);
              else if (!have || v.type == JN_UNDEF)
                g_string_append (out, "undefined");
              else if (v.type == JN_NUMBER)
                {
                  if (isfinite (v.u.n))
                    jn_format_number (out, v.u.n);
                  else
                    g_string_append (out, "null");
                }
              else if (v.type == JN_STRING)
                stringify_string (out, v.u.s, v.aux);
              else if (v.type == JN_BOOL)
                g_string_append (out, v.b ? "true" : "false");
              else if (v.type == JN_NULL)
                g_string_append (out, "null");
              else if (v.type == JN_ARRAY)
                g_string_append (out, "[…]");
              else if (v.type == JN_OBJECT)
                g_string_append (out, "{…}");
              else
                g_string_append (out, "\"\"");
            }
          continue;
        }
      g_string_append_c (out, *p);
    }
  (void) source;
  return g_string_free (out, FALSE);
}
