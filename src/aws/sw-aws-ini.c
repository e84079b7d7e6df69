/* sw-aws-ini.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The shared `config` and `credentials` files, read as the SDKs' shared-configuration
 * specification describes them:
 *
 *   - `[default]`, `[profile NAME]`, `[services NAME]`, `[sso-session NAME]` in config;
 *     `[NAME]` in credentials; other sections are skipped;
 *   - `key = value`, keys case-insensitive; `#` and `;` start a comment at the start of a
 *     line, or inside a value when white space precedes them;
 *   - an indented line continues the value above it, or, under a key with an empty value,
 *     is a sub-property `key = value` (`s3 =` / `  max_concurrent_requests = 10`);
 *   - sections and keys may repeat: the last value wins.
 *
 * This is outside input: the parser refuses NUL bytes, invalid UTF-8 and oversized files,
 * and says where it stopped. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-aws-ini-private.h"

typedef struct
{
  char *value;
  GHashTable *sub; /* key → value, or NULL */
} Property;

typedef struct
{
  GHashTable *properties; /* key → Property */
} Section;

struct _SwAwsIni
{
  GHashTable *sections[3]; /* name → Section, per SwAwsIniSection */
};

static void
property_free (Property *property)
{
  g_free (property->value);
  g_clear_pointer (&property->sub, g_hash_table_unref);
  g_free (property);
}

static void
section_free (Section *section)
{
  g_hash_table_unref (section->properties);
  g_free (section);
}

void
_sw_aws_ini_free (SwAwsIni *ini)
{
  if (ini == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (ini->sections); i++)
    g_hash_table_unref (ini->sections[i]);
  g_free (ini);
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* A value's comment starts at `#` or `;` after white space. */
static void
strip_value_comment (char *value)
{
  for (char *p = value; *p != '\0'; p++)
    if ((*p == '#' || *p == ';') && p > value && is_blank (p[-1]))
      {
        *p = '\0';
        break;
      }
  g_strstrip (value);
}

static gboolean
parse_error (GError    **error,
             const char *filename,
             guint       line,
             const char *message)
{
  g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG, "%s:%u: %s", filename, line, message);
  return FALSE;
}

static gboolean
valid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (is_blank (*p) || *p == '[' || *p == ']')
      return FALSE;
  return TRUE;
}

/* Splits `PREFIX NAME`: returns NAME when @text starts with @prefix and blanks. */
static const char *
after_prefix (const char *text,
              const char *prefix)
{
  gsize length = strlen (prefix);

  if (strncmp (text, prefix, length) != 0 || !is_blank (text[length]))
    return NULL;
  text += length;
  while (is_blank (*text))
    text++;
  return text;
}

static Section *
get_section (SwAwsIni        *ini,
             SwAwsIniSection  kind,
             const char      *name)
{
  Section *section = g_hash_table_lookup (ini->sections[kind], name);

  if (section == NULL)
    {
      section = g_new0 (Section, 1);
      section->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) property_free);
      g_hash_table_insert (ini->sections[kind], g_strdup (name), section);
    }
  return section;
}

/* Reads a section header line; sets *section to NULL for a section this file skips. */
static gboolean
parse_header (SwAwsIni      *ini,
              SwAwsIniKind   kind,
              char          *line,
              const char    *filename,
              guint          line_number,
              Section      **section,
              GError       **error)
{
  char *close = strchr (line, ']');
  char *rest;
  const char *name;
  char *inside;

  if (close == NULL)
    return parse_error (error, filename, line_number, _("Section header is not closed by “]”"));
  rest = close + 1;
  while (is_blank (*rest))
    rest++;
  if (*rest != '\0' && *rest != '#' && *rest != ';')
    return parse_error (error, filename, line_number, _("Unexpected text after “]”"));

  *close = '\0';
  inside = g_strstrip (line + 1);
  if (*inside == '\0')
    return parse_error (error, filename, line_number, _("Empty section name"));

  *section = NULL;
  if (kind == SW_AWS_INI_CREDENTIALS)
    {
      if (valid_name (inside))
        *section = get_section (ini, SW_AWS_INI_SECTION_PROFILE, inside);
      else
        g_debug ("%s:%u: skipping section [%s]", filename, line_number, inside);
      return TRUE;
    }

  if (strcmp (inside, "default") == 0)
    *section = get_section (ini, SW_AWS_INI_SECTION_PROFILE, "default");
  else if ((name = after_prefix (inside, "profile")) != NULL && valid_name (name))
    *section = get_section (ini, SW_AWS_INI_SECTION_PROFILE, name);
  else if ((name = after_prefix (inside, "services")) != NULL && valid_name (name))
    *section = get_section (ini, SW_AWS_INI_SECTION_SERVICES, name);
  else if ((name = after_prefix (inside, "sso-session")) != NULL && valid_name (name))
    *section = get_section (ini, SW_AWS_INI_SECTION_SSO_SESSION, name);
  else
    g_debug ("%s:%u: skipping section [%s]", filename, line_number, inside);
  return TRUE;
}

/* Splits `key = value` in place; the key comes back in lower case. */
static gboolean
split_property (char        *line,
                const char  *filename,
                guint        line_number,
                char       **key,
                char       **value,
                GError     **error)
{
  char *eq = strchr (line, '=');

  if (eq == NULL)
    return parse_error (error, filename, line_number, _("Expected “key = value”"));
  *eq = '\0';
  *key = g_strstrip (line);
  if (**key == '\0')
    return parse_error (error, filename, line_number, _("Property without a name"));
  for (char *p = *key; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);
  *value = eq + 1;
  strip_value_comment (*value);
  return TRUE;
}

/**
 * _sw_aws_ini_parse:
 * @data: the file's contents
 * @length: their length in bytes
 * @kind: whether it is a config or a credentials file
 * @filename: the name errors mention
 *
 * Returns: (transfer full) (nullable): the sections, or %NULL with %SW_AWS_ERROR_CONFIG
 */
SwAwsIni *
_sw_aws_ini_parse (const char    *data,
                   gsize          length,
                   SwAwsIniKind   kind,
                   const char    *filename,
                   GError       **error)
{
  g_autoptr(SwAwsIni) ini = NULL;
  g_autofree char *copy = NULL;
  Section *section = NULL;
  Property *property = NULL;
  gboolean in_section = FALSE;
  guint line_number = 0;
  char *line, *next;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  if (length > SW_AWS_INI_MAX_SIZE)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG,
                   _("%s: the file is larger than %u MiB"), filename,
                   SW_AWS_INI_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG,
                   _("%s: the file holds a NUL byte"), filename);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG,
                   _("%s: the file is not valid UTF-8"), filename);
      return NULL;
    }

  ini = g_new0 (SwAwsIni, 1);
  for (guint i = 0; i < G_N_ELEMENTS (ini->sections); i++)
    ini->sections[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) section_free);

  copy = g_strndup (data, length);
  for (line = copy; line != NULL; line = next)
    {
      char *key, *value, *trimmed;
      gsize line_length;

      line_number++;
      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      line_length = strlen (line);
      if (line_length > 0 && line[line_length - 1] == '\r')
        line[--line_length] = '\0';

      trimmed = line;
      while (is_blank (*trimmed))
        trimmed++;
      if (*trimmed == '\0' || *trimmed == '#' || *trimmed == ';')
        continue;

      if (*trimmed == '[' && (trimmed == line || property == NULL))
        {
          if (!parse_header (ini, kind, trimmed, filename, line_number, &section, error))
            return NULL;
          in_section = TRUE;
          property = NULL;
          continue;
        }

      if (!in_section)
        {
          parse_error (error, filename, line_number,
                       _("Expected a section such as “[default]” before the first property"));
          return NULL;
        }
      if (section == NULL)
        continue; /* a skipped section */

      if (trimmed != line && property != NULL)
        {
          if (*property->value == '\0' || property->sub != NULL)
            {
              /* A sub-property of the key above. */
              if (!split_property (trimmed, filename, line_number, &key, &value, error))
                return NULL;
              if (property->sub == NULL)
                property->sub = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free, g_free);
              g_hash_table_insert (property->sub, g_strdup (key), g_strdup (value));
            }
          else
            {
              char *joined;

              g_strstrip (trimmed);
              joined = g_strconcat (property->value, "\n", trimmed, NULL);
              g_free (property->value);
              property->value = joined;
            }
          continue;
        }

      if (!split_property (trimmed, filename, line_number, &key, &value, error))
        return NULL;
      property = g_new0 (Property, 1);
      property->value = g_strdup (value);
      g_hash_table_replace (section->properties, g_strdup (key), property);
    }

  return g_steal_pointer (&ini);
}

static const Property *
lookup_property (const SwAwsIni  *ini,
                 SwAwsIniSection  kind,
                 const char      *name,
                 const char      *key)
{
  const Section *section;

  g_return_val_if_fail (ini != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  section = g_hash_table_lookup (ini->sections[kind], name);
  if (section == NULL)
    return NULL;
  return g_hash_table_lookup (section->properties, key);
}

gboolean
_sw_aws_ini_has_section (const SwAwsIni  *ini,
                         SwAwsIniSection  kind,
                         const char      *name)
{
  g_return_val_if_fail (ini != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (ini->sections[kind], name);
}

/**
 * _sw_aws_ini_get:
 * @key: a key in lower case
 *
 * Returns: (nullable): the value of @key in the section, %NULL if not set
 */
const char *
_sw_aws_ini_get (const SwAwsIni  *ini,
                 SwAwsIniSection  kind,
                 const char      *name,
                 const char      *key)
{
  const Property *property = lookup_property (ini, kind, name, key);

  return property != NULL ? property->value : NULL;
}

/**
 * _sw_aws_ini_get_sub:
 *
 * Returns: (nullable): the value of the sub-property @sub_key under @key
 */
const char *
_sw_aws_ini_get_sub (const SwAwsIni  *ini,
                     SwAwsIniSection  kind,
                     const char      *name,
                     const char      *key,
                     const char      *sub_key)
{
  const Property *property = lookup_property (ini, kind, name, key);

  g_return_val_if_fail (sub_key != NULL, NULL);

  if (property == NULL || property->sub == NULL)
    return NULL;
  return g_hash_table_lookup (property->sub, sub_key);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GStrv
sorted_keys (GHashTable *table)
{
  guint length = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (table, &length);
  GStrv result = g_new0 (char *, length + 1);

  for (guint i = 0; i < length; i++)
    result[i] = g_strdup (keys[i]);
  qsort (result, length, sizeof (char *), compare_strings);
  return result;
}

/**
 * _sw_aws_ini_list_sections:
 *
 * Returns: (transfer full): the names of the sections of a kind, sorted
 */
GStrv
_sw_aws_ini_list_sections (const SwAwsIni  *ini,
                           SwAwsIniSection  kind)
{
  g_return_val_if_fail (ini != NULL, NULL);

  return sorted_keys (ini->sections[kind]);
}

/**
 * _sw_aws_ini_list_keys:
 *
 * Returns: (transfer full): the keys of a section, sorted; empty if there is no section
 */
GStrv
_sw_aws_ini_list_keys (const SwAwsIni  *ini,
                       SwAwsIniSection  kind,
                       const char      *name)
{
  const Section *section;

  g_return_val_if_fail (ini != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  section = g_hash_table_lookup (ini->sections[kind], name);
  if (section == NULL)
    return g_new0 (char *, 1);
  return sorted_keys (section->properties);
}
