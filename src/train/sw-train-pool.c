/* sw-train-pool.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sw-train-pool-private.h"

#if defined (__x86_64__) || defined (__i386__)
# include <immintrin.h>
# define cpu_relax() _mm_pause ()
#else
# define cpu_relax() do { } while (0)
#endif

/* The most threads a pool starts, whatever is asked. */
#define MAX_THREADS 256

/* How long a thread spins for the next job or the end of one before sleeping: a training
 * batch takes about a millisecond, and waking a sleeping thread costs tens of microseconds. */
#define SPIN_MICROSECONDS 200

struct _SwTrainPool
{
  guint n_threads;
  GThread **threads;

  GMutex mutex;
  GCond start_cond;
  GCond done_cond;
  gint generation;       /* atomic */
  gint quit;             /* atomic */
  gint running;          /* atomic: workers still busy with the job */

  /* The current job; read by workers once the generation changes. */
  SwTrainPoolFunc func;
  gpointer user_data;
  guint n_tasks;
  gint next_task;
};

typedef struct
{
  SwTrainPool *pool;
  guint worker;
} WorkerData;

static void
run_tasks (SwTrainPool *pool,
           guint        worker)
{
  for (;;)
    {
      guint task = (guint) g_atomic_int_add (&pool->next_task, 1);

      if (task >= pool->n_tasks)
        break;
      pool->func (task, worker, pool->user_data);
    }
}

/* Spins until *value differs from old (or, with until_zero, until it is 0) or quit is set,
 * for SPIN_MICROSECONDS at most. Returns whether that happened. */
static gboolean
spin (const gint *value,
      gint        old,
      gboolean    until_zero,
      const gint *quit)
{
  gint64 deadline = 0;

  for (guint i = 1; ; i++)
    {
      gint v = g_atomic_int_get (value);

      if ((until_zero ? v == 0 : v != old) || (quit != NULL && g_atomic_int_get (quit)))
        return TRUE;
      cpu_relax ();
      if (i % 64 == 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (deadline == 0)
            deadline = now + SPIN_MICROSECONDS;
          else if (now > deadline)
            return FALSE;
        }
    }
}

static gpointer
worker_main (gpointer data)
{
  WorkerData *wd = data;
  SwTrainPool *pool = wd->pool;
  guint worker = wd->worker;
  gint seen = 0;

  g_free (wd);
  for (;;)
    {
      if (!spin (&pool->generation, seen, FALSE, &pool->quit))
        {
          g_mutex_lock (&pool->mutex);
          while (!g_atomic_int_get (&pool->quit) && g_atomic_int_get (&pool->generation) == seen)
            g_cond_wait (&pool->start_cond, &pool->mutex);
          g_mutex_unlock (&pool->mutex);
        }
      if (g_atomic_int_get (&pool->quit))
        return NULL;
      seen = g_atomic_int_get (&pool->generation);

      run_tasks (pool, worker);

      if (g_atomic_int_dec_and_test (&pool->running))
        {
          g_mutex_lock (&pool->mutex);
          g_cond_signal (&pool->done_cond);
          g_mutex_unlock (&pool->mutex);
        }
    }
}

/* 0 means one thread per processor. */
guint
_sw_train_resolve_threads (guint threads)
{
  if (threads == 0)
    threads = g_get_num_processors ();
  return CLAMP (threads, 1, MAX_THREADS);
}

SwTrainPool *
_sw_train_pool_new (guint n_threads)
{
  SwTrainPool *pool = g_new0 (SwTrainPool, 1);

  pool->n_threads = _sw_train_resolve_threads (n_threads);
  g_mutex_init (&pool->mutex);
  g_cond_init (&pool->start_cond);
  g_cond_init (&pool->done_cond);
  pool->threads = g_new0 (GThread *, pool->n_threads);
  for (guint i = 1; i < pool->n_threads; i++)
    {
      WorkerData *wd = g_new (WorkerData, 1);

      wd->pool = pool;
      wd->worker = i;
      pool->threads[i] = g_thread_new ("sw-train", worker_main, wd);
    }
  return pool;
}

void
_sw_train_pool_free (SwTrainPool *pool)
{
  if (pool == NULL)
    return;

  g_mutex_lock (&pool->mutex);
  g_atomic_int_set (&pool->quit, TRUE);
  g_cond_broadcast (&pool->start_cond);
  g_mutex_unlock (&pool->mutex);
  for (guint i = 1; i < pool->n_threads; i++)
    g_thread_join (pool->threads[i]);

  g_free (pool->threads);
  g_mutex_clear (&pool->mutex);
  g_cond_clear (&pool->start_cond);
  g_cond_clear (&pool->done_cond);
  g_free (pool);
}

guint
_sw_train_pool_get_n_threads (SwTrainPool *pool)
{
  return pool->n_threads;
}

/* Runs func (task, worker, user_data) for task = 0 … n_tasks - 1 on the pool's threads, the
 * calling thread being worker 0, and returns when all are done. */
void
_sw_train_pool_run (SwTrainPool     *pool,
                    guint            n_tasks,
                    SwTrainPoolFunc  func,
                    gpointer         user_data)
{
  if (n_tasks == 0)
    return;

  pool->func = func;
  pool->user_data = user_data;
  pool->n_tasks = n_tasks;
  g_atomic_int_set (&pool->next_task, 0);

  if (pool->n_threads == 1 || n_tasks == 1)
    {
      run_tasks (pool, 0);
      return;
    }

  g_atomic_int_set (&pool->running, pool->n_threads - 1);
  g_mutex_lock (&pool->mutex);
  g_atomic_int_inc (&pool->generation);
  g_cond_broadcast (&pool->start_cond);
  g_mutex_unlock (&pool->mutex);

  run_tasks (pool, 0);

  if (!spin (&pool->running, 0, TRUE, NULL))
    {
      g_mutex_lock (&pool->mutex);
      while (g_atomic_int_get (&pool->running) > 0)
        g_cond_wait (&pool->done_cond, &pool->mutex);
      g_mutex_unlock (&pool->mutex);
    }
}
