/* sw-aws-config.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The configuration the AWS CLI would use: the profile (`--profile`, `AWS_PROFILE`,
 * `AWS_DEFAULT_PROFILE`, `default`), the shared files (`AWS_CONFIG_FILE`,
 * `AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/…`), the region and the endpoint. The environment
 * is a snapshot taken at construction, so tests and the GUI can resolve a target without
 * touching the process environment. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sw-aws-config.h"
#include "sw-aws-error.h"
#include "sw-aws-ini-private.h"
#include "sw-aws-private.h"

struct _SwAwsConfig
{
  gatomicrefcount ref_count;
  GStrv environment;
  char *profile;
  gboolean profile_explicit;
  char *config_path;
  char *credentials_path;
  SwAwsIni *config;
  SwAwsIni *credentials;
};

G_DEFINE_BOXED_TYPE (SwAwsConfig, sw_aws_config, sw_aws_config_ref, sw_aws_config_unref)

typedef struct
{
  const char *name;
  const char *prefix;
  const char *dns_suffix;
  const char *dualstack_suffix;
} Partition;

/* From the SDKs' partitions.json: the first matching prefix wins, `aws` is the fallback. */
static const Partition partitions[] = {
  { "aws-cn", "cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn" },
  { "aws-us-gov", "us-gov-", "amazonaws.com", "api.aws" },
  { "aws-iso-b", "us-isob-", "sc2s.sgov.gov", NULL },
  { "aws-iso-f", "us-isof-", "csp.hci.ic.gov", NULL },
  { "aws-iso", "us-iso-", "c2s.ic.gov", NULL },
  { "aws-iso-e", "eu-isoe-", "cloud.adc-e.uk", NULL },
  { "aws", "", "amazonaws.com", "api.aws" },
};

/* Keys of `[services]` sections the SDKs do not use but people write. */
static const struct
{
  const char *key;
  const char *alias;
} service_key_aliases[] = {
  { "sfn", "stepfunctions" },
};

static char *
expand_home (const char        *path,
             const char *const *environment)
{
  const char *home;

  if (path[0] != '~' || (path[1] != '/' && path[1] != '\0'))
    return g_strdup (path);
  home = g_environ_getenv ((char **) environment, "HOME");
  if (home == NULL || *home == '\0')
    home = g_get_home_dir ();
  return g_build_filename (home, path + 1, NULL);
}

static SwAwsIni *
load_file (const char    *path,
           SwAwsIniKind   kind,
           GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return _sw_aws_ini_parse ("", 0, kind, path, error);
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG, _("Cannot read %s: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (st.st_size > (goffset) SW_AWS_INI_MAX_SIZE)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG,
                   _("%s: the file is larger than %u MiB"), path,
                   SW_AWS_INI_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG, _("Cannot read %s: %s"), path,
                   local_error->message);
      return NULL;
    }
  return _sw_aws_ini_parse (contents, length, kind, path, error);
}

static const char *
non_empty_env (const char *const *environment,
               const char        *name)
{
  const char *value = g_environ_getenv ((char **) environment, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * sw_aws_config_new:
 * @environment: (nullable) (array zero-terminated=1): the environment to read, %NULL for
 *   the process environment
 * @profile: (nullable): a profile chosen by the user (`--profile`), which also turns off
 *   credentials from environment variables as in the AWS CLI
 * @error: return location for an error
 *
 * Reads the shared config and credentials files. Missing files are empty; malformed ones
 * are an error, and so is a profile that neither file defines (but `default`).
 *
 * Returns: (transfer full) (nullable): the configuration
 */
SwAwsConfig *
sw_aws_config_new (const char *const  *environment,
                   const char         *profile,
                   GError            **error)
{
  g_autoptr(SwAwsConfig) self = NULL;
  const char *path;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SwAwsConfig, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->environment = environment != NULL ? g_strdupv ((char **) environment) : g_get_environ ();

  if (profile != NULL && *profile != '\0')
    {
      self->profile = g_strdup (profile);
      self->profile_explicit = TRUE;
    }
  else if ((path = non_empty_env ((const char *const *) self->environment, "AWS_PROFILE")))
    self->profile = g_strdup (path);
  else if ((path = non_empty_env ((const char *const *) self->environment,
                                  "AWS_DEFAULT_PROFILE")))
    self->profile = g_strdup (path);
  else
    self->profile = g_strdup ("default");

  path = non_empty_env ((const char *const *) self->environment, "AWS_CONFIG_FILE");
  self->config_path = expand_home (path ? path : "~/.aws/config",
                                   (const char *const *) self->environment);
  path = non_empty_env ((const char *const *) self->environment, "AWS_SHARED_CREDENTIALS_FILE");
  self->credentials_path = expand_home (path ? path : "~/.aws/credentials",
                                        (const char *const *) self->environment);

  self->config = load_file (self->config_path, SW_AWS_INI_CONFIG, error);
  if (self->config == NULL)
    return NULL;
  self->credentials = load_file (self->credentials_path, SW_AWS_INI_CREDENTIALS, error);
  if (self->credentials == NULL)
    return NULL;

  if (strcmp (self->profile, "default") != 0 &&
      !_sw_aws_ini_has_section (self->config, SW_AWS_INI_SECTION_PROFILE, self->profile) &&
      !_sw_aws_ini_has_section (self->credentials, SW_AWS_INI_SECTION_PROFILE, self->profile))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_PROFILE_NOT_FOUND,
                   _("The config profile (%s) could not be found"), self->profile);
      return NULL;
    }

  g_debug ("AWS profile %s, config %s, credentials %s", self->profile, self->config_path,
           self->credentials_path);
  return g_steal_pointer (&self);
}

SwAwsConfig *
sw_aws_config_ref (SwAwsConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sw_aws_config_unref (SwAwsConfig *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_strfreev (self->environment);
  g_free (self->profile);
  g_free (self->config_path);
  g_free (self->credentials_path);
  g_clear_pointer (&self->config, _sw_aws_ini_free);
  g_clear_pointer (&self->credentials, _sw_aws_ini_free);
  g_free (self);
}

const char *
sw_aws_config_get_profile_name (const SwAwsConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->profile;
}

/**
 * sw_aws_config_get_profile_explicit:
 *
 * Returns: whether the profile was chosen with the @profile argument (`--profile`) rather
 *   than by the environment or by default
 */
gboolean
sw_aws_config_get_profile_explicit (const SwAwsConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->profile_explicit;
}

const char *
sw_aws_config_get_config_path (const SwAwsConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->config_path;
}

const char *
sw_aws_config_get_credentials_path (const SwAwsConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->credentials_path;
}

/**
 * sw_aws_config_get_environment:
 *
 * Returns: (transfer none) (array zero-terminated=1): the environment the configuration
 *   was read with
 */
const char *const *
sw_aws_config_get_environment (const SwAwsConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char *const *) self->environment;
}

/**
 * sw_aws_config_getenv:
 * @name: a variable name
 *
 * Returns: (nullable): the variable's value in the configuration's environment, %NULL when
 *   unset or empty
 */
const char *
sw_aws_config_getenv (const SwAwsConfig *self,
                      const char        *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return non_empty_env ((const char *const *) self->environment, name);
}

/**
 * _sw_aws_config_get_file_value:
 * @credentials_file: whether to read the credentials file rather than the config file
 *
 * Returns: (nullable): @key in the profile's section of one file
 */
const char *
_sw_aws_config_get_file_value (const SwAwsConfig *self,
                               gboolean           credentials_file,
                               const char        *key)
{
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = _sw_aws_ini_get (credentials_file ? self->credentials : self->config,
                           SW_AWS_INI_SECTION_PROFILE, self->profile, key);
  return value != NULL && *value != '\0' ? value : NULL;
}

/* @key of profile @name, the credentials file first, as botocore merges them. */
static const char *
profile_value (const SwAwsConfig *self,
               const char        *name,
               const char        *key)
{
  SwAwsIni *files[] = { self->credentials, self->config };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      const char *value = _sw_aws_ini_get (files[i], SW_AWS_INI_SECTION_PROFILE, name, key);

      if (value != NULL && *value != '\0')
        return value;
    }
  return NULL;
}

/**
 * sw_aws_config_get_value:
 * @key: a key in lower case, such as `region`
 *
 * Looks @key up in the profile, the credentials file first, as botocore merges them.
 *
 * Returns: (nullable): the value, %NULL when not set or empty
 */
const char *
sw_aws_config_get_value (const SwAwsConfig *self,
                         const char        *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return profile_value (self, self->profile, key);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
sw_aws_profile_free (SwAwsProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->region);
  g_free (profile);
}

/**
 * sw_aws_config_list_profiles:
 *
 * Lists the profiles of both shared files, each once, sorted by name, with the region each
 * sets (looked up as sw_aws_config_get_value() does, ignoring the environment). To list
 * them whatever `AWS_PROFILE` names, make @config with the profile `default`, which
 * sw_aws_config_new() never refuses.
 *
 * Returns: (transfer full) (element-type SwAwsProfile): the profiles
 */
GPtrArray *
sw_aws_config_list_profiles (const SwAwsConfig *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_auto(GStrv) in_config = NULL;
  g_auto(GStrv) in_credentials = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, NULL);

  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_aws_profile_free);
  in_config = _sw_aws_ini_list_sections (self->config, SW_AWS_INI_SECTION_PROFILE);
  in_credentials = _sw_aws_ini_list_sections (self->credentials, SW_AWS_INI_SECTION_PROFILE);
  for (guint i = 0; in_config[i] != NULL; i++)
    g_ptr_array_add (names, in_config[i]);
  for (guint i = 0; in_credentials[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) in_config, in_credentials[i]))
      g_ptr_array_add (names, in_credentials[i]);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      SwAwsProfile *profile = g_new0 (SwAwsProfile, 1);
      const char *name = g_ptr_array_index (names, i);

      profile->name = g_strdup (name);
      profile->region = g_strdup (profile_value (self, name, "region"));
      g_ptr_array_add (profiles, profile);
    }
  return g_steal_pointer (&profiles);
}

/**
 * sw_aws_config_get_service_value:
 * @service_key: the service's key in a `[services]` section, such as `sfn`
 * @key: the sub-property, such as `endpoint_url`
 *
 * Follows the profile's `services = NAME` to the `[services NAME]` section of the config
 * file and reads `service_key = / key = value` there.
 *
 * Returns: (nullable): the value
 */
const char *
sw_aws_config_get_service_value (const SwAwsConfig *self,
                                 const char        *service_key,
                                 const char        *key)
{
  const char *services;
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (service_key != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  services = sw_aws_config_get_value (self, "services");
  if (services == NULL)
    return NULL;

  value = _sw_aws_ini_get_sub (self->config, SW_AWS_INI_SECTION_SERVICES, services,
                               service_key, key);
  for (guint i = 0; value == NULL && i < G_N_ELEMENTS (service_key_aliases); i++)
    if (strcmp (service_key, service_key_aliases[i].key) == 0)
      value = _sw_aws_ini_get_sub (self->config, SW_AWS_INI_SECTION_SERVICES, services,
                                   service_key_aliases[i].alias, key);
  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * sw_aws_config_get_boolean:
 * @env_name: (nullable): an environment variable that takes precedence
 * @key: a key of the profile
 *
 * Returns: whether the setting is `true` (in any case)
 */
gboolean
sw_aws_config_get_boolean (const SwAwsConfig *self,
                           const char        *env_name,
                           const char        *key)
{
  const char *value = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (env_name != NULL)
    value = sw_aws_config_getenv (self, env_name);
  if (value == NULL)
    value = sw_aws_config_get_value (self, key);
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

/**
 * sw_aws_config_get_max_attempts:
 *
 * Returns: `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`, else the retry mode's
 *   default (%SW_AWS_DEFAULT_MAX_ATTEMPTS, 5 in legacy mode); a value that is not a whole
 *   number greater than 0 is ignored
 */
guint
sw_aws_config_get_max_attempts (const SwAwsConfig *self)
{
  const char *candidates[2];
  SwAwsRetryMode mode = SW_AWS_RETRY_MODE_STANDARD;

  g_return_val_if_fail (self != NULL, SW_AWS_DEFAULT_MAX_ATTEMPTS);

  candidates[0] = sw_aws_config_getenv (self, "AWS_MAX_ATTEMPTS");
  candidates[1] = sw_aws_config_get_value (self, "max_attempts");
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint64 value;

      if (candidates[i] == NULL)
        continue;
      if (g_ascii_string_to_unsigned (candidates[i], 10, 1, SW_AWS_MAX_MAX_ATTEMPTS, &value,
                                      NULL))
        return (guint) value;
      g_debug ("ignoring max_attempts “%s”", candidates[i]);
    }
  if (sw_aws_config_get_retry_mode (self, &mode, NULL) && mode == SW_AWS_RETRY_MODE_LEGACY)
    return SW_AWS_LEGACY_MAX_ATTEMPTS;
  return SW_AWS_DEFAULT_MAX_ATTEMPTS;
}

static const char *const retry_mode_names[] = {
  [SW_AWS_RETRY_MODE_STANDARD] = "standard",
  [SW_AWS_RETRY_MODE_LEGACY] = "legacy",
  [SW_AWS_RETRY_MODE_ADAPTIVE] = "adaptive",
};

/**
 * sw_aws_retry_mode_to_string:
 *
 * Returns: the mode as `retry_mode` spells it
 */
const char *
sw_aws_retry_mode_to_string (SwAwsRetryMode mode)
{
  g_return_val_if_fail (mode < G_N_ELEMENTS (retry_mode_names), NULL);
  return retry_mode_names[mode];
}

/**
 * sw_aws_config_get_retry_mode:
 * @mode: (out): the mode
 * @error: return location for an error
 *
 * Reads `AWS_RETRY_MODE`, else the profile's `retry_mode`, else
 * %SW_AWS_RETRY_MODE_STANDARD (AWS CLI v2's default; botocore alone defaults to legacy).
 *
 * Returns: %FALSE with %SW_AWS_ERROR_CONFIG for a value other than `legacy`, `standard` or
 *   `adaptive`, as botocore refuses it; @mode is then standard
 */
gboolean
sw_aws_config_get_retry_mode (const SwAwsConfig  *self,
                              SwAwsRetryMode     *mode,
                              GError            **error)
{
  const char *value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  *mode = SW_AWS_RETRY_MODE_STANDARD;
  value = sw_aws_config_getenv (self, "AWS_RETRY_MODE");
  if (value == NULL)
    value = sw_aws_config_get_value (self, "retry_mode");
  if (value == NULL || *value == '\0')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (retry_mode_names); i++)
    if (strcmp (value, retry_mode_names[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG,
               _("Invalid value provided to retry mode: %s. Valid values are: legacy, "
                 "standard, adaptive"), value);
  return FALSE;
}

/**
 * sw_aws_region_is_valid:
 * @region: a region name
 *
 * Returns: whether @region can be a label of a host name, as endpoints need
 */
gboolean
sw_aws_region_is_valid (const char *region)
{
  gsize length;

  g_return_val_if_fail (region != NULL, FALSE);

  length = strlen (region);
  if (length == 0 || length > 63 || region[0] == '-' || region[length - 1] == '-')
    return FALSE;
  for (const char *p = region; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * sw_aws_config_dup_region:
 * @override: (nullable): a region chosen by the user (`--region`)
 *
 * Returns: (transfer full) (nullable): @override, else `AWS_REGION`, else
 *   `AWS_DEFAULT_REGION`, else the profile's `region`; %NULL with %SW_AWS_ERROR_NO_REGION
 *   when none is set, %SW_AWS_ERROR_INVALID_ENDPOINT when it is not a valid name
 */
char *
sw_aws_config_dup_region (const SwAwsConfig  *self,
                          const char         *override,
                          GError            **error)
{
  const char *region = override;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (region == NULL || *region == '\0')
    region = sw_aws_config_getenv (self, "AWS_REGION");
  if (region == NULL)
    region = sw_aws_config_getenv (self, "AWS_DEFAULT_REGION");
  if (region == NULL)
    region = sw_aws_config_get_value (self, "region");
  if (region == NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_NO_REGION,
                   _("No region is configured: use --region, AWS_REGION, or “region” in "
                     "profile %s"), self->profile);
      return NULL;
    }
  if (!sw_aws_region_is_valid (region))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT,
                   _("Invalid region “%s”: a region is made of letters, digits and hyphens"),
                   region);
      return NULL;
    }
  return g_strdup (region);
}

/**
 * sw_aws_partition_for_region:
 * @region: a region name
 *
 * Returns: the partition of @region: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`,
 *   `aws-iso-b`, `aws-iso-e` or `aws-iso-f`
 */
const char *
sw_aws_partition_for_region (const char *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (partitions); i++)
    if (g_str_has_prefix (region, partitions[i].prefix))
      return partitions[i].name;
  return "aws";
}

/**
 * sw_aws_endpoint_for_region:
 * @endpoint_prefix: the service's endpoint prefix, `states` for Step Functions
 * @region: a region name
 * @fips: whether to use the FIPS endpoint
 * @dualstack: whether to use the dual-stack (IPv6) endpoint
 *
 * Returns: (transfer full) (nullable): the service's endpoint in @region, such as
 *   `https://states.cn-north-1.amazonaws.com.cn`
 */
char *
sw_aws_endpoint_for_region (const char  *endpoint_prefix,
                            const char  *region,
                            gboolean     fips,
                            gboolean     dualstack,
                            GError     **error)
{
  const Partition *partition = &partitions[G_N_ELEMENTS (partitions) - 1];
  const char *suffix, *first_dot;

  g_return_val_if_fail (endpoint_prefix != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  if (!sw_aws_region_is_valid (region))
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT,
                   _("Invalid region “%s”: a region is made of letters, digits and hyphens"),
                   region);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (partitions); i++)
    if (g_str_has_prefix (region, partitions[i].prefix))
      {
        partition = &partitions[i];
        break;
      }

  suffix = dualstack ? partition->dualstack_suffix : partition->dns_suffix;
  if (suffix == NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT,
                   _("Partition %s has no dual-stack endpoints"), partition->name);
      return NULL;
    }
  /* FIPS marks the first label: states-fips, api-fips.sagemaker, runtime-fips.sagemaker. */
  first_dot = strchr (endpoint_prefix, '.');
  if (first_dot == NULL)
    first_dot = endpoint_prefix + strlen (endpoint_prefix);
  return g_strdup_printf ("https://%.*s%s%s.%s.%s", (int) (first_dot - endpoint_prefix),
                          endpoint_prefix, fips ? "-fips" : "", first_dot, region, suffix);
}

static char *
check_endpoint_url (const char  *url,
                    const char  *origin,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT,
                   _("Invalid endpoint URL “%s” (%s): %s"), url, origin, local_error->message);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, SW_AWS_ERROR, SW_AWS_ERROR_INVALID_ENDPOINT,
                   _("Invalid endpoint URL “%s” (%s): expected http:// or https://, a host, "
                     "and no query or user name"), url, origin);
      return NULL;
    }
  return g_uri_to_string (uri);
}

static char *
service_env_name (const char *service_id)
{
  GString *name = g_string_new ("AWS_ENDPOINT_URL_");

  for (const char *p = service_id; *p != '\0'; p++)
    g_string_append_c (name, *p == ' ' || *p == '-' ? '_' : g_ascii_toupper (*p));
  return g_string_free (name, FALSE);
}

static char *
service_config_key (const char *service_id)
{
  GString *key = g_string_new (NULL);

  for (const char *p = service_id; *p != '\0'; p++)
    g_string_append_c (key, *p == ' ' || *p == '-' ? '_' : g_ascii_tolower (*p));
  return g_string_free (key, FALSE);
}

/**
 * sw_aws_config_resolve_endpoint:
 * @override: (nullable): an endpoint URL chosen by the user (`--endpoint-url`)
 * @service_id: the SDK service id, `SFN` for Step Functions
 * @endpoint_prefix: the service's endpoint prefix, `states` for Step Functions
 * @region: the region, for the default endpoint
 * @is_custom: (out) (optional): set to whether the endpoint was configured rather than
 *   derived from the region
 *
 * Resolves the endpoint in the order of the SDKs' service-specific endpoints: @override,
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `[services]` section
 * (`sfn`, or `stepfunctions`), the profile's `endpoint_url`; then the region's endpoint
 * in its partition, honouring `use_fips_endpoint` and `use_dualstack_endpoint`.
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or `ignore_configured_endpoint_urls` skip all
 * configured endpoints but @override.
 *
 * Returns: (transfer full) (nullable): the endpoint URL
 */
char *
sw_aws_config_resolve_endpoint (const SwAwsConfig  *self,
                                const char         *override,
                                const char         *service_id,
                                const char         *endpoint_prefix,
                                const char         *region,
                                gboolean           *is_custom,
                                GError            **error)
{
  g_autofree char *env_name = NULL;
  g_autofree char *key = NULL;
  const char *url = NULL;
  const char *origin = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (service_id != NULL, NULL);
  g_return_val_if_fail (endpoint_prefix != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  if (is_custom != NULL)
    *is_custom = FALSE;

  if (override != NULL && *override != '\0')
    {
      url = override;
      origin = "--endpoint-url";
    }
  else if (!sw_aws_config_get_boolean (self, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                                       "ignore_configured_endpoint_urls"))
    {
      env_name = service_env_name (service_id);
      key = service_config_key (service_id);
      if ((url = sw_aws_config_getenv (self, env_name)) != NULL)
        origin = env_name;
      else if ((url = sw_aws_config_getenv (self, "AWS_ENDPOINT_URL")) != NULL)
        origin = "AWS_ENDPOINT_URL";
      else if ((url = sw_aws_config_get_service_value (self, key, "endpoint_url")) != NULL)
        origin = self->config_path;
      else if ((url = sw_aws_config_get_value (self, "endpoint_url")) != NULL)
        origin = self->config_path;
    }

  if (url != NULL)
    {
      char *checked = check_endpoint_url (url, origin, error);

      if (checked != NULL && is_custom != NULL)
        *is_custom = TRUE;
      return checked;
    }

  return sw_aws_endpoint_for_region (endpoint_prefix, region,
                                     sw_aws_config_get_boolean (self, "AWS_USE_FIPS_ENDPOINT",
                                                                "use_fips_endpoint"),
                                     sw_aws_config_get_boolean (self,
                                                                "AWS_USE_DUALSTACK_ENDPOINT",
                                                                "use_dualstack_endpoint"),
                                     error);
}
