/* config.h: the networking options of a command line and building the graph from them. */
#ifndef QNET_SYSTEM_CONFIG_H
#define QNET_SYSTEM_CONFIG_H

#include "net/context.h"

typedef struct SystemConfig SystemConfig;

SystemConfig *system_config_new(void);
void system_config_free(SystemConfig *cfg);

/*
 * Takes one option ("netdev", "net", "nic", "device", "object", "machine"
 * or "M", "nodefaults", "usb"); @arg is NULL for options without argument.
 * Errors carry the option as their "-netdev ...: " prefix where QEMU's do.
 */
bool system_config_add(QnetContext *ctx, const char *option, const char *arg,
                       Error **errp);

/*
 * If @option/@arg asks for help (`-netdev help`, `-device help`,
 * `-device e1000,help`, `-M help`), appends the text to print to @out and
 * returns true; the program then exits 0.  @errp may be set as well (QEMU
 * prints "Device 'foo' not found" for `-device foo,help` and still exits 0).
 */
bool system_config_help(const char *option, const char *arg, GString *out,
                        Error **errp);

/*
 * First half of building the graph, what QEMU does before its monitor
 * exists: the machine choice, then netdevs, -nic and -net (with the default
 * network when no net option was given), then -object filters.
 */
bool system_config_realize_net(QnetContext *ctx, Error **errp);

/*
 * Second half: the board's NICs and -device NICs, then
 * QEMU's start-up warnings through the log.  When an on-board NIC request
 * asks for model=help, returns false with @errp unset and the list in
 * @help (QEMU prints it and exits 0).
 */
bool system_config_realize_devices(QnetContext *ctx, GString *help,
                                   Error **errp);

#endif
