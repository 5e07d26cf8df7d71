#!/usr/bin/env python3
"""Two real Linux guests on one qnet hub (suite 'guest').

qnet: `stream,server=on` (unix) and `socket,listen=` (TCP) on hub 0.
Guest A (virtio-net) comes over stream, guest B (e1000) over
socket,connect=, each with its own MAC.  Cases (--case):

  hub   static 192.168.76.1 (A) and .2 (B):
          ping   B pings A and A pings B, no loss
          TCP    B sends 2 MiB of random bytes to A and A sends 100003
                 to B; the md5 each receiver computed equals the sender's
          UDP    B sends 10 datagrams, A must receive at least 5 (the
                 first may go out before A's receiver is up, see the
                 guest README)
  nat   `-netdev user` on the same hub: both guests get their own DHCP
        lease (10.0.2.15 and .16, in either order) and download a 3 MB
        file from a host http.server through 10.0.2.2, md5 compared

Exit 77 (skip) without ../shared/guest, QEMU, or a buildable guest.
"""

import os

import guestlib
from guestlib import Guest, HttpServer, Qnet, free_port

MAC_A = "52:54:00:00:76:01"
MAC_B = "52:54:00:00:76:02"


def start_qnet(h, extra=()):
    """qnet with A's and B's netdevs on hub 0; returns (qnet, netA, netB):
    the guests' QEMU network arguments."""
    path = os.path.join(h.tmp, "a.sock")
    port = free_port()
    q = Qnet(h, "qnet", [
        "-netdev", f"stream,id=a,server=on,addr.type=unix,addr.path={path}",
        "-netdev", f"socket,id=b,listen=127.0.0.1:{port}",
        "-netdev", "hubport,id=pa,hubid=0,netdev=a",
        "-netdev", "hubport,id=pb,hubid=0,netdev=b"] + list(extra))
    net_a = (f"-netdev stream,id=n0,server=off,addr.type=unix,"
             f"addr.path={path} "
             f"-device virtio-net-pci,netdev=n0,mac={MAC_A}")
    net_b = (f"-netdev socket,id=n0,connect=127.0.0.1:{port} "
             f"-device e1000,netdev=n0,mac={MAC_B}")
    return q, net_a, net_b


def nat(h):
    """Both guests lease and download through qnet's user backend."""
    web = HttpServer(h)
    q, net_a, net_b = start_qnet(h, [
        "-netdev", "user,id=u0",
        "-netdev", "hubport,id=pu,hubid=0,netdev=u0"])
    a = Guest(h, "A", net_a, "dhcp-wget", url=web.url(), md5=web.md5)
    b = Guest(h, "B", net_b, "dhcp-wget", url=web.url(), md5=web.md5)
    a.wait()
    b.wait()
    for g in (a, b):
        print(g.summary(), flush=True)
    diag = a.diagnostics() + "\n" + b.diagnostics()
    h.check("nat: guest A passed", a.ok(), diag)
    h.check("nat: guest B passed", b.ok(), diag)
    h.check(f"nat: distinct leases ({a.res.get('ip')}, {b.res.get('ip')})",
            {a.res.get("ip"), b.res.get("ip")} == {"10.0.2.15",
                                                   "10.0.2.16"}, diag)
    h.check("nat: both downloads byte-exact",
            a.res.get("wget_md5") == web.md5 and
            b.res.get("wget_md5") == web.md5, diag)
    h.check_qnet(q, "nat")


def hub(h):
    """Static addresses: ping, TCP both ways, UDP between the guests."""
    q, net_a, net_b = start_qnet(h)
    a = Guest(h, "A", net_a,
              "static,ping,tcp-recv,udp-recv,tcp-send",
              ip="192.168.76.1/24", peer="192.168.76.2", count=5,
              size=100003, wait=90)
    b = Guest(h, "B", net_b,
              "static,ping,tcp-send,udp-send,tcp-recv",
              ip="192.168.76.2/24", peer="192.168.76.1", count=10,
              size=2097152, wait=90)
    a.wait()
    b.wait()
    for g in (a, b):
        print(g.summary(), flush=True)
    diag = a.diagnostics() + "\n" + b.diagnostics()
    h.check("hub: guest A passed", a.ok(), diag)
    h.check("hub: guest B passed", b.ok(), diag)
    h.check("hub: MACs as given", a.res.get("mac") == MAC_A and
            b.res.get("mac") == MAC_B, diag)
    h.check("hub: ping B->A and A->B without loss",
            a.res.get("step_ping") == "ok" and b.res.get("step_ping") == "ok"
            and a.res.get("ping_rx") == a.res.get("ping_tx") and
            b.res.get("ping_rx") == b.res.get("ping_tx"), diag)
    h.check("hub: TCP B->A 2 MiB byte-exact",
            b.res.get("tcp_send_bytes") == "2097152" and
            a.res.get("tcp_recv_bytes") == "2097152" and
            a.res.get("tcp_recv_md5") is not None and
            a.res.get("tcp_recv_md5") == b.res.get("tcp_send_md5"), diag)
    h.check("hub: TCP A->B 100003 bytes byte-exact",
            a.res.get("tcp_send_bytes") == "100003" and
            b.res.get("tcp_recv_bytes") == "100003" and
            b.res.get("tcp_recv_md5") is not None and
            b.res.get("tcp_recv_md5") == a.res.get("tcp_send_md5"), diag)
    h.check(f"hub: UDP B->A ({a.res.get('udp_recv')} of "
            f"{b.res.get('udp_sent')} datagrams)",
            int(a.res.get("udp_recv", 0)) >= 5 and
            b.res.get("udp_sent") == "10", diag)
    h.check_qnet(q, "hub")


def body(h):
    {"hub": hub, "nat": nat}[h.args.case](h)


if __name__ == "__main__":
    guestlib.main(body, lambda ap: ap.add_argument(
        "--case", required=True, choices=["hub", "nat"]))
