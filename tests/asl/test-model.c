/* test-model.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-json.h"
#include "sw-machine.h"

/* Helpers */

static SwValue *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  SwValue *value = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static char *
canonical (const char *text)
{
  g_autoptr(SwValue) value = parse (text);

  return sw_json_write (value, SW_JSON_WRITE_DEFAULT, NULL);
}

static char *
source_path (const char *relative)
{
  const char *dir = g_getenv ("SW_SOURCE_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, relative, NULL);
}

static SwValue *
load (const char *relative)
{
  g_autofree char *path = source_path (relative);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return parse (text);
}

static char *
write_model (SwMachine *root)
{
  return sw_json_write (sw_machine_get_value (root), SW_JSON_WRITE_DEFAULT, NULL);
}

static void
assert_document (SwMachine  *root,
                 const char *expected)
{
  g_autofree char *want = canonical (expected);
  g_autofree char *have = write_model (root);

  g_assert_cmpstr (have, ==, want);
}

/* Counts SwMachine::changed and keeps every edit. */
typedef struct
{
  guint changed;
  GPtrArray *edits;
} Recorder;

static void
on_changed (SwMachine *root,
            SwEdit    *edit,
            Recorder  *recorder)
{
  recorder->changed++;
  g_ptr_array_add (recorder->edits, sw_edit_ref (edit));
}

static void
recorder_init (Recorder  *recorder,
               SwMachine *root)
{
  recorder->changed = 0;
  recorder->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_edit_unref);
  g_signal_connect (root, "changed", G_CALLBACK (on_changed), recorder);
}

static SwEdit *
recorder_last (Recorder *recorder)
{
  g_assert_cmpuint (recorder->edits->len, >, 0);
  return g_ptr_array_index (recorder->edits, recorder->edits->len - 1);
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->edits, g_ptr_array_unref);
}

static void
count_signal (gpointer  instance,
              gpointer  pspec_or_args,
              guint    *count)
{
  (*count)++;
}

typedef struct
{
  guint count;
  guint position, removed, added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->count++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

static SwState *
lookup (SwMachine  *root,
        const char *name)
{
  SwState *state = sw_machine_lookup_state (root, name);

  g_assert_nonnull (state);
  return state;
}

static SwMachine *
branch (SwState *state,
        guint    index)
{
  g_autoptr(SwMachine) machine = g_list_model_get_item (sw_state_get_branches (state), index);

  g_assert_nonnull (machine);
  return machine;   /* the state keeps it alive */
}

/* Undoes @edit and checks the document is @before again, then redoes it and checks it is
 * @after again; each step emits exactly one SwMachine::changed. */
static void
assert_undo_redo (SwMachine  *root,
                  Recorder   *recorder,
                  SwEdit     *edit,
                  const char *before,
                  const char *after)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  guint changed = recorder->changed;

  g_assert_true (sw_machine_undo_edit (root, edit, &error));
  g_assert_no_error (error);
  undone = write_model (root);
  g_assert_cmpstr (undone, ==, before);
  g_assert_cmpuint (recorder->changed, ==, changed + 1);

  g_assert_true (sw_machine_redo_edit (root, edit, &error));
  g_assert_no_error (error);
  redone = write_model (root);
  g_assert_cmpstr (redone, ==, after);
  g_assert_cmpuint (recorder->changed, ==, changed + 2);
}

/* Model consistency, checked against the tree independently of the model's own code. */

static guint
count_value_states (SwValue *machine)
{
  SwValue *states = sw_value_object_get (machine, "States");
  guint n = 0;

  if (!sw_value_is_object (states))
    return 0;
  for (guint i = 0; i < sw_value_object_get_size (states); i++)
    {
      SwValue *state = sw_value_object_get_value (states, i);
      SwValue *type;

      if (!sw_value_is_object (state))
        continue;
      n++;
      type = sw_value_object_get (state, "Type");
      if (sw_value_is_string (type) && strcmp (sw_value_get_string (type), "Parallel") == 0)
        {
          SwValue *branches = sw_value_object_get (state, "Branches");

          for (guint j = 0; sw_value_is_array (branches) &&
                            j < sw_value_array_get_length (branches); j++)
            if (sw_value_is_object (sw_value_array_get (branches, j)))
              n += count_value_states (sw_value_array_get (branches, j));
        }
      else if (sw_value_is_string (type) && strcmp (sw_value_get_string (type), "Map") == 0)
        {
          SwValue *processor = sw_value_object_get (state, "ItemProcessor");

          if (!sw_value_is_object (processor))
            processor = sw_value_object_get (state, "Iterator");
          if (sw_value_is_object (processor))
            n += count_value_states (processor);
        }
    }
  return n;
}

static void
collect_machines (SwMachine *machine,
                  GPtrArray *machines,
                  GPtrArray *states)
{
  g_ptr_array_add (machines, machine);
  for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      GListModel *branches = sw_state_get_branches (state);

      g_ptr_array_add (states, state);
      for (guint j = 0; j < g_list_model_get_n_items (branches); j++)
        collect_machines (branch (state, j), machines, states);
      if (sw_state_get_processor (state) != NULL)
        collect_machines (sw_state_get_processor (state), machines, states);
    }
}

static gboolean
machine_has (SwMachine  *machine,
             const char *name)
{
  for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
    if (strcmp (sw_state_get_name (sw_machine_get_state (machine, i)), name) == 0)
      return TRUE;
  return FALSE;
}

/* The model matches the tree; with @closed, every transition and StartAt resolves. */
static void
assert_consistent (SwMachine *root,
                   gboolean   closed)
{
  g_autoptr(GPtrArray) machines = g_ptr_array_new ();
  g_autoptr(GPtrArray) states = g_ptr_array_new ();

  collect_machines (root, machines, states);
  g_assert_cmpuint (states->len, ==, count_value_states (sw_machine_get_value (root)));

  for (guint m = 0; m < machines->len; m++)
    {
      SwMachine *machine = g_ptr_array_index (machines, m);
      SwValue *members = sw_value_object_get (sw_machine_get_value (machine), "States");
      guint position = 0;

      g_assert_true (sw_machine_get_root (machine) == root);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (machine)), ==,
                        sw_machine_get_n_states (machine));
      for (guint i = 0; sw_value_is_object (members) && i < sw_value_object_get_size (members);
           i++)
        {
          SwState *state, *found;

          if (!sw_value_is_object (sw_value_object_get_value (members, i)))
            continue;
          state = sw_machine_get_state (machine, position++);
          g_assert_true (sw_state_get_value (state) == sw_value_object_get_value (members, i));
          g_assert_cmpstr (sw_state_get_name (state), ==, sw_value_object_get_key (members, i));
          g_assert_true (sw_state_get_machine (state) == machine);
          /* Names are unique, but for broken trees with duplicates: the first one wins. */
          found = sw_machine_lookup_state (root, sw_state_get_name (state));
          g_assert_nonnull (found);
          g_assert_cmpstr (sw_state_get_name (found), ==, sw_state_get_name (state));
          if (closed)
            g_assert_true (found == state);
        }
      g_assert_cmpuint (position, ==, sw_machine_get_n_states (machine));

      if (!closed)
        continue;
      if (sw_machine_get_n_states (machine) > 0)
        {
          g_assert_nonnull (sw_machine_get_start_at (machine));
          g_assert_true (machine_has (machine, sw_machine_get_start_at (machine)));
        }
      for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
        {
          g_autoptr(GPtrArray) transitions =
            sw_state_list_transitions (sw_machine_get_state (machine, i));

          for (guint t = 0; t < transitions->len; t++)
            {
              SwTransition *transition = g_ptr_array_index (transitions, t);

              if (!machine_has (machine, transition->target))
                g_error ("%s → %s dangles", sw_state_get_name (sw_machine_get_state (machine, i)),
                         transition->target);
            }
        }
    }
}

/* Building */

static void
test_build_valid (void)
{
  g_autofree char *dir = source_path ("tests/asl/data/valid");
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (entry, ".asl.json"))
      g_ptr_array_add (files, g_build_filename ("tests/asl/data/valid", entry, NULL));
  g_ptr_array_add (files, g_strdup ("data/examples/mnist-pipeline.asl.json"));
  g_assert_cmpuint (files->len, >=, 10);

  for (guint f = 0; f < files->len; f++)
    {
      g_autoptr(SwValue) definition = load (g_ptr_array_index (files, f));
      g_autofree char *before = sw_json_write (definition, SW_JSON_WRITE_DEFAULT, NULL);
      g_autoptr(SwMachine) root = sw_machine_new (definition);
      g_autofree char *after = write_model (root);
      g_autoptr(GPtrArray) machines = g_ptr_array_new ();
      g_autoptr(GPtrArray) states = g_ptr_array_new ();

      g_test_message ("%s", (char *) g_ptr_array_index (files, f));
      g_assert_cmpstr (after, ==, before);
      g_assert_null (sw_machine_get_parent_state (root));
      g_assert_true (sw_machine_get_root (root) == root);
      g_assert_cmpuint (sw_machine_get_n_states (root), >, 0);
      g_assert_nonnull (sw_machine_get_start_state (root));
      assert_consistent (root, TRUE);

      collect_machines (root, machines, states);
      for (guint i = 0; i < states->len; i++)
        {
          SwState *state = g_ptr_array_index (states, i);

          g_assert_cmpint (sw_state_get_state_type (state), !=, SW_STATE_TYPE_UNKNOWN);
          g_assert_cmpstr (sw_state_get_type_name (state), ==,
                           sw_state_type_to_string (sw_state_get_state_type (state)));
          g_assert_true (g_str_equal (sw_state_get_query_language (state), "JSONPath") ||
                         g_str_equal (sw_state_get_query_language (state), "JSONata"));
        }
      for (guint i = 1; i < machines->len; i++)
        {
          SwMachine *machine = g_ptr_array_index (machines, i);
          SwState *parent = sw_machine_get_parent_state (machine);

          g_assert_nonnull (parent);
          g_assert_true (sw_state_get_state_type (parent) == SW_STATE_TYPE_PARALLEL ||
                         sw_state_get_state_type (parent) == SW_STATE_TYPE_MAP);
        }
    }
}

static void
test_build_mnist (void)
{
  static const char * const names[] = {
    "CreateTrainingJob", "CreateModel", "CreateEndpointConfig", "CreateEndpoint",
  };
  g_autoptr(SwValue) definition = load ("data/examples/mnist-pipeline.asl.json");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autoptr(GPtrArray) transitions = NULL;
  g_autofree char *pointer = NULL;
  SwState *state;

  g_assert_true (sw_machine_get_value (root) == definition);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (root)) == SW_TYPE_STATE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SwState) item = g_list_model_get_item (G_LIST_MODEL (root), i);

      g_assert_cmpstr (sw_state_get_name (item), ==, names[i]);
      g_assert_cmpint (sw_state_get_state_type (item), ==, SW_STATE_TYPE_TASK);
      g_assert_true (sw_state_get_machine (item) == root);
    }
  g_assert_cmpstr (sw_machine_get_start_at (root), ==, "CreateTrainingJob");
  g_assert_true (sw_machine_get_start_state (root) == sw_machine_get_state (root, 0));
  g_assert_true (g_str_has_prefix (sw_machine_get_comment (root), "Train the PyTorch MNIST"));
  g_assert_cmpstr (sw_machine_get_query_language (root), ==, "JSONPath");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (root), 4));

  state = lookup (root, "CreateTrainingJob");
  g_assert_cmpstr (sw_state_get_resource (state), ==,
                   "arn:aws:states:::sagemaker:createTrainingJob.sync");
  g_assert_cmpstr (sw_state_get_next (state), ==, "CreateModel");
  g_assert_false (sw_state_get_end (state));
  g_assert_false (sw_state_is_terminal (state));
  g_assert_true (g_str_has_prefix (sw_state_get_comment (state), "Runs mnist.py"));
  g_assert_cmpstr (sw_value_get_string (sw_state_get_field (state, "ResultPath")), ==,
                   "$.training");
  g_assert_null (sw_state_get_field (state, "OutputPath"));
  g_assert_null (sw_state_get_processor (state));
  g_assert_cmpuint (g_list_model_get_n_items (sw_state_get_branches (state)), ==, 0);
  transitions = sw_state_list_transitions (state);
  g_assert_cmpuint (transitions->len, ==, 1);
  g_assert_cmpint (((SwTransition *) transitions->pdata[0])->kind, ==, SW_TRANSITION_NEXT);
  g_assert_cmpstr (((SwTransition *) transitions->pdata[0])->target, ==, "CreateModel");
  g_assert_null (((SwTransition *) transitions->pdata[0])->label);
  g_clear_pointer (&transitions, g_ptr_array_unref);

  state = lookup (root, "CreateEndpoint");
  g_assert_true (sw_state_get_end (state));
  g_assert_true (sw_state_is_terminal (state));
  g_assert_null (sw_state_get_next (state));
  transitions = sw_state_list_transitions (state);
  g_assert_cmpuint (transitions->len, ==, 0);
  pointer = sw_state_dup_pointer (state);
  g_assert_cmpstr (pointer, ==, "/States/CreateEndpoint");
  g_assert_null (sw_machine_lookup_state (root, "Nope"));
}

static void
test_build_nested (void)
{
  g_autoptr(SwValue) definition = load ("tests/asl/data/valid/parallel-map-parallel.asl.json");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  SwState *fan_out, *per_region, *evaluate, *bias;
  SwMachine *outer, *processor, *inner;
  g_autofree char *pointer = NULL;
  g_autofree char *state_pointer = NULL;

  g_assert_cmpuint (sw_machine_get_n_states (root), ==, 2);
  fan_out = sw_machine_get_state (root, 0);
  g_assert_cmpstr (sw_state_get_name (fan_out), ==, "Fan out");
  g_assert_cmpint (sw_state_get_state_type (fan_out), ==, SW_STATE_TYPE_PARALLEL);
  g_assert_cmpuint (g_list_model_get_n_items (sw_state_get_branches (fan_out)), ==, 2);
  g_assert_true (g_list_model_get_item_type (sw_state_get_branches (fan_out)) ==
                 SW_TYPE_MACHINE);

  outer = branch (fan_out, 0);
  g_assert_cmpstr (sw_machine_get_comment (outer), ==, "Per-region models");
  g_assert_true (sw_machine_get_parent_state (outer) == fan_out);
  g_assert_true (sw_machine_get_root (outer) == root);
  g_assert_cmpuint (sw_machine_get_n_states (outer), ==, 1);
  per_region = sw_machine_get_state (outer, 0);
  g_assert_cmpint (sw_state_get_state_type (per_region), ==, SW_STATE_TYPE_MAP);
  processor = sw_state_get_processor (per_region);
  g_assert_nonnull (processor);
  g_assert_true (sw_machine_get_value (processor) ==
                 sw_value_object_get (sw_state_get_value (per_region), "ItemProcessor"));
  g_assert_cmpstr (sw_machine_get_start_at (processor), ==, "Train regional model");
  g_assert_cmpuint (sw_machine_get_n_states (processor), ==, 2);

  evaluate = lookup (root, "Evaluate");
  g_assert_true (sw_state_get_machine (evaluate) == processor);
  bias = lookup (root, "Bias report");
  inner = sw_state_get_machine (bias);
  g_assert_true (inner == branch (evaluate, 1));
  g_assert_true (sw_machine_get_parent_state (inner) == evaluate);
  g_assert_true (sw_machine_get_root (inner) == root);
  pointer = sw_machine_dup_pointer (inner);
  g_assert_cmpstr (pointer, ==,
                   "/States/Fan out/Branches/0/States/Per region/ItemProcessor"
                   "/States/Evaluate/Branches/1");
  state_pointer = sw_state_dup_pointer (bias);
  g_assert_cmpstr (state_pointer, ==, "/States/Fan out/Branches/0/States/Per region"
                   "/ItemProcessor/States/Evaluate/Branches/1/States/Bias report");

  /* A nested machine looks up its own subtree only. */
  g_assert_true (sw_machine_lookup_state (outer, "Bias report") == bias);
  g_assert_null (sw_machine_lookup_state (outer, "Compare"));
  g_assert_null (sw_machine_lookup_state (outer, "Global baseline"));
  g_assert_true (sw_machine_lookup_state (branch (fan_out, 1), "Global baseline") ==
                 sw_machine_get_start_state (branch (fan_out, 1)));
}

static void
test_query_language (void)
{
  g_autoptr(SwValue) jsonata = load ("tests/asl/data/valid/sagemaker-jsonata-pipeline.asl.json");
  g_autoptr(SwMachine) jsonata_root = sw_machine_new (jsonata);
  g_autoptr(SwValue) definition = parse (
    "{\"StartAt\": \"M\", \"States\": {"
    "  \"M\": {\"Type\": \"Map\", \"QueryLanguage\": \"JSONata\", \"Iterator\": {"
    "    \"StartAt\": \"In\", \"States\": {"
    "      \"In\": {\"Type\": \"Pass\", \"Next\": \"Back\"},"
    "      \"Back\": {\"Type\": \"Pass\", \"QueryLanguage\": \"JSONPath\", \"End\": true}}},"
    "   \"End\": true}}}");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  SwMachine *iterator;

  g_assert_cmpstr (sw_machine_get_query_language (jsonata_root), ==, "JSONata");
  g_assert_cmpstr (sw_state_get_query_language (lookup (jsonata_root, "Train")), ==, "JSONata");

  g_assert_cmpstr (sw_machine_get_query_language (root), ==, "JSONPath");
  g_assert_cmpstr (sw_state_get_query_language (lookup (root, "M")), ==, "JSONata");
  iterator = sw_state_get_processor (lookup (root, "M"));
  g_assert_nonnull (iterator);
  g_assert_true (sw_machine_get_value (iterator) ==
                 sw_value_object_get (sw_state_get_value (lookup (root, "M")), "Iterator"));
  g_assert_cmpstr (sw_machine_get_query_language (iterator), ==, "JSONata");
  g_assert_cmpstr (sw_state_get_query_language (lookup (root, "In")), ==, "JSONata");
  g_assert_cmpstr (sw_state_get_query_language (lookup (root, "Back")), ==, "JSONPath");
  {
    g_autofree char *pointer = sw_machine_dup_pointer (iterator);
    g_assert_cmpstr (pointer, ==, "/States/M/Iterator");
  }
}

static const char *choice_definition =
  "{\"StartAt\": \"Work\", \"States\": {"
  "  \"Work\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\","
  "    \"Catch\": ["
  "      {\"ErrorEquals\": [\"States.Timeout\", \"States.TaskFailed\"], \"Next\": \"Fail\"},"
  "      {\"ErrorEquals\": [], \"Next\": \"Decide\"}],"
  "    \"Next\": \"Decide\"},"
  "  \"Decide\": {\"Type\": \"Choice\", \"Choices\": ["
  "      {\"Variable\": \"$.ok\", \"BooleanEquals\": true, \"Next\": \"Done\","
  "       \"Comment\": \"All good\"},"
  "      {\"Variable\": \"$.retry\", \"BooleanEquals\": true, \"Next\": \"Work\"}],"
  "    \"Default\": \"Fail\"},"
  "  \"Done\": {\"Type\": \"Succeed\"},"
  "  \"Fail\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}";

static void
test_transitions (void)
{
  g_autoptr(SwValue) definition = parse (choice_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autoptr(GPtrArray) work = sw_state_list_transitions (lookup (root, "Work"));
  g_autoptr(GPtrArray) decide = sw_state_list_transitions (lookup (root, "Decide"));
  struct { SwTransitionKind kind; int index; const char *target, *label; } want_work[] = {
    { SW_TRANSITION_NEXT, -1, "Decide", NULL },
    { SW_TRANSITION_CATCH, 0, "Fail", "States.Timeout, States.TaskFailed" },
    { SW_TRANSITION_CATCH, 1, "Decide", "Catch #2" },
  }, want_decide[] = {
    { SW_TRANSITION_CHOICE, 0, "Done", "All good" },
    { SW_TRANSITION_CHOICE, 1, "Work", "Rule #2" },
    { SW_TRANSITION_DEFAULT, -1, "Fail", "Default" },
  };

  g_assert_cmpuint (work->len, ==, G_N_ELEMENTS (want_work));
  for (guint i = 0; i < work->len; i++)
    {
      SwTransition *t = g_ptr_array_index (work, i);
      g_autoptr(SwTransition) copy = sw_transition_copy (t);

      g_assert_cmpint (t->kind, ==, want_work[i].kind);
      g_assert_cmpint (t->index, ==, want_work[i].index);
      g_assert_cmpstr (t->target, ==, want_work[i].target);
      g_assert_cmpstr (t->label, ==, want_work[i].label);
      g_assert_cmpstr (copy->label, ==, want_work[i].label);
    }
  g_assert_cmpuint (decide->len, ==, G_N_ELEMENTS (want_decide));
  for (guint i = 0; i < decide->len; i++)
    {
      SwTransition *t = g_ptr_array_index (decide, i);

      g_assert_cmpint (t->kind, ==, want_decide[i].kind);
      g_assert_cmpint (t->index, ==, want_decide[i].index);
      g_assert_cmpstr (t->target, ==, want_decide[i].target);
      g_assert_cmpstr (t->label, ==, want_decide[i].label);
    }
  g_assert_cmpstr (sw_state_get_default (lookup (root, "Decide")), ==, "Fail");
  g_assert_true (sw_state_is_terminal (lookup (root, "Done")));
  g_assert_true (sw_state_is_terminal (lookup (root, "Fail")));
}

/* Rename */

static void
test_rename (void)
{
  g_autoptr(SwValue) definition = parse (choice_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  Recorder recorder;
  SwState *fail_state = lookup (root, "Fail");
  SwState *work = lookup (root, "Work");
  guint name_notified = 0, next_notified = 0;
  SwEdit *edit;

  recorder_init (&recorder, root);
  g_signal_connect (fail_state, "notify::name", G_CALLBACK (count_signal), &name_notified);
  g_signal_connect (work, "notify::next", G_CALLBACK (count_signal), &next_notified);

  /* Catch and Default and the key, which keeps its place. */
  g_assert_true (sw_state_rename (fail_state, "Give up", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changed, ==, 1);
  g_assert_cmpuint (name_notified, ==, 1);
  g_assert_cmpuint (next_notified, ==, 0);
  g_assert_true (lookup (root, "Give up") == fail_state);
  g_assert_null (sw_machine_lookup_state (root, "Fail"));
  g_assert_true (sw_machine_get_state (root, 3) == fail_state);
  edit = recorder_last (&recorder);
  g_assert_cmpint (sw_edit_get_kind (edit), ==, SW_EDIT_RENAME_STATE);
  g_assert_cmpstr (sw_edit_get_old_name (edit), ==, "Fail");
  g_assert_cmpstr (sw_edit_get_name (edit), ==, "Give up");
  g_assert_cmpint (sw_edit_get_position (edit), ==, 3);
  g_assert_cmpuint (sw_edit_get_n_rewrites (edit), ==, 2);
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 0)->state, ==, "Work");
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 0)->field, ==, "/Catch/0/Next");
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 1)->state, ==, "Decide");
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 1)->field, ==, "/Default");
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 1)->old_target, ==, "Fail");
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 1)->new_target, ==, "Give up");
  after = write_model (root);
  assert_undo_redo (root, &recorder, edit, before, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* StartAt, Next, a Choice rule and a catcher, all of them. */
  before = write_model (root);
  g_assert_true (sw_state_rename (lookup (root, "Decide"), "Route", NULL));
  g_assert_true (sw_state_rename (lookup (root, "Work"), "Train", NULL));
  assert_document (root,
    "{\"StartAt\": \"Train\", \"States\": {"
    "  \"Train\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\","
    "    \"Catch\": ["
    "      {\"ErrorEquals\": [\"States.Timeout\", \"States.TaskFailed\"], \"Next\": \"Give up\"},"
    "      {\"ErrorEquals\": [], \"Next\": \"Route\"}],"
    "    \"Next\": \"Route\"},"
    "  \"Route\": {\"Type\": \"Choice\", \"Choices\": ["
    "      {\"Variable\": \"$.ok\", \"BooleanEquals\": true, \"Next\": \"Done\","
    "       \"Comment\": \"All good\"},"
    "      {\"Variable\": \"$.retry\", \"BooleanEquals\": true, \"Next\": \"Train\"}],"
    "    \"Default\": \"Give up\"},"
    "  \"Done\": {\"Type\": \"Succeed\"},"
    "  \"Give up\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");
  g_assert_cmpuint (recorder.changed, ==, 5);
  g_assert_cmpuint (next_notified, ==, 1);
  g_assert_cmpstr (sw_machine_get_start_at (root), ==, "Train");
  g_assert_true (lookup (root, "Train") == work);

  /* Undo both, last first. */
  g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, 4), NULL));
  g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, 3), NULL));
  after = write_model (root);
  g_assert_cmpstr (after, ==, before);

  /* Refusals change nothing and emit nothing. */
  {
    g_autofree char *long_name = g_strnfill (81, 'x');
    g_autoptr(GString) accents = g_string_new (NULL);
    guint changed = recorder.changed;

    g_assert_false (sw_state_rename (work, "Done", &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (sw_state_rename (work, "", &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (sw_state_rename (work, long_name, &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (sw_state_rename (work, "Work", &error));   /* no change */
    g_assert_cmpuint (recorder.changed, ==, changed);
    g_clear_pointer (&after, g_free);
    after = write_model (root);
    g_assert_cmpstr (after, ==, before);

    /* 80 characters is the limit, not 80 bytes. */
    for (guint i = 0; i < 80; i++)
      g_string_append (accents, "é");
    g_assert_true (sw_state_rename (work, accents->str, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (sw_machine_get_start_at (root), ==, accents->str);
  }
  recorder_clear (&recorder);
}

static void
test_rename_nested (void)
{
  g_autoptr(SwValue) definition = load ("tests/asl/data/valid/parallel-map-parallel.asl.json");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  Recorder recorder;
  SwState *train = lookup (root, "Train regional model");
  SwMachine *processor = sw_state_get_machine (train);

  recorder_init (&recorder, root);

  /* Names are unique across nested machines. */
  g_assert_false (sw_state_rename (train, "Compare", &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_state_rename (lookup (root, "Compare"), "Offline metrics", &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (recorder.changed, ==, 0);

  g_assert_true (sw_state_rename (train, "Train", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sw_machine_get_start_at (processor), ==, "Train");
  g_assert_cmpstr (sw_machine_get_start_at (root), ==, "Fan out");
  g_assert_cmpstr (sw_edit_get_machine_pointer (recorder_last (&recorder)), ==,
                   "/States/Fan out/Branches/0/States/Per region/ItemProcessor");
  after = write_model (root);
  g_assert_nonnull (strstr (after, "\"StartAt\": \"Train\""));
  g_assert_null (strstr (after, "Train regional model"));
  assert_consistent (root, TRUE);
  assert_undo_redo (root, &recorder, recorder_last (&recorder), before, after);

  /* A nested machine's parent state can be renamed; its machines stay. */
  g_assert_true (sw_state_rename (lookup (root, "Evaluate"), "Score", &error));
  g_assert_true (sw_state_get_machine (lookup (root, "Bias report")) ==
                 branch (lookup (root, "Score"), 1));
  {
    g_autofree char *pointer = sw_machine_dup_pointer (branch (lookup (root, "Score"), 1));
    g_assert_cmpstr (pointer, ==, "/States/Fan out/Branches/0/States/Per region/ItemProcessor"
                                  "/States/Score/Branches/1");
  }
  assert_consistent (root, TRUE);
  recorder_clear (&recorder);
}

/* Remove */

static const char *chain_definition =
  "{\"Comment\": \"c\", \"StartAt\": \"A\", \"States\": {"
  "  \"A\": {\"Type\": \"Task\", \"Resource\": \"arn:a\","
  "    \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"B\"}], \"Next\": \"B\"},"
  "  \"B\": {\"Type\": \"Pass\", \"Next\": \"C\"},"
  "  \"X\": {\"Type\": \"Choice\", \"Choices\": ["
  "      {\"Variable\": \"$.a\", \"IsPresent\": true, \"Next\": \"B\"},"
  "      {\"Variable\": \"$.b\", \"IsPresent\": true, \"Next\": \"C\"}],"
  "    \"Default\": \"B\"},"
  "  \"C\": {\"Type\": \"Pass\", \"End\": true}}}";

static void
test_remove_rewire (void)
{
  g_autoptr(SwValue) definition = parse (chain_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwState) b = g_object_ref (lookup (root, "B"));
  ItemsChanged items = { 0 };
  Recorder recorder;
  SwEdit *edit;

  recorder_init (&recorder, root);
  g_signal_connect (root, "items-changed", G_CALLBACK (on_items_changed), &items);

  g_assert_true (sw_state_remove (b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changed, ==, 1);
  g_assert_cmpuint (items.count, ==, 1);
  g_assert_cmpuint (items.position, ==, 1);
  g_assert_cmpuint (items.removed, ==, 1);
  g_assert_cmpuint (items.added, ==, 0);
  g_assert_null (sw_state_get_machine (b));
  assert_document (root,
    "{\"Comment\": \"c\", \"StartAt\": \"A\", \"States\": {"
    "  \"A\": {\"Type\": \"Task\", \"Resource\": \"arn:a\","
    "    \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"C\"}], \"Next\": \"C\"},"
    "  \"X\": {\"Type\": \"Choice\", \"Choices\": ["
    "      {\"Variable\": \"$.a\", \"IsPresent\": true, \"Next\": \"C\"},"
    "      {\"Variable\": \"$.b\", \"IsPresent\": true, \"Next\": \"C\"}],"
    "    \"Default\": \"C\"},"
    "  \"C\": {\"Type\": \"Pass\", \"End\": true}}}");

  edit = recorder_last (&recorder);
  g_assert_cmpint (sw_edit_get_kind (edit), ==, SW_EDIT_REMOVE_STATE);
  g_assert_cmpstr (sw_edit_get_old_name (edit), ==, "B");
  g_assert_null (sw_edit_get_name (edit));
  g_assert_cmpint (sw_edit_get_old_position (edit), ==, 1);
  g_assert_true (sw_edit_get_old_value (edit) == sw_state_get_value (b));
  g_assert_cmpuint (sw_edit_get_n_rewrites (edit), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (sw_edit_get_rewrite (edit, i)->old_target, ==, "B");
      g_assert_cmpstr (sw_edit_get_rewrite (edit, i)->new_target, ==, "C");
    }
  after = write_model (root);
  assert_undo_redo (root, &recorder, edit, before, after);
  g_assert_true (sw_machine_undo_edit (root, edit, NULL));

  /* Removing the start state moves StartAt to its successor. */
  g_assert_true (sw_state_remove (lookup (root, "A"), &error));
  g_assert_cmpstr (sw_machine_get_start_at (root), ==, "B");
  g_assert_cmpstr (sw_edit_get_rewrite (recorder_last (&recorder), 0)->field, ==, "/StartAt");
  assert_consistent (root, TRUE);
  g_assert_true (sw_machine_undo_edit (root, recorder_last (&recorder), NULL));
  g_clear_pointer (&after, g_free);
  after = write_model (root);
  g_assert_cmpstr (after, ==, before);
  recorder_clear (&recorder);
}

static void
test_remove_terminal (void)
{
  g_autoptr(SwValue) definition = parse (
    "{\"StartAt\": \"C\", \"States\": {"
    "  \"A\": {\"Type\": \"Task\", \"Resource\": \"arn:a\", \"Catch\": ["
    "      {\"ErrorEquals\": [\"E1\"], \"Next\": \"C\"},"
    "      {\"ErrorEquals\": [\"E2\"], \"Next\": \"F\"}], \"Next\": \"C\", \"Comment\": \"k\"},"
    "  \"B\": {\"Type\": \"Task\", \"Resource\": \"arn:b\", \"Catch\": ["
    "      {\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"C\"}], \"Next\": \"C\"},"
    "  \"X\": {\"Type\": \"Choice\", \"Choices\": ["
    "      {\"Variable\": \"$.a\", \"IsPresent\": true, \"Next\": \"C\"},"
    "      {\"Variable\": \"$.b\", \"IsPresent\": true, \"Next\": \"A\"},"
    "      {\"Variable\": \"$.c\", \"IsPresent\": true, \"Next\": \"C\"}],"
    "    \"Default\": \"C\"},"
    "  \"C\": {\"Type\": \"Pass\", \"End\": true},"
    "  \"F\": {\"Type\": \"Fail\"}}}");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autofree char *after = NULL;
  Recorder recorder;
  SwEdit *edit;

  recorder_init (&recorder, root);
  g_assert_true (sw_state_remove (lookup (root, "C"), NULL));
  /* Next becomes End in place, the emptied Catch goes, the rules and Default go, and
   * StartAt moves to the first state. */
  assert_document (root,
    "{\"StartAt\": \"A\", \"States\": {"
    "  \"A\": {\"Type\": \"Task\", \"Resource\": \"arn:a\", \"Catch\": ["
    "      {\"ErrorEquals\": [\"E2\"], \"Next\": \"F\"}], \"End\": true, \"Comment\": \"k\"},"
    "  \"B\": {\"Type\": \"Task\", \"Resource\": \"arn:b\", \"End\": true},"
    "  \"X\": {\"Type\": \"Choice\", \"Choices\": ["
    "      {\"Variable\": \"$.b\", \"IsPresent\": true, \"Next\": \"A\"}]},"
    "  \"F\": {\"Type\": \"Fail\"}}}");
  g_assert_true (sw_state_get_end (lookup (root, "A")));
  edit = recorder_last (&recorder);
  g_assert_cmpuint (sw_edit_get_n_rewrites (edit), ==, 8);
  for (guint i = 0; i < sw_edit_get_n_rewrites (edit); i++)
    g_assert_cmpstr (sw_edit_get_rewrite (edit, i)->old_target, ==, "C");
  g_assert_cmpstr (sw_edit_get_rewrite (edit, 7)->new_target, ==, "A");
  for (guint i = 0; i < 7; i++)
    g_assert_null (sw_edit_get_rewrite (edit, i)->new_target);
  after = write_model (root);
  assert_undo_redo (root, &recorder, edit, before, after);
  recorder_clear (&recorder);
}

static void
test_remove_last (void)
{
  g_autoptr(SwValue) definition = parse (
    "{\"StartAt\": \"Only\", \"States\": {\"Only\": {\"Type\": \"Succeed\"}}}");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autoptr(GError) error = NULL;
  SwState *added;
  Recorder recorder;

  recorder_init (&recorder, root);
  g_assert_true (sw_state_remove (lookup (root, "Only"), &error));
  assert_document (root, "{\"States\": {}}");
  g_assert_null (sw_machine_get_start_at (root));
  g_assert_cmpuint (sw_machine_get_n_states (root), ==, 0);

  /* Into an empty machine, a state becomes StartAt. */
  added = sw_machine_add_state (root, "New", parse ("{\"Type\": \"Pass\", \"End\": true}"), 0,
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  assert_document (root, "{\"StartAt\": \"New\", \"States\": "
                         "{\"New\": {\"Type\": \"Pass\", \"End\": true}}}");
  g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, 1), NULL));
  assert_document (root, "{\"States\": {}}");
  g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, 0), NULL));
  {
    g_autofree char *after = write_model (root);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_cmpuint (recorder.changed, ==, 4);
  recorder_clear (&recorder);
}

/* Add */

static void
test_insert_after (void)
{
  g_autoptr(SwValue) definition = parse (
    "{\"StartAt\": \"A\", \"States\": {"
    "  \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
    "  \"B\": {\"Type\": \"Pass\", \"End\": true}}}");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChanged items = { 0 };
  Recorder recorder;
  SwState *state;
  SwEdit *edit;

  recorder_init (&recorder, root);
  g_signal_connect (root, "items-changed", G_CALLBACK (on_items_changed), &items);

  /* Dropped on the edge A→B. */
  state = sw_machine_add_state (root, "N", parse ("{\"Type\": \"Task\", \"Resource\": \"arn:n\"}"),
                                -1, "A", &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
  g_assert_cmpstr (sw_state_get_name (state), ==, "N");
  g_assert_cmpuint (items.count, ==, 1);
  g_assert_cmpuint (items.position, ==, 1);
  g_assert_cmpuint (items.removed, ==, 0);
  g_assert_cmpuint (items.added, ==, 1);
  g_assert_true (sw_machine_get_state (root, 1) == state);
  assert_document (root,
    "{\"StartAt\": \"A\", \"States\": {"
    "  \"A\": {\"Type\": \"Pass\", \"Next\": \"N\"},"
    "  \"N\": {\"Type\": \"Task\", \"Resource\": \"arn:n\", \"Next\": \"B\"},"
    "  \"B\": {\"Type\": \"Pass\", \"End\": true}}}");
  edit = recorder_last (&recorder);
  g_assert_cmpint (sw_edit_get_kind (edit), ==, SW_EDIT_ADD_STATE);
  g_assert_cmpstr (sw_edit_get_name (edit), ==, "N");
  g_assert_null (sw_edit_get_old_name (edit));
  g_assert_cmpint (sw_edit_get_position (edit), ==, 1);
  g_assert_cmpstr (sw_edit_get_machine_pointer (edit), ==, "");
  g_assert_true (sw_edit_get_value (edit) == sw_state_get_value (state));
  after = write_model (root);
  assert_undo_redo (root, &recorder, edit, before, after);

  /* After the last state: it goes on to the new one, which ends. */
  state = sw_machine_add_state (root, "Last", parse ("{\"Type\": \"Pass\"}"), -1, "B", &error);
  g_assert_no_error (error);
  /* A Choice dropped on an edge continues through its Default. */
  state = sw_machine_add_state (root, "Pick", parse (
    "{\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", \"IsPresent\": true, "
    "\"Next\": \"Last\"}]}"), -1, "N", &error);
  g_assert_no_error (error);
  /* Without @after, nothing is linked, and StartAt stays. */
  state = sw_machine_add_state (root, "Loose", parse ("{\"Type\": \"Succeed\"}"), 0, NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_true (sw_machine_get_state (root, 0) == state);
  assert_document (root,
    "{\"StartAt\": \"A\", \"States\": {"
    "  \"Loose\": {\"Type\": \"Succeed\"},"
    "  \"A\": {\"Type\": \"Pass\", \"Next\": \"N\"},"
    "  \"N\": {\"Type\": \"Task\", \"Resource\": \"arn:n\", \"Next\": \"Pick\"},"
    "  \"Pick\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", "
    "    \"IsPresent\": true, \"Next\": \"Last\"}], \"Default\": \"B\"},"
    "  \"B\": {\"Type\": \"Pass\", \"Next\": \"Last\"},"
    "  \"Last\": {\"Type\": \"Pass\", \"End\": true}}}");
  g_assert_cmpuint (recorder.changed, ==, 6);

  /* Refusals. */
  g_assert_null (sw_machine_add_state (root, "A", parse ("{\"Type\": \"Pass\"}"), -1, NULL,
                                       &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sw_machine_add_state (root, "Q", parse ("[]"), -1, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sw_machine_add_state (root, "Q", parse ("{\"Type\": \"Pass\", \"Next\": \"Z\"}"),
                                       -1, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sw_machine_add_state (root, "Q", parse ("{\"Type\": \"Pass\"}"), -1, "Z",
                                       &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sw_machine_add_state (root, "Q", parse (
    "{\"Type\": \"Parallel\", \"Branches\": [{\"StartAt\": \"A\", \"States\": "
    "{\"A\": {\"Type\": \"Succeed\"}}}]}"), -1, NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (recorder.changed, ==, 6);

  /* Undo everything, last first: edits 5, 4, 3, then 0 (1 and 2 are the undo and redo). */
  for (guint i = 6; i > 3; i--)
    g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, i - 1), NULL));
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = write_model (root);
  g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, 0), NULL));
  after = write_model (root);
  g_assert_cmpstr (after, ==,
                   "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n"
                   "      \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n"
                   "    \"B\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n");
  recorder_clear (&recorder);
}

static void
test_insert_on_transition (void)
{
  g_autoptr(SwValue) definition = parse (choice_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autoptr(GError) error = NULL;
  Recorder recorder;
  SwState *state;

  recorder_init (&recorder, root);
  state = sw_state_insert_on_transition (lookup (root, "Decide"), SW_TRANSITION_CHOICE, 1,
                                         "Cool down", parse ("{\"Type\": \"Wait\", "
                                         "\"Seconds\": 5}"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_state_get_next (state), ==, "Work");
  state = sw_state_insert_on_transition (lookup (root, "Work"), SW_TRANSITION_CATCH, 0,
                                         "Notify", parse ("{\"Type\": \"Task\", "
                                         "\"Resource\": \"arn:sns\"}"), &error);
  g_assert_no_error (error);
  state = sw_state_insert_on_transition (lookup (root, "Decide"), SW_TRANSITION_DEFAULT, -1,
                                         "Log", parse ("{\"Type\": \"Pass\"}"), &error);
  g_assert_no_error (error);
  assert_document (root,
    "{\"StartAt\": \"Work\", \"States\": {"
    "  \"Work\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\","
    "    \"Catch\": ["
    "      {\"ErrorEquals\": [\"States.Timeout\", \"States.TaskFailed\"], \"Next\": \"Notify\"},"
    "      {\"ErrorEquals\": [], \"Next\": \"Decide\"}],"
    "    \"Next\": \"Decide\"},"
    "  \"Notify\": {\"Type\": \"Task\", \"Resource\": \"arn:sns\", \"Next\": \"Fail\"},"
    "  \"Decide\": {\"Type\": \"Choice\", \"Choices\": ["
    "      {\"Variable\": \"$.ok\", \"BooleanEquals\": true, \"Next\": \"Done\","
    "       \"Comment\": \"All good\"},"
    "      {\"Variable\": \"$.retry\", \"BooleanEquals\": true, \"Next\": \"Cool down\"}],"
    "    \"Default\": \"Log\"},"
    "  \"Log\": {\"Type\": \"Pass\", \"Next\": \"Fail\"},"
    "  \"Cool down\": {\"Type\": \"Wait\", \"Seconds\": 5, \"Next\": \"Work\"},"
    "  \"Done\": {\"Type\": \"Succeed\"},"
    "  \"Fail\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");

  /* No such transition. */
  g_assert_null (sw_state_insert_on_transition (lookup (root, "Done"), SW_TRANSITION_NEXT, -1,
                                                "Q", parse ("{\"Type\": \"Pass\"}"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sw_state_insert_on_transition (lookup (root, "Work"), SW_TRANSITION_CATCH, 7,
                                                "Q", parse ("{\"Type\": \"Pass\"}"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = recorder.edits->len; i > 0; i--)
    g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, i - 1), NULL));
  {
    g_autofree char *after = write_model (root);
    g_assert_cmpstr (after, ==, before);
  }
  recorder_clear (&recorder);
}

/* Move */

static const char *nest_definition =
  "{\"StartAt\": \"A\", \"States\": {"
  "  \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
  "  \"B\": {\"Type\": \"Task\", \"Resource\": \"arn:b\", \"Catch\": ["
  "      {\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"C\"}], \"Next\": \"P\"},"
  "  \"P\": {\"Type\": \"Parallel\", \"Branches\": ["
  "      {\"StartAt\": \"S1\", \"States\": {"
  "        \"S1\": {\"Type\": \"Pass\", \"Next\": \"S2\"},"
  "        \"S2\": {\"Type\": \"Pass\", \"End\": true}}}], \"Next\": \"M\"},"
  "  \"M\": {\"Type\": \"Map\", \"ItemProcessor\": {"
  "      \"ProcessorConfig\": {\"Mode\": \"INLINE\"}, \"States\": {}}, \"Next\": \"C\"},"
  "  \"C\": {\"Type\": \"Succeed\"}}}";

static void
test_move (void)
{
  g_autoptr(SwValue) definition = parse (nest_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *original = write_model (root);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_edit_unref);
  Recorder recorder;
  SwMachine *branch0, *processor;
  SwState *state;
  SwEdit *edit;

  recorder_init (&recorder, root);
  branch0 = branch (lookup (root, "P"), 0);
  processor = sw_state_get_processor (lookup (root, "M"));
  g_assert_nonnull (processor);

  /* Into a Parallel branch, on the edge S1→S2: B's Catch to C cannot follow it. */
  before = write_model (root);
  state = sw_machine_move_state (branch0, lookup (root, "B"), -1, "S1", &error);
  g_assert_no_error (error);
  g_ptr_array_add (done, sw_edit_ref (recorder_last (&recorder)));
  g_assert_nonnull (state);
  g_assert_true (sw_state_get_machine (state) == branch0);
  g_assert_cmpuint (recorder.changed, ==, 1);
  assert_document (root,
    "{\"StartAt\": \"A\", \"States\": {"
    "  \"A\": {\"Type\": \"Pass\", \"Next\": \"P\"},"
    "  \"P\": {\"Type\": \"Parallel\", \"Branches\": ["
    "      {\"StartAt\": \"S1\", \"States\": {"
    "        \"S1\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
    "        \"B\": {\"Type\": \"Task\", \"Resource\": \"arn:b\", \"Next\": \"S2\"},"
    "        \"S2\": {\"Type\": \"Pass\", \"End\": true}}}], \"Next\": \"M\"},"
    "  \"M\": {\"Type\": \"Map\", \"ItemProcessor\": {"
    "      \"ProcessorConfig\": {\"Mode\": \"INLINE\"}, \"States\": {}}, \"Next\": \"C\"},"
    "  \"C\": {\"Type\": \"Succeed\"}}}");
  assert_consistent (root, TRUE);
  edit = recorder_last (&recorder);
  g_assert_cmpint (sw_edit_get_kind (edit), ==, SW_EDIT_MOVE_STATE);
  g_assert_cmpstr (sw_edit_get_old_machine_pointer (edit), ==, "");
  g_assert_cmpstr (sw_edit_get_machine_pointer (edit), ==, "/States/P/Branches/0");
  g_assert_cmpint (sw_edit_get_old_position (edit), ==, 1);
  g_assert_cmpint (sw_edit_get_position (edit), ==, 1);
  after = write_model (root);
  assert_undo_redo (root, &recorder, edit, before, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* Into an empty Map processor: it becomes StartAt and ends there. */
  before = write_model (root);
  state = sw_machine_move_state (processor, lookup (root, "S2"), -1, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (done, sw_edit_ref (recorder_last (&recorder)));
  g_assert_true (sw_state_get_machine (state) == processor);
  g_assert_cmpstr (sw_machine_get_start_at (processor), ==, "S2");
  g_assert_cmpstr (sw_state_get_next (lookup (root, "B")), ==, NULL);
  g_assert_true (sw_state_get_end (lookup (root, "B")));
  assert_consistent (root, TRUE);
  after = write_model (root);
  assert_undo_redo (root, &recorder, recorder_last (&recorder), before, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* Out of the branch, back after A. */
  before = write_model (root);
  state = sw_machine_move_state (root, lookup (root, "B"), -1, "A", &error);
  g_assert_no_error (error);
  g_ptr_array_add (done, sw_edit_ref (recorder_last (&recorder)));
  g_assert_true (sw_state_get_machine (state) == root);
  g_assert_cmpstr (sw_state_get_next (lookup (root, "A")), ==, "B");
  g_assert_cmpstr (sw_state_get_next (state), ==, "P");
  g_assert_true (sw_state_get_end (lookup (root, "S1")));
  assert_consistent (root, TRUE);
  after = write_model (root);
  assert_undo_redo (root, &recorder, recorder_last (&recorder), before, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* Out of the processor, which empties: its StartAt goes. */
  state = sw_machine_move_state (root, lookup (root, "S2"), 0, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (done, sw_edit_ref (recorder_last (&recorder)));
  g_assert_true (sw_machine_get_state (root, 0) == state);
  g_assert_null (sw_machine_get_start_at (processor));
  g_assert_cmpuint (sw_machine_get_n_states (processor), ==, 0);
  assert_consistent (root, TRUE);

  /* Reordering within a machine changes no transition. */
  before = write_model (root);
  state = sw_machine_move_state (root, lookup (root, "C"), 1, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (done, sw_edit_ref (recorder_last (&recorder)));
  g_assert_true (sw_machine_get_state (root, 1) == state);
  g_assert_cmpuint (sw_edit_get_n_rewrites (recorder_last (&recorder)), ==, 0);
  after = write_model (root);
  assert_undo_redo (root, &recorder, recorder_last (&recorder), before, after);
  {
    guint changed = recorder.changed;

    g_assert_true (sw_machine_move_state (root, state, 1, NULL, &error) == state);
    g_assert_cmpuint (recorder.changed, ==, changed);   /* already there */

    /* A Parallel cannot go into its own branch. */
    g_assert_null (sw_machine_move_state (branch0, lookup (root, "P"), -1, NULL, &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (sw_machine_move_state (branch0, lookup (root, "A"), -1, "Nope", &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (recorder.changed, ==, changed);
  }

  /* All the way back: undo the user's edits, last first (the recorder also holds the
   * inverses and redos emitted by assert_undo_redo). */
  for (guint i = done->len; i > 0; i--)
    g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (done, i - 1), NULL));
  {
    g_autofree char *now = write_model (root);
    g_assert_cmpstr (now, ==, original);
  }
  assert_consistent (root, TRUE);
  recorder_clear (&recorder);
}

/* Fields */

static void
assert_keys (SwValue            *object,
             const char * const *keys)
{
  guint n = g_strv_length ((char **) keys);

  g_assert_cmpuint (sw_value_object_get_size (object), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (sw_value_object_get_key (object, i), ==, keys[i]);
}

static void
test_field_order (void)
{
  g_autoptr(SwValue) definition = parse (
    "{\"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"arn:t\", \"End\": true},"
    "  \"U\": {\"End\": true, \"Type\": \"Pass\"}}, \"StartAt\": \"T\"}");
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = write_model (root);
  SwState *t = lookup (root, "T");
  SwValue *value = sw_state_get_value (t);
  Recorder recorder;

  recorder_init (&recorder, root);
  /* Set in a scrambled order, they land in the canonical one. */
  g_assert_true (sw_state_set_field (t, "Retry", parse ("[]"), &error));
  g_assert_true (sw_state_set_field (t, "ResultPath", sw_value_new_string ("$.r"), &error));
  g_assert_true (sw_state_set_field (t, "Comment", sw_value_new_string ("c"), &error));
  g_assert_true (sw_state_set_field (t, "Parameters", parse ("{}"), &error));
  g_assert_true (sw_state_set_field (t, "X-Custom", sw_value_new_int (1), &error));
  g_assert_true (sw_state_set_field (t, "TimeoutSeconds", sw_value_new_int (30), &error));
  g_assert_true (sw_state_set_field (t, "QueryLanguage", sw_value_new_string ("JSONata"),
                                     &error));
  g_assert_true (sw_state_set_field (t, "Catch", parse ("[]"), &error));
  g_assert_true (sw_state_set_field (t, "InputPath", sw_value_new_string ("$"), &error));
  g_assert_no_error (error);
  assert_keys (value, (const char *[]) {
    "Type", "Comment", "QueryLanguage", "Resource", "Parameters", "InputPath", "ResultPath",
    "TimeoutSeconds", "X-Custom", "Retry", "Catch", "End", NULL });
  g_assert_cmpuint (recorder.changed, ==, 9);
  g_assert_cmpstr (sw_state_get_query_language (t), ==, "JSONata");

  /* Existing keys keep their place, even when not canonical. */
  g_assert_true (sw_state_set_field (lookup (root, "U"), "Comment", sw_value_new_string ("u"),
                                     &error));
  assert_keys (sw_state_get_value (lookup (root, "U")),
               (const char *[]) { "End", "Type", "Comment", NULL });
  g_assert_true (sw_state_set_field (t, "Resource", sw_value_new_string ("arn:t2"), &error));
  g_assert_cmpstr (sw_state_get_resource (t), ==, "arn:t2");
  g_assert_cmpstr (sw_value_object_get_key (value, 3), ==, "Resource");

  /* Next takes End's place, and End takes Next's. */
  g_assert_true (sw_state_set_field (t, "Next", sw_value_new_string ("U"), &error));
  g_assert_cmpstr (sw_value_object_get_key (value, 11), ==, "Next");
  g_assert_false (sw_value_object_has (value, "End"));
  g_assert_false (sw_state_get_end (t));
  g_assert_cmpstr (sw_state_get_next (t), ==, "U");
  g_assert_true (sw_state_set_field (t, "End", sw_value_new_boolean (TRUE), &error));
  g_assert_cmpstr (sw_value_object_get_key (value, 11), ==, "End");
  g_assert_false (sw_value_object_has (value, "Next"));

  /* Clear. */
  g_assert_true (sw_state_set_field (t, "Comment", NULL, &error));
  g_assert_null (sw_state_get_comment (t));
  g_assert_false (sw_value_object_has (value, "Comment"));

  /* Machine fields: Comment goes first, before the authored States. */
  g_assert_true (sw_machine_set_field (root, "Comment", sw_value_new_string ("m"), &error));
  g_assert_true (sw_machine_set_field (root, "TimeoutSeconds", sw_value_new_int (60), &error));
  assert_keys (definition, (const char *[]) {
    "Comment", "States", "StartAt", "TimeoutSeconds", NULL });
  g_assert_cmpstr (sw_machine_get_comment (root), ==, "m");
  g_assert_true (sw_machine_set_field (root, "StartAt", sw_value_new_string ("U"), &error));
  g_assert_cmpstr (sw_machine_get_start_at (root), ==, "U");
  g_assert_no_error (error);

  /* Setting a value a field already has is no edit. */
  {
    guint changed = recorder.changed;

    g_assert_true (sw_state_set_field (t, "ResultPath", sw_value_new_string ("$.r"), &error));
    g_assert_true (sw_state_set_field (t, "Nope", NULL, &error));
    g_assert_cmpuint (recorder.changed, ==, changed);
  }

  for (guint i = recorder.edits->len; i > 0; i--)
    g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, i - 1), NULL));
  {
    g_autofree char *after = write_model (root);
    g_assert_cmpstr (after, ==, before);
  }
  recorder_clear (&recorder);
}

static void
test_refuse_dangling (void)
{
  g_autoptr(SwValue) definition = parse (chain_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autoptr(GError) error = NULL;
  SwState *a = lookup (root, "A");
  SwState *x = lookup (root, "X");
  guint next_notified = 0;
  Recorder recorder;

  recorder_init (&recorder, root);
  g_signal_connect (a, "notify::next", G_CALLBACK (count_signal), &next_notified);

  g_assert_false (sw_state_set_field (a, "Next", sw_value_new_string ("Nowhere"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_state_set_field (a, "Next", sw_value_new_int (3), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_state_set_field (x, "Default", sw_value_new_string ("Nowhere"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_state_set_field (x, "Choices", parse (
    "[{\"Variable\": \"$.a\", \"IsPresent\": true, \"Next\": \"Nowhere\"}]"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_state_set_field (a, "Catch", parse (
    "[{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Nowhere\"}]"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_machine_set_field (root, "StartAt", sw_value_new_string ("Nowhere"),
                                        &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_machine_set_field (root, "States", NULL, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  /* A state in a branch cannot lead to a state outside it. */
  {
    g_autoptr(SwValue) nested = parse (nest_definition);
    g_autoptr(SwMachine) nested_root = sw_machine_new (nested);

    g_assert_false (sw_state_set_field (lookup (nested_root, "S1"), "Next",
                                        sw_value_new_string ("C"), &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_assert_cmpuint (recorder.changed, ==, 0);
  g_assert_cmpuint (next_notified, ==, 0);
  {
    g_autofree char *after = write_model (root);
    g_assert_cmpstr (after, ==, before);
  }

  /* The state itself and existing states are fine. */
  g_assert_true (sw_state_set_field (a, "Next", sw_value_new_string ("A"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (next_notified, ==, 1);
  g_assert_true (sw_state_set_field (x, "Choices", parse (
    "[{\"Variable\": \"$.a\", \"IsPresent\": true, \"Next\": \"X\"}]"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changed, ==, 2);
  recorder_clear (&recorder);
}

static void
test_set_nested (void)
{
  g_autoptr(SwValue) definition = parse (nest_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autofree char *before = write_model (root);
  g_autoptr(GError) error = NULL;
  SwState *p = lookup (root, "P");
  SwState *m = lookup (root, "M");
  GListModel *branches = sw_state_get_branches (p);
  ItemsChanged items = { 0 };
  guint processor_notified = 0, type_notified = 0;
  Recorder recorder;

  recorder_init (&recorder, root);
  g_signal_connect (branches, "items-changed", G_CALLBACK (on_items_changed), &items);
  g_signal_connect (m, "notify::processor", G_CALLBACK (count_signal), &processor_notified);
  g_signal_connect (m, "notify::state-type", G_CALLBACK (count_signal), &type_notified);

  g_assert_true (sw_state_set_field (p, "Branches", parse (
    "[{\"StartAt\": \"S1\", \"States\": {\"S1\": {\"Type\": \"Succeed\"}}},"
    " {\"StartAt\": \"T1\", \"States\": {\"T1\": {\"Type\": \"Succeed\"}}}]"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (items.count, ==, 1);
  g_assert_cmpuint (items.removed, ==, 1);
  g_assert_cmpuint (items.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (branches), ==, 2);
  g_assert_true (sw_state_get_machine (lookup (root, "T1")) == branch (p, 1));
  g_assert_null (sw_machine_lookup_state (root, "S2"));
  assert_consistent (root, TRUE);

  /* Names brought in must be free. */
  g_assert_false (sw_state_set_field (m, "ItemProcessor", parse (
    "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sw_state_set_field (m, "ItemProcessor", parse (
    "{\"StartAt\": \"I\", \"States\": {\"I\": {\"Type\": \"Succeed\"}}}"), &error));
  g_assert_cmpuint (processor_notified, ==, 1);
  g_assert_true (sw_state_get_machine (lookup (root, "I")) == sw_state_get_processor (m));

  /* A Map that is no longer a Map has no processor. */
  g_assert_true (sw_state_set_field (m, "Type", sw_value_new_string ("Pass"), &error));
  g_assert_cmpuint (type_notified, ==, 1);
  g_assert_cmpuint (processor_notified, ==, 2);
  g_assert_null (sw_state_get_processor (m));
  g_assert_null (sw_machine_lookup_state (root, "I"));

  g_assert_cmpuint (recorder.changed, ==, 3);
  for (guint i = recorder.edits->len; i > 0; i--)
    g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (recorder.edits, i - 1), NULL));
  {
    g_autofree char *after = write_model (root);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_nonnull (sw_state_get_processor (m));
  g_assert_true (sw_state_get_machine (lookup (root, "S2")) == branch (p, 0));
  assert_consistent (root, TRUE);
  recorder_clear (&recorder);
}

/* Undo, notifications, robustness */

typedef struct
{
  GPtrArray *mirror;
} Mirror;

/* Applies items-changed to a copy of the list, which must then equal the model. */
static void
on_mirror_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->mirror->len);
  g_ptr_array_remove_range (mirror->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
assert_mirror (Mirror    *mirror,
               SwMachine *machine)
{
  g_assert_cmpuint (mirror->mirror->len, ==, sw_machine_get_n_states (machine));
  for (guint i = 0; i < mirror->mirror->len; i++)
    g_assert_true (g_ptr_array_index (mirror->mirror, i) == sw_machine_get_state (machine, i));
}

static SwState *
random_state (GRand     *rand,
              GPtrArray *states)
{
  if (states->len == 0)
    return NULL;
  return g_ptr_array_index (states, g_rand_int_range (rand, 0, states->len));
}

static const char *
random_name_in (GRand     *rand,
                SwMachine *machine)
{
  guint n = sw_machine_get_n_states (machine);

  if (n == 0)
    return NULL;
  return sw_state_get_name (sw_machine_get_state (machine, g_rand_int_range (rand, 0, n)));
}

/* One random edit; returns whether it was accepted. */
static gboolean
random_edit (GRand   *rand,
             SwMachine *root,
             guint    serial)
{
  g_autoptr(GPtrArray) machines = g_ptr_array_new ();
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  g_autofree char *name = g_strdup_printf ("S%u", serial);
  g_autoptr(GError) error = NULL;
  SwMachine *machine;
  SwState *state;
  const char *target;
  gboolean ok = FALSE;

  collect_machines (root, machines, states);
  machine = g_ptr_array_index (machines, g_rand_int_range (rand, 0, machines->len));
  state = random_state (rand, states);

  switch (g_rand_int_range (rand, 0, 11))
    {
    case 0:
      ok = state && sw_state_rename (state, name, &error);
      break;
    case 1:
      ok = state && states->len > 2 && sw_state_remove (state, &error);
      break;
    case 2:
      target = g_rand_boolean (rand) ? random_name_in (rand, machine) : NULL;
      ok = sw_machine_add_state (machine, name, parse ("{\"Type\": \"Pass\"}"),
                                 g_rand_int_range (rand, -1, 4), target, &error) != NULL;
      break;
    case 3:
      if ((target = random_name_in (rand, machine)) != NULL)
        {
          g_autofree char *json = g_strdup_printf (
            "{\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", \"IsPresent\": true, "
            "\"Next\": \"%s\"}]}", target);
          ok = sw_machine_add_state (machine, name, parse (json), -1,
                                     random_name_in (rand, machine), &error) != NULL;
        }
      break;
    case 4:
      target = g_rand_boolean (rand) ? random_name_in (rand, machine) : NULL;
      ok = state && sw_machine_move_state (machine, state, g_rand_int_range (rand, -1, 3),
                                           target, &error) != NULL;
      break;
    case 5:
      ok = state && sw_state_set_field (state, "Comment", sw_value_new_string (name), &error);
      break;
    case 6:
      if (state && (target = random_name_in (rand, sw_state_get_machine (state))) != NULL)
        ok = sw_state_set_field (state, "Next", sw_value_new_string (target), &error);
      break;
    case 7:
      ok = state && sw_state_set_field (state, "End", sw_value_new_boolean (TRUE), &error);
      break;
    case 8:
      if (state)
        {
          g_autoptr(GPtrArray) transitions = sw_state_list_transitions (state);

          if (transitions->len > 0)
            {
              SwTransition *t = g_ptr_array_index (transitions,
                                                   g_rand_int_range (rand, 0, transitions->len));
              ok = sw_state_insert_on_transition (state, t->kind, t->index, name,
                                                  parse ("{\"Type\": \"Task\", "
                                                         "\"Resource\": \"arn:x\"}"),
                                                  &error) != NULL;
            }
        }
      break;
    case 9:
      if (state && (target = random_name_in (rand, sw_state_get_machine (state))) != NULL)
        {
          g_autofree char *json = g_strdup_printf (
            "[{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"%s\"}]", target);
          ok = sw_state_set_field (state, "Catch", parse (json), &error);
        }
      break;
    case 10:
    default:
      if ((target = random_name_in (rand, machine)) != NULL)
        ok = sw_machine_set_field (machine, "StartAt", sw_value_new_string (target), &error);
      break;
    }
  if (!ok && error != NULL)
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  return ok;
}

static void
test_undo_random (void)
{
  static const char * const files[] = {
    "tests/asl/data/valid/parallel-map-parallel.asl.json",
    "data/examples/mnist-pipeline.asl.json",
    "tests/asl/data/valid/sagemaker-jsonata-pipeline.asl.json",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(SwValue) definition = load (files[f]);
      g_autoptr(SwMachine) root = sw_machine_new (definition);
      g_autofree char *original = write_model (root);
      g_autoptr(GRand) rand = g_rand_new_with_seed (20260101 + f);
      g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_edit_unref);
      Mirror mirror = { g_ptr_array_new_with_free_func (g_object_unref) };
      Recorder recorder;
      guint accepted = 0;

      recorder_init (&recorder, root);
      for (guint i = 0; i < sw_machine_get_n_states (root); i++)
        g_ptr_array_add (mirror.mirror, g_object_ref (sw_machine_get_state (root, i)));
      g_signal_connect (root, "items-changed", G_CALLBACK (on_mirror_changed), &mirror);

      for (guint step = 0; step < 400; step++)
        {
          g_autofree char *before = write_model (root);
          g_autofree char *after = NULL;
          guint changed = recorder.changed;
          SwEdit *edit;

          /* Refused, or accepted as a no-op (a value set to what it was): no change. */
          if (!random_edit (rand, root, step) || recorder.changed == changed)
            {
              g_autofree char *unchanged = write_model (root);

              g_assert_cmpstr (unchanged, ==, before);
              g_assert_cmpuint (recorder.changed, ==, changed);
              continue;
            }
          accepted++;
          g_assert_cmpuint (recorder.changed, ==, changed + 1);
          edit = recorder_last (&recorder);
          g_ptr_array_add (done, sw_edit_ref (edit));
          after = write_model (root);
          assert_consistent (root, TRUE);
          assert_mirror (&mirror, root);
          assert_undo_redo (root, &recorder, edit, before, after);
          assert_consistent (root, TRUE);
          assert_mirror (&mirror, root);
        }
      g_assert_cmpuint (accepted, >, 200);

      for (guint i = done->len; i > 0; i--)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (sw_machine_undo_edit (root, g_ptr_array_index (done, i - 1), &error));
          g_assert_no_error (error);
        }
      {
        g_autofree char *restored = write_model (root);
        g_assert_cmpstr (restored, ==, original);
      }
      assert_consistent (root, TRUE);
      assert_mirror (&mirror, root);
      g_ptr_array_unref (mirror.mirror);
      recorder_clear (&recorder);
    }
}

static void
test_undo_out_of_order (void)
{
  g_autoptr(SwValue) definition = parse (chain_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autoptr(SwValue) other_definition = parse (chain_definition);
  g_autoptr(SwMachine) other = sw_machine_new (other_definition);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwEdit) first = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Recorder recorder;

  recorder_init (&recorder, root);
  g_assert_true (sw_state_remove (lookup (root, "B"), NULL));
  first = sw_edit_ref (recorder_last (&recorder));
  g_assert_true (sw_state_remove (lookup (root, "C"), NULL));
  before = write_model (root);

  /* Undoing the first edit while the second is applied must fail and change nothing. */
  g_assert_false (sw_machine_undo_edit (root, first, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  after = write_model (root);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (recorder.changed, ==, 2);

  /* An edit of another document is refused. */
  g_assert_false (sw_machine_undo_edit (other, first, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  recorder_clear (&recorder);
}

static void
test_edit_invert (void)
{
  g_autoptr(SwValue) definition = parse (choice_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autoptr(SwEdit) inverse = NULL;
  g_autoptr(SwEdit) twice = NULL;
  g_autofree char *label = NULL;
  Recorder recorder;
  SwEdit *edit;

  recorder_init (&recorder, root);
  g_assert_true (sw_state_set_field (lookup (root, "Work"), "Comment",
                                     sw_value_new_string ("w"), NULL));
  edit = recorder_last (&recorder);
  g_assert_cmpint (sw_edit_get_kind (edit), ==, SW_EDIT_SET_STATE_FIELD);
  g_assert_cmpstr (sw_edit_get_key (edit), ==, "Comment");
  g_assert_null (sw_edit_get_old_value (edit));
  g_assert_cmpstr (sw_value_get_string (sw_edit_get_value (edit)), ==, "w");
  g_assert_cmpuint (sw_edit_get_n_changes (edit), ==, 1);
  label = sw_edit_dup_label (edit);
  g_assert_nonnull (strstr (label, "Comment"));

  inverse = sw_edit_invert (edit);
  g_assert_cmpint (sw_edit_get_kind (inverse), ==, SW_EDIT_SET_STATE_FIELD);
  g_assert_null (sw_edit_get_value (inverse));
  g_assert_cmpstr (sw_value_get_string (sw_edit_get_old_value (inverse)), ==, "w");

  g_assert_true (sw_state_remove (lookup (root, "Done"), NULL));
  edit = recorder_last (&recorder);
  g_clear_pointer (&inverse, sw_edit_unref);
  inverse = sw_edit_invert (edit);
  twice = sw_edit_invert (inverse);
  g_assert_cmpint (sw_edit_get_kind (inverse), ==, SW_EDIT_ADD_STATE);
  g_assert_cmpstr (sw_edit_get_name (inverse), ==, "Done");
  g_assert_cmpint (sw_edit_get_position (inverse), ==, 2);
  g_assert_true (sw_edit_get_value (inverse) == sw_edit_get_old_value (edit));
  g_assert_cmpuint (sw_edit_get_n_rewrites (inverse), ==, 1);
  g_assert_null (sw_edit_get_rewrite (inverse, 0)->old_target);
  g_assert_cmpstr (sw_edit_get_rewrite (inverse, 0)->new_target, ==, "Done");
  g_assert_cmpint (sw_edit_get_kind (twice), ==, SW_EDIT_REMOVE_STATE);
  g_assert_cmpuint (sw_edit_get_n_changes (twice), ==, sw_edit_get_n_changes (edit));

  /* The inverse applied is the undo; its own inverse is the redo. */
  g_assert_true (sw_machine_apply_edit (root, inverse, NULL));
  g_assert_nonnull (sw_machine_lookup_state (root, "Done"));
  g_assert_true (sw_machine_apply_edit (root, twice, NULL));
  g_assert_null (sw_machine_lookup_state (root, "Done"));
  g_assert_cmpuint (recorder.changed, ==, 4);
  recorder_clear (&recorder);
}

static void
test_notifications (void)
{
  g_autoptr(SwValue) definition = parse (nest_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  g_autoptr(GError) error = NULL;
  SwMachine *branch0 = branch (lookup (root, "P"), 0);
  ItemsChanged root_items = { 0 }, branch_items = { 0 };
  guint start_notified = 0, n_items_notified = 0, type_notified = 0;
  Recorder recorder;
  SwState *a = lookup (root, "A");

  recorder_init (&recorder, root);
  g_signal_connect (root, "items-changed", G_CALLBACK (on_items_changed), &root_items);
  g_signal_connect (branch0, "items-changed", G_CALLBACK (on_items_changed), &branch_items);
  g_signal_connect (root, "notify::start-at", G_CALLBACK (count_signal), &start_notified);
  g_signal_connect (root, "notify::n-items", G_CALLBACK (count_signal), &n_items_notified);
  g_signal_connect (a, "notify::state-type", G_CALLBACK (count_signal), &type_notified);

  /* A field change: one changed, no list change. */
  g_assert_true (sw_state_set_field (a, "Type", sw_value_new_string ("Wait"), &error));
  g_assert_cmpuint (recorder.changed, ==, 1);
  g_assert_cmpuint (type_notified, ==, 1);
  g_assert_cmpint (sw_state_get_state_type (a), ==, SW_STATE_TYPE_WAIT);
  g_assert_cmpuint (root_items.count, ==, 0);

  /* A move between machines: one changed, one items-changed on each side. */
  g_assert_nonnull (sw_machine_move_state (branch0, lookup (root, "B"), 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changed, ==, 2);
  g_assert_cmpuint (root_items.count, ==, 1);
  g_assert_cmpuint (root_items.position, ==, 1);
  g_assert_cmpuint (root_items.removed, ==, 1);
  g_assert_cmpuint (root_items.added, ==, 0);
  g_assert_cmpuint (branch_items.count, ==, 1);
  g_assert_cmpuint (branch_items.position, ==, 0);
  g_assert_cmpuint (branch_items.added, ==, 1);
  g_assert_cmpuint (n_items_notified, ==, 1);

  /* Removing the start state moves StartAt: notified once. */
  g_assert_true (sw_state_remove (a, &error));
  g_assert_cmpuint (recorder.changed, ==, 3);
  g_assert_cmpuint (start_notified, ==, 1);
  g_assert_cmpstr (sw_machine_get_start_at (root), ==, "P");
  g_assert_cmpuint (type_notified, ==, 1);   /* a detached state is left alone */

  /* Failed edits emit nothing. */
  g_assert_false (sw_state_set_field (lookup (root, "P"), "Next", sw_value_new_string ("B"),
                                      &error));
  g_clear_error (&error);
  g_assert_cmpuint (recorder.changed, ==, 3);
  g_assert_cmpuint (root_items.count, ==, 2);
  recorder_clear (&recorder);
}

static void
test_broken (void)
{
  static const char * const broken[] = {
    "[]",
    "\"x\"",
    "{}",
    "{\"States\": 3, \"StartAt\": 4}",
    "{\"States\": {\"A\": 1, \"B\": {\"Type\": \"Parallel\", \"Branches\": 3}}}",
    "{\"States\": {\"A\": {\"Type\": \"Parallel\", \"Branches\": [1, {\"States\": []}, "
    "  {\"StartAt\": 5, \"States\": {\"In\": {\"Type\": [], \"Next\": {}}}}]},"
    "  \"M\": {\"Type\": \"Map\", \"ItemProcessor\": \"x\", \"Iterator\": {\"States\": {"
    "    \"I\": {\"Catch\": [1, {\"Next\": 2}, {\"Next\": \"I\"}]}}}},"
    "  \"C\": {\"Type\": \"Choice\", \"Choices\": [1, {\"Next\": 5}, {\"Next\": \"A\"}],"
    "    \"Default\": 7},"
    "  \"D\": {\"Type\": 5, \"Next\": [\"x\"], \"End\": \"yes\", \"Catch\": {\"Next\": \"A\"},"
    "    \"Comment\": 3, \"Resource\": null, \"QueryLanguage\": 1}}}",
    ("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"A\"},"
     "  \"A\": {\"Type\": \"Succeed\"}, \"G\": {\"Type\": \"Pass\", \"Next\": \"Ghost\"}}}"),
  };
  static const guint n_states[] = { 0, 0, 0, 0, 1, 6, 3 };

  for (guint b = 0; b < G_N_ELEMENTS (broken); b++)
    {
      g_autoptr(SwValue) definition = parse (broken[b]);
      g_autoptr(SwMachine) root = sw_machine_new (definition);
      g_autofree char *before = write_model (root);
      g_autoptr(GPtrArray) machines = g_ptr_array_new ();
      g_autoptr(GPtrArray) states = g_ptr_array_new ();
      Recorder recorder;

      g_test_message ("%s", broken[b]);
      recorder_init (&recorder, root);
      collect_machines (root, machines, states);
      g_assert_cmpuint (states->len, ==, n_states[b]);
      assert_consistent (root, FALSE);
      for (guint i = 0; i < states->len; i++)
        {
          SwState *state = g_ptr_array_index (states, i);
          g_autoptr(GPtrArray) transitions = sw_state_list_transitions (state);
          g_autofree char *pointer = sw_state_dup_pointer (state);

          g_assert_nonnull (pointer);
          (void) sw_state_get_next (state);
          (void) sw_state_get_comment (state);
          (void) sw_state_get_default (state);
          (void) sw_state_is_terminal (state);
          for (guint t = 0; t < transitions->len; t++)
            g_assert_nonnull (((SwTransition *) g_ptr_array_index (transitions, t))->target);
        }

      /* Every kind of edit either works and undoes exactly, or is refused cleanly. */
      for (guint i = 0; i < states->len; i++)
        {
          g_autofree char *name = g_strdup_printf ("Renamed %u", i);
          SwState *state = g_ptr_array_index (states, i);
          guint changed = recorder.changed;
          g_autoptr(GError) error = NULL;

          if (sw_state_rename (state, name, &error))
            {
              g_assert_cmpuint (recorder.changed, ==, changed + 1);
              g_assert_true (sw_machine_undo_edit (root, recorder_last (&recorder), NULL));
            }
          g_clear_error (&error);
          g_assert_true (sw_state_set_field (state, "Comment", sw_value_new_string ("c"),
                                             &error));
          g_assert_true (sw_machine_undo_edit (root, recorder_last (&recorder), NULL));
        }
      for (guint m = 0; m < machines->len; m++)
        {
          g_autoptr(GError) error = NULL;
          SwMachine *machine = g_ptr_array_index (machines, m);
          g_autofree char *name = g_strdup_printf ("Added %u", m);

          if (sw_machine_add_state (machine, name, parse ("{\"Type\": \"Pass\"}"), -1, NULL,
                                    &error))
            {
              g_autofree char *after = write_model (root);
              assert_undo_redo (root, &recorder, recorder_last (&recorder), before, after);
              g_assert_true (sw_machine_undo_edit (root, recorder_last (&recorder), NULL));
            }
          else
            g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
        }
      if (states->len > 0)
        {
          SwState *state = g_ptr_array_index (states, states->len - 1);
          g_autoptr(GError) error = NULL;

          g_assert_true (sw_state_remove (state, &error));
          g_assert_no_error (error);
          g_assert_true (sw_machine_undo_edit (root, recorder_last (&recorder), &error));
          g_assert_no_error (error);
        }
      {
        g_autofree char *after = write_model (root);
        g_assert_cmpstr (after, ==, before);
      }
      recorder_clear (&recorder);
    }

  /* Adding to a machine that cannot hold states is refused. */
  {
    g_autoptr(SwValue) definition = parse ("{\"States\": 3}");
    g_autoptr(SwMachine) root = sw_machine_new (definition);
    g_autoptr(GError) error = NULL;

    g_assert_null (sw_machine_add_state (root, "A", parse ("{\"Type\": \"Pass\"}"), -1, NULL,
                                         &error));
    g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  }
  /* The first of duplicate names is the one looked up. */
  {
    g_autoptr(SwValue) definition = parse (broken[6]);
    g_autoptr(SwMachine) root = sw_machine_new (definition);

    g_assert_true (lookup (root, "A") == sw_machine_get_state (root, 0));
    g_assert_cmpint (sw_state_get_state_type (sw_machine_get_state (root, 1)), ==,
                     SW_STATE_TYPE_SUCCEED);
  }
}

typedef struct
{
  SwMachine *root;
  guint refused;
} Reentry;

static void
on_items_changed_edit (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Reentry    *reentry)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_state_rename (lookup (reentry->root, "C"), "Z", &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  reentry->refused++;
}

/* Editing from a list handler would run inside a refresh: refused. From a changed handler,
 * after the refresh, it is a new edit. */
static void
test_reentrant (void)
{
  g_autoptr(SwValue) definition = parse (chain_definition);
  g_autoptr(SwMachine) root = sw_machine_new (definition);
  Reentry reentry = { root, 0 };
  gulong handler;
  Recorder recorder;

  recorder_init (&recorder, root);
  handler = g_signal_connect (root, "items-changed", G_CALLBACK (on_items_changed_edit),
                              &reentry);
  g_assert_true (sw_state_remove (lookup (root, "B"), NULL));
  g_assert_cmpuint (reentry.refused, ==, 1);
  g_assert_cmpuint (recorder.changed, ==, 1);
  g_assert_nonnull (sw_machine_lookup_state (root, "C"));
  g_signal_handler_disconnect (root, handler);

  g_assert_true (sw_machine_undo_edit (root, recorder_last (&recorder), NULL));
  g_assert_true (sw_state_rename (lookup (root, "C"), "Z", NULL));
  assert_consistent (root, TRUE);
  g_assert_cmpuint (recorder.changed, ==, 3);
  recorder_clear (&recorder);
}

static void
test_detached (void)
{
  g_autoptr(SwValue) definition = parse (nest_definition);
  SwMachine *root = sw_machine_new (definition);
  g_autoptr(SwState) p = g_object_ref (lookup (root, "P"));
  g_autoptr(SwMachine) inner = g_object_ref (branch (p, 0));
  g_autoptr(SwState) s1 = g_object_ref (lookup (root, "S1"));
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_state_remove (p, &error));
  g_assert_null (sw_state_get_machine (p));
  g_assert_null (sw_machine_get_root (inner));
  g_assert_true (sw_machine_get_parent_state (inner) == p);
  g_assert_true (sw_state_get_machine (s1) == inner);
  g_assert_null (sw_machine_dup_pointer (inner));
  g_assert_null (sw_state_dup_pointer (s1));

  /* Edits on what left the document are refused. */
  g_assert_false (sw_state_rename (p, "Q", &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sw_state_set_field (s1, "Comment", sw_value_new_string ("x"), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sw_machine_add_state (inner, "Z", parse ("{\"Type\": \"Pass\"}"), -1, NULL,
                                       &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);

  /* The views outlive the root without dangling. */
  g_object_add_weak_pointer (G_OBJECT (root), (gpointer *) &root);
  g_object_unref (root);
  g_assert_null (root);
  g_assert_null (sw_machine_get_root (inner));
  g_assert_cmpuint (sw_machine_get_n_states (inner), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asl/model/build/valid", test_build_valid);
  g_test_add_func ("/asl/model/build/mnist", test_build_mnist);
  g_test_add_func ("/asl/model/build/nested", test_build_nested);
  g_test_add_func ("/asl/model/build/query-language", test_query_language);
  g_test_add_func ("/asl/model/transitions", test_transitions);
  g_test_add_func ("/asl/model/rename", test_rename);
  g_test_add_func ("/asl/model/rename/nested", test_rename_nested);
  g_test_add_func ("/asl/model/remove/rewire", test_remove_rewire);
  g_test_add_func ("/asl/model/remove/terminal", test_remove_terminal);
  g_test_add_func ("/asl/model/remove/last", test_remove_last);
  g_test_add_func ("/asl/model/add/insert-after", test_insert_after);
  g_test_add_func ("/asl/model/add/on-transition", test_insert_on_transition);
  g_test_add_func ("/asl/model/move", test_move);
  g_test_add_func ("/asl/model/field/order", test_field_order);
  g_test_add_func ("/asl/model/field/refuse-dangling", test_refuse_dangling);
  g_test_add_func ("/asl/model/field/nested-machines", test_set_nested);
  g_test_add_func ("/asl/model/undo/random", test_undo_random);
  g_test_add_func ("/asl/model/undo/out-of-order", test_undo_out_of_order);
  g_test_add_func ("/asl/model/undo/invert", test_edit_invert);
  g_test_add_func ("/asl/model/notifications", test_notifications);
  g_test_add_func ("/asl/model/broken", test_broken);
  g_test_add_func ("/asl/model/reentrant", test_reentrant);
  g_test_add_func ("/asl/model/detached", test_detached);

  return g_test_run ();
}
