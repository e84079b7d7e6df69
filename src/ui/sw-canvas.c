/* sw-canvas.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The designer's diagram. The diagram painter draws the part of the document's machine
 * around the view (the view and half of it on each side, clipped) into an image, the cache;
 * each frame shows that image moved and, while zooming, stretched: a frame costs one copy
 * whatever the size of the machine (a cairo node the size of what is in view, or textures
 * the renderer keeps, see use_texture()). The cache is painted again at once when what it
 * shows changes (an edit, the selection, badges, run status, the style) — the view, its
 * full margin follows in a thread — and in a thread when only the view moved: before the
 * view reaches its border, and when the zoom rests (sharp again 150 ms later). Overlays of
 * gestures (drop target, dragged states, rubber band) are drawn over it every frame.
 *
 * Dragging states onto an arrow or into an empty branch moves them there in the definition
 * (as Workflow Studio does); dropping them anywhere else places them by hand: their
 * positions go to the document's layout sidecar and every layout honours them.
 *
 * Edits go through the model API (and sw-fragment for states carried as ASL), each gesture
 * grouped into one undo step of the document. After an edit the layout is recomputed in a
 * thread, on a copy of the definition, once however many edits a gesture made (2,000
 * states: about 15 ms unloaded); frames meanwhile show the old one. Hit tests (clicks,
 * drops, keys) and sw_canvas_get_layout() lay out at once when the layout is stale. */

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sw-asl-error.h"
#include "sw-canvas.h"
#include "sw-diagnostic.h"
#include "sw-fragment.h"
#include "sw-painter.h"

#define MIN_ZOOM 0.05
#define MAX_ZOOM 4.0
#define ZOOM_STEP 1.2
#define FIT_MARGIN 24.0
#define DRAG_THRESHOLD 4.0
#define EDGE_TOLERANCE 8.0    /* widget pixels */
#define SCROLL_STEP 48.0
#define CACHE_MARGIN 0.5      /* of the view's size, on each side */
#define CACHE_MARGIN_NOW 0.125  /* the same, when a frame waits for the painting */
#define CACHE_TILE 256        /* device pixels: a renderer uploads the tiles it shows */
#define CACHE_PAD 24.0        /* diagram units around the diagram: halos, badges */
#define CACHE_STRETCH 2.0     /* the most a cached picture is scaled while zooming */
#define REFINE_DELAY_MS 150

typedef enum
{
  DRAG_NONE,
  DRAG_PENDING,     /* pressed, not moved far enough yet */
  DRAG_PAN,
  DRAG_RUBBER,
  DRAG_MOVE,
} DragMode;

typedef enum
{
  TARGET_NONE,
  TARGET_EDGE,
  TARGET_BRANCH,
} TargetKind;

typedef struct
{
  TargetKind kind;
  int edge;         /* TARGET_EDGE */
  int container;    /* TARGET_BRANCH: index of the container */
  guint branch;
} DropTarget;

struct _SwCanvas
{
  GtkWidget parent_instance;

  SwDocument *doc;
  SwMachine *machine;
  gulong machine_changed_id;

  GFile *file;               /* the document's, when the view was last fitted */

  SwLayout *layout;
  gboolean layout_stale;
  guint layout_serial;        /* changes of the machine */
  gboolean laying_out;        /* a layout is being computed in a thread */
  gboolean fitted;
  gboolean keep_fit;          /* fit again when resized, until the user moves the view */
  gboolean view_moved;        /* zoomed or panned since the last fit */

  GHashTable *status;         /* pointer → status, from the caller */
  GHashTable *status_names;   /* name → status, for the painter */
  GHashTable *selection;      /* names, for the painter */
  GHashTable *badges;         /* name → severity + 1 */
  gboolean overlays_stale;

  double zoom;
  double tx, ty;              /* widget = diagram * zoom + t */

  /* pointer gestures */
  DragMode drag_mode;
  double press_x, press_y;
  double drag_x, drag_y;      /* current pointer during a drag */
  double pan_tx, pan_ty;
  int press_node;
  GdkModifierType press_state;
  DropTarget target;
  double pointer_x, pointer_y;
  gboolean pointer_inside;
  double pinch_zoom;

  /* drop of a fragment from the browser */
  double drop_x, drop_y;

  /* keyboard: the last state focused by the keyboard or a click */
  char *cursor;

  /* counts the model edits of a gesture */
  guint edits;

  /* a state placed by hand, and where (diagram units): kept there by the next layout */
  char *anchor;
  double anchor_x, anchor_y;
  gboolean placing;           /* in sw_canvas_place_selection(), which sets the anchor */

  gboolean dark;

  /* The diagram as painted around the view, reused while panning and, stretched, while
   * zooming (redrawn sharp once the zoom rests). */
  cairo_surface_t *cache;
  GPtrArray *cache_tiles;     /* the same pixels as GdkTextures of CACHE_TILE² pixels, row by
                               * row, for renderers that keep textures */
  int cache_columns;
  gboolean cache_valid;
  double cache_zoom;
  int cache_scale;
  double cache_x0, cache_y0, cache_x1, cache_y1;  /* diagram units */
  guint refine_id;
  gboolean painting;          /* a cache is being painted in a thread */
};

G_DEFINE_FINAL_TYPE (SwCanvas, sw_canvas, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DOCUMENT,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (SwCanvas *self);

/* Layout and overlays. */

static void
invalidate_overlays (SwCanvas *self)
{
  self->overlays_stale = TRUE;
  self->cache_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* After a state was placed by hand, the new layout may start further left or up (the diagram
 * always starts at its margin): move the view so that the placed state stays where it was
 * dropped, and the rest with it. */
static void
keep_anchor (SwCanvas *self)
{
  int index;

  if (self->anchor == NULL)
    return;
  index = self->layout != NULL ? sw_layout_find_node (self->layout, self->anchor) : -1;
  if (index >= 0)
    {
      const SwLayoutNode *node = sw_layout_get_node (self->layout, index);

      self->tx += (self->anchor_x - node->box.x) * self->zoom;
      self->ty += (self->anchor_y - node->box.y) * self->zoom;
    }
  g_clear_pointer (&self->anchor, g_free);
}

static void
ensure_layout (SwCanvas *self)
{
  if (!self->layout_stale)
    return;
  self->layout_stale = FALSE;
  g_clear_object (&self->layout);
  if (self->machine != NULL)
    {
      gint64 start = g_get_monotonic_time ();

      self->layout = sw_layout_new (self->machine, sw_document_get_positions (self->doc));
      keep_anchor (self);
      g_debug ("Layout of %u nodes: %.1f ms", sw_layout_get_n_nodes (self->layout),
               (g_get_monotonic_time () - start) / 1000.0);
    }
  self->overlays_stale = TRUE;
  self->cache_valid = FALSE;
}

/* Layout in a thread: of a copy of the definition, so that edits can go on meanwhile. */
typedef struct
{
  SwValue *definition;
  SwLayoutPositions *positions;
  guint serial;
  SwLayout *layout;
} LayoutJob;

static void
layout_job_free (LayoutJob *job)
{
  g_clear_pointer (&job->definition, sw_value_unref);
  g_clear_object (&job->positions);
  g_clear_object (&job->layout);
  g_free (job);
}

static void
layout_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LayoutJob *job = task_data;
  g_autoptr(SwMachine) machine = sw_machine_new (job->definition);

  job->layout = sw_layout_new (machine, job->positions);
  g_task_return_boolean (task, TRUE);
}

static void request_layout (SwCanvas *self);

static void
laid_out (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SwCanvas *self = SW_CANVAS (source);
  LayoutJob *job = g_task_get_task_data (G_TASK (result));

  self->laying_out = FALSE;
  if (self->machine == NULL || !self->layout_stale)
    return;
  if (job->serial == self->layout_serial)
    {
      g_clear_object (&self->layout);
      self->layout = g_steal_pointer (&job->layout);
      keep_anchor (self);
      self->layout_stale = FALSE;
      self->overlays_stale = TRUE;
      self->cache_valid = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    request_layout (self);
}

/* Starts laying out the current definition in a thread, unless one is running (its end
 * starts the next). Meanwhile the old layout is drawn. */
static void
request_layout (SwCanvas *self)
{
  g_autoptr(GTask) task = NULL;
  LayoutJob *job;

  if (self->laying_out || !self->layout_stale || self->machine == NULL)
    return;
  self->laying_out = TRUE;
  job = g_new0 (LayoutJob, 1);
  job->definition = sw_value_copy (sw_machine_get_value (self->machine));
  /* a copy too: the document's positions change while the thread reads them */
  job->positions = sw_layout_positions_copy (sw_document_get_positions (self->doc));
  job->serial = self->layout_serial;
  task = g_task_new (self, NULL, laid_out, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) layout_job_free);
  g_task_run_in_thread (task, layout_in_thread);
}

/* Selection, run status and badges keyed the painter's way: by state name. */
static void
ensure_overlays (SwCanvas *self)
{
  const char * const *selection;

  if (!self->overlays_stale)
    return;
  self->overlays_stale = FALSE;
  self->cache_valid = FALSE;

  /* New tables, never changed afterwards: a cache being painted in a thread holds the old. */
  g_hash_table_unref (self->selection);
  g_hash_table_unref (self->status_names);
  self->selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->status_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_clear_pointer (&self->badges, g_hash_table_unref);
  if (self->layout == NULL)
    return;

  selection = sw_document_get_selection (self->doc);
  for (guint i = 0; selection != NULL && selection[i] != NULL; i++)
    {
      int index = sw_layout_find_node_for_pointer (self->layout, selection[i]);
      const SwLayoutNode *node = index >= 0 ? sw_layout_get_node (self->layout, index) : NULL;

      if (node != NULL && node->name != NULL && g_strcmp0 (node->pointer, selection[i]) == 0)
        g_hash_table_add (self->selection, g_strdup (node->name));
    }

  if (self->status != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->status);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int index = sw_layout_find_node_for_pointer (self->layout, key);
          const SwLayoutNode *node = index >= 0 ? sw_layout_get_node (self->layout, index) : NULL;

          if (node != NULL && node->name != NULL && g_strcmp0 (node->pointer, key) == 0)
            g_hash_table_replace (self->status_names, g_strdup (node->name), value);
        }
    }

  self->badges = sw_layout_badges_for_diagnostics (self->layout,
                                                   sw_document_get_diagnostics (self->doc));
}

static void
on_machine_changed (SwMachine *machine,
                    SwEdit    *edit,
                    SwCanvas  *self)
{
  self->edits++;
  self->layout_stale = TRUE;
  self->layout_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Before the positions change by undo or redo: anchors the view on a top-level state that
 * is not placed by hand (its automatic place does not depend on the others' manual ones), so
 * that it stays put on screen; the states placed by hand then go back under the point they
 * were dragged from, or dropped at, as during the drag — even when the diagram's origin moved
 * with them. */
static void
anchor_unplaced_state (SwCanvas *self)
{
  SwLayoutPositions *positions = sw_document_get_positions (self->doc);

  if (self->layout == NULL || self->anchor != NULL)
    return;
  for (guint i = 0; i < sw_layout_get_n_nodes (self->layout); i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (self->layout, i);

      if (node->kind != SW_LAYOUT_NODE_STATE || node->name == NULL || node->parent >= 0 ||
          node->pinned || sw_layout_positions_lookup (positions, node->name, NULL, NULL))
        continue;
      self->anchor = g_strdup (node->name);
      self->anchor_x = node->box.x;
      self->anchor_y = node->box.y;
      return;
    }
}

/* Placed by hand, or such a step undone or redone. */
static void
on_positions_changed (SwDocument *doc,
                      SwCanvas   *self)
{
  if (!self->placing)
    anchor_unplaced_state (self);
  self->layout_stale = TRUE;
  self->layout_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_machine (SwCanvas  *self,
             SwMachine *machine)
{
  if (self->machine == machine)
    return;
  if (self->machine != NULL)
    {
      g_clear_signal_handler (&self->machine_changed_id, self->machine);
      g_clear_object (&self->machine);
    }
  if (machine != NULL)
    {
      self->machine = g_object_ref (machine);
      self->machine_changed_id = g_signal_connect (machine, "changed",
                                                   G_CALLBACK (on_machine_changed), self);
    }
  self->layout_stale = TRUE;
  self->layout_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_document_machine (SwDocument *doc,
                     GParamSpec *pspec,
                     SwCanvas   *self)
{
  set_machine (self, sw_document_get_machine (doc));
  /* Another file opened: show all of it (the code view replacing the text keeps the view). */
  if (sw_document_get_file (doc) != self->file)
    {
      g_set_object (&self->file, sw_document_get_file (doc));
      self->fitted = FALSE;
      if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
        sw_canvas_zoom_to_fit (self);
    }
  update_actions (self);
}

static void
update_accessible (SwCanvas *self)
{
  SwState *state = sw_document_get_selected_state (self->doc);
  const char * const *selection = sw_document_get_selection (self->doc);
  guint n = selection != NULL ? g_strv_length ((char **) selection) : 0;
  g_autofree char *description = NULL;

  if (state != NULL)
    /* Translators: the canvas's accessible description: a state's name and type */
    description = g_strdup_printf (_("Selected: %s, %s state"), sw_state_get_name (state),
                                   sw_state_get_type_name (state));
  else if (n > 1)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u state selected",
                                                "%u states selected", n), n);
  else
    description = g_strdup (_("No state selected"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
on_selection_changed (SwDocument *doc,
                      SwCanvas   *self)
{
  invalidate_overlays (self);
  update_actions (self);
  update_accessible (self);
}

static void
on_diagnostics_changed (SwDocument *doc,
                        SwCanvas   *self)
{
  invalidate_overlays (self);
}

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 SwCanvas        *self)
{
  self->dark = adw_style_manager_get_dark (manager);
  self->cache_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The view. */

static void
clamp_view (SwCanvas *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double dw, dh;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;
  /* Keep some of the diagram in view. */
  dw = sw_layout_get_width (self->layout) * self->zoom;
  dh = sw_layout_get_height (self->layout) * self->zoom;
  self->tx = CLAMP (self->tx, MIN (FIT_MARGIN, width - FIT_MARGIN) - dw,
                    MAX (width - FIT_MARGIN, FIT_MARGIN));
  self->ty = CLAMP (self->ty, MIN (FIT_MARGIN, height - FIT_MARGIN) - dh,
                    MAX (height - FIT_MARGIN, FIT_MARGIN));
}

/**
 * sw_canvas_set_zoom_at:
 * @zoom: the new zoom (1: one diagram unit per pixel), clamped to 5 %–400 %
 * @x: the widget point that stays in place
 * @y: the widget point that stays in place
 */
void
sw_canvas_set_zoom_at (SwCanvas *self,
                       double    zoom,
                       double    x,
                       double    y)
{
  double dx, dy;

  g_return_if_fail (SW_IS_CANVAS (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  dx = (x - self->tx) / self->zoom;
  dy = (y - self->ty) / self->zoom;
  self->zoom = zoom;
  self->tx = x - dx * zoom;
  self->ty = y - dy * zoom;
  if (self->layout == NULL)
    ensure_layout (self);
  clamp_view (self);
  self->fitted = TRUE;
  self->view_moved = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
sw_canvas_get_zoom (SwCanvas *self)
{
  g_return_val_if_fail (SW_IS_CANVAS (self), 1.0);

  return self->zoom;
}

/**
 * sw_canvas_pan:
 * @dx: pixels to move the diagram right
 * @dy: pixels to move the diagram down
 */
void
sw_canvas_pan (SwCanvas *self,
               double    dx,
               double    dy)
{
  g_return_if_fail (SW_IS_CANVAS (self));

  self->tx += dx;
  self->ty += dy;
  if (self->layout == NULL)
    ensure_layout (self);
  clamp_view (self);
  self->fitted = TRUE;
  self->view_moved = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sw_canvas_diagram_to_widget (SwCanvas *self,
                             double    diagram_x,
                             double    diagram_y,
                             double   *x,
                             double   *y)
{
  g_return_if_fail (SW_IS_CANVAS (self));

  if (x != NULL)
    *x = diagram_x * self->zoom + self->tx;
  if (y != NULL)
    *y = diagram_y * self->zoom + self->ty;
}

static void
widget_to_diagram (SwCanvas *self,
                   double    x,
                   double    y,
                   double   *dx,
                   double   *dy)
{
  *dx = (x - self->tx) / self->zoom;
  *dy = (y - self->ty) / self->zoom;
}

/**
 * sw_canvas_zoom_to_fit:
 *
 * Shows the whole diagram, at most at 100 %, centred.
 */
void
sw_canvas_zoom_to_fit (SwCanvas *self)
{
  double width, height, lw, lh, zoom;

  g_return_if_fail (SW_IS_CANVAS (self));

  ensure_layout (self);
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->layout == NULL || width <= 0 || height <= 0)
    return;
  lw = MAX (sw_layout_get_width (self->layout), 1);
  lh = MAX (sw_layout_get_height (self->layout), 1);
  zoom = MIN ((width - 2 * FIT_MARGIN) / lw, (height - 2 * FIT_MARGIN) / lh);
  zoom = CLAMP (zoom, MIN_ZOOM, 1.0);
  self->zoom = zoom;
  self->tx = (width - lw * zoom) / 2;
  self->ty = MAX ((height - lh * zoom) / 2, FIT_MARGIN);
  if (lh * zoom > height - 2 * FIT_MARGIN)
    self->ty = FIT_MARGIN;
  self->fitted = TRUE;
  self->view_moved = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/**
 * sw_canvas_set_keep_fit:
 * @keep_fit: whether a new size fits the diagram again
 *
 * With @keep_fit, the whole diagram stays shown when the canvas is resized (a pane folding
 * or revealed, the window resized) until the user zooms or pans; fitting (F) shows it whole
 * again. Without, a resize keeps the zoom.
 */
void
sw_canvas_set_keep_fit (SwCanvas *self,
                        gboolean  keep_fit)
{
  g_return_if_fail (SW_IS_CANVAS (self));

  self->keep_fit = !!keep_fit;
}

/**
 * sw_canvas_get_view_moved:
 *
 * Returns: whether the view was zoomed or panned since the diagram was last fitted
 */
gboolean
sw_canvas_get_view_moved (SwCanvas *self)
{
  g_return_val_if_fail (SW_IS_CANVAS (self), FALSE);

  return self->view_moved;
}

/* Brings the node into view, moving the view as little as possible. */
static void
scroll_to_node (SwCanvas *self,
                int       index)
{
  const SwLayoutNode *node;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double x0, y0, x1, y1;

  if (self->layout == NULL || index < 0)
    return;
  node = sw_layout_get_node (self->layout, index);
  sw_canvas_diagram_to_widget (self, node->box.x, node->box.y, &x0, &y0);
  sw_canvas_diagram_to_widget (self, node->box.x + node->box.width,
                               node->box.y + node->box.height, &x1, &y1);
  if (x0 < FIT_MARGIN)
    self->tx += FIT_MARGIN - x0;
  else if (x1 > width - FIT_MARGIN)
    self->tx -= MIN (x1 - (width - FIT_MARGIN), x0 - FIT_MARGIN);
  if (y0 < FIT_MARGIN)
    self->ty += FIT_MARGIN - y0;
  else if (y1 > height - FIT_MARGIN)
    self->ty -= MIN (y1 - (height - FIT_MARGIN), y0 - FIT_MARGIN);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Drawing. */

static void
draw_polyline (cairo_t            *cr,
               const SwLayoutEdge *edge)
{
  cairo_move_to (cr, edge->points[0], edge->points[1]);
  for (guint i = 1; i < edge->n_points; i++)
    cairo_line_to (cr, edge->points[2 * i], edge->points[2 * i + 1]);
}

static void
set_color (cairo_t       *cr,
           const SwColor *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
draw_target (SwCanvas        *self,
             cairo_t         *cr,
             const SwPalette *palette)
{
  if (self->target.kind == TARGET_EDGE)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (self->layout, self->target.edge);

      draw_polyline (cr, edge);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, MAX (6.0, 6.0 / self->zoom));
      set_color (cr, &palette->selection, 0.35);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, MAX (2.0, 2.0 / self->zoom));
      set_color (cr, &palette->selection, 1.0);
      cairo_stroke (cr);
    }
  else if (self->target.kind == TARGET_BRANCH)
    {
      const SwLayoutContainer *container =
        sw_layout_get_container (self->layout, self->target.container);
      const SwLayoutBox *box = &container->branches[self->target.branch];
      double dash[] = { 6.0, 4.0 };

      cairo_rectangle (cr, box->x + 3, box->y + 3, box->width - 6, box->height - 6);
      set_color (cr, &palette->selection, 0.15);
      cairo_fill_preserve (cr);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, MAX (2.0, 2.0 / self->zoom));
      set_color (cr, &palette->selection, 1.0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

/* Outlines of the selected states following the pointer while they are dragged. */
static void
draw_move_ghost (SwCanvas        *self,
                 cairo_t         *cr,
                 const SwPalette *palette)
{
  double ox = (self->drag_x - self->press_x) / self->zoom;
  double oy = (self->drag_y - self->press_y) / self->zoom;
  guint n = sw_layout_get_n_nodes (self->layout);

  for (guint i = 0; i < n; i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (self->layout, i);

      if (node->name == NULL || node->kind != SW_LAYOUT_NODE_STATE ||
          !g_hash_table_contains (self->selection, node->name))
        continue;
      cairo_rectangle (cr, node->box.x + ox, node->box.y + oy, node->box.width,
                       node->box.height);
      set_color (cr, &palette->selection, 0.18);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, MAX (1.5, 1.5 / self->zoom));
      set_color (cr, &palette->selection, 0.8);
      cairo_stroke (cr);
    }
}

/* One picture of the diagram around the view: what to paint, and the result. Everything
 * in it is owned or immutable, so it can be painted in a thread. */
typedef struct
{
  SwLayout *layout;
  const SwPalette *palette;
  gboolean dark;
  GHashTable *status;
  GHashTable *selection;
  GHashTable *badges;
  double zoom;
  int scale;
  double x0, y0, x1, y1;    /* diagram units */
  int width, height;        /* device pixels */
  cairo_surface_t *surface;
} CacheJob;

static void
cache_job_free (CacheJob *job)
{
  g_clear_object (&job->layout);
  g_clear_pointer (&job->status, g_hash_table_unref);
  g_clear_pointer (&job->selection, g_hash_table_unref);
  g_clear_pointer (&job->badges, g_hash_table_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_free (job);
}

/* The job for the view now: the view and @margin of it on each side, within the diagram, at
 * the current zoom. */
static CacheJob *
cache_job_new (SwCanvas        *self,
               const SwPalette *palette,
               double           margin)
{
  CacheJob *job = g_new0 (CacheJob, 1);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double lw = sw_layout_get_width (self->layout), lh = sw_layout_get_height (self->layout);
  double px0, py0, px1, py1;

  /* In widget pixels, whole ones, so that an unscaled cache lands on the pixel grid. */
  px0 = floor (MAX (-width * margin, -CACHE_PAD * self->zoom + self->tx));
  py0 = floor (MAX (-height * margin, -CACHE_PAD * self->zoom + self->ty));
  px1 = ceil (MIN (width * (1 + margin), (lw + CACHE_PAD) * self->zoom + self->tx));
  py1 = ceil (MIN (height * (1 + margin), (lh + CACHE_PAD) * self->zoom + self->ty));

  job->layout = g_object_ref (self->layout);
  job->palette = palette;
  job->dark = self->dark;
  job->status = g_hash_table_size (self->status_names) > 0 ?
                g_hash_table_ref (self->status_names) : NULL;
  job->selection = g_hash_table_ref (self->selection);
  job->badges = self->badges != NULL ? g_hash_table_ref (self->badges) : NULL;
  job->zoom = self->zoom;
  job->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  widget_to_diagram (self, px0, py0, &job->x0, &job->y0);
  widget_to_diagram (self, px1, py1, &job->x1, &job->y1);
  job->width = px1 > px0 ? (int) (px1 - px0) * job->scale : 0;
  job->height = py1 > py0 ? (int) (py1 - py0) * job->scale : 0;
  return job;
}

static void
cache_job_paint (CacheJob *job)
{
  double units = job->zoom * job->scale;
  SwPaintOptions options;
  SwLayoutBox clip = { job->x0, job->y0, job->x1 - job->x0, job->y1 - job->y0 };
  cairo_t *cr;

  if (job->width <= 0 || job->height <= 0)
    return;
  /* ARGB32, opaque: the format of GDK_MEMORY_DEFAULT, so a texture shares the pixels */
  job->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cr = cairo_create (job->surface);
  set_color (cr, &job->palette->background, 1.0);
  cairo_paint (cr);
  cairo_scale (cr, units, units);
  cairo_translate (cr, -job->x0, -job->y0);

  sw_paint_options_init (&options, job->dark);
  options.palette = job->palette;
  options.scale = units;
  options.background = FALSE;
  options.status = job->status;
  options.selection = job->selection;
  options.badges = job->badges;
  options.clip = &clip;
  {
    gint64 start = g_get_monotonic_time ();

    sw_painter_paint (job->layout, cr, &options);
    g_debug ("Cache of %d x %d px at %.0f %%: %.1f ms", job->width, job->height,
             job->zoom * 100, (g_get_monotonic_time () - start) / 1000.0);
  }
  cairo_destroy (cr);
}

/* Whether to hand the cache to the renderer as textures (SW_CANVAS_CACHE=texture) rather
 * than as a cairo node of the part in view (the default). GL keeps textures and draws them
 * moved and scaled with little CPU, which should win on a GPU; on Mesa's llvmpipe (software)
 * the cairo node measured better (bench-canvas, 2,000 states: p95 8 ms against 13 ms, the
 * uploads of new caches), and the cairo renderer would copy a texture at every frame. */
static gboolean
use_texture (SwCanvas *self)
{
  const char *mode = g_getenv ("SW_CANVAS_CACHE");
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  return mode != NULL && g_str_equal (mode, "texture") && native != NULL &&
         !GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
}

static void
cache_install (SwCanvas *self,
               CacheJob *job)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->cache_tiles, g_ptr_array_unref);
  self->cache = g_steal_pointer (&job->surface);
  if (self->cache != NULL && use_texture (self))
    {
      /* Textures over the pixels (no copy), in tiles: a frame uploads only the tiles that
       * come into view, not all of a new cache at once. */
      cairo_surface_t *surface = cairo_surface_reference (self->cache);
      gsize stride = (gsize) cairo_image_surface_get_stride (surface);
      int width = cairo_image_surface_get_width (surface);
      int height = cairo_image_surface_get_height (surface);
      g_autoptr(GBytes) bytes = NULL;

      cairo_surface_flush (surface);
      bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                          stride * height,
                                          (GDestroyNotify) cairo_surface_destroy, surface);
      self->cache_tiles = g_ptr_array_new_with_free_func (g_object_unref);
      self->cache_columns = (width + CACHE_TILE - 1) / CACHE_TILE;
      for (int y = 0; y < height; y += CACHE_TILE)
        for (int x = 0; x < width; x += CACHE_TILE)
          {
            int w = MIN (CACHE_TILE, width - x), h = MIN (CACHE_TILE, height - y);
            g_autoptr(GBytes) tile = g_bytes_new_from_bytes (bytes, y * stride + x * 4,
                                                              (h - 1) * stride + w * 4);

            g_ptr_array_add (self->cache_tiles,
                             gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, tile, stride));
          }
    }
  self->cache_valid = TRUE;
  self->cache_zoom = job->zoom;
  self->cache_scale = job->scale;
  self->cache_x0 = job->x0;
  self->cache_y0 = job->y0;
  self->cache_x1 = job->x1;
  self->cache_y1 = job->y1;
}

static void
paint_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  cache_job_paint (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
painted (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SwCanvas *self = SW_CANVAS (source);
  CacheJob *job = g_task_get_task_data (G_TASK (result));

  self->painting = FALSE;
  /* Only if nothing changed the picture meanwhile (that repaints at once anyway). */
  if (self->cache_valid && self->layout == job->layout && job->selection == self->selection &&
      job->dark == self->dark &&
      job->badges == self->badges)
    {
      cache_install (self, job);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    /* outdated: the next frame asks for what is needed now */
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Paints a cache for the view in a thread, unless one is being painted. */
static void
repaint_cache_async (SwCanvas        *self,
                     const SwPalette *palette)
{
  g_autoptr(GTask) task = NULL;

  if (self->painting)
    return;
  self->painting = TRUE;
  task = g_task_new (self, NULL, painted, NULL);
  g_task_set_task_data (task, cache_job_new (self, palette, CACHE_MARGIN),
                        (GDestroyNotify) cache_job_free);
  g_task_run_in_thread (task, paint_in_thread);
}

/* Paints the view and a thin margin, now; the full margin follows in a thread (the frame
 * that waits paints 40 % of the pixels). */
static void
repaint_cache (SwCanvas        *self,
               const SwPalette *palette)
{
  CacheJob *job = cache_job_new (self, palette, CACHE_MARGIN_NOW);

  cache_job_paint (job);
  cache_install (self, job);
  cache_job_free (job);
}

static gboolean
refine (gpointer user_data)
{
  SwCanvas *self = user_data;

  self->refine_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->layout != NULL && self->cache_valid && self->zoom != self->cache_zoom)
    repaint_cache_async (self, self->dark ? sw_palette_get_dark () : sw_palette_get_light ());
  return G_SOURCE_REMOVE;
}

/* Whether the cache shows all of the diagram in view and @margin of the view around it. */
static gboolean
cache_covers (SwCanvas *self,
              double    margin)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double lw = sw_layout_get_width (self->layout), lh = sw_layout_get_height (self->layout);
  double x0, y0, x1, y1, slack;

  widget_to_diagram (self, -margin * width, -margin * height, &x0, &y0);
  widget_to_diagram (self, (1 + margin) * width, (1 + margin) * height, &x1, &y1);
  x0 = MAX (x0, -CACHE_PAD);
  y0 = MAX (y0, -CACHE_PAD);
  x1 = MIN (x1, lw + CACHE_PAD);
  y1 = MIN (y1, lh + CACHE_PAD);
  if (x1 <= x0 || y1 <= y0)
    return TRUE;
  slack = 1.0 / self->cache_zoom;
  return x0 >= self->cache_x0 - slack && y0 >= self->cache_y0 - slack &&
         x1 <= self->cache_x1 + slack && y1 <= self->cache_y1 + slack;
}

/* Brings the cache up to date for this frame: painted at once when what it shows changed;
 * when only the view moved, the old picture is shown (moved, stretched) while a new one is
 * painted in a thread — before the view reaches its border, or once the zoom rests. */
static void
update_cache (SwCanvas        *self,
              const SwPalette *palette)
{
  double ratio;

  if (!self->cache_valid || self->cache_scale != gtk_widget_get_scale_factor (GTK_WIDGET (self)))
    {
      repaint_cache (self, palette);
      repaint_cache_async (self, palette);
      return;
    }
  ratio = self->zoom / self->cache_zoom;
  if (!cache_covers (self, CACHE_MARGIN / 2) || ratio > CACHE_STRETCH ||
      ratio < 1 / CACHE_STRETCH)
    repaint_cache_async (self, palette);
  if (ratio != 1.0)
    {
      if (self->refine_id != 0)
        g_source_remove (self->refine_id);
      self->refine_id = g_timeout_add (REFINE_DELAY_MS, refine, self);
    }
}

static void
sw_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  SwCanvas *self = SW_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const SwPalette *palette = self->dark ? sw_palette_get_dark () : sw_palette_get_light ();
  GdkRGBA background = {
    palette->background.red, palette->background.green, palette->background.blue,
    palette->background.alpha
  };
  cairo_t *cr;
  double ratio;

  /* After an edit: the old layout until the new one is ready (only the first is waited for). */
  if (self->layout == NULL)
    ensure_layout (self);
  else
    request_layout (self);
  ensure_overlays (self);
  if (self->layout == NULL)
    {
      gtk_snapshot_append_color (snapshot, &background,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }
  if (!self->fitted)
    sw_canvas_zoom_to_fit (self);

  update_cache (self, palette);
  ratio = self->zoom / self->cache_zoom;
  {
    graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, width, height), picture, shown;
    double x0, y0, x1, y1;

    /* Where the cache goes in the widget: on whole pixels when it is not stretched. */
    sw_canvas_diagram_to_widget (self, self->cache_x0, self->cache_y0, &x0, &y0);
    sw_canvas_diagram_to_widget (self, self->cache_x1, self->cache_y1, &x1, &y1);
    if (ratio == 1.0 && self->cache != NULL)
      {
        x0 = round (x0);
        y0 = round (y0);
        x1 = x0 + cairo_image_surface_get_width (self->cache) / (double) self->cache_scale;
        y1 = y0 + cairo_image_surface_get_height (self->cache) / (double) self->cache_scale;
      }
    picture = GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);

    /* The background only where the (opaque) cache does not cover the view. */
    if (self->cache == NULL || x0 > 0 || y0 > 0 || x1 < width || y1 < height)
      gtk_snapshot_append_color (snapshot, &background, &view);

    if (self->cache != NULL && graphene_rect_intersection (&view, &picture, &shown))
      {
        if (self->cache_tiles != NULL)
          {
            /* The renderer keeps the textures (each uploaded once): a frame draws the
             * tiles in view, a quad each. */
            double f = picture.size.width / cairo_image_surface_get_width (self->cache);

            for (guint i = 0; i < self->cache_tiles->len; i++)
              {
                GdkTexture *tile = g_ptr_array_index (self->cache_tiles, i);
                graphene_rect_t rect = GRAPHENE_RECT_INIT (
                  x0 + (i % self->cache_columns) * CACHE_TILE * f,
                  y0 + (i / self->cache_columns) * CACHE_TILE * f,
                  gdk_texture_get_width (tile) * f, gdk_texture_get_height (tile) * f);

                if (graphene_rect_intersection (&rect, &view, NULL))
                  gtk_snapshot_append_texture (snapshot, tile, &rect);
              }
          }
        else
          {
            /* Software: only the part in view, in a node no larger than that. */
            double units = 1.0 / (self->cache_zoom * self->cache_scale);

            graphene_rect_round_extents (&shown, &shown);
            cr = gtk_snapshot_append_cairo (snapshot, &shown);
            cairo_rectangle (cr, shown.origin.x, shown.origin.y, shown.size.width,
                             shown.size.height);
            cairo_clip (cr);
            cairo_translate (cr, x0, y0);
            cairo_scale (cr, self->zoom * units, self->zoom * units);
            cairo_set_source_surface (cr, self->cache, 0, 0);
            /* Nearest while the zoom moves out (bilinear costs a frame): it repeats pixels,
             * never loses one. Shrunk, nearest drops whole columns and rows of the picture,
             * thin strokes with them (a faded "CreateModel" read "CreateMocel" until the
             * cache was sharp again): bilinear then. */
            cairo_pattern_set_filter (cairo_get_source (cr),
                                      ratio == 1.0 && self->cache_scale == 1 ?
                                      CAIRO_FILTER_NEAREST :
                                      ratio >= 1.0 ? CAIRO_FILTER_FAST :
                                      CAIRO_FILTER_BILINEAR);
            cairo_paint (cr);
            cairo_destroy (cr);
          }
      }
  }

  /* Gesture overlays, over the picture. */
  if (self->target.kind != TARGET_NONE || self->drag_mode == DRAG_MOVE ||
      self->drag_mode == DRAG_RUBBER)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_translate (cr, self->tx, self->ty);
      cairo_scale (cr, self->zoom, self->zoom);
      if (self->target.kind != TARGET_NONE)
        draw_target (self, cr, palette);
      if (self->drag_mode == DRAG_MOVE)
        draw_move_ghost (self, cr, palette);
      if (self->drag_mode == DRAG_RUBBER)
        {
          double x = MIN (self->press_x, self->drag_x), y = MIN (self->press_y, self->drag_y);

          cairo_identity_matrix (cr);
          cairo_rectangle (cr, x + 0.5, y + 0.5, fabs (self->drag_x - self->press_x),
                           fabs (self->drag_y - self->press_y));
          set_color (cr, &palette->selection, 0.15);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, 1);
          set_color (cr, &palette->selection, 0.9);
          cairo_stroke (cr);
        }
      cairo_destroy (cr);
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect outline;
      GdkRGBA focus = {
        palette->selection.red, palette->selection.green, palette->selection.blue, 0.5
      };
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4] = { focus, focus, focus, focus };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, width - 2,
                                                                      height - 2), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
sw_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
sw_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  SwCanvas *self = SW_CANVAS (widget);

  if (!self->fitted || (self->keep_fit && !self->view_moved))
    sw_canvas_zoom_to_fit (self);
  else
    clamp_view (self);
}

/* Hit testing. */

static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double vx = bx - ax, vy = by - ay;
  double length2 = vx * vx + vy * vy;
  double t = length2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / length2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * vx), py - (ay + t * vy));
}

static SwState *
node_state (SwCanvas *self,
            int       index)
{
  const SwLayoutNode *node;

  if (self->layout == NULL || index < 0)
    return NULL;
  node = sw_layout_get_node (self->layout, index);
  if (node->kind != SW_LAYOUT_NODE_STATE || node->pointer == NULL)
    return NULL;
  return sw_fragment_lookup_state (self->machine, node->pointer);
}

/* The state node under a point: a container only through its header band. */
static int
state_node_at (SwCanvas *self,
               double    dx,
               double    dy)
{
  int index = sw_layout_node_at (self->layout, dx, dy);

  while (index >= 0)
    {
      const SwLayoutNode *node = sw_layout_get_node (self->layout, index);

      if (node->kind != SW_LAYOUT_NODE_STATE)
        return -1;
      if (node->container < 0)
        return index;
      if (dy < node->box.y +
               sw_layout_get_container (self->layout, node->container)->header.height)
        return index;
      /* In a branch's empty space: not the container. */
      return -1;
    }
  return -1;
}

/* Whether dropping on @edge can insert there: a real transition, or the End marker edge of
 * a state that can take a Next. */
static gboolean
edge_accepts (SwCanvas           *self,
              const SwLayoutEdge *edge)
{
  SwState *source;
  SwStateType type;

  if (edge->kind == SW_LAYOUT_EDGE_START)
    return TRUE;
  source = node_state (self, edge->from);
  if (source == NULL)
    return FALSE;
  type = sw_state_get_state_type (source);
  if (edge->kind == SW_LAYOUT_EDGE_END)
    return type != SW_STATE_TYPE_CHOICE && type != SW_STATE_TYPE_SUCCEED &&
           type != SW_STATE_TYPE_FAIL;
  return TRUE;
}

static SwMachine *
branch_machine (SwCanvas *self,
                int       container,
                guint     branch)
{
  const SwLayoutContainer *c = sw_layout_get_container (self->layout, container);
  SwState *state = node_state (self, c->node);
  GListModel *branches;

  if (state == NULL)
    return NULL;
  if (sw_state_get_state_type (state) == SW_STATE_TYPE_MAP)
    return sw_state_get_processor (state);
  branches = sw_state_get_branches (state);
  if (branches == NULL || branch >= g_list_model_get_n_items (branches))
    return NULL;
  /* the list keeps its items alive */
  {
    g_autoptr(SwMachine) machine = g_list_model_get_item (branches, branch);

    return machine;
  }
}

/* The edge or empty branch at a widget point. */
static DropTarget
find_target (SwCanvas *self,
             double    x,
             double    y)
{
  DropTarget target = { TARGET_NONE, -1, -1, 0 };
  double dx, dy, best;
  guint n_edges, n_containers;

  ensure_layout (self);
  if (self->layout == NULL)
    return target;
  widget_to_diagram (self, x, y, &dx, &dy);
  best = EDGE_TOLERANCE / self->zoom;

  n_edges = sw_layout_get_n_edges (self->layout);
  for (guint i = 0; i < n_edges; i++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (self->layout, i);
      const SwLayoutBox *label = &edge->label_box;
      double distance = G_MAXDOUBLE;

      for (guint p = 0; p + 1 < edge->n_points; p++)
        distance = MIN (distance,
                        distance_to_segment (dx, dy, edge->points[2 * p], edge->points[2 * p + 1],
                                             edge->points[2 * p + 2],
                                             edge->points[2 * p + 3]));
      if (edge->label != NULL && label->width > 0 && dx >= label->x &&
          dx < label->x + label->width && dy >= label->y && dy < label->y + label->height)
        distance = 0;
      if (distance <= best && edge_accepts (self, edge))
        {
          best = distance;
          target.kind = TARGET_EDGE;
          target.edge = (int) i;
        }
    }
  if (target.kind != TARGET_NONE)
    return target;

  n_containers = sw_layout_get_n_containers (self->layout);
  for (guint i = n_containers; i-- > 0;)
    {
      const SwLayoutContainer *container = sw_layout_get_container (self->layout, i);

      for (guint b = 0; b < container->n_branches; b++)
        {
          const SwLayoutBox *box = &container->branches[b];
          SwMachine *machine;

          if (dx < box->x || dx >= box->x + box->width || dy < box->y ||
              dy >= box->y + box->height)
            continue;
          machine = branch_machine (self, (int) i, b);
          if (machine != NULL && sw_machine_get_n_states (machine) == 0)
            {
              target.kind = TARGET_BRANCH;
              target.container = (int) i;
              target.branch = b;
            }
          return target;
        }
    }
  return target;
}

static void
set_target (SwCanvas         *self,
            const DropTarget *target)
{
  if (memcmp (&self->target, target, sizeof *target) == 0)
    return;
  self->target = *target;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clear_target (SwCanvas *self)
{
  DropTarget none = { TARGET_NONE, -1, -1, 0 };

  set_target (self, &none);
}

/* Editing: one undo step per gesture; a failed gesture is undone. */

static void
edit_begin (SwCanvas   *self,
            const char *label)
{
  sw_document_begin_group (self->doc, label);
  self->edits = 0;
}

static gboolean
edit_end (SwCanvas *self,
          gboolean  success)
{
  guint edits = self->edits;

  sw_document_end_group (self->doc);
  if (!success && edits > 0)
    sw_document_undo (self->doc, NULL);
  return success;
}

static void
select_names (SwCanvas    *self,
              char       **names)
{
  g_autoptr(GPtrArray) pointers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      SwState *state = sw_machine_lookup_state (self->machine, names[i]);

      if (state != NULL)
        g_ptr_array_add (pointers, sw_state_dup_pointer (state));
    }
  g_ptr_array_add (pointers, NULL);
  sw_document_set_selection (self->doc, (const char * const *) pointers->pdata);
  if (names != NULL && names[0] != NULL)
    {
      g_free (self->cursor);
      self->cursor = g_strdup (names[0]);
    }
}

/* The selected states' names, in the order of the selection; NULL-terminated. */
static char **
selected_names (SwCanvas *self)
{
  const char * const *selection = sw_document_get_selection (self->doc);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; selection != NULL && selection[i] != NULL; i++)
    {
      SwState *state = sw_fragment_lookup_state (self->machine, selection[i]);

      if (state != NULL)
        g_strv_builder_add (builder, sw_state_get_name (state));
    }
  return g_strv_builder_end (builder);
}

/* Inserts a fragment where a drop target says. */
static char **
insert_at_target (SwCanvas         *self,
                  SwValue          *fragment,
                  const DropTarget *target,
                  GError          **error)
{
  if (target->kind == TARGET_EDGE)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (self->layout, target->edge);
      SwState *source;

      if (edge->kind == SW_LAYOUT_EDGE_START)
        return sw_fragment_insert_at_start (fragment, self->machine, error);
      source = node_state (self, edge->from);
      if (source == NULL)
        {
          g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                               _("There is no state there"));
          return NULL;
        }
      if (edge->kind == SW_LAYOUT_EDGE_END)
        return sw_fragment_insert_on_transition (fragment, source, SW_TRANSITION_NEXT, -1, error);
      return sw_fragment_insert_on_transition (fragment, source, (SwTransitionKind) edge->kind,
                                               edge->index, error);
    }
  if (target->kind == TARGET_BRANCH)
    {
      SwMachine *machine = branch_machine (self, target->container, target->branch);

      if (machine != NULL)
        return sw_fragment_insert_into (fragment, machine, error);
    }
  g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                       _("Drop states on an arrow or into an empty branch"));
  return NULL;
}

/**
 * sw_canvas_drop_fragment_at:
 * @fragment: states as ASL, see sw-fragment.h
 * @x: where it is dropped
 * @y: where it is dropped
 * @error: return location for a #GError
 *
 * Inserts the fragment on the arrow or into the empty branch at (@x, @y), as one undo
 * step, and selects the new states.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_canvas_drop_fragment_at (SwCanvas    *self,
                            const char  *fragment,
                            double       x,
                            double       y,
                            GError     **error)
{
  g_autoptr(SwValue) value = NULL;
  g_auto(GStrv) names = NULL;
  DropTarget target;

  g_return_val_if_fail (SW_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (fragment != NULL, FALSE);

  if ((value = sw_fragment_parse (fragment, -1, error)) == NULL)
    return FALSE;
  target = find_target (self, x, y);
  edit_begin (self, _("Insert States"));
  names = insert_at_target (self, value, &target, error);
  if (!edit_end (self, names != NULL))
    return FALSE;
  select_names (self, names);
  return TRUE;
}

/**
 * sw_canvas_paste_text:
 * @fragment: states as ASL
 * @error: return location for a #GError
 *
 * Pastes after the selected state (the last one of a multiple selection), or at the end
 * of the machine when nothing is selected; selects the new states.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_canvas_paste_text (SwCanvas    *self,
                      const char  *fragment,
                      GError     **error)
{
  g_autoptr(SwValue) value = NULL;
  g_auto(GStrv) selected = NULL;
  g_auto(GStrv) names = NULL;
  SwState *after = NULL;
  guint n;

  g_return_val_if_fail (SW_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (fragment != NULL, FALSE);

  if ((value = sw_fragment_parse (fragment, -1, error)) == NULL)
    return FALSE;
  selected = selected_names (self);
  if ((n = g_strv_length (selected)) > 0)
    after = sw_machine_lookup_state (self->machine, selected[n - 1]);
  edit_begin (self, _("Paste States"));
  if (after != NULL)
    names = sw_fragment_insert_after (value, after, error);
  else
    names = sw_fragment_insert_into (value, self->machine, error);
  if (!edit_end (self, names != NULL))
    return FALSE;
  select_names (self, names);
  return TRUE;
}

/* Whether @machine is inside one of the named states (or their descendants). */
static gboolean
machine_inside (SwMachine  *machine,
                char      **names)
{
  for (SwState *parent = sw_machine_get_parent_state (machine); parent != NULL;
       parent = sw_machine_get_parent_state (sw_state_get_machine (parent)))
    if (g_strv_contains ((const char * const *) names, sw_state_get_name (parent)))
      return TRUE;
  return FALSE;
}

/**
 * sw_canvas_move_selection_to:
 * @x: where the selected states are dropped
 * @y: where the selected states are dropped
 * @error: return location for a #GError
 *
 * Moves the selected states onto the arrow at (@x, @y) (reordering, or into the branch the
 * arrow is in) or into the empty branch there, as one undo step.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_canvas_move_selection_to (SwCanvas  *self,
                             double     x,
                             double     y,
                             GError   **error)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) moved = NULL;
  g_autoptr(SwValue) fragment = NULL;
  g_autofree char *source_name = NULL;
  SwMachine *destination = NULL;
  const SwLayoutEdge *edge = NULL;
  DropTarget target;
  gboolean ok = FALSE;

  g_return_val_if_fail (SW_IS_CANVAS (self), FALSE);

  names = selected_names (self);
  target = find_target (self, x, y);
  if (names[0] == NULL || target.kind == TARGET_NONE)
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("Drop states on an arrow or into an empty branch"));
      return FALSE;
    }

  if (target.kind == TARGET_EDGE)
    {
      SwState *source, *to;

      edge = sw_layout_get_edge (self->layout, target.edge);
      source = node_state (self, edge->from);
      to = node_state (self, edge->to);
      if ((source != NULL && g_strv_contains ((const char * const *) names,
                                              sw_state_get_name (source))) ||
          (to != NULL && g_strv_contains ((const char * const *) names, sw_state_get_name (to))))
        {
          g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                               _("The states are already there"));
          return FALSE;
        }
      if (source != NULL)
        source_name = g_strdup (sw_state_get_name (source));
      destination = source != NULL ? sw_state_get_machine (source) : self->machine;
    }
  else
    destination = branch_machine (self, target.container, target.branch);

  if (destination == NULL || machine_inside (destination, names))
    {
      g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                           _("A state cannot move into itself"));
      return FALSE;
    }

  edit_begin (self, g_strv_length (names) == 1 ? _("Move State") : _("Move States"));
  if (g_strv_length (names) == 1 &&
      (target.kind == TARGET_BRANCH ||
       (source_name != NULL &&
        (edge->kind == SW_LAYOUT_EDGE_END || edge->kind == SW_LAYOUT_EDGE_NEXT ||
         edge->kind == SW_LAYOUT_EDGE_DEFAULT))))
    {
      /* One state on its source's main way out, or into an empty branch: one model move. */
      SwState *state = sw_machine_lookup_state (self->machine, names[0]);
      SwState *moved_state = sw_machine_move_state (destination, state, -1, source_name, error);

      ok = moved_state != NULL;
      if (ok)
        moved = g_strdupv ((char **) (const char *[]) { names[0], NULL });
    }
  else
    {
      /* Otherwise: take them out as a fragment and put it back in at the target. */
      g_autofree char *dest_pointer = sw_machine_dup_pointer (destination);
      g_autoptr(GPtrArray) pointers = g_ptr_array_new_with_free_func (g_free);
      SwLayoutEdgeKind kind = edge != NULL ? edge->kind : SW_LAYOUT_EDGE_NEXT;
      int rule = edge != NULL ? edge->index : -1;
      const SwLayoutNode *to_node = edge != NULL ? sw_layout_get_node (self->layout, edge->to)
                                                 : NULL;
      g_autofree char *to_name = to_node != NULL ? g_strdup (to_node->name) : NULL;

      for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add (pointers,
                         sw_state_dup_pointer (sw_machine_lookup_state (self->machine, names[i])));
      g_ptr_array_add (pointers, NULL);
      fragment = sw_fragment_copy_states (self->machine,
                                          (const char * const *) pointers->pdata, error);
      ok = fragment != NULL;
      for (guint i = 0; ok && names[i] != NULL; i++)
        {
          SwState *state = sw_machine_lookup_state (self->machine, names[i]);

          if (state != NULL)
            ok = sw_state_remove (state, error);
        }
      if (ok && target.kind == TARGET_EDGE && kind == SW_LAYOUT_EDGE_START)
        moved = sw_fragment_insert_at_start (fragment, self->machine, error);
      else if (ok && target.kind == TARGET_EDGE)
        {
          SwState *source = sw_machine_lookup_state (self->machine, source_name);

          /* removing states may have dropped rules or catchers before this one */
          if (source != NULL && rule >= 0 && to_name != NULL &&
              (kind == SW_LAYOUT_EDGE_CHOICE || kind == SW_LAYOUT_EDGE_CATCH))
            {
              SwValue *array = sw_state_get_field (source, kind == SW_LAYOUT_EDGE_CHOICE ?
                                                           "Choices" : "Catch");
              int length = sw_value_is_array (array) ? (int) sw_value_array_get_length (array)
                                                     : 0;

              for (int i = MIN (rule, length - 1); i >= 0; i--)
                {
                  SwValue *next = sw_value_object_get (sw_value_array_get (array, i), "Next");

                  if (sw_value_is_string (next) &&
                      g_str_equal (sw_value_get_string (next), to_name))
                    {
                      rule = i;
                      break;
                    }
                }
            }
          moved = source == NULL ? NULL :
                  sw_fragment_insert_on_transition (fragment, source,
                                                    kind == SW_LAYOUT_EDGE_END ?
                                                    SW_TRANSITION_NEXT :
                                                    (SwTransitionKind) kind,
                                                    kind == SW_LAYOUT_EDGE_END ? -1 : rule,
                                                    error);
          if (source == NULL)
            g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                                 _("There is no state there"));
        }
      else if (ok)
        {
          SwState *parent = NULL;
          SwMachine *branch = NULL;
          const char *slash;

          /* find the branch again: the removals rebuilt the machines */
          if (dest_pointer != NULL && (slash = strrchr (dest_pointer, '/')) != NULL)
            {
              gboolean numbered = slash[1] != '\0' &&
                                  strspn (slash + 1, "0123456789") == strlen (slash + 1);
              g_autofree char *state_pointer = NULL;

              if (numbered && slash - dest_pointer > (gssize) strlen ("/Branches") &&
                  strncmp (slash - strlen ("/Branches"), "/Branches", strlen ("/Branches")) == 0)
                state_pointer = g_strndup (dest_pointer,
                                           slash - strlen ("/Branches") - dest_pointer);
              else
                state_pointer = g_strndup (dest_pointer, slash - dest_pointer);
              parent = sw_fragment_lookup_state (self->machine, state_pointer);
              if (parent != NULL && numbered)
                {
                  g_autoptr(SwMachine) item =
                    g_list_model_get_item (sw_state_get_branches (parent),
                                           (guint) g_ascii_strtoull (slash + 1, NULL, 10));
                  branch = item;
                }
              else if (parent != NULL)
                branch = sw_state_get_processor (parent);
            }
          if (branch != NULL)
            moved = sw_fragment_insert_into (fragment, branch, error);
          else
            g_set_error_literal (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID,
                                 _("The branch is gone"));
        }
      ok = moved != NULL;
    }
  if (!edit_end (self, ok))
    return FALSE;
  select_names (self, moved);
  return TRUE;
}

/**
 * sw_canvas_place_selection:
 * @dx: how far the selected states were dragged, in widget pixels
 * @dy: how far down
 *
 * Places the selected states by hand: @dx, @dy from where they are drawn. Their positions
 * go to the document's layout sidecar (sw_document_get_positions(), saved beside the file)
 * and stay when the file is opened again; the other states keep the automatic layout. A
 * state inside a selected container moves with it.
 *
 * Returns: whether a state was placed
 */
gboolean
sw_canvas_place_selection (SwCanvas *self,
                           double    dx,
                           double    dy)
{
  const char * const *selection;
  double ox, oy;
  guint placed = 0;

  g_return_val_if_fail (SW_IS_CANVAS (self), FALSE);

  ensure_layout (self);
  selection = sw_document_get_selection (self->doc);
  if (self->layout == NULL || selection == NULL || (dx == 0 && dy == 0))
    return FALSE;
  ox = dx / self->zoom;
  oy = dy / self->zoom;
  /* one undo step for the whole drag */
  sw_document_begin_group (self->doc, selection[0] != NULL && selection[1] != NULL
                                      ? _("Move States") : NULL);
  self->placing = TRUE;
  for (guint i = 0; selection[i] != NULL; i++)
    {
      int index = sw_layout_find_node_for_pointer (self->layout, selection[i]);
      const SwLayoutNode *node = index >= 0 ? sw_layout_get_node (self->layout, index) : NULL;
      gboolean inside = FALSE;
      double x0, y0;

      if (node == NULL || node->kind != SW_LAYOUT_NODE_STATE || node->name == NULL ||
          g_strcmp0 (node->pointer, selection[i]) != 0)
        continue;
      for (int up = node->parent; up >= 0 && !inside; up = sw_layout_get_node (self->layout,
                                                                               up)->parent)
        inside = sw_document_is_selected (self->doc,
                                          sw_layout_get_node (self->layout, up)->pointer);
      if (inside)
        continue;
      /* relative to the state's scope: one in a branch moves with its container */
      sw_layout_get_scope_origin (self->layout, (guint) index, &x0, &y0);
      sw_document_set_position (self->doc, node->name, node->box.x + ox - x0,
                                node->box.y + oy - y0);
      if (placed++ == 0)
        {
          g_free (self->anchor);
          self->anchor = g_strdup (node->name);
          /* where it lands: positions are rounded to whole units */
          self->anchor_x = round (node->box.x + ox - x0) + x0;
          self->anchor_y = round (node->box.y + oy - y0) + y0;
        }
    }
  self->placing = FALSE;
  sw_document_end_group (self->doc);
  if (placed == 0)
    return FALSE;
  self->layout_stale = TRUE;
  self->layout_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

/* Actions. */

static void
delete_selection (SwCanvas   *self,
                  const char *label)
{
  g_auto(GStrv) names = selected_names (self);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (names[0] == NULL)
    return;
  edit_begin (self, label);
  for (guint i = 0; ok && names[i] != NULL; i++)
    {
      /* inside a container removed before: gone already */
      SwState *state = sw_machine_lookup_state (self->machine, names[i]);

      if (state != NULL)
        ok = sw_state_remove (state, &error);
    }
  edit_end (self, ok);
  if (!ok)
    {
      g_debug ("Cannot delete: %s", error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  sw_document_set_selection (self->doc, NULL);
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwCanvas *self = SW_CANVAS (widget);

  delete_selection (self, _("Delete States"));
}

static char *
copy_selection_text (SwCanvas *self)
{
  const char * const *selection = sw_document_get_selection (self->doc);
  g_autoptr(SwValue) fragment = NULL;

  if (selection == NULL || selection[0] == NULL)
    return NULL;
  fragment = sw_fragment_copy_states (self->machine, selection, NULL);
  return fragment != NULL ? sw_fragment_to_text (fragment) : NULL;
}

static void
action_duplicate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwCanvas *self = SW_CANVAS (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = copy_selection_text (self);

  if (text != NULL && !sw_canvas_paste_text (self, text, &error))
    {
      g_debug ("Cannot duplicate: %s", error->message);
      gtk_widget_error_bell (widget);
    }
}

static gboolean
copy_to_clipboard (SwCanvas *self)
{
  g_autofree char *text = copy_selection_text (self);
  g_autoptr(GBytes) bytes = NULL;
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) provider = NULL;

  if (text == NULL)
    return FALSE;
  bytes = g_bytes_new (text, strlen (text));
  providers[0] = gdk_content_provider_new_for_bytes (SW_FRAGMENT_MIME_TYPE, bytes);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);
  provider = gdk_content_provider_new_union (providers, 2);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);
  return TRUE;
}

static void
action_copy (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  copy_to_clipboard (SW_CANVAS (widget));
}

static void
action_cut (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SwCanvas *self = SW_CANVAS (widget);

  if (copy_to_clipboard (self))
    delete_selection (self, _("Cut States"));
}

static void
paste_spliced (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SwCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (source);
  g_autofree char *text = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, &error) < 0)
    {
      g_debug ("Cannot read the clipboard: %s", error->message);
      return;
    }
  text = g_strndup (g_memory_output_stream_get_data (out),
                    g_memory_output_stream_get_data_size (out));
  if (self->doc != NULL && !sw_canvas_paste_text (self, text, &error))
    {
      g_debug ("Cannot paste: %s", error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
    }
}

static void
paste_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SwCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  if (stream == NULL)
    {
      g_debug ("Cannot read the clipboard: %s", error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, paste_spliced,
                                g_steal_pointer (&self));
}

static void
action_paste (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  static const char *mime_types[] = {
    SW_FRAGMENT_MIME_TYPE, "text/plain;charset=utf-8", "text/plain", NULL
  };

  gdk_clipboard_read_async (gtk_widget_get_clipboard (widget), mime_types, G_PRIORITY_DEFAULT,
                            NULL, paste_read, g_object_ref (widget));
}

static void
action_select_all (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SwCanvas *self = SW_CANVAS (widget);
  g_autoptr(GPtrArray) pointers = g_ptr_array_new ();
  guint n;

  ensure_layout (self);
  if (self->layout == NULL)
    return;
  n = sw_layout_get_n_nodes (self->layout);
  for (guint i = 0; i < n; i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (self->layout, i);

      if (node->kind == SW_LAYOUT_NODE_STATE && node->pointer != NULL)
        g_ptr_array_add (pointers, node->pointer);
    }
  g_ptr_array_add (pointers, NULL);
  sw_document_set_selection (self->doc, (const char * const *) pointers->pdata);
}

static void
zoom_center (SwCanvas *self,
             double    zoom)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (self->pointer_inside)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  sw_canvas_set_zoom_at (self, zoom, x, y);
}

static void
action_zoom (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwCanvas *self = SW_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.zoom-in"))
    zoom_center (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    zoom_center (self, self->zoom / ZOOM_STEP);
  else if (g_str_equal (action_name, "canvas.zoom-reset"))
    zoom_center (self, 1.0);
  else
    sw_canvas_zoom_to_fit (self);
}

static void
update_actions (SwCanvas *self)
{
  const char * const *selection = sw_document_get_selection (self->doc);
  gboolean any = selection != NULL && selection[0] != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.delete", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.duplicate", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.copy", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.cut", any);
}

/* Keyboard navigation. */

static int
cursor_node (SwCanvas *self)
{
  SwState *state;
  g_autofree char *pointer = NULL;

  ensure_layout (self);
  if (self->layout == NULL)
    return -1;
  state = sw_document_get_selected_state (self->doc);
  if (state == NULL && self->cursor != NULL)
    state = sw_machine_lookup_state (self->machine, self->cursor);
  if (state == NULL || (pointer = sw_state_dup_pointer (state)) == NULL)
    return -1;
  return sw_layout_find_node_for_pointer (self->layout, pointer);
}

static void
focus_node (SwCanvas *self,
            int       index)
{
  const SwLayoutNode *node;

  if (index < 0)
    return;
  node = sw_layout_get_node (self->layout, index);
  if (node->kind != SW_LAYOUT_NODE_STATE || node->pointer == NULL)
    return;
  g_free (self->cursor);
  self->cursor = g_strdup (node->name);
  sw_document_select_one (self->doc, node->pointer);
  scroll_to_node (self, index);
}

static int
first_state_node (SwCanvas *self,
                  gboolean  last)
{
  guint n = sw_layout_get_n_nodes (self->layout);

  for (guint k = 0; k < n; k++)
    {
      guint i = last ? n - 1 - k : k;

      if (sw_layout_get_node (self->layout, i)->kind == SW_LAYOUT_NODE_STATE)
        return (int) i;
    }
  return -1;
}

/* Up: a state leading here; Down: where this goes (Next or Default first, then the other
 * ways out); Left/Right: the nearest state of the same branch on that side. */
static int
navigate (SwCanvas *self,
          int       from,
          guint     keyval)
{
  guint n_edges = sw_layout_get_n_edges (self->layout);
  guint n_nodes = sw_layout_get_n_nodes (self->layout);
  const SwLayoutNode *node = sw_layout_get_node (self->layout, from);
  int best = -1;
  double best_score = G_MAXDOUBLE;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_Up)
    {
      gboolean down = keyval == GDK_KEY_Down;

      for (int pass = 0; pass < 2 && best < 0; pass++)
        for (guint i = 0; i < n_edges; i++)
          {
            const SwLayoutEdge *edge = sw_layout_get_edge (self->layout, i);
            int other = down ? edge->to : edge->from;

            if ((down ? edge->from : edge->to) != from ||
                sw_layout_get_node (self->layout, other)->kind != SW_LAYOUT_NODE_STATE)
              continue;
            if (pass == 0 && edge->kind != SW_LAYOUT_EDGE_NEXT &&
                edge->kind != SW_LAYOUT_EDGE_DEFAULT)
              continue;
            best = other;
            break;
          }
      /* Into a container: its first state. */
      if (best < 0 && down && node->container >= 0)
        for (guint i = 0; i < n_nodes && best < 0; i++)
          if (sw_layout_get_node (self->layout, i)->parent == from &&
              sw_layout_get_node (self->layout, i)->kind == SW_LAYOUT_NODE_STATE)
            best = (int) i;
      /* Out of a branch: the container. */
      if (best < 0 && !down && node->parent >= 0)
        best = node->parent;
      return best;
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      const SwLayoutNode *other = sw_layout_get_node (self->layout, i);
      double cx = node->box.x + node->box.width / 2, cy = node->box.y + node->box.height / 2;
      double ox = other->box.x + other->box.width / 2, oy = other->box.y + other->box.height / 2;
      double along = keyval == GDK_KEY_Right ? ox - cx : cx - ox;
      double score;

      if ((int) i == from || other->kind != SW_LAYOUT_NODE_STATE ||
          other->parent != node->parent || along <= 1)
        continue;
      score = along + 3 * fabs (oy - cy);
      if (score < best_score)
        {
          best_score = score;
          best = (int) i;
        }
    }
  return best;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SwCanvas              *self)
{
  int current;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  ensure_layout (self);
  if (self->layout == NULL)
    return FALSE;
  current = cursor_node (self);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_Down:
    case GDK_KEY_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Up:
    case GDK_KEY_KP_Down:
    case GDK_KEY_KP_Left:
    case GDK_KEY_KP_Right:
      if (keyval >= GDK_KEY_KP_Left && keyval <= GDK_KEY_KP_Down)
        keyval = GDK_KEY_Left + (keyval - GDK_KEY_KP_Left);
      focus_node (self, current < 0 ? first_state_node (self, FALSE)
                                    : navigate (self, current, keyval));
      return TRUE;

    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
    case GDK_KEY_KP_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);
        guint n = sw_layout_get_n_nodes (self->layout);

        if (current < 0)
          {
            focus_node (self, first_state_node (self, back));
            return TRUE;
          }
        for (guint k = 1; k <= n; k++)
          {
            guint i = back ? (current + n - k) % n : (current + k) % n;

            if (sw_layout_get_node (self->layout, i)->kind == SW_LAYOUT_NODE_STATE)
              {
                focus_node (self, (int) i);
                break;
              }
          }
        return TRUE;
      }

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (current >= 0)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-inspector", NULL);
      return TRUE;

    case GDK_KEY_Escape:
      sw_document_set_selection (self->doc, NULL);
      return TRUE;

    default:
      return FALSE;
    }
}

/* Pointer: click, drag, scroll, pinch. */

/**
 * sw_canvas_click_at:
 * @modifiers: %GDK_CONTROL_MASK or %GDK_SHIFT_MASK toggle the state in the selection
 *
 * Selects the state at (@x, @y), or clears the selection on empty space.
 */
void
sw_canvas_click_at (SwCanvas        *self,
                    double           x,
                    double           y,
                    GdkModifierType  modifiers)
{
  const SwLayoutNode *node;
  double dx, dy;
  int index;
  gboolean extend = (modifiers & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0;

  g_return_if_fail (SW_IS_CANVAS (self));

  ensure_layout (self);
  if (self->layout == NULL)
    return;
  widget_to_diagram (self, x, y, &dx, &dy);
  index = state_node_at (self, dx, dy);
  if (index < 0)
    {
      if (!extend)
        sw_document_set_selection (self->doc, NULL);
      return;
    }
  node = sw_layout_get_node (self->layout, index);
  g_free (self->cursor);
  self->cursor = g_strdup (node->name);
  if (!extend)
    {
      sw_document_select_one (self->doc, node->pointer);
      return;
    }
  {
    const char * const *selection = sw_document_get_selection (self->doc);
    g_autoptr(GPtrArray) pointers = g_ptr_array_new ();
    gboolean found = FALSE;

    for (guint i = 0; selection != NULL && selection[i] != NULL; i++)
      {
        if (g_str_equal (selection[i], node->pointer))
          found = TRUE;
        else
          g_ptr_array_add (pointers, (gpointer) selection[i]);
      }
    if (!found)
      g_ptr_array_add (pointers, node->pointer);
    g_ptr_array_add (pointers, NULL);
    sw_document_set_selection (self->doc, (const char * const *) pointers->pdata);
  }
}

/**
 * sw_canvas_select_in_rect:
 * @extend: add to the selection instead of replacing it
 *
 * Selects the states meeting the rectangle (a rubber band).
 */
void
sw_canvas_select_in_rect (SwCanvas *self,
                          double    x,
                          double    y,
                          double    width,
                          double    height,
                          gboolean  extend)
{
  g_autoptr(GPtrArray) pointers = g_ptr_array_new ();
  const char * const *selection;
  double x0, y0, x1, y1;
  guint n;

  g_return_if_fail (SW_IS_CANVAS (self));

  ensure_layout (self);
  if (self->layout == NULL)
    return;
  widget_to_diagram (self, x, y, &x0, &y0);
  widget_to_diagram (self, x + width, y + height, &x1, &y1);
  selection = sw_document_get_selection (self->doc);
  for (guint i = 0; extend && selection != NULL && selection[i] != NULL; i++)
    g_ptr_array_add (pointers, (gpointer) selection[i]);
  n = sw_layout_get_n_nodes (self->layout);
  for (guint i = 0; i < n; i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (self->layout, i);
      const SwLayoutBox *box = &node->box;

      if (node->kind != SW_LAYOUT_NODE_STATE || node->pointer == NULL)
        continue;
      /* a container only when wholly inside, else a band inside a branch takes it too */
      if (node->container >= 0 ?
          (box->x >= x0 && box->y >= y0 && box->x + box->width <= x1 &&
           box->y + box->height <= y1) :
          (box->x < x1 && box->x + box->width > x0 && box->y < y1 &&
           box->y + box->height > y0))
        g_ptr_array_add (pointers, node->pointer);
    }
  g_ptr_array_add (pointers, NULL);
  sw_document_set_selection (self->doc, (const char * const *) pointers->pdata);
}

/* Where dragged states would go: not the arrows into or out of them (they are there). */
static DropTarget
move_target (SwCanvas *self,
             double    x,
             double    y)
{
  DropTarget target = find_target (self, x, y);

  if (target.kind == TARGET_EDGE)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (self->layout, target.edge);
      const SwLayoutNode *from = sw_layout_get_node (self->layout, edge->from);
      const SwLayoutNode *to = sw_layout_get_node (self->layout, edge->to);

      if ((from->pointer != NULL && sw_document_is_selected (self->doc, from->pointer)) ||
          (to->pointer != NULL && sw_document_is_selected (self->doc, to->pointer)))
        target.kind = TARGET_NONE;
    }
  return target;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SwCanvas       *self)
{
  double dx, dy;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  ensure_layout (self);
  self->press_x = self->drag_x = x;
  self->press_y = self->drag_y = y;
  self->press_state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  self->drag_mode = DRAG_PENDING;
  self->press_node = -1;
  if (self->layout != NULL)
    {
      widget_to_diagram (self, x, y, &dx, &dy);
      self->press_node = state_node_at (self, dx, dy);
    }
  self->pan_tx = self->tx;
  self->pan_ty = self->ty;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                SwCanvas       *self)
{
  self->drag_x = self->press_x + offset_x;
  self->drag_y = self->press_y + offset_y;

  if (self->drag_mode == DRAG_PENDING)
    {
      if (hypot (offset_x, offset_y) < DRAG_THRESHOLD)
        return;
      if (self->press_node >= 0)
        {
          const SwLayoutNode *node = sw_layout_get_node (self->layout, self->press_node);

          if (!sw_document_is_selected (self->doc, node->pointer))
            sw_document_select_one (self->doc, node->pointer);
          ensure_overlays (self);
          self->drag_mode = DRAG_MOVE;
        }
      else if (self->press_state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
        self->drag_mode = DRAG_RUBBER;
      else
        self->drag_mode = DRAG_PAN;
      if (self->drag_mode != DRAG_RUBBER)
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      self->tx = self->pan_tx;
      self->ty = self->pan_ty;
      sw_canvas_pan (self, offset_x, offset_y);
      break;
    case DRAG_MOVE:
      {
        DropTarget target = move_target (self, self->drag_x, self->drag_y);

        set_target (self, &target);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;
    case DRAG_RUBBER:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_NONE:
    case DRAG_PENDING:
    default:
      break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             SwCanvas       *self)
{
  g_autoptr(GError) error = NULL;
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  switch (mode)
    {
    case DRAG_PENDING:
      sw_canvas_click_at (self, self->press_x, self->press_y, self->press_state);
      break;
    case DRAG_MOVE:
      /* Onto an arrow or into an empty branch: reorder (as in Workflow Studio); anywhere
       * else: the states stay where they are dropped. */
      clear_target (self);
      if (move_target (self, self->press_x + offset_x, self->press_y + offset_y).kind ==
          TARGET_NONE)
        sw_canvas_place_selection (self, offset_x, offset_y);
      else if (!sw_canvas_move_selection_to (self, self->press_x + offset_x,
                                             self->press_y + offset_y, &error))
        g_debug ("Cannot move: %s", error->message);
      break;
    case DRAG_RUBBER:
      sw_canvas_select_in_rect (self, MIN (self->press_x, self->drag_x),
                                MIN (self->press_y, self->drag_y),
                                fabs (offset_x), fabs (offset_y),
                                (self->press_state & GDK_CONTROL_MASK) != 0);
      break;
    case DRAG_PAN:
    case DRAG_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pan_begin (GtkGestureDrag *gesture,
              double          x,
              double          y,
              SwCanvas       *self)
{
  self->pan_tx = self->tx;
  self->pan_ty = self->ty;
}

static void
on_pan_update (GtkGestureDrag *gesture,
               double          offset_x,
               double          offset_y,
               SwCanvas       *self)
{
  self->tx = self->pan_tx;
  self->ty = self->pan_ty;
  sw_canvas_pan (self, offset_x, offset_y);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SwCanvas                 *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel =
    gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

      if (self->pointer_inside)
        {
          x = self->pointer_x;
          y = self->pointer_y;
        }

      sw_canvas_set_zoom_at (self, self->zoom * pow (wheel ? ZOOM_STEP : 1.01, -dy), x, y);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  sw_canvas_pan (self, -dx * (wheel ? SCROLL_STEP : 1), -dy * (wheel ? SCROLL_STEP : 1));
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SwCanvas                 *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
}

static void
on_leave (GtkEventControllerMotion *controller,
          SwCanvas                 *self)
{
  self->pointer_inside = FALSE;
}

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                SwCanvas         *self)
{
  self->pinch_zoom = self->zoom;
}

static void
on_pinch_scale (GtkGestureZoom *gesture,
                double          scale,
                SwCanvas       *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  sw_canvas_set_zoom_at (self, self->pinch_zoom * scale, x, y);
}

/* Dropping fragments from the states browser. */

static GdkDragAction
on_drop_motion (GtkDropTargetAsync *target,
                GdkDrop            *drop,
                double              x,
                double              y,
                SwCanvas           *self)
{
  DropTarget found = find_target (self, x, y);

  set_target (self, &found);
  return found.kind != TARGET_NONE ? GDK_ACTION_COPY : 0;
}

static void
on_drop_leave (GtkDropTargetAsync *target,
               GdkDrop            *drop,
               SwCanvas           *self)
{
  clear_target (self);
}

typedef struct
{
  SwCanvas *canvas;
  GdkDrop *drop;
  double x, y;
} DropRead;

static void
drop_read_free (DropRead *read)
{
  g_object_unref (read->canvas);
  g_object_unref (read->drop);
  g_free (read);
}

static void
drop_spliced (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DropRead *read = user_data;
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (source);
  g_autofree char *text = NULL;
  gboolean ok = FALSE;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, &error) >= 0)
    {
      text = g_strndup (g_memory_output_stream_get_data (out),
                        g_memory_output_stream_get_data_size (out));
      ok = sw_canvas_drop_fragment_at (read->canvas, text, read->x, read->y, &error);
    }
  if (!ok)
    g_debug ("Cannot drop: %s", error->message);
  gdk_drop_finish (read->drop, ok ? GDK_ACTION_COPY : 0);
  drop_read_free (read);
}

static void
drop_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  DropRead *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;

  stream = gdk_drop_read_finish (GDK_DROP (source), result, NULL, &error);
  if (stream == NULL)
    {
      g_debug ("Cannot read the drop: %s", error->message);
      gdk_drop_finish (read->drop, 0);
      drop_read_free (read);
      return;
    }
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, drop_spliced, read);
}

static gboolean
on_drop (GtkDropTargetAsync *target,
         GdkDrop            *drop,
         double              x,
         double              y,
         SwCanvas           *self)
{
  static const char *mime_types[] = { SW_FRAGMENT_MIME_TYPE, NULL };
  DropRead *read;

  clear_target (self);
  if (find_target (self, x, y).kind == TARGET_NONE)
    return FALSE;
  read = g_new0 (DropRead, 1);
  read->canvas = g_object_ref (self);
  read->drop = g_object_ref (drop);
  read->x = x;
  read->y = y;
  gdk_drop_read_async (drop, mime_types, G_PRIORITY_DEFAULT, NULL, drop_read, read);
  return TRUE;
}

/* Object. */

/**
 * sw_canvas_set_run_status:
 * @status: (nullable) (element-type utf8 int): state pointer → #SwRunStatus, as
 *   `GINT_TO_POINTER`; %NULL clears the overlay
 */
void
sw_canvas_set_run_status (SwCanvas   *self,
                          GHashTable *status)
{
  g_return_if_fail (SW_IS_CANVAS (self));

  if (status != NULL)
    g_hash_table_ref (status);
  g_clear_pointer (&self->status, g_hash_table_unref);
  self->status = status;
  invalidate_overlays (self);
}

SwLayout *
sw_canvas_get_layout (SwCanvas *self)
{
  g_return_val_if_fail (SW_IS_CANVAS (self), NULL);

  ensure_layout (self);
  return self->layout;
}

SwDocument *
sw_canvas_get_document (SwCanvas *self)
{
  g_return_val_if_fail (SW_IS_CANVAS (self), NULL);

  return self->doc;
}

/**
 * sw_canvas_new:
 * @doc: the document to show and edit
 *
 * Returns: (transfer floating): a new canvas
 */
GtkWidget *
sw_canvas_new (SwDocument *doc)
{
  g_return_val_if_fail (SW_IS_DOCUMENT (doc), NULL);

  return g_object_new (SW_TYPE_CANVAS, "document", doc, NULL);
}

static void
sw_canvas_constructed (GObject *object)
{
  SwCanvas *self = SW_CANVAS (object);

  G_OBJECT_CLASS (sw_canvas_parent_class)->constructed (object);

  g_return_if_fail (self->doc != NULL);
  g_signal_connect_object (self->doc, "notify::machine", G_CALLBACK (on_document_machine),
                           self, 0);
  g_signal_connect_object (self->doc, "selection-changed", G_CALLBACK (on_selection_changed),
                           self, 0);
  g_signal_connect_object (self->doc, "diagnostics-changed",
                           G_CALLBACK (on_diagnostics_changed), self, 0);
  g_signal_connect_object (self->doc, "positions-changed",
                           G_CALLBACK (on_positions_changed), self, 0);
  set_machine (self, sw_document_get_machine (self->doc));
  update_actions (self);
  update_accessible (self);
}

static void
sw_canvas_dispose (GObject *object)
{
  SwCanvas *self = SW_CANVAS (object);

  set_machine (self, NULL);
  g_clear_handle_id (&self->refine_id, g_source_remove);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->cache_tiles, g_ptr_array_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->file);
  g_clear_object (&self->doc);

  G_OBJECT_CLASS (sw_canvas_parent_class)->dispose (object);
}

static void
sw_canvas_finalize (GObject *object)
{
  SwCanvas *self = SW_CANVAS (object);

  g_clear_pointer (&self->status, g_hash_table_unref);
  g_clear_pointer (&self->status_names, g_hash_table_unref);
  g_clear_pointer (&self->selection, g_hash_table_unref);
  g_clear_pointer (&self->badges, g_hash_table_unref);
  g_free (self->cursor);
  g_free (self->anchor);

  G_OBJECT_CLASS (sw_canvas_parent_class)->finalize (object);
}

static void
sw_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SwCanvas *self = SW_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->doc);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SwCanvas *self = SW_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->doc = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_binding (GtkWidgetClass  *widget_class,
             guint            keyval,
             GdkModifierType  modifiers,
             const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, action, NULL);
}

static void
sw_canvas_class_init (SwCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sw_canvas_constructed;
  object_class->dispose = sw_canvas_dispose;
  object_class->finalize = sw_canvas_finalize;
  object_class->get_property = sw_canvas_get_property;
  object_class->set_property = sw_canvas_set_property;

  widget_class->snapshot = sw_canvas_snapshot;
  widget_class->measure = sw_canvas_measure;
  widget_class->size_allocate = sw_canvas_size_allocate;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SW_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "canvas.duplicate", NULL, action_duplicate);
  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "canvas.cut", NULL, action_cut);
  gtk_widget_class_install_action (widget_class, "canvas.paste", NULL, action_paste);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, action_select_all);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, action_zoom);

  add_binding (widget_class, GDK_KEY_Delete, 0, "canvas.delete");
  add_binding (widget_class, GDK_KEY_KP_Delete, 0, "canvas.delete");
  add_binding (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete");
  add_binding (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "canvas.duplicate");
  add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy");
  add_binding (widget_class, GDK_KEY_x, GDK_CONTROL_MASK, "canvas.cut");
  add_binding (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "canvas.paste");
  add_binding (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all");
  add_binding (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in");
  add_binding (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in");
  add_binding (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in");
  add_binding (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out");
  add_binding (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out");
  /* As in Eye of GNOME, Evince and the HIG: Ctrl+0 is the original size (Ctrl+1…3 switch the
   * window's views), F fits the diagram to the window. */
  add_binding (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-reset");
  add_binding (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "canvas.zoom-reset");
  add_binding (widget_class, GDK_KEY_f, 0, "canvas.zoom-fit");

  gtk_widget_class_set_css_name (widget_class, "sw-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sw_canvas_init (SwCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag, *pan, *zoom;
  GtkEventController *controller;
  GtkDropTargetAsync *drop;
  g_autoptr(GdkContentFormats) formats = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  self->zoom = 1.0;
  self->tx = self->ty = FIT_MARGIN;
  self->selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->status_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->target.kind = TARGET_NONE;
  self->overlays_stale = TRUE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Workflow diagram"),
                                  -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  pan = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (on_pan_begin), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (on_pan_update), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pan));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_pinch_scale), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, controller);

  formats = gdk_content_formats_new ((const char *[]) { SW_FRAGMENT_MIME_TYPE }, 1);
  drop = gtk_drop_target_async_new (g_steal_pointer (&formats), GDK_ACTION_COPY);
  g_signal_connect (drop, "drag-enter", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "drag-motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "drag-leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drop));

  self->dark = adw_style_manager_get_dark (style);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_dark_changed), self, 0);
}
