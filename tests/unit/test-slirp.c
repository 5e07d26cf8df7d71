/* test-slirp.c: the user netdev: option checks, forwarding rules, and live frames through libslirp. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <malloc.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/qmp-net-info.h"
#include "net/backends.h"
#include "net/client.h"
#include "net/context.h"
#include "net/hub.h"
#include "net/slirp-config.h"
#include "net/slirp-guestfwd.h"
#include "net/slirp-hostfwd.h"
#include "net/slirp-smb.h"
#include "net/slirp-state.h"
#include "net/slirp.h"
#include "test-fixture.h"
#include "test-frames.h"
#include "util/source.h"

/* ------------------------------------------------------------------ */
/* A context, and the guest's NIC, recording the frames it is given.  */

static TestPeer *peer_new(QnetContext *ctx)
{
    return test_peer_new(ctx, TEST_PEER_NIC, "test", "guest", NULL);
}

typedef struct Fixture {
    QnetContext *ctx;
    GString *log;
    GSource *tick;       /* wakes the loop so bounded waits end */
} Fixture;

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    f->ctx = g_new0(QnetContext, 1);
    f->log = g_string_new(NULL);
    test_context_init(f->ctx, f->log);
    f->tick = g_timeout_source_new(5);
    g_source_attach(f->tick, f->ctx->main_context);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    source_clear(&f->tick);
    test_context_clear(f->ctx);
    g_free(f->ctx);
    g_string_free(f->log, TRUE);
    g_free(f);
    return 0;
}

/* Creates user netdev "u" from @json; returns it, or NULL with *@err. */
static NetClient *user_new(QnetContext *ctx, const char *json, NetClient *peer,
                           Error **err)
{
    JsonObject *opts = test_json_object(json);
    bool ok = net_slirp_init(ctx, opts, "u", peer, err);
    json_object_unref(opts);
    return ok ? net_client_find_netdev(ctx, "u") : NULL;
}

/* A port nobody listens on right now (TCP and UDP on 127.0.0.1). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET };
    socklen_t len = sizeof(a);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* Runs the context until @done(@data) or a bound on iterations. */
static bool run_until(Fixture *f, bool (*done)(void *), void *data)
{
    for (int i = 0; i < 400 && !done(data); i++) {
        g_main_context_iteration(f->ctx->main_context, TRUE);
    }
    return done(data);
}

/* ------------------------------------------------------------------ */
/* Option checks: each row was run through qemu-system-x86_64 7.2.    */

typedef struct OptRow {
    const char *json;      /* members besides type/id */
    const char *error;     /* QEMU's message, or NULL: accepted */
    const char *info;      /* `info network` text after type=user, */
} OptRow;

#define L255 \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define L256 L255 "a"
#define DEF "net=10.0.2.0,restrict=off"
#define BAD_MASK "Invalid netmask provided (must be in range 4-32)"
#define BAD_V4 "IPv4 disabled but netmask/host/dns provided"
#define BAD_V6 "IPv6 disabled but prefix/host6/dns6 provided"
#define BAD_LEN6 "Invalid IPv6 prefix provided (IPv6 prefix length must " \
                 "be between 0 and 126)"
#define DHCP_SAME "DHCP must be different from host and DNS"

static const OptRow opt_rows[] = {
    { "", NULL, DEF },
    /* net= and its mask */
    { "\"net\":\"10.0.2.0/33\"", BAD_MASK },
    { "\"net\":\"10.0.2.0/3\"", BAD_MASK },
    { "\"net\":\"10.0.2.0/-5\"", BAD_MASK },
    { "\"net\":\"10.0.2.0/\"", BAD_MASK },
    { "\"net\":\"10.0.2.0/4\"", NULL, "net=0.0.0.0,restrict=off" },
    { "\"net\":\"10.0.2.0/32\"", "DNS must be different from host" },
    { "\"net\":\"10.0.2.0/255.255.0.0\"", NULL, "net=10.0.0.0,restrict=off" },
    { "\"net\":\"10.0.2.0/255.0.255.0\"", NULL, DEF },
    { "\"net\":\"10.0.2.0/0x18\"", NULL, "net=0.0.0.0,restrict=off" },
    { "\"net\":\"10.0.2.0/+24\"", NULL, DEF },
    { "\"net\":\"10.0.2.0/4294967320\"", NULL, DEF },
    { "\"net\":\"10.0.2.0/abc\"", "Failed to parse netmask (trailing chars)" },
    { "\"net\":\"10.0.2.0/24x\"", "Failed to parse netmask (trailing chars)" },
    { "\"net\":\"foo\"", "Failed to parse netmask" },
    { "\"net\":\"foo/24\"", "Failed to parse netmask" },
    { "\"net\":\"192.168.76.0/24\"", NULL, "net=192.168.76.0,restrict=off" },
    /* classful masks when none is given */
    { "\"net\":\"10.1.2.3\"", NULL, "net=10.0.0.0,restrict=off" },
    { "\"net\":\"127.1.2.3\"", NULL, "net=127.0.0.0,restrict=off" },
    { "\"net\":\"0.0.0.0\"", NULL, "net=0.0.0.0,restrict=off" },
    { "\"net\":\"172.31.3.4\"", NULL, "net=172.16.0.0,restrict=off" },
    { "\"net\":\"172.32.3.4\"", NULL, "net=172.32.0.0,restrict=off" },
    { "\"net\":\"128.1.2.3\"", NULL, "net=128.1.0.0,restrict=off" },
    { "\"net\":\"130.1.2.3\"", NULL, "net=130.1.0.0,restrict=off" },
    { "\"net\":\"192.168.5.7\"", NULL, "net=192.168.0.0,restrict=off" },
    { "\"net\":\"192.169.3.77\"", NULL, "net=192.169.3.64,restrict=off" },
    { "\"net\":\"198.18.3.77\"", NULL, "net=198.18.0.0,restrict=off" },
    { "\"net\":\"198.19.3.77\"", NULL, "net=198.19.3.64,restrict=off" },
    { "\"net\":\"200.1.2.77\"", NULL, "net=200.1.2.64,restrict=off" },
    { "\"net\":\"223.255.255.255\"", NULL,
      "net=223.255.255.240,restrict=off" },
    { "\"net\":\"224.255.255.255\"", NULL, "net=224.255.255.0,restrict=off" },
    { "\"net\":\"230.1.2.77\"", NULL, "net=230.1.2.0,restrict=off" },
    { "\"net\":\"198.18.3.77\",\"host\":\"198.19.0.2\"", NULL,
      "net=198.18.0.0,restrict=off" },
    /* ip= is net=IP/24 */
    { "\"ip\":\"10.0.5.1\"", NULL, "net=10.0.5.0,restrict=off" },
    { "\"ip\":\"10.0.5.1\",\"net\":\"10.0.7.0\"", NULL,
      "net=10.0.0.0,restrict=off" },
    /* host, dns, dhcpstart */
    { "\"net\":\"10.0.2.0/24\",\"host\":\"10.0.3.2\"",
      "Host doesn't belong to network" },
    { "\"host\":\"10.2\"", "Host doesn't belong to network" },
    { "\"host\":\"foo\"", "Failed to parse host" },
    { "\"host\":\"10.0.2.300\"", "Failed to parse host" },
    { "\"host\":\"10.0.2.3\"", "DNS must be different from host" },
    { "\"host\":\"10.0.2.15\"", DHCP_SAME },
    { "\"dns\":\"foo\"", "Failed to parse DNS" },
    { "\"dns\":\"10.0.2.2\"", "DNS must be different from host" },
    { "\"dns\":\"10.0.2.15\"", DHCP_SAME },
    { "\"dns\":\"10.0.3.3\"", NULL, DEF },
    { "\"dns\":\"8.8.8.8\"", NULL, DEF },
    { "\"dhcpstart\":\"foo\"", "Failed to parse DHCP start address" },
    { "\"dhcpstart\":\"10.0.3.3\"", "DHCP doesn't belong to network" },
    { "\"dhcpstart\":\"10.0.2.2\"", DHCP_SAME },
    { "\"dhcpstart\":\"10.0.2.3\"", DHCP_SAME },
    { "\"dhcpstart\":\"10.0.2.250\"", NULL, DEF },
    { "\"dhcpstart\":\"10.0.2.0\"", NULL, DEF },
    { "\"smbserver\":\"foo\"", "Failed to parse SMB address" },
    { "\"dhcpstart\":\"foo\",\"smbserver\":\"foo\"",
      "Failed to parse DHCP start address" },
    { "\"smbserver\":\"foo\",\"ipv6-prefix\":\"foo\"",
      "Failed to parse SMB address" },
    /* ipv4 / ipv6 / restrict */
    { "\"ipv4\":false", NULL, DEF },
    { "\"ipv6\":false", NULL, DEF },
    { "\"ipv4\":true", NULL, DEF },
    { "\"ipv6\":true", NULL, DEF },
    { "\"ipv4\":false,\"ipv6\":false", "IPv4 and IPv6 disabled" },
    { "\"ipv4\":false,\"net\":\"10.0.2.0/24\"", BAD_V4 },
    { "\"ipv4\":false,\"host\":\"10.0.2.2\"", BAD_V4 },
    { "\"ipv4\":false,\"dns\":\"10.0.2.3\"", BAD_V4 },
    { "\"ipv4\":false,\"ip\":\"10.0.2.9\"", BAD_V4 },
    { "\"ipv4\":false,\"dhcpstart\":\"10.0.2.9\"", NULL, DEF },
    { "\"ipv4\":false,\"ipv6\":false,\"net\":\"10.0.2.0\"", BAD_V4 },
    /* QEMU: naming only ipv6=on turns IPv4 off */
    { "\"ipv6\":true,\"net\":\"10.0.5.0\"", BAD_V4 },
    { "\"ipv6\":false,\"ipv6-prefix\":\"fec0::\"", BAD_V6 },
    { "\"ipv6\":false,\"ipv6-host\":\"fec0::2\"", BAD_V6 },
    { "\"ipv6\":false,\"ipv6-dns\":\"fec0::3\"", BAD_V6 },
    { "\"ipv6\":false,\"ipv6-net\":\"fec0::/64\"", BAD_V6 },
    { "\"ipv6\":false,\"ipv6-prefixlen\":64", NULL, DEF },
    { "\"restrict\":true", NULL, "net=10.0.2.0,restrict=on" },
    { "\"restrict\":true,\"ipv4\":false", NULL, "net=10.0.2.0,restrict=on" },
    { "\"restrict\":false", NULL, DEF },
    /* IPv6 */
    { "\"ipv6-prefix\":\"foo\"", "Failed to parse IPv6 prefix" },
    { "\"ipv6-prefixlen\":127", BAD_LEN6 },
    { "\"ipv6-prefixlen\":-1", BAD_LEN6 },
    { "\"ipv6-prefixlen\":126", NULL, DEF },
    { "\"ipv6-prefixlen\":0", NULL, DEF },
    { "\"ipv6-prefixlen\":4294967360", NULL, DEF },
    { "\"ipv6-net\":\"foo\"", "Failed to parse IPv6 prefix" },
    { "\"ipv6-net\":\"fec0::/129\"", BAD_LEN6 },
    { "\"ipv6-net\":\"fec0::/127\"", BAD_LEN6 },
    { "\"ipv6-net\":\"fec0::/-3\"", BAD_LEN6 },
    { "\"ipv6-net\":\"fec0::/4294967360\"", NULL, DEF },
    { "\"ipv6-net\":\"fec0::/abc\"",
      "Parameter 'ipv6-prefixlen' expects a number" },
    { "\"ipv6-net\":\"fec0::/\"",
      "Parameter 'ipv6-prefixlen' expects a number" },
    { "\"ipv6-net\":\"fec0::1/64\"", NULL, DEF },
    { "\"ipv6-host\":\"foo\"", "Failed to parse IPv6 host" },
    { "\"ipv6-host\":\"fec1::2\"", "IPv6 Host doesn't belong to network" },
    { "\"ipv6-host\":\"fec0::3\"", NULL, DEF },
    { "\"ipv6-dns\":\"foo\"", "Failed to parse IPv6 DNS" },
    { "\"ipv6-dns\":\"fec1::3\"", NULL, DEF },
    { "\"ipv6-prefixlen\":0,\"ipv6-host\":\"fec1::2\"",
      "IPv6 Host doesn't belong to network" },
    { "\"ipv6-prefixlen\":1,\"ipv6-host\":\"fec1::2\"", NULL, DEF },
    { "\"ipv6-net\":\"fec0::/0\",\"ipv6-host\":\"fec1::2\"",
      "IPv6 Host doesn't belong to network" },
    { "\"ipv6-prefixlen\":8,\"ipv6-net\":\"fec0::\","
      "\"ipv6-host\":\"fec1::2\"", "IPv6 Host doesn't belong to network" },
    { "\"ipv6-prefix\":\"fec0::1:0:0:0:1\",\"ipv6-host\":\"fec0::2\"",
      "IPv6 Host doesn't belong to network" },
    { "\"ipv6-prefix\":\"fec0::\",\"ipv6-prefixlen\":16,"
      "\"ipv6-host\":\"fec0:1::2\"", NULL, DEF },
    { "\"ipv6-prefixlen\":127,\"ipv6-host\":\"foo\"", BAD_LEN6 },
    { "\"ipv6-host\":\"fec0::2\",\"ipv6-prefix\":\"foo\"",
      "Failed to parse IPv6 prefix" },
    /* names */
    { "\"domainname\":\"\"", "'domainname' parameter cannot be empty" },
    { "\"domainname\":\"" L256 "\"",
      "'domainname' parameter cannot exceed 255 bytes" },
    { "\"domainname\":\"" L255 "\"", NULL, DEF },
    { "\"hostname\":\"" L256 "\"",
      "'vhostname' parameter cannot exceed 255 bytes" },
    { "\"hostname\":\"" L255 "\"", NULL, DEF },
    { "\"hostname\":\"\"", NULL, DEF },
    { "\"tftp-server-name\":\"" L256 "\"",
      "'tftp-server-name' parameter cannot exceed 255 bytes" },
    { "\"hostname\":\"" L256 "\",\"domainname\":\"\"",
      "'domainname' parameter cannot be empty" },
    { "\"tftp-server-name\":\"" L256 "\",\"hostname\":\"" L256 "\"",
      "'vhostname' parameter cannot exceed 255 bytes" },
    { "\"domainname\":\"\",\"ipv6-dns\":\"foo\"", "Failed to parse IPv6 DNS" },
    { "\"dnssearch\":[{\"str\":\"foo.com\"},{\"str\":\"bar.org\"}]", NULL,
      DEF },
    /* (tftp-server-name is accepted too, see test_config_values: a
     * running libslirp 4.7 never frees it, which sanitizers would flag) */
    { "\"tftp\":\"/nonexistent\",\"bootfile\":\"x\"", NULL, DEF },
    /* forwarding rules: guestfwd last-to-first, then hostfwd likewise */
    { "\"hostfwd\":[{\"str\":\"foo\"}]",
      "Invalid host forwarding rule 'foo' (No : separators)" },
    { "\"hostfwd\":[{\"str\":\"a\"},{\"str\":\"b\"}]",
      "Invalid host forwarding rule 'b' (No : separators)" },
    { "\"hostfwd\":[{\"str\":\"tcp:[::1]:17107-:22\"}]",
      "Invalid host forwarding rule 'tcp:[::1]:17107-:22' "
      "(Bad host address)" },
    { "\"hostfwd\":[{\"str\":\"tcp:1.2.3.4:17112-:22\"}]",
      "Could not set up host forwarding rule 'tcp:1.2.3.4:17112-:22'" },
    { "\"guestfwd\":[{\"str\":\"foo\"}],\"hostfwd\":[{\"str\":\"bar\"}]",
      "Invalid guest forwarding rule 'foo'" },
    { "\"guestfwd\":[{\"str\":\"a\"},{\"str\":\"b\"}]",
      "Invalid guest forwarding rule 'b'" },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.2.100:1234-cmd:cat\"}],"
      "\"hostfwd\":[{\"str\":\"foo\"}]",
      "Invalid host forwarding rule 'foo' (No : separators)" },
    { "\"guestfwd\":[{\"str\":\"udp:10.0.2.100:1234-cmd:cat\"}]",
      "Invalid guest forwarding rule 'udp:10.0.2.100:1234-cmd:cat'" },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.2.100:0x10-cmd:cat\"}]",
      "Invalid guest forwarding rule 'tcp:10.0.2.100:0x10-cmd:cat'" },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.2.2:1234-cmd:cat\"}]",
      "Conflicting/invalid host:port in guest forwarding rule "
      "'tcp:10.0.2.2:1234-cmd:cat'" },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.3.2:1234-cmd:cat\"}]",
      "Conflicting/invalid host:port in guest forwarding rule "
      "'tcp:10.0.3.2:1234-cmd:cat'" },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.2.100:1234-nosuchchardev\"}]",
      "Could not open guest forwarding device 'guestfwd.tcp.1234'" },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.2.100:1234-cmd:cat\"}]", NULL, DEF },
    { "\"guestfwd\":[{\"str\":\":10.0.2.100:1234-cmd:cat\"}]", NULL, DEF },
    { "\"guestfwd\":[{\"str\":\"tcp::1234-cmd:cat\"}]", NULL, DEF },
    { "\"guestfwd\":[{\"str\":\"tcp:10.0.2.100:1234-cmd:\"}]", NULL, DEF },
    { "\"guestfwd\":[\"tcp:10.0.2.100:1234-cmd:cat\","
      "\"tcp:10.0.2.100:1234-cmd:cat\"]", NULL, DEF },
    /* smb= (the directory check comes after every rule) */
    { "\"smb\":\"/nonexistent\"", "Error accessing shared directory "
      "'/nonexistent': No such file or directory" },
    { "\"smb\":\"/nonexistent\",\"hostfwd\":[{\"str\":\"foo\"}]",
      "Invalid host forwarding rule 'foo' (No : separators)" },
};

static void test_options(void **state)
{
    Fixture *f = *state;
    unsigned checked = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(opt_rows); i++) {
        const OptRow *row = &opt_rows[i];
        g_autofree char *json = g_strdup_printf(
            "{\"type\":\"user\",\"id\":\"u\"%s%s}", *row->json ? "," : "",
            row->json);
        Error *err = NULL;
        NetClient *nc = user_new(f->ctx, json, NULL, &err);
        if (row->error) {
            if (nc || strcmp(error_get_pretty(err), row->error) != 0) {
                fail_msg("row %zu %s: got '%s', want '%s'", i, row->json,
                         nc ? "(accepted)" : error_get_pretty(err),
                         row->error);
            }
            assert_null(net_client_find_netdev(f->ctx, "u"));
            error_free(err);
        } else {
            if (!nc) {
                fail_msg("row %zu %s: rejected: %s", i, row->json,
                         error_get_pretty(err));
            }
            assert_string_equal(nc->info_str->str, row->info);
            assert_string_equal(nc->info->type, "user");
            net_client_free(nc);
        }
        checked++;
    }
    assert_int_equal(checked, G_N_ELEMENTS(opt_rows));
    assert_int_equal(f->ctx->clients.length, 0);
}

/* Rows that depend on the host: binding conflicts, smbd. */
static void test_options_host(void **state)
{
    Fixture *f = *state;
    int port = free_port();
    Error *err = NULL;

    g_autofree char *dup = g_strdup_printf(
        "{\"type\":\"user\",\"id\":\"u\",\"hostfwd\":["
        "{\"str\":\"tcp::%d-:22\"},{\"str\":\"tcp::%d-:23\"}]}", port, port);
    assert_null(user_new(f->ctx, dup, NULL, &err));
    g_autofree char *want = g_strdup_printf(
        "Could not set up host forwarding rule 'tcp::%d-:22'", port);
    assert_string_equal(error_get_pretty(err), want);
    g_clear_pointer(&err, error_free);

    /* The chardev form says why it fails here. */
    assert_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                         "\"guestfwd\":[\"tcp:10.0.2.100:1234-null\"]}",
                         NULL, &err));
    assert_non_null(strstr(error_get_hint(err), "cmd:COMMAND"));
    g_clear_pointer(&err, error_free);

    if (access(NET_SLIRP_SMBD, X_OK) != 0) {
        assert_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"smb\":\"/tmp\"}", NULL, &err));
        assert_string_equal(error_get_pretty(err),
                            "Could not find '/usr/sbin/smbd', please "
                            "install it");
        error_free(err);
        return;
    }
    static const char *const bad_server[] = { "10.0.2.2", "10.0.3.9" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad_server); i++) {
        g_autofree char *json = g_strdup_printf(
            "{\"type\":\"user\",\"id\":\"u\",\"smb\":\"/tmp\","
            "\"smbserver\":\"%s\"}", bad_server[i]);
        assert_null(user_new(f->ctx, json, NULL, &err));
        assert_string_equal(error_get_pretty(err),
                            "Conflicting/invalid smbserver address");
        g_clear_pointer(&err, error_free);
    }
    /* Accepted, and the private directory goes away with the netdev. */
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"smb\":\"/tmp\",\"smbserver\":\"10.0.2.9\"}",
                             NULL, &err);
    assert_non_null(nc);
    g_autofree char *dir =
        g_strdup(net_slirp_smb_dir(net_slirp_state(nc)->smb));
    assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));
    net_client_free(nc);
    assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
}

/* The parsed configuration, beyond what `info network` shows. */
static void test_config_values(void **state)
{
    NetSlirpConfig cfg;
    char buf[INET6_ADDRSTRLEN];

    g_autoptr(JsonObject) opts = test_json_object(
        "{\"net\":\"200.1.2.77\",\"ipv6-net\":\"fec0:0:0:5::/64\","
        "\"dnssearch\":[{\"str\":\"a.org\"},\"b.org\"],"
        "\"hostfwd\":[\"h1\",\"h2\"],\"guestfwd\":[\"g1\",\"g2\"]}");
    assert_true(net_slirp_config_parse(opts, &cfg, NULL));
    assert_string_equal(inet_ntop(AF_INET, &cfg.mask, buf, sizeof(buf)),
                        "255.255.255.240");
    assert_string_equal(inet_ntop(AF_INET, &cfg.host, buf, sizeof(buf)),
                        "200.1.2.66");
    assert_string_equal(inet_ntop(AF_INET, &cfg.dns, buf, sizeof(buf)),
                        "200.1.2.67");
    assert_string_equal(inet_ntop(AF_INET, &cfg.dhcp, buf, sizeof(buf)),
                        "200.1.2.79");
    assert_string_equal(inet_ntop(AF_INET6, &cfg.host6, buf, sizeof(buf)),
                        "fec0:0:0:5::2");
    assert_string_equal(inet_ntop(AF_INET6, &cfg.dns6, buf, sizeof(buf)),
                        "fec0:0:0:5::3");
    assert_int_equal(cfg.prefix6_len, 64);
    assert_string_equal(cfg.dnssearch[0], "a.org");
    assert_string_equal(cfg.dnssearch[1], "b.org");
    assert_null(cfg.dnssearch[2]);
    static const char *const order[] = { "g2", "g1", "h2", "h1" };
    assert_int_equal(cfg.rules->len, 4);
    for (guint i = 0; i < 4; i++) {
        NetSlirpFwdRule *r = cfg.rules->pdata[i];
        assert_string_equal(r->rule, order[i]);
        assert_int_equal(r->is_hostfwd, i >= 2);
    }
    net_slirp_config_clear(&cfg);

    g_autoptr(JsonObject) names = test_json_object(
        "{\"tftp-server-name\":\"" L255 "\",\"hostname\":\"h\","
        "\"domainname\":\"d.org\",\"tftp\":\"/srv\",\"bootfile\":\"pxe\"}");
    assert_true(net_slirp_config_parse(names, &cfg, NULL));
    SlirpConfig sc;
    net_slirp_config_to_slirp(&cfg, &sc);
    assert_int_equal(strlen(sc.tftp_server_name), 255);
    assert_string_equal(sc.vhostname, "h");
    assert_string_equal(sc.vdomainname, "d.org");
    assert_string_equal(sc.tftp_path, "/srv");
    assert_string_equal(sc.bootfile, "pxe");
    assert_int_equal(sc.vprefix_len, 64);
    assert_int_equal(ntohl(sc.vdhcp_start.s_addr), 0x0a00020f);
    assert_null(sc.vdnssearch);
    net_slirp_config_clear(&cfg);

    /* ipv6-prefixlen 0 is 64, as in QEMU. */
    g_autoptr(JsonObject) zero = test_json_object("{\"ipv6-prefixlen\":0}");
    assert_true(net_slirp_config_parse(zero, &cfg, NULL));
    assert_int_equal(cfg.prefix6_len, 64);
    assert_false(cfg.restricted);
    assert_true(cfg.ipv4 && cfg.ipv6);
    net_slirp_config_clear(&cfg);
}

/* ------------------------------------------------------------------ */
/* Rule parsers.                                                       */

typedef struct FwdRow {
    const char *rule;
    bool ipv6;             /* parse with IPv6 brackets allowed */
    const char *reason;    /* NULL: valid */
    const char *text;      /* net_slirp_hostfwd_to_string() when valid */
} FwdRow;

static const FwdRow fwd_rows[] = {
    { "tcp::5555-:22", false, NULL, "tcp::5555-:22" },
    { "udp:127.0.0.1:17101-10.0.2.20:53", false, NULL,
      "udp:127.0.0.1:17101-10.0.2.20:53" },
    { ":127.0.0.1:17102-:22", false, NULL, "tcp:127.0.0.1:17102-:22" },
    { "tcp::0-:22", false, NULL, "tcp::0-:22" },
    { "tcp::-:22", false, NULL, "tcp::0-:22" },
    { "tcp::0x4000-:0x16", false, NULL, "tcp::16384-:22" },
    { "tcp::017-:22", false, NULL, "tcp::15-:22" },
    { "tcp::4294967296-:22", false, NULL, "tcp::0-:22" },   /* QEMU quirk */
    { "tcp::65535-:65535", false, NULL, "tcp::65535-:65535" },
    { "tcp:0:1-:2", false, NULL, "tcp::1-:2" },
    { "tcp:10.2:1-:2", false, NULL, "tcp:10.0.0.2:1-:2" },
    { "tcp::1-10.0.3.15:22", false, NULL, "tcp::1-10.0.3.15:22" },
    { "", false, "No : separators" },
    { "foo", false, "No : separators" },
    { "bar:1:2-:3", false, "Bad protocol name" },
    { "TCP::1-:2", false, "Bad protocol name" },
    { "tcp:1", false, "Missing : separator" },
    { "tcp:x:1-:2", false, "Bad host address" },
    { "tcp:[::1]:17107-:22", false, "Bad host address" },
    { "tcp::1", false, "Bad host port separator" },
    { "tcp::x-:2", false, "Bad host port" },
    { "tcp::65536-:1", false, "Bad host port" },
    { "tcp::1-", false, "Missing guest address" },
    { "tcp::-1-:2", false, "Bad guest address" },
    { "tcp::1-x:2", false, "Bad guest address" },
    { "tcp::1-:0", false, "Bad guest port" },
    { "tcp::1-:", false, "Bad guest port" },
    { "tcp::1-:x", false, "Bad guest port" },
    { "tcp::1-:65536", false, "Bad guest port" },
    { "tcp::17109-:22:3", false, "Bad guest port" },
    /* the structured API's IPv6 extension */
    { "tcp:[::1]:5555-[fec0::15]:22", true, NULL,
      "tcp:[::1]:5555-[fec0::15]:22" },
    { "udp:[::]:0-:53", true, NULL, "udp:[::]:0-:53" },
    { "tcp:127.0.0.1:1-[fec0::15]:22", true, NULL,
      "tcp:127.0.0.1:1-[fec0::15]:22" },
    { "tcp::1-:2", true, NULL, "tcp::1-:2" },
    { "tcp:[::1:5555-:22", true, "Missing : separator" },
    { "tcp:[zz]:1-:2", true, "Bad host address" },
    { "tcp::1-[fec0::15:22", true, "Missing guest address" },
};

static void test_hostfwd_parse(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fwd_rows); i++) {
        const FwdRow *row = &fwd_rows[i];
        NetSlirpHostFwd fwd;
        Error *err = NULL;
        bool ok = net_slirp_hostfwd_parse(row->rule, row->ipv6, &fwd, &err);
        if (row->reason) {
            g_autofree char *want = g_strdup_printf(
                "Invalid host forwarding rule '%s' (%s)", row->rule,
                row->reason);
            if (ok || strcmp(error_get_pretty(err), want) != 0) {
                fail_msg("rule '%s': got '%s', want '%s'", row->rule,
                         ok ? "(valid)" : error_get_pretty(err), want);
            }
            error_free(err);
        } else {
            if (!ok) {
                fail_msg("rule '%s': %s", row->rule, error_get_pretty(err));
            }
            g_autofree char *text = net_slirp_hostfwd_to_string(&fwd);
            assert_string_equal(text, row->text);
        }
    }
}

static void test_hostfwd_parse_fields(void **state)
{
    NetSlirpHostFwd fwd;

    assert_true(net_slirp_hostfwd_parse("udp:127.0.0.1:0x10-10.0.2.20:53",
                                        false, &fwd, NULL));
    assert_true(fwd.is_udp);
    assert_int_equal(fwd.host.sa.sa_family, AF_INET);
    assert_int_equal(ntohl(fwd.host.in.sin_addr.s_addr), 0x7f000001);
    assert_int_equal(net_slirp_sockaddr_port(&fwd.host), 16);
    assert_int_equal(ntohl(fwd.guest.in.sin_addr.s_addr), 0x0a000214);
    assert_int_equal(net_slirp_sockaddr_port(&fwd.guest), 53);
    assert_true(net_slirp_hostfwd_parse("::5-:6", false, &fwd, NULL));
    assert_false(fwd.is_udp);
    assert_true(net_slirp_sockaddr_is_any(&fwd.host));
    assert_true(net_slirp_sockaddr_is_any(&fwd.guest));
}

typedef struct RemoveRow {
    const char *rule;
    bool valid;
    bool is_udp;
    int port;
} RemoveRow;

static const RemoveRow remove_rows[] = {
    { "tcp::17120", true, false, 17120 },
    { "udp::17121", true, true, 17121 },
    { ":0.0.0.0:17122", true, false, 17122 },
    { "tcp::+17131", true, false, 17131 },
    { "tcp:: 17131", true, false, 17131 },
    { "tcp::82666", true, false, 17130 },        /* low 16 bits, as QEMU */
    { "tcp::-5", true, false, 65531 },
    { "foo", false },
    { "tcp::x", false },
    { "tcp::", false },
    { "tcp::17120x", false },
    { "tcp::0x10", false },
    { "tcp::99999999999", false },
    { "bad:1:2", false },
    { "tcp:x:1", false },
    { "tcp:[::1]:1", false },
};

static void test_hostfwd_parse_remove(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(remove_rows); i++) {
        const RemoveRow *row = &remove_rows[i];
        NetSlirpHostFwd fwd;
        Error *err = NULL;
        bool ok = net_slirp_hostfwd_parse_remove(row->rule, false, &fwd, &err);
        if (ok != row->valid) {
            fail_msg("remove rule '%s': valid=%d", row->rule, ok);
        }
        if (ok) {
            assert_int_equal(fwd.is_udp, row->is_udp);
            assert_int_equal(net_slirp_sockaddr_port(&fwd.host), row->port);
        } else {
            assert_string_equal(error_get_pretty(err), "invalid format");
            error_free(err);
        }
    }
    NetSlirpHostFwd fwd;
    assert_true(net_slirp_hostfwd_parse_remove("udp:[::1]:7", true, &fwd,
                                               NULL));
    assert_int_equal(fwd.host.sa.sa_family, AF_INET6);
}

static void test_guestfwd_parse(void **state)
{
    static const struct {
        const char *rule;
        const char *server;    /* NULL: invalid */
        int port;
        const char *target;
    } rows[] = {
        { "tcp:10.0.2.100:1234-cmd:cat", "10.0.2.100", 1234, "cmd:cat" },
        { ":10.0.2.100:1234-cmd:cat", "10.0.2.100", 1234, "cmd:cat" },
        { "tcp::1234-cmd:cat", "0.0.0.0", 1234, "cmd:cat" },
        { "tcp:10.0.2.100:65535-null", "10.0.2.100", 65535, "null" },
        { "tcp:10.0.2.100:1-cmd:a-b:c", "10.0.2.100", 1, "cmd:a-b:c" },
        { "foo" },
        { "udp:10.0.2.100:1234-cmd:cat" },
        { "tcp:x:1-cmd:cat" },
        { "tcp:10.0.2.100:0-cmd:cat" },
        { "tcp:10.0.2.100:65536-cmd:cat" },
        { "tcp:10.0.2.100:x-cmd:cat" },
        { "tcp:10.0.2.100:0x10-cmd:cat" },
        { "tcp:10.0.2.100:1234" },
    };
    char buf[INET_ADDRSTRLEN];

    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        NetSlirpGuestFwd fwd;
        Error *err = NULL;
        bool ok = net_slirp_guestfwd_parse(rows[i].rule, &fwd, &err);
        if (ok != (rows[i].server != NULL)) {
            fail_msg("guestfwd '%s': valid=%d", rows[i].rule, ok);
        }
        if (!ok) {
            g_autofree char *want = g_strdup_printf(
                "Invalid guest forwarding rule '%s'", rows[i].rule);
            assert_string_equal(error_get_pretty(err), want);
            error_free(err);
            continue;
        }
        assert_string_equal(inet_ntop(AF_INET, &fwd.server, buf, sizeof(buf)),
                            rows[i].server);
        assert_int_equal(fwd.port, rows[i].port);
        assert_string_equal(fwd.target, rows[i].target);
        g_free(fwd.target);
    }
}

/* ------------------------------------------------------------------ */
/* smb=                                                                */

static void test_smb(void **state)
{
    Error *err = NULL;

    assert_null(net_slirp_smb_new("/nonexistent/smbd", "/tmp", &err));
    assert_string_equal(error_get_pretty(err),
                        "Could not find '/nonexistent/smbd', please "
                        "install it");
    g_clear_pointer(&err, error_free);

    assert_null(net_slirp_smb_new("/bin/sh", "/nonexistent", &err));
    assert_string_equal(error_get_pretty(err), "Error accessing shared "
                        "directory '/nonexistent': No such file or directory");
    g_clear_pointer(&err, error_free);

    g_autofree char *share = g_dir_make_tmp("test-share.XXXXXX", NULL);
    NetSlirpSmb *smb = net_slirp_smb_new("/bin/sh", share, &err);
    assert_non_null(smb);
    g_autofree char *dir = g_strdup(net_slirp_smb_dir(smb));
    g_autofree char *conf_path = g_build_filename(dir, "smb.conf", NULL);
    g_autofree char *conf = NULL;
    assert_true(g_file_get_contents(conf_path, &conf, NULL, NULL));
    g_autofree char *path_line = g_strdup_printf("path = %s\n", share);
    assert_non_null(strstr(conf, "[qemu]\n"));
    assert_non_null(strstr(conf, path_line));
    assert_non_null(strstr(conf, "interfaces = 127.0.0.1\n"));
    assert_non_null(strstr(conf, "guest ok = yes\n"));
    /* smbd's own files (a log, a subdirectory) go away too. */
    g_autofree char *sub = g_build_filename(dir, "ncalrpc", NULL);
    g_autofree char *file = g_build_filename(sub, "x", NULL);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_true(g_file_set_contents(file, "x", 1, NULL));
    net_slirp_smb_free(smb);
    assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
    assert_true(g_file_test(share, G_FILE_TEST_IS_DIR));
    rmdir(share);
}

/* ------------------------------------------------------------------ */
/* Frames: hand-built requests, bounds-checked reads of the replies.  */

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

enum { BOOTP_LEN = 548 };
#define DHCP_XID 0x1a2b3c4du

static GByteArray *dhcp_discover(void)
{
    uint8_t bootp[BOOTP_LEN] = { 0 };
    bootp[0] = 1;                 /* BOOTREQUEST */
    bootp[1] = 1;                 /* Ethernet */
    bootp[2] = 6;
    frame_put32(bootp + 4, DHCP_XID);
    memcpy(bootp + 28, guest_mac, 6);
    frame_put32(bootp + 236, 0x63825363);   /* magic cookie */
    bootp[240] = 53;              /* DHCP message type: DISCOVER */
    bootp[241] = 1;
    bootp[242] = 1;
    bootp[243] = 255;
    return frame_udp_new(guest_mac, 0, 0xffffffffu, 68, 67, bootp,
                         sizeof(bootp));
}

static void send_frame(TestPeer *p, GByteArray *frame)
{
    net_client_send(&p->nc, frame->data, frame->len, NULL);
    g_byte_array_unref(frame);
}

/* Finds DHCP option @code in a BOOTP reply at @bootp: its data's offset/length. */
static bool dhcp_option_find(FrameView v, size_t bootp, int code, size_t *data,
                             int *len)
{
    size_t off = bootp + 240;
    while (frame_rd8(v, off) > 0 && frame_rd8(v, off) != 255) {
        long c = frame_rd8(v, off), n = frame_rd8(v, off + 1);
        if (n < 0 || !frame_has(v, off + 2, (size_t)n)) {
            return false;
        }
        if (c == code) {
            *data = off + 2;
            *len = (int)n;
            return true;
        }
        off += 2 + (size_t)n;
    }
    return false;
}

/* The value of a 1- or 4-byte DHCP option, or -1. */
static long long dhcp_option(FrameView v, size_t bootp, int code, int *len)
{
    size_t data;
    if (!dhcp_option_find(v, bootp, code, &data, len)) {
        return -1;
    }
    return *len == 1 ? frame_rd8(v, data) : *len == 4 ? frame_rd32(v, data) : 0;
}

/* True when DHCP option @code holds exactly @want (@n bytes). */
static bool dhcp_option_is(FrameView v, size_t bootp, int code,
                           const void *want, size_t n)
{
    size_t data;
    int len;
    return dhcp_option_find(v, bootp, code, &data, &len) &&
           (size_t)len == n && frame_equal(v, data, want, n);
}

/* Offset of the BOOTP payload when @v is an IPv4/UDP 67->68 frame. */
static bool find_bootp_reply(FrameView v, size_t *bootp)
{
    if (frame_rd16(v, 12) != 0x0800 || frame_rd8(v, FRAME_ETH_LEN + 9) != 17) {
        return false;
    }
    size_t ihl = (size_t)(frame_rd8(v, FRAME_ETH_LEN) & 0xf) * 4;
    size_t udp = FRAME_ETH_LEN + ihl;
    if (frame_rd16(v, udp) != 67 || frame_rd16(v, udp + 2) != 68) {
        return false;
    }
    *bootp = udp + FRAME_UDP_LEN;
    return frame_has(v, *bootp, 240);
}

typedef struct Wait {
    TestPeer *peer;
    guint count;
} Wait;

static bool got_frames(void *data)
{
    Wait *w = data;
    return w->peer->frames->len >= w->count;
}

/* Asserts that @b is a DHCPOFFER of @yiaddr from @server. */
static void assert_offer(GBytes *b, uint32_t yiaddr, uint32_t server)
{
    FrameView v = frame_view(b);
    size_t bootp = 0;
    int len = 0;

    assert_true(find_bootp_reply(v, &bootp));
    assert_true(frame_equal(v, 6, (uint8_t[]){ 0x52, 0x55, 0x0a, 0, 2, 2 },
                            2));
    assert_int_equal(frame_rd32(v, FRAME_ETH_LEN + 12), server); /* IP src */
    assert_int_equal(frame_rd8(v, bootp), 2);                 /* BOOTREPLY */
    assert_int_equal(frame_rd32(v, bootp + 4), DHCP_XID);
    assert_int_equal(frame_rd32(v, bootp + 16), yiaddr);
    assert_true(frame_equal(v, bootp + 28, guest_mac, 6));
    assert_int_equal(frame_rd32(v, bootp + 236), 0x63825363);
    assert_int_equal(dhcp_option(v, bootp, 53, &len), 2);   /* OFFER */
    assert_int_equal(dhcp_option(v, bootp, 54, &len), server);
}

static void assert_arp_reply(GBytes *b, uint32_t sender, uint32_t target)
{
    static const uint8_t slirp_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
    FrameView v = frame_view(b);

    assert_int_equal(frame_rd16(v, 12), 0x0806);
    assert_true(frame_equal(v, 0, guest_mac, 6));
    assert_int_equal(frame_rd16(v, 20), 2);                   /* reply */
    assert_true(frame_equal(v, 22, slirp_mac, 6));
    assert_int_equal(frame_rd32(v, 28), sender);
    assert_true(frame_equal(v, 32, guest_mac, 6));
    assert_int_equal(frame_rd32(v, 38), target);
}

static void test_dhcp_and_arp(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    Error *err = NULL;

    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, &err));
    send_frame(p, dhcp_discover());
    Wait w = { p, 1 };
    assert_true(run_until(f, got_frames, &w));
    assert_offer(p->frames->pdata[0], 0x0a00020f, 0x0a000202);

    send_frame(p, frame_arp_request_new(guest_mac, 0x0a00020f, 0x0a000202));
    w.count = 2;
    assert_true(run_until(f, got_frames, &w));
    assert_arp_reply(p->frames->pdata[1], 0x0a000202, 0x0a00020f);
}

static void test_dhcp_custom_net(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);

    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"net\":\"192.168.76.0/24\","
                             "\"dhcpstart\":\"192.168.76.9\"}", &p->nc, NULL));
    send_frame(p, dhcp_discover());
    Wait w = { p, 1 };
    assert_true(run_until(f, got_frames, &w));
    assert_offer(p->frames->pdata[0], 0xc0a84c09, 0xc0a84c02);
}

/*
 * The peer cannot take frames: slirp's replies wait in its queue (with
 * slirp holding back host input) and arrive, in order, after the flush.
 */
static void test_hold_and_flush(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, NULL);
    NetSlirpState *s = net_slirp_state(nc);

    p->hold = true;
    send_frame(p, dhcp_discover());
    send_frame(p, frame_arp_request_new(guest_mac, 0x0a00020f, 0x0a000202));
    test_context_iterate(f->ctx, 20);
    assert_int_equal(p->frames->len, 0);
    assert_int_equal(s->frames_waiting, 2);
    assert_int_equal(nc->stats.drop_queue_full, 0);

    p->hold = false;
    assert_true(net_client_flush(&p->nc));
    assert_int_equal(p->frames->len, 2);
    assert_int_equal(s->frames_waiting, 0);
    assert_offer(p->frames->pdata[0], 0x0a00020f, 0x0a000202);
    assert_arp_reply(p->frames->pdata[1], 0x0a000202, 0x0a00020f);
}

/* A UDP datagram from the host reaches the guest through a host forward. */
typedef struct UdpWait {
    TestPeer *peer;
    int port;
} UdpWait;

static bool got_udp(void *data)
{
    UdpWait *w = data;
    for (guint i = 0; i < w->peer->frames->len; i++) {
        FrameView v = frame_view(w->peer->frames->pdata[i]);
        size_t udp = FRAME_ETH_LEN + FRAME_IP_LEN;
        if (frame_rd16(v, 12) == 0x0800 &&
            frame_rd8(v, FRAME_ETH_LEN + 9) == 17 &&
            frame_rd32(v, FRAME_ETH_LEN + 16) == 0x0a00020f &&
            frame_rd16(v, udp + 2) == w->port &&
            frame_equal(v, udp + FRAME_UDP_LEN, "hello", 5)) {
            return true;
        }
    }
    return false;
}

static void send_udp_to(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(sendto(fd, "hello", 5, 0, (struct sockaddr *)&a,
                            sizeof(a)), 5);
    close(fd);
}

static void test_hostfwd_live_udp(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, NULL);
    NetSlirpState *s = net_slirp_state(nc);
    NetSlirpHostFwd fwd, added;

    assert_true(net_slirp_hostfwd_parse("udp:127.0.0.1:0-:5000", false, &fwd,
                                        NULL));
    assert_true(net_slirp_hostfwd_add_fwd(f->ctx, "u", &fwd, &added, NULL));
    int port = net_slirp_sockaddr_port(&added.host);
    assert_true(port > 0);

    /* Held: the peer takes nothing, so slirp must not read the socket. */
    p->hold = true;
    /* teaches MAC */
    send_frame(p, frame_arp_request_new(guest_mac, 0x0a00020f, 0x0a000202));
    assert_int_equal(s->frames_waiting, 1);
    send_udp_to(port);
    test_context_iterate(f->ctx, 50);
    assert_int_equal(s->frames_waiting, 1);

    p->hold = false;
    net_client_flush(&p->nc);
    UdpWait w = { p, 5000 };
    assert_true(run_until(f, got_udp, &w));
}

/* hostname=, domainname=, dnssearch= and bootfile= reach the DHCP reply. */
static void test_dhcp_options(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    size_t bootp = 0;

    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"hostname\":\"vm1\",\"domainname\":\"example.org\","
                             "\"dnssearch\":[{\"str\":\"a.org\"}],"
                             "\"bootfile\":\"pxe.0\"}", &p->nc, NULL));
    send_frame(p, dhcp_discover());
    Wait w = { p, 1 };
    assert_true(run_until(f, got_frames, &w));
    FrameView v = frame_view(p->frames->pdata[0]);
    assert_true(find_bootp_reply(v, &bootp));
    assert_true(frame_equal(v, bootp + 108, "pxe.0", 6));      /* bp_file */
    assert_true(dhcp_option_is(v, bootp, 12, "vm1", 3));
    assert_true(dhcp_option_is(v, bootp, 15, "example.org", 11));
    /* RFC 3397 domain search list: a.org as DNS labels */
    assert_true(dhcp_option_is(v, bootp, 119, "\x01" "a\x03" "org", 7));
}

static bool got_tftp_data(void *data)
{
    Wait *w = data;
    for (guint i = 0; i < w->peer->frames->len; i++) {
        FrameView v = frame_view(w->peer->frames->pdata[i]);
        size_t udp = FRAME_ETH_LEN + FRAME_IP_LEN;
        if (frame_rd16(v, 12) == 0x0800 &&
            frame_rd8(v, FRAME_ETH_LEN + 9) == 17 &&
            frame_rd16(v, udp + 2) == 1234 &&
            frame_rd16(v, udp + FRAME_UDP_LEN) == 3) {
            return true;
        }
    }
    return false;
}

/* tftp=: a read request for a file in the directory gets its first block. */
static void test_tftp(void **state)
{
    Fixture *f = *state;
    g_autofree char *dir = g_dir_make_tmp("test-tftp.XXXXXX", NULL);
    g_autofree char *file = g_build_filename(dir, "boot.txt", NULL);
    assert_true(g_file_set_contents(file, "hi there", 8, NULL));
    TestPeer *p = peer_new(f->ctx);
    g_autofree char *json = g_strdup_printf(
        "{\"type\":\"user\",\"id\":\"u\",\"tftp\":\"%s\"}", dir);
    assert_non_null(user_new(f->ctx, json, &p->nc, NULL));

    /* teaches MAC */
    send_frame(p, frame_arp_request_new(guest_mac, 0x0a00020f, 0x0a000202));
    static const uint8_t rrq[] = "\0\1boot.txt\0octet";
    send_frame(p, frame_udp_new(guest_mac, 0x0a00020f, 0x0a000202, 1234, 69,
                                rrq, sizeof(rrq)));
    Wait w = { p, 0 };
    assert_true(run_until(f, got_tftp_data, &w));
    FrameView v = frame_view(p->frames->pdata[p->frames->len - 1]);
    size_t payload = FRAME_ETH_LEN + FRAME_IP_LEN + FRAME_UDP_LEN;
    assert_int_equal(frame_rd32(v, FRAME_ETH_LEN + 12), 0x0a000202);
    assert_int_equal(frame_rd16(v, payload), 3);          /* DATA */
    assert_int_equal(frame_rd16(v, payload + 2), 1);      /* block 1 */
    assert_true(frame_equal(v, payload + 4, "hi there", 8));
    assert_int_equal(frame_rd16(v, FRAME_ETH_LEN + FRAME_IP_LEN + 4),
                     FRAME_UDP_LEN + 4 + 8);
    unlink(file);
    rmdir(dir);
}

typedef struct TcpWait {
    TestPeer *peer;
    int port;               /* from 10.0.2.4:port */
    uint8_t flags;          /* all of these set */
    size_t min_payload;
    size_t found;           /* index + 1 of the matching frame */
} TcpWait;

/* A TCP segment from 10.0.2.4:port to the guest. */
static bool got_tcp(void *data)
{
    TcpWait *w = data;
    for (guint i = 0; i < w->peer->frames->len; i++) {
        FrameView v = frame_view(w->peer->frames->pdata[i]);
        size_t tcp = FRAME_ETH_LEN + FRAME_IP_LEN;
        long total = frame_rd16(v, FRAME_ETH_LEN + 2);
        long doff = (frame_rd8(v, tcp + 12) >> 4) * 4;
        if (frame_rd16(v, 12) == 0x0800 &&
            frame_rd8(v, FRAME_ETH_LEN + 9) == 6 &&
            frame_rd32(v, FRAME_ETH_LEN + 12) == 0x0a000204 &&
            frame_rd16(v, tcp) == w->port &&
            (frame_rd8(v, tcp + 13) & w->flags) == w->flags &&
            total - FRAME_IP_LEN - doff >= (long)w->min_payload) {
            w->found = i + 1;
            return true;
        }
    }
    return false;
}

/*
 * Connects from the guest (10.0.2.15:40000) to 10.0.2.4:@port, and returns
 * the first data the far end sends.
 */
static char *tcp_first_data(Fixture *f, TestPeer *p, int port)
{
    const uint32_t guest = 0x0a00020f, server = 0x0a000204;
    size_t tcp = FRAME_ETH_LEN + FRAME_IP_LEN;

    /* teaches MAC */
    send_frame(p, frame_arp_request_new(guest_mac, guest, 0x0a000202));
    send_frame(p, frame_tcp_new(guest_mac, guest, server, 40000,
                                (uint16_t)port, 1000, 0, FRAME_TCP_SYN,
                                NULL, 0));
    TcpWait w = { p, port, FRAME_TCP_SYN | FRAME_TCP_ACK, 0, 0 };
    assert_true(run_until(f, got_tcp, &w));
    FrameView v = frame_view(p->frames->pdata[w.found - 1]);
    assert_int_equal(frame_rd16(v, tcp + 2), 40000);
    assert_int_equal(frame_rd32(v, tcp + 8), 1001);
    uint32_t their_seq = (uint32_t)frame_rd32(v, tcp + 4);

    send_frame(p, frame_tcp_new(guest_mac, guest, server, 40000,
                                (uint16_t)port, 1001, their_seq + 1,
                                FRAME_TCP_ACK, NULL, 0));
    TcpWait data = { p, port, FRAME_TCP_ACK, 1, 0 };
    g_ptr_array_set_size(p->frames, 0);
    assert_true(run_until(f, got_tcp, &data));
    v = frame_view(p->frames->pdata[data.found - 1]);
    size_t doff = (size_t)(frame_rd8(v, tcp + 12) >> 4) * 4;
    long len = frame_rd16(v, FRAME_ETH_LEN + 2) - FRAME_IP_LEN - (long)doff;
    assert_true(len > 0 && frame_has(v, tcp + doff, (size_t)len));
    return g_strndup((const char *)v.data + tcp + doff, (gsize)len);
}

/*
 * guestfwd=tcp::1234-cmd:...: a guest connection to 10.0.2.4:1234 (the
 * default server) runs the command, whose output reaches the guest.
 */
static void test_guestfwd_cmd_live(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);

    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"guestfwd\":[\"tcp::1234-cmd:echo hi\"]}",
                             &p->nc, NULL));
    g_autofree char *got = tcp_first_data(f, p, 1234);
    assert_string_equal(got, "hi\n");
}

/*
 * smb=: a guest connection to 10.0.2.4:445 runs "smbd -l DIR -s CONF" (a
 * stand-in smbd here, in a directory with a space in its name).
 */
static void test_smb_live(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    g_autofree char *bin = g_dir_make_tmp("test smbd.XXXXXX", NULL);
    g_autofree char *smbd = g_build_filename(bin, "smbd", NULL);
    assert_true(g_file_set_contents(smbd, "#!/bin/sh\necho \"$1|$2|$3|$4\"\n",
                                    -1, NULL));
    assert_int_equal(chmod(smbd, 0755), 0);
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, NULL);
    NetSlirpState *s = net_slirp_state(nc);
    struct in_addr any = { 0 };

    s->smb = net_slirp_smb_new(smbd, "/tmp", NULL);   /* freed with nc */
    assert_non_null(s->smb);
    assert_true(net_slirp_smb_start(s->smb, s->slirp, any, NULL));
    g_autofree char *dir = g_strdup(net_slirp_smb_dir(s->smb));
    g_autofree char *got = tcp_first_data(f, p, 445);
    g_autofree char *want = g_strdup_printf("-l|%s|-s|%s/smb.conf\n", dir,
                                            dir);
    assert_string_equal(got, want);

    net_client_free(nc);
    assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
    unlink(smbd);
    rmdir(bin);
}

/* ------------------------------------------------------------------ */
/* Monitor: info usernet, hostfwd_add / hostfwd_remove.               */

static void test_info_usernet(void **state)
{
    Fixture *f = *state;
    g_autoptr(GString) out = g_string_new(NULL);
    int port = free_port();

    g_autofree char *json = g_strdup_printf(
        "{\"type\":\"user\",\"id\":\"u\",\"hostfwd\":"
        "[\"udp:127.0.0.1:%d-10.0.2.20:53\"]}", port);
    assert_non_null(user_new(f->ctx, json, NULL, NULL));
    /* a second one, behind hub 0 */
    NetClient *port0 = net_hub_add_port(f->ctx, 0, NULL, NULL);
    JsonObject *opts = test_json_object("{\"type\":\"user\",\"id\":\"n1\"}");
    assert_true(net_slirp_init(f->ctx, opts, "n1", port0, NULL));
    json_object_unref(opts);

    net_slirp_info_usernet(f->ctx, out);
    g_auto(GStrv) lines = g_strsplit(out->str, "\n", -1);
    assert_string_equal(lines[0], "Hub -1 (u):");
    assert_string_equal(lines[1], "  Protocol[State]    FD  Source Address  "
                        "Port   Dest. Address  Port RecvQ SendQ");
    g_autofree char *tail = g_strdup_printf(
        "       127.0.0.1 %5d       10.0.2.20    53     0     0", port);
    assert_true(g_str_has_prefix(lines[2], "  UDP[HOST_FORWARD]"));
    assert_true(g_str_has_suffix(lines[2], tail));
    assert_string_equal(lines[3], "Hub 0 (n1):");
    assert_true(g_str_has_prefix(lines[4], "  Protocol[State]"));
    assert_string_equal(lines[5], "");
    assert_null(lines[6]);
}

/* Through the real monitor, as a user types it. */
static char *hmp_run(QnetContext *ctx, const char *cmd, const char *a1,
                     const char *a2)
{
    g_autofree char *line = g_strdup_printf("%s %s %s", cmd, a1,
                                            a2 ? a2 : "");
    return qnet_hmp_command(ctx, line);
}

static char *hmp_add(QnetContext *ctx, const char *a1, const char *a2)
{
    return hmp_run(ctx, "hostfwd_add", a1, a2);
}

static char *hmp_remove(QnetContext *ctx, const char *a1, const char *a2)
{
    return hmp_run(ctx, "hostfwd_remove", a1, a2);
}

#define ASSERT_HMP(call, want) \
    do { \
        g_autofree char *got_ = (call); \
        assert_string_equal(got_, (want)); \
    } while (0)

static void test_hmp_hostfwd(void **state)
{
    Fixture *f = *state;
    int p1 = free_port(), p2 = free_port();
    g_autofree char *r1 = g_strdup_printf("tcp::%d-:22", p1);
    g_autofree char *r2 = g_strdup_printf("udp::%d-:53", p2);
    g_autofree char *rm1 = g_strdup_printf("tcp::%d", p1);
    g_autofree char *rm2 = g_strdup_printf("udp::%d", p2);
    g_autofree char *rm1_wrapped = g_strdup_printf("tcp::%d", p1 + 65536);

    ASSERT_HMP(hmp_add(f->ctx, r1, NULL),
               "user mode network stack not in use\n");
    ASSERT_HMP(hmp_remove(f->ctx, rm1, NULL),
               "user mode network stack not in use\n");

    net_hub_add_port(f->ctx, 3, "h", NULL);
    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}", NULL,
                             NULL));
    JsonObject *opts = test_json_object("{\"type\":\"user\",\"id\":\"u2\"}");
    assert_true(net_slirp_init(f->ctx, opts, "u2", NULL, NULL));
    json_object_unref(opts);

    ASSERT_HMP(hmp_add(f->ctx, "nope", r1), "unrecognized netdev id 'nope'\n");
    ASSERT_HMP(hmp_add(f->ctx, "h", r1), "invalid device specified\n");
    ASSERT_HMP(hmp_add(f->ctx, "foo", NULL),
               "Invalid host forwarding rule 'foo' (No : separators)\n");
    ASSERT_HMP(hmp_add(f->ctx, r1, NULL), "");
    g_autofree char *dup = g_strdup_printf(
        "Could not set up host forwarding rule '%s'\n", r1);
    ASSERT_HMP(hmp_add(f->ctx, r1, NULL), dup);
    ASSERT_HMP(hmp_add(f->ctx, "u2", r2), "");

    /* The first netdev got r1, u2 got r2. */
    g_autoptr(GArray) l1 = net_slirp_hostfwd_list(f->ctx, NULL, NULL);
    g_autoptr(GArray) l2 = net_slirp_hostfwd_list(f->ctx, "u2", NULL);
    assert_int_equal(l1->len, 1);
    assert_int_equal(l2->len, 1);
    g_autofree char *t1 = net_slirp_hostfwd_to_string(
        &g_array_index(l1, NetSlirpHostFwd, 0));
    g_autofree char *want1 = g_strdup_printf("tcp::%d-10.0.2.15:22", p1);
    assert_string_equal(t1, want1);

    g_autofree char *removed = g_strdup_printf(
        "host forwarding rule for %s removed\n", rm1_wrapped);
    g_autofree char *not_found = g_strdup_printf(
        "host forwarding rule for %s not found\n", rm1);
    ASSERT_HMP(hmp_remove(f->ctx, rm1_wrapped, NULL), removed);
    ASSERT_HMP(hmp_remove(f->ctx, rm1, NULL), not_found);
    g_autofree char *removed2 = g_strdup_printf(
        "host forwarding rule for %s removed\n", rm2);
    ASSERT_HMP(hmp_remove(f->ctx, "u2", rm2), removed2);
    ASSERT_HMP(hmp_remove(f->ctx, "foo", NULL), "invalid format\n");
    ASSERT_HMP(hmp_remove(f->ctx, "tcp::x", NULL), "invalid format\n");
    ASSERT_HMP(hmp_remove(f->ctx, "nope", "tcp::1"),
               "unrecognized netdev id 'nope'\n");
    ASSERT_HMP(hmp_remove(f->ctx, "h", "tcp::1"),
               "invalid device specified\n");

    g_autoptr(GArray) empty = net_slirp_hostfwd_list(f->ctx, NULL, NULL);
    assert_int_equal(empty->len, 0);
}

static void test_structured_hostfwd(void **state)
{
    Fixture *f = *state;
    NetSlirpHostFwd fwd = { 0 }, added;
    Error *err = NULL;

    assert_false(net_slirp_hostfwd_add_fwd(f->ctx, NULL, &fwd, NULL, &err));
    assert_string_equal(error_get_pretty(err),
                        "user mode network stack not in use");
    g_clear_pointer(&err, error_free);
    assert_null(net_slirp_hostfwd_list(f->ctx, "u", &err));
    assert_string_equal(error_get_pretty(err), "unrecognized netdev id 'u'");
    g_clear_pointer(&err, error_free);

    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"dhcpstart\":\"10.0.2.30\"}", NULL, NULL));
    assert_true(net_slirp_hostfwd_parse("tcp:127.0.0.1:0-:22", false, &fwd,
                                        NULL));
    assert_true(net_slirp_hostfwd_add_fwd(f->ctx, "u", &fwd, &added, NULL));
    int port = net_slirp_sockaddr_port(&added.host);
    assert_true(port > 0);
    assert_int_equal(ntohl(added.guest.in.sin_addr.s_addr), 0x0a00021e);

    /* The bound port is the one listening. */
    g_autoptr(GString) info = g_string_new(NULL);
    net_slirp_info_usernet(f->ctx, info);
    g_autofree char *cell = g_strdup_printf("127.0.0.1 %5d       10.0.2.30",
                                            port);
    assert_non_null(strstr(info->str, cell));

    g_autoptr(GArray) list = net_slirp_hostfwd_list(f->ctx, NULL, NULL);
    assert_int_equal(list->len, 1);
    assert_true(net_slirp_sockaddr_equal(
        &g_array_index(list, NetSlirpHostFwd, 0).host, &added.host));

    assert_true(net_slirp_hostfwd_remove_fwd(f->ctx, "u", &added, NULL));
    assert_false(net_slirp_hostfwd_remove_fwd(f->ctx, "u", &added, &err));
    g_autofree char *want = g_strdup_printf(
        "host forwarding rule for tcp:127.0.0.1:%d not found", port);
    assert_string_equal(error_get_pretty(err), want);
    g_clear_pointer(&err, error_free);

    /* IPv6, where the host has it */
    int probe = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
                                .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    bool have_ipv6 = probe >= 0 &&
                     bind(probe, (struct sockaddr *)&lo6, sizeof(lo6)) == 0;
    if (probe >= 0) {
        close(probe);
    }
    if (!have_ipv6) {
        return;
    }
    assert_true(net_slirp_hostfwd_parse("tcp:[::1]:0-[fec0::15]:22", true,
                                        &fwd, NULL));
    assert_true(net_slirp_hostfwd_add_fwd(f->ctx, NULL, &fwd, &added, NULL));
    assert_int_equal(added.host.sa.sa_family, AF_INET6);
    assert_true(net_slirp_sockaddr_port(&added.host) > 0);
    assert_true(net_slirp_hostfwd_remove_fwd(f->ctx, NULL, &added, NULL));
}

/* A bad dnssearch entry: libslirp's warning comes through the log. */
static void test_dnssearch_warning(void **state)
{
    Fixture *f = *state;

    assert_non_null(user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\","
                             "\"dnssearch\":[\"..bad\"]}", NULL, NULL));
    assert_non_null(strstr(f->log->str,
                           "Slirp: failed to parse domain name '..bad'"));
}

/* ------------------------------------------------------------------ */
/* The DHCP guard.  libslirp 4.7 keeps a reply buffer for good on each */
/* DHCP request it has no lease for (src/bootp.c, "no address left"); */
/* once its 16 leases are out, qnet keeps those requests from it.     */

enum {
    DHCP_DISCOVER = 1, DHCP_OFFER = 2, DHCP_REQUEST = 3, DHCP_ACK = 5,
    DHCP_NAK = 6, DHCP_RELEASE = 7,
};
enum { LEASES = 16, LEASE0 = 0x0a00020f, SLIRP_HOST = 0x0a000202 };
/* Where the client hardware address sits in dhcp_msg()'s frames. */
enum { CHADDR_OFF = FRAME_ETH_LEN + FRAME_IP_LEN + FRAME_UDP_LEN + 28 };

/* Client @i's MAC: 52:54:01 and @i in 24 bits. */
static void client_mac(uint32_t i, uint8_t mac[6])
{
    const uint8_t m[6] = { 0x52, 0x54, 0x01, (uint8_t)(i >> 16),
                           (uint8_t)(i >> 8), (uint8_t)i };
    memcpy(mac, m, 6);
}

/* Sets the Ethernet source and chaddr of a dhcp_msg() frame. */
static void set_client(GByteArray *frame, const uint8_t mac[6])
{
    memcpy(frame->data + 6, mac, 6);
    memcpy(frame->data + CHADDR_OFF, mac, 6);
}

/*
 * A BOOTP request from @mac to @dst: DHCP message @type (0: no cookie, a
 * plain BOOTP request), option 50 = @req unless 0, ciaddr @ciaddr.
 */
static GByteArray *dhcp_msg_to(const uint8_t mac[6], uint32_t dst, int type,
                               uint32_t req, uint32_t ciaddr)
{
    uint8_t bootp[BOOTP_LEN] = { 0 };
    size_t o = 240;

    bootp[0] = 1;
    bootp[1] = 1;
    bootp[2] = 6;
    frame_put32(bootp + 4, DHCP_XID);
    frame_put32(bootp + 12, ciaddr);
    if (type) {
        frame_put32(bootp + 236, 0x63825363);
        bootp[o++] = 53;
        bootp[o++] = 1;
        bootp[o++] = (uint8_t)type;
        if (req) {
            bootp[o++] = 50;
            bootp[o++] = 4;
            frame_put32(bootp + o, req);
            o += 4;
        }
        bootp[o] = 255;
    }
    GByteArray *frame = frame_udp_new(mac, ciaddr, dst, 68, 67, bootp,
                                      sizeof(bootp));
    set_client(frame, mac);
    return frame;
}

static GByteArray *dhcp_msg(const uint8_t mac[6], int type, uint32_t req,
                            uint32_t ciaddr)
{
    return dhcp_msg_to(mac, 0xffffffffu, type, req, ciaddr);
}

/* Asserts that the one frame after the first @*seen is a DHCP @type for @mac. */
static void expect_reply(TestPeer *p, guint *seen, int type, uint32_t yiaddr,
                         const uint8_t mac[6])
{
    size_t bootp = 0;
    int len = 0;

    assert_int_equal(p->frames->len, *seen + 1);
    FrameView v = frame_view(p->frames->pdata[(*seen)++]);
    assert_true(find_bootp_reply(v, &bootp));
    assert_int_equal(dhcp_option(v, bootp, 53, &len), type);
    assert_int_equal(frame_rd32(v, bootp + 16), yiaddr);
    assert_true(frame_equal(v, bootp + 28, mac, 6));
}

/* Clients 0..15 ask in turn; each gets an offer of its own lease. */
static void fill_leases(TestPeer *p, guint *seen)
{
    uint8_t mac[6];
    for (uint32_t i = 0; i < LEASES; i++) {
        client_mac(i, mac);
        send_frame(p, dhcp_msg(mac, DHCP_DISCOVER, 0, 0));
        expect_reply(p, seen, DHCP_OFFER, LEASE0 + i, mac);
    }
}

/* Heap bytes in use, or 0 where malloc cannot tell (sanitizer builds). */
static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static bool heap_measurable(void)
{
    size_t before = heap_in_use();
    void *block = g_malloc(64 << 10);
    bool ok = heap_in_use() >= before + (64 << 10);
    g_free(block);
    return ok;
}

/* Sends @n copies of @frame from clients @first.., directly to libslirp
 * when @direct (past the guard). */
static void flood(NetSlirpState *s, TestPeer *p, GByteArray *frame,
                  uint32_t first, uint32_t n, bool direct)
{
    uint8_t mac[6];
    for (uint32_t i = first; i < first + n; i++) {
        client_mac(i, mac);
        set_client(frame, mac);
        if (direct) {
            slirp_input(s->slirp, frame->data, (int)frame->len);
        } else {
            net_client_send(&p->nc, frame->data, frame->len, NULL);
        }
    }
}

static JsonObject *query_stats(QnetContext *ctx, const char *name)
{
    g_autoptr(JsonObject) info = qmp_net_info(ctx);
    JsonArray *clients = json_object_get_array_member(info, "clients");
    for (guint i = 0; i < json_array_get_length(clients); i++) {
        JsonObject *c = json_array_get_object_element(clients, i);
        if (g_str_equal(json_object_get_string_member(c, "name"), name)) {
            return json_object_ref(json_object_get_object_member(c, "stats"));
        }
    }
    return NULL;
}

/*
 * 16 clients get leases; 20000 DISCOVERs and address-less REQUESTs from
 * new clients are dropped before libslirp (nothing answered, heap flat),
 * counted in x-qnet-query-net, with one warning.
 */
static void test_dhcp_guard_pool_full(void **state)
{
    enum { FLOOD = 20000 };
    Fixture *f = *state;
    /* Not TEST_PEER_NIC: x-qnet-query-net reads a real NIC's state. */
    TestPeer *p = test_peer_new(f->ctx, TEST_PEER_PROBE, "test", "guest",
                                NULL);
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, NULL);
    NetSlirpState *s = net_slirp_state(nc);
    uint8_t mac[6] = { 0 };
    guint seen = 0;

    fill_leases(p, &seen);
    assert_true(net_slirp_dhcp_guard_full(&s->dhcp_guard));
    assert_int_equal(s->dhcp_guard.drops, 0);
    assert_null(strstr(f->log->str, "DHCP leases"));

    GByteArray *discover = dhcp_msg(mac, DHCP_DISCOVER, 0, 0);
    GByteArray *request = dhcp_msg(mac, DHCP_REQUEST, 0, 0);
    size_t heap0 = heap_in_use();
    flood(s, p, discover, 1000, FLOOD / 2, false);
    flood(s, p, request, 1000 + FLOOD / 2, FLOOD / 2, false);
    size_t heap1 = heap_in_use();
    test_context_iterate(f->ctx, 3);
    assert_int_equal(p->frames->len, seen);
    assert_int_equal(s->dhcp_guard.drops, FLOOD);
    if (heap_measurable()) {
        /* libslirp itself would keep ~1.6 KiB a request: 32 MiB */
        assert_true(heap1 < heap0 + (256 << 10));
    }
    g_autoptr(JsonObject) stats = query_stats(f->ctx, "u");
    assert_non_null(stats);
    assert_int_equal(json_object_get_int_member(stats, "drop-dhcp-pool-full"),
                     FLOOD);
    g_autoptr(JsonObject) nic_stats = query_stats(f->ctx, "guest");
    assert_false(json_object_has_member(nic_stats, "drop-dhcp-pool-full"));
    uint64_t drops = 0;
    assert_true(net_slirp_dhcp_drops(nc, &drops));
    assert_int_equal(drops, FLOOD);
    assert_false(net_slirp_dhcp_drops(&p->nc, &drops));
    const char *warning = strstr(f->log->str, "user netdev 'u': all 16 DHCP "
                                 "leases are taken; DHCP requests from other "
                                 "clients are ignored");
    assert_non_null(warning);
    assert_null(strstr(strstr(warning, "ignored"), "DHCP leases"));
    g_byte_array_unref(discover);
    g_byte_array_unref(request);
}

/*
 * With every lease out, lease holders still renew in each form libslirp
 * answers; requests that name an address still get their NAK; only
 * requests that want a new lease from others are dropped.
 */
static void test_dhcp_guard_renew(void **state)
{
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, NULL);
    NetSlirpState *s = net_slirp_state(nc);
    uint8_t mac[6], other[6];
    guint seen = 0;
    const uint32_t ip5 = LEASE0 + 5;

    fill_leases(p, &seen);
    client_mac(5, mac);
    send_frame(p, dhcp_msg(mac, DHCP_REQUEST, ip5, 0));          /* SELECTING */
    expect_reply(p, &seen, DHCP_ACK, ip5, mac);
    send_frame(p, dhcp_msg_to(mac, SLIRP_HOST, DHCP_REQUEST, 0, ip5)); /* RENEWING */
    expect_reply(p, &seen, DHCP_ACK, ip5, mac);
    send_frame(p, dhcp_msg(mac, DHCP_REQUEST, 0, 0));     /* neither: by MAC */
    expect_reply(p, &seen, DHCP_ACK, ip5, mac);
    send_frame(p, dhcp_msg(mac, DHCP_DISCOVER, 0, 0));
    expect_reply(p, &seen, DHCP_OFFER, ip5, mac);
    send_frame(p, dhcp_msg(mac, 0, 0, 0));                 /* plain BOOTP */
    expect_reply(p, &seen, DHCP_ACK, ip5, mac);
    assert_int_equal(s->dhcp_guard.drops, 0);

    client_mac(99, other);
    send_frame(p, dhcp_msg(other, DHCP_REQUEST, ip5, 0));    /* taken */
    expect_reply(p, &seen, DHCP_NAK, 0xffffffffu, other);
    send_frame(p, dhcp_msg(other, DHCP_REQUEST, 0, 0x0a000240)); /* ciaddr */
    expect_reply(p, &seen, DHCP_NAK, 0xffffffffu, other);
    send_frame(p, dhcp_msg(other, DHCP_RELEASE, 0, 0));   /* ignored */
    assert_int_equal(p->frames->len, seen);
    assert_int_equal(s->dhcp_guard.drops, 0);

    send_frame(p, dhcp_msg(other, DHCP_REQUEST, 0, 0));
    send_frame(p, dhcp_msg(other, DHCP_DISCOVER, ip5, 0)); /* wish: taken */
    send_frame(p, dhcp_msg(other, 0, 0, 0x0a000240));       /* BOOTP */
    send_frame(p, dhcp_msg_to(other, SLIRP_HOST, DHCP_DISCOVER, 0, 0));
    test_context_iterate(f->ctx, 3);
    assert_int_equal(p->frames->len, seen);
    assert_int_equal(s->dhcp_guard.drops, 4);
}

/*
 * What the guard relies on, checked on libslirp itself (past the guard):
 * a request it has no lease for costs it heap for good, a DHCPRELEASE
 * frees no lease, and it reads options only up to the UDP length.  If a
 * newer libslirp changes any of this, slirp-dhcp-guard.c needs a look.
 */
static void test_dhcp_guard_libslirp_facts(void **state)
{
    enum { N = 2000 };
    Fixture *f = *state;
    TestPeer *p = peer_new(f->ctx);
    NetClient *nc = user_new(f->ctx, "{\"type\":\"user\",\"id\":\"u\"}",
                             &p->nc, NULL);
    NetSlirpState *s = net_slirp_state(nc);
    uint8_t mac[6], other[6];
    guint seen = 0;

    fill_leases(p, &seen);
    client_mac(0, mac);
    client_mac(77, other);
    GByteArray *frame = dhcp_msg(mac, DHCP_RELEASE, LEASE0, LEASE0);
    slirp_input(s->slirp, frame->data, (int)frame->len);
    g_byte_array_unref(frame);
    frame = dhcp_msg(other, DHCP_DISCOVER, 0, 0);
    slirp_input(s->slirp, frame->data, (int)frame->len);
    assert_int_equal(p->frames->len, seen);     /* lease 0 is still out */

    if (heap_measurable()) {
        size_t heap0 = heap_in_use();
        flood(s, p, frame, 5000, N, true);
        assert_true(heap_in_use() > heap0 + N * 1024);
        assert_int_equal(p->frames->len, seen);
    }
    g_byte_array_unref(frame);

    /* Options past the UDP length (but inside the IP packet) are not read:
     * here a RELEASE inside it, a DISCOVER after it. */
    client_mac(3, mac);
    frame = dhcp_msg(mac, DHCP_RELEASE, 0, 0);
    uint8_t *opts = frame->data + CHADDR_OFF - 28 + 240;
    memcpy(opts + 3, (uint8_t[]){ 53, 1, DHCP_DISCOVER, 255 }, 4);
    frame_put16(frame->data + FRAME_ETH_LEN + FRAME_IP_LEN + 4,
                FRAME_UDP_LEN + 243);
    slirp_input(s->slirp, frame->data, (int)frame->len);
    assert_int_equal(p->frames->len, seen);
    frame_put16(frame->data + FRAME_ETH_LEN + FRAME_IP_LEN + 4,
                FRAME_UDP_LEN + BOOTP_LEN);
    slirp_input(s->slirp, frame->data, (int)frame->len);
    expect_reply(p, &seen, DHCP_OFFER, LEASE0 + 3, mac);
    g_byte_array_unref(frame);
}

/* A DHCPOFFER or other reply from libslirp to client @mac. */
static GByteArray *dhcp_reply(const uint8_t mac[6], int type, uint32_t yiaddr)
{
    static const uint8_t slirp_mac[6] = { 0x52, 0x55, 0x0a, 0, 2, 2 };
    uint8_t bootp[BOOTP_LEN] = { 0 };

    bootp[0] = 2;
    bootp[1] = 1;
    bootp[2] = 6;
    frame_put32(bootp + 16, yiaddr);
    memcpy(bootp + 28, mac, 6);
    frame_put32(bootp + 236, 0x63825363);
    memcpy(bootp + 240, (uint8_t[]){ 53, 1, (uint8_t)type, 255 }, 4);
    return frame_udp_new(slirp_mac, SLIRP_HOST, 0xffffffffu, 67, 68, bootp,
                         sizeof(bootp));
}

static bool admit(NetSlirpDhcpGuard *g, GByteArray *frame, size_t len)
{
    return net_slirp_dhcp_guard_admit(g, frame->data, len);
}

/* Cuts @frame to a fragment (RFC 791: flags and offset @frag) of @len
 * bytes of IP payload. */
static void set_fragment(GByteArray *frame, uint16_t frag, size_t len)
{
    uint8_t *ip = frame->data + FRAME_ETH_LEN;
    frame_put16(ip + 2, (uint16_t)(FRAME_IP_LEN + len));
    frame_put16(ip + 6, frag);
    frame_put16(ip + 10, 0);
    frame_put16(ip + 10, frame_ip_checksum(ip, FRAME_IP_LEN));
    g_byte_array_set_size(frame, (guint)(FRAME_ETH_LEN + FRAME_IP_LEN + len));
}

/* @frame with 4 bytes of IPv4 options (NOPs, RFC 791) after its header. */
static GByteArray *with_ip_options(GByteArray *frame)
{
    size_t at = FRAME_ETH_LEN + FRAME_IP_LEN;
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, frame->data, (guint)at);
    g_byte_array_append(out, (uint8_t[]){ 1, 1, 1, 1 }, 4);
    g_byte_array_append(out, frame->data + at, frame->len - (guint)at);
    out->data[FRAME_ETH_LEN] = 0x46;
    frame_put16(out->data + FRAME_ETH_LEN + 2,
                (uint16_t)(out->len - FRAME_ETH_LEN));
    g_byte_array_unref(frame);
    return out;
}

/* Learning, and which frames the full guard drops, without libslirp. */
static void test_dhcp_guard_frames(void **state)
{
    NetSlirpDhcpGuard g;
    struct in_addr host = { htonl(SLIRP_HOST) }, start = { htonl(LEASE0) };
    uint8_t mac[6], other[6];

    net_slirp_dhcp_guard_init(&g, host, start);
    client_mac(1, mac);
    client_mac(500, other);
    GByteArray *offer = dhcp_reply(mac, DHCP_OFFER, LEASE0);
    GByteArray *discover = dhcp_msg(other, DHCP_DISCOVER, 0, 0);

    /* Learned only while a request is inside libslirp, only OFFER/ACK
     * of an address in the pool. */
    net_slirp_dhcp_guard_learn(&g, offer->data, offer->len);
    assert_int_equal(g.leased, 0);
    assert_true(admit(&g, discover, discover->len));
    g_autoptr(GByteArray) nak = dhcp_reply(mac, DHCP_NAK, LEASE0);
    g_autoptr(GByteArray) far = dhcp_reply(mac, DHCP_ACK, LEASE0 + LEASES);
    net_slirp_dhcp_guard_learn(&g, nak->data, nak->len);
    net_slirp_dhcp_guard_learn(&g, far->data, far->len);
    for (size_t n = 0; n < offer->len; n++) {
        net_slirp_dhcp_guard_learn(&g, offer->data, n);    /* truncated */
    }
    assert_int_equal(g.leased, 0);
    for (uint32_t i = 0; i < LEASES; i++) {
        assert_false(net_slirp_dhcp_guard_full(&g));
        client_mac(i, mac);
        GByteArray *r = dhcp_reply(mac, i % 2 ? DHCP_ACK : DHCP_OFFER,
                                   LEASE0 + i);
        assert_true(admit(&g, discover, discover->len));
        net_slirp_dhcp_guard_learn(&g, r->data, r->len);
        g_byte_array_unref(r);
    }
    net_slirp_dhcp_guard_done(&g);
    assert_true(net_slirp_dhcp_guard_full(&g));

    /* Every truncation is read safely; only the whole frame (or one with
     * Ethernet padding) is a request. */
    for (size_t n = 0; n < discover->len; n++) {
        assert_true(admit(&g, discover, n));
    }
    assert_false(admit(&g, discover, discover->len));
    g_byte_array_append(discover, (uint8_t[4]){ 0 }, 4);
    assert_false(admit(&g, discover, discover->len));
    assert_int_equal(g.drops, 2);

    /* The same to libslirp's address, past IP options, or as fragments. */
    g_autoptr(GByteArray) unicast = dhcp_msg_to(other, SLIRP_HOST,
                                                DHCP_DISCOVER, 0, 0);
    assert_false(admit(&g, unicast, unicast->len));
    g_autoptr(GByteArray) opts = with_ip_options(
        dhcp_msg(other, DHCP_DISCOVER, 0, 0));
    assert_false(admit(&g, opts, opts->len));
    g_autoptr(GByteArray) first = dhcp_msg(other, DHCP_DISCOVER, 0, 0);
    set_fragment(first, 0x2000, 40);                /* first of several */
    assert_false(admit(&g, first, first->len));
    set_fragment(first, 0x2000, 4);                 /* UDP header cut */
    assert_false(admit(&g, first, first->len));
    assert_int_equal(g.drops, 6);
    g_autoptr(GByteArray) later = dhcp_msg(other, DHCP_DISCOVER, 0, 0);
    set_fragment(later, 0x0005, 64);                /* at byte 40 */
    assert_true(admit(&g, later, later->len));
    assert_true(g.pending);                         /* it may complete one */

    /* Not for libslirp's DHCP server: passed. */
    g_autoptr(GByteArray) elsewhere = dhcp_msg_to(other, 0x0a000263,
                                                  DHCP_DISCOVER, 0, 0);
    assert_true(admit(&g, elsewhere, elsewhere->len));
    frame_put16(discover->data + FRAME_ETH_LEN + FRAME_IP_LEN + 2, 68);
    assert_true(admit(&g, discover, discover->len));
    g_autoptr(GByteArray) tcp = frame_tcp_new(other, 0, 0xffffffffu, 68, 67,
                                              0, 0, FRAME_TCP_SYN, NULL, 0);
    assert_true(admit(&g, tcp, tcp->len));
    g_autoptr(GByteArray) arp = frame_arp_request_new(other, 0, SLIRP_HOST);
    assert_true(admit(&g, arp, arp->len));
    assert_int_equal(g.drops, 6);
    g_byte_array_unref(offer);
    g_byte_array_unref(discover);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_host, setup, teardown),
        cmocka_unit_test(test_config_values),
        cmocka_unit_test(test_hostfwd_parse),
        cmocka_unit_test(test_hostfwd_parse_fields),
        cmocka_unit_test(test_hostfwd_parse_remove),
        cmocka_unit_test(test_guestfwd_parse),
        cmocka_unit_test(test_smb),
        cmocka_unit_test_setup_teardown(test_dhcp_and_arp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dhcp_custom_net, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dhcp_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tftp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guestfwd_cmd_live, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_smb_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_and_flush, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostfwd_live_udp, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_info_usernet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hmp_hostfwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_structured_hostfwd, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dnssearch_warning, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dhcp_guard_pool_full, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dhcp_guard_renew, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dhcp_guard_libslirp_facts,
                                        setup, teardown),
        cmocka_unit_test(test_dhcp_guard_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
