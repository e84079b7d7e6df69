/* sw-clock.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The time an execution sees. The system clock is wall time for timestamps and monotonic time
 * for timers. A fake clock stands still until the executor advances it: when nothing can run
 * but a timer, the executor jumps to that timer's time, so a test of a day-long Wait or of a
 * retry back-off runs instantly and sees exact times. */

#include "sw-clock.h"

struct _SwClock
{
  GObject parent_instance;

  gboolean fake;
  gint64 now_ms;   /* fake clocks only; read and written atomically */
};

G_DEFINE_FINAL_TYPE (SwClock, sw_clock, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FAKE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sw_clock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SwClock *self = SW_CLOCK (object);

  switch (prop_id)
    {
    case PROP_FAKE:
      g_value_set_boolean (value, self->fake);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_clock_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SwClock *self = SW_CLOCK (object);

  switch (prop_id)
    {
    case PROP_FAKE:
      self->fake = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_clock_class_init (SwClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sw_clock_get_property;
  object_class->set_property = sw_clock_set_property;

  /**
   * SwClock:fake:
   *
   * Whether the clock stands still until it is advanced.
   */
  properties[PROP_FAKE] =
    g_param_spec_boolean ("fake", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_clock_init (SwClock *self)
{
}

/**
 * sw_clock_new:
 *
 * Returns: (transfer full): the system clock
 */
SwClock *
sw_clock_new (void)
{
  return g_object_new (SW_TYPE_CLOCK, NULL);
}

/**
 * sw_clock_new_fake:
 * @start_ms: the time it shows, in milliseconds since the Unix epoch
 *
 * Returns: (transfer full): a clock that only moves when advanced
 */
SwClock *
sw_clock_new_fake (gint64 start_ms)
{
  SwClock *self = g_object_new (SW_TYPE_CLOCK, "fake", TRUE, NULL);

  self->now_ms = start_ms;
  return self;
}

gboolean
sw_clock_is_fake (SwClock *self)
{
  g_return_val_if_fail (SW_IS_CLOCK (self), FALSE);

  return self->fake;
}

/**
 * sw_clock_get_now_ms:
 *
 * Returns: the wall time in milliseconds since the Unix epoch
 */
gint64
sw_clock_get_now_ms (SwClock *self)
{
  g_return_val_if_fail (SW_IS_CLOCK (self), 0);

  if (self->fake)
    return __atomic_load_n (&self->now_ms, __ATOMIC_SEQ_CST);
  return g_get_real_time () / 1000;
}

/**
 * sw_clock_get_monotonic_ms:
 *
 * Returns: a time in milliseconds that never goes back, for timers
 */
gint64
sw_clock_get_monotonic_ms (SwClock *self)
{
  g_return_val_if_fail (SW_IS_CLOCK (self), 0);

  if (self->fake)
    return __atomic_load_n (&self->now_ms, __ATOMIC_SEQ_CST);
  return g_get_monotonic_time () / 1000;
}

/**
 * sw_clock_advance:
 * @ms: how far to move, in milliseconds, at least 0
 *
 * Moves a fake clock forward.
 */
void
sw_clock_advance (SwClock *self,
                  gint64   ms)
{
  g_return_if_fail (SW_IS_CLOCK (self));
  g_return_if_fail (self->fake);
  g_return_if_fail (ms >= 0);

  __atomic_add_fetch (&self->now_ms, ms, __ATOMIC_SEQ_CST);
}
