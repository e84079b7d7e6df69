/* test-states-catalog.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-fragment.h"
#include "sw-machine.h"
#include "sw-json.h"
#include "sw-jsonata.h"
#include "sw-states-catalog.h"
#include "sw-validator.h"

/* The fragment as the only states of a machine after a "Start" Pass state. */
static SwValue *
machine_around (SwValue    *fragment,
                const char *query_language)
{
  g_autoptr (SwValue) machine = sw_value_new_object ();
  SwValue *states = sw_value_new_object ();
  SwValue *start = sw_value_new_object ();

  if (query_language != NULL)
    sw_value_object_set (machine, "QueryLanguage", sw_value_new_string (query_language));
  sw_value_object_set (machine, "StartAt", sw_value_new_string ("Start"));
  sw_value_object_set (start, "Type", sw_value_new_string ("Pass"));
  sw_value_object_set (start, "Next",
                       sw_value_new_string (sw_value_object_get_key (fragment, 0)));
  sw_value_object_set (states, "Start", start);
  for (guint i = 0; i < sw_value_object_get_size (fragment); i++)
    sw_value_object_set (states, sw_value_object_get_key (fragment, i),
                         sw_value_copy (sw_value_object_get_value (fragment, i)));
  sw_value_object_set (machine, "States", states);
  return g_steal_pointer (&machine);
}

static void
assert_validates (SwValue    *fragment,
                  const char *query_language,
                  const char *id)
{
  g_autoptr (SwValue) machine = machine_around (fragment, query_language);
  g_autoptr (GPtrArray) diagnostics = sw_validate (machine);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      g_autofree char *text = sw_json_write (machine, SW_JSON_WRITE_DEFAULT, NULL);

      g_test_message ("%s (%s): %s at %s [%s]\n%s", id, query_language,
                      diagnostic->message, diagnostic->pointer, diagnostic->code, text);
    }
  g_assert_cmpuint (diagnostics->len, ==, 0);
}

/* No ".$" key and no JSONPath-only field anywhere in a JSONata fragment. */
static void
assert_no_jsonpath (const SwValue *value)
{
  static const char *jsonpath_only[] = {
    "Parameters", "ResultPath", "InputPath", "OutputPath", "ResultSelector", "ItemsPath",
    "SecondsPath", "TimestampPath", "Variable",
  };

  if (sw_value_is_array (value))
    for (guint i = 0; i < sw_value_array_get_length (value); i++)
      assert_no_jsonpath (sw_value_array_get (value, i));
  if (!sw_value_is_object (value))
    return;
  for (guint i = 0; i < sw_value_object_get_size (value); i++)
    {
      const char *key = sw_value_object_get_key (value, i);

      g_assert_false (g_str_has_suffix (key, ".$"));
      for (guint k = 0; k < G_N_ELEMENTS (jsonpath_only); k++)
        g_assert_cmpstr (key, !=, jsonpath_only[k]);
      assert_no_jsonpath (sw_value_object_get_value (value, i));
    }
}

static void
test_every_entry_validates (void)
{
  guint n_entries;
  const SwStatesCatalogEntry *entries = sw_states_catalog_get_entries (&n_entries);

  g_assert_cmpuint (n_entries, >=, 28);
  for (guint i = 0; i < n_entries; i++)
    {
      const char *languages[] = { NULL, "JSONPath", "JSONata" };

      for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (SwValue) fragment =
            sw_states_catalog_build (&entries[i], languages[l],
                                     entries[i].needs_sdk_action ? "s3:getObject" : NULL,
                                     &error);

          g_assert_no_error (error);
          g_assert_nonnull (fragment);
          g_assert_true (sw_value_is_object (fragment));
          g_assert_cmpuint (sw_value_object_get_size (fragment), >=, 1);
          assert_validates (fragment, languages[l], entries[i].id);
          if (g_strcmp0 (languages[l], "JSONata") == 0)
            assert_no_jsonpath (fragment);
        }
    }
}

/* Through the canvas's inserter, twice (the second copy gets new names), in the middle of a
 * machine: what a drop or an activation does. */
static void
test_every_entry_inserts (void)
{
  guint n_entries;
  const SwStatesCatalogEntry *entries = sw_states_catalog_get_entries (&n_entries);

  for (guint i = 0; i < n_entries; i++)
    for (guint l = 0; l < 2; l++)
      {
        const char *language = l == 0 ? "JSONPath" : "JSONata";
        g_autofree char *text =
          g_strdup_printf ("{\"QueryLanguage\": \"%s\", \"StartAt\": \"First\","
                           " \"States\": {\"First\": {\"Type\": \"Pass\","
                           " \"Next\": \"Last\"}, \"Last\": {\"Type\":"
                           " \"Pass\", \"End\": true}}}", language);
        g_autoptr (SwValue) definition = sw_json_parse (text, -1, NULL, NULL, NULL);
        g_autoptr (SwMachine) machine = sw_machine_new (definition);
        g_autoptr (GPtrArray) diagnostics = NULL;
        g_autoptr (SwValue) probe = sw_states_catalog_build (&entries[i], language,
                                                             "s3:getObject", NULL);
        gboolean rejoins = FALSE;
        guint n_expected = 0;

        /* Succeed and Fail end the workflow: what followed becomes unreachable, once. */
        for (guint m = 0; m < sw_value_object_get_size (probe); m++)
          rejoins |= sw_value_object_has (sw_value_object_get_value (probe, m), "End");

        for (guint copy = 0; copy < (rejoins ? 2u : 1u); copy++)
          {
            g_autoptr (GError) error = NULL;
            g_autofree char *fragment_text =
              sw_states_catalog_dup_fragment_text (&entries[i], language,
                                                   entries[i].needs_sdk_action
                                                   ? "sagemaker:describeEndpoint" : NULL,
                                                   &error);
            g_autoptr (SwValue) fragment = sw_fragment_parse (fragment_text, -1, &error);
            g_auto (GStrv) names = NULL;

            g_assert_no_error (error);
            names = sw_fragment_insert_after (fragment,
                                              sw_machine_lookup_state (machine, "First"),
                                              &error);
            g_assert_no_error (error);
            g_assert_nonnull (names);
          }
        diagnostics = sw_validate (sw_machine_get_value (machine));
        for (guint d = 0; d < diagnostics->len; d++)
          {
            SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, d);
            g_test_message ("%s (%s): %s at %s", entries[i].id, language, diagnostic->message,
                            diagnostic->pointer);
            if (!rejoins)
              {
                g_assert_cmpstr (diagnostic->code, ==, "state-unreachable");
                g_assert_cmpstr (diagnostic->pointer, ==, "/States/Last");
                n_expected++;
              }
          }
        g_assert_cmpuint (diagnostics->len, ==, n_expected);
        g_assert_cmpuint (n_expected, ==, rejoins ? 0 : 1);
        g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "First")), !=,
                         "Last");
      }
}

static void
test_groups_and_order (void)
{
  guint n_entries;
  const SwStatesCatalogEntry *entries = sw_states_catalog_get_entries (&n_entries);
  const char *flow[] = { "Pass", "Choice", "Wait", "Parallel", "Map", "Succeed", "Fail" };
  SwStatesCatalogGroup last = SW_STATES_CATALOG_FLOW;
  guint first_action = 0;

  for (guint i = 0; i < G_N_ELEMENTS (flow); i++)
    {
      g_assert_cmpint (entries[i].group, ==, SW_STATES_CATALOG_FLOW);
      g_assert_cmpstr (entries[i].title, ==, flow[i]);
    }
  for (guint i = 0; i < n_entries; i++)
    {
      g_assert_cmpint (entries[i].group, >=, last);
      last = entries[i].group;
      if (first_action == 0 && entries[i].group == SW_STATES_CATALOG_ACTIONS)
        first_action = i;
      g_assert_true (sw_states_catalog_lookup (entries[i].id) == &entries[i]);
    }
  /* SageMaker comes first among the actions. */
  g_assert_cmpstr (entries[first_action].title, ==, "CreateTrainingJob");
  for (guint i = first_action; i < first_action + 7; i++)
    g_assert_cmpstr (entries[i].subtitle, ==, "Amazon SageMaker");
  g_assert_null (sw_states_catalog_lookup ("no-such-entry"));
  g_assert_cmpstr (sw_states_catalog_group_get_title (SW_STATES_CATALOG_PATTERNS), ==,
                   "Patterns");
}

static void
test_fragment_shape (void)
{
  const SwStatesCatalogEntry *entry = sw_states_catalog_lookup ("pattern-train-and-deploy");
  g_autoptr (SwValue) fragment = sw_states_catalog_build (entry, NULL, NULL, NULL);
  SwValue *train;
  SwValue *last;
  g_autofree char *text = NULL;
  g_autoptr (SwValue) reparsed = NULL;

  g_assert_cmpuint (sw_value_object_get_size (fragment), ==, 4);
  g_assert_cmpstr (sw_value_object_get_key (fragment, 0), ==, "Train model");
  train = sw_value_object_get_value (fragment, 0);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (train, "Resource")), ==,
                   "arn:aws:states:::sagemaker:createTrainingJob.sync");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (train, "Next")), ==,
                   "Create model");
  g_assert_nonnull (sw_value_object_get (sw_value_object_get (train, "Parameters"),
                                         "AlgorithmSpecification"));
  last = sw_value_object_get_value (fragment, 3);
  g_assert_true (sw_value_get_boolean (sw_value_object_get (last, "End")));
  g_assert_null (sw_value_object_get (last, "Next"));

  /* The dragged text is canonical JSON of the same fragment. */
  text = sw_states_catalog_dup_fragment_text (entry, NULL, NULL, NULL);
  g_assert_true (g_str_has_prefix (text, "{\n  \"Train model\": {\n"));
  reparsed = sw_json_parse (text, -1, NULL, NULL, NULL);
  g_assert_true (sw_value_equal (reparsed, fragment));
}

static void
test_jsonata_conversion (void)
{
  const SwStatesCatalogEntry *entry = sw_states_catalog_lookup ("pattern-train-and-deploy");
  g_autoptr (SwValue) fragment = sw_states_catalog_build (entry, "JSONata", NULL, NULL);
  SwValue *model = sw_value_object_get (fragment, "Create model");
  SwValue *arguments = sw_value_object_get (model, "Arguments");
  SwValue *container = sw_value_object_get (arguments, "PrimaryContainer");
  const SwStatesCatalogEntry *poll = sw_states_catalog_lookup ("pattern-poll-until-ready");
  g_autoptr (SwValue) polling = sw_states_catalog_build (poll, "JSONata", NULL, NULL);
  SwValue *rule = sw_value_array_get (sw_value_object_get (sw_value_object_get (polling,
                                                                                "Is it ready?"),
                                                           "Choices"), 0);

  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (arguments, "ModelName")), ==,
                   "{% 'model-' & $states.context.Execution.Name %}");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (container, "ModelDataUrl")), ==,
                   "{% $states.input.training.ModelArtifacts.S3ModelArtifacts %}");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (model, "Output")), ==,
                   "{% $merge([$states.input, {'model': $states.result}]) %}");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (rule, "Condition")), ==,
                   "{% $states.input.status.EndpointStatus = 'InService' %}");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (rule, "Next")), ==, "Ready");
}

static char *
condition_of (const char *json)
{
  g_autoptr (SwValue) rule = sw_json_parse (json, -1, NULL, NULL, NULL);
  char *condition;
  g_autoptr (SwJsonata) compiled = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (rule);
  condition = sw_states_catalog_condition_from_rule (rule);
  if (condition != NULL)
    {
      compiled = sw_jsonata_compile (condition, &error);
      g_assert_no_error (error);
    }
  return condition;
}

static void
test_conditions (void)
{
  struct { const char *rule; const char *condition; } cases[] = {
    { "{\"Variable\": \"$.n\", \"NumericGreaterThanEquals\": 3}", "$states.input.n >= 3" },
    { "{\"Variable\": \"$.s\", \"StringEquals\": \"it's\"}", "$states.input.s = \"it's\"" },
    { "{\"Variable\": \"$.a\", \"NumericLessThanPath\": \"$.b\"}",
      "$states.input.a < $states.input.b" },
    { "{\"Variable\": \"$.f\", \"BooleanEquals\": true}", "$states.input.f = true" },
    { "{\"Variable\": \"$.x\", \"IsPresent\": false}", "$not($exists($states.input.x))" },
    { "{\"Variable\": \"$.x\", \"IsNumeric\": true}", "$type($states.input.x) = 'number'" },
    { "{\"Variable\": \"$.t\", \"TimestampLessThan\": \"2026-01-01T00:00:00Z\"}",
      "$toMillis($states.input.t) < $toMillis('2026-01-01T00:00:00Z')" },
    { "{\"Variable\": \"$.f\", \"StringMatches\": \"log-*.txt\"}",
      "$contains($states.input.f, /^log-.*\\.txt$/)" },
    { "{\"And\": [{\"Variable\": \"$.a\", \"NumericEquals\": 1},"
      " {\"Not\": {\"Variable\": \"$$.Execution.Name\", \"StringEquals\": \"x\"}}]}",
      "($states.input.a = 1) and ($not($states.context.Execution.Name = 'x'))" },
    { "{\"Or\": [{\"Variable\": \"$.a\", \"IsNull\": true},"
      " {\"Variable\": \"$.b\", \"IsString\": false}]}",
      "($states.input.a = null) or ($type($states.input.b) != 'string')" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *condition = condition_of (cases[i].rule);
      g_assert_cmpstr (condition, ==, cases[i].condition);
    }
  g_assert_null (condition_of ("{\"Next\": \"A\"}"));
}

static void
test_sdk_action (void)
{
  const SwStatesCatalogEntry *entry = sw_states_catalog_lookup ("aws-sdk");
  g_autoptr (GError) error = NULL;
  g_autoptr (SwValue) fragment = NULL;
  g_autofree char *service = NULL;
  g_autofree char *action = NULL;
  SwValue *state;

  g_assert_true (entry->needs_sdk_action);
  g_assert_true (sw_states_catalog_parse_sdk_action (" SageMaker:DescribeEndpoint ", &service,
                                                     &action, NULL));
  g_assert_cmpstr (service, ==, "sagemaker");
  g_assert_cmpstr (action, ==, "describeEndpoint");

  fragment = sw_states_catalog_build (entry, NULL, "s3:getObject", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_value_object_get_key (fragment, 0), ==, "S3 GetObject");
  state = sw_value_object_get_value (fragment, 0);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (state, "Resource")), ==,
                   "arn:aws:states:::aws-sdk:s3:getObject");

  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "s3", "s3:", ":getObject", "s3:get:Object", "s3:get Object" };
      g_autoptr (GError) parse_error = NULL;
      g_autoptr (SwValue) none = sw_states_catalog_build (entry, NULL, bad[i], &parse_error);

      g_assert_null (none);
      g_assert_error (parse_error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    }
  {
    g_autoptr (GError) missing = NULL;
    g_autoptr (SwValue) none = sw_states_catalog_build (entry, NULL, NULL, &missing);
    g_assert_null (none);
    g_assert_error (missing, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  }
}

/* Found by fuzz-fragment: a long action made a state name over 80 characters, so the
 * fragment built could not be read back (nor dropped on the canvas). */
static void
test_sdk_action_long_name (void)
{
  const SwStatesCatalogEntry *entry = sw_states_catalog_lookup ("aws-sdk");
  g_autofree char *action = g_strnfill (100, 'x');
  g_autofree char *typed = g_strconcat ("sagemaker:describe", action, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SwValue) fragment = sw_states_catalog_build (entry, NULL, typed, &error);
  g_autoptr (SwValue) again = NULL;
  g_autofree char *text = NULL;
  const char *name;

  g_assert_no_error (error);
  name = sw_value_object_get_key (fragment, 0);
  g_assert_cmpuint (strlen (name), ==, SW_STATE_NAME_MAX_LENGTH);
  g_assert_true (g_str_has_prefix (name, "Sagemaker Describexxx"));
  text = sw_fragment_to_text (fragment);
  again = sw_fragment_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static guint
count_matches (const char *query)
{
  guint n_entries, n = 0;
  const SwStatesCatalogEntry *entries = sw_states_catalog_get_entries (&n_entries);

  for (guint i = 0; i < n_entries; i++)
    n += sw_states_catalog_entry_matches (&entries[i], query);
  return n;
}

static void
test_search (void)
{
  guint n_entries;

  sw_states_catalog_get_entries (&n_entries);
  g_assert_cmpuint (count_matches (NULL), ==, n_entries);
  g_assert_cmpuint (count_matches (""), ==, n_entries);
  g_assert_cmpuint (count_matches ("  "), ==, n_entries);
  /* Seven actions and the train-and-deploy pattern mention SageMaker. */
  g_assert_cmpuint (count_matches ("SAGEMAKER"), ==, 8);
  g_assert_cmpuint (count_matches ("sagemaker endpoint"), ==, 3);
  g_assert_cmpuint (count_matches ("dynamodb"), ==, 2);
  g_assert_cmpuint (count_matches ("choice"), ==, 1);
  g_assert_cmpuint (count_matches ("no such thing"), ==, 0);
  g_assert_true (sw_states_catalog_entry_matches (sw_states_catalog_lookup ("flow-map"),
                                                  "foreach"));
}

static void
test_resource_patterns (void)
{
  struct { const char *resource; SwIntegrationPattern pattern; } cases[] = {
    { "arn:aws:states:::sagemaker:createTrainingJob", SW_INTEGRATION_REQUEST_RESPONSE },
    { "arn:aws:states:::sagemaker:createTrainingJob.sync", SW_INTEGRATION_SYNC },
    { "arn:aws:states:::states:startExecution.sync:2", SW_INTEGRATION_SYNC },
    { "arn:aws:states:::lambda:invoke.waitForTaskToken", SW_INTEGRATION_WAIT_FOR_TASK_TOKEN },
    { "arn:aws:lambda:us-east-1:123456789012:function:f", SW_INTEGRATION_REQUEST_RESPONSE },
  };
  g_autofree char *sync = NULL;
  g_autofree char *token = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *execution = NULL;
  g_autofree char *lambda = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (sw_resource_get_pattern (cases[i].resource), ==, cases[i].pattern);

  sync = sw_resource_with_pattern ("arn:aws:states:::sagemaker:createTrainingJob",
                                   SW_INTEGRATION_SYNC);
  g_assert_cmpstr (sync, ==, "arn:aws:states:::sagemaker:createTrainingJob.sync");
  token = sw_resource_with_pattern (sync, SW_INTEGRATION_WAIT_FOR_TASK_TOKEN);
  g_assert_cmpstr (token, ==, "arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken");
  plain = sw_resource_with_pattern (token, SW_INTEGRATION_REQUEST_RESPONSE);
  g_assert_cmpstr (plain, ==, "arn:aws:states:::sagemaker:createTrainingJob");
  execution = sw_resource_with_pattern ("arn:aws:states:::states:startExecution",
                                        SW_INTEGRATION_SYNC);
  g_assert_cmpstr (execution, ==, "arn:aws:states:::states:startExecution.sync:2");
  lambda = sw_resource_with_pattern ("arn:aws:lambda:us-east-1:123456789012:function:f",
                                     SW_INTEGRATION_SYNC);
  g_assert_cmpstr (lambda, ==, "arn:aws:lambda:us-east-1:123456789012:function:f");
  g_assert_false (sw_resource_is_service_integration ("arn:aws:states:::"));
  g_assert_false (sw_resource_is_service_integration (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/states-catalog/every-entry-validates", test_every_entry_validates);
  g_test_add_func ("/ui/states-catalog/every-entry-inserts", test_every_entry_inserts);
  g_test_add_func ("/ui/states-catalog/groups-and-order", test_groups_and_order);
  g_test_add_func ("/ui/states-catalog/fragment-shape", test_fragment_shape);
  g_test_add_func ("/ui/states-catalog/jsonata-conversion", test_jsonata_conversion);
  g_test_add_func ("/ui/states-catalog/conditions", test_conditions);
  g_test_add_func ("/ui/states-catalog/sdk-action", test_sdk_action);
  g_test_add_func ("/ui/states-catalog/sdk-action-long-name", test_sdk_action_long_name);
  g_test_add_func ("/ui/states-catalog/search", test_search);
  g_test_add_func ("/ui/states-catalog/resource-patterns", test_resource_patterns);

  return g_test_run ();
}
