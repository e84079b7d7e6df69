/* sw-definition.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-diagnostic.h"
#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SwDefinitionFormat:
 * @SW_DEFINITION_FORMAT_JSON: Amazon States Language as JSON
 * @SW_DEFINITION_FORMAT_YAML: the same document written as YAML
 *
 * The notation a definition file is written in.
 */
typedef enum
{
  SW_DEFINITION_FORMAT_JSON,
  SW_DEFINITION_FORMAT_YAML,
} SwDefinitionFormat;

SwDefinitionFormat  sw_definition_format_for_path   (const char          *path);
SwDefinitionFormat  sw_definition_format_detect     (const char          *path,
                                                     const char          *data,
                                                     gsize                length);

GBytes             *sw_definition_read_file         (const char          *path,
                                                     GError             **io_error);
SwValue            *sw_definition_parse             (const char          *data,
                                                     gsize                length,
                                                     SwDefinitionFormat   format,
                                                     SwDiagnostic       **parse_error);
SwValue            *sw_definition_load_file         (const char          *path,
                                                     SwDiagnostic       **parse_error,
                                                     GError             **io_error);
char               *sw_definition_write             (const SwValue       *definition,
                                                     SwDefinitionFormat   format,
                                                     gsize               *length,
                                                     GError             **error);

G_END_DECLS
