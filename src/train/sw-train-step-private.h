/* sw-train-step-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-mt19937-private.h"
#include "sw-net-private.h"
#include "sw-train-pool-private.h"

G_BEGIN_DECLS

/* One SGD step of the example on a batch, spread over a pool: the state (threads, buffers,
 * momentum) lives across steps. */
typedef struct _SwTrainStep SwTrainStep;

SwTrainStep     *_sw_train_step_new            (guint                  threads,
                                                guint                  max_batch);
void             _sw_train_step_free           (SwTrainStep           *step);
SwTrainPool     *_sw_train_step_get_pool       (SwTrainStep           *step);
SwNetWorkspace **_sw_train_step_get_workspaces (SwTrainStep           *step);
double           _sw_train_step_compute        (SwTrainStep           *step,
                                                const float           *params,
                                                const guint8          *images,
                                                const guint8          *labels,
                                                const guint32         *order,
                                                gsize                  first,
                                                guint                  n,
                                                SwMt19937             *mt,
                                                guint                  next_n);
void             _sw_train_step_apply          (SwTrainStep           *step,
                                                float                 *params,
                                                float                  lr,
                                                float                  momentum);
const float     *_sw_train_step_get_gradient   (SwTrainStep           *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTrainStep, _sw_train_step_free)

G_END_DECLS
