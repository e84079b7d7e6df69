/* sw-jsonata-eval.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSONata evaluator. It walks the processed syntax tree the way the reference
 * implementation does, including the details the language inherits from it: sequences that
 * collapse to a single value, arrays built by a constructor that do not flatten, tuple streams
 * for the focus (@), index (#) and parent (%) operators, and tail calls run by a trampoline so
 * tail recursion does not grow the stack. */

#include <math.h>
#include <string.h>

#include "sw-jsonata-private.h"

static JnVal eval         (JnCtx *ctx, const JnNode *expr, JnVal input, JnFrame *env);
static JnVal apply_inner  (JnCtx *ctx, JnVal proc, JnVal *args, guint n_args, JnVal input,
                           JnFrame *env);

#define CHECK(ctx) G_STMT_START { if (JN_FAILED (ctx)) return JN_UNDEF_VAL; } G_STMT_END

static void
set_position_token (JnCtx      *ctx,
                    int         position,
                    const char *token)
{
  if (ctx->error == NULL)
    return;
  ctx->error->position = position;
  if (token != NULL)
    ctx->error->token = jn_arena_strndup (ctx->arena, token, strlen (token));
}

static void
annotate (JnCtx      *ctx,
          int         position,
          const char *token)
{
  if (ctx->error == NULL)
    return;
  if (ctx->error->position < 0)
    ctx->error->position = position;
  if (ctx->error->token == NULL && token != NULL)
    ctx->error->token = jn_arena_strndup (ctx->arena, token, strlen (token));
}

static JnFrame *
frame_from_tuple (JnCtx   *ctx,
                  JnFrame *env,
                  JnTuple *tuple)
{
  JnFrame *frame = jn_frame_new (ctx, env);

  frame->b = jn_arena_alloc (ctx->arena, tuple->len * sizeof (JnBinding));
  memcpy (frame->b, tuple->b, tuple->len * sizeof (JnBinding));
  frame->len = frame->cap = tuple->len;
  return frame;
}

static JnVal
func_value (JnCtx      *ctx,
            JnFuncKind  kind)
{
  JnFunc *f = jn_arena_alloc0 (ctx->arena, sizeof (JnFunc));

  f->kind = kind;
  return (JnVal) { .type = JN_FUNC, .u.f = f };
}

static JnVal
lookup_variable (JnCtx      *ctx,
                 JnFrame    *env,
                 const char *name,
                 guint32     hash)
{
  JnVal v;
  const JnBuiltin *builtin;

  if (jn_frame_lookup (env, name, hash, &v))
    return v;
  builtin = jn_builtin_lookup (name, hash);
  if (builtin != NULL)
    {
      JnVal f = func_value (ctx, JN_FN_BUILTIN);

      f.u.f->builtin = builtin;
      f.u.f->sig = builtin->sig;
      return f;
    }
  return JN_UNDEF_VAL;
}

/* JavaScript truthiness, which $sort applies to what a comparator returns */
static gboolean
js_truthy (JnVal v)
{
  switch (v.type)
    {
    case JN_UNDEF:
    case JN_NULL:
      return FALSE;
    case JN_BOOL:
      return v.b;
    case JN_NUMBER:
      return v.u.n != 0 && !isnan (v.u.n);
    case JN_STRING:
      return v.aux > 0;
    default:
      return TRUE;
    }
}

/* ---- Signatures */

typedef struct
{
  const JnSig *sig;
  const char  *symbols;
  gsize        n_symbols;
  guint       *lens;
  gboolean     anchored;
  guint        upto;
} SigMatch;

static gboolean
in_class (const char *classes,
          char        symbol)
{
  return strchr (classes, symbol) != NULL && symbol != '\0';
}

static gboolean
sig_match (SigMatch *m,
           guint     i,
           gsize     pos)
{
  const JnSigParam *param;
  gsize run = 0;
  int counts[64];
  guint n_counts = 0;

  if (i == m->upto)
    return !m->anchored || pos == m->n_symbols;
  param = &m->sig->params[i];
  while (pos + run < m->n_symbols && in_class (param->classes, m->symbols[pos + run]))
    run++;

  if (strcmp (param->quant, "") == 0)
    {
      if (run >= 1)
        counts[n_counts++] = 1;
    }
  else if (strcmp (param->quant, "?") == 0)
    {
      if (run >= 1)
        counts[n_counts++] = 1;
      counts[n_counts++] = 0;
    }
  else if (strcmp (param->quant, "??") == 0)
    {
      counts[n_counts++] = 0;
      if (run >= 1)
        counts[n_counts++] = 1;
    }
  else if (param->quant[0] == '+')
    {
      for (gsize c = MIN (run, 63); c >= 1; c--)
        counts[n_counts++] = (int) c;
    }
  else
    {
      if (run >= 1)
        counts[n_counts++] = 1;
      counts[n_counts++] = 0;
    }

  for (guint k = 0; k < n_counts; k++)
    {
      m->lens[i] = (guint) counts[k];
      if (sig_match (m, i + 1, pos + (gsize) counts[k]))
        return TRUE;
    }
  return FALSE;
}

static const char *
array_type_name (const char *subtype)
{
  switch (subtype != NULL ? subtype[0] : 0)
    {
    case 'a': return "arrays";
    case 'b': return "booleans";
    case 'f': return "functions";
    case 'n': return "numbers";
    case 'o': return "objects";
    case 's': return "strings";
    default: return "undefined";
    }
}

/* Validates @args against @sig, as the reference's regular expression does; fills @out (of
 * sig->n_params + n_args slots) and returns the count, or -1 with an error set. */
static int
sig_validate (JnCtx       *ctx,
              const JnSig *sig,
              JnVal       *args,
              guint        n_args,
              JnVal        context,
              JnVal       *out)
{
  char symbols[128];
  guint lens[64];
  SigMatch m = { sig, symbols, 0, lens, TRUE, sig->n_params };
  guint arg_index = 0;
  int n_out = 0;

  if (n_args >= sizeof symbols || sig->n_params >= G_N_ELEMENTS (lens))
    {
      jn_error (ctx, "T0410", -1, NULL);
      ctx->error->index = (int) MIN (n_args, sig->n_params) + 1;
      return -1;
    }
  for (guint i = 0; i < n_args; i++)
    symbols[i] = jn_type_symbol (args[i]);
  symbols[n_args] = '\0';
  m.n_symbols = n_args;

  if (!sig_match (&m, 0, 0))
    {
      gsize good_to = 0;

      m.anchored = FALSE;
      for (guint k = 1; k <= sig->n_params; k++)
        {
          gsize total = 0;

          m.upto = k;
          if (!sig_match (&m, 0, 0))
            break;
          for (guint j = 0; j < k; j++)
            total += lens[j];
          good_to = total;
        }
      jn_error (ctx, "T0410", -1, NULL);
      ctx->error->index = (int) good_to + 1;
      if (good_to < n_args)
        jn_error_value (ctx, args[good_to]);
      return -1;
    }

  for (guint i = 0; i < sig->n_params; i++)
    {
      const JnSigParam *param = &sig->params[i];

      if (lens[i] == 0)
        {
          if (param->context)
            {
              char t = jn_type_symbol (context);

              if (in_class (param->context_classes, t))
                {
                  out[n_out++] = context;
                }
              else
                {
                  jn_error (ctx, "T0411", -1, NULL);
                  ctx->error->index = (int) arg_index + 1;
                  jn_error_value (ctx, context);
                  return -1;
                }
            }
          else
            {
              out[n_out++] = arg_index < n_args ? args[arg_index] : JN_UNDEF_VAL;
              arg_index++;
            }
          continue;
        }

      for (guint k = 0; k < lens[i]; k++)
        {
          JnVal arg = args[arg_index];
          char single = symbols[arg_index];

          if (param->type == 'a')
            {
              if (single == 'm')
                {
                  arg = JN_UNDEF_VAL;
                }
              else
                {
                  gboolean ok = TRUE;

                  if (param->subtype != NULL)
                    {
                      if (single != 'a' && !(lens[i] == 1 && param->subtype[0] == single
                                             && param->subtype[1] == '\0'))
                        ok = FALSE;
                      else if (single == 'a' && arg.u.a->len > 0)
                        {
                          char item_type = jn_type_symbol (arg.u.a->items[0]);

                          if (item_type != param->subtype[0])
                            ok = FALSE;
                          else
                            for (guint j = 0; j < arg.u.a->len; j++)
                              if (jn_type_symbol (arg.u.a->items[j]) != item_type)
                                {
                                  ok = FALSE;
                                  break;
                                }
                        }
                    }
                  if (!ok)
                    {
                      jn_error (ctx, "T0412", -1, NULL);
                      ctx->error->index = (int) arg_index + 1;
                      ctx->error->detail = (char *) array_type_name (param->subtype);
                      jn_error_value (ctx, arg);
                      return -1;
                    }
                  if (single != 'a')
                    {
                      JnVal wrapped = jn_arr_new (ctx, 1);

                      wrapped.u.a->items[0] = arg;
                      wrapped.u.a->len = 1;
                      arg = wrapped;
                    }
                }
            }
          out[n_out++] = arg;
          arg_index++;
        }
    }
  return n_out;
}

/* ---- Paths */

static JnVal eval_filter (JnCtx *ctx, const JnNode *predicate, JnVal input, JnFrame *env);
static JnVal eval_group  (JnCtx *ctx, const JnNode *keys_node, const JnGroup *group,
                          JnVal input, JnFrame *env);
static JnVal eval_sort   (JnCtx *ctx, const JnNode *expr, JnVal input, JnFrame *env);

static JnVal
eval_stages (JnCtx          *ctx,
             const JnStages *stages,
             JnVal           input,
             JnFrame        *env)
{
  JnVal result = input;

  for (guint s = 0; s < stages->len; s++)
    {
      const JnStage *stage = &stages->items[s];

      if (stage->type == 'f')
        {
          result = eval_filter (ctx, stage->expr, result, env);
          CHECK (ctx);
        }
      else if (result.type == JN_ARRAY)
        {
          for (guint e = 0; e < result.u.a->len; e++)
            {
              JnVal t = result.u.a->items[e];

              if (t.type == JN_TUPLE)
                jn_tuple_set (ctx, t.u.t, stage->var, jn_num (e));
            }
        }
    }
  return result;
}

static JnVal
eval_step (JnCtx        *ctx,
           const JnNode *step,
           JnVal         input,
           JnFrame      *env,
           gboolean      last)
{
  JnVal result;
  JnVal seq;

  if (step->type == JN_NODE_SORT)
    {
      result = eval_sort (ctx, step, input, env);
      CHECK (ctx);
      if (step->stages != NULL)
        result = eval_stages (ctx, step->stages, result, env);
      return result;
    }

  result = jn_seq_new (ctx);
  if (input.type == JN_ARRAY)
    {
      for (guint i = 0; i < input.u.a->len; i++)
        {
          JnVal res = eval (ctx, step, input.u.a->items[i], env);

          CHECK (ctx);
          if (step->stages != NULL)
            for (guint s = 0; s < step->stages->len; s++)
              {
                res = eval_filter (ctx, step->stages->items[s].expr, res, env);
                CHECK (ctx);
              }
          if (res.type != JN_UNDEF)
            jn_arr_push (ctx, result.u.a, res);
        }
    }

  if (last && result.u.a->len == 1 && result.u.a->items[0].type == JN_ARRAY
      && !jn_is_seq (result.u.a->items[0]))
    return result.u.a->items[0];

  seq = jn_seq_new (ctx);
  for (guint i = 0; i < result.u.a->len; i++)
    {
      JnVal res = result.u.a->items[i];

      if (res.type != JN_ARRAY || (res.u.a->flags & JN_ARR_CONS))
        {
          jn_arr_push (ctx, seq.u.a, res);
        }
      else
        {
          for (guint j = 0; j < res.u.a->len; j++)
            jn_arr_push (ctx, seq.u.a, res.u.a->items[j]);
        }
    }
  return seq;
}

static JnVal
eval_tuple_step (JnCtx        *ctx,
                 const JnNode *step,
                 JnVal         input,
                 JnVal         tuples,
                 JnFrame      *env)
{
  JnVal result;

  if (step->type == JN_NODE_SORT)
    {
      if (tuples.type != JN_UNDEF)
        {
          result = eval_sort (ctx, step, tuples, env);
          CHECK (ctx);
        }
      else
        {
          JnVal sorted = eval_sort (ctx, step, input, env);

          CHECK (ctx);
          result = jn_seq_new (ctx);
          result.u.a->flags |= JN_ARR_TUPLE_STREAM;
          if (sorted.type == JN_ARRAY)
            for (guint s = 0; s < sorted.u.a->len; s++)
              {
                JnTuple *t = jn_tuple_new (ctx, sorted.u.a->items[s]);

                if (step->index != NULL)
                  jn_tuple_set (ctx, t, step->index, jn_num (s));
                jn_arr_push (ctx, result.u.a, (JnVal) { .type = JN_TUPLE, .u.t = t });
              }
        }
      if (step->stages != NULL)
        result = eval_stages (ctx, step->stages, result, env);
      return result;
    }

  result = jn_seq_new (ctx);
  result.u.a->flags |= JN_ARR_TUPLE_STREAM;
  if (tuples.type == JN_UNDEF)
    {
      guint n = input.type == JN_ARRAY ? input.u.a->len : 0;

      tuples = jn_arr_new (ctx, n);
      for (guint i = 0; i < n; i++)
        tuples.u.a->items[i] = (JnVal) { .type = JN_TUPLE,
                                         .u.t = jn_tuple_new (ctx, input.u.a->items[i]) };
      tuples.u.a->len = n;
    }

  for (guint e = 0; e < tuples.u.a->len; e++)
    {
      JnTuple *tuple = tuples.u.a->items[e].u.t;
      JnFrame *step_env = frame_from_tuple (ctx, env, tuple);
      JnVal res = eval (ctx, step, tuple->b[0].val, step_env);
      guint n;
      gboolean stream;

      CHECK (ctx);
      if (res.type == JN_UNDEF)
        continue;
      if (res.type != JN_ARRAY)
        {
          JnVal wrapped = jn_arr_new (ctx, 1);

          wrapped.u.a->items[0] = res;
          wrapped.u.a->len = 1;
          res = wrapped;
        }
      n = res.u.a->len;
      stream = (res.u.a->flags & JN_ARR_TUPLE_STREAM) != 0;
      for (guint bb = 0; bb < n; bb++)
        {
          JnTuple *t = jn_tuple_copy (ctx, tuple);
          JnVal item = res.u.a->items[bb];

          if (stream && item.type == JN_TUPLE)
            {
              for (guint k = 0; k < item.u.t->len; k++)
                jn_tuple_set (ctx, t, item.u.t->b[k].name, item.u.t->b[k].val);
            }
          else
            {
              /* JavaScript truthiness: `@$` (an empty name) binds no focus */
              if (step->focus != NULL && step->focus[0] != '\0')
                {
                  jn_tuple_set (ctx, t, step->focus, item);
                  t->b[0].val = tuple->b[0].val;
                }
              else
                {
                  t->b[0].val = item;
                }
              if (step->index != NULL && step->index[0] != '\0')
                jn_tuple_set (ctx, t, step->index, jn_num (bb));
              if (step->ancestor != NULL)
                jn_tuple_set (ctx, t, step->ancestor->label, tuple->b[0].val);
            }
          jn_arr_push (ctx, result.u.a, (JnVal) { .type = JN_TUPLE, .u.t = t });
        }
    }

  if (step->stages != NULL)
    result = eval_stages (ctx, step->stages, result, env);
  return result;
}

static JnVal
eval_path (JnCtx        *ctx,
           const JnNode *expr,
           JnVal         input,
           JnFrame      *env)
{
  JnVal input_seq;
  JnVal result_seq = JN_UNDEF_VAL;
  JnVal tuples = JN_UNDEF_VAL;
  gboolean is_tuple = FALSE;
  guint n_steps = expr->list.len;

  if (input.type == JN_ARRAY && expr->list.items[0]->type != JN_NODE_VARIABLE)
    input_seq = input;
  else
    input_seq = jn_seq_of (ctx, input);

  for (guint i = 0; i < n_steps; i++)
    {
      const JnNode *step = expr->list.items[i];

      if (step->tuple)
        is_tuple = TRUE;

      if (i == 0 && step->consarray)
        result_seq = eval (ctx, step, input_seq, env);
      else if (is_tuple)
        tuples = eval_tuple_step (ctx, step, input_seq, tuples, env);
      else
        result_seq = eval_step (ctx, step, input_seq, env, i == n_steps - 1);
      CHECK (ctx);

      if (!is_tuple && (result_seq.type == JN_UNDEF
                        || (result_seq.type == JN_ARRAY && result_seq.u.a->len == 0)))
        break;

      if (step->focus == NULL)
        input_seq = result_seq;
    }

  if (is_tuple)
    {
      if (expr->tuple)
        {
          result_seq = tuples;
        }
      else
        {
          result_seq = jn_seq_new (ctx);
          if (tuples.type == JN_ARRAY)
            for (guint i = 0; i < tuples.u.a->len; i++)
              jn_arr_push (ctx, result_seq.u.a, tuples.u.a->items[i].u.t->b[0].val);
        }
    }

  if (expr->keep_singleton_array && result_seq.type == JN_ARRAY)
    {
      if ((result_seq.u.a->flags & JN_ARR_CONS) && !(result_seq.u.a->flags & JN_ARR_SEQUENCE))
        result_seq = jn_seq_of (ctx, result_seq);
      /* a prepared input's arrays stay as they are: the flag only tells on sequences */
      if (!(result_seq.u.a->flags & JN_ARR_SHARED))
        result_seq.u.a->flags |= JN_ARR_KEEP_SINGLETON;
    }

  if (expr->group != NULL)
    result_seq = eval_group (ctx, expr, expr->group, is_tuple ? tuples : result_seq, env);

  return result_seq;
}

/* Whether @node reads neither its context nor variables nor functions: literals, and
 * arithmetic, ranges, comparisons and array constructors of them. Its value is then the same
 * for every item a predicate is evaluated on. */
static gboolean
node_is_constant (const JnNode *node,
                  guint         level)
{
  if (node == NULL || level > 8 || node->predicate != NULL || node->stages != NULL ||
      node->group != NULL || node->focus != NULL || node->index != NULL ||
      node->ancestor != NULL || node->tuple || node->keep_array)
    return FALSE;
  switch (node->type)
    {
    case JN_NODE_NUMBER:
    case JN_NODE_STRING:
    case JN_NODE_VALUE:
      return TRUE;
    case JN_NODE_NEGATE:
      return node_is_constant (node->lhs, level + 1);
    case JN_NODE_BINARY:
      switch (node->op)
        {
        case JN_OP_ADD: case JN_OP_SUB: case JN_OP_MUL: case JN_OP_DIV: case JN_OP_MOD:
        case JN_OP_EQ: case JN_OP_NE: case JN_OP_LT: case JN_OP_LE: case JN_OP_GT:
        case JN_OP_GE: case JN_OP_CONCAT: case JN_OP_RANGE:
          return node_is_constant (node->lhs, level + 1) &&
                 node_is_constant (node->rhs, level + 1);
        default:
          return FALSE;
        }
    case JN_NODE_ARRAY:
      if (node->list.len > 64)
        return FALSE;
      for (guint i = 0; i < node->list.len; i++)
        if (!node_is_constant (node->list.items[i], level + 1))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* A constant predicate ([0], [[0..999]], [-1], ["x"]) evaluated once for all the items of
 * @input rather than once per item; the items chosen, in their order, are the same. An
 * error comes from the first item's evaluation as it would. */
static JnVal
filter_constant (JnCtx        *ctx,
                 const JnNode *predicate,
                 JnVal         input,
                 JnVal         results,
                 JnFrame      *env)
{
  guint len = input.u.a->len;
  JnVal res = eval (ctx, predicate, input.u.a->items[0], env);

  CHECK (ctx);
  if (jn_is_numeric (ctx, res) || jn_is_array_of_numbers (ctx, res))
    {
      /* each item as many times as an index names it */
      guint *counts = jn_arena_alloc0 (ctx->arena, len * sizeof (guint));
      JnVal *numbers = res.type == JN_ARRAY ? res.u.a->items : &res;
      guint n = res.type == JN_ARRAY ? res.u.a->len : 1;

      for (guint k = 0; k < n; k++)
        {
          double ii = floor (numbers[k].u.n);

          if (ii < 0)
            ii += len;
          if (ii >= 0 && ii < len)
            counts[(guint) ii]++;
        }
      for (guint index = 0; index < len; index++)
        for (guint c = 0; c < counts[index]; c++)
          jn_arr_push (ctx, results.u.a, input.u.a->items[index]);
      return results;
    }
  CHECK (ctx);
  if (jn_truthy (ctx, res))
    for (guint index = 0; index < len; index++)
      jn_arr_push (ctx, results.u.a, input.u.a->items[index]);
  CHECK (ctx);
  return results;
}

static JnVal
eval_filter (JnCtx        *ctx,
             const JnNode *predicate,
             JnVal         input,
             JnFrame      *env)
{
  JnVal results = jn_seq_new (ctx);
  gboolean stream = input.type == JN_ARRAY && (input.u.a->flags & JN_ARR_TUPLE_STREAM);

  if (stream)
    results.u.a->flags |= JN_ARR_TUPLE_STREAM;
  if (input.type != JN_ARRAY)
    input = jn_seq_of (ctx, input);

  if (predicate->type == JN_NODE_NUMBER)
    {
      double index = floor (predicate->num);

      if (index < 0)
        index += input.u.a->len;
      if (index >= 0 && index < input.u.a->len)
        {
          JnVal item = input.u.a->items[(guint) index];

          if (item.type == JN_ARRAY)
            results = item;
          else if (item.type != JN_UNDEF)
            jn_arr_push (ctx, results.u.a, item);
        }
      return results;
    }

  if (input.u.a->len > 1 && node_is_constant (predicate, 0))
    return filter_constant (ctx, predicate, input, results, env);

  for (guint index = 0; index < input.u.a->len; index++)
    {
      JnVal item = input.u.a->items[index];
      JnVal context = item;
      JnFrame *frame = env;
      JnVal res;

      if (stream && item.type == JN_TUPLE)
        {
          context = item.u.t->b[0].val;
          frame = frame_from_tuple (ctx, env, item.u.t);
        }
      res = eval (ctx, predicate, context, frame);
      CHECK (ctx);
      if (jn_is_numeric (ctx, res))
        {
          double ii = floor (res.u.n);

          if (ii < 0)
            ii += input.u.a->len;
          if (ii == index)
            jn_arr_push (ctx, results.u.a, item);
          continue;
        }
      CHECK (ctx);
      if (jn_is_array_of_numbers (ctx, res))
        {
          for (guint k = 0; k < res.u.a->len; k++)
            {
              double ii = floor (res.u.a->items[k].u.n);

              if (ii < 0)
                ii += input.u.a->len;
              if (ii == index)
                jn_arr_push (ctx, results.u.a, item);
            }
          continue;
        }
      CHECK (ctx);
      if (jn_truthy (ctx, res))
        jn_arr_push (ctx, results.u.a, item);
      CHECK (ctx);
    }
  return results;
}

/* ---- Operators */

static JnVal
numeric_op (JnCtx *ctx,
            JnOp   op,
            JnVal  lhs,
            JnVal  rhs)
{
  double l, r, result = 0;

  if (lhs.type != JN_UNDEF && !jn_is_numeric (ctx, lhs))
    {
      CHECK (ctx);
      jn_error (ctx, "T2001", -1, NULL);
      jn_error_value (ctx, lhs);
      return JN_UNDEF_VAL;
    }
  if (rhs.type != JN_UNDEF && !jn_is_numeric (ctx, rhs))
    {
      CHECK (ctx);
      jn_error (ctx, "T2002", -1, NULL);
      jn_error_value (ctx, rhs);
      return JN_UNDEF_VAL;
    }
  if (lhs.type == JN_UNDEF || rhs.type == JN_UNDEF)
    return JN_UNDEF_VAL;
  l = lhs.u.n;
  r = rhs.u.n;
  switch (op)
    {
    case JN_OP_ADD: result = l + r; break;
    case JN_OP_SUB: result = l - r; break;
    case JN_OP_MUL: result = l * r; break;
    case JN_OP_DIV: result = l / r; break;
    case JN_OP_MOD: result = fmod (l, r); break;
    default: break;
    }
  return jn_num (result);
}

static gboolean
is_comparable (JnVal v)
{
  return v.type == JN_UNDEF || v.type == JN_STRING || v.type == JN_NUMBER;
}

static int
compare_strings (JnVal a,
                 JnVal b)
{
  gsize n = MIN (a.aux, b.aux);
  int c = memcmp (a.u.s, b.u.s, n);

  if (c != 0)
    return c;
  return a.aux < b.aux ? -1 : a.aux > b.aux ? 1 : 0;
}

static JnVal
comparison_op (JnCtx *ctx,
               JnOp   op,
               JnVal  lhs,
               JnVal  rhs)
{
  gboolean result = FALSE;

  if (!is_comparable (lhs) || !is_comparable (rhs))
    {
      jn_error (ctx, "T2010", -1, NULL);
      jn_error_value (ctx, !(lhs.type == JN_STRING || lhs.type == JN_NUMBER) ? lhs : rhs);
      return JN_UNDEF_VAL;
    }
  if (lhs.type == JN_UNDEF || rhs.type == JN_UNDEF)
    return JN_UNDEF_VAL;
  if (lhs.type != rhs.type)
    {
      jn_error (ctx, "T2009", -1, NULL);
      jn_error_value (ctx, lhs);
      ctx->error->value2 = rhs;
      ctx->error->have_value2 = TRUE;
      return JN_UNDEF_VAL;
    }
  if (lhs.type == JN_NUMBER)
    {
      double l = lhs.u.n, r = rhs.u.n;

      switch (op)
        {
        case JN_OP_LT: result = l < r; break;
        case JN_OP_LE: result = l <= r; break;
        case JN_OP_GT: result = l > r; break;
        case JN_OP_GE: result = l >= r; break;
        default: break;
        }
    }
  else
    {
      int c = compare_strings (lhs, rhs);

      switch (op)
        {
        case JN_OP_LT: result = c < 0; break;
        case JN_OP_LE: result = c <= 0; break;
        case JN_OP_GT: result = c > 0; break;
        case JN_OP_GE: result = c >= 0; break;
        default: break;
        }
    }
  return jn_bool (result);
}

static JnVal
concat_op (JnCtx *ctx,
           JnVal  lhs,
           JnVal  rhs)
{
  JnVal l = jn_str_static ("", 0);
  JnVal r = jn_str_static ("", 0);
  char *buf;

  if (lhs.type != JN_UNDEF)
    {
      l = jn_string (ctx, lhs, FALSE);
      CHECK (ctx);
    }
  if (rhs.type != JN_UNDEF)
    {
      r = jn_string (ctx, rhs, FALSE);
      CHECK (ctx);
    }
  buf = jn_arena_alloc (ctx->arena, (gsize) l.aux + r.aux + 1);
  memcpy (buf, l.u.s, l.aux);
  memcpy (buf + l.aux, r.u.s, r.aux);
  buf[l.aux + r.aux] = '\0';
  return jn_str_static (buf, (gsize) l.aux + r.aux);
}

static gboolean
is_integer (JnVal v)
{
  return v.type == JN_NUMBER && isfinite (v.u.n) && floor (v.u.n) == v.u.n;
}

/* The number of items of lhs..rhs after the range operator's checks: 0 when it is empty (an
 * end undefined, or lhs above rhs) or on an error. */
static double
range_size (JnCtx *ctx,
            JnVal  lhs,
            JnVal  rhs)
{
  double size;

  if (lhs.type != JN_UNDEF && !is_integer (lhs))
    {
      jn_error (ctx, "T2003", -1, NULL);
      jn_error_value (ctx, lhs);
      return 0;
    }
  if (rhs.type != JN_UNDEF && !is_integer (rhs))
    {
      jn_error (ctx, "T2004", -1, NULL);
      jn_error_value (ctx, rhs);
      return 0;
    }
  if (lhs.type == JN_UNDEF || rhs.type == JN_UNDEF || lhs.u.n > rhs.u.n)
    return 0;
  size = rhs.u.n - lhs.u.n + 1;
  if (size > 1e7)
    {
      jn_error (ctx, "D2014", -1, NULL);
      jn_error_value (ctx, jn_num (size));
      return 0;
    }
  if (ctx->timeout_ms > 0 && size > 100000 && g_get_monotonic_time () > ctx->deadline)
    {
      jn_error (ctx, "D1012", -1, NULL);
      jn_error_value (ctx, jn_num (ctx->timeout_ms));
      return 0;
    }
  return size;
}

static JnVal
range_op (JnCtx *ctx,
          JnVal  lhs,
          JnVal  rhs)
{
  JnVal result;
  double size = range_size (ctx, lhs, rhs);

  if (size == 0)
    return JN_UNDEF_VAL;
  result = jn_arr_new (ctx, (guint) size);
  for (guint i = 0; i < (guint) size; i++)
    result.u.a->items[i] = jn_num (lhs.u.n + i);
  result.u.a->len = (guint) size;
  result.u.a->flags = JN_ARR_SEQUENCE;
  return result;
}

static JnVal
in_op (JnVal lhs,
       JnVal rhs)
{
  if (lhs.type == JN_UNDEF || rhs.type == JN_UNDEF)
    return jn_bool (FALSE);
  if (rhs.type != JN_ARRAY)
    return jn_bool (jn_strict_equal (lhs, rhs));
  for (guint i = 0; i < rhs.u.a->len; i++)
    if (jn_strict_equal (rhs.u.a->items[i], lhs))
      return jn_bool (TRUE);
  return jn_bool (FALSE);
}

static JnVal
eval_binary (JnCtx        *ctx,
             const JnNode *expr,
             JnVal         input,
             JnFrame      *env)
{
  JnVal lhs = eval (ctx, expr->lhs, input, env);
  JnVal rhs;
  JnVal result = JN_UNDEF_VAL;
  JnOp op = expr->op;

  CHECK (ctx);
  if (op == JN_OP_AND || op == JN_OP_OR)
    {
      gboolean l = jn_truthy (ctx, lhs);

      if (JN_FAILED (ctx))
        {
          set_position_token (ctx, expr->position, expr->str);
          return JN_UNDEF_VAL;
        }
      if (op == JN_OP_AND && !l)
        return jn_bool (FALSE);
      if (op == JN_OP_OR && l)
        return jn_bool (TRUE);
      rhs = eval (ctx, expr->rhs, input, env);
      CHECK (ctx);
      result = jn_bool (jn_truthy (ctx, rhs));
      if (JN_FAILED (ctx))
        set_position_token (ctx, expr->position, expr->str);
      return result;
    }

  rhs = eval (ctx, expr->rhs, input, env);
  CHECK (ctx);
  switch (op)
    {
    case JN_OP_ADD: case JN_OP_SUB: case JN_OP_MUL: case JN_OP_DIV: case JN_OP_MOD:
      result = numeric_op (ctx, op, lhs, rhs);
      break;
    case JN_OP_EQ:
      result = jn_bool (lhs.type != JN_UNDEF && rhs.type != JN_UNDEF && jn_deep_equal (lhs, rhs));
      break;
    case JN_OP_NE:
      result = jn_bool (lhs.type != JN_UNDEF && rhs.type != JN_UNDEF
                        && !jn_deep_equal (lhs, rhs));
      break;
    case JN_OP_LT: case JN_OP_LE: case JN_OP_GT: case JN_OP_GE:
      result = comparison_op (ctx, op, lhs, rhs);
      break;
    case JN_OP_CONCAT:
      result = concat_op (ctx, lhs, rhs);
      break;
    case JN_OP_RANGE:
      result = range_op (ctx, lhs, rhs);
      break;
    case JN_OP_IN:
      result = in_op (lhs, rhs);
      break;
    default:
      break;
    }
  if (JN_FAILED (ctx))
    {
      set_position_token (ctx, expr->position, expr->op == JN_OP_RANGE ? ".." : expr->str);
      return JN_UNDEF_VAL;
    }
  return result;
}

/* ---- Constructors and grouping */

static JnVal
eval_array (JnCtx        *ctx,
            const JnNode *expr,
            JnVal         input,
            JnFrame      *env)
{
  JnVal result;

  /* [a..b] alone: the range's fresh array becomes the result rather than being copied */
  if (expr->list.len == 1 && expr->list.items[0]->type == JN_NODE_BINARY &&
      expr->list.items[0]->op == JN_OP_RANGE && expr->list.items[0]->predicate == NULL &&
      expr->list.items[0]->stages == NULL && expr->list.items[0]->group == NULL)
    {
      JnVal value = eval (ctx, expr->list.items[0], input, env);

      CHECK (ctx);
      if (value.type == JN_ARRAY && value.u.a->flags == JN_ARR_SEQUENCE)
        {
          value.u.a->flags = expr->consarray ? JN_ARR_CONS : 0;
          return value;
        }
      result = jn_arr_new (ctx, 1);
      if (value.type == JN_ARRAY)
        for (guint j = 0; j < value.u.a->len; j++)
          jn_arr_push (ctx, result.u.a, value.u.a->items[j]);
      else if (value.type != JN_UNDEF)
        jn_arr_push (ctx, result.u.a, value);
      if (expr->consarray)
        result.u.a->flags |= JN_ARR_CONS;
      return result;
    }

  result = jn_arr_new (ctx, expr->list.len);
  for (guint i = 0; i < expr->list.len; i++)
    {
      const JnNode *item = expr->list.items[i];
      JnVal value = eval (ctx, item, input, env);

      CHECK (ctx);
      if (value.type == JN_UNDEF)
        continue;
      if (item->type == JN_NODE_ARRAY || value.type != JN_ARRAY)
        {
          jn_arr_push (ctx, result.u.a, value);
        }
      else
        {
          for (guint j = 0; j < value.u.a->len; j++)
            jn_arr_push (ctx, result.u.a, value.u.a->items[j]);
        }
    }
  if (expr->consarray)
    result.u.a->flags |= JN_ARR_CONS;
  return result;
}

static JnTuple *
reduce_tuple_stream (JnCtx *ctx,
                     JnVal  stream)
{
  JnTuple *result;

  if (stream.type == JN_TUPLE)
    return stream.u.t;
  if (stream.type != JN_ARRAY || stream.u.a->len == 0
      || stream.u.a->items[0].type != JN_TUPLE)
    return jn_tuple_new (ctx, JN_UNDEF_VAL);
  result = jn_tuple_copy (ctx, stream.u.a->items[0].u.t);
  for (guint i = 1; i < stream.u.a->len; i++)
    {
      JnTuple *t = stream.u.a->items[i].u.t;

      for (guint k = 0; k < t->len; k++)
        {
          JnVal current = jn_tuple_get (result, t->b[k].name);

          jn_tuple_set (ctx, result, t->b[k].name, jn_append (ctx, current, t->b[k].val));
        }
    }
  return result;
}

typedef struct
{
  JnVal  data;
  guint  expr_index;
  JnArr *more;          /* once a second item comes: data and the items after it */
} GroupEntry;

/* What data = $append(data, item) gives, growing one array rather than copying it for
 * every item. */
static void
group_entry_add (JnCtx      *ctx,
                 GroupEntry *entry,
                 JnVal       item)
{
  if (item.type == JN_UNDEF)
    return;
  if (entry->more == NULL)
    {
      if (entry->data.type == JN_UNDEF)
        {
          entry->data = item;
          return;
        }
      entry->more = jn_arr_new (ctx, 8).u.a;
      if (entry->data.type == JN_ARRAY)
        for (guint i = 0; i < entry->data.u.a->len; i++)
          jn_arr_push (ctx, entry->more, entry->data.u.a->items[i]);
      else
        jn_arr_push (ctx, entry->more, entry->data);
    }
  if (item.type == JN_ARRAY)
    for (guint i = 0; i < item.u.a->len; i++)
      jn_arr_push (ctx, entry->more, item.u.a->items[i]);
  else
    jn_arr_push (ctx, entry->more, item);
}

static JnVal
eval_group (JnCtx         *ctx,
            const JnNode  *node,
            const JnGroup *group,
            JnVal          input,
            JnFrame       *env)
{
  JnVal result = jn_obj_new (ctx);
  JnVal index = jn_obj_new (ctx);   /* key -> entry number, in JavaScript key order */
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (GroupEntry));
  gboolean reduce = input.type == JN_ARRAY && (input.u.a->flags & JN_ARR_TUPLE_STREAM);
  JnVal items = input;

  if (items.type != JN_ARRAY)
    items = jn_seq_of (ctx, items);
  if (items.u.a->len == 0 && !reduce)
    items = jn_seq_of (ctx, JN_UNDEF_VAL);

  for (guint i = 0; i < items.u.a->len; i++)
    {
      JnVal item = items.u.a->items[i];
      JnFrame *frame = env;
      JnVal context = item;

      if (reduce && item.type == JN_TUPLE)
        {
          frame = frame_from_tuple (ctx, env, item.u.t);
          context = item.u.t->b[0].val;
        }
      for (guint p = 0; p < group->n_pairs; p++)
        {
          JnVal key = eval (ctx, group->pairs[2 * p], context, frame);
          JnVal *existing;

          CHECK (ctx);
          if (key.type == JN_UNDEF)
            continue;
          if (key.type != JN_STRING)
            {
              jn_error (ctx, "T1003", group->position, NULL);
              jn_error_value (ctx, key);
              return JN_UNDEF_VAL;
            }
          existing = jn_obj_get (index.u.o, key.u.s, key.aux);
          if (existing != NULL)
            {
              GroupEntry *entry = &g_array_index (entries, GroupEntry, (guint) existing->u.n);

              if (entry->expr_index != p)
                {
                  jn_error (ctx, "D1009", group->position, NULL);
                  jn_error_value (ctx, key);
                  return JN_UNDEF_VAL;
                }
              group_entry_add (ctx, entry, item);
            }
          else
            {
              GroupEntry entry = { item, p, NULL };

              jn_obj_set (ctx, index.u.o, key.u.s, key.aux, jn_num (entries->len));
              g_array_append_val (entries, entry);
            }
        }
    }

  for (guint k = 0; k < index.u.o->len; k++)
    {
      JnMember *m = &index.u.o->m[k];
      GroupEntry *entry = &g_array_index (entries, GroupEntry, (guint) m->val.u.n);
      JnVal context;
      JnFrame *frame = env;
      JnVal value;

      if (entry->more != NULL)
        entry->data = (JnVal) { .type = JN_ARRAY, .u.a = entry->more };
      context = entry->data;

      if (reduce)
        {
          JnTuple *tuple = reduce_tuple_stream (ctx, entry->data);

          context = tuple->b[0].val;
          tuple->b[0].val = JN_UNDEF_VAL;
          frame = frame_from_tuple (ctx, env, tuple);
        }
      value = eval (ctx, group->pairs[2 * entry->expr_index + 1], context, frame);
      CHECK (ctx);
      if (value.type != JN_UNDEF)
        jn_obj_set (ctx, result.u.o, m->key, m->klen, value);
    }
  (void) node;
  return result;
}

/* ---- Sorting (a stable merge sort, comparing as the reference does) */

typedef struct
{
  gboolean (*compare) (JnCtx *, JnVal, JnVal, gpointer);
  gpointer   data;
} SortInfo;

static void
merge_sort (JnCtx    *ctx,
            JnVal    *items,
            JnVal    *tmp,
            guint     n,
            SortInfo *info)
{
  guint mid, i, j, k;

  if (n <= 1 || JN_FAILED (ctx))
    return;
  mid = n / 2;
  merge_sort (ctx, items, tmp, mid, info);
  merge_sort (ctx, items + mid, tmp, n - mid, info);
  if (JN_FAILED (ctx))
    return;
  i = 0;
  j = mid;
  k = 0;
  while (i < mid && j < n)
    {
      gboolean swap = info->compare (ctx, items[i], items[j], info->data);

      if (JN_FAILED (ctx))
        return;
      if (swap)
        tmp[k++] = items[j++];
      else
        tmp[k++] = items[i++];
    }
  while (i < mid)
    tmp[k++] = items[i++];
  while (j < n)
    tmp[k++] = items[j++];
  memcpy (items, tmp, n * sizeof (JnVal));
}

JnVal
jn_sort (JnCtx    *ctx,
         JnVal     arr,
         gboolean (*compare) (JnCtx *, JnVal, JnVal, gpointer),
         gpointer  user_data)
{
  SortInfo info = { compare, user_data };
  JnVal result;
  JnVal *tmp;

  if (arr.type != JN_ARRAY || arr.u.a->len <= 1)
    return arr;
  result = jn_arr_new (ctx, arr.u.a->len);
  memcpy (result.u.a->items, arr.u.a->items, arr.u.a->len * sizeof (JnVal));
  result.u.a->len = arr.u.a->len;
  tmp = jn_arena_alloc (ctx->arena, arr.u.a->len * sizeof (JnVal));
  merge_sort (ctx, result.u.a->items, tmp, result.u.a->len, &info);
  return result;
}

typedef struct
{
  const JnNode *expr;
  JnFrame      *env;
  gboolean      tuples;
} OrderBy;

static gboolean
order_by_compare (JnCtx   *ctx,
                  JnVal    a,
                  JnVal    b,
                  gpointer data)
{
  OrderBy *o = data;
  int comp = 0;

  for (guint t = 0; comp == 0 && t < o->expr->n_terms; t++)
    {
      const JnSortTerm *term = &o->expr->terms[t];
      JnVal context = a;
      JnFrame *env = o->env;
      JnVal aa, bb;

      if (o->tuples && a.type == JN_TUPLE)
        {
          context = a.u.t->b[0].val;
          env = frame_from_tuple (ctx, o->env, a.u.t);
        }
      aa = eval (ctx, term->expr, context, env);
      if (JN_FAILED (ctx))
        return FALSE;
      context = b;
      env = o->env;
      if (o->tuples && b.type == JN_TUPLE)
        {
          context = b.u.t->b[0].val;
          env = frame_from_tuple (ctx, o->env, b.u.t);
        }
      bb = eval (ctx, term->expr, context, env);
      if (JN_FAILED (ctx))
        return FALSE;

      if (aa.type == JN_UNDEF)
        {
          comp = bb.type == JN_UNDEF ? 0 : 1;
          continue;
        }
      if (bb.type == JN_UNDEF)
        {
          comp = -1;
          continue;
        }
      if (!(aa.type == JN_STRING || aa.type == JN_NUMBER)
          || !(bb.type == JN_STRING || bb.type == JN_NUMBER))
        {
          jn_error (ctx, "T2008", o->expr->position, NULL);
          jn_error_value (ctx, !(aa.type == JN_STRING || aa.type == JN_NUMBER) ? aa : bb);
          return FALSE;
        }
      if (aa.type != bb.type)
        {
          jn_error (ctx, "T2007", o->expr->position, NULL);
          jn_error_value (ctx, aa);
          ctx->error->value2 = bb;
          ctx->error->have_value2 = TRUE;
          return FALSE;
        }
      if (aa.type == JN_NUMBER)
        {
          if (aa.u.n == bb.u.n)
            continue;
          comp = aa.u.n < bb.u.n ? -1 : 1;
        }
      else
        {
          int c = compare_strings (aa, bb);

          if (c == 0)
            continue;
          comp = c < 0 ? -1 : 1;
        }
      if (term->descending)
        comp = -comp;
    }
  return comp == 1;
}

static JnVal
eval_sort (JnCtx        *ctx,
           const JnNode *expr,
           JnVal         input,
           JnFrame      *env)
{
  OrderBy o = { expr, env, FALSE };

  if (input.type == JN_UNDEF)
    return input;
  o.tuples = input.type == JN_ARRAY && (input.u.a->flags & JN_ARR_TUPLE_STREAM);
  {
    /* like the reference, a sorted tuple stream comes back as a plain array */
    return jn_sort (ctx, input, order_by_compare, &o);
  }
}

/* ---- Functions */

static JnVal
eval_lambda (JnCtx        *ctx,
             const JnNode *expr,
             JnVal         input,
             JnFrame      *env)
{
  JnVal f = func_value (ctx, JN_FN_LAMBDA);

  f.u.f->node = expr;
  f.u.f->env = env;
  f.u.f->input = input;
  f.u.f->params = expr->list.items;
  f.u.f->n_params = expr->list.len;
  f.u.f->sig = expr->signature;
  f.u.f->thunk = expr->thunk;
  return f;
}

static const char *
procedure_name (const JnNode *procedure)
{
  if (procedure->type == JN_NODE_PATH)
    return procedure->list.items[0]->str;
  return procedure->str;
}

static gboolean
names_a_function (JnCtx        *ctx,
                  const JnNode *procedure,
                  JnFrame      *env)
{
  const JnNode *first;
  JnVal v;

  if (procedure->type != JN_NODE_PATH)
    return FALSE;
  first = procedure->list.items[0];
  if (first->str == NULL)
    return FALSE;
  v = lookup_variable (ctx, env, first->str, jn_hash (first->str, strlen (first->str)));
  return js_truthy (v);
}

/* [a..b] alone, which eval_array () gives as the range's own array */
static gboolean
is_lone_range (const JnNode *expr)
{
  const JnNode *item;

  if (expr->type != JN_NODE_ARRAY || expr->list.len != 1 || expr->predicate != NULL
      || expr->stages != NULL || expr->group != NULL)
    return FALSE;
  item = expr->list.items[0];
  return item->type == JN_NODE_BINARY && item->op == JN_OP_RANGE && item->predicate == NULL
         && item->stages == NULL && item->group == NULL;
}

/* $count, $sum, $max, $min or $average of a lone [a..b] (@arg), from its ends rather than
 * from its items: a range of ten million numbers is not built to be counted. FALSE when
 * @proc is none of these. */
static gboolean
range_aggregate (JnCtx        *ctx,
                 JnVal         proc,
                 const JnNode *arg,
                 JnVal         input,
                 JnFrame      *env,
                 JnVal        *out)
{
  static const char *const names[] = { "count", "sum", "max", "min", "average" };
  const JnNode *range = arg->list.items[0];
  JnVal lhs, rhs;
  double size, sum = 0;
  guint which;

  if (proc.type != JN_FUNC || proc.u.f->kind != JN_FN_BUILTIN)
    return FALSE;
  for (which = 0; which < G_N_ELEMENTS (names); which++)
    if (strcmp (proc.u.f->builtin->name, names[which]) == 0)
      break;
  if (which == G_N_ELEMENTS (names))
    return FALSE;

  *out = JN_UNDEF_VAL;
  lhs = eval (ctx, range->lhs, input, env);
  if (JN_FAILED (ctx))
    return TRUE;
  rhs = eval (ctx, range->rhs, input, env);
  if (JN_FAILED (ctx))
    return TRUE;
  size = range_size (ctx, lhs, rhs);
  if (JN_FAILED (ctx))
    {
      set_position_token (ctx, range->position, "..");
      return TRUE;
    }
  switch (which)
    {
    case 0:
      *out = jn_num (size);
      break;
    case 2:
      if (size > 0)
        *out = jn_num (rhs.u.n);
      break;
    case 3:
      if (size > 0)
        *out = jn_num (lhs.u.n);
      break;
    default:
      /* summed in order, as $sum sums the items */
      for (guint i = 0; i < (guint) size; i++)
        sum += lhs.u.n + i;
      if (which == 1)
        *out = jn_num (sum);
      else if (size > 0)
        *out = jn_num (sum / size);
      break;
    }
  return TRUE;
}

static JnVal
eval_function (JnCtx        *ctx,
               const JnNode *expr,
               JnVal         input,
               JnFrame      *env,
               const JnVal  *applyto)
{
  JnVal proc = eval (ctx, expr->lhs, input, env);
  JnVal *args;
  guint n_args = 0;
  JnVal result;

  CHECK (ctx);
  if (proc.type == JN_UNDEF && names_a_function (ctx, expr->lhs, env))
    {
      jn_error (ctx, "T1005", expr->position, procedure_name (expr->lhs));
      return JN_UNDEF_VAL;
    }

  if (applyto == NULL && expr->list.len == 1 && is_lone_range (expr->list.items[0])
      && range_aggregate (ctx, proc, expr->list.items[0], input, env, &result))
    return result;

  args = g_newa (JnVal, expr->list.len + 1);
  if (applyto != NULL)
    args[n_args++] = *applyto;
  for (guint i = 0; i < expr->list.len; i++)
    {
      args[n_args++] = eval (ctx, expr->list.items[i], input, env);
      CHECK (ctx);
    }

  result = jn_apply (ctx, proc, args, n_args, input, env);
  if (JN_FAILED (ctx))
    {
      annotate (ctx, expr->position, procedure_name (expr->lhs));
      return JN_UNDEF_VAL;
    }
  return result;
}

static JnVal
eval_partial (JnCtx        *ctx,
              const JnNode *expr,
              JnVal         input,
              JnFrame      *env)
{
  guint n = expr->list.len;
  JnVal *args = jn_arena_alloc0 (ctx->arena, MAX (n, 1) * sizeof (JnVal));
  gboolean *holes = jn_arena_alloc0 (ctx->arena, MAX (n, 1) * sizeof (gboolean));
  JnVal proc;
  JnVal result;

  for (guint i = 0; i < n; i++)
    {
      const JnNode *arg = expr->list.items[i];

      if (arg->type == JN_NODE_PLACEHOLDER)
        holes[i] = TRUE;
      else
        {
          args[i] = eval (ctx, arg, input, env);
          CHECK (ctx);
        }
    }
  proc = eval (ctx, expr->lhs, input, env);
  CHECK (ctx);
  if (proc.type == JN_UNDEF && names_a_function (ctx, expr->lhs, env))
    {
      jn_error (ctx, "T1007", expr->position, procedure_name (expr->lhs));
      return JN_UNDEF_VAL;
    }

  if (proc.type == JN_FUNC && proc.u.f->kind == JN_FN_LAMBDA)
    {
      JnFunc *lambda = proc.u.f;
      JnFrame *frame = jn_frame_new (ctx, lambda->env != NULL ? lambda->env : env);
      JnNode **unbound = jn_arena_alloc (ctx->arena, MAX (lambda->n_params, 1)
                                                     * sizeof (JnNode *));
      guint n_unbound = 0;

      for (guint i = 0; i < lambda->n_params; i++)
        {
          JnNode *param = lambda->params[i];

          if (i < n && holes[i])
            unbound[n_unbound++] = param;
          else
            jn_frame_bind (ctx, frame, param->str, param->hash,
                           i < n ? args[i] : JN_UNDEF_VAL);
        }
      result = func_value (ctx, JN_FN_LAMBDA);
      result.u.f->node = lambda->node;
      result.u.f->input = lambda->input;
      result.u.f->env = frame;
      result.u.f->params = unbound;
      result.u.f->n_params = n_unbound;
      return result;
    }
  if (proc.type == JN_FUNC && (proc.u.f->kind == JN_FN_BUILTIN
                               || proc.u.f->kind == JN_FN_NATIVE_PARTIAL))
    {
      const JnBuiltin *builtin = proc.u.f->builtin;
      guint arity = builtin->arity;
      JnVal *bound = jn_arena_alloc0 (ctx->arena, MAX (arity, 1) * sizeof (JnVal));
      JnNode **unbound = jn_arena_alloc0 (ctx->arena, MAX (arity, 1) * sizeof (JnNode *));
      guint n_unbound = 0;

      if (proc.u.f->kind == JN_FN_NATIVE_PARTIAL)
        {
          /* partially applying a partial application: fill its holes in order */
          JnFunc *inner = proc.u.f;
          guint next = 0;

          memcpy (bound, inner->input.u.a->items, arity * sizeof (JnVal));
          for (guint i = 0; i < arity; i++)
            {
              if (inner->params[i] == NULL)
                continue;
              if (next < n && holes[next])
                unbound[i] = inner->params[i], n_unbound++;
              else
                bound[i] = next < n ? args[next] : JN_UNDEF_VAL;
              next++;
            }
        }
      else
        {
          for (guint i = 0; i < arity; i++)
            {
              if (i < n && holes[i])
                {
                  unbound[i] = (JnNode *) expr;
                  n_unbound++;
                }
              else
                bound[i] = i < n ? args[i] : JN_UNDEF_VAL;
            }
        }
      result = func_value (ctx, JN_FN_NATIVE_PARTIAL);
      result.u.f->builtin = builtin;
      result.u.f->params = unbound;
      result.u.f->n_params = n_unbound;
      result.u.f->input = jn_arr_new (ctx, arity);
      memcpy (result.u.f->input.u.a->items, bound, arity * sizeof (JnVal));
      result.u.f->input.u.a->len = arity;
      return result;
    }

  jn_error (ctx, "T1008", expr->position, procedure_name (expr->lhs));
  return JN_UNDEF_VAL;
}

static JnVal
eval_apply (JnCtx        *ctx,
            const JnNode *expr,
            JnVal         input,
            JnFrame      *env)
{
  JnVal lhs;
  JnVal func;

  /* [a..b] ~> $count (): the function named first (a variable, which has no effects), so
   * that the range need not be built */
  if (expr->rhs->type == JN_NODE_FUNCTION && expr->rhs->list.len == 0
      && expr->rhs->lhs->type == JN_NODE_VARIABLE && expr->rhs->lhs->str_len > 0
      && is_lone_range (expr->lhs))
    {
      JnVal result;

      func = lookup_variable (ctx, env, expr->rhs->lhs->str, expr->rhs->lhs->hash);
      if (range_aggregate (ctx, func, expr->lhs, input, env, &result))
        return result;
    }

  lhs = eval (ctx, expr->lhs, input, env);
  CHECK (ctx);
  if (expr->rhs->type == JN_NODE_FUNCTION)
    return eval_function (ctx, expr->rhs, input, env, &lhs);

  func = eval (ctx, expr->rhs, input, env);
  CHECK (ctx);
  if (func.type != JN_FUNC)
    {
      jn_error (ctx, "T2006", expr->position, NULL);
      jn_error_value (ctx, func);
      return JN_UNDEF_VAL;
    }
  if (lhs.type == JN_FUNC)
    {
      JnVal chain = func_value (ctx, JN_FN_CHAIN);

      chain.u.f->f1 = lhs;
      chain.u.f->f2 = func;
      return chain;
    }
  return jn_apply (ctx, func, &lhs, 1, jn_null (), env);
}

static JnVal
eval_transform (JnCtx        *ctx,
                const JnNode *expr,
                JnVal         input,
                JnFrame      *env)
{
  static JnSig *transform_sig;
  JnVal f = func_value (ctx, JN_FN_TRANSFORM);

  if (g_once_init_enter (&transform_sig))
    {
      JnError error = { 0 };

      g_once_init_leave (&transform_sig, jn_signature_parse (jn_arena_static (), "<(oa):o>",
                                                             &error));
    }
  f.u.f->node = expr;
  f.u.f->env = env;
  f.u.f->input = input;
  f.u.f->sig = transform_sig;
  return f;
}

static JnVal
run_transform (JnCtx  *ctx,
               JnFunc *f,
               JnVal   obj)
{
  const JnNode *expr = f->node;
  JnVal clone_fn;
  JnVal result;
  JnVal matches;

  if (obj.type == JN_UNDEF)
    return obj;
  clone_fn = lookup_variable (ctx, f->env, "clone", jn_hash ("clone", 5));
  if (clone_fn.type != JN_FUNC)
    {
      jn_error (ctx, "T2013", expr->position, NULL);
      return JN_UNDEF_VAL;
    }
  result = jn_apply (ctx, clone_fn, &obj, 1, jn_null (), f->env);
  CHECK (ctx);
  matches = eval (ctx, expr->cond, result, f->env);
  CHECK (ctx);
  if (matches.type == JN_UNDEF)
    return result;
  if (matches.type != JN_ARRAY)
    matches = jn_seq_of (ctx, matches);
  for (guint i = 0; i < matches.u.a->len; i++)
    {
      JnVal match = matches.u.a->items[i];
      JnVal update = eval (ctx, expr->then_, match, f->env);

      CHECK (ctx);
      if (update.type != JN_UNDEF)
        {
          if (update.type != JN_OBJECT)
            {
              jn_error (ctx, "T2011", expr->then_->position, NULL);
              jn_error_value (ctx, update);
              return JN_UNDEF_VAL;
            }
          if (match.type == JN_OBJECT)
            for (guint k = 0; k < update.u.o->len; k++)
              jn_obj_set (ctx, match.u.o, update.u.o->m[k].key, update.u.o->m[k].klen,
                          update.u.o->m[k].val);
        }
      if (expr->else_ != NULL)
        {
          JnVal deletions = eval (ctx, expr->else_, match, f->env);
          JnVal original = deletions;

          CHECK (ctx);
          if (deletions.type == JN_UNDEF)
            continue;
          if (deletions.type != JN_ARRAY)
            deletions = jn_seq_of (ctx, deletions);
          if (!jn_is_array_of_strings (deletions))
            {
              jn_error (ctx, "T2012", expr->else_->position, NULL);
              jn_error_value (ctx, original);
              return JN_UNDEF_VAL;
            }
          if (match.type == JN_OBJECT)
            for (guint k = 0; k < deletions.u.a->len; k++)
              jn_obj_remove (match.u.o, deletions.u.a->items[k].u.s,
                             deletions.u.a->items[k].aux);
        }
    }
  return result;
}

static JnVal
apply_procedure (JnCtx  *ctx,
                 JnFunc *f,
                 JnVal  *args,
                 guint   n_args)
{
  JnFrame *frame = jn_frame_new (ctx, f->env);

  for (guint i = 0; i < f->n_params; i++)
    {
      JnNode *param = f->params[i];

      jn_frame_bind (ctx, frame, param->str, param->hash, i < n_args ? args[i] : JN_UNDEF_VAL);
    }
  return eval (ctx, f->node->body, f->input, frame);
}

static JnVal
apply_native_partial (JnCtx  *ctx,
                      JnFunc *f,
                      JnVal  *args,
                      guint   n_args,
                      JnFrame *env)
{
  guint arity = f->builtin->arity;
  JnVal *full = g_newa (JnVal, MAX (arity, 1));
  guint next = 0;
  JnCall call = { JN_UNDEF_VAL, env, NULL };

  for (guint i = 0; i < arity; i++)
    {
      if (f->params[i] != NULL)
        full[i] = next < n_args ? args[next++] : JN_UNDEF_VAL;
      else
        full[i] = f->input.u.a->items[i];
    }
  /* the reference calls the native implementation directly, unvalidated; here it is
   * validated, so a partial application never reaches a native with wrong types */
  if (f->builtin->sig != NULL)
    {
      JnVal *validated = g_newa (JnVal, f->builtin->sig->n_params + arity + 1);
      int n_valid = sig_validate (ctx, f->builtin->sig, full, arity, JN_UNDEF_VAL, validated);

      if (n_valid < 0)
        return JN_UNDEF_VAL;
      return f->builtin->impl (ctx, validated, (guint) n_valid, &call);
    }
  return f->builtin->impl (ctx, full, arity, &call);
}

static JnVal
apply_inner (JnCtx   *ctx,
             JnVal    proc,
             JnVal   *args,
             guint    n_args,
             JnVal    input,
             JnFrame *env)
{
  JnFunc *f;
  JnVal *validated = args;
  int n_valid = (int) n_args;
  JnVal result;

  if (proc.type != JN_FUNC)
    {
      jn_error (ctx, "T1006", -1, NULL);
      return JN_UNDEF_VAL;
    }
  f = proc.u.f;

  if (f->sig != NULL)
    {
      validated = g_newa (JnVal, f->sig->n_params + n_args + 1);
      n_valid = sig_validate (ctx, f->sig, args, n_args, input, validated);
      if (n_valid < 0)
        return JN_UNDEF_VAL;
    }

  switch (f->kind)
    {
    case JN_FN_LAMBDA:
      return apply_procedure (ctx, f, validated, (guint) n_valid);

    case JN_FN_BUILTIN:
      {
        JnCall call = { input, env, NULL };

        result = f->builtin->impl (ctx, validated, (guint) n_valid, &call);
        return result;
      }

    case JN_FN_NATIVE_PARTIAL:
      return apply_native_partial (ctx, f, validated, (guint) n_valid, env);

    case JN_FN_TRANSFORM:
      return run_transform (ctx, f, n_valid > 0 ? validated[0] : JN_UNDEF_VAL);

    case JN_FN_CHAIN:
      {
        JnVal x = n_valid > 0 ? validated[0] : JN_UNDEF_VAL;
        JnVal mid = jn_apply (ctx, f->f1, &x, 1, jn_null (), env);

        CHECK (ctx);
        return jn_apply (ctx, f->f2, &mid, 1, jn_null (), env);
      }

    case JN_FN_REGEX:
      {
        JnVal subject = n_valid > 0 ? validated[0] : JN_UNDEF_VAL;
        gsize from = 0;

        if (subject.type != JN_STRING)
          {
            /* JavaScript's RegExp.exec () reads anything as a string */
            GString *text = g_string_new (NULL);

            switch (subject.type)
              {
              case JN_UNDEF: g_string_append (text, "undefined"); break;
              case JN_NULL: g_string_append (text, "null"); break;
              case JN_BOOL: g_string_append (text, subject.b ? "true" : "false"); break;
              case JN_NUMBER: jn_format_number (text, subject.u.n); break;
              case JN_ARRAY: case JN_FUNC: break;
              default: g_string_append (text, "[object Object]"); break;
              }
            subject = jn_str_take_gstring (ctx, text);
          }
        if (n_valid > 1 && validated[1].type == JN_NUMBER && validated[1].u.n > 0)
          {
            /* a character index, as JavaScript's lastIndex */
            const char *p = subject.u.s;
            double k = validated[1].u.n;

            while (k-- > 0 && (gsize) (p - subject.u.s) < subject.aux)
              p = g_utf8_next_char (p);
            from = (gsize) (p - subject.u.s);
          }
        return jn_regex_match_at (ctx, f->regex, subject, from, f->node->position);
      }

    case JN_FN_MATCH_NEXT:
      if (f->offset >= f->f1.aux)
        return JN_UNDEF_VAL;
      result = jn_regex_match_at (ctx, f->regex, f->f1, f->offset, f->node->position);
      CHECK (ctx);
      if (result.type == JN_OBJECT)
        {
          JnVal *m = jn_obj_get (result.u.o, "match", 5);

          if (m != NULL && m->type == JN_STRING && m->aux == 0)
            {
              jn_error (ctx, "D1004", f->node->position, NULL);
              return JN_UNDEF_VAL;
            }
        }
      return result;

    default:
      jn_error (ctx, "T1006", -1, NULL);
      return JN_UNDEF_VAL;
    }
}

/**
 * jn_apply:
 *
 * Applies @proc to @args, running tail calls in a loop.
 */
JnVal
jn_apply (JnCtx   *ctx,
          JnVal    proc,
          JnVal   *args,
          guint    n_args,
          JnVal    input,
          JnFrame *env)
{
  JnVal result = apply_inner (ctx, proc, args, n_args, input, env);

  while (!JN_FAILED (ctx) && result.type == JN_FUNC && result.u.f->kind == JN_FN_LAMBDA
         && result.u.f->thunk)
    {
      JnFunc *thunk = result.u.f;
      const JnNode *call = thunk->node->body;
      JnVal next;
      JnVal *next_args;
      guint n = call->list.len;

      if (ctx->timeout_ms > 0 && ++ctx->ticks % 256 == 0
          && g_get_monotonic_time () > ctx->deadline)
        {
          jn_error (ctx, "D1012", -1, NULL);
          jn_error_value (ctx, jn_num (ctx->timeout_ms));
          return JN_UNDEF_VAL;
        }
      next = eval (ctx, call->lhs, thunk->input, thunk->env);
      CHECK (ctx);
      next_args = jn_arena_alloc (ctx->arena, (n + 1) * sizeof (JnVal));
      for (guint i = 0; i < n; i++)
        {
          next_args[i] = eval (ctx, call->list.items[i], thunk->input, thunk->env);
          CHECK (ctx);
        }
      if (next.type != JN_FUNC && names_a_function (ctx, call->lhs, thunk->env))
        {
          jn_error (ctx, "T1005", call->position, procedure_name (call->lhs));
          return JN_UNDEF_VAL;
        }
      result = apply_inner (ctx, next, next_args, n, input, env);
      if (JN_FAILED (ctx))
        {
          annotate (ctx, call->position,
                    call->lhs->type == JN_NODE_VARIABLE ? call->lhs->str : NULL);
          return JN_UNDEF_VAL;
        }
    }
  return result;
}

/* ---- The dispatcher */

static void
flatten_into (JnCtx *ctx,
              JnArr *out,
              JnVal  v,
              int    level)
{
  if (v.type != JN_ARRAY)
    {
      jn_arr_push (ctx, out, v);
      return;
    }
  if (level > 5000)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return;
    }
  for (guint i = 0; i < v.u.a->len; i++)
    flatten_into (ctx, out, v.u.a->items[i], level + 1);
}

static void
descendants_into (JnCtx *ctx,
                  JnArr *out,
                  JnVal  v,
                  int    level)
{
  if (level > 5000)
    {
      jn_error (ctx, "D1011", -1, NULL);
      return;
    }
  if (v.type != JN_ARRAY)
    jn_arr_push (ctx, out, v);
  if (v.type == JN_ARRAY)
    {
      for (guint i = 0; i < v.u.a->len; i++)
        descendants_into (ctx, out, v.u.a->items[i], level + 1);
    }
  else if (v.type == JN_OBJECT)
    {
      for (guint i = 0; i < v.u.o->len; i++)
        descendants_into (ctx, out, v.u.o->m[i].val, level + 1);
    }
}


static JnVal
eval_inner (JnCtx        *ctx,
            const JnNode *expr,
            JnVal         input,
            JnFrame      *env)
{
  switch (expr->type)
    {
    case JN_NODE_PATH:
      return eval_path (ctx, expr, input, env);
    case JN_NODE_BINARY:
      return eval_binary (ctx, expr, input, env);
    case JN_NODE_NEGATE:
      {
        JnVal v = eval (ctx, expr->lhs, input, env);

        CHECK (ctx);
        if (v.type == JN_UNDEF)
          return v;
        if (jn_is_numeric (ctx, v))
          return jn_num (-v.u.n);
        CHECK (ctx);
        jn_error (ctx, "D1002", expr->position, "-");
        jn_error_value (ctx, v);
        return JN_UNDEF_VAL;
      }
    case JN_NODE_ARRAY:
      return eval_array (ctx, expr, input, env);
    case JN_NODE_OBJECT:
      {
        JnGroup group = { expr->list.items, expr->list.len / 2, expr->position };

        return eval_group (ctx, expr, &group, input, env);
      }
    case JN_NODE_NAME:
      return jn_lookup (ctx, input, expr->str, expr->str_len);
    case JN_NODE_STRING:
    case JN_NODE_VALUE:
      return expr->value;
    case JN_NODE_NUMBER:
      /* with its lexeme, when the parser gave it one */
      return expr->value.type == JN_NUMBER ? expr->value : jn_num (expr->num);
    case JN_NODE_WILDCARD:
      {
        JnVal results = jn_seq_new (ctx);
        guint n = 0;
        JnVal *values = NULL;

        if (input.type == JN_ARRAY && (input.u.a->flags & JN_ARR_OUTER_WRAPPER)
            && input.u.a->len > 0)
          input = input.u.a->items[0];
        if (input.type == JN_OBJECT)
          {
            n = input.u.o->len;
            values = jn_arena_alloc (ctx->arena, MAX (n, 1) * sizeof (JnVal));
            for (guint i = 0; i < n; i++)
              values[i] = input.u.o->m[i].val;
          }
        else if (input.type == JN_ARRAY)
          {
            n = input.u.a->len;
            values = input.u.a->items;
          }
        for (guint i = 0; i < n; i++)
          {
            JnVal value = values[i];

            if (value.type == JN_ARRAY)
              {
                JnVal flat = jn_arr_new (ctx, 0);

                flatten_into (ctx, flat.u.a, value, 0);
                CHECK (ctx);
                results = jn_append (ctx, results, flat);
              }
            else
              {
                jn_arr_push (ctx, results.u.a, value);
              }
          }
        return results;
      }
    case JN_NODE_DESCENDANT:
      {
        JnVal results;

        if (input.type == JN_UNDEF)
          return input;
        results = jn_seq_new (ctx);
        descendants_into (ctx, results.u.a, input, 0);
        CHECK (ctx);
        if (results.u.a->len == 1)
          return results.u.a->items[0];
        return results;
      }
    case JN_NODE_PARENT:
      {
        JnVal v;

        if (jn_frame_lookup (env, expr->slot->label,
                             jn_hash (expr->slot->label, strlen (expr->slot->label)), &v))
          return v;
        return JN_UNDEF_VAL;
      }
    case JN_NODE_CONDITION:
      {
        JnVal c = eval (ctx, expr->cond, input, env);

        CHECK (ctx);
        if (jn_truthy (ctx, c))
          return eval (ctx, expr->then_, input, env);
        CHECK (ctx);
        if (expr->else_ != NULL)
          return eval (ctx, expr->else_, input, env);
        return JN_UNDEF_VAL;
      }
    case JN_NODE_ELVIS:
    case JN_NODE_COALESCE:
      {
        JnVal l = eval (ctx, expr->lhs, input, env);
        gboolean take;

        CHECK (ctx);
        take = expr->type == JN_NODE_ELVIS ? jn_truthy (ctx, l) : l.type != JN_UNDEF;
        CHECK (ctx);
        if (take)
          return l;
        return eval (ctx, expr->rhs, input, env);
      }
    case JN_NODE_BLOCK:
      {
        JnFrame *frame = jn_frame_new (ctx, env);
        JnVal result = JN_UNDEF_VAL;

        for (guint i = 0; i < expr->list.len; i++)
          {
            result = eval (ctx, expr->list.items[i], input, frame);
            CHECK (ctx);
          }
        return result;
      }
    case JN_NODE_BIND:
      {
        JnVal v = eval (ctx, expr->rhs, input, env);

        CHECK (ctx);
        jn_frame_bind (ctx, env, expr->lhs->str, expr->lhs->hash, v);
        return v;
      }
    case JN_NODE_REGEX:
      {
        JnVal f = func_value (ctx, JN_FN_REGEX);

        f.u.f->node = expr;
        f.u.f->regex = expr->regex;
        return f;
      }
    case JN_NODE_FUNCTION:
      return eval_function (ctx, expr, input, env, NULL);
    case JN_NODE_VARIABLE:
      if (expr->str_len == 0)
        {
          if (input.type == JN_ARRAY && (input.u.a->flags & JN_ARR_OUTER_WRAPPER)
              && input.u.a->len > 0)
            return input.u.a->items[0];
          return input;
        }
      return lookup_variable (ctx, env, expr->str, expr->hash);
    case JN_NODE_LAMBDA:
      return eval_lambda (ctx, expr, input, env);
    case JN_NODE_PARTIAL:
      return eval_partial (ctx, expr, input, env);
    case JN_NODE_APPLY:
      return eval_apply (ctx, expr, input, env);
    case JN_NODE_TRANSFORM:
      return eval_transform (ctx, expr, input, env);
    case JN_NODE_SORT:
      return eval_sort (ctx, expr, input, env);
    default:
      return JN_UNDEF_VAL;
    }
}

static JnVal
eval (JnCtx        *ctx,
      const JnNode *expr,
      JnVal         input,
      JnFrame      *env)
{
  JnVal result;

  if (G_UNLIKELY (++ctx->depth > ctx->max_depth))
    {
      jn_error (ctx, "D1011", expr->position, NULL);
      jn_error_value (ctx, jn_num (ctx->max_depth));
      return JN_UNDEF_VAL;
    }
  if (ctx->timeout_ms > 0 && G_UNLIKELY (++ctx->ticks % 64 == 0)
      && g_get_monotonic_time () > ctx->deadline)
    {
      jn_error (ctx, "D1012", expr->position, NULL);
      jn_error_value (ctx, jn_num (ctx->timeout_ms));
      return JN_UNDEF_VAL;
    }

  result = eval_inner (ctx, expr, input, env);
  CHECK (ctx);

  if (expr->predicate != NULL)
    for (guint i = 0; i < expr->predicate->len; i++)
      {
        result = eval_filter (ctx, expr->predicate->items[i].expr, result, env);
        CHECK (ctx);
      }

  if (expr->type != JN_NODE_PATH && expr->group != NULL)
    {
      result = eval_group (ctx, expr, expr->group, result, env);
      CHECK (ctx);
    }

  if (result.type == JN_ARRAY && (result.u.a->flags & JN_ARR_SEQUENCE)
      && !(result.u.a->flags & JN_ARR_TUPLE_STREAM))
    {
      if (expr->keep_array)
        result.u.a->flags |= JN_ARR_KEEP_SINGLETON;
      if (result.u.a->len == 0)
        result = JN_UNDEF_VAL;
      else if (result.u.a->len == 1 && !(result.u.a->flags & JN_ARR_KEEP_SINGLETON))
        result = result.u.a->items[0];
    }

  ctx->depth--;
  return result;
}

JnVal
jn_eval_root (JnCtx        *ctx,
              const JnNode *node,
              JnVal         input)
{
  return eval (ctx, node, input, ctx->root);
}

/* $eval */
JnVal
jn_eval_string (JnCtx      *ctx,
                const char *expr,
                JnVal       input,
                JnFrame    *env)
{
  JnError parse_error = { 0 };
  JnNode *ast;
  JnVal result;

  parse_error.position = -1;
  ast = jn_parse (ctx->arena, expr, NULL, &parse_error);
  if (ast == NULL)
    {
      g_autofree char *message = jn_error_format (&parse_error, expr);

      jn_error (ctx, "D3120", -1, NULL);
      jn_error_value (ctx, jn_str (ctx, message, -1));
      return JN_UNDEF_VAL;
    }
  result = eval (ctx, ast, input, env);
  if (JN_FAILED (ctx))
    {
      JnError *inner = ctx->error;
      g_autofree char *message = jn_error_format (inner, expr);

      if (strcmp (inner->code, "D1011") == 0 || strcmp (inner->code, "D1012") == 0)
        return JN_UNDEF_VAL;
      ctx->error = NULL;
      jn_error (ctx, "D3121", -1, NULL);
      jn_error_value (ctx, jn_str (ctx, message, -1));
      return JN_UNDEF_VAL;
    }
  return result;
}
