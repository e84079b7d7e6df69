/* test-layout.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Invariants of the layout on every example we have (no overlaps, containers enclosing
 * their states, edges from border to border, determinism), the shape of the picture on
 * known machines (straight happy path, loops on the side, missing targets), stability under
 * an inserted state, the sidecar of manual positions and the crossing counter. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sw-crossings.h"
#include "sw-definition.h"
#include "sw-diagram-error.h"
#include "sw-json.h"
#include "sw-layout.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("SW_SOURCE_DIR");
  GString *path = g_string_new (root ? root : ".");
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, part);
    }
  va_end (args);
  return g_string_free (path, FALSE);
}

static SwMachine *
machine_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = sw_json_parse (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return sw_machine_new (root);
}

static SwMachine *
machine_from_file (const char *path)
{
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) root = sw_definition_load_file (path, &parse_error, &error);

  g_assert_no_error (error);
  g_assert_null (parse_error);
  return sw_machine_new (root);
}

static GPtrArray *
example_files (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid = source_path ("tests", "asl", "data", "valid", NULL);
  g_autofree char *examples = source_path ("data", "examples", NULL);
  const char *dirs[] = { valid, examples };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".asl.json"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (files, g_build_filename (dirs[d], g_ptr_array_index (names, i), NULL));
    }
  g_assert_cmpuint (files->len, >=, 40);
  return files;
}

static gboolean
boxes_overlap (const SwLayoutBox *a,
               const SwLayoutBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
box_contains (const SwLayoutBox *outer,
              const SwLayoutBox *inner)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

static gboolean
on_border (const SwLayoutBox *box,
           double             x,
           double             y)
{
  double eps = 0.51;
  gboolean inside_x = x >= box->x - eps && x <= box->x + box->width + eps;
  gboolean inside_y = y >= box->y - eps && y <= box->y + box->height + eps;

  return (inside_x && (fabs (y - box->y) <= eps || fabs (y - box->y - box->height) <= eps)) ||
         (inside_y && (fabs (x - box->x) <= eps || fabs (x - box->x - box->width) <= eps));
}

/* Everything a picture must be, whatever the machine. */
static void
check_invariants (SwLayout   *layout,
                  const char *what)
{
  guint n_nodes = sw_layout_get_n_nodes (layout);
  guint n_edges = sw_layout_get_n_edges (layout);
  SwLayoutBox all = { 0, 0, sw_layout_get_width (layout), sw_layout_get_height (layout) };

  for (guint i = 0; i < n_nodes; i++)
    {
      const SwLayoutNode *a = sw_layout_get_node (layout, i);

      if (!box_contains (&all, &a->box))
        g_error ("%s: node %s lies outside the diagram", what, a->name);
      g_assert_cmpfloat (a->box.width, >, 0);
      g_assert_cmpfloat (a->box.height, >, 0);

      for (guint j = i + 1; j < n_nodes; j++)
        {
          const SwLayoutNode *b = sw_layout_get_node (layout, j);

          if (a->parent != b->parent || a->branch != b->branch)
            continue;
          if (boxes_overlap (&a->box, &b->box))
            g_error ("%s: nodes %s and %s overlap", what, a->name, b->name);
        }

      if (a->parent >= 0)
        {
          const SwLayoutNode *parent = sw_layout_get_node (layout, (guint) a->parent);
          const SwLayoutContainer *c;

          g_assert_cmpint (parent->container, >=, 0);
          c = sw_layout_get_container (layout, (guint) parent->container);
          g_assert_cmpint (a->branch, >=, 0);
          g_assert_cmpint (a->branch, <, (int) c->n_branches);
          if (!box_contains (&c->branches[a->branch], &a->box) ||
              !box_contains (&parent->box, &a->box))
            g_error ("%s: node %s is not inside its container %s", what, a->name,
                     parent->name);
        }
      if (a->container >= 0)
        {
          const SwLayoutContainer *c = sw_layout_get_container (layout, (guint) a->container);

          g_assert_cmpint (c->node, ==, (int) i);
          g_assert_cmpfloat (c->box.x, ==, a->box.x);
          g_assert_cmpfloat (c->box.y, ==, a->box.y);
          for (guint b = 0; b < c->n_branches; b++)
            {
              g_assert_true (box_contains (&a->box, &c->branches[b]));
              g_assert_false (boxes_overlap (&c->header, &c->branches[b]));
              for (guint b2 = b + 1; b2 < c->n_branches; b2++)
                g_assert_false (boxes_overlap (&c->branches[b], &c->branches[b2]));
            }
        }
    }

  for (guint e = 0; e < n_edges; e++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, e);
      const SwLayoutNode *from = sw_layout_get_node (layout, (guint) edge->from);
      const SwLayoutNode *to = sw_layout_get_node (layout, (guint) edge->to);
      const double *p = edge->points;
      guint n = edge->n_points;

      g_assert_cmpuint (n, >=, 2);
      g_assert_cmpint (from->parent, ==, to->parent);
      if (!on_border (&from->box, p[0], p[1]))
        g_error ("%s: edge %s → %s does not leave from the border of its source (%g, %g)",
                 what, from->name, to->name, p[0], p[1]);
      if (!on_border (&to->box, p[2 * n - 2], p[2 * n - 1]))
        g_error ("%s: edge %s → %s does not end on the border of its target (%g, %g)",
                 what, from->name, to->name, p[2 * n - 2], p[2 * n - 1]);
      for (guint k = 0; k < n; k++)
        g_assert_true (p[2 * k] >= 0 && p[2 * k] <= all.width &&
                       p[2 * k + 1] >= 0 && p[2 * k + 1] <= all.height);
      if (edge->label != NULL)
        {
          g_assert_true (box_contains (&all, &edge->label_box));
          /* a label never hides a state of its own scope */
          for (guint i = 0; i < n_nodes; i++)
            {
              const SwLayoutNode *node = sw_layout_get_node (layout, i);

              if (node->parent == from->parent && node->branch == from->branch &&
                  boxes_overlap (&node->box, &edge->label_box))
                g_error ("%s: the label “%s” covers %s", what, edge->label, node->name);
            }
        }
    }
}

static void
test_examples (void)
{
  g_autoptr(GPtrArray) files = example_files ();

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(SwMachine) machine = machine_from_file (path);
      g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
      g_autoptr(SwLayout) again = sw_layout_new (machine, NULL);
      g_autofree char *json = sw_layout_to_json (layout, NULL);
      g_autofree char *json_again = sw_layout_to_json (again, NULL);
      guint n_states = 0, n_start = 0, n_end = 0;

      check_invariants (layout, path);
      g_assert_cmpstr (json, ==, json_again);   /* deterministic */

      for (guint k = 0; k < sw_layout_get_n_nodes (layout); k++)
        {
          const SwLayoutNode *node = sw_layout_get_node (layout, k);

          n_states += node->kind == SW_LAYOUT_NODE_STATE;
          n_start += node->kind == SW_LAYOUT_NODE_START;
          n_end += node->kind == SW_LAYOUT_NODE_END;
          /* valid machines name no missing state */
          g_assert_cmpint (node->kind, !=, SW_LAYOUT_NODE_MISSING);
        }
      g_assert_cmpuint (n_states, >=, sw_machine_get_n_states (machine));
      g_assert_cmpuint (n_start, ==, 1);
      g_assert_cmpuint (n_end, ==, 1);
    }
}

static const char *gen_machine;

static void
test_generated (void)
{
  const char *gen = gen_machine;
  guint sizes[] = { 30, 120, 400 };

  if (gen == NULL)
    {
      g_test_skip ("no --gen=PATH to gen-machine");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", sizes[i]);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { gen, n, "7", NULL };
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      {
        g_autoptr(SwMachine) machine = machine_from_text (out);
        g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);

        check_invariants (layout, n);
      }
    }
}

static double
centre_x (SwLayout   *layout,
          const char *name)
{
  int index = sw_layout_find_node (layout, name);
  const SwLayoutNode *node;

  g_assert_cmpint (index, >=, 0);
  node = sw_layout_get_node (layout, (guint) index);
  return node->box.x + node->box.width / 2;
}

static const SwLayoutNode *
node_named (SwLayout   *layout,
            const char *name)
{
  int index = sw_layout_find_node (layout, name);

  g_assert_cmpint (index, >=, 0);
  return sw_layout_get_node (layout, (guint) index);
}

/* The MNIST pipeline is a chain: one straight column, top to bottom, no bends. */
static void
test_happy_path (void)
{
  g_autofree char *path = source_path ("data", "examples", "mnist-pipeline.asl.json", NULL);
  g_autoptr(SwMachine) machine = machine_from_file (path);
  g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
  const char *chain[] = { "CreateTrainingJob", "CreateModel", "CreateEndpointConfig",
                          "CreateEndpoint" };
  SwLayoutStats stats;
  double x = centre_x (layout, chain[0]);

  for (guint i = 1; i < G_N_ELEMENTS (chain); i++)
    {
      g_assert_cmpfloat (centre_x (layout, chain[i]), ==, x);
      g_assert_cmpfloat (node_named (layout, chain[i])->box.y, >,
                         node_named (layout, chain[i - 1])->box.y);
    }
  sw_layout_get_stats (layout, &stats);
  g_assert_cmpuint (stats.n_nodes, ==, 6);      /* four states, Start, End */
  g_assert_cmpuint (stats.n_edges, ==, 5);
  g_assert_cmpuint (stats.crossings, ==, 0);
  g_assert_cmpuint (stats.bends, ==, 0);
  for (guint e = 0; e < sw_layout_get_n_edges (layout); e++)
    g_assert_cmpuint (sw_layout_get_edge (layout, e)->n_points, ==, 2);
}

static const char polling_loop[] =
  "{\"StartAt\": \"Start job\", \"States\": {"
  " \"Start job\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\","
  "   \"Next\": \"Wait\"},"
  " \"Wait\": {\"Type\": \"Wait\", \"Seconds\": 30, \"Next\": \"Get status\"},"
  " \"Get status\": {\"Type\": \"Task\","
  "   \"Resource\": \"arn:aws:states:::sagemaker:describeTrainingJob\", \"Next\": \"Done?\","
  "   \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Failed\"}]},"
  " \"Done?\": {\"Type\": \"Choice\", \"Choices\": ["
  "   {\"Variable\": \"$.status\", \"StringEquals\": \"Completed\", \"Next\": \"Done\"},"
  "   {\"Variable\": \"$.status\", \"StringEquals\": \"Failed\", \"Next\": \"Failed\"}],"
  "   \"Default\": \"Wait\"},"
  " \"Done\": {\"Type\": \"Succeed\"},"
  " \"Failed\": {\"Type\": \"Fail\", \"Error\": \"TrainingFailed\"}}}";

static void
test_loop (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (polling_loop);
  g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
  const SwLayoutNode *wait = node_named (layout, "Wait");
  const SwLayoutNode *choice = node_named (layout, "Done?");
  guint n_back = 0, n_catch = 0;

  check_invariants (layout, "polling loop");
  /* Start job, Wait, Get status, Done? in one straight column */
  g_assert_cmpfloat (centre_x (layout, "Wait"), ==, centre_x (layout, "Start job"));
  g_assert_cmpfloat (centre_x (layout, "Get status"), ==, centre_x (layout, "Wait"));
  g_assert_cmpfloat (centre_x (layout, "Done?"), ==, centre_x (layout, "Wait"));

  for (guint e = 0; e < sw_layout_get_n_edges (layout); e++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, e);

      if (edge->back)
        {
          n_back++;
          g_assert_cmpint (edge->kind, ==, SW_LAYOUT_EDGE_DEFAULT);
          g_assert_cmpstr (edge->label, ==, "Default");
          /* out of the Choice's side, up beside the column, into the same side of Wait */
          if (edge->points[0] > choice->box.x)
            {
              g_assert_cmpfloat (edge->points[0], ==, choice->box.x + choice->box.width);
              g_assert_cmpfloat (edge->points[2 * edge->n_points - 2], ==,
                                 wait->box.x + wait->box.width);
              for (guint k = 0; k < edge->n_points; k++)
                g_assert_cmpfloat (edge->points[2 * k], >=, wait->box.x + wait->box.width);
            }
          else
            {
              g_assert_cmpfloat (edge->points[0], ==, choice->box.x);
              g_assert_cmpfloat (edge->points[2 * edge->n_points - 2], ==, wait->box.x);
              for (guint k = 0; k < edge->n_points; k++)
                g_assert_cmpfloat (edge->points[2 * k], <=, wait->box.x);
            }
          g_assert_cmpuint (edge->n_points, ==, 4);
        }
      if (edge->kind == SW_LAYOUT_EDGE_CATCH)
        {
          n_catch++;
          g_assert_cmpstr (edge->label, ==, "States.ALL");
        }
      if (edge->kind == SW_LAYOUT_EDGE_CHOICE && edge->index == 0)
        g_assert_cmpstr (edge->label, ==, "$.status == \"Completed\"");
    }
  g_assert_cmpuint (n_back, ==, 1);
  g_assert_cmpuint (n_catch, ==, 1);
}

static void
test_invalid (void)
{
  const char *documents[] = {
    "{}",
    "{\"StartAt\": \"Nowhere\"}",
    "{\"StartAt\": \"A\", \"States\": []}",
    "{\"StartAt\": \"A\", \"States\": {\"A\": 3, \"B\": {\"Type\": 4, \"Next\": \"A\"}}}",
    "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Ghost\"},"
    " \"B\": {\"Type\": \"Choice\", \"Choices\": [{\"Next\": \"Ghost\"}, {\"Next\": \"B\"}],"
    "  \"Default\": \"Other ghost\"}}}",
    "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"A\"}}}",
    "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Parallel\", \"End\": true,"
    " \"Branches\": [{\"StartAt\": \"X\", \"States\": {}}, {\"States\": {\"Y\":"
    " {\"Type\": \"Pass\", \"Next\": \"Outside\"}}}, 5]}}}",
    "{\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Map\", \"End\": true,"
    " \"ItemProcessor\": {\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Pass\","
    " \"Next\": \"M\"}}}}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(SwMachine) machine = machine_from_text (documents[i]);
      g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
      g_autofree char *json = sw_layout_to_json (layout, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      check_invariants (layout, documents[i]);
      json_parser_load_from_data (parser, json, -1, &error);
      g_assert_no_error (error);
    }

  {
    g_autoptr(SwMachine) machine = machine_from_text (documents[4]);
    g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
    const SwLayoutNode *ghost = node_named (layout, "Ghost");
    guint to_ghost = 0;

    g_assert_cmpint (ghost->kind, ==, SW_LAYOUT_NODE_MISSING);
    g_assert_cmpint (node_named (layout, "Other ghost")->kind, ==, SW_LAYOUT_NODE_MISSING);
    for (guint e = 0; e < sw_layout_get_n_edges (layout); e++)
      to_ghost += sw_layout_get_edge (layout, e)->to == sw_layout_find_node (layout, "Ghost");
    g_assert_cmpuint (to_ghost, ==, 2);   /* one missing node for both transitions */
  }
  {
    /* a self-loop goes around the right side of its state */
    g_autoptr(SwMachine) machine = machine_from_text (documents[5]);
    g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
    const SwLayoutNode *a = node_named (layout, "A");

    for (guint e = 0; e < sw_layout_get_n_edges (layout); e++)
      {
        const SwLayoutEdge *edge = sw_layout_get_edge (layout, e);

        if (edge->from != edge->to)
          continue;
        g_assert_cmpuint (edge->n_points, ==, 4);
        g_assert_cmpfloat (edge->points[2], >, a->box.x + a->box.width);
      }
  }
}

/* Containers: Parallel branches side by side, inner machines inside. */
static void
test_containers (void)
{
  g_autofree char *path = source_path ("tests", "asl", "data", "valid",
                                       "parallel-map-parallel.asl.json", NULL);
  g_autoptr(SwMachine) machine = machine_from_file (path);
  g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
  const SwLayoutNode *fan = node_named (layout, "Fan out");
  const SwLayoutNode *region = node_named (layout, "Per region");
  const SwLayoutNode *evaluate = node_named (layout, "Evaluate");
  const SwLayoutContainer *c;

  check_invariants (layout, path);
  g_assert_cmpint (fan->container, >=, 0);
  c = sw_layout_get_container (layout, (guint) fan->container);
  g_assert_cmpuint (c->n_branches, >=, 2);
  /* side by side: same top, left to right */
  g_assert_cmpfloat (c->branches[0].y, ==, c->branches[1].y);
  g_assert_cmpfloat (c->branches[0].x + c->branches[0].width, <=, c->branches[1].x);
  g_assert_cmpint (region->parent, ==, sw_layout_find_node (layout, "Fan out"));
  g_assert_cmpint (evaluate->parent, ==, sw_layout_find_node (layout, "Per region"));
  g_assert_true (box_contains (&region->box, &evaluate->box));
  g_assert_true (box_contains (&fan->box, &evaluate->box));
  g_assert_cmpint (sw_layout_node_at (layout, evaluate->box.x + 20, evaluate->box.y + 20), ==,
                   sw_layout_find_node (layout, "Evaluate"));
  g_assert_cmpint (sw_layout_find_node_for_pointer (layout,
                     "/States/Fan out/Branches/0/States/Per region/ItemProcessor/States/"
                     "Evaluate/Branches/1/States/Bias report/Parameters/FunctionName"), ==,
                   sw_layout_find_node (layout, "Bias report"));
}

static char *
chain_document (guint       n,
                const char *extra)
{
  GString *doc = g_string_new ("{\"StartAt\": \"S0\", \"States\": {");

  for (guint i = 0; i < n; i++)
    {
      if (i % 5 == 2 && i + 2 < n)
        g_string_append_printf (doc, "\"S%u\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\":"
                                " \"$.x\", \"NumericEquals\": %u, \"Next\": \"S%u\"}], "
                                "\"Default\": \"S%u\"},", i, i, i + 2, i + 1);
      else if (i + 1 < n)
        g_string_append_printf (doc, "\"S%u\": {\"Type\": \"Task\", \"Resource\": "
                                "\"arn:aws:states:::lambda:invoke\", \"Next\": \"S%u\", "
                                "\"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], "
                                "\"Next\": \"Oops\"}]},", i, i + 1);
      else
        g_string_append_printf (doc, "\"S%u\": {\"Type\": \"Succeed\"},", i);
    }
  g_string_append (doc, extra);
  g_string_append (doc, "\"Oops\": {\"Type\": \"Fail\"}}}");
  return g_string_free (doc, FALSE);
}

/* One added state moves the states below it down one layer and nothing sideways. */
static void
test_stability (void)
{
  g_autofree char *text = chain_document (30, "");
  g_autoptr(SwMachine) machine = machine_from_text (text);
  g_autoptr(SwLayout) before = sw_layout_new (machine, NULL);
  g_autoptr(SwLayout) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) pass = sw_value_new_object ();
  SwState *s20 = sw_machine_lookup_state (machine, "S20");
  guint moved_sideways = 0, compared = 0;
  double layer_step = 0;

  sw_value_object_set (pass, "Type", sw_value_new_string ("Pass"));
  g_assert_nonnull (sw_state_insert_on_transition (s20, SW_TRANSITION_NEXT, -1, "Inserted",
                                                   g_steal_pointer (&pass), &error));
  g_assert_no_error (error);
  after = sw_layout_new (machine, NULL);
  check_invariants (after, "chain with an insert");

  layer_step = node_named (after, "S21")->box.y - node_named (before, "S21")->box.y;
  g_assert_cmpfloat (layer_step, >, 0);
  for (guint i = 0; i < sw_layout_get_n_nodes (before); i++)
    {
      const SwLayoutNode *a = sw_layout_get_node (before, i);
      int j = a->name ? sw_layout_find_node (after, a->name) : -1;
      const SwLayoutNode *b;

      if (j < 0)
        continue;
      b = sw_layout_get_node (after, (guint) j);
      compared++;
      if (a->box.x != b->box.x)
        moved_sideways++;
      /* above the insert nothing moves at all */
      if (g_str_has_prefix (a->name, "S") && atoi (a->name + 1) <= 20)
        g_assert_cmpfloat (a->box.y, ==, b->box.y);
    }
  g_assert_cmpuint (compared, ==, 31);
  g_assert_cmpuint (moved_sideways, <=, 3);
}

static void
test_positions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwLayoutPositions) positions = NULL;
  g_autoptr(SwMachine) machine = machine_from_text (polling_loop);
  g_autoptr(SwLayout) layout = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-layout-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *data = NULL;
  const SwLayoutNode *wait;
  const char *pinned = "{\"version\": 1, \"states\": {\"Wait\": {\"x\": 600, \"y\": 10}}}";
  double ox, oy, x, y;

  g_assert_no_error (error);
  sidecar = sw_layout_positions_path_for_definition ("/tmp/pipe.asl.json");
  g_assert_cmpstr (sidecar, ==, "/tmp/pipe.layout.json");
  g_clear_pointer (&sidecar, g_free);
  sidecar = sw_layout_positions_path_for_definition ("flow.yaml");
  g_assert_cmpstr (sidecar, ==, "flow.layout.json");
  g_clear_pointer (&sidecar, g_free);

  positions = sw_layout_positions_parse (pinned, strlen (pinned), &error);
  g_assert_no_error (error);
  g_assert_true (sw_layout_positions_lookup (positions, "Wait", &x, &y));
  g_assert_cmpfloat (x, ==, 600);

  layout = sw_layout_new (machine, positions);
  check_invariants (layout, "pinned");
  wait = node_named (layout, "Wait");
  g_assert_true (wait->pinned);
  sw_layout_get_scope_origin (layout, (guint) sw_layout_find_node (layout, "Wait"), &ox, &oy);
  g_assert_cmpfloat (wait->box.x - ox, ==, 600);
  g_assert_cmpfloat (wait->box.y - oy, ==, 10);
  g_assert_false (node_named (layout, "Get status")->pinned);

  /* a copy holds the same positions and does not follow later changes */
  {
    g_autoptr(SwLayoutPositions) copy = sw_layout_positions_copy (positions);
    g_autoptr(SwLayout) again = NULL;

    g_assert_cmpuint (sw_layout_positions_get_size (copy), ==, 1);
    g_assert_true (sw_layout_positions_lookup (copy, "Wait", &x, &y));
    g_assert_cmpfloat (x, ==, 600);
    g_assert_cmpfloat (y, ==, 10);
    sw_layout_positions_set (copy, "Wait", 5, 5);
    sw_layout_positions_set (copy, "Get status", 7, 7);
    g_assert_true (sw_layout_positions_lookup (positions, "Wait", &x, NULL));
    g_assert_cmpfloat (x, ==, 600);
    g_assert_false (sw_layout_positions_lookup (positions, "Get status", NULL, NULL));
    again = sw_layout_new (machine, copy);
    g_assert_true (node_named (again, "Get status")->pinned);
  }

  /* write, read back, sorted by name */
  sw_layout_positions_set (positions, "Done", 1.4, -2.6);
  file = g_build_filename (dir, "pipe.asl.json", NULL);
  sidecar = sw_layout_positions_path_for_definition (file);
  g_assert_true (sw_layout_positions_save (positions, sidecar, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sidecar, &data, NULL, NULL));
  g_assert_cmpstr (data, ==,
                   "{\n  \"version\": 1,\n  \"states\": {\n"
                   "    \"Done\": {\n      \"x\": 1,\n      \"y\": -3\n    },\n"
                   "    \"Wait\": {\n      \"x\": 600,\n      \"y\": 10\n    }\n  }\n}\n");
  g_clear_object (&positions);
  positions = sw_layout_positions_load_for_definition (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_layout_positions_get_size (positions), ==, 2);
  g_assert_true (sw_layout_positions_rename (positions, "Done", "Finished"));
  g_assert_true (sw_layout_positions_lookup (positions, "Finished", &x, &y));
  g_assert_cmpfloat (y, ==, -3);

  /* no sidecar: empty; a broken one: an error */
  g_clear_object (&positions);
  g_remove (sidecar);
  positions = sw_layout_positions_load_for_definition (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_layout_positions_get_size (positions), ==, 0);
  g_clear_object (&positions);
  g_assert_true (g_file_set_contents (sidecar, "{\"states\": {\"A\": {\"x\": \"1\"}}}", -1,
                                      NULL));
  positions = sw_layout_positions_load_for_definition (file, &error);
  g_assert_null (positions);
  g_assert_error (error, SW_DIAGRAM_ERROR, SW_DIAGRAM_ERROR_POSITIONS);
  g_remove (sidecar);
  g_rmdir (dir);
}

static void
test_json (void)
{
  g_autoptr(SwMachine) machine = machine_from_text (polling_loop);
  g_autoptr(SwLayout) layout = sw_layout_new (machine, NULL);
  g_autofree char *json = sw_layout_to_json (layout, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *first_edge, *first_node;
  JsonArray *points;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat (json_object_get_double_member (root, "width"), ==,
                     sw_layout_get_width (layout));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "nodes")), ==,
                    6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "markers")), ==,
                    2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "edges")), ==,
                    sw_layout_get_n_edges (layout));
  first_node = json_array_get_object_element (json_object_get_array_member (root, "nodes"), 0);
  g_assert_cmpstr (json_object_get_string_member (first_node, "name"), ==, "Start job");
  g_assert_cmpstr (json_object_get_string_member (first_node, "type"), ==, "Task");
  first_edge = json_array_get_object_element (json_object_get_array_member (root, "edges"), 0);
  g_assert_true (json_object_get_null_member (first_edge, "from"));
  g_assert_cmpstr (json_object_get_string_member (first_edge, "to"), ==, "Start job");
  g_assert_cmpstr (json_object_get_string_member (first_edge, "kind"), ==, "start");
  points = json_object_get_array_member (first_edge, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, sw_layout_get_edge (layout, 0)->n_points);
}

static void
test_crossings (void)
{
  const double a[] = { 0, 0, 10, 10 };
  const double b[] = { 0, 10, 10, 0 };
  const double c[] = { 20, 0, 20, 10 };
  const double zig[] = { 15, 0, 25, 3, 15, 6, 25, 9 };      /* crosses c three times */
  const double through_bend[] = { 0, 5, 5, 5, 10, 5 };       /* bends on a's crossing point */
  SwPolyline lines[] = {
    { a, 2, 0, 1 }, { b, 2, 2, 3 },
  };
  SwPolyline shared[] = {
    { a, 2, 0, 1 }, { b, 2, 0, 3 },
  };
  SwPolyline many[] = {
    { c, 2, 4, 5 }, { zig, 4, 6, 7 },
  };
  SwPolyline bend[] = {
    { a, 2, 0, 1 }, { through_bend, 3, 2, 3 },
  };
  SwPolyline trunk[] = {
    { a, 2, 0, 1 }, { b, 2, 2, 3 }, { b, 2, 4, 3 },
  };

  g_assert_cmpuint (sw_crossings_count (lines, 2), ==, 1);
  g_assert_cmpuint (sw_crossings_count (shared, 2), ==, 0);   /* meeting at a node */
  g_assert_cmpuint (sw_crossings_count (many, 2), ==, 3);
  g_assert_cmpuint (sw_crossings_count (bend, 2), ==, 1);     /* once, not twice */
  g_assert_cmpuint (sw_crossings_count (trunk, 3), ==, 2);    /* a crosses two edges */
  g_assert_cmpuint (sw_crossings_count (NULL, 0), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--gen="))
      gen_machine = argv[i] + strlen ("--gen=");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagram/layout/examples", test_examples);
  g_test_add_func ("/diagram/layout/generated", test_generated);
  g_test_add_func ("/diagram/layout/happy-path", test_happy_path);
  g_test_add_func ("/diagram/layout/loop", test_loop);
  g_test_add_func ("/diagram/layout/invalid", test_invalid);
  g_test_add_func ("/diagram/layout/containers", test_containers);
  g_test_add_func ("/diagram/layout/stability", test_stability);
  g_test_add_func ("/diagram/layout/positions", test_positions);
  g_test_add_func ("/diagram/layout/json", test_json);
  g_test_add_func ("/diagram/layout/crossings", test_crossings);

  return g_test_run ();
}
