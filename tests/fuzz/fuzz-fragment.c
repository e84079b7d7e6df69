/* fuzz-fragment.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for two readers of the application's clipboard and text fields, in
 * src/ui but without GTK, so their sources are built in here: pasted state fragments
 * (sw-fragment.c) and the `service:action` of an SDK integration typed into the states
 * browser (sw-states-catalog.c). The first byte picks:
 *
 *   even  a fragment: it reads or is refused with an SW_ASL_ERROR and a message, never
 *         both or neither; its text reads back equal; inserted into a small machine (at the
 *         start, after a state or on a transition, by the first byte) it adds states that
 *         can be found, or fails and leaves the machine as it was
 *   odd   a `service:action`: taken or refused with a message; when taken, every catalog
 *         entry that needs one builds into a fragment whose text reads as a fragment
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <string.h>

#include "sw-asl-error.h"
#include "sw-fragment.h"
#include "sw-json.h"
#include "sw-machine.h"
#include "sw-state.h"
#include "sw-states-catalog.h"
#include "sw-validator.h"
#include "sw-fuzz.h"

SW_FUZZ_DEFINE_INITIALIZE ()

static const char definition[] =
  "{\"StartAt\": \"A\", \"States\": {"
  "\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},"
  "\"B\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", \"IsPresent\": true,"
  " \"Next\": \"C\"}], \"Default\": \"C\"},"
  "\"C\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\","
  " \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"D\"}], \"End\": true},"
  "\"D\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}";

static void
insert (SwValue *fragment,
        guint8   how)
{
  g_autoptr(SwValue) tree = sw_json_parse (definition, -1, NULL, NULL, NULL);
  g_autoptr(SwMachine) machine = sw_machine_new (tree);
  g_autoptr(SwValue) before = sw_value_copy (sw_machine_get_value (machine));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  switch (how % 6)
    {
    case 0:
      names = sw_fragment_insert_at_start (fragment, machine, &error);
      break;
    case 1:
      names = sw_fragment_insert_after (fragment, sw_machine_lookup_state (machine, "A"),
                                        &error);
      break;
    case 2:
      names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "A"),
                                                SW_TRANSITION_NEXT, 0, &error);
      break;
    case 3:
      names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "B"),
                                                SW_TRANSITION_CHOICE, 0, &error);
      break;
    case 4:
      names = sw_fragment_insert_on_transition (fragment, sw_machine_lookup_state (machine, "C"),
                                                SW_TRANSITION_CATCH, 0, &error);
      break;
    default:
      names = sw_fragment_insert_into (fragment, machine, &error);
      break;
    }

  if ((names == NULL) == (error == NULL))
    sw_fuzz_fail ("an insertion with an error, or neither", NULL);
  if (names == NULL)
    {
      if (!sw_value_equal (before, sw_machine_get_value (machine)))
        sw_fuzz_fail ("a failed insertion changed the machine", error->message);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    if (sw_machine_lookup_state (machine, names[i]) == NULL)
      sw_fuzz_fail ("an inserted state cannot be found", names[i]);
  {
    g_autoptr(GPtrArray) diagnostics = sw_validate (sw_machine_get_value (machine));

    if (diagnostics == NULL)
      sw_fuzz_fail ("the machine does not validate", NULL);
  }
}

static void
check_fragment (const char *text,
                gsize       length,
                guint8      how)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwValue) fragment = sw_fragment_parse (text, length, &error);
  g_autoptr(SwValue) again = NULL;
  g_autofree char *written = NULL;

  if ((fragment == NULL) == (error == NULL))
    sw_fuzz_fail ("a fragment with an error, or neither", NULL);
  if (fragment == NULL)
    {
      /* The JSON reader's code passes through (ENCODING, DEPTH… as well as SYNTAX). */
      if (error->domain != SW_ASL_ERROR || error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal outside SW_ASL_ERROR or without a message", error->message);
      return;
    }
  written = sw_fragment_to_text (fragment);
  if (written == NULL)
    sw_fuzz_fail ("a fragment has no text", NULL);
  again = sw_fragment_parse (written, -1, NULL);
  if (again == NULL || !sw_value_equal (fragment, again))
    sw_fuzz_fail ("the text of a fragment does not read back equal", written);
  insert (fragment, how / 2);
}

static void
check_sdk_action (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;
  g_autofree char *action = NULL;
  const SwStatesCatalogEntry *entries;
  guint n_entries;

  if (!sw_states_catalog_parse_sdk_action (text, &service, &action, &error))
    {
      if (error == NULL || error->message == NULL || *error->message == '\0')
        sw_fuzz_fail ("a refusal without a message", text);
      return;
    }
  if (error != NULL || service == NULL || action == NULL || *service == '\0' || *action == '\0')
    sw_fuzz_fail ("an action taken without its parts", text);

  entries = sw_states_catalog_get_entries (&n_entries);
  for (guint i = 0; i < n_entries; i++)
    for (guint q = 0; q < 2 && entries[i].needs_sdk_action; q++)
      {
        g_autoptr(GError) build_error = NULL;
        g_autoptr(SwValue) built = NULL;
        g_autoptr(SwValue) again = NULL;
        g_autofree char *written = NULL;

        built = sw_states_catalog_build (&entries[i], q ? "JSONata" : "JSONPath", text,
                                         &build_error);
        if (built == NULL)
          sw_fuzz_fail ("an action taken does not build", build_error ? build_error->message
                                                                      : text);
        written = sw_fragment_to_text (built);
        again = written != NULL ? sw_fragment_parse (written, -1, &build_error) : NULL;
        if (again == NULL)
          sw_fuzz_fail ("a built fragment does not read as a fragment", written);
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  if (size < 1 || size > 8192)
    return 0;
  if (data[0] % 2 == 0)
    check_fragment ((const char *) data + 1, size - 1, data[0]);
  else
    {
      text = g_strndup ((const char *) data + 1, size - 1);
      check_sdk_action (text);
    }
  return 0;
}
