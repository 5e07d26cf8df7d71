/* bridge-acl.h: the bridge helper's access list (bridge.conf): which bridges a user may join. */
#ifndef QNET_HELPER_BRIDGE_ACL_H
#define QNET_HELPER_BRIDGE_ACL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The file format is QEMU's bridge.conf, one rule a line:
 *   allow BRIDGE | allow all | deny BRIDGE | deny all | include FILE
 * '#' starts a comment line; blank lines are skipped.  Command and
 * argument are separated by a space or a tab; spaces around the argument
 * are trimmed.  A bridge name must be shorter than IFNAMSIZ.  An include
 * whose file is missing or bad is ignored (its rules read before the error
 * stay), as in QEMU; unlike QEMU, includes nest at most
 * BRIDGE_ACL_MAX_DEPTH deep (so a file including itself ends).
 */
#define BRIDGE_ACL_MAX_DEPTH 16

typedef enum BridgeAclType {
    BRIDGE_ACL_ALLOW,
    BRIDGE_ACL_ALLOW_ALL,
    BRIDGE_ACL_DENY,
    BRIDGE_ACL_DENY_ALL,
} BridgeAclType;

typedef struct BridgeAclRule {
    BridgeAclType type;
    char iface[IFNAMSIZ];        /* ALLOW / DENY only */
} BridgeAclRule;

typedef struct BridgeAcl {
    BridgeAclRule *rules;
    size_t count, cap;
} BridgeAcl;

/*
 * Appends the rules of @path to @acl.  Returns 0, or -1 when the file
 * cannot be opened or has a bad line; bad lines are explained on @err
 * ("Invalid config line:", "name `%s' too long: %zu", "Unknown command
 * `%s'").
 */
int bridge_acl_parse_file(BridgeAcl *acl, const char *path, FILE *err);

/*
 * The decision: some rule allows @bridge (allow BRIDGE or allow all) and
 * none denies it (deny BRIDGE or deny all).  Deny wins; no rule denies.
 */
bool bridge_acl_allows(const BridgeAcl *acl, const char *bridge);

/* Frees the rules (the struct itself is the caller's). */
void bridge_acl_clear(BridgeAcl *acl);

#endif
