/* sw-execution-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-execution.h"
#include "sw-plan-private.h"
#include "sw-task-private.h"

G_BEGIN_DECLS

/* The executor runs every lane of an execution (the top level, each Parallel branch, each
 * Map iteration) on one thread, cooperatively: a lane runs until it must wait (for a timer,
 * a task's answer or its children), then the next ready lane runs. Waiting costs nothing,
 * concurrency is exact up to MaxConcurrency, histories are deterministic, and payloads are
 * shared between lanes without locks. Handlers run their slow work elsewhere and answer
 * through the execution's main context. */

/* Bounds on each JSONata expression a state evaluates: nesting depth and milliseconds. */
#define SW_EXECUTION_JSONATA_MAX_DEPTH 1000
#define SW_EXECUTION_JSONATA_TIMEOUT_MS 5000

typedef struct _SwLane SwLane;
typedef struct _SwFork SwFork;
typedef struct _SwTimer SwTimer;
typedef struct _SwScope SwScope;
typedef struct _SwTaskCall SwTaskCall;
typedef struct _SwRedrive SwRedrive;
typedef struct _SwLaneBindings SwLaneBindings;

typedef enum
{
  SW_STEP_ENTER,      /* emit the Entered event */
  SW_STEP_EXECUTE,    /* run the state (again, after a retry) */
  SW_STEP_BLOCKED,    /* waiting for a timer, a task or children */
  SW_STEP_RESUME,     /* a Wait or retry timer fired */
  SW_STEP_TASK_DONE,  /* the task answered */
  SW_STEP_FORK_DONE,  /* the children finished */
  SW_STEP_NEXT,       /* go to lane->state->next */
  SW_STEP_DONE,
} SwStep;

typedef enum
{
  SW_TIMER_WAKE,
  SW_TIMER_TASK_TIMEOUT,
  SW_TIMER_HEARTBEAT,
  SW_TIMER_EXECUTION_TIMEOUT,
} SwTimerKind;

struct _SwTimer
{
  gint64 due;          /* monotonic ms of the execution's clock */
  guint64 seq;
  SwTimerKind kind;
  SwLane *lane;
  GSequenceIter *iter;
};

struct _SwScope
{
  SwScope *parent;
  SwValue *variables;  /* object */
};

struct _SwTaskCall
{
  SwExecution *exec;
  char *token;               /* registered for callbacks */
  SwTaskRequest *request;
  char *resource_type;
  char *resource;
  gboolean lambda_legacy;
  gboolean activity;
  gboolean pending;    /* answered asynchronously, counted in n_external */
  SwTimer *timeout;
  SwTimer *heartbeat;
  double heartbeat_seconds;
  SwValue *result;
  char *error;
  char *cause;
  gboolean timed_out;
};

struct _SwLane
{
  SwExecution *exec;
  SwFork *fork;              /* the fork this lane is a child of, NULL at the top */
  guint index;
  SwPlanMachine *machine;
  SwPlanState *state;
  SwStep step;
  gboolean queued;

  SwValue *input;            /* raw input of the current state */
  SwValue *effective;        /* after InputPath (and Parameters) */
  SwValue *output;           /* the lane's final output */
  SwScope *scope;
  SwValue *context;          /* cached context object of the current state */
  SwValue *map_item;         /* $$.Map.Item while an ItemSelector runs */
  SwPlanRule *choice_rule;   /* the rule a JSONata Choice matched */
  SwLaneBindings *bindings;  /* of its last JSONata evaluations (sw-execution-jsonata.c) */
  SwValue *fits;             /* the last value found within the payload quota */
  char *task_token;

  gint64 last_event;
  gint64 entered_event;
  gint64 entered_ms;
  guint *retry_counts;
  guint retry_total;

  SwTimer *timer;
  SwStep wake_step;
  SwTaskCall *task;
  SwFork *child_fork;
  SwValue *fork_result;

  gboolean failed;
  gboolean silent;           /* a distributed Map's child: its events are its own */
  char *error;
  char *cause;
};

struct _SwFork
{
  SwLane *parent;
  SwPlanState *state;
  gboolean is_map;
  SwValue *effective;        /* branches' input, or the Map's effective input */
  SwValue *items;            /* Map: the array of items */
  guint n_children;
  guint next_index;
  guint running;
  guint completed;
  guint max_concurrency;     /* 0: no limit */
  GPtrArray *children;       /* SwLane*, NULL until started and after freed */
  SwValue **results;
  guint failures;
  guint tolerated_count;     /* G_MAXUINT: no tolerance set */
  double tolerated_percentage;
  gboolean finished;
  gboolean distributed;
  char *map_run_arn;
  gint64 started_event;
  GPtrArray *failed_items;   /* distributed: SwValue* error outputs with their input */
  SwValue *writer;           /* the ResultWriter, its JSONata expressions evaluated */
};

/* sw-execution.c */
gboolean  _sw_execution_want_events   (SwExecution        *self);
gboolean  _sw_execution_is_finished   (SwExecution        *self);
gint64    _sw_execution_emit          (SwExecution        *self,
                                       SwLane             *lane,
                                       SwHistoryEventType  type,
                                       SwValue            *details);
SwClock  *_sw_execution_clock         (SwExecution        *self);
GMainContext *_sw_execution_context   (SwExecution        *self);
SwTimer  *_sw_execution_add_timer     (SwExecution        *self,
                                       SwLane             *lane,
                                       SwTimerKind         kind,
                                       gint64              delay_ms);
void      _sw_execution_remove_timer  (SwExecution        *self,
                                       SwTimer            *timer);
void      _sw_execution_ready         (SwExecution        *self,
                                       SwLane             *lane);
void      _sw_execution_external      (SwExecution        *self,
                                       gint                delta);
const char *_sw_execution_arn         (SwExecution        *self);
const char *_sw_execution_region      (SwExecution        *self);
const char *_sw_execution_account     (SwExecution        *self);
SwMockConfig *_sw_execution_mock      (SwExecution        *self,
                                       const char        **machine,
                                       const char        **test_case);
SwTaskRegistry *_sw_execution_registry (SwExecution       *self);
SwValue  *_sw_execution_redrive_result (SwExecution       *self,
                                       SwPlanState        *state,
                                       guint               index);
guint     _sw_execution_next_mock_invocation (SwExecution *self,
                                       const char         *state);
const char *_sw_execution_local_root  (SwExecution        *self);
gboolean  _sw_execution_accepts_callbacks (SwExecution    *self);
void      _sw_execution_register_token (SwExecution       *self,
                                       const char         *token,
                                       SwTaskRequest      *request);
void      _sw_execution_unregister_token (SwExecution     *self,
                                       const char         *token);

SwLane   *_sw_lane_new                (SwExecution        *exec,
                                       SwFork             *fork,
                                       guint               index,
                                       SwPlanMachine      *machine,
                                       SwValue            *input,
                                       SwScope            *parent_scope,
                                       gint64              last_event);
void      _sw_lane_free               (SwLane             *lane);
void      _sw_lane_abort              (SwLane             *lane);
void      _sw_lane_state_failed       (SwLane             *lane,
                                       const char         *error,
                                       const char         *cause);
void      _sw_lane_result             (SwLane             *lane,
                                       SwValue            *result);
void      _sw_lane_fail               (SwLane             *lane,
                                       const char         *error,
                                       const char         *cause);
void      _sw_lane_runtime_error      (SwLane             *lane,
                                       const char         *format,
                                       ...) G_GNUC_PRINTF (2, 3);
SwValue  *_sw_lane_get_context       (gpointer            lane);
SwValue  *_sw_lane_get_variable      (const char         *name,
                                       gpointer            lane);
void      _sw_lane_scope              (SwLane             *lane,
                                       SwEvalScope        *scope,
                                       SwValue            *input);
SwValue  *_sw_payload_string          (SwValue            *value);

/* sw-execution-jsonata.c */
/* The bindings of a JSONata state's fields: small values as an object, large ones prepared */
typedef struct
{
  SwValue *variables;
  SwJsonataDocument *document;
} SwLaneBound;

void      _sw_lane_bindings_free      (SwLaneBindings     *bindings);
SwLaneBound *_sw_lane_jsonata_bindings (SwLane            *lane,
                                       const SwPlanTemplate *const *templates,
                                       guint               n_templates,
                                       SwValue            *result,
                                       SwValue            *error_output);
void      _sw_lane_jsonata_failed     (SwLane             *lane,
                                       const char         *cause,
                                       const char         *location,
                                       gboolean            catchable);
gboolean  _sw_lane_jsonata_eval       (SwLane             *lane,
                                       const SwPlanTemplate *template,
                                       SwLaneBound        *bindings,
                                       gboolean            catchable,
                                       SwValue           **out);
gboolean  _sw_lane_jsonata_try        (SwLane             *lane,
                                       const SwPlanTemplate *template,
                                       SwValue           **out,
                                       char              **cause);
gboolean  _sw_lane_jsonata_eval_one   (SwLane             *lane,
                                       const SwPlanTemplate *template,
                                       SwValue            *result,
                                       SwValue            *fallback,
                                       SwValue           **out);
gboolean  _sw_lane_jsonata_field      (SwLane             *lane,
                                       SwPlanField        *field,
                                       SwValue           **out);
gboolean  _sw_lane_check_assign_size  (SwLane             *lane,
                                       SwValue            *values,
                                       gboolean            catchable);

/* sw-execution-task.c */
void      _sw_task_prepare            (SwLane             *lane);
void      _sw_task_start              (SwLane             *lane);
void      _sw_task_finish             (SwLane             *lane);
void      _sw_task_timer_fired        (SwLane             *lane,
                                       SwTimer            *timer);
void      _sw_task_abort              (SwLane             *lane);
void      _sw_task_call_free          (SwTaskCall         *call);

/* sw-execution-redrive.c */
SwRedrive *_sw_redrive_new            (SwPlan             *plan,
                                       GPtrArray          *history,
                                       GError            **error);
void      _sw_redrive_free            (SwRedrive          *redrive);
guint     _sw_redrive_get_count       (SwRedrive          *redrive);
gint64    _sw_redrive_get_last_id     (SwRedrive          *redrive);
gint64    _sw_redrive_get_start_ms    (SwRedrive          *redrive);
SwValue  *_sw_redrive_take_result     (SwRedrive          *redrive,
                                       SwPlanState        *state,
                                       guint               index);
void      _sw_redrive_apply           (SwRedrive          *redrive,
                                       SwLane             *root,
                                       GHashTable         *mock_counts);

/* sw-execution-fork.c */
void      _sw_fork_start              (SwLane             *lane);
void      _sw_fork_child_done         (SwLane             *child);
void      _sw_fork_abort              (SwFork             *fork);
void      _sw_fork_free               (SwFork             *fork);

G_END_DECLS
