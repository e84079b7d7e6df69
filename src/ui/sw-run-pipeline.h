/* sw-run-pipeline.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sw-state.h"

G_BEGIN_DECLS

/* One step of a JSONPath state's input/output processing as the run saw it. */
typedef struct
{
  char *step;        /* "InputPath", "Parameters", "Task result", … */
  char *expression;  /* the field as written (compact JSON), NULL when absent */
  char *json;        /* the value after the step (canonical JSON), NULL on error */
  char *error;       /* why the step failed, NULL otherwise */
} SwRunPipelineStep;

void       sw_run_pipeline_step_free (SwRunPipelineStep *step);

/* Recomputes InputPath → Parameters → (result) → ResultSelector → ResultPath → OutputPath
 * for @state with the ASL library, from the input the state entered with and the task's
 * result (nullable: Pass uses Result or its parameters). @context_json: the context
 * object (`$$`), nullable. Returns SwRunPipelineStep items; NULL for JSONata states. */
GPtrArray *sw_run_pipeline_compute   (SwState    *state,
                                      const char *input_json,
                                      const char *result_json,
                                      const char *context_json);

G_END_DECLS
