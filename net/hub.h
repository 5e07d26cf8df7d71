/* hub.h: hubs (QEMU's former "VLANs"): every frame goes to every other port. */
#ifndef QNET_NET_HUB_H
#define QNET_NET_HUB_H

#include "net/client.h"

typedef struct NetHub NetHub;

/*
 * How a hub forwards.  FLOOD is QEMU's hub: every frame to every other
 * port.  LEARNING (beyond QEMU) is a learning bridge (IEEE 802.1D-2004
 * 7.7-7.9): it learns which port each source address is behind and sends
 * a frame to a known unicast destination through that port only; group
 * destinations and unknown ones are flooded as before.
 */
typedef enum NetHubMode {
    NET_HUB_FLOOD,
    NET_HUB_LEARNING,
} NetHubMode;

/* 802.1D-2004's recommended ageing time (Table 7-5), as Linux bridges use. */
#define NET_HUB_DEFAULT_AGEING 300

typedef struct NetHubSettings {
    int id;
    NetHubMode mode;
    unsigned ageing;     /* seconds a learned address is kept unseen */
} NetHubSettings;

/* What a hub did with the frames it got; counted in both modes. */
typedef struct NetHubStats {
    uint64_t flooded;     /* sent to every other port */
    uint64_t forwarded;   /* sent to the one port the destination is behind */
    uint64_t filtered;    /* destination is behind the port it came from */
    uint64_t not_learned; /* source not learned: the table was full */
} NetHubStats;

typedef struct NetHubStatus {
    NetHubSettings settings;
    NetHubStats stats;
    unsigned fdb_entries;
} NetHubStatus;

/*
 * Sets how hub @settings->id forwards: at once if it exists, and whenever
 * it is (re)created.  Switching to FLOOD forgets what was learned.
 */
void net_hub_apply_settings(QnetContext *ctx, const NetHubSettings *settings);

/*
 * Parses the argument of -x-qnet-hub: "[hubid=]N[,mode=flood|learning]
 * [,ageing=SECONDS]" (mode defaults to learning).
 */
bool net_hub_parse_settings(const char *arg, NetHubSettings *settings,
                            Error **errp);

/* The pieces of the settings, for other front ends (QMP). */
bool net_hub_mode_parse(const char *text, NetHubMode *mode, Error **errp);
const char *net_hub_mode_name(NetHubMode mode);
bool net_hub_check_ageing(uint64_t seconds, Error **errp);
bool net_hub_check_id(uint64_t id, Error **errp);

/* Fills @status for hub @hub_id; false if there is no such hub. */
bool net_hub_status(QnetContext *ctx, int hub_id, NetHubStatus *status);

/* What net_hub_foreach_station() calls: a learned address and its port. */
typedef void NetHubStationFunc(const uint8_t mac[6], NetClient *port,
                               unsigned age_seconds, void *opaque);

/* Calls @fn for every address hub @hub_id has learned. */
void net_hub_foreach_station(QnetContext *ctx, int hub_id,
                             NetHubStationFunc *fn, void *opaque);

/*
 * Adds a port to hub @hub_id (created on first use).  @name NULL gives
 * "hub<H>port<P>".  @peer, if non-NULL, is peered with the port.
 */
NetClient *net_hub_add_port(QnetContext *ctx, int hub_id, const char *name,
                            NetClient *peer);

/* The hub id @nc's port belongs to, or false if @nc is no hub port. */
bool net_hub_id_of_port(NetClient *nc, int *hub_id);

/* The hub id of @nc's peer when it is a hub port (for `info usernet`). */
bool net_hub_id_of_peer(NetClient *nc, int *hub_id);

/* Flushes the queues of every port of @port's hub except @port itself. */
void net_hub_flush_others(NetClient *port);

/* QEMU's start-up warnings about hubs, through the context log. */
void net_hub_check_clients(QnetContext *ctx);

/* Appends the hubs part of `info network`. */
void net_hub_info(QnetContext *ctx, GString *out);

/* Removes a hub port from its hub (called when the port is freed). */
void net_hub_remove_port(NetClient *port);

/* Frees hubs with no ports left. */
void net_hub_free_all(QnetContext *ctx);

#endif
