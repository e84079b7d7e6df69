/* sw-validator-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-validator.h"
#include "sw-value-private.h"

G_BEGIN_DECLS

/* Every rule has an id; the id indexes the rule table in sw-validator.c, so a finding can
 * only be reported under a code that sw_validator_get_rules() lists. */
typedef enum
{
  SW_RULE_ROOT_NOT_OBJECT,
  SW_RULE_DUPLICATE_KEY,
  SW_RULE_DEFINITION_TOO_LARGE,
  SW_RULE_FIELD_REQUIRED,
  SW_RULE_FIELD_UNKNOWN,
  SW_RULE_FIELD_NOT_ALLOWED,
  SW_RULE_FIELD_TYPE,
  SW_RULE_FIELDS_EXCLUSIVE,
  SW_RULE_FIELD_DEPRECATED,
  SW_RULE_ARRAY_EMPTY,
  SW_RULE_ENUM_INVALID,
  SW_RULE_NUMBER_NOT_INTEGER,
  SW_RULE_NUMBER_OUT_OF_RANGE,
  SW_RULE_TIMESTAMP_INVALID,
  SW_RULE_QUERY_LANGUAGE_FIELD,
  SW_RULE_QUERY_LANGUAGE_DOWNGRADE,
  SW_RULE_JSONATA_DELIMITERS,
  SW_RULE_JSONATA_IN_JSONPATH,
  SW_RULE_JSONPATH_KEY_IN_JSONATA,
  SW_RULE_JSONATA_SYNTAX,
  SW_RULE_PAYLOAD_KEY_DUPLICATE,
  SW_RULE_PAYLOAD_VALUE_NOT_STRING,
  SW_RULE_PATH_INVALID,
  SW_RULE_INTRINSIC_INVALID,
  SW_RULE_VARIABLE_NAME_INVALID,
  SW_RULE_VARIABLE_UNASSIGNED,
  SW_RULE_VARIABLE_BEFORE_ASSIGNMENT,
  SW_RULE_VARIABLE_OUT_OF_SCOPE,
  SW_RULE_ASSIGN_TOO_LARGE,
  SW_RULE_VARIABLE_SHADOWS_OUTER,
  SW_RULE_STATES_FIELD_UNAVAILABLE,
  SW_RULE_STATE_TYPE_UNKNOWN,
  SW_RULE_STATE_NAME_TOO_LONG,
  SW_RULE_STATE_NAME_INVALID,
  SW_RULE_STATE_NAME_DUPLICATE,
  SW_RULE_TRANSITION_TARGET_MISSING,
  SW_RULE_TRANSITION_OUT_OF_SCOPE,
  SW_RULE_STATE_UNREACHABLE,
  SW_RULE_NO_TERMINAL_STATE,
  SW_RULE_INFINITE_LOOP,
  SW_RULE_NEXT_AND_END,
  SW_RULE_NEXT_OR_END_MISSING,
  SW_RULE_CHOICE_OPERATOR_MISSING,
  SW_RULE_CHOICE_OPERATOR_MULTIPLE,
  SW_RULE_CHOICE_VARIABLE_MISSING,
  SW_RULE_WAIT_DURATION,
  SW_RULE_TASK_RESOURCE_INVALID,
  SW_RULE_TASK_HEARTBEAT_TOO_LONG,
  SW_RULE_TASK_TOKEN_MISSING,
  SW_RULE_EXPRESS_UNSUPPORTED,
  SW_RULE_MAP_DISTRIBUTED_ONLY,
  SW_RULE_MAP_LABEL_INVALID,
  SW_RULE_STATES_ALL_NOT_LAST,
  SW_RULE_STATES_ALL_NOT_ALONE,
  SW_RULE_ERROR_NAME_UNKNOWN,
  SW_RULE_ERROR_SHADOWED,
  SW_RULE_CFN_SUBSTITUTION,
  SW_N_RULES
} SwRuleId;

typedef enum
{
  SW_QL_JSONPATH = 1 << 0,
  SW_QL_JSONATA  = 1 << 1,
  SW_QL_BOTH     = SW_QL_JSONPATH | SW_QL_JSONATA,
} SwQueryLanguage;

/* State types as bits, so a field table can say which types allow a field. */
typedef enum
{
  SW_STATE_PASS     = 1 << 0,
  SW_STATE_TASK     = 1 << 1,
  SW_STATE_CHOICE   = 1 << 2,
  SW_STATE_WAIT     = 1 << 3,
  SW_STATE_SUCCEED  = 1 << 4,
  SW_STATE_FAIL     = 1 << 5,
  SW_STATE_PARALLEL = 1 << 6,
  SW_STATE_MAP      = 1 << 7,
  SW_STATE_ALL      = 0xff,
} SwStateMask;

/* How a field's value is checked by _sw_validator_check_fields(). */
typedef enum
{
  SW_FIELD_CUSTOM,          /* checked by the caller */
  SW_FIELD_ANY,             /* any JSON value, taken literally */
  SW_FIELD_STRING,
  SW_FIELD_BOOLEAN,
  SW_FIELD_OBJECT,
  SW_FIELD_INTEGER,         /* min and max apply */
  SW_FIELD_NUMBER,          /* min and max apply */
  SW_FIELD_TIMESTAMP,
  SW_FIELD_ENUM,            /* one of values */
  SW_FIELD_PATH,            /* a JSONPath */
  SW_FIELD_REFERENCE_PATH,  /* a Reference Path */
  SW_FIELD_PATH_OR_INTRINSIC, /* a Reference Path or an intrinsic function */
  SW_FIELD_TEMPLATE,        /* a payload template (JSONPath) or a JSONata template */
  SW_FIELD_ASSIGN,          /* variables to assign */
  SW_FIELD_ITEMS,           /* a JSON array or a JSONata expression */
} SwFieldKind;

typedef enum
{
  SW_FIELD_FLAG_NONE       = 0,
  SW_FIELD_FLAG_NULLABLE   = 1 << 0,  /* null is accepted (paths) */
  SW_FIELD_FLAG_NO_CONTEXT = 1 << 1,  /* the context object `$$` and variables are refused */
  SW_FIELD_FLAG_EXPRESSION = 1 << 2,  /* a JSONata expression is accepted in JSONata */
  SW_FIELD_FLAG_DEPRECATED = 1 << 3,
} SwFieldFlags;

typedef struct
{
  const char *name;
  guint states;               /* SwStateMask; only used for states */
  guint query_languages;      /* SwQueryLanguage */
  SwFieldKind kind;
  guint flags;                /* SwFieldFlags */
  double min;
  double max;
  const char * const *values; /* SW_FIELD_ENUM */
} SwFieldSpec;

/* A JSON Pointer (RFC 6901) to the value being checked. While the validator walks the
 * document it is a chain of steps on the C stack, which costs nothing; it becomes text only
 * when a finding is reported. */
typedef struct _SwPointer SwPointer;

struct _SwPointer
{
  const SwPointer *parent;
  const char *key;            /* a member name, or NULL for an array index */
  guint index;
  const char *text;           /* the whole pointer as text, if known (no parent then) */
  gboolean stored;            /* lives as long as the validator, not on the stack */
};

#define SW_POINTER_TEXT(t)       (&(const SwPointer) { NULL, NULL, 0, (t), TRUE })
#define SW_POINTER_KEY(p, k)     (&(const SwPointer) { (p), (k), 0, NULL, FALSE })
#define SW_POINTER_INDEX(p, i)   (&(const SwPointer) { (p), NULL, (i), NULL, FALSE })

/* The whole document, "" */
extern const SwPointer _sw_pointer_root;

char     *_sw_pointer_to_string       (const SwPointer *pointer);

typedef struct _SwScope SwScope;
typedef struct _SwStateEntry SwStateEntry;

typedef struct
{
  GPtrArray *diagnostics;
  GPtrArray *scopes;          /* SwScope*, in document order */
  GHashTable *names;          /* state name -> first SwStateEntry* of that name */
  SwQueryLanguage machine_query_language;
  const SwValue *definition;
  GHashTable *key_positions;  /* container value -> position of its key, packed; built on
                               * the first finding that needs it */
  GHashTable *intrinsics;     /* intrinsic function text -> why it is invalid, or NULL */
  GHashTable *resources;      /* Task resource -> why it is invalid, or NULL */
  GHashTable *expressions;    /* JSONata expression text -> SwExpressionInfo* */
  GStringChunk *names_chunk;  /* variable names read in expressions */
} SwValidator;

/* What the validator knows of one `{% … %}` string: whether it compiles, and the workflow
 * variables it reads. Offsets count characters of the string value, delimiters included. */
typedef struct
{
  const char *name;           /* without the `$`, in the validator's names_chunk */
  guint offset;               /* where its `$` is */
  gboolean builtin;           /* also the name of a library function */
} SwVariableRead;

typedef struct
{
  char *problem;              /* why it doesn't compile, or NULL */
  guint offset;               /* where the problem is */
  GArray *reads;              /* SwVariableRead; NULL if it doesn't compile */
  int result_offset;          /* where it reads `$states.result`, or -1 */
  int error_output_offset;    /* where it reads `$states.errorOutput`, or -1 */
} SwExpressionInfo;

struct _SwStateEntry
{
  const char *name;           /* the key in the document */
  SwScope *scope;
  const SwValue *state;
  guint key_line;
  guint key_column;
  SwPointer pointer;
  gboolean terminal;
  guint first_successor;      /* where its successors start in the scope's successors */
  guint n_successors;
  guint index;
  gboolean duplicate;         /* a second state of that name in the same States object */
  SwStateEntry *same_name;    /* the next state of that name in another scope */
  SwStateEntry *last_same_name; /* in the first state of a name: the last one */
  SwQueryLanguage query_language; /* effective; 0 when the state is not an object */
};

struct _SwScope
{
  SwScope *parent;
  const SwPointer *pointer;   /* of the object holding StartAt and States */
  SwPointer pointer_steps[2];
  char *pointer_text;
  const char *what;           /* “the state machine”, “a branch”, … (untranslated) */
  const char *this_what;      /* “the state machine”, “this branch”, … (untranslated) */
  gboolean has_states;
  guint states_key_line;
  guint states_key_column;
  SwPointer states_pointer;
  GPtrArray *states;          /* SwStateEntry*, in authored order */
  SwStateEntry *entries;      /* the storage of states */
  guint *successors;          /* indexes into states, grouped by state; set by pass 2 */
  GHashTable *by_name;        /* name -> SwStateEntry* */
  GPtrArray *transitions;     /* SwTransition* */
  gboolean substituted;       /* a transition names a CloudFormation substitution */
  gboolean express;           /* runs as an Express child workflow */
  gboolean distributed;       /* the processor of a distributed Map */
  SwStateEntry *owner;        /* the Parallel or Map state it belongs to, NULL at the root */
};

typedef struct
{
  SwStateEntry *from;         /* NULL for StartAt */
  const SwValue *target;      /* the string value naming the target */
  const SwPointer *pointer;
  SwPointer steps[3];         /* the steps below a stored pointer, copied from the stack */
  char *text;                 /* or the pointer as text, when it is deeper */
} SwTransition;

/* Reporting */
void      _sw_validator_report        (SwValidator     *self,
                                       SwRuleId         rule,
                                       guint            line,
                                       guint            column,
                                       const SwPointer *pointer,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (6, 7);
void      _sw_validator_report_value  (SwValidator     *self,
                                       SwRuleId         rule,
                                       const SwValue   *value,
                                       const SwPointer *pointer,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (5, 6);
void      _sw_validator_report_object (SwValidator     *self,
                                       SwRuleId         rule,
                                       const SwValue   *object,
                                       const SwPointer *pointer,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (5, 6);
void      _sw_validator_report_key    (SwValidator     *self,
                                       SwRuleId         rule,
                                       const SwValue   *object,
                                       guint            index,
                                       const SwPointer *pointer,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (6, 7);


/* Shared checks (sw-validator-values.c, sw-validator-states.c) */
gboolean  _sw_validator_is_cfn        (const SwValue *value);
gboolean  _sw_validator_is_expression (const char    *text);
gboolean  _sw_timestamp_is_valid      (const char    *text);
const char *_sw_validator_type_name   (const SwValue *value);
void      _sw_validator_check_fields  (SwValidator       *self,
                                       const SwValue     *object,
                                       const SwPointer   *pointer,
                                       const SwFieldSpec *specs,
                                       guint              n_specs,
                                       guint              state_type,
                                       SwQueryLanguage    query_language,
                                       gboolean           open,
                                       const char        *what);
gboolean  _sw_validator_check_type    (SwValidator     *self,
                                       const SwValue   *value,
                                       SwValueKind      kind,
                                       const char      *field,
                                       const SwPointer *pointer);
void      _sw_validator_locate        (const SwValue   *value,
                                       guint            offset,
                                       guint           *line,
                                       guint           *column);
const SwExpressionInfo *
          _sw_validator_expression_info (SwValidator   *self,
                                         const SwValue *value);
void      _sw_validator_scan_path_reads (const char    *text,
                                         void         (*found) (const char *name,
                                                                gsize       length,
                                                                guint       offset,
                                                                gpointer    user_data),
                                         gpointer       user_data);
void      _sw_expression_info_free    (gpointer         data);
void      _sw_validator_check_variables (SwValidator   *self);
void      _sw_validator_check_variable_name (SwValidator     *self,
                                             const SwValue   *assign,
                                             guint            index,
                                             const SwPointer *pointer,
                                             const char      *name);
void      _sw_validator_check_jsonata_string (SwValidator     *self,
                                              const SwValue   *value,
                                              const SwPointer *pointer);
void      _sw_validator_check_template (SwValidator     *self,
                                        const SwValue   *value,
                                        const SwPointer *pointer,
                                        SwQueryLanguage  query_language);
void      _sw_validator_check_assign  (SwValidator     *self,
                                       const SwValue   *value,
                                       const SwPointer *pointer,
                                       SwQueryLanguage  query_language);
void      _sw_validator_check_path    (SwValidator     *self,
                                       const SwValue   *value,
                                       const SwPointer *pointer,
                                       const char      *field,
                                       gboolean         reference,
                                       gboolean         allow_context,
                                       gboolean         allow_intrinsic);
void      _sw_validator_check_exclusive (SwValidator     *self,
                                         const SwValue   *object,
                                         const SwPointer *pointer,
                                         const char      *a,
                                         const char      *b);
gboolean  _sw_validator_is_known_field (const char   *name);
gboolean  _sw_validator_is_repeated_key (const SwValue *object,
                                         guint          index);
const char *_sw_validator_suggest     (const char         *name,
                                       const char * const *candidates,
                                       guint               n_candidates);

/* Choice states (sw-validator-choice.c) */
void      _sw_validator_check_choice  (SwValidator     *self,
                                       SwStateEntry    *entry,
                                       const SwValue   *state,
                                       const SwPointer *pointer,
                                       SwQueryLanguage  query_language);
gboolean  _sw_validator_is_choice_field (const char  *name);

/* State machines and states (sw-validator-states.c) */
void      _sw_validator_validate_root  (SwValidator   *self,
                                        const SwValue *definition);
void      _sw_validator_add_transition (SwValidator     *self,
                                        SwStateEntry    *from,
                                        const SwValue   *target,
                                        const SwPointer *pointer);
void      _sw_scope_free               (gpointer       data);

G_END_DECLS
