/* bridge-helper.c: qnet-bridge-helper: puts a new tap on a host bridge for qnet or QEMU, speaking QEMU's helper protocol. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "helper/bridge-acl.h"
#include "helper/bridge-tap.h"
#include "qnet-config.h"

/* qnet's own file (QEMU's helper reads /etc/qemu/bridge.conf). */
#define DEFAULT_ACL_FILE QNET_SYSCONFDIR "/qnet/bridge.conf"

/* Another ACL file, for tests; refused when run with raised privileges. */
#define ACL_ENV "QNET_BRIDGE_HELPER_ACL"

typedef struct HelperArgs {
    bool use_vnet;
    const char *bridge;
    int unixfd;
    const char *acl;         /* --acl=, or NULL */
} HelperArgs;

static void usage(FILE *out)
{
    fprintf(out, "Usage: qnet-bridge-helper [--use-vnet] --br=bridge "
            "--fd=unixfd [--acl=file]\n");
}

/* --help: the usage and the ACL file this helper reads (for admins). */
static void help(void)
{
    usage(stdout);
    printf("Creates a tap, adds it to the bridge and passes its fd back over\n"
           "the unix socket unixfd (QEMU's bridge helper protocol).\n"
           "Access list: %s\n", DEFAULT_ACL_FILE);
}

static int parse_fd(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return end == s || *end || errno || v < 0 || v > 0x7fffffff ? -1 : (int)v;
}

static bool parse_args(int argc, char **argv, HelperArgs *a)
{
    memset(a, 0, sizeof(*a));
    a->unixfd = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--use-vnet") == 0) {
            a->use_vnet = true;
        } else if (strncmp(argv[i], "--br=", 5) == 0) {
            a->bridge = argv[i] + 5;
        } else if (strncmp(argv[i], "--fd=", 5) == 0) {
            a->unixfd = parse_fd(argv[i] + 5);
        } else if (strncmp(argv[i], "--acl=", 6) == 0) {
            a->acl = argv[i] + 6;
        } else {
            return false;
        }
    }
    return a->bridge && a->unixfd >= 0;
}

/*
 * Installed setuid root and run by a user: become that user again and keep
 * only CAP_NET_ADMIN, which is all the tap and bridge ioctls need (QEMU's
 * helper does the same).  With file capabilities there is nothing to drop.
 */
static bool drop_privileges(void)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (geteuid() != 0 || uid == 0) {
        return true;
    }
    if (prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) < 0 ||
        setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) {
        return false;
    }
    struct __user_cap_header_struct hdr = {
        .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
    };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    memset(data, 0, sizeof(data));
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective = CAP_TO_MASK(CAP_NET_ADMIN);
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted = CAP_TO_MASK(CAP_NET_ADMIN);
    if (syscall(SYS_capset, &hdr, data) < 0) {
        return false;
    }
    return prctl(PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L) == 0;
}

/* The ACL file to read, or NULL (explained) when the choice is refused. */
static const char *acl_path(const HelperArgs *a, bool *is_default)
{
    const char *chosen = a->acl ? a->acl : getenv(ACL_ENV);
    *is_default = !chosen;
    if (!chosen) {
        return DEFAULT_ACL_FILE;
    }
    /* AT_SECURE: setuid, setgid or file capabilities raised our rights. */
    if (getauxval(AT_SECURE)) {
        fprintf(stderr, "an acl file other than `%s' can only be chosen when "
                "the helper runs without raised privileges\n",
                DEFAULT_ACL_FILE);
        return NULL;
    }
    return chosen;
}

static bool check_acl(const HelperArgs *a)
{
    bool is_default;
    const char *path = acl_path(a, &is_default);
    if (!path) {
        return false;
    }
    BridgeAcl acl = { 0 };
    if (bridge_acl_parse_file(&acl, path, stderr) < 0) {
        fprintf(stderr, "failed to parse %sacl file `%s'\n",
                is_default ? "default " : "", path);
        bridge_acl_clear(&acl);
        return false;
    }
    bool ok = bridge_acl_allows(&acl, a->bridge);
    bridge_acl_clear(&acl);
    if (!ok) {
        fprintf(stderr, "access denied by acl file\n");
    }
    return ok;
}

int main(int argc, char **argv)
{
    /*
     * Opened before privileges go, so a 0600 /dev/net/tun works too; the fd
     * is of no use until the ACL allows the bridge (TUNSETIFF needs
     * CAP_NET_ADMIN anyway).
     */
    int tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    int tun_errno = errno;
    if (!drop_privileges()) {
        fprintf(stderr, "failed to drop privileges\n");
        return EXIT_FAILURE;
    }
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        help();
        return EXIT_SUCCESS;
    }
    HelperArgs a;
    if (!parse_args(argc, argv, &a)) {
        usage(stderr);
        return EXIT_FAILURE;
    }
    if (strlen(a.bridge) >= IFNAMSIZ) {
        fprintf(stderr, "name `%s' too long: %zu\n", a.bridge,
                strlen(a.bridge));
        return EXIT_FAILURE;
    }
    if (!check_acl(&a)) {
        return EXIT_FAILURE;
    }
    if (tun < 0) {
        fprintf(stderr, "failed to open /dev/net/tun: %s\n",
                strerror(tun_errno));
        return EXIT_FAILURE;
    }
    int fd = bridge_tap_create(tun, a.bridge, a.use_vnet, stderr);
    if (fd < 0 || !bridge_tap_send_fd(a.unixfd, fd, stderr)) {
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
