/* sw-train-kernels.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The layers of the network on one chunk of SW_LANES samples (see
 * sw-train-kernels-private.h). This file is compiled once per instruction set: with
 * SW_KERNEL_AVX512 (-mavx512f …), with SW_KERNEL_AVX2 (-mavx2 -mfma) and with neither (the
 * portable build, SSE2 on x86-64, NEON or scalar elsewhere), each defining its own table;
 * sw-train-kernels-dispatch.c picks one at run time. GCC's generic vectors take the native
 * width, so one source serves every build.
 *
 * Register blocking: a convolution computes two output rows of eight columns (16 vector
 * accumulators) so that the 2×2 max-pool happens in registers and each input row loaded
 * feeds up to 80 FMAs; weight gradients keep 15 or 10 accumulators (kernel rows 0–2, then
 * 3–4) so the eight output gradients of a row stay in registers beside them. */

#include <string.h>

#include "sw-train-kernels-private.h"

#if defined (SW_KERNEL_AVX512)
# define VW 16
# define KERNELS _sw_train_kernels_avx512
# define KERNELS_NAME "avx512"
#elif defined (SW_KERNEL_AVX2)
# define VW 8
# define KERNELS _sw_train_kernels_avx2
# define KERNELS_NAME "avx2"
#else
# define VW 4
# define KERNELS _sw_train_kernels_generic
# define KERNELS_NAME "generic"
#endif

G_STATIC_ASSERT (SW_LANES % VW == 0);

typedef float vf __attribute__ ((vector_size (VW * sizeof (float)), may_alias));
typedef gint32 vi __attribute__ ((vector_size (VW * sizeof (float)), may_alias));

#define L SW_LANES
#define LD(p) (*(const vf *) (p))
#define ST(p, v) (*(vf *) (p) = (v))
#define INLINE static inline __attribute__ ((always_inline))

INLINE vf
splat (float x)
{
  return (vf) { 0 } + x;
}

INLINE vf
vsel (vi mask, vf a, vf b)
{
  return (vf) (((vi) a & mask) | ((vi) b & ~mask));
}

INLINE vf
relu (vf a)
{
  return (vf) ((vi) a & (a > splat (0.f)));
}

INLINE float
hsum (vf v)
{
  float s = 0.f;

  for (int i = 0; i < VW; i++)
    s += v[i];
  return s;
}

/* Rows 2py and 2py+1, columns ox0 … ox0+7 of one output channel over n_in input planes of
 * side iw (pointer already at the lane block), times mask, then max-pool and relu: four
 * outputs and their argmax at out[p·L], idx[p·L]. */
INLINE void
conv_pool_block (const float *in,
                 int          n_in,
                 int          iw,
                 const float *wo,
                 float        bias,
                 int          py,
                 int          ox0,
                 const float *mask,
                 float       *out,
                 float       *idx)
{
  vf acc[2][8];

  for (int r = 0; r < 2; r++)
    for (int o = 0; o < 8; o++)
      acc[r][o] = splat (bias);

  for (int i = 0; i < n_in; i++)
    {
      const float *plane = in + (gsize) i * iw * iw * L;
      const float *wi = wo + i * SW_K * SW_K;

#pragma GCC unroll 6
      for (int j = 0; j < 6; j++)
        {
          const float *row = plane + ((2 * py + j) * iw + ox0) * L;
          vf v[12];

#pragma GCC unroll 12
          for (int t = 0; t < 12; t++)
            v[t] = LD (row + t * L);
#pragma GCC unroll 2
          for (int r = 0; r < 2; r++)
            {
              int ky = j - r;

              if (ky < 0 || ky >= SW_K)
                continue;
#pragma GCC unroll 5
              for (int kx = 0; kx < SW_K; kx++)
                {
                  vf wv = splat (wi[ky * SW_K + kx]);

#pragma GCC unroll 8
                  for (int o = 0; o < 8; o++)
                    acc[r][o] += wv * v[o + kx];
                }
            }
        }
    }

  if (mask != NULL)
    {
      vf m = LD (mask);

      for (int r = 0; r < 2; r++)
        for (int o = 0; o < 8; o++)
          acc[r][o] *= m;
    }

  /* PyTorch scans a window row by row and keeps the first maximum. */
  for (int p = 0; p < 4; p++)
    {
      vf m = acc[0][2 * p];
      vf id = splat (0.f);
      vf c;
      vi gt;

      c = acc[0][2 * p + 1];
      gt = c > m;
      m = vsel (gt, c, m);
      id = vsel (gt, splat (1.f), id);
      c = acc[1][2 * p];
      gt = c > m;
      m = vsel (gt, c, m);
      id = vsel (gt, splat (2.f), id);
      c = acc[1][2 * p + 1];
      gt = c > m;
      m = vsel (gt, c, m);
      id = vsel (gt, splat (3.f), id);

      ST (out + p * L, relu (m));
      if (idx != NULL)
        ST (idx + p * L, id);
    }
}

static void
conv1_pool (const float *x,
            const float *w,
            const float *b,
            float       *a1,
            float       *idx1)
{
  for (int s = 0; s < L; s += VW)
    for (int py = 0; py < SW_P1; py++)
      for (int ox0 = 0; ox0 < SW_O1; ox0 += 8)
        for (int c = 0; c < SW_C1; c++)
          {
            gsize e = ((gsize) c * SW_P1 * SW_P1 + py * SW_P1 + ox0 / 2) * L + s;

            conv_pool_block (x + s, 1, SW_IN, w + c * SW_K * SW_K, b[c], py, ox0, NULL,
                             a1 + e, idx1 != NULL ? idx1 + e : NULL);
          }
}

static void
conv2_pool (const float *a1,
            const float *w,
            const float *b,
            const float *mask2,
            float       *a2,
            float       *idx2)
{
  for (int s = 0; s < L; s += VW)
    for (int o = 0; o < SW_C2; o++)
      for (int py = 0; py < SW_P2; py++)
        {
          gsize e = ((gsize) o * SW_P2 * SW_P2 + py * SW_P2) * L + s;

          conv_pool_block (a1 + s, SW_C1, SW_P1, w + o * SW_C1 * SW_K * SW_K, b[o], py, 0,
                           mask2 != NULL ? mask2 + o * L + s : NULL,
                           a2 + e, idx2 != NULL ? idx2 + e : NULL);
        }
}

static void
fc_forward (const float *in,
            guint        n_in,
            const float *w,
            const float *b,
            guint        n_out,
            gboolean     with_relu,
            float       *out)
{
  g_assert (n_out % 10 == 0);

  for (int s = 0; s < L; s += VW)
    for (guint j0 = 0; j0 < n_out; j0 += 10)
      {
        vf acc[10];

        for (int r = 0; r < 10; r++)
          acc[r] = splat (b[j0 + r]);
        for (guint k = 0; k < n_in; k++)
          {
            vf x = LD (in + k * L + s);

#pragma GCC unroll 10
            for (int r = 0; r < 10; r++)
              acc[r] += w[(j0 + r) * n_in + k] * x;
          }
        for (int r = 0; r < 10; r++)
          ST (out + (j0 + r) * L + s, with_relu ? relu (acc[r]) : acc[r]);
      }
}

static void
fc_backward_data (const float *dout,
                  guint        n_out,
                  const float *w,
                  guint        n_in,
                  float       *din)
{
  g_assert (n_in % 10 == 0);

  for (int s = 0; s < L; s += VW)
    for (guint k0 = 0; k0 < n_in; k0 += 10)
      {
        vf acc[10];

        for (int r = 0; r < 10; r++)
          acc[r] = splat (0.f);
        for (guint j = 0; j < n_out; j++)
          {
            vf d = LD (dout + j * L + s);
            const float *wj = w + j * n_in + k0;

#pragma GCC unroll 10
            for (int r = 0; r < 10; r++)
              acc[r] += wj[r] * d;
          }
        for (int r = 0; r < 10; r++)
          ST (din + (k0 + r) * L + s, acc[r]);
      }
}

static void
fc_backward_weights (const float *dout,
                     guint        n_out,
                     const float *in,
                     guint        n_in,
                     float       *gw,
                     float       *gb)
{
  float in_t[L * SW_F1_IN];
  float dout_t[L * SW_F1];

  g_assert (n_in <= SW_F1_IN && n_out <= SW_F1);

  /* Sample-major copies, so the sum over samples runs along contiguous rows of weights. */
  for (guint k = 0; k < n_in; k++)
    for (int l = 0; l < L; l++)
      in_t[l * n_in + k] = in[k * L + l];
  for (guint j = 0; j < n_out; j++)
    for (int l = 0; l < L; l++)
      dout_t[l * n_out + j] = dout[j * L + l];

  for (guint j = 0; j < n_out; j++)
    {
      float *g = gw + j * n_in;
      float sum = 0.f;

      memset (g, 0, n_in * sizeof (float));
      for (int l = 0; l < L; l++)
        {
          float d = dout_t[l * n_out + j];
          const float *x = in_t + l * n_in;

          sum += d;
          /* Dropout and relu zero most gradients; skipping them changes no sum. */
          if (d == 0.f)
            continue;
          for (guint k = 0; k < n_in; k++)
            g[k] += d * x[k];
        }
      gb[j] = sum;
    }
}

static void
pool2_backward (const float *da2,
                const float *a2,
                const float *idx2,
                const float *mask2,
                float       *dout2)
{
  for (int s = 0; s < L; s += VW)
    for (int o = 0; o < SW_C2; o++)
      {
        vf m = mask2 != NULL ? LD (mask2 + o * L + s) : splat (1.f);

        for (int py = 0; py < SW_P2; py++)
          for (int px = 0; px < SW_P2; px++)
            {
              gsize e = ((gsize) o * SW_P2 * SW_P2 + py * SW_P2 + px) * L + s;
              vf dp = vsel (LD (a2 + e) > splat (0.f), LD (da2 + e), splat (0.f)) * m;
              vf id = LD (idx2 + e);

              for (int q = 0; q < 4; q++)
                {
                  gsize pos = (gsize) o * SW_O2 * SW_O2 + (2 * py + q / 2) * SW_O2
                              + 2 * px + q % 2;

                  ST (dout2 + pos * L + s, vsel (id == splat ((float) q), dp, splat (0.f)));
                }
            }
      }
}

/* acc[k·5 + kx] += Σ over lanes, oy, ox of d[oy][ox] · in[oy + ky0 + k][ox + kx], for
 * k < nky; d is oh × ow (ow a multiple of 8), in has side iw. */
INLINE void
wgrad_rows (const float *d,
            int          oh,
            int          ow,
            const float *in,
            int          iw,
            int          ky0,
            int          nky,
            vf          *out)
{
  vf acc[3][SW_K];

  for (int k = 0; k < 3; k++)
    for (int kx = 0; kx < SW_K; kx++)
      acc[k][kx] = splat (0.f);

  for (int s = 0; s < L; s += VW)
    for (int oy = 0; oy < oh; oy++)
      for (int b = 0; b < ow; b += 8)
        {
          vf dv[8];

#pragma GCC unroll 8
          for (int o = 0; o < 8; o++)
            dv[o] = LD (d + ((oy * ow + b + o) * L + s));
#pragma GCC unroll 3
          for (int k = 0; k < nky; k++)
            {
              const float *row = in + (((oy + ky0 + k) * iw + b) * L + s);

#pragma GCC unroll 12
              for (int t = 0; t < 12; t++)
                {
                  vf xv = LD (row + t * L);

#pragma GCC unroll 5
                  for (int kx = 0; kx < SW_K; kx++)
                    {
                      int o = t - kx;

                      if (o >= 0 && o < 8)
                        acc[k][kx] += dv[o] * xv;
                    }
                }
            }
        }

  for (int k = 0; k < nky; k++)
    for (int kx = 0; kx < SW_K; kx++)
      out[k * SW_K + kx] = acc[k][kx];
}

INLINE void
wgrad_plane (const float *d,
             int          oh,
             int          ow,
             const float *in,
             int          iw,
             float       *gw)
{
  vf acc[SW_K * SW_K];

  wgrad_rows (d, oh, ow, in, iw, 0, 3, acc);
  wgrad_rows (d, oh, ow, in, iw, 3, 2, acc + 3 * SW_K);
  for (int k = 0; k < SW_K * SW_K; k++)
    gw[k] = hsum (acc[k]);
}

INLINE float
plane_sum (const float *plane,
           int          n)
{
  vf acc = splat (0.f);

  for (int s = 0; s < L; s += VW)
    for (int e = 0; e < n; e++)
      acc += LD (plane + e * L + s);
  return hsum (acc);
}

static void
conv2_backward_weights (const float *dout2,
                        const float *a1,
                        float       *gw,
                        float       *gb)
{
  for (int o = 0; o < SW_C2; o++)
    {
      const float *d = dout2 + (gsize) o * SW_O2 * SW_O2 * L;

      for (int i = 0; i < SW_C1; i++)
        wgrad_plane (d, SW_O2, SW_O2, a1 + (gsize) i * SW_P1 * SW_P1 * L, SW_P1,
                     gw + (o * SW_C1 + i) * SW_K * SW_K);
      gb[o] = plane_sum (d, SW_O2 * SW_O2);
    }
}

static void
conv2_backward_data (const float *dout2,
                     const float *w,
                     const float *a1,
                     float       *dp1)
{
  for (int s = 0; s < L; s += VW)
    for (int i0 = 0; i0 < SW_C1; i0 += 2)
      for (int y = 0; y < SW_P1; y++)
        {
          int ky_lo = MAX (0, y - (SW_O2 - 1));
          int ky_hi = MIN (SW_K - 1, y);
          vf acc[2][12];

          for (int r = 0; r < 2; r++)
            for (int x = 0; x < 12; x++)
              acc[r][x] = splat (0.f);

          for (int o = 0; o < SW_C2; o++)
            for (int ky = ky_lo; ky <= ky_hi; ky++)
              {
                const float *drow = dout2 + (((gsize) o * SW_O2 * SW_O2 + (y - ky) * SW_O2) * L
                                             + s);
                const float *wk = w + (o * SW_C1 + i0) * SW_K * SW_K + ky * SW_K;
                vf dv[8];

#pragma GCC unroll 8
                for (int ox = 0; ox < 8; ox++)
                  dv[ox] = LD (drow + ox * L);
#pragma GCC unroll 2
                for (int r = 0; r < 2; r++)
#pragma GCC unroll 5
                  for (int kx = 0; kx < SW_K; kx++)
                    {
                      vf wv = splat (wk[r * SW_K * SW_K + kx]);

#pragma GCC unroll 8
                      for (int ox = 0; ox < 8; ox++)
                        acc[r][ox + kx] += wv * dv[ox];
                    }
              }

          for (int r = 0; r < 2; r++)
            for (int x = 0; x < 12; x++)
              {
                gsize e = (((gsize) (i0 + r) * SW_P1 * SW_P1 + y * SW_P1 + x) * L + s);

                ST (dp1 + e, vsel (LD (a1 + e) > splat (0.f), acc[r][x], splat (0.f)));
              }
        }
}

static void
conv1_backward_weights (const float *dp1,
                        const float *idx1,
                        const float *x,
                        float       *gw,
                        float       *gb,
                        float       *scratch)
{
  for (int c = 0; c < SW_C1; c++)
    {
      const float *dp = dp1 + (gsize) c * SW_P1 * SW_P1 * L;
      const float *id = idx1 + (gsize) c * SW_P1 * SW_P1 * L;

      /* The gradient of conv1's output: each pooled gradient goes to its window's argmax. */
      for (int s = 0; s < L; s += VW)
        for (int py = 0; py < SW_P1; py++)
          for (int px = 0; px < SW_P1; px++)
            {
              gsize e = (gsize) (py * SW_P1 + px) * L + s;
              vf g = LD (dp + e);
              vf k = LD (id + e);

              for (int q = 0; q < 4; q++)
                {
                  gsize pos = (gsize) (2 * py + q / 2) * SW_O1 + 2 * px + q % 2;

                  ST (scratch + pos * L + s, vsel (k == splat ((float) q), g, splat (0.f)));
                }
            }

      wgrad_plane (scratch, SW_O1, SW_O1, x, SW_IN, gw + c * SW_K * SW_K);
      gb[c] = plane_sum (dp, SW_P1 * SW_P1);
    }
}

static void
sgd_update (float       *params,
            float       *momentum_buffer,
            const float *partials,
            gsize        stride,
            guint        n_partials,
            gsize        n,
            float        lr,
            float        momentum,
            gboolean     first)
{
  for (gsize i = 0; i < n; i++)
    {
      float g = partials[i];
      float b;

      for (guint c = 1; c < n_partials; c++)
        g += partials[c * stride + i];
      b = first ? g : momentum * momentum_buffer[i] + g;
      momentum_buffer[i] = b;
      params[i] = params[i] - lr * b;
    }
}

const SwTrainKernels KERNELS = {
  .name = KERNELS_NAME,
  .conv1_pool = conv1_pool,
  .conv2_pool = conv2_pool,
  .fc_forward = fc_forward,
  .fc_backward_data = fc_backward_data,
  .fc_backward_weights = fc_backward_weights,
  .pool2_backward = pool2_backward,
  .conv2_backward_weights = conv2_backward_weights,
  .conv2_backward_data = conv2_backward_data,
  .conv1_backward_weights = conv1_backward_weights,
  .sgd_update = sgd_update,
};
