/* sw-service-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sw-execution.h"
#include "sw-service.h"
#include "sw-value.h"

G_BEGIN_DECLS

/* The service's quotas on request members. */
#define SW_SERVICE_MAX_DEFINITION (1024 * 1024)
#define SW_SERVICE_MAX_INPUT (256 * 1024)
/* A request body larger than this is refused before it is parsed: a definition of 1 MiB
 * may double in size once escaped in JSON. */
#define SW_SERVICE_MAX_BODY (4 * 1024 * 1024)

/* The cause recorded for executions that were running when the endpoint stopped. */
#define SW_SERVICE_INTERRUPTED_ERROR "States.Runtime"
#define SW_SERVICE_INTERRUPTED_CAUSE \
  "The local endpoint stopped while this execution was running (it was shut down or " \
  "crashed). Redrive it to run again from the state it was in, or start it again."

/* The store: SQLite in WAL mode. */

typedef struct _SwServiceStore SwServiceStore;

typedef struct
{
  char *name;
  char *arn;
  char *type;
  char *role_arn;
  char *definition;
  char *revision_id;
  char *logging;        /* JSON text of loggingConfiguration */
  char *description;    /* of a version */
  gboolean tracing;
  double created;
  double updated;
  gint64 version;       /* a published version described, 0 for the machine */
} SwStoredMachine;

typedef struct
{
  gint64 seq;
  char *arn;
  char *name;
  char *machine_arn;
  char *machine_name;
  char *version_arn;
  char *type;
  char *status;
  char *input;
  char *output;
  char *error;
  char *cause;
  double start;
  double stop;
  gint64 redrive_count;
  double redrive_date;
  char *revision_id;    /* of the definition it runs */
  char *test_case;      /* of the mock configuration, or NULL */
  gint64 n_events;
} SwStoredExecution;

void               _sw_stored_machine_free     (SwStoredMachine *machine);
void               _sw_stored_execution_free   (SwStoredExecution *execution);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwStoredMachine, _sw_stored_machine_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwStoredExecution, _sw_stored_execution_free)

SwServiceStore    *_sw_service_store_open      (const char         *path,
                                                GError            **error);
void               _sw_service_store_free      (SwServiceStore     *store);
guint              _sw_service_store_recover   (SwServiceStore     *store,
                                                double              now);
void               _sw_service_store_begin_batch (SwServiceStore   *store);
void               _sw_service_store_flush     (SwServiceStore     *store);

SwStoredMachine   *_sw_service_store_get_machine (SwServiceStore   *store,
                                                  const char       *name,
                                                  gint64            version);
gboolean           _sw_service_store_add_machine (SwServiceStore   *store,
                                                  SwStoredMachine  *machine,
                                                  gboolean          publish,
                                                  const char       *version_description,
                                                  gint64           *version,
                                                  GError          **error);
gboolean           _sw_service_store_update_machine (SwServiceStore  *store,
                                                     SwStoredMachine *machine,
                                                     gboolean         publish,
                                                     const char      *version_description,
                                                     gint64          *version,
                                                     GError         **error);
gboolean           _sw_service_store_delete_machine (SwServiceStore  *store,
                                                     const char      *name,
                                                     GError         **error);
GPtrArray         *_sw_service_store_list_machines  (SwServiceStore  *store,
                                                     const char      *after,
                                                     guint            limit);

gboolean           _sw_service_store_add_execution  (SwServiceStore    *store,
                                                     SwStoredExecution *execution,
                                                     GError           **error);
SwStoredExecution *_sw_service_store_get_execution  (SwServiceStore    *store,
                                                     const char        *arn);
GPtrArray         *_sw_service_store_list_executions (SwServiceStore   *store,
                                                      const char       *machine_arn,
                                                      const char       *status,
                                                      int               redriven,
                                                      gint64            before_seq,
                                                      guint             limit);
char              *_sw_service_store_get_revision   (SwServiceStore    *store,
                                                     const char        *machine,
                                                     const char        *revision_id);
gboolean           _sw_service_store_add_event      (SwServiceStore    *store,
                                                     gint64             seq,
                                                     gint64             id,
                                                     const char        *type,
                                                     double             timestamp,
                                                     const char        *json,
                                                     const char        *status,
                                                     const char        *output,
                                                     const char        *error,
                                                     const char        *cause);
gboolean           _sw_service_store_finish_execution (SwServiceStore  *store,
                                                       gint64           seq,
                                                       const char      *status,
                                                       const char      *output,
                                                       const char      *error,
                                                       const char      *cause,
                                                       double           stop);
gboolean           _sw_service_store_redrive        (SwServiceStore    *store,
                                                     gint64             seq,
                                                     double             date);
GPtrArray         *_sw_service_store_list_events    (SwServiceStore    *store,
                                                     gint64             seq,
                                                     gint64             from_id,
                                                     gboolean           reverse,
                                                     guint              limit);

typedef struct _SwServiceRun SwServiceRun;

typedef void (*SwServiceReplyFunc) (guint        status,
                                    const char  *content_type,
                                    GBytes      *body,
                                    gpointer     user_data);

struct _SwService
{
  GObject parent_instance;

  SwServiceStore *store;
  SoupServer *server;
  char *region;              /* of every ARN the endpoint makes */
  char *account;
  guint port;
  char *host;
  double wait_scale;
  SwCredentials *credentials;
  char *local_root;
  SwSageMaker *sagemaker;
  SwTaskRegistry *registry;
  SwHttpTask *http;          /* serves arn:aws:states:::http:invoke */
  SwMockConfig *mock_config;
  GHashTable *runs;          /* execution ARN → SwServiceRun, while it runs */
  GPtrArray *tests;          /* TestState runs in progress */
  guint n_recovered;
  guint flush_source;
};

/* The executions the endpoint runs (sw-service.c) */

typedef void (*SwServiceRunDone) (SwServiceRun *run,
                                  gpointer      user_data);

struct _SwServiceRun
{
  gatomicrefcount ref;
  SwService *service;        /* unowned; %NULL once the service is gone */
  SwExecution *execution;
  gint64 seq;
  char *arn;
  gboolean express;          /* only its outcome is kept, not its history */
  gboolean ended;            /* its terminal event was stored */
  GPtrArray *waiters;
};

SwServiceRun      *_sw_service_run_start       (SwService          *self,
                                                SwExecution        *execution,
                                                gint64              seq,
                                                const char         *arn,
                                                gboolean            express);
void               _sw_service_run_add_waiter  (SwServiceRun       *run,
                                                SwServiceRunDone    done,
                                                gpointer            user_data);
double             _sw_service_now             (void);

/* The Step Functions operations (sw-service-sfn.c). Each answers with a value, or %NULL
 * and an error made by _sw_service_fail() that carries the service's error type, or %NULL
 * and no error once it has arranged to call _sw_service_call_reply() later. */

typedef struct
{
  SwService *service;
  SwServiceReplyFunc reply;
  gpointer user_data;
} SwServiceCall;

gboolean           _sw_service_fail            (GError            **error,
                                                guint               status,
                                                const char         *type,
                                                const char         *format,
                                                ...) G_GNUC_PRINTF (4, 5);
void               _sw_service_call_reply      (SwServiceCall      *call,
                                                SwValue            *response,
                                                const GError       *error);
SwValue           *_sw_service_sfn_call        (SwService          *self,
                                                const char         *operation,
                                                SwValue            *request,
                                                SwServiceCall      *call,
                                                GError            **error);

gboolean           _sw_service_get_string      (SwValue            *object,
                                                const char         *path,
                                                const char         *key,
                                                gboolean            required,
                                                gsize               max_length,
                                                const char        **out,
                                                GError            **error);

/* TestState's mock, context and stateConfiguration (sw-service-test-state.c). The strings
 * point into the request, which must outlive the struct. */

#define SW_SERVICE_TEST_MACHINE "TestState"
#define SW_SERVICE_TEST_CASE "TestState"

typedef struct
{
  gboolean mocked;
  SwValue *mock_result;        /* mock.result, parsed */
  const char *mock_error;      /* mock.errorOutput */
  const char *mock_cause;
  const char *validation_mode; /* mock.fieldValidationMode, STRICT by default */
  SwValue *context;            /* context, parsed */
  gint64 retry_count;          /* stateConfiguration: -1 when absent */
  gint64 failure_count;
  const char *error_state;
  const char *reader_data;
} SwServiceTestState;

gboolean           _sw_service_test_state_parse  (SwServiceTestState  *test,
                                                  SwValue             *request,
                                                  GError             **error);
gboolean           _sw_service_test_state_check  (SwServiceTestState  *test,
                                                  SwValue             *state,
                                                  gboolean             reveal_secrets,
                                                  GError             **error);
SwValue           *_sw_service_test_state_apply  (SwServiceTestState  *test,
                                                  SwValue             *state,
                                                  const char          *state_name,
                                                  SwValue            **mock_config);
void               _sw_service_test_state_finish (SwServiceTestState  *test,
                                                  SwValue             *state,
                                                  SwValue             *response);
void               _sw_service_test_state_clear  (SwServiceTestState  *test);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwServiceTestState, _sw_service_test_state_clear)

/* The dispatcher, without HTTP: what a request with @target and @body gets. @reply is
 * called exactly once, maybe later from the main context (StopExecution and
 * StartSyncExecution wait for the execution). */


void               _sw_service_dispatch        (SwService          *self,
                                                const char         *target,
                                                const char         *content_type,
                                                GBytes             *body,
                                                SwServiceReplyFunc  reply,
                                                gpointer            user_data);
guint              _sw_service_get_n_running   (SwService          *self);

G_END_DECLS
