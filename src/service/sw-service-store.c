/* sw-service-store.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the local endpoint keeps: state machines with every revision of their definition,
 * executions and their history events, in one SQLite database in WAL mode. Every event is
 * committed as the executor reports it, and the event that ends an execution is committed
 * together with the execution's final status, so a crash never loses a finished execution
 * and never leaves one half-finished. Used from one thread only. */

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "sw-json.h"
#include "sw-service-private.h"

struct _SwServiceStore
{
  sqlite3 *db;
  GHashTable *statements;   /* SQL text (static) → sqlite3_stmt */
  gboolean batch;           /* a transaction of events is open */
};

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS state_machines ("
  "  name TEXT PRIMARY KEY,"
  "  arn TEXT NOT NULL UNIQUE,"
  "  type TEXT NOT NULL,"
  "  role_arn TEXT NOT NULL,"
  "  definition TEXT NOT NULL,"
  "  revision_id TEXT NOT NULL,"
  "  logging TEXT,"
  "  tracing INTEGER NOT NULL DEFAULT 0,"
  "  created REAL NOT NULL,"
  "  updated REAL NOT NULL,"
  "  n_versions INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS revisions ("
  "  machine TEXT NOT NULL,"
  "  revision_id TEXT NOT NULL,"
  "  version INTEGER,"
  "  description TEXT,"
  "  definition TEXT NOT NULL,"
  "  role_arn TEXT NOT NULL,"
  "  created REAL NOT NULL,"
  "  PRIMARY KEY (machine, revision_id));"
  "CREATE INDEX IF NOT EXISTS revisions_version ON revisions (machine, version);"
  "CREATE TABLE IF NOT EXISTS executions ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  arn TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  machine_arn TEXT NOT NULL,"
  "  machine_name TEXT NOT NULL,"
  "  version_arn TEXT,"
  "  type TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  input TEXT NOT NULL,"
  "  output TEXT,"
  "  error TEXT,"
  "  cause TEXT,"
  "  start REAL NOT NULL,"
  "  stop REAL,"
  "  redrive_count INTEGER NOT NULL DEFAULT 0,"
  "  redrive_date REAL,"
  "  revision_id TEXT,"
  "  test_case TEXT);"
  "CREATE INDEX IF NOT EXISTS executions_machine ON executions (machine_arn, seq);"
  "CREATE TABLE IF NOT EXISTS events ("
  "  execution INTEGER NOT NULL,"
  "  id INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  timestamp REAL NOT NULL,"
  "  body TEXT NOT NULL,"
  "  PRIMARY KEY (execution, id)) WITHOUT ROWID;";

void
_sw_stored_machine_free (SwStoredMachine *machine)
{
  if (machine == NULL)
    return;
  g_free (machine->name);
  g_free (machine->arn);
  g_free (machine->type);
  g_free (machine->role_arn);
  g_free (machine->definition);
  g_free (machine->revision_id);
  g_free (machine->logging);
  g_free (machine->description);
  g_free (machine);
}

void
_sw_stored_execution_free (SwStoredExecution *execution)
{
  if (execution == NULL)
    return;
  g_free (execution->arn);
  g_free (execution->name);
  g_free (execution->machine_arn);
  g_free (execution->machine_name);
  g_free (execution->version_arn);
  g_free (execution->type);
  g_free (execution->status);
  g_free (execution->input);
  g_free (execution->output);
  g_free (execution->error);
  g_free (execution->cause);
  g_free (execution->revision_id);
  g_free (execution->test_case);
  g_free (execution);
}

static gboolean
set_sqlite_error (SwServiceStore  *store,
                  GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The local endpoint’s database "
                                                      "failed: %s"),
               store->db != NULL ? sqlite3_errmsg (store->db) : "out of memory");
  return FALSE;
}

/* A prepared statement for @sql, a string literal, kept for the store's lifetime. */
static sqlite3_stmt *
statement (SwServiceStore *store,
           const char     *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (store->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                              NULL) != SQLITE_OK)
        {
          g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (store->db));
          return NULL;
        }
      g_hash_table_insert (store->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
exec (SwServiceStore  *store,
      const char      *sql,
      GError         **error)
{
  char *message = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The local endpoint’s database failed: %s"),
                   message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/**
 * _sw_service_store_open:
 * @path: (nullable): the database file, %NULL for an in-memory database
 *
 * Opens or creates the database.
 */
SwServiceStore *
_sw_service_store_open (const char  *path,
                        GError     **error)
{
  SwServiceStore *store = g_new0 (SwServiceStore, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  store->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             finalize_statement);
  if (sqlite3_open_v2 (path != NULL ? path : ":memory:", &store->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot open the database “%s”: %s"), path != NULL ? path : ":memory:",
                   store->db != NULL ? sqlite3_errmsg (store->db) : "out of memory");
      _sw_service_store_free (store);
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);
  /* WAL with synchronous=NORMAL: a commit is durable once the process has written it, so a
   * crash of the endpoint loses nothing committed (only a power loss can lose the last
   * commits, never corrupt the file). */
  if (!exec (store, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", error) ||
      !exec (store, schema, error))
    {
      _sw_service_store_free (store);
      return NULL;
    }
  /* Databases of earlier endpoints lack the columns redrives need; their executions
   * redrive with the machine's current definition. */
  exec (store, "ALTER TABLE executions ADD COLUMN revision_id TEXT", NULL);
  exec (store, "ALTER TABLE executions ADD COLUMN test_case TEXT", NULL);
  return store;
}

void
_sw_service_store_free (SwServiceStore *store)
{
  if (store == NULL)
    return;
  _sw_service_store_flush (store);
  g_clear_pointer (&store->statements, g_hash_table_unref);
  if (store->db != NULL)
    sqlite3_close (store->db);
  g_free (store);
}

/**
 * _sw_service_store_recover:
 * @now: the time, in seconds since the epoch
 *
 * Ends the executions a previous endpoint left running: each becomes FAILED with
 * %SW_SERVICE_INTERRUPTED_CAUSE and gets a terminal `ExecutionFailed` event.
 *
 * Returns: how many executions were ended
 */
guint
_sw_service_store_recover (SwServiceStore *store,
                           double          now)
{
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  stmt = statement (store, "SELECT seq FROM executions WHERE status = 'RUNNING'");
  if (stmt == NULL)
    return 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (seqs, seq);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < seqs->len; i++)
    {
      gint64 seq = g_array_index (seqs, gint64, i);
      gint64 last = 0;
      g_autoptr(SwValue) event = sw_value_new_object ();
      g_autoptr(SwValue) details = sw_value_new_object ();
      g_autofree char *json = NULL;

      stmt = statement (store, "SELECT MAX(id) FROM events WHERE execution = ?");
      sqlite3_bind_int64 (stmt, 1, seq);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        last = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      sw_value_object_set (event, "timestamp", sw_value_new_double (now));
      sw_value_object_set (event, "type", sw_value_new_string ("ExecutionFailed"));
      sw_value_object_set (event, "id", sw_value_new_int (last + 1));
      sw_value_object_set (event, "previousEventId", sw_value_new_int (last));
      sw_value_object_set (details, "error", sw_value_new_string (SW_SERVICE_INTERRUPTED_ERROR));
      sw_value_object_set (details, "cause", sw_value_new_string (SW_SERVICE_INTERRUPTED_CAUSE));
      sw_value_object_set (event, "executionFailedEventDetails", sw_value_ref (details));
      json = sw_json_write (event, SW_JSON_WRITE_COMPACT, NULL);
      _sw_service_store_add_event (store, seq, last + 1, "ExecutionFailed", now, json, "FAILED",
                                   NULL, SW_SERVICE_INTERRUPTED_ERROR,
                                   SW_SERVICE_INTERRUPTED_CAUSE);
    }
  return seqs->len;
}

/**
 * _sw_service_store_begin_batch:
 *
 * Opens a transaction that the history events stored next join, until
 * _sw_service_store_flush(): one commit for the events of a main loop iteration instead of
 * one each. The endpoint flushes before it answers any request, so nothing a client has
 * seen can be lost.
 */
void
_sw_service_store_begin_batch (SwServiceStore *store)
{
  if (!store->batch && exec (store, "BEGIN", NULL))
    store->batch = TRUE;
}

void
_sw_service_store_flush (SwServiceStore *store)
{
  if (!store->batch)
    return;
  store->batch = FALSE;
  if (!exec (store, "COMMIT", NULL))
    g_warning ("Cannot commit history events: %s", sqlite3_errmsg (store->db));
}

/* Machines */

#define MACHINE_COLUMNS \
  "m.name, m.arn, m.type, m.role_arn, m.definition, m.revision_id, m.logging, m.tracing, " \
  "m.created, m.updated"

static SwStoredMachine *
read_machine (sqlite3_stmt *stmt)
{
  SwStoredMachine *machine = g_new0 (SwStoredMachine, 1);

  machine->name = column_text (stmt, 0);
  machine->arn = column_text (stmt, 1);
  machine->type = column_text (stmt, 2);
  machine->role_arn = column_text (stmt, 3);
  machine->definition = column_text (stmt, 4);
  machine->revision_id = column_text (stmt, 5);
  machine->logging = column_text (stmt, 6);
  machine->tracing = sqlite3_column_int (stmt, 7) != 0;
  machine->created = sqlite3_column_double (stmt, 8);
  machine->updated = sqlite3_column_double (stmt, 9);
  return machine;
}

/**
 * _sw_service_store_get_machine:
 * @version: a published version number, 0 for the machine itself
 *
 * Returns: (transfer full) (nullable): the machine, or that version of it
 */
SwStoredMachine *
_sw_service_store_get_machine (SwServiceStore *store,
                               const char     *name,
                               gint64          version)
{
  SwStoredMachine *machine = NULL;
  sqlite3_stmt *stmt;

  if (version == 0)
    {
      stmt = statement (store, "SELECT " MACHINE_COLUMNS " FROM state_machines m "
                               "WHERE m.name = ?");
      bind_text (stmt, 1, name);
    }
  else
    {
      stmt = statement (store, "SELECT m.name, m.arn || ':' || r.version, m.type, r.role_arn, "
                               "r.definition, r.revision_id, m.logging, m.tracing, r.created, "
                               "r.created, r.description FROM state_machines m "
                               "JOIN revisions r ON r.machine = m.name "
                               "WHERE m.name = ? AND r.version = ?");
      bind_text (stmt, 1, name);
      sqlite3_bind_int64 (stmt, 2, version);
    }
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      machine = read_machine (stmt);
      if (version != 0)
        {
          machine->version = version;
          machine->description = column_text (stmt, 10);
        }
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return machine;
}

static gboolean
add_revision (SwServiceStore   *store,
              SwStoredMachine  *machine,
              gboolean          publish,
              const char       *description,
              gint64           *version,
              GError          **error)
{
  sqlite3_stmt *stmt;
  gint64 number = 0;

  if (publish)
    {
      stmt = statement (store, "UPDATE state_machines SET n_versions = n_versions + 1 "
                               "WHERE name = ? RETURNING n_versions");
      bind_text (stmt, 1, machine->name);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return set_sqlite_error (store, error);
      number = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  stmt = statement (store, "INSERT OR REPLACE INTO revisions (machine, revision_id, version, "
                           "description, definition, role_arn, created) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
  bind_text (stmt, 1, machine->name);
  bind_text (stmt, 2, machine->revision_id);
  if (number > 0)
    sqlite3_bind_int64 (stmt, 3, number);
  bind_text (stmt, 4, description);
  bind_text (stmt, 5, machine->definition);
  bind_text (stmt, 6, machine->role_arn);
  sqlite3_bind_double (stmt, 7, machine->updated);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sqlite_error (store, error);
  if (version != NULL)
    *version = number;
  return TRUE;
}

/* Runs @stmt, the write of @machine inside the transaction its caller began, records the
 * revision, and commits; rolls back on failure. */
static gboolean
finish_machine_write (SwServiceStore   *store,
                      sqlite3_stmt     *stmt,
                      SwStoredMachine  *machine,
                      gboolean          publish,
                      const char       *description,
                      gint64           *version,
                      GError          **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE ||
      !add_revision (store, machine, publish, description, version, NULL))
    {
      set_sqlite_error (store, error);
      exec (store, "ROLLBACK", NULL);
      return FALSE;
    }
  return exec (store, "COMMIT", error);
}

gboolean
_sw_service_store_add_machine (SwServiceStore   *store,
                               SwStoredMachine  *machine,
                               gboolean          publish,
                               const char       *description,
                               gint64           *version,
                               GError          **error)
{
  sqlite3_stmt *stmt;

  if (!exec (store, "BEGIN", error))
    return FALSE;
  stmt = statement (store, "INSERT INTO state_machines (name, arn, type, role_arn, definition, "
                           "revision_id, logging, tracing, created, updated) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_text (stmt, 1, machine->name);
  bind_text (stmt, 2, machine->arn);
  bind_text (stmt, 3, machine->type);
  bind_text (stmt, 4, machine->role_arn);
  bind_text (stmt, 5, machine->definition);
  bind_text (stmt, 6, machine->revision_id);
  bind_text (stmt, 7, machine->logging);
  sqlite3_bind_int (stmt, 8, machine->tracing);
  sqlite3_bind_double (stmt, 9, machine->created);
  sqlite3_bind_double (stmt, 10, machine->updated);
  return finish_machine_write (store, stmt, machine, publish, description, version, error);
}

gboolean
_sw_service_store_update_machine (SwServiceStore   *store,
                                  SwStoredMachine  *machine,
                                  gboolean          publish,
                                  const char       *description,
                                  gint64           *version,
                                  GError          **error)
{
  sqlite3_stmt *stmt;

  if (!exec (store, "BEGIN", error))
    return FALSE;
  stmt = statement (store, "UPDATE state_machines SET role_arn = ?, definition = ?, "
                           "revision_id = ?, logging = ?, tracing = ?, updated = ? "
                           "WHERE name = ?");
  bind_text (stmt, 1, machine->role_arn);
  bind_text (stmt, 2, machine->definition);
  bind_text (stmt, 3, machine->revision_id);
  bind_text (stmt, 4, machine->logging);
  sqlite3_bind_int (stmt, 5, machine->tracing);
  sqlite3_bind_double (stmt, 6, machine->updated);
  bind_text (stmt, 7, machine->name);
  return finish_machine_write (store, stmt, machine, publish, description, version, error);
}

gboolean
_sw_service_store_delete_machine (SwServiceStore  *store,
                                  const char      *name,
                                  GError         **error)
{
  sqlite3_stmt *stmt;

  if (!exec (store, "BEGIN", error))
    return FALSE;
  stmt = statement (store, "DELETE FROM state_machines WHERE name = ?");
  bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  stmt = statement (store, "DELETE FROM revisions WHERE machine = ?");
  bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  return exec (store, "COMMIT", error);

failed:
  set_sqlite_error (store, error);
  exec (store, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * _sw_service_store_list_machines:
 * @after: (nullable): list the machines whose names sort after this one
 *
 * Returns: (transfer full) (element-type SwStoredMachine): up to @limit machines by name
 */
GPtrArray *
_sw_service_store_list_machines (SwServiceStore *store,
                                 const char     *after,
                                 guint           limit)
{
  GPtrArray *machines = g_ptr_array_new_with_free_func ((GDestroyNotify) _sw_stored_machine_free);
  sqlite3_stmt *stmt;

  stmt = statement (store, "SELECT " MACHINE_COLUMNS " FROM state_machines m "
                           "WHERE m.name > ? ORDER BY m.name LIMIT ?");
  bind_text (stmt, 1, after != NULL ? after : "");
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (machines, read_machine (stmt));
  sqlite3_reset (stmt);
  return machines;
}

/* Executions */

#define EXECUTION_COLUMNS \
  "seq, arn, name, machine_arn, machine_name, version_arn, type, status, input, output, " \
  "error, cause, start, stop, redrive_count, redrive_date, revision_id, test_case"

static SwStoredExecution *
read_execution (sqlite3_stmt *stmt)
{
  SwStoredExecution *execution = g_new0 (SwStoredExecution, 1);

  execution->seq = sqlite3_column_int64 (stmt, 0);
  execution->arn = column_text (stmt, 1);
  execution->name = column_text (stmt, 2);
  execution->machine_arn = column_text (stmt, 3);
  execution->machine_name = column_text (stmt, 4);
  execution->version_arn = column_text (stmt, 5);
  execution->type = column_text (stmt, 6);
  execution->status = column_text (stmt, 7);
  execution->input = column_text (stmt, 8);
  execution->output = column_text (stmt, 9);
  execution->error = column_text (stmt, 10);
  execution->cause = column_text (stmt, 11);
  execution->start = sqlite3_column_double (stmt, 12);
  execution->stop = sqlite3_column_double (stmt, 13);
  execution->redrive_count = sqlite3_column_int64 (stmt, 14);
  execution->redrive_date = sqlite3_column_double (stmt, 15);
  execution->revision_id = column_text (stmt, 16);
  execution->test_case = column_text (stmt, 17);
  return execution;
}

/* Sets @execution->seq on success. */
gboolean
_sw_service_store_add_execution (SwServiceStore     *store,
                                 SwStoredExecution  *execution,
                                 GError            **error)
{
  sqlite3_stmt *stmt;

  stmt = statement (store, "INSERT INTO executions (arn, name, machine_arn, machine_name, "
                           "version_arn, type, status, input, start, revision_id, test_case) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_text (stmt, 1, execution->arn);
  bind_text (stmt, 2, execution->name);
  bind_text (stmt, 3, execution->machine_arn);
  bind_text (stmt, 4, execution->machine_name);
  bind_text (stmt, 5, execution->version_arn);
  bind_text (stmt, 6, execution->type);
  bind_text (stmt, 7, execution->status);
  bind_text (stmt, 8, execution->input);
  sqlite3_bind_double (stmt, 9, execution->start);
  bind_text (stmt, 10, execution->revision_id);
  bind_text (stmt, 11, execution->test_case);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sqlite_error (store, error);
  execution->seq = sqlite3_last_insert_rowid (store->db);
  return TRUE;
}

SwStoredExecution *
_sw_service_store_get_execution (SwServiceStore *store,
                                 const char     *arn)
{
  SwStoredExecution *execution = NULL;
  sqlite3_stmt *stmt;

  stmt = statement (store, "SELECT " EXECUTION_COLUMNS ", "
                           "(SELECT COUNT(*) FROM events WHERE execution = seq) "
                           "FROM executions WHERE arn = ?");
  bind_text (stmt, 1, arn);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      execution = read_execution (stmt);
      execution->n_events = sqlite3_column_int64 (stmt, 18);
    }
  sqlite3_reset (stmt);
  return execution;
}

/**
 * _sw_service_store_list_executions:
 * @machine_arn: (nullable): only this machine's executions
 * @status: (nullable): only executions with this status
 * @redriven: only those redriven (1), only those never redriven (0), or all (-1)
 * @before_seq: list executions started before this one, 0 for the newest
 *
 * Returns: (transfer full) (element-type SwStoredExecution): up to @limit executions,
 *   newest first
 */
GPtrArray *
_sw_service_store_list_executions (SwServiceStore *store,
                                   const char     *machine_arn,
                                   const char     *status,
                                   int             redriven,
                                   gint64          before_seq,
                                   guint           limit)
{
  GPtrArray *executions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) _sw_stored_execution_free);
  sqlite3_stmt *stmt;

  stmt = statement (store, "SELECT " EXECUTION_COLUMNS " FROM executions "
                           "WHERE (?1 IS NULL OR machine_arn = ?1) AND "
                           "(?2 IS NULL OR status = ?2) AND seq < ?3 AND "
                           "(?5 < 0 OR (redrive_count > 0) = ?5) "
                           "ORDER BY seq DESC LIMIT ?4");
  bind_text (stmt, 1, machine_arn);
  bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, before_seq > 0 ? before_seq : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 4, limit);
  sqlite3_bind_int (stmt, 5, redriven);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (executions, read_execution (stmt));
  sqlite3_reset (stmt);
  return executions;
}

static gboolean
update_outcome (SwServiceStore *store,
                gint64          seq,
                const char     *status,
                const char     *output,
                const char     *error,
                const char     *cause,
                double          stop)
{
  sqlite3_stmt *stmt;

  stmt = statement (store, "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, "
                           "stop = ? WHERE seq = ?");
  bind_text (stmt, 1, status);
  bind_text (stmt, 2, output);
  bind_text (stmt, 3, error);
  bind_text (stmt, 4, cause);
  if (stop > 0)
    sqlite3_bind_double (stmt, 5, stop);
  sqlite3_bind_int64 (stmt, 6, seq);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

/**
 * _sw_service_store_add_event:
 * @json: the event as `GetExecutionHistory` returns it, compact JSON
 * @status: (nullable): for the event that ends the execution, its final status, stored
 *   with the event in one transaction
 *
 * Returns: whether the event was stored
 */
gboolean
_sw_service_store_add_event (SwServiceStore *store,
                             gint64          seq,
                             gint64          id,
                             const char     *type,
                             double          timestamp,
                             const char     *json,
                             const char     *status,
                             const char     *output,
                             const char     *error,
                             const char     *cause)
{
  sqlite3_stmt *stmt;
  gboolean own = status != NULL && !store->batch;
  gboolean ok;

  /* The event that ends an execution and its outcome are committed together. */
  if (own && !exec (store, "BEGIN", NULL))
    return FALSE;
  if (store->batch)
    exec (store, "SAVEPOINT event", NULL);
  stmt = statement (store, "INSERT OR REPLACE INTO events (execution, id, type, timestamp, body) "
                           "VALUES (?, ?, ?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, id);
  bind_text (stmt, 3, type);
  sqlite3_bind_double (stmt, 4, timestamp);
  bind_text (stmt, 5, json);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_reset (stmt);
  if (ok && status != NULL)
    ok = update_outcome (store, seq, status, output, error, cause, timestamp);
  if (!ok)
    {
      g_warning ("Cannot store a history event: %s", sqlite3_errmsg (store->db));
      if (store->batch)
        exec (store, "ROLLBACK TO event; RELEASE event", NULL);
      else if (own)
        exec (store, "ROLLBACK", NULL);
      return FALSE;
    }
  if (store->batch)
    return exec (store, "RELEASE event", NULL);
  return !own || exec (store, "COMMIT", NULL);
}

/* For an execution that ended without a terminal event (it could not record one). */
gboolean
_sw_service_store_finish_execution (SwServiceStore *store,
                                    gint64          seq,
                                    const char     *status,
                                    const char     *output,
                                    const char     *error,
                                    const char     *cause,
                                    double          stop)
{
  return update_outcome (store, seq, status, output, error, cause, stop);
}

gboolean
_sw_service_store_redrive (SwServiceStore *store,
                           gint64          seq,
                           double          date)
{
  sqlite3_stmt *stmt;

  stmt = statement (store, "UPDATE executions SET status = 'RUNNING', output = NULL, "
                           "error = NULL, cause = NULL, stop = NULL, "
                           "redrive_count = redrive_count + 1, redrive_date = ? WHERE seq = ?");
  sqlite3_bind_double (stmt, 1, date);
  sqlite3_bind_int64 (stmt, 2, seq);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

/**
 * _sw_service_store_get_revision:
 *
 * Returns: (transfer full) (nullable): the definition of that revision of the machine
 */
char *
_sw_service_store_get_revision (SwServiceStore *store,
                                const char     *machine,
                                const char     *revision_id)
{
  sqlite3_stmt *stmt;
  char *definition = NULL;

  stmt = statement (store, "SELECT definition FROM revisions WHERE machine = ? AND "
                           "revision_id = ?");
  bind_text (stmt, 1, machine);
  bind_text (stmt, 2, revision_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    definition = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return definition;
}

/**
 * _sw_service_store_list_events:
 * @from_id: the first event id to list (the last one when @reverse), 0 from the start
 *
 * Returns: (transfer full) (element-type utf8): up to @limit events as JSON text
 */
GPtrArray *
_sw_service_store_list_events (SwServiceStore *store,
                               gint64          seq,
                               gint64          from_id,
                               gboolean        reverse,
                               guint           limit)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (!reverse)
    {
      stmt = statement (store, "SELECT body FROM events WHERE execution = ? AND id >= ? "
                               "ORDER BY id LIMIT ?");
      sqlite3_bind_int64 (stmt, 2, from_id);
    }
  else
    {
      stmt = statement (store, "SELECT body FROM events WHERE execution = ? AND id <= ? "
                               "ORDER BY id DESC LIMIT ?");
      sqlite3_bind_int64 (stmt, 2, from_id > 0 ? from_id : G_MAXINT64);
    }
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 3, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (events, column_text (stmt, 0));
  sqlite3_reset (stmt);
  return events;
}
