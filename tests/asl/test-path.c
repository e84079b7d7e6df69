/* test-path.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-path-private.h"
#include "sw-value.h"

/* Goessner's example document, with the `expensive` member his filter examples use. */
static const char bookstore_json[] =
  "{ \"store\": {\n"
  "    \"book\": [\n"
  "      { \"category\": \"reference\", \"author\": \"Nigel Rees\",\n"
  "        \"title\": \"Sayings of the Century\", \"price\": 8.95 },\n"
  "      { \"category\": \"fiction\", \"author\": \"Evelyn Waugh\",\n"
  "        \"title\": \"Sword of Honour\", \"price\": 12.99 },\n"
  "      { \"category\": \"fiction\", \"author\": \"Herman Melville\",\n"
  "        \"title\": \"Moby Dick\", \"isbn\": \"0-553-21311-3\", \"price\": 8.99 },\n"
  "      { \"category\": \"fiction\", \"author\": \"J. R. R. Tolkien\",\n"
  "        \"title\": \"The Lord of the Rings\", \"isbn\": \"0-395-19395-8\", \"price\": 22.99 }\n"
  "    ],\n"
  "    \"bicycle\": { \"color\": \"red\", \"price\": 19.95 }\n"
  "  },\n"
  "  \"expensive\": 10\n"
  "}\n";

static SwValue *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

static char *
to_compact (const SwValue *value)
{
  return sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
}

/* Selects @path_text in @doc and returns the matches as compact JSON array text. */
static char *
select_json (const char *path_text,
             SwValue    *doc,
             SwValue    *context)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPath) path = sw_path_parse (path_text, SW_PATH_ALLOW_CONTEXT, NULL, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(SwValue) array = sw_value_new_array ();

  g_assert_no_error (error);
  found = sw_path_select (path, doc, context);
  for (guint i = 0; i < found->len; i++)
    sw_value_array_append (array, sw_value_copy (g_ptr_array_index (found, i)));
  return to_compact (array);
}

typedef struct
{
  const char *text;
  SwPathFlags flags;
  const char *canonical;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "$", 0, "$" },
  { "$$", SW_PATH_ALLOW_CONTEXT, "$$" },
  { "$$.Execution.Id", SW_PATH_ALLOW_CONTEXT, "$$.Execution.Id" },
  { "$.a", 0, "$.a" },
  { "$.a.b.c[0].d", 0, "$.a.b.c[0].d" },
  { "$['a']", 0, "$.a" },
  { "$[\"a\"]", 0, "$.a" },
  { "$['a b']", 0, "$['a b']" },
  { "$['it\\'s']", 0, "$['it\\'s']" },
  { "$[\"it's\"]", 0, "$['it\\'s']" },
  { "$[\"say \\\"hi\\\"\"]", 0, "$['say \"hi\"']" },
  { "$['caf\\u00e9']", 0, "$.café" },
  { "$['\\ud83d\\ude00']", 0, "$.\xf0\x9f\x98\x80" },
  { "$['line\\nbreak']", 0, "$['line\\nbreak']" },
  { "$['back\\\\slash']", 0, "$['back\\\\slash']" },
  { "$['a.b']", 0, "$['a.b']" },
  { "$['']", 0, "$['']" },
  { "$['*']", 0, "$['*']" },
  { "$.a-b", 0, "$.a-b" },
  { "$.日本", 0, "$.日本" },
  { "$.0", 0, "$.0" },
  { "$.$ref", 0, "$.$ref" },
  { "$[0]", 0, "$[0]" },
  { "$[-1]", 0, "$[-1]" },
  { "$[007]", 0, "$[7]" },
  { "$[ 0 , 1 ]", 0, "$[0,1]" },
  { "$['a','b']", 0, "$['a','b']" },
  { "$['a',0,*]", 0, "$['a',0,*]" },
  { "$.*", 0, "$[*]" },
  { "$[*]", 0, "$[*]" },
  { "$.a[*].b", 0, "$.a[*].b" },
  { "$..a", 0, "$..a" },
  { "$..*", 0, "$..*" },
  { "$..[*]", 0, "$..*" },
  { "$..[0]", 0, "$..[0]" },
  { "$..['a b']", 0, "$..['a b']" },
  { "$..['a','b']", 0, "$..['a','b']" },
  { "$[1:3]", 0, "$[1:3]" },
  { "$[:2]", 0, "$[:2]" },
  { "$[-2:]", 0, "$[-2:]" },
  { "$[::2]", 0, "$[::2]" },
  { "$[::]", 0, "$[:]" },
  { "$[:]", 0, "$[:]" },
  { "$[ 3 : 1 : -1 ]", 0, "$[3:1:-1]" },
  { "$[?(@.price<10)]", 0, "$[?(@.price < 10)]" },
  { "$[?(@.isbn)]", 0, "$[?(@.isbn)]" },
  { "$[?@.isbn]", 0, "$[?(@.isbn)]" },
  { "$[?( @.a )]", 0, "$[?(@.a)]" },
  { "$[?(@.a == 'x' && @.b != \"y\" || @.c >= -1.5e3)]", 0,
    "$[?(@.a == 'x' && @.b != 'y' || @.c >= -1.5e3)]" },
  { "$[?((@.a || @.b) && @.c)]", 0, "$[?((@.a || @.b) && @.c)]" },
  { "$[?(@.a || (@.b || @.c))]", 0, "$[?(@.a || (@.b || @.c))]" },
  { "$[?((@.a && @.b) || @.c)]", 0, "$[?(@.a && @.b || @.c)]" },
  { "$[?(!(@.a == 1))]", 0, "$[?(!(@.a == 1))]" },
  { "$[?(!@.a)]", 0, "$[?(!@.a)]" },
  { "$[?(!!@.a)]", 0, "$[?(!!@.a)]" },
  { "$[?(@.a==true||@.b==null||@.c==false)]", 0,
    "$[?(@.a == true || @.b == null || @.c == false)]" },
  { "$[?(@.price < $.expensive)]", 0, "$[?(@.price < $.expensive)]" },
  { "$[?(@.id == $$.Map.Item.Index)]", SW_PATH_ALLOW_CONTEXT,
    "$[?(@.id == $$.Map.Item.Index)]" },
  { "$[?(@['a b'] == 1)]", 0, "$[?(@['a b'] == 1)]" },
  { "$[?(@ == 'red')]", 0, "$[?(@ == 'red')]" },
  { "$[?(@.a[?(@.b > 0)])]", 0, "$[?(@.a[?(@.b > 0)])]" },
  { "$[?(@.a[*])]", 0, "$[?(@.a[*])]" },
  { "$[?(1 == 1)]", 0, "$[?(1 == 1)]" },
  { "$[?(@.a == -0.5)]", 0, "$[?(@.a == -0.5)]" },
  /* Workflow variables */
  { "$myVar", SW_PATH_ALLOW_VARIABLES, "$myVar" },
  { "$my_var2.field", SW_PATH_ALLOW_VARIABLES, "$my_var2.field" },
  { "$_x[0]", SW_PATH_ALLOW_VARIABLES, "$_x[0]" },
  { "$übung['a b'][-1]", SW_PATH_ALLOW_VARIABLES, "$übung['a b'][-1]" },
  { "$order..items[?(@.n > 1)]", SW_PATH_ALLOW_VARIABLES, "$order..items[?(@.n > 1)]" },
  { "$v.a", SW_PATH_ALLOW_VARIABLES | SW_PATH_REFERENCE, "$v.a" },
  { "$.statesx", SW_PATH_ALLOW_VARIABLES, "$.statesx" },
  { "$statesx", SW_PATH_ALLOW_VARIABLES, "$statesx" },
};

static void
test_parse_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SwPath) path = NULL;
      g_autoptr(SwPath) again = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *canonical2 = NULL;

      g_test_message ("%s", c->text);
      path = sw_path_parse (c->text, c->flags, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (path);
      g_assert_cmpstr (sw_path_get_text (path), ==, c->text);

      canonical = sw_path_to_string (path);
      g_assert_cmpstr (canonical, ==, c->canonical);

      /* The canonical form reads back as the same path. */
      again = sw_path_parse (canonical, c->flags, NULL, &error);
      g_assert_no_error (error);
      canonical2 = sw_path_to_string (again);
      g_assert_cmpstr (canonical2, ==, canonical);
    }
}

typedef struct
{
  const char *text;
  SwPathFlags flags;
  guint offset;
  const char *message_part;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", 0, 0, "must start with" },
  { "a", 0, 0, "must start with" },
  { " $.a", 0, 0, "must start with" },
  { "@.a", 0, 0, "must start with" },
  { "$.", 0, 2, "Expected a name" },
  { "$.a.", 0, 4, "Expected a name" },
  { "$a", 0, 0, "variable “$a” cannot be used here" },
  { "$1", SW_PATH_ALLOW_VARIABLES, 1, "Expected “.” or “[”" },
  { "$a-b", SW_PATH_ALLOW_VARIABLES, 2, "Expected “.” or “[”" },
  { "$a.", SW_PATH_ALLOW_VARIABLES, 3, "Expected a name" },
  { "$states", SW_PATH_ALLOW_VARIABLES, 0, "reserved for JSONata" },
  { "$states.input", SW_PATH_ALLOW_VARIABLES | SW_PATH_ALLOW_CONTEXT, 0, "reserved" },
  { "$states.input", 0, 0, "reserved for JSONata" },
  { "$.a[?(@.b == $v)]", SW_PATH_ALLOW_VARIABLES, 13, "Filters cannot read the variable “$v”" },
  { "$v[*]", SW_PATH_ALLOW_VARIABLES | SW_PATH_REFERENCE, 3, "wildcard" },
  { "$.a b", 0, 3, "white space" },
  { "$.a ", 0, 3, "white space" },
  { "$.a)", 0, 3, "Expected “.” or “[”" },
  { "$.a.[0]", 0, 3, "directly after" },
  { "$...a", 0, 3, "after “..”" },
  { "$..", 0, 3, "after “..”" },
  { "$[", 0, 1, "not closed" },
  { "$[0", 0, 1, "not closed" },
  { "$['a'", 0, 1, "not closed" },
  { "$[]", 0, 2, "Expected a quoted name" },
  { "$[0,]", 0, 4, "Expected a quoted name" },
  { "$['a", 0, 2, "string is not closed" },
  { "$['a\\x']", 0, 4, "Unknown escape" },
  { "$['\\u12']", 0, 7, "hexadecimal" },
  { "$['\\ud800']", 0, 3, "surrogate" },
  { "$['\\udc00']", 0, 3, "surrogate" },
  { "$['\\u0000']", 0, 3, "U+0000" },
  { "$['tab\there']", 0, 6, "Control characters" },
  { "$[a]", 0, 2, "Expected a quoted name" },
  { "$[1.5]", 0, 3, "Expected “,” or “]”" },
  { "$[-]", 0, 3, "Expected a digit" },
  { "$[99999999999999999999]", 0, 2, "too large" },
  { "$[1:2:3:4]", 0, 7, "Expected “,” or “]”" },
  { "$[?(@.a = 1)]", 0, 8, "==" },
  { "$[?(@.a =~ /x/)]", 0, 8, "not supported" },
  { "$[?(@.a in ['x'])]", 0, 8, "not supported" },
  { "$[?(1)]", 0, 4, "not a test" },
  { "$[?('x')]", 0, 4, "not a test" },
  { "$[?(@.a < 1]", 0, 11, "Expected “)”" },
  { "$[?(@.a < 1", 0, 3, "parenthesis is not closed" },
  { "$[?(@.a < )]", 0, 10, "Expected a path, a string" },
  { "$[?(@.a == tru)]", 0, 11, "Unknown word" },
  { "$[?(@.a == 01)]", 0, 11, "zero" },
  { "$[?(@.a == 1.)]", 0, 13, "decimal point" },
  { "$[?(@.a == 1e)]", 0, 13, "exponent" },
  { "$[?(@.a & @.b)]", 0, 8, "&&" },
  { "$[?(@.a | @.b)]", 0, 8, "||" },
  { "$[?(@.a[*] == 1)]", 0, 4, "definite" },
  { "$[?(1 == @..a)]", 0, 9, "definite" },
  { "$[?(@.a == $$.b)]", 0, 11, "context object" },
  { "$[?(a)]", 0, 4, "Unknown word" },
  { "$$.a", 0, 0, "context object" },
  { "$$", 0, 0, "context object" },
  { "$.日本 x", 0, 4, "white space" },
  { "$['日本'] ]", 0, 7, "white space" },
  /* Reference paths */
  { "$..a", SW_PATH_REFERENCE, 1, "“..”" },
  { "$.a[*]", SW_PATH_REFERENCE, 4, "wildcard" },
  { "$.*", SW_PATH_REFERENCE, 2, "wildcard" },
  { "$[0,1]", SW_PATH_REFERENCE, 4, "several" },
  { "$['a','b']", SW_PATH_REFERENCE, 6, "several" },
  { "$.a[1:2]", SW_PATH_REFERENCE, 4, "slices" },
  { "$.a[?(@.b)]", SW_PATH_REFERENCE, 4, "filter" },
  { "$$.Execution", SW_PATH_REFERENCE, 0, "context object" },
  { "$.a b", SW_PATH_REFERENCE, 3, "white space" },
};

static void
test_parse_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SwPath) path = NULL;
      g_autofree char *suffix = NULL;
      guint offset = G_MAXUINT;

      g_test_message ("%s", c->text);
      path = sw_path_parse (c->text, c->flags, &offset, &error);
      g_assert_null (path);
      g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
      g_assert_cmpuint (offset, ==, c->offset);
      if (strstr (error->message, c->message_part) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->text, error->message, c->message_part);
      suffix = g_strdup_printf ("at offset %u", c->offset);
      g_assert_true (g_str_has_suffix (error->message, suffix));
    }
}

static void
test_parse_encoding (void)
{
  g_autoptr(GError) error = NULL;
  guint offset = 0;

  g_assert_null (sw_path_parse ("$.é\xff", 0, &offset, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_ENCODING);
  g_assert_cmpuint (offset, ==, 3);
}

static void
test_parse_depth (void)
{
  g_autoptr(GString) parens = g_string_new ("$[?");
  g_autoptr(GString) nots = g_string_new ("$[?(");
  g_autoptr(GString) filters = g_string_new ("$");
  g_autoptr(GString) ok = g_string_new ("$[?");
  g_autoptr(GString) chain = g_string_new ("$[?(@.a");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPath) path = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (parens, '(');
  g_assert_null (sw_path_parse (parens->str, 0, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_nonnull (strstr (error->message, "too deeply"));
  g_clear_error (&error);

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nots, '!');
  g_string_append (nots, "@.a)]");
  g_assert_null (sw_path_parse (nots->str, 0, NULL, &error));
  g_assert_nonnull (strstr (error->message, "too deeply"));
  g_clear_error (&error);

  for (guint i = 0; i < 1000; i++)
    g_string_append (filters, "[?(@");
  g_assert_null (sw_path_parse (filters->str, 0, NULL, &error));
  g_assert_nonnull (strstr (error->message, "too deeply"));
  g_clear_error (&error);

  /* Below the limit nesting works. */
  for (guint i = 0; i < 30; i++)
    g_string_append_c (ok, '(');
  g_string_append (ok, "@.a");
  for (guint i = 0; i < 30; i++)
    g_string_append_c (ok, ')');
  g_string_append_c (ok, ']');
  path = sw_path_parse (ok->str, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&path, sw_path_unref);

  /* Long flat chains are not nesting. */
  for (guint i = 0; i < 5000; i++)
    g_string_append (chain, " && @.a");
  g_string_append (chain, ")]");
  path = sw_path_parse (chain->str, 0, NULL, &error);
  g_assert_no_error (error);
}

static void
test_properties (void)
{
  g_autoptr(SwPath) root = sw_path_parse ("$", 0, NULL, NULL);
  g_autoptr(SwPath) definite = sw_path_parse ("$.a['b'][-1]", SW_PATH_REFERENCE, NULL, NULL);
  g_autoptr(SwPath) context = sw_path_parse ("$$.Map.Item.Value", SW_PATH_REFERENCE |
                                             SW_PATH_ALLOW_CONTEXT, NULL, NULL);
  g_autoptr(SwPath) wild = sw_path_parse ("$.a[*]", 0, NULL, NULL);
  g_autoptr(SwPath) union_ = sw_path_parse ("$[0,1]", 0, NULL, NULL);
  g_autoptr(SwPath) filter = sw_path_parse ("$[?(@.a)]", 0, NULL, NULL);
  g_autoptr(SwPath) desc = sw_path_parse ("$..a", 0, NULL, NULL);
  g_autoptr(SwPath) ref = NULL;

  g_assert_true (sw_path_is_definite (root));
  g_assert_true (sw_path_is_root (root));
  g_assert_false (sw_path_has_context_root (root));
  g_assert_cmpuint (sw_path_get_n_steps (root), ==, 0);

  g_assert_true (sw_path_is_definite (definite));
  g_assert_false (sw_path_is_root (definite));
  g_assert_cmpuint (sw_path_get_n_steps (definite), ==, 3);

  g_assert_true (sw_path_is_definite (context));
  g_assert_true (sw_path_has_context_root (context));

  g_assert_false (sw_path_is_definite (wild));
  g_assert_false (sw_path_is_definite (union_));
  g_assert_false (sw_path_is_definite (filter));
  g_assert_false (sw_path_is_definite (desc));

  ref = sw_path_ref (desc);
  g_assert_true (ref == desc);
  sw_path_unref (ref);
  ref = NULL;
  g_assert_true (G_TYPE_IS_BOXED (SW_TYPE_PATH));
}

typedef struct
{
  const char *path;
  const char *expected;
} SelectCase;

static const SelectCase bookstore_cases[] = {
  { "$.store.book[*].author",
    "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]" },
  { "$..author",
    "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]" },
  { "$.store..price", "[8.95,12.99,8.99,22.99,19.95]" },
  { "$..book[2].title", "[\"Moby Dick\"]" },
  { "$..book[-1].title", "[\"The Lord of the Rings\"]" },
  { "$..book[-1:].title", "[\"The Lord of the Rings\"]" },
  { "$..book[0,1].title", "[\"Sayings of the Century\",\"Sword of Honour\"]" },
  { "$..book[:2].title", "[\"Sayings of the Century\",\"Sword of Honour\"]" },
  { "$..book[1:3].title", "[\"Sword of Honour\",\"Moby Dick\"]" },
  { "$..book[::2].title", "[\"Sayings of the Century\",\"Moby Dick\"]" },
  { "$..book[::-1].price", "[22.99,8.99,12.99,8.95]" },
  { "$..book[3:0:-2].price", "[22.99,12.99]" },
  { "$..book[0:0]", "[]" },
  { "$..book[::0]", "[]" },
  { "$..book[10:20]", "[]" },
  { "$..book[-10:1].price", "[8.95]" },
  { "$..book[?(@.isbn)].title", "[\"Moby Dick\",\"The Lord of the Rings\"]" },
  { "$..book[?(!@.isbn)].title", "[\"Sayings of the Century\",\"Sword of Honour\"]" },
  { "$..book[?(@.price<10)].title", "[\"Sayings of the Century\",\"Moby Dick\"]" },
  { "$..book[?(@.price < $.expensive)].title", "[\"Sayings of the Century\",\"Moby Dick\"]" },
  { "$..book[?(@.price >= 12.99)].price", "[12.99,22.99]" },
  { "$..book[?(@.price <= 8.99)].price", "[8.95,8.99]" },
  { "$..book[?(@.price > 22.99)]", "[]" },
  { "$..book[?(@.price == 8.990)].title", "[\"Moby Dick\"]" },
  { "$.store.book[?(@.category == 'fiction' && @.price > 10)].title",
    "[\"Sword of Honour\",\"The Lord of the Rings\"]" },
  { "$.store.book[?(@.category == 'reference' || @.price > 20)].title",
    "[\"Sayings of the Century\",\"The Lord of the Rings\"]" },
  { "$.store.book[?(@.category != 'fiction')].title", "[\"Sayings of the Century\"]" },
  { "$.store.book[?(@.author > 'I')].author", "[\"Nigel Rees\",\"J. R. R. Tolkien\"]" },
  { "$.store.book[?(!(@.price < 10 || @.isbn))].title", "[\"Sword of Honour\"]" },
  /* Comparing different types or a missing member is false, == and != alike. */
  { "$.store.book[?(@.price == '8.95')]", "[]" },
  { "$.store.book[?(@.price < 'z')]", "[]" },
  { "$.store.book[?(@.missing != 1)]", "[]" },
  { "$.store.book[?(@.isbn != 'x')].title", "[\"Moby Dick\",\"The Lord of the Rings\"]" },
  /* A filter on an object tests its member values. */
  { "$.store.bicycle[?(@ == 'red')]", "[\"red\"]" },
  { "$.store[?(@.color)].price", "[19.95]" },
  { "$.store.*.color", "[\"red\"]" },
  { "$['store']['bicycle']['color']", "[\"red\"]" },
  { "$.store.bicycle['color','price','nope']", "[\"red\",19.95]" },
  { "$.store.bicycle.color.length", "[]" },
  { "$.store.book.title", "[]" },
  { "$.store.book[4]", "[]" },
  { "$.store[0]", "[]" },
  { "$.expensive[*]", "[]" },
  { "$.nothing..a", "[]" },
  { "$..[?(@.color)].color", "[\"red\"]" },
};

static void
test_select_bookstore (void)
{
  g_autoptr(SwValue) doc = parse_json (bookstore_json);

  for (guint i = 0; i < G_N_ELEMENTS (bookstore_cases); i++)
    {
      g_autofree char *got = NULL;

      g_test_message ("%s", bookstore_cases[i].path);
      got = select_json (bookstore_cases[i].path, doc, NULL);
      g_assert_cmpstr (got, ==, bookstore_cases[i].expected);
    }
}

static void
test_select_all (void)
{
  g_autoptr(SwValue) doc = parse_json (bookstore_json);
  g_autoptr(SwPath) all = sw_path_parse ("$..*", 0, NULL, NULL);
  g_autoptr(SwPath) store = sw_path_parse ("$.store.*", 0, NULL, NULL);
  g_autoptr(SwPath) root = sw_path_parse ("$", 0, NULL, NULL);
  g_autoptr(GPtrArray) found = NULL;

  /* 2 root members + 2 in store + 4 books + 18 book members + 2 bicycle members. */
  found = sw_path_select (all, doc, NULL);
  g_assert_cmpuint (found->len, ==, 28);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = sw_path_select (store, doc, NULL);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (sw_value_is_array (g_ptr_array_index (found, 0)));
  g_assert_true (sw_value_is_object (g_ptr_array_index (found, 1)));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* select hands back the nodes themselves. */
  found = sw_path_select (root, doc, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == doc);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* No document, no matches. */
  found = sw_path_select (root, NULL, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_select_context (void)
{
  g_autoptr(SwValue) input = parse_json ("{\"items\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}");
  g_autoptr(SwValue) context = parse_json ("{\"Execution\": {\"Id\": \"arn:x\"},"
                                           " \"Map\": {\"Item\": {\"Index\": 2}}}");
  g_autofree char *a = select_json ("$$.Execution.Id", input, context);
  g_autofree char *b = select_json ("$.items[?(@.id == $$.Map.Item.Index)]", input, context);
  g_autofree char *c = select_json ("$$.Execution.Id", input, NULL);
  g_autofree char *d = select_json ("$$", input, context);

  g_assert_cmpstr (a, ==, "[\"arn:x\"]");
  g_assert_cmpstr (b, ==, "[{\"id\":2}]");
  g_assert_cmpstr (c, ==, "[]");
  g_assert_cmpstr (d, ==, "[{\"Execution\":{\"Id\":\"arn:x\"},\"Map\":{\"Item\":{\"Index\":2}}}]");
}

static void
test_select_misc (void)
{
  g_autoptr(SwValue) doc = parse_json ("{\"a b\": 1, \"it's\": 2, \"x\": [[1, 2], [3, [4, 5]]],"
                                       " \"n\": [1, 1.0, \"1\", true, null, {\"k\": [1]},"
                                       " [1]], \"e\": {}, \"s\": \"str\","
                                       " \"o\": {\"k\": [1]}, \"t\": true, \"z\": null}");
  struct { const char *path; const char *expected; } cases[] = {
    { "$['a b']", "[1]" },
    { "$[\"it's\"]", "[2]" },
    { "$.x[1][1][0]", "[4]" },
    { "$.x[*][0]", "[1,3]" },
    { "$.x..[0]", "[[1,2],1,3,4]" },
    { "$.x[-1][-1][-1]", "[5]" },
    { "$.n[?(@ == 1)]", "[1,1.0]" },
    { "$.n[?(@ == '1')]", "[\"1\"]" },
    { "$.n[?(@ == true)]", "[true]" },
    { "$.n[?(@ == null)]", "[null]" },
    { "$.n[?(@ == $.o)]", "[{\"k\":[1]}]" },
    { "$.n[?(@.k)]", "[{\"k\":[1]}]" },
    { "$.n[?(@ == $.x[0][0])]", "[1,1.0]" },
    { "$.n[?(@ <= 1)]", "[1,1.0]" },
    { "$.n[?(@ < 1)]", "[]" },
    { "$.n[?(@ >= null)]", "[]" },
    { "$.n[?(@[0] == 1)]", "[[1]]" },
    { "$.e.*", "[]" },
    { "$.e[?(@)]", "[]" },
    { "$.s[0]", "[]" },
    { "$.s.*", "[]" },
    { "$[?(@ == 'str')]", "[\"str\"]" },
    { "$[?(@ == true)]", "[true]" },
    { "$[?(@ == null)]", "[null]" },
    { "$.x[0,0,1][0]", "[1,1,3]" },
    { "$.t", "[true]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = NULL;

      g_test_message ("%s", cases[i].path);
      got = select_json (cases[i].path, doc, NULL);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* A document nested far deeper than any C stack would allow recursion over. */
static void
test_select_deep_document (void)
{
  g_autoptr(SwValue) doc = sw_value_new_array ();
  g_autoptr(SwPath) path = sw_path_parse ("$..leaf", 0, NULL, NULL);
  g_autoptr(GPtrArray) found = NULL;
  SwValue *node = doc;

  for (guint i = 0; i < 200000; i++)
    {
      SwValue *child = sw_value_new_array ();

      sw_value_array_append (node, child);
      node = child;
    }
  {
    SwValue *object = sw_value_new_object ();

    sw_value_object_set (object, "leaf", sw_value_new_int (7));
    sw_value_array_append (node, object);
  }

  found = sw_path_select (path, doc, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (sw_value_get_number_lexeme (g_ptr_array_index (found, 0)), ==, "7");

  /* Let GLib free the nest without recursion trouble: unlink it level by level. */
  node = doc;
  while (sw_value_is_array (node) && sw_value_array_get_length (node) > 0)
    {
      g_autoptr(SwValue) child = sw_value_ref (sw_value_array_get (node, 0));

      sw_value_array_remove (node, 0);
      if (node != doc)
        sw_value_unref (node);
      node = g_steal_pointer (&child);
    }
  if (node != doc)
    sw_value_unref (node);
}

/* Matches multiply across a union per step; evaluation caps them instead of exhausting
 * memory. */
static void
test_select_blowup (void)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new ("$");
  g_autoptr(SwValue) doc = NULL;
  g_autoptr(SwPath) path = NULL;
  g_autoptr(GPtrArray) found = NULL;

  /* 30 nested arrays around a 1; the path would reach it 2^30 times. */
  for (guint i = 0; i < 30; i++)
    g_string_append_c (json, '[');
  g_string_append_c (json, '1');
  for (guint i = 0; i < 30; i++)
    g_string_append_c (json, ']');
  doc = parse_json (json->str);

  for (guint i = 0; i < 30; i++)
    g_string_append (text, "[0,0]");
  path = sw_path_parse (text->str, 0, NULL, NULL);
  g_assert_nonnull (path);
  found = sw_path_select (path, doc, NULL);
  g_assert_cmpuint (found->len, ==, 1u << 20);
  g_assert_true (sw_value_is_number (g_ptr_array_index (found, 0)));
}

static void
test_get (void)
{
  g_autoptr(SwValue) doc = parse_json (bookstore_json);
  g_autoptr(SwValue) context = parse_json ("{\"Execution\": {\"Id\": \"arn:x\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) value = NULL;
  g_autoptr(SwPath) path = NULL;
  g_autofree char *text = NULL;

  path = sw_path_parse ("$.store.bicycle.color", 0, NULL, NULL);
  value = sw_path_get (path, doc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_value_get_string (value), ==, "red");
  /* A copy, not the node in the document. */
  g_assert_true (value != sw_value_object_get (sw_value_object_get (
    sw_value_object_get (doc, "store"), "bicycle"), "color"));
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  path = sw_path_parse ("$", 0, NULL, NULL);
  value = sw_path_get (path, doc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_value_equal (value, doc));
  g_assert_true (value != doc);
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  /* A definite path that matches nothing fails. */
  path = sw_path_parse ("$.store.car", 0, NULL, NULL);
  g_assert_null (sw_path_get (path, doc, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_nonnull (strstr (error->message, "“$.store.car”"));
  g_assert_nonnull (strstr (error->message, "input"));
  g_clear_error (&error);
  g_clear_pointer (&path, sw_path_unref);

  path = sw_path_parse ("$.store.book[7]", 0, NULL, NULL);
  g_assert_null (sw_path_get (path, doc, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_clear_error (&error);
  g_clear_pointer (&path, sw_path_unref);

  /* An indefinite path gives an array, empty when nothing matches. */
  path = sw_path_parse ("$..book[?(@.price > 100)]", 0, NULL, NULL);
  value = sw_path_get (path, doc, NULL, &error);
  g_assert_no_error (error);
  text = to_compact (value);
  g_assert_cmpstr (text, ==, "[]");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  path = sw_path_parse ("$..book[?(@.price > 20)].author", 0, NULL, NULL);
  value = sw_path_get (path, doc, NULL, &error);
  g_assert_no_error (error);
  text = to_compact (value);
  g_assert_cmpstr (text, ==, "[\"J. R. R. Tolkien\"]");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  /* The context object. */
  path = sw_path_parse ("$$.Execution.Id", SW_PATH_ALLOW_CONTEXT, NULL, NULL);
  value = sw_path_get (path, doc, context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_value_get_string (value), ==, "arn:x");
  g_clear_pointer (&value, sw_value_unref);

  g_assert_null (sw_path_get (path, doc, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_nonnull (strstr (error->message, "context object"));
  g_clear_error (&error);
}

typedef struct
{
  const char *doc;
  const char *path;
  const char *value;
  const char *expected; /* NULL: the assignment fails and the document stays as it was */
} SetCase;

static const SetCase set_cases[] = {
  { "{\"a\": 1}", "$.b", "2", "{\"a\":1,\"b\":2}" },
  { "{\"a\": 1, \"b\": 2}", "$.a", "{\"x\": 1}", "{\"a\":{\"x\":1},\"b\":2}" },
  { "{\"a\": 1}", "$.c.d.e", "true", "{\"a\":1,\"c\":{\"d\":{\"e\":true}}}" },
  { "{\"a\": {\"b\": 1}}", "$.a.c", "null", "{\"a\":{\"b\":1,\"c\":null}}" },
  { "{\"a\": 1}", "$", "\"x\"", "\"x\"" },
  { "[1, 2]", "$", "{}", "{}" },
  { "{}", "$['a b']['c']", "1", "{\"a b\":{\"c\":1}}" },
  { "{\"list\": [0, 1, 2]}", "$.list[1]", "9", "{\"list\":[0,9,2]}" },
  { "{\"list\": [0, 1, 2]}", "$.list[-1]", "9", "{\"list\":[0,1,9]}" },
  { "{\"list\": [{}]}", "$.list[0].name", "\"n\"", "{\"list\":[{\"name\":\"n\"}]}" },
  { "{\"list\": [{}]}", "$.list[0].a.b", "1", "{\"list\":[{\"a\":{\"b\":1}}]}" },
  { "[[0]]", "$[0][0]", "5", "[[5]]" },
  { "{\"list\": [0, 1, 2]}", "$.list[3]", "9", NULL },
  { "{\"list\": [0, 1, 2]}", "$.list[-4]", "9", NULL },
  { "{\"list\": [0, 1, 2]}", "$.list[5].a", "9", NULL },
  { "{\"list\": [0, 1, 2]}", "$.list.a", "9", NULL },
  { "{\"a\": 1}", "$.a.b", "2", NULL },
  { "{\"a\": \"s\"}", "$.a.b.c", "2", NULL },
  { "{\"a\": {}}", "$.a[0]", "2", NULL },
  { "{\"a\": 1}", "$.x[0]", "2", NULL },
  { "{\"a\": 1}", "$.new.arr[0]", "2", NULL },
  { "{\"a\": 1}", "$.new.arr[0].b", "2", NULL },
  { "[1]", "$.a", "2", NULL },
  { "\"text\"", "$.a", "2", NULL },
  { "{\"a\": 1}", "$[0]", "2", NULL },
};

static void
test_set (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (set_cases); i++)
    {
      const SetCase *c = &set_cases[i];
      g_autoptr(SwValue) root = parse_json (c->doc);
      g_autoptr(SwValue) before = sw_value_copy (root);
      g_autoptr(SwPath) path = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      gboolean ok;

      g_test_message ("%s := %s on %s", c->path, c->value, c->doc);
      path = sw_path_parse (c->path, SW_PATH_REFERENCE, NULL, &error);
      g_assert_no_error (error);

      ok = sw_path_set (path, &root, parse_json (c->value), &error);
      got = to_compact (root);
      if (c->expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (got, ==, c->expected);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
          g_assert_nonnull (strstr (error->message, c->path));
          g_assert_true (sw_value_equal (root, before));
        }
    }
}

/* The validator's shortcut may only accept what the parser accepts. */
static void
test_simple_paths (void)
{
  static const struct
  {
    const char *text;
    SwPathFlags flags;
    gboolean simple;
  } cases[] = {
    { "$", 0, TRUE },
    { "$.a.b[0].c", SW_PATH_REFERENCE, TRUE },
    { "$$.Execution.Id", SW_PATH_ALLOW_CONTEXT, TRUE },
    { "$$.Execution.Id", 0, FALSE },
    { "$v.a[12]", SW_PATH_ALLOW_VARIABLES, TRUE },
    { "$v.a", 0, FALSE },
    { "$states.input", SW_PATH_ALLOW_VARIABLES, FALSE },
    { "$.a-b.$ref", 0, TRUE },
    { "$.a..b", 0, FALSE },
    { "$.", 0, FALSE },
    { "$[]", 0, FALSE },
    { "$[1234567890123456]", 0, FALSE },
    { "$.é", 0, FALSE },
    { "$.a b", 0, FALSE },
    { "$[?(@.a)]", 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (_sw_path_is_simple (cases[i].text, cases[i].flags), ==, cases[i].simple);
    }

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    if (_sw_path_is_simple (valid_cases[i].text, valid_cases[i].flags))
      {
        g_autoptr(SwPath) path = sw_path_parse (valid_cases[i].text, valid_cases[i].flags,
                                                NULL, NULL);

        g_assert_nonnull (path);
      }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    g_assert_false (_sw_path_is_simple (invalid_cases[i].text, invalid_cases[i].flags));
}

static GHashTable *
variables_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) sw_value_unref);
}

static void
test_variables (void)
{
  g_autoptr(SwValue) doc = parse_json ("{\"x\": 1}");
  g_autoptr(SwValue) context = parse_json ("{\"Execution\": {\"Id\": \"arn:x\"}}");
  g_autoptr(GHashTable) variables = variables_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPath) path = NULL;
  g_autoptr(SwValue) value = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;

  g_hash_table_insert (variables, g_strdup ("order"),
                       parse_json ("{\"id\": \"o-1\", \"items\": [{\"n\": 1}, {\"n\": 3}]}"));
  g_hash_table_insert (variables, g_strdup ("count"), parse_json ("42"));

  /* A variable alone, a member of it, an item of it. */
  path = sw_path_parse ("$count", SW_PATH_ALLOW_VARIABLES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_path_get_variable_name (path), ==, "count");
  g_assert_true (sw_path_is_root (path));
  g_assert_true (sw_path_is_definite (path));
  g_assert_false (sw_path_has_context_root (path));
  value = sw_path_get_full (path, doc, context, variables, &error);
  g_assert_no_error (error);
  text = to_compact (value);
  g_assert_cmpstr (text, ==, "42");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  path = sw_path_parse ("$order.items[-1].n", SW_PATH_ALLOW_VARIABLES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_path_get_n_steps (path), ==, 3);
  value = sw_path_get_full (path, doc, NULL, variables, &error);
  g_assert_no_error (error);
  text = to_compact (value);
  g_assert_cmpstr (text, ==, "3");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  /* Indefinite paths select inside the variable. */
  path = sw_path_parse ("$order.items[?(@.n > 1)].n", SW_PATH_ALLOW_VARIABLES, NULL, &error);
  g_assert_no_error (error);
  found = sw_path_select_full (path, doc, NULL, variables);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (sw_value_get_number_lexeme (g_ptr_array_index (found, 0)), ==, "3");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Without bindings (the old functions) a variable matches nothing. */
  found = sw_path_select (path, doc, NULL);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&path, sw_path_unref);

  /* `$` and `$$` are untouched by the table. */
  path = sw_path_parse ("$.x", SW_PATH_ALLOW_VARIABLES, NULL, &error);
  g_assert_null (sw_path_get_variable_name (path));
  value = sw_path_get_full (path, doc, context, variables, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_value_get_number_lexeme (value), ==, "1");
  g_clear_pointer (&value, sw_value_unref);
  g_clear_pointer (&path, sw_path_unref);

  /* A variable that was never assigned, and one that lacks the member. */
  path = sw_path_parse ("$missing.a", SW_PATH_ALLOW_VARIABLES, NULL, &error);
  g_assert_null (sw_path_get_full (path, doc, context, variables, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_cmpstr (error->message, ==, "The variable “$missing” has not been assigned");
  g_clear_error (&error);
  g_assert_null (sw_path_get (path, doc, context, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_cmpstr (error->message, ==, "The variable “$missing” has not been assigned");
  g_clear_error (&error);
  g_clear_pointer (&path, sw_path_unref);

  path = sw_path_parse ("$order.total", SW_PATH_ALLOW_VARIABLES, NULL, &error);
  g_assert_null (sw_path_get_full (path, doc, context, variables, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_assert_cmpstr (error->message, ==,
                   "The path “$order.total” matches nothing in the variable “$order”");
  g_clear_error (&error);
  g_clear_pointer (&path, sw_path_unref);

  /* Parsing a prefix stops after the name, as intrinsic arguments need. */
  path = sw_path_parse ("$a", SW_PATH_DEFAULT, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_PATH);
  g_clear_error (&error);
}

static void
test_set_messages (void)
{
  g_autoptr(SwValue) root = parse_json ("{\"a\": \"s\", \"l\": [1]}");
  g_autoptr(SwPath) p1 = sw_path_parse ("$.a.b", 0, NULL, NULL);
  g_autoptr(SwPath) p2 = sw_path_parse ("$.l[4].x", 0, NULL, NULL);
  g_autoptr(SwPath) p3 = sw_path_parse ("$..a", 0, NULL, NULL);
  g_autoptr(SwPath) p4 = sw_path_parse ("$$.a", SW_PATH_ALLOW_CONTEXT, NULL, NULL);
  g_autoptr(SwPath) p5 = sw_path_parse ("$v.a", SW_PATH_ALLOW_VARIABLES | SW_PATH_REFERENCE,
                                        NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_path_set (p1, &root, sw_value_new_int (1), &error));
  g_assert_cmpstr (error->message, ==, "Cannot apply the path “$.a.b”: “$.a” is of type string");
  g_clear_error (&error);

  g_assert_false (sw_path_set (p2, &root, sw_value_new_int (1), &error));
  g_assert_cmpstr (error->message, ==, "Cannot apply the path “$.l[4].x”: “$.l[4]” does not "
                                       "exist");
  g_clear_error (&error);

  g_assert_false (sw_path_set (p3, &root, sw_value_new_int (1), &error));
  g_assert_nonnull (strstr (error->message, "reference path"));
  g_clear_error (&error);

  g_assert_false (sw_path_set (p4, &root, sw_value_new_int (1), &error));
  g_assert_nonnull (strstr (error->message, "context object"));
  g_clear_error (&error);

  g_assert_false (sw_path_set (p5, &root, sw_value_new_int (1), &error));
  g_assert_cmpstr (error->message, ==, "Cannot assign to “$v.a”: variables are set with "
                                       "“Assign”");
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/path/parse-valid", test_parse_valid);
  g_test_add_func ("/asl/path/parse-invalid", test_parse_invalid);
  g_test_add_func ("/asl/path/parse-encoding", test_parse_encoding);
  g_test_add_func ("/asl/path/parse-depth", test_parse_depth);
  g_test_add_func ("/asl/path/properties", test_properties);
  g_test_add_func ("/asl/path/select-bookstore", test_select_bookstore);
  g_test_add_func ("/asl/path/select-all", test_select_all);
  g_test_add_func ("/asl/path/select-context", test_select_context);
  g_test_add_func ("/asl/path/select-misc", test_select_misc);
  g_test_add_func ("/asl/path/select-deep-document", test_select_deep_document);
  g_test_add_func ("/asl/path/select-blowup", test_select_blowup);
  g_test_add_func ("/asl/path/get", test_get);
  g_test_add_func ("/asl/path/set", test_set);
  g_test_add_func ("/asl/path/set-messages", test_set_messages);
  g_test_add_func ("/asl/path/variables", test_variables);
  g_test_add_func ("/asl/path/simple", test_simple_paths);

  return g_test_run ();
}
