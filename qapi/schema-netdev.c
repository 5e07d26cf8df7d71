/* schema-netdev.c: the Netdev union and every netdev type's options (QEMU 7.2 net.json, Linux build). */
#include "qapi/schema-types.h"

/*
 * QEMU's NetClientDriver on Linux.  The macOS-only vmnet-host,
 * vmnet-shared and vmnet-bridged are not part of the enum there, so
 * "-netdev vmnet-host,..." is "Parameter 'type' does not accept value".
 */
static const char *const net_client_driver_values[] = {
    "none", "nic", "user", "tap", "l2tpv3", "socket", "stream", "dgram",
    "vde", "bridge", "hubport", "netmap", "vhost-user", "vhost-vdpa", NULL,
};

const QapiType qapi_NetClientDriver = {
    .name = "NetClientDriver", .kind = QAPI_KIND_ENUM,
    .values = net_client_driver_values,
};

static const QapiMember nic_members[] = {
    QAPI_OPT("netdev", qapi_type_str),
    QAPI_OPT("macaddr", qapi_type_str),
    QAPI_OPT("model", qapi_type_str),
    QAPI_OPT("addr", qapi_type_str),
    QAPI_OPT("vectors", qapi_type_uint32),
    QAPI_END,
};

const QapiType qapi_NetLegacyNicOptions = {
    .name = "NetLegacyNicOptions", .kind = QAPI_KIND_STRUCT,
    .members = nic_members,
};

static const QapiType string_list = {
    .name = "StringList", .kind = QAPI_KIND_LIST, .element = &qapi_String,
};

static const QapiMember user_members[] = {
    QAPI_OPT("hostname", qapi_type_str),
    QAPI_OPT("restrict", qapi_type_bool),
    QAPI_OPT("ipv4", qapi_type_bool),
    QAPI_OPT("ipv6", qapi_type_bool),
    QAPI_OPT("ip", qapi_type_str),
    QAPI_OPT("net", qapi_type_str),
    QAPI_OPT("host", qapi_type_str),
    QAPI_OPT("tftp", qapi_type_str),
    QAPI_OPT("bootfile", qapi_type_str),
    QAPI_OPT("dhcpstart", qapi_type_str),
    QAPI_OPT("dns", qapi_type_str),
    QAPI_OPT("dnssearch", string_list),
    QAPI_OPT("domainname", qapi_type_str),
    QAPI_OPT("ipv6-prefix", qapi_type_str),
    QAPI_OPT("ipv6-prefixlen", qapi_type_int),
    QAPI_OPT("ipv6-host", qapi_type_str),
    QAPI_OPT("ipv6-dns", qapi_type_str),
    QAPI_OPT("smb", qapi_type_str),
    QAPI_OPT("smbserver", qapi_type_str),
    QAPI_OPT("hostfwd", string_list),
    QAPI_OPT("guestfwd", string_list),
    QAPI_OPT("tftp-server-name", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_NetdevUserOptions = {
    .name = "NetdevUserOptions", .kind = QAPI_KIND_STRUCT,
    .members = user_members,
};

static const QapiMember tap_members[] = {
    QAPI_OPT("ifname", qapi_type_str),
    QAPI_OPT("fd", qapi_type_str),
    QAPI_OPT("fds", qapi_type_str),
    QAPI_OPT("script", qapi_type_str),
    QAPI_OPT("downscript", qapi_type_str),
    QAPI_OPT("br", qapi_type_str),
    QAPI_OPT("helper", qapi_type_str),
    QAPI_OPT("sndbuf", qapi_type_size),
    QAPI_OPT("vnet_hdr", qapi_type_bool),
    QAPI_OPT("vhost", qapi_type_bool),
    QAPI_OPT("vhostfd", qapi_type_str),
    QAPI_OPT("vhostfds", qapi_type_str),
    QAPI_OPT("vhostforce", qapi_type_bool),
    QAPI_OPT("queues", qapi_type_uint32),
    QAPI_OPT("poll-us", qapi_type_uint32),
    QAPI_END,
};

const QapiType qapi_NetdevTapOptions = {
    .name = "NetdevTapOptions", .kind = QAPI_KIND_STRUCT,
    .members = tap_members,
};

static const QapiMember l2tpv3_members[] = {
    QAPI_REQ("src", qapi_type_str),
    QAPI_REQ("dst", qapi_type_str),
    QAPI_OPT("srcport", qapi_type_str),
    QAPI_OPT("dstport", qapi_type_str),
    QAPI_OPT("ipv6", qapi_type_bool),
    QAPI_OPT("udp", qapi_type_bool),
    QAPI_OPT("cookie64", qapi_type_bool),
    QAPI_OPT("counter", qapi_type_bool),
    QAPI_OPT("pincounter", qapi_type_bool),
    QAPI_OPT("txcookie", qapi_type_uint64),
    QAPI_OPT("rxcookie", qapi_type_uint64),
    QAPI_REQ("txsession", qapi_type_uint32),
    QAPI_OPT("rxsession", qapi_type_uint32),
    QAPI_OPT("offset", qapi_type_uint32),
    QAPI_END,
};

const QapiType qapi_NetdevL2TPv3Options = {
    .name = "NetdevL2TPv3Options", .kind = QAPI_KIND_STRUCT,
    .members = l2tpv3_members,
};

static const QapiMember socket_members[] = {
    QAPI_OPT("fd", qapi_type_str),
    QAPI_OPT("listen", qapi_type_str),
    QAPI_OPT("connect", qapi_type_str),
    QAPI_OPT("mcast", qapi_type_str),
    QAPI_OPT("localaddr", qapi_type_str),
    QAPI_OPT("udp", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_NetdevSocketOptions = {
    .name = "NetdevSocketOptions", .kind = QAPI_KIND_STRUCT,
    .members = socket_members,
};

static const QapiMember stream_members[] = {
    QAPI_REQ("addr", qapi_SocketAddress),
    QAPI_OPT("server", qapi_type_bool),
    QAPI_OPT("reconnect", qapi_type_uint32),  /* QEMU 8.0; qnet extension */
    QAPI_END,
};

const QapiType qapi_NetdevStreamOptions = {
    .name = "NetdevStreamOptions", .kind = QAPI_KIND_STRUCT,
    .members = stream_members,
};

static const QapiMember dgram_members[] = {
    QAPI_OPT("local", qapi_SocketAddress),
    QAPI_OPT("remote", qapi_SocketAddress),
    QAPI_END,
};

const QapiType qapi_NetdevDgramOptions = {
    .name = "NetdevDgramOptions", .kind = QAPI_KIND_STRUCT,
    .members = dgram_members,
};

static const QapiMember vde_members[] = {
    QAPI_OPT("sock", qapi_type_str),
    QAPI_OPT("port", qapi_type_uint16),
    QAPI_OPT("group", qapi_type_str),
    QAPI_OPT("mode", qapi_type_uint16),
    QAPI_END,
};

const QapiType qapi_NetdevVdeOptions = {
    .name = "NetdevVdeOptions", .kind = QAPI_KIND_STRUCT,
    .members = vde_members,
};

static const QapiMember bridge_members[] = {
    QAPI_OPT("br", qapi_type_str),
    QAPI_OPT("helper", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_NetdevBridgeOptions = {
    .name = "NetdevBridgeOptions", .kind = QAPI_KIND_STRUCT,
    .members = bridge_members,
};

static const QapiMember hubport_members[] = {
    QAPI_REQ("hubid", qapi_type_int32),
    QAPI_OPT("netdev", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_NetdevHubPortOptions = {
    .name = "NetdevHubPortOptions", .kind = QAPI_KIND_STRUCT,
    .members = hubport_members,
};

static const QapiMember netmap_members[] = {
    QAPI_REQ("ifname", qapi_type_str),
    QAPI_OPT("devname", qapi_type_str),
    QAPI_END,
};

const QapiType qapi_NetdevNetmapOptions = {
    .name = "NetdevNetmapOptions", .kind = QAPI_KIND_STRUCT,
    .members = netmap_members,
};

static const QapiMember vhost_user_members[] = {
    QAPI_REQ("chardev", qapi_type_str),
    QAPI_OPT("vhostforce", qapi_type_bool),
    QAPI_OPT("queues", qapi_type_int),
    QAPI_END,
};

const QapiType qapi_NetdevVhostUserOptions = {
    .name = "NetdevVhostUserOptions", .kind = QAPI_KIND_STRUCT,
    .members = vhost_user_members,
};

static const QapiMember vhost_vdpa_members[] = {
    QAPI_OPT("vhostdev", qapi_type_str),
    QAPI_OPT("vhostfd", qapi_type_str),
    QAPI_OPT("queues", qapi_type_int),
    QAPI_OPT("x-svq", qapi_type_bool),
    QAPI_END,
};

const QapiType qapi_NetdevVhostVDPAOptions = {
    .name = "NetdevVhostVDPAOptions", .kind = QAPI_KIND_STRUCT,
    .members = vhost_vdpa_members,
};

static const QapiMember netdev_base[] = {
    QAPI_REQ("id", qapi_type_str),
    QAPI_REQ("type", qapi_NetClientDriver),
    QAPI_END,
};

/* "none" has no members: it parses, and the net layer refuses it. */
static const QapiVariant netdev_variants[] = {
    { "nic", &qapi_NetLegacyNicOptions },
    { "user", &qapi_NetdevUserOptions },
    { "tap", &qapi_NetdevTapOptions },
    { "l2tpv3", &qapi_NetdevL2TPv3Options },
    { "socket", &qapi_NetdevSocketOptions },
    { "stream", &qapi_NetdevStreamOptions },
    { "dgram", &qapi_NetdevDgramOptions },
    { "vde", &qapi_NetdevVdeOptions },
    { "bridge", &qapi_NetdevBridgeOptions },
    { "hubport", &qapi_NetdevHubPortOptions },
    { "netmap", &qapi_NetdevNetmapOptions },
    { "vhost-user", &qapi_NetdevVhostUserOptions },
    { "vhost-vdpa", &qapi_NetdevVhostVDPAOptions },
    { NULL },
};

const QapiType qapi_Netdev = {
    .name = "Netdev", .kind = QAPI_KIND_STRUCT, .members = netdev_base,
    .discriminator = "type", .variants = netdev_variants,
};
