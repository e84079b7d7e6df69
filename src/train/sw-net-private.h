/* sw-net-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-mt19937-private.h"
#include "sw-net.h"
#include "sw-train-kernels-private.h"
#include "sw-train-pool-private.h"

G_BEGIN_DECLS

/* Everything one thread needs to push one chunk of SW_LANES samples forward and back. */
typedef struct
{
  float *x;       /* input, 784 · L */
  float *a1;      /* relu(pool(conv1)), 1440 · L */
  float *idx1;
  float *a2;      /* relu(pool(drop2d(conv2))), 320 · L */
  float *idx2;
  float *h;       /* relu(fc1), 50 · L */
  float *hd;      /* dropout(h) */
  float *z;       /* log-probabilities, 10 · L */
  float *mask2;   /* Dropout2d multipliers, 20 · L */
  float *mask1;   /* dropout multipliers, 50 · L */
  float *dz;
  float *dh;
  float *da2;
  float *dout2;   /* 1280 · L */
  float *dp1;     /* 1440 · L */
  float *scratch;
  guint8 labels[SW_LANES];
  guint n;        /* samples in the chunk; the other lanes hold zeros */
  float *memory;
} SwNetWorkspace;

float          *_sw_net_get_params_mutable (SwNet                 *net);
void            _sw_net_init_params        (float                 *params,
                                            SwMt19937             *mt);

SwNetWorkspace *_sw_net_workspace_new      (void);
void            _sw_net_workspace_free     (SwNetWorkspace        *ws);
void            _sw_net_workspace_load     (SwNetWorkspace        *ws,
                                            const guint8          *images,
                                            const guint8          *labels,
                                            const guint32         *order,
                                            gsize                  first,
                                            guint                  n);
void            _sw_net_forward            (const SwTrainKernels  *k,
                                            const float           *params,
                                            SwNetWorkspace        *ws,
                                            gboolean               train);
void            _sw_net_backward           (const SwTrainKernels  *k,
                                            const float           *params,
                                            SwNetWorkspace        *ws,
                                            guint                  batch_size,
                                            float                 *grads);

gboolean        _sw_net_evaluate_with_pool (SwNet                 *net,
                                            SwDataset             *dataset,
                                            SwTrainPool           *pool,
                                            SwNetWorkspace       **workspaces,
                                            guint                  block,
                                            SwEvaluation          *result,
                                            GCancellable          *cancellable,
                                            GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwNetWorkspace, _sw_net_workspace_free)

G_END_DECLS
