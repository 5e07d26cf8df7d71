/* stream-addr.c: SocketAddress between its QAPI object form (options, QMP events) and util/sockets.h. */
#include "net/stream-addr.h"

#include <string.h>

#include "qapi/access.h"

static SocketAddressType type_from_name(const char *name)
{
    static const SocketAddressType types[] = {
        SOCKET_ADDRESS_TYPE_INET, SOCKET_ADDRESS_TYPE_UNIX,
        SOCKET_ADDRESS_TYPE_VSOCK, SOCKET_ADDRESS_TYPE_FD,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
        if (strcmp(socket_address_type_name(types[i]), name) == 0) {
            return types[i];
        }
    }
    g_assert_not_reached();
}

static void read_bool(JsonObject *obj, const char *key, bool *has, bool *val)
{
    *has = qapi_has(obj, key);
    *val = qapi_get_bool(obj, key, false);
}

SocketAddress *net_socket_address_from_qapi(JsonObject *obj)
{
    SocketAddress *addr = socket_address_new(
        type_from_name(qapi_get_str(obj, "type", "")));

    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        addr->host = g_strdup(qapi_get_str(obj, "host", ""));
        addr->port = g_strdup(qapi_get_str(obj, "port", ""));
        addr->has_to = qapi_has(obj, "to");
        addr->to = (uint16_t)qapi_get_uint(obj, "to", 0);
        read_bool(obj, "numeric", &addr->has_numeric, &addr->numeric);
        read_bool(obj, "ipv4", &addr->has_ipv4, &addr->ipv4);
        read_bool(obj, "ipv6", &addr->has_ipv6, &addr->ipv6);
        addr->keep_alive = qapi_get_bool(obj, "keep-alive", false);
        addr->mptcp = qapi_get_bool(obj, "mptcp", false);
        break;
    case SOCKET_ADDRESS_TYPE_UNIX:
        addr->path = g_strdup(qapi_get_str(obj, "path", ""));
        addr->abstract = qapi_get_bool(obj, "abstract", false);
        addr->tight = qapi_get_bool(obj, "tight", true);
        break;
    case SOCKET_ADDRESS_TYPE_VSOCK:
        addr->cid = g_strdup(qapi_get_str(obj, "cid", ""));
        addr->port = g_strdup(qapi_get_str(obj, "port", ""));
        break;
    case SOCKET_ADDRESS_TYPE_FD:
        addr->str = g_strdup(qapi_get_str(obj, "str", ""));
        break;
    }
    return addr;
}

JsonObject *net_socket_address_to_qapi(const SocketAddress *addr)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(obj, "type",
                                  socket_address_type_name(addr->type));
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        json_object_set_string_member(obj, "host", addr->host);
        json_object_set_string_member(obj, "port", addr->port);
        if (addr->has_ipv4) {
            json_object_set_boolean_member(obj, "ipv4", addr->ipv4);
        }
        if (addr->has_ipv6) {
            json_object_set_boolean_member(obj, "ipv6", addr->ipv6);
        }
        break;
    case SOCKET_ADDRESS_TYPE_UNIX:
        json_object_set_string_member(obj, "path", addr->path);
        if (addr->abstract) {
            json_object_set_boolean_member(obj, "abstract", true);
            json_object_set_boolean_member(obj, "tight", addr->tight);
        }
        break;
    case SOCKET_ADDRESS_TYPE_VSOCK:
        json_object_set_string_member(obj, "cid", addr->cid);
        json_object_set_string_member(obj, "port", addr->port);
        break;
    case SOCKET_ADDRESS_TYPE_FD:
        json_object_set_string_member(obj, "str", addr->str);
        break;
    }
    return obj;
}
