/* bridge-acl.c: the bridge helper's access list (bridge.conf): which bridges a user may join. */
#include "helper/bridge-acl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int parse_file(BridgeAcl *acl, const char *path, FILE *err,
                      int depth);

static void add_rule(BridgeAcl *acl, BridgeAclType type, const char *iface)
{
    if (acl->count == acl->cap) {
        size_t cap = acl->cap ? acl->cap * 2 : 8;
        BridgeAclRule *rules = realloc(acl->rules, cap * sizeof(*rules));
        if (!rules) {
            abort();
        }
        acl->rules = rules;
        acl->cap = cap;
    }
    BridgeAclRule *r = &acl->rules[acl->count++];
    memset(r, 0, sizeof(*r));
    r->type = type;
    if (iface) {
        snprintf(r->iface, sizeof(r->iface), "%s", iface);
    }
}

static char *skip_space(char *p)
{
    while (isspace((unsigned char)*p)) {
        p++;
    }
    return p;
}

static void trim_end(char *p)
{
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1])) {
        p[--n] = '\0';
    }
}

/* One non-comment line; 0 or -1 (explained on @err). */
static int parse_line(BridgeAcl *acl, char *line, FILE *err, int depth)
{
    char *cmd = skip_space(line);
    char *arg = cmd + strcspn(cmd, " \t");
    if (!*arg) {
        trim_end(cmd);
        fprintf(err, "Invalid config line:\n  %s\n", cmd);
        return -1;
    }
    *arg++ = '\0';
    arg = skip_space(arg);
    trim_end(arg);
    bool include = strcmp(cmd, "include") == 0;
    if (!include && strlen(arg) >= IFNAMSIZ) {
        fprintf(err, "name `%s' too long: %zu\n", arg, strlen(arg));
        return -1;
    }
    bool all = strcmp(arg, "all") == 0;
    if (strcmp(cmd, "allow") == 0) {
        add_rule(acl, all ? BRIDGE_ACL_ALLOW_ALL : BRIDGE_ACL_ALLOW,
                 all ? NULL : arg);
    } else if (strcmp(cmd, "deny") == 0) {
        add_rule(acl, all ? BRIDGE_ACL_DENY_ALL : BRIDGE_ACL_DENY,
                 all ? NULL : arg);
    } else if (include) {
        /* A bad included file is ignored, as in QEMU. */
        if (depth < BRIDGE_ACL_MAX_DEPTH) {
            parse_file(acl, arg, err, depth + 1);
        }
    } else {
        fprintf(err, "Unknown command `%s'\n", cmd);
        return -1;
    }
    return 0;
}

static int parse_file(BridgeAcl *acl, const char *path, FILE *err,
                      int depth)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        return -1;
    }
    char *line = NULL;
    size_t size = 0;
    int ret = 0;
    while (ret == 0 && getline(&line, &size, f) >= 0) {
        char *p = skip_space(line);
        if (*p == '#' || *p == '\0') {
            continue;
        }
        ret = parse_line(acl, line, err, depth);
    }
    free(line);
    fclose(f);
    return ret;
}

int bridge_acl_parse_file(BridgeAcl *acl, const char *path, FILE *err)
{
    return parse_file(acl, path, err, 0);
}

bool bridge_acl_allows(const BridgeAcl *acl, const char *bridge)
{
    bool allowed = false, denied = false;
    for (size_t i = 0; i < acl->count; i++) {
        const BridgeAclRule *r = &acl->rules[i];
        bool match = strcmp(r->iface, bridge) == 0;
        switch (r->type) {
        case BRIDGE_ACL_ALLOW_ALL:
            allowed = true;
            break;
        case BRIDGE_ACL_ALLOW:
            allowed |= match;
            break;
        case BRIDGE_ACL_DENY_ALL:
            denied = true;
            break;
        case BRIDGE_ACL_DENY:
            denied |= match;
            break;
        }
    }
    return allowed && !denied;
}

void bridge_acl_clear(BridgeAcl *acl)
{
    free(acl->rules);
    acl->rules = NULL;
    acl->count = acl->cap = 0;
}
