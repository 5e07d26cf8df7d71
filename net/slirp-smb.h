/* slirp-smb.h: the smb= share of the user backend: a private smbd run per connection. */
#ifndef QNET_NET_SLIRP_SMB_H
#define QNET_NET_SLIRP_SMB_H

#include <netinet/in.h>
#include <stdbool.h>

#include <slirp/libslirp.h>

#include "util/error.h"

/* The smbd QEMU 7.2 is built to run (Debian's CONFIG_SMBD_COMMAND). */
#define NET_SLIRP_SMBD "/usr/sbin/smbd"

typedef struct NetSlirpSmb NetSlirpSmb;

/*
 * Checks that @smbd exists and @export_dir is readable, then writes a
 * private smb.conf in a new temporary directory: one share named "qemu"
 * for @export_dir, guest access as the current user, smbd bound to
 * 127.0.0.1 only, all its state kept in that directory.  Messages are
 * QEMU's.  Free with net_slirp_smb_free().
 */
NetSlirpSmb *net_slirp_smb_new(const char *smbd, const char *export_dir,
                               Error **errp);

/*
 * Makes the guest's connections to @server (0.0.0.0: libslirp's .4
 * address) ports 139 and 445 each run "smbd -l DIR -s DIR/smb.conf".
 */
bool net_slirp_smb_start(NetSlirpSmb *smb, Slirp *slirp,
                         struct in_addr server, Error **errp);

/* The temporary directory holding smb.conf and smbd's state. */
const char *net_slirp_smb_dir(const NetSlirpSmb *smb);

/* Removes the temporary directory and everything in it, and frees @smb. */
void net_slirp_smb_free(NetSlirpSmb *smb);

#endif
