/* sw-events-view.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-events-view.h"
#include "sw-run-util.h"

struct _SwEventsView
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *search;
  GtkWidget *kind;
  GtkWidget *count;
  GtkWidget *column_view;
  GtkWidget *details_revealer;
  GtkWidget *details;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char *text;
  SwRunEventKind filter_kind;
};

G_DEFINE_FINAL_TYPE (SwEventsView, sw_events_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_EVENT_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_ID,
  COLUMN_TYPE,
  COLUMN_STATE,
  COLUMN_TIMESTAMP,
  COLUMN_ELAPSED,
} Column;

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  SwEventsView *self = user_data;
  SwRunEvent *event = item;

  if (!sw_run_event_is_kind (event, self->filter_kind))
    return FALSE;
  if (self->text != NULL && strstr (sw_run_event_get_search_text (event), self->text) == NULL)
    return FALSE;
  return TRUE;
}

static void
update_count (SwEventsView *self)
{
  GListModel *all = gtk_filter_list_model_get_model (self->filtered);
  guint total = all != NULL ? g_list_model_get_n_items (all) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", total),
                            total);
  else
    text = g_strdup_printf (_("%u of %u events"), shown, total);
  gtk_label_set_text (GTK_LABEL (self->count), text);
}

static void
refilter (SwEventsView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

void
sw_events_view_set_filter_text (SwEventsView *self,
                                const char   *text)
{
  g_return_if_fail (SW_IS_EVENTS_VIEW (self));

  g_clear_pointer (&self->text, g_free);
  if (text != NULL && *text != '\0')
    self->text = g_utf8_casefold (text, -1);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  refilter (self);
}

void
sw_events_view_set_filter_kind (SwEventsView   *self,
                                SwRunEventKind  kind)
{
  g_return_if_fail (SW_IS_EVENTS_VIEW (self));

  self->filter_kind = kind;
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind)) != (guint) kind)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind), kind);
  refilter (self);
}

static void
search_changed_cb (SwEventsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  g_clear_pointer (&self->text, g_free);
  if (*text != '\0')
    self->text = g_utf8_casefold (text, -1);
  refilter (self);
}

static void
kind_changed_cb (SwEventsView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind));

  if (selected != GTK_INVALID_LIST_POSITION && selected != (guint) self->filter_kind)
    {
      self->filter_kind = selected;
      refilter (self);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = column == COLUMN_ID || column == COLUMN_ELAPSED;

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  /* Words shorten in their expanding columns; numbers and times are never cut. */
  if (column == COLUMN_TYPE || column == COLUMN_STATE)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static gboolean
column_has_tooltip (Column column)
{
  return column == COLUMN_TYPE || column == COLUMN_STATE || column == COLUMN_TIMESTAMP;
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  SwRunEvent *event = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_ID:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, sw_run_event_get_id (event));
      break;
    case COLUMN_TYPE:
      text = g_strdup (sw_run_event_get_event_type (event));
      if (sw_run_event_is_kind (event, SW_RUN_EVENT_KIND_ERROR))
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
      break;
    case COLUMN_STATE:
      if (sw_run_event_get_iteration (event) >= 0 && sw_run_event_get_state (event) != NULL)
        text = g_strdup_printf ("%s [%d]", sw_run_event_get_state (event),
                                sw_run_event_get_iteration (event));
      else
        text = g_strdup (sw_run_event_get_state (event) ? sw_run_event_get_state (event) : "");
      break;
    case COLUMN_TIMESTAMP:
      {
        /* The time of day, to the millisecond; the date (the header has it) on hover. */
        const char *space;

        tooltip = sw_run_format_time (sw_run_event_get_timestamp (event));
        space = strchr (tooltip, ' ');
        text = g_strdup (space != NULL ? space + 1 : tooltip);
      }
      break;
    case COLUMN_ELAPSED:
      text = g_strdup_printf ("%.3f s", sw_run_event_get_elapsed (event));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  /* A shortened type or state name, and the timestamp's date, are a hover away. */
  if (column_has_tooltip (GPOINTER_TO_INT (user_data)))
    gtk_widget_set_tooltip_text (label, tooltip != NULL ? tooltip : text);
}

static void
add_column (SwEventsView *self,
            const char   *title,
            Column        column,
            gboolean      expand,
            int           width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), view_column);
}

static void
show_details (SwEventsView *self,
              SwRunEvent   *event)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *pretty = NULL;

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->details_revealer), event != NULL);
  if (event == NULL)
    return;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, sw_run_event_get_json (event));
  compact = json_to_string (node, FALSE);
  pretty = sw_run_pretty_json (compact);
  gtk_label_set_text (GTK_LABEL (self->details), pretty);
}

static void
selected_cb (SwEventsView *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  show_details (self, item);
  g_signal_emit (self, signals[SIGNAL_EVENT_SELECTED], 0, item);
}

static void
items_changed_cb (SwEventsView *self)
{
  update_count (self);
}

static void
sw_events_view_dispose (GObject *object)
{
  SwEventsView *self = SW_EVENTS_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (sw_events_view_parent_class)->dispose (object);
}

static void
sw_events_view_finalize (GObject *object)
{
  SwEventsView *self = SW_EVENTS_VIEW (object);

  g_free (self->text);
  G_OBJECT_CLASS (sw_events_view_parent_class)->finalize (object);
}

static void
sw_events_view_class_init (SwEventsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_events_view_dispose;
  object_class->finalize = sw_events_view_finalize;

  signals[SIGNAL_EVENT_SELECTED] =
    g_signal_new ("event-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, SW_TYPE_RUN_EVENT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-events-view");
}

static void
sw_events_view_init (SwEventsView *self)
{
  static const char * const kinds[] = {
    N_("All events"), N_("Execution"), N_("State transitions"), N_("Tasks"),
    N_("Map and Parallel"), N_("Errors"), NULL,
  };
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  GtkWidget *bar, *scrolled;

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (kind_names, _(kinds[i]));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  self->search = gtk_search_entry_new ();
  gtk_widget_set_hexpand (self->search, TRUE);
  /* Narrow when the pane is: the entry grows to fill what the filter and count leave. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->search), 6);
  g_object_set (self->search, "placeholder-text", _("Filter events"), NULL);
  self->kind = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kind_names)), NULL);
  gtk_widget_set_tooltip_text (self->kind, _("Event type"));
  self->count = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->count, "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (self->count), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (self->count), 6);
  gtk_box_append (GTK_BOX (bar), self->search);
  gtk_box_append (GTK_BOX (bar), self->kind);
  gtk_box_append (GTK_BOX (bar), self->count);
  gtk_box_append (GTK_BOX (self->box), bar);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (items_changed_cb),
                            self);

  self->column_view = gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_widget_add_css_class (self->column_view, "data-table");
  /* Type and State take the room there is; ID, Timestamp and Elapsed are as wide as their
   * contents (no fixed widths: the table fits a narrow pane, and columns stay resizable). */
  add_column (self, _("ID"), COLUMN_ID, FALSE, -1);
  add_column (self, _("Type"), COLUMN_TYPE, TRUE, -1);
  add_column (self, _("State"), COLUMN_STATE, TRUE, -1);
  add_column (self, _("Timestamp"), COLUMN_TIMESTAMP, FALSE, -1);
  add_column (self, _("Elapsed"), COLUMN_ELAPSED, FALSE, -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->column_view);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  /* The selected event as the service sent it, as the console shows it. */
  self->details_revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->details_revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  self->details = gtk_label_new (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->details), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->details), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->details), 0);
  gtk_widget_add_css_class (self->details, "monospace");
  gtk_widget_add_css_class (self->details, "sw-json");
  gtk_widget_set_margin_start (self->details, 6);
  gtk_widget_set_margin_end (self->details, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->details);
  gtk_revealer_set_child (GTK_REVEALER (self->details_revealer), scrolled);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), self->details_revealer);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->kind, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  update_count (self);
}

GtkWidget *
sw_events_view_new (void)
{
  return g_object_new (SW_TYPE_EVENTS_VIEW, NULL);
}

/**
 * sw_events_view_set_model:
 * @events: (nullable): #SwRunEvent items
 */
void
sw_events_view_set_model (SwEventsView *self,
                          GListModel   *events)
{
  g_return_if_fail (SW_IS_EVENTS_VIEW (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  gtk_filter_list_model_set_model (self->filtered, events);
  update_count (self);
}

/**
 * sw_events_view_get_filtered:
 *
 * Returns: (transfer none): the rows shown
 */
GListModel *
sw_events_view_get_filtered (SwEventsView *self)
{
  g_return_val_if_fail (SW_IS_EVENTS_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * sw_events_view_get_column_view:
 *
 * Returns: (transfer none): the table
 */
GtkColumnView *
sw_events_view_get_column_view (SwEventsView *self)
{
  g_return_val_if_fail (SW_IS_EVENTS_VIEW (self), NULL);
  return GTK_COLUMN_VIEW (self->column_view);
}

void
sw_events_view_select (SwEventsView *self,
                       guint         position)
{
  g_return_if_fail (SW_IS_EVENTS_VIEW (self));
  gtk_single_selection_set_selected (self->selection, position);
}

const char *
sw_events_view_get_details_text (SwEventsView *self)
{
  g_return_val_if_fail (SW_IS_EVENTS_VIEW (self), NULL);

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->details_revealer)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->details));
}
