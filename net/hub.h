/* hub.h: hubs (QEMU's former "VLANs"): every frame goes to every other port. */
#ifndef QNET_NET_HUB_H
#define QNET_NET_HUB_H

#include "net/client.h"

typedef struct NetHub NetHub;

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
