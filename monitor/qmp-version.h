/* qmp-version.h: qnet's version in QEMU's VersionInfo structure, for the QMP greeting and query-version. */
#ifndef QNET_MONITOR_QMP_VERSION_H
#define QNET_MONITOR_QMP_VERSION_H

#include <json-glib/json-glib.h>

/*
 * {"qemu": {"micro": m, "minor": n, "major": M}, "package": "qnet X.Y.Z"}:
 * QEMU's VersionInfo (members in QEMU's output order) carrying qnet's own
 * version numbers, so a client never mistakes qnet for a QEMU release.
 */
JsonObject *qmp_version_info(void);

/* {"QMP": {"version": <qmp_version_info()>, "capabilities": ["oob"]}}. */
JsonObject *qmp_greeting(void);

#endif
