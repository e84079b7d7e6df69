/* sw-jsonata-format.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Pictures, as XPath and XQuery Functions and Operators 3.1 define them and the JSONata
 * reference implements them: $formatNumber, $formatBase, $formatInteger, $parseInteger, and
 * the date/time functions $fromMillis, $toMillis, $now and $millis. Pictures are handled as
 * arrays of code points. */

#include <math.h>
#include <string.h>

#include "sw-dtoa.h"
#include "sw-jsonata-private.h"

#define CHECK(ctx) G_STMT_START { if (JN_FAILED (ctx)) return JN_UNDEF_VAL; } G_STMT_END
#define ARG(i) ((i) < n ? args[i] : JN_UNDEF_VAL)

/* ---- Code point strings */

typedef struct
{
  gunichar *c;
  glong     len;
} Ustr;

static Ustr
ustr_from (JnCtx      *ctx,
           const char *s,
           gsize       len)
{
  Ustr u = { NULL, 0 };
  gunichar *tmp = g_utf8_to_ucs4 (s, (glong) len, NULL, &u.len, NULL);

  if (tmp == NULL)
    {
      /* not valid UTF-8: take the bytes */
      u.c = jn_arena_alloc (ctx->arena, (len + 1) * sizeof (gunichar));
      for (gsize i = 0; i < len; i++)
        u.c[i] = (guchar) s[i];
      u.len = (glong) len;
      return u;
    }
  u.c = jn_arena_alloc (ctx->arena, ((gsize) u.len + 1) * sizeof (gunichar));
  memcpy (u.c, tmp, (gsize) u.len * sizeof (gunichar));
  g_free (tmp);
  return u;
}

static Ustr
usub (Ustr u,
      glong start,
      glong end)
{
  Ustr r;

  start = CLAMP (start, 0, u.len);
  end = CLAMP (end, start, u.len);
  r.c = u.c + start;
  r.len = end - start;
  return r;
}

static glong
uindex (Ustr     u,
        gunichar c,
        glong    from)
{
  for (glong i = MAX (from, 0); i < u.len; i++)
    if (u.c[i] == c)
      return i;
  return -1;
}

static glong
ulast (Ustr     u,
       gunichar c)
{
  for (glong i = u.len - 1; i >= 0; i--)
    if (u.c[i] == c)
      return i;
  return -1;
}

static void
uappend (GString *out,
         Ustr     u)
{
  for (glong i = 0; i < u.len; i++)
    g_string_append_unichar (out, u.c[i]);
}

/* The reference fails with a JavaScript TypeError when a picture is missing; here it is a
 * signature mismatch of the picture argument. */
static JnVal
missing_picture (JnCtx *ctx)
{
  jn_error (ctx, "T0410", -1, NULL);
  ctx->error->index = 2;
  return JN_UNDEF_VAL;
}

/* ---- Parsed pictures, kept per thread for the next evaluation: an expression calling
 * $formatNumber, $formatInteger, $parseInteger, $fromMillis or $toMillis usually passes the
 * same picture every time, and parsing it costs more than the formatting. The parsed forms
 * live in the cache's arena; the cache is emptied when it holds PICTURE_CACHE_MAX entries.
 * Pictures longer than PICTURE_CACHE_LONGEST bytes are not kept. Callers must not look up a
 * picture while they hold another entry. */

#define PICTURE_CACHE_MAX 128
#define PICTURE_CACHE_LONGEST 1024

typedef gboolean (*PictureAnalyse) (JnCtx         *ctx,
                                    const char    *picture,
                                    gsize          len,
                                    gconstpointer  extra,
                                    gpointer       out);

typedef struct
{
  gsize len;
  guint hash;
  char  data[];       /* kind, extra, picture */
} PictureKey;

typedef struct
{
  gboolean cached;    /* FALSE: the entry lives in the evaluation's arena */
  gpointer parsed;
} PictureEntry;

typedef struct
{
  GHashTable       *table;     /* PictureKey -> PictureEntry */
  JnArena          *arena;     /* the parsed pictures */
  PictureKey       *scratch;
  gsize             scratch_size;
  const PictureKey *last_key;  /* the last found, first compared: an expression usually */
  PictureEntry     *last;      /* passes one picture again and again */
} PictureCache;

static guint
picture_key_hash (gconstpointer key)
{
  return ((const PictureKey *) key)->hash;
}

static gboolean
picture_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const PictureKey *ka = a, *kb = b;

  return ka->hash == kb->hash && ka->len == kb->len && memcmp (ka->data, kb->data, ka->len) == 0;
}

static void
picture_cache_free (gpointer data)
{
  PictureCache *cache = data;

  g_hash_table_unref (cache->table);
  jn_arena_free (cache->arena);
  g_free (cache->scratch);
  g_free (cache);
}

static GPrivate picture_cache_private = G_PRIVATE_INIT (picture_cache_free);

/* Returns the entry for PICTURE of KIND (EXTRA: what else the analysis depends on), analysing
 * it with ANALYSE into OUT_SIZE bytes on first use; NULL with the error set when the picture
 * is wrong. */
static PictureEntry *
picture_lookup (JnCtx          *ctx,
                char            kind,
                const char     *picture,
                gsize           len,
                gconstpointer   extra,
                gsize           extra_len,
                PictureAnalyse  analyse,
                gsize           out_size)
{
  PictureCache *cache = g_private_get (&picture_cache_private);
  gsize key_len = 1 + extra_len + len;
  PictureKey *key;
  PictureEntry *entry;
  gpointer parsed, found_key;
  JnArena *saved;
  guint hash = 2166136261u;

  if (cache == NULL)
    {
      cache = g_new0 (PictureCache, 1);
      cache->table = g_hash_table_new_full (picture_key_hash, picture_key_equal, g_free,
                                            g_free);
      cache->arena = jn_arena_new ();
      g_private_set (&picture_cache_private, cache);
    }
  if (cache->last != NULL && cache->last_key->len == key_len && cache->last_key->data[0] == kind
      && (extra_len == 0 || memcmp (cache->last_key->data + 1, extra, extra_len) == 0)
      && memcmp (cache->last_key->data + 1 + extra_len, picture, len) == 0)
    return cache->last;
  if (cache->scratch_size < key_len)
    {
      cache->scratch = g_realloc (cache->scratch, sizeof (PictureKey) + key_len);
      cache->scratch_size = key_len;
    }
  key = cache->scratch;
  key->len = key_len;
  key->data[0] = kind;
  if (extra_len > 0)
    memcpy (key->data + 1, extra, extra_len);
  memcpy (key->data + 1 + extra_len, picture, len);
  for (gsize i = 0; i < key_len; i++)
    hash = (hash ^ (guchar) key->data[i]) * 16777619u;
  key->hash = hash;
  if (g_hash_table_lookup_extended (cache->table, key, &found_key, (gpointer *) &entry))
    {
      cache->last_key = found_key;
      cache->last = entry;
      return entry;
    }

  /* first use: analysed in the evaluation's arena, so that an error is reported from it */
  parsed = jn_arena_alloc0 (ctx->arena, out_size);
  if (!analyse (ctx, picture, len, extra, parsed))
    return NULL;
  if (len > PICTURE_CACHE_LONGEST)
    {
      entry = jn_arena_alloc0 (ctx->arena, sizeof *entry);
      entry->parsed = parsed;
      return entry;
    }
  if (g_hash_table_size (cache->table) >= PICTURE_CACHE_MAX)
    {
      g_hash_table_remove_all (cache->table);
      jn_arena_reset (cache->arena);
      cache->last = NULL;
    }
  /* then again in the cache's arena: it cannot fail, the same picture was just analysed */
  saved = ctx->arena;
  ctx->arena = cache->arena;
  entry = g_new0 (PictureEntry, 1);
  entry->cached = TRUE;
  entry->parsed = jn_arena_alloc0 (cache->arena, out_size);
  if (!analyse (ctx, picture, len, extra, entry->parsed))
    g_assert_not_reached ();
  ctx->arena = saved;
  found_key = g_memdup2 (key, sizeof (PictureKey) + key_len);
  g_hash_table_insert (cache->table, found_key, entry);
  cache->last_key = found_key;
  cache->last = entry;
  return entry;
}

/* ---- $formatNumber */

typedef struct
{
  gunichar decimal, grouping, exponent, minus, percent, permille, zero, digit, pattern;
  Ustr     infinity, nan;
} NumberProps;

typedef struct
{
  Ustr     prefix, suffix, active, mantissa, exponent, integer, fractional, sub;
  gboolean has_exponent;
} Parts;

typedef struct
{
  GArray  *int_groups;
  int      regular;
  int      min_int;
  int      scaling;
  Ustr     prefix;
  GArray  *frac_groups;
  int      min_frac;
  int      max_frac;
  int      min_exp;
  Ustr     suffix;
  Ustr     picture;
} Analysis;

static gboolean
is_digit_family (const NumberProps *p,
                 gunichar           c)
{
  return c >= p->zero && c < p->zero + 10;
}

static gboolean
is_active (const NumberProps *p,
           gunichar           c)
{
  return is_digit_family (p, c) || c == p->decimal || c == p->exponent || c == p->grouping
         || c == p->digit || c == p->pattern;
}

static Parts
split_parts (const NumberProps *p,
             Ustr               sub)
{
  Parts parts = { 0 };
  glong i;
  glong exp_pos;
  glong dec_pos;

  parts.sub = sub;
  parts.prefix = usub (sub, 0, 0);
  for (i = 0; i < sub.len; i++)
    if (is_active (p, sub.c[i]) && sub.c[i] != p->exponent)
      {
        parts.prefix = usub (sub, 0, i);
        break;
      }
  parts.suffix = usub (sub, sub.len, sub.len);
  for (i = sub.len - 1; i >= 0; i--)
    if (is_active (p, sub.c[i]) && sub.c[i] != p->exponent)
      {
        parts.suffix = usub (sub, i + 1, sub.len);
        break;
      }
  parts.active = usub (sub, parts.prefix.len, sub.len - parts.suffix.len);
  exp_pos = uindex (sub, p->exponent, parts.prefix.len);
  if (exp_pos == -1 || exp_pos > sub.len - parts.suffix.len)
    {
      parts.mantissa = parts.active;
      parts.has_exponent = FALSE;
    }
  else
    {
      parts.mantissa = usub (parts.active, 0, exp_pos);
      parts.exponent = usub (parts.active, exp_pos + 1, parts.active.len);
      parts.has_exponent = TRUE;
    }
  dec_pos = uindex (parts.mantissa, p->decimal, 0);
  if (dec_pos == -1)
    {
      parts.integer = parts.mantissa;
      parts.fractional = parts.suffix;
    }
  else
    {
      parts.integer = usub (parts.mantissa, 0, dec_pos);
      parts.fractional = usub (parts.mantissa, dec_pos + 1, parts.mantissa.len);
    }
  return parts;
}

static const char *
validate_parts (const NumberProps *p,
                const Parts       *parts)
{
  const char *error = NULL;
  Ustr sub = parts->sub;
  glong dec_pos = uindex (sub, p->decimal, 0);
  gboolean valid = FALSE;
  glong opt;

  if (dec_pos != ulast (sub, p->decimal))
    error = "D3081";
  if (uindex (sub, p->percent, 0) != ulast (sub, p->percent))
    error = "D3082";
  if (uindex (sub, p->permille, 0) != ulast (sub, p->permille))
    error = "D3083";
  if (uindex (sub, p->percent, 0) != -1 && uindex (sub, p->permille, 0) != -1)
    error = "D3084";
  for (glong i = 0; i < parts->mantissa.len; i++)
    if (is_digit_family (p, parts->mantissa.c[i]) || parts->mantissa.c[i] == p->digit)
      {
        valid = TRUE;
        break;
      }
  if (!valid)
    error = "D3085";
  for (glong i = 0; i < parts->active.len; i++)
    if (!is_active (p, parts->active.c[i]))
      {
        error = "D3086";
        break;
      }
  if (dec_pos != -1)
    {
      if ((dec_pos > 0 && sub.c[dec_pos - 1] == p->grouping)
          || (dec_pos + 1 < sub.len && sub.c[dec_pos + 1] == p->grouping))
        error = "D3087";
    }
  else if (parts->integer.len > 0 && parts->integer.c[parts->integer.len - 1] == p->grouping)
    {
      error = "D3088";
    }
  for (glong i = 0; i + 1 < sub.len; i++)
    if (sub.c[i] == p->grouping && sub.c[i + 1] == p->grouping)
      {
        error = "D3089";
        break;
      }
  opt = uindex (parts->integer, p->digit, 0);
  if (opt != -1)
    for (glong i = 0; i < opt; i++)
      if (is_digit_family (p, parts->integer.c[i]))
        {
          error = "D3090";
          break;
        }
  opt = ulast (parts->fractional, p->digit);
  if (opt != -1)
    for (glong i = opt; i < parts->fractional.len; i++)
      if (is_digit_family (p, parts->fractional.c[i]))
        {
          error = "D3091";
          break;
        }
  if (parts->has_exponent && parts->exponent.len > 0
      && (uindex (sub, p->percent, 0) != -1 || uindex (sub, p->permille, 0) != -1))
    error = "D3092";
  if (parts->has_exponent)
    {
      gboolean bad = parts->exponent.len == 0;

      for (glong i = 0; i < parts->exponent.len; i++)
        if (!is_digit_family (p, parts->exponent.c[i]))
          bad = TRUE;
      if (bad)
        error = "D3093";
    }
  return error;
}

static GArray *
grouping_positions (const NumberProps *p,
                    const Parts       *parts,
                    Ustr               part,
                    gboolean           to_left)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (int));
  glong gp = uindex (part, p->grouping, 0);

  while (gp != -1)
    {
      Ustr side = to_left ? usub (part, 0, gp) : usub (part, gp, part.len);
      int count = 0;

      for (glong i = 0; i < side.len; i++)
        if (is_digit_family (p, side.c[i]) || side.c[i] == p->digit)
          count++;
      g_array_append_val (positions, count);
      gp = uindex (parts->integer, p->grouping, gp + 1);
    }
  return positions;
}

static int
gcd (int a,
     int b)
{
  return b == 0 ? a : gcd (b, a % b);
}

static int
regular_grouping (GArray *indexes)
{
  int factor;

  if (indexes->len == 0)
    return 0;
  factor = g_array_index (indexes, int, 0);
  for (guint i = 1; i < indexes->len; i++)
    factor = gcd (factor, g_array_index (indexes, int, i));
  for (guint index = 1; index <= indexes->len; index++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < indexes->len; k++)
        if (g_array_index (indexes, int, k) == (int) index * factor)
          found = TRUE;
      if (!found)
        return 0;
    }
  return factor;
}

static Analysis
analyse (const NumberProps *p,
         const Parts       *parts)
{
  Analysis a = { 0 };

  a.int_groups = grouping_positions (p, parts, parts->integer, FALSE);
  a.regular = regular_grouping (a.int_groups);
  a.frac_groups = grouping_positions (p, parts, parts->fractional, TRUE);
  for (glong i = 0; i < parts->integer.len; i++)
    if (is_digit_family (p, parts->integer.c[i]))
      a.min_int++;
  a.scaling = a.min_int;
  for (glong i = 0; i < parts->fractional.len; i++)
    {
      if (is_digit_family (p, parts->fractional.c[i]))
        a.min_frac++;
      if (is_digit_family (p, parts->fractional.c[i]) || parts->fractional.c[i] == p->digit)
        a.max_frac++;
    }
  if (a.min_int == 0 && a.max_frac == 0)
    {
      if (parts->has_exponent)
        {
          a.min_frac = 1;
          a.max_frac = 1;
        }
      else
        a.min_int = 1;
    }
  if (parts->has_exponent && a.min_int == 0 && uindex (parts->integer, p->digit, 0) != -1)
    a.min_int = 1;
  if (a.min_int == 0 && a.min_frac == 0)
    a.min_frac = 1;
  if (parts->has_exponent)
    for (glong i = 0; i < parts->exponent.len; i++)
      if (is_digit_family (p, parts->exponent.c[i]))
        a.min_exp++;
  a.prefix = parts->prefix;
  a.suffix = parts->suffix;
  a.picture = parts->sub;
  return a;
}

/* Number.prototype.toFixed for the magnitudes formatNumber meets, into @out of
 * TO_FIXED_SIZE bytes */
#define TO_FIXED_SIZE SW_DTOA_FIXED_SIZE

static void
to_fixed (char   *out,
          double  value,
          int     dp)
{
  if (fabs (value) >= 1e21)
    sw_dtoa_format_js (out, value);
  else
    sw_dtoa_format_fixed (out, value, CLAMP (dp, 0, 100));
}

static void
insert_at (GArray  *s,
           glong    pos,
           gunichar c)
{
  pos = CLAMP (pos, 0, (glong) s->len);
  g_array_insert_val (s, (guint) pos, c);
}

static glong
garray_index (GArray  *s,
              gunichar c)
{
  for (guint i = 0; i < s->len; i++)
    if (g_array_index (s, gunichar, i) == c)
      return (glong) i;
  return -1;
}

static void
append_fixed (GArray            *s,
              const NumberProps *p,
              double             value,
              int                dp)
{
  char str[TO_FIXED_SIZE];

  to_fixed (str, fabs (value), dp);
  for (const char *q = str; *q != '\0'; q++)
    {
      gunichar c = (guchar) *q;

      if (c >= '0' && c <= '9')
        c = p->zero + (c - '0');
      g_array_append_val (s, c);
    }
}

static gunichar
first_char (JnVal v,
            gunichar fallback)
{
  if (v.type != JN_STRING || v.aux == 0)
    return fallback;
  return g_utf8_get_char_validated (v.u.s, v.aux);
}

/* Analyses the $formatNumber picture PICTURE with the properties EXTRA (NumberProps) into OUT
 * (2 Analysis: positive, negative). */
static gboolean
analyse_number_cb (JnCtx         *ctx,
                   const char    *picture,
                   gsize          len,
                   gconstpointer  extra,
                   gpointer       out)
{
  const NumberProps *p = extra;
  Analysis *an = out;
  Ustr pic;
  Ustr subs[3];
  int n_subs = 0;
  Parts parts[2];

  pic = ustr_from (ctx, picture, len);
  {
    glong start = 0;

    for (glong i = 0; i <= pic.len; i++)
      if (i == pic.len || pic.c[i] == p->pattern)
        {
          if (n_subs < 3)
            subs[n_subs] = usub (pic, start, i);
          n_subs++;
          start = i + 1;
        }
  }
  if (n_subs > 2)
    {
      jn_error (ctx, "D3080", -1, NULL);
      return FALSE;
    }
  for (int i = 0; i < n_subs; i++)
    parts[i] = split_parts (p, subs[i]);
  for (int i = 0; i < n_subs; i++)
    {
      const char *code = validate_parts (p, &parts[i]);

      if (code != NULL)
        {
          jn_error (ctx, code, -1, NULL);
          return FALSE;
        }
    }
  for (int i = 0; i < n_subs; i++)
    {
      an[i] = analyse (p, &parts[i]);
      jn_arena_add_destroy (ctx->arena, (GDestroyNotify) g_array_unref, an[i].int_groups);
      jn_arena_add_destroy (ctx->arena, (GDestroyNotify) g_array_unref, an[i].frac_groups);
    }
  if (n_subs == 1)
    {
      Ustr prefix;

      an[1] = an[0];
      prefix.len = an[0].prefix.len + 1;
      prefix.c = jn_arena_alloc (ctx->arena, (gsize) (prefix.len + 1) * sizeof (gunichar));
      prefix.c[0] = p->minus;
      memcpy (prefix.c + 1, an[0].prefix.c, (gsize) an[0].prefix.len * sizeof (gunichar));
      an[1].prefix = prefix;
    }

  return TRUE;
}

JnVal
jn_fn_format_number (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal value = ARG (0);
  JnVal picture = ARG (1);
  JnVal options = ARG (2);
  NumberProps p = { '.', ',', 'e', '-', '%', 0x2030, '0', '#', ';', { NULL, 0 }, { NULL, 0 } };
  PictureEntry *entry;
  const Analysis *an;
  const Analysis *pic_a;
  double v, adjusted, mantissa, exponent = 0, rounded;
  gboolean has_exponent = FALSE;
  GArray *s;
  glong dec_pos;
  GString *out;

  if (value.type == JN_UNDEF)
    return value;
  if (picture.type != JN_STRING)
    return missing_picture (ctx);
  if (options.type == JN_OBJECT)
    {
      JnVal *o;

#define OPT(name, field) \
      if ((o = jn_obj_get (options.u.o, name, strlen (name))) != NULL) \
        p.field = first_char (*o, p.field)
      OPT ("decimal-separator", decimal);
      OPT ("grouping-separator", grouping);
      OPT ("exponent-separator", exponent);
      OPT ("minus-sign", minus);
      OPT ("percent", percent);
      OPT ("per-mille", permille);
      OPT ("zero-digit", zero);
      OPT ("digit", digit);
      OPT ("pattern-separator", pattern);
#undef OPT
    }

  entry = picture_lookup (ctx, 'n', picture.u.s, picture.aux, &p,
                          G_STRUCT_OFFSET (NumberProps, infinity), analyse_number_cb,
                          2 * sizeof (Analysis));
  if (entry == NULL)
    return JN_UNDEF_VAL;
  an = entry->parsed;

  v = value.u.n;
  pic_a = v >= 0 ? &an[0] : &an[1];
  if (uindex (pic_a->picture, p.percent, 0) != -1)
    adjusted = v * 100;
  else if (uindex (pic_a->picture, p.permille, 0) != -1)
    adjusted = v * 1000;
  else
    adjusted = v;

  mantissa = adjusted;
  if (pic_a->min_exp != 0)
    {
      double max_m = pow (10, pic_a->scaling);
      double min_m = pow (10, pic_a->scaling - 1);

      has_exponent = TRUE;
      if (mantissa != 0 && isfinite (mantissa))
        {
          while (fabs (mantissa) < min_m)
            {
              mantissa *= 10;
              exponent -= 1;
            }
          while (fabs (mantissa) > max_m)
            {
              mantissa /= 10;
              exponent += 1;
            }
        }
    }
  rounded = jn_round_half_even (mantissa, pic_a->max_frac);

  s = g_array_new (FALSE, FALSE, sizeof (gunichar));
  append_fixed (s, &p, rounded, pic_a->max_frac);
  dec_pos = garray_index (s, '.');
  if (dec_pos == -1)
    g_array_append_val (s, p.decimal);
  else
    g_array_index (s, gunichar, dec_pos) = p.decimal;
  while (s->len > 0 && g_array_index (s, gunichar, 0) == p.zero)
    g_array_remove_index (s, 0);
  while (s->len > 0 && g_array_index (s, gunichar, s->len - 1) == p.zero)
    g_array_remove_index (s, s->len - 1);

  dec_pos = garray_index (s, p.decimal);
  {
    glong pad_left = pic_a->min_int - dec_pos;
    glong pad_right = pic_a->min_frac - ((glong) s->len - dec_pos - 1);

    for (glong i = 0; i < pad_left; i++)
      g_array_prepend_val (s, p.zero);
    for (glong i = 0; i < pad_right; i++)
      g_array_append_val (s, p.zero);
  }
  dec_pos = garray_index (s, p.decimal);
  if (pic_a->regular > 0)
    {
      glong groups = (dec_pos - 1) / pic_a->regular;

      for (glong g = 1; g <= groups; g++)
        insert_at (s, dec_pos - g * pic_a->regular, p.grouping);
    }
  else
    {
      for (guint i = 0; i < pic_a->int_groups->len; i++)
        {
          insert_at (s, dec_pos - g_array_index (pic_a->int_groups, int, i), p.grouping);
          dec_pos++;
        }
    }
  dec_pos = garray_index (s, p.decimal);
  for (guint i = 0; i < pic_a->frac_groups->len; i++)
    insert_at (s, g_array_index (pic_a->frac_groups, int, i) + dec_pos + 1, p.grouping);
  dec_pos = garray_index (s, p.decimal);
  if ((uindex (pic_a->picture, p.decimal, 0) == -1 || dec_pos == (glong) s->len - 1)
      && s->len > 0)
    g_array_remove_index (s, s->len - 1);

  if (has_exponent)
    {
      GArray *e = g_array_new (FALSE, FALSE, sizeof (gunichar));

      append_fixed (e, &p, exponent, 0);
      while ((glong) e->len < pic_a->min_exp)
        g_array_prepend_val (e, p.zero);
      g_array_append_val (s, p.exponent);
      if (exponent < 0)
        g_array_append_val (s, p.minus);
      g_array_append_vals (s, e->data, e->len);
      g_array_unref (e);
    }

  out = g_string_new (NULL);
  uappend (out, pic_a->prefix);
  for (guint i = 0; i < s->len; i++)
    g_string_append_unichar (out, g_array_index (s, gunichar, i));
  uappend (out, pic_a->suffix);
  g_array_unref (s);
  return jn_str_take_gstring (ctx, out);
}

/* ---- $formatBase */

JnVal
jn_fn_format_base (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal value = ARG (0);
  double v, radix = 10;
  char digits[1100];    /* the 1,024 binary digits of the largest double, and a sign */
  char *p = digits + sizeof digits;
  gboolean negative;

  if (value.type == JN_UNDEF)
    return value;
  v = jn_round_half_even (value.u.n, 0);
  if (ARG (1).type == JN_NUMBER)
    radix = jn_round_half_even (ARG (1).u.n, 0);
  if (radix < 2 || radix > 36)
    {
      jn_error (ctx, "D3100", -1, NULL);
      jn_error_value (ctx, jn_num (radix));
      return JN_UNDEF_VAL;
    }
  if (!isfinite (v))
    {
      g_autoptr(GString) s = g_string_new (NULL);

      jn_format_number (s, v);
      return jn_str (ctx, s->str, (gssize) s->len);
    }
  negative = v < 0;
  v = fabs (v);
  if (v < 9007199254740992.0)
    {
      /* exact in integers below 2^53, as the division of doubles is */
      guint64 u = (guint64) v, r = (guint64) radix;

      do
        {
          *--p = "0123456789abcdefghijklmnopqrstuvwxyz"[u % r];
          u /= r;
        }
      while (u > 0);
    }
  else
    do
      {
        int d = (int) fmod (v, radix);

        *--p = "0123456789abcdefghijklmnopqrstuvwxyz"[d];
        v = floor (v / radix);
      }
    while (v > 0);
  if (negative)
    *--p = '-';
  return jn_str (ctx, p, digits + sizeof digits - p);
}

/* ---- Integer pictures: $formatInteger and $parseInteger */

typedef enum
{
  FMT_DECIMAL,
  FMT_LETTERS,
  FMT_ROMAN,
  FMT_WORDS,
  FMT_SEQUENCE,
} Primary;

typedef enum
{
  CASE_LOWER,
  CASE_UPPER,
  CASE_TITLE,
} Case;

typedef struct
{
  int      position;
  gunichar character;
} Separator;

typedef struct
{
  Primary   primary;
  Case      tcase;
  gboolean  ordinal;
  gunichar  zero;
  int       mandatory;
  int       optional;
  gboolean  regular;
  int       regular_position;
  gunichar  regular_char;
  GArray   *separators;     /* Separator, positions counted from the right */
  int       parse_width;
  char     *token;
} IntFormat;

typedef struct
{
  const char *s;
  gsize       n;
} Word;

#define W(s) { s, sizeof (s) - 1 }

static const Word few[] = {
  W ("zero"), W ("one"), W ("two"), W ("three"), W ("four"), W ("five"), W ("six"), W ("seven"),
  W ("eight"), W ("nine"), W ("ten"), W ("eleven"), W ("twelve"), W ("thirteen"),
  W ("fourteen"), W ("fifteen"), W ("sixteen"), W ("seventeen"), W ("eighteen"), W ("nineteen"),
};
static const Word ordinals[] = {
  W ("zeroth"), W ("first"), W ("second"), W ("third"), W ("fourth"), W ("fifth"), W ("sixth"),
  W ("seventh"), W ("eighth"), W ("ninth"), W ("tenth"), W ("eleventh"), W ("twelfth"),
  W ("thirteenth"), W ("fourteenth"), W ("fifteenth"), W ("sixteenth"), W ("seventeenth"),
  W ("eighteenth"), W ("nineteenth"),
};
static const Word decades[] = {
  W ("twenty"), W ("thirty"), W ("forty"), W ("fifty"), W ("sixty"), W ("seventy"), W ("eighty"),
  W ("ninety"), W ("hundred"),
};
static const Word magnitudes[] = { W ("thousand"), W ("million"), W ("billion"), W ("trillion") };

#undef W

/* The words of a number being written: at most WORDS_MAX bytes, far more than the words of
 * any double take (those of the largest take 468 bytes). */
#define WORDS_MAX 16384

typedef struct
{
  char *p;
  char *end;
  Case  tcase;
} Words;

/* Appends N bytes of TEXT in the case of W: upper case, or with the first letter in upper
 * case (TITLE, for a word of the tables above), or as it is. */
static void
put_words (Words      *w,
           const char *text,
           gsize       n,
           gboolean    title)
{
  if (n > (gsize) (w->end - w->p))
    return;
  memcpy (w->p, text, n);
  if (w->tcase == CASE_UPPER)
    for (gsize i = 0; i < n; i++)
      w->p[i] = g_ascii_isalpha (w->p[i]) ? (char) (w->p[i] & ~0x20) : w->p[i];
  else if (w->tcase == CASE_TITLE && title && n > 0)
    w->p[0] = (char) (w->p[0] & ~0x20);
  w->p += n;
}

#define PUT_TEXT(s) put_words (w, s, sizeof (s) - 1, FALSE)
#define PUT_WORD(word) put_words (w, (word).s, (word).n, TRUE)

/* The words of NUM, as the reference's numberToWords () writes them in title case: here in
 * the case of W directly. */
static void
number_to_words (Words   *w,
                 double   num,
                 gboolean prev,
                 gboolean ord)
{
  if (num <= 19)
    {
      if (prev)
        PUT_TEXT (" and ");
      PUT_WORD (ord ? ordinals[(int) num] : few[(int) num]);
    }
  else if (num < 100)
    {
      int tens = (int) floor (num / 10);
      int remainder = (int) fmod (num, 10);

      if (prev)
        PUT_TEXT (" and ");
      if (remainder > 0)
        {
          PUT_WORD (decades[tens - 2]);
          PUT_TEXT ("-");
          number_to_words (w, remainder, FALSE, ord);
        }
      else if (ord)
        {
          put_words (w, decades[tens - 2].s, decades[tens - 2].n - 1, TRUE);
          PUT_TEXT ("ieth");
        }
      else
        PUT_WORD (decades[tens - 2]);
    }
  else if (num < 1000)
    {
      int hundreds = (int) floor (num / 100);
      double remainder = fmod (num, 100);

      if (prev)
        PUT_TEXT (", ");
      PUT_WORD (few[hundreds]);
      PUT_TEXT (" ");
      PUT_WORD (decades[8]);
      if (remainder > 0)
        number_to_words (w, remainder, TRUE, ord);
      else if (ord)
        PUT_TEXT ("th");
    }
  else
    {
      /* floor (log10 (num) / 3), at most the largest magnitude */
      static const double factors[] = { 1e3, 1e6, 1e9, 1e12 };
      int mag = num >= 1e12 ? 4 : num >= 1e9 ? 3 : num >= 1e6 ? 2 : 1;
      double factor = factors[mag - 1], mant, remainder;

      mant = floor (num / factor);
      remainder = num - mant * factor;
      if (prev)
        PUT_TEXT (", ");
      number_to_words (w, mant, FALSE, FALSE);
      PUT_TEXT (" ");
      PUT_WORD (magnitudes[mag - 1]);
      if (remainder > 0)
        number_to_words (w, remainder, TRUE, ord);
      else if (ord)
        PUT_TEXT ("th");
    }
}

#undef PUT_TEXT
#undef PUT_WORD

static const gunichar decimal_groups[] = {
  0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
  0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946,
  0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0,
  0xA9F0, 0xAA50, 0xABF0, 0xFF10,
};

static gboolean
analyse_integer_picture (JnCtx      *ctx,
                         const char *picture,
                         gsize       len,
                         IntFormat  *format)
{
  const char *semicolon = NULL;
  g_autofree char *primary = NULL;

  memset (format, 0, sizeof *format);
  format->primary = FMT_DECIMAL;
  format->tcase = CASE_LOWER;
  format->zero = 0x30;

  for (gsize i = len; i > 0; i--)
    if (picture[i - 1] == ';')
      {
        semicolon = picture + i - 1;
        break;
      }
  if (semicolon == NULL)
    primary = g_strndup (picture, len);
  else
    {
      primary = g_strndup (picture, (gsize) (semicolon - picture));
      if (semicolon[1] == 'o')
        format->ordinal = TRUE;
    }

  if (strcmp (primary, "A") == 0)
    format->tcase = CASE_UPPER, format->primary = FMT_LETTERS;
  else if (strcmp (primary, "a") == 0)
    format->primary = FMT_LETTERS;
  else if (strcmp (primary, "I") == 0)
    format->tcase = CASE_UPPER, format->primary = FMT_ROMAN;
  else if (strcmp (primary, "i") == 0)
    format->primary = FMT_ROMAN;
  else if (strcmp (primary, "W") == 0)
    format->tcase = CASE_UPPER, format->primary = FMT_WORDS;
  else if (strcmp (primary, "Ww") == 0)
    format->tcase = CASE_TITLE, format->primary = FMT_WORDS;
  else if (strcmp (primary, "w") == 0)
    format->primary = FMT_WORDS;
  else
    {
      Ustr u = ustr_from (ctx, primary, strlen (primary));
      gboolean have_zero = FALSE;
      int separator_position = 0;

      format->separators = g_array_new (FALSE, FALSE, sizeof (Separator));
      jn_arena_add_destroy (ctx->arena, (GDestroyNotify) g_array_unref, format->separators);
      for (glong i = u.len - 1; i >= 0; i--)
        {
          gunichar cp = u.c[i];
          gboolean digit = FALSE;

          for (guint g = 0; g < G_N_ELEMENTS (decimal_groups); g++)
            {
              gunichar group = decimal_groups[g];

              if (cp >= group && cp <= group + 9)
                {
                  digit = TRUE;
                  format->mandatory++;
                  separator_position++;
                  if (!have_zero)
                    {
                      format->zero = group;
                      have_zero = TRUE;
                    }
                  else if (group != format->zero)
                    {
                      jn_error (ctx, "D3131", -1, NULL);
                      return FALSE;
                    }
                  break;
                }
            }
          if (!digit)
            {
              if (cp == '#')
                {
                  separator_position++;
                  format->optional++;
                }
              else
                {
                  Separator sep = { separator_position, cp };

                  g_array_append_val (format->separators, sep);
                }
            }
        }
      if (format->mandatory > 0)
        {
          GArray *seps = format->separators;

          format->primary = FMT_DECIMAL;
          if (seps->len > 0)
            {
              gunichar c = g_array_index (seps, Separator, 0).character;
              gboolean same = TRUE;
              int factor;

              for (guint i = 1; i < seps->len; i++)
                if (g_array_index (seps, Separator, i).character != c)
                  same = FALSE;
              if (same)
                {
                  GArray *idx = g_array_new (FALSE, FALSE, sizeof (int));

                  for (guint i = 0; i < seps->len; i++)
                    g_array_append_val (idx, g_array_index (seps, Separator, i).position);
                  factor = regular_grouping (idx);
                  g_array_unref (idx);
                  if (factor > 0)
                    {
                      format->regular = TRUE;
                      format->regular_position = factor;
                      format->regular_char = c;
                    }
                }
            }
        }
      else
        {
          format->primary = FMT_SEQUENCE;
          format->token = jn_arena_strndup (ctx->arena, primary, strlen (primary));
        }
    }
  return TRUE;
}

static gboolean
analyse_integer_cb (JnCtx         *ctx,
                    const char    *picture,
                    gsize          len,
                    gconstpointer  extra,
                    gpointer       out)
{
  return analyse_integer_picture (ctx, picture, len, out);
}

static const IntFormat *
integer_picture (JnCtx      *ctx,
                 const char *picture,
                 gsize       len)
{
  PictureEntry *entry = picture_lookup (ctx, 'i', picture, len, NULL, 0, analyse_integer_cb,
                                        sizeof (IntFormat));

  return entry != NULL ? entry->parsed : NULL;
}

/* A string to build a result in, kept per thread and copied into the evaluation's arena at
 * the end, so that building a result allocates nothing once the string has grown. Only the
 * functions the evaluator calls take it, and none of them calls another that does. */
static void
scratch_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static GPrivate scratch_private = G_PRIVATE_INIT (scratch_free);

static GString *
scratch_string (void)
{
  GString *s = g_private_get (&scratch_private);

  if (s == NULL || s->allocated_len > 65536)
    {
      s = g_string_sized_new (128);
      g_private_replace (&scratch_private, s);
    }
  g_string_truncate (s, 0);
  return s;
}

static void
to_roman (GString *out,
          double   value)
{
  static const struct { int v; const char *s; } numerals[] = {
    { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
    { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
  };
  gsize start = out->len;

  for (guint i = 0; i < G_N_ELEMENTS (numerals) && value > 0;)
    {
      if (value >= numerals[i].v)
        {
          g_string_append (out, numerals[i].s);
          value -= numerals[i].v;
          if (out->len - start > 100000)
            return;
        }
      else
        i++;
    }
}

static void
to_letters (GString *out,
            double   value,
            char     a)
{
  char letters[256];  /* the largest double takes 218 */
  char *p = letters + sizeof letters;

  while (value > 0 && p > letters)
    {
      *--p = (char) (a + (int) fmod (value - 1, 26));
      value = floor ((value - 1) / 26);
    }
  g_string_append_len (out, p, letters + sizeof letters - p);
}

static void
change_case (GString *out,
             gsize    start,
             Case     tcase)
{
  char *s = out->str;

  /* ASCII letters only, written out: g_ascii_toupper () is a call a character */
  if (tcase == CASE_UPPER)
    for (gsize i = start; i < out->len; i++)
      s[i] = s[i] >= 'a' && s[i] <= 'z' ? (char) (s[i] - 'a' + 'A') : s[i];
  else if (tcase == CASE_LOWER)
    for (gsize i = start; i < out->len; i++)
      s[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char) (s[i] - 'A' + 'a') : s[i];
}

/* Inserts C at POS (clamped) of the LEN code points of S, which has room for one more. */
static void
uinsert (gunichar *s,
         glong    *len,
         glong     pos,
         gunichar  c)
{
  pos = CLAMP (pos, 0, *len);
  memmove (s + pos + 1, s + pos, (gsize) (*len - pos) * sizeof *s);
  s[pos] = c;
  (*len)++;
}

/* Appends the digits of VALUE in the digit family, padding and grouping of FORMAT. */
static void
append_grouped (JnCtx           *ctx,
                GString         *out,
                double           value,
                const IntFormat *format)
{
  gsize start = out->len;
  guint n_seps = format->separators != NULL ? format->separators->len : 0;
  glong len, pad;
  gunichar *s;

  jn_format_number (out, value);
  len = (glong) (out->len - start);
  pad = MAX (format->mandatory - len, 0);
  s = jn_arena_alloc (ctx->arena, (gsize) (2 * (len + pad) + n_seps + 1) * sizeof *s);
  for (glong i = 0; i < pad; i++)
    s[i] = format->zero;
  for (glong i = 0; i < len; i++)
    {
      gunichar c = (guchar) out->str[start + i];

      s[pad + i] = c >= '0' && c <= '9' ? c - '0' + format->zero : c;
    }
  len += pad;
  g_string_truncate (out, start);
  if (format->regular)
    {
      int k = ((int) len - 1) / format->regular_position;

      for (int ii = k; ii > 0; ii--)
        uinsert (s, &len, len - ii * format->regular_position, format->regular_char);
    }
  else
    for (guint i = n_seps; i > 0; i--)
      {
        Separator *sep = &g_array_index (format->separators, Separator, i - 1);

        uinsert (s, &len, len - sep->position, sep->character);
      }
  for (glong i = 0; i < len; i++)
    g_string_append_unichar (out, s[i]);
}

/* Appends VALUE formatted as FORMAT says to OUT; FALSE with the error set. */
static gboolean
format_integer (JnCtx           *ctx,
                GString         *out,
                double           value,
                const IntFormat *format)
{
  gsize start = out->len;
  gboolean negative = value < 0;

  value = fabs (value);
  switch (format->primary)
    {
    case FMT_LETTERS:
      to_letters (out, value, format->tcase == CASE_UPPER ? 'A' : 'a');
      break;
    case FMT_ROMAN:
      to_roman (out, value);
      if (format->tcase == CASE_UPPER)
        change_case (out, start, CASE_UPPER);
      break;
    case FMT_WORDS:
      if (!isfinite (value))
        {
          /* the words of a number have no end (the reference overflows its stack) */
          jn_error (ctx, "D1001", -1, NULL);
          return FALSE;
        }
      {
        Words w;

        g_string_set_size (out, start + WORDS_MAX);
        w.p = out->str + start;
        w.end = w.p + WORDS_MAX;
        w.tcase = format->tcase;
        number_to_words (&w, value, FALSE, format->ordinal);
        g_string_truncate (out, (gsize) (w.p - out->str));
      }
      break;
    case FMT_DECIMAL:
      if (format->zero == '0' && !format->regular && format->mandatory <= 64
          && (format->separators == NULL || format->separators->len == 0)
          && value < 1e15 && value == floor (value))
        {
          /* the common picture: ASCII digits, no separators */
          char digits[80];
          char *p = digits + sizeof digits;
          gint64 v = (gint64) value;

          do
            {
              *--p = (char) ('0' + v % 10);
              v /= 10;
            }
          while (v > 0);
          while (digits + sizeof digits - p < format->mandatory)
            *--p = '0';
          g_string_append_len (out, p, digits + sizeof digits - p);
        }
      else
        append_grouped (ctx, out, value, format);
      if (format->ordinal)
        {
          char last = out->len > start ? out->str[out->len - 1] : '\0';
          const char *suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd"
                               : "th";

          if (out->len - start > 1 && out->str[out->len - 2] == '1')
            suffix = "th";
          g_string_append (out, suffix);
        }
      break;
    case FMT_SEQUENCE:
      jn_error (ctx, "D3130", -1, NULL);
      ctx->error->detail = jn_arena_strndup (ctx->arena, format->token, strlen (format->token));
      return FALSE;
    }
  if (negative)
    g_string_insert_c (out, (gssize) start, '-');
  return TRUE;
}

JnVal
jn_fn_format_integer (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal value = ARG (0);
  JnVal picture = ARG (1);
  const IntFormat *format;
  GString *out;

  if (value.type == JN_UNDEF)
    return value;
  if (picture.type != JN_STRING)
    return missing_picture (ctx);
  if ((format = integer_picture (ctx, picture.u.s, picture.aux)) == NULL)
    return JN_UNDEF_VAL;
  out = scratch_string ();
  if (!format_integer (ctx, out, floor (value.u.n), format))
    return JN_UNDEF_VAL;
  return jn_str (ctx, out->str, (gssize) out->len);
}

static double
roman_to_decimal (const char *roman,
                  gsize       len)
{
  double decimal = 0;
  int max = 1;

  for (gsize i = len; i > 0; i--)
    {
      int value;

      switch (g_ascii_toupper (roman[i - 1]))
        {
        case 'M': value = 1000; break;
        case 'D': value = 500; break;
        case 'C': value = 100; break;
        case 'L': value = 50; break;
        case 'X': value = 10; break;
        case 'V': value = 5; break;
        case 'I': value = 1; break;
        default: return NAN;
        }
      if (value < max)
        decimal -= value;
      else
        {
          max = value;
          decimal += value;
        }
    }
  return decimal;
}

/* The number words, in lower case and sorted, with their values: the cardinals and ordinals
 * up to nineteen, the tens with "-ieth" for their ordinals, the magnitudes with "-th". */
typedef struct
{
  char   word[16];
  double value;
} NumberWord;

static NumberWord number_words[96];
static guint n_number_words;

static int
number_word_cmp (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const NumberWord *) a)->word, ((const NumberWord *) b)->word);
}

static void
number_word_add (const char *stem,
                 gsize       drop,
                 const char *suffix,
                 double      value)
{
  NumberWord *w = &number_words[n_number_words++];
  gsize n = strlen (stem) - drop;

  for (gsize i = 0; i < n; i++)
    w->word[i] = g_ascii_tolower (stem[i]);
  g_strlcpy (w->word + n, suffix, sizeof w->word - n);
  w->value = value;
}

static void
number_words_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (few); i++)
        {
          number_word_add (few[i].s, 0, "", i);
          number_word_add (ordinals[i].s, 0, "", i);
        }
      for (guint i = 0; i < G_N_ELEMENTS (decades); i++)
        {
          number_word_add (decades[i].s, 0, "", (i + 2) * 10);
          number_word_add (decades[i].s, 1, "ieth", (i + 2) * 10);
        }
      number_word_add ("hundredth", 0, "", 100);
      for (guint i = 0; i < G_N_ELEMENTS (magnitudes); i++)
        {
          number_word_add (magnitudes[i].s, 0, "", pow (10, (i + 1) * 3));
          number_word_add (magnitudes[i].s, 0, "th", pow (10, (i + 1) * 3));
        }
      g_assert (n_number_words <= G_N_ELEMENTS (number_words));
      qsort (number_words, n_number_words, sizeof (NumberWord), number_word_cmp);
      g_once_init_leave (&done, 1);
    }
}

/* The value of a number word of any case; NAN for another word. */
static double
word_value (const char *word,
            gsize       len)
{
  NumberWord key;
  const NumberWord *found;

  if (len == 0 || len >= sizeof key.word)
    return NAN;
  for (gsize i = 0; i < len; i++)
    key.word[i] = g_ascii_tolower (word[i]);
  key.word[len] = '\0';
  found = bsearch (&key, number_words, n_number_words, sizeof (NumberWord), number_word_cmp);
  return found != NULL ? found->value : NAN;
}

/* The words split as the reference splits them, on /,\s|\sand\s|[\s\\-]/, and added up as it
 * does: a word below a hundred starts a new segment after one of a thousand or more, a larger
 * one multiplies the segment; the result is the sum of the segments. */
static double
words_to_number (const char *text,
                 gsize       len)
{
  double sum = 0, top = 0;
  gsize word = 0;

  number_words_init ();
  for (gsize p = 0;; p++)
    {
      gsize separator = 0;
      gboolean end = p >= len;
      double value;

      if (end)
        ;
      else if (text[p] == ',' && p + 1 < len && g_ascii_isspace (text[p + 1]))
        separator = 2;
      else if (g_ascii_isspace (text[p]) && p + 4 < len
               && g_ascii_strncasecmp (text + p + 1, "and", 3) == 0
               && g_ascii_isspace (text[p + 4]))
        separator = 5;
      else if (g_ascii_isspace (text[p]) || text[p] == '\\' || text[p] == '-')
        separator = 1;
      else
        continue;
      value = word_value (text + word, p - word);
      if (value < 100)
        {
          if (top >= 1000)
            {
              sum += top;
              top = 0;
            }
          top += value;
        }
      else
        top *= value;
      if (end)
        break;
      p += separator - 1;
      word = p + 1;
    }
  return sum + top;
}

/* parseInt () of the digits of VALUE (LEN bytes, no NUL) in the family and with the separators
 * of FORMAT, less an ordinal's suffix. */
static double
parse_decimal (JnCtx           *ctx,
               const char      *value,
               gsize            len,
               const IntFormat *format)
{
  gunichar small_u[64];
  char small_d[6 * 64 + 1];
  gunichar *u = len <= G_N_ELEMENTS (small_u) ? small_u
                : jn_arena_alloc (ctx->arena, len * sizeof (gunichar));
  char *digits;
  glong count = 0;
  gsize n = 0, k = 0;
  double result = 0;

  if (g_utf8_validate_len (value, len, NULL))
    for (const char *p = value; p < value + len; p = g_utf8_next_char (p))
      u[count++] = g_utf8_get_char (p);
  else
    for (gsize i = 0; i < len; i++)
      u[count++] = (guchar) value[i];
  digits = count <= 64 ? small_d : jn_arena_alloc (ctx->arena, 6 * (gsize) count + 1);
  if (format->ordinal && count >= 2)
    count -= 2;
  for (glong i = 0; i < count; i++)
    {
      gunichar c = u[i];
      gboolean separator = FALSE;

      if (format->regular)
        separator = c == ',';
      else if (format->separators != NULL)
        for (guint s = 0; s < format->separators->len; s++)
          if (g_array_index (format->separators, Separator, s).character == c)
            separator = TRUE;
      if (separator)
        continue;
      if (format->zero != 0x30)
        c = c - format->zero + 0x30;
      if (c < 0x80)
        digits[n++] = (char) c;
      else
        n += (gsize) g_unichar_to_utf8 (c, digits + n);
    }
  digits[n] = '\0';
  if (n > 0 && g_ascii_isdigit (digits[0]))
    {
      /* the leading digits */
      while (k < n && k < 15 && g_ascii_isdigit (digits[k]))
        result = result * 10 + (digits[k++] - '0');
      if (k == n || k < 15 || !g_ascii_isdigit (digits[k]))
        return result;
      k = 0;
    }
  else
    {
      char *end;

      g_ascii_strtod (digits, &end);
      if (end == digits)
        return NAN;
    }
  while (k < n && (g_ascii_isdigit (digits[k]) || (k == 0 && (digits[0] == '-'
                                                              || digits[0] == '+'))))
    k++;
  digits[k] = '\0';
  return g_ascii_strtod (digits, NULL);
}

static double
parse_with_format (JnCtx           *ctx,
                   const char      *value,
                   gsize            len,
                   const IntFormat *format)
{
  switch (format->primary)
    {
    case FMT_LETTERS:
      {
        double decimal = 0;
        char a = format->tcase == CASE_UPPER ? 'A' : 'a';

        for (gsize i = 0; i < len; i++)
          decimal += (value[len - i - 1] - a + 1) * pow (26, (double) i);
        return decimal;
      }
    case FMT_ROMAN:
      return roman_to_decimal (value, len);
    case FMT_WORDS:
      return words_to_number (value, len);
    case FMT_DECIMAL:
      return parse_decimal (ctx, value, len, format);
    case FMT_SEQUENCE:
    default:
      jn_error (ctx, "D3130", -1, NULL);
      ctx->error->detail = jn_arena_strndup (ctx->arena, format->token, strlen (format->token));
      return NAN;
    }
}

JnVal
jn_fn_parse_integer (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal value = ARG (0);
  JnVal picture = ARG (1);
  const IntFormat *format;
  double result;

  if (value.type == JN_UNDEF)
    return value;
  if (picture.type != JN_STRING)
    return missing_picture (ctx);
  if ((format = integer_picture (ctx, picture.u.s, picture.aux)) == NULL)
    return JN_UNDEF_VAL;
  /* the text stops at a NUL, as a C string does */
  result = parse_with_format (ctx, value.u.s, strnlen (value.u.s, value.aux), format);
  CHECK (ctx);
  return jn_num (result);
}

/* ---- Dates: civil calendar arithmetic on milliseconds since the epoch (UTC) */

#define MS_PER_DAY 86400000.0
/* the time values a JavaScript Date holds: ±100,000,000 days around the epoch */
#define MAX_TIME 8.64e15

static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (unsigned) ((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *y,
                 int    *m,
                 int    *d)
{
  gint64 era;
  unsigned doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  *y = (gint64) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y += *m <= 2;
}

/* Date.UTC, with JavaScript's overflow of months, days and hours */
static double
date_utc (double year,
          double month,
          double day,
          double h,
          double mi,
          double s,
          double ms)
{
  double ym = year + floor (month / 12);
  double mn = fmod (month, 12);
  gint64 days;

  /* far beyond the years of a Date (NaN there too) before the day arithmetic overflows */
  if (!(fabs (ym) <= 400000))
    return NAN;
  if (mn < 0)
    mn += 12;
  days = days_from_civil ((gint64) ym, (int) mn + 1, 1);
  return ((double) days + day - 1) * MS_PER_DAY + h * 3600000.0 + mi * 60000.0 + s * 1000.0 + ms;
}

typedef struct
{
  gint64 year;
  int    month;   /* 0-11 */
  int    day;     /* 1-31 */
  int    hours, minutes, seconds, millis;
  int    weekday; /* 0 = Sunday */
  double time;
} Date;

static Date
date_from_millis (double millis)
{
  Date d;
  double days = floor (millis / MS_PER_DAY);
  double rest = millis - days * MS_PER_DAY;
  int m;

  civil_from_days ((gint64) days, &d.year, &m, &d.day);
  d.month = m - 1;
  d.hours = (int) (rest / 3600000.0);
  d.minutes = (int) fmod (rest / 60000.0, 60);
  d.seconds = (int) fmod (rest / 1000.0, 60);
  d.millis = (int) fmod (rest, 1000);
  d.weekday = (int) (((gint64) days % 7 + 11) % 7);
  d.time = millis;
  return d;
}

static double
start_of_first_week (gint64 year,
                     int    month)
{
  double jan1 = date_utc ((double) year, month, 1, 0, 0, 0, 0);
  int day = date_from_millis (jan1).weekday;

  if (day == 0)
    day = 7;
  return day > 4 ? jan1 + (8 - day) * MS_PER_DAY : jan1 - (day - 1) * MS_PER_DAY;
}

/* A component of a date, as getDateTimeFragment () */
static JnVal
date_component (JnCtx      *ctx,
                const Date *date,
                char        component)
{
  switch (component)
    {
    case 'Y': return jn_num ((double) date->year);
    case 'M': return jn_num (date->month + 1);
    case 'D': return jn_num (date->day);
    case 'd':
      {
        double today = date_utc ((double) date->year, date->month, date->day, 0, 0, 0, 0);
        double first = date_utc ((double) date->year, 0, 1, 0, 0, 0, 0);

        return jn_num ((today - first) / MS_PER_DAY + 1);
      }
    case 'F': return jn_num (date->weekday == 0 ? 7 : date->weekday);
    case 'W':
      {
        double start = start_of_first_week (date->year, 0);
        double today = date_utc ((double) date->year, date->month, date->day, 0, 0, 0, 0);
        double week = (today - start) / (MS_PER_DAY * 7) + 1;

        if (week > 52)
          {
            if (today >= start_of_first_week (date->year + 1, 0))
              week = 1;
          }
        else if (week < 1)
          {
            week = (today - start_of_first_week (date->year - 1, 0)) / (MS_PER_DAY * 7) + 1;
          }
        return jn_num (floor (week));
      }
    case 'w':
      {
        double start = start_of_first_week (date->year, date->month);
        double today = date_utc ((double) date->year, date->month, date->day, 0, 0, 0, 0);
        double week = (today - start) / (MS_PER_DAY * 7) + 1;

        if (week > 4)
          {
            gint64 ny = date->month == 11 ? date->year + 1 : date->year;
            int nm = date->month == 11 ? 0 : date->month + 1;

            if (today >= start_of_first_week (ny, nm))
              week = 1;
          }
        else if (week < 1)
          {
            gint64 py = date->month == 0 ? date->year - 1 : date->year;
            int pm = date->month == 0 ? 11 : date->month - 1;

            week = (today - start_of_first_week (py, pm)) / (MS_PER_DAY * 7) + 1;
          }
        return jn_num (floor (week));
      }
    case 'X':
      {
        double start = start_of_first_week (date->year, 0);
        double end = start_of_first_week (date->year + 1, 0);

        if (date->time < start)
          return jn_num ((double) date->year - 1);
        if (date->time >= end)
          return jn_num ((double) date->year + 1);
        return jn_num ((double) date->year);
      }
    case 'x':
      {
        double start = start_of_first_week (date->year, date->month);
        gint64 ny = date->month == 11 ? date->year + 1 : date->year;
        int nm = date->month == 11 ? 0 : date->month + 1;
        double end = start_of_first_week (ny, nm);

        if (date->time < start)
          return jn_num (date->month == 0 ? 12 : date->month);
        if (date->time >= end)
          return jn_num (nm + 1);
        return jn_num (date->month + 1);
      }
    case 'H': return jn_num (date->hours);
    case 'h':
      {
        int h = date->hours % 12;

        return jn_num (h == 0 ? 12 : h);
      }
    case 'P': return jn_str_static (date->hours >= 12 ? "pm" : "am", 2);
    case 'm': return jn_num (date->minutes);
    case 's': return jn_num (date->seconds);
    case 'f': return jn_num (date->millis);
    case 'C': return jn_str_static ("ISO", 3);
    case 'E': return jn_str_static ("ISO", 3);
    default: return JN_UNDEF_VAL;
    }
  (void) ctx;
}

typedef struct
{
  gboolean  literal;
  char     *text;          /* literal */
  gsize     text_len;      /* up to its first NUL */
  char      component;
  char     *presentation1;
  char      presentation2;
  gboolean  ordinal;
  int       names;         /* 0 none, else Case + 1 */
  gboolean  has_width;
  int       width_min;     /* -1: none */
  int       width_max;
  IntFormat format;
  gboolean  has_format;
  int       n;
} Marker;

static const char *
default_presentation (char component)
{
  switch (component)
    {
    case 'Y': case 'M': case 'D': case 'd': case 'W': case 'w': case 'X': case 'x': case 'H':
    case 'h': case 'f':
      return "1";
    case 'F': case 'P': case 'C': case 'E':
      return "n";
    case 'm': case 's':
      return "01";
    case 'Z': case 'z':
      return "01:01";
    default:
      return NULL;
    }
}

static int
parse_width (const char *wm)
{
  if (wm == NULL || strcmp (wm, "*") == 0)
    return -1;
  return atoi (wm);
}

static GArray *
analyse_date_picture (JnCtx      *ctx,
                      const char *picture,
                      gsize       len)
{
  GArray *spec = g_array_new (FALSE, TRUE, sizeof (Marker));
  gsize start = 0, pos = 0;

  jn_arena_add_destroy (ctx->arena, (GDestroyNotify) g_array_unref, spec);

#define ADD_LITERAL(s, e) G_STMT_START {                                          \
    if ((e) > (s))                                                                \
      {                                                                           \
        Marker lit_ = { 0 };                                                      \
        g_autoptr(GString) t = g_string_new_len (picture + (s), (gssize) ((e) - (s))); \
        for (gsize q = 0; q + 1 < t->len; q++)                                    \
          if (t->str[q] == ']' && t->str[q + 1] == ']')                           \
            g_string_erase (t, (gssize) q, 1);                                    \
        lit_.literal = TRUE;                                                      \
        lit_.text = jn_arena_strndup (ctx->arena, t->str, t->len);                \
        lit_.text_len = strlen (lit_.text);  /* up to a NUL, as it is written */  \
        g_array_append_val (spec, lit_);                                          \
      }                                                                           \
  } G_STMT_END

  while (pos < len)
    {
      if (picture[pos] == '[')
        {
          const char *close;
          g_autofree char *raw = NULL;
          GString *marker;
          Marker def = { 0 };
          char *comma;
          g_autofree char *pres = NULL;

          if (pos + 1 < len && picture[pos + 1] == '[')
            {
              Marker lit = { 0 };

              ADD_LITERAL (start, pos);
              lit.literal = TRUE;
              lit.text = (char *) "[";
              lit.text_len = 1;
              g_array_append_val (spec, lit);
              pos += 2;
              start = pos;
              continue;
            }
          ADD_LITERAL (start, pos);
          start = pos;
          close = memchr (picture + start, ']', len - start);
          if (close == NULL)
            {
              jn_error (ctx, "D3135", -1, NULL);
              return NULL;
            }
          pos = (gsize) (close - picture);
          raw = g_strndup (picture + start + 1, pos - start - 1);
          marker = g_string_new (NULL);
          for (char *q = raw; *q != '\0'; q++)
            if (!g_ascii_isspace (*q))
              g_string_append_c (marker, *q);

          def.component = marker->len > 0 ? marker->str[0] : '\0';
          def.width_min = def.width_max = -1;
          comma = strrchr (marker->str, ',');
          if (comma != NULL)
            {
              char *width = comma + 1;
              char *dash = strchr (width, '-');

              def.has_width = TRUE;
              if (dash == NULL)
                def.width_min = parse_width (width);
              else
                {
                  *dash = '\0';
                  def.width_min = parse_width (width);
                  def.width_max = parse_width (dash + 1);
                }
              pres = g_strndup (marker->str + 1, (gsize) MAX (comma - marker->str - 1, 0));
            }
          else
            {
              pres = g_strdup (marker->len > 0 ? marker->str + 1 : "");
            }
          g_string_free (marker, TRUE);

          if (strlen (pres) == 1)
            def.presentation1 = jn_arena_strndup (ctx->arena, pres, 1);
          else if (strlen (pres) > 1)
            {
              char last = pres[strlen (pres) - 1];

              if (strchr ("atco", last) != NULL)
                {
                  def.presentation2 = last;
                  if (last == 'o')
                    def.ordinal = TRUE;
                  def.presentation1 = jn_arena_strndup (ctx->arena, pres, strlen (pres) - 1);
                }
              else
                def.presentation1 = jn_arena_strndup (ctx->arena, pres, strlen (pres));
            }
          else
            {
              const char *d = default_presentation (def.component);

              if (d != NULL)
                def.presentation1 = (char *) d;
            }
          if (def.presentation1 == NULL)
            {
              char c[2] = { def.component, '\0' };

              jn_error (ctx, "D3132", -1, NULL);
              jn_error_value (ctx, jn_str (ctx, c, -1));
              return NULL;
            }
          if (def.presentation1[0] == 'n')
            def.names = CASE_LOWER + 1;
          else if (def.presentation1[0] == 'N')
            def.names = def.presentation1[1] == 'n' ? CASE_TITLE + 1 : CASE_UPPER + 1;
          else if (def.component != '\0' && strchr ("YMDdFWwXxHhmsf", def.component) != NULL)
            {
              g_autofree char *pattern = def.presentation2 != 0
                ? g_strdup_printf ("%s;%c", def.presentation1, def.presentation2)
                : g_strdup (def.presentation1);

              if (!analyse_integer_picture (ctx, pattern, strlen (pattern), &def.format))
                return NULL;
              def.has_format = TRUE;
              if (def.has_width && def.width_min >= 0 && def.format.mandatory < def.width_min)
                def.format.mandatory = def.width_min;
              if (def.component == 'Y')
                {
                  def.n = -1;
                  if (def.has_width && def.width_max >= 0)
                    {
                      def.n = def.width_max;
                      def.format.mandatory = def.n;
                    }
                  else
                    {
                      int w = def.format.mandatory + def.format.optional;

                      if (w >= 2)
                        def.n = w;
                    }
                }
              if (spec->len > 0)
                {
                  Marker *prev = &g_array_index (spec, Marker, spec->len - 1);

                  if (prev->has_format)
                    prev->format.parse_width = prev->format.mandatory;
                }
            }
          if (def.component == 'Z' || def.component == 'z')
            {
              if (!analyse_integer_picture (ctx, def.presentation1,
                                            strlen (def.presentation1), &def.format))
                return NULL;
              def.has_format = TRUE;
            }
          g_array_append_val (spec, def);
          start = pos + 1;
        }
      pos++;
    }
  ADD_LITERAL (start, pos);
#undef ADD_LITERAL
  return spec;
}

static gboolean
analyse_date_cb (JnCtx         *ctx,
                 const char    *picture,
                 gsize          len,
                 gconstpointer  extra,
                 gpointer       out)
{
  GArray **spec = out;

  *spec = analyse_date_picture (ctx, picture, len);
  return *spec != NULL;
}

/* The parsed date picture (an entry holding a GArray of Marker); NULL with the error set. */
static PictureEntry *
date_picture (JnCtx      *ctx,
              const char *picture,
              gsize       len)
{
  return picture_lookup (ctx, 'd', picture, len, NULL, 0, analyse_date_cb, sizeof (GArray *));
}

static void
apply_case (char *s,
            int   names)
{
  if (names == CASE_UPPER + 1)
    for (char *q = s; *q; q++)
      *q = g_ascii_toupper (*q);
  else if (names == CASE_LOWER + 1)
    for (char *q = s; *q; q++)
      *q = g_ascii_tolower (*q);
}

static const char *const day_names[] = {
  "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};
static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* Appends component M of DATE to OUT; FALSE with the error set. */
static gboolean
format_component (JnCtx        *ctx,
                  GString      *out,
                  const Date   *date,
                  const Marker *m,
                  int           offset_hours,
                  int           offset_minutes)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  JnVal value = date_component (ctx, date, m->component);
  gsize start = out->len;

  if (m->component != '\0' && strchr ("YMDdFWwXxHhms", m->component) != NULL)
    {
      double v = value.u.n;

      if (m->component == 'Y' && m->n != -1)
        v = fmod (v, m->n >= 0 && m->n < (int) G_N_ELEMENTS (powers) ? powers[m->n]
                                                                     : pow (10, m->n));
      if (m->names)
        {
          if (m->component == 'M' || m->component == 'x')
            g_string_append (out, month_names[CLAMP ((int) v - 1, 0, 11)]);
          else if (m->component == 'F')
            g_string_append (out, day_names[CLAMP ((int) v, 0, 7)]);
          else
            {
              char c[2] = { m->component, '\0' };

              jn_error (ctx, "D3133", -1, NULL);
              jn_error_value (ctx, jn_str (ctx, c, -1));
              return FALSE;
            }
          apply_case (out->str + start, m->names);
          if (m->has_width && m->width_max >= 0 && out->len - start > (gsize) m->width_max)
            g_string_truncate (out, start + (gsize) m->width_max);
          return TRUE;
        }
      return format_integer (ctx, out, v, &m->format);
    }
  if (m->component == 'f')
    return format_integer (ctx, out, value.u.n, &m->format);
  if (m->component == 'Z' || m->component == 'z')
    {
      int offset = offset_hours * 100 + offset_minutes;
      int digits = m->format.mandatory;

      if (m->format.regular || digits == 3 || digits == 4)
        {
          if (!format_integer (ctx, out, offset, &m->format))
            return FALSE;
        }
      else if (digits == 1 || digits == 2)
        {
          if (!format_integer (ctx, out, offset_hours, &m->format))
            return FALSE;
          if (offset_minutes != 0)
            g_string_append_printf (out, ":%02d", offset_minutes);
        }
      else
        {
          jn_error (ctx, "D3134", -1, NULL);
          jn_error_value (ctx, jn_num (digits));
          return FALSE;
        }
      if (offset >= 0)
        g_string_insert_c (out, (gssize) start, '+');
      if (m->component == 'z')
        g_string_insert (out, (gssize) start, "GMT");
      if (offset == 0 && m->presentation2 == 't')
        {
          g_string_truncate (out, start);
          g_string_append_c (out, 'Z');
        }
      return TRUE;
    }
  if (m->component == 'P')
    {
      g_string_append_len (out, value.u.s, value.aux);
      if (m->names == CASE_UPPER + 1)
        apply_case (out->str + start, m->names);
      return TRUE;
    }
  if (value.type == JN_STRING)
    g_string_append_len (out, value.u.s, value.aux);
  else
    g_string_append (out, "undefined");
  return TRUE;
}

/* Writes the DIGITS last decimal digits of V (0 <= V) at P; the end. */
static char *
put_digits (char *p,
            int   v,
            int   digits)
{
  for (int i = digits - 1; i >= 0; i--, v /= 10)
    p[i] = (char) ('0' + v % 10);
  return p + digits;
}

/* $fromMillis without a picture: [Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t] written
 * directly into BUF (32 bytes at least); its length, or 0 when the offset takes more than four
 * digits (the picture path then). */
static int
format_iso8601 (char       *buf,
                const Date *date,
                int         offset_hours,
                int         offset_minutes)
{
  int offset = offset_hours * 100 + offset_minutes;
  double year = fmod ((double) date->year, 10000);
  char *p = buf;

  if (offset <= -10000 || offset >= 10000)
    return 0;
  if (year < 0)
    *p++ = '-';
  p = put_digits (p, (int) fabs (year), 4);
  *p++ = '-';
  p = put_digits (p, date->month + 1, 2);
  *p++ = '-';
  p = put_digits (p, date->day, 2);
  *p++ = 'T';
  p = put_digits (p, date->hours, 2);
  *p++ = ':';
  p = put_digits (p, date->minutes, 2);
  *p++ = ':';
  p = put_digits (p, date->seconds, 2);
  *p++ = '.';
  p = put_digits (p, date->millis, 3);
  if (offset == 0)
    *p++ = 'Z';
  else
    {
      *p++ = offset < 0 ? '-' : '+';
      p = put_digits (p, ABS (offset) / 100, 2);
      *p++ = ':';
      p = put_digits (p, ABS (offset) % 100, 2);
    }
  return (int) (p - buf);
}

static JnVal
format_date_time (JnCtx *ctx,
                  double millis,
                  JnVal  picture,
                  JnVal  zone)
{
  int offset_hours = 0, offset_minutes = 0;
  double local;
  PictureEntry *entry;
  GArray *spec;
  Date date;
  GString *out;

  if (zone.type == JN_STRING)
    {
      /* parseInt */
      char small[64];
      g_autofree char *heap = zone.aux < sizeof small ? NULL : g_strndup (zone.u.s, zone.aux);
      char *tz = heap, *end;
      long offset;

      if (tz == NULL)
        {
          memcpy (small, zone.u.s, zone.aux);
          small[zone.aux] = '\0';
          tz = small;
        }
      offset = strtol (tz, &end, 10);
      /* beyond 20 million hours, hours * 100 + minutes would not fit an int */
      if (end != tz && (offset > 2000000000L || offset < -2000000000L))
        return JN_UNDEF_VAL;
      if (end != tz)
        {
          offset_hours = (int) floor (offset / 100.0);
          offset_minutes = (int) (offset % 100);
        }
    }
  /* a JavaScript Date holds ±8.64e15 ms; the reference has no date to format beyond */
  local = millis + (60.0 * offset_hours + offset_minutes) * 60000.0;
  if (!(fabs (millis) <= MAX_TIME && fabs (local) <= MAX_TIME))
    return JN_UNDEF_VAL;
  date = date_from_millis (local);
  if (picture.type == JN_UNDEF)
    {
      static const char iso[] = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";
      char buf[64];
      int len = fabs (millis) < 1e15
                ? format_iso8601 (buf, &date, offset_hours, offset_minutes) : 0;

      if (len > 0)
        return jn_str (ctx, buf, len);
      entry = date_picture (ctx, iso, strlen (iso));
    }
  else
    entry = date_picture (ctx, picture.u.s, picture.aux);
  if (entry == NULL)
    return JN_UNDEF_VAL;
  spec = *(GArray **) entry->parsed;

  out = scratch_string ();
  for (guint i = 0; i < spec->len; i++)
    {
      Marker *m = &g_array_index (spec, Marker, i);

      if (m->literal)
        g_string_append (out, m->text);
      else if (!format_component (ctx, out, &date, m, offset_hours, offset_minutes))
        return JN_UNDEF_VAL;
    }
  return jn_str (ctx, out->str, (gssize) out->len);
}

JnVal
jn_fn_from_millis (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal millis = ARG (0);

  if (millis.type == JN_UNDEF)
    return millis;
  return format_date_time (ctx, millis.u.n, ARG (1), ARG (2));
}

JnVal
jn_fn_now (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return format_date_time (ctx, (double) jn_ctx_timestamp (ctx), ARG (0), ARG (1));
}

JnVal
jn_fn_millis (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return jn_num ((double) jn_ctx_timestamp (ctx));
}

/* Date.parse for the ISO 8601 forms the reference accepts: LEN bytes of S. */
static double
parse_iso8601 (const char *s,
               int         len)
{
  int pos = 0;
  double year, month = 1, day = 1, h = 0, mi = 0, sec = 0, ms = 0;
  double offset = 0;

#define DIGITS(n, out) G_STMT_START {                         \
    double v_ = 0;                                            \
    for (int k_ = 0; k_ < (n); k_++)                          \
      {                                                       \
        if (pos >= len || !g_ascii_isdigit (s[pos]))          \
          return NAN;                                         \
        v_ = v_ * 10 + (s[pos++] - '0');                      \
      }                                                       \
    (out) = v_;                                               \
  } G_STMT_END

  DIGITS (4, year);
  if (pos < len && s[pos] == '-')
    {
      pos++;
      DIGITS (2, month);
      if (pos < len && s[pos] == '-')
        {
          pos++;
          DIGITS (2, day);
        }
    }
  if (pos < len && s[pos] == 'T')
    {
      pos++;
      DIGITS (2, h);
      if (pos >= len || s[pos++] != ':')
        return NAN;
      DIGITS (2, mi);
      if (pos >= len || s[pos++] != ':')
        return NAN;
      DIGITS (2, sec);
    }
  if (pos < len && s[pos] == '.')
    {
      double scale = 100;

      pos++;
      if (pos >= len || !g_ascii_isdigit (s[pos]))
        return NAN;
      while (pos < len && g_ascii_isdigit (s[pos]))
        {
          ms += (s[pos++] - '0') * scale;
          scale /= 10;
        }
      ms = floor (ms);
    }
  if (pos < len && s[pos] == 'Z')
    pos++;
  else if (pos < len && (s[pos] == '+' || s[pos] == '-'))
    {
      double sign = s[pos++] == '-' ? -1 : 1;
      double oh, om;

      DIGITS (2, oh);
      if (pos < len && s[pos] == ':')
        pos++;
      DIGITS (2, om);
      offset = sign * (oh * 60 + om);
    }
  if (pos != len)
    return NAN;
#undef DIGITS
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 24 || mi > 59 || sec > 59
      || (h == 24 && (mi > 0 || sec > 0 || ms > 0)))
    return NAN;
  {
    static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    gint64 y = (gint64) year;
    int dim_days = month_days[(int) month - 1];

    if (month == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
      dim_days = 29;
    if (day > dim_days)
      return NAN;
  }
  return date_utc (year, month - 1, day, h, mi, sec, ms) - offset * 60000.0;
}

/* The length of the \d (a decimal digit of Unicode, as GRegex matches it) at P of the LEN
 * bytes of valid UTF-8 S; 0 if there is none. */
static gsize
iso_digit (const char *s,
           gsize       len,
           gsize       p)
{
  if (p >= len)
    return 0;
  if (g_ascii_isdigit (s[p]))
    return 1;
  if ((guchar) s[p] < 0x80 || g_unichar_type (g_utf8_get_char (s + p)) != G_UNICODE_DECIMAL_NUMBER)
    return 0;
  return (gsize) (g_utf8_next_char (s + p) - (s + p));
}

/* Whether S[P] is an ASCII character from LO to HI. */
static gboolean
iso_range (const char *s,
           gsize       len,
           gsize       p,
           char        lo,
           char        hi)
{
  return p < len && s[p] >= lo && s[p] <= hi;
}

/* The end of the ASCII range LO-HI then \d at P; 0 when they are not there. */
static gsize
iso_pair (const char *s,
          gsize       len,
          gsize       p,
          char        lo,
          char        hi)
{
  gsize d;

  if (!iso_range (s, len, p, lo, hi) || (d = iso_digit (s, len, p + 1)) == 0)
    return 0;
  return p + 1 + d;
}

/* Group G of the timestamps without a picture,
 *   ^\d{4}(-[01]\d)?(-[0-3]\d)?(T[0-2]\d:[0-5]\d:[0-5]\d)?(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$
 * at P: its end, or 0 when it does not match there. */
static gsize
iso_group (const char *s,
           gsize       len,
           gsize       p,
           int         g)
{
  gsize e, d;

  switch (g)
    {
    case 0:
    case 1:
      if (p >= len || s[p] != '-')
        return 0;
      return iso_pair (s, len, p + 1, '0', g == 0 ? '1' : '3');
    case 2:
      if (p >= len || s[p] != 'T' || (e = iso_pair (s, len, p + 1, '0', '2')) == 0
          || e >= len || s[e] != ':' || (e = iso_pair (s, len, e + 1, '0', '5')) == 0
          || e >= len || s[e] != ':')
        return 0;
      return iso_pair (s, len, e + 1, '0', '5');
    case 3:
      if (p >= len || s[p] != '.' || (d = iso_digit (s, len, p + 1)) == 0)
        return 0;
      for (e = p + 1; (d = iso_digit (s, len, e)) > 0; e += d)
        ;
      return e;
    default:
      if (p < len && s[p] == 'Z')
        return p + 1;
      if (p >= len || (s[p] != '+' && s[p] != '-') || (e = iso_pair (s, len, p + 1, '0', '2')) == 0)
        return 0;
      if (e < len && s[e] == ':')
        e++;
      return iso_pair (s, len, e, '0', '5');
    }
}

/* Whether the optional groups from G on match from P to the end, tried as the regular expression
 * tries them: each group taken before it is left out. */
static gboolean
iso_groups (const char *s,
            gsize       len,
            gsize       p,
            int         g)
{
  for (; g < 5; g++)
    {
      gsize e = iso_group (s, len, p, g);

      if (e > 0 && iso_groups (s, len, e, g + 1))
        return TRUE;
    }
  return p == len;
}

/* Whether the LEN bytes of S have the shape of the timestamps $toMillis reads without a
 * picture. */
static gboolean
iso8601_shape (const char *s,
               gsize       len)
{
  gsize p = 0;

  for (gsize i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      {
        if (!g_utf8_validate_len (s, len, NULL))
          return FALSE;
        break;
      }
  for (int i = 0; i < 4; i++)
    {
      gsize d = iso_digit (s, len, p);

      if (d == 0)
        return FALSE;
      p += d;
    }
  return iso_groups (s, len, p, 0);
}

/* ---- Reading a timestamp with a date picture. The reference matches it with the regular
 * expression ^(…)(…)…$, case-insensitive, a group a marker: a literal is itself, [Z] is
 * [-+][0-9]+ (then the grouping separator and [0-9]+ when it has one), [z] the same after
 * GMT, [f] [0-9]+, a decimal [0-9]+ (or exactly as many digits as it shows when another
 * number follows it) with the ordinal's suffix (th|st|nd|rd), letters [a-z]+, roman numerals
 * [mdclxvi]+, words (zero|one|…|and|[\-, ])+ and names [a-z]+. Matched here directly, each
 * marker greedy and giving back what the next ones need, as the regular expression would. */

#define MATCH_STEPS 1000000  /* then no match, as the regular expression's match limit */
#define MATCH_DEPTH 20000

/* The words of a number in the order of the reference's alternatives, by first letter. */
static const char *const match_words[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
  "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
  "seventeenth", "eighteenth", "nineteenth", "twenty", "twentieth", "thirty", "thirtieth",
  "forty", "fortieth", "fifty", "fiftieth", "sixty", "sixtieth", "seventy", "seventieth",
  "eighty", "eightieth", "ninety", "ninetieth", "hundred", "hundredth", "thousand",
  "thousandth", "million", "millionth", "billion", "billionth", "trillion", "trillionth", "and",
};

typedef struct
{
  guint8 n;
  guint8 index[23];
  guint8 len[23];
} WordsByLetter;

static const WordsByLetter *
match_words_by_letter (void)
{
  static WordsByLetter table[26];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (match_words); i++)
        {
          WordsByLetter *w = &table[match_words[i][0] - 'a'];

          g_assert (w->n < G_N_ELEMENTS (w->index));
          w->len[w->n] = (guint8) strlen (match_words[i]);
          w->index[w->n++] = (guint8) i;
        }
      g_once_init_leave (&done, 1);
    }
  return table;
}

typedef struct
{
  const char          *s;
  gsize                len;
  const Marker        *spec;
  guint                n;
  gsize               *start;
  gsize               *end;
  guint                steps;
  guint                depth;
  gboolean             over;
  const WordsByLetter *words;
} Match;

/* A character as the case-insensitive match compares it: the other case of an ASCII letter
 * is that letter, and only LATIN SMALL LETTER LONG S and KELVIN SIGN are another case of one
 * outside ASCII. */
static gunichar
match_fold (gunichar c)
{
  gunichar f;

  if (c < 0x80)
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
  if (c == 0x017F)
    return 's';
  if (c == 0x212A)
    return 'k';
  f = g_unichar_tolower (g_unichar_toupper (c));
  return f < 0x80 ? c : f;
}

/* The character at *P of the subject, folded; *P moves past it. */
static gunichar
match_next (const Match *mt,
            gsize       *p)
{
  guchar b = (guchar) mt->s[*p];
  const char *q;

  if (b < 0x80)
    {
      (*p)++;
      return b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b;
    }
  q = mt->s + *p;
  *p += (gsize) (g_utf8_next_char (q) - q);
  return match_fold (g_utf8_get_char (q));
}

/* The end of the UTF-8 TEXT (LEN bytes) matched at P, ignoring case; NO_MATCH if it does not
 * match there. */
#define NO_MATCH G_MAXSIZE

static gsize
match_text (const Match *mt,
            gsize        p,
            const char  *text,
            gsize        len)
{
  for (const char *t = text; t < text + len;)
    {
      guchar a = (guchar) *t, b;

      if (p >= mt->len)
        return NO_MATCH;
      b = (guchar) mt->s[p];
      if (a < 0x80 && b < 0x80)
        {
          if (a != b && ((a | 0x20) != (b | 0x20) || !g_ascii_isalpha (a)))
            return NO_MATCH;
          t++;
          p++;
        }
      else
        {
          if (match_next (mt, &p) != match_fold (g_utf8_get_char (t)))
            return NO_MATCH;
          t = g_utf8_next_char (t);
        }
    }
  return p;
}

static gboolean match_from (Match *mt, guint i, gsize p);

/* Marker I holds P to E when the markers after it match from E. */
static gboolean
match_take (Match *mt,
            guint  i,
            gsize  p,
            gsize  e)
{
  if (!match_from (mt, i + 1, e))
    return FALSE;
  mt->start[i] = p;
  mt->end[i] = e;
  return TRUE;
}

static gsize
digits_end (const Match *mt,
            gsize        p)
{
  while (p < mt->len && g_ascii_isdigit (mt->s[p]))
    p++;
  return p;
}

/* [0-9]+ (or FIXED digits) at Q, then the rest of marker I (its grouping separator and more
 * digits for a time zone, the ordinal's suffix) and the markers after it, from the most digits
 * down; PART 2 is the digits after a time zone's separator. */
static gboolean
match_digits (Match *mt,
              guint  i,
              gsize  p,
              gsize  q,
              int    fixed,
              int    part)
{
  const Marker *m = &mt->spec[i];
  gsize most = digits_end (mt, q), least = q + 1;

  if (fixed > 0)
    {
      if (most - q < (gsize) fixed)
        return FALSE;
      most = least = q + (gsize) fixed;
    }
  for (gsize e = most; e >= least; e--)
    {
      if (part == 1 && (m->component == 'Z' || m->component == 'z') && m->format.regular)
        {
          char sep[8];
          gsize after = match_text (mt, e, sep, (gsize) g_unichar_to_utf8 (m->format.regular_char,
                                                                           sep));

          if (after != NO_MATCH && match_digits (mt, i, p, after, 0, 2))
            return TRUE;
        }
      else if (m->component != 'Z' && m->component != 'z' && m->component != 'f'
               && m->format.ordinal)
        {
          static const char suffixes[][3] = { "th", "st", "nd", "rd" };

          for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
            {
              gsize after = match_text (mt, e, suffixes[k], 2);

              if (after != NO_MATCH && match_take (mt, i, p, after))
                return TRUE;
            }
        }
      else if (match_take (mt, i, p, e))
        return TRUE;
      if (mt->over)
        return FALSE;
    }
  return FALSE;
}

/* Whether C (folded) is in the class of marker kind KIND: 'a' letters, 'i' roman numerals. */
static gboolean
match_class (gunichar c,
             char     kind)
{
  if (kind == 'i')
    return c == 'm' || c == 'd' || c == 'c' || c == 'l' || c == 'x' || c == 'v' || c == 'i';
  return c >= 'a' && c <= 'z';
}

/* [class]+ at P for marker I, from the longest down. */
static gboolean
match_class_run (Match *mt,
                 guint  i,
                 gsize  p,
                 char   kind)
{
  gsize e = p;

  while (e < mt->len)
    {
      gsize next = e;

      if (!match_class (match_next (mt, &next), kind))
        break;
      e = next;
    }
  while (e > p)
    {
      if (match_take (mt, i, p, e))
        return TRUE;
      if (mt->over)
        return FALSE;
      do
        e--;
      while (e > p && ((guchar) mt->s[e] & 0xC0) == 0x80);
    }
  return FALSE;
}

/* The words of a number at P, after FIRST (the start of the marker I's text): each word or
 * separator tried in the order of the alternatives, more of them before fewer. */
static gboolean
match_words_at (Match   *mt,
                guint    i,
                gsize    first,
                gsize    p,
                gboolean some)
{
  gboolean done = FALSE;

  if (++mt->steps > MATCH_STEPS || ++mt->depth > MATCH_DEPTH)
    {
      mt->over = TRUE;
      return FALSE;
    }
  if (p < mt->len)
    {
      gsize q = p;
      gunichar c = match_next (mt, &q);

      if (c >= 'a' && c <= 'z')
        {
          const WordsByLetter *w = &mt->words[c - 'a'];

          for (guint k = 0; k < w->n && !done && !mt->over; k++)
            {
              gsize e = match_text (mt, q, match_words[w->index[k]] + 1, w->len[k] - 1u);

              done = e != NO_MATCH && match_words_at (mt, i, first, e, TRUE);
            }
        }
      else if (c == '-' || c == ',' || c == ' ')
        done = match_words_at (mt, i, first, q, TRUE);
    }
  if (!done && some && !mt->over)
    done = match_take (mt, i, first, p);
  mt->depth--;
  return done;
}

/* Whether markers I on match the subject from P to its end. */
static gboolean
match_from (Match *mt,
            guint  i,
            gsize  p)
{
  const Marker *m;

  if (i == mt->n)
    return p == mt->len;
  if (++mt->steps > MATCH_STEPS)
    {
      mt->over = TRUE;
      return FALSE;
    }
  m = &mt->spec[i];
  if (m->literal)
    {
      gsize e = match_text (mt, p, m->text, m->text_len);

      return e != NO_MATCH && match_take (mt, i, p, e);
    }
  if (m->component == 'Z' || m->component == 'z')
    {
      gsize q = p;

      if (m->component == 'z' && (q = match_text (mt, p, "gmt", 3)) == NO_MATCH)
        return FALSE;
      if (q >= mt->len || (mt->s[q] != '-' && mt->s[q] != '+'))
        return FALSE;
      return match_digits (mt, i, p, q + 1, 0, 1);
    }
  if (m->component == 'f')
    return match_digits (mt, i, p, p, 0, 1);
  if (m->has_format && !m->names)
    switch (m->format.primary)
      {
      case FMT_LETTERS:
        return match_class_run (mt, i, p, 'a');
      case FMT_ROMAN:
        return match_class_run (mt, i, p, 'i');
      case FMT_WORDS:
        return match_words_at (mt, i, p, p, FALSE);
      case FMT_DECIMAL:
        return match_digits (mt, i, p, p, m->format.parse_width, 1);
      case FMT_SEQUENCE:
      default:
        return match_take (mt, i, p, p);
      }
  return match_class_run (mt, i, p, 'a');
}

/* Whether VALUE (LEN bytes) is NAME, cut to the widest marker M allows. */
static gboolean
name_is (const char   *name,
         const Marker *m,
         const char   *value,
         gsize         len)
{
  gsize n = strlen (name);

  if (m->has_width && m->width_max > 0 && (gsize) m->width_max < n)
    n = (gsize) m->width_max;
  return len == n && memcmp (name, value, n) == 0;
}

/* Whether the pattern of the reference would not compile for SPEC: a literal that is not
 * UTF-8, or more digits than a repetition counts. */
static gboolean
date_picture_unmatchable (GArray *spec)
{
  for (guint i = 0; i < spec->len; i++)
    {
      Marker *m = &g_array_index (spec, Marker, i);

      if (m->literal ? !g_utf8_validate (m->text, (gssize) m->text_len, NULL)
          : (m->component != 'Z' && m->component != 'z' && m->component != 'f' && m->has_format
             && !m->names && m->format.primary == FMT_DECIMAL && m->format.parse_width > 65535))
        return TRUE;
    }
  return FALSE;
}

static double
parse_date_time (JnCtx      *ctx,
                 const char *timestamp,
                 gsize       len,
                 JnVal       picture,
                 gboolean   *undefined)
{
  PictureEntry *entry = date_picture (ctx, picture.u.s, picture.aux);
  GArray *spec;
  Match mt = { 0 };
  gsize bounds[2 * 16];
  double comp[128];
  gboolean have[128] = { FALSE };
  gboolean any = FALSE;
  const char *date_comps, *time_comps;
  gboolean start_specified = FALSE, end_specified = FALSE;
  Date now;
  gboolean have_now = FALSE;
  int mask;
  gboolean dateA, dateB, dateC, dateD, timeA, timeB;
  double millis;

  *undefined = FALSE;
  if (entry == NULL)
    return NAN;
  spec = *(GArray **) entry->parsed;
  for (guint i = 0; i < spec->len; i++)
    {
      Marker *m = &g_array_index (spec, Marker, i);

      if (!m->literal && m->component != 'Z' && m->component != 'z' && m->component != 'f'
          && !(m->has_format && !m->names) && m->component != 'M' && m->component != 'x'
          && m->component != 'F' && m->component != 'P')
        {
          char c[2] = { m->component, '\0' };

          jn_error (ctx, "D3133", -1, NULL);
          jn_error_value (ctx, jn_str (ctx, c, -1));
          return NAN;
        }
    }
  mt.s = timestamp;
  mt.len = len;
  mt.spec = (const Marker *) (gpointer) spec->data;
  mt.n = spec->len;
  mt.start = spec->len <= G_N_ELEMENTS (bounds) / 2
    ? bounds : jn_arena_alloc (ctx->arena, 2 * spec->len * sizeof (gsize));
  mt.end = mt.start + spec->len;
  mt.words = match_words_by_letter ();
  if (date_picture_unmatchable (spec) || !g_utf8_validate_len (timestamp, len, NULL)
      || !match_from (&mt, 0, 0))
    {
      *undefined = TRUE;
      return NAN;
    }

  for (guint i = 0; i < spec->len; i++)
    {
      Marker *m = &g_array_index (spec, Marker, i);
      char buffer[64];
      g_autofree char *heap = NULL;
      const char *value;
      gsize group_start = mt.start[i], group_end = mt.end[i];
      guchar c = (guchar) m->component;
      double v = NAN;

      if (m->literal)
        continue;
      if (group_end - group_start < sizeof buffer)
        {
          memcpy (buffer, timestamp + group_start, group_end - group_start);
          buffer[group_end - group_start] = '\0';
          value = buffer;
        }
      else
        value = heap = g_strndup (timestamp + group_start, group_end - group_start);
      if (c == 'Z' || c == 'z')
        {
          const char *t = value + (c == 'z' ? 3 : 0);
          double oh = 0, om = 0;

          if (m->format.regular)
            {
              char sep[8] = { 0 };
              const char *at;

              g_unichar_to_utf8 (m->format.regular_char, sep);
              at = strstr (t, sep);
              oh = strtol (t, NULL, 10);
              om = at != NULL ? strtol (at + strlen (sep), NULL, 10) : 0;
            }
          else
            {
              gsize digits = strlen (t) - 1;

              if (digits <= 2)
                oh = strtol (t, NULL, 10);
              else
                {
                  char h[4] = { t[0], t[1], t[2], '\0' };

                  oh = strtol (h, NULL, 10);
                  om = strtol (t + 3, NULL, 10);
                }
            }
          v = oh * 60 + om;
        }
      else if (c == 'f')
        {
          /* Milliseconds: up to the first three digits, read as a fraction of a second. */
          char frac[8];

          g_snprintf (frac, sizeof frac, "0.%.3s", value);

          v = g_ascii_strtod (frac, NULL) * 1000;
        }
      else if (m->has_format && !m->names)
        {
          v = parse_with_format (ctx, value, group_end - group_start, &m->format);
          if (JN_FAILED (ctx))
            return NAN;
        }
      else
        {
          if (c == 'M' || c == 'x')
            {
              for (int k = 0; k < 12; k++)
                if (name_is (month_names[k], m, value, group_end - group_start))
                  v = k + 1;
            }
          else if (c == 'F')
            {
              for (int k = 1; k < 8; k++)
                if (name_is (day_names[k], m, value, group_end - group_start))
                  v = k;
            }
          else if (c == 'P')
            {
              if (strcmp (value, "am") == 0 || strcmp (value, "AM") == 0)
                v = 0;
              else if (strcmp (value, "pm") == 0 || strcmp (value, "PM") == 0)
                v = 1;
            }
          if (isnan (v))
            continue;
        }
      comp[c] = v;
      have[c] = TRUE;
      any = TRUE;
    }

  if (!any)
    {
      *undefined = TRUE;
      return NAN;
    }

#define SHIFT(ch) (mask = (mask << 1) + (have[(guchar) ch] ? 1 : 0))
#define IS_TYPE(type) (!(~(type) & mask) && !!((type) & mask))
  mask = 0;
  SHIFT ('Y'); SHIFT ('X'); SHIFT ('M'); SHIFT ('x'); SHIFT ('W'); SHIFT ('w'); SHIFT ('d');
  SHIFT ('D');
  dateA = IS_TYPE (161);
  dateB = !dateA && IS_TYPE (130);
  dateC = IS_TYPE (84);
  dateD = !dateC && IS_TYPE (72);
  mask = 0;
  SHIFT ('P'); SHIFT ('H'); SHIFT ('h'); SHIFT ('m'); SHIFT ('s'); SHIFT ('f');
  timeA = IS_TYPE (23);
  timeB = !timeA && IS_TYPE (47);
#undef SHIFT
#undef IS_TYPE

  date_comps = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD";
  time_comps = timeB ? "Phmsf" : "Hmsf";
  for (int part = 0; part < 2; part++)
    for (const char *p = part == 0 ? date_comps : time_comps; *p != '\0'; p++)
      {
        guchar c = (guchar) *p;

        if (!have[c])
          {
            if (start_specified)
              {
                comp[c] = strchr ("MDd", c) != NULL ? 1 : 0;
                end_specified = TRUE;
              }
            else
              {
                JnVal v;

                if (!have_now)
                  now = date_from_millis ((double) jn_ctx_timestamp (ctx));
                have_now = TRUE;
                v = date_component (ctx, &now, (char) c);

                comp[c] = v.type == JN_NUMBER ? v.u.n : 0;
              }
            have[c] = TRUE;
          }
        else
          {
            start_specified = TRUE;
            if (end_specified)
              {
                jn_error (ctx, "D3136", -1, NULL);
                return NAN;
              }
          }
      }

  if (have['M'] && comp['M'] > 0)
    comp['M'] -= 1;
  else
    comp['M'] = 0;
  if (dateB)
    {
      double first = date_utc (comp['Y'], 0, 1, 0, 0, 0, 0);
      double when = first + (comp['d'] - 1) * MS_PER_DAY;
      Date derived;

      if (!(fabs (when) <= MAX_TIME))
        return NAN;
      derived = date_from_millis (when);
      comp['M'] = derived.month;
      comp['D'] = derived.day;
    }
  if (dateC || dateD)
    {
      jn_error (ctx, "D3136", -1, NULL);
      return NAN;
    }
  if (timeB)
    {
      comp['H'] = comp['h'] == 12 ? 0 : comp['h'];
      if (comp['P'] == 1)
        comp['H'] += 12;
      have['H'] = TRUE;
    }
#define C(ch) (have[(guchar) ch] ? comp[(guchar) ch] : 0)
  millis = date_utc (C ('Y'), comp['M'], have['D'] ? comp['D'] : 1, C ('H'), C ('m'), C ('s'),
                     C ('f'));
  /* Date.UTC's TimeClip */
  if (!(fabs (millis) <= MAX_TIME))
    millis = NAN;
  if (have['Z'] && comp['Z'] != 0)
    millis -= comp['Z'] * 60000.0;
  else if (have['z'] && comp['z'] != 0)
    millis -= comp['z'] * 60000.0;
#undef C
  return millis;
}

JnVal
jn_fn_to_millis (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal timestamp = ARG (0);
  JnVal picture = ARG (1);
  gsize len;

  if (timestamp.type == JN_UNDEF)
    return timestamp;
  /* the timestamp stops at a NUL, as a C string does */
  len = strnlen (timestamp.u.s, timestamp.aux);
  if (picture.type == JN_UNDEF)
    {
      if (!iso8601_shape (timestamp.u.s, len))
        {
          jn_error (ctx, "D3110", -1, NULL);
          jn_error_value (ctx, timestamp);
          return JN_UNDEF_VAL;
        }
      return jn_num (parse_iso8601 (timestamp.u.s, (int) len));
    }
  else
    {
      gboolean undefined;
      double v;

      v = parse_date_time (ctx, timestamp.u.s, len, picture, &undefined);

      CHECK (ctx);
      if (undefined)
        return JN_UNDEF_VAL;
      return jn_num (v);
    }
}
