/* tap-linux.h: tap devices through Linux's /dev/net/tun (TUNSETIFF and the other tun ioctls). */
#ifndef QNET_NET_TAP_LINUX_H
#define QNET_NET_TAP_LINUX_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

#define TAP_PATH_NET_TUN "/dev/net/tun"

/*
 * Opens a tap (IFF_TAP|IFF_NO_PI) named @ifname, a buffer of IFNAMSIZ
 * bytes: "" asks the kernel for "tap%d", a name with "%d" lets the kernel
 * number it, a longer name is cut to IFNAMSIZ-1.  The name the kernel gave
 * is written back.  *@vnet_hdr in: want IFF_VNET_HDR; out: whether it is
 * on (off when the kernel lacks it, unless @vnet_hdr_required: then an
 * error).  @mq_required adds IFF_MULTI_QUEUE.  Returns a non-blocking fd,
 * or -1 with QEMU's error ("could not configure /dev/net/tun (%s): ...").
 */
int tap_linux_open(char *ifname, bool *vnet_hdr, bool vnet_hdr_required,
                   bool mq_required, Error **errp);

/*
 * Whether the tap behind @fd has IFF_VNET_HDR (TUNGETIFF): 1 or 0, or -1
 * with "Unable to query TUNGETIFF on FD %d: ...".
 */
int tap_linux_probe_vnet_hdr(int fd, Error **errp);

/* The interface name of the tap behind @fd into @ifname (IFNAMSIZ). */
bool tap_linux_get_ifname(int fd, char *ifname, Error **errp);

/* TUNSETSNDBUF; @sndbuf 0 means unlimited (INT_MAX), as QEMU does. */
bool tap_linux_set_sndbuf(int fd, uint64_t sndbuf, Error **errp);

/* TUNSETOFFLOAD from the virtio feature bits a NIC accepts. */
int tap_linux_set_offload(int fd, bool csum, bool tso4, bool tso6, bool ecn,
                          bool ufo);

/* True when the kernel accepts TUN_F_UFO on @fd (leaves offloads off). */
bool tap_linux_has_ufo(int fd);

/* TUNSETVNETHDRSZ; returns 0 or -errno. */
int tap_linux_set_vnet_hdr_len(int fd, int len);

/* True when the kernel takes header length @len (TUNGET/SETVNETHDRSZ). */
bool tap_linux_probe_vnet_hdr_len(int fd, int len);

/* TUNSETVNETLE / TUNSETVNETBE; 0 or -errno. */
int tap_linux_set_vnet_le(int fd, bool is_le);
int tap_linux_set_vnet_be(int fd, bool is_be);

#endif
