/* sw-cli-serve.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `stepwise-cli serve`: the local endpoint, until SIGINT or SIGTERM. */

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <math.h>
#include <string.h>

#include "sw-arn.h"
#include "sw-aws-config.h"
#include "sw-cli.h"
#include "sw-credentials-provider.h"
#include "sw-service.h"
#if __has_include ("sw-sagemaker.h")
# include "sw-sagemaker.h"
# define HAVE_SAGEMAKER 1
#endif

typedef struct
{
  GMainLoop *loop;
  SwCredentials *credentials;
  GError *error;
} CredentialsWait;

static void
on_credentials (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  CredentialsWait *wait = data;

  wait->credentials = sw_credentials_provider_get_finish (SW_CREDENTIALS_PROVIDER (source),
                                                          result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The credentials of the normal AWS chain (environment, shared files, credential_process),
 * the only ones requests may be signed with under --require-auth. */
static SwCredentials *
resolve_credentials (const char  *profile,
                     GError     **error)
{
  g_autoptr(SwAwsConfig) config = NULL;
  g_autoptr(SwCredentialsProvider) provider = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  CredentialsWait wait = { 0 };

  config = sw_aws_config_new (NULL, profile, error);
  if (config == NULL)
    return NULL;
  provider = sw_credentials_provider_new_for_config (config, error);
  if (provider == NULL)
    return NULL;
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  sw_credentials_provider_get_async (provider, NULL, on_credentials, &wait);
  g_main_loop_run (loop);
  if (wait.credentials == NULL)
    g_propagate_error (error, wait.error);
  return wait.credentials;
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The IP address --host stands for: itself when it is one, else what the name resolves to,
 * a loopback address first (IPv4 first), so `--host localhost` listens on 127.0.0.1. */
static char *
resolve_host (const char  *host,
              GError     **error)
{
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (host);
  g_autoptr(GResolver) resolver = NULL;
  GList *addresses, *best = NULL;
  char *result;

  if (literal != NULL)
    return g_strdup (host);
  resolver = g_resolver_get_default ();
  addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);
  if (addresses == NULL)
    return NULL;
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;
      gboolean ipv4 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4;

      if (g_inet_address_get_is_loopback (address) &&
          (best == NULL || !g_inet_address_get_is_loopback (best->data) ||
           (ipv4 && g_inet_address_get_family (best->data) != G_SOCKET_FAMILY_IPV4)))
        best = l;
      else if (best == NULL)
        best = l;
    }
  result = g_inet_address_to_string (best->data);
  g_resolver_free_addresses (addresses);
  return result;
}

int
sw_cli_serve (int    argc,
              char **argv)
{
  g_autofree char *host = NULL;
  g_autofree char *db = NULL;
  g_autofree char *wait_scale_text = NULL;
  g_autofree char *local_s3 = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *mock_config = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *region = NULL;
  g_autofree char *account = NULL;
  gboolean require_auth = FALSE;
  int port = 8083;
  /* The defaults are formatted in: a macro inside a msgid makes it untranslatable. */
  g_autofree char *region_help =
    g_strdup_printf (_("Region of the ARNs the endpoint makes (default %s)"),
                     SW_ARN_DEFAULT_REGION);
  g_autofree char *account_help =
    g_strdup_printf (_("Account ID of the ARNs the endpoint makes (default %s)"),
                     SW_ARN_DEFAULT_ACCOUNT);
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_("Address or host name to listen on (default 127.0.0.1)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Port to listen on (default 8083; 0: any)"),
      N_("PORT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("SQLite database that keeps state machines and executions (default: in memory)"),
      N_("FILE") },
    { "require-auth", 0, 0, G_OPTION_ARG_NONE, &require_auth,
      N_("Refuse requests not signed (SigV4) with the credentials of the AWS chain"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      N_("Profile whose credentials --require-auth accepts"), N_("NAME") },
    { "wait-scale", 0, 0, G_OPTION_ARG_STRING, &wait_scale_text,
      N_("How much of their time Wait states and retries take: 0 none, 1 all"), N_("X") },
    { "local-s3", 0, 0, G_OPTION_ARG_FILENAME, &local_s3,
      N_("Directory that s3://bucket/key maps to"), N_("DIR") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region,
      region_help, N_("REGION") },
    { "account-id", 0, 0, G_OPTION_ARG_STRING, &account,
      account_help, N_("ID") },
    { "mock-config", 0, 0, G_OPTION_ARG_FILENAME, &mock_config,
      N_("Mocked Task responses (Step Functions Local format; default $SFN_MOCK_CONFIG), used "
         "by executions started on STATE_MACHINE_ARN#TEST_CASE"), N_("FILE") },
    { "connections", 0, 0, G_OPTION_ARG_FILENAME, &connections,
      N_("A JSON file mapping the ConnectionArn of HTTP Tasks to connections "
         "(AuthorizationType, AuthParameters)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SwService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *address = NULL;
#ifdef HAVE_SAGEMAKER
  g_autoptr(SwSageMaker) sagemaker = NULL;
#endif
  double wait_scale = 1.0;
  guint sigint, sigterm;

  context = sw_cli_option_context_new ("serve", NULL,
                                       _("Serve the Step Functions API on this computer over "
                                         "the local executor."),
                                       entries);
  g_option_context_set_description (context,
                                    _("Exit status: 0 stopped by SIGINT or SIGTERM, 2 usage "
                                      "error, or the database or address cannot be used."));
  if (!sw_cli_parse_options (context, "serve", &argc, &argv))
    return SW_CLI_EXIT_USAGE;
  if (argc > 1)
    return sw_cli_usage_error ("serve", _("Unexpected argument “%s”"), argv[1]);
  if (port < 0 || port > 65535)
    return sw_cli_usage_error ("serve", _("--port takes a number from 0 to 65535"));
  if (wait_scale_text != NULL)
    {
      char *end = NULL;

      wait_scale = g_ascii_strtod (wait_scale_text, &end);
      if (end == wait_scale_text || *end != '\0' || !isfinite (wait_scale) || wait_scale < 0)
        return sw_cli_usage_error ("serve", _("--wait-scale takes a number of at least 0, not "
                                              "“%s”"), wait_scale_text);
    }
  if (region != NULL && !sw_arn_is_valid_region (region))
    return sw_cli_usage_error ("serve", _("--region takes a region name such as eu-west-3, not "
                                          "“%s”"), region);
  if (account != NULL && !sw_arn_is_valid_account (account))
    return sw_cli_usage_error ("serve", _("--account-id takes twelve digits, not “%s”"),
                               account);
  if (host == NULL)
    host = g_strdup ("127.0.0.1");

  service = sw_service_new (db, &error);
  if (service == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  sw_service_set_wait_scale (service, wait_scale);
  if (region != NULL)
    sw_service_set_region (service, region);
  if (account != NULL)
    sw_service_set_account_id (service, account);
  if (local_s3 != NULL)
    sw_service_set_local_root (service, local_s3);
  if (mock_config == NULL && g_getenv ("SFN_MOCK_CONFIG") != NULL)
    mock_config = g_strdup (g_getenv ("SFN_MOCK_CONFIG"));
  if (mock_config != NULL)
    {
      g_autoptr(SwMockConfig) config = sw_mock_config_new_from_file (mock_config, &error);

      if (config == NULL)
        {
          sw_cli_print_error ("%s", error->message);
          return SW_CLI_EXIT_USAGE;
        }
      sw_service_set_mock_config (service, config);
    }
  if (connections != NULL &&
      !sw_http_task_load_connections (sw_service_get_http_task (service), connections, &error))
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
#ifdef HAVE_SAGEMAKER
  sagemaker = sw_sagemaker_new (local_s3);
  sw_service_set_sagemaker (service, sagemaker);
#endif
  if (require_auth)
    {
      g_autoptr(SwCredentials) credentials = resolve_credentials (profile, &error);

      if (credentials == NULL)
        {
          sw_cli_print_error (_("--require-auth needs credentials: %s"), error->message);
          return SW_CLI_EXIT_USAGE;
        }
      sw_service_set_credentials (service, credentials);
    }
  address = resolve_host (host, &error);
  if (address == NULL)
    {
      sw_cli_print_error (_("Cannot listen on %s port %d: %s"), host, port, error->message);
      return SW_CLI_EXIT_USAGE;
    }
  if (!is_loopback (address))
    g_printerr (_("stepwise-cli serve: warning: listening on %s, reachable from other "
                  "computers%s\n"), address,
                require_auth ? "" : _(" without authentication (see --require-auth)"));

  if (!sw_service_listen (service, address, (guint) port, &error))
    {
      sw_cli_print_error (_("Cannot listen on %s port %d: %s"), host, port, error->message);
      return SW_CLI_EXIT_USAGE;
    }

  url = sw_service_dup_url (service);
  if (sw_service_get_n_recovered (service) > 0)
    g_printerr (_("Marked %u execution(s) left running by an earlier endpoint as FAILED\n"),
                sw_service_get_n_recovered (service));
  /* The handlers are in place before the URL is printed: a script that reads it and sends
   * SIGTERM at once gets a clean exit (status 0). */
  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);
  /* The first line of standard output is the URL, for scripts that start with --port 0. */
  g_print ("%s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return SW_CLI_EXIT_OK;
}
