/* sw-credentials.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_CREDENTIALS (sw_credentials_get_type ())

typedef struct _SwCredentials SwCredentials;

GType          sw_credentials_get_type              (void) G_GNUC_CONST;
SwCredentials *sw_credentials_new                   (const char          *access_key_id,
                                                     const char          *secret_access_key,
                                                     const char          *session_token,
                                                     GDateTime           *expiration);
SwCredentials *sw_credentials_ref                   (SwCredentials       *credentials);
void           sw_credentials_unref                 (SwCredentials       *credentials);
const char    *sw_credentials_get_access_key_id     (const SwCredentials *credentials);
const char    *sw_credentials_get_secret_access_key (const SwCredentials *credentials);
const char    *sw_credentials_get_session_token     (const SwCredentials *credentials);
GDateTime     *sw_credentials_get_expiration        (const SwCredentials *credentials);
gint64         sw_credentials_get_seconds_left      (const SwCredentials *credentials,
                                                     GDateTime           *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwCredentials, sw_credentials_unref)

G_END_DECLS
