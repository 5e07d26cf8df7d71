/* slirp-guestfwd.c: guest forwarding rules of the user backend (guestfwd=). */
#include "net/slirp-guestfwd.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "net/slirp-field.h"

/* QEMU reads each field of a guestfwd rule into a 128-byte buffer. */
#define FIELD_MAX 127

static bool parse_fields(const char *rule, NetSlirpGuestFwd *fwd)
{
    const char *p = rule;
    g_autofree char *proto = NULL, *server = NULL, *port = NULL;
    char *end;

    if (!net_slirp_field_take(&p, ':', FIELD_MAX, &proto) ||
        (strcmp(proto, "tcp") != 0 && proto[0] != '\0') ||
        !net_slirp_field_take(&p, ':', FIELD_MAX, &server) ||
        (server[0] != '\0' && !inet_aton(server, &fwd->server)) ||
        !net_slirp_field_take(&p, '-', FIELD_MAX, &port)) {
        return false;
    }
    fwd->port = (int)strtol(port, &end, 10);
    if (*end != '\0' || fwd->port < 1 || fwd->port > 65535) {
        return false;
    }
    fwd->target = g_strdup(p);
    return true;
}

bool net_slirp_guestfwd_parse(const char *rule, NetSlirpGuestFwd *fwd,
                              Error **errp)
{
    memset(fwd, 0, sizeof(*fwd));
    if (!parse_fields(rule, fwd)) {
        error_setg(errp, "Invalid guest forwarding rule '%s'", rule);
        return false;
    }
    return true;
}

bool net_slirp_guestfwd_add(Slirp *slirp, const char *rule, Error **errp)
{
    NetSlirpGuestFwd fwd;

    if (!net_slirp_guestfwd_parse(rule, &fwd, errp)) {
        return false;
    }
    g_autofree char *target = fwd.target;
    if (!g_str_has_prefix(target, "cmd:")) {
        /* QEMU opens TARGET as a chardev named guestfwd.tcp.<port>. */
        error_setg(errp, "Could not open guest forwarding device "
                   "'guestfwd.tcp.%d'", fwd.port);
        error_append_hint(errp, "qnet has no character devices yet; only "
                          "the cmd:COMMAND form of guestfwd is available\n");
        return false;
    }
    if (slirp_add_exec(slirp, target + 4, &fwd.server, fwd.port) < 0) {
        error_setg(errp, "Conflicting/invalid host:port in guest forwarding "
                   "rule '%s'", rule);
        return false;
    }
    return true;
}
