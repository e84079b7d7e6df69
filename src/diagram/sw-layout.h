/* sw-layout.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-diagnostic.h"
#include "sw-layout-positions.h"
#include "sw-machine.h"

G_BEGIN_DECLS

/**
 * SwLayoutBox:
 *
 * A rectangle in diagram units (1 unit = 1 CSS pixel at scale 1): left, top, width, height.
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} SwLayoutBox;

/**
 * SwLayoutNodeKind:
 * @SW_LAYOUT_NODE_STATE: a state of the document
 * @SW_LAYOUT_NODE_START: the Start marker above the top-level StartAt
 * @SW_LAYOUT_NODE_END: the End marker below the top-level terminal states
 * @SW_LAYOUT_NODE_MISSING: a transition's target that no state of its scope has
 */
typedef enum
{
  SW_LAYOUT_NODE_STATE,
  SW_LAYOUT_NODE_START,
  SW_LAYOUT_NODE_END,
  SW_LAYOUT_NODE_MISSING,
} SwLayoutNodeKind;

/**
 * SwLayoutIcon:
 *
 * The picture drawn in a node, from its type and, for a Task, its resource.
 */
typedef enum
{
  SW_LAYOUT_ICON_NONE,
  SW_LAYOUT_ICON_TASK,
  SW_LAYOUT_ICON_LAMBDA,
  SW_LAYOUT_ICON_SAGEMAKER,
  SW_LAYOUT_ICON_CHOICE,
  SW_LAYOUT_ICON_PASS,
  SW_LAYOUT_ICON_WAIT,
  SW_LAYOUT_ICON_SUCCEED,
  SW_LAYOUT_ICON_FAIL,
  SW_LAYOUT_ICON_PARALLEL,
  SW_LAYOUT_ICON_MAP,
  SW_LAYOUT_ICON_UNKNOWN,
} SwLayoutIcon;

/**
 * SwLayoutNode:
 * @kind: what the node stands for
 * @name: (nullable): the state's name, or the missing target's; %NULL for markers
 * @pointer: (nullable): JSON Pointer of the state in the document
 * @type: the state's type (%SW_STATE_TYPE_UNKNOWN for markers and missing targets)
 * @icon: the picture to draw
 * @summary: (nullable): the second line: type, resource or rule count in a few words
 * @box: where the node is
 * @parent: index of the enclosing Parallel or Map node; -1 at the top level
 * @branch: which branch of @parent (0 for a Map's processor); -1 at the top level
 * @container: index in the containers of the node's container, or -1
 * @pinned: whether the position comes from the layout sidecar
 */
typedef struct
{
  SwLayoutNodeKind kind;
  char *name;
  char *pointer;
  SwStateType type;
  SwLayoutIcon icon;
  char *summary;
  SwLayoutBox box;
  int parent;
  int branch;
  int container;
  gboolean pinned;
} SwLayoutNode;

/**
 * SwLayoutContainer:
 * @node: the Parallel or Map state drawn as this container
 * @box: the whole container (the node's box)
 * @header: the band with the state's name
 * @n_branches: branches of a Parallel; 1 for a Map's processor
 * @branches: (array length=n_branches): the area of each branch
 */
typedef struct
{
  int node;
  SwLayoutBox box;
  SwLayoutBox header;
  guint n_branches;
  SwLayoutBox *branches;
} SwLayoutContainer;

/**
 * SwLayoutEdgeKind:
 *
 * Where an edge comes from: the four #SwTransitionKind, and the edges of the markers.
 */
typedef enum
{
  SW_LAYOUT_EDGE_NEXT = SW_TRANSITION_NEXT,
  SW_LAYOUT_EDGE_CHOICE = SW_TRANSITION_CHOICE,
  SW_LAYOUT_EDGE_DEFAULT = SW_TRANSITION_DEFAULT,
  SW_LAYOUT_EDGE_CATCH = SW_TRANSITION_CATCH,
  SW_LAYOUT_EDGE_START,
  SW_LAYOUT_EDGE_END,
} SwLayoutEdgeKind;

/**
 * SwLayoutEdge:
 * @kind: what the edge stands for
 * @index: the rule's index in `Choices` or the catcher's in `Catch`; -1 otherwise
 * @from: index of the node the edge leaves
 * @to: index of the node it reaches
 * @label: (nullable): text to draw on the edge
 * @back: whether the edge goes against the flow (a loop), drawn around the side
 * @n_points: how many points the polyline has (at least 2)
 * @points: (array length=n_points): x, y pairs, from the border of @from to that of @to
 * @label_box: where the label goes, if any
 */
typedef struct
{
  SwLayoutEdgeKind kind;
  int index;
  int from;
  int to;
  char *label;
  gboolean back;
  guint n_points;
  double *points;
  SwLayoutBox label_box;
} SwLayoutEdge;

/**
 * SwLayoutStats:
 *
 * Numbers about a layout, as `stepwise-cli layout --stats` prints them.
 */
typedef struct
{
  guint n_nodes;
  guint n_edges;
  guint64 crossings;
  guint bends;
  double width;
  double height;
} SwLayoutStats;

#define SW_TYPE_LAYOUT (sw_layout_get_type ())
G_DECLARE_FINAL_TYPE (SwLayout, sw_layout, SW, LAYOUT, GObject)

SwLayout                *sw_layout_new                (SwMachine          *machine,
                                                       SwLayoutPositions  *positions);

double                   sw_layout_get_width          (SwLayout           *self);
double                   sw_layout_get_height         (SwLayout           *self);
guint                    sw_layout_get_n_nodes        (SwLayout           *self);
const SwLayoutNode      *sw_layout_get_node           (SwLayout           *self,
                                                       guint               index);
guint                    sw_layout_get_n_edges        (SwLayout           *self);
const SwLayoutEdge      *sw_layout_get_edge           (SwLayout           *self,
                                                       guint               index);
guint                    sw_layout_get_n_containers   (SwLayout           *self);
const SwLayoutContainer *sw_layout_get_container      (SwLayout           *self,
                                                       guint               index);

int                      sw_layout_find_node          (SwLayout           *self,
                                                       const char         *name);
int                      sw_layout_find_node_for_pointer (SwLayout        *self,
                                                          const char      *pointer);
int                      sw_layout_node_at            (SwLayout           *self,
                                                       double              x,
                                                       double              y);
void                     sw_layout_get_scope_origin   (SwLayout           *self,
                                                       guint               index,
                                                       double             *x,
                                                       double             *y);
GHashTable              *sw_layout_badges_for_diagnostics (SwLayout      *self,
                                                           GPtrArray     *diagnostics);

void                     sw_layout_get_stats          (SwLayout           *self,
                                                       SwLayoutStats      *stats);
char                    *sw_layout_to_json            (SwLayout           *self,
                                                       gsize              *length);

const char              *sw_layout_edge_kind_to_string (SwLayoutEdgeKind   kind);

G_END_DECLS
