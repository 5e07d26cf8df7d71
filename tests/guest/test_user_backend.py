#!/usr/bin/env python3
"""A real Linux guest reaches qnet's user backend (suite 'guest').

The guest's QEMU joins a qnet over one socket netdev; in qnet that netdev
and `-netdev user` sit on hub 0.  Cases (--case):

  stream   QEMU `stream` (unix socket) to qnet `stream,server=on`: DHCP
           gives 10.0.2.15, wget of a 3 MB file from a host http.server on
           127.0.0.1 through 10.0.2.2, md5 compared; then the guest sends
           1048573 random bytes to a host TCP sink via 10.0.2.2, md5
           compared; a second VM (e1000) then connects to the same qnet
           and does DHCP + wget again
  dgram    the same over `dgram` (inet, 127.0.0.1, ports both ways),
           one VM
  socket   the same over QEMU `socket,connect=` to qnet `socket,listen=`
           (also with a second VM after the first)
  hostfwd  qnet `user,hostfwd=tcp:127.0.0.1:P-:80`, the guest serves a
           random blob over HTTP, the host fetches it with urllib, md5
           compared with the guest's, then /index.html on a second
           connection

Exit 77 (skip) without ../shared/guest, QEMU, or when the guest cannot be
built (no network).
"""

import hashlib
import os
import socket
import time
import urllib.request

import guestlib
from guestlib import Guest, HttpServer, Qnet, TcpSink, free_port

USER_HUB = ["-netdev", "user,id=u0",
            "-netdev", "hubport,id=p0,hubid=0,netdev=u0",
            "-netdev", "hubport,id=p1,hubid=0,netdev=n0"]


def link(h, case):
    """(qnet args for netdev n0, the guest's QEMU netdev) for a case."""
    if case in ("stream", "hostfwd"):
        path = os.path.join(h.tmp, "n0.sock")
        return (["-netdev", "stream,id=n0,server=on,addr.type=unix,"
                 f"addr.path={path}"],
                f"stream,id=n0,server=off,addr.type=unix,addr.path={path}")
    if case == "dgram":
        qp, gp = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
        fmt = ("dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
               "local.port={},remote.type=inet,remote.host=127.0.0.1,"
               "remote.port={}")
        return ["-netdev", fmt.format(qp, gp)], fmt.format(gp, qp)
    if case == "socket":
        port = free_port()
        return (["-netdev", f"socket,id=n0,listen=127.0.0.1:{port}"],
                f"socket,id=n0,connect=127.0.0.1:{port}")
    raise ValueError(case)


def dhcp_wget(h, case):
    """Cases stream, dgram, socket: DHCP, wget, guest->host TCP."""
    web = HttpServer(h)
    sink = TcpSink(h)
    qargs, gnet = link(h, case)
    q = Qnet(h, "qnet", qargs + USER_HUB)
    g = Guest(h, f"guest-{case}",
              f"-netdev {gnet} -device virtio-net-pci,netdev=n0",
              "dhcp,wget,tcp-send", url=web.url(), md5=web.md5,
              expect_ip="10.0.2.15", peer="10.0.2.2", port=sink.port,
              size=1048573).wait()
    sink.wait()
    print(g.summary(), flush=True)
    diag = g.diagnostics()
    h.check(f"{case}: guest passed", g.ok(), diag)
    h.check(f"{case}: DHCP lease 10.0.2.15 from 10.0.2.2",
            g.res.get("ip") == "10.0.2.15" and
            g.res.get("server") == "10.0.2.2" and
            g.res.get("router") == "10.0.2.2" and
            g.res.get("dns") == "10.0.2.3", diag)
    h.check(f"{case}: wget md5 matches ({g.res.get('wget_bytes')} bytes,"
            f" {g.res.get('wget_mbit')} Mbit/s)",
            g.res.get("wget_md5") == web.md5 and
            g.res.get("wget_bytes") == "3000000", diag)
    h.check(f"{case}: guest->host TCP through NAT byte-exact "
            f"({sink.bytes} bytes)",
            sink.bytes == 1048573 and
            sink.md5 == g.res.get("tcp_send_md5"), diag)
    if case in ("stream", "socket"):
        # the listening netdev takes the next VM once the first has gone
        g2 = Guest(h, f"guest-{case}-again",
                   f"-netdev {gnet} -device e1000,netdev=n0", "dhcp-wget",
                   url=web.url(), md5=web.md5, expect_ip="10.0.2.15").wait()
        print(g2.summary(), flush=True)
        h.check(f"{case}: a second VM connects after the first left, "
                "DHCP and wget pass", g2.ok() and
                g2.res.get("wget_md5") == web.md5, g2.diagnostics())
    h.check_qnet(q, case)


def fetch(url, g, deadline):
    """GET url until a complete body arrives, the guest ends or deadline.
    hostfwd accepts before the guest listens (the guest then resets the
    forwarded connection), so early attempts see resets or empty replies.
    Returns the body or None."""
    while time.monotonic() < deadline and g.running():
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                body = r.read()
                if r.status == 200 and body and len(body) == int(
                        r.headers.get("Content-Length", len(body))):
                    return body
        except (OSError, ValueError):
            pass
        time.sleep(0.3)
    return None


def hostfwd(h):
    """Case hostfwd: the host fetches from the guest's HTTP server."""
    qargs, gnet = link(h, "hostfwd")
    port = free_port()
    user = ["-netdev", f"user,id=u0,hostfwd=tcp:127.0.0.1:{port}-:80"]
    q = Qnet(h, "qnet", qargs + user + USER_HUB[2:])
    h.check("hostfwd: qnet listens on the forwarded port",
            guestlib.wait_until(lambda: guestlib.tcp_listening(port), 5))
    g = Guest(h, "guest-hostfwd",
              f"-netdev {gnet} -device virtio-net-pci,netdev=n0",
              "dhcp,serve", live=True, size=500000, conns=2, wait=100)
    # Connect only once the guest is about to listen: a connection made
    # earlier waits in slirp for the guest's port (SYN retransmissions
    # with back-off) and may outlive any client timeout.
    deadline = time.monotonic() + guestlib.GUEST_TIMEOUT_S
    guestlib.wait_until(lambda: g.seen("serve_ready=1") or not g.running(),
                        guestlib.GUEST_TIMEOUT_S, step=0.2)
    blob = fetch(f"http://127.0.0.1:{port}/blob", g, deadline)
    index = fetch(f"http://127.0.0.1:{port}/index.html", g, deadline)
    g.wait()
    print(g.summary(), flush=True)
    got = hashlib.md5(blob).hexdigest() if blob else None
    h.check("hostfwd: guest passed", g.ok(), g.diagnostics())
    h.check(f"hostfwd: host fetched the guest's blob, md5 matches "
            f"({len(blob) if blob else 0} bytes)",
            got is not None and got == g.res.get("serve_md5") and
            len(blob) == 500000,
            f"host md5={got} guest md5={g.res.get('serve_md5')}")
    h.check("hostfwd: a second connection gets /index.html",
            index == b"hello from qnet-guest\n", repr(index))
    h.check_qnet(q, "hostfwd")


def body(h):
    case = h.args.case
    if case == "hostfwd":
        hostfwd(h)
    else:
        dhcp_wget(h, case)


if __name__ == "__main__":
    guestlib.main(body, lambda ap: ap.add_argument(
        "--case", required=True,
        choices=["stream", "dgram", "socket", "hostfwd"]))
