#!/usr/bin/env python3
"""qnet-only monitor tests: the behaviour where qnet deliberately differs
from QEMU 7.2 (docs/differences.md) and runtime changes of the graph."""

import sys

from qnet_monitor import qnet_binary, run_session
from testlib import check, summary


def netdev_del_in_use(qnet):
    outs, err, rc = run_session(qnet,
        ["-netdev", "user,id=u0", "-device", "e1000,netdev=u0"],
        ["netdev_del u0", "info network", "netdev_add user,id=u0",
         "info network", "set_link u0 off", "netdev_del u0",
         "netdev_del u0"])
    nic = "e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56\n"
    user = "u0: index=0,type=user,net=10.0.2.0,restrict=off\n"
    check("netdev_del_in_use: silent", outs[0] == "", repr(outs[0]))
    check("netdev_del_in_use: no zombie", outs[1] == nic, repr(outs[1]))
    check("netdev_del_in_use: id reusable, listed once",
          outs[3] == nic + user, repr(outs[3]))
    check("netdev_del_in_use: set_link on the new netdev", outs[4] == "",
          repr(outs[4]))
    check("netdev_del_in_use: second delete not found",
          outs[6] == "Error: Device 'u0' not found\n", repr(outs[6]))
    check("netdev_del_in_use: exit 0", rc == 0, err)


def hubport_netdev_in_use(qnet):
    outs, err, rc = run_session(qnet,
        ["-netdev", "user,id=u", "-netdev", "hubport,id=h1,hubid=0,netdev=u",
         "-netdev", "hubport,id=h2,hubid=1,netdev=u"], [])
    check("hubport_netdev_in_use: error, no abort", rc == 1, f"rc={rc}")
    check("hubport_netdev_in_use: message",
          "-netdev hubport,id=h2,hubid=1,netdev=u: netdev 'u' is already "
          "in use" in err, err)


def hmp_netdev_add_del(qnet):
    outs, err, rc = run_session(qnet, [],
        ["netdev_add hubport,id=h1,hubid=7", "netdev_add user,id=u1",
         "netdev_add user,id=u1", "info network", "netdev_del h1",
         "netdev_del u1", "info network", "netdev_add user,id=u1",
         "info network"])
    check("hmp: hubport added", outs[0] == "", repr(outs[0]))
    check("hmp: duplicate id", "Duplicate ID 'u1' for netdev" in err and
          outs[2] == 'Try "help netdev_add" for more information\n',
          repr(outs[2]) + err)
    check("hmp: listing", outs[3] ==
          "hub 7\n \\ h1\nu1: index=0,type=user,net=10.0.2.0,restrict=off\n",
          repr(outs[3]))
    # As in QEMU, a hub stays listed once its last port is gone.
    check("hmp: both deleted", outs[6] == "hub 7\n", repr(outs[6]))
    check("hmp: id reusable after delete", outs[7] == "" and
          outs[8] == "hub 7\nu1: index=0,type=user,net=10.0.2.0,"
          "restrict=off\n", repr(outs[7:9]))


def main():
    qnet = qnet_binary(sys.argv)
    netdev_del_in_use(qnet)
    hubport_netdev_in_use(qnet)
    hmp_netdev_add_del(qnet)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
