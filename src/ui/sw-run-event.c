/* sw-run-event.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sw-run-event.h"
#include "sw-run-util.h"

struct _SwRunEvent
{
  GObject parent_instance;

  JsonObject *json;
  JsonObject *details;
  const char *type;
  char *state;
  char *search_text;
  gint64 id;
  gint64 previous_id;
  double timestamp;
  double elapsed;
  int iteration;
  guint kinds;   /* 1 << SwRunEventKind, computed once: filtering 25,000 rows stays cheap */
};

G_DEFINE_FINAL_TYPE (SwRunEvent, sw_run_event, G_TYPE_OBJECT)

static void
sw_run_event_finalize (GObject *object)
{
  SwRunEvent *self = SW_RUN_EVENT (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_free (self->state);
  g_free (self->search_text);

  G_OBJECT_CLASS (sw_run_event_parent_class)->finalize (object);
}

static void
sw_run_event_class_init (SwRunEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_run_event_finalize;
}

static void
sw_run_event_init (SwRunEvent *self)
{
  self->iteration = -1;
}

static void
find_details (JsonObject  *object,
              const char  *name,
              JsonNode    *node,
              gpointer     user_data)
{
  JsonObject **details = user_data;

  if (*details == NULL && g_str_has_suffix (name, "EventDetails") && JSON_NODE_HOLDS_OBJECT (node))
    *details = json_node_get_object (node);
}

static gboolean
type_is_kind (const char     *type,
              SwRunEventKind  kind)
{
  switch (kind)
    {
    case SW_RUN_EVENT_KIND_ALL:
      return TRUE;
    case SW_RUN_EVENT_KIND_EXECUTION:
      return g_str_has_prefix (type, "Execution");
    case SW_RUN_EVENT_KIND_STATE:
      return g_str_has_suffix (type, "StateEntered") || g_str_has_suffix (type, "StateExited");
    case SW_RUN_EVENT_KIND_TASK:
      return g_str_has_prefix (type, "Task") || g_str_has_prefix (type, "Lambda") ||
             g_str_has_prefix (type, "Activity");
    case SW_RUN_EVENT_KIND_ITERATION:
      return g_str_has_prefix (type, "Map") || g_str_has_prefix (type, "Parallel");
    case SW_RUN_EVENT_KIND_ERROR:
      return g_str_has_suffix (type, "Failed") || g_str_has_suffix (type, "TimedOut") ||
             g_str_has_suffix (type, "Aborted") || strcmp (type, "FailStateEntered") == 0;
    default:
      return FALSE;
    }
}

/**
 * sw_run_event_find_details:
 *
 * Returns: (transfer none) (nullable): the `…EventDetails` member of a history event
 */
JsonObject *
sw_run_event_find_details (JsonObject *event)
{
  JsonObject *details = NULL;

  json_object_foreach_member (event, find_details, &details);
  return details;
}

/**
 * sw_run_event_new:
 * @event: the event as the service sent it (a reference is taken)
 *
 * Returns: (transfer full): a new event
 */
SwRunEvent *
sw_run_event_new (JsonObject *event,
                  const char *state,
                  int         iteration,
                  double      elapsed)
{
  SwRunEvent *self;

  g_return_val_if_fail (event != NULL, NULL);

  self = g_object_new (SW_TYPE_RUN_EVENT, NULL);
  self->json = json_object_ref (event);
  self->id = json_object_get_int_member_with_default (event, "id", 0);
  self->previous_id = json_object_get_int_member_with_default (event, "previousEventId", 0);
  self->type = sw_run_json_get_string (event, "type");
  if (self->type == NULL)
    self->type = "";
  self->timestamp = sw_run_json_get_time (event, "timestamp");
  self->state = g_strdup (state);
  self->iteration = iteration;
  self->elapsed = elapsed;
  json_object_foreach_member (event, find_details, &self->details);
  for (SwRunEventKind kind = SW_RUN_EVENT_KIND_ALL; kind <= SW_RUN_EVENT_KIND_ERROR; kind++)
    if (type_is_kind (self->type, kind))
      self->kinds |= 1u << kind;
  return self;
}

gint64
sw_run_event_get_id (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), 0);
  return self->id;
}

gint64
sw_run_event_get_previous_id (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), 0);
  return self->previous_id;
}

const char *
sw_run_event_get_event_type (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), NULL);
  return self->type;
}

const char *
sw_run_event_get_state (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), NULL);
  return self->state;
}

int
sw_run_event_get_iteration (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), -1);
  return self->iteration;
}

double
sw_run_event_get_timestamp (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), 0);
  return self->timestamp;
}

double
sw_run_event_get_elapsed (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), 0);
  return self->elapsed;
}

JsonObject *
sw_run_event_get_json (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), NULL);
  return self->json;
}

JsonObject *
sw_run_event_get_details (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), NULL);
  return self->details;
}

const char *
sw_run_event_get_detail (SwRunEvent *self,
                         const char *member)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), NULL);
  return sw_run_json_get_string (self->details, member);
}

gboolean
sw_run_event_is_kind (SwRunEvent     *self,
                      SwRunEventKind  kind)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), FALSE);
  return (self->kinds & (1u << kind)) != 0;
}

const char *
sw_run_event_get_search_text (SwRunEvent *self)
{
  g_return_val_if_fail (SW_IS_RUN_EVENT (self), NULL);

  /* Built on first use: filling 25,000 rows should not pay for it. */
  if (self->search_text == NULL)
    {
      const char *error = sw_run_event_get_detail (self, "error");
      const char *cause = sw_run_event_get_detail (self, "cause");
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s %s %s", self->id,
                                               self->type, self->state ? self->state : "",
                                               error ? error : "", cause ? cause : "");

      self->search_text = g_utf8_casefold (text, -1);
    }
  return self->search_text;
}
