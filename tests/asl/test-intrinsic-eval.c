/* test-intrinsic-eval.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every intrinsic function, with the examples of the Step Functions documentation where it
 * gives them, and the failures the service reports as States.IntrinsicFailure. */

#include <string.h>

#include "sw-intrinsic-eval.h"
#include "sw-json.h"

static SwValue *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (json, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static SwValue *context_value;

static SwValue *
get_context (gpointer data)
{
  return context_value;
}

/* Evaluates @text against @input and returns the result as compact JSON. */
static char *
eval_ok (const char *text,
         const char *input)
{
  g_autoptr(SwValue) data = parse (input);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) result = NULL;
  SwEvalScope scope = { data, NULL, get_context, NULL, NULL };

  result = sw_intrinsic_eval_text (text, &scope, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return sw_json_write (result, SW_JSON_WRITE_COMPACT, NULL);
}

static void
eval_fails (const char *text,
            const char *input,
            gint        code,
            const char *fragment)
{
  g_autoptr(SwValue) data = parse (input);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) result = NULL;
  SwEvalScope scope = { data, NULL, get_context, NULL, NULL };

  result = sw_intrinsic_eval_text (text, &scope, &error);
  g_assert_null (result);
  g_assert_error (error, SW_EVAL_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

#define assert_eval(text, input, expected) \
  G_STMT_START { \
    g_autofree char *_out = eval_ok (text, input); \
    g_assert_cmpstr (_out, ==, expected); \
  } G_STMT_END

static void
test_format (void)
{
  assert_eval ("States.Format('Hello, my name is {}.', $.name)", "{\"name\":\"Arnav\"}",
               "\"Hello, my name is Arnav.\"");
  assert_eval ("States.Format($.template, $.name)",
               "{\"name\":\"Arnav\",\"template\":\"Hello, my name is {}.\"}",
               "\"Hello, my name is Arnav.\"");
  /* Numbers keep their lexeme; true, false and null print as JSON. */
  assert_eval ("States.Format('x={} y={} z={}', $.x, $.y, $.z)",
               "{\"x\":1.50,\"y\":true,\"z\":null}", "\"x=1.50 y=true z=null\"");
  /* Containers print as the service's Java implementation prints them. */
  assert_eval ("States.Format('{} and {}', $.a, $.o)", "{\"a\":[1,\"b\"],\"o\":{\"k\":1,\"l\":[]}}",
               "\"[1, b] and {k=1, l=[]}\"");
  /* Escaped braces are text, not placeholders. */
  assert_eval ("States.Format('a \\{\\} {}', 'X')", "{}", "\"a {} X\"");
  assert_eval ("States.Format('no placeholders')", "{}", "\"no placeholders\"");
  /* A template from a path whose placeholders do not match the values. */
  eval_fails ("States.Format($.t, 1)", "{\"t\":\"{} {}\"}", SW_EVAL_ERROR_INTRINSIC,
              "2 placeholders");
  eval_fails ("States.Format($.t)", "{\"t\":5}", SW_EVAL_ERROR_INTRINSIC, "must be string");
}

static void
test_string_to_json (void)
{
  assert_eval ("States.StringToJson($.s)", "{\"s\":\"{\\\"a\\\":[1,2.50]}\"}",
               "{\"a\":[1,2.50]}");
  assert_eval ("States.StringToJson('42')", "{}", "42");
  eval_fails ("States.StringToJson($.s)", "{\"s\":\"{oops\"}", SW_EVAL_ERROR_INTRINSIC,
              "cannot parse");
  eval_fails ("States.StringToJson($.s)", "{\"s\":[1]}", SW_EVAL_ERROR_INTRINSIC,
              "must be string");
}

static void
test_json_to_string (void)
{
  assert_eval ("States.JsonToString($.o)", "{\"o\":{\"a\":[1, 2],\"b\":\"x\"}}",
               "\"{\\\"a\\\":[1,2],\\\"b\\\":\\\"x\\\"}\"");
  assert_eval ("States.JsonToString($.n)", "{\"n\":1e3}", "\"1e3\"");
}

static void
test_array (void)
{
  assert_eval ("States.Array('Foo', 2020, $.x, null)", "{\"x\":{\"y\":true}}",
               "[\"Foo\",2020,{\"y\":true},null]");
  assert_eval ("States.Array()", "{}", "[]");
}

static void
test_array_partition (void)
{
  assert_eval ("States.ArrayPartition($.a, 4)", "{\"a\":[1,2,3,4,5,6,7,8,9]}",
               "[[1,2,3,4],[5,6,7,8],[9]]");
  assert_eval ("States.ArrayPartition($.a, 3)", "{\"a\":[]}", "[]");
  eval_fails ("States.ArrayPartition($.a, $.n)", "{\"a\":[1],\"n\":0}",
              SW_EVAL_ERROR_INTRINSIC, "must be positive");
  eval_fails ("States.ArrayPartition($.a, $.n)", "{\"a\":[1],\"n\":1.5}",
              SW_EVAL_ERROR_INTRINSIC, "must be an integer");
  eval_fails ("States.ArrayPartition($.a, 2)", "{\"a\":\"x\"}", SW_EVAL_ERROR_INTRINSIC,
              "must be array");
}

static void
test_array_contains (void)
{
  assert_eval ("States.ArrayContains($.a, $.v)", "{\"a\":[1,2,3,4,5,6,7,8,9],\"v\":5}", "true");
  assert_eval ("States.ArrayContains($.a, 10)", "{\"a\":[1,2,3]}", "false");
  /* Numbers compare by value, objects by their members in any order. */
  assert_eval ("States.ArrayContains($.a, 1.0)", "{\"a\":[1]}", "true");
  assert_eval ("States.ArrayContains($.a, $.v)", "{\"a\":[{\"x\":1,\"y\":[2]}],"
               "\"v\":{\"y\":[2],\"x\":1}}", "true");
  assert_eval ("States.ArrayContains($.a, '1')", "{\"a\":[1]}", "false");
}

static void
test_array_range (void)
{
  assert_eval ("States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]");
  assert_eval ("States.ArrayRange(10, 1, -3)", "{}", "[10,7,4,1]");
  assert_eval ("States.ArrayRange(1, 0, 1)", "{}", "[]");
  assert_eval ("States.ArrayRange($.a, $.b, 1)", "{\"a\":5,\"b\":5}", "[5]");
  eval_fails ("States.ArrayRange(1, 9, $.s)", "{\"s\":0}", SW_EVAL_ERROR_INTRINSIC,
              "cannot be 0");
  eval_fails ("States.ArrayRange(0, $.e, 1)", "{\"e\":1000}", SW_EVAL_ERROR_INTRINSIC,
              "at most 1000");
  {
    g_autofree char *out = eval_ok ("States.ArrayLength(States.ArrayRange(0, $.e, 1))",
                                    "{\"e\":999}");
    g_assert_cmpstr (out, ==, "1000");
  }
}

static void
test_array_get_item (void)
{
  assert_eval ("States.ArrayGetItem($.a, $.i)", "{\"a\":[1,2,3,4,5,6,7,8,9],\"i\":5}", "6");
  eval_fails ("States.ArrayGetItem($.a, 3)", "{\"a\":[1,2,3]}", SW_EVAL_ERROR_INTRINSIC,
              "out of bounds");
  eval_fails ("States.ArrayGetItem($.a, $.i)", "{\"a\":[1],\"i\":-1}", SW_EVAL_ERROR_INTRINSIC,
              "out of bounds");
}

static void
test_array_length (void)
{
  assert_eval ("States.ArrayLength($.a)", "{\"a\":[1,2,3,4,5,6,7,8,9]}", "9");
  assert_eval ("States.ArrayLength($.a)", "{\"a\":[]}", "0");
  eval_fails ("States.ArrayLength($.a)", "{\"a\":{}}", SW_EVAL_ERROR_INTRINSIC,
              "must be array");
}

static void
test_array_unique (void)
{
  assert_eval ("States.ArrayUnique($.a)", "{\"a\":[1,2,3,3,3,3,3,3,4]}", "[1,2,3,4]");
  assert_eval ("States.ArrayUnique($.a)", "{\"a\":[1,1.0,\"1\",{\"a\":1,\"b\":2},"
               "{\"b\":2,\"a\":1}]}", "[1,\"1\",{\"a\":1,\"b\":2}]");
}

static void
test_base64 (void)
{
  assert_eval ("States.Base64Encode($.s)", "{\"s\":\"Data to encode\"}",
               "\"RGF0YSB0byBlbmNvZGU=\"");
  assert_eval ("States.Base64Decode($.s)", "{\"s\":\"RGF0YSB0byBlbmNvZGU=\"}",
               "\"Data to encode\"");
  assert_eval ("States.Base64Decode(States.Base64Encode('héllo ✓'))", "{}", "\"héllo ✓\"");
  eval_fails ("States.Base64Decode($.s)", "{\"s\":\"not base64!\"}", SW_EVAL_ERROR_INTRINSIC,
              "not Base64");
  eval_fails ("States.Base64Decode($.s)", "{\"s\":\"/w==\"}", SW_EVAL_ERROR_INTRINSIC,
              "not UTF-8");
  {
    g_autofree char *long_text = g_strnfill (10001, 'a');
    g_autofree char *input = g_strdup_printf ("{\"s\":\"%s\"}", long_text);

    eval_fails ("States.Base64Encode($.s)", input, SW_EVAL_ERROR_INTRINSIC,
                "at most 10000 characters");
  }
}

static void
test_hash (void)
{
  assert_eval ("States.Hash($.Data, $.Algorithm)",
               "{\"Data\":\"input data\",\"Algorithm\":\"SHA-1\"}",
               "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"");
  assert_eval ("States.Hash('input data', 'MD5')", "{}", "\"812f45842bc6d66ee14572ce20db8e86\"");
  assert_eval ("States.Hash('input data', 'SHA-256')", "{}",
               "\"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3\"");
  {
    g_autofree char *out = eval_ok ("States.Hash('x', 'SHA-512')", "{}");
    g_assert_cmpuint (strlen (out), ==, 128 + 2);
    g_free (out);
    out = eval_ok ("States.Hash('x', 'SHA-384')", "{}");
    g_assert_cmpuint (strlen (out), ==, 96 + 2);
  }
  eval_fails ("States.Hash('x', $.a)", "{\"a\":\"SHA-3\"}", SW_EVAL_ERROR_INTRINSIC,
              "does not know the algorithm");
}

static void
test_json_merge (void)
{
  assert_eval ("States.JsonMerge($.json1, $.json2, false)",
               "{\"json1\":{\"a\":{\"a1\":1,\"a2\":2},\"b\":2},"
               "\"json2\":{\"a\":{\"a3\":1,\"a4\":2},\"c\":3}}",
               "{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}");
  eval_fails ("States.JsonMerge($.a, $.b, $.deep)", "{\"a\":{},\"b\":{},\"deep\":true}",
              SW_EVAL_ERROR_INTRINSIC, "shallow");
  eval_fails ("States.JsonMerge($.a, $.b, false)", "{\"a\":{},\"b\":[]}",
              SW_EVAL_ERROR_INTRINSIC, "must be object");
}

static void
test_math_random (void)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *out = eval_ok ("States.MathRandom($.start, $.end)",
                                      "{\"start\":1,\"end\":999}");
      gint64 n = g_ascii_strtoll (out, NULL, 10);

      g_assert_cmpint (n, >=, 1);
      g_assert_cmpint (n, <=, 999);
    }
  {
    g_autofree char *a = eval_ok ("States.MathRandom(1, 1000000, 7)", "{}");
    g_autofree char *b = eval_ok ("States.MathRandom(1, 1000000, 7)", "{}");
    g_autofree char *c = eval_ok ("States.MathRandom(5, 5)", "{}");

    /* A seed makes it repeatable. */
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (c, ==, "5");
  }
  eval_fails ("States.MathRandom($.a, 1)", "{\"a\":9}", SW_EVAL_ERROR_INTRINSIC,
              "less than its start");
  eval_fails ("States.MathRandom($.a, 1)", "{\"a\":\"x\"}", SW_EVAL_ERROR_INTRINSIC,
              "must be an integer");
}

static void
test_math_add (void)
{
  assert_eval ("States.MathAdd($.value1, $.step)", "{\"value1\":111,\"step\":-1}", "110");
  /* Fractions round half up, as Java's Math.round does. */
  assert_eval ("States.MathAdd($.a, 0)", "{\"a\":1.5}", "2");
  assert_eval ("States.MathAdd($.a, 0)", "{\"a\":-2.5}", "-2");
  assert_eval ("States.MathAdd(States.MathAdd(1, 2), 3)", "{}", "6");
  eval_fails ("States.MathAdd($.a, 1)", "{\"a\":\"1\"}", SW_EVAL_ERROR_INTRINSIC,
              "must be an integer");
}

static void
test_string_split (void)
{
  assert_eval ("States.StringSplit($.inputString, $.splitter)",
               "{\"inputString\":\"1,2,3,4,5\",\"splitter\":\",\"}",
               "[\"1\",\"2\",\"3\",\"4\",\"5\"]");
  assert_eval ("States.StringSplit($.inputString, $.splitter)",
               "{\"inputString\":\"This.is+a,test=string\",\"splitter\":\".+,=\"}",
               "[\"This\",\"is\",\"a\",\"test\",\"string\"]");
  assert_eval ("States.StringSplit('a,,b,', ',')", "{}", "[\"a\",\"b\"]");
  assert_eval ("States.StringSplit('ünï→cödé', '→')", "{}", "[\"ünï\",\"cödé\"]");
}

static void
test_uuid (void)
{
  g_autofree char *a = eval_ok ("States.UUID()", "{}");
  g_autofree char *b = eval_ok ("States.UUID()", "{}");
  g_autofree char *bare = g_strndup (a + 1, strlen (a) - 2);

  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_uuid_string_is_valid (bare));
  g_assert_cmpint (bare[14], ==, '4');
}

static void
test_paths (void)
{
  /* A path that matches nothing is not an intrinsic failure but a path failure. */
  eval_fails ("States.MathAdd($.missing, 1)", "{}", SW_EVAL_ERROR_PATH, "$.missing");
  /* Indefinite paths give arrays. */
  assert_eval ("States.ArrayLength($.items[*].id)", "{\"items\":[{\"id\":1},{\"id\":2}]}", "2");
  /* The context object. */
  context_value = parse ("{\"Execution\":{\"Name\":\"run-1\"}}");
  assert_eval ("States.Format('{} ran', $$.Execution.Name)", "{}", "\"run-1 ran\"");
  g_clear_pointer (&context_value, sw_value_unref);
  /* Malformed calls are invalid, not failures. */
  eval_fails ("States.Nope(1)", "{}", SW_EVAL_ERROR_INVALID, NULL);
  eval_fails ("States.MathAdd(1)", "{}", SW_EVAL_ERROR_INVALID, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/intrinsic-eval/format", test_format);
  g_test_add_func ("/asl/intrinsic-eval/string-to-json", test_string_to_json);
  g_test_add_func ("/asl/intrinsic-eval/json-to-string", test_json_to_string);
  g_test_add_func ("/asl/intrinsic-eval/array", test_array);
  g_test_add_func ("/asl/intrinsic-eval/array-partition", test_array_partition);
  g_test_add_func ("/asl/intrinsic-eval/array-contains", test_array_contains);
  g_test_add_func ("/asl/intrinsic-eval/array-range", test_array_range);
  g_test_add_func ("/asl/intrinsic-eval/array-get-item", test_array_get_item);
  g_test_add_func ("/asl/intrinsic-eval/array-length", test_array_length);
  g_test_add_func ("/asl/intrinsic-eval/array-unique", test_array_unique);
  g_test_add_func ("/asl/intrinsic-eval/base64", test_base64);
  g_test_add_func ("/asl/intrinsic-eval/hash", test_hash);
  g_test_add_func ("/asl/intrinsic-eval/json-merge", test_json_merge);
  g_test_add_func ("/asl/intrinsic-eval/math-random", test_math_random);
  g_test_add_func ("/asl/intrinsic-eval/math-add", test_math_add);
  g_test_add_func ("/asl/intrinsic-eval/string-split", test_string_split);
  g_test_add_func ("/asl/intrinsic-eval/uuid", test_uuid);
  g_test_add_func ("/asl/intrinsic-eval/paths", test_paths);

  return g_test_run ();
}
