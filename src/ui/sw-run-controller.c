/* sw-run-controller.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-aws-error.h"
#include "sw-diagnostic.h"
#include "sw-run-controller.h"
#include "sw-run-util.h"

#define LOCAL_ROLE "arn:aws:iam::123456789012:role/StepwiseLocalRun"

struct _SwRunController
{
  GObject parent_instance;

  SwTarget *target;
  char *state_machine_arn;
  char *last_input;
};

G_DEFINE_FINAL_TYPE (SwRunController, sw_run_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *name;
  char *definition;
  char *role_arn;
  char *type;
  SwSfnClient *client;
  GPtrArray *diagnostics;
} Deploy;

static void
deploy_free (Deploy *deploy)
{
  g_free (deploy->name);
  g_free (deploy->definition);
  g_free (deploy->role_arn);
  g_free (deploy->type);
  g_clear_object (&deploy->client);
  g_clear_pointer (&deploy->diagnostics, g_ptr_array_unref);
  g_free (deploy);
}

static void
sw_run_controller_dispose (GObject *object)
{
  SwRunController *self = SW_RUN_CONTROLLER (object);

  g_clear_object (&self->target);
  G_OBJECT_CLASS (sw_run_controller_parent_class)->dispose (object);
}

static void
sw_run_controller_finalize (GObject *object)
{
  SwRunController *self = SW_RUN_CONTROLLER (object);

  g_free (self->state_machine_arn);
  g_free (self->last_input);
  G_OBJECT_CLASS (sw_run_controller_parent_class)->finalize (object);
}

static void
sw_run_controller_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwRunController *self = SW_RUN_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_run_controller_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwRunController *self = SW_RUN_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      sw_run_controller_set_target (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_run_controller_class_init (SwRunControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_run_controller_dispose;
  object_class->finalize = sw_run_controller_finalize;
  object_class->get_property = sw_run_controller_get_property;
  object_class->set_property = sw_run_controller_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, SW_TYPE_TARGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_run_controller_init (SwRunController *self)
{
}

/**
 * sw_run_controller_new:
 * @target: (nullable): the target
 *
 * Returns: (transfer full): a controller
 */
SwRunController *
sw_run_controller_new (SwTarget *target)
{
  return g_object_new (SW_TYPE_RUN_CONTROLLER, "target", target, NULL);
}

/**
 * sw_run_controller_get_target:
 *
 * Returns: (transfer none) (nullable): the target
 */
SwTarget *
sw_run_controller_get_target (SwRunController *self)
{
  g_return_val_if_fail (SW_IS_RUN_CONTROLLER (self), NULL);
  return self->target;
}

void
sw_run_controller_set_target (SwRunController *self,
                              SwTarget        *target)
{
  g_return_if_fail (SW_IS_RUN_CONTROLLER (self));
  g_return_if_fail (target == NULL || SW_IS_TARGET (target));

  if (!g_set_object (&self->target, target))
    return;
  /* A state machine deployed elsewhere does not exist here. */
  g_clear_pointer (&self->state_machine_arn, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

static SwSfnClient *
get_client (SwRunController  *self,
            GError          **error)
{
  SwSfnClient *client;

  if (self->target == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("No target is chosen"));
      return NULL;
    }
  client = sw_target_get_client (self->target);
  if (client == NULL)
    {
      g_propagate_error (error, g_error_copy (sw_target_get_error (self->target)));
      return NULL;
    }
  return client;
}

static GPtrArray *
diagnostics_from_service (JsonArray *array)
{
  GPtrArray *diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *item;
      const char *severity, *code, *message, *location;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      severity = sw_run_json_get_string (item, "severity");
      code = sw_run_json_get_string (item, "code");
      message = sw_run_json_get_string (item, "message");
      location = sw_run_json_get_string (item, "location");
      g_ptr_array_add (diagnostics,
                       sw_diagnostic_new (g_strcmp0 (severity, "WARNING") == 0 ?
                                          SW_SEVERITY_WARNING : SW_SEVERITY_ERROR,
                                          code != NULL ? code : "service-validation",
                                          0, 0, location != NULL ? location : "",
                                          message != NULL ? message : ""));
    }
  return diagnostics;
}

/* "Invalid State Machine Definition: 'CODE: message at /States/X'" → one diagnostic. */
static GPtrArray *
diagnostics_from_error (const GError *error)
{
  GPtrArray *diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
  const char *words = sw_aws_error_get_service_message (error);
  const char *at = words != NULL ? g_strrstr (words, " at /") : NULL;
  g_autofree char *pointer = NULL;

  if (at != NULL)
    {
      pointer = g_strdup (at + 4);
      g_strdelimit (pointer, "'\"", '\0');
    }
  g_ptr_array_add (diagnostics,
                   sw_diagnostic_new (SW_SEVERITY_ERROR, "service-validation", 0, 0,
                                      pointer != NULL ? pointer : "",
                                      words != NULL ? words : error->message));
  return diagnostics;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwRunController *self = g_task_get_source_object (task);
  Deploy *deploy = g_task_get_task_data (task);
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;
  const char *arn;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      if (g_strcmp0 (sw_aws_error_get_service_code (error), "InvalidDefinition") == 0)
        {
          deploy->diagnostics = diagnostics_from_error (error);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                                   sw_aws_error_get_service_message (error));
          g_error_free (error);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  arn = sw_run_json_get_string (output, "stateMachineArn");
  if (arn == NULL)
    arn = g_object_get_data (G_OBJECT (task), "arn");
  g_free (self->state_machine_arn);
  self->state_machine_arn = g_strdup (arn);
  g_task_return_pointer (task, g_strdup (arn), g_free);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Deploy *deploy = g_task_get_task_data (task);
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  GError *error = NULL;
  JsonArray *machines;
  const char *existing = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  output = sw_sfn_client_call_all_pages_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  machines = json_object_get_array_member (output, "stateMachines");
  for (guint i = 0; machines != NULL && i < json_array_get_length (machines); i++)
    {
      JsonObject *machine = json_array_get_object_element (machines, i);

      if (g_strcmp0 (sw_run_json_get_string (machine, "name"), deploy->name) == 0)
        existing = sw_run_json_get_string (machine, "stateMachineArn");
    }

  json_object_set_string_member (input, "definition", deploy->definition);
  if (existing != NULL)
    {
      g_object_set_data_full (G_OBJECT (task), "arn", g_strdup (existing), g_free);
      json_object_set_string_member (input, "stateMachineArn", existing);
      if (deploy->role_arn != NULL)
        json_object_set_string_member (input, "roleArn", deploy->role_arn);
      sw_sfn_client_call_async (deploy->client, SW_SFN_OPERATION_UPDATE_STATE_MACHINE, input,
                                cancellable, created_cb, g_steal_pointer (&task));
      return;
    }
  json_object_set_string_member (input, "name", deploy->name);
  json_object_set_string_member (input, "roleArn",
                                 deploy->role_arn != NULL ? deploy->role_arn : LOCAL_ROLE);
  json_object_set_string_member (input, "type", deploy->type);
  sw_sfn_client_call_async (deploy->client, SW_SFN_OPERATION_CREATE_STATE_MACHINE, input,
                            cancellable, created_cb, g_steal_pointer (&task));
}

static void
list_machines (GTask *task)
{
  Deploy *deploy = g_task_get_task_data (task);
  g_autoptr(JsonObject) input = json_object_new ();

  sw_sfn_client_call_all_pages_async (deploy->client, SW_SFN_OPERATION_LIST_STATE_MACHINES,
                                      input, g_task_get_cancellable (task), listed_cb, task);
}

static void
validated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Deploy *deploy = g_task_get_task_data (task);
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *diagnostics;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      /* Endpoints without the operation (Step Functions Local) validate on create. */
      const char *code = sw_aws_error_get_service_code (error);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          (error->domain != SW_AWS_ERROR || error->code != SW_AWS_ERROR_SERVICE) ||
          (g_strcmp0 (code, "UnknownOperationException") != 0 &&
           g_strcmp0 (code, "UnsupportedOperation") != 0 && g_strcmp0 (code, "404") != 0))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      list_machines (g_steal_pointer (&task));
      return;
    }
  if (g_strcmp0 (sw_run_json_get_string (output, "result"), "FAIL") == 0)
    {
      diagnostics = json_object_get_member (output, "diagnostics");
      deploy->diagnostics =
        diagnostics_from_service (diagnostics != NULL && JSON_NODE_HOLDS_ARRAY (diagnostics) ?
                                  json_node_get_array (diagnostics) : NULL);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The service found %u problem in the definition",
                                            "The service found %u problems in the definition",
                                            deploy->diagnostics->len),
                               deploy->diagnostics->len);
      return;
    }
  list_machines (g_steal_pointer (&task));
}

void
sw_run_controller_deploy_async (SwRunController     *self,
                                const char          *name,
                                const char          *definition,
                                const char          *role_arn,
                                const char          *type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  GError *error = NULL;
  SwSfnClient *client;
  Deploy *deploy;

  g_return_if_fail (SW_IS_RUN_CONTROLLER (self));
  g_return_if_fail (name != NULL && definition != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_run_controller_deploy_async);
  if ((client = get_client (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  deploy = g_new0 (Deploy, 1);
  deploy->name = g_strdup (name);
  deploy->definition = g_strdup (definition);
  deploy->role_arn = role_arn != NULL && *role_arn != '\0' ? g_strdup (role_arn) : NULL;
  deploy->type = g_strdup (type != NULL ? type : "STANDARD");
  deploy->client = g_object_ref (client);
  g_task_set_task_data (task, deploy, (GDestroyNotify) deploy_free);

  json_object_set_string_member (input, "definition", definition);
  json_object_set_string_member (input, "type", deploy->type);
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_VALIDATE_STATE_MACHINE_DEFINITION, input,
                            cancellable, validated_cb, g_steal_pointer (&task));
}

/**
 * sw_run_controller_deploy_finish:
 * @diagnostics: (out) (optional) (transfer full): the service's diagnostics, when it
 *   refused the definition
 *
 * Returns: (transfer full) (nullable): the state machine ARN
 */
char *
sw_run_controller_deploy_finish (SwRunController  *self,
                                 GAsyncResult     *result,
                                 GPtrArray       **diagnostics,
                                 GError          **error)
{
  Deploy *deploy;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  deploy = g_task_get_task_data (G_TASK (result));
  if (diagnostics != NULL)
    *diagnostics = deploy != NULL && deploy->diagnostics != NULL ?
                   g_ptr_array_ref (deploy->diagnostics) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwRunController *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;

  output = sw_sfn_client_call_finish (SW_SFN_CLIENT (object), result, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_free (self->last_input);
  self->last_input = g_strdup (g_task_get_task_data (task));
  g_task_return_pointer (task, g_strdup (sw_run_json_get_string (output, "executionArn")),
                         g_free);
}

void
sw_run_controller_start_async (SwRunController     *self,
                               const char          *state_machine_arn,
                               const char          *input,
                               const char          *execution_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;
  SwSfnClient *client;

  g_return_if_fail (SW_IS_RUN_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_run_controller_start_async);
  if (state_machine_arn == NULL)
    state_machine_arn = self->state_machine_arn;
  if (state_machine_arn == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("Deploy the state machine first"));
      return;
    }
  if (input == NULL || *input == '\0')
    input = "{}";
  if (!json_parser_load_from_data (parser, input, -1, &error))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The input is not valid JSON: %s"), error->message);
      g_error_free (error);
      return;
    }
  if ((client = get_client (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_strdup (input), g_free);
  json_object_set_string_member (request, "stateMachineArn", state_machine_arn);
  json_object_set_string_member (request, "input", input);
  if (execution_name != NULL && *execution_name != '\0')
    json_object_set_string_member (request, "name", execution_name);
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_START_EXECUTION, request, cancellable,
                            started_cb, g_steal_pointer (&task));
}

/**
 * sw_run_controller_start_finish:
 *
 * Returns: (transfer full) (nullable): the execution ARN
 */
char *
sw_run_controller_start_finish (SwRunController  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sw_run_controller_get_state_machine_arn (SwRunController *self)
{
  g_return_val_if_fail (SW_IS_RUN_CONTROLLER (self), NULL);
  return self->state_machine_arn;
}

const char *
sw_run_controller_get_last_input (SwRunController *self)
{
  g_return_val_if_fail (SW_IS_RUN_CONTROLLER (self), NULL);
  return self->last_input;
}

/**
 * sw_run_controller_dup_default_input:
 * @definition_path: (nullable): the definition's file, `NAME.asl.json` or `.asl.yaml`
 *
 * Returns: (transfer full): the input to prefill
 */
char *
sw_run_controller_dup_default_input (SwRunController *self,
                                     const char      *definition_path)
{
  g_return_val_if_fail (SW_IS_RUN_CONTROLLER (self), NULL);

  if (self->last_input != NULL)
    return sw_run_pretty_json (self->last_input);
  if (definition_path != NULL)
    {
      static const char * const suffixes[] = { ".asl.json", ".asl.yaml", ".asl.yml", ".json" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        if (g_str_has_suffix (definition_path, suffixes[i]))
          {
            g_autofree char *stem = g_strndup (definition_path,
                                               strlen (definition_path) -
                                               strlen (suffixes[i]));
            g_autofree char *path = g_strconcat (stem, ".input.json", NULL);
            char *contents = NULL;

            if (g_file_get_contents (path, &contents, NULL, NULL))
              return contents;
            break;
          }
    }
  return g_strdup ("{}\n");
}
