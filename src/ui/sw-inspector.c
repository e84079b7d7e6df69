/* sw-inspector.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-asl-error.h"
#include "sw-diagnostic.h"
#include "sw-inspector-private.h"
#include "sw-json-editor.h"
#include "sw-json.h"
#include "sw-states-catalog.h"
#include "sw-widget-css.h"

enum {
  TAB_CONFIGURATION,
  TAB_INPUT_OUTPUT,
  TAB_ERROR_HANDLING,
  TAB_TYPE,
  N_TABS
};

static const char *tab_names[N_TABS] = {
  "configuration", "input-output", "error-handling", "type",
};

struct _SwInspector
{
  GtkWidget         parent_instance;

  SwDocument       *document;
  SwMachine        *machine;
  gulong            changed_id;
  char             *pointer;   /* the edited state, or NULL for the machine */
  char             *shape;     /* what the pages were built for */
  GPtrArray        *fields;    /* SwField *, owned by their widgets */
  guint             refresh_id;
  GtkWidget        *focus_target;  /* a field to scroll to once allocated */
  guint             focus_tick_id;
  guint             focus_ticks;

  GtkWidget        *header_title;
  GtkWidget        *header_subtitle;
  GtkWidget        *problems;
  GtkWidget        *stack;
  GtkWidget        *multiple_page;
  GtkWidget        *machine_scroller;
  AdwViewStack     *tabs;
  GtkWidget        *switcher;
  GtkWidget        *scrollers[N_TABS];
  AdwViewStackPage *tab_pages[N_TABS];
};

G_DEFINE_FINAL_TYPE (SwInspector, sw_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char css[] =
  "swinspector .sw-inspector-card { padding: 12px; }\n"
  "swinspector .sw-inspector-card.sw-condition { padding: 10px; box-shadow: none;"
  "  border: 1px solid alpha(currentColor, 0.12); }\n"
  "swinspector .sw-condition-group { border-left: 3px solid alpha(@accent_color, 0.45);"
  "  padding-left: 10px; }\n"
  "swinspector swjsoneditor frame { border-radius: 6px; }\n"
  "swinspector swjsoneditor frame.error { border-color: @error_color; }\n"
  "swinspector swjsoneditor textview { font-size: 0.9em; }\n"
  "swinspector .sw-field-label { opacity: 0.85; }\n"
  "swinspector .sw-inspector-tabs { padding: 2px 0; }\n";

/* Addressing ------------------------------------------------------------------------------ */

SwDocument *
_sw_inspector_get_document (SwInspector *self)
{
  return self->document;
}

SwState *
_sw_inspector_get_state (SwInspector *self)
{
  if (self->pointer == NULL || self->document == NULL)
    return NULL;
  return sw_document_lookup_state (self->document, self->pointer);
}

SwValue *
_sw_inspector_get_target (SwInspector *self)
{
  SwState *state;

  if (self->document == NULL)
    return NULL;
  if (self->pointer == NULL)
    return sw_machine_get_value (sw_document_get_machine (self->document));
  state = _sw_inspector_get_state (self);
  return state != NULL ? sw_state_get_value (state) : NULL;
}

static GStrv
split_pointer (const char *pointer)
{
  g_auto (GStrv) raw = NULL;
  g_autoptr (GStrvBuilder) tokens = g_strv_builder_new ();

  if (pointer == NULL || pointer[0] != '/')
    return NULL;
  raw = g_strsplit (pointer + 1, "/", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      GString *token = g_string_new (NULL);

      for (const char *p = raw[i]; *p != '\0'; p++)
        {
          if (p[0] == '~' && p[1] == '1')
            g_string_append_c (token, '/'), p++;
          else if (p[0] == '~' && p[1] == '0')
            g_string_append_c (token, '~'), p++;
          else
            g_string_append_c (token, *p);
        }
      g_strv_builder_add (tokens, token->str);
      g_string_free (token, TRUE);
    }
  return g_strv_builder_end (tokens);
}

static SwValue *
child_of (SwValue    *value,
          const char *token)
{
  if (value == NULL)
    return NULL;
  if (sw_value_is_object (value))
    return sw_value_object_get (value, token);
  if (sw_value_is_array (value))
    {
      char *end = NULL;
      guint64 index = g_ascii_strtoull (token, &end, 10);

      if (end == token || *end != '\0' || index >= sw_value_array_get_length (value))
        return NULL;
      return sw_value_array_get (value, (guint) index);
    }
  return NULL;
}

SwValue *
_sw_inspector_lookup (SwInspector *self,
                      const char  *pointer)
{
  g_auto (GStrv) tokens = split_pointer (pointer);
  SwValue *value = _sw_inspector_get_target (self);

  if (tokens == NULL)
    return NULL;
  for (guint i = 0; value != NULL && tokens[i] != NULL; i++)
    value = child_of (value, tokens[i]);
  return value;
}

static gboolean
set_top (SwInspector  *self,
         const char   *key,
         SwValue      *value,
         GError      **error)
{
  SwState *state;

  if (self->pointer == NULL)
    return sw_machine_set_field (sw_document_get_machine (self->document), key, value, error);
  state = _sw_inspector_get_state (self);
  if (state == NULL)
    {
      g_clear_pointer (&value, sw_value_unref);
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s",
                   _("The state is no longer part of the workflow"));
      return FALSE;
    }
  return sw_state_set_field (state, key, value, error);
}

/**
 * _sw_inspector_set_at:
 * @pointer: where, relative to the edited state or machine
 * @value: (transfer full) (nullable): the new value; %NULL removes the member or item
 *
 * One model edit: the top-level field is replaced as a whole when @pointer is nested.
 */
gboolean
_sw_inspector_set_at (SwInspector  *self,
                      const char   *pointer,
                      SwValue      *value,
                      GError      **error)
{
  g_auto (GStrv) tokens = split_pointer (pointer);
  g_autoptr (SwValue) owned = value;
  g_autoptr (SwValue) top = NULL;
  SwValue *parent;
  SwValue *current;
  guint n;

  if (tokens == NULL || tokens[0] == NULL || _sw_inspector_get_target (self) == NULL)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Nothing to edit"));
      return FALSE;
    }
  n = g_strv_length (tokens);
  if (n == 1)
    return set_top (self, tokens[0], g_steal_pointer (&owned), error);

  current = sw_value_object_get (_sw_inspector_get_target (self), tokens[0]);
  if (current == NULL && owned == NULL)
    return TRUE;
  /* Missing objects on the way are created: "/ItemProcessor/ProcessorConfig/Mode". */
  top = current != NULL ? sw_value_copy (current) : sw_value_new_object ();
  parent = top;
  for (guint i = 1; i + 1 < n && parent != NULL; i++)
    {
      SwValue *child = child_of (parent, tokens[i]);

      if (child == NULL && owned != NULL && sw_value_is_object (parent))
        {
          child = sw_value_new_object ();
          sw_value_object_set (parent, tokens[i], child);
        }
      parent = child;
    }
  if (parent == NULL)
    {
      g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Nothing to edit"));
      return FALSE;
    }

  if (sw_value_is_object (parent))
    {
      if (owned == NULL)
        sw_value_object_remove (parent, tokens[n - 1]);
      else
        sw_value_object_set (parent, tokens[n - 1], g_steal_pointer (&owned));
    }
  else if (sw_value_is_array (parent))
    {
      guint64 index = g_ascii_strtoull (tokens[n - 1], NULL, 10);

      if (index > sw_value_array_get_length (parent))
        {
          g_set_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID, "%s", _("Nothing to edit"));
          return FALSE;
        }
      if (index < sw_value_array_get_length (parent))
        sw_value_array_remove (parent, (guint) index);
      if (owned != NULL)
        sw_value_array_insert (parent, (guint) index, g_steal_pointer (&owned));
    }
  return set_top (self, tokens[0], g_steal_pointer (&top), error);
}

gboolean
_sw_inspector_is_jsonata (SwInspector *self)
{
  SwState *state = _sw_inspector_get_state (self);
  const char *language;

  if (state != NULL)
    language = sw_state_get_query_language (state);
  else
    language = sw_machine_get_query_language (sw_document_get_machine (self->document));
  return g_strcmp0 (language, "JSONata") == 0;
}

/* The states a transition of the edited state may name: those of its own machine. */
GStrv
_sw_inspector_dup_state_names (SwInspector *self)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  SwState *state = _sw_inspector_get_state (self);
  SwMachine *machine = state != NULL ? sw_state_get_machine (state)
                                     : sw_document_get_machine (self->document);

  for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
    g_strv_builder_add (names, sw_state_get_name (sw_machine_get_state (machine, i)));
  return g_strv_builder_end (names);
}

void
_sw_inspector_add_field (SwInspector *self,
                         SwField     *field)
{
  g_ptr_array_add (self->fields, field);
}

SwField *
_sw_inspector_get_field (SwInspector *self,
                         const char  *pointer)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      SwField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->pointer, pointer) == 0)
        return field;
    }
  return NULL;
}

GtkWidget *
_sw_inspector_get_field_widget (SwInspector *self,
                                const char  *pointer)
{
  SwField *field = _sw_inspector_get_field (self, pointer);

  return field != NULL ? field->widget : NULL;
}

/* The validator findings shown for what is edited. */
guint
_sw_inspector_get_n_problems (SwInspector *self)
{
  guint n = 0;

  if (!gtk_widget_get_visible (self->problems))
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (self->problems); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_BOX (child);
  return n;
}

const char *
_sw_inspector_get_visible_page (SwInspector *self)
{
  if (self->pointer == NULL)
    return "machine";
  return adw_view_stack_get_visible_child_name (self->tabs);
}

void
_sw_inspector_set_visible_page (SwInspector *self,
                                const char  *name)
{
  adw_view_stack_set_visible_child_name (self->tabs, name);
}

/* Building -------------------------------------------------------------------------------- */

static void
append_shape (GString       *out,
              const SwValue *value,
              gboolean       keys)
{
  if (value == NULL)
    {
      g_string_append_c (out, '-');
      return;
    }
  if (sw_value_is_array (value))
    {
      g_string_append_printf (out, "[%u", sw_value_array_get_length (value));
      for (guint i = 0; keys && i < sw_value_array_get_length (value); i++)
        append_shape (out, sw_value_array_get (value, i), keys);
      g_string_append_c (out, ']');
    }
  else if (sw_value_is_object (value) && keys)
    {
      g_string_append_c (out, '{');
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        {
          g_string_append (out, sw_value_object_get_key (value, i));
          g_string_append_c (out, ':');
          append_shape (out, sw_value_object_get_value (value, i), keys);
        }
      g_string_append_c (out, '}');
    }
  else
    g_string_append_c (out, '.');
}

/* What the pages depend on beyond field values: when it changes they are rebuilt. */
static char *
compute_shape (SwInspector *self)
{
  GString *out = g_string_new (self->pointer != NULL ? self->pointer : "#machine");
  SwValue *target = _sw_inspector_get_target (self);
  SwState *state = _sw_inspector_get_state (self);
  g_auto (GStrv) names = NULL;

  if (target == NULL)
    return g_string_free (out, FALSE);
  names = _sw_inspector_dup_state_names (self);
  g_string_append_printf (out, "|%s|", _sw_inspector_is_jsonata (self) ? "JSONata" : "JSONPath");
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (out, "%s\x1f", names[i]);
  if (state != NULL)
    {
      g_string_append_printf (out, "|%s|%d|", sw_state_get_type_name (state),
                              sw_resource_is_service_integration (sw_state_get_resource (state)));
      append_shape (out, sw_value_object_get (target, "Retry"), FALSE);
      append_shape (out, sw_value_object_get (target, "Catch"), FALSE);
      append_shape (out, sw_value_object_get (target, "Choices"), TRUE);
      append_shape (out, sw_value_object_get (target, "Branches"), FALSE);
    }
  return g_string_free (out, FALSE);
}

static void
forget_fields (SwInspector *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    ((SwField *) g_ptr_array_index (self->fields, i))->inspector = NULL;
  g_ptr_array_set_size (self->fields, 0);
}

static GtkWidget *
new_page_box (GtkWidget *scroller)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_add_css_class (box, "sw-inspector-page");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  return box;
}

static void
update_header (SwInspector *self)
{
  SwState *state = _sw_inspector_get_state (self);

  if (state == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->header_title), _("Workflow"));
      gtk_label_set_text (GTK_LABEL (self->header_subtitle),
                          _sw_inspector_is_jsonata (self) ? _("State machine · JSONata")
                                                          : _("State machine · JSONPath"));
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->header_title), sw_state_get_name (state));
  {
    g_autofree char *subtitle = g_strdup_printf ("%s · %s", sw_state_get_type_name (state),
                                                 sw_state_get_query_language (state));
    gtk_label_set_text (GTK_LABEL (self->header_subtitle), subtitle);
  }
}

static void
set_tab (SwInspector *self,
         guint        tab,
         gboolean     visible,
         const char  *title,
         const char  *icon_name)
{
  adw_view_stack_page_set_visible (self->tab_pages[tab], visible);
  if (title != NULL)
    adw_view_stack_page_set_title (self->tab_pages[tab], title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (self->tab_pages[tab], icon_name);
}

static void
rebuild (SwInspector *self)
{
  SwState *state = _sw_inspector_get_state (self);

  forget_fields (self);

  if (self->pointer == NULL)
    {
      _sw_inspector_build_machine (self, new_page_box (self->machine_scroller));
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "machine");
    }
  else if (state != NULL)
    {
      SwStateType type = sw_state_get_state_type (state);
      const char *visible = adw_view_stack_get_visible_child_name (self->tabs);

      _sw_inspector_build_config (self, new_page_box (self->scrollers[TAB_CONFIGURATION]));
      _sw_inspector_build_io (self, new_page_box (self->scrollers[TAB_INPUT_OUTPUT]));
      _sw_inspector_build_errors (self, new_page_box (self->scrollers[TAB_ERROR_HANDLING]));

      set_tab (self, TAB_INPUT_OUTPUT, type != SW_STATE_TYPE_FAIL, NULL, NULL);
      set_tab (self, TAB_ERROR_HANDLING, type == SW_STATE_TYPE_TASK ||
               type == SW_STATE_TYPE_PARALLEL || type == SW_STATE_TYPE_MAP, NULL, NULL);
      switch (type)
        {
        case SW_STATE_TYPE_CHOICE:
          set_tab (self, TAB_TYPE, TRUE, _("Rules"), "view-list-symbolic");
          break;
        case SW_STATE_TYPE_WAIT:
          set_tab (self, TAB_TYPE, TRUE, _("Wait"), "alarm-symbolic");
          break;
        case SW_STATE_TYPE_MAP:
          set_tab (self, TAB_TYPE, TRUE, _("Map"), "view-grid-symbolic");
          break;
        case SW_STATE_TYPE_PARALLEL:
          set_tab (self, TAB_TYPE, TRUE, _("Parallel"), "view-dual-symbolic");
          break;
        case SW_STATE_TYPE_PASS:
        case SW_STATE_TYPE_TASK:
        case SW_STATE_TYPE_SUCCEED:
        case SW_STATE_TYPE_FAIL:
        case SW_STATE_TYPE_UNKNOWN:
        default:
          set_tab (self, TAB_TYPE, FALSE, NULL, NULL);
          break;
        }
      if (type == SW_STATE_TYPE_CHOICE)
        _sw_inspector_build_choice (self, new_page_box (self->scrollers[TAB_TYPE]));
      else
        _sw_inspector_build_settings (self, new_page_box (self->scrollers[TAB_TYPE]));

      /* Keep the tab the person was on when it still exists for this state. */
      if (visible != NULL)
        {
          for (guint i = 0; i < N_TABS; i++)
            if (strcmp (visible, tab_names[i]) == 0 &&
                adw_view_stack_page_get_visible (self->tab_pages[i]))
              adw_view_stack_set_visible_child_name (self->tabs, visible);
        }
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "state");
    }
  update_header (self);
}

/* Whether a diagnostic is about the edited state itself (not a state nested inside it) or,
 * with no state, about the machine's own fields. */
static gboolean
concerns (SwInspector        *self,
          const SwDiagnostic *diagnostic)
{
  const char *pointer = diagnostic->pointer != NULL ? diagnostic->pointer : "";
  gsize n;

  if (self->pointer == NULL)
    return !g_str_has_prefix (pointer, "/States/");
  n = strlen (self->pointer);
  if (strncmp (pointer, self->pointer, n) != 0 || (pointer[n] != '\0' && pointer[n] != '/'))
    return FALSE;
  return strstr (pointer + n, "/States/") == NULL;
}

static void
update_problems (SwInspector *self)
{
  GPtrArray *diagnostics = self->document != NULL
                           ? sw_document_get_diagnostics (self->document) : NULL;
  GtkWidget *child;
  guint shown = 0, hidden = 0;

  while ((child = gtk_widget_get_first_child (self->problems)) != NULL)
    gtk_box_remove (GTK_BOX (self->problems), child);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      GtkWidget *row, *icon, *label;

      if (!concerns (self, diagnostic))
        continue;
      if (shown == 4)
        {
          hidden++;
          continue;
        }
      shown++;
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      icon = gtk_image_new_from_icon_name (diagnostic->severity == SW_SEVERITY_ERROR
                                           ? "dialog-error-symbolic"
                                           : "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, diagnostic->severity == SW_SEVERITY_ERROR ? "error"
                                                                                 : "warning");
      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      label = gtk_label_new (diagnostic->message);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_tooltip_text (label, diagnostic->code);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (self->problems), row);
    }
  if (hidden > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("And %u more problem",
                                                         "And %u more problems", hidden),
                                               hidden);
      GtkWidget *label = gtk_label_new (more);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->problems), label);
    }
  gtk_widget_set_visible (self->problems, shown > 0);
}

static void
refresh_now (SwInspector *self)
{
  g_autofree char *shape = NULL;
  const char * const *selection;
  guint n_selected = 0;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->document == NULL)
    return;

  selection = sw_document_get_selection (self->document);
  while (selection != NULL && selection[n_selected] != NULL)
    n_selected++;

  if (n_selected > 1)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u state selected",
                                                          "%u states selected", n_selected),
                                                n_selected);

      forget_fields (self);
      g_clear_pointer (&self->pointer, g_free);
      g_clear_pointer (&self->shape, g_free);
      adw_status_page_set_title (ADW_STATUS_PAGE (self->multiple_page), title);
      gtk_label_set_text (GTK_LABEL (self->header_title), _("Selection"));
      gtk_label_set_text (GTK_LABEL (self->header_subtitle), "");
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "multiple");
      gtk_widget_set_visible (self->problems, FALSE);
      return;
    }

  if (g_strcmp0 (self->pointer, n_selected == 1 ? selection[0] : NULL) != 0)
    {
      g_free (self->pointer);
      self->pointer = n_selected == 1 ? g_strdup (selection[0]) : NULL;
    }
  if (self->pointer != NULL && _sw_inspector_get_state (self) == NULL)
    g_clear_pointer (&self->pointer, g_free);

  shape = compute_shape (self);
  if (g_strcmp0 (shape, self->shape) != 0)
    {
      g_free (self->shape);
      self->shape = g_steal_pointer (&shape);
      rebuild (self);
      update_problems (self);
      return;
    }
  for (guint i = 0; i < self->fields->len; i++)
    _sw_field_refresh (g_ptr_array_index (self->fields, i));
  update_header (self);
  update_problems (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  SwInspector *self = data;

  self->refresh_id = 0;
  refresh_now (self);
  return G_SOURCE_REMOVE;
}

/* Model changes arrive inside a field's own signal handler: the pages are rebuilt later, once
 * that handler has returned. */
void
_sw_inspector_queue_refresh (SwInspector *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
machine_changed_cb (SwInspector *self)
{
  _sw_inspector_queue_refresh (self);
}

static void
bind_machine (SwInspector *self)
{
  SwMachine *machine = self->document != NULL ? sw_document_get_machine (self->document) : NULL;

  if (self->machine == machine)
    return;
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_set_object (&self->machine, machine);
  if (machine != NULL)
    self->changed_id = g_signal_connect_swapped (machine, "changed",
                                                 G_CALLBACK (machine_changed_cb), self);
  g_clear_pointer (&self->shape, g_free);
  _sw_inspector_queue_refresh (self);
}

/* Actions --------------------------------------------------------------------------------- */

static char *
first_other_state (SwInspector *self)
{
  g_auto (GStrv) names = _sw_inspector_dup_state_names (self);
  SwState *state = _sw_inspector_get_state (self);

  for (guint i = 0; names[i] != NULL; i++)
    if (state == NULL || strcmp (names[i], sw_state_get_name (state)) != 0)
      return g_strdup (names[i]);
  return state != NULL ? g_strdup (sw_state_get_name (state)) : NULL;
}

static SwValue *
new_item (SwInspector *self,
          const char  *field)
{
  g_autofree char *next = first_other_state (self);
  SwValue *item = sw_value_new_object ();
  SwValue *errors;

  if (strcmp (field, "Retry") == 0 || strcmp (field, "Catch") == 0)
    {
      errors = sw_value_new_array ();
      sw_value_array_append (errors, sw_value_new_string ("States.ALL"));
      sw_value_object_set (item, "ErrorEquals", errors);
    }
  if (strcmp (field, "Retry") == 0)
    {
      sw_value_object_set (item, "IntervalSeconds", sw_value_new_int (1));
      sw_value_object_set (item, "MaxAttempts", sw_value_new_int (3));
      sw_value_object_set (item, "BackoffRate", sw_value_new_number ("2"));
      return item;
    }
  if (strcmp (field, "Catch") == 0)
    {
      sw_value_object_set (item, "Next", sw_value_new_string (next));
      if (!_sw_inspector_is_jsonata (self))
        sw_value_object_set (item, "ResultPath", sw_value_new_string ("$.error"));
      return item;
    }
  /* Choices */
  sw_value_unref (item);
  if (_sw_inspector_is_jsonata (self))
    {
      item = sw_value_new_object ();
      sw_value_object_set (item, "Condition", sw_value_new_string ("{% $states.input.ok %}"));
    }
  else
    item = _sw_choice_new_comparison ();
  sw_value_object_set (item, "Next", sw_value_new_string (next));
  return item;
}

static void
report (SwInspector *self,
        GError      *error)
{
  if (error != NULL)
    g_warning ("Inspector: %s", error->message);
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SwInspector *self = SW_INSPECTOR (widget);
  const char *field = g_variant_get_string (parameter, NULL);
  g_autofree char *pointer = g_strconcat ("/", field, NULL);
  SwValue *current = _sw_inspector_lookup (self, pointer);
  g_autoptr (SwValue) array = current != NULL && sw_value_is_array (current)
                              ? sw_value_copy (current) : sw_value_new_array ();
  g_autoptr (GError) error = NULL;

  if (strcmp (field, "Retry") != 0 && strcmp (field, "Catch") != 0 &&
      strcmp (field, "Choices") != 0)
    return;
  sw_value_array_append (array, new_item (self, field));
  if (!_sw_inspector_set_at (self, pointer, g_steal_pointer (&array), &error))
    report (self, error);
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SwInspector *self = SW_INSPECTOR (widget);
  const char *pointer = g_variant_get_string (parameter, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *parent = g_strdup (pointer);
  char *slash = strrchr (parent, '/');
  SwValue *array;

  if (slash == NULL || _sw_inspector_lookup (self, pointer) == NULL)
    return;
  *slash = '\0';
  array = _sw_inspector_lookup (self, parent);
  /* The last retrier or catcher takes its field with it: an empty list is invalid ASL. */
  if (array != NULL && sw_value_is_array (array) && sw_value_array_get_length (array) == 1 &&
      strchr (parent + 1, '/') == NULL && strcmp (parent, "/Choices") != 0)
    {
      if (!_sw_inspector_set_at (self, parent, NULL, &error))
        report (self, error);
      return;
    }
  if (!_sw_inspector_set_at (self, pointer, NULL, &error))
    report (self, error);
}

static void
move_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwInspector *self = SW_INSPECTOR (widget);
  const char *pointer;
  int delta;
  g_autofree char *parent = NULL;
  char *slash;
  guint64 index;
  SwValue *array;
  g_autoptr (SwValue) copy = NULL;
  g_autoptr (GError) error = NULL;
  SwValue *item;

  g_variant_get (parameter, "(&si)", &pointer, &delta);
  parent = g_strdup (pointer);
  slash = strrchr (parent, '/');
  if (slash == NULL)
    return;
  *slash = '\0';
  index = g_ascii_strtoull (slash + 1, NULL, 10);
  array = _sw_inspector_lookup (self, parent);
  if (array == NULL || !sw_value_is_array (array) ||
      index >= sw_value_array_get_length (array) ||
      (delta < 0 && index == 0) || (delta > 0 && index + 1 >= sw_value_array_get_length (array)))
    return;

  copy = sw_value_copy (array);
  item = sw_value_ref (sw_value_array_get (copy, (guint) index));
  sw_value_array_remove (copy, (guint) index);
  sw_value_array_insert (copy, (guint) (delta < 0 ? index - 1 : index + 1), item);
  if (!_sw_inspector_set_at (self, parent, g_steal_pointer (&copy), &error))
    report (self, error);
}

static void
add_condition_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SwInspector *self = SW_INSPECTOR (widget);
  const char *pointer = g_variant_get_string (parameter, NULL);
  SwValue *list = _sw_inspector_lookup (self, pointer);
  g_autoptr (SwValue) copy = NULL;
  g_autoptr (GError) error = NULL;

  if (list == NULL || !sw_value_is_array (list))
    return;
  copy = sw_value_copy (list);
  sw_value_array_append (copy, _sw_choice_new_comparison ());
  if (!_sw_inspector_set_at (self, pointer, g_steal_pointer (&copy), &error))
    report (self, error);
}

static void
add_branch_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SwInspector *self = SW_INSPECTOR (widget);
  SwValue *branches = _sw_inspector_lookup (self, "/Branches");
  SwMachine *root = sw_document_get_machine (self->document);
  g_autoptr (SwValue) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  SwValue *branch, *states, *pass;

  if (branches == NULL || !sw_value_is_array (branches))
    return;
  /* A name unused in the whole definition: nested names are global in ASL. */
  for (guint n = sw_value_array_get_length (branches) + 1; ; n++)
    {
      g_free (name);
      name = g_strdup_printf (_("Branch %u"), n);
      if (sw_machine_lookup_state (root, name) == NULL)
        {
          g_autofree char *text = sw_json_write (branches, SW_JSON_WRITE_COMPACT, NULL);
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", name);

          if (strstr (text, quoted) == NULL)
            break;
        }
    }
  copy = sw_value_copy (branches);
  branch = sw_value_new_object ();
  states = sw_value_new_object ();
  pass = sw_value_new_object ();
  sw_value_object_set (pass, "Type", sw_value_new_string ("Pass"));
  sw_value_object_set (pass, "End", sw_value_new_boolean (TRUE));
  sw_value_object_set (states, name, pass);
  sw_value_object_set (branch, "StartAt", sw_value_new_string (name));
  sw_value_object_set (branch, "States", states);
  sw_value_array_append (copy, branch);
  if (!_sw_inspector_set_at (self, "/Branches", g_steal_pointer (&copy), &error))
    report (self, error);
}

/* GObject --------------------------------------------------------------------------------- */

static void
selection_changed_cb (SwInspector *self)
{
  _sw_inspector_queue_refresh (self);
}

static void
sw_inspector_set_document (SwInspector *self,
                           SwDocument  *document)
{
  g_assert (self->document == NULL);

  self->document = g_object_ref (document);
  g_signal_connect_object (document, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::machine", G_CALLBACK (bind_machine), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "diagnostics-changed", G_CALLBACK (update_problems), self,
                           G_CONNECT_SWAPPED);
  bind_machine (self);
  refresh_now (self);
}

static void
sw_inspector_dispose (GObject *object)
{
  SwInspector *self = SW_INSPECTOR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->focus_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick_id);
  self->focus_tick_id = 0;
  g_clear_object (&self->focus_target);
  forget_fields (self);
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_clear_object (&self->machine);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (sw_inspector_parent_class)->dispose (object);
}

static void
sw_inspector_finalize (GObject *object)
{
  SwInspector *self = SW_INSPECTOR (object);

  g_ptr_array_unref (self->fields);
  g_free (self->pointer);
  g_free (self->shape);

  G_OBJECT_CLASS (sw_inspector_parent_class)->finalize (object);
}

static void
sw_inspector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SwInspector *self = SW_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_inspector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SwInspector *self = SW_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      sw_inspector_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_inspector_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sw_inspector_parent_class)->realize (widget);
  /* The widget's own look travels with it (tests and other windows have no app CSS). */
  sw_widget_css_install (widget, "sw-inspector-css", css);
}

static void
sw_inspector_class_init (SwInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_inspector_dispose;
  object_class->finalize = sw_inspector_finalize;
  object_class->get_property = sw_inspector_get_property;
  object_class->set_property = sw_inspector_set_property;
  widget_class->realize = sw_inspector_realize;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SW_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "inspector.add-item", "s", add_item_action);
  gtk_widget_class_install_action (widget_class, "inspector.remove-item", "s",
                                   remove_item_action);
  gtk_widget_class_install_action (widget_class, "inspector.move-item", "(si)",
                                   move_item_action);
  gtk_widget_class_install_action (widget_class, "inspector.add-condition", "s",
                                   add_condition_action);
  gtk_widget_class_install_action (widget_class, "inspector.add-branch", NULL,
                                   add_branch_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "swinspector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
new_scroller (void)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static void
sw_inspector_init (SwInspector *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkLayoutManager *layout;
  GtkWidget *state_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  struct { const char *title; const char *icon; } tabs[N_TABS] = {
    { N_("Configuration"), "emblem-system-symbolic" },
    { N_("Input/Output"), "network-transmit-receive-symbolic" },
    { N_("Error Handling"), "dialog-warning-symbolic" },
    { N_("Rules"), "view-list-symbolic" },
  };

  self->fields = g_ptr_array_new ();
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "sw-inspector");

  gtk_widget_add_css_class (header, "sw-inspector-header");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  self->header_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->header_title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->header_title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->header_title, "title-4");
  self->header_subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->header_subtitle), 0);
  gtk_widget_add_css_class (self->header_subtitle, "dim-label");
  gtk_widget_add_css_class (self->header_subtitle, "caption");
  gtk_box_append (GTK_BOX (header), self->header_title);
  gtk_box_append (GTK_BOX (header), self->header_subtitle);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  /* The validator's findings about what is edited, under its name. */
  self->problems = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->problems, "sw-inspector-problems");
  gtk_widget_set_margin_start (self->problems, 12);
  gtk_widget_set_margin_end (self->problems, 12);
  gtk_widget_set_margin_bottom (self->problems, 8);
  gtk_widget_set_visible (self->problems, FALSE);
  gtk_widget_set_parent (self->problems, GTK_WIDGET (self));

  self->tabs = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->tabs), TRUE);
  for (guint i = 0; i < N_TABS; i++)
    {
      self->scrollers[i] = new_scroller ();
      self->tab_pages[i] = adw_view_stack_add_titled (self->tabs, self->scrollers[i],
                                                      tab_names[i], _(tabs[i].title));
      adw_view_stack_page_set_icon_name (self->tab_pages[i], tabs[i].icon);
    }
  self->switcher = adw_view_switcher_new ();
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (self->switcher), self->tabs);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (self->switcher),
                                ADW_VIEW_SWITCHER_POLICY_NARROW);
  gtk_widget_add_css_class (self->switcher, "sw-inspector-tabs");
  gtk_widget_set_margin_start (self->switcher, 6);
  gtk_widget_set_margin_end (self->switcher, 6);
  gtk_box_append (GTK_BOX (state_page), self->switcher);
  gtk_box_append (GTK_BOX (state_page), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (state_page), GTK_WIDGET (self->tabs));

  self->machine_scroller = new_scroller ();
  self->multiple_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->multiple_page),
                                 "edit-select-all-symbolic");
  adw_status_page_set_description (ADW_STATUS_PAGE (self->multiple_page),
                                   _("Select one state to edit it"));
  gtk_widget_add_css_class (self->multiple_page, "compact");

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), self->machine_scroller, "machine");
  gtk_stack_add_named (GTK_STACK (self->stack), state_page, "state");
  gtk_stack_add_named (GTK_STACK (self->stack), self->multiple_page, "multiple");
  gtk_widget_set_parent (gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), GTK_WIDGET (self));
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
}

/**
 * sw_inspector_new:
 * @document: the document whose selection it edits
 *
 * Returns: (transfer floating): a new #SwInspector
 */
GtkWidget *
sw_inspector_new (SwDocument *document)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (document), NULL);

  return g_object_new (SW_TYPE_INSPECTOR, "document", document, NULL);
}

/**
 * sw_inspector_get_document:
 *
 * Returns: (transfer none): the document
 */
SwDocument *
sw_inspector_get_document (SwInspector *self)
{
  g_return_val_if_fail (SW_IS_INSPECTOR (self), NULL);

  return self->document;
}

/* Focusing a diagnostic's field ------------------------------------------------------------ */

/* Members without a field of their own, and the field that edits them. */
static const struct
{
  const char *member;
  const char *field;
} field_aliases[] = {
  { "", "#name" },
  { "/Type", "#name" },
  { "/End", "/Next" },
};

/* Whether @prefix is @pointer or one of its ancestors, token by token. */
static gboolean
pointer_has_prefix (const char *pointer,
                    const char *prefix)
{
  gsize n = strlen (prefix);

  return strncmp (pointer, prefix, n) == 0 && (pointer[n] == '\0' || pointer[n] == '/');
}

/* The field editing @relative, or the nearest one enclosing it. Fields named "PTR#what" (a
 * rule's kind, operator, value) edit the members of PTR that have no field of their own. */
static SwField *
find_field_for (SwInspector *self,
                const char  *relative)
{
  SwField *best = NULL;
  gsize best_score = 0;

  for (guint i = 0; i < G_N_ELEMENTS (field_aliases); i++)
    if (strcmp (relative, field_aliases[i].member) == 0 &&
        _sw_inspector_get_field (self, field_aliases[i].field) != NULL)
      return _sw_inspector_get_field (self, field_aliases[i].field);

  for (guint i = 0; i < self->fields->len; i++)
    {
      SwField *field = g_ptr_array_index (self->fields, i);
      const char *hash = strchr (field->pointer, '#');
      g_autofree char *base = g_strndup (field->pointer,
                                         hash != NULL ? (gsize) (hash - field->pointer)
                                                      : strlen (field->pointer));
      gsize score;

      if (base[0] != '/' || !pointer_has_prefix (relative, base))
        continue;
      /* Longer is nearer; an exact field beats a "#" one; a member of a rule is its value. */
      score = 4 * strlen (base) + (hash == NULL ? 2 : 0) +
              (hash != NULL && strcmp (hash, "#value") == 0 && strlen (relative) > strlen (base));
      if (score > best_score)
        {
          best = field;
          best_score = score;
        }
    }
  return best;
}

/* Scrolls the page so that the focused field shows, once it has been allocated. */
static gboolean
scroll_to_focus_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  SwInspector *self = SW_INSPECTOR (widget);
  GtkWidget *target = self->focus_target;
  GtkWidget *scroller;
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  if (target == NULL)
    {
      self->focus_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* Ticks come before layout: a page built for this focus is allocated a frame later. */
  if (!gtk_widget_get_mapped (target) || gtk_widget_get_height (target) == 0)
    {
      if (++self->focus_ticks < 30)
        return G_SOURCE_CONTINUE;
      self->focus_tick_id = 0;
      g_clear_object (&self->focus_target);
      return G_SOURCE_REMOVE;
    }
  self->focus_tick_id = 0;
  self->focus_target = NULL;
  /* The page's scroller, not the one inside a JSON editor. */
  scroller = self->machine_scroller;
  for (guint i = 0; i < N_TABS; i++)
    if (gtk_widget_is_ancestor (target, self->scrollers[i]))
      scroller = self->scrollers[i];
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (content != NULL && gtk_widget_compute_bounds (target, content, &bounds))
    {
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      value = gtk_adjustment_get_value (adjustment);
      page = gtk_adjustment_get_page_size (adjustment);
      if (bounds.origin.y < value || bounds.origin.y + bounds.size.height > value + page)
        gtk_adjustment_set_value (adjustment, MAX (bounds.origin.y - 24, 0));
    }
  g_object_unref (target);
  return G_SOURCE_REMOVE;
}

/**
 * sw_inspector_focus_pointer:
 * @json_pointer: a pointer into the definition, as diagnostics carry it, such as
 *   `/States/Train/Retry/0/IntervalSeconds`
 *
 * Selects the state @json_pointer lies in (or nothing, for the machine's own fields), shows
 * the tab holding the field that edits it — or the nearest enclosing field — scrolls to it and
 * gives it the focus. In a JSON editor (Parameters, …) the cursor goes to the member.
 *
 * Returns: %TRUE when a field took the focus
 */
gboolean
sw_inspector_focus_pointer (SwInspector *self,
                            const char  *json_pointer)
{
  g_autofree char *state_pointer = NULL;
  const char *relative;
  SwField *field;
  GtkWidget *page = NULL;

  g_return_val_if_fail (SW_IS_INSPECTOR (self), FALSE);
  g_return_val_if_fail (json_pointer != NULL, FALSE);

  state_pointer = sw_document_dup_state_pointer_for (self->document, json_pointer);
  if (state_pointer != NULL)
    {
      const char * const *selection = sw_document_get_selection (self->document);

      if (selection == NULL || g_strcmp0 (selection[0], state_pointer) != 0 ||
          selection[1] != NULL)
        sw_document_select_one (self->document, state_pointer);
      relative = json_pointer + strlen (state_pointer);
    }
  else
    {
      static const char * const none[] = { NULL };

      sw_document_set_selection (self->document, none);
      relative = json_pointer;
    }
  /* The pages follow the selection on idle; they are needed now. */
  refresh_now (self);

  field = find_field_for (self, relative);
  if (field == NULL || field->widget == NULL)
    return FALSE;

  for (guint i = 0; i < N_TABS; i++)
    if (gtk_widget_is_ancestor (field->widget, self->scrollers[i]))
      {
        adw_view_stack_set_visible_child (self->tabs, self->scrollers[i]);
        page = self->scrollers[i];
      }
  if (page == NULL && !gtk_widget_is_ancestor (field->widget, self->machine_scroller))
    return FALSE;

  if (field->kind == SW_FIELD_JSON)
    sw_json_editor_focus_pointer (SW_JSON_EDITOR (field->widget),
                                  relative + strlen (field->pointer));
  else if (!gtk_widget_grab_focus (field->widget))
    gtk_widget_child_focus (field->widget, GTK_DIR_TAB_FORWARD);

  g_clear_object (&self->focus_target);
  self->focus_target = g_object_ref (field->box != NULL ? field->box : field->widget);
  self->focus_ticks = 0;
  if (self->focus_tick_id == 0)
    self->focus_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_focus_cb,
                                                        NULL, NULL);
  return TRUE;
}

/**
 * sw_inspector_get_visible_tab:
 *
 * Returns: the name of the tab shown ("configuration", "input-output", "error-handling",
 *   "type"), or "machine" when the machine is edited
 */
const char *
sw_inspector_get_visible_tab (SwInspector *self)
{
  g_return_val_if_fail (SW_IS_INSPECTOR (self), NULL);

  return _sw_inspector_get_visible_page (self);
}
