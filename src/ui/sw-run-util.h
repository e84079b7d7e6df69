/* sw-run-util.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Small helpers shared by the run monitor's files; no GTK. */

/* A timestamp as Step Functions sends it (epoch seconds, or an ISO 8601 string), in
 * seconds since the epoch; 0 when absent. */
double      sw_run_json_get_time      (JsonObject   *object,
                                       const char   *member);
const char *sw_run_json_get_string    (JsonObject   *object,
                                       const char   *member);
JsonObject *sw_run_json_get_object    (JsonObject   *object,
                                       const char   *member);
/* Pretty-prints JSON text (2 spaces); returns a copy of @text when it does not parse. */
char       *sw_run_pretty_json        (const char   *text);
char       *sw_run_format_time        (double        seconds);
char       *sw_run_format_duration    (double        seconds);
/* "Code: message" in the service's words, for toasts and inline messages. */
char       *sw_run_format_error       (const GError *error);
gboolean    sw_run_error_is_throttling (const GError *error);
gboolean    sw_run_error_is_credentials (const GError *error);
/* The endpoint cannot be reached (connection refused, host gone). */
gboolean    sw_run_error_is_unreachable (const GError *error);
/* The execution or state machine no longer exists. */
gboolean    sw_run_error_is_gone      (const GError *error);
/* The app's settings when its schema is installed and has @key; NULL otherwise (tests
 * without the compiled schema). */
GSettings  *sw_run_app_settings_with  (const char    *key);
/* Stops a poll: removes the pending timeout and cancels and drops the requests in flight. */
void        sw_run_poll_stop          (guint         *timeout_id,
                                       GCancellable **cancellable);

G_END_DECLS
