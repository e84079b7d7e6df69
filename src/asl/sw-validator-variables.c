/* sw-validator-variables.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Pass 3 of the validator: workflow variables. Variables start empty; a state's Assign (or
 * the Assign of the Choice rule or catcher it leaves by) takes effect when it leaves, so a
 * state reads the values its predecessors assigned, not its own. Each States block (a scope)
 * is a graph, and a forward data flow over it finds, for each state, the variables some path
 * from StartAt may have assigned when it is entered. States inside a Parallel branch or a Map
 * iteration also see what their Parallel or Map state sees, except in a distributed Map,
 * whose child workflows only see their own variables; nothing assigned inside a branch or an
 * iteration is seen outside it.
 *
 * Every `$name` a state reads (in JSONata expressions, paths and intrinsic functions) is then
 * judged: assigned nowhere (a warning: JSONata gives undefined, JSONPath fails at run time),
 * assigned only where the state can't see it (an error), or visible but not assigned on any
 * path before the state (a warning). */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-intrinsic.h"
#include "sw-path-private.h"
#include "sw-validator-private.h"

typedef struct
{
  guint64 *in;                /* n_states x n_words: what may be assigned on entry */
  guint64 *gen;               /* n_states x n_words: what leaving normally assigns */
  guint64 *assigned;          /* n_words: assigned by some state of the scope */
  gboolean *visited;          /* reached from StartAt */
} Flow;

typedef struct
{
  SwValidator *validator;
  GHashTable *ids;            /* name -> id + 1 */
  GPtrArray *names;           /* id -> name */
  GPtrArray *assigners;       /* id -> the first SwStateEntry* that assigns it */
  GHashTable *flows;          /* SwScope* -> Flow* */
  guint n_words;
} Variables;

#define BIT_SET(bits, id)  ((bits)[(id) / 64] |= G_GUINT64_CONSTANT (1) << ((id) % 64))
#define BIT_TEST(bits, id) (((bits)[(id) / 64] >> ((id) % 64)) & 1)

static void
flow_free (gpointer data)
{
  Flow *flow = data;

  g_free (flow->in);
  g_free (flow->gen);
  g_free (flow->assigned);
  g_free (flow->visited);
  g_free (flow);
}

/* The name an Assign key gives a variable. */
static char *
assigned_name (const char      *key,
               SwQueryLanguage  query_language)
{
  gsize length = strlen (key);

  if (query_language == SW_QL_JSONPATH && g_str_has_suffix (key, ".$"))
    length -= 2;
  return g_strndup (key, length);
}

typedef void (*AssignFunc) (Variables     *vars,
                            SwStateEntry  *entry,
                            const char    *name,
                            gpointer       data);

static void
foreach_assigned (Variables     *vars,
                  SwStateEntry  *entry,
                  const SwValue *assign,
                  AssignFunc     func,
                  gpointer       data)
{
  if (assign == NULL || !_sw_value_is_object (assign))
    return;
  for (guint i = 0; i < _sw_value_n_members (assign); i++)
    {
      g_autofree char *name = assigned_name (_sw_value_key (assign, i), entry->query_language);

      func (vars, entry, name, data);
    }
}

static void
register_name (Variables    *vars,
               SwStateEntry *entry,
               const char   *name,
               gpointer      data)
{
  if (g_hash_table_contains (vars->ids, name))
    return;
  g_ptr_array_add (vars->names, g_strdup (name));
  g_ptr_array_add (vars->assigners, entry);
  g_hash_table_insert (vars->ids, g_ptr_array_index (vars->names, vars->names->len - 1),
                       GUINT_TO_POINTER (vars->names->len));
}

static void
set_name (Variables    *vars,
          SwStateEntry *entry,
          const char   *name,
          gpointer      data)
{
  guint64 *bits = data;
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (vars->ids, name)) - 1;

  BIT_SET (bits, id);
}

/* Calls @func for the Assign of the state, of its Choice rules and of its catchers. */
static void
foreach_state_assign (Variables     *vars,
                      SwStateEntry  *entry,
                      AssignFunc     func,
                      gpointer       data)
{
  static const char * const lists[] = { "Choices", "Catch" };

  foreach_assigned (vars, entry, sw_value_object_get (entry->state, "Assign"), func, data);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      const SwValue *list = sw_value_object_get (entry->state, lists[l]);

      if (list == NULL || !_sw_value_is_array (list))
        continue;
      for (guint i = 0; i < _sw_value_n_items (list); i++)
        {
          const SwValue *item = _sw_value_item (list, i);

          if (_sw_value_is_object (item))
            foreach_assigned (vars, entry, sw_value_object_get (item, "Assign"), func, data);
        }
    }
}

static gboolean
is_state (const SwStateEntry *entry)
{
  return entry->query_language != 0 && _sw_value_is_object (entry->state);
}

static SwStateEntry *
find_target (SwScope       *scope,
             const SwValue *target)
{
  if (target == NULL || !_sw_value_is_string (target))
    return NULL;
  return g_hash_table_lookup (scope->by_name, _sw_value_text (target));
}

/* Adds @bits to what @target may see on entry; TRUE if that changed. */
static gboolean
flow_into (Variables    *vars,
           Flow         *flow,
           SwStateEntry *target,
           const guint64 *bits)
{
  guint64 *in = &flow->in[(gsize) target->index * vars->n_words];
  gboolean changed = !flow->visited[target->index];

  flow->visited[target->index] = TRUE;
  for (guint w = 0; w < vars->n_words; w++)
    {
      guint64 merged = in[w] | bits[w];

      changed |= merged != in[w];
      in[w] = merged;
    }
  return changed;
}

static void
push (GArray   *queue,
      gboolean *queued,
      guint     index)
{
  if (!queued[index])
    {
      queued[index] = TRUE;
      g_array_append_val (queue, index);
    }
}

static void
run_flow (Variables *vars,
          SwScope   *scope,
          Flow      *flow)
{
  guint n = scope->states->len;
  g_autofree gboolean *queued = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint64 *out = g_new0 (guint64, MAX (vars->n_words, 1));
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));
  SwStateEntry *start = NULL;

  for (guint i = 0; i < scope->transitions->len && start == NULL; i++)
    {
      SwTransition *transition = g_ptr_array_index (scope->transitions, i);

      if (transition->from == NULL)
        start = find_target (scope, transition->target);
    }
  if (start == NULL)
    return;

  flow->visited[start->index] = TRUE;
  push (queue, queued, start->index);

  /* A FIFO worklist; a state goes back in when what it may see grows. */
  for (guint q = 0; q < queue->len; q++)
    {
      guint index = g_array_index (queue, guint, q);
      SwStateEntry *entry = g_ptr_array_index (scope->states, index);
      const guint64 *in = &flow->in[(gsize) index * vars->n_words];
      const SwValue *state = entry->state;
      const SwValue *choices, *catch;
      SwStateEntry *target;

      queued[index] = FALSE;
      if (!is_state (entry))
        continue;

      for (guint w = 0; w < vars->n_words; w++)
        out[w] = in[w] | flow->gen[(gsize) index * vars->n_words + w];

      if ((target = find_target (scope, sw_value_object_get (state, "Next"))) &&
          flow_into (vars, flow, target, out))
        push (queue, queued, target->index);
      if ((target = find_target (scope, sw_value_object_get (state, "Default"))) &&
          flow_into (vars, flow, target, out))
        push (queue, queued, target->index);

      choices = sw_value_object_get (state, "Choices");
      if (choices != NULL && _sw_value_is_array (choices))
        for (guint i = 0; i < _sw_value_n_items (choices); i++)
          {
            const SwValue *rule = _sw_value_item (choices, i);

            if (_sw_value_is_object (rule) &&
                (target = find_target (scope, sw_value_object_get (rule, "Next"))) &&
                flow_into (vars, flow, target, out))
              push (queue, queued, target->index);
          }

      /* A caught error leaves without the state's Assign, with the catcher's. */
      catch = sw_value_object_get (state, "Catch");
      if (catch != NULL && _sw_value_is_array (catch))
        for (guint i = 0; i < _sw_value_n_items (catch); i++)
          {
            const SwValue *catcher = _sw_value_item (catch, i);

            if (!_sw_value_is_object (catcher) ||
                !(target = find_target (scope, sw_value_object_get (catcher, "Next"))))
              continue;
            memcpy (out, in, vars->n_words * sizeof (guint64));
            foreach_assigned (vars, entry, sw_value_object_get (catcher, "Assign"), set_name,
                              out);
            if (flow_into (vars, flow, target, out))
              push (queue, queued, target->index);
          }
    }
}

/* Variable names. The guide: “Variable names follow the rules for Unicode Identifiers as
 * described in Unicode Standard Annex #31. The first character of a variable name must be a
 * Unicode ID_Start character, and the second and subsequent characters must be Unicode
 * ID_Continue characters. The maximum length of a variable name is 80.” ID_Start is the
 * letters and letter numbers plus Other_ID_Start; ID_Continue adds marks, decimal digits and
 * connector punctuation (so “_”, which doesn't start a name) plus Other_ID_Continue; both
 * leave out Pattern_Syntax and Pattern_White_Space. */

#define MAX_VARIABLE_NAME 80

static gboolean
is_pattern_syntax_letter (gunichar c)
{
  /* The only Pattern_Syntax characters that GLib classes as letters or connectors. */
  return c == 0x2E2F;
}

static gboolean
is_id_start (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_LETTER_NUMBER:
      return !is_pattern_syntax_letter (c);
    default:
      /* Other_ID_Start */
      return c == 0x1885 || c == 0x1886 || c == 0x2118 || c == 0x212E || c == 0x309B ||
             c == 0x309C;
    }
}

static gboolean
is_id_continue (gunichar c)
{
  if (is_id_start (c))
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
      return TRUE;
    default:
      /* Other_ID_Continue */
      return c == 0x00B7 || c == 0x0387 || (c >= 0x1369 && c <= 0x1371) || c == 0x19DA ||
             c == 0x200C || c == 0x200D || c == 0x30FB || c == 0xFF65;
    }
}

/**
 * _sw_validator_check_variable_name:
 * @assign: an Assign object
 * @index: the member whose key names the variable
 * @name: the variable name (the key without the `.$` of JSONPath)
 *
 * Reports a name the service refuses, at its key.
 */
void
_sw_validator_check_variable_name (SwValidator     *self,
                                   const SwValue   *assign,
                                   guint            index,
                                   const SwPointer *pointer,
                                   const char      *name)
{
  glong length;
  guint position = 0;

  if (*name == '\0')
    {
      _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                _("A variable name can't be empty"));
      return;
    }
  if (!g_utf8_validate (name, -1, NULL))
    return; /* the reader refuses such text */
  if (strcmp (name, "states") == 0)
    {
      _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                _("“$states” is reserved; choose another variable name"));
      return;
    }
  if (name[0] == '$' && name[1] != '\0')
    {
      _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                _("“%s”: name the variable without “$” (“%s”); the “$” is "
                                  "written only where the variable is read"),
                                name, name + 1);
      return;
    }

  length = g_utf8_strlen (name, -1);
  if (length > MAX_VARIABLE_NAME)
    {
      _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                _("The variable name “%s” has %ld characters; the limit is "
                                  "%u"),
                                name, length, MAX_VARIABLE_NAME);
      return;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *what = NULL;

      if (position == 0 ? is_id_start (c) : is_id_continue (c))
        continue;

      if (g_unichar_isgraph (c))
        what = g_strdup_printf ("“%.*s”", (int) g_utf8_skip[*(const guchar *) p], p);
      else
        what = g_strdup_printf ("U+%04X", (guint) c);
      if (position > 0 && (c == '.' || c == '['))
        _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                  _("“%s” would assign part of a variable, which “Assign” "
                                    "can't do; assign the whole variable “%.*s”"),
                                  name, (int) (p - name), name);
      else if (position == 0)
        _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                  _("“%s” is not a valid variable name: it starts with %s, and "
                                    "a name starts with a letter (Unicode ID_Start)"),
                                  name, what);
      else
        _sw_validator_report_key (self, SW_RULE_VARIABLE_NAME_INVALID, assign, index, pointer,
                                  _("“%s” is not a valid variable name: %s is not a letter, "
                                    "digit, mark or “_” (Unicode ID_Continue)"),
                                  name, what);
      return;
    }
}

/* Judging reads */

typedef struct
{
  Variables *vars;
  SwStateEntry *entry;
  GHashTable *reported;       /* names already reported in this state */
} Reader;

static const char *
scope_kind (const SwScope *scope)
{
  const SwValue *type = scope->owner != NULL ?
                        sw_value_object_get (scope->owner->state, "Type") : NULL;

  if (type != NULL && _sw_value_is_string (type) &&
      strcmp (_sw_value_text (type), "Parallel") == 0)
    return N_("a branch of the Parallel state");
  return N_("the iterations of the Map state");
}

static void
judge (Reader          *reader,
       const char      *name,
       gboolean         builtin,
       const SwValue   *value,
       guint            offset,
       const SwPointer *pointer)
{
  Variables *vars = reader->vars;
  SwValidator *self = vars->validator;
  SwStateEntry *entry = reader->entry;
  SwScope *scope = entry->scope;
  SwStateEntry *at = entry;
  gpointer packed = g_hash_table_lookup (vars->ids, name);
  guint id;
  guint line, column;
  gboolean blocked = FALSE;

  if (packed == NULL && builtin)
    return;
  if (g_hash_table_contains (reader->reported, name))
    return;

  _sw_validator_locate (value, offset, &line, &column);

  if (packed == NULL)
    {
      const char *suggestion = _sw_validator_suggest (name,
                                                      (const char * const *) vars->names->pdata,
                                                      vars->names->len);

      g_hash_table_add (reader->reported, (gpointer) name);
      if (suggestion != NULL)
        _sw_validator_report (self, SW_RULE_VARIABLE_UNASSIGNED, line, column, pointer,
                              _("No state assigns the variable “$%s”; did you mean “$%s”?"),
                              name, suggestion);
      else
        _sw_validator_report (self, SW_RULE_VARIABLE_UNASSIGNED, line, column, pointer,
                              _("No state assigns the variable “$%s”, so reading it fails or "
                                "gives nothing"),
                              name);
      return;
    }
  id = GPOINTER_TO_UINT (packed) - 1;

  /* Visible from here: this scope's flow, then the enclosing Parallel or Map state's. */
  for (;;)
    {
      Flow *flow = g_hash_table_lookup (vars->flows, scope);

      if (flow != NULL && BIT_TEST (&flow->in[(gsize) at->index * vars->n_words], id))
        return;
      if (scope->distributed)
        {
          blocked = TRUE;
          break;
        }
      if (scope->owner == NULL)
        break;
      at = scope->owner;
      scope = at->scope;
    }

  g_hash_table_add (reader->reported, (gpointer) name);

  /* Assigned where this state could see it, but not before it. */
  for (scope = entry->scope; scope != NULL; scope = scope->owner ? scope->owner->scope : NULL)
    {
      Flow *flow = g_hash_table_lookup (vars->flows, scope);

      if (flow != NULL && BIT_TEST (flow->assigned, id))
        {
          _sw_validator_report (self, SW_RULE_VARIABLE_BEFORE_ASSIGNMENT, line, column, pointer,
                                _("“$%s” is read here, but no path from “StartAt” assigns it "
                                  "before this state (a state's own Assign is only seen by "
                                  "the states after it)"),
                                name);
          return;
        }
      if (scope->distributed)
        break;
    }

  if (blocked)
    for (; scope != NULL && scope->owner != NULL; )
      {
        Flow *flow;

        scope = scope->owner->scope;
        flow = g_hash_table_lookup (vars->flows, scope);
        if (flow != NULL && BIT_TEST (flow->assigned, id))
          {
            _sw_validator_report (self, SW_RULE_VARIABLE_OUT_OF_SCOPE, line, column, pointer,
                                  _("“$%s” is assigned outside this distributed Map state, "
                                    "whose iterations can't read the workflow's variables; "
                                    "pass it in with “ItemSelector”"),
                                  name);
            return;
          }
      }

  {
    SwStateEntry *assigner = g_ptr_array_index (vars->assigners, id);

    _sw_validator_report (self, SW_RULE_VARIABLE_OUT_OF_SCOPE, line, column, pointer,
                          _("“$%s” is only assigned inside %s “%s” (by “%s”), and what is "
                            "assigned there isn't seen outside it"),
                          name, _(scope_kind (assigner->scope)),
                          assigner->scope->owner ? assigner->scope->owner->name : "",
                          assigner->name);
  }
}

typedef struct
{
  Reader *reader;
  const SwValue *value;
  const SwPointer *pointer;
} PathScan;

static void
path_read_found (const char *name,
                 gsize       length,
                 guint       offset,
                 gpointer    user_data)
{
  PathScan *scan = user_data;
  g_autofree char *copy = g_strndup (name, length);
  const char *kept = g_string_chunk_insert_const (scan->reader->vars->validator->names_chunk,
                                                  copy);

  judge (scan->reader, kept, FALSE, scan->value, offset, scan->pointer);
}

static void
count_read (const char *name,
            gsize       length,
            guint       offset,
            gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* A path or intrinsic function that is itself invalid is reported as such, not for the
 * variables it would read. */
static gboolean
is_valid_reference (SwValidator *self,
                    const char  *text)
{
  if (sw_intrinsic_looks_like_call (text))
    {
      gpointer problem = NULL;

      if (self->intrinsics != NULL &&
          g_hash_table_lookup_extended (self->intrinsics, text, NULL, &problem))
        return problem == NULL;
      return FALSE;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SwPath) path = NULL;
    SwPathFlags flags = SW_PATH_ALLOW_CONTEXT | SW_PATH_ALLOW_VARIABLES;

    if (_sw_path_is_simple (text, flags))
      return TRUE;
    path = sw_path_parse (text, flags, NULL, &error);
    return path != NULL;
  }
}

static void
judge_path (Reader          *reader,
            const SwValue   *value,
            const SwPointer *pointer)
{
  PathScan scan = { reader, value, pointer };
  const char *text = _sw_value_text (value);
  guint n_reads = 0;

  if (!_sw_value_is_string (value) || strchr (text, '$') == NULL)
    return;
  _sw_validator_scan_path_reads (text, count_read, &n_reads);
  if (n_reads == 0 || !is_valid_reference (reader->vars->validator, text))
    return;
  _sw_validator_scan_path_reads (text, path_read_found, &scan);
}

static gboolean
skipped_field (const char *key)
{
  static const char * const keys[] = {
    "Comment", "Branches", "ItemProcessor", "Iterator", "Type", "Next", "Default",
    "QueryLanguage", "Resource", "End", "ErrorEquals", NULL
  };

  return g_strv_contains (keys, key);
}

/* Where `$states.result` and `$states.errorOutput` may be read. */
enum
{
  ALLOW_RESULT = 1 << 0,
  ALLOW_ERROR_OUTPUT = 1 << 1,
};

static void
check_states_fields (Reader                 *reader,
                     const SwExpressionInfo *info,
                     const SwValue          *value,
                     const SwPointer        *pointer,
                     guint                   allowed)
{
  SwValidator *self = reader->vars->validator;
  guint line, column;

  if (info->result_offset >= 0 && !(allowed & ALLOW_RESULT))
    {
      _sw_validator_locate (value, info->result_offset, &line, &column);
      _sw_validator_report (self, SW_RULE_STATES_FIELD_UNAVAILABLE, line, column, pointer,
                            _("“$states.result” is only available in the “Output” and "
                              "“Assign” of Task, Parallel and Map states, once the work is "
                              "done"));
    }
  if (info->error_output_offset >= 0 && !(allowed & ALLOW_ERROR_OUTPUT))
    {
      _sw_validator_locate (value, info->error_output_offset, &line, &column);
      _sw_validator_report (self, SW_RULE_STATES_FIELD_UNAVAILABLE, line, column, pointer,
                            _("“$states.errorOutput” is only available in the “Output” and "
                              "“Assign” of a catcher (“Catch”)"));
    }
}

static gboolean
has_result (const SwStateEntry *entry)
{
  const SwValue *type = sw_value_object_get (entry->state, "Type");
  const char *text;

  if (type == NULL || !_sw_value_is_string (type))
    return FALSE;
  text = _sw_value_text (type);
  return strcmp (text, "Task") == 0 || strcmp (text, "Parallel") == 0 ||
         strcmp (text, "Map") == 0;
}

static void walk_jsonata (Reader          *reader,
                          const SwValue   *value,
                          const SwPointer *pointer,
                          guint            allowed);

/* The catchers of a JSONata state: their Output and Assign read `$states.errorOutput`. */
static void
walk_catchers (Reader          *reader,
               const SwValue   *catch,
               const SwPointer *pointer)
{
  if (!_sw_value_is_array (catch))
    return;
  for (guint i = 0; i < _sw_value_n_items (catch); i++)
    {
      const SwValue *catcher = _sw_value_item (catch, i);
      const SwPointer *item = SW_POINTER_INDEX (pointer, i);

      if (!_sw_value_is_object (catcher))
        continue;
      for (guint j = 0; j < _sw_value_n_members (catcher); j++)
        {
          const char *key = _sw_value_key (catcher, j);
          const SwPointer *child = NULL;

          if (strcmp (key, "Output") != 0 && strcmp (key, "Assign") != 0)
            continue;
          child = SW_POINTER_KEY (item, key);
          walk_jsonata (reader, _sw_value_member (catcher, j), child, ALLOW_ERROR_OUTPUT);
        }
    }
}

/* The fields of a JSONata state (@value is the state itself). */
static void
walk_jsonata_state (Reader          *reader,
                    const SwValue   *value,
                    const SwPointer *pointer)
{
  gboolean result = has_result (reader->entry);

  for (guint i = 0; i < _sw_value_n_members (value); i++)
    {
      const char *key = _sw_value_key (value, i);
      const SwPointer *child = NULL;
      guint allowed = 0;

      if (skipped_field (key))
        continue;
      child = SW_POINTER_KEY (pointer, key);
      if (strcmp (key, "Catch") == 0)
        {
          walk_catchers (reader, _sw_value_member (value, i), child);
          continue;
        }
      if (result && (strcmp (key, "Output") == 0 || strcmp (key, "Assign") == 0))
        allowed = ALLOW_RESULT;
      walk_jsonata (reader, _sw_value_member (value, i), child, allowed);
    }
}

static void
walk_jsonata (Reader          *reader,
              const SwValue   *value,
              const SwPointer *pointer,
              guint            allowed)
{
  switch (_sw_value_kind (value))
    {
    case SW_VALUE_STRING:
      {
        const char *text = _sw_value_text (value);
        gsize length = _sw_value_text_length (value);
        const SwExpressionInfo *info;

        if (length < 4 || !g_str_has_prefix (text, "{%") ||
            memcmp (text + length - 2, "%}", 2) != 0)
          break;
        info = _sw_validator_expression_info (reader->vars->validator, value);
        if (info->reads == NULL)
          break;
        check_states_fields (reader, info, value, pointer, allowed);
        for (guint i = 0; i < info->reads->len; i++)
          {
            const SwVariableRead *read = &g_array_index (info->reads, SwVariableRead, i);

            judge (reader, read->name, read->builtin, value, read->offset, pointer);
          }
      }
      break;

    case SW_VALUE_ARRAY:
      for (guint i = 0; i < _sw_value_n_items (value); i++)
        {
          const SwPointer *child = SW_POINTER_INDEX (pointer, i);

          walk_jsonata (reader, _sw_value_item (value, i), child, allowed);
        }
      break;

    case SW_VALUE_OBJECT:
      for (guint i = 0; i < _sw_value_n_members (value); i++)
        {
          const char *key = _sw_value_key (value, i);
          const SwPointer *child = SW_POINTER_KEY (pointer, key);

          walk_jsonata (reader, _sw_value_member (value, i), child, allowed);
        }
      break;

    case SW_VALUE_NULL:
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_NUMBER:
    default:
      break;
    }
}

/* JSONPath states read variables in `.$` values, …Path fields (not ResultPath) and the
 * Variable of Choice rules; inside payload templates only `.$` values are evaluated. */
static gboolean
is_template_field (const char *key)
{
  static const char * const keys[] = {
    "Parameters", "ResultSelector", "ItemSelector", "Assign", "Credentials", "BatchInput",
    NULL
  };

  return g_strv_contains (keys, key);
}

static void
walk_jsonpath (Reader          *reader,
               const SwValue   *value,
               const SwPointer *pointer,
               gboolean         top,
               gboolean         template)
{
  if (_sw_value_is_array (value))
    {
      for (guint i = 0; i < _sw_value_n_items (value); i++)
        {
          const SwPointer *child = SW_POINTER_INDEX (pointer, i);

          walk_jsonpath (reader, _sw_value_item (value, i), child, FALSE, template);
        }
      return;
    }
  if (!_sw_value_is_object (value))
    return;

  for (guint i = 0; i < _sw_value_n_members (value); i++)
    {
      const char *key = _sw_value_key (value, i);
      const SwValue *member = _sw_value_member (value, i);
      const SwPointer *child = NULL;

      if (top && (skipped_field (key) || strcmp (key, "Result") == 0))
        continue;
      child = SW_POINTER_KEY (pointer, key);
      if (_sw_value_is_string (member))
        {
          if (g_str_has_suffix (key, ".$") ||
              (!template && (strcmp (key, "Variable") == 0 ||
                             (g_str_has_suffix (key, "Path") &&
                              strcmp (key, "ResultPath") != 0))))
            judge_path (reader, member, child);
        }
      else
        walk_jsonpath (reader, member, child, FALSE, template || is_template_field (key));
    }
}

/* The guide: “a variable assigned in an inner scope cannot have the same name as one assigned
 * in an outer scope”. Each Assign key of a state inside a branch or an iteration is checked
 * against the scopes around it, up to a distributed Map, whose child workflows have none. */
static void
check_shadowing_assign (Variables       *vars,
                        SwStateEntry    *entry,
                        const SwValue   *assign,
                        const SwPointer *pointer)
{
  SwValidator *self = vars->validator;

  if (assign == NULL || !_sw_value_is_object (assign))
    return;
  for (guint i = 0; i < _sw_value_n_members (assign); i++)
    {
      const char *key = _sw_value_key (assign, i);
      g_autofree char *name = assigned_name (key, entry->query_language);
      gpointer packed = g_hash_table_lookup (vars->ids, name);
      guint id;

      if (packed == NULL)
        continue;
      id = GPOINTER_TO_UINT (packed) - 1;
      for (SwScope *scope = entry->scope; scope->owner != NULL && !scope->distributed; )
        {
          SwStateEntry *owner = scope->owner;
          Flow *flow;

          scope = owner->scope;
          flow = g_hash_table_lookup (vars->flows, scope);
          if (flow != NULL && BIT_TEST (flow->assigned, id))
            {
              const SwPointer *child = SW_POINTER_KEY (pointer, key);

              _sw_validator_report_key (self, SW_RULE_VARIABLE_SHADOWS_OUTER, assign, i, child,
                                        _("“$%s” is also assigned outside “%s”, and a "
                                          "variable of a Parallel branch or a Map iteration "
                                          "can't have the name of an outer one; rename it"),
                                        name, owner->name);
              break;
            }
        }
    }
}

static void
check_shadowing (Variables *vars,
                 SwScope   *scope)
{
  static const char * const lists[] = { "Choices", "Catch" };

  if (scope->owner == NULL || scope->distributed)
    return;
  for (guint s = 0; s < scope->states->len; s++)
    {
      SwStateEntry *entry = g_ptr_array_index (scope->states, s);
      const SwPointer *assign_pointer = NULL;

      if (!is_state (entry))
        continue;
      assign_pointer = SW_POINTER_KEY (&entry->pointer, "Assign");
      check_shadowing_assign (vars, entry, sw_value_object_get (entry->state, "Assign"),
                              assign_pointer);
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          const SwValue *list = sw_value_object_get (entry->state, lists[l]);
          const SwPointer *list_pointer = NULL;

          if (list == NULL || !_sw_value_is_array (list))
            continue;
          list_pointer = SW_POINTER_KEY (&entry->pointer, lists[l]);
          for (guint i = 0; i < _sw_value_n_items (list); i++)
            {
              const SwValue *item = _sw_value_item (list, i);
              const SwPointer *item_pointer = SW_POINTER_INDEX (list_pointer, i);

              if (_sw_value_is_object (item))
                check_shadowing_assign (vars, entry, sw_value_object_get (item, "Assign"),
                                        SW_POINTER_KEY (item_pointer, "Assign"));
            }
        }
    }
}

void
_sw_validator_check_variables (SwValidator *self)
{
  Variables vars = { self };

  vars.ids = g_hash_table_new (g_str_hash, g_str_equal);
  vars.names = g_ptr_array_new_with_free_func (g_free);
  vars.assigners = g_ptr_array_new ();
  vars.flows = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, flow_free);

  for (guint s = 0; s < self->scopes->len; s++)
    {
      SwScope *scope = g_ptr_array_index (self->scopes, s);

      for (guint i = 0; i < scope->states->len; i++)
        {
          SwStateEntry *entry = g_ptr_array_index (scope->states, i);

          if (is_state (entry))
            foreach_state_assign (&vars, entry, register_name, NULL);
        }
    }
  vars.n_words = MAX ((vars.names->len + 63) / 64, 1);

  for (guint s = 0; s < self->scopes->len; s++)
    {
      SwScope *scope = g_ptr_array_index (self->scopes, s);
      guint n = scope->states->len;
      Flow *flow = g_new0 (Flow, 1);

      flow->in = g_new0 (guint64, (gsize) MAX (n, 1) * vars.n_words);
      flow->gen = g_new0 (guint64, (gsize) MAX (n, 1) * vars.n_words);
      flow->assigned = g_new0 (guint64, vars.n_words);
      flow->visited = g_new0 (gboolean, MAX (n, 1));
      g_hash_table_insert (vars.flows, scope, flow);

      for (guint i = 0; i < n; i++)
        {
          SwStateEntry *entry = g_ptr_array_index (scope->states, i);
          guint64 *gen = &flow->gen[(gsize) i * vars.n_words];

          if (!is_state (entry))
            continue;
          /* Leaving normally applies the state's Assign or the chosen rule's; both may
           * reach a successor, so both count. */
          foreach_assigned (&vars, entry, sw_value_object_get (entry->state, "Assign"),
                            set_name, gen);
          {
            const SwValue *choices = sw_value_object_get (entry->state, "Choices");

            if (choices != NULL && _sw_value_is_array (choices))
              for (guint r = 0; r < _sw_value_n_items (choices); r++)
                {
                  const SwValue *rule = _sw_value_item (choices, r);

                  if (_sw_value_is_object (rule))
                    foreach_assigned (&vars, entry, sw_value_object_get (rule, "Assign"),
                                      set_name, gen);
                }
          }
          foreach_state_assign (&vars, entry, set_name, flow->assigned);
        }

      run_flow (&vars, scope, flow);
    }

  for (guint s = 0; s < self->scopes->len; s++)
    check_shadowing (&vars, g_ptr_array_index (self->scopes, s));

  for (guint s = 0; s < self->scopes->len; s++)
    {
      SwScope *scope = g_ptr_array_index (self->scopes, s);
      Flow *flow = g_hash_table_lookup (vars.flows, scope);
      g_autoptr(GHashTable) reported = g_hash_table_new (g_str_hash, g_str_equal);

      if (scope->substituted)
        continue;

      for (guint i = 0; i < scope->states->len; i++)
        {
          SwStateEntry *entry = g_ptr_array_index (scope->states, i);
          Reader reader = { &vars, entry, reported };

          /* Unreachable states are reported as such. */
          if (!is_state (entry) || !flow->visited[i])
            continue;
          if (self->names_chunk == NULL)
            self->names_chunk = g_string_chunk_new (256);
          g_hash_table_remove_all (reported);
          if (entry->query_language == SW_QL_JSONATA)
            walk_jsonata_state (&reader, entry->state, &entry->pointer);
          else
            walk_jsonpath (&reader, entry->state, &entry->pointer, TRUE, FALSE);
        }
    }

  g_hash_table_unref (vars.flows);
  g_ptr_array_unref (vars.assigners);
  g_hash_table_unref (vars.ids);
  g_ptr_array_unref (vars.names);
}
