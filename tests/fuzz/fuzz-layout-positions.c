/* fuzz-layout-positions.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the layout sidecar reader of src/diagram (DEFINITION.layout.json,
 * written by the app, edited by people and merged by version control).
 *
 *   a file is read or refused with SW_DIAGRAM_ERROR_POSITIONS and a message, never both or
 *   neither; what was read writes out and reads back with the same positions for the same
 *   states.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include <glib.h>

#include "sw-diagram-error.h"
#include "sw-json.h"
#include "sw-layout-positions.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwLayoutPositions) positions = NULL;
  g_autoptr(SwLayoutPositions) again = NULL;
  g_autoptr(SwValue) root = NULL;
  g_autofree char *text = NULL;
  SwValue *states;
  gsize length;

  positions = sw_layout_positions_parse ((const char *) data, size, &error);
  if ((positions == NULL) == (error == NULL))
    sw_fuzz_fail ("positions and an error, or neither", NULL);
  if (positions == NULL)
    {
      if (error->domain != SW_DIAGRAM_ERROR || error->code != SW_DIAGRAM_ERROR_POSITIONS ||
          error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal that is not SW_DIAGRAM_ERROR_POSITIONS with a message", NULL);
      return 0;
    }

  text = sw_layout_positions_to_data (positions, &length);
  again = sw_layout_positions_parse (text, length, &error);
  if (again == NULL)
    sw_fuzz_fail ("what we wrote does not read back", text);
  if (sw_layout_positions_get_size (again) != sw_layout_positions_get_size (positions))
    sw_fuzz_fail ("what we wrote reads back with another number of states", text);

  root = sw_json_parse ((const char *) data, size, NULL, NULL, NULL);
  states = sw_value_object_get (root, "states");
  for (guint i = 0; states != NULL && i < sw_value_object_get_size (states); i++)
    {
      const char *name = sw_value_object_get_key (states, i);
      double x1 = 0, y1 = 0, x2 = 0, y2 = 0;

      if (!sw_layout_positions_lookup (positions, name, &x1, &y1) ||
          !sw_layout_positions_lookup (again, name, &x2, &y2))
        sw_fuzz_fail ("a state of the file has no position", name);
      if (x1 != x2 || y1 != y2)
        sw_fuzz_fail ("a position changes when written and read back", text);
    }
  return 0;
}
