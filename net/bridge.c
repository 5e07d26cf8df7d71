/* bridge.c: the `bridge` netdev: a tap that a bridge helper creates on a host bridge. */
#include "net/backends.h"
#include "net/tap-helper.h"
#include "net/tap.h"
#include "qapi/access.h"
#include "qnet-config.h"

/*
 * qnet's own helper (helper/bridge-helper.c); QEMU's default is its
 * qemu-bridge-helper, which helper= can still name (docs/tap.md).
 */
#define BRIDGE_DEFAULT_HELPER QNET_LIBEXECDIR "/qnet-bridge-helper"

bool net_bridge_init(QnetContext *ctx, JsonObject *opts, const char *name,
                     NetClient *peer, Error **errp)
{
    const char *helper = qapi_get_str(opts, "helper", BRIDGE_DEFAULT_HELPER);
    const char *br = qapi_get_str(opts, "br", TAP_DEFAULT_BRIDGE);
    bool vnet_hdr;
    int fd = tap_helper_open(helper, br, &vnet_hdr, errp);
    if (fd < 0) {
        return false;
    }
    /* The client's type is "tap": a bridge is a tap made by the helper. */
    g_autofree char *info = g_strdup_printf("helper=%s,br=%s", helper, br);
    tap_client_new(ctx, peer, "bridge", name, fd, vnet_hdr, info);
    return true;
}
