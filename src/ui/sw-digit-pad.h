/* sw-digit-pad.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-sagemaker-client.h"

G_BEGIN_DECLS

#define SW_DIGIT_PAD_SIZE 28

#define SW_TYPE_DIGIT_PAD (sw_digit_pad_get_type ())
G_DECLARE_FINAL_TYPE (SwDigitPad, sw_digit_pad, SW, DIGIT_PAD, GtkWidget)

/* "Try the model": draw a digit on a 28×28 grid with the pointer (or pick a test image),
 * InvokeEndpoint, and see the prediction with a probability bar per class. */
GtkWidget    *sw_digit_pad_new             (void);
void          sw_digit_pad_set_endpoint    (SwDigitPad        *self,
                                            SwSageMakerClient *client,
                                            const char        *endpoint_name);
void          sw_digit_pad_clear           (SwDigitPad        *self);
/* Paints with a soft brush at grid coordinates (0…28). */
void          sw_digit_pad_stroke          (SwDigitPad        *self,
                                            double             x,
                                            double             y);
/* 784 intensities in 0…1, row by row. */
const float  *sw_digit_pad_get_pixels      (SwDigitPad        *self);
void          sw_digit_pad_set_pixels      (SwDigitPad        *self,
                                            const float       *pixels);
void          sw_digit_pad_predict         (SwDigitPad        *self);
/* Reads an answer: {"predictions": [[p0…p9]]}, [[…]], [p0…p9] or {"probabilities": […]}. */
gboolean      sw_digit_pad_set_answer      (SwDigitPad        *self,
                                            const char        *json);
int           sw_digit_pad_get_prediction  (SwDigitPad        *self);
double        sw_digit_pad_get_probability (SwDigitPad        *self,
                                            guint              digit);

G_END_DECLS
