/* schema-sockets.c: String and the SocketAddress union used by stream and dgram netdevs. */
#include "qapi/schema-types.h"

static const QapiMember string_members[] = {
    QAPI_REQ("str", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_String = {
    .name = "String", .kind = QAPI_KIND_STRUCT, .members = string_members,
};

static const char *const socket_address_type_values[] = {
    "inet", "unix", "vsock", "fd", NULL,
};

const QapiType qapi_SocketAddressType = {
    .name = "SocketAddressType", .kind = QAPI_KIND_ENUM,
    .values = socket_address_type_values,
};

/* "mptcp" exists because Linux has IPPROTO_MPTCP. */
static const QapiMember inet_members[] = {
    QAPI_REQ("host", qapi_type_str),
    QAPI_REQ("port", qapi_type_str),
    QAPI_OPT("numeric", qapi_type_bool),
    QAPI_OPT("to", qapi_type_uint16),
    QAPI_OPT("ipv4", qapi_type_bool),
    QAPI_OPT("ipv6", qapi_type_bool),
    QAPI_OPT("keep-alive", qapi_type_bool),
    QAPI_OPT("mptcp", qapi_type_bool),
    QAPI_END,
};

const QapiType qapi_InetSocketAddress = {
    .name = "InetSocketAddress", .kind = QAPI_KIND_STRUCT,
    .members = inet_members,
};

/* "abstract" and "tight" exist because this is Linux. */
static const QapiMember unix_members[] = {
    QAPI_REQ("path", qapi_type_str),
    QAPI_OPT("abstract", qapi_type_bool),
    QAPI_OPT("tight", qapi_type_bool),
    QAPI_END,
};

const QapiType qapi_UnixSocketAddress = {
    .name = "UnixSocketAddress", .kind = QAPI_KIND_STRUCT,
    .members = unix_members,
};

static const QapiMember vsock_members[] = {
    QAPI_REQ("cid", qapi_type_str),
    QAPI_REQ("port", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_VsockSocketAddress = {
    .name = "VsockSocketAddress", .kind = QAPI_KIND_STRUCT,
    .members = vsock_members,
};

static const QapiMember socket_address_base[] = {
    QAPI_REQ("type", qapi_SocketAddressType),
    QAPI_END,
};

static const QapiVariant socket_address_variants[] = {
    { "inet", &qapi_InetSocketAddress },
    { "unix", &qapi_UnixSocketAddress },
    { "vsock", &qapi_VsockSocketAddress },
    { "fd", &qapi_String },
    { NULL },
};

const QapiType qapi_SocketAddress = {
    .name = "SocketAddress", .kind = QAPI_KIND_STRUCT,
    .members = socket_address_base,
    .discriminator = "type", .variants = socket_address_variants,
};
