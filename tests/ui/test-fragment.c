/* test-fragment.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* States as ASL fragments (src/ui/sw-fragment.c): no GTK, no display. */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-fragment.h"
#include "sw-json.h"

static SwMachine *
machine_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) value = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return sw_machine_new (value);
}

static SwValue *
fragment_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwValue *fragment = sw_fragment_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (fragment);
  return fragment;
}

/* The definition as compact JSON, for exact comparisons. */
static char *
compact (SwMachine *machine)
{
  return sw_json_write (sw_machine_get_value (machine), SW_JSON_WRITE_COMPACT, NULL);
}

static char *
compact_text (const char *text)
{
  g_autoptr(SwValue) value = sw_json_parse (text, -1, NULL, NULL, NULL);

  g_assert_nonnull (value);
  return sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
}

static void
assert_definition (SwMachine  *machine,
                   const char *expected)
{
  g_autofree char *got = compact (machine);
  g_autofree char *want = compact_text (expected);

  g_assert_cmpstr (got, ==, want);
}

static const char *two_states =
  "{\"StartAt\": \"A\", \"States\": {"
  "\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
  "\"B\": {\"Type\": \"Pass\", \"End\": true}}}";

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    int code;
    const char *message;
  } cases[] = {
    { "{\"A\": ", SW_ASL_ERROR_SYNTAX, "line 1" },
    { "[1, 2]", SW_ASL_ERROR_INVALID, "JSON object" },
    { "{}", SW_ASL_ERROR_INVALID, "no states" },
    { "{\"A\": 3}", SW_ASL_ERROR_INVALID, "“A” is not a JSON object" },
    { "{\"A\": {\"Next\": \"B\"}}", SW_ASL_ERROR_INVALID, "“A” has no Type" },
    { "{\"A\": {\"Type\": \"Pass\", \"Next\": \"Z\"}}", SW_ASL_ERROR_INVALID,
      "“A” goes to “Z”, which is not in the fragment" },
    { "{\"A\": {\"Type\": \"Pass\", \"End\": true}, \"A\": {\"Type\": \"Pass\", \"End\": true}}",
      SW_ASL_ERROR_INVALID, "“A” appears twice" },
    { "{\"\": {\"Type\": \"Pass\", \"End\": true}}", SW_ASL_ERROR_INVALID,
      "not a valid state name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) fragment = sw_fragment_parse (cases[i].text, -1, &error);

      g_assert_null (fragment);
      g_assert_error (error, SW_ASL_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message,
                 cases[i].message);
    }
}

static void
test_parse_round_trip (void)
{
  g_autoptr(SwValue) fragment =
    fragment_from_text ("{\"Wait\": {\"Type\": \"Wait\", \"Seconds\": 5, \"Next\": \"Done\"},"
                        " \"Done\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autofree char *text = sw_fragment_to_text (fragment);

  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"Wait\": {\n"
                   "    \"Type\": \"Wait\",\n"
                   "    \"Seconds\": 5,\n"
                   "    \"Next\": \"Done\"\n"
                   "  },\n"
                   "  \"Done\": {\n"
                   "    \"Type\": \"Pass\",\n"
                   "    \"End\": true\n"
                   "  }\n"
                   "}\n");
}

static void
test_parse_definition (void)
{
  g_autoptr(SwValue) fragment =
    fragment_from_text ("{\"Comment\": \"x\", \"StartAt\": \"Second\", \"States\": {"
                        " \"First\": {\"Type\": \"Pass\", \"End\": true},"
                        " \"Second\": {\"Type\": \"Pass\", \"Next\": \"First\"}}}");

  g_assert_cmpuint (sw_value_object_get_size (fragment), ==, 2);
  g_assert_cmpstr (sw_value_object_get_key (fragment, 0), ==, "Second");
  g_assert_cmpstr (sw_value_object_get_key (fragment, 1), ==, "First");
}

static void
test_insert_one_on_edge (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (two_states);
  g_autoptr(SwValue) fragment = fragment_from_text ("{\"X\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "A"),
                                            SW_TRANSITION_NEXT, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "X");
  assert_definition (machine,
                     "{\"StartAt\": \"A\", \"States\": {"
                     "\"A\": {\"Type\": \"Pass\", \"Next\": \"X\"},"
                     "\"X\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
                     "\"B\": {\"Type\": \"Pass\", \"End\": true}}}");
}

static void
test_insert_renames_and_rewires (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (two_states);
  g_autoptr(SwValue) fragment =
    fragment_from_text ("{\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
                        " \"B\": {\"Type\": \"Wait\", \"Seconds\": 1, \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "A"),
                                            SW_TRANSITION_NEXT, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "A 2");
  g_assert_cmpstr (names[1], ==, "B 2");
  assert_definition (machine,
                     "{\"StartAt\": \"A\", \"States\": {"
                     "\"A\": {\"Type\": \"Pass\", \"Next\": \"A 2\"},"
                     "\"A 2\": {\"Type\": \"Pass\", \"Next\": \"B 2\"},"
                     "\"B 2\": {\"Type\": \"Wait\", \"Seconds\": 1, \"Next\": \"B\"},"
                     "\"B\": {\"Type\": \"Pass\", \"End\": true}}}");

  /* Again: "A 2" is taken now, so "A 3"; and the machine has no dangling transition. */
  g_clear_pointer (&names, g_strfreev);
  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "B 2"),
                                            SW_TRANSITION_NEXT, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names[0], ==, "A 3");
  g_assert_cmpstr (names[1], ==, "B 3");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "B 2")), ==, "A 3");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "B 3")), ==, "B");
}

static void
test_insert_loop_on_choice_rule (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (
    "{\"StartAt\": \"Check\", \"States\": {"
    "\"Check\": {\"Type\": \"Choice\", \"Choices\": ["
    "  {\"Variable\": \"$.x\", \"IsPresent\": true, \"Next\": \"Yes\"}],"
    "  \"Default\": \"No\"},"
    "\"Yes\": {\"Type\": \"Succeed\"},"
    "\"No\": {\"Type\": \"Fail\"}}}");
  /* Poll until ready: a loop inside the fragment, one way out. */
  g_autoptr(SwValue) fragment = fragment_from_text (
    "{\"Wait\": {\"Type\": \"Wait\", \"Seconds\": 10, \"Next\": \"Ready?\"},"
    " \"Ready?\": {\"Type\": \"Choice\", \"Choices\": ["
    "   {\"Variable\": \"$.ready\", \"BooleanEquals\": true, \"Next\": \"Ready\"}],"
    "   \"Default\": \"Wait\"},"
    " \"Ready\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "Check"),
                                            SW_TRANSITION_CHOICE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  assert_definition (machine,
    "{\"StartAt\": \"Check\", \"States\": {"
    "\"Check\": {\"Type\": \"Choice\", \"Choices\": ["
    "  {\"Variable\": \"$.x\", \"IsPresent\": true, \"Next\": \"Wait\"}],"
    "  \"Default\": \"No\"},"
    "\"Wait\": {\"Type\": \"Wait\", \"Seconds\": 10, \"Next\": \"Ready?\"},"
    "\"Ready?\": {\"Type\": \"Choice\", \"Choices\": ["
    "   {\"Variable\": \"$.ready\", \"BooleanEquals\": true, \"Next\": \"Ready\"}],"
    "   \"Default\": \"Wait\"},"
    "\"Ready\": {\"Type\": \"Pass\", \"Next\": \"Yes\"},"
    "\"Yes\": {\"Type\": \"Succeed\"},"
    "\"No\": {\"Type\": \"Fail\"}}}");

  /* And on the Default edge. */
  g_clear_pointer (&names, g_strfreev);
  g_clear_pointer (&fragment, sw_value_unref);
  fragment = fragment_from_text ("{\"Log\": {\"Type\": \"Pass\", \"End\": true}}");
  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "Check"),
                                            SW_TRANSITION_DEFAULT, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_state_get_default (sw_machine_lookup_state (machine, "Check")), ==, "Log");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "Log")), ==, "No");
}

static void
test_insert_on_catch (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (
    "{\"StartAt\": \"Train\", \"States\": {"
    "\"Train\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sagemaker:"
    "createTrainingJob.sync\", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"],"
    " \"Next\": \"Failed\"}], \"End\": true},"
    "\"Failed\": {\"Type\": \"Fail\"}}}");
  g_autoptr(SwValue) fragment =
    fragment_from_text ("{\"Notify\": {\"Type\": \"Pass\", \"Next\": \"Log\"},"
                        " \"Log\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  SwValue *catcher;

  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "Train"),
                                            SW_TRANSITION_CATCH, 0, &error);
  g_assert_no_error (error);
  catcher = sw_value_array_get (sw_state_get_field (sw_machine_lookup_state (machine, "Train"),
                                                    "Catch"), 0);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (catcher, "Next")), ==, "Notify");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "Log")), ==, "Failed");
  g_assert_true (sw_state_get_end (sw_machine_lookup_state (machine, "Train")));

  /* No such catcher: an error, and nothing changes. */
  g_clear_pointer (&names, g_strfreev);
  {
    g_autofree char *before = compact (machine);
    g_autofree char *after = NULL;

    names = sw_fragment_insert_on_transition (fragment,
                                              sw_machine_lookup_state (machine, "Train"),
                                              SW_TRANSITION_CATCH, 4, &error);
    g_assert_null (names);
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    after = compact (machine);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_insert_into_empty_branch (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (
    "{\"StartAt\": \"Fan\", \"States\": {"
    "\"Fan\": {\"Type\": \"Parallel\", \"Branches\": ["
    "  {\"StartAt\": \"L\", \"States\": {\"L\": {\"Type\": \"Pass\", \"End\": true}}},"
    "  {\"States\": {}}], \"End\": true}}}");
  g_autoptr(SwValue) fragment =
    fragment_from_text ("{\"L\": {\"Type\": \"Pass\", \"Next\": \"R\"},"
                        " \"R\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(SwMachine) branch = NULL;
  GListModel *branches;

  branches = sw_state_get_branches (sw_machine_lookup_state (machine, "Fan"));
  g_assert_cmpuint (g_list_model_get_n_items (branches), ==, 2);
  branch = g_list_model_get_item (branches, 1);
  names = sw_fragment_insert_into (fragment, branch, &error);
  g_assert_no_error (error);
  assert_definition (machine,
    "{\"StartAt\": \"Fan\", \"States\": {"
    "\"Fan\": {\"Type\": \"Parallel\", \"Branches\": ["
    "  {\"StartAt\": \"L\", \"States\": {\"L\": {\"Type\": \"Pass\", \"End\": true}}},"
    "  {\"StartAt\": \"L 2\", \"States\": {"
    "    \"L 2\": {\"Type\": \"Pass\", \"Next\": \"R\"},"
    "    \"R\": {\"Type\": \"Pass\", \"End\": true}}}], \"End\": true}}}");
}

static void
test_insert_after (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (two_states);
  g_autoptr(SwValue) fragment = fragment_from_text ("{\"X\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  /* After the last state: the machine now ends with the fragment. */
  names = sw_fragment_insert_after (fragment, sw_machine_lookup_state (machine, "B"), &error);
  g_assert_no_error (error);
  assert_definition (machine,
                     "{\"StartAt\": \"A\", \"States\": {"
                     "\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
                     "\"B\": {\"Type\": \"Pass\", \"Next\": \"X\"},"
                     "\"X\": {\"Type\": \"Pass\", \"End\": true}}}");
  /* After a state in the middle: on its Next. */
  g_clear_pointer (&names, g_strfreev);
  names = sw_fragment_insert_after (fragment, sw_machine_lookup_state (machine, "A"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names[0], ==, "X 2");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "A")), ==, "X 2");
  g_assert_cmpstr (sw_state_get_next (sw_machine_lookup_state (machine, "X 2")), ==, "B");
}

static void
test_insert_at_start (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (two_states);
  g_autoptr(SwValue) fragment = fragment_from_text ("{\"X\": {\"Type\": \"Pass\", \"End\": true}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  names = sw_fragment_insert_at_start (fragment, machine, &error);
  g_assert_no_error (error);
  assert_definition (machine,
                     "{\"StartAt\": \"X\", \"States\": {"
                     "\"X\": {\"Type\": \"Pass\", \"Next\": \"A\"},"
                     "\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
                     "\"B\": {\"Type\": \"Pass\", \"End\": true}}}");
}

static void
test_copy_states (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (
    "{\"StartAt\": \"A\", \"States\": {"
    "\"A\": {\"Type\": \"Pass\", \"Next\": \"Pick\"},"
    "\"Pick\": {\"Type\": \"Choice\", \"Choices\": ["
    "  {\"Variable\": \"$.a\", \"IsNull\": true, \"Next\": \"A\"},"
    "  {\"Variable\": \"$.b\", \"IsNull\": true, \"Next\": \"C\"}], \"Default\": \"C\"},"
    "\"C\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\","
    "  \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"A\"}], \"End\": true}}}");
  const char *pointers[] = { "/States/Pick", "/States/A", "/States/Nope", NULL };
  g_autoptr(SwValue) fragment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;

  fragment = sw_fragment_copy_states (machine, pointers, &error);
  g_assert_no_error (error);
  text = sw_json_write (fragment, SW_JSON_WRITE_COMPACT, NULL);
  /* Machine order; the way out to C is cut. */
  want = compact_text (
    "{\"A\": {\"Type\": \"Pass\", \"Next\": \"Pick\"},"
    "\"Pick\": {\"Type\": \"Choice\", \"Choices\": ["
    "  {\"Variable\": \"$.a\", \"IsNull\": true, \"Next\": \"A\"}]}}");
  g_assert_cmpstr (text, ==, want);

  /* The copy parses back as a fragment. */
  {
    g_autofree char *canonical = sw_fragment_to_text (fragment);
    g_autoptr(SwValue) again = sw_fragment_parse (canonical, -1, &error);

    g_assert_no_error (error);
    g_assert_true (sw_value_equal (again, fragment));
  }

  /* A catcher leading out is dropped, and Next out becomes End. */
  {
    const char *only_c[] = { "/States/C", NULL };
    g_autoptr(SwValue) c = sw_fragment_copy_states (machine, only_c, &error);
    g_autofree char *c_text = sw_json_write (c, SW_JSON_WRITE_COMPACT, NULL);
    const char *a_only[] = { "/States/A", NULL };
    g_autoptr(SwValue) a = sw_fragment_copy_states (machine, a_only, &error);
    g_autofree char *a_text = sw_json_write (a, SW_JSON_WRITE_COMPACT, NULL);

    g_assert_cmpstr (c_text, ==, "{\"C\":{\"Type\":\"Task\",\"Resource\":"
                                 "\"arn:aws:states:::lambda:invoke\",\"End\":true}}");
    g_assert_cmpstr (a_text, ==, "{\"A\":{\"Type\":\"Pass\",\"End\":true}}");
  }

  /* Nothing found. */
  {
    const char *none[] = { "/States/Nope", NULL };
    g_autoptr(SwValue) empty = sw_fragment_copy_states (machine, none, &error);

    g_assert_null (empty);
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  }
}

static void
test_lookup_state (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (
    "{\"StartAt\": \"Each\", \"States\": {"
    "\"Each\": {\"Type\": \"Map\", \"ItemProcessor\": {\"StartAt\": \"a/b\", \"States\": {"
    "  \"a/b\": {\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}}}");
  SwState *state;

  state = sw_fragment_lookup_state (machine, "/States/Each/ItemProcessor/States/a~1b");
  g_assert_nonnull (state);
  g_assert_cmpstr (sw_state_get_name (state), ==, "a/b");
  g_assert_null (sw_fragment_lookup_state (machine, "/States/a~1b"));
  g_assert_null (sw_fragment_lookup_state (machine, "/States/Nope"));
  g_assert_null (sw_fragment_lookup_state (machine, "/Comment"));
}

static void
count_edit (SwMachine *machine,
            SwEdit    *edit,
            guint     *count)
{
  (*count)++;
}

static void
test_failure_rolls_back (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (two_states);
  /* A Default that is not a string: the model refuses it when the transitions are set,
   * after both states were added; the insertion undoes itself. */
  g_autoptr(SwValue) fragment =
    fragment_from_text ("{\"P\": {\"Type\": \"Pass\", \"Next\": \"Q\"},"
                        " \"Q\": {\"Type\": \"Choice\", \"Choices\": ["
                        "   {\"Variable\": \"$.x\", \"IsNull\": true, \"Next\": \"P\"}],"
                        "   \"Default\": 5}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *before = compact (machine);
  g_autofree char *after = NULL;
  guint edits = 0;

  /* Succeed has no way out: nothing to split, nothing done. */
  {
    g_autoptr(SwMachine) ends = machine_from_text (
      "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Succeed\"}}}");

    names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (ends, "S"),
                                              SW_TRANSITION_NEXT, -1, &error);
    g_assert_null (names);
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_signal_connect (machine, "changed", G_CALLBACK (count_edit), &edits);
  names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "A"),
                                            SW_TRANSITION_NEXT, -1, &error);
  g_assert_null (names);
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Default must name a state");
  /* Two adds and P's Next, then their three inverses. */
  g_assert_cmpuint (edits, ==, 6);
  after = compact (machine);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (sw_machine_lookup_state (machine, "P"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/fragment/parse-errors", test_parse_errors);
  g_test_add_func ("/ui/fragment/parse-round-trip", test_parse_round_trip);
  g_test_add_func ("/ui/fragment/parse-definition", test_parse_definition);
  g_test_add_func ("/ui/fragment/insert-one-on-edge", test_insert_one_on_edge);
  g_test_add_func ("/ui/fragment/insert-renames-and-rewires", test_insert_renames_and_rewires);
  g_test_add_func ("/ui/fragment/insert-loop-on-choice-rule", test_insert_loop_on_choice_rule);
  g_test_add_func ("/ui/fragment/insert-on-catch", test_insert_on_catch);
  g_test_add_func ("/ui/fragment/insert-into-empty-branch", test_insert_into_empty_branch);
  g_test_add_func ("/ui/fragment/insert-after", test_insert_after);
  g_test_add_func ("/ui/fragment/insert-at-start", test_insert_at_start);
  g_test_add_func ("/ui/fragment/copy-states", test_copy_states);
  g_test_add_func ("/ui/fragment/lookup-state", test_lookup_state);
  g_test_add_func ("/ui/fragment/failure-rolls-back", test_failure_rolls_back);

  return g_test_run ();
}
