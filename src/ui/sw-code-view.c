/* sw-code-view.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sw-code-view.h"
#include "sw-definition.h"
#include "sw-json-editor.h"

#define DEBOUNCE_MS 300

/**
 * SwCodeView:
 *
 * The definition as text in a GtkSourceView. What the user types reaches the document after
 * a short pause (sw_document_set_text()); text that does not parse stays exactly as typed
 * and the error shows above it. Changes made in other views replace the text, unless the
 * user is in the middle of an edit that does not parse yet. Diagnostics are underlined at
 * the place their JSON Pointer names in the text shown.
 */
struct _SwCodeView
{
  GtkWidget parent_instance;

  SwDocument *document;
  SwMachine *machine;
  gulong machine_changed_id;

  GtkWidget *error_bar;
  GtkWidget *error_label;
  GtkWidget *scrolled;
  GtkSourceView *view;
  GtkSourceBuffer *buffer;
  GtkTextTag *error_tag;
  GtkTextTag *warning_tag;

  char *error;
  guint debounce_id;
  guint n_marks;
  gboolean updating;          /* the view itself sets the text */
  gboolean applying;          /* the view itself changes the document */
  gboolean stale;             /* the document changed while the text was not refreshed */
};

G_DEFINE_FINAL_TYPE (SwCodeView, sw_code_view, GTK_TYPE_WIDGET)

static void
update_scheme (SwCodeView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark"
                                                                     : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "classic-dark"
                                                                       : "classic");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static void
update_language (SwCodeView *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  gboolean yaml = sw_document_get_format (self->document) == SW_DEFINITION_FORMAT_YAML;

  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages,
                                                                            yaml ? "yaml"
                                                                                 : "json"));
}

static void
set_error (SwCodeView *self,
           const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  if (message != NULL)
    gtk_label_set_label (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_bar, message != NULL);
}

static void
get_iter_at (GtkTextBuffer *buffer,
             GtkTextIter   *iter,
             guint          line,
             guint          column)
{
  gtk_text_buffer_get_iter_at_line (buffer, iter, line > 0 ? line - 1 : 0);
  if (column > 1)
    {
      int chars = gtk_text_iter_get_chars_in_line (iter);

      gtk_text_iter_set_line_offset (iter, MIN ((int) column - 1, MAX (chars - 1, 0)));
    }
}

static void
update_marks (SwCodeView *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GPtrArray *diagnostics = sw_document_get_diagnostics (self->document);
  g_autoptr (SwValue) root = NULL;
  g_autoptr (SwDiagnostic) parse_error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->warning_tag, &start, &end);
  self->n_marks = 0;

  if (diagnostics == NULL || diagnostics->len == 0 ||
      sw_document_get_pending_text (self->document) != NULL)
    return;

  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  root = sw_definition_parse (text, strlen (text), sw_document_get_format (self->document),
                              &parse_error);
  if (root == NULL)
    return;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      GtkTextIter from, to;
      guint line, column;

      if (!sw_json_locate_pointer (root, diagnostic->pointer, &line, &column) || line == 0)
        continue;

      get_iter_at (buffer, &from, line, column);
      to = from;
      if (!gtk_text_iter_ends_line (&to))
        gtk_text_iter_forward_to_line_end (&to);
      else
        gtk_text_iter_backward_char (&from);
      gtk_text_buffer_apply_tag (buffer,
                                 diagnostic->severity == SW_SEVERITY_ERROR ? self->error_tag
                                                                           : self->warning_tag,
                                 &from, &to);
      self->n_marks++;
    }
}

static void
refresh_text (SwCodeView *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  const char *pending = sw_document_get_pending_text (self->document);
  g_autofree char *text = NULL;
  GtkTextIter iter;
  int line = 0, offset = 0;

  self->stale = FALSE;
  text = pending != NULL ? g_strdup (pending)
                         : sw_document_serialize (self->document,
                                                  sw_document_get_format (self->document));

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&iter);
  offset = gtk_text_iter_get_line_offset (&iter);

  self->updating = TRUE;
  gtk_text_buffer_set_text (buffer, text, -1);
  self->updating = FALSE;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  if (offset < gtk_text_iter_get_chars_in_line (&iter))
    gtk_text_iter_set_line_offset (&iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);

  if (pending == NULL)
    set_error (self, NULL);
  update_marks (self);
}

/* The document changed: follow it, unless the user is mid-edit with text that does not parse
 * (or still waits for its debounce), or the view is not shown (then on map). */
static void
document_changed (SwCodeView *self)
{
  if (self->applying)
    return;
  if (self->debounce_id != 0 || self->error != NULL)
    {
      self->stale = TRUE;
      return;
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  refresh_text (self);
}

static void
machine_changed_cb (SwMachine  *machine,
                    SwEdit     *edit,
                    SwCodeView *self)
{
  document_changed (self);
}

static void
connect_machine (SwCodeView *self)
{
  SwMachine *machine = sw_document_get_machine (self->document);

  if (self->machine == machine)
    return;
  if (self->machine != NULL)
    g_clear_signal_handler (&self->machine_changed_id, self->machine);
  g_set_object (&self->machine, machine);
  if (machine != NULL)
    self->machine_changed_id = g_signal_connect (machine, "changed",
                                                 G_CALLBACK (machine_changed_cb), self);
}

static void
notify_machine_cb (SwDocument *document,
                   GParamSpec *pspec,
                   SwCodeView *self)
{
  connect_machine (self);
  document_changed (self);
}

static void
notify_format_cb (SwDocument *document,
                  GParamSpec *pspec,
                  SwCodeView *self)
{
  update_language (self);
  document_changed (self);
}

static void
diagnostics_changed_cb (SwDocument *document,
                        SwCodeView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->stale)
    update_marks (self);
}

void
sw_code_view_flush (SwCodeView *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_return_if_fail (SW_IS_CODE_VIEW (self));

  g_clear_handle_id (&self->debounce_id, g_source_remove);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);

  self->applying = TRUE;
  if (sw_document_set_text (self->document, text, &error))
    set_error (self, NULL);
  else
    set_error (self, error->message);
  self->applying = FALSE;
  self->stale = FALSE;
}

static gboolean
debounce_cb (gpointer user_data)
{
  SwCodeView *self = user_data;

  self->debounce_id = 0;
  sw_code_view_flush (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   SwCodeView    *self)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
}

static void
revert_clicked_cb (GtkButton  *button,
                   SwCodeView *self)
{
  /* Dropping a broken text is the one way to lose it: it asks for the button. */
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  set_error (self, NULL);
  self->applying = TRUE;
  {
    g_autofree char *text = sw_document_serialize (self->document,
                                                   sw_document_get_format (self->document));

    sw_document_set_text (self->document, text, NULL);
  }
  self->applying = FALSE;
  refresh_text (self);
}

static void
sw_code_view_map (GtkWidget *widget)
{
  SwCodeView *self = SW_CODE_VIEW (widget);

  GTK_WIDGET_CLASS (sw_code_view_parent_class)->map (widget);
  if (self->stale && self->debounce_id == 0 && self->error == NULL)
    refresh_text (self);
  else
    update_marks (self);
}

static void
sw_code_view_dispose (GObject *object)
{
  SwCodeView *self = SW_CODE_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->machine != NULL)
    g_clear_signal_handler (&self->machine_changed_id, self->machine);
  g_clear_object (&self->machine);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_code_view_parent_class)->dispose (object);
}

static void
sw_code_view_finalize (GObject *object)
{
  SwCodeView *self = SW_CODE_VIEW (object);

  g_free (self->error);

  G_OBJECT_CLASS (sw_code_view_parent_class)->finalize (object);
}

static void
sw_code_view_class_init (SwCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_source_init ();

  object_class->dispose = sw_code_view_dispose;
  object_class->finalize = sw_code_view_finalize;
  widget_class->map = sw_code_view_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "swcodeview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sw_code_view_init (SwCodeView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *icon;
  GtkWidget *revert;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  /* The parse error: a bar above the text (no AdwBanner before libadwaita 1.3). */
  self->error_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->error_bar, "sw-parse-error");
  gtk_widget_set_visible (self->error_bar, FALSE);
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_box_append (GTK_BOX (self->error_bar), icon);
  self->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_set_hexpand (self->error_label, TRUE);
  gtk_box_append (GTK_BOX (self->error_bar), self->error_label);
  revert = gtk_button_new_with_mnemonic (_("_Revert Text"));
  gtk_widget_set_tooltip_text (revert, _("Replace the text with the definition as it was "
                                         "last understood"));
  gtk_widget_set_valign (revert, GTK_ALIGN_CENTER);
  g_signal_connect (revert, "clicked", G_CALLBACK (revert_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->error_bar), revert);
  gtk_widget_set_parent (self->error_bar, GTK_WIDGET (self));

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (self->buffer), FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, TRUE);
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "sw-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                NULL);
  {
    GdkRGBA orange = { 0.90, 0.57, 0.04, 1.0 };

    self->warning_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "sw-warning",
                                                    "underline", PANGO_UNDERLINE_ERROR,
                                                    "underline-rgba", &orange,
                                                    NULL);
  }

  self->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  g_object_unref (self->buffer);
  gtk_source_view_set_show_line_numbers (self->view, TRUE);
  gtk_source_view_set_highlight_current_line (self->view, TRUE);
  gtk_source_view_set_auto_indent (self->view, TRUE);
  gtk_source_view_set_tab_width (self->view, 2);
  gtk_source_view_set_indent_width (self->view, 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (self->view, TRUE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Definition"), -1);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  g_signal_connect (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (update_scheme), self);
  update_scheme (self);
}

/**
 * sw_code_view_new:
 * @document: the document to show and edit
 *
 * Returns: (transfer floating): a new code view
 */
GtkWidget *
sw_code_view_new (SwDocument *document)
{
  SwCodeView *self;

  g_return_val_if_fail (SW_IS_DOCUMENT (document), NULL);

  self = g_object_new (SW_TYPE_CODE_VIEW, NULL);
  self->document = g_object_ref (document);
  g_signal_connect (document, "notify::machine", G_CALLBACK (notify_machine_cb), self);
  g_signal_connect (document, "notify::format", G_CALLBACK (notify_format_cb), self);
  g_signal_connect (document, "diagnostics-changed", G_CALLBACK (diagnostics_changed_cb), self);
  connect_machine (self);
  update_language (self);
  self->stale = TRUE;
  if (sw_document_get_pending_text (document) != NULL)
    {
      g_autoptr (GError) error = NULL;

      refresh_text (self);
      /* Shows where the kept text breaks. */
      sw_document_set_text (document, sw_document_get_pending_text (document), &error);
      set_error (self, error != NULL ? error->message : NULL);
    }
  return GTK_WIDGET (self);
}

GtkTextBuffer *
sw_code_view_get_buffer (SwCodeView *self)
{
  g_return_val_if_fail (SW_IS_CODE_VIEW (self), NULL);

  if (self->stale && self->debounce_id == 0 && self->error == NULL)
    refresh_text (self);
  return GTK_TEXT_BUFFER (self->buffer);
}

const char *
sw_code_view_get_error (SwCodeView *self)
{
  g_return_val_if_fail (SW_IS_CODE_VIEW (self), NULL);

  return self->error;
}

guint
sw_code_view_get_n_marks (SwCodeView *self)
{
  g_return_val_if_fail (SW_IS_CODE_VIEW (self), 0);

  return self->n_marks;
}

void
sw_code_view_go_to (SwCodeView *self,
                    guint       line,
                    guint       column)
{
  GtkTextIter iter;

  g_return_if_fail (SW_IS_CODE_VIEW (self));

  get_iter_at (GTK_TEXT_BUFFER (self->buffer), &iter, line, column);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &iter, 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/**
 * sw_code_view_go_to_pointer:
 * @pointer: a JSON Pointer into the definition (a diagnostic's)
 * @line: where to go when @pointer is not found in the text
 * @column: where to go when @pointer is not found in the text
 *
 * Puts the cursor where @pointer lands in the text shown — its key, or its element — which
 * stays right after edits that moved the diagnostic's recorded position.
 *
 * Returns: whether @pointer was found in the text
 */
gboolean
sw_code_view_go_to_pointer (SwCodeView *self,
                            const char *pointer,
                            guint       line,
                            guint       column)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr (SwValue) root = NULL;
  g_autoptr (SwDiagnostic) parse_error = NULL;
  guint found_line = 0, found_column = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (SW_IS_CODE_VIEW (self), FALSE);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  root = sw_definition_parse (text, strlen (text), sw_document_get_format (self->document),
                              &parse_error);
  if (root != NULL && pointer != NULL)
    found = sw_json_locate_pointer (root, pointer, &found_line, &found_column) &&
            found_line > 0;
  if (found)
    sw_code_view_go_to (self, found_line, found_column);
  else
    sw_code_view_go_to (self, line, column);
  return found;
}
