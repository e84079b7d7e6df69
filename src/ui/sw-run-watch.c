/* sw-run-watch.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Polling: DescribeExecution, then GetExecutionHistory: the first time the whole history,
 * oldest first, page after page; afterwards newest first (reverseOrder) until an event
 * already known, so a poll of a long run costs one small page. Then wait the interval
 * while the run goes on. Each event is attributed to a state and a Map
 * iteration through its previousEventId chain, which also keeps parallel branches
 * apart. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-painter.h"
#include "sw-run-event.h"
#include "sw-run-util.h"
#include "sw-run-watch.h"

#define MAX_RESULTS 1000
#define LIVE_RESULTS 100

struct _SwRunWatch
{
  GObject parent_instance;

  SwSfnClient *client;
  char *arn;
  GListStore *events;
  GCancellable *cancellable;
  guint timeout_id;
  guint interval_ms;
  gboolean busy;
  gboolean local;
  gboolean finished;
  gboolean started;
  JsonObject *description;
  char *status;
  char *page_token;
  JsonArray *newest;   /* a live poll's events, newest first */
  gint64 last_id;
  double start_time;
  guint n_requests;

  /* event id → interned state name; event id → iteration context + 2 */
  GHashTable *state_of;
  GHashTable *context_of;
  GHashTable *entered_context;
  GHashTable *container_of;  /* event id → interned Parallel/Map state the event is inside */
  GHashTable *outer_of;      /* state name → its enclosing Parallel/Map state (static) */
  GHashTable *status_table;
  GHashTable *had_error;
  GHashTable *active;      /* state name → visits in progress (Map iterations run together) */

  GError *error;
  char *lost_reason;
};

G_DEFINE_FINAL_TYPE (SwRunWatch, sw_run_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_UPDATED,
  SIGNAL_STATUS_CHANGED,
  SIGNAL_FINISHED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void poll_now (SwRunWatch *self);

static void
sw_run_watch_dispose (GObject *object)
{
  SwRunWatch *self = SW_RUN_WATCH (object);

  sw_run_watch_cancel (self);
  g_clear_object (&self->client);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (sw_run_watch_parent_class)->dispose (object);
}

static void
sw_run_watch_finalize (GObject *object)
{
  SwRunWatch *self = SW_RUN_WATCH (object);

  g_free (self->arn);
  g_clear_pointer (&self->description, json_object_unref);
  g_free (self->status);
  g_free (self->page_token);
  g_clear_pointer (&self->newest, json_array_unref);
  g_hash_table_unref (self->state_of);
  g_hash_table_unref (self->context_of);
  g_hash_table_unref (self->entered_context);
  g_hash_table_unref (self->container_of);
  g_hash_table_unref (self->outer_of);
  g_hash_table_unref (self->status_table);
  g_hash_table_unref (self->had_error);
  g_hash_table_unref (self->active);
  g_clear_error (&self->error);
  g_free (self->lost_reason);

  G_OBJECT_CLASS (sw_run_watch_parent_class)->finalize (object);
}

static void
sw_run_watch_class_init (SwRunWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_run_watch_dispose;
  object_class->finalize = sw_run_watch_finalize;

  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_HASH_TABLE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sw_run_watch_init (SwRunWatch *self)
{
  self->events = g_list_store_new (SW_TYPE_RUN_EVENT);
  self->interval_ms = SW_RUN_WATCH_DEFAULT_INTERVAL_MS;
  self->status = g_strdup ("RUNNING");
  self->state_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->context_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->entered_context = g_hash_table_new (g_str_hash, g_str_equal);
  self->container_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->outer_of = g_hash_table_new (g_str_hash, g_str_equal);
  self->status_table = g_hash_table_new (g_str_hash, g_str_equal);
  self->had_error = g_hash_table_new (g_str_hash, g_str_equal);
  self->active = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * sw_run_watch_new:
 * @client: (nullable): the client, %NULL for a history fed by hand
 * @execution_arn: the execution
 *
 * Returns: (transfer full): a watch; sw_run_watch_start() begins polling
 */
SwRunWatch *
sw_run_watch_new (SwSfnClient *client,
                  const char  *execution_arn)
{
  SwRunWatch *self;

  g_return_val_if_fail (client == NULL || SW_IS_SFN_CLIENT (client), NULL);
  g_return_val_if_fail (execution_arn != NULL, NULL);

  self = g_object_new (SW_TYPE_RUN_WATCH, NULL);
  self->client = client != NULL ? g_object_ref (client) : NULL;
  self->arn = g_strdup (execution_arn);
  return self;
}

void
sw_run_watch_set_local (SwRunWatch *self,
                        gboolean    local)
{
  g_return_if_fail (SW_IS_RUN_WATCH (self));
  self->local = !!local;
}

void
sw_run_watch_set_interval (SwRunWatch *self,
                           guint       milliseconds)
{
  g_return_if_fail (SW_IS_RUN_WATCH (self));
  self->interval_ms = MAX (milliseconds, 10);
}

static gboolean
is_terminal (const char *status)
{
  return status != NULL && strcmp (status, "RUNNING") != 0;
}

/* State attribution and statuses. */

static void
set_status (SwRunWatch  *self,
            const char  *state,
            SwRunStatus  status)
{
  g_hash_table_insert (self->status_table, (gpointer) state, GINT_TO_POINTER (status));
}

static void
settle_open_states (SwRunWatch  *self,
                    SwRunStatus  with_error,
                    SwRunStatus  without_error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->status_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) == SW_RUN_STATUS_IN_PROGRESS)
      g_hash_table_iter_replace (&iter,
                                 GINT_TO_POINTER (g_hash_table_contains (self->had_error, key) ?
                                                  with_error : without_error));
}

static int
context_lookup (SwRunWatch *self,
                gint64      id)
{
  gpointer value = g_hash_table_lookup (self->context_of, &id);

  return value != NULL ? GPOINTER_TO_INT (value) - 2 : -1;
}

static void
context_store (SwRunWatch *self,
               gint64      id,
               int         context)
{
  gint64 *key = g_new (gint64, 1);

  *key = id;
  g_hash_table_insert (self->context_of, key, GINT_TO_POINTER (context + 2));
}

static gboolean
is_container_end (const char *type)
{
  return (g_str_has_prefix (type, "ParallelState") || g_str_has_prefix (type, "MapState")) &&
         (g_str_has_suffix (type, "Succeeded") || g_str_has_suffix (type, "Failed") ||
          g_str_has_suffix (type, "Aborted"));
}

/* Which Parallel or Map an event is inside: the events of a branch or iteration chain back
 * to the container's ParallelStateStarted/MapStateStarted; a container's own events sit
 * where the container does. */
static void
container_store (SwRunWatch *self,
                 gint64      id,
                 gint64      previous,
                 const char *type,
                 const char *state)
{
  const char *container = g_hash_table_lookup (self->container_of, &previous);
  gint64 *key;

  if (state != NULL && g_str_has_suffix (type, "StateEntered"))
    {
      if (container != NULL)
        g_hash_table_insert (self->outer_of, (gpointer) state, (gpointer) container);
    }
  else if (state != NULL && (strcmp (type, "ParallelStateStarted") == 0 ||
                             strcmp (type, "MapStateStarted") == 0 ||
                             g_str_has_prefix (type, "MapIteration")))
    container = state;
  else if (state != NULL && (is_container_end (type) || g_str_has_suffix (type, "StateExited")))
    container = g_hash_table_lookup (self->outer_of, state);
  if (container == NULL)
    return;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_insert (self->container_of, key, (gpointer) container);
}

static SwRunEvent *
add_event (SwRunWatch *self,
           JsonObject *json)
{
  const char *type = sw_run_json_get_string (json, "type");
  gint64 id = json_object_get_int_member_with_default (json, "id", 0);
  gint64 previous = json_object_get_int_member_with_default (json, "previousEventId", 0);
  const char *state = NULL;
  JsonObject *details = NULL;
  SwRunEvent *event;
  double timestamp = sw_run_json_get_time (json, "timestamp");
  int context = context_lookup (self, previous);
  int own = context;
  const char *name;

  if (type == NULL)
    type = "";
  if (self->start_time == 0 || strcmp (type, "ExecutionStarted") == 0)
    self->start_time = timestamp;

  details = sw_run_event_find_details (json);
  name = sw_run_json_get_string (details, "name");

  if (g_str_has_prefix (type, "Execution"))
    state = NULL;
  else if (name != NULL && (g_str_has_suffix (type, "StateEntered") ||
                            g_str_has_suffix (type, "StateExited") ||
                            g_str_has_prefix (type, "MapIteration")))
    state = g_intern_string (name);
  else if (is_container_end (type) &&
           g_hash_table_lookup (self->container_of, &previous) != NULL)
    /* ParallelStateSucceeded/Failed follow a branch's last event: they belong to the
     * Parallel the branch is in, not to that event's state. */
    state = g_hash_table_lookup (self->container_of, &previous);
  else
    state = g_hash_table_lookup (self->state_of, &previous);
  container_store (self, id, previous, type, state);

  if (g_str_has_prefix (type, "MapIteration"))
    {
      own = (int) json_object_get_int_member_with_default (details, "index", 0);
      context = strcmp (type, "MapIterationStarted") == 0 ? own :
        GPOINTER_TO_INT (g_hash_table_lookup (self->entered_context, state)) - 2;
    }
  else if (g_str_has_suffix (type, "StateEntered") && state != NULL)
    g_hash_table_insert (self->entered_context, (gpointer) state,
                         GINT_TO_POINTER (context + 2));

  event = sw_run_event_new (json, state, own, timestamp - self->start_time);

  if (state != NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      g_hash_table_insert (self->state_of, key, (gpointer) state);
    }
  context_store (self, id, context);

  /* Statuses. */
  if (state != NULL && g_str_has_suffix (type, "StateEntered"))
    {
      int active = GPOINTER_TO_INT (g_hash_table_lookup (self->active, state));

      g_hash_table_insert (self->active, (gpointer) state, GINT_TO_POINTER (active + 1));
      g_hash_table_remove (self->had_error, state);
      set_status (self, state, strcmp (type, "FailStateEntered") == 0 ? SW_RUN_STATUS_FAILED
                                                                    : SW_RUN_STATUS_IN_PROGRESS);
    }
  else if (state != NULL && g_str_has_suffix (type, "StateExited"))
    {
      int active = MAX (0, GPOINTER_TO_INT (g_hash_table_lookup (self->active, state)) - 1);

      g_hash_table_insert (self->active, (gpointer) state, GINT_TO_POINTER (active));
      set_status (self, state, active > 0 ? SW_RUN_STATUS_IN_PROGRESS :
                  g_hash_table_contains (self->had_error, state) ? SW_RUN_STATUS_CAUGHT
                                                                 : SW_RUN_STATUS_SUCCEEDED);
    }
  else if (state != NULL && !g_str_has_prefix (type, "MapIteration") &&
           (g_str_has_suffix (type, "Failed") || g_str_has_suffix (type, "TimedOut")))
    g_hash_table_add (self->had_error, (gpointer) state);
  else if (state != NULL && (g_str_has_suffix (type, "Scheduled") ||
                             g_str_has_suffix (type, "Started")) &&
           !g_str_has_prefix (type, "Map") && !g_str_has_prefix (type, "Parallel"))
    g_hash_table_remove (self->had_error, state);
  else if (strcmp (type, "ExecutionFailed") == 0)
    settle_open_states (self, SW_RUN_STATUS_FAILED, SW_RUN_STATUS_CANCELLED);
  else if (strcmp (type, "ExecutionTimedOut") == 0)
    settle_open_states (self, SW_RUN_STATUS_FAILED, SW_RUN_STATUS_FAILED);
  else if (strcmp (type, "ExecutionAborted") == 0)
    settle_open_states (self, SW_RUN_STATUS_CANCELLED, SW_RUN_STATUS_CANCELLED);

  self->last_id = MAX (self->last_id, id);
  return event;
}

/**
 * sw_run_watch_append_events:
 * @events: history events (objects), in id order; known ids are skipped
 */
void
sw_run_watch_append_events (SwRunWatch *self,
                            JsonArray  *events)
{
  g_autoptr(GPtrArray) added = NULL;
  guint n;

  g_return_if_fail (SW_IS_RUN_WATCH (self));
  g_return_if_fail (events != NULL);

  n = json_array_get_length (events);
  added = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *json;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      json = json_node_get_object (node);
      if (json_object_get_int_member_with_default (json, "id", 0) <= self->last_id)
        continue;
      g_ptr_array_add (added, add_event (self, json));
    }
  if (added->len == 0)
    return;
  g_list_store_splice (self->events, g_list_model_get_n_items (G_LIST_MODEL (self->events)),
                       0, added->pdata, added->len);
  g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0, self->status_table);
}

void
sw_run_watch_set_description (SwRunWatch *self,
                              JsonObject *description)
{
  const char *status;

  g_return_if_fail (SW_IS_RUN_WATCH (self));
  g_return_if_fail (description != NULL);

  g_clear_pointer (&self->description, json_object_unref);
  self->description = json_object_ref (description);
  status = sw_run_json_get_string (description, "status");
  if (status != NULL && g_strcmp0 (self->status, SW_RUN_STATUS_LOST_NAME) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
    }
}

/* Finishing and failures. */

static void
finish (SwRunWatch *self)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (g_strcmp0 (self->status, SW_RUN_STATUS_LOST_NAME) == 0)
    settle_open_states (self, SW_RUN_STATUS_CANCELLED, SW_RUN_STATUS_CANCELLED);
  g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0, self->status_table);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
fail_with (SwRunWatch *self,
           GError     *error)
{
  /* A cancelled request belongs to a poll given up on: the current one owns the state. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  self->busy = FALSE;
  g_clear_error (&self->error);
  self->error = error;

  if (sw_run_error_is_gone (error) || (self->local && sw_run_error_is_unreachable (error)))
    {
      g_autofree char *words = sw_run_format_error (error);

      g_free (self->status);
      self->status = g_strdup (SW_RUN_STATUS_LOST_NAME);
      g_free (self->lost_reason);
      self->lost_reason = sw_run_error_is_gone (error) ?
        g_strdup_printf (_("The run no longer exists on the endpoint (%s)."), words) :
        g_strdup_printf (_("The local endpoint is gone; the run was lost (%s)."), words);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
      finish (self);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  SwRunWatch *self = user_data;

  self->timeout_id = 0;
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (SwRunWatch *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->interval_ms, poll_timeout_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timeout_id),
                            "[stepwise] run poll");
}

static void fetch_history (SwRunWatch *self);

static void
history_done (SwRunWatch *self)
{
  self->busy = FALSE;
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  if (is_terminal (self->status))
    finish (self);
  else
    schedule (self);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SwRunWatch) self = user_data;
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;
  JsonNode *events;
  JsonArray *array = NULL;
  const char *token;
  gboolean reached_known = FALSE;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_clear_pointer (&self->newest, json_array_unref);
      fail_with (self, error);
      return;
    }
  events = json_object_get_member (output, "events");
  if (events != NULL && JSON_NODE_HOLDS_ARRAY (events))
    array = json_node_get_array (events);
  token = sw_run_json_get_string (output, "nextToken");

  if (self->newest == NULL)
    {
      /* The first load: oldest first, page after page. */
      if (array != NULL)
        sw_run_watch_append_events (self, array);
      if (token != NULL && *token != '\0')
        {
          g_free (self->page_token);
          self->page_token = g_strdup (token);
          fetch_history (self);
          return;
        }
      history_done (self);
      return;
    }

  /* Live polls: newest first, until an event already known. */
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (json_object_get_int_member_with_default (json_node_get_object (node), "id", 0) <=
          self->last_id)
        {
          reached_known = TRUE;
          break;
        }
      json_array_add_element (self->newest, json_node_copy (node));
    }
  if (!reached_known && token != NULL && *token != '\0')
    {
      g_free (self->page_token);
      self->page_token = g_strdup (token);
      fetch_history (self);
      return;
    }
  {
    g_autoptr(JsonArray) newest = g_steal_pointer (&self->newest);
    g_autoptr(JsonArray) ordered = json_array_sized_new (json_array_get_length (newest));

    for (guint i = json_array_get_length (newest); i > 0; i--)
      json_array_add_element (ordered, json_node_copy (json_array_get_element (newest, i - 1)));
    sw_run_watch_append_events (self, ordered);
  }
  history_done (self);
}

static void
fetch_history (SwRunWatch *self)
{
  g_autoptr(JsonObject) input = json_object_new ();

  json_object_set_string_member (input, "executionArn", self->arn);
  if (self->newest != NULL)
    {
      json_object_set_boolean_member (input, "reverseOrder", TRUE);
      json_object_set_int_member (input, "maxResults", LIVE_RESULTS);
    }
  else
    json_object_set_int_member (input, "maxResults", MAX_RESULTS);
  if (self->page_token != NULL)
    json_object_set_string_member (input, "nextToken", self->page_token);
  self->n_requests++;
  sw_sfn_client_call_async (self->client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY, input,
                            self->cancellable, history_cb, g_object_ref (self));
}

/* Starts a history fetch: the whole history the first time, then only what is new. */
static void
fetch_new_events (SwRunWatch *self)
{
  g_clear_pointer (&self->page_token, g_free);
  g_clear_pointer (&self->newest, json_array_unref);
  if (self->last_id > 0)
    self->newest = json_array_new ();
  fetch_history (self);
}

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SwRunWatch) self = user_data;
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      fail_with (self, error);
      return;
    }
  sw_run_watch_set_description (self, output);
  fetch_new_events (self);
}

static void
poll_now (SwRunWatch *self)
{
  g_autoptr(JsonObject) input = NULL;

  if (self->busy || self->finished || self->client == NULL)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  input = json_object_new ();
  json_object_set_string_member (input, "executionArn", self->arn);
  self->n_requests++;
  sw_sfn_client_call_async (self->client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, input,
                            self->cancellable, describe_cb, g_object_ref (self));
}

void
sw_run_watch_start (SwRunWatch *self)
{
  g_return_if_fail (SW_IS_RUN_WATCH (self));

  self->started = TRUE;
  poll_now (self);
}

/**
 * sw_run_watch_cancel:
 *
 * Stops polling; requests in flight are cancelled. The run itself goes on.
 */
void
sw_run_watch_cancel (SwRunWatch *self)
{
  g_return_if_fail (SW_IS_RUN_WATCH (self));

  sw_run_poll_stop (&self->timeout_id, &self->cancellable);
  self->busy = FALSE;
}

void
sw_run_watch_retry (SwRunWatch *self)
{
  g_return_if_fail (SW_IS_RUN_WATCH (self));

  g_clear_error (&self->error);
  poll_now (self);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SwRunWatch) self = user_data;
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&self->error);
          self->error = error;
          g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
        }
      else
        g_error_free (error);
      return;
    }
  poll_now (self);
}

/**
 * sw_run_watch_stop_execution:
 * @error: (nullable): the error code recorded with the stop
 * @cause: (nullable): its cause
 *
 * Sends StopExecution; the watch then sees the run end as ABORTED.
 */
void
sw_run_watch_stop_execution (SwRunWatch *self,
                             const char *error,
                             const char *cause)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (SW_IS_RUN_WATCH (self));
  g_return_if_fail (self->client != NULL);

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  input = json_object_new ();
  json_object_set_string_member (input, "executionArn", self->arn);
  if (error != NULL)
    json_object_set_string_member (input, "error", error);
  if (cause != NULL)
    json_object_set_string_member (input, "cause", cause);
  self->n_requests++;
  sw_sfn_client_call_async (self->client, SW_SFN_OPERATION_STOP_EXECUTION, input,
                            self->cancellable, stopped_cb, g_object_ref (self));
}

/**
 * sw_run_watch_get_client:
 *
 * Returns: (transfer none) (nullable): the client
 */
SwSfnClient *
sw_run_watch_get_client (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->client;
}

const char *
sw_run_watch_get_arn (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->arn;
}

/**
 * sw_run_watch_get_events:
 *
 * Returns: (transfer none): the #SwRunEvent list
 */
GListModel *
sw_run_watch_get_events (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return G_LIST_MODEL (self->events);
}

/**
 * sw_run_watch_get_description:
 *
 * Returns: (transfer none) (nullable): the last DescribeExecution output
 */
JsonObject *
sw_run_watch_get_description (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->description;
}

const char *
sw_run_watch_get_status (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->status;
}

gboolean
sw_run_watch_is_finished (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), FALSE);
  return self->finished;
}

gboolean
sw_run_watch_is_polling (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), FALSE);
  return !self->finished && self->error == NULL && (self->busy || self->timeout_id != 0);
}

/**
 * sw_run_watch_get_error:
 *
 * Returns: (nullable): the failure polling stopped on
 */
const GError *
sw_run_watch_get_error (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->error;
}

const char *
sw_run_watch_get_lost_reason (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->lost_reason;
}

/**
 * sw_run_watch_get_state_status:
 *
 * Returns: (transfer none): state name → `GINT_TO_POINTER (SwRunStatus)` for the states
 *   the run reached
 */
GHashTable *
sw_run_watch_get_state_status (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), NULL);
  return self->status_table;
}

guint
sw_run_watch_get_n_requests (SwRunWatch *self)
{
  g_return_val_if_fail (SW_IS_RUN_WATCH (self), 0);
  return self->n_requests;
}
