/* bridge-tap.c: the bridge helper's privileged work: a tap, put on a bridge and brought up. */
#include "helper/bridge-tap.h"

#include <errno.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/fd-pass.h"

static void ifreq_for(struct ifreq *ifr, const char *name)
{
    memset(ifr, 0, sizeof(*ifr));
    snprintf(ifr->ifr_name, IFNAMSIZ, "%s", name);
}

static int make_tap(int fd, bool use_vnet, char *ifname, FILE *err)
{
    struct ifreq ifr;
    ifreq_for(&ifr, "tap%d");
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    unsigned features = 0;
    if (use_vnet && ioctl(fd, TUNGETFEATURES, &features) == 0 &&
        (features & IFF_VNET_HDR)) {
        ifr.ifr_flags |= IFF_VNET_HDR;
    }
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        fprintf(err, "failed to create tun device: %s\n", strerror(errno));
        close(fd);
        return -1;
    }
    snprintf(ifname, IFNAMSIZ, "%s", ifr.ifr_name);
    return fd;
}

/* MTU of the bridge and a high MAC on the tap. */
static bool match_bridge(int ctl, const char *bridge, const char *iface,
                         FILE *err)
{
    struct ifreq ifr;
    ifreq_for(&ifr, bridge);
    if (ioctl(ctl, SIOCGIFMTU, &ifr) < 0) {
        fprintf(err, "failed to get mtu of bridge `%s': %s\n", bridge,
                strerror(errno));
        return false;
    }
    int mtu = ifr.ifr_mtu;
    ifreq_for(&ifr, iface);
    if (ioctl(ctl, SIOCGIFHWADDR, &ifr) < 0) {
        fprintf(err, "failed to get MAC address of device `%s': %s\n", iface,
                strerror(errno));
        return false;
    }
    ifr.ifr_hwaddr.sa_data[0] = (char)0xfe;
    if (ioctl(ctl, SIOCSIFHWADDR, &ifr) < 0) {
        fprintf(err, "failed to set MAC address of device `%s': %s\n", iface,
                strerror(errno));
        return false;
    }
    ifreq_for(&ifr, iface);
    ifr.ifr_mtu = mtu;
    if (ioctl(ctl, SIOCSIFMTU, &ifr) < 0) {
        fprintf(err, "failed to set mtu of device `%s' to %d: %s\n", iface,
                mtu, strerror(errno));
        return false;
    }
    return true;
}

static bool join_bridge(int ctl, const char *bridge, const char *iface,
                        FILE *err)
{
    struct ifreq ifr;
    ifreq_for(&ifr, bridge);
    ifr.ifr_ifindex = (int)if_nametoindex(iface);
    if (ioctl(ctl, SIOCBRADDIF, &ifr) < 0) {
        fprintf(err, "failed to add interface `%s' to bridge `%s': %s\n",
                iface, bridge, strerror(errno));
        return false;
    }
    ifreq_for(&ifr, iface);
    if (ioctl(ctl, SIOCGIFFLAGS, &ifr) < 0) {
        fprintf(err, "failed to get interface flags for `%s': %s\n", iface,
                strerror(errno));
        return false;
    }
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(ctl, SIOCSIFFLAGS, &ifr) < 0) {
        fprintf(err, "failed to bring up interface `%s': %s\n", iface,
                strerror(errno));
        return false;
    }
    return true;
}

int bridge_tap_create(int tun, const char *bridge, bool use_vnet, FILE *err)
{
    char iface[IFNAMSIZ];
    int fd = make_tap(tun, use_vnet, iface, err);
    if (fd < 0) {
        return -1;
    }
    int ctl = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ctl < 0) {
        fprintf(err, "failed to open control socket: %s\n", strerror(errno));
        close(fd);
        return -1;
    }
    bool ok = match_bridge(ctl, bridge, iface, err) &&
              join_bridge(ctl, bridge, iface, err);
    close(ctl);
    if (!ok) {
        /* Closing the only fd of a tap deletes the interface. */
        close(fd);
        return -1;
    }
    return fd;
}

bool bridge_tap_send_fd(int sock, int fd, FILE *err)
{
    if (fd_pass_send(sock, fd) < 0) {
        fprintf(err, "failed to write fd to unix socket: %s\n",
                strerror(errno));
        return false;
    }
    return true;
}
