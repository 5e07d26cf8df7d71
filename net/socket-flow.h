/* socket-flow.h: keeping frames in order when a socket backend holds and resumes (shared by socket, stream, dgram). */
#ifndef QNET_NET_SOCKET_FLOW_H
#define QNET_NET_SOCKET_FLOW_H

#include "net/client.h"

/*
 * The core delivers straight to a receiver that says it can receive, even
 * when older frames still wait in that receiver's queue, and its flush
 * serves a hub's other ports before the receiver's own queue (as QEMU's
 * does).  Both can put a newer frame on the wire before an older one.  The
 * socket backends therefore refuse direct delivery while their queue holds
 * anything, and drain their own queue first when they resume.
 */

/* False while frames wait in @nc's queue (NetClientInfo.can_receive). */
bool socket_flow_can_receive(NetClient *nc);

/*
 * @nc can take frames again: delivers its own queue in order, then (if
 * that emptied it) lets the core flush the rest (hub ports, receive flag).
 */
void socket_flow_resume(NetClient *nc);

#endif
