/* vnet-hdr.h: the virtio-net header and the offload negotiation between a NIC and its peer. */
#ifndef QNET_NET_VNET_HDR_H
#define QNET_NET_VNET_HDR_H

#include <stdbool.h>

#include "net/client.h"

/*
 * Header lengths a peer can be asked to use (virtio 1.2, 5.1.6 "Device
 * Operation"): struct virtio_net_hdr is 10 bytes, 12 with num_buffers
 * (VIRTIO_NET_F_MRG_RXBUF or VERSION_1), 20 with the hash report fields.
 */
#define VNET_HDR_LEN_BASIC 10
#define VNET_HDR_LEN_MRG 12
#define VNET_HDR_LEN_HASH 20
#define VNET_HDR_LEN_MAX VNET_HDR_LEN_HASH

/* True when @len is one of the three lengths above. */
bool vnet_hdr_len_valid(int len);

/*
 * What a NIC model calls on its peer to negotiate (QEMU's qemu_has_vnet_hdr
 * and friends).  Each is safe on any client: a peer without the hook (hub
 * port, user, socket, ...) has no header, no UFO and ignores the setters.
 * Negotiation is between direct peers only; behind a hub frames are plain
 * Ethernet.
 */
bool net_peer_has_vnet_hdr(NetClient *peer);
bool net_peer_has_vnet_hdr_len(NetClient *peer, int len);
bool net_peer_has_ufo(NetClient *peer);

/*
 * From now on frames between the NIC and @peer carry a header of the
 * negotiated length (both directions).  Only after has_vnet_hdr answered
 * yes.
 */
void net_peer_using_vnet_hdr(NetClient *peer, bool enable);

/* Sets the header length (one of the VNET_HDR_LEN_* values). */
void net_peer_set_vnet_hdr_len(NetClient *peer, int len);

/* Which offloads the NIC's guest accepts in frames it receives. */
void net_peer_set_offload(NetClient *peer, bool csum, bool tso4, bool tso6,
                          bool ecn, bool ufo);

/*
 * Header byte order for legacy (pre-1.0) virtio on cross-endian hosts.
 * Returns 0, or -errno (-ENOSYS when @peer cannot do it).
 */
int net_peer_set_vnet_le(NetClient *peer, bool is_le);
int net_peer_set_vnet_be(NetClient *peer, bool is_be);

#endif
