/* qmp-version.c: qnet's version in QEMU's VersionInfo structure, for the QMP greeting and query-version. */
#include "monitor/qmp-version.h"

#include <stdlib.h>

#include "qnet-config.h"

JsonObject *qmp_version_info(void)
{
    g_auto(GStrv) parts = g_strsplit(QNET_VERSION, ".", 3);
    int64_t num[3] = { 0, 0, 0 };
    for (int i = 0; i < 3 && parts[i]; i++) {
        num[i] = g_ascii_strtoll(parts[i], NULL, 10);
    }
    JsonObject *triple = json_object_new();
    json_object_set_int_member(triple, "micro", num[2]);
    json_object_set_int_member(triple, "minor", num[1]);
    json_object_set_int_member(triple, "major", num[0]);
    JsonObject *info = json_object_new();
    json_object_set_object_member(info, "qemu", triple);
    json_object_set_string_member(info, "package", "qnet " QNET_VERSION);
    return info;
}

JsonObject *qmp_greeting(void)
{
    JsonObject *qmp = json_object_new();
    json_object_set_object_member(qmp, "version", qmp_version_info());
    /* Advertised as QEMU does; no qnet command is allowed out of band. */
    JsonArray *caps = json_array_new();
    json_array_add_string_element(caps, "oob");
    json_object_set_array_member(qmp, "capabilities", caps);
    JsonObject *greeting = json_object_new();
    json_object_set_object_member(greeting, "QMP", qmp);
    return greeting;
}
