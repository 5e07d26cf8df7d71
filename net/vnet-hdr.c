/* vnet-hdr.c: the NIC side of the virtio-net header negotiation, on the optional NetClientInfo hooks. */
#include "net/vnet-hdr.h"

#include <errno.h>

bool vnet_hdr_len_valid(int len)
{
    return len == VNET_HDR_LEN_BASIC || len == VNET_HDR_LEN_MRG ||
           len == VNET_HDR_LEN_HASH;
}

bool net_peer_has_vnet_hdr(NetClient *peer)
{
    return peer && peer->info->has_vnet_hdr && peer->info->has_vnet_hdr(peer);
}

bool net_peer_has_vnet_hdr_len(NetClient *peer, int len)
{
    return peer && peer->info->has_vnet_hdr_len &&
           peer->info->has_vnet_hdr_len(peer, len);
}

bool net_peer_has_ufo(NetClient *peer)
{
    return peer && peer->info->has_ufo && peer->info->has_ufo(peer);
}

void net_peer_using_vnet_hdr(NetClient *peer, bool enable)
{
    if (peer && peer->info->using_vnet_hdr) {
        peer->info->using_vnet_hdr(peer, enable);
    }
}

void net_peer_set_vnet_hdr_len(NetClient *peer, int len)
{
    g_assert(vnet_hdr_len_valid(len));
    if (peer && peer->info->set_vnet_hdr_len) {
        peer->info->set_vnet_hdr_len(peer, len);
    }
}

void net_peer_set_offload(NetClient *peer, bool csum, bool tso4, bool tso6,
                          bool ecn, bool ufo)
{
    if (peer && peer->info->set_offload) {
        peer->info->set_offload(peer, csum, tso4, tso6, ecn, ufo);
    }
}

int net_peer_set_vnet_le(NetClient *peer, bool is_le)
{
    if (!peer || !peer->info->set_vnet_le) {
        return -ENOSYS;
    }
    return peer->info->set_vnet_le(peer, is_le);
}

int net_peer_set_vnet_be(NetClient *peer, bool is_be)
{
    if (!peer || !peer->info->set_vnet_be) {
        return -ENOSYS;
    }
    return peer->info->set_vnet_be(peer, is_be);
}
