/* sw-mock-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Mock configurations in the format of AWS Step Functions Local (`MockConfigFile.json`):
 *
 *   { "StateMachines": { MACHINE: { "TestCases": { CASE: { STATE: RESPONSE, … } } } },
 *     "MockedResponses": { RESPONSE: { "0": { "Return": … }, "1-2": { "Throw": { "Error": …,
 *                                                                     "Cause": … } } } } }
 *
 * Each invocation of a mocked Task state (retries included) takes the next numbered
 * response; a state invoked more often than its responses cover fails the execution, as
 * Step Functions Local does. The whole file is checked when it is loaded, so mistakes show
 * before anything runs. */

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sw-definition.h"
#include "sw-engine-error.h"
#include "sw-mock-config.h"

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
  guint first;
  guint last;
  SwValue *value;    /* Return value, or NULL */
  char *error;       /* Throw */
  char *cause;
} Response;

struct _SwMockConfig
{
  GObject parent_instance;

  SwValue *root;
  GHashTable *responses;   /* name → GArray of Response */
};

G_DEFINE_FINAL_TYPE (SwMockConfig, sw_mock_config, G_TYPE_OBJECT)

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->value, sw_value_unref);
  g_free (response->error);
  g_free (response->cause);
}

static void
sw_mock_config_finalize (GObject *object)
{
  SwMockConfig *self = SW_MOCK_CONFIG (object);

  g_clear_pointer (&self->root, sw_value_unref);
  g_clear_pointer (&self->responses, g_hash_table_unref);

  G_OBJECT_CLASS (sw_mock_config_parent_class)->finalize (object);
}

static void
sw_mock_config_class_init (SwMockConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_mock_config_finalize;
}

static void
sw_mock_config_init (SwMockConfig *self)
{
  self->responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_array_unref);
}

static gboolean mock_error (GError     **error,
                            const char  *format,
                            ...) G_GNUC_PRINTF (2, 3);

static gboolean
mock_error (GError     **error,
            const char  *format,
            ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
parse_invocations (const char *key,
                   guint      *first,
                   guint      *last)
{
  char *end;
  guint64 a, b;

  if (!g_ascii_isdigit (key[0]))
    return FALSE;
  a = g_ascii_strtoull (key, &end, 10);
  b = a;
  if (*end == '-')
    {
      if (!g_ascii_isdigit (end[1]))
        return FALSE;
      b = g_ascii_strtoull (end + 1, &end, 10);
    }
  if (*end != '\0' || b < a || b > G_MAXUINT)
    return FALSE;
  *first = a;
  *last = b;
  return TRUE;
}

static gboolean
load_response (SwMockConfig  *self,
               const char    *name,
               SwValue       *object,
               GError       **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (Response));

  g_array_set_clear_func (list, (GDestroyNotify) response_clear);
  if (!sw_value_is_object (object))
    return mock_error (error, _("The mocked response “%s” must be an object"), name);

  for (guint i = 0; i < sw_value_object_get_size (object); i++)
    {
      const char *key = sw_value_object_get_key (object, i);
      SwValue *entry = sw_value_object_get_value (object, i);
      SwValue *ret, *throw;
      Response response = { 0, };

      if (!parse_invocations (key, &response.first, &response.last))
        return mock_error (error, _("The mocked response “%s” has the key “%s”; use invocation "
                                    "numbers such as “0” or ranges such as “1-2”"), name, key);
      if (!sw_value_is_object (entry))
        return mock_error (error, _("Entry “%s” of the mocked response “%s” must be an object"),
                           key, name);
      ret = sw_value_object_get (entry, "Return");
      throw = sw_value_object_get (entry, "Throw");
      if ((ret == NULL) == (throw == NULL) || sw_value_object_get_size (entry) != 1)
        return mock_error (error, _("Entry “%s” of the mocked response “%s” must hold exactly "
                                    "one field, Return or Throw"), key, name);
      if (ret != NULL)
        response.value = sw_value_ref (ret);
      else
        {
          SwValue *err = sw_value_is_object (throw) ? sw_value_object_get (throw, "Error") : NULL;
          SwValue *cause = sw_value_is_object (throw) ? sw_value_object_get (throw, "Cause")
                                                      : NULL;

          if (err == NULL || !sw_value_is_string (err) ||
              (cause != NULL && !sw_value_is_string (cause)))
            return mock_error (error, _("The Throw of entry “%s” of the mocked response “%s” "
                                        "needs an Error and a Cause, both strings"), key, name);
          response.error = g_strdup (sw_value_get_string (err));
          response.cause = g_strdup (cause != NULL ? sw_value_get_string (cause) : "");
        }
      g_array_append_val (list, response);
    }

  g_hash_table_insert (self->responses, g_strdup (name), g_steal_pointer (&list));
  return TRUE;
}

/**
 * sw_mock_config_new_from_value:
 * @root: a mock configuration as read
 *
 * Returns: (transfer full) (nullable): the configuration, or %NULL with a
 *   %SW_ENGINE_ERROR_MOCK error that says what is wrong
 */
SwMockConfig *
sw_mock_config_new_from_value (SwValue  *root,
                               GError  **error)
{
  g_autoptr(SwMockConfig) self = NULL;
  SwValue *machines, *responses;

  g_return_val_if_fail (root != NULL, NULL);

  self = g_object_new (SW_TYPE_MOCK_CONFIG, NULL);
  self->root = sw_value_ref (root);

  if (!sw_value_is_object (root))
    return mock_error (error, _("A mock configuration must be a JSON object")), NULL;
  machines = sw_value_object_get (root, "StateMachines");
  responses = sw_value_object_get (root, "MockedResponses");
  if (machines == NULL || !sw_value_is_object (machines))
    return mock_error (error, _("The mock configuration has no StateMachines object")), NULL;
  if (responses != NULL && !sw_value_is_object (responses))
    return mock_error (error, _("MockedResponses must be an object")), NULL;

  for (guint i = 0; responses != NULL && i < sw_value_object_get_size (responses); i++)
    if (!load_response (self, sw_value_object_get_key (responses, i),
                        sw_value_object_get_value (responses, i), error))
      return NULL;

  for (guint i = 0; i < sw_value_object_get_size (machines); i++)
    {
      const char *machine = sw_value_object_get_key (machines, i);
      SwValue *config = sw_value_object_get_value (machines, i);
      SwValue *cases = sw_value_is_object (config) ? sw_value_object_get (config, "TestCases")
                                                   : NULL;

      if (cases == NULL || !sw_value_is_object (cases))
        return mock_error (error, _("The state machine “%s” of the mock configuration has no "
                                    "TestCases object"), machine), NULL;
      for (guint j = 0; j < sw_value_object_get_size (cases); j++)
        {
          const char *test_case = sw_value_object_get_key (cases, j);
          SwValue *states = sw_value_object_get_value (cases, j);

          if (!sw_value_is_object (states))
            return mock_error (error, _("The test case “%s” of “%s” must be an object"),
                               test_case, machine), NULL;
          for (guint k = 0; k < sw_value_object_get_size (states); k++)
            {
              SwValue *name = sw_value_object_get_value (states, k);

              if (!sw_value_is_string (name))
                return mock_error (error, _("The state “%s” of test case “%s” must name a "
                                            "mocked response"),
                                   sw_value_object_get_key (states, k), test_case), NULL;
              if (!g_hash_table_contains (self->responses, sw_value_get_string (name)))
                return mock_error (error, _("The test case “%s” of “%s” uses the mocked "
                                            "response “%s”, which MockedResponses does not "
                                            "define"),
                                   test_case, machine, sw_value_get_string (name)), NULL;
            }
        }
    }
  return g_steal_pointer (&self);
}

/**
 * sw_mock_config_new_from_file:
 *
 * Returns: (transfer full) (nullable): the configuration read from @path
 */
SwMockConfig *
sw_mock_config_new_from_file (const char  *path,
                              GError     **error)
{
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) io_error = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autoptr(GError) local_error = NULL;
  SwMockConfig *self;

  g_return_val_if_fail (path != NULL, NULL);

  root = sw_definition_load_file (path, &parse_error, &io_error);
  if (root == NULL && io_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&io_error));
      return NULL;
    }
  if (root == NULL)
    {
      mock_error (error, "%s:%u:%u: %s", path, parse_error->line, parse_error->column,
                  parse_error->message);
      return NULL;
    }
  self = sw_mock_config_new_from_value (root, &local_error);
  if (self == NULL)
    g_set_error (error, SW_ENGINE_ERROR, SW_ENGINE_ERROR_MOCK, "%s: %s", path,
                 local_error->message);
  return self;
}

/**
 * sw_mock_config_list_machines:
 *
 * Returns: (transfer full): the names of the state machines the configuration covers
 */
char **
sw_mock_config_list_machines (SwMockConfig *self)
{
  GStrvBuilder *builder;
  SwValue *machines;

  g_return_val_if_fail (SW_IS_MOCK_CONFIG (self), NULL);

  builder = g_strv_builder_new ();
  machines = sw_value_object_get (self->root, "StateMachines");
  for (guint i = 0; i < sw_value_object_get_size (machines); i++)
    g_strv_builder_add (builder, sw_value_object_get_key (machines, i));
  return sw_strv_builder_finish (builder);
}

static SwValue *
test_case_object (SwMockConfig *self,
                  const char   *machine,
                  const char   *test_case)
{
  SwValue *machines = sw_value_object_get (self->root, "StateMachines");
  SwValue *config = sw_value_object_get (machines, machine);
  SwValue *cases = config != NULL ? sw_value_object_get (config, "TestCases") : NULL;

  return cases != NULL ? sw_value_object_get (cases, test_case) : NULL;
}

gboolean
sw_mock_config_has_test_case (SwMockConfig *self,
                              const char   *machine,
                              const char   *test_case)
{
  g_return_val_if_fail (SW_IS_MOCK_CONFIG (self), FALSE);
  g_return_val_if_fail (machine != NULL && test_case != NULL, FALSE);

  return test_case_object (self, machine, test_case) != NULL;
}

/**
 * sw_mock_config_get_response_name:
 *
 * Returns: (nullable): the mocked response the test case gives @state, %NULL if the state
 *   is not mocked
 */
const char *
sw_mock_config_get_response_name (SwMockConfig *self,
                                  const char   *machine,
                                  const char   *test_case,
                                  const char   *state)
{
  SwValue *states, *name;

  g_return_val_if_fail (SW_IS_MOCK_CONFIG (self), NULL);

  states = test_case_object (self, machine, test_case);
  name = states != NULL ? sw_value_object_get (states, state) : NULL;
  return name != NULL ? sw_value_get_string (name) : NULL;
}

/**
 * sw_mock_config_get_response:
 * @response: a mocked response's name
 * @invocation: 0 for the first invocation of the state, 1 for the next …
 * @result: (out) (transfer full) (nullable): the Return value
 * @error: (out) (transfer full) (nullable): the Throw error
 * @cause: (out) (transfer full) (nullable): the Throw cause
 *
 * Returns: %FALSE if the response defines nothing for @invocation
 */
gboolean
sw_mock_config_get_response (SwMockConfig  *self,
                             const char    *response,
                             guint          invocation,
                             SwValue      **result,
                             char         **error,
                             char         **cause)
{
  GArray *list;

  g_return_val_if_fail (SW_IS_MOCK_CONFIG (self), FALSE);

  *result = NULL;
  *error = NULL;
  *cause = NULL;
  list = g_hash_table_lookup (self->responses, response);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      Response *r = &g_array_index (list, Response, i);

      if (invocation < r->first || invocation > r->last)
        continue;
      if (r->value != NULL)
        *result = sw_value_ref (r->value);
      else
        {
          *error = g_strdup (r->error);
          *cause = g_strdup (r->cause);
        }
      return TRUE;
    }
  return FALSE;
}
