/* sw-layered.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A layered drawing in the manner of Sugiyama, Tagawa and Toda:
 *
 *  1. cycles are broken by reversing the back edges of a depth-first search that follows
 *     edges in the order given (the authored order of transitions);
 *  2. layers by longest path, with sources pulled down next to their successors;
 *  3. edges spanning several layers get dummy nodes, and long edges into one target that
 *     share a class share one trunk of dummies (edge concentration), so a hundred Catch
 *     edges into one Fail state are one line, not a hundred;
 *  4. back edges get a port dummy beside each end and are drawn around the right side;
 *  5. crossings are reduced by barycenter sweeps with adjacent transpositions, counted
 *     exactly with the accumulator tree of Barth, Jünger and Mutzel;
 *  6. x coordinates by Brandes and Köpf (four alignments, balanced), with the block graph
 *     compaction dagre uses and a final pass that enforces the separations;
 *  7. polylines through the dummies, with labels stacked just above the element their edge
 *     reaches first.
 *
 * Everything is deterministic: ties are broken by index, never by address or hash order. */

#include <math.h>
#include <string.h>

#include "sw-layered-private.h"

typedef enum
{
  LN_REAL,
  LN_DUMMY,
  LN_PORT,
} LKind;

typedef struct
{
  guint8 kind;
  int layer;
  double left;
  double right;
  int owner;            /* LN_PORT: the real node it sits beside */
  guint chain;          /* LN_PORT: layers spanned by its back edge */
  gboolean left_side;   /* LN_PORT: on the left of its owner, not the right */
  double label_stack;   /* height of the labels stacked above it */
  double label_width;
  guint pos;
  guint key;            /* initial order */
  guint up_first, up_n;
  guint down_first, down_n;
  gboolean strong_up;   /* has an edge up that is not secondary */
  gboolean strong_down;
  double x;
} LNode;

typedef struct
{
  guint upper;
  guint lower;
  guint seq;
  gboolean secondary;
} LEdge;

typedef struct
{
  const SwLayeredOptions *opt;
  SwLayeredNode *nodes;
  guint n_nodes;
  SwLayeredEdge *edges;
  guint n_edges;

  GArray *lnodes;       /* LNode */
  GArray *path;         /* guint: lnode indices of every edge's path, top to bottom */
  guint *path_first;
  guint *path_len;
  int *label_elem;      /* lnode carrying the edge's label, or -1 */
  double *label_offset; /* where the label sits in that lnode's stack */
  gboolean *has_loop;

  guint *up;            /* CSR adjacency */
  guint *down;
  guint8 *up_conflict;  /* type 1 conflict on the up entry */
  guint8 *up_secondary; /* the up entry is an edge off the happy path */
  guint8 *down_secondary;

  guint n_layers;
  GPtrArray *layers;    /* GArray of guint per layer */
  guint *ports_first;   /* CSR: ports of each real node, nearest first */
  guint *ports;
} Engine;

#define LN(eng, i) (&g_array_index ((eng)->lnodes, LNode, (i)))

void
_sw_layered_options_init (SwLayeredOptions *options)
{
  options->node_sep = 40;
  options->edge_sep = 16;
  options->rank_sep = 44;
  options->label_sep = 4;
  options->lead = 10;
  options->loop_size = 22;
  options->first = -1;
  options->last = -1;
  options->max_sweeps = 0;
}

static guint
add_lnode (Engine *eng,
           LKind   kind,
           int     layer,
           int     owner)
{
  LNode node = { 0 };

  node.kind = kind;
  node.layer = layer;
  node.owner = owner;
  g_array_append_val (eng->lnodes, node);
  return eng->lnodes->len - 1;
}

/* 1. Cycle breaking: iterative depth-first search, edges in the given order. */
static void
break_cycles (Engine      *eng,
              const guint *out_first,
              const guint *out_edges)
{
  guint n = eng->n_nodes;
  g_autofree guint8 *state = g_new0 (guint8, n);
  g_autofree guint *stack_node = g_new (guint, n);
  g_autofree guint *stack_next = g_new (guint, n);

  for (guint r = 0; r <= n; r++)
    {
      guint root;
      guint depth = 0;

      if (r == 0)
        {
          if (eng->opt->first < 0)
            continue;
          root = (guint) eng->opt->first;
        }
      else
        root = r - 1;
      if (state[root] != 0)
        continue;

      state[root] = 1;
      stack_node[0] = root;
      stack_next[0] = out_first[root];
      depth = 1;
      while (depth > 0)
        {
          guint v = stack_node[depth - 1];

          if (stack_next[depth - 1] < out_first[v + 1])
            {
              guint e = out_edges[stack_next[depth - 1]++];
              guint w = eng->edges[e].target;

              if (state[w] == 1)
                eng->edges[e].back = TRUE;
              else if (state[w] == 0)
                {
                  state[w] = 1;
                  stack_node[depth] = w;
                  stack_next[depth] = out_first[w];
                  depth++;
                }
            }
          else
            {
              state[v] = 2;
              depth--;
            }
        }
    }
}

static inline guint
oriented_source (const SwLayeredEdge *e)
{
  return e->back ? e->target : e->source;
}

static inline guint
oriented_target (const SwLayeredEdge *e)
{
  return e->back ? e->source : e->target;
}

/* 2. Layering by longest path over the acyclic orientation. */
static void
assign_layers (Engine *eng)
{
  guint n = eng->n_nodes;
  int first = eng->opt->first;
  int last = eng->opt->last;
  g_autofree guint *indeg = g_new0 (guint, n);
  g_autofree guint *succ_first = g_new0 (guint, n + 1);
  g_autofree guint *succ = NULL;
  g_autofree guint *fill = g_new0 (guint, n);
  g_autofree guint *order = g_new (guint, n);
  g_autofree guint8 *has_pred = g_new0 (guint8, n);
  guint n_order = 0, head = 0;
  int max_layer = 0;

  for (guint i = 0; i < eng->n_edges; i++)
    {
      const SwLayeredEdge *e = &eng->edges[i];

      if (e->self_loop || (int) oriented_source (e) == first)
        continue;
      succ_first[oriented_source (e) + 1]++;
    }
  for (guint v = 0; v < n; v++)
    succ_first[v + 1] += succ_first[v];
  succ = g_new (guint, MAX (succ_first[n], 1));
  for (guint i = 0; i < eng->n_edges; i++)
    {
      const SwLayeredEdge *e = &eng->edges[i];
      guint s, t;

      if (e->self_loop)
        continue;
      if ((int) oriented_source (e) == first)
        {
          has_pred[oriented_target (e)] = 1;
          continue;
        }
      s = oriented_source (e);
      t = oriented_target (e);
      succ[succ_first[s] + fill[s]++] = t;
      indeg[t]++;
      has_pred[t] = 1;
    }

  /* The first node is laid out apart: everything else starts at 0 and moves down one. */
  for (guint v = 0; v < n; v++)
    {
      eng->nodes[v].layer = 0;
      if ((int) v != first && indeg[v] == 0)
        order[n_order++] = v;
    }
  while (head < n_order)
    {
      guint v = order[head++];

      for (guint k = succ_first[v]; k < succ_first[v + 1]; k++)
        {
          guint w = succ[k];

          eng->nodes[w].layer = MAX (eng->nodes[w].layer, eng->nodes[v].layer + 1);
          if (--indeg[w] == 0)
            order[n_order++] = w;
        }
    }
  g_assert (n_order + (first >= 0 ? 1 : 0) == n);

  /* Sources other than the first sit just above their nearest successor. */
  for (guint i = n_order; i-- > 0;)
    {
      guint v = order[i];
      int lowest = G_MAXINT;

      if (has_pred[v] || succ_first[v] == succ_first[v + 1] || (int) v == last)
        continue;
      for (guint k = succ_first[v]; k < succ_first[v + 1]; k++)
        lowest = MIN (lowest, eng->nodes[succ[k]].layer);
      if (lowest - 1 > eng->nodes[v].layer)
        eng->nodes[v].layer = lowest - 1;
    }

  for (guint v = 0; v < n; v++)
    {
      if (first >= 0)
        eng->nodes[v].layer += (int) v == first ? 0 : 1;
      if ((int) v != last)
        max_layer = MAX (max_layer, eng->nodes[v].layer);
    }
  if (last >= 0 && last != first)
    eng->nodes[last].layer = max_layer + 1;
}

static int
compare_ledge (gconstpointer a,
               gconstpointer b)
{
  const LEdge *x = a, *y = b;

  if (x->upper != y->upper)
    return x->upper < y->upper ? -1 : 1;
  if (x->lower != y->lower)
    return x->lower < y->lower ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

typedef struct
{
  guint first_dummy;
  int min_layer;
} Trunk;

/* 3. and 4. The layered graph: dummies, trunks and ports. */
static void
build_layered_graph (Engine *eng)
{
  g_autoptr(GHashTable) trunks = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                       NULL, g_free);
  g_autoptr(GArray) ledges = g_array_new (FALSE, FALSE, sizeof (LEdge));
  guint n_lnodes;
  guint n_ledges = 0;
  guint *fill;

  for (guint v = 0; v < eng->n_nodes; v++)
    {
      guint i = add_lnode (eng, LN_REAL, eng->nodes[v].layer, (int) v);
      LNode *ln = LN (eng, i);

      ln->left = eng->nodes[v].left;
      ln->right = eng->nodes[v].right;
    }

  /* Trunks: the highest source of each (target, class) first. */
  for (guint i = 0; i < eng->n_edges; i++)
    {
      const SwLayeredEdge *e = &eng->edges[i];
      int ls, lt;
      gpointer key;
      Trunk *trunk;

      if (e->self_loop || e->back || e->bundle == 0)
        continue;
      ls = eng->nodes[e->source].layer;
      lt = eng->nodes[e->target].layer;
      if (lt - ls < 2)
        continue;
      key = GUINT_TO_POINTER (e->target * 16u + MIN (e->bundle, 15u) + 1);
      trunk = g_hash_table_lookup (trunks, key);
      if (trunk == NULL)
        {
          trunk = g_new0 (Trunk, 1);
          trunk->min_layer = ls;
          g_hash_table_insert (trunks, key, trunk);
        }
      trunk->min_layer = MIN (trunk->min_layer, ls);
    }
  /* Trunk dummies are created in edge order, so that their indices are deterministic. */
  for (guint i = 0; i < eng->n_edges; i++)
    {
      const SwLayeredEdge *e = &eng->edges[i];
      Trunk *trunk;
      int lt;

      if (e->self_loop || e->back || e->bundle == 0)
        continue;
      trunk = g_hash_table_lookup (trunks,
                                   GUINT_TO_POINTER (e->target * 16u +
                                                     MIN (e->bundle, 15u) + 1));
      if (trunk == NULL || trunk->first_dummy != 0)
        continue;
      lt = eng->nodes[e->target].layer;
      trunk->first_dummy = eng->lnodes->len;
      for (int l = trunk->min_layer + 1; l < lt; l++)
        add_lnode (eng, LN_DUMMY, l, -1);
    }

  eng->path_first = g_new0 (guint, eng->n_edges);
  eng->path_len = g_new0 (guint, eng->n_edges);
  for (guint i = 0; i < eng->n_edges; i++)
    {
      SwLayeredEdge *e = &eng->edges[i];
      guint start = eng->path->len;

      eng->path_first[i] = start;
      if (e->self_loop)
        continue;

      if (!e->back)
        {
          int ls = eng->nodes[e->source].layer;
          int lt = eng->nodes[e->target].layer;
          Trunk *trunk = NULL;

          g_array_append_val (eng->path, e->source);
          if (e->bundle != 0 && lt - ls >= 2)
            trunk = g_hash_table_lookup (trunks,
                                         GUINT_TO_POINTER (e->target * 16u +
                                                           MIN (e->bundle, 15u) + 1));
          for (int l = ls + 1; l < lt; l++)
            {
              guint d;

              if (trunk != NULL)
                d = trunk->first_dummy + (guint) (l - trunk->min_layer - 1);
              else
                d = add_lnode (eng, LN_DUMMY, l, -1);
              g_array_append_val (eng->path, d);
            }
          g_array_append_val (eng->path, e->target);
        }
      else
        {
          int lv = eng->nodes[e->target].layer;
          int lu = eng->nodes[e->source].layer;
          guint pv = add_lnode (eng, LN_PORT, lv, (int) e->target);
          guint pu;

          LN (eng, pv)->chain = (guint) (lu - lv);
          g_array_append_val (eng->path, pv);
          for (int l = lv + 1; l < lu; l++)
            {
              guint d = add_lnode (eng, LN_DUMMY, l, -1);

              g_array_append_val (eng->path, d);
            }
          pu = add_lnode (eng, LN_PORT, lu, (int) e->source);
          LN (eng, pu)->chain = (guint) (lu - lv);
          g_array_append_val (eng->path, pu);
        }
      eng->path_len[i] = eng->path->len - start;

      for (guint k = start + 1; k < eng->path->len; k++)
        {
          LEdge le = {
            g_array_index (eng->path, guint, k - 1),
            g_array_index (eng->path, guint, k),
            n_ledges++,
            e->secondary,
          };

          g_array_append_val (ledges, le);
        }
    }

  /* Labels stack above the element the edge reaches first (the port, for a back edge). */
  eng->label_elem = g_new (int, eng->n_edges);
  eng->label_offset = g_new0 (double, eng->n_edges);
  for (guint i = 0; i < eng->n_edges; i++)
    {
      SwLayeredEdge *e = &eng->edges[i];
      LNode *ln;
      guint elem;

      eng->label_elem[i] = -1;
      if (e->label_width <= 0 || e->self_loop || eng->path_len[i] < 2)
        continue;
      if (!e->back)
        elem = g_array_index (eng->path, guint, eng->path_first[i] + 1);
      else
        elem = g_array_index (eng->path, guint, eng->path_first[i] + eng->path_len[i] - 1);
      ln = LN (eng, elem);
      eng->label_elem[i] = (int) elem;
      eng->label_offset[i] = ln->label_stack;
      ln->label_stack += e->label_height + eng->opt->label_sep;
      ln->label_width = MAX (ln->label_width, e->label_width);
    }
  for (guint i = 0; i < eng->lnodes->len; i++)
    {
      LNode *ln = LN (eng, i);

      if (ln->label_width > 0)
        {
          ln->left = MAX (ln->left, ln->label_width / 2);
          ln->right = MAX (ln->right, ln->label_width / 2);
        }
    }
  for (guint i = 0; i < eng->n_edges; i++)
    {
      const SwLayeredEdge *e = &eng->edges[i];

      if (e->self_loop)
        {
          LNode *ln = LN (eng, e->source);

          /* Room for the loop and its label on the right. */
          ln->right = MAX (ln->right, eng->nodes[e->source].right + eng->opt->loop_size +
                           (e->label_width > 0 ? e->label_width + 6 : 0));
        }
    }

  /* Adjacency, without duplicate edges, each list in creation order. */
  g_array_sort (ledges, compare_ledge);
  {
    guint out = 0;

    for (guint k = 0; k < ledges->len; k++)
      {
        LEdge *le = &g_array_index (ledges, LEdge, k);

        if (out > 0 && g_array_index (ledges, LEdge, out - 1).upper == le->upper &&
            g_array_index (ledges, LEdge, out - 1).lower == le->lower)
          {
            g_array_index (ledges, LEdge, out - 1).secondary &= le->secondary;
            continue;
          }
        g_array_index (ledges, LEdge, out++) = *le;
      }
    g_array_set_size (ledges, out);
  }

  n_lnodes = eng->lnodes->len;
  for (guint k = 0; k < ledges->len; k++)
    {
      LEdge *le = &g_array_index (ledges, LEdge, k);

      LN (eng, le->upper)->down_n++;
      LN (eng, le->lower)->up_n++;
    }
  {
    guint up = 0, down = 0;

    for (guint i = 0; i < n_lnodes; i++)
      {
        LNode *ln = LN (eng, i);

        ln->up_first = up;
        ln->down_first = down;
        up += ln->up_n;
        down += ln->down_n;
      }
  }
  eng->up = g_new (guint, MAX (ledges->len, 1));
  eng->down = g_new (guint, MAX (ledges->len, 1));
  eng->up_conflict = g_new0 (guint8, MAX (ledges->len, 1));
  eng->up_secondary = g_new0 (guint8, MAX (ledges->len, 1));
  eng->down_secondary = g_new0 (guint8, MAX (ledges->len, 1));
  {
    g_autofree guint *up_seq = g_new (guint, MAX (ledges->len, 1));
    g_autofree guint *down_seq = g_new (guint, MAX (ledges->len, 1));
    g_autofree guint *up_fill = g_new0 (guint, n_lnodes);

    fill = g_new0 (guint, n_lnodes);
    for (guint k = 0; k < ledges->len; k++)
      {
        LEdge *le = &g_array_index (ledges, LEdge, k);
        LNode *u = LN (eng, le->upper);
        LNode *l = LN (eng, le->lower);
        guint j;

        /* insertion by sequence number keeps each list in creation order */
        j = u->down_first + fill[le->upper]++;
        while (j > u->down_first && down_seq[j - 1] > le->seq)
          {
            eng->down[j] = eng->down[j - 1];
            eng->down_secondary[j] = eng->down_secondary[j - 1];
            down_seq[j] = down_seq[j - 1];
            j--;
          }
        eng->down[j] = le->lower;
        eng->down_secondary[j] = le->secondary;
        down_seq[j] = le->seq;

        j = l->up_first + up_fill[le->lower]++;
        while (j > l->up_first && up_seq[j - 1] > le->seq)
          {
            eng->up[j] = eng->up[j - 1];
            eng->up_secondary[j] = eng->up_secondary[j - 1];
            up_seq[j] = up_seq[j - 1];
            j--;
          }
        eng->up[j] = le->upper;
        eng->up_secondary[j] = le->secondary;
        up_seq[j] = le->seq;
        u->strong_down |= !le->secondary;
        l->strong_up |= !le->secondary;
      }
    g_free (fill);
  }

  /* Ports of each real node, nearest (shortest loop) first. */
  eng->ports_first = g_new0 (guint, eng->n_nodes + 1);
  for (guint i = eng->n_nodes; i < n_lnodes; i++)
    if (LN (eng, i)->kind == LN_PORT)
      eng->ports_first[LN (eng, i)->owner + 1]++;
  for (guint v = 0; v < eng->n_nodes; v++)
    eng->ports_first[v + 1] += eng->ports_first[v];
  eng->ports = g_new (guint, MAX (eng->ports_first[eng->n_nodes], 1));
  {
    g_autofree guint *pfill = g_new0 (guint, eng->n_nodes);

    for (guint i = eng->n_nodes; i < n_lnodes; i++)
      {
        LNode *ln = LN (eng, i);
        guint base, j;

        if (ln->kind != LN_PORT)
          continue;
        base = eng->ports_first[ln->owner];
        j = base + pfill[ln->owner]++;
        while (j > base && LN (eng, eng->ports[j - 1])->chain > ln->chain)
          {
            eng->ports[j] = eng->ports[j - 1];
            j--;
          }
        eng->ports[j] = i;
      }
  }
}

/* Lays a layer out anew from sorted non-port nodes, each real node between its ports: the
 * nearest (shortest loop) next to it, so that nested loops do not cross. */
static void
attach_ports (Engine *eng,
              GArray *layer,
              GArray *sorted)
{
  g_array_set_size (layer, 0);
  for (guint k = 0; k < sorted->len; k++)
    {
      guint v = g_array_index (sorted, guint, k);

      if (v < eng->n_nodes)
        for (guint p = eng->ports_first[v + 1]; p-- > eng->ports_first[v];)
          if (LN (eng, eng->ports[p])->left_side)
            g_array_append_val (layer, eng->ports[p]);
      g_array_append_val (layer, v);
      if (v < eng->n_nodes)
        for (guint p = eng->ports_first[v]; p < eng->ports_first[v + 1]; p++)
          if (!LN (eng, eng->ports[p])->left_side)
            g_array_append_val (layer, eng->ports[p]);
    }
  for (guint k = 0; k < layer->len; k++)
    LN (eng, g_array_index (layer, guint, k))->pos = k;
}

static void
init_order (Engine *eng)
{
  guint n_lnodes = eng->lnodes->len;
  g_autofree guint8 *seen = g_new0 (guint8, n_lnodes);
  g_autofree guint *stack = g_new (guint, n_lnodes + 1);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (guint));
  guint key = 0;

  eng->n_layers = 0;
  for (guint i = 0; i < n_lnodes; i++)
    eng->n_layers = MAX (eng->n_layers, (guint) LN (eng, i)->layer + 1);
  eng->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint l = 0; l < eng->n_layers; l++)
    g_ptr_array_add (eng->layers, g_array_new (FALSE, FALSE, sizeof (guint)));

  /* Depth-first along the edges in authored order: the first transition goes left. */
  for (guint r = 0; r <= n_lnodes; r++)
    {
      guint root, depth = 0;

      if (r == 0)
        {
          if (eng->opt->first < 0)
            continue;
          root = (guint) eng->opt->first;
        }
      else
        root = r - 1;
      if (seen[root])
        continue;
      seen[root] = 1;
      stack[depth++] = root;
      while (depth > 0)
        {
          guint v = stack[--depth];
          LNode *ln = LN (eng, v);

          ln->key = key++;
          for (guint k = ln->down_first + ln->down_n; k-- > ln->down_first;)
            if (!seen[eng->down[k]])
              {
                seen[eng->down[k]] = 1;
                stack[depth++] = eng->down[k];
              }
        }
    }

  for (guint i = 0; i < n_lnodes; i++)
    {
      LNode *ln = LN (eng, i);

      if (ln->kind != LN_PORT)
        g_array_append_val (g_ptr_array_index (eng->layers, ln->layer), i);
    }
  for (guint l = 0; l < eng->n_layers; l++)
    {
      GArray *layer = g_ptr_array_index (eng->layers, l);

      g_array_set_size (sorted, 0);
      g_array_append_vals (sorted, layer->data, layer->len);
      for (guint a = 1; a < sorted->len; a++)
        {
          guint v = g_array_index (sorted, guint, a);
          guint b = a;

          while (b > 0 && LN (eng, g_array_index (sorted, guint, b - 1))->key > LN (eng, v)->key)
            {
              g_array_index (sorted, guint, b) = g_array_index (sorted, guint, b - 1);
              b--;
            }
          g_array_index (sorted, guint, b) = v;
        }
      attach_ports (eng, layer, sorted);
    }
}

/* Crossings between layer l and l + 1, by the accumulator tree. */
static guint64
count_layer_crossings (Engine *eng,
                       guint   l,
                       guint  *tree,
                       guint  *buffer)
{
  GArray *upper = g_ptr_array_index (eng->layers, l);
  GArray *lower = g_ptr_array_index (eng->layers, l + 1);
  guint first_index = 1;
  guint tree_size;
  guint64 crossings = 0;

  while (first_index < lower->len)
    first_index *= 2;
  tree_size = 2 * first_index - 1;
  first_index -= 1;
  memset (tree, 0, tree_size * sizeof (guint));

  for (guint k = 0; k < upper->len; k++)
    {
      LNode *u = LN (eng, g_array_index (upper, guint, k));
      guint n = 0;

      for (guint j = 0; j < u->down_n; j++)
        {
          guint p = LN (eng, eng->down[u->down_first + j])->pos;
          guint a = n++;

          while (a > 0 && buffer[a - 1] > p)
            {
              buffer[a] = buffer[a - 1];
              a--;
            }
          buffer[a] = p;
        }
      for (guint j = 0; j < n; j++)
        {
          guint index = buffer[j] + first_index;

          tree[index]++;
          while (index > 0)
            {
              if (index % 2 == 1)
                crossings += tree[index + 1];
              index = (index - 1) / 2;
              tree[index]++;
            }
        }
    }
  return crossings;
}

static guint64
count_all_crossings (Engine *eng,
                     guint  *tree,
                     guint  *buffer)
{
  guint64 total = 0;

  for (guint l = 0; l + 1 < eng->n_layers; l++)
    total += count_layer_crossings (eng, l, tree, buffer);
  return total;
}

typedef struct
{
  guint node;
  double bary;
} Sortable;

static int
compare_sortable (gconstpointer a,
                  gconstpointer b)
{
  const Sortable *x = a, *y = b;

  if (x->bary != y->bary)
    return x->bary < y->bary ? -1 : 1;
  return x->node < y->node ? -1 : x->node > y->node;
}

/* One layer ordered by the barycenters of its neighbours in the fixed layer; nodes without
 * neighbours there keep their places. */
static void
sort_layer (Engine  *eng,
            guint    l,
            gboolean use_up,
            GArray  *scratch,
            GArray  *sorted)
{
  GArray *layer = g_ptr_array_index (eng->layers, l);
  g_autofree gboolean *fixed = NULL;
  guint n = 0, next = 0;

  g_array_set_size (scratch, 0);
  g_array_set_size (sorted, 0);
  for (guint k = 0; k < layer->len; k++)
    {
      guint v = g_array_index (layer, guint, k);
      LNode *ln = LN (eng, v);
      guint first = use_up ? ln->up_first : ln->down_first;
      guint count = use_up ? ln->up_n : ln->down_n;
      const guint *adj = use_up ? eng->up : eng->down;
      Sortable s = { v, -1 };

      if (ln->kind == LN_PORT)
        continue;
      g_array_append_val (sorted, v);
      if (count > 0)
        {
          double sum = 0;

          for (guint j = 0; j < count; j++)
            sum += LN (eng, adj[first + j])->pos;
          s.bary = sum / count;
          g_array_append_val (scratch, s);
        }
      n++;
    }

  fixed = g_new0 (gboolean, n);
  for (guint k = 0; k < n; k++)
    {
      LNode *ln = LN (eng, g_array_index (sorted, guint, k));

      fixed[k] = (use_up ? ln->up_n : ln->down_n) == 0;
    }
  g_array_sort (scratch, compare_sortable);
  for (guint k = 0; k < n; k++)
    if (!fixed[k])
      g_array_index (sorted, guint, k) = g_array_index (scratch, Sortable, next++).node;
  attach_ports (eng, layer, sorted);
}

static inline gboolean
has_ports (Engine *eng,
           guint   v)
{
  return v < eng->n_nodes && eng->ports_first[v + 1] > eng->ports_first[v];
}

/* Crossings between the edges of v and w on one side, as they are (gt) and swapped (lt). */
static void
pair_crossings (Engine      *eng,
                const guint *adj,
                guint        v_first,
                guint        v_n,
                guint        w_first,
                guint        w_n,
                guint64     *gt,
                guint64     *lt)
{
  for (guint a = 0; a < v_n; a++)
    {
      guint pa = LN (eng, adj[v_first + a])->pos;

      for (guint b = 0; b < w_n; b++)
        {
          guint pb = LN (eng, adj[w_first + b])->pos;

          if (pa > pb)
            (*gt)++;
          else if (pa < pb)
            (*lt)++;
        }
    }
}

static gboolean
transpose (Engine *eng)
{
  gboolean any = FALSE;

  for (guint round = 0; round < 6; round++)
    {
      gboolean improved = FALSE;

      for (guint l = 0; l < eng->n_layers; l++)
        {
          GArray *layer = g_ptr_array_index (eng->layers, l);

          for (guint k = 0; k + 1 < layer->len; k++)
            {
              guint v = g_array_index (layer, guint, k);
              guint w = g_array_index (layer, guint, k + 1);
              LNode *lv = LN (eng, v), *lw = LN (eng, w);
              guint64 gt = 0, lt = 0;

              if (lv->kind == LN_PORT || lw->kind == LN_PORT ||
                  has_ports (eng, v) || has_ports (eng, w))
                continue;
              if ((guint64) (lv->up_n + lv->down_n) * (lw->up_n + lw->down_n) > 4096)
                continue;
              pair_crossings (eng, eng->up, lv->up_first, lv->up_n, lw->up_first, lw->up_n,
                              &gt, &lt);
              pair_crossings (eng, eng->down, lv->down_first, lv->down_n,
                              lw->down_first, lw->down_n, &gt, &lt);
              if (lt < gt)
                {
                  g_array_index (layer, guint, k) = w;
                  g_array_index (layer, guint, k + 1) = v;
                  lw->pos = k;
                  lv->pos = k + 1;
                  improved = TRUE;
                }
            }
        }
      if (!improved)
        break;
      any = TRUE;
    }
  return any;
}

static void
save_order (Engine *eng,
            guint  *saved)
{
  for (guint i = 0; i < eng->lnodes->len; i++)
    saved[i] = LN (eng, i)->pos;
}

static int
compare_by_pos (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  Engine *eng = data;
  guint pa = LN (eng, *(const guint *) a)->pos;
  guint pb = LN (eng, *(const guint *) b)->pos;

  return pa < pb ? -1 : pa > pb;
}

static void
restore_order (Engine      *eng,
               const guint *saved)
{
  for (guint i = 0; i < eng->lnodes->len; i++)
    LN (eng, i)->pos = saved[i];
  for (guint l = 0; l < eng->n_layers; l++)
    {
      GArray *layer = g_ptr_array_index (eng->layers, l);

      g_array_sort_with_data (layer, compare_by_pos, eng);
    }
}

static void
reattach_layer (Engine *eng,
                guint   l,
                GArray *sorted)
{
  GArray *layer = g_ptr_array_index (eng->layers, l);

  g_array_set_size (sorted, 0);
  for (guint k = 0; k < layer->len; k++)
    if (LN (eng, g_array_index (layer, guint, k))->kind != LN_PORT)
      g_array_append_val (sorted, g_array_index (layer, guint, k));
  attach_ports (eng, layer, sorted);
}

/* 5. Crossing reduction. */
static guint64
reduce_crossings (Engine *eng)
{
  guint n_lnodes = eng->lnodes->len;
  guint max_width = 1;
  g_autofree guint *tree = NULL;
  g_autofree guint *buffer = NULL;
  g_autofree guint *best_order = g_new (guint, n_lnodes);
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (Sortable));
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 best, current;
  guint max_sweeps = eng->opt->max_sweeps;
  guint max_degree = 1;
  guint stale = 0;

  for (guint l = 0; l < eng->n_layers; l++)
    max_width = MAX (max_width, ((GArray *) g_ptr_array_index (eng->layers, l))->len);
  for (guint i = 0; i < n_lnodes; i++)
    max_degree = MAX (max_degree, LN (eng, i)->down_n);
  tree = g_new (guint, 4 * max_width + 2);
  buffer = g_new (guint, max_degree + 1);
  if (max_sweeps == 0)
    max_sweeps = n_lnodes > 40000 ? 4 : n_lnodes > 8000 ? 8 : 16;

  transpose (eng);
  best = count_all_crossings (eng, tree, buffer);
  save_order (eng, best_order);

  for (guint sweep = 0; sweep < max_sweeps && best > 0; sweep++)
    {
      if (sweep % 2 == 0)
        for (guint l = 1; l < eng->n_layers; l++)
          sort_layer (eng, l, TRUE, scratch, sorted);
      else
        for (guint l = eng->n_layers - 1; l-- > 0;)
          sort_layer (eng, l, FALSE, scratch, sorted);
      transpose (eng);

      current = count_all_crossings (eng, tree, buffer);
      if (current < best)
        {
          best = current;
          save_order (eng, best_order);
          stale = 0;
        }
      else if (++stale >= 4)
        break;
    }
  restore_order (eng, best_order);

  /* Each loop goes around the side, left or right, where it crosses less: flip its two
   * ports, let the sweeps move its dummies after them, keep what crosses less. */
  for (guint i = 0, tried = 0; i < eng->n_edges && best > 0 && tried < 32 &&
                                n_lnodes < 20000; i++)
    {
      const SwLayeredEdge *e = &eng->edges[i];
      LNode *pv, *pu;

      if (!e->back || e->self_loop || eng->path_len[i] < 2)
        continue;
      tried++;
      pv = LN (eng, g_array_index (eng->path, guint, eng->path_first[i]));
      pu = LN (eng, g_array_index (eng->path, guint, eng->path_first[i] + eng->path_len[i] - 1));
      pv->left_side = pu->left_side = !pu->left_side;
      for (guint l = 0; l < eng->n_layers; l++)
        reattach_layer (eng, l, sorted);
      for (guint sweep = 0; sweep < 4; sweep++)
        {
          if (sweep % 2 == 0)
            for (guint l = 1; l < eng->n_layers; l++)
              sort_layer (eng, l, TRUE, scratch, sorted);
          else
            for (guint l = eng->n_layers - 1; l-- > 0;)
              sort_layer (eng, l, FALSE, scratch, sorted);
          transpose (eng);
        }
      current = count_all_crossings (eng, tree, buffer);
      if (current < best)
        {
          best = current;
          save_order (eng, best_order);
        }
      else
        {
          pv->left_side = pu->left_side = !pu->left_side;
          restore_order (eng, best_order);
        }
    }
  return best;
}

/* 6. Brandes–Köpf. */

static inline gboolean
is_dummy (Engine *eng,
          guint   v)
{
  return LN (eng, v)->kind != LN_REAL;
}

static void
mark_type1_conflicts (Engine *eng)
{
  for (guint l = 1; l < eng->n_layers; l++)
    {
      GArray *prev = g_ptr_array_index (eng->layers, l - 1);
      GArray *layer = g_ptr_array_index (eng->layers, l);
      guint k0 = 0, scan = 0;

      for (guint i = 0; i < layer->len; i++)
        {
          guint v = g_array_index (layer, guint, i);
          LNode *lv = LN (eng, v);
          int w = -1;
          guint k1;

          if (is_dummy (eng, v))
            for (guint j = 0; j < lv->up_n; j++)
              if (is_dummy (eng, eng->up[lv->up_first + j]))
                {
                  w = (int) eng->up[lv->up_first + j];
                  break;
                }
          k1 = w >= 0 ? LN (eng, w)->pos : prev->len;
          if (w >= 0 || i + 1 == layer->len)
            {
              for (; scan <= i; scan++)
                {
                  guint s = g_array_index (layer, guint, scan);
                  LNode *ls = LN (eng, s);

                  for (guint j = 0; j < ls->up_n; j++)
                    {
                      guint u = eng->up[ls->up_first + j];
                      guint upos = LN (eng, u)->pos;

                      if ((upos < k0 || k1 < upos) && !(is_dummy (eng, u) && is_dummy (eng, s)))
                        eng->up_conflict[ls->up_first + j] = 1;
                    }
                }
              k0 = k1;
            }
        }
    }
}

static gboolean
has_conflict (Engine *eng,
              guint   upper,
              guint   lower)
{
  LNode *ln = LN (eng, lower);

  for (guint j = 0; j < ln->up_n; j++)
    if (eng->up[ln->up_first + j] == upper)
      return eng->up_conflict[ln->up_first + j];
  return FALSE;
}

static double
separation (Engine *eng,
            guint   left,
            guint   right)
{
  LNode *a = LN (eng, left), *b = LN (eng, right);
  double gap;

  if (a->kind == LN_REAL && b->kind == LN_REAL)
    gap = eng->opt->node_sep;
  else
    gap = eng->opt->edge_sep;
  return a->right + b->left + gap;
}

typedef struct
{
  guint from;
  guint to;
  double sep;
} BlockEdge;

static void
bk_alignment (Engine  *eng,
              gboolean down,
              gboolean rightwards,
              double  *xs)
{
  guint n = eng->lnodes->len;
  g_autofree guint *root = g_new (guint, n);
  g_autofree guint *align = g_new (guint, n);
  g_autofree guint *ws = NULL;
  g_autoptr(GArray) bedges = g_array_new (FALSE, FALSE, sizeof (BlockEdge));
  g_autofree guint *indeg = g_new0 (guint, n);
  g_autofree guint *out_first = g_new0 (guint, n + 1);
  g_autofree guint *out = NULL;
  g_autofree guint *order = g_new (guint, n);
  guint max_degree = 1, n_order = 0, head = 0;

  for (guint i = 0; i < n; i++)
    {
      LNode *ln = LN (eng, i);

      root[i] = align[i] = i;
      max_degree = MAX (max_degree, MAX (ln->up_n, ln->down_n));
    }
  ws = g_new (guint, max_degree);

  /* Vertical alignment with the median neighbours. */
  for (guint li = 0; li < eng->n_layers; li++)
    {
      guint l = down ? eng->n_layers - 1 - li : li;
      GArray *layer = g_ptr_array_index (eng->layers, l);
      int r = -1;

      for (guint ki = 0; ki < layer->len; ki++)
        {
          guint k = rightwards ? layer->len - 1 - ki : ki;
          guint v = g_array_index (layer, guint, k);
          LNode *ln = LN (eng, v);
          guint first = down ? ln->down_first : ln->up_first;
          guint d = down ? ln->down_n : ln->up_n;
          const guint *adj = down ? eng->down : eng->up;
          guint other_len;

          const guint8 *secondary = down ? eng->down_secondary : eng->up_secondary;
          gboolean v_strong = down ? ln->strong_down : ln->strong_up;
          guint n_ws = 0;

          if (d == 0)
            continue;
          other_len = ((GArray *) g_ptr_array_index (eng->layers,
                                                     down ? l + 1 : l - 1))->len;
          for (guint j = 0; j < d; j++)
            {
              guint w = adj[first + j];
              guint pw = rightwards ? other_len - 1 - LN (eng, w)->pos : LN (eng, w)->pos;
              guint a = n_ws;

              /* The happy path goes straight: an edge off it (a Catch) is a candidate only
               * when neither end has another. */
              if (secondary[first + j] &&
                  (v_strong || (down ? LN (eng, w)->strong_up : LN (eng, w)->strong_down)))
                continue;
              n_ws++;

              while (a > 0)
                {
                  guint prev = ws[a - 1];
                  guint pp = rightwards ? other_len - 1 - LN (eng, prev)->pos
                                        : LN (eng, prev)->pos;

                  if (pp <= pw)
                    break;
                  ws[a] = ws[a - 1];
                  a--;
                }
              ws[a] = w;
            }
          if (n_ws == 0)
            continue;
          d = n_ws;
          for (guint m = (d - 1) / 2; m <= d / 2; m++)
            {
              guint w = ws[m];
              int pw = (int) (rightwards ? other_len - 1 - LN (eng, w)->pos : LN (eng, w)->pos);
              gboolean conflict = down ? has_conflict (eng, v, w) : has_conflict (eng, w, v);

              if (align[v] == v && r < pw && !conflict)
                {
                  align[w] = v;
                  root[v] = root[w];
                  align[v] = root[v];
                  r = pw;
                }
            }
        }
    }

  /* Horizontal compaction over the block graph. */
  for (guint l = 0; l < eng->n_layers; l++)
    {
      GArray *layer = g_ptr_array_index (eng->layers, l);

      for (guint ki = 1; ki < layer->len; ki++)
        {
          guint k = rightwards ? layer->len - 1 - ki : ki;
          guint v = g_array_index (layer, guint, k);
          guint u = g_array_index (layer, guint, rightwards ? k + 1 : k - 1);
          BlockEdge be = { root[u], root[v], 0 };

          be.sep = rightwards ? separation (eng, v, u) : separation (eng, u, v);
          g_array_append_val (bedges, be);
          out_first[be.from + 1]++;
          indeg[be.to]++;
        }
    }
  for (guint i = 0; i < n; i++)
    out_first[i + 1] += out_first[i];
  out = g_new (guint, MAX (bedges->len, 1));
  {
    g_autofree guint *fill = g_new0 (guint, n);

    for (guint k = 0; k < bedges->len; k++)
      {
        BlockEdge *be = &g_array_index (bedges, BlockEdge, k);

        out[out_first[be->from] + fill[be->from]++] = k;
      }
  }
  for (guint i = 0; i < n; i++)
    if (root[i] == i && indeg[i] == 0)
      order[n_order++] = i;
  while (head < n_order)
    {
      guint b = order[head++];

      for (guint k = out_first[b]; k < out_first[b + 1]; k++)
        {
          BlockEdge *be = &g_array_index (bedges, BlockEdge, out[k]);

          if (--indeg[be->to] == 0)
            order[n_order++] = be->to;
        }
    }

  for (guint i = 0; i < n; i++)
    xs[i] = 0;
  for (guint k = 0; k < n_order; k++)
    {
      guint b = order[k];

      for (guint j = out_first[b]; j < out_first[b + 1]; j++)
        {
          BlockEdge *be = &g_array_index (bedges, BlockEdge, out[j]);

          xs[be->to] = MAX (xs[be->to], xs[b] + be->sep);
        }
    }
  for (guint k = n_order; k-- > 0;)
    {
      guint b = order[k];
      double least = G_MAXDOUBLE;

      for (guint j = out_first[b]; j < out_first[b + 1]; j++)
        {
          BlockEdge *be = &g_array_index (bedges, BlockEdge, out[j]);

          least = MIN (least, xs[be->to] - be->sep);
        }
      if (least != G_MAXDOUBLE)
        xs[b] = MAX (xs[b], least);
    }

  for (guint i = 0; i < n; i++)
    xs[i] = xs[root[i]];
  if (rightwards)
    for (guint i = 0; i < n; i++)
      xs[i] = -xs[i];
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
assign_x (Engine *eng)
{
  guint n = eng->lnodes->len;
  double *xss[4];
  double min_x[4], max_x[4], width[4];
  guint smallest = 0;

  mark_type1_conflicts (eng);
  for (guint a = 0; a < 4; a++)
    {
      xss[a] = g_new (double, n);
      bk_alignment (eng, a >= 2, a % 2 == 1, xss[a]);
      min_x[a] = G_MAXDOUBLE;
      max_x[a] = -G_MAXDOUBLE;
      width[a] = 0;
      {
        double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

        for (guint i = 0; i < n; i++)
          {
            LNode *ln = LN (eng, i);

            min_x[a] = MIN (min_x[a], xss[a][i]);
            max_x[a] = MAX (max_x[a], xss[a][i]);
            lo = MIN (lo, xss[a][i] - ln->left);
            hi = MAX (hi, xss[a][i] + ln->right);
          }
        width[a] = hi - lo;
      }
      if (width[a] < width[smallest])
        smallest = a;
    }
  for (guint a = 0; a < 4; a++)
    {
      double delta;

      if (a == smallest || n == 0)
        continue;
      delta = a % 2 == 0 ? min_x[smallest] - min_x[a] : max_x[smallest] - max_x[a];
      for (guint i = 0; i < n; i++)
        xss[a][i] += delta;
    }
  for (guint i = 0; i < n; i++)
    {
      double v[4] = { xss[0][i], xss[1][i], xss[2][i], xss[3][i] };

      qsort (v, 4, sizeof (double), compare_double);
      LN (eng, i)->x = (v[1] + v[2]) / 2;
    }
  for (guint a = 0; a < 4; a++)
    g_free (xss[a]);

  /* Balancing can, rarely, bring two neighbours closer than their separation. */
  for (guint l = 0; l < eng->n_layers; l++)
    {
      GArray *layer = g_ptr_array_index (eng->layers, l);

      for (guint k = 1; k < layer->len; k++)
        {
          guint u = g_array_index (layer, guint, k - 1);
          guint v = g_array_index (layer, guint, k);
          double least = LN (eng, u)->x + separation (eng, u, v);

          if (LN (eng, v)->x < least)
            LN (eng, v)->x = least;
        }
    }
  for (guint i = 0; i < n; i++)
    LN (eng, i)->x = round (LN (eng, i)->x);
}

/* 7. Routing. */

static void
add_point (GArray *points,
           double  x,
           double  y)
{
  g_array_append_val (points, x);
  g_array_append_val (points, y);
}

/* Drops repeated points and the middle of three points on one straight line. */
static guint
simplify (GArray *points,
          guint   first)
{
  guint n = (points->len - first * 2) / 2;
  double *p = &g_array_index (points, double, first * 2);
  guint out = 0;

  for (guint i = 0; i < n; i++)
    {
      double x = p[2 * i], y = p[2 * i + 1];

      if (out > 0 && p[2 * (out - 1)] == x && p[2 * (out - 1) + 1] == y)
        continue;
      if (out >= 2)
        {
          double ax = p[2 * (out - 2)], ay = p[2 * (out - 2) + 1];
          double bx = p[2 * (out - 1)], by = p[2 * (out - 1) + 1];
          double cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
          double dot = (bx - ax) * (x - bx) + (by - ay) * (y - by);

          if (fabs (cross) < 1e-9 && dot >= 0)
            out--;
        }
      p[2 * out] = x;
      p[2 * out + 1] = y;
      out++;
    }
  g_array_set_size (points, (first + out) * 2);
  return out;
}

void
_sw_layered_run (SwLayeredNode          *nodes,
                 guint                   n_nodes,
                 SwLayeredEdge          *edges,
                 guint                   n_edges,
                 const SwLayeredOptions *options,
                 GArray                 *points,
                 SwLayeredResult        *result)
{
  Engine eng_data = { 0 }, *eng = &eng_data;
  g_autofree guint *out_first = g_new0 (guint, n_nodes + 1);
  g_autofree guint *out_edges = NULL;
  g_autofree double *top = NULL;
  g_autofree double *band = NULL;
  g_autofree double *zone = NULL;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint first_point = points->len / 2;

  memset (result, 0, sizeof *result);
  eng->opt = options;
  eng->nodes = nodes;
  eng->n_nodes = n_nodes;
  eng->edges = edges;
  eng->n_edges = n_edges;
  if (n_nodes == 0)
    return;

  eng->lnodes = g_array_new (FALSE, FALSE, sizeof (LNode));
  eng->path = g_array_new (FALSE, FALSE, sizeof (guint));
  eng->has_loop = g_new0 (gboolean, n_nodes);

  for (guint i = 0; i < n_edges; i++)
    {
      SwLayeredEdge *e = &edges[i];

      g_assert (e->source < n_nodes && e->target < n_nodes);
      e->back = FALSE;
      e->self_loop = e->source == e->target;
      e->n_points = 0;
      if (e->self_loop)
        eng->has_loop[e->source] = TRUE;
      else
        out_first[e->source + 1]++;
    }
  for (guint v = 0; v < n_nodes; v++)
    out_first[v + 1] += out_first[v];
  out_edges = g_new (guint, MAX (out_first[n_nodes], 1));
  {
    g_autofree guint *fill = g_new0 (guint, n_nodes);

    for (guint i = 0; i < n_edges; i++)
      if (!edges[i].self_loop)
        out_edges[out_first[edges[i].source] + fill[edges[i].source]++] = i;
  }

  break_cycles (eng, out_first, out_edges);
  /* Nothing leaves the last node downwards or enters the first from above. */
  for (guint i = 0; i < n_edges; i++)
    if ((options->last >= 0 && (int) edges[i].source == options->last) ||
        (options->first >= 0 && (int) edges[i].target == options->first))
      edges[i].back = !edges[i].self_loop;
  assign_layers (eng);
  build_layered_graph (eng);
  init_order (eng);
  result->layer_crossings = (guint) MIN (reduce_crossings (eng), G_MAXUINT);
  assign_x (eng);

  /* y: layer bands, each with a zone above it for the labels stacked there. */
  top = g_new0 (double, eng->n_layers);
  band = g_new0 (double, eng->n_layers);
  zone = g_new0 (double, eng->n_layers);
  for (guint i = 0; i < eng->lnodes->len; i++)
    {
      LNode *ln = LN (eng, i);

      if (ln->kind == LN_REAL)
        band[ln->layer] = MAX (band[ln->layer], nodes[i].height);
      zone[ln->layer] = MAX (zone[ln->layer], ln->label_stack);
    }
  for (guint l = 0; l < eng->n_layers; l++)
    top[l] = l == 0 ? zone[0] : top[l - 1] + band[l - 1] + options->rank_sep + zone[l];
  for (guint v = 0; v < n_nodes; v++)
    {
      nodes[v].x = LN (eng, v)->x;
      nodes[v].y = round (top[nodes[v].layer] + band[nodes[v].layer] / 2);
    }

  for (guint i = 0; i < n_edges; i++)
    {
      SwLayeredEdge *e = &edges[i];
      const guint *path = &g_array_index (eng->path, guint, eng->path_first[i]);
      guint len = eng->path_len[i];
      double lead = options->lead;

      e->first_point = points->len / 2;
      e->label_x = e->label_y = 0;
      if (e->self_loop)
        {
          SwLayeredNode *v = &nodes[e->source];
          double xr = v->x + v->right;
          double dy = MIN (v->height / 4, 12);

          add_point (points, xr, v->y + dy);
          add_point (points, xr + options->loop_size, v->y + dy);
          add_point (points, xr + options->loop_size, v->y - dy);
          add_point (points, xr, v->y - dy);
          e->label_x = xr + options->loop_size + 4 + e->label_width / 2;
          e->label_y = v->y;
        }
      else if (!e->back)
        {
          SwLayeredNode *s = &nodes[e->source];
          SwLayeredNode *t = &nodes[e->target];
          double bottom = s->y + s->height / 2;
          double t_top = t->y - t->height / 2;

          add_point (points, s->x, bottom);
          add_point (points, s->x, bottom + lead);
          for (guint k = 1; k + 1 < len; k++)
            {
              LNode *d = LN (eng, path[k]);

              if (d->label_stack > 0)
                add_point (points, d->x, top[d->layer] - d->label_stack - lead);
              add_point (points, d->x, top[d->layer]);
              add_point (points, d->x, top[d->layer] + band[d->layer]);
            }
          add_point (points, t->x, t_top - LN (eng, e->target)->label_stack - lead);
          add_point (points, t->x, t_top);
          if (eng->label_elem[i] >= 0)
            {
              LNode *el = LN (eng, eng->label_elem[i]);
              double el_top = (guint) eng->label_elem[i] == e->target ? t_top : top[el->layer];

              e->label_x = el->x;
              e->label_y = el_top - el->label_stack + eng->label_offset[i] +
                           options->label_sep / 2 + e->label_height / 2;
            }
        }
      else
        {
          /* Up the side: out of the source's side, into the target's side. */
          SwLayeredNode *u = &nodes[e->source];
          SwLayeredNode *v = &nodes[e->target];
          LNode *pu = LN (eng, path[len - 1]);
          LNode *pv = LN (eng, path[0]);
          gboolean left = pu->left_side;

          add_point (points, left ? u->x - u->left : u->x + u->right, u->y);
          add_point (points, pu->x, u->y);
          add_point (points, pu->x, top[pu->layer] - pu->label_stack - lead);
          for (guint k = len - 1; k-- > 1;)
            {
              LNode *d = LN (eng, path[k]);

              add_point (points, d->x, top[d->layer] + band[d->layer]);
              add_point (points, d->x, top[d->layer]);
            }
          add_point (points, pv->x, top[pv->layer] + band[pv->layer] + lead);
          add_point (points, pv->x, v->y);
          add_point (points, left ? v->x - v->left : v->x + v->right, v->y);
          if (eng->label_elem[i] >= 0)
            {
              e->label_x = pu->x;
              e->label_y = top[pu->layer] - pu->label_stack + eng->label_offset[i] +
                           options->label_sep / 2 + e->label_height / 2;
            }
        }
      e->n_points = simplify (points, e->first_point);
    }

  /* Bounding box of all that is drawn, moved to start at (0, 0). */
  for (guint v = 0; v < n_nodes; v++)
    {
      min_x = MIN (min_x, nodes[v].x - nodes[v].left);
      max_x = MAX (max_x, nodes[v].x + nodes[v].right);
      min_y = MIN (min_y, nodes[v].y - nodes[v].height / 2);
      max_y = MAX (max_y, nodes[v].y + nodes[v].height / 2);
    }
  for (guint k = first_point; k < points->len / 2; k++)
    {
      double x = g_array_index (points, double, 2 * k);
      double y = g_array_index (points, double, 2 * k + 1);

      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
      min_y = MIN (min_y, y);
      max_y = MAX (max_y, y);
    }
  for (guint i = 0; i < n_edges; i++)
    if (edges[i].label_width > 0 && (edges[i].label_x != 0 || edges[i].label_y != 0))
      {
        min_x = MIN (min_x, edges[i].label_x - edges[i].label_width / 2);
        max_x = MAX (max_x, edges[i].label_x + edges[i].label_width / 2);
        min_y = MIN (min_y, edges[i].label_y - edges[i].label_height / 2);
        max_y = MAX (max_y, edges[i].label_y + edges[i].label_height / 2);
      }
  min_x = floor (min_x);
  min_y = floor (min_y);
  for (guint v = 0; v < n_nodes; v++)
    {
      nodes[v].x -= min_x;
      nodes[v].y -= min_y;
    }
  for (guint k = first_point; k < points->len / 2; k++)
    {
      g_array_index (points, double, 2 * k) -= min_x;
      g_array_index (points, double, 2 * k + 1) -= min_y;
    }
  for (guint i = 0; i < n_edges; i++)
    {
      edges[i].label_x -= min_x;
      edges[i].label_y -= min_y;
    }
  result->width = ceil (max_x - min_x);
  result->height = ceil (max_y - min_y);
  result->n_layers = eng->n_layers;
  result->n_dummies = eng->lnodes->len - n_nodes;

  g_clear_pointer (&eng->layers, g_ptr_array_unref);
  g_array_unref (eng->lnodes);
  g_array_unref (eng->path);
  g_free (eng->path_first);
  g_free (eng->path_len);
  g_free (eng->label_elem);
  g_free (eng->label_offset);
  g_free (eng->has_loop);
  g_free (eng->up);
  g_free (eng->down);
  g_free (eng->up_conflict);
  g_free (eng->up_secondary);
  g_free (eng->down_secondary);
  g_free (eng->ports_first);
  g_free (eng->ports);
}
