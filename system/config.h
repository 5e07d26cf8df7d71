/* config.h: the networking options of a command line and building the graph from them. */
#ifndef QNET_SYSTEM_CONFIG_H
#define QNET_SYSTEM_CONFIG_H

#include "net/context.h"

typedef struct SystemConfig SystemConfig;

SystemConfig *system_config_new(void);
void system_config_free(SystemConfig *cfg);

/*
 * Takes one option ("netdev", "net", "nic", "device", "object", "machine",
 * "nodefaults"); @arg is NULL for options without argument.
 */
bool system_config_add(QnetContext *ctx, const char *option, const char *arg,
                       Error **errp);

/*
 * If @option/@arg asks for help (`-netdev help`, `-nic model=help`,
 * `-device help`, `-device e1000,help`, `-M help`), returns the text to
 * print (the program then exits 0); otherwise NULL.
 */
char *system_config_help(const char *option, const char *arg);

/*
 * First half of building the graph, what QEMU does before its monitor
 * exists: the machine choice, then netdevs, -nic and -net (with the default
 * network when no net option was given).
 */
bool system_config_realize_net(QnetContext *ctx, Error **errp);

/*
 * Second half: filter objects, the board's NICs and -device NICs, then
 * QEMU's start-up warnings through the log.
 */
bool system_config_realize_devices(QnetContext *ctx, Error **errp);

#endif
