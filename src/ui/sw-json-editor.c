/* sw-json-editor.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "sw-json-editor.h"
#include "sw-json.h"
#include "sw-jsonata.h"

struct _SwJsonEditor
{
  GtkWidget        parent_instance;

  GtkWidget       *frame;
  GtkWidget       *scroller;
  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
  GtkWidget       *error_label;
  GtkTextTag      *error_tag;

  char            *error;
  char            *committed_text;
  guint            setting : 1;
  guint            modified : 1;
};

G_DEFINE_FINAL_TYPE (SwJsonEditor, sw_json_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ERROR,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  COMMITTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * sw_jsonata_check_template:
 * @text: a field's text
 * @offset: (out) (optional): where the error is, in characters from the start of @text
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @text is not a `{% %}` template or when its expression compiles
 */
gboolean
sw_jsonata_check_template (const char  *text,
                           int         *offset,
                           GError     **error)
{
  g_autofree char *inner = NULL;
  g_autoptr (SwJsonata) compiled = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize len;
  int position;

  g_return_val_if_fail (text != NULL, FALSE);

  len = strlen (text);
  if (!g_str_has_prefix (text, "{%"))
    return TRUE;
  if (len < 4 || !g_str_has_suffix (text, "%}"))
    {
      if (offset != NULL)
        *offset = (int) g_utf8_strlen (text, -1);
      g_set_error (error, SW_JSONATA_ERROR, SW_JSONATA_ERROR_STATIC, "%s",
                   _("A JSONata expression ends with “%}”"));
      return FALSE;
    }
  inner = g_strndup (text + 2, len - 4);
  compiled = sw_jsonata_compile (inner, &local_error);
  if (compiled != NULL)
    return TRUE;

  /* JSONata reports the end of the bad token, counting from 1. */
  position = sw_jsonata_error_get_position (local_error);
  if (offset != NULL)
    *offset = 2 + MAX (0, MIN (position - 1, (int) g_utf8_strlen (inner, -1)));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * sw_json_check_jsonata:
 * @value: a parsed JSON value
 * @line: (out) (optional): the line of the error
 * @column: (out) (optional): the column of the error
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every `{% %}` string inside @value compiles
 */
gboolean
sw_json_check_jsonata (const SwValue  *value,
                       guint          *line,
                       guint          *column,
                       GError        **error)
{
  g_return_val_if_fail (value != NULL, FALSE);

  if (sw_value_is_string (value))
    {
      int offset = 0;

      if (sw_jsonata_check_template (sw_value_get_string (value), &offset, error))
        return TRUE;
      /* The string's position is its opening quote; escapes are rare in expressions. */
      if (line != NULL)
        *line = sw_value_get_line (value);
      if (column != NULL)
        *column = sw_value_get_column (value) + 1 + offset;
      return FALSE;
    }
  if (sw_value_is_array (value))
    {
      for (guint i = 0; i < sw_value_array_get_length (value); i++)
        if (!sw_json_check_jsonata (sw_value_array_get (value, i), line, column, error))
          return FALSE;
    }
  else if (sw_value_is_object (value))
    {
      for (guint i = 0; i < sw_value_object_get_size (value); i++)
        if (!sw_json_check_jsonata (sw_value_object_get_value (value, i), line, column, error))
          return FALSE;
    }
  return TRUE;
}

/**
 * sw_json_locate_pointer:
 * @root: a value parsed with positions
 * @pointer: a JSON Pointer into @root
 * @line: (out): 1-based line
 * @column: (out): 1-based column, in characters
 *
 * Returns: %TRUE when every token of @pointer was found
 */
gboolean
sw_json_locate_pointer (SwValue    *root,
                        const char *pointer,
                        guint      *line,
                        guint      *column)
{
  g_auto (GStrv) tokens = NULL;
  SwValue *value = root;

  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (line != NULL && column != NULL, FALSE);

  *line = sw_value_get_line (root);
  *column = sw_value_get_column (root);
  if (pointer == NULL || pointer[0] == '\0')
    return TRUE;
  if (pointer[0] != '/')
    return FALSE;

  tokens = g_strsplit (pointer + 1, "/", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_autoptr (GString) token = g_string_new (tokens[i]);

      g_string_replace (token, "~1", "/", 0);
      g_string_replace (token, "~0", "~", 0);

      if (sw_value_is_object (value))
        {
          guint index;

          if (!sw_value_object_find (value, token->str, &index))
            return FALSE;
          *line = sw_value_object_get_key_line (value, index);
          *column = sw_value_object_get_key_column (value, index);
          value = sw_value_object_get_value (value, index);
          if (tokens[i + 1] == NULL)
            return TRUE;
        }
      else if (sw_value_is_array (value))
        {
          char *end = NULL;
          guint64 index = g_ascii_strtoull (token->str, &end, 10);

          if (end == token->str || *end != '\0' || index >= sw_value_array_get_length (value))
            return FALSE;
          value = sw_value_array_get (value, index);
        }
      else
        return FALSE;

      *line = sw_value_get_line (value);
      *column = sw_value_get_column (value);
    }
  return TRUE;
}

static char *
dup_buffer_text (SwJsonEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static void
set_error (SwJsonEditor *self,
           const char   *message,
           guint         line,
           guint         column)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);

  if (message != NULL && line > 0)
    text = g_strdup_printf (_("Line %u, column %u: %s"), line, column, message);
  else
    text = g_strdup (message);

  if (g_strcmp0 (self->error, text) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  gtk_widget_set_visible (self->error_label, text != NULL);
  if (text == NULL)
    {
      gtk_widget_remove_css_class (self->frame, "error");
      return;
    }
  gtk_widget_add_css_class (self->frame, "error");
  gtk_label_set_text (GTK_LABEL (self->error_label), text);

  /* Underline from the error to the end of its word (at least one character). */
  if (line > 0 && line - 1 < (guint) gtk_text_buffer_get_line_count (buffer))
    {
      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line - 1,
                                               column > 0 ? column - 1 : 0);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_char (&end);
      else if (!gtk_text_iter_starts_line (&start))
        gtk_text_iter_backward_char (&start);
      while (!gtk_text_iter_ends_line (&end) &&
             !g_unichar_isspace (gtk_text_iter_get_char (&end)) &&
             gtk_text_iter_get_char (&end) != ',')
        gtk_text_iter_forward_char (&end);
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
    }
}

static SwValue *
check_text (const char  *text,
            guint       *line,
            guint       *column,
            GError     **error)
{
  g_autoptr (SwValue) value = NULL;

  *line = *column = 0;
  if (text_is_blank (text))
    return NULL;
  value = sw_json_parse (text, -1, line, column, error);
  if (value == NULL)
    return NULL;
  if (!sw_json_check_jsonata (value, line, column, error))
    return NULL;
  return g_steal_pointer (&value);
}

static void
revalidate (SwJsonEditor *self)
{
  g_autofree char *text = dup_buffer_text (self);
  g_autoptr (GError) error = NULL;
  g_autoptr (SwValue) value = NULL;
  guint line, column;

  value = check_text (text, &line, &column, &error);
  set_error (self, error != NULL ? error->message : NULL, line, column);
}

static void
buffer_changed_cb (SwJsonEditor *self)
{
  revalidate (self);
  if (!self->setting && !self->modified)
    {
      self->modified = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
focus_leave_cb (SwJsonEditor *self)
{
  sw_json_editor_commit (self);
}

static gboolean
commit_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  sw_json_editor_commit (SW_JSON_EDITOR (widget));
  return TRUE;
}

static void
update_scheme (SwJsonEditor *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static void
sw_json_editor_dispose (GObject *object)
{
  SwJsonEditor *self = SW_JSON_EDITOR (object);
  GtkWidget *child;

  /* Detach the highlighting engine first: left to the buffer's finalization, it can leave
   * segments of an unfinished background pass behind. */
  if (self->buffer != NULL)
    gtk_source_buffer_set_language (self->buffer, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (sw_json_editor_parent_class)->dispose (object);
}

static void
sw_json_editor_finalize (GObject *object)
{
  SwJsonEditor *self = SW_JSON_EDITOR (object);

  g_free (self->error);
  g_free (self->committed_text);

  G_OBJECT_CLASS (sw_json_editor_parent_class)->finalize (object);
}

static void
sw_json_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwJsonEditor *self = SW_JSON_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_json_editor_class_init (SwJsonEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_json_editor_dispose;
  object_class->finalize = sw_json_editor_finalize;
  object_class->get_property = sw_json_editor_get_property;

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwJsonEditor::committed:
   * @value: (nullable): the new value, %NULL when the text was emptied
   */
  signals[COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, SW_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                commit_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                commit_shortcut_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "swjsoneditor");

  gtk_source_init ();
}

static void
sw_json_editor_init (SwJsonEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkEventController *focus;
  GtkLayoutManager *layout;

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "json"));
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, TRUE);
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "underline-rgba",
                                                &(GdkRGBA) { 0.88, 0.11, 0.14, 1 },
                                                NULL);

  self->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_source_view_set_tab_width (self->view, 2);
  gtk_source_view_set_indent_width (self->view, 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (self->view, TRUE);
  gtk_source_view_set_auto_indent (self->view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("JSON"), -1);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->scroller), 72);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->view));

  self->frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (self->frame, "sw-json-editor");
  gtk_frame_set_child (GTK_FRAME (self->frame), self->scroller);
  gtk_widget_set_parent (self->frame, GTK_WIDGET (self));

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_add_css_class (self->error_label, "caption");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_set_parent (self->error_label, GTK_WIDGET (self));

  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

/**
 * sw_json_editor_new:
 *
 * Returns: (transfer floating): a new #SwJsonEditor
 */
GtkWidget *
sw_json_editor_new (void)
{
  return g_object_new (SW_TYPE_JSON_EDITOR, NULL);
}

/* Field texts are small: highlight them at once rather than in the background, so that no
 * highlighting pass is pending when the page is rebuilt. */
static void
ensure_highlight (SwJsonEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (self->buffer, &start, &end);
}

static void
set_text_internal (SwJsonEditor *self,
                   const char   *text,
                   gboolean      as_committed)
{
  g_autofree char *current = dup_buffer_text (self);

  if (as_committed)
    {
      g_free (self->committed_text);
      self->committed_text = g_strdup (text);
    }
  if (strcmp (current, text) != 0)
    {
      self->setting = as_committed;
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
      self->setting = FALSE;
      ensure_highlight (self);
    }
  if (as_committed && self->modified)
    {
      self->modified = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

/**
 * sw_json_editor_set_value:
 * @value: (nullable): the value to show
 *
 * Shows @value as canonical JSON; it becomes the value that "committed" compares with. While
 * the text is modified, setting the value it was edited from keeps the edit.
 */
void
sw_json_editor_set_value (SwJsonEditor  *self,
                          const SwValue *value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SW_IS_JSON_EDITOR (self));

  if (value != NULL)
    {
      text = sw_json_write (value, SW_JSON_WRITE_DEFAULT, NULL);
      /* Drop the final newline: the field reads better without an empty last line. */
      if (g_str_has_suffix (text, "\n"))
        text[strlen (text) - 1] = '\0';
    }
  /* Text being typed (or refused) stays until the value itself changes. */
  if (self->modified && g_strcmp0 (text != NULL ? text : "", self->committed_text) == 0)
    return;
  set_text_internal (self, text != NULL ? text : "", TRUE);
}

/**
 * sw_json_editor_set_text:
 *
 * Replaces the text as if it had been typed.
 */
void
sw_json_editor_set_text (SwJsonEditor *self,
                         const char   *text)
{
  g_return_if_fail (SW_IS_JSON_EDITOR (self));
  g_return_if_fail (text != NULL);

  set_text_internal (self, text, FALSE);
}

/**
 * sw_json_editor_dup_text:
 *
 * Returns: (transfer full): the text
 */
char *
sw_json_editor_dup_text (SwJsonEditor *self)
{
  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), NULL);

  return dup_buffer_text (self);
}

/**
 * sw_json_editor_dup_value:
 *
 * Returns: (transfer full) (nullable): the parsed text
 */
SwValue *
sw_json_editor_dup_value (SwJsonEditor  *self,
                          GError       **error)
{
  g_autofree char *text = NULL;
  guint line, column;

  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), NULL);

  text = dup_buffer_text (self);
  return check_text (text, &line, &column, error);
}

/**
 * sw_json_editor_get_error:
 *
 * Returns: (nullable): the message shown, or %NULL
 */
const char *
sw_json_editor_get_error (SwJsonEditor *self)
{
  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), NULL);

  return self->error;
}

/**
 * sw_json_editor_get_modified:
 *
 * Returns: whether the text changed since it was last set or committed
 */
gboolean
sw_json_editor_get_modified (SwJsonEditor *self)
{
  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), FALSE);

  return self->modified;
}

/**
 * sw_json_editor_commit:
 *
 * Emits "committed" when the text is valid and changed.
 *
 * Returns: %FALSE when the text has an error (nothing is emitted)
 */
gboolean
sw_json_editor_commit (SwJsonEditor *self)
{
  g_autofree char *text = NULL;
  g_autoptr (SwValue) value = NULL;
  g_autoptr (GError) error = NULL;
  guint line, column;

  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), FALSE);

  text = dup_buffer_text (self);
  value = check_text (text, &line, &column, &error);
  if (error != NULL)
    return FALSE;
  if (g_strcmp0 (text, self->committed_text) == 0)
    return TRUE;

  g_free (self->committed_text);
  self->committed_text = g_steal_pointer (&text);
  if (self->modified)
    {
      self->modified = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  g_signal_emit (self, signals[COMMITTED], 0, value);
  return TRUE;
}

/**
 * sw_json_editor_focus_pointer:
 * @pointer: a JSON Pointer relative to the edited value
 *
 * Focuses the text with the cursor at the member @pointer names (its key), so that a
 * diagnostic about `/Parameters/TrainingJobName` lands on `"TrainingJobName"`. A text that
 * does not parse keeps the cursor at its error.
 *
 * Returns: %TRUE when the member was found
 */
gboolean
sw_json_editor_focus_pointer (SwJsonEditor *self,
                              const char   *pointer)
{
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;
  g_autoptr (SwValue) root = NULL;
  guint line = 1, column = 1;
  gboolean found = FALSE;
  GtkTextIter iter;

  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), FALSE);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  text = dup_buffer_text (self);
  root = sw_json_parse (text, -1, &line, &column, NULL);
  if (root != NULL)
    found = sw_json_locate_pointer (root, pointer, &line, &column);
  if (line == 0)
    line = column = 1;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line - 1, column > 0 ? column - 1 : 0);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->view),
                                      gtk_text_buffer_get_insert (buffer));
  return found;
}

/**
 * sw_json_editor_get_view:
 *
 * Returns: (transfer none): the #GtkSourceView that is edited
 */
GtkWidget *
sw_json_editor_get_view (SwJsonEditor *self)
{
  g_return_val_if_fail (SW_IS_JSON_EDITOR (self), NULL);

  return GTK_WIDGET (self->view);
}
