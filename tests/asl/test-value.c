/* test-value.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-json.h"
#include "sw-value.h"

static void
test_object_order_and_lookup (void)
{
  g_autoptr(SwValue) object = sw_value_new_object ();

  sw_value_object_set (object, "b", sw_value_new_int (1));
  sw_value_object_set (object, "a", sw_value_new_string ("x"));
  sw_value_object_set (object, "b", sw_value_new_int (2));

  g_assert_cmpuint (sw_value_object_get_size (object), ==, 2);
  g_assert_cmpstr (sw_value_object_get_key (object, 0), ==, "b");
  g_assert_cmpstr (sw_value_get_number_lexeme (sw_value_object_get (object, "b")), ==, "2");
  g_assert_true (sw_value_object_rename (object, "a", "c"));
  g_assert_cmpstr (sw_value_object_get_key (object, 1), ==, "c");
  g_assert_null (sw_value_object_get (object, "a"));
  sw_value_object_insert (object, 0, "z", sw_value_new_null ());
  g_assert_cmpstr (sw_value_object_get_key (object, 0), ==, "z");
  g_assert_true (sw_value_object_remove (object, "z"));
  g_assert_false (sw_value_object_remove (object, "z"));
  g_assert_cmpuint (sw_value_object_get_size (object), ==, 2);
}

/* Large objects switch to a hash index; it must follow every mutation. */
static void
test_object_index (void)
{
  g_autoptr(SwValue) object = sw_value_new_object ();
  guint index;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      sw_value_object_append (object, key, 0, 0, sw_value_new_int (i));
    }
  g_assert_true (sw_value_object_find (object, "k57", &index));
  g_assert_cmpuint (index, ==, 57);
  sw_value_object_append (object, "k57", 0, 0, sw_value_new_int (-1));
  g_assert_true (sw_value_object_find (object, "k57", &index));
  g_assert_cmpuint (index, ==, 57);
  sw_value_object_remove_index (object, 0);
  g_assert_true (sw_value_object_find (object, "k57", &index));
  g_assert_cmpuint (index, ==, 56);
  g_assert_true (sw_value_object_rename (object, "k99", "renamed"));
  g_assert_false (sw_value_object_has (object, "k99"));
  g_assert_true (sw_value_object_find (object, "renamed", &index));
  g_assert_cmpuint (index, ==, 98);
  sw_value_object_append (object, "new", 0, 0, sw_value_new_null ());
  g_assert_true (sw_value_object_find (object, "new", &index));
  g_assert_cmpuint (index, ==, 100);
}

static void
test_numbers (void)
{
  struct { double d; const char *lexeme; } doubles[] = {
    { 0.1, "0.1" }, { 3.0, "3" }, { -2.5, "-2.5" }, { 1e21, "1e+21" }, { 1e-7, "1e-7" },
    { 1.0 / 3.0, "0.3333333333333333" }, { 123456.789, "123456.789" },
  };
  gint64 v;

  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      g_autoptr(SwValue) n = sw_value_new_double (doubles[i].d);
      g_assert_cmpstr (sw_value_get_number_lexeme (n), ==, doubles[i].lexeme);
    }

  {
    g_autoptr(SwValue) n = sw_value_new_number ("1e3");
    g_assert_true (sw_value_is_integer (n));
    g_assert_true (sw_value_get_int64 (n, &v));
    g_assert_cmpint (v, ==, 1000);
  }
  {
    g_autoptr(SwValue) n = sw_value_new_number ("12345678901234567890");
    g_assert_false (sw_value_get_int64 (n, &v));
    g_assert_cmpstr (sw_value_get_number_lexeme (n), ==, "12345678901234567890");
  }
  {
    g_autoptr(SwValue) n = sw_value_new_number ("2.5");
    g_assert_false (sw_value_is_integer (n));
    g_assert_cmpfloat (sw_value_get_double (n), ==, 2.5);
  }
}

static void
test_equal_and_copy (void)
{
  g_autoptr(SwValue) a = sw_json_parse ("{\"x\": [1, 2.0, {\"y\": null}], \"z\": \"é\"}", -1,
                                        NULL, NULL, NULL);
  g_autoptr(SwValue) b = sw_json_parse ("{\"z\": \"\\u00e9\", \"x\": [1, 2.0, {\"y\": null}]}", -1,
                                        NULL, NULL, NULL);
  g_autoptr(SwValue) c = sw_json_parse ("{\"z\": \"é\", \"x\": [1, 2, {\"y\": null}]}", -1,
                                        NULL, NULL, NULL);
  g_autoptr(SwValue) copy = sw_value_copy (a);

  g_assert_true (sw_value_equal (a, b));
  /* Lexemes count: 2.0 is not 2 for an exact round trip. */
  g_assert_false (sw_value_equal (a, c));
  g_assert_true (sw_value_equal (a, copy));
  g_assert_cmpuint (sw_value_get_line (sw_value_object_get (copy, "z")), ==, 1);
  g_assert_cmpuint (sw_value_get_column (sw_value_object_get (copy, "z")), ==, 35);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/value/object-order-and-lookup", test_object_order_and_lookup);
  g_test_add_func ("/asl/value/object-index", test_object_index);
  g_test_add_func ("/asl/value/numbers", test_numbers);
  g_test_add_func ("/asl/value/equal-and-copy", test_equal_and_copy);

  return g_test_run ();
}
