/* test-kernels.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every layer of the network against finite differences, for every instruction set this
 * machine runs: for a layer y = f(x, w), the objective J = Σ r·y with r random; the backward
 * kernels given dJ/dy = r must return dJ/dw and dJ/dx as central differences of J measure
 * them. Then the composition (log-softmax, NLL loss, both dropouts) on the whole network. */

#include <math.h>
#include <string.h>

#include "sw-net-private.h"
#include "sw-train-kernels-private.h"

#define L SW_LANES

static GRand *rng;

static float *
fl_new (gsize n)
{
  return g_aligned_alloc0 (n, sizeof (float), 64);
}

static void
fill (float  *x,
      gsize   n,
      double  lo,
      double  hi)
{
  for (gsize i = 0; i < n; i++)
    x[i] = (float) g_rand_double_range (rng, lo, hi);
}

static double
dot (const float *a,
     const float *b,
     gsize        n)
{
  double s = 0.0;

  for (gsize i = 0; i < n; i++)
    s += (double) a[i] * b[i];
  return s;
}

static const SwTrainKernels *
kernels_for (gconstpointer data)
{
  const SwTrainKernels *k = _sw_train_kernels_lookup (data);

  if (k == NULL)
    g_test_skip ("this CPU or build lacks these kernels");
  return k;
}

/* Central difference of J with respect to *p. objective () recomputes J and appends the
 * activation pattern J depends on (argmax of each pooling window, sign of each relu input);
 * J is piecewise linear or smooth between pattern changes, so a difference across a change
 * measures nothing and the element is skipped: check () counts how many were. */
typedef double (*Objective) (gpointer    data,
                             GByteArray *pattern);

typedef struct
{
  Objective objective;
  gpointer data;
  GByteArray *base;
  guint checked;
  guint skipped;
} Checker;

static void
checker_init (Checker   *c,
              Objective  objective,
              gpointer   data)
{
  c->objective = objective;
  c->data = data;
  c->base = g_byte_array_new ();
  c->checked = c->skipped = 0;
  objective (data, c->base);
}

static void
check (Checker     *c,
       float       *p,
       float        eps,
       double       analytic,
       double       tolerance,
       const char  *what,
       gsize        index)
{
  g_autoptr(GByteArray) pattern = g_byte_array_new ();
  float saved = *p;
  double plus, minus, numeric;
  gboolean same;

  *p = saved + eps;
  plus = c->objective (c->data, pattern);
  same = pattern->len == c->base->len && memcmp (pattern->data, c->base->data, pattern->len) == 0;
  g_byte_array_set_size (pattern, 0);
  *p = saved - eps;
  minus = c->objective (c->data, pattern);
  same = same && memcmp (pattern->data, c->base->data, pattern->len) == 0;
  /* The step actually taken, after rounding to float. */
  numeric = (plus - minus) / ((double) (saved + eps) - (double) (saved - eps));
  *p = saved;

  if (!same)
    {
      c->skipped++;
      return;
    }
  c->checked++;
  if (fabs (numeric - analytic) > tolerance * (1.0 + fabs (analytic)))
    g_error ("%s[%" G_GSIZE_FORMAT "]: finite difference %.7g, backward %.7g", what, index,
             numeric, analytic);
}

static void
checker_finish (Checker    *c,
                const char *what)
{
  g_test_message ("%s: %u elements checked, %u skipped at a kink", what, c->checked,
                  c->skipped);
  g_assert_cmpuint (c->checked, >=, 4 * c->skipped);
  g_assert_cmpuint (c->checked, >, 0);
  g_byte_array_unref (c->base);
}

static void
add_pattern (GByteArray  *pattern,
             const float *r,
             const float *idx,
             const float *out,
             gsize        n,
             guint        lanes)
{
  for (gsize i = 0; i < n; i++)
    if ((r == NULL || r[i] != 0.f) && i % L < lanes)
      {
        guint8 b = (idx != NULL ? (guint8) idx[i] * 2 : 0) + (out[i] > 0.f);

        g_byte_array_append (pattern, &b, 1);
      }
}

/* A sparse r: J depends on few outputs, so perturbations seldom cross a kink. */
static void
fill_sparse (float  *r,
             gsize   n,
             double  density)
{
  for (gsize i = 0; i < n; i++)
    r[i] = g_rand_double (rng) < density ? (float) g_rand_double_range (rng, -1, 1) : 0.f;
}

/* conv1 → max-pool → relu */

typedef struct
{
  const SwTrainKernels *k;
  float *x, *w, *b, *a1, *idx1, *r;
} Conv1Case;

static double
conv1_objective (gpointer    data,
                 GByteArray *pattern)
{
  Conv1Case *c = data;
  gsize n = SW_C1 * SW_P1 * SW_P1 * L;

  c->k->conv1_pool (c->x, c->w, c->b, c->a1, c->idx1);
  add_pattern (pattern, c->r, c->idx1, c->a1, n, L);
  return dot (c->r, c->a1, n);
}

static void
test_conv1 (gconstpointer data)
{
  const SwTrainKernels *k = kernels_for (data);
  Checker checker;
  Conv1Case c;
  g_autofree float *dp1 = NULL;
  g_autofree float *gw = NULL;
  g_autofree float *gb = NULL;
  g_autofree float *scratch = NULL;
  gsize n_out = SW_C1 * SW_P1 * SW_P1 * L;

  if (k == NULL)
    return;
  c.k = k;
  c.x = fl_new (SW_IN * SW_IN * L);
  c.w = fl_new (250);
  c.b = fl_new (10);
  c.a1 = fl_new (n_out);
  c.idx1 = fl_new (n_out);
  c.r = fl_new (n_out);
  dp1 = fl_new (n_out);
  gw = fl_new (250);
  gb = fl_new (10);
  scratch = fl_new (SW_CONV1_SCRATCH);
  fill (c.x, SW_IN * SW_IN * L, -1, 2);
  fill (c.w, 250, -0.2, 0.2);
  fill (c.b, 10, -0.2, 0.2);
  fill_sparse (c.r, n_out, 0.02);

  checker_init (&checker, conv1_objective, &c);
  /* dJ/da1 = r, through relu: what conv2's backward hands over. */
  for (gsize i = 0; i < n_out; i++)
    dp1[i] = c.a1[i] > 0 ? c.r[i] : 0.f;
  k->conv1_backward_weights (dp1, c.idx1, c.x, gw, gb, scratch);

  for (gsize i = 0; i < 250; i += 3)
    check (&checker, &c.w[i], 3e-4f, gw[i], 1e-2, "conv1.weight", i);
  for (gsize i = 0; i < 10; i++)
    check (&checker, &c.b[i], 3e-4f, gb[i], 1e-2, "conv1.bias", i);
  checker_finish (&checker, "conv1");

  g_aligned_free (c.x);
  g_aligned_free (c.w);
  g_aligned_free (c.b);
  g_aligned_free (c.a1);
  g_aligned_free (c.idx1);
  g_aligned_free (c.r);
}

/* conv2 → Dropout2d → max-pool → relu */

typedef struct
{
  const SwTrainKernels *k;
  float *a1, *w, *b, *mask2, *a2, *idx2, *r;
} Conv2Case;

static double
conv2_objective (gpointer    data,
                 GByteArray *pattern)
{
  Conv2Case *c = data;

  c->k->conv2_pool (c->a1, c->w, c->b, c->mask2, c->a2, c->idx2);
  add_pattern (pattern, c->r, c->idx2, c->a2, SW_F1_IN * L, L);
  return dot (c->r, c->a2, SW_F1_IN * L);
}

static void
test_conv2 (gconstpointer data)
{
  const SwTrainKernels *k = kernels_for (data);
  Checker checker;
  Conv2Case c;
  gsize n_in = SW_C1 * SW_P1 * SW_P1 * L;
  float *dout2, *gw, *gb, *dp1;
  guint checked = 0;

  if (k == NULL)
    return;
  c.k = k;
  c.a1 = fl_new (n_in);
  c.w = fl_new (5000);
  c.b = fl_new (20);
  c.mask2 = fl_new (SW_C2 * L);
  c.a2 = fl_new (SW_F1_IN * L);
  c.idx2 = fl_new (SW_F1_IN * L);
  c.r = fl_new (SW_F1_IN * L);
  dout2 = fl_new (SW_C2 * SW_O2 * SW_O2 * L);
  gw = fl_new (5000);
  gb = fl_new (20);
  dp1 = fl_new (n_in);

  /* Inputs come out of a relu: a third of them zero. */
  fill (c.a1, n_in, -0.5, 1);
  for (gsize i = 0; i < n_in; i++)
    c.a1[i] = MAX (c.a1[i], 0.f);
  fill (c.w, 5000, -0.06, 0.06);
  fill (c.b, 20, -0.06, 0.06);
  fill_sparse (c.r, SW_F1_IN * L, 0.1);
  for (gsize i = 0; i < SW_C2 * L; i++)
    c.mask2[i] = g_rand_boolean (rng) ? 2.f : 0.f;

  checker_init (&checker, conv2_objective, &c);
  k->pool2_backward (c.r, c.a2, c.idx2, c.mask2, dout2);
  k->conv2_backward_weights (dout2, c.a1, gw, gb);
  k->conv2_backward_data (dout2, c.w, c.a1, dp1);

  for (gsize i = 0; i < 5000; i += 17)
    check (&checker, &c.w[i], 3e-4f, gw[i], 1e-2, "conv2.weight", i);
  for (gsize i = 0; i < 20; i++)
    check (&checker, &c.b[i], 3e-4f, gb[i], 1e-2, "conv2.bias", i);
  /* The input gradient is taken through relu1: where a1 = 0 it is 0 by design. */
  for (gsize i = 0; i < n_in; i += 29)
    if (c.a1[i] > 0.01f)
      {
        check (&checker, &c.a1[i], 3e-4f, dp1[i], 1e-2, "a1", i);
        checked++;
      }
    else if (c.a1[i] == 0.f)
      g_assert_cmpfloat (dp1[i], ==, 0.f);
  g_assert_cmpuint (checked, >, 100);
  checker_finish (&checker, "conv2");

  g_aligned_free (c.a1);
  g_aligned_free (c.w);
  g_aligned_free (c.b);
  g_aligned_free (c.mask2);
  g_aligned_free (c.a2);
  g_aligned_free (c.idx2);
  g_aligned_free (c.r);
  g_aligned_free (dout2);
  g_aligned_free (gw);
  g_aligned_free (gb);
  g_aligned_free (dp1);
}

/* fc1 (relu) and fc2 */

typedef struct
{
  const SwTrainKernels *k;
  guint n_in, n_out;
  gboolean relu;
  float *in, *w, *b, *out, *r;
} FcCase;

static double
fc_objective (gpointer    data,
              GByteArray *pattern)
{
  FcCase *c = data;

  c->k->fc_forward (c->in, c->n_in, c->w, c->b, c->n_out, c->relu, c->out);
  add_pattern (pattern, c->r, NULL, c->out, c->n_out * L, L);
  return dot (c->r, c->out, c->n_out * L);
}

static void
check_fc (const SwTrainKernels *k,
          guint                 n_in,
          guint                 n_out,
          gboolean              relu)
{
  FcCase c = { k, n_in, n_out, relu };
  Checker checker;
  float *dout = fl_new (n_out * L);
  float *gw = fl_new (n_in * n_out);
  float *gb = fl_new (n_out);
  float *din = fl_new (n_in * L);

  c.in = fl_new (n_in * L);
  c.w = fl_new (n_in * n_out);
  c.b = fl_new (n_out);
  c.out = fl_new (n_out * L);
  c.r = fl_new (n_out * L);
  fill (c.in, n_in * L, -1, 1);
  fill (c.w, n_in * n_out, -0.1, 0.1);
  fill (c.b, n_out, -0.1, 0.1);
  fill (c.r, n_out * L, -1, 1);

  checker_init (&checker, fc_objective, &c);
  for (gsize i = 0; i < n_out * L; i++)
    dout[i] = (!relu || c.out[i] > 0) ? c.r[i] : 0.f;
  k->fc_backward_weights (dout, n_out, c.in, n_in, gw, gb);
  k->fc_backward_data (dout, n_out, c.w, n_in, din);

  for (gsize i = 0; i < n_in * n_out; i += 13)
    check (&checker, &c.w[i], 1e-3f, gw[i], 1e-2, "w", i);
  for (gsize i = 0; i < n_out; i++)
    check (&checker, &c.b[i], 1e-3f, gb[i], 1e-2, "b", i);
  for (gsize i = 0; i < n_in * L; i += 11)
    check (&checker, &c.in[i], 1e-3f, din[i], 1e-2, "in", i);
  checker_finish (&checker, relu ? "fc1" : "fc2");

  g_aligned_free (c.in);
  g_aligned_free (c.w);
  g_aligned_free (c.b);
  g_aligned_free (c.out);
  g_aligned_free (c.r);
  g_aligned_free (dout);
  g_aligned_free (gw);
  g_aligned_free (gb);
  g_aligned_free (din);
}

static void
test_fc (gconstpointer data)
{
  const SwTrainKernels *k = kernels_for (data);

  if (k == NULL)
    return;
  check_fc (k, SW_F1_IN, SW_F1, TRUE);
  check_fc (k, SW_F1, SW_F2, FALSE);
}

/* The whole network on a chunk: mean NLL of log-softmax, with both dropouts. */

typedef struct
{
  const SwTrainKernels *k;
  float *params;
  SwNetWorkspace *ws;
} NetCase;

static double
net_objective (gpointer    data,
               GByteArray *pattern)
{
  NetCase *c = data;
  SwNetWorkspace *ws = c->ws;
  double loss = 0.0;

  _sw_net_forward (c->k, c->params, ws, TRUE);
  for (guint l = 0; l < ws->n; l++)
    loss -= ws->z[ws->labels[l] * L + l];
  /* The empty lanes change too, but count for nothing. */
  add_pattern (pattern, NULL, ws->idx1, ws->a1, SW_C1 * SW_P1 * SW_P1 * L, ws->n);
  add_pattern (pattern, NULL, ws->idx2, ws->a2, SW_F1_IN * L, ws->n);
  add_pattern (pattern, NULL, NULL, ws->h, SW_F1 * L, ws->n);
  return loss / ws->n;
}

static void
test_network (gconstpointer data)
{
  const SwTrainKernels *k = kernels_for (data);
  g_autoptr(SwNetWorkspace) ws = NULL;
  g_autofree float *params = g_new (float, SW_N_PARAMS);
  g_autofree float *grads = g_new (float, SW_N_PARAMS);
  g_autofree guint8 *images = g_new (guint8, 12 * 784);
  guint8 labels[12];
  const SwNetTensor *tensors;
  guint n_tensors;
  Checker checker;
  NetCase c;
  SwMt19937 mt;
  guint dropped = 0;

  if (k == NULL)
    return;
  _sw_mt19937_seed (&mt, 3);
  _sw_net_init_params (params, &mt);
  for (guint i = 0; i < 12 * 784; i++)
    images[i] = g_rand_int_range (rng, 0, 256);
  for (guint i = 0; i < 12; i++)
    labels[i] = i % 10;

  /* 3 samples in a chunk of 16: the empty lanes must not count. Few samples, few kinks. */
  ws = _sw_net_workspace_new ();
  _sw_net_workspace_load (ws, images, labels, NULL, 0, 3);
  for (guint i = 0; i < SW_C2 * L; i++)
    ws->mask2[i] = g_rand_boolean (rng) ? 2.f : 0.f;
  for (guint i = 0; i < SW_F1 * L; i++)
    ws->mask1[i] = g_rand_boolean (rng) ? 2.f : 0.f;
  c.k = k;
  c.params = params;
  c.ws = ws;

  checker_init (&checker, net_objective, &c);
  _sw_net_backward (k, params, ws, 3, grads);

  /* Dropout2d drops whole channels, dropout single units. */
  for (guint ch = 0; ch < SW_C2; ch++)
    for (guint l = 0; l < 3; l++)
      if (ws->mask2[ch * L + l] == 0.f)
        {
          for (guint e = 0; e < 16; e++)
            g_assert_cmpfloat (ws->a2[(ch * 16 + e) * L + l], ==, 0.f);
          dropped++;
        }
  g_assert_cmpuint (dropped, >, 15);
  for (guint i = 0; i < SW_F1 * L; i++)
    g_assert_cmpfloat (ws->hd[i], ==, ws->h[i] * ws->mask1[i]);

  tensors = sw_net_get_tensors (&n_tensors);
  for (guint t = 0; t < n_tensors; t++)
    {
      gsize stride = MAX (tensors[t].n_elements / 40, 1);

      for (gsize i = 0; i < tensors[t].n_elements; i += stride)
        {
          gsize p = tensors[t].offset + i;

          check (&checker, &params[p], 3e-4f, grads[p], 2e-2, tensors[t].name, i);
        }
    }
  checker_finish (&checker, "network");
}

/* PyTorch keeps the first maximum of a window; relu(pool) of equal values. */
static void
test_pool_ties (gconstpointer data)
{
  const SwTrainKernels *k = kernels_for (data);
  gsize n_out = SW_C1 * SW_P1 * SW_P1 * L;
  float *x, *w, *b, *a1, *idx1;

  if (k == NULL)
    return;
  x = fl_new (SW_IN * SW_IN * L);
  w = fl_new (250);
  b = fl_new (10);
  a1 = fl_new (n_out);
  idx1 = fl_new (n_out);
  fill (x, SW_IN * SW_IN * L, -1, 1);
  for (guint c = 0; c < 10; c++)
    b[c] = c % 2 ? 0.5f : -0.5f;

  k->conv1_pool (x, w, b, a1, idx1);
  for (gsize i = 0; i < n_out; i++)
    {
      guint c = i / (SW_P1 * SW_P1 * L);

      g_assert_cmpfloat (idx1[i], ==, 0.f);
      g_assert_cmpfloat (a1[i], ==, c % 2 ? 0.5f : 0.f);
    }

  /* One weight on the centre: each window's maximum is where x is largest. */
  w[12] = 1.f;
  k->conv1_pool (x, w, b, a1, idx1);
  for (guint py = 0; py < SW_P1; py++)
    for (guint px = 0; px < SW_P1; px++)
      for (guint l = 0; l < L; l++)
        {
          float best = -G_MAXFLOAT;
          guint arg = 0;

          for (guint q = 0; q < 4; q++)
            {
              float v = x[((2 * py + q / 2 + 2) * SW_IN + 2 * px + q % 2 + 2) * L + l];

              if (v > best)
                best = v, arg = q;
            }
          g_assert_cmpfloat (idx1[((py * SW_P1) + px) * L + l], ==, (float) arg);
          g_assert_cmpfloat_with_epsilon (a1[((py * SW_P1) + px) * L + l],
                                          MAX (best - 0.5f, 0.f), 1e-6);
        }

  g_aligned_free (x);
  g_aligned_free (w);
  g_aligned_free (b);
  g_aligned_free (a1);
  g_aligned_free (idx1);
}

/* buf = g on the first step, then momentum·buf + g; p -= lr·buf; chunk gradients summed. */
static void
test_sgd (gconstpointer data)
{
  const SwTrainKernels *k = kernels_for (data);
  float params[40], buf[40], partials[3 * 40];

  if (k == NULL)
    return;
  for (guint i = 0; i < 40; i++)
    {
      params[i] = i;
      buf[i] = 100.f;
      partials[i] = 1.f;
      partials[40 + i] = 2.f;
      partials[80 + i] = i * 0.25f;
    }

  k->sgd_update (params, buf, partials, 40, 3, 40, 0.5f, 0.9f, TRUE);
  for (guint i = 0; i < 40; i++)
    {
      g_assert_cmpfloat (buf[i], ==, 3.f + i * 0.25f);
      g_assert_cmpfloat (params[i], ==, i - 0.5f * (3.f + i * 0.25f));
    }
  k->sgd_update (params, buf, partials, 40, 1, 40, 0.25f, 0.5f, FALSE);
  for (guint i = 0; i < 40; i++)
    {
      float b = 0.5f * (3.f + i * 0.25f) + 1.f;

      g_assert_cmpfloat (buf[i], ==, b);
      g_assert_cmpfloat_with_epsilon (params[i], i - 0.5f * (3.f + i * 0.25f) - 0.25f * b,
                                      1e-5);
    }
}

/* Every instruction set computes the same layers (up to rounding). */
static void
test_isa_agree (void)
{
  static const char *const names[] = { "avx2", "avx512" };
  const SwTrainKernels *generic = _sw_train_kernels_lookup ("generic");
  g_autoptr(SwNetWorkspace) ref = _sw_net_workspace_new ();
  g_autoptr(SwNetWorkspace) ws = _sw_net_workspace_new ();
  g_autofree float *params = g_new (float, SW_N_PARAMS);
  g_autofree float *g_ref = g_new (float, SW_N_PARAMS);
  g_autofree float *g = g_new (float, SW_N_PARAMS);
  g_autofree guint8 *images = g_new (guint8, 16 * 784);
  guint8 labels[16];
  guint compared = 0;
  SwMt19937 mt;

  _sw_mt19937_seed (&mt, 5);
  _sw_net_init_params (params, &mt);
  for (guint i = 0; i < 16 * 784; i++)
    images[i] = g_rand_int_range (rng, 0, 256);
  for (guint i = 0; i < 16; i++)
    labels[i] = (i * 3) % 10;
  _sw_net_workspace_load (ref, images, labels, NULL, 0, 16);
  for (guint i = 0; i < SW_C2 * L; i++)
    ref->mask2[i] = (i % 3) ? 2.f : 0.f;
  for (guint i = 0; i < SW_F1 * L; i++)
    ref->mask1[i] = (i % 5) > 1 ? 2.f : 0.f;
  _sw_net_workspace_load (ws, images, labels, NULL, 0, 16);
  memcpy (ws->mask2, ref->mask2, sizeof (float) * SW_C2 * L);
  memcpy (ws->mask1, ref->mask1, sizeof (float) * SW_F1 * L);

  _sw_net_forward (generic, params, ref, TRUE);
  _sw_net_backward (generic, params, ref, 16, g_ref);

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      const SwTrainKernels *k = _sw_train_kernels_lookup (names[n]);

      if (k == NULL)
        continue;
      _sw_net_forward (k, params, ws, TRUE);
      _sw_net_backward (k, params, ws, 16, g);
      for (guint i = 0; i < SW_F2 * L; i++)
        g_assert_cmpfloat_with_epsilon (ws->z[i], ref->z[i], 1e-4);
      for (guint i = 0; i < SW_N_PARAMS; i++)
        if (fabsf (g[i] - g_ref[i]) > 1e-5f + 1e-3f * fabsf (g_ref[i]))
          g_error ("%s: gradient %u is %g, generic says %g", names[n], i, g[i], g_ref[i]);
      compared++;
    }
  if (compared == 0)
    g_test_skip ("only the portable kernels run here");
}

int
main (int    argc,
      char **argv)
{
  static const char *const isas[] = { "generic", "avx2", "avx512" };
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20261125);

  for (guint i = 0; i < G_N_ELEMENTS (isas); i++)
    {
      g_autofree char *conv1 = g_strdup_printf ("/train/kernels/%s/conv1", isas[i]);
      g_autofree char *conv2 = g_strdup_printf ("/train/kernels/%s/conv2-dropout2d", isas[i]);
      g_autofree char *fc = g_strdup_printf ("/train/kernels/%s/fc", isas[i]);
      g_autofree char *net = g_strdup_printf ("/train/kernels/%s/network", isas[i]);
      g_autofree char *ties = g_strdup_printf ("/train/kernels/%s/pool-ties", isas[i]);
      g_autofree char *sgd = g_strdup_printf ("/train/kernels/%s/sgd", isas[i]);

      g_test_add_data_func (conv1, isas[i], test_conv1);
      g_test_add_data_func (conv2, isas[i], test_conv2);
      g_test_add_data_func (fc, isas[i], test_fc);
      g_test_add_data_func (net, isas[i], test_network);
      g_test_add_data_func (ties, isas[i], test_pool_ties);
      g_test_add_data_func (sgd, isas[i], test_sgd);
    }
  g_test_add_func ("/train/kernels/isa-agree", test_isa_agree);

  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
