/* test-chardev.c: chardev options, legacy specs, info order, and live unix/tcp/file/pipe/null chardevs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "chardev/char-opts.h"
#include "chardev/char.h"

/* Every wait in this file gives up after this long. */
#define WAIT_MS 5000

/* ------------------------------------------------------------------ */
/* Fixture: a private main context, a registry, a log and a temp dir.  */

typedef struct Fixture {
    int fds_at_start;         /* open fds before the test */
    GMainContext *mc;
    ChardevRegistry *reg;
    GPtrArray *log;           /* "LEVEL|location|message" */
    char *dir;
} Fixture;

static void log_capture(void *opaque, QnetLogLevel level,
                        const char *location, const char *message)
{
    Fixture *f = opaque;
    g_ptr_array_add(f->log, g_strdup_printf("%d|%s|%s", level,
                                            location ? location : "",
                                            message));
}

static int open_fds(void)
{
    GDir *d = g_dir_open("/proc/self/fd", 0, NULL);
    int n = 0;
    while (d && g_dir_read_name(d)) {
        n++;
    }
    if (d) {
        g_dir_close(d);
    }
    return n;
}

static int fixture_setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    f->fds_at_start = open_fds();
    f->mc = g_main_context_new();
    f->reg = chardev_registry_new(f->mc);
    f->log = g_ptr_array_new_with_free_func(g_free);
    f->dir = g_dir_make_tmp("qnet-chardev-XXXXXX", NULL);
    assert_non_null(f->dir);
    chardev_registry_set_log(f->reg, log_capture, f);
    *state = f;
    return 0;
}

static void remove_tree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);
        unlink(p);
    }
    if (d) {
        g_dir_close(d);
    }
    rmdir(dir);
}

static int fixture_teardown(void **state)
{
    Fixture *f = *state;
    chardev_registry_free(f->reg);
    g_main_context_unref(f->mc);
    g_ptr_array_free(f->log, TRUE);
    remove_tree(f->dir);
    g_free(f->dir);
    /* Closing the registry closes every fd the chardevs opened. */
    assert_int_equal(open_fds(), f->fds_at_start);
    g_free(f);
    return 0;
}

static char *fpath(Fixture *f, const char *name)
{
    return g_build_filename(f->dir, name, NULL);
}

/* Parses and creates; returns the chardev or NULL with *err. */
static Chardev *make(Fixture *f, const char *text, Error **err)
{
    QemuOptsList *list = chardev_opts_list_new();
    QemuOpts *opts = chardev_opts_parse(list, text, NULL, NULL, NULL, err);
    Chardev *chr = opts ? chardev_new_from_opts(f->reg, opts, "-chardev", err)
                        : NULL;
    qemu_opts_list_free(list);
    return chr;
}

static Chardev *makef(Fixture *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Like make(), with printf arguments; the creation must succeed. */
static Chardev *makef(Fixture *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    Error *err = NULL;
    Chardev *chr = make(f, text, &err);
    if (!chr) {
        fail_msg("%s: %s", text, error_get_pretty(err));
    }
    return chr;
}

typedef bool Cond(void *opaque);

static gboolean deadline_hit(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

/* Runs the loop until @cond holds or WAIT_MS pass; returns @cond. */
static bool run_until(Fixture *f, Cond *cond, void *opaque)
{
    bool expired = false;
    GSource *t = g_timeout_source_new(WAIT_MS);
    g_source_set_callback(t, deadline_hit, &expired, NULL);
    g_source_attach(t, f->mc);
    while (!cond(opaque) && !expired) {
        g_main_context_iteration(f->mc, TRUE);
    }
    g_source_destroy(t);
    g_source_unref(t);
    return cond(opaque);
}

/* Runs whatever is ready now, without blocking. */
static void run_pending(Fixture *f)
{
    for (int i = 0; i < 50; i++) {
        g_main_context_iteration(f->mc, FALSE);
    }
}

/* ------------------------------------------------------------------ */
/* A front end recording what it gets.                                 */

typedef struct Peer {
    GString *got;
    size_t room;              /* can_read answer */
    int opened;
    int closed;
    int writable;
} Peer;

static size_t peer_can_read(void *opaque)
{
    return ((Peer *)opaque)->room;
}

static void peer_read(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(((Peer *)opaque)->got, (const char *)buf,
                        (gssize)len);
}

static void peer_event(void *opaque, ChardevEvent event)
{
    Peer *p = opaque;
    if (event == CHARDEV_EVENT_OPENED) {
        p->opened++;
    } else {
        p->closed++;
    }
}

static void peer_writable(void *opaque)
{
    ((Peer *)opaque)->writable++;
}

static const ChardevHandlers peer_handlers = {
    .can_read = peer_can_read, .read = peer_read, .event = peer_event,
    .writable = peer_writable,
};

static void peer_init(Peer *p)
{
    memset(p, 0, sizeof(*p));
    p->got = g_string_new(NULL);
    p->room = 4096;
}

static void peer_clear(Peer *p)
{
    g_string_free(p->got, TRUE);
}

static void attach(Chardev *chr, Peer *p)
{
    Error *err = NULL;
    if (!chardev_attach(chr, &peer_handlers, p, &err)) {
        fail_msg("attach: %s", error_get_pretty(err));
    }
}

typedef struct GotWant {
    Peer *peer;
    const char *want;
} GotWant;

static bool got_all(void *opaque)
{
    GotWant *g = opaque;
    return g->peer->got->len >= strlen(g->want);
}

static void expect_bytes(Fixture *f, Peer *p, const char *want)
{
    GotWant g = { p, want };
    assert_true(run_until(f, got_all, &g));
    assert_string_equal(p->got->str, want);
    g_string_truncate(p->got, 0);
}

static bool is_connected(void *opaque)
{
    return chardev_is_connected(opaque);
}

static bool is_disconnected(void *opaque)
{
    return !chardev_is_connected(opaque);
}

static char *filename(Chardev *chr)
{
    return chardev_filename(chr);
}

/* ------------------------------------------------------------------ */
/* Option parsing (texts checked against qemu-system-x86_64 7.2).      */

typedef struct ParseCase {
    const char *text;
    const char *error;        /* NULL: accepted */
    const char *warnings;     /* concatenated, each ending in '\n' */
} ParseCase;

static const ParseCase parse_cases[] = {
    { "socket,id=c,path=/tmp/x.sock,server=on,wait=off", NULL, "" },
    { "null,id=c,server=y,wait=n,ipv4=yes,ipv6=false", NULL, "" },
    { "null,id=c,path=x,reconnect=-1,to=0x10", NULL, "" },
    { "null,id=c,bogus=1", "Invalid parameter 'bogus'", "" },
    { "null,id=c,=1", "Invalid parameter ''", "" },
    { "null,id=c,server=maybe",
      "Parameter 'server' expects 'on' or 'off'", "" },
    { "null,id=c,server=ON", "Parameter 'server' expects 'on' or 'off'", "" },
    { "null,id=c,server=", "Parameter 'server' expects 'on' or 'off'", "" },
    { "null,id=c,reconnect=x", "Parameter 'reconnect' expects a number", "" },
    { "null,id=c,reconnect=", "Parameter 'reconnect' expects a number", "" },
    { "null,id=c,reconnect=5 ", "Parameter 'reconnect' expects a number",
      "" },
    { "null,id=c,reconnect=99999999999999999999",
      "Value '99999999999999999999' is too large for parameter 'reconnect'",
      "" },
    { "null,id=c,size=x",
      "Parameter 'size' expects a non-negative number below 2^64", "" },
    { "null,id=1c,bogus=1", "Parameter 'id' expects an identifier", "" },
    { "null,id=c,,x=1", "Parameter 'id' expects an identifier", "" },
    { "null,id=c,server,bogus=1", "Invalid parameter 'bogus'",
      "short-form boolean option 'server' deprecated\n"
      "Please use server=on instead\n" },
    { "null,id=c,bogus=1,server", "Invalid parameter 'bogus'", "" },
    { "null,id=c,bogus", "Invalid parameter 'bogus'",
      "short-form boolean option 'bogus' deprecated\n"
      "Please use bogus=on instead\n" },
    { "null,id=c,delay,nodelay,noipv6", NULL,
      "short-form boolean option 'delay' deprecated\n"
      "Please use nodelay=off instead\n"
      "short-form boolean option 'nodelay' deprecated\n"
      "Please use nodelay=on instead\n"
      "short-form boolean option 'noipv6' deprecated\n"
      "Please use ipv6=off instead\n" },
    { "null,id=c,help=1", "Invalid parameter 'help'", "" },
};

static void warn_collect(void *opaque, const char *message)
{
    g_string_append_printf(opaque, "%s\n", message);
}

static void test_parse_table(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(parse_cases); i++) {
        const ParseCase *c = &parse_cases[i];
        QemuOptsList *list = chardev_opts_list_new();
        GString *warnings = g_string_new(NULL);
        Error *err = NULL;
        QemuOpts *opts = chardev_opts_parse(list, c->text, warn_collect,
                                            warnings, NULL, &err);
        if (c->error) {
            assert_null(opts);
            assert_non_null(err);
            assert_string_equal(error_get_pretty(err), c->error);
            error_free(err);
        } else if (!opts) {
            fail_msg("%s: %s", c->text, error_get_pretty(err));
        }
        assert_string_equal(warnings->str, c->warnings);
        g_string_free(warnings, TRUE);
        qemu_opts_list_free(list);
    }
}

static void test_parse_details(void **state)
{
    QemuOptsList *list = chardev_opts_list_new();
    Error *err = NULL;
    char *help = NULL;

    /* Ids are unique in the list, and the last value of a key wins. */
    QemuOpts *opts = chardev_opts_parse(list, "null,id=c,backend=file", NULL,
                                        NULL, NULL, &err);
    assert_non_null(opts);
    assert_string_equal(qemu_opts_get(opts, "backend"), "file");
    assert_null(chardev_opts_parse(list, "null,id=c", NULL, NULL, NULL,
                                   &err));
    assert_string_equal(error_get_pretty(err),
                        "Duplicate ID 'c' for chardev");
    g_clear_pointer(&err, error_free);

    /* The id error carries QEMU's hint line. */
    assert_null(chardev_opts_parse(list, "null,id=1c", NULL, NULL, NULL,
                                   &err));
    assert_string_equal(error_get_hint(err),
                        "Identifiers consist of letters, digits, '-', '.', "
                        "'_', starting with a letter.\n");
    g_clear_pointer(&err, error_free);

    /* "help" stops the parse with the option list (QEMU exits 1). */
    assert_null(chardev_opts_parse(list, "null,id=h,help,bogus=1", NULL, NULL,
                                   &help, &err));
    assert_null(err);
    assert_non_null(help);
    assert_true(g_str_has_prefix(help, "chardev options:\n"
                                       "  abstract=<bool (on/off)>\n"
                                       "  append=<bool (on/off)>\n"
                                       "  backend=<str>\n"));
    assert_non_null(strstr(help, "  reconnect=<num>\n  rows=<num>\n"));
    assert_non_null(strstr(help, "  size=<size>\n"));
    assert_true(g_str_has_suffix(help, "  width=<num>\n"));
    g_free(help);

    /* "-chardev help" asks for the backend list (QEMU exits 0). */
    opts = chardev_opts_parse(list, "help", NULL, NULL, NULL, &err);
    assert_true(chardev_opts_wants_backend_help(opts));
    help = chardev_backends_help();
    assert_string_equal(help, "Available chardev backend types: \n"
                              "  stdio\n  pipe\n  null\n  socket\n"
                              "  file\n");
    g_free(help);

    /* A size error has QEMU's two hint lines. */
    assert_null(chardev_opts_parse(list, "null,id=s,size=1x", NULL, NULL,
                                   NULL, &err));
    assert_string_equal(error_get_hint(err),
                        "Optional suffix k, M, G, T, P or E means kilo-, "
                        "mega-, giga-, tera-, peta-\nand exabytes, "
                        "respectively.\n");
    g_clear_pointer(&err, error_free);
    qemu_opts_list_free(list);
}

/* ------------------------------------------------------------------ */
/* Creation errors, in QEMU's words and order.                         */

typedef struct CreateCase {
    const char *text;         /* "@DIR@" is the fixture's temp dir */
    const char *error;        /* "@DIR@" likewise */
} CreateCase;

static const CreateCase create_cases[] = {
    { "null", "chardev: no id specified" },
    { "path=x", "chardev: no id specified" },
    { "id=c", "chardev: \"c\" missing backend" },
    { "bogus,id=c,logfile=/nonexistent/y",
      "'bogus' is not a valid char driver name" },
    { "id=c,backend=", "'' is not a valid char driver name" },
    { "pty,id=c", "chardev: backend 'pty' is not supported by qnet" },
    { "socket,id=c", "Unable to parse FD number " },
    { "socket,id=c,port=1", "Unable to parse FD number " },
    { "socket,id=c,fd=abc", "Unable to parse FD number abc" },
    { "socket,id=c,fd=-1", "File descriptor '-1' is not a socket" },
    { "socket,id=c,host=127.0.0.1", "chardev: socket: no port given" },
    { "socket,id=c,host=x,path=y,wait=on",
      "None or one of 'path', 'fd' or 'host' option required." },
    { "socket,id=c,path=,host=x",
      "None or one of 'path', 'fd' or 'host' option required." },
    { "socket,id=c,path=@DIR@/none.sock",
      "Failed to connect to '@DIR@/none.sock': No such file or directory" },
    { "socket,id=c,path=", "Failed to connect to '': Connection refused" },
    { "socket,id=c,host=127.0.0.1,port=1",
      "Failed to connect to '127.0.0.1:1': Connection refused" },
    { "socket,id=c,host=127.0.0.1,port=1,ipv4=off,ipv6=off",
      "Cannot disable IPv4 and IPv6 at same time" },
    { "socket,id=c,host=::1,port=17571,ipv4=on,server=on,wait=off",
      "address resolution failed for ::1:17571: Address family for hostname "
      "not supported" },
    { "socket,id=c,path=x,reconnect=1,server=on",
      "'reconnect' option is incompatible with socket in server listen "
      "mode" },
    { "socket,id=c,path=x,server=on,reconnect=0,websocket=on",
      "'reconnect' option is incompatible with socket in server listen "
      "mode" },
    { "socket,id=c,path=x,server=off,wait=off",
      "'wait' option is incompatible with socket in client connect mode" },
    { "socket,id=c,path=x,reconnect=1,wait=on",
      "'wait' option is incompatible with socket in client connect mode" },
    { "socket,id=c,host=x,port=1,wait=on,websocket=on",
      "Websocket client is not implemented" },
    { "socket,id=c,host=x,port=1,tls-creds=z,websocket=on",
      "No TLS credentials with id 'z'" },
    { "socket,id=c,fd=x,reconnect=1,tls-creds=z",
      "No TLS credentials with id 'z'" },
    { "socket,id=c,fd=x,server=on,reconnect=1,tls-authz=a",
      "'reconnect' option is incompatible with 'fd' address type" },
    { "socket,id=c,host=x,port=1,wait=on,tls-authz=a",
      "'tls_authz' option requires 'tls_creds' option" },
    { "socket,id=c,path=@DIR@/t.sock,server=on,wait=off,telnet=on",
      "chardev: socket: telnet is not supported by qnet" },
    { "socket,id=c,path=/nonexistent/dir/x,server=on,wait=off",
      "Failed to bind socket to /nonexistent/dir/x: No such file or "
      "directory" },
    { "socket,id=c,path=@DIR@,server=on,wait=off",
      "Failed to unlink socket @DIR@: Is a directory" },
    { "socket,id=c,host=1.2.3.4,port=17570,server=on,wait=off",
      "Failed to bind socket: Cannot assign requested address" },
    { "file,id=c", "chardev: file: no filename given" },
    { "file,id=c,logfile=/nonexistent/y", "chardev: file: no filename given" },
    { "file,id=c,path=/nonexistent/x,logfile=/nonexistent/y",
      "Could not create '/nonexistent/y': No such file or directory" },
    { "file,id=c,path=/nonexistent/x",
      "Could not open '/nonexistent/x': No such file or directory" },
    { "file,id=c,path=", "Could not open '': No such file or directory" },
    { "file,id=c,path=@DIR@", "Could not open '@DIR@': Is a directory" },
    { "pipe,id=c", "chardev: pipe: no device path given" },
    { "pipe,id=c,path=@DIR@/nope",
      "Could not open '@DIR@/nope': No such file or directory" },
    { "null,id=c,logfile=", "Could not create '': No such file or directory" },
    { "null,id=c,mux=on", "chardev: mux=on is not supported by qnet" },
};

/* @text with every "@DIR@" replaced by @dir. */
static char *with_dir(const char *text, const char *dir)
{
    g_auto(GStrv) parts = g_strsplit(text, "@DIR@", -1);
    return g_strjoinv(dir, parts);
}

static void test_create_errors(void **state)
{
    Fixture *f = *state;
    for (size_t i = 0; i < G_N_ELEMENTS(create_cases); i++) {
        const CreateCase *c = &create_cases[i];
        g_autofree char *text = with_dir(c->text, f->dir);
        g_autofree char *want = with_dir(c->error, f->dir);
        Error *err = NULL;
        if (make(f, text, &err)) {
            fail_msg("%s: accepted", text);
        }
        assert_non_null(err);
        if (strcmp(error_get_pretty(err), want) != 0) {
            fail_msg("%s:\n got  %s\n want %s", text, error_get_pretty(err),
                     want);
        }
        error_free(err);
    }
    GPtrArray *all = chardev_list(f->reg);
    assert_int_equal(all->len, 0);
    g_ptr_array_free(all, TRUE);
}

static void test_long_unix_path(void **state)
{
    Fixture *f = *state;
    char name[121];
    memset(name, 'x', 120);
    name[120] = 0;
    Error *err = NULL;
    g_autofree char *text = g_strdup_printf("socket,id=c,path=%s", name);
    assert_null(make(f, text, &err));
    g_autofree char *want = g_strdup_printf("UNIX socket path '%s' is too "
                                            "long", name);
    assert_string_equal(error_get_pretty(err), want);
    assert_string_equal(error_get_hint(err),
                        "Path must be less than 108 bytes\n");
    g_clear_pointer(&err, error_free);
    g_autofree char *abs = g_strdup_printf("socket,id=c,path=%s,abstract=on,"
                                           "server=on,wait=off", name);
    assert_null(make(f, abs, &err));
    assert_string_equal(error_get_hint(err),
                        "Path must be less than 107 bytes\n");
    error_free(err);
}

static void test_registry(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    Peer p;
    peer_init(&p);

    Chardev *n = makef(f, "null,id=n0");
    assert_ptr_equal(chardev_find(f->reg, "n0"), n);
    assert_string_equal(chardev_id(n), "n0");
    assert_string_equal(chardev_backend_name(n), "null");
    assert_null(make(f, "null,id=n0", &err));
    assert_string_equal(error_get_pretty(err),
                        "attempt to add duplicate property 'n0' to object "
                        "(type 'container')");
    g_clear_pointer(&err, error_free);

    /* An open chardev says OPENED as soon as a front end attaches. */
    attach(n, &p);
    assert_int_equal(p.opened, 1);
    assert_true(chardev_has_frontend(n));
    assert_false(chardev_attach(n, &peer_handlers, &p, &err));
    assert_string_equal(error_get_pretty(err), "Device 'n0' is in use");
    g_clear_pointer(&err, error_free);
    assert_false(chardev_remove(f->reg, "n0", &err));
    assert_string_equal(error_get_pretty(err), "Chardev 'n0' is busy");
    g_clear_pointer(&err, error_free);
    chardev_detach(n);
    assert_true(chardev_remove(f->reg, "n0", &err));
    assert_false(chardev_remove(f->reg, "n0", &err));
    assert_string_equal(error_get_pretty(err), "Chardev 'n0' not found");
    g_clear_pointer(&err, error_free);
    assert_null(chardev_find(f->reg, "n0"));
    peer_clear(&p);
}

/* QEMU 7.2 printed these ids in this order for the chardevs created in
 * the order of `created` (its /chardevs container is a GHashTable). */
static void test_info_order(void **state)
{
    Fixture *f = *state;
    static const char *const created[] = {
        "s1", "s2", "s3", "s4", "s5", "s6", "f1", "f2", "p1", "p2", "n1",
        "s7", "s8", "s9", "s10", "s11", "compat_monitor0",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(created); i++) {
        makef(f, "null,id=%s", created[i]);
    }
    GString *out = g_string_new(NULL);
    chardev_info(f->reg, out);
    assert_string_equal(out->str,
                        "s5: filename=null\ns2: filename=null\n"
                        "p2: filename=null\ns7: filename=null\n"
                        "f2: filename=null\ns4: filename=null\n"
                        "s1: filename=null\ns11: filename=null\n"
                        "p1: filename=null\ns9: filename=null\n"
                        "s6: filename=null\nf1: filename=null\n"
                        "s3: filename=null\ncompat_monitor0: filename=null\n"
                        "s10: filename=null\ns8: filename=null\n"
                        "n1: filename=null\n");
    g_string_free(out, TRUE);

    /*
     * QEMU: -chardev null,id=n0 -monitor stdio, then chardev-add a, d and
     * x with mux=on (which adds x-base, then x), chardev-remove a and n0,
     * chardev-add g, chardev-remove d: it listed x, x-base,
     * compat_monitor0, g.
     */
    chardev_registry_free(f->reg);
    f->reg = chardev_registry_new(f->mc);
    static const char *const second[] = { "n0", "compat_monitor0", "a", "d",
                                          "x-base", "x" };
    for (size_t i = 0; i < G_N_ELEMENTS(second); i++) {
        makef(f, "null,id=%s", second[i]);
    }
    assert_true(chardev_remove(f->reg, "a", NULL));
    assert_true(chardev_remove(f->reg, "n0", NULL));
    makef(f, "null,id=g");
    assert_true(chardev_remove(f->reg, "d", NULL));
    out = g_string_new(NULL);
    chardev_info(f->reg, out);
    assert_string_equal(out->str, "x: filename=null\n"
                                  "x-base: filename=null\n"
                                  "compat_monitor0: filename=null\n"
                                  "g: filename=null\n");
    g_string_free(out, TRUE);
}

/* ------------------------------------------------------------------ */
/* Legacy specs.                                                       */

typedef struct LegacyCase {
    const char *spec;
    const char *opts;         /* qemu_opts_to_string(), NULL: failure */
    const char *error;        /* NULL on failure: silent, as QEMU */
} LegacyCase;

static const LegacyCase legacy_cases[] = {
    { "null", "id=serial0,backend=null", NULL },
    { "stdio", "id=serial0,backend=stdio", NULL },
    { "unix:/tmp/x.sock,server=on,wait=off",
      "id=serial0,backend=socket,path=/tmp/x.sock,server=on,wait=off", NULL },
    { "unix:path=/tmp/y.sock,server",
      "id=serial0,backend=socket,path=/tmp/y.sock,server=on", NULL },
    { "unix:", "id=serial0,backend=socket", NULL },
    { "tcp:127.0.0.1:4444,server,nowait,id=foo",
      "id=serial0,backend=socket,host=127.0.0.1,port=4444,server=on,"
      "wait=off", NULL },
    { "tcp::4444,server=on", "id=serial0,backend=socket,host=,port=4444,"
      "server=on", NULL },
    { "tcp:[::1]:17604", "id=serial0,backend=socket,host=[,port=:1]:17604",
      NULL },
    { "tcp:127.0.0.1:1,host=127.0.0.2",
      "id=serial0,backend=socket,host=127.0.0.1,port=1,host=127.0.0.2",
      NULL },
    { "telnet:127.0.0.1:5,server=on",
      "id=serial0,backend=socket,host=127.0.0.1,port=5,telnet=on,server=on",
      NULL },
    { "file:/tmp/a,b", "id=serial0,backend=file,path=/tmp/a,,b", NULL },
    { "pipe:/tmp/p", "id=serial0,backend=pipe,path=/tmp/p", NULL },
    { "mon:stdio", "id=serial0,mux=on,backend=stdio", NULL },
    { "con:", "id=serial0,backend=console", NULL },
    { "/dev/ttyS0", "id=serial0,backend=serial,path=/dev/ttyS0", NULL },
    { "tcp:127.0.0.1", NULL, NULL },
    { "tcp:", NULL, NULL },
    { "tcp::", NULL, NULL },
    { "bogus", NULL, "'bogus' is not a valid char driver" },
    { "file", NULL, "'file' is not a valid char driver" },
    { "null,id=x", NULL, "'null,id=x' is not a valid char driver" },
    { "unix:/x,bogus", NULL, "Invalid parameter 'bogus'" },
    { "tcp:127.0.0.1:5,,server=on", NULL, "Invalid parameter ''" },
    { "unix:/x,server=maybe", NULL,
      "Parameter 'server' expects 'on' or 'off'" },
};

static void test_legacy_table(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(legacy_cases); i++) {
        const LegacyCase *c = &legacy_cases[i];
        QemuOptsList *list = chardev_opts_list_new();
        Error *err = NULL;
        QemuOpts *opts = chardev_legacy_parse(list, "serial0", c->spec, &err);
        if (c->opts) {
            if (!opts) {
                fail_msg("%s: %s", c->spec,
                         err ? error_get_pretty(err) : "(silent)");
            }
            g_autofree char *text = qemu_opts_to_string(opts);
            assert_string_equal(text, c->opts);
        } else {
            assert_null(opts);
            if (c->error) {
                assert_non_null(err);
                assert_string_equal(error_get_pretty(err), c->error);
                error_free(err);
            } else {
                assert_null(err);
            }
        }
        qemu_opts_list_free(list);
    }
}

static void test_legacy_open(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    Chardev *n0 = makef(f, "null,id=n0");

    assert_ptr_equal(chardev_new_legacy(f->reg, "guestfwd.tcp.1", "chardev:n0",
                                        NULL, &err), n0);
    assert_null(chardev_new_legacy(f->reg, "guestfwd.tcp.1", "chardev:zz",
                                   NULL, &err));
    assert_null(err);
    assert_null(chardev_new_legacy(f->reg, "guestfwd.tcp.1",
                                   "nosuchchardev", NULL, &err));
    assert_string_equal(error_get_pretty(err),
                        "'nosuchchardev' is not a valid char driver");
    g_clear_pointer(&err, error_free);
    assert_null(chardev_new_legacy(f->reg, "guestfwd.tcp.1", "mon:null", NULL,
                                   &err));
    assert_string_equal(error_get_pretty(err),
                        "chardev: mux=on is not supported by qnet");
    g_clear_pointer(&err, error_free);

    Chardev *g = chardev_new_legacy(f->reg, "guestfwd.tcp.1234", "null",
                                    NULL, &err);
    assert_non_null(g);
    assert_string_equal(chardev_id(g), "guestfwd.tcp.1234");

    g_autofree char *sock = fpath(f, "m.sock");
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off",
                                            sock);
    Chardev *m = chardev_new_legacy(f->reg, "compat_monitor0", spec, NULL,
                                    &err);
    assert_non_null(m);
    g_autofree char *name = filename(m);
    g_autofree char *want = g_strdup_printf("disconnected:unix:%s,server=on",
                                            sock);
    assert_string_equal(name, want);
}

/* ------------------------------------------------------------------ */
/* Live sockets.                                                       */

/* A blocking raw unix client (the test's far end). */
static int raw_unix_connect(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    if (connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads exactly @len bytes from @fd, waiting at most WAIT_MS overall. */
static char *raw_read(int fd, size_t len)
{
    char *buf = g_malloc0(len + 1);
    size_t got = 0;
    gint64 end = g_get_monotonic_time() + WAIT_MS * 1000;
    while (got < len && g_get_monotonic_time() < end) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, 100) == 1) {
            ssize_t n = read(fd, buf + got, len - got);
            if (n <= 0) {
                break;
            }
            got += (size_t)n;
        }
    }
    assert_int_equal(got, len);
    return buf;
}

/* Runs the loop while a raw peer reads; returns what arrived. */
typedef struct LoopRead {
    int fd;
    GString *got;
    size_t want;
} LoopRead;

static bool loop_read_step(void *opaque)
{
    LoopRead *r = opaque;
    char buf[65536];
    ssize_t n = recv(r->fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n > 0) {
        g_string_append_len(r->got, buf, n);
    }
    return r->got->len >= r->want;
}

static void test_unix_server_client(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "s.sock");
    Peer ps, pc;
    peer_init(&ps);
    peer_init(&pc);

    Chardev *s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    g_autofree char *name = filename(s);
    g_autofree char *want = g_strdup_printf("disconnected:unix:%s,server=on",
                                            path);
    assert_string_equal(name, want);
    assert_false(chardev_is_connected(s));
    attach(s, &ps);
    assert_int_equal(ps.opened, 0);
    /* Without a peer, writes are dropped, as QEMU does. */
    assert_int_equal(chardev_write_all(s, "lost", 4), 4);

    Chardev *c = makef(f, "socket,id=c,path=%s", path);
    assert_true(chardev_is_connected(c));
    attach(c, &pc);
    assert_int_equal(pc.opened, 1);
    assert_true(run_until(f, is_connected, s));
    assert_int_equal(ps.opened, 1);

    g_free(name);
    name = filename(s);
    g_free(want);
    want = g_strdup_printf("unix:%s,server=on", path);
    assert_string_equal(name, want);
    g_free(name);
    name = filename(c);
    assert_string_equal(name, "unix:");
    int in_fd, out_fd;
    assert_true(chardev_get_fds(c, &in_fd, &out_fd));
    assert_int_equal(in_fd, out_fd);

    assert_int_equal(chardev_write_all(c, "ping", 4), 4);
    expect_bytes(f, &ps, "ping");
    assert_int_equal(chardev_write_all(s, "pong!", 5), 5);
    expect_bytes(f, &pc, "pong!");

    /* A front end that cannot read stops the reading, not the bytes. */
    ps.room = 0;
    assert_int_equal(chardev_write_all(c, "held", 4), 4);
    run_pending(f);
    assert_int_equal(ps.got->len, 0);
    ps.room = 2;
    GotWant gw = { &ps, "he" };
    assert_true(run_until(f, got_all, &gw));
    ps.room = 4096;
    expect_bytes(f, &ps, "held");

    /* The client goes away: the server says CLOSED and listens again. */
    chardev_detach(c);
    assert_true(chardev_remove(f->reg, "c", NULL));
    assert_true(run_until(f, is_disconnected, s));
    assert_int_equal(ps.closed, 1);
    g_free(name);
    name = filename(s);
    g_free(want);
    want = g_strdup_printf("disconnected:unix:%s,server=on", path);
    assert_string_equal(name, want);

    /* A new client is accepted on the same listener. */
    int raw = raw_unix_connect(path);
    assert_true(raw >= 0);
    assert_true(run_until(f, is_connected, s));
    assert_int_equal(ps.opened, 2);
    assert_int_equal(write(raw, "again", 5), 5);
    expect_bytes(f, &ps, "again");
    close(raw);
    assert_true(run_until(f, is_disconnected, s));
    assert_int_equal(ps.closed, 2);

    /* Closing the server removes its socket file, as QEMU does. */
    chardev_detach(s);
    assert_true(chardev_remove(f->reg, "s", NULL));
    assert_int_equal(access(path, F_OK), -1);
    peer_clear(&ps);
    peer_clear(&pc);
}

static void test_one_client_at_a_time(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "one.sock");
    Peer ps;
    peer_init(&ps);
    Chardev *s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    attach(s, &ps);

    int first = raw_unix_connect(path);
    assert_true(run_until(f, is_connected, s));
    int second = raw_unix_connect(path);   /* waits in the backlog */
    assert_true(second >= 0);
    assert_int_equal(write(second, "2nd", 3), 3);
    assert_int_equal(write(first, "1st", 3), 3);
    expect_bytes(f, &ps, "1st");
    run_pending(f);
    assert_int_equal(ps.got->len, 0);
    assert_int_equal(ps.opened, 1);

    close(first);
    GotWant gw = { &ps, "2nd" };
    assert_true(run_until(f, got_all, &gw));
    assert_string_equal(ps.got->str, "2nd");
    assert_int_equal(ps.closed, 1);
    assert_int_equal(ps.opened, 2);
    close(second);
    chardev_detach(s);
    peer_clear(&ps);
}

typedef struct Waiter {
    char *path;
    int fd;
} Waiter;

/* Connects as soon as the server socket exists (bounded). */
static gpointer waiter_thread(gpointer opaque)
{
    Waiter *w = opaque;
    gint64 end = g_get_monotonic_time() + WAIT_MS * 1000;
    w->fd = -1;
    while (w->fd < 0 && g_get_monotonic_time() < end) {
        w->fd = raw_unix_connect(w->path);
        if (w->fd < 0) {
            g_usleep(10000);
        }
    }
    return NULL;
}

static void test_wait_on(void **state)
{
    Fixture *f = *state;
    Waiter w = { .path = fpath(f, "w.sock") };
    GThread *t = g_thread_new("waiter", waiter_thread, &w);

    /* Returns only once the thread's client is accepted. */
    Chardev *s = makef(f, "socket,id=s,path=%s,server=on", w.path);
    g_thread_join(t);
    assert_true(w.fd >= 0);
    assert_true(chardev_is_connected(s));
    assert_int_equal(f->log->len, 1);
    g_autofree char *want = g_strdup_printf(
        "%d|-chardev|QEMU waiting for connection on: "
        "disconnected:unix:%s,server=on", QNET_LOG_INFO, w.path);
    assert_string_equal(f->log->pdata[0], want);

    Peer p;
    peer_init(&p);
    attach(s, &p);
    assert_int_equal(p.opened, 1);
    assert_int_equal(write(w.fd, "hi", 2), 2);
    expect_bytes(f, &p, "hi");
    close(w.fd);
    chardev_detach(s);
    peer_clear(&p);
    g_free(w.path);
}

static unsigned filename_port(const char *name, const char *prefix)
{
    assert_true(g_str_has_prefix(name, prefix));
    return (unsigned)strtoul(name + strlen(prefix), NULL, 10);
}

static void test_tcp(void **state)
{
    Fixture *f = *state;
    Peer ps, pc;
    peer_init(&ps);
    peer_init(&pc);

    Chardev *s = makef(f, "socket,id=s,host=127.0.0.1,port=0,server=on,"
                          "wait=off,nodelay=on");
    g_autofree char *name = filename(s);
    unsigned port = filename_port(name, "disconnected:tcp:127.0.0.1:");
    g_autofree char *want = g_strdup_printf(
        "disconnected:tcp:127.0.0.1:%u,server=on", port);
    assert_string_equal(name, want);
    attach(s, &ps);

    Chardev *c = makef(f, "socket,id=c,host=127.0.0.1,port=%u", port);
    attach(c, &pc);
    assert_true(run_until(f, is_connected, s));
    g_free(name);
    name = filename(c);
    unsigned cport = filename_port(name, "tcp:127.0.0.1:");
    g_free(want);
    want = g_strdup_printf("tcp:127.0.0.1:%u <-> 127.0.0.1:%u", cport, port);
    assert_string_equal(name, want);
    g_free(name);
    name = filename(s);
    g_free(want);
    want = g_strdup_printf("tcp:127.0.0.1:%u,server=on <-> 127.0.0.1:%u",
                           port, cport);
    assert_string_equal(name, want);

    assert_int_equal(chardev_write_all(c, "over tcp", 8), 8);
    expect_bytes(f, &ps, "over tcp");
    assert_int_equal(chardev_write_all(s, "and back", 8), 8);
    expect_bytes(f, &pc, "and back");

    /* A client without reconnect stays disconnected after the server goes. */
    chardev_detach(s);
    assert_true(chardev_remove(f->reg, "s", NULL));
    assert_true(run_until(f, is_disconnected, c));
    assert_int_equal(pc.closed, 1);
    g_free(name);
    name = filename(c);
    g_free(want);
    want = g_strdup_printf("disconnected:tcp:127.0.0.1:%u", port);
    assert_string_equal(name, want);
    chardev_detach(c);
    peer_clear(&ps);
    peer_clear(&pc);
}

static bool log_has_one(void *opaque)
{
    return ((Fixture *)opaque)->log->len == 1;
}

static void test_reconnect(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "r.sock");
    Peer pc;
    peer_init(&pc);

    /* No server yet: creation works, the main loop logs the failure. */
    Chardev *c = makef(f, "socket,id=c,path=%s,reconnect=1", path);
    attach(c, &pc);
    assert_false(chardev_is_connected(c));
    assert_int_equal(f->log->len, 0);
    assert_true(run_until(f, log_has_one, f));
    g_autofree char *want = g_strdup_printf(
        "%d||Unable to connect character device c: Failed to connect to "
        "'%s': No such file or directory", QNET_LOG_ERROR, path);
    assert_string_equal(f->log->pdata[0], want);
    g_autofree char *name = filename(c);
    g_free(want);
    want = g_strdup_printf("disconnected:unix:%s", path);
    assert_string_equal(name, want);

    Chardev *s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    assert_true(run_until(f, is_connected, c));
    assert_int_equal(pc.opened, 1);
    assert_true(run_until(f, is_connected, s));

    /* The server restarts: the client notices and comes back. */
    assert_true(chardev_remove(f->reg, "s", NULL));
    assert_true(run_until(f, is_disconnected, c));
    assert_int_equal(pc.closed, 1);
    s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    assert_true(run_until(f, is_connected, c));
    assert_int_equal(pc.opened, 2);
    assert_true(run_until(f, is_connected, s));
    assert_int_equal(f->log->len, 1);
    chardev_detach(c);
    peer_clear(&pc);
}

static void test_abstract_names(void **state)
{
    Fixture *f = *state;
    g_autofree char *base = g_path_get_basename(f->dir);
    Chardev *a = makef(f, "socket,id=a,path=%s-a,abstract=on,server=on,"
                          "wait=off", base);
    Chardev *b = makef(f, "socket,id=b,path=%s-b,abstract=on,tight=off,"
                          "server=on,wait=off", base);
    Chardev *c = makef(f, "socket,id=c,path=%s-a,abstract=on", base);
    Chardev *d = makef(f, "socket,id=d,path=%s-none,abstract=on,reconnect=9",
                       base);
    g_autofree char *na = filename(a);
    g_autofree char *nb = filename(b);
    g_autofree char *nc = filename(c);
    g_autofree char *nd = filename(d);
    g_autofree char *wa = g_strdup_printf(
        "disconnected:unix:%s-a,abstract=on,tight=on,server=on", base);
    g_autofree char *wb = g_strdup_printf(
        "disconnected:unix:%s-b,abstract=on,server=on", base);
    g_autofree char *wd = g_strdup_printf(
        "disconnected:unix:%s-none,abstract=on,tight=on", base);
    assert_string_equal(na, wa);
    assert_string_equal(nb, wb);
    assert_string_equal(nc, "unix:");
    assert_string_equal(nd, wd);
    assert_true(run_until(f, is_connected, a));
    g_free(na);
    na = filename(a);
    assert_string_equal(na, "unix:,server=on");
}

static void test_write_limit(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "lim.sock");
    Peer ps;
    peer_init(&ps);
    Chardev *s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    attach(s, &ps);
    int raw = raw_unix_connect(path);
    assert_true(run_until(f, is_connected, s));

    const size_t limit = 64 * 1024, chunk = 16 * 1024;
    chardev_set_write_limit(s, limit);
    char *buf = g_malloc(chunk);
    memset(buf, 'z', chunk);
    size_t accepted = 0;
    ssize_t ret;
    /* The raw peer does not read: the kernel fills, then our buffer. */
    for (int i = 0; i < 10000; i++) {
        ret = chardev_write_all(s, buf, chunk);
        if (ret < 0) {
            break;
        }
        accepted += chunk;
    }
    assert_int_equal(ret, -EAGAIN);
    size_t pending = chardev_write_pending(s);
    assert_true(pending > 0);
    assert_true(pending <= limit + chunk);
    /* All or nothing: a refused write leaves the buffer as it was. */
    assert_int_equal(chardev_write_all(s, buf, chunk), -EAGAIN);
    assert_int_equal(chardev_write_pending(s), pending);
    assert_int_equal(ps.writable, 0);

    /* The peer reads everything; `writable` runs once the buffer drains. */
    LoopRead r = { raw, g_string_new(NULL), accepted };
    assert_true(run_until(f, loop_read_step, &r));
    assert_int_equal(r.got->len, accepted);
    assert_int_equal(ps.writable, 1);
    assert_int_equal(chardev_write_pending(s), 0);
    assert_int_equal(chardev_write_all(s, buf, chunk), (ssize_t)chunk);
    g_string_free(r.got, TRUE);

    /* A write error (the peer is gone) reaches the writer, then CLOSED. */
    close(raw);
    ret = 0;
    for (int i = 0; i < 100 && ret >= 0; i++) {
        ret = chardev_write_all(s, buf, chunk);
        run_pending(f);
    }
    assert_true(ret < 0 || !chardev_is_connected(s));
    assert_true(run_until(f, is_disconnected, s));
    assert_int_equal(ps.closed, 1);
    g_free(buf);
    chardev_detach(s);
    peer_clear(&ps);
}

/* A writer waiting for room hears `writable` when the peer goes away. */
static void test_writable_after_loss(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "loss.sock");
    Peer ps;
    peer_init(&ps);
    Chardev *s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    attach(s, &ps);
    int raw = raw_unix_connect(path);
    assert_true(run_until(f, is_connected, s));
    chardev_set_write_limit(s, 4096);
    char buf[4096] = { 0 };
    ssize_t ret = 0;
    for (int i = 0; i < 10000 && ret >= 0; i++) {
        ret = chardev_write_all(s, buf, sizeof(buf));
    }
    assert_int_equal(ret, -EAGAIN);
    close(raw);
    assert_true(run_until(f, is_disconnected, s));
    assert_int_equal(ps.closed, 1);
    assert_int_equal(ps.writable, 0);
    run_pending(f);
    assert_int_equal(ps.writable, 1);
    assert_int_equal(chardev_write_pending(s), 0);
    /* Without a peer, writes are dropped, and say so by succeeding. */
    assert_int_equal(chardev_write_all(s, buf, sizeof(buf)), sizeof(buf));
    chardev_detach(s);
    peer_clear(&ps);
}

/* A front end that only writes (as filter-mirror): the peer's departure
 * shows on a write, and the server then listens again. */
static void test_writer_only(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "wo.sock");
    static const ChardevHandlers writer = { .event = peer_event };
    Peer p;
    peer_init(&p);
    Chardev *s = makef(f, "socket,id=s,path=%s,server=on,wait=off", path);
    assert_true(chardev_attach(s, &writer, &p, NULL));
    int raw = raw_unix_connect(path);
    assert_true(run_until(f, is_connected, s));
    assert_int_equal(chardev_write_all(s, "frame", 5), 5);
    g_autofree char *got = raw_read(raw, 5);
    assert_string_equal(got, "frame");
    close(raw);
    for (int i = 0; i < 100 && chardev_is_connected(s); i++) {
        chardev_write_all(s, "frame", 5);
        run_pending(f);
    }
    assert_false(chardev_is_connected(s));
    assert_int_equal(p.closed, 1);
    raw = raw_unix_connect(path);
    assert_true(run_until(f, is_connected, s));
    assert_int_equal(p.opened, 2);
    close(raw);
    chardev_detach(s);
    peer_clear(&p);
}

static char *file_contents(const char *path)
{
    char *text = NULL;
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static void test_file_and_log(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = fpath(f, "out.txt");
    g_autofree char *logp = fpath(f, "log.txt");
    assert_true(g_file_set_contents(path, "old\n", -1, NULL));

    Chardev *a = makef(f, "file,id=a,path=%s,append=on", path);
    assert_true(chardev_is_connected(a));
    g_autofree char *name = filename(a);
    assert_string_equal(name, "file");
    int in_fd, out_fd;
    assert_true(chardev_get_fds(a, &in_fd, &out_fd));
    assert_int_equal(in_fd, -1);
    assert_true(out_fd >= 0);
    assert_int_equal(chardev_write_all(a, "new\n", 4), 4);
    run_pending(f);
    g_autofree char *text = file_contents(path);
    assert_string_equal(text, "old\nnew\n");

    /* Without append=on the file starts empty; logfile= gets a copy. */
    Chardev *b = makef(f, "file,id=b,path=%s,logfile=%s", path, logp);
    assert_int_equal(chardev_write_all(b, "x", 1), 1);
    run_pending(f);
    g_free(text);
    text = file_contents(path);
    assert_string_equal(text, "x");
    g_free(text);
    text = file_contents(logp);
    assert_string_equal(text, "x");

    /* A new file gets mode 0666 less the umask, as QEMU's. */
    g_autofree char *fresh = fpath(f, "fresh.txt");
    makef(f, "file,id=c,path=%s", fresh);
    mode_t mask = umask(0);
    umask(mask);
    struct stat st;
    assert_int_equal(stat(fresh, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
}

static void test_pipe(void **state)
{
    Fixture *f = *state;
    g_autofree char *base = fpath(f, "p");
    g_autofree char *in = g_strdup_printf("%s.in", base);
    g_autofree char *out = g_strdup_printf("%s.out", base);
    assert_int_equal(mkfifo(in, 0600), 0);
    assert_int_equal(mkfifo(out, 0600), 0);
    Peer p;
    peer_init(&p);

    Chardev *c = makef(f, "pipe,id=p,path=%s", base);
    g_autofree char *name = filename(c);
    assert_string_equal(name, "pipe");
    attach(c, &p);
    int w = open(in, O_WRONLY | O_NONBLOCK);
    int r = open(out, O_RDONLY | O_NONBLOCK);
    assert_true(w >= 0 && r >= 0);
    assert_int_equal(write(w, "to chardev", 10), 10);
    expect_bytes(f, &p, "to chardev");
    assert_int_equal(chardev_write_all(c, "from it", 7), 7);
    g_autofree char *got = raw_read(r, 7);
    assert_string_equal(got, "from it");
    close(w);
    close(r);

    /* Only PATH exists: one fd both ways. */
    g_autofree char *one = fpath(f, "single");
    assert_int_equal(mkfifo(one, 0600), 0);
    Chardev *s = makef(f, "pipe,id=s,path=%s", one);
    int in_fd, out_fd;
    assert_true(chardev_get_fds(s, &in_fd, &out_fd));
    assert_int_equal(in_fd, out_fd);
    chardev_detach(c);
    peer_clear(&p);
}

static void test_null(void **state)
{
    Fixture *f = *state;
    Chardev *n = makef(f, "null,id=n,path=ignored");
    assert_true(chardev_is_connected(n));
    assert_int_equal(chardev_write_all(n, "gone", 4), 4);
    assert_false(chardev_get_fds(n, NULL, NULL));
    g_autofree char *name = filename(n);
    assert_string_equal(name, "null");
    chardev_set_echo(n, true);
}

static void test_stdio_once(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    Chardev *s = makef(f, "stdio,id=st,signal=off");
    g_autofree char *name = filename(s);
    assert_string_equal(name, "stdio");
    assert_null(make(f, "stdio,id=st2", &err));
    assert_string_equal(error_get_pretty(err),
                        "cannot use stdio by multiple character devices");
    error_free(err);
    assert_true(chardev_remove(f->reg, "st", NULL));
    assert_non_null(makef(f, "stdio,id=st3"));
}

#define FIXTURE_TEST(fn) \
    cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_parse_details),
        cmocka_unit_test(test_legacy_table),
        FIXTURE_TEST(test_create_errors),
        FIXTURE_TEST(test_long_unix_path),
        FIXTURE_TEST(test_registry),
        FIXTURE_TEST(test_info_order),
        FIXTURE_TEST(test_legacy_open),
        FIXTURE_TEST(test_unix_server_client),
        FIXTURE_TEST(test_one_client_at_a_time),
        FIXTURE_TEST(test_wait_on),
        FIXTURE_TEST(test_tcp),
        FIXTURE_TEST(test_reconnect),
        FIXTURE_TEST(test_abstract_names),
        FIXTURE_TEST(test_write_limit),
        FIXTURE_TEST(test_writable_after_loss),
        FIXTURE_TEST(test_writer_only),
        FIXTURE_TEST(test_file_and_log),
        FIXTURE_TEST(test_pipe),
        FIXTURE_TEST(test_null),
        FIXTURE_TEST(test_stdio_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
