/* sw-net.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-dataset.h"

G_BEGIN_DECLS

/**
 * SW_NET_N_PARAMS:
 *
 * The number of parameters of the network: 21,840 floats.
 */
#define SW_NET_N_PARAMS 21840

/**
 * SwNetTensor:
 * @name: the state-dict key (`conv1.weight` …)
 * @n_dims: the number of dimensions
 * @shape: the sizes of the dimensions
 * @offset: where the tensor starts in sw_net_get_params()
 * @n_elements: its number of elements
 *
 * One tensor of the network's state dict.
 */
typedef struct
{
  const char *name;
  guint n_dims;
  guint shape[4];
  gsize offset;
  gsize n_elements;
} SwNetTensor;

/**
 * SwEvaluation:
 * @loss: the mean negative log-likelihood over the set
 * @correct: how many images the network classifies right
 * @total: how many images the set holds
 * @seconds: the wall-clock time the evaluation took
 *
 * The result of sw_net_evaluate().
 */
typedef struct
{
  double loss;
  guint correct;
  guint total;
  double seconds;
} SwEvaluation;

/**
 * SwNet:
 *
 * The network of the PyTorch MNIST example: conv1 1→10 (5×5), max-pool 2, relu; conv2 10→20
 * (5×5), Dropout2d, max-pool 2, relu; fc1 320→50, relu, dropout; fc2 50→10; log-softmax.
 * Inputs are normalised with mean 0.1307 and standard deviation 0.3081. A reference-counted
 * array of parameters in state-dict order that does not change once made (a #SwTrainer trains
 * a network of its own and hands out copies), so it may be shared between threads.
 */
typedef struct _SwNet SwNet;

#define SW_TYPE_NET (sw_net_get_type ())

GType              sw_net_get_type         (void) G_GNUC_CONST;

const SwNetTensor *sw_net_get_tensors      (guint                 *n_tensors);
const SwNetTensor *sw_net_find_tensor      (const char            *name);

SwNet             *sw_net_new              (guint64                seed);
SwNet             *sw_net_new_from_params  (const float           *params);
SwNet             *sw_net_copy             (const SwNet           *net);
SwNet             *sw_net_ref              (SwNet                 *net);
void               sw_net_unref            (SwNet                 *net);

const float       *sw_net_get_params       (const SwNet           *net);
gboolean           sw_net_is_finite        (const SwNet           *net);

void               sw_net_predict          (SwNet                 *net,
                                            const guint8          *images,
                                            guint                  n_images,
                                            guint                  threads,
                                            guint8                *labels,
                                            float                 *log_probs);
gboolean           sw_net_evaluate         (SwNet                 *net,
                                            SwDataset             *dataset,
                                            guint                  threads,
                                            SwEvaluation          *result,
                                            GCancellable          *cancellable,
                                            GError               **error);
void               sw_net_evaluate_async   (SwNet                 *net,
                                            SwDataset             *dataset,
                                            guint                  threads,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
gboolean           sw_net_evaluate_finish  (SwNet                 *net,
                                            GAsyncResult          *result,
                                            SwEvaluation          *evaluation,
                                            GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwNet, sw_net_unref)

G_END_DECLS
