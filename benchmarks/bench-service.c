/* bench-service.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The local endpoint under load, as `stepwise-cli serve` runs it in its own process:
 *
 * 1. 500 executions started by 16 concurrent clients (threads, each with its own
 *    SwSfnClient and main context) on loopback; every execution must end recorded with a
 *    complete history (ids 1…n without gaps, a terminal event last); the StartExecution
 *    latencies are reported (p50, p99, max) with the throughput.
 * 2. SIGKILL: executions that wait 0–6 s are started, the server is killed with SIGKILL
 *    mid-run and restarted on the same database; every execution finished before the kill
 *    must be intact (same status, same history), every other one FAILED with the cause
 *    saying the endpoint stopped, none missing.
 *
 * Exit status 0 when every check holds. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sw-sfn-client.h"
#include "../tests/common/sw-test-sfn-call.h"

#define ARN_PREFIX "arn:aws:states:us-east-1:123456789012:"

static const char *cli_path;
static guint n_executions = 500;
static guint n_clients = 16;
static guint n_kill = 200;
static gboolean failed;

#define CHECK(cond, ...) G_STMT_START {                          \
    if (!(cond))                                                 \
      {                                                          \
        g_printerr ("FAIL: " __VA_ARGS__);                       \
        g_printerr ("\n");                                       \
        failed = TRUE;                                           \
      }                                                          \
  } G_STMT_END

/* The endpoint process */

typedef struct
{
  GSubprocess *process;
  char *url;
} Server;

static Server *
server_start (const char *db,
              const char *wait_scale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  Server *server = g_new0 (Server, 1);
  const char *argv[] = { cli_path, "serve", "--port", "0", "--db", db, "--wait-scale",
                         wait_scale, NULL };

  server->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->url = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server->url);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  return server;
}

static void
server_stop (Server   *server,
             gboolean  kill)
{
  g_autoptr(GError) error = NULL;

  if (kill)
    g_subprocess_send_signal (server->process, SIGKILL);
  else
    g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (server->process);
  g_free (server->url);
  g_free (server);
}

/* Calls, synchronously on the thread-default main context */

static JsonObject *
call (SwSfnClient    *client,
      SwSfnOperation  operation,
      gboolean        all_pages,
      const char     *text,
      GError        **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  GMainContext *context = g_main_context_get_thread_default ();
  SwTestSfnCall wait = { 0 };

  g_assert_nonnull (node);
  if (all_pages)
    sw_sfn_client_call_all_pages_async (client, operation, json_node_get_object (node), NULL,
                                        sw_test_sfn_pages_cb, &wait);
  else
    sw_sfn_client_call_async (client, operation, json_node_get_object (node), NULL,
                              sw_test_sfn_call_cb, &wait);
  sw_test_sfn_call_wait (&wait, context);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.output;
}

static SwSfnClient *
client_new (const char *url)
{
  g_autoptr(SwCredentials) credentials = sw_credentials_new ("AKIDBENCH", "bench", NULL, NULL);
  g_autoptr(SwCredentialsProvider) provider = sw_credentials_provider_new_static (credentials);

  return sw_sfn_client_new (url, "us-east-1", provider);
}

static void
create_machine (SwSfnClient *client,
                const char  *name,
                const char  *definition)
{
  g_autoptr(JsonNode) quoted = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;
  g_autofree char *request = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;

  json_node_set_string (quoted, definition);
  text = json_to_string (quoted, FALSE);
  request = g_strdup_printf ("{\"name\":\"%s\",\"definition\":%s,"
                             "\"roleArn\":\"arn:aws:iam::123456789012:role/bench\"}",
                             name, text);
  out = call (client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, FALSE, request, &error);
  g_assert_no_error (error);
}

/* Checks a history: ids 1…n, a terminal event last. Returns it as text, NULL if bad. */
static char *
check_history (SwSfnClient *client,
               const char  *arn,
               const char  *status,
               guint       *n_events)
{
  g_autofree char *request = g_strdup_printf ("{\"executionArn\":\"%s\",\"maxResults\":1000}",
                                              arn);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *events;
  guint n;
  const char *last;
  static const struct { const char *status, *type; } ends[] = {
    { "SUCCEEDED", "ExecutionSucceeded" }, { "FAILED", "ExecutionFailed" },
    { "ABORTED", "ExecutionAborted" }, { "TIMED_OUT", "ExecutionTimedOut" },
  };

  out = call (client, SW_SFN_OPERATION_GET_EXECUTION_HISTORY, TRUE, request, &error);
  if (out == NULL)
    {
      CHECK (FALSE, "history of %s: %s", arn, error->message);
      return NULL;
    }
  events = json_object_get_array_member (out, "events");
  n = json_array_get_length (events);
  for (guint i = 0; i < n; i++)
    if (json_object_get_int_member (json_array_get_object_element (events, i), "id") != i + 1)
      {
        CHECK (FALSE, "history of %s: event %u has id %" G_GINT64_FORMAT, arn, i + 1,
               json_object_get_int_member (json_array_get_object_element (events, i), "id"));
        return NULL;
      }
  if (n == 0)
    {
      CHECK (FALSE, "history of %s is empty", arn);
      return NULL;
    }
  last = json_object_get_string_member (json_array_get_object_element (events, n - 1), "type");
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (strcmp (ends[i].status, status) == 0 && strcmp (ends[i].type, last) != 0)
      {
        CHECK (FALSE, "history of %s (%s) ends with %s", arn, status, last);
        return NULL;
      }
  if (n_events != NULL)
    *n_events = n;
  json_node_set_object (node, out);
  return json_to_string (node, FALSE);
}

/* Part 1: load */

static const char load_definition[] =
  "{\"StartAt\":\"Prepare\",\"States\":{"
  "\"Prepare\":{\"Type\":\"Pass\",\"Result\":[1,2,3,4],\"ResultPath\":\"$.items\","
  "\"Next\":\"Each\"},"
  "\"Each\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"ResultPath\":\"$.out\","
  "\"ItemProcessor\":{\"StartAt\":\"Square\",\"States\":{\"Square\":{\"Type\":\"Pass\","
  "\"Parameters\":{\"v.$\":\"States.MathAdd($, $)\"},\"End\":true}}},\"Next\":\"Check\"},"
  "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":-1,"
  "\"Next\":\"Done\"}],\"Default\":\"Done\"},"
  "\"Done\":{\"Type\":\"Succeed\"}}}";

typedef struct
{
  const char *url;
  gint *next;
  GArray *latencies;   /* double ms, this thread's */
  guint errors;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  GMainContext *context = g_main_context_new ();
  g_autoptr(SwSfnClient) client = NULL;
  gint index;

  g_main_context_push_thread_default (context);
  client = client_new (worker->url);
  while ((index = g_atomic_int_add (worker->next, 1)) < (gint) n_executions)
    {
      g_autofree char *request = NULL;
      g_autoptr(JsonObject) out = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;
      double ms;

      request = g_strdup_printf ("{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Load\","
                                 "\"name\":\"load-%04d\",\"input\":\"{\\\"n\\\":%d}\"}", index,
                                 index);
      start = g_get_monotonic_time ();
      out = call (client, SW_SFN_OPERATION_START_EXECUTION, FALSE, request, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (out == NULL)
        {
          g_printerr ("StartExecution %d: %s\n", index, error->message);
          worker->errors++;
          continue;
        }
      g_array_append_val (worker->latencies, ms);
    }
  g_clear_object (&client);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

static GPtrArray *
list_executions (SwSfnClient *client,
                 const char  *machine)
{
  g_autofree char *request = g_strdup_printf ("{\"stateMachineArn\":\"" ARN_PREFIX
                                              "stateMachine:%s\",\"maxResults\":1000}", machine);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *executions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *items;

  out = call (client, SW_SFN_OPERATION_LIST_EXECUTIONS, TRUE, request, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (out, "executions");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (executions, json_object_ref (json_array_get_object_element (items, i)));
  return executions;
}

static guint
count_running (GPtrArray *executions)
{
  guint n = 0;

  for (guint i = 0; i < executions->len; i++)
    if (strcmp (json_object_get_string_member (g_ptr_array_index (executions, i), "status"),
                "RUNNING") == 0)
      n++;
  return n;
}

static void
bench_load (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "load.db", NULL);
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) executions = NULL;
  Worker *workers = g_new0 (Worker, n_clients);
  GThread **threads = g_new0 (GThread *, n_clients);
  Server *server = server_start (db, "0");
  gint next = 0;
  gint64 start, all_started, all_done;
  guint errors = 0, n_events_first = 0, complete = 0;

  client = client_new (server->url);
  create_machine (client, "Load", load_definition);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_clients; i++)
    {
      workers[i].url = server->url;
      workers[i].next = &next;
      workers[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      threads[i] = g_thread_new ("client", worker_main, &workers[i]);
    }
  for (guint i = 0; i < n_clients; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (latencies, workers[i].latencies->data, workers[i].latencies->len);
      errors += workers[i].errors;
      g_array_unref (workers[i].latencies);
    }
  all_started = g_get_monotonic_time ();

  for (guint attempt = 0; attempt < 3000; attempt++)
    {
      g_clear_pointer (&executions, g_ptr_array_unref);
      executions = list_executions (client, "Load");
      if (executions->len >= n_executions && count_running (executions) == 0)
        break;
      g_usleep (10000);
    }
  all_done = g_get_monotonic_time ();

  CHECK (errors == 0, "%u StartExecution calls failed", errors);
  CHECK (executions->len == n_executions, "%u executions recorded, %u started",
         executions->len, n_executions);
  for (guint i = 0; i < executions->len; i++)
    {
      JsonObject *execution = g_ptr_array_index (executions, i);
      const char *status = json_object_get_string_member (execution, "status");
      g_autofree char *history = NULL;
      guint n_events = 0;

      CHECK (strcmp (status, "SUCCEEDED") == 0, "%s is %s",
             json_object_get_string_member (execution, "name"), status);
      history = check_history (client, json_object_get_string_member (execution,
                                                                      "executionArn"),
                               status, &n_events);
      if (history == NULL)
        continue;
      if (n_events_first == 0)
        n_events_first = n_events;
      CHECK (n_events == n_events_first, "%s has %u events, others %u",
             json_object_get_string_member (execution, "name"), n_events, n_events_first);
      complete++;
    }

  g_array_sort (latencies, compare_double);
  g_print ("load: %u executions by %u clients: %u recorded, %u with complete histories "
           "(%u events each)\n", n_executions, n_clients, executions->len, complete,
           n_events_first);
  g_print ("load: StartExecution latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           percentile (latencies, 0.5), percentile (latencies, 0.99),
           percentile (latencies, 1.0));
  g_print ("load: all started in %.2f s (%.0f starts/s), all finished after %.2f s\n",
           (all_started - start) / 1e6, n_executions / ((all_started - start) / 1e6),
           (all_done - start) / 1e6);

  g_clear_object (&client);
  server_stop (server, FALSE);
  g_free (workers);
  g_free (threads);
}

/* Part 2: SIGKILL mid-run */

static const char kill_definition[] =
  "{\"StartAt\":\"Nap\",\"States\":{"
  "\"Nap\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.wait\",\"Next\":\"Done\"},"
  "\"Done\":{\"Type\":\"Pass\",\"Result\":\"woke\",\"ResultPath\":\"$.r\",\"End\":true}}}";

static void
bench_kill (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "kill.db", NULL);
  g_autoptr(GHashTable) finished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          g_free);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  Server *server = server_start (db, "1");
  guint n_interrupted = 0, n_intact = 0, n_finished_late = 0;

  client = client_new (server->url);
  create_machine (client, "Naps", kill_definition);
  for (guint i = 0; i < n_kill; i++)
    {
      g_autofree char *request = NULL;
      g_autoptr(JsonObject) out = NULL;
      g_autoptr(GError) error = NULL;

      /* 0, 1, …, 6 s */
      request = g_strdup_printf ("{\"stateMachineArn\":\"" ARN_PREFIX "stateMachine:Naps\","
                                 "\"name\":\"nap-%03u\",\"input\":\"{\\\"wait\\\":%g}\"}", i,
                                 (double) (i % 7));
      out = call (client, SW_SFN_OPERATION_START_EXECUTION, FALSE, request, &error);
      g_assert_no_error (error);
    }
  g_usleep (2000 * 1000);

  /* What has finished now must survive the kill. */
  before = list_executions (client, "Naps");
  for (guint i = 0; i < before->len; i++)
    {
      JsonObject *execution = g_ptr_array_index (before, i);
      const char *status = json_object_get_string_member (execution, "status");
      char *history;

      if (strcmp (status, "RUNNING") == 0)
        continue;
      history = check_history (client, json_object_get_string_member (execution,
                                                                      "executionArn"),
                               status, NULL);
      if (history != NULL)
        g_hash_table_insert (finished,
                             g_strdup (json_object_get_string_member (execution,
                                                                      "executionArn")),
                             history);
    }
  g_clear_object (&client);
  server_stop (server, TRUE);

  server = server_start (db, "1");
  client = client_new (server->url);
  after = list_executions (client, "Naps");
  CHECK (after->len == n_kill, "%u executions after the restart, %u started", after->len,
         n_kill);
  for (guint i = 0; i < after->len; i++)
    {
      JsonObject *execution = g_ptr_array_index (after, i);
      const char *arn = json_object_get_string_member (execution, "executionArn");
      const char *status = json_object_get_string_member (execution, "status");
      const char *kept = g_hash_table_lookup (finished, arn);
      g_autofree char *history = check_history (client, arn, status, NULL);

      CHECK (strcmp (status, "RUNNING") != 0, "%s still RUNNING after the restart", arn);
      if (kept != NULL)
        {
          CHECK (g_strcmp0 (history, kept) == 0, "%s changed across the kill", arn);
          if (g_strcmp0 (history, kept) == 0)
            n_intact++;
        }
      else if (strcmp (status, "FAILED") == 0)
        {
          g_autofree char *request = g_strdup_printf ("{\"executionArn\":\"%s\"}", arn);
          g_autoptr(JsonObject) described = NULL;
          g_autoptr(GError) error = NULL;

          described = call (client, SW_SFN_OPERATION_DESCRIBE_EXECUTION, FALSE, request,
                            &error);
          g_assert_no_error (error);
          CHECK (g_strcmp0 (json_object_get_string_member (described, "error"),
                            "States.Runtime") == 0 &&
                 strstr (json_object_get_string_member (described, "cause"),
                         "local endpoint stopped") != NULL,
                 "%s failed without the interruption cause", arn);
          n_interrupted++;
        }
      else
        n_finished_late++;   /* finished between the snapshot and the kill */
    }
  CHECK (n_intact == g_hash_table_size (finished), "%u of %u finished executions intact",
         n_intact, g_hash_table_size (finished));
  CHECK (n_interrupted > 0, "the kill interrupted no execution: not mid-run");
  g_print ("kill -9: %u executions; %u finished before the kill, all %u intact after the "
           "restart; %u interrupted marked FAILED with the cause; %u finished between the "
           "snapshot and the kill\n", n_kill, g_hash_table_size (finished), n_intact,
           n_interrupted, n_finished_late);

  g_clear_object (&client);
  server_stop (server, FALSE);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int executions = 500, clients = 16;
  const GOptionEntry entries[] = {
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli_path, "stepwise-cli to run", "PATH" },
    { "executions", 0, 0, G_OPTION_ARG_INT, &executions, "Executions to start (500)", "N" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Concurrent clients (16)", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || cli_path == NULL ||
      executions < 1 || clients < 1)
    {
      g_printerr ("bench-service: %s\n", error != NULL ? error->message : "--cli is needed");
      return 2;
    }
  n_executions = executions;
  n_clients = clients;

  dir = g_dir_make_tmp ("sw-bench-service-XXXXXX", &error);
  g_assert_no_error (error);
  bench_load (dir);
  bench_kill (dir);
  remove_tree (dir);
  g_print ("bench-service: %s\n", failed ? "FAILED" : "all checks passed");
  return failed ? 1 : 0;
}
