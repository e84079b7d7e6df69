/* sw-net.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-net-private.h"
#include "sw-train-error.h"
#include "sw-train-pool-private.h"

#define PIXELS (SW_IN * SW_IN)
#define L SW_LANES

/* Samples per cancellation check when evaluating. */
#define EVALUATE_BLOCK 1024

G_STATIC_ASSERT (SW_NET_N_PARAMS == SW_N_PARAMS);

struct _SwNet
{
  gatomicrefcount ref_count;
  float params[SW_N_PARAMS];
};

G_DEFINE_BOXED_TYPE (SwNet, sw_net, sw_net_ref, sw_net_unref)

static const SwNetTensor tensors[] = {
  { "conv1.weight", 4, { SW_C1, 1, SW_K, SW_K }, SW_OFF_CONV1_W, SW_C1 * SW_K * SW_K },
  { "conv1.bias", 1, { SW_C1 }, SW_OFF_CONV1_B, SW_C1 },
  { "conv2.weight", 4, { SW_C2, SW_C1, SW_K, SW_K }, SW_OFF_CONV2_W,
    SW_C2 * SW_C1 * SW_K * SW_K },
  { "conv2.bias", 1, { SW_C2 }, SW_OFF_CONV2_B, SW_C2 },
  { "fc1.weight", 2, { SW_F1, SW_F1_IN }, SW_OFF_FC1_W, SW_F1 * SW_F1_IN },
  { "fc1.bias", 1, { SW_F1 }, SW_OFF_FC1_B, SW_F1 },
  { "fc2.weight", 2, { SW_F2, SW_F1 }, SW_OFF_FC2_W, SW_F2 * SW_F1 },
  { "fc2.bias", 1, { SW_F2 }, SW_OFF_FC2_B, SW_F2 },
};

/**
 * sw_net_get_tensors:
 * @n_tensors: (out): the number of tensors
 *
 * Returns: (array length=n_tensors) (transfer none): the tensors of the state dict in the
 *   order PyTorch lists them
 */
const SwNetTensor *
sw_net_get_tensors (guint *n_tensors)
{
  g_return_val_if_fail (n_tensors != NULL, NULL);

  *n_tensors = G_N_ELEMENTS (tensors);
  return tensors;
}

/**
 * sw_net_find_tensor:
 * @name: a state-dict key
 *
 * Returns: (nullable) (transfer none): the tensor called @name
 */
const SwNetTensor *
sw_net_find_tensor (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tensors); i++)
    if (strcmp (tensors[i].name, name) == 0)
      return &tensors[i];
  return NULL;
}

/* What nn.Conv2d and nn.Linear do in reset_parameters(), layer by layer in the order Net()
 * builds them: kaiming_uniform_(weight, a=sqrt(5)), then bias ~ U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)), the bounds computed in double as Python does. */
void
_sw_net_init_params (float     *params,
                     SwMt19937 *mt)
{
  double a = sqrt (5.0);
  double gain = sqrt (2.0 / (1.0 + a * a));

  for (guint i = 0; i < G_N_ELEMENTS (tensors); i += 2)
    {
      const SwNetTensor *w = &tensors[i];
      const SwNetTensor *b = &tensors[i + 1];
      double fan_in = (double) (w->n_elements / w->shape[0]);
      double bound = sqrt (3.0) * (gain / sqrt (fan_in));
      double bias_bound = 1.0 / sqrt (fan_in);

      _sw_mt19937_uniform (mt, params + w->offset, w->n_elements, -bound, bound);
      _sw_mt19937_uniform (mt, params + b->offset, b->n_elements, -bias_bound, bias_bound);
    }
}

static SwNet *
net_alloc (void)
{
  SwNet *self = g_new (SwNet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

/**
 * sw_net_new:
 * @seed: a seed, as given to torch.manual_seed()
 *
 * Makes a network with PyTorch's default initialisation, drawn exactly as
 * `torch.manual_seed(seed); Net()` draws it with python3-torch 1.13, so both start from the
 * same weights.
 *
 * Returns: (transfer full): the network
 */
SwNet *
sw_net_new (guint64 seed)
{
  SwNet *self = net_alloc ();
  SwMt19937 mt;

  _sw_mt19937_seed (&mt, seed);
  _sw_net_init_params (self->params, &mt);
  return self;
}

/**
 * sw_net_new_from_params:
 * @params: (array fixed-size=21840): parameters in state-dict order
 *
 * Returns: (transfer full): a network holding a copy of @params
 */
SwNet *
sw_net_new_from_params (const float *params)
{
  SwNet *self;

  g_return_val_if_fail (params != NULL, NULL);

  self = net_alloc ();
  memcpy (self->params, params, sizeof self->params);
  return self;
}

/**
 * sw_net_copy:
 * @net: a #SwNet
 *
 * Returns: (transfer full): a network with the same parameters
 */
SwNet *
sw_net_copy (const SwNet *net)
{
  g_return_val_if_fail (net != NULL, NULL);

  return sw_net_new_from_params (net->params);
}

SwNet *
sw_net_ref (SwNet *net)
{
  g_return_val_if_fail (net != NULL, NULL);

  g_atomic_ref_count_inc (&net->ref_count);
  return net;
}

void
sw_net_unref (SwNet *net)
{
  g_return_if_fail (net != NULL);

  if (g_atomic_ref_count_dec (&net->ref_count))
    g_free (net);
}

/**
 * sw_net_get_params:
 * @net: a #SwNet
 *
 * Returns: (array fixed-size=21840) (transfer none): the parameters in state-dict order
 *   (see sw_net_get_tensors())
 */
const float *
sw_net_get_params (const SwNet *net)
{
  g_return_val_if_fail (net != NULL, NULL);

  return net->params;
}

float *
_sw_net_get_params_mutable (SwNet *net)
{
  return net->params;
}

/**
 * sw_net_is_finite:
 * @net: a #SwNet
 *
 * Returns: whether no parameter is NaN or infinite
 */
gboolean
sw_net_is_finite (const SwNet *net)
{
  g_return_val_if_fail (net != NULL, FALSE);

  for (guint i = 0; i < SW_N_PARAMS; i++)
    if (!isfinite (net->params[i]))
      return FALSE;
  return TRUE;
}

/* transforms.ToTensor() then Normalize((0.1307,), (0.3081,)), in float as torch does. */
static const float *
normalise_table (void)
{
  static float table[256];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < 256; i++)
        table[i] = ((float) i / 255.0f - 0.1307f) / 0.3081f;
      g_once_init_leave (&done, 1);
    }
  return table;
}

SwNetWorkspace *
_sw_net_workspace_new (void)
{
  static const guint sizes[] = {
    PIXELS, SW_C1 * SW_P1 * SW_P1, SW_C1 * SW_P1 * SW_P1, SW_F1_IN, SW_F1_IN, SW_F1, SW_F1,
    SW_F2, SW_C2, SW_F1, SW_F2, SW_F1, SW_F1_IN, SW_C2 * SW_O2 * SW_O2,
    SW_C1 * SW_P1 * SW_P1, SW_O1 * SW_O1,
  };
  SwNetWorkspace *ws = g_new0 (SwNetWorkspace, 1);
  float **slots[] = {
    &ws->x, &ws->a1, &ws->idx1, &ws->a2, &ws->idx2, &ws->h, &ws->hd, &ws->z, &ws->mask2,
    &ws->mask1, &ws->dz, &ws->dh, &ws->da2, &ws->dout2, &ws->dp1, &ws->scratch,
  };
  gsize total = 0;
  float *p;

  G_STATIC_ASSERT (G_N_ELEMENTS (sizes) == G_N_ELEMENTS (slots));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += (gsize) sizes[i] * L;
  /* Every array starts on a 64-byte boundary: sizes are multiples of 16 floats. */
  ws->memory = g_aligned_alloc0 (total, sizeof (float), 64);
  p = ws->memory;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      *slots[i] = p;
      p += (gsize) sizes[i] * L;
    }
  return ws;
}

void
_sw_net_workspace_free (SwNetWorkspace *ws)
{
  if (ws == NULL)
    return;
  g_aligned_free (ws->memory);
  g_free (ws);
}

/* Puts samples order[first] … order[first + n - 1] (first … first + n - 1 without order) into
 * the lanes of ws, normalised; the lanes after n get zeros. */
void
_sw_net_workspace_load (SwNetWorkspace *ws,
                        const guint8   *images,
                        const guint8   *labels,
                        const guint32  *order,
                        gsize           first,
                        guint           n)
{
  const float *table = normalise_table ();

  g_assert (n >= 1 && n <= L);

  ws->n = n;
  if (n < L)
    memset (ws->x, 0, sizeof (float) * PIXELS * L);
  for (guint l = 0; l < n; l++)
    {
      gsize index = order != NULL ? order[first + l] : first + l;
      const guint8 *img = images + index * PIXELS;

      for (guint p = 0; p < PIXELS; p++)
        ws->x[p * L + l] = table[img[p]];
      ws->labels[l] = labels != NULL ? labels[index] : 0;
    }
  for (guint l = n; l < L; l++)
    ws->labels[l] = 0;
}

static void
log_softmax (float *z)
{
  for (guint l = 0; l < L; l++)
    {
      float m = z[l];
      float sum = 0.f;
      float log_sum;

      for (guint j = 1; j < SW_F2; j++)
        m = MAX (m, z[j * L + l]);
      for (guint j = 0; j < SW_F2; j++)
        sum += expf (z[j * L + l] - m);
      log_sum = logf (sum);
      for (guint j = 0; j < SW_F2; j++)
        z[j * L + l] = z[j * L + l] - m - log_sum;
    }
}

/* Forward pass of one chunk; ws->z gets log-probabilities. In training, ws->mask2 and
 * ws->mask1 must hold the dropout multipliers and the activations the backward pass needs
 * are kept. */
void
_sw_net_forward (const SwTrainKernels *k,
                 const float          *params,
                 SwNetWorkspace       *ws,
                 gboolean              train)
{
  k->conv1_pool (ws->x, params + SW_OFF_CONV1_W, params + SW_OFF_CONV1_B, ws->a1,
                 train ? ws->idx1 : NULL);
  k->conv2_pool (ws->a1, params + SW_OFF_CONV2_W, params + SW_OFF_CONV2_B,
                 train ? ws->mask2 : NULL, ws->a2, train ? ws->idx2 : NULL);
  k->fc_forward (ws->a2, SW_F1_IN, params + SW_OFF_FC1_W, params + SW_OFF_FC1_B, SW_F1, TRUE,
                 ws->h);
  if (train)
    {
      for (guint i = 0; i < SW_F1 * L; i++)
        ws->hd[i] = ws->h[i] * ws->mask1[i];
    }
  else
    memcpy (ws->hd, ws->h, sizeof (float) * SW_F1 * L);
  k->fc_forward (ws->hd, SW_F1, params + SW_OFF_FC2_W, params + SW_OFF_FC2_B, SW_F2, FALSE,
                 ws->z);
  log_softmax (ws->z);
}

/* Backward pass of one chunk after a training forward pass, for the mean loss of a batch of
 * batch_size samples: grads gets this chunk's share of the gradient of every parameter. */
void
_sw_net_backward (const SwTrainKernels *k,
                  const float          *params,
                  SwNetWorkspace       *ws,
                  guint                 batch_size,
                  float                *grads)
{
  /* nll_loss (mean) then log_softmax backward: g - exp(logp) · Σg, with g = -1/N at the
   * target only. */
  float g = -1.0f / (float) batch_size;

  for (guint l = 0; l < L; l++)
    for (guint j = 0; j < SW_F2; j++)
      {
        float go = (l < ws->n && j == ws->labels[l]) ? g : 0.f;

        ws->dz[j * L + l] = l < ws->n ? go - expf (ws->z[j * L + l]) * g : 0.f;
      }

  k->fc_backward_weights (ws->dz, SW_F2, ws->hd, SW_F1, grads + SW_OFF_FC2_W,
                          grads + SW_OFF_FC2_B);
  k->fc_backward_data (ws->dz, SW_F2, params + SW_OFF_FC2_W, SW_F1, ws->dh);
  for (guint i = 0; i < SW_F1 * L; i++)
    ws->dh[i] = ws->h[i] > 0.f ? ws->dh[i] * ws->mask1[i] : 0.f;
  k->fc_backward_weights (ws->dh, SW_F1, ws->a2, SW_F1_IN, grads + SW_OFF_FC1_W,
                          grads + SW_OFF_FC1_B);
  k->fc_backward_data (ws->dh, SW_F1, params + SW_OFF_FC1_W, SW_F1_IN, ws->da2);
  k->pool2_backward (ws->da2, ws->a2, ws->idx2, ws->mask2, ws->dout2);
  k->conv2_backward_weights (ws->dout2, ws->a1, grads + SW_OFF_CONV2_W,
                             grads + SW_OFF_CONV2_B);
  k->conv2_backward_data (ws->dout2, params + SW_OFF_CONV2_W, ws->a1, ws->dp1);
  k->conv1_backward_weights (ws->dp1, ws->idx1, ws->x, grads + SW_OFF_CONV1_W,
                             grads + SW_OFF_CONV1_B, ws->scratch);
}

/* Inference over many images on a pool. */
typedef struct
{
  const SwTrainKernels *kernels;
  const float *params;
  const guint8 *images;
  const guint8 *labels;
  gsize first;
  guint n_images;
  SwNetWorkspace **workspaces;
  double *losses;        /* nullable */
  guint8 *predictions;
  float *log_probs;      /* nullable */
} InferJob;

static void
infer_chunk (guint    task,
             guint    worker,
             gpointer user_data)
{
  InferJob *job = user_data;
  SwNetWorkspace *ws = job->workspaces[worker];
  gsize start = job->first + (gsize) task * L;
  guint n = MIN (L, job->first + job->n_images - start);

  _sw_net_workspace_load (ws, job->images, job->labels, NULL, start, n);
  _sw_net_forward (job->kernels, job->params, ws, FALSE);

  for (guint l = 0; l < n; l++)
    {
      guint best = 0;

      /* argmax keeps the first maximum, as torch.argmax does. */
      for (guint j = 1; j < SW_F2; j++)
        if (ws->z[j * L + l] > ws->z[best * L + l])
          best = j;
      job->predictions[start + l] = best;
      if (job->losses != NULL)
        job->losses[start + l] = -(double) ws->z[ws->labels[l] * L + l];
      if (job->log_probs != NULL)
        for (guint j = 0; j < SW_F2; j++)
          job->log_probs[(start + l) * SW_F2 + j] = ws->z[j * L + l];
    }
}

static SwNetWorkspace **
workspaces_new (guint n)
{
  SwNetWorkspace **workspaces = g_new (SwNetWorkspace *, n);

  for (guint i = 0; i < n; i++)
    workspaces[i] = _sw_net_workspace_new ();
  return workspaces;
}

static void
workspaces_free (SwNetWorkspace **workspaces,
                 guint            n)
{
  for (guint i = 0; i < n; i++)
    _sw_net_workspace_free (workspaces[i]);
  g_free (workspaces);
}

/**
 * sw_net_predict:
 * @net: a #SwNet
 * @images: (array): @n_images images of 784 pixels
 * @n_images: the number of images
 * @threads: how many threads to use, 0 for one per processor
 * @labels: (out caller-allocates) (array length=n_images): the predicted classes
 * @log_probs: (out caller-allocates) (nullable): @n_images × 10 log-probabilities
 *
 * Classifies images with the network in evaluation mode (no dropout).
 */
void
sw_net_predict (SwNet        *net,
                const guint8 *images,
                guint         n_images,
                guint         threads,
                guint8       *labels,
                float        *log_probs)
{
  g_autoptr(SwTrainPool) pool = NULL;
  InferJob job = { 0 };
  guint n_threads;

  g_return_if_fail (net != NULL);
  g_return_if_fail (images != NULL || n_images == 0);
  g_return_if_fail (labels != NULL || n_images == 0);

  if (n_images == 0)
    return;

  pool = _sw_train_pool_new (threads);
  n_threads = _sw_train_pool_get_n_threads (pool);
  job.kernels = _sw_train_kernels_get ();
  job.params = net->params;
  job.images = images;
  job.n_images = n_images;
  job.workspaces = workspaces_new (n_threads);
  job.predictions = labels;
  job.log_probs = log_probs;
  _sw_train_pool_run (pool, (n_images + L - 1) / L, infer_chunk, &job);
  workspaces_free (job.workspaces, n_threads);
}

/* Evaluation on a pool the caller owns, in steps of block images (the cancellation points). */
gboolean
_sw_net_evaluate_with_pool (SwNet           *net,
                            SwDataset       *dataset,
                            SwTrainPool     *pool,
                            SwNetWorkspace **workspaces,
                            guint            block,
                            SwEvaluation    *result,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autofree double *losses = NULL;
  g_autofree guint8 *predictions = NULL;
  InferJob job = { 0 };
  guint n = sw_dataset_get_size (dataset);
  gint64 start = g_get_monotonic_time ();
  double sum = 0.0;
  guint correct = 0;

  losses = g_new (double, n);
  predictions = g_new (guint8, n);
  job.kernels = _sw_train_kernels_get ();
  job.params = net->params;
  job.images = sw_dataset_get_images (dataset);
  job.labels = sw_dataset_get_labels (dataset);
  job.workspaces = workspaces;
  job.losses = losses;
  job.predictions = predictions;

  block = MAX (block, 1);
  for (gsize first = 0; first < n; first += block)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      job.first = first;
      job.n_images = MIN (block, n - first);
      _sw_train_pool_run (pool, (job.n_images + L - 1) / L, infer_chunk, &job);
    }

  /* Summed in image order: the same result on any number of threads. */
  for (guint i = 0; i < n; i++)
    {
      sum += losses[i];
      correct += predictions[i] == job.labels[i];
    }
  result->loss = sum / n;
  result->correct = correct;
  result->total = n;
  result->seconds = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}

/**
 * sw_net_evaluate:
 * @net: a #SwNet
 * @dataset: a test set
 * @threads: how many threads to use, 0 for one per processor
 * @result: (out caller-allocates): the mean loss and the number of right answers
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Evaluates the network on a set as the example's test() does: the mean negative
 * log-likelihood and the count of images whose most likely class is the label. The result
 * does not depend on @threads.
 *
 * Returns: %FALSE if cancelled
 */
gboolean
sw_net_evaluate (SwNet          *net,
                 SwDataset      *dataset,
                 guint           threads,
                 SwEvaluation   *result,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(SwTrainPool) pool = NULL;
  SwNetWorkspace **workspaces;
  guint n_threads;
  gboolean ok;

  g_return_val_if_fail (net != NULL, FALSE);
  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pool = _sw_train_pool_new (threads);
  n_threads = _sw_train_pool_get_n_threads (pool);
  workspaces = workspaces_new (n_threads);
  ok = _sw_net_evaluate_with_pool (net, dataset, pool, workspaces, EVALUATE_BLOCK, result,
                                   cancellable, error);
  workspaces_free (workspaces, n_threads);
  return ok;
}

typedef struct
{
  SwNet *net;
  SwDataset *dataset;
  guint threads;
} EvaluateData;

static void
evaluate_data_free (gpointer data)
{
  EvaluateData *ed = data;

  sw_net_unref (ed->net);
  sw_dataset_unref (ed->dataset);
  g_free (ed);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  EvaluateData *ed = task_data;
  g_autofree SwEvaluation *result = g_new0 (SwEvaluation, 1);
  GError *error = NULL;

  if (sw_net_evaluate (ed->net, ed->dataset, ed->threads, result, cancellable, &error))
    g_task_return_pointer (task, g_steal_pointer (&result), g_free);
  else
    g_task_return_error (task, error);
}

/**
 * sw_net_evaluate_async:
 * @net: a #SwNet
 * @dataset: a test set
 * @threads: how many threads to use, 0 for one per processor
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller when done
 * @user_data: data for @callback
 *
 * Evaluates a copy of @net in a worker thread; see sw_net_evaluate(). @net may change or go
 * away meanwhile.
 */
void
sw_net_evaluate_async (SwNet               *net,
                       SwDataset           *dataset,
                       guint                threads,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EvaluateData *ed;

  g_return_if_fail (net != NULL);
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  ed = g_new0 (EvaluateData, 1);
  ed->net = sw_net_copy (net);
  ed->dataset = sw_dataset_ref (dataset);
  ed->threads = threads;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_net_evaluate_async);
  g_task_set_task_data (task, ed, evaluate_data_free);
  g_task_run_in_thread (task, evaluate_thread);
}

/**
 * sw_net_evaluate_finish:
 * @net: the #SwNet given to sw_net_evaluate_async()
 * @result: the #GAsyncResult
 * @evaluation: (out caller-allocates): the result
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the evaluation was cancelled
 */
gboolean
sw_net_evaluate_finish (SwNet         *net,
                        GAsyncResult  *result,
                        SwEvaluation  *evaluation,
                        GError       **error)
{
  g_autofree SwEvaluation *value = NULL;

  g_return_val_if_fail (net != NULL, FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (evaluation != NULL, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;
  *evaluation = *value;
  return TRUE;
}
