/* hmp-cmd-object.h: HMP commands on user-creatable objects (filters): object_add/del, qom-get/set/list. */
#ifndef QNET_MONITOR_HMP_CMD_OBJECT_H
#define QNET_MONITOR_HMP_CMD_OBJECT_H

#include "monitor/hmp-commands.h"

HmpHandler hmp_object_add;
HmpHandler hmp_object_del;
HmpHandler hmp_qom_get;
HmpHandler hmp_qom_set;
HmpHandler hmp_qom_list;

#endif
