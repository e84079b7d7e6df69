/* sw-target.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"

G_BEGIN_DECLS

/**
 * SwTargetKind:
 * @SW_TARGET_LOCAL: "This computer (dry run)": the local endpoint, in-process on loopback
 * @SW_TARGET_AWS: an AWS profile and region from the user's AWS config
 * @SW_TARGET_ENDPOINT: a Step Functions compatible endpoint URL
 */
typedef enum
{
  SW_TARGET_LOCAL,
  SW_TARGET_AWS,
  SW_TARGET_ENDPOINT,
} SwTargetKind;

#define SW_TYPE_TARGET (sw_target_get_type ())
G_DECLARE_FINAL_TYPE (SwTarget, sw_target, SW, TARGET, GObject)

/* Where deploys and runs go. Clients are made on first use (for the local target that
 * also starts the local endpoint on 127.0.0.1, any free port); the same code path then
 * serves every target. GTK-free. Property: "label". */
SwTarget          *sw_target_new_local            (const char   *db_path);
SwTarget          *sw_target_new_aws              (const char   *profile,
                                                   const char   *region);
SwTarget          *sw_target_new_endpoint         (const char   *url);
/* A target over a ready client (tests, or an endpoint with its own credentials). */
SwTarget          *sw_target_new_for_client       (const char   *label,
                                                   SwSfnClient  *client,
                                                   gboolean      local);
/* The path local runs persist in: $XDG_DATA_HOME/stepwise/local.db */
char              *sw_target_dup_default_db_path  (void);
/* The targets to offer: this computer, each profile/region of the AWS config, and the
 * endpoint URL from the settings when one is set. Items are SwTarget. */
GListModel        *sw_target_list_available       (SwTarget     *local);

SwTargetKind       sw_target_get_kind             (SwTarget     *self);
const char        *sw_target_get_label            (SwTarget     *self);
/* "local", "aws:PROFILE:REGION", "endpoint:URL" */
const char        *sw_target_get_id               (SwTarget     *self);
const char        *sw_target_get_profile          (SwTarget     *self);
const char        *sw_target_get_region           (SwTarget     *self);
gboolean           sw_target_is_local             (SwTarget     *self);
/* Whether deploying asks for an IAM role (AWS and custom endpoints). */
gboolean           sw_target_needs_role           (SwTarget     *self);

/* (transfer none) (nullable): NULL when it cannot be made; see sw_target_get_error(). */
SwSfnClient       *sw_target_get_client           (SwTarget     *self);
SwSageMakerClient *sw_target_get_sagemaker_client (SwTarget     *self);
const GError      *sw_target_get_error            (SwTarget     *self);
/* The local endpoint's URL once started, else NULL. */
const char        *sw_target_get_local_url        (SwTarget     *self);
/* Stops the in-process endpoint (runs are lost unless persisted); clients are dropped. */
void               sw_target_shutdown             (SwTarget     *self);

G_END_DECLS
