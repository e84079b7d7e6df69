/* test-inspector.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The inspector bound to a document: renames, Parameters through the JSON editor, invalid
 * input shown inline without touching the model, undo, Retry/Catch lists, the Choice rule
 * builder, machine fields, refresh after outside changes, and screenshots (saved next to this
 * program as inspector-*.png). */

#include <adwaita.h>

#include "sw-definition.h"
#include "sw-document.h"
#include "sw-inspector-private.h"
#include "sw-json-editor.h"
#include "sw-json.h"
#include "sw-test-ui.h"
#include "sw-validator.h"

typedef struct
{
  SwDocument *doc;
  GtkWidget  *window;
  SwInspector *inspector;
} Fixture;

static const char choice_machine[] =
  "{\"Comment\": \"Choice test\", \"StartAt\": \"Check\", \"States\": {"
  "\"Check\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.status\","
  " \"StringEquals\": \"ready\", \"Next\": \"Done\"}], \"Default\": \"Pause\"},"
  "\"Pause\": {\"Type\": \"Wait\", \"Seconds\": 5, \"Next\": \"Check\"},"
  "\"Done\": {\"Type\": \"Succeed\"}}}";

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr (SwValue) value = NULL;

  if (data != NULL)
    value = sw_json_parse (data, -1, NULL, NULL, NULL);
  else
    {
      g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                                "mnist-pipeline.asl.json", NULL);
      g_autoptr (SwDiagnostic) diagnostic = NULL;
      g_autoptr (GError) error = NULL;

      value = sw_definition_load_file (path, &diagnostic, &error);
      g_assert_no_error (error);
    }
  g_assert_nonnull (value);
  fixture->doc = sw_document_new_for_value (value);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 1000);
  fixture->inspector = SW_INSPECTOR (sw_inspector_new (fixture->doc));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->inspector));
  gtk_window_present (GTK_WINDOW (fixture->window));
  sw_test_ui_iterate (5);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  gpointer inspector = fixture->inspector;
  gpointer doc = fixture->doc;

  g_object_add_weak_pointer (G_OBJECT (inspector), &inspector);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  for (guint i = 0; inspector != NULL && i < 100; i++)
    sw_test_ui_iterate (5);
  g_assert_null (inspector);

  g_object_add_weak_pointer (G_OBJECT (doc), &doc);
  g_object_unref (fixture->doc);
  sw_test_ui_iterate (5);
  g_assert_null (doc);
}

static void
select_state (Fixture    *fixture,
              const char *pointer)
{
  sw_document_select_one (fixture->doc, pointer);
  sw_test_ui_iterate (5);
}

static SwField *
field (Fixture    *fixture,
       const char *pointer)
{
  SwField *result = _sw_inspector_get_field (fixture->inspector, pointer);

  if (result == NULL)
    g_error ("No field %s", pointer);
  return result;
}

static const char *
entry_text (Fixture    *fixture,
            const char *pointer)
{
  return gtk_editable_get_text (GTK_EDITABLE (field (fixture, pointer)->widget));
}

static guint
selected (Fixture    *fixture,
          const char *pointer)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (field (fixture, pointer)->widget));
}

/* The text of a string or number member of @object. */
static const char *
text_of (SwValue    *object,
         const char *key)
{
  SwValue *value = sw_value_object_get (object, key);

  g_assert_nonnull (value);
  return sw_value_is_number (value) ? sw_value_get_number_lexeme (value)
                                    : sw_value_get_string (value);
}

/* Types into an entry field and presses Enter. */
static void
type_and_activate (Fixture    *fixture,
                   const char *pointer,
                   const char *text)
{
  SwField *f = field (fixture, pointer);

  g_assert_true (GTK_IS_ENTRY (f->widget));
  gtk_editable_set_text (GTK_EDITABLE (f->widget), text);
  g_signal_emit_by_name (f->widget, "activate");
  sw_test_ui_iterate (5);
}

static void
choose (Fixture    *fixture,
        const char *pointer,
        guint       position)
{
  SwField *f = field (fixture, pointer);

  g_assert_true (GTK_IS_DROP_DOWN (f->widget));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (f->widget), position);
  sw_test_ui_iterate (5);
}

/* Chooses a state by name in a state dropdown. */
static void
choose_state (Fixture    *fixture,
              const char *pointer,
              const char *name)
{
  SwField *f = field (fixture, pointer);

  g_assert_nonnull (f->choices);
  for (guint i = 0; f->choices[i] != NULL; i++)
    if (g_strcmp0 (f->choices[i], name) == 0)
      {
        choose (fixture, pointer, i);
        return;
      }
  g_error ("No state %s in %s", name, pointer);
}

static const char *
error_of (Fixture    *fixture,
          const char *pointer)
{
  SwField *f = field (fixture, pointer);

  return gtk_widget_get_visible (f->error_label) ? gtk_label_get_text (GTK_LABEL (f->error_label))
                                                 : NULL;
}

static SwState *
state (Fixture    *fixture,
       const char *name)
{
  return sw_machine_lookup_state (sw_document_get_machine (fixture->doc), name);
}

static void
action (Fixture    *fixture,
        const char *name,
        GVariant   *parameter)
{
  g_autoptr (GVariant) owned = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->inspector), name,
                                                     owned));
  sw_test_ui_iterate (5);
}

static void
undo (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sw_document_undo (fixture->doc, &error));
  g_assert_no_error (error);
  sw_test_ui_iterate (5);
}

/* Tests ------------------------------------------------------------------------------------ */

static void
test_machine_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  SwMachine *machine = sw_document_get_machine (fixture->doc);

  g_assert_cmpstr (_sw_inspector_get_visible_page (fixture->inspector), ==, "machine");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "/Comment")->widget)), ==,
                   sw_machine_get_comment (machine));

  type_and_activate (fixture, "/Comment", "Train and serve MNIST");
  g_assert_cmpstr (sw_machine_get_comment (sw_document_get_machine (fixture->doc)), ==,
                   "Train and serve MNIST");

  type_and_activate (fixture, "/TimeoutSeconds", "soon");
  g_assert_nonnull (error_of (fixture, "/TimeoutSeconds"));
  g_assert_null (sw_machine_get_field (sw_document_get_machine (fixture->doc), "TimeoutSeconds"));
  type_and_activate (fixture, "/TimeoutSeconds", "7200");
  g_assert_null (error_of (fixture, "/TimeoutSeconds"));
  g_assert_cmpstr (text_of (sw_machine_get_value (sw_document_get_machine (fixture->doc)),
                            "TimeoutSeconds"), ==, "7200");

  type_and_activate (fixture, "/Version", "1.0");
  g_assert_cmpstr (text_of (sw_machine_get_value (sw_document_get_machine (fixture->doc)),
                            "Version"), ==, "1.0");

  choose (fixture, "/QueryLanguage", 2);
  g_assert_cmpstr (sw_machine_get_query_language (sw_document_get_machine (fixture->doc)), ==,
                   "JSONata");
  choose_state (fixture, "/StartAt", "CreateModel");
  g_assert_cmpstr (sw_machine_get_start_at (sw_document_get_machine (fixture->doc)), ==,
                   "CreateModel");

  /* One undo step per gesture, in reverse. */
  undo (fixture);
  g_assert_cmpstr (sw_machine_get_start_at (sw_document_get_machine (fixture->doc)), ==,
                   "CreateTrainingJob");
  undo (fixture);
  g_assert_cmpstr (sw_machine_get_query_language (sw_document_get_machine (fixture->doc)), ==,
                   "JSONPath");
  undo (fixture);
  undo (fixture);
  g_assert_null (sw_machine_get_field (sw_document_get_machine (fixture->doc), "TimeoutSeconds"));
  /* The field shows the model after an outside change. */
  g_assert_cmpstr (entry_text (fixture, "/TimeoutSeconds"), ==, "");
  undo (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "/Comment")->widget)), ==,
                   sw_machine_get_comment (sw_document_get_machine (fixture->doc)));
  g_assert_true (g_str_has_prefix (sw_machine_get_comment (sw_document_get_machine (fixture->doc)),
                                   "Train the PyTorch MNIST example"));
  g_assert_false (sw_document_can_undo (fixture->doc));
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  select_state (fixture, "/States/CreateModel");
  g_assert_cmpstr (_sw_inspector_get_visible_page (fixture->inspector), ==, "configuration");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "#name")->widget)), ==,
                   "CreateModel");

  /* Invalid names are shown and leave the model alone. */
  type_and_activate (fixture, "#name", "CreateEndpoint");
  g_assert_nonnull (error_of (fixture, "#name"));
  g_assert_nonnull (state (fixture, "CreateModel"));
  type_and_activate (fixture, "#name", "   ");
  g_assert_nonnull (error_of (fixture, "#name"));
  g_assert_false (sw_document_can_undo (fixture->doc));

  type_and_activate (fixture, "#name", "RegisterModel");
  g_assert_null (state (fixture, "CreateModel"));
  g_assert_nonnull (state (fixture, "RegisterModel"));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "CreateTrainingJob")), ==, "RegisterModel");
  /* The inspector follows the renamed state. */
  g_assert_true (sw_document_get_selected_state (fixture->doc) == state (fixture, "RegisterModel"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "#name")->widget)), ==,
                   "RegisterModel");
  g_assert_null (error_of (fixture, "#name"));

  undo (fixture);
  g_assert_nonnull (state (fixture, "CreateModel"));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "CreateTrainingJob")), ==, "CreateModel");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "#name")->widget)), ==,
                   "CreateModel");
}

static void
test_parameters (Fixture       *fixture,
                 gconstpointer  data)
{
  SwJsonEditor *editor;
  g_autoptr (SwValue) original = NULL;
  g_autoptr (SwValue) expected = NULL;

  select_state (fixture, "/States/CreateEndpoint");
  original = sw_value_copy (sw_state_get_field (state (fixture, "CreateEndpoint"), "Parameters"));
  editor = SW_JSON_EDITOR (field (fixture, "/Parameters")->widget);
  {
    g_autofree char *text = sw_json_editor_dup_text (editor);
    g_assert_true (g_str_has_prefix (text, "{\n  \"EndpointName.$\""));
  }

  /* Typing is checked at once but changes nothing until the gesture ends. */
  sw_json_editor_set_text (editor, "{\"EndpointName\": \"mnist\", }");
  g_assert_nonnull (sw_json_editor_get_error (editor));
  g_assert_true (g_str_has_prefix (sw_json_editor_get_error (editor), "Line 1, column "));
  g_assert_false (sw_json_editor_commit (editor));
  sw_test_ui_iterate (5);
  g_assert_true (sw_value_equal (sw_state_get_field (state (fixture, "CreateEndpoint"),
                                                     "Parameters"), original));
  g_assert_false (sw_document_can_undo (fixture->doc));

  sw_json_editor_set_text (editor, "{\"EndpointName\": \"mnist\",");
  sw_json_editor_set_text (editor,
                           "{\"EndpointName\": \"mnist\",\n \"EndpointConfigName\": \"c\"}");
  g_assert_null (sw_json_editor_get_error (editor));
  g_assert_true (sw_json_editor_commit (editor));
  sw_test_ui_iterate (5);
  expected = sw_json_parse ("{\"EndpointName\": \"mnist\", \"EndpointConfigName\": \"c\"}", -1,
                            NULL, NULL, NULL);
  g_assert_true (sw_value_equal (sw_state_get_field (state (fixture, "CreateEndpoint"),
                                                     "Parameters"), expected));

  /* One step for the whole gesture. */
  undo (fixture);
  g_assert_true (sw_value_equal (sw_state_get_field (state (fixture, "CreateEndpoint"),
                                                     "Parameters"), original));
  g_assert_false (sw_document_can_undo (fixture->doc));
  {
    g_autofree char *text = sw_json_editor_dup_text (editor);
    g_assert_true (g_str_has_prefix (text, "{\n  \"EndpointName.$\""));
  }

  /* JSONata expressions are checked inside strings, with their place. */
  sw_json_editor_set_text (editor, "{\n  \"A\": \"{% $states.input. %}\"\n}");
  g_assert_nonnull (sw_json_editor_get_error (editor));
  g_assert_true (g_str_has_prefix (sw_json_editor_get_error (editor), "Line 2, column "));
  g_assert_false (sw_json_editor_commit (editor));
  sw_json_editor_set_text (editor, "{\n  \"A\": \"{% $states.input.x %}\"\n}");
  g_assert_null (sw_json_editor_get_error (editor));
}

static void
test_resource_pattern (Fixture       *fixture,
                       gconstpointer  data)
{
  select_state (fixture, "/States/CreateTrainingJob");
  g_assert_cmpuint (selected (fixture, "/Resource#pattern"), ==, 1);
  choose (fixture, "/Resource#pattern", 0);
  g_assert_cmpstr (sw_state_get_resource (state (fixture, "CreateTrainingJob")), ==,
                   "arn:aws:states:::sagemaker:createTrainingJob");
  choose (fixture, "/Resource#pattern", 2);
  g_assert_cmpstr (sw_state_get_resource (state (fixture, "CreateTrainingJob")), ==,
                   "arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken");
  undo (fixture);
  undo (fixture);
  g_assert_cmpstr (sw_state_get_resource (state (fixture, "CreateTrainingJob")), ==,
                   "arn:aws:states:::sagemaker:createTrainingJob.sync");
  g_assert_cmpuint (selected (fixture, "/Resource#pattern"), ==, 1);

  /* Next/End, TimeoutSeconds and Comment. */
  choose (fixture, "/Next", 0);
  g_assert_true (sw_state_get_end (state (fixture, "CreateTrainingJob")));
  g_assert_null (sw_state_get_next (state (fixture, "CreateTrainingJob")));
  choose_state (fixture, "/Next", "CreateEndpoint");
  g_assert_cmpstr (sw_state_get_next (state (fixture, "CreateTrainingJob")), ==, "CreateEndpoint");
  type_and_activate (fixture, "/TimeoutSeconds", "1.5");
  g_assert_nonnull (error_of (fixture, "/TimeoutSeconds"));
  g_assert_null (sw_state_get_field (state (fixture, "CreateTrainingJob"), "TimeoutSeconds"));
  type_and_activate (fixture, "/Comment", "");
  g_assert_null (sw_state_get_comment (state (fixture, "CreateTrainingJob")));

  /* The validator's findings about the state show under its name. */
  g_assert_cmpuint (_sw_inspector_get_n_problems (fixture->inspector), ==, 0);
  type_and_activate (fixture, "/Resource", "");
  g_assert_null (sw_state_get_resource (state (fixture, "CreateTrainingJob")));
  for (guint i = 0; i < 200 && _sw_inspector_get_n_problems (fixture->inspector) == 0; i++)
    sw_test_ui_wait_ms (10);
  g_assert_cmpuint (_sw_inspector_get_n_problems (fixture->inspector), ==, 1);
  undo (fixture);
  for (guint i = 0; i < 200 && _sw_inspector_get_n_problems (fixture->inspector) > 0; i++)
    sw_test_ui_wait_ms (10);
  g_assert_cmpuint (_sw_inspector_get_n_problems (fixture->inspector), ==, 0);
}

static void
test_retry_catch (Fixture       *fixture,
                  gconstpointer  data)
{
  SwValue *retry;
  SwValue *catchers;

  select_state (fixture, "/States/CreateEndpoint");
  action (fixture, "inspector.add-item", g_variant_new_string ("Retry"));
  retry = sw_state_get_field (state (fixture, "CreateEndpoint"), "Retry");
  g_assert_nonnull (retry);
  g_assert_cmpuint (sw_value_array_get_length (retry), ==, 1);
  g_assert_cmpstr (entry_text (fixture, "/Retry/0/ErrorEquals"), ==, "States.ALL");

  type_and_activate (fixture, "/Retry/0/MaxAttempts", "5");
  type_and_activate (fixture, "/Retry/0/ErrorEquals",
                     "States.Timeout, SageMaker.AmazonSageMakerException");
  type_and_activate (fixture, "/Retry/0/BackoffRate", "1.5");
  type_and_activate (fixture, "/Retry/0/MaxDelaySeconds", "30");
  choose (fixture, "/Retry/0/JitterStrategy", 1);
  retry = sw_value_array_get (sw_state_get_field (state (fixture, "CreateEndpoint"), "Retry"), 0);
  g_assert_cmpstr (text_of (retry, "MaxAttempts"), ==, "5");
  g_assert_cmpstr (text_of (retry, "BackoffRate"), ==, "1.5");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (retry, "JitterStrategy")), ==, "FULL");
  g_assert_cmpuint (sw_value_array_get_length (sw_value_object_get (retry, "ErrorEquals")), ==, 2);

  action (fixture, "inspector.add-item", g_variant_new_string ("Retry"));
  action (fixture, "inspector.move-item", g_variant_new ("(si)", "/Retry/1", -1));
  retry = sw_state_get_field (state (fixture, "CreateEndpoint"), "Retry");
  g_assert_cmpuint (sw_value_array_get_length (retry), ==, 2);
  g_assert_cmpstr (sw_value_get_number_lexeme (sw_value_object_get (sw_value_array_get (retry, 1),
                                                                    "MaxAttempts")), ==, "5");
  action (fixture, "inspector.remove-item", g_variant_new_string ("/Retry/0"));
  retry = sw_state_get_field (state (fixture, "CreateEndpoint"), "Retry");
  g_assert_cmpuint (sw_value_array_get_length (retry), ==, 1);
  g_assert_cmpstr (sw_value_get_number_lexeme (sw_value_object_get (sw_value_array_get (retry, 0),
                                                                    "MaxAttempts")), ==, "5");
  action (fixture, "inspector.remove-item", g_variant_new_string ("/Retry/0"));
  g_assert_null (sw_state_get_field (state (fixture, "CreateEndpoint"), "Retry"));
  g_assert_null (_sw_inspector_get_field (fixture->inspector, "/Retry/0/MaxAttempts"));

  action (fixture, "inspector.add-item", g_variant_new_string ("Catch"));
  catchers = sw_state_get_field (state (fixture, "CreateEndpoint"), "Catch");
  g_assert_cmpuint (sw_value_array_get_length (catchers), ==, 1);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_array_get (catchers, 0),
                                                             "Next")), ==, "CreateTrainingJob");
  choose_state (fixture, "/Catch/0/Next", "CreateModel");
  type_and_activate (fixture, "/Catch/0/ResultPath", "$.failure");
  catchers = sw_state_get_field (state (fixture, "CreateEndpoint"), "Catch");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_array_get (catchers, 0),
                                                             "Next")), ==, "CreateModel");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_array_get (catchers, 0),
                                                             "ResultPath")), ==, "$.failure");

  /* Undo walks back through every step to the original state. */
  while (sw_document_can_undo (fixture->doc))
    undo (fixture);
  g_assert_null (sw_state_get_field (state (fixture, "CreateEndpoint"), "Retry"));
  g_assert_null (sw_state_get_field (state (fixture, "CreateEndpoint"), "Catch"));
}

static void
test_choice_rules (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (SwValue) original =
    sw_value_copy (sw_machine_get_value (sw_document_get_machine (fixture->doc)));
  g_autoptr (SwValue) expected = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  const char * const *operators = _sw_choice_get_operators ();
  guint greater = 0;
  SwValue *rules;

  while (g_strcmp0 (operators[greater], "NumericGreaterThan") != 0)
    greater++;
  g_assert_cmpuint (g_strv_length ((GStrv) operators), ==, 39);

  select_state (fixture, "/States/Check");
  _sw_inspector_set_visible_page (fixture->inspector, "type");
  g_assert_cmpstr (entry_text (fixture, "/Choices/0/Variable"), ==, "$.status");
  g_assert_cmpstr (entry_text (fixture, "/Choices/0#value"), ==, "ready");

  type_and_activate (fixture, "/Choices/0/Variable", "$.accuracy");
  choose (fixture, "/Choices/0#operator", greater);
  type_and_activate (fixture, "/Choices/0#value", "high");
  g_assert_nonnull (error_of (fixture, "/Choices/0#value"));
  type_and_activate (fixture, "/Choices/0#value", "0.9");
  g_assert_null (error_of (fixture, "/Choices/0#value"));

  /* Nest it in an And with a second comparison, and negate that one. */
  choose (fixture, "/Choices/0#kind", 1);
  action (fixture, "inspector.add-condition", g_variant_new_string ("/Choices/0/And"));
  type_and_activate (fixture, "/Choices/0/And/1/Variable", "$.approved");
  choose (fixture, "/Choices/0/And/1#kind", 3);
  choose (fixture, "/Choices/0/And/1/Not#operator", 21 /* BooleanEquals */);
  type_and_activate (fixture, "/Choices/0/And/1/Not#value", "false");
  choose_state (fixture, "/Choices/0/Next", "Done");

  action (fixture, "inspector.add-item", g_variant_new_string ("Choices"));
  type_and_activate (fixture, "/Choices/1/Comment", "Fallback rule");
  choose (fixture, "/Default", 0);

  expected = sw_json_parse ("[{\"And\": [{\"Variable\": \"$.accuracy\","
                            " \"NumericGreaterThan\": 0.9},"
                            " {\"Not\": {\"Variable\": \"$.approved\", \"BooleanEquals\": false}}],"
                            " \"Next\": \"Done\"},"
                            " {\"Variable\": \"$.value\", \"StringEquals\": \"\","
                            " \"Next\": \"Pause\","
                            " \"Comment\": \"Fallback rule\"}]", -1, NULL, NULL, NULL);
  rules = sw_state_get_field (state (fixture, "Check"), "Choices");
  {
    g_autofree char *text = sw_json_write (rules, SW_JSON_WRITE_COMPACT, NULL);
    g_test_message ("Choices: %s", text);
  }
  g_assert_true (sw_value_equal (rules, expected));
  g_assert_null (sw_state_get_default (state (fixture, "Check")));

  /* The builder writes valid ASL. */
  diagnostics = sw_validate (sw_machine_get_value (sw_document_get_machine (fixture->doc)));
  for (guint i = 0; i < diagnostics->len; i++)
    g_test_message ("%s", ((SwDiagnostic *) g_ptr_array_index (diagnostics, i))->message);
  g_assert_cmpuint (diagnostics->len, ==, 0);

  /* Back to a comparison keeps the first one. */
  choose (fixture, "/Choices/0#kind", 0);
  rules = sw_state_get_field (state (fixture, "Check"), "Choices");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_array_get (rules, 0),
                                                             "Variable")), ==, "$.accuracy");
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_array_get (rules, 0),
                                                             "Next")), ==, "Done");

  while (sw_document_can_undo (fixture->doc))
    undo (fixture);
  g_assert_true (sw_value_equal (sw_machine_get_value (sw_document_get_machine (fixture->doc)),
                                 original));
  g_assert_cmpstr (entry_text (fixture, "/Choices/0/Variable"), ==, "$.status");
}

static void
test_jsonata_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  SwField *condition;
  SwValue *rules;

  select_state (fixture, "/States/Check");
  condition = field (fixture, "/Choices/0/Condition");
  /* Checked as it is typed, before any commit. */
  gtk_editable_set_text (GTK_EDITABLE (condition->widget), "{% $states.input.status = %}");
  g_assert_nonnull (error_of (fixture, "/Choices/0/Condition"));
  g_assert_true (g_str_has_prefix (error_of (fixture, "/Choices/0/Condition"), "Column "));
  g_signal_emit_by_name (condition->widget, "activate");
  sw_test_ui_iterate (5);
  g_assert_false (sw_document_can_undo (fixture->doc));
  type_and_activate (fixture, "/Choices/0/Condition", "{% $states.input.status = 'ok' %}");
  g_assert_null (error_of (fixture, "/Choices/0/Condition"));
  rules = sw_state_get_field (state (fixture, "Check"), "Choices");
  g_assert_cmpstr (text_of (sw_value_array_get (rules, 0), "Condition"), ==,
                   "{% $states.input.status = 'ok' %}");

  select_state (fixture, "/States/Pause");
  type_and_activate (fixture, "/Seconds", "{% $states.input.delay %}");
  g_assert_cmpstr (sw_value_get_string (sw_state_get_field (state (fixture, "Pause"), "Seconds")),
                   ==, "{% $states.input.delay %}");
  type_and_activate (fixture, "/Seconds", "30");
  g_assert_cmpstr (text_of (sw_state_get_value (state (fixture, "Pause")), "Seconds"), ==, "30");
  g_assert_null (_sw_inspector_get_field (fixture->inspector, "/SecondsPath"));
}

static void
test_outside_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  SwField *comment;

  select_state (fixture, "/States/CreateModel");
  comment = field (fixture, "/Comment");
  g_assert_true (sw_state_set_field (state (fixture, "CreateModel"), "Comment",
                                     sw_value_new_string ("Changed in the code view"), &error));
  g_assert_no_error (error);
  sw_test_ui_iterate (5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment->widget)), ==,
                   "Changed in the code view");

  /* A whole new text from the code view. */
  g_assert_true (sw_document_set_text (fixture->doc, choice_machine, &error));
  g_assert_no_error (error);
  sw_test_ui_iterate (5);
  g_assert_cmpstr (_sw_inspector_get_visible_page (fixture->inspector), ==, "machine");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "/Comment")->widget)), ==,
                   "Choice test");

  /* Several states selected. */
  {
    const char *both[] = { "/States/Check", "/States/Done", NULL };
    sw_document_set_selection (fixture->doc, both);
    sw_test_ui_iterate (5);
    g_assert_null (_sw_inspector_get_field (fixture->inspector, "/Comment"));
  }
}

static void
test_map_parallel (Fixture       *fixture,
                   gconstpointer  data)
{
  SwValue *processor;
  SwValue *branches;

  select_state (fixture, "/States/Each");
  _sw_inspector_set_visible_page (fixture->inspector, "type");
  g_assert_cmpstr (_sw_inspector_get_visible_page (fixture->inspector), ==, "type");
  type_and_activate (fixture, "/ItemsPath", "$.images");
  type_and_activate (fixture, "/MaxConcurrency", "4");
  type_and_activate (fixture, "/ToleratedFailurePercentage", "12.5");
  choose (fixture, "/ItemProcessor/ProcessorConfig/Mode", 2);
  choose (fixture, "/ItemProcessor/ProcessorConfig/ExecutionType", 1);
  g_assert_cmpstr (sw_value_get_string (sw_state_get_field (state (fixture, "Each"), "ItemsPath")),
                   ==, "$.images");
  g_assert_cmpstr (sw_value_get_number_lexeme (sw_state_get_field (state (fixture, "Each"),
                                                                   "ToleratedFailurePercentage")),
                   ==, "12.5");
  processor = sw_state_get_field (state (fixture, "Each"), "ItemProcessor");
  g_assert_cmpstr (text_of (sw_value_object_get (processor, "ProcessorConfig"), "Mode"), ==,
                   "DISTRIBUTED");
  /* The nested machine is still there, with its state. */
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (processor, "StartAt")), ==, "Item");
  g_assert_nonnull (sw_document_lookup_state (fixture->doc,
                                              "/States/Each/ItemProcessor/States/Item"));

  select_state (fixture, "/States/Both");
  action (fixture, "inspector.add-branch", NULL);
  branches = sw_state_get_field (state (fixture, "Both"), "Branches");
  g_assert_cmpuint (sw_value_array_get_length (branches), ==, 2);
  g_assert_cmpstr (sw_value_get_string (sw_value_object_get (sw_value_array_get (branches, 1),
                                                             "StartAt")), ==, "Branch 2");
  {
    g_autoptr (GPtrArray) diagnostics =
      sw_validate (sw_machine_get_value (sw_document_get_machine (fixture->doc)));
    for (guint i = 0; i < diagnostics->len; i++)
      g_test_message ("%s", ((SwDiagnostic *) g_ptr_array_index (diagnostics, i))->message);
    g_assert_cmpuint (diagnostics->len, ==, 0);
  }
  action (fixture, "inspector.remove-item", g_variant_new_string ("/Branches/1"));
  g_assert_cmpuint (sw_value_array_get_length (sw_state_get_field (state (fixture, "Both"),
                                                                   "Branches")), ==, 1);
}

static void
screenshots (Fixture    *fixture,
             const char *pointer,
             const char *page,
             const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("inspector-%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("inspector-%s-dark.png", name);

  if (pointer != NULL)
    select_state (fixture, pointer);
  else
    sw_document_set_selection (fixture->doc, NULL);
  sw_test_ui_iterate (5);
  if (page != NULL)
    _sw_inspector_set_visible_page (fixture->inspector, page);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  sw_test_ui_iterate (5);
  sw_test_ui_save_screenshot (fixture->window, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  sw_test_ui_iterate (5);
  sw_test_ui_save_screenshot (fixture->window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  sw_test_ui_iterate (5);
}

static void
test_screenshots_task (Fixture       *fixture,
                       gconstpointer  data)
{
  SwJsonEditor *editor;

  screenshots (fixture, "/States/CreateTrainingJob", "configuration", "task");
  /* An inline error, as a person would see it. */
  select_state (fixture, "/States/CreateEndpoint");
  editor = SW_JSON_EDITOR (field (fixture, "/Parameters")->widget);
  sw_json_editor_set_text (editor,
                           "{\n  \"EndpointName\": \"mnist\",\n  \"EndpointConfigName\"\n}");
  gtk_editable_set_text (GTK_EDITABLE (field (fixture, "#name")->widget), "CreateModel");
  g_signal_emit_by_name (field (fixture, "#name")->widget, "activate");
  screenshots (fixture, "/States/CreateEndpoint", "configuration", "errors-shown");
  action (fixture, "inspector.add-item", g_variant_new_string ("Retry"));
  action (fixture, "inspector.add-item", g_variant_new_string ("Catch"));
  screenshots (fixture, "/States/CreateEndpoint", "error-handling", "retry");
  screenshots (fixture, "/States/CreateModel", "input-output", "io");
}

static void
test_screenshots_choice (Fixture       *fixture,
                         gconstpointer  data)
{
  select_state (fixture, "/States/Check");
  choose (fixture, "/Choices/0#kind", 1);
  action (fixture, "inspector.add-condition", g_variant_new_string ("/Choices/0/And"));
  screenshots (fixture, "/States/Check", "type", "choice");
  sw_document_set_selection (fixture->doc, NULL);
  screenshots (fixture, NULL, NULL, "machine");
}

/* Whether the window's focus is in @widget (an entry focuses its text, a dropdown its button). */
static gboolean
has_focus_in (Fixture   *fixture,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Whether @widget lies wholly inside the visible part of its page. */
static gboolean
shown_in_page (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  /* The JSON editor has a scroller of its own; the page's is the outer one. */
  while (gtk_widget_get_ancestor (gtk_widget_get_parent (scroller),
                                  GTK_TYPE_SCROLLED_WINDOW) != NULL)
    scroller = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller),
                                        GTK_TYPE_SCROLLED_WINDOW);
  if (gtk_widget_get_height (widget) == 0 || gtk_widget_get_height (scroller) == 0)
    return FALSE;   /* not laid out yet */
  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

static void
test_focus_pointer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (SwValue) retry = sw_value_new_array ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const *selection;
  GtkWidget *editor, *view;
  GtkTextBuffer *buffer;
  GtkTextIter cursor, end;
  const char *key_at;

  /* Six retriers: the last one lies far below the top of the Error handling tab. */
  for (guint i = 0; i < 6; i++)
    {
      SwValue *item = sw_value_new_object ();
      SwValue *errors = sw_value_new_array ();

      sw_value_array_append (errors, sw_value_new_string ("States.Timeout"));
      sw_value_object_set (item, "ErrorEquals", errors);
      sw_value_object_set (item, "IntervalSeconds", sw_value_new_int (i));
      sw_value_object_set (item, "MaxAttempts", sw_value_new_int (2));
      sw_value_array_append (retry, item);
    }
  g_assert_true (sw_state_set_field (state (fixture, "CreateTrainingJob"), "Retry",
                                     sw_value_ref (retry), &error));
  g_assert_no_error (error);
  select_state (fixture, "/States/CreateEndpoint");
  _sw_inspector_set_visible_page (fixture->inspector, "configuration");

  /* A retrier's field: the state is selected, its tab shown, the entry focused and scrolled
   * into view. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector,
                                             "/States/CreateTrainingJob/Retry/5/IntervalSeconds"));
  selection = sw_document_get_selection (fixture->doc);
  g_assert_cmpstr (selection[0], ==, "/States/CreateTrainingJob");
  g_assert_null (selection[1]);
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "error-handling");
  g_assert_true (has_focus_in (fixture, field (fixture, "/Retry/5/IntervalSeconds")->widget));
  g_assert_cmpstr (entry_text (fixture, "/Retry/5/IntervalSeconds"), ==, "5");
  /* Scrolling waits for the rebuilt page to be laid out. */
  for (guint i = 0; i < 40 && !shown_in_page (field (fixture, "/Retry/5/IntervalSeconds")->box);
       i++)
    sw_test_ui_wait_ms (50);
  g_assert_true (shown_in_page (field (fixture, "/Retry/5/IntervalSeconds")->box));
  g_assert_cmpint (gtk_widget_get_height (field (fixture, "/Retry/0/IntervalSeconds")->box), >, 0);
  g_assert_false (shown_in_page (field (fixture, "/Retry/0/IntervalSeconds")->box));

  /* A member inside Parameters: the JSON editor, with the cursor on the member's key. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector,
                                             "/States/CreateModel/Parameters/ExecutionRoleArn"));
  g_assert_cmpstr (sw_document_get_selection (fixture->doc)[0], ==, "/States/CreateModel");
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "configuration");
  editor = field (fixture, "/Parameters")->widget;
  view = sw_json_editor_get_view (SW_JSON_EDITOR (editor));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_end_iter (buffer, &end);
  text = gtk_text_buffer_get_text (buffer, &cursor, &end, FALSE);
  key_at = "\"ExecutionRoleArn\":";
  g_assert_true (g_str_has_prefix (text, key_at));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), >, 0);

  /* A member the inspector edits elsewhere: ResultPath is on Input/Output. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector,
                                             "/States/CreateModel/ResultPath"));
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "input-output");
  g_assert_true (has_focus_in (fixture, field (fixture, "/ResultPath")->widget));

  /* End has no field of its own: the Next dropdown (whose first item is End) edits it. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector, "/States/CreateEndpoint/End"));
  g_assert_cmpstr (sw_document_get_selection (fixture->doc)[0], ==, "/States/CreateEndpoint");
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "configuration");
  g_assert_true (GTK_IS_DROP_DOWN (field (fixture, "/Next")->widget));
  g_assert_true (has_focus_in (fixture, field (fixture, "/Next")->widget));

  /* A problem with the state as a whole lands on its name. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector, "/States/CreateModel"));
  g_assert_true (has_focus_in (fixture, field (fixture, "#name")->widget));

  /* The machine's own field: nothing stays selected and the machine page shows it. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector, "/TimeoutSeconds"));
  g_assert_null (sw_document_get_selection (fixture->doc)[0]);
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "machine");
  g_assert_true (has_focus_in (fixture, field (fixture, "/TimeoutSeconds")->widget));

  /* Nothing edits the States object itself. */
  g_assert_false (sw_inspector_focus_pointer (fixture->inspector, "/States"));
}

static void
test_focus_pointer_choice (Fixture       *fixture,
                           gconstpointer  data)
{
  /* The operator member of a rule is edited by the rule's value field, on the Rules tab. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector,
                                             "/States/Check/Choices/0/StringEquals"));
  g_assert_cmpstr (sw_document_get_selection (fixture->doc)[0], ==, "/States/Check");
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "type");
  g_assert_true (has_focus_in (fixture, field (fixture, "/Choices/0#value")->widget));

  g_assert_true (sw_inspector_focus_pointer (fixture->inspector,
                                             "/States/Check/Choices/0/Variable"));
  g_assert_true (has_focus_in (fixture, field (fixture, "/Choices/0/Variable")->widget));

  g_assert_true (sw_inspector_focus_pointer (fixture->inspector, "/States/Check/Default"));
  g_assert_true (has_focus_in (fixture, field (fixture, "/Default")->widget));

  /* A Wait state's Seconds sits on its own tab. */
  g_assert_true (sw_inspector_focus_pointer (fixture->inspector, "/States/Pause/Seconds"));
  g_assert_cmpstr (sw_inspector_get_visible_tab (fixture->inspector), ==, "type");
  g_assert_true (has_focus_in (fixture, field (fixture, "/Seconds")->widget));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, data, func) \
  g_test_add ("/ui/inspector/" path, Fixture, data, set_up, func, tear_down)

  ADD ("machine-fields", NULL, test_machine_fields);
  ADD ("rename", NULL, test_rename);
  ADD ("parameters", NULL, test_parameters);
  ADD ("resource-pattern", NULL, test_resource_pattern);
  ADD ("retry-catch", NULL, test_retry_catch);
  ADD ("choice-rules", choice_machine, test_choice_rules);
  ADD ("jsonata-fields",
       "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"Check\", \"States\": {"
       "\"Check\": {\"Type\": \"Choice\", \"Choices\": [{\"Condition\": \"{% true %}\","
       " \"Next\": \"Done\"}], \"Default\": \"Pause\"},"
       "\"Pause\": {\"Type\": \"Wait\", \"Seconds\": 5, \"Next\": \"Check\"},"
       "\"Done\": {\"Type\": \"Succeed\"}}}", test_jsonata_fields);
  ADD ("outside-changes", NULL, test_outside_changes);
  ADD ("map-parallel",
       "{\"StartAt\": \"Each\", \"States\": {"
       "\"Each\": {\"Type\": \"Map\", \"ItemProcessor\": {\"StartAt\": \"Item\", \"States\": {"
       "\"Item\": {\"Type\": \"Pass\", \"End\": true}}}, \"Next\": \"Both\"},"
       "\"Both\": {\"Type\": \"Parallel\", \"Branches\": [{\"StartAt\": \"Branch 1\","
       " \"States\": {\"Branch 1\": {\"Type\": \"Pass\", \"End\": true}}}], \"End\": true}}}",
       test_map_parallel);
  ADD ("focus-pointer", NULL, test_focus_pointer);
  ADD ("focus-pointer-choice", choice_machine, test_focus_pointer_choice);
  ADD ("screenshots-task", NULL, test_screenshots_task);
  ADD ("screenshots-choice", choice_machine, test_screenshots_choice);

  return g_test_run ();
}
