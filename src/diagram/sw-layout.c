/* sw-layout.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * SwLayout:
 *
 * The geometry of a state machine's diagram, top to bottom as Workflow Studio draws it: a
 * Start marker above `StartAt`, the states in layers, Choice rules and Catch errors on
 * their edges, loops around the right side, Parallel branches side by side inside their
 * container and a Map's processor inside its own, and an End marker below the terminal
 * states. Each machine (the document, a branch, a processor) is laid out by itself, inner
 * ones first, and comes into its parent as one big node.
 *
 * A layout is computed once from the model and keeps what drawing needs (names, types,
 * summaries), so it can be painted, exported or printed as JSON without the model. Sizes
 * are fixed, not measured from fonts, so the same document gives the same numbers on every
 * machine. Invalid documents are laid out as far as they can be read: a transition to a
 * state that does not exist gets a dashed "missing" node.
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-crossings.h"
#include "sw-json.h"
#include "sw-layered-private.h"
#include "sw-layout.h"

#define NODE_WIDTH      236
#define NODE_HEIGHT     52
#define MARKER_WIDTH    72
#define MARKER_HEIGHT   28
#define HEADER_HEIGHT   44
#define PADDING         14
#define BRANCH_GAP      16
#define BRANCH_MIN_W    120
#define BRANCH_MIN_H    40
#define MARGIN          24
#define LABEL_HEIGHT    18
#define LABEL_MAX_WIDTH 224
#define RULE_MAX_CHARS  36

typedef struct
{
  SwLayoutNode pub;
  double origin_x;     /* of the scope the node belongs to */
  double origin_y;
} NodeData;

struct _SwLayout
{
  GObject parent_instance;

  GArray *nodes;       /* NodeData */
  GArray *edges;       /* SwLayoutEdge */
  GArray *containers;  /* SwLayoutContainer */
  GHashTable *by_name; /* name → index + 1, states first, then missing nodes */
  GHashTable *by_pointer;
  SwLayoutPositions *positions;
  double width;
  double height;
};

G_DEFINE_FINAL_TYPE (SwLayout, sw_layout, G_TYPE_OBJECT)

#define NODE(self, i) (&g_array_index ((self)->nodes, NodeData, (i)).pub)
#define NODE_DATA(self, i) (&g_array_index ((self)->nodes, NodeData, (i)))
#define EDGE(self, i) (&g_array_index ((self)->edges, SwLayoutEdge, (i)))
#define CONTAINER(self, i) (&g_array_index ((self)->containers, SwLayoutContainer, (i)))

static void
clear_node (gpointer data)
{
  NodeData *node = data;

  g_free (node->pub.name);
  g_free (node->pub.pointer);
  g_free (node->pub.summary);
}

static void
clear_edge (gpointer data)
{
  SwLayoutEdge *edge = data;

  g_free (edge->label);
  g_free (edge->points);
}

static void
clear_container (gpointer data)
{
  SwLayoutContainer *container = data;

  g_free (container->branches);
}

static void
sw_layout_finalize (GObject *object)
{
  SwLayout *self = SW_LAYOUT (object);

  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->containers, g_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->by_pointer, g_hash_table_unref);
  g_clear_object (&self->positions);

  G_OBJECT_CLASS (sw_layout_parent_class)->finalize (object);
}

static void
sw_layout_class_init (SwLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_layout_finalize;
}

static void
sw_layout_init (SwLayout *self)
{
  self->nodes = g_array_new (FALSE, TRUE, sizeof (NodeData));
  g_array_set_clear_func (self->nodes, clear_node);
  self->edges = g_array_new (FALSE, TRUE, sizeof (SwLayoutEdge));
  g_array_set_clear_func (self->edges, clear_edge);
  self->containers = g_array_new (FALSE, TRUE, sizeof (SwLayoutContainer));
  g_array_set_clear_func (self->containers, clear_container);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_pointer = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Text: summaries, rules, label sizes. */

static const char *
string_field (SwValue    *object,
              const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  return sw_value_is_string (value) ? sw_value_get_string (value) : NULL;
}

static char *
capitalise (const char *word)
{
  char *copy = g_strdup (word);

  if (copy[0] != '\0')
    copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

static const char *
service_display_name (const char *service)
{
  static const struct { const char *id, *name; } services[] = {
    { "sagemaker", "SageMaker" }, { "lambda", "Lambda" }, { "dynamodb", "DynamoDB" },
    { "sns", "SNS" }, { "sqs", "SQS" }, { "ecs", "ECS" }, { "eks", "EKS" },
    { "batch", "Batch" }, { "glue", "Glue" }, { "states", "Step Functions" },
    { "events", "EventBridge" }, { "bedrock", "Bedrock" }, { "codebuild", "CodeBuild" },
    { "athena", "Athena" }, { "emr", "EMR" }, { "emr-serverless", "EMR Serverless" },
    { "emr-containers", "EMR on EKS" }, { "http", "HTTP" }, { "s3", "S3" },
    { "apigateway", "API Gateway" }, { "glue-databrew", "Glue DataBrew" },
    { "sagemakerruntime", "SageMaker Runtime" },
    { "sagemakerfeaturestoreruntime", "SageMaker Feature Store" },
    { "cloudwatch", "CloudWatch" }, { "cloudwatchlogs", "CloudWatch Logs" },
    { "sfn", "Step Functions" }, { "secretsmanager", "Secrets Manager" }, { "ssm", "SSM" },
    { "ec2", "EC2" }, { "ecr", "ECR" }, { "iam", "IAM" }, { "sts", "STS" },
    { "kinesis", "Kinesis" }, { "firehose", "Firehose" }, { "bedrockruntime", "Bedrock Runtime" },
    { "bedrockagentruntime", "Bedrock Agents" }, { "eventbridge", "EventBridge" },
    { "stepfunctions", "Step Functions" }, { "mediaconvert", "MediaConvert" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (g_ascii_strcasecmp (services[i].id, service) == 0)
      return services[i].name;
  return NULL;
}

/* "arn:aws:states:::sagemaker:createTrainingJob.sync" → "SageMaker CreateTrainingJob (sync)" */
static char *
resource_summary (const char   *resource,
                  SwLayoutIcon *icon)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  *icon = SW_LAYOUT_ICON_TASK;
  if (resource == NULL)
    return g_strdup ("Task");
  if (strstr (resource, "{%") != NULL)
    return g_strdup ("Task · JSONata resource");

  parts = g_strsplit (resource, ":", -1);
  n = g_strv_length (parts);
  if (n >= 7 && strcmp (parts[0], "arn") == 0 && strcmp (parts[2], "lambda") == 0 &&
      strcmp (parts[5], "function") == 0)
    {
      *icon = SW_LAYOUT_ICON_LAMBDA;
      return g_strdup_printf ("Lambda · %s", parts[6]);
    }
  if (n >= 7 && strcmp (parts[0], "arn") == 0 && strcmp (parts[2], "states") == 0 &&
      strcmp (parts[5], "activity") == 0)
    return g_strdup_printf ("Activity · %s", parts[6]);
  if (n >= 7 && strcmp (parts[0], "arn") == 0 && strcmp (parts[2], "states") == 0 &&
      parts[3][0] == '\0' && parts[4][0] == '\0')
    {
      const char *service = parts[5];
      g_autofree char *action = g_strdup (parts[6]);
      const char *suffix = "";
      const char *display;
      char *dot;

      if (strcmp (service, "aws-sdk") == 0 && n >= 8)
        {
          service = parts[6];
          g_free (action);
          action = g_strdup (parts[7]);
        }
      if ((dot = strchr (action, '.')) != NULL)
        {
          /* Translators: a Task that waits for its job to finish (".sync") */
          suffix = g_str_has_prefix (dot, ".sync") ? _(" (sync)") :
                   /* Translators: a Task that waits for a task token (".waitForTaskToken") */
                   g_str_has_prefix (dot, ".waitForTaskToken") ? _(" (callback)") : "";
          *dot = '\0';
        }
      if (g_ascii_strcasecmp (service, "lambda") == 0)
        *icon = SW_LAYOUT_ICON_LAMBDA;
      else if (g_ascii_strncasecmp (service, "sagemaker", 9) == 0)
        *icon = SW_LAYOUT_ICON_SAGEMAKER;
      display = service_display_name (service);
      {
        g_autofree char *service_name = display ? g_strdup (display) : capitalise (service);
        g_autofree char *action_name = capitalise (action);

        return g_strdup_printf ("%s %s%s", service_name, action_name, suffix);
      }
    }
  return g_strdup (parts[n - 1]);
}

static char *
state_summary (SwState      *state,
               SwLayoutIcon *icon)
{
  SwValue *value = sw_state_get_value (state);
  const char *type_name = sw_state_get_type_name (state);

  switch (sw_state_get_state_type (state))
    {
    case SW_STATE_TYPE_TASK:
      return resource_summary (sw_state_get_resource (state), icon);

    case SW_STATE_TYPE_CHOICE:
      {
        SwValue *choices = sw_value_object_get (value, "Choices");
        guint n = sw_value_is_array (choices) ? sw_value_array_get_length (choices) : 0;

        *icon = SW_LAYOUT_ICON_CHOICE;
        /* Translators: the second line of a Choice state in the diagram */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Choice · %u rule",
                                             "Choice · %u rules", n), n);
      }

    case SW_STATE_TYPE_PARALLEL:
      {
        guint n = g_list_model_get_n_items (sw_state_get_branches (state));

        *icon = SW_LAYOUT_ICON_PARALLEL;
        /* Translators: the second line of a Parallel state in the diagram */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Parallel · %u branch",
                                             "Parallel · %u branches", n), n);
      }

    case SW_STATE_TYPE_MAP:
      {
        SwValue *processor = sw_value_object_get (value, "ItemProcessor");
        SwValue *config = processor ? sw_value_object_get (processor, "ProcessorConfig") : NULL;
        const char *mode = config ? string_field (config, "Mode") : NULL;

        *icon = SW_LAYOUT_ICON_MAP;
        if (g_strcmp0 (mode, "DISTRIBUTED") == 0)
          /* Translators: the second line of a distributed Map state in the diagram */
          return g_strdup (_("Map · distributed"));
        return g_strdup ("Map");
      }

    case SW_STATE_TYPE_WAIT:
      {
        SwValue *seconds = sw_value_object_get (value, "Seconds");
        const char *path;

        *icon = SW_LAYOUT_ICON_WAIT;
        if (sw_value_is_number (seconds))
          /* Translators: a Wait state of a fixed number of seconds */
          return g_strdup_printf (_("Wait · %s s"), sw_value_get_number_lexeme (seconds));
        if (string_field (value, "Timestamp") != NULL)
          /* Translators: a Wait state until a date and time */
          return g_strdup_printf (_("Wait · until %s"), string_field (value, "Timestamp"));
        if ((path = string_field (value, "SecondsPath")) != NULL ||
            (path = string_field (value, "TimestampPath")) != NULL ||
            (path = string_field (value, "Seconds")) != NULL ||
            (path = string_field (value, "Timestamp")) != NULL)
          return g_strdup_printf ("Wait · %s", path);
        return g_strdup ("Wait");
      }

    case SW_STATE_TYPE_FAIL:
      *icon = SW_LAYOUT_ICON_FAIL;
      if (string_field (value, "Error") != NULL)
        return g_strdup_printf ("Fail · %s", string_field (value, "Error"));
      return g_strdup ("Fail");

    case SW_STATE_TYPE_SUCCEED:
      *icon = SW_LAYOUT_ICON_SUCCEED;
      return g_strdup ("Succeed");

    case SW_STATE_TYPE_PASS:
      *icon = SW_LAYOUT_ICON_PASS;
      return g_strdup ("Pass");

    case SW_STATE_TYPE_UNKNOWN:
    default:
      *icon = SW_LAYOUT_ICON_UNKNOWN;
      if (type_name != NULL)
        return g_strdup (type_name);
      /* Translators: a state whose "Type" is missing or not a string */
      return g_strdup (_("No type"));
    }
}

static const struct
{
  const char *key;
  const char *op;
} comparisons[] = {
  { "StringEquals", "==" }, { "StringLessThan", "<" }, { "StringGreaterThan", ">" },
  { "StringLessThanEquals", "≤" }, { "StringGreaterThanEquals", "≥" },
  { "StringMatches", "matches" },
  { "NumericEquals", "==" }, { "NumericLessThan", "<" }, { "NumericGreaterThan", ">" },
  { "NumericLessThanEquals", "≤" }, { "NumericGreaterThanEquals", "≥" },
  { "BooleanEquals", "==" },
  { "TimestampEquals", "==" }, { "TimestampLessThan", "<" }, { "TimestampGreaterThan", ">" },
  { "TimestampLessThanEquals", "≤" }, { "TimestampGreaterThanEquals", "≥" },
};

static void
append_value (GString *out,
              SwValue *value,
              gboolean is_path)
{
  if (sw_value_is_string (value))
    {
      if (is_path)
        g_string_append (out, sw_value_get_string (value));
      else
        g_string_append_printf (out, "\"%s\"", sw_value_get_string (value));
    }
  else if (sw_value_is_number (value))
    g_string_append (out, sw_value_get_number_lexeme (value));
  else if (sw_value_is_boolean (value))
    g_string_append (out, sw_value_get_boolean (value) ? "true" : "false");
  else
    g_string_append (out, "…");
}

/* "$.accuracy ≥ 0.9", "$.a == \"x\" and $.b < 3", the text of a JSONata Condition. */
static void
summarise_rule (GString *out,
                SwValue *rule,
                guint    depth)
{
  const char *condition = string_field (rule, "Condition");
  const char *variable = string_field (rule, "Variable");
  const char *joins[] = { "And", "Or" };

  if (!sw_value_is_object (rule) || depth > 4)
    {
      g_string_append (out, "…");
      return;
    }
  if (condition != NULL)
    {
      g_autofree char *text = g_strdup (condition);
      char *start = text;
      gsize len;

      if (g_str_has_prefix (start, "{%"))
        start += 2;
      len = strlen (start);
      if (len >= 2 && g_str_has_suffix (start, "%}"))
        start[len - 2] = '\0';
      g_string_append (out, g_strstrip (start));
      return;
    }
  for (guint j = 0; j < G_N_ELEMENTS (joins); j++)
    {
      SwValue *list = sw_value_object_get (rule, joins[j]);

      if (!sw_value_is_array (list))
        continue;
      if (depth > 0)
        g_string_append_c (out, '(');
      for (guint i = 0; i < sw_value_array_get_length (list); i++)
        {
          if (i > 0)
            g_string_append (out, j == 0 ? " and " : " or ");
          summarise_rule (out, sw_value_array_get (list, i), depth + 1);
        }
      if (depth > 0)
        g_string_append_c (out, ')');
      return;
    }
  if (sw_value_object_get (rule, "Not") != NULL)
    {
      g_string_append (out, "not ");
      summarise_rule (out, sw_value_object_get (rule, "Not"), depth + 1);
      return;
    }
  if (variable == NULL)
    {
      g_string_append (out, "…");
      return;
    }
  for (guint i = 0; i < sw_value_object_get_size (rule); i++)
    {
      const char *key = sw_value_object_get_key (rule, i);
      SwValue *value = sw_value_object_get_value (rule, i);
      gboolean is_path = g_str_has_suffix (key, "Path");
      g_autofree char *base = is_path ? g_strndup (key, strlen (key) - 4) : g_strdup (key);

      if (g_str_has_prefix (key, "Is"))
        {
          gboolean yes = !sw_value_is_boolean (value) || sw_value_get_boolean (value);
          g_autofree char *what = g_ascii_strdown (key + 2, -1);

          if (strcmp (key, "IsPresent") == 0)
            g_string_append_printf (out, "%s %s", variable, yes ? "exists" : "is absent");
          else
            g_string_append_printf (out, "%s %s %s", variable, yes ? "is" : "is not", what);
          return;
        }
      for (guint k = 0; k < G_N_ELEMENTS (comparisons); k++)
        if (strcmp (base, comparisons[k].key) == 0)
          {
            g_string_append_printf (out, "%s %s ", variable, comparisons[k].op);
            append_value (out, value, is_path);
            return;
          }
    }
  g_string_append (out, variable);
}

static char *
ellipsize (char  *text,
           guint  max_chars)
{
  if (g_utf8_strlen (text, -1) <= (glong) max_chars)
    return text;
  {
    GString *out = g_string_new (NULL);
    const char *end = g_utf8_offset_to_pointer (text, max_chars - 1);

    g_string_append_len (out, text, end - text);
    g_string_append (out, "…");
    g_free (text);
    return g_string_free (out, FALSE);
  }
}

static char *
transition_label (SwState            *state,
                  const SwTransition *transition)
{
  if (transition->kind == SW_TRANSITION_CHOICE)
    {
      SwValue *choices = sw_value_object_get (sw_state_get_value (state), "Choices");
      SwValue *rule = sw_value_is_array (choices) && transition->index >= 0
                      ? sw_value_array_get (choices, (guint) transition->index) : NULL;

      if (rule != NULL && sw_value_is_object (rule) &&
          string_field (rule, "Comment") == NULL)
        {
          GString *out = g_string_new (NULL);

          summarise_rule (out, rule, 0);
          return ellipsize (g_string_free (out, FALSE), RULE_MAX_CHARS);
        }
    }
  if (transition->label == NULL)
    return NULL;
  return ellipsize (g_strdup (transition->label), RULE_MAX_CHARS);
}

/* Label sizes are estimated, not measured, so that the layout does not depend on fonts;
 * the painter shrinks or ellipsizes text that does not fit. */
static double
label_width (const char *label)
{
  return MIN (LABEL_MAX_WIDTH, ceil (g_utf8_strlen (label, -1) * 6.6 + 14));
}

/* Building */

typedef struct
{
  guint node_first, node_end;
  guint edge_first, edge_end;
  guint container_first, container_end;
  double width, height;
} Range;

static void
translate (SwLayout    *self,
           const Range *range,
           double       dx,
           double       dy)
{
  if (dx == 0 && dy == 0)
    return;
  for (guint i = range->node_first; i < range->node_end; i++)
    {
      NodeData *node = NODE_DATA (self, i);

      node->pub.box.x += dx;
      node->pub.box.y += dy;
      node->origin_x += dx;
      node->origin_y += dy;
    }
  for (guint i = range->edge_first; i < range->edge_end; i++)
    {
      SwLayoutEdge *edge = EDGE (self, i);

      for (guint k = 0; k < edge->n_points; k++)
        {
          edge->points[2 * k] += dx;
          edge->points[2 * k + 1] += dy;
        }
      edge->label_box.x += dx;
      edge->label_box.y += dy;
    }
  for (guint i = range->container_first; i < range->container_end; i++)
    {
      SwLayoutContainer *container = CONTAINER (self, i);

      container->box.x += dx;
      container->box.y += dy;
      container->header.x += dx;
      container->header.y += dy;
      for (guint b = 0; b < container->n_branches; b++)
        {
          container->branches[b].x += dx;
          container->branches[b].y += dy;
        }
    }
}

static void
range_begin (SwLayout *self,
             Range    *range)
{
  range->node_first = self->nodes->len;
  range->edge_first = self->edges->len;
  range->container_first = self->containers->len;
}

static void
range_end (SwLayout *self,
           Range    *range)
{
  range->node_end = self->nodes->len;
  range->edge_end = self->edges->len;
  range->container_end = self->containers->len;
}

static guint
add_node (SwLayout         *self,
          SwLayoutNodeKind  kind,
          const char       *name,
          int               parent,
          int               branch,
          double            width,
          double            height)
{
  NodeData node = { { 0 } };

  node.pub.kind = kind;
  node.pub.name = g_strdup (name);
  node.pub.type = SW_STATE_TYPE_UNKNOWN;
  node.pub.parent = parent;
  node.pub.branch = branch;
  node.pub.container = -1;
  node.pub.box.width = width;
  node.pub.box.height = height;
  g_array_append_val (self->nodes, node);
  return self->nodes->len - 1;
}

typedef struct
{
  GArray *locals;          /* guint: global node index of each node of the scope */
  GArray *lnodes;          /* SwLayeredNode */
  GArray *ledges;          /* SwLayeredEdge */
  GArray *global_edges;    /* guint: the SwLayoutEdge of each SwLayeredEdge */
  GHashTable *names;       /* name → local index + 1 */
  GHashTable *missing;     /* name → local index + 1 */
  GArray *subtrees;        /* Range per local node (containers only filled) */
} Scope;

static void
scope_clear (Scope *scope)
{
  g_clear_pointer (&scope->locals, g_array_unref);
  g_clear_pointer (&scope->lnodes, g_array_unref);
  g_clear_pointer (&scope->ledges, g_array_unref);
  g_clear_pointer (&scope->global_edges, g_array_unref);
  g_clear_pointer (&scope->names, g_hash_table_unref);
  g_clear_pointer (&scope->missing, g_hash_table_unref);
  g_clear_pointer (&scope->subtrees, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scope, scope_clear)

static guint
scope_add_local (SwLayout *self,
                 Scope    *scope,
                 guint     global)
{
  SwLayeredNode ln = { 0 };
  Range empty = { 0 };
  const SwLayoutNode *node = NODE (self, global);

  ln.left = ln.right = node->box.width / 2;
  ln.height = node->box.height;
  g_array_append_val (scope->locals, global);
  g_array_append_val (scope->lnodes, ln);
  g_array_append_val (scope->subtrees, empty);
  return scope->locals->len - 1;
}

static void
scope_add_edge (SwLayout         *self,
                Scope            *scope,
                guint             from,
                guint             to,
                SwLayoutEdgeKind  kind,
                int               index,
                char             *label)
{
  SwLayoutEdge edge = { 0 };
  SwLayeredEdge le = { 0 };
  guint global = self->edges->len;

  edge.kind = kind;
  edge.index = index;
  edge.from = (int) g_array_index (scope->locals, guint, from);
  edge.to = (int) g_array_index (scope->locals, guint, to);
  edge.label = label;
  g_array_append_val (self->edges, edge);

  le.source = from;
  le.target = to;
  switch (kind)
    {
    case SW_LAYOUT_EDGE_CATCH:
      le.bundle = 2;
      le.secondary = TRUE;
      break;
    case SW_LAYOUT_EDGE_END:
      le.bundle = 3;
      le.secondary = TRUE;
      break;
    case SW_LAYOUT_EDGE_START:
      le.bundle = 0;
      break;
    case SW_LAYOUT_EDGE_NEXT:
    case SW_LAYOUT_EDGE_CHOICE:
    case SW_LAYOUT_EDGE_DEFAULT:
    default:
      le.bundle = 1;
      break;
    }
  if (label != NULL)
    {
      le.label_width = label_width (label);
      le.label_height = LABEL_HEIGHT;
    }
  g_array_append_val (scope->ledges, le);
  g_array_append_val (scope->global_edges, global);
}

static guint
scope_resolve (SwLayout   *self,
               Scope      *scope,
               const char *target,
               int         parent,
               int         branch)
{
  gpointer found = g_hash_table_lookup (scope->names, target);
  guint global, local;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  found = g_hash_table_lookup (scope->missing, target);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  global = add_node (self, SW_LAYOUT_NODE_MISSING, target, parent, branch,
                     NODE_WIDTH, NODE_HEIGHT);
  NODE (self, global)->icon = SW_LAYOUT_ICON_UNKNOWN;
  /* Translators: the second line of a node standing for a state that does not exist */
  NODE (self, global)->summary = g_strdup (_("Missing state"));
  local = scope_add_local (self, scope, global);
  g_hash_table_insert (scope->missing, (gpointer) NODE (self, global)->name,
                       GUINT_TO_POINTER (local + 1));
  return local;
}

static void layout_machine (SwLayout  *self,
                            SwMachine *machine,
                            gboolean   top,
                            int        parent,
                            int        branch,
                            Range     *range);

static gboolean
is_container (SwState *state)
{
  SwStateType type = sw_state_get_state_type (state);

  if (type == SW_STATE_TYPE_PARALLEL)
    return g_list_model_get_n_items (sw_state_get_branches (state)) > 0;
  if (type == SW_STATE_TYPE_MAP)
    return sw_state_get_processor (state) != NULL;
  return FALSE;
}

/* Lays out the branches of a container state, inside its box at (0, 0). */
static void
layout_container (SwLayout *self,
                  SwState  *state,
                  guint     global)
{
  g_autoptr(GPtrArray) machines = g_ptr_array_new ();
  g_autofree Range *ranges = NULL;
  g_autofree double *content = NULL;
  SwLayoutContainer container = { 0 };
  double inner_width = 0, inner_height = BRANCH_MIN_H, x;
  guint index = self->containers->len;
  SwLayoutNode *node;

  if (sw_state_get_state_type (state) == SW_STATE_TYPE_PARALLEL)
    {
      GListModel *branches = sw_state_get_branches (state);

      for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
        {
          SwMachine *machine = g_list_model_get_item (branches, i);

          g_ptr_array_add (machines, machine);
          g_object_unref (machine);   /* the state keeps its branches */
        }
    }
  else
    g_ptr_array_add (machines, sw_state_get_processor (state));

  container.node = (int) global;
  container.n_branches = machines->len;
  container.branches = g_new0 (SwLayoutBox, machines->len);
  g_array_append_val (self->containers, container);
  NODE (self, global)->container = (int) index;

  ranges = g_new0 (Range, machines->len);
  content = g_new0 (double, machines->len);
  for (guint i = 0; i < machines->len; i++)
    {
      layout_machine (self, g_ptr_array_index (machines, i), FALSE, (int) global, (int) i,
                      &ranges[i]);
      content[i] = ranges[i].width;
      ranges[i].width = MAX (ranges[i].width, BRANCH_MIN_W) + 2 * PADDING;
      inner_width += ranges[i].width + (i > 0 ? BRANCH_GAP : 0);
      inner_height = MAX (inner_height, ranges[i].height);
    }
  inner_height += 2 * PADDING;

  node = NODE (self, global);
  node->box.width = 2 * ceil (MAX (NODE_WIDTH, inner_width + 2 * PADDING) / 2);
  node->box.height = HEADER_HEIGHT + inner_height + PADDING;

  x = (node->box.width - inner_width) / 2;
  for (guint i = 0; i < machines->len; i++)
    {
      SwLayoutContainer *c = CONTAINER (self, index);
      SwLayoutBox *area = &c->branches[i];
      double inner = ranges[i].width - 2 * PADDING;

      area->x = x;
      area->y = HEADER_HEIGHT;
      area->width = ranges[i].width;
      area->height = inner_height;
      translate (self, &ranges[i],
                 x + PADDING + floor ((inner - MIN (content[i], inner)) / 2),
                 HEADER_HEIGHT + PADDING);
      x += ranges[i].width + BRANCH_GAP;
    }
  {
    SwLayoutContainer *c = CONTAINER (self, index);

    c->box = node->box;
    c->box.x = c->box.y = 0;
    c->header.width = node->box.width;
    c->header.height = HEADER_HEIGHT;
  }
}

static void
reroute_straight (SwLayout     *self,
                  SwLayoutEdge *edge)
{
  const SwLayoutBox *a = &NODE (self, edge->from)->box;
  const SwLayoutBox *b = &NODE (self, edge->to)->box;
  double ax = a->x + a->width / 2, bx = b->x + b->width / 2;

  g_free (edge->points);
  if (b->y >= a->y + a->height)
    {
      edge->n_points = 2;
      edge->points = g_new (double, 4);
      edge->points[0] = ax;
      edge->points[1] = a->y + a->height;
      edge->points[2] = bx;
      edge->points[3] = b->y;
    }
  else if (b->y + b->height <= a->y)
    {
      double side = MAX (a->x + a->width, b->x + b->width) + 24;

      edge->n_points = 4;
      edge->points = g_new (double, 8);
      edge->points[0] = a->x + a->width;
      edge->points[1] = a->y + a->height / 2;
      edge->points[2] = side;
      edge->points[3] = a->y + a->height / 2;
      edge->points[4] = side;
      edge->points[5] = b->y + b->height / 2;
      edge->points[6] = b->x + b->width;
      edge->points[7] = b->y + b->height / 2;
    }
  else
    {
      gboolean right = bx >= ax;

      edge->n_points = 2;
      edge->points = g_new (double, 4);
      edge->points[0] = right ? a->x + a->width : a->x;
      edge->points[1] = a->y + a->height / 2;
      edge->points[2] = right ? b->x : b->x + b->width;
      edge->points[3] = b->y + b->height / 2;
    }
  if (edge->label != NULL)
    {
      edge->label_box.x = (edge->points[0] + edge->points[2]) / 2 - edge->label_box.width / 2;
      edge->label_box.y = (edge->points[1] + edge->points[3]) / 2 - edge->label_box.height / 2;
    }
}

static void
layout_machine (SwLayout  *self,
                SwMachine *machine,
                gboolean   top,
                int        parent,
                int        branch,
                Range     *range)
{
  g_auto(Scope) scope = { 0 };
  guint n_states = sw_machine_get_n_states (machine);
  SwLayeredOptions options;
  SwLayeredResult result;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  int start = -1, end = -1;
  guint n_real;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  gboolean any_pinned = FALSE;

  range_begin (self, range);
  scope.locals = g_array_new (FALSE, FALSE, sizeof (guint));
  scope.lnodes = g_array_new (FALSE, FALSE, sizeof (SwLayeredNode));
  scope.ledges = g_array_new (FALSE, FALSE, sizeof (SwLayeredEdge));
  scope.global_edges = g_array_new (FALSE, FALSE, sizeof (guint));
  scope.names = g_hash_table_new (g_str_hash, g_str_equal);
  scope.missing = g_hash_table_new (g_str_hash, g_str_equal);
  scope.subtrees = g_array_new (FALSE, TRUE, sizeof (Range));

  for (guint i = 0; i < n_states; i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      guint global = add_node (self, SW_LAYOUT_NODE_STATE, sw_state_get_name (state),
                               parent, branch, NODE_WIDTH, NODE_HEIGHT);
      SwLayoutNode *node = NODE (self, global);
      Range subtree = { 0 };
      guint local;

      node->pointer = sw_state_dup_pointer (state);
      node->type = sw_state_get_state_type (state);
      node->summary = state_summary (state, &node->icon);
      if (is_container (state))
        {
          range_begin (self, &subtree);
          subtree.node_first = global + 1;
          layout_container (self, state, global);
          range_end (self, &subtree);
          subtree.container_first = (guint) NODE (self, global)->container;
        }
      local = scope_add_local (self, &scope, global);
      g_array_index (scope.subtrees, Range, local) = subtree;
      if (!g_hash_table_contains (scope.names, sw_state_get_name (state)))
        g_hash_table_insert (scope.names, (gpointer) sw_state_get_name (state),
                             GUINT_TO_POINTER (local + 1));
    }
  n_real = scope.locals->len;

  if (top)
    {
      start = (int) scope_add_local (self, &scope,
                                     add_node (self, SW_LAYOUT_NODE_START, NULL, -1, -1,
                                               MARKER_WIDTH, MARKER_HEIGHT));
      end = (int) scope_add_local (self, &scope,
                                   add_node (self, SW_LAYOUT_NODE_END, NULL, -1, -1,
                                             MARKER_WIDTH, MARKER_HEIGHT));
      if (sw_machine_get_start_at (machine) != NULL)
        scope_add_edge (self, &scope, (guint) start,
                        scope_resolve (self, &scope, sw_machine_get_start_at (machine),
                                       parent, branch),
                        SW_LAYOUT_EDGE_START, -1, NULL);
    }

  for (guint i = 0; i < n_real; i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      g_autoptr(GPtrArray) transitions = sw_state_list_transitions (state);

      for (guint k = 0; k < transitions->len; k++)
        {
          const SwTransition *t = g_ptr_array_index (transitions, k);
          guint target = scope_resolve (self, &scope, t->target, parent, branch);

          scope_add_edge (self, &scope, i, target, (SwLayoutEdgeKind) t->kind, t->index,
                          transition_label (state, t));
        }
      if (top && sw_state_is_terminal (state))
        scope_add_edge (self, &scope, i, (guint) end, SW_LAYOUT_EDGE_END, -1, NULL);
    }

  _sw_layered_options_init (&options);
  options.first = start;
  options.last = end;
  _sw_layered_run (&g_array_index (scope.lnodes, SwLayeredNode, 0), scope.lnodes->len,
                   scope.ledges->len ? &g_array_index (scope.ledges, SwLayeredEdge, 0) : NULL,
                   scope.ledges->len, &options, points, &result);

  /* Place the nodes and what is inside them. */
  for (guint i = 0; i < scope.locals->len; i++)
    {
      const SwLayeredNode *ln = &g_array_index (scope.lnodes, SwLayeredNode, i);
      guint global = g_array_index (scope.locals, guint, i);
      SwLayoutNode *node = NODE (self, global);
      const Range *subtree = &g_array_index (scope.subtrees, Range, i);

      node->box.x = round (ln->x - node->box.width / 2);
      node->box.y = round (ln->y - node->box.height / 2);
      if (node->container >= 0)
        {
          SwLayoutContainer *c = CONTAINER (self, node->container);

          translate (self, subtree, node->box.x, node->box.y);
          c->box = node->box;
        }
    }
  for (guint i = 0; i < scope.ledges->len; i++)
    {
      const SwLayeredEdge *le = &g_array_index (scope.ledges, SwLayeredEdge, i);
      SwLayoutEdge *edge = EDGE (self, g_array_index (scope.global_edges, guint, i));

      edge->back = le->back;
      edge->n_points = le->n_points;
      edge->points = g_memdup2 (&g_array_index (points, double, 2 * le->first_point),
                                sizeof (double) * 2 * le->n_points);
      if (edge->label != NULL)
        {
          edge->label_box.width = le->label_width;
          edge->label_box.height = le->label_height;
          edge->label_box.x = le->label_x - le->label_width / 2;
          edge->label_box.y = le->label_y - le->label_height / 2;
        }
    }

  /* Manual positions from the sidecar: the box moves, its contents with it, and its edges
   * are drawn straight. */
  if (self->positions != NULL && sw_layout_positions_get_size (self->positions) > 0)
    {
      for (guint i = 0; i < n_real; i++)
        {
          guint global = g_array_index (scope.locals, guint, i);
          SwLayoutNode *node = NODE (self, global);
          double x, y;

          if (!sw_layout_positions_lookup (self->positions, node->name, &x, &y))
            continue;
          if (node->container >= 0)
            {
              SwLayoutContainer *c = CONTAINER (self, node->container);

              translate (self, &g_array_index (scope.subtrees, Range, i),
                         x - node->box.x, y - node->box.y);
              c->box.x = x;
              c->box.y = y;
            }
          node->box.x = x;
          node->box.y = y;
          node->pinned = TRUE;
          any_pinned = TRUE;
        }
      if (any_pinned)
        for (guint i = 0; i < scope.ledges->len; i++)
          {
            SwLayoutEdge *edge = EDGE (self, g_array_index (scope.global_edges, guint, i));

            if (NODE (self, edge->from)->pinned || NODE (self, edge->to)->pinned)
              reroute_straight (self, edge);
          }
    }

  /* The scope's box, from (0, 0). */
  range_end (self, range);
  for (guint i = 0; i < scope.locals->len; i++)
    {
      const SwLayoutBox *box = &NODE (self, g_array_index (scope.locals, guint, i))->box;

      min_x = MIN (min_x, box->x);
      min_y = MIN (min_y, box->y);
      max_x = MAX (max_x, box->x + box->width);
      max_y = MAX (max_y, box->y + box->height);
    }
  for (guint i = 0; i < scope.ledges->len; i++)
    {
      const SwLayoutEdge *edge = EDGE (self, g_array_index (scope.global_edges, guint, i));

      for (guint k = 0; k < edge->n_points; k++)
        {
          min_x = MIN (min_x, edge->points[2 * k]);
          max_x = MAX (max_x, edge->points[2 * k]);
          min_y = MIN (min_y, edge->points[2 * k + 1]);
          max_y = MAX (max_y, edge->points[2 * k + 1]);
        }
      if (edge->label != NULL)
        {
          min_x = MIN (min_x, edge->label_box.x);
          max_x = MAX (max_x, edge->label_box.x + edge->label_box.width);
          min_y = MIN (min_y, edge->label_box.y);
          max_y = MAX (max_y, edge->label_box.y + edge->label_box.height);
        }
    }
  if (scope.locals->len == 0)
    min_x = min_y = max_x = max_y = 0;
  translate (self, range, -floor (min_x), -floor (min_y));
  range->width = ceil (max_x - floor (min_x));
  range->height = ceil (max_y - floor (min_y));
}

/**
 * sw_layout_new:
 * @machine: the document's root machine
 * @positions: (nullable): manual positions from the layout sidecar
 *
 * Lays out @machine. The layout is a snapshot: it does not follow later edits.
 *
 * Returns: (transfer full): the layout
 */
SwLayout *
sw_layout_new (SwMachine         *machine,
               SwLayoutPositions *positions)
{
  SwLayout *self;
  Range range = { 0 };

  g_return_val_if_fail (SW_IS_MACHINE (machine), NULL);
  g_return_val_if_fail (positions == NULL || SW_IS_LAYOUT_POSITIONS (positions), NULL);

  self = g_object_new (SW_TYPE_LAYOUT, NULL);
  if (positions != NULL)
    self->positions = g_object_ref (positions);
  layout_machine (self, machine, TRUE, -1, -1, &range);
  translate (self, &range, MARGIN, MARGIN);
  self->width = range.width + 2 * MARGIN;
  self->height = range.height + 2 * MARGIN;

  /* States first, so that a missing node never shadows a state of the same name. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->nodes->len; i++)
      {
        const SwLayoutNode *node = NODE (self, i);

        if ((pass == 0) != (node->kind == SW_LAYOUT_NODE_STATE) || node->name == NULL)
          continue;
        if (!g_hash_table_contains (self->by_name, node->name))
          g_hash_table_insert (self->by_name, node->name, GUINT_TO_POINTER (i + 1));
        if (node->pointer != NULL && !g_hash_table_contains (self->by_pointer, node->pointer))
          g_hash_table_insert (self->by_pointer, node->pointer, GUINT_TO_POINTER (i + 1));
      }
  return self;
}

double
sw_layout_get_width (SwLayout *self)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), 0);

  return self->width;
}

double
sw_layout_get_height (SwLayout *self)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), 0);

  return self->height;
}

guint
sw_layout_get_n_nodes (SwLayout *self)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), 0);

  return self->nodes->len;
}

/**
 * sw_layout_get_node:
 *
 * Returns: (transfer none): the node at @index; nodes of a container follow it
 */
const SwLayoutNode *
sw_layout_get_node (SwLayout *self,
                    guint     index)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);

  return NODE (self, index);
}

guint
sw_layout_get_n_edges (SwLayout *self)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), 0);

  return self->edges->len;
}

/**
 * sw_layout_get_edge:
 *
 * Returns: (transfer none): the edge at @index
 */
const SwLayoutEdge *
sw_layout_get_edge (SwLayout *self,
                    guint     index)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->edges->len, NULL);

  return EDGE (self, index);
}

guint
sw_layout_get_n_containers (SwLayout *self)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), 0);

  return self->containers->len;
}

/**
 * sw_layout_get_container:
 *
 * Returns: (transfer none): the container at @index
 */
const SwLayoutContainer *
sw_layout_get_container (SwLayout *self,
                         guint     index)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->containers->len, NULL);

  return CONTAINER (self, index);
}

/**
 * sw_layout_find_node:
 *
 * Returns: the index of the state named @name (or of the missing node standing for it), or
 *   -1
 */
int
sw_layout_find_node (SwLayout   *self,
                     const char *name)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_name, name)) - 1;
}

/**
 * sw_layout_find_node_for_pointer:
 * @pointer: a JSON Pointer into the document, as diagnostics carry
 *
 * Returns: the index of the innermost state holding what @pointer points at, or -1
 */
int
sw_layout_find_node_for_pointer (SwLayout   *self,
                                 const char *pointer)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (SW_IS_LAYOUT (self), -1);
  g_return_val_if_fail (pointer != NULL, -1);

  prefix = g_strdup (pointer);
  while (prefix[0] != '\0')
    {
      gpointer found = g_hash_table_lookup (self->by_pointer, prefix);
      char *slash;

      if (found != NULL)
        return (int) GPOINTER_TO_UINT (found) - 1;
      slash = strrchr (prefix, '/');
      if (slash == NULL)
        break;
      *slash = '\0';
    }
  return -1;
}

/**
 * sw_layout_node_at:
 *
 * Returns: the index of the innermost node whose box holds (@x, @y), or -1
 */
int
sw_layout_node_at (SwLayout *self,
                   double    x,
                   double    y)
{
  g_return_val_if_fail (SW_IS_LAYOUT (self), -1);

  for (guint i = self->nodes->len; i-- > 0;)
    {
      const SwLayoutBox *box = &NODE (self, i)->box;

      if (x >= box->x && x < box->x + box->width && y >= box->y && y < box->y + box->height)
        return (int) i;
    }
  return -1;
}

/**
 * sw_layout_get_scope_origin:
 * @x: (out): left of the scope's coordinates, in diagram coordinates
 * @y: (out): top
 *
 * Gives the origin that manual positions of the node at @index are relative to (see
 * #SwLayoutPositions): subtract it from a diagram position before storing it.
 */
void
sw_layout_get_scope_origin (SwLayout *self,
                            guint     index,
                            double   *x,
                            double   *y)
{
  g_return_if_fail (SW_IS_LAYOUT (self));
  g_return_if_fail (index < self->nodes->len);

  *x = NODE_DATA (self, index)->origin_x;
  *y = NODE_DATA (self, index)->origin_y;
}

/**
 * sw_layout_badges_for_diagnostics:
 * @diagnostics: (element-type SwDiagnostic): the validator's findings
 *
 * Returns: (transfer full): state name → the most severe finding about it, as
 *   `GINT_TO_POINTER (severity + 1)`, ready for #SwPaintOptions
 */
GHashTable *
sw_layout_badges_for_diagnostics (SwLayout  *self,
                                  GPtrArray *diagnostics)
{
  GHashTable *badges;

  g_return_val_if_fail (SW_IS_LAYOUT (self), NULL);

  badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const SwDiagnostic *d = g_ptr_array_index (diagnostics, i);
      int index = d->pointer ? sw_layout_find_node_for_pointer (self, d->pointer) : -1;
      const char *name;
      int old;

      if (index < 0 && g_strcmp0 (d->pointer, "/StartAt") == 0)
        {
          /* A StartAt naming nothing: badge the missing node drawn for it. */
          for (guint e = 0; e < self->edges->len; e++)
            if (EDGE (self, e)->kind == SW_LAYOUT_EDGE_START)
              index = EDGE (self, e)->to;
        }
      if (index < 0 || (name = NODE (self, index)->name) == NULL)
        continue;
      old = GPOINTER_TO_INT (g_hash_table_lookup (badges, name));
      /* SW_SEVERITY_ERROR is 0: lower is more severe */
      if (old == 0 || (int) d->severity + 1 < old)
        g_hash_table_replace (badges, g_strdup (name), GINT_TO_POINTER ((int) d->severity + 1));
    }
  return badges;
}

/**
 * sw_layout_get_stats:
 *
 * Counts nodes (states, markers and missing nodes), edges, crossings (as
 * sw_crossings_count() counts them), bends and the size.
 */
void
sw_layout_get_stats (SwLayout      *self,
                     SwLayoutStats *stats)
{
  g_autofree SwPolyline *lines = NULL;

  g_return_if_fail (SW_IS_LAYOUT (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  stats->n_nodes = self->nodes->len;
  stats->n_edges = self->edges->len;
  stats->width = self->width;
  stats->height = self->height;
  lines = g_new0 (SwPolyline, MAX (self->edges->len, 1));
  for (guint i = 0; i < self->edges->len; i++)
    {
      const SwLayoutEdge *edge = EDGE (self, i);

      lines[i].points = edge->points;
      lines[i].n_points = edge->n_points;
      lines[i].from = edge->from;
      lines[i].to = edge->to;
      if (edge->n_points > 2)
        stats->bends += edge->n_points - 2;
    }
  stats->crossings = sw_crossings_count (lines, self->edges->len);
}

const char *
sw_layout_edge_kind_to_string (SwLayoutEdgeKind kind)
{
  switch (kind)
    {
    case SW_LAYOUT_EDGE_NEXT: return "next";
    case SW_LAYOUT_EDGE_CHOICE: return "choice";
    case SW_LAYOUT_EDGE_DEFAULT: return "default";
    case SW_LAYOUT_EDGE_CATCH: return "catch";
    case SW_LAYOUT_EDGE_START: return "start";
    case SW_LAYOUT_EDGE_END: return "end";
    default: return "unknown";
    }
}

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == floor (value) && fabs (value) < 1e15)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static void
append_box (GString           *out,
            const SwLayoutBox *box)
{
  g_string_append (out, "\"x\": ");
  append_number (out, box->x);
  g_string_append (out, ", \"y\": ");
  append_number (out, box->y);
  g_string_append (out, ", \"width\": ");
  append_number (out, box->width);
  g_string_append (out, ", \"height\": ");
  append_number (out, box->height);
}

static void
append_name (GString    *out,
             const char *name)
{
  if (name == NULL)
    g_string_append (out, "null");
  else
    sw_json_append_string (out, name, strlen (name));
}

/**
 * sw_layout_to_json:
 *
 * The layout as `stepwise-cli layout` prints it: `width`, `height`, `nodes` (states and
 * missing targets: name, x, y, width, height), `markers` (start, end), `containers` (state
 * name, box, the box of each branch) and `edges` (`from`, `to` — %NULL for a marker —,
 * kind, label, `back`, `points` as the polyline the painter draws). One item per line.
 *
 * Returns: (transfer full): JSON text ending with a newline
 */
char *
sw_layout_to_json (SwLayout *self,
                   gsize    *length)
{
  GString *out;
  gboolean first = TRUE;

  g_return_val_if_fail (SW_IS_LAYOUT (self), NULL);

  out = g_string_new ("{\n  \"width\": ");
  append_number (out, self->width);
  g_string_append (out, ",\n  \"height\": ");
  append_number (out, self->height);

  g_string_append (out, ",\n  \"nodes\": [");
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const SwLayoutNode *node = NODE (self, i);

      if (node->kind != SW_LAYOUT_NODE_STATE && node->kind != SW_LAYOUT_NODE_MISSING)
        continue;
      g_string_append (out, first ? "\n    { \"name\": " : ",\n    { \"name\": ");
      first = FALSE;
      append_name (out, node->name);
      if (node->kind == SW_LAYOUT_NODE_STATE)
        {
          g_string_append (out, ", \"type\": ");
          append_name (out, sw_state_type_to_string (node->type));
        }
      else
        g_string_append (out, ", \"missing\": true");
      g_string_append (out, ", ");
      append_box (out, &node->box);
      if (node->parent >= 0)
        {
          g_string_append (out, ", \"parent\": ");
          append_name (out, NODE (self, node->parent)->name);
          g_string_append_printf (out, ", \"branch\": %d", node->branch);
        }
      if (node->pinned)
        g_string_append (out, ", \"pinned\": true");
      g_string_append (out, " }");
    }
  g_string_append (out, first ? "]" : "\n  ]");

  first = TRUE;
  g_string_append (out, ",\n  \"markers\": [");
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const SwLayoutNode *node = NODE (self, i);

      if (node->kind != SW_LAYOUT_NODE_START && node->kind != SW_LAYOUT_NODE_END)
        continue;
      g_string_append (out, first ? "\n    { \"kind\": " : ",\n    { \"kind\": ");
      first = FALSE;
      append_name (out, node->kind == SW_LAYOUT_NODE_START ? "start" : "end");
      g_string_append (out, ", ");
      append_box (out, &node->box);
      g_string_append (out, " }");
    }
  g_string_append (out, first ? "]" : "\n  ]");

  g_string_append (out, ",\n  \"containers\": [");
  for (guint i = 0; i < self->containers->len; i++)
    {
      const SwLayoutContainer *c = CONTAINER (self, i);

      g_string_append (out, i == 0 ? "\n    { \"state\": " : ",\n    { \"state\": ");
      append_name (out, NODE (self, c->node)->name);
      g_string_append (out, ", ");
      append_box (out, &c->box);
      g_string_append (out, ", \"branches\": [");
      for (guint b = 0; b < c->n_branches; b++)
        {
          g_string_append (out, b == 0 ? "{ " : ", { ");
          append_box (out, &c->branches[b]);
          g_string_append (out, " }");
        }
      g_string_append (out, "] }");
    }
  g_string_append (out, self->containers->len == 0 ? "]" : "\n  ]");

  g_string_append (out, ",\n  \"edges\": [");
  for (guint i = 0; i < self->edges->len; i++)
    {
      const SwLayoutEdge *edge = EDGE (self, i);

      g_string_append (out, i == 0 ? "\n    { \"from\": " : ",\n    { \"from\": ");
      append_name (out, NODE (self, edge->from)->kind == SW_LAYOUT_NODE_START
                   ? NULL : NODE (self, edge->from)->name);
      g_string_append (out, ", \"to\": ");
      append_name (out, NODE (self, edge->to)->kind == SW_LAYOUT_NODE_END
                   ? NULL : NODE (self, edge->to)->name);
      g_string_append (out, ", \"kind\": ");
      append_name (out, sw_layout_edge_kind_to_string (edge->kind));
      if (edge->label != NULL)
        {
          g_string_append (out, ", \"label\": ");
          append_name (out, edge->label);
        }
      if (edge->back)
        g_string_append (out, ", \"back\": true");
      g_string_append (out, ", \"points\": [");
      for (guint k = 0; k < edge->n_points; k++)
        {
          g_string_append (out, k == 0 ? "[" : ", [");
          append_number (out, edge->points[2 * k]);
          g_string_append (out, ", ");
          append_number (out, edge->points[2 * k + 1]);
          g_string_append (out, "]");
        }
      g_string_append (out, "] }");
    }
  g_string_append (out, self->edges->len == 0 ? "]" : "\n  ]");
  g_string_append (out, "\n}\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
