/* sw-mt19937-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The generator behind torch.manual_seed() on the CPU, with the draws PyTorch 1.13 makes from
 * it, so a seed gives the same initial weights, shuffles and dropout masks as the example
 * script run with python3-torch. */
typedef struct
{
  guint32 state[624];
  guint index;
} SwMt19937;

void    _sw_mt19937_seed          (SwMt19937 *mt,
                                   guint64    seed);
guint32 _sw_mt19937_next          (SwMt19937 *mt);
guint64 _sw_mt19937_next64        (SwMt19937 *mt);
void    _sw_mt19937_uniform       (SwMt19937 *mt,
                                   float     *values,
                                   gsize      n,
                                   double     from,
                                   double     to);
gboolean _sw_mt19937_bernoulli    (SwMt19937 *mt,
                                   double     p);
guint64 _sw_mt19937_random_int64  (SwMt19937 *mt);
void    _sw_mt19937_randperm      (guint64    seed,
                                   guint32   *perm,
                                   guint32    n);

G_END_DECLS
