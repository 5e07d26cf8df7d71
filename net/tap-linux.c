/* tap-linux.c: tap devices through Linux's /dev/net/tun (TUNSETIFF and the other tun ioctls). */
#include "net/tap-linux.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The kernel's feature mask, or 0 when it cannot tell (very old kernels). */
static unsigned tun_features(int fd)
{
    unsigned features = 0;
    if (ioctl(fd, TUNGETFEATURES, &features) < 0) {
        return 0;
    }
    return features;
}

static bool want_flags(unsigned features, bool *vnet_hdr,
                       bool vnet_hdr_required, bool mq_required,
                       short *flags, Error **errp)
{
    *flags = IFF_TAP | IFF_NO_PI;
    if (*vnet_hdr) {
        *vnet_hdr = (features & IFF_VNET_HDR) != 0;
        if (*vnet_hdr) {
            *flags |= IFF_VNET_HDR;
        }
    }
    if (vnet_hdr_required && !*vnet_hdr) {
        error_setg(errp, "vnet_hdr=1 requested, but no kernel support for "
                   "IFF_VNET_HDR available");
        return false;
    }
    if (mq_required) {
        if (!(features & IFF_MULTI_QUEUE)) {
            error_setg(errp, "multiqueue required, but no kernel support for "
                       "IFF_MULTI_QUEUE available");
            return false;
        }
        *flags |= IFF_MULTI_QUEUE;
    }
    return true;
}

int tap_linux_open(char *ifname, bool *vnet_hdr, bool vnet_hdr_required,
                   bool mq_required, Error **errp)
{
    int fd = open(TAP_PATH_NET_TUN, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "could not open %s", TAP_PATH_NET_TUN);
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    if (!want_flags(tun_features(fd), vnet_hdr, vnet_hdr_required,
                    mq_required, &ifr.ifr_flags, errp)) {
        close(fd);
        return -1;
    }
    /* A name of IFNAMSIZ or more is cut, as QEMU does. */
    g_strlcpy(ifr.ifr_name, ifname[0] ? ifname : "tap%d", IFNAMSIZ);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        if (ifname[0]) {
            error_setg_errno(errp, errno, "could not configure %s (%s)",
                             TAP_PATH_NET_TUN, ifr.ifr_name);
        } else {
            error_setg_errno(errp, errno, "could not configure %s",
                             TAP_PATH_NET_TUN);
        }
        close(fd);
        return -1;
    }
    g_strlcpy(ifname, ifr.ifr_name, IFNAMSIZ);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "Failed to set FD nonblocking");
        close(fd);
        return -1;
    }
    return fd;
}

int tap_linux_probe_vnet_hdr(int fd, Error **errp)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
        error_setg_errno(errp, errno, "Unable to query TUNGETIFF on FD %d",
                         fd);
        return -1;
    }
    return (ifr.ifr_flags & IFF_VNET_HDR) != 0;
}

bool tap_linux_get_ifname(int fd, char *ifname, Error **errp)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
        error_setg_errno(errp, errno, "Unable to query TUNGETIFF on FD %d",
                         fd);
        return false;
    }
    g_strlcpy(ifname, ifr.ifr_name, IFNAMSIZ);
    return true;
}

bool tap_linux_set_sndbuf(int fd, uint64_t sndbuf, Error **errp)
{
    int value = sndbuf == 0 || sndbuf > INT_MAX ? INT_MAX : (int)sndbuf;
    if (ioctl(fd, TUNSETSNDBUF, &value) < 0) {
        error_setg_errno(errp, errno, "TUNSETSNDBUF ioctl failed");
        return false;
    }
    return true;
}

int tap_linux_set_offload(int fd, bool csum, bool tso4, bool tso6, bool ecn,
                          bool ufo)
{
    unsigned offload = 0;
    if (csum) {
        offload |= TUN_F_CSUM;
        offload |= tso4 ? TUN_F_TSO4 : 0;
        offload |= tso6 ? TUN_F_TSO6 : 0;
        offload |= (tso4 || tso6) && ecn ? TUN_F_TSO_ECN : 0;
        offload |= ufo ? TUN_F_UFO : 0;
    }
    if (ioctl(fd, TUNSETOFFLOAD, offload) == 0) {
        return 0;
    }
    int err = errno;
    /* Kernels without UFO refuse the whole set: retry without it. */
    if (offload & TUN_F_UFO) {
        offload &= ~(unsigned)TUN_F_UFO;
        if (ioctl(fd, TUNSETOFFLOAD, offload) == 0) {
            return 0;
        }
        err = errno;
    }
    return -err;
}

bool tap_linux_has_ufo(int fd)
{
    bool ok = ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_UFO) == 0;
    if (ioctl(fd, TUNSETOFFLOAD, 0) < 0) {
        return false;
    }
    return ok;
}

int tap_linux_set_vnet_hdr_len(int fd, int len)
{
    return ioctl(fd, TUNSETVNETHDRSZ, &len) < 0 ? -errno : 0;
}

bool tap_linux_probe_vnet_hdr_len(int fd, int len)
{
    int orig;
    if (ioctl(fd, TUNGETVNETHDRSZ, &orig) < 0) {
        return false;
    }
    if (ioctl(fd, TUNSETVNETHDRSZ, &len) < 0) {
        return false;
    }
    /* Put the old value back: this only asks. */
    return ioctl(fd, TUNSETVNETHDRSZ, &orig) == 0;
}

int tap_linux_set_vnet_le(int fd, bool is_le)
{
    int arg = is_le ? 1 : 0;
    return ioctl(fd, TUNSETVNETLE, &arg) < 0 ? -errno : 0;
}

int tap_linux_set_vnet_be(int fd, bool is_be)
{
    int arg = is_be ? 1 : 0;
    return ioctl(fd, TUNSETVNETBE, &arg) < 0 ? -errno : 0;
}
