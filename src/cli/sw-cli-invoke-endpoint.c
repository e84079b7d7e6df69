/* sw-cli-invoke-endpoint.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* stepwise-cli invoke-endpoint: the SageMaker runtime's InvokeEndpoint against an endpoint
 * that a local run created (its metadata lives in the local S3 root). */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-cli.h"
#include "sw-definition.h"
#include "sw-sagemaker.h"

static const char *
guess_content_type (const char *path)
{
  if (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG"))
    return "image/png";
  if (g_str_has_suffix (path, "-ubyte") || g_str_has_suffix (path, "-ubyte.gz") ||
      g_str_has_suffix (path, ".idx"))
    return "application/x-idx";
  return "application/json";
}

int
sw_cli_invoke_endpoint (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *local_s3 = NULL;
  g_autofree char *response_type = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSageMaker) sagemaker = NULL;
  const GOptionEntry entries[] = {
    { "body", 0, 0, G_OPTION_ARG_FILENAME, &body_file,
      N_("The request body (“-”: standard input): JSON images, a PNG or an IDX file"),
      N_("FILE") },
    { "content-type", 0, 0, G_OPTION_ARG_STRING, &content_type,
      N_("The body’s type: application/json, image/png or application/x-idx (default: from "
         "the file name)"), N_("TYPE") },
    { "local-s3", 0, 0, G_OPTION_ARG_FILENAME, &local_s3,
      N_("The local S3 root the endpoint was created in (default: Stepwise’s local-s3-root "
         "setting, else ~/.local/share/stepwise/s3)"), N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = sw_cli_option_context_new ("invoke-endpoint", _("NAME"),
                                       _("Classify digits with an endpoint created by a local "
                                         "run, as SageMaker’s InvokeEndpoint does, and print "
                                         "the answer: {\"predictions\": [{\"probabilities\": "
                                         "[…], \"predicted_label\": D}]}.\n"
                                         "JSON bodies hold one 28×28 image as nested arrays, a "
                                         "list of images, or {\"instances\": […]}; values are "
                                         "0–255, or 0–1 when none exceeds 1."),
                                       entries);
  g_option_context_set_description (context,
                                    _("Exit status: 0 success, 1 the endpoint refused the "
                                      "request, 2 usage or I/O error."));
  if (!sw_cli_parse_options (context, "invoke-endpoint", &argc, &argv))
    return SW_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL)
    return sw_cli_usage_error ("invoke-endpoint", _("No endpoint name given"));
  if (rest[1] != NULL)
    return sw_cli_usage_error ("invoke-endpoint", _("Unexpected argument “%s”"), rest[1]);
  if (body_file == NULL)
    return sw_cli_usage_error ("invoke-endpoint", _("--body FILE is required"));

  body = sw_definition_read_file (body_file, &error);
  if (body == NULL)
    {
      sw_cli_print_error ("%s", error->message);
      return SW_CLI_EXIT_USAGE;
    }
  if (content_type == NULL)
    content_type = g_strdup (guess_content_type (body_file));

  sagemaker = sw_sagemaker_new (local_s3);
  /* Without its root, every endpoint would be "not found": say what is really missing. */
  if (!g_file_test (sw_sagemaker_get_local_s3_root (sagemaker), G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display =
        g_filename_display_name (local_s3 != NULL ? local_s3
                                                  : sw_sagemaker_get_local_s3_root (sagemaker));

      sw_cli_print_error (_("The local S3 root “%s” is not a directory; give the --local-s3 "
                            "of the run that created the endpoint"), display);
      return SW_CLI_EXIT_USAGE;
    }
  answer = sw_sagemaker_invoke_endpoint (sagemaker, rest[0], content_type, body, &response_type,
                                         &error);
  if (answer == NULL)
    {
      /* The runtime calls its validation failures ValidationError. */
      sw_cli_print_error ("%s: %s",
                          g_error_matches (error, SW_SAGEMAKER_ERROR,
                                           SW_SAGEMAKER_ERROR_VALIDATION)
                            ? "ValidationError" : sw_sagemaker_error_type_name (error),
                          error->message);
      return error->domain == SW_SAGEMAKER_ERROR &&
             error->code != SW_SAGEMAKER_ERROR_INTERNAL ? SW_CLI_EXIT_FAILED
                                                        : SW_CLI_EXIT_USAGE;
    }
  if (!sw_cli_write_stdout (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer)))
    return SW_CLI_EXIT_USAGE;
  return SW_CLI_EXIT_OK;
}
