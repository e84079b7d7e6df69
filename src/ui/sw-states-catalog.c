/* sw-states-catalog.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-machine.h"
#include "sw-states-catalog.h"

/* The fragments are written in JSONPath form with ` for " so that they stay readable in C;
 * JSONata forms are derived by sw_states_catalog_to_jsonata(). Parameter names follow the
 * service API references; account, region and names are placeholders to replace.
 */
#define ROLE "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole"
#define TRAINING_IMAGE \
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-cpu-py310"
#define INFERENCE_IMAGE \
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310"

#define TRAINING_JOB_PARAMETERS(name) \
  "`TrainingJobName.$`: `States.Format('" name "-{}', $$.Execution.Name)`," \
  "`RoleArn`: `" ROLE "`," \
  "`AlgorithmSpecification`: {`TrainingImage`: `" TRAINING_IMAGE "`," \
  "  `TrainingInputMode`: `File`}," \
  "`HyperParameters`: {`epochs`: `2`, `sagemaker_program`: `train.py`}," \
  "`InputDataConfig`: [{`ChannelName`: `training`, `DataSource`: {`S3DataSource`: {" \
  "  `S3DataType`: `S3Prefix`, `S3Uri`: `s3://my-bucket/training/`," \
  "  `S3DataDistributionType`: `FullyReplicated`}}}]," \
  "`OutputDataConfig`: {`S3OutputPath`: `s3://my-bucket/output/`}," \
  "`ResourceConfig`: {`InstanceCount`: 1, `InstanceType`: `ml.m5.xlarge`," \
  "  `VolumeSizeInGB`: 10}," \
  "`StoppingCondition`: {`MaxRuntimeInSeconds`: 3600}"

#define CREATE_MODEL_PARAMETERS(artifacts) \
  "`ModelName.$`: `States.Format('model-{}', $$.Execution.Name)`," \
  "`ExecutionRoleArn`: `" ROLE "`," \
  "`PrimaryContainer`: {`Image`: `" INFERENCE_IMAGE "`," \
  "  `ModelDataUrl.$`: `" artifacts "`}"

#define ENDPOINT_CONFIG_PARAMETERS \
  "`EndpointConfigName.$`: `States.Format('config-{}', $$.Execution.Name)`," \
  "`ProductionVariants`: [{`VariantName`: `AllTraffic`," \
  "  `ModelName.$`: `States.Format('model-{}', $$.Execution.Name)`," \
  "  `InitialInstanceCount`: 1, `InstanceType`: `ml.m5.large`, `InitialVariantWeight`: 1}]"

#define ENDPOINT_PARAMETERS \
  "`EndpointName.$`: `States.Format('endpoint-{}', $$.Execution.Name)`," \
  "`EndpointConfigName.$`: `States.Format('config-{}', $$.Execution.Name)`"

static const SwStatesCatalogEntry entries[] = {
  /* Flow */
  { "flow-pass", SW_STATES_CATALOG_FLOW, N_("Pass"), N_("Pass input to output, or inject data"),
    "go-next-symbolic", "pass inject result",
    "{`Pass`: {`Type`: `Pass`, `End`: true}}" },
  { "flow-choice", SW_STATES_CATALOG_FLOW, N_("Choice"), N_("Branch on the input"),
    "media-playlist-shuffle-symbolic", "choice if branch rule condition",
    "{`Choice`: {`Type`: `Choice`, `Choices`: [{`Variable`: `$.status`,"
    " `StringEquals`: `ready`, `Next`: `Rule 1`}], `Default`: `Default rule`},"
    " `Rule 1`: {`Type`: `Pass`, `End`: true},"
    " `Default rule`: {`Type`: `Pass`, `End`: true}}" },
  { "flow-wait", SW_STATES_CATALOG_FLOW, N_("Wait"), N_("Pause for a time or until a date"),
    "alarm-symbolic", "wait delay sleep timer",
    "{`Wait`: {`Type`: `Wait`, `Seconds`: 5, `End`: true}}" },
  { "flow-parallel", SW_STATES_CATALOG_FLOW, N_("Parallel"), N_("Run branches at the same time"),
    "view-dual-symbolic", "parallel branches concurrent fork join",
    "{`Parallel`: {`Type`: `Parallel`, `Branches`: ["
    "{`StartAt`: `Branch 1`, `States`: {`Branch 1`: {`Type`: `Pass`, `End`: true}}},"
    "{`StartAt`: `Branch 2`, `States`: {`Branch 2`: {`Type`: `Pass`, `End`: true}}}],"
    " `End`: true}}" },
  { "flow-map", SW_STATES_CATALOG_FLOW, N_("Map"), N_("Run the same steps for each item"),
    "view-grid-symbolic", "map loop foreach iterate items",
    "{`Map`: {`Type`: `Map`, `ItemsPath`: `$.items`, `ItemProcessor`: {"
    "`ProcessorConfig`: {`Mode`: `INLINE`}, `StartAt`: `Process item`,"
    " `States`: {`Process item`: {`Type`: `Pass`, `End`: true}}},"
    " `MaxConcurrency`: 10, `End`: true}}" },
  { "flow-succeed", SW_STATES_CATALOG_FLOW, N_("Succeed"), N_("Stop and report success"),
    "emblem-ok-symbolic", "succeed success stop end",
    "{`Success`: {`Type`: `Succeed`}}" },
  { "flow-fail", SW_STATES_CATALOG_FLOW, N_("Fail"), N_("Stop and report an error"),
    "dialog-error-symbolic", "fail error stop abort",
    "{`Fail`: {`Type`: `Fail`, `Error`: `WorkflowFailed`,"
    " `Cause`: `The workflow could not go on`}}" },

  /* Actions: SageMaker first */
  { "sagemaker-create-training-job", SW_STATES_CATALOG_ACTIONS, N_("CreateTrainingJob"),
    N_("Amazon SageMaker"), "applications-science-symbolic", "sagemaker train training job ml",
    "{`CreateTrainingJob`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createTrainingJob.sync`,"
    " `Parameters`: {" TRAINING_JOB_PARAMETERS ("training") "}, `End`: true}}" },
  { "sagemaker-create-model", SW_STATES_CATALOG_ACTIONS, N_("CreateModel"),
    N_("Amazon SageMaker"), "applications-science-symbolic", "sagemaker model ml",
    "{`CreateModel`: {`Type`: `Task`, `Resource`: `arn:aws:states:::sagemaker:createModel`,"
    " `Parameters`: {" CREATE_MODEL_PARAMETERS ("$.ModelArtifacts.S3ModelArtifacts") "},"
    " `End`: true}}" },
  { "sagemaker-create-endpoint-config", SW_STATES_CATALOG_ACTIONS, N_("CreateEndpointConfig"),
    N_("Amazon SageMaker"), "applications-science-symbolic", "sagemaker endpoint config ml",
    "{`CreateEndpointConfig`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createEndpointConfig`,"
    " `Parameters`: {" ENDPOINT_CONFIG_PARAMETERS "}, `End`: true}}" },
  { "sagemaker-create-endpoint", SW_STATES_CATALOG_ACTIONS, N_("CreateEndpoint"),
    N_("Amazon SageMaker"), "applications-science-symbolic", "sagemaker endpoint deploy ml",
    "{`CreateEndpoint`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createEndpoint`,"
    " `Parameters`: {" ENDPOINT_PARAMETERS "}, `End`: true}}" },
  { "sagemaker-create-transform-job", SW_STATES_CATALOG_ACTIONS, N_("CreateTransformJob"),
    N_("Amazon SageMaker"), "applications-science-symbolic",
    "sagemaker batch transform inference ml",
    "{`CreateTransformJob`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createTransformJob.sync`,"
    " `Parameters`: {"
    "`TransformJobName.$`: `States.Format('transform-{}', $$.Execution.Name)`,"
    "`ModelName`: `my-model`,"
    "`TransformInput`: {`DataSource`: {`S3DataSource`: {`S3DataType`: `S3Prefix`,"
    "  `S3Uri`: `s3://my-bucket/batch-input/`}}, `ContentType`: `text/csv`,"
    "  `SplitType`: `Line`},"
    "`TransformOutput`: {`S3OutputPath`: `s3://my-bucket/batch-output/`},"
    "`TransformResources`: {`InstanceCount`: 1, `InstanceType`: `ml.m5.large`}},"
    " `End`: true}}" },
  { "sagemaker-create-processing-job", SW_STATES_CATALOG_ACTIONS, N_("CreateProcessingJob"),
    N_("Amazon SageMaker"), "applications-science-symbolic",
    "sagemaker processing preprocess evaluate ml",
    "{`CreateProcessingJob`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createProcessingJob.sync`,"
    " `Parameters`: {"
    "`ProcessingJobName.$`: `States.Format('processing-{}', $$.Execution.Name)`,"
    "`RoleArn`: `" ROLE "`,"
    "`AppSpecification`: {`ImageUri`: `" TRAINING_IMAGE "`,"
    "  `ContainerEntrypoint`: [`python3`, `/opt/ml/processing/input/code/preprocess.py`]},"
    "`ProcessingInputs`: [{`InputName`: `input`, `S3Input`: {"
    "  `S3Uri`: `s3://my-bucket/raw/`, `LocalPath`: `/opt/ml/processing/input`,"
    "  `S3DataType`: `S3Prefix`, `S3InputMode`: `File`}}],"
    "`ProcessingOutputConfig`: {`Outputs`: [{`OutputName`: `output`, `S3Output`: {"
    "  `S3Uri`: `s3://my-bucket/processed/`, `LocalPath`: `/opt/ml/processing/output`,"
    "  `S3UploadMode`: `EndOfJob`}}]},"
    "`ProcessingResources`: {`ClusterConfig`: {`InstanceCount`: 1,"
    "  `InstanceType`: `ml.m5.xlarge`, `VolumeSizeInGB`: 30}},"
    "`StoppingCondition`: {`MaxRuntimeInSeconds`: 3600}},"
    " `End`: true}}" },
  { "sagemaker-create-hyper-parameter-tuning-job", SW_STATES_CATALOG_ACTIONS,
    N_("CreateHyperParameterTuningJob"), N_("Amazon SageMaker"),
    "applications-science-symbolic", "sagemaker tuning hyperparameter hpo ml",
    "{`CreateHyperParameterTuningJob`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync`,"
    " `Parameters`: {"
    "`HyperParameterTuningJobName.$`: `States.Format('hpo-{}', $$.Execution.Name)`,"
    "`HyperParameterTuningJobConfig`: {`Strategy`: `Bayesian`,"
    "  `HyperParameterTuningJobObjective`: {`Type`: `Maximize`,"
    "    `MetricName`: `test:accuracy`},"
    "  `ResourceLimits`: {`MaxNumberOfTrainingJobs`: 10, `MaxParallelTrainingJobs`: 2},"
    "  `ParameterRanges`: {`ContinuousParameterRanges`: [{`Name`: `lr`,"
    "    `MinValue`: `0.001`, `MaxValue`: `0.1`, `ScalingType`: `Logarithmic`}]}},"
    "`TrainingJobDefinition`: {"
    "  `AlgorithmSpecification`: {`TrainingImage`: `" TRAINING_IMAGE "`,"
    "    `TrainingInputMode`: `File`, `MetricDefinitions`: [{`Name`: `test:accuracy`,"
    "    `Regex`: `Accuracy: ([0-9\\\\.]+)`}]},"
    "  `RoleArn`: `" ROLE "`,"
    "  `StaticHyperParameters`: {`epochs`: `2`, `sagemaker_program`: `train.py`},"
    "  `InputDataConfig`: [{`ChannelName`: `training`, `DataSource`: {`S3DataSource`: {"
    "    `S3DataType`: `S3Prefix`, `S3Uri`: `s3://my-bucket/training/`}}}],"
    "  `OutputDataConfig`: {`S3OutputPath`: `s3://my-bucket/tuning/`},"
    "  `ResourceConfig`: {`InstanceCount`: 1, `InstanceType`: `ml.m5.xlarge`,"
    "    `VolumeSizeInGB`: 10},"
    "  `StoppingCondition`: {`MaxRuntimeInSeconds`: 3600}}},"
    " `End`: true}}" },

  /* Actions: other services */
  { "lambda-invoke", SW_STATES_CATALOG_ACTIONS, N_("Lambda Invoke"), N_("AWS Lambda"),
    "system-run-symbolic", "lambda function invoke serverless",
    "{`Lambda Invoke`: {`Type`: `Task`, `Resource`: `arn:aws:states:::lambda:invoke`,"
    " `Parameters`: {`FunctionName`:"
    " `arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST`,"
    " `Payload.$`: `$`}, `OutputPath`: `$.Payload`,"
    " `Retry`: [{`ErrorEquals`: [`Lambda.ServiceException`, `Lambda.AWSLambdaException`,"
    " `Lambda.SdkClientException`, `Lambda.TooManyRequestsException`],"
    " `IntervalSeconds`: 1, `MaxAttempts`: 3, `BackoffRate`: 2, `JitterStrategy`: `FULL`}],"
    " `End`: true}}" },
  { "sns-publish", SW_STATES_CATALOG_ACTIONS, N_("SNS Publish"), N_("Amazon SNS"),
    "mail-send-symbolic", "sns notification publish topic message",
    "{`SNS Publish`: {`Type`: `Task`, `Resource`: `arn:aws:states:::sns:publish`,"
    " `Parameters`: {`TopicArn`: `arn:aws:sns:us-east-1:123456789012:my-topic`,"
    " `Message.$`: `$`}, `End`: true}}" },
  { "sqs-send-message", SW_STATES_CATALOG_ACTIONS, N_("SQS SendMessage"), N_("Amazon SQS"),
    "mail-unread-symbolic", "sqs queue message send",
    "{`SQS SendMessage`: {`Type`: `Task`, `Resource`: `arn:aws:states:::sqs:sendMessage`,"
    " `Parameters`: {`QueueUrl`: `https://sqs.us-east-1.amazonaws.com/123456789012/my-queue`,"
    " `MessageBody.$`: `$`}, `End`: true}}" },
  { "dynamodb-get-item", SW_STATES_CATALOG_ACTIONS, N_("DynamoDB GetItem"),
    N_("Amazon DynamoDB"), "drive-harddisk-symbolic", "dynamodb table read get item",
    "{`DynamoDB GetItem`: {`Type`: `Task`, `Resource`: `arn:aws:states:::dynamodb:getItem`,"
    " `Parameters`: {`TableName`: `MyTable`, `Key`: {`id`: {`S.$`: `$.id`}}}, `End`: true}}" },
  { "dynamodb-put-item", SW_STATES_CATALOG_ACTIONS, N_("DynamoDB PutItem"),
    N_("Amazon DynamoDB"), "drive-harddisk-symbolic", "dynamodb table write put item",
    "{`DynamoDB PutItem`: {`Type`: `Task`, `Resource`: `arn:aws:states:::dynamodb:putItem`,"
    " `Parameters`: {`TableName`: `MyTable`, `Item`: {`id`: {`S.$`: `$.id`},"
    " `status`: {`S`: `done`}}}, `End`: true}}" },
  { "glue-start-job-run", SW_STATES_CATALOG_ACTIONS, N_("Glue StartJobRun"), N_("AWS Glue"),
    "emblem-synchronizing-symbolic", "glue etl spark job",
    "{`Glue StartJobRun`: {`Type`: `Task`, `Resource`: `arn:aws:states:::glue:startJobRun.sync`,"
    " `Parameters`: {`JobName`: `my-glue-job`}, `End`: true}}" },
  { "batch-submit-job", SW_STATES_CATALOG_ACTIONS, N_("Batch SubmitJob"), N_("AWS Batch"),
    "view-app-grid-symbolic", "batch job queue container",
    "{`Batch SubmitJob`: {`Type`: `Task`, `Resource`: `arn:aws:states:::batch:submitJob.sync`,"
    " `Parameters`: {`JobName`: `my-batch-job`,"
    " `JobDefinition`: `arn:aws:batch:us-east-1:123456789012:job-definition/my-job:1`,"
    " `JobQueue`: `arn:aws:batch:us-east-1:123456789012:job-queue/my-queue`}, `End`: true}}" },
  { "ecs-run-task", SW_STATES_CATALOG_ACTIONS, N_("ECS RunTask"), N_("Amazon ECS"),
    "application-x-executable-symbolic", "ecs fargate container task docker",
    "{`ECS RunTask`: {`Type`: `Task`, `Resource`: `arn:aws:states:::ecs:runTask.sync`,"
    " `Parameters`: {`LaunchType`: `FARGATE`,"
    " `Cluster`: `arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster`,"
    " `TaskDefinition`: `arn:aws:ecs:us-east-1:123456789012:task-definition/my-task:1`,"
    " `NetworkConfiguration`: {`AwsvpcConfiguration`: {"
    "`Subnets`: [`subnet-0123456789abcdef0`], `AssignPublicIp`: `ENABLED`}}}, `End`: true}}" },
  { "states-start-execution", SW_STATES_CATALOG_ACTIONS, N_("Step Functions StartExecution"),
    N_("AWS Step Functions"), "media-playlist-consecutive-symbolic",
    "step functions nested workflow child execution",
    "{`Step Functions StartExecution`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::states:startExecution.sync:2`,"
    " `Parameters`: {"
    "`StateMachineArn`: `arn:aws:states:us-east-1:123456789012:stateMachine:MyStateMachine`,"
    " `Input`: {`StatePayload.$`: `$`,"
    " `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$`: `$$.Execution.Id`}}, `End`: true}}" },
  { "http-invoke", SW_STATES_CATALOG_ACTIONS, N_("HTTP Task"), N_("Call an HTTPS API"),
    "network-server-symbolic", "http https api rest call endpoint web",
    "{`Call HTTPS API`: {`Type`: `Task`, `Resource`: `arn:aws:states:::http:invoke`,"
    " `Parameters`: {`ApiEndpoint`: `https://api.example.com/v1/items`, `Method`: `GET`,"
    " `Authentication`: {`ConnectionArn`:"
    " `arn:aws:events:us-east-1:123456789012:connection/my-connection/"
    "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`}}, `End`: true}}" },
  { "aws-sdk", SW_STATES_CATALOG_ACTIONS, N_("AWS SDK integration…"),
    N_("Any service action, as service:action"), "applications-engineering-symbolic",
    "sdk aws service action api",
    "{`SDK`: {`Type`: `Task`, `Resource`: `arn:aws:states:::aws-sdk:s3:listBuckets`,"
    " `Parameters`: {}, `End`: true}}", TRUE },

  /* Patterns */
  { "pattern-train-and-deploy", SW_STATES_CATALOG_PATTERNS, N_("Train and deploy"),
    N_("Train a model, then serve it from an endpoint"), "applications-science-symbolic",
    "sagemaker pipeline train deploy endpoint model ml",
    "{`Train model`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createTrainingJob.sync`,"
    " `Parameters`: {" TRAINING_JOB_PARAMETERS ("training") "},"
    " `ResultPath`: `$.training`, `Next`: `Create model`},"
    " `Create model`: {`Type`: `Task`, `Resource`: `arn:aws:states:::sagemaker:createModel`,"
    " `Parameters`: {" CREATE_MODEL_PARAMETERS ("$.training.ModelArtifacts.S3ModelArtifacts") "},"
    " `ResultPath`: `$.model`, `Next`: `Create endpoint config`},"
    " `Create endpoint config`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createEndpointConfig`,"
    " `Parameters`: {" ENDPOINT_CONFIG_PARAMETERS "},"
    " `ResultPath`: `$.endpointConfig`, `Next`: `Create endpoint`},"
    " `Create endpoint`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::sagemaker:createEndpoint`,"
    " `Parameters`: {" ENDPOINT_PARAMETERS "}, `ResultPath`: `$.endpoint`, `End`: true}}" },
  { "pattern-poll-until-ready", SW_STATES_CATALOG_PATTERNS, N_("Poll until ready"),
    N_("Check a status, wait and check again"), "media-playlist-repeat-symbolic",
    "poll wait loop status ready endpoint",
    "{`Check status`: {`Type`: `Task`,"
    " `Resource`: `arn:aws:states:::aws-sdk:sagemaker:describeEndpoint`,"
    " `Parameters`: {`EndpointName.$`: `$.EndpointName`}, `ResultPath`: `$.status`,"
    " `Next`: `Is it ready?`},"
    " `Is it ready?`: {`Type`: `Choice`, `Choices`: ["
    "{`Variable`: `$.status.EndpointStatus`, `StringEquals`: `InService`, `Next`: `Ready`},"
    "{`Variable`: `$.status.EndpointStatus`, `StringEquals`: `Failed`, `Next`: `Not ready`}],"
    " `Default`: `Wait before checking`},"
    " `Wait before checking`: {`Type`: `Wait`, `Seconds`: 30, `Next`: `Check status`},"
    " `Not ready`: {`Type`: `Fail`, `Error`: `EndpointFailed`,"
    " `Cause`: `The endpoint could not be created`},"
    " `Ready`: {`Type`: `Pass`, `End`: true}}" },
  { "pattern-retry-with-backoff", SW_STATES_CATALOG_PATTERNS, N_("Retry with backoff"),
    N_("Retry a task with exponential backoff, then give up"), "view-refresh-symbolic",
    "retry backoff error catch jitter",
    "{`Call with retries`: {`Type`: `Task`, `Resource`: `arn:aws:states:::lambda:invoke`,"
    " `Parameters`: {`FunctionName`:"
    " `arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST`,"
    " `Payload.$`: `$`}, `OutputPath`: `$.Payload`,"
    " `Retry`: [{`ErrorEquals`: [`States.TaskFailed`, `States.Timeout`],"
    " `IntervalSeconds`: 2, `MaxAttempts`: 5, `BackoffRate`: 2,"
    " `MaxDelaySeconds`: 60, `JitterStrategy`: `FULL`}],"
    " `Catch`: [{`ErrorEquals`: [`States.ALL`], `ResultPath`: `$.error`,"
    " `Next`: `Give up`}], `End`: true},"
    " `Give up`: {`Type`: `Fail`, `Error`: `RetriesExhausted`,"
    " `Cause`: `The task kept failing after every retry`}}" },
};

/**
 * sw_states_catalog_get_entries:
 * @n_entries: (out): the number of entries
 *
 * Returns: (transfer none) (array length=n_entries): the catalog, in display order
 */
const SwStatesCatalogEntry *
sw_states_catalog_get_entries (guint *n_entries)
{
  g_return_val_if_fail (n_entries != NULL, NULL);

  *n_entries = G_N_ELEMENTS (entries);
  return entries;
}

/**
 * sw_states_catalog_lookup:
 * @id: an entry id
 *
 * Returns: (transfer none) (nullable): the entry, or %NULL
 */
const SwStatesCatalogEntry *
sw_states_catalog_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (strcmp (entries[i].id, id) == 0)
      return &entries[i];
  return NULL;
}

/**
 * sw_states_catalog_group_get_title:
 *
 * Returns: the translated section title
 */
const char *
sw_states_catalog_group_get_title (SwStatesCatalogGroup group)
{
  switch (group)
    {
    case SW_STATES_CATALOG_FLOW:
      return _("Flow");
    case SW_STATES_CATALOG_ACTIONS:
      return _("Actions");
    case SW_STATES_CATALOG_PATTERNS:
      return _("Patterns");
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
text_matches (const char *text,
              const char *needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, needle) != NULL;
}

/**
 * sw_states_catalog_entry_matches:
 * @query: (nullable): what the person typed
 *
 * Every word of @query must appear, case-insensitively, in the title, the subtitle (original
 * or translated) or the keywords.
 *
 * Returns: %TRUE when the entry is shown for @query
 */
gboolean
sw_states_catalog_entry_matches (const SwStatesCatalogEntry *entry,
                                 const char                 *query)
{
  g_auto (GStrv) words = NULL;

  g_return_val_if_fail (entry != NULL, FALSE);

  if (query == NULL)
    return TRUE;
  words = g_strsplit_set (query, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *needle = NULL;

      if (words[i][0] == '\0')
        continue;
      needle = g_utf8_casefold (words[i], -1);
      if (!text_matches (entry->title, needle) &&
          !text_matches (_(entry->title), needle) &&
          !text_matches (entry->subtitle, needle) &&
          !text_matches (_(entry->subtitle), needle) &&
          !text_matches (entry->keywords, needle))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_identifier (const char *text)
{
  if (text == NULL || !g_ascii_isalpha (text[0]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/**
 * sw_states_catalog_parse_sdk_action:
 * @text: what the person typed, such as `s3:getObject` or `SageMaker:DescribeEndpoint`
 * @service: (out) (optional): the service, lower case (`s3`)
 * @action: (out) (optional): the action in camel case (`getObject`)
 *
 * Returns: %TRUE when @text names a service and an action
 */
gboolean
sw_states_catalog_parse_sdk_action (const char  *text,
                                    char       **service,
                                    char       **action,
                                    GError     **error)
{
  g_autofree char *stripped = NULL;
  g_auto (GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  parts = g_strsplit (stripped, ":", -1);
  if (g_strv_length (parts) != 2 || !is_identifier (parts[0]) || !is_identifier (parts[1]) ||
      strchr (parts[1], '.') != NULL)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                   _("Type the service and the action as service:action, for example "
                     "s3:getObject"));
      return FALSE;
    }
  if (service != NULL)
    *service = g_ascii_strdown (parts[0], -1);
  if (action != NULL)
    {
      *action = g_strdup (parts[1]);
      (*action)[0] = g_ascii_tolower ((*action)[0]);
    }
  return TRUE;
}

/* "s3" -> "S3", "sagemaker" -> "Sagemaker", "getObject" -> "GetObject". */
static char *
capitalize (const char *text)
{
  char *copy = strlen (text) <= 3 ? g_ascii_strup (text, -1) : g_strdup (text);

  copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

static SwValue *
parse_template (const char  *fragment,
                GError     **error)
{
  g_autofree char *text = g_strdup (fragment);

  g_strdelimit (text, "`", '"');
  return sw_json_parse (text, -1, NULL, NULL, error);
}

static SwValue *
build_sdk (const char  *sdk_action,
           GError     **error)
{
  g_autofree char *service = NULL;
  g_autofree char *action = NULL;
  g_autofree char *service_title = NULL;
  g_autofree char *action_title = NULL;
  g_autofree char *name = NULL;
  g_autoptr (SwValue) state = sw_value_new_object ();
  SwValue *fragment;

  if (!sw_states_catalog_parse_sdk_action (sdk_action, &service, &action, error))
    return NULL;

  service_title = capitalize (service);
  action_title = capitalize (action);
  sw_value_object_set (state, "Type", sw_value_new_string ("Task"));
  sw_value_object_set (state, "Resource",
                       sw_value_new_string_take (g_strdup_printf ("arn:aws:states:::aws-sdk:%s:%s",
                                                                  service, action)));
  sw_value_object_set (state, "Parameters", sw_value_new_object ());
  sw_value_object_set (state, "End", sw_value_new_boolean (TRUE));

  name = g_strdup_printf ("%s %s", service_title, action_title);
  /* State names have at most 80 characters (identifiers are ASCII: bytes are characters). */
  if (strlen (name) > SW_STATE_NAME_MAX_LENGTH)
    name[SW_STATE_NAME_MAX_LENGTH] = '\0';
  g_strchomp (name);
  fragment = sw_value_new_object ();
  sw_value_object_set (fragment, name, g_steal_pointer (&state));
  return fragment;
}

/**
 * sw_states_catalog_build:
 * @entry: a catalog entry
 * @query_language: (nullable): `"JSONPath"` (the default) or `"JSONata"`
 * @sdk_action: (nullable): `service:action` for the entry that needs it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the fragment, or %NULL when @sdk_action is missing or
 *   malformed
 */
SwValue *
sw_states_catalog_build (const SwStatesCatalogEntry *entry,
                         const char                 *query_language,
                         const char                 *sdk_action,
                         GError                    **error)
{
  g_autoptr (SwValue) fragment = NULL;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (entry->needs_sdk_action)
    {
      if (sdk_action == NULL)
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("Type the service and the action as service:action, for example "
                         "s3:getObject"));
          return NULL;
        }
      fragment = build_sdk (sdk_action, error);
    }
  else
    fragment = parse_template (entry->fragment, error);

  if (fragment == NULL)
    return NULL;
  if (g_strcmp0 (query_language, "JSONata") == 0)
    return sw_states_catalog_to_jsonata (fragment);
  return g_steal_pointer (&fragment);
}

/**
 * sw_states_catalog_dup_fragment_text:
 *
 * The fragment as the text dragged or pasted (canonical JSON).
 *
 * Returns: (transfer full) (nullable): the text, or %NULL on error
 */
char *
sw_states_catalog_dup_fragment_text (const SwStatesCatalogEntry *entry,
                                     const char                 *query_language,
                                     const char                 *sdk_action,
                                     GError                    **error)
{
  g_autoptr (SwValue) fragment = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  fragment = sw_states_catalog_build (entry, query_language, sdk_action, error);
  if (fragment == NULL)
    return NULL;
  return sw_json_write (fragment, SW_JSON_WRITE_DEFAULT, NULL);
}

/* JSONPath to JSONata ------------------------------------------------------------------------ */

/* JSONata strings take JSON's escapes, not \': use double quotes when single ones are in. */
static char *
quote_jsonata (const char *text)
{
  GString *out;

  if (strpbrk (text, "'\\\n\t\"") == NULL)
    return g_strdup_printf ("'%s'", text);
  out = g_string_new (NULL);
  sw_json_append_string (out, text, strlen (text));
  return g_string_free (out, FALSE);
}

static char *path_to_jsonata (const char *path);

/* States.Format('a-{}', $.x) -> 'a-' & $states.input.x */
static char *
format_to_jsonata (const char *call)
{
  const char *p = call + strlen ("States.Format(");
  GString *template = g_string_new (NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) out = g_string_new (NULL);
  g_auto (GStrv) pieces = NULL;

  while (*p == ' ')
    p++;
  if (*p != '\'')
    {
      g_string_free (template, TRUE);
      return g_strdup (call);
    }
  for (p++; *p != '\0' && *p != '\''; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (template, *p);
    }
  if (*p == '\'')
    p++;
  while (*p != '\0' && *p != ')')
    {
      const char *start;

      while (*p == ',' || *p == ' ')
        p++;
      start = p;
      while (*p != '\0' && *p != ',' && *p != ')')
        p++;
      if (p > start)
        {
          g_autofree char *arg = g_strstrip (g_strndup (start, p - start));
          g_ptr_array_add (args, path_to_jsonata (arg));
        }
    }

  pieces = g_strsplit (template->str, "{}", -1);
  g_string_free (template, TRUE);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      if (pieces[i][0] != '\0')
        {
          g_autofree char *quoted = quote_jsonata (pieces[i]);
          if (out->len > 0)
            g_string_append (out, " & ");
          g_string_append (out, quoted);
        }
      if (pieces[i + 1] != NULL && i < args->len)
        {
          if (out->len > 0)
            g_string_append (out, " & ");
          g_string_append (out, g_ptr_array_index (args, i));
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
path_to_jsonata (const char *path)
{
  if (g_str_has_prefix (path, "$$"))
    return g_strconcat ("$states.context", path + 2, NULL);
  if (g_str_has_prefix (path, "States.Format("))
    return format_to_jsonata (path);
  if (path[0] == '$' && (path[1] == '\0' || path[1] == '.' || path[1] == '['))
    return g_strconcat ("$states.input", path + 1, NULL);
  return g_strdup (path);
}

static SwValue *
expression (const char *jsonata)
{
  return sw_value_new_string_take (g_strdup_printf ("{%% %s %%}", jsonata));
}

static SwValue *
payload_to_jsonata (const SwValue *value)
{
  SwValue *copy;

  if (sw_value_is_array (value))
    {
      copy = sw_value_new_array ();
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        sw_value_array_append (copy, payload_to_jsonata (sw_value_array_get (value, i)));
      return copy;
    }
  if (!sw_value_is_object (value))
    return sw_value_copy (value);

  copy = sw_value_new_object ();
  for (guint i = 0; i < sw_value_object_get_size (value); i++)
    {
      const char *key = sw_value_object_get_key (value, i);
      SwValue *member = sw_value_object_get_value (value, i);
      gsize len = strlen (key);

      if (len > 2 && g_str_has_suffix (key, ".$") && sw_value_is_string (member))
        {
          g_autofree char *plain = g_strndup (key, len - 2);
          g_autofree char *converted = path_to_jsonata (sw_value_get_string (member));

          sw_value_object_set (copy, plain, expression (converted));
        }
      else
        sw_value_object_set (copy, key, payload_to_jsonata (member));
    }
  return copy;
}

/* "$.a.b" -> "a" when it is a plain top-level member, else NULL. */
static char *
top_member (const char *path)
{
  if (!g_str_has_prefix (path, "$.") || path[2] == '\0')
    return NULL;
  for (const char *p = path + 2; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return NULL;
  return g_strdup (path + 2);
}

static SwValue *
merge_output (const char *result_path,
              const char *what)
{
  g_autofree char *member = top_member (result_path);
  g_autofree char *quoted = NULL;
  g_autofree char *text = NULL;

  if (member == NULL)
    return expression (what);
  quoted = quote_jsonata (member);
  text = g_strdup_printf ("$merge([$states.input, {%s: %s}])", quoted, what);
  return expression (text);
}

static const struct
{
  const char *op;
  const char *jsonata;
  char kind; /* s: string, n: number, b: boolean, t: timestamp, p: path form */
} comparisons[] = {
  { "StringEquals", "=", 's' }, { "StringLessThan", "<", 's' },
  { "StringGreaterThan", ">", 's' }, { "StringLessThanEquals", "<=", 's' },
  { "StringGreaterThanEquals", ">=", 's' },
  { "NumericEquals", "=", 'n' }, { "NumericLessThan", "<", 'n' },
  { "NumericGreaterThan", ">", 'n' }, { "NumericLessThanEquals", "<=", 'n' },
  { "NumericGreaterThanEquals", ">=", 'n' },
  { "BooleanEquals", "=", 'b' },
  { "TimestampEquals", "=", 't' }, { "TimestampLessThan", "<", 't' },
  { "TimestampGreaterThan", ">", 't' }, { "TimestampLessThanEquals", "<=", 't' },
  { "TimestampGreaterThanEquals", ">=", 't' },
};

static char *
literal_to_jsonata (const SwValue *value)
{
  if (sw_value_is_string (value))
    return quote_jsonata (sw_value_get_string (value));
  return sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
}

/**
 * sw_states_catalog_condition_from_rule:
 * @rule: a JSONPath Choice rule (without its `Next`, or with it: it is ignored)
 *
 * Returns: (transfer full) (nullable): the JSONata expression (without `{% %}`) that tests
 *   the same thing, or %NULL when the rule uses an operator that has no translation
 */
char *
sw_states_catalog_condition_from_rule (const SwValue *rule)
{
  SwValue *operand;
  SwValue *variable;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  if (!sw_value_is_object (rule))
    return NULL;
  if ((operand = sw_value_object_get (rule, "Not")) != NULL)
    {
      g_autofree char *inner = sw_states_catalog_condition_from_rule (operand);
      return inner != NULL ? g_strdup_printf ("$not(%s)", inner) : NULL;
    }
  for (guint k = 0; k < 2; k++)
    {
      const char *key = k == 0 ? "And" : "Or";
      g_autoptr (GString) out = NULL;

      if ((operand = sw_value_object_get (rule, key)) == NULL || !sw_value_is_array (operand))
        continue;
      out = g_string_new (NULL);
      for (guint i = 0; i < sw_value_array_get_length (operand); i++)
        {
          g_autofree char *inner =
            sw_states_catalog_condition_from_rule (sw_value_array_get (operand, i));
          if (inner == NULL)
            return NULL;
          if (i > 0)
            g_string_append (out, k == 0 ? " and " : " or ");
          g_string_append_printf (out, "(%s)", inner);
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  variable = sw_value_object_get (rule, "Variable");
  if (variable == NULL || !sw_value_is_string (variable))
    return NULL;
  subject = path_to_jsonata (sw_value_get_string (variable));

  for (guint i = 0; i < sw_value_object_get_size (rule); i++)
    {
      const char *key = sw_value_object_get_key (rule, i);
      SwValue *value = sw_value_object_get_value (rule, i);
      gboolean is_path = g_str_has_suffix (key, "Path");
      g_autofree char *op = is_path ? g_strndup (key, strlen (key) - 4) : g_strdup (key);

      for (guint c = 0; c < G_N_ELEMENTS (comparisons); c++)
        {
          g_autofree char *other = NULL;

          if (strcmp (op, comparisons[c].op) != 0)
            continue;
          if (is_path)
            other = sw_value_is_string (value) ? path_to_jsonata (sw_value_get_string (value))
                                               : NULL;
          else
            other = literal_to_jsonata (value);
          if (other == NULL)
            return NULL;
          if (comparisons[c].kind == 't')
            return g_strdup_printf ("$toMillis(%s) %s $toMillis(%s)", subject,
                                    comparisons[c].jsonata, other);
          return g_strdup_printf ("%s %s %s", subject, comparisons[c].jsonata, other);
        }
      if (strcmp (key, "IsPresent") == 0)
        return g_strdup_printf (sw_value_get_boolean (value) ? "$exists(%s)" : "$not($exists(%s))",
                                subject);
      if (strcmp (key, "IsNull") == 0)
        return g_strdup_printf (sw_value_get_boolean (value) ? "%s = null" : "%s != null",
                                subject);
      if (strcmp (key, "IsString") == 0 || strcmp (key, "IsNumeric") == 0 ||
          strcmp (key, "IsBoolean") == 0)
        {
          const char *type = key[2] == 'S' ? "string" : key[2] == 'N' ? "number" : "boolean";
          return g_strdup_printf ("$type(%s) %s '%s'", subject,
                                  sw_value_get_boolean (value) ? "=" : "!=", type);
        }
      if (strcmp (key, "StringMatches") == 0 && sw_value_is_string (value))
        {
          /* Only * is special in StringMatches: turn it into a regular expression. */
          g_autoptr (GString) regex = g_string_new ("/^");
          for (const char *p = sw_value_get_string (value); *p != '\0'; p++)
            {
              if (*p == '*')
                g_string_append (regex, ".*");
              else if (strchr ("\\^$.|?+()[]{}/", *p) != NULL)
                g_string_append_printf (regex, "\\%c", *p);
              else
                g_string_append_c (regex, *p);
            }
          g_string_append (regex, "$/");
          return g_strdup_printf ("$contains(%s, %s)", subject, regex->str);
        }
    }
  return NULL;
}

static SwValue *states_to_jsonata (const SwValue *states);

static SwValue *
machine_to_jsonata (const SwValue *machine)
{
  SwValue *copy = sw_value_new_object ();

  for (guint i = 0; i < sw_value_object_get_size (machine); i++)
    {
      const char *key = sw_value_object_get_key (machine, i);
      SwValue *member = sw_value_object_get_value (machine, i);

      if (strcmp (key, "States") == 0 && sw_value_is_object (member))
        sw_value_object_set (copy, key, states_to_jsonata (member));
      else
        sw_value_object_set (copy, key, sw_value_copy (member));
    }
  return copy;
}

static SwValue *
catchers_to_jsonata (const SwValue *catchers)
{
  SwValue *copy = sw_value_new_array ();

  for (guint i = 0; i < sw_value_array_get_length (catchers); i++)
    {
      SwValue *catcher = sw_value_array_get (catchers, i);
      SwValue *item = sw_value_new_object ();

      for (guint m = 0; sw_value_is_object (catcher) && m < sw_value_object_get_size (catcher);
           m++)
        {
          const char *key = sw_value_object_get_key (catcher, m);
          SwValue *member = sw_value_object_get_value (catcher, m);

          if (strcmp (key, "ResultPath") == 0)
            {
              if (sw_value_is_string (member))
                sw_value_object_set (item, "Output",
                                     merge_output (sw_value_get_string (member),
                                                   "$states.errorOutput"));
            }
          else
            sw_value_object_set (item, key, sw_value_copy (member));
        }
      sw_value_array_append (copy, item);
    }
  return copy;
}

static SwValue *
state_to_jsonata (const SwValue *state)
{
  SwValue *copy = sw_value_new_object ();
  SwValue *result_path = sw_value_object_get (state, "ResultPath");
  SwValue *output_path = sw_value_object_get (state, "OutputPath");

  for (guint i = 0; i < sw_value_object_get_size (state); i++)
    {
      const char *key = sw_value_object_get_key (state, i);
      SwValue *member = sw_value_object_get_value (state, i);

      if (strcmp (key, "Parameters") == 0)
        sw_value_object_set (copy, "Arguments", payload_to_jsonata (member));
      else if (strcmp (key, "ItemSelector") == 0)
        sw_value_object_set (copy, key, payload_to_jsonata (member));
      else if (strcmp (key, "InputPath") == 0 || strcmp (key, "ResultSelector") == 0)
        continue;
      else if (strcmp (key, "ResultPath") == 0 || strcmp (key, "OutputPath") == 0)
        {
          /* One Output field stands for both, written where the first of them was. */
          if (sw_value_object_has (copy, "Output"))
            continue;
          if (result_path != NULL && sw_value_is_string (result_path))
            sw_value_object_set (copy, "Output",
                                 merge_output (sw_value_get_string (result_path),
                                               "$states.result"));
          else if (output_path != NULL && sw_value_is_string (output_path))
            {
              g_autofree char *path = g_strconcat ("$states.result",
                                                   sw_value_get_string (output_path) + 1, NULL);
              sw_value_object_set (copy, "Output", expression (path));
            }
        }
      else if ((strcmp (key, "ItemsPath") == 0 || strcmp (key, "SecondsPath") == 0 ||
                strcmp (key, "TimestampPath") == 0) && sw_value_is_string (member))
        {
          g_autofree char *plain = g_strndup (key, strlen (key) - 4);
          g_autofree char *converted = path_to_jsonata (sw_value_get_string (member));

          sw_value_object_set (copy, plain, expression (converted));
        }
      else if (strcmp (key, "Choices") == 0 && sw_value_is_array (member))
        {
          SwValue *rules = sw_value_new_array ();

          for (guint r = 0; r < sw_value_array_get_length (member); r++)
            {
              SwValue *rule = sw_value_array_get (member, r);
              SwValue *next = sw_value_object_get (rule, "Next");
              g_autofree char *condition = sw_states_catalog_condition_from_rule (rule);
              SwValue *item = sw_value_new_object ();

              sw_value_object_set (item, "Condition", expression (condition != NULL
                                                                  ? condition : "false"));
              if (next != NULL)
                sw_value_object_set (item, "Next", sw_value_copy (next));
              sw_value_array_append (rules, item);
            }
          sw_value_object_set (copy, key, rules);
        }
      else if (strcmp (key, "Catch") == 0 && sw_value_is_array (member))
        sw_value_object_set (copy, key, catchers_to_jsonata (member));
      else if (strcmp (key, "Branches") == 0 && sw_value_is_array (member))
        {
          SwValue *branches = sw_value_new_array ();

          for (guint b = 0; b < sw_value_array_get_length (member); b++)
            sw_value_array_append (branches, machine_to_jsonata (sw_value_array_get (member, b)));
          sw_value_object_set (copy, key, branches);
        }
      else if ((strcmp (key, "ItemProcessor") == 0 || strcmp (key, "Iterator") == 0) &&
               sw_value_is_object (member))
        sw_value_object_set (copy, key, machine_to_jsonata (member));
      else
        sw_value_object_set (copy, key, sw_value_copy (member));
    }
  return copy;
}

static SwValue *
states_to_jsonata (const SwValue *states)
{
  SwValue *copy = sw_value_new_object ();

  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      SwValue *state = sw_value_object_get_value (states, i);

      sw_value_object_set (copy, sw_value_object_get_key (states, i),
                           sw_value_is_object (state) ? state_to_jsonata (state)
                                                      : sw_value_copy (state));
    }
  return copy;
}

/**
 * sw_states_catalog_to_jsonata:
 * @fragment: a fragment written for JSONPath
 *
 * Rewrites a JSONPath fragment for a JSONata machine: `Parameters` becomes `Arguments`,
 * `"key.$"` paths and `States.Format` become `{% %}` expressions, `ResultPath`/`OutputPath`
 * become `Output`, `ItemsPath` becomes `Items`, Choice rules become `Condition`s.
 *
 * Returns: (transfer full): the JSONata fragment
 */
SwValue *
sw_states_catalog_to_jsonata (const SwValue *fragment)
{
  g_return_val_if_fail (fragment != NULL && sw_value_is_object (fragment), NULL);

  return states_to_jsonata (fragment);
}

/* Resources ---------------------------------------------------------------------------------- */

/**
 * sw_resource_is_service_integration:
 *
 * Returns: %TRUE for `arn:aws:states:::service:action…` resources (not Lambda ARNs or
 *   activities), which take an integration pattern suffix
 */
gboolean
sw_resource_is_service_integration (const char *resource)
{
  return resource != NULL && g_str_has_prefix (resource, "arn:aws:states:::") &&
         strchr (resource + strlen ("arn:aws:states:::"), ':') != NULL;
}

/**
 * sw_resource_get_pattern:
 *
 * Returns: the integration pattern that @resource's suffix names
 */
SwIntegrationPattern
sw_resource_get_pattern (const char *resource)
{
  const char *dot;

  if (!sw_resource_is_service_integration (resource))
    return SW_INTEGRATION_REQUEST_RESPONSE;
  dot = strrchr (resource, '.');
  if (dot == NULL)
    return SW_INTEGRATION_REQUEST_RESPONSE;
  if (g_str_has_prefix (dot, ".sync"))
    return SW_INTEGRATION_SYNC;
  if (strcmp (dot, ".waitForTaskToken") == 0)
    return SW_INTEGRATION_WAIT_FOR_TASK_TOKEN;
  return SW_INTEGRATION_REQUEST_RESPONSE;
}

/**
 * sw_resource_with_pattern:
 * @resource: a service integration resource
 * @pattern: the pattern wanted
 *
 * Rewrites the suffix: `arn:aws:states:::sagemaker:createTrainingJob` with
 * %SW_INTEGRATION_SYNC gives `…createTrainingJob.sync`. Step Functions' own
 * `startExecution` takes `.sync:2`, which returns the output as JSON.
 *
 * Returns: (transfer full): the new resource
 */
char *
sw_resource_with_pattern (const char           *resource,
                          SwIntegrationPattern  pattern)
{
  g_autofree char *base = NULL;
  const char *tail;
  char *dot;

  g_return_val_if_fail (resource != NULL, NULL);

  if (!sw_resource_is_service_integration (resource))
    return g_strdup (resource);

  base = g_strdup (resource);
  tail = base + strlen ("arn:aws:states:::");
  dot = strchr (tail, '.');
  if (dot != NULL)
    *dot = '\0';

  switch (pattern)
    {
    case SW_INTEGRATION_SYNC:
      if (g_str_has_prefix (tail, "states:startExecution"))
        return g_strconcat (base, ".sync:2", NULL);
      return g_strconcat (base, ".sync", NULL);
    case SW_INTEGRATION_WAIT_FOR_TASK_TOKEN:
      return g_strconcat (base, ".waitForTaskToken", NULL);
    case SW_INTEGRATION_REQUEST_RESPONSE:
    default:
      return g_steal_pointer (&base);
    }
}
