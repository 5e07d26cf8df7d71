/* qemu-opts.c: QEMU's QemuOpts "key=value,..." option lists. */
#include "util/qemu-opts.h"

#include <string.h>

#include "util/keyval.h"

struct QemuOptsList {
    char *name;
    char *implied_key;
    GQueue opts;               /* QemuOpts *, in creation order */
};

struct QemuOpts {
    QemuOptsList *list;
    GList *link;               /* our node in list->opts */
    char *id;
    GPtrArray *keys;           /* char *, parallel to values */
    GPtrArray *values;
};

QemuOptsList *qemu_opts_list_new(const char *name, const char *implied_key)
{
    QemuOptsList *list = g_new0(QemuOptsList, 1);
    list->name = g_strdup(name);
    list->implied_key = g_strdup(implied_key);
    g_queue_init(&list->opts);
    return list;
}

void qemu_opts_list_free(QemuOptsList *list)
{
    if (!list) {
        return;
    }
    while (!g_queue_is_empty(&list->opts)) {
        qemu_opts_del(g_queue_peek_head(&list->opts));
    }
    g_free(list->name);
    g_free(list->implied_key);
    g_free(list);
}

const char *qemu_opts_list_name(const QemuOptsList *list)
{
    return list->name;
}

const char *qemu_opts_list_implied_key(const QemuOptsList *list)
{
    return list->implied_key;
}

QemuOpts *qemu_opts_first(QemuOptsList *list)
{
    return g_queue_peek_head(&list->opts);
}

QemuOpts *qemu_opts_next(QemuOpts *opts)
{
    return opts->link->next ? opts->link->next->data : NULL;
}

QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id)
{
    for (GList *l = list->opts.head; l; l = l->next) {
        QemuOpts *opts = l->data;
        if (opts->id && strcmp(opts->id, id) == 0) {
            return opts;
        }
    }
    return NULL;
}

bool qemu_id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

bool qemu_opt_is_help(const char *text)
{
    return strcmp(text, "help") == 0 || strcmp(text, "?") == 0;
}

/* Reads a value up to a single ',' (",," stands for ','); returns the rest. */
static const char *read_value(const char *p, char **value)
{
    GString *s = g_string_new(NULL);
    for (;;) {
        size_t len = strcspn(p, ",");
        g_string_append_len(s, p, len);
        p += len;
        if (p[0] != ',' || p[1] != ',') {
            break;
        }
        g_string_append_c(s, ',');
        p += 2;
    }
    /* Exact size: kept for the option's lifetime, one per option value. */
    *value = g_strndup(s->str, s->len);
    g_string_free(s, TRUE);
    return p;
}

/*
 * Reads one element starting at @p; @implied_key applies to an element
 * without '=' (only the first one of a text).  Returns the next element.
 */
static const char *read_element(const char *p, const char *implied_key,
                                QemuOptsElement *el)
{
    size_t len = strcspn(p, "=,");

    memset(el, 0, sizeof(*el));
    if (p[len] == '=') {
        el->key = g_strndup(p, len);
        p = read_value(p + len + 1, &el->value);
    } else if (implied_key) {
        el->key = g_strdup(implied_key);
        p = read_value(p, &el->value);
    } else {
        el->flag = true;
        el->negated = len >= 2 && strncmp(p, "no", 2) == 0;
        el->key = el->negated ? g_strndup(p + 2, len - 2) : g_strndup(p, len);
        el->value = g_strdup(el->negated ? "off" : "on");
        p += len;
    }
    if (*p == ',') {
        p++;
    }
    return p;
}

static void element_clear(QemuOptsElement *el)
{
    g_free(el->key);
    g_free(el->value);
}

/* The id as QEMU finds it: the first "id" element, the first one unnamed. */
static char *scan_id(const char *text)
{
    for (const char *p = text; *p;) {
        QemuOptsElement el;
        p = read_element(p, NULL, &el);
        if (strcmp(el.key, "id") == 0) {
            g_free(el.key);
            return el.value;
        }
        element_clear(&el);
    }
    return NULL;
}

static void warn_flag(const QemuOptsElement *el, QemuOptsWarnFunc *warn,
                      void *opaque)
{
    const char *prefix = el->negated ? "no" : "";
    g_autofree char *msg = NULL;

    if (!warn || (!el->negated && qemu_opt_is_help(el->key))) {
        return;
    }
    if (strcmp(el->key, "delay") == 0) {
        /* QEMU points users of "delay" at the inverse "nodelay" key. */
        msg = g_strdup_printf("short-form boolean option '%s%s' deprecated\n"
                              "Please use nodelay=%s instead",
                              prefix, el->key, el->negated ? "on" : "off");
    } else {
        msg = g_strdup_printf("short-form boolean option '%s%s' deprecated\n"
                              "Please use %s=%s instead",
                              prefix, el->key, el->key, el->value);
    }
    warn(opaque, msg);
}

QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id, Error **errp)
{
    if (id && !qemu_id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    if (id && qemu_opts_find(list, id)) {
        error_setg(errp, "Duplicate ID '%s' for %s", id, list->name);
        return NULL;
    }
    QemuOpts *opts = g_new0(QemuOpts, 1);
    opts->list = list;
    opts->id = g_strdup(id);
    opts->keys = g_ptr_array_new_with_free_func(g_free);
    opts->values = g_ptr_array_new_with_free_func(g_free);
    g_queue_push_tail(&list->opts, opts);
    opts->link = list->opts.tail;
    return opts;
}

bool qemu_opts_absorb(QemuOpts *opts, const char *text,
                      const char *implied_key, const QemuOptsParser *parser,
                      Error **errp)
{
    for (const char *p = text; *p; implied_key = NULL) {
        QemuOptsElement el;
        p = read_element(p, implied_key, &el);
        bool skip = strcmp(el.key, "id") == 0;
        bool ok = true;
        if (el.flag) {
            warn_flag(&el, parser->warn, parser->warn_opaque);
        }
        if (!skip && parser->check) {
            ok = parser->check(parser->check_opaque, &el, errp);
        }
        if (!skip && ok) {
            g_ptr_array_add(opts->keys, g_steal_pointer(&el.key));
            g_ptr_array_add(opts->values, g_steal_pointer(&el.value));
        }
        element_clear(&el);
        if (!ok) {
            return false;
        }
    }
    return true;
}

QemuOpts *qemu_opts_parse_with(QemuOptsList *list, const char *text,
                               const QemuOptsParser *parser, Error **errp)
{
    g_autofree char *id = scan_id(text);
    QemuOpts *opts = qemu_opts_create(list, id, errp);

    if (opts && !qemu_opts_absorb(opts, text, list->implied_key, parser,
                                  errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}

QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *text,
                          QemuOptsWarnFunc *warn, void *opaque, Error **errp)
{
    const QemuOptsParser parser = { .warn = warn, .warn_opaque = opaque };
    return qemu_opts_parse_with(list, text, &parser, errp);
}

void qemu_opts_del(QemuOpts *opts)
{
    if (!opts) {
        return;
    }
    g_queue_delete_link(&opts->list->opts, opts->link);
    g_ptr_array_free(opts->keys, TRUE);
    g_ptr_array_free(opts->values, TRUE);
    g_free(opts->id);
    g_free(opts);
}

const char *qemu_opts_id(const QemuOpts *opts)
{
    return opts->id;
}

void qemu_opts_set_id(QemuOpts *opts, const char *id)
{
    g_free(opts->id);
    opts->id = g_strdup(id);
}

QemuOptsList *qemu_opts_get_list(const QemuOpts *opts)
{
    return opts->list;
}

size_t qemu_opts_count(const QemuOpts *opts)
{
    return opts->keys->len;
}

const char *qemu_opts_key(const QemuOpts *opts, size_t index)
{
    g_assert(index < opts->keys->len);
    return opts->keys->pdata[index];
}

const char *qemu_opts_value(const QemuOpts *opts, size_t index)
{
    g_assert(index < opts->values->len);
    return opts->values->pdata[index];
}

/* Index of the last entry with @key, or -1. */
static int find_last(const QemuOpts *opts, const char *key)
{
    for (guint i = opts->keys->len; i-- > 0;) {
        if (strcmp(opts->keys->pdata[i], key) == 0) {
            return (int)i;
        }
    }
    return -1;
}

const char *qemu_opts_get(const QemuOpts *opts, const char *key)
{
    int i = find_last(opts, key);
    return i < 0 ? NULL : opts->values->pdata[i];
}

char *qemu_opts_get_del(QemuOpts *opts, const char *key)
{
    char *value = g_strdup(qemu_opts_get(opts, key));
    while (qemu_opts_unset(opts, key)) {
    }
    return value;
}

void qemu_opts_append(QemuOpts *opts, const char *key, const char *value)
{
    g_ptr_array_add(opts->keys, g_strdup(key));
    g_ptr_array_add(opts->values, g_strdup(value));
}

bool qemu_opts_unset(QemuOpts *opts, const char *key)
{
    int i = find_last(opts, key);
    if (i < 0) {
        return false;
    }
    g_ptr_array_remove_index(opts->keys, i);
    g_ptr_array_remove_index(opts->values, i);
    return true;
}

void qemu_opts_collapse(QemuOpts *opts)
{
    JsonObject *last = json_object_new();   /* key -> last value */
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *values = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < opts->keys->len; i++) {
        json_object_set_string_member(last, opts->keys->pdata[i],
                                      opts->values->pdata[i]);
    }
    GPtrArray *order = keyval_qdict_order(last);
    for (guint i = 0; i < order->len; i++) {
        g_ptr_array_add(keys, g_strdup(order->pdata[i]));
        g_ptr_array_add(values, g_strdup(
            json_object_get_string_member(last, order->pdata[i])));
    }
    g_ptr_array_free(order, TRUE);
    json_object_unref(last);
    g_ptr_array_free(opts->keys, TRUE);
    g_ptr_array_free(opts->values, TRUE);
    opts->keys = keys;
    opts->values = values;
}

bool qemu_opts_wants_help(const QemuOpts *opts)
{
    const char *implied = opts->list->implied_key;
    const char *value = implied ? qemu_opts_get(opts, implied) : NULL;
    return value && qemu_opt_is_help(value);
}

bool qemu_opts_has_help_opt(const QemuOpts *opts)
{
    for (guint i = 0; i < opts->keys->len; i++) {
        if (qemu_opt_is_help(opts->keys->pdata[i])) {
            return true;
        }
    }
    return false;
}

char *qemu_opts_peek(const char *text, const char *implied_key,
                     const char *key)
{
    char *found = NULL;

    for (const char *p = text; *p; implied_key = NULL) {
        QemuOptsElement el;
        p = read_element(p, implied_key, &el);
        if (strcmp(el.key, key) == 0 && strcmp(el.key, "id") != 0) {
            g_free(found);
            found = g_steal_pointer(&el.value);
        }
        element_clear(&el);
    }
    return found;
}

static void append_escaped(GString *out, const char *value)
{
    for (const char *p = value; *p; p++) {
        g_string_append_c(out, *p);
        if (*p == ',') {
            g_string_append_c(out, ',');
        }
    }
}

char *qemu_opts_to_string(const QemuOpts *opts)
{
    GString *out = g_string_new(NULL);

    if (opts->id) {
        g_string_append(out, "id=");
        append_escaped(out, opts->id);
    }
    for (guint i = 0; i < opts->keys->len; i++) {
        if (out->len) {
            g_string_append_c(out, ',');
        }
        g_string_append_printf(out, "%s=", (char *)opts->keys->pdata[i]);
        append_escaped(out, opts->values->pdata[i]);
    }
    return g_string_free(out, FALSE);
}
