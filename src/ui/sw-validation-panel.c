/* sw-validation-panel.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sw-validation-panel.h"

/* A list of thousands of rows helps nobody; the first ones are shown and counted. */
#define MAX_ROWS 500

/**
 * SwValidationPanel:
 *
 * Every diagnostic of the document, refreshed when the document recomputes them. Activating
 * a row emits #SwValidationPanel::diagnostic-activated; the window selects the state.
 */
struct _SwValidationPanel
{
  GtkWidget parent_instance;

  SwDocument *document;
  GPtrArray *diagnostics;     /* a reference on the document's array when it was shown */

  GtkWidget *icon;
  GtkWidget *summary;
  GtkWidget *scrolled;
  GtkListBox *list;
};

enum {
  DIAGNOSTIC_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwValidationPanel, sw_validation_panel, GTK_TYPE_WIDGET)

static GtkWidget *
create_row (const SwDiagnostic *diagnostic)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  gboolean is_error = diagnostic->severity == SW_SEVERITY_ERROR;
  g_autofree char *subtitle = NULL;

  if (diagnostic->pointer != NULL && diagnostic->pointer[0] != '\0')
    /* Translators: the rule's code, then where in the definition (a JSON Pointer) */
    subtitle = g_strdup_printf (_("%s · %s"), diagnostic->code, diagnostic->pointer);
  else
    subtitle = g_strdup (diagnostic->code);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), diagnostic->message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic"
                                                : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, is_error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_error ? _("Error") : _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
set_icon (SwValidationPanel *self,
          const char        *icon_name,
          const char        *style)
{
  static const char *const styles[] = { "success", "warning", "error" };

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->icon, styles[i]);
  gtk_widget_add_css_class (self->icon, style);
}

static void
refresh (SwValidationPanel *self)
{
  GPtrArray *diagnostics = sw_document_get_diagnostics (self->document);
  guint n_errors = 0, n_warnings = 0;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = g_ptr_array_ref (diagnostics);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const SwDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->severity == SW_SEVERITY_ERROR)
        n_errors++;
      else
        n_warnings++;
      if (i < MAX_ROWS)
        gtk_list_box_append (self->list, create_row (diagnostic));
    }

  if (sw_document_get_pending_text (self->document) != NULL)
    {
      /* The code view shows where; the list is of the last definition that parsed. */
      summary = g_strdup (_("The text in the code view does not parse"));
      set_icon (self, "dialog-error-symbolic", "error");
    }
  else if (diagnostics->len == 0)
    {
      summary = g_strdup (_("No problems"));
      set_icon (self, "emblem-ok-symbolic", "success");
    }
  else
    {
      errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
      warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", n_warnings),
                                  n_warnings);
      if (n_errors > 0 && n_warnings > 0)
        /* Translators: "2 errors, 1 warning" */
        summary = g_strdup_printf (_("%s, %s"), errors, warnings);
      else
        summary = g_strdup (n_errors > 0 ? errors : warnings);
      set_icon (self, n_errors > 0 ? "dialog-error-symbolic" : "dialog-warning-symbolic",
                n_errors > 0 ? "error" : "warning");
    }
  gtk_label_set_label (GTK_LABEL (self->summary), summary);
  gtk_widget_set_visible (self->scrolled, diagnostics->len > 0);
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  SwValidationPanel *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->diagnostics != NULL && index >= 0 && (guint) index < self->diagnostics->len)
    g_signal_emit (self, signals[DIAGNOSTIC_ACTIVATED], 0,
                   g_ptr_array_index (self->diagnostics, index));
}

static void
sw_validation_panel_dispose (GObject *object)
{
  SwValidationPanel *self = SW_VALIDATION_PANEL (object);
  GtkWidget *child;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_validation_panel_parent_class)->dispose (object);
}

static void
sw_validation_panel_class_init (SwValidationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_validation_panel_dispose;

  /**
   * SwValidationPanel::diagnostic-activated:
   * @diagnostic: (type gpointer): the #SwDiagnostic of the row
   */
  signals[DIAGNOSTIC_ACTIVATED] =
    g_signal_new ("diagnostic-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "swvalidationpanel");
}

static void
sw_validation_panel_init (SwValidationPanel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *header;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (header, "sw-validation-header");
  self->icon = gtk_image_new ();
  gtk_box_append (GTK_BOX (header), self->icon);
  self->summary = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_widget_add_css_class (self->summary, "heading");
  gtk_box_append (GTK_BOX (header), self->summary);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Problems"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scrolled), 160);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

/**
 * sw_validation_panel_new:
 *
 * Returns: (transfer floating): a panel listing the diagnostics of @document
 */
GtkWidget *
sw_validation_panel_new (SwDocument *document)
{
  SwValidationPanel *self;

  g_return_val_if_fail (SW_IS_DOCUMENT (document), NULL);

  self = g_object_new (SW_TYPE_VALIDATION_PANEL, NULL);
  self->document = g_object_ref (document);
  g_signal_connect_swapped (document, "diagnostics-changed", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (document, "notify::pending-text", G_CALLBACK (refresh), self);
  refresh (self);
  return GTK_WIDGET (self);
}

guint
sw_validation_panel_get_n_rows (SwValidationPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (SW_IS_VALIDATION_PANEL (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

void
sw_validation_panel_activate (SwValidationPanel *self,
                              guint              index)
{
  GtkListBoxRow *row;

  g_return_if_fail (SW_IS_VALIDATION_PANEL (self));

  row = gtk_list_box_get_row_at_index (self->list, index);
  g_return_if_fail (row != NULL);
  g_signal_emit_by_name (self->list, "row-activated", row);
}
