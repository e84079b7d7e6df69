/* sw-target-picker.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "sw-run-util.h"
#include "sw-target-picker.h"

struct _SwTargetPicker
{
  GtkWidget parent_instance;

  GtkWidget *button;
  GtkWidget *label;   /* the button's, shortened in a narrow header bar */
  GtkWidget *popover;
  GtkWidget *list;
  GtkWidget *entry;
  GListStore *targets;
  SwTarget *target;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SwTargetPicker, sw_target_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sw_target_picker_dispose (GObject *object)
{
  SwTargetPicker *self = SW_TARGET_PICKER (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_object (&self->targets);
  g_clear_object (&self->target);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sw_target_picker_parent_class)->dispose (object);
}

static void
sw_target_picker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SwTargetPicker *self = SW_TARGET_PICKER (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_target_picker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SwTargetPicker *self = SW_TARGET_PICKER (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      sw_target_picker_set_target (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_target_picker_class_init (SwTargetPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_target_picker_dispose;
  object_class->get_property = sw_target_picker_get_property;
  object_class->set_property = sw_target_picker_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, SW_TYPE_TARGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
make_row (gpointer item,
          gpointer user_data)
{
  SwTarget *target = item;
  SwTargetPicker *self = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (sw_target_is_local (target) ?
                                                  "computer-symbolic" :
                                                  sw_target_get_kind (target) == SW_TARGET_AWS ?
                                                  "network-server-symbolic" :
                                                  "network-workgroup-symbolic");
  GtkWidget *label = gtk_label_new (sw_target_get_label (target));
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_opacity (check, target == self->target ? 1 : 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  return box;
}

static void
refresh_rows (SwTargetPicker *self)
{
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), G_LIST_MODEL (self->targets), make_row,
                           self, NULL);
}

static void
remember (SwTargetPicker *self)
{
  if (self->settings == NULL || self->target == NULL)
    return;
  switch (sw_target_get_kind (self->target))
    {
    case SW_TARGET_LOCAL:
      g_settings_set_string (self->settings, "default-target", "local");
      break;
    case SW_TARGET_AWS:
      g_settings_set_string (self->settings, "default-target", "aws");
      g_settings_set_string (self->settings, "aws-profile",
                             sw_target_get_profile (self->target) ?: "");
      g_settings_set_string (self->settings, "aws-region",
                             sw_target_get_region (self->target) ?: "");
      break;
    case SW_TARGET_ENDPOINT:
      g_settings_set_string (self->settings, "default-target", "endpoint");
      g_settings_set_string (self->settings, "endpoint-url", sw_target_get_label (self->target));
      break;
    default:
      break;
    }
}

void
sw_target_picker_set_target (SwTargetPicker *self,
                             SwTarget       *target)
{
  g_return_if_fail (SW_IS_TARGET_PICKER (self));
  g_return_if_fail (target == NULL || SW_IS_TARGET (target));

  if (!g_set_object (&self->target, target))
    return;
  gtk_label_set_text (GTK_LABEL (self->label),
                      target ? sw_target_get_label (target) : _("No Target"));
  refresh_rows (self);
  remember (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

static void
row_activated_cb (SwTargetPicker *self,
                  GtkListBoxRow  *row)
{
  g_autoptr(SwTarget) target = g_list_model_get_item (G_LIST_MODEL (self->targets),
                                                      gtk_list_box_row_get_index (row));

  sw_target_picker_set_target (self, target);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

SwTarget *
sw_target_picker_add_endpoint (SwTargetPicker *self,
                               const char     *url)
{
  g_autoptr(SwTarget) target = NULL;
  guint n;

  g_return_val_if_fail (SW_IS_TARGET_PICKER (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTarget) existing = g_list_model_get_item (G_LIST_MODEL (self->targets), i);

      if (sw_target_get_kind (existing) == SW_TARGET_ENDPOINT &&
          g_strcmp0 (sw_target_get_label (existing), url) == 0)
        {
          sw_target_picker_set_target (self, existing);
          return existing;
        }
    }
  target = sw_target_new_endpoint (url);
  g_list_store_append (self->targets, target);
  sw_target_picker_set_target (self, target);
  return target;
}

static void
use_endpoint_cb (SwTargetPicker *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      gtk_widget_add_css_class (self->entry, "error");
      return;
    }
  gtk_widget_remove_css_class (self->entry, "error");
  sw_target_picker_add_endpoint (self, url);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
sw_target_picker_init (SwTargetPicker *self)
{
  g_autofree char *db_path = sw_target_dup_default_db_path ();
  g_autoptr(SwTarget) local = NULL;
  g_autoptr(GListModel) available = NULL;
  g_autofree char *kind = NULL;
  GtkWidget *box, *scrolled, *custom, *use;
  SwTarget *initial = NULL;
  guint n;

  self->settings = sw_run_app_settings_with ("default-target");
  /* Tests run with the memory backend and must not touch the user's database. */
  local = sw_target_new_local (g_strcmp0 (g_getenv ("GSETTINGS_BACKEND"), "memory") == 0 ?
                               NULL : db_path);
  available = sw_target_list_available (local);
  self->targets = g_list_store_new (SW_TYPE_TARGET);
  n = g_list_model_get_n_items (available);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTarget) target = g_list_model_get_item (available, i);

      g_list_store_append (self->targets, target);
    }

  self->button = gtk_menu_button_new ();
  gtk_widget_set_tooltip_text (self->button, _("Where deploys and runs go"));
  /* A label that ellipsizes (the button's own does not): the header bar fits a phone. */
  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    self->label = gtk_label_new (_("No Target"));
    gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
    gtk_box_append (GTK_BOX (content), self->label);
    gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("pan-down-symbolic"));
    gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), content);
  }
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  self->popover = gtk_popover_new ();
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  self->list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  custom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("Endpoint URL, http://…"));
  gtk_widget_set_hexpand (self->entry, TRUE);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (use_endpoint_cb), self);
  use = gtk_button_new_with_mnemonic (_("_Use"));
  g_signal_connect_swapped (use, "clicked", G_CALLBACK (use_endpoint_cb), self);
  gtk_box_append (GTK_BOX (custom), self->entry);
  gtk_box_append (GTK_BOX (custom), use);
  gtk_box_append (GTK_BOX (box), custom);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);

  /* The remembered choice, else this computer. */
  if (self->settings != NULL)
    kind = g_settings_get_string (self->settings, "default-target");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->targets)) && kind; i++)
    {
      g_autoptr(SwTarget) target = g_list_model_get_item (G_LIST_MODEL (self->targets), i);
      g_autofree char *profile = g_settings_get_string (self->settings, "aws-profile");
      g_autofree char *url = g_settings_get_string (self->settings, "endpoint-url");

      if ((g_strcmp0 (kind, "aws") == 0 && sw_target_get_kind (target) == SW_TARGET_AWS &&
           g_strcmp0 (sw_target_get_profile (target) ?: "", profile) == 0) ||
          (g_strcmp0 (kind, "endpoint") == 0 &&
           sw_target_get_kind (target) == SW_TARGET_ENDPOINT &&
           g_strcmp0 (sw_target_get_label (target), url) == 0))
        {
          initial = target;
          break;
        }
    }
  sw_target_picker_set_target (self, initial != NULL ? initial : local);
}

GtkWidget *
sw_target_picker_new (void)
{
  return g_object_new (SW_TYPE_TARGET_PICKER, NULL);
}

/**
 * sw_target_picker_get_target:
 *
 * Returns: (transfer none): the chosen target
 */
SwTarget *
sw_target_picker_get_target (SwTargetPicker *self)
{
  g_return_val_if_fail (SW_IS_TARGET_PICKER (self), NULL);
  return self->target;
}

/**
 * sw_target_picker_get_targets:
 *
 * Returns: (transfer none): the targets offered
 */
GListModel *
sw_target_picker_get_targets (SwTargetPicker *self)
{
  g_return_val_if_fail (SW_IS_TARGET_PICKER (self), NULL);
  return G_LIST_MODEL (self->targets);
}
