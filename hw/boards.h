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
 * -machine options; then (re)creates the machine from them.  Call it for
 * each -machine in command-line order, before netdevs are created.
 * Errors are QEMU's: "Expected '=' after parameter 'usb'", "unsupported
 * machine type" (with the hint "Use -machine help to list supported
 * machines"), "Property 'pc-q35-7.2-machine.foo' not found", "Parameter
 * 'usb' expects 'on' or 'off'", "invalid accelerator foo".  A deprecated
 * type logs QEMU's warning.  Without any call the machine is "pc".
 */
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
