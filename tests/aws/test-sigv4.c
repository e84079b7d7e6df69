/* test-sigv4.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The signer against the AWS signing test suite (every folder of $SW_SHARED_DATA/sigv4,
 * one test case each: canonical request, string to sign, signature and signed request, for
 * header signing and presigning), against botocore's signer on a few hundred random
 * requests, and the verifier against tampered requests. */

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-sigv4.h"
#include "../common/sw-test-python.h"

#define N_BOTOCORE_REQUESTS 400

static char *vector_dir;

typedef struct
{
  char *method;
  char *uri;
  char *path;
  char *query;
  char *head_lines; /* the header lines as written, each ending in \n */
  GPtrArray *names;
  GPtrArray *values;
  GBytes *body;
} RawRequest;

static void
raw_request_free (RawRequest *request)
{
  g_free (request->method);
  g_free (request->uri);
  g_free (request->path);
  g_free (request->query);
  g_free (request->head_lines);
  g_ptr_array_unref (request->names);
  g_ptr_array_unref (request->values);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawRequest, raw_request_free)

static char *
read_vector_file (const char *name,
                  const char *file)
{
  g_autofree char *path = g_build_filename (vector_dir, name, file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Reads request.txt: a request line whose URI may hold spaces, header lines (an indented
 * line continues the header above), then the body after an empty line. */
static RawRequest *
parse_request (const char *text)
{
  RawRequest *request = g_new0 (RawRequest, 1);
  const char *split = strstr (text, "\n\n");
  g_autofree char *head = NULL;
  g_auto(GStrv) lines = NULL;
  GString *head_lines = g_string_new (NULL);
  const char *first_space, *last_space, *question;

  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);
  if (split != NULL)
    {
      head = g_strndup (text, split - text);
      request->body = g_bytes_new (split + 2, strlen (split + 2));
    }
  else
    {
      head = g_strdup (text);
      if (g_str_has_suffix (head, "\n"))
        head[strlen (head) - 1] = '\0';
    }

  lines = g_strsplit (head, "\n", -1);
  first_space = strchr (lines[0], ' ');
  last_space = strrchr (lines[0], ' ');
  g_assert_nonnull (first_space);
  g_assert_true (last_space > first_space);
  request->method = g_strndup (lines[0], first_space - lines[0]);
  request->uri = g_strndup (first_space + 1, last_space - first_space - 1);
  question = strchr (request->uri, '?');
  request->path = question ? g_strndup (request->uri, question - request->uri)
                           : g_strdup (request->uri);
  request->query = question ? g_strdup (question + 1) : NULL;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon;

      g_string_append_printf (head_lines, "%s\n", lines[i]);
      if (lines[i][0] == ' ' || lines[i][0] == '\t')
        {
          char **value = (char **) &request->values->pdata[request->values->len - 1];
          char *joined = g_strconcat (*value, "\n", lines[i], NULL);

          g_free (*value);
          *value = joined;
          continue;
        }
      colon = strchr (lines[i], ':');
      g_assert_nonnull (colon);
      g_ptr_array_add (request->names, g_strndup (lines[i], colon - lines[i]));
      g_ptr_array_add (request->values, g_strdup (colon + 1));
    }
  request->head_lines = g_string_free (head_lines, FALSE);
  return request;
}

static void
check_mode (const char *name,
            const char *mode,
            JsonObject *context,
            RawRequest *raw)
{
  JsonObject *credentials = json_object_get_object_member (context, "credentials");
  g_autoptr(SwCredentials) creds = NULL;
  g_autoptr(SwSigv4Request) request = NULL;
  g_autoptr(SwSigv4Result) result = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GString) signed_request = g_string_new (NULL);
  g_autofree char *file = NULL;
  g_autofree char *expected_cr = NULL;
  g_autofree char *expected_sts = NULL;
  g_autofree char *expected_signature = NULL;
  g_autofree char *expected_request = NULL;
  gboolean presign = strcmp (mode, "query") == 0;
  SwSigv4Flags flags = SW_SIGV4_FLAGS_NONE;

  creds = sw_credentials_new (json_object_get_string_member (credentials, "access_key_id"),
                              json_object_get_string_member (credentials, "secret_access_key"),
                              json_object_get_string_member_with_default (credentials, "token",
                                                                          NULL),
                              NULL);
  time = g_date_time_new_from_iso8601 (json_object_get_string_member (context, "timestamp"),
                                       NULL);
  g_assert_nonnull (time);
  if (json_object_get_boolean_member (context, "normalize"))
    flags |= SW_SIGV4_NORMALIZE_PATH;
  if (json_object_get_boolean_member (context, "sign_body") && !presign)
    flags |= SW_SIGV4_CONTENT_SHA256_HEADER;
  if (json_object_get_boolean_member_with_default (context, "omit_session_token", FALSE))
    flags |= SW_SIGV4_OMIT_SESSION_TOKEN;
  if (presign)
    flags |= SW_SIGV4_PRESIGN;

  request = sw_sigv4_request_new (raw->method, raw->path, raw->query);
  for (guint i = 0; i < raw->names->len; i++)
    sw_sigv4_request_add_header (request, raw->names->pdata[i], raw->values->pdata[i]);
  sw_sigv4_request_set_body (request, raw->body);

  result = sw_sigv4_sign (request, creds, json_object_get_string_member (context, "region"),
                          json_object_get_string_member (context, "service"), time,
                          json_object_get_int_member (context, "expiration_in_seconds"), flags);

  file = g_strdup_printf ("%s-canonical-request.txt", mode);
  expected_cr = read_vector_file (name, file);
  g_assert_cmpstr (result->canonical_request, ==, expected_cr);
  g_free (file);
  file = g_strdup_printf ("%s-string-to-sign.txt", mode);
  expected_sts = read_vector_file (name, file);
  g_assert_cmpstr (result->string_to_sign, ==, expected_sts);
  g_free (file);
  file = g_strdup_printf ("%s-signature.txt", mode);
  expected_signature = g_strstrip (read_vector_file (name, file));
  g_assert_cmpstr (result->signature, ==, expected_signature);

  /* The whole signed request, as the suite writes it. */
  if (presign)
    {
      g_assert_nonnull (result->query);
      g_assert_null (result->authorization);
      g_assert_null (result->added_headers[0]);
      g_string_append_printf (signed_request, "%s %s?%s HTTP/1.1\n%s", raw->method, raw->path,
                              result->query, raw->head_lines);
    }
  else
    {
      g_assert_null (result->query);
      g_string_append_printf (signed_request, "%s %s HTTP/1.1\n%s", raw->method, raw->uri,
                              raw->head_lines);
      for (guint i = 0; result->added_headers[i] != NULL; i += 2)
        g_string_append_printf (signed_request, "%s:%s\n", result->added_headers[i],
                                result->added_headers[i + 1]);
    }
  g_string_append_c (signed_request, '\n');
  if (raw->body != NULL)
    g_string_append_len (signed_request, g_bytes_get_data (raw->body, NULL),
                         g_bytes_get_size (raw->body));
  g_free (file);
  file = g_strdup_printf ("%s-signed-request.txt", mode);
  expected_request = read_vector_file (name, file);
  g_assert_cmpstr (signed_request->str, ==, expected_request);
}

static void
test_vector (gconstpointer data)
{
  const char *name = data;
  g_autofree char *context_text = read_vector_file (name, "context.json");
  g_autofree char *request_text = read_vector_file (name, "request.txt");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RawRequest) raw = parse_request (request_text);
  g_autoptr(GError) error = NULL;
  JsonObject *context;

  json_parser_load_from_data (parser, context_text, -1, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));

  check_mode (name, "header", context, raw);
  check_mode (name, "query", context, raw);
}

static GPtrArray *
list_vectors (void)
{
  g_autoptr(GDir) dir = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  dir = g_dir_open (vector_dir, 0, NULL);
  if (dir == NULL)
    return names;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *context = g_build_filename (vector_dir, entry, "context.json", NULL);

      if (g_file_test (context, G_FILE_TEST_EXISTS))
        g_ptr_array_add (names, g_strdup (entry));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
test_vectors_present (gconstpointer data)
{
  const GPtrArray *names = data;

  /* The README names 38 cases; none may go missing unnoticed. */
  g_assert_cmpuint (names->len, ==, 38);
}

/* Random requests compared with botocore. */

static char *
random_string (GRand      *rand,
               const char *alphabet[],
               guint       n_alphabet,
               guint       min_length,
               guint       max_length)
{
  GString *out = g_string_new (NULL);
  guint length = g_rand_int_range (rand, min_length, max_length + 1);

  for (guint i = 0; i < length; i++)
    g_string_append (out, alphabet[g_rand_int_range (rand, 0, n_alphabet)]);
  return g_string_free (out, FALSE);
}

static const char *path_alphabet[] = {
  "a", "b", "Z", "0", "9", "-", "_", ".", "~", " ", "é", "✓", "%41", "%", "+", "=", "@",
  "!", "$", "'", "(", ")", "*", ",", ";", ":", "/", "/", "//", "/./", "/../", "..",
};

static const char *text_alphabet[] = {
  "a", "B", "c", "1", "-", "_", ".", "~", " ", "é", "😀", "/", "+", "=", "&", "?", "%", "#",
  "*", "'", "\"", ":", ",", ";", "[", "]",
};

static const char *header_value_alphabet[] = {
  "a", "B", "1", " ", "  ", "\t", "-", ",", ";", "=", "\"", "/", ":", "(", ")", "~", "!",
};

static const char *name_alphabet[] = {
  "a", "b", "C", "d", "E", "x", "0", "7", "-",
};

static const char *key_alphabet[] = {
  "A", "K", "I", "D", "Q", "0", "9",
};

static const char *secret_alphabet[] = {
  "a", "Z", "0", "/", "+", "k", "Q",
};

static char *
query_encode (GRand      *rand,
              const char *text)
{
  g_autofree char *encoded = sw_sigv4_uri_encode (text, -1, FALSE);

  /* Sometimes with lower-case hex digits, which decode the same. */
  if (g_rand_boolean (rand))
    for (char *p = encoded; *p != '\0'; p++)
      if (*p == '%' && p[1] != '\0' && p[2] != '\0')
        {
          p[1] = g_ascii_tolower (p[1]);
          p[2] = g_ascii_tolower (p[2]);
        }
  return g_steal_pointer (&encoded);
}

typedef struct
{
  SwSigv4Request *request;
  SwCredentials *credentials;
  char *region;
  char *service;
  GDateTime *time;
  guint expires;
  gboolean presign;
} RandomCase;

static void
random_case_clear (RandomCase *c)
{
  g_clear_pointer (&c->request, sw_sigv4_request_free);
  g_clear_pointer (&c->credentials, sw_credentials_unref);
  g_free (c->region);
  g_free (c->service);
  g_clear_pointer (&c->time, g_date_time_unref);
}

static void
make_random_case (GRand       *rand,
                  guint        index,
                  RandomCase  *c,
                  JsonBuilder *builder)
{
  static const char *methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD" };
  static const char *hosts[] = { "example.amazonaws.com", "States.EU-West-1.AmazonAWS.com",
                                 "127.0.0.1", "::1", "sub-1.example.org" };
  const char *method = methods[g_rand_int_range (rand, 0, G_N_ELEMENTS (methods))];
  const char *scheme = g_rand_boolean (rand) ? "https" : "http";
  const char *host = hosts[g_rand_int_range (rand, 0, G_N_ELEMENTS (hosts))];
  int port_choice = g_rand_int_range (rand, 0, 3);
  int port = port_choice == 0 ? -1 : port_choice == 1 ?
             (strcmp (scheme, "https") == 0 ? 443 : 80) : g_rand_int_range (rand, 1024, 65536);
  g_autofree char *segments = random_string (rand, path_alphabet,
                                             G_N_ELEMENTS (path_alphabet), 0, 12);
  g_autofree char *path = g_strconcat ("/", segments, NULL);
  g_autoptr(GUri) uri = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host, port, "/", NULL,
                                     NULL);
  g_autofree char *host_header = sw_sigv4_host_for_uri (uri);
  g_autofree char *url = NULL;
  g_autofree char *access_key = random_string (rand, key_alphabet,
                                               G_N_ELEMENTS (key_alphabet), 16, 20);
  g_autofree char *secret = random_string (rand, secret_alphabet,
                                           G_N_ELEMENTS (secret_alphabet), 30, 40);
  g_autofree char *token = g_rand_int_range (rand, 0, 3) == 0 ?
                           random_string (rand, secret_alphabet,
                                          G_N_ELEMENTS (secret_alphabet), 20, 200) : NULL;
  g_autofree char *timestamp = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autofree char *body64 = NULL;
  guint n_params = g_rand_int_range (rand, 0, 5);
  guint n_headers = g_rand_int_range (rand, 0, 6);

  c->presign = index % 2 == 1;
  c->region = random_string (rand, name_alphabet, G_N_ELEMENTS (name_alphabet), 2, 14);
  c->service = random_string (rand, name_alphabet, G_N_ELEMENTS (name_alphabet), 2, 10);
  c->time = g_date_time_new_utc (g_rand_int_range (rand, 2000, 2040),
                                 g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                                 g_rand_int_range (rand, 0, 24), g_rand_int_range (rand, 0, 60),
                                 g_rand_int_range (rand, 0, 60));
  c->expires = g_rand_int_range (rand, 1, 604801);
  c->credentials = sw_credentials_new (access_key, secret, token, NULL);
  timestamp = sw_sigv4_format_date (c->time);
  url = g_strdup_printf ("%s://%s%s%s%s", scheme,
                         strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
                         path);
  if (port > 0)
    {
      /* Put the port back between host and path. */
      g_free (url);
      url = g_strdup_printf ("%s://%s%s%s:%d%s", scheme, strchr (host, ':') ? "[" : "", host,
                             strchr (host, ':') ? "]" : "", port, path);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);

  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_params; i++)
    {
      g_autofree char *key = random_string (rand, text_alphabet,
                                            G_N_ELEMENTS (text_alphabet), 1, 8);
      /* Keys are unique, as a Python dict needs. */
      g_autofree char *unique_key = g_strdup_printf ("%s%u", key, i);
      g_autofree char *value = random_string (rand, text_alphabet,
                                              G_N_ELEMENTS (text_alphabet), 0, 10);
      g_autofree char *encoded_key = query_encode (rand, unique_key);
      g_autofree char *encoded_value = query_encode (rand, value);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, unique_key);
      json_builder_add_string_value (builder, value);
      json_builder_end_array (builder);
      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=%s", encoded_key, encoded_value);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < n_headers; i++)
      {
        char *name;

        if (i > 0 && g_rand_int_range (rand, 0, 4) == 0)
          name = g_strdup (g_ptr_array_index (names, g_rand_int_range (rand, 0, names->len)));
        else if (g_rand_int_range (rand, 0, 8) == 0)
          name = g_strdup ("User-Agent");
        else
          {
            g_autofree char *base = random_string (rand, name_alphabet,
                                                   G_N_ELEMENTS (name_alphabet), 1, 10);
            name = g_strdup_printf ("X-%s", base);
          }
        g_ptr_array_add (names, name);
        g_ptr_array_add (values, random_string (rand, header_value_alphabet,
                                                G_N_ELEMENTS (header_value_alphabet), 0, 16));
        json_builder_begin_array (builder);
        json_builder_add_string_value (builder, name);
        json_builder_add_string_value (builder, g_ptr_array_index (values, i));
        json_builder_end_array (builder);
      }
    json_builder_end_array (builder);

    c->request = sw_sigv4_request_new (method, path, query->len > 0 ? query->str : NULL);
    sw_sigv4_request_add_header (c->request, "Host", host_header);
    for (guint i = 0; i < names->len; i++)
      sw_sigv4_request_add_header (c->request, names->pdata[i], values->pdata[i]);
  }

  /* botocore moves a presigned request's body into its query: presign without one. */
  if (!c->presign)
    {
      guint length = g_rand_int_range (rand, 0, 3) == 0 ? 0 : g_rand_int_range (rand, 1, 300);

      for (guint i = 0; i < length; i++)
        {
          guint8 byte = g_rand_int_range (rand, 0, 256);

          g_byte_array_append (body, &byte, 1);
        }
    }
  body64 = g_base64_encode (body->data, body->len);
  if (body->len > 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body->data, body->len);

      sw_sigv4_request_set_body (c->request, bytes);
    }

  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body64);
  json_builder_set_member_name (builder, "access_key");
  json_builder_add_string_value (builder, access_key);
  json_builder_set_member_name (builder, "secret_key");
  json_builder_add_string_value (builder, secret);
  if (token != NULL)
    {
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
    }
  json_builder_set_member_name (builder, "presign");
  json_builder_add_boolean_value (builder, c->presign);
  json_builder_set_member_name (builder, "expires");
  json_builder_add_int_value (builder, c->expires);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, c->region);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, c->service);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, timestamp);
  json_builder_end_object (builder);
}

static void
test_botocore (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260517);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) output = NULL;
  RandomCase cases[N_BOTOCORE_REQUESTS] = { { 0 } };
  JsonArray *results;
  guint n_header = 0, n_presign = 0;

  if (!sw_test_python_has_module ("botocore.auth"))
    {
      g_test_skip ("python3 with botocore is not installed (python3-botocore)");
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < N_BOTOCORE_REQUESTS; i++)
    make_random_case (rand, i, &cases[i], builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  output = sw_test_python_run_json ("tests/aws/sigv4-botocore.py", root);
  results = json_node_get_array (output);
  g_assert_cmpuint (json_array_get_length (results), ==, N_BOTOCORE_REQUESTS);

  for (guint i = 0; i < N_BOTOCORE_REQUESTS; i++)
    {
      JsonObject *expected = json_array_get_object_element (results, i);
      g_autoptr(SwSigv4Result) result = NULL;
      SwSigv4Flags flags = SW_SIGV4_NORMALIZE_PATH;

      if (cases[i].presign)
        flags |= SW_SIGV4_PRESIGN;
      result = sw_sigv4_sign (cases[i].request, cases[i].credentials, cases[i].region,
                              cases[i].service, cases[i].time, cases[i].expires, flags);
      g_assert_cmpstr (result->canonical_request, ==,
                       json_object_get_string_member (expected, "canonical_request"));
      g_assert_cmpstr (result->string_to_sign, ==,
                       json_object_get_string_member (expected, "string_to_sign"));
      g_assert_cmpstr (result->signature, ==,
                       json_object_get_string_member (expected, "signature"));
      if (cases[i].presign)
        n_presign++;
      else
        {
          g_assert_cmpstr (result->authorization, ==,
                           json_object_get_string_member (expected, "authorization"));
          n_header++;
        }
      random_case_clear (&cases[i]);
    }
  g_test_message ("botocore agreed on %u header-signed and %u presigned requests",
                  n_header, n_presign);
  g_assert_cmpuint (n_header + n_presign, ==, N_BOTOCORE_REQUESTS);
}

/* The verifier. */

static SwCredentials *
lookup_cb (const char *access_key_id,
           gpointer    user_data)
{
  SwCredentials *known = user_data;

  if (strcmp (access_key_id, sw_credentials_get_access_key_id (known)) != 0)
    return NULL;
  return sw_credentials_ref (known);
}

/* Signs a POST as the Step Functions client does and returns it with the added headers. */
static SwSigv4Request *
signed_request (SwCredentials *credentials,
                GDateTime     *time,
                const char    *body)
{
  g_autoptr(SwSigv4Request) request = sw_sigv4_request_new ("POST", "/", NULL);
  g_autoptr(SwSigv4Result) result = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  SwSigv4Request *received = sw_sigv4_request_new ("POST", "/", NULL);

  sw_sigv4_request_add_header (request, "Host", "127.0.0.1:8083");
  sw_sigv4_request_add_header (request, "Content-Type", "application/x-amz-json-1.0");
  sw_sigv4_request_add_header (request, "X-Amz-Target", "AWSStepFunctions.ListStateMachines");
  sw_sigv4_request_set_body (request, bytes);
  result = sw_sigv4_sign (request, credentials, "us-east-1", "states", time, 0,
                          SW_SIGV4_NORMALIZE_PATH);

  sw_sigv4_request_add_header (received, "Host", "127.0.0.1:8083");
  sw_sigv4_request_add_header (received, "Content-Type", "application/x-amz-json-1.0");
  sw_sigv4_request_add_header (received, "X-Amz-Target", "AWSStepFunctions.ListStateMachines");
  sw_sigv4_request_add_header (received, "User-Agent", "stepwise/0");
  for (guint i = 0; result->added_headers[i] != NULL; i += 2)
    sw_sigv4_request_add_header (received, result->added_headers[i],
                                 result->added_headers[i + 1]);
  sw_sigv4_request_set_body (received, bytes);
  return received;
}

static void
expect_refused (SwSigv4Request *request,
                SwCredentials  *known,
                GDateTime      *now,
                const char     *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_assert_false (sw_sigv4_verify (request, "us-east-1", "states", lookup_cb, known, now, 300,
                                   &key, &error));
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_SIGNATURE);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, code);
  g_assert_cmpuint (sw_aws_error_get_http_status (error), ==, 400);
  g_assert_null (key);
}

static void
test_verify (void)
{
  g_autoptr(SwCredentials) known = sw_credentials_new ("AKIDVERIFY", "secret/key+1", NULL,
                                                       NULL);
  g_autoptr(SwCredentials) other = sw_credentials_new ("AKIDVERIFY", "another-secret", NULL,
                                                       NULL);
  g_autoptr(SwCredentials) stranger = sw_credentials_new ("AKIDSTRANGER", "secret/key+1",
                                                          NULL, NULL);
  g_autoptr(SwCredentials) temporary = sw_credentials_new ("AKIDVERIFY", "secret/key+1",
                                                           "token-1", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 17, 12, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_add_minutes (now, 6);
  g_autoptr(GDateTime) almost = g_date_time_add_minutes (now, 4);
  g_autoptr(SwSigv4Request) good = signed_request (known, now, "{}");
  g_autoptr(SwSigv4Request) wrong_secret = signed_request (other, now, "{}");
  g_autoptr(SwSigv4Request) unknown = signed_request (stranger, now, "{}");
  g_autoptr(SwSigv4Request) with_token = signed_request (temporary, now, "{}");
  g_autoptr(SwSigv4Request) unsigned_request = sw_sigv4_request_new ("POST", "/", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_assert_true (sw_sigv4_verify (good, "us-east-1", "states", lookup_cb, known, almost, 300,
                                  &key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "AKIDVERIFY");

  expect_refused (wrong_secret, known, now, "InvalidSignatureException");
  expect_refused (unknown, known, now, "UnrecognizedClientException");
  expect_refused (good, known, late, "InvalidSignatureException");
  expect_refused (unsigned_request, known, now, "MissingAuthenticationTokenException");
  /* A session token the credentials do not have. */
  expect_refused (with_token, known, now, "UnrecognizedClientException");

  /* A body changed on the way. */
  {
    g_autoptr(GBytes) changed = g_bytes_new_static ("{\"a\":1}", 7);

    sw_sigv4_request_set_body (good, changed);
    expect_refused (good, known, now, "InvalidSignatureException");
  }

  /* Wrong region or service in the scope. */
  {
    g_autoptr(SwSigv4Request) request = signed_request (known, now, "{}");

    g_assert_false (sw_sigv4_verify (request, "eu-west-1", "states", lookup_cb, known, now,
                                     300, NULL, &error));
    g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "InvalidSignatureException");
    g_clear_error (&error);
    g_assert_false (sw_sigv4_verify (request, NULL, "sagemaker", lookup_cb, known, now, 300,
                                     NULL, &error));
    g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "InvalidSignatureException");
    g_clear_error (&error);
    g_assert_true (sw_sigv4_verify (request, NULL, NULL, lookup_cb, known, now, 300, NULL,
                                    &error));
    g_assert_no_error (error);
  }

  /* A malformed Authorization header. */
  {
    g_autoptr(SwSigv4Request) request = sw_sigv4_request_new ("POST", "/", NULL);

    sw_sigv4_request_add_header (request, "Authorization",
                                 "AWS4-HMAC-SHA256 Credential=AKIDVERIFY/20260517");
    expect_refused (request, known, now, "IncompleteSignatureException");
  }
}

static void
test_helpers (void)
{
  g_autoptr(GUri) plain = g_uri_parse ("https://States.US-East-1.amazonaws.com/",
                                       G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) default_port = g_uri_parse ("http://localhost:80/", G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) port = g_uri_parse ("http://127.0.0.1:8083/", G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) ipv6 = g_uri_parse ("https://[::1]:9000/", G_URI_FLAGS_NONE, NULL);
  g_autofree char *h1 = sw_sigv4_host_for_uri (plain);
  g_autofree char *h2 = sw_sigv4_host_for_uri (default_port);
  g_autofree char *h3 = sw_sigv4_host_for_uri (port);
  g_autofree char *h4 = sw_sigv4_host_for_uri (ipv6);
  g_autofree char *encoded = sw_sigv4_uri_encode ("a b/ü~-_.*", -1, FALSE);
  g_autofree char *path = sw_sigv4_uri_encode ("a b/ü", -1, TRUE);
  g_autoptr(GDateTime) time = sw_sigv4_parse_date ("20150830T123600Z");
  g_autofree char *formatted = NULL;

  g_assert_cmpstr (h1, ==, "states.us-east-1.amazonaws.com");
  g_assert_cmpstr (h2, ==, "localhost");
  g_assert_cmpstr (h3, ==, "127.0.0.1:8083");
  g_assert_cmpstr (h4, ==, "[::1]:9000");
  g_assert_cmpstr (encoded, ==, "a%20b%2F%C3%BC~-_.%2A");
  g_assert_cmpstr (path, ==, "a%20b/%C3%BC");
  g_assert_nonnull (time);
  formatted = sw_sigv4_format_date (time);
  g_assert_cmpstr (formatted, ==, "20150830T123600Z");
  g_assert_null (sw_sigv4_parse_date ("2015-08-30T12:36:00Z"));
  g_assert_null (sw_sigv4_parse_date ("20150830T1236000"));
  g_assert_null (sw_sigv4_parse_date ("20151330T123600Z"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) vectors = NULL;
  const char *shared;

  g_test_init (&argc, &argv, NULL);

  shared = g_getenv ("SW_SHARED_DATA");
  g_assert_nonnull (shared);
  vector_dir = g_build_filename (shared, "sigv4", NULL);
  vectors = list_vectors ();

  g_test_add_data_func ("/aws/sigv4/vectors-present", vectors, test_vectors_present);
  for (guint i = 0; i < vectors->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/aws/sigv4/vector/%s",
                                               (char *) vectors->pdata[i]);

      g_test_add_data_func (path, vectors->pdata[i], test_vector);
    }
  g_test_add_func ("/aws/sigv4/botocore", test_botocore);
  g_test_add_func ("/aws/sigv4/verify", test_verify);
  g_test_add_func ("/aws/sigv4/helpers", test_helpers);

  return g_test_run ();
}
