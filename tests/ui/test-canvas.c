/* test-canvas.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The designer's canvas under a display (xvfb-run -a): selection, delete, duplicate, copy and
 * paste, drops from the states browser, moves, zoom, and screenshots of the example pipeline
 * in light and dark (saved next to this program as canvas-light.png and canvas-dark.png). */

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sw-asl-error.h"
#include "sw-canvas.h"
#include "sw-definition.h"
#include "sw-diagnostic.h"
#include "sw-document.h"
#include "sw-fragment.h"
#include "sw-json.h"
#include "sw-painter.h"
#include "sw-test-ui.h"

typedef struct
{
  SwDocument *doc;
  GtkWindow *window;
  SwCanvas *canvas;
  char *dir;        /* of the files, when the document has one */
} Fixture;

/* Shows fixture->doc in a canvas in a window. */
static void
fixture_show (Fixture *fixture)
{
  gboolean done = FALSE;
  guint timeout;

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->canvas = SW_CANVAS (sw_canvas_new (fixture->doc));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->canvas));
  gtk_window_present (fixture->window);

  timeout = g_timeout_add_seconds (10, sw_test_ui_set_flag, &done);
  while (!done && (gtk_widget_get_width (GTK_WIDGET (fixture->canvas)) < 100 ||
                   !gtk_widget_get_mapped (GTK_WIDGET (fixture->canvas))))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (done);
  g_source_remove (timeout);
  sw_test_ui_iterate (3);
}

static void
fixture_set_up_text (Fixture    *fixture,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) value = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  fixture->doc = sw_document_new_for_value (value);
  fixture_show (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer canvas = fixture->canvas;
  gpointer doc = fixture->doc;

  g_object_add_weak_pointer (G_OBJECT (canvas), &canvas);
  gtk_window_destroy (fixture->window);
  /* a picture being painted in a thread holds the canvas until it is done */
  for (guint i = 0; canvas != NULL && i < 500; i++)
    sw_test_ui_wait_ms (10);
  g_assert_null (canvas);

  /* The canvas let go of the document. */
  g_object_add_weak_pointer (G_OBJECT (doc), &doc);
  g_object_unref (fixture->doc);
  sw_test_ui_iterate (2);
  g_assert_null (doc);

  if (fixture->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (fixture->dir);
      g_free (fixture->dir);
    }
}

static gboolean press_key (Fixture *fixture, guint keyval, GdkModifierType state);
static const char *selected (Fixture *fixture);

static const char *linear =
  "{\"StartAt\": \"A\", \"States\": {"
  "\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
  "\"B\": {\"Type\": \"Pass\", \"Next\": \"C\"},"
  "\"C\": {\"Type\": \"Pass\", \"Next\": \"D\"},"
  "\"D\": {\"Type\": \"Pass\", \"End\": true}}}";

static const char *with_branches =
  "{\"StartAt\": \"Prepare\", \"States\": {"
  "\"Prepare\": {\"Type\": \"Pass\", \"Next\": \"Fan\"},"
  "\"Fan\": {\"Type\": \"Parallel\", \"Branches\": ["
  "  {\"StartAt\": \"Left\", \"States\": {\"Left\": {\"Type\": \"Pass\", \"End\": true}}},"
  "  {\"States\": {}}], \"Next\": \"Done\"},"
  "\"Done\": {\"Type\": \"Succeed\"}}}";

static void
set_up_linear (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_set_up_text (fixture, linear);
}

static void
set_up_branches (Fixture       *fixture,
                 gconstpointer  data)
{
  fixture_set_up_text (fixture, with_branches);
}

static void
set_up_example (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), "data", "examples",
                                            "mnist-pipeline.asl.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  fixture_set_up_text (fixture, text);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
load_document (SwDocument *doc,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_document_load_async (doc, file, NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sw_document_load_finish (doc, result, &error));
  g_assert_no_error (error);
}

/* The linear machine as flow.asl.json, with a layout sidecar placing C by hand. */
static void
set_up_sidecar (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sidecar = NULL;

  fixture->dir = g_dir_make_tmp ("sw-canvas-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "flow.asl.json", NULL);
  sidecar = g_build_filename (fixture->dir, "flow.layout.json", NULL);
  g_assert_true (g_file_set_contents (path, linear, -1, &error));
  g_assert_true (g_file_set_contents (sidecar,
                                      "{\"version\": 1, \"states\": "
                                      "{\"C\": {\"x\": 400, \"y\": 30}}}", -1, &error));
  fixture->doc = sw_document_new ();
  load_document (fixture->doc, path);
  fixture_show (fixture);
}

static SwMachine *
machine (Fixture *fixture)
{
  return sw_document_get_machine (fixture->doc);
}

static SwState *
state (Fixture    *fixture,
       const char *name)
{
  return sw_machine_lookup_state (machine (fixture), name);
}

/* The state's node in the canvas's current layout. */
static const SwLayoutNode *
layout_node (Fixture    *fixture,
             const char *name)
{
  SwLayout *layout = sw_canvas_get_layout (fixture->canvas);
  int index = sw_layout_find_node (layout, name);

  g_assert_cmpint (index, >=, 0);
  return sw_layout_get_node (layout, index);
}

/* The centre of a state's box, in widget coordinates. */
static void
state_center (Fixture    *fixture,
              const char *name,
              double     *x,
              double     *y)
{
  const SwLayoutNode *node = layout_node (fixture, name);

  sw_canvas_diagram_to_widget (fixture->canvas, node->box.x + node->box.width / 2,
                               node->box.y + MIN (node->box.height / 2, 14), x, y);
}

/* The middle of the first segment of the edge from @from to @to. */
static void
edge_point (Fixture    *fixture,
            const char *from,
            const char *to,
            double     *x,
            double     *y)
{
  SwLayout *layout = sw_canvas_get_layout (fixture->canvas);
  int a = from ? sw_layout_find_node (layout, from) : -1;
  int b = to ? sw_layout_find_node (layout, to) : -1;

  for (guint i = 0; i < sw_layout_get_n_edges (layout); i++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, i);

      if ((from == NULL || edge->from == a) && (to == NULL || edge->to == b) &&
          (from != NULL || edge->kind == SW_LAYOUT_EDGE_START) &&
          (to != NULL || edge->kind == SW_LAYOUT_EDGE_END))
        {
          double *p = edge->points;

          sw_canvas_diagram_to_widget (fixture->canvas, (p[0] + p[2]) / 2, (p[1] + p[3]) / 2,
                                       x, y);
          return;
        }
    }
  g_error ("No edge %s → %s", from, to);
}

static char *
pointer_of (Fixture    *fixture,
            const char *name)
{
  return sw_state_dup_pointer (state (fixture, name));
}

static guint
n_selected (Fixture *fixture)
{
  const char * const *selection = sw_document_get_selection (fixture->doc);

  return selection ? g_strv_length ((char **) selection) : 0;
}

static void
test_select (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *a = pointer_of (fixture, "A");
  g_autofree char *c = pointer_of (fixture, "C");
  double x, y;

  state_center (fixture, "A", &x, &y);
  sw_canvas_click_at (fixture->canvas, x, y, 0);
  g_assert_cmpuint (n_selected (fixture), ==, 1);
  g_assert_true (sw_document_is_selected (fixture->doc, a));
  g_assert_true (sw_document_get_selected_state (fixture->doc) == state (fixture, "A"));

  /* Ctrl-click adds, Shift-click too; clicking a selected one again takes it out. */
  state_center (fixture, "C", &x, &y);
  sw_canvas_click_at (fixture->canvas, x, y, GDK_CONTROL_MASK);
  g_assert_cmpuint (n_selected (fixture), ==, 2);
  g_assert_true (sw_document_is_selected (fixture->doc, c));
  state_center (fixture, "D", &x, &y);
  sw_canvas_click_at (fixture->canvas, x, y, GDK_SHIFT_MASK);
  g_assert_cmpuint (n_selected (fixture), ==, 3);
  state_center (fixture, "C", &x, &y);
  sw_canvas_click_at (fixture->canvas, x, y, GDK_CONTROL_MASK);
  g_assert_cmpuint (n_selected (fixture), ==, 2);
  g_assert_false (sw_document_is_selected (fixture->doc, c));

  /* Empty space clears. */
  sw_canvas_click_at (fixture->canvas, 2, 2, 0);
  g_assert_cmpuint (n_selected (fixture), ==, 0);

  /* A rubber band over B and C only. */
  {
    double bx, by, cx, cy;

    state_center (fixture, "B", &bx, &by);
    state_center (fixture, "C", &cx, &cy);
    sw_canvas_select_in_rect (fixture->canvas, bx - 5, by - 5, 10, cy - by + 10, FALSE);
    g_assert_cmpuint (n_selected (fixture), ==, 2);
    g_assert_true (sw_document_is_selected (fixture->doc, c));
  }

  /* Select all: the four states. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.select-all", NULL);
  g_assert_cmpuint (n_selected (fixture), ==, 4);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *b = pointer_of (fixture, "B");
  g_autofree char *c = pointer_of (fixture, "C");
  const char *both[] = { b, c, NULL };
  g_autofree char *label = NULL;

  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.nope",
                                              NULL));
  sw_document_set_selection (fixture->doc, both);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.delete",
                                             NULL));
  g_assert_null (state (fixture, "B"));
  g_assert_null (state (fixture, "C"));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "A")), ==, "D");
  g_assert_cmpuint (n_selected (fixture), ==, 0);
  sw_test_ui_iterate (2);
  g_assert_cmpint (sw_layout_find_node (sw_canvas_get_layout (fixture->canvas), "B"), ==, -1);

  /* One undo step brings both back. */
  label = sw_document_dup_undo_label (fixture->doc);
  g_assert_nonnull (label);
  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_assert_nonnull (state (fixture, "B"));
  g_assert_nonnull (state (fixture, "C"));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "A")), ==, "B");
  g_assert_false (sw_document_can_undo (fixture->doc));
}

static void
test_paste_and_duplicate (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *b = pointer_of (fixture, "B");
  const char * const *selection;

  /* Paste after the selected state, selecting what came in. */
  sw_document_select_one (fixture->doc, b);
  g_assert_true (sw_canvas_paste_text (fixture->canvas,
                                       "{\"Wait\": {\"Type\": \"Wait\", \"Seconds\": 3,"
                                       " \"End\": true}}", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sw_state_get_next (state (fixture, "B")), ==, "Wait");
  g_assert_cmpstr (sw_state_get_next (state (fixture, "Wait")), ==, "C");
  selection = sw_document_get_selection (fixture->doc);
  g_assert_cmpstr (selection[0], ==, "/States/Wait");

  /* Not a fragment: an error, nothing changes. */
  g_assert_false (sw_canvas_paste_text (fixture->canvas, "{\"X\": 1}", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (sw_machine_get_n_states (machine (fixture)), ==, 5);

  /* Ctrl+D: a copy named "Wait 2" right after. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.duplicate",
                                             NULL));
  g_assert_nonnull (state (fixture, "Wait 2"));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "Wait")), ==, "Wait 2");
  g_assert_cmpstr (sw_state_get_next (state (fixture, "Wait 2")), ==, "C");
  g_assert_true (sw_document_is_selected (fixture->doc, "/States/Wait 2"));

  /* Through the clipboard: copy C, paste after D. */
  sw_document_select_one (fixture->doc, "/States/C");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.copy",
                                             NULL));
  sw_document_select_one (fixture->doc, "/States/D");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.paste",
                                             NULL));
  for (guint i = 0; i < 200 && state (fixture, "C 2") == NULL; i++)
    sw_test_ui_wait_ms (10);
  g_assert_nonnull (state (fixture, "C 2"));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "D")), ==, "C 2");
  g_assert_true (sw_state_get_end (state (fixture, "C 2")));

  /* Cut: the clipboard holds it, the state is gone, in one step. */
  sw_document_select_one (fixture->doc, "/States/C 2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.cut",
                                             NULL));
  g_assert_null (state (fixture, "C 2"));
  g_assert_true (sw_state_get_end (state (fixture, "D")));
  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_assert_nonnull (state (fixture, "C 2"));
}

static void
test_drop_on_edge (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *poll =
    "{\"Wait\": {\"Type\": \"Wait\", \"Seconds\": 10, \"Next\": \"Ready?\"},"
    " \"Ready?\": {\"Type\": \"Choice\", \"Choices\": ["
    "   {\"Variable\": \"$.ready\", \"BooleanEquals\": true, \"Next\": \"Ready\"}],"
    "   \"Default\": \"Wait\"},"
    " \"Ready\": {\"Type\": \"Pass\", \"End\": true}}";
  double x, y;

  /* A pattern of three states onto B → C: one undo step. */
  edge_point (fixture, "B", "C", &x, &y);
  g_assert_true (sw_canvas_drop_fragment_at (fixture->canvas, poll, x, y, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sw_state_get_next (state (fixture, "B")), ==, "Wait");
  g_assert_cmpstr (sw_state_get_next (state (fixture, "Ready")), ==, "C");
  g_assert_cmpuint (sw_machine_get_n_states (machine (fixture)), ==, 7);
  g_assert_true (sw_document_is_selected (fixture->doc, "/States/Wait"));
  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_assert_cmpuint (sw_machine_get_n_states (machine (fixture)), ==, 4);
  g_assert_cmpstr (sw_state_get_next (state (fixture, "B")), ==, "C");
  g_assert_false (sw_document_can_undo (fixture->doc));

  /* Onto the Start marker's edge: first. Onto the End edge: last. */
  edge_point (fixture, NULL, "A", &x, &y);
  g_assert_true (sw_canvas_drop_fragment_at (fixture->canvas,
                                             "{\"Init\": {\"Type\": \"Pass\", \"End\": true}}",
                                             x, y, &error));
  g_assert_cmpstr (sw_machine_get_start_at (machine (fixture)), ==, "Init");
  g_assert_cmpstr (sw_state_get_next (state (fixture, "Init")), ==, "A");
  edge_point (fixture, "D", NULL, &x, &y);
  g_assert_true (sw_canvas_drop_fragment_at (fixture->canvas,
                                             "{\"Log\": {\"Type\": \"Pass\", \"End\": true}}",
                                             x, y, &error));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "D")), ==, "Log");
  g_assert_true (sw_state_get_end (state (fixture, "Log")));

  /* Not on an edge: refused. */
  g_assert_false (sw_canvas_drop_fragment_at (fixture->canvas,
                                              "{\"X\": {\"Type\": \"Pass\", \"End\": true}}",
                                              2, 2, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_assert_null (state (fixture, "X"));
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  double x, y;

  /* D onto A → B: A → D → B → C. */
  sw_document_select_one (fixture->doc, "/States/D");
  edge_point (fixture, "A", "B", &x, &y);
  g_assert_true (sw_canvas_move_selection_to (fixture->canvas, x, y, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sw_state_get_next (state (fixture, "A")), ==, "D");
  g_assert_cmpstr (sw_state_get_next (state (fixture, "D")), ==, "B");
  g_assert_true (sw_state_get_end (state (fixture, "C")));
  g_assert_true (sw_document_is_selected (fixture->doc, "/States/D"));
  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_assert_cmpstr (sw_state_get_next (state (fixture, "A")), ==, "B");
  g_assert_true (sw_state_get_end (state (fixture, "D")));

  /* B and C together onto D's End edge: A → D → B → C, one step. */
  {
    const char *both[] = { "/States/B", "/States/C", NULL };

    sw_document_set_selection (fixture->doc, both);
    edge_point (fixture, "D", NULL, &x, &y);
    g_assert_true (sw_canvas_move_selection_to (fixture->canvas, x, y, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (sw_state_get_next (state (fixture, "A")), ==, "D");
    g_assert_cmpstr (sw_state_get_next (state (fixture, "D")), ==, "B");
    g_assert_cmpstr (sw_state_get_next (state (fixture, "B")), ==, "C");
    g_assert_true (sw_state_get_end (state (fixture, "C")));
    g_assert_true (sw_document_undo (fixture->doc, NULL));
    g_assert_false (sw_document_can_undo (fixture->doc));
  }

  /* Onto an edge touching the selection: refused, nothing changes. */
  sw_document_select_one (fixture->doc, "/States/B");
  edge_point (fixture, "A", "B", &x, &y);
  g_assert_false (sw_canvas_move_selection_to (fixture->canvas, x, y, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_assert_cmpstr (sw_state_get_next (state (fixture, "A")), ==, "B");
}

/* The centre of branch @branch of the container @name. */
static void
branch_center (Fixture    *fixture,
               const char *name,
               guint       branch,
               double     *x,
               double     *y)
{
  SwLayout *layout = sw_canvas_get_layout (fixture->canvas);
  const SwLayoutNode *node = sw_layout_get_node (layout, sw_layout_find_node (layout, name));
  const SwLayoutContainer *container = sw_layout_get_container (layout, node->container);
  const SwLayoutBox *box = &container->branches[branch];

  sw_canvas_diagram_to_widget (fixture->canvas, box->x + box->width / 2,
                               box->y + box->height / 2, x, y);
}

static void
test_branches (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwMachine) branch = NULL;
  double x, y;

  /* Drop into the empty branch: it starts there. */
  branch_center (fixture, "Fan", 1, &x, &y);
  g_assert_true (sw_canvas_drop_fragment_at (fixture->canvas,
                                             "{\"Right\": {\"Type\": \"Pass\", \"End\": true}}",
                                             x, y, &error));
  g_assert_no_error (error);
  branch = g_list_model_get_item (sw_state_get_branches (state (fixture, "Fan")), 1);
  g_assert_cmpstr (sw_machine_get_start_at (branch), ==, "Right");
  g_assert_true (sw_document_is_selected (fixture->doc, "/States/Fan/Branches/1/States/Right"));
  /* Left and Right go between the branches' states; Up leaves the branch for its container. */
  press_key (fixture, GDK_KEY_Left, 0);
  g_assert_cmpstr (selected (fixture), ==, "Left");
  press_key (fixture, GDK_KEY_Right, 0);
  g_assert_cmpstr (selected (fixture), ==, "Right");
  press_key (fixture, GDK_KEY_Up, 0);
  g_assert_cmpstr (selected (fixture), ==, "Fan");
  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_clear_object (&branch);

  /* A container cannot go into its own branch: refused, nothing changes. */
  sw_document_select_one (fixture->doc, "/States/Fan");
  branch_center (fixture, "Fan", 1, &x, &y);
  g_assert_false (sw_canvas_move_selection_to (fixture->canvas, x, y, &error));
  g_assert_error (error, SW_ASL_ERROR, SW_ASL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (sw_machine_get_start_at (machine (fixture)), ==, "Prepare");

  /* Move Prepare into the empty branch: the machine now starts at Fan. */
  sw_document_select_one (fixture->doc, "/States/Prepare");
  branch_center (fixture, "Fan", 1, &x, &y);
  g_assert_true (sw_canvas_move_selection_to (fixture->canvas, x, y, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sw_machine_get_start_at (machine (fixture)), ==, "Fan");
  branch = g_list_model_get_item (sw_state_get_branches (state (fixture, "Fan")), 1);
  g_assert_cmpstr (sw_machine_get_start_at (branch), ==, "Prepare");
  g_assert_true (sw_state_get_end (state (fixture, "Prepare")));

  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_assert_cmpstr (sw_machine_get_start_at (machine (fixture)), ==, "Prepare");
  g_assert_false (sw_document_can_undo (fixture->doc));
  g_clear_object (&branch);

  /* Two states together (taken out as ASL and put back in), one step. */
  {
    const char *both[] = { "/States/Prepare", "/States/Done", NULL };

    sw_document_set_selection (fixture->doc, both);
    branch_center (fixture, "Fan", 1, &x, &y);
    g_assert_true (sw_canvas_move_selection_to (fixture->canvas, x, y, &error));
    g_assert_no_error (error);
    branch = g_list_model_get_item (sw_state_get_branches (state (fixture, "Fan")), 1);
    g_assert_cmpuint (sw_machine_get_n_states (branch), ==, 2);
    g_assert_cmpstr (sw_machine_get_start_at (branch), ==, "Prepare");
    g_assert_cmpstr (sw_machine_get_start_at (machine (fixture)), ==, "Fan");
    g_assert_true (sw_state_get_end (state (fixture, "Fan")));
    g_assert_true (sw_document_is_selected (fixture->doc,
                                            "/States/Fan/Branches/1/States/Done"));
    g_assert_true (sw_document_undo (fixture->doc, NULL));
    g_assert_false (sw_document_can_undo (fixture->doc));
    g_assert_cmpuint (sw_machine_get_n_states (machine (fixture)), ==, 3);
  }
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  double zoom = sw_canvas_get_zoom (fixture->canvas);
  double ax, ay, bx, by;

  /* The small diagram fits at 100 %. */
  g_assert_cmpfloat_with_epsilon (zoom, 1.0, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (sw_canvas_get_zoom (fixture->canvas), 1.2, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (sw_canvas_get_zoom (fixture->canvas), 1 / 1.2, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-reset", NULL);
  g_assert_cmpfloat_with_epsilon (sw_canvas_get_zoom (fixture->canvas), 1.0, 1e-9);

  /* Zooming around a point keeps what is under it in place. */
  state_center (fixture, "B", &ax, &ay);
  sw_canvas_set_zoom_at (fixture->canvas, 2.5, ax, ay);
  state_center (fixture, "B", &bx, &by);
  g_assert_cmpfloat_with_epsilon (ax, bx, 1e-6);
  g_assert_cmpfloat_with_epsilon (ay, by, 1e-6);
  g_assert_cmpfloat_with_epsilon (sw_canvas_get_zoom (fixture->canvas), 2.5, 1e-9);
  sw_canvas_set_zoom_at (fixture->canvas, 100, ax, ay);
  g_assert_cmpfloat_with_epsilon (sw_canvas_get_zoom (fixture->canvas), 4.0, 1e-9);

  /* Panning moves everything by the same amount. */
  state_center (fixture, "B", &ax, &ay);
  sw_canvas_pan (fixture->canvas, -30, 20);
  state_center (fixture, "B", &bx, &by);
  g_assert_cmpfloat_with_epsilon (bx - ax, -30, 1e-6);
  g_assert_cmpfloat_with_epsilon (by - ay, 20, 1e-6);

  /* Fit: everything is inside the widget again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-fit", NULL);
  state_center (fixture, "A", &ax, &ay);
  state_center (fixture, "D", &bx, &by);
  g_assert_cmpfloat (ay, >, 0);
  g_assert_cmpfloat (by, <, gtk_widget_get_height (GTK_WIDGET (fixture->canvas)));
}

/* Sends a key press to the canvas's key controller, as GTK would. */
/* The canvas as drawn, one pixel: B, G, R, A (premultiplied, opaque here). */
static void
canvas_pixel (Fixture *fixture,
              double   x,
              double   y,
              guchar   bgra[4])
{
  GtkWidget *widget = GTK_WIDGET (fixture->canvas);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);

  sw_test_ui_wait_ms (300);   /* sharp again after any zoom */
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  g_assert_true (x >= 0 && x < width && y >= 0 && y < height);
  memcpy (bgra, pixels + ((gsize) y * width + (gsize) x) * 4, 4);
}

static gboolean
is_color (const guchar   bgra[4],
          const SwColor *color)
{
  return ABS (bgra[2] - (int) round (color->red * 255)) <= 2 &&
         ABS (bgra[1] - (int) round (color->green * 255)) <= 2 &&
         ABS (bgra[0] - (int) round (color->blue * 255)) <= 2;
}

/* A point inside the state's card, clear of its tile and its text. */
static void
card_point (Fixture            *fixture,
            const SwLayoutNode *node,
            double             *x,
            double             *y)
{
  sw_canvas_diagram_to_widget (fixture->canvas, node->box.x + node->box.width - 10,
                               node->box.y + node->box.height / 2, x, y);
}

static void
test_sidecar_positions (Fixture       *fixture,
                        gconstpointer  data)
{
  SwLayout *layout = sw_canvas_get_layout (fixture->canvas);
  g_autoptr(SwLayout) automatic = sw_layout_new (machine (fixture), NULL);
  const SwPalette *palette = adw_style_manager_get_dark (adw_style_manager_get_default ()) ?
                             sw_palette_get_dark () : sw_palette_get_light ();
  int c = sw_layout_find_node (layout, "C");
  const SwLayoutNode *node = sw_layout_get_node (layout, c);
  const SwLayoutNode *a = sw_layout_get_node (layout, sw_layout_find_node (layout, "A"));
  const SwLayoutNode *auto_a = sw_layout_get_node (automatic,
                                                   sw_layout_find_node (automatic, "A"));
  const SwLayoutNode *auto_c = sw_layout_get_node (automatic,
                                                   sw_layout_find_node (automatic, "C"));
  guchar pixel[4];
  double ox, oy, x, y;

  /* The sidecar's position, relative to the scope, for C only. */
  g_assert_true (node->pinned);
  sw_layout_get_scope_origin (layout, (guint) c, &ox, &oy);
  g_assert_cmpfloat (node->box.x - ox, ==, 400);
  g_assert_cmpfloat (node->box.y - oy, ==, 30);
  g_assert_false (a->pinned);
  g_assert_false (auto_c->pinned);
  g_assert_cmpfloat (fabs ((node->box.x - a->box.x) - (auto_c->box.x - auto_a->box.x)), >, 100);

  /* Drawn there: the card where the sidecar puts C, none where the automatic layout would. */
  card_point (fixture, node, &x, &y);
  canvas_pixel (fixture, x, y, pixel);
  g_assert_true (is_color (pixel, &palette->card));
  sw_canvas_diagram_to_widget (fixture->canvas,
                               a->box.x + (auto_c->box.x - auto_a->box.x) +
                               auto_c->box.width - 10,
                               a->box.y + (auto_c->box.y - auto_a->box.y) +
                               auto_c->box.height / 2, &x, &y);
  canvas_pixel (fixture, x, y, pixel);
  g_assert_false (is_color (pixel, &palette->card));
}

/* A state dragged onto empty canvas stays where it was dropped, through save and reopen;
 * onto an arrow it still reorders (test_move). */
static void
test_place_survives_save (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *b = pointer_of (fixture, "B");
  g_autofree char *path = g_build_filename (fixture->dir, "flow.asl.json", NULL);
  g_autofree char *sidecar = g_build_filename (fixture->dir, "flow.layout.json", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwDocument) again = NULL;
  g_autoptr(SwCanvas) reopened = NULL;
  SwLayout *layout;
  const SwLayoutNode *node, *a;
  SwLayoutBox before, after, a_before;
  double bx, by, x, y;

  layout = sw_canvas_get_layout (fixture->canvas);
  before = sw_layout_get_node (layout, sw_layout_find_node (layout, "B"))->box;
  a_before = sw_layout_get_node (layout, sw_layout_find_node (layout, "A"))->box;
  sw_canvas_diagram_to_widget (fixture->canvas, before.x, before.y, &bx, &by);

  /* nothing selected: nothing placed */
  g_assert_false (sw_canvas_place_selection (fixture->canvas, 200, 0));
  sw_document_select_one (fixture->doc, b);
  g_assert_true (sw_canvas_place_selection (fixture->canvas, 200, 40));

  /* (laid out at once when the placement left it stale) */
  layout = sw_canvas_get_layout (fixture->canvas);
  node = sw_layout_get_node (layout, sw_layout_find_node (layout, "B"));
  a = sw_layout_get_node (layout, sw_layout_find_node (layout, "A"));
  g_assert_true (node->pinned);
  g_assert_false (a->pinned);
  after = node->box;
  /* moved by the drag, relative to the states that did not move */
  g_assert_cmpfloat (fabs ((after.x - a->box.x) - (before.x - a_before.x) -
                           200 / sw_canvas_get_zoom (fixture->canvas)), <=, 1);
  g_assert_cmpfloat (fabs ((after.y - a->box.y) - (before.y - a_before.y) -
                           40 / sw_canvas_get_zoom (fixture->canvas)), <=, 1);
  /* and on screen where it was dropped */
  sw_canvas_diagram_to_widget (fixture->canvas, after.x, after.y, &x, &y);
  g_assert_cmpfloat (fabs (x - (bx + 200)), <=, 1);
  g_assert_cmpfloat (fabs (y - (by + 40)), <=, 1);
  g_assert_true (sw_layout_positions_lookup (sw_document_get_positions (fixture->doc), "B",
                                             NULL, NULL));

  /* Save: the sidecar holds B (and C from before). */
  sw_document_save_async (fixture->doc, NULL, SW_DEFINITION_FORMAT_JSON, NULL, async_done,
                          &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sw_document_save_finish (fixture->doc, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sidecar, &saved, NULL, &error));
  g_assert_nonnull (strstr (saved, "\"B\""));
  g_assert_nonnull (strstr (saved, "\"C\""));

  /* Reopen in another canvas: B is drawn where it was placed. */
  again = sw_document_new ();
  load_document (again, path);
  reopened = g_object_ref_sink (SW_CANVAS (sw_canvas_new (again)));
  layout = sw_canvas_get_layout (reopened);
  node = sw_layout_get_node (layout, sw_layout_find_node (layout, "B"));
  g_assert_true (node->pinned);
  g_assert_cmpfloat (node->box.x, ==, after.x);
  g_assert_cmpfloat (node->box.y, ==, after.y);
}

/* Where a state's box starts on screen. */
static void
state_origin (Fixture    *fixture,
              const char *name,
              double     *x,
              double     *y)
{
  const SwLayoutNode *node = layout_node (fixture, name);

  sw_canvas_diagram_to_widget (fixture->canvas, node->box.x, node->box.y, x, y);
}

#define assert_near(a, b) g_assert_cmpfloat (fabs ((a) - (b)), <=, 1)

/* A drag that moves the diagram's origin (A dragged far left: the diagram now starts at A),
 * undone and redone: the states that did not move stay where they are on screen, and A goes
 * back under the point it was dragged from, then to where it was dropped. */
static void
test_place_undo_anchor (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *a = pointer_of (fixture, "A");
  double b_diagram = layout_node (fixture, "B")->box.x;
  double ax0, ay0, bx0, by0, dx0, dy0, x, y;

  state_origin (fixture, "A", &ax0, &ay0);
  state_origin (fixture, "B", &bx0, &by0);
  state_origin (fixture, "D", &dx0, &dy0);
  sw_document_select_one (fixture->doc, a);
  g_assert_true (sw_canvas_place_selection (fixture->canvas, -300, 20));
  /* the diagram now starts at A: the others moved right in diagram units */
  g_assert_cmpfloat (layout_node (fixture, "B")->box.x, >, b_diagram + 100);
  state_origin (fixture, "A", &x, &y);
  assert_near (x, ax0 - 300);
  assert_near (y, ay0 + 20);
  state_origin (fixture, "B", &x, &y);
  assert_near (x, bx0);
  assert_near (y, by0);

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (sw_document_undo (fixture->doc, NULL));
      sw_test_ui_iterate (2);
      state_origin (fixture, "A", &x, &y);
      assert_near (x, ax0);
      assert_near (y, ay0);
      state_origin (fixture, "B", &x, &y);
      assert_near (x, bx0);
      assert_near (y, by0);
      state_origin (fixture, "D", &x, &y);
      assert_near (x, dx0);
      assert_near (y, dy0);

      g_assert_true (sw_document_redo (fixture->doc, NULL));
      sw_test_ui_iterate (2);
      state_origin (fixture, "A", &x, &y);
      assert_near (x, ax0 - 300);
      assert_near (y, ay0 + 20);
      state_origin (fixture, "B", &x, &y);
      assert_near (x, bx0);
      assert_near (y, by0);
    }
}

/* A state placed by hand, deleted on the canvas (Delete, then Cut) and brought back by undo
 * comes back where it was placed. */
static void
test_place_delete_undo (Fixture       *fixture,
                        gconstpointer  data)
{
  SwLayoutPositions *positions = sw_document_get_positions (fixture->doc);
  g_autofree char *b = pointer_of (fixture, "B");
  const char *actions[] = { "canvas.delete", "canvas.cut" };
  double px, py, x, y, sx, sy;

  sw_document_select_one (fixture->doc, b);
  g_assert_true (sw_canvas_place_selection (fixture->canvas, 250, 30));
  g_assert_true (sw_layout_positions_lookup (positions, "B", &px, &py));
  state_origin (fixture, "B", &sx, &sy);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *label = NULL;

      sw_document_select_one (fixture->doc, b);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), actions[i],
                                                 NULL));
      g_assert_null (state (fixture, "B"));
      g_assert_false (sw_layout_positions_lookup (positions, "B", NULL, NULL));
      label = sw_document_dup_undo_label (fixture->doc);
      g_assert_cmpstr (label, ==, i == 0 ? "Undo Delete States" : "Undo Cut States");

      g_assert_true (sw_document_undo (fixture->doc, NULL));
      g_assert_nonnull (state (fixture, "B"));
      g_assert_true (sw_layout_positions_lookup (positions, "B", &x, &y));
      g_assert_cmpfloat (x, ==, px);
      g_assert_cmpfloat (y, ==, py);
      sw_test_ui_iterate (2);
      g_assert_true (layout_node (fixture, "B")->pinned);
      state_origin (fixture, "B", &x, &y);
      assert_near (x, sx);
      assert_near (y, sy);
    }
  /* the placement is the step below */
  g_assert_true (sw_document_undo (fixture->doc, NULL));
  g_assert_false (sw_layout_positions_lookup (positions, "B", NULL, NULL));
  g_assert_false (sw_document_can_undo (fixture->doc));
}

static gboolean
press_key (Fixture         *fixture,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers =
    gtk_widget_observe_controllers (GTK_WIDGET (fixture->canvas));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
}

static const char *
selected (Fixture *fixture)
{
  SwState *current = sw_document_get_selected_state (fixture->doc);

  return current != NULL ? sw_state_get_name (current) : NULL;
}

static void
on_focus_inspector (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) focus = g_simple_action_new ("focus-inspector", NULL);
  guint focused = 0;

  g_signal_connect (focus, "activate", G_CALLBACK (on_focus_inspector), &focused);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (focus));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));

  /* Down from nothing: the first state; then along the transitions, and back. */
  g_assert_true (press_key (fixture, GDK_KEY_Down, 0));
  g_assert_cmpstr (selected (fixture), ==, "A");
  press_key (fixture, GDK_KEY_Down, 0);
  press_key (fixture, GDK_KEY_Down, 0);
  g_assert_cmpstr (selected (fixture), ==, "C");
  press_key (fixture, GDK_KEY_Up, 0);
  g_assert_cmpstr (selected (fixture), ==, "B");

  /* Tab cycles through the states, Shift+Tab back, wrapping around. */
  press_key (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (selected (fixture), ==, "C");
  press_key (fixture, GDK_KEY_Tab, 0);
  press_key (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (selected (fixture), ==, "A");
  press_key (fixture, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK);
  g_assert_cmpstr (selected (fixture), ==, "D");

  /* Enter: the inspector takes the focus. */
  g_assert_cmpuint (focused, ==, 0);
  press_key (fixture, GDK_KEY_Return, 0);
  g_assert_cmpuint (focused, ==, 1);

  /* Escape clears; shortcuts with Ctrl are left to the bindings. */
  press_key (fixture, GDK_KEY_Escape, 0);
  g_assert_cmpuint (n_selected (fixture), ==, 0);
  g_assert_false (press_key (fixture, GDK_KEY_Down, GDK_CONTROL_MASK));
}

static void
test_run_status_and_accessible (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GHashTable) status = g_hash_table_new (g_str_hash, g_str_equal);

  /* The canvas keeps a reference while it shows the status, and drops it when cleared. */
  g_hash_table_insert (status, "/States/A", GINT_TO_POINTER (SW_RUN_STATUS_SUCCEEDED));
  sw_canvas_set_run_status (fixture->canvas, status);
  sw_test_ui_iterate (2);
  sw_canvas_set_run_status (fixture->canvas, NULL);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->canvas)), ==,
                   GTK_ACCESSIBLE_ROLE_GROUP);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->canvas)));
}

static void
save_screenshot (Fixture    *fixture,
                 const char *name)
{
  GtkWidget *widget = GTK_WIDGET (fixture->canvas);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  /* what the zoom stretched is painted sharp again once it rests */
  sw_test_ui_wait_ms (300);
  sw_test_ui_iterate (2);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  sw_test_ui_save_node (widget, node, name);
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) status = g_hash_table_new (g_str_hash, g_str_equal);
  AdwStyleManager *style = adw_style_manager_get_default ();
  SwLayout *layout;
  const SwLayoutNode *node;

  /* A problem for a badge: a Task without its Resource. */
  g_assert_true (sw_state_set_field (state (fixture, "CreateEndpointConfig"), "Resource", NULL,
                                     NULL));
  for (guint i = 0; i < 200; i++)
    {
      GPtrArray *diagnostics = sw_document_get_diagnostics (fixture->doc);

      if (diagnostics != NULL && diagnostics->len > 0)
        break;
      sw_test_ui_wait_ms (10);
    }
  g_assert_cmpuint (sw_document_get_diagnostics (fixture->doc)->len, >, 0);

  sw_document_select_one (fixture->doc, "/States/CreateModel");
  g_hash_table_insert (status, "/States/CreateTrainingJob",
                       GINT_TO_POINTER (SW_RUN_STATUS_SUCCEEDED));
  g_hash_table_insert (status, "/States/CreateModel", GINT_TO_POINTER (SW_RUN_STATUS_IN_PROGRESS));
  g_hash_table_insert (status, "/States/CreateEndpointConfig",
                       GINT_TO_POINTER (SW_RUN_STATUS_NOT_RUN));
  g_hash_table_insert (status, "/States/CreateEndpoint", GINT_TO_POINTER (SW_RUN_STATUS_NOT_RUN));
  sw_canvas_set_run_status (fixture->canvas, status);
  sw_canvas_zoom_to_fit (fixture->canvas);

  layout = sw_canvas_get_layout (fixture->canvas);
  node = sw_layout_get_node (layout, sw_layout_find_node (layout, "CreateModel"));
  g_assert_cmpint (node->kind, ==, SW_LAYOUT_NODE_STATE);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  sw_test_ui_iterate (3);
  save_screenshot (fixture, "canvas-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  sw_test_ui_iterate (3);
  save_screenshot (fixture, "canvas-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, setup, func) \
  g_test_add ("/ui/canvas/" path, Fixture, NULL, setup, func, fixture_tear_down)

  ADD ("select", set_up_linear, test_select);
  ADD ("delete", set_up_linear, test_delete);
  ADD ("paste-and-duplicate", set_up_linear, test_paste_and_duplicate);
  ADD ("drop-on-edge", set_up_linear, test_drop_on_edge);
  ADD ("move", set_up_linear, test_move);
  ADD ("branches", set_up_branches, test_branches);
  ADD ("zoom", set_up_linear, test_zoom);
  ADD ("keyboard", set_up_linear, test_keyboard);
  ADD ("run-status-and-accessible", set_up_linear, test_run_status_and_accessible);
  ADD ("screenshots", set_up_example, test_screenshots);
  ADD ("sidecar-positions", set_up_sidecar, test_sidecar_positions);
  ADD ("place-survives-save", set_up_sidecar, test_place_survives_save);
  ADD ("place-undo-anchor", set_up_linear, test_place_undo_anchor);
  ADD ("place-delete-undo", set_up_linear, test_place_delete_undo);

  return g_test_run ();
}
