/* sw-arn.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one place the local executor and endpoint make ARNs, so that the region and account a
 * server is configured with reach every ARN it hands out. */

#include <string.h>

#include "sw-arn.h"

/**
 * sw_arn_build:
 * @service: the service namespace, such as `states` or `iam`
 * @region: (nullable): the region; %NULL or empty for global services such as IAM
 * @account: (nullable): the account ID, %SW_ARN_DEFAULT_ACCOUNT when %NULL
 * @format: printf format of the resource part, such as `stateMachine:%s`
 *
 * Returns: (transfer full): `arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE`
 */
char *
sw_arn_build (const char *service,
              const char *region,
              const char *account,
              const char *format,
              ...)
{
  g_autofree char *resource = NULL;
  va_list args;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  va_start (args, format);
  resource = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strdup_printf ("arn:aws:%s:%s:%s:%s", service, region != NULL ? region : "",
                          account != NULL ? account : SW_ARN_DEFAULT_ACCOUNT, resource);
}

/**
 * sw_arn_is_valid_region:
 *
 * Returns: whether @region looks like an AWS region name (`eu-west-3`, `us-gov-west-1`)
 */
gboolean
sw_arn_is_valid_region (const char *region)
{
  gsize length;

  if (region == NULL || (length = strlen (region)) < 4 || length > 32)
    return FALSE;
  if (!g_ascii_islower (region[0]) || !g_ascii_isdigit (region[length - 1]) ||
      strchr (region, '-') == NULL)
    return FALSE;
  for (const char *p = region; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * sw_arn_is_valid_account:
 *
 * Returns: whether @account is an AWS account ID: twelve digits
 */
gboolean
sw_arn_is_valid_account (const char *account)
{
  if (account == NULL || strlen (account) != 12)
    return FALSE;
  for (const char *p = account; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/**
 * sw_arn_is_valid_name:
 * @name: (nullable): a name
 *
 * The rule Step Functions has for the names of state machines and executions
 * (CreateStateMachine, StartExecution): 1 to 80 characters of UTF-8 with no white space, no
 * brackets `< > { } [ ]`, no wildcards `? *`, none of `" # % \ ^ | ~ $ & , ; : /`, no
 * backquote and no control characters (U+0000–U+001F, U+007F–U+009F).
 *
 * Returns: whether @name follows it
 */
gboolean
sw_arn_is_valid_name (const char *name)
{
  glong length;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  length = g_utf8_strlen (name, -1);
  if (length < 1 || length > 80)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c <= 0x1f || (c >= 0x7f && c <= 0x9f) ||
          (c < 0x80 && strchr ("<>{}[]?*\"#%\\^|~`$&,;:/", (int) c) != NULL))
        return FALSE;
    }
  return TRUE;
}
