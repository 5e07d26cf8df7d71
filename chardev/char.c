/* char.c: the chardev registry: creating, finding, listing and removing chardevs. */
#include "chardev/char.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "chardev/char-backend.h"
#include "chardev/char-io.h"
#include "chardev/char-opts.h"

struct ChardevRegistry {
    GMainContext *main_context;
    QnetLogFunc *log;
    void *log_opaque;
    /*
     * id -> Chardev.  A GHashTable with g_str_hash, filled and emptied in
     * the same order as QEMU's "/chardevs" QOM container, iterates in the
     * same order, which `info chardev` shows reversed.
     */
    GHashTable *chardevs;
    bool stdio_in_use;
};

ChardevRegistry *chardev_registry_new(GMainContext *main_context)
{
    ChardevRegistry *reg = g_new0(ChardevRegistry, 1);
    reg->main_context = main_context ? g_main_context_ref(main_context)
                                     : g_main_context_ref_thread_default();
    reg->chardevs = g_hash_table_new(g_str_hash, g_str_equal);
    return reg;
}

void chardev_registry_set_log(ChardevRegistry *reg, QnetLogFunc *log,
                              void *opaque)
{
    reg->log = log;
    reg->log_opaque = opaque;
}

static void chardev_free(Chardev *chr)
{
    chardev_fe_release(chr);
    chr->backend->close(chr);
    if (chr->log_fd >= 0) {
        close(chr->log_fd);
    }
    g_free(chr->id);
    g_free(chr);
}

void chardev_registry_free(ChardevRegistry *reg)
{
    if (!reg) {
        return;
    }
    GPtrArray *all = chardev_list(reg);
    g_hash_table_remove_all(reg->chardevs);
    for (guint i = 0; i < all->len; i++) {
        chardev_free(all->pdata[i]);
    }
    g_ptr_array_free(all, TRUE);
    g_hash_table_unref(reg->chardevs);
    g_main_context_unref(reg->main_context);
    g_free(reg);
}

void chardev_log(Chardev *chr, QnetLogLevel level, const char *location,
                 const char *fmt, ...)
{
    ChardevRegistry *reg = chr->reg;
    if (!reg->log) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    reg->log(reg->log_opaque, level, location, msg);
}

guint chardev_attach_source(Chardev *chr, GSource *source)
{
    return g_source_attach(source, chr->reg->main_context);
}

GMainContext *chardev_main_context(Chardev *chr)
{
    return chr->reg->main_context;
}

bool chardev_stdio_claim(Chardev *chr, bool claim)
{
    if (claim && chr->reg->stdio_in_use) {
        return false;
    }
    chr->reg->stdio_in_use = claim;
    return true;
}

/* QEMU's checks before a backend sees the options, in QEMU's order. */
static const ChardevBackend *backend_choose(const QemuOpts *opts,
                                            Error **errp)
{
    const char *id = qemu_opts_id(opts);
    const char *name = qemu_opts_get(opts, "backend");

    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!name) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    const ChardevBackendEntry *entry = chardev_backend_lookup(name);
    if (!entry) {
        error_setg(errp, "'%s' is not a valid char driver name", name);
        return NULL;
    }
    if (!entry->backend) {
        error_setg(errp, "chardev: backend '%s' is not supported by qnet",
                   name);
        return NULL;
    }
    return entry->backend;
}

static int logfile_open(const QemuOpts *opts, Error **errp)
{
    const char *path = qemu_opts_get(opts, "logfile");
    if (!path) {
        return -1;
    }
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC |
                (chardev_opt_bool(opts, "logappend", false) ? O_APPEND
                                                              : O_TRUNC);
    int fd = open(path, flags, 0666);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not create '%s'", path);
        return -2;
    }
    return fd;
}

Chardev *chardev_new_from_opts(ChardevRegistry *reg, QemuOpts *opts,
                               const char *location, Error **errp)
{
    if (!chardev_opts_validate(opts, errp)) {
        return NULL;
    }
    const ChardevBackend *backend = backend_choose(opts, errp);
    if (!backend || !backend->check(opts, errp)) {
        return NULL;
    }
    const char *id = qemu_opts_id(opts);
    if (g_hash_table_contains(reg->chardevs, id)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type 'container')", id);
        return NULL;
    }
    if (chardev_opt_bool(opts, "mux", false)) {
        error_setg(errp, "chardev: mux=on is not supported by qnet");
        return NULL;
    }
    int log_fd = logfile_open(opts, errp);
    if (log_fd == -2) {
        return NULL;
    }
    Chardev *chr = g_new0(Chardev, 1);
    chr->reg = reg;
    chr->id = g_strdup(id);
    chr->backend = backend;
    chr->write_limit = CHARDEV_DEFAULT_WRITE_LIMIT;
    chr->log_fd = log_fd;
    if (!backend->open(chr, opts, location, errp)) {
        if (log_fd >= 0) {
            close(log_fd);
        }
        g_free(chr->id);
        g_free(chr);
        return NULL;
    }
    g_hash_table_insert(reg->chardevs, chr->id, chr);
    return chr;
}

Chardev *chardev_new_legacy(ChardevRegistry *reg, const char *label,
                            const char *spec, const char *location,
                            Error **errp)
{
    if (g_str_has_prefix(spec, "chardev:")) {
        return chardev_find(reg, spec + strlen("chardev:"));
    }
    QemuOptsList *list = chardev_opts_list_new();
    QemuOpts *opts = chardev_legacy_parse(list, label, spec, errp);
    Chardev *chr = opts ? chardev_new_from_opts(reg, opts, location, errp)
                        : NULL;
    qemu_opts_list_free(list);
    return chr;
}

Chardev *chardev_find(ChardevRegistry *reg, const char *id)
{
    return g_hash_table_lookup(reg->chardevs, id);
}

bool chardev_remove(ChardevRegistry *reg, const char *id, Error **errp)
{
    Chardev *chr = chardev_find(reg, id);
    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return false;
    }
    if (chr->fe) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return false;
    }
    g_hash_table_remove(reg->chardevs, id);
    chardev_free(chr);
    return true;
}

GPtrArray *chardev_list(ChardevRegistry *reg)
{
    GPtrArray *all = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;

    /* QEMU builds its list by prepending while walking the container. */
    g_hash_table_iter_init(&it, reg->chardevs);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_insert(all, 0, value);
    }
    return all;
}

void chardev_info(ChardevRegistry *reg, GString *out)
{
    GPtrArray *all = chardev_list(reg);
    for (guint i = 0; i < all->len; i++) {
        Chardev *chr = all->pdata[i];
        g_autofree char *filename = chardev_filename(chr);
        g_string_append_printf(out, "%s: filename=%s\n", chr->id, filename);
    }
    g_ptr_array_free(all, TRUE);
}

const char *chardev_id(const Chardev *chr)
{
    return chr->id;
}

const char *chardev_backend_name(const Chardev *chr)
{
    return chr->backend->name;
}

char *chardev_filename(Chardev *chr)
{
    return chr->backend->filename ? chr->backend->filename(chr)
                                  : g_strdup(chr->backend->name);
}
