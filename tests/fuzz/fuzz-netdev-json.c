/* fuzz-netdev-json.c: the modern -netdev parser (JSON and dotted keyval). */
#include <stddef.h>
#include <stdint.h>

#include "qapi/netdev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_strndup((const char *)data, size);
    Error *err = NULL;
    JsonObject *obj = qapi_netdev_from_keyval(text, &err);
    if (obj) {
        json_object_unref(obj);
    }
    error_free(err);
    g_free(text);
    return 0;
}
