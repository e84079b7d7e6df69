/* sw-cli-aws.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sw-sfn-client.h"

G_BEGIN_DECLS

/* The commands that talk to Step Functions exit with SwCliExit (sw-cli.h): 1 is a FAILED
 * execution or an invalid definition, 2 usage, configuration, network or service errors,
 * 3 TIMED_OUT and 4 ABORTED. */

typedef struct
{
  char *profile;
  char *region;
  char *endpoint_url;
} SwCliAwsOptions;

void         sw_cli_aws_options_clear         (SwCliAwsOptions       *options);
void         sw_cli_aws_add_options           (GOptionContext        *context,
                                               SwCliAwsOptions       *options);
void         sw_cli_aws_set_description       (GOptionContext        *context);
SwSfnClient *sw_cli_aws_client_new            (const SwCliAwsOptions *options);
JsonObject  *sw_cli_aws_call                  (SwSfnClient           *client,
                                               SwSfnOperation         operation,
                                               JsonObject            *input,
                                               gboolean               all_pages,
                                               GError               **error);
int          sw_cli_aws_report_error          (SwSfnOperation         operation,
                                               const GError          *error);
char        *sw_cli_aws_resolve_state_machine (SwSfnClient           *client,
                                               const char            *name_or_arn,
                                               int                   *status);
int          sw_cli_aws_exit_for_status       (const char            *status);
char        *sw_cli_aws_format_timestamp      (double                 seconds);
void         sw_cli_aws_convert_timestamps    (JsonNode              *node);
char        *sw_cli_aws_to_json               (JsonNode              *node,
                                               gboolean               pretty);
gboolean     sw_cli_aws_print_object          (JsonObject            *object);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwCliAwsOptions, sw_cli_aws_options_clear)

G_END_DECLS
