/* sw-jsonata-regex.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSONata regular expressions are JavaScript ones. They run on PCRE2 through GRegex, with the
 * few differences of syntax rewritten, and match objects report positions in UTF-16 code
 * units, as JavaScript does. */

#include <string.h>

#include "sw-jsonata-private.h"

/* Rewrites JavaScript-only syntax: \uXXXX and \u{…}, the empty class [^] and \/. */
static char *
translate (const char *pattern,
           gsize       length)
{
  GString *out = g_string_sized_new (length + 8);
  gboolean in_class = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = pattern[i];

      if (c == '\\' && i + 1 < length)
        {
          char d = pattern[i + 1];

          if (d == 'u' && i + 5 < length && g_ascii_isxdigit (pattern[i + 2])
              && g_ascii_isxdigit (pattern[i + 3]) && g_ascii_isxdigit (pattern[i + 4])
              && g_ascii_isxdigit (pattern[i + 5]))
            {
              g_string_append (out, "\\x{");
              g_string_append_len (out, pattern + i + 2, 4);
              g_string_append_c (out, '}');
              i += 5;
              continue;
            }
          if (d == '/')
            {
              g_string_append_c (out, '/');
              i++;
              continue;
            }
          /* Letters JavaScript gives no meaning stand for themselves ("identity escapes");
           * PCRE would reject them or read them otherwise (\a, \e, \h, \z …). */
          if (g_ascii_isalpha (d) && strchr ("dDwWsSbBnrtfvc", d) == NULL
              && !(d == 'x' && i + 3 < length && g_ascii_isxdigit (pattern[i + 2])
                   && g_ascii_isxdigit (pattern[i + 3]))
              && !(d == 'k' && i + 2 < length && pattern[i + 2] == '<'))
            {
              g_string_append_c (out, d);
              i++;
              continue;
            }
          g_string_append_c (out, c);
          g_string_append_c (out, d);
          i++;
          continue;
        }
      if (!in_class && c == '[')
        {
          if (i + 2 < length && pattern[i + 1] == '^' && pattern[i + 2] == ']')
            {
              g_string_append (out, "[\\s\\S]");
              i += 2;
              continue;
            }
          if (i + 1 < length && pattern[i + 1] == ']')
            {
              /* [] matches nothing in JavaScript */
              g_string_append (out, "(?!)");
              i += 1;
              continue;
            }
          in_class = TRUE;
        }
      else if (in_class && c == ']')
        {
          in_class = FALSE;
        }
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

GRegex *
jn_regex_compile (const char *pattern,
                  gsize       length,
                  const char *flags,
                  GError    **error)
{
  g_autofree char *translated = translate (pattern, length);
  GRegexCompileFlags compile = G_REGEX_DOLLAR_ENDONLY;

  if (strchr (flags, 'i') != NULL)
    compile |= G_REGEX_CASELESS;
  if (strchr (flags, 'm') != NULL)
    {
      compile |= G_REGEX_MULTILINE;
      compile &= ~G_REGEX_DOLLAR_ENDONLY;
    }
  return g_regex_new (translated, compile, 0, error);
}

static double
utf16_index (const char *s,
             gsize       byte_offset)
{
  double n = 0;

  for (gsize i = 0; i < byte_offset;)
    {
      guchar c = (guchar) s[i];
      gsize clen = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

      n += clen == 4 ? 2 : 1;
      i += clen;
    }
  return n;
}

/* The match object the reference builds: {match, start, end, groups, next}. */
JnVal
jn_regex_match_at (JnCtx  *ctx,
                   GRegex *regex,
                   JnVal   subject,
                   gsize   offset,
                   int     position)
{
  g_autoptr(GMatchInfo) info = NULL;
  int start = 0, end = 0;
  JnVal result;
  JnVal groups;
  JnVal next;
  int n_groups;

  if (subject.type != JN_STRING || offset > subject.aux)
    return JN_UNDEF_VAL;
  if (!g_regex_match_full (regex, subject.u.s, (gssize) subject.aux, (int) offset, 0, &info,
                           NULL))
    return JN_UNDEF_VAL;
  g_match_info_fetch_pos (info, 0, &start, &end);

  result = jn_obj_new (ctx);
  jn_obj_set (ctx, result.u.o, "match", 5,
              jn_str (ctx, subject.u.s + start, (gssize) (end - start)));
  jn_obj_set (ctx, result.u.o, "start", 5, jn_num (utf16_index (subject.u.s, (gsize) start)));
  jn_obj_set (ctx, result.u.o, "end", 3, jn_num (utf16_index (subject.u.s, (gsize) end)));

  groups = jn_arr_new (ctx, 0);
  n_groups = g_regex_get_capture_count (regex);
  for (int i = 1; i <= n_groups; i++)
    {
      int gs = -1, ge = -1;

      if (g_match_info_fetch_pos (info, i, &gs, &ge) && gs >= 0)
        jn_arr_push (ctx, groups.u.a, jn_str (ctx, subject.u.s + gs, (gssize) (ge - gs)));
      else
        jn_arr_push (ctx, groups.u.a, JN_UNDEF_VAL);
    }
  jn_obj_set (ctx, result.u.o, "groups", 6, groups);

  {
    JnFunc *f = jn_arena_alloc0 (ctx->arena, sizeof (JnFunc));
    JnNode *node = jn_arena_alloc0 (ctx->arena, sizeof (JnNode));

    node->position = position;
    f->kind = JN_FN_MATCH_NEXT;
    f->regex = regex;
    f->f1 = subject;
    f->offset = (gsize) end;
    f->node = node;
    next = (JnVal) { .type = JN_FUNC, .u.f = f };
  }
  jn_obj_set (ctx, result.u.o, "next", 4, next);
  return result;
}
