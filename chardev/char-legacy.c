/* char-legacy.c: legacy chardev specs (-serial, -monitor, guestfwd: "unix:PATH,...", "tcp:HOST:PORT") to QemuOpts. */
#include <string.h>

#include "chardev/char-backend.h"
#include "chardev/char-opts.h"

/* Specs that are a backend name and nothing else. */
static const char *const legacy_names[] = {
    "null", "vc", "msmouse", "braille", "testdev", "stdio", "pty",
    "wctablet",
};

/* Prefixes whose rest is a path= (or nothing, for "vc:"). */
static const struct {
    const char *prefix;
    const char *backend;
    bool whole_spec_is_path;   /* "COM1", "/dev/ttyS0": the path is all */
    bool rest_is_path;
} legacy_paths[] = {
    { "file:", "file", false, true },
    { "pipe:", "pipe", false, true },
    { "vc:", "vc", false, false },
    { "con:", "console", false, false },
    { "COM", "serial", true, false },
    { "udp:", "udp", false, false },
    { "/dev/parport", "parallel", true, false },
    { "/dev/ppi", "parallel", true, false },
    { "/dev/", "serial", true, false },
};

/*
 * Splits "HOST:PORT[,opts]" as QEMU's sscanf("%64[^:]:%32[^,]") does, or
 * ":PORT[,opts]" with an empty host; *@rest gets what follows the port.
 */
static bool host_port_split(const char *p, char **host, char **port,
                            const char **rest)
{
    size_t hlen = strcspn(p, ":");
    const char *q;

    if (hlen >= 1 && hlen <= 64 && p[hlen] == ':') {
        q = p + hlen + 1;
    } else if (p[0] == ':') {
        hlen = 0;
        q = p + 1;
    } else {
        return false;
    }
    size_t plen = MIN(strcspn(q, ","), (size_t)32);
    if (plen == 0) {
        return false;
    }
    *host = g_strndup(p, hlen);
    *port = g_strndup(q, plen);
    *rest = q + plen;
    return true;
}

/* "tcp:", "telnet:" and "websocket:" specs; @flag is the protocol key. */
static bool legacy_inet(QemuOpts *opts, const char *p, const char *flag,
                        Error **errp)
{
    char *host, *port;
    const char *rest;

    if (!host_port_split(p, &host, &port, &rest)) {
        return false;
    }
    qemu_opts_append(opts, "backend", "socket");
    qemu_opts_append(opts, "host", host);
    qemu_opts_append(opts, "port", port);
    if (flag) {
        qemu_opts_append(opts, flag, "on");
    }
    g_free(host);
    g_free(port);
    if (*rest != ',') {
        return true;
    }
    return chardev_opts_absorb(opts, rest + 1, NULL, errp);
}

static bool legacy_path(QemuOpts *opts, const char *spec)
{
    for (size_t i = 0; i < G_N_ELEMENTS(legacy_paths); i++) {
        const char *prefix = legacy_paths[i].prefix;
        if (!g_str_has_prefix(spec, prefix)) {
            continue;
        }
        qemu_opts_append(opts, "backend", legacy_paths[i].backend);
        if (legacy_paths[i].whole_spec_is_path) {
            qemu_opts_append(opts, "path", spec);
        } else if (legacy_paths[i].rest_is_path) {
            qemu_opts_append(opts, "path", spec + strlen(prefix));
        }
        return true;
    }
    return false;
}

/* Fills @opts from @spec; false with @errp unset: QEMU's silent failure. */
static bool legacy_fill(QemuOpts *opts, const char *spec, Error **errp)
{
    if (g_str_has_prefix(spec, "mon:")) {
        qemu_opts_append(opts, "mux", "on");
        spec += strlen("mon:");
    }
    for (size_t i = 0; i < G_N_ELEMENTS(legacy_names); i++) {
        if (strcmp(spec, legacy_names[i]) == 0) {
            qemu_opts_append(opts, "backend", spec);
            return true;
        }
    }
    if (legacy_path(opts, spec)) {
        return true;
    }
    if (g_str_has_prefix(spec, "tcp:")) {
        return legacy_inet(opts, spec + 4, NULL, errp);
    }
    if (g_str_has_prefix(spec, "telnet:")) {
        return legacy_inet(opts, spec + 7, "telnet", errp);
    }
    if (g_str_has_prefix(spec, "websocket:")) {
        return legacy_inet(opts, spec + 10, "websocket", errp);
    }
    if (g_str_has_prefix(spec, "unix:")) {
        qemu_opts_append(opts, "backend", "socket");
        return chardev_opts_absorb(opts, spec + 5, "path", errp);
    }
    error_setg(errp, "'%s' is not a valid char driver", spec);
    return false;
}

QemuOpts *chardev_legacy_parse(QemuOptsList *list, const char *label,
                               const char *spec, Error **errp)
{
    Error *local = NULL;
    QemuOpts *opts = qemu_opts_create(list, label, &local);

    if (!opts) {
        /* QEMU asks for these opts without an error pointer. */
        error_free(local);
        return NULL;
    }
    if (!legacy_fill(opts, spec, errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}
