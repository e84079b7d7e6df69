/* sw-command-handler.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-task.h"

G_BEGIN_DECLS

gboolean sw_command_handler_load_file  (SwTaskRegistry  *registry,
                                        const char      *path,
                                        GError         **error);
gboolean sw_command_handler_load_value (SwTaskRegistry  *registry,
                                        SwValue         *config,
                                        const char      *base_directory,
                                        GError         **error);

G_END_DECLS
