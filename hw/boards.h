/* boards.h: machine choice (-M / -machine) and the NICs a board creates for -net nic and -nic. */
#ifndef QNET_HW_BOARDS_H
#define QNET_HW_BOARDS_H

#include <glib.h>
#include <stdbool.h>

#include "net/context.h"
#include "util/error.h"

/*
 * Takes one -machine / -M argument ("q35", "q35,accel=tcg", "usb=on") and
 * merges it into the options given so far, as QEMU merges repeated
 * -machine options.  Call it for each -machine while reading the command
 * line: its errors are keyval syntax errors ("Expected '=' after parameter
 * 'usb'", "Invalid parameter ''"), which QEMU prefixes with the option
 * ("-M pc,usb: "); the caller adds that prefix.
 */
bool machine_opts_add(QnetContext *ctx, const char *arg, Error **errp);

/*
 * Creates the machine from the merged options (pc when none), before
 * netdevs are created.  Errors are QEMU's, without location:
 * "unsupported machine type" (hint "Use -machine help to list supported
 * machines"), "Property 'pc-q35-7.2-machine.foo' not found", "Parameter
 * 'usb' expects 'on' or 'off'", "invalid accelerator foo".  A deprecated
 * type logs QEMU's warning.  Without any call the machine is "pc".
 */
bool machine_realize(QnetContext *ctx, Error **errp);

/*
 * -nodefaults: the machine gets none of QEMU's default devices.  Without
 * it a VGA takes a PCI slot (00:02.0 on pc, 00:01.0 on q35), which moves
 * automatic PCI addresses as in QEMU.  Call before machine_realize().
 */
void machine_set_nodefaults(QnetContext *ctx, bool nodefaults);

/* machine_opts_add() then machine_realize(): one -M, all at once. */
bool machine_select(QnetContext *ctx, const char *arg, Error **errp);

/*
 * If @arg asks for help ("help", "?", "pc,help"), appends QEMU's text to
 * @out ("Supported machines are:" + list, or "<type>-machine options:" +
 * properties) and returns true.
 */
bool machine_help(const char *arg, GString *out);

/* The chosen machine type's full name ("pc-i440fx-7.2"). */
const char *machine_name(QnetContext *ctx);

/*
 * True when building the on-board NICs would stop at a model=help (or ?)
 * request: QEMU then prints @out ("Supported NIC models:" and the list) and
 * exits 0.  Call before machine_create_nics().
 */
bool machine_nic_help(QnetContext *ctx, GString *out);

/*
 * Instantiates the on-board NIC requests of ctx->nics (-net nic, -nic) in
 * table order, as the board does: the default model when none was given,
 * QEMU's automatic NIC names, the request's MAC.  Requests the machine
 * does not support stay un-instantiated.  Errors, without location as in
 * QEMU: "Unsupported NIC model: foo", "No primary PCI bus", "Invalid PCI
 * device address zz for device e1000", PCI slot conflicts.
 */
bool machine_create_nics(QnetContext *ctx, Error **errp);

/*
 * Logs QEMU's warning "requested NIC (NAME, model MODEL) was not created
 * (not supported by this machine?)" for each request left un-instantiated.
 */
void machine_warn_uninstantiated_nics(QnetContext *ctx);

#endif
