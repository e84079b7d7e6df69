/* sw-train-kernels-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The network works on chunks of SW_LANES samples stored lane-innermost: element e of sample
 * l of an activation lives at [e * SW_LANES + l]. Every layer is then a "scalar" computation
 * whose scalars are vectors of samples, so each kernel vectorises without tails or gathers
 * at any vector width, weights are broadcast, and the result does not depend on how chunks
 * are spread over threads. */
#define SW_LANES 16

/* Shapes of the network of the PyTorch MNIST example. */
#define SW_IN 28                        /* input side */
#define SW_K 5                          /* kernel side */
#define SW_C1 10                        /* conv1 channels */
#define SW_O1 24                        /* conv1 output side */
#define SW_P1 12                        /* after pooling */
#define SW_C2 20                        /* conv2 channels */
#define SW_O2 8
#define SW_P2 4
#define SW_F1_IN (SW_C2 * SW_P2 * SW_P2)  /* 320 */
#define SW_F1 50
#define SW_F2 10

/* Parameters in state-dict order, in one array. */
#define SW_OFF_CONV1_W 0
#define SW_OFF_CONV1_B (SW_OFF_CONV1_W + SW_C1 * SW_K * SW_K)
#define SW_OFF_CONV2_W (SW_OFF_CONV1_B + SW_C1)
#define SW_OFF_CONV2_B (SW_OFF_CONV2_W + SW_C2 * SW_C1 * SW_K * SW_K)
#define SW_OFF_FC1_W (SW_OFF_CONV2_B + SW_C2)
#define SW_OFF_FC1_B (SW_OFF_FC1_W + SW_F1 * SW_F1_IN)
#define SW_OFF_FC2_W (SW_OFF_FC1_B + SW_F1)
#define SW_OFF_FC2_B (SW_OFF_FC2_W + SW_F2 * SW_F1)
#define SW_N_PARAMS (SW_OFF_FC2_B + SW_F2)  /* 21840 */

/* Scratch floats conv1_bwd_weights needs. */
#define SW_CONV1_SCRATCH (SW_O1 * SW_O1 * SW_LANES)

typedef struct
{
  const char *name;

  /* x[784·L] → relu(maxpool2(conv1(x))) as a1[1440·L]; idx1 (nullable) gets the argmax
   * 0–3 of each 2×2 window, first maximum winning as in PyTorch. */
  void (*conv1_pool)        (const float *x,
                             const float *w,
                             const float *b,
                             float       *a1,
                             float       *idx1);
  /* a1 → relu(maxpool2(conv2(a1) · mask2)) as a2[320·L] in view(-1, 320) order; mask2
   * (nullable) holds one multiplier per channel and lane (Dropout2d: 0 or 2). */
  void (*conv2_pool)        (const float *a1,
                             const float *w,
                             const float *b,
                             const float *mask2,
                             float       *a2,
                             float       *idx2);
  /* out[j] = b[j] + Σk w[j·n_in + k] in[k]; with relu, max(·, 0). n_out and n_in are
   * multiples of 10. */
  void (*fc_forward)        (const float *in,
                             guint        n_in,
                             const float *w,
                             const float *b,
                             guint        n_out,
                             gboolean     relu,
                             float       *out);
  /* din[k] = Σj w[j·n_in + k] dout[j] */
  void (*fc_backward_data)  (const float *dout,
                             guint        n_out,
                             const float *w,
                             guint        n_in,
                             float       *din);
  /* gw[j·n_in + k] = Σ over lanes dout[j] in[k]; gb[j] = Σ over lanes dout[j] */
  void (*fc_backward_weights) (const float *dout,
                               guint        n_out,
                               const float *in,
                               guint        n_in,
                               float       *gw,
                               float       *gb);
  /* da2 (gradient of a2) → gradient of conv2's output: through relu (a2 > 0), to the argmax
   * of each window, times mask2 (nullable). */
  void (*pool2_backward)    (const float *da2,
                             const float *a2,
                             const float *idx2,
                             const float *mask2,
                             float       *dout2);
  void (*conv2_backward_weights) (const float *dout2,
                                  const float *a1,
                                  float       *gw,
                                  float       *gb);
  /* dout2 → gradient of a1, then through relu1 (a1 > 0): the gradient of pool1's output. */
  void (*conv2_backward_data) (const float *dout2,
                               const float *w,
                               const float *a1,
                               float       *dp1);
  /* dp1 routed to the argmax of each window of conv1's output, then gw, gb of conv1. */
  void (*conv1_backward_weights) (const float *dp1,
                                  const float *idx1,
                                  const float *x,
                                  float       *gw,
                                  float       *gb,
                                  float       *scratch);
  /* g = Σc partials[c·stride + i] in order c = 0, 1, …; then PyTorch's SGD with momentum:
   * buf = first ? g : momentum·buf + g; p -= lr·buf. */
  void (*sgd_update)        (float       *params,
                             float       *momentum_buffer,
                             const float *partials,
                             gsize        stride,
                             guint        n_partials,
                             gsize        n,
                             float        lr,
                             float        momentum,
                             gboolean     first);
} SwTrainKernels;

extern const SwTrainKernels _sw_train_kernels_generic;
#ifdef SW_TRAIN_HAVE_X86_KERNELS
extern const SwTrainKernels _sw_train_kernels_avx2;
extern const SwTrainKernels _sw_train_kernels_avx512;
#endif

const SwTrainKernels *_sw_train_kernels_get     (void);
const SwTrainKernels *_sw_train_kernels_lookup  (const char *name);

G_END_DECLS
