/* sw-test-http-server.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sw-test-http-server.h"

struct _SwTestHttpServer
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;
  char *url;
  GMutex lock;
  GCond ready;
  gboolean started;
  gint requests;
  gint token_requests;
};

static void
set_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
reply (SoupServerMessage *message,
       guint              status,
       const char        *type,
       const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  SwTestHttpServer *self = user_data;
  const char *to = query != NULL ? g_hash_table_lookup (query, "to") : NULL;

  g_atomic_int_inc (&self->requests);
  if (strcmp (path, "/redirect") == 0 && to != NULL)
    {
      soup_server_message_set_redirect (message, 302, to);
      return;
    }
  if (strcmp (path, "/big") == 0)
    {
      SoupMessageBody *response = soup_server_message_get_response_body (message);
      g_autofree char *block = g_strnfill (64 * 1024, 'a');

      soup_server_message_set_status (message, 200, NULL);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (message),
                                             "text/plain", NULL);
      if (query != NULL && g_hash_table_contains (query, "chunked"))
        soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                           SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < 16; i++)
        soup_message_body_append (response, SOUP_MEMORY_COPY, block, 64 * 1024);
      soup_message_body_complete (response);
      return;
    }
  if (strcmp (path, "/missing") == 0)
    {
      reply (message, 404, "application/json", "{\"message\": \"no such thing\"}");
      return;
    }
  if (strcmp (path, "/text") == 0)
    {
      reply (message, 200, "text/plain", "plain words");
      return;
    }
  if (strcmp (path, "/oauth/token") == 0)
    {
      g_atomic_int_inc (&self->token_requests);
      if (strstr (body, "grant_type=client_credentials") != NULL)
        reply (message, 200, "application/json",
               "{\"access_token\": \"tok-123\", \"expires_in\": 3600}");
      else
        reply (message, 400, "application/json", "{}");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  set_member (builder, "method", soup_server_message_get_method (message));
  set_member (builder, "path", path);
  set_member (builder, "query", g_uri_get_query (soup_server_message_get_uri (message)));
  set_member (builder, "contentType", soup_message_headers_get_one (headers, "Content-Type"));
  set_member (builder, "apiKey", soup_message_headers_get_one (headers, "x-api-key"));
  set_member (builder, "authorization",
              soup_message_headers_get_one (headers, "Authorization"));
  set_member (builder, "body", g_bytes_get_size (bytes) > 0 ? body : NULL);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_message_headers_append (soup_server_message_get_response_headers (message),
                               "X-Test", "yes");
  reply (message, 200, "application/json", text);
}

static gpointer
serve (gpointer data)
{
  SwTestHttpServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("The test HTTP server cannot listen: %s", error->message);
  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

SwTestHttpServer *
sw_test_http_server_start (void)
{
  SwTestHttpServer *self = g_new0 (SwTestHttpServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-http-server", serve, self);
  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

const char *
sw_test_http_server_get_url (SwTestHttpServer *self)
{
  return self->url;
}

guint
sw_test_http_server_get_requests (SwTestHttpServer *self)
{
  return (guint) g_atomic_int_get (&self->requests);
}

guint
sw_test_http_server_get_token_requests (SwTestHttpServer *self)
{
  return (guint) g_atomic_int_get (&self->token_requests);
}

static gboolean
quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
sw_test_http_server_stop (SwTestHttpServer *self)
{
  g_main_context_invoke (self->context, quit, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->url);
  g_free (self);
}
