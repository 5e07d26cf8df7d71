/* qemu-opts.h: QEMU's QemuOpts "key=value,..." option lists (-netdev, -net, -nic, -device, -object). */
#ifndef QNET_UTIL_QEMU_OPTS_H
#define QNET_UTIL_QEMU_OPTS_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/*
 * A QemuOptsList holds the options given for one command-line option name
 * ("netdev", "net", ...), in the order they were given, and the ids they
 * use.  A QemuOpts is one of them: an optional id plus an ordered list of
 * key=value entries.  Keys may repeat; the last occurrence wins for
 * qemu_opts_get(), and all are kept for list-valued keys.
 *
 * The lists declare no keys (as QEMU's netdev, net, nic, device and object
 * lists): any key is accepted here, and validation happens when the options
 * are converted to a typed object (qapi/netdev.h, qapi/object.h).
 */
typedef struct QemuOptsList QemuOptsList;
typedef struct QemuOpts QemuOpts;

/*
 * Receives a warning produced while parsing, such as QEMU's deprecation of
 * short-form booleans.  @message has no trailing newline and may hold
 * several lines ("short-form boolean option 'restrict' deprecated\n"
 * "Please use restrict=on instead").
 */
typedef void QemuOptsWarnFunc(void *opaque, const char *message);

/*
 * Creates an empty list.  @name is used in "Duplicate ID 'a' for <name>";
 * @implied_key ("type", "driver", "qom-type" or NULL) names the value of a
 * first element written without "key=".  Free with qemu_opts_list_free().
 */
QemuOptsList *qemu_opts_list_new(const char *name, const char *implied_key);

/* Frees @list and every QemuOpts still in it (NULL is ignored). */
void qemu_opts_list_free(QemuOptsList *list);

/* The list's name, as given to qemu_opts_list_new(). */
const char *qemu_opts_list_name(const QemuOptsList *list);

/* The list's implied key, or NULL. */
const char *qemu_opts_list_implied_key(const QemuOptsList *list);

/* The first QemuOpts of @list in creation order, or NULL. */
QemuOpts *qemu_opts_first(QemuOptsList *list);

/* The QemuOpts created after @opts in its list, or NULL. */
QemuOpts *qemu_opts_next(QemuOpts *opts);

/* The QemuOpts of @list whose id is @id, or NULL. */
QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id);

/*
 * Parses @text as QEMU does for -netdev and friends and appends the result
 * to @list:
 *   - a first element without '=' is the value of the implied key;
 *   - ",," inside a value is a literal comma; keys end at ',' or '=';
 *   - a bare "key" means key=on and "nokey" key=off, each reported through
 *     @warn as deprecated (except a bare "help" or "?");
 *   - "id=" is validated and registered in @list (the first "id" counts).
 * Errors: "Parameter 'id' expects an identifier" (with a hint line) and
 * "Duplicate ID '%s' for %s".  @warn may be NULL.  The result belongs to
 * @list; delete it with qemu_opts_del().
 */
QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *text,
                          QemuOptsWarnFunc *warn, void *opaque,
                          Error **errp);

/* One element of an option text: "key=value", "value" (implied key) or "flag". */
typedef struct QemuOptsElement {
    char *key;
    char *value;               /* "on"/"off" for the flag forms */
    bool flag;                 /* written as a bare "key" or "nokey" */
    bool negated;              /* the "nokey" form */
} QemuOptsElement;

/*
 * Checks one element (never "id") before it is added, as QEMU does for
 * the lists that declare their keys (-chardev).  Returning false stops the
 * parse there, so warnings come only for the elements before it; @errp may
 * stay unset (a request for help).
 */
typedef bool QemuOptsCheckFunc(void *opaque, const QemuOptsElement *el,
                               Error **errp);

/* What a parse does with each element besides adding it.  All optional. */
typedef struct QemuOptsParser {
    QemuOptsWarnFunc *warn;    /* short-form booleans, as qemu_opts_parse() */
    void *warn_opaque;
    QemuOptsCheckFunc *check;
    void *check_opaque;
} QemuOptsParser;

/*
 * Appends the elements of @text to @opts in order: @implied_key (may be
 * NULL) names a first element without '=', "id" elements are skipped, and
 * each element goes through @parser's warn and then check.  Returns false
 * when the check refused an element (the ones before it stay added).
 */
bool qemu_opts_absorb(QemuOpts *opts, const char *text,
                      const char *implied_key, const QemuOptsParser *parser,
                      Error **errp);

/*
 * qemu_opts_parse() with @parser's hooks: the id is checked and registered
 * first, then the elements are absorbed with the list's implied key.  When
 * the check refuses an element, the new QemuOpts is deleted and the result
 * is NULL.
 */
QemuOpts *qemu_opts_parse_with(QemuOptsList *list, const char *text,
                               const QemuOptsParser *parser, Error **errp);

/*
 * Appends an empty QemuOpts to @list.  A non-NULL @id is validated and
 * must be unused in @list (same errors as qemu_opts_parse()).
 */
QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id, Error **errp);

/* Removes @opts from its list and frees it; its id can be used again. */
void qemu_opts_del(QemuOpts *opts);

/* The id, or NULL when none was given. */
const char *qemu_opts_id(const QemuOpts *opts);

/*
 * Sets the id without validating it, as QEMU does for the ids it
 * generates ("#net123").  Replaces any previous id.
 */
void qemu_opts_set_id(QemuOpts *opts, const char *id);

/* The list @opts belongs to. */
QemuOptsList *qemu_opts_get_list(const QemuOpts *opts);

/* Number of key=value entries (the id is not an entry). */
size_t qemu_opts_count(const QemuOpts *opts);

/* Key of entry @index (0-based, in the order given). */
const char *qemu_opts_key(const QemuOpts *opts, size_t index);

/* Value of entry @index ("on"/"off" for the flag forms). */
const char *qemu_opts_value(const QemuOpts *opts, size_t index);

/* Value of the last entry with @key, or NULL. */
const char *qemu_opts_get(const QemuOpts *opts, const char *key);

/*
 * Returns a copy of the value of the last entry with @key (NULL if none)
 * and removes every entry with @key.  Free the result with g_free().
 */
char *qemu_opts_get_del(QemuOpts *opts, const char *key);

/* Appends the entry @key=@value. */
void qemu_opts_append(QemuOpts *opts, const char *key, const char *value);

/* Removes the last entry with @key; returns whether there was one. */
bool qemu_opts_unset(QemuOpts *opts, const char *key);

/*
 * Keeps one entry per key, with its last value, in the order QEMU's QDict
 * lists keys.  HMP's netdev_add passes its options through a QDict, so
 * "netdev_add user,id=u,hostfwd=a,hostfwd=b" forwards only port b.
 */
void qemu_opts_collapse(QemuOpts *opts);

/* True for the values that ask for help: "help" and "?". */
bool qemu_opt_is_help(const char *text);

/*
 * True when the implied key's value (its last occurrence) asks for help,
 * as in "-netdev help" or "-netdev type=?".
 */
bool qemu_opts_wants_help(const QemuOpts *opts);

/* True when some key is "help" or "?" (as in "-object filter-dump,help"). */
bool qemu_opts_has_help_opt(const QemuOpts *opts);

/*
 * True when @id is a valid user id: a letter, then letters, digits, '-',
 * '.' or '_'.
 */
bool qemu_id_wellformed(const char *id);

/*
 * Parses @text as qemu_opts_parse() would, without a list, id checks or
 * warnings, and returns a copy of the last value of @key (NULL if none).
 * QEMU uses this to look at "type" before choosing a parser.
 */
char *qemu_opts_peek(const char *text, const char *implied_key,
                     const char *key);

/*
 * Renders @opts as "id=ID,key=value,..." with commas in values doubled, so
 * that parsing the text again gives the same entries.
 */
char *qemu_opts_to_string(const QemuOpts *opts);

#endif
