/* sw-jsonata-functions.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSONata function library (string, numeric, aggregation, Boolean, array, object and
 * higher-order functions) and the functions Step Functions adds ($partition, $range, $hash,
 * $random, $uuid, $parse). Date/time and picture formatting live in
 * sw-jsonata-format.c. */

#include <math.h>
#include <string.h>

#include "sw-dtoa.h"
#include "sw-json.h"
#include "sw-jsonata-private.h"

#define CHECK(ctx) G_STMT_START { if (JN_FAILED (ctx)) return JN_UNDEF_VAL; } G_STMT_END
#define ARG(i) ((i) < n ? args[i] : JN_UNDEF_VAL)
#define UNDEF(i) (ARG (i).type == JN_UNDEF)

static void
fail (JnCtx      *ctx,
      const char *code,
      int         index)
{
  jn_error (ctx, code, -1, NULL);
  if (ctx->error != NULL)
    ctx->error->index = index;
}

/* ---- UTF-8 helpers */

/* Byte offset of code point @index (clamped to the string). */
static gsize
cp_offset (const char *s,
           gsize       len,
           gsize       index)
{
  gsize pos = 0;

  while (index > 0 && pos < len)
    {
      pos++;
      while (pos < len && ((guchar) s[pos] & 0xC0) == 0x80)
        pos++;
      index--;
    }
  return pos;
}

/* Byte offset of UTF-16 index @index, for match positions given as JavaScript counts them */
static gsize
utf16_offset (const char *s,
              gsize       len,
              double      index)
{
  gsize pos = 0;

  while (index > 0 && pos < len)
    {
      guchar c = (guchar) s[pos];
      gsize clen = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

      index -= clen == 4 ? 2 : 1;
      pos += clen;
    }
  return MIN (pos, len);
}

/* ---- Aggregation */

static JnVal
fn_sum (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  double total = 0;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  for (guint i = 0; i < args[0].u.a->len; i++)
    total += args[0].u.a->items[i].u.n;
  return jn_num (total);
}

static JnVal
fn_count (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  if (UNDEF (0))
    return jn_num (0);
  return jn_num (args[0].u.a->len);
}

static JnVal
fn_max (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  double m = -INFINITY;

  if (UNDEF (0) || args[0].u.a->len == 0)
    return JN_UNDEF_VAL;
  for (guint i = 0; i < args[0].u.a->len; i++)
    m = MAX (m, args[0].u.a->items[i].u.n);
  return jn_num (m);
}

static JnVal
fn_min (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  double m = INFINITY;

  if (UNDEF (0) || args[0].u.a->len == 0)
    return JN_UNDEF_VAL;
  for (guint i = 0; i < args[0].u.a->len; i++)
    m = MIN (m, args[0].u.a->items[i].u.n);
  return jn_num (m);
}

static JnVal
fn_average (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  double total = 0;

  if (UNDEF (0) || args[0].u.a->len == 0)
    return JN_UNDEF_VAL;
  for (guint i = 0; i < args[0].u.a->len; i++)
    total += args[0].u.a->items[i].u.n;
  return jn_num (total / args[0].u.a->len);
}

/* ---- Strings */

static JnVal
fn_string (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  gboolean pretty = ARG (1).type == JN_BOOL && ARG (1).b;

  return jn_string (ctx, ARG (0), pretty);
}

static JnVal
fn_substring (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  double start, length, end;
  double str_len;
  gsize from, to;

  if (str.type == JN_UNDEF)
    return str;
  str_len = (double) jn_utf8_length (str.u.s, str.aux);
  start = ARG (1).u.n;
  if (str_len + start < 0)
    start = 0;
  if (ARG (2).type != JN_UNDEF)
    {
      length = ARG (2).u.n;
      if (length <= 0)
        return jn_str_static ("", 0);
      end = start >= 0 ? start + length : str_len + start + length;
    }
  else
    {
      end = str_len;
    }
  /* Array.prototype.slice */
  start = trunc (start);
  end = trunc (end);
  if (start < 0)
    start = MAX (str_len + start, 0);
  if (end < 0)
    end = MAX (str_len + end, 0);
  start = MIN (start, str_len);
  end = MIN (end, str_len);
  if (end <= start)
    return jn_str_static ("", 0);
  from = cp_offset (str.u.s, str.aux, (gsize) start);
  to = from + cp_offset (str.u.s + from, str.aux - from, (gsize) (end - start));
  return jn_str (ctx, str.u.s + from, (gssize) (to - from));
}

static JnVal
fn_substring_before (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal chars = ARG (1);
  const char *pos;

  if (str.type == JN_UNDEF)
    return str;
  /* String.prototype.indexOf reads undefined as "undefined" */
  if (chars.type != JN_STRING)
    chars = jn_str_static ("undefined", 9);
  pos = memmem (str.u.s, str.aux, chars.u.s, chars.aux);
  if (pos == NULL)
    return str;
  return jn_str (ctx, str.u.s, pos - str.u.s);
}

static JnVal
fn_substring_after (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal chars = ARG (1);
  const char *pos;

  if (str.type == JN_UNDEF)
    return str;
  /* String.prototype.indexOf reads undefined as "undefined" */
  if (chars.type != JN_STRING)
    chars = jn_str_static ("undefined", 9);
  pos = memmem (str.u.s, str.aux, chars.u.s, chars.aux);
  if (pos == NULL)
    return str;
  pos += chars.aux;
  return jn_str (ctx, pos, (gssize) (str.aux - (gsize) (pos - str.u.s)));
}

static JnVal
fn_lowercase (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  g_autofree char *s = NULL;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  s = g_utf8_strdown (args[0].u.s, args[0].aux);
  return jn_str (ctx, s, -1);
}

static JnVal
fn_uppercase (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  g_autofree char *s = NULL;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  s = g_utf8_strup (args[0].u.s, args[0].aux);
  return jn_str (ctx, s, -1);
}

static JnVal
fn_length (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  if (UNDEF (0))
    return JN_UNDEF_VAL;
  return jn_num ((double) jn_utf8_length (args[0].u.s, args[0].aux));
}

static JnVal
fn_trim (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  GString *out;
  JnVal str = ARG (0);

  if (str.type == JN_UNDEF)
    return str;
  out = g_string_sized_new (str.aux);
  for (gsize i = 0; i < str.aux; i++)
    {
      char c = str.u.s[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          while (i + 1 < str.aux && (str.u.s[i + 1] == ' ' || str.u.s[i + 1] == '\t'
                                     || str.u.s[i + 1] == '\n' || str.u.s[i + 1] == '\r'))
            i++;
          g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, c);
    }
  if (out->len > 0 && out->str[0] == ' ')
    g_string_erase (out, 0, 1);
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return jn_str_take_gstring (ctx, out);
}

static JnVal
fn_pad (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal ch = ARG (2);
  double width;
  double pad_len;
  gsize copies;
  GString *padding;
  GString *out;

  if (str.type == JN_UNDEF)
    return str;
  if (ch.type == JN_UNDEF || ch.aux == 0)
    ch = jn_str_static (" ", 1);
  width = trunc (ARG (1).u.n);
  pad_len = fabs (width) - (double) jn_utf8_length (str.u.s, str.aux);
  if (pad_len <= 0)
    return str;
  if (pad_len > 1e8)
    {
      fail (ctx, "D1011", 2);
      return JN_UNDEF_VAL;
    }
  /* as many copies of @ch as reach the width (its length counted once), then cut */
  copies = (gsize) ceil (pad_len / (double) jn_utf8_length (ch.u.s, ch.aux));
  padding = g_string_sized_new (copies * ch.aux + 1);
  for (; copies > 0; copies--)
    g_string_append_len (padding, ch.u.s, ch.aux);
  g_string_truncate (padding, cp_offset (padding->str, padding->len, (gsize) pad_len));
  out = g_string_new (NULL);
  if (width > 0)
    {
      g_string_append_len (out, str.u.s, str.aux);
      g_string_append_len (out, padding->str, (gssize) padding->len);
    }
  else
    {
      g_string_append_len (out, padding->str, (gssize) padding->len);
      g_string_append_len (out, str.u.s, str.aux);
    }
  g_string_free (padding, TRUE);
  return jn_str_take_gstring (ctx, out);
}

/* Calls a matcher (a regex, or a function returning match objects) on @str. */
static JnVal
evaluate_matcher (JnCtx        *ctx,
                  JnVal         matcher,
                  JnVal         str,
                  const JnCall *call)
{
  JnVal result = jn_apply (ctx, matcher, &str, str.type == JN_UNDEF ? 0 : 1, jn_null (),
                           call->env);

  CHECK (ctx);
  if (result.type != JN_UNDEF)
    {
      JnVal *start = result.type == JN_OBJECT ? jn_obj_get (result.u.o, "start", 5) : NULL;
      JnVal *groups = result.type == JN_OBJECT ? jn_obj_get (result.u.o, "groups", 6) : NULL;
      JnVal *next = result.type == JN_OBJECT ? jn_obj_get (result.u.o, "next", 4) : NULL;

      if (!((start != NULL && start->type == JN_NUMBER)
            || (groups != NULL && groups->type == JN_ARRAY)
            || (next != NULL && next->type == JN_FUNC)))
        {
          jn_error (ctx, "T1010", -1, NULL);
          return JN_UNDEF_VAL;
        }
    }
  return result;
}

static JnVal
member (JnVal       obj,
        const char *key)
{
  JnVal *v;

  if (obj.type != JN_OBJECT)
    return JN_UNDEF_VAL;
  v = jn_obj_get (obj.u.o, key, strlen (key));
  return v != NULL ? *v : JN_UNDEF_VAL;
}

static JnVal
match_next (JnCtx        *ctx,
            JnVal         match,
            const JnCall *call)
{
  JnVal next = member (match, "next");

  return evaluate_matcher (ctx, next, JN_UNDEF_VAL, call);
}

/* A regex literal as matcher: its matches are read straight from PCRE2, without building the
 * match objects a matcher function returns. FALSE for any other matcher. */
static gboolean
regex_iter_init (JnRegexIter *iter,
                 JnVal        matcher,
                 JnVal        str)
{
  if (matcher.type != JN_FUNC || matcher.u.f->kind != JN_FN_REGEX || matcher.u.f->sig != NULL
      || str.type != JN_STRING)
    return FALSE;
  *iter = (JnRegexIter) { .regex = matcher.u.f->regex, .subject = str.u.s, .length = str.aux,
                          .position = matcher.u.f->node->position };
  return TRUE;
}

/* A string built in the evaluation's arena. */
typedef struct
{
  JnArena *arena;
  char    *data;
  gsize    len;
  gsize    cap;
} Out;

static void
out_append (Out        *out,
            const char *text,
            gsize       len)
{
  if (out->len + len + 1 > out->cap)
    {
      gsize cap = MAX (MAX (out->cap * 2, out->len + len + 1), 64);

      out->data = jn_arena_realloc (out->arena, out->data, out->len, cap);
      out->cap = cap;
    }
  memcpy (out->data + out->len, text, len);
  out->len += len;
}

static JnVal
out_finish (Out *out)
{
  if (out->data == NULL)
    return jn_str_static ("", 0);
  out->data[out->len] = '\0';
  return jn_str_static (out->data, out->len);
}

static JnVal
fn_contains (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal token = ARG (1);
  JnVal matches;
  JnRegexIter iter;

  if (str.type == JN_UNDEF || token.type == JN_UNDEF)
    return JN_UNDEF_VAL;
  if (token.type == JN_STRING)
    return jn_bool (memmem (str.u.s, str.aux, token.u.s, token.aux) != NULL);
  if (regex_iter_init (&iter, token, str))
    {
      gboolean found = jn_regex_iter_next (ctx, &iter);

      CHECK (ctx);
      return jn_bool (found);
    }
  matches = evaluate_matcher (ctx, token, str, call);
  CHECK (ctx);
  return jn_bool (matches.type != JN_UNDEF);
}

static JnVal
fn_match (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal limit = ARG (2);
  JnVal result;
  JnRegexIter iter;

  if (str.type == JN_UNDEF)
    return str;
  if (limit.type == JN_NUMBER && limit.u.n < 0)
    {
      fail (ctx, "D3040", 3);
      jn_error_value (ctx, limit);
      return JN_UNDEF_VAL;
    }
  result = jn_seq_new (ctx);
  if ((limit.type == JN_UNDEF || limit.u.n > 0) && regex_iter_init (&iter, ARG (1), str))
    {
      double count = 0;
      gsize at = 0;
      double index = 0;

      if (jn_regex_iter_next (ctx, &iter))
        do
          {
            const gsize *ov = iter.ovector;
            JnVal item = jn_obj_new (ctx);

            index = jn_regex_utf16_index (str.u.s, at, index, ov[0]);
            at = ov[0];
            jn_obj_set (ctx, item.u.o, "match", 5,
                        jn_str (ctx, str.u.s + ov[0], (gssize) (ov[1] - ov[0])));
            jn_obj_set (ctx, item.u.o, "index", 5, jn_num (index));
            jn_obj_set (ctx, item.u.o, "groups", 6,
                        jn_regex_groups (ctx, iter.regex, str.u.s, ov));
            jn_arr_push (ctx, result.u.a, item);
            count++;
          }
        while (jn_regex_iter_next (ctx, &iter)
               && (limit.type == JN_UNDEF || count < limit.u.n));
      CHECK (ctx);
    }
  else if (limit.type == JN_UNDEF || limit.u.n > 0)
    {
      double count = 0;
      JnVal matches = evaluate_matcher (ctx, ARG (1), str, call);

      CHECK (ctx);
      while (matches.type != JN_UNDEF && (limit.type == JN_UNDEF || count < limit.u.n))
        {
          JnVal item = jn_obj_new (ctx);

          jn_obj_set (ctx, item.u.o, "match", 5, member (matches, "match"));
          jn_obj_set (ctx, item.u.o, "index", 5, member (matches, "start"));
          jn_obj_set (ctx, item.u.o, "groups", 6, member (matches, "groups"));
          jn_arr_push (ctx, result.u.a, item);
          matches = match_next (ctx, matches, call);
          CHECK (ctx);
          count++;
        }
    }
  return result;
}

/* A match as $replace substitutes it: a match object, or (object undefined) the offsets of
 * the thread's last regex match in @subject. */
typedef struct
{
  JnVal        object;
  JnVal        groups;
  const char  *subject;
  const gsize *ovector;
  guint        n_groups;
} Match;

/* Appends group @i of @m (0: the whole match); nothing for a group that took no part. */
static void
append_group (Out         *out,
              const Match *m,
              guint        i)
{
  JnVal g;

  if (m->object.type == JN_UNDEF)
    {
      if (m->ovector[2 * i] != (gsize) -1)
        out_append (out, m->subject + m->ovector[2 * i],
                    m->ovector[2 * i + 1] - m->ovector[2 * i]);
      return;
    }
  g = i == 0 ? member (m->object, "match") : m->groups.u.a->items[i - 1];
  if (g.type == JN_STRING)
    out_append (out, g.u.s, g.aux);
}

static int
decimal_digits (guint value)
{
  int digits = 1;

  for (; value >= 10; value /= 10)
    digits++;
  return digits;
}

static void
substitute (Out         *out,
            JnVal        replacement,
            const Match *m)
{
  const char *r = replacement.u.s;
  gsize rlen = replacement.aux;
  guint n_groups = m->n_groups;
  gsize position = 0;
  const char *dollar;

  while (position < rlen
         && (dollar = memchr (r + position, '$', rlen - position)) != NULL)
    {
      gsize index = (gsize) (dollar - r);
      char next;

      out_append (out, r + position, index - position);
      position = index + 1;
      next = position < rlen ? r[position] : '\0';
      if (next == '$')
        {
          out_append (out, "$", 1);
          position++;
        }
      else if (next == '0')
        {
          append_group (out, m, 0);
          position++;
        }
      else
        {
          int max_digits = decimal_digits (n_groups);
          int value = 0;
          int digits = 0;

          while (digits < max_digits && position + (gsize) digits < rlen
                 && g_ascii_isdigit (r[position + (gsize) digits]))
            {
              value = value * 10 + (r[position + (gsize) digits] - '0');
              digits++;
            }
          if (max_digits > 1 && digits == max_digits && (guint) value > n_groups)
            {
              value /= 10;
              digits--;
            }
          if (digits > 0)
            {
              if (n_groups > 0 && value >= 1 && (guint) value <= n_groups)
                append_group (out, m, (guint) value);
              /* parseInt drops leading zeros: "$01" consumes as many digits as the number */
              digits = decimal_digits ((guint) value);
              position += (gsize) digits;
            }
          else
            {
              out_append (out, "$", 1);
            }
        }
    }
  if (position < rlen)
    out_append (out, r + position, rlen - position);
}

static JnVal
fn_replace (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal pattern = ARG (1);
  JnVal replacement = ARG (2);
  JnVal limit = ARG (3);
  Out out = { ctx->arena, NULL, 0, 0 };
  double count = 0;
  JnRegexIter iter;

  if (str.type == JN_UNDEF)
    return str;
  if (pattern.type == JN_STRING && pattern.aux == 0)
    {
      fail (ctx, "D3010", 2);
      jn_error_value (ctx, pattern);
      return JN_UNDEF_VAL;
    }
  if (limit.type == JN_NUMBER && limit.u.n < 0)
    {
      fail (ctx, "D3011", 4);
      jn_error_value (ctx, limit);
      return JN_UNDEF_VAL;
    }
  if (limit.type != JN_UNDEF && limit.u.n <= 0)
    return str;

  if (pattern.type == JN_STRING)
    {
      gsize position = 0;
      const char *found;
      JnVal rep = replacement.type == JN_STRING ? replacement
                                                : jn_str_static ("undefined", 9);

      while ((limit.type == JN_UNDEF || count < limit.u.n)
             && (found = memmem (str.u.s + position, str.aux - position, pattern.u.s,
                                 pattern.aux)) != NULL)
        {
          gsize index = (gsize) (found - str.u.s);

          out_append (&out, str.u.s + position, index - position);
          out_append (&out, rep.u.s, rep.aux);
          position = index + pattern.aux;
          count++;
        }
      out_append (&out, str.u.s + position, str.aux - position);
      return out_finish (&out);
    }
  else if (replacement.type == JN_STRING && regex_iter_init (&iter, pattern, str))
    {
      gsize position = 0;
      Match m = { JN_UNDEF_VAL, JN_UNDEF_VAL, str.u.s, NULL, jn_regex_n_groups (iter.regex) };

      if (!jn_regex_iter_next (ctx, &iter))
        {
          CHECK (ctx);
          return str;
        }
      do
        {
          m.ovector = iter.ovector;
          out_append (&out, str.u.s + position, iter.ovector[0] - position);
          substitute (&out, replacement, &m);
          position = iter.ovector[1];
          count++;
        }
      while (jn_regex_iter_next (ctx, &iter) && (limit.type == JN_UNDEF || count < limit.u.n));
      CHECK (ctx);
      out_append (&out, str.u.s + position, str.aux - position);
      return out_finish (&out);
    }
  else
    {
      JnVal matches = evaluate_matcher (ctx, pattern, str, call);
      gsize position = 0;

      CHECK (ctx);
      if (matches.type == JN_UNDEF)
        return str;
      while (matches.type != JN_UNDEF && (limit.type == JN_UNDEF || count < limit.u.n))
        {
          JnVal start = member (matches, "start");
          JnVal mtext = member (matches, "match");
          gsize at = utf16_offset (str.u.s, str.aux, start.type == JN_NUMBER ? start.u.n : 0);

          if (at > position)
            out_append (&out, str.u.s + position, at - position);
          if (replacement.type == JN_STRING)
            {
              JnVal groups = member (matches, "groups");
              Match m = { matches, groups, NULL, NULL,
                          groups.type == JN_ARRAY ? groups.u.a->len : 0 };

              substitute (&out, replacement, &m);
            }
          else
            {
              JnVal replaced = jn_apply (ctx, replacement, &matches, 1, jn_null (), call->env);

              CHECK (ctx);
              if (replaced.type != JN_STRING)
                {
                  jn_error (ctx, "D3012", -1, NULL);
                  jn_error_value (ctx, replaced);
                  return JN_UNDEF_VAL;
                }
              out_append (&out, replaced.u.s, replaced.aux);
            }
          position = at + (mtext.type == JN_STRING ? mtext.aux : 0);
          count++;
          matches = match_next (ctx, matches, call);
          CHECK (ctx);
        }
      if (position < str.aux)
        out_append (&out, str.u.s + position, str.aux - position);
      return out_finish (&out);
    }
}

static JnVal
fn_split (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal str = ARG (0);
  JnVal sep = ARG (1);
  JnVal limit = ARG (2);
  JnVal result;
  double max = G_MAXDOUBLE;
  JnRegexIter iter;

  if (str.type == JN_UNDEF)
    return str;
  if (limit.type == JN_NUMBER && limit.u.n < 0)
    {
      fail (ctx, "D3020", 3);
      jn_error_value (ctx, limit);
      return JN_UNDEF_VAL;
    }
  result = jn_arr_new (ctx, 0);
  if (limit.type != JN_UNDEF)
    {
      max = floor (limit.u.n);
      if (max <= 0)
        return result;
    }
  if (sep.type == JN_STRING)
    {
      if (sep.aux == 0)
        {
          gsize pos = 0;

          while (pos < str.aux && result.u.a->len < max)
            {
              gsize next = pos + cp_offset (str.u.s + pos, str.aux - pos, 1);

              jn_arr_push (ctx, result.u.a, jn_str (ctx, str.u.s + pos, (gssize) (next - pos)));
              pos = next;
            }
          return result;
        }
      {
        gsize pos = 0;

        while (result.u.a->len < max)
          {
            const char *found = memmem (str.u.s + pos, str.aux - pos, sep.u.s, sep.aux);
            gsize end = found != NULL ? (gsize) (found - str.u.s) : str.aux;

            jn_arr_push (ctx, result.u.a, jn_str (ctx, str.u.s + pos, (gssize) (end - pos)));
            if (found == NULL)
              break;
            pos = end + sep.aux;
          }
        return result;
      }
    }
  else if (regex_iter_init (&iter, sep, str))
    {
      gsize start = 0;
      double count = 0;

      if (!jn_regex_iter_next (ctx, &iter))
        {
          CHECK (ctx);
          jn_arr_push (ctx, result.u.a, str);
          return result;
        }
      do
        {
          gsize at = iter.ovector[0];

          jn_arr_push (ctx, result.u.a,
                       jn_str (ctx, str.u.s + MIN (start, at),
                               (gssize) (at > start ? at - start : 0)));
          start = iter.ovector[1];
          count++;
        }
      while (jn_regex_iter_next (ctx, &iter) && count < max);
      CHECK (ctx);
      if (count < max)
        jn_arr_push (ctx, result.u.a, jn_str (ctx, str.u.s + MIN (start, str.aux),
                                              (gssize) (str.aux - MIN (start, str.aux))));
      return result;
    }
  else
    {
      JnVal matches = evaluate_matcher (ctx, sep, str, call);
      gsize start = 0;
      double count = 0;

      CHECK (ctx);
      if (matches.type == JN_UNDEF)
        {
          jn_arr_push (ctx, result.u.a, str);
          return result;
        }
      while (matches.type != JN_UNDEF && count < max)
        {
          JnVal mstart = member (matches, "start");
          JnVal mend = member (matches, "end");
          gsize at = utf16_offset (str.u.s, str.aux, mstart.type == JN_NUMBER ? mstart.u.n : 0);

          jn_arr_push (ctx, result.u.a,
                       jn_str (ctx, str.u.s + MIN (start, at),
                               (gssize) (at > start ? at - start : 0)));
          start = utf16_offset (str.u.s, str.aux, mend.type == JN_NUMBER ? mend.u.n : 0);
          matches = match_next (ctx, matches, call);
          CHECK (ctx);
          count++;
        }
      if (count < max)
        jn_arr_push (ctx, result.u.a, jn_str (ctx, str.u.s + MIN (start, str.aux),
                                              (gssize) (str.aux - MIN (start, str.aux))));
      return result;
    }
}

static JnVal
fn_join (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal strs = ARG (0);
  JnVal sep = ARG (1);
  GString *out;

  if (strs.type == JN_UNDEF)
    return strs;
  out = g_string_new (NULL);
  for (guint i = 0; i < strs.u.a->len; i++)
    {
      if (i > 0 && sep.type == JN_STRING)
        g_string_append_len (out, sep.u.s, sep.aux);
      g_string_append_len (out, strs.u.a->items[i].u.s, strs.u.a->items[i].aux);
    }
  return jn_str_take_gstring (ctx, out);
}

/* ---- Numbers */

static gboolean
is_decimal_number (const char *s,
                   gsize       len)
{
  gsize i = 0;

  if (i < len && s[i] == '-')
    i++;
  if (i >= len || !g_ascii_isdigit (s[i]))
    return FALSE;
  while (i < len && g_ascii_isdigit (s[i]))
    i++;
  if (i < len && s[i] == '.')
    {
      i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  return i == len;
}

static JnVal
fn_number (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arg = ARG (0);

  switch (arg.type)
    {
    case JN_UNDEF:
      return arg;
    case JN_NUMBER:
      return arg;
    case JN_BOOL:
      return jn_num (arg.b ? 1 : 0);
    case JN_STRING:
      if (is_decimal_number (arg.u.s, arg.aux))
        {
          double v = g_ascii_strtod (arg.u.s, NULL);

          if (isfinite (v))
            return jn_num (v);
        }
      if (arg.aux > 2 && arg.u.s[0] == '0')
        {
          char kind = g_ascii_tolower (arg.u.s[1]);
          int base = kind == 'x' ? 16 : kind == 'o' ? 8 : kind == 'b' ? 2 : 0;
          gboolean ok = base != 0;
          double v = 0;

          for (gsize i = 2; ok && i < arg.aux; i++)
            {
              int d = g_ascii_xdigit_value (arg.u.s[i]);

              if (d < 0 || d >= base)
                ok = FALSE;
              else
                v = v * base + d;
            }
          if (ok)
            return jn_num (v);
        }
      break;
    default:
      break;
    }
  fail (ctx, "D3030", 1);
  jn_error_value (ctx, arg);
  return JN_UNDEF_VAL;
}

static JnVal
fn_abs (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return UNDEF (0) ? JN_UNDEF_VAL : jn_num (fabs (args[0].u.n));
}

static JnVal
fn_floor (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return UNDEF (0) ? JN_UNDEF_VAL : jn_num (floor (args[0].u.n));
}

static JnVal
fn_ceil (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return UNDEF (0) ? JN_UNDEF_VAL : jn_num (ceil (args[0].u.n));
}

static double
js_round (double x)
{
  double r = floor (x);

  if (x - r >= 0.5)
    r += 1;
  return r;
}

/* Shifts the decimal point of @value by @shift places through its decimal text, as the
 * reference does to avoid binary rounding artefacts. */
static double
shift_decimal (double value,
               int    shift)
{
  guint64 significand;
  int exponent10;
  double shifted;

  if (value == 0 || !isfinite (value))
    return value;
  significand = sw_dtoa_shortest_decimal (value, &exponent10);
  shifted = sw_dtoa_decimal_to_double (significand, exponent10 + shift);
  return value < 0 ? -shifted : shifted;
}

double
jn_round_half_even (double value,
                    int    precision)
{
  double result;
  double diff;

  if (precision != 0)
    value = shift_decimal (value, precision);
  result = js_round (value);
  diff = result - value;
  if (fabs (diff) == 0.5 && fabs (fmod (result, 2)) == 1)
    result -= 1;
  if (precision != 0)
    result = shift_decimal (result, -precision);
  if (result == 0)
    result = 0;
  return result;
}

static JnVal
fn_round (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  int precision = 0;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  if (ARG (1).type == JN_NUMBER)
    precision = (int) trunc (CLAMP (ARG (1).u.n, -400, 400));
  return jn_num (jn_round_half_even (args[0].u.n, precision));
}

static JnVal
fn_sqrt (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  if (UNDEF (0))
    return JN_UNDEF_VAL;
  if (args[0].u.n < 0)
    {
      fail (ctx, "D3060", 1);
      jn_error_value (ctx, args[0]);
      return JN_UNDEF_VAL;
    }
  return jn_num (sqrt (args[0].u.n));
}

static JnVal
fn_power (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  double r;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  r = UNDEF (1) ? NAN : pow (args[0].u.n, ARG (1).u.n);
  if (!isfinite (r))
    {
      char buf[64];
      g_autoptr(GString) exp = g_string_new (NULL);

      fail (ctx, "D3061", 1);
      jn_error_value (ctx, args[0]);
      if (UNDEF (1))
        g_string_append (exp, "undefined");
      else
        jn_format_number (exp, ARG (1).u.n);
      g_strlcpy (buf, exp->str, sizeof buf);
      ctx->error->detail = jn_arena_strndup (ctx->arena, buf, strlen (buf));
      return JN_UNDEF_VAL;
    }
  return jn_num (r);
}

/* One generator per thread, seeded once: seeding reads /dev/urandom, which would cost more
 * than a whole evaluation. */
static GRand *
ctx_rand (JnCtx *ctx)
{
  static GPrivate key = G_PRIVATE_INIT ((GDestroyNotify) g_rand_free);
  GRand *rand = g_private_get (&key);

  if (rand == NULL)
    {
      rand = g_rand_new ();
      g_private_set (&key, rand);
    }
  (void) ctx;
  return rand;
}

/* $random ([seed]): Step Functions accepts a seed for a reproducible value. */
static JnVal
fn_random (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  if (ARG (0).type == JN_NUMBER)
    {
      g_autoptr(GRand) seeded = g_rand_new_with_seed ((guint32) (gint64) ARG (0).u.n);

      return jn_num (g_rand_double (seeded));
    }
  return jn_num (g_rand_double (ctx_rand (ctx)));
}

/* ---- Booleans */

static JnVal
fn_boolean (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return jn_boolean (ctx, ARG (0));
}

static JnVal
fn_not (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  if (UNDEF (0))
    return JN_UNDEF_VAL;
  return jn_bool (!jn_truthy (ctx, args[0]));
}

static JnVal
fn_exists (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return jn_bool (!UNDEF (0));
}

/* ---- Higher-order functions */

static guint
hof_args (JnVal  func,
          JnVal *out,
          JnVal  value,
          JnVal  position,
          JnVal  whole)
{
  guint arity = jn_function_arity (func);
  guint n = 1;

  out[0] = value;
  if (arity >= 2)
    out[n++] = position;
  if (arity >= 3)
    out[n++] = whole;
  return n;
}

/* $map keeps what the function returns, $filter the items for which it returns true. */
static JnVal
map_or_filter (JnCtx *ctx, JnVal *args, guint n, const JnCall *call, gboolean filter)
{
  JnVal arr = ARG (0);
  JnVal func = ARG (1);
  JnVal result;

  if (arr.type == JN_UNDEF)
    return arr;
  result = jn_seq_new (ctx);
  for (guint i = 0; i < arr.u.a->len; i++)
    {
      JnVal fargs[3];
      guint nf = hof_args (func, fargs, arr.u.a->items[i], jn_num (i), arr);
      JnVal res = jn_apply (ctx, func, fargs, nf, jn_null (), call->env);

      CHECK (ctx);
      if (!filter && res.type != JN_UNDEF)
        jn_arr_push (ctx, result.u.a, res);
      else if (filter && jn_truthy (ctx, res))
        jn_arr_push (ctx, result.u.a, arr.u.a->items[i]);
      CHECK (ctx);
    }
  return result;
}

static JnVal
fn_map (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return map_or_filter (ctx, args, n, call, FALSE);
}

static JnVal
fn_filter (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return map_or_filter (ctx, args, n, call, TRUE);
}

static JnVal
fn_single (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal func = ARG (1);
  JnVal result = JN_UNDEF_VAL;
  gboolean found = FALSE;

  if (arr.type == JN_UNDEF)
    return arr;
  for (guint i = 0; i < arr.u.a->len; i++)
    {
      gboolean positive = TRUE;

      if (func.type != JN_UNDEF)
        {
          JnVal fargs[3];
          guint nf = hof_args (func, fargs, arr.u.a->items[i], jn_num (i), arr);
          JnVal res = jn_apply (ctx, func, fargs, nf, jn_null (), call->env);

          CHECK (ctx);
          positive = jn_truthy (ctx, res);
          CHECK (ctx);
        }
      if (positive)
        {
          if (found)
            {
              fail (ctx, "D3138", (int) i);
              return JN_UNDEF_VAL;
            }
          result = arr.u.a->items[i];
          found = TRUE;
        }
    }
  if (!found)
    {
      fail (ctx, "D3139", 0);
      return JN_UNDEF_VAL;
    }
  return result;
}

static JnVal
fn_zip (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal result = jn_arr_new (ctx, 0);
  guint len = G_MAXUINT;

  if (n == 0)
    return result;
  for (guint i = 0; i < n; i++)
    len = MIN (len, args[i].type == JN_ARRAY ? args[i].u.a->len : 0);
  for (guint k = 0; k < len; k++)
    {
      JnVal tuple = jn_arr_new (ctx, n);

      for (guint i = 0; i < n; i++)
        tuple.u.a->items[i] = args[i].u.a->items[k];
      tuple.u.a->len = n;
      jn_arr_push (ctx, result.u.a, tuple);
    }
  return result;
}

static JnVal
fn_reduce (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal seq = ARG (0);
  JnVal func = ARG (1);
  JnVal init = ARG (2);
  guint arity;
  guint index;
  JnVal result;

  if (seq.type == JN_UNDEF)
    return seq;
  arity = jn_function_arity (func);
  if (arity < 2)
    {
      fail (ctx, "D3050", 1);
      return JN_UNDEF_VAL;
    }
  if (init.type == JN_UNDEF && seq.u.a->len > 0)
    {
      result = seq.u.a->items[0];
      index = 1;
    }
  else
    {
      result = init;
      index = 0;
    }
  for (; index < seq.u.a->len; index++)
    {
      JnVal fargs[4] = { result, seq.u.a->items[index], jn_num (index), seq };
      guint nf = arity >= 4 ? 4 : arity >= 3 ? 3 : 2;

      result = jn_apply (ctx, func, fargs, nf, jn_null (), call->env);
      CHECK (ctx);
    }
  return result;
}

static JnVal
fn_sift (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal obj = ARG (0);
  JnVal func = ARG (1);
  JnVal result = jn_obj_new (ctx);

  if (obj.type == JN_OBJECT)
    for (guint i = 0; i < obj.u.o->len; i++)
      {
        JnMember *m = &obj.u.o->m[i];
        JnVal fargs[3];
        guint nf = hof_args (func, fargs, m->val, jn_str_static (m->key, m->klen), obj);
        JnVal res = jn_apply (ctx, func, fargs, nf, jn_null (), call->env);

        CHECK (ctx);
        if (jn_truthy (ctx, res))
          jn_obj_set (ctx, result.u.o, m->key, m->klen, m->val);
        CHECK (ctx);
      }
  if (result.u.o->len == 0)
    return JN_UNDEF_VAL;
  return result;
}

static JnVal
fn_each (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal obj = ARG (0);
  JnVal func = ARG (1);
  JnVal result = jn_seq_new (ctx);

  if (obj.type == JN_OBJECT)
    for (guint i = 0; i < obj.u.o->len; i++)
      {
        JnMember *m = &obj.u.o->m[i];
        JnVal fargs[3];
        guint nf = hof_args (func, fargs, m->val, jn_str_static (m->key, m->klen), obj);
        JnVal res = jn_apply (ctx, func, fargs, nf, jn_null (), call->env);

        CHECK (ctx);
        if (res.type != JN_UNDEF)
          jn_arr_push (ctx, result.u.a, res);
      }
  return result;
}

static gboolean
default_compare (JnCtx   *ctx,
                 JnVal    a,
                 JnVal    b,
                 gpointer data)
{
  if (a.type == JN_NUMBER)
    return a.u.n > b.u.n;
  {
    gsize n = MIN (a.aux, b.aux);
    int c = memcmp (a.u.s, b.u.s, n);

    return c > 0 || (c == 0 && a.aux > b.aux);
  }
}

typedef struct
{
  JnVal    func;
  JnFrame *env;
} FuncCompare;

static gboolean
func_compare (JnCtx   *ctx,
              JnVal    a,
              JnVal    b,
              gpointer data)
{
  FuncCompare *fc = data;
  JnVal fargs[2] = { a, b };
  JnVal r = jn_apply (ctx, fc->func, fargs, 2, jn_null (), fc->env);

  switch (r.type)
    {
    case JN_UNDEF: case JN_NULL: return FALSE;
    case JN_BOOL: return r.b;
    case JN_NUMBER: return r.u.n != 0 && !isnan (r.u.n);
    case JN_STRING: return r.aux > 0;
    default: return TRUE;
    }
}

static JnVal
fn_sort (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal comparator = ARG (1);

  if (arr.type == JN_UNDEF)
    return arr;
  if (arr.u.a->len <= 1)
    return arr;
  if (comparator.type == JN_UNDEF)
    {
      gboolean numbers = jn_is_array_of_numbers (ctx, arr);

      CHECK (ctx);
      if (!numbers && !jn_is_array_of_strings (arr))
        {
          fail (ctx, "D3070", 1);
          return JN_UNDEF_VAL;
        }
      return jn_sort (ctx, arr, default_compare, NULL);
    }
  else
    {
      FuncCompare fc = { comparator, call->env };

      return jn_sort (ctx, arr, func_compare, &fc);
    }
}

static JnVal
fn_shuffle (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal result;
  guint len;

  if (arr.type == JN_UNDEF || arr.u.a->len <= 1)
    return arr;
  len = arr.u.a->len;
  result = jn_arr_new (ctx, len);
  result.u.a->len = len;
  for (guint i = 0; i < len; i++)
    {
      guint j = (guint) g_rand_int_range (ctx_rand (ctx), 0, (gint32) i + 1);

      if (i != j)
        result.u.a->items[i] = result.u.a->items[j];
      result.u.a->items[j] = arr.u.a->items[i];
    }
  return result;
}

static JnVal
fn_distinct (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal result;

  if (arr.type != JN_ARRAY || arr.u.a->len <= 1)
    return arr;
  result = jn_is_seq (arr) ? jn_seq_new (ctx) : jn_arr_new (ctx, 0);
  for (guint i = 0; i < arr.u.a->len; i++)
    {
      JnVal v = arr.u.a->items[i];
      gboolean seen = FALSE;

      for (guint j = 0; j < result.u.a->len && !seen; j++)
        seen = jn_deep_equal (v, result.u.a->items[j]);
      if (!seen)
        jn_arr_push (ctx, result.u.a, v);
    }
  return result;
}

static JnVal
fn_reverse (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal result;
  guint len;

  if (arr.type == JN_UNDEF || arr.u.a->len <= 1)
    return arr;
  len = arr.u.a->len;
  result = jn_arr_new (ctx, len);
  for (guint i = 0; i < len; i++)
    result.u.a->items[len - i - 1] = arr.u.a->items[i];
  result.u.a->len = len;
  return result;
}

static JnVal
fn_append (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return jn_append (ctx, ARG (0), ARG (1));
}

/* ---- Objects */

static void
keys_into (JnCtx *ctx,
           JnObj *merged,
           JnVal  arg,
           int    level)
{
  if (level > 5000)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return;
    }
  if (arg.type == JN_ARRAY)
    {
      for (guint i = 0; i < arg.u.a->len; i++)
        keys_into (ctx, merged, arg.u.a->items[i], level + 1);
    }
  else if (arg.type == JN_OBJECT)
    {
      for (guint i = 0; i < arg.u.o->len; i++)
        jn_obj_set (ctx, merged, arg.u.o->m[i].key, arg.u.o->m[i].klen, jn_bool (TRUE));
    }
}

static JnVal
fn_keys (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arg = ARG (0);
  JnVal merged = jn_obj_new (ctx);
  JnVal result = jn_seq_new (ctx);

  keys_into (ctx, merged.u.o, arg, 0);
  CHECK (ctx);
  for (guint i = 0; i < merged.u.o->len; i++)
    jn_arr_push (ctx, result.u.a, jn_str_static (merged.u.o->m[i].key, merged.u.o->m[i].klen));
  return result;
}

static JnVal
fn_lookup (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal key = ARG (1);

  if (key.type != JN_STRING)
    return JN_UNDEF_VAL;
  return jn_lookup (ctx, ARG (0), key.u.s, key.aux);
}

/* Appends the parts of @arg to @out: an object's members one by one, an array's items
 * spread in turn, anything else as it is. */
static void
spread_into (JnCtx *ctx,
             JnArr *out,
             JnVal  arg,
             int    level)
{
  if (level > 5000)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return;
    }
  if (arg.type == JN_ARRAY)
    for (guint i = 0; i < arg.u.a->len && !JN_FAILED (ctx); i++)
      spread_into (ctx, out, arg.u.a->items[i], level + 1);
  else if (arg.type == JN_OBJECT)
    for (guint i = 0; i < arg.u.o->len; i++)
      jn_arr_push (ctx, out, jn_obj_new_member (ctx, &arg.u.o->m[i]));
  else if (arg.type != JN_UNDEF)
    jn_arr_push (ctx, out, arg);
}

static JnVal
spread (JnCtx *ctx,
        JnVal  arg)
{
  JnVal result;

  if (arg.type != JN_ARRAY && arg.type != JN_OBJECT)
    return arg;
  result = jn_seq_new (ctx);
  spread_into (ctx, result.u.a, arg, 0);
  CHECK (ctx);
  /* an array's parts are an array (a singleton stays one), an object's a sequence */
  if (arg.type == JN_ARRAY && arg.u.a->len > 0)
    result.u.a->flags &= ~JN_ARR_SEQUENCE;
  return result;
}

static JnVal
fn_spread (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return spread (ctx, ARG (0));
}

static JnVal
fn_merge (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal result;

  if (arr.type == JN_UNDEF)
    return arr;
  result = jn_obj_new (ctx);
  for (guint i = 0; i < arr.u.a->len; i++)
    {
      JnVal obj = arr.u.a->items[i];

      if (obj.type != JN_OBJECT)
        continue;
      for (guint k = 0; k < obj.u.o->len; k++)
        jn_obj_set (ctx, result.u.o, obj.u.o->m[k].key, obj.u.o->m[k].klen, obj.u.o->m[k].val);
    }
  return result;
}

static JnVal
fn_error (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal message = ARG (0);

  jn_error (ctx, "D3137", -1, NULL);
  ctx->error->message = message.type == JN_STRING && message.aux > 0
                        ? jn_arena_strndup (ctx->arena, message.u.s, message.aux)
                        : (char *) "$error() function evaluated";
  return JN_UNDEF_VAL;
}

static JnVal
fn_assert (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal condition = ARG (0);
  JnVal message = ARG (1);

  if (condition.type == JN_BOOL && condition.b)
    return JN_UNDEF_VAL;
  jn_error (ctx, "D3141", -1, NULL);
  ctx->error->message = message.type == JN_STRING && message.aux > 0
                        ? jn_arena_strndup (ctx->arena, message.u.s, message.aux)
                        : (char *) "$assert() statement failed";
  return JN_UNDEF_VAL;
}

static JnVal
fn_type (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal v = ARG (0);

  switch (v.type)
    {
    case JN_UNDEF: return v;
    case JN_NULL: return jn_str_static ("null", 4);
    case JN_NUMBER:
      if (jn_is_numeric (ctx, v))
        return jn_str_static ("number", 6);
      CHECK (ctx);
      return jn_str_static ("object", 6);
    case JN_STRING: return jn_str_static ("string", 6);
    case JN_BOOL: return jn_str_static ("boolean", 7);
    case JN_ARRAY: return jn_str_static ("array", 5);
    case JN_FUNC: return jn_str_static ("function", 8);
    default: return jn_str_static ("object", 6);
    }
}

/* ---- Encoding */

/* The UTF-16 code units of @s, as JavaScript sees a string */
static GArray *
to_utf16 (const char *s,
          gsize       len)
{
  GArray *units = g_array_sized_new (FALSE, FALSE, sizeof (guint16), len);
  gsize i = 0;

  while (i < len)
    {
      guchar c = (guchar) s[i];
      guint32 cp;
      gsize clen;

      if (c < 0x80)
        cp = c, clen = 1;
      else if (c < 0xE0)
        cp = c & 0x1F, clen = 2;
      else if (c < 0xF0)
        cp = c & 0x0F, clen = 3;
      else
        cp = c & 0x07, clen = 4;
      for (gsize k = 1; k < clen && i + k < len; k++)
        cp = (cp << 6) | ((guchar) s[i + k] & 0x3F);
      i += clen;
      if (cp >= 0x10000)
        {
          guint16 hi = (guint16) (0xD800 + ((cp - 0x10000) >> 10));
          guint16 lo = (guint16) (0xDC00 + ((cp - 0x10000) & 0x3FF));

          g_array_append_val (units, hi);
          g_array_append_val (units, lo);
        }
      else
        {
          guint16 u = (guint16) cp;

          g_array_append_val (units, u);
        }
    }
  return units;
}

static JnVal
fn_base64encode (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  g_autoptr(GArray) units = NULL;
  g_autofree guchar *bytes = NULL;
  g_autofree char *encoded = NULL;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  /* Buffer.from (str, 'binary'): each UTF-16 unit keeps its low byte */
  units = to_utf16 (args[0].u.s, args[0].aux);
  bytes = g_malloc (units->len + 1);
  for (guint i = 0; i < units->len; i++)
    bytes[i] = (guchar) (g_array_index (units, guint16, i) & 0xFF);
  encoded = g_base64_encode (bytes, units->len);
  return jn_str (ctx, encoded, -1);
}

static int
base64_digit (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

/* As Node's Buffer.from (str, 'base64'): both alphabets, other characters skipped, the
 * first '=' ends the data; then each byte is read back as a Latin-1 character. */
static JnVal
fn_base64decode (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  GString *out;
  guint32 bits = 0;
  int n_bits = 0;

  if (UNDEF (0))
    return JN_UNDEF_VAL;
  out = g_string_sized_new (args[0].aux);
  for (guint32 i = 0; i < args[0].aux; i++)
    {
      char c = args[0].u.s[i];
      int d;

      if (c == '=')
        break;
      d = base64_digit (c);
      if (d < 0)
        continue;
      bits = (bits << 6) | (guint32) d;
      n_bits += 6;
      if (n_bits >= 8)
        {
          n_bits -= 8;
          g_string_append_unichar (out, (bits >> n_bits) & 0xFF);
        }
    }
  return jn_str_take_gstring (ctx, out);
}

static JnVal
url_error (JnCtx      *ctx,
           const char *function,
           JnVal       value)
{
  jn_error (ctx, "D3140", -1, NULL);
  jn_error_value (ctx, value);
  ctx->error->detail = (char *) function;
  return JN_UNDEF_VAL;
}

static JnVal
encode_uri (JnCtx      *ctx,
            JnVal       str,
            const char *keep,
            const char *function)
{
  GString *out;

  if (str.type == JN_UNDEF)
    return str;
  if (!g_utf8_validate (str.u.s, str.aux, NULL))
    return url_error (ctx, function, str);
  out = g_string_new (NULL);
  for (gsize i = 0; i < str.aux; i++)
    {
      guchar c = (guchar) str.u.s[i];

      if (g_ascii_isalnum (c) || (c != 0 && strchr (keep, c) != NULL))
        g_string_append_c (out, (char) c);
      else
        {
          char escape[3] = { '%', "0123456789ABCDEF"[c >> 4], "0123456789ABCDEF"[c & 15] };

          g_string_append_len (out, escape, 3);
        }
    }
  return jn_str_take_gstring (ctx, out);
}

static JnVal
fn_encode_url_component (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return encode_uri (ctx, ARG (0), "-_.!~*'()", "encodeUrlComponent");
}

static JnVal
fn_encode_url (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return encode_uri (ctx, ARG (0), "-_.!~*'();/?:@&=+$,#", "encodeUrl");
}

static JnVal
decode_uri (JnCtx      *ctx,
            JnVal       str,
            const char *reserved,
            const char *function)
{
  GString *out;
  const char *s;
  gsize len;

  if (str.type == JN_UNDEF)
    return str;
  s = str.u.s;
  len = str.aux;
  out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] != '%')
        {
          /* the run up to the next escape at once */
          const char *escape = memchr (s + i, '%', len - i);
          gsize run = (escape != NULL ? (gsize) (escape - s) : len) - i;

          g_string_append_len (out, s + i, (gssize) run);
          i += run - 1;
          continue;
        }
      {
        guchar bytes[4];
        int need;
        int h1, h2;

        if (i + 2 >= len || (h1 = g_ascii_xdigit_value (s[i + 1])) < 0
            || (h2 = g_ascii_xdigit_value (s[i + 2])) < 0)
          goto malformed;
        bytes[0] = (guchar) (h1 * 16 + h2);
        if (bytes[0] < 0x80)
          {
            if (reserved != NULL && strchr (reserved, bytes[0]) != NULL && bytes[0] != 0)
              g_string_append_len (out, s + i, 3);
            else
              g_string_append_c (out, (char) bytes[0]);
            i += 2;
            continue;
          }
        need = (bytes[0] & 0xE0) == 0xC0 ? 2 : (bytes[0] & 0xF0) == 0xE0 ? 3
               : (bytes[0] & 0xF8) == 0xF0 ? 4 : 0;
        if (need == 0)
          goto malformed;
        for (int k = 1; k < need; k++)
          {
            gsize at = i + 3 * (gsize) k;

            if (at + 2 >= len + 0 || s[at] != '%'
                || (h1 = g_ascii_xdigit_value (s[at + 1])) < 0
                || (h2 = g_ascii_xdigit_value (s[at + 2])) < 0)
              goto malformed;
            bytes[k] = (guchar) (h1 * 16 + h2);
          }
        if (!g_utf8_validate ((const char *) bytes, need, NULL))
          goto malformed;
        g_string_append_len (out, (const char *) bytes, need);
        i += 3 * (gsize) need - 1;
      }
    }
  return jn_str_take_gstring (ctx, out);

malformed:
  g_string_free (out, TRUE);
  return url_error (ctx, function, str);
}

static JnVal
fn_decode_url_component (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return decode_uri (ctx, ARG (0), NULL, "decodeUrlComponent");
}

static JnVal
fn_decode_url (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return decode_uri (ctx, ARG (0), ";/?:@&=+$,#", "decodeUrl");
}

/* ---- Evaluation */

static JnVal
fn_eval (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal expr = ARG (0);
  JnVal input = call->input;
  g_autofree char *text = NULL;

  if (expr.type == JN_UNDEF)
    return expr;
  if (n > 1 && ARG (1).type != JN_UNDEF)
    {
      input = ARG (1);
      if (input.type == JN_ARRAY && !jn_is_seq (input))
        {
          input = jn_seq_of (ctx, input);
          input.u.a->flags |= JN_ARR_OUTER_WRAPPER;
        }
    }
  text = g_strndup (expr.u.s, expr.aux);
  return jn_eval_string (ctx, text, input, call->env);
}

static JnVal
fn_clone (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  return jn_clone (ctx, ARG (0));
}

/* ---- Step Functions additions */

static JnVal
fn_partition (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal arr = ARG (0);
  JnVal size = ARG (1);
  JnVal result;
  guint chunk;

  if (arr.type == JN_UNDEF)
    return arr;
  if (size.type != JN_NUMBER || size.u.n < 1 || floor (size.u.n) != size.u.n)
    {
      fail (ctx, "D3152", 2);
      jn_error_value (ctx, size);
      return JN_UNDEF_VAL;
    }
  chunk = size.u.n > G_MAXUINT ? G_MAXUINT : (guint) size.u.n;
  result = jn_arr_new (ctx, 0);
  for (guint i = 0; i < arr.u.a->len; i += chunk)
    {
      guint len = MIN (chunk, arr.u.a->len - i);
      JnVal part = jn_arr_new (ctx, len);

      memcpy (part.u.a->items, arr.u.a->items + i, len * sizeof (JnVal));
      part.u.a->len = len;
      jn_arr_push (ctx, result.u.a, part);
      if (arr.u.a->len - i <= chunk)
        break;
    }
  return result;
}

static JnVal
fn_range (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  double start = ARG (0).u.n;
  double end = ARG (1).u.n;
  double step = ARG (2).type == JN_NUMBER ? ARG (2).u.n : 1;
  JnVal result = jn_arr_new (ctx, 0);
  double count;

  if (UNDEF (0) || UNDEF (1))
    return JN_UNDEF_VAL;
  if (step == 0 || !isfinite (step))
    {
      fail (ctx, "D3153", 3);
      return JN_UNDEF_VAL;
    }
  count = floor ((end - start) / step) + 1;
  if (count > 1e7)
    {
      jn_error (ctx, "D2014", -1, NULL);
      jn_error_value (ctx, jn_num (count));
      return JN_UNDEF_VAL;
    }
  for (double i = 0; i < count; i++)
    jn_arr_push (ctx, result.u.a, jn_num (start + i * step));
  return result;
}

static JnVal
fn_hash (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal value = ARG (0);
  JnVal algorithm = ARG (1);
  GChecksumType type;
  g_autofree char *digest = NULL;

  if (value.type == JN_UNDEF)
    return value;
  if (algorithm.type == JN_UNDEF)
    algorithm = jn_str_static ("SHA-256", 7);
  if (strcmp (algorithm.u.s, "MD5") == 0)
    type = G_CHECKSUM_MD5;
  else if (strcmp (algorithm.u.s, "SHA-1") == 0)
    type = G_CHECKSUM_SHA1;
  else if (strcmp (algorithm.u.s, "SHA-256") == 0)
    type = G_CHECKSUM_SHA256;
  else if (strcmp (algorithm.u.s, "SHA-384") == 0)
    type = G_CHECKSUM_SHA384;
  else if (strcmp (algorithm.u.s, "SHA-512") == 0)
    type = G_CHECKSUM_SHA512;
  else
    {
      fail (ctx, "D3151", 2);
      jn_error_value (ctx, algorithm);
      return JN_UNDEF_VAL;
    }
  digest = g_compute_checksum_for_data (type, (const guchar *) value.u.s, value.aux);
  return jn_str (ctx, digest, -1);
}

static JnVal
fn_uuid (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return jn_str (ctx, uuid, -1);
}

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
      return jn_num (sw_value_get_double (value));
    case SW_VALUE_STRING:
      return jn_str (ctx, sw_value_get_string (value), (gssize) sw_value_get_string_length (value));
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

        for (guint i = 0; i < sw_value_object_get_size (value); i++)
          {
            const char *key = sw_value_object_get_key (value, i);

            jn_obj_set (ctx, obj.u.o, jn_arena_strndup (ctx->arena, key, strlen (key)),
                        strlen (key), from_sw_value (ctx, sw_value_object_get_value (value, i)));
          }
        return obj;
      }
    default:
      return JN_UNDEF_VAL;
    }
}

static JnVal
fn_parse (JnCtx *ctx, JnVal *args, guint n, const JnCall *call)
{
  JnVal text = ARG (0);
  g_autoptr(SwValue) value = NULL;
  g_autoptr(GError) local = NULL;

  if (text.type == JN_UNDEF)
    return text;
  value = sw_json_parse (text.u.s, text.aux, NULL, NULL, &local);
  if (value == NULL)
    {
      fail (ctx, "D3150", 1);
      jn_error_value (ctx, text);
      return JN_UNDEF_VAL;
    }
  return from_sw_value (ctx, value);
}

/* ---- The table */

static JnBuiltin builtins[] = {
  { "abs", "<n-:n>", fn_abs, 1, NULL },
  { "append", "<xx:a>", fn_append, 2, NULL },
  { "assert", "<bs?:x>", fn_assert, 2, NULL },
  { "average", "<a<n>:n>", fn_average, 1, NULL },
  { "base64decode", "<s-:s>", fn_base64decode, 1, NULL },
  { "base64encode", "<s-:s>", fn_base64encode, 1, NULL },
  { "boolean", "<x-:b>", fn_boolean, 1, NULL },
  { "ceil", "<n-:n>", fn_ceil, 1, NULL },
  { "clone", "<(oa)-:o>", fn_clone, 1, NULL },
  { "contains", "<s-(sf):b>", fn_contains, 2, NULL },
  { "count", "<a:n>", fn_count, 1, NULL },
  { "decodeUrl", "<s-:s>", fn_decode_url, 1, NULL },
  { "decodeUrlComponent", "<s-:s>", fn_decode_url_component, 1, NULL },
  { "distinct", "<x:x>", fn_distinct, 1, NULL },
  { "each", "<o-f:a>", fn_each, 2, NULL },
  { "encodeUrl", "<s-:s>", fn_encode_url, 1, NULL },
  { "encodeUrlComponent", "<s-:s>", fn_encode_url_component, 1, NULL },
  { "error", "<s?:x>", fn_error, 1, NULL },
  { "eval", "<sx?:x>", fn_eval, 2, NULL },
  { "exists", "<x:b>", fn_exists, 1, NULL },
  { "filter", "<af>", fn_filter, 2, NULL },
  { "floor", "<n-:n>", fn_floor, 1, NULL },
  { "formatBase", "<n-n?:s>", jn_fn_format_base, 2, NULL },
  { "formatInteger", "<n-s:s>", jn_fn_format_integer, 2, NULL },
  { "formatNumber", "<n-so?:s>", jn_fn_format_number, 3, NULL },
  { "fromMillis", "<n-s?s?:s>", jn_fn_from_millis, 3, NULL },
  { "hash", "<s-s?:s>", fn_hash, 2, NULL },
  { "join", "<a<s>s?:s>", fn_join, 2, NULL },
  { "keys", "<x-:a<s>>", fn_keys, 1, NULL },
  { "length", "<s-:n>", fn_length, 1, NULL },
  { "lookup", "<x-s:x>", fn_lookup, 2, NULL },
  { "lowercase", "<s-:s>", fn_lowercase, 1, NULL },
  { "map", "<af>", fn_map, 2, NULL },
  { "match", "<s-f<s:o>n?:a<o>>", fn_match, 3, NULL },
  { "max", "<a<n>:n>", fn_max, 1, NULL },
  { "merge", "<a<o>:o>", fn_merge, 1, NULL },
  { "millis", "<:n>", jn_fn_millis, 0, NULL },
  { "min", "<a<n>:n>", fn_min, 1, NULL },
  { "not", "<x-:b>", fn_not, 1, NULL },
  { "now", "<s?s?:s>", jn_fn_now, 2, NULL },
  { "number", "<(nsb)-:n>", fn_number, 1, NULL },
  { "pad", "<s-ns?:s>", fn_pad, 3, NULL },
  { "parse", "<s-:x>", fn_parse, 1, NULL },
  { "parseInteger", "<s-s:n>", jn_fn_parse_integer, 2, NULL },
  { "partition", "<an:a>", fn_partition, 2, NULL },
  { "power", "<n-n:n>", fn_power, 2, NULL },
  { "random", "<n?:n>", fn_random, 0, NULL },
  { "range", "<nnn?:a>", fn_range, 3, NULL },
  { "reduce", "<afj?:j>", fn_reduce, 3, NULL },
  { "replace", "<s-(sf)(sf)n?:s>", fn_replace, 4, NULL },
  { "reverse", "<a:a>", fn_reverse, 1, NULL },
  { "round", "<n-n?:n>", fn_round, 2, NULL },
  { "shuffle", "<a:a>", fn_shuffle, 1, NULL },
  { "sift", "<o-f?:o>", fn_sift, 2, NULL },
  { "single", "<af?>", fn_single, 2, NULL },
  { "sort", "<af?:a>", fn_sort, 2, NULL },
  { "split", "<s-(sf)n?:a<s>>", fn_split, 3, NULL },
  { "spread", "<x-:a<o>>", fn_spread, 1, NULL },
  { "sqrt", "<n-:n>", fn_sqrt, 1, NULL },
  { "string", "<x-b?:s>", fn_string, 1, NULL },
  { "substring", "<s-nn?:s>", fn_substring, 3, NULL },
  { "substringAfter", "<s-s:s>", fn_substring_after, 2, NULL },
  { "substringBefore", "<s-s:s>", fn_substring_before, 2, NULL },
  { "sum", "<a<n>:n>", fn_sum, 1, NULL },
  { "toMillis", "<s-s?:n>", jn_fn_to_millis, 2, NULL },
  { "trim", "<s-:s>", fn_trim, 1, NULL },
  { "type", "<x:s>", fn_type, 1, NULL },
  { "uppercase", "<s-:s>", fn_uppercase, 1, NULL },
  { "uuid", "<:s>", fn_uuid, 0, NULL },
  { "zip", "<a+>", fn_zip, 0, NULL },
};

static int
compare_builtin (const void *key,
                 const void *item)
{
  return strcmp (key, ((const JnBuiltin *) item)->name);
}

const JnBuiltin *
jn_builtin_lookup (const char *name,
                   guint32     hash)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      JnArena *arena = jn_arena_static ();

      for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
        {
          JnError error = { 0 };

          /* bsearch () below needs the table in strcmp () order */
          g_assert (i == 0 || strcmp (builtins[i - 1].name, builtins[i].name) < 0);

          builtins[i].sig = jn_signature_parse (arena, builtins[i].signature, &error);
          g_assert (builtins[i].sig != NULL);
        }
      g_once_init_leave (&initialized, 1);
    }
  (void) hash;
  return bsearch (name, builtins, G_N_ELEMENTS (builtins), sizeof (JnBuiltin), compare_builtin);
}
