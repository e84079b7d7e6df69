/* sw-test-python.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Tests that compare with a Python peer (botocore): find python3, check a module is there
 * (skip the test otherwise), and run a script of the source tree with JSON in, JSON out. */

static inline const char *
sw_test_python_path (void)
{
  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3"
                                                                      : "python3";
}

/* Whether `import @module` works. */
static inline gboolean
sw_test_python_has_module (const char *module)
{
  g_autofree char *statement = g_strconcat ("import ", module, NULL);
  const char *argv[] = { sw_test_python_path (), "-c", statement, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Runs SW_SOURCE_DIR/@script with @input as JSON on its standard input; aborts the test
 * when it fails. Returns (transfer full) the JSON it wrote. */
static inline JsonNode *
sw_test_python_run_json (const char *script,
                         JsonNode   *input)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SW_SOURCE_DIR"), script, NULL);
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, input);
  data = json_generator_to_data (generator, &length);
  in = g_bytes_new_take (data, length);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, sw_test_python_path (),
                              path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, in, NULL, &out, &errors, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %.*s", script, (int) g_bytes_get_size (errors),
             (const char *) g_bytes_get_data (errors, NULL));
  json_parser_load_from_data (parser, g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                              &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

G_END_DECLS
