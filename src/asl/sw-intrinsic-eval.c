/* sw-intrinsic-eval.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs intrinsic functions as Step Functions does. The parser (sw-intrinsic.c) has already
 * checked names, argument counts and the types of literals; what is left are the values that
 * paths and nested calls produce, checked here, and the limits the service applies at run
 * time. Every failure is a %SW_EVAL_ERROR_INTRINSIC error, which an execution reports as
 * `States.IntrinsicFailure`. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-intrinsic-eval.h"
#include "sw-json.h"
#include "sw-payload-private.h"

/* The service's limits. */
#define MAX_ENCODE_INPUT 10000
#define MAX_RANGE_ITEMS 1000

typedef struct
{
  const SwIntrinsic *call;
  SwEvalScope *scope;
  SwValue **args;      /* evaluated */
  guint n_args;
} Call;

static gboolean fail (GError     **error,
                      const char  *format,
                      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SW_EVAL_ERROR, SW_EVAL_ERROR_INTRINSIC, format, args);
  va_end (args);
  return FALSE;
}

static const char *
kind_name (const SwValue *value)
{
  if (sw_value_is_number (value))
    return sw_value_is_integer (value) ? "integer" : "number";
  return sw_value_kind_to_string (sw_value_get_kind (value));
}

static SwValue *
arg_at (Call  *c,
        guint  index)
{
  return c->args[index];
}

static gboolean
want_kind (Call         *c,
           guint         index,
           SwValueKind   kind,
           GError      **error)
{
  SwValue *value = arg_at (c, index);

  if (sw_value_get_kind (value) == kind)
    return TRUE;
  return fail (error, _("Argument %u of %s must be %s, but it is %s"), index + 1,
               c->call->name, sw_value_kind_to_string (kind), kind_name (value));
}

/* Most numbers in payloads are small integers written plainly; read those without strtod(). */
static gboolean
plain_integer (const SwValue *value,
               gint64        *out)
{
  const char *p = sw_value_get_number_lexeme (value);
  gboolean negative = *p == '-';
  gint64 n = 0;
  guint digits = 0;

  if (negative)
    p++;
  for (; *p >= '0' && *p <= '9'; p++, digits++)
    n = n * 10 + (*p - '0');
  if (*p != '\0' || digits == 0 || digits > 15)
    return FALSE;
  *out = negative ? -n : n;
  return TRUE;
}

static SwValue *
new_int (gint64 value)
{
  char buf[24], *p = buf + sizeof buf;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  *--p = '\0';
  do
    *--p = '0' + magnitude % 10;
  while ((magnitude /= 10) != 0);
  if (value < 0)
    *--p = '-';
  return sw_value_new_number (p);
}

/* Integers as the service reads them: numbers with no fraction; with @round, any number,
 * rounded half up as Java's Math.round does. */
static gboolean
want_int (Call     *c,
          guint     index,
          gboolean  round_it,
          gint64   *out,
          GError  **error)
{
  SwValue *value = arg_at (c, index);
  double d;

  if (!sw_value_is_number (value))
    return fail (error, _("Argument %u of %s must be an integer, but it is %s"), index + 1,
                 c->call->name, kind_name (value));
  if (plain_integer (value, out) || sw_value_get_int64 (value, out))
    return TRUE;
  d = sw_value_get_double (value);
  if (round_it && isfinite (d))
    d = floor (d + 0.5);
  if (!isfinite (d) || d != floor (d) || fabs (d) > 9007199254740991.0)
    return fail (error, _("Argument %u of %s must be an integer, but it is %s"), index + 1,
                 c->call->name, sw_value_get_number_lexeme (value));
  *out = (gint64) d;
  return TRUE;
}

/* States.Format renders values as the service's Java implementation prints them: strings
 * bare, arrays as `[a, b]`, objects as `{key=value}`, everything else as JSON. */
static void
format_value (GString       *out,
              const SwValue *value)
{
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_STRING:
      g_string_append_len (out, sw_value_get_string (value), sw_value_get_string_length (value));
      break;
    case SW_VALUE_NUMBER:
      g_string_append (out, sw_value_get_number_lexeme (value));
      break;
    case SW_VALUE_BOOLEAN:
      g_string_append (out, sw_value_get_boolean (value) ? "true" : "false");
      break;
    case SW_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case SW_VALUE_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          format_value (out, sw_value_array_get (value, i));
        }
      g_string_append_c (out, ']');
      break;
    case SW_VALUE_OBJECT:
    default:
      g_string_append_c (out, '{');
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          g_string_append (out, sw_value_object_get_key (value, i));
          g_string_append_c (out, '=');
          format_value (out, sw_value_object_get_value (value, i));
        }
      g_string_append_c (out, '}');
      break;
    }
}

static SwValue *
fn_format (Call    *c,
           GError **error)
{
  const SwIntrinsicArg *template_arg = g_ptr_array_index (c->call->args, 0);
  g_autoptr(GArray) found = NULL;
  const GArray *placeholders;
  const char *template;
  GString *out;
  gsize pos = 0;

  if (!want_kind (c, 0, SW_VALUE_STRING, error))
    return NULL;
  template = sw_value_get_string (arg_at (c, 0));

  /* A literal template knows which braces were escaped; a template from a path does not
   * have escapes, and every `{}` in it is a placeholder. */
  if (template_arg->kind == SW_INTRINSIC_ARG_LITERAL && template_arg->placeholders != NULL)
    placeholders = template_arg->placeholders;
  else
    {
      found = g_array_new (FALSE, FALSE, sizeof (guint));
      for (const char *p = strstr (template, "{}"); p != NULL; p = strstr (p + 2, "{}"))
        {
          guint offset = p - template;
          g_array_append_val (found, offset);
        }
      placeholders = found;
    }

  if (placeholders->len != c->n_args - 1)
    {
      fail (error, _("The template of States.Format has %u placeholders “{}”, but %u values "
                     "follow it"), placeholders->len, c->n_args - 1);
      return NULL;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < placeholders->len; i++)
    {
      guint offset = g_array_index (placeholders, guint, i);

      g_string_append_len (out, template + pos, offset - pos);
      format_value (out, arg_at (c, i + 1));
      pos = offset + 2;
    }
  g_string_append (out, template + pos);
  return sw_value_new_string_take (g_string_free (out, FALSE));
}

static SwValue *
fn_string_to_json (Call    *c,
                   GError **error)
{
  g_autoptr(GError) parse_error = NULL;
  const char *text;
  SwValue *value;

  if (!want_kind (c, 0, SW_VALUE_STRING, error))
    return NULL;
  text = sw_value_get_string (arg_at (c, 0));
  value = sw_json_parse (text, sw_value_get_string_length (arg_at (c, 0)), NULL, NULL,
                         &parse_error);
  if (value == NULL)
    fail (error, _("States.StringToJson cannot parse “%s”: %s"), text, parse_error->message);
  return value;
}

static SwValue *
fn_json_to_string (Call    *c,
                   GError **error)
{
  g_autofree char *text = sw_json_write (arg_at (c, 0), SW_JSON_WRITE_COMPACT, NULL);

  /* A copy of the exact size: the writer's buffer is roomy. */
  return sw_value_new_string (text);
}

static SwValue *
fn_array (Call    *c,
          GError **error)
{
  SwValue *array = sw_value_new_array ();

  for (guint i = 0; i < c->n_args; i++)
    sw_value_array_append (array, sw_value_ref (arg_at (c, i)));
  return array;
}

static SwValue *
fn_array_partition (Call    *c,
                    GError **error)
{
  SwValue *array, *result, *chunk = NULL;
  gint64 size;
  guint n;

  if (!want_kind (c, 0, SW_VALUE_ARRAY, error) || !want_int (c, 1, FALSE, &size, error))
    return NULL;
  if (size <= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, size);

      fail (error, _("The chunk size of States.ArrayPartition must be positive, but it is %s"),
            text);
      return NULL;
    }

  array = arg_at (c, 0);
  n = sw_value_array_get_length (array);
  result = sw_value_new_array ();
  for (guint i = 0; i < n; i++)
    {
      if ((gint64) i % size == 0)
        {
          chunk = sw_value_new_array ();
          sw_value_array_append (result, chunk);
        }
      sw_value_array_append (chunk, sw_value_ref (sw_value_array_get (array, i)));
    }
  return result;
}

static SwValue *
fn_array_contains (Call    *c,
                   GError **error)
{
  SwValue *array;

  if (!want_kind (c, 0, SW_VALUE_ARRAY, error))
    return NULL;
  array = arg_at (c, 0);
  for (guint i = 0; i < sw_value_array_get_length (array); i++)
    if (sw_eval_json_equal (sw_value_array_get (array, i), arg_at (c, 1)))
      return sw_value_new_boolean (TRUE);
  return sw_value_new_boolean (FALSE);
}

static SwValue *
fn_array_range (Call    *c,
                GError **error)
{
  gint64 first, last, step;
  double count = 0;
  SwValue *result;

  if (!want_int (c, 0, FALSE, &first, error) || !want_int (c, 1, FALSE, &last, error) ||
      !want_int (c, 2, FALSE, &step, error))
    return NULL;
  if (step == 0)
    {
      fail (error, _("The step of States.ArrayRange cannot be 0"));
      return NULL;
    }
  if ((step > 0 && last >= first) || (step < 0 && last <= first))
    count = floor (((double) last - (double) first) / (double) step) + 1;
  if (count > MAX_RANGE_ITEMS)
    {
      fail (error, _("States.ArrayRange can make at most %u items, but this range has %.0f"),
            MAX_RANGE_ITEMS, count);
      return NULL;
    }

  result = sw_value_new_array ();
  for (guint i = 0; i < (guint) count; i++)
    sw_value_array_append (result, sw_value_new_int (first + (gint64) i * step));
  return result;
}

static SwValue *
fn_array_get_item (Call    *c,
                   GError **error)
{
  SwValue *array;
  gint64 index;

  if (!want_kind (c, 0, SW_VALUE_ARRAY, error) || !want_int (c, 1, FALSE, &index, error))
    return NULL;
  array = arg_at (c, 0);
  if (index < 0 || index >= sw_value_array_get_length (array))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, index);

      fail (error, _("The index %s of States.ArrayGetItem is out of bounds for an array of %u "
                     "items"), text, sw_value_array_get_length (array));
      return NULL;
    }
  return sw_value_ref (sw_value_array_get (array, index));
}

static SwValue *
fn_array_length (Call    *c,
                 GError **error)
{
  if (!want_kind (c, 0, SW_VALUE_ARRAY, error))
    return NULL;
  return sw_value_new_int (sw_value_array_get_length (arg_at (c, 0)));
}

static int
compare_key_pointers (const void *a,
                      const void *b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A key equal for values that sw_eval_json_equal() finds equal. */
static void
append_canonical (GString       *out,
                  const SwValue *value)
{
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case SW_VALUE_BOOLEAN:
      g_string_append (out, sw_value_get_boolean (value) ? "true" : "false");
      break;
    case SW_VALUE_NUMBER:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, sw_value_get_double (value)));
      }
      break;
    case SW_VALUE_STRING:
      sw_json_append_string (out, sw_value_get_string (value), sw_value_get_string_length (value));
      break;
    case SW_VALUE_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        {
          append_canonical (out, sw_value_array_get (value, i));
          g_string_append_c (out, ',');
        }
      g_string_append_c (out, ']');
      break;
    case SW_VALUE_OBJECT:
    default:
      {
        guint n = sw_value_object_get_size (value);
        g_autofree const char **keys = g_new (const char *, n + 1);

        for (guint i = 0; i < n; i++)
          keys[i] = sw_value_object_get_key (value, i);
        keys[n] = NULL;
        qsort (keys, n, sizeof (char *), compare_key_pointers);
        g_string_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0 && strcmp (keys[i], keys[i - 1]) == 0)
              continue;
            sw_json_append_string (out, keys[i], strlen (keys[i]));
            g_string_append_c (out, ':');
            append_canonical (out, sw_value_object_get (value, keys[i]));
            g_string_append_c (out, ',');
          }
        g_string_append_c (out, '}');
      }
      break;
    }
}

static SwValue *
fn_array_unique (Call    *c,
                 GError **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) key = NULL;
  SwValue *array, *result;

  if (!want_kind (c, 0, SW_VALUE_ARRAY, error))
    return NULL;

  array = arg_at (c, 0);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  key = g_string_new (NULL);
  result = sw_value_new_array ();
  for (guint i = 0; i < sw_value_array_get_length (array); i++)
    {
      SwValue *item = sw_value_array_get (array, i);

      g_string_truncate (key, 0);
      append_canonical (key, item);
      if (g_hash_table_contains (seen, key->str))
        continue;
      g_hash_table_add (seen, g_strdup (key->str));
      sw_value_array_append (result, sw_value_ref (item));
    }
  return result;
}

static gboolean
check_encode_input (Call     *c,
                    GError  **error)
{
  glong n;

  if (!want_kind (c, 0, SW_VALUE_STRING, error))
    return FALSE;
  n = g_utf8_strlen (sw_value_get_string (arg_at (c, 0)), -1);
  if (n > MAX_ENCODE_INPUT)
    return fail (error, _("The input of %s can hold at most %u characters, but it has %ld"),
                 c->call->name, MAX_ENCODE_INPUT, n);
  return TRUE;
}

static SwValue *
fn_base64_encode (Call    *c,
                  GError **error)
{
  SwValue *text;

  if (!check_encode_input (c, error))
    return NULL;
  text = arg_at (c, 0);
  return sw_value_new_string_take (g_base64_encode ((const guchar *) sw_value_get_string (text),
                                                    sw_value_get_string_length (text)));
}

static SwValue *
fn_base64_decode (Call    *c,
                  GError **error)
{
  g_autofree guchar *decoded = NULL;
  const char *text;
  gsize length, n_pad = 0, len;

  if (!check_encode_input (c, error))
    return NULL;
  text = sw_value_get_string (arg_at (c, 0));
  len = sw_value_get_string_length (arg_at (c, 0));

  /* g_base64_decode() skips what it does not know; the service rejects it. */
  for (gsize i = 0; i < len; i++)
    {
      char ch = text[i];

      if (ch == '=')
        n_pad++;
      else if (n_pad > 0 || !(g_ascii_isalnum (ch) || ch == '+' || ch == '/'))
        {
          fail (error, _("States.Base64Decode cannot decode “%s”: it is not Base64 data"), text);
          return NULL;
        }
    }
  if (n_pad > 2 || len % 4 != 0)
    {
      fail (error, _("States.Base64Decode cannot decode “%s”: it is not Base64 data"), text);
      return NULL;
    }

  decoded = g_base64_decode (len > 0 ? text : "", &length);
  if (!g_utf8_validate_len ((const char *) decoded, length, NULL) ||
      memchr (decoded, '\0', length) != NULL)
    {
      fail (error, _("States.Base64Decode decoded “%s” to bytes that are not UTF-8 text"), text);
      return NULL;
    }
  return sw_value_new_string_take (g_strndup ((const char *) decoded, length));
}

static SwValue *
fn_hash (Call    *c,
         GError **error)
{
  static const struct
  {
    const char *name;
    GChecksumType type;
  } algorithms[] = {
    { "MD5", G_CHECKSUM_MD5 },
    { "SHA-1", G_CHECKSUM_SHA1 },
    { "SHA-256", G_CHECKSUM_SHA256 },
    { "SHA-384", G_CHECKSUM_SHA384 },
    { "SHA-512", G_CHECKSUM_SHA512 },
  };
  SwValue *data;
  const char *algorithm;

  if (!check_encode_input (c, error) || !want_kind (c, 1, SW_VALUE_STRING, error))
    return NULL;

  data = arg_at (c, 0);
  algorithm = sw_value_get_string (arg_at (c, 1));
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (strcmp (algorithms[i].name, algorithm) == 0)
      return sw_value_new_string_take (
          g_compute_checksum_for_data (algorithms[i].type,
                                       (const guchar *) sw_value_get_string (data),
                                       sw_value_get_string_length (data)));

  fail (error, _("States.Hash does not know the algorithm “%s”; use MD5, SHA-1, SHA-256, "
                 "SHA-384 or SHA-512"), algorithm);
  return NULL;
}

static SwValue *
fn_json_merge (Call    *c,
               GError **error)
{
  SwValue *first, *second, *merged;

  if (!want_kind (c, 0, SW_VALUE_OBJECT, error) || !want_kind (c, 1, SW_VALUE_OBJECT, error) ||
      !want_kind (c, 2, SW_VALUE_BOOLEAN, error))
    return NULL;
  if (sw_value_get_boolean (arg_at (c, 2)))
    {
      fail (error, _("States.JsonMerge only does shallow merges; its third argument must be "
                     "false"));
      return NULL;
    }

  first = arg_at (c, 0);
  second = arg_at (c, 1);
  merged = sw_value_new_object ();
  for (guint i = 0; i < sw_value_object_get_size (first); i++)
    sw_value_object_set (merged, sw_value_object_get_key (first, i),
                         sw_value_ref (sw_value_object_get_value (first, i)));
  for (guint i = 0; i < sw_value_object_get_size (second); i++)
    sw_value_object_set (merged, sw_value_object_get_key (second, i),
                         sw_value_ref (sw_value_object_get_value (second, i)));
  return merged;
}

static SwValue *
fn_math_random (Call    *c,
                GError **error)
{
  gint64 start, end, seed = 0;
  g_autoptr(GRand) rand = NULL;
  gint64 span;

  if (!want_int (c, 0, TRUE, &start, error) || !want_int (c, 1, TRUE, &end, error))
    return NULL;
  if (c->n_args == 3 && !want_int (c, 2, TRUE, &seed, error))
    return NULL;
  if (start < G_MININT32 || start > G_MAXINT32 || end < G_MININT32 || end > G_MAXINT32)
    {
      fail (error, _("The bounds of States.MathRandom must be 32-bit integers"));
      return NULL;
    }
  if (end < start)
    {
      g_autofree char *end_text = g_strdup_printf ("%" G_GINT64_FORMAT, end);
      g_autofree char *start_text = g_strdup_printf ("%" G_GINT64_FORMAT, start);

      fail (error, _("The end of States.MathRandom (%s) is less than its start (%s)"),
            end_text, start_text);
      return NULL;
    }

  rand = c->n_args == 3 ? g_rand_new_with_seed ((guint32) seed) : g_rand_new ();
  span = end - start + 1;
  /* Both bounds are included, as the service documents them. */
  return sw_value_new_int (start + (gint64) (g_rand_double (rand) * (double) span));
}

static SwValue *
fn_math_add (Call    *c,
             GError **error)
{
  gint64 a, b;

  if (!want_int (c, 0, TRUE, &a, error) || !want_int (c, 1, TRUE, &b, error))
    return NULL;
  return new_int (a + b);
}

static SwValue *
fn_string_split (Call    *c,
                 GError **error)
{
  const char *text, *delimiters, *start;
  SwValue *result;

  if (!want_kind (c, 0, SW_VALUE_STRING, error) || !want_kind (c, 1, SW_VALUE_STRING, error))
    return NULL;

  text = sw_value_get_string (arg_at (c, 0));
  delimiters = sw_value_get_string (arg_at (c, 1));
  result = sw_value_new_array ();

  /* Every character of the second argument splits; empty pieces are dropped. */
  start = text;
  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gboolean at_end = *p == '\0';
      gboolean split = at_end;

      if (!at_end && *delimiters != '\0')
        {
          gunichar ch = g_utf8_get_char (p);

          split = g_utf8_strchr (delimiters, -1, ch) != NULL;
        }
      if (split)
        {
          if (p > start)
            sw_value_array_append (result, sw_value_new_string_take (g_strndup (start, p - start)));
          if (at_end)
            break;
          start = g_utf8_next_char (p);
        }
    }
  return result;
}

static SwValue *
fn_uuid (Call    *c,
         GError **error)
{
  return sw_value_new_string_take (g_uuid_string_random ());
}

typedef SwValue *(*Impl) (Call *c, GError **error);

static const struct
{
  const char *name;
  Impl impl;
} implementations[] = {
  { "States.Format", fn_format },
  { "States.StringToJson", fn_string_to_json },
  { "States.JsonToString", fn_json_to_string },
  { "States.Array", fn_array },
  { "States.ArrayPartition", fn_array_partition },
  { "States.ArrayContains", fn_array_contains },
  { "States.ArrayRange", fn_array_range },
  { "States.ArrayGetItem", fn_array_get_item },
  { "States.ArrayLength", fn_array_length },
  { "States.ArrayUnique", fn_array_unique },
  { "States.Base64Encode", fn_base64_encode },
  { "States.Base64Decode", fn_base64_decode },
  { "States.Hash", fn_hash },
  { "States.JsonMerge", fn_json_merge },
  { "States.MathRandom", fn_math_random },
  { "States.MathAdd", fn_math_add },
  { "States.StringSplit", fn_string_split },
  { "States.UUID", fn_uuid },
};

typedef struct
{
  Impl impl;
  guint min_args;
  guint max_args;
} Entry;

/* The implementations by name, so a call finds its own with one lookup. */
static GHashTable *
implementation_table (void)
{
  static gsize once = 0;
  static GHashTable *table;

  if (g_once_init_enter (&once))
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (implementations); i++)
        {
          const SwIntrinsicFunction *function = sw_intrinsic_lookup (implementations[i].name);
          Entry *entry = g_new0 (Entry, 1);

          g_assert (function != NULL);
          entry->impl = implementations[i].impl;
          entry->min_args = function->min_args;
          entry->max_args = function->max_args;
          g_hash_table_insert (table, (gpointer) implementations[i].name, entry);
        }
      g_once_init_leave (&once, 1);
    }
  return table;
}

static const Entry *
find_entry (const SwIntrinsic  *call,
            GError            **error)
{
  const Entry *entry = g_hash_table_lookup (implementation_table (), call->name);

  if (entry == NULL)
    {
      g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID,
                   _("Unknown intrinsic function “%s”"), call->name);
      return NULL;
    }
  if (call->args->len < entry->min_args || call->args->len > entry->max_args)
    {
      g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID,
                   _("%s cannot take %u arguments"), call->name, call->args->len);
      return NULL;
    }
  return entry;
}

static SwValue *
path_not_found (const SwPath  *path,
                GError       **error)
{
  const char *variable = sw_path_get_variable_name (path);

  if (variable != NULL)
    g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                 _("The JSONPath “%s” could not be found in the variable “$%s”"),
                 sw_path_get_text (path), variable);
  else
    g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
                 _("The JSONPath “%s” could not be found in the %s"), sw_path_get_text (path),
                 sw_path_has_context_root (path) ? _("context object") : _("input"));
  return NULL;
}

static SwValue *
variable_not_assigned (const char  *variable,
                       GError     **error)
{
  g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH,
               _("The variable “$%s” has not been assigned"), variable);
  return NULL;
}

/* The value of the workflow variable @name in @scope, or NULL. */
static SwValue *
scope_variable (SwEvalScope *scope,
                const char  *name)
{
  return scope->get_variable != NULL ? scope->get_variable (name, scope->user_data) : NULL;
}

static SwValue *
eval_arg (const SwIntrinsicArg  *arg,
          SwEvalScope           *scope,
          GError               **error)
{
  switch (arg->kind)
    {
    case SW_INTRINSIC_ARG_LITERAL:
      return sw_value_ref (arg->literal);

    case SW_INTRINSIC_ARG_PATH:
      {
        const char *variable = sw_path_get_variable_name (arg->path);
        g_autoptr(GHashTable) variables = NULL;
        g_autoptr(GPtrArray) found = NULL;
        SwValue *context = NULL;

        /* A path rooted at `$name` reads the workflow variable, never the input. */
        if (variable != NULL)
          {
            SwValue *value = scope_variable (scope, variable);

            if (value == NULL)
              return variable_not_assigned (variable, error);
            variables = g_hash_table_new (g_str_hash, g_str_equal);
            g_hash_table_insert (variables, (gpointer) variable, value);
          }
        else if (sw_path_has_context_root (arg->path))
          context = sw_eval_scope_get_context (scope);
        found = sw_path_select_full (arg->path, scope->input, context, variables);
        if (!sw_path_is_definite (arg->path))
          {
            SwValue *array = sw_value_new_array ();

            for (guint i = 0; i < found->len; i++)
              sw_value_array_append (array, sw_value_ref (g_ptr_array_index (found, i)));
            return array;
          }
        if (found->len == 0)
          return path_not_found (arg->path, error);
        return sw_value_ref (g_ptr_array_index (found, 0));
      }

    case SW_INTRINSIC_ARG_CALL:
    default:
      return sw_intrinsic_eval (arg->call, scope, error);
    }
}

static SwValue *
run_call (const SwIntrinsic  *call,
          Impl                impl,
          SwValue           **args,
          guint               n_args,
          SwEvalScope        *scope,
          GError            **error)
{
  Call c = { call, scope, args, n_args };

  return impl (&c, error);
}

/**
 * sw_intrinsic_eval:
 * @call: a call that passed sw_intrinsic_check()
 * @scope: what its paths read
 * @error: return location for a %SW_EVAL_ERROR error
 *
 * Evaluates @call. Path arguments read @scope; a definite path that matches nothing is a
 * %SW_EVAL_ERROR_PATH error, an argument of the wrong type or a value the function cannot
 * take a %SW_EVAL_ERROR_INTRINSIC error.
 *
 * Returns: (transfer full) (nullable): the result, which may share nodes with @scope's data
 */
SwValue *
sw_intrinsic_eval (const SwIntrinsic  *call,
                   SwEvalScope        *scope,
                   GError            **error)
{
  g_autoptr(GPtrArray) args = NULL;
  const Entry *entry;

  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entry = find_entry (call, error);
  if (entry == NULL)
    return NULL;

  args = g_ptr_array_new_full (call->args->len, (GDestroyNotify) sw_value_unref);
  for (guint i = 0; i < call->args->len; i++)
    {
      SwValue *value = eval_arg (g_ptr_array_index (call->args, i), scope, error);

      if (value == NULL)
        return NULL;
      g_ptr_array_add (args, value);
    }
  return run_call (call, entry->impl, (SwValue **) args->pdata, args->len, scope, error);
}

/* Programs */

typedef struct
{
  const SwIntrinsicArg *arg;
  SwFastPath *fast;
  const char *variable;        /* the fast path walks this workflow variable */
  SwIntrinsicProgram *program;
} ProgramArg;

struct _SwIntrinsicProgram
{
  const SwIntrinsic *call;
  const Entry *entry;
  guint n_args;
  ProgramArg *args;
};

void
_sw_intrinsic_program_free (SwIntrinsicProgram *program)
{
  if (program == NULL)
    return;
  for (guint i = 0; i < program->n_args; i++)
    {
      _sw_fast_path_free (program->args[i].fast);
      _sw_intrinsic_program_free (program->args[i].program);
    }
  g_free (program->args);
  g_free (program);
}

/* Compiles @call, which must outlive the program. Returns NULL for a call
 * sw_intrinsic_eval() would reject. */
SwIntrinsicProgram *
_sw_intrinsic_program_new (const SwIntrinsic *call)
{
  SwIntrinsicProgram *program;
  const Entry *entry = find_entry (call, NULL);

  if (entry == NULL)
    return NULL;

  program = g_new0 (SwIntrinsicProgram, 1);
  program->call = call;
  program->entry = entry;
  program->n_args = call->args->len;
  program->args = g_new0 (ProgramArg, MAX (1, call->args->len));
  for (guint i = 0; i < call->args->len; i++)
    {
      const SwIntrinsicArg *arg = g_ptr_array_index (call->args, i);

      program->args[i].arg = arg;
      if (arg->kind == SW_INTRINSIC_ARG_PATH && sw_path_get_variable_name (arg->path) != NULL)
        {
          /* `$name.a[0]`: the steps after the variable, as a path rooted at `$`. */
          const char *variable = sw_path_get_variable_name (arg->path);
          g_autofree char *text = sw_path_to_string (arg->path);
          g_autofree char *rest = g_strconcat ("$", text + 1 + strlen (variable), NULL);
          g_autoptr(SwPath) steps = sw_path_parse (rest, SW_PATH_DEFAULT, NULL, NULL);

          if (steps != NULL && g_str_has_prefix (text + 1, variable))
            {
              program->args[i].fast = _sw_fast_path_new (steps);
              if (program->args[i].fast != NULL)
                program->args[i].variable = variable;
            }
        }
      else if (arg->kind == SW_INTRINSIC_ARG_PATH)
        program->args[i].fast = _sw_fast_path_new (arg->path);
      else if (arg->kind == SW_INTRINSIC_ARG_CALL)
        {
          program->args[i].program = _sw_intrinsic_program_new (arg->call);
          if (program->args[i].program == NULL)
            {
              _sw_intrinsic_program_free (program);
              return NULL;
            }
        }
    }
  return program;
}

/* As sw_intrinsic_eval(), faster. */
SwValue *
_sw_intrinsic_program_run (const SwIntrinsicProgram  *program,
                           SwEvalScope               *scope,
                           GError                   **error)
{
  SwValue *stack[6], **args;
  gboolean owned_stack[G_N_ELEMENTS (stack)] = { FALSE, }, *owned;
  SwValue *result = NULL;
  guint n = 0;

  if (program == NULL)
    {
      g_set_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID, _("Invalid intrinsic call"));
      return NULL;
    }

  /* Few functions take many arguments; those get the heap. */
  if (program->n_args <= G_N_ELEMENTS (stack))
    {
      args = stack;
      owned = owned_stack;
    }
  else
    {
      args = g_new (SwValue *, program->n_args);
      owned = g_new0 (gboolean, program->n_args);
    }
  for (guint i = 0; i < program->n_args; i++)
    {
      const ProgramArg *arg = &program->args[i];
      SwValue *value;

      /* Values found in the scope or the call are borrowed for the call's duration;
       * implementations take their own references to what they keep. */
      if (arg->fast != NULL && arg->variable != NULL)
        {
          SwValue *root = scope_variable (scope, arg->variable);

          value = root != NULL ? _sw_fast_path_walk (arg->fast, root) : NULL;
          if (root == NULL)
            variable_not_assigned (arg->variable, error);
          else if (value == NULL)
            path_not_found (arg->arg->path, error);
        }
      else if (arg->fast != NULL)
        {
          SwValue *root = _sw_fast_path_is_context (arg->fast)
                            ? sw_eval_scope_get_context (scope) : scope->input;

          value = root != NULL ? _sw_fast_path_walk (arg->fast, root) : NULL;
          if (value == NULL)
            path_not_found (arg->arg->path, error);
        }
      else if (arg->arg->kind == SW_INTRINSIC_ARG_LITERAL)
        value = arg->arg->literal;
      else
        {
          value = arg->program != NULL ? _sw_intrinsic_program_run (arg->program, scope, error)
                                       : eval_arg (arg->arg, scope, error);
          owned[i] = TRUE;
        }
      if (value == NULL)
        break;
      args[n++] = value;
    }

  if (n == program->n_args)
    result = run_call (program->call, program->entry->impl, args, n, scope, error);
  for (guint i = 0; i < n; i++)
    if (owned[i])
      sw_value_unref (args[i]);
  if (args != stack)
    {
      g_free (args);
      g_free (owned);
    }
  return result;
}

/**
 * sw_intrinsic_eval_text:
 * @text: the text of a call, such as `States.MathAdd($.n, 1)`
 *
 * Parses, checks and evaluates @text; a malformed call is a %SW_EVAL_ERROR_INVALID error.
 *
 * Returns: (transfer full) (nullable): the result
 */
SwValue *
sw_intrinsic_eval_text (const char   *text,
                        SwEvalScope  *scope,
                        GError      **error)
{
  g_autoptr(SwIntrinsic) call = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  call = sw_intrinsic_parse (text, NULL, &local_error);
  if (call == NULL || !sw_intrinsic_check (call, &local_error))
    {
      g_set_error_literal (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID, local_error->message);
      return NULL;
    }
  return sw_intrinsic_eval (call, scope, error);
}
