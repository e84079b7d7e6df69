/* test-validator.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-json.h"
#include "sw-validator.h"
#include "sw-yaml.h"

/* Snippets are JSON written with ' for " and ` for ' (so intrinsic functions stay readable).
 * In invalid snippets, @ marks where the finding must be reported: just before the key or
 * value concerned. */

typedef enum
{
  STRICT = 0,     /* every finding must have the expected code */
  LOOSE = 1 << 0, /* other findings may come along */
} CaseFlags;

typedef struct
{
  const char *code;
  const char *json;
  const char *pointer;  /* expected JSON Pointer, or NULL to skip that check */
  CaseFlags flags;
  gsize source_size;    /* passed to sw_validate_full(); 0 for none */
} InvalidCase;

typedef struct
{
  const char *codes;    /* the rules this shows to raise no false alarm, space-separated */
  const char *json;
  gsize source_size;
} ValidCase;

#define M(states) "{'StartAt': 'A', 'States': {" states "}}"
#define K1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define K16 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1 K1
#define K256 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16 K16
#define N80 "AAAAAAAAAABBBBBBBBBBCCCCCCCCCCDDDDDDDDDDEEEEEEEEEEFFFFFFFFFFGGGGGGGGGGHHHHHHHHHH"

static const InvalidCase invalid_cases[] = {
  /* The document */
  { "root-not-object", "@[1, 2]", "" },
  { "root-not-object", "@'StartAt'", "" },
  { "duplicate-key",
    "{'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}},\n"
    " @'StartAt': 'A'}", "/StartAt" },
  { "duplicate-key",
    M ("'A': {'Type': 'Pass', 'Parameters': {'x': 1, @'x': 2}, 'End': true}"),
    "/States/A/Parameters/x" },
  { "definition-too-large", "@" M ("'A': {'Type': 'Succeed'}"), "", STRICT, 2 * 1024 * 1024 },

  /* Fields */
  { "field-required", "@{'States': {'A': {'Type': 'Succeed'}}}", "" },
  { "field-required", "@{'StartAt': 'A'}", "" },
  { "field-required", M ("@'A': {'Type': 'Task', 'End': true}"), "/States/A" },
  { "field-required", M ("@'A': {'End': true}"), "/States/A" },
  { "field-required", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                         "  'Catch': [@{'ErrorEquals': ['States.ALL']}], 'End': true}"),
    "/States/A/Catch/0" },
  { "field-required", M ("'A': {'Type': 'Choice', 'Choices': [\n"
                         "  @{'Variable': '$.x', 'IsNull': true}], 'Default': 'B'},\n"
                         "'B': {'Type': 'Succeed'}"), "/States/A/Choices/0" },
  { "field-required", M ("'A': {'Type': 'Map', 'ItemProcessor': {\n"
                         "  @'ProcessorConfig': {'Mode': 'DISTRIBUTED'},\n"
                         "  'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}, 'End': true}"),
    "/States/A/ItemProcessor/ProcessorConfig" },
  { "field-unknown", "{@'Foo': 1, 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}",
    "/Foo" },
  { "field-unknown", M ("'A': {'Type': 'Pass', @'Nxt': 'B', 'End': true}"), "/States/A/Nxt" },
  { "field-not-allowed", M ("'A': {'Type': 'Succeed', @'Next': 'B'}"), "/States/A/Next" },
  { "field-not-allowed", M ("'A': {'Type': 'Pass', @'Resource': 'arn:aws:states:::lambda:invoke',"
                            " 'End': true}"), "/States/A/Resource" },
  { "field-not-allowed", M ("'A': {'Type': 'Fail', @'InputPath': '$'}"), "/States/A/InputPath" },
  { "field-not-allowed", M ("'A': {'Type': 'Pass', 'Parameters': {}, 'End': true, @'Retry': []}") },
  { "field-not-allowed", M ("'A': {'Type': 'Choice', 'Choices': [{'Not': {\n"
                            "  'Variable': '$.x', 'IsNull': true, @'Next': 'B'}, 'Next': 'B'}],\n"
                            "  'Default': 'B'}, 'B': {'Type': 'Succeed'}"),
    "/States/A/Choices/0/Not/Next" },
  { "field-not-allowed", M ("'A': {'Type': 'Choice', 'Choices': [{@'Variable': '$.x',\n"
                            "  'Not': {'Variable': '$.x', 'IsNull': true}, 'Next': 'B'}]},\n"
                            "'B': {'Type': 'Succeed'}"), "/States/A/Choices/0/Variable" },
  { "field-not-allowed", "{'StartAt': 'A', 'States': {'A': {'Type': 'Parallel', 'End': true,\n"
    "  'Branches': [{@'TimeoutSeconds': 5, 'StartAt': 'B', 'States': {'B': {'Type': "
    "'Succeed'}}}]}}}",
    "/States/A/Branches/0/TimeoutSeconds" },
  { "field-type", "{'Comment': @5, 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}",
    "/Comment" },
  { "field-type", M ("'A': {'Type': 'Succeed', 'Comment': @null}"), "/States/A/Comment" },
  { "field-type", M ("'A': {'Type': 'Pass', 'End': @'true'}"), "/States/A/End" },
  { "field-type", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Wait', 'Seconds': @'10', 'End': true}}}", "/States/A/Seconds" },
  { "field-type", M ("'A': @[]"), "/States/A" },
  { "field-type", "{'StartAt': 'A', 'States': @[]}", "/States" },
  { "field-type", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                     "  'Retry': [{'ErrorEquals': [@42]}], 'End': true}"),
    "/States/A/Retry/0/ErrorEquals/0" },
  { "field-type", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',\n"
                     "  'StringEquals': @5, 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
    "/States/A/Choices/0/StringEquals" },
  { "field-type", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',\n"
                     "  'IsPresent': @'yes', 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
    "/States/A/Choices/0/IsPresent" },
  { "fields-exclusive", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                           "  'TimeoutSeconds': 5, @'TimeoutSecondsPath': '$.t', 'End': true}"),
    "/States/A/TimeoutSecondsPath" },
  { "fields-exclusive", M ("'A': {'Type': 'Fail', 'ErrorPath': '$.e', @'Error': 'E'}"),
    "/States/A/Error" },
  { "fields-exclusive", M ("'A': {'Type': 'Map', 'End': true, 'ItemSelector': {}, @'Parameters': "
                           "{},\n"
                           "  'ItemProcessor': {'StartAt': 'B', 'States': {'B': {'Type': "
                           "'Succeed'}}}}"),
    "/States/A/Parameters", LOOSE },
  { "field-deprecated", M ("'A': {'Type': 'Map', 'End': true,\n"
                           "  @'Iterator': {'StartAt': 'B', 'States': {'B': {'Type': "
                           "'Succeed'}}}}"),
    "/States/A/Iterator" },
  { "field-deprecated", M ("'A': {'Type': 'Map', 'End': true, @'Parameters': {'x.$': "
                           "'$$.Map.Item.Value'},\n"
                           "  'ItemProcessor': {'StartAt': 'B', 'States': {'B': {'Type': "
                           "'Succeed'}}}}"),
    "/States/A/Parameters" },
  { "array-empty", M ("'A': {'Type': 'Parallel', 'Branches': @[], 'End': true}"),
    "/States/A/Branches" },
  { "array-empty", M ("'A': {'Type': 'Choice', 'Choices': @[], 'Default': 'B'},\n"
                      "'B': {'Type': 'Succeed'}"), "/States/A/Choices" },
  { "array-empty", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                      "  'Retry': [{'ErrorEquals': @[]}], 'End': true}"),
    "/States/A/Retry/0/ErrorEquals" },
  { "array-empty", M ("'A': {'Type': 'Choice', 'Choices': [{'And': @[], 'Next': 'B'}]},\n"
                      "'B': {'Type': 'Succeed'}"), "/States/A/Choices/0/And" },
  { "enum-invalid", "{'QueryLanguage': @'JSONPathX', 'StartAt': 'A',\n"
    " 'States': {'A': {'Type': 'Succeed'}}}", "/QueryLanguage" },
  { "enum-invalid", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                       "  'Retry': [{'ErrorEquals': ['E'], 'JitterStrategy': @'HALF'}], 'End': "
                       "true}"),
    "/States/A/Retry/0/JitterStrategy" },
  { "enum-invalid", M ("'A': {'Type': 'Succeed', 'QueryLanguage': @'jsonata'}"),
    "/States/A/QueryLanguage" },
  { "number-not-integer", "{'TimeoutSeconds': @1.5, 'StartAt': 'A',\n"
    " 'States': {'A': {'Type': 'Succeed'}}}", "/TimeoutSeconds" },
  { "number-not-integer", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                             "  'Retry': [{'ErrorEquals': ['E'], 'MaxAttempts': @2.5}], 'End': "
                             "true}") },
  { "number-out-of-range", M ("'A': {'Type': 'Task', 'Resource': "
                              "'arn:aws:states:::lambda:invoke',\n"
                              "  'Retry': [{'ErrorEquals': ['E'], 'BackoffRate': @0.5}], 'End': "
                              "true}"),
    "/States/A/Retry/0/BackoffRate" },
  { "number-out-of-range", "{'TimeoutSeconds': @0, 'StartAt': 'A',\n"
    " 'States': {'A': {'Type': 'Succeed'}}}" },
  { "number-out-of-range", "{'TimeoutSeconds': @100000000, 'StartAt': 'A',\n"
    " 'States': {'A': {'Type': 'Succeed'}}}" },
  { "number-out-of-range", M ("'A': {'Type': 'Wait', 'Seconds': @-1, 'End': true}") },
  { "number-out-of-range", M ("'A': {'Type': 'Map', 'End': true, 'ToleratedFailurePercentage': "
                              "@101,\n"
                              "  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED',\n"
                              "  'ExecutionType': 'EXPRESS'}, 'StartAt': 'B',\n"
                              "  'States': {'B': {'Type': 'Succeed'}}}}") },
  { "timestamp-invalid", M ("'A': {'Type': 'Wait', 'Timestamp': @'2026-01-01 10:00:00Z', 'End': "
                            "true}"),
    "/States/A/Timestamp" },
  { "timestamp-invalid", M ("'A': {'Type': 'Wait', 'Timestamp': @'2025-02-29T10:00:00Z', 'End': "
                            "true}") },
  { "timestamp-invalid", M ("'A': {'Type': 'Wait', 'Timestamp': @'2026-01-01t10:00:00z', 'End': "
                            "true}") },
  { "timestamp-invalid", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.t',\n"
                            "  'TimestampEquals': @'yesterday', 'Next': 'B'}]}, 'B': {'Type': "
                            "'Succeed'}") },

  /* Query languages */
  { "query-language-field", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', @'Parameters': {}, 'End': true}}}", "/States/A/Parameters" },
  { "query-language-field", M ("'A': {'Type': 'Pass', @'Output': {}, 'End': true}"),
    "/States/A/Output" },
  { "query-language-field", M ("'A': {'Type': 'Wait', 'QueryLanguage': 'JSONata',\n"
                               "  @'SecondsPath': '$.s', 'End': true}"),
    "/States/A/SecondsPath" },
  { "query-language-field", M ("'A': {'Type': 'Choice', 'QueryLanguage': 'JSONata', 'Choices': [\n"
                               "  {'Condition': '{% true %}', @'Variable': '$.x', 'Next': 'B'}]},\n"
                               "'B': {'Type': 'Succeed'}"), "/States/A/Choices/0/Variable" },
  { "query-language-field", M ("'A': {'Type': 'Choice', 'Choices': [\n"
                               "  {@'Condition': '{% true %}', 'Next': 'B'}]},\n"
                               "'B': {'Type': 'Succeed'}"), NULL },
  { "query-language-downgrade", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Succeed', 'QueryLanguage': @'JSONPath'}}}", "/States/A/QueryLanguage" },
  { "jsonata-delimiters", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Output': {'x': @'{% $states.input'}, 'End': true}}}",
    "/States/A/Output/x" },
  { "jsonata-delimiters", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Output': @'{%  %}', 'End': true}}}" },
  { "jsonata-delimiters", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Output': @' {% 1 %}', 'End': true}}}" },
  { "jsonata-delimiters", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Choice', 'Choices': [{'Condition': @'$x > 1', 'Next': 'B'}]},\n"
    "  'B': {'Type': 'Succeed'}}}", "/States/A/Choices/0/Condition" },
  { "jsonata-in-jsonpath", M ("'A': {'Type': 'Pass', 'Parameters': {'x': @'{% $x %}'},\n"
                              "  'End': true}"), "/States/A/Parameters/x" },
  { "jsonpath-key-in-jsonata", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
    "    'Arguments': {@'Payload.$': '$'}, 'End': true}}}", "/States/A/Arguments/Payload.$" },
  { "jsonata-in-jsonpath", M ("'A': {'Type': 'Map', 'ItemsPath': '$.items', 'ItemSelector': {\n"
                              "  'v': @'{% $states.context.Map.Item.Value %}'},\n"
                              "  'ItemProcessor': {'StartAt': 'B',\n"
                              "  'States': {'B': {'Type': 'Succeed'}}}, 'End': true}"),
    "/States/A/ItemSelector/v" },

  /* JSONata expressions: the error is reported where it is inside the string. */
  { "jsonata-syntax", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Output': '{% $states.input.a + @+ 1 %}', 'End': true}}}",
    "/States/A/Output" },
  { "jsonata-syntax", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.n in [1, 2 @%}',\n"
    "    'Next': 'B'}], 'Default': 'B'}, 'B': {'Type': 'Succeed'}}}",
    "/States/A/Choices/0/Condition" },
  { "jsonata-syntax", M ("'A': {'Type': 'Task', 'QueryLanguage': 'JSONata',\n"
                         "  'Resource': 'arn:aws:states:::lambda:invoke',\n"
                         "  'Arguments': {'p': {'q': ['{% \\\"x\\\" & bar @baz %}']}},\n"
                         "  'TimeoutSeconds': '{% 3 %}', 'End': true}"),
    "/States/A/Arguments/p/q/0" },
  { "jsonata-syntax", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Wait', 'Seconds': '{% $number(1,@) %}', 'End': true}}}",
    "/States/A/Seconds" },
  { "jsonata-syntax", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Map', 'Items': '{% [1..3] %}', 'ItemProcessor': {'StartAt': 'B',\n"
    "    'States': {'B': {'Type': 'Pass', 'Output': '{% `abc %}', 'End': true}}},\n"
    "  'Catch': [{'ErrorEquals': ['States.ALL'], 'Assign': {'e': '{% $states.errorOutput.@} %}'},\n"
    "    'Next': 'C'}], 'Next': 'C'}, 'C': {'Type': 'Succeed'}}}",
    "/States/A/Catch/0/Assign/e", LOOSE },

  /* Payload templates, paths, intrinsic functions, variables */
  { "payload-key-duplicate", M ("'A': {'Type': 'Pass', 'Parameters': {'x': 1, @'x.$': '$.x'},\n"
                                "  'End': true}"), "/States/A/Parameters/x.$" },
  { "payload-value-not-string", M ("'A': {'Type': 'Pass', 'Parameters': {'x.$': @5},\n"
                                   "  'End': true}"), "/States/A/Parameters/x.$" },
  { "path-invalid", M ("'A': {'Type': 'Pass', 'ResultPath': @'$.a[*]', 'End': true}"),
    "/States/A/ResultPath" },
  { "path-invalid", M ("'A': {'Type': 'Pass', 'InputPath': @'foo', 'End': true}") },
  { "path-invalid", M ("'A': {'Type': 'Pass', 'ResultPath': @'$$.Execution', 'End': true}") },
  { "path-invalid", M ("'A': {'Type': 'Pass', 'ResultPath': @'$var.x', 'End': true}") },
  { "path-invalid", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                       "  'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': @'$err',\n"
                       "    'Next': 'B'}], 'Next': 'B'}, 'B': {'Type': 'Succeed'}"),
    "/States/A/Catch/0/ResultPath" },
  { "path-invalid", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': @'$states.input',\n"
                       "  'IsNull': true, 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
    "/States/A/Choices/0/Variable" },
  { "path-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {'x.$': @'$v[?($w.a)]'},\n"
                       "  'Assign': {'v': [], 'w': {}}, 'End': true}") },
  { "path-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {'a': [{'b.$': @'$.x['}]},\n"
                       "  'End': true}"), "/States/A/Parameters/a/0/b.$" },
  { "path-invalid", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': @'$..x',\n"
                       "  'IsNull': true, 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}") },
  { "path-invalid", M ("'A': {'Type': 'Wait', 'SecondsPath': @'$.a[0:2]', 'End': true}") },
  { "path-invalid", M ("'A': {'Type': 'Fail', 'CausePath': @'cause'}") },
  { "intrinsic-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {'x.$': @'States.Foo(1)'},\n"
                            "  'End': true}"), "/States/A/Parameters/x.$" },
  { "intrinsic-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {\n"
                            "  'x.$': @'States.Format(`{}`, $.a'}, 'End': true}") },
  { "intrinsic-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {\n"
                            "  'x.$': @'States.MathAdd(1)'}, 'End': true}") },
  { "intrinsic-invalid", M ("'A': {'Type': 'Fail', 'ErrorPath': @'States.UUID(1)'}") },
  { "intrinsic-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {\n"
                            "  'x.$': @'States.Format(`{}`, $states.input)'}, 'End': true}") },
  { "intrinsic-invalid", M ("'A': {'Type': 'Pass', 'Parameters': {\n"
                            "  'x.$': @'States.Format(`{} {}`, $v)'}, 'End': true}") },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'1x': 1}, 'End': true}"),
    "/States/A/Assign/1x" },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'a-b.$': '$.x'}, 'End': "
                                "true}") },
  { "variable-name-invalid", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Assign': {@'states': 1}, 'End': true}}}" },
  { "variable-unassigned", M ("'A': {'Type': 'Pass', 'Parameters': {'x.$': '@$nope.a'},\n"
                              "  'End': true}"), "/States/A/Parameters/x.$" },
  { "variable-unassigned", M ("'A': {'Type': 'Pass', 'Parameters': {\n"
                              "  'x.$': 'States.Format(`{} {}`, $.a, @$nope)'}, 'End': true}") },
  { "variable-unassigned", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Assign': {'total': 1}, 'Next': 'B'},\n"
    "  'B': {'Type': 'Pass', 'Output': '{% $count([1]) + $totl + @$nope %}', 'End': true}}}",
    "/States/B/Output", LOOSE },
  { "variable-used-before-assignment",
    M ("'A': {'Type': 'Pass', 'Assign': {'x': 1, 'y.$': '@$x'}, 'End': true}"),
    "/States/A/Assign/y.$" },
  { "variable-used-before-assignment",
    M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
       "  'Assign': {'x': 1}, 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'H'}],\n"
       "  'Next': 'B'},\n"
       "'B': {'Type': 'Pass', 'Parameters': {'x.$': '$x'}, 'End': true},\n"
       "'H': {'Type': 'Pass', 'Parameters': {'x.$': '@$x'}, 'End': true}"),
    "/States/H/Parameters/x.$" },
  { "variable-used-before-assignment", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Assign': {'x': 1}, 'Next': 'C'},\n"
    "  'C': {'Type': 'Choice', 'Choices': [{'Condition': '{% $x > 1 or @$y %}', 'Next': 'B'}],\n"
    "    'Default': 'B'},\n"
    "  'B': {'Type': 'Pass', 'Assign': {'x': 1, 'y': true}, 'End': true}}}",
    "/States/C/Choices/0/Condition" },
  { "variable-out-of-scope", "{'QueryLanguage': 'JSONata', 'StartAt': 'P', 'States': {\n"
    "  'P': {'Type': 'Parallel', 'Branches': [{'StartAt': 'B', 'States': {\n"
    "    'B': {'Type': 'Pass', 'Assign': {'inner': 1}, 'End': true}}}], 'Next': 'C'},\n"
    "  'C': {'Type': 'Pass', 'Output': '{% [@$inner] %}', 'End': true}}}",
    "/States/C/Output" },
  { "variable-out-of-scope", M ("'A': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'X',\n"
                                "  'States': {'X': {'Type': 'Pass', 'Assign': {'item.$': '$'},\n"
                                "  'End': true}}}, 'Next': 'B'},\n"
                                "'B': {'Type': 'Choice', 'Choices': [{'Variable': '@$item',\n"
                                "  'IsNull': true, 'Next': 'C'}], 'Default': 'C'},\n"
                                "'C': {'Type': 'Succeed'}"),
    "/States/B/Choices/0/Variable" },
  { "variable-out-of-scope", M ("'I': {'Type': 'Pass', 'Assign': {'limit': 5}, 'Next': 'A'},\n"
                                "'A': {'Type': 'Map', 'ItemProcessor': {\n"
                                "  'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': "
                                "'STANDARD'},\n"
                                "  'StartAt': 'X', 'States': {'X': {'Type': 'Pass',\n"
                                "  'Parameters': {'l.$': '@$limit'}, 'End': true}}}, 'End': true}"),
    "/States/A/ItemProcessor/States/X/Parameters/l.$", LOOSE },
  { "assign-too-large", M ("'A': {'Type': 'Pass', @'Assign': {'big': '" K256 "'}, 'End': true}"),
    "/States/A/Assign" },
  /* Variable names: Unicode ID_Start then ID_Continue, at most 80 characters (the guide,
   * “Variable name syntax”); `_` continues a name but doesn't start one. */
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'_x': 1}, 'End': true}"),
    "/States/A/Assign/_x" },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {'ok': 1,\n"
                                "  @'" N80 "X': 1}, 'End': true}") },
  { "variable-name-invalid", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Assign': {@'$total': 1}, 'End': true}}}", "/States/A/Assign/$total" },
  { "variable-name-invalid", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Assign': {@'order.total': 1}, 'End': true}}}" },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'x[2].$': '$.a'}, "
                                "'End': true}") },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'\u0663x': 1}, 'End': true}") },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'a b': 1}, 'End': true}") },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'': 1}, 'End': true}") },
  { "variable-name-invalid", M ("'A': {'Type': 'Pass', 'Assign': {@'caf\u00e9\u2E2F': 1}, "
                                "'End': true}") },
  /* The guide, “Variable scope”: no inner scope assigns a name an outer scope assigns. */
  { "variable-shadows-outer", "{'QueryLanguage': 'JSONata', 'StartAt': 'I', 'States': {\n"
    "  'I': {'Type': 'Pass', 'Assign': {'total': 0}, 'Next': 'P'},\n"
    "  'P': {'Type': 'Parallel', 'Branches': [{'StartAt': 'B', 'States': {\n"
    "    'B': {'Type': 'Pass', 'Assign': {@'total': 1}, 'End': true}}}], 'End': true}}}",
    "/States/P/Branches/0/States/B/Assign/total" },
  { "variable-shadows-outer", M ("'A': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'X',\n"
                                 "  'States': {'X': {'Type': 'Task', 'Resource': "
                                 "'arn:aws:states:::lambda:invoke',\n"
                                 "  'Catch': [{'ErrorEquals': ['States.ALL'], 'Assign': "
                                 "{@'err.$': '$'}, 'Next': 'Y'}],\n"
                                 "  'End': true}, 'Y': {'Type': 'Succeed'}}},\n"
                                 "  'Catch': [{'ErrorEquals': ['States.ALL'], "
                                 "'Assign': {'err.$': '$'}, 'Next': 'B'}], 'End': true},\n"
                                 "'B': {'Type': 'Succeed'}"),
    "/States/A/ItemProcessor/States/X/Catch/0/Assign/err.$" },
  /* The guide: $states.result and $states.errorOutput read where they are not available are
   * refused when the state machine is created. */
  { "states-field-unavailable", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Pass', 'Output': '{% @$states.result %}', 'End': true}}}",
    "/States/A/Output" },
  { "states-field-unavailable", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
    "    'Arguments': {'p': '{% $states.input.a & @$states.result.b %}'}, 'End': true}}}",
    "/States/A/Arguments/p" },
  { "states-field-unavailable", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
    "    'Output': {'e': '{% @$states.errorOutput %}'}, 'End': true}}}",
    "/States/A/Output/e" },
  { "states-field-unavailable", "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {\n"
    "  'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
    "    'Catch': [{'ErrorEquals': ['States.ALL'], 'Output': '{% @$states.result %}',\n"
    "      'Next': 'B'}], 'End': true},\n"
    "  'B': {'Type': 'Succeed'}}}", "/States/A/Catch/0/Output" },
  { "states-field-unavailable", "{'QueryLanguage': 'JSONata', 'StartAt': 'C', 'States': {\n"
    "  'C': {'Type': 'Choice', 'Choices': [{'Condition': '{% @$states.result.ok %}',\n"
    "    'Next': 'B'}], 'Default': 'B'},\n"
    "  'B': {'Type': 'Succeed'}}}", "/States/C/Choices/0/Condition" },

  /* States */
  { "state-type-unknown", M ("'A': {'Type': @'Tsk', 'End': true}"), "/States/A/Type" },
  { "state-type-unknown", M ("'A': {'Type': @'Lambda', 'End': true}") },
  { "state-name-too-long", "{'StartAt': '" N80 "X', 'States': {\n"
    "  @'" N80 "X': {'Type': 'Succeed'}}}", "/States/" N80 "X" },
  { "state-name-invalid", "{'StartAt': '', 'States': {@'': {'Type': 'Succeed'}}}", "/States/" },
  { "state-name-invalid", "{'StartAt': 'A\\tB', 'States': {@'A\\tB': {'Type': 'Succeed'}}}" },
  { "state-name-duplicate",
    M ("'A': {'Type': 'Parallel', 'Next': 'X', 'Branches': [{'StartAt': 'X',\n"
       "  'States': {'X': {'Type': 'Succeed'}}}]},\n"
       "@'X': {'Type': 'Succeed'}"), "/States/X" },
  { "state-name-duplicate",
    M ("'A': {'Type': 'Parallel', 'End': true, 'Branches': [\n"
       "  {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}},\n"
       "  {'StartAt': 'X', 'States': {@'X': {'Type': 'Succeed'}}}]}") },

  /* Transitions */
  { "transition-target-missing", M ("'A': {'Type': 'Pass', 'Next': @'B'}"), "/States/A/Next",
    LOOSE },
  { "transition-target-missing", "{'StartAt': @'Start', 'States': {'A': {'Type': 'Succeed'}}}",
    "/StartAt" },
  { "transition-target-missing", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',\n"
                                    "  'IsNull': true, 'Next': 'B'}], 'Default': @'b'},\n"
                                    "'B': {'Type': 'Succeed'}"), "/States/A/Default" },
  { "transition-target-missing", M ("'A': {'Type': 'Task', 'Resource': "
                                    "'arn:aws:states:::lambda:invoke',\n"
                                    "  'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': "
                                    "@'Oops'}],\n"
                                    "  'End': true}"), "/States/A/Catch/0/Next" },
  { "transition-out-of-scope",
    M ("'A': {'Type': 'Parallel', 'Next': 'C', 'Branches': [{'StartAt': 'B',\n"
       "  'States': {'B': {'Type': 'Pass', 'Next': @'C'}}}]},\n"
       "'C': {'Type': 'Succeed'}"), "/States/A/Branches/0/States/B/Next" },
  { "transition-out-of-scope",
    M ("'A': {'Type': 'Map', 'Next': @'B', 'ItemProcessor': {'StartAt': 'B',\n"
       "  'States': {'B': {'Type': 'Succeed'}}}}"), "/States/A/Next" },
  /* Pointers into nested state machines, kept past the walk that built them */
  { "transition-target-missing",
    M ("'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'P', 'States': {\n"
       "  'P': {'Type': 'Parallel', 'End': true, 'Branches': [\n"
       "    {'StartAt': 'R', 'States': {'R': {'Type': 'Succeed'}}},\n"
       "    {'StartAt': 'Q', 'States': {'Q': {'Type': 'Task', 'End': true,\n"
       "      'Resource': 'arn:aws:states:::lambda:invoke',\n"
       "      'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': @'Nowhere'}]}}}]}}}}"),
    "/States/A/ItemProcessor/States/P/Branches/1/States/Q/Catch/0/Next" },
  { "state-name-duplicate",
    M ("'A': {'Type': 'Parallel', 'End': true, 'Branches': [\n"
       "  {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}},\n"
       "  {'StartAt': 'Y', 'States': {'Y': {'Type': 'Pass', 'Next': 'X'},\n"
       "    @'X': {'Type': 'Succeed'}}}]}"), "/States/A/Branches/1/States/X" },
  { "state-unreachable",
    M ("'A': {'Type': 'Parallel', 'End': true, 'Branches': [\n"
       "  {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}, @'Y': {'Type': 'Succeed'}}}]}"),
    "/States/A/Branches/0/States/Y" },
  { "infinite-loop",
    M ("'A': {'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'C', 'States': {\n"
       "  'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true,\n"
       "    'Next': 'L'}], 'Default': 'E'},\n"
       "  @'L': {'Type': 'Wait', 'Seconds': 1, 'Next': 'L'}, 'E': {'Type': 'Succeed'}}}}"),
    "/States/A/Iterator/States/L", LOOSE },
  { "state-unreachable", M ("'A': {'Type': 'Succeed'},\n@'B': {'Type': 'Succeed'}"), "/States/B" },
  { "state-unreachable", M ("'A': {'Type': 'Succeed'},\n@'a/b~c': {'Type': 'Succeed'}"),
    "/States/a~1b~0c" },
  { "no-terminal-state", "{'StartAt': 'A', @'States': {'A': {'Type': 'Pass', 'Next': 'B'},\n"
    "  'B': {'Type': 'Pass', 'Next': 'A'}}}", "/States" },
  { "infinite-loop", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',\n"
                        "  'IsNull': true, 'Next': 'B'}], 'Default': 'C'},\n"
                        "@'B': {'Type': 'Pass', 'Next': 'D'},\n"
                        "'C': {'Type': 'Succeed'},\n"
                        "'D': {'Type': 'Wait', 'Seconds': 1, 'Next': 'B'}"), "/States/B" },
  { "infinite-loop", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',\n"
                        "  'IsNull': true, 'Next': 'B'}], 'Default': 'C'},\n"
                        "@'B': {'Type': 'Pass', 'Next': 'B'},\n"
                        "'C': {'Type': 'Succeed'}") },
  { "next-and-end", M ("'A': {'Type': 'Pass', 'Next': 'B', @'End': true},\n"
                       "'B': {'Type': 'Succeed'}"), "/States/A/End" },
  { "next-or-end-missing", M ("@'A': {'Type': 'Pass'}"), "/States/A" },
  { "next-or-end-missing", M ("'A': {'Type': 'Pass', 'End': @false}"), "/States/A/End" },

  /* Choice rules */
  { "choice-operator-missing", M ("'A': {'Type': 'Choice', 'Choices': [\n"
                                  "  @{'Variable': '$.x', 'Next': 'B'}]}, 'B': {'Type': "
                                  "'Succeed'}"),
    "/States/A/Choices/0" },
  { "choice-operator-multiple", M ("'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',\n"
                                   "  'StringEquals': 'a', @'NumericEquals': 1, 'Next': 'B'}]},\n"
                                   "'B': {'Type': 'Succeed'}"),
    "/States/A/Choices/0/NumericEquals" },
  { "choice-operator-multiple", M ("'A': {'Type': 'Choice', 'Choices': [{'Not': {'Variable': "
                                   "'$.x',\n"
                                   "  'IsNull': true}, @'Or': [{'Variable': '$.y', 'IsNull': "
                                   "true}],\n"
                                   "  'Next': 'B'}]}, 'B': {'Type': 'Succeed'}") },
  { "choice-variable-missing", M ("'A': {'Type': 'Choice', 'Choices': [\n"
                                  "  {'And': [@{'StringEquals': 'a'}], 'Next': 'B'}]},\n"
                                  "'B': {'Type': 'Succeed'}"), "/States/A/Choices/0/And/0" },

  /* Wait, Task, Map */
  { "wait-duration", M ("@'A': {'Type': 'Wait', 'End': true}"), "/States/A" },
  { "wait-duration", M ("'A': {'Type': 'Wait', 'Seconds': 5, @'Timestamp': "
                        "'2026-01-01T00:00:00Z',\n"
                        "  'End': true}"), "/States/A/Timestamp" },
  { "task-resource-invalid", M ("'A': {'Type': 'Task', 'Resource': @'my-function', 'End': true}"),
    "/States/A/Resource" },
  { "task-resource-invalid", M ("'A': {'Type': 'Task',\n"
                                "  'Resource': @'arn:aws:states:::lambda:invoke.async', 'End': "
                                "true}") },
  { "task-resource-invalid", M ("'A': {'Type': 'Task',\n"
                                "  'Resource': @'arn:aws:states:::aws-sdk:s3:getObject.sync',\n"
                                "  'End': true}") },
  { "task-resource-invalid", M ("'A': {'Type': 'Task',\n"
                                "  'Resource': @'arn:aws:sns:us-east-1:123456789012:topic',\n"
                                "  'End': true}") },
  { "task-resource-invalid", M ("'A': {'Type': 'Task',\n"
                                "  'Resource': @'arn:aws:lambda:us-east-1:1234:function:f',\n"
                                "  'End': true}") },
  { "task-resource-invalid", M ("'A': {'Type': 'Task', 'Resource': @'arn:aws:states:::sagemaker',\n"
                                "  'End': true}") },
  { "task-heartbeat-too-long", M ("'A': {'Type': 'Task', 'Resource': "
                                  "'arn:aws:states:::lambda:invoke',\n"
                                  "  'TimeoutSeconds': 60, 'HeartbeatSeconds': @60, 'End': true}"),
    "/States/A/HeartbeatSeconds" },
  { "task-token-missing", M ("'A': {'Type': 'Task',\n"
                             "  'Resource': @'arn:aws:states:::sqs:sendMessage.waitForTaskToken',\n"
                             "  'Parameters': {'QueueUrl': 'q', 'MessageBody.$': '$'}, 'End': "
                             "true}"),
    "/States/A/Resource" },
  { "express-unsupported-integration",
    M ("'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {\n"
       "  'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'EXPRESS'}, 'StartAt': 'B',\n"
       "  'States': {'B': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'C',\n"
       "    'States': {'C': {'Type': 'Task', 'End': true,\n"
       "      'Resource': @'arn:aws:states:::glue:startJobRun.sync'}}}]}}}}"),
    "/States/A/ItemProcessor/States/B/Branches/0/States/C/Resource" },
  { "map-distributed-only", M ("'A': {'Type': 'Map', 'End': true,\n"
                               "  @'ItemReader': {'Resource': 'arn:aws:states:::s3:getObject'},\n"
                               "  'ItemProcessor': {'StartAt': 'B', 'States': {'B': {'Type': "
                               "'Succeed'}}}}"),
    "/States/A/ItemReader" },
  { "map-distributed-only", M ("'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {\n"
                               "  'ProcessorConfig': {'Mode': 'INLINE', @'ExecutionType': "
                               "'EXPRESS'},\n"
                               "  'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}") },
  { "map-label-invalid", M ("'A': {'Type': 'Map', 'End': true, 'Label': @'my label',\n"
                            "  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED',\n"
                            "  'ExecutionType': 'STANDARD'}, 'StartAt': 'B',\n"
                            "  'States': {'B': {'Type': 'Succeed'}}}}"), "/States/A/Label" },

  /* Retry and Catch */
  { "states-all-not-last", M ("'A': {'Type': 'Task', 'Resource': "
                              "'arn:aws:states:::lambda:invoke',\n"
                              "  'Retry': [{'ErrorEquals': [@'States.ALL']},\n"
                              "    {'ErrorEquals': ['States.Timeout']}], 'End': true}"),
    "/States/A/Retry/0/ErrorEquals/0" },
  { "states-all-not-alone", M ("'A': {'Type': 'Task', 'Resource': "
                               "'arn:aws:states:::lambda:invoke',\n"
                               "  'Catch': [{'ErrorEquals': [@'States.ALL', 'E'], 'Next': 'B'}],\n"
                               "  'End': true}, 'B': {'Type': 'Succeed'}"),
    "/States/A/Catch/0/ErrorEquals/0" },
  { "error-name-unknown", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                             "  'Retry': [{'ErrorEquals': [@'States.Timout']}], 'End': true}"),
    "/States/A/Retry/0/ErrorEquals/0" },
  { "error-shadowed", M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
                         "  'Retry': [{'ErrorEquals': ['E1']}, {'ErrorEquals': ['E2']},\n"
                         "  @{'ErrorEquals': ['E2', 'E1']}], 'End': true}"), "/States/A/Retry/2" },

  /* CloudFormation */
  { "cfn-substitution", M ("'A': {'Type': 'Task', 'Resource': @'${TrainFn}', 'End': true}"),
    "/States/A/Resource" },
  { "cfn-substitution", M ("'A': {'Type': 'Task', 'TimeoutSeconds': @'${Timeout}',\n"
                           "  'Resource': 'arn:${AWS::Partition}:states:::lambda:invoke', 'End': "
                           "true}"),
    "/States/A/TimeoutSeconds" },
  { "cfn-substitution", M ("'A': {'Type': 'Pass', 'Next': @'${Next}'}") },
};

static const ValidCase valid_cases[] = {
  /* Unicode identifiers up to 80 characters; `_`, digits, marks, U+00B7 after the start. */
  { "variable-name-invalid variable-shadows-outer states-field-unavailable",
    "{'QueryLanguage': 'JSONata', 'StartAt': 'I', 'States': {\n"
    "  'I': {'Type': 'Pass', 'Assign': {'caf\u00e9': 1, '\u03c0_2': 2, 'x_1': 3,\n"
    "    '\u5909\u6570': 4, 'a\u00b7b': 5, 'e\u0301': 6, '\u1885x': 7, '" N80 "': 8},\n"
    "    'Next': 'T'},\n"
    "  'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
    "    'Arguments': {'n': '{% $states.input.n + $x_1 %}'},\n"
    "    'Output': '{% $states.result.Payload %}',\n"
    "    'Assign': {'r': '{% $states.result.Payload.r %}'},\n"
    "    'Catch': [{'ErrorEquals': ['States.ALL'], 'Output': '{% $states.errorOutput %}',\n"
    "      'Assign': {'e': '{% $states.errorOutput.Error %}'}, 'Next': 'P'}], 'Next': 'P'},\n"
    "  'P': {'Type': 'Parallel', 'Branches': [{'StartAt': 'B', 'States': {\n"
    "    'B': {'Type': 'Pass', 'Assign': {'inner': '{% $r %}'}, 'Output': '{% $r %}',\n"
    "      'End': true}}}],\n"
    "    'Output': '{% $states.result[0] %}', 'Next': 'M'},\n"
    "  'M': {'Type': 'Map', 'Items': '{% [1, 2] %}', 'ItemProcessor': {\n"
    "    'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'},\n"
    "    'StartAt': 'X', 'States': {'X': {'Type': 'Pass', 'Assign': {'r': 1}, 'End': true}}},\n"
    "    'Assign': {'all': '{% $states.result %}'}, 'End': true}}}" },
  /* Inside payload templates only .$ values read variables; a …Path key there is data. */
  { "variable-unassigned variable-used-before-assignment",
    M ("'A': {'Type': 'Pass', 'Assign': {'v': 1}, 'Next': 'B'},\n"
       "'B': {'Type': 'Pass', 'Parameters': {'Config': {'S3OutputPath': '$literal',\n"
       "  'Variable': '$text'}, 'v.$': '$v', 'w.$': 'States.Format(`$x {}`, $v)'},\n"
       "  'Result': {'Path': '$r'}, 'End': true}") },
  { "jsonata-syntax variable-unassigned variable-used-before-assignment variable-out-of-scope "
    "assign-too-large jsonata-in-jsonpath",
    "{'QueryLanguage': 'JSONata', 'StartAt': 'Init', 'States': {\n"
    "  'Init': {'Type': 'Pass', 'Assign': {'limit': 3, 'count': 0, 'items': '{% [1..5] %}'},\n"
    "    'Next': 'Loop'},\n"
    "  'Loop': {'Type': 'Choice', 'Choices': [{\n"
    "    'Condition': '{% $count < $limit and $not($exists($maybe)) %}',\n"
    "    'Assign': {'count': '{% $count + 1 %}'}, 'Next': 'Work'}], 'Default': 'Fan'},\n"
    "  'Work': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
    "    'Arguments': {'n': '{% $count %}', 'f': '{% $map($items, function($v) { $v * 2 }) %}',\n"
    "      's': '{% ($t := $sum($items); $t + $count($items)) %}'},\n"
    "    'Catch': [{'ErrorEquals': ['States.ALL'], 'Assign': {'failure': '{% "
    "$states.errorOutput %}'},\n"
    "      'Next': 'Failed'}], 'Next': 'Loop'},\n"
    "  'Failed': {'Type': 'Fail', 'Error': 'Boom', 'Cause': '{% $string($failure) %}'},\n"
    "  'Fan': {'Type': 'Parallel', 'Branches': [{'StartAt': 'B1', 'States': {\n"
    "      'B1': {'Type': 'Pass', 'Assign': {'local': '{% $limit %}'}, 'Next': 'B2'},\n"
    "      'B2': {'Type': 'Pass', 'Output': '{% $local + $count %}', 'End': true}}}],\n"
    "    'Next': 'Each'},\n"
    "  'Each': {'Type': 'Map', 'Items': '{% $items %}',\n"
    "    'ItemSelector': {'v': '{% $states.context.Map.Item.Value %}', 'l': '{% $limit %}'},\n"
    "    'ItemProcessor': {'StartAt': 'X', 'States': {\n"
    "      'X': {'Type': 'Pass', 'Output': '{% $states.input.v & $string($limit) %}',\n"
    "        'End': true}}}, 'Next': 'Done'},\n"
    "  'Done': {'Type': 'Succeed', 'Output': '{% {`c`: $count, `a`: $items[$ > 2]} %}'}}}" },
  { "root-not-object field-required field-unknown state-unreachable no-terminal-state "
    "state-type-unknown",
    M ("'A': {'Type': 'Succeed', 'Comment': 'done'}") },
  { "definition-too-large", M ("'A': {'Type': 'Succeed'}"), 1024 * 1024 },
  { "duplicate-key payload-key-duplicate field-type",
    M ("'A': {'Type': 'Pass', 'Comment': 'x', 'InputPath': null, 'OutputPath': null,\n"
       "  'ResultPath': null, 'Parameters': {'x': 1, 'y.$': '$.y', 'z': {'x': 2}}, 'Next': 'B'},\n"
       "'B': {'Type': 'Pass', 'Comment': 'x', 'Result': {'x': [1, 'x']}, 'End': true}") },
  { "field-not-allowed query-language-field jsonata-in-jsonpath",
    M ("'A': {'Type': 'Choice', 'InputPath': '$.a', 'OutputPath': '$.b', 'Assign': {'v': 1},\n"
       "  'Choices': [{'Variable': '$.x', 'IsPresent': true, 'Next': 'B',\n"
       "    'Assign': {'w.$': '$.x'}, 'Comment': 'c'}], 'Default': 'B'},\n"
       "'B': {'Type': 'Pass', 'Result': '50% {of} it', 'ResultPath': '$.r', 'End': true}") },
  { "fields-exclusive task-heartbeat-too-long number-out-of-range number-not-integer "
    "task-resource-invalid",
    M ("'A': {'Type': 'Task', 'Resource': "
       "'arn:aws:lambda:us-east-1:123456789012:function:f:live',\n"
       "  'TimeoutSecondsPath': '$.t', 'HeartbeatSeconds': 60, 'Next': 'B'},\n"
       "'B': {'Type': 'Task', 'Resource': 'arn:aws:states:us-east-1:123456789012:activity:act',\n"
       "  'TimeoutSeconds': 99999999, 'HeartbeatSeconds': 99999998, 'Next': 'C'},\n"
       "'C': {'Type': 'Task', 'Resource': 'arn:aws:states:::states:startExecution.sync:2',\n"
       "  'Parameters': {'StateMachineArn': "
       "'arn:aws:states:us-east-1:123456789012:stateMachine:x'},\n"
       "  'Next': 'D'},\n"
       "'D': {'Type': 'Task', 'Resource': 'arn:aws-us-gov:states:::aws-sdk:s3:getObject',\n"
       "  'Parameters': {'Bucket': 'b', 'Key': 'k'}, 'Next': 'E'},\n"
       "'E': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',\n"
       "  'Parameters': {'ApiEndpoint': 'https://example.com', 'Method': 'GET'}, 'Next': 'F'},\n"
       "'F': {'Type': 'Task', 'Resource': 'arn:aws:states:::sagemaker:createTrainingJob.sync',\n"
       "  'Parameters': {}, 'Credentials': {'RoleArn.$': '$.role'}, 'End': true}") },
  { "field-deprecated map-distributed-only map-label-invalid enum-invalid "
    "express-unsupported-integration",
    M ("'A': {'Type': 'Map', 'ItemSelector': {'v.$': '$$.Map.Item.Value'}, 'Next': 'B',\n"
       "  'ItemProcessor': {'ProcessorConfig': {'Mode': 'INLINE'}, 'StartAt': 'X',\n"
       "    'States': {'X': {'Type': 'Succeed'}}}, 'MaxConcurrency': 0},\n"
       "'B': {'Type': 'Map', 'Label': 'Batch_1-ģ', 'ToleratedFailurePercentage': 100,\n"
       "  'ToleratedFailureCount': 0, 'ItemReader': {'Resource': 'arn:aws:states:::s3:getObject',\n"
       "    'ReaderConfig': {'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW', 'MaxItems': "
       "10},\n"
       "    'Parameters': {'Bucket': 'b', 'Key': 'k'}},\n"
       "  'ItemBatcher': {'MaxItemsPerBatch': 10, 'BatchInput': {'x': 1}},\n"
       "  'ResultWriter': {'Resource': 'arn:aws:states:::s3:putObject',\n"
       "    'Parameters': {'Bucket': 'b', 'Prefix': 'p'}},\n"
       "  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': "
       "'EXPRESS'},\n"
       "    'StartAt': 'Y', 'States': {'Y': {'Type': 'Task', 'End': true,\n"
       "      'Resource': 'arn:aws:states:::lambda:invoke'}}}, 'End': true}") },
  { "array-empty choice-operator-missing choice-operator-multiple choice-variable-missing "
    "timestamp-invalid path-invalid",
    M ("'A': {'Type': 'Pass', 'Assign': {'myVar': {'items': [true]}}, 'Next': 'A2'},\n"
       "'A2': {'Type': 'Choice', 'Choices': [\n"
       "  {'And': [{'Variable': '$.a', 'StringMatches': 'log-*.txt'},\n"
       "    {'Or': [{'Variable': '$.b', 'NumericGreaterThanEqualsPath': '$.c'},\n"
       "      {'Not': {'Variable': '$$.Execution.Name', 'StringEquals': 'x'}}]}], 'Next': 'B'},\n"
       "  {'Variable': '$.t', 'TimestampLessThan': '2026-02-28T10:00:00.123+02:00', 'Next': 'B'},\n"
       "  {'Variable': '$.t', 'TimestampEquals': '2024-02-29T00:00:00Z', 'Next': 'B'},\n"
       "  {'Variable': '$myVar.items[0]', 'BooleanEquals': false, 'Next': 'B'}],\n"
       "  'Default': 'B'},\n"
       "'B': {'Type': 'Succeed'}") },
  { "wait-duration timestamp-invalid",
    M ("'A': {'Type': 'Wait', 'Seconds': 0, 'Next': 'B'},\n"
       "'B': {'Type': 'Wait', 'SecondsPath': '$.s', 'Next': 'C'},\n"
       "'C': {'Type': 'Wait', 'Timestamp': '2026-12-31T23:59:60Z', 'Next': 'D'},\n"
       "'D': {'Type': 'Wait', 'TimestampPath': '$$.Execution.Input.when', 'End': true}") },
  { "query-language-downgrade query-language-field jsonata-delimiters jsonpath-key-in-jsonata "
    "variable-name-invalid task-token-missing",
    "{'QueryLanguage': 'JSONata', 'StartAt': 'I', 'States': {\n"
    "  'I': {'Type': 'Pass', 'Assign': {'x': 2, 't': 60, 's': 1, 'c': 'why'}, 'Next': 'A'},\n"
    "  'A': {'Type': 'Task', 'QueryLanguage': 'JSONata',\n"
    "    'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',\n"
    "    'Arguments': {'MessageBody': {'token': '{% $states.context.Task.Token %}'},\n"
    "      'Plain': 'a.$ b', 'k.$x': '{%$x%}'},\n"
    "    'TimeoutSeconds': '{% $t %}', 'Assign': {'x_': 1, 'übung': '{% 2 %}'},\n"
    "    'Output': '{% $states.result %}', 'Next': 'B'},\n"
    "  'B': {'Type': 'Choice', 'Choices': [{'Condition': '{% $x > 1 %}', 'Next': 'C',\n"
    "    'Output': {'v': 1}}], 'Default': 'C'},\n"
    "  'C': {'Type': 'Map', 'Items': '{% [1, 2] %}', 'ItemSelector': {'v': '{% "
    "$states.context.Map.Item.Value %}'},\n"
    "    'ItemProcessor': {'StartAt': 'X', 'States': {'X': {'Type': 'Pass', 'End': true}}},\n"
    "    'Next': 'D'},\n"
    "  'D': {'Type': 'Wait', 'Seconds': '{% $s %}', 'Next': 'E'},\n"
    "  'E': {'Type': 'Fail', 'Error': 'E', 'Cause': '{% $c %}'}}}" },
  { "query-language-field query-language-downgrade",
    M ("'A': {'Type': 'Pass', 'QueryLanguage': 'JSONata', 'Output': {'x': 1}, 'Next': 'B'},\n"
       "'B': {'Type': 'Pass', 'QueryLanguage': 'JSONPath', 'Parameters': {}, 'End': true}") },
  { "path-invalid intrinsic-invalid payload-value-not-string",
    M ("'A': {'Type': 'Pass', 'Assign': {'myVar': {'field': 1}}, 'Next': 'A1'},\n"
       "'A1': {'Type': 'Pass', 'InputPath': '$.items[?(@.price < 10)]', 'Parameters': {\n"
       "  'a.$': '$$.Execution.Id', 'b.$': '$myVar.field', 'c.$': 'States.Format(`Hi {}`, $.n)',\n"
       "  'd.$': 'States.Array(1, 2)', 'e.$': 'States.UUID()', 'f.$': '$', 'g': 5},\n"
       "  'ResultPath': '$.a.b[0]', 'Next': 'B'},\n"
       "'B': {'Type': 'Fail', 'ErrorPath': '$.e', 'CausePath': 'States.Format(`x {}`, $.c)'}") },
  { "path-invalid intrinsic-invalid",
    M ("'A': {'Type': 'Pass', 'Assign': {'v': {'a': [1]}, 'items': [1, 2], 't': 5},\n"
       "  'Next': 'B'},\n"
       "'B': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
       "  'InputPath': '$v', 'OutputPath': '$v.a', 'TimeoutSecondsPath': '$t',\n"
       "  'Parameters': {'a.$': '$v.a[0]', 'b.$': 'States.Format(`{} {}`, $v.a, $t)',\n"
       "    'c.$': 'States.ArrayLength($items)', 'd.$': 'States.Array($v, $$.Execution.Id, $)'},\n"
       "  'ResultSelector': {'r.$': '$t'}, 'ResultPath': '$.r', 'Next': 'C'},\n"
       "'C': {'Type': 'Map', 'ItemsPath': '$items', 'MaxConcurrencyPath': '$t',\n"
       "  'ItemSelector': {'i.$': '$$.Map.Item.Value', 'v.$': '$v'},\n"
       "  'ItemProcessor': {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}}, 'Next': 'D'},\n"
       "'D': {'Type': 'Wait', 'SecondsPath': '$t', 'Next': 'E'},\n"
       "'E': {'Type': 'Choice', 'Choices': [{'Variable': '$t', 'NumericLessThanPath': '$v.a[0]',\n"
       "  'Next': 'F'}], 'Default': 'F'},\n"
       "'F': {'Type': 'Fail', 'ErrorPath': '$v.error', 'CausePath': 'States.Format(`{}`, $t)'}") },
  { "state-name-too-long state-name-invalid",
    "{'StartAt': '" N80 "', 'States': {'" N80 "': {'Type': 'Pass', 'Next': 'Train model ✓'},\n"
    "  'Train model ✓': {'Type': 'Succeed'}}}" },
  { "state-name-duplicate transition-out-of-scope transition-target-missing",
    M ("'A': {'Type': 'Parallel', 'Next': 'B', 'Parameters': {'A': 1}, 'Branches': [\n"
       "  {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Next': 'Q'}, 'Q': {'Type': "
       "'Succeed'}}},\n"
       "  {'StartAt': 'R', 'States': {'R': {'Type': 'Succeed'}}}]},\n"
       "'B': {'Type': 'Succeed'}") },
  { "state-unreachable no-terminal-state infinite-loop next-and-end next-or-end-missing",
    M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
       "  'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Failed', 'ResultPath': '$.error'}],\n"
       "  'Next': 'Wait'},\n"
       "'Wait': {'Type': 'Wait', 'Seconds': 5, 'Next': 'Check'},\n"
       "'Check': {'Type': 'Choice', 'Choices': [{'Variable': '$.done', 'BooleanEquals': true,\n"
       "  'Next': 'Done'}], 'Default': 'A'},\n"
       "'Done': {'Type': 'Succeed'},\n"
       "'Failed': {'Type': 'Fail', 'Error': 'E', 'Cause': 'C'}") },
  { "states-all-not-last states-all-not-alone error-name-unknown error-shadowed",
    M ("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',\n"
       "  'Retry': [{'ErrorEquals': ['Lambda.ServiceException', 'States.Http.Socket'],\n"
       "    'IntervalSeconds': 1, 'MaxAttempts': 0, 'BackoffRate': 1, 'MaxDelaySeconds': 5,\n"
       "    'JitterStrategy': 'FULL'},\n"
       "    {'ErrorEquals': ['Lambda.ServiceException', 'MyError']},\n"
       "    {'ErrorEquals': ['States.ALL'], 'BackoffRate': 1.5}],\n"
       "  'Catch': [{'ErrorEquals': ['States.TaskFailed'], 'Next': 'B'},\n"
       "    {'ErrorEquals': ['States.ALL'], 'Next': 'B'}],\n"
       "  'End': true},\n"
       "'B': {'Type': 'Succeed'}") },
  { "cfn-substitution task-token-missing",
    M ("'A': {'Type': 'Pass', 'Result': 'Cost: ${}, $5 {x}', 'Next': 'B'},\n"
       "'B': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke.waitForTaskToken',\n"
       "  'Parameters': {'Payload': {'token.$': 'States.Format(`t-{}`, $$.Task.Token)'}},\n"
       "  'HeartbeatSeconds': 600, 'End': true}") },
};

#undef M
#undef K256
#undef K16
#undef K1

/* Turns a snippet into JSON and finds the @ marker (1-based, columns in characters). */
static char *
expand_snippet (const char *snippet,
                gboolean    marked,
                guint      *line,
                guint      *column)
{
  GString *out = g_string_new (NULL);
  guint l = 1, c = 1;

  *line = *column = 0;
  for (const char *p = snippet; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == '@' && marked)
        {
          *line = l;
          *column = c;
          continue;
        }
      if (ch == '\'')
        g_string_append_c (out, '"');
      else if (ch == '`')
        g_string_append_c (out, '\'');
      else
        g_string_append_unichar (out, ch);

      if (ch == '\n')
        {
          l++;
          c = 1;
        }
      else
        c++;
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
validate_snippet (const char *json,
                  gsize       source_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = NULL;
  guint line = 0, column = 0;

  root = sw_json_parse (json, -1, &line, &column, &error);
  if (root == NULL)
    g_error ("Snippet doesn't parse (%u:%u): %s\n%s", line, column, error->message, json);

  return sw_validate_full (root, source_size);
}

static char *
describe (GPtrArray *diagnostics)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = sw_diagnostic_format (g_ptr_array_index (diagnostics, i), "t");
      const SwDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_string_append_printf (out, "  %s (%s)\n", line, d->pointer);
    }
  return g_string_free (out, FALSE);
}

static void
test_invalid_case (gconstpointer data)
{
  const InvalidCase *test = data;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *json = NULL;
  g_autofree char *report = NULL;
  const SwValidatorRule *rule = sw_validator_find_rule (test->code);
  guint line, column;
  gboolean found = FALSE;

  g_assert_nonnull (rule);
  json = expand_snippet (test->json, TRUE, &line, &column);
  g_assert_cmpuint (line, >, 0);

  diagnostics = validate_snippet (json, test->source_size);
  report = describe (diagnostics);
  g_test_message ("%s\n%s", json, report);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const SwDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (strcmp (d->code, test->code) == 0 && d->line == line && d->column == column)
        {
          found = TRUE;
          g_assert_cmpint (d->severity, ==, rule->severity);
          g_assert_cmpstr (d->message, !=, "");
          if (test->pointer != NULL)
            g_assert_cmpstr (d->pointer, ==, test->pointer);
        }
      else if (!(test->flags & LOOSE) && strcmp (d->code, test->code) != 0)
        g_error ("Unexpected finding for %s:\n%s\n%s", test->code, json, report);
    }

  if (!found)
    g_error ("No %s at %u:%u:\n%s\n%s", test->code, line, column, json, report);
}

static void
test_valid_case (gconstpointer data)
{
  const ValidCase *test = data;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *json = NULL;
  guint line, column;

  json = expand_snippet (test->json, FALSE, &line, &column);
  diagnostics = validate_snippet (json, test->source_size);
  if (diagnostics->len > 0)
    {
      g_autofree char *report = describe (diagnostics);

      g_error ("False alarm in a valid definition:\n%s\n%s", json, report);
    }
}

/* Every rule must have an invalid case that raises it and a valid case that doesn't. */
static void
test_rules_covered (void)
{
  guint n_rules = 0;
  const SwValidatorRule *rules = sw_validator_get_rules (&n_rules);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n_rules, >, 40);

  for (guint i = 0; i < n_rules; i++)
    {
      gboolean invalid = FALSE, valid = FALSE;

      /* Stable kebab-case codes, listed once. */
      g_assert_true (g_regex_match_simple ("^[a-z]+(-[a-z0-9]+)*$", rules[i].code, 0, 0));
      g_assert_false (g_hash_table_contains (codes, rules[i].code));
      g_hash_table_add (codes, (gpointer) rules[i].code);
      g_assert_cmpstr (sw_validator_rule_get_summary (&rules[i]), !=, "");
      g_assert_true (sw_validator_find_rule (rules[i].code) == &rules[i]);

      for (guint j = 0; j < G_N_ELEMENTS (invalid_cases); j++)
        invalid |= strcmp (invalid_cases[j].code, rules[i].code) == 0;
      for (guint j = 0; j < G_N_ELEMENTS (valid_cases); j++)
        {
          g_auto(GStrv) listed = g_strsplit (valid_cases[j].codes, " ", 0);

          valid |= g_strv_contains ((const char * const *) listed, rules[i].code);
        }

      if (!invalid)
        g_error ("Rule %s has no invalid case", rules[i].code);
      if (!valid)
        g_error ("Rule %s has no valid case", rules[i].code);
    }

  /* And no case names a code that doesn't exist. */
  for (guint j = 0; j < G_N_ELEMENTS (invalid_cases); j++)
    g_assert_nonnull (sw_validator_find_rule (invalid_cases[j].code));
  for (guint j = 0; j < G_N_ELEMENTS (valid_cases); j++)
    {
      g_auto(GStrv) listed = g_strsplit (valid_cases[j].codes, " ", 0);

      for (guint k = 0; listed[k] != NULL; k++)
        if (sw_validator_find_rule (listed[k]) == NULL)
          g_error ("Valid case %u names the unknown rule %s", j, listed[k]);
    }
}

static void
test_sorted_and_complete (void)
{
  const char *json =
    "{\"StartAt\": \"A\", \"Comment\": 1, \"States\": {\n"
    "  \"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"},\n"
    "  \"B\": {\"Type\": \"Tsk\"}}}";
  g_autoptr(GPtrArray) diagnostics = validate_snippet (json, 0);

  /* One finding per problem, all of them, in order. */
  g_assert_cmpuint (diagnostics->len, ==, 4);
  for (guint i = 1; i < diagnostics->len; i++)
    g_assert_cmpint (sw_diagnostic_compare (&g_ptr_array_index (diagnostics, i - 1),
                                            &g_ptr_array_index (diagnostics, i)), <=, 0);

  g_assert_cmpstr (((SwDiagnostic *) g_ptr_array_index (diagnostics, 0))->code, ==,
                   "field-type");
  g_assert_cmpstr (((SwDiagnostic *) g_ptr_array_index (diagnostics, 1))->code, ==,
                   "transition-target-missing");
  g_assert_cmpstr (((SwDiagnostic *) g_ptr_array_index (diagnostics, 2))->code, ==,
                   "state-unreachable");
  g_assert_cmpstr (((SwDiagnostic *) g_ptr_array_index (diagnostics, 3))->code, ==,
                   "state-type-unknown");
}

static void
test_suggestions (void)
{
  const char *json =
    "{\"StartAt\": \"Train\", \"States\": {\n"
    "  \"Train\": {\"Type\": \"Pass\", \"Next\": \"train\", \"Resutl\": 1},\n"
    "  \"train\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
    "    \"Retry\": [{\"ErrorEquals\": [\"States.TimeOut\"]}], \"End\": true}}}";
  g_autoptr(GPtrArray) diagnostics = validate_snippet (json, 0);
  gboolean field = FALSE, error = FALSE;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const SwDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (strcmp (d->code, "field-unknown") == 0)
        field = strstr (d->message, "“Result”") != NULL;
      if (strcmp (d->code, "error-name-unknown") == 0)
        error = strstr (d->message, "“States.Timeout”") != NULL;
    }
  g_assert_true (field);
  g_assert_true (error);
}

/* Variables are refused where Step Functions refuses them, with a message that says so. */
static void
test_variable_messages (void)
{
  static const struct
  {
    const char *json;
    const char *code;
    const char *message;
  } cases[] = {
    { "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"ResultPath\": \"$v.x\",\n"
      "  \"End\": true}}}",
      "path-invalid",
      "“$v.x” of “ResultPath” is not a valid reference path: The variable “$v” cannot be used "
      "here at offset 0" },
    { "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\n"
      "  \"x.$\": \"$states.input\"}, \"End\": true}}}",
      "path-invalid",
      "“$states.input” of “x.$” is neither a valid path nor an intrinsic function: “$states” is "
      "reserved for JSONata; JSONPath cannot read it at offset 0" },
    { "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\n"
      "  \"x.$\": \"States.Format('{}', $v, $w)\"}, \"End\": true}}}",
      "intrinsic-invalid",
      "“States.Format('{}', $v, $w)” is not a valid intrinsic function call: The template of "
      "States.Format has 1 placeholders “{}”, but 2 values follow it at offset 14" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) diagnostics = validate_snippet (cases[i].json, 0);
      const SwDiagnostic *d;

      g_test_message ("%s", cases[i].json);
      g_assert_cmpuint (diagnostics->len, ==, 1);
      d = g_ptr_array_index (diagnostics, 0);
      g_assert_cmpstr (d->code, ==, cases[i].code);
      g_assert_cmpstr (d->message, ==, cases[i].message);
    }
}

/* A JSONata error is placed inside the string through its escapes and multi-byte characters
 * (columns count characters), with the JSONata code in the message. */
static void
test_jsonata_positions (void)
{
  const char *json =
    "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\n"
    "  \"A\": {\"Type\": \"Pass\", \"Output\": "
    "\"{% \\\"\u00e9\\t\U0001F600\\u0001\\\" & foo bar %}\",\n"
    "    \"Assign\": {\"v\": \"{% $x.( %}\"}, \"End\": true}}}";
  g_autoptr(GPtrArray) diagnostics = validate_snippet (json, 0);
  const SwDiagnostic *d;

  g_test_message ("%s", json);
  g_assert_cmpuint (diagnostics->len, ==, 2);

  d = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpstr (d->code, ==, "jsonata-syntax");
  g_assert_cmpint (d->severity, ==, SW_SEVERITY_ERROR);
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpuint (d->column, ==, 60);
  g_assert_cmpstr (d->pointer, ==, "/States/A/Output");
  g_assert_nonnull (strstr (d->message, "S0201"));
  g_assert_nonnull (strstr (d->message, "bar"));

  /* At the end of the expression: the closing delimiter. */
  d = g_ptr_array_index (diagnostics, 1);
  g_assert_cmpstr (d->code, ==, "jsonata-syntax");
  g_assert_cmpuint (d->line, ==, 3);
  g_assert_cmpuint (d->column, ==, 30);
  g_assert_cmpstr (d->pointer, ==, "/States/A/Assign/v");
  g_assert_nonnull (strstr (d->message, "S0203"));
}

/* Escapes JSON writers don't use (`\/`, `\u00e9`, a surrogate pair) take more columns than
 * the character they stand for: positions come from the string as written. Columns count
 * characters (code points), as the reader and the code view do: `😀` written as is takes
 * one column, written `\ud83d\ude00` twelve. */
static void
test_escape_positions (void)
{
  const char *json =
    "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\n"
    "  \"A\": {\"Type\": \"Pass\", \"Output\": "
    "\"{% '\\/\\u00e9\\\"\\n\\ud83d\\ude00\u00e9\U0001F600' & foo bar %}\",\n"
    "    \"Assign\": {\"v\": \"{% ['\\u0041\\/\\t', '\U0001F600', $nope] %}\"}, "
    "\"End\": true}}}";
  g_autoptr(GPtrArray) diagnostics = validate_snippet (json, 0);
  g_autofree char *report = describe (diagnostics);
  const SwDiagnostic *d;

  g_test_message ("%s\n%s", json, report);
  g_assert_cmpuint (diagnostics->len, ==, 2);

  d = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpstr (d->code, ==, "jsonata-syntax");
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpuint (d->column, ==, 74);

  d = g_ptr_array_index (diagnostics, 1);
  g_assert_cmpstr (d->code, ==, "variable-unassigned");
  g_assert_cmpuint (d->line, ==, 3);
  g_assert_cmpuint (d->column, ==, 45);
  g_assert_cmpstr (d->pointer, ==, "/States/A/Assign/v");
}

/* YAML: plain, single-quoted (with ''), double-quoted (with escapes), literal and folded
 * block scalars are all placed exactly, lines included. */
static void
test_yaml_positions (void)
{
  const char *yaml =
    "QueryLanguage: JSONPath\n"
    "StartAt: A\n"
    "States:\n"
    "  A:\n"
    "    Type: Pass\n"
    "    Parameters:\n"
    "      a.$: $nope1\n"
    "      b.$: 'States.Format(''{}\u00e9'', $nope2)'\n"
    "      c.$: !!str &anchor $nope6\n"
    "    Next: B\n"
    "  B:\n"
    "    Type: Pass\n"
    "    QueryLanguage: JSONata\n"
    "    Output: \"{% '\\u00e9\\t\\\"\U0001F600' & $nope3 %}\"\n"
    "    Assign:\n"
    "      v: |-\n"
    "        {% (\n"
    "          $x := '\u00e9';\n"
    "          $x & $nope4 ) %}\n"
    "      w: >-\n"
    "        {% 1 +\n"
    "        $nope5 %}\n"
    "    End: true\n";
  static const struct
  {
    guint line;
    guint column;
    const char *pointer;
  } expected[] = {
    { 7, 12, "/States/A/Parameters/a.$" },
    { 8, 36, "/States/A/Parameters/b.$" },
    { 9, 26, "/States/A/Parameters/c.$" },
    { 14, 33, "/States/B/Output" },
    { 19, 16, "/States/B/Assign/v" },
    { 22, 9, "/States/B/Assign/w" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = sw_yaml_parse (yaml, -1, NULL, NULL, &error);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *report = NULL;

  g_assert_no_error (error);
  diagnostics = sw_validate (root);
  report = describe (diagnostics);
  g_test_message ("%s\n%s", yaml, report);
  g_assert_cmpuint (diagnostics->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SwDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_assert_cmpstr (d->code, ==, "variable-unassigned");
      g_assert_cmpuint (d->line, ==, expected[i].line);
      g_assert_cmpuint (d->column, ==, expected[i].column);
      g_assert_cmpstr (d->pointer, ==, expected[i].pointer);
    }
}

/* Variables: what each state may see, where the reads are, and which rule applies. */
static void
test_variable_flow (void)
{
  const char *json =
    "{\"StartAt\": \"A\", \"States\": {\n"
    "  \"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
    "    \"Assign\": {\"x.$\": \"$.x\"},\n"
    "    \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Assign\": {\"e.$\": \"$.Error\"},\n"
    "      \"Next\": \"H\"}], \"Next\": \"M\"},\n"
    "  \"H\": {\"Type\": \"Pass\", \"Parameters\": {\"e.$\": \"$e\", \"x.$\": \"$x\"}, "
    "\"End\": true},\n"
    "  \"M\": {\"Type\": \"Map\", \"ItemSelector\": {\"x.$\": \"$x\"}, \"ItemProcessor\": {\n"
    "    \"StartAt\": \"I\", \"States\": {\"I\": {\"Type\": \"Pass\", "
    "\"QueryLanguage\": \"JSONata\",\n"
    "      \"Assign\": {\"inner\": 1}, \"Output\": \"{% $x + $e %}\", \"End\": true}}},\n"
    "    \"Next\": \"Z\"},\n"
    "  \"Z\": {\"Type\": \"Pass\", \"Parameters\": {\"i.$\": \"$inner\", \"u.$\": \"$unknown\"},\n"
    "    \"End\": true}}}";
  static const struct
  {
    const char *code;
    guint line;
    guint column;
    const char *pointer;
  } expected[] = {
    { "variable-used-before-assignment", 6, 61, "/States/H/Parameters/x.$" },
    { "variable-used-before-assignment", 9, 50, "/States/M/ItemProcessor/States/I/Output" },
    { "variable-out-of-scope", 11, 48, "/States/Z/Parameters/i.$" },
    { "variable-unassigned", 11, 65, "/States/Z/Parameters/u.$" },
  };
  g_autoptr(GPtrArray) diagnostics = validate_snippet (json, 0);
  g_autofree char *report = describe (diagnostics);

  g_test_message ("%s\n%s", json, report);
  g_assert_cmpuint (diagnostics->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SwDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_assert_cmpstr (d->code, ==, expected[i].code);
      g_assert_cmpuint (d->line, ==, expected[i].line);
      g_assert_cmpuint (d->column, ==, expected[i].column);
      g_assert_cmpstr (d->pointer, ==, expected[i].pointer);
    }
}

/* Realistic definitions from tests/asl/data/valid must raise no error. */
static void
test_valid_files (void)
{
  const char *source_dir = g_getenv ("SW_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (source_dir == NULL)
    {
      g_test_skip ("SW_SOURCE_DIR is not set");
      return;
    }

  path = g_build_filename (source_dir, "tests", "asl", "data", "valid", NULL);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".asl.json"))
      g_ptr_array_add (names, g_strdup (name));

  if (names->len == 0)
    {
      g_test_skip ("No definitions in tests/asl/data/valid");
      return;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SwValue) root = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      gsize length = 0;
      guint line = 0, column = 0;

      g_assert_true (g_file_get_contents (file, &contents, &length, &error));
      root = sw_json_parse (contents, length, &line, &column, &error);
      g_assert_no_error (error);

      diagnostics = sw_validate_full (root, length);
      for (guint j = 0; j < diagnostics->len; j++)
        {
          const SwDiagnostic *d = g_ptr_array_index (diagnostics, j);
          g_autofree char *text = sw_diagnostic_format (d, g_ptr_array_index (names, i));

          if (d->severity == SW_SEVERITY_ERROR)
            g_error ("False alarm: %s", text);
          g_test_message ("%s", text);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/validator/rules-covered", test_rules_covered);
  g_test_add_func ("/asl/validator/sorted-and-complete", test_sorted_and_complete);
  g_test_add_func ("/asl/validator/suggestions", test_suggestions);
  g_test_add_func ("/asl/validator/variable-messages", test_variable_messages);
  g_test_add_func ("/asl/validator/jsonata-positions", test_jsonata_positions);
  g_test_add_func ("/asl/validator/escape-positions", test_escape_positions);
  g_test_add_func ("/asl/validator/yaml-positions", test_yaml_positions);
  g_test_add_func ("/asl/validator/variable-flow", test_variable_flow);
  g_test_add_func ("/asl/validator/valid-files", test_valid_files);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *name = NULL;
      guint n = 0;

      for (guint j = 0; j < i; j++)
        n += strcmp (invalid_cases[j].code, invalid_cases[i].code) == 0;
      name = g_strdup_printf ("/asl/validator/invalid/%s/%u", invalid_cases[i].code, n);
      g_test_add_data_func (name, &invalid_cases[i], test_invalid_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/asl/validator/valid/%u", i);

      g_test_add_data_func (name, &valid_cases[i], test_valid_case);
    }

  return g_test_run ();
}
