/* sw-test-http-server.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A loopback HTTP server on its own thread, for tests of HTTP Tasks. It answers:
 * - /missing: 404 with {"message": "no such thing"};
 * - /text: 200, text/plain "plain words";
 * - /oauth/token: 200 with {"access_token": "tok-123", "expires_in": 3600} when the request is
 *   a client credentials grant (form body grant_type=client_credentials), else 400;
 * - /redirect?to=URL: 302 to URL;
 * - /big: 200, text/plain, 1 MiB of "a" (with Content-Length; chunked when ?chunked is given);
 * - anything else: 200 with the request echoed as JSON {method, path, query, contentType,
 *   apiKey, authorization, body} (null for what is absent), and the header X-Test: yes. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SwTestHttpServer SwTestHttpServer;

SwTestHttpServer *sw_test_http_server_start   (void);
/* "http://127.0.0.1:PORT", without a final slash. */
const char       *sw_test_http_server_get_url (SwTestHttpServer *server);
/* How many requests the server got, all paths; and how many to /oauth/token. */
guint             sw_test_http_server_get_requests       (SwTestHttpServer *server);
guint             sw_test_http_server_get_token_requests (SwTestHttpServer *server);
void              sw_test_http_server_stop    (SwTestHttpServer *server);

G_END_DECLS
