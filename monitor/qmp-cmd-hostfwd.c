/* qmp-cmd-hostfwd.c: x-qnet-hostfwd-add/remove/list: host forwarding of user netdevs as structured QMP. */
#include "monitor/qmp-commands.h"

#include <arpa/inet.h>
#include <string.h>

#include "net/slirp.h"

/*
 * A forward is given either as QEMU's rule text ("rule":
 * "tcp:127.0.0.1:0-:22", IPv6 literals allowed in brackets) or as members:
 * protocol ("tcp"|"udp", default tcp), host-addr (default any IPv4),
 * host-port, guest-addr (default: the DHCP start address), guest-port.
 */

static bool parse_addr(const char *text, const char *member,
                       NetSlirpSockAddr *addr, Error **errp)
{
    memset(addr, 0, sizeof(*addr));
    if (!text || !*text || inet_pton(AF_INET, text,
                                     &addr->in.sin_addr) == 1) {
        addr->in.sin_family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, text, &addr->in6.sin6_addr) == 1) {
        addr->in6.sin6_family = AF_INET6;
        return true;
    }
    error_setg(errp, "Parameter '%s' expects an IPv4 or IPv6 address",
               member);
    return false;
}

static bool parse_port(JsonObject *args, const char *member, int min,
                       NetSlirpSockAddr *addr, Error **errp)
{
    int64_t port = qmp_arg_int(args, member, -1);
    if (port < min || port > 65535) {
        error_setg(errp, "Parameter '%s' expects a port number (%d-65535)",
                   member, min);
        return false;
    }
    net_slirp_sockaddr_set_port(addr, (int)port);
    return true;
}

static bool parse_protocol(JsonObject *args, bool *is_udp, Error **errp)
{
    const char *proto = qmp_arg_str(args, "protocol");
    if (!proto || strcmp(proto, "tcp") == 0 || strcmp(proto, "udp") == 0) {
        *is_udp = proto && strcmp(proto, "udp") == 0;
        return true;
    }
    error_setg(errp, "Parameter 'protocol' does not accept value '%s'",
               proto);
    return false;
}

/* The forward described by @args; @with_guest: the guest side too. */
static bool fwd_from_args(JsonObject *args, bool with_guest,
                          NetSlirpHostFwd *fwd, Error **errp)
{
    const char *rule = qmp_arg_str(args, "rule");
    bool members = json_object_has_member(args, "host-port");
    if (!rule == !members) {
        error_setg(errp, "Exactly one of 'rule' and 'host-port' is "
                   "required");
        return false;
    }
    if (rule) {
        return with_guest ? net_slirp_hostfwd_parse(rule, true, fwd, errp)
                          : net_slirp_hostfwd_parse_remove(rule, true, fwd,
                                                           errp);
    }
    memset(fwd, 0, sizeof(*fwd));
    if (!parse_protocol(args, &fwd->is_udp, errp) ||
        !parse_addr(qmp_arg_str(args, "host-addr"), "host-addr", &fwd->host,
                    errp) ||
        !parse_port(args, "host-port", 0, &fwd->host, errp)) {
        return false;
    }
    if (!with_guest) {
        return true;
    }
    if (!json_object_has_member(args, "guest-port")) {
        error_setg(errp, "Parameter 'guest-port' is missing");
        return false;
    }
    return parse_addr(qmp_arg_str(args, "guest-addr"), "guest-addr",
                      &fwd->guest, errp) &&
           parse_port(args, "guest-port", 1, &fwd->guest, errp);
}

static char *addr_text(const NetSlirpSockAddr *addr)
{
    char buf[INET6_ADDRSTRLEN] = "";
    if (addr->sa.sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &addr->in6.sin6_addr, buf, sizeof(buf));
    } else {
        inet_ntop(AF_INET, &addr->in.sin_addr, buf, sizeof(buf));
    }
    return g_strdup(buf);
}

static JsonObject *fwd_to_json(const NetSlirpHostFwd *fwd)
{
    JsonObject *o = json_object_new();
    g_autofree char *rule = net_slirp_hostfwd_to_string(fwd);
    g_autofree char *host = addr_text(&fwd->host);
    g_autofree char *guest = addr_text(&fwd->guest);
    json_object_set_string_member(o, "rule", rule);
    json_object_set_string_member(o, "protocol", fwd->is_udp ? "udp"
                                                             : "tcp");
    json_object_set_string_member(o, "host-addr", host);
    json_object_set_int_member(o, "host-port",
                               net_slirp_sockaddr_port(&fwd->host));
    json_object_set_string_member(o, "guest-addr", guest);
    json_object_set_int_member(o, "guest-port",
                               net_slirp_sockaddr_port(&fwd->guest));
    return o;
}

static JsonNode *qmp_hostfwd_add(QnetContext *ctx, JsonObject *args,
                                 Error **errp)
{
    NetSlirpHostFwd fwd, added;
    if (!fwd_from_args(args, true, &fwd, errp) ||
        !net_slirp_hostfwd_add_fwd(ctx, qmp_arg_str(args, "netdev"), &fwd,
                                   &added, errp)) {
        return NULL;
    }
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, fwd_to_json(&added));
    return node;
}

static JsonNode *qmp_hostfwd_remove(QnetContext *ctx, JsonObject *args,
                                    Error **errp)
{
    NetSlirpHostFwd fwd;
    if (!fwd_from_args(args, false, &fwd, errp) ||
        !net_slirp_hostfwd_remove_fwd(ctx, qmp_arg_str(args, "netdev"), &fwd,
                                      errp)) {
        return NULL;
    }
    return qmp_return_empty();
}

static JsonNode *qmp_hostfwd_list(QnetContext *ctx, JsonObject *args,
                                  Error **errp)
{
    g_autoptr(GArray) fwds = net_slirp_hostfwd_list(
        ctx, qmp_arg_str(args, "netdev"), errp);
    if (!fwds) {
        return NULL;
    }
    JsonArray *list = json_array_new();
    for (guint i = 0; i < fwds->len; i++) {
        json_array_add_object_element(
            list, fwd_to_json(&g_array_index(fwds, NetSlirpHostFwd, i)));
    }
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, list);
    return node;
}

static const QmpArgSpec add_args[] = {
    { "netdev", QMP_ARG_STR, true },
    { "rule", QMP_ARG_STR, true },
    { "protocol", QMP_ARG_STR, true },
    { "host-addr", QMP_ARG_STR, true },
    { "host-port", QMP_ARG_INT, true },
    { "guest-addr", QMP_ARG_STR, true },
    { "guest-port", QMP_ARG_INT, true },
    { NULL },
};

static const QmpArgSpec remove_args[] = {
    { "netdev", QMP_ARG_STR, true },
    { "rule", QMP_ARG_STR, true },
    { "protocol", QMP_ARG_STR, true },
    { "host-addr", QMP_ARG_STR, true },
    { "host-port", QMP_ARG_INT, true },
    { NULL },
};

static const QmpArgSpec list_args[] = {
    { "netdev", QMP_ARG_STR, true },
    { NULL },
};

const QmpCommand qmp_hostfwd_commands[] = {
    { "x-qnet-hostfwd-add", add_args, false, qmp_hostfwd_add },
    { "x-qnet-hostfwd-remove", remove_args, false, qmp_hostfwd_remove },
    { "x-qnet-hostfwd-list", list_args, false, qmp_hostfwd_list },
    { NULL },
};
