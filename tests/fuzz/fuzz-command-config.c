/* fuzz-command-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the command handler files of src/engine (`run --handlers FILE`),
 * which map Task resources and Lambda functions to local commands, read as
 * sw_command_handler_load_file() reads them: JSON or YAML (the first byte picks: even for
 * JSON) through sw_definition_parse(). Nothing is run.
 *
 *   a file registers its entries or is refused with SW_ENGINE_ERROR_HANDLER and a message,
 *   never both or neither; a refused file registers nothing; an accepted one registers one
 *   handler per entry, and a resource spelled like an entry's key without wildcards finds a
 *   handler; the Lambda function name of any key is a string without `:`.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-command-handler.h"
#include "sw-definition.h"
#include "sw-engine-error.h"
#include "sw-task.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwTaskRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  if (size > 8192)
    return 0;
  root = sw_fuzz_parse_definition (data, size);
  if (root == NULL)
    return 0;

  registry = sw_task_registry_new ();
  loaded = sw_command_handler_load_value (registry, root, "/nonexistent", &error);
  if (loaded == (error != NULL))
    sw_fuzz_fail ("loaded with an error, or refused without one", error ? error->message : NULL);
  if (!loaded)
    {
      if (error->domain != SW_ENGINE_ERROR || error->code != SW_ENGINE_ERROR_HANDLER ||
          error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal that is not SW_ENGINE_ERROR_HANDLER with a message",
                      error->message);
      if (sw_task_registry_get_n_handlers (registry) != 0)
        sw_fuzz_fail ("a refused file registers handlers", NULL);
      return 0;
    }
  if (sw_task_registry_get_n_handlers (registry) != sw_value_object_get_size (root))
    sw_fuzz_fail ("not one handler per entry", NULL);

  for (guint i = 0; i < sw_value_object_get_size (root); i++)
    {
      const char *key = sw_value_object_get_key (root, i);
      g_autofree char *function = sw_task_lambda_function_name (key);
      SwTaskHandlerFunc func = NULL;
      gpointer user_data = NULL;

      if (function != NULL && strchr (function, ':') != NULL)
        sw_fuzz_fail ("a Lambda function name with a colon", function);
      if (strpbrk (key, "*?") != NULL)
        continue;
      if (!sw_task_registry_lookup (registry, key, NULL, &func, &user_data) || func == NULL)
        sw_fuzz_fail ("an entry's own resource finds no handler", key);
    }
  return 0;
}
