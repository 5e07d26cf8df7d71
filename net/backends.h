/* backends.h: the init function of every netdev type qnet provides. */
#ifndef QNET_NET_BACKENDS_H
#define QNET_NET_BACKENDS_H

#include "net/backend.h"

NetBackendInit net_hubport_init;
NetBackendInit net_socket_init;
NetBackendInit net_stream_init;
NetBackendInit net_dgram_init;
NetBackendInit net_slirp_init;
NetBackendInit net_tap_init;
NetBackendInit net_bridge_init;
NetBackendInit net_vde_init;

#endif
