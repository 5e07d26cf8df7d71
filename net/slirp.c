/* slirp.c: the `user` netdev: libslirp's NAT, DHCP, DNS and TFTP on the client graph. */
#include <arpa/inet.h>
#include <string.h>

#include "net/backends.h"
#include "net/context.h"
#include "net/slirp-config.h"
#include "net/slirp-fwd.h"
#include "net/slirp-guestfwd.h"
#include "net/slirp-state.h"
#include "net/slirp-timer.h"
#include "util/iov.h"

/* ---- frames ---- */

/* A frame sent earlier reached the peer (or was purged). */
static void frame_sent(NetClient *nc, ssize_t ret)
{
    NetSlirpState *s = NET_CLIENT_UPCAST(NetSlirpState, nc);

    g_assert(s->frames_waiting > 0);
    if (--s->frames_waiting == 0) {
        /* Reading host sockets may resume: let the poll source re-plan. */
        g_main_context_wakeup(nc->ctx->main_context);
    }
}

/*
 * libslirp's send_packet: a frame for the guest network.  It goes to the
 * peer with a sent callback, so a peer that cannot take it keeps it queued
 * (none is lost) and the poll source stops reading host sockets meanwhile.
 */
static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
    NetSlirpState *s = opaque;
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };

    net_slirp_dhcp_guard_learn(&s->dhcp_guard, buf, len);
    /* Counted first: the callback could run before the send returns. */
    s->frames_waiting++;
    if (net_client_send_iov(&s->nc, 0, &iov, 1, frame_sent) != 0) {
        s->frames_waiting--;
    }
    return (ssize_t)len;
}

static bool may_read(void *opaque)
{
    NetSlirpState *s = opaque;
    return s->frames_waiting == 0 && net_client_can_send(&s->nc);
}

/* @iov as one buffer: itself when in one piece, else copied to scratch. */
static const uint8_t *linear_frame(NetSlirpState *s, const struct iovec *iov,
                                   int iovcnt, size_t size)
{
    if (iovcnt == 1) {
        return iov[0].iov_base;
    }
    if (!s->linear) {
        s->linear = g_malloc(NET_BUFSIZE);
    }
    iov_to_buf(iov, iovcnt, 0, s->linear, NET_BUFSIZE);
    return s->linear;
}

/* A frame the DHCP guard kept from libslirp (it only leaks on those). */
static void dhcp_dropped(NetSlirpState *s)
{
    if (s->dhcp_guard.drops == 1) {
        qnet_log(s->nc.ctx, QNET_LOG_WARNING, NULL,
                 "user netdev '%s': all %d DHCP leases are taken; DHCP "
                 "requests from other clients are ignored", s->nc.name,
                 NET_SLIRP_DHCP_LEASES);
    }
}

/* A frame from the peer (the guest side) for libslirp. */
static ssize_t slirp_receive_iov(NetClient *nc, const struct iovec *iov,
                                 int iovcnt, unsigned flags)
{
    NetSlirpState *s = NET_CLIENT_UPCAST(NetSlirpState, nc);
    size_t size = iov_size(iov, iovcnt);

    if (size > NET_BUFSIZE) {
        return (ssize_t)size;       /* the core never sends these */
    }
    const uint8_t *frame = linear_frame(s, iov, iovcnt, size);
    if (!net_slirp_dhcp_guard_admit(&s->dhcp_guard, frame, size)) {
        dhcp_dropped(s);
        return (ssize_t)size;
    }
    slirp_input(s->slirp, frame, (int)size);
    net_slirp_poll_note_frame(s->poll, frame, size);
    net_slirp_dhcp_guard_done(&s->dhcp_guard);
    return (ssize_t)size;
}

/* ---- libslirp callbacks ---- */

static void guest_error(const char *msg, void *opaque)
{
    NetSlirpState *s = opaque;
    /* QEMU logs these only with -d guest_errors. */
    qnet_log(s->nc.ctx, QNET_LOG_DEBUG, NULL, "%s", msg);
}

static int64_t clock_get_ns(void *opaque)
{
    return net_slirp_clock_ns();
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    NetSlirpState *s = opaque;
    return net_slirp_timer_new(s->nc.ctx, cb, cb_opaque);
}

static void timer_free(void *timer, void *opaque)
{
    net_slirp_timer_free(timer);
}

static void timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    net_slirp_timer_mod(timer, expire_ms);
}

/*
 * The poll source asks libslirp for its sockets on every iteration; what
 * it learnt about a socket number is forgotten when the number is reused.
 */
static void register_poll_fd(int fd, void *opaque)
{
    NetSlirpState *s = opaque;
    if (s->poll) {
        net_slirp_poll_forget_fd(s->poll, fd);
    }
}

static void unregister_poll_fd(int fd, void *opaque)
{
    NetSlirpState *s = opaque;
    if (s->poll) {
        net_slirp_poll_forget_fd(s->poll, fd);
    }
}

static void notify(void *opaque)
{
    NetSlirpState *s = opaque;
    g_main_context_wakeup(s->nc.ctx->main_context);
}

static const SlirpCb slirp_callbacks = {
    .send_packet = send_packet,
    .guest_error = guest_error,
    .clock_get_ns = clock_get_ns,
    .timer_new = timer_new,
    .timer_free = timer_free,
    .timer_mod = timer_mod,
    .register_poll_fd = register_poll_fd,
    .unregister_poll_fd = unregister_poll_fd,
    .notify = notify,
};

/* ---- the client ---- */

static void slirp_client_cleanup(NetClient *nc)
{
    NetSlirpState *s = NET_CLIENT_UPCAST(NetSlirpState, nc);

    if (s->poll) {
        net_slirp_poll_free(s->poll);
        s->poll = NULL;     /* slirp_cleanup() unregisters its sockets */
    }
    if (s->slirp) {
        slirp_cleanup(s->slirp);     /* frees its timers through timer_free */
    }
    net_slirp_smb_free(s->smb);
    if (s->hostfwds) {
        g_array_free(s->hostfwds, TRUE);
    }
    g_free(s->linear);
}

static const NetClientInfo net_slirp_info = {
    .type = "user",
    .size = sizeof(NetSlirpState),
    .host_side = true,
    .receive_iov = slirp_receive_iov,
    .cleanup = slirp_client_cleanup,
};

NetSlirpState *net_slirp_state(NetClient *nc)
{
    return nc->info == &net_slirp_info ? NET_CLIENT_UPCAST(NetSlirpState, nc)
                                       : NULL;
}

/* ---- start-up ---- */

static QnetLogLevel log_level_of(GLogLevelFlags level)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) {
        return QNET_LOG_ERROR;
    }
    if (level & G_LOG_LEVEL_WARNING) {
        return QNET_LOG_WARNING;
    }
    return (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) ? QNET_LOG_INFO
                                                              : QNET_LOG_DEBUG;
}

static void slirp_log(const gchar *domain, GLogLevelFlags level,
                      const gchar *message, gpointer data)
{
    /* QEMU prints these as "<domain>: <message>" (e.g. a bad dnssearch). */
    qnet_log(data, log_level_of(level), NULL, "%s: %s", domain, message);
}

/*
 * libslirp reports bad configuration values (dnssearch) through GLib's
 * log while it starts; route them to the context's log for that call only.
 */
static Slirp *slirp_new_logged(NetSlirpState *s, const SlirpConfig *cfg)
{
    guint handler = g_log_set_handler("Slirp", G_LOG_LEVEL_MASK, slirp_log,
                                      s->nc.ctx);
    Slirp *slirp = slirp_new(cfg, &slirp_callbacks, s);
    g_log_remove_handler("Slirp", handler);
    return slirp;
}

static bool add_startup_hostfwd(NetSlirpState *s, const char *rule,
                                Error **errp)
{
    NetSlirpHostFwd fwd;

    if (!net_slirp_hostfwd_parse(rule, false, &fwd, errp)) {
        return false;
    }
    if (!net_slirp_fwd_add(s, &fwd, NULL)) {
        error_setg(errp, "Could not set up host forwarding rule '%s'", rule);
        return false;
    }
    return true;
}

static bool add_rules(NetSlirpState *s, const NetSlirpConfig *cfg,
                      Error **errp)
{
    for (guint i = 0; i < cfg->rules->len; i++) {
        const NetSlirpFwdRule *r = cfg->rules->pdata[i];
        if (r->is_hostfwd ? !add_startup_hostfwd(s, r->rule, errp)
                          : !net_slirp_guestfwd_add(s->slirp, r->rule, errp)) {
            return false;
        }
    }
    return true;
}

static bool slirp_start(NetSlirpState *s, const NetSlirpConfig *cfg,
                        Error **errp)
{
    SlirpConfig slirp_cfg;

    net_slirp_config_to_slirp(cfg, &slirp_cfg);
    s->dhcp_start = cfg->dhcp;
    net_slirp_dhcp_guard_init(&s->dhcp_guard, cfg->host, cfg->dhcp);
    s->hostfwds = g_array_new(FALSE, FALSE, sizeof(NetSlirpHostFwd));
    s->slirp = slirp_new_logged(s, &slirp_cfg);
    if (!s->slirp) {
        error_setg(errp, "Could not start the user mode network stack");
        return false;
    }
    s->poll = net_slirp_poll_new(s->nc.ctx, s->slirp, may_read, s);
    if (!add_rules(s, cfg, errp)) {
        return false;
    }
    if (cfg->smb) {
        s->smb = net_slirp_smb_new(NET_SLIRP_SMBD, cfg->smb, errp);
        if (!s->smb ||
            !net_slirp_smb_start(s->smb, s->slirp, cfg->smbserver, errp)) {
            return false;
        }
    }
    return true;
}

bool net_slirp_init(QnetContext *ctx, JsonObject *opts, const char *name,
                    NetClient *peer, Error **errp)
{
    NetSlirpConfig cfg;
    char net[INET_ADDRSTRLEN];

    if (!net_slirp_config_parse(opts, &cfg, errp)) {
        return false;
    }
    NetClient *nc = net_client_new(ctx, &net_slirp_info, peer, "user", name);
    inet_ntop(AF_INET, &cfg.net, net, sizeof(net));
    net_client_set_info_str(nc, "net=%s,restrict=%s", net,
                            cfg.restricted ? "on" : "off");

    bool ok = slirp_start(NET_CLIENT_UPCAST(NetSlirpState, nc), &cfg, errp);
    net_slirp_config_clear(&cfg);
    if (!ok) {
        net_client_free(nc);
    }
    return ok;
}
