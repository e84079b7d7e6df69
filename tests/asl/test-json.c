/* test-json.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-asl-error.h"
#include "sw-json.h"

static void
test_positions (void)
{
  const char *text = "{\n  \"Name\": \"é✓\",\n\t\"List\": [ 1, {\"k\": true} ]\n}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = sw_json_parse (text, -1, NULL, NULL, &error);
  SwValue *list, *obj;

  g_assert_no_error (error);
  g_assert_cmpuint (sw_value_get_line (root), ==, 1);
  g_assert_cmpuint (sw_value_get_column (root), ==, 1);
  g_assert_cmpuint (sw_value_object_get_key_line (root, 0), ==, 2);
  g_assert_cmpuint (sw_value_object_get_key_column (root, 0), ==, 3);
  g_assert_cmpuint (sw_value_get_column (sw_value_object_get (root, "Name")), ==, 11);
  g_assert_cmpuint (sw_value_object_get_key_line (root, 1), ==, 3);
  /* A tab counts as one column. */
  g_assert_cmpuint (sw_value_object_get_key_column (root, 1), ==, 2);
  list = sw_value_object_get (root, "List");
  g_assert_cmpuint (sw_value_get_column (list), ==, 10);
  obj = sw_value_array_get (list, 1);
  g_assert_cmpuint (sw_value_get_column (obj), ==, 15);
  g_assert_cmpuint (sw_value_get_column (sw_value_object_get (obj, "k")), ==, 21);
}

static void
test_lexemes_and_strings (void)
{
  const char *text = "[1.0, 1e3, -0, 12345678901234567890, 2.50E-3, \"a\\u0000b\", "
                     "\"\\ud83d\\ude00\", \"\\/\"]";
  g_autoptr(SwValue) root = sw_json_parse (text, -1, NULL, NULL, NULL);
  const char *lexemes[] = { "1.0", "1e3", "-0", "12345678901234567890", "2.50E-3" };
  g_autofree char *out = NULL;

  g_assert_nonnull (root);
  for (guint i = 0; i < G_N_ELEMENTS (lexemes); i++)
    g_assert_cmpstr (sw_value_get_number_lexeme (sw_value_array_get (root, i)), ==, lexemes[i]);
  g_assert_cmpuint (sw_value_get_string_length (sw_value_array_get (root, 5)), ==, 3);
  g_assert_cmpstr (sw_value_get_string (sw_value_array_get (root, 6)), ==, "😀");
  g_assert_cmpstr (sw_value_get_string (sw_value_array_get (root, 7)), ==, "/");

  out = sw_json_write (root, SW_JSON_WRITE_COMPACT, NULL);
  g_assert_cmpstr (out, ==,
                   "[1.0,1e3,-0,12345678901234567890,2.50E-3,\"a\\u0000b\",\"😀\",\"/\"]");
}

static void
test_duplicate_keys_kept (void)
{
  g_autoptr(SwValue) root = sw_json_parse ("{\"a\": 1, \"a\": 2}", -1, NULL, NULL, NULL);

  g_assert_cmpuint (sw_value_object_get_size (root), ==, 2);
  g_assert_cmpstr (sw_value_get_number_lexeme (sw_value_object_get (root, "a")), ==, "1");
  g_assert_cmpuint (sw_value_object_get_key_column (root, 1), ==, 10);
}

static void
test_canonical_writer (void)
{
  const char *text = "{\"b\":[],\"a\":{},\"c\":[1,{\"d\":\"x\\ty\\u001f\\\"\"}],\"e\":\"日本\"}";
  const char *expected =
    "{\n"
    "  \"b\": [],\n"
    "  \"a\": {},\n"
    "  \"c\": [\n"
    "    1,\n"
    "    {\n"
    "      \"d\": \"x\\ty\\u001f\\\"\"\n"
    "    }\n"
    "  ],\n"
    "  \"e\": \"日本\"\n"
    "}\n";
  g_autoptr(SwValue) root = sw_json_parse (text, -1, NULL, NULL, NULL);
  g_autoptr(SwValue) again = NULL;
  g_autofree char *out = sw_json_write (root, SW_JSON_WRITE_DEFAULT, NULL);
  g_autofree char *out2 = NULL;

  g_assert_cmpstr (out, ==, expected);
  again = sw_json_parse (out, -1, NULL, NULL, NULL);
  g_assert_true (sw_value_equal (root, again));
  out2 = sw_json_write (again, SW_JSON_WRITE_DEFAULT, NULL);
  g_assert_cmpstr (out, ==, out2);
}

typedef struct
{
  const char *text;
  gssize length;
  gint code;
  guint line;
  guint column;
} BadCase;

static void
test_errors (void)
{
  static const BadCase cases[] = {
    { "", -1, SW_ASL_ERROR_EMPTY, 1, 1 },
    { "  \n ", -1, SW_ASL_ERROR_EMPTY, 2, 2 },
    { "{\"a\": 1,}", -1, SW_ASL_ERROR_SYNTAX, 1, 9 },
    { "[1 2]", -1, SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "{\n  \"a\" 1}", -1, SW_ASL_ERROR_SYNTAX, 2, 7 },
    { "{'a': 1}", -1, SW_ASL_ERROR_SYNTAX, 1, 2 },
    { "[01]", -1, SW_ASL_ERROR_SYNTAX, 1, 3 },
    { "[1.]", -1, SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "[tru]", -1, SW_ASL_ERROR_SYNTAX, 1, 2 },
    { "\"abc", -1, SW_ASL_ERROR_SYNTAX, 1, 5 },
    { "\"a\\x\"", -1, SW_ASL_ERROR_SYNTAX, 1, 3 },
    { "\"\\ud800\"", -1, SW_ASL_ERROR_ENCODING, 1, 8 },
    { "\"\xff\"", -1, SW_ASL_ERROR_ENCODING, 1, 2 },
    { "\"a\nb\"", -1, SW_ASL_ERROR_SYNTAX, 1, 3 },
    { "{} x", -1, SW_ASL_ERROR_SYNTAX, 1, 4 },
    { "\x7f" "ELF\x02\x01", 6, SW_ASL_ERROR_SYNTAX, 1, 1 },
    { "{\"a\":\0}", 7, SW_ASL_ERROR_ENCODING, 1, 6 },
    { "NaN", -1, SW_ASL_ERROR_SYNTAX, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) v = NULL;
      guint line, column;

      v = sw_json_parse (cases[i].text, cases[i].length, &line, &column, &error);
      g_assert_null (v);
      g_test_message ("case %u: %s at %u:%u", i, error ? error->message : "-", line, column);
      g_assert_error (error, SW_ASL_ERROR, cases[i].code);
      g_assert_cmpuint (line, ==, cases[i].line);
      g_assert_cmpuint (column, ==, cases[i].column);
    }
}

static void
test_depth_limit (void)
{
  GString *deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) ok = NULL;
  SwValue *v;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  v = sw_json_parse (deep->str, deep->len, NULL, NULL, &error);
  g_assert_null (v);
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_DEPTH);
  g_string_free (deep, TRUE);

  deep = g_string_new (NULL);
  for (guint i = 0; i < SW_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < SW_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  ok = sw_json_parse (deep->str, deep->len, NULL, NULL, NULL);
  g_assert_nonnull (ok);
  g_string_free (deep, TRUE);
}

static void
test_size_limit (void)
{
  g_autoptr(GError) error = NULL;
  /* The limit is checked before reading, so no big buffer is needed: only its length. */
  static const char small[] = "{}";
  SwValue *v = sw_json_parse (small, (gssize) SW_JSON_MAX_SIZE + 1, NULL, NULL, &error);

  g_assert_null (v);
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_TOO_LARGE);
}

static void
test_bom_and_crlf (void)
{
  g_autoptr(SwValue) root = sw_json_parse ("\xEF\xBB\xBF{\r\n\"a\": 1\r\n}", -1, NULL, NULL, NULL);

  g_assert_nonnull (root);
  g_assert_cmpuint (sw_value_object_get_key_line (root, 0), ==, 2);
  g_assert_cmpuint (sw_value_object_get_key_column (root, 0), ==, 1);
}

/* Large documents are read into pages shared by many values; values must outlive the
 * document they came from, and stay as mutable as any other. */
static void
test_large_document (void)
{
  g_autoptr(GString) text = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwValue) kept = NULL;
  g_autoptr(SwValue) expected = NULL;
  g_autoptr(SwValue) copy = NULL;
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  SwValue *list;
  guint line = 0, column = 0;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "%s\n  \"state %u\": {\"Type\": \"Pass\", \"n\": %u, "
                            "\"ok\": true, \"none\": null, \"list\": [1, \"\\u00e9t\u00e9\", 2.5]}",
                            i > 0 ? "," : "", i, i);
  g_string_append (text, "\n}\n");
  g_assert_cmpuint (text->len, >, 64 * 1024);

  root = sw_json_parse (text->str, text->len, &line, &column, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_value_object_get_size (root), ==, 2000);

  /* Reading and writing agree, as for small documents. */
  written = sw_json_write (root, SW_JSON_WRITE_DEFAULT, NULL);
  copy = sw_json_parse (written, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  again = sw_json_write (copy, SW_JSON_WRITE_DEFAULT, NULL);
  g_assert_cmpstr (again, ==, written);
  g_assert_true (sw_value_equal (root, copy));

  /* A member outlives its document. */
  kept = sw_value_ref (sw_value_object_get (root, "state 1234"));
  expected = sw_value_copy (kept);
  g_clear_pointer (&root, sw_value_unref);
  g_assert_true (sw_value_equal (kept, expected));
  g_assert_cmpuint (sw_value_get_line (kept), ==, 1236);
  g_assert_cmpstr (sw_value_get_string (sw_value_array_get (sw_value_object_get (kept, "list"),
                                                          1)), ==, "été");

  /* Its members and items grow past what was read. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("extra %u", i);

      sw_value_object_append (kept, key, 0, 0, sw_value_new_int (i));
    }
  g_assert_cmpuint (sw_value_object_get_size (kept), ==, 25);
  g_assert_true (sw_value_object_has (kept, "extra 19"));
  g_assert_true (sw_value_object_remove (kept, "n"));
  g_assert_true (sw_value_object_rename (kept, "ok", "fine"));
  list = sw_value_object_get (kept, "list");
  sw_value_array_insert (list, 0, sw_value_new_string ("first"));
  for (guint i = 0; i < 10; i++)
    sw_value_array_append (list, sw_value_new_null ());
  sw_value_array_remove (list, 1);
  g_assert_cmpuint (sw_value_array_get_length (list), ==, 13);
  g_assert_cmpstr (sw_value_get_string (sw_value_array_get (list, 0)), ==, "first");
  g_assert_cmpstr (sw_value_get_string (sw_value_array_get (list, 1)), ==, "été");
  g_assert_false (sw_value_equal (kept, expected));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/json/positions", test_positions);
  g_test_add_func ("/asl/json/lexemes-and-strings", test_lexemes_and_strings);
  g_test_add_func ("/asl/json/duplicate-keys-kept", test_duplicate_keys_kept);
  g_test_add_func ("/asl/json/canonical-writer", test_canonical_writer);
  g_test_add_func ("/asl/json/errors", test_errors);
  g_test_add_func ("/asl/json/depth-limit", test_depth_limit);
  g_test_add_func ("/asl/json/size-limit", test_size_limit);
  g_test_add_func ("/asl/json/bom-and-crlf", test_bom_and_crlf);
  g_test_add_func ("/asl/json/large-document", test_large_document);

  return g_test_run ();
}
