/* sw-plan-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-intrinsic.h"
#include "sw-jsonata.h"
#include "sw-payload.h"
#include "sw-value.h"

G_BEGIN_DECLS

/* A definition compiled for running: every state resolved to a struct, every path, template
 * and rule parsed once. The plan keeps a reference on the definition; plans are immutable and
 * shared by every execution of a definition. */

typedef enum
{
  SW_PLAN_PASS,
  SW_PLAN_TASK,
  SW_PLAN_CHOICE,
  SW_PLAN_WAIT,
  SW_PLAN_SUCCEED,
  SW_PLAN_FAIL,
  SW_PLAN_PARALLEL,
  SW_PLAN_MAP,
} SwPlanStateType;

typedef struct _SwPlan SwPlan;
typedef struct _SwPlanMachine SwPlanMachine;
typedef struct _SwPlanState SwPlanState;
typedef struct _SwPlanRule SwPlanRule;

/* A field of a JSONata state: a JSON value whose `{% … %}` strings are expressions
 * (sw-plan-jsonata.c). */
typedef struct _SwPlanTemplate SwPlanTemplate;

/* A reference path split into steps, for ResultPath. */
typedef struct
{
  char *text;
  guint n_steps;
  char **names;    /* NULL entry for an index step */
  gint64 *indexes;
} SwPlanRefPath;

typedef struct
{
  char **errors;
  double interval_seconds;
  guint max_attempts;
  double backoff_rate;
  double max_delay_seconds;   /* 0 for none */
  gboolean jitter_full;
} SwPlanRetrier;

typedef struct
{
  char **errors;
  char *next_name;
  SwPlanState *next;
  SwPlanRefPath *result_path;   /* NULL: `$` */
  gboolean result_discard;      /* "ResultPath": null */
  SwPayload *assign;
  SwPlanTemplate *ja_output;    /* JSONata */
  SwPlanTemplate *ja_assign;
} SwPlanCatcher;

/* A string or number field that may come from a path or an intrinsic function instead. */
typedef struct
{
  gboolean set;
  SwValue *value;               /* literal */
  SwEvalPath *path;             /* `…Path` form */
  SwIntrinsic *call;            /* Fail's ErrorPath/CausePath may hold a call */
  SwPlanTemplate *expr;         /* JSONata: `{% … %}` */
} SwPlanField;

typedef enum
{
  SW_RULE_AND,
  SW_RULE_OR,
  SW_RULE_NOT,
  SW_RULE_TEST,
} SwRuleKind;

typedef enum
{
  SW_CMP_STRING_EQUALS,
  SW_CMP_STRING_LESS_THAN,
  SW_CMP_STRING_GREATER_THAN,
  SW_CMP_STRING_LESS_THAN_EQUALS,
  SW_CMP_STRING_GREATER_THAN_EQUALS,
  SW_CMP_STRING_MATCHES,
  SW_CMP_NUMERIC_EQUALS,
  SW_CMP_NUMERIC_LESS_THAN,
  SW_CMP_NUMERIC_GREATER_THAN,
  SW_CMP_NUMERIC_LESS_THAN_EQUALS,
  SW_CMP_NUMERIC_GREATER_THAN_EQUALS,
  SW_CMP_BOOLEAN_EQUALS,
  SW_CMP_TIMESTAMP_EQUALS,
  SW_CMP_TIMESTAMP_LESS_THAN,
  SW_CMP_TIMESTAMP_GREATER_THAN,
  SW_CMP_TIMESTAMP_LESS_THAN_EQUALS,
  SW_CMP_TIMESTAMP_GREATER_THAN_EQUALS,
  SW_CMP_IS_NULL,
  SW_CMP_IS_PRESENT,
  SW_CMP_IS_NUMERIC,
  SW_CMP_IS_STRING,
  SW_CMP_IS_BOOLEAN,
  SW_CMP_IS_TIMESTAMP,
} SwCompareOp;

struct _SwPlanRule
{
  SwRuleKind kind;
  GPtrArray *children;     /* SwPlanRule*, for And, Or, Not */
  SwEvalPath *variable;
  SwCompareOp op;
  const char *op_name;     /* as written, with Path when the operand is a path */
  SwValue *operand;        /* literal operand */
  SwEvalPath *operand_path;
  double number;           /* literal numeric operand */
  gint64 timestamp_ns;     /* literal timestamp operand */
  /* top-level rules only */
  char *next_name;
  SwPlanState *next;
  SwPayload *assign;
  SwPlanTemplate *ja_condition; /* JSONata */
  SwPlanTemplate *ja_output;
  SwPlanTemplate *ja_assign;
};

struct _SwPlanState
{
  char *name;
  SwPlanStateType type;
  const char *type_name;
  SwPlanMachine *owner;
  SwValue *definition;       /* the state's object */

  char *next_name;
  SwPlanState *next;
  gboolean end;
  gboolean jsonata;
  gboolean uses_context;     /* some string of the state holds `$$` */

  SwEvalPath *input_path;    /* NULL: `$` */
  gboolean input_discard;
  SwEvalPath *output_path;
  gboolean output_discard;
  SwPlanRefPath *result_path;
  gboolean result_discard;
  SwPayload *parameters;
  SwPayload *result_selector;
  SwValue *result;           /* Pass */
  SwPayload *assign;
  GPtrArray *retriers;       /* SwPlanRetrier* */
  GPtrArray *catchers;       /* SwPlanCatcher* */

  /* Task */
  char *resource;
  SwPlanField timeout_seconds;
  SwPlanField heartbeat_seconds;

  /* Choice */
  GPtrArray *choices;        /* SwPlanRule* */
  char *default_name;
  SwPlanState *default_state;

  /* Wait */
  SwPlanField seconds;
  SwPlanField timestamp;

  /* Fail */
  SwPlanField error;
  SwPlanField cause;

  /* Parallel */
  GPtrArray *branches;       /* SwPlanMachine* */

  /* Map */
  SwPlanMachine *processor;
  SwEvalPath *items_path;
  SwPayload *item_selector;
  SwPlanField max_concurrency;
  gboolean distributed;
  SwValue *item_reader;
  SwValue *item_batcher;
  SwValue *result_writer;
  SwPlanField tolerated_count;
  SwPlanField tolerated_percentage;
  char *label;

  /* JSONata */
  SwPlanTemplate *ja_arguments;
  SwPlanTemplate *ja_output;
  SwPlanTemplate *ja_assign;
  SwPlanTemplate *ja_items;
  SwPlanTemplate *ja_item_selector;
  SwPlanTemplate *ja_item_reader;
  SwPlanTemplate *ja_item_batcher;
  SwPlanTemplate *ja_result_writer;
};

struct _SwPlanMachine
{
  SwPlanMachine *parent;
  SwPlanState *owner;        /* the Parallel or Map state, NULL for the top level */
  char *start_name;
  SwPlanState *start;
  GPtrArray *states;         /* SwPlanState*, in authored order */
  GHashTable *by_name;
  gboolean jsonata;
};

struct _SwPlan
{
  gatomicrefcount ref_count;
  SwValue *definition;
  SwPlanMachine *root;
  double timeout_seconds;    /* 0 for none */
  GHashTable *all_states;    /* name → SwPlanState*, every level */
};

SwPlan      *_sw_plan_compile         (SwValue          *definition,
                                       GError          **error);
SwPlan      *_sw_plan_ref             (SwPlan           *plan);
void         _sw_plan_unref           (SwPlan           *plan);

SwPlanRule  *_sw_plan_rule_compile    (SwValue          *rule,
                                       gboolean          top_level,
                                       gboolean          jsonata,
                                       GError          **error);
void         _sw_plan_rule_free       (SwPlanRule       *rule);

/* Evaluates a Choice rule. Returns FALSE with @error set (States.Runtime) when a Variable or
 * operand path matches nothing. */
gboolean     _sw_plan_rule_eval       (const SwPlanRule *rule,
                                       SwEvalScope      *scope,
                                       gboolean         *matched,
                                       GError          **error);

gboolean     _sw_plan_parse_timestamp (const char       *text,
                                       gint64           *ns);
gboolean     _sw_plan_string_matches  (const char       *text,
                                       const char       *pattern);

SwPlanRefPath *_sw_plan_ref_path_parse (const char      *text,
                                        GError         **error);
void           _sw_plan_ref_path_free  (SwPlanRefPath   *path);
SwValue       *_sw_plan_ref_path_apply (const SwPlanRefPath *path,
                                        SwValue         *input,
                                        SwValue         *value,
                                        GError         **error);

/* sw-plan-jsonata.c */
const char     *_sw_plan_jsonata_expression   (const char            *text,
                                               gsize                 *length);
SwPlanTemplate *_sw_plan_template_compile     (SwValue               *value,
                                               const char            *field,
                                               GError               **error);
void            _sw_plan_template_free        (SwPlanTemplate        *template);
gboolean        _sw_plan_template_is_constant (const SwPlanTemplate  *template);
gboolean        _sw_plan_template_uses_states (const SwPlanTemplate  *template);
gboolean        _sw_plan_template_uses_context (const SwPlanTemplate *template);
guint           _sw_plan_template_n_expressions (const SwPlanTemplate *template);
const char *const *_sw_plan_template_get_names (const SwPlanTemplate *template,
                                               guint                 *n_names);
const char     *_sw_plan_template_field       (const SwPlanTemplate  *template);
SwValue        *_sw_plan_template_eval        (const SwPlanTemplate  *template,
                                               const SwValue         *bindings,
                                               SwJsonataDocument     *scope,
                                               const SwJsonataLimits *limits,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwPlan, _sw_plan_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwPlanRule, _sw_plan_rule_free)

G_END_DECLS
