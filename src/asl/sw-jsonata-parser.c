/* sw-jsonata-parser.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSONata parser: a top-down operator precedence (Pratt) parser building a raw tree, then
 * a processing pass that flattens location paths into steps with predicate stages, resolves
 * the parent operator (%) to tuple bindings, marks tail calls and reports the static errors
 * (Sxxxx) with the codes and positions of the reference implementation. */

#include <math.h>
#include <string.h>

#include "sw-dtoa.h"
#include "sw-jsonata-private.h"

typedef struct
{
  JnArena    *arena;
  GArray     *lexemes;       /* JnLexeme of number literals, or NULL */
  JnLexer     lexer;
  JnNode     *node;          /* the current token, as a node */
  JnError    *error;
  gboolean    failed;
  GPtrArray  *ancestry;      /* parent nodes, by slot index */
  int         ancestor_label;
  int         ancestor_index;
  int         depth;
} Parser;

/* How deeply expressions may nest, parenthesised or as long chains of operators: deeper
 * ones are refused (S0299) rather than allowed to exhaust the stack. */
#define MAX_PARSE_DEPTH 1000

#define FAIL_IF(p) G_STMT_START { if ((p)->failed) return NULL; } G_STMT_END

static JnNode *expression (Parser *p, int rbp);
static JnNode *process    (Parser *p, JnNode *expr);

static void
parse_error (Parser     *p,
             const char *code,
             int         position,
             const char *token,
             gsize       token_len)
{
  if (p->failed)
    return;
  p->failed = TRUE;
  memcpy (p->error->code, code, 5);
  p->error->code[5] = '\0';
  p->error->position = position;
  p->error->token = token != NULL ? jn_arena_strndup (p->arena, token, token_len) : NULL;
}

static JnNode *
node_new (Parser    *p,
          JnNodeType type)
{
  JnNode *node = jn_arena_alloc0 (p->arena, sizeof (JnNode));

  node->type = type;
  node->position = -1;
  return node;
}

/* A number literal's value, with the text number output writes for it (sw_dtoa_format_g ())
 * when that costs more than an integer's: made once here rather than at each evaluation. */
static void
literal_lexeme (Parser *p,
                JnNode *node)
{
  char text[SW_DTOA_BUFFER_SIZE];
  JnLexeme lexeme;
  double n = node->num;

  node->value = jn_num (n);
  if (p->lexemes == NULL || !isfinite (n) || p->lexemes->len >= JN_LEXEME_LITERAL - 1
      || (n == floor (n) && fabs (n) < 9007199254740992.0))
    return;
  lexeme.length = sw_dtoa_format_g (text, n);
  lexeme.text = jn_arena_strndup (p->arena, text, lexeme.length);
  lexeme.value = n;
  g_array_append_val (p->lexemes, lexeme);
  node->value.aux = p->lexemes->len | JN_LEXEME_LITERAL;
}

static void
list_push (JnArena *arena,
           JnList  *list,
           JnNode  *node)
{
  if (list->len == list->cap)
    {
      guint cap = list->cap ? list->cap * 2 : 4;

      list->items = jn_arena_realloc (arena, list->items, list->cap * sizeof (JnNode *),
                                      cap * sizeof (JnNode *));
      list->cap = cap;
    }
  list->items[list->len++] = node;
}

static void
stages_push (JnArena  *arena,
             JnStages *stages,
             JnStage   stage)
{
  if (stages->len == stages->cap)
    {
      guint cap = stages->cap ? stages->cap * 2 : 2;

      stages->items = jn_arena_realloc (arena, stages->items, stages->cap * sizeof (JnStage),
                                        cap * sizeof (JnStage));
      stages->cap = cap;
    }
  stages->items[stages->len++] = stage;
}

static GPtrArray *
slots_new (Parser *p)
{
  GPtrArray *slots = g_ptr_array_new ();

  jn_arena_add_destroy (p->arena, (GDestroyNotify) g_ptr_array_unref, slots);
  return slots;
}

static gboolean
sym_is (const JnNode *node,
        const char   *id)
{
  return node->sym != NULL && strcmp (node->sym, id) == 0;
}

/* The text a token shows in messages: its value, as the reference prints it. */
static const char *
token_text (const JnNode *node,
            gsize        *len)
{
  static const char end[] = "(end)";

  if (node->type == JN_NODE_END)
    {
      *len = sizeof end - 1;
      return end;
    }
  if (node->str != NULL)
    {
      *len = node->str_len;
      return node->str;
    }
  *len = 0;
  return NULL;
}

/* ---- Symbols: binding powers, as in the reference table */

static int
left_binding_power (const JnNode *node)
{
  static const struct { const char *id; int lbp; } table[] = {
    { ".", 75 }, { "[", 80 }, { "{", 70 }, { "(", 80 }, { "@", 80 }, { "#", 80 },
    { "?", 20 }, { "+", 50 }, { "-", 50 }, { "*", 60 }, { "/", 60 }, { "%", 60 },
    { "=", 40 }, { "<", 40 }, { ">", 40 }, { "^", 40 }, { ":=", 10 }, { "!=", 40 },
    { "<=", 40 }, { ">=", 40 }, { "~>", 40 }, { "?:", 40 }, { "??", 40 }, { "and", 30 },
    { "or", 25 }, { "in", 40 }, { "&", 50 },
  };

  if (node->sym == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].id, node->sym) == 0)
      return table[i].lbp;
  return 0;
}

static gboolean
is_known_operator (const char *op)
{
  static const char *const known[] = {
    ":", ";", ",", ")", "]", "}", "..", ".", "+", "-", "*", "/", "%", "=", "<", ">",
    "!=", "<=", ">=", "&", "and", "or", "in", "~>", "??", "**", "(", "[", "^", "{", ":=",
    "@", "#", "?", "?:", "|",
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (strcmp (known[i], op) == 0)
      return TRUE;
  return FALSE;
}

static JnOp
binary_op (const char *op)
{
  static const struct { const char *id; JnOp op; } table[] = {
    { "+", JN_OP_ADD }, { "-", JN_OP_SUB }, { "*", JN_OP_MUL }, { "/", JN_OP_DIV },
    { "%", JN_OP_MOD }, { "=", JN_OP_EQ }, { "!=", JN_OP_NE }, { "<", JN_OP_LT },
    { "<=", JN_OP_LE }, { ">", JN_OP_GT }, { ">=", JN_OP_GE }, { "&", JN_OP_CONCAT },
    { "and", JN_OP_AND }, { "or", JN_OP_OR }, { "in", JN_OP_IN }, { "..", JN_OP_RANGE },
    { ".", JN_OP_MAP }, { "~>", JN_OP_APPLY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].id, op) == 0)
      return table[i].op;
  return JN_OP_NONE;
}

/* ---- Tokens */

static JnNode *
advance (Parser     *p,
         const char *id,
         gboolean    infix)
{
  JnToken tok;
  JnNode *node;

  FAIL_IF (p);

  if (id != NULL && !sym_is (p->node, id))
    {
      gsize len;
      const char *text = token_text (p->node, &len);

      parse_error (p, p->node->type == JN_NODE_END ? "S0203" : "S0202", p->node->position,
                   text, len);
      p->error->detail = jn_arena_strndup (p->arena, id, strlen (id));
      return NULL;
    }

  if (!jn_lexer_next (&p->lexer, infix, &tok, p->error))
    {
      p->failed = TRUE;
      return NULL;
    }

  switch (tok.type)
    {
    case JN_TOK_END:
      node = node_new (p, JN_NODE_END);
      node->sym = "(end)";
      node->position = (int) p->lexer.len;
      p->node = node;
      return node;
    case JN_TOK_NAME:
      node = node_new (p, JN_NODE_NAME);
      node->sym = "(name)";
      break;
    case JN_TOK_VARIABLE:
      node = node_new (p, JN_NODE_VARIABLE);
      node->sym = "(name)";
      break;
    case JN_TOK_OPERATOR:
      if (!is_known_operator (tok.text))
        {
          parse_error (p, "S0204", tok.position, tok.text, tok.len);
          return NULL;
        }
      node = node_new (p, JN_NODE_OPERATOR);
      node->sym = tok.text;
      break;
    case JN_TOK_STRING:
      node = node_new (p, JN_NODE_STRING);
      node->sym = "(literal)";
      node->value = jn_str_static (tok.text, tok.len);
      break;
    case JN_TOK_NUMBER:
      node = node_new (p, JN_NODE_NUMBER);
      node->sym = "(literal)";
      node->num = tok.num;
      break;
    case JN_TOK_VALUE:
      node = node_new (p, JN_NODE_VALUE);
      node->sym = "(literal)";
      node->value = tok.literal == JN_LIT_NULL ? jn_null ()
                    : jn_bool (tok.literal == JN_LIT_TRUE);
      break;
    case JN_TOK_REGEX:
      node = node_new (p, JN_NODE_REGEX);
      node->sym = "(regex)";
      node->regex = tok.regex;
      node->regex_has_flags = tok.regex_has_flags;
      break;
    default:
      g_assert_not_reached ();
    }

  node->str = tok.text;
  node->str_len = (guint32) tok.len;
  node->hash = tok.text != NULL ? jn_hash (tok.text, tok.len) : 0;
  node->position = tok.position;
  p->node = node;
  return node;
}

/* ---- Prefix forms (nud) */

static JnNode *
nud_block (Parser *p,
           JnNode *self)
{
  self->type = JN_NODE_BLOCK;
  self->sym = NULL;
  while (!sym_is (p->node, ")"))
    {
      JnNode *e = expression (p, 0);

      FAIL_IF (p);
      list_push (p->arena, &self->list, e);
      if (!sym_is (p->node, ";"))
        break;
      advance (p, ";", FALSE);
      FAIL_IF (p);
    }
  advance (p, ")", TRUE);
  FAIL_IF (p);
  return self;
}

static JnNode *
nud_array (Parser *p,
           JnNode *self)
{
  self->type = JN_NODE_ARRAY;
  self->sym = NULL;
  if (!sym_is (p->node, "]"))
    {
      for (;;)
        {
          JnNode *item = expression (p, 0);

          FAIL_IF (p);
          if (sym_is (p->node, ".."))
            {
              JnNode *range = node_new (p, JN_NODE_BINARY);

              range->op = JN_OP_RANGE;
              range->position = p->node->position;
              range->lhs = item;
              advance (p, "..", FALSE);
              FAIL_IF (p);
              range->rhs = expression (p, 0);
              FAIL_IF (p);
              item = range;
            }
          list_push (p->arena, &self->list, item);
          if (!sym_is (p->node, ","))
            break;
          advance (p, ",", FALSE);
          FAIL_IF (p);
        }
    }
  advance (p, "]", TRUE);
  FAIL_IF (p);
  return self;
}

static JnNode *
parse_object (Parser *p,
              JnNode *self,
              JnNode *left)
{
  JnList pairs = { 0 };

  if (!sym_is (p->node, "}"))
    {
      for (;;)
        {
          JnNode *n = expression (p, 0);
          JnNode *v;

          FAIL_IF (p);
          advance (p, ":", FALSE);
          FAIL_IF (p);
          v = expression (p, 0);
          FAIL_IF (p);
          list_push (p->arena, &pairs, n);
          list_push (p->arena, &pairs, v);
          if (!sym_is (p->node, ","))
            break;
          advance (p, ",", FALSE);
          FAIL_IF (p);
        }
    }
  advance (p, "}", TRUE);
  FAIL_IF (p);
  self->sym = NULL;
  self->list = pairs;
  if (left == NULL)
    {
      self->type = JN_NODE_OBJECT;
    }
  else
    {
      self->type = JN_NODE_BINARY;
      self->op = JN_OP_GROUP;
      self->lhs = left;
    }
  return self;
}

static JnNode *
nud_transform (Parser *p,
               JnNode *self)
{
  self->type = JN_NODE_TRANSFORM;
  self->sym = NULL;
  self->cond = expression (p, 0);
  FAIL_IF (p);
  advance (p, "|", FALSE);
  FAIL_IF (p);
  self->then_ = expression (p, 0);
  FAIL_IF (p);
  if (sym_is (p->node, ","))
    {
      advance (p, ",", FALSE);
      FAIL_IF (p);
      self->else_ = expression (p, 0);
      FAIL_IF (p);
    }
  advance (p, "|", FALSE);
  FAIL_IF (p);
  return self;
}

static JnNode *
nud (Parser *p,
     JnNode *t)
{
  const char *s = t->sym;

  if (s == NULL)
    return t;
  if (strcmp (s, "(end)") == 0 || strcmp (s, "(name)") == 0 || strcmp (s, "(literal)") == 0
      || strcmp (s, "(regex)") == 0 || strcmp (s, "and") == 0 || strcmp (s, "or") == 0
      || strcmp (s, "in") == 0)
    return t;
  if (strcmp (s, "-") == 0)
    {
      t->type = JN_NODE_NEGATE;
      t->sym = NULL;
      t->lhs = expression (p, 70);
      FAIL_IF (p);
      return t;
    }
  if (strcmp (s, "*") == 0)
    {
      t->type = JN_NODE_WILDCARD;
      return t;
    }
  if (strcmp (s, "**") == 0)
    {
      t->type = JN_NODE_DESCENDANT;
      return t;
    }
  if (strcmp (s, "%") == 0)
    {
      t->type = JN_NODE_PARENT;
      return t;
    }
  if (strcmp (s, "(") == 0)
    return nud_block (p, t);
  if (strcmp (s, "[") == 0)
    return nud_array (p, t);
  if (strcmp (s, "{") == 0)
    return parse_object (p, t, NULL);
  if (strcmp (s, "|") == 0)
    return nud_transform (p, t);

  parse_error (p, "S0211", t->position, t->str, t->str_len);
  return NULL;
}

/* ---- Infix forms (led) */

static JnNode *
led_call (Parser *p,
          JnNode *self,
          JnNode *left)
{
  self->sym = NULL;
  self->type = JN_NODE_FUNCTION;
  self->lhs = left;
  if (!sym_is (p->node, ")"))
    {
      for (;;)
        {
          if (p->node->type == JN_NODE_OPERATOR && sym_is (p->node, "?"))
            {
              JnNode *placeholder = p->node;

              self->type = JN_NODE_PARTIAL;
              placeholder->type = JN_NODE_PLACEHOLDER;
              list_push (p->arena, &self->list, placeholder);
              advance (p, "?", FALSE);
              FAIL_IF (p);
            }
          else
            {
              JnNode *arg = expression (p, 0);

              FAIL_IF (p);
              list_push (p->arena, &self->list, arg);
            }
          if (!sym_is (p->node, ","))
            break;
          advance (p, ",", FALSE);
          FAIL_IF (p);
        }
    }
  advance (p, ")", TRUE);
  FAIL_IF (p);

  if (left->type == JN_NODE_NAME
      && ((left->str_len == 8 && strcmp (left->str, "function") == 0)
          || strcmp (left->str, "\xce\xbb") == 0))
    {
      for (guint i = 0; i < self->list.len; i++)
        {
          JnNode *arg = self->list.items[i];

          if (arg->type != JN_NODE_VARIABLE)
            {
              gsize len;
              const char *text = token_text (arg, &len);

              parse_error (p, "S0208", arg->position, text, len);
              p->error->index = (int) i + 1;
              return NULL;
            }
        }
      self->type = JN_NODE_LAMBDA;
      if (sym_is (p->node, "<"))
        {
          int sig_pos = p->node->position;
          int depth = 1;
          g_autoptr(GString) sig = g_string_new ("<");
          JnError sig_error = { 0 };

          while (depth > 0 && !sym_is (p->node, "{") && !sym_is (p->node, "(end)"))
            {
              JnNode *tok = advance (p, NULL, FALSE);
              gsize len;
              const char *text;

              FAIL_IF (p);
              if (sym_is (tok, ">"))
                depth--;
              else if (sym_is (tok, "<"))
                depth++;
              text = token_text (tok, &len);
              if (tok->type == JN_NODE_OPERATOR)
                g_string_append (sig, tok->sym);
              else if (text != NULL)
                g_string_append_len (sig, text, (gssize) len);
            }
          advance (p, ">", FALSE);
          FAIL_IF (p);
          self->signature = jn_signature_parse (p->arena, sig->str, &sig_error);
          if (self->signature == NULL)
            {
              parse_error (p, sig_error.code, sig_pos + sig_error.position, NULL, 0);
              return NULL;
            }
        }
      advance (p, "{", FALSE);
      FAIL_IF (p);
      self->body = expression (p, 0);
      FAIL_IF (p);
      advance (p, "}", FALSE);
      FAIL_IF (p);
    }
  return self;
}

static JnNode *
led_predicate (Parser *p,
               JnNode *self,
               JnNode *left)
{
  if (sym_is (p->node, "]"))
    {
      JnNode *step = left;

      while (step != NULL && step->type == JN_NODE_BINARY && step->op == JN_OP_PREDICATE)
        step = step->lhs;
      step->keep_array = TRUE;
      advance (p, "]", FALSE);
      FAIL_IF (p);
      return left;
    }
  self->sym = NULL;
  self->type = JN_NODE_BINARY;
  self->op = JN_OP_PREDICATE;
  self->lhs = left;
  self->rhs = expression (p, 0);
  FAIL_IF (p);
  advance (p, "]", TRUE);
  FAIL_IF (p);
  return self;
}

static JnNode *
led_order (Parser *p,
           JnNode *self,
           JnNode *left)
{
  GArray *terms = g_array_new (FALSE, TRUE, sizeof (JnSortTerm));

  jn_arena_add_destroy (p->arena, (GDestroyNotify) g_array_unref, terms);
  advance (p, "(", FALSE);
  FAIL_IF (p);
  for (;;)
    {
      JnSortTerm term = { NULL, FALSE };

      if (sym_is (p->node, "<"))
        {
          advance (p, "<", FALSE);
          FAIL_IF (p);
        }
      else if (sym_is (p->node, ">"))
        {
          term.descending = TRUE;
          advance (p, ">", FALSE);
          FAIL_IF (p);
        }
      term.expr = expression (p, 0);
      FAIL_IF (p);
      g_array_append_val (terms, term);
      if (!sym_is (p->node, ","))
        break;
      advance (p, ",", FALSE);
      FAIL_IF (p);
    }
  advance (p, ")", FALSE);
  FAIL_IF (p);
  self->sym = NULL;
  self->type = JN_NODE_BINARY;
  self->op = JN_OP_ORDER;
  self->lhs = left;
  self->n_terms = terms->len;
  self->terms = jn_arena_alloc (p->arena, terms->len * sizeof (JnSortTerm));
  memcpy (self->terms, terms->data, terms->len * sizeof (JnSortTerm));
  return self;
}

static JnNode *
led (Parser *p,
     JnNode *t,
     JnNode *left)
{
  const char *s = t->sym;
  int bp = left_binding_power (t);

  if (strcmp (s, "(") == 0)
    return led_call (p, t, left);
  if (strcmp (s, "[") == 0)
    return led_predicate (p, t, left);
  if (strcmp (s, "^") == 0)
    return led_order (p, t, left);
  if (strcmp (s, "{") == 0)
    return parse_object (p, t, left);

  if (strcmp (s, ":=") == 0)
    {
      if (left->type != JN_NODE_VARIABLE)
        {
          gsize len;
          const char *text = token_text (left, &len);

          parse_error (p, "S0212", left->position, text, len);
          return NULL;
        }
      t->sym = NULL;
      t->type = JN_NODE_BINARY;
      t->op = JN_OP_BIND;
      t->lhs = left;
      t->rhs = expression (p, 10 - 1);
      FAIL_IF (p);
      return t;
    }

  if (strcmp (s, "@") == 0 || strcmp (s, "#") == 0)
    {
      gboolean focus = s[0] == '@';

      t->sym = NULL;
      t->lhs = left;
      t->rhs = expression (p, 80);
      FAIL_IF (p);
      if (t->rhs->type != JN_NODE_VARIABLE)
        {
          parse_error (p, "S0214", t->rhs->position, focus ? "@" : "#", 1);
          return NULL;
        }
      t->type = JN_NODE_BINARY;
      t->op = focus ? JN_OP_FOCUS : JN_OP_INDEX;
      return t;
    }

  if (strcmp (s, "?") == 0)
    {
      t->sym = NULL;
      t->type = JN_NODE_CONDITION;
      t->cond = left;
      t->then_ = expression (p, 0);
      FAIL_IF (p);
      if (sym_is (p->node, ":"))
        {
          advance (p, ":", FALSE);
          FAIL_IF (p);
          t->else_ = expression (p, 0);
          FAIL_IF (p);
        }
      return t;
    }

  /* The reference rewrites a ?: b as a ? a : b and a ?? b as $exists(a) ? a : b, copying a
   * (which makes nested uses exponential in size); here they are operators of their own that
   * evaluate a once. */
  if (strcmp (s, "?:") == 0 || strcmp (s, "??") == 0)
    {
      t->type = s[1] == ':' ? JN_NODE_ELVIS : JN_NODE_COALESCE;
      t->sym = NULL;
      t->lhs = left;
      t->rhs = expression (p, 0);
      FAIL_IF (p);
      return t;
    }

  /* plain left-associative binary operators */
  {
    JnOp op = binary_op (s);

    if (op == JN_OP_NONE)
      {
        parse_error (p, "S0201", t->position, s, strlen (s));
        return NULL;
      }
    t->sym = NULL;
    t->type = JN_NODE_BINARY;
    t->op = op;
    t->str = s;
    t->str_len = (guint32) strlen (s);
    t->lhs = left;
    t->rhs = expression (p, bp);
    FAIL_IF (p);
    return t;
  }
}

static JnNode *
expression (Parser *p,
            int     rbp)
{
  JnNode *t;
  JnNode *left;

  FAIL_IF (p);
  if (++p->depth > MAX_PARSE_DEPTH)
    {
      parse_error (p, "S0299", p->node->position, NULL, 0);
      return NULL;
    }
  t = p->node;
  advance (p, NULL, TRUE);
  FAIL_IF (p);
  left = nud (p, t);
  FAIL_IF (p);
  while (rbp < left_binding_power (p->node))
    {
      t = p->node;
      advance (p, NULL, FALSE);
      FAIL_IF (p);
      left = led (p, t, left);
      FAIL_IF (p);
    }
  p->depth--;
  return left;
}

/* ---- Processing: paths, stages, ancestry, tail calls */

static JnNode *
tail_call_optimize (Parser *p,
                    JnNode *expr)
{
  if (expr->type == JN_NODE_FUNCTION && expr->predicate == NULL)
    {
      JnNode *thunk = node_new (p, JN_NODE_LAMBDA);

      thunk->thunk = TRUE;
      thunk->position = expr->position;
      thunk->body = expr;
      return thunk;
    }
  if (expr->type == JN_NODE_CONDITION)
    {
      expr->then_ = tail_call_optimize (p, expr->then_);
      if (expr->else_ != NULL)
        expr->else_ = tail_call_optimize (p, expr->else_);
      return expr;
    }
  if (expr->type == JN_NODE_ELVIS || expr->type == JN_NODE_COALESCE)
    {
      expr->rhs = tail_call_optimize (p, expr->rhs);
      return expr;
    }
  if (expr->type == JN_NODE_BLOCK && expr->list.len > 0)
    {
      guint last = expr->list.len - 1;

      expr->list.items[last] = tail_call_optimize (p, expr->list.items[last]);
      return expr;
    }
  return expr;
}

static const char *
node_type_name (const JnNode *node)
{
  switch (node->type)
    {
    case JN_NODE_PATH: return "path";
    case JN_NODE_BINARY: return "binary";
    case JN_NODE_NEGATE: case JN_NODE_ARRAY: case JN_NODE_OBJECT: return "unary";
    case JN_NODE_NAME: return "name";
    case JN_NODE_STRING: return "string";
    case JN_NODE_NUMBER: return "number";
    case JN_NODE_VALUE: return "value";
    case JN_NODE_WILDCARD: return "wildcard";
    case JN_NODE_DESCENDANT: return "descendant";
    case JN_NODE_PARENT: return "parent";
    case JN_NODE_CONDITION: case JN_NODE_ELVIS: case JN_NODE_COALESCE: return "condition";
    case JN_NODE_BLOCK: return "block";
    case JN_NODE_BIND: return "bind";
    case JN_NODE_REGEX: return "regex";
    case JN_NODE_FUNCTION: return "function";
    case JN_NODE_PARTIAL: return "partial";
    case JN_NODE_VARIABLE: return "variable";
    case JN_NODE_LAMBDA: return "lambda";
    case JN_NODE_APPLY: return "apply";
    case JN_NODE_TRANSFORM: return "transform";
    case JN_NODE_SORT: return "sort";
    default: return "operator";
    }
}

static JnSlot *
seek_parent (Parser *p,
             JnNode *node,
             JnSlot *slot)
{
  FAIL_IF (p);
  switch (node->type)
    {
    case JN_NODE_NAME:
    case JN_NODE_WILDCARD:
      slot->level--;
      if (slot->level == 0)
        {
          if (node->ancestor == NULL)
            {
              node->ancestor = slot;
            }
          else
            {
              JnNode *parent = g_ptr_array_index (p->ancestry, slot->index);

              parent->slot->label = node->ancestor->label;
              node->ancestor = slot;
            }
          node->tuple = TRUE;
        }
      break;
    case JN_NODE_PARENT:
      slot->level++;
      break;
    case JN_NODE_BLOCK:
      if (node->list.len > 0)
        {
          node->tuple = TRUE;
          slot = seek_parent (p, node->list.items[node->list.len - 1], slot);
        }
      break;
    case JN_NODE_PATH:
      {
        int index = (int) node->list.len - 1;

        node->tuple = TRUE;
        slot = seek_parent (p, node->list.items[index--], slot);
        while (slot != NULL && slot->level > 0 && index >= 0)
          slot = seek_parent (p, node->list.items[index--], slot);
      }
      break;
    default:
      {
        const char *name = node_type_name (node);

        parse_error (p, "S0217", node->position, name, strlen (name));
        return NULL;
      }
    }
  return slot;
}

static void
push_ancestry (Parser *p,
               JnNode *result,
               JnNode *value)
{
  GPtrArray *slots;

  if (value->seeking == NULL && value->type != JN_NODE_PARENT)
    return;
  slots = value->seeking != NULL ? value->seeking : slots_new (p);
  if (value->type == JN_NODE_PARENT)
    g_ptr_array_add (slots, value->slot);
  if (result->seeking == NULL)
    result->seeking = slots;
  else
    for (guint i = 0; i < slots->len; i++)
      g_ptr_array_add (result->seeking, g_ptr_array_index (slots, i));
}

static void
resolve_ancestry (Parser *p,
                  JnNode *path)
{
  int index = (int) path->list.len - 1;
  JnNode *last = path->list.items[index];
  GPtrArray *slots = last->seeking != NULL ? last->seeking : slots_new (p);

  if (last->type == JN_NODE_PARENT)
    g_ptr_array_add (slots, last->slot);
  for (guint is = 0; is < slots->len; is++)
    {
      JnSlot *slot = g_ptr_array_index (slots, is);

      index = (int) path->list.len - 2;
      while (slot->level > 0)
        {
          JnNode *step;

          if (index < 0)
            {
              if (path->seeking == NULL)
                path->seeking = slots_new (p);
              g_ptr_array_add (path->seeking, slot);
              break;
            }
          step = path->list.items[index--];
          while (index >= 0 && step->focus != NULL && step->focus[0] != '\0'
                 && path->list.items[index]->focus != NULL
                 && path->list.items[index]->focus[0] != '\0')
            step = path->list.items[index--];
          slot = seek_parent (p, step, slot);
          if (slot == NULL)
            return;
        }
    }
}

static JnNode *
path_of (Parser *p,
         JnNode *step)
{
  JnNode *path = node_new (p, JN_NODE_PATH);

  list_push (p->arena, &path->list, step);
  return path;
}

static JnNode *
process_map (Parser *p,
             JnNode *expr)
{
  JnNode *lstep = process (p, expr->lhs);
  JnNode *result;
  JnNode *rest;

  FAIL_IF (p);
  result = lstep->type == JN_NODE_PATH ? lstep : path_of (p, lstep);
  if (lstep->type == JN_NODE_PARENT)
    {
      result->seeking = slots_new (p);
      g_ptr_array_add (result->seeking, lstep->slot);
    }
  rest = process (p, expr->rhs);
  FAIL_IF (p);
  if (rest->type == JN_NODE_PATH)
    {
      for (guint i = 0; i < rest->list.len; i++)
        list_push (p->arena, &result->list, rest->list.items[i]);
    }
  else
    {
      if (rest->predicate != NULL)
        {
          rest->stages = rest->predicate;
          rest->predicate = NULL;
        }
      list_push (p->arena, &result->list, rest);
    }

  for (guint i = 0; i < result->list.len; i++)
    {
      JnNode *step = result->list.items[i];

      if (step->type == JN_NODE_NUMBER || step->type == JN_NODE_VALUE)
        {
          parse_error (p, "S0213", step->position, NULL, 0);
          return NULL;
        }
    }
  for (guint i = 0; i < result->list.len; i++)
    {
      JnNode *step = result->list.items[i];

      if (step->type == JN_NODE_STRING)
        {
          step->type = JN_NODE_NAME;
          step->str = step->value.u.s;
          step->str_len = step->value.aux;
          step->hash = jn_hash (step->str, step->str_len);
        }
    }
  for (guint i = 0; i < result->list.len; i++)
    if (result->list.items[i]->keep_array)
      result->keep_singleton_array = TRUE;

  {
    JnNode *first = result->list.items[0];
    JnNode *last = result->list.items[result->list.len - 1];

    if (first->type == JN_NODE_ARRAY)
      first->consarray = TRUE;
    if (last->type == JN_NODE_ARRAY)
      last->consarray = TRUE;
  }
  resolve_ancestry (p, result);
  FAIL_IF (p);
  return result;
}

static JnNode *
process_predicate (Parser *p,
                   JnNode *expr)
{
  JnNode *result = process (p, expr->lhs);
  JnNode *step;
  JnNode *predicate;
  JnStages **target;
  JnStage stage = { 'f', NULL, NULL, expr->position };

  FAIL_IF (p);
  step = result;
  target = &step->predicate;
  if (result->type == JN_NODE_PATH)
    {
      step = result->list.items[result->list.len - 1];
      target = &step->stages;
    }
  if (step->group != NULL)
    {
      parse_error (p, "S0209", expr->position, NULL, 0);
      return NULL;
    }
  if (*target == NULL)
    *target = jn_arena_alloc0 (p->arena, sizeof (JnStages));
  predicate = process (p, expr->rhs);
  FAIL_IF (p);
  if (predicate->seeking != NULL)
    {
      for (guint i = 0; i < predicate->seeking->len; i++)
        {
          JnSlot *slot = g_ptr_array_index (predicate->seeking, i);

          if (slot->level == 1)
            {
              seek_parent (p, step, slot);
              FAIL_IF (p);
            }
          else
            slot->level--;
        }
      push_ancestry (p, step, predicate);
    }
  stage.expr = predicate;
  stages_push (p->arena, *target, stage);
  return result;
}

static JnNode *
process_binary (Parser *p,
                JnNode *expr)
{
  JnNode *result;
  JnNode *step;

  switch (expr->op)
    {
    case JN_OP_MAP:
      return process_map (p, expr);

    case JN_OP_PREDICATE:
      return process_predicate (p, expr);

    case JN_OP_GROUP:
      result = process (p, expr->lhs);
      FAIL_IF (p);
      if (result->group != NULL)
        {
          parse_error (p, "S0210", expr->position, NULL, 0);
          return NULL;
        }
      result->group = jn_arena_alloc0 (p->arena, sizeof (JnGroup));
      result->group->position = expr->position;
      result->group->n_pairs = expr->list.len / 2;
      result->group->pairs = jn_arena_alloc (p->arena, expr->list.len * sizeof (JnNode *));
      for (guint i = 0; i < expr->list.len; i++)
        {
          result->group->pairs[i] = process (p, expr->list.items[i]);
          FAIL_IF (p);
        }
      return result;

    case JN_OP_ORDER:
      {
        JnNode *sort;

        result = process (p, expr->lhs);
        FAIL_IF (p);
        if (result->type != JN_NODE_PATH)
          result = path_of (p, result);
        sort = node_new (p, JN_NODE_SORT);
        sort->position = expr->position;
        sort->n_terms = expr->n_terms;
        sort->terms = jn_arena_alloc (p->arena, expr->n_terms * sizeof (JnSortTerm));
        for (guint i = 0; i < expr->n_terms; i++)
          {
            JnNode *e = process (p, expr->terms[i].expr);

            FAIL_IF (p);
            push_ancestry (p, sort, e);
            sort->terms[i].expr = e;
            sort->terms[i].descending = expr->terms[i].descending;
          }
        list_push (p->arena, &result->list, sort);
        resolve_ancestry (p, result);
        FAIL_IF (p);
        return result;
      }

    case JN_OP_BIND:
      result = node_new (p, JN_NODE_BIND);
      result->position = expr->position;
      result->lhs = process (p, expr->lhs);
      FAIL_IF (p);
      result->rhs = process (p, expr->rhs);
      FAIL_IF (p);
      push_ancestry (p, result, result->rhs);
      return result;

    case JN_OP_FOCUS:
      result = process (p, expr->lhs);
      FAIL_IF (p);
      step = result;
      if (result->type == JN_NODE_PATH)
        step = result->list.items[result->list.len - 1];
      if (step->stages != NULL || step->predicate != NULL)
        {
          parse_error (p, "S0215", expr->position, NULL, 0);
          return NULL;
        }
      if (step->type == JN_NODE_SORT)
        {
          parse_error (p, "S0216", expr->position, NULL, 0);
          return NULL;
        }
      if (expr->keep_array)
        step->keep_array = TRUE;
      step->focus = expr->rhs->str;
      step->tuple = TRUE;
      return result;

    case JN_OP_INDEX:
      result = process (p, expr->lhs);
      FAIL_IF (p);
      step = result;
      if (result->type == JN_NODE_PATH)
        {
          step = result->list.items[result->list.len - 1];
        }
      else
        {
          result = path_of (p, result);
          if (step->predicate != NULL)
            {
              step->stages = step->predicate;
              step->predicate = NULL;
            }
        }
      if (step->stages == NULL)
        {
          step->index = expr->rhs->str;
        }
      else
        {
          JnStage stage = { 'i', NULL, expr->rhs->str, expr->position };

          stages_push (p->arena, step->stages, stage);
        }
      step->tuple = TRUE;
      return result;

    case JN_OP_APPLY:
      result = node_new (p, JN_NODE_APPLY);
      result->position = expr->position;
      result->lhs = process (p, expr->lhs);
      FAIL_IF (p);
      result->rhs = process (p, expr->rhs);
      FAIL_IF (p);
      result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
      return result;

    default:
      result = node_new (p, JN_NODE_BINARY);
      result->op = expr->op;
      result->str = expr->str;
      result->str_len = expr->str_len;
      result->position = expr->position;
      result->lhs = process (p, expr->lhs);
      FAIL_IF (p);
      result->rhs = process (p, expr->rhs);
      FAIL_IF (p);
      push_ancestry (p, result, result->lhs);
      push_ancestry (p, result, result->rhs);
      return result;
    }
}

static JnNode *
process_inner (Parser *p,
               JnNode *expr)
{
  JnNode *result;

  switch (expr->type)
    {
    case JN_NODE_BINARY:
      return process_binary (p, expr);

    case JN_NODE_ARRAY:
    case JN_NODE_OBJECT:
      result = node_new (p, expr->type);
      result->position = expr->position;
      for (guint i = 0; i < expr->list.len; i++)
        {
          JnNode *v = process (p, expr->list.items[i]);

          FAIL_IF (p);
          push_ancestry (p, result, v);
          list_push (p->arena, &result->list, v);
        }
      return result;

    case JN_NODE_NEGATE:
      result = node_new (p, JN_NODE_NEGATE);
      result->position = expr->position;
      result->lhs = process (p, expr->lhs);
      FAIL_IF (p);
      if (result->lhs->type == JN_NODE_NUMBER)
        {
          result = result->lhs;
          result->num = -result->num;
          literal_lexeme (p, result);
        }
      else
        {
          push_ancestry (p, result, result->lhs);
        }
      return result;

    case JN_NODE_FUNCTION:
    case JN_NODE_PARTIAL:
      result = node_new (p, expr->type);
      result->position = expr->position;
      for (guint i = 0; i < expr->list.len; i++)
        {
          JnNode *a = process (p, expr->list.items[i]);

          FAIL_IF (p);
          push_ancestry (p, result, a);
          list_push (p->arena, &result->list, a);
        }
      result->lhs = process (p, expr->lhs);
      FAIL_IF (p);
      return result;

    case JN_NODE_LAMBDA:
      {
        JnNode *body;

        result = node_new (p, JN_NODE_LAMBDA);
        result->position = expr->position;
        result->list = expr->list;
        result->signature = expr->signature;
        body = process (p, expr->body);
        FAIL_IF (p);
        result->body = tail_call_optimize (p, body);
        return result;
      }

    case JN_NODE_CONDITION:
      result = node_new (p, JN_NODE_CONDITION);
      result->position = expr->position;
      result->cond = process (p, expr->cond);
      FAIL_IF (p);
      push_ancestry (p, result, result->cond);
      result->then_ = process (p, expr->then_);
      FAIL_IF (p);
      push_ancestry (p, result, result->then_);
      if (expr->else_ != NULL)
        {
          result->else_ = process (p, expr->else_);
          FAIL_IF (p);
          push_ancestry (p, result, result->else_);
        }
      return result;

    case JN_NODE_ELVIS:
    case JN_NODE_COALESCE:
      result = node_new (p, expr->type);
      result->position = expr->position;
      result->lhs = process (p, expr->lhs);
      FAIL_IF (p);
      push_ancestry (p, result, result->lhs);
      result->rhs = process (p, expr->rhs);
      FAIL_IF (p);
      push_ancestry (p, result, result->rhs);
      return result;

    case JN_NODE_TRANSFORM:
      result = node_new (p, JN_NODE_TRANSFORM);
      result->position = expr->position;
      result->cond = process (p, expr->cond);
      FAIL_IF (p);
      result->then_ = process (p, expr->then_);
      FAIL_IF (p);
      if (expr->else_ != NULL)
        {
          result->else_ = process (p, expr->else_);
          FAIL_IF (p);
        }
      return result;

    case JN_NODE_BLOCK:
      result = node_new (p, JN_NODE_BLOCK);
      result->position = expr->position;
      for (guint i = 0; i < expr->list.len; i++)
        {
          JnNode *part = process (p, expr->list.items[i]);

          FAIL_IF (p);
          push_ancestry (p, result, part);
          if (part->consarray
              || (part->type == JN_NODE_PATH && part->list.items[0]->consarray))
            result->consarray = TRUE;
          list_push (p->arena, &result->list, part);
        }
      return result;

    case JN_NODE_NAME:
      result = path_of (p, expr);
      if (expr->keep_array)
        result->keep_singleton_array = TRUE;
      return result;

    case JN_NODE_PARENT:
      result = node_new (p, JN_NODE_PARENT);
      result->position = expr->position;
      result->slot = jn_arena_alloc0 (p->arena, sizeof (JnSlot));
      result->slot->label = g_strdup_printf ("!%d", p->ancestor_label++);
      jn_arena_add_destroy (p->arena, g_free, result->slot->label);
      result->slot->level = 1;
      result->slot->index = p->ancestor_index++;
      g_ptr_array_add (p->ancestry, result);
      return result;

    case JN_NODE_NUMBER:
      literal_lexeme (p, expr);
      return expr;

    case JN_NODE_STRING:
    case JN_NODE_VALUE:
    case JN_NODE_WILDCARD:
    case JN_NODE_DESCENDANT:
    case JN_NODE_VARIABLE:
    case JN_NODE_REGEX:
    case JN_NODE_PLACEHOLDER:
      return expr;

    case JN_NODE_OPERATOR:
      if (expr->sym != NULL
          && (strcmp (expr->sym, "and") == 0 || strcmp (expr->sym, "or") == 0
              || strcmp (expr->sym, "in") == 0))
        {
          expr->type = JN_NODE_NAME;
          expr->str = expr->sym;
          expr->str_len = (guint32) strlen (expr->sym);
          expr->hash = jn_hash (expr->str, expr->str_len);
          return process (p, expr);
        }
      if (expr->sym != NULL && strcmp (expr->sym, "?") == 0)
        return expr;
      parse_error (p, "S0201", expr->position, expr->sym,
                   expr->sym != NULL ? strlen (expr->sym) : 0);
      return NULL;

    case JN_NODE_END:
      parse_error (p, "S0207", expr->position, "(end)", 5);
      return NULL;

    default:
      parse_error (p, "S0206", expr->position, NULL, 0);
      return NULL;
    }
}

static JnNode *
process (Parser *p,
         JnNode *expr)
{
  JnNode *result;

  FAIL_IF (p);
  if (++p->depth > MAX_PARSE_DEPTH)
    {
      parse_error (p, "S0299", expr->position, NULL, 0);
      return NULL;
    }
  result = process_inner (p, expr);
  FAIL_IF (p);
  p->depth--;
  if (expr->keep_array)
    result->keep_array = TRUE;
  return result;
}

/**
 * jn_parse:
 * @arena: where the tree is allocated
 * @source: the expression, UTF-8
 * @lexemes: (nullable): where number literals put their lexemes (JnLexeme), the table of
 *   JN_LEXEME_LITERAL; NULL for none
 * @error: filled in on failure
 *
 * Returns: (nullable): the processed syntax tree
 */
JnNode *
jn_parse (JnArena    *arena,
          const char *source,
          GArray     *lexemes,
          JnError    *error)
{
  Parser p = { 0 };
  JnNode *expr;

  p.arena = arena;
  p.lexemes = lexemes;
  p.error = error;
  p.lexer.arena = arena;
  p.lexer.src = source;
  p.lexer.len = strlen (source);
  p.ancestry = g_ptr_array_new ();
  jn_arena_add_destroy (arena, (GDestroyNotify) g_ptr_array_unref, p.ancestry);

  p.node = node_new (&p, JN_NODE_END);
  p.node->sym = "(start)";
  advance (&p, NULL, FALSE);
  if (p.failed)
    return NULL;
  expr = expression (&p, 0);
  if (p.failed)
    return NULL;
  if (p.node->type != JN_NODE_END)
    {
      gsize len;
      const char *text = token_text (p.node, &len);

      if (p.node->type == JN_NODE_OPERATOR)
        {
          text = p.node->sym;
          len = strlen (text);
        }
      parse_error (&p, "S0201", p.node->position, text, len);
      return NULL;
    }
  expr = process (&p, expr);
  if (p.failed)
    return NULL;
  if (expr->type == JN_NODE_PARENT || expr->seeking != NULL)
    {
      const char *name = node_type_name (expr);

      parse_error (&p, "S0217", expr->position, name, strlen (name));
      return NULL;
    }
  return expr;
}

/* ---- Function signatures: <s-nn?:s> and the like */

static gsize
closing_bracket (const char *s,
                 gsize       start,
                 char        open,
                 char        close)
{
  int depth = 1;
  gsize pos = start;
  gsize len = strlen (s);

  while (pos < len)
    {
      pos++;
      if (s[pos] == close)
        {
          depth--;
          if (depth == 0)
            break;
        }
      else if (s[pos] == open)
        {
          depth++;
        }
    }
  return pos;
}

JnSig *
jn_signature_parse (JnArena    *arena,
                    const char *text,
                    JnError    *error)
{
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (JnSigParam));
  JnSigParam param = { 0 };
  JnSigParam *prev = NULL;
  gsize len = strlen (text);
  gsize pos = 1;
  JnSig *sig;

#define NEXT() G_STMT_START { g_array_append_val (params, param); \
                              prev = &g_array_index (params, JnSigParam, params->len - 1); \
                              memset (&param, 0, sizeof param); } G_STMT_END

  while (pos < len)
    {
      char symbol = text[pos];

      if (symbol == ':')
        break;
      switch (symbol)
        {
        case 's': case 'n': case 'b': case 'l': case 'o':
          param.type = symbol;
          param.classes[0] = symbol;
          param.classes[1] = 'm';
          NEXT ();
          break;
        case 'a':
          param.type = 'a';
          strcpy (param.classes, "asnblfom");
          NEXT ();
          break;
        case 'f':
          param.type = 'f';
          strcpy (param.classes, "f");
          NEXT ();
          break;
        case 'j':
          param.type = 'j';
          strcpy (param.classes, "asnblom");
          NEXT ();
          break;
        case 'x':
          param.type = 'x';
          strcpy (param.classes, "asnblfom");
          NEXT ();
          break;
        case '-':
          if (prev != NULL)
            {
              prev->context = TRUE;
              strcpy (prev->context_classes, prev->classes);
              if (strlen (prev->quant) < sizeof prev->quant - 1)
                strcat (prev->quant, "?");
            }
          break;
        case '?':
        case '+':
          if (prev != NULL && strlen (prev->quant) < sizeof prev->quant - 1)
            {
              char q[2] = { symbol, '\0' };

              strcat (prev->quant, q);
            }
          break;
        case '(':
          {
            gsize end = closing_bracket (text, pos, '(', ')');
            gsize n = end > pos + 1 ? end - pos - 1 : 0;

            if (memchr (text + pos + 1, '<', n) != NULL)
              {
                memcpy (error->code, "S0402", 6);
                error->position = (int) pos;
                return NULL;
              }
            param.type = '(';
            n = MIN (n, sizeof param.classes - 2);
            memcpy (param.classes, text + pos + 1, n);
            param.classes[n] = 'm';
            param.classes[n + 1] = '\0';
            pos = end;
            NEXT ();
            break;
          }
        case '<':
          if (prev != NULL && (prev->type == 'a' || prev->type == 'f'))
            {
              gsize end = closing_bracket (text, pos, '<', '>');

              prev->subtype = jn_arena_strndup (arena, text + pos + 1,
                                                end > pos + 1 ? MIN (end, len) - pos - 1 : 0);
              pos = end;
            }
          else
            {
              memcpy (error->code, "S0401", 6);
              error->position = (int) pos;
              return NULL;
            }
          break;
        default:
          break;
        }
      pos++;
    }
#undef NEXT

  sig = jn_arena_alloc0 (arena, sizeof (JnSig));
  sig->n_params = params->len;
  sig->params = jn_arena_alloc (arena, MAX (params->len, 1) * sizeof (JnSigParam));
  if (params->len > 0)
    memcpy (sig->params, params->data, params->len * sizeof (JnSigParam));
  sig->definition = jn_arena_strndup (arena, text, len);
  return sig;
}
