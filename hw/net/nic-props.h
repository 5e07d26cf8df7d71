/* nic-props.h: the property arrays of NIC device models, as QEMU 7.2 declares them. */
#ifndef QNET_HW_NET_NIC_PROPS_H
#define QNET_HW_NET_NIC_PROPS_H

#include "hw/core/qdev-prop.h"

extern const QdevProp nic_conf_props[];     /* bootindex, mac, netdev */
extern const QdevProp e1000_props[];
extern const QdevProp e1000e_props[];
extern const QdevProp vmxnet3_props[];
extern const QdevProp pvrdma_props[];
extern const QdevProp rocker_props[];
extern const QdevProp ne2k_isa_props[];
extern const QdevProp usb_net_props[];

#endif
