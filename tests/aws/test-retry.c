/* test-retry.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The retry modes: retry_mode and max_attempts from the config file and the environment
 * (requests counted at a fake server), legacy mode's errors and backoff, and the adaptive
 * mode's rate limiter compared with botocore's own classes (adaptive-botocore.py) on fixed
 * timelines, alone and wired into a client on a fake clock. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fake-sfn.h"
#include "sw-aws-error.h"
#include "sw-aws-private.h"
#include "sw-aws-retry-private.h"
#include "sw-aws-transport-private.h"
#include "sw-sagemaker-client.h"
#include "sw-sfn-client.h"
#include "../common/sw-test-python.h"
#include "../common/sw-test-sfn-call.h"

#define KEY "AKIDTESTRETRY"
#define SECRET "test/retry+secret"
#define START_TIME 1000.0

/* Timelines */

typedef enum
{
  EVENT_ADVANCE,
  EVENT_SEND,
  EVENT_OK,
  EVENT_THROTTLE,
} EventOp;

typedef struct
{
  EventOp op;
  double dt;
} Event;

typedef struct
{
  double time;
  GArray *waits;          /* of double, for a send */
  double measured_rate;   /* the rest after an answer */
  double fill_rate;
  double max_capacity;
  double capacity;
  double w_max;
  double k;
  double last_fail;
} Record;

static void
record_clear (gpointer data)
{
  Record *record = data;

  g_clear_pointer (&record->waits, g_array_unref);
}

static GArray *
records_new (void)
{
  GArray *records = g_array_new (FALSE, TRUE, sizeof (Record));

  g_array_set_clear_func (records, record_clear);
  return records;
}

/* A fake clock's step: @dt later, or the next time there is when @dt is too short to move
 * it (the bucket can ask for 1e-16 s); adaptive-botocore.py steps the same way. */
static double
advance (double now,
         double dt)
{
  double later = now + dt;

  return later > now ? later : nextafter (now, INFINITY);
}

/* Runs @events through sw-aws-retry.c's limiter. */
static GArray *
replay_c (const Event *events,
          guint        n_events)
{
  GArray *records = records_new ();
  SwAwsRateLimiter limiter;
  double now = START_TIME;

  _sw_aws_rate_limiter_init (&limiter, now);
  for (guint i = 0; i < n_events; i++)
    {
      Record record = { 0 };

      switch (events[i].op)
        {
        case EVENT_ADVANCE:
          now = advance (now, events[i].dt);
          break;
        case EVENT_SEND:
          record.waits = g_array_new (FALSE, FALSE, sizeof (double));
          for (;;)
            {
              double wait = _sw_aws_rate_limiter_acquire (&limiter, now);

              if (wait <= 0)
                break;
              g_array_append_val (record.waits, wait);
              now = advance (now, wait);
            }
          break;
        case EVENT_OK:
        case EVENT_THROTTLE:
          _sw_aws_rate_limiter_update (&limiter, now, events[i].op == EVENT_THROTTLE);
          record.measured_rate = limiter.measured_rate;
          record.fill_rate = limiter.fill_rate;
          record.max_capacity = limiter.max_capacity;
          record.capacity = limiter.current_capacity;
          record.w_max = limiter.w_max;
          record.k = limiter.k;
          record.last_fail = limiter.last_fail;
          break;
        }
      record.time = now;
      g_array_append_val (records, record);
    }
  return records;
}

static double
member_double (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_double_member (object, name);
}

/* Runs @events through botocore's classes. */
static GArray *
replay_botocore (const Event *events,
                 guint        n_events)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) output = NULL;
  static const char *const names[] = { "advance", "send", "ok", "throttle" };
  GArray *records = records_new ();
  JsonArray *array;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_double_value (builder, START_TIME);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_events; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, names[events[i].op]);
      if (events[i].op == EVENT_ADVANCE)
        {
          json_builder_set_member_name (builder, "dt");
          json_builder_add_double_value (builder, events[i].dt);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  output = sw_test_python_run_json ("tests/aws/adaptive-botocore.py", root);
  array = json_node_get_array (output);
  g_assert_cmpuint (json_array_get_length (array), ==, n_events);
  for (guint i = 0; i < n_events; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      Record record = { 0 };

      record.time = member_double (object, "time");
      if (events[i].op == EVENT_SEND)
        {
          JsonArray *waits = json_object_get_array_member (object, "waits");

          record.waits = g_array_new (FALSE, FALSE, sizeof (double));
          for (guint j = 0; j < json_array_get_length (waits); j++)
            {
              double wait = json_array_get_double_element (waits, j);

              g_array_append_val (record.waits, wait);
            }
        }
      else if (events[i].op != EVENT_ADVANCE)
        {
          record.measured_rate = member_double (object, "measured_rate");
          record.fill_rate = member_double (object, "fill_rate");
          record.max_capacity = member_double (object, "max_capacity");
          record.capacity = member_double (object, "capacity");
          record.w_max = member_double (object, "w_max");
          record.k = member_double (object, "k");
          record.last_fail = member_double (object, "last_fail");
        }
      g_array_append_val (records, record);
    }
  return records;
}

static double max_difference;

#define assert_close(a, b) G_STMT_START { \
  max_difference = MAX (max_difference, fabs ((a) - (b))); \
  g_assert_cmpfloat_with_epsilon ((a), (b), 1e-6 * MAX (1.0, fabs (b))); \
} G_STMT_END

static void
compare_records (GArray *ours,
                 GArray *theirs)
{
  g_assert_cmpuint (ours->len, ==, theirs->len);
  for (guint i = 0; i < ours->len; i++)
    {
      Record *a = &g_array_index (ours, Record, i);
      Record *b = &g_array_index (theirs, Record, i);

      assert_close (a->time, b->time);
      g_assert_true ((a->waits == NULL) == (b->waits == NULL));
      if (a->waits != NULL)
        {
          g_assert_cmpuint (a->waits->len, ==, b->waits->len);
          for (guint j = 0; j < a->waits->len; j++)
            assert_close (g_array_index (a->waits, double, j),
                          g_array_index (b->waits, double, j));
        }
      assert_close (a->measured_rate, b->measured_rate);
      assert_close (a->fill_rate, b->fill_rate);
      assert_close (a->max_capacity, b->max_capacity);
      assert_close (a->capacity, b->capacity);
      assert_close (a->w_max, b->w_max);
      assert_close (a->k, b->k);
      assert_close (a->last_fail, b->last_fail);
    }
}

/* Bursts of throttles between calm stretches, answers at random gaps. */
static GArray *
random_timeline (guint32 seed,
                 guint   n_requests)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *events = g_array_new (FALSE, FALSE, sizeof (Event));

  for (guint i = 0; i < n_requests; i++)
    {
      gboolean hot = (i / 40) % 2 == 1;
      Event gap = { EVENT_ADVANCE, 0 };
      Event send = { EVENT_SEND, 0 };
      Event answer = { EVENT_OK, 0 };

      if (g_rand_boolean (rand))
        {
          gap.dt = g_rand_double_range (rand, 0, 0.6);
          g_array_append_val (events, gap);
        }
      g_array_append_val (events, send);
      if (g_rand_double (rand) < (hot ? 0.6 : 0.03))
        answer.op = EVENT_THROTTLE;
      g_array_append_val (events, answer);
    }
  return events;
}

static void
test_adaptive_botocore (void)
{
  static const Event fixed[] = {
    { EVENT_SEND }, { EVENT_OK }, { EVENT_ADVANCE, 0.2 }, { EVENT_SEND }, { EVENT_OK },
    { EVENT_ADVANCE, 0.4 }, { EVENT_SEND }, { EVENT_THROTTLE }, { EVENT_ADVANCE, 0.5 },
    { EVENT_SEND }, { EVENT_THROTTLE }, { EVENT_ADVANCE, 1.0 }, { EVENT_SEND }, { EVENT_OK },
    { EVENT_SEND }, { EVENT_OK }, { EVENT_SEND }, { EVENT_OK }, { EVENT_ADVANCE, 3.0 },
    { EVENT_SEND }, { EVENT_OK }, { EVENT_SEND }, { EVENT_THROTTLE }, { EVENT_SEND },
    { EVENT_OK }, { EVENT_ADVANCE, 10.0 }, { EVENT_SEND }, { EVENT_OK },
  };
  g_autoptr(GArray) ours = NULL;
  g_autoptr(GArray) theirs = NULL;
  Record *last;

  if (!sw_test_python_has_module ("botocore.retries.adaptive"))
    {
      g_test_skip ("python3 with botocore is not installed (python3-botocore)");
      return;
    }

  ours = replay_c (fixed, G_N_ELEMENTS (fixed));
  theirs = replay_botocore (fixed, G_N_ELEMENTS (fixed));
  compare_records (ours, theirs);
  /* The first throttle, three sends in the first half-second bucket measured as 0.8 × 3 /
   * 0.5 per second, drops the rate to 0.7 times that. */
  assert_close (g_array_index (ours, Record, 7).measured_rate, 4.8);
  assert_close (g_array_index (ours, Record, 7).w_max, 4.8);
  assert_close (g_array_index (ours, Record, 7).fill_rate, 0.7 * 4.8);
  last = &g_array_index (ours, Record, ours->len - 1);
  g_test_message ("fixed timeline: ends at t=%.6f, rate %.6f/s, measured %.6f/s, "
                  "botocore %.6f/s, %.6f/s", last->time, last->fill_rate, last->measured_rate,
                  g_array_index (theirs, Record, ours->len - 1).fill_rate,
                  g_array_index (theirs, Record, ours->len - 1).measured_rate);

  for (guint32 seed = 1; seed <= 4; seed++)
    {
      g_autoptr(GArray) events = random_timeline (seed, 400);
      guint n_waits = 0;

      g_clear_pointer (&ours, g_array_unref);
      g_clear_pointer (&theirs, g_array_unref);
      ours = replay_c ((const Event *) events->data, events->len);
      theirs = replay_botocore ((const Event *) events->data, events->len);
      compare_records (ours, theirs);
      for (guint i = 0; i < ours->len; i++)
        if (g_array_index (ours, Record, i).waits != NULL)
          n_waits += g_array_index (ours, Record, i).waits->len;
      /* The timelines do throttle: sends had to wait. */
      g_assert_cmpuint (n_waits, >, 10);
      last = &g_array_index (ours, Record, ours->len - 1);
      g_test_message ("seed %u: %u events, %u waits, ends at t=%.6f with rate %.6f/s "
                      "(botocore %.6f/s)", seed, events->len, n_waits, last->time,
                      last->fill_rate, g_array_index (theirs, Record, ours->len - 1).fill_rate);
    }
  g_test_message ("largest difference from botocore: %g", max_difference);
}

/* Legacy mode, as botocore's _retry.json. */
static void
test_legacy_rules (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "refused");

  g_assert_cmpint (_sw_aws_retry_classify_legacy (400, "ThrottlingException", NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (400, "Throttling", NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  /* Standard mode's longer list is not legacy's. */
  g_assert_cmpint (_sw_aws_retry_classify (400, "TooManyRequestsException", NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (400, "TooManyRequestsException", NULL), ==,
                   SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (400, "RequestTimeout", NULL), ==,
                   SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (429, NULL, NULL), ==,
                   SW_AWS_RETRY_THROTTLING);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (509, NULL, NULL), ==,
                   SW_AWS_RETRY_TRANSIENT);
  g_assert_cmpint (_sw_aws_retry_classify (509, NULL, NULL), ==, SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (503, "ServiceUnavailable", NULL), ==,
                   SW_AWS_RETRY_TRANSIENT);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (400, "ValidationException", NULL), ==,
                   SW_AWS_RETRY_NONE);
  g_assert_cmpint (_sw_aws_retry_classify_legacy (0, NULL, refused), ==,
                   SW_AWS_RETRY_TRANSIENT);

  /* rand × 2^(attempt − 1), capped at 20 s in standard mode only. */
  g_assert_cmpfloat (_sw_aws_retry_backoff_legacy (1, 0.5), ==, 0.5);
  g_assert_cmpfloat (_sw_aws_retry_backoff_legacy (4, 0.5), ==, 4.0);
  g_assert_cmpfloat (_sw_aws_retry_backoff_legacy (8, 0.5), ==, 64.0);
  g_assert_cmpfloat (_sw_aws_retry_backoff (8, 0.5), ==, 20.0);
}

/* Clients from the config, against a fake server */

typedef struct
{
  FakeSfn *fake;
  char *dir;
  char *config_path;
  char *credentials_path;
  GArray *sleeps;
  double now;
} Fixture;

static void
record_sleep (double   seconds,
              gpointer user_data)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->sleeps, seconds);
  fixture->now = advance (fixture->now, seconds);
}

static double
fake_time (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static double
half (gpointer user_data)
{
  return 0.5;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = fake_sfn_new ();
  fake_sfn_add_credentials (fixture->fake, KEY, SECRET, NULL);
  fixture->dir = g_dir_make_tmp ("sw-test-retry-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_path = g_build_filename (fixture->dir, "config", NULL);
  fixture->credentials_path = g_build_filename (fixture->dir, "credentials", NULL);
  fixture->sleeps = g_array_new (FALSE, FALSE, sizeof (double));
  fixture->now = START_TIME;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->config_path);
  g_rmdir (fixture->dir);
  g_free (fixture->config_path);
  g_free (fixture->credentials_path);
  g_free (fixture->dir);
  g_array_unref (fixture->sleeps);
  fake_sfn_free (fixture->fake);
}

/* A client for @config_text, with @extra_env ("NAME=value", NULL-terminated). */
static SwSfnClient *
client_for_config (Fixture     *fixture,
                   const char  *config_text,
                   GError     **error,
                   ...)
{
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SwAwsConfig) config = NULL;
  SwSfnClient *client;
  const char *extra;
  va_list args;

  g_assert_true (g_file_set_contents (fixture->config_path, config_text, -1, NULL));
  g_ptr_array_add (env, g_strdup_printf ("AWS_CONFIG_FILE=%s", fixture->config_path));
  g_ptr_array_add (env, g_strdup_printf ("AWS_SHARED_CREDENTIALS_FILE=%s",
                                         fixture->credentials_path));
  g_ptr_array_add (env, g_strdup ("AWS_ACCESS_KEY_ID=" KEY));
  g_ptr_array_add (env, g_strdup ("AWS_SECRET_ACCESS_KEY=" SECRET));
  g_ptr_array_add (env, g_strdup ("AWS_REGION=eu-west-1"));
  g_ptr_array_add (env, g_strdup_printf ("AWS_ENDPOINT_URL=%s", url));
  va_start (args, error);
  while ((extra = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (env, g_strdup (extra));
  va_end (args);
  g_ptr_array_add (env, NULL);

  config = sw_aws_config_new ((const char *const *) env->pdata, NULL, error);
  if (config == NULL)
    return NULL;
  client = sw_sfn_client_new_for_config (config, NULL, NULL, error);
  if (client == NULL)
    return NULL;
  _sw_aws_transport_set_sleep_func (_sw_sfn_client_get_transport (client), record_sleep,
                                    fixture);
  _sw_aws_transport_set_random_func (_sw_sfn_client_get_transport (client), half, NULL);
  _sw_aws_transport_set_time_func (_sw_sfn_client_get_transport (client), fake_time, fixture);
  return client;
}

/* ListStateMachines with the next @n_throttles answers throttles (never more than the call
 * uses up); returns the requests it took. */
static guint
list_throttled (Fixture     *fixture,
                SwSfnClient *client,
                guint        n_throttles,
                GError     **error)
{
  g_autoptr(JsonObject) in = json_object_new ();
  SwTestSfnCall result = { 0 };

  fake_sfn_clear_requests (fixture->fake);
  for (guint i = 0; i < n_throttles; i++)
    fake_sfn_inject_error (fixture->fake, NULL, 400, "ThrottlingException", "Rate exceeded");
  sw_sfn_client_call_async (client, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, NULL,
                            sw_test_sfn_call_cb, &result);
  sw_test_sfn_call_wait (&result, NULL);
  g_clear_pointer (&result.output, json_object_unref);
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), >=, n_throttles);
  return fake_sfn_count_requests (fixture->fake, NULL);
}

static void
test_max_attempts_config (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSfnClient) client = NULL;
  g_autoptr(SwSfnClient) env_client = NULL;
  g_autoptr(SwSfnClient) legacy = NULL;
  g_autoptr(SwSfnClient) bad = NULL;

  /* max_attempts = 4 in the profile: 4 requests, then the throttle surfaces. */
  client = client_for_config (fixture, "[default]\nmax_attempts = 4\n", &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (sw_sfn_client_get_retry_mode (client), ==, SW_AWS_RETRY_MODE_STANDARD);
  g_assert_cmpuint (list_throttled (fixture, client, 4, &error), ==, 4);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE);
  g_assert_cmpstr (sw_aws_error_get_service_code (error), ==, "ThrottlingException");
  g_clear_error (&error);
  g_assert_cmpuint (fixture->sleeps->len, ==, 3);
  g_assert_cmpfloat (g_array_index (fixture->sleeps, double, 2), ==, 2.0);
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (_sw_sfn_client_get_transport (client)),
                    ==, 500 - 3 * SW_AWS_RETRY_COST);

  /* AWS_MAX_ATTEMPTS wins over the profile; 7 attempts, 6 retries within the quota. */
  env_client = client_for_config (fixture, "[default]\nmax_attempts = 4\n", &error,
                                  "AWS_MAX_ATTEMPTS=7", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_sfn_client_get_max_attempts (env_client), ==, 7);
  g_assert_cmpuint (list_throttled (fixture, env_client, 7, &error), ==, 7);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE);
  g_clear_error (&error);
  /* And a success within them after 5 throttles. */
  g_assert_cmpuint (list_throttled (fixture, env_client, 5, &error), ==, 6);
  g_assert_no_error (error);

  /* Legacy from the profile: 5 attempts by default, no quota, uncapped waits. */
  g_array_set_size (fixture->sleeps, 0);
  legacy = client_for_config (fixture, "[default]\nretry_mode = legacy\n", &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (sw_sfn_client_get_retry_mode (legacy), ==, SW_AWS_RETRY_MODE_LEGACY);
  g_assert_cmpuint (sw_sfn_client_get_max_attempts (legacy), ==, SW_AWS_LEGACY_MAX_ATTEMPTS);
  g_assert_cmpuint (list_throttled (fixture, legacy, 5, &error), ==, 5);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->sleeps->len, ==, 4);
  g_assert_cmpfloat (g_array_index (fixture->sleeps, double, 3), ==, 4.0);
  g_assert_cmpuint (_sw_aws_transport_get_retry_quota (_sw_sfn_client_get_transport (legacy)),
                    ==, SW_AWS_RETRY_INITIAL_TOKENS);
  /* TooManyRequestsException is not retried in legacy mode. */
  fake_sfn_clear_requests (fixture->fake);
  fake_sfn_inject_error (fixture->fake, NULL, 400, "TooManyRequestsException", "Slow down");
  {
    g_autoptr(JsonObject) in = json_object_new ();
    SwTestSfnCall result = { 0 };

    sw_sfn_client_call_async (legacy, SW_SFN_OPERATION_LIST_STATE_MACHINES, in, NULL,
                              sw_test_sfn_call_cb, &result);
    sw_test_sfn_call_wait (&result, NULL);
    g_assert_error (result.error, SW_AWS_ERROR, SW_AWS_ERROR_SERVICE);
    g_clear_error (&result.error);
    g_assert_cmpuint (fake_sfn_count_requests (fixture->fake, NULL), ==, 1);
  }

  /* AWS_RETRY_MODE wins over the profile; an unknown mode is refused as botocore does. */
  g_clear_object (&legacy);
  legacy = client_for_config (fixture, "[default]\nretry_mode = legacy\n", &error,
                              "AWS_RETRY_MODE=adaptive", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (sw_sfn_client_get_retry_mode (legacy), ==, SW_AWS_RETRY_MODE_ADAPTIVE);
  g_assert_cmpuint (sw_sfn_client_get_max_attempts (legacy), ==, SW_AWS_DEFAULT_MAX_ATTEMPTS);
  bad = client_for_config (fixture, "[default]\nretry_mode = fast\n", &error, NULL);
  g_assert_null (bad);
  g_assert_error (error, SW_AWS_ERROR, SW_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "fast"));
  g_clear_error (&error);
}

/* The SageMaker client takes the same settings. */
static void
test_sagemaker_config (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = fake_sfn_dup_url (fixture->fake);
  g_autofree char *config_env = g_strdup_printf ("AWS_CONFIG_FILE=%s", fixture->config_path);
  g_autofree char *endpoint_env = g_strdup_printf ("AWS_ENDPOINT_URL=%s", url);
  const char *env[] = {
    config_env, "AWS_SHARED_CREDENTIALS_FILE=/nonexistent", "AWS_ACCESS_KEY_ID=" KEY,
    "AWS_SECRET_ACCESS_KEY=" SECRET, "AWS_REGION=eu-west-1", endpoint_env, NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAwsConfig) config = NULL;
  g_autoptr(SwSageMakerClient) client = NULL;
  SwAwsTransport *transport;

  g_assert_true (g_file_set_contents (fixture->config_path,
                                      "[default]\nretry_mode = adaptive\nmax_attempts = 9\n",
                                      -1, NULL));
  config = sw_aws_config_new (env, NULL, &error);
  g_assert_no_error (error);
  client = sw_sagemaker_client_new_for_config (config, NULL, NULL, &error);
  g_assert_no_error (error);
  transport = _sw_sagemaker_client_get_transport (client);
  g_assert_cmpint (_sw_aws_transport_get_retry_mode (transport), ==,
                   SW_AWS_RETRY_MODE_ADAPTIVE);
  g_assert_cmpuint (_sw_aws_transport_get_max_attempts (transport), ==, 9);
}

/* Adaptive mode in a client: after throttles, sends wait for the bucket's tokens, exactly
 * as long as botocore's limiter makes them wait on the same timeline. */
static void
test_adaptive_client (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSfnClient) standard = NULL;
  g_autoptr(SwSfnClient) adaptive = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) expected_sleeps = g_array_new (FALSE, FALSE, sizeof (double));
  double standard_time, adaptive_time;
  const guint n_calls = 12;

  /* Standard mode: only the two backoffs of the first call. */
  standard = client_for_config (fixture, "[default]\n", &error, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < n_calls; i++)
    {
      g_assert_cmpuint (list_throttled (fixture, standard, i == 0 ? 2 : 0, &error), ==,
                        i == 0 ? 3 : 1);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (fixture->sleeps->len, ==, 2);
  standard_time = fixture->now - START_TIME;
  g_assert_cmpfloat (standard_time, ==, 1.5);

  /* Adaptive mode, the same calls. */
  g_array_set_size (fixture->sleeps, 0);
  fixture->now = START_TIME;
  adaptive = client_for_config (fixture, "[default]\nretry_mode = adaptive\n", &error, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < n_calls; i++)
    {
      g_assert_cmpuint (list_throttled (fixture, adaptive, i == 0 ? 2 : 0, &error), ==,
                        i == 0 ? 3 : 1);
      g_assert_no_error (error);
    }
  adaptive_time = fixture->now - START_TIME;
  g_test_message ("%u calls: %.6f s in standard mode, %.6f s in adaptive mode (%u sleeps)",
                  n_calls, standard_time, adaptive_time, fixture->sleeps->len);
  g_assert_cmpfloat (adaptive_time, >, standard_time + 3.0);
  g_assert_cmpuint (fixture->sleeps->len, >, 2 + 5);

  /* The same timeline through the limiter: send, answer, backoff after a throttle. */
  for (guint i = 0; i < n_calls; i++)
    {
      static const Event send = { EVENT_SEND }, ok = { EVENT_OK }, throttle = { EVENT_THROTTLE };
      Event backoff = { EVENT_ADVANCE, 0 };

      if (i == 0)
        {
          for (guint j = 0; j < 2; j++)
            {
              g_array_append_val (events, send);
              g_array_append_val (events, throttle);
              backoff.dt = 0.5 * (1 << j);
              g_array_append_val (events, backoff);
            }
        }
      g_array_append_val (events, send);
      g_array_append_val (events, ok);
    }
  expected = sw_test_python_has_module ("botocore.retries.adaptive") ? replay_botocore ((const Event *) events->data, events->len)
                              : replay_c ((const Event *) events->data, events->len);
  for (guint i = 0; i < expected->len; i++)
    {
      Record *record = &g_array_index (expected, Record, i);
      Event *event = &g_array_index (events, Event, i);

      if (record->waits != NULL)
        g_array_append_vals (expected_sleeps, record->waits->data, record->waits->len);
      else if (event->op == EVENT_ADVANCE)
        g_array_append_val (expected_sleeps, event->dt);
    }
  g_assert_cmpuint (fixture->sleeps->len, ==, expected_sleeps->len);
  for (guint i = 0; i < expected_sleeps->len; i++)
    assert_close (g_array_index (fixture->sleeps, double, i),
                  g_array_index (expected_sleeps, double, i));
  assert_close (_sw_aws_transport_get_rate_limiter (_sw_sfn_client_get_transport (adaptive))
                  ->fill_rate,
                g_array_index (expected, Record, expected->len - 1).fill_rate);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aws/retry/adaptive-botocore", test_adaptive_botocore);
  g_test_add_func ("/aws/retry/legacy-rules", test_legacy_rules);
  g_test_add ("/aws/retry/max-attempts-config", Fixture, NULL, fixture_set_up,
              test_max_attempts_config, fixture_tear_down);
  g_test_add ("/aws/retry/sagemaker-config", Fixture, NULL, fixture_set_up,
              test_sagemaker_config, fixture_tear_down);
  g_test_add ("/aws/retry/adaptive-client", Fixture, NULL, fixture_set_up,
              test_adaptive_client, fixture_tear_down);
  return g_test_run ();
}
