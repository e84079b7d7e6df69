/* sw-cli-rules.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-cli.h"
#include "sw-validator.h"

int
sw_cli_rules (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) rest = NULL;
  const SwValidatorRule *rules;
  guint n_rules = 0;
  int width = 0;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("rules", NULL,
                                       _("List the rules of the validator: the code each "
                                         "finding carries, its severity and what it checks."),
                                       entries);
  g_option_context_set_description (context, _("Exit status: 0 success, 2 usage error."));
  if (!sw_cli_parse_options (context, "rules", &argc, &argv))
    return SW_CLI_EXIT_USAGE;
  if (rest != NULL && rest[0] != NULL)
    return sw_cli_usage_error ("rules", _("Unexpected argument “%s”"), rest[0]);

  rules = sw_validator_get_rules (&n_rules);
  for (guint i = 0; i < n_rules; i++)
    width = MAX (width, (int) strlen (rules[i].code));

  for (guint i = 0; i < n_rules; i++)
    g_string_append_printf (out, "%-*s  %-7s  %s\n", width, rules[i].code,
                            sw_severity_to_string (rules[i].severity),
                            sw_validator_rule_get_summary (&rules[i]));

  return sw_cli_write_stdout (out->str, out->len) ? SW_CLI_EXIT_OK : SW_CLI_EXIT_USAGE;
}
