/* bench-fp32-peak.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The machine's FP32 peak as the trainer could reach it: independent chains of fused
 * multiply-adds on the widest vectors the CPU has (AVX-512, else AVX2), on 1 and on 2 threads.
 * Prints one JSON object; train-benchmark.py divides the trainer's FLOP rate by it. */

#include <glib.h>
#include <stdio.h>

#if defined (__x86_64__)
# include <immintrin.h>
#endif

#define CHAINS 24
#define ITERATIONS 20000000

typedef struct
{
  const char *isa;
  double gflops;
  float sink;
} Job;

#if defined (__x86_64__)
__attribute__ ((target ("avx512f")))
static float
run_avx512 (void)
{
  __m512 acc[CHAINS];
  __m512 a = _mm512_set1_ps (0.999999f), b = _mm512_set1_ps (1e-7f);
  float out[16];

  for (int c = 0; c < CHAINS; c++)
    acc[c] = _mm512_set1_ps ((float) c);
  for (long i = 0; i < ITERATIONS; i++)
#pragma GCC unroll 32
    for (int c = 0; c < CHAINS; c++)
      acc[c] = _mm512_fmadd_ps (acc[c], a, b);
  for (int c = 1; c < CHAINS; c++)
    acc[0] = _mm512_add_ps (acc[0], acc[c]);
  _mm512_storeu_ps (out, acc[0]);
  return out[0];
}

__attribute__ ((target ("avx2,fma")))
static float
run_avx2 (void)
{
  __m256 acc[CHAINS];
  __m256 a = _mm256_set1_ps (0.999999f), b = _mm256_set1_ps (1e-7f);
  float out[8];

  for (int c = 0; c < CHAINS; c++)
    acc[c] = _mm256_set1_ps ((float) c);
  for (long i = 0; i < ITERATIONS; i++)
#pragma GCC unroll 32
    for (int c = 0; c < CHAINS; c++)
      acc[c] = _mm256_fmadd_ps (acc[c], a, b);
  for (int c = 1; c < CHAINS; c++)
    acc[0] = _mm256_add_ps (acc[0], acc[c]);
  _mm256_storeu_ps (out, acc[0]);
  return out[0];
}
#endif

static gpointer
worker (gpointer data)
{
  Job *job = data;
  gint64 start = g_get_monotonic_time ();
  double lanes = 0;

#if defined (__x86_64__)
  if (g_str_equal (job->isa, "avx512"))
    {
      job->sink = run_avx512 ();
      lanes = 16;
    }
  else if (g_str_equal (job->isa, "avx2"))
    {
      job->sink = run_avx2 ();
      lanes = 8;
    }
#endif
  job->gflops = 2.0 * lanes * CHAINS * (double) ITERATIONS
                / ((g_get_monotonic_time () - start) / 1e6) / 1e9;
  return NULL;
}

static double
measure (const char *isa,
         guint       threads)
{
  Job jobs[8] = { 0 };
  GThread *handles[8];
  double total = 0;

  for (guint t = 0; t < threads; t++)
    {
      jobs[t].isa = isa;
      handles[t] = g_thread_new ("peak", worker, &jobs[t]);
    }
  for (guint t = 0; t < threads; t++)
    {
      g_thread_join (handles[t]);
      total += jobs[t].gflops;
    }
  return total;
}

int
main (int    argc,
      char **argv)
{
  const char *isa = "none";

#if defined (__x86_64__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f"))
    isa = "avx512";
  else if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    isa = "avx2";
#endif
  if (g_str_equal (isa, "none"))
    {
      printf ("{\"isa\": \"none\"}\n");
      return 0;
    }
  /* Best of three: the machine may be shared. */
  {
    double one = 0, two = 0;

    for (int r = 0; r < 3; r++)
      {
        one = MAX (one, measure (isa, 1));
        two = MAX (two, measure (isa, 2));
      }
    printf ("{\"isa\": \"%s\", \"gflops_1_thread\": %.1f, \"gflops_2_threads\": %.1f, "
            "\"processors\": %u}\n", isa, one, two, g_get_num_processors ());
  }
  return 0;
}
