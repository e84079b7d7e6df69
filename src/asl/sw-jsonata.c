/* sw-jsonata.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The public face of the JSONata engine: compiling an expression, evaluating it against an
 * #SwValue with variable bindings and limits, and errors that carry JSONata's own codes. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-dtoa.h"
#include "sw-json.h"
#include "sw-jsonata-private.h"
#include "sw-value-private.h"

#define DEFAULT_MAX_DEPTH 4000
/* a result must read back as JSON (sw_json_parse () takes SW_JSON_MAX_DEPTH levels) */
#define MAX_VALUE_DEPTH   SW_JSON_MAX_DEPTH

/* ---- Errors: the GError code is the class; the JSONata code travels in private data */

typedef struct
{
  char  code[6];
  int   position;
  char *token;
} SwJsonataErrorPrivate;

static void
sw_jsonata_error_private_init (SwJsonataErrorPrivate *priv)
{
  priv->position = -1;
}

static void
sw_jsonata_error_private_copy (const SwJsonataErrorPrivate *src,
                               SwJsonataErrorPrivate       *dest)
{
  memcpy (dest->code, src->code, sizeof dest->code);
  dest->position = src->position;
  dest->token = g_strdup (src->token);
}

static void
sw_jsonata_error_private_clear (SwJsonataErrorPrivate *priv)
{
  g_clear_pointer (&priv->token, g_free);
}

G_DEFINE_EXTENDED_ERROR (SwJsonataError, sw_jsonata_error)

/**
 * sw_jsonata_error_get_code:
 * @error: a #GError
 *
 * Returns: (nullable): the JSONata error code (`S0201`, `T2001` …) of an error in the
 *   %SW_JSONATA_ERROR domain, %NULL for any other error
 */
const char *
sw_jsonata_error_get_code (const GError *error)
{
  SwJsonataErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = sw_jsonata_error_get_private (error);
  return priv != NULL ? priv->code : NULL;
}

/**
 * sw_jsonata_error_get_position:
 * @error: a #GError
 *
 * Returns: the character offset in the expression just past the token the error is about, as
 *   JSONata reports it, or -1 when unknown
 */
int
sw_jsonata_error_get_position (const GError *error)
{
  SwJsonataErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, -1);

  priv = sw_jsonata_error_get_private (error);
  return priv != NULL ? priv->position : -1;
}

/**
 * sw_jsonata_error_get_token:
 * @error: a #GError
 *
 * Returns: (nullable): the token the error is about (an operator, a function name …)
 */
const char *
sw_jsonata_error_get_token (const GError *error)
{
  SwJsonataErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = sw_jsonata_error_get_private (error);
  return priv != NULL ? priv->token : NULL;
}

static int
char_offset (const char *source,
             int         byte_offset)
{
  gsize len = strlen (source);

  if (byte_offset < 0)
    return -1;
  return (int) jn_utf8_length (source, MIN ((gsize) byte_offset, len));
}

static void
propagate (GError       **error,
           const JnError *jerr,
           const char    *source)
{
  g_autofree char *text = jn_error_format (jerr, source);
  SwJsonataErrorKind kind;
  SwJsonataErrorPrivate *priv;
  GError *e;

  if (strcmp (jerr->code, "D1011") == 0 || strcmp (jerr->code, "D1012") == 0)
    kind = SW_JSONATA_ERROR_LIMIT;
  else if (jerr->code[0] == 'S')
    kind = SW_JSONATA_ERROR_STATIC;
  else if (jerr->code[0] == 'T')
    kind = SW_JSONATA_ERROR_TYPE;
  else
    kind = SW_JSONATA_ERROR_DYNAMIC;

  e = g_error_new (SW_JSONATA_ERROR, kind, "%s: %s", jerr->code, text);
  priv = sw_jsonata_error_get_private (e);
  memcpy (priv->code, jerr->code, sizeof priv->code);
  priv->position = char_offset (source, jerr->position);
  priv->token = g_strdup (jerr->token);
  g_propagate_error (error, e);
}

/* ---- Compiled expressions */

struct _SwJsonata
{
  gatomicrefcount  ref_count;
  char            *source;
  JnArena         *arena;
  JnNode          *root;
  GArray          *lexemes;    /* JnLexeme of the number literals (JN_LEXEME_LITERAL) */
};

G_DEFINE_BOXED_TYPE (SwJsonata, sw_jsonata, sw_jsonata_ref, sw_jsonata_unref)

/**
 * sw_jsonata_compile:
 * @expression: a JSONata expression, UTF-8
 * @error: return location for a #GError in the %SW_JSONATA_ERROR domain
 *
 * Parses @expression and runs its static checks.
 *
 * Returns: (transfer full) (nullable): the compiled expression
 */
SwJsonata *
sw_jsonata_compile (const char *expression,
                    GError    **error)
{
  SwJsonata *self;
  JnError jerr = { 0 };

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SwJsonata, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->source = g_strdup (expression);
  self->arena = jn_arena_new ();
  self->lexemes = g_array_new (FALSE, FALSE, sizeof (JnLexeme));
  jerr.position = -1;

  if (!g_utf8_validate (expression, -1, NULL))
    {
      memcpy (jerr.code, "S0201", 6);
      propagate (error, &jerr, "");
      sw_jsonata_unref (self);
      return NULL;
    }

  self->root = jn_parse (self->arena, self->source, self->lexemes, &jerr);
  if (self->root == NULL)
    {
      propagate (error, &jerr, self->source);
      sw_jsonata_unref (self);
      return NULL;
    }
  return self;
}

SwJsonata *
sw_jsonata_ref (SwJsonata *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sw_jsonata_unref (SwJsonata *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      jn_arena_free (self->arena);
      g_array_unref (self->lexemes);
      g_free (self->source);
      g_free (self);
    }
}

/**
 * sw_jsonata_get_source:
 *
 * Returns: the expression as it was compiled
 */
const char *
sw_jsonata_get_source (SwJsonata *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

/* ---- Values across the boundary */

/* The value of a JSON number lexeme, as g_ascii_strtod () reads it: its digits and decimal
 * exponent, correctly rounded by sw_dtoa_decimal_to_double (); strtod for what does not
 * fit them. */
static double
lexeme_value (const char *text)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 digits = 0;
  int exponent = 0;
  double value;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      if (digits >= G_GUINT64_CONSTANT (100000000000000000))
        return g_ascii_strtod (text, NULL);
      digits = digits * 10 + (guint64) (*p - '0');
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (digits >= G_GUINT64_CONSTANT (100000000000000000))
          return g_ascii_strtod (text, NULL);
        digits = digits * 10 + (guint64) (*p - '0');
        exponent--;
      }
  if (*p == 'e' || *p == 'E')
    {
      int sign = 1, e = 0;

      p++;
      if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (e > 10000)
            return g_ascii_strtod (text, NULL);
          e = e * 10 + (*p - '0');
        }
      exponent += sign * e;
    }
  if (*p != '\0')
    return g_ascii_strtod (text, NULL);
  value = sw_dtoa_decimal_to_double (digits, exponent);
  return negative ? -value : value;
}

/* How an SwValue becomes evaluator values: in the evaluation's arena borrowing the strings
 * (sw_jsonata_evaluate ()), or in a prepared input's arena with copies of them. */
typedef struct
{
  JnCtx   *ctx;
  GArray  *lexemes;       /* JnLexeme */
  guint32  lexeme_flag;   /* JN_LEXEME_SHARED for a prepared input */
  gboolean copy;
} Import;

static JnVal
import_value (Import        *im,
              const SwValue *value)
{
  JnCtx *ctx = im->ctx;

  switch (_sw_value_kind (value))
    {
    case SW_VALUE_NULL:
      return jn_null ();
    case SW_VALUE_BOOLEAN:
      return jn_bool (sw_value_get_boolean (value));
    case SW_VALUE_NUMBER:
      {
        const char *text = _sw_value_text (value);
        JnLexeme lexeme = { text, _sw_value_text_length (value), lexeme_value (text) };
        JnVal v = jn_num (lexeme.value);

        if (im->copy)
          lexeme.text = jn_arena_strndup (ctx->arena, text, _sw_value_text_length (value));
        g_array_append_val (im->lexemes, lexeme);
        v.aux = im->lexemes->len | im->lexeme_flag;
        return v;
      }
    case SW_VALUE_STRING:
      if (im->copy)
        return jn_str (ctx, _sw_value_text (value), (gssize) _sw_value_text_length (value));
      return jn_str_static (_sw_value_text (value), _sw_value_text_length (value));
    case SW_VALUE_ARRAY:
      {
        guint len = _sw_value_n_items (value);
        JnVal arr = jn_arr_new (ctx, len);

        for (guint i = 0; i < len; i++)
          arr.u.a->items[i] = import_value (im, _sw_value_item (value, i));
        arr.u.a->len = len;
        if (im->copy)
          arr.u.a->flags |= JN_ARR_SHARED;
        return arr;
      }
    case SW_VALUE_OBJECT:
      {
        JnVal obj = jn_obj_new (ctx);
        guint size = _sw_value_n_members (value);

        if (size > 0)
          {
            obj.u.o->m = jn_arena_alloc (ctx->arena, size * sizeof (JnMember));
            obj.u.o->cap = size;
          }
        for (guint i = 0; i < size; i++)
          {
            const char *key = _sw_value_key (value, i);
            gsize klen = g_ref_string_length ((char *) key);

            if (im->copy)
              key = jn_arena_strndup (ctx->arena, key, klen);
            jn_obj_set (ctx, obj.u.o, key, klen, import_value (im, _sw_value_member (value, i)));
          }
        return obj;
      }
    default:
      return JN_UNDEF_VAL;
    }
}

/* g_utf8_validate () stops at NUL, which JSON strings may hold (\u0000) */
static gboolean
utf8_valid_with_nuls (const char *text,
                      gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  /* ASCII, the usual text, eight bytes at a time */
  for (; (gsize) (end - p) >= 8; p += 8)
    {
      guint64 word;

      memcpy (&word, p, 8);
      if (word & G_GUINT64_CONSTANT (0x8080808080808080))
        break;
    }
  while (p < end && (guchar) *p < 0x80)
    p++;

  while (p < end)
    {
      const char *nul = memchr (p, '\0', (gsize) (end - p));
      const char *stop = nul != NULL ? nul : end;

      if (!g_utf8_validate_len (p, (gsize) (stop - p), NULL))
        return FALSE;
      p = stop + (nul != NULL ? 1 : 0);
    }
  return TRUE;
}

/* What sw_value_new_double () writes, the shortest lexeme that reads back as @n (finite),
 * into @buf (48 bytes); returns its length */
static gsize
number_lexeme (char   *buf,
               double  n)
{
  /* integers, and fractions from 1e-4, which %g writes without exponent */
  int len = n < 0 ? 1 : 0;
  int digits = jn_format_shortest_fixed (buf + len, fabs (n), 1e-4);

  if (digits > 0)
    {
      buf[0] = n < 0 ? '-' : buf[0];
      return (gsize) (len + digits);
    }
  return sw_dtoa_format_g (buf, n);
}

static SwValue *
number_value (SwValueArena *arena,
              double        n)
{
  char buf[48];

  if (!isfinite (n))
    return _sw_value_new_literal (arena, SW_VALUE_NULL, FALSE);
  return _sw_value_new_number_copy (arena, buf, number_lexeme (buf, n));
}

/* The length of number_lexeme () of @n, finite: integers counted without writing them */
static gsize
number_lexeme_length (double n)
{
  char buf[48];

  if (n == floor (n) && fabs (n) < 9007199254740992.0)
    {
      guint64 u = (guint64) fabs (n);
      gsize len = n < 0 ? 2 : 1;

      for (; u >= 10; u /= 10)
        len++;
      return len;
    }
  return number_lexeme (buf, n);
}

#define KEY_CACHE_SIZE       1024
#define KEY_CACHE_MAX_LENGTH 64
#define PERMANENT_KEYS_MAX   16384

/* Keys of results that live as long as the program, shared by all results (up to
 * PERMANENT_KEYS_MAX short keys): an object whose keys are all permanent holds no reference
 * to them (SW_VALUE_FLAG_PERMANENT_KEYS), so building and freeing it counts no references and
 * never takes GLib's lock on interned strings, which releasing a key's last reference does. */
G_LOCK_DEFINE_STATIC (permanent_keys);
static GHashTable *permanent_keys;  /* GRefString -> itself */

/* The keys of recent results, per thread, two-way by hash: permanent keys, so a key met
 * again is neither looked up under the lock, nor allocated, nor validated again. */
typedef struct
{
  const char *keys[KEY_CACHE_SIZE];
  guint32     lengths[KEY_CACHE_SIZE];
} KeyCache;

static char *
permanent_key (const char *key,
               gsize       klen)
{
  char *found;

  G_LOCK (permanent_keys);
  if (permanent_keys == NULL)
    permanent_keys = g_hash_table_new (g_str_hash, g_str_equal);
  found = g_hash_table_lookup (permanent_keys, key);
  if (found == NULL && g_hash_table_size (permanent_keys) < PERMANENT_KEYS_MAX)
    {
      found = g_ref_string_new_len (key, (gssize) klen);
      g_hash_table_add (permanent_keys, found);
    }
  G_UNLOCK (permanent_keys);
  return found;
}

/* memcmp () == 0 for the short keys of the cache, without a call */
static inline gboolean
short_equal (const char *a,
             const char *b,
             gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (a[i] != b[i])
      return FALSE;
  return TRUE;
}

/* A key as UTF-8 (lone surrogates made valid): a permanent one (*permanent set, no reference
 * taken) or a new reference. */
static char *
result_key (KeyCache       *cache,
            const JnMember *m,
            gboolean       *permanent)
{
  guint slot = m->hash & (KEY_CACHE_SIZE - 2);
  char *key;

  /* two ways: keys that meet in a slot take turns in the pair rather than evict each other */
  for (guint way = slot; way <= slot + 1; way++)
    if (cache->keys[way] != NULL && cache->lengths[way] == m->klen &&
        short_equal (cache->keys[way], m->key, m->klen))
      {
        *permanent = TRUE;
        return (char *) cache->keys[way];
      }
  *permanent = FALSE;
  /* keys, like strings, may hold lone surrogates, which UTF-8 cannot */
  if (!utf8_valid_with_nuls (m->key, m->klen))
    {
      g_autofree char *valid = g_utf8_make_valid (m->key, m->klen);

      return g_ref_string_new (valid);
    }
  if (m->klen > KEY_CACHE_MAX_LENGTH || memchr (m->key, '\0', m->klen) != NULL)
    return g_ref_string_new_len (m->key, m->klen);
  {
    char text[KEY_CACHE_MAX_LENGTH + 1];

    memcpy (text, m->key, m->klen);
    text[m->klen] = '\0';
    key = permanent_key (text, m->klen);
    if (key == NULL)
      return g_ref_string_new_len (m->key, m->klen);
  }
  /* the newer key goes first, the older second, the oldest out */
  cache->keys[slot + 1] = cache->keys[slot];
  cache->lengths[slot + 1] = cache->lengths[slot];
  cache->keys[slot] = key;
  cache->lengths[slot] = m->klen;
  *permanent = TRUE;
  return key;
}

/* Results are built with the reader's allocator: a large result in pages of values, a small
 * one in blocks of values, a scalar alone (arena NULL). Arrays and objects are made with
 * room for their items, which are stored in place. */
/* What converting a result needs besides the value: three pointers passed as one. */
typedef struct
{
  JnCtx        *ctx;
  KeyCache     *keys;
  SwValueArena *arena;
  gsize         outside;  /* what result_size () counted that went outside the arena */
} Convert;

/* The bytes to_sw_value () takes in its arena for a value that holds no other, as
 * value_alloc_in () counts them (functions in arrays become null). */
static inline gsize
scalar_size (const JnCtx *ctx,
             JnVal        v)
{
  if (v.type == JN_STRING)
    {
      /* as if valid UTF-8: a string that is not goes outside, counted in Convert.outside */
      return _sw_value_block_size (v.aux + 1);
    }
  if (v.type == JN_NUMBER)
    {
      const JnLexeme *lexeme = jn_lexeme_of (ctx, v);
      double n = v.u.n == 0 ? 0.0 : v.u.n;

      if (lexeme != NULL && lexeme->value == v.u.n)
        return _sw_value_block_size (lexeme->length + 1);
      if (isfinite (n))
        return _sw_value_block_size (number_lexeme_length (n) + 1);
    }
  return _sw_value_block_size (0);
}

#define SIZE_UNKNOWN G_MAXSIZE

/* The bytes to_sw_value () takes in its arena for an array, object or tuple, so that a small
 * result is one block of exactly its size; SIZE_UNKNOWN, once the walk passes what one block
 * holds, or for results too deep to convert. */
static gsize
result_size (const JnCtx *ctx,
             JnVal        v,
             int          level)
{
  gsize total;

  if (level >= MAX_VALUE_DEPTH)
    return SIZE_UNKNOWN;
  if (v.type == JN_TUPLE)
    {
      v = v.u.t->b[0].val;
      if (v.type != JN_ARRAY && v.type != JN_OBJECT && v.type != JN_TUPLE)
        return v.type == JN_FUNC ? 0 : scalar_size (ctx, v);
      return result_size (ctx, v, level + 1);
    }
  if (v.type == JN_ARRAY)
    {
      total = _sw_value_block_size (v.u.a->len * sizeof (SwValue *));
      for (guint i = 0; i < v.u.a->len; i++)
        {
          JnVal item = v.u.a->items[i];

          if (item.type == JN_ARRAY || item.type == JN_OBJECT || item.type == JN_TUPLE)
            {
              gsize size = result_size (ctx, item, level + 1);

              if (size == SIZE_UNKNOWN)
                return SIZE_UNKNOWN;
              total += size;
            }
          else
            total += scalar_size (ctx, item);
          if (total > _SW_VALUE_BLOCK_HINT_MAX)
            return SIZE_UNKNOWN;
        }
    }
  else
    {
      /* room for every member, those left out too */
      total = _sw_value_block_size (v.u.o->len * sizeof (SwMember));
      for (guint i = 0; i < v.u.o->len; i++)
        {
          JnVal val = v.u.o->m[i].val;

          if (val.type == JN_ARRAY || val.type == JN_OBJECT || val.type == JN_TUPLE)
            {
              gsize size = result_size (ctx, val, level + 1);

              if (size == SIZE_UNKNOWN)
                return SIZE_UNKNOWN;
              total += size;
            }
          else if (val.type != JN_UNDEF && val.type != JN_FUNC)
            total += scalar_size (ctx, val);
          if (total > _SW_VALUE_BLOCK_HINT_MAX)
            return SIZE_UNKNOWN;
        }
    }
  return total;
}

static SwValue *
to_sw_value (Convert *cv,
             JnVal          v,
             int            level)
{
  JnCtx *ctx = cv->ctx;
  SwValueArena *arena = cv->arena;

  if (level >= MAX_VALUE_DEPTH && (v.type == JN_ARRAY || v.type == JN_OBJECT))
    {
      jn_error (ctx, "D1011", -1, NULL);
      return sw_value_new_null ();
    }
  switch (v.type)
    {
    case JN_NULL:
    case JN_UNDEF:
      return _sw_value_new_literal (arena, SW_VALUE_NULL, FALSE);
    case JN_BOOL:
      return _sw_value_new_literal (arena, SW_VALUE_BOOLEAN, v.b);
    case JN_NUMBER:
      {
        const JnLexeme *lexeme = jn_lexeme_of (ctx, v);

        if (lexeme != NULL && lexeme->value == v.u.n)
          return _sw_value_new_number_copy (arena, lexeme->text, lexeme->length);
        return number_value (arena, v.u.n == 0 ? 0.0 : v.u.n);
      }
    case JN_STRING:
      if (!utf8_valid_with_nuls (v.u.s, v.aux))
        {
          /* lone surrogates from \uD800-style escapes have no UTF-8 form */
          cv->outside += _sw_value_block_size (v.aux + 1);
          return sw_value_new_string_take (g_utf8_make_valid (v.u.s, v.aux));
        }
      return _sw_value_new_string_copy (arena, v.u.s, v.aux);
    case JN_ARRAY:
      {
        guint len = v.u.a->len;
        SwValue *array = _sw_value_new_container (arena, SW_VALUE_ARRAY, len);
        SwValue **items = array->array.items;

        for (guint i = 0; i < len; i++)
          {
            JnVal item = v.u.a->items[i];

            /* as JSON.stringify writes them: functions in arrays become null */
            if (item.type == JN_FUNC)
              items[i] = _sw_value_new_literal (arena, SW_VALUE_NULL, FALSE);
            else
              items[i] = to_sw_value (cv, item, level + 1);
          }
        array->array.len = len;
        return array;
      }
    case JN_OBJECT:
      {
        SwValue *object = _sw_value_new_container (arena, SW_VALUE_OBJECT, v.u.o->len);
        SwMember *members = object->object.members;
        guint n = 0;
        gboolean all_permanent = TRUE;

        for (guint i = 0; i < v.u.o->len; i++)
          {
            JnMember *m = &v.u.o->m[i];
            gboolean permanent;

            /* members holding functions are left out, as JSON.stringify does */
            if (m->val.type == JN_UNDEF || m->val.type == JN_FUNC)
              continue;
            members[n].key = result_key (cv->keys, m, &permanent);
            /* one key that is not permanent: the object holds a reference to each */
            if (all_permanent && !permanent)
              {
                all_permanent = FALSE;
                for (guint j = 0; j < n; j++)
                  g_ref_string_acquire (members[j].key);
              }
            else if (!all_permanent && permanent)
              g_ref_string_acquire (members[n].key);
            members[n].line = members[n].column = 0;
            members[n].value = to_sw_value (cv, m->val, level + 1);
            n++;
          }
        object->object.len = n;
        if (n > 8)    /* small objects get no index: spare the call */
          _sw_value_object_filled (object);
        if (all_permanent && n > 0)
          object->flags |= SW_VALUE_FLAG_PERMANENT_KEYS;
        return object;
      }
    case JN_FUNC:
      /* functions have no JSON form; a function result is reported as undefined */
      return NULL;
    case JN_TUPLE:
      return to_sw_value (cv, v.u.t->b[0].val, level + 1);
    default:
      return sw_value_new_null ();
    }
}

/* Whether a result is large enough for pages of values (a small one would hold a page). */
static gboolean
is_large (JnVal v)
{
  return (v.type == JN_ARRAY && v.u.a->len >= 256) || (v.type == JN_OBJECT && v.u.o->len >= 256);
}

/* ---- Prepared inputs */

struct _SwJsonataDocument
{
  JnArena *arena;
  GArray  *lexemes;     /* JnLexeme */
  JnVal    root;
};

G_DEFINE_BOXED_TYPE (SwJsonataDocument, sw_jsonata_document, sw_jsonata_document_ref,
                     sw_jsonata_document_unref)

/**
 * sw_jsonata_document_new:
 * @value: a JSON value
 *
 * Converts @value, once, into the values the evaluator works on, so that expressions can be
 * evaluated against it again and again without converting it each time (see
 * sw_jsonata_evaluate_document()). The document holds its own copy: @value may change or go
 * afterwards. A document is not changed by evaluation.
 *
 * Returns: (transfer full): the prepared input
 */
SwJsonataDocument *
sw_jsonata_document_new (const SwValue *value)
{
  SwJsonataDocument *self;
  JnCtx ctx = { 0 };
  Import im = { 0 };

  g_return_val_if_fail (value != NULL, NULL);

  self = g_atomic_rc_box_new0 (SwJsonataDocument);
  self->arena = jn_arena_new ();
  self->lexemes = g_array_new (FALSE, FALSE, sizeof (JnLexeme));
  ctx.arena = self->arena;
  im.ctx = &ctx;
  im.lexemes = self->lexemes;
  im.lexeme_flag = JN_LEXEME_SHARED;
  im.copy = TRUE;
  self->root = import_value (&im, value);
  return self;
}

SwJsonataDocument *
sw_jsonata_document_ref (SwJsonataDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
sw_jsonata_document_clear (gpointer data)
{
  SwJsonataDocument *self = data;

  jn_arena_free (self->arena);
  g_array_unref (self->lexemes);
}

void
sw_jsonata_document_unref (SwJsonataDocument *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, sw_jsonata_document_clear);
}

/* ---- Evaluation */

/* What one evaluation needs besides the expression: kept per thread between evaluations, so
 * that a small evaluation allocates nothing but its result. */
typedef struct
{
  JnArena *arena;
  GArray  *lexemes;
  gboolean busy;      /* an evaluation within this one makes its own */
  gboolean spare;     /* made for such an evaluation, freed after it */
  KeyCache keys;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  jn_arena_free (scratch->arena);
  g_array_unref (scratch->lexemes);
  g_free (scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
scratch_new (void)
{
  Scratch *scratch = g_new0 (Scratch, 1);

  scratch->arena = jn_arena_new ();
  scratch->lexemes = g_array_new (FALSE, FALSE, sizeof (JnLexeme));
  return scratch;
}

static Scratch *
scratch_take (void)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (scratch == NULL)
    {
      scratch = scratch_new ();
      g_private_set (&scratch_key, scratch);
    }
  else if (scratch->busy)
    {
      scratch = scratch_new ();
      scratch->spare = TRUE;
    }
  scratch->busy = TRUE;
  return scratch;
}

static void
scratch_give_back (Scratch *scratch)
{
  if (scratch->spare)
    {
      scratch_free (scratch);
      return;
    }
  jn_arena_reset (scratch->arena);
  if (scratch->lexemes->len > 65536)
    {
      g_array_unref (scratch->lexemes);
      scratch->lexemes = g_array_new (FALSE, FALSE, sizeof (JnLexeme));
    }
  g_array_set_size (scratch->lexemes, 0);
  scratch->busy = FALSE;
}

/* Binds the members of a prepared object as variables, its numbers keeping their lexemes. */
static void
bind_scope (JnCtx             *ctx,
            SwJsonataDocument *scope)
{
  JnObj *variables = scope->root.u.o;

  for (guint i = 0; i < variables->len; i++)
    {
      JnMember *m = &variables->m[i];

      jn_frame_bind (ctx, ctx->root, m->key, jn_hash (m->key, m->klen), m->val);
    }
  ctx->doc_lexemes = (const JnLexeme *) (gpointer) scope->lexemes->data;
  ctx->n_doc_lexemes = scope->lexemes->len;
}

static SwValue *
evaluate (SwJsonata             *self,
          const SwValue         *input,
          SwJsonataDocument     *document,
          const SwValue         *bindings,
          SwJsonataDocument     *scope,
          const SwJsonataLimits *limits,
          GError               **error)
{
  JnCtx ctx = { 0 };
  JnVal in = JN_UNDEF_VAL;
  JnVal result;
  SwValue *out = NULL;
  Scratch *scratch;
  Import im = { &ctx, NULL, 0, FALSE };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (bindings == NULL || sw_value_is_object (bindings), NULL);
  g_return_val_if_fail (scope == NULL || (scope->root.type == JN_OBJECT && document == NULL),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scratch = scratch_take ();
  im.lexemes = scratch->lexemes;
  ctx.arena = scratch->arena;
  ctx.lexemes = scratch->lexemes;
  ctx.literal_lexemes = (const JnLexeme *) (gpointer) self->lexemes->data;
  ctx.n_literal_lexemes = self->lexemes->len;
  ctx.max_depth = limits != NULL && limits->max_depth > 0 ? limits->max_depth
                                                          : DEFAULT_MAX_DEPTH;
  ctx.timeout_ms = limits != NULL ? limits->timeout_ms : 0;
  if (ctx.timeout_ms > 0)
    ctx.deadline = g_get_monotonic_time () + (gint64) ctx.timeout_ms * 1000;
  ctx.root = jn_frame_new (&ctx, NULL);
  /* room for "$" and a few bindings without growing */
  ctx.root->cap = 8;
  ctx.root->b = jn_arena_alloc (ctx.arena, ctx.root->cap * sizeof (JnBinding));

  if (bindings != NULL)
    for (guint i = 0; i < sw_value_object_get_size (bindings); i++)
      {
        const char *name = sw_value_object_get_key (bindings, i);

        jn_frame_bind (&ctx, ctx.root, name, jn_hash (name, strlen (name)),
                       import_value (&im, sw_value_object_get_value (bindings, i)));
      }
  if (scope != NULL)
    bind_scope (&ctx, scope);

  if (document != NULL)
    {
      in = document->root;
      ctx.doc_lexemes = (const JnLexeme *) (gpointer) document->lexemes->data;
      ctx.n_doc_lexemes = document->lexemes->len;
    }
  else if (input != NULL)
    in = import_value (&im, input);
  if (ctx.root->len == 0)
    {
      /* the usual first binding, stored in place */
      ctx.root->b[0].name = "$";
      ctx.root->b[0].hash = jn_hash ("$", 1);
      ctx.root->b[0].val = in;
      ctx.root->len = 1;
    }
  else
    jn_frame_bind (&ctx, ctx.root, "$", jn_hash ("$", 1), in);
  if (in.type == JN_ARRAY)
    {
      in = jn_seq_of (&ctx, in);
      in.u.a->flags |= JN_ARR_OUTER_WRAPPER;
    }

  result = jn_eval_root (&ctx, self->root, in);
  if (!JN_FAILED (&ctx) && result.type != JN_UNDEF && result.type != JN_FUNC)
    {
      SwValueArena values = { .blocks = !is_large (result) };
      gboolean scalar = result.type != JN_ARRAY && result.type != JN_OBJECT;
      Convert cv = { &ctx, &scratch->keys, scalar ? NULL : &values, 0 };

      /* a small result in one block of its size: a 1 KiB block would stay alive as long
       * as any value of the result does */
      if (values.blocks && !scalar)
        {
          gsize size = result_size (&ctx, result, 0);

          values.hint = size != SIZE_UNKNOWN ? size : 0;
        }
      out = to_sw_value (&cv, result, 0);
      /* the block is filled exactly (a failed conversion is dropped) */
      if (values.hint != 0 && ctx.error == NULL)
        g_warn_if_fail (values.page != NULL && values.size - values.used == cv.outside);
      _sw_value_arena_finish (&values);
      if (JN_FAILED (&ctx))
        g_clear_pointer (&out, sw_value_unref);
    }
  if (JN_FAILED (&ctx))
    propagate (error, ctx.error, self->source);

  scratch_give_back (scratch);
  return out;
}

/**
 * sw_jsonata_evaluate:
 * @self: a compiled expression
 * @input: (nullable): the input document; %NULL evaluates against undefined
 * @bindings: (nullable): an object whose members are bound as variables (`$name`)
 * @error: return location for a #GError in the %SW_JSONATA_ERROR domain
 *
 * Evaluates @self with the default limits (see #SwJsonataLimits).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error unset when the result
 *   is undefined
 */
SwValue *
sw_jsonata_evaluate (SwJsonata     *self,
                     const SwValue *input,
                     const SwValue *bindings,
                     GError       **error)
{
  return sw_jsonata_evaluate_full (self, input, bindings, NULL, error);
}

/**
 * sw_jsonata_evaluate_full:
 * @self: a compiled expression
 * @input: (nullable): the input document; %NULL evaluates against undefined
 * @bindings: (nullable): an object whose members are bound as variables (`$name`)
 * @limits: (nullable): bounds on depth and time
 * @error: return location for a #GError in the %SW_JSONATA_ERROR domain
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error unset when the result
 *   is undefined
 */
SwValue *
sw_jsonata_evaluate_full (SwJsonata             *self,
                          const SwValue         *input,
                          const SwValue         *bindings,
                          const SwJsonataLimits *limits,
                          GError               **error)
{
  return evaluate (self, input, NULL, bindings, NULL, limits, error);
}

/**
 * sw_jsonata_evaluate_document:
 * @self: a compiled expression
 * @input: (nullable): the input, prepared with sw_jsonata_document_new(); %NULL evaluates
 *   against undefined
 * @bindings: (nullable): an object whose members are bound as variables (`$name`)
 * @limits: (nullable): bounds on depth and time
 * @error: return location for a #GError in the %SW_JSONATA_ERROR domain
 *
 * Like sw_jsonata_evaluate_full(), against an input converted once for many evaluations.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error unset when the result
 *   is undefined
 */
SwValue *
sw_jsonata_evaluate_document (SwJsonata             *self,
                              SwJsonataDocument     *input,
                              const SwValue         *bindings,
                              const SwJsonataLimits *limits,
                              GError               **error)
{
  return evaluate (self, NULL, input, bindings, NULL, limits, error);
}

/**
 * sw_jsonata_evaluate_scope:
 * @self: a compiled expression
 * @input: (nullable): the input document; %NULL evaluates against undefined
 * @bindings: (nullable): an object whose members are bound as variables (`$name`)
 * @scope: (nullable): an object prepared with sw_jsonata_document_new(), whose members are
 *   bound as variables too (over those of @bindings with the same name)
 * @limits: (nullable): bounds on depth and time
 * @error: return location for a #GError in the %SW_JSONATA_ERROR domain
 *
 * Like sw_jsonata_evaluate_full(), with variables converted once for many evaluations: for
 * evaluating several expressions with the same, possibly large, variables.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error unset when the result
 *   is undefined
 */
SwValue *
sw_jsonata_evaluate_scope (SwJsonata             *self,
                           const SwValue         *input,
                           const SwValue         *bindings,
                           SwJsonataDocument     *scope,
                           const SwJsonataLimits *limits,
                           GError               **error)
{
  return evaluate (self, input, NULL, bindings, scope, limits, error);
}
