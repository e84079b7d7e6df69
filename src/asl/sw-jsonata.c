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
  jerr.position = -1;

  if (!g_utf8_validate (expression, -1, NULL))
    {
      memcpy (jerr.code, "S0201", 6);
      propagate (error, &jerr, "");
      sw_jsonata_unref (self);
      return NULL;
    }

  self->root = jn_parse (self->arena, self->source, &jerr);
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

static JnVal
from_sw_value (JnCtx         *ctx,
               const SwValue *value)
{
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_NULL:
      return jn_null ();
    case SW_VALUE_BOOLEAN:
      return jn_bool (sw_value_get_boolean (value));
    case SW_VALUE_NUMBER:
      {
        JnVal v = jn_num (sw_value_get_double (value));

        g_ptr_array_add (ctx->lexemes, (gpointer) value);
        v.aux = ctx->lexemes->len;
        return v;
      }
    case SW_VALUE_STRING:
      return jn_str_static (sw_value_get_string (value), sw_value_get_string_length (value));
    case SW_VALUE_ARRAY:
      {
        guint len = sw_value_array_get_length (value);
        JnVal arr = jn_arr_new (ctx, len);

        for (guint i = 0; i < len; i++)
          arr.u.a->items[i] = from_sw_value (ctx, sw_value_array_get (value, i));
        arr.u.a->len = len;
        return arr;
      }
    case SW_VALUE_OBJECT:
      {
        JnVal obj = jn_obj_new (ctx);
        guint size = sw_value_object_get_size (value);

        for (guint i = 0; i < size; i++)
          {
            const char *key = sw_value_object_get_key (value, i);

            jn_obj_set (ctx, obj.u.o, key, strlen (key),
                        from_sw_value (ctx, sw_value_object_get_value (value, i)));
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

static SwValue *
to_sw_value (JnCtx *ctx,
             JnVal  v,
             int    level)
{
  if (level >= MAX_VALUE_DEPTH && (v.type == JN_ARRAY || v.type == JN_OBJECT))
    {
      jn_error (ctx, "D1011", -1, NULL);
      return sw_value_new_null ();
    }
  switch (v.type)
    {
    case JN_NULL:
    case JN_UNDEF:
      return sw_value_new_null ();
    case JN_BOOL:
      return sw_value_new_boolean (v.b);
    case JN_NUMBER:
      if (v.aux > 0 && v.aux <= ctx->lexemes->len)
        {
          const SwValue *original = g_ptr_array_index (ctx->lexemes, v.aux - 1);

          if (sw_value_get_double (original) == v.u.n)
            return sw_value_new_number (sw_value_get_number_lexeme (original));
        }
      return sw_value_new_double (v.u.n == 0 ? 0.0 : v.u.n);
    case JN_STRING:
      {
        char *text = g_malloc (v.aux + 1);

        memcpy (text, v.u.s, v.aux);
        text[v.aux] = '\0';
        if (!utf8_valid_with_nuls (text, v.aux))
          {
            /* lone surrogates from \uD800-style escapes have no UTF-8 form */
            char *valid = g_utf8_make_valid (text, v.aux);

            g_free (text);
            return sw_value_new_string_take (valid);
          }
        return _sw_value_new_string_len (text, v.aux);
      }
    case JN_ARRAY:
      {
        SwValue *arr = sw_value_new_array ();

        for (guint i = 0; i < v.u.a->len; i++)
          {
            JnVal item = v.u.a->items[i];

            /* as JSON.stringify writes them: functions in arrays become null */
            if (item.type == JN_FUNC)
              sw_value_array_append (arr, sw_value_new_null ());
            else
              sw_value_array_append (arr, to_sw_value (ctx, item, level + 1));
          }
        return arr;
      }
    case JN_OBJECT:
      {
        SwValue *obj = sw_value_new_object ();

        for (guint i = 0; i < v.u.o->len; i++)
          {
            JnMember *m = &v.u.o->m[i];
            g_autofree char *key = NULL;

            /* members holding functions are left out, as JSON.stringify does */
            if (m->val.type == JN_UNDEF || m->val.type == JN_FUNC)
              continue;
            /* keys, like strings, may hold lone surrogates, which UTF-8 cannot */
            key = utf8_valid_with_nuls (m->key, m->klen) ? g_strndup (m->key, m->klen)
                                                         : g_utf8_make_valid (m->key, m->klen);
            sw_value_object_append (obj, key, 0, 0, to_sw_value (ctx, m->val, level + 1));
          }
        return obj;
      }
    case JN_FUNC:
      /* functions have no JSON form; a function result is reported as undefined */
      return NULL;
    case JN_TUPLE:
      return to_sw_value (ctx, v.u.t->b[0].val, level + 1);
    default:
      return sw_value_new_null ();
    }
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
  JnCtx ctx = { 0 };
  JnVal in = JN_UNDEF_VAL;
  JnVal result;
  SwValue *out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (bindings == NULL || sw_value_is_object (bindings), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ctx.arena = jn_arena_new ();
  ctx.lexemes = g_ptr_array_new ();
  ctx.max_depth = limits != NULL && limits->max_depth > 0 ? limits->max_depth
                                                          : DEFAULT_MAX_DEPTH;
  ctx.timeout_ms = limits != NULL ? limits->timeout_ms : 0;
  if (ctx.timeout_ms > 0)
    ctx.deadline = g_get_monotonic_time () + (gint64) ctx.timeout_ms * 1000;
  ctx.timestamp = g_get_real_time () / 1000;
  ctx.root = jn_frame_new (&ctx, NULL);

  if (bindings != NULL)
    for (guint i = 0; i < sw_value_object_get_size (bindings); i++)
      {
        const char *name = sw_value_object_get_key (bindings, i);

        jn_frame_bind (&ctx, ctx.root, name, jn_hash (name, strlen (name)),
                       from_sw_value (&ctx, sw_value_object_get_value (bindings, i)));
      }

  if (input != NULL)
    in = from_sw_value (&ctx, input);
  jn_frame_bind (&ctx, ctx.root, "$", jn_hash ("$", 1), in);
  if (in.type == JN_ARRAY)
    {
      in = jn_seq_of (&ctx, in);
      in.u.a->flags |= JN_ARR_OUTER_WRAPPER;
    }

  result = jn_eval_root (&ctx, self->root, in);
  if (!JN_FAILED (&ctx) && result.type != JN_UNDEF && result.type != JN_FUNC)
    {
      out = to_sw_value (&ctx, result, 0);
      if (JN_FAILED (&ctx))
        g_clear_pointer (&out, sw_value_unref);
    }
  if (JN_FAILED (&ctx))
    propagate (error, ctx.error, self->source);

  if (ctx.rand != NULL)
    g_rand_free (ctx.rand);
  g_ptr_array_unref (ctx.lexemes);
  jn_arena_free (ctx.arena);
  return out;
}
