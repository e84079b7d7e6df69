/* fuzz-aws-response.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for what the AWS clients of src/aws read from outside: the answers of
 * Step Functions and SageMaker (status, headers, JSON body, errors in the awsJson style) and
 * the output of a profile's credential_process. An in-process HTTP server answers every
 * request with the input. The first byte picks the reader:
 *
 *   0  a Step Functions call (ListStateMachines)
 *   1  a SageMaker call (DescribeEndpoint)
 *   2  credential_process, which prints the input
 *
 * For 0 and 1 the next two bytes give the status (2xx, 4xx or 5xx), then come header lines
 * `NAME: VALUE` (those that frame or encode the body are left to the server), an empty
 * line and the body.
 *
 *   a call ends with an object or an error, never both or neither; a 2xx answer gives an
 *   object or SW_AWS_ERROR_PROTOCOL; any other gives SW_AWS_ERROR_SERVICE carrying the
 *   status and a non-empty service code; credential_process gives credentials with a key
 *   and a secret, or SW_AWS_ERROR_CREDENTIALS with a message.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sw-aws-error.h"
#include "sw-aws-transport-private.h"
#include "sw-credentials-provider.h"
#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"
#include "../common/sw-test-sfn-call.h"
#include "sw-fuzz.h"

static SwSfnClient *sfn;
static SwSageMakerClient *sagemaker;
static char *scratch;

/* The answer of the input being run, set while no request is in flight. */
static guint answer_status;
static GPtrArray *answer_headers;
static GBytes *answer_body;

static void
handle (SoupServer        *self,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  gsize size;
  const char *body = g_bytes_get_data (answer_body, &size);

  /* The server closes, as the local endpoint does (sw-service.c): libsoup 3.2 leaks server
   * connections that clients close while idle, and the fuzzer would run out of sockets. */
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_status (message, answer_status, NULL);
  for (guint i = 0; i + 1 < answer_headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (answer_headers, i),
                                 g_ptr_array_index (answer_headers, i + 1));
  soup_server_message_set_response (message, "application/x-amz-json-1.0", SOUP_MEMORY_COPY,
                                    body, size);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwCredentials) credentials = NULL;
  g_autoptr(SwCredentialsProvider) provider = NULL;
  g_autofree char *url = NULL;
  SoupServer *server;
  GSList *uris;

  sw_fuzz_init ();
  scratch = g_dir_make_tmp ("fuzz-aws-response-XXXXXX", NULL);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    sw_fuzz_fail ("cannot listen", error->message);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  credentials = sw_credentials_new ("AKIDEXAMPLE", "secret", NULL, NULL);
  provider = sw_credentials_provider_new_static (credentials);
  sfn = sw_sfn_client_new (url, "us-east-1", provider);
  sw_sfn_client_set_max_attempts (sfn, 1);
  sagemaker = sw_sagemaker_client_new (url, url, "us-east-1", provider);
  /* One attempt: retries read the same answer again, after a real sleep. */
  _sw_aws_transport_set_max_attempts (_sw_sagemaker_client_get_transport (sagemaker), 1);
  answer_headers = g_ptr_array_new_with_free_func (g_free);
  return 0;
}

static gboolean
is_field_value (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t')
      return FALSE;
  return TRUE;
}

static void
run_call (guint8        which,
          const guint8 *data,
          gsize         size)
{
  static const guint statuses[] = { 200, 202, 204, 400, 403, 404, 413, 429, 500, 502, 503 };
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  SwTestSfnCall call = { 0 };
  const char *p, *end;

  if (size < 2)
    return;
  p = (const char *) data + 2;
  end = (const char *) data + size;
  answer_status = (data[0] & 0x80) ? statuses[data[1] % G_N_ELEMENTS (statuses)]
                                   : 200 + (data[1] % 4) * 100 + data[0] % 100;
  if (answer_status >= 300 && answer_status < 400)
    answer_status += 100;   /* redirects would leave the test */
  g_ptr_array_set_size (answer_headers, 0);
  sw_fuzz_read_headers (&p, end, headers);
  for (guint i = 0; i + 1 < headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (headers, i);
      const char *value = g_ptr_array_index (headers, i + 1);

      if (!is_field_value (value) || g_ascii_strcasecmp (name, "content-length") == 0 ||
          g_ascii_strcasecmp (name, "transfer-encoding") == 0 ||
          g_ascii_strcasecmp (name, "connection") == 0 ||
          g_ascii_strcasecmp (name, "content-encoding") == 0)
        continue;
      g_ptr_array_add (answer_headers, g_strdup (name));
      g_ptr_array_add (answer_headers, g_strdup (value));
    }
  g_clear_pointer (&answer_body, g_bytes_unref);
  answer_body = g_bytes_new (p, end - p);

  if (which == 0)
    sw_sfn_client_call_async (sfn, SW_SFN_OPERATION_LIST_STATE_MACHINES, input, NULL,
                              sw_test_sfn_call_cb, &call);
  else
    {
      json_object_set_string_member (input, "EndpointName", "e");
      sw_sagemaker_client_call_async (sagemaker, "DescribeEndpoint", input, NULL,
                                      sw_test_sagemaker_call_cb, &call);
    }
  sw_test_sfn_call_wait (&call, NULL);

  if ((call.output == NULL) == (call.error == NULL))
    sw_fuzz_fail ("an answer and an error, or neither", NULL);
  if (call.error != NULL)
    {
      if (call.error->domain != SW_AWS_ERROR || call.error->message == NULL)
        sw_fuzz_fail ("an error outside SW_AWS_ERROR", call.error->message);
      if (answer_status < 300)
        {
          if (call.error->code != SW_AWS_ERROR_PROTOCOL)
            sw_fuzz_fail ("a 2xx answer fails other than as a protocol error",
                          call.error->message);
        }
      else if (call.error->code != SW_AWS_ERROR_SERVICE ||
               sw_aws_error_get_http_status (call.error) != answer_status ||
               sw_aws_error_get_service_code (call.error) == NULL ||
               *sw_aws_error_get_service_code (call.error) == '\0')
        sw_fuzz_fail ("an error answer is not a service error with its status and a code",
                      call.error->message);
      g_error_free (call.error);
    }
  else if (answer_status >= 300)
    sw_fuzz_fail ("an error status gives an answer", NULL);
  g_clear_pointer (&call.output, json_object_unref);
}

static void
run_process (const guint8 *data,
             gsize         size)
{
  g_autofree char *path = g_build_filename (scratch, "output", NULL);
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strconcat ("cat ", quoted, NULL);
  g_autofree char *path_pair = g_strdup_printf ("PATH=%s", g_getenv ("PATH"));
  const char *env[] = { path_pair, NULL };
  g_autoptr(SwCredentialsProvider) provider = NULL;
  SwTestCredentialsCall call = { 0 };

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    sw_fuzz_fail ("cannot write", path);
  provider = sw_credentials_provider_new_process (command, env);
  sw_credentials_provider_get_async (provider, NULL, sw_test_credentials_cb, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  if ((call.credentials == NULL) == (call.error == NULL))
    sw_fuzz_fail ("credentials and an error, or neither", NULL);
  if (call.error != NULL)
    {
      if (call.error->domain != SW_AWS_ERROR || call.error->code != SW_AWS_ERROR_CREDENTIALS ||
          call.error->message == NULL || *call.error->message == '\0')
        sw_fuzz_fail ("a refusal that is not SW_AWS_ERROR_CREDENTIALS", call.error->message);
      g_error_free (call.error);
      return;
    }
  if (*sw_credentials_get_access_key_id (call.credentials) == '\0' ||
      *sw_credentials_get_secret_access_key (call.credentials) == '\0')
    sw_fuzz_fail ("credentials without a key or a secret", NULL);
  sw_credentials_unref (call.credentials);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size < 1 || size > 16384)
    return 0;
  if (data[0] % 3 == 2)
    run_process (data + 1, size - 1);
  else
    run_call (data[0] % 3, data + 1, size - 1);
  return 0;
}
