/* sw-dtoa.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Room for the digits of sw_dtoa_shortest () and their NUL. */
#define SW_DTOA_DIGITS_SIZE 18

/* Room for what sw_dtoa_format_js () and sw_dtoa_format_g () write, sign and NUL included. */
#define SW_DTOA_BUFFER_SIZE 32

/* Room for what sw_dtoa_format_fixed () writes: 21 digits, a point and 100 decimals. */
#define SW_DTOA_FIXED_SIZE 128

int      sw_dtoa_shortest        (double      value,
                                  char       *digits,
                                  int        *exponent);

guint64  sw_dtoa_shortest_decimal (double      value,
                                   int        *exponent10);

double   sw_dtoa_decimal_to_double (guint64    significand,
                                    int        exponent10);

double   sw_dtoa_to_precision    (double      value,
                                  int         precision);

gsize    sw_dtoa_format_js       (char       *out,
                                  double      value);

gsize    sw_dtoa_format_g        (char       *out,
                                  double      value);

gsize    sw_dtoa_format_fixed    (char       *out,
                                  double      value,
                                  int         decimals);

G_END_DECLS
