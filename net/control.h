/* control.h: runtime operations on the graph: set_link, netdev_del, listing. */
#ifndef QNET_NET_CONTROL_H
#define QNET_NET_CONTROL_H

#include "net/client.h"

/*
 * Sets the link of every client named @name (a NIC or a netdev, all its
 * queues) and, when the peer is a NIC, of the peer too.  Error
 * (DeviceNotFound): "Device '%s' not found".
 */
bool net_set_link(QnetContext *ctx, const char *name, bool up, Error **errp);

/*
 * Deletes netdev @id (every queue of it) with its filters.  A NIC peer
 * loses its peer and sees its link go down.  Unlike QEMU 7.2, nothing of
 * the deleted netdev stays listed.  Errors: "Device '%s' not found"
 * (DeviceNotFound), "Device '%s' is not a netdev".
 */
bool net_netdev_del(QnetContext *ctx, const char *id, Error **errp);

#endif
