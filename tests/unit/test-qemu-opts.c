/* test-qemu-opts.c: the QemuOpts "key=value" lexer and option lists, against QEMU 7.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/qemu-opts.h"

/*
 * The *_rows tables below come from running Debian's qemu-system-x86_64
 * 7.2.22, using -object (whose list, like -netdev's, declares no keys) to
 * make QEMU show how it split a text:
 *   value_rows:   -object filter-dump,id=f,netdev=n,file=x,queue=<text>
 *                 -> "Parameter 'queue' does not accept value '<value>'"
 *   implied_rows: -object <text>
 *                 -> "Parameter 'qom-type' does not accept value '<value>'"
 *                 (NULL: "Parameter 'qom-type' is missing")
 *   key_rows:     -object filter-dump,id=f,netdev=n,file=x,<text>=1
 *                 -> "Invalid parameter '<key>'"
 *   flag_rows:    -object filter-dump,id=f,netdev=n,file=x,<text>
 *                 -> its warnings, each followed by "\n"
 *   id_rows:      -object iothread,id=<id> -> accepted, or the error
 *   dup_rows:     -<option> <first> -<option> <second> -> the error
 */
typedef struct LexCase {
    const char *text;
    const char *expect;
} LexCase;

typedef struct IdCase {
    const char *id;
    const char *error;
} IdCase;

typedef struct DupCase {
    const char *list;
    const char *first;
    const char *second;
    const char *error;
} DupCase;

static const LexCase value_rows[] = {
    { "x", "x" },
    { "a,,b", "a,b" },
    { "a,,", "a," },
    { ",,a", ",a" },
    { ",,,,", ",," },
    { "a,,,,b", "a,,b" },
    { "a,,b,,c", "a,b,c" },
    { "a,b", "a" },
    { "a,", "a" },
    { "a,,,b", "a," },
    { "", "" },
    { ",x", "" },
    { "a=b", "a=b" },
    { "a==b", "a==b" },
    { "=", "=" },
    { "on", "on" },
    { "a b", "a b" },
    { "\tx", "\tx" },
    { "\303\274", "\303\274" },
    { "a,,=b", "a,=b" },
    { "a,,,", "a," },
    { "x,queue=y", "y" },
    { "x,,queue=y", "x,queue=y" },
    { "y,queue=x", "x" },
    { "help", "help" },
    { "\?", "\?" },
};

static const LexCase implied_rows[] = {
    { "x", "x" },
    { "x,,y", "x,y" },
    { "x,,", "x," },
    { ",,x", ",x" },
    { "x,,,,y", "x,,y" },
    { "a b", "a b" },
    { "x=", NULL },
    { "nox", "nox" },
    { "no", "no" },
    { ",", "" },
    { "", NULL },
    { "x,,,id=f", "x," },
    { "help,,x", "help,x" },
    { "filter-dumpx", "filter-dumpx" },
    { "x,qom-type=y", "y" },
    { "x,,qom-type=y", "x,qom-type=y" },
};

static const LexCase key_rows[] = {
    { "k", "k" },
    { "K", "K" },
    { "a.b", "a.b" },
    { "a-b", "a-b" },
    { "a b", "a b" },
    { "", "" },
    { "\303\274", "\303\274" },
    { "k,,x", "x" },
    { "no", "no" },
    { "nok", "nok" },
    { ".", "." },
    { "-", "-" },
    { "1", "1" },
};

static const LexCase flag_rows[] = {
    { "k",
      "short-form boolean option 'k' deprecated\nPlease use k=on instead\n" },
    { "nok",
      "short-form boolean option 'nok' deprecated\nPlease use k=off instead\n" },
    { "no",
      "short-form boolean option 'no' deprecated\nPlease use =off instead\n" },
    { "delay",
      "short-form boolean option 'delay' deprecated\nPlease use nodelay=off instead\n" },
    { "nodelay",
      "short-form boolean option 'nodelay' deprecated\nPlease use nodelay=on instead\n" },
    { "help",
      "" },
    { "\?",
      "" },
    { "nohelp",
      "short-form boolean option 'nohelp' deprecated\nPlease use help=off instead\n" },
    { "no\?",
      "short-form boolean option 'no\?' deprecated\nPlease use \?=off instead\n" },
    { "id",
      "short-form boolean option 'id' deprecated\nPlease use id=on instead\n" },
    { "noid",
      "short-form boolean option 'noid' deprecated\nPlease use id=off instead\n" },
    { "k,k",
      "short-form boolean option 'k' deprecated\nPlease use k=on instead\nshort-form boolean option 'k' deprecated\nPlease use k=on instead\n" },
    { "restrict,norestrict",
      "short-form boolean option 'restrict' deprecated\nPlease use restrict=on instead\nshort-form boolean option 'norestrict' deprecated\nPlease use restrict=off instead\n" },
    { "k,,x",
      "short-form boolean option 'k' deprecated\nPlease use k=on instead\nshort-form boolean option '' deprecated\nPlease use =on instead\nshort-form boolean option 'x' deprecated\nPlease use x=on instead\n" },
    { "nodelay,delay",
      "short-form boolean option 'nodelay' deprecated\nPlease use nodelay=on instead\nshort-form boolean option 'delay' deprecated\nPlease use nodelay=off instead\n" },
    { "nonok",
      "short-form boolean option 'nonok' deprecated\nPlease use nok=off instead\n" },
    { "n",
      "short-form boolean option 'n' deprecated\nPlease use n=on instead\n" },
    { "noa.b",
      "short-form boolean option 'noa.b' deprecated\nPlease use a.b=off instead\n" },
};
static const IdCase id_rows[] = {
    { "a", NULL },
    { "A", NULL },
    { "a1", NULL },
    { "a.b", NULL },
    { "a-b", NULL },
    { "a_b", NULL },
    { "Zz9.-_", NULL },
    { "1a", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "-a", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { ".a", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "_a", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "a b", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "a,,b", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "\303\251", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "a/b", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "a:b", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "ab#", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "#net1", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "a\303\251", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
};

static const DupCase dup_rows[] = {
    { "netdev", "user,id=a", "user,id=a", "Duplicate ID 'a' for netdev" },
    { "net", "user,id=a", "user,id=a", "Duplicate ID 'a' for net" },
    { "nic", "user,id=a", "user,id=a", "Duplicate ID 'a' for nic" },
    { "object", "iothread,id=a", "iothread,id=a", "Duplicate ID 'a' for object" },
    { "device", "e1000,id=a", "e1000,id=a", "Duplicate ID 'a' for device" },
    { "netdev", "user,id=a", "tap,id=a,bogus=1", "Duplicate ID 'a' for netdev" },
    { "netdev", "user,id=a", "id=a", "Duplicate ID 'a' for netdev" },
    { "netdev", "user,id=on", "user,id", "Duplicate ID 'on' for netdev" },
    { "netdev", "user,id=off", "user,noid", "Duplicate ID 'off' for netdev" },
    { "netdev", "user,id=a", "user,id=a,,b", "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
    { "netdev", "user,id=a,id=b", "user,id=b", NULL },
    { "netdev", "user,id=x", "user,,id=x", "Duplicate ID 'x' for netdev" },
    { "netdev", "user,id=x", "user,,,id=x", "Duplicate ID 'x' for netdev" },
    { "netdev", "user,id=on", "id,user", "Duplicate ID 'on' for netdev" },
    { "netdev", "user,id=x", "noid=x,user", NULL },
    { "netdev", "user,id=a,id=b", "user,id=a", "Duplicate ID 'a' for netdev" },
};

static void collect_warning(void *opaque, const char *message)
{
    g_string_append_printf(opaque, "%s\n", message);
}

/* Parses @text into a fresh "object" list (implied key qom-type). */
static QemuOpts *parse_object(QemuOptsList **list, const char *text,
                              GString *warn)
{
    *list = qemu_opts_list_new("object", "qom-type");
    QemuOpts *opts = qemu_opts_parse(*list, text,
                                     warn ? collect_warning : NULL, warn,
                                     NULL);
    assert_non_null(opts);
    return opts;
}

static void test_values(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(value_rows); i++) {
        g_autofree char *text = g_strdup_printf(
            "filter-dump,id=f,netdev=n,file=x,queue=%s", value_rows[i].text);
        QemuOptsList *list;
        QemuOpts *opts = parse_object(&list, text, NULL);
        assert_string_equal(qemu_opts_get(opts, "queue"), value_rows[i].expect);
        qemu_opts_list_free(list);
    }
}

static void test_implied(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(implied_rows); i++) {
        QemuOptsList *list;
        QemuOpts *opts = parse_object(&list, implied_rows[i].text, NULL);
        const char *got = qemu_opts_get(opts, "qom-type");
        if (implied_rows[i].expect) {
            assert_non_null(got);
            assert_string_equal(got, implied_rows[i].expect);
        } else {
            assert_null(got);
        }
        qemu_opts_list_free(list);
    }
}

static bool has_key(const QemuOpts *opts, const char *key)
{
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        if (strcmp(qemu_opts_key(opts, i), key) == 0) {
            return true;
        }
    }
    return false;
}

static void test_keys(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(key_rows); i++) {
        g_autofree char *text = g_strdup_printf(
            "filter-dump,id=f,netdev=n,file=x,%s=1", key_rows[i].text);
        QemuOptsList *list;
        QemuOpts *opts = parse_object(&list, text, NULL);
        assert_true(has_key(opts, key_rows[i].expect));
        qemu_opts_list_free(list);
    }
}

static void test_flags(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(flag_rows); i++) {
        g_autofree char *text = g_strdup_printf(
            "filter-dump,id=f,netdev=n,file=x,%s", flag_rows[i].text);
        g_autoptr(GString) warn = g_string_new(NULL);
        QemuOptsList *list;
        parse_object(&list, text, warn);
        assert_string_equal(warn->str, flag_rows[i].expect);
        qemu_opts_list_free(list);
    }
}

/* The message as QEMU prints it: the error, then its hint lines. */
static char *error_text(Error *err)
{
    g_autofree char *hint = g_strdup(error_get_hint(err));
    g_strchomp(hint);
    return *hint ? g_strdup_printf("%s\n%s", error_get_pretty(err), hint)
                 : g_strdup(error_get_pretty(err));
}

static void test_ids(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(id_rows); i++) {
        g_autofree char *text = g_strdup_printf("iothread,id=%s",
                                                id_rows[i].id);
        QemuOptsList *list = qemu_opts_list_new("object", "qom-type");
        Error *err = NULL;
        QemuOpts *opts = qemu_opts_parse(list, text, NULL, NULL, &err);

        assert_int_equal(qemu_id_wellformed(id_rows[i].id),
                         id_rows[i].error == NULL);
        if (id_rows[i].error) {
            g_autofree char *msg = error_text(err);
            assert_null(opts);
            assert_string_equal(msg, id_rows[i].error);
            error_free(err);
            assert_null(qemu_opts_first(list));
        } else {
            assert_non_null(opts);
            assert_string_equal(qemu_opts_id(opts), id_rows[i].id);
        }
        qemu_opts_list_free(list);
    }
}

static void test_duplicates(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(dup_rows); i++) {
        const DupCase *c = &dup_rows[i];
        const char *implied = strcmp(c->list, "object") == 0 ? "qom-type"
                              : strcmp(c->list, "device") == 0 ? "driver"
                                                                : "type";
        QemuOptsList *list = qemu_opts_list_new(c->list, implied);
        Error *err = NULL;

        assert_non_null(qemu_opts_parse(list, c->first, NULL, NULL, NULL));
        QemuOpts *opts = qemu_opts_parse(list, c->second, NULL, NULL, &err);
        if (c->error) {
            g_autofree char *msg = error_text(err);
            assert_null(opts);
            assert_string_equal(msg, c->error);
            error_free(err);
        } else {
            assert_non_null(opts);
        }
        qemu_opts_list_free(list);
    }
}

/*
 * How texts are split into an id and entries, written "id|k=v;k=v" (id
 * "-" when none).  The splitting rules are the ones the QEMU rows above
 * show; these rows pin the whole structure down.
 */
static const LexCase structure_rows[] = {
    { "", "-|" },
    { "user", "-|type=user" },
    { "user,id=a", "a|type=user" },
    { "id=a,user", "a|user=on" },
    { "type=user,id=a", "a|type=user" },
    { "user,restrict", "-|type=user;restrict=on" },
    { "user,norestrict", "-|type=user;restrict=off" },
    { "user,no", "-|type=user;=off" },
    { "user,a=1,a=2", "-|type=user;a=1;a=2" },
    { "user,,id=x", "x|type=user,id=x" },
    { ",", "-|type=" },
    { ",user", "-|type=;user=on" },
    { "=x", "-|=x" },
    { "user,=x", "-|type=user;=x" },
    { "user,id=a,id=b", "a|type=user" },
    { "user,id", "on|type=user" },
    { "user,noid", "off|type=user" },
    { "noid=x,user", "-|noid=x;user=on" },
    { "a=b=c", "-|a=b=c" },
    { "user,k=v,,w,x=1", "-|type=user;k=v,w;x=1" },
    { "user,k=,x=", "-|type=user;k=;x=" },
    { "user,", "-|type=user" },
    { "user,,", "-|type=user," },
    { "help", "-|type=help" },
    { "user,help,?", "-|type=user;help=on;?=on" },
    { "user,nohelp", "-|type=user;help=off" },
    { "nouser", "-|type=nouser" },
    { "user,hostfwd=a,hostfwd=b", "-|type=user;hostfwd=a;hostfwd=b" },
};

static char *describe(const QemuOpts *opts)
{
    GString *s = g_string_new(qemu_opts_id(opts) ? qemu_opts_id(opts) : "-");

    g_string_append_c(s, '|');
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        g_string_append_printf(s, "%s%s=%s", i ? ";" : "",
                               qemu_opts_key(opts, i),
                               qemu_opts_value(opts, i));
    }
    return g_string_free(s, FALSE);
}

static void test_structure(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(structure_rows); i++) {
        QemuOptsList *list = qemu_opts_list_new("netdev", "type");
        QemuOpts *opts = qemu_opts_parse(list, structure_rows[i].text, NULL,
                                         NULL, NULL);
        assert_non_null(opts);
        g_autofree char *got = describe(opts);
        if (strcmp(got, structure_rows[i].expect) != 0) {
            print_error("%s: %s, expected %s\n", structure_rows[i].text, got,
                        structure_rows[i].expect);
            fail();
        }
        /* rendering and parsing again gives the same */
        g_autofree char *text = qemu_opts_to_string(opts);
        QemuOptsList *again = qemu_opts_list_new("netdev", NULL);
        QemuOpts *copy = qemu_opts_parse(again, text, NULL, NULL, NULL);
        g_autofree char *got_again = describe(copy);
        assert_string_equal(got_again, got);
        qemu_opts_list_free(again);
        qemu_opts_list_free(list);
    }
}

static void test_list_basics(void **state)
{
    QemuOptsList *list = qemu_opts_list_new("netdev", "type");
    Error *err = NULL;

    assert_string_equal(qemu_opts_list_name(list), "netdev");
    assert_string_equal(qemu_opts_list_implied_key(list), "type");
    assert_null(qemu_opts_first(list));
    QemuOpts *a = qemu_opts_parse(list, "user,id=a", NULL, NULL, NULL);
    QemuOpts *anon = qemu_opts_parse(list, "user", NULL, NULL, NULL);
    QemuOpts *b = qemu_opts_parse(list, "tap,id=b", NULL, NULL, NULL);
    assert_ptr_equal(qemu_opts_first(list), a);
    assert_ptr_equal(qemu_opts_next(a), anon);
    assert_ptr_equal(qemu_opts_next(anon), b);
    assert_null(qemu_opts_next(b));
    assert_ptr_equal(qemu_opts_find(list, "b"), b);
    assert_null(qemu_opts_find(list, "c"));
    assert_ptr_equal(qemu_opts_get_list(b), list);

    /* deleting releases the id */
    assert_null(qemu_opts_parse(list, "user,id=a", NULL, NULL, &err));
    error_free(err);
    err = NULL;
    qemu_opts_del(a);
    assert_null(qemu_opts_find(list, "a"));
    a = qemu_opts_parse(list, "user,id=a", NULL, NULL, &err);
    assert_non_null(a);
    assert_ptr_equal(qemu_opts_first(list), anon);

    /* generated ids are not validated, but they are found */
    qemu_opts_set_id(anon, "#net123");
    assert_ptr_equal(qemu_opts_find(list, "#net123"), anon);
    assert_null(qemu_opts_create(list, "#net123", &err));
    error_free(err);
    err = NULL;

    /* create checks like parse */
    assert_null(qemu_opts_create(list, "b", &err));
    assert_string_equal(error_get_pretty(err), "Duplicate ID 'b' for netdev");
    error_free(err);
    QemuOpts *empty = qemu_opts_create(list, NULL, NULL);
    assert_non_null(empty);
    assert_int_equal(qemu_opts_count(empty), 0);
    assert_null(qemu_opts_id(empty));
    qemu_opts_del(NULL);
    qemu_opts_list_free(list);
    qemu_opts_list_free(NULL);
}

static void test_entries(void **state)
{
    QemuOptsList *list = qemu_opts_list_new("nic", "type");
    QemuOpts *opts = qemu_opts_parse(list, "user,model=a,mac=m1,model=b,x=1,"
                                     "mac=m2", NULL, NULL, NULL);

    assert_string_equal(qemu_opts_get(opts, "model"), "b");
    assert_null(qemu_opts_get(opts, "nope"));
    g_autofree char *model = qemu_opts_get_del(opts, "model");
    assert_string_equal(model, "b");
    assert_null(qemu_opts_get(opts, "model"));
    assert_null(qemu_opts_get_del(opts, "model"));
    assert_true(qemu_opts_unset(opts, "mac"));
    assert_string_equal(qemu_opts_get(opts, "mac"), "m1");
    assert_true(qemu_opts_unset(opts, "mac"));
    assert_false(qemu_opts_unset(opts, "mac"));
    qemu_opts_append(opts, "x", "2");
    assert_string_equal(qemu_opts_get(opts, "x"), "2");
    g_autofree char *text = qemu_opts_to_string(opts);
    assert_string_equal(text, "type=user,x=1,x=2");
    qemu_opts_append(opts, "v", "a,b");
    qemu_opts_set_id(opts, "n1");
    g_autofree char *text2 = qemu_opts_to_string(opts);
    assert_string_equal(text2, "id=n1,type=user,x=1,x=2,v=a,,b");
    qemu_opts_list_free(list);
}

static void test_help(void **state)
{
    static const struct {
        const char *text;
        bool wants, has;
    } rows[] = {
        { "help", true, false },
        { "?", true, false },
        { "type=help", true, false },
        { "user,type=?", true, false },
        { "help,type=user", false, false },
        { "user,help", false, true },
        { "user,?", false, true },
        { "user,nohelp", false, true },
        { "user,help=1", false, true },
        { "helpme", false, false },
        { "user,helpme", false, false },
        { "", false, false },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        QemuOptsList *list = qemu_opts_list_new("netdev", "type");
        QemuOpts *opts = qemu_opts_parse(list, rows[i].text, NULL, NULL,
                                         NULL);
        assert_int_equal(qemu_opts_wants_help(opts), rows[i].wants);
        assert_int_equal(qemu_opts_has_help_opt(opts), rows[i].has);
        qemu_opts_list_free(list);
    }
    QemuOptsList *plain = qemu_opts_list_new("x", NULL);
    assert_false(qemu_opts_wants_help(qemu_opts_parse(plain, "help", NULL,
                                                      NULL, NULL)));
    qemu_opts_list_free(plain);
    assert_true(qemu_opt_is_help("help"));
    assert_true(qemu_opt_is_help("?"));
    assert_false(qemu_opt_is_help("HELP"));
    assert_false(qemu_opt_is_help("help "));
}

static void test_peek(void **state)
{
    static const struct {
        const char *text, *key, *value;
    } rows[] = {
        { "stream,id=s", "type", "stream" },
        { "user,type=stream", "type", "stream" },
        { "stream,,id=s", "type", "stream,id=s" },
        { "type=a,type=b", "type", "b" },
        { "id=s", "type", NULL },
        { "user,id=s", "id", NULL },
        { "user,a=1,,2", "a", "1,2" },
        { "", "type", NULL },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *got = qemu_opts_peek(rows[i].text, "type",
                                              rows[i].key);
        if (rows[i].value) {
            assert_non_null(got);
            assert_string_equal(got, rows[i].value);
        } else {
            assert_null(got);
        }
    }
}

/* A bad id is refused before any warning; a good one warns per flag. */
static void test_warning_order(void **state)
{
    QemuOptsList *list = qemu_opts_list_new("netdev", "type");
    g_autoptr(GString) warn = g_string_new(NULL);
    Error *err = NULL;

    assert_null(qemu_opts_parse(list, "user,restrict,id=1a",
                                collect_warning, warn, &err));
    assert_string_equal(warn->str, "");
    error_free(err);
    assert_non_null(qemu_opts_parse(list, "user,restrict,id=a",
                                    collect_warning, warn, NULL));
    assert_string_equal(warn->str,
                        "short-form boolean option 'restrict' deprecated\n"
                        "Please use restrict=on instead\n");
    /* the implied key is never a flag */
    g_string_truncate(warn, 0);
    assert_non_null(qemu_opts_parse(list, "norestrict,id=b",
                                    collect_warning, warn, NULL));
    assert_string_equal(warn->str, "");
    qemu_opts_list_free(list);
}

static void test_collapse(void **state)
{
    QemuOptsList *list = qemu_opts_list_new("netdev", "type");
    QemuOpts *opts = qemu_opts_parse(list, "user,id=u,b=1,hostfwd=a,a=2,b=3,"
                                     "hostfwd=c", NULL, NULL, NULL);

    qemu_opts_collapse(opts);
    assert_int_equal(qemu_opts_count(opts), 4);
    assert_string_equal(qemu_opts_id(opts), "u");
    assert_string_equal(qemu_opts_get(opts, "type"), "user");
    assert_string_equal(qemu_opts_get(opts, "a"), "2");
    assert_string_equal(qemu_opts_get(opts, "b"), "3");
    assert_string_equal(qemu_opts_get(opts, "hostfwd"), "c");
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        for (size_t j = i + 1; j < qemu_opts_count(opts); j++) {
            assert_string_not_equal(qemu_opts_key(opts, i),
                                    qemu_opts_key(opts, j));
        }
    }
    qemu_opts_list_free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_implied),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_list_basics),
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_peek),
        cmocka_unit_test(test_warning_order),
        cmocka_unit_test(test_collapse),
    };
    return cmocka_run_group_tests_name("qemu-opts", tests, NULL, NULL);
}
