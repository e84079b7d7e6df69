/* test-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The shared config and credentials files, profile, region and endpoint resolution, and
 * the credential chain with credential_process, each from a scratch directory and an
 * environment built by the test (the process environment is never read). */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sw-aws-config.h"
#include "sw-aws-error.h"
#include "sw-aws-ini-private.h"
#include "sw-aws-private.h"
#include "sw-credentials-provider.h"
#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"
#include "../common/sw-test-sfn-call.h"

static char *scratch;

static char *
write_scratch (const char *name,
               const char *contents)
{
  char *path = g_build_filename (scratch, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* An environment holding only PATH, HOME (a place without .aws) and the given pairs. */
static GStrv
make_env (const char *first,
          ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *home = g_build_filename (scratch, "home", NULL);
  va_list args;

  g_autofree char *path = g_strdup_printf ("PATH=%s", g_getenv ("PATH"));
  g_autofree char *home_pair = g_strdup_printf ("HOME=%s", home);

  g_strv_builder_add (builder, path);
  g_strv_builder_add (builder, home_pair);
  va_start (args, first);
  for (const char *pair = first; pair != NULL; pair = va_arg (args, const char *))
    g_strv_builder_add (builder, pair);
  va_end (args);
  return g_strv_builder_end (builder);
}

static SwAwsIni *
parse_ini (const char   *text,
           SwAwsIniKind  kind,
           GError      **error)
{
  return _sw_aws_ini_parse (text, strlen (text), kind, "config", error);
}

static void
test_ini_sections (void)
{
  const char *text =
    "# a comment\n"
    "; another\n"
    "[default]\n"
    "region = us-east-1\n"
    "Output=json ; inline comment\n"
    "url = https://a.example/#frag\n"
    "\n"
    "[profile dev]\r\n"
    "region=eu-west-1\r\n"
    "s3 =\n"
    "  max_concurrent_requests = 10\n"
    "\tsignature_version = s3v4  # comment\n"
    "note = first line\n"
    "  second line\n"
    "services = local\n"
    "[profile   spaced]\n"
    "region = ap-south-1\n"
    "[services local]\n"
    "sfn =\n"
    "  endpoint_url = http://127.0.0.1:8083\n"
    "[sso-session corp]\n"
    "sso_region = us-east-1\n"
    "[unknown section]\n"
    "ignored = yes\n"
    "  continued without equals sign\n"
    "[profile dev]\n"
    "region = eu-central-1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsIni) ini = parse_ini (text, SW_AWS_INI_CONFIG, &error);
  g_auto(GStrv) profiles = NULL;
  g_auto(GStrv) keys = NULL;

  g_assert_no_error (error);
  profiles = _sw_aws_ini_list_sections (ini, SW_AWS_INI_SECTION_PROFILE);
  g_assert_cmpstrv (profiles, ((const char *[]) { "default", "dev", "spaced", NULL }));
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "default", "region"), ==,
                   "us-east-1");
  /* Keys are case-insensitive, a comment needs white space before it. */
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "default", "output"), ==,
                   "json");
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "default", "url"), ==,
                   "https://a.example/#frag");
  /* A repeated section merges, the last value wins; CRLF line ends are fine. */
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "dev", "region"), ==,
                   "eu-central-1");
  g_assert_cmpstr (_sw_aws_ini_get_sub (ini, SW_AWS_INI_SECTION_PROFILE, "dev", "s3",
                                        "max_concurrent_requests"), ==, "10");
  g_assert_cmpstr (_sw_aws_ini_get_sub (ini, SW_AWS_INI_SECTION_PROFILE, "dev", "s3",
                                        "signature_version"), ==, "s3v4");
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "dev", "s3"), ==, "");
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "dev", "note"), ==,
                   "first line\nsecond line");
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "spaced", "region"), ==,
                   "ap-south-1");
  g_assert_cmpstr (_sw_aws_ini_get_sub (ini, SW_AWS_INI_SECTION_SERVICES, "local", "sfn",
                                        "endpoint_url"), ==, "http://127.0.0.1:8083");
  g_assert_true (_sw_aws_ini_has_section (ini, SW_AWS_INI_SECTION_SSO_SESSION, "corp"));
  g_assert_false (_sw_aws_ini_has_section (ini, SW_AWS_INI_SECTION_PROFILE, "unknown"));
  keys = _sw_aws_ini_list_keys (ini, SW_AWS_INI_SECTION_PROFILE, "default");
  g_assert_cmpstrv (keys, ((const char *[]) { "output", "region", "url", NULL }));
}

static void
test_ini_credentials_file (void)
{
  const char *text =
    "[default]\n"
    "aws_access_key_id = AKIDDEFAULT\n"
    "[profile dev]\n"
    "aws_access_key_id = IGNORED\n"
    "[dev]\n"
    "aws_access_key_id = AKIDDEV\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsIni) ini = parse_ini (text, SW_AWS_INI_CREDENTIALS, &error);
  g_auto(GStrv) profiles = NULL;

  g_assert_no_error (error);
  /* The credentials file names profiles without the `profile` prefix. */
  profiles = _sw_aws_ini_list_sections (ini, SW_AWS_INI_SECTION_PROFILE);
  g_assert_cmpstrv (profiles, ((const char *[]) { "default", "dev", NULL }));
  g_assert_cmpstr (_sw_aws_ini_get (ini, SW_AWS_INI_SECTION_PROFILE, "dev",
                                    "aws_access_key_id"), ==, "AKIDDEV");
}

static void
test_ini_errors (void)
{
  const struct
  {
    const char *text;
    gsize length;
    const char *message;
  } cases[] = {
    { "region = us-east-1\n", 0, "config:1: " },
    { "[default]\nregion\n", 0, "config:2: " },
    { "[default\nregion = x\n", 0, "config:1: " },
    { "[default] junk\n", 0, "config:1: " },
    { "[]\n", 0, "config:1: " },
    { "[default]\n = value\n", 0, "config:2: " },
    { "[default]\ns3 =\n  no equals here\n", 0, "config:3: " },
    { "[default]\nregion = a\0b\n", 22, "config: " },
    { "[default]\nregion = \xff\n", 0, "config: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length ? cases[i].length : strlen (cases[i].text);
      g_autoptr(SwAwsIni) ini = _sw_aws_ini_parse (cases[i].text, length, SW_AWS_INI_CONFIG,
                                                   "config", &error);

      g_assert_null (ini);
      g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

static void
test_profile_selection (void)
{
  g_autofree char *config = write_scratch ("profile-config",
                                           "[default]\nregion = us-east-1\n"
                                           "[profile dev]\nregion = eu-west-1\n"
                                           "[profile other]\nregion = eu-west-2\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_auto(GStrv) env = make_env (config_env, NULL);
  g_auto(GStrv) env_profile = make_env (config_env, "AWS_PROFILE=dev",
                                        "AWS_DEFAULT_PROFILE=other", NULL);
  g_auto(GStrv) env_default_profile = make_env (config_env, "AWS_DEFAULT_PROFILE=other", NULL);
  g_auto(GStrv) env_missing = make_env (config_env, "AWS_PROFILE=nope", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) c1 = sw_aws_config_new ((const char *const *) env, NULL, &error);
  g_autoptr(SwAwsConfig) c2 = sw_aws_config_new ((const char *const *) env_profile, NULL,
                                                 &error);
  g_autoptr(SwAwsConfig) c3 = sw_aws_config_new ((const char *const *) env_profile, "other",
                                                 &error);
  g_autoptr(SwAwsConfig) c4 = sw_aws_config_new ((const char *const *) env_default_profile,
                                                 NULL, &error);
  g_autoptr(SwAwsConfig) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sw_aws_config_get_profile_name (c1), ==, "default");
  g_assert_false (sw_aws_config_get_profile_explicit (c1));
  g_assert_cmpstr (sw_aws_config_get_profile_name (c2), ==, "dev");
  g_assert_false (sw_aws_config_get_profile_explicit (c2));
  g_assert_cmpstr (sw_aws_config_get_value (c2, "region"), ==, "eu-west-1");
  g_assert_cmpstr (sw_aws_config_get_profile_name (c3), ==, "other");
  g_assert_true (sw_aws_config_get_profile_explicit (c3));
  g_assert_cmpstr (sw_aws_config_get_profile_name (c4), ==, "other");

  missing = sw_aws_config_new ((const char *const *) env_missing, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROFILE_NOT_FOUND);
  g_clear_error (&error);
  missing = sw_aws_config_new ((const char *const *) env, "absent", &error);
  g_assert_null (missing);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROFILE_NOT_FOUND);
}

static void
test_files_from_home (void)
{
  g_autofree char *aws_dir = g_build_filename (scratch, "home", ".aws", NULL);
  g_autofree char *config = g_build_filename (aws_dir, "config", NULL);
  g_autofree char *credentials = g_build_filename (aws_dir, "credentials", NULL);
  g_auto(GStrv) env = make_env (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) self = NULL;

  g_assert_cmpint (g_mkdir_with_parents (aws_dir, 0700), ==, 0);
  g_file_set_contents (config, "[default]\nregion = sa-east-1\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (credentials, "[default]\nregion = me-south-1\n", -1, &error);
  g_assert_no_error (error);

  self = sw_aws_config_new ((const char *const *) env, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_aws_config_get_config_path (self), ==, config);
  g_assert_cmpstr (sw_aws_config_get_credentials_path (self), ==, credentials);
  /* The credentials file wins where both set a key, as botocore merges them. */
  g_assert_cmpstr (sw_aws_config_get_value (self, "region"), ==, "me-south-1");
  g_assert_cmpstr (_sw_aws_config_get_file_value (self, FALSE, "region"), ==, "sa-east-1");

  g_unlink (config);
  g_unlink (credentials);
  g_rmdir (aws_dir);
}

static void
test_malformed_file (void)
{
  g_autofree char *config = write_scratch ("bad-config", "[default]\nregion\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_auto(GStrv) env = make_env (config_env, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) self = sw_aws_config_new ((const char *const *) env, NULL, &error);
  g_autofree char *prefix = g_strdup_printf ("%s:2: ", config);

  g_assert_null (self);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, prefix));
}

static char *
region_for (const char *const *env,
            const char        *override,
            GError           **error)
{
  g_autoptr(SwAwsConfig) self = sw_aws_config_new (env, NULL, error);

  g_assert_nonnull (self);
  return sw_aws_config_dup_region (self, override, error);
}

static void
test_region (void)
{
  g_autofree char *config = write_scratch ("region-config", "[default]\nregion = ca-central-1\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_auto(GStrv) env_file = make_env (config_env, NULL);
  g_auto(GStrv) env_default = make_env (config_env, "AWS_DEFAULT_REGION=eu-north-1", NULL);
  g_auto(GStrv) env_both = make_env (config_env, "AWS_DEFAULT_REGION=eu-north-1",
                                     "AWS_REGION=ap-east-1", NULL);
  g_auto(GStrv) env_none = make_env ("AWS_CONFIG_FILE=/nonexistent/config", NULL);
  g_auto(GStrv) env_bad = make_env ("AWS_REGION=us-east-1.evil.com/", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = region_for ((const char *const *) env_file, NULL, &error);
  g_autofree char *r2 = region_for ((const char *const *) env_default, NULL, &error);
  g_autofree char *r3 = region_for ((const char *const *) env_both, NULL, &error);
  g_autofree char *r4 = region_for ((const char *const *) env_both, "us-west-2", &error);
  g_autofree char *r5 = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (r1, ==, "ca-central-1");
  g_assert_cmpstr (r2, ==, "eu-north-1");
  g_assert_cmpstr (r3, ==, "ap-east-1");
  g_assert_cmpstr (r4, ==, "us-west-2");

  r5 = region_for ((const char *const *) env_none, NULL, &error);
  g_assert_null (r5);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_NO_REGION);
  g_clear_error (&error);
  r5 = region_for ((const char *const *) env_bad, NULL, &error);
  g_assert_null (r5);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT);
}

static void
test_partitions (void)
{
  const struct
  {
    const char *region;
    gboolean fips;
    gboolean dualstack;
    const char *partition;
    const char *endpoint;
  } cases[] = {
    { "us-east-1", FALSE, FALSE, "aws", "https://states.us-east-1.amazonaws.com" },
    { "eu-west-3", FALSE, FALSE, "aws", "https://states.eu-west-3.amazonaws.com" },
    { "cn-north-1", FALSE, FALSE, "aws-cn", "https://states.cn-north-1.amazonaws.com.cn" },
    { "cn-northwest-1", FALSE, FALSE, "aws-cn",
      "https://states.cn-northwest-1.amazonaws.com.cn" },
    { "us-gov-west-1", FALSE, FALSE, "aws-us-gov", "https://states.us-gov-west-1.amazonaws.com" },
    { "us-gov-east-1", TRUE, FALSE, "aws-us-gov",
      "https://states-fips.us-gov-east-1.amazonaws.com" },
    { "us-iso-east-1", FALSE, FALSE, "aws-iso", "https://states.us-iso-east-1.c2s.ic.gov" },
    { "us-isob-east-1", FALSE, FALSE, "aws-iso-b",
      "https://states.us-isob-east-1.sc2s.sgov.gov" },
    { "us-east-2", TRUE, FALSE, "aws", "https://states-fips.us-east-2.amazonaws.com" },
    { "us-east-2", FALSE, TRUE, "aws", "https://states.us-east-2.api.aws" },
    { "cn-north-1", FALSE, TRUE, "aws-cn",
      "https://states.cn-north-1.api.amazonwebservices.com.cn" },
    { "mars-central-1", FALSE, FALSE, "aws", "https://states.mars-central-1.amazonaws.com" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *endpoint = sw_aws_endpoint_for_region ("states", cases[i].region,
                                                              cases[i].fips,
                                                              cases[i].dualstack, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sw_aws_partition_for_region (cases[i].region), ==, cases[i].partition);
      g_assert_cmpstr (endpoint, ==, cases[i].endpoint);
    }

  bad = sw_aws_endpoint_for_region ("states", "us-iso-east-1", FALSE, TRUE, &error);
  g_assert_null (bad);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT);
  g_clear_error (&error);
  bad = sw_aws_endpoint_for_region ("states", "x/y", FALSE, FALSE, &error);
  g_assert_null (bad);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT);
}

static char *
endpoint_for (const char *const *env,
              const char        *profile,
              const char        *override,
              gboolean          *custom,
              GError           **error)
{
  g_autoptr(SwAwsConfig) self = sw_aws_config_new (env, profile, error);

  g_assert_nonnull (self);
  return sw_aws_config_resolve_endpoint (self, override, "SFN", "states", "eu-west-1", custom,
                                         error);
}

static void
test_endpoint (void)
{
  g_autofree char *config = write_scratch ("endpoint-config",
                                           "[default]\n"
                                           "endpoint_url = http://profile.example:1\n"
                                           "services = local\n"
                                           "[profile global]\n"
                                           "endpoint_url = http://profile.example:2\n"
                                           "[profile alias]\n"
                                           "services = alias\n"
                                           "[profile fips]\n"
                                           "use_fips_endpoint = true\n"
                                           "[profile ignore]\n"
                                           "endpoint_url = http://profile.example:3\n"
                                           "ignore_configured_endpoint_urls = true\n"
                                           "[profile broken]\n"
                                           "endpoint_url = ftp://x.example/\n"
                                           "[services local]\n"
                                           "sfn =\n"
                                           "  endpoint_url = http://127.0.0.1:8083\n"
                                           "s3 =\n"
                                           "  endpoint_url = http://s3.example\n"
                                           "[services alias]\n"
                                           "stepfunctions =\n"
                                           "  endpoint_url = http://localhost:9999\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_auto(GStrv) env = make_env (config_env, NULL);
  g_auto(GStrv) env_global = make_env (config_env, "AWS_ENDPOINT_URL=http://env.example:4",
                                       NULL);
  g_auto(GStrv) env_sfn = make_env (config_env, "AWS_ENDPOINT_URL=http://env.example:4",
                                    "AWS_ENDPOINT_URL_SFN=http://env-sfn.example:5/base", NULL);
  g_auto(GStrv) env_ignore = make_env (config_env, "AWS_ENDPOINT_URL=http://env.example:4",
                                       "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", NULL);
  const struct
  {
    GStrv env;
    const char *profile;
    const char *override;
    const char *expected;
    gboolean custom;
  } cases[] = {
    { env, NULL, NULL, "http://127.0.0.1:8083", TRUE },
    { env, NULL, "https://override.example", "https://override.example", TRUE },
    { env_global, NULL, NULL, "http://env.example:4", TRUE },
    { env_sfn, NULL, NULL, "http://env-sfn.example:5/base", TRUE },
    { env_sfn, NULL, "http://override.example", "http://override.example", TRUE },
    { env, "global", NULL, "http://profile.example:2", TRUE },
    { env, "alias", NULL, "http://localhost:9999", TRUE },
    { env, "fips", NULL, "https://states-fips.eu-west-1.amazonaws.com", FALSE },
    { env, "ignore", NULL, "https://states.eu-west-1.amazonaws.com", FALSE },
    { env_ignore, NULL, NULL, "https://states.eu-west-1.amazonaws.com", FALSE },
    { env_ignore, NULL, "http://override.example", "http://override.example", TRUE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean custom = !cases[i].custom;
      g_autofree char *url = endpoint_for ((const char *const *) cases[i].env,
                                           cases[i].profile, cases[i].override, &custom,
                                           &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].expected);
      g_assert_cmpint (custom, ==, cases[i].custom);
    }

  bad = endpoint_for ((const char *const *) env, "broken", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT);
  g_clear_error (&error);
  bad = endpoint_for ((const char *const *) env, NULL, "not a url", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT);
}

static void
test_max_attempts (void)
{
  g_autofree char *config = write_scratch ("attempts-config",
                                           "[default]\nmax_attempts = 5\n"
                                           "[profile bad]\nmax_attempts = lots\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_auto(GStrv) env = make_env (config_env, NULL);
  g_auto(GStrv) env_override = make_env (config_env, "AWS_MAX_ATTEMPTS=2", NULL);
  g_autoptr(SwAwsConfig) c1 = sw_aws_config_new ((const char *const *) env, NULL, NULL);
  g_autoptr(SwAwsConfig) c2 = sw_aws_config_new ((const char *const *) env_override, NULL,
                                                 NULL);
  g_autoptr(SwAwsConfig) c3 = sw_aws_config_new ((const char *const *) env, "bad", NULL);

  g_assert_cmpuint (sw_aws_config_get_max_attempts (c1), ==, 5);
  g_assert_cmpuint (sw_aws_config_get_max_attempts (c2), ==, 2);
  g_assert_cmpuint (sw_aws_config_get_max_attempts (c3), ==, SW_AWS_DEFAULT_MAX_ATTEMPTS);
}

/* Credentials. */

static SwCredentials *
get_credentials (SwCredentialsProvider *provider,
                 GError               **error)
{
  SwTestCredentialsCall result = { 0 };

  sw_credentials_provider_get_async (provider, NULL, sw_test_credentials_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.credentials;
}

static SwCredentialsProvider *
provider_for (const char *const *env,
              const char        *profile,
              GError           **error)
{
  g_autoptr(SwAwsConfig) config = sw_aws_config_new (env, profile, error);

  if (config == NULL)
    return NULL;
  return sw_credentials_provider_new_for_config (config, error);
}

static void
test_credential_chain (void)
{
  g_autofree char *config = write_scratch ("chain-config",
                                           "[default]\n"
                                           "aws_access_key_id = AKIDCONFIG\n"
                                           "aws_secret_access_key = config-secret\n"
                                           "[profile files]\n"
                                           "aws_access_key_id = AKIDCONFIG2\n"
                                           "aws_secret_access_key = config-secret2\n"
                                           "[profile process]\n"
                                           "credential_process = /bin/false\n"
                                           "aws_access_key_id = AKIDCONFIG3\n"
                                           "aws_secret_access_key = config-secret3\n"
                                           "[profile role]\n"
                                           "role_arn = arn:aws:iam::123456789012:role/x\n"
                                           "source_profile = default\n"
                                           "[profile sso]\n"
                                           "sso_session = corp\n"
                                           "[profile empty]\n"
                                           "region = us-east-1\n");
  g_autofree char *credentials = write_scratch ("chain-credentials",
                                                "[files]\n"
                                                "aws_access_key_id = AKIDCREDS\n"
                                                "aws_secret_access_key = creds-secret\n"
                                                "aws_session_token = creds-token\n"
                                                "[half]\n"
                                                "aws_access_key_id = AKIDHALF\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_autofree char *credentials_env = g_strdup_printf ("AWS_SHARED_CREDENTIALS_FILE=%s",
                                                      credentials);
  g_auto(GStrv) env = make_env (config_env, credentials_env, NULL);
  g_auto(GStrv) env_keys = make_env (config_env, credentials_env, "AWS_ACCESS_KEY_ID=AKIDENV",
                                     "AWS_SECRET_ACCESS_KEY=env-secret",
                                     "AWS_SESSION_TOKEN=env-token", NULL);
  g_auto(GStrv) env_half = make_env (config_env, credentials_env, "AWS_ACCESS_KEY_ID=AKIDENV",
                                     NULL);
  const struct
  {
    GStrv env;
    const char *profile;
    SwCredentialsSource source;
    const char *key;
    const char *secret;
    const char *token;
  } cases[] = {
    { env_keys, NULL, SW_CREDENTIALS_SOURCE_ENVIRONMENT, "AKIDENV", "env-secret", "env-token" },
    /* --profile wins over the environment. */
    { env_keys, "files", SW_CREDENTIALS_SOURCE_SHARED_CREDENTIALS_FILE, "AKIDCREDS",
      "creds-secret", "creds-token" },
    { env, NULL, SW_CREDENTIALS_SOURCE_CONFIG_FILE, "AKIDCONFIG", "config-secret", NULL },
    { env, "files", SW_CREDENTIALS_SOURCE_SHARED_CREDENTIALS_FILE, "AKIDCREDS",
      "creds-secret", "creds-token" },
  };
  const struct
  {
    GStrv env;
    const char *profile;
    int code;
  } failures[] = {
    { env_half, NULL, SW_AWS_ERROR_CREDENTIALS },
    { env, "half", SW_AWS_ERROR_CREDENTIALS },
    { env, "role", SW_AWS_ERROR_CREDENTIALS },
    { env, "sso", SW_AWS_ERROR_CREDENTIALS },
    { env, "empty", SW_AWS_ERROR_NO_CREDENTIALS },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SwCredentialsProvider) process = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwCredentialsProvider) provider =
        provider_for ((const char *const *) cases[i].env, cases[i].profile, &error);
      g_autoptr(SwCredentials) creds = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (sw_credentials_provider_get_source (provider), ==, cases[i].source);
      g_assert_false (sw_credentials_provider_can_refresh (provider));
      creds = get_credentials (provider, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sw_credentials_get_access_key_id (creds), ==, cases[i].key);
      g_assert_cmpstr (sw_credentials_get_secret_access_key (creds), ==, cases[i].secret);
      g_assert_cmpstr (sw_credentials_get_session_token (creds), ==, cases[i].token);
    }

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autoptr(SwCredentialsProvider) provider =
        provider_for ((const char *const *) failures[i].env, failures[i].profile, &error);

      g_assert_null (provider);
      g_assert_error (error, SW_AWS_ERROR, failures[i].code);
      /* Error messages never carry secrets. */
      g_assert_null (strstr (error->message, "-secret"));
      g_clear_error (&error);
    }

  /* credential_process comes before keys in the config file. */
  process = provider_for ((const char *const *) env, "process", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sw_credentials_provider_get_source (process), ==,
                   SW_CREDENTIALS_SOURCE_PROCESS);
  g_assert_true (sw_credentials_provider_can_refresh (process));
}

static const char process_script[] =
  "#!/bin/sh\n"
  "dir=\"$1\"\n"
  "n=$(cat \"$dir/count\" 2>/dev/null || echo 0)\n"
  "n=$((n + 1))\n"
  "echo $n > \"$dir/count\"\n"
  "if [ -f \"$dir/fail\" ]; then echo \"no network today\" >&2; exit 3; fi\n"
  "if [ -f \"$dir/output\" ]; then cat \"$dir/output\"; exit 0; fi\n"
  "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC%d\", \"SecretAccessKey\": "
  "\"secret-%d\", \"SessionToken\": \"token-%d\", \"Expiration\": "
  "\"2030-01-01T%02d:00:00Z\"}\\n' $n $n $n $n\n";

typedef struct
{
  GDateTime *now;
} FakeClock;

static GDateTime *
fake_now (gpointer user_data)
{
  FakeClock *clock = user_data;

  return g_date_time_ref (clock->now);
}

static void
fake_clock_set (FakeClock  *clock,
                int         hour,
                int         minute)
{
  g_clear_pointer (&clock->now, g_date_time_unref);
  clock->now = g_date_time_new_utc (2030, 1, 1, hour, minute, 0);
}

static int
process_runs (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "count", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return atoi (text);
}

static void
test_credential_process (void)
{
  g_autofree char *dir = g_build_filename (scratch, "process", NULL);
  g_autofree char *script = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *config_env = NULL;
  g_autofree char *fail = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) env = NULL;
  g_autoptr(SwCredentialsProvider) provider = NULL;
  g_autoptr(SwCredentials) c1 = NULL;
  g_autoptr(SwCredentials) c2 = NULL;
  g_autoptr(SwCredentials) c3 = NULL;
  g_autoptr(SwCredentials) c4 = NULL;
  g_autoptr(SwCredentials) c5 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expiration = NULL;
  FakeClock clock = { 0 };
  SwTestCredentialsCall a = { 0 }, b = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  script = g_build_filename (dir, "creds.sh", NULL);
  g_file_set_contents (script, process_script, -1, &error);
  g_assert_no_error (error);
  config_text = g_strdup_printf ("[default]\ncredential_process = /bin/sh \"%s\" '%s'\n",
                                 script, dir);
  config = write_scratch ("process-config", config_text);
  config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  env = make_env (config_env, NULL);
  fail = g_build_filename (dir, "fail", NULL);
  output = g_build_filename (dir, "output", NULL);

  provider = provider_for ((const char *const *) env, NULL, &error);
  g_assert_no_error (error);
  _sw_credentials_provider_set_clock (provider, fake_now, &clock);
  fake_clock_set (&clock, 0, 0);

  c1 = get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_credentials_get_access_key_id (c1), ==, "AKIDPROC1");
  g_assert_cmpstr (sw_credentials_get_secret_access_key (c1), ==, "secret-1");
  g_assert_cmpstr (sw_credentials_get_session_token (c1), ==, "token-1");
  expiration = g_date_time_format_iso8601 (sw_credentials_get_expiration (c1));
  g_assert_cmpstr (expiration, ==, "2030-01-01T01:00:00Z");

  /* 60 minutes left: the cached credentials. */
  fake_clock_set (&clock, 0, 40);
  c2 = get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_true (c2 == c1);
  g_assert_cmpint (process_runs (dir), ==, 1);

  /* 14 minutes left: refreshed before they expire; two callers share one run. */
  fake_clock_set (&clock, 0, 46);
  sw_credentials_provider_get_async (provider, NULL, sw_test_credentials_cb, &a);
  sw_credentials_provider_get_async (provider, NULL, sw_test_credentials_cb, &b);
  while (!a.done || !b.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  g_assert_cmpstr (sw_credentials_get_access_key_id (a.credentials), ==, "AKIDPROC2");
  g_assert_true (a.credentials == b.credentials);
  g_assert_cmpint (process_runs (dir), ==, 2);
  g_assert_cmpuint (_sw_credentials_provider_get_n_refreshes (provider), ==, 2);
  g_clear_pointer (&a.credentials, sw_credentials_unref);
  g_clear_pointer (&b.credentials, sw_credentials_unref);

  /* A failed refresh with 12 minutes left keeps the current credentials… */
  g_file_set_contents (fail, "", 0, &error);
  g_assert_no_error (error);
  fake_clock_set (&clock, 1, 48);
  c3 = get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_credentials_get_access_key_id (c3), ==, "AKIDPROC2");
  g_assert_cmpint (process_runs (dir), ==, 3);

  /* …but not with 5 minutes left: the error, with the process's stderr. */
  fake_clock_set (&clock, 1, 55);
  c4 = get_credentials (provider, &error);
  g_assert_null (c4);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "no network today"));
  g_clear_error (&error);
  g_unlink (fail);

  /* Invalid outputs. */
  {
    const struct
    {
      const char *output;
      const char *message;
    } bad[] = {
      { "not json", "JSON" },
      { "{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}", "Version" },
      { "{\"Version\": 1, \"SecretAccessKey\": \"S\"}", "AccessKeyId" },
      { "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", "
        "\"Expiration\": \"tomorrow\"}", "Expiration" },
      { "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", "
        "\"Expiration\": \"2029-12-31T00:00:00Z\"}", "expired" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(SwCredentials) none = NULL;

        g_file_set_contents (output, bad[i].output, -1, &error);
        g_assert_no_error (error);
        sw_credentials_provider_invalidate (provider);
        none = get_credentials (provider, &error);
        g_assert_null (none);
        g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS);
        g_assert_nonnull (strstr (error->message, bad[i].message));
        g_clear_error (&error);
      }
    g_unlink (output);
  }

  /* Credentials without Expiration never expire. */
  g_file_set_contents (output, "{\"Version\": 1, \"AccessKeyId\": \"AKIDFOREVER\", "
                       "\"SecretAccessKey\": \"S\"}", -1, &error);
  g_assert_no_error (error);
  c5 = get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_credentials_get_access_key_id (c5), ==, "AKIDFOREVER");
  g_assert_null (sw_credentials_get_expiration (c5));
  g_unlink (output);

  g_clear_pointer (&clock.now, g_date_time_unref);
}

static void
test_credential_process_cancel (void)
{
  g_autoptr(SwCredentialsProvider) provider =
    sw_credentials_provider_new_process ("/bin/sleep 30", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SwTestCredentialsCall result = { 0 };
  gint64 start = g_get_monotonic_time ();

  sw_credentials_provider_get_async (provider, cancellable, sw_test_credentials_cb, &result);
  g_cancellable_cancel (cancellable);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (result.credentials);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_TIME_SPAN_SECOND);
  g_clear_error (&result.error);
}

/* Found by fuzz-aws-response: a credential_process that prints nothing handed json-glib no
 * data at all, and one that prints white space gave no root; both gave criticals. */
static void
test_credential_process_empty_output (void)
{
  g_autoptr(SwCredentialsProvider) provider =
    sw_credentials_provider_new_process ("/bin/true", NULL);
  g_autoptr(SwCredentials) none = NULL;
  g_autoptr(GError) error = NULL;

  none = get_credentials (provider, &error);
  g_assert_null (none);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "did not print a JSON object"));
  g_clear_error (&error);

  /* White space only loads without a root, which gave a critical too. */
  g_clear_object (&provider);
  provider = sw_credentials_provider_new_process ("/bin/echo ' '", NULL);
  none = get_credentials (provider, &error);
  g_assert_null (none);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "did not print a JSON object"));
}

/* The public listing the target picker uses: both files, each profile once, sorted, with
 * its own region; sso-session and services sections are not profiles. */
static void
test_list_profiles (void)
{
  g_autofree char *config = write_scratch ("list-config",
                                           "[default]\nregion = us-east-1\n"
                                           "[profile prod]\nregion = eu-west-1\n"
                                           "[profile china]\nregion = cn-north-1\n"
                                           "[profile bare]\noutput = json\n"
                                           "[sso-session corp]\nsso_region = us-east-1\n"
                                           "[services local]\nsfn =\n"
                                           "  endpoint_url = http://127.0.0.1:8083\n");
  g_autofree char *credentials = write_scratch ("list-credentials",
                                                "[prod]\naws_access_key_id = A\n"
                                                "aws_secret_access_key = B\n"
                                                "[ci]\naws_access_key_id = C\n"
                                                "aws_secret_access_key = D\n"
                                                "region = us-gov-west-1\n");
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", config);
  g_autofree char *credentials_env = g_strdup_printf ("AWS_SHARED_CREDENTIALS_FILE=%s",
                                                      credentials);
  /* AWS_PROFILE naming a missing profile does not stop the listing. */
  g_auto(GStrv) env = make_env (config_env, credentials_env, "AWS_PROFILE=gone",
                                "AWS_REGION=ap-south-1", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) self = sw_aws_config_new ((const char *const *) env, "default",
                                                   &error);
  g_autoptr(GPtrArray) profiles = NULL;
  const char *expected[][2] = {
    { "bare", NULL }, { "china", "cn-north-1" }, { "ci", "us-gov-west-1" },
    { "default", "us-east-1" }, { "prod", "eu-west-1" },
  };

  g_assert_no_error (error);
  profiles = sw_aws_config_list_profiles (self);
  g_assert_cmpuint (profiles->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SwAwsProfile *profile = g_ptr_array_index (profiles, i);

      g_assert_cmpstr (profile->name, ==, expected[i][0]);
      g_assert_cmpstr (profile->region, ==, expected[i][1]);
    }
  g_clear_pointer (&profiles, g_ptr_array_unref);

  /* No files: no profiles. */
  {
    g_auto(GStrv) empty_env = make_env ("AWS_CONFIG_FILE=/nonexistent/config",
                                        "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/creds",
                                        NULL);
    g_autoptr(SwAwsConfig) empty = sw_aws_config_new ((const char *const *) empty_env, NULL,
                                                      &error);

    g_assert_no_error (error);
    profiles = sw_aws_config_list_profiles (empty);
    g_assert_cmpuint (profiles->len, ==, 0);
  }
}

/* The clients resolve the partition's endpoints from the region (China, GovCloud), and
 * honour AWS_ENDPOINT_URL_<SERVICE> per service. */
static void
test_client_endpoints (void)
{
  const char *base[] = {
    "AWS_CONFIG_FILE=/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/creds",
    "AWS_ACCESS_KEY_ID=AKIDTEST", "AWS_SECRET_ACCESS_KEY=secret",
  };
  const struct
  {
    const char *region;
    const char *extra;
    const char *sfn;
    const char *sagemaker;
    const char *runtime;
  } cases[] = {
    { "cn-north-1", NULL, "https://states.cn-north-1.amazonaws.com.cn",
      "https://api.sagemaker.cn-north-1.amazonaws.com.cn",
      "https://runtime.sagemaker.cn-north-1.amazonaws.com.cn" },
    { "us-gov-west-1", NULL, "https://states.us-gov-west-1.amazonaws.com",
      "https://api.sagemaker.us-gov-west-1.amazonaws.com",
      "https://runtime.sagemaker.us-gov-west-1.amazonaws.com" },
    { "us-gov-east-1", "AWS_USE_FIPS_ENDPOINT=true",
      "https://states-fips.us-gov-east-1.amazonaws.com",
      "https://api-fips.sagemaker.us-gov-east-1.amazonaws.com",
      "https://runtime-fips.sagemaker.us-gov-east-1.amazonaws.com" },
    { "eu-west-1", "AWS_ENDPOINT_URL_SFN=http://127.0.0.1:8083", "http://127.0.0.1:8083",
      "https://api.sagemaker.eu-west-1.amazonaws.com",
      "https://runtime.sagemaker.eu-west-1.amazonaws.com" },
    { "eu-west-1", "AWS_ENDPOINT_URL_SAGEMAKER=http://127.0.0.1:9000",
      "https://states.eu-west-1.amazonaws.com", "http://127.0.0.1:9000",
      "https://runtime.sagemaker.eu-west-1.amazonaws.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *region = g_strdup_printf ("AWS_REGION=%s", cases[i].region);
      g_auto(GStrv) env = make_env (base[0], base[1], base[2], base[3], region, cases[i].extra,
                                    NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SwAwsConfig) config = sw_aws_config_new ((const char *const *) env, NULL,
                                                         &error);
      g_autoptr(SwSfnClient) sfn = NULL;
      g_autoptr(SwSageMakerClient) sagemaker = NULL;

      g_assert_no_error (error);
      sfn = sw_sfn_client_new_for_config (config, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sw_sfn_client_get_endpoint (sfn), ==, cases[i].sfn);
      g_assert_cmpstr (sw_sfn_client_get_region (sfn), ==, cases[i].region);
      sagemaker = sw_sagemaker_client_new_for_config (config, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sw_sagemaker_client_get_endpoint (sagemaker), ==, cases[i].sagemaker);
      g_assert_cmpstr (sw_sagemaker_client_get_runtime_endpoint (sagemaker), ==,
                       cases[i].runtime);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  scratch = g_dir_make_tmp ("stepwise-aws-config-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/aws/config/ini/sections", test_ini_sections);
  g_test_add_func ("/aws/config/ini/credentials-file", test_ini_credentials_file);
  g_test_add_func ("/aws/config/ini/errors", test_ini_errors);
  g_test_add_func ("/aws/config/profile-selection", test_profile_selection);
  g_test_add_func ("/aws/config/files-from-home", test_files_from_home);
  g_test_add_func ("/aws/config/malformed-file", test_malformed_file);
  g_test_add_func ("/aws/config/region", test_region);
  g_test_add_func ("/aws/config/partitions", test_partitions);
  g_test_add_func ("/aws/config/endpoint", test_endpoint);
  g_test_add_func ("/aws/config/max-attempts", test_max_attempts);
  g_test_add_func ("/aws/config/list-profiles", test_list_profiles);
  g_test_add_func ("/aws/config/client-endpoints", test_client_endpoints);
  g_test_add_func ("/aws/credentials/chain", test_credential_chain);
  g_test_add_func ("/aws/credentials/process", test_credential_process);
  g_test_add_func ("/aws/credentials/process-cancel", test_credential_process_cancel);
  g_test_add_func ("/aws/credentials/process-empty-output",
                   test_credential_process_empty_output);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", scratch);

    /* The scratch directory holds only files this program wrote. */
    if (g_str_has_prefix (scratch, g_get_tmp_dir ()))
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (scratch);
  return status;
}
