/* sw-train-kernels-dispatch.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-train-kernels-private.h"

/* Returns the kernels for an instruction set by name ("generic", "avx2", "avx512"), or NULL
 * when this build or this CPU lacks it. */
const SwTrainKernels *
_sw_train_kernels_lookup (const char *name)
{
  if (g_strcmp0 (name, "generic") == 0)
    return &_sw_train_kernels_generic;
#ifdef SW_TRAIN_HAVE_X86_KERNELS
  __builtin_cpu_init ();
  if (g_strcmp0 (name, "avx2") == 0
      && __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return &_sw_train_kernels_avx2;
  if (g_strcmp0 (name, "avx512") == 0
      && __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512dq")
      && __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512vl")
      && __builtin_cpu_supports ("fma"))
    return &_sw_train_kernels_avx512;
#endif
  return NULL;
}

/* The best kernels the CPU runs; $SW_TRAIN_KERNELS names others (for tests and benchmarks). */
const SwTrainKernels *
_sw_train_kernels_get (void)
{
  static gsize kernels = 0;

  if (g_once_init_enter (&kernels))
    {
      const SwTrainKernels *best = NULL;
      const char *forced = g_getenv ("SW_TRAIN_KERNELS");

      if (forced != NULL)
        best = _sw_train_kernels_lookup (forced);
      if (best == NULL)
        best = _sw_train_kernels_lookup ("avx512");
      if (best == NULL)
        best = _sw_train_kernels_lookup ("avx2");
      if (best == NULL)
        best = &_sw_train_kernels_generic;
      g_debug ("Training kernels: %s", best->name);
      g_once_init_leave (&kernels, (gsize) best);
    }
  return (const SwTrainKernels *) kernels;
}
