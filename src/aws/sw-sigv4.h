/* sw-sigv4.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-credentials.h"

G_BEGIN_DECLS

#define SW_SIGV4_ALGORITHM "AWS4-HMAC-SHA256"

/**
 * SwSigv4Flags:
 * @SW_SIGV4_FLAGS_NONE: sign the headers, path as given
 * @SW_SIGV4_NORMALIZE_PATH: remove `.` and `..` segments and repeated slashes from the path
 *   before encoding it (every service but S3)
 * @SW_SIGV4_CONTENT_SHA256_HEADER: add and sign an `x-amz-content-sha256` header
 * @SW_SIGV4_OMIT_SESSION_TOKEN: add the session token after signing, unsigned (as STS
 *   needs for some clients)
 * @SW_SIGV4_PRESIGN: sign in the query string (a presigned URL) instead of the
 *   `Authorization` header
 *
 * How sw_sigv4_sign() signs.
 */
typedef enum
{
  SW_SIGV4_FLAGS_NONE = 0,
  SW_SIGV4_NORMALIZE_PATH = 1 << 0,
  SW_SIGV4_CONTENT_SHA256_HEADER = 1 << 1,
  SW_SIGV4_OMIT_SESSION_TOKEN = 1 << 2,
  SW_SIGV4_PRESIGN = 1 << 3,
} SwSigv4Flags;

typedef struct _SwSigv4Request SwSigv4Request;

/**
 * SwSigv4Result:
 * @canonical_request: the canonical request
 * @string_to_sign: the string to sign
 * @signature: the signature, 64 lowercase hex digits
 * @signed_headers: the signed header names, `;`-separated
 * @authorization: (nullable): the `Authorization` header value (header signing)
 * @query: (nullable): the query string to send (presigning): the request's query, then the
 *   authentication parameters and `X-Amz-Signature`
 * @added_headers: the headers to add to the request before sending, as a %NULL-terminated
 *   list of names and values (`name0, value0, name1, value1, …`)
 *
 * What sw_sigv4_sign() computed. Holds the signature: never log it.
 */
typedef struct
{
  char *canonical_request;
  char *string_to_sign;
  char *signature;
  char *signed_headers;
  char *authorization;
  char *query;
  GStrv added_headers;
} SwSigv4Result;

/**
 * SwSigv4LookupFunc:
 * @access_key_id: the access key id a request names
 * @user_data: the data given to sw_sigv4_verify()
 *
 * Returns: (transfer full) (nullable): the credentials of @access_key_id, %NULL if unknown
 */
typedef SwCredentials *(*SwSigv4LookupFunc) (const char *access_key_id,
                                             gpointer    user_data);

SwSigv4Request *sw_sigv4_request_new        (const char            *method,
                                             const char            *path,
                                             const char            *query);
void            sw_sigv4_request_free       (SwSigv4Request        *request);
void            sw_sigv4_request_add_header (SwSigv4Request        *request,
                                             const char            *name,
                                             const char            *value);
const char     *sw_sigv4_request_get_header (const SwSigv4Request  *request,
                                             const char            *name);
void            sw_sigv4_request_set_body   (SwSigv4Request        *request,
                                             GBytes                *body);

SwSigv4Result  *sw_sigv4_sign               (const SwSigv4Request  *request,
                                             const SwCredentials   *credentials,
                                             const char            *region,
                                             const char            *service,
                                             GDateTime             *time,
                                             guint                  expires_in,
                                             SwSigv4Flags           flags);
void            sw_sigv4_result_free        (SwSigv4Result         *result);

gboolean        sw_sigv4_verify             (const SwSigv4Request  *request,
                                             const char            *region,
                                             const char            *service,
                                             SwSigv4LookupFunc      lookup,
                                             gpointer               user_data,
                                             GDateTime             *now,
                                             guint                  max_skew_seconds,
                                             char                 **access_key_id,
                                             GError               **error);

char           *sw_sigv4_uri_encode         (const char            *data,
                                             gssize                 length,
                                             gboolean               keep_slash);
char           *sw_sigv4_host_for_uri       (GUri                  *uri);
char           *sw_sigv4_format_date        (GDateTime             *time);
GDateTime      *sw_sigv4_parse_date         (const char            *amz_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwSigv4Request, sw_sigv4_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwSigv4Result, sw_sigv4_result_free)

G_END_DECLS
