/* char-opts.c: the -chardev key table, its value checks (run while util/qemu-opts parses) and help. */
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

/* QemuOptsCheckFunc: each key and value against the table. */
static bool element_check(void *opaque, const QemuOptsElement *el,
                          Error **errp)
{
    (void)opaque;
    return value_check(el->key, el->value, errp);
}

/*
 * QemuOptsCheckFunc of -chardev: a bare "help" or "?" stops the parse
 * without error, with the option list in *@opaque (a char **, may be NULL).
 */
static bool element_check_or_help(void *opaque, const QemuOptsElement *el,
                                  Error **errp)
{
    char **help = opaque;

    if (el->flag && !el->negated && qemu_opt_is_help(el->key)) {
        if (help) {
            *help = options_help();
        }
        return false;
    }
    return value_check(el->key, el->value, errp);
}

bool chardev_opts_absorb(QemuOpts *opts, const char *text,
                         const char *implied_key, Error **errp)
{
    const QemuOptsParser parser = { .check = element_check };
    return qemu_opts_absorb(opts, text, implied_key, &parser, errp);
}

QemuOpts *chardev_opts_parse(QemuOptsList *list, const char *text,
                             QemuOptsWarnFunc *warn, void *opaque,
                             char **help, Error **errp)
{
    const QemuOptsParser parser = {
        .warn = warn, .warn_opaque = opaque,
        .check = element_check_or_help, .check_opaque = help,
    };

    if (help) {
        *help = NULL;
    }
    return qemu_opts_parse_with(list, text, &parser, errp);
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
