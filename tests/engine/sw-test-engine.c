/* sw-test-engine.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Helpers shared by the engine's tests. Definitions are written with backquotes for double
 * quotes, which keeps them readable in C; single quotes stay for intrinsic literals. */

#include <string.h>

#include "sw-test-engine.h"

char *
sw_test_quote (const char *text)
{
  char *copy = g_strdup (text);

  for (char *p = copy; *p; p++)
    if (*p == '`')
      *p = '"';
  return copy;
}

SwValue *
sw_test_parse (const char *json)
{
  g_autofree char *text = sw_test_quote (json);
  g_autoptr(GError) error = NULL;
  guint line = 0, column = 0;
  SwValue *value = sw_json_parse (text, -1, &line, &column, &error);

  if (value == NULL)
    g_error ("Test JSON does not parse at %u:%u: %s\n%s", line, column, error->message, text);
  return value;
}

/* An execution with a fake clock at SW_TEST_EPOCH_MS and history recorded. */
SwExecution *
sw_test_execution_new (const char *definition,
                       const char *input)
{
  g_autoptr(SwValue) tree = sw_test_parse (definition);
  g_autoptr(SwValue) data = input != NULL ? sw_test_parse (input) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwClock) clock = sw_clock_new_fake (SW_TEST_EPOCH_MS);
  SwExecution *execution = sw_execution_new (tree, data, &error);

  g_assert_no_error (error);
  sw_execution_set_clock (execution, clock);
  sw_execution_set_name (execution, "test-run");
  sw_execution_set_state_machine_name (execution, "TestMachine");
  return execution;
}

SwExecutionStatus
sw_test_run (SwExecution *execution)
{
  g_autoptr(GError) error = NULL;
  SwExecutionStatus status = sw_execution_run (execution, NULL, &error);

  g_assert_no_error (error);
  return status;
}

char *
sw_test_compact (SwValue *value)
{
  return value != NULL ? sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL) : NULL;
}

char *
sw_test_output (SwExecution *execution)
{
  return sw_test_compact (sw_execution_get_output (execution));
}

char *
sw_test_event_types (SwExecution *execution)
{
  GPtrArray *history = sw_execution_get_history (execution);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < history->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, sw_history_event_get_type_name (g_ptr_array_index (history, i)));
    }
  return g_string_free (out, FALSE);
}

SwValue *
sw_test_event (SwExecution *execution,
               guint        index)
{
  GPtrArray *history = sw_execution_get_history (execution);

  g_assert_cmpuint (index, <, history->len);
  return sw_history_event_to_value (g_ptr_array_index (history, index));
}

/* The @nth (from 0) event of @type, as GetExecutionHistory shows it. */
SwValue *
sw_test_find_event (SwExecution *execution,
                    const char  *type,
                    guint        nth)
{
  GPtrArray *history = sw_execution_get_history (execution);

  for (guint i = 0; i < history->len; i++)
    {
      SwHistoryEvent *event = g_ptr_array_index (history, i);

      if (strcmp (sw_history_event_get_type_name (event), type) == 0 && nth-- == 0)
        return sw_history_event_to_value (event);
    }
  g_error ("No event %s", type);
  return NULL;
}

/* Milliseconds from the start of the fake clock to the @nth event of @type. */
gint64
sw_test_event_time (SwExecution *execution,
                    const char  *type,
                    guint        nth)
{
  GPtrArray *history = sw_execution_get_history (execution);

  for (guint i = 0; i < history->len; i++)
    {
      SwHistoryEvent *event = g_ptr_array_index (history, i);

      if (strcmp (sw_history_event_get_type_name (event), type) == 0 && nth-- == 0)
        return sw_history_event_get_timestamp_ms (event) - SW_TEST_EPOCH_MS;
    }
  g_error ("No event %s", type);
  return -1;
}

/* A string member of the event's details object. */
const char *
sw_test_detail (SwValue    *event,
                const char *key)
{
  for (guint i = 0; i < sw_value_object_get_size (event); i++)
    {
      const char *name = sw_value_object_get_key (event, i);
      SwValue *details = sw_value_object_get_value (event, i);
      SwValue *member;

      if (!g_str_has_suffix (name, "EventDetails"))
        continue;
      member = sw_value_object_get (details, key);
      if (member != NULL && sw_value_is_string (member))
        return sw_value_get_string (member);
    }
  return NULL;
}

gboolean
sw_test_contains (const char *haystack,
                  const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* A new execution of DEFINITION whose tasks matching PATTERN FUNC answers. */
SwExecution *
sw_test_execution_with (const char        *definition,
                        const char        *input,
                        const char        *pattern,
                        SwTaskHandlerFunc  func,
                        gpointer           data)
{
  SwExecution *execution = sw_test_execution_new (definition, input);
  g_autoptr(SwTaskRegistry) registry = sw_task_registry_new ();

  sw_task_registry_add (registry, pattern, func, data, NULL);
  sw_execution_set_task_registry (execution, registry);
  return execution;
}

/* Runs EXECUTION, which must succeed with EXPECTED (backquoted) as its output. */
void
sw_test_expect_output (SwExecution *execution,
                       const char  *expected)
{
  g_autofree char *output = NULL;
  g_autofree char *want = sw_test_quote (expected);
  SwExecutionStatus status = sw_test_run (execution);

  if (status != SW_EXECUTION_STATUS_SUCCEEDED)
    g_error ("The execution %s: %s: %s", sw_execution_status_to_string (status),
             sw_execution_get_error (execution), sw_execution_get_cause (execution));
  output = sw_test_output (execution);
  g_assert_cmpstr (output, ==, want);
}

/* EXECUTION has failed with ERROR and a cause containing CAUSE_FRAGMENT (unless NULL). */
void
sw_test_assert_failed (SwExecution *execution,
                       const char  *error,
                       const char  *cause_fragment)
{
  g_assert_cmpint (sw_execution_get_status (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, error);
  if (cause_fragment != NULL)
    sw_test_assert_contains (sw_execution_get_cause (execution), cause_fragment);
}
