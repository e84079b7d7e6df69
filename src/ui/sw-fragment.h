/* sw-fragment.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-machine.h"
#include "sw-value.h"

G_BEGIN_DECLS

/*
 * Fragments: states carried as ASL text between the states browser, the clipboard and the
 * canvas. A fragment is a JSON object of states `{"Name": {state…}, …}` in order; the first
 * member is the entry, and states with `"End": true` end the fragment (an insertion rewires
 * them to the old target of the split transition). No GTK here: the model API only.
 */

#define SW_FRAGMENT_MIME_TYPE "application/x-stepwise-states+json"

SwValue  *sw_fragment_parse                 (const char          *text,
                                             gssize               length,
                                             GError             **error);
char     *sw_fragment_to_text               (SwValue             *fragment);

SwState  *sw_fragment_lookup_state          (SwMachine           *root,
                                             const char          *pointer);
SwValue  *sw_fragment_copy_states           (SwMachine           *root,
                                             const char * const  *pointers,
                                             GError             **error);

char    **sw_fragment_insert_on_transition  (SwValue             *fragment,
                                             SwState             *source,
                                             SwTransitionKind     kind,
                                             int                  index,
                                             GError             **error);
char    **sw_fragment_insert_into           (SwValue             *fragment,
                                             SwMachine           *machine,
                                             GError             **error);
char    **sw_fragment_insert_at_start       (SwValue             *fragment,
                                             SwMachine           *machine,
                                             GError             **error);
char    **sw_fragment_insert_after          (SwValue             *fragment,
                                             SwState             *state,
                                             GError             **error);

G_END_DECLS
