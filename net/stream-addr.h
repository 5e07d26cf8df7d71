/* stream-addr.h: SocketAddress between its QAPI object form (options, QMP events) and util/sockets.h. */
#ifndef QNET_NET_STREAM_ADDR_H
#define QNET_NET_STREAM_ADDR_H

#include <json-glib/json-glib.h>

#include "util/sockets.h"

/*
 * The address in a stream/dgram option object (already checked by the
 * schema: "type" and the members of its variant are there).
 */
SocketAddress *net_socket_address_from_qapi(JsonObject *obj);

/*
 * The QAPI object of @addr as QMP events carry it, e.g. {"type": "inet",
 * "host": "127.0.0.1", "port": "47060", "ipv4": true} or {"type": "unix",
 * "path": "/tmp/s"} (new reference).
 */
JsonObject *net_socket_address_to_qapi(const SocketAddress *addr);

#endif
