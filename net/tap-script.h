/* tap-script.h: running a tap's ifup/ifdown script (script=, downscript=) as QEMU does. */
#ifndef QNET_NET_TAP_SCRIPT_H
#define QNET_NET_TAP_SCRIPT_H

#include <stdbool.h>

#include "util/error.h"

/* QEMU's defaults for script= and downscript=. */
#define TAP_DEFAULT_SCRIPT "/etc/qemu-ifup"
#define TAP_DEFAULT_DOWNSCRIPT "/etc/qemu-ifdown"

/* True when @script names a script to run: not NULL, "" or "no". */
bool tap_script_wanted(const char *script);

/*
 * Runs @script with the interface name @ifname as its only argument and
 * waits for it (the main loop stands still meanwhile, as in QEMU).  The
 * script inherits stdin, stdout and stderr and no other descriptor.
 * Errors, in QEMU's words, with the raw wait status (exit 1 is 256):
 * "network script %s failed with status %d" (also when it cannot be
 * executed) and "could not launch network script %s: ..." (fork failed).
 */
bool tap_script_run(const char *script, const char *ifname, Error **errp);

#endif
