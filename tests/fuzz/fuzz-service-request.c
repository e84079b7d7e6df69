/* fuzz-service-request.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the local endpoint's request dispatcher, without a socket. An input
 * is `TARGET\nBODY`: the X-Amz-Target header (`AWSStepFunctions.CreateStateMachine`, …)
 * and the JSON body. Requests reach an in-memory endpoint that keeps its state machines
 * and executions from one input to the next (renewed every 500 inputs), so sequences of
 * inputs create, start, stop and describe.
 *
 *   every request gets exactly one answer; a 200 answer is a JSON object; any other is a
 *   4xx with a JSON object whose `__type` names the error (never a 5xx); executions that
 *   were started end (Wait states take no time); a TestState answer has a known status, and
 *   an output when the state succeeded or caught an error (then with the error too).
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sw-json.h"
#include "sw-service-private.h"
#include "sw-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static SwService *service;
static guint n_inputs;

typedef struct
{
  guint n_replies;
  guint status;
  char *body;
} Reply;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sw_fuzz_init ();
  return 0;
}

static void
on_reply (guint        status,
          const char  *content_type,
          GBytes      *body,
          gpointer     user_data)
{
  Reply *reply = user_data;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  reply->n_replies++;
  reply->status = status;
  g_free (reply->body);
  reply->body = g_strndup (data, size);
}

static void
settle (void)
{
  /* Executions run on threads of their own and report here; let them end. */
  for (guint i = 0; i < 20000 && _sw_service_get_n_running (service) > 0; i++)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (100);
    }
  if (_sw_service_get_n_running (service) > 0)
    {
      GHashTableIter iter;
      gpointer value;

      /* A task waiting for a callback token waits for ever, as on the service: stop it. */
      g_hash_table_iter_init (&iter, service->runs);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        sw_execution_stop (((SwServiceRun *) value)->execution, NULL, NULL);
      for (guint i = 0; i < 20000 && _sw_service_get_n_running (service) > 0; i++)
        {
          if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (100);
        }
    }
  if (_sw_service_get_n_running (service) > 0)
    abort ();   /* an execution that cannot be stopped */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SwValue) answer = NULL;
  g_autofree char *target = NULL;
  const char *newline;
  Reply reply = { 0 };

  if (service == NULL || n_inputs++ % 500 == 0)
    {
      if (service != NULL)
        {
          settle ();
          g_clear_object (&service);
        }
      service = sw_service_new (NULL, NULL);
      if (service == NULL)
        abort ();
      sw_service_set_wait_scale (service, 0);
    }

  newline = memchr (data, '\n', size);
  if (newline == NULL)
    return 0;
  target = g_strndup ((const char *) data, newline - (const char *) data);
  body = g_bytes_new (newline + 1, size - (newline + 1 - (const char *) data));

  _sw_service_dispatch (service, target, "application/x-amz-json-1.0", body, on_reply, &reply);
  for (guint i = 0; i < 20000 && reply.n_replies == 0; i++)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (100);
    }
  settle ();

  if (reply.n_replies != 1)
    abort ();
  answer = sw_json_parse (reply.body, -1, NULL, NULL, NULL);
  if (answer == NULL || !sw_value_is_object (answer))
    abort ();
  if (reply.status == 200 && strcmp (target, "AWSStepFunctions.TestState") == 0)
    {
      /* TestState: a known status; a state that succeeded has an output, a caught error an
       * output and the error. */
      SwValue *status = sw_value_object_get (answer, "status");
      const char *text = status != NULL && sw_value_is_string (status)
                           ? sw_value_get_string (status) : "";
      gboolean succeeded = strcmp (text, "SUCCEEDED") == 0;
      gboolean caught = strcmp (text, "CAUGHT_ERROR") == 0;

      if (!succeeded && !caught && strcmp (text, "FAILED") != 0 &&
          strcmp (text, "RETRIABLE") != 0)
        abort ();
      if ((succeeded || caught) && sw_value_object_get (answer, "output") == NULL)
        abort ();
      if (caught && sw_value_object_get (answer, "error") == NULL)
        abort ();
    }
  if (reply.status != 200)
    {
      SwValue *type = sw_value_object_get (answer, "__type");

      if (reply.status < 400 || reply.status >= 500 || type == NULL ||
          !sw_value_is_string (type) || strchr (sw_value_get_string (type), '#') == NULL)
        abort ();
    }
  g_free (reply.body);
  return 0;
}
