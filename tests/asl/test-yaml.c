/* test-yaml.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-yaml.h"

/* Every corpus definition (*.asl.json) in tests/asl/data/valid, tests/asl/data/invalid and
 * data/examples. */
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
        if (g_str_has_suffix (name, ".asl.json"))
          g_ptr_array_add (files, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

static SwValue *
load_json (const char *path)
{
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  SwValue *value;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  value = sw_json_parse (text, length, NULL, NULL, &error);
  g_assert_no_error (error);
  return value;
}

static SwValue *
parse_yaml (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_yaml_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

static SwValue *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static char *
write_yaml (const SwValue *value)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *text = sw_yaml_write (value, &length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, length);
  return text;
}

/* Every corpus file survives JSON → YAML → tree, and writing YAML is idempotent. */
static void
test_corpus_roundtrip (void)
{
  g_autoptr(GPtrArray) files = corpus_files ();

  g_assert_cmpuint (files->len, >=, 60);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(SwValue) json = load_json (path);
      g_autofree char *yaml = write_yaml (json);
      g_autoptr(GError) error = NULL;
      guint line = 0, column = 0;
      g_autoptr(SwValue) back = sw_yaml_parse (yaml, -1, &line, &column, &error);
      g_autofree char *again = NULL;

      if (error != NULL)
        g_error ("%s: the YAML we wrote does not read back (%u:%u: %s):\n%s",
                 path, line, column, error->message, yaml);
      if (!sw_value_equal (json, back))
        g_error ("%s: JSON → YAML → tree differs; YAML was:\n%s", path, yaml);
      again = write_yaml (back);
      g_assert_cmpstr (again, ==, yaml);
      g_assert_true (g_str_has_suffix (yaml, "\n"));
    }
}

/* PyYAML (a YAML 1.1 reader) must see in our YAML exactly what json.load sees in the JSON. */
static const char pyyaml_check[] =
  "import json, sys, yaml\n"
  "bad = 0\n"
  "args = sys.argv[1:]\n"
  "for json_path, yaml_path in zip(args[0::2], args[1::2]):\n"
  "    with open(json_path, encoding='utf-8') as f:\n"
  "        expected = json.load(f)\n"
  "    with open(yaml_path, encoding='utf-8') as f:\n"
  "        got = yaml.safe_load(f)\n"
  "    if expected != got or json.dumps(expected, sort_keys=True) != "
  "json.dumps(got, sort_keys=True):\n"
  "        print('MISMATCH', json_path)\n"
  "        bad += 1\n"
  "print('checked', len(args) // 2)\n"
  "sys.exit(1 if bad else 0)\n";

static gboolean
python_has_yaml (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import yaml", NULL };
  int status = 0;

  if (!g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_pyyaml_reads_same_data (void)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!python_has_yaml ())
    {
      g_test_skip ("/usr/bin/python3 with the yaml module (python3-yaml) is not installed");
      return;
    }

  files = corpus_files ();
  tmpdir = g_dir_make_tmp ("sw-yaml-XXXXXX", &error);
  g_assert_no_error (error);

  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (pyyaml_check));
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(SwValue) json = load_json (path);
      g_autofree char *yaml = write_yaml (json);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = g_strdup_printf ("%03u-%s.yaml", i, base);
      char *yaml_path = g_build_filename (tmpdir, name, NULL);

      g_assert_true (g_file_set_contents (yaml_path, yaml, -1, &error));
      g_assert_no_error (error);
      g_ptr_array_add (argv, g_strdup (path));
      g_ptr_array_add (argv, yaml_path);
    }
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("PyYAML disagrees:\n%s%s", out, err);
  g_assert_true (g_str_has_prefix (out, "checked "));
  g_assert_cmpuint (g_ascii_strtoull (out + strlen ("checked "), NULL, 10), ==, files->len);

  for (guint i = 3; i + 1 < argv->len; i += 2)
    g_assert_cmpint (g_remove (g_ptr_array_index (argv, i + 1)), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

/* A YAML snippet and the JSON it must equal. */
typedef struct
{
  const char *yaml;
  const char *json;
} Equivalence;

static void
test_scalars (void)
{
  static const Equivalence cases[] = {
    /* Core schema nulls and booleans */
    { "[~, null, Null, NULL, true, True, TRUE, false, False, FALSE]",
      "[null, null, null, null, true, true, true, false, false, false]" },
    { "a:\nb: ''\n", "{\"a\": null, \"b\": \"\"}" },
    /* YAML 1.1 words are strings in 1.2 */
    { "[yes, no, on, off, y, n, Yes]", "[\"yes\", \"no\", \"on\", \"off\", \"y\", \"n\", \"Yes\"]" },
    /* Numbers that are JSON lexemes stay exactly as written */
    { "[0, -0, 1.0, 2.50, 1e3, 1E+3, 2.5e-7, 12345678901234567890]",
      "[0, -0, 1.0, 2.50, 1e3, 1E+3, 2.5e-7, 12345678901234567890]" },
    /* Others are normalised to the JSON lexeme of the same number */
    { "[+1, 007, -007, .5, -.5, 1., 1.e3, +0.5e-2, 0x1F, 0o17, 0xffffffffffffffff]",
      "[1, 7, -7, 0.5, -0.5, 1.0, 1.0e3, 0.5e-2, 31, 15, 18446744073709551615]" },
    /* Not core schema numbers: strings */
    { "[1_000, 0b101, '1:30', 1:30, -0x1F, 0x, 12abc, 1.2.3, -, +, ., e3]",
      "[\"1_000\", \"0b101\", \"1:30\", \"1:30\", \"-0x1F\", \"0x\", \"12abc\", \"1.2.3\", "
      "\"-\", \"+\", \".\", \"e3\"]" },
    /* Quoted scalars are strings */
    { "['true', \"null\", '1.0', \"\", '~', \"0x1F\"]",
      "[\"true\", \"null\", \"1.0\", \"\", \"~\", \"0x1F\"]" },
    /* Explicit tags */
    { "[!!str 1, !!str true, !!int \"12\", !!float 1, !!float '1e3', !!bool 'false', "
      "!!null '', ! 12, !!float 0x10]",
      "[\"1\", \"true\", 12, 1, 1e3, false, null, \"12\", 16]" },
    /* Escapes */
    { "\"a\\tb\\n\\u00e9\\x41\\0\\/\\\"\\\\\\N\\L\\P\\_\"",
      "\"a\\tb\\né\\u0041\\u0000/\\\"\\\\\\u0085\\u2028\\u2029\\u00a0\"" },
    /* Block scalars */
    { "a: |\n  line 1\n  line 2\nb: >-\n  folded\n  text\n",
      "{\"a\": \"line 1\\nline 2\\n\", \"b\": \"folded text\"}" },
    /* Keys are the text of their scalar */
    { "{1: a, true: b, null: c, ~: d, 'q': e, 1.50: f}",
      "{\"1\": \"a\", \"true\": \"b\", \"null\": \"c\", \"~\": \"d\", \"q\": \"e\", "
      "\"1.50\": \"f\"}" },
    /* Flow and block collections, empty ones */
    { "a: []\nb: {}\nc:\n- 1\n- [2, {d: 3}]\n", "{\"a\": [], \"b\": {}, \"c\": [1, [2, {\"d\": 3}]]}" },
    /* Anchors and aliases are expanded */
    { "retry: &retry\n  ErrorEquals: [States.ALL]\n  MaxAttempts: 2\nA: *retry\nB: [*retry]\n",
      "{\"retry\": {\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 2}, "
      "\"A\": {\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 2}, "
      "\"B\": [{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 2}]}" },
    { "&k key: 1\n*k : 2\n", "{\"key\": 1, \"key\": 2}" },
    /* CloudFormation short forms */
    { "[!Ref Bucket, !GetAtt Role.Arn, !Sub '${AWS::Region}', !Join ['', [a, b]], "
      "!GetAtt [Fn, Arn]]",
      "[{\"Ref\": \"Bucket\"}, {\"Fn::GetAtt\": [\"Role\", \"Arn\"]}, "
      "{\"Fn::Sub\": \"${AWS::Region}\"}, {\"Fn::Join\": [\"\", [\"a\", \"b\"]]}, "
      "{\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}]" },
    /* A document marker, comments, a scalar document */
    { "--- # start\nplain text # comment\n...\n", "\"plain text\"" },
    { "---\n", "null" },
    /* A byte order mark and CRLF line ends */
    { "\xEF\xBB\xBF" "a: 1\r\nb: 2\r\n", "{\"a\": 1, \"b\": 2}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) yaml = sw_yaml_parse (cases[i].yaml, -1, NULL, NULL, &error);
      g_autoptr(SwValue) json = parse_json (cases[i].json);

      if (error != NULL)
        g_error ("case %u: %s\n  does not parse: %s", i, cases[i].yaml, error->message);
      if (!sw_value_equal (yaml, json))
        {
          g_autofree char *got = sw_json_write (yaml, SW_JSON_WRITE_COMPACT, NULL);

          g_error ("case %u: %s\n  gives %s\n  expected %s", i, cases[i].yaml, got,
                   cases[i].json);
        }
    }
}

static void
test_positions (void)
{
  const char *text =
    "# A comment\n"
    "StartAt: Première\n"
    "States:\n"
    "  Première:\n"
    "    Type: Pass\n"
    "    Result: [1, \"two\", {k: v}]\n"
    "    Retry:\n"
    "      - ErrorEquals:\n"
    "          - States.ALL\n"
    "        IntervalSeconds: 3\n"
    "    End: true\n"
    "Shared: &s {a: 1}\n"
    "Copy: *s\n";
  g_autoptr(SwValue) root = parse_yaml (text);
  SwValue *states, *state, *result, *retry, *retrier, *errors, *copy;

  g_assert_cmpuint (sw_value_get_line (root), ==, 2);
  g_assert_cmpuint (sw_value_get_column (root), ==, 1);
  g_assert_cmpstr (sw_value_object_get_key (root, 0), ==, "StartAt");
  g_assert_cmpuint (sw_value_object_get_key_line (root, 0), ==, 2);
  g_assert_cmpuint (sw_value_object_get_key_column (root, 0), ==, 1);
  g_assert_cmpuint (sw_value_get_line (sw_value_object_get (root, "StartAt")), ==, 2);
  g_assert_cmpuint (sw_value_get_column (sw_value_object_get (root, "StartAt")), ==, 10);

  states = sw_value_object_get (root, "States");
  g_assert_cmpuint (sw_value_get_line (states), ==, 4);
  g_assert_cmpuint (sw_value_get_column (states), ==, 3);
  g_assert_cmpuint (sw_value_object_get_key_line (states, 0), ==, 4);
  g_assert_cmpuint (sw_value_object_get_key_column (states, 0), ==, 3);

  state = sw_value_object_get (states, "Première");
  g_assert_nonnull (state);
  /* Columns count characters: "Type" is at 5, its value at 11. */
  g_assert_cmpuint (sw_value_object_get_key_column (state, 0), ==, 5);
  g_assert_cmpuint (sw_value_get_column (sw_value_object_get (state, "Type")), ==, 11);

  result = sw_value_object_get (state, "Result");
  g_assert_cmpuint (sw_value_get_line (result), ==, 6);
  g_assert_cmpuint (sw_value_get_column (result), ==, 13);
  g_assert_cmpuint (sw_value_get_column (sw_value_array_get (result, 0)), ==, 14);
  g_assert_cmpuint (sw_value_get_column (sw_value_array_get (result, 1)), ==, 17);
  g_assert_cmpuint (sw_value_get_column (sw_value_array_get (result, 2)), ==, 24);
  g_assert_cmpuint (sw_value_object_get_key_column (sw_value_array_get (result, 2), 0), ==, 25);

  retry = sw_value_object_get (state, "Retry");
  g_assert_cmpuint (sw_value_get_line (retry), ==, 8);
  g_assert_cmpuint (sw_value_get_column (retry), ==, 7);
  retrier = sw_value_array_get (retry, 0);
  g_assert_cmpuint (sw_value_get_line (retrier), ==, 8);
  g_assert_cmpuint (sw_value_get_column (retrier), ==, 9);
  g_assert_cmpuint (sw_value_object_get_key_line (retrier, 1), ==, 10);
  g_assert_cmpuint (sw_value_object_get_key_column (retrier, 1), ==, 9);
  errors = sw_value_object_get (retrier, "ErrorEquals");
  g_assert_cmpuint (sw_value_get_line (sw_value_array_get (errors, 0)), ==, 9);
  g_assert_cmpuint (sw_value_get_column (sw_value_array_get (errors, 0)), ==, 13);
  g_assert_cmpuint (sw_value_get_line (sw_value_object_get (state, "End")), ==, 11);

  /* An alias is placed where it is used; what it copies keeps the anchor's positions. */
  copy = sw_value_object_get (root, "Copy");
  g_assert_cmpuint (sw_value_get_line (copy), ==, 13);
  g_assert_cmpuint (sw_value_get_column (copy), ==, 7);
  g_assert_cmpuint (sw_value_get_line (sw_value_object_get (copy, "a")), ==, 12);
}

static void
test_duplicate_keys_kept (void)
{
  g_autoptr(SwValue) root = parse_yaml ("a: 1\nb: 2\na: 3\n");

  g_assert_cmpuint (sw_value_object_get_size (root), ==, 3);
  g_assert_cmpstr (sw_value_object_get_key (root, 2), ==, "a");
  g_assert_cmpuint (sw_value_object_get_key_line (root, 2), ==, 3);
  g_assert_cmpstr (sw_value_get_number_lexeme (sw_value_object_get_value (root, 2)), ==, "3");
}

typedef struct
{
  const char *yaml;
  int code;
  guint line;
  guint column;
} BadCase;

static void
test_errors (void)
{
  static const BadCase cases[] = {
    { "", SW_ASL_ERROR_EMPTY, 0, 0 },
    { "# only a comment\n", SW_ASL_ERROR_EMPTY, 0, 0 },
    { "a: 1\n b: 2\n", SW_ASL_ERROR_SYNTAX, 2, 3 },
    { "a: [1, 2\n", SW_ASL_ERROR_SYNTAX, 2, 1 },
    { "a: 'unterminated\n", SW_ASL_ERROR_SYNTAX, 2, 1 },
    { "a:\n\t- tab\n", SW_ASL_ERROR_SYNTAX, 2, 1 },
    { "a: 1\n---\nb: 2\n", SW_ASL_ERROR_SYNTAX, 2, 1 },
    { "? [a, b]\n: 1\n", SW_ASL_ERROR_SYNTAX, 1, 3 },
    { "x:\n  {a: 1}: 2\n", SW_ASL_ERROR_SYNTAX, 2, 3 },
    { "a: *nothing\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: &x [1, *x]\n", SW_ASL_ERROR_SYNTAX, 1, 11 },
    { "s: &s [1]\n*s : 2\n", SW_ASL_ERROR_SYNTAX, 2, 1 },
    { "a: .inf\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: [1, -.Inf]\n", SW_ASL_ERROR_SYNTAX, 1, 8 },
    { "a: .nan\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: 0x10000000000000000\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: !!int 1.5\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: !!bool yes\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: !!float .NaN\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: !!binary aGVsbG8=\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: !<tag:example.com,2026:x> 1\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "a: !!map [1]\n", SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "\"a\\0b\": 1\n", SW_ASL_ERROR_SYNTAX, 1, 1 },
    { "a: 1\nb: \xC3\x28\n", SW_ASL_ERROR_ENCODING, 2, 4 },
    { "é: \xFF\n", SW_ASL_ERROR_ENCODING, 1, 4 },
    { "a: \"x\x01y\"\n", SW_ASL_ERROR_SYNTAX, 1, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint line = 99, column = 99;
      g_autoptr(SwValue) value = sw_yaml_parse (cases[i].yaml, -1, &line, &column, &error);

      if (value != NULL || !g_error_matches (error, SW_ASL_ERROR, cases[i].code) ||
          line != cases[i].line || column != cases[i].column)
        g_error ("case %u (%s): expected error %d at %u:%u, got %s %d at %u:%u: %s", i,
                 cases[i].yaml, cases[i].code, cases[i].line, cases[i].column,
                 value ? "a value" : "error", error ? error->code : 0, line, column,
                 error ? error->message : "");
      g_assert_cmpstr (error->message, !=, "");
    }

  /* A NUL byte inside the given length */
  {
    g_autoptr(GError) error = NULL;
    guint line = 0, column = 0;
    g_autoptr(SwValue) value = sw_yaml_parse ("a: 1\nb\0: 2\n", 11, &line, &column, &error);

    g_assert_null (value);
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING);
    g_assert_cmpuint (line, ==, 2);
    g_assert_cmpuint (column, ==, 2);
  }
}

static void
test_billion_laughs (void)
{
  GString *text = g_string_new ("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                                "\"lol\"]\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) value = NULL;
  g_autofree char *bomb = NULL;
  guint line = 0, column = 0;

  for (char c = 'b'; c <= 'i'; c++)
    g_string_append_printf (text, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n",
                            c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
  bomb = g_string_free (text, FALSE);

  value = sw_yaml_parse (bomb, -1, &line, &column, &error);
  g_assert_null (value);
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE);
  /* Refused on line 5 (d, e …): 10 + 100 + 1,000 + 10,000 + 100,000 values in all. */
  g_assert_cmpuint (line, >=, 4);
  g_assert_cmpuint (line, <=, 6);

  /* A large string aliased many times is refused on its size. */
  {
    GString *big = g_string_new ("s: &s \"");
    g_autoptr(GError) error2 = NULL;
    g_autofree char *doc = NULL;

    for (guint i = 0; i < 1024 * 1024; i++)
      g_string_append_c (big, 'x');
    g_string_append (big, "\"\nl: [");
    for (guint i = 0; i < 80; i++)
      g_string_append (big, "*s, ");
    g_string_append (big, "*s]\n");
    doc = g_string_free (big, FALSE);

    g_assert_null (sw_yaml_parse (doc, -1, NULL, NULL, &error2));
    g_assert_error (error2, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE);
  }

  /* A few aliases are fine. */
  {
    g_autoptr(SwValue) ok = parse_yaml ("a: &a [1, 2]\nb: [*a, *a, *a]\n");

    g_assert_cmpuint (sw_value_array_get_length (sw_value_object_get (ok, "b")), ==, 3);
  }
}

static void
test_depth_limit (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(SwValue) ok = NULL;
  g_autoptr(GError) error = NULL;
  guint line = 0, column = 0;

  for (guint i = 0; i < SW_JSON_MAX_DEPTH; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < SW_JSON_MAX_DEPTH; i++)
    g_string_append_c (text, ']');
  ok = sw_yaml_parse (text->str, text->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  g_string_prepend_c (text, '[');
  g_string_append_c (text, ']');
  g_assert_null (sw_yaml_parse (text->str, text->len, &line, &column, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_DEPTH);
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, SW_JSON_MAX_DEPTH + 1);
  g_clear_error (&error);

  /* Through an alias: an anchor 300 deep used 300 levels down. */
  g_string_truncate (text, 0);
  g_string_append (text, "a: &deep ");
  for (guint i = 0; i < 300; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 300; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "\nb: ");
  for (guint i = 0; i < 300; i++)
    g_string_append_c (text, '[');
  g_string_append (text, "*deep");
  for (guint i = 0; i < 300; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '\n');
  g_assert_null (sw_yaml_parse (text->str, text->len, &line, &column, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_DEPTH);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 304);

  g_string_free (text, TRUE);
}

static void
test_size_limit (void)
{
  gsize length = SW_JSON_MAX_SIZE + 1;
  g_autofree char *text = g_malloc (length);
  g_autoptr(GError) error = NULL;

  memset (text, ' ', length);
  g_assert_null (sw_yaml_parse (text, length, NULL, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE);
}

/* A JSON value and the exact YAML we must write for it. */
typedef struct
{
  const char *json;
  const char *yaml;
} WriteCase;

static void
test_writer (void)
{
  static const WriteCase cases[] = {
    { "{\"Comment\": \"plain text, with commas, a:colon and a#hash\", \"StartAt\": \"A\"}",
      "Comment: plain text, with commas, a:colon and a#hash\nStartAt: A\n" },
    { "{\"a\": {}, \"b\": [], \"c\": {\"d\": []}}", "a: {}\nb: []\nc:\n  d: []\n" },
    { "{\"list\": [1, [2, 3], {\"k\": \"v\", \"l\": [4]}, [], {}]}",
      "list:\n  - 1\n  - - 2\n    - 3\n  - k: v\n    l:\n      - 4\n  - []\n  - {}\n" },
    { "[[[1]]]", "- - - 1\n" },
    { "{\"nums\": [0, -0, 1.0, 2.50, 12345678901234567890, 1e3, 1E+3, 2.5e-7, 1.5e10, 1.5E-2]}",
      "nums:\n  - 0\n  - -0\n  - 1.0\n  - 2.50\n  - 12345678901234567890\n  - !!float 1e3\n"
      "  - !!float 1E+3\n  - 2.5e-7\n  - !!float 1.5e10\n  - 1.5E-2\n" },
    { "[true, false, null]", "- true\n- false\n- null\n" },
    { "\"top\"", "top\n" },
    { "{}", "{}\n" },
    { "[]", "[]\n" },
    { "42", "42\n" },
    { "{\"Payload.$\": \"$$.Execution.Input\", \"Next\": \"States.Format('{}-x', $.a)\"}",
      "Payload.$: $$.Execution.Input\nNext: States.Format('{}-x', $.a)\n" },
    { "{\"Arguments\": \"{% $states.input %}\", \"Url\": \"https://example.com/a#b\"}",
      "Arguments: \"{% $states.input %}\"\nUrl: https://example.com/a#b\n" },
    { "{\"true\": \"yes\", \"on\": \"Off\", \"1\": \"1.0\", \"null\": \"~\", \"<<\": \"=\"}",
      "\"true\": \"yes\"\n\"on\": \"Off\"\n\"1\": \"1.0\"\n\"null\": \"~\"\n\"<<\": \"=\"\n" },
    { "[\"0x1F\", \"0o17\", \"1_000\", \"1:30\", \".inf\", \"-.INF\", \".nan\", \"+1\", \".5\", "
      "\"0b11\", \"2026-01-01\", \"2026-01-01T10:00:00Z\", \"y\", \"N\"]",
      "- \"0x1F\"\n- \"0o17\"\n- \"1_000\"\n- \"1:30\"\n- \".inf\"\n- \"-.INF\"\n- \".nan\"\n"
      "- \"+1\"\n- \".5\"\n- \"0b11\"\n- \"2026-01-01\"\n- \"2026-01-01T10:00:00Z\"\n- \"y\"\n"
      "- \"N\"\n" },
    { "[\"\", \" lead\", \"trail \", \"a: b\", \"a #b\", \"#c\", \"end:\", \"- x\", \"? x\", "
      "\": x\", \"&a\", \"*a\", \"!t\", \"|\", \">\", \"%x\", \"@x\", \"`x\", \"'q'\", "
      "\"\\\"q\\\"\", \"[x]\", \"{x}\", \",x\", \"---\", \"...\", \"a:b\", \"a#b\", \"-x\"]",
      "- \"\"\n- \" lead\"\n- \"trail \"\n- \"a: b\"\n- \"a #b\"\n- \"#c\"\n- \"end:\"\n"
      "- \"- x\"\n- \"? x\"\n- \": x\"\n- \"&a\"\n- \"*a\"\n- \"!t\"\n- \"|\"\n- \">\"\n"
      "- \"%x\"\n- \"@x\"\n- \"`x\"\n- \"'q'\"\n- \"\\\"q\\\"\"\n- \"[x]\"\n- \"{x}\"\n"
      "- \",x\"\n- \"---\"\n- \"...\"\n- a:b\n- a#b\n- \"-x\"\n" },
    { "[\"two\\nlines\", \"tab\\there\", \"nul\\u0000\", \"\\u0085\\u2028\\u2029\\ufeff\\u007f"
      "\\u0001\\u0080\", \"back\\\\slash\", \"C:\\\\dir\", \"é 中 🚀\"]",
      "- \"two\\nlines\"\n- \"tab\\there\"\n- \"nul\\0\"\n- \"\\N\\L\\P\\uFEFF\\x7F\\x01\\x80\"\n"
      "- back\\slash\n- C:\\dir\n- é 中 🚀\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwValue) json = parse_json (cases[i].json);
      g_autofree char *yaml = write_yaml (json);
      g_autoptr(SwValue) back = NULL;

      if (g_strcmp0 (yaml, cases[i].yaml) != 0)
        g_error ("case %u: %s\n  wrote:\n%s  expected:\n%s", i, cases[i].json, yaml,
                 cases[i].yaml);
      back = parse_yaml (yaml);
      g_assert_true (sw_value_equal (json, back));
    }
}

/* Keys too long for an implicit key use the explicit `? ` form. */
static void
test_long_key (void)
{
  g_autofree char *key = g_strnfill (2000, 'k');
  g_autoptr(SwValue) root = sw_value_new_object ();
  g_autoptr(SwValue) inner = sw_value_new_object ();
  g_autofree char *yaml = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SwValue) back = NULL;

  sw_value_object_set (inner, "x", sw_value_new_int (1));
  sw_value_object_set (root, key, sw_value_ref (inner));
  sw_value_object_set (root, "short", sw_value_new_string ("v"));

  yaml = write_yaml (root);
  expected = g_strdup_printf ("? %s\n:\n  x: 1\nshort: v\n", key);
  g_assert_cmpstr (yaml, ==, expected);
  back = parse_yaml (yaml);
  g_assert_true (sw_value_equal (root, back));
}

static void
test_invalid_utf8_refused_by_writer (void)
{
  g_autoptr(SwValue) root = sw_value_new_array ();
  g_autoptr(GError) error = NULL;

  sw_value_array_append (root, sw_value_new_string ("ok"));
  sw_value_array_append (root, sw_value_new_string ("bad \xC3"));
  g_assert_null (sw_yaml_write (root, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/yaml/corpus-roundtrip", test_corpus_roundtrip);
  g_test_add_func ("/asl/yaml/pyyaml-reads-same-data", test_pyyaml_reads_same_data);
  g_test_add_func ("/asl/yaml/scalars", test_scalars);
  g_test_add_func ("/asl/yaml/positions", test_positions);
  g_test_add_func ("/asl/yaml/duplicate-keys-kept", test_duplicate_keys_kept);
  g_test_add_func ("/asl/yaml/errors", test_errors);
  g_test_add_func ("/asl/yaml/billion-laughs", test_billion_laughs);
  g_test_add_func ("/asl/yaml/depth-limit", test_depth_limit);
  g_test_add_func ("/asl/yaml/size-limit", test_size_limit);
  g_test_add_func ("/asl/yaml/writer", test_writer);
  g_test_add_func ("/asl/yaml/long-key", test_long_key);
  g_test_add_func ("/asl/yaml/writer-refuses-invalid-utf8", test_invalid_utf8_refused_by_writer);

  return g_test_run ();
}
