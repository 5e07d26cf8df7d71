/* tap-init.c: the `tap` netdev: its fds from fd=, fds=, helper= or /dev/net/tun, then one client per queue. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "net/backends.h"
#include "net/context.h"
#include "net/tap-helper.h"
#include "net/tap-linux.h"
#include "net/tap-opts.h"
#include "net/tap-script.h"
#include "net/tap.h"

/* The fds of a tap netdev, one per queue, before its clients exist. */
typedef struct TapQueues {
    GArray *fds;             /* int */
    GPtrArray *infos;        /* the `info network` text of each queue */
    bool owned;              /* qnet opened the fds: close them on failure */
    bool vnet_hdr;
    const char *model;       /* "tap", or "bridge" for helper= */
    char ifname[IFNAMSIZ];   /* OPEN: the name the kernel gave */
    bool up_script_ran;
} TapQueues;

static void queues_init(TapQueues *q)
{
    memset(q, 0, sizeof(*q));
    q->fds = g_array_new(FALSE, FALSE, sizeof(int));
    q->infos = g_ptr_array_new_with_free_func(g_free);
    q->model = "tap";
}

static void queues_add(TapQueues *q, int fd, char *info)
{
    g_array_append_val(q->fds, fd);
    g_ptr_array_add(q->infos, info);
}

/* After a failure: give back what was opened, as QEMU's cleanup would. */
static void queues_abandon(TapQueues *q, const TapOptions *o)
{
    if (q->up_script_ran && tap_script_wanted(o->downscript)) {
        tap_script_run(o->downscript, q->ifname, NULL);
    }
    for (guint i = 0; q->owned && i < q->fds->len; i++) {
        close(g_array_index(q->fds, int, i));
    }
}

static void queues_clear(TapQueues *q)
{
    g_array_free(q->fds, TRUE);
    g_ptr_array_free(q->infos, TRUE);
}

/* fd= and fds=: descriptors the caller opened (QEMU's checks, in order). */
static bool get_user_fds(const TapOptions *o, const char *name, TapQueues *q,
                         Error **errp)
{
    for (int i = 0; o->fds[i]; i++) {
        int fd = tap_parse_fd(o->fds[i], errp);
        if (fd < 0) {
            return false;
        }
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            error_setg_errno(errp, errno, "%s: Can't use file descriptor %d",
                             name, fd);
            return false;
        }
        if (i == 0) {
            int vnet = tap_linux_probe_vnet_hdr(fd, errp);
            if (vnet < 0) {
                return false;
            }
            q->vnet_hdr = vnet;
        } else if (tap_linux_probe_vnet_hdr(fd, NULL) != (int)q->vnet_hdr) {
            error_setg(errp, "vnet_hdr not consistent across given tap fds");
            return false;
        }
        queues_add(q, fd, g_strdup_printf("fd=%d", fd));
    }
    return true;
}

/* helper=: a bridge helper creates the tap (QEMU names the client "bridge"). */
static bool get_helper_fd(const TapOptions *o, TapQueues *q, Error **errp)
{
    int fd = tap_helper_open(o->helper, o->br, &q->vnet_hdr, errp);
    if (fd < 0) {
        return false;
    }
    q->owned = true;
    q->model = "bridge";
    queues_add(q, fd, g_strdup_printf("helper=%s", o->helper));
    return true;
}

/* No fd given: open /dev/net/tun per queue; the up script runs once. */
static bool get_opened_fds(const TapOptions *o, TapQueues *q, Error **errp)
{
    q->owned = true;
    g_strlcpy(q->ifname, o->ifname ? o->ifname : "", sizeof(q->ifname));
    for (unsigned i = 0; i < o->queues; i++) {
        bool vnet = o->vnet_hdr;
        int fd = tap_linux_open(q->ifname, &vnet, o->vnet_hdr_required,
                                o->queues > 1, errp);
        if (fd < 0) {
            return false;
        }
        q->vnet_hdr = vnet;
        if (i == 0 && tap_script_wanted(o->script)) {
            if (!tap_script_run(o->script, q->ifname, errp)) {
                close(fd);
                return false;
            }
            q->up_script_ran = true;
        }
        /* Only queue 0 has scripts (QEMU passes "no" for the others). */
        queues_add(q, fd, g_strdup_printf("ifname=%s,script=%s,downscript=%s",
                                          q->ifname, i ? "no" : o->script,
                                          i ? "no" : o->downscript));
    }
    return true;
}

static bool get_fds(const TapOptions *o, const char *name, TapQueues *q,
                    Error **errp)
{
    switch (o->mode) {
    case TAP_MODE_FD:
    case TAP_MODE_FDS:
        return get_user_fds(o, name, q, errp);
    case TAP_MODE_HELPER:
        return get_helper_fd(o, q, errp);
    case TAP_MODE_OPEN:
        return get_opened_fds(o, q, errp);
    }
    g_assert_not_reached();
}

/* What QEMU does per queue before the client works: sndbuf, then vhost. */
static bool check_queues(QnetContext *ctx, const TapOptions *o,
                         const char *name, TapQueues *q, Error **errp)
{
    for (guint i = 0; i < q->fds->len; i++) {
        int fd = g_array_index(q->fds, int, i);
        /* QEMU always sets it, and fails only when sndbuf= was given. */
        if (!tap_linux_set_sndbuf(fd, o->sndbuf, o->has_sndbuf ? errp : NULL)
            && o->has_sndbuf) {
            return false;
        }
    }
    bool warn_vhost;
    if (!tap_options_check_vhost(o, &warn_vhost, errp)) {
        return false;
    }
    if (warn_vhost) {
        qnet_log(ctx, QNET_LOG_WARNING, NULL, "netdev %s: vhost=on: qnet has "
                 "no vhost-net, the tap runs without it", name);
    }
    return true;
}

static void create_clients(QnetContext *ctx, const TapOptions *o,
                           const char *name, NetClient *peer, TapQueues *q)
{
    for (guint i = 0; i < q->fds->len; i++) {
        NetClient *nc = tap_client_new(ctx, i == 0 ? peer : NULL, q->model,
                                       name, g_array_index(q->fds, int, i),
                                       q->vnet_hdr, q->infos->pdata[i]);
        if (i == 0 && o->mode == TAP_MODE_OPEN &&
            tap_script_wanted(o->downscript)) {
            tap_client_set_downscript(nc, o->downscript, q->ifname);
        }
    }
}

bool net_tap_init(QnetContext *ctx, JsonObject *opts, const char *name,
                  NetClient *peer, Error **errp)
{
    TapOptions o;
    if (!tap_options_parse(opts, peer != NULL, &o, errp)) {
        tap_options_clear(&o);
        return false;
    }
    TapQueues q;
    queues_init(&q);
    bool ok = get_fds(&o, name, &q, errp) &&
              check_queues(ctx, &o, name, &q, errp);
    if (ok) {
        create_clients(ctx, &o, name, peer, &q);
    } else {
        queues_abandon(&q, &o);
    }
    queues_clear(&q);
    tap_options_clear(&o);
    return ok;
}
