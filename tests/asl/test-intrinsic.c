/* test-intrinsic.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-intrinsic.h"

static SwIntrinsic *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwIntrinsic *call = sw_intrinsic_parse (text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
  return call;
}

static const SwIntrinsicArg *
arg_at (const SwIntrinsic *call,
        guint              index)
{
  g_assert_cmpuint (index, <, call->args->len);
  return g_ptr_array_index (call->args, index);
}

static void
test_tree_format (void)
{
  g_autoptr(SwIntrinsic) call = parse_ok ("States.Format('Hello {}', $.name)");
  const SwIntrinsicArg *arg;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (call->name, ==, "States.Format");
  g_assert_cmpuint (call->offset, ==, 0);
  g_assert_cmpuint (call->close_offset, ==, 32);
  g_assert_cmpuint (call->args->len, ==, 2);

  arg = arg_at (call, 0);
  g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_LITERAL);
  g_assert_cmpuint (arg->offset, ==, 14);
  g_assert_cmpuint (arg->length, ==, 10);
  g_assert_cmpstr (sw_value_get_string (arg->literal), ==, "Hello {}");
  g_assert_nonnull (arg->placeholders);
  g_assert_cmpuint (arg->placeholders->len, ==, 1);
  g_assert_cmpuint (g_array_index (arg->placeholders, guint, 0), ==, 6);
  g_assert_null (arg->path);
  g_assert_null (arg->call);

  arg = arg_at (call, 1);
  g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_PATH);
  g_assert_cmpuint (arg->offset, ==, 26);
  g_assert_cmpuint (arg->length, ==, 6);
  g_assert_null (arg->literal);
  g_assert_null (arg->placeholders);
  path = sw_path_to_string (arg->path);
  g_assert_cmpstr (path, ==, "$.name");
  g_assert_cmpstr (sw_path_get_text (arg->path), ==, "$.name");

  text = sw_intrinsic_to_string (call);
  g_assert_cmpstr (text, ==, "States.Format('Hello {}', $.name)");
}

static void
test_tree_nested (void)
{
  g_autoptr(SwIntrinsic) call =
    parse_ok ("States.Array(States.MathAdd(1, -2.5e1), true, false, null, $$.Execution.Id, $)");
  const SwIntrinsicArg *arg;
  const SwIntrinsic *inner;

  g_assert_cmpstr (call->name, ==, "States.Array");
  g_assert_cmpuint (call->args->len, ==, 6);
  g_assert_cmpuint (call->close_offset, ==, 77);

  arg = arg_at (call, 0);
  g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_CALL);
  g_assert_cmpuint (arg->offset, ==, 13);
  g_assert_cmpuint (arg->length, ==, 25);
  inner = arg->call;
  g_assert_cmpstr (inner->name, ==, "States.MathAdd");
  g_assert_cmpuint (inner->offset, ==, 13);
  g_assert_cmpuint (inner->close_offset, ==, 37);
  g_assert_cmpuint (inner->args->len, ==, 2);
  g_assert_cmpuint (arg_at (inner, 0)->offset, ==, 28);
  g_assert_cmpstr (sw_value_get_number_lexeme (arg_at (inner, 0)->literal), ==, "1");
  g_assert_cmpuint (arg_at (inner, 1)->offset, ==, 31);
  g_assert_cmpstr (sw_value_get_number_lexeme (arg_at (inner, 1)->literal), ==, "-2.5e1");
  g_assert_null (arg_at (inner, 1)->placeholders);

  arg = arg_at (call, 1);
  g_assert_cmpuint (arg->offset, ==, 40);
  g_assert_true (sw_value_is_boolean (arg->literal));
  g_assert_true (sw_value_get_boolean (arg->literal));
  arg = arg_at (call, 2);
  g_assert_cmpuint (arg->offset, ==, 46);
  g_assert_false (sw_value_get_boolean (arg->literal));
  arg = arg_at (call, 3);
  g_assert_cmpuint (arg->offset, ==, 53);
  g_assert_true (sw_value_is_null (arg->literal));

  arg = arg_at (call, 4);
  g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_PATH);
  g_assert_cmpuint (arg->offset, ==, 59);
  g_assert_cmpuint (arg->length, ==, 15);
  g_assert_true (sw_path_has_context_root (arg->path));

  arg = arg_at (call, 5);
  g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_PATH);
  g_assert_cmpuint (arg->offset, ==, 76);
  g_assert_true (sw_path_is_root (arg->path));
  g_assert_false (sw_path_has_context_root (arg->path));
}

static void
test_tree_escapes (void)
{
  g_autoptr(SwIntrinsic) call = parse_ok ("States.Format('it\\'s \\{\\} {} \\\\')");
  const SwIntrinsicArg *arg = arg_at (call, 0);
  g_autofree char *text = NULL;

  g_assert_cmpstr (sw_value_get_string (arg->literal), ==, "it's {} {} \\");
  /* Only the unescaped pair is a placeholder. */
  g_assert_cmpuint (arg->placeholders->len, ==, 1);
  g_assert_cmpuint (g_array_index (arg->placeholders, guint, 0), ==, 8);

  text = sw_intrinsic_to_string (call);
  g_assert_cmpstr (text, ==, "States.Format('it\\'s \\{\\} {} \\\\')");
}

static void
test_tree_empty (void)
{
  g_autoptr(SwIntrinsic) call = parse_ok ("States.UUID()");
  g_autoptr(SwIntrinsic) spaced = parse_ok ("States.Array(  )");

  g_assert_cmpstr (call->name, ==, "States.UUID");
  g_assert_cmpuint (call->args->len, ==, 0);
  g_assert_cmpuint (call->close_offset, ==, 12);
  g_assert_cmpuint (spaced->args->len, ==, 0);
  g_assert_cmpuint (spaced->close_offset, ==, 15);
}

/* Paths end where the argument list resumes, even with brackets, quotes and filters. */
static void
test_tree_paths (void)
{
  g_autoptr(SwIntrinsic) call =
    parse_ok ("States.Array($.a['x,y)'], $[?(@.b == ')')], $..c[0:2], $.d[*])");
  const char *expected[] = { "$.a['x,y)']", "$[?(@.b == ')')]", "$..c[0:2]", "$.d[*]" };

  g_assert_cmpuint (call->args->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const SwIntrinsicArg *arg = arg_at (call, i);
      g_autofree char *text = sw_path_to_string (arg->path);

      g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_PATH);
      g_assert_cmpstr (text, ==, expected[i]);
    }
  g_assert_false (sw_path_is_definite (arg_at (call, 3)->path));
}

static void
test_tree_offsets_in_characters (void)
{
  g_autoptr(SwIntrinsic) call = parse_ok ("States.Format('日本 {}', $.名前)");

  g_assert_cmpuint (arg_at (call, 0)->length, ==, 7);
  g_assert_cmpuint (arg_at (call, 1)->offset, ==, 23);
  g_assert_cmpuint (arg_at (call, 1)->length, ==, 4);
  g_assert_cmpuint (call->close_offset, ==, 27);
  /* Placeholders are byte offsets into the literal's UTF-8 text. */
  g_assert_cmpuint (g_array_index (arg_at (call, 0)->placeholders, guint, 0), ==, 7);
}

/* JSONPath states pass workflow variables as arguments: `$name`, `$name.field`, `$name[0]`. */
static void
test_tree_variables (void)
{
  g_autoptr(SwIntrinsic) call =
    parse_ok ("States.Format('{} {} {}', $myVar, $order.items[0], $übung)");
  const char *names[] = { "myVar", "order", "übung" };
  const char *texts[] = { "$myVar", "$order.items[0]", "$übung" };
  const guint offsets[] = { 26, 34, 51 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (call->args->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      const SwIntrinsicArg *arg = arg_at (call, i + 1);

      g_assert_cmpint (arg->kind, ==, SW_INTRINSIC_ARG_PATH);
      g_assert_cmpuint (arg->offset, ==, offsets[i]);
      g_assert_cmpuint (arg->length, ==, g_utf8_strlen (texts[i], -1));
      g_assert_cmpstr (sw_path_get_variable_name (arg->path), ==, names[i]);
      g_assert_cmpstr (sw_path_get_text (arg->path), ==, texts[i]);
      g_assert_false (sw_path_has_context_root (arg->path));
    }
  g_assert_true (sw_intrinsic_check (call, &error));
  g_assert_no_error (error);

  text = sw_intrinsic_to_string (call);
  g_assert_cmpstr (text, ==, "States.Format('{} {} {}', $myVar, $order.items[0], $übung)");
}

typedef struct
{
  const char *text;
  const char *canonical;
} CanonicalCase;

static const CanonicalCase canonical_cases[] = {
  { "States.Array( 1 ,2 )", "States.Array(1, 2)" },
  { "States.Array(\t1,\n2)", "States.Array(1, 2)" },
  { "States.Array($['a'])", "States.Array($.a)" },
  { "States.Array(true,false,null,-0.5E+3)", "States.Array(true, false, null, -0.5E+3)" },
  { "States.Format('{\"a\"}')", "States.Format('\\{\"a\"\\}')" },
  { "States.Format('\\{}')", "States.Format('\\{\\}')" },
  { "States.Format('{{}}', $.a)", "States.Format('\\{{}\\}', $.a)" },
  { "States.Format('')", "States.Format('')" },
  { "States.Format('a\nb')", "States.Format('a\nb')" },
  { "Foo.Bar(1)", "Foo.Bar(1)" },
  { "States.Array(States.Array(States.Array()))", "States.Array(States.Array(States.Array()))" },
};

static void
test_canonical (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (canonical_cases); i++)
    {
      g_autoptr(SwIntrinsic) call = NULL;
      g_autoptr(SwIntrinsic) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text2 = NULL;

      g_test_message ("%s", canonical_cases[i].text);
      call = parse_ok (canonical_cases[i].text);
      text = sw_intrinsic_to_string (call);
      g_assert_cmpstr (text, ==, canonical_cases[i].canonical);
      again = parse_ok (text);
      text2 = sw_intrinsic_to_string (again);
      g_assert_cmpstr (text2, ==, text);
    }
}

typedef struct
{
  const char *text;
  guint offset;
  const char *message_part;
} ErrorCase;

static const ErrorCase parse_errors[] = {
  { "", 0, "starts with a name" },
  { "$.a", 0, "starts with a name" },
  { " States.UUID()", 0, "starts with a name" },
  { "States.Format", 13, "Expected “(”" },
  { "States.Format ('x')", 13, "Expected “(”" },
  { "States.Format('x'", 13, "parenthesis is not closed" },
  { "States.Format('x)", 14, "string is not closed" },
  { "States.Format('x' 'y')", 18, "Expected “,” or “)”" },
  { "States.Format('x',)", 18, "Expected an argument" },
  { "States.Format(,)", 14, "Expected an argument" },
  { "States.Format(\"x\")", 14, "single quotes" },
  { "States.Format('\\n')", 15, "Unknown escape" },
  { "States.Format('\\\"')", 15, "Unknown escape" },
  { "States.Format($.)", 16, "Expected a name" },
  { "States.Format($.a b)", 18, "Expected “,” or “)”" },
  { "States.Format($[0)", 17, "Expected “,” or “]”" },
  { "States.Format($[0", 15, "bracket is not closed" },
  { "States.Format(foo)", 14, "Unknown word" },
  { "States.Format(@.a)", 14, "Expected an argument" },
  { "States.Format('x') ", 18, "Unexpected" },
  { "States.Format('x'))", 18, "Unexpected" },
  { "States.Array(01)", 13, "zero" },
  { "States.Array(-)", 14, "Expected a digit" },
  { "States.Array(1.)", 15, "decimal point" },
  { "States.Array(1e)", 15, "exponent" },
  { "States..Array()", 0, "function name" },
  { "States.Array.()", 0, "function name" },
  { "States.Format('日本', $.x y)", 24, "Expected “,” or “)”" },
  { "States.Format('{}', $states.input)", 20, "reserved for JSONata" },
  { "States.Format('{}', $a-b)", 22, "Expected “,” or “)”" },
  { "States.Array($.a[?(@.b == $v)])", 26, "Filters cannot read the variable" },
};

static void
test_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_errors); i++)
    {
      const ErrorCase *c = &parse_errors[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SwIntrinsic) call = NULL;
      g_autofree char *suffix = NULL;
      guint offset = G_MAXUINT;

      g_test_message ("%s", c->text);
      call = sw_intrinsic_parse (c->text, &offset, &error);
      g_assert_null (call);
      g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
      g_assert_cmpuint (offset, ==, c->offset);
      if (strstr (error->message, c->message_part) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->text, error->message, c->message_part);
      suffix = g_strdup_printf ("at offset %u", c->offset);
      g_assert_true (g_str_has_suffix (error->message, suffix));
    }
}

/* Paths inside calls may use the context object, in filters too. */
static void
test_parse_context_in_filter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwIntrinsic) call =
    sw_intrinsic_parse ("States.Format($..a[?(@.x == $$.y)])", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
}

static void
test_parse_encoding (void)
{
  g_autoptr(GError) error = NULL;
  guint offset = 0;

  g_assert_null (sw_intrinsic_parse ("States.Format('é\xff')", &offset, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING);
  g_assert_cmpuint (offset, ==, 16);
}

static void
test_parse_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwIntrinsic) call = NULL;
  guint offset = 0;

  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "States.Array(");
  g_assert_null (sw_intrinsic_parse (deep->str, &offset, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_nonnull (strstr (error->message, "too deeply"));
  g_assert_cmpuint (offset, ==, 13 * SW_INTRINSIC_MAX_DEPTH);
  g_clear_error (&error);

  for (guint i = 0; i < SW_INTRINSIC_MAX_DEPTH; i++)
    g_string_append (ok, "States.Array(");
  for (guint i = 0; i < SW_INTRINSIC_MAX_DEPTH; i++)
    g_string_append_c (ok, ')');
  call = sw_intrinsic_parse (ok->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);

  /* It parses, but the service allows far fewer calls per field. */
  g_assert_false (sw_intrinsic_check (call, &error));
  g_assert_nonnull (strstr (error->message, "at most 10"));
}

static const char * const valid_calls[] = {
  "States.Format('Hello {}', $.name)",
  "States.Format('no placeholders')",
  "States.Format('\\{\\}')",
  "States.Format('{} and {}', $.a, States.UUID())",
  "States.Format($.template, $.a)",
  "States.StringToJson($.s)",
  "States.StringToJson('{\"a\": 1}')",
  "States.JsonToString($.o)",
  "States.Array()",
  "States.Array(1, 'a', true, null, $.x, $$.Execution.Id)",
  "States.ArrayPartition($.a, 2)",
  "States.ArrayContains($.a, 'x')",
  "States.ArrayRange(1, 9, 2)",
  "States.ArrayRange(1, 1000, 1)",
  "States.ArrayRange(10, 0, -1)",
  "States.ArrayRange($.a, $.b, $.c)",
  "States.ArrayGetItem($.a, 0)",
  "States.ArrayGetItem(States.StringSplit($.s, ','), States.MathAdd($.i, 1))",
  "States.ArrayLength(States.Array(1, 2))",
  "States.ArrayUnique($.a)",
  "States.Base64Encode('hi')",
  "States.Base64Decode($.b)",
  "States.Hash($.a, 'MD5')",
  "States.Hash($.a, 'SHA-1')",
  "States.Hash($.a, 'SHA-256')",
  "States.Hash($.a, 'SHA-384')",
  "States.Hash($.a, 'SHA-512')",
  "States.Hash($.a, $.algorithm)",
  "States.JsonMerge($.a, $.b, false)",
  "States.JsonMerge(States.StringToJson($.s), $.b, false)",
  "States.MathRandom(1, 10)",
  "States.MathRandom(1, 10, 42)",
  "States.MathAdd($.v, -1)",
  "States.MathAdd($count, 1)",
  "States.Array($v, $v.a, $v[0], $$.Execution.Id, $)",
  "States.Format('{} scored {}', $modelName, $score)",
  "States.MathAdd(1.0, 2)",
  "States.MathAdd(States.ArrayLength($.a), 1)",
  "States.StringSplit($.s, ',')",
  "States.UUID()",
  /* The nine-call example of the Step Functions developer guide, whose template there has
   * one placeholder more than it has values. */
  "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
  "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem("
  "States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), "
  "'.'), 1))",
};

static void
test_check_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_calls); i++)
    {
      g_autoptr(SwIntrinsic) call = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("%s", valid_calls[i]);
      call = parse_ok (valid_calls[i]);
      ok = sw_intrinsic_check (call, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
    }
}

static const ErrorCase check_errors[] = {
  { "States.Foo()", 0, "Unknown intrinsic function “States.Foo”" },
  { "states.format('x')", 0, "Unknown intrinsic function" },
  { "States.UUID(1)", 12, "takes no arguments" },
  { "States.Hash($.a)", 15, "takes 2 arguments but has 1" },
  { "States.Format()", 14, "takes at least 1 argument but has 0" },
  { "States.MathRandom(1)", 19, "takes at least 2 arguments but has 1" },
  { "States.MathRandom(1, 2, 3, 4)", 27, "takes at most 3 arguments but has 4" },
  { "States.ArrayLength($.a, $.b)", 24, "takes 1 argument but has 2" },
  { "States.Hash($.a, 'SHA-3')", 17, "algorithm “SHA-3”" },
  { "States.Hash($.a, 'sha-256')", 17, "algorithm" },
  { "States.Hash(1, 'MD5')", 12, "Argument 1 of States.Hash must be a string" },
  { "States.Hash($.a, 256)", 17, "Argument 2 of States.Hash must be a string" },
  { "States.Format('{} {}', $.a)", 14, "has 2 placeholders" },
  { "States.Format('{}')", 14, "placeholders" },
  { "States.Format('\\{\\}', $.a)", 14, "has 0 placeholders" },
  { "States.Format(1)", 14, "must be a string" },
  { "States.Format(States.Array())", 14, "but States.Array returns an array" },
  { "States.JsonMerge($.a, $.b, true)", 27, "shallow" },
  { "States.JsonMerge($.a, 'x', false)", 22, "must be an object" },
  { "States.JsonMerge($.a, $.b, 0)", 27, "must be a boolean" },
  { "States.ArrayRange(1, 2000, 1)", 0, "at most 1000" },
  { "States.ArrayRange(1, 1001, 1)", 0, "has 1001" },
  { "States.ArrayRange(0, 10, 0)", 25, "cannot be 0" },
  { "States.ArrayRange(0, 1.5, 1)", 21, "must be an integer" },
  { "States.ArrayLength('abc')", 19, "must be an array" },
  { "States.ArrayLength(States.UUID())", 19, "States.UUID returns a string" },
  { "States.ArrayContains(null, 1)", 21, "must be an array" },
  { "States.ArrayGetItem($.a, -1)", 25, "negative" },
  { "States.ArrayGetItem($.a, 'x')", 25, "must be an integer" },
  { "States.ArrayPartition($.a, 0)", 27, "positive" },
  { "States.MathAdd(1.5, 1)", 15, "must be an integer" },
  { "States.MathAdd(States.Format('x'), 1)", 15, "returns a string" },
  { "States.MathAdd(true, 1)", 15, "must be an integer" },
  { "States.StringSplit($.s, 1)", 24, "must be a string" },
  { "States.StringToJson(States.StringToJson($.s))", 0, "" },
  { "States.Array(States.Nope())", 13, "Unknown intrinsic function “States.Nope”" },
  { "States.Array(1, States.Hash($.a))", 31, "takes 2 arguments" },
};

static void
test_check_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_errors); i++)
    {
      const ErrorCase *c = &check_errors[i];
      g_autoptr(SwIntrinsic) call = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *suffix = NULL;
      guint offset = G_MAXUINT;

      g_test_message ("%s", c->text);
      call = parse_ok (c->text);

      /* A nested call whose result type is unknown ("any value") passes. */
      if (*c->message_part == '\0')
        {
          g_assert_true (sw_intrinsic_check (call, &error));
          g_assert_no_error (error);
          continue;
        }

      g_assert_false (sw_intrinsic_check_full (call, &offset, &error));
      g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
      g_assert_cmpuint (offset, ==, c->offset);
      if (strstr (error->message, c->message_part) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->text, error->message, c->message_part);
      suffix = g_strdup_printf ("at offset %u", c->offset);
      g_assert_true (g_str_has_suffix (error->message, suffix));
    }
}

static void
test_check_limits (void)
{
  g_autoptr(GString) eleven = g_string_new (NULL);
  g_autoptr(GString) ten = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new ("States.Base64Encode('");
  g_autoptr(SwIntrinsic) call = NULL;
  g_autoptr(GError) error = NULL;
  guint offset = 0;

  for (guint i = 0; i < 10; i++)
    g_string_append (eleven, "States.Array(");
  g_string_append (eleven, "States.UUID()");
  for (guint i = 0; i < 10; i++)
    g_string_append_c (eleven, ')');
  call = parse_ok (eleven->str);
  g_assert_false (sw_intrinsic_check_full (call, &offset, &error));
  g_assert_cmpuint (offset, ==, 130);
  g_assert_nonnull (strstr (error->message, "at most 10 intrinsic functions"));
  g_clear_error (&error);
  g_clear_pointer (&call, sw_intrinsic_free);

  for (guint i = 0; i < 9; i++)
    g_string_append (ten, "States.Array(");
  g_string_append (ten, "States.UUID()");
  for (guint i = 0; i < 9; i++)
    g_string_append_c (ten, ')');
  call = parse_ok (ten->str);
  g_assert_true (sw_intrinsic_check (call, &error));
  g_assert_no_error (error);
  g_clear_pointer (&call, sw_intrinsic_free);

  for (guint i = 0; i < 10001; i++)
    g_string_append_c (long_text, 'a');
  g_string_append (long_text, "')");
  call = parse_ok (long_text->str);
  g_assert_false (sw_intrinsic_check_full (call, &offset, &error));
  g_assert_cmpuint (offset, ==, 20);
  g_assert_nonnull (strstr (error->message, "at most 10000 characters"));
}

static void
test_functions_table (void)
{
  static const struct { const char *name; guint min; guint max; } expected[] = {
    { "States.Format", 1, G_MAXUINT },
    { "States.StringToJson", 1, 1 },
    { "States.JsonToString", 1, 1 },
    { "States.Array", 0, G_MAXUINT },
    { "States.ArrayPartition", 2, 2 },
    { "States.ArrayContains", 2, 2 },
    { "States.ArrayRange", 3, 3 },
    { "States.ArrayGetItem", 2, 2 },
    { "States.ArrayLength", 1, 1 },
    { "States.ArrayUnique", 1, 1 },
    { "States.Base64Encode", 1, 1 },
    { "States.Base64Decode", 1, 1 },
    { "States.Hash", 2, 2 },
    { "States.JsonMerge", 3, 3 },
    { "States.MathRandom", 2, 3 },
    { "States.MathAdd", 2, 2 },
    { "States.StringSplit", 2, 2 },
    { "States.UUID", 0, 0 },
  };
  const SwIntrinsicFunction *all;
  guint n = 0;

  all = sw_intrinsic_get_functions (&n);
  g_assert_cmpuint (n, ==, 18);
  g_assert_nonnull (all);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SwIntrinsicFunction *f = sw_intrinsic_lookup (expected[i].name);

      g_assert_nonnull (f);
      g_assert_cmpstr (f->name, ==, expected[i].name);
      g_assert_cmpuint (f->min_args, ==, expected[i].min);
      g_assert_cmpuint (f->max_args, ==, expected[i].max);
    }
  g_assert_null (sw_intrinsic_lookup ("States.format"));
  g_assert_null (sw_intrinsic_lookup ("States.Nope"));

  g_assert_cmpint (sw_intrinsic_arg_type (sw_intrinsic_lookup ("States.Hash"), 1), ==,
                   SW_INTRINSIC_TYPE_STRING);
  g_assert_cmpint (sw_intrinsic_arg_type (sw_intrinsic_lookup ("States.Format"), 7), ==,
                   SW_INTRINSIC_TYPE_ANY);
  g_assert_cmpint (sw_intrinsic_lookup ("States.ArrayLength")->result, ==,
                   SW_INTRINSIC_TYPE_INTEGER);
  g_assert_cmpstr (sw_intrinsic_type_to_string (SW_INTRINSIC_TYPE_ARRAY), ==, "an array");
}

static void
test_looks_like_call (void)
{
  g_assert_true (sw_intrinsic_looks_like_call ("States.Format('x')"));
  g_assert_true (sw_intrinsic_looks_like_call ("States.Nope"));
  g_assert_false (sw_intrinsic_looks_like_call ("$.States"));
  g_assert_false (sw_intrinsic_looks_like_call ("states.Format('x')"));
  g_assert_false (sw_intrinsic_looks_like_call (" States.UUID()"));
  g_assert_false (sw_intrinsic_looks_like_call (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/intrinsic/tree-format", test_tree_format);
  g_test_add_func ("/asl/intrinsic/tree-nested", test_tree_nested);
  g_test_add_func ("/asl/intrinsic/tree-escapes", test_tree_escapes);
  g_test_add_func ("/asl/intrinsic/tree-empty", test_tree_empty);
  g_test_add_func ("/asl/intrinsic/tree-paths", test_tree_paths);
  g_test_add_func ("/asl/intrinsic/tree-offsets-in-characters", test_tree_offsets_in_characters);
  g_test_add_func ("/asl/intrinsic/tree-variables", test_tree_variables);
  g_test_add_func ("/asl/intrinsic/canonical", test_canonical);
  g_test_add_func ("/asl/intrinsic/parse-errors", test_parse_errors);
  g_test_add_func ("/asl/intrinsic/parse-context-in-filter", test_parse_context_in_filter);
  g_test_add_func ("/asl/intrinsic/parse-encoding", test_parse_encoding);
  g_test_add_func ("/asl/intrinsic/parse-depth", test_parse_depth);
  g_test_add_func ("/asl/intrinsic/check-valid", test_check_valid);
  g_test_add_func ("/asl/intrinsic/check-errors", test_check_errors);
  g_test_add_func ("/asl/intrinsic/check-limits", test_check_limits);
  g_test_add_func ("/asl/intrinsic/functions-table", test_functions_table);
  g_test_add_func ("/asl/intrinsic/looks-like-call", test_looks_like_call);

  return g_test_run ();
}
