/* sw-inspector-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Configuration tab: name, comment, the type's own fields, Next/End. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-inspector-private.h"
#include "sw-machine.h"
#include "sw-states-catalog.h"

static void
name_display (SwField *field,
              SwValue *current)
{
  SwState *state = _sw_inspector_get_state (field->inspector);
  const char *name = state != NULL ? sw_state_get_name (state) : "";

  if (!field->dirty && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field->widget)), name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (field->widget), name);
}

static gboolean
name_commit (SwField  *field,
             GError  **error)
{
  SwState *state = _sw_inspector_get_state (field->inspector);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field->widget));
  g_autofree char *name = g_strstrip (g_strdup (text));

  if (state == NULL)
    return FALSE;
  if (name[0] == '\0')
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s",
                   _("A state needs a name"));
      return FALSE;
    }
  if (strcmp (name, sw_state_get_name (state)) == 0)
    return TRUE;
  if (g_utf8_strlen (name, -1) > SW_STATE_NAME_MAX_LENGTH)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                   _("A state name has at most %d characters"), SW_STATE_NAME_MAX_LENGTH);
      return FALSE;
    }
  return sw_state_rename (state, name, error);
}

static void
pattern_display (SwField *field,
                 SwValue *unused)
{
  SwValue *current = _sw_inspector_lookup (field->inspector, "/Resource");
  const char *resource = current != NULL && sw_value_is_string (current)
                         ? sw_value_get_string (current) : NULL;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget), sw_resource_get_pattern (resource));
}

static gboolean
pattern_commit (SwField  *field,
                GError  **error)
{
  SwValue *current = _sw_inspector_lookup (field->inspector, "/Resource");
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->widget));
  g_autofree char *resource = NULL;

  if (current == NULL || !sw_value_is_string (current) ||
      selected > SW_INTEGRATION_WAIT_FOR_TASK_TOKEN)
    return FALSE;
  resource = sw_resource_with_pattern (sw_value_get_string (current), selected);
  if (strcmp (resource, sw_value_get_string (current)) == 0)
    return TRUE;
  return _sw_inspector_set_at (field->inspector, "/Resource",
                               sw_value_new_string_take (g_steal_pointer (&resource)), error);
}

static void
build_task (SwInspector *self,
            GtkWidget   *page,
            gboolean     jsonata)
{
  GtkWidget *section = _sw_inspector_section (page, _("Action"), NULL);
  SwState *state = _sw_inspector_get_state (self);
  SwField *field;

  field = _sw_field_new (self, SW_FIELD_TEXT, "/Resource", _("Resource"));
  _sw_field_set_placeholder (field, "arn:aws:states:::service:action");
  gtk_box_append (GTK_BOX (section), field->box);

  if (sw_resource_is_service_integration (sw_state_get_resource (state)))
    {
      const char *patterns[] = { "request-response", "sync", "wait-for-task-token", NULL };
      const char *titles[] = {
        _("Request response"),
        _("Run a job (.sync)"),
        _("Wait for callback (.waitForTaskToken)"),
        NULL,
      };

      field = _sw_field_new_choice (self, "/Resource#pattern", _("Integration pattern"), patterns,
                                    titles);
      field->display = pattern_display;
      field->commit = pattern_commit;
      _sw_field_refresh (field);
      gtk_box_append (GTK_BOX (section), field->box);
    }

  field = _sw_field_new (self, SW_FIELD_JSON, jsonata ? "/Arguments" : "/Parameters",
                         jsonata ? _("Arguments") : _("Parameters"));
  _sw_field_set_help (field, jsonata ? _("JSON; strings in {% %} are JSONata expressions")
                                     : _("JSON; keys ending in .$ take a path or an intrinsic"));
  gtk_box_append (GTK_BOX (section), field->box);

  section = _sw_inspector_section (page, _("Timeouts"), NULL);
  field = _sw_field_new (self, jsonata ? SW_FIELD_TEMPLATE : SW_FIELD_INTEGER,
                         "/TimeoutSeconds", _("Timeout (seconds)"));
  _sw_field_set_placeholder (field, _("60 (default: 99999999)"));
  gtk_box_append (GTK_BOX (section), field->box);
  field = _sw_field_new (self, jsonata ? SW_FIELD_TEMPLATE : SW_FIELD_INTEGER,
                         "/HeartbeatSeconds", _("Heartbeat (seconds)"));
  gtk_box_append (GTK_BOX (section), field->box);
}

void
_sw_inspector_build_config (SwInspector *self,
                            GtkWidget   *page)
{
  SwState *state = _sw_inspector_get_state (self);
  SwStateType type = sw_state_get_state_type (state);
  gboolean jsonata = _sw_inspector_is_jsonata (self);
  GtkWidget *section = _sw_inspector_section (page, NULL, NULL);
  SwField *field;

  field = _sw_field_new (self, SW_FIELD_CUSTOM, "#name", _("State name"));
  field->display = name_display;
  field->commit = name_commit;
  _sw_field_refresh (field);
  gtk_box_append (GTK_BOX (section), field->box);

  field = _sw_field_new (self, SW_FIELD_TEXT, "/Comment", _("Comment"));
  _sw_field_set_placeholder (field, _("What this state does"));
  gtk_box_append (GTK_BOX (section), field->box);

  switch (type)
    {
    case SW_STATE_TYPE_TASK:
      build_task (self, page, jsonata);
      break;
    case SW_STATE_TYPE_PASS:
      if (!jsonata)
        {
          section = _sw_inspector_section (page, _("Result"), NULL);
          field = _sw_field_new (self, SW_FIELD_JSON, "/Result", _("Result"));
          _sw_field_set_help (field, _("Fixed JSON passed on instead of the input"));
          gtk_box_append (GTK_BOX (section), field->box);
        }
      break;
    case SW_STATE_TYPE_FAIL:
      section = _sw_inspector_section (page, _("Error"), NULL);
      field = _sw_field_new (self, SW_FIELD_TEXT, "/Error", _("Error"));
      _sw_field_set_placeholder (field, "MyError");
      gtk_box_append (GTK_BOX (section), field->box);
      field = _sw_field_new (self, SW_FIELD_TEXT, "/Cause", _("Cause"));
      gtk_box_append (GTK_BOX (section), field->box);
      if (!jsonata)
        {
          field = _sw_field_new (self, SW_FIELD_TEXT, "/ErrorPath", _("Error path"));
          gtk_box_append (GTK_BOX (section), field->box);
          field = _sw_field_new (self, SW_FIELD_TEXT, "/CausePath", _("Cause path"));
          gtk_box_append (GTK_BOX (section), field->box);
        }
      break;
    case SW_STATE_TYPE_CHOICE:
      section = _sw_inspector_section (page, _("Rules"),
                                       _("The rules and the default state are edited in the "
                                         "Rules tab."));
      break;
    case SW_STATE_TYPE_WAIT:
    case SW_STATE_TYPE_MAP:
    case SW_STATE_TYPE_PARALLEL:
    case SW_STATE_TYPE_SUCCEED:
    case SW_STATE_TYPE_UNKNOWN:
    default:
      break;
    }

  if (type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_SUCCEED &&
      type != SW_STATE_TYPE_FAIL)
    {
      section = _sw_inspector_section (page, _("Next state"), NULL);
      field = _sw_field_new_state (self, "/Next", _("Then"),
                                   sw_machine_get_parent_state (sw_state_get_machine (state))
                                   ? _("End of this branch") : _("End of the workflow"),
                                   TRUE);
      gtk_box_append (GTK_BOX (section), field->box);
    }
}

/* The Input/Output tab ---------------------------------------------------------------------- */

void
_sw_inspector_build_io (SwInspector *self,
                        GtkWidget   *page)
{
  SwState *state = _sw_inspector_get_state (self);
  SwStateType type = sw_state_get_state_type (state);
  gboolean jsonata = _sw_inspector_is_jsonata (self);
  gboolean has_result = type == SW_STATE_TYPE_TASK || type == SW_STATE_TYPE_PARALLEL ||
                        type == SW_STATE_TYPE_MAP;
  GtkWidget *section;
  SwField *field;

  if (type == SW_STATE_TYPE_FAIL)
    return;

  if (jsonata)
    {
      section = _sw_inspector_section (page, _("Input"), NULL);
      if (type == SW_STATE_TYPE_TASK || type == SW_STATE_TYPE_PARALLEL)
        {
          field = _sw_field_new (self, SW_FIELD_JSON, "/Arguments", _("Arguments"));
          _sw_field_set_help (field, _("What the state sends; $states.input is its input"));
          gtk_box_append (GTK_BOX (section), field->box);
        }
      section = _sw_inspector_section (page, _("Output"), NULL);
      field = _sw_field_new (self, SW_FIELD_JSON, "/Output", _("Output"));
      _sw_field_set_help (field, has_result ? _("Default: the result, $states.result")
                                            : _("Default: the input"));
      gtk_box_append (GTK_BOX (section), field->box);
    }
  else
    {
      section = _sw_inspector_section (page, _("Input"), NULL);
      field = _sw_field_new (self, SW_FIELD_TEXT, "/InputPath", _("InputPath"));
      _sw_field_set_placeholder (field, "$");
      gtk_box_append (GTK_BOX (section), field->box);
      if (type == SW_STATE_TYPE_TASK || type == SW_STATE_TYPE_PASS ||
          type == SW_STATE_TYPE_PARALLEL)
        {
          field = _sw_field_new (self, SW_FIELD_JSON, "/Parameters", _("Parameters"));
          gtk_box_append (GTK_BOX (section), field->box);
        }

      if (type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_WAIT &&
          type != SW_STATE_TYPE_SUCCEED)
        {
          section = _sw_inspector_section (page, _("Result"), NULL);
          if (has_result)
            {
              field = _sw_field_new (self, SW_FIELD_JSON, "/ResultSelector", _("ResultSelector"));
              gtk_box_append (GTK_BOX (section), field->box);
            }
          field = _sw_field_new (self, SW_FIELD_PATH_OR_NULL, "/ResultPath", _("ResultPath"));
          _sw_field_set_placeholder (field, "$");
          _sw_field_set_help (field, _("Where the result goes in the input; null keeps the "
                                       "input and drops the result"));
          gtk_box_append (GTK_BOX (section), field->box);
        }

      section = _sw_inspector_section (page, _("Output"), NULL);
      field = _sw_field_new (self, SW_FIELD_TEXT, "/OutputPath", _("OutputPath"));
      _sw_field_set_placeholder (field, "$");
      gtk_box_append (GTK_BOX (section), field->box);
    }

  if (type != SW_STATE_TYPE_SUCCEED)
    {
      section = _sw_inspector_section (page, _("Variables"), NULL);
      field = _sw_field_new (self, SW_FIELD_JSON, "/Assign", _("Assign"));
      _sw_field_set_help (field, _("Workflow variables to set, by name"));
      gtk_box_append (GTK_BOX (section), field->box);
    }
}
