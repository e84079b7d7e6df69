/* gen-machine.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writes a realistic, valid state machine of exactly N states (nested ones included) to
 * standard output, the same bytes for the same N and seed:
 *
 *     gen-machine N [SEED]
 *
 * The mix is what ML pipelines look like: Lambda and SageMaker tasks with `.$` parameters
 * and intrinsic functions, Retry and Catch, Choice states with compound rules, Wait, Pass,
 * Parallel branches and inline Map processors with their own states, Succeed and Fail. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw-json.h"
#include "sw-value.h"

#define MAX_DEPTH 3

typedef enum
{
  KIND_LAMBDA,
  KIND_TRAINING,
  KIND_TRANSFORM,
  KIND_MODEL,
  KIND_CHOICE,
  KIND_WAIT,
  KIND_PASS,
  KIND_PARALLEL,
  KIND_MAP,
  KIND_SUCCEED,
  KIND_FAIL,
} Kind;

static const char *kind_names[] = {
  "InvokeLambda", "TrainModel", "BatchTransform", "CreateModel", "CheckMetrics", "Cooldown",
  "Prepare", "FanOut", "ForEachShard", "Done", "HandleFailure",
};

typedef struct
{
  guint64 state;
  guint counter;
} Gen;

typedef struct
{
  Kind kind;
  char *name;
  guint nested;     /* states inside a Parallel or Map */
} Slot;

static guint64
next_random (Gen *gen)
{
  /* splitmix64: tiny, and the same everywhere */
  guint64 z = (gen->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint
random_below (Gen   *gen,
              guint  n)
{
  return (guint) (next_random (gen) % n);
}

static void
set (SwValue    *object,
     const char *key,
     SwValue    *value)
{
  sw_value_object_append (object, key, 0, 0, value);
}

static void
set_str (SwValue    *object,
         const char *key,
         const char *text)
{
  set (object, key, sw_value_new_string (text));
}

static void
set_int (SwValue    *object,
         const char *key,
         gint64      n)
{
  set (object, key, sw_value_new_int (n));
}

static SwValue *
string_array (const char *first,
              ...)
{
  SwValue *array = sw_value_new_array ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    sw_value_array_append (array, sw_value_new_string (s));
  va_end (args);
  return array;
}

static SwValue *
make_retry (Gen        *gen,
            const char *error)
{
  SwValue *retry = sw_value_new_array ();
  SwValue *rule = sw_value_new_object ();

  set (rule, "ErrorEquals", string_array (error, "States.Timeout", NULL));
  set_int (rule, "IntervalSeconds", 1 + random_below (gen, 10));
  set_int (rule, "MaxAttempts", 2 + random_below (gen, 4));
  set (rule, "BackoffRate", sw_value_new_number ("2.0"));
  sw_value_array_append (retry, rule);
  return retry;
}

static SwValue *
make_catch (const char *target)
{
  SwValue *catchers = sw_value_new_array ();
  SwValue *catcher = sw_value_new_object ();

  set (catcher, "ErrorEquals", string_array ("States.ALL", NULL));
  set_str (catcher, "ResultPath", "$.error");
  set_str (catcher, "Next", target);
  sw_value_array_append (catchers, catcher);
  return catchers;
}

static SwValue *build_scope (Gen *gen, guint n, guint depth, char **start_at);

static SwValue *
make_task (Gen        *gen,
           Kind        kind,
           guint       id,
           const char *fail)
{
  SwValue *state = sw_value_new_object ();
  SwValue *params = sw_value_new_object ();
  g_autofree char *result_path = g_strdup_printf ("$.results.s%u", id);

  set_str (state, "Type", "Task");
  switch (kind)
    {
    case KIND_LAMBDA:
      {
        SwValue *payload = sw_value_new_object ();
        SwValue *selector = sw_value_new_object ();
        g_autofree char *function = g_strdup_printf (
          "arn:aws:lambda:us-east-1:123456789012:function:preprocess-%u", id % 97);

        set_str (state, "Resource", "arn:aws:states:::lambda:invoke");
        set_str (params, "FunctionName", function);
        set_str (payload, "input.$", "$");
        set_int (payload, "step", id);
        set_str (payload, "requestId.$", "States.UUID()");
        set_str (payload, "execution.$", "$$.Execution.Id");
        set (params, "Payload", payload);
        set_str (selector, "body.$", "$.Payload");
        set_str (selector, "status.$", "$.StatusCode");
        set (state, "Parameters", params);
        set (state, "ResultSelector", selector);
        set_str (state, "ResultPath", result_path);
        set_int (state, "TimeoutSeconds", 300);
        set (state, "Retry", make_retry (gen, "Lambda.ServiceException"));
      }
      break;

    case KIND_TRAINING:
      {
        SwValue *algorithm = sw_value_new_object ();
        SwValue *hyper = sw_value_new_object ();
        SwValue *channels = sw_value_new_array ();
        SwValue *channel = sw_value_new_object ();
        SwValue *source = sw_value_new_object ();
        SwValue *s3 = sw_value_new_object ();
        SwValue *output = sw_value_new_object ();
        SwValue *resources = sw_value_new_object ();
        SwValue *stopping = sw_value_new_object ();
        g_autofree char *job = g_strdup_printf ("States.Format('train-%u-{}', "
                                                "$$.Execution.Name)", id);

        set_str (state, "Resource", "arn:aws:states:::sagemaker:createTrainingJob.sync");
        set_str (params, "TrainingJobName.$", job);
        set_str (params, "RoleArn",
                 "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole");
        set_str (algorithm, "TrainingImage",
                 "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-cpu-py310");
        set_str (algorithm, "TrainingInputMode", "File");
        set (params, "AlgorithmSpecification", algorithm);
        set_str (hyper, "epochs.$", "States.Format('{}', $.config.epochs)");
        set_str (hyper, "lr", "0.01");
        set_str (hyper, "batch-size", "64");
        set_str (hyper, "sagemaker_program", "mnist.py");
        set (params, "HyperParameters", hyper);
        set_str (s3, "S3DataType", "S3Prefix");
        set_str (s3, "S3Uri.$", "$.dataset.uri");
        set_str (s3, "S3DataDistributionType", "FullyReplicated");
        set (source, "S3DataSource", s3);
        set_str (channel, "ChannelName", "training");
        set (channel, "DataSource", source);
        sw_value_array_append (channels, channel);
        set (params, "InputDataConfig", channels);
        set_str (output, "S3OutputPath.$", "States.Format('s3://models/{}', $$.Execution.Name)");
        set (params, "OutputDataConfig", output);
        set_int (resources, "InstanceCount", 1);
        set_str (resources, "InstanceType", "ml.m5.xlarge");
        set_int (resources, "VolumeSizeInGB", 10);
        set (params, "ResourceConfig", resources);
        set_int (stopping, "MaxRuntimeInSeconds", 3600);
        set (params, "StoppingCondition", stopping);
        set (state, "Parameters", params);
        set_str (state, "ResultPath", result_path);
        set (state, "Retry", make_retry (gen, "SageMaker.AmazonSageMakerException"));
      }
      break;

    case KIND_TRANSFORM:
      {
        SwValue *input = sw_value_new_object ();
        SwValue *source = sw_value_new_object ();
        SwValue *s3 = sw_value_new_object ();
        SwValue *output = sw_value_new_object ();
        SwValue *resources = sw_value_new_object ();

        set_str (state, "Resource", "arn:aws:states:::sagemaker:createTransformJob.sync");
        set_str (params, "TransformJobName.$",
                 "States.Format('transform-{}', States.UUID())");
        set_str (params, "ModelName.$", "$.model.name");
        set_str (s3, "S3DataType", "S3Prefix");
        set_str (s3, "S3Uri.$", "$.batch.input");
        set (source, "S3DataSource", s3);
        set (input, "DataSource", source);
        set_str (input, "ContentType", "text/csv");
        set (params, "TransformInput", input);
        set_str (output, "S3OutputPath.$", "$.batch.output");
        set (params, "TransformOutput", output);
        set_int (resources, "InstanceCount", 1);
        set_str (resources, "InstanceType", "ml.m5.large");
        set (params, "TransformResources", resources);
        set (state, "Parameters", params);
        set_str (state, "ResultPath", result_path);
        set (state, "Retry", make_retry (gen, "SageMaker.AmazonSageMakerException"));
      }
      break;

    case KIND_MODEL:
    default:
      {
        SwValue *container = sw_value_new_object ();

        set_str (state, "Resource", "arn:aws:states:::sagemaker:createModel");
        set_str (params, "ModelName.$", "States.Format('model-{}', $$.Execution.Name)");
        set_str (params, "ExecutionRoleArn",
                 "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole");
        set_str (container, "Image",
                 "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310");
        set_str (container, "ModelDataUrl.$", "$.training.ModelArtifacts.S3ModelArtifacts");
        set (params, "PrimaryContainer", container);
        set (state, "Parameters", params);
        set_str (state, "ResultPath", "$.model");
      }
      break;
    }

  if (fail != NULL)
    set (state, "Catch", make_catch (fail));
  return state;
}

static SwValue *
make_choice (Gen        *gen,
             const char *next,
             const char *skip)
{
  SwValue *state = sw_value_new_object ();
  SwValue *choices = sw_value_new_array ();
  guint n = 2 + random_below (gen, 3);

  set_str (state, "Type", "Choice");
  for (guint i = 0; i < n; i++)
    {
      SwValue *rule = sw_value_new_object ();
      const char *target = (i % 2 == 0) ? skip : next;

      switch ((i + random_below (gen, 5)) % 5)
        {
        case 0:
          set_str (rule, "Variable", "$.metrics.accuracy");
          set (rule, "NumericGreaterThanEquals", sw_value_new_number ("0.9"));
          break;
        case 1:
          {
            SwValue *all = sw_value_new_array ();
            SwValue *a = sw_value_new_object ();
            SwValue *b = sw_value_new_object ();

            set_str (a, "Variable", "$.status");
            set_str (a, "StringEquals", "Completed");
            set_str (b, "Variable", "$.retries");
            set_int (b, "NumericLessThan", 3);
            sw_value_array_append (all, a);
            sw_value_array_append (all, b);
            set (rule, "And", all);
          }
          break;
        case 2:
          {
            SwValue *inner = sw_value_new_object ();

            set_str (inner, "Variable", "$.skipDeploy");
            set (inner, "BooleanEquals", sw_value_new_boolean (TRUE));
            set (rule, "Not", inner);
          }
          break;
        case 3:
          set_str (rule, "Variable", "$.model.name");
          set (rule, "IsPresent", sw_value_new_boolean (TRUE));
          break;
        default:
          {
            SwValue *any = sw_value_new_array ();
            SwValue *a = sw_value_new_object ();
            SwValue *b = sw_value_new_object ();

            set_str (a, "Variable", "$.stage");
            set_str (a, "StringMatches", "prod-*");
            set_str (b, "Variable", "$.metrics.loss");
            set_str (b, "NumericLessThanPath", "$.thresholds.loss");
            sw_value_array_append (any, a);
            sw_value_array_append (any, b);
            set (rule, "Or", any);
          }
          break;
        }
      set_str (rule, "Next", target);
      sw_value_array_append (choices, rule);
    }
  set (state, "Choices", choices);
  set_str (state, "Default", next);
  return state;
}

static SwValue *
make_pass (Gen   *gen,
           guint  id)
{
  SwValue *state = sw_value_new_object ();
  SwValue *params = sw_value_new_object ();
  g_autofree char *result_path = g_strdup_printf ("$.prepared.s%u", id);

  set_str (state, "Type", "Pass");
  set_str (params, "shards.$", "States.ArrayPartition($.items, 4)");
  set_str (params, "count.$", "States.ArrayLength($.items)");
  set_str (params, "next.$", "States.MathAdd($.iteration, 1)");
  set_str (params, "config.$", "States.StringToJson($.configJson)");
  set_str (params, "key.$", "States.Hash($.dataset.uri, 'SHA-256')");
  if (random_below (gen, 2) == 0)
    set_str (params, "tags.$", "States.Array($.project, $.stage, 'stepwise')");
  set_int (params, "step", id);
  set (state, "Parameters", params);
  set_str (state, "ResultPath", result_path);
  return state;
}

static SwValue *
make_wait (Gen *gen)
{
  SwValue *state = sw_value_new_object ();

  set_str (state, "Type", "Wait");
  if (random_below (gen, 2) == 0)
    set_int (state, "Seconds", 5 + random_below (gen, 60));
  else
    set_str (state, "SecondsPath", "$.waitSeconds");
  return state;
}

/* Splits n nested states over branches of at least two states each. */
static SwValue *
make_parallel (Gen        *gen,
               guint       n,
               guint       depth,
               const char *fail)
{
  SwValue *state = sw_value_new_object ();
  SwValue *branches = sw_value_new_array ();
  guint n_branches = MIN (2 + random_below (gen, 2), n / 2);

  set_str (state, "Type", "Parallel");
  for (guint i = 0; i < n_branches; i++)
    {
      guint size = i + 1 == n_branches ? n : n / (n_branches - i);
      g_autofree char *start_at = NULL;
      SwValue *branch = sw_value_new_object ();
      SwValue *states = build_scope (gen, size, depth + 1, &start_at);

      set_str (branch, "StartAt", start_at);
      set (branch, "States", states);
      sw_value_array_append (branches, branch);
      n -= size;
    }
  set (state, "Branches", branches);
  set_str (state, "ResultPath", "$.branches");
  set (state, "Retry", make_retry (gen, "States.TaskFailed"));
  if (fail != NULL)
    set (state, "Catch", make_catch (fail));
  return state;
}

static SwValue *
make_map (Gen        *gen,
          guint       n,
          guint       depth,
          const char *fail)
{
  SwValue *state = sw_value_new_object ();
  SwValue *processor = sw_value_new_object ();
  SwValue *config = sw_value_new_object ();
  SwValue *selector = sw_value_new_object ();
  g_autofree char *start_at = NULL;
  SwValue *states;

  set_str (state, "Type", "Map");
  set_str (state, "ItemsPath", "$.shards");
  set_int (state, "MaxConcurrency", 4);
  set_str (selector, "shard.$", "$$.Map.Item.Value");
  set_str (selector, "index.$", "$$.Map.Item.Index");
  set_str (selector, "bucket.$", "$.bucket");
  set (state, "ItemSelector", selector);
  set_str (config, "Mode", "INLINE");
  set (processor, "ProcessorConfig", config);
  states = build_scope (gen, n, depth + 1, &start_at);
  set_str (processor, "StartAt", start_at);
  set (processor, "States", states);
  set (state, "ItemProcessor", processor);
  set_str (state, "ResultPath", "$.shardResults");
  if (fail != NULL)
    set (state, "Catch", make_catch (fail));
  return state;
}

static char *
make_name (Gen  *gen,
           Kind  kind)
{
  return g_strdup_printf ("S%05u-%s", ++gen->counter, kind_names[kind]);
}

/* A scope of exactly n states: work states in a chain, then Succeed, then (when a task can
 * catch into it) Fail. Choice states jump forward only, so every state is reachable and
 * every path ends. */
static SwValue *
build_scope (Gen    *gen,
             guint   n,
             guint   depth,
             char  **start_at)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  SwValue *states = sw_value_new_object ();
  gboolean with_fail = n >= 3;
  guint remaining;
  const char *fail = NULL;

  g_assert (n >= 1);

  remaining = n - 1 - (with_fail ? 1 : 0);
  while (remaining > 0)
    {
      Slot slot = { 0 };
      guint r = random_below (gen, 100);

      if (slots->len == 0 && with_fail)
        slot.kind = KIND_LAMBDA;          /* something must catch into Fail */
      else if (r < 24)
        slot.kind = KIND_LAMBDA;
      else if (r < 34)
        slot.kind = KIND_TRAINING;
      else if (r < 40)
        slot.kind = KIND_TRANSFORM;
      else if (r < 46)
        slot.kind = KIND_MODEL;
      else if (r < 60)
        slot.kind = KIND_CHOICE;
      else if (r < 68)
        slot.kind = KIND_WAIT;
      else if (r < 84)
        slot.kind = KIND_PASS;
      else if (r < 92)
        slot.kind = KIND_PARALLEL;
      else
        slot.kind = KIND_MAP;

      if (slot.kind == KIND_PARALLEL || slot.kind == KIND_MAP)
        {
          guint most = MIN (remaining - 1, 6 + 30 / (depth + 1));

          if (depth >= MAX_DEPTH || most < 4)
            slot.kind = KIND_PASS;
          else
            slot.nested = 4 + random_below (gen, most - 3);
        }

      slot.name = make_name (gen, slot.kind);
      remaining -= 1 + slot.nested;
      g_array_append_val (slots, slot);
    }

  {
    Slot done = { KIND_SUCCEED, make_name (gen, KIND_SUCCEED), 0 };

    g_array_append_val (slots, done);
  }
  if (with_fail)
    {
      Slot failure = { KIND_FAIL, make_name (gen, KIND_FAIL), 0 };

      g_array_append_val (slots, failure);
      fail = failure.name;
    }

  for (guint i = 0; i < slots->len; i++)
    {
      Slot *slot = &g_array_index (slots, Slot, i);
      guint n_work = slots->len - (with_fail ? 2 : 1);
      const char *next = i + 1 <= n_work ? g_array_index (slots, Slot, i + 1).name : NULL;
      const char *skip = i + 2 <= n_work ? g_array_index (slots, Slot, i + 2).name : next;
      SwValue *state;

      switch (slot->kind)
        {
        case KIND_LAMBDA:
        case KIND_TRAINING:
        case KIND_TRANSFORM:
        case KIND_MODEL:
          state = make_task (gen, slot->kind, gen->counter + i, fail);
          break;
        case KIND_CHOICE:
          state = make_choice (gen, next, skip);
          break;
        case KIND_WAIT:
          state = make_wait (gen);
          break;
        case KIND_PASS:
          state = make_pass (gen, i);
          break;
        case KIND_PARALLEL:
          state = make_parallel (gen, slot->nested, depth, fail);
          break;
        case KIND_MAP:
          state = make_map (gen, slot->nested, depth, fail);
          break;
        case KIND_SUCCEED:
          state = sw_value_new_object ();
          set_str (state, "Type", "Succeed");
          break;
        case KIND_FAIL:
        default:
          state = sw_value_new_object ();
          set_str (state, "Type", "Fail");
          set_str (state, "Error", "PipelineFailed");
          set_str (state, "Cause", "A step of the pipeline failed");
          break;
        }

      if (slot->kind != KIND_CHOICE && slot->kind != KIND_SUCCEED && slot->kind != KIND_FAIL)
        set_str (state, "Next", next);
      set (states, slot->name, state);
    }

  *start_at = g_strdup (g_array_index (slots, Slot, 0).name);
  for (guint i = 0; i < slots->len; i++)
    g_free (g_array_index (slots, Slot, i).name);
  return states;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SwValue) root = sw_value_new_object ();
  g_autofree char *start_at = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *text = NULL;
  Gen gen = { 0 };
  SwValue *states;
  gsize length;
  long n = 0;

  if (argc < 2 || argc > 3 || (n = strtol (argv[1], NULL, 10)) < 1 || n > 1000000)
    {
      fprintf (stderr, "Usage: gen-machine N [SEED]  (1 <= N <= 1000000)\n");
      return 2;
    }
  gen.state = argc == 3 ? g_ascii_strtoull (argv[2], NULL, 10) : 42;

  comment = g_strdup_printf ("Generated ML pipeline with %ld states (seed %" G_GUINT64_FORMAT
                             ")", n, gen.state);
  set_str (root, "Comment", comment);
  states = build_scope (&gen, (guint) n, 0, &start_at);
  set_str (root, "StartAt", start_at);
  set_int (root, "TimeoutSeconds", 86400);
  set (root, "States", states);

  text = sw_json_write (root, SW_JSON_WRITE_DEFAULT, &length);
  if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      perror ("gen-machine");
      return 2;
    }
  return 0;
}
