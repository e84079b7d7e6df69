/* test-variables.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Workflow variables read by JSONPath states: as intrinsic function arguments (through both
 * the compiled fast paths of payload templates and the general evaluator of `…Path` fields),
 * as paths, and their failures. */

#include <string.h>

#include "sw-test-engine.h"

static void
test_intrinsic_format_variable (void)
{
  /* The input has a member called `myVar` too: the argument must not read it. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Assign`:{`myVar`:`world`,"
    "`obj`:{`name`:`Ada`,`tags`:[`x`,`y`]}},`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Parameters`:{`s.$`:`States.Format('hello {}', $myVar)`,"
    "`t.$`:`States.Format('{} has {}', $obj.name, $obj.tags[1])`},`End`:true}}}",
    "{`myVar`:`input`,`obj`:{`name`:`Input`}}");

  sw_test_expect_output (execution, "{`s`:`hello world`,`t`:`Ada has y`}");
}

static void
test_intrinsic_math_add_variable (void)
{
  /* A counter loop kept in a variable, as people write it. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`Init`,`States`:{`Init`:{`Type`:`Pass`,`Assign`:{`count`:0},`Next`:`Inc`},"
    "`Inc`:{`Type`:`Pass`,`Assign`:{`count.$`:`States.MathAdd($count, 1)`},`Next`:`Check`},"
    "`Check`:{`Type`:`Choice`,`Choices`:[{`Variable`:`$count`,`NumericLessThan`:5,"
    "`Next`:`Inc`}],`Default`:`Done`},"
    "`Done`:{`Type`:`Pass`,`Parameters`:{`count.$`:`$count`,"
    "`next.$`:`States.MathAdd($count, $.step)`},`End`:true}}}",
    "{`count`:100,`step`:10}");

  sw_test_expect_output (execution, "{`count`:5,`next`:15}");
}

static void
test_intrinsic_nested_and_fields (void)
{
  /* Nested calls, non-definite paths and the Fail state's ErrorPath/CausePath (evaluated by
   * the general evaluator rather than a compiled template). */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Assign`:{`items`:[{`n`:1},{`n`:2}],"
    "`code`:`E42`},`Next`:`F`},"
    "`F`:{`Type`:`Fail`,`ErrorPath`:`States.Format('Custom.{}', $code)`,"
    "`CausePath`:`States.JsonToString(States.Array($items[*].n, States.ArrayLength($items)))`}}}",
    "{`code`:`input`}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "Custom.E42");
  g_assert_cmpstr (sw_execution_get_cause (execution), ==, "[[1,2],2]");
}

static void
test_intrinsic_unassigned_variable (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,"
    "`Parameters`:{`n.$`:`States.MathAdd($missing, 1)`},`End`:true}}}", "{`missing`:1}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Runtime");
  sw_test_assert_contains (sw_execution_get_cause (execution), "$missing");
  sw_test_assert_contains (sw_execution_get_cause (execution), "not been assigned");
}

static void
test_intrinsic_variable_path_missing (void)
{
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Assign`:{`v`:{`a`:1}},`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Parameters`:{`n.$`:`States.MathAdd($v.b, 1)`},`End`:true}}}",
    "{`b`:1}");

  g_assert_cmpint (sw_test_run (execution), ==, SW_EXECUTION_STATUS_FAILED);
  g_assert_cmpstr (sw_execution_get_error (execution), ==, "States.Runtime");
  sw_test_assert_contains (sw_execution_get_cause (execution), "variable “$v”");
}

static void
test_intrinsic_variable_in_branch (void)
{
  /* A Map iteration reads the outer variable through an intrinsic argument. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Assign`:{`base`:100},`Next`:`M`},"
    "`M`:{`Type`:`Map`,`ItemProcessor`:{`StartAt`:`I`,`States`:{`I`:{`Type`:`Pass`,"
    "`Parameters`:{`v.$`:`States.MathAdd($base, $)`},`OutputPath`:`$.v`,`End`:true}}},"
    "`End`:true}}}", "[1,2,3]");

  sw_test_expect_output (execution, "[101,102,103]");
}

static void
test_assign_sees_entry_values (void)
{
  /* Every expression of an Assign reads the variables as they were when the state was
   * entered: a swap works, and a call reads the old value. */
  g_autoptr(SwExecution) execution = sw_test_execution_new (
    "{`StartAt`:`A`,`States`:{`A`:{`Type`:`Pass`,`Assign`:{`x`:1,`y`:2},`Next`:`B`},"
    "`B`:{`Type`:`Pass`,`Assign`:{`x.$`:`$y`,`y.$`:`$x`,"
    "`z.$`:`States.MathAdd($x, 10)`},`Next`:`C`},"
    "`C`:{`Type`:`Pass`,`Parameters`:{`x.$`:`$x`,`y.$`:`$y`,`z.$`:`$z`},`End`:true}}}", NULL);

  sw_test_expect_output (execution, "{`x`:2,`y`:1,`z`:11}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/variables/intrinsic-format", test_intrinsic_format_variable);
  g_test_add_func ("/engine/variables/intrinsic-math-add", test_intrinsic_math_add_variable);
  g_test_add_func ("/engine/variables/intrinsic-nested-fields",
                   test_intrinsic_nested_and_fields);
  g_test_add_func ("/engine/variables/intrinsic-unassigned", test_intrinsic_unassigned_variable);
  g_test_add_func ("/engine/variables/intrinsic-path-missing",
                   test_intrinsic_variable_path_missing);
  g_test_add_func ("/engine/variables/intrinsic-in-map", test_intrinsic_variable_in_branch);
  g_test_add_func ("/engine/variables/assign-sees-entry-values", test_assign_sees_entry_values);

  return g_test_run ();
}
