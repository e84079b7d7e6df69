/* sw-inspector-fields.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-inspector-private.h"
#include "sw-json-editor.h"
#include "sw-json.h"

/* Pointers -------------------------------------------------------------------------------- */

char *
_sw_pointer_append (const char *pointer,
                    const char *token)
{
  GString *out = g_string_new (pointer);

  g_string_append_c (out, '/');
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (out, "~0");
      else if (*p == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
_sw_pointer_append_index (const char *pointer,
                          guint       index)
{
  return g_strdup_printf ("%s/%u", pointer, index);
}

/* Layout helpers -------------------------------------------------------------------------- */

GtkWidget *
_sw_inspector_section (GtkWidget  *page,
                       const char *title,
                       const char *description)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *heading;

  gtk_widget_add_css_class (section, "sw-inspector-section");
  if (title != NULL)
    {
      heading = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (section), heading);
    }
  if (description != NULL)
    {
      GtkWidget *label = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (section), label);
    }
  gtk_box_append (GTK_BOX (page), section);
  return section;
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

GtkWidget *
_sw_inspector_card (GtkWidget  *parent,
                    const char *title,
                    const char *pointer,
                    guint       index,
                    guint       n_items)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *button;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "sw-inspector-card");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (header), label);

  if (pointer != NULL)
    {
      button = icon_button ("go-up-symbolic", _("Move Up"), "inspector.move-item",
                            g_variant_new ("(si)", pointer, -1));
      gtk_widget_set_sensitive (button, index > 0);
      gtk_box_append (GTK_BOX (header), button);
      button = icon_button ("go-down-symbolic", _("Move Down"), "inspector.move-item",
                            g_variant_new ("(si)", pointer, 1));
      gtk_widget_set_sensitive (button, index + 1 < n_items);
      gtk_box_append (GTK_BOX (header), button);
      button = icon_button ("user-trash-symbolic", _("Remove"), "inspector.remove-item",
                            g_variant_new_string (pointer));
      gtk_box_append (GTK_BOX (header), button);
    }
  gtk_box_append (GTK_BOX (card), header);
  gtk_box_append (GTK_BOX (parent), card);
  return card;
}

GtkWidget *
_sw_inspector_add_button (GtkWidget  *parent,
                          const char *label,
                          const char *action,
                          GVariant   *target)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_box_append (GTK_BOX (parent), button);
  return button;
}

/* Display --------------------------------------------------------------------------------- */

void
_sw_field_show_error (SwField    *field,
                      const char *message)
{
  gtk_label_set_text (GTK_LABEL (field->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (field->error_label, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (field->widget, "error");
  else
    gtk_widget_remove_css_class (field->widget, "error");
}

static char *
value_to_text (SwFieldKind  kind,
               SwValue     *value)
{
  if (value == NULL)
    return g_strdup ("");
  switch (sw_value_get_kind (value))
    {
    case SW_VALUE_STRING:
      return g_strdup (sw_value_get_string (value));
    case SW_VALUE_NUMBER:
      return g_strdup (sw_value_get_number_lexeme (value));
    case SW_VALUE_NULL:
      return g_strdup ("null");
    case SW_VALUE_ARRAY:
      if (kind == SW_FIELD_STRING_LIST)
        {
          GString *out = g_string_new (NULL);

          for (guint i = 0; i < sw_value_array_get_length (value); i++)
            {
              SwValue *item = sw_value_array_get (value, i);
              g_autofree char *text = NULL;

              if (i > 0)
                g_string_append (out, ", ");
              text = sw_value_is_string (item) ? g_strdup (sw_value_get_string (item))
                                               : sw_json_write (item, SW_JSON_WRITE_COMPACT, NULL);
              g_string_append (out, text);
            }
          return g_string_free (out, FALSE);
        }
      G_GNUC_FALLTHROUGH;
    case SW_VALUE_BOOLEAN:
    case SW_VALUE_OBJECT:
    default:
      return sw_json_write (value, SW_JSON_WRITE_COMPACT, NULL);
    }
}

static guint
choice_index (SwField    *field,
              const char *text)
{
  for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
    if (g_strcmp0 (field->choices[i], text) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* "/Next" -> "/End": the sibling that the End item of a STATE dropdown sets. */
static char *
end_pointer_of (SwField *field)
{
  const char *slash = strrchr (field->pointer, '/');

  return g_strdup_printf ("%.*s/End", (int) (slash - field->pointer), field->pointer);
}

void
_sw_field_refresh (SwField *field)
{
  SwValue *current;

  if (field->inspector == NULL)
    return;
  current = _sw_inspector_lookup (field->inspector, field->pointer);
  field->updating = TRUE;

  if (field->display != NULL)
    field->display (field, current);
  else
    switch (field->kind)
      {
      case SW_FIELD_JSON:
        sw_json_editor_set_value (SW_JSON_EDITOR (field->widget), current);
        break;
      case SW_FIELD_BOOLEAN:
        gtk_switch_set_active (GTK_SWITCH (field->widget),
                               current != NULL && sw_value_is_boolean (current) &&
                               sw_value_get_boolean (current));
        break;
      case SW_FIELD_CHOICE:
        gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget),
                                    choice_index (field, current != NULL &&
                                                  sw_value_is_string (current)
                                                  ? sw_value_get_string (current) : ""));
        break;
      case SW_FIELD_STATE:
        {
          SwValue *end = NULL;

          if (field->end_item)
            {
              g_autofree char *end_pointer = end_pointer_of (field);

              end = _sw_inspector_lookup (field->inspector, end_pointer);
            }
          if (end != NULL && sw_value_is_boolean (end) && sw_value_get_boolean (end))
            gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget), 0);
          else
            gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget),
                                        choice_index (field, current != NULL &&
                                                      sw_value_is_string (current)
                                                      ? sw_value_get_string (current)
                                                      : field->end_item ? NULL : ""));
        }
        break;
      case SW_FIELD_TEXT:
      case SW_FIELD_TEMPLATE:
      case SW_FIELD_NUMBER:
      case SW_FIELD_INTEGER:
      case SW_FIELD_PATH_OR_NULL:
      case SW_FIELD_STRING_LIST:
      case SW_FIELD_CUSTOM:
      default:
        {
          g_autofree char *text = value_to_text (field->kind, current);

          /* Text being typed (or refused) stays until the model's value itself changes. */
          if (field->dirty && g_strcmp0 (text, field->shown) == 0)
            break;
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field->widget)), text) != 0)
            gtk_editable_set_text (GTK_EDITABLE (field->widget), text);
          g_free (field->shown);
          field->shown = g_steal_pointer (&text);
          field->dirty = FALSE;
          _sw_field_show_error (field, NULL);
        }
        break;
      }
  field->updating = FALSE;
}

/* Commit ---------------------------------------------------------------------------------- */

static SwValue *
parse_number (const char  *text,
              gboolean     integer,
              GError     **error)
{
  g_autoptr (SwValue) value = sw_json_parse (text, -1, NULL, NULL, NULL);

  if (value == NULL || !sw_value_is_number (value) || !isfinite (sw_value_get_double (value)))
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Type a number"));
      return NULL;
    }
  if (integer && !sw_value_is_integer (value))
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Type a whole number"));
      return NULL;
    }
  return g_steal_pointer (&value);
}

static gboolean
check_template (const char  *text,
                GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  int offset = 0;

  if (sw_jsonata_check_template (text, &offset, &local_error))
    return TRUE;
  g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_SYNTAX, _("Column %d: %s"), offset + 1,
               local_error->message);
  return FALSE;
}

/* The value a text field's text stands for; NULL without error removes the field. */
static SwValue *
parse_text (SwField     *field,
            const char  *raw,
            GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (raw));

  if (text[0] == '\0')
    return NULL;
  switch (field->kind)
    {
    case SW_FIELD_NUMBER:
      return parse_number (text, FALSE, error);
    case SW_FIELD_INTEGER:
      return parse_number (text, TRUE, error);
    case SW_FIELD_TEMPLATE:
      if (g_str_has_prefix (text, "{%"))
        return check_template (text, error) ? sw_value_new_string (text) : NULL;
      if (g_ascii_isdigit (text[0]) || text[0] == '-')
        {
          g_autoptr (SwValue) number = sw_json_parse (text, -1, NULL, NULL, NULL);

          if (number != NULL && sw_value_is_number (number))
            return g_steal_pointer (&number);
        }
      return sw_value_new_string (text);
    case SW_FIELD_PATH_OR_NULL:
      if (strcmp (text, "null") == 0)
        return sw_value_new_null ();
      return sw_value_new_string (text);
    case SW_FIELD_STRING_LIST:
      {
        g_auto (GStrv) items = g_strsplit (text, ",", -1);
        SwValue *array = sw_value_new_array ();

        for (guint i = 0; items[i] != NULL; i++)
          {
            g_strstrip (items[i]);
            if (items[i][0] != '\0')
              sw_value_array_append (array, sw_value_new_string (items[i]));
          }
        return array;
      }
    case SW_FIELD_TEXT:
    default:
      if (g_str_has_prefix (text, "{%") && !check_template (text, error))
        return NULL;
      /* Keep what was typed, spaces included, except around the whole text. */
      return sw_value_new_string (text);
    }
}

gboolean
_sw_field_commit (SwField *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SwValue) value = NULL;
  SwValue *current;

  if (field->inspector == NULL || field->updating)
    return FALSE;

  if (field->commit != NULL)
    {
      if (!field->commit (field, &error))
        {
          _sw_field_show_error (field, error != NULL ? error->message : NULL);
          return FALSE;
        }
      if (field->inspector != NULL && !field->dropdown)
        {
          field->dirty = FALSE;
          _sw_field_show_error (field, NULL);
        }
      return TRUE;
    }

  switch (field->kind)
    {
    case SW_FIELD_JSON:
      value = sw_json_editor_dup_value (SW_JSON_EDITOR (field->widget), &error);
      break;
    case SW_FIELD_BOOLEAN:
      if (gtk_switch_get_active (GTK_SWITCH (field->widget)))
        value = sw_value_new_boolean (TRUE);
      break;
    case SW_FIELD_CHOICE:
    case SW_FIELD_STATE:
      {
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->widget));

        if (selected == GTK_INVALID_LIST_POSITION)
          return FALSE;
        if (field->kind == SW_FIELD_STATE && field->end_item && selected == 0)
          {
            g_autofree char *end_pointer = end_pointer_of (field);

            if (!_sw_inspector_set_at (field->inspector, end_pointer,
                                       sw_value_new_boolean (TRUE), &error))
              {
                _sw_field_show_error (field, error->message);
                return FALSE;
              }
            return TRUE;
          }
        if (field->choices[selected][0] != '\0')
          value = sw_value_new_string (field->choices[selected]);
      }
      break;
    default:
      value = parse_text (field, gtk_editable_get_text (GTK_EDITABLE (field->widget)), &error);
      break;
    }

  if (error != NULL)
    {
      _sw_field_show_error (field, error->message);
      return FALSE;
    }

  current = _sw_inspector_lookup (field->inspector, field->pointer);
  if ((current == NULL && value == NULL) ||
      (current != NULL && value != NULL && sw_value_equal (current, value)))
    {
      field->dirty = FALSE;
      _sw_field_show_error (field, NULL);
      return TRUE;
    }

  if (!_sw_inspector_set_at (field->inspector, field->pointer, g_steal_pointer (&value), &error))
    {
      _sw_field_show_error (field, error->message);
      return FALSE;
    }
  field->dirty = FALSE;
  if (field->kind != SW_FIELD_JSON && field->error_label != NULL)
    _sw_field_show_error (field, NULL);
  return TRUE;
}

/* Signals --------------------------------------------------------------------------------- */

static void
entry_activate_cb (GtkEntry *entry,
                   SwField  *field)
{
  _sw_field_commit (field);
}

static void
entry_changed_cb (GtkEditable *editable,
                  SwField     *field)
{
  const char *text;
  g_autoptr (GError) error = NULL;

  if (field->updating)
    return;
  field->dirty = TRUE;

  /* Check JSONata as it is typed; other errors wait for the commit. */
  text = gtk_editable_get_text (editable);
  while (g_ascii_isspace (*text))
    text++;
  if (g_str_has_prefix (text, "{%") && field->kind != SW_FIELD_NUMBER &&
      field->kind != SW_FIELD_INTEGER)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      check_template (stripped, &error);
    }
  _sw_field_show_error (field, error != NULL ? error->message : NULL);
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                SwField                 *field)
{
  if (field->dirty)
    _sw_field_commit (field);
}

static void
dropdown_selected_cb (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      SwField     *field)
{
  if (!field->updating)
    _sw_field_commit (field);
}

static void
switch_active_cb (GtkSwitch  *widget,
                  GParamSpec *pspec,
                  SwField    *field)
{
  if (!field->updating)
    _sw_field_commit (field);
}

static void
json_committed_cb (SwJsonEditor *editor,
                   SwValue      *value,
                   SwField      *field)
{
  _sw_field_commit (field);
}

/* Construction ---------------------------------------------------------------------------- */

void
_sw_field_free (SwField *field)
{
  g_free (field->pointer);
  g_free (field->label);
  g_free (field->shown);
  g_strfreev (field->choices);
  g_free (field);
}

static GtkWidget *
caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "sw-field-label");
  return label;
}

static SwField *
field_alloc (SwInspector *self,
             SwFieldKind  kind,
             const char  *pointer,
             const char  *label)
{
  SwField *field = g_new0 (SwField, 1);

  field->inspector = self;
  field->kind = kind;
  field->pointer = g_strdup (pointer);
  field->label = g_strdup (label);
  field->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (field->box, "sw-field");
  g_object_set_data_full (G_OBJECT (field->box), "sw-field", field,
                          (GDestroyNotify) _sw_field_free);

  field->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (field->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (field->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (field->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (field->error_label, "error");
  gtk_widget_add_css_class (field->error_label, "caption");
  gtk_widget_set_visible (field->error_label, FALSE);
  return field;
}

static void
finish (SwInspector *self,
        SwField     *field)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field->label, -1);
  gtk_box_append (GTK_BOX (field->box), field->error_label);
  _sw_inspector_add_field (self, field);
  _sw_field_refresh (field);
}

static void
setup_dropdown (SwField            *field,
                const char * const *titles)
{
  field->widget = gtk_drop_down_new_from_strings (titles);
  field->dropdown = TRUE;
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (field->widget),
                                   g_strv_length ((GStrv) titles) > 12);
  g_signal_connect (field->widget, "notify::selected", G_CALLBACK (dropdown_selected_cb), field);
}

SwField *
_sw_field_new (SwInspector *self,
               SwFieldKind  kind,
               const char  *pointer,
               const char  *label)
{
  SwField *field = field_alloc (self, kind, pointer, label);
  GtkEventController *focus;

  switch (kind)
    {
    case SW_FIELD_BOOLEAN:
      {
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
        GtkWidget *title = caption (label);

        gtk_widget_set_hexpand (title, TRUE);
        gtk_widget_remove_css_class (title, "caption-heading");
        field->widget = gtk_switch_new ();
        gtk_widget_set_valign (field->widget, GTK_ALIGN_CENTER);
        gtk_box_append (GTK_BOX (row), title);
        gtk_box_append (GTK_BOX (row), field->widget);
        gtk_box_append (GTK_BOX (field->box), row);
        g_signal_connect (field->widget, "notify::active", G_CALLBACK (switch_active_cb), field);
      }
      break;
    case SW_FIELD_JSON:
      gtk_box_append (GTK_BOX (field->box), caption (label));
      field->widget = sw_json_editor_new ();
      gtk_box_append (GTK_BOX (field->box), field->widget);
      g_signal_connect (field->widget, "committed", G_CALLBACK (json_committed_cb), field);
      break;
    case SW_FIELD_CHOICE:
    case SW_FIELD_STATE:
      g_assert_not_reached ();
      break;
    default:
      gtk_box_append (GTK_BOX (field->box), caption (label));
      field->widget = gtk_entry_new ();
      if (kind == SW_FIELD_NUMBER || kind == SW_FIELD_INTEGER)
        gtk_entry_set_input_purpose (GTK_ENTRY (field->widget),
                                     kind == SW_FIELD_INTEGER ? GTK_INPUT_PURPOSE_DIGITS
                                                              : GTK_INPUT_PURPOSE_NUMBER);
      gtk_box_append (GTK_BOX (field->box), field->widget);
      g_signal_connect (field->widget, "activate", G_CALLBACK (entry_activate_cb), field);
      g_signal_connect (field->widget, "changed", G_CALLBACK (entry_changed_cb), field);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (entry_leave_cb), field);
      gtk_widget_add_controller (field->widget, focus);
      break;
    }
  finish (self, field);
  return field;
}

SwField *
_sw_field_new_choice (SwInspector        *self,
                      const char         *pointer,
                      const char         *label,
                      const char * const *choices,
                      const char * const *titles)
{
  SwField *field = field_alloc (self, SW_FIELD_CHOICE, pointer, label);

  field->choices = g_strdupv ((GStrv) choices);
  gtk_box_append (GTK_BOX (field->box), caption (label));
  setup_dropdown (field, titles != NULL ? titles : choices);
  gtk_box_append (GTK_BOX (field->box), field->widget);
  finish (self, field);
  return field;
}

SwField *
_sw_field_new_state (SwInspector *self,
                     const char  *pointer,
                     const char  *label,
                     const char  *none_title,
                     gboolean     end_item)
{
  SwField *field = field_alloc (self, SW_FIELD_STATE, pointer, label);
  g_auto (GStrv) names = _sw_inspector_dup_state_names (self);
  g_autoptr (GStrvBuilder) choices = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) titles = g_strv_builder_new ();
  g_auto (GStrv) title_list = NULL;

  field->end_item = end_item;
  if (none_title != NULL)
    {
      g_strv_builder_add (choices, "");
      g_strv_builder_add (titles, none_title);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strv_builder_add (choices, names[i]);
      g_strv_builder_add (titles, names[i]);
    }
  field->choices = g_strv_builder_end (choices);
  title_list = g_strv_builder_end (titles);

  gtk_box_append (GTK_BOX (field->box), caption (label));
  setup_dropdown (field, (const char * const *) title_list);
  gtk_box_append (GTK_BOX (field->box), field->widget);
  finish (self, field);
  return field;
}

void
_sw_field_set_placeholder (SwField    *field,
                           const char *text)
{
  if (GTK_IS_ENTRY (field->widget))
    gtk_entry_set_placeholder_text (GTK_ENTRY (field->widget), text);
}

void
_sw_field_set_help (SwField    *field,
                    const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_insert_child_after (GTK_BOX (field->box), label, field->widget);
}
