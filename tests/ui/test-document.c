/* test-document.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sw-asl-error.h"
#include "sw-document.h"
#include "sw-json.h"

static const char *three_states =
  "{\n"
  "  \"StartAt\": \"A\",\n"
  "  \"States\": {\n"
  "    \"A\": { \"Type\": \"Pass\", \"Next\": \"B\" },\n"
  "    \"B\": { \"Type\": \"Pass\", \"Next\": \"C\" },\n"
  "    \"C\": { \"Type\": \"Succeed\" }\n"
  "  }\n"
  "}\n";

static const char *nested =
  "{\n"
  "  \"StartAt\": \"Fan\",\n"
  "  \"States\": {\n"
  "    \"Fan\": { \"Type\": \"Parallel\", \"End\": true, \"Branches\": [\n"
  "      { \"StartAt\": \"X\", \"States\": { \"X\": { \"Type\": \"Succeed\" } } },\n"
  "      { \"StartAt\": \"a/b\", \"States\": { \"a/b\": { \"Type\": \"Succeed\" } } }\n"
  "    ] },\n"
  "    \"Each\": { \"Type\": \"Map\", \"End\": true, \"ItemProcessor\": {\n"
  "      \"StartAt\": \"Item\", \"States\": { \"Item\": { \"Type\": \"Pass\", \"End\": true } }\n"
  "    } }\n"
  "  }\n"
  "}\n";

static SwValue *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  SwValue *value = sw_json_parse (text, strlen (text), NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

static SwDocument *
document_for (const char *text)
{
  g_autoptr (SwValue) value = parse (text);

  return sw_document_new_for_value (value);
}

static char *
state_names (SwDocument *doc)
{
  SwMachine *machine = sw_document_get_machine (doc);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
    {
      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, sw_state_get_name (sw_machine_get_state (machine, i)));
    }
  return g_string_free (names, FALSE);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_new (void)
{
  g_autoptr (SwDocument) doc = sw_document_new ();
  SwMachine *machine = sw_document_get_machine (doc);

  g_assert_nonnull (machine);
  g_assert_cmpuint (sw_machine_get_n_states (machine), ==, 1);
  g_assert_cmpstr (sw_machine_get_start_at (machine), ==, "Start");
  g_assert_cmpstr (sw_document_get_title (doc), ==, "Untitled workflow");
  g_assert_null (sw_document_get_file (doc));
  g_assert_false (sw_document_get_modified (doc));
  g_assert_false (sw_document_can_undo (doc));
  g_assert_false (sw_document_can_redo (doc));
  g_assert_null (sw_document_dup_undo_label (doc));
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, 0);
}

static void
test_undo_redo (void)
{
  g_autoptr (SwDocument) doc = document_for (three_states);
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *names = NULL;
  g_autofree char *text = NULL;
  SwState *b = sw_document_lookup_state (doc, "/States/B");
  guint modified_notifies = 0;

  g_signal_connect (doc, "notify::modified", G_CALLBACK (notify_count_cb), &modified_notifies);

  g_assert_nonnull (b);
  g_assert_true (sw_state_rename (b, "Beta", &error));
  g_assert_no_error (error);
  g_assert_true (sw_document_get_modified (doc));
  g_assert_cmpuint (modified_notifies, ==, 1);
  g_assert_true (sw_document_can_undo (doc));
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Rename “B” to “Beta”");
  g_assert_cmpstr (sw_state_get_next (sw_document_lookup_state (doc, "/States/A")), ==, "Beta");

  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "A,B,C");
  g_assert_cmpstr (sw_state_get_next (sw_document_lookup_state (doc, "/States/A")), ==, "B");
  g_assert_false (sw_document_can_undo (doc));
  g_assert_true (sw_document_can_redo (doc));
  g_assert_false (sw_document_get_modified (doc));
  g_clear_pointer (&label, g_free);
  label = sw_document_dup_redo_label (doc);
  g_assert_cmpstr (label, ==, "Redo Rename “B” to “Beta”");

  /* The undo itself is not recorded as a new step. */
  g_assert_true (sw_document_redo (doc, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sw_document_lookup_state (doc, "/States/Beta"));
  g_assert_false (sw_document_can_redo (doc));
  g_assert_true (sw_document_get_modified (doc));

  g_assert_true (sw_document_undo (doc, &error));
  text = sw_document_serialize (doc, SW_DEFINITION_FORMAT_JSON);
  g_assert_nonnull (strstr (text, "\"Next\": \"B\""));
  g_assert_false (sw_document_undo (doc, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
}

static void
test_groups (void)
{
  g_autoptr (SwDocument) doc = document_for (three_states);
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *names = NULL;

  sw_document_begin_group (doc, "Tidy Up");
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/A"), "First", &error));
  sw_document_begin_group (doc, "Inner");
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/C"), "Last", &error));
  sw_document_end_group (doc);
  /* Not a step of its own while the outer group is open. */
  g_assert_false (sw_document_can_undo (doc));
  g_assert_true (sw_state_remove (sw_document_lookup_state (doc, "/States/B"), &error));
  sw_document_end_group (doc);
  g_assert_no_error (error);

  names = state_names (doc);
  g_assert_cmpstr (names, ==, "First,Last");
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Tidy Up");

  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "A,B,C");
  g_assert_false (sw_document_can_undo (doc));
  g_assert_cmpstr (sw_machine_get_start_at (sw_document_get_machine (doc)), ==, "A");

  g_assert_true (sw_document_redo (doc, &error));
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "First,Last");

  /* An empty group records nothing; a new edit drops the redo history. */
  g_assert_true (sw_document_undo (doc, &error));
  sw_document_begin_group (doc, "Nothing");
  sw_document_end_group (doc);
  g_assert_true (sw_document_can_redo (doc));
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/C"), "Z", &error));
  g_assert_false (sw_document_can_redo (doc));
  g_clear_pointer (&label, g_free);
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Rename “C” to “Z”");
}

static void
test_set_text (void)
{
  g_autoptr (SwDocument) doc = document_for (three_states);
  g_autoptr (GError) error = NULL;
  g_autofree char *names = NULL;
  const char *broken = "{\n  \"StartAt\": \"A\",\n  \"States\": {,\n}\n";
  SwMachine *before = sw_document_get_machine (doc);
  guint machine_notifies = 0;

  g_signal_connect (doc, "notify::machine", G_CALLBACK (notify_count_cb), &machine_notifies);

  /* A parse error keeps the model and the text. */
  g_assert_false (sw_document_set_text (doc, broken, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "Line 3, column"));
  g_clear_error (&error);
  g_assert_cmpstr (sw_document_get_pending_text (doc), ==, broken);
  g_assert_true (sw_document_get_machine (doc) == before);
  g_assert_cmpuint (machine_notifies, ==, 0);
  g_assert_false (sw_document_can_undo (doc));
  g_assert_true (sw_document_get_modified (doc));

  /* The same text as the model changes nothing but clears the pending text. */
  g_assert_true (sw_document_set_text (doc, three_states, &error));
  g_assert_null (sw_document_get_pending_text (doc));
  g_assert_cmpuint (machine_notifies, ==, 0);
  g_assert_false (sw_document_can_undo (doc));
  g_assert_false (sw_document_get_modified (doc));

  /* An edit before the replacement, then the replacement: both undo in turn. */
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/C"), "End", &error));
  g_assert_true (sw_document_set_text (doc,
                                       "{\"StartAt\": \"Only\", \"States\": "
                                       "{\"Only\": {\"Type\": \"Succeed\"}}}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (machine_notifies, ==, 1);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "Only");
  g_assert_false (sw_document_get_machine (doc) == before);
  {
    g_autofree char *label = sw_document_dup_undo_label (doc);
    g_assert_cmpstr (label, ==, "Undo Edit Definition");
  }

  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  g_assert_true (sw_document_get_machine (doc) == before);
  g_assert_cmpuint (machine_notifies, ==, 2);
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "A,B,End");
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "A,B,C");
  g_assert_false (sw_document_get_modified (doc));

  g_assert_true (sw_document_redo (doc, &error));
  g_assert_true (sw_document_redo (doc, &error));
  g_clear_pointer (&names, g_free);
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "Only");
  /* Edits recorded on the new machine undo on it. */
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Only"), "Alone",
                                  &error));
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sw_document_lookup_state (doc, "/States/Only"));
}

static void
test_selection (void)
{
  g_autoptr (SwDocument) doc = document_for (nested);
  g_autoptr (GError) error = NULL;
  const char *both[] = { "/States/Fan", "/States/Each/ItemProcessor/States/Item",
                         "/States/Fan", NULL };
  const char * const *selection;
  SwState *state;
  guint changes = 0;

  g_signal_connect (doc, "selection-changed", G_CALLBACK (count_cb), &changes);

  g_assert_cmpuint (g_strv_length ((GStrv) sw_document_get_selection (doc)), ==, 0);
  g_assert_null (sw_document_get_selected_state (doc));

  state = sw_document_lookup_state (doc, "/States/Fan/Branches/1/States/a~1b");
  g_assert_nonnull (state);
  g_assert_cmpstr (sw_state_get_name (state), ==, "a/b");
  g_assert_null (sw_document_lookup_state (doc, "/States/Fan/Branches/2/States/X"));
  g_assert_null (sw_document_lookup_state (doc, "/States/X"));
  g_assert_null (sw_document_lookup_state (doc, "/States/Fan/Branches/x/States/X"));
  g_assert_null (sw_document_lookup_state (doc, ""));
  state = sw_document_lookup_state (doc, "/States/Fan/Branches/0/States/X");
  g_assert_nonnull (state);
  {
    g_autofree char *pointer = sw_state_dup_pointer (state);
    g_assert_cmpstr (pointer, ==, "/States/Fan/Branches/0/States/X");
  }

  sw_document_select_one (doc, "/States/Each/ItemProcessor/States/Item");
  g_assert_cmpuint (changes, ==, 1);
  state = sw_document_get_selected_state (doc);
  g_assert_nonnull (state);
  g_assert_cmpstr (sw_state_get_name (state), ==, "Item");
  sw_document_select_one (doc, "/States/Each/ItemProcessor/States/Item");
  g_assert_cmpuint (changes, ==, 1);

  sw_document_set_selection (doc, both);
  g_assert_cmpuint (changes, ==, 2);
  selection = sw_document_get_selection (doc);
  g_assert_cmpuint (g_strv_length ((GStrv) selection), ==, 2);
  g_assert_true (sw_document_is_selected (doc, "/States/Fan"));
  g_assert_false (sw_document_is_selected (doc, "/States/Each"));
  g_assert_null (sw_document_get_selected_state (doc));

  /* A rename moves the pointers of the state and of what it holds. */
  sw_document_set_selection (doc, (const char *[]) { "/States/Each",
                                                     "/States/Each/ItemProcessor/States/Item",
                                                     NULL });
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Each"), "ForEach",
                                  &error));
  g_assert_no_error (error);
  selection = sw_document_get_selection (doc);
  g_assert_cmpstr (selection[0], ==, "/States/ForEach");
  g_assert_cmpstr (selection[1], ==, "/States/ForEach/ItemProcessor/States/Item");
  g_assert_null (selection[2]);

  /* A removed state leaves the selection. */
  g_assert_true (sw_state_remove (sw_document_lookup_state (doc, "/States/ForEach"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((GStrv) sw_document_get_selection (doc)), ==, 0);
}

static void
diagnostics_cb (SwDocument *doc,
                gboolean   *done)
{
  *done = TRUE;
}

static void
test_diagnostics (void)
{
  g_autoptr (SwDocument) doc = document_for (three_states);
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;
  GPtrArray *diagnostics;
  SwDiagnostic *diagnostic;
  SwState *a = sw_document_lookup_state (doc, "/States/A");

  g_signal_connect (doc, "diagnostics-changed", G_CALLBACK (diagnostics_cb), &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, 0);

  /* A Wait state without a duration. */
  done = FALSE;
  g_assert_true (sw_state_set_field (a, "Type", sw_value_new_string ("Wait"), &error));
  g_assert_no_error (error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  diagnostics = sw_document_get_diagnostics (doc);
  g_assert_cmpuint (diagnostics->len, >=, 1);
  diagnostic = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpint (diagnostic->severity, ==, SW_SEVERITY_ERROR);
  g_assert_true (g_str_has_prefix (diagnostic->pointer, "/States/A"));
  g_assert_cmpuint (diagnostic->line, ==, 4);

  /* Undo: the diagnostics follow at once when asked for. */
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, 0);
}

static char *
temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sw-document-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_load_save (void)
{
  g_autoptr (SwDocument) doc = sw_document_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *json_path = g_build_filename (dir, "flow.asl.json", NULL);
  g_autofree char *yaml_path = g_build_filename (dir, "flow.asl.yaml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr (GFile) yaml_file = g_file_new_for_path (yaml_path);
  g_autoptr (GAsyncResult) result = NULL;
  SwMachine *old_machine = sw_document_get_machine (doc);

  /* Authored out of canonical form: two spaces of extra indentation, one line. */
  g_assert_true (g_file_set_contents (json_path,
                                      "{\"StartAt\":\"A\",\"States\":{\"A\":"
                                      "{\"Type\":\"Pass\",\"Next\":\"B\"},"
                                      "\"B\":{\"Type\":\"Succeed\"}}}", -1, &error));
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/Start"), "S", &error));
  g_assert_true (sw_document_can_undo (doc));

  sw_document_load_async (doc, json_file, NULL, async_cb, &result);
  g_assert_true (sw_document_load_finish (doc, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (sw_document_get_machine (doc) == old_machine);
  g_assert_true (g_file_equal (sw_document_get_file (doc), json_file));
  g_assert_cmpstr (sw_document_get_title (doc), ==, "flow.asl.json");
  g_assert_cmpint (sw_document_get_format (doc), ==, SW_DEFINITION_FORMAT_JSON);
  g_assert_false (sw_document_get_modified (doc));
  g_assert_false (sw_document_can_undo (doc));
  g_assert_cmpuint (sw_machine_get_n_states (sw_document_get_machine (doc)), ==, 2);

  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/B"), "Done", &error));
  g_assert_true (sw_document_get_modified (doc));
  sw_document_save_async (doc, NULL, SW_DEFINITION_FORMAT_JSON, NULL, async_cb, &result);
  g_assert_true (sw_document_save_finish (doc, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (sw_document_get_modified (doc));

  g_assert_true (g_file_get_contents (json_path, &contents, NULL, &error));
  expected = g_strdup ("{\n"
                       "  \"StartAt\": \"A\",\n"
                       "  \"States\": {\n"
                       "    \"A\": {\n"
                       "      \"Type\": \"Pass\",\n"
                       "      \"Next\": \"Done\"\n"
                       "    },\n"
                       "    \"Done\": {\n"
                       "      \"Type\": \"Succeed\"\n"
                       "    }\n"
                       "  }\n"
                       "}\n");
  g_assert_cmpstr (contents, ==, expected);

  /* Undo after the save is a modification again; redo gets back to the saved point. */
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_true (sw_document_get_modified (doc));
  g_assert_true (sw_document_redo (doc, &error));
  g_assert_false (sw_document_get_modified (doc));

  /* Save as YAML: the file and format follow, and the YAML loads back the same. */
  sw_document_save_async (doc, yaml_file, SW_DEFINITION_FORMAT_YAML, NULL, async_cb, &result);
  g_assert_true (sw_document_save_finish (doc, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (sw_document_get_format (doc), ==, SW_DEFINITION_FORMAT_YAML);
  g_assert_cmpstr (sw_document_get_title (doc), ==, "flow.asl.yaml");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (yaml_path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "Done"));
  g_assert_null (strchr (contents, '{'));

  {
    g_autoptr (SwDocument) again = sw_document_new ();
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    sw_document_load_async (again, yaml_file, NULL, async_cb, &result);
    g_assert_true (sw_document_load_finish (again, wait_result (&result), &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_cmpint (sw_document_get_format (again), ==, SW_DEFINITION_FORMAT_YAML);
    a = sw_document_serialize (again, SW_DEFINITION_FORMAT_JSON);
    g_assert_cmpstr (a, ==, expected);
    b = sw_document_serialize (doc, SW_DEFINITION_FORMAT_YAML);
    g_assert_cmpstr (b, ==, contents);
  }

  g_unlink (json_path);
  g_unlink (yaml_path);
  g_rmdir (dir);
}

static void
test_load_errors (void)
{
  g_autoptr (SwDocument) doc = sw_document_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *broken_path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "tests", "ui",
                                                   "data", "broken.asl.json", NULL);
  g_autoptr (GFile) broken = g_file_new_for_path (broken_path);
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/sw-document/x.asl.json");
  SwMachine *machine = sw_document_get_machine (doc);

  sw_document_load_async (doc, broken, NULL, async_cb, &result);
  g_assert_false (sw_document_load_finish (doc, wait_result (&result), &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "broken.asl.json:6:"));
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (sw_document_get_machine (doc) == machine);
  g_assert_null (sw_document_get_file (doc));

  sw_document_load_async (doc, missing, NULL, async_cb, &result);
  g_assert_false (sw_document_load_finish (doc, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  sw_document_save_async (doc, NULL, SW_DEFINITION_FORMAT_JSON, NULL, async_cb, &result);
  g_assert_false (sw_document_save_finish (doc, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
}

static void
test_state_pointer_for (void)
{
  g_autoptr (SwDocument) doc = document_for (nested);
  g_autofree char *a =
    sw_document_dup_state_pointer_for (doc, "/States/Fan/Branches/1/States/a~1b/Type");
  g_autofree char *b = sw_document_dup_state_pointer_for (doc, "/States/Each/ItemProcessor");
  g_autofree char *c = sw_document_dup_state_pointer_for (doc, "/StartAt");
  g_autofree char *d =
    sw_document_dup_state_pointer_for (doc, "/States/Each/ItemProcessor/States/Item");

  g_assert_cmpstr (a, ==, "/States/Fan/Branches/1/States/a~1b");
  g_assert_cmpstr (b, ==, "/States/Each");
  g_assert_null (c);
  g_assert_cmpstr (d, ==, "/States/Each/ItemProcessor/States/Item");
}

static void
test_restore_draft (void)
{
  g_autoptr (SwDocument) doc = sw_document_new ();
  g_autoptr (GFile) file = g_file_new_for_path ("/tmp/elsewhere/draft.asl.json");
  g_autofree char *names = NULL;
  SwMachine *machine;

  sw_document_restore_draft (doc, file, SW_DEFINITION_FORMAT_JSON, three_states);
  g_assert_true (sw_document_get_modified (doc));
  g_assert_true (g_file_equal (sw_document_get_file (doc), file));
  g_assert_cmpstr (sw_document_get_title (doc), ==, "draft.asl.json");
  names = state_names (doc);
  g_assert_cmpstr (names, ==, "A,B,C");
  g_assert_false (sw_document_can_undo (doc));
  g_assert_null (sw_document_get_pending_text (doc));

  /* A draft that did not parse comes back as the pending text. */
  machine = sw_document_get_machine (doc);
  sw_document_restore_draft (doc, NULL, SW_DEFINITION_FORMAT_JSON, "{ \"StartAt\": ");
  g_assert_true (sw_document_get_machine (doc) == machine);
  g_assert_cmpstr (sw_document_get_pending_text (doc), ==, "{ \"StartAt\": ");
  g_assert_null (sw_document_get_file (doc));
  g_assert_cmpstr (sw_document_get_title (doc), ==, "Untitled workflow");
  g_assert_true (sw_document_get_modified (doc));
}

static void
test_layout_sidecar (void)
{
  g_autoptr (SwDocument) doc = sw_document_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "flow.asl.json", NULL);
  g_autofree char *sidecar = g_build_filename (dir, "flow.layout.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  SwLayoutPositions *positions;
  double x = 0, y = 0;

  g_assert_true (g_file_set_contents (path, three_states, -1, &error));
  sw_document_load_async (doc, file, NULL, async_cb, &result);
  g_assert_true (sw_document_load_finish (doc, wait_result (&result), &error));
  g_clear_object (&result);
  positions = sw_document_get_positions (doc);
  g_assert_nonnull (positions);
  g_assert_cmpuint (sw_layout_positions_get_size (positions), ==, 0);

  /* No sidecar is written while nothing was placed by hand. */
  sw_document_save_async (doc, NULL, SW_DEFINITION_FORMAT_JSON, NULL, async_cb, &result);
  g_assert_true (sw_document_save_finish (doc, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_false (g_file_test (sidecar, G_FILE_TEST_EXISTS));

  /* Positions follow renames, then go beside the file. */
  sw_layout_positions_set (positions, "B", 120, 240);
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/B"), "Beta", &error));
  g_assert_true (sw_layout_positions_lookup (positions, "Beta", &x, &y));
  g_assert_cmpfloat (x, ==, 120);
  g_assert_cmpfloat (y, ==, 240);
  g_assert_false (sw_layout_positions_lookup (positions, "B", NULL, NULL));
  sw_document_save_async (doc, NULL, SW_DEFINITION_FORMAT_JSON, NULL, async_cb, &result);
  g_assert_true (sw_document_save_finish (doc, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_EXISTS));

  /* And come back with the file. */
  {
    g_autoptr (SwDocument) again = sw_document_new ();

    sw_document_load_async (again, file, NULL, async_cb, &result);
    g_assert_true (sw_document_load_finish (again, wait_result (&result), &error));
    g_clear_object (&result);
    g_assert_true (sw_layout_positions_lookup (sw_document_get_positions (again), "Beta",
                                               &x, &y));
    g_assert_cmpfloat (x, ==, 120);
  }

  /* Removing the state drops its position. */
  g_assert_true (sw_state_remove (sw_document_lookup_state (doc, "/States/Beta"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_layout_positions_get_size (positions), ==, 0);

  g_unlink (sidecar);
  g_unlink (path);
  g_rmdir (dir);
}

/* A load reads and parses in a thread; cancelling it leaves the document as it was. */
static void
test_load_cancel (void)
{
  g_autoptr (SwDocument) doc = sw_document_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "c.asl.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  SwMachine *machine = sw_document_get_machine (doc);
  guint notified = 0;

  g_assert_true (g_file_set_contents (path, three_states, -1, &error));
  g_signal_connect (doc, "notify::machine", G_CALLBACK (notify_count_cb), &notified);

  /* cancelled at once: the thread may have finished, the result is not applied */
  sw_document_load_async (doc, file, cancellable, async_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (sw_document_load_finish (doc, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (sw_document_get_machine (doc) == machine);
  g_assert_null (sw_document_get_file (doc));
  g_assert_cmpuint (notified, ==, 0);

  /* and a load that runs to its end notifies the new machine once */
  sw_document_load_async (doc, file, NULL, async_cb, &result);
  g_assert_true (sw_document_load_finish (doc, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (sw_document_lookup_state (doc, "/States/C"));

  g_unlink (path);
  g_rmdir (dir);
}

/* Placing states by hand is an undoable step that marks the document modified. */
static void
test_place_undo (void)
{
  g_autoptr (SwDocument) doc = document_for (three_states);
  SwLayoutPositions *positions = sw_document_get_positions (doc);
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  guint changed = 0;
  double x = 0, y = 0;

  g_signal_connect (doc, "positions-changed", G_CALLBACK (count_cb), &changed);
  sw_layout_positions_set (positions, "A", 10, 20);

  /* one drag of two states: one step */
  sw_document_begin_group (doc, "Move States");
  g_assert_true (sw_document_set_position (doc, "A", 110, 120));
  g_assert_true (sw_document_set_position (doc, "B", 300, 400));
  sw_document_end_group (doc);
  g_assert_true (sw_document_get_modified (doc));
  g_assert_true (sw_document_can_undo (doc));
  g_assert_cmpuint (changed, ==, 2);
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Move States");
  /* the same place again changes nothing and records nothing */
  g_assert_false (sw_document_set_position (doc, "B", 300, 400));

  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  g_assert_false (sw_document_get_modified (doc));
  g_assert_false (sw_document_can_undo (doc));
  g_assert_true (sw_layout_positions_lookup (positions, "A", &x, &y));
  g_assert_cmpfloat (x, ==, 10);
  g_assert_cmpfloat (y, ==, 20);
  /* B had no manual position before */
  g_assert_false (sw_layout_positions_lookup (positions, "B", NULL, NULL));
  g_assert_cmpuint (changed, >=, 3);

  g_assert_true (sw_document_redo (doc, &error));
  g_assert_true (sw_document_get_modified (doc));
  g_assert_true (sw_layout_positions_lookup (positions, "A", &x, &y));
  g_assert_cmpfloat (x, ==, 110);
  g_assert_cmpfloat (y, ==, 120);
  g_assert_true (sw_layout_positions_lookup (positions, "B", &x, &y));
  g_assert_cmpfloat (x, ==, 300);
  g_assert_cmpfloat (y, ==, 400);

  /* a single placement outside a group is a step of its own */
  g_clear_pointer (&label, g_free);
  g_assert_true (sw_document_set_position (doc, "C", 5, 6));
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Move State");
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_false (sw_layout_positions_lookup (positions, "C", NULL, NULL));
  g_assert_true (sw_layout_positions_lookup (positions, "A", &x, NULL));
  g_assert_cmpfloat (x, ==, 110);
}

/* Deleting a placed state records its position (and those of the states inside it) in the
 * same step: undo brings them back where they were, redo drops them again. */
static void
test_remove_undo_position (void)
{
  g_autoptr (SwDocument) doc = document_for (three_states);
  g_autoptr (SwDocument) fan = document_for (nested);
  SwLayoutPositions *positions = sw_document_get_positions (doc);
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  double x = 0, y = 0;

  g_assert_true (sw_document_set_position (doc, "B", 140, 260));
  g_assert_true (sw_document_set_position (doc, "C", 30, 500));
  g_assert_true (sw_state_remove (sw_document_lookup_state (doc, "/States/B"), &error));
  g_assert_no_error (error);
  g_assert_false (sw_layout_positions_lookup (positions, "B", NULL, NULL));
  /* one step, named after the removal */
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, !=, "Undo Move State");
  g_assert_true (g_str_has_prefix (label, "Undo "));

  g_assert_true (sw_document_undo (doc, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sw_document_lookup_state (doc, "/States/B"));
  g_assert_true (sw_layout_positions_lookup (positions, "B", &x, &y));
  g_assert_cmpfloat (x, ==, 140);
  g_assert_cmpfloat (y, ==, 260);
  /* the placement before it is still the step below */
  g_clear_pointer (&label, g_free);
  label = sw_document_dup_undo_label (doc);
  g_assert_cmpstr (label, ==, "Undo Move State");

  g_assert_true (sw_document_redo (doc, &error));
  g_assert_null (sw_document_lookup_state (doc, "/States/B"));
  g_assert_false (sw_layout_positions_lookup (positions, "B", NULL, NULL));
  g_assert_true (sw_document_undo (doc, &error));
  g_assert_true (sw_layout_positions_lookup (positions, "B", &x, &y));
  g_assert_cmpfloat (x, ==, 140);
  g_assert_true (sw_layout_positions_lookup (positions, "C", &x, &y));
  g_assert_cmpfloat (y, ==, 500);

  /* inside a group (the canvas's Delete and Cut) with a container: its states' positions go
   * and come back with it; a state without a position records nothing */
  positions = sw_document_get_positions (fan);
  g_assert_true (sw_document_set_position (fan, "Fan", 10, 20));
  g_assert_true (sw_document_set_position (fan, "a/b", 70, 80));
  g_assert_true (sw_document_set_position (fan, "Item", 90, 100));
  sw_document_begin_group (fan, "Delete States");
  g_assert_true (sw_state_remove (sw_document_lookup_state (fan, "/States/Fan"), &error));
  g_assert_true (sw_state_remove (sw_document_lookup_state (fan, "/States/Each"), &error));
  sw_document_end_group (fan);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_layout_positions_get_size (positions), ==, 0);
  g_assert_true (sw_document_undo (fan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_layout_positions_get_size (positions), ==, 3);
  g_assert_true (sw_layout_positions_lookup (positions, "a/b", &x, &y));
  g_assert_cmpfloat (x, ==, 70);
  g_assert_cmpfloat (y, ==, 80);
  g_assert_true (sw_layout_positions_lookup (positions, "Item", &x, &y));
  g_assert_cmpfloat (x, ==, 90);
  g_assert_false (sw_layout_positions_lookup (positions, "X", NULL, NULL));
  g_clear_pointer (&label, g_free);
  label = sw_document_dup_undo_label (fan);
  g_assert_cmpstr (label, ==, "Undo Move State");
}

static void
test_external_diagnostics (void)
{
  g_autoptr (SwDocument) doc = NULL;
  g_autoptr (GPtrArray) service = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *diagnostics;
  const SwDiagnostic *found = NULL;
  guint local, changed = 0;

  doc = document_for (three_states);
  local = sw_document_get_diagnostics (doc)->len;
  g_signal_connect (doc, "diagnostics-changed", G_CALLBACK (count_cb), &changed);

  /* CreateStateMachine's InvalidDefinition: no pointer, the message names the place */
  service = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_diagnostic_free);
  g_ptr_array_add (service, sw_diagnostic_new (SW_SEVERITY_ERROR, "SCHEMA_VALIDATION_FAILED",
                                               0, 0, NULL,
                                               "Invalid State Machine Definition: "
                                               "'SCHEMA_VALIDATION_FAILED: Value is not "
                                               "valid at /States/B/Type'"));
  sw_document_set_external_diagnostics (doc, "AWS", service);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (sw_document_get_external_source (doc), ==, "AWS");
  diagnostics = sw_document_get_diagnostics (doc);
  g_assert_cmpuint (diagnostics->len, ==, local + 1);
  for (guint i = 0; i < diagnostics->len; i++)
    if (g_strcmp0 (((SwDiagnostic *) diagnostics->pdata[i])->code,
                   "SCHEMA_VALIDATION_FAILED") == 0)
      found = diagnostics->pdata[i];
  g_assert_nonnull (found);
  g_assert_cmpstr (found->pointer, ==, "/States/B/Type");
  g_assert_true (g_str_has_prefix (found->message, "AWS: Invalid State Machine"));
  /* line 5 of three_states: "B": { "Type": "Pass" … }, the value of Type */
  g_assert_cmpuint (found->line, ==, 5);
  g_assert_cmpuint (found->column, >, 1);
  {
    g_autofree char *state = sw_document_dup_state_pointer_for (doc, found->pointer);

    g_assert_cmpstr (state, ==, "/States/B");
  }

  /* moving a state keeps them: the definition the service judged did not change */
  g_assert_true (sw_document_set_position (doc, "A", 50, 60));
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, local + 1);

  /* the next edit of the definition clears them */
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/C"), "Done", &error));
  g_assert_no_error (error);
  g_assert_null (sw_document_get_external_source (doc));
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, local);

  /* and so does a call without diagnostics (a new deploy) */
  sw_document_set_external_diagnostics (doc, "AWS", service);
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, local + 1);
  sw_document_set_external_diagnostics (doc, NULL, NULL);
  g_assert_cmpuint (sw_document_get_diagnostics (doc)->len, ==, local);
}

static void
test_finalize (void)
{
  SwDocument *doc = document_for (nested);
  g_autoptr (GError) error = NULL;
  gpointer weak_doc = doc;
  gpointer weak_machine = sw_document_get_machine (doc);

  g_object_add_weak_pointer (G_OBJECT (doc), &weak_doc);
  g_object_add_weak_pointer (weak_machine, &weak_machine);
  g_assert_true (sw_document_set_text (doc, three_states, &error));
  g_assert_true (sw_state_rename (sw_document_lookup_state (doc, "/States/A"), "Q", &error));
  /* The old machine lives on in the history. */
  g_assert_nonnull (weak_machine);
  g_object_unref (doc);
  g_assert_null (weak_doc);
  g_assert_null (weak_machine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/document/new", test_new);
  g_test_add_func ("/ui/document/undo-redo", test_undo_redo);
  g_test_add_func ("/ui/document/groups", test_groups);
  g_test_add_func ("/ui/document/set-text", test_set_text);
  g_test_add_func ("/ui/document/selection", test_selection);
  g_test_add_func ("/ui/document/diagnostics", test_diagnostics);
  g_test_add_func ("/ui/document/load-save", test_load_save);
  g_test_add_func ("/ui/document/load-errors", test_load_errors);
  g_test_add_func ("/ui/document/state-pointer-for", test_state_pointer_for);
  g_test_add_func ("/ui/document/restore-draft", test_restore_draft);
  g_test_add_func ("/ui/document/layout-sidecar", test_layout_sidecar);
  g_test_add_func ("/ui/document/load-cancel", test_load_cancel);
  g_test_add_func ("/ui/document/place-undo", test_place_undo);
  g_test_add_func ("/ui/document/remove-undo-position", test_remove_undo_position);
  g_test_add_func ("/ui/document/external-diagnostics", test_external_diagnostics);
  g_test_add_func ("/ui/document/finalize", test_finalize);

  return g_test_run ();
}
