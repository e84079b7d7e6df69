/* sw-sigv4.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* AWS Signature Version 4, as the SDKs compute it: the path is encoded once more on top of
 * its wire form (every service but S3), query parameters are decoded then re-encoded with
 * the unreserved set and sorted by key then value, header values are trimmed with inner
 * runs of white space folded to one space, and repeated headers are joined with commas.
 *
 * Secrets, signing keys and signatures go nowhere but the returned result: no g_debug()
 * here prints them. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-sigv4.h"

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct _SwSigv4Request
{
  char *method;
  char *path;
  char *query;
  GPtrArray *names;
  GPtrArray *values;
  GBytes *body;
};

typedef struct
{
  char *key;
  char *value;
} QueryPair;

typedef struct
{
  char *name;
  char *value;
  guint order;
} Header;

/* Headers the SDKs never sign: proxies and clients change them in flight. */
static const char *const unsigned_headers[] = { "expect", "user-agent", "x-amzn-trace-id" };

/**
 * sw_sigv4_request_new:
 * @method: the HTTP method
 * @path: the path as sent on the wire (already percent-encoded where needed)
 * @query: (nullable): the query string as sent, without `?`
 *
 * Returns: (transfer full): a request to sign or verify
 */
SwSigv4Request *
sw_sigv4_request_new (const char *method,
                      const char *path,
                      const char *query)
{
  SwSigv4Request *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (SwSigv4Request, 1);
  self->method = g_ascii_strup (method, -1);
  self->path = g_strdup (path);
  self->query = query != NULL && *query != '\0' ? g_strdup (query) : NULL;
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
sw_sigv4_request_free (SwSigv4Request *self)
{
  if (self == NULL)
    return;
  g_free (self->method);
  g_free (self->path);
  g_free (self->query);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->values);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

/**
 * sw_sigv4_request_add_header:
 * @name: a header name, any case
 * @value: its value; a header added twice is signed with both values
 */
void
sw_sigv4_request_add_header (SwSigv4Request *self,
                             const char     *name,
                             const char     *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (self->names, g_strdup (name));
  g_ptr_array_add (self->values, g_strdup (value));
}

/**
 * sw_sigv4_request_get_header:
 * @name: a header name, any case
 *
 * Returns: (nullable): the first value of the header
 */
const char *
sw_sigv4_request_get_header (const SwSigv4Request *self,
                             const char           *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->names, i), name) == 0)
      return g_ptr_array_index (self->values, i);
  return NULL;
}

/**
 * sw_sigv4_request_set_body:
 * @body: (nullable): the body; %NULL for none
 */
void
sw_sigv4_request_set_body (SwSigv4Request *self,
                           GBytes         *body)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->body, g_bytes_unref);
  if (body != NULL)
    self->body = g_bytes_ref (body);
}

void
sw_sigv4_result_free (SwSigv4Result *result)
{
  if (result == NULL)
    return;
  g_free (result->canonical_request);
  g_free (result->string_to_sign);
  g_free (result->signature);
  g_free (result->signed_headers);
  g_free (result->authorization);
  g_free (result->query);
  g_strfreev (result->added_headers);
  g_free (result);
}

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

static void
append_encoded (GString    *out,
                const char *data,
                gsize       length,
                gboolean    keep_slash)
{
  static const char hex[] = "0123456789ABCDEF";

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        g_string_append_c (out, (char) c);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }
}

/**
 * sw_sigv4_uri_encode:
 * @data: bytes
 * @length: their length, or -1 for a NUL-terminated string
 * @keep_slash: whether `/` stays as it is (paths)
 *
 * Percent-encodes every byte but the unreserved characters of RFC 3986
 * (`A-Z a-z 0-9 - _ . ~`), with upper-case hex digits.
 *
 * Returns: (transfer full): the encoded text
 */
char *
sw_sigv4_uri_encode (const char *data,
                     gssize      length,
                     gboolean    keep_slash)
{
  GString *out;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);
  out = g_string_sized_new (length + 8);
  append_encoded (out, data, length, keep_slash);
  return g_string_free (out, FALSE);
}

static GString *
percent_decode (const char *data,
                gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '%' && i + 2 < length &&
          g_ascii_isxdigit (data[i + 1]) && g_ascii_isxdigit (data[i + 2]))
        {
          g_string_append_c (out, (char) ((g_ascii_xdigit_value (data[i + 1]) << 4) |
                                          g_ascii_xdigit_value (data[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, data[i]);
    }
  return out;
}

static void
query_pair_clear (QueryPair *pair)
{
  g_free (pair->key);
  g_free (pair->value);
}

static int
query_pair_compare (gconstpointer a,
                    gconstpointer b)
{
  const QueryPair *pa = a;
  const QueryPair *pb = b;
  int cmp = strcmp (pa->key, pb->key);

  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

static char *
encode_component (const char *raw,
                  gsize       length)
{
  g_autoptr(GString) decoded = percent_decode (raw, length);

  return sw_sigv4_uri_encode (decoded->str, decoded->len, FALSE);
}

/* Adds the parameters of a wire query string: each key and value decoded, then encoded the
 * canonical way, so `%E1%88%B4` and the raw UTF-8 bytes sign alike. */
static void
add_query_pairs (GArray     *pairs,
                 const char *query)
{
  const char *p = query;

  if (query == NULL)
    return;

  while (*p != '\0')
    {
      const char *end = strchr (p, '&');
      const char *eq;
      QueryPair pair;

      if (end == NULL)
        end = p + strlen (p);
      if (end > p)
        {
          eq = memchr (p, '=', end - p);
          if (eq != NULL)
            {
              pair.key = encode_component (p, eq - p);
              pair.value = encode_component (eq + 1, end - eq - 1);
            }
          else
            {
              pair.key = encode_component (p, end - p);
              pair.value = g_strdup ("");
            }
          g_array_append_val (pairs, pair);
        }
      p = *end == '&' ? end + 1 : end;
    }
}

static void
add_raw_pair (GArray     *pairs,
              const char *key,
              const char *value)
{
  QueryPair pair;

  pair.key = sw_sigv4_uri_encode (key, -1, FALSE);
  pair.value = sw_sigv4_uri_encode (value, -1, FALSE);
  g_array_append_val (pairs, pair);
}

static char *
canonical_query (GArray *pairs)
{
  GString *out = g_string_new (NULL);

  g_array_sort (pairs, query_pair_compare);
  for (guint i = 0; i < pairs->len; i++)
    {
      const QueryPair *pair = &g_array_index (pairs, QueryPair, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append (out, pair->key);
      g_string_append_c (out, '=');
      g_string_append (out, pair->value);
    }
  return g_string_free (out, FALSE);
}

/* RFC 3986 section 5.2.4, plus the removal of empty segments the services expect: the same
 * rules as botocore's remove_dot_segments(). */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *out;
  gsize length = strlen (path);

  if (length == 0)
    return g_strdup ("/");

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *segment = segments[i];

      if (*segment == '\0' || strcmp (segment, ".") == 0)
        continue;
      if (strcmp (segment, "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, (gpointer) segment);
    }

  out = g_string_new (path[0] == '/' ? "/" : "");
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }
  if (path[length - 1] == '/' && kept->len > 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

static char *
canonical_path (const char *path,
                gboolean    normalize)
{
  g_autofree char *normalized = NULL;

  if (*path == '\0')
    return g_strdup ("/");
  if (normalize)
    path = normalized = normalize_path (path);
  return sw_sigv4_uri_encode (path, -1, TRUE);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char *
trim_all (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));
  gboolean pending_space = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (is_space (*p))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
header_clear (Header *header)
{
  g_free (header->name);
  g_free (header->value);
}

static int
header_compare (gconstpointer a,
                gconstpointer b)
{
  const Header *ha = a;
  const Header *hb = b;
  int cmp = strcmp (ha->name, hb->name);

  if (cmp != 0)
    return cmp;
  return ha->order < hb->order ? -1 : ha->order > hb->order;
}

static void
add_header (GArray     *headers,
            const char *name,
            const char *value)
{
  Header header;

  header.name = g_ascii_strdown (name, -1);
  g_strstrip (header.name);
  header.value = trim_all (value);
  header.order = headers->len;
  g_array_append_val (headers, header);
}

/* Sorts @headers and writes the canonical header block and the signed header list. */
static void
canonical_headers (GArray  *headers,
                   char   **block,
                   char   **signed_names)
{
  GString *out = g_string_new (NULL);
  GString *names = g_string_new (NULL);

  g_array_sort (headers, header_compare);
  for (guint i = 0; i < headers->len; i++)
    {
      const Header *header = &g_array_index (headers, Header, i);

      if (i > 0 && strcmp (header->name, g_array_index (headers, Header, i - 1).name) == 0)
        {
          g_string_append_c (out, ',');
          g_string_append (out, header->value);
          continue;
        }
      if (i > 0)
        {
          g_string_append_c (out, '\n');
          g_string_append_c (names, ';');
        }
      g_string_append (out, header->name);
      g_string_append_c (out, ':');
      g_string_append (out, header->value);
      g_string_append (names, header->name);
    }
  g_string_append_c (out, '\n');
  *block = g_string_free (out, FALSE);
  *signed_names = g_string_free (names, FALSE);
}

static char *
payload_hash (GBytes *body)
{
  gsize length = 0;
  const guchar *data;

  if (body == NULL)
    return g_strdup (EMPTY_SHA256);
  data = g_bytes_get_data (body, &length);
  if (length == 0)
    return g_strdup (EMPTY_SHA256);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

static void
hmac_sha256 (const guchar *key,
             gsize         key_length,
             const char   *data,
             guchar        out[32])
{
  GHmac *hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize length = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &length);
  g_hmac_unref (hmac);
}

static void
wipe (void  *data,
      gsize  length)
{
  volatile guchar *p = data;

  while (length-- > 0)
    *p++ = 0;
}

static char *
compute_signature (const char *secret,
                   const char *date,
                   const char *region,
                   const char *service,
                   const char *string_to_sign)
{
  g_autofree char *secret_key = g_strconcat ("AWS4", secret, NULL);
  guchar k_date[32], k_region[32], k_service[32], k_signing[32], signature[32];
  char hex[65];

  hmac_sha256 ((const guchar *) secret_key, strlen (secret_key), date, k_date);
  hmac_sha256 (k_date, 32, region, k_region);
  hmac_sha256 (k_region, 32, service, k_service);
  hmac_sha256 (k_service, 32, "aws4_request", k_signing);
  hmac_sha256 (k_signing, 32, string_to_sign, signature);
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", signature[i]);

  wipe (secret_key, strlen (secret_key));
  wipe (k_date, 32);
  wipe (k_region, 32);
  wipe (k_service, 32);
  wipe (k_signing, 32);
  return g_strdup (hex);
}

/* The three steps every signing shares, from canonical parts to the signature. */
static void
sign_parts (SwSigv4Result *result,
            const char    *method,
            const char    *path,
            const char    *query,
            const char    *header_block,
            const char    *hash,
            const char    *amz_date,
            const char    *scope,
            const char    *secret,
            const char    *region,
            const char    *service)
{
  g_autofree char *date = g_strndup (amz_date, 8);
  g_autofree char *request_hash = NULL;

  result->canonical_request = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s", method, path, query,
                                               header_block, result->signed_headers, hash);
  request_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                result->canonical_request, -1);
  result->string_to_sign = g_strdup_printf (SW_SIGV4_ALGORITHM "\n%s\n%s\n%s", amz_date, scope,
                                            request_hash);
  result->signature = compute_signature (secret, date, region, service,
                                         result->string_to_sign);
}

/**
 * sw_sigv4_format_date:
 * @time: a time
 *
 * Returns: (transfer full): @time in UTC as `YYYYMMDDTHHMMSSZ`
 */
char *
sw_sigv4_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

/**
 * sw_sigv4_parse_date:
 * @amz_date: a time written `YYYYMMDDTHHMMSSZ`
 *
 * Returns: (transfer full) (nullable): the time, %NULL if @amz_date is not of that form
 */
GDateTime *
sw_sigv4_parse_date (const char *amz_date)
{
  int field[6] = { 0 };
  const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  const char *p = amz_date;

  g_return_val_if_fail (amz_date != NULL, NULL);

  if (strlen (amz_date) != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z')
    return NULL;
  for (guint f = 0; f < 6; f++)
    {
      if (f == 3)
        p++;
      for (int i = 0; i < widths[f]; i++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return NULL;
          field[f] = field[f] * 10 + (*p - '0');
        }
    }
  return g_date_time_new_utc (field[0], field[1], field[2], field[3], field[4], field[5]);
}

static gboolean
is_excluded_header (const char   *name,
                    SwSigv4Flags  flags)
{
  for (guint i = 0; i < G_N_ELEMENTS (unsigned_headers); i++)
    if (g_ascii_strcasecmp (name, unsigned_headers[i]) == 0)
      return TRUE;
  if (g_ascii_strcasecmp (name, "authorization") == 0)
    return TRUE;
  if (flags & SW_SIGV4_PRESIGN)
    return FALSE;
  /* Header signing writes these itself. */
  return g_ascii_strcasecmp (name, "x-amz-date") == 0 ||
         g_ascii_strcasecmp (name, "x-amz-security-token") == 0 ||
         ((flags & SW_SIGV4_CONTENT_SHA256_HEADER) &&
          g_ascii_strcasecmp (name, "x-amz-content-sha256") == 0);
}

/**
 * sw_sigv4_sign:
 * @request: the request
 * @credentials: the credentials to sign with
 * @region: the signing region, such as `us-east-1`
 * @service: the signing name, such as `states`
 * @time: the signing time
 * @expires_in: seconds a presigned request stays valid (presigning only)
 * @flags: how to sign
 *
 * Signs @request. With header signing the caller adds @added_headers of the result to the
 * request; with presigning it replaces the query string by @query of the result.
 *
 * Returns: (transfer full): the canonical request, string to sign and signature
 */
SwSigv4Result *
sw_sigv4_sign (const SwSigv4Request *request,
               const SwCredentials  *credentials,
               const char           *region,
               const char           *service,
               GDateTime            *time,
               guint                 expires_in,
               SwSigv4Flags          flags)
{
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GStrvBuilder) added = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *header_block = NULL;
  const char *token;
  SwSigv4Result *result;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (region != NULL && *region != '\0', NULL);
  g_return_val_if_fail (service != NULL && *service != '\0', NULL);
  g_return_val_if_fail (time != NULL, NULL);

  result = g_new0 (SwSigv4Result, 1);
  amz_date = sw_sigv4_format_date (time);
  date = g_strndup (amz_date, 8);
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", date, region, service);
  credential = g_strdup_printf ("%s/%s", sw_credentials_get_access_key_id (credentials), scope);
  token = sw_credentials_get_session_token (credentials);
  hash = payload_hash (request->body);
  path = canonical_path (request->path, (flags & SW_SIGV4_NORMALIZE_PATH) != 0);

  headers = g_array_new (FALSE, FALSE, sizeof (Header));
  g_array_set_clear_func (headers, (GDestroyNotify) header_clear);
  for (guint i = 0; i < request->names->len; i++)
    if (!is_excluded_header (g_ptr_array_index (request->names, i), flags))
      add_header (headers, g_ptr_array_index (request->names, i),
                  g_ptr_array_index (request->values, i));

  pairs = g_array_new (FALSE, FALSE, sizeof (QueryPair));
  g_array_set_clear_func (pairs, (GDestroyNotify) query_pair_clear);
  add_query_pairs (pairs, request->query);
  added = g_strv_builder_new ();

  if (flags & SW_SIGV4_PRESIGN)
    {
      g_autofree char *expires = g_strdup_printf ("%u", expires_in);
      g_autoptr(GString) sent = g_string_new (request->query);

      canonical_headers (headers, &header_block, &result->signed_headers);
      add_raw_pair (pairs, "X-Amz-Algorithm", SW_SIGV4_ALGORITHM);
      add_raw_pair (pairs, "X-Amz-Credential", credential);
      add_raw_pair (pairs, "X-Amz-Date", amz_date);
      add_raw_pair (pairs, "X-Amz-Expires", expires);
      add_raw_pair (pairs, "X-Amz-SignedHeaders", result->signed_headers);
      if (token != NULL && !(flags & SW_SIGV4_OMIT_SESSION_TOKEN))
        add_raw_pair (pairs, "X-Amz-Security-Token", token);
      query = canonical_query (pairs);

      sign_parts (result, request->method, path, query, header_block, hash, amz_date, scope,
                  sw_credentials_get_secret_access_key (credentials), region, service);

      /* The order of the presigned URLs of the AWS signing test suite. */
      if (sent->len > 0)
        g_string_append_c (sent, '&');
      g_string_append (sent, "X-Amz-Algorithm=" SW_SIGV4_ALGORITHM "&X-Amz-Credential=");
      append_encoded (sent, credential, strlen (credential), FALSE);
      g_string_append_printf (sent, "&X-Amz-Date=%s&X-Amz-SignedHeaders=", amz_date);
      append_encoded (sent, result->signed_headers, strlen (result->signed_headers), FALSE);
      g_string_append_printf (sent, "&X-Amz-Expires=%u", expires_in);
      if (token != NULL)
        {
          g_string_append (sent, "&X-Amz-Security-Token=");
          append_encoded (sent, token, strlen (token), FALSE);
        }
      g_string_append_printf (sent, "&X-Amz-Signature=%s", result->signature);
      result->query = g_string_free (g_steal_pointer (&sent), FALSE);
    }
  else
    {
      if (token != NULL)
        {
          g_strv_builder_add_many (added, "X-Amz-Security-Token", token, NULL);
          if (!(flags & SW_SIGV4_OMIT_SESSION_TOKEN))
            add_header (headers, "x-amz-security-token", token);
        }
      g_strv_builder_add_many (added, "X-Amz-Date", amz_date, NULL);
      add_header (headers, "x-amz-date", amz_date);
      if (flags & SW_SIGV4_CONTENT_SHA256_HEADER)
        {
          g_strv_builder_add_many (added, "x-amz-content-sha256", hash, NULL);
          add_header (headers, "x-amz-content-sha256", hash);
        }
      canonical_headers (headers, &header_block, &result->signed_headers);
      query = canonical_query (pairs);

      sign_parts (result, request->method, path, query, header_block, hash, amz_date, scope,
                  sw_credentials_get_secret_access_key (credentials), region, service);

      result->authorization = g_strdup_printf (SW_SIGV4_ALGORITHM " Credential=%s, "
                                               "SignedHeaders=%s, Signature=%s",
                                               credential, result->signed_headers,
                                               result->signature);
      g_strv_builder_add_many (added, "Authorization", result->authorization, NULL);
    }

  result->added_headers = g_strv_builder_end (added);
  return result;
}

/* Compares without an early exit, so the time taken tells nothing about the expected value. */
static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guchar diff = la != lb;

  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];
  return diff == 0;
}

static gboolean
fail (GError     **error,
      const char  *code,
      const char  *message)
{
  sw_aws_error_set_service (error, SW_AWS_ERROR_SIGNATURE, 400, code, message, NULL);
  return FALSE;
}

static gboolean
name_in_list (const char *name,
              GStrv       list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (list[i], name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * sw_sigv4_verify:
 * @request: a request as received, with all its headers and its body
 * @region: (nullable): the region the credential scope must name, %NULL for any
 * @service: (nullable): the service the credential scope must name, %NULL for any
 * @lookup: (scope call): finds the credentials of an access key id
 * @now: the current time
 * @max_skew_seconds: how far the request's time may be from @now (the services allow 300)
 * @access_key_id: (out) (optional) (transfer full): the access key id that signed
 *
 * Checks the `Authorization` header of @request by signing it again with the secret
 * @lookup gives. On failure, sw_aws_error_get_service_code() of @error gives the error the
 * service answers with (`MissingAuthenticationTokenException`,
 * `IncompleteSignatureException`, `UnrecognizedClientException`,
 * `InvalidSignatureException`); the message never holds a signature.
 *
 * Returns: whether the signature is valid
 */
gboolean
sw_sigv4_verify (const SwSigv4Request  *request,
                 const char            *region,
                 const char            *service,
                 SwSigv4LookupFunc      lookup,
                 gpointer               user_data,
                 GDateTime             *now,
                 guint                  max_skew_seconds,
                 char                 **access_key_id,
                 GError               **error)
{
  g_autoptr(SwSigv4Result) result = g_new0 (SwSigv4Result, 1);
  g_autoptr(SwCredentials) credentials = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GArray) pairs = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) scope_parts = NULL;
  g_auto(GStrv) signed_names = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *header_block = NULL;
  const char *authorization, *amz_date, *token, *content_hash, *expected_token;
  const char *credential = NULL, *names = NULL, *signature = NULL;
  GTimeSpan skew;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (lookup != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (access_key_id == NULL || *access_key_id == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  authorization = sw_sigv4_request_get_header (request, "authorization");
  if (authorization == NULL)
    return fail (error, "MissingAuthenticationTokenException", "Missing Authentication Token");
  if (!g_str_has_prefix (authorization, SW_SIGV4_ALGORITHM " "))
    return fail (error, "IncompleteSignatureException",
                 "Authorization header requires the AWS4-HMAC-SHA256 algorithm.");

  parts = g_strsplit (authorization + strlen (SW_SIGV4_ALGORITHM " "), ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "Credential="))
        credential = part + strlen ("Credential=");
      else if (g_str_has_prefix (part, "SignedHeaders="))
        names = part + strlen ("SignedHeaders=");
      else if (g_str_has_prefix (part, "Signature="))
        signature = part + strlen ("Signature=");
    }
  if (credential == NULL || names == NULL || signature == NULL)
    return fail (error, "IncompleteSignatureException",
                 "Authorization header requires 'Credential', 'Signature' and "
                 "'SignedHeaders' parameters.");

  scope_parts = g_strsplit (credential, "/", -1);
  if (g_strv_length (scope_parts) != 5 || *scope_parts[0] == '\0' ||
      strcmp (scope_parts[4], "aws4_request") != 0)
    return fail (error, "IncompleteSignatureException",
                 "Credential should be of the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request.");

  amz_date = sw_sigv4_request_get_header (request, "x-amz-date");
  if (amz_date == NULL)
    return fail (error, "IncompleteSignatureException",
                 "Authorization header requires existence of a 'X-Amz-Date' header.");
  time = sw_sigv4_parse_date (amz_date);
  if (time == NULL)
    return fail (error, "IncompleteSignatureException",
                 "X-Amz-Date must be in the ISO8601 basic format YYYYMMDD'T'HHMMSS'Z'.");
  if (strncmp (scope_parts[1], amz_date, 8) != 0 || strlen (scope_parts[1]) != 8)
    return fail (error, "InvalidSignatureException",
                 "Date in Credential scope does not match YYYYMMDD from X-Amz-Date.");
  if (region != NULL && strcmp (scope_parts[2], region) != 0)
    return fail (error, "InvalidSignatureException",
                 "Credential should be scoped to a valid region.");
  if (service != NULL && strcmp (scope_parts[3], service) != 0)
    return fail (error, "InvalidSignatureException",
                 "Credential should be scoped to correct service.");

  skew = g_date_time_difference (time, now);
  if (skew < -(GTimeSpan) max_skew_seconds * G_TIME_SPAN_SECOND ||
      skew > (GTimeSpan) max_skew_seconds * G_TIME_SPAN_SECOND)
    {
      g_autofree char *now_text = sw_sigv4_format_date (now);
      g_autofree char *message = NULL;

      if (skew < 0)
        message = g_strdup_printf ("Signature expired: %s is now earlier than %s - %u s.",
                                   amz_date, now_text, max_skew_seconds);
      else
        message = g_strdup_printf ("Signature not yet current: %s is still later than "
                                   "%s + %u s.", amz_date, now_text, max_skew_seconds);
      return fail (error, "InvalidSignatureException", message);
    }

  credentials = lookup (scope_parts[0], user_data);
  if (credentials == NULL)
    return fail (error, "UnrecognizedClientException",
                 "The security token included in the request is invalid.");
  token = sw_sigv4_request_get_header (request, "x-amz-security-token");
  expected_token = sw_credentials_get_session_token (credentials);
  if ((token == NULL) != (expected_token == NULL) ||
      (token != NULL && !equal_constant_time (token, expected_token)))
    return fail (error, "UnrecognizedClientException",
                 "The security token included in the request is invalid.");

  signed_names = g_strsplit (names, ";", -1);
  if (!name_in_list ("host", signed_names) || !name_in_list ("x-amz-date", signed_names))
    return fail (error, "InvalidSignatureException",
                 "The signed headers must include 'host' and 'x-amz-date'.");

  headers = g_array_new (FALSE, FALSE, sizeof (Header));
  g_array_set_clear_func (headers, (GDestroyNotify) header_clear);
  for (guint i = 0; i < request->names->len; i++)
    if (name_in_list (g_ptr_array_index (request->names, i), signed_names))
      add_header (headers, g_ptr_array_index (request->names, i),
                  g_ptr_array_index (request->values, i));
  canonical_headers (headers, &header_block, &result->signed_headers);
  if (strcmp (result->signed_headers, names) != 0)
    return fail (error, "InvalidSignatureException",
                 "The request signature we calculated does not match the signature you "
                 "provided. A signed header is missing, repeated or out of order.");

  hash = payload_hash (request->body);
  content_hash = sw_sigv4_request_get_header (request, "x-amz-content-sha256");
  if (content_hash != NULL && strcmp (content_hash, hash) != 0)
    return fail (error, "InvalidSignatureException",
                 "The provided 'x-amz-content-sha256' header does not match what was "
                 "computed.");

  pairs = g_array_new (FALSE, FALSE, sizeof (QueryPair));
  g_array_set_clear_func (pairs, (GDestroyNotify) query_pair_clear);
  add_query_pairs (pairs, request->query);
  query = canonical_query (pairs);
  path = canonical_path (request->path, TRUE);
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", scope_parts[1], scope_parts[2],
                           scope_parts[3]);

  sign_parts (result, request->method, path, query, header_block, hash, amz_date, scope,
              sw_credentials_get_secret_access_key (credentials), scope_parts[2],
              scope_parts[3]);
  if (!equal_constant_time (result->signature, signature))
    return fail (error, "InvalidSignatureException",
                 "The request signature we calculated does not match the signature you "
                 "provided. Check your AWS Secret Access Key and signing method. Consult "
                 "the service documentation for details.");

  if (access_key_id != NULL)
    *access_key_id = g_strdup (scope_parts[0]);
  return TRUE;
}

/**
 * sw_sigv4_host_for_uri:
 * @uri: an endpoint
 *
 * Returns: (transfer full): the `Host` header for @uri: the host in lower case, with the
 *   port when it is not the scheme's default, IPv6 addresses in brackets
 */
char *
sw_sigv4_host_for_uri (GUri *uri)
{
  g_autofree char *host = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (g_uri_get_host (uri) != NULL, NULL);

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (strchr (host, ':') != NULL)
    {
      char *bracketed = g_strdup_printf ("[%s]", host);

      g_free (host);
      host = bracketed;
    }
  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (port < 0 || (g_ascii_strcasecmp (scheme, "http") == 0 && port == 80) ||
      (g_ascii_strcasecmp (scheme, "https") == 0 && port == 443))
    return g_steal_pointer (&host);
  return g_strdup_printf ("%s:%d", host, port);
}
