/* sw-payload-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-intrinsic.h"
#include "sw-payload.h"

G_BEGIN_DECLS

/* A definite path (names and indexes only) as a list of steps, walked without allocating:
 * the paths of a state run for every visit, so this is where an execution spends its time. */
typedef struct _SwFastPath SwFastPath;

SwFastPath *_sw_fast_path_new        (const SwPath      *path);
void        _sw_fast_path_free       (SwFastPath        *path);
gboolean    _sw_fast_path_is_context (const SwFastPath  *path);
SwValue    *_sw_fast_path_walk       (const SwFastPath  *path,
                                      SwValue           *root);

/* An intrinsic call compiled once: the implementation found, the paths made fast. */
typedef struct _SwIntrinsicProgram SwIntrinsicProgram;

SwIntrinsicProgram *_sw_intrinsic_program_new  (const SwIntrinsic         *call);
void                _sw_intrinsic_program_free (SwIntrinsicProgram        *program);
SwValue            *_sw_intrinsic_program_run  (const SwIntrinsicProgram  *program,
                                                SwEvalScope               *scope,
                                                GError                   **error);

G_END_DECLS
