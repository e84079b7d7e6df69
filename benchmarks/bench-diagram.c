/* bench-diagram.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Times the diagram layout on generated machines of 100, 1,000 and 5,000 states and on every
 * ASL example, beside Graphviz `dot -Gnslimit=1` on the same graph in the same run, and
 * counts the crossings of both drawings the same way (sw_crossings_count(): geometric
 * crossings between edges that share no end node; dot's splines are sampled into
 * polylines):
 *
 *     bench-diagram --gen PATH/gen-machine [--dot dot] [--sizes 100,1000,5000]
 *                   [--examples DIR]... [--runs N] [--dot-timeout SECONDS] [--keep DIR]
 *
 * The graph given to dot is the one our layout sees: states (and missing targets, and the
 * Start and End markers) with our box sizes, every transition, and each Parallel or Map as a
 * cluster holding its header, one cluster per branch and a footer; edges into a container
 * end at its header (lhead), edges out of it leave from its footer (ltail), and invisible
 * edges from the header to each branch's sources and from each branch's sinks to the
 * footer keep the branches between them. Invisible edges are not counted. Edge labels are
 * not given to dot: they would double its layers.
 *
 * Targets (issue 5): 1,000 states in under 100 ms, 5,000 in under 1 s, and in total no
 * more crossings than dot. The exit status is 1 when a target is missed. */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sw-crossings.h"
#include "sw-definition.h"
#include "sw-json.h"
#include "sw-layout.h"

#define TARGET_1000_MS 100.0
#define TARGET_5000_MS 1000.0

typedef struct
{
  char *name;
  guint states;
  guint nodes;
  guint edges;
  double ours_ms;
  guint64 ours_crossings;
  double ours_width, ours_height;
  double dot_ms;
  gboolean dot_ok;
  char *dot_status;
  guint64 dot_crossings;
} Row;

static void
row_free (Row *row)
{
  g_free (row->name);
  g_free (row->dot_status);
  g_free (row);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static guint
count_states (SwMachine *machine)
{
  guint n = 0;

  for (guint i = 0; i < sw_machine_get_n_states (machine); i++)
    {
      SwState *state = sw_machine_get_state (machine, i);
      GListModel *branches = sw_state_get_branches (state);

      n++;
      for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
        {
          g_autoptr(SwMachine) branch = g_list_model_get_item (branches, b);

          n += count_states (branch);
        }
      if (sw_state_get_processor (state) != NULL)
        n += count_states (sw_state_get_processor (state));
    }
  return n;
}

/* The DOT graph of what @layout laid out. */

static void
write_node (GString            *dot,
            SwLayout           *layout,
            guint               i,
            const char         *indent)
{
  const SwLayoutNode *node = sw_layout_get_node (layout, i);

  if (node->container >= 0)
    return;
  g_string_append_printf (dot, "%sn%u [width=%.4f, height=%.4f];\n", indent, i,
                          node->box.width / 72.0, node->box.height / 72.0);
}

static void write_scope (GString *dot, SwLayout *layout, int parent, int branch,
                         const char *indent);

static void
write_container (GString    *dot,
                 SwLayout   *layout,
                 guint       i,
                 const char *indent)
{
  const SwLayoutNode *node = sw_layout_get_node (layout, i);
  const SwLayoutContainer *c = sw_layout_get_container (layout, (guint) node->container);
  g_autofree char *inner = g_strconcat (indent, "  ", NULL);
  g_autofree char *inner2 = g_strconcat (indent, "    ", NULL);
  guint n_nodes = sw_layout_get_n_nodes (layout);
  guint n_edges = sw_layout_get_n_edges (layout);

  g_string_append_printf (dot, "%ssubgraph cluster_%u {\n", indent, i);
  g_string_append_printf (dot, "%sn%u [width=%.4f, height=%.4f];\n", inner, i,
                          node->box.width / 72.0, c->header.height / 72.0);
  g_string_append_printf (dot, "%sf%u [shape=point, width=0.02];\n", inner, i);
  for (guint b = 0; b < c->n_branches; b++)
    {
      g_string_append_printf (dot, "%ssubgraph cluster_%u_%u {\n", inner, i, b);
      write_scope (dot, layout, (int) i, (int) b, inner2);
      g_string_append_printf (dot, "%s}\n", inner);
    }
  g_string_append_printf (dot, "%s}\n", indent);

  /* keep the branches between the header and the footer */
  for (guint k = 0; k < n_nodes; k++)
    {
      const SwLayoutNode *child = sw_layout_get_node (layout, k);
      gboolean has_in = FALSE, has_out = FALSE;

      if (child->parent != (int) i)
        continue;
      for (guint e = 0; e < n_edges; e++)
        {
          const SwLayoutEdge *edge = sw_layout_get_edge (layout, e);

          if (edge->from == edge->to)
            continue;
          has_in |= edge->to == (int) k;
          has_out |= edge->from == (int) k;
        }
      if (!has_in)
        g_string_append_printf (dot, "%sn%u -> n%u [style=invis];\n", indent, i, k);
      if (!has_out)
        g_string_append_printf (dot, "%s%s%u -> f%u [style=invis];\n", indent,
                                child->container >= 0 ? "f" : "n", k, i);
    }
}

static void
write_scope (GString    *dot,
             SwLayout   *layout,
             int         parent,
             int         branch,
             const char *indent)
{
  for (guint i = 0; i < sw_layout_get_n_nodes (layout); i++)
    {
      const SwLayoutNode *node = sw_layout_get_node (layout, i);

      if (node->parent != parent || node->branch != branch)
        continue;
      if (node->container >= 0)
        write_container (dot, layout, i, indent);
      else
        write_node (dot, layout, i, indent);
    }
}

static char *
layout_to_dot (SwLayout *layout)
{
  GString *dot = g_string_new ("digraph G {\n"
                               "  compound=true;\n"
                               "  nodesep=0.55;\n"
                               "  ranksep=0.61;\n"
                               "  node [shape=box, fixedsize=true, label=\"\"];\n");

  write_scope (dot, layout, -1, -1, "  ");
  for (guint e = 0; e < sw_layout_get_n_edges (layout); e++)
    {
      const SwLayoutEdge *edge = sw_layout_get_edge (layout, e);
      const SwLayoutNode *from = sw_layout_get_node (layout, (guint) edge->from);
      const SwLayoutNode *to = sw_layout_get_node (layout, (guint) edge->to);
      GString *attrs = g_string_new (NULL);

      g_string_append_printf (attrs, "id=\"e%u\"", e);
      if (from->container >= 0 && edge->from != edge->to)
        g_string_append_printf (attrs, ", ltail=cluster_%d", edge->from);
      if (to->container >= 0 && edge->from != edge->to)
        g_string_append_printf (attrs, ", lhead=cluster_%d", edge->to);
      g_string_append_printf (dot, "  %s%d -> n%d [%s];\n",
                              from->container >= 0 && edge->from != edge->to ? "f" : "n",
                              edge->from, edge->to, attrs->str);
      g_string_free (attrs, TRUE);
    }
  g_string_append (dot, "}\n");
  return g_string_free (dot, FALSE);
}

/* Reads `dot -Tplain` output: the splines of visible edges, sampled into polylines. */
static guint64
dot_crossings (const char *plain,
               gboolean   *ok)
{
  g_auto(GStrv) lines = g_strsplit (plain, "\n", -1);
  g_autoptr(GPtrArray) polylines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree SwPolyline *lines_out = NULL;
  guint64 crossings;

  *ok = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) tok = NULL;
      guint n, count;
      double *pts;
      GArray *poly;
      int from, to;

      if (!g_str_has_prefix (lines[i], "edge "))
        {
          if (g_str_has_prefix (lines[i], "stop"))
            *ok = TRUE;
          continue;
        }
      tok = g_strsplit_set (lines[i], " ", -1);
      count = g_strv_length (tok);
      if (count < 4)
        continue;
      n = (guint) atoi (tok[3]);
      if (count < 4 + 2 * n + 2 || strstr (lines[i], " invis ") != NULL)
        continue;
      /* header and footer of a container stand for the container */
      from = atoi (tok[1] + 1);
      to = atoi (tok[2] + 1);
      pts = g_new (double, 2 * n);
      for (guint k = 0; k < 2 * n; k++)
        pts[k] = g_ascii_strtod (tok[4 + k], NULL) * 72.0;

      poly = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_vals (poly, pts, 2);
      for (guint k = 0; k + 3 < n; k += 3)
        for (int s = 1; s <= 8; s++)
          {
            double t = s / 8.0, u = 1 - t;
            double x = u * u * u * pts[2 * k] + 3 * u * u * t * pts[2 * k + 2] +
                       3 * u * t * t * pts[2 * k + 4] + t * t * t * pts[2 * k + 6];
            double y = u * u * u * pts[2 * k + 1] + 3 * u * u * t * pts[2 * k + 3] +
                       3 * u * t * t * pts[2 * k + 5] + t * t * t * pts[2 * k + 7];

            g_array_append_val (poly, x);
            g_array_append_val (poly, y);
          }
      g_free (pts);
      g_array_append_val (ends, from);
      g_array_append_val (ends, to);
      g_ptr_array_add (polylines, poly);
    }

  lines_out = g_new0 (SwPolyline, MAX (polylines->len, 1));
  for (guint i = 0; i < polylines->len; i++)
    {
      GArray *poly = g_ptr_array_index (polylines, i);

      lines_out[i].points = (const double *) poly->data;
      lines_out[i].n_points = poly->len / 2;
      lines_out[i].from = g_array_index (ends, int, 2 * i);
      lines_out[i].to = g_array_index (ends, int, 2 * i + 1);
    }
  crossings = sw_crossings_count (lines_out, polylines->len);
  for (guint i = 0; i < polylines->len; i++)
    g_array_unref (g_ptr_array_index (polylines, i));
  g_ptr_array_set_free_func (polylines, NULL);
  return crossings;
}

static void
run_dot (Row        *row,
         SwLayout   *layout,
         const char *dot_program,
         guint       timeout,
         const char *keep_dir)
{
  g_autofree char *text = layout_to_dot (layout);
  g_autofree char *dir = g_dir_make_tmp ("sw-bench-XXXXXX", NULL);
  g_autofree char *in = g_build_filename (dir, "graph.dot", NULL);
  g_autofree char *timeout_text = g_strdup_printf ("%u", timeout);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "timeout", timeout_text, dot_program, "-Gnslimit=1", "-Tplain", in,
                         NULL };
  int status = 0;
  double start;

  g_file_set_contents (in, text, -1, NULL);
  if (keep_dir != NULL)
    {
      g_autofree char *base = g_strconcat (row->name, ".dot", NULL);
      g_autofree char *copy = g_build_filename (keep_dir, base, NULL);

      g_file_set_contents (copy, text, -1, NULL);
    }
  start = now_ms ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    {
      row->dot_status = g_strdup (error->message);
      goto out;
    }
  row->dot_ms = now_ms () - start;
  if (WIFEXITED (status) && WEXITSTATUS (status) == 124)
    row->dot_status = g_strdup_printf ("timeout > %u s", timeout);
  else if (!g_spawn_check_wait_status (status, NULL))
    row->dot_status = g_strdup_printf ("failed: %.60s", err ? err : "");
  else
    {
      row->dot_crossings = dot_crossings (out, &row->dot_ok);
      if (!row->dot_ok)
        row->dot_status = g_strdup ("unreadable output");
    }
out:
  g_remove (in);
  g_rmdir (dir);
}

static Row *
measure (const char *name,
         const char *text,
         gsize       length,
         guint       runs,
         const char *dot_program,
         guint       timeout,
         const char *keep_dir)
{
  g_autoptr(SwDiagnostic) parse_error = NULL;
  g_autoptr(SwValue) root = sw_definition_parse (text, length, SW_DEFINITION_FORMAT_JSON,
                                                 &parse_error);
  g_autoptr(SwMachine) machine = NULL;
  g_autoptr(SwLayout) layout = NULL;
  SwLayoutStats stats;
  Row *row = g_new0 (Row, 1);

  row->name = g_strdup (name);
  if (root == NULL)
    {
      row->dot_status = g_strdup ("unreadable");
      return row;
    }
  machine = sw_machine_new (root);
  row->states = count_states (machine);
  row->ours_ms = G_MAXDOUBLE;
  for (guint r = 0; r < runs; r++)
    {
      double start = now_ms ();

      g_clear_object (&layout);
      layout = sw_layout_new (machine, NULL);
      row->ours_ms = MIN (row->ours_ms, now_ms () - start);
    }
  sw_layout_get_stats (layout, &stats);
  row->nodes = stats.n_nodes;
  row->edges = stats.n_edges;
  row->ours_crossings = stats.crossings;
  row->ours_width = stats.width;
  row->ours_height = stats.height;
  if (dot_program != NULL)
    run_dot (row, layout, dot_program, timeout, keep_dir);
  return row;
}

static char *
generate (const char *gen,
          guint       n)
{
  g_autofree char *count = g_strdup_printf ("%u", n);
  const char *argv[] = { gen, count, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-diagram: cannot run %s: %s\n", gen, error->message);
      exit (2);
    }
  return out;
}

static void
print_row (const Row *row)
{
  g_autofree char *dot = NULL;
  g_autofree char *dot_crossings_text = NULL;

  if (row->dot_status != NULL)
    {
      dot = g_strdup (row->dot_status);
      dot_crossings_text = g_strdup ("-");
    }
  else
    {
      dot = g_strdup_printf ("%.1f ms", row->dot_ms);
      dot_crossings_text = g_strdup_printf ("%" G_GUINT64_FORMAT, row->dot_crossings);
    }
  printf ("%-40.40s %6u %6u %6u %10.2f ms %9" G_GUINT64_FORMAT " | %18s %9s\n",
          row->name, row->states, row->nodes, row->edges, row->ours_ms, row->ours_crossings,
          dot, dot_crossings_text);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *gen = NULL;
  g_autofree char *dot = g_strdup ("dot");
  g_autofree char *sizes_text = g_strdup ("100,1000,5000");
  g_autofree char *keep_dir = NULL;
  g_auto(GStrv) example_dirs = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GError) error = NULL;
  gboolean no_dot = FALSE;
  int runs = 5, timeout = 600;
  guint64 ours_total = 0, dot_total = 0;
  guint compared = 0;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "gen", 0, 0, G_OPTION_ARG_FILENAME, &gen, "gen-machine executable", "PATH" },
    { "dot", 0, 0, G_OPTION_ARG_FILENAME, &dot, "Graphviz dot executable", "PATH" },
    { "no-dot", 0, 0, G_OPTION_ARG_NONE, &no_dot, "Time our layout only", NULL },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "Generated sizes", "A,B,C" },
    { "examples", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &example_dirs,
      "A folder of *.asl.json examples (repeatable)", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Best of N layouts", "N" },
    { "dot-timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Give up on dot after", "SECONDS" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep_dir, "Keep the DOT graphs here", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("- time the diagram layout beside Graphviz dot");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || gen == NULL)
    {
      g_printerr ("bench-diagram: %s\n", error ? error->message : "--gen is required");
      return 2;
    }
  if (no_dot || g_find_program_in_path (dot) == NULL)
    {
      if (!no_dot)
        printf ("Graphviz dot not found (Debian: apt install graphviz); timing ours only\n");
      g_clear_pointer (&dot, g_free);
    }
  if (keep_dir != NULL)
    g_mkdir_with_parents (keep_dir, 0755);

  printf ("%-40s %6s %6s %6s %13s %9s | %18s %9s\n", "graph", "states", "nodes", "edges",
          "ours", "crossings", "dot -Gnslimit=1", "crossings");

  sizes = g_strsplit (sizes_text, ",", -1);
  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint n = (guint) atoi (sizes[i]);
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      Row *row;

      if (n == 0)
        continue;
      text = generate (gen, n);
      name = g_strdup_printf ("generated-%u", n);
      row = measure (name, text, strlen (text), (guint) runs, dot, (guint) timeout, keep_dir);
      print_row (row);
      fflush (stdout);
      if (n == 1000 && row->ours_ms >= TARGET_1000_MS)
        {
          printf ("  MISSED: 1,000 states took %.1f ms (target < %.0f ms)\n", row->ours_ms,
                  TARGET_1000_MS);
          ok = FALSE;
        }
      if (n == 5000 && row->ours_ms >= TARGET_5000_MS)
        {
          printf ("  MISSED: 5,000 states took %.1f ms (target < %.0f ms)\n", row->ours_ms,
                  TARGET_5000_MS);
          ok = FALSE;
        }
      g_ptr_array_add (rows, row);
    }

  for (guint d = 0; example_dirs != NULL && example_dirs[d] != NULL; d++)
    {
      g_autoptr(GDir) dir = g_dir_open (example_dirs[d], 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *entry;

      if (dir == NULL)
        {
          g_printerr ("bench-diagram: %s\n", error->message);
          return 2;
        }
      while ((entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (entry, ".asl.json"))
          g_ptr_array_add (names, g_strdup (entry));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          const char *base = g_ptr_array_index (names, i);
          g_autofree char *path = g_build_filename (example_dirs[d], base, NULL);
          g_autofree char *text = NULL;
          gsize length;
          Row *row;

          if (!g_file_get_contents (path, &text, &length, NULL))
            continue;
          row = measure (base, text, length, (guint) runs, dot, (guint) timeout, keep_dir);
          print_row (row);
          g_ptr_array_add (rows, row);
        }
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);

      if (row->dot_status != NULL || dot == NULL)
        continue;
      compared++;
      ours_total += row->ours_crossings;
      dot_total += row->dot_crossings;
    }
  if (dot != NULL)
    {
      printf ("\ncrossings on the %u graphs dot finished: ours %" G_GUINT64_FORMAT
              ", dot %" G_GUINT64_FORMAT "\n", compared, ours_total, dot_total);
      if (ours_total > dot_total)
        {
          printf ("  MISSED: more crossings than dot -Gnslimit=1\n");
          ok = FALSE;
        }
    }
  printf ("%s\n", ok ? "all targets met" : "some targets missed");
  return ok ? 0 : 1;
}
