/* qmp-cmd-hub.c: x-qnet-hub-set: a hub's forwarding mode at run time (beyond QEMU). */
#include "monitor/qmp-commands.h"

#include "net/context.h"
#include "net/hub.h"

/*
 * {"hubid": N, "mode": "learning"|"flood", "ageing": SECONDS}: what
 * -x-qnet-hub sets, now and for the hub's later incarnations.  Omitted
 * members keep the hub's current value (ageing: its current one or 300).
 */
static JsonNode *qmp_hub_set(QnetContext *ctx, JsonObject *args, Error **errp)
{
    int64_t id = qmp_arg_int(args, "hubid", -1);
    if (!net_hub_check_id((uint64_t)id, errp)) {
        return NULL;
    }
    NetHubStatus status;
    NetHubSettings st = { (int)id, NET_HUB_FLOOD, NET_HUB_DEFAULT_AGEING };
    if (net_hub_status(ctx, (int)id, &status)) {
        st = status.settings;
    }
    const char *mode = qmp_arg_str(args, "mode");
    if (mode && !net_hub_mode_parse(mode, &st.mode, errp)) {
        return NULL;
    }
    int64_t ageing = qmp_arg_int(args, "ageing", st.ageing);
    if (!net_hub_check_ageing(ageing < 0 ? 0 : (uint64_t)ageing, errp)) {
        return NULL;
    }
    st.ageing = (unsigned)ageing;
    net_hub_apply_settings(ctx, &st);
    return qmp_return_empty();
}

static const QmpArgSpec hub_set_args[] = {
    { "hubid", QMP_ARG_INT, false },
    { "mode", QMP_ARG_STR, true },
    { "ageing", QMP_ARG_INT, true },
    { NULL },
};

const QmpCommand qmp_hub_commands[] = {
    { "x-qnet-hub-set", hub_set_args, false, qmp_hub_set },
    { NULL },
};
