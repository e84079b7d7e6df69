/* sw-aws-ini-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest shared config or credentials file read, in bytes. */
#define SW_AWS_INI_MAX_SIZE (4u * 1024u * 1024u)

typedef enum
{
  SW_AWS_INI_CONFIG,
  SW_AWS_INI_CREDENTIALS,
} SwAwsIniKind;

typedef enum
{
  SW_AWS_INI_SECTION_PROFILE,
  SW_AWS_INI_SECTION_SERVICES,
  SW_AWS_INI_SECTION_SSO_SESSION,
} SwAwsIniSection;

typedef struct _SwAwsIni SwAwsIni;

SwAwsIni   *_sw_aws_ini_parse         (const char       *data,
                                       gsize             length,
                                       SwAwsIniKind      kind,
                                       const char       *filename,
                                       GError          **error);
void        _sw_aws_ini_free          (SwAwsIni         *ini);
gboolean    _sw_aws_ini_has_section   (const SwAwsIni   *ini,
                                       SwAwsIniSection   section,
                                       const char       *name);
const char *_sw_aws_ini_get           (const SwAwsIni   *ini,
                                       SwAwsIniSection   section,
                                       const char       *name,
                                       const char       *key);
const char *_sw_aws_ini_get_sub       (const SwAwsIni   *ini,
                                       SwAwsIniSection   section,
                                       const char       *name,
                                       const char       *key,
                                       const char       *sub_key);
GStrv       _sw_aws_ini_list_sections (const SwAwsIni   *ini,
                                       SwAwsIniSection   section);
GStrv       _sw_aws_ini_list_keys     (const SwAwsIni   *ini,
                                       SwAwsIniSection   section,
                                       const char       *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwAwsIni, _sw_aws_ini_free)

G_END_DECLS
