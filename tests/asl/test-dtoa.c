/* test-dtoa.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <float.h>
#include <math.h>
#include <string.h>

#include "sw-dtoa.h"
#include "sw-jsonata.h"
#include "sw-value.h"

/* The exact reference: the first precision whose correctly rounded %e text reads back */
static int
reference_shortest (double  value,
                    char   *digits,
                    int    *exponent)
{
  char buf[40];
  const char *e;
  int n = 0;

  /* A closer decimal with more digits reads back when a farther one does, so the loop may
   * skip to 16 digits when 15 do not read back; random doubles mostly need 17. */
  g_snprintf (buf, sizeof buf, "%.*e", 14, value);
  for (int precision = g_ascii_strtod (buf, NULL) == value ? 1 : 16; precision <= 17;
       precision++)
    {
      g_snprintf (buf, sizeof buf, "%.*e", precision - 1, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  e = strchr (buf, 'e');
  g_assert_nonnull (e);
  for (const char *p = buf; p < e; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  *exponent = (int) g_ascii_strtoll (e + 1, NULL, 10);
  return n;
}

static guint64 n_checked;

static double
power_of_ten (int e)
{
  char text[16];

  g_snprintf (text, sizeof text, "1e%d", e);
  return g_ascii_strtod (text, NULL);
}
static guint64 n_powers_of_two_shorter;

/* At a power of two the interval of the decimals that read back is narrower below than
 * above, so a decimal above with fewer digits can read back when the closest one, below,
 * does not: there the reference (and the old printf loop) gives one digit more than the
 * shortest, which JavaScript and Python print. Python's repr (David Gay's dtoa) of 2^-1017
 * is 7.120236347223045e-307, the reference 7.1202363472230444e-307. */
static gboolean
is_shorter_at_power_of_two (double      value,
                            const char *digits,
                            int         n,
                            int         exponent,
                            int         expected_n)
{
  char text[48];
  int m;

  if (frexp (fabs (value), &m) != 0.5 || n >= expected_n)
    return FALSE;
  g_snprintf (text, sizeof text, "%c.%se%d", digits[0], digits + 1, exponent);
  if (g_ascii_strtod (text, NULL) != fabs (value))
    return FALSE;
  n_powers_of_two_shorter++;
  return TRUE;
}

static void
check_shortest (double value)
{
  char digits[SW_DTOA_DIGITS_SIZE], expected[40];
  int exponent = 0, expected_exponent = 0;
  int n, expected_n;
  guint64 significand;
  int exponent10;

  if (!isfinite (value) || value == 0)
    return;
  n = sw_dtoa_shortest (value, digits, &exponent);
  expected_n = reference_shortest (value, expected, &expected_exponent);
  if ((n != expected_n || strcmp (digits, expected) != 0 || exponent != expected_exponent)
      && !is_shorter_at_power_of_two (value, digits, n, exponent, expected_n))
    g_error ("%.17g (%a): got %se%d, expected %se%d", value, value, digits, exponent,
             expected, expected_exponent);
  g_assert_cmpint ((int) strlen (digits), ==, n);

  significand = sw_dtoa_shortest_decimal (value, &exponent10);
  g_assert_cmpuint (significand % 10, !=, 0);
  g_assert_cmpint (exponent10, ==, exponent - n + 1);
  g_assert_true (sw_dtoa_decimal_to_double (significand, exponent10) == fabs (value));
  n_checked++;
}

static double
from_bits (guint64 bits)
{
  double value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

static void
check_with_neighbours (double value)
{
  check_shortest (value);
  check_shortest (nextafter (value, 0));
  check_shortest (nextafter (value, INFINITY));
}

static void
test_edges (void)
{
  static const double values[] = {
    5e-324, 1e-323, 1.5e-323, 2.5e-323, DBL_TRUE_MIN, DBL_MIN, DBL_MAX, DBL_EPSILON,
    9007199254740993.0, 9007199254740992.0, 9007199254740991.0, 0.1, 0.2, 0.3, 1.0 / 3,
    2.0 / 3, 22.0 / 7, 1e21, 1e-7, 1e23, 6.022e23, 1.602e-19, 5e-310, 2.2250738585072011e-308,
    123456789012345680.0, 4.35, 0.000001, 1.7976931348623157e308, 4.4501477170144023e-308,
    2.98023223876953125e-8, 9.5367431640625e-7, 1e22, 1e15, 1e16, 1e17, 1.5, 100,
  };
  char digits[SW_DTOA_DIGITS_SIZE];
  int exponent;

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      check_with_neighbours (values[i]);
      check_with_neighbours (-values[i]);
    }
  check_shortest (0.1 + 0.2);

  /* every power of two and of ten */
  for (int e = -1074; e <= 1023; e++)
    check_with_neighbours (ldexp (1, e));
  for (int e = -323; e <= 308; e++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "1e%d", e);
      check_with_neighbours (g_ascii_strtod (text, NULL));
    }
  /* the smallest subnormals, where the algorithm scales by ten, and the largest ones */
  for (guint64 t = 1; t < 2000; t++)
    {
      check_shortest (from_bits (t));
      check_shortest (from_bits ((G_GUINT64_CONSTANT (1) << 52) - t));
    }
  /* integers around 2^53 and 2^54 */
  for (gint64 i = -100; i <= 100; i++)
    {
      check_shortest (9007199254740992.0 + (double) i);
      check_shortest (18014398509481984.0 + 2 * (double) i);
    }

  /* a few by hand, as JavaScript prints them */
  g_assert_cmpint (sw_dtoa_shortest (5e-324, digits, &exponent), ==, 1);
  g_assert_cmpstr (digits, ==, "5");
  g_assert_cmpint (exponent, ==, -324);
  g_assert_cmpint (sw_dtoa_shortest (0.1 + 0.2, digits, &exponent), ==, 17);
  g_assert_cmpstr (digits, ==, "30000000000000004");
  g_assert_cmpint (exponent, ==, -1);
  g_assert_cmpint (sw_dtoa_shortest (DBL_MAX, digits, &exponent), ==, 17);
  g_assert_cmpstr (digits, ==, "17976931348623157");
  g_assert_cmpint (exponent, ==, 308);
  g_assert_cmpint (sw_dtoa_shortest (DBL_MIN, digits, &exponent), ==, 17);
  g_assert_cmpstr (digits, ==, "22250738585072014");
  g_assert_cmpint (exponent, ==, -308);
  g_assert_cmpint (sw_dtoa_shortest (9007199254740993.0, digits, &exponent), ==, 16);
  g_assert_cmpstr (digits, ==, "9007199254740992");
  g_assert_cmpint (sw_dtoa_shortest (-6.022e23, digits, &exponent), ==, 4);
  g_assert_cmpstr (digits, ==, "6022");
  g_assert_cmpint (exponent, ==, 23);
  g_assert_cmpint (sw_dtoa_shortest (ldexp (1, -1017), digits, &exponent), ==, 16);
  g_assert_cmpstr (digits, ==, "7120236347223045");
  g_assert_cmpint (exponent, ==, -307);
  g_test_message ("%" G_GUINT64_FORMAT " values checked, %" G_GUINT64_FORMAT
                  " powers of two shorter than the reference", n_checked,
                  n_powers_of_two_shorter);
  /* 2^-1017 and 2^-44 among others; 2^-1074 reads back as 5e-324 in both */
  g_assert_cmpuint (n_powers_of_two_shorter, >, 0);
  g_assert_cmpuint (n_powers_of_two_shorter, <, 200);
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260426);
  int count = g_test_slow () ? 20000000 : 1000000;

  n_checked = 0;
  for (int i = 0; i < count; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

      check_shortest (from_bits (bits));
    }
  g_assert_cmpuint (n_checked, >, (guint64) count * 99 / 100);
  g_test_message ("%" G_GUINT64_FORMAT " random bit patterns checked", n_checked);
}

/* Short decimals, as people write them, where ties between candidates are common */
static void
test_random_decimals (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  n_checked = 0;
  for (int i = 0; i < 200000; i++)
    {
      char text[48];

      g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT "e%d",
                  (guint64) g_rand_int_range (rand, 1, 1000000000)
                  * (guint64) g_rand_int_range (rand, 1, 100000000),
                  g_rand_int_range (rand, -340, 310));
      check_shortest (g_ascii_strtod (text, NULL));
    }
  g_test_message ("%" G_GUINT64_FORMAT " decimals checked", n_checked);
}

static void
test_decimal_to_double (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);

  for (int i = 0; i < 200000; i++)
    {
      guint64 significand = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand))
                            >> g_rand_int_range (rand, 0, 64);
      int exponent10 = g_rand_int_range (rand, -40, 40);

      /* the halfway cases: 54 significant bits ending in 1, exactly */
      if (i % 4 == 0)
        {
          significand = (significand | (G_GUINT64_CONSTANT (1) << 63)) >> 10 | 1;
          exponent10 = g_rand_int_range (rand, 0, 6);
        }
      char text[48];

      g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT "e%d", significand, exponent10);
      g_assert_true (sw_dtoa_decimal_to_double (significand, exponent10)
                     == g_ascii_strtod (text, NULL));
    }
  g_assert_true (sw_dtoa_decimal_to_double (0, 400) == 0);
  g_assert_true (sw_dtoa_decimal_to_double (1, 400) == INFINITY);
  g_assert_true (sw_dtoa_decimal_to_double (5, -324) == 5e-324);
}

/* toPrecision from the exact expansion: glibc prints every digit of a double */
static double
reference_to_precision (double value,
                        int    precision)
{
  char exact[900], buf[48];
  const char *p;
  gboolean tie = TRUE;

  g_snprintf (exact, sizeof exact, "%.*e", 780, value);
  p = exact + (value < 0 ? 1 : 0);
  /* the digit after the precision: the point follows the first digit */
  p += precision + 1;
  if (*p != '5')
    tie = FALSE;
  for (const char *q = p + 1; tie && *q != 'e'; q++)
    if (*q != '0')
      tie = FALSE;
  if (!tie)
    {
      g_snprintf (buf, sizeof buf, "%.*e", precision - 1, value);
      return g_ascii_strtod (buf, NULL);
    }
  /* a tie goes away from zero: the digits before it, plus one in their last place */
  {
    char digits[24];
    const char *start = exact + (value < 0 ? 1 : 0);
    int n = 0, exponent = (int) g_ascii_strtoll (strchr (exact, 'e') + 1, NULL, 10);

    for (const char *q = start; q < p; q++)
      if (g_ascii_isdigit (*q))
        digits[n++] = *q;
    for (int i = n - 1; i >= 0; i--)
      {
        if (digits[i] != '9')
          {
            digits[i]++;
            break;
          }
        digits[i] = '0';
        if (i == 0)
          {
            memmove (digits + 1, digits, (gsize) n);
            digits[0] = '1';
            exponent++;
          }
      }
    digits[precision] = '\0';
    g_snprintf (buf, sizeof buf, "%s0.%se%d", value < 0 ? "-" : "", digits, exponent + 1);
    return g_ascii_strtod (buf, NULL);
  }
}

static void
check_to_precision (double value,
                    int    precision)
{
  double got = sw_dtoa_to_precision (value, precision);
  double expected = reference_to_precision (value, precision);

  if (got != expected)
    g_error ("%.17g to %d digits: got %.17g, expected %.17g", value, precision, got, expected);
}

static void
test_to_precision (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  static const double ties[] = {
    1234567890123.125, 1.000000000000005e16, 0.5, 2.5, 4.525, 4.515, 1.25, 0.125, 1e21,
    22.0 / 7, 6.022e-23, 9007199254740993.0, 123456789012345.5, 0.1 + 0.2,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (ties); i++)
    for (int p = 1; p <= 17; p++)
      {
        check_to_precision (ties[i], p);
        check_to_precision (-ties[i], p);
      }
  g_assert_true (sw_dtoa_to_precision (1234567890123.125, 15) == 1234567890123.13);
  g_assert_true (sw_dtoa_to_precision (-1234567890123.125, 15) == -1234567890123.13);
  g_assert_true (sw_dtoa_to_precision (1.000000000000005e16, 15) == 1.00000000000001e16);
  g_assert_true (sw_dtoa_to_precision (22.0 / 7, 15) == 3.14285714285714);
  g_assert_true (sw_dtoa_to_precision (0.1 + 0.2, 15) == 0.3);

  for (int i = 0; i < 100000; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double value = from_bits (bits);
      char text[48];

      if (!isfinite (value) || value == 0)
        continue;
      check_to_precision (value, 15);
      check_to_precision (value, g_rand_int_range (rand, 1, 18));
      /* decimals one digit longer than the precision, whose last digit is 5 */
      g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT "5e%d",
                  (guint64) g_rand_int_range (rand, 1, 1000000000)
                  * (guint64) g_rand_int_range (rand, 1, 1000000),
                  g_rand_int_range (rand, -30, 30));
      value = g_ascii_strtod (text, NULL);
      check_to_precision (value, (int) strlen (text) - (int) strlen (strchr (text, 'e')) - 1);
    }
}

static void
check_format (gsize     (*format) (char *, double),
              double      value,
              const char *expected)
{
  char out[SW_DTOA_BUFFER_SIZE];
  gsize len = format (out, value);

  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
}

#define check_js(value, expected) check_format (sw_dtoa_format_js, value, expected)
#define check_g(value, expected) check_format (sw_dtoa_format_g, value, expected)

static void
test_format_js (void)
{
  check_js (0, "0");
  check_js (-0.0, "0");
  check_js (NAN, "NaN");
  check_js (INFINITY, "Infinity");
  check_js (-INFINITY, "-Infinity");
  check_js (1e21, "1e+21");
  check_js (1e20, "100000000000000000000");
  check_js (123e18, "123000000000000000000");
  check_js (1e-7, "1e-7");
  check_js (1e-6, "0.000001");
  check_js (1.5e-6, "0.0000015");
  check_js (-1.25e-7, "-1.25e-7");
  check_js (6.022e23, "6.022e+23");
  check_js (1.602e-19, "1.602e-19");
  check_js (1e-100, "1e-100");
  check_js (1e100, "1e+100");
  check_js (5e-324, "5e-324");
  check_js (DBL_MAX, "1.7976931348623157e+308");
  check_js (-DBL_MAX, "-1.7976931348623157e+308");
  check_js (0.1 + 0.2, "0.30000000000000004");
  check_js (22.0 / 7, "3.142857142857143");
  check_js (9007199254740993.0, "9007199254740992");
  check_js (-1234.5678, "-1234.5678");
  check_js (100, "100");
  check_js (0.5, "0.5");
  check_js (-0.000001234567890123456, "-0.000001234567890123456");
}

static void
check_fixed (double value,
             int    decimals)
{
  char out[SW_DTOA_FIXED_SIZE], expected[SW_DTOA_FIXED_SIZE];
  gsize len = sw_dtoa_format_fixed (out, value, decimals);

  g_snprintf (expected, sizeof expected, "%.*f", decimals, value);
  if (strcmp (out, expected) != 0)
    g_error ("%.17g with %d decimals: got %s, expected %s", value, decimals, out, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
}

/* The shortest digits stand for the exact value where they can: %f is the reference */
static void
test_format_fixed (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  static const double values[] = {
    0, 1.235, 0.5, 2.5, 1e-7, 123456789012345.6, 1e20, 0.1 + 0.2, 1.005, 4.35, 1234.5678,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    for (int dp = 0; dp <= 20; dp++)
      {
        check_fixed (values[i], dp);
        check_fixed (-values[i], dp);
      }
  for (int i = 0; i < 300000; i++)
    {
      int dp = g_rand_int_range (rand, 0, 18);
      double value = g_rand_double_range (rand, -1, 1)
                     * power_of_ten (g_rand_int_range (rand, -8, 21));
      char text[48];

      check_fixed (value, dp);
      /* values already rounded to the decimals, as $formatNumber passes them */
      g_snprintf (text, sizeof text, "%.*f", dp, value);
      check_fixed (g_ascii_strtod (text, NULL), dp);
      check_fixed (g_ascii_strtod (text, NULL), g_rand_int_range (rand, 0, 18));
    }
}

/* The %g loop sw_value_new_double () used: the lexemes stay what they were */
static void
test_format_g (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  check_g (1e-4, "0.0001");
  check_g (1.5e-5, "1.5e-5");
  check_g (1e21, "1e+21");
  check_g (1e16, "1e+16");
  check_g (123456789012345680.0, "1.2345678901234568e+17");
  check_g (9007199254740993.0, "9007199254740992");
  check_g (-2.5, "-2.5");
  check_g (6.022e23, "6.022e+23");
  check_g (5e-324, "5e-324");
  check_g (1e100, "1e+100");

  for (int i = 0; i < 100000; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double value = from_bits (bits);
      char expected[G_ASCII_DTOSTR_BUF_SIZE];
      char *e;

      if (!isfinite (value) || value == 0)
        continue;
      if (i % 2)
        value = ldexp (value, -ilogb (value) + g_rand_int_range (rand, -20, 60));
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (expected, sizeof expected, format, value);
          if (g_ascii_strtod (expected, NULL) == value)
            break;
        }
      e = strchr (expected, 'e');
      if (e != NULL && (e[1] == '-' || e[1] == '+') && e[2] == '0' && e[3] != '\0')
        memmove (e + 2, e + 3, strlen (e + 3) + 1);
      check_g (value, expected);
    }
}

/* Number literals keep the text they are written with from compilation: the output is what
 * a computed number of the same value gives, and what sw_value_new_double () writes. */
static void
test_literal_lexemes (void)
{
  static const struct { const char *expression; const char *expected; } cases[] = {
    { "6.022e23", "6.022e+23" },
    { "1.602E-19", "1.602e-19" },
    { "-6.022e23", "-6.022e+23" },
    { "3.14159", "3.14159" },
    { "0.00001", "1e-5" },
    { "1e21", "1e+21" },
    { "123456789012345678901", "1.2345678901234568e+20" },
    { "42", "42" },
    { "$eval('6.022e23')", "6.022e+23" },
    { "6.022e23 * 1", "6.022e+23" },
    { "[6.022e23, 0.5][0]", "6.022e+23" },
    { "-(0.1)", "-0.1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwJsonata) expression = sw_jsonata_compile (cases[i].expression, &error);
      g_autoptr(SwValue) result = NULL;
      g_autoptr(SwValue) computed = NULL;

      g_assert_no_error (error);
      /* twice: the lexeme serves every evaluation */
      for (int round = 0; round < 2; round++)
        {
          g_clear_pointer (&result, sw_value_unref);
          result = sw_jsonata_evaluate (expression, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (sw_value_get_number_lexeme (result), ==, cases[i].expected);
        }
      computed = sw_value_new_double (sw_value_get_double (result));
      g_assert_cmpstr (sw_value_get_number_lexeme (computed), ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/dtoa/edges", test_edges);
  g_test_add_func ("/asl/dtoa/random", test_random);
  g_test_add_func ("/asl/dtoa/random-decimals", test_random_decimals);
  g_test_add_func ("/asl/dtoa/decimal-to-double", test_decimal_to_double);
  g_test_add_func ("/asl/dtoa/to-precision", test_to_precision);
  g_test_add_func ("/asl/dtoa/format-js", test_format_js);
  g_test_add_func ("/asl/dtoa/format-g", test_format_g);
  g_test_add_func ("/asl/dtoa/format-fixed", test_format_fixed);
  g_test_add_func ("/asl/dtoa/literal-lexemes", test_literal_lexemes);

  return g_test_run ();
}
