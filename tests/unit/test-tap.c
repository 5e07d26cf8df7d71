/* test-tap.c: the tap and bridge netdevs: options, scripts, the helper protocol, the ACL file and the data path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/backends.h"
#include "net/client.h"
#include "net/context.h"
#include "net/control.h"
#include "net/hub.h"
#include "net/tap-helper.h"
#include "net/tap-linux.h"
#include "net/tap-opts.h"
#include "net/tap-script.h"
#include "net/tap.h"
#include "net/vnet-hdr.h"
#include "test-fixture.h"
#include "test-frames.h"

/*
 * The ACL parser belongs to the qnet-bridge-helper program, which does not
 * link libqnet; its one source file is compiled into this test too.
 */
#include "helper/bridge-acl.c"

/* ------------------------------------------------------------------ */
/* A context, and the guest's NIC, recording the frames it is given.  */

static TestPeer *peer_new(QnetContext *ctx)
{
    return test_peer_new(ctx, TEST_PEER_NIC, "test", "guest", NULL);
}

typedef struct Fixture {
    QnetContext *ctx;
    GString *log;
    char *dir;           /* a private temporary directory */
} Fixture;

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    f->ctx = g_new0(QnetContext, 1);
    f->log = g_string_new(NULL);
    test_context_init(f->ctx, f->log);
    f->dir = test_tmpdir_new("qnet-test-tap-XXXXXX");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    test_context_clear(f->ctx);
    g_free(f->ctx);
    g_string_free(f->log, TRUE);
    test_tmpdir_remove(f->dir);
    g_free(f);
    return 0;
}

/* Writes @text to @dir/@name with mode @mode; returns the path. */
static char *write_file(const char *dir, const char *name, const char *text,
                        int mode)
{
    char *path = g_build_filename(dir, name, NULL);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    assert_int_equal(chmod(path, (mode_t)mode), 0);
    return path;
}

/* ------------------------------------------------------------------ */
/* Option checks: each error row was run through qemu-system-x86_64.   */

typedef struct OptRow {
    const char *json;      /* a NetdevTapOptions object */
    bool behind_hub;       /* -net (the backend has a hub port as peer) */
    const char *error;     /* the message, or NULL: accepted */
    TapMode mode;          /* when accepted */
} OptRow;

#define FD_BAD "ifname=, script=, downscript=, vnet_hdr=, helper=, queues=, " \
               "fds=, and vhostfds= are invalid with fd="
#define FDS_BAD "ifname=, script=, downscript=, vnet_hdr=, helper=, " \
                "queues=, and vhostfd= are invalid with fds="
#define HELPER_BAD "ifname=, script=, downscript=, vnet_hdr=, queues=, and " \
                   "vhostfds= are invalid with helper="
#define MQ_HUB "Multiqueue tap cannot be used with hubs"

static const OptRow opt_rows[] = {
    { "{}", false, NULL, TAP_MODE_OPEN },
    { "{\"ifname\":\"x\",\"script\":\"no\"}", false, NULL, TAP_MODE_OPEN },
    { "{\"fd\":\"3\"}", false, NULL, TAP_MODE_FD },
    { "{\"fd\":\"3\",\"br\":\"x\",\"sndbuf\":1}", false, NULL, TAP_MODE_FD },
    { "{\"fd\":\"3\",\"ifname\":\"foo\"}", false, FD_BAD },
    { "{\"fd\":\"3\",\"script\":\"no\"}", false, FD_BAD },
    { "{\"fd\":\"3\",\"downscript\":\"no\"}", false, FD_BAD },
    { "{\"fd\":\"3\",\"vnet_hdr\":false}", false, FD_BAD },
    { "{\"fd\":\"3\",\"helper\":\"h\"}", false, FD_BAD },
    { "{\"fd\":\"3\",\"queues\":1}", false, FD_BAD },
    { "{\"fd\":\"3\",\"fds\":\"4\"}", false, FD_BAD },
    { "{\"fd\":\"3\",\"vhostfds\":\"1\"}", false, FD_BAD },
    { "{\"fds\":\"3:4\"}", false, NULL, TAP_MODE_FDS },
    { "{\"fds\":\"3:4\",\"queues\":1}", false, FDS_BAD },
    { "{\"fds\":\"3\",\"helper\":\"x\"}", false, FDS_BAD },
    { "{\"fds\":\"3\",\"vhostfd\":\"4\"}", false, FDS_BAD },
    { "{\"fds\":\"3\",\"ifname\":\"x\"}", false, FDS_BAD },
    { "{\"fds\":\"3:4\",\"vhostfds\":\"5\"}", false,
      "The number of fds passed does not match the number of vhostfds "
      "passed" },
    { "{\"fds\":\"\"}", false, "Invalid file descriptor number ''" },
    { "{\"helper\":\"/bin/false\"}", false, NULL, TAP_MODE_HELPER },
    { "{\"helper\":\"h\",\"br\":\"b\",\"vhost\":false}", false, NULL,
      TAP_MODE_HELPER },
    { "{\"helper\":\"h\",\"ifname\":\"x\"}", false, HELPER_BAD },
    { "{\"helper\":\"h\",\"queues\":2}", false, HELPER_BAD },
    { "{\"helper\":\"h\",\"vnet_hdr\":true}", false, HELPER_BAD },
    { "{\"helper\":\"h\",\"script\":\"no\"}", false, HELPER_BAD },
    { "{\"helper\":\"h\",\"vhostfds\":\"3\"}", false, HELPER_BAD },
    { "{\"vhostfds\":\"3\"}", false,
      "vhostfds= is invalid if fds= wasn't specified" },
    { "{\"queues\":0}", false,
      "queues=0 is invalid: a tap has at least one queue" },
    { "{\"queues\":4}", false, NULL, TAP_MODE_OPEN },
    /* -net: anything multiqueue is refused first */
    { "{\"queues\":1}", true, MQ_HUB },
    { "{\"queues\":2,\"fd\":\"3\"}", true, MQ_HUB },
    { "{\"fds\":\"3\"}", true, MQ_HUB },
    { "{\"vhostfds\":\"3\"}", true, MQ_HUB },
    { "{\"fd\":\"3\"}", true, NULL, TAP_MODE_FD },
    { "{\"ifname\":\"x\"}", true, NULL, TAP_MODE_OPEN },
};

static void test_options(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(opt_rows); i++) {
        const OptRow *r = &opt_rows[i];
        g_autoptr(JsonObject) opts = test_json_object(r->json);
        Error *err = NULL;
        TapOptions o;
        bool ok = tap_options_parse(opts, r->behind_hub, &o, &err);
        if (r->error) {
            if (ok || strcmp(error_get_pretty(err), r->error) != 0) {
                fail_msg("%s: expected \"%s\", got \"%s\"", r->json, r->error,
                         err ? error_get_pretty(err) : "(accepted)");
            }
            error_free(err);
        } else {
            if (!ok) {
                fail_msg("%s: %s", r->json, error_get_pretty(err));
            }
            assert_int_equal(o.mode, r->mode);
        }
        tap_options_clear(&o);
    }
}

static void test_option_defaults(void **state)
{
    g_autoptr(JsonObject) opts = test_json_object("{}");
    TapOptions o;
    assert_true(tap_options_parse(opts, false, &o, NULL));
    assert_string_equal(o.script, "/etc/qemu-ifup");
    assert_string_equal(o.downscript, "/etc/qemu-ifdown");
    assert_null(o.ifname);
    assert_int_equal(o.queues, 1);
    assert_true(o.vnet_hdr);
    assert_false(o.vnet_hdr_required);
    assert_false(o.has_sndbuf);
    assert_false(o.vhost);
    tap_options_clear(&o);

    g_autoptr(JsonObject) h = test_json_object("{\"helper\":\"/h\"}");
    assert_true(tap_options_parse(h, false, &o, NULL));
    assert_string_equal(o.br, "br0");
    tap_options_clear(&o);

    g_autoptr(JsonObject) v =
        test_json_object("{\"vnet_hdr\":true,\"sndbuf\":0}");
    assert_true(tap_options_parse(v, false, &o, NULL));
    assert_true(o.vnet_hdr_required);
    assert_true(o.has_sndbuf);
    tap_options_clear(&o);

    g_autoptr(JsonObject) off = test_json_object("{\"vnet_hdr\":false}");
    assert_true(tap_options_parse(off, false, &o, NULL));
    assert_false(o.vnet_hdr);
    assert_false(o.vnet_hdr_required);
    tap_options_clear(&o);
}

/* fds= is split as QEMU splits it. */
static void test_fds_split(void **state)
{
    static const struct {
        const char *fds;
        unsigned count;
    } rows[] = {
        { "3", 1 }, { "3:4", 2 }, { "3:", 1 }, { "3::4", 3 }, { ":3", 2 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *json = g_strdup_printf("{\"fds\":\"%s\"}",
                                                rows[i].fds);
        g_autoptr(JsonObject) opts = test_json_object(json);
        TapOptions o;
        assert_true(tap_options_parse(opts, false, &o, NULL));
        assert_int_equal(g_strv_length(o.fds), rows[i].count);
        tap_options_clear(&o);
    }
}

typedef struct VhostRow {
    const char *json;
    const char *error;
    bool warn;
} VhostRow;

static void test_vhost(void **state)
{
    static const VhostRow rows[] = {
        { "{}", NULL, false },
        { "{\"vhost\":false}", NULL, false },
        { "{\"vhost\":true}", NULL, true },
        { "{\"vhost\":true,\"poll-us\":50}", NULL, true },
        { "{\"vhost\":false,\"vhostforce\":true}", NULL, false },
        { "{\"vhostforce\":true}", "qnet has no vhost-net; use vhost=off" },
        { "{\"vhost\":true,\"vhostforce\":true}",
          "qnet has no vhost-net; use vhost=off" },
        { "{\"vhostfd\":\"3\"}", "qnet has no vhost-net; use vhost=off" },
        { "{\"vhost\":false,\"vhostfd\":\"3\"}",
          "vhostfd(s)= is not valid without vhost" },
        { "{\"fds\":\"3\",\"vhost\":false,\"vhostfds\":\"4\"}",
          "vhostfd(s)= is not valid without vhost" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(JsonObject) opts = test_json_object(rows[i].json);
        TapOptions o;
        assert_true(tap_options_parse(opts, false, &o, NULL));
        Error *err = NULL;
        bool warn = false;
        bool ok = tap_options_check_vhost(&o, &warn, &err);
        if (rows[i].error) {
            assert_false(ok);
            assert_string_equal(error_get_pretty(err), rows[i].error);
            error_free(err);
        } else {
            assert_true(ok);
            assert_int_equal(warn, rows[i].warn);
        }
        tap_options_clear(&o);
    }
}

static void test_parse_fd(void **state)
{
    assert_int_equal(tap_parse_fd("3", NULL), 3);
    assert_int_equal(tap_parse_fd("0", NULL), 0);
    assert_int_equal(tap_parse_fd("2147483647", NULL), 2147483647);
    static const char *const bad[] = { "notanfd", "-1", "3x", "", "2147483648",
                                       "99999999999999999999" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Error *err = NULL;
        assert_int_equal(tap_parse_fd(bad[i], &err), -1);
        g_autofree char *want = g_strdup_printf(
            "Invalid file descriptor number '%s'", bad[i]);
        assert_string_equal(error_get_pretty(err), want);
        error_free(err);
    }
}

/* Errors from the init path that need no privilege. */
static void test_init_errors(void **state)
{
    Fixture *f = *state;
    static const struct {
        const char *json;
        const char *error;
    } rows[] = {
        { "{\"fd\":\"notanfd\"}", "Invalid file descriptor number 'notanfd'" },
        { "{\"fd\":\"987\"}",
          "t1: Can't use file descriptor 987: Bad file descriptor" },
        { "{\"fds\":\"986:987\"}",
          "t1: Can't use file descriptor 986: Bad file descriptor" },
        { "{\"fds\":\"a:b\"}", "Invalid file descriptor number 'a'" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(JsonObject) opts = test_json_object(rows[i].json);
        Error *err = NULL;
        assert_false(net_tap_init(f->ctx, opts, "t1", NULL, &err));
        assert_string_equal(error_get_pretty(err), rows[i].error);
        error_free(err);
        assert_int_equal(f->ctx->clients.length, 0);
    }
    /* A descriptor that is no tap (QEMU: "Unable to query TUNGETIFF"). */
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    g_autofree char *json = g_strdup_printf("{\"fd\":\"%d\"}", pipefd[0]);
    g_autoptr(JsonObject) opts = test_json_object(json);
    Error *err = NULL;
    assert_false(net_tap_init(f->ctx, opts, "t1", NULL, &err));
    g_autofree char *want = g_strdup_printf(
        "Unable to query TUNGETIFF on FD %d: Inappropriate ioctl for device",
        pipefd[0]);
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
    close(pipefd[0]);
    close(pipefd[1]);
}

/* ------------------------------------------------------------------ */
/* The script runner.                                                  */

static void test_script_wanted(void **state)
{
    assert_false(tap_script_wanted(NULL));
    assert_false(tap_script_wanted(""));
    assert_false(tap_script_wanted("no"));
    assert_true(tap_script_wanted("/etc/qemu-ifup"));
    assert_true(tap_script_wanted("No"));
}

static void test_script_run(void **state)
{
    Fixture *f = *state;
    g_autofree char *out = g_build_filename(f->dir, "out", NULL);
    g_autofree char *text = g_strdup_printf(
        "#!/bin/sh\n"
        "[ -e /proc/$$/fd/77 ] && leaked=yes || leaked=no\n"
        "echo \"$# $1 $leaked\" > '%s'\n", out);
    g_autofree char *ok = write_file(f->dir, "ok.sh", text, 0755);

    /* A descriptor of ours (not close-on-exec) the script must not get. */
    int leak = open("/dev/null", O_RDONLY);
    assert_int_equal(dup2(leak, 77), 77);
    assert_true(tap_script_run(ok, "qntap7", NULL));
    close(77);
    close(leak);
    g_autofree char *got = NULL;
    assert_true(g_file_get_contents(out, &got, NULL, NULL));
    assert_string_equal(got, "1 qntap7 no\n");
}

static void test_script_failures(void **state)
{
    Fixture *f = *state;
    g_autofree char *three = write_file(f->dir, "three.sh",
                                        "#!/bin/sh\nexit 3\n", 0755);
    g_autofree char *kill9 = write_file(f->dir, "kill.sh",
                                        "#!/bin/sh\nkill -9 $$\n", 0755);
    g_autofree char *noexec = write_file(f->dir, "noexec.sh",
                                         "#!/bin/sh\nexit 0\n", 0644);
    g_autofree char *missing = g_build_filename(f->dir, "missing", NULL);
    const struct {
        const char *script;
        int status;
    } rows[] = {
        { three, 768 }, { kill9, 9 }, { noexec, 256 }, { missing, 256 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        Error *err = NULL;
        assert_false(tap_script_run(rows[i].script, "t", &err));
        g_autofree char *want = g_strdup_printf(
            "network script %s failed with status %d", rows[i].script,
            rows[i].status);
        assert_string_equal(error_get_pretty(err), want);
        error_free(err);
    }
}

/* ------------------------------------------------------------------ */
/* The bridge helper protocol, with stand-in helpers.                  */

static void test_helper_protocol(void **state)
{
    Fixture *f = *state;
    if (!g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)) {
        skip();
    }
    g_autofree char *log = g_build_filename(f->dir, "argv", NULL);
    g_autofree char *py = g_strdup_printf(
        "import os, socket, sys\n"
        "open('%s', 'w').write(' '.join(sys.argv[1:]))\n"
        "fd = int([a for a in sys.argv if a.startswith('--fd=')][0][5:])\n"
        "r, w = os.pipe()\n"
        "os.write(w, b'hello')\n"
        "s = socket.socket(fileno=fd)\n"
        "socket.send_fds(s, [b'\\0'], [r])\n", log);
    g_autofree char *script = write_file(f->dir, "helper.py", py, 0644);

    /* A helper with a space is a shell command; --br= is added. */
    g_autofree char *cmd = g_strdup_printf("/usr/bin/python3 %s", script);
    Error *err = NULL;
    int fd = tap_helper_run(cmd, "qnbr9", &err);
    assert_null(err);
    assert_true(fd >= 0);
    char buf[8] = { 0 };
    assert_int_equal(read(fd, buf, sizeof(buf)), 5);
    assert_string_equal(buf, "hello");
    close(fd);
    g_autofree char *argv = NULL;
    assert_true(g_file_get_contents(log, &argv, NULL, NULL));
    assert_true(g_str_has_prefix(argv, "--use-vnet --fd="));
    assert_true(g_str_has_suffix(argv, " --br=qnbr9"));

    /* A command naming its bridge keeps it. */
    g_autofree char *cmd_br = g_strdup_printf("/usr/bin/python3 %s --br=own",
                                              script);
    fd = tap_helper_run(cmd_br, "qnbr9", NULL);
    assert_true(fd >= 0);
    close(fd);
    g_free(argv);
    argv = NULL;
    assert_true(g_file_get_contents(log, &argv, NULL, NULL));
    assert_null(strstr(argv, "qnbr9"));

    /* A pipe is no tap: the bridge netdev reports TUNGETIFF's error. */
    g_autoptr(JsonObject) opts = test_json_object("{}");
    json_object_set_string_member(opts, "helper", cmd);
    assert_false(net_bridge_init(f->ctx, opts, "b", NULL, &err));
    assert_true(g_str_has_prefix(error_get_pretty(err),
                                 "Unable to query TUNGETIFF on FD"));
    error_free(err);
}

static void test_helper_failures(void **state)
{
    Fixture *f = *state;
    g_autofree char *fail = write_file(f->dir, "fail.sh",
                                       "#!/bin/sh\nexit 1\n", 0755);
    g_autofree char *nofd = write_file(f->dir, "nofd.sh",
                                       "#!/bin/sh\nexit 0\n", 0755);
    g_autofree char *missing = g_build_filename(f->dir, "missing", NULL);
    const char *helpers[] = { fail, nofd, missing };
    for (size_t i = 0; i < G_N_ELEMENTS(helpers); i++) {
        Error *err = NULL;
        assert_int_equal(tap_helper_run(helpers[i], "br0", &err), -1);
        assert_string_equal(error_get_pretty(err), "bridge helper failed");
        error_free(err);
    }
    /* The same through the tap netdev (QEMU's text, no clients left). */
    g_autoptr(JsonObject) opts = test_json_object("{}");
    json_object_set_string_member(opts, "helper", fail);
    Error *err = NULL;
    assert_false(net_tap_init(f->ctx, opts, "t", NULL, &err));
    assert_string_equal(error_get_pretty(err), "bridge helper failed");
    error_free(err);
    assert_int_equal(f->ctx->clients.length, 0);
}

/* ------------------------------------------------------------------ */
/* The ACL file of qnet-bridge-helper.                                 */

static BridgeAcl acl_parse(Fixture *f, const char *text, int *ret,
                           char **messages)
{
    g_autofree char *path = write_file(f->dir, "bridge.conf", text, 0644);
    BridgeAcl acl = { 0 };
    size_t size = 0;
    FILE *err = open_memstream(messages, &size);
    *ret = bridge_acl_parse_file(&acl, path, err);
    fclose(err);
    return acl;
}

typedef struct AclRow {
    const char *text;
    const char *allowed;      /* bridges allowed, space separated */
    const char *denied;       /* bridges denied */
} AclRow;

static void test_acl_decisions(void **state)
{
    Fixture *f = *state;
    static const AclRow rows[] = {
        { "", "", "br0" },
        { "allow br0\n", "br0", "br1" },
        { "allow all\n", "br0 br1", "" },
        { "allow all\ndeny br1\n", "br0", "br1" },
        { "deny br1\nallow all\n", "br0", "br1" },   /* deny wins anywhere */
        { "allow br0\ndeny all\n", "", "br0 br1" },
        { "deny all\n", "", "br0" },
        { "# comment\n\n   \n  allow\tbr0  \n", "br0", "br1" },
        { "  # allow br1\nallow br0\n", "br0", "br1" },
        { "allow   br2\r\n", "br2", "br0" },
        { "allow br0\nallow br1\n", "br0 br1", "br2" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        int ret;
        g_autofree char *messages = NULL;
        BridgeAcl acl = acl_parse(f, rows[i].text, &ret, &messages);
        assert_int_equal(ret, 0);
        assert_string_equal(messages, "");
        g_auto(GStrv) yes = g_strsplit(rows[i].allowed, " ", -1);
        g_auto(GStrv) no = g_strsplit(rows[i].denied, " ", -1);
        for (char **b = yes; *b; b++) {
            if (**b && !bridge_acl_allows(&acl, *b)) {
                fail_msg("row %zu: %s should be allowed", i, *b);
            }
        }
        for (char **b = no; *b; b++) {
            if (**b && bridge_acl_allows(&acl, *b)) {
                fail_msg("row %zu: %s should be denied", i, *b);
            }
        }
        bridge_acl_clear(&acl);
    }
}

static void test_acl_errors(void **state)
{
    Fixture *f = *state;
    static const struct {
        const char *text;
        const char *message;
    } rows[] = {
        { "allowbr0\n", "Invalid config line:\n  allowbr0\n" },
        { "permit br0\n", "Unknown command `permit'\n" },
        { "allow abcdefghijklmnop\n",
          "name `abcdefghijklmnop' too long: 16\n" },
        { "deny abcdefghijklmnop\n",
          "name `abcdefghijklmnop' too long: 16\n" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        int ret;
        g_autofree char *messages = NULL;
        BridgeAcl acl = acl_parse(f, rows[i].text, &ret, &messages);
        assert_int_equal(ret, -1);
        assert_string_equal(messages, rows[i].message);
        bridge_acl_clear(&acl);
    }
    /* A missing file is an error with no message (the caller says which). */
    BridgeAcl acl = { 0 };
    g_autofree char *missing = g_build_filename(f->dir, "nope.conf", NULL);
    assert_int_equal(bridge_acl_parse_file(&acl, missing, stderr), -1);
    /* 15 characters fit. */
    int ret;
    g_autofree char *messages = NULL;
    acl = acl_parse(f, "allow abcdefghijklmno\n", &ret, &messages);
    assert_int_equal(ret, 0);
    assert_true(bridge_acl_allows(&acl, "abcdefghijklmno"));
    bridge_acl_clear(&acl);
}

static void test_acl_include(void **state)
{
    Fixture *f = *state;
    g_autofree char *inc = write_file(f->dir, "inc.conf",
                                      "allow br5\nbogus line\nallow br6\n",
                                      0644);
    g_autofree char *self = g_build_filename(f->dir, "self.conf", NULL);
    g_autofree char *self_text = g_strdup_printf("allow br7\ninclude %s\n",
                                                 self);
    g_autofree char *self_path = write_file(f->dir, "self.conf", self_text,
                                            0644);
    g_autofree char *text = g_strdup_printf(
        "include %s/missing.conf\ninclude %s\ninclude %s\nallow br0\n",
        f->dir, inc, self_path);
    int ret;
    g_autofree char *messages = NULL;
    BridgeAcl acl = acl_parse(f, text, &ret, &messages);
    /* Bad and missing includes are ignored; rules before the error stay. */
    assert_int_equal(ret, 0);
    assert_true(bridge_acl_allows(&acl, "br0"));
    assert_true(bridge_acl_allows(&acl, "br5"));
    assert_false(bridge_acl_allows(&acl, "br6"));
    assert_true(bridge_acl_allows(&acl, "br7"));
    assert_string_equal(messages, "Unknown command `bogus'\n");
    /* The self-include stopped at the depth limit. */
    assert_int_equal(acl.count, 2 + BRIDGE_ACL_MAX_DEPTH);
    bridge_acl_clear(&acl);
}

/* ------------------------------------------------------------------ */
/* The data path over a socketpair (frame boundaries kept, like a tun). */

typedef struct Pair {
    int far;            /* our end: what the kernel side of a tap would be */
    NetClient *tap;
    TestPeer *peer;
} Pair;

static void pair_new(Fixture *f, Pair *p, bool vnet_hdr, bool with_peer)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0,
                                sv), 0);
    p->far = sv[0];
    p->peer = with_peer ? peer_new(f->ctx) : NULL;
    p->tap = tap_client_new(f->ctx, with_peer ? &p->peer->nc : NULL, "tap",
                            "t0", sv[1], vnet_hdr, "fd=99");
}

/* A frame of @len bytes whose bytes count from @seed. */
static void frame_fill(uint8_t *buf, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seed + i);
    }
}

static void far_send(Pair *p, size_t hdr, size_t len, unsigned seed)
{
    uint8_t buf[2048] = { 0 };
    frame_fill(buf + hdr, len, seed);
    assert_int_equal(send(p->far, buf, hdr + len, 0), (ssize_t)(hdr + len));
}

static void assert_frame(GBytes *b, size_t len, unsigned seed)
{
    uint8_t want[2048];
    frame_fill(want, len, seed);
    gsize size;
    const uint8_t *data = g_bytes_get_data(b, &size);
    assert_int_equal(size, len);
    assert_memory_equal(data, want, len);
}

static void test_datapath_vnet_hdr(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, true, true);
    assert_int_equal(tap_client_fd(p.tap) >= 0, 1);
    assert_string_equal(p.tap->info_str->str, "fd=99");
    assert_true(net_peer_has_vnet_hdr(p.tap));

    /* tap -> peer: the 10-byte header is stripped. */
    far_send(&p, VNET_HDR_LEN_BASIC, 60, 1);
    far_send(&p, VNET_HDR_LEN_BASIC, 1514, 2);
    test_context_iterate(f->ctx, 3);
    assert_int_equal(p.peer->frames->len, 2);
    assert_frame(p.peer->frames->pdata[0], 60, 1);
    assert_frame(p.peer->frames->pdata[1], 1514, 2);

    /* peer -> tap: a zero header is added, the frame written with writev. */
    uint8_t a[30], b[34];
    frame_fill(a, sizeof(a), 7);
    frame_fill(b, sizeof(b), 7 + sizeof(a));
    struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
    assert_int_equal(net_client_send_iov(&p.peer->nc, 0, iov, 2, NULL), 64);
    uint8_t got[128];
    assert_int_equal(recv(p.far, got, sizeof(got), 0), 74);
    static const uint8_t zero[VNET_HDR_LEN_BASIC];
    assert_memory_equal(got, zero, sizeof(zero));
    uint8_t want[64];
    frame_fill(want, sizeof(want), 7);
    assert_memory_equal(got + 10, want, sizeof(want));

    /* A short read (header only) is dropped and counted. */
    far_send(&p, VNET_HDR_LEN_BASIC, 0, 0);
    test_context_iterate(f->ctx, 2);
    assert_int_equal(p.peer->frames->len, 2);
    assert_int_equal(tap_client_counters(p.tap)->rx_short, 1);
    close(p.far);
}

static void test_datapath_negotiated(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, true, true);
    /* A NIC that uses the header gets and gives it as is. */
    net_peer_using_vnet_hdr(p.tap, true);
    far_send(&p, 0, 70, 3);
    test_context_iterate(f->ctx, 2);
    assert_int_equal(p.peer->frames->len, 1);
    assert_frame(p.peer->frames->pdata[0], 70, 3);

    uint8_t frame[70];
    frame_fill(frame, sizeof(frame), 4);
    assert_int_equal(net_client_send(&p.peer->nc, frame, sizeof(frame), NULL),
                     70);
    uint8_t got[128];
    assert_int_equal(recv(p.far, got, sizeof(got), 0), 70);
    assert_memory_equal(got, frame, sizeof(frame));

    /* RAW frames (self-announce) never carry one: a zero header is added. */
    struct iovec iov = { frame, sizeof(frame) };
    assert_int_equal(net_client_send_iov(&p.peer->nc, NET_FLAG_RAW, &iov, 1,
                                         NULL), 70);
    assert_int_equal(recv(p.far, got, sizeof(got), 0), 80);
    close(p.far);
}

static void test_datapath_no_hdr(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, false, true);
    assert_false(net_peer_has_vnet_hdr(p.tap));
    far_send(&p, 0, 42, 9);
    test_context_iterate(f->ctx, 2);
    assert_int_equal(p.peer->frames->len, 1);
    assert_frame(p.peer->frames->pdata[0], 42, 9);
    uint8_t frame[42];
    frame_fill(frame, sizeof(frame), 5);
    net_client_send(&p.peer->nc, frame, sizeof(frame), NULL);
    uint8_t got[64];
    assert_int_equal(recv(p.far, got, sizeof(got), 0), 42);
    assert_memory_equal(got, frame, 42);
    close(p.far);
}

/* Reads are batched (a budget per wakeup) and paused while the peer holds. */
static void test_datapath_backpressure(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, false, true);
    const unsigned n = 150;
    for (unsigned i = 0; i < n; i++) {
        far_send(&p, 0, 60, i);
    }
    /* One wakeup reads one budget's worth. */
    g_main_context_iteration(f->ctx->main_context, FALSE);
    assert_int_equal(p.peer->frames->len, TAP_READ_BUDGET);

    /* The peer holds: one frame waits in its queue, the rest in the socket. */
    p.peer->hold = true;
    test_context_iterate(f->ctx, 20);
    assert_int_equal(p.peer->frames->len, TAP_READ_BUDGET);
    assert_int_equal(tap_client_counters(p.tap)->rx_held, 1);

    /* It takes frames again: everything arrives, in order, none dropped. */
    p.peer->hold = false;
    net_client_flush(&p.peer->nc);
    test_context_iterate(f->ctx, 20);
    assert_int_equal(p.peer->frames->len, n);
    for (unsigned i = 0; i < n; i++) {
        assert_frame(p.peer->frames->pdata[i], 60, i);
    }
    assert_int_equal(p.tap->stats.drop_queue_full, 0);
    assert_int_equal(p.tap->stats.tx_frames, n);
    close(p.far);
}

static void sent_noop(NetClient *sender, ssize_t ret)
{
}

/* A full kernel queue holds frames in qnet until the fd is writable. */
static void test_datapath_write_blocked(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, false, true);
    int small = 4096;
    setsockopt(tap_client_fd(p.tap), SOL_SOCKET, SO_SNDBUF, &small,
               sizeof(small));
    uint8_t frame[1000];
    unsigned sent = 0, queued = 0;
    /* The peer sends with a callback, as a NIC would. */
    for (; sent < 200; sent++) {
        frame_fill(frame, sizeof(frame), sent);
        if (net_client_send(&p.peer->nc, frame, sizeof(frame),
                            sent_noop) == 0) {
            queued++;
        }
    }
    assert_true(queued > 0);
    assert_true(tap_client_counters(p.tap)->tx_blocked > 0);
    /* Drain the far end while the loop runs: all 200 come out in order. */
    unsigned got_n = 0;
    for (int round = 0; round < 2000 && got_n < sent; round++) {
        uint8_t buf[2048];
        ssize_t r;
        while ((r = recv(p.far, buf, sizeof(buf), 0)) > 0) {
            uint8_t want[1000];
            frame_fill(want, sizeof(want), got_n);
            assert_int_equal(r, 1000);
            assert_memory_equal(buf, want, sizeof(want));
            got_n++;
        }
        g_main_context_iteration(f->ctx->main_context, FALSE);
    }
    assert_int_equal(got_n, sent);
    assert_int_equal(tap_client_counters(p.tap)->tx_errors, 0);
    assert_int_equal(p.peer->nc.stats.drop_queue_full, 0);
    close(p.far);
}

static void test_datapath_link_down(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, false, true);
    assert_true(net_set_link(f->ctx, "t0", false, NULL));
    far_send(&p, 0, 60, 1);
    test_context_iterate(f->ctx, 3);
    /* Read and dropped as QEMU does (counted); nothing reaches the peer. */
    assert_int_equal(p.peer->frames->len, 0);
    assert_int_equal(p.tap->stats.drop_link_down, 1);
    uint8_t frame[60] = { 0 };
    net_client_send(&p.peer->nc, frame, sizeof(frame), NULL);
    uint8_t buf[128];
    assert_int_equal(recv(p.far, buf, sizeof(buf), 0), -1);
    assert_int_equal(errno, EAGAIN);

    assert_true(net_set_link(f->ctx, "t0", true, NULL));
    far_send(&p, 0, 60, 2);
    test_context_iterate(f->ctx, 3);
    assert_int_equal(p.peer->frames->len, 1);
    net_client_send(&p.peer->nc, frame, sizeof(frame), NULL);
    assert_int_equal(recv(p.far, buf, sizeof(buf), 0), 60);
    close(p.far);
}

/* The far end going away stops the polling instead of spinning. */
static void test_datapath_fd_gone(void **state)
{
    Fixture *f = *state;
    Pair p;
    pair_new(f, &p, false, true);
    close(p.far);
    test_context_iterate(f->ctx, 5);
    assert_non_null(strstr(f->log->str, "tap t0:"));
    /* Frames for it are dropped and counted, never queued forever. */
    uint8_t frame[60] = { 0 };
    assert_int_equal(net_client_send(&p.peer->nc, frame, sizeof(frame), NULL),
                     60);
    assert_int_equal(tap_client_counters(p.tap)->tx_errors, 1);
}

/* Through a hub: frames of one tap reach the other. */
static void test_datapath_hub(void **state)
{
    Fixture *f = *state;
    Pair a, b;
    pair_new(f, &a, true, false);
    pair_new(f, &b, false, false);
    net_hub_add_port(f->ctx, 0, NULL, a.tap);
    net_hub_add_port(f->ctx, 0, NULL, b.tap);
    /* Behind a hub there is no negotiation: a's header is stripped. */
    far_send(&a, VNET_HDR_LEN_BASIC, 100, 5);
    test_context_iterate(f->ctx, 3);
    uint8_t got[256], want[100];
    frame_fill(want, sizeof(want), 5);
    assert_int_equal(recv(b.far, got, sizeof(got), 0), 100);
    assert_memory_equal(got, want, sizeof(want));
    far_send(&b, 0, 100, 6);
    test_context_iterate(f->ctx, 3);
    assert_int_equal(recv(a.far, got, sizeof(got), 0), 110);
    frame_fill(want, sizeof(want), 6);
    assert_memory_equal(got + 10, want, sizeof(want));
    close(a.far);
    close(b.far);
}

/* The downscript runs at cleanup with the interface name. */
static void test_downscript(void **state)
{
    Fixture *f = *state;
    g_autofree char *out = g_build_filename(f->dir, "down", NULL);
    g_autofree char *text = g_strdup_printf("#!/bin/sh\necho \"$@\" > '%s'\n",
                                            out);
    g_autofree char *down = write_file(f->dir, "down.sh", text, 0755);
    Pair p;
    pair_new(f, &p, false, false);
    tap_client_set_downscript(p.tap, down, "qntap3");
    net_client_free(p.tap);
    g_autofree char *got = NULL;
    assert_true(g_file_get_contents(out, &got, NULL, NULL));
    assert_string_equal(got, "qntap3\n");
    close(p.far);
}

/* ------------------------------------------------------------------ */
/* Real taps (root and /dev/net/tun), as QEMU opens them.               */

static bool can_open_taps(void)
{
    char name[IFNAMSIZ] = "";
    bool vnet = false;
    int fd = tap_linux_open(name, &vnet, false, false, NULL);
    if (fd < 0) {
        return false;
    }
    close(fd);
    return true;
}

static void test_real_tap(void **state)
{
    Fixture *f = *state;
    if (!can_open_taps()) {
        print_message("skipped: cannot open taps (needs root and "
                      "/dev/net/tun)\n");
        skip();
    }
    g_autofree char *json = g_strdup_printf(
        "{\"ifname\":\"qnu%u%%d\",\"script\":\"no\",\"downscript\":\"no\","
        "\"queues\":2,\"sndbuf\":1048576}", (unsigned)getpid() % 100000);
    g_autoptr(JsonObject) opts = test_json_object(json);
    Error *err = NULL;
    if (!net_tap_init(f->ctx, opts, "t1", NULL, &err)) {
        fail_msg("%s", error_get_pretty(err));
    }
    assert_int_equal(f->ctx->clients.length, 2);
    NetClient *q0 = f->ctx->clients.head->data;
    NetClient *q1 = f->ctx->clients.tail->data;
    g_autofree char *want = g_strdup_printf(
        "ifname=qnu%u0,script=no,downscript=no", (unsigned)getpid() % 100000);
    assert_string_equal(q0->info_str->str, want);
    assert_string_equal(q0->name, "t1");
    assert_string_equal(q1->name, "t1");
    /* Queue 1 names the same interface and never has scripts. */
    assert_string_equal(q1->info_str->str, want);

    /* IFF_VNET_HDR is on by default, and the hooks reach the kernel. */
    assert_true(net_peer_has_vnet_hdr(q0));
    assert_true(net_peer_has_vnet_hdr_len(q0, VNET_HDR_LEN_MRG));
    assert_false(net_peer_has_vnet_hdr_len(q0, 11));
    net_peer_set_vnet_hdr_len(q0, VNET_HDR_LEN_MRG);
    net_peer_set_offload(q0, true, true, true, false, false);
    net_peer_set_offload(q0, false, false, false, false, false);
    assert_string_equal(f->log->str, "");
    assert_int_equal(tap_linux_probe_vnet_hdr(tap_client_fd(q1), NULL), 1);

    /* vnet_hdr=off opens it without the header. */
    g_autofree char *json2 = g_strdup_printf(
        "{\"ifname\":\"qnv%u\",\"script\":\"no\",\"downscript\":\"no\","
        "\"vnet_hdr\":false}", (unsigned)getpid() % 100000);
    g_autoptr(JsonObject) opts2 = test_json_object(json2);
    assert_true(net_tap_init(f->ctx, opts2, "t2", NULL, NULL));
    NetClient *t2 = f->ctx->clients.tail->data;
    assert_false(net_peer_has_vnet_hdr(t2));

    /* The same name twice is QEMU's error. */
    Error *busy = NULL;
    assert_false(net_tap_init(f->ctx, opts2, "t3", NULL, &busy));
    g_autofree char *want_busy = g_strdup_printf(
        "could not configure /dev/net/tun (qnv%u): Device or resource busy",
        (unsigned)getpid() % 100000);
    assert_string_equal(error_get_pretty(busy), want_busy);
    error_free(busy);
}

/* The up script runs once with the name, the down script at netdev_del. */
static void test_real_tap_scripts(void **state)
{
    Fixture *f = *state;
    if (!can_open_taps()) {
        skip();
    }
    g_autofree char *out = g_build_filename(f->dir, "log", NULL);
    g_autofree char *text = g_strdup_printf(
        "#!/bin/sh\necho \"$0 $1 $(cat /sys/class/net/$1/ifindex)\" >> '%s'\n",
        out);
    g_autofree char *up = write_file(f->dir, "up", text, 0755);
    g_autofree char *down = write_file(f->dir, "down", text, 0755);
    g_autofree char *json = g_strdup_printf(
        "{\"ifname\":\"qns%u\",\"script\":\"%s\",\"downscript\":\"%s\","
        "\"queues\":3}", (unsigned)getpid() % 100000, up, down);
    g_autoptr(JsonObject) opts = test_json_object(json);
    Error *err = NULL;
    if (!net_tap_init(f->ctx, opts, "t1", NULL, &err)) {
        fail_msg("%s", error_get_pretty(err));
    }
    for (GList *l = f->ctx->clients.head; l; l = l->next) {
        ((NetClient *)l->data)->is_netdev = true;
    }
    assert_true(net_netdev_del(f->ctx, "t1", NULL));
    assert_int_equal(f->ctx->clients.length, 0);
    g_autofree char *got = NULL;
    assert_true(g_file_get_contents(out, &got, NULL, NULL));
    g_auto(GStrv) lines = g_strsplit(got, "\n", -1);
    assert_int_equal(g_strv_length(lines), 3);   /* two lines and "" */
    assert_true(g_str_has_prefix(lines[0], up));
    assert_true(g_str_has_prefix(lines[1], down));
    /* The interface still existed when the down script ran. */
    assert_string_equal(strrchr(lines[0], ' '), strrchr(lines[1], ' '));

    /* A failing up script: QEMU's message, nothing left behind. */
    g_autofree char *bad = write_file(f->dir, "bad", "#!/bin/sh\nexit 2\n",
                                      0755);
    g_autofree char *json2 = g_strdup_printf(
        "{\"ifname\":\"qns%u\",\"script\":\"%s\"}",
        (unsigned)getpid() % 100000, bad);
    g_autoptr(JsonObject) opts2 = test_json_object(json2);
    assert_false(net_tap_init(f->ctx, opts2, "t2", NULL, &err));
    g_autofree char *want = g_strdup_printf(
        "network script %s failed with status 512", bad);
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
    assert_int_equal(f->ctx->clients.length, 0);
}

/* fd= and fds=: taps opened by the caller, as a management tool passes them. */
static void test_real_tap_fds(void **state)
{
    Fixture *f = *state;
    if (!can_open_taps()) {
        skip();
    }
    unsigned id = (unsigned)getpid() % 100000;
    char name[IFNAMSIZ];
    snprintf(name, sizeof(name), "qnf%u", id);
    bool vnet = false;
    int single = tap_linux_open(name, &vnet, false, false, NULL);
    assert_true(single >= 0);
    assert_false(vnet);

    g_autofree char *json = g_strdup_printf("{\"fd\":\"%d\"}", single);
    g_autoptr(JsonObject) opts = test_json_object(json);
    assert_true(net_tap_init(f->ctx, opts, "t1", NULL, NULL));
    NetClient *t1 = f->ctx->clients.tail->data;
    g_autofree char *info = g_strdup_printf("fd=%d", single);
    assert_string_equal(t1->info_str->str, info);
    assert_false(net_peer_has_vnet_hdr(t1));   /* probed with TUNGETIFF */
    assert_int_equal(tap_client_fd(t1), single);

    /* Two taps, one with the header, one without (another interface). */
    char mq[IFNAMSIZ], other_name[IFNAMSIZ];
    snprintf(mq, sizeof(mq), "qng%u", id);
    snprintf(other_name, sizeof(other_name), "qnh%u", id);
    bool v1 = true, v2 = false;
    int q1 = tap_linux_open(mq, &v1, false, true, NULL);
    int other = tap_linux_open(other_name, &v2, false, false, NULL);
    assert_true(q1 >= 0 && other >= 0);
    g_autofree char *bad = g_strdup_printf("{\"fds\":\"%d:%d\"}", q1, other);
    g_autoptr(JsonObject) bad_opts = test_json_object(bad);
    Error *err = NULL;
    assert_false(net_tap_init(f->ctx, bad_opts, "t2", NULL, &err));
    assert_string_equal(error_get_pretty(err),
                        "vnet_hdr not consistent across given tap fds");
    error_free(err);
    close(other);
    /* The second queue of the multiqueue interface. */
    v2 = true;
    int q2 = tap_linux_open(mq, &v2, false, true, NULL);
    assert_true(q2 >= 0);
    g_autofree char *good = g_strdup_printf("{\"fds\":\"%d:%d\"}", q1, q2);
    g_autoptr(JsonObject) good_opts = test_json_object(good);
    assert_true(net_tap_init(f->ctx, good_opts, "t2", NULL, NULL));
    NetClient *last = f->ctx->clients.tail->data;
    g_autofree char *info2 = g_strdup_printf("fd=%d", q2);
    assert_string_equal(last->info_str->str, info2);
    assert_true(net_peer_has_vnet_hdr(last));
    assert_int_equal(f->ctx->clients.length, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_option_defaults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fds_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vhost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_fd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_wanted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_failures, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_helper_protocol, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_helper_failures, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_acl_decisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acl_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acl_include, setup, teardown),
        cmocka_unit_test_setup_teardown(test_datapath_vnet_hdr, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_negotiated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_no_hdr, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_backpressure, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_write_blocked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_link_down, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_fd_gone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_datapath_hub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_downscript, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_tap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_tap_scripts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_real_tap_fds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
