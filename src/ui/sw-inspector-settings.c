/* sw-inspector-settings.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The type-specific tab of Wait, Map and Parallel states. */

#include <glib/gi18n-lib.h>

#include "sw-inspector-private.h"

static SwField *
add (SwInspector *self,
     GtkWidget   *section,
     SwFieldKind  kind,
     const char  *pointer,
     const char  *label,
     const char  *placeholder)
{
  SwField *field = _sw_field_new (self, kind, pointer, label);

  if (placeholder != NULL)
    _sw_field_set_placeholder (field, placeholder);
  gtk_box_append (GTK_BOX (section), field->box);
  return field;
}

static void
build_wait (SwInspector *self,
            GtkWidget   *page,
            gboolean     jsonata)
{
  GtkWidget *section = _sw_inspector_section (page, _("Wait"),
                                              _("Set exactly one: a number of seconds or a "
                                                "time to wait until."));

  add (self, section, jsonata ? SW_FIELD_TEMPLATE : SW_FIELD_INTEGER, "/Seconds",
       _("Seconds"), jsonata ? "10 or {% $states.input.delay %}" : "10");
  add (self, section, SW_FIELD_TEXT, "/Timestamp", _("Timestamp"), "2026-01-01T00:00:00Z");
  if (!jsonata)
    {
      add (self, section, SW_FIELD_TEXT, "/SecondsPath", _("Seconds path"), "$.delay");
      add (self, section, SW_FIELD_TEXT, "/TimestampPath", _("Timestamp path"), "$.until");
    }
}

static void
build_map (SwInspector *self,
           GtkWidget   *page,
           gboolean     jsonata)
{
  GtkWidget *section = _sw_inspector_section (page, _("Items"), NULL);
  const char *modes[] = { "", "INLINE", "DISTRIBUTED", NULL };
  const char *mode_titles[] = { _("Inline (default)"), _("Inline"), _("Distributed"), NULL };
  const char *execution[] = { "", "STANDARD", "EXPRESS", NULL };
  const char *execution_titles[] = { _("Default"), _("Standard"), _("Express"), NULL };
  SwField *field;

  if (jsonata)
    {
      field = add (self, section, SW_FIELD_JSON, "/Items", _("Items"), NULL);
      _sw_field_set_help (field, _("An array, or {% %} giving one; default: the input"));
    }
  else
    add (self, section, SW_FIELD_TEXT, "/ItemsPath", _("Items path"), "$.items");
  field = add (self, section, SW_FIELD_JSON, "/ItemSelector", _("Item selector"), NULL);
  _sw_field_set_help (field,
                      jsonata ? _("What each iteration gets; $states.context.Map.Item.Value "
                                  "is the item")
                              : _("What each iteration gets; $$.Map.Item.Value is the item"));
  add (self, section, SW_FIELD_JSON, "/ItemBatcher", _("Item batcher"), NULL);
  add (self, section, SW_FIELD_JSON, "/ItemReader", _("Item reader"), NULL);

  section = _sw_inspector_section (page, _("Processing"), NULL);
  field = _sw_field_new_choice (self, "/ItemProcessor/ProcessorConfig/Mode", _("Mode"), modes,
                                mode_titles);
  gtk_box_append (GTK_BOX (section), field->box);
  field = _sw_field_new_choice (self, "/ItemProcessor/ProcessorConfig/ExecutionType",
                                _("Child executions"), execution, execution_titles);
  gtk_box_append (GTK_BOX (section), field->box);
  add (self, section, jsonata ? SW_FIELD_TEMPLATE : SW_FIELD_INTEGER, "/MaxConcurrency",
       _("Max concurrency"), _("0: as many as possible"));
  add (self, section, SW_FIELD_TEXT, "/Label", _("Label"), NULL);

  section = _sw_inspector_section (page, _("Failure tolerance"), NULL);
  add (self, section, jsonata ? SW_FIELD_TEMPLATE : SW_FIELD_NUMBER,
       "/ToleratedFailurePercentage", _("Tolerated failure percentage"), "0–100");
  add (self, section, jsonata ? SW_FIELD_TEMPLATE : SW_FIELD_INTEGER,
       "/ToleratedFailureCount", _("Tolerated failure count"), NULL);

  section = _sw_inspector_section (page, _("Results"), NULL);
  add (self, section, SW_FIELD_JSON, "/ResultWriter", _("Result writer"), NULL);
}

static void
build_parallel (SwInspector *self,
                GtkWidget   *page)
{
  SwValue *branches = _sw_inspector_lookup (self, "/Branches");
  guint n = branches != NULL && sw_value_is_array (branches)
            ? sw_value_array_get_length (branches) : 0;
  g_autofree char *description =
    g_strdup_printf (ngettext ("%u branch runs at the same time as the others; the state's "
                               "result is the array of their outputs.",
                               "%u branches run at the same time; the state's result is the "
                               "array of their outputs.", n), n);
  GtkWidget *section = _sw_inspector_section (page, _("Branches"), description);

  for (guint i = 0; i < n; i++)
    {
      SwValue *branch = sw_value_array_get (branches, i);
      SwValue *start = sw_value_is_object (branch) ? sw_value_object_get (branch, "StartAt") : NULL;
      SwValue *states = sw_value_is_object (branch) ? sw_value_object_get (branch, "States") : NULL;
      g_autofree char *pointer = _sw_pointer_append_index ("/Branches", i);
      g_autofree char *title = g_strdup_printf (_("Branch %u"), i + 1);
      g_autofree char *summary = NULL;
      GtkWidget *card = _sw_inspector_card (section, title, pointer, i, n);
      GtkWidget *label;

      guint n_states = states != NULL && sw_value_is_object (states)
                       ? sw_value_object_get_size (states) : 0;

      summary = g_strdup_printf (ngettext ("Starts at “%s”, %u state",
                                           "Starts at “%s”, %u states", n_states),
                                 start != NULL && sw_value_is_string (start)
                                 ? sw_value_get_string (start) : "?",
                                 n_states);
      label = gtk_label_new (summary);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (card), label);
    }
  _sw_inspector_add_button (section, _("Add _Branch"), "inspector.add-branch", NULL);
}

void
_sw_inspector_build_settings (SwInspector *self,
                              GtkWidget   *page)
{
  SwState *state = _sw_inspector_get_state (self);
  gboolean jsonata = _sw_inspector_is_jsonata (self);

  switch (sw_state_get_state_type (state))
    {
    case SW_STATE_TYPE_WAIT:
      build_wait (self, page, jsonata);
      break;
    case SW_STATE_TYPE_MAP:
      build_map (self, page, jsonata);
      break;
    case SW_STATE_TYPE_PARALLEL:
      build_parallel (self, page);
      break;
    case SW_STATE_TYPE_PASS:
    case SW_STATE_TYPE_TASK:
    case SW_STATE_TYPE_CHOICE:
    case SW_STATE_TYPE_SUCCEED:
    case SW_STATE_TYPE_FAIL:
    case SW_STATE_TYPE_UNKNOWN:
    default:
      break;
    }
}

/* With nothing selected: the machine ---------------------------------------------------------- */

void
_sw_inspector_build_machine (SwInspector *self,
                             GtkWidget   *page)
{
  GtkWidget *section = _sw_inspector_section (page, NULL, NULL);
  const char *languages[] = { "", "JSONPath", "JSONata", NULL };
  const char *language_titles[] = { _("JSONPath (default)"), "JSONPath", "JSONata", NULL };
  SwField *field;

  field = add (self, section, SW_FIELD_TEXT, "/Comment", _("Comment"),
               _("What this workflow does"));
  field = _sw_field_new_state (self, "/StartAt", _("Start at"), NULL, FALSE);
  gtk_box_append (GTK_BOX (section), field->box);
  field = _sw_field_new_choice (self, "/QueryLanguage", _("Query language"), languages,
                                language_titles);
  _sw_field_set_help (field, _("JSONata uses Arguments, Output and {% %} expressions; "
                               "JSONPath uses Parameters and paths"));
  gtk_box_append (GTK_BOX (section), field->box);

  section = _sw_inspector_section (page, _("Limits"), NULL);
  add (self, section, SW_FIELD_INTEGER, "/TimeoutSeconds", _("Timeout (seconds)"),
       _("No limit"));
  add (self, section, SW_FIELD_TEXT, "/Version", _("Version"), "1.0");
}
