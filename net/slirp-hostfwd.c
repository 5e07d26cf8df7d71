/* slirp-hostfwd.c: host forwarding rules of the user backend: parsing and printing. */
#include "net/slirp-hostfwd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "net/slirp-field.h"

/* QEMU reads each field of a rule into a 256-byte buffer. */
#define FIELD_MAX 255

socklen_t net_slirp_sockaddr_len(const NetSlirpSockAddr *addr)
{
    return addr->sa.sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                          : sizeof(struct sockaddr_in);
}

int net_slirp_sockaddr_port(const NetSlirpSockAddr *addr)
{
    return ntohs(addr->sa.sa_family == AF_INET6 ? addr->in6.sin6_port
                                                : addr->in.sin_port);
}

void net_slirp_sockaddr_set_port(NetSlirpSockAddr *addr, int port)
{
    if (addr->sa.sa_family == AF_INET6) {
        addr->in6.sin6_port = htons((uint16_t)port);
    } else {
        addr->in.sin_port = htons((uint16_t)port);
    }
}

bool net_slirp_sockaddr_is_any(const NetSlirpSockAddr *addr)
{
    if (addr->sa.sa_family == AF_INET6) {
        return IN6_IS_ADDR_UNSPECIFIED(&addr->in6.sin6_addr);
    }
    return addr->in.sin_addr.s_addr == INADDR_ANY;
}

bool net_slirp_sockaddr_equal(const NetSlirpSockAddr *a,
                              const NetSlirpSockAddr *b)
{
    if (a->sa.sa_family != b->sa.sa_family ||
        net_slirp_sockaddr_port(a) != net_slirp_sockaddr_port(b)) {
        return false;
    }
    if (a->sa.sa_family == AF_INET6) {
        return IN6_ARE_ADDR_EQUAL(&a->in6.sin6_addr, &b->in6.sin6_addr);
    }
    return a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
}

static void sockaddr_init_any4(NetSlirpSockAddr *addr)
{
    memset(addr, 0, sizeof(*addr));
    addr->in.sin_family = AF_INET;
}

/* "" is the any address; QEMU uses inet_aton, so "10.2" and "0x7f.1" work. */
static bool parse_addr(const char *text, bool allow_ipv6,
                       NetSlirpSockAddr *addr)
{
    size_t len = strlen(text);

    sockaddr_init_any4(addr);
    if (allow_ipv6 && len >= 2 && text[0] == '[' && text[len - 1] == ']') {
        g_autofree char *inner = g_strndup(text + 1, len - 2);
        addr->in6.sin6_family = AF_INET6;
        return inet_pton(AF_INET6, inner, &addr->in6.sin6_addr) == 1;
    }
    return len == 0 || inet_aton(text, &addr->in.sin_addr);
}

/*
 * QEMU parses ports with strtol(base 0) into an int: the value is cut to
 * int before the range check (so 4294967296 is port 0), like QEMU.
 */
static bool parse_port(const char *text, int min, int *port)
{
    char *end;
    long value = strtol(text, &end, 0);

    *port = (int)value;
    return *end == '\0' && *port >= min && *port <= 65535;
}

static bool parse_proto(const char *text, bool *is_udp)
{
    if (strcmp(text, "tcp") == 0 || text[0] == '\0') {
        *is_udp = false;
        return true;
    }
    if (strcmp(text, "udp") == 0) {
        *is_udp = true;
        return true;
    }
    return false;
}

/* Returns NULL when the rule is valid, else QEMU's reason. */
static const char *parse_rule(const char *rule, bool allow_ipv6,
                              NetSlirpHostFwd *fwd)
{
    const char *p = rule;
    g_autofree char *proto = NULL, *host = NULL, *hport = NULL, *guest = NULL;
    int port;

    if (!net_slirp_field_take(&p, ':', FIELD_MAX, &proto)) {
        return "No : separators";
    }
    if (!parse_proto(proto, &fwd->is_udp)) {
        return "Bad protocol name";
    }
    if (!(allow_ipv6 ? net_slirp_field_take_bracketed(&p, ':', FIELD_MAX, &host)
                     : net_slirp_field_take(&p, ':', FIELD_MAX, &host))) {
        return "Missing : separator";
    }
    if (!parse_addr(host, allow_ipv6, &fwd->host)) {
        return "Bad host address";
    }
    if (!net_slirp_field_take(&p, '-', FIELD_MAX, &hport)) {
        return "Bad host port separator";
    }
    if (!parse_port(hport, 0, &port)) {
        return "Bad host port";
    }
    net_slirp_sockaddr_set_port(&fwd->host, port);
    if (!(allow_ipv6 ? net_slirp_field_take_bracketed(&p, ':', FIELD_MAX, &guest)
                     : net_slirp_field_take(&p, ':', FIELD_MAX, &guest))) {
        return "Missing guest address";
    }
    if (!parse_addr(guest, allow_ipv6, &fwd->guest)) {
        return "Bad guest address";
    }
    if (!parse_port(p, 1, &port)) {
        return "Bad guest port";
    }
    net_slirp_sockaddr_set_port(&fwd->guest, port);
    return NULL;
}

bool net_slirp_hostfwd_parse(const char *rule, bool allow_ipv6,
                             NetSlirpHostFwd *fwd, Error **errp)
{
    memset(fwd, 0, sizeof(*fwd));
    const char *reason = parse_rule(rule, allow_ipv6, fwd);
    if (reason) {
        error_setg(errp, "Invalid host forwarding rule '%s' (%s)", rule,
                   reason);
        return false;
    }
    return true;
}

/* qemu_strtoi(): decimal, the whole string, within int. */
static bool parse_int_strict(const char *text, int *value)
{
    char *end;

    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE || v < INT_MIN ||
        v > INT_MAX) {
        return false;
    }
    *value = (int)v;
    return true;
}

bool net_slirp_hostfwd_parse_remove(const char *rule, bool allow_ipv6,
                                    NetSlirpHostFwd *fwd, Error **errp)
{
    const char *p = rule;
    g_autofree char *proto = NULL, *host = NULL;
    int port;

    memset(fwd, 0, sizeof(*fwd));
    sockaddr_init_any4(&fwd->guest);
    if (!net_slirp_field_take(&p, ':', FIELD_MAX, &proto) ||
        !parse_proto(proto, &fwd->is_udp) ||
        !(allow_ipv6 ? net_slirp_field_take_bracketed(&p, ':', FIELD_MAX, &host)
                     : net_slirp_field_take(&p, ':', FIELD_MAX, &host)) ||
        !parse_addr(host, allow_ipv6, &fwd->host) ||
        !parse_int_strict(p, &port)) {
        error_setg(errp, "invalid format");
        return false;
    }
    /* QEMU hands the int to htons(): only the low 16 bits count. */
    net_slirp_sockaddr_set_port(&fwd->host, port);
    return true;
}

/* The IPv4 any address prints as nothing, as rules write it. */
static void append_addr(GString *out, const NetSlirpSockAddr *addr)
{
    char buf[INET6_ADDRSTRLEN];

    if (addr->sa.sa_family == AF_INET && net_slirp_sockaddr_is_any(addr)) {
        return;
    }
    if (addr->sa.sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &addr->in6.sin6_addr, buf, sizeof(buf));
        g_string_append_printf(out, "[%s]", buf);
    } else {
        inet_ntop(AF_INET, &addr->in.sin_addr, buf, sizeof(buf));
        g_string_append(out, buf);
    }
}

char *net_slirp_hostfwd_to_string(const NetSlirpHostFwd *fwd)
{
    GString *out = g_string_new(fwd->is_udp ? "udp:" : "tcp:");

    append_addr(out, &fwd->host);
    g_string_append_printf(out, ":%d-", net_slirp_sockaddr_port(&fwd->host));
    append_addr(out, &fwd->guest);
    g_string_append_printf(out, ":%d", net_slirp_sockaddr_port(&fwd->guest));
    return g_string_free(out, FALSE);
}
