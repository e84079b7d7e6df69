/* fuzz-aws-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the parser of the shared AWS config and credentials files, which
 * read files people write by hand and tools append to:
 *
 *   parse as a config file and as a credentials file; every section and key listed must be
 *   found again, every value must be valid UTF-8 without NUL bytes; a refusal must carry
 *   %SW_AWS_ERROR_CONFIG and say where; a region found must either make an endpoint or be
 *   refused as invalid.
 *
 * Any broken promise aborts, which libFuzzer reports as a crash with the input saved. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sw-aws-config.h"
#include "sw-aws-error.h"
#include "sw-aws-ini-private.h"
#include "sw-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sw_fuzz_init ();
  return 0;
}

static void
check_value (const char *value)
{
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    abort ();
}

static void
check_region (const char *region)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  if (region == NULL)
    return;
  endpoint = sw_aws_endpoint_for_region ("states", region, FALSE, FALSE, &error);
  if ((endpoint == NULL) == (error == NULL))
    abort ();
  if (endpoint != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);

      /* A region that passes makes one host label, nothing more. */
      if (!sw_aws_region_is_valid (region) || uri == NULL ||
          strcmp (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_path (uri)[0] != '\0')
        abort ();
    }
  else if (sw_aws_region_is_valid (region))
    abort ();
}

static void
check_ini (const SwAwsIni *ini)
{
  static const SwAwsIniSection kinds[] = {
    SW_AWS_INI_SECTION_PROFILE, SW_AWS_INI_SECTION_SERVICES, SW_AWS_INI_SECTION_SSO_SESSION,
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_auto(GStrv) sections = _sw_aws_ini_list_sections (ini, kinds[k]);

      for (guint i = 0; sections[i] != NULL; i++)
        {
          g_auto(GStrv) keys = _sw_aws_ini_list_keys (ini, kinds[k], sections[i]);

          if (!_sw_aws_ini_has_section (ini, kinds[k], sections[i]) || *sections[i] == '\0')
            abort ();
          for (guint j = 0; keys[j] != NULL; j++)
            {
              const char *value = _sw_aws_ini_get (ini, kinds[k], sections[i], keys[j]);

              check_value (value);
              /* Keys are stored in lower case and never empty. */
              if (*keys[j] == '\0')
                abort ();
              for (const char *p = keys[j]; *p != '\0'; p++)
                if (g_ascii_isupper (*p))
                  abort ();
              if (strcmp (keys[j], "region") == 0)
                check_region (value);
              check_value (_sw_aws_ini_get_sub (ini, kinds[k], sections[i], keys[j],
                                                "endpoint_url") ?: "");
            }
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const SwAwsIniKind kinds[] = { SW_AWS_INI_CONFIG, SW_AWS_INI_CREDENTIALS };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwAwsIni) ini = _sw_aws_ini_parse ((const char *) data, size, kinds[k],
                                                   "fuzz", &error);

      if (ini == NULL)
        {
          if (error == NULL || error->domain != SW_AWS_ERROR ||
              error->code != SW_AWS_ERROR_CONFIG || !g_str_has_prefix (error->message, "fuzz"))
            abort ();
          continue;
        }
      if (error != NULL)
        abort ();
      check_ini (ini);
    }
  return 0;
}
