/* sw-definition.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one way a definition gets from a file to an SwValue, shared by the command line and
 * the application, so both refuse the same inputs with the same diagnostic codes. */

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sw-asl-error.h"
#include "sw-definition.h"
#include "sw-json.h"
#include "sw-yaml.h"

#define READ_CHUNK (64 * 1024)   /* first buffer for standard input */

static gboolean
has_suffix_nocase (const char *path,
                   const char *suffix)
{
  gsize len = strlen (path);
  gsize slen = strlen (suffix);

  return len >= slen && g_ascii_strcasecmp (path + len - slen, suffix) == 0;
}

/**
 * sw_definition_format_for_path:
 * @path: a file name
 *
 * Returns: %SW_DEFINITION_FORMAT_YAML for names ending in `.yaml` or `.yml` (in any case),
 *   otherwise %SW_DEFINITION_FORMAT_JSON
 */
SwDefinitionFormat
sw_definition_format_for_path (const char *path)
{
  g_return_val_if_fail (path != NULL, SW_DEFINITION_FORMAT_JSON);

  if (has_suffix_nocase (path, ".yaml") || has_suffix_nocase (path, ".yml"))
    return SW_DEFINITION_FORMAT_YAML;
  return SW_DEFINITION_FORMAT_JSON;
}

/**
 * sw_definition_format_detect:
 * @path: a file name, `-` for standard input
 * @data: (array length=length): the text read from @path
 * @length: its length in bytes
 *
 * Like sw_definition_format_for_path(), except that standard input, which has no name to
 * go by, is taken as JSON when its first significant character opens an object or an array
 * and as YAML otherwise.
 *
 * Returns: the format to parse @data with
 */
SwDefinitionFormat
sw_definition_format_detect (const char *path,
                             const char *data,
                             gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  g_return_val_if_fail (path != NULL, SW_DEFINITION_FORMAT_JSON);
  g_return_val_if_fail (data != NULL || length == 0, SW_DEFINITION_FORMAT_JSON);

  if (strcmp (path, "-") != 0)
    return sw_definition_format_for_path (path);

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  if (p >= end || *p == '{' || *p == '[')
    return SW_DEFINITION_FORMAT_JSON;
  return SW_DEFINITION_FORMAT_YAML;
}

static void
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Cannot read “%s”: %s"), display, g_strerror (saved_errno));
}

static void
set_too_large_error (GError **error,
                     guint64  size)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, size);

  g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE,
               _("The input is %s bytes; the limit is %u MiB"),
               text, SW_JSON_MAX_SIZE / (1024 * 1024));
}

/* Reads at most SW_JSON_MAX_SIZE + 1 bytes, so an endless or huge stream costs bounded
 * memory; one byte more than the limit is enough to know the input is too large. A regular
 * file is read into a buffer of its size plus one, in one go, without copies. */
static GBytes *
read_fd (int          fd,
         const char  *path,
         gsize        size_hint,
         GError     **error)
{
  const gsize limit = (gsize) SW_JSON_MAX_SIZE + 1;
  gsize capacity = MIN (MAX (size_hint, (gsize) 1), limit) + 1;
  g_autofree char *buffer = g_malloc (capacity);
  gsize length = 0;

  while (length < limit)
    {
      gssize n;

      if (length == capacity)
        {
          capacity = MIN (capacity * 2, limit);
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + length, capacity - length);
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          if (saved_errno == EAGAIN)
            {
              g_usleep (1000);
              continue;
            }
          set_errno_error (error, saved_errno, path);
          return NULL;
        }
      if (n == 0)
        break;
      length += n;
    }

  if (length > SW_JSON_MAX_SIZE)
    {
      /* Only the first bytes past the limit were read: the real size is unknown. */
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE,
                   _("The input is larger than the limit of %u MiB"),
                   SW_JSON_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

/**
 * sw_definition_read_file:
 * @path: a file name, or `-` for standard input
 * @io_error: return location for an error
 *
 * Reads a definition's bytes. Directories, devices, sockets and pipes given by name are
 * refused, and so is a file larger than %SW_JSON_MAX_SIZE (64 MiB) — its size is checked
 * before anything is read, so a huge file costs no memory. Standard input is read up to the
 * same limit.
 *
 * Errors are in the %G_FILE_ERROR domain for failures of the file system, and
 * %SW_ASL_ERROR_TOO_LARGE when the input is larger than the limit.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @io_error set
 */
GBytes *
sw_definition_read_file (const char  *path,
                         GError     **io_error)
{
  GStatBuf st;
  GBytes *bytes;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (io_error == NULL || *io_error == NULL, NULL);

  if (strcmp (path, "-") == 0)
    return read_fd (STDIN_FILENO, _("standard input"), READ_CHUNK, io_error);

  /* stat before open: opening a FIFO would block until someone writes to it. */
  if (g_stat (path, &st) != 0)
    {
      set_errno_error (io_error, errno, path);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (io_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” is a directory, not a file"), display);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (io_error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file"), display);
      return NULL;
    }
  if ((guint64) st.st_size > SW_JSON_MAX_SIZE)
    {
      set_too_large_error (io_error, st.st_size);
      return NULL;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_errno_error (io_error, errno, path);
      return NULL;
    }
  /* The file may have been replaced between stat and open. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (io_error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file"), display);
      close (fd);
      return NULL;
    }

  bytes = read_fd (fd, path, st.st_size, io_error);
  close (fd);
  return bytes;
}

static const char *
code_for_error (const GError       *error,
                SwDefinitionFormat  format)
{
  if (error->domain == SW_ASL_ERROR)
    {
      switch ((SwAslError) error->code)
        {
        case SW_ASL_ERROR_SYNTAX:
          return format == SW_DEFINITION_FORMAT_YAML ? "yaml-syntax" : "json-syntax";
        case SW_ASL_ERROR_ENCODING:
          return "invalid-encoding";
        case SW_ASL_ERROR_DEPTH:
          return "too-deep";
        case SW_ASL_ERROR_TOO_LARGE:
          return "too-large";
        case SW_ASL_ERROR_EMPTY:
          return "empty";
        case SW_ASL_ERROR_INVALID:
        case SW_ASL_ERROR_PATH:
        default:
          break;
        }
    }
  return format == SW_DEFINITION_FORMAT_YAML ? "yaml-syntax" : "json-syntax";
}

/**
 * sw_definition_parse:
 * @data: (array length=length): the text
 * @length: its length in bytes
 * @format: the notation of @data
 * @parse_error: (out) (optional) (transfer full): where to store why @data could not be read
 *
 * Parses a definition. When the text is not a value of @format, a diagnostic tells why and
 * where, with one of the codes `json-syntax`, `yaml-syntax`, `invalid-encoding`, `too-deep`,
 * `too-large` or `empty`. This only reads the text; sw_validate()
 * checks the language.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @parse_error set
 */
SwValue *
sw_definition_parse (const char          *data,
                     gsize                length,
                     SwDefinitionFormat   format,
                     SwDiagnostic       **parse_error)
{
  g_autoptr(GError) error = NULL;
  guint line = 0;
  guint column = 0;
  SwValue *value = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (parse_error == NULL || *parse_error == NULL, NULL);

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;

  if (format == SW_DEFINITION_FORMAT_YAML)
    {
      value = sw_yaml_parse (data ? data : "", length, &line, &column, &error);
    }
  else
    {
      value = sw_json_parse (data ? data : "", length, &line, &column, &error);
    }

  if (value == NULL)
    {
      g_assert (error != NULL);
      if (parse_error)
        *parse_error = sw_diagnostic_new (SW_SEVERITY_ERROR, code_for_error (error, format),
                                          line, column, "", error->message);
    }
  return value;
}

/**
 * sw_definition_load_file:
 * @path: a file name, or `-` for standard input
 * @parse_error: (out) (optional) (transfer full): set when the file was read but does not
 *   hold a document (including a file too large to be read at all)
 * @io_error: return location for an error of the file system
 *
 * Reads and parses a definition, in YAML when @path ends in `.yaml` or `.yml` and in JSON
 * otherwise. On failure exactly one of @parse_error and @io_error is set.
 *
 * Returns: (transfer full) (nullable): the document
 */
SwValue *
sw_definition_load_file (const char    *path,
                         SwDiagnostic **parse_error,
                         GError       **io_error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (parse_error == NULL || *parse_error == NULL, NULL);
  g_return_val_if_fail (io_error == NULL || *io_error == NULL, NULL);

  bytes = sw_definition_read_file (path, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE))
        {
          if (parse_error)
            *parse_error = sw_diagnostic_new (SW_SEVERITY_ERROR, "too-large", 0, 0, "",
                                              error->message);
        }
      else
        {
          g_propagate_error (io_error, g_steal_pointer (&error));
        }
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  return sw_definition_parse (data, length,
                              sw_definition_format_detect (path, data, length), parse_error);
}

/**
 * sw_definition_write:
 * @length: (out) (optional): the length of the result in bytes
 *
 * Writes @definition canonically in @format: sw_json_write() for JSON, sw_yaml_write() for
 * YAML.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set
 */
char *
sw_definition_write (const SwValue       *definition,
                     SwDefinitionFormat   format,
                     gsize               *length,
                     GError             **error)
{
  g_return_val_if_fail (definition != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format == SW_DEFINITION_FORMAT_YAML)
    {
      return sw_yaml_write (definition, length, error);
    }

  return sw_json_write (definition, SW_JSON_WRITE_DEFAULT, length);
}
