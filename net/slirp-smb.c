/* slirp-smb.c: the smb= share of the user backend: a private smbd run per connection. */
#include "net/slirp-smb.h"

#include <errno.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

struct NetSlirpSmb {
    char *dir;
    char *command;
};

/* smb.conf: share "qemu"; every path smbd writes is inside @dir. */
static char *smb_conf_text(const char *dir, const char *export_dir,
                           const char *user)
{
    return g_strdup_printf(
        "[global]\n"
        "interfaces = 127.0.0.1\n"
        "bind interfaces only = yes\n"
        "private dir = %1$s\n"
        "pid directory = %1$s\n"
        "lock directory = %1$s\n"
        "state directory = %1$s\n"
        "cache directory = %1$s\n"
        "ncalrpc dir = %1$s/ncalrpc\n"
        "log file = %1$s/log.smbd\n"
        "smb passwd file = %1$s/smbpasswd\n"
        "security = user\n"
        "map to guest = Bad User\n"
        "load printers = no\n"
        "printing = bsd\n"
        "disable spoolss = yes\n"
        "usershare max shares = 0\n"
        "[qemu]\n"
        "path = %2$s\n"
        "read only = no\n"
        "guest ok = yes\n"
        "force user = %3$s\n",
        dir, export_dir, user);
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    remove(path);   /* go on past what cannot be removed */
    return 0;
}

/* Removes @dir recursively, without following symbolic links. */
static void remove_tree(const char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool write_conf(NetSlirpSmb *smb, const char *smbd,
                       const char *export_dir, const char *user, Error **errp)
{
    g_autofree char *path = g_build_filename(smb->dir, "smb.conf", NULL);
    g_autofree char *text = smb_conf_text(smb->dir, export_dir, user);

    if (!g_file_set_contents(path, text, -1, NULL)) {
        error_setg(errp, "Could not create samba server configuration "
                   "file '%s'", path);
        return false;
    }
    /* libslirp splits the command line like a shell does. */
    g_autofree char *q_smbd = g_shell_quote(smbd);
    g_autofree char *q_dir = g_shell_quote(smb->dir);
    g_autofree char *q_conf = g_shell_quote(path);
    smb->command = g_strdup_printf("%s -l %s -s %s", q_smbd, q_dir, q_conf);
    return true;
}

NetSlirpSmb *net_slirp_smb_new(const char *smbd, const char *export_dir,
                               Error **errp)
{
    struct passwd *pw = getpwuid(geteuid());

    if (!pw) {
        error_setg(errp, "Failed to retrieve user name");
        return NULL;
    }
    if (access(smbd, F_OK) != 0) {
        error_setg(errp, "Could not find '%s', please install it", smbd);
        return NULL;
    }
    if (access(export_dir, R_OK | X_OK) != 0) {
        error_setg(errp, "Error accessing shared directory '%s': %s",
                   export_dir, strerror(errno));
        return NULL;
    }
    NetSlirpSmb *smb = g_new0(NetSlirpSmb, 1);
    smb->dir = g_dir_make_tmp("qnet-smb.XXXXXX", NULL);
    if (!smb->dir) {
        error_setg(errp, "Could not create samba server dir");
        g_free(smb);
        return NULL;
    }
    if (!write_conf(smb, smbd, export_dir, pw->pw_name, errp)) {
        net_slirp_smb_free(smb);
        return NULL;
    }
    return smb;
}

bool net_slirp_smb_start(NetSlirpSmb *smb, Slirp *slirp,
                         struct in_addr server, Error **errp)
{
    /* NetBIOS session service and direct SMB; libslirp fills 0.0.0.0. */
    if (slirp_add_exec(slirp, smb->command, &server, 139) < 0 ||
        slirp_add_exec(slirp, smb->command, &server, 445) < 0) {
        error_setg(errp, "Conflicting/invalid smbserver address");
        return false;
    }
    return true;
}

const char *net_slirp_smb_dir(const NetSlirpSmb *smb)
{
    return smb->dir;
}

void net_slirp_smb_free(NetSlirpSmb *smb)
{
    if (!smb) {
        return;
    }
    remove_tree(smb->dir);
    g_free(smb->dir);
    g_free(smb->command);
    g_free(smb);
}
