/* sw-jsonata-regex.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSONata regular expressions are JavaScript ones. They run on PCRE2, with the few differences
 * of syntax rewritten, and match objects report positions in UTF-16 code units, as JavaScript
 * does. A pattern is compiled (and JIT-compiled where PCRE2 can) once, with the expression; the
 * match data is the thread's own, as compiled expressions are shared between threads. */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
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

struct _JnRegex
{
  pcre2_code *code;
  guint       n_groups;
};

JnRegex *
jn_regex_compile (const char *pattern,
                  gsize       length,
                  const char *flags,
                  GError    **error)
{
  g_autofree char *translated = translate (pattern, length);
  /* the options GRegex gave: UTF-8 with Unicode classes, any newline, $ only at the end;
   * and subjects may hold lone surrogates (JavaScript strings can), which match nothing but
   * do not stop a match around them */
  guint32 options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_INVALID_UTF;
  pcre2_compile_context *context = pcre2_compile_context_create (NULL);
  pcre2_code *code;
  JnRegex *regex;
  int code_error = 0;
  PCRE2_SIZE error_offset = 0;
  guint32 capture_count = 0;

  if (strchr (flags, 'i') != NULL)
    options |= PCRE2_CASELESS;
  if (strchr (flags, 'm') != NULL)
    options = (options | PCRE2_MULTILINE) & ~(guint32) PCRE2_DOLLAR_ENDONLY;
  pcre2_set_newline (context, PCRE2_NEWLINE_ANY);
  code = pcre2_compile ((PCRE2_SPTR) translated, strlen (translated), options, &code_error,
                        &error_offset, context);
  pcre2_compile_context_free (context);
  if (code == NULL)
    {
      PCRE2_UCHAR message[256];

      pcre2_get_error_message (code_error, message, sizeof message);
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX,
                   _("Invalid regular expression at %u: %s"), (guint) error_offset,
                   (const char *) message);
      return NULL;
    }
  /* without JIT support (or memory for it) the interpreter runs the pattern */
  pcre2_jit_compile (code, PCRE2_JIT_COMPLETE);
  pcre2_pattern_info (code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  regex = g_new0 (JnRegex, 1);
  regex->code = code;
  regex->n_groups = capture_count;
  return regex;
}

void
jn_regex_free (JnRegex *regex)
{
  if (regex == NULL)
    return;
  pcre2_code_free (regex->code);
  g_free (regex);
}

guint
jn_regex_n_groups (const JnRegex *regex)
{
  return regex->n_groups;
}

static void
match_data_free (gpointer data)
{
  pcre2_match_data_free (data);
}

static GPrivate thread_match_data = G_PRIVATE_INIT (match_data_free);

/* The thread's match data, with room for @pairs offset pairs. */
static pcre2_match_data *
match_data_for (guint pairs)
{
  pcre2_match_data *data = g_private_get (&thread_match_data);

  if (data == NULL || pcre2_get_ovector_count (data) < pairs)
    {
      data = pcre2_match_data_create (MAX (pairs, 32), NULL);
      g_private_replace (&thread_match_data, data);
    }
  return data;
}

/* Raises D1012 when the evaluation's time is up. */
static gboolean
time_is_up (JnCtx *ctx)
{
  if (ctx->timeout_ms == 0 || g_get_monotonic_time () <= ctx->deadline)
    return FALSE;
  jn_error (ctx, "D1012", -1, NULL);
  jn_error_value (ctx, jn_num (ctx->timeout_ms));
  return TRUE;
}

/* Finds the first match at or after byte @offset of @subject. The offsets (pairs of byte
 * offsets, PCRE2_UNSET for a group that took no part) stay valid until the thread's next
 * match. A match that runs over PCRE2's limits counts as none, as it did with GRegex, unless
 * the evaluation's time is up. */
gboolean
jn_regex_exec (JnCtx         *ctx,
               const JnRegex *regex,
               const char    *subject,
               gsize          length,
               gsize          offset,
               gboolean       checked,
               const gsize  **ovector)
{
  pcre2_match_data *data = match_data_for (regex->n_groups + 1);
  guint32 options = checked ? PCRE2_NO_UTF_CHECK : 0;
  int rc;

  G_STATIC_ASSERT (sizeof (PCRE2_SIZE) == sizeof (gsize));

  rc = pcre2_match (regex->code, (PCRE2_SPTR) subject, length, offset, options, data, NULL);
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
    rc = pcre2_match (regex->code, (PCRE2_SPTR) subject, length, offset,
                      options | PCRE2_NO_JIT, data, NULL);
  if (rc < 0)
    {
      if (rc != PCRE2_ERROR_NOMATCH)
        time_is_up (ctx);
      return FALSE;
    }
  *ovector = (const gsize *) pcre2_get_ovector_pointer (data);
  return TRUE;
}

/* The next match of a global JavaScript regex, as the reference iterates them: each search
 * starts where the previous match ended, none past the end, and a later empty match is
 * error D1004 (it would never progress). */
gboolean
jn_regex_iter_next (JnCtx       *ctx,
                    JnRegexIter *iter)
{
  const gsize *ov;

  if (iter->n_found > 0 && iter->next >= iter->length)
    return FALSE;
  if (!jn_regex_exec (ctx, iter->regex, iter->subject, iter->length, iter->next,
                      iter->n_found > 0, &ov))
    return FALSE;
  if (iter->n_found > 0 && ov[0] == ov[1])
    {
      jn_error (ctx, "D1004", iter->position, NULL);
      return FALSE;
    }
  iter->ovector = ov;
  iter->next = ov[1];
  iter->n_found++;
  return !(ctx->timeout_ms > 0 && G_UNLIKELY (++ctx->ticks % 64 == 0) && time_is_up (ctx));
}

/* The UTF-16 index of byte @byte_offset, counting on from @from (a byte offset) at @index. */
double
jn_regex_utf16_index (const char *s,
                      gsize       from,
                      double      index,
                      gsize       byte_offset)
{
  for (gsize i = from; i < byte_offset;)
    {
      guchar c = (guchar) s[i];
      gsize clen = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

      index += clen == 4 ? 2 : 1;
      i += clen;
    }
  return index;
}

/* The groups of the thread's last match, undefined for those that took no part. */
JnVal
jn_regex_groups (JnCtx         *ctx,
                 const JnRegex *regex,
                 const char    *subject,
                 const gsize   *ovector)
{
  JnVal groups = jn_arr_new (ctx, regex->n_groups);

  for (guint i = 1; i <= regex->n_groups; i++)
    {
      if (ovector[2 * i] != PCRE2_UNSET)
        jn_arr_push (ctx, groups.u.a, jn_str (ctx, subject + ovector[2 * i],
                                              (gssize) (ovector[2 * i + 1] - ovector[2 * i])));
      else
        jn_arr_push (ctx, groups.u.a, JN_UNDEF_VAL);
    }
  return groups;
}

/* The match object the reference builds: {match, start, end, groups, next}. */
JnVal
jn_regex_match_at (JnCtx   *ctx,
                   JnRegex *regex,
                   JnVal    subject,
                   gsize    offset,
                   int      position)
{
  const gsize *ov;
  gsize start, end;
  double start16;
  JnVal result;
  JnVal next;

  if (subject.type != JN_STRING || offset > subject.aux)
    return JN_UNDEF_VAL;
  if (!jn_regex_exec (ctx, regex, subject.u.s, subject.aux, offset, FALSE, &ov))
    return JN_UNDEF_VAL;
  start = ov[0];
  end = ov[1];

  result = jn_obj_new (ctx);
  jn_obj_set (ctx, result.u.o, "match", 5,
              jn_str (ctx, subject.u.s + start, (gssize) (end - start)));
  start16 = jn_regex_utf16_index (subject.u.s, 0, 0, start);
  jn_obj_set (ctx, result.u.o, "start", 5, jn_num (start16));
  jn_obj_set (ctx, result.u.o, "end", 3,
              jn_num (jn_regex_utf16_index (subject.u.s, start, start16, end)));
  jn_obj_set (ctx, result.u.o, "groups", 6, jn_regex_groups (ctx, regex, subject.u.s, ov));

  {
    JnFunc *f = jn_arena_alloc0 (ctx->arena, sizeof (JnFunc));
    JnNode *node = jn_arena_alloc0 (ctx->arena, sizeof (JnNode));

    node->position = position;
    f->kind = JN_FN_MATCH_NEXT;
    f->regex = regex;
    f->f1 = subject;
    f->offset = end;
    f->node = node;
    next = (JnVal) { .type = JN_FUNC, .u.f = f };
  }
  jn_obj_set (ctx, result.u.o, "next", 4, next);
  return result;
}
