/* fuzz-mock-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for mock configuration files (`MockConfigFile.json`, src/engine), read
 * as sw_mock_config_new_from_file() reads them: JSON or YAML through sw_definition_parse(),
 * then checked whole. The first byte picks JSON (even) or YAML (odd).
 *
 *   a file is accepted or refused with an SW_ENGINE_ERROR_MOCK error with a message, never
 *   both or neither; in an accepted file every machine's every test case names, for every
 *   state, a response that exists; a response answers each invocation with a Return value
 *   or a Throw error and cause, never both.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-definition.h"
#include "sw-engine-error.h"
#include "sw-mock-config.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

static void
check_response (SwMockConfig *config,
                const char   *name)
{
  for (guint invocation = 0; invocation < 4; invocation++)
    {
      g_autoptr(SwValue) result = NULL;
      g_autofree char *error = NULL;
      g_autofree char *cause = NULL;

      if (!sw_mock_config_get_response (config, name, invocation, &result, &error, &cause))
        {
          if (result != NULL || error != NULL || cause != NULL)
            sw_fuzz_fail ("an invocation without a response gives one", NULL);
          continue;
        }
      if ((result != NULL) == (error != NULL) || (error != NULL) != (cause != NULL))
        sw_fuzz_fail ("a response is not one Return or one Throw", NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwValue) root = NULL;
  g_autoptr(SwMockConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) machines = NULL;
  SwValue *machine_values;

  root = sw_fuzz_parse_definition (data, size);
  if (root == NULL)
    return 0;

  config = sw_mock_config_new_from_value (root, &error);
  if ((config == NULL) == (error == NULL))
    sw_fuzz_fail ("a configuration and an error, or neither", NULL);
  if (config == NULL)
    {
      if (error->domain != SW_ENGINE_ERROR || error->code != SW_ENGINE_ERROR_MOCK ||
          error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal that is not SW_ENGINE_ERROR_MOCK with a message", NULL);
      return 0;
    }

  machines = sw_mock_config_list_machines (config);
  machine_values = sw_value_object_get (root, "StateMachines");
  if (g_strv_length (machines) != sw_value_object_get_size (machine_values))
    sw_fuzz_fail ("list_machines misses machines", NULL);
  for (guint i = 0; machines[i] != NULL; i++)
    {
      SwValue *cases = sw_value_object_get (sw_value_object_get (machine_values, machines[i]),
                                            "TestCases");

      for (guint j = 0; j < sw_value_object_get_size (cases); j++)
        {
          const char *test_case = sw_value_object_get_key (cases, j);
          SwValue *states = sw_value_object_get_value (cases, j);

          if (!sw_mock_config_has_test_case (config, machines[i], test_case))
            sw_fuzz_fail ("a test case is not found", NULL);
          for (guint k = 0; k < sw_value_object_get_size (states); k++)
            {
              const char *name = sw_mock_config_get_response_name (
                config, machines[i], test_case, sw_value_object_get_key (states, k));

              if (name == NULL)
                sw_fuzz_fail ("a mocked state has no response name", NULL);
              check_response (config, name);
            }
        }
      if (sw_mock_config_get_response_name (config, machines[i], "no such case", "S") != NULL)
        sw_fuzz_fail ("a missing test case mocks a state", NULL);
    }
  return 0;
}
