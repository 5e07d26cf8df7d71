/* keyval.c: QEMU's "keyval" syntax, dotted key=value text parsed into a tree of strings. */
#include "util/keyval.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* QEMU refuses key fragments this long or longer. */
#define KEY_FRAGMENT_MAX 128

/* QEMU's QDict has this many hash buckets. */
#define QDICT_BUCKETS 512

/*
 * The string hash QEMU's QDict uses (the public tdb hash from Samba); only
 * its bucket order matters here.
 */
static unsigned qdict_hash(const char *name)
{
    unsigned value = 0x238F13AFu * (unsigned)strlen(name);
    for (unsigned i = 0; name[i]; i++) {
        value += (unsigned)(unsigned char)name[i] << (i * 5 % 24);
    }
    return 1103515243u * value + 12345u;
}

typedef struct OrderedKey {
    const char *name;
    unsigned bucket;
    guint seq;
} OrderedKey;

static gint compare_qdict_order(gconstpointer a, gconstpointer b)
{
    const OrderedKey *x = a, *y = b;
    if (x->bucket != y->bucket) {
        return x->bucket < y->bucket ? -1 : 1;
    }
    /* QDict inserts at the head of a bucket: later keys come first. */
    return x->seq > y->seq ? -1 : 1;
}

GPtrArray *keyval_qdict_order(JsonObject *obj)
{
    GList *names = json_object_get_members(obj);
    guint n = g_list_length(names);
    OrderedKey *keys = g_new(OrderedKey, n ? n : 1);
    GPtrArray *out = g_ptr_array_sized_new(n);
    guint i = 0;

    for (GList *l = names; l; l = l->next, i++) {
        keys[i].name = l->data;
        keys[i].bucket = qdict_hash(l->data) % QDICT_BUCKETS;
        keys[i].seq = i;
    }
    qsort(keys, n, sizeof(*keys), compare_qdict_order);
    for (i = 0; i < n; i++) {
        g_ptr_array_add(out, (gpointer)keys[i].name);
    }
    g_free(keys);
    g_list_free(names);
    return out;
}

/* Length of the QAPI name at @s (optionally "__RFQDN_" prefixed), or 0. */
static size_t qapi_name_len(const char *s)
{
    const char *p = s;

    if (*p == '_') {
        if (*++p != '_') {
            return 0;
        }
        while (*++p && (g_ascii_isalnum(*p) || *p == '-' || *p == '.')) {
        }
        if (*p != '_') {
            return 0;
        }
        p++;
    }
    if (!g_ascii_isalpha(*p)) {
        return 0;
    }
    while (*++p && (g_ascii_isalnum(*p) || *p == '-' || *p == '_')) {
    }
    return p - s;
}

/*
 * Parses a list index at @key (decimal digits); returns it (INT_MAX when
 * too large) and sets *@end past it, or returns -1.  With @end NULL the
 * whole string must be the index.
 */
static int key_to_index(const char *key, const char **end)
{
    char *e;
    unsigned long index;

    if (*key < '0' || *key > '9') {
        return -1;
    }
    errno = 0;
    index = strtoul(key, &e, 10);
    if (end) {
        *end = e;
    } else if (*e) {
        return -1;
    }
    if (errno == ERANGE || index > INT_MAX) {
        return INT_MAX;
    }
    return (int)index;
}

/*
 * Stores @value (a string node, or NULL for "an object") as @name in @cur.
 * @key .. @cursor is the key text so far, for the error message.
 */
static JsonNode *put_member(JsonObject *cur, const char *name,
                            JsonNode *value, const char *key,
                            const char *cursor, Error **errp)
{
    JsonNode *old = json_object_get_member(cur, name);

    if (old) {
        JsonNodeType want = value ? JSON_NODE_VALUE : JSON_NODE_OBJECT;
        if (JSON_NODE_TYPE(old) != want) {
            error_setg(errp, "Parameters '%.*s.*' used inconsistently",
                       (int)(cursor - key), key);
            if (value) {
                json_node_unref(value);
            }
            return NULL;
        }
        if (!value) {
            return old;
        }
    } else if (!value) {
        JsonObject *obj = json_object_new();
        value = json_node_init_object(json_node_alloc(), obj);
        json_object_unref(obj);
    }
    json_object_set_member(cur, name, value);
    return value;
}

/* Reads a value up to a single ',' (",," is ','); returns the rest. */
static const char *read_value(const char *s, GString *val)
{
    for (;;) {
        if (!*s) {
            break;
        }
        if (*s == ',') {
            s++;
            if (*s != ',') {
                break;
            }
        }
        g_string_append_c(val, *s++);
    }
    return s;
}

/* Walks the dotted key @key .. @key_end, creating the objects on the way. */
static JsonObject *walk_key(JsonObject *root, const char *key,
                            const char *key_end, bool implied,
                            char *last, const char **rest, Error **errp)
{
    JsonObject *cur = root;
    const char *s = key;
    const char *end;
    size_t len;

    for (;;) {
        if (s != key && key_to_index(s, &end) >= 0) {
            len = end - s;
        } else {
            len = qapi_name_len(s);
        }
        g_assert(s + len <= key_end);
        if (!len || (s + len < key_end && s[len] != '.')) {
            g_assert(!implied);
            error_setg(errp, "Invalid parameter '%.*s'",
                       (int)(key_end - key), key);
            return NULL;
        }
        if (len >= KEY_FRAGMENT_MAX) {
            g_assert(!implied);
            error_setg(errp, "Parameter%s '%.*s' is too long",
                       s != key || s + len != key_end ? " fragment" : "",
                       (int)len, s);
            return NULL;
        }
        if (s != key) {
            JsonNode *next = put_member(cur, last, NULL, key, s - 1, errp);
            if (!next) {
                return NULL;
            }
            cur = json_node_get_object(next);
        }
        memcpy(last, s, len);
        last[len] = 0;
        s += len;
        if (*s != '.') {
            break;
        }
        s++;
    }
    *rest = s;
    return cur;
}

/* Parses one element at @params into @root; returns the next one. */
static const char *parse_one(JsonObject *root, const char *params,
                             const char *implied_key, bool *help,
                             Error **errp)
{
    const char *key = params, *key_end, *val_end = NULL, *s;
    size_t len = strcspn(params, "=,");
    char last[KEY_FRAGMENT_MAX];
    bool implied = false;

    if (len && key[len] != '=') {
        size_t help_len = *key == '?' ? 1
                          : g_str_has_prefix(key, "help") ? 4 : 0;
        if (help_len == len) {
            *help = true;
            s = key + len;
            return *s == ',' ? s + 1 : s;
        }
        if (implied_key) {
            key = implied_key;
            val_end = params + len;
            len = strlen(implied_key);
            implied = true;
        }
    }
    key_end = key + len;

    JsonObject *cur = walk_key(root, key, key_end, implied, last, &s, errp);
    if (!cur) {
        return NULL;
    }
    GString *val = g_string_new(NULL);
    if (implied) {
        g_string_append_len(val, params, val_end - params);
        s = *val_end == ',' ? val_end + 1 : val_end;
    } else {
        if (*s != '=') {
            error_setg(errp, "Expected '=' after parameter '%.*s'",
                       (int)(s - key), key);
            g_string_free(val, TRUE);
            return NULL;
        }
        s = read_value(s + 1, val);
    }
    JsonNode *node = json_node_init_string(json_node_alloc(), val->str);
    g_string_free(val, TRUE);
    if (!put_member(cur, last, node, key, key_end, errp)) {
        return NULL;
    }
    return s;
}

/* "a.b." for the path of keys @path (innermost last). */
static char *path_prefix(GPtrArray *path)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < path->len; i++) {
        g_string_append_printf(s, "%s.", (char *)path->pdata[i]);
    }
    return g_string_free(s, FALSE);
}

static bool listify(JsonObject *cur, GPtrArray *path, JsonNode **list,
                    Error **errp);

/* Listifies the object members of @cur; notes what kinds of keys it has. */
static bool listify_members(JsonObject *cur, GPtrArray *path,
                            bool *has_index, bool *has_member, Error **errp)
{
    GPtrArray *names = keyval_qdict_order(cur);
    bool ok = true;

    for (guint i = 0; ok && i < names->len; i++) {
        const char *name = names->pdata[i];
        JsonNode *member = json_object_get_member(cur, name);
        JsonNode *list = NULL;

        if (key_to_index(name, NULL) >= 0) {
            *has_index = true;
        } else {
            *has_member = true;
        }
        if (!JSON_NODE_HOLDS_OBJECT(member)) {
            continue;
        }
        g_ptr_array_add(path, (gpointer)name);
        ok = listify(json_node_get_object(member), path, &list, errp);
        g_ptr_array_remove_index(path, path->len - 1);
        if (list) {
            json_object_set_member(cur, name, list);
        }
    }
    g_ptr_array_free(names, TRUE);
    return ok;
}

/* An array node made of @cur's members, whose keys are all indexes. */
static JsonNode *make_list(JsonObject *cur, GPtrArray *path, Error **errp)
{
    GPtrArray *names = keyval_qdict_order(cur);
    guint nelt = names->len + 1;     /* one more, as a sentinel */
    JsonNode **elt = g_new0(JsonNode *, nelt);
    int max_index = -1;
    JsonArray *array = json_array_new();
    JsonNode *node = NULL;

    for (guint i = 0; i < names->len; i++) {
        int index = key_to_index(names->pdata[i], NULL);
        max_index = MAX(max_index, index);
        /* QEMU drops indexes past the count; the loop below reports them. */
        if ((guint)index < nelt - 1) {
            elt[index] = json_object_get_member(cur, names->pdata[i]);
        }
    }
    for (guint i = 0; i < MIN(nelt, (guint)max_index + 1); i++) {
        if (!elt[i]) {
            g_autofree char *prefix = path_prefix(path);
            error_setg(errp, "Parameter '%s%u' missing", prefix, i);
            goto out;
        }
        json_array_add_element(array, json_node_ref(elt[i]));
    }
    node = json_node_init_array(json_node_alloc(), array);
out:
    json_array_unref(array);
    g_free(elt);
    g_ptr_array_free(names, TRUE);
    return node;
}

/*
 * Turns objects whose keys are all list indexes into arrays, from the
 * leaves up.  Sets *@list to the array node @cur becomes, if it does.
 */
static bool listify(JsonObject *cur, GPtrArray *path, JsonNode **list,
                    Error **errp)
{
    bool has_index = false, has_member = false;

    if (!listify_members(cur, path, &has_index, &has_member, errp)) {
        return false;
    }
    if (has_index && has_member) {
        g_autofree char *prefix = path_prefix(path);
        error_setg(errp, "Parameters '%s*' used inconsistently", prefix);
        return false;
    }
    if (has_index) {
        *list = make_list(cur, path, errp);
        return *list != NULL;
    }
    return true;
}

JsonObject *keyval_parse(const char *params, const char *implied_key,
                         bool *help, Error **errp)
{
    JsonObject *root = json_object_new();
    bool want_help = false;

    for (const char *s = params; *s; implied_key = NULL) {
        s = parse_one(root, s, implied_key, &want_help, errp);
        if (!s) {
            json_object_unref(root);
            return NULL;
        }
    }
    if (help) {
        *help = want_help;
    } else if (want_help) {
        error_setg(errp, "Help is not available for this option");
        json_object_unref(root);
        return NULL;
    }
    GPtrArray *path = g_ptr_array_new();
    bool has_index = false, has_member = false;
    bool ok = listify_members(root, path, &has_index, &has_member, errp);
    g_ptr_array_free(path, TRUE);
    if (!ok) {
        json_object_unref(root);
        return NULL;
    }
    return root;
}
