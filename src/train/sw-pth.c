/* sw-pth.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* PyTorch's model.pth: what torch.save (state_dict) writes since PyTorch 1.6 — a zip whose
 * entries sit under one folder (archive/): data.pkl, a pickle (protocol 2) of an
 * OrderedDict mapping each key to torch._utils._rebuild_tensor_v2 (storage, offset, size,
 * stride, requires_grad, OrderedDict()), each storage a persistent id ('storage',
 * torch.FloatStorage, key, 'cpu', numel) whose bytes are the entry data/<key>; and version,
 * "3\n". Entries are stored uncompressed, their data 64-byte aligned by a padding extra field
 * ("FB"), sizes in data descriptors, with zip64 end records: byte for byte what torch.save
 * writes to a buffer with python3-torch 1.13.
 *
 * Reading takes any such zip (stored or deflated entries, any folder name, any pickle
 * protocol, the _metadata PyTorch attaches to state dicts, keys prefixed by "module.",
 * a state dict nested under "state_dict" or "model_state_dict") but interprets only the
 * few globals above: no code from the file ever runs. */

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "sw-pth.h"
#include "sw-train-error.h"

#define ARCHIVE "archive"
#define ALIGNMENT 64

/* Limits for reading untrusted files. */
#define MAX_ENTRY_SIZE ((gsize) 256 << 20)
#define MAX_STACK 100000
#define MAX_MEMO 100000
#define MAX_VALUES 1000000

/* Writing */

static void
put16 (GByteArray *b,
       guint16     v)
{
  guint8 x[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray *b,
       guint32     v)
{
  guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (b, x, 4);
}

static void
put64 (GByteArray *b,
       guint64     v)
{
  put32 (b, (guint32) v);
  put32 (b, (guint32) (v >> 32));
}

static void
put_str (GByteArray *b,
         const char *s)
{
  g_byte_array_append (b, (const guint8 *) s, strlen (s));
}

typedef struct
{
  char *name;
  guint32 crc;
  guint32 size;
  guint32 offset;
} ZipEntry;

static void
zip_entry_clear (gpointer data)
{
  g_free (((ZipEntry *) data)->name);
}

/* As caffe2's PyTorchStreamWriter drives miniz: local header without sizes, an "FB" extra
 * field padding the data to 64 bytes, the data, then a data descriptor. */
static void
zip_add (GByteArray   *out,
         GArray       *entries,
         const char   *name,
         const guint8 *data,
         gsize         length)
{
  gsize name_length = strlen (name);
  gsize start = out->len + 30 + name_length + 4;
  gsize padding = (ALIGNMENT - start % ALIGNMENT) % ALIGNMENT;
  ZipEntry entry;

  entry.name = g_strdup (name);
  entry.crc = crc32 (0, data, length);
  entry.size = length;
  entry.offset = out->len;

  put32 (out, 0x04034b50);
  put16 (out, 0);        /* version needed */
  put16 (out, 0x0808);   /* data descriptor, UTF-8 names */
  put16 (out, 0);        /* stored */
  put16 (out, 0);        /* time */
  put16 (out, 0);        /* date */
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, 0);
  put16 (out, name_length);
  put16 (out, padding + 4);
  put_str (out, name);
  put_str (out, "FB");
  put16 (out, padding);
  for (gsize i = 0; i < padding; i++)
    put_str (out, "Z");
  g_byte_array_append (out, data, length);
  put32 (out, 0x08074b50);
  put32 (out, entry.crc);
  put32 (out, length);
  put32 (out, length);

  g_array_append_val (entries, entry);
}

static void
zip_finish (GByteArray *out,
            GArray     *entries)
{
  guint64 cd_offset = out->len;
  guint64 cd_size;
  guint64 eocd64_offset;

  for (guint i = 0; i < entries->len; i++)
    {
      ZipEntry *e = &g_array_index (entries, ZipEntry, i);

      put32 (out, 0x02014b50);
      put16 (out, 0);        /* made by */
      put16 (out, 0);        /* needed */
      put16 (out, 0x0808);
      put16 (out, 0);
      put16 (out, 0);
      put16 (out, 0);
      put32 (out, e->crc);
      put32 (out, e->size);
      put32 (out, e->size);
      put16 (out, strlen (e->name));
      put16 (out, 0);        /* extra */
      put16 (out, 0);        /* comment */
      put16 (out, 0);        /* disk */
      put16 (out, 0);        /* internal attributes */
      put32 (out, 0);        /* external attributes */
      put32 (out, e->offset);
      put_str (out, e->name);
    }
  cd_size = out->len - cd_offset;

  eocd64_offset = out->len;
  put32 (out, 0x06064b50);
  put64 (out, 44);
  put16 (out, 0x031e);
  put16 (out, 0x002d);
  put32 (out, 0);
  put32 (out, 0);
  put64 (out, entries->len);
  put64 (out, entries->len);
  put64 (out, cd_size);
  put64 (out, cd_offset);

  put32 (out, 0x07064b50);
  put32 (out, 0);
  put64 (out, eocd64_offset);
  put32 (out, 1);

  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, entries->len);
  put16 (out, entries->len);
  put32 (out, cd_size);
  put32 (out, cd_offset);
  put16 (out, 0);
}

/* The pickle Python's pickler writes for the state dict, memo indices included. */
typedef struct
{
  GByteArray *out;
  guint memo;
} Pickler;

static void
p_op (Pickler *p,
      guint8   op)
{
  g_byte_array_append (p->out, &op, 1);
}

static guint
p_put (Pickler *p)
{
  guint index = p->memo++;

  if (index < 256)
    {
      p_op (p, 'q');
      p_op (p, index);
    }
  else
    {
      p_op (p, 'r');
      put32 (p->out, index);
    }
  return index;
}

static void
p_get (Pickler *p,
       guint    index)
{
  if (index < 256)
    {
      p_op (p, 'h');
      p_op (p, index);
    }
  else
    {
      p_op (p, 'j');
      put32 (p->out, index);
    }
}

static void
p_int (Pickler *p,
       guint32  v)
{
  if (v < 256)
    {
      p_op (p, 'K');
      p_op (p, v);
    }
  else if (v < 65536)
    {
      p_op (p, 'M');
      put16 (p->out, v);
    }
  else
    {
      p_op (p, 'J');
      put32 (p->out, v);
    }
}

static void
p_str (Pickler    *p,
       const char *s)
{
  p_op (p, 'X');
  put32 (p->out, strlen (s));
  put_str (p->out, s);
  p_put (p);
}

static guint
p_global (Pickler    *p,
          const char *module,
          const char *name)
{
  p_op (p, 'c');
  put_str (p->out, module);
  put_str (p->out, "\n");
  put_str (p->out, name);
  put_str (p->out, "\n");
  return p_put (p);
}

static void
p_int_tuple (Pickler     *p,
             const guint *values,
             guint        n)
{
  static const guint8 tuple_n[] = { 0, 0x85, 0x86, 0x87 };

  if (n > 3)
    p_op (p, '(');
  for (guint i = 0; i < n; i++)
    p_int (p, values[i]);
  p_op (p, n > 3 ? 't' : tuple_n[n]);
  p_put (p);
}

static GBytes *
pickle_state_dict (void)
{
  Pickler p = { g_byte_array_new (), 0 };
  const SwNetTensor *tensors;
  guint n_tensors;
  guint ordered_dict;
  guint rebuild = 0, storage = 0, float_storage = 0, cpu = 0;

  tensors = sw_net_get_tensors (&n_tensors);

  p_op (&p, 0x80);
  p_op (&p, 2);
  ordered_dict = p_global (&p, "collections", "OrderedDict");
  p_op (&p, ')');
  p_op (&p, 'R');
  p_put (&p);
  p_op (&p, '(');

  for (guint i = 0; i < n_tensors; i++)
    {
      const SwNetTensor *t = &tensors[i];
      g_autofree char *key = g_strdup_printf ("%u", i);
      guint stride[4];

      stride[t->n_dims - 1] = 1;
      for (guint d = t->n_dims - 1; d > 0; d--)
        stride[d - 1] = stride[d] * t->shape[d];

      p_str (&p, t->name);
      if (i == 0)
        rebuild = p_global (&p, "torch._utils", "_rebuild_tensor_v2");
      else
        p_get (&p, rebuild);
      p_op (&p, '(');

      /* The persistent id of the storage. */
      p_op (&p, '(');
      if (i == 0)
        {
          p_op (&p, 'X');
          put32 (p.out, 7);
          put_str (p.out, "storage");
          storage = p_put (&p);
          float_storage = p_global (&p, "torch", "FloatStorage");
        }
      else
        {
          p_get (&p, storage);
          p_get (&p, float_storage);
        }
      p_str (&p, key);
      if (i == 0)
        {
          p_op (&p, 'X');
          put32 (p.out, 3);
          put_str (p.out, "cpu");
          cpu = p_put (&p);
        }
      else
        p_get (&p, cpu);
      p_int (&p, t->n_elements);
      p_op (&p, 't');
      p_put (&p);
      p_op (&p, 'Q');

      p_int (&p, 0);
      p_int_tuple (&p, t->shape, t->n_dims);
      p_int_tuple (&p, stride, t->n_dims);
      p_op (&p, 0x89);     /* requires_grad=False */
      p_get (&p, ordered_dict);
      p_op (&p, ')');
      p_op (&p, 'R');
      p_put (&p);
      p_op (&p, 't');
      p_put (&p);
      p_op (&p, 'R');
      p_put (&p);
    }

  p_op (&p, 'u');
  p_op (&p, '.');
  return g_byte_array_free_to_bytes (p.out);
}

/**
 * sw_pth_save_to_bytes:
 * @net: a #SwNet
 *
 * Serialises the network's state dict as torch.save() does.
 *
 * Returns: (transfer full): the bytes of a model.pth
 */
GBytes *
sw_pth_save_to_bytes (const SwNet *net)
{
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GBytes) pickle = NULL;
  const SwNetTensor *tensors;
  const float *params;
  guint n_tensors;

  g_return_val_if_fail (net != NULL, NULL);

  out = g_byte_array_new ();
  entries = g_array_new (FALSE, FALSE, sizeof (ZipEntry));
  g_array_set_clear_func (entries, zip_entry_clear);
  tensors = sw_net_get_tensors (&n_tensors);
  params = sw_net_get_params (net);

  pickle = pickle_state_dict ();
  zip_add (out, entries, ARCHIVE "/data.pkl", g_bytes_get_data (pickle, NULL),
           g_bytes_get_size (pickle));
  for (guint i = 0; i < n_tensors; i++)
    {
      g_autofree char *name = g_strdup_printf (ARCHIVE "/data/%u", i);
      g_autofree guint32 *le = g_new (guint32, tensors[i].n_elements);

      /* Storages hold little-endian bytes. */
      memcpy (le, params + tensors[i].offset, tensors[i].n_elements * sizeof (float));
      for (gsize j = 0; j < tensors[i].n_elements; j++)
        le[j] = GUINT32_TO_LE (le[j]);
      zip_add (out, entries, name, (const guint8 *) le, tensors[i].n_elements * sizeof (float));
    }
  zip_add (out, entries, ARCHIVE "/version", (const guint8 *) "3\n", 2);
  zip_finish (out, entries);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * sw_pth_save:
 * @net: a #SwNet
 * @path: (type filename): where to write
 * @error: return location for a #GError
 *
 * Writes the network as a model.pth that `torch.load` reads and `Net().load_state_dict()`
 * takes. The file is replaced atomically: readers see the old or the new model, never half.
 *
 * Returns: whether the file was written
 */
gboolean
sw_pth_save (const SwNet  *net,
             const char   *path,
             GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (net != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = sw_pth_save_to_bytes (net);
  return g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/* Reading: the zip */

typedef struct
{
  const guint8 *data;
  gsize length;
  guint8 *owned;     /* inflated entries */
} ZipData;

static void
zip_data_free (gpointer data)
{
  ZipData *zd = data;

  g_free (zd->owned);
  g_free (zd);
}

static guint16
get16 (const guint8 *p)
{
  return p[0] | p[1] << 8;
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint64
get64 (const guint8 *p)
{
  return (guint64) get32 (p) | (guint64) get32 (p + 4) << 32;
}

static gboolean
zip_fail (GError     **error,
          const char  *name,
          const char  *why)
{
  g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
               _("%s: not a PyTorch model file (%s)"), name, why);
  return FALSE;
}

static guint8 *
inflate_raw (const guint8 *data,
             gsize         length,
             gsize         size)
{
  g_autofree guint8 *out = g_malloc (MAX (size, 1));
  z_stream zs = { 0 };
  int status;

  if (inflateInit2 (&zs, -15) != Z_OK)
    return NULL;
  zs.next_in = (Bytef *) data;
  zs.avail_in = length;
  zs.next_out = out;
  zs.avail_out = size;
  status = inflate (&zs, Z_FINISH);
  inflateEnd (&zs);
  if (status != Z_STREAM_END || zs.total_out != size)
    return NULL;
  return g_steal_pointer (&out);
}

/* Maps entry names to their contents. */
static GHashTable *
zip_read (const guint8  *data,
          gsize          length,
          const char    *name,
          GError       **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         zip_data_free);
  const guint8 *eocd = NULL;
  guint64 n_entries, cd_offset, cd_size;
  const guint8 *p, *end;

  if (length < 22)
    return zip_fail (error, name, _("too short")), NULL;
  for (gsize i = length - 22; ; i--)
    {
      if (get32 (data + i) == 0x06054b50)
        {
          eocd = data + i;
          break;
        }
      if (i == 0 || length - i > 22 + 65535)
        break;
    }
  if (eocd == NULL)
    return zip_fail (error, name, _("no zip directory")), NULL;

  n_entries = get16 (eocd + 10);
  cd_size = get32 (eocd + 12);
  cd_offset = get32 (eocd + 16);
  if (n_entries == 0xffff || cd_size == 0xffffffff || cd_offset == 0xffffffff)
    {
      const guint8 *locator = eocd - 20;
      guint64 eocd64_offset;

      if (eocd - data < 20 || get32 (locator) != 0x07064b50)
        return zip_fail (error, name, _("broken zip64 directory")), NULL;
      eocd64_offset = get64 (locator + 8);
      if (eocd64_offset > length || length - eocd64_offset < 56
          || get32 (data + eocd64_offset) != 0x06064b50)
        return zip_fail (error, name, _("broken zip64 directory")), NULL;
      n_entries = get64 (data + eocd64_offset + 32);
      cd_size = get64 (data + eocd64_offset + 40);
      cd_offset = get64 (data + eocd64_offset + 48);
    }
  if (cd_offset > length || cd_size > length - cd_offset)
    return zip_fail (error, name, _("the zip directory lies outside the file")), NULL;

  p = data + cd_offset;
  end = p + cd_size;
  for (guint64 i = 0; i < n_entries; i++)
    {
      guint16 method, name_length, extra_length, comment_length;
      guint64 compressed, size, offset;
      const guint8 *extra, *local;
      g_autofree char *entry_name = NULL;
      ZipData *zd;
      guint64 data_offset;

      if (end - p < 46 || get32 (p) != 0x02014b50)
        return zip_fail (error, name, _("broken zip directory")), NULL;
      method = get16 (p + 10);
      compressed = get32 (p + 20);
      size = get32 (p + 24);
      name_length = get16 (p + 28);
      extra_length = get16 (p + 30);
      comment_length = get16 (p + 32);
      offset = get32 (p + 42);
      if ((gsize) (end - p) < 46u + name_length + extra_length + comment_length)
        return zip_fail (error, name, _("broken zip directory")), NULL;
      entry_name = g_strndup ((const char *) p + 46, name_length);

      /* zip64 sizes and offset, in that order, for the fields that overflowed. */
      extra = p + 46 + name_length;
      for (const guint8 *x = extra; x + 4 <= extra + extra_length; )
        {
          guint16 id = get16 (x), len = get16 (x + 2);
          const guint8 *f = x + 4;

          if (x + 4 + len > extra + extra_length)
            break;
          if (id == 0x0001)
            {
              if (size == 0xffffffff && f + 8 <= x + 4 + len)
                size = get64 (f), f += 8;
              if (compressed == 0xffffffff && f + 8 <= x + 4 + len)
                compressed = get64 (f), f += 8;
              if (offset == 0xffffffff && f + 8 <= x + 4 + len)
                offset = get64 (f), f += 8;
            }
          x += 4 + len;
        }
      p += 46 + name_length + extra_length + comment_length;

      if (offset > length || length - offset < 30 || get32 (data + offset) != 0x04034b50)
        return zip_fail (error, name, _("broken zip entry")), NULL;
      local = data + offset;
      data_offset = offset + 30 + get16 (local + 26) + get16 (local + 28);
      if (data_offset > length || compressed > length - data_offset)
        return zip_fail (error, name, _("a zip entry lies outside the file")), NULL;
      if (size > MAX_ENTRY_SIZE)
        return zip_fail (error, name, _("a zip entry is too large")), NULL;

      zd = g_new0 (ZipData, 1);
      if (method == 0)
        {
          if (compressed != size)
            {
              zip_data_free (zd);
              return zip_fail (error, name, _("broken zip entry")), NULL;
            }
          zd->data = data + data_offset;
          zd->length = size;
        }
      else if (method == 8)
        {
          zd->owned = inflate_raw (data + data_offset, compressed, size);
          if (zd->owned == NULL)
            {
              zip_data_free (zd);
              return zip_fail (error, name, _("a compressed zip entry is corrupt")), NULL;
            }
          zd->data = zd->owned;
          zd->length = size;
        }
      else
        {
          zip_data_free (zd);
          return zip_fail (error, name, _("unsupported zip compression")), NULL;
        }
      g_hash_table_replace (entries, g_steal_pointer (&entry_name), zd);
    }

  return g_steal_pointer (&entries);
}

/* Reading: the pickle. Values live in an arena freed at once, so shared and even cyclic
 * references (possible through the memo) cost nothing. */

typedef enum
{
  PV_MARK,
  PV_NONE,
  PV_BOOL,
  PV_INT,
  PV_FLOAT,
  PV_STR,
  PV_BYTES,
  PV_TUPLE,
  PV_LIST,
  PV_DICT,
  PV_GLOBAL,
  PV_STORAGE,
  PV_TENSOR,
  PV_OBJECT,
} PvKind;

typedef struct _Pv Pv;
struct _Pv
{
  PvKind kind;
  gint64 i;           /* int, bool; tensor: storage offset; storage: numel */
  double f;
  char *s;            /* str, bytes; global: module; storage: key */
  gsize len;
  char *s2;           /* global: name; storage: type name */
  GPtrArray *items;   /* tuple, list; dict: key, value, key, value …; tensor: size, stride */
  Pv *ref;            /* tensor: its storage; object: its class */
};

typedef struct
{
  const char *name;
  GPtrArray *arena;
  GPtrArray *stack;
  GHashTable *memo;
  GError **error;
} Unpickler;

static void
pv_free (gpointer data)
{
  Pv *v = data;

  g_free (v->s);
  g_free (v->s2);
  if (v->items != NULL)
    g_ptr_array_unref (v->items);
  g_free (v);
}

static Pv *
pv_new (Unpickler *u,
        PvKind     kind)
{
  Pv *v = g_new0 (Pv, 1);

  v->kind = kind;
  if (kind == PV_TUPLE || kind == PV_LIST || kind == PV_DICT)
    v->items = g_ptr_array_new ();
  g_ptr_array_add (u->arena, v);
  return v;
}

static gboolean
pickle_fail (Unpickler  *u,
             const char *why)
{
  if (u->error != NULL && *u->error == NULL)
    g_set_error (u->error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_FORMAT,
                 _("%s: the pickled state dict is unreadable (%s)"), u->name, why);
  return FALSE;
}

static gboolean
push (Unpickler *u,
      Pv        *v)
{
  if (u->stack->len >= MAX_STACK || u->arena->len >= MAX_VALUES)
    return pickle_fail (u, "too large");
  g_ptr_array_add (u->stack, v);
  return TRUE;
}

static Pv *
pop (Unpickler *u)
{
  Pv *v;

  if (u->stack->len == 0)
    return NULL;
  v = g_ptr_array_index (u->stack, u->stack->len - 1);
  if (v->kind == PV_MARK)
    return NULL;
  g_ptr_array_set_size (u->stack, u->stack->len - 1);
  return v;
}

static Pv *
top (Unpickler *u)
{
  Pv *v;

  if (u->stack->len == 0)
    return NULL;
  v = g_ptr_array_index (u->stack, u->stack->len - 1);
  return v->kind == PV_MARK ? NULL : v;
}

/* Index of the topmost mark, or -1. */
static gint
find_mark (Unpickler *u)
{
  for (gint i = (gint) u->stack->len - 1; i >= 0; i--)
    if (((Pv *) g_ptr_array_index (u->stack, i))->kind == PV_MARK)
      return i;
  return -1;
}

static void
dict_set (Pv *dict,
          Pv *key,
          Pv *value)
{
  if (key->kind == PV_STR)
    for (guint i = 0; i + 1 < dict->items->len; i += 2)
      {
        Pv *k = g_ptr_array_index (dict->items, i);

        if (k->kind == PV_STR && k->len == key->len && memcmp (k->s, key->s, k->len) == 0)
          {
            dict->items->pdata[i + 1] = value;
            return;
          }
      }
  g_ptr_array_add (dict->items, key);
  g_ptr_array_add (dict->items, value);
}

static gboolean
is_global (const Pv   *v,
           const char *module,
           const char *name)
{
  return v != NULL && v->kind == PV_GLOBAL && strcmp (v->s, module) == 0
         && strcmp (v->s2, name) == 0;
}

static Pv *
tuple_item (const Pv *t,
            guint     i)
{
  if (t == NULL || t->kind != PV_TUPLE || i >= t->items->len)
    return NULL;
  return g_ptr_array_index (t->items, i);
}

static gboolean
is_int_tuple (const Pv *t)
{
  if (t == NULL || t->kind != PV_TUPLE)
    return FALSE;
  for (guint i = 0; i < t->items->len; i++)
    if (((Pv *) g_ptr_array_index (t->items, i))->kind != PV_INT)
      return FALSE;
  return TRUE;
}

/* What REDUCE and NEWOBJ make: only the few callables a state dict uses mean anything. */
static Pv *
reduce (Unpickler *u,
        Pv        *callable,
        Pv        *args)
{
  if (is_global (callable, "collections", "OrderedDict")
      || is_global (callable, "builtins", "dict"))
    return pv_new (u, PV_DICT);

  if (is_global (callable, "torch._utils", "_rebuild_tensor_v2")
      || is_global (callable, "torch._utils", "_rebuild_tensor"))
    {
      Pv *storage = tuple_item (args, 0);
      Pv *offset = tuple_item (args, 1);
      Pv *size = tuple_item (args, 2);
      Pv *stride = tuple_item (args, 3);
      Pv *t;

      if (storage == NULL || storage->kind != PV_STORAGE || offset == NULL
          || offset->kind != PV_INT || !is_int_tuple (size) || !is_int_tuple (stride)
          || size->items->len != stride->items->len)
        {
          pickle_fail (u, "malformed tensor");
          return NULL;
        }
      t = pv_new (u, PV_TENSOR);
      t->ref = storage;
      t->i = offset->i;
      t->items = g_ptr_array_new ();
      g_ptr_array_add (t->items, size);
      g_ptr_array_add (t->items, stride);
      return t;
    }

  if (is_global (callable, "torch._utils", "_rebuild_parameter")
      || is_global (callable, "torch._utils", "_rebuild_parameter_with_state"))
    {
      Pv *data = tuple_item (args, 0);

      if (data != NULL && data->kind == PV_TENSOR)
        return data;
    }

  {
    Pv *o = pv_new (u, PV_OBJECT);

    o->ref = callable;
    return o;
  }
}

/* The persistent id of a storage: ('storage', torch.FloatStorage, key, location, numel). */
static Pv *
persistent_load (Unpickler *u,
                 Pv        *pid)
{
  Pv *tag = tuple_item (pid, 0);
  Pv *type = tuple_item (pid, 1);
  Pv *key = tuple_item (pid, 2);
  Pv *numel = tuple_item (pid, 4);
  Pv *s;

  if (tag == NULL || tag->kind != PV_STR || strcmp (tag->s, "storage") != 0
      || type == NULL || type->kind != PV_GLOBAL || key == NULL || key->kind != PV_STR
      || numel == NULL || numel->kind != PV_INT || numel->i < 0)
    {
      pickle_fail (u, "unknown persistent id");
      return NULL;
    }
  s = pv_new (u, PV_STORAGE);
  s->s = g_strdup (key->s);
  s->s2 = g_strdup_printf ("%s.%s", type->s, type->s2);
  s->i = numel->i;
  return s;
}

static gboolean
read_line (const guint8  *data,
           gsize          length,
           gsize         *pos,
           char         **line)
{
  const guint8 *nl;

  if (*pos > length)
    return FALSE;
  nl = memchr (data + *pos, '\n', length - *pos);
  if (nl == NULL)
    return FALSE;
  *line = g_strndup ((const char *) data + *pos, nl - (data + *pos));
  *pos = nl - data + 1;
  return TRUE;
}

static Pv *
unpickle (Unpickler    *u,
          const guint8 *data,
          gsize         length)
{
  gsize pos = 0;

#define NEED(n) G_STMT_START { if (length - pos < (gsize) (n)) { \
      pickle_fail (u, "truncated"); return NULL; } } G_STMT_END
#define CHECK(x) G_STMT_START { if (!(x)) { pickle_fail (u, "malformed"); return NULL; } \
    } G_STMT_END

  while (pos < length)
    {
      guint8 op = data[pos++];

      switch (op)
        {
        case 0x80:   /* PROTO */
          NEED (1);
          pos++;
          break;

        case 0x95:   /* FRAME */
          NEED (8);
          pos += 8;
          break;

        case '.':    /* STOP */
          {
            Pv *v = pop (u);

            CHECK (v != NULL);
            return v;
          }

        case '(':
          CHECK (push (u, pv_new (u, PV_MARK)));
          break;

        case '0':    /* POP */
          CHECK (pop (u) != NULL);
          break;

        case '1':    /* POP_MARK */
          {
            gint mark = find_mark (u);

            CHECK (mark >= 0);
            g_ptr_array_set_size (u->stack, mark);
            break;
          }

        case '2':    /* DUP */
          CHECK (top (u) != NULL && push (u, top (u)));
          break;

        case 'N':
          CHECK (push (u, pv_new (u, PV_NONE)));
          break;

        case 0x88:   /* NEWTRUE */
        case 0x89:   /* NEWFALSE */
          {
            Pv *v = pv_new (u, PV_BOOL);

            v->i = op == 0x88;
            CHECK (push (u, v));
            break;
          }

        case 'K':
        case 'M':
        case 'J':
          {
            Pv *v = pv_new (u, PV_INT);

            if (op == 'K')
              {
                NEED (1);
                v->i = data[pos];
                pos += 1;
              }
            else if (op == 'M')
              {
                NEED (2);
                v->i = get16 (data + pos);
                pos += 2;
              }
            else
              {
                NEED (4);
                v->i = (gint32) get32 (data + pos);
                pos += 4;
              }
            CHECK (push (u, v));
            break;
          }

        case 0x8a:   /* LONG1 */
          {
            Pv *v = pv_new (u, PV_INT);
            guint n;
            guint64 x = 0;

            NEED (1);
            n = data[pos++];
            NEED (n);
            CHECK (n <= 8);
            for (guint b = 0; b < n; b++)
              x |= (guint64) data[pos + b] << (8 * b);
            if (n > 0 && n < 8 && (data[pos + n - 1] & 0x80))
              x |= ~(guint64) 0 << (8 * n);
            v->i = (gint64) x;
            pos += n;
            CHECK (push (u, v));
            break;
          }

        case 'I':    /* INT, as text; "00" and "01" are booleans */
        case 'L':    /* LONG, as text */
          {
            g_autofree char *line = NULL;
            Pv *v = pv_new (u, PV_INT);
            char *endp;

            CHECK (read_line (data, length, &pos, &line));
            if (op == 'L' && line[0] != '\0' && line[strlen (line) - 1] == 'L')
              line[strlen (line) - 1] = '\0';
            v->i = g_ascii_strtoll (line, &endp, 10);
            CHECK (endp != line && *endp == '\0');
            CHECK (push (u, v));
            break;
          }

        case 'G':    /* BINFLOAT, big-endian */
          {
            Pv *v = pv_new (u, PV_FLOAT);
            guint64 bits = 0;

            NEED (8);
            for (guint b = 0; b < 8; b++)
              bits = bits << 8 | data[pos + b];
            memcpy (&v->f, &bits, 8);
            pos += 8;
            CHECK (push (u, v));
            break;
          }

        case 'X':    /* BINUNICODE */
        case 0x8c:   /* SHORT_BINUNICODE */
        case 0x8d:   /* BINUNICODE8 */
        case 'T':    /* BINSTRING */
        case 'U':    /* SHORT_BINSTRING */
        case 'B':    /* BINBYTES */
        case 'C':    /* SHORT_BINBYTES */
        case 0x8e:   /* BINBYTES8 */
          {
            gboolean is_str = op == 'X' || op == 0x8c || op == 0x8d || op == 'T' || op == 'U';
            guint width = (op == 0x8c || op == 'U' || op == 'C') ? 1
                          : (op == 0x8d || op == 0x8e) ? 8 : 4;
            guint64 n;
            Pv *v;

            NEED (width);
            n = width == 1 ? data[pos] : width == 4 ? get32 (data + pos) : get64 (data + pos);
            pos += width;
            NEED (n);
            v = pv_new (u, is_str ? PV_STR : PV_BYTES);
            v->s = g_strndup ((const char *) data + pos, n);
            v->len = n;
            pos += n;
            CHECK (push (u, v));
            break;
          }

        case 'c':    /* GLOBAL */
          {
            Pv *v = pv_new (u, PV_GLOBAL);

            CHECK (read_line (data, length, &pos, &v->s));
            CHECK (read_line (data, length, &pos, &v->s2));
            CHECK (push (u, v));
            break;
          }

        case 0x93:   /* STACK_GLOBAL */
          {
            Pv *name = pop (u);
            Pv *module = pop (u);
            Pv *v;

            CHECK (name != NULL && module != NULL && name->kind == PV_STR
                   && module->kind == PV_STR);
            v = pv_new (u, PV_GLOBAL);
            v->s = g_strdup (module->s);
            v->s2 = g_strdup (name->s);
            CHECK (push (u, v));
            break;
          }

        case 'q':    /* BINPUT */
        case 'r':    /* LONG_BINPUT */
        case 'p':    /* PUT */
        case 0x94:   /* MEMOIZE */
          {
            guint64 index;
            Pv *v = top (u);

            CHECK (v != NULL);
            if (op == 'q')
              {
                NEED (1);
                index = data[pos++];
              }
            else if (op == 'r')
              {
                NEED (4);
                index = get32 (data + pos);
                pos += 4;
              }
            else if (op == 'p')
              {
                g_autofree char *line = NULL;

                CHECK (read_line (data, length, &pos, &line));
                index = g_ascii_strtoull (line, NULL, 10);
              }
            else
              index = g_hash_table_size (u->memo);
            CHECK (g_hash_table_size (u->memo) < MAX_MEMO);
            g_hash_table_insert (u->memo, GSIZE_TO_POINTER ((gsize) index + 1), v);
            break;
          }

        case 'h':    /* BINGET */
        case 'j':    /* LONG_BINGET */
        case 'g':    /* GET */
          {
            guint64 index;
            Pv *v;

            if (op == 'h')
              {
                NEED (1);
                index = data[pos++];
              }
            else if (op == 'j')
              {
                NEED (4);
                index = get32 (data + pos);
                pos += 4;
              }
            else
              {
                g_autofree char *line = NULL;

                CHECK (read_line (data, length, &pos, &line));
                index = g_ascii_strtoull (line, NULL, 10);
              }
            v = g_hash_table_lookup (u->memo, GSIZE_TO_POINTER ((gsize) index + 1));
            CHECK (v != NULL);
            CHECK (push (u, v));
            break;
          }

        case ')':    /* EMPTY_TUPLE */
          CHECK (push (u, pv_new (u, PV_TUPLE)));
          break;

        case ']':    /* EMPTY_LIST */
          CHECK (push (u, pv_new (u, PV_LIST)));
          break;

        case '}':    /* EMPTY_DICT */
          CHECK (push (u, pv_new (u, PV_DICT)));
          break;

        case 0x85:   /* TUPLE1 */
        case 0x86:   /* TUPLE2 */
        case 0x87:   /* TUPLE3 */
          {
            guint n = op - 0x84;
            Pv *t = pv_new (u, PV_TUPLE);

            CHECK (u->stack->len >= n);
            for (guint i = 0; i < n; i++)
              {
                Pv *item = g_ptr_array_index (u->stack, u->stack->len - n + i);

                CHECK (item->kind != PV_MARK);
                g_ptr_array_add (t->items, item);
              }
            g_ptr_array_set_size (u->stack, u->stack->len - n);
            CHECK (push (u, t));
            break;
          }

        case 't':    /* TUPLE */
        case 'l':    /* LIST */
        case 'd':    /* DICT */
          {
            gint mark = find_mark (u);
            Pv *v;

            CHECK (mark >= 0);
            v = pv_new (u, op == 't' ? PV_TUPLE : op == 'l' ? PV_LIST : PV_DICT);
            if (op == 'd')
              {
                CHECK ((u->stack->len - mark - 1) % 2 == 0);
                for (guint i = mark + 1; i + 1 < u->stack->len; i += 2)
                  dict_set (v, g_ptr_array_index (u->stack, i),
                            g_ptr_array_index (u->stack, i + 1));
              }
            else
              for (guint i = mark + 1; i < u->stack->len; i++)
                g_ptr_array_add (v->items, g_ptr_array_index (u->stack, i));
            g_ptr_array_set_size (u->stack, mark);
            CHECK (push (u, v));
            break;
          }

        case 'a':    /* APPEND */
          {
            Pv *item = pop (u);
            Pv *list = top (u);

            CHECK (item != NULL && list != NULL && list->kind == PV_LIST);
            g_ptr_array_add (list->items, item);
            break;
          }

        case 'e':    /* APPENDS */
        case 'u':    /* SETITEMS */
          {
            gint mark = find_mark (u);
            Pv *target;

            CHECK (mark >= 1);
            target = g_ptr_array_index (u->stack, mark - 1);
            if (op == 'e')
              {
                CHECK (target->kind == PV_LIST);
                for (guint i = mark + 1; i < u->stack->len; i++)
                  g_ptr_array_add (target->items, g_ptr_array_index (u->stack, i));
              }
            else
              {
                CHECK (target->kind == PV_DICT && (u->stack->len - mark - 1) % 2 == 0);
                for (guint i = mark + 1; i + 1 < u->stack->len; i += 2)
                  dict_set (target, g_ptr_array_index (u->stack, i),
                            g_ptr_array_index (u->stack, i + 1));
              }
            g_ptr_array_set_size (u->stack, mark);
            break;
          }

        case 's':    /* SETITEM */
          {
            Pv *value = pop (u);
            Pv *key = pop (u);
            Pv *dict = top (u);

            CHECK (value != NULL && key != NULL && dict != NULL && dict->kind == PV_DICT);
            dict_set (dict, key, value);
            break;
          }

        case 'R':    /* REDUCE */
        case 0x81:   /* NEWOBJ */
          {
            Pv *args = pop (u);
            Pv *callable = pop (u);
            Pv *v;

            CHECK (args != NULL && callable != NULL);
            v = reduce (u, callable, args);
            if (v == NULL)
              return NULL;
            CHECK (push (u, v));
            break;
          }

        case 'b':    /* BUILD: the state of an object (an OrderedDict's _metadata) */
          CHECK (pop (u) != NULL && top (u) != NULL);
          break;

        case 'Q':    /* BINPERSID */
          {
            Pv *pid = pop (u);
            Pv *v;

            CHECK (pid != NULL);
            v = persistent_load (u, pid);
            if (v == NULL)
              return NULL;
            CHECK (push (u, v));
            break;
          }

        default:
          {
            g_autofree char *why = g_strdup_printf ("unsupported opcode 0x%02x", op);

            pickle_fail (u, why);
            return NULL;
          }
        }
    }

  pickle_fail (u, "no STOP");
  return NULL;
#undef NEED
#undef CHECK
}

static Pv *
dict_get (const Pv   *dict,
          const char *key)
{
  for (guint i = 0; i + 1 < dict->items->len; i += 2)
    {
      Pv *k = g_ptr_array_index (dict->items, i);

      if (k->kind == PV_STR && strcmp (k->s, key) == 0)
        return g_ptr_array_index (dict->items, i + 1);
    }
  return NULL;
}

static gboolean
holds_tensors (const Pv *dict)
{
  for (guint i = 1; i < dict->items->len; i += 2)
    if (((Pv *) g_ptr_array_index (dict->items, i))->kind == PV_TENSOR)
      return TRUE;
  return FALSE;
}

static char *
format_shape (const Pv *size)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < size->items->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                            ((Pv *) g_ptr_array_index (size->items, i))->i);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static char *
format_net_shape (const SwNetTensor *t)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < t->n_dims; i++)
    g_string_append_printf (s, "%s%u", i ? ", " : "", t->shape[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The tensor's key in the state dict, allowing the "module." nn.DataParallel adds. */
static const char *
tensor_key (const Pv *key)
{
  if (key->kind != PV_STR)
    return NULL;
  return g_str_has_prefix (key->s, "module.") ? key->s + strlen ("module.") : key->s;
}

static gboolean
copy_tensor (const Pv           *tensor,
             const SwNetTensor  *want,
             GHashTable         *entries,
             const char         *prefix,
             gboolean            big_endian,
             const char         *name,
             float              *out,
             GError            **error)
{
  const Pv *size = g_ptr_array_index (tensor->items, 0);
  const Pv *stride = g_ptr_array_index (tensor->items, 1);
  const Pv *storage = tensor->ref;
  g_autofree char *entry_name = NULL;
  ZipData *zd;
  gint64 expected_stride = 1;
  gboolean shape_ok = size->items->len == want->n_dims;

  for (guint d = 0; shape_ok && d < want->n_dims; d++)
    shape_ok = ((Pv *) g_ptr_array_index (size->items, d))->i == want->shape[d];
  if (!shape_ok)
    {
      g_autofree char *have = format_shape (size);
      g_autofree char *need = format_net_shape (want);

      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                   _("%s: %s has shape %s; the network needs %s"), name, want->name, have,
                   need);
      return FALSE;
    }
  for (gint d = (gint) want->n_dims - 1; d >= 0; d--)
    {
      if (((Pv *) g_ptr_array_index (stride->items, d))->i != expected_stride
          && want->shape[d] != 1)
        {
          g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                       _("%s: %s is not stored contiguously"), name, want->name);
          return FALSE;
        }
      expected_stride *= want->shape[d];
    }
  if (strcmp (storage->s2, "torch.FloatStorage") != 0)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                   _("%s: %s is a %s; Stepwise reads float32 tensors (torch.FloatStorage)"),
                   name, want->name, storage->s2);
      return FALSE;
    }
  if (tensor->i < 0 || storage->i < tensor->i
      || (guint64) (storage->i - tensor->i) < want->n_elements)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                   _("%s: %s lies outside its storage"), name, want->name);
      return FALSE;
    }

  entry_name = g_strdup_printf ("%s/data/%s", prefix, storage->s);
  zd = g_hash_table_lookup (entries, entry_name);
  if (zd == NULL || zd->length / sizeof (float) < (guint64) storage->i)
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_TRUNCATED,
                   _("%s: the data of %s is missing or short (%s)"), name, want->name,
                   entry_name);
      return FALSE;
    }

  memcpy (out, zd->data + tensor->i * sizeof (float), want->n_elements * sizeof (float));
  if (big_endian != (G_BYTE_ORDER == G_BIG_ENDIAN))
    {
      guint32 *w = (guint32 *) out;

      for (gsize i = 0; i < want->n_elements; i++)
        w[i] = GUINT32_SWAP_LE_BE (w[i]);
    }
  return TRUE;
}

/**
 * sw_pth_load_from_data:
 * @data: (array length=length): the bytes of a model.pth
 * @length: their number
 * @name: the file name for messages
 * @error: return location for a #GError
 *
 * Reads a state dict written by torch.save() (or sw_pth_save()) into a network. It must hold
 * exactly the tensors of the network (an optional "module." prefix aside), as float32 of the
 * right shapes, as `load_state_dict (strict=True)` demands.
 *
 * Returns: (transfer full) (nullable): the network, or %NULL with @error set
 */
SwNet *
sw_pth_load_from_data (const guint8  *data,
                       gsize          length,
                       const char    *name,
                       GError       **error)
{
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GPtrArray) arena = NULL;
  g_autoptr(GPtrArray) stack = NULL;
  g_autoptr(GHashTable) memo = NULL;
  g_autofree char *prefix = NULL;
  g_autofree float *params = NULL;
  g_autofree char *pkl_name = NULL;
  g_autofree char *order_name = NULL;
  const SwNetTensor *tensors;
  guint n_tensors;
  gboolean big_endian = FALSE;
  GHashTableIter iter;
  gpointer key;
  ZipData *pkl, *order;
  Unpickler u;
  Pv *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entries = zip_read (data, length, name, error);
  if (entries == NULL)
    return NULL;

  /* The folder is whatever holds data.pkl: "archive" from a buffer, the file's stem from
   * torch.save (obj, "model.pth") in PyTorch 1.13. */
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *slash = strchr (key, '/');

      if (slash != NULL && strcmp (slash, "/data.pkl") == 0)
        {
          prefix = g_strndup (key, slash - (const char *) key);
          break;
        }
    }
  if (prefix == NULL)
    {
      zip_fail (error, name, _("no data.pkl"));
      return NULL;
    }
  pkl_name = g_strdup_printf ("%s/data.pkl", prefix);
  pkl = g_hash_table_lookup (entries, pkl_name);
  order_name = g_strdup_printf ("%s/byteorder", prefix);
  order = g_hash_table_lookup (entries, order_name);
  if (order != NULL && order->length == 3 && memcmp (order->data, "big", 3) == 0)
    big_endian = TRUE;

  arena = g_ptr_array_new_with_free_func (pv_free);
  stack = g_ptr_array_new ();
  memo = g_hash_table_new (NULL, NULL);
  u.name = name;
  u.arena = arena;
  u.stack = stack;
  u.memo = memo;
  u.error = error;
  root = unpickle (&u, pkl->data, pkl->length);
  if (root == NULL)
    return NULL;

  if (root->kind == PV_DICT && !holds_tensors (root))
    {
      static const char *const nested[] = { "state_dict", "model_state_dict", "model" };

      for (guint i = 0; i < G_N_ELEMENTS (nested); i++)
        {
          Pv *inner = dict_get (root, nested[i]);

          if (inner != NULL && inner->kind == PV_DICT && holds_tensors (inner))
            {
              root = inner;
              break;
            }
        }
    }
  if (root->kind != PV_DICT || !holds_tensors (root))
    {
      g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                   _("%s: holds no state dict of tensors"), name);
      return NULL;
    }

  tensors = sw_net_get_tensors (&n_tensors);
  params = g_new0 (float, SW_NET_N_PARAMS);
  for (guint i = 0; i + 1 < root->items->len; i += 2)
    {
      Pv *k = g_ptr_array_index (root->items, i);
      Pv *v = g_ptr_array_index (root->items, i + 1);
      const char *tk = tensor_key (k);

      if (v->kind == PV_TENSOR && (tk == NULL || sw_net_find_tensor (tk) == NULL))
        {
          g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                       _("%s: holds a tensor %s the network does not have"), name,
                       k->kind == PV_STR ? k->s : "?");
          return NULL;
        }
    }
  for (guint t = 0; t < n_tensors; t++)
    {
      Pv *found = NULL;

      for (guint i = 0; i + 1 < root->items->len; i += 2)
        {
          const char *tk = tensor_key (g_ptr_array_index (root->items, i));

          if (tk != NULL && strcmp (tk, tensors[t].name) == 0)
            found = g_ptr_array_index (root->items, i + 1);
        }
      if (found == NULL || found->kind != PV_TENSOR)
        {
          g_set_error (error, SW_TRAIN_ERROR, SW_TRAIN_ERROR_MODEL,
                       _("%s: has no tensor %s"), name, tensors[t].name);
          return NULL;
        }
      if (!copy_tensor (found, &tensors[t], entries, prefix, big_endian, name,
                        params + tensors[t].offset, error))
        return NULL;
    }

  return sw_net_new_from_params (params);
}

/**
 * sw_pth_load:
 * @path: (type filename): a model.pth
 * @error: return location for a #GError
 *
 * Reads a model file; see sw_pth_load_from_data().
 *
 * Returns: (transfer full) (nullable): the network, or %NULL with @error set
 */
SwNet *
sw_pth_load (const char  *path,
             GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_IO_ERROR,
                   local_error->code == G_FILE_ERROR_NOENT ? G_IO_ERROR_NOT_FOUND
                                                           : G_IO_ERROR_FAILED,
                   "%s", local_error->message);
      return NULL;
    }
  return sw_pth_load_from_data ((const guint8 *) g_mapped_file_get_contents (mapped),
                                g_mapped_file_get_length (mapped), display, error);
}
