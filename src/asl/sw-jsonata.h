/* sw-jsonata.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-value.h"

G_BEGIN_DECLS

/**
 * SW_JSONATA_ERROR:
 *
 * The error domain of JSONata compilation and evaluation. The #GError code is a
 * #SwJsonataErrorKind; the JSONata error code itself (`S0201`, `T2001`, `D3001` …), the
 * position and the offending token are read with sw_jsonata_error_get_code(),
 * sw_jsonata_error_get_position() and sw_jsonata_error_get_token().
 */
#define SW_JSONATA_ERROR (sw_jsonata_error_quark ())

/**
 * SwJsonataErrorKind:
 * @SW_JSONATA_ERROR_STATIC: a syntax or other static error (`Sxxxx`), found when compiling
 * @SW_JSONATA_ERROR_TYPE: a type error found while evaluating (`Txxxx`)
 * @SW_JSONATA_ERROR_DYNAMIC: any other evaluation error (`Dxxxx`)
 * @SW_JSONATA_ERROR_LIMIT: evaluation went deeper or took longer than allowed (`D1011`,
 *   `D1012`)
 *
 * The class of a JSONata error.
 */
typedef enum
{
  SW_JSONATA_ERROR_STATIC = 1,
  SW_JSONATA_ERROR_TYPE,
  SW_JSONATA_ERROR_DYNAMIC,
  SW_JSONATA_ERROR_LIMIT,
} SwJsonataErrorKind;

GQuark      sw_jsonata_error_quark        (void);
const char *sw_jsonata_error_get_code     (const GError *error);
int         sw_jsonata_error_get_position (const GError *error);
const char *sw_jsonata_error_get_token    (const GError *error);

/**
 * SwJsonataLimits:
 * @max_depth: the deepest nesting of evaluation allowed (0: the default, 4000); deeper
 *   evaluation fails with `D1011`
 * @timeout_ms: the longest an evaluation may run, in milliseconds (0: no limit); a longer
 *   one fails with `D1012`
 *
 * Bounds on one evaluation, so that a runaway expression fails cleanly.
 */
typedef struct
{
  guint max_depth;
  guint timeout_ms;
} SwJsonataLimits;

/**
 * SwJsonata:
 *
 * A compiled JSONata expression. It is immutable once compiled, so one expression can be
 * evaluated from several threads at once.
 */
typedef struct _SwJsonata SwJsonata;

#define SW_TYPE_JSONATA (sw_jsonata_get_type ())

GType       sw_jsonata_get_type           (void) G_GNUC_CONST;

SwJsonata  *sw_jsonata_compile            (const char            *expression,
                                           GError               **error);
SwJsonata  *sw_jsonata_ref                (SwJsonata             *self);
void        sw_jsonata_unref              (SwJsonata             *self);
const char *sw_jsonata_get_source         (SwJsonata             *self);

SwValue    *sw_jsonata_evaluate           (SwJsonata             *self,
                                           const SwValue         *input,
                                           const SwValue         *bindings,
                                           GError               **error);
SwValue    *sw_jsonata_evaluate_full      (SwJsonata             *self,
                                           const SwValue         *input,
                                           const SwValue         *bindings,
                                           const SwJsonataLimits *limits,
                                           GError               **error);

/**
 * SwJsonataDocument:
 *
 * An input converted once into the evaluator's own values, for evaluating many expressions
 * (or one many times) against it. Immutable, so it can be shared by several threads.
 */
typedef struct _SwJsonataDocument SwJsonataDocument;

#define SW_TYPE_JSONATA_DOCUMENT (sw_jsonata_document_get_type ())

GType              sw_jsonata_document_get_type (void) G_GNUC_CONST;
SwJsonataDocument *sw_jsonata_document_new      (const SwValue     *value);
SwJsonataDocument *sw_jsonata_document_ref      (SwJsonataDocument *self);
void               sw_jsonata_document_unref    (SwJsonataDocument *self);

SwValue    *sw_jsonata_evaluate_document  (SwJsonata             *self,
                                           SwJsonataDocument     *input,
                                           const SwValue         *bindings,
                                           const SwJsonataLimits *limits,
                                           GError               **error);

SwValue    *sw_jsonata_evaluate_scope     (SwJsonata             *self,
                                           const SwValue         *input,
                                           const SwValue         *bindings,
                                           SwJsonataDocument     *scope,
                                           const SwJsonataLimits *limits,
                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwJsonata, sw_jsonata_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwJsonataDocument, sw_jsonata_document_unref)

G_END_DECLS
