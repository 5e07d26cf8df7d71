/* tap-opts.c: the options of the tap netdev, their defaults and QEMU's conflict checks. */
#include "net/tap-opts.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "net/tap-helper.h"
#include "net/tap-script.h"
#include "qapi/access.h"

/*
 * fds=a:b:c into its entries as QEMU splits it: a trailing ':' adds
 * nothing, an empty middle entry stays (and is then an invalid number),
 * entries past TAP_MAX_QUEUES are ignored.
 */
static char **split_fds(const char *str)
{
    GPtrArray *out = g_ptr_array_new();
    const char *p = str;
    while (*p && out->len < TAP_MAX_QUEUES) {
        const char *colon = strchr(p, ':');
        if (!colon) {
            g_ptr_array_add(out, g_strdup(p));
            break;
        }
        g_ptr_array_add(out, g_strndup(p, (gsize)(colon - p)));
        p = colon + 1;
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

int tap_parse_fd(const char *str, Error **errp)
{
    char *end;
    errno = 0;
    long fd = strtol(str, &end, 10);
    if (end == str || errno || *end || fd < 0 || fd > INT_MAX) {
        error_setg(errp, "Invalid file descriptor number '%s'", str);
        return -1;
    }
    return (int)fd;
}

static bool any_of(JsonObject *opts, const char *const *keys)
{
    for (; *keys; keys++) {
        if (qapi_has(opts, *keys)) {
            return true;
        }
    }
    return false;
}

static bool parse_fd_mode(JsonObject *opts, TapOptions *o, Error **errp)
{
    static const char *const bad[] = { "ifname", "script", "downscript",
        "vnet_hdr", "helper", "queues", "fds", "vhostfds", NULL };
    if (any_of(opts, bad)) {
        error_setg(errp, "ifname=, script=, downscript=, vnet_hdr=, helper=, "
                   "queues=, fds=, and vhostfds= are invalid with fd=");
        return false;
    }
    o->mode = TAP_MODE_FD;
    o->fds = g_new0(char *, 2);
    o->fds[0] = g_strdup(qapi_get_str(opts, "fd", ""));
    return true;
}

static bool parse_fds_mode(JsonObject *opts, TapOptions *o, Error **errp)
{
    static const char *const bad[] = { "ifname", "script", "downscript",
        "vnet_hdr", "helper", "queues", "vhostfd", NULL };
    if (any_of(opts, bad)) {
        error_setg(errp, "ifname=, script=, downscript=, vnet_hdr=, helper=, "
                   "queues=, and vhostfd= are invalid with fds=");
        return false;
    }
    o->mode = TAP_MODE_FDS;
    o->fds = split_fds(qapi_get_str(opts, "fds", ""));
    if (qapi_has(opts, "vhostfds")) {
        g_auto(GStrv) vhostfds = split_fds(qapi_get_str(opts, "vhostfds", ""));
        if (g_strv_length(vhostfds) != g_strv_length(o->fds)) {
            error_setg(errp, "The number of fds passed does not match the "
                       "number of vhostfds passed");
            return false;
        }
    }
    if (!o->fds[0]) {
        /* QEMU 7.2 asserts here; an empty list names no valid fd. */
        error_setg(errp, "Invalid file descriptor number ''");
        return false;
    }
    return true;
}

static bool parse_helper_mode(JsonObject *opts, TapOptions *o, Error **errp)
{
    static const char *const bad[] = { "ifname", "script", "downscript",
        "vnet_hdr", "queues", "vhostfds", NULL };
    if (any_of(opts, bad)) {
        error_setg(errp, "ifname=, script=, downscript=, vnet_hdr=, queues=, "
                   "and vhostfds= are invalid with helper=");
        return false;
    }
    o->mode = TAP_MODE_HELPER;
    o->helper = qapi_get_str(opts, "helper", NULL);
    o->br = qapi_get_str(opts, "br", TAP_DEFAULT_BRIDGE);
    return true;
}

static bool parse_open_mode(JsonObject *opts, TapOptions *o, Error **errp)
{
    if (qapi_has(opts, "vhostfds")) {
        error_setg(errp, "vhostfds= is invalid if fds= wasn't specified");
        return false;
    }
    o->mode = TAP_MODE_OPEN;
    o->queues = (unsigned)qapi_get_uint(opts, "queues", 1);
    if (o->queues == 0) {
        /* QEMU 7.2 asserts here (docs/tap.md). */
        error_setg(errp, "queues=0 is invalid: a tap has at least one queue");
        return false;
    }
    o->ifname = qapi_get_str(opts, "ifname", NULL);
    o->script = qapi_get_str(opts, "script", TAP_DEFAULT_SCRIPT);
    o->downscript = qapi_get_str(opts, "downscript", TAP_DEFAULT_DOWNSCRIPT);
    o->vnet_hdr = qapi_get_bool(opts, "vnet_hdr", true);
    o->vnet_hdr_required = qapi_get_bool(opts, "vnet_hdr", false);
    return true;
}

static void parse_common(JsonObject *opts, TapOptions *o)
{
    o->has_sndbuf = qapi_has(opts, "sndbuf");
    o->sndbuf = qapi_get_uint(opts, "sndbuf", 0);
    o->has_vhostfd = qapi_has(opts, "vhostfd") || qapi_has(opts, "vhostfds");
    bool force = qapi_get_bool(opts, "vhostforce", false);
    /* QEMU: vhost= decides when given; else a vhostfd or vhostforce=on. */
    o->vhost = qapi_has(opts, "vhost") ? qapi_get_bool(opts, "vhost", false)
                                       : o->has_vhostfd || force;
    o->vhost_required = force || o->has_vhostfd;
}

bool tap_options_parse(JsonObject *opts, bool behind_hub, TapOptions *o,
                       Error **errp)
{
    memset(o, 0, sizeof(*o));
    parse_common(opts, o);
    if (behind_hub && (qapi_has(opts, "queues") || qapi_has(opts, "fds") ||
                       qapi_has(opts, "vhostfds"))) {
        error_setg(errp, "Multiqueue tap cannot be used with hubs");
        return false;
    }
    if (qapi_has(opts, "fd")) {
        return parse_fd_mode(opts, o, errp);
    }
    if (qapi_has(opts, "fds")) {
        return parse_fds_mode(opts, o, errp);
    }
    if (qapi_has(opts, "helper")) {
        return parse_helper_mode(opts, o, errp);
    }
    return parse_open_mode(opts, o, errp);
}

void tap_options_clear(TapOptions *o)
{
    g_strfreev(o->fds);
    o->fds = NULL;
}

bool tap_options_check_vhost(const TapOptions *o, bool *warn_vhost,
                             Error **errp)
{
    *warn_vhost = false;
    if (!o->vhost) {
        if (o->has_vhostfd) {
            error_setg(errp, "vhostfd(s)= is not valid without vhost");
            return false;
        }
        return true;
    }
    if (o->vhost_required) {
        error_setg(errp, "qnet has no vhost-net; use vhost=off");
        return false;
    }
    *warn_vhost = true;
    return true;
}
