/* sw-sagemaker-validate.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Request validation with the service's words: "2 validation errors detected: Value 'x' at
 * 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression
 * pattern: …; Value null at 'roleArn' failed to satisfy constraint: Member must not be null".
 * Paths name members in camelCase, list items as `inputDataConfig.1.member.channelName`. */

#include <string.h>

#include "sw-json.h"
#include "sw-sagemaker-private.h"

void
_sw_check_init (SwCheck *check)
{
  check->messages = g_ptr_array_new_with_free_func (g_free);
}

gboolean
_sw_check_finish (SwCheck  *check,
                  GError  **error)
{
  g_autoptr(GPtrArray) messages = g_steal_pointer (&check->messages);
  g_autoptr(GString) text = NULL;

  if (messages->len == 0)
    return TRUE;
  text = g_string_new (NULL);
  if (messages->len == 1)
    g_string_append (text, "1 validation error detected: ");
  else
    g_string_append_printf (text, "%u validation errors detected: ", messages->len);
  for (guint i = 0; i < messages->len; i++)
    {
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, g_ptr_array_index (messages, i));
    }
  g_set_error_literal (error, SW_SAGEMAKER_ERROR, SW_SAGEMAKER_ERROR_VALIDATION, text->str);
  return FALSE;
}

static char *
value_text (SwValue *value)
{
  if (value == NULL || sw_value_is_null (value))
    return g_strdup ("null");
  if (sw_value_is_string (value))
    return g_strdup_printf ("'%s'", sw_value_get_string (value));
  if (sw_value_is_object (value))
    {
      /* Java's map notation, as the service prints maps: {epochs=2, lr=0.1} */
      GString *out = g_string_new ("'{");

      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          g_autofree char *item = NULL;
          SwValue *member = sw_value_object_get_value (value, i);

          if (sw_value_is_string (member))
            item = g_strdup (sw_value_get_string (member));
          else
            item = sw_json_write (member, SW_JSON_WRITE_COMPACT, NULL);
          g_strchomp (item);
          g_string_append_printf (out, "%s%s=%s", i > 0 ? ", " : "",
                                  sw_value_object_get_key (value, i), item);
        }
      g_string_append (out, "}'");
      return g_string_free (out, FALSE);
    }
  {
    g_autofree char *json = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

    g_strchomp (json);
    return g_strdup_printf ("'%s'", json);
  }
}

void
_sw_check_add (SwCheck    *check,
               SwValue    *value,
               const char *path,
               const char *constraint)
{
  g_autofree char *text = value_text (value);

  g_ptr_array_add (check->messages,
                   g_strdup_printf ("Value %s at '%s' failed to satisfy constraint: %s", text,
                                    path, constraint));
}

static SwValue *
member (SwValue    *object,
        const char *key)
{
  SwValue *value;

  if (object == NULL || !sw_value_is_object (object))
    return NULL;
  value = sw_value_object_get (object, key);
  return value != NULL && !sw_value_is_null (value) ? value : NULL;
}

static gboolean
matches (const char *pattern,
         const char *text)
{
  g_autofree char *anchored = NULL;
  g_autoptr(GRegex) regex = NULL;

  anchored = g_str_has_suffix (pattern, "$") ? g_strdup (pattern)
                                             : g_strconcat (pattern, "$", NULL);
  regex = g_regex_new (anchored, G_REGEX_DOLLAR_ENDONLY, 0, NULL);
  g_assert (regex != NULL);
  return g_regex_match (regex, text, 0, NULL);
}

const char *
_sw_check_string (SwCheck    *check,
                  SwValue    *object,
                  const char *key,
                  const char *path,
                  gboolean    required,
                  const char *pattern,
                  guint       max_length)
{
  SwValue *value = member (object, key);
  const char *text;

  if (value == NULL)
    {
      if (required)
        _sw_check_add (check, NULL, path, "Member must not be null");
      return NULL;
    }
  if (!sw_value_is_string (value))
    {
      _sw_check_add (check, value, path, "Member must be a string");
      return NULL;
    }
  text = sw_value_get_string (value);
  if (max_length > 0 && g_utf8_strlen (text, -1) > max_length)
    {
      g_autofree char *constraint =
        g_strdup_printf ("Member must have length less than or equal to %u", max_length);

      _sw_check_add (check, value, path, constraint);
      return NULL;
    }
  if (pattern != NULL && !matches (pattern, text))
    {
      g_autofree char *constraint =
        g_strdup_printf ("Member must satisfy regular expression pattern: %s", pattern);

      _sw_check_add (check, value, path, constraint);
      return NULL;
    }
  return text;
}

SwValue *
_sw_check_object (SwCheck    *check,
                  SwValue    *object,
                  const char *key,
                  const char *path,
                  gboolean    required)
{
  SwValue *value = member (object, key);

  if (value == NULL)
    {
      if (required)
        _sw_check_add (check, NULL, path, "Member must not be null");
      return NULL;
    }
  if (!sw_value_is_object (value))
    {
      _sw_check_add (check, value, path, "Member must be a structure");
      return NULL;
    }
  return value;
}

SwValue *
_sw_check_array (SwCheck    *check,
                 SwValue    *object,
                 const char *key,
                 const char *path,
                 gboolean    required,
                 guint       min_length,
                 guint       max_length)
{
  SwValue *value = member (object, key);
  guint n;

  if (value == NULL)
    {
      if (required)
        _sw_check_add (check, NULL, path, "Member must not be null");
      return NULL;
    }
  if (!sw_value_is_array (value))
    {
      _sw_check_add (check, value, path, "Member must be a list");
      return NULL;
    }
  n = sw_value_array_get_length (value);
  if (n < min_length)
    {
      g_autofree char *constraint =
        g_strdup_printf ("Member must have length greater than or equal to %u", min_length);

      _sw_check_add (check, value, path, constraint);
      return NULL;
    }
  if (max_length > 0 && n > max_length)
    {
      g_autofree char *constraint =
        g_strdup_printf ("Member must have length less than or equal to %u", max_length);

      _sw_check_add (check, value, path, constraint);
      return NULL;
    }
  return value;
}

gboolean
_sw_check_int (SwCheck    *check,
               SwValue    *object,
               const char *key,
               const char *path,
               gboolean    required,
               gint64      min,
               gint64      max,
               gint64     *out)
{
  SwValue *value = member (object, key);
  gint64 n;

  if (value == NULL)
    {
      if (required)
        _sw_check_add (check, NULL, path, "Member must not be null");
      return FALSE;
    }
  if (!sw_value_is_number (value) || !sw_value_get_int64 (value, &n))
    {
      _sw_check_add (check, value, path, "Member must be an integer");
      return FALSE;
    }
  if (n < min)
    {
      g_autofree char *constraint =
        g_strdup_printf ("Member must have value greater than or equal to %" G_GINT64_FORMAT,
                         min);

      _sw_check_add (check, value, path, constraint);
      return FALSE;
    }
  if (n > max)
    {
      g_autofree char *constraint =
        g_strdup_printf ("Member must have value less than or equal to %" G_GINT64_FORMAT, max);

      _sw_check_add (check, value, path, constraint);
      return FALSE;
    }
  if (out != NULL)
    *out = n;
  return TRUE;
}

const char *
_sw_check_enum (SwCheck     *check,
                SwValue     *object,
                const char  *key,
                const char  *path,
                gboolean     required,
                const char **values)
{
  const char *text = _sw_check_string (check, object, key, path, required, NULL, 0);
  g_autoptr(GString) set = NULL;

  if (text == NULL)
    return NULL;
  for (guint i = 0; values[i] != NULL; i++)
    if (strcmp (values[i], text) == 0)
      return text;
  set = g_string_new ("Member must satisfy enum value set: [");
  for (guint i = 0; values[i] != NULL; i++)
    g_string_append_printf (set, "%s%s", i > 0 ? ", " : "", values[i]);
  g_string_append (set, "]");
  _sw_check_add (check, sw_value_object_get (object, key), path, set->str);
  return NULL;
}
