/* sw-execution-redrive.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Redriving an execution, as RedriveExecution does: the history of the earlier attempts says
 * where the execution stopped; the new attempt starts at that state with the input it had,
 * the variables the successful states assigned, and the mocked responses already used,
 * while its events continue the history. Successful states are not run again. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-engine-error.h"
#include "sw-execution-private.h"
#include "sw-json.h"

struct _SwRedrive
{
  guint count;               /* this attempt's redriveCount */
  gint64 last_id;
  gint64 start_ms;           /* of the first attempt */
  SwPlanState *state;        /* where to resume; NULL: from StartAt */
  SwValue *input;            /* its input */
  SwValue *variables;        /* object: top-level variables */
  GHashTable *mock_counts;   /* state name → mocked responses already used */
  SwPlanState *fork_state;   /* the Parallel or inline Map state to resume, or NULL */
  GPtrArray *fork_results;   /* SwValue* by branch or iteration, NULL: run it again */
};

void
_sw_redrive_free (SwRedrive *redrive)
{
  if (redrive == NULL)
    return;
  g_clear_pointer (&redrive->input, sw_value_unref);
  g_clear_pointer (&redrive->variables, sw_value_unref);
  g_clear_pointer (&redrive->mock_counts, g_hash_table_unref);
  g_clear_pointer (&redrive->fork_results, g_ptr_array_unref);
  g_free (redrive);
}

static const char *
details_string (const SwHistoryEvent *event,
                const char           *key)
{
  SwValue *details = sw_history_event_get_details (event);
  SwValue *value = details != NULL ? sw_value_object_get (details, key) : NULL;

  return value != NULL && sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static SwValue *
parse_payload (const char *text)
{
  return text != NULL ? sw_json_parse (text, -1, NULL, NULL, NULL) : NULL;
}

static gboolean
type_name_ends (const SwHistoryEvent *event,
                const char           *suffix)
{
  return g_str_has_suffix (sw_history_event_get_type_name (event), suffix);
}

/* The state whose entered event @event follows, through the previousEventId chain. */
static const char *
owning_state (GHashTable           *by_id,
              const SwHistoryEvent *event)
{
  for (guint hops = 0; event != NULL && hops < 64; hops++)
    {
      if (type_name_ends (event, "StateEntered"))
        return sw_history_event_get_state_name (event);
      event = g_hash_table_lookup (by_id,
                                   GSIZE_TO_POINTER (sw_history_event_get_previous_id (event)));
    }
  return NULL;
}

/* Assigned variables arrive as JSON text per name. */
static void
merge_variables (SwValue              *variables,
                 const SwHistoryEvent *exited)
{
  SwValue *details = sw_history_event_get_details (exited);
  SwValue *assigned = details != NULL ? sw_value_object_get (details, "assignedVariables") : NULL;

  if (assigned == NULL || !sw_value_is_object (assigned))
    return;
  for (guint i = 0; i < sw_value_object_get_size (assigned); i++)
    {
      SwValue *text = sw_value_object_get_value (assigned, i);
      SwValue *value = sw_value_is_string (text) ? parse_payload (sw_value_get_string (text))
                                                 : sw_value_ref (text);

      if (value != NULL)
        sw_value_object_set (variables, sw_value_object_get_key (assigned, i), value);
    }
}

static gboolean
is_fork_start (SwHistoryEventType type)
{
  return type == SW_HISTORY_EVENT_PARALLEL_STATE_STARTED ||
         type == SW_HISTORY_EVENT_MAP_STATE_STARTED;
}

static gboolean
is_fork_end (SwHistoryEventType type)
{
  return type == SW_HISTORY_EVENT_PARALLEL_STATE_SUCCEEDED ||
         type == SW_HISTORY_EVENT_PARALLEL_STATE_FAILED ||
         type == SW_HISTORY_EVENT_PARALLEL_STATE_ABORTED ||
         type == SW_HISTORY_EVENT_MAP_STATE_SUCCEEDED ||
         type == SW_HISTORY_EVENT_MAP_STATE_FAILED ||
         type == SW_HISTORY_EVENT_MAP_STATE_ABORTED;
}

static gboolean
is_task_scheduled (SwHistoryEventType type)
{
  return type == SW_HISTORY_EVENT_TASK_SCHEDULED ||
         type == SW_HISTORY_EVENT_LAMBDA_FUNCTION_SCHEDULED ||
         type == SW_HISTORY_EVENT_ACTIVITY_SCHEDULED;
}

static guint
branch_index (SwPlanState   *parallel,
              SwPlanMachine *machine)
{
  for (guint i = 0; i < parallel->branches->len; i++)
    if (g_ptr_array_index (parallel->branches, i) == machine)
      return i;
  return G_MAXUINT;
}

/* What the branches or iterations of the fork that started at history[@start] produced
 * before the attempt ended: a branch succeeded when its last state exited, an iteration when
 * MapIterationSucceeded says so (its output is that of the event before). */
static GPtrArray *
fork_results (SwPlan     *plan,
              SwPlanState *state,
              GPtrArray  *history,
              guint       start,
              GHashTable *by_id)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_value_unref);
  guint depth = 1;

  for (guint i = start + 1; i < history->len && depth > 0; i++)
    {
      const SwHistoryEvent *event = g_ptr_array_index (history, i);
      SwHistoryEventType type = sw_history_event_get_event_type (event);
      const SwHistoryEvent *last = NULL;
      SwValue *output = NULL;
      gint64 index = -1;

      if (is_fork_start (type))
        depth++;
      else if (is_fork_end (type))
        depth--;
      else if (depth != 1)
        continue;
      else if (state->type == SW_PLAN_MAP && type == SW_HISTORY_EVENT_MAP_ITERATION_SUCCEEDED)
        {
          SwValue *details = sw_history_event_get_details (event);
          SwValue *value = details != NULL ? sw_value_object_get (details, "index") : NULL;

          last = g_hash_table_lookup (by_id,
                                      GSIZE_TO_POINTER (sw_history_event_get_previous_id (event)));
          if (value != NULL && sw_value_get_int64 (value, &index) && last != NULL &&
              type_name_ends (last, "StateExited"))
            output = parse_payload (details_string (last, "output"));
        }
      else if (state->type == SW_PLAN_PARALLEL && type_name_ends (event, "StateExited"))
        {
          SwPlanState *exited = g_hash_table_lookup (plan->all_states,
                                                     sw_history_event_get_state_name (event));

          if (exited != NULL && exited->owner->owner == state &&
              (exited->end || exited->type == SW_PLAN_SUCCEED))
            {
              index = branch_index (state, exited->owner);
              output = parse_payload (details_string (event, "output"));
            }
        }
      if (output == NULL || index < 0 || index > G_MAXINT)
        {
          g_clear_pointer (&output, sw_value_unref);
          continue;
        }
      if ((guint) index >= results->len)
        g_ptr_array_set_size (results, index + 1);
      if (g_ptr_array_index (results, index) != NULL)
        sw_value_unref (g_ptr_array_index (results, index));
      g_ptr_array_index (results, index) = output;
    }
  return results;
}

static SwPlanState *
top_level_state (SwPlan      *plan,
                 const char  *name,
                 GError     **error)
{
  SwPlanState *state = name != NULL ? g_hash_table_lookup (plan->root->by_name, name) : NULL;

  if (state == NULL)
    g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                 _("The history names a state “%s” the definition does not have at its top "
                   "level"), name != NULL ? name : "");
  return state;
}

/**
 * _sw_redrive_new:
 * @history: (element-type SwHistoryEvent): every event of the earlier attempts, by id
 *
 * Works out where a redrive of the execution whose history is @history resumes: the
 * top-level state that was running when it failed, was aborted or timed out (a Parallel or
 * Map state runs again whole), with the input recorded when it was entered.
 *
 * Returns: (transfer full) (nullable): the redrive, or %NULL with a %SW_ENGINE_ERROR_STATE
 *   error if the history does not end unsuccessfully
 */
SwRedrive *
_sw_redrive_new (SwPlan     *plan,
                 GPtrArray  *history,
                 GError    **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(SwValue) variables = sw_value_new_object ();
  g_autoptr(GHashTable) mock_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             NULL);
  const SwHistoryEvent *entered = NULL;
  const SwHistoryEvent *exited = NULL;
  guint fork_start = G_MAXUINT;       /* the top-level fork of the entered state */
  SwHistoryEventType terminal = SW_HISTORY_EVENT_N_TYPES;
  SwRedrive *redrive;
  guint depth = 0, count = 0;
  gint64 last_id = 0, start_ms = 0;

  for (guint i = 0; i < history->len; i++)
    {
      const SwHistoryEvent *event = g_ptr_array_index (history, i);
      SwHistoryEventType type = sw_history_event_get_event_type (event);

      g_hash_table_insert (by_id, GSIZE_TO_POINTER (sw_history_event_get_id (event)),
                           (gpointer) event);
      last_id = MAX (last_id, sw_history_event_get_id (event));

      if (type == SW_HISTORY_EVENT_EXECUTION_STARTED)
        start_ms = sw_history_event_get_timestamp_ms (event);
      else if (type == SW_HISTORY_EVENT_EXECUTION_REDRIVEN)
        {
          /* Forks the earlier attempt left open ended with it. */
          count++;
          depth = 0;
          terminal = SW_HISTORY_EVENT_N_TYPES;
        }
      else if (type == SW_HISTORY_EVENT_EXECUTION_SUCCEEDED ||
               type == SW_HISTORY_EVENT_EXECUTION_FAILED ||
               type == SW_HISTORY_EVENT_EXECUTION_ABORTED ||
               type == SW_HISTORY_EVENT_EXECUTION_TIMED_OUT)
        terminal = type;
      else if (is_fork_start (type))
        {
          if (depth == 0)
            fork_start = i;
          depth++;
        }
      else if (is_fork_end (type))
        depth = depth > 0 ? depth - 1 : 0;
      else if (is_task_scheduled (type))
        {
          const char *name = owning_state (by_id, event);

          if (name != NULL)
            g_hash_table_replace (mock_counts, g_strdup (name),
                                  GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                    g_hash_table_lookup (mock_counts, name)) + 1));
        }
      else if (depth == 0 && type_name_ends (event, "StateEntered"))
        {
          entered = event;
          exited = NULL;
          fork_start = G_MAXUINT;
        }
      else if (depth == 0 && type_name_ends (event, "StateExited"))
        {
          exited = event;
          merge_variables (variables, event);
        }
    }

  if (terminal != SW_HISTORY_EVENT_EXECUTION_FAILED &&
      terminal != SW_HISTORY_EVENT_EXECUTION_ABORTED &&
      terminal != SW_HISTORY_EVENT_EXECUTION_TIMED_OUT)
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                   _("Only an execution that failed, was aborted or timed out can be redriven"));
      return NULL;
    }

  redrive = g_new0 (SwRedrive, 1);
  redrive->count = count + 1;
  redrive->last_id = last_id;
  redrive->start_ms = start_ms;
  redrive->variables = g_steal_pointer (&variables);
  redrive->mock_counts = g_steal_pointer (&mock_counts);
  if (entered != NULL && exited == NULL)
    {
      /* It stopped in this state: it runs again with the input it had. */
      redrive->state = top_level_state (plan, sw_history_event_get_state_name (entered), error);
      redrive->input = parse_payload (details_string (entered, "input"));
      /* Of an inline Map or a Parallel state, only what did not succeed runs again. */
      if (redrive->state != NULL && fork_start != G_MAXUINT &&
          (redrive->state->type == SW_PLAN_PARALLEL ||
           (redrive->state->type == SW_PLAN_MAP && !redrive->state->distributed)))
        {
          redrive->fork_state = redrive->state;
          redrive->fork_results = fork_results (plan, redrive->state, history, fork_start,
                                                by_id);
        }
    }
  else if (exited != NULL)
    {
      /* It stopped between two states: the next one runs with the output of the last. */
      SwPlanState *last = top_level_state (plan, sw_history_event_get_state_name (exited),
                                           error);

      if (last != NULL && last->next == NULL)
        g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                     _("The execution stopped after the state “%s”, whose next state is not "
                       "known"), last->name);
      else if (last != NULL)
        {
          redrive->state = last->next;
          redrive->input = parse_payload (details_string (exited, "output"));
        }
    }
  /* Otherwise it stopped before its first state: it starts from StartAt with its input. */

  if ((entered != NULL || exited != NULL) && (redrive->state == NULL || redrive->input == NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_STATE,
                     _("The history does not record the input of the state to redrive"));
      _sw_redrive_free (redrive);
      return NULL;
    }
  return redrive;
}

guint
_sw_redrive_get_count (SwRedrive *redrive)
{
  return redrive->count;
}

gint64
_sw_redrive_get_last_id (SwRedrive *redrive)
{
  return redrive->last_id;
}

gint64
_sw_redrive_get_start_ms (SwRedrive *redrive)
{
  return redrive->start_ms;
}

/* The output a branch or iteration of @state produced in an earlier attempt, for the
 * first time the top lane runs @state; (transfer full) or %NULL to run it again. */
SwValue *
_sw_redrive_take_result (SwRedrive   *redrive,
                         SwPlanState *state,
                         guint        index)
{
  if (state != redrive->fork_state || redrive->fork_results == NULL ||
      index >= redrive->fork_results->len)
    return NULL;
  return g_steal_pointer (&g_ptr_array_index (redrive->fork_results, index));
}

/* Points the top lane at the state to run again, with its input and the variables assigned
 * before; seeds the mocked responses already used, so a mock that failed once answers its
 * next response. */
void
_sw_redrive_apply (SwRedrive  *redrive,
                   SwLane     *root,
                   GHashTable *mock_counts)
{
  GHashTableIter iter;
  gpointer key, value;

  if (redrive->state != NULL)
    {
      root->state = redrive->state;
      sw_value_unref (root->input);
      root->input = sw_value_ref (redrive->input);
    }
  for (guint i = 0; i < sw_value_object_get_size (redrive->variables); i++)
    sw_value_object_set (root->scope->variables, sw_value_object_get_key (redrive->variables, i),
                         sw_value_ref (sw_value_object_get_value (redrive->variables, i)));
  g_hash_table_iter_init (&iter, redrive->mock_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (mock_counts, g_strdup (key), value);
}
