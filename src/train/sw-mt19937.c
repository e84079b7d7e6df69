/* sw-mt19937.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* MT19937 (Matsumoto and Nishimura, 1998) and the transformations of
 * aten/src/ATen/core/DistributionsHelper.h and TransformationHelper.h in PyTorch 1.13. */

#include <math.h>

#include "sw-mt19937-private.h"

#define N 624
#define M 397

void
_sw_mt19937_seed (SwMt19937 *mt,
                  guint64    seed)
{
  /* at::mt19937 keeps only the low 32 bits of the seed. */
  mt->state[0] = (guint32) seed;
  for (guint i = 1; i < N; i++)
    mt->state[i] = 1812433253u * (mt->state[i - 1] ^ (mt->state[i - 1] >> 30)) + i;
  mt->index = N;
}

static void
twist (SwMt19937 *mt)
{
  for (guint k = 0; k < N; k++)
    {
      guint32 y = (mt->state[k] & 0x80000000u) | (mt->state[(k + 1) % N] & 0x7fffffffu);

      mt->state[k] = mt->state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfu : 0);
    }
  mt->index = 0;
}

guint32
_sw_mt19937_next (SwMt19937 *mt)
{
  guint32 y;

  if (mt->index >= N)
    twist (mt);
  y = mt->state[mt->index++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

/* CPUGeneratorImpl::random64: the first draw is the high half. */
guint64
_sw_mt19937_next64 (SwMt19937 *mt)
{
  guint64 hi = _sw_mt19937_next (mt);
  guint64 lo = _sw_mt19937_next (mt);

  return hi << 32 | lo;
}

/* Tensor.uniform_(from, to) on a float tensor: 24 random bits scaled to [0, 1), then
 * x * (to - from) + from in float, which PyTorch's AVX2 build fuses into one FMA. */
void
_sw_mt19937_uniform (SwMt19937 *mt,
                     float     *values,
                     gsize      n,
                     double     from,
                     double     to)
{
  float f = (float) from;
  float t = (float) to;
  float range = t - f;

  for (gsize i = 0; i < n; i++)
    {
      float x = (float) (_sw_mt19937_next (mt) & 0xffffffu) * (1.0f / 16777216.0f);

      values[i] = fmaf (x, range, f);
    }
}

/* Tensor.bernoulli_(p) without MKL: a uniform double from 53 random bits, compared with p. */
gboolean
_sw_mt19937_bernoulli (SwMt19937 *mt,
                       double     p)
{
  guint64 v = _sw_mt19937_next64 (mt);
  double u = (double) (v & ((G_GUINT64_CONSTANT (1) << 53) - 1)) * (1.0 / 9007199254740992.0);

  return u < p;
}

/* torch.empty((), dtype=torch.int64).random_(): what DataLoader draws for its seeds. */
guint64
_sw_mt19937_random_int64 (SwMt19937 *mt)
{
  return _sw_mt19937_next64 (mt) % (G_GUINT64_CONSTANT (1) << 63);
}

/* torch.randperm(n, generator=g) after g.manual_seed(seed): a Fisher–Yates shuffle drawing
 * 32-bit numbers modulo the remaining count. */
void
_sw_mt19937_randperm (guint64   seed,
                      guint32  *perm,
                      guint32   n)
{
  SwMt19937 mt;

  _sw_mt19937_seed (&mt, seed);
  for (guint32 i = 0; i < n; i++)
    perm[i] = i;
  for (guint32 i = 0; i + 1 < n; i++)
    {
      guint32 z = _sw_mt19937_next (&mt) % (n - i);
      guint32 saved = perm[i];

      perm[i] = perm[z + i];
      perm[z + i] = saved;
    }
}
