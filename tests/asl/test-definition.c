/* test-definition.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sw-asl-error.h"
#include "sw-definition.h"
#include "sw-json.h"

static void
test_format_for_path (void)
{
  g_assert_cmpint (sw_definition_format_for_path ("a.asl.json"), ==, SW_DEFINITION_FORMAT_JSON);
  g_assert_cmpint (sw_definition_format_for_path ("a.asl.yaml"), ==, SW_DEFINITION_FORMAT_YAML);
  g_assert_cmpint (sw_definition_format_for_path ("A.YML"), ==, SW_DEFINITION_FORMAT_YAML);
  g_assert_cmpint (sw_definition_format_for_path ("yaml"), ==, SW_DEFINITION_FORMAT_JSON);
  g_assert_cmpint (sw_definition_format_for_path ("a.txt"), ==, SW_DEFINITION_FORMAT_JSON);

  /* Standard input goes by its first significant character. */
  g_assert_cmpint (sw_definition_format_detect ("-", "\xEF\xBB\xBF \n{}", 6), ==,
                   SW_DEFINITION_FORMAT_JSON);
  g_assert_cmpint (sw_definition_format_detect ("-", "  [1]", 5), ==,
                   SW_DEFINITION_FORMAT_JSON);
  g_assert_cmpint (sw_definition_format_detect ("-", "StartAt: A", 10), ==,
                   SW_DEFINITION_FORMAT_YAML);
  g_assert_cmpint (sw_definition_format_detect ("x.json", "StartAt: A", 10), ==,
                   SW_DEFINITION_FORMAT_JSON);
}

static void
test_parse_codes (void)
{
  const struct {
    const char *text;
    gssize length;
    SwDefinitionFormat format;
    const char *code;
    guint line, column;
  } cases[] = {
    { "{\"a\": 1,}", -1, SW_DEFINITION_FORMAT_JSON, "json-syntax", 1, 9 },
    { "\n\n  nope", -1, SW_DEFINITION_FORMAT_JSON, "json-syntax", 3, 3 },
    { "[\"\xC3\x28\"]", -1, SW_DEFINITION_FORMAT_JSON, "invalid-encoding", 1, 3 },
    { "   ", -1, SW_DEFINITION_FORMAT_JSON, "empty", 1, 4 },
    { "a: [1, 2", -1, SW_DEFINITION_FORMAT_YAML, "yaml-syntax", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwDiagnostic) diagnostic = NULL;
      g_autoptr(SwValue) value = NULL;
      gsize length = cases[i].length < 0 ? strlen (cases[i].text) : (gsize) cases[i].length;

      value = sw_definition_parse (cases[i].text, length, cases[i].format, &diagnostic);
      g_assert_null (value);
      g_assert_nonnull (diagnostic);
      g_assert_cmpint (diagnostic->severity, ==, SW_SEVERITY_ERROR);
      g_assert_cmpstr (diagnostic->code, ==, cases[i].code);
      g_assert_cmpstr (diagnostic->pointer, ==, "");
      if (cases[i].line != 0)
        {
          g_assert_cmpuint (diagnostic->line, ==, cases[i].line);
          g_assert_cmpuint (diagnostic->column, ==, cases[i].column);
        }
      else
        {
          g_assert_cmpuint (diagnostic->line, >=, 1);
        }
    }
}

static void
test_parse_depth (void)
{
  g_autoptr(SwDiagnostic) diagnostic = NULL;
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autoptr(SwValue) value = sw_definition_parse (deep, 100000, SW_DEFINITION_FORMAT_JSON,
                                                  &diagnostic);

  g_assert_null (value);
  g_assert_cmpstr (diagnostic->code, ==, "too-deep");
  g_assert_cmpuint (diagnostic->column, ==, SW_JSON_MAX_DEPTH + 1);
}

static void
test_parse_and_write_yaml (void)
{
  const char *yaml = "StartAt: A\nStates:\n  A:\n    Type: Succeed\n";
  g_autoptr(SwDiagnostic) diagnostic = NULL;
  g_autoptr(SwValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  value = sw_definition_parse (yaml, strlen (yaml), SW_DEFINITION_FORMAT_YAML, &diagnostic);
  g_assert_null (diagnostic);
  g_assert_nonnull (value);
  g_assert_cmpuint (sw_value_object_get_key_line (value, 1), ==, 2);

  json = sw_definition_write (value, SW_DEFINITION_FORMAT_JSON, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==,
                   "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n"
                   "      \"Type\": \"Succeed\"\n    }\n  }\n}\n");
  again = sw_definition_write (value, SW_DEFINITION_FORMAT_YAML, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, yaml);
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-definition-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_load_file (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *json = g_build_filename (dir, "m.asl.json", NULL);
  g_autofree char *yaml = g_build_filename (dir, "m.asl.yml", NULL);
  g_autoptr(SwDiagnostic) diagnostic = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) from_json = NULL;
  g_autoptr(SwValue) from_yaml = NULL;

  g_assert_true (g_file_set_contents (json, "{\"StartAt\": \"A\"}", -1, NULL));
  g_assert_true (g_file_set_contents (yaml, "StartAt: A\n", -1, NULL));

  from_json = sw_definition_load_file (json, &diagnostic, &error);
  g_assert_no_error (error);
  g_assert_null (diagnostic);
  from_yaml = sw_definition_load_file (yaml, &diagnostic, &error);
  g_assert_no_error (error);
  g_assert_null (diagnostic);
  g_assert_true (sw_value_equal (from_json, from_yaml));

  g_unlink (json);
  g_unlink (yaml);
  g_rmdir (dir);
}

static void
test_load_refusals (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  int fd;

  {
    g_autoptr(SwDiagnostic) diagnostic = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_null (sw_definition_load_file (dir, &diagnostic, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
    g_assert_null (diagnostic);
  }
  {
    g_autoptr(SwDiagnostic) diagnostic = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_null (sw_definition_load_file (missing, &diagnostic, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_null (diagnostic);
  }
  {
    g_autoptr(SwDiagnostic) diagnostic = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_null (sw_definition_load_file ("/dev/zero", &diagnostic, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  }
  {
    g_autoptr(SwDiagnostic) diagnostic = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;

    /* One byte over the limit, sparse: refused by its size, before any reading. */
    fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (off_t) SW_JSON_MAX_SIZE + 1), ==, 0);
    close (fd);

    g_assert_null (sw_definition_load_file (huge, &diagnostic, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (diagnostic->code, ==, "too-large");

    bytes = sw_definition_read_file (huge, &error);
    g_assert_null (bytes);
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE);
    g_unlink (huge);
  }
  {
    g_autoptr(SwDiagnostic) diagnostic = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    g_assert_null (sw_definition_load_file (empty, &diagnostic, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (diagnostic->code, ==, "empty");
    g_unlink (empty);
  }

  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/definition/format-for-path", test_format_for_path);
  g_test_add_func ("/asl/definition/parse-codes", test_parse_codes);
  g_test_add_func ("/asl/definition/parse-depth", test_parse_depth);
  g_test_add_func ("/asl/definition/yaml", test_parse_and_write_yaml);
  g_test_add_func ("/asl/definition/load-file", test_load_file);
  g_test_add_func ("/asl/definition/load-refusals", test_load_refusals);

  return g_test_run ();
}
