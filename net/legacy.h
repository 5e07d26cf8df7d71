/* legacy.h: on-board NIC requests from -net nic and -nic, for the board to create. */
#ifndef QNET_NET_LEGACY_H
#define QNET_NET_LEGACY_H

#include "net/client.h"
#include "net/mac.h"

/* QEMU caps legacy on-board NIC requests at 8. */
#define MAX_NICS 8

/*
 * One -net nic / -nic request.  The board turns each into a device of
 * @model (or its default model) peered with @netdev.
 */
typedef struct NICInfo {
    MACAddr macaddr;
    bool mac_set;
    char *model;        /* NULL: the board's default */
    char *name;         /* the -net nic id=, or NULL */
    char *devaddr;      /* addr= (PCI address), or NULL */
    NetClient *netdev;  /* the backend or hub port to peer with */
    uint32_t nvectors;  /* vectors=, or NIC_NVECTORS_UNSPECIFIED */
    bool used;
    bool instantiated;  /* set by the board when it created the device */
} NICInfo;

#define NIC_NVECTORS_UNSPECIFIED (UINT32_MAX)

/* The requests, in command-line order. */
typedef struct NICTable {
    NICInfo nd[MAX_NICS];
    int count;
} NICTable;

NICTable *net_nic_table(QnetContext *ctx);

#endif
