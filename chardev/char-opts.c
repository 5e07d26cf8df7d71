/* char-opts.c: the -chardev key table, its "key=value,..." lexer, value checks and help. */
#include "chardev/char-opts.h"

#include <errno.h>
#include <string.h>

#include "chardev/char-backend.h"

typedef enum ChardevOptType {
    CHARDEV_OPT_STR,
    CHARDEV_OPT_BOOL,
    CHARDEV_OPT_NUM,
    CHARDEV_OPT_SIZE,
} ChardevOptType;

typedef struct ChardevKey {
    const char *name;
    ChardevOptType type;
} ChardevKey;

/*
 * QEMU 7.2's chardev option table: one flat set for every backend, listed
 * in the order "-chardev null,id=x,help" prints it.
 */
static const ChardevKey chardev_keys[] = {
    { "abstract", CHARDEV_OPT_BOOL },  { "append", CHARDEV_OPT_BOOL },
    { "backend", CHARDEV_OPT_STR },    { "chardev", CHARDEV_OPT_STR },
    { "clipboard", CHARDEV_OPT_BOOL }, { "cols", CHARDEV_OPT_NUM },
    { "debug", CHARDEV_OPT_NUM },      { "delay", CHARDEV_OPT_BOOL },
    { "fd", CHARDEV_OPT_STR },         { "height", CHARDEV_OPT_NUM },
    { "host", CHARDEV_OPT_STR },       { "ipv4", CHARDEV_OPT_BOOL },
    { "ipv6", CHARDEV_OPT_BOOL },      { "localaddr", CHARDEV_OPT_STR },
    { "localport", CHARDEV_OPT_STR },  { "logappend", CHARDEV_OPT_BOOL },
    { "logfile", CHARDEV_OPT_STR },    { "mouse", CHARDEV_OPT_BOOL },
    { "mux", CHARDEV_OPT_BOOL },       { "name", CHARDEV_OPT_STR },
    { "nodelay", CHARDEV_OPT_BOOL },   { "path", CHARDEV_OPT_STR },
    { "port", CHARDEV_OPT_STR },       { "reconnect", CHARDEV_OPT_NUM },
    { "rows", CHARDEV_OPT_NUM },       { "server", CHARDEV_OPT_BOOL },
    { "signal", CHARDEV_OPT_BOOL },    { "size", CHARDEV_OPT_SIZE },
    { "telnet", CHARDEV_OPT_BOOL },    { "tight", CHARDEV_OPT_BOOL },
    { "tls-authz", CHARDEV_OPT_STR },  { "tls-creds", CHARDEV_OPT_STR },
    { "tn3270", CHARDEV_OPT_BOOL },    { "to", CHARDEV_OPT_NUM },
    { "wait", CHARDEV_OPT_BOOL },      { "websocket", CHARDEV_OPT_BOOL },
    { "width", CHARDEV_OPT_NUM },
};

/* One element of the text: "key=value", an implied value, or a flag. */
typedef struct ChardevElement {
    char *key;
    char *value;
    bool flag;       /* written as a bare "key" or "nokey" */
    bool negated;    /* the "nokey" form */
} ChardevElement;

QemuOptsList *chardev_opts_list_new(void)
{
    return qemu_opts_list_new("chardev", "backend");
}

static const ChardevKey *key_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(chardev_keys); i++) {
        if (strcmp(chardev_keys[i].name, name) == 0) {
            return &chardev_keys[i];
        }
    }
    return NULL;
}

/* Reads a value up to a single ',' (",," is a literal comma). */
static const char *value_read(const char *p, char **value)
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
    *value = g_string_free(s, FALSE);
    return p;
}

/* Reads the element at @p (@implied_key: key of a first "value" element);
 * returns where the next one starts. */
static const char *element_read(const char *p, const char *implied_key,
                                ChardevElement *el)
{
    size_t len = strcspn(p, "=,");

    memset(el, 0, sizeof(*el));
    if (p[len] == '=') {
        el->key = g_strndup(p, len);
        p = value_read(p + len + 1, &el->value);
    } else if (implied_key) {
        el->key = g_strdup(implied_key);
        p = value_read(p, &el->value);
    } else {
        el->flag = true;
        el->negated = len >= 2 && strncmp(p, "no", 2) == 0;
        el->key = el->negated ? g_strndup(p + 2, len - 2) : g_strndup(p, len);
        el->value = g_strdup(el->negated ? "off" : "on");
        p += len;
    }
    return *p == ',' ? p + 1 : p;
}

static void element_clear(ChardevElement *el)
{
    g_free(el->key);
    g_free(el->value);
}

/* QEMU's id: the value of the first element named "id". */
static char *id_scan(const char *text)
{
    for (const char *p = text; *p;) {
        ChardevElement el;
        p = element_read(p, NULL, &el);
        if (strcmp(el.key, "id") == 0) {
            g_free(el.key);
            return el.value;
        }
        element_clear(&el);
    }
    return NULL;
}

static bool bool_parse(const char *value, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(value, yes[i]) == 0 || strcmp(value, no[i]) == 0) {
            *out = strcmp(value, yes[i]) == 0;
            return true;
        }
    }
    return false;
}

/* strtoull with base 0 as QEMU uses it: "-1" wraps, "0x10" is 16.
 * Returns 0, -EINVAL or -ERANGE. */
static int number_parse(const char *value, uint64_t *out)
{
    char *end;
    errno = 0;
    *out = g_ascii_strtoull(value, &end, 0);
    if (end == value || *end) {
        return -EINVAL;
    }
    return errno == ERANGE ? -ERANGE : 0;
}

/* A byte count with an optional k/M/G/T/P/E suffix ("size=" of ringbuf). */
static bool size_parse(const char *value, uint64_t *out)
{
    static const char suffixes[] = "bkmgtpe";
    char *end;
    errno = 0;
    double v = g_ascii_strtod(value, &end);
    const char *s = *end ? strchr(suffixes, g_ascii_tolower(*end)) : NULL;
    if (end == value || errno || v < 0 || (*end && (!s || end[1]))) {
        return false;
    }
    for (int i = s && s > suffixes ? (int)(s - suffixes) : 0; i > 0; i--) {
        v *= 1024;
    }
    if (v >= 18446744073709551616.0) {
        return false;
    }
    *out = (uint64_t)v;
    return true;
}

static bool value_check(const char *key, const char *value, Error **errp)
{
    const ChardevKey *k = key_find(key);
    bool b;
    uint64_t n;
    int ret;

    if (!k) {
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    switch (k->type) {
    case CHARDEV_OPT_STR:
        return true;
    case CHARDEV_OPT_BOOL:
        if (!bool_parse(value, &b)) {
            error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
            return false;
        }
        return true;
    case CHARDEV_OPT_NUM:
        ret = number_parse(value, &n);
        if (ret == -ERANGE) {
            error_setg(errp, "Value '%s' is too large for parameter '%s'",
                       value, key);
        } else if (ret) {
            error_setg(errp, "Parameter '%s' expects a number", key);
        }
        return ret == 0;
    case CHARDEV_OPT_SIZE:
        if (!size_parse(value, &n)) {
            error_setg(errp, "Parameter '%s' expects a non-negative number "
                       "below 2^64", key);
            error_append_hint(errp, "Optional suffix k, M, G, T, P or E "
                              "means kilo-, mega-, giga-, tera-, peta-\n"
                              "and exabytes, respectively.\n");
            return false;
        }
        return true;
    }
    return false;
}

static void flag_warn(const ChardevElement *el, QemuOptsWarnFunc *warn,
                      void *opaque)
{
    const char *prefix = el->negated ? "no" : "";
    g_autofree char *msg = NULL;

    if (strcmp(el->key, "delay") == 0) {
        /* QEMU points users of "delay" at the inverse "nodelay" key. */
        msg = g_strdup_printf("short-form boolean option '%sdelay' "
                              "deprecated\nPlease use nodelay=%s instead",
                              prefix, el->negated ? "on" : "off");
    } else {
        msg = g_strdup_printf("short-form boolean option '%s%s' deprecated\n"
                              "Please use %s=%s instead",
                              prefix, el->key, el->key, el->value);
    }
    warn(opaque, msg);
}

static char *options_help(void)
{
    static const char *const type_names[] = {
        [CHARDEV_OPT_STR] = "str", [CHARDEV_OPT_BOOL] = "bool (on/off)",
        [CHARDEV_OPT_NUM] = "num", [CHARDEV_OPT_SIZE] = "size",
    };
    GString *out = g_string_new("chardev options:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(chardev_keys); i++) {
        g_string_append_printf(out, "  %s=<%s>\n", chardev_keys[i].name,
                               type_names[chardev_keys[i].type]);
    }
    return g_string_free(out, FALSE);
}

bool chardev_opts_absorb(QemuOpts *opts, const char *text,
                         const char *implied_key, bool legacy,
                         QemuOptsWarnFunc *warn, void *opaque, char **help,
                         Error **errp)
{
    for (const char *p = text; *p; implied_key = NULL) {
        ChardevElement el;
        p = element_read(p, implied_key, &el);
        bool ok = true;
        if (!legacy && el.flag && !el.negated && qemu_opt_is_help(el.key)) {
            if (help) {
                *help = options_help();
            }
            element_clear(&el);
            return false;
        }
        if (!legacy && el.flag && warn) {
            flag_warn(&el, warn, opaque);
        }
        if (strcmp(el.key, "id") != 0) {
            ok = value_check(el.key, el.value, errp);
            if (ok) {
                qemu_opts_append(opts, el.key, el.value);
            }
        }
        element_clear(&el);
        if (!ok) {
            return false;
        }
    }
    return true;
}

QemuOpts *chardev_opts_parse(QemuOptsList *list, const char *text,
                             QemuOptsWarnFunc *warn, void *opaque,
                             char **help, Error **errp)
{
    g_autofree char *id = id_scan(text);
    QemuOpts *opts = qemu_opts_create(list, id, errp);

    if (help) {
        *help = NULL;
    }
    if (!opts) {
        return NULL;
    }
    if (!chardev_opts_absorb(opts, text, qemu_opts_list_implied_key(list),
                             false, warn, opaque, help, errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}

bool chardev_opts_wants_backend_help(const QemuOpts *opts)
{
    const char *backend = qemu_opts_get(opts, "backend");
    return backend && qemu_opt_is_help(backend);
}

bool chardev_opts_validate(const QemuOpts *opts, Error **errp)
{
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        if (!value_check(qemu_opts_key(opts, i), qemu_opts_value(opts, i),
                         errp)) {
            return false;
        }
    }
    return true;
}

bool chardev_opt_bool(const QemuOpts *opts, const char *key, bool def)
{
    const char *value = qemu_opts_get(opts, key);
    bool b;
    return value && bool_parse(value, &b) ? b : def;
}

uint64_t chardev_opt_number(const QemuOpts *opts, const char *key,
                            uint64_t def)
{
    const char *value = qemu_opts_get(opts, key);
    uint64_t n;
    return value && number_parse(value, &n) == 0 ? n : def;
}

char *chardev_backends_help(void)
{
    GString *out = g_string_new("Available chardev backend types: \n");
    for (const ChardevBackendEntry *e = chardev_backend_table; e->name; e++) {
        if (e->backend && !e->alias_of) {
            g_string_append_printf(out, "  %s\n", e->name);
        }
    }
    return g_string_free(out, FALSE);
}
