/* test-choice.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every Choice comparison operator, its Path form, And/Or/Not, StringMatches wildcards and
 * escapes, the Is* tests, and what happens with missing values and mismatched types. */

#include <string.h>

#include "sw-plan-private.h"
#include "sw-test-engine.h"

static SwValue *
get_variable (const char *name,
              gpointer    data)
{
  return sw_value_object_get (data, name);
}

/* Evaluates one rule (without Next) against @input. Returns 1 for a match, 0 for none and
 * -1 for a run-time error. */
static int
eval_rule (const char *rule_json,
           const char *input_json)
{
  g_autoptr(SwValue) rule_value = sw_test_parse (rule_json);
  g_autoptr(SwValue) input = sw_test_parse (input_json);
  g_autoptr(SwValue) variables = sw_test_parse ("{`limit`:10,`name`:`ann`}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlanRule) rule = _sw_plan_rule_compile (rule_value, FALSE, FALSE, &error);
  SwEvalScope scope = { input, NULL, NULL, get_variable, variables };
  gboolean matched = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (rule);
  if (!_sw_plan_rule_eval (rule, &scope, &matched, &error))
    {
      g_assert_nonnull (error);
      return -1;
    }
  return matched ? 1 : 0;
}

typedef struct
{
  const char *rule;
  const char *input;
  int expected;
} Case;

static void
check_cases (const Case *cases,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      int got = eval_rule (cases[i].rule, cases[i].input);

      if (got != cases[i].expected)
        g_error ("Rule %s on %s gave %d, expected %d", cases[i].rule, cases[i].input, got,
                 cases[i].expected);
    }
}

static void
test_string_operators (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.s`,`StringEquals`:`abc`}", "{`s`:`abc`}", 1 },
    { "{`Variable`:`$.s`,`StringEquals`:`abc`}", "{`s`:`abd`}", 0 },
    { "{`Variable`:`$.s`,`StringEquals`:`1`}", "{`s`:1}", 0 },
    { "{`Variable`:`$.s`,`StringLessThan`:`b`}", "{`s`:`a`}", 1 },
    { "{`Variable`:`$.s`,`StringLessThan`:`b`}", "{`s`:`b`}", 0 },
    { "{`Variable`:`$.s`,`StringLessThanEquals`:`b`}", "{`s`:`b`}", 1 },
    { "{`Variable`:`$.s`,`StringGreaterThan`:`b`}", "{`s`:`ba`}", 1 },
    { "{`Variable`:`$.s`,`StringGreaterThan`:`b`}", "{`s`:`B`}", 0 },
    { "{`Variable`:`$.s`,`StringGreaterThanEquals`:`b`}", "{`s`:`b`}", 1 },
    { "{`Variable`:`$.s`,`StringGreaterThanEquals`:`b`}", "{`s`:`a`}", 0 },
    { "{`Variable`:`$.s`,`StringEqualsPath`:`$.t`}", "{`s`:`x`,`t`:`x`}", 1 },
    { "{`Variable`:`$.s`,`StringEqualsPath`:`$.t`}", "{`s`:`x`,`t`:`y`}", 0 },
    { "{`Variable`:`$.s`,`StringLessThanPath`:`$.t`}", "{`s`:`a`,`t`:`b`}", 1 },
    { "{`Variable`:`$.s`,`StringGreaterThanPath`:`$.t`}", "{`s`:`a`,`t`:`b`}", 0 },
    { "{`Variable`:`$.s`,`StringLessThanEqualsPath`:`$.t`}", "{`s`:`b`,`t`:`b`}", 1 },
    { "{`Variable`:`$.s`,`StringGreaterThanEqualsPath`:`$.t`}", "{`s`:`c`,`t`:`b`}", 1 },
    /* A path operand of another type does not match. */
    { "{`Variable`:`$.s`,`StringEqualsPath`:`$.t`}", "{`s`:`1`,`t`:1}", 0 },
    /* Variables work where paths do. */
    { "{`Variable`:`$name`,`StringEquals`:`ann`}", "{}", 1 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_string_matches (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.f`,`StringMatches`:`log-*.txt`}", "{`f`:`log-2026.txt`}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`log-*.txt`}", "{`f`:`log-.txt`}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`log-*.txt`}", "{`f`:`log-1.txt.gz`}", 0 },
    { "{`Variable`:`$.f`,`StringMatches`:`*`}", "{`f`:``}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`a*b*c`}", "{`f`:`aXXbYYbZc`}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`a*b*c`}", "{`f`:`acb`}", 0 },
    { "{`Variable`:`$.f`,`StringMatches`:`*.log`}", "{`f`:`a.log.log`}", 1 },
    /* \\* is a star, \\\\ a backslash. */
    { "{`Variable`:`$.f`,`StringMatches`:`5\\\\*`}", "{`f`:`5*`}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`5\\\\*`}", "{`f`:`55`}", 0 },
    { "{`Variable`:`$.f`,`StringMatches`:`a\\\\\\\\b`}", "{`f`:`a\\\\b`}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`é*✓`}", "{`f`:`éxyz✓`}", 1 },
    { "{`Variable`:`$.f`,`StringMatches`:`*`}", "{`f`:1}", 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_numeric_operators (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.n`,`NumericEquals`:1}", "{`n`:1.0}", 1 },
    { "{`Variable`:`$.n`,`NumericEquals`:1}", "{`n`:1e0}", 1 },
    { "{`Variable`:`$.n`,`NumericEquals`:1}", "{`n`:`1`}", 0 },
    { "{`Variable`:`$.n`,`NumericLessThan`:1.5}", "{`n`:1.49}", 1 },
    { "{`Variable`:`$.n`,`NumericLessThan`:1.5}", "{`n`:1.5}", 0 },
    { "{`Variable`:`$.n`,`NumericLessThanEquals`:1.5}", "{`n`:1.5}", 1 },
    { "{`Variable`:`$.n`,`NumericGreaterThan`:-3}", "{`n`:-2}", 1 },
    { "{`Variable`:`$.n`,`NumericGreaterThan`:-3}", "{`n`:-3}", 0 },
    { "{`Variable`:`$.n`,`NumericGreaterThanEquals`:-3}", "{`n`:-3}", 1 },
    { "{`Variable`:`$.n`,`NumericGreaterThanEquals`:-3}", "{`n`:-4}", 0 },
    { "{`Variable`:`$.n`,`NumericEqualsPath`:`$.m`}", "{`n`:2,`m`:2.0}", 1 },
    { "{`Variable`:`$.n`,`NumericLessThanPath`:`$limit`}", "{`n`:9}", 1 },
    { "{`Variable`:`$.n`,`NumericLessThanEqualsPath`:`$.m`}", "{`n`:3,`m`:2}", 0 },
    { "{`Variable`:`$.n`,`NumericGreaterThanPath`:`$.m`}", "{`n`:3,`m`:2}", 1 },
    { "{`Variable`:`$.n`,`NumericGreaterThanEqualsPath`:`$.m`}", "{`n`:2,`m`:2}", 1 },
    { "{`Variable`:`$.n`,`NumericEqualsPath`:`$.m`}", "{`n`:2,`m`:`2`}", 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_boolean_operators (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.b`,`BooleanEquals`:true}", "{`b`:true}", 1 },
    { "{`Variable`:`$.b`,`BooleanEquals`:true}", "{`b`:false}", 0 },
    { "{`Variable`:`$.b`,`BooleanEquals`:false}", "{`b`:`false`}", 0 },
    { "{`Variable`:`$.b`,`BooleanEqualsPath`:`$.c`}", "{`b`:false,`c`:false}", 1 },
    { "{`Variable`:`$.b`,`BooleanEqualsPath`:`$.c`}", "{`b`:false,`c`:true}", 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_timestamp_operators (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.t`,`TimestampEquals`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2026-01-01T01:00:00+01:00`}", 1 },
    { "{`Variable`:`$.t`,`TimestampEquals`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2026-01-01T00:00:00.001Z`}", 0 },
    { "{`Variable`:`$.t`,`TimestampLessThan`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2025-12-31T23:59:59.999Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampLessThanEquals`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2026-01-01T00:00:00.000Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThan`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2025-12-31T23:00:00-02:00`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThanEquals`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2025-12-31T00:00:00Z`}", 0 },
    { "{`Variable`:`$.t`,`TimestampEqualsPath`:`$.u`}",
      "{`t`:`2026-03-01T00:00:00Z`,`u`:`2026-02-28T23:00:00-01:00`}", 1 },
    { "{`Variable`:`$.t`,`TimestampLessThanPath`:`$.u`}",
      "{`t`:`2026-03-01T00:00:00Z`,`u`:`2026-03-01T00:00:01Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThanPath`:`$.u`}",
      "{`t`:`2026-03-01T00:00:00Z`,`u`:`2026-03-01T00:00:01Z`}", 0 },
    { "{`Variable`:`$.t`,`TimestampLessThanEqualsPath`:`$.u`}",
      "{`t`:`2026-03-01T00:00:00Z`,`u`:`2026-03-01T00:00:00Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThanEqualsPath`:`$.u`}",
      "{`t`:`2026-03-01T00:00:00Z`,`u`:`2026-03-01T00:00:00Z`}", 1 },
    /* Not timestamps: lower-case t, no zone, no seconds, 30 February. */
    { "{`Variable`:`$.t`,`TimestampEquals`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2026-01-01t00:00:00Z`}", 0 },
    { "{`Variable`:`$.t`,`TimestampLessThan`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2025-01-01T00:00:00`}", 0 },
    { "{`Variable`:`$.t`,`TimestampLessThan`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2025-01-01T00:00Z`}", 0 },
    { "{`Variable`:`$.t`,`TimestampLessThan`:`2026-01-01T00:00:00Z`}",
      "{`t`:`2025-02-30T00:00:00Z`}", 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Found by fuzz-choice-text: times after 2262 or before 1677 overflowed 64 bits of
 * nanoseconds and wrapped around, so 9999-12-31T23:59:59Z (a common "never") read as a time
 * in the past. */
static void
test_timestamp_far_years (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.t`,`TimestampLessThan`:`9999-12-31T23:59:59Z`}",
      "{`t`:`2026-01-01T00:00:00Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThan`:`2026-01-01T00:00:00Z`}",
      "{`t`:`9999-12-31T23:59:59.999999999+01:00`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThan`:`2262-01-01T00:00:00Z`}",
      "{`t`:`2300-01-01T00:00:00Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampLessThan`:`1970-01-01T00:00:00Z`}",
      "{`t`:`0001-01-01T00:00:00Z`}", 1 },
    { "{`Variable`:`$.t`,`TimestampGreaterThanEquals`:`1700-01-01T00:00:00Z`}",
      "{`t`:`1600-01-01T00:00:00Z`}", 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_is_operators (void)
{
  static const Case cases[] = {
    { "{`Variable`:`$.v`,`IsNull`:true}", "{`v`:null}", 1 },
    { "{`Variable`:`$.v`,`IsNull`:true}", "{`v`:0}", 0 },
    { "{`Variable`:`$.v`,`IsNull`:false}", "{`v`:0}", 1 },
    { "{`Variable`:`$.v`,`IsPresent`:true}", "{`v`:null}", 1 },
    { "{`Variable`:`$.v`,`IsPresent`:true}", "{}", 0 },
    { "{`Variable`:`$.v`,`IsPresent`:false}", "{}", 1 },
    { "{`Variable`:`$.v[3]`,`IsPresent`:false}", "{`v`:[1]}", 1 },
    { "{`Variable`:`$.v`,`IsNumeric`:true}", "{`v`:-1.5e3}", 1 },
    { "{`Variable`:`$.v`,`IsNumeric`:true}", "{`v`:`12`}", 0 },
    { "{`Variable`:`$.v`,`IsString`:true}", "{`v`:``}", 1 },
    { "{`Variable`:`$.v`,`IsString`:false}", "{`v`:[]}", 1 },
    { "{`Variable`:`$.v`,`IsBoolean`:true}", "{`v`:false}", 1 },
    { "{`Variable`:`$.v`,`IsBoolean`:true}", "{`v`:`true`}", 0 },
    { "{`Variable`:`$.v`,`IsTimestamp`:true}", "{`v`:`2016-03-14T01:59:00Z`}", 1 },
    { "{`Variable`:`$.v`,`IsTimestamp`:true}", "{`v`:`yesterday`}", 0 },
    { "{`Variable`:`$.v`,`IsTimestamp`:false}", "{`v`:7}", 1 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_boolean_logic (void)
{
  static const Case cases[] = {
    { "{`And`:[{`Variable`:`$.a`,`NumericGreaterThanEquals`:20},"
      "{`Variable`:`$.a`,`NumericLessThan`:30}]}", "{`a`:25}", 1 },
    { "{`And`:[{`Variable`:`$.a`,`NumericGreaterThanEquals`:20},"
      "{`Variable`:`$.a`,`NumericLessThan`:30}]}", "{`a`:30}", 0 },
    { "{`Or`:[{`Variable`:`$.a`,`StringEquals`:`x`},{`Variable`:`$.a`,`NumericEquals`:1}]}",
      "{`a`:1}", 1 },
    { "{`Or`:[{`Variable`:`$.a`,`StringEquals`:`x`},{`Variable`:`$.a`,`NumericEquals`:1}]}",
      "{`a`:2}", 0 },
    { "{`Not`:{`Variable`:`$.type`,`StringEquals`:`Private`}}", "{`type`:`Public`}", 1 },
    { "{`Not`:{`Variable`:`$.type`,`StringEquals`:`Private`}}", "{`type`:`Private`}", 0 },
    { "{`Not`:{`And`:[{`Variable`:`$.p`,`IsPresent`:true},{`Not`:{`Variable`:`$.p`,"
      "`IsNull`:true}}]}}", "{`p`:null}", 1 },
    /* And stops at the first false rule, so a missing value after it is not an error. */
    { "{`And`:[{`Variable`:`$.a`,`NumericEquals`:0},{`Variable`:`$.missing`,"
      "`NumericEquals`:0}]}", "{`a`:1}", 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_missing_values (void)
{
  static const Case cases[] = {
    /* A Variable or operand path that matches nothing is States.Runtime. */
    { "{`Variable`:`$.missing`,`StringEquals`:`x`}", "{}", -1 },
    { "{`Variable`:`$.missing`,`IsNull`:true}", "{}", -1 },
    { "{`Variable`:`$.a`,`NumericEqualsPath`:`$.missing`}", "{`a`:1}", -1 },
    { "{`Variable`:`$nothing`,`NumericEquals`:1}", "{}", -1 },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_compile_errors (void)
{
  static const char *rules[] = {
    "{`Variable`:`$.a`}",
    "{`Variable`:`$.a`,`StringEquals`:1}",
    "{`Variable`:`$.a`,`NumericEquals`:`1`}",
    "{`Variable`:`$.a`,`TimestampEquals`:`today`}",
    "{`Variable`:`$.a`,`IsNull`:`yes`}",
    "{`Variable`:`$.a`,`StringEquals`:`x`,`StringLessThan`:`y`}",
    "{`Variable`:`$.a`,`StringMatchesPath`:`$.b`}",
    "{`Variable`:`nope`,`IsNull`:true}",
    "{`And`:[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(SwValue) value = sw_test_parse (rules[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SwPlanRule) rule = _sw_plan_rule_compile (value, FALSE, FALSE, &error);

      if (rule != NULL)
        g_error ("%s compiled", rules[i]);
      g_assert_nonnull (error);
    }
}

static void
test_choice_state (void)
{
  /* The first matching rule wins; Default otherwise; OutputPath applies. */
  const char *definition =
    "{`StartAt`:`C`,`States`:{`C`:{`Type`:`Choice`,`OutputPath`:`$.v`,`Choices`:["
    "{`Variable`:`$.v`,`NumericGreaterThan`:10,`Next`:`Big`},"
    "{`Variable`:`$.v`,`NumericGreaterThan`:5,`Next`:`Mid`},"
    "{`Variable`:`$.v`,`NumericGreaterThan`:0,`Next`:`Never`}],`Default`:`Small`},"
    "`Big`:{`Type`:`Pass`,`Result`:`big`,`End`:true},"
    "`Mid`:{`Type`:`Pass`,`Parameters`:{`mid.$`:`$`},`End`:true},"
    "`Never`:{`Type`:`Fail`},"
    "`Small`:{`Type`:`Pass`,`Result`:`small`,`End`:true}}}";
  static const struct { const char *input; const char *output; } cases[] = {
    { "{`v`:11}", "\"big\"" },
    { "{`v`:11,`w`:0}", "\"big\"" },
    { "{`v`:6}", "{\"mid\":6}" },
    { "{`v`:-1}", "\"small\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwExecution) execution = sw_test_execution_new (definition, cases[i].input);
      g_autofree char *output = NULL;

      g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_SUCCEEDED);
      output = sw_test_output (execution);
      g_assert_cmpstr (output, ==, cases[i].output);
    }
}

static void
test_choice_runtime_error (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`C`,`States`:{`C`:{`Type`:`Choice`,`Choices`:["
    "{`Variable`:`$.missing`,`StringEquals`:`x`,`Next`:`P`}],`Default`:`P`},"
    "`P`:{`Type`:`Pass`,`End`:true}}}", "{}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Runtime");
  sw_test_assert_contains (sw_execution_get_cause (execution),
                           "Invalid path '$.missing': The choice state's condition path "
                           "references an invalid value");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/choice/string-operators", test_string_operators);
  g_test_add_func ("/engine/choice/string-matches", test_string_matches);
  g_test_add_func ("/engine/choice/numeric-operators", test_numeric_operators);
  g_test_add_func ("/engine/choice/boolean-operators", test_boolean_operators);
  g_test_add_func ("/engine/choice/timestamp-operators", test_timestamp_operators);
  g_test_add_func ("/engine/choice/timestamp-far-years", test_timestamp_far_years);
  g_test_add_func ("/engine/choice/is-operators", test_is_operators);
  g_test_add_func ("/engine/choice/boolean-logic", test_boolean_logic);
  g_test_add_func ("/engine/choice/missing-values", test_missing_values);
  g_test_add_func ("/engine/choice/compile-errors", test_compile_errors);
  g_test_add_func ("/engine/choice/choice-state", test_choice_state);
  g_test_add_func ("/engine/choice/choice-runtime-error", test_choice_runtime_error);

  return g_test_run ();
}
