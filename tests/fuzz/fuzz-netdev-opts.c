/* fuzz-netdev-opts.c: -netdev / -net / -nic text through the lexer and the schema. */
#include <stddef.h>
#include <stdint.h>

#include "qapi/netdev.h"
#include "util/qemu-opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void convert(const char *kind, const char *text)
{
    QemuOptsList *list = qemu_opts_list_new(kind, "type");
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(list, text, NULL, NULL, &err);
    if (opts) {
        JsonObject *obj = kind[1] == 'e' && kind[3] == 'd'
                              ? qapi_netdev_from_opts(opts, &err)
                          : kind[1] == 'e' ? qapi_netlegacy_from_opts(opts, &err)
                                           : qapi_nic_from_opts(opts, &err);
        if (obj) {
            json_object_unref(obj);
        }
    }
    error_free(err);
    qemu_opts_list_free(list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_strndup((const char *)data, size);
    convert("netdev", text);
    convert("net", text);
    convert("nic", text);
    g_free(text);
    return 0;
}
