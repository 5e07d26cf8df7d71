/* tap-helper.h: getting a tap from a bridge helper program (QEMU's helper protocol). */
#ifndef QNET_NET_TAP_HELPER_H
#define QNET_NET_TAP_HELPER_H

#include <stdbool.h>

#include "util/error.h"

/* The bridge a helper attaches to when br= is not given (QEMU's default). */
#define TAP_DEFAULT_BRIDGE "br0"

/*
 * Runs the bridge helper and returns the tap fd it passes back, or -1.
 *
 * The protocol is QEMU's: the helper gets one end of a socketpair and the
 * arguments `--use-vnet --fd=<that end> --br=<@bridge>`; it creates a tap,
 * puts it on the bridge and sends its fd as SCM_RIGHTS ancillary data with
 * at least one byte, then exits 0.  A @helper containing a space or tab is
 * a shell command: it runs as `sh -c "<helper> --use-vnet --fd=N [--br=BR]"`
 * (--br= left out when the command already has one).  The helper inherits
 * stdin, stdout and stderr, so its own messages reach the user.
 *
 * Errors: "bridge helper failed" (it exited non-zero or passed no fd),
 * "failed to recv file descriptor: ...", "socketpair() failed: ...",
 * "Can't fork bridge helper: ...".
 */
int tap_helper_run(const char *helper, const char *bridge, Error **errp);

/*
 * tap_helper_run(), then makes the fd non-blocking and tells in *@vnet_hdr
 * whether the helper's tap has IFF_VNET_HDR (TUNGETIFF errors as in
 * tap-linux.h).  Returns the fd or -1.
 */
int tap_helper_open(const char *helper, const char *bridge, bool *vnet_hdr,
                    Error **errp);

#endif
