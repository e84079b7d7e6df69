/* sw-states-catalog.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sw-value.h"

G_BEGIN_DECLS

/*
 * The states browser's catalog: what a person can add to a workflow, each entry producing an
 * ASL fragment (a JSON object `{"Name": {state}, …}` whose first member is the entry state
 * and whose last states end with `"End": true`). GTK-free so that it is tested in the core
 * suite.
 */

/**
 * SwStatesCatalogGroup:
 * @SW_STATES_CATALOG_FLOW: Pass, Choice, Wait, Parallel, Map, Succeed, Fail
 * @SW_STATES_CATALOG_ACTIONS: service integrations (Task states)
 * @SW_STATES_CATALOG_PATTERNS: several states wired together
 */
typedef enum
{
  SW_STATES_CATALOG_FLOW,
  SW_STATES_CATALOG_ACTIONS,
  SW_STATES_CATALOG_PATTERNS,
} SwStatesCatalogGroup;

/**
 * SwStatesCatalogEntry:
 * @id: a stable identifier such as `"sagemaker-create-training-job"`
 * @group: the section it is listed in
 * @title: the untranslated title (translate with _())
 * @subtitle: the untranslated service or summary (translate with _())
 * @icon_name: a symbolic icon
 * @keywords: extra words the search matches
 * @fragment: the fragment in JSONPath form
 * @needs_sdk_action: the user types `service:action` (the AWS SDK integration)
 */
typedef struct
{
  const char           *id;
  SwStatesCatalogGroup  group;
  const char           *title;
  const char           *subtitle;
  const char           *icon_name;
  const char           *keywords;
  const char           *fragment;
  gboolean              needs_sdk_action;
} SwStatesCatalogEntry;

/**
 * SwIntegrationPattern:
 * @SW_INTEGRATION_REQUEST_RESPONSE: call the service and go on
 * @SW_INTEGRATION_SYNC: `.sync`, wait for the job to finish
 * @SW_INTEGRATION_WAIT_FOR_TASK_TOKEN: `.waitForTaskToken`, wait for a callback
 */
typedef enum
{
  SW_INTEGRATION_REQUEST_RESPONSE,
  SW_INTEGRATION_SYNC,
  SW_INTEGRATION_WAIT_FOR_TASK_TOKEN,
} SwIntegrationPattern;

const SwStatesCatalogEntry *sw_states_catalog_get_entries        (guint           *n_entries);
const SwStatesCatalogEntry *sw_states_catalog_lookup             (const char      *id);
const char           *sw_states_catalog_group_get_title   (SwStatesCatalogGroup group);
gboolean              sw_states_catalog_entry_matches     (const SwStatesCatalogEntry *entry,
                                                           const char      *query);
gboolean              sw_states_catalog_parse_sdk_action  (const char      *text,
                                                           char           **service,
                                                           char           **action,
                                                           GError         **error);
SwValue              *sw_states_catalog_build             (const SwStatesCatalogEntry *entry,
                                                           const char      *query_language,
                                                           const char      *sdk_action,
                                                           GError         **error);
char                 *sw_states_catalog_dup_fragment_text (const SwStatesCatalogEntry *entry,
                                                           const char      *query_language,
                                                           const char      *sdk_action,
                                                           GError         **error);
SwValue              *sw_states_catalog_to_jsonata        (const SwValue   *fragment);
char                 *sw_states_catalog_condition_from_rule (const SwValue *rule);

/* Task resources and their integration pattern. */
gboolean              sw_resource_is_service_integration  (const char      *resource);
SwIntegrationPattern  sw_resource_get_pattern             (const char      *resource);
char                 *sw_resource_with_pattern            (const char      *resource,
                                                           SwIntegrationPattern pattern);

G_END_DECLS
