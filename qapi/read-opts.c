/* read-opts.c: a schema reader over flat QemuOpts, with QEMU's "opts visitor" rules. */
#include "qapi/read-opts.h"

#include "qapi/numbers.h"

typedef struct OptsEntry {
    const char *key;
    const char *value;
} OptsEntry;

typedef enum ListMode {
    LIST_NONE,
    LIST_IN_PROGRESS,
    LIST_TRAVERSED,
} ListMode;

typedef struct OptsReader {
    QapiReader base;
    OptsEntry *entries;
    /*
     * Key -> GQueue of its entries, for the keys nobody read yet.  QEMU
     * reports the first key left in a GHashTable filled and emptied in
     * the same order, so this is one too.
     */
    GHashTable *unprocessed;
    int depth;
    ListMode list_mode;
    GQueue *repeated;          /* entries of the list being read */
    bool list_started;
    QemuOptsWarnFunc *warn;
    void *opaque;
} OptsReader;

static OptsReader *to_reader(QapiReader *r)
{
    return (OptsReader *)r;
}

static void insert_entry(GHashTable *h, OptsEntry *e)
{
    GQueue *q = g_hash_table_lookup(h, e->key);
    if (!q) {
        q = g_queue_new();
        g_hash_table_insert(h, (gpointer)e->key, q);
    }
    g_queue_push_tail(q, e);
}

static bool start_struct(QapiReader *r, const char *name, Error **errp)
{
    to_reader(r)->depth++;
    return true;
}

static bool check_struct(QapiReader *r, Error **errp)
{
    OptsReader *or = to_reader(r);
    GHashTableIter iter;
    GQueue *q;

    if (or->depth > 1) {
        return true;
    }
    g_hash_table_iter_init(&iter, or->unprocessed);
    if (g_hash_table_iter_next(&iter, NULL, (gpointer *)&q)) {
        OptsEntry *first = g_queue_peek_head(q);
        error_setg(errp, "Invalid parameter '%s'", first->key);
        return false;
    }
    return true;
}

static void end_struct(QapiReader *r)
{
    to_reader(r)->depth--;
}

static GQueue *lookup_distinct(OptsReader *or, const char *name, Error **errp)
{
    GQueue *q = g_hash_table_lookup(or->unprocessed, name);
    if (!q) {
        error_setg(errp, "Parameter '%s' is missing", name);
    }
    return q;
}

static bool start_list(QapiReader *r, const char *name, Error **errp)
{
    OptsReader *or = to_reader(r);

    or->repeated = lookup_distinct(or, name, errp);
    if (!or->repeated) {
        return false;
    }
    or->list_mode = LIST_IN_PROGRESS;
    or->list_started = false;
    return true;
}

static bool next_element(QapiReader *r)
{
    OptsReader *or = to_reader(r);

    if (or->list_mode != LIST_IN_PROGRESS) {
        return false;
    }
    if (!or->list_started) {
        or->list_started = true;
        return true;
    }
    OptsEntry *done = g_queue_pop_head(or->repeated);
    if (g_queue_is_empty(or->repeated)) {
        g_hash_table_remove(or->unprocessed, done->key);
        or->repeated = NULL;
        or->list_mode = LIST_TRAVERSED;
        return false;
    }
    return true;
}

static void end_list(QapiReader *r)
{
    OptsReader *or = to_reader(r);
    or->repeated = NULL;
    or->list_mode = LIST_NONE;
}

static bool present(QapiReader *r, const char *name)
{
    return g_hash_table_lookup(to_reader(r)->unprocessed, name) != NULL;
}

static const OptsEntry *lookup_scalar(OptsReader *or, const char *name,
                                      Error **errp)
{
    if (or->list_mode == LIST_NONE) {
        GQueue *q = lookup_distinct(or, name, errp);
        return q ? g_queue_peek_tail(q) : NULL;
    }
    if (or->list_mode == LIST_TRAVERSED) {
        error_setg(errp, "Fewer list elements than expected");
        return NULL;
    }
    return g_queue_peek_head(or->repeated);
}

static void processed(OptsReader *or, const char *name)
{
    if (or->list_mode == LIST_NONE) {
        g_hash_table_remove(or->unprocessed, name);
    }
}

static bool read_str(QapiReader *r, const char *name, char **out,
                     Error **errp)
{
    OptsReader *or = to_reader(r);
    const OptsEntry *e = lookup_scalar(or, name, errp);

    if (!e) {
        return false;
    }
    *out = g_strdup(e->value);
    processed(or, name);
    return true;
}

static bool read_bool(QapiReader *r, const char *name, bool *out,
                      Error **errp)
{
    OptsReader *or = to_reader(r);
    const OptsEntry *e = lookup_scalar(or, name, errp);

    if (!e) {
        return false;
    }
    if (!qapi_bool_parse(e->value, out)) {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", e->key);
        return false;
    }
    processed(or, name);
    return true;
}

/* "an int64 value", or "... or range" inside a list. */
static void expects(OptsReader *or, const OptsEntry *e, const char *what,
                    Error **errp)
{
    error_setg(errp, "Parameter '%s' expects %s%s", e->key, what,
               or->list_mode == LIST_NONE ? "" : " or range");
}

static bool read_int64(QapiReader *r, const char *name, int64_t *out,
                       Error **errp)
{
    OptsReader *or = to_reader(r);
    const OptsEntry *e = lookup_scalar(or, name, errp);

    if (!e) {
        return false;
    }
    if (qapi_strtoi64(e->value, 0, out) < 0) {
        expects(or, e, "an int64 value", errp);
        return false;
    }
    processed(or, name);
    return true;
}

static bool read_uint64(QapiReader *r, const char *name, uint64_t *out,
                        Error **errp)
{
    OptsReader *or = to_reader(r);
    const OptsEntry *e = lookup_scalar(or, name, errp);

    if (!e) {
        return false;
    }
    if (qapi_parse_uint(e->value, out) < 0) {
        expects(or, e, "a uint64 value", errp);
        return false;
    }
    processed(or, name);
    return true;
}

static bool read_size(QapiReader *r, const char *name, uint64_t *out,
                      Error **errp)
{
    OptsReader *or = to_reader(r);
    const OptsEntry *e = lookup_scalar(or, name, errp);
    bool hex_suffix;

    if (!e) {
        return false;
    }
    int ret = qapi_strtosz(e->value, out, &hex_suffix);
    if (hex_suffix && or->warn) {
        g_autofree char *msg = g_strdup_printf(
            "Using a multiplier suffix on hex numbers is deprecated: %s",
            e->value);
        or->warn(or->opaque, msg);
    }
    if (ret < 0) {
        error_setg(errp, "Parameter '%s' expects a size value", e->key);
        return false;
    }
    processed(or, name);
    return true;
}

static void reader_free(QapiReader *r)
{
    OptsReader *or = to_reader(r);
    g_hash_table_destroy(or->unprocessed);
    g_free(or->entries);
    g_free(or);
}

static const QapiReaderOps opts_reader_ops = {
    .start_struct = start_struct,
    .check_struct = check_struct,
    .end_struct = end_struct,
    .start_list = start_list,
    .next_element = next_element,
    .end_list = end_list,
    .present = present,
    .read_str = read_str,
    .read_bool = read_bool,
    .read_int64 = read_int64,
    .read_uint64 = read_uint64,
    .read_size = read_size,
    .free = reader_free,
};

static void queue_free(gpointer q)
{
    g_queue_free(q);
}

QapiReader *qapi_opts_reader_new(const QemuOpts *opts, bool always_id,
                                 QemuOptsWarnFunc *warn, void *opaque)
{
    OptsReader *or = g_new0(OptsReader, 1);
    size_t n = qemu_opts_count(opts);
    const char *id = qemu_opts_id(opts);

    or->base.ops = &opts_reader_ops;
    or->warn = warn;
    or->opaque = opaque;
    or->entries = g_new(OptsEntry, n + 1);
    or->unprocessed = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                            queue_free);
    for (size_t i = 0; i < n; i++) {
        or->entries[i].key = qemu_opts_key(opts, i);
        or->entries[i].value = qemu_opts_value(opts, i);
        insert_entry(or->unprocessed, &or->entries[i]);
    }
    /* QEMU adds the id last, as if it were one more entry. */
    if (id || always_id) {
        or->entries[n].key = "id";
        or->entries[n].value = id ? id : "";
        insert_entry(or->unprocessed, &or->entries[n]);
    }
    return &or->base;
}
