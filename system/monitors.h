/* monitors.h: the program's -chardev, -monitor, -qmp, -qmp-pretty and -mon options: chardevs and monitors. */
#ifndef QNET_SYSTEM_MONITORS_H
#define QNET_SYSTEM_MONITORS_H

#include <glib.h>
#include <stdbool.h>

#include "qnet/qnet.h"
#include "util/error.h"

/*
 * The program's chardevs and monitors, created in QEMU 7.2's order:
 *   1. options are parsed as they are read (system_monitors_add());
 *   2. every chardev (-chardev, and those -monitor/-qmp imply) is created
 *      before the netdevs (system_monitors_create_chardevs());
 *   3. the monitors, in option order, after the netdevs and filter
 *      objects and before the devices (system_monitors_create_monitors()).
 * Errors carry the option as their prefix ("-mon chardev=nope: chardev
 * \"nope\" not found").  The chardev registry is also handed to the
 * filters (filter-mirror/redirector outdev=, indev=).
 */
typedef struct SystemMonitors SystemMonitors;

/*
 * Creates the set for @ctx.  @on_quit runs when a monitor command asks the
 * program to quit (HMP `quit`, QMP `quit`).
 */
SystemMonitors *system_monitors_new(QnetContext *ctx,
                                    void (*on_quit)(void *opaque),
                                    void *opaque);

/* True when @option (without its dash) is one of this file's options. */
bool system_monitors_is_option(const char *option);

/*
 * Takes one option: "chardev", "monitor", "qmp", "qmp-pretty" or "mon"
 * with its argument.  Parse errors are QEMU's ("-mon chardev=c0,bogus=1:
 * Invalid parameter 'bogus'", "-monitor foo: parse error: foo", "Duplicate
 * ID 'c0' for chardev").  When the argument asks for help ("-chardev
 * help"), returns true with the text in *@help (caller frees) and the
 * exit status in *@help_status (QEMU: 0 for the backend list, 1 for a
 * backend's options); the program prints it and exits.
 */
bool system_monitors_add(SystemMonitors *sm, const char *option,
                         const char *arg, char **help, int *help_status,
                         Error **errp);

/* Step 2: opens every chardev, in option order. */
bool system_monitors_create_chardevs(SystemMonitors *sm, Error **errp);

/*
 * Step 3: starts every monitor, in option order ("-mon chardev=c0,mode=
 * foo: Parameter 'mode' does not accept value 'foo'", "Device 'c0' is in
 * use", "'pretty' is not compatible with HMP monitors").
 */
bool system_monitors_create_monitors(SystemMonitors *sm, Error **errp);

/*
 * The program is ending for @reason ("host-signal" on SIGTERM/SIGINT):
 * QMP clients get the SHUTDOWN event, as from QEMU.
 */
void system_monitors_shutdown(SystemMonitors *sm, const char *reason);

/*
 * Sends what the monitors still have to write (bounded to about a second
 * of main-loop time), then stops and frees the monitors and the context's
 * monitor state.  Call after the main loop ended, before freeing the
 * context.  NULL is ignored.
 */
void system_monitors_stop(SystemMonitors *sm);

/*
 * Frees the chardevs and the rest.  Call after qnet_context_free(): the
 * filters and guestfwd rules of the context may use the chardevs until
 * then.  NULL is ignored.
 */
void system_monitors_free(SystemMonitors *sm);

#endif
