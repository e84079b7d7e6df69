/* sw-train-pool-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fixed set of threads that run numbered tasks. Which thread runs which task is left to
 * chance: callers make every task write only its own outputs and combine them afterwards in
 * task order, so results never depend on scheduling or on the number of threads. */
typedef struct _SwTrainPool SwTrainPool;

typedef void (*SwTrainPoolFunc) (guint    task,
                                 guint    worker,
                                 gpointer user_data);

SwTrainPool *_sw_train_pool_new            (guint            n_threads);
void         _sw_train_pool_free           (SwTrainPool     *pool);
guint        _sw_train_pool_get_n_threads  (SwTrainPool     *pool);
void         _sw_train_pool_run            (SwTrainPool     *pool,
                                            guint            n_tasks,
                                            SwTrainPoolFunc  func,
                                            gpointer         user_data);
guint        _sw_train_resolve_threads     (guint            threads);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTrainPool, _sw_train_pool_free)

G_END_DECLS
