/* test-roundtrip.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The canonical writer over the whole corpus: parse → write → parse gives the same tree,
 * writing is deterministic, and the output has the canonical shape. */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-diagnostic.h"
#include "sw-json.h"
#include "sw-validator.h"

static GPtrArray *
corpus_files (void)
{
  const char *source_dir = g_getenv ("SW_SOURCE_DIR");
  const char *dirs[] = { "tests/asl/data/valid", "tests/asl/data/invalid", "data/examples" };
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (source_dir);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (source_dir, dirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".json"))
          g_ptr_array_add (files, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

/* 2-space indentation: no tabs or CRs, every indentation even and at most one level
 * deeper than the line before, a line per member, and one final newline. */
static void
assert_canonical_shape (const char *path,
                        const char *text,
                        gsize       length)
{
  g_auto(GStrv) lines = NULL;
  guint previous = 0;
  guint n;

  g_assert_cmpuint (length, >, 0);
  g_assert_cmpint (text[length - 1], ==, '\n');
  g_assert_true (length < 2 || text[length - 2] != '\n');
  g_assert_null (strchr (text, '\r'));

  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    {
      const char *line = lines[i];
      guint spaces = strspn (line, " ");

      if (spaces % 2 != 0 || line[spaces] == '\t' || line[spaces] == '\0' ||
          (i > 0 && spaces > previous + 2) || (i == 0 && spaces != 0))
        g_error ("%s: line %u is not canonically indented: “%s”", path, i + 1, line);
      previous = spaces;
    }
  g_assert_cmpuint (previous, ==, 0);
}

static void
test_corpus (void)
{
  g_autoptr(GPtrArray) files = corpus_files ();
  guint valid = 0, invalid = 0;

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *text = NULL;
      gsize length;
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) first = NULL;
      g_autoptr(SwValue) second = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *again = NULL;
      gsize canonical_length = 0, again_length = 0;

      g_assert_true (g_file_get_contents (path, &text, &length, &error));
      first = sw_json_parse (text, length, NULL, NULL, &error);
      g_assert_no_error (error);

      canonical = sw_json_write (first, SW_JSON_WRITE_DEFAULT, &canonical_length);
      assert_canonical_shape (path, canonical, canonical_length);

      second = sw_json_parse (canonical, canonical_length, NULL, NULL, &error);
      g_assert_no_error (error);
      if (!sw_value_equal (first, second))
        g_error ("%s: parse → write → parse changed the tree", path);

      again = sw_json_write (second, SW_JSON_WRITE_DEFAULT, &again_length);
      g_assert_cmpuint (again_length, ==, canonical_length);
      g_assert_true (memcmp (again, canonical, canonical_length) == 0);

      if (strstr (path, "/invalid/") != NULL)
        invalid++;
      else
        valid++;
    }

  g_assert_cmpuint (valid, >=, 45);
  g_assert_cmpuint (invalid, >=, 15);
}

/* Formatting never touches number lexemes or escapes that mean something. */
static void
test_lexemes_survive (void)
{
  const char *source_dir = g_getenv ("SW_SOURCE_DIR");
  g_autofree char *path = g_build_filename (source_dir, "tests", "asl", "data", "valid",
                                            "pass-number-lexemes.asl.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autofree char *canonical = NULL;
  const char *lexemes[] = { "12345678901234567890", "-98765432109876543210", "1.0", "1e3",
                            "1E+3", "2.5e-7", "-0", "2.50", "0.0010" };

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  root = sw_json_parse (text, -1, NULL, NULL, NULL);
  g_assert_nonnull (root);
  canonical = sw_json_write (root, SW_JSON_WRITE_DEFAULT, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (lexemes); i++)
    {
      g_autofree char *needle = g_strdup_printf (": %s", lexemes[i]);

      g_assert_nonnull (strstr (canonical, needle));
    }
}

/* The valid corpus has no errors (deprecation warnings are fine), and each invalid file
 * gives exactly the findings its NAME.expect sidecar lists, one `LINE:COL CODE` a line. */
static void
test_corpus_expectations (void)
{
  g_autoptr(GPtrArray) files = corpus_files ();
  guint checked = 0;

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *text = NULL;
      gsize length;
      g_autoptr(SwValue) root = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GString) found = g_string_new (NULL);
      gboolean invalid = strstr (path, "/invalid/") != NULL;

      if (!g_str_has_suffix (path, ".asl.json"))
        continue;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      root = sw_json_parse (text, length, NULL, NULL, NULL);
      g_assert_nonnull (root);
      diagnostics = sw_validate (root);

      for (guint j = 0; j < diagnostics->len; j++)
        {
          const SwDiagnostic *d = g_ptr_array_index (diagnostics, j);

          if (!invalid && d->severity != SW_SEVERITY_ERROR)
            continue;
          g_string_append_printf (found, "%u:%u %s\n", d->line, d->column, d->code);
        }

      if (invalid)
        {
          g_autofree char *stem = g_strndup (path, strlen (path) - strlen (".asl.json"));
          g_autofree char *expect_path = g_strconcat (stem, ".expect", NULL);
          g_autofree char *expected = NULL;

          g_assert_true (g_file_get_contents (expect_path, &expected, NULL, NULL));
          g_assert_nonnull (expected);
          if (strcmp (found->str, expected) != 0)
            g_error ("%s: expected findings\n%sbut got\n%s", path, expected, found->str);
          g_assert_cmpuint (found->len, >, 0);
        }
      else if (found->len > 0)
        g_error ("%s: a valid corpus file has errors:\n%s", path, found->str);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/roundtrip/corpus", test_corpus);
  g_test_add_func ("/asl/roundtrip/lexemes-survive", test_lexemes_survive);
  g_test_add_func ("/asl/roundtrip/corpus-expectations", test_corpus_expectations);

  return g_test_run ();
}
