/* sw-credentials.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An immutable key pair with its session token and expiry. The secret is wiped from memory
 * when the last reference goes, and nothing here ever logs it. */

#include <string.h>

#include "sw-credentials.h"

struct _SwCredentials
{
  gatomicrefcount ref_count;
  char *access_key_id;
  char *secret_access_key;
  char *session_token;
  GDateTime *expiration;
};

G_DEFINE_BOXED_TYPE (SwCredentials, sw_credentials, sw_credentials_ref, sw_credentials_unref)

/**
 * sw_credentials_new:
 * @access_key_id: the access key id (`AKIA…`, `ASIA…`)
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when temporary credentials expire
 *
 * Returns: (transfer full): new credentials
 */
SwCredentials *
sw_credentials_new (const char *access_key_id,
                    const char *secret_access_key,
                    const char *session_token,
                    GDateTime  *expiration)
{
  SwCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (SwCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = session_token != NULL && *session_token != '\0' ?
                        g_strdup (session_token) : NULL;
  self->expiration = expiration != NULL ? g_date_time_ref (expiration) : NULL;
  return self;
}

SwCredentials *
sw_credentials_ref (SwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
wipe_string (char *text)
{
  if (text == NULL)
    return;
  /* A volatile pointer so the compiler cannot drop the stores to memory about to be freed. */
  for (volatile char *p = text; *p != '\0'; p++)
    *p = '\0';
  g_free (text);
}

void
sw_credentials_unref (SwCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->access_key_id);
  wipe_string (self->secret_access_key);
  wipe_string (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self);
}

const char *
sw_credentials_get_access_key_id (const SwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_id;
}

const char *
sw_credentials_get_secret_access_key (const SwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->secret_access_key;
}

/**
 * sw_credentials_get_session_token:
 *
 * Returns: (nullable): the session token, %NULL for long-term credentials
 */
const char *
sw_credentials_get_session_token (const SwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_token;
}

/**
 * sw_credentials_get_expiration:
 *
 * Returns: (nullable) (transfer none): when the credentials expire, %NULL if never
 */
GDateTime *
sw_credentials_get_expiration (const SwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expiration;
}

/**
 * sw_credentials_get_seconds_left:
 * @now: the current time
 *
 * Returns: seconds until the credentials expire (negative once expired), %G_MAXINT64 for
 *   credentials that do not expire
 */
gint64
sw_credentials_get_seconds_left (const SwCredentials *self,
                                 GDateTime           *now)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (now != NULL, 0);

  if (self->expiration == NULL)
    return G_MAXINT64;
  return g_date_time_difference (self->expiration, now) / G_TIME_SPAN_SECOND;
}
