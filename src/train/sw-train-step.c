/* sw-train-step.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A batch is cut into chunks of SW_LANES samples. Chunks go to the threads of a pool, each
 * writing the gradient of its chunk to its own buffer (past 64 chunks, runs of consecutive
 * chunks share one); the update then sums the buffers in order, slice by slice of the
 * parameters on every thread. Which thread does what never matters, so the result is
 * bit-identical for a seed whatever the number of threads. */

#include <string.h>

#include "sw-train-step-private.h"

#define L SW_LANES

/* Parameters per update task: a multiple of 16 floats, so slices stay aligned. */
#define UPDATE_SLICE 2048

/* Gradient buffers at most: beyond 64 chunks, consecutive chunks share one, summed in
 * order by one task, so memory stays bounded for large batches. */
#define MAX_PARTIALS 64

struct _SwTrainStep
{
  const SwTrainKernels *kernels;
  SwTrainPool *pool;
  guint n_threads;
  SwNetWorkspace **workspaces;
  guint max_batch;

  float *partials;          /* MIN (max_chunks, MAX_PARTIALS) × SW_N_PARAMS */
  float **scratch;          /* per thread, when chunks share buffers */
  float *momentum_buffer;
  gboolean first;
  float *gradient;          /* summed, for tests; NULL until asked */

  float *mask2;             /* max_batch × 20 */
  float *mask1;             /* max_batch × 50 */
  float *next_mask2;        /* drawn ahead for the next batch */
  float *next_mask1;
  guint next_n;             /* how many samples next_mask* hold, 0 if none */
  SwMt19937 *mt;
  guint draw_n;             /* how many to draw ahead during this batch */
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
  guint group;              /* chunks per gradient buffer */
  guint n_partials;
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
  step->partials = g_aligned_alloc ((gsize) MIN (max_chunks, MAX_PARTIALS) * SW_N_PARAMS,
                                    sizeof (float), 64);
  if (max_chunks > MAX_PARTIALS)
    {
      step->scratch = g_new (float *, step->n_threads);
      for (guint i = 0; i < step->n_threads; i++)
        step->scratch[i] = g_aligned_alloc (SW_N_PARAMS, sizeof (float), 64);
    }
  step->momentum_buffer = g_aligned_alloc0 (SW_N_PARAMS, sizeof (float), 64);
  step->first = TRUE;
  step->mask2 = g_new (float, (gsize) max_batch * SW_C2);
  step->mask1 = g_new (float, (gsize) max_batch * SW_F1);
  step->next_mask2 = g_new (float, (gsize) max_batch * SW_C2);
  step->next_mask1 = g_new (float, (gsize) max_batch * SW_F1);
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
  if (step->scratch != NULL)
    {
      for (guint i = 0; i < step->n_threads; i++)
        g_aligned_free (step->scratch[i]);
      g_free (step->scratch);
    }
  g_aligned_free (step->momentum_buffer);
  g_free (step->gradient);
  g_free (step->mask2);
  g_free (step->mask1);
  g_free (step->next_mask2);
  g_free (step->next_mask1);
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

/* Dropout2d's noise (n × 20 × 1 × 1), then dropout's (n × 50), both bernoulli_(1 - p)
 * divided by 1 - p with p = 0.5, drawn as PyTorch draws them. */
static void
draw_masks (SwMt19937 *mt,
            guint      n,
            float     *mask2,
            float     *mask1)
{
  for (guint i = 0; i < n * SW_C2; i++)
    mask2[i] = _sw_mt19937_bernoulli (mt, 0.5) ? 2.f : 0.f;
  for (guint i = 0; i < n * SW_F1; i++)
    mask1[i] = _sw_mt19937_bernoulli (mt, 0.5) ? 2.f : 0.f;
}

static void
process_chunk (SwTrainStep    *step,
               SwNetWorkspace *ws,
               guint           chunk,
               float          *grads)
{
  guint start = chunk * L;
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
  _sw_net_backward (step->kernels, step->params, ws, step->n, grads);
}

static void
chunk_task (guint    task,
            guint    worker,
            gpointer user_data)
{
  SwTrainStep *step = user_data;
  SwNetWorkspace *ws = step->workspaces[worker];
  float *partial;
  guint first, last;

  /* Task 0 draws the next batch's masks while the chunks are computed: the generator is
   * sequential, and this overlaps it with the work. */
  if (step->draw_n > 0)
    {
      if (task == 0)
        {
          draw_masks (step->mt, step->draw_n, step->next_mask2, step->next_mask1);
          return;
        }
      task--;
    }

  partial = step->partials + (gsize) task * SW_N_PARAMS;
  first = task * step->group;
  last = MIN (first + step->group, step->n_chunks);
  process_chunk (step, ws, first, partial);
  for (guint chunk = first + 1; chunk < last; chunk++)
    {
      float *grads = step->scratch[worker];

      process_chunk (step, ws, chunk, grads);
      for (gsize i = 0; i < SW_N_PARAMS; i++)
        partial[i] += grads[i];
    }
}

/* Forward and backward on samples order[first …] (first … without order), n of them, with
 * dropout masks drawn from mt as PyTorch does; returns the mean loss. When next_n is not 0,
 * the masks of the next batch (of next_n samples) are drawn from mt meanwhile, so mt must
 * not be used for anything else before that batch. */
double
_sw_train_step_compute (SwTrainStep   *step,
                        const float   *params,
                        const guint8  *images,
                        const guint8  *labels,
                        const guint32 *order,
                        gsize          first,
                        guint          n,
                        SwMt19937     *mt,
                        guint          next_n)
{
  double loss = 0.0;
  float *swap;

  g_assert (n >= 1 && n <= step->max_batch && next_n <= step->max_batch);

  if (step->next_n == 0)
    draw_masks (mt, n, step->mask2, step->mask1);
  else
    {
      g_assert (step->next_n == n);
      swap = step->mask2, step->mask2 = step->next_mask2, step->next_mask2 = swap;
      swap = step->mask1, step->mask1 = step->next_mask1, step->next_mask1 = swap;
    }
  step->mt = mt;
  step->draw_n = next_n;
  step->next_n = next_n;

  step->params = params;
  step->images = images;
  step->labels = labels;
  step->order = order;
  step->first_sample = first;
  step->n = n;
  step->n_chunks = (n + L - 1) / L;
  step->group = (step->n_chunks + MAX_PARTIALS - 1) / MAX_PARTIALS;
  step->n_partials = (step->n_chunks + step->group - 1) / step->group;
  _sw_train_pool_run (step->pool, step->n_partials + (next_n > 0), chunk_task, step);
  step->draw_n = 0;

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
                             step->partials + start, SW_N_PARAMS, step->n_partials, n,
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

      for (guint c = 1; c < step->n_partials; c++)
        g += step->partials[c * SW_N_PARAMS + i];
      step->gradient[i] = g;
    }
  return step->gradient;
}
