/* sw-execution.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One run of a state machine: the lanes, the timers, the history and the JSONPath pipeline of
 * every state (InputPath → Parameters → the work → ResultSelector → ResultPath → OutputPath),
 * with Retry and Catch. Tasks live in sw-execution-task.c, Parallel and Map in
 * sw-execution-fork.c. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-engine-error.h"
#include "sw-execution-private.h"
#include "sw-intrinsic-eval.h"
#include "sw-arn.h"
#include "sw-json.h"

struct _SwExecution
{
  GObject parent_instance;

  SwPlan *plan;
  SwValue *input;
  char *name;
  char *machine_name;
  char *role_arn;             /* NULL: the local default role of the account */
  char *region;
  char *account;
  SwRedrive *redrive;         /* where a redrive resumes, NULL for a first attempt */
  SwValue *variables;         /* object: variables set before the first state, or NULL */
  SwValue *test_context;      /* object: the first state's Context object (TestState), or NULL */
  gboolean inspect;
  SwClock *clock;
  double wait_scale;
  SwTaskRegistry *registry;
  SwMockConfig *mock;
  char *mock_machine;
  char *mock_test_case;
  GHashTable *mock_counts;
  guint history_limit;
  gboolean record_history;
  char *local_root;
  gboolean accept_callbacks;

  /* The outcome; written by the execution's thread, read after the run. */
  SwExecutionStatus status;
  SwValue *output;
  char *error;
  char *cause;
  gint64 start_ms;
  gint64 stop_ms;
  GPtrArray *history;
  SwValue *inspection;        /* TestState's inspectionData of the first state */
  gboolean inspected;         /* the first state was left */
  guint64 n_events;
  guint64 n_transitions;

  /* The execution's thread */
  GMainContext *context;
  GQueue ready;
  GSequence *timers;
  guint64 timer_seq;
  gint n_external;
  SwLane *root;
  gboolean finished;
  gboolean want_events;
  gboolean emit_directly;
  SwValue *ctx_execution;
  SwValue *ctx_machine;
  SwTimer *execution_timer;

  /* Between threads */
  GMutex lock;
  gint stop_pending;
  gboolean started;
  SwExecutionStatus stop_status;
  char *stop_error;
  char *stop_cause;
  gboolean cancelled;
  GTask *task;
  GQueue deliveries;
  gboolean delivery_scheduled;
  GMainContext *caller_context;
  GHashTable *tokens;         /* task token → SwTaskRequest, for callbacks */
  GCancellable *cancellable;  /* of run_async, until it finishes */
  gulong cancel_handler;
};

G_DEFINE_FINAL_TYPE (SwExecution, sw_execution, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_STATUS,
  N_PROPS
};

enum
{
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void lane_run (SwLane *lane);

/* The marker a delivery queue ends with. */
static SwHistoryEvent *const DONE_MARKER = (SwHistoryEvent *) &DONE_MARKER;

const char *
sw_execution_status_to_string (SwExecutionStatus status)
{
  switch (status)
    {
    case SW_EXECUTION_STATUS_PENDING: return "PENDING";
    case SW_EXECUTION_STATUS_RUNNING: return "RUNNING";
    case SW_EXECUTION_STATUS_SUCCEEDED: return "SUCCEEDED";
    case SW_EXECUTION_STATUS_FAILED: return "FAILED";
    case SW_EXECUTION_STATUS_TIMED_OUT: return "TIMED_OUT";
    case SW_EXECUTION_STATUS_ABORTED: return "ABORTED";
    default: g_return_val_if_reached (NULL);
    }
}

/* Object */

static void
sw_execution_finalize (GObject *object)
{
  SwExecution *self = SW_EXECUTION (object);

  g_clear_pointer (&self->plan, _sw_plan_unref);
  g_clear_pointer (&self->input, sw_value_unref);
  g_free (self->name);
  g_free (self->machine_name);
  g_free (self->role_arn);
  g_free (self->region);
  g_free (self->account);
  g_clear_pointer (&self->redrive, _sw_redrive_free);
  g_clear_pointer (&self->variables, sw_value_unref);
  g_clear_pointer (&self->test_context, sw_value_unref);
  g_clear_pointer (&self->inspection, sw_value_unref);
  g_clear_object (&self->clock);
  g_clear_object (&self->registry);
  g_clear_object (&self->mock);
  g_free (self->mock_machine);
  g_free (self->mock_test_case);
  g_clear_pointer (&self->mock_counts, g_hash_table_unref);
  g_free (self->local_root);
  g_clear_pointer (&self->output, sw_value_unref);
  g_free (self->error);
  g_free (self->cause);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_free (self->stop_error);
  g_free (self->stop_cause);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sw_execution_parent_class)->finalize (object);
}

static void
sw_execution_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SwExecution *self = SW_EXECUTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_execution_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SwExecution *self = SW_EXECUTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      sw_execution_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_execution_class_init (SwExecutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_execution_finalize;
  object_class->get_property = sw_execution_get_property;
  object_class->set_property = sw_execution_set_property;

  /**
   * SwExecution:name:
   *
   * The execution's name, part of its ARN.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwExecution:status:
   *
   * The #SwExecutionStatus; notified on the thread the run was started from.
   */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, SW_EXECUTION_STATUS_PENDING,
                      SW_EXECUTION_STATUS_ABORTED, SW_EXECUTION_STATUS_PENDING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwExecution::event:
   * @self: the execution
   * @event: a #SwHistoryEvent
   *
   * Emitted for each history event as it happens, on the thread the run was started from.
   * Connect before starting the run.
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_HISTORY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sw_execution_init (SwExecution *self)
{
  g_mutex_init (&self->lock);
  self->wait_scale = 1.0;
  self->history_limit = SW_EXECUTION_MAX_EVENTS;
  self->record_history = TRUE;
  self->machine_name = g_strdup ("StateMachine");
  self->region = g_strdup (SW_ARN_DEFAULT_REGION);
  self->account = g_strdup (SW_ARN_DEFAULT_ACCOUNT);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_history_event_unref);
  self->mock_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->ready);
  g_queue_init (&self->deliveries);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) sw_task_request_unref);
}

/**
 * sw_execution_new:
 * @definition: a state machine definition as read
 * @input: (nullable): the execution input, `{}` when %NULL
 * @error: return location for a %SW_ENGINE_ERROR error
 *
 * Prepares an execution. The definition is compiled now: a definition the executor cannot
 * run is a %SW_ENGINE_ERROR_INVALID error, an input over the payload quota a
 * %SW_ENGINE_ERROR_INPUT error.
 *
 * Returns: (transfer full) (nullable): the execution
 */
SwExecution *
sw_execution_new (SwValue  *definition,
                  SwValue  *input,
                  GError  **error)
{
  g_autoptr(SwExecution) self = NULL;
  SwPlan *plan;

  g_return_val_if_fail (definition != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = _sw_plan_compile (definition, error);
  if (plan == NULL)
    return NULL;

  if (input != NULL && sw_eval_json_size (input, SW_EXECUTION_MAX_PAYLOAD) >
                       SW_EXECUTION_MAX_PAYLOAD)
    {
      _sw_plan_unref (plan);
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_INPUT,
                   _("The execution input is larger than %u bytes, the service’s quota"),
                   SW_EXECUTION_MAX_PAYLOAD);
      return NULL;
    }

  self = g_object_new (SW_TYPE_EXECUTION, NULL);
  self->plan = plan;
  /* A copy: the caller's tree may be read on another thread while this one runs. */
  self->input = input != NULL ? sw_value_copy (input) : sw_value_new_object ();
  self->name = g_uuid_string_random ();
  return g_steal_pointer (&self);
}

static gboolean
check_not_started (SwExecution *self)
{
  gboolean started;

  g_mutex_lock (&self->lock);
  started = self->started;
  g_mutex_unlock (&self->lock);
  if (started)
    g_critical ("An execution cannot be changed once it has started");
  return !started;
}

void
sw_execution_set_name (SwExecution *self,
                       const char  *name)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (name != NULL);

  if (!check_not_started (self) || g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
sw_execution_get_name (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->name;
}

void
sw_execution_set_state_machine_name (SwExecution *self,
                                     const char  *name)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (name != NULL);

  if (!check_not_started (self))
    return;
  g_free (self->machine_name);
  self->machine_name = g_strdup (name);
}

const char *
sw_execution_get_state_machine_name (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->machine_name;
}

/**
 * sw_execution_dup_arn:
 *
 * Returns: (transfer full): the execution ARN, in the local account and region Step
 *   Functions Local uses
 */
char *
sw_execution_dup_arn (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return sw_arn_build ("states", self->region, self->account, "execution:%s:%s",
                       self->machine_name, self->name);
}

char *
sw_execution_dup_state_machine_arn (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return sw_arn_build ("states", self->region, self->account, "stateMachine:%s",
                       self->machine_name);
}

/**
 * sw_execution_set_clock:
 * @clock: (nullable): the clock; %NULL for the system clock
 */
void
sw_execution_set_clock (SwExecution *self,
                        SwClock     *clock)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (clock == NULL || SW_IS_CLOCK (clock));

  if (check_not_started (self))
    g_set_object (&self->clock, clock);
}

/**
 * sw_execution_get_clock:
 *
 * Returns: (transfer none) (nullable): the clock set, %NULL for the system clock
 */
SwClock *
sw_execution_get_clock (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->clock;
}

/**
 * sw_execution_set_wait_scale:
 * @scale: how much of their time Wait states and retry intervals take: 0 none, 1 all
 */
void
sw_execution_set_wait_scale (SwExecution *self,
                             double       scale)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (scale >= 0 && isfinite (scale));

  if (check_not_started (self))
    self->wait_scale = scale;
}

double
sw_execution_get_wait_scale (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), 1.0);
  return self->wait_scale;
}

/**
 * sw_execution_set_task_registry:
 * @registry: (nullable): the handlers that serve Task resources
 */
void
sw_execution_set_task_registry (SwExecution    *self,
                                SwTaskRegistry *registry)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (registry == NULL || SW_IS_TASK_REGISTRY (registry));

  if (check_not_started (self))
    g_set_object (&self->registry, registry);
}

/**
 * sw_execution_set_mock_config:
 * @config: (nullable): a mock configuration
 * @machine: (nullable): its state machine to use; %NULL for its only one
 * @test_case: the test case whose mocked responses Task states get
 * @error: return location for a %SW_ENGINE_ERROR_MOCK error
 *
 * Returns: %TRUE if the configuration has that machine and test case
 */
gboolean
sw_execution_set_mock_config (SwExecution   *self,
                              SwMockConfig  *config,
                              const char    *machine,
                              const char    *test_case,
                              GError       **error)
{
  g_auto(GStrv) machines = NULL;

  g_return_val_if_fail (SW_IS_EXECUTION (self), FALSE);
  g_return_val_if_fail (config == NULL || SW_IS_MOCK_CONFIG (config), FALSE);

  if (!check_not_started (self))
    return FALSE;

  if (config == NULL)
    {
      g_clear_object (&self->mock);
      return TRUE;
    }
  g_return_val_if_fail (test_case != NULL, FALSE);

  machines = sw_mock_config_list_machines (config);
  if (machine == NULL)
    {
      if (g_strv_length (machines) != 1)
        {
          g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK,
                       _("The mock configuration has %u state machines; name one"),
                       g_strv_length (machines));
          return FALSE;
        }
      machine = machines[0];
    }
  if (!g_strv_contains ((const char * const *) machines, machine))
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK,
                   _("The mock configuration has no state machine “%s”"), machine);
      return FALSE;
    }
  if (!sw_mock_config_has_test_case (config, machine, test_case))
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK,
                   _("The state machine “%s” of the mock configuration has no test case “%s”"),
                   machine, test_case);
      return FALSE;
    }

  g_set_object (&self->mock, config);
  g_free (self->mock_machine);
  self->mock_machine = g_strdup (machine);
  g_free (self->mock_test_case);
  self->mock_test_case = g_strdup (test_case);
  return TRUE;
}

/**
 * sw_execution_set_history_limit:
 * @limit: the most history events, 0 for no limit
 *
 * The service allows %SW_EXECUTION_MAX_EVENTS, the default; when an execution reaches it,
 * it fails. Benchmarks and express-style runs may lift the limit.
 */
void
sw_execution_set_history_limit (SwExecution *self,
                                guint        limit)
{
  g_return_if_fail (SW_IS_EXECUTION (self));

  if (check_not_started (self))
    self->history_limit = limit;
}

/**
 * sw_execution_set_record_history:
 * @record: whether to keep the events for sw_execution_get_history()
 */
void
sw_execution_set_record_history (SwExecution *self,
                                 gboolean     record)
{
  g_return_if_fail (SW_IS_EXECUTION (self));

  if (check_not_started (self))
    self->record_history = !!record;
}

/**
 * sw_execution_set_local_root:
 * @directory: (nullable): the directory that holds `BUCKET/KEY` for `s3://BUCKET/KEY`
 *
 * Where a distributed Map's ItemReader reads and its ResultWriter writes.
 */
void
sw_execution_set_local_root (SwExecution *self,
                             const char  *directory)
{
  g_return_if_fail (SW_IS_EXECUTION (self));

  if (!check_not_started (self))
    return;
  g_free (self->local_root);
  self->local_root = g_strdup (directory);
}

/**
 * sw_execution_set_accept_callbacks:
 * @accept: whether a `.waitForTaskToken` task that no mock or handler serves waits for
 *   sw_execution_send_task_success() or sw_execution_send_task_failure()
 *
 * Without it (the default) such a task fails, as every unserved task does.
 */
void
sw_execution_set_accept_callbacks (SwExecution *self,
                                   gboolean     accept)
{
  g_return_if_fail (SW_IS_EXECUTION (self));

  if (check_not_started (self))
    self->accept_callbacks = !!accept;
}

/**
 * sw_execution_set_region:
 * @region: the region of the ARNs the execution makes (`$$.Execution.Id`, map runs, task
 *   events); %SW_ARN_DEFAULT_REGION by default
 */
void
sw_execution_set_region (SwExecution *self,
                         const char  *region)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (region != NULL);

  if (!check_not_started (self))
    return;
  g_free (self->region);
  self->region = g_strdup (region);
}

/**
 * sw_execution_set_account:
 * @account: the account ID of the ARNs the execution makes; %SW_ARN_DEFAULT_ACCOUNT by
 *   default
 */
void
sw_execution_set_account (SwExecution *self,
                          const char  *account)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (account != NULL);

  if (!check_not_started (self))
    return;
  g_free (self->account);
  self->account = g_strdup (account);
}

/* For the top lane's fork of @state: what a branch or iteration produced before a redrive,
 * or %NULL to run it. */
SwValue *
_sw_execution_redrive_result (SwExecution *self,
                              SwPlanState *state,
                              guint        index)
{
  return self->redrive != NULL ? _sw_redrive_take_result (self->redrive, state, index) : NULL;
}

const char *
_sw_execution_region (SwExecution *self)
{
  return self->region;
}

const char *
_sw_execution_account (SwExecution *self)
{
  return self->account;
}

/**
 * sw_execution_set_redrive:
 * @history: (element-type SwHistoryEvent): the whole history of the earlier attempts of
 *   this execution, in event order
 * @error: return location for a %SW_ENGINE_ERROR_STATE error
 *
 * Makes this execution a redrive of an execution that failed, was aborted or timed out, as
 * `RedriveExecution` does: instead of starting at StartAt it emits `ExecutionRedriven`
 * (with the next redriveCount) and runs again the top-level state that was unsuccessful,
 * with the input it had then and the variables assigned before; the states that succeeded
 * do not run again. Its events continue the ids of @history. Create the execution with the
 * same definition and input as the first attempt.
 *
 * Returns: whether the history ends in a way that can be redriven
 */
gboolean
sw_execution_set_redrive (SwExecution  *self,
                          GPtrArray    *history,
                          GError      **error)
{
  SwRedrive *redrive;

  g_return_val_if_fail (SW_IS_EXECUTION (self), FALSE);
  g_return_val_if_fail (history != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_started (self))
    return FALSE;
  redrive = _sw_redrive_new (self->plan, history, error);
  if (redrive == NULL)
    return FALSE;
  g_clear_pointer (&self->redrive, _sw_redrive_free);
  self->redrive = redrive;
  return TRUE;
}

/**
 * sw_execution_get_redrive_count:
 *
 * Returns: how many times the execution was redriven, this attempt included (0 for a
 *   first attempt)
 */
guint
sw_execution_get_redrive_count (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), 0);
  return self->redrive != NULL ? _sw_redrive_get_count (self->redrive) : 0;
}

/**
 * sw_execution_set_variables:
 * @variables: (nullable): an object of variables the first state sees, as TestState's
 *   `variables` sets them
 */
void
sw_execution_set_variables (SwExecution *self,
                            SwValue     *variables)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (variables == NULL || sw_value_is_object (variables));

  if (!check_not_started (self))
    return;
  g_clear_pointer (&self->variables, sw_value_unref);
  if (variables != NULL)
    self->variables = sw_value_copy (variables);
}

/**
 * sw_execution_set_test_context:
 * @context: (nullable): an object, the Context object the first state sees
 *
 * For TestState's `context`: the first state of the top level reads @context (copied) as
 * its Context object (`$$`, `$states.context`) instead of the one the execution builds.
 */
void
sw_execution_set_test_context (SwExecution *self,
                               SwValue     *context)
{
  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (context == NULL || sw_value_is_object (context));

  if (!check_not_started (self))
    return;
  g_clear_pointer (&self->test_context, sw_value_unref);
  if (context != NULL)
    self->test_context = sw_value_copy (context);
}

/**
 * sw_execution_set_inspect:
 * @inspect: whether to record how the first state processes its data
 *
 * For TestState: the execution records, for its first state, what TestState's
 * `inspectionData` reports (input, afterInputPath, afterParameters, afterArguments, result,
 * afterResultSelector, afterResultPath, variables, errorDetails); and where a Retrier of
 * that state matches its error, the execution fails with it instead of retrying, with
 * errorDetails naming the retrier (TestState's RETRIABLE).
 */
void
sw_execution_set_inspect (SwExecution *self,
                          gboolean     inspect)
{
  g_return_if_fail (SW_IS_EXECUTION (self));

  if (!check_not_started (self))
    return;
  self->inspect = inspect;
}

/**
 * sw_execution_get_inspection:
 *
 * Returns: (transfer none) (nullable): after the run, the inspection data of the first
 *   state (payloads as JSON text), or %NULL when not inspecting
 */
SwValue *
sw_execution_get_inspection (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->inspection;
}

static SwTaskRequest *
find_token (SwExecution  *self,
            const char   *token,
            GError      **error)
{
  SwTaskRequest *request;

  g_mutex_lock (&self->lock);
  request = g_hash_table_lookup (self->tokens, token);
  if (request != NULL)
    sw_task_request_ref (request);
  g_mutex_unlock (&self->lock);
  if (request == NULL)
    g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                 _("No task of this execution waits for the token “%s”"), token);
  return request;
}

/**
 * sw_execution_send_task_success:
 * @token: a task token, as `$$.Task.Token` gave it
 * @output: (transfer none): the task's result
 * @error: return location for a %SW_ENGINE_ERROR_STATE error if no task waits for @token
 *
 * Completes a waiting task, as `SendTaskSuccess` does. May be called from any thread.
 *
 * Returns: %TRUE if a task took the result
 */
gboolean
sw_execution_send_task_success (SwExecution  *self,
                                const char   *token,
                                SwValue      *output,
                                GError      **error)
{
  g_autoptr(SwTaskRequest) request = NULL;

  g_return_val_if_fail (SW_IS_EXECUTION (self), FALSE);
  g_return_val_if_fail (token != NULL && output != NULL, FALSE);

  request = find_token (self, token, error);
  if (request == NULL)
    return FALSE;
  sw_task_request_return_value (request, sw_value_copy (output));
  return TRUE;
}

/**
 * sw_execution_send_task_failure:
 * @task_error: the error name
 * @cause: (nullable): its cause
 *
 * Fails a waiting task, as `SendTaskFailure` does. May be called from any thread.
 *
 * Returns: %TRUE if a task took the failure
 */
gboolean
sw_execution_send_task_failure (SwExecution  *self,
                                const char   *token,
                                const char   *task_error,
                                const char   *cause,
                                GError      **error)
{
  g_autoptr(SwTaskRequest) request = NULL;

  g_return_val_if_fail (SW_IS_EXECUTION (self), FALSE);
  g_return_val_if_fail (token != NULL && task_error != NULL, FALSE);

  request = find_token (self, token, error);
  if (request == NULL)
    return FALSE;
  sw_task_request_return_error (request, task_error, cause);
  return TRUE;
}

/**
 * sw_execution_send_task_heartbeat:
 *
 * Restarts a waiting task's HeartbeatSeconds timer, as `SendTaskHeartbeat` does.
 *
 * Returns: %TRUE if a task waits for @token
 */
gboolean
sw_execution_send_task_heartbeat (SwExecution  *self,
                                  const char   *token,
                                  GError      **error)
{
  g_autoptr(SwTaskRequest) request = NULL;

  g_return_val_if_fail (SW_IS_EXECUTION (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  request = find_token (self, token, error);
  if (request == NULL)
    return FALSE;
  sw_task_request_heartbeat (request);
  return TRUE;
}

gboolean
_sw_execution_accepts_callbacks (SwExecution *self)
{
  return self->accept_callbacks;
}

void
_sw_execution_register_token (SwExecution   *self,
                              const char    *token,
                              SwTaskRequest *request)
{
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->tokens, g_strdup (token), sw_task_request_ref (request));
  g_mutex_unlock (&self->lock);
}

void
_sw_execution_unregister_token (SwExecution *self,
                                const char  *token)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->tokens, token);
  g_mutex_unlock (&self->lock);
}

/* Outcome */

SwExecutionStatus
sw_execution_get_status (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), SW_EXECUTION_STATUS_PENDING);
  return self->status;
}

/**
 * sw_execution_get_input:
 *
 * Returns: (transfer none): the execution input
 */
SwValue *
sw_execution_get_input (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->input;
}

/**
 * sw_execution_get_output:
 *
 * Returns: (transfer none) (nullable): the output of a succeeded execution
 */
SwValue *
sw_execution_get_output (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->output;
}

const char *
sw_execution_get_error (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->error;
}

const char *
sw_execution_get_cause (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->cause;
}

gint64
sw_execution_get_start_ms (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), 0);
  return self->start_ms;
}

gint64
sw_execution_get_stop_ms (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), 0);
  return self->stop_ms;
}

/**
 * sw_execution_get_n_events:
 *
 * Returns: how many history events the execution had, recorded or not
 */
guint64
sw_execution_get_n_events (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), 0);
  return self->n_events;
}

/**
 * sw_execution_get_n_transitions:
 *
 * Returns: how many states the execution entered
 */
guint64
sw_execution_get_n_transitions (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), 0);
  return self->n_transitions;
}

/**
 * sw_execution_get_history:
 *
 * Returns: (transfer none) (element-type SwHistoryEvent): the recorded events; read it once
 *   the run has finished
 */
GPtrArray *
sw_execution_get_history (SwExecution *self)
{
  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);
  return self->history;
}

/**
 * sw_execution_format_timestamp:
 * @ms: milliseconds since the Unix epoch
 *
 * Returns: (transfer full): the time as the context object writes it,
 *   `2026-01-01T00:00:00.000Z`
 */
char *
sw_execution_format_timestamp (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *base = NULL;

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) (((ms % 1000) + 1000) % 1000));
}

/* Payloads as the history holds them, as JSON text. Copied to their exact size: histories
 * keep thousands of them, and sw_json_write() returns a roomy buffer. */
SwValue *
_sw_payload_string (SwValue *value)
{
  g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

  return sw_value_new_string (text);
}

/**
 * sw_execution_describe:
 *
 * Returns: (transfer full): the execution as `DescribeExecution` describes it, with dates in
 *   seconds since the Unix epoch as the JSON protocol sends them
 */
SwValue *
sw_execution_describe (SwExecution *self)
{
  SwValue *object;

  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);

  object = sw_value_new_object ();
  sw_value_object_set (object, "executionArn",
                       sw_value_new_string_take (sw_execution_dup_arn (self)));
  sw_value_object_set (object, "stateMachineArn",
                       sw_value_new_string_take (sw_execution_dup_state_machine_arn (self)));
  sw_value_object_set (object, "name", sw_value_new_string (self->name));
  sw_value_object_set (object, "status",
                       sw_value_new_string (sw_execution_status_to_string (self->status)));
  if (self->start_ms != 0)
    sw_value_object_set (object, "startDate", sw_value_new_double (self->start_ms / 1000.0));
  if (self->stop_ms != 0)
    sw_value_object_set (object, "stopDate", sw_value_new_double (self->stop_ms / 1000.0));
  sw_value_object_set (object, "input", _sw_payload_string (self->input));
  if (self->output != NULL)
    sw_value_object_set (object, "output", _sw_payload_string (self->output));
  if (self->error != NULL)
    sw_value_object_set (object, "error", sw_value_new_string (self->error));
  if (self->cause != NULL)
    sw_value_object_set (object, "cause", sw_value_new_string (self->cause));
  return object;
}

/**
 * sw_execution_history_to_value:
 *
 * Returns: (transfer full): the recorded events as `GetExecutionHistory` returns them,
 *   `{"events": […]}`
 */
SwValue *
sw_execution_history_to_value (SwExecution *self)
{
  SwValue *object, *events;

  g_return_val_if_fail (SW_IS_EXECUTION (self), NULL);

  object = sw_value_new_object ();
  events = sw_value_new_array ();
  for (guint i = 0; i < self->history->len; i++)
    sw_value_array_append (events, sw_history_event_to_value (g_ptr_array_index (self->history,
                                                                                 i)));
  sw_value_object_set (object, "events", events);
  return object;
}

/* Internals shared with the other files */

gboolean
_sw_execution_want_events (SwExecution *self)
{
  return self->want_events;
}

gboolean
_sw_execution_is_finished (SwExecution *self)
{
  return self->finished;
}

SwClock *
_sw_execution_clock (SwExecution *self)
{
  return self->clock;
}

GMainContext *
_sw_execution_context (SwExecution *self)
{
  return self->context;
}

SwTaskRegistry *
_sw_execution_registry (SwExecution *self)
{
  return self->registry;
}

const char *
_sw_execution_local_root (SwExecution *self)
{
  return self->local_root;
}

SwMockConfig *
_sw_execution_mock (SwExecution  *self,
                    const char  **machine,
                    const char  **test_case)
{
  *machine = self->mock_machine;
  *test_case = self->mock_test_case;
  return self->mock;
}

guint
_sw_execution_next_mock_invocation (SwExecution *self,
                                    const char  *state)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->mock_counts, state));

  g_hash_table_replace (self->mock_counts, g_strdup (state), GUINT_TO_POINTER (n + 1));
  return n;
}

void
_sw_execution_external (SwExecution *self,
                        gint         delta)
{
  self->n_external += delta;
  g_assert (self->n_external >= 0);
}

void
_sw_execution_ready (SwExecution *self,
                     SwLane      *lane)
{
  if (lane->queued)
    return;
  lane->queued = TRUE;
  g_queue_push_tail (&self->ready, lane);
}

static gint
timer_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const SwTimer *x = a, *y = b;

  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

SwTimer *
_sw_execution_add_timer (SwExecution *self,
                         SwLane      *lane,
                         SwTimerKind  kind,
                         gint64       delay_ms)
{
  SwTimer *timer = g_new0 (SwTimer, 1);

  timer->due = sw_clock_get_monotonic_ms (self->clock) + MAX (delay_ms, 0);
  timer->seq = self->timer_seq++;
  timer->kind = kind;
  timer->lane = lane;
  timer->iter = g_sequence_insert_sorted (self->timers, timer, timer_compare, NULL);
  return timer;
}

void
_sw_execution_remove_timer (SwExecution *self,
                            SwTimer     *timer)
{
  if (timer == NULL)
    return;
  g_sequence_remove (timer->iter);
  g_free (timer);
}

const char *
_sw_execution_arn (SwExecution *self)
{
  SwValue *id = sw_value_object_get (self->ctx_execution, "Id");

  return sw_value_get_string (id);
}

/* Events */

static void
deliver (SwExecution    *self,
         SwHistoryEvent *event);

static void
finish (SwExecution       *self,
        SwLane            *lane,
        SwExecutionStatus  status,
        SwValue           *output,
        const char        *error,
        const char        *cause);

static gboolean
is_terminal (SwHistoryEventType type)
{
  return type == SW_HISTORY_EVENT_EXECUTION_SUCCEEDED ||
         type == SW_HISTORY_EVENT_EXECUTION_FAILED ||
         type == SW_HISTORY_EVENT_EXECUTION_ABORTED ||
         type == SW_HISTORY_EVENT_EXECUTION_TIMED_OUT;
}

static SwValue *
error_details (const char *error,
               const char *cause)
{
  SwValue *details = sw_value_new_object ();

  if (error != NULL)
    sw_value_object_set (details, "error", sw_value_new_string (error));
  if (cause != NULL)
    sw_value_object_set (details, "cause", sw_value_new_string (cause));
  return details;
}

/* Adds an event to the history. @details (transfer full, nullable) is built by callers only
 * when _sw_execution_want_events() says someone listens. Returns the event's id. */
gint64
_sw_execution_emit (SwExecution        *self,
                    SwLane             *lane,
                    SwHistoryEventType  type,
                    SwValue            *details)
{
  g_autoptr(SwValue) owned = details;
  gint64 id, previous;

  if (self->finished || (lane != NULL && lane->silent))
    return 0;

  id = ++self->n_events;
  previous = lane != NULL ? lane->last_event : (type == SW_HISTORY_EVENT_EXECUTION_STARTED
                                                  ? 0 : id - 1);
  if (lane != NULL)
    lane->last_event = id;

  /* The service's quota: event 25,000 ends the execution unless it already does. */
  if (self->history_limit != 0 && id >= self->history_limit && !is_terminal (type))
    {
      g_autofree char *cause =
        g_strdup_printf ("The execution reached the maximum number of history events (%u).",
                         self->history_limit);

      self->n_events--;
      if (lane != NULL)
        lane->last_event = previous;
      finish (self, lane, SW_EXECUTION_STATUS_FAILED, NULL, "States.Runtime", cause);
      return 0;
    }

  if (self->want_events)
    {
      SwHistoryEvent *event = sw_history_event_new (type, id, previous,
                                                    sw_clock_get_now_ms (self->clock),
                                                    g_steal_pointer (&owned));
      deliver (self, event);
      sw_history_event_unref (event);
    }
  return id;
}

static gboolean
deliver_idle (gpointer data)
{
  SwExecution *self = data;
  g_autoptr(GTask) task = NULL;
  GQueue queue = G_QUEUE_INIT;
  SwHistoryEvent *event;

  g_mutex_lock (&self->lock);
  self->delivery_scheduled = FALSE;
  queue = self->deliveries;
  g_queue_init (&self->deliveries);
  g_mutex_unlock (&self->lock);

  while ((event = g_queue_pop_head (&queue)) != NULL)
    {
      if (event == DONE_MARKER)
        {
          task = g_steal_pointer (&self->task);
          continue;
        }
      g_signal_emit (self, signals[EVENT], 0, event);
      sw_history_event_unref (event);
    }

  if (task != NULL)
    {
      if (self->cancellable != NULL)
        {
          g_cancellable_disconnect (self->cancellable, self->cancel_handler);
          g_clear_object (&self->cancellable);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      if (self->cancelled)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The execution was cancelled"));
      else
        g_task_return_int (task, self->status);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_delivery (SwExecution    *self,
                SwHistoryEvent *event)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->deliveries, event);
  if (!self->delivery_scheduled)
    {
      GSource *source = g_idle_source_new ();

      self->delivery_scheduled = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_idle, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->caller_context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->lock);
}

static void
deliver (SwExecution    *self,
         SwHistoryEvent *event)
{
  if (self->record_history)
    g_ptr_array_add (self->history, sw_history_event_ref (event));
  if (self->emit_directly)
    g_signal_emit (self, signals[EVENT], 0, event);
  else if (self->task != NULL)
    queue_delivery (self, sw_history_event_ref (event));
}

/* Lanes */

static SwScope *
scope_new (SwScope *parent)
{
  SwScope *scope = g_new0 (SwScope, 1);

  scope->parent = parent;
  scope->variables = sw_value_new_object ();
  return scope;
}

static void
scope_free (SwScope *scope)
{
  sw_value_unref (scope->variables);
  g_free (scope);
}

SwLane *
_sw_lane_new (SwExecution   *exec,
              SwFork        *fork,
              guint          index,
              SwPlanMachine *machine,
              SwValue       *input,
              SwScope       *parent_scope,
              gint64         last_event)
{
  SwLane *lane = g_new0 (SwLane, 1);

  lane->exec = exec;
  lane->fork = fork;
  lane->index = index;
  lane->machine = machine;
  lane->state = machine->start;
  lane->step = SW_STEP_ENTER;
  lane->input = sw_value_ref (input);
  lane->scope = scope_new (parent_scope);
  lane->last_event = last_event;
  return lane;
}

static void
lane_clear_state (SwLane *lane)
{
  g_clear_pointer (&lane->effective, sw_value_unref);
  g_clear_pointer (&lane->context, sw_value_unref);
  g_clear_pointer (&lane->fork_result, sw_value_unref);
  g_clear_pointer (&lane->task_token, g_free);
  lane->choice_rule = NULL;
}

void
_sw_lane_free (SwLane *lane)
{
  if (lane == NULL)
    return;
  g_assert (lane->timer == NULL && lane->task == NULL && lane->child_fork == NULL);
  if (lane->queued)
    g_queue_remove (&lane->exec->ready, lane);
  lane_clear_state (lane);
  g_clear_pointer (&lane->input, sw_value_unref);
  g_clear_pointer (&lane->output, sw_value_unref);
  g_clear_pointer (&lane->map_item, sw_value_unref);
  g_clear_pointer (&lane->scope, scope_free);
  g_clear_pointer (&lane->bindings, _sw_lane_bindings_free);
  g_clear_pointer (&lane->fits, sw_value_unref);
  g_free (lane->retry_counts);
  g_free (lane->error);
  g_free (lane->cause);
  g_free (lane);
}

SwValue *
_sw_lane_get_variable (const char *name,
                       gpointer    data)
{
  SwLane *lane = data;

  for (SwScope *scope = lane->scope; scope != NULL; scope = scope->parent)
    {
      SwValue *value = sw_value_object_get (scope->variables, name);

      if (value != NULL)
        return value;
    }
  return NULL;
}

SwValue *
_sw_lane_get_context (gpointer data)
{
  SwLane *lane = data;
  SwExecution *exec = lane->exec;
  g_autofree char *entered = NULL;
  SwValue *context, *state;

  if (lane->context != NULL)
    return lane->context;
  if (exec->test_context != NULL && lane->fork == NULL && lane->state == lane->machine->start)
    {
      lane->context = sw_value_ref (exec->test_context);
      return lane->context;
    }

  context = sw_value_new_object ();
  sw_value_object_set (context, "Execution", sw_value_ref (exec->ctx_execution));
  state = sw_value_new_object ();
  entered = sw_execution_format_timestamp (lane->entered_ms);
  sw_value_object_set (state, "EnteredTime", sw_value_new_string (entered));
  sw_value_object_set (state, "Name", sw_value_new_string (lane->state->name));
  sw_value_object_set (state, "RetryCount", sw_value_new_int (lane->retry_total));
  sw_value_object_set (context, "State", state);
  sw_value_object_set (context, "StateMachine", sw_value_ref (exec->ctx_machine));
  if (lane->task_token != NULL)
    {
      SwValue *task = sw_value_new_object ();

      sw_value_object_set (task, "Token", sw_value_new_string (lane->task_token));
      sw_value_object_set (context, "Task", task);
    }
  if (lane->map_item != NULL)
    {
      SwValue *map = sw_value_new_object ();

      sw_value_object_set (map, "Item", sw_value_ref (lane->map_item));
      sw_value_object_set (context, "Map", map);
    }
  lane->context = context;
  return context;
}

void
_sw_lane_scope (SwLane      *lane,
                SwEvalScope *scope,
                SwValue     *input)
{
  scope->input = input;
  scope->context = lane->context;
  scope->get_context = _sw_lane_get_context;
  scope->get_variable = _sw_lane_get_variable;
  scope->user_data = lane;
}

/* Records @value (transfer full) as @key of the inspection data while the top lane is in
 * the execution's first state. */
static void
lane_inspect_take (SwLane     *lane,
                   const char *key,
                   SwValue    *value)
{
  SwExecution *exec = lane->exec;
  g_autoptr(SwValue) owned = value;

  if (!exec->inspect || exec->inspected || lane->fork != NULL || value == NULL ||
      lane->state != lane->machine->start)
    return;
  if (exec->inspection == NULL)
    exec->inspection = sw_value_new_object ();
  sw_value_object_set (exec->inspection, key, g_steal_pointer (&owned));
}

static void
lane_inspect (SwLane     *lane,
              const char *key,
              SwValue    *payload)
{
  if (lane->exec->inspect && payload != NULL)
    lane_inspect_take (lane, key, _sw_payload_string (payload));
}

static void
lane_inspect_error (SwLane     *lane,
                    const char *key,
                    guint       index,
                    double      backoff)
{
  SwValue *details;

  if (!lane->exec->inspect)
    return;
  details = sw_value_new_object ();
  sw_value_object_set (details, key, sw_value_new_int (index));
  if (backoff >= 0)
    sw_value_object_set (details, "retryBackoffIntervalSeconds",
                         sw_value_new_int ((gint64) llround (backoff)));
  lane_inspect_take (lane, "errorDetails", details);
}

static const SwHistoryEventType entered_types[] = {
  [SW_PLAN_PASS] = SW_HISTORY_EVENT_PASS_STATE_ENTERED,
  [SW_PLAN_TASK] = SW_HISTORY_EVENT_TASK_STATE_ENTERED,
  [SW_PLAN_CHOICE] = SW_HISTORY_EVENT_CHOICE_STATE_ENTERED,
  [SW_PLAN_WAIT] = SW_HISTORY_EVENT_WAIT_STATE_ENTERED,
  [SW_PLAN_SUCCEED] = SW_HISTORY_EVENT_SUCCEED_STATE_ENTERED,
  [SW_PLAN_FAIL] = SW_HISTORY_EVENT_FAIL_STATE_ENTERED,
  [SW_PLAN_PARALLEL] = SW_HISTORY_EVENT_PARALLEL_STATE_ENTERED,
  [SW_PLAN_MAP] = SW_HISTORY_EVENT_MAP_STATE_ENTERED,
};

static const SwHistoryEventType exited_types[] = {
  [SW_PLAN_PASS] = SW_HISTORY_EVENT_PASS_STATE_EXITED,
  [SW_PLAN_TASK] = SW_HISTORY_EVENT_TASK_STATE_EXITED,
  [SW_PLAN_CHOICE] = SW_HISTORY_EVENT_CHOICE_STATE_EXITED,
  [SW_PLAN_WAIT] = SW_HISTORY_EVENT_WAIT_STATE_EXITED,
  [SW_PLAN_SUCCEED] = SW_HISTORY_EVENT_SUCCEED_STATE_EXITED,
  [SW_PLAN_FAIL] = SW_HISTORY_EVENT_FAIL_STATE_ENTERED,
  [SW_PLAN_PARALLEL] = SW_HISTORY_EVENT_PARALLEL_STATE_EXITED,
  [SW_PLAN_MAP] = SW_HISTORY_EVENT_MAP_STATE_EXITED,
};

static void
lane_done (SwLane  *lane,
           SwValue *output)
{
  lane->step = SW_STEP_DONE;
  lane->output = output;
  if (lane->fork == NULL)
    finish (lane->exec, lane, SW_EXECUTION_STATUS_SUCCEEDED, sw_value_ref (output), NULL, NULL);
  else
    _sw_fork_child_done (lane);
}

static void
lane_fail (SwLane     *lane,
           const char *error,
           const char *cause)
{
  lane->step = SW_STEP_DONE;
  lane->failed = TRUE;
  g_free (lane->error);
  lane->error = g_strdup (error);
  g_free (lane->cause);
  lane->cause = g_strdup (cause);
  if (lane->fork == NULL)
    finish (lane->exec, lane, SW_EXECUTION_STATUS_FAILED, NULL, error, cause);
  else
    _sw_fork_child_done (lane);
}

void
_sw_lane_fail (SwLane     *lane,
               const char *error,
               const char *cause)
{
  lane_fail (lane, error, cause);
}

/* A failure no Retry or Catch may handle: States.Runtime, with the service's preamble. */
void
_sw_lane_runtime_error (SwLane     *lane,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *cause = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  cause = g_strdup_printf ("An error occurred while executing the state '%s' (entered at the "
                           "event id #%" G_GINT64_FORMAT "). %s", lane->state->name,
                           lane->entered_event, message);
  lane_fail (lane, "States.Runtime", cause);
}

static void
lane_enter (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;
  SwValue *details = NULL;

  lane_clear_state (lane);
  lane->entered_ms = exec->want_events || state->uses_context
                       ? sw_clock_get_now_ms (exec->clock) : 0;
  lane->retry_total = 0;
  g_free (lane->retry_counts);
  lane->retry_counts = state->retriers->len > 0 ? g_new0 (guint, state->retriers->len) : NULL;
  exec->n_transitions++;

  if (exec->want_events && !lane->silent)
    {
      details = sw_value_new_object ();
      sw_value_object_set (details, "name", sw_value_new_string (state->name));
      sw_value_object_set (details, "input", _sw_payload_string (lane->input));
      {
        SwValue *input_details = sw_value_new_object ();

        sw_value_object_set (input_details, "truncated", sw_value_new_boolean (FALSE));
        sw_value_object_set (details, "inputDetails", input_details);
      }
    }
  lane->entered_event = _sw_execution_emit (exec, lane, entered_types[state->type], details);
  lane->step = SW_STEP_EXECUTE;
  lane_inspect (lane, "input", lane->input);
}

/* InputPath, then (if @with_parameters) Parameters, into lane->effective. */
static gboolean
lane_effective_input (SwLane   *lane,
                      gboolean  with_parameters)
{
  SwPlanState *state = lane->state;
  g_autoptr(GError) error = NULL;
  SwEvalScope scope;

  g_clear_pointer (&lane->effective, sw_value_unref);
  if (state->input_discard)
    lane->effective = sw_value_new_object ();
  else if (state->input_path != NULL)
    {
      _sw_lane_scope (lane, &scope, lane->input);
      lane->effective = sw_eval_path_get (state->input_path, &scope, &error);
      if (lane->effective == NULL)
        {
          g_autofree char *input = sw_json_write (lane->input, SW_JSON_WRITE_COMPACT, NULL);

          _sw_lane_runtime_error (lane, "Invalid path '%s' : No results for path: %s in the "
                                  "input '%s'", sw_eval_path_get_text (state->input_path),
                                  sw_eval_path_get_text (state->input_path), input);
          return FALSE;
        }
    }
  else
    lane->effective = sw_value_ref (lane->input);
  lane_inspect (lane, "afterInputPath", lane->effective);

  if (with_parameters && state->parameters != NULL)
    {
      SwValue *expanded;

      _sw_lane_scope (lane, &scope, lane->effective);
      expanded = sw_payload_expand (state->parameters, &scope, &error);
      if (expanded == NULL)
        {
          if (g_error_matches (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INTRINSIC))
            _sw_lane_state_failed (lane, "States.IntrinsicFailure", error->message);
          else
            _sw_lane_runtime_error (lane, "%s", error->message);
          return FALSE;
        }
      sw_value_unref (lane->effective);
      lane->effective = expanded;
    }
  if (with_parameters)
    lane_inspect (lane, "afterParameters", lane->effective);
  return TRUE;
}

static void lane_set_variables (SwLane   *lane,
                                SwValue  *values,
                                SwValue **assigned);

/* Evaluates Assign (whose `$` is @data) into new values for the lane's scope; on success the
 * values are assigned and (when events are wanted) described in @assigned. */
static gboolean
lane_assign_eval (SwLane     *lane,
                  SwPayload  *assign,
                  SwValue    *data,
                  SwValue   **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) values = NULL;
  SwEvalScope scope;

  *out = NULL;
  if (assign == NULL)
    return TRUE;

  _sw_lane_scope (lane, &scope, data);
  values = sw_payload_expand (assign, &scope, &error);
  if (values == NULL)
    {
      if (g_error_matches (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INTRINSIC))
        _sw_lane_state_failed (lane, "States.IntrinsicFailure", error->message);
      else
        _sw_lane_runtime_error (lane, "%s", error->message);
      return FALSE;
    }
  if (!sw_value_is_object (values))
    {
      _sw_lane_runtime_error (lane, "Assign must be an object");
      return FALSE;
    }
  if (!_sw_lane_check_assign_size (lane, values, TRUE))
    return FALSE;
  *out = g_steal_pointer (&values);
  return TRUE;
}

static gboolean
lane_assign (SwLane     *lane,
             SwPayload  *assign,
             SwValue    *data,
             SwValue   **assigned)
{
  g_autoptr(SwValue) values = NULL;

  if (!lane_assign_eval (lane, assign, data, &values))
    return FALSE;
  if (values != NULL)
    lane_set_variables (lane, values, assigned);
  return TRUE;
}

/* Sets the variables of the object @values in the lane's scope, describing them in
 * @assigned when events are wanted. */
static void
lane_set_variables (SwLane   *lane,
                    SwValue  *values,
                    SwValue **assigned)
{
  for (guint i = 0; i < sw_value_object_get_size (values); i++)
    {
      const char *name = sw_value_object_get_key (values, i);
      SwValue *value = sw_value_object_get_value (values, i);

      sw_value_object_set (lane->scope->variables, name, sw_value_ref (value));
      if (assigned != NULL && lane->exec->want_events)
        {
          if (*assigned == NULL)
            *assigned = sw_value_new_object ();
          sw_value_object_set (*assigned, name, _sw_payload_string (value));
        }
    }
}

static gboolean
check_size (SwLane     *lane,
            SwValue    *value,
            const char *what)
{
  g_autofree char *cause = NULL;

  /* Values do not change: one already measured (an input passed on as the output) fits. */
  if (value == lane->fits)
    return TRUE;
  if (sw_eval_json_size (value, SW_EXECUTION_MAX_PAYLOAD) <= SW_EXECUTION_MAX_PAYLOAD)
    {
      g_clear_pointer (&lane->fits, sw_value_unref);
      lane->fits = sw_value_ref (value);
      return TRUE;
    }
  cause = g_strdup_printf ("The state/task '%s' returned a result with a size exceeding the "
                           "maximum number of bytes service limit.", what);
  _sw_lane_state_failed (lane, "States.DataLimitExceeded", cause);
  return FALSE;
}

static void
lane_exit (SwLane      *lane,
           SwValue     *output,
           SwValue     *assigned,
           SwPlanState *next)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;

  if (exec->want_events && !lane->silent)
    {
      SwValue *details = sw_value_new_object ();
      SwValue *output_details = sw_value_new_object ();

      sw_value_object_set (details, "name", sw_value_new_string (state->name));
      sw_value_object_set (details, "output", _sw_payload_string (output));
      sw_value_object_set (output_details, "truncated", sw_value_new_boolean (FALSE));
      sw_value_object_set (details, "outputDetails", output_details);
      if (assigned != NULL)
        {
          SwValue *assigned_details = sw_value_new_object ();

          sw_value_object_set (details, "assignedVariables", sw_value_ref (assigned));
          sw_value_object_set (assigned_details, "truncated", sw_value_new_boolean (FALSE));
          sw_value_object_set (details, "assignedVariablesDetails", assigned_details);
        }
      _sw_execution_emit (exec, lane, exited_types[state->type], details);
    }
  else
    _sw_execution_emit (exec, lane, exited_types[state->type], NULL);

  if (exec->inspect && sw_value_object_get_size (lane->scope->variables) > 0)
    lane_inspect (lane, "variables", lane->scope->variables);
  if (lane->fork == NULL && state == lane->machine->start)
    exec->inspected = TRUE;

  if (exec->finished)
    {
      sw_value_unref (output);
      return;
    }

  if (next == NULL)
    {
      lane_done (lane, output);
      return;
    }
  sw_value_unref (lane->input);
  lane->input = output;
  lane->state = next;
  lane->step = SW_STEP_ENTER;
}

/* The end of a JSONata state: Output and Assign are evaluated with the same bindings (the
 * variables as they were when the state was entered), then the variables are assigned.
 * @result is `$states.result` (transfer full), %NULL for states without one. */
static void
jsonata_state_succeeded (SwLane      *lane,
                         SwValue     *result,
                         SwPlanState *next)
{
  SwPlanState *state = lane->state;
  SwPlanRule *rule = lane->choice_rule;
  g_autoptr(SwValue) owned = result;
  SwLaneBound *bindings = NULL;
  g_autoptr(SwValue) output = NULL;
  g_autoptr(SwValue) assigned = NULL;
  const SwPlanTemplate *output_template = state->ja_output;
  const SwPlanTemplate *assign_template = state->ja_assign;
  const SwPlanTemplate *templates[2];
  g_autoptr(SwValue) values = NULL;

  /* The Output and Assign of the Choice rule taken replace the state's. */
  if (rule != NULL && rule->ja_output != NULL)
    output_template = rule->ja_output;
  if (rule != NULL && rule->ja_assign != NULL)
    assign_template = rule->ja_assign;
  templates[0] = output_template;
  templates[1] = assign_template;

  lane_inspect (lane, "result", owned);
  if (output_template != NULL || assign_template != NULL)
    bindings = _sw_lane_jsonata_bindings (lane, templates, G_N_ELEMENTS (templates), owned,
                                          NULL);

  if (output_template != NULL)
    {
      if (!_sw_lane_jsonata_eval (lane, output_template, bindings, TRUE, &output))
        return;
    }
  else
    output = sw_value_ref (owned != NULL ? owned : lane->input);

  if (assign_template != NULL &&
      !_sw_lane_jsonata_eval (lane, assign_template, bindings, TRUE, &values))
    return;
  if (values != NULL && !sw_value_is_object (values))
    {
      _sw_lane_jsonata_failed (lane, "The field 'Assign' must be an object.", "Assign", TRUE);
      return;
    }
  if (values != NULL && !_sw_lane_check_assign_size (lane, values, TRUE))
    return;

  if (!check_size (lane, output, state->name))
    return;

  if (values != NULL)
    lane_set_variables (lane, values, &assigned);

  lane_exit (lane, g_steal_pointer (&output), assigned,
             state->type == SW_PLAN_SUCCEED ? NULL : next);
}

/* The end of a state that produced @result (transfer full), or, with @result %NULL, of one
 * whose output is its effective input (Choice, Wait, Succeed). */
static void
lane_state_succeeded (SwLane      *lane,
                      SwValue     *result,
                      gboolean     select,
                      SwPlanState *next,
                      SwPayload   *extra_assign)
{
  SwPlanState *state = lane->state;
  g_autoptr(SwValue) owned = result;
  g_autoptr(SwValue) output = NULL;
  g_autoptr(SwValue) assigned = NULL;
  g_autoptr(GError) error = NULL;
  SwValue *assign_data;
  SwEvalScope scope;
  gboolean simple;

  if (state->jsonata)
    {
      jsonata_state_succeeded (lane, g_steal_pointer (&owned), next);
      return;
    }

  lane_inspect (lane, "result", result);
  if (result != NULL && select && state->result_selector != NULL)
    {
      SwValue *selected;

      _sw_lane_scope (lane, &scope, result);
      selected = sw_payload_expand (state->result_selector, &scope, &error);
      if (selected == NULL)
        {
          if (g_error_matches (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INTRINSIC))
            _sw_lane_state_failed (lane, "States.IntrinsicFailure", error->message);
          else
            _sw_lane_runtime_error (lane, "%s", error->message);
          return;
        }
      sw_value_unref (owned);
      owned = selected;
    }

  lane_inspect (lane, "afterResultSelector", owned);

  /* Nothing reads the result or the effective input after this point unless OutputPath or
   * Assign do: then they keep their references, otherwise the output takes them over. */
  simple = state->output_path == NULL && !state->output_discard && state->assign == NULL &&
           extra_assign == NULL;
  if (owned == NULL)
    output = simple ? g_steal_pointer (&lane->effective) : sw_value_ref (lane->effective);
  else if (state->result_discard)
    output = sw_value_ref (lane->input);
  else if (state->result_path == NULL)
    output = simple ? g_steal_pointer (&owned) : sw_value_ref (owned);
  else
    {
      output = _sw_plan_ref_path_apply (state->result_path, lane->input, owned, &error);
      if (output == NULL)
        {
          g_autofree char *input = sw_json_write (lane->input, SW_JSON_WRITE_COMPACT, NULL);
          g_autofree char *cause =
            g_strdup_printf ("Unable to apply ResultPath '%s' to input '%s'",
                             state->result_path->text, input);

          _sw_lane_state_failed (lane, "States.ResultPathMatchFailure", cause);
          return;
        }
    }

  /* (@result itself may be gone: only whether there was one counts.) */
  if (result != NULL)
    lane_inspect (lane, "afterResultPath", output);

  if (state->output_discard)
    {
      sw_value_unref (output);
      output = sw_value_new_object ();
    }
  else if (state->output_path != NULL)
    {
      SwValue *selected;

      _sw_lane_scope (lane, &scope, output);
      selected = sw_eval_path_get (state->output_path, &scope, &error);
      if (selected == NULL)
        {
          g_autofree char *text = sw_json_write (output, SW_JSON_WRITE_COMPACT, NULL);

          _sw_lane_runtime_error (lane, "Invalid path '%s' : No results for path: %s in the "
                                  "output '%s'", sw_eval_path_get_text (state->output_path),
                                  sw_eval_path_get_text (state->output_path), text);
          return;
        }
      sw_value_unref (output);
      output = selected;
    }

  if (!check_size (lane, output, state->name))
    return;

  if (!simple)
    {
      g_autoptr(SwValue) rule_values = NULL;
      g_autoptr(SwValue) state_values = NULL;

      /* Both see the variables as they were when the state was entered. */
      assign_data = owned != NULL ? owned : lane->effective;
      if (!lane_assign_eval (lane, extra_assign, lane->effective, &rule_values) ||
          !lane_assign_eval (lane, state->assign, assign_data, &state_values))
        return;
      if (rule_values != NULL)
        lane_set_variables (lane, rule_values, &assigned);
      if (state_values != NULL)
        lane_set_variables (lane, state_values, &assigned);
    }

  lane_exit (lane, g_steal_pointer (&output), assigned,
             state->type == SW_PLAN_SUCCEED ? NULL : next);
}

static gboolean
error_matches (char       **names,
               const char  *error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], error) == 0)
        return TRUE;
      if (strcmp (names[i], "States.ALL") == 0)
        return TRUE;
      /* As a wildcard it matches every error but a timeout. */
      if (strcmp (names[i], "States.TaskFailed") == 0 && strcmp (error, "States.Timeout") != 0)
        return TRUE;
    }
  return FALSE;
}

/* The current state failed with @error: retry it, catch the error, or fail the lane. */
void
_sw_lane_state_failed (SwLane     *lane,
                       const char *error,
                       const char *cause)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;

  if (exec->finished)
    return;
  /* A Fail state may name no error; what propagates from it still fails the state. */
  if (error == NULL)
    error = "";

  if (strcmp (error, "States.Runtime") != 0)
    {
      for (guint i = 0; i < state->retriers->len; i++)
        {
          SwPlanRetrier *retrier = g_ptr_array_index (state->retriers, i);
          double delay;

          if (!error_matches (retrier->errors, error))
            continue;
          /* Only the first retrier that matches counts. */
          if (lane->retry_counts[i] >= retrier->max_attempts)
            break;

          delay = retrier->interval_seconds * pow (retrier->backoff_rate, lane->retry_counts[i]);
          if (retrier->max_delay_seconds > 0)
            delay = MIN (delay, retrier->max_delay_seconds);
          if (retrier->jitter_full)
            delay = g_random_double_range (0, delay);
          if (exec->inspect && !exec->inspected && lane->fork == NULL &&
              state == lane->machine->start)
            {
              /* TestState runs a state once: a retrier that would retry makes it RETRIABLE. */
              lane_inspect_error (lane, "retryIndex", i, delay);
              lane_fail (lane, error, cause);
              return;
            }
          lane->retry_counts[i]++;
          lane->retry_total++;
          g_clear_pointer (&lane->context, sw_value_unref);
          g_debug ("Retrying state “%s” after %s in %.3f s", state->name, error, delay);

          lane->timer = _sw_execution_add_timer (exec, lane, SW_TIMER_WAKE,
                                                 (gint64) llround (delay * 1000 *
                                                                   exec->wait_scale));
          lane->wake_step = SW_STEP_EXECUTE;
          lane->step = SW_STEP_BLOCKED;
          return;
        }

      for (guint i = 0; i < state->catchers->len; i++)
        {
          SwPlanCatcher *catcher = g_ptr_array_index (state->catchers, i);
          g_autoptr(SwValue) error_output = NULL;
          g_autoptr(SwValue) assigned = NULL;
          g_autoptr(GError) local_error = NULL;
          SwValue *output;

          if (!error_matches (catcher->errors, error))
            continue;

          lane_inspect_error (lane, "catchIndex", i, -1);
          error_output = sw_value_new_object ();
          sw_value_object_set (error_output, "Error", sw_value_new_string (error));
          sw_value_object_set (error_output, "Cause", sw_value_new_string (cause ? cause : ""));

          if (state->jsonata)
            {
              /* Output and Assign read `$states.errorOutput`; no Retry or Catch handles
               * their own failure. */
              const SwPlanTemplate *templates[] = { catcher->ja_output, catcher->ja_assign };
              SwLaneBound *bindings = NULL;
              g_autoptr(SwValue) values = NULL;

              if (catcher->ja_output != NULL || catcher->ja_assign != NULL)
                bindings = _sw_lane_jsonata_bindings (lane, templates, G_N_ELEMENTS (templates),
                                                      NULL, error_output);
              if (catcher->ja_output != NULL)
                {
                  if (!_sw_lane_jsonata_eval (lane, catcher->ja_output, bindings, FALSE,
                                              &output))
                    return;
                }
              else
                output = sw_value_ref (error_output);
              if (catcher->ja_assign != NULL &&
                  !_sw_lane_jsonata_eval (lane, catcher->ja_assign, bindings, FALSE, &values))
                {
                  sw_value_unref (output);
                  return;
                }
              if (values != NULL && !sw_value_is_object (values))
                {
                  sw_value_unref (output);
                  _sw_lane_jsonata_failed (lane, "The field 'Assign' must be an object.",
                                           "Assign", FALSE);
                  return;
                }
              if (values != NULL && !_sw_lane_check_assign_size (lane, values, FALSE))
                {
                  sw_value_unref (output);
                  return;
                }
              if (values != NULL)
                lane_set_variables (lane, values, &assigned);
              lane_exit (lane, output, assigned, catcher->next);
              return;
            }

          if (catcher->result_discard)
            output = sw_value_ref (lane->input);
          else if (catcher->result_path == NULL)
            output = sw_value_ref (error_output);
          else
            {
              output = _sw_plan_ref_path_apply (catcher->result_path, lane->input, error_output,
                                                &local_error);
              if (output == NULL)
                {
                  _sw_lane_runtime_error (lane, "Unable to apply the Catcher's ResultPath '%s' "
                                          "to the state's input",
                                          catcher->result_path->text);
                  return;
                }
            }
          if (!lane_assign (lane, catcher->assign, error_output, &assigned))
            {
              sw_value_unref (output);
              return;
            }
          lane_exit (lane, output, assigned, catcher->next);
          return;
        }
    }

  lane_fail (lane, error, cause);
}

/* States */

static void
run_pass (SwLane *lane)
{
  SwPlanState *state = lane->state;

  if (!lane_effective_input (lane, TRUE))
    return;
  /* The result is the effective input unless Result says otherwise; Assign reads it. */
  lane_state_succeeded (lane, state->result != NULL ? sw_value_ref (state->result)
                              : state->assign != NULL ? sw_value_ref (lane->effective)
                              : g_steal_pointer (&lane->effective),
                        FALSE, state->next, NULL);
}

static void
run_choice (SwLane *lane)
{
  SwPlanState *state = lane->state;
  SwPlanState *next = NULL;
  SwPlanRule *chosen = NULL;
  SwEvalScope scope;

  if (!lane_effective_input (lane, FALSE))
    return;

  _sw_lane_scope (lane, &scope, lane->effective);
  for (guint i = 0; i < state->choices->len; i++)
    {
      SwPlanRule *rule = g_ptr_array_index (state->choices, i);
      g_autoptr(GError) error = NULL;
      gboolean matched;

      if (!_sw_plan_rule_eval (rule, &scope, &matched, &error))
        {
          _sw_lane_runtime_error (lane, "%s", error->message);
          return;
        }
      if (matched)
        {
          chosen = rule;
          next = rule->next;
          break;
        }
    }

  if (next == NULL)
    next = state->default_state;
  if (next == NULL)
    {
      _sw_lane_state_failed (lane, "States.NoChoiceMatched",
                             "No Choice Rule matched and no Default was given.");
      return;
    }

  /* A rule's Assign reads the state's input. */
  lane_state_succeeded (lane, NULL, FALSE, next, chosen != NULL ? chosen->assign : NULL);
}

static gboolean
field_value (SwLane       *lane,
             SwPlanField  *field,
             SwValue      *data,
             SwValue     **out)
{
  g_autoptr(GError) error = NULL;
  SwEvalScope scope;

  if (field->value != NULL)
    {
      *out = sw_value_ref (field->value);
      return TRUE;
    }
  _sw_lane_scope (lane, &scope, data);
  if (field->call != NULL)
    *out = sw_intrinsic_eval (field->call, &scope, &error);
  else
    *out = sw_eval_path_get (field->path, &scope, &error);
  if (*out == NULL)
    {
      if (g_error_matches (error, SW_EVAL_ERROR, SW_EVAL_ERROR_INTRINSIC))
        _sw_lane_state_failed (lane, "States.IntrinsicFailure", error->message);
      else
        _sw_lane_runtime_error (lane, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Blocks LANE for DELAY_MS of the execution's clock, scaled, then resumes its state. */
static void
wait_for (SwLane *lane,
          double  delay_ms)
{
  SwExecution *exec = lane->exec;

  lane->timer = _sw_execution_add_timer (exec, lane, SW_TIMER_WAKE,
                                         (gint64) llround (delay_ms * exec->wait_scale));
  lane->wake_step = SW_STEP_RESUME;
  lane->step = SW_STEP_BLOCKED;
}

static void
run_wait (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;
  g_autoptr(SwValue) value = NULL;
  double delay_ms;

  if (!lane_effective_input (lane, FALSE))
    return;

  if (state->seconds.set)
    {
      if (!field_value (lane, &state->seconds, lane->effective, &value))
        return;
      if (!sw_value_is_number (value) || sw_value_get_double (value) < 0 ||
          sw_value_get_double (value) != floor (sw_value_get_double (value)))
        {
          g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

          _sw_lane_runtime_error (lane, "The SecondsPath of the Wait state must point to a "
                                  "non-negative integer, but it is %s", text);
          return;
        }
      delay_ms = sw_value_get_double (value) * 1000;
    }
  else
    {
      gint64 ns;

      if (!field_value (lane, &state->timestamp, lane->effective, &value))
        return;
      if (!sw_value_is_string (value) ||
          !_sw_plan_parse_timestamp (sw_value_get_string (value), &ns))
        {
          g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

          _sw_lane_runtime_error (lane, "The TimestampPath of the Wait state must point to an "
                                  "RFC 3339 timestamp, but it is %s", text);
          return;
        }
      delay_ms = MAX (0, (double) (ns / 1000000) - (double) sw_clock_get_now_ms (exec->clock));
    }
  wait_for (lane, delay_ms);
}

static void
run_succeed (SwLane *lane)
{
  if (!lane_effective_input (lane, FALSE))
    return;
  lane_state_succeeded (lane, NULL, FALSE, NULL, NULL);
}

static void
run_fail (SwLane *lane)
{
  SwPlanState *state = lane->state;
  g_autoptr(SwValue) error = NULL;
  g_autoptr(SwValue) cause = NULL;

  if (state->error.set && !field_value (lane, &state->error, lane->input, &error))
    return;
  if (state->cause.set && !field_value (lane, &state->cause, lane->input, &cause))
    return;
  if ((error != NULL && !sw_value_is_string (error)) ||
      (cause != NULL && !sw_value_is_string (cause)))
    {
      _sw_lane_runtime_error (lane, "The Error and Cause of a Fail state must be strings");
      return;
    }
  lane_fail (lane, error ? sw_value_get_string (error) : NULL,
             cause ? sw_value_get_string (cause) : NULL);
}

/* JSONata states */

static gboolean
jsonata_string_field (SwLane      *lane,
                      SwPlanField *field,
                      const char  *name,
                      char       **out)
{
  g_autoptr(SwValue) value = NULL;

  *out = NULL;
  if (!field->set)
    return TRUE;
  if (!_sw_lane_jsonata_field (lane, field, &value))
    return FALSE;
  if (!sw_value_is_string (value))
    {
      g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
      g_autofree char *cause = g_strdup_printf ("The field '%s' must be a string, but it is "
                                                "%s.", name, text);

      _sw_lane_jsonata_failed (lane, cause, name, FALSE);
      return FALSE;
    }
  *out = g_strdup (sw_value_get_string (value));
  return TRUE;
}

static void
jsonata_choice (SwLane *lane)
{
  SwPlanState *state = lane->state;
  SwPlanState *next = NULL;

  for (guint i = 0; i < state->choices->len && next == NULL; i++)
    {
      SwPlanRule *rule = g_ptr_array_index (state->choices, i);
      g_autoptr(SwValue) matched = NULL;

      if (!_sw_lane_jsonata_eval_one (lane, rule->ja_condition, NULL, NULL, &matched))
        return;
      if (!sw_value_is_boolean (matched))
        {
          g_autofree char *text = sw_json_write (matched, SW_JSON_WRITE_COMPACT, NULL);
          g_autofree char *cause = g_strdup_printf ("The Condition of Choice rule %u must "
                                                    "evaluate to true or false, but it is %s.",
                                                    i + 1, text);

          _sw_lane_jsonata_failed (lane, cause, "Condition", TRUE);
          return;
        }
      if (sw_value_get_boolean (matched))
        {
          lane->choice_rule = rule;
          next = rule->next;
        }
    }

  if (next == NULL)
    next = state->default_state;
  if (next == NULL)
    {
      _sw_lane_state_failed (lane, "States.NoChoiceMatched",
                             "No Choice Rule matched and no Default was given.");
      return;
    }
  lane_state_succeeded (lane, NULL, FALSE, next, NULL);
}

static void
jsonata_wait (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwPlanState *state = lane->state;
  g_autoptr(SwValue) value = NULL;
  double delay_ms;

  if (state->seconds.set)
    {
      if (!_sw_lane_jsonata_field (lane, &state->seconds, &value))
        return;
      if (!sw_value_is_number (value) || sw_value_get_double (value) < 0 ||
          sw_value_get_double (value) != floor (sw_value_get_double (value)))
        {
          g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
          g_autofree char *cause = g_strdup_printf ("The field 'Seconds' must be a "
                                                    "non-negative integer, but it is %s.",
                                                    text);

          _sw_lane_jsonata_failed (lane, cause, "Seconds", TRUE);
          return;
        }
      delay_ms = sw_value_get_double (value) * 1000;
    }
  else
    {
      gint64 ns;

      if (!_sw_lane_jsonata_field (lane, &state->timestamp, &value))
        return;
      if (!sw_value_is_string (value) ||
          !_sw_plan_parse_timestamp (sw_value_get_string (value), &ns))
        {
          g_autofree char *text = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
          g_autofree char *cause = g_strdup_printf ("The field 'Timestamp' must be an RFC 3339 "
                                                    "timestamp, but it is %s.", text);

          _sw_lane_jsonata_failed (lane, cause, "Timestamp", TRUE);
          return;
        }
      delay_ms = MAX (0, (double) (ns / 1000000) - (double) sw_clock_get_now_ms (exec->clock));
    }
  wait_for (lane, delay_ms);
}

static void
jsonata_fail (SwLane *lane)
{
  SwPlanState *state = lane->state;
  g_autofree char *error = NULL;
  g_autofree char *cause = NULL;

  if (!jsonata_string_field (lane, &state->error, "Error", &error) ||
      !jsonata_string_field (lane, &state->cause, "Cause", &cause))
    return;
  lane_fail (lane, error, cause);
}

/* Arguments (by default the input) become what the task or the branches receive. */
static gboolean
jsonata_arguments (SwLane *lane)
{
  g_clear_pointer (&lane->effective, sw_value_unref);
  if (!_sw_lane_jsonata_eval_one (lane, lane->state->ja_arguments, NULL, lane->input,
                                  &lane->effective))
    return FALSE;
  lane_inspect (lane, "afterArguments", lane->effective);
  return TRUE;
}

static void
jsonata_execute (SwLane *lane)
{
  switch (lane->state->type)
    {
    case SW_PLAN_PASS:
    case SW_PLAN_SUCCEED:
      lane_state_succeeded (lane, NULL, FALSE, lane->state->next, NULL);
      break;
    case SW_PLAN_TASK:
      _sw_task_prepare (lane);
      if (jsonata_arguments (lane))
        _sw_task_start (lane);
      break;
    case SW_PLAN_CHOICE:
      jsonata_choice (lane);
      break;
    case SW_PLAN_WAIT:
      jsonata_wait (lane);
      break;
    case SW_PLAN_FAIL:
      jsonata_fail (lane);
      break;
    case SW_PLAN_PARALLEL:
      if (jsonata_arguments (lane))
        _sw_fork_start (lane);
      break;
    case SW_PLAN_MAP:
      g_clear_pointer (&lane->effective, sw_value_unref);
      lane->effective = sw_value_ref (lane->input);
      _sw_fork_start (lane);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
lane_execute (SwLane *lane)
{
  if (lane->state->jsonata)
    {
      jsonata_execute (lane);
      return;
    }
  switch (lane->state->type)
    {
    case SW_PLAN_PASS:
      run_pass (lane);
      break;
    case SW_PLAN_TASK:
      _sw_task_prepare (lane);
      if (lane_effective_input (lane, TRUE))
        _sw_task_start (lane);
      break;
    case SW_PLAN_CHOICE:
      run_choice (lane);
      break;
    case SW_PLAN_WAIT:
      run_wait (lane);
      break;
    case SW_PLAN_SUCCEED:
      run_succeed (lane);
      break;
    case SW_PLAN_FAIL:
      run_fail (lane);
      break;
    case SW_PLAN_PARALLEL:
      if (lane_effective_input (lane, TRUE))
        _sw_fork_start (lane);
      break;
    case SW_PLAN_MAP:
      if (lane_effective_input (lane, FALSE))
        _sw_fork_start (lane);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Called by sw-execution-task.c and sw-execution-fork.c with a state's raw result
 * (transfer full). */
void
_sw_lane_result (SwLane  *lane,
                 SwValue *result)
{
  if (!check_size (lane, result, lane->state->name))
    {
      sw_value_unref (result);
      return;
    }
  lane_state_succeeded (lane, result, TRUE, lane->state->next, NULL);
}

static void
lane_run (SwLane *lane)
{
  SwExecution *exec = lane->exec;

  while (!exec->finished)
    {
      switch (lane->step)
        {
        case SW_STEP_ENTER:
          lane_enter (lane);
          break;
        case SW_STEP_EXECUTE:
          lane_execute (lane);
          break;
        case SW_STEP_RESUME:
          /* The Wait is over. */
          lane_state_succeeded (lane, NULL, FALSE, lane->state->next, NULL);
          break;
        case SW_STEP_TASK_DONE:
          _sw_task_finish (lane);
          break;
        case SW_STEP_FORK_DONE:
          g_clear_pointer (&lane->child_fork, _sw_fork_free);
          if (lane->failed)
            {
              g_autofree char *error = g_steal_pointer (&lane->error);
              g_autofree char *cause = g_steal_pointer (&lane->cause);

              lane->failed = FALSE;
              _sw_lane_state_failed (lane, error, cause);
            }
          else
            _sw_lane_result (lane, g_steal_pointer (&lane->fork_result));
          break;
        case SW_STEP_NEXT:
        case SW_STEP_BLOCKED:
        case SW_STEP_DONE:
        default:
          return;
        }
    }
}

/* Ends a lane that has not finished: its pending work is cancelled and, for states that
 * take time, an Aborted event recorded. */
void
_sw_lane_abort (SwLane *lane)
{
  SwExecution *exec = lane->exec;
  SwHistoryEventType type = SW_HISTORY_EVENT_N_TYPES;

  if (lane->step == SW_STEP_DONE)
    return;

  if (lane->queued)
    {
      g_queue_remove (&exec->ready, lane);
      lane->queued = FALSE;
    }
  if (lane->timer != NULL)
    {
      _sw_execution_remove_timer (exec, lane->timer);
      lane->timer = NULL;
      if (lane->state->type == SW_PLAN_WAIT)
        type = SW_HISTORY_EVENT_WAIT_STATE_ABORTED;
    }
  if (lane->task != NULL)
    {
      _sw_task_abort (lane);
      type = SW_HISTORY_EVENT_TASK_STATE_ABORTED;
    }
  if (lane->child_fork != NULL)
    {
      SwFork *fork = g_steal_pointer (&lane->child_fork);

      if (!fork->finished)
        _sw_fork_abort (fork);
      _sw_fork_free (fork);
      type = lane->state->type == SW_PLAN_MAP ? SW_HISTORY_EVENT_MAP_STATE_ABORTED
                                              : SW_HISTORY_EVENT_PARALLEL_STATE_ABORTED;
    }
  if (type != SW_HISTORY_EVENT_N_TYPES)
    _sw_execution_emit (exec, lane, type, NULL);
  lane->step = SW_STEP_DONE;
}

/* Running */

static void
finish (SwExecution       *self,
        SwLane            *lane,
        SwExecutionStatus  status,
        SwValue           *output,
        const char        *error,
        const char        *cause)
{
  SwHistoryEventType type;
  SwValue *details = NULL;

  if (self->finished)
    {
      g_clear_pointer (&output, sw_value_unref);
      return;
    }

  switch (status)
    {
    case SW_EXECUTION_STATUS_SUCCEEDED:
      type = SW_HISTORY_EVENT_EXECUTION_SUCCEEDED;
      if (self->want_events)
        {
          SwValue *output_details = sw_value_new_object ();

          details = sw_value_new_object ();
          sw_value_object_set (details, "output", _sw_payload_string (output));
          sw_value_object_set (output_details, "truncated", sw_value_new_boolean (FALSE));
          sw_value_object_set (details, "outputDetails", output_details);
        }
      break;
    case SW_EXECUTION_STATUS_FAILED:
      type = SW_HISTORY_EVENT_EXECUTION_FAILED;
      break;
    case SW_EXECUTION_STATUS_TIMED_OUT:
      type = SW_HISTORY_EVENT_EXECUTION_TIMED_OUT;
      break;
    case SW_EXECUTION_STATUS_ABORTED:
    default:
      type = SW_HISTORY_EVENT_EXECUTION_ABORTED;
      break;
    }
  if (type != SW_HISTORY_EVENT_EXECUTION_SUCCEEDED && self->want_events)
    details = error_details (error, cause);

  _sw_execution_emit (self, lane, type, details);

  self->finished = TRUE;
  self->status = status;
  self->output = output;
  self->error = g_strdup (error);
  self->cause = g_strdup (cause);
  self->stop_ms = sw_clock_get_now_ms (self->clock);
}

static void
timer_fired (SwExecution *self,
             SwTimer     *timer)
{
  SwLane *lane = timer->lane;

  switch (timer->kind)
    {
    case SW_TIMER_WAKE:
      g_assert (lane->timer == timer);
      lane->timer = NULL;
      _sw_execution_remove_timer (self, timer);
      /* A retry runs the state again; a Wait moves on. */
      lane->step = lane->wake_step;
      _sw_execution_ready (self, lane);
      break;

    case SW_TIMER_TASK_TIMEOUT:
    case SW_TIMER_HEARTBEAT:
      _sw_task_timer_fired (lane, timer);
      break;

    case SW_TIMER_EXECUTION_TIMEOUT:
    default:
      self->execution_timer = NULL;
      _sw_execution_remove_timer (self, timer);
      _sw_lane_abort (self->root);
      finish (self, NULL, SW_EXECUTION_STATUS_TIMED_OUT, NULL, "States.Timeout",
              "The execution ran longer than the state machine's TimeoutSeconds.");
      break;
    }
}

static void
handle_stop (SwExecution *self)
{
  SwExecutionStatus status;
  g_autofree char *error = NULL;
  g_autofree char *cause = NULL;

  g_mutex_lock (&self->lock);
  status = self->stop_status;
  error = g_steal_pointer (&self->stop_error);
  cause = g_steal_pointer (&self->stop_cause);
  g_atomic_int_set (&self->stop_pending, 0);
  g_mutex_unlock (&self->lock);

  _sw_lane_abort (self->root);
  finish (self, NULL, status, NULL, error, cause);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
run_loop (SwExecution *self)
{
  while (!self->finished)
    {
      SwLane *lane;
      GSequenceIter *first;
      SwTimer *timer = NULL;
      gint64 now;

      if (g_atomic_int_get (&self->stop_pending))
        {
          handle_stop (self);
          break;
        }

      lane = g_queue_pop_head (&self->ready);
      if (lane != NULL)
        {
          lane->queued = FALSE;
          lane_run (lane);
          continue;
        }

      /* Answers that arrived go first. */
      if (g_main_context_pending (self->context))
        {
          g_main_context_iteration (self->context, FALSE);
          continue;
        }

      first = g_sequence_get_begin_iter (self->timers);
      if (!g_sequence_iter_is_end (first))
        timer = g_sequence_get (first);
      now = sw_clock_get_monotonic_ms (self->clock);

      if (timer != NULL && timer->due <= now)
        {
          timer_fired (self, timer);
          continue;
        }
      /* Simulated time runs infinitely fast: it jumps to the next timer whenever nothing
       * can run, even while handlers work, so a task that never answers times out. */
      if (timer != NULL && sw_clock_is_fake (self->clock))
        {
          sw_clock_advance (self->clock, timer->due - now);
          continue;
        }
      if (timer == NULL && self->n_external == 0)
        {
          /* Nothing can ever happen again; that would be a bug, not a hang. */
          g_critical ("The execution has nothing left to do but has not finished");
          _sw_lane_abort (self->root);
          finish (self, NULL, SW_EXECUTION_STATUS_FAILED, NULL, "States.Runtime",
                  "The local executor found the execution stuck.");
          break;
        }

      if (timer != NULL && !sw_clock_is_fake (self->clock))
        {
          GSource *source = g_timeout_source_new (MAX (1, timer->due - now));

          g_source_set_callback (source, wake_up, NULL, NULL);
          g_source_attach (source, self->context);
          g_main_context_iteration (self->context, TRUE);
          g_source_destroy (source);
          g_source_unref (source);
        }
      else
        g_main_context_iteration (self->context, TRUE);
    }
}

static void
on_cancelled (GCancellable *cancellable,
              SwExecution  *self)
{
  g_mutex_lock (&self->lock);
  self->cancelled = TRUE;
  g_mutex_unlock (&self->lock);
  sw_execution_stop (self, NULL, _("The execution was cancelled."));
}

static void
execute (SwExecution *self)
{
  g_autofree char *arn = NULL;
  g_autofree char *machine_arn = NULL;
  g_autofree char *start = NULL;
  GMainContext *context;
  gint64 redriven_id = 0;

  context = self->context;
  g_main_context_push_thread_default (context);

  self->timers = g_sequence_new (NULL);
  self->start_ms = sw_clock_get_now_ms (self->clock);
  self->status = SW_EXECUTION_STATUS_RUNNING;

  arn = sw_execution_dup_arn (self);
  machine_arn = sw_execution_dup_state_machine_arn (self);
  if (self->role_arn == NULL)
    self->role_arn = sw_arn_build ("iam", NULL, self->account, "role/StepwiseLocal");
  /* A redrive keeps the execution's first start. */
  start = sw_execution_format_timestamp (self->redrive != NULL
                                           ? _sw_redrive_get_start_ms (self->redrive)
                                           : self->start_ms);
  self->ctx_execution = sw_value_new_object ();
  sw_value_object_set (self->ctx_execution, "Id", sw_value_new_string (arn));
  sw_value_object_set (self->ctx_execution, "Input", sw_value_ref (self->input));
  sw_value_object_set (self->ctx_execution, "StartTime", sw_value_new_string (start));
  sw_value_object_set (self->ctx_execution, "Name", sw_value_new_string (self->name));
  sw_value_object_set (self->ctx_execution, "RoleArn", sw_value_new_string (self->role_arn));
  sw_value_object_set (self->ctx_execution, "RedriveCount",
                       sw_value_new_int (sw_execution_get_redrive_count (self)));
  self->ctx_machine = sw_value_new_object ();
  sw_value_object_set (self->ctx_machine, "Id", sw_value_new_string (machine_arn));
  sw_value_object_set (self->ctx_machine, "Name", sw_value_new_string (self->machine_name));

  if (self->redrive != NULL)
    {
      SwValue *details = NULL;

      if (self->want_events)
        {
          details = sw_value_new_object ();
          sw_value_object_set (details, "redriveCount",
                               sw_value_new_int (_sw_redrive_get_count (self->redrive)));
        }
      self->n_events = _sw_redrive_get_last_id (self->redrive);
      redriven_id = _sw_execution_emit (self, NULL, SW_HISTORY_EVENT_EXECUTION_REDRIVEN, details);
    }
  else
    {
      SwValue *details = NULL;

      if (self->want_events)
        {
          SwValue *input_details = sw_value_new_object ();

          details = sw_value_new_object ();
          sw_value_object_set (details, "input", _sw_payload_string (self->input));
          sw_value_object_set (input_details, "truncated", sw_value_new_boolean (FALSE));
          sw_value_object_set (details, "inputDetails", input_details);
          sw_value_object_set (details, "roleArn", sw_value_new_string (self->role_arn));
        }
      _sw_execution_emit (self, NULL, SW_HISTORY_EVENT_EXECUTION_STARTED, details);
    }

  if (self->plan->timeout_seconds > 0)
    self->execution_timer = _sw_execution_add_timer (self, NULL, SW_TIMER_EXECUTION_TIMEOUT,
                                                     (gint64) (self->plan->timeout_seconds *
                                                               1000));

  self->root = _sw_lane_new (self, NULL, 0, self->plan->root, self->input, NULL, redriven_id);
  if (self->variables != NULL)
    for (guint i = 0; i < sw_value_object_get_size (self->variables); i++)
      sw_value_object_set (self->root->scope->variables,
                           sw_value_object_get_key (self->variables, i),
                           sw_value_ref (sw_value_object_get_value (self->variables, i)));
  if (self->redrive != NULL)
    _sw_redrive_apply (self->redrive, self->root, self->mock_counts);
  _sw_execution_ready (self, self->root);
  run_loop (self);

  /* Whatever is still pending is dropped without events. */
  self->finished = TRUE;
  if (self->root->step != SW_STEP_DONE)
    {
      gboolean saved = self->want_events;

      self->want_events = FALSE;
      _sw_lane_abort (self->root);
      self->want_events = saved;
    }
  g_clear_pointer (&self->root, _sw_lane_free);
  if (self->execution_timer != NULL)
    _sw_execution_remove_timer (self, g_steal_pointer (&self->execution_timer));
  g_assert (g_sequence_is_empty (self->timers));
  g_clear_pointer (&self->timers, g_sequence_free);
  g_clear_pointer (&self->ctx_execution, sw_value_unref);
  g_clear_pointer (&self->ctx_machine, sw_value_unref);

  /* Let cancelled handlers' sources run out. */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
}

static gboolean
begin (SwExecution   *self,
       GError       **error)
{
  g_mutex_lock (&self->lock);
  if (self->started)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                   _("An execution can only run once"));
      return FALSE;
    }
  self->started = TRUE;
  g_mutex_unlock (&self->lock);

  if (self->clock == NULL)
    self->clock = sw_clock_new ();
  self->want_events = self->record_history ||
                      g_signal_has_handler_pending (self, signals[EVENT], 0, FALSE);
  return TRUE;
}

/**
 * sw_execution_run:
 * @cancellable: (nullable): cancelling it aborts the execution
 * @error: return location for an error: %SW_ENGINE_ERROR_STATE if the execution already ran,
 *   %G_IO_ERROR_CANCELLED if @cancellable was cancelled
 *
 * Runs the execution on this thread until it ends, emitting #SwExecution::event as it
 * goes. Its outcome (FAILED included) is the status, not an error.
 *
 * Returns: the final status
 */
SwExecutionStatus
sw_execution_run (SwExecution   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gulong handler = 0;

  g_return_val_if_fail (SW_IS_EXECUTION (self), SW_EXECUTION_STATUS_PENDING);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable),
                        SW_EXECUTION_STATUS_PENDING);

  if (!begin (self, error))
    return self->status;

  self->emit_directly = TRUE;
  self->context = g_main_context_new ();
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
  execute (self);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);

  if (self->cancelled)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The execution was cancelled"));
  return self->status;
}

static gpointer
thread_main (gpointer data)
{
  SwExecution *self = data;

  execute (self);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_unlock (&self->lock);
  queue_delivery (self, DONE_MARKER);
  g_object_unref (self);
  return NULL;
}

/**
 * sw_execution_run_async:
 * @cancellable: (nullable): cancelling it aborts the execution
 *
 * Runs the execution on a thread of its own. #SwExecution::event is emitted on the
 * thread-default main context of the caller, in order, and @callback is called after the
 * last event.
 */
void
sw_execution_run_async (SwExecution         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;

  g_return_if_fail (SW_IS_EXECUTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_execution_run_async);
  if (!begin (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->caller_context = g_main_context_ref_thread_default ();
  self->context = g_main_context_new ();
  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self,
                                                    NULL);
    }

  thread = g_thread_new ("sw-execution", thread_main, g_object_ref (self));
  g_thread_unref (thread);
}

/**
 * sw_execution_run_finish:
 *
 * Returns: the final status
 */
SwExecutionStatus
sw_execution_run_finish (SwExecution   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  gssize status;

  g_return_val_if_fail (SW_IS_EXECUTION (self), SW_EXECUTION_STATUS_PENDING);
  g_return_val_if_fail (g_task_is_valid (result, self), SW_EXECUTION_STATUS_PENDING);

  g_clear_pointer (&self->caller_context, g_main_context_unref);
  status = g_task_propagate_int (G_TASK (result), error);
  return status < 0 ? self->status : (SwExecutionStatus) status;
}

/**
 * sw_execution_stop:
 * @error: (nullable): the error to record, as `StopExecution` takes one
 * @cause: (nullable): its cause
 *
 * Aborts a running execution: pending tasks are cancelled, running branches and iterations
 * end, and the status becomes %SW_EXECUTION_STATUS_ABORTED. May be called from any thread;
 * does nothing once the execution has ended.
 */
void
sw_execution_stop (SwExecution *self,
                   const char  *error,
                   const char  *cause)
{
  g_return_if_fail (SW_IS_EXECUTION (self));

  g_mutex_lock (&self->lock);
  if (self->stop_status == 0)
    {
      self->stop_status = SW_EXECUTION_STATUS_ABORTED;
      self->stop_error = g_strdup (error);
      self->stop_cause = g_strdup (cause);
    }
  g_atomic_int_set (&self->stop_pending, 1);
  if (self->context != NULL)
    g_main_context_wakeup (self->context);
  g_mutex_unlock (&self->lock);
}
