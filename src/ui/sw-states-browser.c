/* sw-states-browser.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-states-browser.h"
#include "sw-states-catalog.h"
#include "sw-widget-css.h"

struct _SwStatesBrowser
{
  GtkWidget   parent_instance;

  GtkWidget  *search;
  GtkWidget  *stack;
  GtkWidget  *list;
  GtkWidget  *sdk_entry;
  char       *query_language;
  char       *search_text;
};

G_DEFINE_FINAL_TYPE (SwStatesBrowser, sw_states_browser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUERY_LANGUAGE,
  N_PROPS
};

enum {
  INSERT_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char css[] =
  "swstatesbrowser .sw-catalog-icon { border-radius: 6px; padding: 5px; min-width: 16px;"
  "  min-height: 16px; color: white; }\n"
  "swstatesbrowser .sw-catalog-flow { background-color: #3584e4; }\n"
  "swstatesbrowser .sw-catalog-actions { background-color: #e66100; }\n"
  "swstatesbrowser .sw-catalog-patterns { background-color: #9141ac; }\n"
  "swstatesbrowser .sw-catalog-header { padding: 12px 12px 4px 12px; }\n"
  "swstatesbrowser row.sw-catalog-row { padding: 6px 8px; }\n";

static const SwStatesCatalogEntry *
row_entry (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "sw-catalog-entry");
}

static char *
dup_fragment_text (SwStatesBrowser             *self,
                   const SwStatesCatalogEntry  *entry,
                   GError                     **error)
{
  const char *sdk_action = NULL;

  if (entry->needs_sdk_action)
    sdk_action = gtk_editable_get_text (GTK_EDITABLE (self->sdk_entry));
  return sw_states_catalog_dup_fragment_text (entry, self->query_language, sdk_action, error);
}

static GdkContentProvider *
content_for_text (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  GdkContentProvider *providers[] = {
    gdk_content_provider_new_for_bytes (SW_STATES_MIME_TYPE, bytes),
    gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes),
    gdk_content_provider_new_typed (G_TYPE_STRING, text),
  };

  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

/**
 * sw_states_browser_create_content:
 * @id: a catalog entry id
 *
 * Returns: (transfer full) (nullable): the content a drag of that row offers
 */
GdkContentProvider *
sw_states_browser_create_content (SwStatesBrowser *self,
                                  const char      *id)
{
  const SwStatesCatalogEntry *entry;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (SW_IS_STATES_BROWSER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  entry = sw_states_catalog_lookup (id);
  if (entry == NULL)
    return NULL;
  text = dup_fragment_text (self, entry, &error);
  if (text == NULL)
    {
      if (entry->needs_sdk_action)
        gtk_widget_add_css_class (self->sdk_entry, "error");
      return NULL;
    }
  return content_for_text (text);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListBoxRow *row)
{
  SwStatesBrowser *self = SW_STATES_BROWSER (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                      SW_TYPE_STATES_BROWSER));

  if (self == NULL)
    return NULL;
  return sw_states_browser_create_content (self, row_entry (row)->id);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkListBoxRow *row)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (row));

  gtk_drag_source_set_icon (source, paintable, 16, 16);
}

static void
row_activated_cb (SwStatesBrowser *self,
                  GtkListBoxRow   *row)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const SwStatesCatalogEntry *entry = row_entry (row);

  text = dup_fragment_text (self, entry, &error);
  if (text == NULL)
    {
      /* The SDK row needs its service:action first. */
      gtk_widget_add_css_class (self->sdk_entry, "error");
      gtk_widget_set_tooltip_text (self->sdk_entry, error->message);
      gtk_widget_grab_focus (self->sdk_entry);
      return;
    }
  g_signal_emit (self, signals[INSERT_REQUESTED], 0, text);
}

static void
sdk_changed_cb (SwStatesBrowser *self)
{
  gtk_widget_remove_css_class (self->sdk_entry, "error");
  gtk_widget_set_tooltip_text (self->sdk_entry, NULL);
}

static void
sdk_activate_cb (SwStatesBrowser *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (self->sdk_entry, GTK_TYPE_LIST_BOX_ROW);

  row_activated_cb (self, GTK_LIST_BOX_ROW (row));
}

static GtkWidget *
create_row (SwStatesBrowser            *self,
            const SwStatesCatalogEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (entry->icon_name);
  GtkWidget *title = gtk_label_new (_(entry->title));
  GtkWidget *subtitle = gtk_label_new (_(entry->subtitle));
  GtkDragSource *source;
  static const char *group_classes[] = {
    "sw-catalog-flow", "sw-catalog-actions", "sw-catalog-patterns",
  };

  gtk_widget_add_css_class (row, "sw-catalog-row");
  g_object_set_data (G_OBJECT (row), "sw-catalog-entry", (gpointer) entry);
  gtk_widget_set_name (row, entry->id);

  gtk_widget_add_css_class (icon, "sw-catalog-icon");
  gtk_widget_add_css_class (icon, group_classes[entry->group]);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  if (entry->needs_sdk_action)
    {
      self->sdk_entry = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (self->sdk_entry), "s3:getObject");
      gtk_widget_set_margin_top (self->sdk_entry, 4);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->sdk_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Service and action"), -1);
      g_signal_connect_object (self->sdk_entry, "changed", G_CALLBACK (sdk_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sdk_entry, "activate", G_CALLBACK (sdk_activate_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (text), self->sdk_entry);
    }
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Drag onto the workflow, or press Enter to add it after "
                                      "the selected state"));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  return row;
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  SwStatesBrowser *self = user_data;

  return sw_states_catalog_entry_matches (row_entry (row), self->search_text);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const SwStatesCatalogEntry *entry = row_entry (row);
  GtkWidget *header;

  if (before != NULL && row_entry (before)->group == entry->group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (sw_states_catalog_group_get_title (entry->group));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "sw-catalog-header");
  gtk_list_box_row_set_header (row, header);
}

static void
update_visible (SwStatesBrowser *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    sw_states_browser_get_n_visible (self) > 0 ? "list"
                                                                               : "empty");
}

static void
search_changed_cb (SwStatesBrowser *self)
{
  g_free (self->search_text);
  self->search_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search)));
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->list));
  gtk_list_box_invalidate_headers (GTK_LIST_BOX (self->list));
  update_visible (self);
}

static void
search_activate_cb (SwStatesBrowser *self)
{
  /* Enter in the search field adds the first match. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      {
        row_activated_cb (self, GTK_LIST_BOX_ROW (child));
        return;
      }
}

static void
sw_states_browser_dispose (GObject *object)
{
  SwStatesBrowser *self = SW_STATES_BROWSER (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->sdk_entry = NULL;

  G_OBJECT_CLASS (sw_states_browser_parent_class)->dispose (object);
}

static void
sw_states_browser_finalize (GObject *object)
{
  SwStatesBrowser *self = SW_STATES_BROWSER (object);

  g_free (self->query_language);
  g_free (self->search_text);

  G_OBJECT_CLASS (sw_states_browser_parent_class)->finalize (object);
}

static void
sw_states_browser_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwStatesBrowser *self = SW_STATES_BROWSER (object);

  switch (prop_id)
    {
    case PROP_QUERY_LANGUAGE:
      g_value_set_string (value, self->query_language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_states_browser_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwStatesBrowser *self = SW_STATES_BROWSER (object);

  switch (prop_id)
    {
    case PROP_QUERY_LANGUAGE:
      sw_states_browser_set_query_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_states_browser_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sw_states_browser_parent_class)->realize (widget);
  /* The widget's own look travels with it (tests and other windows have no app CSS). */
  sw_widget_css_install (widget, "sw-states-browser-css", css);
}

static void
sw_states_browser_class_init (SwStatesBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_states_browser_dispose;
  object_class->finalize = sw_states_browser_finalize;
  object_class->get_property = sw_states_browser_get_property;
  object_class->set_property = sw_states_browser_set_property;
  widget_class->realize = sw_states_browser_realize;

  properties[PROP_QUERY_LANGUAGE] =
    g_param_spec_string ("query-language", NULL, NULL, "JSONPath",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwStatesBrowser::insert-requested:
   * @fragment: the ASL fragment text
   */
  signals[INSERT_REQUESTED] =
    g_signal_new ("insert-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "swstatesbrowser");
}

static void
sw_states_browser_init (SwStatesBrowser *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkLayoutManager *layout;
  GtkWidget *empty = adw_status_page_new ();
  guint n_entries;
  const SwStatesCatalogEntry *entries = sw_states_catalog_get_entries (&n_entries);

  self->query_language = g_strdup ("JSONPath");
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->search = gtk_search_entry_new ();
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (self->search), GTK_WIDGET (self));
  g_object_set (self->search, "placeholder-text", _("Search states"), NULL);
  gtk_widget_set_margin_start (self->search, 8);
  gtk_widget_set_margin_end (self->search, 8);
  gtk_widget_set_margin_top (self->search, 8);
  gtk_widget_set_margin_bottom (self->search, 4);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "activate", G_CALLBACK (search_activate_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_parent (self->search, GTK_WIDGET (self));

  self->list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->list), FALSE);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (self->list), filter_func, self, NULL);
  gtk_list_box_set_header_func (GTK_LIST_BOX (self->list), header_func, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("States"), -1);
  for (guint i = 0; i < n_entries; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), create_row (self, &entries[i]));
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Matching States"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("For any AWS API, use “AWS SDK integration…” with "
                                     "service:action"));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
}

/**
 * sw_states_browser_new:
 *
 * Returns: (transfer floating): a new #SwStatesBrowser
 */
GtkWidget *
sw_states_browser_new (void)
{
  return g_object_new (SW_TYPE_STATES_BROWSER, NULL);
}

const char *
sw_states_browser_get_query_language (SwStatesBrowser *self)
{
  g_return_val_if_fail (SW_IS_STATES_BROWSER (self), NULL);

  return self->query_language;
}

/**
 * sw_states_browser_set_query_language:
 * @query_language: (nullable): "JSONPath" (also for %NULL) or "JSONata"
 */
void
sw_states_browser_set_query_language (SwStatesBrowser *self,
                                      const char      *query_language)
{
  g_return_if_fail (SW_IS_STATES_BROWSER (self));

  if (query_language == NULL)
    query_language = "JSONPath";
  if (g_strcmp0 (self->query_language, query_language) == 0)
    return;
  g_free (self->query_language);
  self->query_language = g_strdup (query_language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_LANGUAGE]);
}

void
sw_states_browser_set_search_text (SwStatesBrowser *self,
                                   const char      *text)
{
  g_return_if_fail (SW_IS_STATES_BROWSER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search), text != NULL ? text : "");
  /* Apply now rather than after the entry's search delay. */
  search_changed_cb (self);
}

guint
sw_states_browser_get_n_visible (SwStatesBrowser *self)
{
  guint n = 0;

  g_return_val_if_fail (SW_IS_STATES_BROWSER (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (self->list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && filter_func (GTK_LIST_BOX_ROW (child), self))
      n++;
  return n;
}

/**
 * sw_states_browser_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the entry @id
 */
GtkWidget *
sw_states_browser_get_row (SwStatesBrowser *self,
                           const char      *id)
{
  g_return_val_if_fail (SW_IS_STATES_BROWSER (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (self->list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && strcmp (row_entry (GTK_LIST_BOX_ROW (child))->id, id) == 0)
      return child;
  return NULL;
}
