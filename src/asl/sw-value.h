/* sw-value.h
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SwValueKind:
 *
 * The kind of a JSON value.
 */
typedef enum
{
  SW_VALUE_NULL,
  SW_VALUE_BOOLEAN,
  SW_VALUE_NUMBER,
  SW_VALUE_STRING,
  SW_VALUE_ARRAY,
  SW_VALUE_OBJECT,
} SwValueKind;

/**
 * SwValue:
 *
 * A JSON value that keeps what the author wrote: object members in order (duplicates
 * included, so they can be reported), number lexemes verbatim, strings as exact Unicode text,
 * and the line and column (1-based, counted in characters) where each value and each object
 * key starts. Values are reference counted and mutable; a value belongs to at most one parent.
 */
typedef struct _SwValue SwValue;

#define SW_TYPE_VALUE (sw_value_get_type ())

GType        sw_value_get_type            (void) G_GNUC_CONST;

SwValue     *sw_value_new_null            (void);
SwValue     *sw_value_new_boolean         (gboolean     value);
SwValue     *sw_value_new_number          (const char  *lexeme);
SwValue     *sw_value_new_int             (gint64       value);
SwValue     *sw_value_new_double          (double       value);
SwValue     *sw_value_new_string          (const char  *text);
SwValue     *sw_value_new_string_take     (char        *text);
SwValue     *sw_value_new_array           (void);
SwValue     *sw_value_new_object          (void);

SwValue     *sw_value_ref                 (SwValue     *value);
void         sw_value_unref               (SwValue     *value);
SwValue     *sw_value_copy                (const SwValue *value);

SwValueKind  sw_value_get_kind            (const SwValue *value);
const char  *sw_value_kind_to_string      (SwValueKind  kind);
guint        sw_value_get_line            (const SwValue *value);
guint        sw_value_get_column          (const SwValue *value);
void         sw_value_set_position        (SwValue     *value,
                                           guint        line,
                                           guint        column);

gboolean     sw_value_is_null             (const SwValue *value);
gboolean     sw_value_is_boolean          (const SwValue *value);
gboolean     sw_value_is_number           (const SwValue *value);
gboolean     sw_value_is_string           (const SwValue *value);
gboolean     sw_value_is_array            (const SwValue *value);
gboolean     sw_value_is_object           (const SwValue *value);

gboolean     sw_value_get_boolean         (const SwValue *value);
const char  *sw_value_get_number_lexeme   (const SwValue *value);
double       sw_value_get_double          (const SwValue *value);
gboolean     sw_value_is_integer          (const SwValue *value);
gboolean     sw_value_get_int64           (const SwValue *value,
                                           gint64        *out);
const char  *sw_value_get_string          (const SwValue *value);
gsize        sw_value_get_string_length   (const SwValue *value);

/* Arrays */
guint        sw_value_array_get_length    (const SwValue *array);
SwValue     *sw_value_array_get           (const SwValue *array,
                                           guint          index);
void         sw_value_array_append        (SwValue     *array,
                                           SwValue     *item);
void         sw_value_array_insert        (SwValue     *array,
                                           guint        index,
                                           SwValue     *item);
void         sw_value_array_remove        (SwValue     *array,
                                           guint        index);

/* Objects */
guint        sw_value_object_get_size     (const SwValue *object);
const char  *sw_value_object_get_key      (const SwValue *object,
                                           guint          index);
SwValue     *sw_value_object_get_value    (const SwValue *object,
                                           guint          index);
guint        sw_value_object_get_key_line (const SwValue *object,
                                           guint          index);
guint        sw_value_object_get_key_column (const SwValue *object,
                                             guint          index);
SwValue     *sw_value_object_get          (const SwValue *object,
                                           const char    *key);
gboolean     sw_value_object_find         (const SwValue *object,
                                           const char    *key,
                                           guint         *index);
gboolean     sw_value_object_has          (const SwValue *object,
                                           const char    *key);
void         sw_value_object_set          (SwValue     *object,
                                           const char  *key,
                                           SwValue     *value);
void         sw_value_object_insert       (SwValue     *object,
                                           guint        index,
                                           const char  *key,
                                           SwValue     *value);
void         sw_value_object_append       (SwValue     *object,
                                           const char  *key,
                                           guint        key_line,
                                           guint        key_column,
                                           SwValue     *value);
gboolean     sw_value_object_remove       (SwValue     *object,
                                           const char  *key);
void         sw_value_object_remove_index (SwValue     *object,
                                           guint        index);
gboolean     sw_value_object_rename       (SwValue     *object,
                                           const char  *old_key,
                                           const char  *new_key);

gboolean     sw_value_equal               (const SwValue *a,
                                           const SwValue *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwValue, sw_value_unref)

G_END_DECLS
