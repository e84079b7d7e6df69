/* sw-layered-private.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The layered (Sugiyama) layout of one graph, knowing nothing of state machines: boxes and
 * directed edges in, centres and polylines out. Nested containers are laid out first by the
 * caller and come in as big boxes. */

typedef struct
{
  /* in: the box, as extents from its centre; right may exceed width/2 for a self-loop */
  double left;
  double right;
  double height;

  /* out */
  double x;
  double y;
  int layer;
} SwLayeredNode;

typedef struct
{
  /* in */
  guint source;
  guint target;
  guint bundle;          /* 0, or a class: long edges to one target in one class share a trunk */
  gboolean secondary;    /* off the happy path (a Catch): boxes align along other edges first */
  double label_width;    /* 0 without a label */
  double label_height;

  /* out */
  gboolean back;         /* drawn around the side, against the flow */
  gboolean self_loop;
  guint first_point;     /* into the points array: x, y pairs */
  guint n_points;
  double label_x;        /* centre of the label box */
  double label_y;
} SwLayeredEdge;

typedef struct
{
  double node_sep;       /* horizontal gap between boxes */
  double edge_sep;       /* horizontal gap next to a dummy */
  double rank_sep;       /* vertical gap between layers, labels not counted */
  double label_sep;      /* vertical room around a label */
  double lead;           /* vertical stub where edges leave and enter boxes */
  double loop_size;      /* how far a self-loop reaches to the right */
  int first;             /* node forced alone into the first layer, or -1 */
  int last;              /* node forced into the last layer, or -1 */
  guint max_sweeps;      /* crossing-reduction rounds; 0 picks one by size */
} SwLayeredOptions;

typedef struct
{
  double width;          /* bounding box of everything drawn, from (0, 0) */
  double height;
  guint n_layers;
  guint n_dummies;
  guint layer_crossings; /* crossings between layers as the ordering left them */
} SwLayeredResult;

void _sw_layered_options_init (SwLayeredOptions *options);
void _sw_layered_run          (SwLayeredNode          *nodes,
                               guint                   n_nodes,
                               SwLayeredEdge          *edges,
                               guint                   n_edges,
                               const SwLayeredOptions *options,
                               GArray                 *points,
                               SwLayeredResult        *result);

G_END_DECLS
