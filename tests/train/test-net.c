/* test-net.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "sw-net.h"
#include "sw-pth.h"
#include "train-test-util.h"

/* torch.manual_seed(1); Net().state_dict() with python3-torch 1.13, printed with float.hex. */
static void
test_init_seed_1 (void)
{
  g_autoptr(SwNet) net = sw_net_new (1);
  const float *p = sw_net_get_params (net);

  g_assert_cmpfloat (p[0], ==, 0x1.a61a86p-4f);
  g_assert_cmpfloat (p[1], ==, -0x1.6993bap-4f);
  g_assert_cmpfloat (p[2], ==, -0x1.3d9f66p-5f);
  g_assert_cmpfloat (p[3], ==, 0x1.8081cep-4f);
  g_assert_cmpfloat (p[sw_net_find_tensor ("conv2.bias")->offset], ==, 0.026069611310958862f);
  g_assert_cmpfloat (p[sw_net_find_tensor ("conv2.bias")->offset + 1], ==,
                     -0.00584044773131609f);
  g_assert_cmpfloat (p[sw_net_find_tensor ("fc1.weight")->offset + 49 * 320 + 319], ==,
                     0.03559214621782303f);
  g_assert_cmpfloat (p[SW_NET_N_PARAMS - 1], ==, -0.05772540718317032f);
}

/* kaiming_uniform_(a=√5) and the bias rule both give U(-1/√fan_in, 1/√fan_in). */
static void
test_init_distribution (void)
{
  g_autoptr(SwNet) net = sw_net_new (42);
  const float *p = sw_net_get_params (net);
  const SwNetTensor *tensors;
  guint n_tensors;

  tensors = sw_net_get_tensors (&n_tensors);
  g_assert_cmpuint (n_tensors, ==, 8);
  for (guint t = 0; t < n_tensors; t += 2)
    {
      const SwNetTensor *w = &tensors[t];
      double bound = 1.0 / sqrt ((double) (w->n_elements / w->shape[0]));
      double sum = 0.0, sum2 = 0.0;

      for (gsize i = 0; i < w->n_elements; i++)
        {
          double v = p[w->offset + i];

          g_assert_cmpfloat (fabs (v), <=, bound * (1 + 1e-6));
          sum += v;
          sum2 += v * v;
        }
      for (gsize i = 0; i < tensors[t + 1].n_elements; i++)
        g_assert_cmpfloat (fabs (p[tensors[t + 1].offset + i]), <=, bound * (1 + 1e-6));
      /* Uniform: mean 0, variance bound²/3. */
      g_assert_cmpfloat (fabs (sum / w->n_elements), <, 4 * bound / sqrt (w->n_elements));
      g_assert_cmpfloat (fabs (sum2 / w->n_elements / (bound * bound / 3) - 1), <, 0.2);
    }
  g_assert_cmpuint (tensors[4].shape[0], ==, 50);
  g_assert_cmpuint (tensors[4].shape[1], ==, 320);
  g_assert_cmpuint (tensors[7].offset + tensors[7].n_elements, ==, SW_NET_N_PARAMS);
}

/* Bit for bit what python3-torch draws for several seeds. */
static void
test_init_torch (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  const char *seeds[] = { "1", "7", "4294967297", NULL };
  const char *args[] = { "init", NULL, "1", "7", "4294967297", NULL };

  if (!require_torch ())
    return;
  dir = g_dir_make_tmp ("sw-net-XXXXXX", NULL);
  args[1] = dir;
  out = run_torch_script ("sw_torch.py", args);

  for (guint i = 0; seeds[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("init-%s.pth", seeds[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SwNet) theirs = sw_pth_load (path, &error);
      g_autoptr(SwNet) ours = sw_net_new (g_ascii_strtoull (seeds[i], NULL, 10));

      g_assert_no_error (error);
      g_assert_cmpmem (sw_net_get_params (ours), SW_NET_N_PARAMS * sizeof (float),
                       sw_net_get_params (theirs), SW_NET_N_PARAMS * sizeof (float));
    }
  rm_rf (dir);
}

static SwDataset *
load_test_set (void)
{
  g_autofree char *dir = mnist_sample_dir ();
  g_autoptr(GError) error = NULL;
  SwDataset *set = sw_dataset_load (dir, SW_DATASET_TEST, &error);

  g_assert_no_error (error);
  return set;
}

static void
test_evaluate_threads (void)
{
  g_autoptr(SwDataset) test = load_test_set ();
  g_autoptr(SwNet) net = sw_net_new (1);
  SwEvaluation one, two, three;
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_net_evaluate (net, test, 1, &one, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sw_net_evaluate (net, test, 2, &two, NULL, &error));
  g_assert_true (sw_net_evaluate (net, test, 3, &three, NULL, &error));
  g_assert_cmpuint (one.total, ==, 2004);
  /* An untrained network is at chance level. */
  g_assert_cmpfloat (one.loss, >, 2.2);
  g_assert_cmpfloat (one.loss, <, 2.45);
  g_assert_cmpuint (one.correct, <, 400);
  g_assert_cmpfloat (one.loss, ==, two.loss);
  g_assert_cmpfloat (one.loss, ==, three.loss);
  g_assert_cmpuint (one.correct, ==, two.correct);
  g_assert_cmpuint (one.correct, ==, three.correct);
}

static void
test_predict (void)
{
  g_autoptr(SwDataset) test = load_test_set ();
  g_autoptr(SwNet) net = sw_net_new (3);
  guint n = sw_dataset_get_size (test);
  g_autofree guint8 *labels = g_new (guint8, n);
  g_autofree guint8 *labels2 = g_new (guint8, n);
  g_autofree float *log_probs = g_new (float, (gsize) n * 10);
  SwEvaluation ev;
  guint correct = 0;
  double loss = 0.0;

  sw_net_predict (net, sw_dataset_get_images (test), n, 2, labels, log_probs);
  sw_net_predict (net, sw_dataset_get_images (test) + 784 * 5, 7, 1, labels2, NULL);
  g_assert_cmpmem (labels2, 7, labels + 5, 7);
  g_assert_true (sw_net_evaluate (net, test, 0, &ev, NULL, NULL));

  for (guint i = 0; i < n; i++)
    {
      double total = 0.0;
      guint best = 0;

      for (guint j = 0; j < 10; j++)
        {
          total += exp (log_probs[i * 10 + j]);
          if (log_probs[i * 10 + j] > log_probs[i * 10 + best])
            best = j;
        }
      g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-5);
      g_assert_cmpuint (best, ==, labels[i]);
      correct += labels[i] == sw_dataset_get_label (test, i);
      loss -= log_probs[i * 10 + sw_dataset_get_label (test, i)];
    }
  g_assert_cmpuint (correct, ==, ev.correct);
  g_assert_cmpfloat_with_epsilon (loss / n, ev.loss, 1e-9);
}

static void
on_evaluated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (source);
  *out = g_object_ref (result);
}

static void
test_evaluate_async (void)
{
  g_autoptr(SwDataset) test = load_test_set ();
  g_autoptr(SwNet) net = sw_net_new (1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  SwEvaluation sync, async;

  g_assert_true (sw_net_evaluate (net, test, 1, &sync, NULL, NULL));
  sw_net_evaluate_async (net, test, 2, NULL, on_evaluated, &result);
  /* The evaluation works on a copy: changing or dropping the network meanwhile is safe. */
  g_clear_pointer (&net, sw_net_unref);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  net = sw_net_new (1);
  g_assert_true (sw_net_evaluate_finish (net, result, &async, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (async.loss, ==, sync.loss);
  g_assert_cmpuint (async.correct, ==, sync.correct);

  g_cancellable_cancel (cancellable);
  sw_net_evaluate_async (net, test, 2, cancellable, on_evaluated, &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sw_net_evaluate_finish (net, cancelled_result, &async, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_copy (void)
{
  g_autoptr(SwNet) a = sw_net_new (9);
  g_autoptr(SwNet) b = sw_net_copy (a);
  g_autoptr(SwNet) c = sw_net_new (10);

  g_assert_true (sw_net_get_params (a) != sw_net_get_params (b));
  g_assert_cmpmem (sw_net_get_params (a), SW_NET_N_PARAMS * 4, sw_net_get_params (b),
                   SW_NET_N_PARAMS * 4);
  g_assert_true (memcmp (sw_net_get_params (a), sw_net_get_params (c), 4 * 250) != 0);
  g_assert_true (sw_net_is_finite (a));
  g_assert_null (sw_net_find_tensor ("conv3.weight"));
  g_assert_cmpuint (sw_net_find_tensor ("fc2.weight")->offset, ==, 21330);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/train/net/init-seed-1", test_init_seed_1);
  g_test_add_func ("/train/net/init-distribution", test_init_distribution);
  g_test_add_func ("/train/net/init-torch", test_init_torch);
  g_test_add_func ("/train/net/evaluate-threads", test_evaluate_threads);
  g_test_add_func ("/train/net/predict", test_predict);
  g_test_add_func ("/train/net/evaluate-async", test_evaluate_async);
  g_test_add_func ("/train/net/copy", test_copy);

  return g_test_run ();
}
