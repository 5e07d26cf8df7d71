/* read-tree.c: a schema reader over JSON or keyval trees, with QEMU's "qobject input visitor" rules. */
#include "qapi/read-tree.h"

#include "qapi/numbers.h"
#include "util/keyval.h"

/* A struct or list being read. */
typedef struct Frame {
    const char *name;          /* the member it is, NULL for the root/elements */
    JsonNode *node;
    GHashTable *unvisited;     /* object: member names nobody read yet */
    guint pos;                 /* array: next element */
    guint cur;                 /* array: the element being read */
} Frame;

typedef struct TreeReader {
    QapiReader base;
    JsonNode *root;
    GPtrArray *stack;          /* Frame * */
    bool keyval;
    GString *errname;
    QemuOptsWarnFunc *warn;
    void *opaque;
} TreeReader;

static TreeReader *to_reader(QapiReader *r)
{
    return (TreeReader *)r;
}

static Frame *top(TreeReader *tr)
{
    return tr->stack->len ? tr->stack->pdata[tr->stack->len - 1] : NULL;
}

/* The path of member @name of the innermost frame: "a.b", "a[0].c". */
static const char *full_name(TreeReader *tr, const char *name)
{
    g_string_truncate(tr->errname, 0);
    for (guint i = tr->stack->len; i-- > 0;) {
        Frame *f = tr->stack->pdata[i];
        if (JSON_NODE_HOLDS_OBJECT(f->node)) {
            g_string_prepend(tr->errname, name ? name : "<anonymous>");
            g_string_prepend_c(tr->errname, '.');
        } else {
            g_autofree char *index = g_strdup_printf(
                tr->keyval ? ".%u" : "[%u]", f->cur);
            g_string_prepend(tr->errname, index);
        }
        name = f->name;
    }
    if (name) {
        g_string_prepend(tr->errname, name);
    } else if (tr->errname->str[0] == '.') {
        g_string_erase(tr->errname, 0, 1);
    } else if (!tr->errname->len) {
        return "<anonymous>";
    }
    return tr->errname->str;
}

/* The value @name of the innermost frame (marked as read), or NULL. */
static JsonNode *try_get(TreeReader *tr, const char *name, bool consume)
{
    Frame *f = top(tr);

    if (!f) {
        return tr->root;
    }
    if (JSON_NODE_HOLDS_OBJECT(f->node)) {
        JsonNode *n = json_object_get_member(json_node_get_object(f->node),
                                             name);
        if (n && consume) {
            g_hash_table_remove(f->unvisited, name);
        }
        return n;
    }
    JsonArray *a = json_node_get_array(f->node);
    return f->cur < json_array_get_length(a)
               ? json_array_get_element(a, f->cur) : NULL;
}

static JsonNode *get(TreeReader *tr, const char *name, Error **errp)
{
    JsonNode *n = try_get(tr, name, true);
    if (!n) {
        error_setg(errp, "Parameter '%s' is missing", full_name(tr, name));
    }
    return n;
}

static void type_error(TreeReader *tr, const char *name, const char *want,
                       Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               full_name(tr, name), want);
}

static void push(TreeReader *tr, const char *name, JsonNode *node)
{
    Frame *f = g_new0(Frame, 1);
    f->name = name;
    f->node = node;
    if (JSON_NODE_HOLDS_OBJECT(node)) {
        /* filled in QDict order, as QEMU's, to report the same leftover */
        GPtrArray *names = keyval_qdict_order(json_node_get_object(node));
        f->unvisited = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint i = 0; i < names->len; i++) {
            g_hash_table_insert(f->unvisited, names->pdata[i], NULL);
        }
        g_ptr_array_free(names, TRUE);
    }
    g_ptr_array_add(tr->stack, f);
}

static void pop(TreeReader *tr)
{
    Frame *f = top(tr);
    if (f->unvisited) {
        g_hash_table_destroy(f->unvisited);
    }
    g_free(f);
    g_ptr_array_remove_index(tr->stack, tr->stack->len - 1);
}

static bool start_struct(QapiReader *r, const char *name, Error **errp)
{
    TreeReader *tr = to_reader(r);
    JsonNode *n = get(tr, name, errp);

    if (!n) {
        return false;
    }
    if (!JSON_NODE_HOLDS_OBJECT(n)) {
        type_error(tr, name, "object", errp);
        return false;
    }
    push(tr, name, n);
    return true;
}

static bool check_struct(QapiReader *r, Error **errp)
{
    TreeReader *tr = to_reader(r);
    GHashTableIter iter;
    const char *key;

    g_hash_table_iter_init(&iter, top(tr)->unvisited);
    if (g_hash_table_iter_next(&iter, (gpointer *)&key, NULL)) {
        error_setg(errp, "Parameter '%s' is unexpected", full_name(tr, key));
        return false;
    }
    return true;
}

static void end_struct(QapiReader *r)
{
    pop(to_reader(r));
}

static bool start_list(QapiReader *r, const char *name, Error **errp)
{
    TreeReader *tr = to_reader(r);
    JsonNode *n = get(tr, name, errp);

    if (!n) {
        return false;
    }
    if (!JSON_NODE_HOLDS_ARRAY(n)) {
        type_error(tr, name, "array", errp);
        return false;
    }
    push(tr, name, n);
    return true;
}

static bool next_element(QapiReader *r)
{
    Frame *f = top(to_reader(r));

    if (f->pos >= json_array_get_length(json_node_get_array(f->node))) {
        return false;
    }
    f->cur = f->pos++;
    return true;
}

static void end_list(QapiReader *r)
{
    pop(to_reader(r));
}

static bool present(QapiReader *r, const char *name)
{
    return try_get(to_reader(r), name, false) != NULL;
}

static bool holds(JsonNode *n, GType type)
{
    return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == type;
}

/* Keyval: the string @name, converted by the caller. */
static const char *get_keyval(TreeReader *tr, const char *name, Error **errp)
{
    JsonNode *n = get(tr, name, errp);

    if (!n) {
        return NULL;
    }
    if (JSON_NODE_HOLDS_OBJECT(n) || JSON_NODE_HOLDS_ARRAY(n)) {
        error_setg(errp, "Parameters '%s.*' are unexpected",
                   full_name(tr, name));
        return NULL;
    }
    if (!holds(n, G_TYPE_STRING)) {
        type_error(tr, name, "string", errp);
        return NULL;
    }
    return json_node_get_string(n);
}

static bool read_str(QapiReader *r, const char *name, char **out,
                     Error **errp)
{
    TreeReader *tr = to_reader(r);

    if (tr->keyval) {
        const char *s = get_keyval(tr, name, errp);
        *out = g_strdup(s);
        return s != NULL;
    }
    JsonNode *n = get(tr, name, errp);
    if (!n) {
        return false;
    }
    if (!holds(n, G_TYPE_STRING)) {
        type_error(tr, name, "string", errp);
        return false;
    }
    *out = g_strdup(json_node_get_string(n));
    return true;
}

static bool read_bool(QapiReader *r, const char *name, bool *out,
                      Error **errp)
{
    TreeReader *tr = to_reader(r);

    if (tr->keyval) {
        const char *s = get_keyval(tr, name, errp);
        if (s && !qapi_bool_parse(s, out)) {
            error_setg(errp, "Parameter '%s' expects 'on' or 'off'",
                       full_name(tr, name));
            return false;
        }
        return s != NULL;
    }
    JsonNode *n = get(tr, name, errp);
    if (!n) {
        return false;
    }
    if (!holds(n, G_TYPE_BOOLEAN)) {
        type_error(tr, name, "boolean", errp);
        return false;
    }
    *out = json_node_get_boolean(n);
    return true;
}

/* Keyval: @ret is the result of converting @name; < 0: "expects @what". */
static bool keyval_number(TreeReader *tr, const char *name, int ret,
                          const char *what, Error **errp)
{
    if (ret < 0) {
        error_setg(errp, "Parameter '%s' expects %s", full_name(tr, name),
                   what);
        return false;
    }
    return true;
}

static bool read_int64(QapiReader *r, const char *name, int64_t *out,
                       Error **errp)
{
    TreeReader *tr = to_reader(r);

    if (tr->keyval) {
        const char *s = get_keyval(tr, name, errp);
        return s && keyval_number(tr, name, qapi_strtoi64(s, 0, out),
                                  "integer", errp);
    }
    JsonNode *n = get(tr, name, errp);
    if (!n) {
        return false;
    }
    if (!holds(n, G_TYPE_INT64)) {
        type_error(tr, name, "integer", errp);
        return false;
    }
    *out = json_node_get_int(n);
    return true;
}

/* JSON unsigned: non-negative integers, and negative ones wrapped. */
static bool json_uint64(TreeReader *tr, const char *name, uint64_t *out,
                        Error **errp)
{
    JsonNode *n = get(tr, name, errp);

    if (!n) {
        return false;
    }
    if (!holds(n, G_TYPE_INT64)) {
        error_setg(errp, "Parameter '%s' expects uint64", full_name(tr, name));
        return false;
    }
    *out = (uint64_t)json_node_get_int(n);
    return true;
}

static bool read_uint64(QapiReader *r, const char *name, uint64_t *out,
                        Error **errp)
{
    TreeReader *tr = to_reader(r);

    if (tr->keyval) {
        const char *s = get_keyval(tr, name, errp);
        return s && keyval_number(tr, name, qapi_strtou64(s, 0, out),
                                  "integer", errp);
    }
    return json_uint64(tr, name, out, errp);
}

static bool read_size(QapiReader *r, const char *name, uint64_t *out,
                      Error **errp)
{
    TreeReader *tr = to_reader(r);
    bool hex_suffix;

    if (!tr->keyval) {
        return json_uint64(tr, name, out, errp);
    }
    const char *s = get_keyval(tr, name, errp);
    if (!s) {
        return false;
    }
    int ret = qapi_strtosz(s, out, &hex_suffix);
    if (hex_suffix && tr->warn) {
        g_autofree char *msg = g_strdup_printf(
            "Using a multiplier suffix on hex numbers is deprecated: %s", s);
        tr->warn(tr->opaque, msg);
    }
    return keyval_number(tr, name, ret, "size", errp);
}

static void reader_free(QapiReader *r)
{
    TreeReader *tr = to_reader(r);
    while (tr->stack->len) {
        pop(tr);
    }
    g_ptr_array_free(tr->stack, TRUE);
    g_string_free(tr->errname, TRUE);
    json_node_unref(tr->root);
    g_free(tr);
}

static const QapiReaderOps tree_reader_ops = {
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

QapiReader *qapi_tree_reader_new(JsonNode *root, bool keyval,
                                 QemuOptsWarnFunc *warn, void *opaque)
{
    TreeReader *tr = g_new0(TreeReader, 1);
    tr->base.ops = &tree_reader_ops;
    tr->root = json_node_ref(root);
    tr->stack = g_ptr_array_new();
    tr->keyval = keyval;
    tr->errname = g_string_new(NULL);
    tr->warn = warn;
    tr->opaque = opaque;
    return &tr->base;
}
