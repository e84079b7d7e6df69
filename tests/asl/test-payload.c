/* test-payload.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-payload.h"

static SwValue *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (json, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static SwValue *variables;
static SwValue *context;
static guint context_builds;

static SwValue *
get_variable (const char *name,
              gpointer    data)
{
  return variables != NULL ? sw_value_object_get (variables, name) : NULL;
}

static SwValue *
get_context (gpointer data)
{
  context_builds++;
  return context;
}

static char *
expand (const char  *template,
        const char  *input,
        GError     **error)
{
  g_autoptr(SwValue) tree = parse (template);
  g_autoptr(SwValue) data = parse (input);
  g_autoptr(SwPayload) payload = NULL;
  g_autoptr(SwValue) result = NULL;
  SwEvalScope scope = { data, NULL, get_context, get_variable, NULL };

  payload = sw_payload_compile (tree, error);
  if (payload == NULL)
    return NULL;
  result = sw_payload_expand (payload, &scope, error);
  return result != NULL ? sw_json_write (result, SW_JSON_WRITE_COMPACT, NULL) : NULL;
}

static void
test_template_basic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = expand ("{\"comment\":\"x\",\"MyDetails\":{\"size.$\":\"$.product.details.size\","
                "\"exists.$\":\"$.product.availability\",\"StaticValue\":\"foo\"}}",
                "{\"product\":{\"details\":{\"color\":\"blue\",\"size\":\"small\"},"
                "\"availability\":\"in stock\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "{\"comment\":\"x\",\"MyDetails\":{\"size\":\"small\","
                   "\"exists\":\"in stock\",\"StaticValue\":\"foo\"}}");
}

static void
test_template_nested (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  /* Objects inside arrays are templates too; `$` alone is the whole input; indefinite paths
   * give arrays. */
  out = expand ("{\"list\":[{\"a.$\":\"$.a\"},2,[{\"all.$\":\"$\"}]],\"ids.$\":\"$.xs[*].id\"}",
                "{\"a\":1,\"xs\":[{\"id\":7},{\"id\":8}]}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "{\"list\":[{\"a\":1},2,[{\"all\":{\"a\":1,\"xs\":[{\"id\":7},"
                   "{\"id\":8}]}}]],\"ids\":[7,8]}");
}

static void
test_template_constant (void)
{
  g_autoptr(SwValue) tree = parse ("{\"a\":[1,{\"b\":2}],\"c\":\"$.not-a-path\"}");
  g_autoptr(SwPayload) payload = sw_payload_compile (tree, NULL);
  g_autoptr(SwValue) first = NULL;
  g_autoptr(SwValue) second = NULL;
  g_autoptr(SwValue) data = sw_value_new_object ();
  SwEvalScope scope = { data, NULL, NULL, NULL, NULL };

  g_assert_nonnull (payload);
  g_assert_true (sw_payload_is_constant (payload));
  g_assert_false (sw_payload_uses_context (payload));
  first = sw_payload_expand (payload, &scope, NULL);
  second = sw_payload_expand (payload, &scope, NULL);
  /* Constant templates are shared, not copied. */
  g_assert_true (first == tree);
  g_assert_true (second == tree);
}

static void
test_template_intrinsic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = expand ("{\"greeting.$\":\"States.Format('Hi {}', $.name)\","
                "\"n.$\":\"States.MathAdd($.n, 1)\"}", "{\"name\":\"Ana\",\"n\":41}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "{\"greeting\":\"Hi Ana\",\"n\":42}");

  out = (g_free (out), expand ("{\"x.$\":\"States.ArrayGetItem($.a, 9)\"}", "{\"a\":[1]}",
                               &error));
  g_assert_null (out);
  g_assert_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INTRINSIC);
  g_assert_nonnull (strstr (error->message, "'x.$'"));
}

static void
test_template_missing_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = expand ("{\"address.$\":\"$.application.address\"}", "{\"flagged\":false}", &error);
  g_assert_null (out);
  g_assert_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH);
  /* The service's wording. */
  g_assert_cmpstr (error->message, ==,
                   "The JSONPath '$.application.address' specified for the field 'address.$' "
                   "could not be found in the input '{\"flagged\":false}'");
}

static void
test_template_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = expand ("{\"a.$\":5}", "{}", &error);
  g_assert_null (out);
  g_assert_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID);
  g_clear_error (&error);

  out = expand ("{\"a.$\":\"$..[\"}", "{}", &error);
  g_assert_null (out);
  g_assert_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID);
  g_clear_error (&error);

  out = expand ("{\"a.$\":\"States.MathAdd(1)\"}", "{}", &error);
  g_assert_null (out);
  g_assert_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INVALID);
}

static void
test_template_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(SwValue) tree = parse ("{\"id.$\":\"$$.Execution.Id\"}");
  g_autoptr(SwPayload) payload = sw_payload_compile (tree, NULL);

  g_assert_true (sw_payload_uses_context (payload));

  context = parse ("{\"Execution\":{\"Id\":\"arn:x\"},\"Map\":{\"Item\":{\"Index\":3}}}");
  context_builds = 0;
  out = expand ("{\"id.$\":\"$$.Execution.Id\",\"i.$\":\"$$.Map.Item.Index\","
                "\"in.$\":\"$.v\"}", "{\"v\":true}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "{\"id\":\"arn:x\",\"i\":3,\"in\":true}");
  /* Built once, on first use. */
  g_assert_cmpuint (context_builds, ==, 1);

  g_free (out);
  context_builds = 0;
  out = expand ("{\"in.$\":\"$.v\"}", "{\"v\":true}", &error);
  g_assert_cmpuint (context_builds, ==, 0);
  g_clear_pointer (&context, sw_value_unref);
}

static void
test_template_variables (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  variables = parse ("{\"product\":{\"name\":\"pen\",\"tags\":[\"a\",\"b\"]},\"count\":2}");
  out = expand ("{\"name.$\":\"$product.name\",\"second.$\":\"$product.tags[1]\","
                "\"n.$\":\"$count\",\"whole.$\":\"$product\"}", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "{\"name\":\"pen\",\"second\":\"b\",\"n\":2,"
                   "\"whole\":{\"name\":\"pen\",\"tags\":[\"a\",\"b\"]}}");

  g_free (out);
  out = expand ("{\"x.$\":\"$unknown\"}", "{}", &error);
  g_assert_null (out);
  g_assert_error (error, SW_EVAL_ERROR, SW_EVAL_ERROR_PATH);
  g_assert_nonnull (strstr (error->message, "$unknown"));
  g_clear_pointer (&variables, sw_value_unref);
}

static void
test_eval_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwEvalPath) plain = sw_eval_path_parse ("$.a[0]", SW_PATH_DEFAULT, &error);
  g_autoptr(SwEvalPath) root = sw_eval_path_parse ("$", SW_PATH_DEFAULT, &error);
  g_autoptr(SwEvalPath) var = sw_eval_path_parse ("$my_var2.x", SW_PATH_DEFAULT, &error);
  g_autoptr(GError) ctx_error = NULL;
  g_autoptr(SwEvalPath) ctx = sw_eval_path_parse ("$$.State.Name", SW_PATH_DEFAULT, &ctx_error);
  g_autoptr(SwValue) data = parse ("{\"a\":[\"first\"]}");
  g_autoptr(SwValue) got = NULL;
  SwEvalScope scope = { data, NULL, NULL, NULL, NULL };

  g_assert_no_error (error);
  g_assert_null (ctx);   /* $$ needs SW_PATH_ALLOW_CONTEXT */
  g_assert_error (ctx_error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_nonnull (plain);
  g_assert_null (sw_eval_path_get_variable (plain));
  g_assert_true (sw_eval_path_is_root (root));
  g_assert_false (sw_eval_path_is_root (plain));
  g_assert_cmpstr (sw_eval_path_get_variable (var), ==, "my_var2");
  g_assert_cmpstr (sw_eval_path_get_text (var), ==, "$my_var2.x");

  got = sw_eval_path_get (plain, &scope, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_value_get_string (got), ==, "first");
  /* Shared with the input, not copied. */
  g_assert_true (got == sw_value_array_get (sw_value_object_get (data, "a"), 0));
  g_assert_true (sw_eval_path_lookup (root, &scope) == data);
  g_assert_null (sw_eval_path_lookup (var, &scope));
}

static void
test_json_equal (void)
{
  static const char *equal[][2] = {
    { "1", "1.0" }, { "1e2", "100" }, { "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1.00}" },
    { "[1,[2]]", "[1.0,[2e0]]" }, { "\"x\"", "\"x\"" }, { "null", "null" },
  };
  static const char *different[][2] = {
    { "1", "\"1\"" }, { "[1,2]", "[2,1]" }, { "{\"a\":1}", "{\"a\":1,\"b\":2}" },
    { "true", "false" }, { "0", "null" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (equal); i++)
    {
      g_autoptr(SwValue) a = parse (equal[i][0]);
      g_autoptr(SwValue) b = parse (equal[i][1]);

      g_assert_true (sw_eval_json_equal (a, b));
    }
  for (guint i = 0; i < G_N_ELEMENTS (different); i++)
    {
      g_autoptr(SwValue) a = parse (different[i][0]);
      g_autoptr(SwValue) b = parse (different[i][1]);

      g_assert_false (sw_eval_json_equal (a, b));
    }
}

static void
test_json_size (void)
{
  static const char *values[] = {
    "{}", "[]", "null", "true", "false", "1.50e3", "\"\"", "\"a\\\"b\\\\c\\n\\t\\u0001é\"",
    "{\"k\":[1,2,{\"x\":null}],\"é\":\"✓\"}", "[[],[[]],{}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(SwValue) value = parse (values[i]);
      gsize length;
      g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, &length);

      g_assert_cmpuint (sw_eval_json_size (value, G_MAXSIZE), ==, length);
    }

  {
    g_autoptr(SwValue) big = sw_value_new_array ();

    for (guint i = 0; i < 100000; i++)
      sw_value_array_append (big, sw_value_new_string ("0123456789"));
    /* Counting stops soon after the limit. */
    g_assert_cmpuint (sw_eval_json_size (big, 1000), >, 1000);
    g_assert_cmpuint (sw_eval_json_size (big, 1000), <, 2000);
    g_assert_cmpuint (sw_eval_json_size (big, G_MAXSIZE), ==, 100000 * 13 + 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/payload/template-basic", test_template_basic);
  g_test_add_func ("/asl/payload/template-nested", test_template_nested);
  g_test_add_func ("/asl/payload/template-constant", test_template_constant);
  g_test_add_func ("/asl/payload/template-intrinsic", test_template_intrinsic);
  g_test_add_func ("/asl/payload/template-missing-path", test_template_missing_path);
  g_test_add_func ("/asl/payload/template-invalid", test_template_invalid);
  g_test_add_func ("/asl/payload/template-context", test_template_context);
  g_test_add_func ("/asl/payload/template-variables", test_template_variables);
  g_test_add_func ("/asl/payload/eval-path", test_eval_path);
  g_test_add_func ("/asl/payload/json-equal", test_json_equal);
  g_test_add_func ("/asl/payload/json-size", test_json_size);

  return g_test_run ();
}
