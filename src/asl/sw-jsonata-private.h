/* sw-jsonata-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-jsonata.h"

G_BEGIN_DECLS

/* ---- Arena: every value and node of one evaluation (or one compiled expression) lives in an
 * arena that is freed at once, so the evaluator never counts references. */

typedef struct _JnArena JnArena;

JnArena  *jn_arena_new         (void);
void      jn_arena_free        (JnArena       *arena);
gpointer  jn_arena_alloc       (JnArena       *arena,
                                gsize          size);
gpointer  jn_arena_alloc0      (JnArena       *arena,
                                gsize          size);
gpointer  jn_arena_realloc     (JnArena       *arena,
                                gpointer       mem,
                                gsize          old_size,
                                gsize          new_size);
char     *jn_arena_strndup     (JnArena       *arena,
                                const char    *text,
                                gsize          length);
void      jn_arena_reset       (JnArena       *arena);
JnArena  *jn_arena_static      (void);
void      jn_arena_add_destroy (JnArena       *arena,
                                GDestroyNotify destroy,
                                gpointer       data);

/* ---- Values. Undefined is a value of its own kind; scalars are held inline. */

typedef enum
{
  JN_UNDEF = 0,
  JN_NULL,
  JN_BOOL,
  JN_NUMBER,
  JN_STRING,
  JN_ARRAY,
  JN_OBJECT,
  JN_FUNC,
  JN_TUPLE,
} JnType;

typedef struct _JnArr JnArr;
typedef struct _JnObj JnObj;
typedef struct _JnFunc JnFunc;
typedef struct _JnTuple JnTuple;
typedef struct _JnRegex JnRegex;

typedef struct
{
  guint8  type;
  guint8  b;
  guint16 reserved;
  guint32 aux;            /* string: byte length; number: input lexeme index + 1 */
  union
  {
    double      n;
    const char *s;        /* always NUL-terminated, may hold NULs */
    JnArr      *a;
    JnObj      *o;
    JnFunc     *f;
    JnTuple    *t;
  } u;
} JnVal;

enum
{
  JN_ARR_SEQUENCE       = 1 << 0,
  JN_ARR_KEEP_SINGLETON = 1 << 1,
  JN_ARR_CONS           = 1 << 2,
  JN_ARR_OUTER_WRAPPER  = 1 << 3,
  JN_ARR_TUPLE_STREAM   = 1 << 4,
  JN_ARR_SHARED         = 1 << 5,   /* in a prepared input: never changed in place */
};

struct _JnArr
{
  JnVal *items;
  guint  len;
  guint  cap;
  guint  flags;
};

typedef struct
{
  const char *key;
  guint32     klen;
  guint32     hash;
  JnVal       val;
} JnMember;

struct _JnObj
{
  JnMember *m;
  guint     len;
  guint     cap;
  guint     n_index_keys;   /* keys that are array indices sort first, as in JavaScript */
  guint32  *table;          /* open-addressing index of m, built once the object grows */
  guint     table_size;
};

typedef struct
{
  const char *name;
  guint32     hash;
  JnVal       val;
} JnBinding;

struct _JnTuple
{
  JnBinding *b;             /* b[0] is always "@" */
  guint      len;
  guint      cap;
};

typedef struct _JnFrame JnFrame;
struct _JnFrame
{
  JnFrame   *parent;
  JnBinding *b;
  guint      len;
  guint      cap;
};

/* ---- Signatures */

typedef struct
{
  char        type;         /* s n b l o a f j x, or '(' for a choice */
  char        classes[16];  /* the type symbols this parameter accepts ('m': missing) */
  char        context_classes[16];
  char        quant[4];     /* "", "?", "+", "??" … as the reference builds its regex */
  const char *subtype;      /* a<n>: "n"; NULL when none */
  gboolean    context;
} JnSigParam;

typedef struct
{
  JnSigParam *params;
  guint       n_params;
  char       *definition;
} JnSig;

/* ---- Errors */

typedef struct
{
  char        code[6];
  int         position;     /* byte offset in the expression, -1 when unknown */
  char       *token;
  char       *message;      /* a message given by the expression ($error, $assert) */
  JnVal       value;
  JnVal       value2;
  int         index;
  char       *detail;       /* functionName, exp … */
  gboolean    have_value;
  gboolean    have_value2;
} JnError;

/* ---- Syntax tree */

typedef enum
{
  JN_NODE_PATH = 1,
  JN_NODE_BINARY,
  JN_NODE_NEGATE,
  JN_NODE_ARRAY,
  JN_NODE_OBJECT,
  JN_NODE_NAME,
  JN_NODE_STRING,
  JN_NODE_NUMBER,
  JN_NODE_VALUE,
  JN_NODE_WILDCARD,
  JN_NODE_DESCENDANT,
  JN_NODE_PARENT,
  JN_NODE_CONDITION,
  JN_NODE_BLOCK,
  JN_NODE_BIND,
  JN_NODE_REGEX,
  JN_NODE_FUNCTION,
  JN_NODE_PARTIAL,
  JN_NODE_VARIABLE,
  JN_NODE_LAMBDA,
  JN_NODE_APPLY,
  JN_NODE_TRANSFORM,
  JN_NODE_SORT,
  JN_NODE_PLACEHOLDER,      /* the ? of a partial application */
  JN_NODE_ELVIS,            /* a ?: b */
  JN_NODE_COALESCE,         /* a ?? b */
  JN_NODE_OPERATOR,         /* a bare operator token (and, or, in as names) */
  JN_NODE_END,
} JnNodeType;

/* Binary operators, and the raw infix forms the parser produces before processing. */
typedef enum
{
  JN_OP_NONE = 0,
  JN_OP_ADD, JN_OP_SUB, JN_OP_MUL, JN_OP_DIV, JN_OP_MOD,
  JN_OP_EQ, JN_OP_NE, JN_OP_LT, JN_OP_LE, JN_OP_GT, JN_OP_GE,
  JN_OP_CONCAT, JN_OP_AND, JN_OP_OR, JN_OP_IN, JN_OP_RANGE,
  JN_OP_MAP,        /* . */
  JN_OP_PREDICATE,  /* [ */
  JN_OP_GROUP,      /* { */
  JN_OP_ORDER,      /* ^ */
  JN_OP_BIND,       /* := */
  JN_OP_FOCUS,      /* @ */
  JN_OP_INDEX,      /* # */
  JN_OP_APPLY,      /* ~> */
} JnOp;

typedef struct _JnNode JnNode;

typedef struct
{
  JnNode **items;
  guint    len;
  guint    cap;
} JnList;

typedef struct
{
  char *label;
  int   level;
  int   index;
} JnSlot;

typedef struct
{
  guint8      type;         /* 'f' filter, 'i' index */
  JnNode     *expr;
  const char *var;
  int         position;
} JnStage;

typedef struct
{
  JnStage *items;
  guint    len;
  guint    cap;
} JnStages;

typedef struct
{
  JnNode  **pairs;          /* key, value, key, value … */
  guint     n_pairs;
  int       position;
} JnGroup;

typedef struct
{
  JnNode   *expr;
  gboolean  descending;
} JnSortTerm;

struct _JnNode
{
  guint8      type;
  guint8      op;
  guint8      keep_array : 1;
  guint8      consarray : 1;
  guint8      keep_singleton_array : 1;
  guint8      tuple : 1;
  guint8      thunk : 1;
  guint8      has_stages : 1;
  int         position;
  const char *sym;          /* the parser's symbol id while parsing */

  /* literals and names */
  const char *str;
  guint32     str_len;
  guint32     hash;
  double      num;
  JnVal       value;        /* literal value (string, number, true, false, null) */

  JnNode     *lhs;
  JnNode     *rhs;
  JnList      list;         /* array items, block expressions, path steps, arguments,
                             * object pairs (key, value …), lambda parameters */
  JnNode     *body;         /* lambda body, function procedure */
  JnNode     *cond;         /* condition / transform pattern */
  JnNode     *then_;        /* then / transform update */
  JnNode     *else_;        /* else / transform delete */

  JnSortTerm *terms;
  guint       n_terms;

  JnStages   *predicate;
  JnStages   *stages;
  JnGroup    *group;

  const char *focus;
  const char *index;
  JnSlot     *ancestor;
  JnSlot     *slot;
  GPtrArray  *seeking;      /* JnSlot* */

  JnSig      *signature;
  JnRegex    *regex;
  gboolean    regex_has_flags;
};

/* ---- Lexer */

typedef enum
{
  JN_TOK_END = 0,
  JN_TOK_OPERATOR,
  JN_TOK_NAME,
  JN_TOK_VARIABLE,
  JN_TOK_STRING,
  JN_TOK_NUMBER,
  JN_TOK_VALUE,
  JN_TOK_REGEX,
} JnTokType;

typedef enum
{
  JN_LIT_NULL,
  JN_LIT_TRUE,
  JN_LIT_FALSE,
} JnLiteral;

typedef struct
{
  JnTokType   type;
  const char *text;         /* operator (static), name, variable, string (arena) */
  gsize       len;
  double      num;
  JnLiteral   literal;
  int         position;     /* byte offset just past the token, as JSONata reports */
  JnRegex    *regex;
  gboolean    regex_has_flags;
} JnToken;

typedef struct
{
  JnArena    *arena;
  const char *src;
  gsize       len;
  gsize       pos;
} JnLexer;

gboolean  jn_lexer_next          (JnLexer      *lexer,
                                  gboolean      infix,
                                  JnToken      *token,
                                  JnError      *error);
gboolean  jn_is_operator_char    (char          c);

JnNode   *jn_parse               (JnArena      *arena,
                                  const char   *source,
                                  GArray       *lexemes,
                                  JnError      *error);
JnSig    *jn_signature_parse     (JnArena      *arena,
                                  const char   *text,
                                  JnError      *error);

/* ---- Evaluation */

/* A number as the input wrote it: output gives the same lexeme back while the value is
 * unchanged. A number's aux is the index + 1 of its lexeme in the evaluation's table, or in
 * the prepared input's with JN_LEXEME_SHARED set. */
typedef struct
{
  const char *text;
  gsize       length;
  double      value;
} JnLexeme;

#define JN_LEXEME_SHARED 0x80000000u
/* The expression's own: number literals carry the text they are written with (see
 * jn_parse ()), in the compiled expression's table */
#define JN_LEXEME_LITERAL 0x40000000u

typedef struct _JnBuiltin JnBuiltin;
typedef struct _JnCtx JnCtx;

typedef struct
{
  JnVal    input;
  JnFrame *env;
  const JnNode *node;
} JnCall;

typedef JnVal (*JnNativeFunc) (JnCtx        *ctx,
                               JnVal        *args,
                               guint         n_args,
                               const JnCall *call);

struct _JnBuiltin
{
  const char  *name;
  const char  *signature;
  JnNativeFunc impl;
  guint8       arity;       /* the declared arity of the reference implementation */
  JnSig       *sig;
};

typedef enum
{
  JN_FN_BUILTIN = 1,
  JN_FN_LAMBDA,
  JN_FN_NATIVE_PARTIAL,
  JN_FN_REGEX,
  JN_FN_MATCH_NEXT,
  JN_FN_TRANSFORM,
  JN_FN_CHAIN,
} JnFuncKind;

struct _JnFunc
{
  guint8            kind;
  gboolean          thunk;
  const JnBuiltin  *builtin;
  const JnNode     *node;      /* lambda, transform or regex node */
  JnNode          **params;
  guint             n_params;
  JnFrame          *env;
  JnVal             input;
  const JnSig      *sig;
  JnVal             f1;        /* chain: first; match next: subject string */
  JnVal             f2;        /* chain: second */
  JnRegex          *regex;
  gsize             offset;    /* match next: where the next search starts */
};

struct _JnCtx
{
  JnArena   *arena;
  JnError   *error;
  guint      depth;
  guint      max_depth;
  guint      ticks;
  gint64     deadline;          /* monotonic microseconds; 0: none */
  guint      timeout_ms;
  gint64     timestamp;         /* milliseconds since the epoch, fixed for one evaluation
                                 * once read (jn_ctx_timestamp ()); 0: not read yet */
  JnFrame   *root;
  GArray    *lexemes;          /* JnLexeme: the numbers of the input, for faithful output */
  const JnLexeme *doc_lexemes;  /* those of a prepared input (aux with JN_LEXEME_SHARED) */
  guint      n_doc_lexemes;
  const JnLexeme *literal_lexemes;  /* the expression's (aux with JN_LEXEME_LITERAL) */
  guint      n_literal_lexemes;
};

/* The input lexeme of a number, NULL when it has none. */
static inline const JnLexeme *
jn_lexeme_of (const JnCtx *ctx,
              JnVal        v)
{
  guint32 index = v.aux & ~(JN_LEXEME_SHARED | JN_LEXEME_LITERAL);

  if (index == 0)
    return NULL;
  if (v.aux & JN_LEXEME_SHARED)
    return index <= ctx->n_doc_lexemes ? &ctx->doc_lexemes[index - 1] : NULL;
  if (v.aux & JN_LEXEME_LITERAL)
    return index <= ctx->n_literal_lexemes ? &ctx->literal_lexemes[index - 1] : NULL;
  return ctx->lexemes != NULL && index <= ctx->lexemes->len
         ? &g_array_index (ctx->lexemes, JnLexeme, index - 1) : NULL;
}

/* The time of the evaluation ($now (), $millis ()): the same for all of it. */
static inline gint64
jn_ctx_timestamp (JnCtx *ctx)
{
  if (ctx->timestamp == 0)
    ctx->timestamp = g_get_real_time () / 1000;
  return ctx->timestamp;
}

#define JN_UNDEF_VAL ((JnVal) { .type = JN_UNDEF })
#define JN_FAILED(ctx) (G_UNLIKELY ((ctx)->error != NULL))
#define JN_TRY(ctx) G_STMT_START { if (JN_FAILED (ctx)) return JN_UNDEF_VAL; } G_STMT_END

static inline gboolean jn_is_undef (JnVal v) { return v.type == JN_UNDEF; }
static inline gboolean jn_is_array (JnVal v) { return v.type == JN_ARRAY; }
static inline gboolean jn_is_seq (JnVal v)
{
  return v.type == JN_ARRAY && (v.u.a->flags & JN_ARR_SEQUENCE) != 0;
}

JnVal     jn_null                (void);
JnVal     jn_bool                (gboolean      b);
JnVal     jn_num                 (double        n);
JnVal     jn_str                 (JnCtx        *ctx,
                                  const char   *text,
                                  gssize        length);
JnVal     jn_str_static          (const char   *text,
                                  gsize         length);
JnVal     jn_str_take_gstring    (JnCtx        *ctx,
                                  GString      *string);
JnVal     jn_arr_new             (JnCtx        *ctx,
                                  guint         reserve);
JnVal     jn_seq_new             (JnCtx        *ctx);
JnVal     jn_seq_of              (JnCtx        *ctx,
                                  JnVal         item);
void      jn_arr_push            (JnCtx        *ctx,
                                  JnArr        *arr,
                                  JnVal         item);
JnVal     jn_obj_new             (JnCtx        *ctx);
JnVal    *jn_obj_get             (const JnObj  *obj,
                                  const char   *key,
                                  gsize         klen);
void      jn_obj_set             (JnCtx        *ctx,
                                  JnObj        *obj,
                                  const char   *key,
                                  gsize         klen,
                                  JnVal         val);
JnVal     jn_obj_new_member      (JnCtx        *ctx,
                                  const JnMember *member);
gboolean  jn_obj_remove          (JnObj        *obj,
                                  const char   *key,
                                  gsize         klen);
guint32   jn_hash                (const char   *text,
                                  gsize         length);

JnFrame  *jn_frame_new           (JnCtx        *ctx,
                                  JnFrame      *parent);
void      jn_frame_bind          (JnCtx        *ctx,
                                  JnFrame      *frame,
                                  const char   *name,
                                  guint32       hash,
                                  JnVal         val);
gboolean  jn_frame_lookup        (JnFrame      *frame,
                                  const char   *name,
                                  guint32       hash,
                                  JnVal        *out);

JnTuple  *jn_tuple_new           (JnCtx        *ctx,
                                  JnVal         at);
JnTuple  *jn_tuple_copy          (JnCtx        *ctx,
                                  const JnTuple *tuple);
void      jn_tuple_set           (JnCtx        *ctx,
                                  JnTuple      *tuple,
                                  const char   *name,
                                  JnVal         val);
JnVal     jn_tuple_get           (const JnTuple *tuple,
                                  const char   *name);

gboolean  jn_is_function         (JnVal         v);
gboolean  jn_is_numeric          (JnCtx        *ctx,
                                  JnVal         v);
gboolean  jn_is_array_of_numbers (JnCtx        *ctx,
                                  JnVal         v);
gboolean  jn_is_array_of_strings (JnVal         v);
gboolean  jn_deep_equal          (JnVal         a,
                                  JnVal         b);
gboolean  jn_strict_equal        (JnVal         a,
                                  JnVal         b);
JnVal     jn_boolean             (JnCtx        *ctx,
                                  JnVal         v);
gboolean  jn_truthy              (JnCtx        *ctx,
                                  JnVal         v);
JnVal     jn_append              (JnCtx        *ctx,
                                  JnVal         a,
                                  JnVal         b);
JnVal     jn_lookup              (JnCtx        *ctx,
                                  JnVal         input,
                                  const char   *key,
                                  gsize         klen);
JnVal     jn_string              (JnCtx        *ctx,
                                  JnVal         v,
                                  gboolean      prettify);
JnVal     jn_clone               (JnCtx        *ctx,
                                  JnVal         v);
guint     jn_function_arity      (JnVal         v);
char      jn_type_symbol         (JnVal         v);
void      jn_format_number       (GString      *out,
                                  double        n);
int       jn_format_shortest_fixed (char       *out,
                                    double      magnitude,
                                    double      min_fraction);
gsize     jn_utf8_length         (const char   *s,
                                  gsize         len);

void      jn_error               (JnCtx        *ctx,
                                  const char   *code,
                                  int           position,
                                  const char   *token);
JnError  *jn_error_new           (JnCtx        *ctx,
                                  const char   *code);
void      jn_error_value         (JnCtx        *ctx,
                                  JnVal         value);
char     *jn_error_format        (const JnError *error,
                                  const char   *source);

JnVal     jn_eval_root           (JnCtx        *ctx,
                                  const JnNode *node,
                                  JnVal         input);
JnVal     jn_apply               (JnCtx        *ctx,
                                  JnVal         proc,
                                  JnVal        *args,
                                  guint         n_args,
                                  JnVal         input,
                                  JnFrame      *env);
JnVal     jn_eval_string         (JnCtx        *ctx,
                                  const char   *expr,
                                  JnVal         input,
                                  JnFrame      *env);
JnVal     jn_regex_match_at      (JnCtx        *ctx,
                                  JnRegex      *regex,
                                  JnVal         subject,
                                  gsize         offset,
                                  int           position);
JnVal     jn_sort                (JnCtx        *ctx,
                                  JnVal         arr,
                                  gboolean    (*compare) (JnCtx *, JnVal, JnVal, gpointer),
                                  gpointer      user_data);

const JnBuiltin *jn_builtin_lookup (const char *name,
                                    guint32     hash);
JnRegex  *jn_regex_compile       (const char   *pattern,
                                  gsize         length,
                                  const char   *flags,
                                  GError      **error);
void      jn_regex_free          (JnRegex      *regex);
guint     jn_regex_n_groups      (const JnRegex *regex);
gboolean  jn_regex_exec          (JnCtx        *ctx,
                                  const JnRegex *regex,
                                  const char   *subject,
                                  gsize         length,
                                  gsize         offset,
                                  gboolean      checked,
                                  const gsize **ovector);
JnVal     jn_regex_groups        (JnCtx        *ctx,
                                  const JnRegex *regex,
                                  const char   *subject,
                                  const gsize  *ovector);
double    jn_regex_utf16_index   (const char   *s,
                                  gsize         from,
                                  double        index,
                                  gsize         byte_offset);

/* The matches of a regex over a subject, one after another (jn_regex_iter_next ()). */
typedef struct
{
  const JnRegex *regex;
  const char    *subject;
  gsize          length;
  gsize          next;        /* where the next search starts */
  guint          n_found;
  int            position;    /* of the regex in the expression, for errors */
  const gsize   *ovector;     /* the last match: byte offsets, (gsize) -1 for unset groups */
} JnRegexIter;

gboolean  jn_regex_iter_next     (JnCtx        *ctx,
                                  JnRegexIter  *iter);

/* date and time, numbers formatted by picture */
JnVal     jn_fn_from_millis      (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_to_millis        (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_now              (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_millis           (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_format_integer   (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_parse_integer    (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_format_number    (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
JnVal     jn_fn_format_base      (JnCtx *ctx, JnVal *args, guint n, const JnCall *call);
double    jn_round_half_even     (double value,
                                  int    precision);

G_END_DECLS
