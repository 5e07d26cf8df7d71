/* socket-flow.c: keeping frames in order when a socket backend holds and resumes (shared by socket, stream, dgram). */
#include "net/socket-flow.h"

#include "net/queue.h"

bool socket_flow_can_receive(NetClient *nc)
{
    return net_queue_length(nc->incoming_queue) == 0;
}

void socket_flow_resume(NetClient *nc)
{
    nc->receive_disabled = false;
    if (net_queue_flush(nc->incoming_queue)) {
        net_client_flush(nc);
    }
}
