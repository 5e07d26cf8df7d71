/* hub-settings.c: the -x-qnet-hub option (beyond QEMU): how a hub forwards. */
#include "net/hub.h"

#include <inttypes.h>
#include <string.h>

#include "qapi/numbers.h"
#include "util/qemu-opts.h"

/* The longest ageing time 802.1D-2004 allows (Table 7-5): 1,000,000 s. */
#define MAX_AGEING 1000000

static bool check_range(const char *key, uint64_t n, uint64_t min,
                        uint64_t max, Error **errp)
{
    if (n < min || n > max) {
        error_setg(errp, "Parameter '%s' expects a number from %" PRIu64
                   " to %" PRIu64, key, min, max);
        return false;
    }
    return true;
}

/* A number from the option text; out of every range when it is not one. */
static uint64_t parse_number(const char *value)
{
    uint64_t n;
    return qapi_parse_uint(value, &n) < 0 ? UINT64_MAX : n;
}

bool net_hub_mode_parse(const char *text, NetHubMode *mode, Error **errp)
{
    if (strcmp(text, "flood") == 0) {
        *mode = NET_HUB_FLOOD;
    } else if (strcmp(text, "learning") == 0) {
        *mode = NET_HUB_LEARNING;
    } else {
        error_setg(errp, "Parameter 'mode' expects 'flood' or 'learning'");
        return false;
    }
    return true;
}

const char *net_hub_mode_name(NetHubMode mode)
{
    return mode == NET_HUB_LEARNING ? "learning" : "flood";
}

bool net_hub_check_ageing(uint64_t seconds, Error **errp)
{
    return check_range("ageing", seconds, 1, MAX_AGEING, errp);
}

bool net_hub_check_id(uint64_t id, Error **errp)
{
    return check_range("hubid", id, 0, G_MAXINT32, errp);
}

static bool parse_element(const char *key, const char *value,
                          NetHubSettings *st, bool *has_id, Error **errp)
{
    uint64_t n;

    if (strcmp(key, "hubid") == 0) {
        n = parse_number(value);
        if (!net_hub_check_id(n, errp)) {
            return false;
        }
        st->id = (int)n;
        *has_id = true;
    } else if (strcmp(key, "mode") == 0) {
        return net_hub_mode_parse(value, &st->mode, errp);
    } else if (strcmp(key, "ageing") == 0) {
        n = parse_number(value);
        if (!net_hub_check_ageing(n, errp)) {
            return false;
        }
        st->ageing = (unsigned)n;
    } else {
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    return true;
}

bool net_hub_parse_settings(const char *arg, NetHubSettings *settings,
                            Error **errp)
{
    QemuOptsList *list = qemu_opts_list_new("x-qnet-hub", "hubid");
    QemuOpts *opts = qemu_opts_parse(list, arg, NULL, NULL, errp);
    NetHubSettings st = { 0, NET_HUB_LEARNING, NET_HUB_DEFAULT_AGEING };
    bool has_id = false, ok = opts != NULL;

    if (ok && qemu_opts_id(opts)) {
        error_setg(errp, "Invalid parameter 'id'");
        ok = false;
    }
    for (size_t i = 0; ok && i < qemu_opts_count(opts); i++) {
        ok = parse_element(qemu_opts_key(opts, i), qemu_opts_value(opts, i),
                           &st, &has_id, errp);
    }
    if (ok && !has_id) {
        error_setg(errp, "Parameter 'hubid' is missing");
        ok = false;
    }
    qemu_opts_list_free(list);
    if (ok) {
        *settings = st;
    }
    return ok;
}
