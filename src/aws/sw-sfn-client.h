/* sw-sfn-client.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sw-aws-config.h"
#include "sw-credentials-provider.h"

G_BEGIN_DECLS

/**
 * SwSfnOperation:
 *
 * The AWS Step Functions operations the client speaks; sw_sfn_operation_get_name() gives
 * the name the `X-Amz-Target` header carries.
 */
typedef enum
{
  SW_SFN_OPERATION_CREATE_STATE_MACHINE,
  SW_SFN_OPERATION_UPDATE_STATE_MACHINE,
  SW_SFN_OPERATION_DESCRIBE_STATE_MACHINE,
  SW_SFN_OPERATION_LIST_STATE_MACHINES,
  SW_SFN_OPERATION_DELETE_STATE_MACHINE,
  SW_SFN_OPERATION_VALIDATE_STATE_MACHINE_DEFINITION,
  SW_SFN_OPERATION_START_EXECUTION,
  SW_SFN_OPERATION_START_SYNC_EXECUTION,
  SW_SFN_OPERATION_DESCRIBE_EXECUTION,
  SW_SFN_OPERATION_LIST_EXECUTIONS,
  SW_SFN_OPERATION_GET_EXECUTION_HISTORY,
  SW_SFN_OPERATION_STOP_EXECUTION,
  SW_SFN_OPERATION_REDRIVE_EXECUTION,
  SW_SFN_OPERATION_TEST_STATE,
  SW_SFN_N_OPERATIONS,
} SwSfnOperation;

#define SW_TYPE_SFN_CLIENT (sw_sfn_client_get_type ())

G_DECLARE_FINAL_TYPE (SwSfnClient, sw_sfn_client, SW, SFN_CLIENT, GObject)

const char  *sw_sfn_operation_get_name               (SwSfnOperation          operation);
gboolean     sw_sfn_operation_from_name              (const char             *name,
                                                      SwSfnOperation         *operation);
const char  *sw_sfn_operation_get_list_member        (SwSfnOperation          operation);

SwSfnClient *sw_sfn_client_new                       (const char             *endpoint,
                                                      const char             *region,
                                                      SwCredentialsProvider  *credentials);
SwSfnClient *sw_sfn_client_new_for_config            (SwAwsConfig            *config,
                                                      const char             *endpoint_override,
                                                      const char             *region_override,
                                                      GError                **error);
const char  *sw_sfn_client_get_endpoint              (SwSfnClient            *self);
const char  *sw_sfn_client_get_region                (SwSfnClient            *self);
SwCredentialsProvider *sw_sfn_client_get_credentials_provider (SwSfnClient   *self);
guint        sw_sfn_client_get_max_attempts          (SwSfnClient            *self);
void         sw_sfn_client_set_max_attempts          (SwSfnClient            *self,
                                                      guint                   max_attempts);
SwAwsRetryMode sw_sfn_client_get_retry_mode          (SwSfnClient            *self);
void         sw_sfn_client_set_retry_mode            (SwSfnClient            *self,
                                                      SwAwsRetryMode          mode);

void         sw_sfn_client_call_async                (SwSfnClient            *self,
                                                      SwSfnOperation          operation,
                                                      JsonObject             *input,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
JsonObject  *sw_sfn_client_call_finish               (SwSfnClient            *self,
                                                      GAsyncResult           *result,
                                                      GError                **error);
void         sw_sfn_client_call_all_pages_async      (SwSfnClient            *self,
                                                      SwSfnOperation          operation,
                                                      JsonObject             *input,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
JsonObject  *sw_sfn_client_call_all_pages_finish     (SwSfnClient            *self,
                                                      GAsyncResult           *result,
                                                      GError                **error);

void        sw_sfn_client_create_state_machine_async      (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_create_state_machine_finish     (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_update_state_machine_async      (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_update_state_machine_finish     (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_describe_state_machine_async    (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_describe_state_machine_finish   (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_list_state_machines_async       (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_list_state_machines_finish      (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_delete_state_machine_async      (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_delete_state_machine_finish     (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_validate_state_machine_definition_async (SwSfnClient         *self,
                                                                   JsonObject          *input,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
JsonObject *sw_sfn_client_validate_state_machine_definition_finish (SwSfnClient         *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
void        sw_sfn_client_start_execution_async           (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_start_execution_finish          (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_start_sync_execution_async      (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_start_sync_execution_finish     (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_describe_execution_async        (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_describe_execution_finish       (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_list_executions_async           (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_list_executions_finish          (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_get_execution_history_async     (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_get_execution_history_finish    (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_stop_execution_async            (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_stop_execution_finish           (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_redrive_execution_async         (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_redrive_execution_finish        (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void        sw_sfn_client_test_state_async                (SwSfnClient          *self,
                                                           JsonObject           *input,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonObject *sw_sfn_client_test_state_finish               (SwSfnClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS

