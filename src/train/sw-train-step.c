/* sw-train-step.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A batch is cut into chunks of SW_LANES samples. Chunks go to the threads of a pool, each
 * writing the gradient of its chunk to its own buffer; the update then sums the buffers in
 * chunk order, slice by slice of the parameters on every thread. The result is bit-identical
 * for a seed whatever the number of threads. */

#include <string.h>

#include "sw-train-step-private.h"

#define L SW_LANES

/* Parameters per update task: a multiple of 16 floats, so slices stay aligned. */
#define UPDATE_SLICE 2048

struct _SwTrainStep
{
  const SwTrainKernels *kernels;
  SwTrainPool *pool;
  guint n_threads;
  SwNetWorkspace **workspaces;
  guint max_batch;

  float *partials;          /* max_chunks × SW_N_PARAMS */
  float *momentum_buffer;
  gboolean first;
  float *gradient;          /* summed, for tests; NULL until asked */

  float *mask2;             /* max_batch × 20 */
  float *mask1;             /* max_batch × 50 */
  double *losses;

  /* The current batch. */
  const float *params;
  float *update_params;
  float lr;
  float momentum;
  const guint8 *images;
  const guint8 *labels;
  const guint32 *order;
  gsize first_sample;
  guint n;
  guint n_chunks;
};

SwTrainStep *
_sw_train_step_new (guint threads,
                    guint max_batch)
{
  SwTrainStep *step = g_new0 (SwTrainStep, 1);
  guint max_chunks = (max_batch + L - 1) / L;

  g_assert (max_batch >= 1);

  step->kernels = _sw_train_kernels_get ();
  step->pool = _sw_train_pool_new (threads);
  step->n_threads = _sw_train_pool_get_n_threads (step->pool);
  step->workspaces = g_new (SwNetWorkspace *, step->n_threads);
  for (guint i = 0; i < step->n_threads; i++)
    step->workspaces[i] = _sw_net_workspace_new ();
  step->max_batch = max_batch;
  step->partials = g_aligned_alloc ((gsize) max_chunks * SW_N_PARAMS, sizeof (float), 64);
  step->momentum_buffer = g_aligned_alloc0 (SW_N_PARAMS, sizeof (float), 64);
  step->first = TRUE;
  step->mask2 = g_new (float, (gsize) max_batch * SW_C2);
  step->mask1 = g_new (float, (gsize) max_batch * SW_F1);
  step->losses = g_new (double, max_batch);
  return step;
}

void
_sw_train_step_free (SwTrainStep *step)
{
  if (step == NULL)
    return;

  for (guint i = 0; i < step->n_threads; i++)
    _sw_net_workspace_free (step->workspaces[i]);
  g_free (step->workspaces);
  _sw_train_pool_free (step->pool);
  g_aligned_free (step->partials);
  g_aligned_free (step->momentum_buffer);
  g_free (step->gradient);
  g_free (step->mask2);
  g_free (step->mask1);
  g_free (step->losses);
  g_free (step);
}

SwTrainPool *
_sw_train_step_get_pool (SwTrainStep *step)
{
  return step->pool;
}

SwNetWorkspace **
_sw_train_step_get_workspaces (SwTrainStep *step)
{
  return step->workspaces;
}

static void
chunk_task (guint    task,
            guint    worker,
            gpointer user_data)
{
  SwTrainStep *step = user_data;
  SwNetWorkspace *ws = step->workspaces[worker];
  guint start = task * L;
  guint n = MIN (L, step->n - start);

  _sw_net_workspace_load (ws, step->images, step->labels, step->order,
                          step->first_sample + start, n);
  for (guint l = 0; l < L; l++)
    {
      for (guint c = 0; c < SW_C2; c++)
        ws->mask2[c * L + l] = l < n ? step->mask2[(start + l) * SW_C2 + c] : 0.f;
      for (guint j = 0; j < SW_F1; j++)
        ws->mask1[j * L + l] = l < n ? step->mask1[(start + l) * SW_F1 + j] : 0.f;
    }

  _sw_net_forward (step->kernels, step->params, ws, TRUE);
  for (guint l = 0; l < n; l++)
    step->losses[start + l] = -(double) ws->z[ws->labels[l] * L + l];
  _sw_net_backward (step->kernels, step->params, ws, step->n,
                    step->partials + (gsize) task * SW_N_PARAMS);
}

/* Forward and backward on samples order[first …] (first … without order), n of them: draws
 * the dropout masks from mt as PyTorch does (Dropout2d's batch × 20, then dropout's
 * batch × 50, each bernoulli_(0.5) / 0.5) and returns the mean loss. */
double
_sw_train_step_compute (SwTrainStep   *step,
                        const float   *params,
                        const guint8  *images,
                        const guint8  *labels,
                        const guint32 *order,
                        gsize          first,
                        guint          n,
                        SwMt19937     *mt)
{
  double loss = 0.0;

  g_assert (n >= 1 && n <= step->max_batch);

  for (guint i = 0; i < n * SW_C2; i++)
    step->mask2[i] = _sw_mt19937_bernoulli (mt, 0.5) ? 2.f : 0.f;
  for (guint i = 0; i < n * SW_F1; i++)
    step->mask1[i] = _sw_mt19937_bernoulli (mt, 0.5) ? 2.f : 0.f;

  step->params = params;
  step->images = images;
  step->labels = labels;
  step->order = order;
  step->first_sample = first;
  step->n = n;
  step->n_chunks = (n + L - 1) / L;
  _sw_train_pool_run (step->pool, step->n_chunks, chunk_task, step);

  for (guint i = 0; i < n; i++)
    loss += step->losses[i];
  return loss / n;
}

static void
update_task (guint    task,
             guint    worker,
             gpointer user_data)
{
  SwTrainStep *step = user_data;
  gsize start = (gsize) task * UPDATE_SLICE;
  gsize n = MIN (UPDATE_SLICE, SW_N_PARAMS - start);

  step->kernels->sgd_update (step->update_params + start, step->momentum_buffer + start,
                             step->partials + start, SW_N_PARAMS, step->n_chunks, n,
                             step->lr, step->momentum, step->first);
}

/* PyTorch's SGD step with the gradient of the last compute. */
void
_sw_train_step_apply (SwTrainStep *step,
                      float       *params,
                      float        lr,
                      float        momentum)
{
  step->update_params = params;
  step->lr = lr;
  step->momentum = momentum;
  _sw_train_pool_run (step->pool, (SW_N_PARAMS + UPDATE_SLICE - 1) / UPDATE_SLICE,
                      update_task, step);
  step->first = FALSE;
}

/* The gradient of the last compute, summed over chunks in order. */
const float *
_sw_train_step_get_gradient (SwTrainStep *step)
{
  if (step->gradient == NULL)
    step->gradient = g_new (float, SW_N_PARAMS);
  for (gsize i = 0; i < SW_N_PARAMS; i++)
    {
      float g = step->partials[i];

      for (guint c = 1; c < step->n_chunks; c++)
        g += step->partials[c * SW_N_PARAMS + i];
      step->gradient[i] = g;
    }
  return step->gradient;
}
