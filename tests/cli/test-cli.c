/* test-cli.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs the built stepwise-cli (its path comes in SW_CLI, or --cli=PATH) in a scratch
 * directory and checks exit statuses, standard output and standard error. */

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sw-test-cli.h"

static const char valid_definition[] =
  "{\n"
  "  \"Comment\": \"Two states\",\n"
  "  \"StartAt\": \"Prepare\",\n"
  "  \"States\": {\n"
  "    \"Prepare\": {\n"
  "      \"Type\": \"Pass\",\n"
  "      \"Next\": \"Done\"\n"
  "    },\n"
  "    \"Done\": {\n"
  "      \"Type\": \"Succeed\"\n"
  "    }\n"
  "  }\n"
  "}\n";

/* "Next" names a state that does not exist: line 7, column 15 is the value. */
static const char invalid_definition[] =
  "{\n"
  "  \"StartAt\": \"Prepare\",\n"
  "  \"States\": {\n"
  "    \"Prepare\": {\n"
  "      \"Type\": \"Pass\",\n"
  "      \"Comment\": \"goes nowhere\",\n"
  "      \"Next\": \"Nowhere\"\n"
  "    },\n"
  "    \"Done\": {\n"
  "      \"Type\": \"Succeed\"\n"
  "    }\n"
  "  }\n"
  "}\n";

/* Valid, but written by hand: odd spacing, one line, a number lexeme to keep. */
static const char messy_definition[] =
  "{\"StartAt\":\"Wait\",  \"States\" : {\"Wait\":{\"Type\":\"Wait\",\"Seconds\":1.0e1,"
  "\"Next\":\"Done\"},\n\t\"Done\":{\"Type\":\"Succeed\",\"Comment\":\"é ✓\"}}}";

static const char messy_canonical[] =
  "{\n"
  "  \"StartAt\": \"Wait\",\n"
  "  \"States\": {\n"
  "    \"Wait\": {\n"
  "      \"Type\": \"Wait\",\n"
  "      \"Seconds\": 1.0e1,\n"
  "      \"Next\": \"Done\"\n"
  "    },\n"
  "    \"Done\": {\n"
  "      \"Type\": \"Succeed\",\n"
  "      \"Comment\": \"é ✓\"\n"
  "    }\n"
  "  }\n"
  "}\n";

/* --- usage ------------------------------------------------------------------------------ */

static void
test_usage_help (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "Usage:\n  stepwise-cli COMMAND"));
  for (guint i = 0; i < 4; i++)
    {
      const char *commands[] = { "\n  validate ", "\n  fmt ", "\n  export ", "\n  rules " };

      g_assert_nonnull (strstr (run.out, commands[i]));
    }
  /* The longest name still leaves the summaries in one column. */
  g_assert_nonnull (strstr (run.out, "\n  validate         Check definitions"));
  g_assert_nonnull (strstr (run.out, "\n  invoke-endpoint  Ask a local SageMaker endpoint"));
  g_assert_nonnull (strstr (run.out, "3 an execution timed out, 4 it was aborted.\n"));
}

static void
test_usage_version (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "stepwise-cli "));
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  g_assert_true (g_ascii_isdigit (run.out[strlen ("stepwise-cli ")]));
}

static void
test_usage_no_arguments (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_runv (&run, NULL, (const char * const []) { NULL });
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "Usage:"));
}

static void
test_usage_command_help (void)
{
  const struct { const char *command; const char *option; } cases[] = {
    { "validate", "--format=FORMAT" },
    { "fmt", "--check" },
    { "fmt", "--write" },
    { "fmt", "1 a definition does not parse or, with --check, is not in canonical form" },
    { "export", "--output=OUT" },
    { "rules", "Usage:\n  stepwise-cli rules" },
    { "rules", "\nExit status: 0 success, 2 usage error.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };
      g_auto(SwTestRun) help = { 0 };
      g_autofree char *usage = g_strdup_printf ("Usage:\n  stepwise-cli %s [OPTION…]",
                                                cases[i].command);

      sw_test_cli_run (&run, cases[i].command, "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_str_has_prefix (run.out, usage));
      g_assert_nonnull (strstr (run.out, cases[i].option));

      sw_test_cli_run (&help, "help", cases[i].command, NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_cmpstr (help.out, ==, run.out);
    }
}

static void
test_usage_unknown_command (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "frobnicate", "x.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "stepwise-cli: Unknown command “frobnicate”\n"
                   "Run “stepwise-cli --help” for usage.\n");
}

static void
test_usage_unknown_option (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_auto(SwTestRun) top = { 0 };
  g_auto(SwTestRun) format = { 0 };
  g_auto(SwTestRun) none = { 0 };

  sw_test_cli_write ("valid.json", valid_definition, -1);

  sw_test_cli_run (&run, "validate", "--bogus", "valid.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "stepwise-cli validate: Unknown option --bogus\n"
                   "Run “stepwise-cli validate --help” for usage.\n");

  sw_test_cli_run (&top, "--bogus", NULL);
  g_assert_cmpint (top.status, ==, 2);
  g_assert_true (g_str_has_prefix (top.err, "stepwise-cli: Unknown option --bogus\n"));

  sw_test_cli_run (&format, "validate", "--format", "xml", "valid.json", NULL);
  g_assert_cmpint (format.status, ==, 2);
  g_assert_true (g_str_has_prefix (format.err,
                                   "stepwise-cli validate: Unknown format “xml”; use text "
                                   "or json\n"));

  sw_test_cli_run (&none, "validate", NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_true (g_str_has_prefix (none.err, "stepwise-cli validate: No file given\n"));
}

/* --- validate --------------------------------------------------------------------------- */

static void
test_validate_valid (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_write ("valid.json", valid_definition, -1);
  sw_test_cli_run (&run, "validate", "valid.json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_validate_invalid (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_write ("invalid.json", invalid_definition, -1);
  sw_test_cli_run (&run, "validate", "invalid.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  /* The missing target, and "Done" which nothing reaches now. */
  g_assert_true (g_str_has_prefix (run.out, "invalid.json:7:15: error: "));
  g_assert_nonnull (strstr (run.out, "“Nowhere”"));
  g_assert_nonnull (strstr (run.out, " [transition-target-missing]\n"));
  g_assert_nonnull (strstr (run.out, "\ninvalid.json:9:5: "));
  g_assert_nonnull (strstr (run.out, " [state-unreachable]\n"));
}

static void
test_validate_syntax_error (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_write ("comma.json", "{\n  \"StartAt\": \"A\",\n}\n", -1);
  sw_test_cli_run (&run, "validate", "comma.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==,
                   "comma.json:3:1: error: A trailing comma is not allowed in JSON "
                   "[json-syntax]\n");
}

static void
test_validate_yaml (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_write ("invalid.asl.yaml",
                     "StartAt: Prepare\n"
                     "States:\n"
                     "  Prepare:\n"
                     "    Type: Pass\n"
                     "    Next: Nowhere\n"
                     "  Done:\n"
                     "    Type: Succeed\n", -1);
  sw_test_cli_run (&run, "validate", "invalid.asl.yaml", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "invalid.asl.yaml:5:11: error: "));
  g_assert_nonnull (strstr (run.out, " [transition-target-missing]\n"));
}

static void
test_validate_warnings_only (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_auto(SwTestRun) json = { 0 };

  /* "Iterator" still works but is deprecated: a warning, so the file is valid. */
  sw_test_cli_write ("legacy.json",
                     "{\n"
                     "  \"StartAt\": \"Each\",\n"
                     "  \"States\": {\n"
                     "    \"Each\": {\n"
                     "      \"Type\": \"Map\",\n"
                     "      \"Iterator\": {\n"
                     "        \"StartAt\": \"Item\",\n"
                     "        \"States\": {\"Item\": {\"Type\": \"Succeed\"}}\n"
                     "      },\n"
                     "      \"End\": true\n"
                     "    }\n"
                     "  }\n"
                     "}\n", -1);
  sw_test_cli_run (&run, "validate", "legacy.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "legacy.json:6:7: warning: "));
  g_assert_true (g_str_has_suffix (run.out, " [field-deprecated]\n"));

  sw_test_cli_run (&json, "validate", "--format", "json", "legacy.json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"valid\" : true"));
  g_assert_nonnull (strstr (json.out, "\"severity\" : \"warning\""));
}

static void
test_validate_several_files (void)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_write ("valid.json", valid_definition, -1);
  sw_test_cli_write ("invalid.json", invalid_definition, -1);

  /* The worst outcome decides: an unreadable file (2) beats an invalid one (1). */
  sw_test_cli_run (&run, "validate", "valid.json", "invalid.json", "missing.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.out, "invalid.json:7:15: error: "));
  g_assert_cmpstr (run.err, ==,
                   "stepwise-cli: error: Cannot read “missing.json”: No such file or "
                   "directory\n");
}

static JsonObject *
file_result (JsonArray  *files,
             guint       index,
             const char *name)
{
  JsonObject *file = json_array_get_object_element (files, index);

  g_assert_cmpstr (json_object_get_string_member (file, "file"), ==, name);
  return file;
}

static void
test_validate_json (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *file, *diagnostic;
  JsonArray *files, *diagnostics;

  sw_test_cli_write ("valid.json", valid_definition, -1);
  sw_test_cli_write ("invalid.json", invalid_definition, -1);
  sw_test_cli_write ("comma.json", "[1,]", -1);

  sw_test_cli_run (&run, "validate", "--format", "json", "valid.json", "invalid.json", "comma.json",
                   NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  files = json_object_get_array_member (root, "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 3);

  file = file_result (files, 0, "valid.json");
  g_assert_true (json_object_get_boolean_member (file, "valid"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "diagnostics")),
                    ==, 0);

  file = file_result (files, 1, "invalid.json");
  g_assert_false (json_object_get_boolean_member (file, "valid"));
  diagnostics = json_object_get_array_member (file, "diagnostics");
  g_assert_cmpuint (json_array_get_length (diagnostics), >=, 1);
  diagnostic = json_array_get_object_element (diagnostics, 0);
  g_assert_cmpstr (json_object_get_string_member (diagnostic, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (diagnostic, "code"), ==,
                   "transition-target-missing");
  g_assert_cmpint (json_object_get_int_member (diagnostic, "line"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (diagnostic, "column"), ==, 15);
  g_assert_cmpstr (json_object_get_string_member (diagnostic, "pointer"), ==,
                   "/States/Prepare/Next");
  g_assert_nonnull (strstr (json_object_get_string_member (diagnostic, "message"), "Nowhere"));

  file = file_result (files, 2, "comma.json");
  g_assert_false (json_object_get_boolean_member (file, "valid"));
  diagnostics = json_object_get_array_member (file, "diagnostics");
  g_assert_cmpuint (json_array_get_length (diagnostics), ==, 1);
  diagnostic = json_array_get_object_element (diagnostics, 0);
  g_assert_cmpstr (json_object_get_string_member (diagnostic, "code"), ==, "json-syntax");
  g_assert_cmpint (json_object_get_int_member (diagnostic, "line"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (diagnostic, "column"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (diagnostic, "pointer"), ==, "");
}

static void
test_validate_json_io_error (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *file;

  sw_test_cli_run (&run, "validate", "--format=json", "missing.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "No such file or directory"));
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  file = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files"),
    0);
  g_assert_false (json_object_get_boolean_member (file, "valid"));
  g_assert_nonnull (strstr (json_object_get_string_member (file, "error"), "missing.json"));
}

/* "-" is named <stdin> in the text and in the JSON output alike. */
static void
test_validate_stdin (void)
{
  const char *const formats[] = { "text", "json" };
  const char *const expected[] = { "<stdin>:7:15: error: ", "{\n  \"files\" : [\n    {\n"
                                   "      \"file\" : \"<stdin>\",\n" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                            G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, sw_test_cli_get_path (),
                                             "validate", "--format", formats[i], "-", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, invalid_definition, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
      g_assert_true (g_str_has_prefix (out, expected[i]));
    }
}

/* --- fmt -------------------------------------------------------------------------------- */

static void
test_fmt_print (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autofree char *after = NULL;

  sw_test_cli_write ("messy.json", messy_definition, -1);
  sw_test_cli_run (&run, "fmt", "messy.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, messy_canonical);

  /* Printing leaves the file alone. */
  after = sw_test_cli_read ("messy.json");
  g_assert_cmpstr (after, ==, messy_definition);
}

static void
test_fmt_check (void)
{
  g_auto(SwTestRun) messy = { 0 };
  g_auto(SwTestRun) clean = { 0 };

  sw_test_cli_write ("messy.json", messy_definition, -1);
  sw_test_cli_write ("clean.json", messy_canonical, -1);

  sw_test_cli_run (&messy, "fmt", "--check", "clean.json", "messy.json", NULL);
  g_assert_cmpint (messy.status, ==, 1);
  g_assert_cmpstr (messy.out, ==, "messy.json\n");
  g_assert_cmpstr (messy.err, ==, "");

  sw_test_cli_run (&clean, "fmt", "--check", "clean.json", NULL);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_cmpstr (clean.out, ==, "");
  g_assert_cmpstr (clean.err, ==, "");
}

static void
test_fmt_write (void)
{
  g_auto(SwTestRun) first = { 0 };
  g_auto(SwTestRun) second = { 0 };
  g_autofree char *path = sw_test_cli_scratch_path ("messy.json");
  g_autofree char *after = NULL;
  GStatBuf st1, st2;

  sw_test_cli_write ("messy.json", messy_definition, -1);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  sw_test_cli_run (&first, "fmt", "--write", "messy.json", NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, "");
  g_assert_cmpstr (first.err, ==, "");
  after = sw_test_cli_read ("messy.json");
  g_assert_cmpstr (after, ==, messy_canonical);
  g_assert_cmpint (g_stat (path, &st1), ==, 0);
  g_assert_cmpint (st1.st_mode & 0777, ==, 0640);

  /* Already canonical: the file is not touched (an atomic rewrite would change the inode). */
  sw_test_cli_run (&second, "fmt", "--write", "messy.json", NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpint (g_stat (path, &st2), ==, 0);
  g_assert_cmpuint (st1.st_ino, ==, st2.st_ino);
  g_assert_cmpint (st1.st_mtime, ==, st2.st_mtime);
}

static void
test_fmt_refuses (void)
{
  g_auto(SwTestRun) broken = { 0 };
  g_auto(SwTestRun) both = { 0 };
  g_auto(SwTestRun) invalid = { 0 };

  sw_test_cli_write ("broken.json", "{\"StartAt\": }", -1);
  sw_test_cli_run (&broken, "fmt", "broken.json", NULL);
  g_assert_cmpint (broken.status, ==, 1);
  g_assert_cmpstr (broken.out, ==, "");
  g_assert_cmpstr (broken.err, ==,
                   "broken.json:1:13: error: Expected a value but found “}” [json-syntax]\n");

  sw_test_cli_run (&both, "fmt", "--check", "--write", "broken.json", NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_true (g_str_has_prefix (both.err, "stepwise-cli fmt: --check and --write cannot "));

  /* Formatting is not validation: an invalid definition that parses is formatted. */
  sw_test_cli_write ("invalid.json", invalid_definition, -1);
  sw_test_cli_run (&invalid, "fmt", "invalid.json", NULL);
  g_assert_cmpint (invalid.status, ==, 0);
  g_assert_cmpstr (invalid.out, ==, invalid_definition);
}

/* --- export ----------------------------------------------------------------------------- */

static void
test_export_json (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_autofree char *out = NULL;

  sw_test_cli_write ("messy.json", messy_definition, -1);
  sw_test_cli_run (&run, "export", "messy.json", "-o", "out.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
  out = sw_test_cli_read ("out.json");
  g_assert_cmpstr (out, ==, messy_canonical);
}

static void
test_export_yaml_round_trip (void)
{
  g_auto(SwTestRun) to_yaml = { 0 };
  g_auto(SwTestRun) to_json = { 0 };
  g_auto(SwTestRun) validate = { 0 };
  g_auto(SwTestRun) fmt = { 0 };
  g_auto(SwTestRun) check = { 0 };
  g_autofree char *yaml = NULL;
  g_autofree char *back = NULL;

  sw_test_cli_write ("messy.json", messy_definition, -1);
  sw_test_cli_run (&to_yaml, "export", "messy.json", "-o", "out.yaml", NULL);
  g_assert_cmpstr (to_yaml.err, ==, "");
  g_assert_cmpint (to_yaml.status, ==, 0);
  yaml = sw_test_cli_read ("out.yaml");
  g_assert_nonnull (strstr (yaml, "StartAt: Wait\n"));
  /* The lexeme survives; the tag keeps YAML 1.1 readers from taking it for a string. */
  g_assert_nonnull (strstr (yaml, "\n    Seconds: !!float 1.0e1\n"));
  g_assert_nonnull (strstr (yaml, "\n    Comment: é ✓\n"));

  sw_test_cli_run (&validate, "validate", "out.yaml", NULL);
  g_assert_cmpint (validate.status, ==, 0);
  g_assert_cmpstr (validate.out, ==, "");

  /* fmt keeps YAML as YAML, and the export is already canonical. */
  sw_test_cli_run (&fmt, "fmt", "out.yaml", NULL);
  g_assert_cmpint (fmt.status, ==, 0);
  g_assert_cmpstr (fmt.out, ==, yaml);
  sw_test_cli_run (&check, "fmt", "--check", "out.yaml", NULL);
  g_assert_cmpint (check.status, ==, 0);

  sw_test_cli_run (&to_json, "export", "out.yaml", "-o", "back.json", NULL);
  g_assert_cmpstr (to_json.err, ==, "");
  g_assert_cmpint (to_json.status, ==, 0);
  back = sw_test_cli_read ("back.json");
  g_assert_cmpstr (back, ==, messy_canonical);
}

static void
test_export_unsupported (void)
{
  const char *outputs[] = { "out.txt", "out" };
  g_auto(SwTestRun) missing = { 0 };

  sw_test_cli_write ("valid.json", valid_definition, -1);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_auto(SwTestRun) run = { 0 };
      g_autofree char *path = sw_test_cli_scratch_path (outputs[i]);

      sw_test_cli_run (&run, "export", "valid.json", "-o", outputs[i], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "stepwise-cli export: "));
      g_assert_nonnull (strstr (run.err, "supported output formats: .json, .yaml, .yml, "
                                         ".svg, .png, .pdf"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  sw_test_cli_run (&missing, "export", "valid.json", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_true (g_str_has_prefix (missing.err, "stepwise-cli export: No output file given"));
}

/* An output that cannot be written is refused by its own name before any work, not by the
 * name of the temporary file the atomic write makes next to it. */
static void
test_export_unwritable (void)
{
  const char *const cases[][2] = {
    { "folder.json", "Cannot write “folder.json”: it is a directory" },
    { "no/out.yaml", "Cannot write “no/out.yaml”: there is no directory “no”" },
    { "no/out.svg", "Cannot write “no/out.svg”: there is no directory “no”" },
  };
  g_autofree char *dir = sw_test_cli_scratch_path ("folder.json");

  sw_test_cli_write ("valid.json", valid_definition, -1);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };
      g_autofree char *expected = g_strdup_printf ("stepwise-cli: error: %s\n", cases[i][1]);

      sw_test_cli_run (&run, "export", "valid.json", "-o", cases[i][0], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, expected);
    }
}

/* Diagrams: the extension picks the format; an invalid but readable definition is still
 * drawn (its findings on standard error), an unreadable one is not. */
static void
test_export_diagram (void)
{
  const struct { const char *name; const char *magic; gsize magic_len; } outputs[] = {
    { "out.svg", "<?xml", 5 },
    { "out.png", "\x89PNG", 4 },
    { "out.PDF", "%PDF-", 5 },
  };
  g_auto(SwTestRun) scaled = { 0 };
  g_auto(SwTestRun) invalid = { 0 };
  g_auto(SwTestRun) unreadable = { 0 };
  g_auto(SwTestRun) bad_scale = { 0 };
  g_auto(SwTestRun) yaml_dark = { 0 };
  g_autofree char *small = NULL;
  g_autofree char *big = NULL;
  gsize small_len, big_len;

  sw_test_cli_write ("valid.json", valid_definition, -1);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_auto(SwTestRun) run = { 0 };
      g_autofree char *contents = NULL;
      g_autofree char *path = sw_test_cli_scratch_path (outputs[i].name);
      gsize length;

      sw_test_cli_run (&run, "export", "valid.json", "-o", outputs[i].name, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 100);
      g_assert_cmpmem (contents, outputs[i].magic_len, outputs[i].magic, outputs[i].magic_len);
    }

  /* --scale 2 doubles a PNG's width (bytes 16–19 of the IHDR chunk) */
  {
    g_autofree char *out_png = sw_test_cli_scratch_path ("out.png");
    g_assert_true (g_file_get_contents (out_png, &small, &small_len, NULL));
  }
  sw_test_cli_run (&scaled, "export", "valid.json", "-o", "big.png", "--scale", "2", "--dark",
                   NULL);
  g_assert_cmpint (scaled.status, ==, 0);
  {
    g_autofree char *big_png = sw_test_cli_scratch_path ("big.png");
    g_assert_true (g_file_get_contents (big_png, &big, &big_len, NULL));
  }
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (big + 16)), ==,
                    2 * GUINT32_FROM_BE (*(guint32 *) (small + 16)));

  sw_test_cli_write ("invalid.json", invalid_definition, -1);
  sw_test_cli_run (&invalid, "export", "invalid.json", "-o", "invalid.svg", NULL);
  g_assert_cmpint (invalid.status, ==, 0);
  g_assert_nonnull (strstr (invalid.err, "invalid.json:7:15: error:"));
  {
    g_autofree char *invalid_svg = sw_test_cli_scratch_path ("invalid.svg");
    g_assert_true (g_file_test (invalid_svg, G_FILE_TEST_IS_REGULAR));
  }

  sw_test_cli_write ("broken.json", "{\"StartAt\": ", -1);
  sw_test_cli_run (&unreadable, "export", "broken.json", "-o", "broken.png", NULL);
  g_assert_cmpint (unreadable.status, ==, 1);
  {
    g_autofree char *broken_png = sw_test_cli_scratch_path ("broken.png");
    g_assert_false (g_file_test (broken_png, G_FILE_TEST_EXISTS));
  }

  sw_test_cli_run (&bad_scale, "export", "valid.json", "-o", "x.png", "--scale", "0", NULL);
  g_assert_cmpint (bad_scale.status, ==, 2);
  sw_test_cli_run (&yaml_dark, "export", "valid.json", "-o", "x.yaml", "--dark", NULL);
  g_assert_cmpint (yaml_dark.status, ==, 2);
}

static void
test_layout (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_auto(SwTestRun) stats = { 0 };
  g_auto(SwTestRun) invalid = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *node, *edge;

  sw_test_cli_write ("valid.json", valid_definition, -1);
  sw_test_cli_run (&run, "layout", "valid.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "nodes")), ==, 2);
  node = json_array_get_object_element (json_object_get_array_member (root, "nodes"), 1);
  g_assert_cmpstr (json_object_get_string_member (node, "name"), ==, "Done");
  g_assert_cmpint (json_object_get_int_member (node, "width"), >, 0);
  /* Start → Prepare → Done → End, straight down */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "edges")), ==, 3);
  edge = json_array_get_object_element (json_object_get_array_member (root, "edges"), 1);
  g_assert_cmpstr (json_object_get_string_member (edge, "from"), ==, "Prepare");
  g_assert_cmpstr (json_object_get_string_member (edge, "to"), ==, "Done");
  g_assert_cmpstr (json_object_get_string_member (edge, "kind"), ==, "next");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (edge, "points")), ==,
                    2);

  sw_test_cli_run (&stats, "layout", "--stats", "valid.json", NULL);
  g_assert_cmpint (stats.status, ==, 0);
  g_assert_nonnull (strstr (stats.out, "\"nodes\": 4,"));
  g_assert_nonnull (strstr (stats.out, "\"edges\": 3,"));
  g_assert_nonnull (strstr (stats.out, "\"crossings\": 0,"));
  g_assert_nonnull (strstr (stats.out, "\"bends\": 0,"));
  g_assert_nonnull (strstr (stats.out, "\"milliseconds\": "));

  /* the missing target is drawn as a node of its own */
  sw_test_cli_write ("invalid.json", invalid_definition, -1);
  sw_test_cli_run (&invalid, "layout", "invalid.json", NULL);
  g_assert_cmpint (invalid.status, ==, 0);
  g_assert_nonnull (strstr (invalid.err, "invalid.json:7:15: error:"));
  g_assert_nonnull (strstr (invalid.out, "{ \"name\": \"Nowhere\", \"missing\": true"));
}

/* --- rules ------------------------------------------------------------------------------ */

static void
test_rules (void)
{
  g_auto(SwTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  gboolean seen = FALSE;

  sw_test_cli_run (&run, "rules", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 20);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_assert_true (g_regex_match_simple ("^[a-z0-9]+(-[a-z0-9]+)*  +(error|warning)  +\\S",
                                           lines[i], 0, 0));
      if (g_str_has_prefix (lines[i], "transition-target-missing "))
        {
          seen = TRUE;
          g_assert_nonnull (strstr (lines[i], " error "));
        }
    }
  g_assert_true (seen);
}

/* --- bad input -------------------------------------------------------------------------- */

static void
assert_refused (const char *name,
                int         status,
                const char *expected_out,
                const char *expected_err)
{
  g_auto(SwTestRun) run = { 0 };

  sw_test_cli_run (&run, "validate", name, NULL);
  g_assert_cmpint (run.status, ==, status);
  if (expected_out)
    g_assert_cmpstr (run.out, ==, expected_out);
  else
    g_assert_cmpstr (run.out, ==, "");
  if (expected_err)
    g_assert_cmpstr (run.err, ==, expected_err);
  else
    g_assert_cmpstr (run.err, ==, "");
}

static void
test_bad_not_json (void)
{
  sw_test_cli_write ("notjson.json", "StartAt: Done\n", -1);
  assert_refused ("notjson.json", 1,
                  "notjson.json:1:1: error: Expected a value but found “S” [json-syntax]\n",
                  NULL);
}

static void
test_bad_invalid_utf8 (void)
{
  sw_test_cli_write ("latin1.json", "{\"Comment\": \"caf\xe9\"}", -1);
  assert_refused ("latin1.json", 1,
                  "latin1.json:1:17: error: The text is not valid UTF-8 [invalid-encoding]\n",
                  NULL);
}

static void
test_bad_deep (void)
{
  g_autofree char *deep = g_malloc (100000 + 1);

  memset (deep, '[', 100000);
  deep[100000] = '\0';
  sw_test_cli_write ("deep.json", deep, -1);
  assert_refused ("deep.json", 1,
                  "deep.json:1:513: error: Values nest deeper than 512 levels [too-deep]\n",
                  NULL);
}

static void
test_bad_huge_sparse (void)
{
  g_autofree char *path = sw_test_cli_scratch_path ("huge.json");
  struct rusage usage;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 * 1024 * 1024), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);

  assert_refused ("huge.json", 1,
                  "huge.json: error: The input is 209715200 bytes; the limit is 64 MiB "
                  "[too-large]\n",
                  NULL);

  /* Refused before reading: no child of this test has come near 200 MB. */
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  g_assert_cmpint (usage.ru_maxrss, <, 150 * 1024);

  g_unlink (path);
}

static void
test_bad_binary (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(SwTestRun) run = { 0 };
  gsize length;

  g_file_get_contents ("/bin/true", &contents, &length, &error);
  g_assert_no_error (error);
  sw_test_cli_write ("true.json", contents, length);

  sw_test_cli_run (&run, "validate", "true.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "true.json:1:1: error: "));
  g_assert_true (g_str_has_suffix (run.out, " [json-syntax]\n") ||
                 g_str_has_suffix (run.out, " [invalid-encoding]\n"));
  g_assert_cmpuint (strlen (run.out), <, 200);
}

static void
test_bad_empty (void)
{
  sw_test_cli_write ("empty.json", "", 0);
  assert_refused ("empty.json", 1, "empty.json:1:1: error: The input is empty [empty]\n", NULL);

  sw_test_cli_write ("blank.json", "  \n\n", -1);
  assert_refused ("blank.json", 1, "blank.json:3:1: error: The input is empty [empty]\n", NULL);
}

static void
test_bad_directory (void)
{
  g_autofree char *path = sw_test_cli_scratch_path ("adir.json");

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  assert_refused ("adir.json", 2, NULL,
                  "stepwise-cli: error: “adir.json” is a directory, not a file\n");
  g_rmdir (path);
}

static void
test_bad_not_regular (void)
{
  assert_refused ("/dev/null", 2, NULL,
                  "stepwise-cli: error: “/dev/null” is not a regular file\n");
}

static void
test_bad_missing (void)
{
  assert_refused ("missing.json", 2, NULL,
                  "stepwise-cli: error: Cannot read “missing.json”: No such file or "
                  "directory\n");
}

/* YAML comments, which the writer cannot keep: fmt warns when printing and --write leaves
 * the file as it is; a "#" inside a scalar (quoted, plain or block) is no comment. */
static void
test_fmt_yaml_comments (void)
{
  static const char commented[] =
    "Comment: \"×× # not a comment\"\n"
    "StartAt: A  # the first state\n"
    "States:\n"
    "  A: {Type: Pass, End: true}\n";
  static const char plain[] =
    "Comment: \"×× # not a comment\"\n"
    "StartAt: A\n"
    "States:\n"
    "  A:\n"
    "    Type: Pass\n"
    "    Result: x#y\n"
    "    Comment: |\n"
    "      # a heading\n"
    "    End:   true\n";
  g_auto(SwTestRun) print = { 0 };
  g_auto(SwTestRun) write = { 0 };
  g_auto(SwTestRun) write_plain = { 0 };
  g_autofree char *after = NULL;
  g_autofree char *after_plain = NULL;

  sw_test_cli_write ("commented.asl.yaml", commented, -1);
  sw_test_cli_write ("plain.asl.yaml", plain, -1);

  sw_test_cli_run (&print, "fmt", "commented.asl.yaml", NULL);
  g_assert_cmpint (print.status, ==, 0);
  g_assert_cmpstr (print.err, ==, "commented.asl.yaml: warning: the comments are not kept\n");
  g_assert_true (g_str_has_prefix (print.out, "Comment: "));

  sw_test_cli_run (&write, "fmt", "--write", "commented.asl.yaml", NULL);
  g_assert_cmpint (write.status, ==, 2);
  g_assert_cmpstr (write.err, ==, "stepwise-cli: error: “commented.asl.yaml” holds YAML "
                                  "comments, which fmt cannot keep; it is left unchanged\n");
  after = sw_test_cli_read ("commented.asl.yaml");
  g_assert_cmpstr (after, ==, commented);

  sw_test_cli_run (&write_plain, "fmt", "--write", "plain.asl.yaml", NULL);
  g_assert_cmpint (write_plain.status, ==, 0);
  g_assert_cmpstr (write_plain.err, ==, "");
  after_plain = sw_test_cli_read ("plain.asl.yaml");
  g_assert_cmpstr (after_plain, !=, plain);
  g_assert_nonnull (strstr (after_plain, "# a heading"));
}

/* --- run -------------------------------------------------------------------------------- */

/* Standard input can be read once: two "-" are a usage error, before anything is read. */
static void
test_run_stdin_once (void)
{
  const char *const cases[][6] = {   /* NULL-terminated */
    { "run", "-", "--input-file", "-", NULL },
    { "run", "valid.json", "--input-file", "-", "--handlers=-", NULL },
  };

  sw_test_cli_write ("valid.json", valid_definition, -1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };

      sw_test_cli_runv (&run, NULL, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, "stepwise-cli run: Only one of FILE, --input-file, "
                                    "--mock-config and --handlers can read standard input "
                                    "(“-”)\nRun “stepwise-cli run --help” for usage.\n");
    }
}

/* Without --local-s3, a distributed Map reads S3 from the default root, the one SageMaker's
 * integrations use ($XDG_DATA_HOME/stepwise/s3 when no setting names another). */
static void
test_run_default_local_s3 (void)
{
  static const char machine[] =
    "{\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Map\", \"ItemReader\": {"
    "\"Resource\": \"arn:aws:states:::s3:getObject\", \"ReaderConfig\": {\"InputType\": "
    "\"JSON\"}, \"Parameters\": {\"Bucket\": \"bkt\", \"Key\": \"items.json\"}}, "
    "\"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", "
    "\"ExecutionType\": \"STANDARD\"}, \"StartAt\": \"P\", \"States\": {\"P\": {"
    "\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}}}";
  const char *const args[] = { "run", "map.json", NULL };
  g_autofree char *data_home = sw_test_cli_scratch_path ("data-home");
  g_autofree char *bucket = g_build_filename (data_home, "stepwise", "s3", "bkt", NULL);
  g_auto(GStrv) env = sw_test_cli_environ ();
  g_auto(SwTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (bucket, 0755), ==, 0);
  sw_test_cli_write ("data-home/stepwise/s3/bkt/items.json", "[{\"v\": 1}, {\"v\": 2}]", -1);
  sw_test_cli_write ("map.json", machine, -1);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  sw_test_cli_runv (&run, (const char * const *) env, args);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[\n  {\n    \"v\": 1\n  },\n  {\n    \"v\": 2\n  }\n]\n");
}

/* --- invoke-endpoint ------------------------------------------------------------------- */

/* Usage errors, and a local S3 root that does not exist named as such rather than every
 * endpoint being "not found". */
static void
test_invoke_endpoint_usage (void)
{
  const char *const cases[][7] = {   /* NULL-terminated */
    { "invoke-endpoint", NULL },
    { "invoke-endpoint", "ep", NULL },
    { "invoke-endpoint", "ep", "--body", "digit.json", "--local-s3", "no-such-root" },
  };
  const char *const expected[] = {
    "stepwise-cli invoke-endpoint: No endpoint name given\n",
    "stepwise-cli invoke-endpoint: --body FILE is required\n",
    "stepwise-cli: error: The local S3 root “no-such-root” is not a directory; give the "
    "--local-s3 of the run that created the endpoint\n",
  };

  sw_test_cli_write ("digit.json", "[[0]]", -1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SwTestRun) run = { 0 };

      sw_test_cli_runv (&run, NULL, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, expected[i]));
    }
}

int
main (int    argc,
      char **argv)
{
  sw_test_cli_init (&argc, &argv, "test-cli");

  g_test_add_func ("/cli/usage/help", test_usage_help);
  g_test_add_func ("/cli/usage/version", test_usage_version);
  g_test_add_func ("/cli/usage/no-arguments", test_usage_no_arguments);
  g_test_add_func ("/cli/usage/command-help", test_usage_command_help);
  g_test_add_func ("/cli/usage/unknown-command", test_usage_unknown_command);
  g_test_add_func ("/cli/usage/unknown-option", test_usage_unknown_option);
  g_test_add_func ("/cli/validate/valid", test_validate_valid);
  g_test_add_func ("/cli/validate/invalid", test_validate_invalid);
  g_test_add_func ("/cli/validate/syntax-error", test_validate_syntax_error);
  g_test_add_func ("/cli/validate/yaml", test_validate_yaml);
  g_test_add_func ("/cli/validate/warnings-only", test_validate_warnings_only);
  g_test_add_func ("/cli/validate/several-files", test_validate_several_files);
  g_test_add_func ("/cli/validate/json", test_validate_json);
  g_test_add_func ("/cli/validate/json-io-error", test_validate_json_io_error);
  g_test_add_func ("/cli/validate/stdin", test_validate_stdin);
  g_test_add_func ("/cli/fmt/print", test_fmt_print);
  g_test_add_func ("/cli/fmt/check", test_fmt_check);
  g_test_add_func ("/cli/fmt/write", test_fmt_write);
  g_test_add_func ("/cli/fmt/refuses", test_fmt_refuses);
  g_test_add_func ("/cli/fmt/yaml-comments", test_fmt_yaml_comments);
  g_test_add_func ("/cli/export/json", test_export_json);
  g_test_add_func ("/cli/export/yaml-round-trip", test_export_yaml_round_trip);
  g_test_add_func ("/cli/export/unsupported", test_export_unsupported);
  g_test_add_func ("/cli/export/unwritable", test_export_unwritable);
  g_test_add_func ("/cli/run/stdin-once", test_run_stdin_once);
  g_test_add_func ("/cli/run/default-local-s3", test_run_default_local_s3);
  g_test_add_func ("/cli/invoke-endpoint/usage", test_invoke_endpoint_usage);
  g_test_add_func ("/cli/export/diagram", test_export_diagram);
  g_test_add_func ("/cli/layout", test_layout);
  g_test_add_func ("/cli/rules", test_rules);
  g_test_add_func ("/cli/bad-input/not-json", test_bad_not_json);
  g_test_add_func ("/cli/bad-input/invalid-utf8", test_bad_invalid_utf8);
  g_test_add_func ("/cli/bad-input/deep", test_bad_deep);
  g_test_add_func ("/cli/bad-input/huge-sparse", test_bad_huge_sparse);
  g_test_add_func ("/cli/bad-input/binary", test_bad_binary);
  g_test_add_func ("/cli/bad-input/empty", test_bad_empty);
  g_test_add_func ("/cli/bad-input/directory", test_bad_directory);
  g_test_add_func ("/cli/bad-input/not-regular", test_bad_not_regular);
  g_test_add_func ("/cli/bad-input/missing", test_bad_missing);

  return sw_test_cli_run_tests ();
}
