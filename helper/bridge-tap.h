/* bridge-tap.h: the bridge helper's privileged work: a tap, put on a bridge and brought up. */
#ifndef QNET_HELPER_BRIDGE_TAP_H
#define QNET_HELPER_BRIDGE_TAP_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Makes the open /dev/net/tun fd @tun (taken over) a tap ("tap%d",
 * IFF_VNET_HDR when @use_vnet and the kernel has it), gives it the bridge's MTU and a MAC starting with 0xfe (Linux gives
 * a bridge the lowest MAC of its ports, so a high one keeps the bridge's
 * address stable), adds it to @bridge and brings it up.  Returns the tap
 * fd, or -1 after explaining on @err in the words of QEMU's helper
 * ("failed to add interface `%s' to bridge `%s': %s", ...).
 */
int bridge_tap_create(int tun, const char *bridge, bool use_vnet, FILE *err);

/* Sends @fd with one byte over the unix socket @sock (SCM_RIGHTS). */
bool bridge_tap_send_fd(int sock, int fd, FILE *err);

#endif
