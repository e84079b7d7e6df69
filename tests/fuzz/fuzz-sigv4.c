/* fuzz-sigv4.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the SigV4 verifier of src/aws that the local endpoint runs on every
 * request under `serve --require-auth`: it parses the Authorization header, X-Amz-Date,
 * the query and the path of requests from the network. An input is lines:
 *
 *   METHOD \n PATH \n QUERY \n (NAME: VALUE \n)* \n BODY
 *
 *   the request as given verifies or is refused with SW_AWS_ERROR_SIGNATURE and a service
 *   code, never both or neither;
 *   the same request signed with the endpoint's credentials (after dropping the headers
 *   signing writes itself) verifies, and gives the access key id back; with one byte of
 *   the signature changed it does not.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-aws-error.h"
#include "sw-credentials.h"
#include "sw-sigv4.h"
#include "sw-fuzz.h"

#define KEY_ID "AKIDEXAMPLE"

static SwCredentials *credentials;
static SwCredentials *with_token;
static GDateTime *now;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sw_fuzz_init ();
  credentials = sw_credentials_new (KEY_ID, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL,
                                    NULL);
  with_token = sw_credentials_new (KEY_ID, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                   "session-token", NULL);
  now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  return 0;
}

static SwCredentials *
lookup (const char *access_key_id,
        gpointer    user_data)
{
  return strcmp (access_key_id, KEY_ID) == 0 ? sw_credentials_ref (user_data) : NULL;
}

typedef struct
{
  char *method;
  char *path;
  char *query;
  GPtrArray *headers;   /* name, value, name, value… */
  GBytes *body;
} Input;

static void
input_clear (Input *input)
{
  g_free (input->method);
  g_free (input->path);
  g_free (input->query);
  g_ptr_array_unref (input->headers);
  g_bytes_unref (input->body);
}

static SwSigv4Request *
make_request (Input     *input,
              gboolean   signing)
{
  SwSigv4Request *request = sw_sigv4_request_new (input->method, input->path, input->query);

  for (guint i = 0; i + 1 < input->headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (input->headers, i);

      /* Signing writes these; a real client does not send them twice. */
      if (signing && (g_ascii_strcasecmp (name, "authorization") == 0 ||
                      g_ascii_strcasecmp (name, "x-amz-date") == 0 ||
                      g_ascii_strcasecmp (name, "x-amz-security-token") == 0 ||
                      g_ascii_strcasecmp (name, "x-amz-content-sha256") == 0))
        continue;
      sw_sigv4_request_add_header (request, name, g_ptr_array_index (input->headers, i + 1));
    }
  if (signing && sw_sigv4_request_get_header (request, "host") == NULL)
    sw_sigv4_request_add_header (request, "Host", "localhost:8083");
  sw_sigv4_request_set_body (request, input->body);
  return request;
}

static void
check_refusal (const GError *error)
{
  if (error == NULL || error->domain != SW_AWS_ERROR || error->code != SW_AWS_ERROR_SIGNATURE ||
      error->message == NULL || sw_aws_error_get_service_code (error) == NULL)
    sw_fuzz_fail ("a refusal that is not SW_AWS_ERROR_SIGNATURE with a code", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *p = (const char *) data, *end = p + size;
  SwCredentials *creds;
  Input input = { 0 };

  if (size < 1 || size > 8192)
    return 0;
  creds = data[0] & 1 ? with_token : credentials;
  p++;
  input.method = sw_fuzz_next_line (&p, end);
  input.path = sw_fuzz_next_line (&p, end);
  input.query = sw_fuzz_next_line (&p, end);
  input.headers = g_ptr_array_new_with_free_func (g_free);
  sw_fuzz_read_headers (&p, end, input.headers);
  input.body = g_bytes_new (p, end - p);

  /* As received. */
  {
    g_autoptr(SwSigv4Request) request = make_request (&input, FALSE);
    g_autoptr(GError) error = NULL;
    g_autofree char *key_id = NULL;
    gboolean valid;

    valid = sw_sigv4_verify (request, NULL, NULL, lookup, creds, now, 300, &key_id, &error);
    if (valid && (error != NULL || key_id == NULL))
      sw_fuzz_fail ("a valid request with an error or without its key", NULL);
    if (!valid)
      {
        check_refusal (error);
        if (key_id != NULL)
          sw_fuzz_fail ("a refused request gives a key", key_id);
      }
  }

  /* Signed properly. */
  {
    g_autoptr(SwSigv4Request) request = make_request (&input, TRUE);
    g_autoptr(SwSigv4Result) result = NULL;
    g_autoptr(SwSigv4Request) signed_request = NULL;
    g_autoptr(SwSigv4Request) tampered = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *key_id = NULL;
    g_autofree char *bad = NULL;

    result = sw_sigv4_sign (request, creds, "us-east-1", "states", now, 0,
                            SW_SIGV4_NORMALIZE_PATH);
    signed_request = make_request (&input, TRUE);
    tampered = make_request (&input, TRUE);
    for (guint i = 0; result->added_headers[i] != NULL; i += 2)
      {
        const char *name = result->added_headers[i];
        const char *value = result->added_headers[i + 1];

        sw_sigv4_request_add_header (signed_request, name, value);
        if (g_ascii_strcasecmp (name, "authorization") == 0)
          {
            bad = g_strdup (value);
            bad[strlen (bad) - 1] = bad[strlen (bad) - 1] == '0' ? '1' : '0';
            value = bad;
          }
        sw_sigv4_request_add_header (tampered, name, value);
      }
    if (!sw_sigv4_verify (signed_request, "us-east-1", "states", lookup, creds, now, 300,
                          &key_id, &error))
      sw_fuzz_fail ("a request we signed does not verify", error->message);
    if (key_id == NULL || strcmp (key_id, KEY_ID) != 0)
      sw_fuzz_fail ("a request we signed gives another key", key_id);
    g_clear_error (&error);
    if (sw_sigv4_verify (tampered, "us-east-1", "states", lookup, creds, now, 300, NULL,
                         &error))
      sw_fuzz_fail ("a request with a changed signature verifies", NULL);
    check_refusal (error);
  }

  input_clear (&input);
  return 0;
}
