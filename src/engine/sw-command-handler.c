/* sw-command-handler.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Serves Task resources with local commands, so a Lambda step can run its real code
 * offline. A JSON file maps resources (Task Resource ARNs, Lambda function ARNs or names,
 * with `*` wildcards) to commands:
 *
 *   {
 *     "arn:aws:lambda:us-east-1:123456789012:function:Resize": "python3 resize.py",
 *     "Notify": { "command": ["./notify", "--dry-run"], "cwd": "tools",
 *                 "environment": { "LEVEL": "debug" } }
 *   }
 *
 * The command reads the payload (a Lambda function's event) as JSON on standard input and
 * writes its result as JSON on standard output; it runs in the file's directory unless
 * `cwd` says otherwise (relative to the file). A non-zero exit status or output that is not
 * JSON fails the task: with error States.TaskFailed and the command's standard error as the
 * cause, or, when the output is a Lambda-style error object `{"errorType": …,
 * "errorMessage": …}`, with that error type and the object as the cause. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sw-command-handler.h"
#include "sw-definition.h"
#include "sw-engine-error.h"
#include "sw-json.h"

/* g_strv_builder_unref_to_strv() is newer than GLib 2.74. */
static char **
sw_strv_builder_finish (GStrvBuilder *builder)
{
  char **strv = g_strv_builder_end (builder);

  g_strv_builder_unref (builder);
  return strv;
}

typedef struct
{
  char **argv;
  char *cwd;
  char **environment;   /* KEY=VALUE */
} Command;

typedef struct
{
  SwTaskRequest *request;
  GSubprocess *process;
  gulong cancel_handler;
  char *payload;
} Invocation;

static void
command_free (Command *command)
{
  g_strfreev (command->argv);
  g_free (command->cwd);
  g_strfreev (command->environment);
  g_free (command);
}

static void
invocation_free (Invocation *invocation)
{
  g_cancellable_disconnect (sw_task_request_get_cancellable (invocation->request),
                            invocation->cancel_handler);
  g_clear_object (&invocation->process);
  sw_task_request_unref (invocation->request);
  g_free (invocation->payload);
  g_free (invocation);
}

static SwValue *
wrap_invoke_response (SwValue *payload)
{
  SwValue *response = sw_value_new_object ();
  SwValue *http = sw_value_new_object ();
  SwValue *metadata = sw_value_new_object ();

  sw_value_object_set (response, "ExecutedVersion", sw_value_new_string ("$LATEST"));
  sw_value_object_set (response, "Payload", payload);
  sw_value_object_set (http, "HttpStatusCode", sw_value_new_int (200));
  sw_value_object_set (response, "SdkHttpMetadata", http);
  sw_value_object_set (metadata, "RequestId", sw_value_new_string_take (g_uuid_string_random ()));
  sw_value_object_set (response, "SdkResponseMetadata", metadata);
  sw_value_object_set (response, "StatusCode", sw_value_new_int (200));
  return response;
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Invocation *invocation = data;
  SwTaskRequest *request = invocation->request;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(SwValue) value = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &out, &err, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sw_task_request_return_error (request, "States.TaskFailed", error->message);
      invocation_free (invocation);
      return;
    }

  g_strstrip (err);
  if (out != NULL && *g_strstrip (out) != '\0')
    value = sw_json_parse (out, -1, NULL, NULL, &parse_error);
  else
    value = sw_value_new_null ();

  if (!g_subprocess_get_successful (G_SUBPROCESS (source)))
    {
      SwValue *type = value != NULL && sw_value_is_object (value)
                        ? sw_value_object_get (value, "errorType") : NULL;

      if (type != NULL && sw_value_is_string (type))
        {
          g_autofree char *cause = sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

          sw_task_request_return_error (request, sw_value_get_string (type), cause);
        }
      else
        {
          g_autofree char *cause = NULL;

          if (g_subprocess_get_if_exited (G_SUBPROCESS (source)))
            cause = g_strdup_printf ("The command exited with status %d%s%s",
                                     g_subprocess_get_exit_status (G_SUBPROCESS (source)),
                                     *err ? ": " : "", err);
          else
            cause = g_strdup_printf ("The command was killed by signal %d%s%s",
                                     g_subprocess_get_term_sig (G_SUBPROCESS (source)),
                                     *err ? ": " : "", err);
          sw_task_request_return_error (request, "States.TaskFailed", cause);
        }
    }
  else if (value == NULL)
    {
      g_autofree char *cause = g_strdup_printf ("The command's output is not JSON (%s)%s%s",
                                                parse_error->message, *err ? ": " : "", err);

      sw_task_request_return_error (request, "States.TaskFailed", cause);
    }
  else if (sw_task_request_is_lambda_invoke (request))
    sw_task_request_return_value (request, wrap_invoke_response (g_steal_pointer (&value)));
  else
    sw_task_request_return_value (request, g_steal_pointer (&value));

  invocation_free (invocation);
}

static void
on_cancelled (GCancellable *cancellable,
              GSubprocess  *process)
{
  g_subprocess_force_exit (process);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GSocketConnection *connection = data;

  /* A command that does not read its input is not an error. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_object_unref (connection);
}

static void
serve (SwTaskRequest *request,
       gpointer       data)
{
  Command *command = data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSocketConnection *connection;
  Invocation *invocation;
  int pair[2];

  /* The payload goes through a socket rather than a pipe: sockets write with MSG_NOSIGNAL,
   * so a command that exits without reading does not kill us with SIGPIPE. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    {
      g_autofree char *cause = g_strdup_printf ("Cannot create a socket for the command: %s",
                                                g_strerror (errno));

      sw_task_request_return_error (request, "States.TaskFailed", cause);
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_stdin_fd (launcher, pair[1]);
  if (command->cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, command->cwd);
  for (guint i = 0; command->environment != NULL && command->environment[i] != NULL; i++)
    {
      g_auto(GStrv) pair_text = g_strsplit (command->environment[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair_text[0], pair_text[1] ? pair_text[1] : "",
                                    TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "STEPWISE_RESOURCE",
                                sw_task_request_get_resource (request), TRUE);
  g_subprocess_launcher_setenv (launcher, "STEPWISE_STATE_NAME",
                                sw_task_request_get_state_name (request), TRUE);
  g_subprocess_launcher_setenv (launcher, "STEPWISE_EXECUTION_ARN",
                                sw_task_request_get_execution_arn (request), TRUE);
  if (sw_task_request_get_task_token (request) != NULL)
    g_subprocess_launcher_setenv (launcher, "STEPWISE_TASK_TOKEN",
                                  sw_task_request_get_task_token (request), TRUE);

  invocation = g_new0 (Invocation, 1);
  invocation->request = sw_task_request_ref (request);
  invocation->process = g_subprocess_launcher_spawnv (launcher,
                                                      (const char * const *) command->argv,
                                                      &error);
  /* The launcher owns the child's end; drop it now so the command sees end of input. */
  g_clear_object (&launcher);
  if (invocation->process == NULL)
    {
      g_autofree char *cause = g_strdup_printf ("Cannot start the command “%s”: %s",
                                                command->argv[0], error->message);

      close (pair[0]);
      sw_task_request_return_error (request, "States.TaskFailed", cause);
      invocation_free (invocation);
      return;
    }

  socket = g_socket_new_from_fd (pair[0], &error);
  if (socket == NULL)
    {
      close (pair[0]);
      g_subprocess_force_exit (invocation->process);
      sw_task_request_return_error (request, "States.TaskFailed", error->message);
      invocation_free (invocation);
      return;
    }
  connection = g_socket_connection_factory_create_connection (socket);
  invocation->payload = sw_json_write (sw_task_request_get_payload (request),
                                       SW_JSON_WRITE_COMPACT, NULL);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   invocation->payload, strlen (invocation->payload),
                                   G_PRIORITY_DEFAULT, sw_task_request_get_cancellable (request),
                                   on_written, connection);

  invocation->cancel_handler =
    g_cancellable_connect (sw_task_request_get_cancellable (request), G_CALLBACK (on_cancelled),
                           invocation->process, NULL);
  g_subprocess_communicate_utf8_async (invocation->process, NULL,
                                       sw_task_request_get_cancellable (request),
                                       on_communicated, invocation);
}

static Command *
parse_command (const char  *resource,
               SwValue     *spec,
               const char  *base,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Command *command = g_new0 (Command, 1);
  SwValue *argv = spec;
  SwValue *cwd = NULL, *env = NULL;

  if (sw_value_is_object (spec))
    {
      argv = sw_value_object_get (spec, "command");
      cwd = sw_value_object_get (spec, "cwd");
      env = sw_value_object_get (spec, "environment");
    }

  if (argv != NULL && sw_value_is_string (argv))
    {
      if (!g_shell_parse_argv (sw_value_get_string (argv), NULL, &command->argv, &local_error))
        {
          g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_HANDLER,
                       _("The command for “%s” cannot be parsed: %s"), resource,
                       local_error->message);
          command_free (command);
          return NULL;
        }
    }
  else if (argv != NULL && sw_value_is_array (argv) && sw_value_array_get_length (argv) > 0)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < sw_value_array_get_length (argv); i++)
        {
          SwValue *item = sw_value_array_get (argv, i);

          if (!sw_value_is_string (item))
            {
              g_strv_builder_unref (builder);
              command_free (command);
              g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_HANDLER,
                           _("The command for “%s” must be an array of strings"), resource);
              return NULL;
            }
          g_strv_builder_add (builder, sw_value_get_string (item));
        }
      command->argv = sw_strv_builder_finish (builder);
    }
  else
    {
      command_free (command);
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_HANDLER,
                   _("“%s” needs a command: a string, an array of strings, or an object with "
                     "“command”"), resource);
      return NULL;
    }

  if (cwd != NULL && sw_value_is_string (cwd))
    command->cwd = g_path_is_absolute (sw_value_get_string (cwd))
                     ? g_strdup (sw_value_get_string (cwd))
                     : g_build_filename (base, sw_value_get_string (cwd), NULL);
  else
    command->cwd = g_strdup (base);

  if (env != NULL && sw_value_is_object (env))
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < sw_value_object_get_size (env); i++)
        {
          SwValue *value = sw_value_object_get_value (env, i);
          g_autofree char *text = sw_value_is_string (value)
                                    ? g_strdup (sw_value_get_string (value))
                                    : sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);

          g_autofree char *pair = g_strdup_printf ("%s=%s", sw_value_object_get_key (env, i),
                                                   text);

          g_strv_builder_add (builder, pair);
        }
      command->environment = sw_strv_builder_finish (builder);
    }
  return command;
}

/**
 * sw_command_handler_load_value:
 * @registry: where to register the commands
 * @config: the mapping from resources to commands
 * @base_directory: what relative `cwd` values are relative to, and the default `cwd`
 * @error: return location for a %SW_ENGINE_ERROR_HANDLER error
 *
 * Returns: %TRUE if every entry was registered
 */
gboolean
sw_command_handler_load_value (SwTaskRegistry  *registry,
                               SwValue         *config,
                               const char      *base_directory,
                               GError         **error)
{
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();

  g_return_val_if_fail (SW_IS_TASK_REGISTRY (registry), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!sw_value_is_object (config))
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_HANDLER,
                   _("A handler file must be a JSON object mapping resources to commands"));
      return FALSE;
    }

  for (guint i = 0; i < sw_value_object_get_size (config); i++)
    {
      Command *command = parse_command (sw_value_object_get_key (config, i),
                                        sw_value_object_get_value (config, i),
                                        base_directory, error);
      if (command == NULL)
        {
          g_ptr_array_foreach (commands, (GFunc) command_free, NULL);
          return FALSE;
        }
      g_ptr_array_add (commands, command);
    }

  for (guint i = 0; i < commands->len; i++)
    sw_task_registry_add (registry, sw_value_object_get_key (config, i), serve,
                          g_ptr_array_index (commands, i), (GDestroyNotify) command_free);
  return TRUE;
}

/**
 * sw_command_handler_load_file:
 *
 * Reads the mapping from the JSON (or YAML) file @path; see sw_command_handler_load_value().
 *
 * Returns: %TRUE if every entry was registered
 */
gboolean
sw_command_handler_load_file (SwTaskRegistry  *registry,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) io_error = NULL;
  g_autoptr(SwValue) config = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (SW_IS_TASK_REGISTRY (registry), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  config = sw_definition_load_file (path, &parse_error, &io_error);
  if (config == NULL && io_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&io_error));
      return FALSE;
    }
  if (config == NULL)
    {
      g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_HANDLER, "%s:%u:%u: %s", path,
                   parse_error->line, parse_error->column, parse_error->message);
      return FALSE;
    }

  absolute = g_canonicalize_filename (path, NULL);
  base = g_path_get_dirname (absolute);
  return sw_command_handler_load_value (registry, config, base, error);
}
