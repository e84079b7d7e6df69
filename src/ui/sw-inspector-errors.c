/* sw-inspector-errors.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Error handling tab: Retry and Catch lists. */

#include <glib/gi18n-lib.h>

#include "sw-inspector-private.h"

static SwField *
add (SwInspector *self,
     GtkWidget   *parent,
     SwFieldKind  kind,
     const char  *item,
     const char  *key,
     const char  *label)
{
  g_autofree char *pointer = _sw_pointer_append (item, key);
  SwField *field = _sw_field_new (self, kind, pointer, label);

  gtk_box_append (GTK_BOX (parent), field->box);
  return field;
}

static GtkWidget *
pair (GtkWidget *parent)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (GTK_BOX (parent), row);
  return row;
}

static void
build_retriers (SwInspector *self,
                GtkWidget   *page)
{
  GtkWidget *section = _sw_inspector_section (page, _("Retry"),
                                              _("Retriers run in order; the first whose errors "
                                                "match retries the state."));
  SwValue *retriers = _sw_inspector_lookup (self, "/Retry");
  guint n = retriers != NULL && sw_value_is_array (retriers)
            ? sw_value_array_get_length (retriers) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = _sw_pointer_append_index ("/Retry", i);
      g_autofree char *title = g_strdup_printf (_("Retrier #%u"), i + 1);
      GtkWidget *card = _sw_inspector_card (section, title, item, i, n);
      GtkWidget *row;
      SwField *field;
      const char *jitter[] = { "", "FULL", "NONE", NULL };
      const char *jitter_titles[] = { _("Default (none)"), _("Full"), _("None"), NULL };
      g_autofree char *jitter_pointer = _sw_pointer_append (item, "JitterStrategy");

      field = add (self, card, SW_FIELD_STRING_LIST, item, "ErrorEquals", _("Errors"));
      _sw_field_set_placeholder (field, "States.ALL");
      row = pair (card);
      field = add (self, row, SW_FIELD_INTEGER, item, "IntervalSeconds", _("Interval (s)"));
      _sw_field_set_placeholder (field, "1");
      field = add (self, row, SW_FIELD_INTEGER, item, "MaxAttempts", _("Max attempts"));
      _sw_field_set_placeholder (field, "3");
      row = pair (card);
      field = add (self, row, SW_FIELD_NUMBER, item, "BackoffRate", _("Backoff rate"));
      _sw_field_set_placeholder (field, "2.0");
      field = add (self, row, SW_FIELD_INTEGER, item, "MaxDelaySeconds", _("Max delay (s)"));
      field = _sw_field_new_choice (self, jitter_pointer, _("Jitter"), jitter, jitter_titles);
      gtk_box_append (GTK_BOX (card), field->box);
    }
  _sw_inspector_add_button (section, _("Add _Retrier"), "inspector.add-item",
                            g_variant_new_string ("Retry"));
}

static void
build_catchers (SwInspector *self,
                GtkWidget   *page)
{
  GtkWidget *section = _sw_inspector_section (page, _("Catch"),
                                              _("When retries are exhausted, the first catcher "
                                                "whose errors match leads to its state."));
  SwValue *catchers = _sw_inspector_lookup (self, "/Catch");
  gboolean jsonata = _sw_inspector_is_jsonata (self);
  guint n = catchers != NULL && sw_value_is_array (catchers)
            ? sw_value_array_get_length (catchers) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = _sw_pointer_append_index ("/Catch", i);
      g_autofree char *title = g_strdup_printf (_("Catcher #%u"), i + 1);
      g_autofree char *next = _sw_pointer_append (item, "Next");
      GtkWidget *card = _sw_inspector_card (section, title, item, i, n);
      SwField *field;

      field = add (self, card, SW_FIELD_STRING_LIST, item, "ErrorEquals", _("Errors"));
      _sw_field_set_placeholder (field, "States.ALL");
      field = _sw_field_new_state (self, next, _("Fallback state"), NULL, FALSE);
      gtk_box_append (GTK_BOX (card), field->box);
      if (jsonata)
        {
          field = add (self, card, SW_FIELD_JSON, item, "Output", _("Output"));
          _sw_field_set_help (field, _("Default: the error output, $states.errorOutput"));
        }
      else
        {
          field = add (self, card, SW_FIELD_PATH_OR_NULL, item, "ResultPath", _("ResultPath"));
          _sw_field_set_placeholder (field, "$");
        }
    }
  _sw_inspector_add_button (section, _("Add _Catcher"), "inspector.add-item",
                            g_variant_new_string ("Catch"));
}

void
_sw_inspector_build_errors (SwInspector *self,
                            GtkWidget   *page)
{
  SwState *state = _sw_inspector_get_state (self);
  SwStateType type = sw_state_get_state_type (state);

  if (type != SW_STATE_TYPE_TASK && type != SW_STATE_TYPE_PARALLEL &&
      type != SW_STATE_TYPE_MAP)
    return;
  build_retriers (self, page);
  build_catchers (self, page);
}
